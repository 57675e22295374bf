/* SPDX-License-Identifier: MIT */
/*
 * lint over a repository: a folder argument becomes the Dockerfiles,
 * manifests and compose files migrate would find in it, each manifest
 * paired with its Dockerfiles by migrate's own first phase, so that lint
 * reports for it the findings and fix `migrate --dry-run` would make, and
 * CI runs one `dockharden lint --format=sarif . > results.sarif` for all.
 */
#include "lint_dir_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dockharden/alloc.h"
#include "dockharden/errors.h"

static bool is_dir(const char *path)
{
	struct stat st;
	return strcmp(path, "-") != 0 && stat(path, &st) == 0 &&
	       S_ISDIR(st.st_mode);
}

/* The files migrate reports: not other YAML, not skaffold files. */
static bool linted(const dh__mig_file *f)
{
	return f->kind == DH__MIG_DOCKERFILE || f->kind == DH__MIG_K8S ||
	       f->kind == DH__MIG_COMPOSE || f->status == DH__MIG_ERROR;
}

static dh__lint_item *push(dh__lint_set *set, size_t *cap, dh_arena *arena)
{
	if (set->n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		dh__lint_item *grown =
			dh_arena_alloc(arena, *cap * sizeof(*grown));
		if (set->n)
			memcpy(grown, set->items, set->n * sizeof(*grown));
		set->items = grown;
	}
	dh__lint_item *it = &set->items[set->n++];
	*it = (dh__lint_item){0};
	return it;
}

/* The files of one scanned folder dir, named "dir/REL". */
static void add_scan(dh__lint_set *set, size_t *cap, dh_arena *arena,
		     const dh__mig_scan *scan, const char *dir,
		     const dh_migrate_opts *mo)
{
	/* "." names files as git does: "svc/Dockerfile". */
	bool here = !strcmp(dir, ".") || !strcmp(dir, "./");
	size_t len = strlen(dir);
	bool slash = here || (len && dir[len - 1] == '/');
	size_t n;
	const dh__mig_file *files = dh__mig_scan_files(scan, &n);
	for (size_t k = 0; k < n; k++) {
		const dh__mig_file *f = &files[k];
		if (!linted(f))
			continue;
		dh__lint_item *it = push(set, cap, arena);
		it->path = dh_arena_printf(arena, "%s%s%s", here ? "" : dir,
					   slash ? "" : "/", f->path);
		if (f->kind != DH__MIG_K8S && f->kind != DH__MIG_COMPOSE)
			continue;
		dh_patch_opts *po = dh_arena_alloc(arena, sizeof(*po));
		size_t nmoved;
		const dh_patch_moved *moved = dh__mig_scan_moved(scan, &nmoved);
		dh__mig_patch_opts(po, arena, f, files, mo->strict, moved,
				   nmoved);
		it->patch = po;
		it->notes = f->unpaired;
		it->nnotes = f->nunpaired;
	}
}

int dh__lint_expand(dh__lint_set *out, const char **bad, dh_arena *arena,
		    const char *const *paths, size_t npaths,
		    const dh_migrate_opts *mo)
{
	size_t cap = 0;
	int first = 0;
	int saved = 0;
	*out = (dh__lint_set){0};
	out->scans = dh_xcalloc(npaths + 1, sizeof(*out->scans));
	for (size_t i = 0; i < npaths; i++) {
		if (!is_dir(paths[i])) {
			push(out, &cap, arena)->path = paths[i];
			continue;
		}
		dh__mig_scan *scan;
		int rc = dh__mig_scan_new(&scan, paths[i], mo);
		if (rc) {
			/* The other paths are still linted. */
			if (!first) {
				first = rc;
				saved = errno;
				*bad = paths[i];
			}
			continue;
		}
		out->scans[out->nscans++] = scan;
		add_scan(out, &cap, arena, scan, paths[i], mo);
	}
	errno = saved;
	return first;
}

void dh__lint_set_free(dh__lint_set *set)
{
	for (size_t i = 0; i < set->nscans; i++)
		dh__mig_scan_free(set->scans[i]);
	free(set->scans);
	*set = (dh__lint_set){0};
}
