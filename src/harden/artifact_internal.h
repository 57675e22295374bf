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
	const char *run_text; /* all RUN text, for ENV/export checks */
} dh__finder;

/** The last path element of p (borrowed from p). */
const char *dh__art_base_name(const char *p);

/** True when w, or its last path element, is one of set (NULL-ended). */
bool dh__art_word_is(const char *w, const char *const *set);

/** Records why nothing is proven, unless an earlier reason or a find won. */
void dh__art_set_none(dh_artifact *a, const char *reason, const char *snippet);

/**
 * The packages stage f->st installs with apt-get (apk when apk) that a
 * final on the same distribution still needs, space-separated ("" for
 * none; arena-owned). NULL, with *why set (arena-owned), when one has no
 * known runtime counterpart.
 */
const char *dh__art_runtime_pkgs(dh__finder *f, bool apk, const char **why);

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

#endif
