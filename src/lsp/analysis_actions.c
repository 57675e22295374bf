/* SPDX-License-Identifier: MIT */
/*
 * textDocument/codeAction: a quick fix per finding that carries an edit,
 * made of exactly the hunks lint attaches to it (SARIF's fixes, GitHub's
 * suggestions), and two source actions: the whole hardening rewrite
 * (harden's or patch's output) and fmt.
 */
#include "analysis_internal.h"

#include <string.h>

#include "dockharden/buf.h"

#define KIND_QUICKFIX "quickfix"
#define KIND_HARDEN "source.fixAll.dockharden"
#define KIND_FORMAT "source.format.dockharden"

/* An "only" entry asks for kind when it is kind or a parent of it
 * ("source" asks for "source.fixAll.dockharden"). */
static bool wanted(const json_t *only, const char *kind)
{
	if (!only || !json_is_array(only))
		return true;
	size_t i;
	const json_t *v;
	json_array_foreach(only, i, v)
	{
		const char *k = json_string_value(v);
		size_t n = k ? strlen(k) : 0;
		if (k && !strncmp(kind, k, n) &&
		    (kind[n] == '\0' || kind[n] == '.'))
			return true;
	}
	return false;
}

static bool in_range(const dh__rfix *x, size_t start, size_t end)
{
	return x->start <= end && start <= x->end;
}

/*
 * The finding's edits as TextEdit[], in file order; an edit overlapping
 * the one before (a suggestion on lines a hunk also changes) is left out,
 * since the specification forbids overlapping edits in one change.
 */
static json_t *fix_edits(const dh__lsp_analysis *a, const dh__rfix *x)
{
	json_t *edits = json_array();
	size_t done = 0;
	for (size_t k = 0; k < x->nedits; k++) {
		const dh__redit *e = &x->edits[k];
		if (k && e->start < done)
			continue;
		json_array_append_new(edits,
				      dh__lsp_text_edit(a, e->start, e->end,
							e->text, e->len));
		done = e->end;
	}
	return edits;
}

static json_t *quick_fix(const dh__lsp_analysis *a, const dh__rfix *x)
{
	json_t *diags = json_array();
	json_array_append_new(diags, dh__lsp_diagnostic(a, x));
	dh_buf title = DH_BUF_INIT;
	dh_buf_printf(&title, "Fix %s: %s", x->diag->code, x->diag->message);
	json_t *act =
		json_pack("{s:o,s:s,s:o,s:o}", "title",
			  dh__lsp_json_text(title.data, title.len), "kind",
			  KIND_QUICKFIX, "diagnostics", diags, "edit",
			  dh__lsp_workspace_edit(a, fix_edits(a, x)));
	dh_buf_free(&title);
	/* One edit is a fix an editor may apply on its own; several
	 * places at once are better looked at first. */
	if (x->nedits == 1)
		json_object_set_new(act, "isPreferred", json_true());
	return act;
}

static json_t *source_action(const dh__lsp_analysis *a, const char *title,
			     const char *kind, json_t *edits)
{
	return json_pack("{s:s,s:s,s:o}", "title", title, "kind", kind, "edit",
			 dh__lsp_workspace_edit(a, edits));
}

static bool changes(const dh__lsp_analysis *a, const char *to, size_t n)
{
	return to && (n != a->doc->len || memcmp(to, a->doc->text, n) != 0);
}

static void add_source_actions(json_t *out, const dh__lsp_analysis *a,
			       const json_t *only)
{
	if (wanted(only, KIND_HARDEN) && !a->ignored &&
	    changes(a, a->fixed, a->fixed_len))
		json_array_append_new(
			out, source_action(a, "Harden this file", KIND_HARDEN,
					   dh__lsp_hunk_edits(
						   a, a->fixed, a->fixed_hunks,
						   a->fixed_nh, false, 0, 0)));
	size_t nh;
	if (wanted(only, KIND_FORMAT) &&
	    changes(a, a->formatted, a->formatted_len)) {
		const dh_hunk *hunks = dh__lsp_format_hunks(a, &nh);
		json_array_append_new(
			out,
			source_action(a, "Format", KIND_FORMAT,
				      dh__lsp_hunk_edits(a, a->formatted, hunks,
							 nh, false, 0, 0)));
	}
}

json_t *dh__lsp_code_actions(const dh__lsp_analysis *a, size_t start,
			     size_t end, const json_t *only)
{
	json_t *out = json_array();
	for (size_t i = 0; wanted(only, KIND_QUICKFIX) && i < a->nfixes; i++) {
		const dh__rfix *x = &a->fixes[i];
		if (x->diag && x->own && x->nedits && in_range(x, start, end))
			json_array_append_new(out, quick_fix(a, x));
	}
	add_source_actions(out, a, only);
	return out;
}
