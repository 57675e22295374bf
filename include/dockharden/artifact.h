#ifndef DH_ARTIFACT_H
#define DH_ARTIFACT_H

#include <stdbool.h>
#include <stddef.h>

#include "dockharden/pass.h"

/**
 * What a build stage produces for the final image, when the Dockerfile
 * proves it: a build step that names its output, confirmed by the
 * CMD/ENTRYPOINT that runs it. Used by the multi-stage and minimal-final
 * passes. All strings are arena-owned.
 */
typedef enum dh_art_kind {
	DH_ART_NONE,
	DH_ART_GO,
	DH_ART_RUST,
	DH_ART_C,
	DH_ART_JAR,
	DH_ART_NODE,
	DH_ART_PYTHON,
	DH_ART_DOTNET,
	DH_ART_STATIC, /* a folder of files, served by nginx */
} dh_art_kind;

typedef struct dh_artifact {
	dh_art_kind kind;
	const char *path; /* absolute path in the builder */
	bool is_dir;
	const char *extra;   /* a second path to copy (a venv), or NULL */
	bool replay_copies;  /* the stage's COPY/ADD lines are repeated in
				the final (an app that runs from '/') */
	bool is_static;	     /* runs on scratch */
	bool cgo_default;    /* Go with cgo left on: may link the C library */
	bool needs_shell;    /* CMD/ENTRYPOINT uses shell features */
	dh_node *step;	     /* the RUN that builds it */
	dh_node *command;    /* the CMD or ENTRYPOINT that confirms it */
	const char *workdir; /* working directory when the command runs */
	const char *runtime; /* the final base image to use */
	const char *runtime_why; /* why that image, for DH102's hint, or NULL */
	const char *env;	 /* extra ENV line for the final, or NULL */
	const char *reason;	 /* DH_ART_NONE: why it cannot be proven */
	const char *snippet;	 /* DH_ART_NONE: a final stage to start from */
	bool blocked;		 /* DH_ART_NONE: a recipe recognised a build
				    step and named what stops it */
	bool no_build_step;	 /* DH_ART_NONE: no build or install step was
				    recognised at all (reason says which are) */
	/* Builder edits some proofs need (a venv where the file installs into
	 * the system): lines inserted before step, NULL-ended; step's new
	 * argument text, or NULL to keep it as written. */
	const char *prep[3];
	const char *step_rest;
	const char *final_run; /* a RUN right after the final's FROM, or NULL */
	const char *command_rest; /* command's new text (npm start resolved) */
} dh_artifact;

/** Finds the artifact of stage st (see dh_artifact). Never fails. */
void dh_artifact_find(dh_artifact *out, dh_pass_ctx *ctx, const dh_stage *st);

/** The working directory in force at node within stage st ("/" default). */
const char *dh_stage_workdir(dh_pass_ctx *ctx, const dh_stage *st,
			     const dh_node *node);

/** True when path is absolute and one plain word (safe in a COPY line). */
bool dh_path_is_plain(const char *path);

/** path resolved against dir, normalised ("." and ".." removed). */
const char *dh_path_join(dh_arena *arena, const char *dir, const char *path);

#endif
