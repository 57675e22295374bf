/* SPDX-License-Identifier: MIT */
/*
 * An instruction's logical line: its physical lines' text joined, with
 * continuation escapes, comment lines and blank lines left out, and the
 * first line's leading white space trimmed, exactly as the reference joins
 * them. A one-line instruction is not copied.
 */
#include <string.h>

#include "parse_internal.h"

static uint32_t lead_space(const char *base, uint32_t start, uint32_t end)
{
	uint32_t i = start, w;
	while (i < end && dh__is_space_at(base + i, end - i, &w))
		i += w;
	return i;
}

const char *dh__join_instruction(dh_arena *arena, const char *base,
				 const dh_node *node, uint32_t *out_len,
				 dh__seg **out_segs, size_t *out_nsegs)
{
	size_t nlines = 0;
	for (const dh_node *c = node->first_child; c; c = c->next)
		nlines += c->kind == DH_NODE_LINE;
	if (!nlines) {
		uint32_t s =
			lead_space(base, node->span.start, node->content_end);
		dh__seg *seg = dh_arena_alloc(arena, sizeof(*seg));
		seg->joined = 0;
		seg->base = s;
		seg->len = node->content_end - s;
		*out_segs = seg;
		*out_nsegs = 1;
		*out_len = seg->len;
		return base + s;
	}
	dh__seg *segs = dh_arena_alloc(arena, nlines * sizeof(*segs));
	uint32_t total = 0;
	size_t k = 0;
	for (const dh_node *c = node->first_child; c; c = c->next) {
		if (c->kind != DH_NODE_LINE)
			continue;
		uint32_t s =
			k ? c->span.start
			  : lead_space(base, c->span.start, c->content_end);
		segs[k].joined = total;
		segs[k].base = s;
		segs[k].len = c->content_end > s ? c->content_end - s : 0;
		total += segs[k].len;
		k++;
	}
	char *text = dh_arena_alloc(arena, (size_t)total + 1);
	for (size_t i = 0; i < nlines; i++)
		if (segs[i].len)
			memcpy(text + segs[i].joined, base + segs[i].base,
			       segs[i].len);
	*out_segs = segs;
	*out_nsegs = nlines;
	*out_len = total;
	return text;
}
