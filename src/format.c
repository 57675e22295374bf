/* SPDX-License-Identifier: MIT */
/*
 * Whitespace-only formatting. Each instruction's bytes are rebuilt line by
 * line; every change is one nothing downstream can see: white space the
 * parser trims, the keyword's case, and indentation where a separator
 * already was, outside quotes, in text that is cut into words (shell
 * commands, paths, key=value pairs) rather than kept verbatim.
 */
#include "dockharden/format.h"

#include <string.h>

#include "dockharden/buf.h"

typedef struct fmt {
	const dh_doc *doc;
	const char *base;
	bool verbatim; /* white space inside the text is part of a value */
	dh_buf out;
	char quote;   /* quote open at the end of the text so far */
	bool escaped; /* the next character is escaped */
} fmt;

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Line break at the end of [start, end): "\n", "\r\n" or nothing. */
static uint32_t break_start(const char *b, uint32_t start, uint32_t end)
{
	uint32_t e = end;
	if (e > start && b[e - 1] == '\n')
		e--;
	while (e > start && b[e - 1] == '\r')
		e--;
	return e;
}

/* Tracks quoting across the logical text, as a shell would read it. */
static void track(fmt *f, const char *s, uint32_t n)
{
	char esc = f->doc->style.escape;
	for (uint32_t i = 0; i < n; i++) {
		char c = s[i];
		if (f->escaped) {
			f->escaped = false;
		} else if (c == esc && f->quote != '\'') {
			f->escaped = true;
		} else if (f->quote) {
			if (c == f->quote)
				f->quote = 0;
		} else if (c == '\'' || c == '"') {
			f->quote = c;
		}
	}
}

static void put_first(fmt *f, const dh_node *n, const dh_instr *in,
		      uint32_t start, uint32_t content_end)
{
	const char *b = f->base;
	uint32_t i = start;
	while (i < content_end && is_blank(b[i]))
		i++;
	uint32_t kw_end = in ? in->keyword_raw.end : i;
	bool known = in && in->kind != DH_INSTR_UNKNOWN &&
		     in->keyword_raw.start == i && kw_end <= content_end;
	if (!known) {
		dh_buf_put(&f->out, b + i, content_end - i);
		track(f, b + i, content_end - i);
		return;
	}
	for (uint32_t k = i; k < kw_end; k++) {
		char c = b[k];
		dh_buf_putc(&f->out, c >= 'a' && c <= 'z' ? (char)(c - 32) : c);
	}
	uint32_t after = kw_end;
	while (after < content_end && is_blank(b[after]))
		after++;
	if (after < content_end)
		dh_buf_putc(&f->out, ' ');
	else if (n->first_child)
		dh_buf_putc(&f->out, ' ');
	dh_buf_put(&f->out, b + after, content_end - after);
	track(f, b + after, content_end - after);
}

/* Content, then the escape (if continued) and the line's own break. */
static void put_tail(fmt *f, const dh_node *line, bool last)
{
	const char *b = f->base;
	uint32_t brk = break_start(b, line->span.start, line->span.end);
	if (!last) {
		dh_buf_putc(&f->out, f->doc->style.escape);
		track(f, &f->doc->style.escape, 0);
	} else {
		while (f->out.len && is_blank(f->out.data[f->out.len - 1]))
			f->out.len--;
	}
	dh_buf_put(&f->out, b + brk, line->span.end - brk);
}

static void put_line(fmt *f, const dh_node *c, bool first, bool last,
		     const dh_instr *in, const dh_node *n)
{
	const char *b = f->base;
	if (first) {
		put_first(f, n, in, c->span.start, c->content_end);
		put_tail(f, c, last);
		return;
	}
	uint32_t i = c->span.start;
	while (i < c->content_end && is_blank(b[i]))
		i++;
	/* Re-indent only where a separator is already there and no quote
	 * is open, so the joined text keeps its words. */
	if (i > c->span.start && !f->quote && !f->escaped && !f->verbatim)
		dh_buf_puts(&f->out, f->doc->style.indent);
	else
		i = c->span.start;
	dh_buf_put(&f->out, b + i, c->content_end - i);
	track(f, b + i, c->content_end - i);
	put_tail(f, c, last);
}

static void put_blank(fmt *f, const dh_node *c)
{
	uint32_t brk = break_start(f->base, c->span.start, c->span.end);
	dh_buf_put(&f->out, f->base + brk, c->span.end - brk);
}

/* Instructions whose text keeps inner white space as part of a value. */
static bool keeps_spaces(const dh_instr *in)
{
	switch (in->kind) {
	case DH_INSTR_ENV:
	case DH_INSTR_LABEL:
		return in->nargs >= 3 && in->args[2].len == 0;
	case DH_INSTR_USER:
	case DH_INSTR_WORKDIR:
	case DH_INSTR_MAINTAINER:
	case DH_INSTR_STOPSIGNAL:
	case DH_INSTR_UNKNOWN:
		return true;
	default:
		return false;
	}
}

static void format_instruction(fmt *f, dh_node *n, const dh_instr *in)
{
	f->verbatim = keeps_spaces(in);
	if (!n->first_child) {
		put_first(f, n, in, n->span.start, n->content_end);
		put_tail(f, n, true);
		return;
	}
	const dh_node *last_line = NULL;
	for (const dh_node *c = n->first_child; c; c = c->next)
		if (c->kind == DH_NODE_LINE)
			last_line = c;
	bool first = true;
	for (const dh_node *c = n->first_child; c; c = c->next) {
		if (c->kind == DH_NODE_LINE) {
			put_line(f, c, first, c == last_line, in, n);
			first = false;
		} else if (c->kind == DH_NODE_CONT_BLANK) {
			put_blank(f, c);
		} else {
			dh_buf_put(&f->out, f->base + c->span.start,
				   c->span.end - c->span.start);
		}
	}
}

static void format_blank(fmt *f, const dh_node *n)
{
	const char *b = f->base;
	uint32_t i = n->span.start;
	while (i < n->span.end) {
		uint32_t e = i;
		while (e < n->span.end && b[e] != '\n')
			e++;
		uint32_t brk = e;
		while (brk > i && b[brk - 1] == '\r')
			brk--;
		/* Keep a CR that belongs to the line break. */
		dh_buf_put(&f->out, b + brk,
			   (e < n->span.end ? e + 1 : e) - brk);
		i = e < n->span.end ? e + 1 : e;
	}
}

int dh_format(dh_doc *doc, size_t *out_changes)
{
	size_t changes = 0;
	fmt f = {.doc = doc, .out = DH_BUF_INIT};
	for (dh_node *n = doc->root->first_child; n; n = n->next) {
		const dh_instr *in = NULL;
		if (n->kind == DH_NODE_INSTRUCTION)
			in = dh_node_instr(doc, n);
		else if (n->kind != DH_NODE_BLANK)
			continue;
		f.base = dh_node_base(doc, n);
		f.quote = 0;
		f.escaped = false;
		dh_buf_clear(&f.out);
		if (in)
			format_instruction(&f, n, in);
		else
			format_blank(&f, n);
		uint32_t len = n->span.end - n->span.start;
		if (f.out.len == len &&
		    memcmp(f.out.data ? f.out.data : "", f.base + n->span.start,
			   len) == 0)
			continue;
		if (dh_cst_replace_text(doc, n, f.out.data ? f.out.data : "",
					f.out.len) == 0)
			changes++;
	}
	dh_buf_free(&f.out);
	*out_changes = changes;
	return 0;
}
