#ifndef DH_MIGRATE_H
#define DH_MIGRATE_H

#include <stdbool.h>
#include <stddef.h>

#include "dockharden/buf.h"
#include "dockharden/config.h"
#include "dockharden/interrupt.h"
#include "dockharden/pass.h"

/**
 * One-shot migration of a repository (`dockharden migrate`): every
 * Dockerfile is hardened, every Kubernetes manifest and compose file is
 * patched with the facts of the Dockerfile that builds each container's
 * image (when that can be told), and each changed file is replaced
 * atomically. The result for a file depends only on that file and the
 * Dockerfiles it pairs with, so runs over many repositories can be
 * sharded freely and their JSON output concatenated (docs/migrate.md).
 */

/**
 * Called with the number of files done so far and the total, at most
 * every few dozen files and once at the end of each phase; calls never
 * overlap (they are made under a lock, possibly from a worker thread).
 */
typedef void (*dh_migrate_progress_fn)(void *ctx, size_t done, size_t total);

/** Options for dh_migrate(); NULL pointers mean the defaults. */
typedef struct dh_migrate_opts {
	bool dry_run;  /* compute everything, write nothing */
	unsigned jobs; /* worker threads (pthreads); 0 counts as 1 */
	bool json;     /* summary: one JSON object per file, sorted by path */
	bool progress; /* call on_progress (set when stderr is a terminal) */
	dh_migrate_progress_fn on_progress; /* the caller prints; may be NULL */
	void *progress_ctx;
	const dh_harden_opts *harden; /* NULL: dh_harden_opts_init() defaults */
	/* The run's signal watcher, or NULL: once it has caught a signal no
	 * new file is started, in-flight writes finish, and the files not
	 * done are reported as interrupted. */
	dh_interrupt *interrupt;
	/* When not NULL, receives the stale temp files of interrupted runs
	 * found beside the files (root-relative, one a line): removed, or
	 * only listed with dry_run. */
	dh_buf *stale;
	bool strict; /* patch without evidence too (--level=strict) */
	/* What the command line set itself: it wins over each file's
	 * .dockharden.yaml, which migrate reads as every command does. */
	dh_config_given given;
} dh_migrate_opts;

/** What a run did. */
typedef struct dh_migrate_totals {
	size_t files;	    /* Dockerfiles + manifests looked at */
	size_t dockerfiles; /* Dockerfiles (bad ones included) */
	size_t manifests;   /* Kubernetes manifests and compose files */
	size_t changed;	    /* files whose text changes (or would) */
	size_t unchanged;   /* files with nothing to do */
	size_t errors;	 /* files that could not be read, parsed or written */
	size_t findings; /* manual follow-ups: warnings and notes of rules
			    that could not act (DH100, DH101, DH111, DH112) */
	size_t written;	 /* files replaced on disk */
	size_t paired;	 /* manifest containers paired with a Dockerfile */
	size_t interrupted; /* files not done because of a signal */
	int signal;	    /* the signal that stopped the run, or 0 */
	size_t stale;	    /* stale temp files removed (dry run: found) */
	long busy_pid;	    /* DH_EBUSY: the pid holding the tree, 0 unknown */
} dh_migrate_totals;

/**
 * Migrates every file dh_walk() finds under root, each with the settings
 * of its .dockharden.yaml (dh_config_find()) under opts->given: files its
 * ignore globs name are left out, and a file whose configuration cannot
 * be read is an error, left alone.
 *
 * Appends to summary the human table (one row per file, then a totals
 * line) or, with opts->json, one JSON object per line per file in path
 * order (no totals line, so reports of several runs concatenate). Appends
 * to report a Markdown report: a totals table, then per file each change
 * with its rule ID and rationale, the manual follow-ups, pairings and
 * errors. Either buffer may be NULL. Fills totals (may be NULL).
 *
 * Per-file failures (unreadable, syntax errors, Helm templates, a write
 * refused or racing with another writer) are counted in totals->errors
 * and reported; they never stop the run, and such files are never
 * written. Writes are atomic per file and never leave root. The output
 * bytes do not depend on opts->jobs.
 *
 * A writing run (not dry_run) first takes the tree's lock
 * (dockharden/treelock.h) and removes the stale temp files that killed
 * runs left beside the files it manages (dh_atomic_stale()); a dry run
 * only lists them. After a signal (opts->interrupt) the files not done
 * have status "interrupted" and totals->signal is set.
 *
 * Returns 0; DH_EBUSY when another process holds the tree's lock
 * (totals->busy_pid names it); DH_EIO (errno set) when root cannot be
 * walked or locked; DH_EUSAGE when root or opts is NULL.
 */
int dh_migrate(dh_buf *summary, dh_buf *report, dh_migrate_totals *totals,
	       const char *root, const dh_migrate_opts *opts);

#endif
