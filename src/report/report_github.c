/* SPDX-License-Identifier: MIT */
/*
 * GitHub pull-request review comments as JSON Lines, one per hunk of the
 * fix: the lines of the file as it is in the pull request that the hunk
 * replaces, and a body with the findings and rationales behind it and a
 * ```suggestion block holding the replacement lines. A suggestion replaces
 * exactly the commented lines, so an insertion comments on the line before
 * it and repeats that line. Findings that no hunk covers become comments
 * without a suggestion.
 */
#include <string.h>

#include "dockharden/dump.h"
#include "dockharden/pass.h"
#include "report_internal.h"

/* Whether hunk h's comment is about finding i. */
static bool covers(const dh__rfile *f, size_t h, size_t i)
{
	const dh__rfinding *x = &f->f[i];
	size_t first, last;
	dh__report_attach_range(f, &f->hunks[h], &first, &last);
	return f->owner[h] == i ||
	       (x->own && x->line >= first && x->line <= last);
}

/* "**DH105**: message" and, once per rule, its rationale. */
static void finding_md(dh_buf *body, const dh__rfile *f, size_t i,
		       bool rationale)
{
	const dh_diag *d = f->f[i].diag;
	dh_buf_printf(body, "**%s**: %s\n", d->code, d->message);
	const char *why = rationale ? dh_rule_rationale(d->code) : NULL;
	if (why)
		dh_buf_printf(body, "%s\n", why);
	/* A suggestion not applied says how to give the missing evidence. */
	if (d->fix && d->hint)
		dh_buf_printf(body, "hint: %s\n", d->hint);
}

/* True when an earlier finding in the same body had this rule. */
static bool seen_rule(const dh__rfile *f, size_t h, size_t i)
{
	for (size_t k = 0; k < i; k++)
		if (covers(f, h, k) &&
		    strcmp(f->f[k].diag->code, f->f[i].diag->code) == 0)
			return true;
	return false;
}

/* The longest run of backticks in s, so the fence can be longer. */
static size_t longest_ticks(const char *s, size_t n)
{
	size_t best = 0, run = 0;
	for (size_t i = 0; i < n; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	return best;
}

static void put_fence(dh_buf *body, size_t ticks)
{
	for (size_t k = 0; k < ticks; k++)
		dh_buf_putc(body, '`');
}

/* The lines that replace the commented ones. */
static void suggestion_text(dh_buf *s, const dh__rfile *f, const dh_hunk *h)
{
	size_t off = 0, len = 0;
	if (!h->old_count && f->old_lines)
		dh__report_old_line(f, h->old_start > 1 ? h->old_start - 1 : 1,
				    &off, &len);
	bool before = !h->old_count && h->old_start > 1;
	if (before) {
		dh_buf_put(s, f->src->data + off, len);
		if (len && f->src->data[off + len - 1] != '\n')
			dh_buf_putc(s, '\n');
	}
	dh_buf_put(s, f->fixed + h->new_off, h->new_len);
	if (s->len && s->data[s->len - 1] != '\n')
		dh_buf_putc(s, '\n');
	if (!h->old_count && !before)
		dh_buf_put(s, f->src->data + off, len);
}

static void put_comment(dh_report *r, const char *path, size_t first,
			size_t last, const dh_buf *body)
{
	dh_buf *out = &r->body;
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	dh_buf_puts(out, "{\"path\":");
	dh_quote_json(out, path, strlen(path));
	dh_buf_printf(out,
		      ",\"start_line\":%zu,\"end_line\":%zu,"
		      "\"side\":\"RIGHT\",\"body\":",
		      first, last);
	dh_quote_json(out, body->data ? body->data : "", body->len);
	dh_buf_puts(out, "}\n");
}

static void hunk_comment(dh_report *r, const dh__rfile *f, size_t h)
{
	size_t first, last;
	dh__report_comment_range(f, &f->hunks[h], &first, &last);
	dh_buf body = DH_BUF_INIT;
	for (size_t i = 0; i < f->nf; i++)
		if (covers(f, h, i))
			finding_md(&body, f, i, !seen_rule(f, h, i));
	if (!body.len)
		dh_buf_puts(&body, "dockharden would change these lines\n");
	dh_buf s = DH_BUF_INIT;
	suggestion_text(&s, f, &f->hunks[h]);
	size_t ticks = longest_ticks(s.data ? s.data : "", s.len) + 1;
	ticks = ticks < 3 ? 3 : ticks;
	dh_buf_putc(&body, '\n');
	put_fence(&body, ticks);
	dh_buf_puts(&body, "suggestion\n");
	dh_buf_put(&body, s.data, s.len);
	put_fence(&body, ticks);
	dh_buf_putc(&body, '\n');
	put_comment(r, f->src->path, first, last, &body);
	dh_buf_free(&s);
	dh_buf_free(&body);
}

static bool covered(const dh__rfile *f, size_t i)
{
	for (size_t h = 0; h < f->nh; h++)
		if (covers(f, h, i))
			return true;
	return false;
}

static void finding_comment(dh_report *r, const dh__rfile *f, size_t i)
{
	const dh__rfinding *x = &f->f[i];
	dh_buf body = DH_BUF_INIT;
	finding_md(&body, f, i, true);
	if (x->diag->hint)
		dh_buf_printf(&body, "hint: %s\n", x->diag->hint);
	put_comment(r, x->src->path, x->line, x->line, &body);
	dh_buf_free(&body);
}

void dh__report_github_file(dh_report *r, const dh__rfile *f)
{
	for (size_t h = 0; h < f->nh; h++)
		hunk_comment(r, f, h);
	for (size_t i = 0; i < f->nf; i++)
		if (!covered(f, i))
			finding_comment(r, f, i);
}
