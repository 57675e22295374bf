/* SPDX-License-Identifier: MIT */
/* Unit tests for `dockharden doctor` over fake /proc and /sys trees: KVM
 * and other virtual machines, LXC, OpenVZ, WSL, bare metal, kernel
 * features and missing files. */
#include "dockharden/doctor.h"

#include <check.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dockharden/buf.h"

typedef struct tree {
	char root[64];
	char proc[96];
	char sys[96];
	dh_buf out;
} tree;

static const char *const no_env[] = {NULL};

static void make_parents(const char *path)
{
	char tmp[4096];
	snprintf(tmp, sizeof(tmp), "%s", path);
	for (char *p = tmp + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(tmp, 0755) != 0)
			ck_assert_int_eq(errno, EEXIST);
		*p = '/';
	}
}

/* Creates root/rel with text (len bytes; -1: strlen). */
static void put_n(tree *t, const char *rel, const char *text, long len)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", t->root, rel);
	make_parents(path);
	FILE *f = fopen(path, "w");
	ck_assert_msg(f != NULL, "fopen %s: %s", path, strerror(errno));
	size_t n = len < 0 ? strlen(text) : (size_t)len;
	ck_assert_uint_eq(fwrite(text, 1, n, f), n);
	ck_assert_int_eq(fclose(f), 0);
}

static void put(tree *t, const char *rel, const char *text)
{
	put_n(t, rel, text, -1);
}

static void dir(tree *t, const char *rel)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s/", t->root, rel);
	make_parents(path);
}

static void tree_init(tree *t)
{
	snprintf(t->root, sizeof(t->root), "/tmp/dh-doctor-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(t->root));
	snprintf(t->proc, sizeof(t->proc), "%s/proc", t->root);
	snprintf(t->sys, sizeof(t->sys), "%s/sys", t->root);
	dir(t, "proc");
	dir(t, "sys");
	dh_buf out = DH_BUF_INIT;
	t->out = out;
}

static void tree_done(tree *t)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->root);
	ck_assert_int_eq(system(cmd), 0);
	dh_buf_free(&t->out);
}

/* Every feature a good host has, on no particular hardware. */
static void healthy(tree *t)
{
	put(t, "proc/self/status",
	    "Name:\tdockharden\nSeccomp:\t0\n"
	    "Seccomp_filters:\t0\n");
	put(t, "proc/self/cgroup", "0::/user.slice/user-1000.slice\n");
	put(t, "proc/version", "Linux version 6.1.0-18-amd64 (debian)\n");
	put(t, "proc/sys/user/max_user_namespaces", "63455\n");
	put(t, "proc/sys/kernel/seccomp/actions_avail",
	    "kill_process kill_thread trap errno user_notif trace log allow\n");
	put(t, "proc/cpuinfo", "processor\t: 0\nflags\t\t: fpu vme sse2\n\n");
	put(t, "sys/fs/cgroup/cgroup.controllers",
	    "cpuset cpu io memory pids\n");
	put(t, "sys/module/apparmor/parameters/enabled", "Y\n");
}

static int run(tree *t, const char *const *envp)
{
	dh_doctor_env env = {.proc_root = t->proc,
			     .sys_root = t->sys,
			     .root = t->root,
			     .envp = envp};
	dh_buf_clear(&t->out);
	int rc = dh_doctor_run(&t->out, &env);
	ck_assert_ptr_nonnull(t->out.data);
	return rc;
}

static bool has(const tree *t, const char *text)
{
	return strstr(t->out.data, text) != NULL;
}

#define ck_has(t, text)                                                        \
	ck_assert_msg(has(t, text), "missing '%s' in:\n%s", text, (t)->out.data)
#define ck_lacks(t, text)                                                      \
	ck_assert_msg(!has(t, text), "unexpected '%s' in:\n%s", text,          \
		      (t)->out.data)

/* Every line is "ok|warn|info: check: finding"; the last is the summary. */
static void assert_format(const tree *t)
{
	const char *s = t->out.data;
	const char *last = NULL;
	while (*s) {
		const char *eol = strchr(s, '\n');
		ck_assert_ptr_nonnull(eol);
		bool lvl = !strncmp(s, "ok: ", 4) || !strncmp(s, "warn: ", 6) ||
			   !strncmp(s, "info: ", 6);
		ck_assert_msg(lvl || !strncmp(s, "summary: ", 9),
			      "bad line: %.*s", (int)(eol - s), s);
		const char *colon = strchr(s, ':');
		ck_assert(strchr(colon + 1, ':') < eol);
		last = s;
		s = eol + 1;
	}
	ck_assert_ptr_nonnull(last);
	ck_assert_int_eq(strncmp(last, "summary: ", 9), 0);
}

