#ifndef DH_MODEL_H
#define DH_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dockharden/baseimg.h"
#include "dockharden/cst.h"
#include "dockharden/image_ref.h"

/**
 * The stage model of a Dockerfile: its stages, their base images (with
 * ARG defaults applied), the ARG scopes, COPY --from links and the user
 * in effect at every instruction. Computed from the tree; rebuilt after a
 * pass changes the tree. Everything is owned by the document's arena.
 */

/** An ARG with its default, as declared (value NULL when none). */
typedef struct dh_arg {
	const char *name;
	const char *value;
} dh_arg;

/** The user an instruction runs as. */
typedef struct dh_user {
	const char *spec; /* as written in USER, or the base's default */
	bool known;	  /* uid is known (numeric, or a known name) */
	uint32_t uid;
	uint32_t gid;
	bool has_gid;
	bool is_root;	 /* uid 0, or "root", or assumed for an unknown base */
	dh_node *set_by; /* the USER instruction, or NULL for the base */
} dh_user;

typedef struct dh_stage {
	size_t index;
	dh_node *from; /* the FROM instruction */
	const dh_instr *from_instr;
	const char *name;	 /* AS name, or NULL */
	const char *image;	 /* base image with ARG defaults applied */
	dh_image_ref ref;	 /* image parsed */
	const dh_baseimg *base;	 /* knowledge about the base, or NULL */
	struct dh_stage *parent; /* when FROM names an earlier stage */
	dh_node *last;		 /* last instruction in the stage */
	dh_arg *args;		 /* ARGs declared inside the stage */
	size_t nargs;
	dh_arg *envs; /* ENV values at the stage's end (a parent's first),
			 references to earlier ARGs and ENVs resolved */
	size_t nenvs;
	dh_user user_start; /* user in effect right after FROM */
	dh_user user_end;   /* user in effect at the end */
	bool windows;
	const char *windows_why; /* the signal that says Windows, or NULL */
} dh_stage;

typedef struct dh_model {
	dh_stage *stages;
	size_t nstages;
	dh_arg *global_args; /* ARGs before the first FROM */
	size_t nglobal;
	bool has_onbuild;
	bool windows; /* any stage is a Windows image, or escape is ` */
	const char *const *image_map; /* mirrors: from-prefix, to-prefix */
	size_t nimage_map;
	/* Lookup tables (open addressing, arena-owned): stage names, and
	 * FROM nodes, to stage index + 1; 0 marks a free slot. */
	size_t *by_name;
	size_t *by_from;
	size_t table_size;
} dh_model;

/** Builds the model for doc; arrays are arena-owned. Never fails. */
void dh_model_build(dh_model *out, dh_doc *doc);

/**
 * As dh_model_build, knowing the configured registry mirrors (pairs of
 * from-prefix, to-prefix): a base image pulled through a mirror is
 * recognised as the image it mirrors.
 */
void dh_model_build_mapped(dh_model *out, dh_doc *doc,
			   const char *const *image_map, size_t nmap);

/** The stage an instruction belongs to, or NULL (before the first FROM). */
dh_stage *dh_model_stage_of(const dh_model *model, const dh_doc *doc,
			    const dh_node *node);

/**
 * The instruction after prev in stage st (the first one when prev is
 * NULL), skipping comments and blank lines; NULL at the next FROM or the
 * end of the file.
 */
dh_node *dh_stage_next(dh_doc *doc, const dh_stage *st, dh_node *prev);

/** The last stage (the shipped image), or NULL when there is none. */
dh_stage *dh_model_final(const dh_model *model);

/** The stage a --from value or FROM names (by name or index), or NULL. */
dh_stage *dh_model_find_stage(const dh_model *model, const char *ref);

/** The user in effect when node runs. */
dh_user dh_model_user_at(const dh_model *model, dh_doc *doc,
			 const dh_node *node);

/**
 * Substitutes $NAME and ${NAME} whose ARG default is known in the given
 * stage's scope (global ARGs only when re-declared in the stage, as
 * Docker does; in FROM lines, global ARGs). Unknown references stay as
 * written. Arena-owned result.
 */
const char *dh_model_expand(const dh_model *model, dh_doc *doc,
			    const dh_stage *stage, const char *text);

/**
 * As dh_model_expand, with the ENV values in effect at node (set earlier in
 * the stage, or in the stage it builds on) taking precedence over ARG
 * defaults, as Docker does. Unknown references stay. Arena-owned result.
 */
const char *dh_model_expand_at(const dh_model *model, dh_doc *doc,
			       const dh_stage *stage, const dh_node *node,
			       const char *text);

/** Parses a USER value ("app", "1000:1000") into out, with base knowledge. */
void dh_user_parse(dh_user *out, const char *spec, const dh_baseimg *base);

#endif
