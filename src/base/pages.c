/* SPDX-License-Identifier: MIT */
/*
 * Anonymous mappings for the arena's large chunks, aligned and advised for
 * transparent huge pages where the platform has them (see
 * pages_internal.h for why).
 */
#define _DEFAULT_SOURCE /* MADV_HUGEPAGE, MAP_ANONYMOUS */
#include "pages_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#define HUGE_PAGE ((size_t)2 * 1024 * 1024)

static size_t round_up(size_t n, size_t to)
{
	if (n > SIZE_MAX - (to - 1)) {
		fprintf(stderr, "dockharden: out of memory (%zu bytes)\n", n);
		abort();
	}
	return (n + to - 1) & ~(to - 1);
}

static void *map_or_abort(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		fprintf(stderr, "dockharden: out of memory (%zu bytes)\n",
			size);
		abort();
	}
	return p;
}

/*
 * Maps one huge page more than needed and unmaps the unaligned head and
 * the tail, so every 2 MiB of the block can be one huge page.
 */
static void *map_aligned(size_t size)
{
	size_t span = round_up(size + HUGE_PAGE, HUGE_PAGE);
	unsigned char *raw = map_or_abort(span);
	uintptr_t addr = (uintptr_t)raw;
	size_t head = (size_t)(round_up(addr, HUGE_PAGE) - addr);
	if (head)
		munmap(raw, head);
	size_t tail = span - head - size;
	if (tail)
		munmap(raw + head + size, tail);
	return raw + head;
}

size_t dh__pages_round(size_t size)
{
	return round_up(size, HUGE_PAGE);
}

void *dh__pages_alloc(size_t size)
{
	size = round_up(size, HUGE_PAGE);
	void *p = map_aligned(size);
#ifdef MADV_HUGEPAGE
	/* Advice only: where huge pages are off, the block still works. */
	(void)madvise(p, size, MADV_HUGEPAGE);
#endif
	return p;
}

void dh__pages_free(void *p, size_t size)
{
	if (p)
		munmap(p, round_up(size, HUGE_PAGE));
}
