/* SPDX-License-Identifier: MIT */
/*
 * The configuration look-up for a run of many files (pre-commit hands
 * hundreds to one process): each file's walk up to the repository root
 * cost a dozen stat and readlink calls, more than parsing a small file, so
 * a folder's answer is kept until a file from another folder comes.
 */
#include "dockharden/config.h"

#include <stdlib.h>
#include <string.h>

#include "dockharden/alloc.h"
#include "config_internal.h"

/* The length of for_path up to its last '/', 0 for a bare name. */
static size_t folder_len(const char *for_path)
{
	const char *slash = strrchr(for_path, '/');
	return slash ? (size_t)(slash - for_path) : 0;
}

static bool same_folder(const dh_config_cache *cache, const char *key,
			size_t len)
{
	return cache->valid && strlen(cache->folder) == len &&
	       memcmp(cache->folder, key, len) == 0;
}

static void remember_folder(dh_config_cache *cache, const char *key, size_t len)
{
	free(cache->folder);
	cache->folder = dh_xmalloc(len + 1);
	memcpy(cache->folder, key, len);
	cache->folder[len] = '\0';
	cache->valid = true;
}

/* Loads found into the cache unless it is the file already held. */
static int load(dh_config_cache *cache, dh_diags *diags, const char *found)
{
	if (cache->cfg.path && !strcmp(cache->cfg.path, found))
		return 0;
	if (!cache->arena)
		cache->arena = dh_arena_new();
	dh_config cfg;
	int rc = dh_config_load(&cfg, diags, cache->arena, found);
	cache->cfg = rc == 0 ? cfg : (dh_config){0};
	return rc;
}

int dh_config_find_cached(dh_config *out, dh_config_cache *cache,
			  dh_diags *diags, const char *for_path)
{
	memset(out, 0, sizeof(*out));
	/* Standard input and a bare name both start from ".". */
	bool stdin_like = !for_path || !strcmp(for_path, "-");
	const char *key = stdin_like ? "" : for_path;
	size_t len = stdin_like ? 0 : folder_len(for_path);
	if (same_folder(cache, key, len)) {
		*out = cache->cfg;
		return 0;
	}
	cache->valid = false;
	char *found;
	int rc = dh__config_locate(&found, for_path);
	if (rc == 0 && found)
		rc = load(cache, diags, found);
	else if (rc == 0)
		cache->cfg = (dh_config){0};
	free(found);
	if (rc != 0)
		return rc;
	remember_folder(cache, key, len);
	*out = cache->cfg;
	return 0;
}

void dh_config_cache_free(dh_config_cache *cache)
{
	free(cache->folder);
	dh_arena_free(cache->arena);
	*cache = (dh_config_cache)DH_CONFIG_CACHE_INIT;
}
