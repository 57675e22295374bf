/* SPDX-License-Identifier: MIT */
/*
 * Splits an image reference the way the Docker reference grammar does:
 * [registry/]repository[:tag][@digest]. Best effort and total: odd text
 * never fails, it lands in the repository.
 */
#include "dockharden/image_ref.h"

#include <string.h>

/* The first path component names a registry only when it looks like a
 * host: a dot or a port, or exactly "localhost" (as the distribution
 * reference package decides). */
static bool looks_like_registry(const char *s, size_t n)
{
	if (n == 0)
		return false;
	if (n == 9 && memcmp(s, "localhost", 9) == 0)
		return true;
	return memchr(s, '.', n) != NULL || memchr(s, ':', n) != NULL;
}

static const char *last_of(const char *s, size_t n, char c)
{
	const char *hit = NULL;
	for (size_t i = 0; i < n; i++)
		if (s[i] == c)
			hit = s + i;
	return hit;
}

/* Splits name[:tag] (the text before any digest) into out. */
static void split_name(dh_image_ref *out, dh_arena *arena, const char *s,
		       size_t n)
{
	const char *slash = last_of(s, n, '/');
	const char *from = slash ? slash + 1 : s;
	const char *colon = last_of(from, (size_t)(s + n - from), ':');
	if (colon && colon > s && colon + 1 < s + n) {
		out->tag = dh_arena_strndup(arena, colon + 1,
					    (size_t)(s + n - colon - 1));
		n = (size_t)(colon - s);
	}
	const char *first = memchr(s, '/', n);
	if (first && first + 1 < s + n &&
	    looks_like_registry(s, (size_t)(first - s))) {
		out->registry = dh_arena_strndup(arena, s, (size_t)(first - s));
		n -= (size_t)(first + 1 - s);
		s = first + 1;
	}
	out->repository = dh_arena_strndup(arena, s, n);
	const char *base = last_of(out->repository, n, '/');
	out->name = base ? base + 1 : out->repository;
}

void dh_image_ref_parse(dh_image_ref *out, dh_arena *arena, const char *text)
{
	memset(out, 0, sizeof(*out));
	if (!text)
		text = "";
	size_t len = strlen(text);
	out->text = dh_arena_strndup(arena, text, len);
	out->has_variable = memchr(text, '$', len) != NULL;
	out->is_scratch = strcmp(text, "scratch") == 0;

	/* Neither name nor tag may hold '@', so the first one starts the
	 * digest. */
	const char *at = memchr(text, '@', len);
	size_t name_len = len;
	if (at) {
		name_len = (size_t)(at - text);
		if (at + 1 < text + len)
			out->digest = dh_arena_strndup(arena, at + 1,
						       len - name_len - 1);
	}
	split_name(out, arena, text, name_len);
}
