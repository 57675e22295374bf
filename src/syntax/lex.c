/* SPDX-License-Identifier: MIT */
/*
 * Decisions the scanner's actions delegate: whether a physical line
 * continues, whether a comment is a parser directive, and where heredoc
 * bodies end. They follow the reference parser's rules line for line.
 */
#include <stdlib.h>
#include <string.h>

#include "dockharden/alloc.h"
#include "parse_internal.h"
#include "parser.h"

bool dh__is_wide_space_at(const char *s, uint32_t len, uint32_t *width)
{
	unsigned char c = (unsigned char)s[0];
	*width = 1;
	if (c < 0xc2 || len < 2)
		return false;
	unsigned char c1 = (unsigned char)s[1];
	if (c == 0xc2 && (c1 == 0x85 || c1 == 0xa0)) {
		*width = 2;
		return true;
	}
	if (len < 3)
		return false;
	unsigned char c2 = (unsigned char)s[2];
	*width = 3;
	if (c == 0xe1 && c1 == 0x9a && c2 == 0x80) /* U+1680 */
		return true;
	if (c == 0xe2 && c1 == 0x80 &&
	    (c2 <= 0x8a || c2 == 0xa8 || c2 == 0xa9 || c2 == 0xaf))
		return true;
	if (c == 0xe2 && c1 == 0x81 && c2 == 0x9f) /* U+205F */
		return true;
	if (c == 0xe3 && c1 == 0x80 && c2 == 0x80) /* U+3000 */
		return true;
	*width = 1;
	return false;
}

static uint32_t skip_space(const char *s, uint32_t len)
{
	uint32_t i = 0, w;
	while (i < len && dh__is_space_at(s + i, len - i, &w))
		i += w;
	return i;
}

/* Length without the trailing line break characters (Go's trimNewline). */
static uint32_t trim_newline(const char *s, uint32_t len)
{
	while (len && (s[len - 1] == '\n' || s[len - 1] == '\r'))
		len--;
	return len;
}

static void seg_push(dh__lexctx *ctx, uint32_t base, uint32_t len)
{
	if (ctx->nsegs == ctx->segs_cap) {
		ctx->segs_cap = ctx->segs_cap ? ctx->segs_cap * 2 : 16;
		ctx->segs =
			dh_xrealloc(ctx->segs, ctx->segs_cap * sizeof(dh__seg));
	}
	dh__seg *s = &ctx->segs[ctx->nsegs++];
	s->joined = ctx->joined_len;
	s->base = base;
	s->len = len;
	ctx->joined_len += len;
	if (len && memchr(ctx->base + base, '<', len))
		ctx->maybe_heredoc = true;
}

uint32_t dh__continuation_at(const char *s, uint32_t n, char esc)
{
	uint32_t m = n;
	while (m && (s[m - 1] == ' ' || s[m - 1] == '\t'))
		m--;
	bool cont = m && s[m - 1] == esc && (m == 1 || s[m - 2] != esc);
	return cont ? m - 1 : n;
}

int dh__lex_line(dh__lexctx *ctx, dh__tok *val, const char *text, uint32_t len,
		 bool in_continuation)
{
	uint32_t n = trim_newline(text, len);
	uint32_t lead = skip_space(text, n);
	if (lead == n) {
		ctx->directives_done |= !in_continuation;
		return in_continuation ? CONT_BLANK : BLANK;
	}
	if (text[lead] == '#')
		return in_continuation ? CONT_COMMENT
				       : dh__lex_comment(ctx, val, text, len);
	ctx->directives_done = true;
	uint32_t end = dh__continuation_at(text, n, ctx->escape);
	bool cont = end < n;
	uint32_t from = in_continuation ? 0 : lead;
	if (!in_continuation)
		ctx->nsegs = 0, ctx->joined_len = 0, ctx->maybe_heredoc = false;
	seg_push(ctx, val->start + from, end > from ? end - from : 0);
	val->content_end = val->start + end;
	if (cont)
		return in_continuation ? LINE_CONT : LINE_FIRST;
	dh__lex_finish_instruction(ctx);
	return dh__lex_in_heredoc(ctx) ? LINE_HDOC : LINE;
}

uint32_t dh__lex_line_len(dh__lexctx *ctx, const char *text, uint32_t len,
			  char held)
{
	const char *p = text + len;
	uint32_t n = len;
	if ((len && text[len - 1] == '\n') || p >= ctx->scan_end)
		n = len;
	else if (held == '\n')
		n = len + 1;
	else {
		const char *nl =
			memchr(p + 1, '\n', (size_t)(ctx->scan_end - p - 1));
		n = (uint32_t)((nl ? nl + 1 : ctx->scan_end) - text);
	}
	if (n > DH_LINE_MAX && !ctx->long_line)
		ctx->long_line = true, ctx->long_line_at = ctx->off;
	return n;
}

/* The directive pattern's \\s: ASCII only, without vertical tab. */
static bool is_ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static uint32_t skip_ascii_space(const char *s, uint32_t i, uint32_t n)
{
	while (i < n && is_ascii_space(s[i]))
		i++;
	return i;
}

static bool is_alnum(char c)
{
	return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
	       (c >= '0' && c <= '9');
}

