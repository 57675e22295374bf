/* SPDX-License-Identifier: MIT */
/*
 * Shared by the analysis files of src/lsp/ (analysis*.c): one analysed
 * document version and the JSON pieces more than one request builds.
 */
#ifndef DH_ANALYSIS_INTERNAL_H
#define DH_ANALYSIS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "dockharden/arena.h"
#include "dockharden/cst.h"
#include "dockharden/diag.h"
#include "dockharden/pass.h"
#include "dockharden/source.h"
#include "lsp_internal.h"
#include "report/report_edits_internal.h"

/* DiagnosticSeverity and SymbolKind values of the specification. */
enum {
	DH__LSP_SEV_ERROR = 1,
	DH__LSP_SEV_WARNING = 2,
	DH__LSP_SEV_INFORMATION = 3,
};

enum {
	DH__LSP_SYM_MODULE = 2,
	DH__LSP_SYM_CLASS = 5,
	DH__LSP_SYM_OBJECT = 19,
};

struct dh__lsp_analysis {
	const dh__lsp_doc *doc;
	dh__lsp_kind kind;
	dh_arena *arena; /* everything below lives here */
	dh_source *src;	 /* NULL when the text is over DH_SOURCE_MAX */
	/* Dockerfile: the parse as written (hover, symbols, fmt), never
	 * hardened; NULL for a manifest */
	dh_doc *parsed;
	bool parses; /* no syntax errors (Dockerfile) or valid YAML */
	/* the configuration's ignore globs name the file: no findings */
	bool ignored;
	/* the options harden ran with (the configuration applied) */
	dh_harden_opts harden;
	/* an invalid or unreadable .dockharden.yaml: its errors, shown at
	 * the top of the document instead of any finding (as lint stops) */
	dh_diags config_errors;
	const char *config_path; /* the configuration file read, or NULL */
	/* harden's (or patch's) whole output; NULL when it could not run */
	const char *fixed;
	size_t fixed_len;
	/* lint's findings with the edits lint attaches to each */
	dh__rfix *fixes;
	size_t nfixes;
};

/* A JSON string of n bytes: invalid UTF-8 becomes U+FFFD, so a message
 * quoting odd input still goes out. New reference. */
json_t *dh__lsp_json_text(const char *s, size_t n);

/* The Range of bytes [start, end) of the analysed text. */
json_t *dh__lsp_range(const dh__lsp_analysis *a, size_t start, size_t end);

/* A TextEdit replacing bytes [start, end) with text (len bytes). */
json_t *dh__lsp_text_edit(const dh__lsp_analysis *a, size_t start, size_t end,
			  const char *text, size_t len);

/*
 * TextEdit[] turning the analysed text into to (to_len bytes): one edit
 * per changed run of whole lines (the line diff lint and -d use). When
 * ranged, only the hunks touching the lines of bytes [start, end). New
 * reference, an empty array when nothing changes.
 */
json_t *dh__lsp_diff_edits(const dh__lsp_analysis *a, const char *to,
			   size_t to_len, bool ranged, size_t start,
			   size_t end);

/* {"changes": {uri: edits}}, stealing edits. */
json_t *dh__lsp_workspace_edit(const dh__lsp_analysis *a, json_t *edits);

/* The Diagnostic for finding x (config errors: see analysis_diags.c). */
json_t *dh__lsp_diagnostic(const dh__lsp_analysis *a, const dh__rfix *x);

/* docs/rules.md#dhnnn for a rule ID ("DH105"), NULL for another code;
 * arena-owned. */
const char *dh__lsp_rule_href(dh_arena *arena, const char *code);

/* A DocumentSymbol (children added by the caller); name and detail are
 * n bytes each (detail may be NULL). */
json_t *dh__lsp_symbol(const dh__lsp_analysis *a, const char *name,
		       size_t name_len, const char *detail, size_t detail_len,
		       int kind, dh_span range, dh_span selection);

/* The workloads and containers, or compose services, of a manifest:
 * DocumentSymbol[] (analysis_symbols_yaml.c). */
json_t *dh__lsp_yaml_symbols(const dh__lsp_analysis *a);

/* fmt's output for the parsed Dockerfile, in the analysis arena; NULL
 * when it does not parse. */
const char *dh__lsp_formatted(const dh__lsp_analysis *a, size_t *out_len);

#endif
