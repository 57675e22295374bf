#ifndef DH_PAGES_INTERNAL_H
#define DH_PAGES_INTERNAL_H

#include <stddef.h>

/*
 * Large zero-filled blocks straight from the kernel, for the arena's big
 * chunks. Where the kernel offers transparent huge pages the block is
 * aligned to 2 MiB and asks for them: on a virtual machine one 4 KiB page
 * fault can cost microseconds, and a large parse faults in three bytes per
 * input byte, so huge pages turn the largest cost of a big file into a
 * small one.
 */

#include <stdbool.h>

/*
 * Whether a block of size bytes should be mapped rather than malloc'd,
 * given the caller's threshold. Never in DH_ARENA_DEBUG (sanitizer)
 * builds, where every block is a malloc so that overruns are seen.
 */
static inline bool dh__pages_suit(size_t size, size_t threshold)
{
#ifdef DH_ARENA_DEBUG
	(void)size;
	(void)threshold;
	return false;
#else
	return size >= threshold;
#endif
}

/* size rounded up to what dh__pages_alloc() maps for it; aborts on
 * overflow. */
size_t dh__pages_round(size_t size);
/* Returns at least size zeroed bytes; aborts when out of memory. Free
 * with dh__pages_free() and the same size. */
void *dh__pages_alloc(size_t size);
/* Gives back a block from dh__pages_alloc(); NULL is ignored. */
void dh__pages_free(void *p, size_t size);

#endif
