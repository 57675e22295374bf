/* SPDX-License-Identifier: MIT */
/*
 * SARIF 2.1.0 for code scanning: one run, a rule descriptor per rule seen,
 * one result per finding, and the fix `harden` would make attached to the
 * findings as `fixes` whose replacements delete and insert whole lines.
 * Columns count Unicode code points (run.columnKind), as the spec lets a
 * producer choose; the text output's byte columns differ only past
 * non-ASCII text.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "dockharden/alloc.h"
#include "dockharden/dump.h"
#include "dockharden/pass.h"
#include "report_internal.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define SARIF_INFO_URI "https://github.com/dockharden/dockharden"
#define SARIF_RULES_URI SARIF_INFO_URI "/blob/main/docs/rules.md#"
/* The pseudo-rule of a change that no finding reports. */
#define SARIF_UNOWNED "unattributed-change"
#define JW_MAX 24

/* A pretty-printing JSON writer: two-space indents, one member a line. */
typedef struct jw {
	dh_buf *out;
	unsigned depth;
	bool after_key;
	bool first[JW_MAX];
} jw;

static void jw_indent(jw *w, unsigned depth)
{
	dh_buf_putc(w->out, '\n');
	for (unsigned i = 0; i < depth; i++)
		dh_buf_puts(w->out, "  ");
}

static void jw_sep(jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth == 0)
		return;
	if (!w->first[w->depth])
		dh_buf_putc(w->out, ',');
	w->first[w->depth] = false;
	jw_indent(w, w->depth);
}

static void jw_key(jw *w, const char *key)
{
	jw_sep(w);
	dh_quote_json(w->out, key, strlen(key));
	dh_buf_puts(w->out, ": ");
	w->after_key = true;
}

static void jw_open(jw *w, const char *key, char c)
{
	if (key)
		jw_key(w, key);
	jw_sep(w);
	dh_buf_putc(w->out, c);
	w->depth++;
	assert(w->depth < JW_MAX);
	w->first[w->depth] = true;
}

static void jw_close(jw *w, char c)
{
	bool empty = w->first[w->depth];
	w->depth--;
	if (!empty)
		jw_indent(w, w->depth);
	dh_buf_putc(w->out, c);
}

static void jw_strn(jw *w, const char *key, const char *s, size_t n)
{
	jw_key(w, key);
	jw_sep(w);
	dh_quote_json(w->out, s, n);
}

static void jw_str(jw *w, const char *key, const char *s)
{
	jw_strn(w, key, s, strlen(s));
}

static void jw_uint(jw *w, const char *key, size_t v)
{
	jw_key(w, key);
	jw_sep(w);
	dh_buf_printf(w->out, "%zu", v);
}

/* {"text": s} under key. */
static void jw_message(jw *w, const char *key, const char *s)
{
	jw_open(w, key, '{');
	jw_str(w, "text", s);
	jw_close(w, '}');
}

/* ---- positions ---- */

/* Code points in bytes [from, to) of src. */
static size_t cp_count(const dh_source *src, size_t from, size_t to)
{
	size_t n = 0;
	for (size_t i = from; i < to; i++)
		n += ((unsigned char)src->data[i] & 0xc0) != 0x80;
	return n;
}

/* The code-point column of offset, whose byte column is col. */
static size_t cp_col(const dh_source *src, uint32_t offset, uint32_t col)
{
	return cp_count(src, offset - (col - 1), offset) + 1;
}

/*
 * A path as a URI reference: "./" dropped, absolute paths as file URIs,
 * and every byte outside the unreserved set and '/' percent-encoded (':'
 * too, so a first segment never reads as a scheme).
 */
static void put_uri(dh_buf *out, const char *path)
{
	dh_buf uri = DH_BUF_INIT;
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	if (path[0] == '/')
		dh_buf_puts(&uri, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~/", c))
			dh_buf_putc(&uri, (char)c);
		else
			dh_buf_printf(&uri, "%%%02X", c);
	}
	dh_quote_json(out, uri.data, uri.len);
	dh_buf_free(&uri);
}

static void jw_artifact(jw *w, const char *path)
{
	jw_open(w, "artifactLocation", '{');
	jw_key(w, "uri");
	jw_sep(w);
	put_uri(w->out, path);
	jw_close(w, '}');
}

static void jw_region(jw *w, size_t line, size_t col, size_t end_line,
		      size_t end_col)
{
	jw_uint(w, "startLine", line);
	jw_uint(w, "startColumn", col);
	jw_uint(w, "endLine", end_line);
	jw_uint(w, "endColumn", end_col);
}

