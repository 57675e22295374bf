#ifndef DH_ARTIFACT_INTERNAL_H
#define DH_ARTIFACT_INTERNAL_H

/*
 * Shared between artifact.c (the driver and the ecosystems that name
 * their output) and artifact_<lang>.c files that need more reading.
 */
#include <stdbool.h>
#include <stddef.h>

#include "dockharden/artifact.h"
#include "dockharden/buf.h"
#include "dockharden/shellcmd.h"

typedef struct dh__finder {
	dh_pass_ctx *ctx;
	const dh_stage *st;
	dh_artifact *out;
	const char **argv; /* the command that runs the image */
	size_t argc;
	const char *run_text;	      /* all RUN text, for ENV/export checks */
	const dh_shcmd *node_install; /* the npm/yarn install a Node proof
					 rests on */
} dh__finder;

/** The last path element of p (borrowed from p). */
const char *dh__art_base_name(const char *p);

/** True when w, or its last path element, is one of set (NULL-ended). */
bool dh__art_word_is(const char *w, const char *const *set);

/* Largest file read beside the Dockerfile (package.json, go.mod ...). */
#define DH__ART_MAX_SIDE 65536

/** Records why nothing is proven, unless an earlier reason or a find won. */
void dh__art_set_none(dh_artifact *a, const char *reason, const char *snippet);

/** True when an ENV line, a RUN's text or an export sets assignment. */
bool dh__art_stage_env_has(dh__finder *f, const char *assignment);

/** True when c runs with the inline assignment ("CGO_ENABLED=0 go ..."). */
bool dh__art_cmd_env_has(const dh_shcmd *c, const char *assignment);

/** The value the stage's last ENV gives name (borrowed), or NULL. */
const char *dh__art_env_value(dh__finder *f, const char *name);

/**
 * The file name beside the Dockerfile (opts->base_dir), NUL-ended and
 * arena-owned; NULL when there is no folder, the file cannot be read or
 * it is larger than DH__ART_MAX_SIDE. Never run, never parsed here.
 */
char *dh__art_read_side_file(dh__finder *f, const char *name);

/* Largest package-lock.json read: lock files of ordinary apps run to
 * hundreds of KiB, and only a few keys are searched in them. */
#define DH__ART_MAX_LOCK (8 * 1024 * 1024)

/**
 * dh__art_read_side_file with its own size limit: NULL with *too_big set
 * when the file is larger than max (and then not read at all).
 */
char *dh__art_read_side_file_max(dh__finder *f, const char *name, size_t max,
				 bool *too_big);

/**
 * The absolute folder into which the stage's last COPY/ADD from the build
 * context before until brings the context's root file name (by name, a
 * glob, or the whole context), or NULL. A copy that renames it does not
 * count.
 */
/* The working folder after instruction n (in, of stage st) when it was wd
 * before: a WORKDIR joined to it, its ARG and ENV values resolved. */
const char *dh__art_next_workdir(dh_pass_ctx *ctx, const dh_stage *st,
				 const dh_node *n, const dh_instr *in,
				 const char *wd);

const char *dh__art_context_dir(dh__finder *f, const dh_node *until,
				const char *name);

/**
 * Records the binary at path (built by step) as the artifact when the
 * image runs it: argv[0] resolved against WORKDIR, or a bare name found
 * on PATH in path's folder when that folder is on the default PATH or in
 * path_dirs (NULL-ended, may be NULL; the CMD is then rewritten to the
 * full path). Otherwise records why not.
 */
void dh__art_found_binary(dh__finder *f, dh_art_kind kind, const char *path,
			  dh_node *step, bool is_static,
			  const char *const *path_dirs);

/**
 * True when a binary linked on builder r needs no newer glibc than
 * Debian 12's (the distroless *-debian12 images): the tag names bookworm
 * or an older release, or its version 1.N has N <= last_bookworm, the
 * last minor version whose images were built on bookworm before the
 * official images moved to trixie.
 */
bool dh__art_glibc_fits_debian12(const dh_image_ref *r, long last_bookworm);

