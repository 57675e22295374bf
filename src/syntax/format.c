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
#include "parse_internal.h"

typedef struct fmt {
	const dh_doc *doc;
	const char *base;
	bool verbatim; /* white space inside the text is part of a value */
	/* The keyword, when it is a known one written whole on the first
	 * line: its kind and where it ends in the base. */
	dh_instr_kind kind;
	uint32_t kw_end;
	bool old_form; /* ENV/LABEL name value, value's spaces its own */
	dh_buf *o;     /* where formatted text goes */
	size_t from;   /* where the node being formatted starts in *o */
	char quote;    /* quote open at the end of the text so far */
	bool escaped;  /* the next character is escaped */
	bool tracking; /* a line follows: quote and escape matter */
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
/* The first c at or after p (before end), given the last one found. */
static const char *next_of(const char *found, const char *p, const char *end,
			   char c)
{
	if (found && found < p)
		found = memchr(p, c, (size_t)(end - p));
	return found;
}

static const char *earlier(const char *a, const char *b)
{
	return !a || (b && b < a) ? b : a;
}

static void track(fmt *f, const char *s, uint32_t n)
{
	if (!f->tracking)
		return;
	/* Only quotes and the escape change anything: memchr finds them,
	 * and each search resumes where the last one of its kind stopped,
	 * so the text is scanned a bounded number of times. */
	char esc = f->doc->style.escape;
	const char *p = s, *end = s + n;
	const char *dq = memchr(s, '"', n), *sq = memchr(s, '\'', n);
	const char *ec = memchr(s, esc, n);
	while (p < end) {
		if (f->escaped) {
			f->escaped = false;
			p++;
			continue;
		}
		dq = next_of(dq, p, end, '"');
		sq = next_of(sq, p, end, '\'');
		ec = next_of(ec, p, end, esc);
		const char *next;
		if (f->quote == '\'')
			next = sq;
		else if (f->quote == '"')
			next = earlier(dq, ec);
		else
			next = earlier(earlier(dq, sq), ec);
		if (!next)
			break;
		p = next;
		char c = *p++;
		if (c == esc && f->quote != '\'')
			f->escaped = true;
		else if (f->quote && c == f->quote)
			f->quote = 0;
		else if (!f->quote && (c == '\'' || c == '"'))
			f->quote = c;
	}
}

static void put_first(fmt *f, const dh_node *n, uint32_t start,
		      uint32_t content_end)
{
	const char *b = f->base;
	uint32_t i = start;
	while (i < content_end && is_blank(b[i]))
		i++;
	uint32_t kw_end = f->kw_end;
	if (f->kind == DH_INSTR_UNKNOWN) {
		dh_buf_put(f->o, b + i, content_end - i);
		track(f, b + i, content_end - i);
		return;
	}
	dh_buf_reserve(f->o, kw_end - i);
	char *w = f->o->data + f->o->len;
	for (uint32_t k = i; k < kw_end; k++)
		*w++ = b[k] >= 'a' && b[k] <= 'z' ? (char)(b[k] - 32) : b[k];
	f->o->len += kw_end - i;
	uint32_t after = kw_end;
	while (after < content_end && is_blank(b[after]))
		after++;
	if (after < content_end)
		dh_buf_putc(f->o, ' ');
	else if (n->first_child)
		dh_buf_putc(f->o, ' ');
	dh_buf_put(f->o, b + after, content_end - after);
	track(f, b + after, content_end - after);
}

/* Content, then the escape (if continued) and the line's own break. */
static void put_tail(fmt *f, const dh_node *line, bool last)
{
	const char *b = f->base;
	uint32_t brk = break_start(b, line->span.start, line->span.end);
	if (!last) {
		dh_buf_putc(f->o, f->doc->style.escape);
	} else {
		/* Trailing blanks go, unless a CR before them would then
		 * read as part of the line break. */
		size_t keep = f->o->len;
		while (keep > f->from && is_blank(f->o->data[keep - 1]))
			keep--;
		if (keep == f->from || f->o->data[keep - 1] != '\r')
			f->o->len = keep;
	}
	dh_buf_put(f->o, b + brk, line->span.end - brk);
}

static void put_line(fmt *f, const dh_node *c, bool first, bool last,
		     const dh_node *n)
{
	const char *b = f->base;
	f->tracking = !last;
	if (first) {
		put_first(f, n, c->span.start, c->content_end);
		put_tail(f, c, last);
		return;
	}
	uint32_t i = c->span.start;
	while (i < c->content_end && is_blank(b[i]))
		i++;
	/* Re-indent only where a separator is already there and no quote
	 * is open, so the joined text keeps its words. */
	if (i > c->span.start && !f->quote && !f->escaped && !f->verbatim)
		dh_buf_puts(f->o, f->doc->style.indent);
	else
		i = c->span.start;
	dh_buf_put(f->o, b + i, c->content_end - i);
	track(f, b + i, c->content_end - i);
	put_tail(f, c, last);
}

static void put_blank(fmt *f, const dh_node *c)
{
	uint32_t brk = break_start(f->base, c->span.start, c->span.end);
	dh_buf_put(f->o, f->base + brk, c->span.end - brk);
}

/*
 * ENV and LABEL keep their old form (name, then a value whose spaces are
 * its own) when the first word after the keyword has no '='. The word is
 * cut as the analysis cuts it, quotes and escapes included, and must lie
 * on the first line ([i, end)) in plain ASCII without flags before it:
 * 1 when it has a '=', 0 when not, -1 when only the analysis can tell.
 */
static int first_word_has_eq(const fmt *f, uint32_t i, uint32_t end,
			     bool one_line)
{
	const char *b = f->base;
	char esc = f->doc->style.escape, quote = 0;
	while (i < end && is_blank(b[i]))
		i++;
	if (i >= end || (b[i] >= '\t' && b[i] <= '\r') ||
	    (b[i] == '-' && i + 1 < end && b[i + 1] == '-'))
		return -1;
	for (; i < end; i++) {
		char c = b[i];
		if ((unsigned char)c >= 0x80)
			return -1;
		if (c == '=')
			return 1;
		if (!quote && (c == ' ' || (c >= '\t' && c <= '\r')))
			return 0;
		if (c == esc && quote != '\'') {
			if (++i >= end)
				return -1;
			if ((unsigned char)b[i] >= 0x80)
				return -1;
		} else if (quote && c == quote) {
			quote = 0;
		} else if (!quote && (c == '"' || c == '\'')) {
			quote = c;
		}
	}
	return one_line && !quote ? 0 : -1;
}

/*
 * The keyword as the analysis would find it, when the first line alone
 * tells: ASCII, after blanks, ended by a separator (or by the end of a
 * one-line instruction). Formatting needs nothing else from most
 * instructions, and the full analysis of each one cost more than all of
 * the formatting.
 */
static bool quick_keyword(fmt *f, const dh_node *n)
{
	const dh_node *first = n->first_child ? n->first_child : n;
	if (first->kind != DH_NODE_LINE && first != n)
		return false;
	const char *b = f->base;
	uint32_t i = first->span.start, end = first->content_end;
	while (i < end && is_blank(b[i]))
		i++;
	uint32_t k = i;
	for (; k < end && b[k] != ' ' && (b[k] < '\t' || b[k] > '\r'); k++)
		if ((unsigned char)b[k] >= 0x80 || b[k] == '\n')
			return false;
	if (k == i || (k == end && n->first_child))
		return false;
	f->kind = dh_instr_kind_from_word(b + i, k - i);
	f->kw_end = k;
	if (f->kind != DH_INSTR_ENV && f->kind != DH_INSTR_LABEL)
		return true;
	int eq = first_word_has_eq(f, k, end, !n->first_child);
	f->old_form = eq == 0;
	return eq >= 0;
}

/* The same from the full analysis: unknown unless the keyword lies
 * whole on the first line. */
static void analysed_keyword(fmt *f, const dh_node *n, const dh_instr *in)
{
	const dh_node *first = n->first_child ? n->first_child : n;
	uint32_t i = first->span.start;
	while (i < first->content_end && is_blank(f->base[i]))
		i++;
	bool whole = in && in->keyword_raw.start == i &&
		     in->keyword_raw.end <= first->content_end;
	f->kind = whole ? in->kind : DH_INSTR_UNKNOWN;
	f->kw_end = whole ? in->keyword_raw.end : i;
}

/* Instructions whose text keeps inner white space as part of a value. */
static bool keeps_spaces(const fmt *f, const dh_instr *in)
{
	switch (f->kind) {
	case DH_INSTR_ENV:
	case DH_INSTR_LABEL:
		if (!in)
			return f->old_form;
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

/*
 * Whether the instruction's last line can lose its escape. The input may
 * end inside a continuation: dropping the dangling escape is harmless
 * unless the text before it, blanks trimmed, is empty while a line comes
 * before it (that line would then dangle) or ends in the escape too (the
 * line would continue all the same); either would change again on the
 * next run, so such a line keeps its escape.
 */
static bool closes_cleanly(const fmt *f, const dh_node *line)
{
	const char *b = f->base;
	char esc = f->doc->style.escape;
	uint32_t e = line->content_end, s = line->span.start;
	if (e >= line->span.end || b[e] != esc)
		return true;
	uint32_t t = e;
	while (t > s && is_blank(b[t - 1]))
		t--;
	if (t == s)
		return line->parent->first_child == line;
	return dh__continuation_at(b + s, e - s, esc) == e - s;
}

static void format_instruction(fmt *f, dh_node *n)
{
	const dh_instr *in = NULL;
	if (!quick_keyword(f, n)) {
		in = dh_node_instr(f->doc, n);
		analysed_keyword(f, n, in);
	}
	f->verbatim = keeps_spaces(f, in);
	if (!n->first_child) {
		f->tracking = false;
		put_first(f, n, n->span.start, n->content_end);
		put_tail(f, n, true);
		return;
	}
	const dh_node *last_line = NULL;
	for (const dh_node *c = n->first_child; c; c = c->next)
		if (c->kind == DH_NODE_LINE)
			last_line = c;
	if (last_line && !closes_cleanly(f, last_line))
		last_line = NULL;
	bool first = true;
	for (const dh_node *c = n->first_child; c; c = c->next) {
		if (c->kind == DH_NODE_LINE) {
			put_line(f, c, first, c == last_line, n);
			first = false;
		} else if (c->kind == DH_NODE_CONT_BLANK) {
			put_blank(f, c);
		} else {
			dh_buf_put(f->o, f->base + c->span.start,
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
		dh_buf_put(f->o, b + brk, (e < n->span.end ? e + 1 : e) - brk);
		i = e < n->span.end ? e + 1 : e;
	}
}

/*
 * Appends the formatted node to *f->o; false when that is the node as it
 * was (formatting leaves it as it is).
 */
static bool format_node(fmt *f, dh_node *n)
{
	f->base = dh_node_base(f->doc, n);
	f->quote = 0;
	f->escaped = false;
	f->from = f->o->len;
	if (n->kind == DH_NODE_INSTRUCTION)
		format_instruction(f, n);
	else
		format_blank(f, n);
	uint32_t len = n->span.end - n->span.start;
	if (f->o->len - f->from != len)
		return true;
	return len &&
	       memcmp(f->o->data + f->from, f->base + n->span.start, len) != 0;
}

static bool formattable(const dh_node *n)
{
	return n->kind == DH_NODE_INSTRUCTION || n->kind == DH_NODE_BLANK;
}

int dh_format(dh_doc *doc, size_t *out_changes)
{
	size_t changes = 0;
	dh_buf scratch = DH_BUF_INIT;
	fmt f = {.doc = doc, .o = &scratch};
	for (dh_node *n = doc->root->first_child; n; n = n->next) {
		dh_buf_clear(&scratch);
		if (formattable(n) && format_node(&f, n) &&
		    dh_cst_replace_text(doc, n,
					scratch.data ? scratch.data : "",
					scratch.len) == 0)
			changes++;
	}
	dh_buf_free(&scratch);
	*out_changes = changes;
	return 0;
}

/*
 * Whether the formatted text stands for node n as dh_format's edit would
 * take it: nothing at all is refused, white space alone becomes blank
 * lines, and otherwise the text must read back as one instruction. It
 * does without being read when the node is not the last: formatting
 * changes white space only and keeps each line's escape, so only text
 * that now starts with a byte order mark (read back as one) is refused.
 * The last node may be an instruction the input ends inside of (its last
 * line continued, perhaps with comment lines after it), which formatting
 * closes: only reading it back tells.
 */
static bool stands_for(fmt *f, dh_doc *doc, const dh_node *n)
{
	const char *t = f->o->data + f->from;
	size_t len = f->o->len - f->from;
	if (!len || (len >= 3 && !memcmp(t, "\xef\xbb\xbf", 3)))
		return false;
	size_t blank = 0;
	while (blank < len && (t[blank] == ' ' || t[blank] == '\t' ||
			       t[blank] == '\r' || t[blank] == '\n'))
		blank++;
	if (t[0] == '#' || blank == len || n->span.end < doc->src->len)
		return true;
	dh_node *fresh;
	return dh__parse_fragment(&fresh, doc, t, (uint32_t)len) == 0;
}

void dh_format_render(dh_buf *out, dh_doc *doc, size_t *out_changes)
{
	size_t changes = 0;
	fmt f = {.doc = doc, .o = out};
	dh_buf_reserve(out, doc->src->len);
	for (dh_node *n = doc->root->first_child; n; n = n->next) {
		size_t before = out->len;
		/* Formatted straight into out; taken back when it is not a
		 * change dh_format would make. */
		if (formattable(n) && format_node(&f, n)) {
			if (stands_for(&f, doc, n)) {
				changes++;
			} else {
				out->len = before;
				dh_node_render(out, doc, n);
			}
		} else if (!formattable(n)) {
			dh_node_render(out, doc, n);
		}
		/* As dh_doc_render: a node after a last line without a line
		 * break needs one between them. */
		if (n->next && n->kind != DH_NODE_BOM && out->len > before &&
		    out->data[out->len - 1] != '\n')
			dh_buf_puts(out, doc->style.crlf ? "\r\n" : "\n");
	}
	*out_changes = changes;
}
