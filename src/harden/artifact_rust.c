/* SPDX-License-Identifier: MIT */
/*
 * Rust: `cargo build --release` writes target/[TRIPLE/]release/NAME
 * (under --target-dir or CARGO_TARGET_DIR when set); `cargo install
 * --path P` copies the package's binaries to $CARGO_HOME/bin
 * (/usr/local/cargo/bin in the official images, R/bin with --root R).
 * The names come from `--bin NAME`, else from Cargo.toml's [[bin]] names
 * and [package] name, read from beside the Dockerfile when the stage
 * copies it to the folder cargo builds. Without Cargo.toml a release
 * build still counts when the CMD runs a file of the release folder
 * (only the build can have put it there); an install does not, its
 * folder also holds cargo's own tools.
 *
 * A *-musl target (the default on Alpine) links statically; a glibc
 * binary ships on distroless cc, which has libgcc and libssl, when the
 * builder's glibc is Debian 12's or older and the stage installs no other
 * C library for it to link.
 */
#include <string.h>

#include "dockharden/buf.h"

#include "artifact_internal.h"

#define MAX_BINS 16

/* rust:1.N images were built on bookworm up to this N. */
#define RUST_LAST_BOOKWORM 88

/* Folders the official rust image puts before the default PATH. */
static const char *const rust_path[] = {"/usr/local/cargo/bin", NULL};

typedef struct crate {
	const char *names[MAX_BINS];
	size_t n;
} crate;

static void add_name(crate *k, const char *name)
{
	for (size_t i = 0; i < k->n; i++)
		if (!strcmp(k->names[i], name))
			return;
	if (k->n < MAX_BINS)
		k->names[k->n++] = name;
}

/* The quoted value of a `name = "x"` line, or NULL. */
static const char *name_value(dh_arena *arena, const char *l)
{
	if (strncmp(l, "name", 4))
		return NULL;
	l += 4 + strspn(l + 4, " \t");
	if (*l != '=')
		return NULL;
	l += 1 + strspn(l + 1, " \t");
	char q = *l;
	if (q != '"' && q != '\'')
		return NULL;
	size_t n = strcspn(l + 1, q == '"' ? "\"\r\n" : "'\r\n");
	if (l[1 + n] != q || !n)
		return NULL;
	return dh_arena_strndup(arena, l + 1, n);
}

/* The binary names of Cargo.toml's text: [[bin]] names and the package's
 * own name (its src/main.rs binary). A workspace root names none. */
static void read_cargo(crate *k, dh_arena *arena, const char *text)
{
	bool in_names = false;
	for (const char *l = text; l && *l;) {
		l += strspn(l, " \t");
		if (*l == '[')
			in_names = !strncmp(l, "[package]", 9) ||
				   !strncmp(l, "[[bin]]", 7);
		else if (in_names && name_value(arena, l))
			add_name(k, name_value(arena, l));
		l = strchr(l, '\n');
		l = l ? l + 1 : NULL;
	}
}

typedef struct cargo_cmd {
	bool install;
	const char *profile; /* release, debug, or a named profile */
	const char *target;
	const char *target_dir;
	const char *path; /* install --path */
	const char *root; /* install --root */
	bool other_pkg;	  /* -p, --manifest-path: Cargo.toml is not ours */
	crate bins;	  /* --bin NAME */
} cargo_cmd;

static const char *opt(const dh_shcmd *c, size_t *i, const char *name)
{
	const char *w = c->words[*i];
	size_t n = strlen(name);
	if (strncmp(w, name, n))
		return NULL;
	if (w[n] == '=')
		return w + n + 1;
	const char *v = !w[n] && *i + 1 < c->nwords ? c->words[*i + 1] : NULL;
	if (v)
		++*i;
	return v;
}

