/* SPDX-License-Identifier: MIT */
/*
 * Drives the generated scanner and parser over one input and builds the
 * tree from their tokens. Each instruction is checked as it is built (in
 * a scratch arena that is reset each time) so errors are found during the
 * parse, while its meaning is kept only when a pass asks for it: parsing
 * and printing a large file then costs little more than its bytes.
 */
#include "dockharden/parse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dockharden/alloc.h"
#include "dockharden/errors.h"
#include "parse_internal.h"
#include "parser.h"
#include "lexer.h"

int dh_yyparse(void *scanner, dh__lexctx *ctx);

dh_node *dh__node_new(dh_doc *doc, dh_node_kind kind, uint32_t start,
		      uint32_t end)
{
	dh_node *n = dh_arena_alloc(doc->arena, sizeof(*n));
	n->kind = (uint16_t)kind;
	n->span.start = start;
	n->span.end = end;
	return n;
}

dh_node_extra *dh__node_extra(dh_arena *arena, dh_node *node)
{
	if (!node->extra) {
		node->extra = dh_arena_alloc(arena, sizeof(*node->extra));
		node->extra->origin = node->span.start;
	}
	return node->extra;
}

void dh__node_append(dh_node *parent, dh_node *child)
{
	child->parent = parent;
	child->prev = parent->last_child;
	child->next = NULL;
	if (parent->last_child)
		parent->last_child->next = child;
	else
		parent->first_child = child;
	parent->last_child = child;
}

/* Past the error cap, everything that follows is one ERROR node. */
static bool absorb_rest(dh__lexctx *ctx, uint32_t start, uint32_t end)
{
	if (!ctx->capped)
		return false;
	if (!ctx->rest_error) {
		ctx->rest_error =
			dh__node_new(ctx->doc, DH_NODE_ERROR, start, end);
		dh__node_append(ctx->root, ctx->rest_error);
	}
	ctx->rest_error->span.end = end;
	return true;
}

void dh__parse_top(dh__lexctx *ctx, dh_node_kind kind, dh__tok tok)
{
	if (absorb_rest(ctx, tok.start, tok.end))
		return;
	dh_node *last = ctx->root->last_child;
	if (kind == DH_NODE_BLANK && last && last->kind == DH_NODE_BLANK &&
	    last->span.end == tok.start) {
		/* A run of blank lines is one node. */
		last->span.end = tok.end;
		return;
	}
	dh_node *n = dh__node_new(ctx->doc, kind, tok.start, tok.end);
	if (kind == DH_NODE_DIRECTIVE && ctx->doc->diags.last &&
	    ctx->doc->diags.last->span.start == tok.start)
		n->kind = DH_NODE_ERROR;
	dh__node_append(ctx->root, n);
}

dh_node *dh__parse_body(dh__lexctx *ctx, dh_node *body, dh_node_kind kind,
			dh__tok tok)
{
	if (!body)
		body = dh__node_new(ctx->doc, DH_NODE_INSTRUCTION, tok.start,
				    tok.end);
	dh_node *n = dh__node_new(ctx->doc, kind, tok.start, tok.end);
	n->content_end = tok.content_end;
	dh__node_append(body, n);
	body->span.end = tok.end;
	return body;
}

dh_node *dh__parse_heredoc(dh__lexctx *ctx, dh_node *list, dh__tok tok,
			   bool is_end)
{
	if (!list)
		list = dh__node_new(ctx->doc, DH_NODE_INSTRUCTION, tok.start,
				    tok.end);
	dh_node *h = list->last_child;
	if (!h || h->content_end) {
		h = dh__node_new(ctx->doc, DH_NODE_HEREDOC, tok.start, tok.end);
		dh__node_append(list, h);
	}
	h->span.end = tok.end;
	if (is_end)
		h->content_end = tok.start;
	list->span.end = tok.end;
	return list;
}

