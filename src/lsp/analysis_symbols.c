/* SPDX-License-Identifier: MIT */
/*
 * textDocument/documentSymbol for a Dockerfile: its stages, as the stage
 * model sees them (the name after AS, or "stage N" as --from=N counts),
 * each with its base image. Manifests are in analysis_symbols_yaml.c.
 */
#include "analysis_internal.h"

#include <stdio.h>
#include <string.h>

/* end without the line breaks before it, so a range ends on its line. */
static uint32_t trim_break(const dh__lsp_analysis *a, uint32_t start,
			   uint32_t end)
{
	const char *t = a->src->data;
	while (end > start && (t[end - 1] == '\n' || t[end - 1] == '\r'))
		end--;
	return end;
}

json_t *dh__lsp_symbol(const dh__lsp_analysis *a, const char *name,
		       size_t name_len, const char *detail, size_t detail_len,
		       int kind, dh_span range, dh_span selection)
{
	/* The specification wants the selection inside the range; a name
	 * reached through a YAML alias lies elsewhere. */
	if (selection.start < range.start || selection.end > range.end)
		selection = (dh_span){range.start, range.start};
	/* an empty name is invalid for some clients */
	json_t *n = name_len ? dh__lsp_json_text(name, name_len)
			     : json_string("(unnamed)");
	json_t *s = json_pack("{s:o,s:i,s:o,s:o}", "name", n, "kind", kind,
			      "range", dh__lsp_range(a, range.start, range.end),
			      "selectionRange",
			      dh__lsp_range(a, selection.start, selection.end));
	if (detail)
		json_object_set_new(s, "detail",
				    dh__lsp_json_text(detail, detail_len));
	return s;
}

static json_t *stage_symbol(const dh__lsp_analysis *a, const dh_stage *st)
{
	dh_span from = st->from->span;
	const dh_node *last = st->last ? st->last : st->from;
	dh_span range = {from.start, trim_break(a, from.start, last->span.end)};
	dh_span sel = {from.start, trim_break(a, from.start, from.end)};
	const dh_from *f = st->from_instr ? st->from_instr->from : NULL;
	if (f && f->stage_name)
		sel = f->stage_name_raw;
	char index[32];
	snprintf(index, sizeof(index), "stage %zu", st->index);
	const char *name = st->name ? st->name : index;
	const char *image = st->image ? st->image : "";
	return dh__lsp_symbol(a, name, strlen(name), image, strlen(image),
			      DH__LSP_SYM_CLASS, range, sel);
}

json_t *dh__lsp_symbols(const dh__lsp_analysis *a)
{
	if (!a->src || a->kind == DH__LSP_OTHER)
		return json_array();
	if (a->kind == DH__LSP_MANIFEST)
		return dh__lsp_yaml_symbols(a);
	json_t *out = json_array();
	if (!a->parsed || !a->parses)
		return out;
	for (size_t i = 0; i < a->model.nstages; i++)
		json_array_append_new(out,
				      stage_symbol(a, &a->model.stages[i]));
	return out;
}