static void read_cmd(cargo_cmd *g, const dh_shcmd *c)
{
	for (size_t i = 2; i < c->nwords; i++) {
		const char *w = c->words[i], *v;
		if (!strcmp(w, "--release") || !strcmp(w, "-r"))
			g->profile = "release";
		else if ((v = opt(c, &i, "--profile")))
			g->profile = strcmp(v, "dev") ? v : "debug";
		else if ((v = opt(c, &i, "--target-dir")))
			g->target_dir = v;
		else if ((v = opt(c, &i, "--target")))
			g->target = v;
		else if ((v = opt(c, &i, "--bin")))
			add_name(&g->bins, v);
		else if ((v = opt(c, &i, "--path")))
			g->path = v;
		else if ((v = opt(c, &i, "--root")))
			g->root = v;
		else if (!strcmp(w, "-p") || !strncmp(w, "--package", 9) ||
			 !strncmp(w, "--manifest-path", 15))
			g->other_pkg = true;
	}
}

/* A plain absolute folder from an ENV or option value, or NULL. */
static const char *plain(dh__finder *f, const char *wd, const char *v)
{
	if (!v || strpbrk(v, "$`'\""))
		return NULL;
	v = dh_path_join(f->ctx->doc->arena, wd, v);
	return dh_path_is_plain(v) ? v : NULL;
}

/* The cmd's own VAR=value, else the stage's ENV, or NULL. */
static const char *var(dh__finder *f, const dh_shcmd *c, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i < c->nenv; i++)
		if (!strncmp(c->env[i], name, n) && c->env[i][n] == '=')
			return c->env[i] + n + 1;
	return dh__art_env_value(f, name);
}

/* The folder the binaries land in, or NULL with *why set. */
static const char *out_dir(dh__finder *f, const cargo_cmd *g, const dh_shcmd *c,
			   const char *wd, const char **why)
{
	dh_arena *arena = f->ctx->doc->arena;
	if (!g->install) {
		const char *td = g->target_dir ? g->target_dir
					       : var(f, c, "CARGO_TARGET_DIR");
		const char *base = td ? plain(f, wd, td)
				      : dh_path_join(arena, wd, "target");
		if (!base)
			*why = "the cargo target folder is set to a value that "
			       "is not read (a variable or quotes)";
		else if (g->target)
			base = dh_path_join(arena, base, g->target);
		return base ? dh_path_join(arena, base, g->profile) : NULL;
	}
	const char *root = g->root ? g->root : var(f, c, "CARGO_INSTALL_ROOT");
	if (!root)
		root = var(f, c, "CARGO_HOME");
	const dh_baseimg *b = f->st->base;
	if (!root && b && b->eco == DH_ECO_RUST && !b->windows)
		root = "/usr/local/cargo";
	root = plain(f, wd, root);
	if (!root)
		*why = "'cargo install' writes to $CARGO_HOME/bin, and this "
		       "image's CARGO_HOME is not known";
	return root ? dh_path_join(arena, root, "bin") : NULL;
}

/* The package's binaries: --bin, else Cargo.toml copied to pkg_dir. */
static void find_names(crate *k, dh__finder *f, const cargo_cmd *g,
		       const dh_node *step, const char *pkg_dir)
{
	*k = g->bins;
	if (k->n || g->other_pkg)
		return;
	const char *at = dh__art_context_dir(f, step, "Cargo.toml");
	if (!at || strcmp(at, pkg_dir))
		return;
	const char *text = dh__art_read_side_file(f, "Cargo.toml");
	if (text)
		read_cargo(k, f->ctx->doc->arena, text);
}

/*
 * Why a glibc binary cannot ship on distroless cc, or NULL; *twin is set
 * to the Debian slim image to ship on instead when the builder's release
 * has no distroless cc (that image lacks libssl, so no -dev package at
 * all may be installed then).
 */
