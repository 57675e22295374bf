/* SPDX-License-Identifier: MIT */
/*
 * Bump allocator: one per input, freed in one call. Chunks grow
 * geometrically so a large input costs few mallocs; DH_ARENA_DEBUG makes
 * each allocation its own malloc so sanitizers see overruns.
 *
 * Large chunks are mapped straight from the kernel (dh__pages_alloc):
 * already zero, so what is handed out from them needs no clearing of its
 * own, and backed by huge pages where the kernel has them, which cuts the
 * cost of faulting in a big file's tree several times over. Small chunks
 * come from malloc and are cleared as they are handed out, so a small file
 * does not pay for memory it never uses. Clearing each node as it was
 * allocated cost a tenth of a large file's parse.
 */
#include "dockharden/arena.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dockharden/alloc.h"
#include "pages_internal.h"

#define CHUNK_MIN ((size_t)64 * 1024)
#define CHUNK_MAX ((size_t)64 * 1024 * 1024)
#define MAPPED_MIN ((size_t)1024 * 1024)
/* Eight bytes suit every type we store and keep tree nodes dense. */
#define ALIGN ((size_t)8)

typedef struct chunk {
	struct chunk *prev;
	size_t size;
	size_t used;
	bool mapped; /* from dh__pages_alloc: the unused part is zero */
	_Alignas(16) unsigned char data[];
} chunk;

struct dh_arena {
	chunk *head;
	size_t used;
};

static void chunk_free(chunk *c)
{
	if (c->mapped)
		dh__pages_free(c, sizeof(chunk) + c->size);
	else
		free(c);
}

dh_arena *dh_arena_new(void)
{
	return dh_xcalloc(1, sizeof(dh_arena));
}

void dh_arena_free(dh_arena *arena)
{
	if (!arena)
		return;
	chunk *c = arena->head;
	while (c) {
		chunk *prev = c->prev;
		chunk_free(c);
		c = prev;
	}
	free(arena);
}

static chunk *chunk_new(chunk *prev, size_t size)
{
	bool mapped = dh__pages_suit(size, MAPPED_MIN);
	chunk *c;
	if (mapped) {
		/* The mapping is rounded up to whole huge pages: use all of
		 * it. */
		size_t got = dh__pages_round(sizeof(chunk) + size);
		c = dh__pages_alloc(got);
		size = got - sizeof(chunk);
	} else {
		c = dh_xmalloc(sizeof(chunk) + size);
	}
	c->mapped = mapped;
	c->prev = prev;
	c->size = size;
	c->used = 0;
	return c;
}

void *dh_arena_alloc(dh_arena *arena, size_t size)
{
	size_t need = (size + ALIGN - 1) & ~(ALIGN - 1);
	if (need < size)
		abort();
	arena->used += need;
#ifdef DH_ARENA_DEBUG
	chunk *d = chunk_new(arena->head, need);
	arena->head = d;
	d->used = need;
	memset(d->data, 0, need);
	return d->data;
#else
	chunk *c = arena->head;
	if (!c || c->size - c->used < need) {
		size_t grow = c ? c->size * 2 : CHUNK_MIN;
		if (grow > CHUNK_MAX)
			grow = CHUNK_MAX;
		if (grow < need)
			grow = need;
		c = chunk_new(arena->head, grow);
		arena->head = c;
	}
	void *p = c->data + c->used;
	c->used += need;
	if (!c->mapped)
		memset(p, 0, need);
	return p;
#endif
}

char *dh_arena_strndup(dh_arena *arena, const char *s, size_t n)
{
	char *p = dh_arena_alloc(arena, n + 1);
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *dh_arena_strdup(dh_arena *arena, const char *s)
{
	return dh_arena_strndup(arena, s, strlen(s));
}

char *dh_arena_vprintf(dh_arena *arena, const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return dh_arena_strdup(arena, "");
	char *p = dh_arena_alloc(arena, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *dh_arena_printf(dh_arena *arena, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = dh_arena_vprintf(arena, fmt, ap);
	va_end(ap);
	return p;
}

size_t dh_arena_used(const dh_arena *arena)
{
	return arena->used;
}

void dh_arena_reset(dh_arena *arena)
{
	chunk *c = arena->head;
	while (c && c->prev) {
		chunk *prev = c->prev;
		chunk_free(c);
		c = prev;
	}
	arena->head = c;
	if (c) {
		/* A mapped chunk hands out memory as it is: clear it again. */
		if (c->mapped)
			memset(c->data, 0, c->used);
		c->used = 0;
	}
	arena->used = 0;
}
