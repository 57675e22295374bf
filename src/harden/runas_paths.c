/* SPDX-License-Identifier: MIT */
/*
 * What a new non-root user must be able to write or run, read off the
 * stage: every VOLUME, the folders the file makes with mkdir for the app
 * to write (logs, uploads, cache, data, or a path the command or an ENV
 * names), files made executable for root only, and HOME. A numeric user
 * with no passwd entry gets HOME=/ at run time, which it cannot write, and
 * cannot read what the build left in /root. A USER is proven only when all
 * of these are handed over; what is not becomes the missing evidence.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "dockharden/buf.h"
#include "dockharden/shellcmd.h"

#include "runas_internal.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The home made for the added user when the app writes under HOME. */
#define NEW_HOME "/home/app"

/* A list of paths, grown in the arena. */
typedef struct pathvec {
	const char **v;
	size_t n;
	size_t cap;
} pathvec;

typedef struct paths {
	dh_pass_ctx *ctx;
	const dh_stage *st;
	const dh_node *at; /* the instruction being read */
	const char *runs;  /* every RUN of every stage (what is installed) */
	const char *entry; /* CMD/ENTRYPOINT and the script they run */
	const char *env;   /* every ENV value of the stage */
	const char *home;  /* the last ENV HOME, or NULL */
	uint32_t uid;	   /* the user a USER would name */
	uint32_t gid;
	bool has_passwd; /* that user has a passwd entry (and a HOME) */
	/* handed over: the folder alone (chown, chmod o+w, mkdir -m 777), or
	 * with everything below it (-R, COPY --chown): a folder made inside
	 * one handed over alone stays root's (mkdir -p /d/a && chmod 1777 /d)
	 */
	pathvec given;
	pathvec given_trees;
	pathvec made; /* made by mkdir as root */
	pathvec volumes;
	const char *chmod;   /* a mode that leaves a file root's alone */
	const char *to_root; /* how the build writes into /root, or NULL */
} paths;

static void push(pathvec *v, dh_arena *a, const char *path)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 8;
		const char **grown = dh_arena_alloc(a, cap * sizeof(*grown));
		if (v->n)
			memcpy(grown, v->v, v->n * sizeof(*grown));
		v->v = grown;
		v->cap = cap;
	}
	v->v[v->n++] = path;
}

/* A word of the instruction being read with the ARG and ENV values in
 * effect there substituted, as the build sees it ("${DATA}" is
 * "/srv/data" after ENV DATA=/srv/data). Arena-owned or w itself. */
static const char *expand(const paths *p, const char *w)
{
	return dh_model_expand_at(&p->ctx->model, p->ctx->doc, p->st, p->at, w);
}

static bool set_unproven(dh_runas *out, const char *why)
{
	out->kind = DH_RUNAS_UNPROVEN;
	out->why = why;
	return true;
}

static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	return strncmp(path, dir, n) == 0 &&
	       (path[n] == '\0' || path[n] == '/');
}

/* A mode that lets any user write ("777", "a+w", "o+rwx"). */
static bool world_writable(const char *mode)
{
	size_t n = strlen(mode);
	if (n >= 3 && strspn(mode, "01234567") == n)
		return mode[n - 1] == '7' || mode[n - 1] == '6' ||
		       mode[n - 1] == '3' || mode[n - 1] == '2';
	return (strchr(mode, 'a') || strchr(mode, 'o')) && strchr(mode, '+') &&
	       strchr(mode, 'w');
}

/* An owner ("app", "10001:10001", "1000:root") the new user can use: not
 * root, and when numeric, the user a USER would name. */
static bool owner_fits(const paths *p, const char *owner)
{
	if (!strncmp(owner, "root", 4) || owner[0] == ':')
		return false;
	if (owner[0] < '0' || owner[0] > '9')
		return true;
	char num[16];
	snprintf(num, sizeof(num), "%u", p->uid);
	size_t n = strlen(num);
	return !strncmp(owner, num, n) &&
	       (owner[n] == '\0' || owner[n] == ':' || owner[n] == '.');
}

