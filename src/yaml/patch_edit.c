/* SPDX-License-Identifier: MIT */
/*
 * Text edits for the manifest patcher: an ordered list of insertions and
 * replacements at byte offsets, applied in one copy, and YAML fragments
 * rendered in the block or flow style of the node they are added to, with
 * the file's own indentation.
 */
#include "patch_internal.h"

#include <stdlib.h>
#include <string.h>

#include "dockharden/alloc.h"

static void push_edit(dh__edits *edits, uint32_t pos, uint32_t del,
		      const char *text)
{
	if (edits->n == edits->cap) {
		edits->cap = edits->cap ? edits->cap * 2 : 16;
		edits->items = dh_xrealloc(edits->items,
					   edits->cap * sizeof(dh__edit));
	}
	edits->items[edits->n] = (dh__edit){
		.pos = pos, .del = del, .text = text, .seq = edits->n};
	edits->n++;
}

void dh__edits_insert(dh__edits *edits, uint32_t pos, const char *text)
{
	push_edit(edits, pos, 0, text);
}

void dh__edits_replace(dh__edits *edits, dh_span span, const char *text)
{
	push_edit(edits, span.start, span.end - span.start, text);
}

static int cmp_edit(const void *a, const void *b)
{
	const dh__edit *x = a;
	const dh__edit *y = b;
	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	/* an insertion before a replacement at the same offset */
	if ((x->del == 0) != (y->del == 0))
		return x->del == 0 ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void put_text(dh_buf *out, const char *text, bool crlf)
{
	for (const char *s = text; *s; s++) {
		if (*s == '\n' && crlf)
			dh_buf_putc(out, '\r');
		dh_buf_putc(out, *s);
	}
}

void dh__edits_apply(dh_buf *out, dh__edits *edits, const char *src,
		     uint32_t len, bool crlf)
{
	uint32_t cursor = 0;

	if (edits->n)
		qsort(edits->items, edits->n, sizeof(dh__edit), cmp_edit);
	for (size_t i = 0; i < edits->n; i++) {
		const dh__edit *e = &edits->items[i];
		if (e->pos < cursor)
			continue; /* overlapping: never queued by design */
		dh_buf_put(out, src + cursor, e->pos - cursor);
		put_text(out, e->text, crlf);
		cursor = e->pos + e->del;
	}
	dh_buf_put(out, src + cursor, len - cursor);
}

void dh__edits_free(dh__edits *edits)
{
	free(edits->items);
	memset(edits, 0, sizeof(*edits));
}

dh__frag *dh__frag_kv(dh__patcher *p, const char *key, const char *text)
{
	dh__frag *f = dh_arena_alloc(p->arena, sizeof(*f));
	f->key = key;
	f->scalar = text;
	return f;
}

dh__frag *dh__frag_node(dh__patcher *p, const char *key, bool seq)
{
	dh__frag *f = dh_arena_alloc(p->arena, sizeof(*f));
	f->key = key;
	f->seq = seq;
	return f;
}

void dh__frag_push(dh__frag **head, dh__frag *child)
{
	while (*head)
		head = &(*head)->next;
	*head = child;
}

static void pad(dh_buf *b, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		dh_buf_putc(b, ' ');
}

static void render_flow(dh_buf *b, const dh__frag *f);

static void render_flow_value(dh_buf *b, const dh__frag *f)
{
	if (f->scalar) {
		dh_buf_puts(b, f->scalar);
		return;
	}
	dh_buf_putc(b, f->seq ? '[' : '{');
	for (const dh__frag *k = f->kids; k; k = k->next) {
		render_flow(b, k);
		if (k->next)
			dh_buf_puts(b, ", ");
	}
	dh_buf_putc(b, f->seq ? ']' : '}');
}

static void render_flow(dh_buf *b, const dh__frag *f)
{
	if (f->key)
		dh_buf_printf(b, "%s: ", f->key);
	render_flow_value(b, f);
}

static void render_block(dh_buf *b, const dh__frag *f, uint32_t indent,
			 bool inline_first, const dh__style *st);

/* A sequence item with its '-' at column dash. */
static void render_item(dh_buf *b, const dh__frag *f, uint32_t dash,
			const dh__style *st)
{
	pad(b, dash);
	dh_buf_puts(b, "- ");
	if (f->scalar || !f->kids) {
		render_flow_value(b, f);
		dh_buf_putc(b, '\n');
		return;
	}
	if (f->seq) {
		render_flow_value(b, f);
		dh_buf_putc(b, '\n');
		return;
	}
	for (const dh__frag *k = f->kids; k; k = k->next)
		render_block(b, k, dash + 2, k == f->kids, st);
}

/* A keyed entry at column indent (no padding on its line if inline). */
static void render_block(dh_buf *b, const dh__frag *f, uint32_t indent,
			 bool inline_first, const dh__style *st)
{
	if (!inline_first)
		pad(b, indent);
	if (f->scalar || !f->kids || (f->seq && st->flow_seqs)) {
		render_flow(b, f);
		dh_buf_putc(b, '\n');
		return;
	}
	dh_buf_printf(b, "%s:\n", f->key);
	for (const dh__frag *k = f->kids; k; k = k->next) {
		if (f->seq)
			render_item(b, k, indent + st->seqoff, st);
		else
			render_block(b, k, indent + st->step, false, st);
	}
}

/* The offset of the first byte c at or after pos, or pos. */
static uint32_t find_byte(const dh_source *src, uint32_t pos, char c)
{
	const char *at = memchr(src->data + pos, c, src->len - pos);
	return at ? (uint32_t)(at - src->data) : pos;
}

/*
 * Where lines go after a block node ending at end: the start of the next
 * line. *need_nl is set when the text has no line break left.
 */
static uint32_t line_after(const dh_source *src, uint32_t end, bool *need_nl)
{
	*need_nl = false;
	if (end > 0 && src->data[end - 1] == '\n')
		return end;
	const char *nl = memchr(src->data + end, '\n', src->len - end);
	if (nl)
		return (uint32_t)(nl - src->data) + 1;
	*need_nl = true;
	return src->len;
}

static const char *buf_to_arena(dh__patcher *p, dh_buf *b, bool need_nl)
{
	const char *s = dh_arena_printf(p->arena, "%s%s", need_nl ? "\n" : "",
					b->data ? b->data : "");
	dh_buf_free(b);
	return s;
}

/* A flow collection: insert after the last child, or after the opener. */
static void flow_add(dh__patcher *p, const dh_ynode *node, const dh__frag *list)
{
	dh_buf b = DH_BUF_INIT;
	uint32_t pos;

	if (node->first) {
		pos = dh_ynode_content_end(node->last);
		dh_buf_puts(&b, ", ");
	} else {
		pos = find_byte(p->src, node->span.start,
				node->kind == DH_YNODE_SEQ ? '[' : '{') +
		      1;
	}
	for (const dh__frag *f = list; f; f = f->next) {
		render_flow(&b, f);
		if (f->next)
			dh_buf_puts(&b, ", ");
	}
	dh__edits_insert(&p->edits, pos, buf_to_arena(p, &b, false));
}

uint32_t dh__map_insert_pos(const dh__patcher *p, const dh_ynode *map)
{
	bool need_nl;
	if (map->flow)
		return map->first ? dh_ynode_content_end(map->last)
				  : find_byte(p->src, map->span.start, '{') + 1;
	return line_after(p->src, dh_ynode_content_end(map), &need_nl);
}

void dh__map_add(dh__patcher *p, const dh_ynode *map, const dh__frag *list)
{
	if (!list)
		return;
	if (map->flow || !map->first) {
		flow_add(p, map, list);
		return;
	}
	dh_buf b = DH_BUF_INIT;
	bool need_nl;
	uint32_t pos = line_after(p->src, dh_ynode_content_end(map), &need_nl);
	for (const dh__frag *f = list; f; f = f->next)
		render_block(&b, f, map->first->col, false, &p->style);
	dh__edits_insert(&p->edits, pos, buf_to_arena(p, &b, need_nl));
}

/* The column of a block sequence's first '-' (its span may open at an
 * anchor or tag instead). */
static uint32_t dash_col(const dh__patcher *p, const dh_ynode *seq)
{
	if (!seq->anchor && !seq->tag)
		return seq->col;
	uint32_t at = seq->first->span.start;
	uint32_t back = 0;
	while (at > back && p->src->data[at - back - 1] == ' ')
		back++;
	if (at > back && p->src->data[at - back - 1] == '-')
		back++;
	return seq->first->col >= back ? seq->first->col - back : 0;
}

void dh__seq_add(dh__patcher *p, const dh_ynode *seq, const dh__frag *list)
{
	if (!list)
		return;
	if (seq->flow || !seq->first) {
		flow_add(p, seq, list);
		return;
	}
	dh_buf b = DH_BUF_INIT;
	bool need_nl;
	uint32_t pos = line_after(p->src, dh_ynode_content_end(seq), &need_nl);
	for (const dh__frag *f = list; f; f = f->next)
		render_item(&b, f, dash_col(p, seq), &p->style);
	dh__edits_insert(&p->edits, pos, buf_to_arena(p, &b, need_nl));
}

void dh__fill_null(dh__patcher *p, const dh_ynode *v, const dh__frag *value)
{
	dh_buf b = DH_BUF_INIT;
	if (v->value_len == 0)
		dh_buf_putc(&b, ' ');
	render_flow_value(&b, value);
	const char *text = buf_to_arena(p, &b, false);
	if (v->value_len == 0 && (v->anchor || v->tag)) {
		/* "key: &a" or "key: !!map": the empty value's text is the
		 * anchor or tag itself; the mapping goes after it, so the
		 * anchor names the filled node. */
		dh__edits_insert(&p->edits, v->span.end, text);
	} else if (v->value_len == 0) {
		dh__edits_insert(&p->edits, v->span.start, text);
	} else {
		dh__edits_replace(&p->edits, v->span, text);
	}
}

void dh__seq_remove(dh__patcher *p, const dh_ynode *seq, const bool *drop)
{
	size_t i = 0;
	if (!seq->flow) {
		bool need_nl;
		for (const dh_ynode *it = seq->first; it; it = it->next, i++) {
			if (!drop[i])
				continue;
			uint32_t start = it->span.start;
			while (start > 0 && p->src->data[start - 1] != '\n')
				start--;
			uint32_t end = line_after(
				p->src, dh_ynode_content_end(it), &need_nl);
			dh__edits_replace(&p->edits, (dh_span){start, end}, "");
		}
		return;
	}
	dh_buf b = DH_BUF_INIT;
	dh_buf_putc(&b, '[');
	for (const dh_ynode *it = seq->first; it; it = it->next, i++) {
		if (drop[i])
			continue;
		dh_buf_puts(&b, b.len > 1 ? ", " : "");
		dh_buf_put(&b, p->src->data + it->span.start,
			   it->span.end - it->span.start);
	}
	dh_buf_putc(&b, ']');
	dh__edits_replace(&p->edits, seq->span, buf_to_arena(p, &b, false));
}

void dh__replace(dh__patcher *p, const dh_ynode *node, const char *text)
{
	dh__edits_replace(&p->edits, node->span, text);
}

static bool scalar_in(const dh_ynode *n, const char *const *words)
{
	for (; *words; words++)
		if (dh_ynode_is(n, *words))
			return true;
	return false;
}

bool dh__is_true(const dh_ynode *node)
{
	static const char *const words[] = {"true", "True", "TRUE", "yes",
					    "Yes",  "YES",  "on",   "On",
					    "ON",   NULL};
	node = dh_ynode_resolve(node);
	return node && node->style == DH_YSCALAR_PLAIN &&
	       scalar_in(node, words);
}

bool dh__is_false(const dh_ynode *node)
{
	static const char *const words[] = {"false", "False", "FALSE", "no",
					    "No",    "NO",    "off",   "Off",
					    "OFF",   NULL};
	node = dh_ynode_resolve(node);
	return node && node->style == DH_YSCALAR_PLAIN &&
	       scalar_in(node, words);
}

/* Pre-order successor without recursion (the tree may be very deep). */
static const dh_ynode *next_node(const dh_ynode *n)
{
	if (n->first)
		return n->first;
	while (n && !n->next)
		n = n->parent;
	return n ? n->next : NULL;
}

#define MAX_SEQOFF 16

/* Counts of block sequence offsets, to follow the file's usual one. */
typedef struct seq_votes {
	size_t count[MAX_SEQOFF + 1];
	uint32_t first; /* offset seen first: wins a tie */
	bool any;
} seq_votes;

static void detect_in(dh__style *st, bool *got_step, seq_votes *votes,
		      const dh_ynode *n)
{
	const dh_ynode *map = n->parent;
	if (!map || map->kind != DH_YNODE_MAP || map->flow || n->flow)
		return;
	const dh_ynode *key = dh_ynode_key_of(n);
	if (!key || n->anchor || n->tag)
		return;
	if (!*got_step && n->kind == DH_YNODE_MAP && n->first &&
	    n->first->col > key->col) {
		st->step = n->first->col - key->col;
		*got_step = true;
	}
	if (n->kind == DH_YNODE_SEQ && n->first && n->col >= key->col &&
	    n->col - key->col <= MAX_SEQOFF) {
		uint32_t off = n->col - key->col;
		if (!votes->any)
			votes->first = off;
		votes->any = true;
		votes->count[off]++;
	}
}

/*
 * The step is the first nested mapping's; the sequence offset is the one
 * most of the file's block sequences use (a file may open with one odd
 * list), the first seen on a tie.
 */
void dh__style_detect(dh__style *out, const dh_ystream *stream)
{
	bool got_step = false;
	seq_votes votes = {.any = false};

	out->step = 2;
	out->seqoff = 2;
	out->flow_seqs = false;
	for (const dh_ydoc *d = stream->first; d; d = d->next)
		for (const dh_ynode *n = d->root; n; n = next_node(n))
			detect_in(out, &got_step, &votes, n);
	if (!votes.any) {
		out->seqoff = out->step;
		return;
	}
	out->seqoff = votes.first;
	for (uint32_t i = 0; i <= MAX_SEQOFF; i++)
		if (votes.count[i] > votes.count[out->seqoff])
			out->seqoff = i;
}

/*
 * Keys written as explicit "? key" entries, or that are not plain
 * scalars, make a mapping's layout ours to guess: such a mapping is
 * reported and left alone rather than edited into invalid YAML.
 */
static int key_cmp(const void *a, const void *b)
{
	const dh_ynode *x = *(const dh_ynode *const *)a;
	const dh_ynode *y = *(const dh_ynode *const *)b;
	size_t n = x->value_len < y->value_len ? x->value_len : y->value_len;
	int c = memcmp(x->value, y->value, n);
	if (c)
		return c;
	return x->value_len < y->value_len ? -1 : x->value_len > y->value_len;
}

/* The first key that appears twice in map (sorted, so n log n), or NULL. */
static const dh_ynode *duplicate_key(const dh_ynode *map)
{
	size_t n = map->nchildren / 2, k = 0;
	if (n < 2)
		return NULL;
	const dh_ynode **keys = dh_xmalloc(n * sizeof(*keys));
	size_t i = 0;
	for (const dh_ynode *c = map->first; c && k < n; c = c->next, i++)
		if (i % 2 == 0 && c->kind == DH_YNODE_SCALAR)
			keys[k++] = c;
	qsort(keys, k, sizeof(*keys), key_cmp);
	const dh_ynode *dup = NULL;
	for (i = 1; i < k && !dup; i++)
		if (key_cmp(&keys[i - 1], &keys[i]) == 0)
			dup = keys[i];
	free(keys);
	return dup;
}

bool dh__plain_keys(dh__patcher *p, const dh_ynode *map, const char *what)
{
	if (!map || map->kind != DH_YNODE_MAP)
		return true;
	const dh_ynode *dup = duplicate_key(map);
	if (dup) {
		dh_diag_add(p->diags, DH_SEV_WARNING, "DH220", p->src,
			    dup->span, "%s repeats the key '%.*s'; not edited",
			    what,
			    (int)(dup->value_len > 60 ? 60 : dup->value_len),
			    dup->value);
		return false;
	}
	size_t i = 0;
	for (const dh_ynode *k = map->first; k; k = k->next, i++) {
		if (i % 2)
			continue;
		uint32_t b = k->span.start;
		while (b > 0 && (p->src->data[b - 1] == ' ' ||
				 p->src->data[b - 1] == '\t'))
			b--;
		bool explicit_key = p->src->data[k->span.start] == '?' ||
				    (b > 0 && p->src->data[b - 1] == '?');
		if (k->kind == DH_YNODE_SCALAR && k->value_len && !explicit_key)
			continue;
		dh_diag_add(p->diags, DH_SEV_WARNING, "DH220", p->src, k->span,
			    "%s is written with explicit or complex keys; not "
			    "edited",
			    what);
		return false;
	}
	return true;
}
