/* SPDX-License-Identifier: MIT */
/*
 * The evidence a USER change needs: the entrypoint followed through its
 * wrappers to the program or script it runs, the script read from where
 * the Dockerfile copied it, and what that shows (root by design, a base
 * image, a privilege switch, a daemon, root-owned writable paths). A USER
 * forced without this evidence breaks images that need root, so the
 * passes only apply it on DH_RUNAS_PROVEN.
 */
#include "dockharden/runas.h"

#include <stdio.h>
#include <string.h>

#include "dockharden/accounts.h"
#include "dockharden/shellcmd.h"

#include "runas_internal.h"

/* The scripts read while following one entrypoint. */
#define MAX_SCRIPT 65536

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static bool is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

/* w occurs in text as a whole word (a path ending in it counts too:
 * "/usr/sbin/sshd" has "sshd"). */
bool dh__runas_has_word(const char *text, const char *w)
{
	size_t n = strlen(w);
	for (const char *p = strstr(text, w); p; p = strstr(p + 1, w)) {
		bool left = p == text || !is_word_char(p[-1]);
		if (left && !is_word_char(p[n]))
			return true;
	}
	return false;
}

static bool in_list(const char *word, const char *const *list, size_t n)
{
	return dh_sh_word_in(word, list, n);
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const wrappers[] = {"tini",	    "tini-static", "dumb-init",
				       "catatonit", "exec",	   "env",
				       "--",	    "nohup"};
static const char *const shells[] = {"sh", "bash", "ash", "dash", "zsh"};

size_t dh_runas_skip_wrappers(const char *const *argv, size_t n)
{
	size_t i = 0;
	bool after_wrapper = false;
	while (i < n) {
		const char *b = base_name(argv[i]);
		if (in_list(b, wrappers, COUNT(wrappers))) {
			after_wrapper = true;
			i++;
		} else if (after_wrapper &&
			   (argv[i][0] == '-' || strchr(argv[i], '='))) {
			/* tini -g --, dumb-init --single-child, env A=1 */
			i++;
		} else if (in_list(b, shells, COUNT(shells)) && i + 1 < n &&
			   argv[i + 1][0] != '-') {
			/* bash /run.sh: the script is what runs */
			return i + 1;
		} else {
			return i;
		}
	}
	return n;
}

/* ---- where a script in the image came from ---- */

/* The stage st builds on, or NULL; a FROM that names its own stage
 * ("FROM 0" in stage 0) is no parent. */
static const dh_stage *parent_of(const dh_stage *st)
{
	return st->parent && st->parent->index < st->index ? st->parent : NULL;
}

typedef struct finder {
	dh_pass_ctx *ctx;
	const char *path; /* as the entrypoint names it */
	const char *text; /* the script, once read */
	const char *src;  /* where it was copied from */
	bool unreadable;  /* a COPY names it, the file cannot be read */
} finder;

const char *dh__runas_read(dh_pass_ctx *ctx, const char *rel)
{
	if (!ctx->opts->base_dir || strstr(rel, "..") || rel[0] == '/')
		return NULL;
	char path[4096];
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", ctx->opts->base_dir,
			     rel) >= sizeof(path))
		return NULL;
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = dh_arena_alloc(ctx->doc->arena, MAX_SCRIPT + 1);
	size_t n = fread(buf, 1, MAX_SCRIPT, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

static void try_source(finder *fd, const char *src, const char *rel)
{
	if (fd->text)
		return;
	size_t n = strlen(src);
	while (n > 1 && src[n - 1] == '/')
		n--;
	const char *name = rel ? dh_arena_printf(fd->ctx->doc->arena, "%.*s/%s",
						 (int)n, src, rel)
			       : src;
	while (name[0] == '.' && name[1] == '/')
		name += 2;
	fd->text = dh__runas_read(fd->ctx, name);
	if (fd->text)
		fd->src = name;
}

/* The part of path below the folder dst, or NULL when it is not below. */
static const char *below(const char *path, const char *dst)
{
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	if (!strcmp(dst, ".") || !strcmp(dst, "./"))
		return path[0] == '/' ? base_name(path) : path;
	size_t n = strlen(dst);
	while (n && dst[n - 1] == '/')
		n--;
	if (strncmp(path, dst, n) == 0 && path[n] == '/')
		return path + n + 1;
	if (!strchr(path, '/'))
		return path; /* found through PATH */
	return NULL;
}

/* A name that says "shell script": an unread one is missing evidence,
 * while an unread binary (a program built elsewhere) is just run. */
static bool script_name(const char *path)
{
	const char *b = base_name(path);
	size_t n = strlen(b);
	return (n > 3 && !strcmp(b + n - 3, ".sh")) ||
	       (n > 5 && !strcmp(b + n - 5, ".bash")) ||
	       strstr(b, "entrypoint");
}

static void try_copy(finder *fd, const dh_instr *in)
{
	const char *dst = in->args[in->nargs - 1].text;
	const char *rel = below(fd->path, dst);
	for (size_t k = 0; k + 1 < in->nargs && !fd->text; k++) {
		const char *src = in->args[k].text;
		bool same = strcmp(base_name(src), base_name(fd->path)) == 0;
		if (same && (rel || !strcmp(dst, fd->path))) {
			try_source(fd, src, NULL);
			fd->unreadable |= !fd->text && script_name(src);
		}
		if (rel && !fd->text)
			try_source(fd, src, rel);
	}
}

/* Finds and reads the file the stage copies to path (never runs it). */
static void find_script(finder *fd, const dh_stage *st)
{
	for (; st && !fd->text; st = parent_of(st))
		for (dh_node *n = dh_stage_step(fd->ctx, st, NULL);
		     n && !fd->text; n = dh_stage_step(fd->ctx, st, n)) {
			const dh_instr *in = dh_node_instr(fd->ctx->doc, n);
			if ((in->kind == DH_INSTR_COPY ||
			     in->kind == DH_INSTR_ADD) &&
			    !dh_instr_flag(in, "from") && in->nargs >= 2)
				try_copy(fd, in);
		}
	if (fd->text)
		fd->unreadable = false;
}

/* ---- the command the image runs ---- */

typedef struct entry {
	const char **argv; /* ENTRYPOINT then CMD, wrappers not skipped */
	size_t n;
	const char *text; /* both as written, for word searches */
	bool found;	  /* the stage or a parent sets one */
} entry;

static dh_node *stage_last(dh_pass_ctx *ctx, const dh_stage *st,
			   dh_instr_kind kind)
{
	for (; st; st = parent_of(st)) {
		dh_node *n = dh_stage_last(ctx, st, kind);
		if (n)
			return n;
	}
	return NULL;
}

static void append_words(entry *e, dh_arena *arena, const char *const *w,
			 size_t n)
{
	const char **v = dh_arena_alloc(arena, (e->n + n + 1) * sizeof(*v));
	if (e->n)
		memcpy(v, e->argv, e->n * sizeof(*v));
	if (n)
		memcpy(v + e->n, w, n * sizeof(*v));
	e->argv = v;
	e->n += n;
}

/* A shell-form command as words: its last simple command. */
static void add_command(entry *e, dh_pass_ctx *ctx, dh_node *node)
{
	if (!node)
		return;
	const dh_instr *in = dh_node_instr(ctx->doc, node);
	e->found = true;
	e->text = dh_arena_printf(ctx->doc->arena, "%s\n%s", e->text, in->rest);
	if (in->json) {
		const char **w = dh_arena_alloc(
			ctx->doc->arena, (in->nargs + 1) * sizeof(char *));
		for (size_t k = 0; k < in->nargs; k++)
			w[k] = in->args[k].text;
		append_words(e, ctx->doc->arena, w, in->nargs);
		return;
	}
	dh_shcmd *cmds;
	size_t nc = dh_sh_split(&cmds, ctx->doc->arena, in->rest);
	if (nc)
		append_words(e, ctx->doc->arena, cmds[nc - 1].words,
			     cmds[nc - 1].nwords);
}

/* Replaces sh -c "STRING" by the words of STRING's last command. */
static void expand_dash_c(entry *e, dh_arena *arena, size_t at)
{
	if (at + 2 >= e->n ||
	    !in_list(base_name(e->argv[at]), shells, COUNT(shells)) ||
	    strcmp(e->argv[at + 1], "-c") != 0)
		return;
	dh_shcmd *cmds;
	size_t nc = dh_sh_split(&cmds, arena, e->argv[at + 2]);
	if (!nc)
		return;
	entry out = {.text = e->text, .found = true};
	append_words(&out, arena, e->argv, at);
	append_words(&out, arena, cmds[nc - 1].words, cmds[nc - 1].nwords);
	*e = out;
}

static void read_entry(entry *e, dh_pass_ctx *ctx, const dh_stage *st)
{
	memset(e, 0, sizeof(*e));
	e->text = "";
	add_command(e, ctx, stage_last(ctx, st, DH_INSTR_ENTRYPOINT));
	add_command(e, ctx, stage_last(ctx, st, DH_INSTR_CMD));
	size_t at = dh_runas_skip_wrappers(e->argv, e->n);
	expand_dash_c(e, ctx->doc->arena, at);
}

/* ---- what the evidence shows ---- */

static const char *const by_design[] = {
	"dockerd",
	"sshd",
	"systemd",
	"/sbin/init",
	"iptables",
	"ip6tables",
	"nft",
	"modprobe",
	"insmod",
	"sysctl",
	"mount",
	"supervisord",
	"s6-svscan",
	"runsvdir",
	"docker.sock",
	"wg-quick",
	/* tunnels and packet tools: CAP_NET_ADMIN or CAP_NET_RAW, which a
	 * non-root process does not keep from --cap-add */
	"openvpn",
	"wg",
	"tailscaled",
	"charon",
	"ipsec",
	"pppd",
	"keepalived",
	"hostapd",
	"dhcpd",
	"tcpdump",
	/* the Docker socket's tools */
	"watchtower",
};
/* Programs that talk to the Docker daemon through its root-owned socket. */
static const char *const docker_clients[] = {"docker", "docker-compose"};
static const char *const switchers[] = {
	"gosu",
	"su-exec",
	"setpriv",
	"s6-setuidgid",
	"runuser",
	"su",
	"setuser",
	"chpst",
	"chroot",
	"chown",
	"capsh",
	"start-stop-daemon",
	/* root-only preparation before the daemon starts */
	"dpkg-reconfigure",
	"debconf-set-selections",
	"update-ca-certificates",
	"useradd",
	"adduser",
	"groupadd",
	"addgroup",
	"usermod",
	"setcap",
	"apt-get",
	"ldconfig",
};
static const char *const daemons[] = {
	"nginx",
	"httpd",
	"httpd-foreground",
	"apache2",
	"apache2-foreground",
	"apachectl",
	"php-fpm",
	"postgres",
	"mysqld",
	"mariadbd",
	"mysqld_safe",
	"redis-server",
	"rabbitmq-server",
	"memcached",
	"named",
	/* daemons from a distribution package, running as the package's own
	 * account from root-owned run, log and state folders */
	"radiusd",
	"freeradius",
	"slapd",
	"squid",
	"dnsmasq",
	"unbound",
	"postfix",
	"dovecot",
	"exim",
	"smbd",
	"vsftpd",
	"proftpd",
	"cupsd",
	"chronyd",
	"ntpd",
	"rsyslogd",
	"syslog-ng",
	"crond",
	"cron",
	"lighttpd",
	"varnishd",
};
static const char *const bare[] = {
	"python", "python3", "python2", "node", "bash", "sh",  "ash",  "zsh",
	"irb",	  "jshell",  "ruby",	"ghci", "iex",	"erl", "pwsh", "lua"};

static const char *find_any(const char *text, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (dh__runas_has_word(text, list[i]))
			return list[i];
	return NULL;
}

/* Writes under /etc at run time (a generated config, /etc/hosts). */
static bool writes_etc(const char *text)
{
	return strstr(text, "> /etc/") || strstr(text, ">/etc/") ||
	       strstr(text, "tee /etc/") || strstr(text, "tee -a /etc/") ||
	       (strstr(text, "sed -i") && strstr(text, " /etc/"));
}

static bool set(dh_runas *out, dh_runas_kind kind, const char *why)
{
	out->kind = kind;
	out->why = why;
	return true;
}

static bool action_dir(dh_pass_ctx *ctx)
{
	const char *dir = ctx->opts->base_dir;
	if (!dir)
		return false;
	if (strstr(dir, ".github/actions"))
		return true;
	const char *yml = dh__runas_read(ctx, "action.yml");
	return yml || dh__runas_read(ctx, "action.yaml");
}

/* The whole input holds needle (ENV DOCKER_HOST, VOLUME, a socket
 * mount in a comment: any of them means the Docker socket is used). */
static bool input_has(const dh_source *src, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= src->len; i++)
		if (memcmp(src->data + i, needle, n) == 0)
			return true;
	return false;
}

