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
#include "dockharden/diff.h"
#include "dockharden/model.h"
#include "dockharden/pass.h"
#include "dockharden/source.h"
#include "dockharden/yaml_tree.h"
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

/*
 * Everything requests read is computed here once, by dh__lsp_analyze: an
 * editor asks for code actions at every cursor move, and those must only
 * build JSON, never grow the arena of a version that stays open.
 */
/* What is computed on first use; the analysis points to it, so the
 * functions that take a const analysis may fill it. */
struct dh__lsp_lazy {
	bool format_diffed;
	dh_hunk *format_hunks;
	size_t format_nh;
};

struct dh__lsp_analysis {
	const dh__lsp_doc *doc;
	dh__lsp_kind kind;
	dh_arena *arena; /* everything below lives here */
	dh_source *src;	 /* NULL when the text is over DH_SOURCE_MAX */
	/* Dockerfile: the parse as written (hover, symbols, fmt), never
	 * hardened, and its stage model; NULL for a manifest */
	dh_doc *parsed;
	dh_model model;
	bool parses; /* no syntax errors (Dockerfile) or valid YAML */
	/* manifest: the span tree the outline reads (ys.first NULL when
	 * the YAML does not parse) */
	dh_ystream ys;
	/* the configuration's ignore globs name the file: no findings */
	bool ignored;
	/* the options harden ran with (the configuration applied) */
	dh_harden_opts harden;
	/* an invalid or unreadable .dockharden.yaml: its errors, shown at
	 * the top of the document instead of any finding (as lint stops) */
	dh_diags config_errors;
	/* harden's (or patch's) whole output, NULL when it could not run,
	 * and its line hunks against the text */
	const char *fixed;
	size_t fixed_len;
	dh_hunk *fixed_hunks;
	size_t fixed_nh;
	/* fmt's output (NULL unless a Dockerfile that parses); its hunks
	 * are diffed on the first request that needs them
	 * (dh__lsp_format_hunks): diagnostics never do, and on a large file
	 * that fmt changes throughout the diff costs more than the rest */
	const char *formatted;
	size_t formatted_len;
	struct dh__lsp_lazy *lazy;
	/* lint's findings with the edits lint attaches to each */
	dh__rfix *fixes;
	size_t nfixes;
	/* where each line starts (after "\n", "\r\n" or a lone "\r"), so a
	 * range costs a search and one line, not a scan from the top: a
	 * large file has thousands of findings and edits */
	size_t *line_starts;
	size_t nlines;
};

/* A JSON string of n bytes: invalid UTF-8 becomes U+FFFD, so a message
 * quoting odd input still goes out. New reference. */
json_t *dh__lsp_json_text(const char *s, size_t n);

/* Fills a->line_starts for the analysed text. */
void dh__lsp_index_lines(dh__lsp_analysis *a);

/* The Range of bytes [start, end) of the analysed text, as
 * dh__lsp_json_range gives it. */
json_t *dh__lsp_range(const dh__lsp_analysis *a, size_t start, size_t end);

/* A TextEdit replacing bytes [start, end) with text (len bytes). */
json_t *dh__lsp_text_edit(const dh__lsp_analysis *a, size_t start, size_t end,
			  const char *text, size_t len);

/*
 * TextEdit[] turning the analysed text into to by its line hunks (nh of
 * them, as dh_diff_hunks gives): one edit per changed run of whole lines.
 * When ranged, only the hunks touching the lines of bytes [start, end).
 * New reference, an empty array when nothing changes.
 */
json_t *dh__lsp_hunk_edits(const dh__lsp_analysis *a, const char *to,
			   const dh_hunk *hunks, size_t nh, bool ranged,
			   size_t start, size_t end);

/* {"changes": {uri: edits}}, stealing edits. */
json_t *dh__lsp_workspace_edit(const dh__lsp_analysis *a, json_t *edits);

/* The Diagnostic for finding x (config errors: see analysis_diags.c). */
json_t *dh__lsp_diagnostic(const dh__lsp_analysis *a, const dh__rfix *x);

/* docs/rules.md#dhnnn for a rule ID ("DH105") as a JSON string, NULL
 * for another code. New reference. */
json_t *dh__lsp_rule_href(const char *code);

/* A DocumentSymbol (children added by the caller); name and detail are
 * n bytes each (detail may be NULL). */
json_t *dh__lsp_symbol(const dh__lsp_analysis *a, const char *name,
		       size_t name_len, const char *detail, size_t detail_len,
		       int kind, dh_span range, dh_span selection);

/* The workloads and containers, or compose services, of a manifest:
 * DocumentSymbol[] (analysis_symbols_yaml.c). */
json_t *dh__lsp_yaml_symbols(const dh__lsp_analysis *a);

/* fmt's hunks against the text (*out_nh of them), diffed once. */
const dh_hunk *dh__lsp_format_hunks(const dh__lsp_analysis *a, size_t *out_nh);

#endif