static void finding_location(jw *w, const dh__rfinding *x)
{
	jw_open(w, NULL, '{');
	jw_open(w, "physicalLocation", '{');
	jw_artifact(w, x->src->path);
	jw_open(w, "region", '{');
	jw_uint(w, "startLine", x->line);
	jw_uint(w, "startColumn", cp_col(x->src, x->start, x->col));
	/* An empty span: no end, so the region runs to the end of line. */
	if (x->end > x->start) {
		jw_uint(w, "endLine", x->end_line);
		jw_uint(w, "endColumn", cp_col(x->src, x->end, x->end_col));
	}
	jw_close(w, '}');
	jw_close(w, '}');
	jw_close(w, '}');
}

/* One past the last character of the file, on its last line. */
static void eof_point(const dh__rfile *f, size_t *out_line, size_t *out_col)
{
	size_t off, len;
	dh__report_old_line(f, f->old_lines, &off, &len);
	*out_line = f->old_lines;
	*out_col = cp_count(f->src, off, off + len) + 1;
}

/*
 * The old lines a hunk replaces, line breaks included: up to column 1 of
 * the line after, or to the end of the file (SARIF 3.30.2). An insertion
 * is the empty region at the start of the line it goes before.
 */
static void deleted_region(jw *w, const dh__rfile *f, const dh_hunk *h)
{
	size_t after = h->old_start + h->old_count;
	size_t line = h->old_start, col = 1, end_line = after, end_col = 1;
	if (!h->old_count)
		end_line = line;
	if (f->old_lines && after > f->old_lines) {
		eof_point(f, &end_line, &end_col);
		if (!h->old_count) {
			line = end_line;
			col = end_col;
		}
	}
	if (!f->old_lines)
		line = end_line = 1;
	jw_open(w, "deletedRegion", '{');
	jw_region(w, line, col, end_line, end_col);
	jw_close(w, '}');
}

static void replacement(jw *w, const dh__rfile *f, const dh_hunk *h)
{
	jw_open(w, NULL, '{');
	deleted_region(w, f, h);
	if (h->new_count) {
		jw_open(w, "insertedContent", '{');
		jw_strn(w, "text", f->fixed + h->new_off, h->new_len);
		jw_close(w, '}');
	}
	jw_close(w, '}');
}

/* The fix made of the hunks owner owns; nothing when it owns none. */
static void fixes(jw *w, const dh__rfile *f, size_t owner, const char *desc)
{
	size_t h = dh__report_next_owned(f, owner, 0);
	if (h == f->nh)
		return;
	jw_open(w, "fixes", '[');
	jw_open(w, NULL, '{');
	jw_message(w, "description", desc);
	jw_open(w, "artifactChanges", '[');
	jw_open(w, NULL, '{');
	jw_artifact(w, f->src->path);
	jw_open(w, "replacements", '[');
	for (; h < f->nh; h = dh__report_next_owned(f, owner, h + 1))
		replacement(w, f, &f->hunks[h]);
	jw_close(w, ']');
	jw_close(w, '}');
	jw_close(w, ']');
	jw_close(w, '}');
	jw_close(w, ']');
}

/* ---- results ---- */

static size_t rule_index(dh_report *r, const char *id)
{
	for (size_t i = 0; i < r->nrules; i++)
		if (strcmp(r->rules[i], id) == 0)
			return i;
	if (r->nrules == r->caprules) {
		r->caprules = r->caprules ? r->caprules * 2 : 16;
		r->rules =
			dh_xrealloc(r->rules, r->caprules * sizeof(*r->rules));
	}
	size_t n = strlen(id) + 1;
	r->rules[r->nrules] = dh_xmalloc(n);
	memcpy(r->rules[r->nrules], id, n);
	return r->nrules++;
}

static const char *level(dh_severity sev)
{
	return dh_severity_name(sev); /* "note", "warning", "error" */
}

static void result_head(jw *w, dh_report *r, const char *rule, const char *lvl)
{
	jw_open(w, NULL, '{');
	jw_str(w, "ruleId", rule);
	jw_uint(w, "ruleIndex", rule_index(r, rule));
	jw_str(w, "level", lvl);
}

