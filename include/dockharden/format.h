#ifndef DH_FORMAT_H
#define DH_FORMAT_H

#include <stddef.h>

#include "dockharden/buf.h"
#include "dockharden/cst.h"

/**
 * Canonical, whitespace-only formatting for format-on-save: instruction
 * keywords upper-case, one space after the keyword, continuation lines
 * indented alike, trailing white space trimmed. Comments, directives,
 * heredoc bodies and lines that did not parse are left as they are, and
 * no change alters what the Dockerfile means (an indent inside a quoted
 * string, or one that would split a word, is kept). Idempotent. Sets
 * *out_changes to the number of nodes changed. Returns 0.
 */
int dh_format(dh_doc *doc, size_t *out_changes);

/**
 * Appends the document as dh_format and dh_doc_render would print it,
 * without editing the tree: formatted nodes are written straight out
 * rather than re-read, which is what makes format-on-save of a large file
 * cheap. Sets *out_changes as dh_format does.
 */
void dh_format_render(dh_buf *out, dh_doc *doc, size_t *out_changes);

#endif
