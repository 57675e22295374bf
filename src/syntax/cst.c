/* SPDX-License-Identifier: MIT */
/*
 * The tree's accessors, printer and edit API. Clean nodes print their
 * bytes straight from the source; an edited node carries its own text,
 * produced by splicing the change into its original bytes and re-read by
 * the parser, so everything outside the edit stays byte for byte and the
 * node's meaning stays true.
 */
#include "dockharden/cst.h"

#include <string.h>

#include "dockharden/errors.h"
#include "parse_internal.h"

static const dh_node *top_of(const dh_node *node)
{
	while (node->parent && node->parent->kind != DH_NODE_DOCUMENT)
		node = node->parent;
	return node;
}

const char *dh_node_base(const dh_doc *doc, const dh_node *node)
{
	const dh_node *top = top_of(node);
	return dh_node_text(top) ? dh_node_text(top) : doc->src->data;
}

void dh_node_render(dh_buf *out, const dh_doc *doc, const dh_node *node)
{
	if (node->kind == DH_NODE_DOCUMENT) {
		dh_doc_render(out, doc);
		return;
	}
	const char *base = dh_node_base(doc, node);
	dh_buf_put(out, base + node->span.start,
		   node->span.end - node->span.start);
}

static void put_newline(dh_buf *out, const dh_doc *doc)
{
	dh_buf_puts(out, doc->style.crlf ? "\r\n" : "\n");
}

void dh_doc_render(dh_buf *out, const dh_doc *doc)
{
	/* An unedited tree covers the input exactly (dh_cst_check proves
	 * it), so printing it is one copy. */
	if (!(doc->root->flags & DH_NODE_F_CHILD_DIRTY)) {
		dh_buf_put(out, doc->src->data, doc->src->len);
		return;
	}
	dh_buf_reserve(out, doc->src->len);
	for (const dh_node *n = doc->root->first_child; n; n = n->next) {
		size_t before = out->len;
		dh_node_render(out, doc, n);
		/* A node moved or added after a last line that had no line
		 * break needs one between them. */
		if (n->next && n->kind != DH_NODE_BOM && out->len > before &&
		    out->data[out->len - 1] != '\n')
			put_newline(out, doc);
	}
}

const char *dh_node_kind_name(dh_node_kind kind)
{
	static const char *const names[] = {
		"document",	"bom",	       "directive", "comment",
		"blank",	"instruction", "error",	    "line",
		"cont-comment", "cont-blank",  "heredoc",
	};
	return (size_t)kind < sizeof(names) / sizeof(names[0]) ? names[kind]
							       : "?";
}

static void attach_heredocs(const dh_doc *doc, dh_node *node, dh_instr *in,
			    const char *line, uint32_t len)
{
	size_t nbodies = 0;
	for (const dh_node *c = node->first_child; c; c = c->next)
		nbodies += c->kind == DH_NODE_HEREDOC;
	if (!nbodies)
		return;
	dh__heredoc_word *words;
	size_t n = dh__heredocs_find(&words, doc->arena, line, len);
	if (n > nbodies)
		n = nbodies;
	in->heredocs = dh_arena_alloc(doc->arena, n * sizeof(dh_heredoc) + 1);
	const dh_node *c = node->first_child;
	for (size_t k = 0; k < n; k++) {
		while (c->kind != DH_NODE_HEREDOC)
			c = c->next;
		dh_heredoc *h = &in->heredocs[k];
		h->name = words[k].name;
		h->fd = words[k].fd;
		h->chomp = words[k].chomp;
		h->expand = words[k].expand;
		h->body.start = c->span.start;
		h->body.end = c->content_end;
		h->terminator.start = c->content_end;
		h->terminator.end = c->span.end;
		c = c->next;
	}
	in->nheredocs = n;
}

