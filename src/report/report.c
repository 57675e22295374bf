/* SPDX-License-Identifier: MIT */
/*
 * Reports for `dockharden lint`: the shared driver (one file's findings
 * located, the fix split into hunks, each hunk given an owning finding)
 * and the small renderers: compiler-style text, JSON Lines and Checkstyle
 * XML. SARIF and GitHub review comments live in report_sarif.c and
 * report_github.c. Each file is rendered when it is added, so its arena
 * can go before the next file is read.
 */
#include "dockharden/report.h"

#include <stdlib.h>
#include <string.h>

#include "dockharden/alloc.h"
#include "dockharden/diff.h"
#include "dockharden/dump.h"
#include "dockharden/errors.h"
#include "dockharden/pass.h"
#include "report_internal.h"

static const struct {
	const char *name;
	dh_report_format format;
} format_names[] = {
	{"text", DH_REPORT_TEXT},
	{"json", DH_REPORT_JSON},
	{"sarif", DH_REPORT_SARIF},
	{"github", DH_REPORT_GITHUB},
	{"checkstyle", DH_REPORT_CHECKSTYLE},
};

int dh_report_format_parse(dh_report_format *out, const char *name)
{
	for (size_t i = 0; i < sizeof(format_names) / sizeof(format_names[0]);
	     i++) {
		if (strcmp(name, format_names[i].name) == 0) {
			*out = format_names[i].format;
			return 0;
		}
	}
	return DH_EUSAGE;
}

dh_report *dh_report_new(dh_report_format format, const char *tool_version)
{
	dh_report *r = dh_xcalloc(1, sizeof(*r));
	r->format = format;
	size_t n = strlen(tool_version);
	r->tool_version = dh_xmalloc(n + 1);
	memcpy(r->tool_version, tool_version, n + 1);
	return r;
}

void dh_report_free(dh_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nrules; i++)
		free(r->rules[i]);
	free(r->rules);
	free(r->tool_version);
	dh_buf_free(&r->body);
	free(r);
}

