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

/**
 * Sets out's identity (numeric, named or root), uid, gid, user_name,
 * root_reason and home from the final stage st of the hardened doc.
 */
void dh__facts_identity(dh_facts *out, dh_doc *doc, const dh_model *model,
			const dh_stage *st);

/**
 * Decides read_only_root: the paths a non-root user was handed (chown,
 * chmod o+w, mkdir as that user, COPY --chown, its home) are added to
 * writable when the build leaves them empty; one that may hold files
 * from the build leaves the root writable, with a warning, unless strict.
 */
void dh__facts_owned_paths(dh_facts *out, dh_doc *doc, const dh_model *model,
			   const dh_stage *st, bool strict);

#endif