/* chmod modes that leave a file root's alone: u+x, 700, 744, 750. */
static bool owner_only_exec(const char *mode)
{
	static const char *const modes[] = {"u+x", "u+rx", "u+rwx", "u=rwx",
					    "700", "0700", "744",   "0744",
					    "750", "0750", "740",   "0740"};
	for (size_t i = 0; i < COUNT(modes); i++)
		if (!strcmp(mode, modes[i]))
			return true;
	return false;
}

/* chown -R, chmod --recursive, -hR. */
static bool recursive(const dh_shcmd *c)
{
	for (size_t k = 1; k < c->nwords; k++) {
		const char *w = c->words[k];
		if (!strcmp(w, "--recursive") ||
		    (w[0] == '-' && w[1] != '-' && strchr(w, 'R')))
			return true;
	}
	return false;
}

/* The operands of c after its options and the first operand (the owner
 * or mode), expanded and pushed onto v. */
static void push_operands(const paths *p, pathvec *v, const dh_shcmd *c)
{
	bool first = true;
	for (size_t k = 1; k < c->nwords; k++) {
		if (c->words[k][0] == '-')
			continue;
		if (!first)
			push(v, p->ctx->doc->arena, expand(p, c->words[k]));
		first = false;
	}
}

/* The first operand of c that is not an option. */
static const char *first_operand(const dh_shcmd *c)
{
	for (size_t k = 1; k < c->nwords; k++)
		if (c->words[k][0] != '-')
			return c->words[k];
	return NULL;
}

/* mkdir DIR...: made as root, unless -m gives everyone write access. */
static void read_mkdir(paths *p, const dh_shcmd *c)
{
	dh_arena *a = p->ctx->doc->arena;
	const char *mode = dh_sh_option(c, "-m");
	if (!mode)
		mode = dh_sh_option(c, "--mode");
	for (size_t k = 1; k < c->nwords; k++) {
		if (!strcmp(c->words[k], "-m")) {
			k++;
			continue;
		}
		const char *w = expand(p, c->words[k]);
		if (w[0] != '/' || strchr(w, '$') || strchr(w, '{'))
			continue;
		push(mode && world_writable(mode) ? &p->given : &p->made, a, w);
	}
}

/* A word naming a path in root's home: "/root/.aws", ">/root/x",
 * "2>>~/log", "~/.npmrc". */
static bool in_root_home(const char *w)
{
	w += strspn(w, "0123456789&>");
	return under(w, "/root") || !strncmp(w, "~/", 2) || !strcmp(w, "~");
}

/* A RUN that writes into /root: what it writes, or NULL. Removing files
 * there (the usual cache clean-up) leaves nothing to read. */
static const char *root_home_word(const dh_shcmd *c)
{
	if (!strcmp(c->words[0], "rm"))
		return NULL;
	for (size_t k = 1; k < c->nwords; k++)
		if (in_root_home(c->words[k]))
			return c->words[k] +
			       strspn(c->words[k], "0123456789&>");
	return NULL;
}

static void read_command(paths *p, const dh_shcmd *c)
{
	dh_arena *a = p->ctx->doc->arena;
	if (!c->nwords)
		return;
	const char *cmd = c->words[0];
	const char *arg = first_operand(c);
	if (!strcmp(cmd, "mkdir"))
		read_mkdir(p, c);
	else if (!strcmp(cmd, "chown") && arg && owner_fits(p, arg))
		push_operands(p, recursive(c) ? &p->given_trees : &p->given, c);
	else if (!strcmp(cmd, "chmod") && arg && world_writable(arg))
		push_operands(p, recursive(c) ? &p->given_trees : &p->given, c);
	else if (!strcmp(cmd, "chmod") && arg && owner_only_exec(arg) &&
		 !p->chmod)
		p->chmod = dh_arena_printf(a, "chmod %s", arg);
	else if ((!strcmp(cmd, "pip") || !strcmp(cmd, "pip3")) &&
		 dh_sh_has(c, "--user") && !p->to_root)
		p->to_root = "'pip install --user' installs into /root/.local";
	const char *home = p->to_root ? NULL : root_home_word(c);
	if (home)
		p->to_root = dh_arena_printf(a, "a RUN writes '%s' into /root",
					     home);
}

