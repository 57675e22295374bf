#ifndef DH_ARENA_H
#define DH_ARENA_H

#include <stdarg.h>
#include <stddef.h>

/**
 * A bump allocator holding everything that lives as long as one input:
 * source text, tree nodes, token text, pass-made strings and diagnostics.
 * Freed in one call. Built with -DDH_ARENA_DEBUG, every allocation is a
 * separate malloc so AddressSanitizer sees overruns.
 */
typedef struct dh_arena dh_arena;

/** A new empty arena; free with dh_arena_free(). Aborts when out of memory. */
dh_arena *dh_arena_new(void);
/** Frees the arena and every allocation made from it; NULL is a no-op. */
void dh_arena_free(dh_arena *arena);
/** Zeroed, 8-byte aligned memory owned by the arena. Never NULL. */
void *dh_arena_alloc(dh_arena *arena, size_t size);
/** A NUL-terminated copy of n bytes of s, owned by the arena. */
char *dh_arena_strndup(dh_arena *arena, const char *s, size_t n);
/** A NUL-terminated copy of s, owned by the arena. */
char *dh_arena_strdup(dh_arena *arena, const char *s);
/** printf into arena-owned memory. */
char *dh_arena_printf(dh_arena *arena, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/** vprintf into arena-owned memory. */
char *dh_arena_vprintf(dh_arena *arena, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/** Forgets every allocation but keeps the first chunk for reuse. */
void dh_arena_reset(dh_arena *arena);
/** Bytes handed out so far (for benchmarks and limits). */
size_t dh_arena_used(const dh_arena *arena);

#endif
