/* SPDX-License-Identifier: MIT */
/*
 * Line diffs: Myers' O((N+M)D) algorithm in its linear-space form (middle
 * snake, divide and conquer), run only on the lines left after trimming
 * the common prefix and suffix, over small integer line classes so the
 * inner loop compares integers. Renders GNU-style unified diffs and bare
 * hunks for other renderers.
 */
#include "dockharden/diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dockharden/alloc.h"

typedef struct line {
	size_t off;
	size_t len; /* includes the '\n' when there is one */
} line;

typedef struct text {
	const char *s;
	size_t len;
	line *lines; /* heap; free() */
	size_t n;
} text;

/* One change group: old lines [i0, i1) become new lines [j0, j1). */
typedef struct change {
	size_t i0, i1, j0, j1;
} change;

typedef struct changes {
	change *v; /* heap; free() */
	size_t n, cap;
} changes;

typedef struct differ {
	const size_t *a, *b;	/* line classes of the middle parts */
	unsigned char *ca, *cb; /* changed flags, same indexing as a, b */
	ptrdiff_t *v1, *v2;	/* scratch diagonals, reused by every call */
} differ;

static void text_split(text *t, const char *s, size_t len)
{
	size_t n = 0;
	const char *p = s;
	const char *end = s + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		n++;
		p = nl ? nl + 1 : end;
	}
	t->s = s;
	t->len = len;
	t->n = n;
	t->lines = dh_xcalloc(n ? n : 1, sizeof(line));
	p = s;
	for (size_t i = 0; i < n; i++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl + 1 : end;
		t->lines[i].off = (size_t)(p - s);
		t->lines[i].len = (size_t)(stop - p);
		p = stop;
	}
}

static int line_eq(const text *x, size_t i, const text *y, size_t j)
{
	const line *l = &x->lines[i];
	const line *m = &y->lines[j];
	return l->len == m->len &&
	       memcmp(x->s + l->off, y->s + m->off, l->len) == 0;
}

static uint64_t line_hash(const text *t, size_t i)
{
	const unsigned char *p = (const unsigned char *)t->s + t->lines[i].off;
	uint64_t h = 14695981039346656037u;
	for (size_t k = 0; k < t->lines[i].len; k++) {
		h ^= p[k];
		h *= 1099511628211u;
	}
	return h;
}

typedef struct slot {
	const text *t; /* NULL when empty */
	size_t line;
	uint64_t hash;
	size_t id;
} slot;

/*
 * Gives lines [lo, hi) of t class numbers in ids, shared through tab with
 * the other text: equal exactly when the bytes are equal.
 */
static void classify(size_t *ids, slot *tab, size_t mask, size_t *next_id,
		     const text *t, size_t lo, size_t hi)
{
	for (size_t i = lo; i < hi; i++) {
		uint64_t h = line_hash(t, i);
		size_t k = (size_t)h & mask;
		while (tab[k].t && (tab[k].hash != h ||
				    !line_eq(tab[k].t, tab[k].line, t, i)))
			k = (k + 1) & mask;
		if (!tab[k].t) {
			tab[k].t = t;
			tab[k].line = i;
			tab[k].hash = h;
			tab[k].id = (*next_id)++;
		}
		ids[i - lo] = tab[k].id;
	}
}

static void mark(unsigned char *flags, ptrdiff_t from, ptrdiff_t to)
{
	for (ptrdiff_t i = from; i < to; i++)
		flags[i] = 1;
}

typedef struct box {
	ptrdiff_t x0, x1, y0, y1;
} box;

/* Forward step of the middle-snake search along diagonal k at distance d. */
static ptrdiff_t snake_fwd(const differ *d, const box *bx, const ptrdiff_t *v,
			   ptrdiff_t off, ptrdiff_t k, ptrdiff_t dist)
{
	ptrdiff_t n = bx->x1 - bx->x0;
	ptrdiff_t m = bx->y1 - bx->y0;
	ptrdiff_t x;
	if (k == -dist || (k != dist && v[off + k - 1] < v[off + k + 1]))
		x = v[off + k + 1];
	else
		x = v[off + k - 1] + 1;
	ptrdiff_t y = x - k;
	while (x < n && y < m && d->a[bx->x0 + x] == d->b[bx->y0 + y]) {
		x++;
		y++;
	}
	return x;
}

