/* SPDX-License-Identifier: MIT */
/*
 * Proving what a stage builds. A recognised build command (go build -o,
 * cargo build --release, mvn package, npm ci, a venv, dotnet publish,
 * cc -o) names an output; the CMD or ENTRYPOINT must then run that output,
 * or nothing is proven. Anything unrecognised yields DH_ART_NONE with the
 * reason, never a guess. A system `pip install` (artifact_python.c, with
 * the runtime packages of artifact_pkgs.c) and `npm start` read through
 * package.json (artifact_node.c) live in their own files.
 */
#include "dockharden/artifact.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dockharden/buf.h"
#include "dockharden/shellcmd.h"

#include "artifact_internal.h"

const char *dh_path_join(dh_arena *arena, const char *dir, const char *path)
{
	dh_buf b = DH_BUF_INIT;
	if (path[0] != '/')
		dh_buf_puts(&b, dir);
	dh_buf_putc(&b, '/');
	dh_buf_puts(&b, path);
	/* Normalise in place: collapse //, drop ., resolve .. */
	char *s = b.data;
	size_t o = 0;
	for (size_t i = 0; s[i];) {
		while (s[i] == '/')
			i++;
		size_t len = strcspn(s + i, "/");
		if (!len)
			break;
		if (len == 1 && s[i] == '.') {
		} else if (len == 2 && s[i] == '.' && s[i + 1] == '.') {
			while (o > 0 && s[--o] != '/')
				;
		} else {
			s[o++] = '/';
			memmove(s + o, s + i, len);
			o += len;
		}
		i += len;
	}
	if (!o)
		s[o++] = '/';
	const char *r = dh_arena_strndup(arena, s, o);
	dh_buf_free(&b);
	return r;
}

const char *dh__art_next_workdir(dh_pass_ctx *ctx, const dh_stage *st,
				 const dh_node *n, const dh_instr *in,
				 const char *wd)
{
	if (in->kind != DH_INSTR_WORKDIR || !in->nargs)
		return wd;
	return dh_path_join(ctx->doc->arena, wd,
			    dh_model_expand_at(&ctx->model, ctx->doc, st, n,
					       in->args[0].text));
}

const char *dh_stage_workdir(dh_pass_ctx *ctx, const dh_stage *st,
			     const dh_node *node)
{
	const char *wd = "/";
	for (dh_node *n = dh_stage_step(ctx, st, NULL); n && n != node;
	     n = dh_stage_step(ctx, st, n)) {
		const dh_instr *in = dh_node_instr(ctx->doc, n);
		wd = dh__art_next_workdir(ctx, st, n, in, wd);
	}
	return wd;
}

typedef dh__finder finder;

const char *dh__art_base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

bool dh__art_word_is(const char *w, const char *const *set)
{
	for (; *set; set++)
		if (strcmp(w, *set) == 0 ||
		    strcmp(dh__art_base_name(w), *set) == 0)
			return true;
	return false;
}

bool dh__art_stage_env_has(dh__finder *f, const char *assignment)
{
	for (dh_node *n = dh_stage_step(f->ctx, f->st, NULL); n;
	     n = dh_stage_step(f->ctx, f->st, n)) {
		const dh_instr *in = dh_node_instr(f->ctx->doc, n);
		if (in->kind == DH_INSTR_ENV && strstr(in->logical, assignment))
			return true;
	}
	return strstr(f->run_text, assignment) != NULL;
}

bool dh__art_cmd_env_has(const dh_shcmd *c, const char *assignment)
{
	for (size_t i = 0; i < c->nenv; i++)
		if (strcmp(c->env[i], assignment) == 0)
			return true;
	return false;
}

const char *dh__art_env_value(dh__finder *f, const char *name)
{
	const char *v = NULL;
	for (dh_node *n = dh_stage_step(f->ctx, f->st, NULL); n;
	     n = dh_stage_step(f->ctx, f->st, n)) {
		const dh_instr *in = dh_node_instr(f->ctx->doc, n);
		if (in->kind != DH_INSTR_ENV)
			continue;
		for (size_t k = 0; k + 2 < in->nargs; k += 3)
			if (strcmp(in->args[k].text, name) == 0)
				v = in->args[k + 2].text;
	}
	return v;
}

