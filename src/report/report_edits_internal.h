/* SPDX-License-Identifier: MIT */
/*
 * The fixes lint attaches to findings, as byte edits of the input: what
 * SARIF `fixes` and GitHub suggestions show, for callers that apply them
 * to a buffer (the language server's quick fixes). Shared inside src/.
 */
#ifndef DH_REPORT_EDITS_INTERNAL_H
#define DH_REPORT_EDITS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dockharden/arena.h"
#include "dockharden/diag.h"
#include "dockharden/report.h"

/**
 * One replacement: input bytes [start, end) (whole lines, line breaks
 * included; start == end inserts) become text, len bytes, not
 * NUL-terminated, borrowed from the fixed text or the finding's fix.
 */
typedef struct dh__redit {
	size_t start, end;
	const char *text;
	size_t len;
} dh__redit;

/** A finding as lint places it, with the edits lint gives it. */
typedef struct dh__rfix {
	const dh_diag *diag; /* NULL: the changes no finding owns */
	/* the span as lint reports it: clamped to the source, a trailing
	 * line break cut, an end-of-file point moved onto the last line */
	uint32_t start, end;
	bool own;	  /* the span is in the file's own source */
	dh__redit *edits; /* in file order, arena-owned; NULL when none */
	size_t nedits;
} dh__rfix;

/**
 * The findings of file, in the order of file->diags, each with the hunks
 * of the fix (file->fixed against the source) that lint attaches to it and
 * the edit it suggests but did not make (diag->fix); then, only when some
 * hunk has no owning finding, one entry with diag NULL holding those. Sets
 * *out (arena-owned; NULL when there are no entries) and returns their
 * number. Never fails.
 */
size_t dh__report_fixes(dh__rfix **out, dh_arena *arena,
			const dh_report_file *file);

#endif