bool dh__report_is_rule(const char *code)
{
	if (code[0] != 'D' || code[1] != 'H' || !code[2])
		return false;
	for (const char *p = code + 2; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

/* ---- one file, prepared for every renderer ---- */

/*
 * A finding at the very end of a file that ends in a line break (the
 * patcher's insertion point after the last container) would sit on a line
 * the file does not have, which code scanning and review comments reject:
 * it moves to the start of the last line.
 */
static uint32_t on_a_line(const dh_source *src, uint32_t start)
{
	if (start == 0 || start < src->len || src->data[start - 1] != '\n')
		return start;
	start--;
	while (start > 0 && src->data[start - 1] != '\n')
		start--;
	return start;
}

static void locate(dh__rfinding *out, const dh_diag *d, dh_source *own)
{
	dh_source *src = d->src ? d->src : own;
	uint32_t start = d->span.start < src->len ? d->span.start : src->len;
	start = on_a_line(src, start);
	uint32_t end = d->span.end < start ? start : d->span.end;
	if (end > src->len)
		end = src->len;
	/* A span through its line break would end on the next line. */
	while (end > start &&
	       (src->data[end - 1] == '\n' || src->data[end - 1] == '\r'))
		end--;
	out->diag = d;
	out->src = src;
	out->own = src == own;
	out->start = start;
	out->end = end;
	dh_source_locate(src, start, &out->line, &out->col);
	dh_source_locate(src, end, &out->end_line, &out->end_col);
}

static size_t count_lines(const dh_source *src)
{
	size_t n = 0;
	for (uint32_t i = 0; i < src->len; i++)
		n += src->data[i] == '\n';
	if (src->len && src->data[src->len - 1] != '\n')
		n++;
	return n;
}

void dh__report_old_line(const dh__rfile *f, size_t line, size_t *out_off,
			 size_t *out_len)
{
	dh_span s = dh_source_line_span(f->src, (uint32_t)line);
	const char *nl =
		memchr(f->src->data + s.start, '\n', f->src->len - s.start);
	*out_off = s.start;
	*out_len = nl ? (size_t)(nl - f->src->data) + 1 - s.start
		      : f->src->len - s.start;
}

void dh__report_comment_range(const dh__rfile *f, const dh_hunk *h,
			      size_t *out_first, size_t *out_last)
{
	if (h->old_count) {
		*out_first = h->old_start;
		*out_last = h->old_start + h->old_count - 1;
		return;
	}
	size_t line = h->old_start > 1 ? h->old_start - 1 : 1;
	if (line > f->old_lines && f->old_lines)
		line = f->old_lines;
	*out_first = line;
	*out_last = line;
}

void dh__report_attach_range(const dh__rfile *f, const dh_hunk *h,
			     size_t *out_first, size_t *out_last)
{
	dh__report_comment_range(f, h, out_first, out_last);
	if (!h->old_count && h->old_start <= f->old_lines)
		*out_last = h->old_start;
}

/* The hunk adds one line and the finding's message quotes it ("'USER
 * 10001:10001' added"): the note of that change, not a neighbour's. A
 * hunk of many lines (a split) keeps the nearest finding. */
static bool mentions(const dh_diag *d, const char *text, size_t len)
{
	while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
		len--;
	while (len && (*text == ' ' || *text == '\t')) {
		text++;
		len--;
	}
	char line[256]; /* a longer line is no USER or FROM */
	if (len < 4 || len >= sizeof(line) || memchr(text, '\n', len))
		return false;
	memcpy(line, text, len);
	line[len] = '\0';
	return strstr(d->message, line) != NULL;
}

/*
 * The finding a hunk's fix belongs to: a hardening rule's finding before
 * any parser finding, then one whose message quotes the one line the hunk
 * adds,
 * then the one whose line is nearest the hunk's lines (inside them is
 * nearest), then the earliest.
 */
static size_t pick_owner(const dh__rfile *f, const dh_hunk *h, size_t first,
			 size_t last)
{
	size_t best = DH__REPORT_NONE, best_dist = 0;
	bool best_rule = false, best_said = false;
	const char *added = f->fixed + h->new_off;
	for (size_t i = 0; i < f->nf; i++) {
		if (!f->f[i].own)
			continue;
		size_t l = f->f[i].line;
		size_t dist = l < first ? first - l : l > last ? l - last : 0;
		bool rule = dh__report_is_rule(f->f[i].diag->code);
		bool said = rule && mentions(f->f[i].diag, added, h->new_len);
		if (best == DH__REPORT_NONE || (rule && !best_rule) ||
		    (rule == best_rule && said && !best_said) ||
		    (rule == best_rule && said == best_said &&
		     dist < best_dist)) {
			best = i;
			best_dist = dist;
			best_rule = rule;
			best_said = said;
		}
	}
	return best;
}

static void prepare_fix(dh__rfile *f, dh_arena *arena)
{
	const dh_source *src = f->src;
	f->changed = f->fixed_len != src->len ||
		     memcmp(f->fixed, src->data, src->len) != 0;
	if (!f->changed)
		return;
	f->nh = dh_diff_hunks(&f->hunks, arena, src->data, src->len, f->fixed,
			      f->fixed_len);
	f->owner = dh_arena_alloc(arena, sizeof(size_t) * (f->nh ? f->nh : 1));
	for (size_t h = 0; h < f->nh; h++) {
		size_t first, last;
		dh__report_attach_range(f, &f->hunks[h], &first, &last);
		f->owner[h] = pick_owner(f, &f->hunks[h], first, last);
	}
}

/* Line (1-based) of offset in src: lines before it, plus one. */
static size_t line_of(const dh_source *src, uint32_t off)
{
	size_t line = 1;
	for (uint32_t i = 0; i < off && i < src->len; i++)
		line += src->data[i] == '\n';
	return line;
}

static size_t count_breaks(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += s[i] == '\n';
	return k;
}

/*
 * Edits a finding suggests but harden did not make (evidence was
 * missing) become hunks of their own, owned by that finding, so SARIF
 * fixes and GitHub suggestions still offer them. Their text is appended
 * after the fixed text in one buffer (hunks point into f->fixed), which
 * leaves fixed_len, and so the fix itself, unchanged.
 */
static void add_suggestions(dh__rfile *f, dh_arena *arena)
{
	size_t ns = 0, extra = 0;
	for (size_t i = 0; i < f->nf; i++)
		if (f->f[i].own && f->f[i].diag->fix) {
			ns++;
			extra += strlen(f->f[i].diag->fix);
		}
	if (!ns)
		return;
	char *buf = dh_arena_alloc(arena, f->fixed_len + extra + 1);
	if (f->fixed_len)
		memcpy(buf, f->fixed, f->fixed_len);
	dh_hunk *h = dh_arena_alloc(arena, sizeof(*h) * (f->nh + ns));
	size_t *own = dh_arena_alloc(arena, sizeof(size_t) * (f->nh + ns));
	if (f->nh) {
		memcpy(h, f->hunks, sizeof(*h) * f->nh);
		memcpy(own, f->owner, sizeof(size_t) * f->nh);
	}
	size_t at = f->fixed_len, nh = f->nh;
	for (size_t i = 0; i < f->nf; i++) {
		const dh_diag *d = f->f[i].diag;
		if (!f->f[i].own || !d->fix)
			continue;
		size_t len = strlen(d->fix);
		memcpy(buf + at, d->fix, len);
		dh_span sp = d->fix_span;
		size_t first = line_of(f->src, sp.start);
		size_t old_count = count_breaks(f->src->data + sp.start,
						sp.end - sp.start);
		h[nh] = (dh_hunk){.old_start = first,
				  .old_count = old_count,
				  .new_start = first,
				  .new_count = count_breaks(d->fix, len),
				  .new_off = at,
				  .new_len = len,
				  .old_off = sp.start,
				  .old_len = sp.end - sp.start};
		own[nh++] = i;
		at += len;
	}
	f->fixed = buf;
	f->hunks = h;
	f->owner = own;
	f->nh = nh;
}

void dh__report_prepare(dh__rfile *f, dh_arena *arena, const dh_report_file *in)
{
	memset(f, 0, sizeof(*f));
	f->src = in->src;
	size_t n = in->diags ? in->diags->count : 0;
	f->f = dh_arena_alloc(arena, sizeof(*f->f) * (n ? n : 1));
	const dh_diag *d = in->diags ? in->diags->first : NULL;
	for (; d && f->nf < n; d = d->next)
		locate(&f->f[f->nf++], d, in->src);
	f->old_lines = count_lines(in->src);
	f->fixed = in->fixed;
	f->fixed_len = in->fixed_len;
	if (in->fixed)
		prepare_fix(f, arena);
	add_suggestions(f, arena);
}

/* ---- text ---- */

static void text_file(dh_report *r, const dh__rfile *f)
{
	for (size_t i = 0; i < f->nf; i++)
		dh_diag_render(&r->body, f->f[i].diag, false);
}

static void text_finish(const dh_report *r, dh_buf *out)
{
	dh_buf_put(out, r->body.data, r->body.len);
	if (!r->findings && !r->files_changed)
		return;
	dh_buf_printf(out, "%zu finding%s in %zu file%s", r->findings,
		      r->findings == 1 ? "" : "s", r->files_with_findings,
		      r->files_with_findings == 1 ? "" : "s");
	if (r->files_changed)
		dh_buf_printf(out, "; `dockharden -w` would change %zu file%s",
			      r->files_changed,
			      r->files_changed == 1 ? "" : "s");
	dh_buf_putc(out, '\n');
}

/* ---- JSON Lines ---- */

static void json_key_str(dh_buf *out, const char *key, const char *v)
{
	dh_buf_printf(out, ",\"%s\":", key);
	if (v)
		dh_quote_json(out, v, strlen(v));
	else
		dh_buf_puts(out, "null");
}

static void json_finding(dh_buf *out, const dh__rfinding *x)
{
	const dh_diag *d = x->diag;
	dh_buf_puts(out, "{\"rule\":");
	dh_quote_json(out, d->code, strlen(d->code));
	json_key_str(out, "severity", dh_severity_name(d->severity));
	if (!x->own)
		json_key_str(out, "path", x->src->path);
	dh_buf_printf(out,
		      ",\"line\":%u,\"column\":%u,\"end_line\":%u,"
		      "\"end_column\":%u",
		      x->line, x->col, x->end_line, x->end_col);
	json_key_str(out, "message", d->message);
	json_key_str(out, "hint", d->hint);
	json_key_str(out, "rationale", dh_rule_rationale(d->code));
	dh_buf_putc(out, '}');
}

static void json_file(dh_report *r, const dh__rfile *f)
{
	dh_buf *out = &r->body;
	dh_buf_puts(out, "{\"path\":");
	dh_quote_json(out, f->src->path, strlen(f->src->path));
	dh_buf_puts(out, ",\"findings\":[");
	for (size_t i = 0; i < f->nf; i++) {
		if (i)
			dh_buf_putc(out, ',');
		json_finding(out, &f->f[i]);
	}
	dh_buf_printf(out, "],\"changed\":%s,\"diff\":",
		      f->changed ? "true" : "false");
	if (f->changed) {
		dh_buf diff = DH_BUF_INIT;
		dh_diff_unified(&diff, f->src->path, f->src->path, f->src->data,
				f->src->len, f->fixed, f->fixed_len);
		dh_quote_json(out, diff.data ? diff.data : "", diff.len);
		dh_buf_free(&diff);
	} else {
		dh_buf_puts(out, "null");
	}
	dh_buf_puts(out, "}\n");
}

/* ---- Checkstyle XML ---- */

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
	if (!len || s[0] > 0xf4 || n < len)
		return 0;
	uint32_t v = s[0] & (0x7fu >> len);
	for (size_t k = 1; k < len; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[k] & 0x3fu);
	}
	if ((len == 3 && v < 0x800) || (len == 4 && v < 0x10000) ||
	    v > 0x10ffff || (v >= 0xd800 && v < 0xe000) || v == 0xfffe ||
	    v == 0xffff)
		return 0;
	return len;
}