static bool root_by_design(dh_runas *out, dh_pass_ctx *ctx, const dh_stage *st,
			   const entry *e, const char *text)
{
	dh_arena *a = ctx->doc->arena;
	if (action_dir(ctx))
		return set(out, DH_RUNAS_ROOT_BY_DESIGN,
			   "it is a GitHub Docker action (action.yml), and "
			   "GitHub runs actions as root");
	if (st->ref.repository && strstr(st->ref.repository, "docker") &&
	    st->ref.tag && strstr(st->ref.tag, "dind"))
		return set(out, DH_RUNAS_ROOT_BY_DESIGN,
			   dh_arena_printf(a,
					   "'%s' runs dockerd, which needs "
					   "root",
					   st->image));
	const char *hit = find_any(text, by_design, COUNT(by_design));
	if (!hit && e->n && !strcmp(e->argv[0], "/init"))
		hit = "/init (s6-overlay)";
	if (!hit && (dh__runas_has_word(text, "ip route") ||
		     dh__runas_has_word(text, "ip link") ||
		     dh__runas_has_word(text, "ip rule")))
		hit = "ip route";
	if (!hit && input_has(ctx->doc->src, "docker.sock"))
		hit = "docker.sock";
	size_t at = dh_runas_skip_wrappers(e->argv, e->n);
	if (!hit && at < e->n &&
	    in_list(base_name(e->argv[at]), docker_clients,
		    COUNT(docker_clients)))
		hit = dh_arena_printf(a, "%s' through '/var/run/docker.sock",
				      base_name(e->argv[at]));
	if (!hit)
		return false;
	return set(out, DH_RUNAS_ROOT_BY_DESIGN,
		   dh_arena_printf(a, "the image uses '%s', which needs root",
				   hit));
}