static bool has_double_lt(const char *s, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++)
		if (s[i] == '<' && s[i + 1] == '<')
			return true;
	return false;
}

/* Parser directive syntax: name = value, the name a letter then alnum. */
static bool directive_split(const char *s, uint32_t n, const char **name,
			    uint32_t *name_len, const char **value,
			    uint32_t *value_len)
{
	uint32_t i = skip_space(s, n);
	if (i >= n || !((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))
		return false;
	uint32_t ns = i;
	while (i < n && is_alnum(s[i]))
		i++;
	*name = s + ns;
	*name_len = i - ns;
	i = skip_ascii_space(s, i, n);
	if (i >= n || s[i] != '=')
		return false;
	i = skip_ascii_space(s, i + 1, n);
	uint32_t end = n;
	while (end > i && is_ascii_space(s[end - 1]))
		end--;
	if (end <= i)
		return false;
	*value = s + i;
	*value_len = end - i;
	return true;
}

static bool name_is(const char *name, uint32_t len, const char *want)
{
	if (strlen(want) != len)
		return false;
	for (uint32_t i = 0; i < len; i++)
		if ((name[i] | 0x20) != want[i])
			return false;
	return true;
}

static dh_span line_span(const dh__lexctx *ctx, const dh__tok *val)
{
	dh_span span = {val->start,
			val->start + trim_newline(ctx->base + val->start,
						  val->end - val->start)};
	return span;
}

/* Applies a directive; false when the line is not a known directive. */
static bool directive_apply(dh__lexctx *ctx, dh__tok *val, const char *name,
			    uint32_t name_len, const char *value,
			    uint32_t value_len)
{
	bool *seen;
	if (name_is(name, name_len, "escape"))
		seen = &ctx->seen_escape;
	else if (name_is(name, name_len, "syntax"))
		seen = &ctx->seen_syntax;
	else if (name_is(name, name_len, "check"))
		seen = &ctx->seen_check;
	else
		return false;
	if (*seen) {
		dh_diag_add(&ctx->doc->diags, DH_SEV_ERROR,
			    "duplicate-directive", ctx->doc->src,
			    line_span(ctx, val),
			    "only one '%.*s' parser directive can be used",
			    (int)name_len, name);
		return true;
	}
	*seen = true;
	/* The value as a C string: a NUL in it reads as 0x01 (shown as '?'
	 * in messages), so what follows it is not cut off. */
	char *text = dh_arena_strndup(ctx->doc->arena, value, value_len);
	for (uint32_t i = 0; i < value_len; i++)
		if (!text[i])
			text[i] = 1;
	if (seen == &ctx->seen_syntax)
		ctx->doc->syntax = text;
	if (seen != &ctx->seen_escape)
		return true;
	if (value_len == 1 && (value[0] == '\\' || value[0] == '`'))
		ctx->escape = value[0];
	else
		dh_diag_add(&ctx->doc->diags, DH_SEV_ERROR, "invalid-escape",
			    ctx->doc->src, line_span(ctx, val),
			    "invalid escape character '%s': use '\\' or '`'",
			    text);
	return true;
}

int dh__lex_comment(dh__lexctx *ctx, dh__tok *val, const char *text,
		    uint32_t len)
{
	if (ctx->directives_done)
		return COMMENT;
	uint32_t n = trim_newline(text, len);
	uint32_t i = skip_space(text, n);
	const char *name, *value;
	uint32_t name_len, value_len;
	if (i < n && text[i] == '#' &&
	    directive_split(text + i + 1, n - i - 1, &name, &name_len, &value,
			    &value_len) &&
	    directive_apply(ctx, val, name, name_len, value, value_len))
		return DIRECTIVE;
	ctx->directives_done = true;
	return COMMENT;
}

void dh__lex_finish_instruction(dh__lexctx *ctx)
{
	ctx->nhdocs = 0;
	ctx->hdoc_next = 0;
	if (!ctx->maybe_heredoc)
		return;
	dh_buf_clear(&ctx->join);
	for (size_t i = 0; i < ctx->nsegs; i++)
		dh_buf_put(&ctx->join, ctx->base + ctx->segs[i].base,
			   ctx->segs[i].len);
	if (!ctx->join.len || !has_double_lt(ctx->join.data, ctx->join.len))
		return;
	ctx->nhdocs =
		dh__heredocs_find(&ctx->hdocs, ctx->doc->arena, ctx->join.data,
				  (uint32_t)ctx->join.len);
}

bool dh__lex_in_heredoc(const dh__lexctx *ctx)
{
	return ctx->hdoc_next < ctx->nhdocs;
}

int dh__lex_heredoc_line(dh__lexctx *ctx, dh__tok *val, const char *text,
			 uint32_t len)
{
	const dh__heredoc_word *h = &ctx->hdocs[ctx->hdoc_next];
	uint32_t n = trim_newline(text, len), i = 0;
	if (h->chomp)
		while (i < n && text[i] == '\t')
			i++;
	(void)val;
	if (n - i != h->name_len || memcmp(text + i, h->name, n - i) != 0)
		return HDOC_LINE;
	ctx->hdoc_next++;
	return HDOC_END;
}
