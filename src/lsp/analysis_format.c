/* SPDX-License-Identifier: MIT */
/*
 * textDocument/formatting and rangeFormatting: fmt's output as the fewest
 * whole-line edits (the line diff), so the cursor and the untouched lines
 * stay where they are.
 */
#include "analysis_internal.h"

#include <string.h>

#include "dockharden/buf.h"
#include "dockharden/format.h"

const char *dh__lsp_formatted(const dh__lsp_analysis *a, size_t *out_len)
{
	*out_len = 0;
	if (a->kind != DH__LSP_DOCKERFILE || !a->parsed || !a->parses)
		return NULL;
	dh_buf out = DH_BUF_INIT;
	size_t changes;
	dh_format_render(&out, a->parsed, &changes);
	char *copy = dh_arena_alloc(a->arena, out.len + 1);
	if (out.len)
		memcpy(copy, out.data, out.len);
	copy[out.len] = '\0';
	*out_len = out.len;
	dh_buf_free(&out);
	return copy;
}

json_t *dh__lsp_format(const dh__lsp_analysis *a, bool whole, size_t start,
		       size_t end)
{
	size_t n;
	const char *fmt = dh__lsp_formatted(a, &n);
	if (!fmt)
		return NULL;
	return dh__lsp_diff_edits(a, fmt, n, !whole, start, end);
}
