#ifndef DH_CONFIG_H
#define DH_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dockharden/arena.h"
#include "dockharden/diag.h"
#include "dockharden/pass.h"
#include "dockharden/patch.h"

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
	bool strict; /* level: strict (apply changes without evidence) */
	bool bind_low_ports;   /* bind-low-ports: non-root may bind < 1024 */
	const char **disabled; /* rule IDs switched off, upper-case "DH107" */
	size_t ndisabled;
	const char **image_map; /* pairs: from-prefix, to-prefix */
	size_t nimage_map;	/* number of strings (twice the pairs) */
	const char **writable;	/* extra writable paths, each absolute */
	size_t nwritable;
	const char **ignore; /* glob patterns, relative to dir */
	size_t nignore;
	/* images: entries whose value is a mapping (uid, gid, writable,
	 * ports): the evidence `patch` needs for containers running them */
	dh_patch_image *runtime;
	size_t nruntime;
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
 * Appends why a failed look-up for for_path failed, as the commands print
 * it: the "invalid-config" diags (rc DH_EINPUT), or for any other rc a
 * "cannot read configuration" error with errno's text. for_path NULL
 * stands for ".".
 */
void dh_config_render_error(dh_buf *out, const dh_diags *diags, int rc,
			    const char *for_path);

/**
 * What one run of many files remembers between them, so that a folder's
 * walk up to the repository root and the file it finds are done once, not
 * once a file: the folder part of the last path as written, and the
 * configuration it led to, in the cache's own arena. Initialise with
 * DH_CONFIG_CACHE_INIT; free with dh_config_cache_free().
 */
typedef struct dh_config_cache {
	char *folder;	 /* heap; the last path up to its last '/' */
	bool valid;	 /* folder and cfg describe a finished look-up */
	dh_arena *arena; /* owns cfg's strings; NULL until first load */
	dh_config cfg;	 /* what folder led to (zeroed: none) */
} dh_config_cache;

#define DH_CONFIG_CACHE_INIT                                                   \
	{                                                                      \
		.folder = NULL, .valid = false, .arena = NULL                  \
	}

/**
 * As dh_config_find, answered from cache when for_path lies in the same
 * folder (as written) as the last call's: a run's files are found and
 * read once a folder, and a configuration file shared by many folders is
 * read once. out's strings are owned by the cache and live until
 * dh_config_cache_free(). A failed look-up is not remembered.
 */
int dh_config_find_cached(dh_config *out, dh_config_cache *cache,
			  dh_diags *diags, const char *for_path);

/** Frees what the cache holds and resets it to DH_CONFIG_CACHE_INIT. */
void dh_config_cache_free(dh_config_cache *cache);

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

/**
 * As dh_config_ignores, for a path as the command line gives it: its
 * folder is resolved with realpath(3), as cfg->dir was, so a relative
 * path starts from the current folder, which need not be the
 * configuration's (`lint Dockerfile` run in a subfolder of the
 * repository), and links and ".." lead where they really do.
 */
bool dh_config_ignores_given(const dh_config *cfg, const char *path);

/** What the command line set itself: it wins over the configuration. */
typedef struct dh_config_given {
	bool uid;   /* --uid */
	bool gid;   /* --gid */
	bool level; /* --level */
} dh_config_given;

/**
 * Applies cfg to one file's options as every command does, under what the
 * command line gave (given may be NULL: nothing): uid and gid (a uid alone
 * sets the group too), the level, bind-low-ports, and the disabled rules,
 * mirrors and writable paths appended to h's own (the new arrays are made
 * in arena; the strings stay cfg's); h may be NULL when only the patch
 * settings are wanted. p (may be NULL) gets the level, the
 * `images:` evidence, borrowed from cfg, and as mirrors (appended, pairs)
 * the `images:` prefix mappings whose prefix names Docker Hub: one that
 * starts with docker.io/, index.docker.io/, registry-1.docker.io/ or
 * registry.hub.docker.com/, or whose first component is no host (no dot,
 * no port, not localhost: "library/", "postgres"). A cfg with no path (no
 * file found) changes nothing. Never fails.
 */
void dh_config_apply(dh_harden_opts *h, dh_patch_opts *p, dh_arena *arena,
		     const dh_config *cfg, const dh_config_given *given);

#endif
