/* SPDX-License-Identifier: MIT */
/*
 * Go: the binary `go build` and `go install` write, named as the go tool
 * names it. With `-o FILE` it is FILE; with `-o DIR/` (or a folder known
 * to exist), or without `-o`, it is named after the package: the last
 * element of its import path that is not a major version, which for the
 * module's root folder is go.mod's module path (read from beside the
 * Dockerfile when the stage copies it), and for a list of .go files the
 * first file's name. `go install` writes to $GOBIN, else $GOPATH/bin
 * (/go/bin in the official images). Several packages or a `...` pattern
 * write no binary at all.
 *
 * Static or not is evidence too: CGO_ENABLED=0 (or no C compiler, where
 * go turns cgo off itself) gives a static binary for scratch. Otherwise
 * the binary may link the C library, so it ships on distroless base of a
 * Debian release no older than the builder's (Debian's own slim image
 * when no distroless one is: dh__art_debian_twin), and not at all when
 * the stage installs C libraries (-dev packages) that runtime lacks.
 */
#include <string.h>

#include "artifact_internal.h"

/* go build/install flags whose value may be the next word. */
static const char *const value_flags[] = {
	"o",	    "C",	  "p",	      "asmflags",  "buildmode",
	"compiler", "gccgoflags", "gcflags",  "ldflags",   "installsuffix",
	"mod",	    "modfile",	  "overlay",  "pgo",	   "pkgdir",
	"tags",	    "toolexec",	  "coverpkg", "covermode", "exec",
	NULL,
};

/* Folders the official golang image puts before the default PATH. */
static const char *const golang_path[] = {"/go/bin", "/usr/local/go/bin", NULL};

typedef struct go_cmd {
	bool install;
	const char *out; /* -o, or NULL */
	const char *dir; /* -C, or NULL */
	const char **pkgs;
	size_t npkgs;
} go_cmd;

typedef struct go_mod {
	const char *root; /* folder go.mod was copied into, or NULL */
	const char *path; /* its module path, or NULL when unread */
} go_mod;

static bool takes_value(const char *name, size_t len)
{
	for (const char *const *v = value_flags; *v; v++)
		if (strlen(*v) == len && !strncmp(*v, name, len))
			return true;
	return false;
}

static void read_cmd(go_cmd *g, dh_arena *arena, const dh_shcmd *c)
{
	g->pkgs = dh_arena_alloc(arena, c->nwords * sizeof(char *));
	bool flags = true;
	for (size_t i = 2; i < c->nwords; i++) {
		const char *w = c->words[i];
		if (!flags || w[0] != '-' || !w[1]) {
			flags = false;
			g->pkgs[g->npkgs++] = w;
			continue;
		}
		if (!strcmp(w, "--")) {
			flags = false;
			continue;
		}
		const char *name = w + (w[1] == '-' ? 2 : 1);
		size_t nl = strcspn(name, "=");
		const char *val = name[nl] ? name + nl + 1 : NULL;
		if (!val && takes_value(name, nl) && i + 1 < c->nwords)
			val = c->words[++i];
		if (nl == 1 && name[0] == 'o')
			g->out = val;
		else if (nl == 1 && name[0] == 'C')
			g->dir = val;
	}
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n >= t && !strcmp(s + n - t, tail);
}

/* v2, v3, ...: a major-version suffix of a module path. */
static bool is_major(const char *e)
{
	size_t n = strlen(e);
	return n >= 2 && e[0] == 'v' && strspn(e + 1, "0123456789") == n - 1 &&
	       strcmp(e, "v0") && strcmp(e, "v1");
}

/* The last element of an import path that is not a major version. */
static const char *import_name(dh_arena *arena, const char *path)
{
	size_t len = strcspn(path, "@");
	while (len > 1 && path[len - 1] == '/')
		len--;
	char *p = dh_arena_strndup(arena, path, len);
	char *last = strrchr(p, '/');
	if (last && is_major(last + 1) && last != p) {
		*last = '\0';
		last = strrchr(p, '/');
	}
	return last ? last + 1 : p;
}

/* The module path of go.mod's text, or NULL. */
static const char *module_path(dh_arena *arena, const char *text)
{
	for (const char *l = text; l && *l;) {
		l += strspn(l, " \t");
		if (!strncmp(l, "module", 6) && (l[6] == ' ' || l[6] == '\t')) {
			const char *v = l + 6 + strspn(l + 6, " \t");
			bool q = *v == '"';
			v += q;
			size_t n = strcspn(v, q ? "\"\r\n" : " \t\r\n");
			return n ? dh_arena_strndup(arena, v, n) : NULL;
		}
		l = strchr(l, '\n');
		l = l ? l + 1 : NULL;
	}
	return NULL;
}