const dh_instr *dh_node_instr(const dh_doc *doc, dh_node *node)
{
	if (node->extra && node->extra->instr)
		return node->extra->instr;
	/* An ERROR node may hold an instruction whose line itself parses
	 * (an unterminated heredoc); lines that do not parse give NULL. */
	if (node->kind != DH_NODE_INSTRUCTION &&
	    !(node->kind == DH_NODE_ERROR && node->content_end))
		return NULL;
	const char *base = dh_node_base(doc, node);
	uint32_t len, err_at;
	dh__seg *segs;
	size_t nsegs;
	const char *line = dh__join_instruction(doc->arena, base, node, &len,
						&segs, &nsegs);
	dh_instr *in = dh_arena_alloc(doc->arena, sizeof(*in));
	if (dh__instr_analyse(in, doc->arena, line, len, segs, nsegs,
			      doc->style.escape, &err_at))
		return NULL;
	if (in->trigger)
		in->trigger->parent = node;
	attach_heredocs(doc, node, in, line, len);
	dh__node_extra(doc->arena, node)->instr = in;
	return in;
}

uint32_t dh_node_origin(const dh_node *node)
{
	return node->extra ? node->extra->origin : node->span.start;
}

void dh_node_set_origin(dh_doc *doc, dh_node *node, uint32_t origin)
{
	dh__node_extra(doc->arena, node)->origin = origin;
}

const char *dh_node_text(const dh_node *node)
{
	return node->extra ? node->extra->text : NULL;
}

const dh_instr *dh_instr_trigger(const dh_instr *instr)
{
	const dh_node *t = instr->trigger;
	return t && t->extra ? t->extra->instr : NULL;
}

void dh_node_position(const dh_doc *doc, const dh_node *node,
		      uint32_t *out_line, uint32_t *out_col)
{
	const dh_node *top = top_of(node);
	uint32_t at =
		dh_node_text(top) ? dh_node_origin(top) : node->span.start;
	dh_source_locate(doc->src, at, out_line, out_col);
}

dh_node *dh_doc_next_instruction(const dh_doc *doc, const dh_node *node)
{
	dh_node *n = node ? node->next : doc->root->first_child;
	while (n && n->kind != DH_NODE_INSTRUCTION)
		n = n->next;
	return n;
}

/* ---- edits ---- */

static void mark_dirty(dh_node *node)
{
	node->flags |= DH_NODE_F_DIRTY;
	for (dh_node *p = node->parent; p; p = p->parent)
		p->flags |= DH_NODE_F_CHILD_DIRTY;
}