/**
 * A Debian slim image whose glibc is never older than the one a binary
 * built on stage st (an official golang or rust image on glibc) links:
 * "debian:CODENAME-slim" when the tag names the release, and for a tag
 * that names none (the default variant, which the official images only
 * move to a Debian release once it is stable) "debian:stable-slim".
 * NULL for any other builder, a digest or a tag not read. Static string
 * or arena-owned.
 */
const char *dh__art_debian_twin(dh__finder *f);

/** Why a binary ships on dh__art_debian_twin's image (DH102's hint). */
extern const char *const dh__art_twin_why;

/**
 * `cargo build --release` and `cargo install` (src/harden/
 * artifact_rust.c): the binaries Cargo.toml names, when the context has
 * it, or the one `--bin` names.
 */
void dh__art_try_rust(dh__finder *f, const dh_shcmd *c, dh_node *n,
		      const char *wd);

/**
 * `mvn package`, `gradle build` ... (src/harden/artifact_jvm.c): the jar
 * that `java -jar` runs, named in target/ or build/libs/, or copied out
 * of there to a file name by a later cp or mv.
 */
void dh__art_try_java(dh__finder *f, const dh_shcmd *c, dh_node *n,
		      const char *wd);

/**
 * `npm run build` (yarn, pnpm) and an image started with `serve DIR` or
 * `http-server DIR` (src/harden/artifact_static.c): DIR, served by
 * nginx-unprivileged, when the server's options ask for plain files only.
 */
void dh__art_try_static(dh__finder *f, const dh_shcmd *c, dh_node *n,
			const char *wd);

/** True when the image starts a static file server (serve, http-server). */
bool dh__art_static_server(const dh__finder *f);

/**
 * `dotnet publish` (src/harden/artifact_dotnet.c): the -o folder, or
 * without -o the project's bin/CONFIG/TFM/[RID/]publish folder that the
 * started dll is in.
 */
void dh__art_try_dotnet(dh__finder *f, const dh_shcmd *c, dh_node *n,
			const char *wd);

/**
 * `go build` (with or without -o, to a file or a folder) and `go install`
 * (src/harden/artifact_go.c): names the binary as the go tool does, from
 * go.mod's module path when the context has it.
 */
void dh__art_try_go(dh__finder *f, const dh_shcmd *c, dh_node *n,
		    const char *wd);

/**
 * The packages stage f->st installs with apt-get (apk when apk) that a
 * final on the same distribution still needs, space-separated ("" for
 * none; arena-owned). NULL, with *why set (arena-owned), when one has no
 * known runtime counterpart.
 */
const char *dh__art_runtime_pkgs(dh__finder *f, bool apk, const char **why);

/**
 * The first -dev (-devel) package stage f->st installs with apt-get or
 * apk, other than the C library's own headers (borrowed), or NULL: a
 * compiled artifact may link its library.
 */
const char *dh__art_dev_pkg(dh__finder *f);

/**
 * `pip install` into the system or --user site (src/harden/
 * artifact_python.c): proves a venv split when the dependencies, the app
 * folder, the start command and the runtime's packages are all known.
 */
void dh__art_try_pip(dh__finder *f, const dh_shcmd *c, dh_node *n,
		     const char *wd);

/**
 * When the image starts with `npm start` (yarn, pnpm), replaces f->argv by
 * what package.json's scripts.start runs if that is a plain `node FILE`,
 * and records the new CMD in out->command_rest (src/harden/
 * artifact_node.c); otherwise sets out->reason. Reads package.json (and
 * server.js's existence) from opts->base_dir only.
 */
void dh__art_resolve_start(dh__finder *f);

/**
 * Why the modules `npm ci` (install, one command of step) installed on
 * musl might not load on glibc, or NULL when the package-lock.json the
 * stage copies from beside the Dockerfile into the app folder is version
 * 2 or 3 and lists no module with an install script or an os, cpu or
 * libc restriction: pure JavaScript, the same on any C library. Reads
 * the file (src/harden/artifact_node.c). The reason is static or
 * arena-owned.
 */
const char *dh__art_node_lock_native(dh__finder *f, const dh_shcmd *install);

#endif
