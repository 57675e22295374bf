/* SPDX-License-Identifier: MIT */
/*
 * Findings about the input, rendered like a compiler's: location, severity,
 * message and code, then the source line with a caret underline.
 */
#include "dockharden/diag.h"

#include <stdarg.h>
#include <string.h>

void dh_diags_init(dh_diags *diags, dh_arena *arena)
{
	memset(diags, 0, sizeof(*diags));
	diags->arena = arena;
}

dh_diag *dh_diag_add(dh_diags *diags, dh_severity severity, const char *code,
		     dh_source *src, dh_span span, const char *fmt, ...)
{
	dh_diag *d = dh_arena_alloc(diags->arena, sizeof(*d));
	d->severity = severity;
	d->code = code;
	d->src = src;
	d->span = span;
	va_list ap;
	va_start(ap, fmt);
	d->message = dh_arena_vprintf(diags->arena, fmt, ap);
	va_end(ap);
	if (diags->last)
		diags->last->next = d;
	else
		diags->first = d;
	diags->last = d;
	diags->count++;
	if (severity == DH_SEV_ERROR)
		diags->errors++;
	return d;
}

const char *dh_severity_name(dh_severity severity)
{
	switch (severity) {
	case DH_SEV_NOTE:
		return "note";
	case DH_SEV_WARNING:
		return "warning";
	default:
		return "error";
	}
}

/* Control bytes in the echoed line would garble a terminal: show them as '?'.
 */
static void put_visible(dh_buf *out, const char *s, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		dh_buf_putc(out, (c < 0x20 && c != '\t') || c == 0x7f
					 ? '?'
					 : (char)c);
	}
}

/* As put_visible, for NUL-terminated text; line breaks (in hints) stay. */
static void put_visible_text(dh_buf *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		bool ctl = (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f;
		dh_buf_putc(out, ctl ? '?' : (char)c);
	}
}

static void render_snippet(dh_buf *out, const dh_diag *d, uint32_t line,
			   uint32_t col)
{
	dh_span ls = dh_source_line_span(d->src, line);
	uint32_t shown = ls.end - ls.start;
	if (shown > 200)
		shown = 200;
	dh_buf_puts(out, "    ");
	put_visible(out, d->src->data + ls.start, shown);
	dh_buf_puts(out, "\n    ");
	for (uint32_t i = 1; i < col && i <= shown; i++)
		dh_buf_putc(out, d->src->data[ls.start + i - 1] == '\t' ? '\t'
									: ' ');
	uint32_t width = 1;
	if (d->span.end > d->span.start) {
		uint32_t stop = d->span.end < ls.end ? d->span.end : ls.end;
		if (stop > d->span.start)
			width = stop - d->span.start;
	}
	if (width > 200)
		width = 200;
	dh_buf_putc(out, '^');
	for (uint32_t i = 1; i < width; i++)
		dh_buf_putc(out, '~');
	dh_buf_putc(out, '\n');
}

void dh_diag_render(dh_buf *out, const dh_diag *d, bool with_snippet)
{
	uint32_t line = 0, col = 0;
	if (d->src) {
		dh_source_locate(d->src, d->span.start, &line, &col);
		dh_buf_printf(out, "%s:%u:%u: ", d->src->path, line, col);
	}
	/* Messages quote the input: control bytes in it must not reach a
	 * terminal as escape sequences. */
	dh_buf_printf(out, "%s: ", dh_severity_name(d->severity));
	put_visible_text(out, d->message);
	dh_buf_printf(out, " [%s]\n", d->code);
	if (with_snippet && d->src && d->src->len > 0)
		render_snippet(out, d, line, col);
	if (d->hint) {
		dh_buf_puts(out, "    hint: ");
		put_visible_text(out, d->hint);
		dh_buf_putc(out, '\n');
	}
}

void dh_diags_render(dh_buf *out, const dh_diags *diags, bool with_snippet)
{
	for (const dh_diag *d = diags->first; d; d = d->next)
		dh_diag_render(out, d, with_snippet);
}
