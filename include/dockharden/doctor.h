#ifndef DH_DOCTOR_H
#define DH_DOCTOR_H

#include "dockharden/buf.h"

/**
 * `dockharden doctor`: checks the machine containers will run on, as
 * hardening guides advise. It only reads files under /proc and /sys, a few
 * well-known files (/.dockerenv, /run/.containerenv, /dev/lxd, /run/systemd/
 * container, /etc/docker/daemon.json, runtime sockets: existence only) and
 * the environment; it runs no program and needs no root.
 */

/** Where dh_doctor_run() looks; every root may point at a fake tree. */
typedef struct dh_doctor_env {
	const char *proc_root; /* "/proc" */
	const char *sys_root;  /* "/sys" */
	/* prefix for the other well-known files: "" for the real ones,
	 * "/tmp/fake" to read /tmp/fake/.dockerenv and so on */
	const char *root;
	/* "NAME=value" strings ending with NULL, or NULL for the process
	 * environment (getenv) */
	const char *const *envp;
} dh_doctor_env;

/**
 * Appends one line per check to out, `ok|warn|info: <check>: <finding>`,
 * for the checks virtualization, container, user-namespaces, seccomp,
 * cgroups, lsm and runtime, then `summary: N ok, N warn, N info: ...`.
 * Warns when the host is itself a shared-kernel container (LXC, OpenVZ,
 * Docker, WSL...), when user namespaces, seccomp or a mandatory access
 * control (AppArmor, SELinux enforcing) are missing, and when a check
 * cannot tell because its file is missing. Returns 0 when nothing was
 * warned about, 1 otherwise; never fails (unreadable files are findings).
 */
int dh_doctor_run(dh_buf *out, const dh_doctor_env *env);

/**
 * dh_doctor_run() with the given /proc and /sys roots and the process
 * environment. The other well-known files are looked up under the folder
 * holding proc_root when it ends in "/proc" (so "/proc" reads the real
 * files and "/tmp/t/proc" reads /tmp/t/.dockerenv), else at "/".
 */
int dh_doctor(dh_buf *out, const char *proc_root, const char *sys_root);

#endif
