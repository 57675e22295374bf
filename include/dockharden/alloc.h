#ifndef DH_ALLOC_H
#define DH_ALLOC_H

#include <stddef.h>

/**
 * Heap allocation that never returns NULL: out of memory prints a message
 * and aborts, so callers need no failure branch. The caller frees with free().
 */
void *dh_xmalloc(size_t size);
/** As dh_xmalloc, zero-filled; aborts on overflow of nmemb * size. */
void *dh_xcalloc(size_t nmemb, size_t size);
/** As realloc, aborting on failure; the caller frees with free(). */
void *dh_xrealloc(void *ptr, size_t size);

#endif
