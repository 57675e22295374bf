/* SPDX-License-Identifier: MIT */
/*
 * Input text and positions. Line starts are built on first use: most runs
 * print no position, and a 64 MB input should not pay for a table it never
 * reads.
 */
#include "dockharden/source.h"

#include <errno.h>
#include <inttypes.h>
#include <sys/stat.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dockharden/alloc.h"
#include "dockharden/buf.h"
#include "dockharden/errors.h"

dh_source *dh_source_new(dh_arena *arena, const char *path, const char *data,
			 size_t len)
{
	if (len > DH_SOURCE_MAX)
		return NULL;
	dh_source *src = dh_arena_alloc(arena, sizeof(*src));
	src->path = dh_arena_strdup(arena, path);
	/* Two trailing NULs let the scanner read the buffer in place. */
	char *copy = dh_arena_alloc(arena, len + 2);
	if (len)
		memcpy(copy, data, len);
	src->data = copy;
	src->len = (uint32_t)len;
	src->arena = arena;
	return src;
}

static int read_stream(dh_buf *out, FILE *f)
{
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		dh_buf_put(out, chunk, n);
		if (out->len > DH_SOURCE_MAX)
			return DH_ETOOBIG;
	}
	return ferror(f) ? DH_EIO : 0;
}

/*
 * A regular file is read straight into the arena at its size: no growing
 * buffer and no second copy, so a large input costs its size once.
 */
static int read_regular(dh_source **out, dh_arena *arena, const char *path,
			FILE *f)
{
	struct stat st;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode))
		return 1;
	if ((uintmax_t)st.st_size > DH_SOURCE_MAX)
		return DH_ETOOBIG;
	size_t len = (size_t)st.st_size;
	char *data = dh_arena_alloc(arena, len + 2);
	size_t got = len ? fread(data, 1, len, f) : 0;
	if (got != len || fgetc(f) != EOF)
		return ferror(f) ? DH_EIO
				 : 1; /* changed while read: slow path */
	dh_source *src = dh_arena_alloc(arena, sizeof(*src));
	src->path = dh_arena_strdup(arena, path);
	src->data = data;
	src->len = (uint32_t)len;
	src->arena = arena;
	*out = src;
	return 0;
}

int dh_source_read(dh_source **out, dh_arena *arena, const char *path)
{
	bool is_stdin = strcmp(path, "-") == 0;
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	if (!f)
		return DH_EIO;
	if (!is_stdin) {
		int rc = read_regular(out, arena, path, f);
		if (rc <= 0) {
			int saved = errno;
			fclose(f);
			errno = saved;
			return rc;
		}
		rewind(f);
	}
	dh_buf buf = DH_BUF_INIT;
	int rc = read_stream(&buf, f);
	int saved = errno;
	if (!is_stdin)
		fclose(f);
	if (rc == 0) {
		*out = dh_source_new(arena, path, buf.data ? buf.data : "",
				     buf.len);
		if (!*out)
			rc = DH_ETOOBIG;
	}
	dh_buf_free(&buf);
	errno = saved;
	return rc;
}

static void build_lines(dh_source *src)
{
	uint32_t count = 1;
	for (uint32_t i = 0; i < src->len; i++)
		count += src->data[i] == '\n';
	src->line_starts =
		dh_arena_alloc(src->arena, sizeof(uint32_t) * (count + 1));
	uint32_t n = 0;
	src->line_starts[n++] = 0;
	for (uint32_t i = 0; i < src->len; i++)
		if (src->data[i] == '\n')
			src->line_starts[n++] = i + 1;
	src->line_count = n;
}

void dh_source_locate(dh_source *src, uint32_t offset, uint32_t *out_line,
		      uint32_t *out_col)
{
	if (!src->line_starts)
		build_lines(src);
	if (offset > src->len)
		offset = src->len;
	uint32_t lo = 0, hi = src->line_count;
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (src->line_starts[mid] <= offset)
			lo = mid;
		else
			hi = mid;
	}
	*out_line = lo + 1;
	*out_col = offset - src->line_starts[lo] + 1;
}

dh_span dh_source_line_span(dh_source *src, uint32_t line)
{
	if (!src->line_starts)
		build_lines(src);
	dh_span s = {src->len, src->len};
	if (line == 0 || line > src->line_count)
		return s;
	s.start = src->line_starts[line - 1];
	s.end = line < src->line_count ? src->line_starts[line] : src->len;
	while (s.end > s.start &&
	       (src->data[s.end - 1] == '\n' || src->data[s.end - 1] == '\r'))
		s.end--;
	return s;
}
