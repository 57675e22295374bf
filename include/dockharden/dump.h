#ifndef DH_DUMP_H
#define DH_DUMP_H

#include "dockharden/buf.h"
#include "dockharden/cst.h"

/**
 * The reference parser's dump format (one "(keyword ...)" line per
 * instruction), as described in shared/conformance/README.md.
 */
void dh_dump_reference(dh_buf *out, const dh_doc *doc);

/** The tree as JSON for other tools: nodes, kinds, spans, positions, words. */
void dh_dump_json(dh_buf *out, const dh_doc *doc);

/** The tree as an S-expression with byte spans, for parser tests. */
void dh_dump_cst(dh_buf *out, const dh_doc *doc);

/** Appends s (n bytes) quoted as Go's strconv.Quote would quote it. */
void dh_quote_go(dh_buf *out, const char *s, size_t n);

/** Appends s (n bytes) as a JSON string literal. */
void dh_quote_json(dh_buf *out, const char *s, size_t n);

#endif