/* Reverse step: x counts lines from the end of the box. */
static ptrdiff_t snake_rev(const differ *d, const box *bx, const ptrdiff_t *v,
			   ptrdiff_t off, ptrdiff_t k, ptrdiff_t dist)
{
	ptrdiff_t n = bx->x1 - bx->x0;
	ptrdiff_t m = bx->y1 - bx->y0;
	ptrdiff_t x;
	if (k == -dist || (k != dist && v[off + k - 1] < v[off + k + 1]))
		x = v[off + k + 1];
	else
		x = v[off + k - 1] + 1;
	ptrdiff_t y = x - k;
	while (x < n && y < m && d->a[bx->x1 - x - 1] == d->b[bx->y1 - y - 1]) {
		x++;
		y++;
	}
	return x;
}

typedef struct search {
	ptrdiff_t off, len, delta;
	ptrdiff_t k1start, k1end, k2start, k2end;
	int front;
} search;

/* One forward round at distance dist; returns 1 with the split on overlap. */
static int round_fwd(const differ *d, const box *bx, search *s, ptrdiff_t dist,
		     ptrdiff_t *sx, ptrdiff_t *sy)
{
	ptrdiff_t n = bx->x1 - bx->x0;
	ptrdiff_t m = bx->y1 - bx->y0;
	for (ptrdiff_t k = -dist + s->k1start; k <= dist - s->k1end; k += 2) {
		ptrdiff_t x = snake_fwd(d, bx, d->v1, s->off, k, dist);
		ptrdiff_t y = x - k;
		d->v1[s->off + k] = x;
		if (x > n) {
			s->k1end += 2;
		} else if (y > m) {
			s->k1start += 2;
		} else if (s->front) {
			ptrdiff_t k2 = s->off + s->delta - k;
			if (k2 >= 0 && k2 < s->len && d->v2[k2] != -1 &&
			    x >= n - d->v2[k2]) {
				*sx = x;
				*sy = y;
				return 1;
			}
		}
	}
	return 0;
}

static int round_rev(const differ *d, const box *bx, search *s, ptrdiff_t dist,
		     ptrdiff_t *sx, ptrdiff_t *sy)
{
	ptrdiff_t n = bx->x1 - bx->x0;
	ptrdiff_t m = bx->y1 - bx->y0;
	for (ptrdiff_t k = -dist + s->k2start; k <= dist - s->k2end; k += 2) {
		ptrdiff_t x = snake_rev(d, bx, d->v2, s->off, k, dist);
		ptrdiff_t y = x - k;
		d->v2[s->off + k] = x;
		if (x > n) {
			s->k2end += 2;
		} else if (y > m) {
			s->k2start += 2;
		} else if (!s->front) {
			ptrdiff_t k1 = s->off + s->delta - k;
			if (k1 >= 0 && k1 < s->len && d->v1[k1] != -1 &&
			    d->v1[k1] >= n - x) {
				*sx = d->v1[k1];
				*sy = s->off + d->v1[k1] - k1;
				return 1;
			}
		}
	}
	return 0;
}

/*
 * Finds a point on an optimal path through the box where the forward and
 * reverse searches meet (Myers' middle snake), as offsets into the box.
 * Returns 0 when there is none (cannot happen for non-empty boxes whose
 * ends differ, but kept total).
 */
static int bisect(const differ *d, const box *bx, ptrdiff_t *sx, ptrdiff_t *sy)
{
	ptrdiff_t n = bx->x1 - bx->x0;
	ptrdiff_t m = bx->y1 - bx->y0;
	ptrdiff_t max_d = (n + m + 1) / 2;
	search s = {
		.off = max_d,
		.len = 2 * max_d,
		.delta = n - m,
		.front = ((n - m) % 2) != 0,
	};
	for (ptrdiff_t i = 0; i < s.len + 2; i++) {
		d->v1[i] = -1;
		d->v2[i] = -1;
	}
	d->v1[s.off + 1] = 0;
	d->v2[s.off + 1] = 0;
	for (ptrdiff_t dist = 0; dist < max_d; dist++) {
		if (round_fwd(d, bx, &s, dist, sx, sy))
			return 1;
		if (round_rev(d, bx, &s, dist, sx, sy))
			return 1;
	}
	return 0;
}

