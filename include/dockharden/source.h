#ifndef DH_SOURCE_H
#define DH_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "dockharden/arena.h"

/** Largest input accepted, in bytes: offsets are 32-bit (see README limits). */
#define DH_SOURCE_MAX ((size_t)1 << 30)

/** Longest line accepted, in bytes (BuildKit itself stops at 64 KiB). */
#define DH_LINE_MAX ((size_t)16 << 20)

/**
 * One input text and its name. The bytes are owned by the arena the source
 * was made in; line starts are computed lazily, only when a position is
 * printed, since most runs print none.
 */
typedef struct dh_source {
	const char *path; /* as given by the user, "-" or a --stdin-filename */
	const char *data; /* copy ending in two NULs; may hold NUL bytes */
	uint32_t len;
	uint32_t *line_starts; /* lazily built; arena-owned */
	uint32_t line_count;
	dh_arena *arena; /* where line_starts is allocated */
} dh_source;

/** A half-open byte range [start, end) into a source. */
typedef struct dh_span {
	uint32_t start;
	uint32_t end;
} dh_span;

/**
 * A source over a copy of data made in arena. Returns NULL (and leaves the
 * arena untouched) when len exceeds DH_SOURCE_MAX.
 */
dh_source *dh_source_new(dh_arena *arena, const char *path, const char *data,
			 size_t len);

/**
 * Reads a whole file ("-" is stdin) into a source. Returns 0, DH_EIO (errno
 * set) or DH_ETOOBIG.
 */
int dh_source_read(dh_source **out, dh_arena *arena, const char *path);

/** 1-based line and byte column of offset (offset may equal len). */
void dh_source_locate(dh_source *src, uint32_t offset, uint32_t *out_line,
		      uint32_t *out_col);

/** The span of 1-based line number line, without its line break. */
dh_span dh_source_line_span(dh_source *src, uint32_t line);

#endif
