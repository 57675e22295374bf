/* SPDX-License-Identifier: MIT */
/*
 * JSON pieces several analysis requests share: text, ranges, TextEdits,
 * a WorkspaceEdit, the edits between the document and a rewrite of it,
 * and the link to a rule's documentation.
 */
#include "analysis_internal.h"

#include <string.h>

#include "dockharden/buf.h"

#define RULES_URI                                                              \
	"https://github.com/dockharden/dockharden/blob/main/docs/rules.md#"

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t valid_seq(const unsigned char *s, size_t n)
{
	size_t len = s[0] < 0x80   ? 1
		     : s[0] < 0xc2 ? 0
		     : s[0] < 0xe0 ? 2
		     : s[0] < 0xf0 ? 3
		     : s[0] < 0xf5 ? 4
				   : 0;
	if (!len || len > n)
		return 0;
	for (size_t k = 1; k < len; k++)
		if ((s[k] & 0xc0) != 0x80)
			return 0;
	/* overlong forms, surrogates and code points past U+10FFFF */
	if ((len == 3 && s[0] == 0xe0 && s[1] < 0xa0) ||
	    (len == 3 && s[0] == 0xed && s[1] >= 0xa0) ||
	    (len == 4 && s[0] == 0xf0 && s[1] < 0x90) ||
	    (len == 4 && s[0] == 0xf4 && s[1] >= 0x90))
		return 0;
	return len;
}

json_t *dh__lsp_json_text(const char *s, size_t n)
{
	json_t *j = json_stringn(s, n);
	if (j)
		return j;
	dh_buf b = DH_BUF_INIT;
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		size_t len = valid_seq(p + i, n - i);
		if (len && p[i])
			dh_buf_put(&b, p + i, len);
		else
			dh_buf_puts(&b, "\xef\xbf\xbd");
		i += len ? len : 1;
	}
	j = json_stringn(b.data ? b.data : "", b.len);
	dh_buf_free(&b);
	return j;
}

void dh__lsp_index_lines(dh__lsp_analysis *a)
{
	const char *t = a->doc->text;
	size_t len = a->doc->len, n = 1;
	for (size_t i = 0; i < len; i++)
		if (t[i] == '\n' ||
		    (t[i] == '\r' && (i + 1 == len || t[i + 1] != '\n')))
			n++;
	a->line_starts = dh_arena_alloc(a->arena, n * sizeof(size_t));
	a->line_starts[0] = 0;
	a->nlines = 1;
	for (size_t i = 0; i < len;) {
		size_t next = dh__lsp_after_break(t, len, i);
		if (next == i) {
			i++;
			continue;
		}
		a->line_starts[a->nlines++] = next;
		i = next;
	}
}

/* The position of off: its line by search, its character by
 * dh__lsp_pos_of over that line alone (the same counting). */