static void finding_result(jw *w, dh_report *r, const dh__rfile *f, size_t i)
{
	const dh_diag *d = f->f[i].diag;
	result_head(w, r, d->code, level(d->severity));
	dh_buf text = DH_BUF_INIT;
	dh_buf_puts(&text, d->message);
	if (d->hint)
		dh_buf_printf(&text, "\nhint: %s", d->hint);
	jw_open(w, "message", '{');
	jw_strn(w, "text", text.data, text.len);
	jw_close(w, '}');
	dh_buf_free(&text);
	jw_open(w, "locations", '[');
	finding_location(w, &f->f[i]);
	jw_close(w, ']');
	fixes(w, f, i, d->message);
	jw_close(w, '}');
}

/* A note carrying the hunks no finding owns (only when there are none). */
static void unowned_result(jw *w, dh_report *r, const dh__rfile *f)
{
	size_t h = dh__report_next_owned(f, DH__REPORT_NONE, 0);
	if (h == f->nh)
		return;
	size_t first, last;
	dh__report_comment_range(f, &f->hunks[h], &first, &last);
	result_head(w, r, SARIF_UNOWNED, "note");
	jw_message(w, "message", "dockharden would change these lines");
	jw_open(w, "locations", '[');
	jw_open(w, NULL, '{');
	jw_open(w, "physicalLocation", '{');
	jw_artifact(w, f->src->path);
	jw_open(w, "region", '{');
	jw_uint(w, "startLine", first);
	jw_uint(w, "endLine", last);
	jw_close(w, '}');
	jw_close(w, '}');
	jw_close(w, '}');
	jw_close(w, ']');
	fixes(w, f, DH__REPORT_NONE, "apply dockharden's hardening");
	jw_close(w, '}');
}

void dh__report_sarif_file(dh_report *r, const dh__rfile *f)
{
	/* Results are items of run.results, four levels down. */
	jw w = {.out = &r->body, .depth = 4};
	w.first[4] = r->body.len == 0;
	for (size_t i = 0; i < f->nf; i++)
		finding_result(&w, r, f, i);
	unowned_result(&w, r, f);
	assert(w.depth == 4);
}

/* ---- the document ---- */

static const char *rule_name(const char *id)
{
	for (size_t i = 0; i < dh_pass_count(); i++) {
		const dh_pass *p = dh_pass_at(i);
		if (p->rule && strcmp(p->rule, id) == 0)
			return p->name;
	}
	return NULL;
}

static void rule_descriptor(jw *w, const char *id)
{
	jw_open(w, NULL, '{');
	jw_str(w, "id", id);
	const char *name = rule_name(id);
	if (name)
		jw_str(w, "name", name);
	const char *why = dh_rule_rationale(id);
	if (!why && strcmp(id, SARIF_UNOWNED) == 0)
		why = "a change `dockharden harden` would make that no "
		      "finding describes";
	if (why)
		jw_message(w, "shortDescription", why);
	if (dh__report_is_rule(id)) {
		dh_buf uri = DH_BUF_INIT;
		dh_buf_puts(&uri, SARIF_RULES_URI);
		for (const char *p = id; *p; p++)
			dh_buf_putc(&uri, *p >= 'A' && *p <= 'Z'
						  ? (char)(*p - 'A' + 'a')
						  : *p);
		jw_strn(w, "helpUri", uri.data, uri.len);
		dh_buf_free(&uri);
	}
	jw_close(w, '}');
}

static void tool(jw *w, const dh_report *r)
{
	jw_open(w, "tool", '{');
	jw_open(w, "driver", '{');
	jw_str(w, "name", "dockharden");
	jw_str(w, "version", r->tool_version);
	jw_str(w, "informationUri", SARIF_INFO_URI);
	jw_open(w, "rules", '[');
	for (size_t i = 0; i < r->nrules; i++)
		rule_descriptor(w, r->rules[i]);
	jw_close(w, ']');
	jw_close(w, '}');
	jw_close(w, '}');
}

void dh__report_sarif_finish(dh_report *r, dh_buf *out)
{
	jw w = {.out = out};
	jw_open(&w, NULL, '{');
	jw_str(&w, "$schema", SARIF_SCHEMA);
	jw_str(&w, "version", "2.1.0");
	jw_open(&w, "runs", '[');
	jw_open(&w, NULL, '{');
	tool(&w, r);
	jw_str(&w, "defaultEncoding", "utf-8");
	jw_str(&w, "columnKind", "unicodeCodePoints");
	jw_key(&w, "results");
	jw_sep(&w);
	dh_buf_putc(out, '[');
	dh_buf_put(out, r->body.data, r->body.len);
	if (r->body.len)
		jw_indent(&w, w.depth);
	dh_buf_putc(out, ']');
	jw_close(&w, '}');
	jw_close(&w, ']');
	jw_close(&w, '}');
	dh_buf_putc(out, '\n');
}
