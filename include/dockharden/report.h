#ifndef DH_REPORT_H
#define DH_REPORT_H

#include <stddef.h>

#include "dockharden/arena.h"
#include "dockharden/buf.h"
#include "dockharden/diag.h"
#include "dockharden/source.h"

/**
 * Report renderers for `dockharden lint`: the findings of many files, with
 * the fixes `harden` would make, as compiler-style text, JSON Lines, SARIF
 * 2.1.0, GitHub review-comment JSON Lines or Checkstyle XML. The formats
 * are described in docs/lint-formats.md.
 */

typedef enum dh_report_format {
	DH_REPORT_TEXT,
	DH_REPORT_JSON,
	DH_REPORT_SARIF,
	DH_REPORT_GITHUB,
	DH_REPORT_CHECKSTYLE,
} dh_report_format;

/**
 * Parses a format name ("text", "json", "sarif", "github", "checkstyle")
 * into *out. Returns 0, or DH_EUSAGE (leaving *out alone) for another name.
 */
int dh_report_format_parse(dh_report_format *out, const char *name);

/** One checked file, as dh_report_add() reads it; nothing is kept. */
typedef struct dh_report_file {
	dh_source *src;	       /* the input as read */
	const dh_diags *diags; /* findings, in order; NULL means none */
	const char *fixed; /* the hardened text, or NULL when none/bad input */
	size_t fixed_len;
} dh_report_file;

/** Accumulates the files of one report; opaque. */
typedef struct dh_report dh_report;

/**
 * A new empty report in format; tool_version (copied) is printed where a
 * format names the tool's version (SARIF). Free with dh_report_free().
 * Never NULL (aborts when out of memory).
 */
dh_report *dh_report_new(dh_report_format format, const char *tool_version);

/**
 * Renders file's part of the report now, into memory the report owns:
 * nothing from file, its source, diagnostics or arena is kept, so the
 * caller may free arena right after. arena is the file's arena, used for
 * scratch (the fix's hunks, line tables). Files appear in the order added.
 */
void dh_report_add(dh_report *r, dh_arena *arena, const dh_report_file *file);

/**
 * Appends the whole report to out: what was added, wrapped in the format's
 * header and footer (and, for text, a summary line when anything was
 * found). Call once, after the last dh_report_add().
 */
void dh_report_finish(dh_report *r, dh_buf *out);

/** Frees the report; NULL is a no-op. */
void dh_report_free(dh_report *r);

#endif