static const char *xml_entity(unsigned char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&apos;";
	case '\n':
		return "&#10;";
	case '\r':
		return "&#13;";
	case '\t':
		return "&#9;";
	default:
		return NULL;
	}
}

/*
 * An attribute value: markup characters and kept whitespace as
 * references; bytes XML 1.0 cannot hold (other control characters,
 * invalid UTF-8) as U+FFFD.
 */
static void xml_attr(dh_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		const char *ent = xml_entity(p[i]);
		size_t w = p[i] < 0x80 ? 1 : utf8_len(p + i, n - i);
		if (ent)
			dh_buf_puts(out, ent);
		else if (!w || p[i] < 0x20)
			dh_buf_puts(out, "\xef\xbf\xbd");
		else
			dh_buf_put(out, p + i, w);
		i += w ? w : 1;
	}
}

static const char *checkstyle_severity(dh_severity sev)
{
	return sev == DH_SEV_NOTE ? "info" : dh_severity_name(sev);
}

static void checkstyle_file(dh_report *r, const dh__rfile *f)
{
	dh_buf *out = &r->body;
	dh_buf_puts(out, "  <file name=\"");
	xml_attr(out, f->src->path);
	dh_buf_puts(out, "\">\n");
	for (size_t i = 0; i < f->nf; i++) {
		const dh__rfinding *x = &f->f[i];
		dh_buf_printf(out,
			      "    <error line=\"%u\" column=\"%u\" "
			      "severity=\"%s\" message=\"",
			      x->line, x->col,
			      checkstyle_severity(x->diag->severity));
		xml_attr(out, x->diag->message);
		dh_buf_puts(out, "\" source=\"dockharden.");
		xml_attr(out, x->diag->code);
		dh_buf_puts(out, "\"/>\n");
	}
	dh_buf_puts(out, "  </file>\n");
}