static bool drops(dh_runas *out, dh_pass_ctx *ctx, const char *text,
		  const char *where)
{
	const char *hit = find_any(text, switchers, COUNT(switchers));
	if (!hit && writes_etc(text))
		hit = "writes under /etc";
	if (!hit)
		return false;
	return set(out, DH_RUNAS_DROPS,
		   dh_arena_printf(ctx->doc->arena, "'%s'%s", hit, where));
}

/* A base image whose own command is a server (nginx, php:apache). */
static bool service_base(const dh_baseimg *b)
{
	return b->eco == DH_ECO_WEB || b->eco == DH_ECO_DB ||
	       b->eco == DH_ECO_PHP;
}

/* The stage's own command is a REPL or shell: users pick the user. */
static bool base_image(dh_runas *out, dh_pass_ctx *ctx, const dh_stage *st,
		       const entry *e, size_t at)
{
	if (!e->found && st->base && service_base(st->base))
		return false; /* the base's own daemon: see daemon() */
	if (!e->found) {
		const char *runs = dh_stage_run_text(ctx, st);
		return set(out, DH_RUNAS_BASE_IMAGE,
			   strstr(runs, "make install")
				   ? "it builds a runtime from source and "
				     "sets no command: a base image"
				   : "it sets no CMD or ENTRYPOINT: a base "
				     "image, whose users choose the user");
	}
	if (at >= e->n)
		return false;
	const char *b = base_name(e->argv[at]);
	bool php_a = !strcmp(b, "php") && at + 2 == e->n &&
		     !strcmp(e->argv[at + 1], "-a");
	if (!php_a && (at + 1 != e->n || !in_list(b, bare, COUNT(bare))))
		return false;
	return set(out, DH_RUNAS_BASE_IMAGE,
		   dh_arena_printf(ctx->doc->arena,
				   "its command is a bare '%s': a base image, "
				   "whose users choose the user",
				   php_a ? "php -a" : b));
}