static void find_module(go_mod *m, dh__finder *f, const dh_node *step)
{
	m->root = dh__art_context_dir(f, step, "go.mod");
	m->path = NULL;
	if (m->root)
		m->path = module_path(f->ctx->doc->arena,
				      dh__art_read_side_file(f, "go.mod"));
}

static bool all_files(const go_cmd *g)
{
	for (size_t i = 0; i < g->npkgs; i++)
		if (!ends_with(g->pkgs[i], ".go"))
			return false;
	return true;
}

/*
 * The name go gives the binary, or NULL with *why set. *guessed tells a
 * name taken from the folder because go.mod could not be read.
 */
static const char *binary_name(dh__finder *f, const go_cmd *g, const char *cwd,
			       const go_mod *m, bool *guessed)
{
	dh_arena *arena = f->ctx->doc->arena;
	const char *pkg = g->npkgs ? g->pkgs[0] : ".";
	*guessed = false;
	if (all_files(g) && g->npkgs)
		return dh_arena_strndup(arena, dh__art_base_name(pkg),
					strlen(dh__art_base_name(pkg)) - 3);
	if (g->npkgs > 1 || strstr(pkg, "...") || strchr(pkg, '$'))
		return NULL;
	if (pkg[0] != '.' && pkg[0] != '/')
		return import_name(arena, pkg);
	const char *dir = dh_path_join(arena, cwd, pkg);
	if (m->root && !strcmp(dir, m->root) && m->path)
		return import_name(arena, m->path);
	*guessed = !strcmp(dir, m->root ? m->root : cwd);
	return strcmp(dir, "/") ? dh__art_base_name(dir) : NULL;
}

/* A plain absolute folder from an ENV value ("$X" or relative: NULL). */
static const char *plain_dir(dh__finder *f, const char *v)
{
	if (!v)
		return NULL;
	v = dh_arena_strndup(f->ctx->doc->arena, v, strcspn(v, ":"));
	return dh_path_is_plain(v) ? dh_path_join(f->ctx->doc->arena, v, ".")
				   : NULL;
}

/* Where `go install` writes, or NULL with *why set. */
static const char *install_dir(dh__finder *f, const dh_shcmd *c,
			       const char **why)
{
	if (dh__art_env_value(f, "GOOS") || dh__art_env_value(f, "GOARCH") ||
	    strstr(f->run_text, "GOOS=") || strstr(f->run_text, "GOARCH=")) {
		*why = "'go install' for a named GOOS/GOARCH may write into a "
		       "platform folder of $GOPATH/bin";
		return NULL;
	}
	for (size_t i = 0; i < c->nenv; i++)
		if (!strncmp(c->env[i], "GOBIN=", 6) ||
		    !strncmp(c->env[i], "GOPATH=", 7))
			return plain_dir(f, strchr(c->env[i], '=') + 1);
	const char *bin = plain_dir(f, dh__art_env_value(f, "GOBIN"));
	const char *gp = plain_dir(f, dh__art_env_value(f, "GOPATH"));
	const dh_baseimg *b = f->st->base;
	if (bin)
		return bin;
	if (strstr(f->run_text, "GOBIN=") || strstr(f->run_text, "GOPATH="))
		*why = "'go install' writes to $GOBIN or $GOPATH/bin, which a "
		       "RUN changes";
	else if (gp)
		return dh_path_join(f->ctx->doc->arena, gp, "bin");
	else if (b && b->eco == DH_ECO_GO && !b->windows)
		return "/go/bin";
	else
		*why = "'go install' writes to $GOPATH/bin, and this image's "
		       "GOPATH is not known";
	return NULL;
}

/* True when `-o X` names a folder: X/, ., .., a WORKDIR of the stage
 * before step, or a folder every image (or the golang image) has. */
static bool names_dir(dh__finder *f, const char *o, const char *abs,
		      const dh_node *step)
{
	static const char *const std[] = {"/usr/local/bin",  "/usr/bin", "/bin",
					  "/usr/local/sbin", "/tmp",	 NULL};
	const dh_baseimg *b = f->st->base;
	if (ends_with(o, "/") || !strcmp(o, ".") || !strcmp(o, ".."))
		return true;
	for (const char *const *s = std; *s; s++)
		if (!strcmp(abs, *s))
			return true;
	if (!strcmp(abs, "/go/bin") && b && b->eco == DH_ECO_GO)
		return true;
	const char *wd = "/";
	for (dh_node *n = dh_stage_step(f->ctx, f->st, NULL); n && n != step;
	     n = dh_stage_step(f->ctx, f->st, n)) {
		const dh_instr *in = dh_node_instr(f->ctx->doc, n);
		if (in->kind != DH_INSTR_WORKDIR || !in->nargs)
			continue;
		wd = dh_path_join(f->ctx->doc->arena, wd,
				  dh_model_expand_at(&f->ctx->model,
						     f->ctx->doc, f->st, n,
						     in->args[0].text));
		if (!strcmp(wd, abs))
			return true;
	}
	return false;
}