void dh__parse_error(dh__lexctx *ctx, uint32_t offset, const char *got,
		     const char *expected)
{
	dh_span span = {offset, offset};
	dh_diag *d = dh_diag_add(&ctx->doc->diags, DH_SEV_ERROR, "syntax-error",
				 ctx->doc->src, span, "unexpected %s", got);
	if (expected)
		d->hint = dh_arena_printf(ctx->doc->arena, "expected %s",
					  expected);
}

/* Style facts for edits: keyword case votes and continuation indent. */
static void note_style(dh__lexctx *ctx, const dh_node *n)
{
	const char *p = ctx->base + n->span.start;
	const char *end = ctx->base + n->span.end;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p < end && *p >= 'a' && *p <= 'z')
		ctx->lower_keywords++;
	else if (p < end && *p >= 'A' && *p <= 'Z')
		ctx->upper_keywords++;
	ctx->doc->style.lowercase_keywords =
		ctx->lower_keywords > ctx->upper_keywords;
	if (ctx->doc->style.indent || !n->first_child)
		return;
	const dh_node *line = n->first_child->next;
	while (line && line->kind != DH_NODE_LINE)
		line = line->next;
	if (!line)
		return;
	uint32_t i = line->span.start;
	while (i < line->content_end &&
	       (ctx->base[i] == ' ' || ctx->base[i] == '\t'))
		i++;
	if (i > line->span.start)
		ctx->doc->style.indent = dh_arena_strndup(
			ctx->doc->arena, ctx->base + line->span.start,
			i - line->span.start);
}

/* An instruction that failed its check; content_end stays set so the
 * node is known to hold an instruction (dh_node_instr reads it). */
static void mark_error(dh_node *n)
{
	n->kind = DH_NODE_ERROR;
	if (n->first_child)
		n->content_end = n->first_child->content_end;
}

/*
 * Whether an instruction can fail its check at all: only ENV/LABEL (a
 * name without a value), ONBUILD (its trigger) and text holding a JSON
 * array (non-string elements) can. The rest is checked lazily, when a
 * pass first asks for its meaning, so plain parsing stays cheap. A
 * keyword cut by a continuation is always checked.
 */
/*
 * ENV and LABEL fail only when a word lacks '=' (or a lone name has no
 * value). Words are cut as the reference cuts them: at white space outside
 * quotes, the escape character taking the next character along. Scanning
 * for that is far cheaper than building the words.
 */
/*
 * Bytes the ENV/LABEL word scan must look at: white space and control
 * bytes, '=', quotes, both escape characters, DEL and non-ASCII. One bit
 * per ASCII byte, so the common case is a shift and a test.
 */
#define BIT(c) ((uint64_t)1 << ((c)&63))
static const uint64_t decide_lo =
	0x1ffffffffu | BIT('"') | BIT('\'') | BIT('=');
static const uint64_t decide_hi = BIT('\\') | BIT('`') | BIT(0x7f);
#undef BIT

static inline bool needs_decision(unsigned char c)
{
	if (c < 64)
		return (decide_lo >> c) & 1;
	return c >= 128 || ((decide_hi >> (c - 64)) & 1);
}

/*
 * Moves *i past the quoted text opening at *i and its closing quote (or
 * to len). '=' inside counts for the word; false for a non-ASCII byte,
 * which the full check must see.
 */
static bool skip_quoted(const char *line, uint32_t *i, uint32_t len, char esc,
			bool *has_eq)
{
	char quote = line[*i];
	uint32_t k = *i + 1;
	for (; k < len && line[k] != quote; k++) {
		if ((unsigned char)line[k] >= 0x80)
			return false;
		*has_eq |= line[k] == '=';
		if (line[k] == esc && quote != '\'' && k + 1 < len)
			k++;
	}
	*i = k < len ? k + 1 : len;
	return true;
}

