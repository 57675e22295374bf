/* SPDX-License-Identifier: MIT */
/*
 * migrate reads the .dockharden.yaml of each file as `harden`, `patch` and
 * the language server do, so a repository's uid, level, images: evidence,
 * mirrors and ignore globs give the same result whichever command runs.
 * The look-ups happen once a folder, on the main thread, before the
 * workers start.
 */
/* realpath() is an XSI extension; it must be declared before any header. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif

#include "migrate_internal.h"

#include <stdlib.h>
#include <string.h>

/* Why the configuration of path could not be used, as harden says it. */
static const char *config_error(dh_arena *arena, const dh_diags *diags, int rc,
				const char *path)
{
	dh_buf b = DH_BUF_INIT;
	dh_config_render_error(&b, diags, rc, path);
	while (b.len && b.data[b.len - 1] == '\n')
		b.len--;
	const char *msg = dh_arena_strndup(arena, b.data ? b.data : "", b.len);
	dh_buf_free(&b);
	return msg;
}

/* The arena's copy of cfg, shared by the files that follow while they
 * get the same file (the cache hands out one loaded file per path). */
static const dh_config *keep(dh_arena *arena, const dh_config *cfg,
			     const dh_config **last)
{
	if (!cfg->path)
		return NULL;
	if (!*last || (*last)->path != cfg->path) {
		dh_config *copy = dh_arena_alloc(arena, sizeof(*copy));
		*copy = *cfg;
		*last = copy;
	}
	return *last;
}

size_t dh__mig_configure(dh__mig_file *files, dh_found *found, size_t n,
			 const char *root, dh_config_cache *cache,
			 dh_arena *arena)
{
	/* Absolute paths: ignore globs are relative to the configuration's
	 * folder, not to wherever migrate was started. */
	char *abs_root = realpath(root, NULL);
	const char *base = abs_root ? abs_root : root;
	const dh_config *last = NULL;
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		const char *path =
			dh_arena_printf(arena, "%s/%s", base, found[i].path);
		dh_diags diags;
		dh_diags_init(&diags, arena);
		dh_config cfg;
		int rc = dh_config_find_cached(&cfg, cache, &diags, path);
		if (rc == 0 && dh_config_ignores(&cfg, path))
			continue;
		files[kept] = files[i];
		found[kept] = found[i];
		if (rc == 0)
			files[kept].config = keep(arena, &cfg, &last);
		else
			files[kept].config_error =
				config_error(arena, &diags, rc, path);
		kept++;
	}
	free(abs_root);
	return kept;
}
