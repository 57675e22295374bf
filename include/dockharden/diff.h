#ifndef DH_DIFF_H
#define DH_DIFF_H

#include <stddef.h>

#include "dockharden/arena.h"
#include "dockharden/buf.h"

/** Lines of context around each change in dh_diff_unified() output. */
#define DH_DIFF_CONTEXT 3

/**
 * Appends a unified diff of old against new_ to out: `--- a_label` and
 * `+++ b_label` headers, then `@@ -l,n +l,n @@` hunks with DH_DIFF_CONTEXT
 * lines of context, and "\ No newline at end of file" markers where GNU
 * diff prints them. Lines are split on '\n' and compared byte for byte (a
 * CR stays part of its line). Appends nothing when the texts are equal.
 * The output is accepted by `patch` and `git apply`. Never fails (aborts
 * when out of memory). Time O((N+M)D) after trimming the common prefix and
 * suffix, space O(N+M).
 */
void dh_diff_unified(dh_buf *out, const char *a_label, const char *b_label,
		     const char *old, size_t old_len, const char *new_,
		     size_t new_len);

/**
 * One change with no context: old lines [old_start, old_start + old_count)
 * are replaced by new lines [new_start, new_start + new_count), both
 * 1-based. When a count is 0 its start is the line the empty range sits
 * before (an insertion before old line old_start; at the end of a text of
 * n lines that is n + 1). old_off/old_len and new_off/new_len are the byte
 * ranges of those lines, line breaks included, in old and new_.
 */
typedef struct dh_hunk {
	size_t old_start, old_count, new_start, new_count;
	size_t new_off, new_len;
	size_t old_off, old_len;
} dh_hunk;

/**
 * Computes the minimal changes between old and new_ with no context, in
 * order, into an array allocated from arena (*out is NULL when there are
 * none). Returns the number of hunks. Never fails.
 */
size_t dh_diff_hunks(dh_hunk **out, dh_arena *arena, const char *old,
		     size_t old_len, const char *new_, size_t new_len);

#endif
