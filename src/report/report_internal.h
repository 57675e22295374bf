/* SPDX-License-Identifier: MIT */
/*
 * Shared between the report renderers (src/report*.c): the report's state
 * and one file's findings with their positions and the fix's hunks.
 */
#ifndef DH_REPORT_INTERNAL_H
#define DH_REPORT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dockharden/buf.h"
#include "dockharden/diff.h"
#include "dockharden/report.h"

/** No finding owns this hunk / no hunk covers this finding. */
#define DH__REPORT_NONE ((size_t)-1)

/** A finding with its 1-based positions (byte columns, end exclusive). */
typedef struct dh__rfinding {
	const dh_diag *diag;
	dh_source *src; /* where the span points (the file's own, usually) */
	uint32_t start, end; /* the span, clamped, trailing line break cut */
	uint32_t line, col, end_line, end_col;
	bool own; /* src is the file's source, so hunks may attach to it */
} dh__rfinding;

/** One file as the renderers see it; arrays live in the file's arena. */
typedef struct dh__rfile {
	dh_source *src;
	dh__rfinding *f;
	size_t nf;
	const char *fixed; /* NULL when there is no fix */
	size_t fixed_len;
	bool changed;
	dh_hunk *hunks;
	size_t nh;
	size_t *owner;	  /* per hunk: index into f, or DH__REPORT_NONE */
	size_t old_lines; /* lines of src as the diff counts them */
} dh__rfile;

struct dh_report {
	dh_report_format format;
	char *tool_version;
	dh_buf body; /* rendered files (SARIF: the results array items) */
	size_t files;
	size_t files_with_findings;
	size_t files_changed;
	size_t findings;
	char **rules; /* SARIF: rule IDs in first-seen order (heap) */
	size_t nrules, caprules;
};

/**
 * The old lines a hunk's review comment covers: the replaced lines, or for
 * an insertion the line before it (line 1 when inserting at the top).
 */
void dh__report_comment_range(const dh__rfile *f, const dh_hunk *h,
			      size_t *out_first, size_t *out_last);

/**
 * The old lines whose findings a hunk is about: the comment range, and
 * for an insertion also the line it goes before.
 */
void dh__report_attach_range(const dh__rfile *f, const dh_hunk *h,
			     size_t *out_first, size_t *out_last);

/** Byte range of old line (1-based) with its line break. */
void dh__report_old_line(const dh__rfile *f, size_t line, size_t *out_off,
			 size_t *out_len);

/**
 * One file made ready for the renderers: findings located, the fix split
 * into hunks and each hunk given its owning finding, the suggested edits
 * of findings whose change was not made added as hunks of their own.
 * Arrays live in arena; nothing of in is copied but pointers.
 */
void dh__report_prepare(dh__rfile *f, dh_arena *arena,
			const dh_report_file *in);

/**
 * The first hunk at or after index from that owner owns (a finding's
 * index, or DH__REPORT_NONE), or f->nh when there is none: how a fix is
 * gathered from the hunks.
 */
size_t dh__report_next_owned(const dh__rfile *f, size_t owner, size_t from);

/** True for a hardening rule ID ("DH" and digits). */
bool dh__report_is_rule(const char *code);

void dh__report_sarif_file(dh_report *r, const dh__rfile *f);
void dh__report_sarif_finish(dh_report *r, dh_buf *out);
void dh__report_github_file(dh_report *r, const dh__rfile *f);

#endif