/* The daemon's fixed account: the official image's (nginx 101, postgres
 * 999 or 70 on Alpine), Debian's www-data (33) for web servers installed
 * with apt; 0 when the account has no fixed UID (Alpine packages create
 * theirs with whatever UID is free). */
static unsigned daemon_user(dh_pass_ctx *ctx, const dh_stage *st,
			    const char *name)
{
	if (st->base && st->base->nonroot_uid)
		return st->base->nonroot_uid;
	dh_account own; /* the file makes the daemon's account: nginx 101 */
	if (dh_account_find(&own, ctx->doc, &ctx->model, name, false) &&
	    own.has_id)
		return own.id;
	bool alpine = st->ref.tag && strstr(st->ref.tag, "alpine");
	bool official = st->base && service_base(st->base);
	bool web = !strcmp(name, "nginx") || strstr(name, "httpd") ||
		   strstr(name, "apache") || strstr(name, "php-fpm");
	if (official && web)
		return alpine ? 82 : 33;
	if (official)
		return alpine && !strcmp(name, "postgres") ? 70 : 999;
	if (web && strstr(dh_stage_run_text(ctx, st), "apt-get"))
		return 33;
	return 0;
}

/* The daemon a service base image runs when the stage sets no command. */
static const char *base_daemon(const dh_stage *st)
{
	const char *tag = st->ref.tag ? st->ref.tag : "";
	if (st->base->eco == DH_ECO_PHP)
		return strstr(tag, "fpm") ? "php-fpm" : "apache2";
	return st->ref.repository ? base_name(st->ref.repository)
				  : "the "
				    "server";
}

