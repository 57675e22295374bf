/* SPDX-License-Identifier: MIT */
/*
 * lint over a repository: a folder argument becomes the Dockerfiles,
 * manifests and compose files migrate would find in it, so CI runs one
 * `dockharden lint --format=sarif . > results.sarif` for all of them.
 */
#include "lint_dir_internal.h"

#include <string.h>
#include <sys/stat.h>

#include "dockharden/errors.h"
#include "dockharden/sniff.h"
#include "dockharden/source.h"
#include "dockharden/walk.h"

static bool is_dir(const char *path)
{
	struct stat st;
	return strcmp(path, "-") != 0 && stat(path, &st) == 0 &&
	       S_ISDIR(st.st_mode);
}

/* A walked YAML file worth reporting: a manifest or a compose file. */
static bool patchable(dh_arena *arena, const char *path)
{
	dh_source *src;
	if (dh_source_read(&src, arena, path) != 0)
		return true; /* lint says why it cannot read it */
	dh_input_kind k = dh_sniff(src, path);
	return k == DH_INPUT_K8S || k == DH_INPUT_COMPOSE;
}

static void push(const char ***list, size_t *n, size_t *cap, dh_arena *arena,
		 const char *path)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		const char **grown =
			dh_arena_alloc(arena, *cap * sizeof(char *));
		if (*n)
			memcpy(grown, *list, *n * sizeof(char *));
		*list = grown;
	}
	(*list)[(*n)++] = path;
}

int dh__lint_expand(const char ***out, size_t *out_count, const char **bad,
		    dh_arena *arena, const char *const *paths, size_t npaths)
{
	size_t n = 0, cap = 0;
	*out = NULL;
	for (size_t i = 0; i < npaths; i++) {
		if (!is_dir(paths[i])) {
			push(out, &n, &cap, arena, paths[i]);
			continue;
		}
		dh_found *found;
		size_t nfound;
		int rc = dh_walk(&found, &nfound, arena, paths[i]);
		if (rc) {
			*bad = paths[i];
			return rc;
		}
		/* "." names files as git does: "svc/Dockerfile". */
		bool here = !strcmp(paths[i], ".") || !strcmp(paths[i], "./");
		size_t len = strlen(paths[i]);
		bool slash = here || (len && paths[i][len - 1] == '/');
		for (size_t k = 0; k < nfound; k++) {
			const char *p = dh_arena_printf(
				arena, "%s%s%s", here ? "" : paths[i],
				slash ? "" : "/", found[k].path);
			if (found[k].kind == DH_FILE_YAML &&
			    !patchable(arena, p))
				continue;
			push(out, &n, &cap, arena, p);
		}
	}
	*out_count = n;
	return 0;
}