static bool name_values_may_fail(dh__lexctx *ctx, const dh_node *n,
				 uint32_t kw_end)
{
	uint32_t len;
	dh__seg *segs;
	size_t nsegs;
	const char *line = dh__join_instruction(ctx->scratch, ctx->base, n,
						&len, &segs, &nsegs);
	uint32_t i = kw_end - segs[0].base;
	bool in_word = false, has_eq = false, words = false;
	char esc = ctx->escape;
	while (i < len) {
		/* Ordinary word characters need no decision: skip a run. */
		uint32_t run = i;
		while (i < len && !needs_decision((unsigned char)line[i]))
			i++;
		if (i > run)
			in_word = words = true;
		if (i >= len)
			break;
		char c = line[i];
		if ((unsigned char)c >= 0x80)
			return true; /* Unicode spaces: let the full check
					decide */
		if (c == ' ' || (c >= '\t' && c <= '\r')) {
			if (in_word && !has_eq)
				return true;
			in_word = has_eq = false;
			while (++i < len && (line[i] == ' ' || line[i] == '\t'))
				;
			continue;
		}
		in_word = words = true;
		has_eq |= c == '=';
		if (c == esc && i + 1 < len) {
			i += 2;
		} else if (c == '"' || c == '\'') {
			if (!skip_quoted(line, &i, len, esc, &has_eq))
				return true;
		} else {
			i++;
		}
	}
	dh_arena_reset(ctx->scratch);
	return (in_word && !has_eq) || !words ? words : false;
}

/*
 * A '[' only fails an instruction when the text after the keyword and its
 * flags is a valid JSON array holding something other than strings.
 */
static bool json_may_fail(dh__lexctx *ctx, const dh_node *n, uint32_t kw_end)
{
	uint32_t len;
	dh__seg *segs;
	size_t nsegs;
	const char *line = dh__join_instruction(ctx->scratch, ctx->base, n,
						&len, &segs, &nsegs);
	uint32_t i = kw_end - segs[0].base;
	bool fail = false;
	/* Skip flags: words starting with "--". */
	for (;;) {
		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i + 1 >= len || line[i] != '-' || line[i + 1] != '-')
			break;
		while (i < len && line[i] != ' ' && line[i] != '\t')
			i++;
	}
	/* HEALTHCHECK CMD [...]: the array may follow one more word. */
	const char *br = memchr(line + i, '[', len - i);
	if (br)
		fail = dh__json_check(br, len - (uint32_t)(br - line)) < 0 ||
		       (br != line + i &&
			dh__json_check(line + i, len - i) < 0);
	dh_arena_reset(ctx->scratch);
	return fail;
}

static bool may_fail(dh__lexctx *ctx, const dh_node *n)
{
	const dh_node *first = n->first_child ? n->first_child : n;
	const char *b = ctx->base;
	uint32_t i = first->span.start, end = first->content_end, w;
	while (i < end && dh__is_space_at(b + i, end - i, &w))
		i += w;
	uint32_t k = i;
	while (k < end && b[k] != ' ' && b[k] != '\t' && b[k] != '\v' &&
	       b[k] != '\f' && b[k] != '\r')
		k++;
	if (k == end && n->first_child)
		return true;
	dh_instr_kind kind = dh_instr_kind_from_word(b + i, k - i);
	if (kind == DH_INSTR_ENV || kind == DH_INSTR_LABEL)
		return name_values_may_fail(ctx, n, k);
	if (kind == DH_INSTR_ONBUILD)
		return true;
	for (uint32_t j = i; kind == DH_INSTR_UNKNOWN && j < k; j++)
		if ((unsigned char)b[j] >= 0x80)
			return true; /* a keyword only Unicode case folding
					reads */
	for (const dh_node *c = first; c; c = c->next) {
		if (c != n && c->kind != DH_NODE_LINE)
			continue;
		uint32_t s = c == first ? k : c->span.start;
		if (memchr(b + s, '[', c->content_end - s))
			return json_may_fail(ctx, n, k);
		if (c == n)
			break;
	}
	return false;
}