/*
 * Marks the changed lines inside the box. The middle snake splits the edit
 * distance in halves, so the recursion is O(log D) deep.
 */
static void compare(const differ *d, box bx)
{
	while (bx.x0 < bx.x1 && bx.y0 < bx.y1 && d->a[bx.x0] == d->b[bx.y0]) {
		bx.x0++;
		bx.y0++;
	}
	while (bx.x0 < bx.x1 && bx.y0 < bx.y1 &&
	       d->a[bx.x1 - 1] == d->b[bx.y1 - 1]) {
		bx.x1--;
		bx.y1--;
	}
	if (bx.x0 == bx.x1 || bx.y0 == bx.y1) {
		mark(d->ca, bx.x0, bx.x1);
		mark(d->cb, bx.y0, bx.y1);
		return;
	}
	ptrdiff_t sx, sy;
	if (!bisect(d, &bx, &sx, &sy)) {
		mark(d->ca, bx.x0, bx.x1);
		mark(d->cb, bx.y0, bx.y1);
		return;
	}
	box lo = {bx.x0, bx.x0 + sx, bx.y0, bx.y0 + sy};
	box hi = {bx.x0 + sx, bx.x1, bx.y0 + sy, bx.y1};
	compare(d, lo);
	compare(d, hi);
}

static void changes_add(changes *c, size_t i0, size_t i1, size_t j0, size_t j1)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->v = dh_xrealloc(c->v, c->cap * sizeof(change));
	}
	c->v[c->n++] = (change){i0, i1, j0, j1};
}

/* Turns per-line changed flags (over the whole texts) into change groups. */
static void collect(changes *out, const unsigned char *ca, size_t na,
		    const unsigned char *cb, size_t nb)
{
	size_t i = 0;
	size_t j = 0;
	while (i < na || j < nb) {
		if ((i < na && ca[i]) || (j < nb && cb[j])) {
			size_t i0 = i;
			size_t j0 = j;
			while (i < na && ca[i])
				i++;
			while (j < nb && cb[j])
				j++;
			changes_add(out, i0, i, j0, j);
		} else {
			i++;
			j++;
		}
	}
}

/* Diffs the middle part [pre, n - suf) of both texts into flags. */
static void diff_middle(unsigned char *ca, unsigned char *cb, const text *x,
			const text *y, size_t pre, size_t suf)
{
	size_t na = x->n - pre - suf;
	size_t nb = y->n - pre - suf;
	size_t cap = 16;
	while (cap < 2 * (na + nb))
		cap *= 2;
	slot *tab = dh_xcalloc(cap, sizeof(slot));
	size_t *ids = dh_xcalloc(na + nb + 1, sizeof(size_t));
	size_t next_id = 0;
	classify(ids, tab, cap - 1, &next_id, x, pre, pre + na);
	classify(ids + na, tab, cap - 1, &next_id, y, pre, pre + nb);
	free(tab);
	size_t vlen = na + nb + 4;
	differ d = {
		.a = ids,
		.b = ids + na,
		.ca = ca + pre,
		.cb = cb + pre,
		.v1 = dh_xcalloc(vlen, sizeof(ptrdiff_t)),
		.v2 = dh_xcalloc(vlen, sizeof(ptrdiff_t)),
	};
	compare(&d, (box){0, (ptrdiff_t)na, 0, (ptrdiff_t)nb});
	free(d.v1);
	free(d.v2);
	free(ids);
}

/* Splits both texts and computes their change groups. */
static void diff_texts(changes *out, text *x, text *y, const char *old,
		       size_t old_len, const char *new_, size_t new_len)
{
	text_split(x, old, old_len);
	text_split(y, new_, new_len);
	size_t pre = 0;
	while (pre < x->n && pre < y->n && line_eq(x, pre, y, pre))
		pre++;
	size_t suf = 0;
	while (suf < x->n - pre && suf < y->n - pre &&
	       line_eq(x, x->n - 1 - suf, y, y->n - 1 - suf))
		suf++;
	if (pre == x->n && pre == y->n)
		return;
	unsigned char *ca = dh_xcalloc(x->n + 1, 1);
	unsigned char *cb = dh_xcalloc(y->n + 1, 1);
	diff_middle(ca, cb, x, y, pre, suf);
	collect(out, ca, x->n, cb, y->n);
	free(ca);
	free(cb);
}

