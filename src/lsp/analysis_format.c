/* SPDX-License-Identifier: MIT */
/*
 * textDocument/formatting and rangeFormatting: fmt's output as the fewest
 * whole-line edits (the line diff), so the cursor and the untouched lines
 * stay where they are. fmt's output and its hunks are computed with the
 * analysis.
 */
#include "analysis_internal.h"

json_t *dh__lsp_format(const dh__lsp_analysis *a, bool whole, size_t start,
		       size_t end)
{
	if (!a->formatted)
		return NULL;
	size_t nh;
	const dh_hunk *hunks = dh__lsp_format_hunks(a, &nh);
	return dh__lsp_hunk_edits(a, a->formatted, hunks, nh, !whole, start,
				  end);
}