static void check_instruction(dh__lexctx *ctx, dh_node *n)
{
	dh_doc *doc = ctx->doc;
	if (doc->diags.errors >= DH__MAX_ERRORS)
		return;
	if (!ctx->hdoc_missing && !may_fail(ctx, n))
		return;
	uint32_t len, err_at;
	dh__seg *segs;
	size_t nsegs;
	const char *line = dh__join_instruction(ctx->scratch, ctx->base, n,
						&len, &segs, &nsegs);
	dh_instr in;
	const char *err = dh__instr_analyse(&in, ctx->scratch, line, len, segs,
					    nsegs, ctx->escape, &err_at);
	if (err) {
		uint32_t at = n->span.start;
		for (size_t k = 0; k < nsegs; k++)
			if (segs[k].joined <= err_at)
				at = segs[k].base + (err_at - segs[k].joined);
		dh_span span = {at, n->first_child ? n->first_child->content_end
						   : n->content_end};
		if (span.end < span.start)
			span.end = span.start;
		dh_diag_add(&doc->diags, DH_SEV_ERROR, "invalid-instruction",
			    doc->src, span, "%s", err);
		mark_error(n);
	}
	if (ctx->hdoc_missing && n->last_child &&
	    n->last_child->kind == DH_NODE_HEREDOC) {
		dh_span span = {n->span.start, n->span.start};
		const dh__heredoc_word *h = &ctx->hdocs[ctx->hdoc_next];
		dh_diag_add(
			&doc->diags, DH_SEV_ERROR, "unterminated-heredoc",
			doc->src, span,
			"heredoc '%.*s' is not terminated before the end of input",
			(int)h->name_len, h->name);
		mark_error(n);
	}
	if (doc->diags.errors >= DH__MAX_ERRORS) {
		ctx->capped = true;
		dh_span span = {n->span.end, n->span.end};
		dh_diag_add(
			&doc->diags, DH_SEV_ERROR, "too-many-errors", doc->src,
			span,
			"too many errors; the rest of the file is not checked");
	}
	dh_arena_reset(ctx->scratch);
}

void dh__parse_instruction(dh__lexctx *ctx, dh_node *body, dh__tok last,
			   dh_node *heredocs)
{
	dh_node *n = body;
	if (!n && !heredocs) {
		n = dh__node_new(ctx->doc, DH_NODE_INSTRUCTION, last.start,
				 last.end);
		n->content_end = last.content_end;
	} else {
		if (!n)
			n = dh__node_new(ctx->doc, DH_NODE_INSTRUCTION,
					 last.start, last.end);
		if (last.end > last.start || !n->first_child)
			dh__parse_body(ctx, n, DH_NODE_LINE, last);
		for (dh_node *h = heredocs ? heredocs->first_child : NULL,
			     *next;
		     h; h = next) {
			next = h->next;
			dh__node_append(n, h);
		}
		if (n->last_child && n->last_child->span.end > n->span.end)
			n->span.end = n->last_child->span.end;
	}
	if (absorb_rest(ctx, n->span.start, n->span.end))
		return;
	dh__node_append(ctx->root, n);
	note_style(ctx, n);
	check_instruction(ctx, n);
}

static bool has_instruction(const dh_doc *doc)
{
	for (const dh_node *n = doc->root->first_child; n; n = n->next)
		if (n->kind == DH_NODE_INSTRUCTION ||
		    (n->kind == DH_NODE_ERROR && n->first_child) ||
		    (n->kind == DH_NODE_ERROR && n->content_end))
			return true;
	return false;
}

static void detect_line_style(dh_doc *doc)
{
	const char *nl = memchr(doc->src->data, '\n', doc->src->len);
	doc->style.crlf = nl && nl > doc->src->data && nl[-1] == '\r';
	if (!doc->style.indent)
		doc->style.indent = "    ";
}