char *dh__art_read_side_file_max(dh__finder *f, const char *name, size_t max,
				 bool *too_big)
{
	*too_big = false;
	const char *dir = f->ctx->opts->base_dir;
	if (!dir)
		return NULL;
	char path[4096];
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    sizeof(path))
		return NULL;
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	/* Read in chunks, so a small file costs only its size however
	 * large max is. */
	dh_buf b = DH_BUF_INIT;
	char chunk[8192];
	size_t n;
	while (b.len <= max && (n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		dh_buf_put(&b, chunk, n);
	fclose(fp);
	char *text = NULL;
	if (b.len > max)
		*too_big = true; /* not read at all rather than read in part */
	else
		text = dh_arena_strndup(f->ctx->doc->arena, b.data, b.len);
	dh_buf_free(&b);
	return text;
}

char *dh__art_read_side_file(dh__finder *f, const char *name)
{
	bool too_big;
	return dh__art_read_side_file_max(f, name, DH__ART_MAX_SIDE, &too_big);
}

/* True when a COPY source from the context brings the root file name. */
static bool source_brings(const char *src, const char *name)
{
	if (!strcmp(src, ".") || !strcmp(src, "./"))
		return true;
	if (!strncmp(src, "./", 2))
		src += 2;
	return fnmatch(src, name, 0) == 0;
}

/* Where the root file `name` lands for one COPY/ADD: its folder, or NULL
 * when it is not copied or is renamed. */
static const char *copy_lands(dh__finder *f, const dh_instr *in, const char *wd,
			      const char *name)
{
	size_t nsrc = in->nargs - 1;
	const char *dest = in->args[nsrc].text;
	const char *abs = dh_path_join(f->ctx->doc->arena, wd, dest);
	size_t dl = strlen(dest);
	bool dir = nsrc > 1 || dest[dl - 1] == '/' || !strcmp(dest, ".") ||
		   !strcmp(dest, "..");
	for (size_t k = 0; k < nsrc; k++) {
		const char *src = in->args[k].text;
		if (!source_brings(src, name))
			continue;
		if (dir || strpbrk(src, "*?[") || !strcmp(src, ".") ||
		    !strcmp(src, "./"))
			return abs;
		if (!strcmp(dh__art_base_name(abs), name))
			return dh_path_join(f->ctx->doc->arena, abs, "..");
	}
	return NULL;
}

const char *dh__art_context_dir(dh__finder *f, const dh_node *until,
				const char *name)
{
	const char *wd = "/", *at = NULL;
	for (dh_node *n = dh_stage_step(f->ctx, f->st, NULL); n && n != until;
	     n = dh_stage_step(f->ctx, f->st, n)) {
		const dh_instr *in = dh_node_instr(f->ctx->doc, n);
		wd = dh__art_next_workdir(f->ctx, f->st, n, in, wd);
		if ((in->kind != DH_INSTR_COPY && in->kind != DH_INSTR_ADD) ||
		    in->nargs < 2 || dh_instr_flag(in, "from") || in->nheredocs)
			continue;
		const char *d = copy_lands(f, in, wd, name);
		if (d)
			at = d;
	}
	return at;
}

bool dh__art_glibc_fits_debian12(const dh_image_ref *r, long last_bookworm)
{
	const char *tag = r->tag;
	if (!tag || r->has_variable)
		return false;
	/* A newer release named in the tag wins over the version number
	 * (rust:1.86-slim-trixie is built on trixie). */
	if (strstr(tag, "trixie") || strstr(tag, "forky"))
		return false;
	if (strstr(tag, "bookworm") || strstr(tag, "bullseye") ||
	    strstr(tag, "buster"))
		return true;
	if (strncmp(tag, "1.", 2) || !strchr("0123456789", tag[2]))
		return false;
	return strtol(tag + 2, NULL, 10) <= last_bookworm;
}

/* True for a tag of the default variant: a version, "latest", with or
 * without "-slim" ("1.25", "1.82-slim", "slim"). */
static bool default_variant(const char *tag)
{
	size_t v = strspn(tag, "0123456789.");
	const char *rest = tag + v;
	if (!v)
		return !strcmp(tag, "latest") || !strcmp(tag, "slim");
	return !*rest || !strcmp(rest, "-slim");
}

const char *const dh__art_twin_why =
	"no distroless image is built on the builder's Debian release, so "
	"the final is Debian's own slim image of it (for a tag that names no "
	"release, the newest stable one, never older than the builder's), "
	"with the glibc the binary links";

const char *dh__art_debian_twin(dh__finder *f)
{
	static const char *const releases[] = {
		"buster", "bullseye", "bookworm", "trixie", "forky", NULL,
	};
	const dh_baseimg *b = f->st->base;
	const dh_image_ref *r = &f->st->ref;
	if (!b || b->windows || b->libc != DH_LIBC_GLIBC ||
	    (b->eco != DH_ECO_GO && b->eco != DH_ECO_RUST) || r->has_variable ||
	    r->digest)
		return NULL;
	const char *tag = r->tag ? r->tag : "latest";
	for (const char *const *d = releases; *d; d++)
		if (strstr(tag, *d))
			return dh_arena_printf(f->ctx->doc->arena,
					       "debian:%s-slim", *d);
	return default_variant(tag) ? "debian:stable-slim" : NULL;
}

/* The command the image runs, resolved: argv[0] as an absolute path. */
static const char *exe_path(finder *f)
{
	if (!f->argc)
		return NULL;
	return dh_path_join(f->ctx->doc->arena, f->out->workdir, f->argv[0]);
}

void dh__art_set_none(dh_artifact *a, const char *reason, const char *snippet)
{
	if (a->kind != DH_ART_NONE || a->reason)
		return;
	a->reason = reason;
	a->snippet = snippet;
	a->blocked = true;
}

/* Folders on the PATH every Linux image gets when it sets none. */
static const char *const default_path[] = {
	"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin",
	"/sbin",	   "/bin",	     NULL,
};

static bool path_has(const char *const *dirs, const char *dir, size_t dl)
{
	for (; *dirs; dirs++)
		if (strlen(*dirs) == dl && !strncmp(*dirs, dir, dl))
			return true;
	return false;
}

/*
 * A bare argv[0] is looked up on PATH. It runs path when path's folder is
 * on the builder's PATH (the default, or extra, the image's own folders
 * listed before it) and the stage does not set PATH itself. A folder the
 * final's default PATH lacks is written into the command as a full path.
 */
static bool bare_runs(finder *f, const char *path, const char *const *extra)
{
	const char *base = dh__art_base_name(path);
	size_t dl = (size_t)(base - path) - 1;
	if (strchr(f->argv[0], '/') || strcmp(f->argv[0], base) ||
	    dh__art_env_value(f, "PATH") ||
	    !(path_has(default_path, path, dl) ||
	      (extra && path_has(extra, path, dl))))
		return false;
	if (path_has(default_path, path, dl))
		return true;
	size_t n;
	const char **own = dh_command_argv(f->ctx, f->out->command, &n);
	if (!own || !n || strcmp(own[0], f->argv[0]))
		return false;
	const char **argv =
		dh_arena_alloc(f->ctx->doc->arena, n * sizeof(char *));
	memcpy(argv, own, n * sizeof(char *));
	argv[0] = path;
	dh_buf b = DH_BUF_INIT;
	dh_json_argv(&b, argv, n);
	f->out->command_rest =
		dh_arena_strndup(f->ctx->doc->arena, b.data, b.len);
	dh_buf_free(&b);
	return true;
}

void dh__art_found_binary(dh__finder *f, dh_art_kind kind, const char *path,
			  dh_node *step, bool is_static,
			  const char *const *path_dirs)
{
	const char *exe = exe_path(f);
	bool runs = exe && !strcmp(exe, path);
	if (!runs && exe && !f->out->needs_shell)
		runs = bare_runs(f, path, path_dirs);
	if (!runs) {
		dh__art_set_none(
			f->out,
			"the CMD/ENTRYPOINT does not run the built binary",
			"FROM gcr.io/distroless/static-debian12:nonroot\n"
			"COPY --from=build /path/to/binary /app\n"
			"ENTRYPOINT [\"/app\"]");
		return;
	}
	f->out->kind = kind;
	f->out->path = path;
	f->out->step = step;
	f->out->is_static = is_static;
}

/* Why a dynamically linked C binary may not start on distroless cc (or
 * on a slim Debian, which has even fewer libraries), or NULL: the
 * compiler links a library other than the C and C++ runtimes and libssl,
 * or the stage installs a -dev package whose library it may link. */
static const char *c_lib_blocker(finder *f, const dh_shcmd *c)
{
	static const char *const in_cc[] = {
		"c",	"m",	  "pthread", "dl",  "rt",     "resolv",
		"util", "stdc++", "gcc_s",   "ssl", "crypto", NULL,
	};
	for (size_t i = 1; i < c->nwords; i++) {
		const char *w = c->words[i];
		if (strncmp(w, "-l", 2) != 0)
			continue;
		const char *lib =
			w[2] ? w + 2
			     : (i + 1 < c->nwords ? c->words[i + 1] : "");
		if (*lib && !dh__art_word_is(lib, in_cc))
			return dh_arena_printf(f->ctx->doc->arena,
					       "the binary links '-l%s', whose "
					       "library distroless cc lacks",
					       lib);
	}
	const char *dev = dh__art_dev_pkg(f);
	if (dev && strcmp(dev, "libssl-dev") != 0)
		return dh_arena_printf(f->ctx->doc->arena,
				       "the stage installs '%s', whose library "
				       "the binary may link and distroless cc "
				       "lacks",
				       dev);
	return NULL;
}

static void try_c(finder *f, const dh_shcmd *c, dh_node *n, const char *wd)
{
	static const char *const cc[] = {"gcc", "cc",	   "clang", "g++",
					 "c++", "clang++", NULL};
	if (!c->nwords || !dh__art_word_is(c->words[0], cc))
		return;
	const char *o = dh_sh_option(c, "-o");
	if (!o)
		return;
	bool is_static = dh_sh_has(c, "-static");
	const char *why = is_static ? NULL : c_lib_blocker(f, c);
	if (why) {
		dh__art_set_none(f->out, why,
				 "FROM debian:bookworm-slim   (the builder's "
				 "release)\n"
				 "RUN apt-get update && apt-get install -y "
				 "--no-install-recommends LIBRARY && rm -rf "
				 "/var/lib/apt/lists/*\n"
				 "COPY --from=build /path/to/binary /app\n"
				 "ENTRYPOINT [\"/app\"]   (or link with "
				 "-static and ship on scratch)");
		return;
	}
	dh__art_found_binary(f, DH_ART_C,
			     dh_path_join(f->ctx->doc->arena, wd, o), n,
			     is_static, NULL);
}

/* The runtime of the builder's own Node major, for snippets: distroless
 * where it ships that major, else the official slim image. */
static const char *node_runtime(const finder *f)
{
	const char *r =
		dh_baseimg_runtime_for(f->ctx->doc->arena, &f->st->ref, false);
	return r ? r : "node:MAJOR-slim   (the major version you build with)";
}

/* A distroless node image runs node as its entrypoint; a slim one does
 * not, so its CMD names node. */
static const char *node_cmd_prefix(const finder *f)
{
	const char *r = node_runtime(f);
	return strstr(r, "distroless") ? "" : "node\", \"";
}

/* npm ci, npm/yarn/pnpm install, and a bare `yarn`, which is yarn's
 * install (flags only, as in `yarn --frozen-lockfile`). */
static bool node_installs(const dh_shcmd *c)
{
	static const char *const pm[] = {"npm", "yarn", "pnpm", NULL};
	static const char *const yarn[] = {"yarn", NULL};
	if (!c->nwords || !dh__art_word_is(c->words[0], pm))
		return false;
	if (c->nwords >= 2 &&
	    (!strcmp(c->words[1], "ci") || !strcmp(c->words[1], "install")))
		return true;
	if (!dh__art_word_is(c->words[0], yarn))
		return false;
	for (size_t i = 1; i < c->nwords; i++)
		if (c->words[i][0] != '-')
			return false;
	return true;
}

static void try_node(finder *f, const dh_shcmd *c, dh_node *n, const char *wd)
{
	static const char *const node[] = {"node", "nodejs", NULL};
	if (!node_installs(c))
		return;
	/* A static server's stage is proven by its build script instead. */
	if (dh__art_static_server(f))
		return;
	if (f->argc < 2 || !dh__art_word_is(f->argv[0], node)) {
		dh__art_set_none(
			f->out,
			"the image is not started with 'node FILE' "
			"(distroless images have no npm)",
			dh_arena_printf(f->ctx->doc->arena,
					"FROM %s\n"
					"COPY --from=build /app /app\n"
					"WORKDIR /app\nCMD [\"%sserver.js\"]",
					node_runtime(f), node_cmd_prefix(f)));
		return;
	}
	if (strcmp(wd, "/") == 0) {
		dh__art_set_none(
			f->out,
			"the app is installed in '/' (no WORKDIR), so "
			"it cannot be copied without the whole builder",
			"WORKDIR /app   (before COPY and npm ci)");
		return;
	}
	f->out->kind = DH_ART_NODE;
	f->out->path = wd;
	f->out->is_dir = true;
	f->out->step = n;
	f->node_install = c;
}

static void try_python(finder *f, const dh_shcmd *c, dh_node *n, const char *wd)
{
	static const char *const py[] = {"python", "python3", "python3.11",
					 NULL};
	const char *venv = NULL;
	if (c->nwords >= 4 && dh__art_word_is(c->words[0], py) &&
	    !strcmp(c->words[1], "-m") && !strcmp(c->words[2], "venv"))
		venv = c->words[3];
	else if (c->nwords >= 2 && !strcmp(c->words[0], "virtualenv"))
		venv = c->words[c->nwords - 1];
	if (!venv)
		return;
	const char *tag = f->st->ref.tag;
	if (!tag || strncmp(tag, "3.11", 4) != 0) {
		dh__art_set_none(
			f->out,
			"the venv is built for a Python other than 3.11, "
			"the version distroless python3-debian12 ships",
			"FROM python:3.11-slim AS build\n...\n"
			"FROM gcr.io/distroless/python3-debian12:nonroot");
		return;
	}
	if (f->argc < 2 || !dh__art_word_is(f->argv[0], py)) {
		dh__art_set_none(f->out,
				 "the image is not started with 'python FILE'",
				 NULL);
		return;
	}
	if (strcmp(f->out->workdir, "/") == 0) {
		dh__art_set_none(f->out,
				 "the app runs from '/' (no WORKDIR), so it "
				 "cannot be copied without the whole builder",
				 "WORKDIR /app   (before COPY)");
		return;
	}
	f->out->kind = DH_ART_PYTHON;
	f->out->path = f->out->workdir;
	f->out->is_dir = true;
	f->out->extra = dh_path_join(f->ctx->doc->arena, wd, venv);
	f->out->env = dh_arena_printf(
		f->ctx->doc->arena,
		"ENV PYTHONPATH=%s/lib/python3.11/site-packages",
		f->out->extra);
	f->out->step = n;
}

/* The argv that starts the image: ENTRYPOINT (exec) + CMD, or one alone. */
static void find_command(finder *f)
{
	dh_node *ep = dh_stage_last(f->ctx, f->st, DH_INSTR_ENTRYPOINT);
	dh_node *cmd = dh_stage_last(f->ctx, f->st, DH_INSTR_CMD);
	dh_node *n = ep ? ep : cmd;
	if (!n)
		return;
	f->out->command = n;
	f->out->workdir = dh_stage_workdir(f->ctx, f->st, n);
	f->argv = dh_command_argv(f->ctx, n, &f->argc);
	if (f->argv && ep && cmd && dh_node_instr(f->ctx->doc, ep)->json) {
		/* Exec-form ENTRYPOINT: CMD supplies its arguments. */
		size_t nc;
		const char **cv = dh_command_argv(f->ctx, cmd, &nc);
		if (cv && nc) {
			const char **all = dh_arena_alloc(
				f->ctx->doc->arena,
				(f->argc + nc + 1) * sizeof(char *));
			memcpy(all, f->argv, f->argc * sizeof(char *));
			memcpy(all + f->argc, cv, nc * sizeof(char *));
			f->argv = all;
			f->argc += nc;
		}
	}
	if (f->argv)
		return;
	/* A shell form with shell features: judge by its first word. */
	const dh_instr *in = dh_node_instr(f->ctx->doc, n);
	dh_shcmd *cmds;
	if (in->nargs && dh_sh_split(&cmds, f->ctx->doc->arena, in->rest) &&
	    cmds[0].nwords) {
		f->argv = dh_sh_skip_exec(&cmds[0], &f->argc);
		f->out->needs_shell = true;
	}
}

/* The shell text a RUN executes: its line, and heredoc bodies it runs. */
static const char *run_script(finder *f, dh_node *n, const dh_instr *in)
{
	if (!in->nheredocs)
		return in->rest;
	dh_buf b = DH_BUF_INIT;
	dh_buf_puts(&b, in->rest);
	const char *base = dh_node_base(f->ctx->doc, n);
	for (size_t k = 0; k < in->nheredocs; k++) {
		dh_buf_putc(&b, '\n');
		dh_buf_put(&b, base + in->heredocs[k].body.start,
			   in->heredocs[k].body.end -
				   in->heredocs[k].body.start);
	}
	const char *r = dh_arena_strndup(f->ctx->doc->arena, b.data, b.len);
	dh_buf_free(&b);
	return r;
}

static void scan_runs(finder *f)
{
	const char *wd = "/"; /* followed along, not re-walked per RUN */
	for (dh_node *n = dh_stage_step(f->ctx, f->st, NULL); n;
	     n = dh_stage_step(f->ctx, f->st, n)) {
		const dh_instr *in = dh_node_instr(f->ctx->doc, n);
		wd = dh__art_next_workdir(f->ctx, f->st, n, in, wd);
		if (in->kind != DH_INSTR_RUN || in->json || !in->nargs)
			continue;
		dh_shcmd *cmds;
		size_t nc = dh_sh_split(&cmds, f->ctx->doc->arena,
					run_script(f, n, in));
		for (size_t i = 0; i < nc; i++) {
			dh__art_try_go(f, &cmds[i], n, wd);
			try_c(f, &cmds[i], n, wd);
			dh__art_try_rust(f, &cmds[i], n, wd);
			dh__art_try_java(f, &cmds[i], n, wd);
			dh__art_try_static(f, &cmds[i], n, wd);
			try_node(f, &cmds[i], n, wd);
			try_python(f, &cmds[i], n, wd);
			dh__art_try_dotnet(f, &cmds[i], n, wd);
			dh__art_try_pip(f, &cmds[i], n, wd);
		}
	}
}

/* Why a builder the base-image table does not know gets no runtime: a
 * repository named in upper case (which docker build rejects), or an
 * image whose runtime counterpart is simply not known. */
static const char *unknown_base(const finder *f)
{
	const dh_image_ref *r = &f->st->ref;
	for (const char *c = r->repository; c && *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			return dh_arena_printf(
				f->ctx->doc->arena,
				"the base image '%s' names its repository in "
				"upper case, which docker build rejects "
				"(image names are lower case)",
				r->text);
	return dh_arena_printf(f->ctx->doc->arena,
			       "the base image '%s' is not one the tool "
			       "knows, so no runtime image can be chosen "
			       "for it",
			       r->text);
}

static void choose_runtime(finder *f)
{
	dh_artifact *a = f->out;
	dh_arena *arena = f->ctx->doc->arena;
	/* A proof that chose its own runtime (pip: the builder's slim twin). */
	if (a->kind == DH_ART_NONE || a->runtime)
		return;
	const dh_baseimg *b = f->st->base;
	const char *musl_why =
		b && b->libc == DH_LIBC_MUSL && a->kind == DH_ART_NODE
			? dh__art_node_lock_native(f, f->node_install)
			: NULL;
	if (b && b->libc == DH_LIBC_MUSL &&
	    ((a->kind == DH_ART_NODE && musl_why) ||
	     a->kind == DH_ART_PYTHON)) {
		bool node = a->kind == DH_ART_NODE;
		const char *tag = f->st->ref.tag ? f->st->ref.tag : "";
		a->kind = DH_ART_NONE;
		a->reason = node ? dh_arena_printf(
					   arena,
					   "it is built on musl (Alpine), and "
					   "%s, so a module might not load on "
					   "a glibc runtime",
					   musl_why)
				 : "it is built on musl (Alpine): native "
				   "modules it installs would not load on a "
				   "glibc distroless runtime";
		a->snippet = node ? dh_arena_printf(
					    arena,
					    "build on the Debian-based image "
					    "of the same version (node:%s "
					    "without -alpine), then\nFROM %s",
					    tag, node_runtime(f))
				  : dh_arena_printf(
					    arena,
					    "build on the Debian-based image "
					    "of the same version (python:%s "
					    "without -alpine)",
					    tag);
		return;
	}
	bool is_static = a->is_static;
	bool native = a->kind == DH_ART_GO || a->kind == DH_ART_RUST ||
		      a->kind == DH_ART_C;
	if (a->needs_shell && native && !is_static &&
	    (!b || b->libc != DH_LIBC_MUSL)) {
		/* A shell, and the glibc the binary was linked against. */
		if (b && b->libc == DH_LIBC_GLIBC)
			a->runtime = "debian:bookworm-slim";
		else {
			a->kind = DH_ART_NONE;
			a->reason = "the CMD/ENTRYPOINT needs a shell, and no "
				    "runtime with a shell and this builder's C "
				    "library is known";
			return;
		}
	} else if (a->needs_shell)
		a->runtime = is_static ? "alpine:3.20" : NULL;
	else if (is_static)
		a->runtime = "scratch";
	if (!a->runtime)
		a->runtime = dh_baseimg_runtime_for(arena, &f->st->ref, false);
	if (a->kind == DH_ART_C && !a->runtime)
		a->runtime = is_static
				     ? "scratch"
				     : "gcr.io/distroless/cc-debian12:nonroot";
	if (!a->runtime && !b) {
		a->kind = DH_ART_NONE;
		a->reason = unknown_base(f);
		return;
	}
	if (!a->runtime && a->kind == DH_ART_NODE) {
		a->kind = DH_ART_NONE;
		a->reason =
			"the tag names no Node major version, so no runtime "
			"of the same major can be chosen";
		a->snippet = "pin the builder to a major (node:20-bookworm), "
			     "then rerun";
		return;
	}
	if (!a->runtime) {
		a->kind = DH_ART_NONE;
		a->reason = "no runtime image is known for this builder";
	}
}

/*
 * Paths written into new COPY lines must read back as one plain word:
 * no quotes, spaces, variables or globs.
 */
bool dh_path_is_plain(const char *path)
{
	if (path[0] != '/')
		return false;
	for (const char *c = path; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || strchr("/._-+@", *c)))
			return false;
	return true;
}

static void find(finder *f)
{
	dh_artifact *out = f->out;
	find_command(f);
	if (!out->command) {
		out->reason = "the stage has no CMD or ENTRYPOINT to confirm "
			      "what it runs";
		return;
	}
	dh__art_resolve_start(f);
	if (out->reason)
		return;
	scan_runs(f);
	if (out->kind == DH_ART_NONE && !out->reason) {
		out->no_build_step = true;
		out->reason =
			"no build step that names its output was found "
			"(go build -o, cargo build --release, mvn package, "
			"npm ci, a venv, dotnet publish -o, cc -o)";
	}
	if (out->kind != DH_ART_NONE &&
	    (!dh_path_is_plain(out->path) ||
	     (out->extra && !dh_path_is_plain(out->extra)) ||
	     !dh_path_is_plain(out->workdir))) {
		out->kind = DH_ART_NONE;
		out->reason = "the artifact's path needs quoting (spaces, "
			      "quotes, variables or globs)";
		return;
	}
	choose_runtime(f);
}

/* Whether any RUN has a build or install step of a language with a split
 * recipe, found or refused: scan_runs into a scratch artifact. */
static bool has_build_step(const finder *f)
{
	dh_artifact scratch = *f->out;
	scratch.kind = DH_ART_NONE;
	scratch.reason = NULL;
	finder g = *f;
	g.out = &scratch;
	scan_runs(&g);
	return scratch.kind != DH_ART_NONE || scratch.reason;
}

/* A builder the base-image table does not know: silent unless the stage
 * builds in a language with a split recipe, and then the unknown image
 * leads the reason (no runtime can be chosen for it whatever else). */
static void explain_unknown_base(finder *f)
{
	dh_artifact *a = f->out;
	if (f->st->base || a->kind != DH_ART_NONE)
		return;
	if (!has_build_step(f)) {
		a->no_build_step = true;
		return;
	}
	const char *why = unknown_base(f);
	a->snippet = NULL; /* a snippet would name a runtime for a guess */
	if (strcmp(a->reason, why) != 0)
		a->reason = dh_arena_printf(f->ctx->doc->arena,
					    "%s; besides, %s", why, a->reason);
}

void dh_artifact_find(dh_artifact *out, dh_pass_ctx *ctx, const dh_stage *st)
{
	memset(out, 0, sizeof(*out));
	out->workdir = "/";
	finder f = {.ctx = ctx, .st = st, .out = out};
	f.run_text = dh_stage_run_text(ctx, st);
	find(&f);
	explain_unknown_base(&f);
}