START_TEST(test_doctor_kvm_vm_is_clean)
{
	tree t;
	tree_init(&t);
	healthy(&t);
	put(&t, "sys/class/dmi/id/sys_vendor", "Red Hat\n");
	put(&t, "sys/class/dmi/id/product_name", "KVM\n");
	put(&t, "proc/cpuinfo",
	    "processor\t: 0\nflags\t\t: fpu sse2 hypervisor lahf_lm\n\n");
	ck_assert_int_eq(run(&t, no_env), 0);
	assert_format(&t);
	ck_has(&t, "ok: virtualization: virtual machine: KVM (from DMI)");
	ck_has(&t, "ok: container: none found");
	ck_has(&t, "ok: user-namespaces: supported (user.max_user_namespaces "
		   "is 63455)");
	ck_has(&t, "ok: seccomp: supported (actions: kill_process");
	ck_has(&t, "ok: cgroups: v2 (unified hierarchy), controllers: cpuset");
	ck_has(&t, "ok: lsm: AppArmor is enabled");
	ck_has(&t, "summary: 6 ok, 0 warn, 1 info");
	ck_lacks(&t, "warn:");
	tree_done(&t);
}
END_TEST

START_TEST(test_doctor_hypervisors_named)
{
	const struct {
		const char *file, *value, *product, *want;
	} cases[] = {
		{"sys/class/dmi/id/sys_vendor", "VMware, Inc.", "VMware7,1",
		 "virtual machine: VMware"},
		{"sys/class/dmi/id/sys_vendor", "innotek GmbH", "VirtualBox",
		 "virtual machine: VirtualBox"},
		{"sys/class/dmi/id/sys_vendor", "Microsoft Corporation",
		 "Virtual Machine", "virtual machine: Hyper-V"},
		{"sys/class/dmi/id/sys_vendor", "Microsoft Corporation",
		 "Surface Laptop 5", "none found: bare metal"},
		{"sys/class/dmi/id/board_vendor", "Amazon EC2", "m6i.large",
		 "virtual machine: AWS Nitro"},
		{"sys/class/dmi/id/board_vendor", "Amazon EC2", "m6i.metal",
		 "EC2 bare-metal instance"},
		{"sys/class/dmi/id/sys_vendor", "QEMU", "Standard PC (Q35)",
		 "virtual machine: QEMU"},
		{"sys/hypervisor/type", "xen", "HVM domU",
		 "virtual machine: Xen (from /sys/hypervisor/type)"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tree t;
		tree_init(&t);
		healthy(&t);
		put(&t, cases[i].file, cases[i].value);
		put(&t, "sys/class/dmi/id/product_name", cases[i].product);
		ck_assert_int_eq(run(&t, no_env), 0);
		ck_has(&t, cases[i].want);
		tree_done(&t);
	}
}
END_TEST

START_TEST(test_doctor_cpu_flag_only)
{
	tree t;
	tree_init(&t);
	healthy(&t);
	put(&t, "proc/cpuinfo", "processor\t: 0\nflags\t\t: fpu hypervisor\n");
	ck_assert_int_eq(run(&t, no_env), 0);
	ck_has(&t, "virtual machine: hypervisor not named (from the cpu "
		   "'hypervisor' flag)");
	/* A flag that only starts with "hypervisor" is not it. */
	put(&t, "proc/cpuinfo", "flags\t\t: fpu hypervisor_x\n");
	ck_assert_int_eq(run(&t, no_env), 0);
	ck_has(&t, "bare metal");
	tree_done(&t);
}
END_TEST

START_TEST(test_doctor_lxc_container_warns)
{
	tree t;
	tree_init(&t);
	healthy(&t);
	put(&t, "sys/class/dmi/id/sys_vendor", "QEMU\n");
	put_n(&t, "proc/1/environ", "HOME=/\0container=lxc\0TERM=linux\0", 32);
	ck_assert_int_eq(run(&t, no_env), 1);
	assert_format(&t);
	ck_has(&t, "warn: container: this host is itself a lxc container "
		   "(from the 'container' variable): shared-kernel");
	ck_has(&t, "share a kernel with other tenants");
	/* The machine under it is still reported. */
	ck_has(&t, "ok: virtualization: virtual machine: QEMU");
	ck_has(&t, "summary: 5 ok, 1 warn");
	tree_done(&t);
}
END_TEST

START_TEST(test_doctor_lxc_hints)
{
	tree t;
	tree_init(&t);
	healthy(&t);
	put(&t, "proc/self/cgroup", "0::/lxc.payload.web/init.scope\n");
	ck_assert_int_eq(run(&t, no_env), 1);
	ck_has(&t, "itself a LXC container (from /proc/self/cgroup)");
	tree_done(&t);

	tree_init(&t);
	healthy(&t);
	dir(&t, "dev/lxd");
	ck_assert_int_eq(run(&t, no_env), 1);
	ck_has(&t, "itself a LXD container (from /dev/lxd)");
	tree_done(&t);

	tree_init(&t);
	healthy(&t);
	const char *const env[] = {"PATH=/bin", "container=systemd-nspawn",
				   NULL};
	ck_assert_int_eq(run(&t, env), 1);
	ck_has(&t, "itself a systemd-nspawn container");
	tree_done(&t);
}
END_TEST

START_TEST(test_doctor_openvz_container_and_node)
{
	tree t;
	tree_init(&t);
	healthy(&t);
	dir(&t, "proc/vz");
	ck_assert_int_eq(run(&t, no_env), 1);
	ck_has(&t, "warn: container: this host is itself a OpenVZ/Virtuozzo "
		   "container (from /proc/vz without /proc/bc)");
	/* The hardware node has /proc/bc too: it is not a container. */
	dir(&t, "proc/bc");
	ck_assert_int_eq(run(&t, no_env), 0);
	ck_has(&t, "ok: container: none found");
	tree_done(&t);
}
END_TEST

START_TEST(test_doctor_docker_podman_wsl)
{
	const struct {
		const char *file, *text, *want;
	} cases[] = {
		{".dockerenv", "",
		 "itself a Docker container (from /.dockerenv)"},
		{"run/.containerenv", "engine=\"podman\"\n",
		 "itself a Podman container (from /run/.containerenv)"},
		{"proc/self/cgroup", "12:pids:/docker/0123abcd\n",
		 "itself a Docker container (from /proc/self/cgroup)"},
		{"proc/version",
		 "Linux version 5.15.90.1-microsoft-standard-WSL2\n",
		 "itself a WSL container (from /proc/version names Microsoft)"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tree t;
		tree_init(&t);
		healthy(&t);
		put(&t, cases[i].file, cases[i].text);
		ck_assert_int_eq(run(&t, no_env), 1);
		ck_has(&t, cases[i].want);
		tree_done(&t);
	}
}
END_TEST

START_TEST(test_doctor_bare_metal)
{
	tree t;
	tree_init(&t);
	healthy(&t);
	put(&t, "sys/class/dmi/id/sys_vendor", "Dell Inc.\n");
	put(&t, "sys/class/dmi/id/product_name", "PowerEdge R640\n");
	put(&t, "sys/class/dmi/id/board_vendor", "Dell Inc.\n");
	ck_assert_int_eq(run(&t, no_env), 0);
	assert_format(&t);
	ck_has(&t, "ok: virtualization: none found: bare metal, the kernel is "
		   "not shared");
	ck_has(&t, "ok: container: none found");
	tree_done(&t);
}
END_TEST

START_TEST(test_doctor_missing_files)
{
	tree t;
	tree_init(&t);
	ck_assert_int_eq(run(&t, no_env), 1);
	assert_format(&t);
	ck_has(&t, "warn: proc: ");
	ck_has(&t, "warn: user-namespaces: cannot tell: ");
	ck_has(&t, "/proc/sys/user/max_user_namespaces is missing");
	ck_has(&t, "warn: seccomp: cannot tell: cannot read ");
	ck_has(&t, "warn: cgroups: no cgroup filesystem at ");
	ck_has(&t, "warn: lsm: neither AppArmor nor SELinux");
	ck_has(&t, "info: runtime: no docker, containerd, podman or cri-o");
	ck_has(&t, "summary: 2 ok, 5 warn, 1 info");
	/* Roots that do not exist at all behave the same. */
	dh_doctor_env env = {.proc_root = "/nonexistent-dh/proc",
			     .sys_root = "/nonexistent-dh/sys",
			     .root = "/nonexistent-dh",
			     .envp = no_env};
	dh_buf_clear(&t.out);
	ck_assert_int_eq(dh_doctor_run(&t.out, &env), 1);
	ck_has(&t, "warn: proc: /nonexistent-dh/proc is not mounted");
	tree_done(&t);
}
END_TEST

START_TEST(test_doctor_kernel_features)
{
	tree t;
	tree_init(&t);
	healthy(&t);
	put(&t, "proc/sys/user/max_user_namespaces", "0\n");
	put(&t, "proc/self/status", "Name:\tx\nUid:\t0\n");
	put(&t, "sys/module/apparmor/parameters/enabled", "N\n");
	put(&t, "sys/fs/selinux/enforce", "0");
	ck_assert_int_eq(run(&t, no_env), 1);
	ck_has(&t, "warn: user-namespaces: disabled");
	ck_has(&t, "warn: seccomp: not supported by this kernel");
	ck_has(&t, "warn: lsm: SELinux is permissive");
	ck_has(&t, "summary: 3 ok, 3 warn");

	put(&t, "proc/sys/user/max_user_namespaces", "100\n");
	put(&t, "proc/sys/kernel/unprivileged_userns_clone", "0\n");
	put(&t, "proc/self/status", "Name:\tx\nSeccomp:\t2\n");
	put(&t, "sys/fs/selinux/enforce", "1\n");
	ck_assert_int_eq(run(&t, no_env), 0);
	ck_has(&t, "ok: user-namespaces: supported");
	ck_has(&t, "info: user-namespaces: unprivileged users cannot create");
	ck_has(&t, "ok: seccomp: supported");
	ck_has(&t, "ok: lsm: SELinux is enforcing");
	tree_done(&t);
}
END_TEST

START_TEST(test_doctor_cgroup_versions)
{
	tree t;
	tree_init(&t);
	healthy(&t);
	char path[256];
	snprintf(path, sizeof(path), "%s/sys/fs/cgroup/cgroup.controllers",
		 t.root);
	ck_assert_int_eq(unlink(path), 0);
	dir(&t, "sys/fs/cgroup/memory");
	ck_assert_int_eq(run(&t, no_env), 0);
	ck_has(&t, "info: cgroups: v1 (legacy hierarchy)");
	put(&t, "sys/fs/cgroup/unified/cgroup.controllers", "");
	ck_assert_int_eq(run(&t, no_env), 0);
	ck_has(&t, "info: cgroups: hybrid");
	tree_done(&t);
}
END_TEST

START_TEST(test_doctor_runtimes)
{
	tree t;
	tree_init(&t);
	healthy(&t);
	put(&t, "var/run/docker.sock", "");
	put(&t, "run/docker.sock", "");
	put(&t, "run/containerd/containerd.sock", "");
	put(&t, "etc/docker/daemon.json", "{\"userns-remap\": \"default\"}\n");
	put(&t, "run/user/1000/podman/podman.sock", "");
	const char *const env[] = {"XDG_RUNTIME_DIR=/run/user/1000", NULL};
	ck_assert_int_eq(run(&t, env), 0);
	ck_has(&t, "info: runtime: docker socket at /var/run/docker.sock; the "
		   "kernel gives it seccomp yes and user namespaces yes");
	ck_has(&t, "ok: runtime: docker: userns-remap is set");
	ck_has(&t, "info: runtime: containerd socket at "
		   "/run/containerd/containerd.sock");
	ck_has(&t, "info: runtime: rootless podman socket at "
		   "/run/user/1000/podman/podman.sock");
	/* /run/docker.sock is the same runtime: reported once. */
	ck_lacks(&t, "socket at /run/docker.sock");
	put(&t, "etc/docker/daemon.json", "{}\n");
	ck_assert_int_eq(run(&t, env), 0);
	ck_has(&t, "info: runtime: docker: no userns-remap");
	tree_done(&t);
}
END_TEST

START_TEST(test_doctor_roots_from_proc_path)
{
	tree t;
	tree_init(&t);
	healthy(&t);
	put(&t, ".dockerenv", "");
	unsetenv("container");
	unsetenv("KUBERNETES_SERVICE_HOST");
	ck_assert_int_eq(dh_doctor(&t.out, t.proc, t.sys), 1);
	ck_has(&t, "itself a Docker container (from /.dockerenv)");
	tree_done(&t);
}
END_TEST

static Suite *doctor_suite(void)
{
	Suite *s = suite_create("doctor");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_doctor_kvm_vm_is_clean);
	tcase_add_test(tc, test_doctor_hypervisors_named);
	tcase_add_test(tc, test_doctor_cpu_flag_only);
	tcase_add_test(tc, test_doctor_lxc_container_warns);
	tcase_add_test(tc, test_doctor_lxc_hints);
	tcase_add_test(tc, test_doctor_openvz_container_and_node);
	tcase_add_test(tc, test_doctor_docker_podman_wsl);
	tcase_add_test(tc, test_doctor_bare_metal);
	tcase_add_test(tc, test_doctor_missing_files);
	tcase_add_test(tc, test_doctor_kernel_features);
	tcase_add_test(tc, test_doctor_cgroup_versions);
	tcase_add_test(tc, test_doctor_runtimes);
	tcase_add_test(tc, test_doctor_roots_from_proc_path);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(doctor_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
