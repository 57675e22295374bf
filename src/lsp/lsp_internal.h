/* SPDX-License-Identifier: MIT */
/*
 * Shared inside src/lsp/: the server (server.c, rpc.c, documents.c) asks
 * the analysis (analysis.c and its helpers) for everything it publishes.
 * Only src/lsp/ includes jansson.h; the rest of the project never sees a
 * json_t.
 */
#ifndef DH_LSP_INTERNAL_H
#define DH_LSP_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- positions (position.c) ---- */

/* How the client counts characters in a line: UTF-16 code units (the LSP
 * default) or bytes ("utf-8", when the client offers it in
 * general.positionEncodings). */
typedef enum dh__lsp_encoding {
	DH__LSP_UTF16,
	DH__LSP_UTF8,
} dh__lsp_encoding;

typedef struct dh__lsp_pos {
	uint32_t line;
	uint32_t character;
} dh__lsp_pos;

/* The LSP position of byte offset off in text (len bytes). An offset past
 * the end is the end; one inside a UTF-8 sequence counts from its start. */
dh__lsp_pos dh__lsp_pos_of(const char *text, size_t len, size_t off,
			   dh__lsp_encoding enc);

/* The byte offset of LSP position pos in text: a line past the end is the
 * end of the text, a character past the end of its line is the line's end
 * (before its line break), as the specification asks. */
size_t dh__lsp_offset_of(const char *text, size_t len, dh__lsp_pos pos,
			 dh__lsp_encoding enc);

/* The byte after the line break ("\n", "\r\n" or a lone "\r") that starts
 * at text[i], or i when none does (i < len). */
size_t dh__lsp_after_break(const char *text, size_t len, size_t i);

/* {"line": L, "character": C} and a Range object of two offsets; new
 * references. */
json_t *dh__lsp_json_pos(dh__lsp_pos pos);
json_t *dh__lsp_json_range(const char *text, size_t len, size_t start,
			   size_t end, dh__lsp_encoding enc);

/* ---- one document version, as the server holds it ---- */

typedef enum dh__lsp_kind {
	DH__LSP_DOCKERFILE, /* by file name or language id "dockerfile" */
	DH__LSP_MANIFEST,   /* YAML with apiVersion and kind, or compose */
	DH__LSP_OTHER,	    /* anything else: no diagnostics */
} dh__lsp_kind;

typedef struct dh__lsp_doc {
	const char *uri;	 /* as the client sent it */
	const char *path;	 /* the file path of a file:// uri, or NULL */
	const char *language_id; /* from didOpen, may be NULL */
	const char *text;	 /* the current text, len bytes, NUL after */
	size_t len;
	int64_t version;
	dh__lsp_encoding enc;
} dh__lsp_doc;

/* ---- the analysis (analysis.c): everything computed from a version ---- */

typedef struct dh__lsp_analysis dh__lsp_analysis;

/* Analyses doc: parses it, runs lint's checks and the hardening (harden
 * for a Dockerfile, patch for a manifest) with the .dockharden.yaml found
 * for doc->path as the CLI finds it (read again when it changed). Never
 * NULL; a document that does not parse gets its syntax errors as
 * diagnostics. Caller frees with dh__lsp_analysis_free. doc must outlive
 * it. */
dh__lsp_analysis *dh__lsp_analyze(const dh__lsp_doc *doc);
void dh__lsp_analysis_free(dh__lsp_analysis *a);

dh__lsp_kind dh__lsp_analysis_kind(const dh__lsp_analysis *a);

/* The Diagnostic[] of a publishDiagnostics for it (new reference): the
 * findings lint reports (severity, code = rule ID, codeDescription.href
 * to the rule's section of docs/rules.md, source "dockharden", the exact
 * range), the changes harden makes as hints. */
json_t *dh__lsp_diagnostics(const dh__lsp_analysis *a);

/* The CodeAction[] for a textDocument/codeAction over range [start, end)
 * (byte offsets): one quick fix per finding in the range that carries an
 * edit (the same hunks lint attaches to it in SARIF fixes), and the source
 * actions "Harden this file" (the whole rewrite) and "Format" (fmt).
 * only, when not NULL, is the context's "only" kinds array. New
 * reference, never NULL. */
json_t *dh__lsp_code_actions(const dh__lsp_analysis *a, size_t start,
			     size_t end, const json_t *only);

/* TextEdit[] that turns the document into fmt's output, or only the lines
 * of [start, end) for rangeFormatting (whole = true formats everything);
 * NULL when the document does not parse (the request then answers null).
 * New reference. */
json_t *dh__lsp_format(const dh__lsp_analysis *a, bool whole, size_t start,
		       size_t end);

/* The Hover at byte offset off, or NULL: on a FROM image, what the base
 * image table knows (user, shell, CA bundle, runtime counterpart); on a
 * finding, its rule's rationale. New reference. */
json_t *dh__lsp_hover(const dh__lsp_analysis *a, size_t off);

/* DocumentSymbol[]: the stages of a Dockerfile (name, base image), the
 * workloads and their containers (or compose services) of a manifest.
 * New reference, never NULL. */
json_t *dh__lsp_symbols(const dh__lsp_analysis *a);

#endif
