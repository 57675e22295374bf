#ifndef DH_DIAG_H
#define DH_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dockharden/arena.h"
#include "dockharden/buf.h"
#include "dockharden/source.h"

typedef enum dh_severity {
	DH_SEV_NOTE,
	DH_SEV_WARNING,
	DH_SEV_ERROR,
} dh_severity;

/**
 * A finding about the input: severity, a stable code (kebab-case from
 * diag_codes.def for parser findings, DHnnn for hardening rules), a byte
 * span, a one-line message and an optional hint. Arena-owned.
 */
typedef struct dh_diag {
	dh_severity severity;
	const char *code;
	dh_source *src;
	dh_span span;
	const char *message;
	const char *hint; /* may be NULL */
	/* An edit offered but not applied (evidence was missing): replace
	 * fix_span of the input with fix (whole lines, line breaks
	 * included), so lint can still offer it. NULL when there is none. */
	const char *fix;
	dh_span fix_span;
	struct dh_diag *next;
} dh_diag;

/** An ordered list of findings for one input; lives in one arena. */
typedef struct dh_diags {
	dh_arena *arena;
	dh_diag *first;
	dh_diag *last;
	size_t count;
	size_t errors;
} dh_diags;

/** Starts an empty list whose entries live in arena. */
void dh_diags_init(dh_diags *diags, dh_arena *arena);

/**
 * Appends a finding; the message is formatted into the arena. Returns the
 * new entry so a caller may attach a hint.
 */
dh_diag *dh_diag_add(dh_diags *diags, dh_severity severity, const char *code,
		     dh_source *src, dh_span span, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/** The severity's printed word: "note", "warning" or "error". */
const char *dh_severity_name(dh_severity severity);

/**
 * Prints one finding as "path:line:col: severity: message [code]", then the
 * source line and a caret underline (when with_snippet), then the hint.
 */
void dh_diag_render(dh_buf *out, const dh_diag *diag, bool with_snippet);

/** Renders every finding in order. */
void dh_diags_render(dh_buf *out, const dh_diags *diags, bool with_snippet);

#endif
