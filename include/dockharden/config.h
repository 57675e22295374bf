#ifndef DH_CONFIG_H
#define DH_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dockharden/arena.h"
#include "dockharden/diag.h"

/** The configuration file's name, looked for in each folder walked. */
#define DH_CONFIG_NAME ".dockharden.yaml"

/**
 * A `.dockharden.yaml` file (docs/configuration.md). Every string and array
 * is owned by the arena it was loaded in. A zeroed struct is "no
 * configuration".
 */
typedef struct dh_config {
	const char *path; /* the file read, or NULL when none was found */
	const char *dir;  /* folder of path ("." for a bare name), or NULL */
	bool has_uid, has_gid;
	uint32_t uid, gid;
	const char **disabled; /* rule IDs switched off, upper-case "DH107" */
	size_t ndisabled;
	const char **image_map; /* pairs: from-prefix, to-prefix */
	size_t nimage_map;	/* number of strings (twice the pairs) */
	const char **writable;	/* extra writable paths, each absolute */
	size_t nwritable;
	const char **ignore; /* glob patterns, relative to dir */
	size_t nignore;
} dh_config;

/**
 * Finds and loads the configuration for the file for_path (NULL or "-": the
 * current folder stands in for the file's folder). Looks for
 * DH_CONFIG_NAME in the file's folder, then each parent up to the
 * filesystem root, stopping after a folder that holds `.git` (the
 * repository root). Folders are resolved with realpath(), so out->path and
 * out->dir are absolute when a file is found. Returns 0 (also when there is
 * none: out->path is NULL), DH_EINPUT when the file is not valid (error
 * diags with code "invalid-config" are added to diags) or DH_EIO (errno
 * set) when the file or the current folder cannot be read.
 */
int dh_config_find(dh_config *out, dh_diags *diags, dh_arena *arena,
		   const char *for_path);

/**
 * Loads the configuration file config_path into out (which is zeroed
 * first). Returns 0, DH_EINPUT with "invalid-config" error diags for bad
 * YAML, unknown keys or values of the wrong type (every problem is
 * reported, not only the first), DH_ETOOBIG or DH_EIO.
 */
int dh_config_load(dh_config *out, dh_diags *diags, dh_arena *arena,
		   const char *config_path);

/**
 * True when path matches one of cfg's ignore globs. path is relative to
 * cfg->dir ("./" prefixes are skipped), or absolute and under cfg->dir. A
 * pattern with a slash matches from the config folder ("legacy/x.Dockerfile",
 * a leading "/" anchors too), one without matches a name in any folder
 * ("*.bak"); "**" matches any number of folders; a pattern that matches a
 * folder matches everything under it. Each path component is matched with
 * fnmatch(3). False when cfg is NULL or has no ignore globs.
 */
bool dh_config_ignores(const dh_config *cfg, const char *path);

#endif