static void read_run(paths *p, const dh_instr *in)
{
	if (in->json)
		return;
	dh_shcmd *cmds;
	size_t nc = dh_sh_split(&cmds, p->ctx->doc->arena, in->rest);
	for (size_t i = 0; i < nc; i++)
		read_command(p, &cmds[i]);
}

static void read_copy(paths *p, const dh_instr *in)
{
	dh_arena *a = p->ctx->doc->arena;
	if (in->nargs < 2)
		return;
	const char *dst = expand(p, in->args[in->nargs - 1].text);
	const char *owner = dh_instr_flag_value(in, "chown");
	const char *mode = dh_instr_flag_value(in, "chmod");
	if (owner && owner_fits(p, owner))
		push(&p->given_trees, a, dst);
	if (mode && owner_only_exec(mode) && !p->chmod)
		p->chmod = dh_arena_printf(a, "COPY --chmod=%s", mode);
	if (!p->to_root && (under(dst, "/root") || !strncmp(dst, "~/", 2)))
		p->to_root = "a COPY writes into /root";
}

static void read_env(paths *p, const dh_instr *in, dh_buf *env)
{
	for (size_t k = 0; k + 2 < in->nargs; k += 3) {
		const char *v = expand(p, in->args[k + 1].text);
		dh_buf_putc(env, ' ');
		dh_buf_puts(env, v);
		if (!strcmp(in->args[k].text, "HOME"))
			p->home = v;
		if (!p->to_root && strstr(v, "/root/"))
			p->to_root = "an ENV points into /root";
	}
}

/* One walk over the stage collects everything the checks need. */
static void read_stage(paths *p)
{
	dh_buf env = DH_BUF_INIT;
	for (dh_node *n = dh_stage_step(p->ctx, p->st, NULL); n;
	     n = dh_stage_step(p->ctx, p->st, n)) {
		const dh_instr *in = dh_node_instr(p->ctx->doc, n);
		p->at = n;
		if (in->kind == DH_INSTR_RUN)
			read_run(p, in);
		else if (in->kind == DH_INSTR_COPY || in->kind == DH_INSTR_ADD)
			read_copy(p, in);
		else if (in->kind == DH_INSTR_ENV)
			read_env(p, in, &env);
		else if (in->kind == DH_INSTR_WORKDIR && in->nargs &&
			 !p->to_root &&
			 under(expand(p, in->args[0].text), "/root"))
			p->to_root = "WORKDIR is in /root";
		for (size_t k = 0; in->kind == DH_INSTR_VOLUME && k < in->nargs;
		     k++)
			push(&p->volumes, p->ctx->doc->arena,
			     expand(p, in->args[k].text));
	}
	p->env = dh_arena_strndup(p->ctx->doc->arena, env.data ? env.data : "",
				  env.len);
	dh_buf_free(&env);
}

static bool same_path(const char *a, const char *b)
{
	return under(a, b) && under(b, a);
}

static bool covered(const paths *p, const char *path)
{
	if (!strcmp(path, "/tmp"))
		return true;
	for (size_t i = 0; i < p->given_trees.n; i++)
		if (under(path, p->given_trees.v[i]))
			return true;
	for (size_t i = 0; i < p->given.n; i++)
		if (same_path(path, p->given.v[i]))
			return true;
	return false;
}

/* Names of folders that exist to be written at run time. */
static const char *const written_names[] = {
	"log",	  "logs",  "tmp",   "temp",    "cache",	   ".cache",
	"data",	  "db",	   "run",   "state",   "sessions", "uploads",
	"upload", "media", "files", "storage", "spool",	   "queue",
};

static const char *last_component(const char *path)
{
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	const char *s = path + n;
	while (s > path && s[-1] != '/')
		s--;
	return s;
}

/* text names path itself, not a file below it ("/data" in "--dir /data",
 * not in "/data/bin/app"). */
static bool names_path(const char *text, const char *path)
{
	size_t n = strlen(path);
	for (const char *t = strstr(text, path); t; t = strstr(t + 1, path)) {
		char after = t[n];
		bool left = t == text ||
			    (t[-1] != '/' && !isalnum((unsigned char)t[-1]));
		if (left && after != '/' && !isalnum((unsigned char)after) &&
		    after != '_' && after != '-' && after != '.')
			return true;
	}
	return false;
}