static const char *glibc_blocker(dh__finder *f, const char **twin)
{
	const char *dev = dh__art_dev_pkg(f);
	if (dev && strcmp(dev, "libssl-dev") && strcmp(dev, "openssl-dev"))
		return dh_arena_printf(f->ctx->doc->arena,
				       "the stage installs '%s', whose library "
				       "the glibc binary may link and "
				       "distroless cc lacks",
				       dev);
	if (dh__art_glibc_fits_debian12(&f->st->ref, RUST_LAST_BOOKWORM))
		return NULL;
	*twin = dh__art_debian_twin(f);
	if (!*twin)
		return "the builder's Debian release (so the glibc the binary "
		       "needs) is not known";
	if (dev)
		return dh_arena_printf(f->ctx->doc->arena,
				       "the stage installs '%s', and the only "
				       "runtime of the builder's Debian "
				       "release, %s, lacks its library",
				       dev, *twin);
	return NULL;
}

static const char *const rust_snippet =
	"FROM gcr.io/distroless/cc-debian12:nonroot\n"
	"COPY --from=build /src/target/release/app /app\n"
	"ENTRYPOINT [\"/app\"]";

/* The candidate the image runs: the name argv[0] ends in, or the first. */
static const char *pick(const dh__finder *f, const crate *k)
{
	const char *run = f->argc ? dh__art_base_name(f->argv[0]) : "";
	for (size_t i = 0; i < k->n; i++)
		if (!strcmp(k->names[i], run))
			return k->names[i];
	return k->names[0];
}

/* No names known: a release build counts when the CMD runs a file of
 * its folder; the path of that file, or NULL. */
static const char *run_from(dh__finder *f, const char *dir)
{
	if (!f->argc)
		return NULL;
	const char *exe =
		dh_path_join(f->ctx->doc->arena, f->out->workdir, f->argv[0]);
	size_t dl = strlen(dir);
	if (strncmp(exe, dir, dl) || exe[dl] != '/' ||
	    strchr(exe + dl + 1, '/'))
		return NULL;
	return exe;
}

static const char *binary(dh__finder *f, const cargo_cmd *g, const crate *k,
			  const char *dir, const char **why)
{
	if (k->n)
		return dh_path_join(f->ctx->doc->arena, dir, pick(f, k));
	const char *exe = g->install ? NULL : run_from(f, dir);
	if (!exe)
		*why = g->install ? "'cargo install' names its binaries after "
				    "Cargo.toml, and no Cargo.toml copied from "
				    "beside the Dockerfile could be read"
				  : "the CMD/ENTRYPOINT does not run a binary "
				    "from the cargo release folder, and no "
				    "Cargo.toml copied from beside the "
				    "Dockerfile names it";
	return exe;
}

/* Options of a build that `cargo run` would have to repeat exactly. */
static bool changes_build(const dh_shcmd *c)
{
	static const char *const flags[] = {
		"--features", "-F", "--all-features", "--no-default-features",
		NULL,
	};
	for (size_t i = 2; i < c->nwords; i++)
		if (dh__art_word_is(c->words[i], flags) ||
		    !strncmp(c->words[i], "--features=", 11))
			return true;
	return false;
}

static bool is_cargo_run(const dh__finder *f)
{
	return f->argc >= 2 && !strcmp(f->argv[0], "cargo") &&
	       !strcmp(f->argv[1], "run");
}

/*
 * `cargo run --release [--bin NAME] [-- ARGS]` after the same release
 * build only starts the binary that build made (cargo finds it fresh), so
 * the image can start it directly, from the same folder. The binary's
 * name: --bin, or the one Cargo.toml names. Replaces f->argv and records
 * the new command; otherwise returns why not.
 */
