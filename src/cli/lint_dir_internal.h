#ifndef DH_LINT_DIR_INTERNAL_H
#define DH_LINT_DIR_INTERNAL_H

#include <stddef.h>

#include "dockharden/arena.h"
#include "dockharden/migrate.h"
#include "dockharden/patch.h"
#include "migrate_internal.h"

/** One file of a lint run. */
typedef struct dh__lint_item {
	const char *path; /* "DIR/REL" for a walked file, else as given */
	/*
	 * A manifest or compose file found in a folder: the options migrate
	 * gives the patcher for it (each paired container with the facts of
	 * its own hardened Dockerfile, --level) and migrate's pairing notes.
	 * NULL and 0 for every other file.
	 */
	const dh_patch_opts *patch;
	const char *const *notes;
	size_t nnotes;
} dh__lint_item;

/** The files of a lint run and the scans their pairings point into. */
typedef struct dh__lint_set {
	dh__lint_item *items;
	size_t n;
	dh__mig_scan **scans;
	size_t nscans;
} dh__lint_set;

/*
 * lint DIR: paths with each folder replaced by the files migrate would
 * work on in it, read and paired by migrate's own first phase
 * (dh__mig_scan_new() with mo: the same walk, sniffing, pairing and
 * Dockerfile facts), as "DIR/REL", in byte order: Dockerfiles, Kubernetes
 * manifests, compose files and unreadable files, not other YAML. Other
 * paths stay as given. out->items live in arena; free the scans with
 * dh__lint_set_free(), on failure too. Returns 0, or DH_EIO (errno set,
 * *bad the first such folder) when a folder cannot be walked; the other
 * paths are in out all the same.
 */
int dh__lint_expand(dh__lint_set *out, const char **bad, dh_arena *arena,
		    const char *const *paths, size_t npaths,
		    const dh_migrate_opts *mo);

/** Frees the scans of set (the items live in their arena). */
void dh__lint_set_free(dh__lint_set *set);

#endif