static bool daemon(dh_runas *out, dh_pass_ctx *ctx, const dh_stage *st,
		   const entry *e, size_t at)
{
	const char *b = at < e->n ? base_name(e->argv[at]) : "";
	const char *hit = in_list(b, daemons, COUNT(daemons)) ? b : NULL;
	if (!hit && !strncmp(b, "php-fpm", 7))
		hit = "php-fpm";
	if (!hit && st->base && dh_baseimg_runs_nonroot(st->base))
		return false;
	if (!hit && !e->found && st->base && service_base(st->base))
		hit = base_daemon(st);
	if (!hit)
		return false;
	out->daemon_uid = daemon_user(ctx, st, hit);
	return set(out, DH_RUNAS_DAEMON,
		   dh_arena_printf(ctx->doc->arena,
				   "'%s' starts as root and keeps its pid, "
				   "cache and state under root-owned paths",
				   hit));
}

static bool script_evidence(dh_runas *out, dh_pass_ctx *ctx, const dh_stage *st,
			    const entry *e, size_t at, const char **io_text)
{
	finder fd = {.ctx = ctx, .path = e->argv[at]};
	find_script(&fd, st);
	if (fd.unreadable)
		return set(out, DH_RUNAS_UNPROVEN,
			   dh_arena_printf(ctx->doc->arena,
					   "the entrypoint '%s' could not be "
					   "read, so it was not checked",
					   fd.path));
	if (!fd.text)
		return false;
	*io_text =
		dh_arena_printf(ctx->doc->arena, "%s\n%s", *io_text, fd.text);
	return drops(out, ctx, fd.text,
		     dh_arena_printf(ctx->doc->arena, " in '%s'", fd.src));
}