/* The app writes path: its name says so, it lies under /var/log, /var/lib,
 * /var/cache or /run, or the command or an ENV names it. */
static bool app_writes(const paths *p, const char *path)
{
	const char *b = last_component(path);
	size_t bl = strcspn(b, "/");
	for (size_t i = 0; i < COUNT(written_names); i++)
		if (strlen(written_names[i]) == bl &&
		    !strncmp(b, written_names[i], bl))
			return true;
	static const char *const roots[] = {"/var/log/",   "/var/lib/",
					    "/var/cache/", "/var/run/",
					    "/run/",	   "/tmp/"};
	for (size_t i = 0; i < COUNT(roots); i++)
		if (!strncmp(path, roots[i], strlen(roots[i])))
			return true;
	return names_path(p->entry, path) || names_path(p->env, path);
}

static const char *root_owned_volume(const paths *p)
{
	for (size_t i = 0; i < p->volumes.n; i++)
		if (!covered(p, p->volumes.v[i]))
			return p->volumes.v[i];
	return NULL;
}

static const char *root_owned_mkdir(const paths *p)
{
	for (size_t i = 0; i < p->made.n; i++) {
		const char *d = p->made.v[i];
		if (strcmp(d, "/tmp") != 0 && app_writes(p, d) &&
		    !covered(p, d))
			return d;
	}
	return NULL;
}

/* ---- HOME ---- */

/* Libraries that write under HOME when the app uses them (model and data
 * caches), found in the command, a RUN or a requirements file. */
static const char *const home_libraries[] = {
	"transformers",
	"sentence-transformers",
	"huggingface_hub",
	"huggingface-hub",
	"diffusers",
	"torchvision",
	"nltk",
};
/* Programs that write under HOME when they run, found in the command
 * only (installing them at build time writes root's own home). */
static const char *const home_programs[] = {
	"jupyter",   "jupyter-lab", "jupyter-notebook",
	"streamlit", "ansible",	    "ansible-playbook",
	"npx",	     "poetry",	    "pipenv",
};

/* The requirements files the file copies in, read from beside it. */
static const char *requirements(const paths *p)
{
	dh_buf text = DH_BUF_INIT;
	for (size_t i = 0; i < p->ctx->model.nstages; i++) {
		const dh_stage *st = &p->ctx->model.stages[i];
		for (dh_node *n = dh_stage_step(p->ctx, st, NULL); n;
		     n = dh_stage_step(p->ctx, st, n)) {
			const dh_instr *in = dh_node_instr(p->ctx->doc, n);
			if (in->kind != DH_INSTR_COPY ||
			    dh_instr_flag(in, "from"))
				continue;
			for (size_t k = 0; k + 1 < in->nargs; k++) {
				const char *src = in->args[k].text;
				const char *f =
					strncmp(last_component(src),
						"requirements", 12)
						? NULL
						: dh__runas_read(p->ctx, src);
				dh_buf_puts(&text, f ? f : "");
				dh_buf_putc(&text, '\n');
			}
		}
	}
	const char *r = dh_arena_strndup(p->ctx->doc->arena,
					 text.data ? text.data : "", text.len);
	dh_buf_free(&text);
	return r;
}

static const char *writes_cache(const paths *p, const char *what)
{
	return dh_arena_printf(p->ctx->doc->arena,
			       "'%s' writes its cache there", what);
}

/* What shows the app writes under HOME at run time, or NULL. */
static const char *home_writer(const paths *p)
{
	/* how shells, Python, Node and Ruby name HOME */
	static const char *const spellings[] = {"~/",
						"$HOME",
						"${HOME}",
						"expanduser(",
						"Path.home()",
						"os.homedir()",
						"process.env.HOME",
						"['HOME']",
						"[\"HOME\"]",
						"getenv(\"HOME\")",
						"Dir.home"};
	for (size_t i = 0; i < COUNT(spellings); i++)
		if (strstr(p->entry, spellings[i]) ||
		    strstr(p->env, spellings[i]))
			return "the command, the program it runs or an ENV "
			       "names it";
	for (size_t i = 0; i < COUNT(home_programs); i++)
		if (dh__runas_has_word(p->entry, home_programs[i]))
			return writes_cache(p, home_programs[i]);
	const char *reqs = requirements(p);
	for (size_t i = 0; i < COUNT(home_libraries); i++) {
		const char *w = home_libraries[i];
		if (dh__runas_has_word(p->entry, w) ||
		    dh__runas_has_word(p->runs, w) ||
		    dh__runas_has_word(reqs, w))
			return writes_cache(p, w);
	}
	return NULL;
}

