#ifndef DH_WALK_H
#define DH_WALK_H

#include <stddef.h>

#include "dockharden/arena.h"

/** What a found file probably is; the caller sniffs YAML content. */
typedef enum dh_file_kind {
	DH_FILE_DOCKERFILE,
	DH_FILE_YAML /* *.yaml or *.yml: a k8s manifest or compose file */
} dh_file_kind;

/** One file found by dh_walk(). */
typedef struct dh_found {
	const char *path; /* relative to the walked root; arena-owned */
	dh_file_kind kind;
} dh_found;

/**
 * Walks root recursively for the files `dockharden migrate` works on.
 *
 * Dockerfiles have the base name "Dockerfile", "Containerfile",
 * "*.Dockerfile" or "Dockerfile.*", except "*.dockerignore" and names
 * ending in ".yaml"/".yml", which are YAML. YAML files end in ".yaml" or
 * ".yml".
 *
 * Skips the folders .git, node_modules and vendor, and whatever the
 * .gitignore files (root's and nested ones) exclude: blank lines, #
 * comments, \ escapes of a leading # or !, trailing / for folders only,
 * leading or inner / anchoring to the .gitignore's folder, * ? [...]
 * globs (fnmatch), ** segments and ! negation; a pattern without a slash
 * matches the base name at any depth. As in git, a file inside an excluded
 * folder cannot be re-included. Symlinks (to files or folders) and other
 * non-regular files are never followed or returned, so nothing outside
 * root is read. The walk uses an explicit stack, so depth is limited only
 * by PATH_MAX.
 *
 * On success sets *out to an arena array of *out_count entries sorted by
 * path in byte order (NULL when empty) and returns 0. Returns DH_EIO
 * (errno says why) when root or a folder inside it cannot be read.
 */
int dh_walk(dh_found **out, size_t *out_count, dh_arena *arena,
	    const char *root);

#endif