/* gosu or su-exec installed or copied in anywhere: only an entrypoint
 * that switches user needs them. */
static bool installs_switcher(dh_runas *out, dh_pass_ctx *ctx)
{
	static const char *const tools[] = {"gosu", "su-exec"};
	for (size_t i = 0; i < ctx->model.nstages; i++) {
		const dh_stage *st = &ctx->model.stages[i];
		const char *runs = dh_stage_run_text(ctx, st);
		const char *hit = find_any(runs, tools, COUNT(tools));
		for (dh_node *n = dh_stage_step(ctx, st, NULL); n && !hit;
		     n = dh_stage_step(ctx, st, n)) {
			const dh_instr *in = dh_node_instr(ctx->doc, n);
			if (in->kind == DH_INSTR_COPY ||
			    in->kind == DH_INSTR_ADD)
				hit = find_any(in->rest, tools, COUNT(tools));
		}
		if (hit)
			return set(out, DH_RUNAS_DROPS,
				   dh_arena_printf(ctx->doc->arena,
						   "'%s' is installed for it",
						   hit));
	}
	return false;
}

/* The program an interpreter runs (python3 app.py, node server.js), read
 * from where the stage copied it; "" when there is none. Only HOME is
 * looked for in it: app code says "mount" or "chown" for other reasons. */
static const char *app_source(dh_pass_ctx *ctx, const dh_stage *st,
			      const entry *e, size_t at)
{
	static const char *const interpreters[] = {"python", "python3", "node",
						   "ruby",   "perl",	"php",
						   "deno",   "bun"};
	if (at + 1 >= e->n ||
	    !in_list(base_name(e->argv[at]), interpreters,
		     COUNT(interpreters)) ||
	    e->argv[at + 1][0] == '-')
		return "";
	finder fd = {.ctx = ctx, .path = e->argv[at + 1]};
	find_script(&fd, st);
	return fd.text ? fd.text : "";
}

void dh_runas_check(dh_runas *out, dh_pass_ctx *ctx, const dh_stage *st)
{
	memset(out, 0, sizeof(*out));
	entry e;
	read_entry(&e, ctx, st);
	size_t at = dh_runas_skip_wrappers(e.argv, e.n);
	const char *text = e.text;
	if (drops(out, ctx, text, ""))
		return;
	if (at < e.n && script_evidence(out, ctx, st, &e, at, &text) &&
	    out->kind == DH_RUNAS_DROPS)
		return;
	dh_runas pending = *out;
	if (installs_switcher(out, ctx))
		return;
	if (dh__runas_dev_stage(out, ctx, st) ||
	    root_by_design(out, ctx, st, &e, text) ||
	    base_image(out, ctx, st, &e, at) || daemon(out, ctx, st, &e, at))
		return;
	if (pending.kind == DH_RUNAS_UNPROVEN) {
		*out = pending;
		return;
	}
	if (dh__runas_from_source(out, ctx, e.argv, e.n, at) ||
	    dh__runas_fixed_state(out, ctx, text) ||
	    dh__runas_low_port(out, ctx, st, e.argv, e.n))
		return;
	dh__runas_paths(out, ctx, st,
			dh_arena_printf(ctx->doc->arena, "%s\n%s", text,
					app_source(ctx, st, &e, at)));
}