/* New text in the file's style: keyword case, escape, breaks, indent. */
static void styled_line(dh_buf *out, const dh_doc *doc, const char *line)
{
	size_t kw = strcspn(line, " \t\n");
	bool comment = line[0] == '#';
	for (size_t i = 0; line[i]; i++) {
		char c = line[i];
		if (c == '\n') {
			dh_buf_putc(out, ' ');
			dh_buf_putc(out, doc->style.escape);
			dh_buf_puts(out, doc->style.crlf ? "\r\n" : "\n");
			dh_buf_puts(out, doc->style.indent);
			continue;
		}
		if (!comment && i < kw && doc->style.lowercase_keywords &&
		    c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		dh_buf_putc(out, c);
	}
	dh_buf_puts(out, doc->style.crlf ? "\r\n" : "\n");
}

static int node_from_text(dh_node **out, dh_doc *doc, const char *text,
			  size_t len)
{
	if (len > UINT32_MAX / 2)
		return DH_EINPUT;
	if (text[0] == '#' || (len && strspn(text, " \t\r\n") == len)) {
		char *copy = dh_arena_strndup(doc->arena, text, len);
		dh_node *n = dh__node_new(
			doc, text[0] == '#' ? DH_NODE_COMMENT : DH_NODE_BLANK,
			0, (uint32_t)len);
		dh__node_extra(doc->arena, n)->text = copy;
		*out = n;
		return 0;
	}
	return dh__parse_fragment(out, doc, text, (uint32_t)len);
}

static int synthetic(dh_node **out, dh_doc *doc, const char *line)
{
	if (line[0] && strspn(line, " \t\r\n") == strlen(line))
		return DH_EINPUT;
	dh_buf b = DH_BUF_INIT;
	styled_line(&b, doc, line);
	int rc = node_from_text(out, doc, b.data, b.len);
	dh_buf_free(&b);
	if (rc == 0)
		(*out)->flags |= DH_NODE_F_SYNTHETIC | DH_NODE_F_DIRTY;
	return rc;
}

static void link_before(dh_node *node, dh_node *anchor)
{
	dh_node *parent = anchor->parent;
	node->parent = parent;
	node->next = anchor;
	node->prev = anchor->prev;
	if (anchor->prev)
		anchor->prev->next = node;
	else
		parent->first_child = node;
	anchor->prev = node;
}

static void link_after(dh_node *node, dh_node *anchor)
{
	if (anchor->next) {
		link_before(node, anchor->next);
		return;
	}
	dh__node_append(anchor->parent, node);
}

static void unlink_node(dh_node *node)
{
	dh_node *parent = node->parent;
	if (!parent)
		return; /* not in a tree */
	if (node->prev)
		node->prev->next = node->next;
	else
		parent->first_child = node->next;
	if (node->next)
		node->next->prev = node->prev;
	else
		parent->last_child = node->prev;
	node->prev = node->next = NULL;
}

static int splice(dh_doc *doc, dh_node *node, uint32_t start, uint32_t end,
		  const char *repl);
static void adopt(dh_doc *doc, dh_node *node, dh_node *fresh);

/* A node holding text as given: blank or comment lines, not re-read. */
static dh_node *lines_node(dh_doc *doc, const char *text, size_t len)
{
	size_t i = strspn(text, " \t");
	dh_node *n = dh__node_new(
		doc, text[i] == '#' ? DH_NODE_COMMENT : DH_NODE_BLANK, 0,
		(uint32_t)len);
	dh__node_extra(doc->arena, n)->text =
		dh_arena_strndup(doc->arena, text, len);
	n->flags |= DH_NODE_F_DIRTY;
	return n;
}

static void become_lines(dh_doc *doc, dh_node *node, const char *text,
			 size_t len)
{
	dh_node *n = lines_node(doc, text, len);
	node->kind = n->kind;
	node->first_child = node->last_child = NULL;
	dh_node_extra *x = dh__node_extra(doc->arena, node);
	x->instr = NULL;
	x->text = dh_node_text(n);
	node->span = n->span;
	mark_dirty(node);
}

/* Whether an instruction's last line ends in a continuation escape (the
 * input ended inside it). */
static const dh_node *last_line(const dh_node *node)
{
	const dh_node *last = NULL;
	for (const dh_node *c = node->first_child; c; c = c->next)
		if (c->kind == DH_NODE_LINE)
			last = c;
	return last;
}

static bool ends_open(const dh_doc *doc, const dh_node *node)
{
	const dh_node *last = last_line(node);
	const char *base = dh_node_base(doc, node);
	return last && last->content_end < last->span.end &&
	       base[last->content_end] == doc->style.escape;
}

/* A LINE holding nothing but blanks before its continuation escape. */
static bool escape_only(const char *base, const dh_node *line, char esc)
{
	uint32_t e = line->content_end;
	if (e >= line->span.end || base[e] != esc)
		return false;
	for (uint32_t i = line->span.start; i < e; i++)
		if (base[i] != ' ' && base[i] != '\t')
			return false;
	return true;
}

/* Appends line's break ("\n", "\r\n" or nothing at the end of input). */
static void put_break(dh_buf *b, const char *base, const dh_node *line)
{
	uint32_t k = line->span.end;
	while (k > line->span.start &&
	       (base[k - 1] == '\n' || base[k - 1] == '\r'))
		k--;
	dh_buf_put(b, base + k, line->span.end - k);
}

/*
 * A file may end inside a continuation ("RUN b \" then end of input,
 * perhaps with blank or comment lines after it, or lines holding only an
 * escape). Anything placed after such an instruction would join it, so it
 * is closed first: the dangling escape of its last line with text goes,
 * the escape-only lines after it become blank lines, and those with the
 * blank and comment lines that trailed it stay after it, in a node of
 * their own.
 */
static void close_continuation(dh_doc *doc, dh_node *node)
{
	if (!node || node->kind != DH_NODE_INSTRUCTION || !ends_open(doc, node))
		return;
	const char *base = dh_node_base(doc, node);
	char esc = doc->style.escape;
	const dh_node *closing = last_line(node);
	while (closing && escape_only(base, closing, esc)) {
		do
			closing = closing->prev;
		while (closing && closing->kind != DH_NODE_LINE);
	}
	dh_buf b = DH_BUF_INIT, rest = DH_BUF_INIT;
	if (closing) {
		uint32_t e = closing->content_end;
		dh_buf_put(&b, base + node->span.start, e - node->span.start);
		/*
		 * Text that itself ends in the escape ("echo a\ \") would
		 * still continue once the dangling escape is gone. A vertical
		 * tab ends it: a line continues only when the escape is
		 * followed by spaces and tabs, and the parser trims the tab
		 * away, so the instruction reads exactly as it did.
		 */
		uint32_t n = e - closing->span.start;
		if (dh__continuation_at(base + closing->span.start, n, esc) < n)
			dh_buf_putc(&b, '\v');
		put_break(&b, base, closing);
		if (b.data[b.len - 1] != '\n')
			dh_buf_puts(&b, doc->style.crlf ? "\r\n" : "\n");
	}
	for (const dh_node *c = closing ? closing->next : node->first_child; c;
	     c = c->next) {
		if (c->kind == DH_NODE_LINE)
			put_break(&rest, base, c);
		else
			dh_buf_put(&rest, base + c->span.start,
				   c->span.end - c->span.start);
	}
	dh_node *after = NULL, *fresh;
	if (!closing) {
		/* Nothing but escapes: the whole node becomes blank lines. */
		if (!rest.len || rest.data[rest.len - 1] != '\n')
			dh_buf_puts(&rest, doc->style.crlf ? "\r\n" : "\n");
		become_lines(doc, node, rest.data, rest.len);
	} else if (node_from_text(&fresh, doc, b.data, b.len) == 0) {
		adopt(doc, node, fresh);
		if (rest.len)
			after = lines_node(doc, rest.data, rest.len);
	}
	dh_buf_free(&b);
	dh_buf_free(&rest);
	if (after) {
		link_after(after, node);
		dh_node_set_origin(doc, after, dh_node_origin(node));
		mark_dirty(after);
	}
}

int dh_cst_insert_before(dh_node **out, dh_doc *doc, dh_node *anchor,
			 const char *line)
{
	dh_node *n;
	int rc = synthetic(&n, doc, line);
	if (rc)
		return rc;
	link_before(n, anchor);
	dh_node_set_origin(doc, n, dh_node_origin(anchor));
	close_continuation(doc, n->prev);
	mark_dirty(n);
	if (out)
		*out = n;
	return 0;
}

int dh_cst_insert_after(dh_node **out, dh_doc *doc, dh_node *anchor,
			const char *line)
{
	dh_node *n;
	int rc = synthetic(&n, doc, line);
	if (rc)
		return rc;
	link_after(n, anchor);
	dh_node_set_origin(doc, n, dh_node_origin(anchor));
	close_continuation(doc, n->prev);
	mark_dirty(n);
	if (out)
		*out = n;
	return 0;
}

int dh_cst_insert_copy_after(dh_node **out, dh_doc *doc, dh_node *anchor,
			     const dh_node *node)
{
	dh_buf b = DH_BUF_INIT;
	dh_node_render(&b, doc, node);
	if (!b.len || b.data[b.len - 1] != '\n')
		dh_buf_puts(&b, doc->style.crlf ? "\r\n" : "\n");
	dh_node *n;
	int rc = node_from_text(&n, doc, b.data, b.len);
	dh_buf_free(&b);
	if (rc)
		return rc;
	n->flags |= DH_NODE_F_SYNTHETIC | DH_NODE_F_DIRTY;
	link_after(n, anchor);
	dh_node_set_origin(doc, n, dh_node_origin(node));
	close_continuation(doc, n->prev);
	mark_dirty(n);
	if (out)
		*out = n;
	return 0;
}

int dh_cst_append(dh_node **out, dh_doc *doc, const char *line)
{
	dh_node *n;
	int rc = synthetic(&n, doc, line);
	if (rc)
		return rc;
	dh__node_append(doc->root, n);
	dh_node_set_origin(doc, n, n->prev ? dh_node_origin(n->prev) : 0);
	close_continuation(doc, n->prev);
	mark_dirty(n);
	if (out)
		*out = n;
	return 0;
}

/* Takes over a re-parsed node's contents, keeping links and position. */
static void adopt(dh_doc *doc, dh_node *node, dh_node *fresh)
{
	node->kind = fresh->kind;
	node->first_child = fresh->first_child;
	node->last_child = fresh->last_child;
	for (dh_node *c = node->first_child; c; c = c->next)
		c->parent = node;
	node->content_end = fresh->content_end;
	dh_node_extra *x = dh__node_extra(doc->arena, node);
	x->text = dh_node_text(fresh);
	x->instr = NULL;
	node->span = fresh->span;
	mark_dirty(node);
}

/* Text spliced into a line: a '\n' becomes a continuation in file style. */
static void styled_fragment(dh_buf *out, const dh_doc *doc, const char *text)
{
	for (size_t i = 0; text[i]; i++) {
		if (text[i] != '\n') {
			dh_buf_putc(out, text[i]);
			continue;
		}
		size_t k = out->len;
		while (k &&
		       (out->data[k - 1] == ' ' || out->data[k - 1] == '\t'))
			k--;
		if (k && out->data[k - 1] == doc->style.escape) {
			/* Already a continuation, as the caller wrote it. */
			dh_buf_putc(out, '\n');
			continue;
		}
		dh_buf_putc(out, ' ');
		dh_buf_putc(out, doc->style.escape);
		dh_buf_puts(out, doc->style.crlf ? "\r\n" : "\n");
		dh_buf_puts(out, doc->style.indent);
	}
}

/* Replaces [start, end) of the node's bytes with repl, then re-reads it. */
static int splice(dh_doc *doc, dh_node *node, uint32_t start, uint32_t end,
		  const char *repl)
{
	const char *base = dh_node_base(doc, node);
	dh_buf b = DH_BUF_INIT;
	dh_buf_put(&b, base + node->span.start, start - node->span.start);
	styled_fragment(&b, doc, repl);
	dh_buf_put(&b, base + end, node->span.end - end);
	dh_node *fresh;
	int rc = node_from_text(&fresh, doc, b.data, b.len);
	dh_buf_free(&b);
	/* An edit that leaves the text ending in a dangling escape ("\\ --x"
	 * without its flag) would join it to whatever follows. */
	if (rc == 0 && ends_open(doc, fresh) && !ends_open(doc, node))
		rc = DH_EINPUT;
	if (rc == 0)
		adopt(doc, node, fresh);
	return rc;
}

int dh_cst_replace(dh_doc *doc, dh_node *node, const char *line)
{
	dh_buf b = DH_BUF_INIT;
	styled_line(&b, doc, line);
	dh_node *fresh;
	int rc = node_from_text(&fresh, doc, b.data, b.len);
	dh_buf_free(&b);
	if (rc == 0 && fresh->kind != DH_NODE_INSTRUCTION)
		rc = DH_EINPUT;
	if (rc == 0)
		adopt(doc, node, fresh);
	return rc;
}

int dh_cst_replace_text(dh_doc *doc, dh_node *node, const char *text,
			size_t len)
{
	dh_node *fresh;
	int rc = node_from_text(&fresh, doc, text, len);
	if (rc == 0)
		adopt(doc, node, fresh);
	return rc;
}

int dh_cst_replace_rest(dh_doc *doc, dh_node *node, const char *rest)
{
	const dh_instr *in = dh_node_instr(doc, node);
	if (!in)
		return DH_EINPUT;
	uint32_t start = in->rest_raw.start, end = in->rest_raw.end;
	if (!in->rest_len) {
		/* No arguments yet: add them after the flags or keyword. */
		start = end = in->nflags ? in->flags[in->nflags - 1].raw.end
					 : in->keyword_raw.end;
		dh_buf b = DH_BUF_INIT;
		dh_buf_putc(&b, ' ');
		dh_buf_puts(&b, rest);
		int rc = splice(doc, node, start, end, b.data);
		dh_buf_free(&b);
		return rc;
	}
	return splice(doc, node, start, end, rest);
}

void dh_cst_remove(dh_doc *doc, dh_node *node)
{
	(void)doc;
	for (dh_node *p = node->parent; p; p = p->parent)
		p->flags |= DH_NODE_F_CHILD_DIRTY;
	unlink_node(node);
	node->flags |= DH_NODE_F_REMOVED;
}

void dh_cst_move_before(dh_doc *doc, dh_node *node, dh_node *anchor)
{
	unlink_node(node);
	link_before(node, anchor);
	close_continuation(doc, node->prev);
	close_continuation(doc, node);
	mark_dirty(node);
}

void dh_cst_move_after(dh_doc *doc, dh_node *node, dh_node *anchor)
{
	unlink_node(node);
	link_after(node, anchor);
	close_continuation(doc, node->prev);
	if (node->next)
		close_continuation(doc, node);
	mark_dirty(node);
}

/* A flag is one word: "--name" or "--name=value", no line break. */
static bool flag_ok(const char *flag)
{
	return strncmp(flag, "--", 2) == 0 && flag[2] && !strpbrk(flag, "\r\n");
}

int dh_cst_add_flag(dh_doc *doc, dh_node *node, const char *flag)
{
	const dh_instr *in = dh_node_instr(doc, node);
	if (!in || !flag_ok(flag))
		return DH_EINPUT;
	dh_buf b = DH_BUF_INIT;
	dh_buf_putc(&b, ' ');
	dh_buf_puts(&b, flag);
	uint32_t at = in->keyword_raw.end;
	int rc = splice(doc, node, at, at, b.data);
	dh_buf_free(&b);
	return rc;
}

int dh_cst_remove_flag(dh_doc *doc, dh_node *node, size_t index)
{
	const dh_instr *in = dh_node_instr(doc, node);
	if (!in || index >= in->nflags)
		return DH_EINPUT;
	const char *base = dh_node_base(doc, node);
	uint32_t start = in->flags[index].raw.start;
	uint32_t end = in->flags[index].raw.end;
	while (end < node->span.end && (base[end] == ' ' || base[end] == '\t'))
		end++;
	return splice(doc, node, start, end, "");
}

int dh_cst_set_flag(dh_doc *doc, dh_node *node, size_t index, const char *flag)
{
	const dh_instr *in = dh_node_instr(doc, node);
	if (!in || index >= in->nflags || !flag_ok(flag))
		return DH_EINPUT;
	return splice(doc, node, in->flags[index].raw.start,
		      in->flags[index].raw.end, flag);
}

/* ---- invariants ---- */

static const char *check_children(const dh_node *n)
{
	uint32_t at = n->span.start;
	const dh_node *prev = NULL;
	for (const dh_node *c = n->first_child; c; c = c->next) {
		if (c->parent != n || c->prev != prev)
			return "broken sibling or parent link";
		if (c->span.start != at || c->span.end < c->span.start)
			return "children do not tile their parent";
		at = c->span.end;
		prev = c;
	}
	if (n->last_child != prev)
		return "last child link is wrong";
	if (n->first_child && at != n->span.end)
		return "children do not cover their parent";
	return NULL;
}

const char *dh_cst_check(const dh_doc *doc)
{
	const dh_node *root = doc->root;
	bool clean = !(root->flags & DH_NODE_F_CHILD_DIRTY);
	const char *err = clean ? check_children(root) : NULL;
	if (err)
		return err;
	const dh_node *prev = NULL;
	for (const dh_node *n = root->first_child; n; n = n->next) {
		if (n->parent != root || n->prev != prev)
			return "broken top-level link";
		if (n->first_child && (err = check_children(n)))
			return err;
		prev = n;
	}
	return root->last_child == prev ? NULL : "last top-level link is wrong";
}