static json_t *pos(const dh__lsp_analysis *a, size_t off)
{
	size_t len = a->doc->len;
	if (off > len)
		off = len;
	size_t lo = 0, hi = a->nlines; /* line_starts[lo] <= off */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (a->line_starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	size_t ls = a->line_starts[lo];
	dh__lsp_pos p = dh__lsp_pos_of(a->doc->text + ls, len - ls, off - ls,
				       a->doc->enc);
	p.line = (uint32_t)lo;
	return dh__lsp_json_pos(p);
}

json_t *dh__lsp_range(const dh__lsp_analysis *a, size_t start, size_t end)
{
	if (!a->line_starts) /* not indexed: the helper's own scan */
		return dh__lsp_json_range(a->doc->text, a->doc->len, start, end,
					  a->doc->enc);
	return json_pack("{s:o,s:o}", "start", pos(a, start), "end",
			 pos(a, end));
}

json_t *dh__lsp_text_edit(const dh__lsp_analysis *a, size_t start, size_t end,
			  const char *text, size_t len)
{
	return json_pack("{s:o,s:o}", "range", dh__lsp_range(a, start, end),
			 "newText", dh__lsp_json_text(text, len));
}

/* The bytes of the lines [start, end) touches: from the start of start's
 * line to the end of end's, line break included (an end at the start of
 * a line, after start, stops there). */
static void line_bounds(const dh__lsp_analysis *a, size_t start, size_t end,
			size_t *out_ls, size_t *out_le)
{
	const char *t = a->doc->text;
	size_t len = a->doc->len;
	if (end > len)
		end = len;
	if (start > end)
		start = end;
	while (start > 0 && t[start - 1] != '\n')
		start--;
	if (end == start || (end > 0 && t[end - 1] != '\n')) {
		const char *nl = memchr(t + end, '\n', len - end);
		end = nl ? (size_t)(nl - t) + 1 : len;
	}
	*out_ls = start;
	*out_le = end;
}

static bool touches(const dh_hunk *h, size_t ls, size_t le)
{
	size_t hs = h->old_off, he = h->old_off + h->old_len;
	if (hs == he)
		return ls <= hs && hs <= le;
	return hs < le && he > ls;
}

static size_t count_lines(const char *s, size_t n)
{
	size_t lines = 0;
	for (size_t i = 0; i < n; i++)
		lines += s[i] == '\n';
	return lines + (n && s[n - 1] != '\n');
}

/* The length of the line at s (n bytes left), its line break included. */
static size_t line_len(const char *s, size_t n)
{
	const char *nl = memchr(s, '\n', n);
	return nl ? (size_t)(nl - s) + 1 : n;
}

/*
 * A hunk that replaces as many lines as it writes (fmt's case changes and
 * spacing), cut to the changed lines inside [ls, le): rangeFormatting must
 * not touch a neighbour line that the diff merged into the same hunk.
 * False when the line counts differ (the caller then takes the hunk whole).
 */
static bool line_edits(json_t *edits, const dh__lsp_analysis *a, const char *to,
		       const dh_hunk *h, size_t ls, size_t le)
{
	const char *old = a->doc->text + h->old_off;
	const char *new = to + h->new_off;
	size_t on = h->old_len, nn = h->new_len;
	if (count_lines(old, on) != count_lines(new, nn))
		return false;
	size_t off = h->old_off;
	while (on && nn) {
		size_t ol = line_len(old, on), nl = line_len(new, nn);
		if (off >= ls && off < le && (ol != nl || memcmp(old, new, ol)))
			json_array_append_new(
				edits,
				dh__lsp_text_edit(a, off, off + ol, new, nl));
		off += ol;
		old += ol;
		on -= ol;
		new += nl;
		nn -= nl;
	}
	return true;
}

json_t *dh__lsp_hunk_edits(const dh__lsp_analysis *a, const char *to,
			   const dh_hunk *hunks, size_t nh, bool ranged,
			   size_t start, size_t end)
{
	json_t *edits = json_array();
	size_t ls = 0, le = a->doc->len;
	if (ranged)
		line_bounds(a, start, end, &ls, &le);
	for (size_t i = 0; i < nh; i++) {
		const dh_hunk *h = &hunks[i];
		if (ranged && !touches(h, ls, le))
			continue;
		if (ranged && line_edits(edits, a, to, h, ls, le))
			continue;
		json_array_append_new(
			edits, dh__lsp_text_edit(a, h->old_off,
						 h->old_off + h->old_len,
						 to + h->new_off, h->new_len));
	}
	return edits;
}

json_t *dh__lsp_workspace_edit(const dh__lsp_analysis *a, json_t *edits)
{
	json_t *changes = json_object();
	json_object_set_new(changes, a->doc->uri, edits);
	return json_pack("{s:o}", "changes", changes);
}

json_t *dh__lsp_rule_href(const char *code)
{
	if (!code || code[0] != 'D' || code[1] != 'H' || !code[2])
		return NULL;
	for (const char *p = code + 2; *p; p++)
		if (*p < '0' || *p > '9')
			return NULL;
	/* GitHub's heading anchors are lower-case */
	dh_buf b = DH_BUF_INIT;
	dh_buf_printf(&b, "%sdh%s", RULES_URI, code + 2);
	json_t *j = json_stringn(b.data, b.len);
	dh_buf_free(&b);
	return j;
}