static void put_line(dh_buf *out, char prefix, const text *t, size_t i)
{
	const line *l = &t->lines[i];
	dh_buf_putc(out, prefix);
	dh_buf_put(out, t->s + l->off, l->len);
	if (l->len == 0 || t->s[l->off + l->len - 1] != '\n')
		dh_buf_puts(out, "\n\\ No newline at end of file\n");
}

/* GNU diff's range: "start" for one line, "before,0" for none. */
static void put_range(dh_buf *out, size_t start, size_t count)
{
	if (count == 1)
		dh_buf_printf(out, "%zu", start + 1);
	else if (count == 0)
		dh_buf_printf(out, "%zu,0", start);
	else
		dh_buf_printf(out, "%zu,%zu", start + 1, count);
}

/* Prints the hunk covering change groups [first, last]. */
static void put_hunk(dh_buf *out, const text *x, const text *y,
		     const change *first, const change *last)
{
	size_t ctx = DH_DIFF_CONTEXT;
	size_t ostart = first->i0 > ctx ? first->i0 - ctx : 0;
	size_t oend = last->i1 + ctx < x->n ? last->i1 + ctx : x->n;
	size_t nstart = first->j0 - (first->i0 - ostart);
	size_t nend = last->j1 + (oend - last->i1);
	dh_buf_puts(out, "@@ -");
	put_range(out, ostart, oend - ostart);
	dh_buf_puts(out, " +");
	put_range(out, nstart, nend - nstart);
	dh_buf_puts(out, " @@\n");
	size_t i = ostart;
	for (const change *c = first; c <= last; c++) {
		for (; i < c->i0; i++)
			put_line(out, ' ', x, i);
		for (; i < c->i1; i++)
			put_line(out, '-', x, i);
		for (size_t j = c->j0; j < c->j1; j++)
			put_line(out, '+', y, j);
	}
	for (; i < oend; i++)
		put_line(out, ' ', x, i);
}

void dh_diff_unified(dh_buf *out, const char *a_label, const char *b_label,
		     const char *old, size_t old_len, const char *new_,
		     size_t new_len)
{
	text x, y;
	changes c = {0};
	diff_texts(&c, &x, &y, old, old_len, new_, new_len);
	if (c.n)
		dh_buf_printf(out, "--- %s\n+++ %s\n", a_label, b_label);
	size_t h = 0;
	while (h < c.n) {
		size_t last = h;
		while (last + 1 < c.n &&
		       c.v[last + 1].i0 - c.v[last].i1 <= 2 * DH_DIFF_CONTEXT)
			last++;
		put_hunk(out, &x, &y, &c.v[h], &c.v[last]);
		h = last + 1;
	}
	free(c.v);
	free(x.lines);
	free(y.lines);
}

/* Byte range of lines [from, to) of t, or an empty range where from sits. */
static void byte_range(size_t *off, size_t *len, const text *t, size_t from,
		       size_t to)
{
	*off = from < t->n ? t->lines[from].off : t->len;
	*len = to > from ? t->lines[to - 1].off + t->lines[to - 1].len - *off
			 : 0;
}

size_t dh_diff_hunks(dh_hunk **out, dh_arena *arena, const char *old,
		     size_t old_len, const char *new_, size_t new_len)
{
	text x, y;
	changes c = {0};
	diff_texts(&c, &x, &y, old, old_len, new_, new_len);
	*out = NULL;
	if (c.n)
		*out = dh_arena_alloc(arena, c.n * sizeof(dh_hunk));
	for (size_t k = 0; k < c.n; k++) {
		const change *g = &c.v[k];
		dh_hunk *h = &(*out)[k];
		h->old_start = g->i0 + 1;
		h->old_count = g->i1 - g->i0;
		h->new_start = g->j0 + 1;
		h->new_count = g->j1 - g->j0;
		byte_range(&h->old_off, &h->old_len, &x, g->i0, g->i1);
		byte_range(&h->new_off, &h->new_len, &y, g->j0, g->j1);
	}
	size_t n = c.n;
	free(c.v);
	free(x.lines);
	free(y.lines);
	return n;
}
