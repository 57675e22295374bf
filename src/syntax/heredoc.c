/* SPDX-License-Identifier: MIT */
/*
 * Finding heredocs in an instruction line, as the reference does: only in
 * RUN, COPY and ADD (also behind ONBUILD) in shell form; each shell word of
 * the form [n]<<[-]WORD opens one, read in order after the line.
 */
#include <stdlib.h>
#include <string.h>

#include "dockharden/alloc.h"
#include "parse_internal.h"

static bool is_word_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* End of the shell word starting at i: quotes and escapes kept whole. */
static uint32_t word_end(const char *s, uint32_t i, uint32_t n)
{
	char quote = 0;
	while (i < n) {
		char c = s[i];
		if (quote) {
			if (c == quote)
				quote = 0;
			else if (c == '\\' && quote == '"' && i + 1 < n)
				i++;
		} else if (is_word_space(c)) {
			break;
		} else if (c == '\'' || c == '"') {
			quote = c;
		} else if (c == '\\' && i + 1 < n) {
			i++;
		}
		i++;
	}
	return i;
}

/* The word with quotes removed and escapes applied; *quoted if any. */
static char *unquote(dh_arena *arena, const char *s, uint32_t n, bool *quoted,
		     uint32_t *out_len)
{
	char *out = dh_arena_alloc(arena, (size_t)n + 1);
	uint32_t o = 0;
	char quote = 0;
	*quoted = false;
	for (uint32_t i = 0; i < n; i++) {
		char c = s[i];
		if (quote && c == quote) {
			quote = 0;
			continue;
		}
		if (!quote && (c == '\'' || c == '"')) {
			quote = c;
			*quoted = true;
			continue;
		}
		if (c == '\\' && quote != '\'' && i + 1 < n) {
			*quoted = true;
			c = s[++i];
		}
		out[o++] = c;
	}
	out[o] = '\0';
	*out_len = o;
	return out;
}

static bool heredoc_word(dh__heredoc_word *h, dh_arena *arena, const char *w,
			 uint32_t n)
{
	uint32_t i = 0;
	unsigned fd = 0;
	while (i < n && w[i] >= '0' && w[i] <= '9' && fd < 100000)
		fd = fd * 10 + (unsigned)(w[i++] - '0');
	if (n - i < 2 || w[i] != '<' || w[i + 1] != '<')
		return false;
	i += 2;
	h->chomp = i < n && w[i] == '-';
	if (h->chomp)
		i++;
	if (i >= n || memchr(w + i, '<', n - i))
		return false;
	bool quoted;
	h->name = unquote(arena, w + i, n - i, &quoted, &h->name_len);
	h->expand = !quoted;
	h->fd = fd;
	return h->name_len > 0 || quoted;
}

static bool can_hold_heredoc(const dh_instr *in)
{
	if (in->kind == DH_INSTR_ONBUILD && in->trigger)
		in = dh_instr_trigger(in);
	return (in->kind == DH_INSTR_RUN || in->kind == DH_INSTR_COPY ||
		in->kind == DH_INSTR_ADD) &&
	       !in->json;
}

/*
 * Whether the text after the keyword (ending at i) is in shell form, told
 * without a full analysis: flags are skipped as words starting with "--",
 * and the arguments then do not start with '['. Only for plain text:
 * where the flags hold quotes, escapes or white space other than blanks,
 * the reference cuts them differently and the full analysis decides.
 */
static bool plainly_shell_form(const char *line, uint32_t i, uint32_t len)
{
	for (;;) {
		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i + 1 >= len || line[i] != '-' || line[i + 1] != '-')
			return i < len && line[i] > ' ' && line[i] < 0x7f &&
			       line[i] != '[';
		for (; i < len && line[i] != ' ' && line[i] != '\t'; i++) {
			unsigned char c = (unsigned char)line[i];
			if (c < ' ' || c >= 0x7f || c == '"' || c == '\'' ||
			    c == '\\' || c == '`')
				return false;
		}
	}
}

size_t dh__heredocs_find(dh__heredoc_word **out, dh_arena *arena,
			 const char *line, uint32_t len)
{
	/* Most lines with "<<" are RUN lines in shell form: tell cheaply
	 * whether the keyword can hold a heredoc before a full analysis. */
	uint32_t ks = 0;
	while (ks < len && (line[ks] == ' ' || line[ks] == '\t'))
		ks++;
	uint32_t e = ks;
	while (e < len && line[e] != ' ' && line[e] != '\t')
		e++;
	dh_instr_kind k = dh_instr_kind_from_word(line + ks, e - ks);
	bool ascii = true;
	for (uint32_t x = ks; x < e; x++)
		ascii &= (unsigned char)line[x] < 0x80;
	if (ascii && k != DH_INSTR_RUN && k != DH_INSTR_COPY &&
	    k != DH_INSTR_ADD && k != DH_INSTR_ONBUILD)
		return 0;
	dh_instr in;
	uint32_t err_at;
	if (!(ascii && k != DH_INSTR_ONBUILD &&
	      plainly_shell_form(line, e, len)) &&
	    (dh__instr_analyse(&in, arena, line, len, NULL, 0, '\\', &err_at) ||
	     !can_hold_heredoc(&in)))
		return 0;
	dh__heredoc_word *v = NULL;
	size_t n = 0, cap = 0;
	uint32_t i = 0;
	while (i < len) {
		while (i < len && is_word_space(line[i]))
			i++;
		uint32_t s = i;
		i = word_end(line, i, len);
		dh__heredoc_word h;
		if (i == s || !heredoc_word(&h, arena, line + s, i - s))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 4;
			v = dh_xrealloc(v, cap * sizeof(*v));
		}
		v[n++] = h;
	}
	*out = NULL;
	if (n) {
		*out = dh_arena_alloc(arena, n * sizeof(*v));
		memcpy(*out, v, n * sizeof(*v));
	}
	free(v);
	return n;
}