static const char *run_to_binary(dh__finder *f, const cargo_cmd *g,
				 const dh_shcmd *build, const crate *k,
				 const char *dir)
{
	static const char *const quiet[] = {
		"--release", "-r", "--locked", "--frozen",
		"--offline", "-q", "--quiet",  NULL,
	};
	if (f->out->needs_shell || g->install || g->target || g->target_dir ||
	    strcmp(g->profile, "release") || changes_build(build) ||
	    (dh_stage_last(f->ctx, f->st, DH_INSTR_ENTRYPOINT) &&
	     dh_stage_last(f->ctx, f->st, DH_INSTR_CMD)))
		return "the image starts with 'cargo run', and the build is "
		       "not a plain release build whose binary it would "
		       "start as it is";
	const char *bin = NULL;
	bool release = false;
	size_t i = 2;
	for (; i < f->argc && strcmp(f->argv[i], "--"); i++) {
		if (!strcmp(f->argv[i], "--bin") && i + 1 < f->argc)
			bin = f->argv[++i];
		else if (!dh__art_word_is(f->argv[i], quiet))
			return dh_arena_printf(f->ctx->doc->arena,
					       "the image starts with 'cargo "
					       "run %s', which may build "
					       "something else than the build "
					       "step did",
					       f->argv[i]);
		release = release || !strcmp(f->argv[i], "--release") ||
			  !strcmp(f->argv[i], "-r");
	}
	if (!bin && k->n == 1)
		bin = k->names[0];
	if (!release)
		return "the image starts with 'cargo run' without --release, "
		       "a debug build the release build did not make";
	if (!bin)
		return "the image starts with 'cargo run', and no Cargo.toml "
		       "copied from beside the Dockerfile (or --bin) names "
		       "the one binary it runs";
	size_t nargs = i < f->argc ? f->argc - i - 1 : 0;
	const char **argv = dh_arena_alloc(f->ctx->doc->arena,
					   (nargs + 2) * sizeof(char *));
	argv[0] = dh_path_join(f->ctx->doc->arena, dir, bin);
	for (size_t a = 0; a < nargs; a++)
		argv[1 + a] = f->argv[i + 1 + a];
	argv[nargs + 1] = NULL;
	dh_buf b = DH_BUF_INIT;
	dh_json_argv(&b, argv, nargs + 1);
	f->out->command_rest =
		dh_arena_strndup(f->ctx->doc->arena, b.data, b.len);
	dh_buf_free(&b);
	f->argv = argv;
	f->argc = nargs + 1;
	return NULL;
}

void dh__art_try_rust(dh__finder *f, const dh_shcmd *c, dh_node *n,
		      const char *wd)
{
	if (c->nwords < 2 || strcmp(c->words[0], "cargo"))
		return;
	cargo_cmd g = {.install = !strcmp(c->words[1], "install")};
	if (!g.install && strcmp(c->words[1], "build"))
		return;
	read_cmd(&g, c);
	if (g.install && !g.path) {
		dh__art_set_none(f->out,
				 "'cargo install' of a published crate: its "
				 "binary names are not in the build context",
				 rust_snippet);
		return;
	}
	if (!g.install && !g.profile)
		return; /* a debug build: a dev image, left alone */
	const char *why = NULL;
	const char *dir = out_dir(f, &g, c, wd, &why);
	crate k;
	find_names(&k, f, &g, n,
		   g.install ? dh_path_join(f->ctx->doc->arena, wd, g.path)
			     : wd);
	if (!why && is_cargo_run(f))
		why = run_to_binary(f, &g, c, &k, dir);
	const char *path = why ? NULL : binary(f, &g, &k, dir, &why);
	const dh_baseimg *b = f->st->base;
	bool is_static = g.target ? strstr(g.target, "musl") != NULL
				  : b && b->libc == DH_LIBC_MUSL;
	const char *twin = NULL;
	if (!why && !is_static)
		why = glibc_blocker(f, &twin);
	if (why) {
		dh__art_set_none(f->out, why, rust_snippet);
		return;
	}
	dh__art_found_binary(f, DH_ART_RUST, path, n, is_static,
			     b && b->eco == DH_ECO_RUST ? rust_path : NULL);
	if (f->out->kind == DH_ART_RUST && twin) {
		f->out->runtime = twin;
		f->out->runtime_why = dh__art_twin_why;
	}
}
