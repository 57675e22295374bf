#ifndef DH_PARSE_H
#define DH_PARSE_H

#include "dockharden/arena.h"
#include "dockharden/cst.h"
#include "dockharden/source.h"

/**
 * Parses a Dockerfile into a lossless tree. Findings (syntax errors,
 * warnings) go to (*out)->diags and never stop the parse: a bad line
 * becomes an ERROR node that prints unchanged, and after 20 errors the
 * rest of the input becomes one ERROR node. The document lives in arena.
 * Returns 0; the caller checks (*out)->diags.errors.
 */
int dh_parse(dh_doc **out, dh_arena *arena, dh_source *src);

/** True when the document parsed without errors. */
int dh_doc_ok(const dh_doc *doc);

/**
 * Adds an "unknown-instruction" error to out (doc->diags, or a caller's
 * list) for each top-level instruction whose keyword BuildKit does not
 * know (RUNN, FORM): the parser keeps such lines, as BuildKit's parser
 * does, but a build rejects the file. The span is the keyword. Returns how
 * many were found. harden, lint, k8s and docker-run report them as
 * errors; fmt keeps such lines byte for byte and warns once.
 */
size_t dh_doc_check_instructions(dh_diags *out, dh_doc *doc);

#endif