/* A shell to run mkdir and chown: the base has one, or a RUN used it. */
static bool has_shell(const paths *p)
{
	if (p->st->ref.is_scratch)
		return false;
	if (p->st->base)
		return p->st->base->has_shell;
	return dh_stage_last(p->ctx, p->st, DH_INSTR_RUN) != NULL;
}

static bool home_evidence(dh_runas *out, const paths *p)
{
	dh_arena *a = p->ctx->doc->arena;
	const char *built = p->to_root;
	if (built) /* /root is 0700 for every other user, named or not */
		return set_unproven(
			out, dh_arena_printf(a,
					     "%s, which user %u cannot read "
					     "(/root is private to root): keep "
					     "it where every user can read (a "
					     "venv, /usr/local, /etc)",
					     built, p->uid));
	if (p->has_passwd)
		return false;
	const char *writer = home_writer(p);
	if (!writer)
		return false;
	const char *home = p->home;
	if (home && !covered(p, home))
		return set_unproven(
			out,
			dh_arena_printf(a,
					"HOME '%s' stays owned by root, "
					"and the app writes there (%s): "
					"chown it in the RUN that makes it",
					home, writer));
	if (home)
		return false;
	if (!has_shell(p))
		return set_unproven(
			out, dh_arena_printf(a,
					     "the app writes under HOME (%s), "
					     "and user %u has no passwd entry, "
					     "so its HOME is '/': set ENV HOME "
					     "to a folder it owns",
					     writer, p->uid));
	out->home = NEW_HOME;
	out->home_why = writer;
	return true;
}

/* A builder's installs reach the final through COPY --from. */
static const char *all_runs(dh_pass_ctx *ctx)
{
	dh_buf b = DH_BUF_INIT;
	for (size_t i = 0; i < ctx->model.nstages; i++)
		dh_buf_puts(&b, dh_stage_run_text(ctx, &ctx->model.stages[i]));
	const char *r =
		dh_arena_strndup(ctx->doc->arena, b.data ? b.data : "", b.len);
	dh_buf_free(&b);
	return r;
}

bool dh__runas_paths(dh_runas *out, dh_pass_ctx *ctx, const dh_stage *st,
		     const char *entry)
{
	dh_arena *a = ctx->doc->arena;
	paths p = {.ctx = ctx,
		   .st = st,
		   .entry = entry,
		   .uid = ctx->opts->uid,
		   .gid = ctx->opts->gid};
	p.runs = all_runs(ctx);
	if (st->base && st->base->nonroot_user && !ctx->opts->explicit_user) {
		p.uid = st->base->nonroot_uid;
		p.gid = st->base->nonroot_gid;
		p.has_passwd = true;
	}
	char num[16];
	snprintf(num, sizeof(num), "%u", p.uid);
	p.has_passwd |=
		(strstr(p.runs, "useradd") || strstr(p.runs, "adduser")) &&
		dh__runas_has_word(p.runs, num);
	read_stage(&p);
	const char *hit = root_owned_volume(&p);
	if (hit)
		return set_unproven(
			out,
			dh_arena_printf(a,
					"VOLUME '%s' stays owned by root: "
					"chown it in the RUN that makes it",
					hit));
	hit = root_owned_mkdir(&p);
	if (hit)
		return set_unproven(
			out, dh_arena_printf(a,
					     "'%s' is made by mkdir as root "
					     "for the app to write: chown it "
					     "in the same RUN (chown %u:%u "
					     "%s) or COPY --chown",
					     hit, p.uid, p.gid, hit));
	if (p.chmod)
		return set_unproven(
			out, dh_arena_printf(a,
					     "'%s' by root leaves the file "
					     "executable for root only: use "
					     "'chmod a+rx' or 'COPY "
					     "--chmod=755'",
					     p.chmod));
	return home_evidence(out, &p);
}
