/* SPDX-License-Identifier: MIT */
/*
 * Shared by the runtime-facts readers (facts_doc.c, facts_user.c): who the
 * hardened final stage runs as, and which paths it owns and may write.
 */
#ifndef DH_FACTS_INTERNAL_H
#define DH_FACTS_INTERNAL_H

#include "dockharden/facts.h"
#include "dockharden/model.h"
#include "dockharden/pass.h"

/*
 * A path word of the file whose variables no ARG or ENV default sets once
 * resolved (an ARG without a default, a shell variable): it is never written
 * into a setting (an emptyDir mountPath, --tmpfs, compose tmpfs), it keeps
 * the read-only root out unless strict, and under a read-only root it is
 * named in a warning. Strings are arena-owned.
 */
typedef struct dh__unset_path {
	const char *what; /* "VOLUME", "HOME", "the user is handed" */
	const char *word; /* as written */
	const char *var;  /* the first variable left, "DATA" */
	const dh_node *at;
} dh__unset_path;

typedef struct dh__unset_paths {
	dh__unset_path *v;
	size_t n;
	size_t cap;
} dh__unset_paths;

/*
 * text (a word of instruction at, in stage st) with the ARG and ENV values
 * in effect there substituted by dh_model_expand_at(). Returns the result
 * (arena-owned or text itself), or NULL when a variable is left: the word
 * is then appended to unset with what, and the variable it holds.
 */
const char *dh__facts_path(dh__unset_paths *unset, dh_doc *doc,
			   const dh_model *model, const dh_stage *st,
			   const dh_node *at, const char *what,
			   const char *text);

/**
 * Sets out's identity (numeric, named or root), uid, gid, user_name,
 * root_reason and home from the final stage st of the hardened doc; a
 * HOME whose variables are not set is left out and added to unset.
 */
void dh__facts_identity(dh_facts *out, dh_doc *doc, const dh_model *model,
			const dh_stage *st, dh__unset_paths *unset);

/**
 * Decides read_only_root: the paths a non-root user was handed (chown,
 * chmod o+w, mkdir as that user, COPY --chown, its home) are added to
 * writable when the build leaves them empty; one that may hold files
 * from the build leaves the root writable, with a warning, unless strict.
 * So does a path in unset (VOLUMEs and HOME already there, the handed-over
 * paths added); under a read-only root each is named in a warning instead.
 */
void dh__facts_owned_paths(dh_facts *out, dh_doc *doc, const dh_model *model,
			   const dh_stage *st, bool strict,
			   dh__unset_paths *unset);

#endif