/*
 * Static or not, from the evidence; NULL when the binary can ship, else
 * why not. *cgo_default tells a binary that links the C library only
 * because nothing turned cgo off.
 */
static const char *linkage(dh__finder *f, const dh_shcmd *c, bool *is_static,
			   bool *cgo_default, const char **twin)
{
	bool off = dh__art_cmd_env_has(c, "CGO_ENABLED=0") ||
		   dh__art_stage_env_has(f, "CGO_ENABLED=0");
	bool on = dh__art_cmd_env_has(c, "CGO_ENABLED=1") ||
		  dh__art_stage_env_has(f, "CGO_ENABLED=1");
	/* Go turns cgo off by itself when the image has no C compiler. */
	const dh_baseimg *b = f->st->base;
	bool has_cc = !b || b->libc == DH_LIBC_GLIBC ||
		      strstr(f->run_text, "gcc") ||
		      strstr(f->run_text, "build-base");
	*is_static = off || (!on && !has_cc);
	*cgo_default = !*is_static && !on;
	if (*is_static)
		return NULL;
	const char *dev = dh__art_dev_pkg(f);
	if (dev)
		return dh_arena_printf(f->ctx->doc->arena,
				       "cgo is on and the stage installs "
				       "'%s', whose library a minimal runtime "
				       "lacks",
				       dev);
	if (b && b->libc == DH_LIBC_GLIBC &&
	    !dh__art_glibc_fits_debian12(&f->st->ref, 23)) {
		/* No distroless image of that release: Debian's own. */
		*twin = dh__art_debian_twin(f);
		if (!*twin)
			return "cgo is on, and the builder's Debian release "
			       "(so the glibc the binary needs) is not known";
	}
	return NULL;
}

static const char *const go_snippet =
	"RUN CGO_ENABLED=0 go build -o /out/app .\n"
	"FROM scratch\nCOPY --from=build /out/app /app\n"
	"ENTRYPOINT [\"/app\"]";

/* The binary's path, or NULL with *why set. */
static const char *output(dh__finder *f, const go_cmd *g, const dh_shcmd *c,
			  dh_node *n, const char *wd, const char **why)
{
	dh_arena *arena = f->ctx->doc->arena;
	const char *cwd = g->dir ? dh_path_join(arena, wd, g->dir) : wd;
	const char *o = g->out ? dh_path_join(arena, cwd, g->out) : NULL;
	if (o && !g->install && !names_dir(f, g->out, o, n))
		return o;
	go_mod m;
	find_module(&m, f, n);
	bool guessed;
	const char *name = binary_name(f, g, cwd, &m, &guessed);
	if (!name) {
		*why = o ? "'go build -o FOLDER' of several packages (or a "
			   "'...' pattern) writes one binary per main "
			   "package, and they are not named here"
			 : "'go build' of several packages (or a '...' "
			   "pattern) writes no binary";
		return NULL;
	}
	const char *dir = g->install ? install_dir(f, c, why) : o ? o : cwd;
	if (!dir)
		return NULL;
	const char *path = dh_path_join(arena, dir, name);
	if (guessed && dh__art_base_name(f->argc ? f->argv[0] : "")[0] &&
	    strcmp(dh__art_base_name(f->argv[0]), name))
		*why = "the go tool names this binary after go.mod's module "
		       "path, and no go.mod copied from beside the Dockerfile "
		       "could be read";
	return path;
}

void dh__art_try_go(dh__finder *f, const dh_shcmd *c, dh_node *n,
		    const char *wd)
{
	if (c->nwords < 2 || strcmp(c->words[0], "go"))
		return;
	go_cmd g = {.install = !strcmp(c->words[1], "install")};
	if (!g.install && strcmp(c->words[1], "build"))
		return;
	read_cmd(&g, f->ctx->doc->arena, c);
	const char *why = NULL;
	const char *path = output(f, &g, c, n, wd, &why);
	bool is_static = false, cgo_default = false;
	const char *twin = NULL;
	if (!why)
		why = linkage(f, c, &is_static, &cgo_default, &twin);
	if (why) {
		dh__art_set_none(f->out, why, go_snippet);
		return;
	}
	const dh_baseimg *b = f->st->base;
	dh__art_found_binary(f, DH_ART_GO, path, n, is_static,
			     b && b->eco == DH_ECO_GO ? golang_path : NULL);
	f->out->cgo_default = f->out->kind == DH_ART_GO && cgo_default;
	if (f->out->kind == DH_ART_GO && twin) {
		f->out->runtime = twin;
		f->out->runtime_why = dh__art_twin_why;
	}
}