/* Lines over the limit are refused: no editor or build tool needs them,
 * and they are the usual sign of a file that is not a Dockerfile. The
 * scanner notes the first one as it finds line ends. */
static void check_line_length(dh_doc *doc, const dh__lexctx *ctx)
{
	if (!ctx->long_line)
		return;
	dh_span span = {ctx->long_line_at, ctx->long_line_at};
	dh_diag_add(&doc->diags, DH_SEV_ERROR, "line-too-long", doc->src, span,
		    "line is longer than the %zu MiB limit", DH_LINE_MAX >> 20);
}

static int parse_with(dh_doc *doc, char escape, bool directives,
		      bool whole_file)
{
	dh_source *src = doc->src;
	dh__lexctx ctx = {
		.doc = doc,
		.base = src->data,
		.base_len = src->len,
		.escape = escape,
		.directives_done = !directives,
		.root = doc->root,
		.join = DH_BUF_INIT,
	};
	ctx.scratch = dh_arena_new();
	uint32_t off = 0;
	if (src->len >= 3 && memcmp(src->data, "\xef\xbb\xbf", 3) == 0) {
		dh__node_append(doc->root,
				dh__node_new(doc, DH_NODE_BOM, 0, 3));
		doc->has_bom = true;
		off = 3;
	}
	ctx.off = off;
	void *scanner;
	if (dh_yylex_init_extra(&ctx, &scanner) != 0)
		abort();
	/*
	 * The source copy ends in two NULs and is ours: scan it in place.
	 * NUL bytes in the text need no care: the rules read only how a
	 * line starts, so flex meets a NUL at most once a line.
	 */
	char *buf = (char *)(uintptr_t)src->data;
	ctx.scan_end = buf + src->len;
	dh_yy_scan_buffer(buf + off, (yy_size_t)(src->len - off) + 2, scanner);
	dh_yyparse(scanner, &ctx);
	if (whole_file)
		check_line_length(doc, &ctx);
	dh_yylex_destroy(scanner);
	doc->style.escape = ctx.escape;
	free(ctx.segs);
	dh_buf_free(&ctx.join);
	dh_arena_free(ctx.scratch);
	return 0;
}

static dh_doc *doc_new(dh_arena *arena, dh_source *src)
{
	dh_doc *doc = dh_arena_alloc(arena, sizeof(*doc));
	doc->arena = arena;
	doc->src = src;
	dh_diags_init(&doc->diags, arena);
	doc->root = dh__node_new(doc, DH_NODE_DOCUMENT, 0, src->len);
	doc->style.escape = '\\';
	return doc;
}

int dh_parse(dh_doc **out, dh_arena *arena, dh_source *src)
{
	dh_doc *doc = doc_new(arena, src);
	parse_with(doc, '\\', true, true);
	detect_line_style(doc);
	if (!has_instruction(doc)) {
		dh_span span = {src->len, src->len};
		dh_diag_add(&doc->diags, DH_SEV_ERROR, "no-instructions", src,
			    span, "file with no instructions");
	}
	*out = doc;
	return 0;
}

int dh__parse_fragment(dh_node **out, dh_doc *doc, const char *text,
		       uint32_t len)
{
	dh_source *src = dh_source_new(doc->arena, doc->src->path, text, len);
	if (!src)
		return DH_EINPUT;
	dh_doc *frag = doc_new(doc->arena, src);
	parse_with(frag, doc->style.escape, false, false);
	dh_node *n = frag->root->first_child;
	if (!n || n->next || n->kind != DH_NODE_INSTRUCTION ||
	    frag->diags.errors)
		return DH_EINPUT;
	dh__node_extra(doc->arena, n)->text = src->data;
	*out = n;
	return 0;
}

int dh_doc_ok(const dh_doc *doc)
{
	return doc->diags.errors == 0;
}
