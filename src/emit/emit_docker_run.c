/* SPDX-License-Identifier: MIT */
/*
 * The docker run emitter, and the mount and sysctl values every runtime
 * emitter shares so they are spelled in one place.
 */
#include "dockharden/emit.h"

#include <stdbool.h>
#include <string.h>

const char *dh_tmpfs_options(void)
{
	return "rw,noexec,nosuid,size=64m";
}

const char *dh_low_port_sysctl(void)
{
	return "net.ipv4.ip_unprivileged_port_start";
}

/* Characters no POSIX shell treats specially anywhere inside a word. */
static bool shell_safe(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++) {
		char c = *s;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || strchr("_@%+=:,./-", c);
		if (!ok)
			return false;
	}
	return true;
}

static void put_word(dh_buf *out, const char *s)
{
	if (shell_safe(s)) {
		dh_buf_puts(out, s);
		return;
	}
	dh_buf_putc(out, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			dh_buf_puts(out, "'\\''");
		else
			dh_buf_putc(out, *s);
	}
	dh_buf_putc(out, '\'');
}

/* One "  --flag ARG \" line; arg NULL for a flag without a value. */
static void put_flag(dh_buf *out, const char *flag, const char *arg)
{
	dh_buf_puts(out, "  ");
	dh_buf_puts(out, flag);
	if (arg) {
		dh_buf_putc(out, ' ');
		put_word(out, arg);
	}
	dh_buf_puts(out, " \\\n");
}

/*
 * --mount splits its value as CSV, so a target holding ',' or '"' must be
 * a quoted CSV field; the shell quoting goes around the whole value.
 */
static void put_volume_mount(dh_buf *out, dh_buf *arg, const char *path)
{
	dh_buf_clear(arg);
	if (!strpbrk(path, ",\"")) {
		dh_buf_printf(arg, "type=volume,target=%s", path);
	} else {
		dh_buf_puts(arg, "type=volume,\"target=");
		for (const char *p = path; *p; p++) {
			if (*p == '"')
				dh_buf_putc(arg, '"');
			dh_buf_putc(arg, *p);
		}
		dh_buf_putc(arg, '"');
	}
	put_flag(out, "--mount", arg->data);
}

static void put_mounts(dh_buf *out, const dh_facts *facts, dh_buf *arg)
{
	for (size_t i = 0; i < facts->nwritable; i++) {
		const char *path = facts->writable[i];
		if (dh_facts_mounts_volume(facts, path) ||
		    !dh_facts_mounts(facts, path))
			continue;
		dh_buf_clear(arg);
		dh_buf_printf(arg, "%s:%s", path, dh_tmpfs_options());
		put_flag(out, "--tmpfs", arg->data);
	}
	/* the VOLUMEs in their order, then the paths the user owns */
	for (size_t i = 0; i < facts->nvolumes; i++)
		if (dh_facts_mounts(facts, facts->volumes[i]))
			put_volume_mount(out, arg, facts->volumes[i]);
	for (size_t i = 0; i < facts->nwritable; i++)
		if (!dh_facts_is_volume(facts, facts->writable[i]) &&
		    dh_facts_mounts_volume(facts, facts->writable[i]) &&
		    dh_facts_mounts(facts, facts->writable[i]))
			put_volume_mount(out, arg, facts->writable[i]);
}

void dh_emit_docker_run(dh_buf *out, const dh_facts *facts, const char *image)
{
	dh_buf arg = DH_BUF_INIT;

	dh_buf_puts(out, "docker run \\\n");
	if (facts->identity == DH_IDENTITY_NUMERIC) {
		dh_buf_printf(&arg, "%u:%u", (unsigned)facts->uid,
			      (unsigned)facts->gid);
		put_flag(out, "--user", arg.data);
	} else if (facts->identity == DH_IDENTITY_NAMED && facts->user_name) {
		put_flag(out, "--user", facts->user_name);
	}
	/* An image left root keeps Docker's default capabilities: what it
	 * does as root (switching users, binding ports) needs some. */
	if (facts->identity != DH_IDENTITY_ROOT) {
		put_flag(out, "--cap-drop", "ALL");
		for (size_t i = 0; i < facts->nadd_caps; i++)
			put_flag(out, "--cap-add", facts->add_caps[i]);
	}
	put_flag(out, "--security-opt", "no-new-privileges");
	if (facts->read_only_root)
		put_flag(out, "--read-only", NULL);
	put_mounts(out, facts, &arg);
	if (facts->needs_low_port) {
		dh_buf_clear(&arg);
		dh_buf_printf(&arg, "%s=0", dh_low_port_sysctl());
		put_flag(out, "--sysctl", arg.data);
	}
	for (size_t i = 0; i < facts->nports; i++) {
		const dh_port *port = &facts->ports[i];
		dh_buf_clear(&arg);
		dh_buf_printf(&arg, "%u:%u%s", (unsigned)port->number,
			      (unsigned)port->number,
			      dh_port_proto_suffix(port->proto));
		put_flag(out, "-p", arg.data);
	}
	dh_buf_puts(out, "  ");
	put_word(out, image ? image : "IMAGE");
	dh_buf_putc(out, '\n');
	dh_buf_free(&arg);
}