/* ---- driver ---- */

void dh_report_add(dh_report *r, dh_arena *arena, const dh_report_file *file)
{
	dh__rfile f;
	dh__report_prepare(&f, arena, file);
	r->files++;
	r->findings += f.nf;
	r->files_with_findings += f.nf != 0;
	r->files_changed += f.changed;
	switch (r->format) {
	case DH_REPORT_TEXT:
		text_file(r, &f);
		break;
	case DH_REPORT_JSON:
		json_file(r, &f);
		break;
	case DH_REPORT_SARIF:
		dh__report_sarif_file(r, &f);
		break;
	case DH_REPORT_GITHUB:
		dh__report_github_file(r, &f);
		break;
	case DH_REPORT_CHECKSTYLE:
		checkstyle_file(r, &f);
		break;
	}
}

void dh_report_finish(dh_report *r, dh_buf *out)
{
	switch (r->format) {
	case DH_REPORT_TEXT:
		text_finish(r, out);
		break;
	case DH_REPORT_SARIF:
		dh__report_sarif_finish(r, out);
		break;
	case DH_REPORT_CHECKSTYLE:
		dh_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
				 "<checkstyle version=\"4.3\">\n");
		dh_buf_put(out, r->body.data, r->body.len);
		dh_buf_puts(out, "</checkstyle>\n");
		break;
	case DH_REPORT_JSON:
	case DH_REPORT_GITHUB:
		dh_buf_put(out, r->body.data, r->body.len);
		break;
	}
}
