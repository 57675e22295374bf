#ifndef DH_LINT_DIR_INTERNAL_H
#define DH_LINT_DIR_INTERNAL_H

#include <stddef.h>

#include "dockharden/arena.h"

/*
 * lint DIR: paths with each folder replaced by the files migrate would
 * work on in it (dh_walk(): the same names and skips), as "DIR/REL", in
 * byte order; YAML files are kept only when the sniffer calls them a
 * Kubernetes manifest or compose file, so a repository's other YAML is
 * not reported. Other paths stay as given. *out and the strings live in
 * arena. Returns 0, or DH_EIO (errno set, *bad the folder) when a folder
 * cannot be walked.
 */
int dh__lint_expand(const char ***out, size_t *out_count, const char **bad,
		    dh_arena *arena, const char *const *paths, size_t npaths);

#endif
