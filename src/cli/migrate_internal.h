/* SPDX-License-Identifier: MIT */
/*
 * Shared inside the migration engine (src/migrate*.c): the per-file record
 * that the phases fill in, YAML sniffing and manifest/Dockerfile pairing,
 * and the per-file report and JSON renderers.
 */
#ifndef DH_MIGRATE_INTERNAL_H
#define DH_MIGRATE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "dockharden/arena.h"
#include "dockharden/atomic.h"
#include "dockharden/buf.h"
#include "dockharden/config.h"
#include "dockharden/diag.h"
#include "dockharden/facts.h"
#include "dockharden/migrate.h"
#include "dockharden/patch.h"
#include "dockharden/source.h"
#include "dockharden/walk.h"

/** What a found file turned out to be. */
typedef enum dh__mig_kind {
	DH__MIG_OTHER, /* YAML that is none of the below: skipped */
	DH__MIG_DOCKERFILE,
	DH__MIG_K8S,
	DH__MIG_COMPOSE,
	DH__MIG_SKAFFOLD, /* read for pairing only */
} dh__mig_kind;

typedef enum dh__mig_status {
	DH__MIG_UNCHANGED,
	DH__MIG_CHANGED,
	DH__MIG_ERROR,
	DH__MIG_INTERRUPTED, /* not done: a signal stopped the run */
} dh__mig_status;

/**
 * A container (Kubernetes), service (compose) or artifact (skaffold) that
 * may pair with a Dockerfile. Strings live in a worker's keep arena.
 */
typedef struct dh__mig_ref {
	const char *name;  /* container or service name; NULL for skaffold */
	const char *image; /* image as written, or NULL */
	const char *build; /* root-relative Dockerfile path (compose build,
			      skaffold), or NULL */
	const char *build_raw; /* the context as written, for messages */
} dh__mig_ref;

/** A container paired with a Dockerfile. */
typedef struct dh__mig_pair {
	const char *container;
	size_t dockerfile; /* index into the run's file array */
	const char *via;   /* "compose build", "skaffold", "image name" */
} dh__mig_pair;

/** One found file and everything the run learnt about it. */
struct dh__mig_file {
	const char *path; /* relative to root (walk arena) */
	dh_file_kind found;
	dh__mig_kind kind;
	dh__mig_status status;
	bool written;
	size_t changes; /* change notes */
	size_t followups;
	dh_file_stamp stamp; /* before the read, checked on write */
	/* The .dockharden.yaml that applies (scan arena), or NULL; when it
	 * could not be read, why (the file is then an error, left alone). */
	const dh_config *config;
	const char *config_error;
	/* Dockerfiles that parsed: facts of the hardened document. */
	bool has_facts;
	dh_facts facts;
	/* Manifests: text kept between the phases, refs, pairs. */
	const char *text;
	size_t len;
	dh__mig_ref *refs;
	size_t nrefs;
	dh__mig_pair *pairs;
	size_t npairs;
	const char **unpaired; /* follow-up messages from pairing */
	size_t nunpaired;
	/* New text waiting for the write phase (keep arena), or NULL. */
	const char *out_text;
	size_t out_len;
	const char *write_error; /* why the write failed, or NULL */
	/* Output made by the worker: the JSON object's members after the
	 * status and the Markdown section after its heading. */
	bool reported; /* part of the output (not skipped YAML) */
	bool skipped;  /* a phase left it because of a signal */
	dh_buf md;
	dh_buf json;
};

typedef struct dh__mig_file dh__mig_file;

/**
 * Sniffs a YAML file: sets f->kind (K8S, COMPOSE, SKAFFOLD or OTHER) and
 * f->refs (arena-owned in keep). A file that looks like a manifest but
 * does not parse (a Helm template, broken YAML) is K8S or COMPOSE so the
 * patcher reports it. Scratch holds the tree.
 */
void dh__mig_sniff(dh__mig_file *f, dh_arena *keep, dh_source *src);

/**
 * Finds each file's .dockharden.yaml (root-relative paths in files and
 * found, which stay parallel) as every other command does, through cache:
 * sets config or config_error, and drops the files its ignore globs name
 * from both arrays. Runs before the workers start (the cache is not shared
 * between threads). Returns the number of files kept.
 */
size_t dh__mig_configure(dh__mig_file *files, dh_found *found, size_t n,
			 const char *root, dh_config_cache *cache,
			 dh_arena *arena);

/**
 * Pairs every manifest ref in files with a Dockerfile among files (sorted
 * by path), filling pairs and unpaired in arena. Returns the number of
 * pairs made.
 */
size_t dh__mig_pair_all(dh__mig_file *files, size_t n, dh_arena *arena);

/**
 * The options migrate gives the patcher for manifest f: each of its paired
 * containers with the facts of its own Dockerfile (files is the run's
 * array), --level=strict, and the workloads of the repository whose ports
 * moved (their Services follow). The pair array lives in arena; the facts
 * and moved are borrowed.
 */
void dh__mig_patch_opts(dh_patch_opts *out, dh_arena *arena,
			const dh__mig_file *f, const dh__mig_file *files,
			bool strict, const dh_patch_moved *moved,
			size_t nmoved);

/**
 * A repository walked, read and paired as migrate does before it patches
 * anything: every Dockerfile hardened for its facts, every YAML file
 * sniffed, every manifest's containers paired. Nothing is written.
 */
typedef struct dh__mig_scan dh__mig_scan;

/**
 * Scans root with opts (harden, jobs, strict; dry_run is implied). Returns
 * 0 with *out to free with dh__mig_scan_free(), or DH_EIO (errno set) when
 * root cannot be walked.
 */
int dh__mig_scan_new(dh__mig_scan **out, const char *root,
		     const dh_migrate_opts *opts);

/**
 * The scan's files, sorted by root-relative path, with kind, facts (for
 * Dockerfiles that parsed), pairs and pairing notes; owned by the scan.
 */
const dh__mig_file *dh__mig_scan_files(const dh__mig_scan *s, size_t *n);

/** The workloads of the scanned repository whose ports hardening moved. */
const dh_patch_moved *dh__mig_scan_moved(const dh__mig_scan *s, size_t *n);

/** Frees a scan and everything its files point to; NULL is a no-op. */
void dh__mig_scan_free(dh__mig_scan *s);

/** Copies facts into arena (deep). */
void dh__mig_facts_copy(dh_facts *out, const dh_facts *in, dh_arena *arena);

/**
 * True when diag is a manual follow-up rather than a change made: a
 * warning, or a note of a rule that explains what it could not do.
 */
bool dh__mig_is_followup(const dh_diag *diag);

/** Which diagnostics a report section lists. */
typedef struct dh__mig_diags {
	const dh_diags *list;
	bool notes;    /* include notes (changes and follow-up notes) */
	bool warnings; /* include warnings */
} dh__mig_diags;

/**
 * Renders the body of file f's Markdown section into f->md and of its JSON
 * object into f->json (the status, which a failed write can still change,
 * comes at assembly), from the findings in sets (errors, changes, follow-ups)
 * and f's pairs; counts f->changes and f->followups.
 */
void dh__mig_render(dh__mig_file *f, const dh__mig_file *files,
		    const dh__mig_diags *sets, size_t nsets, const char *error);

/** The kind's name in output: "dockerfile", "kubernetes", "compose". */
const char *dh__mig_kind_name(dh__mig_kind kind);

/** Appends the summary table (or the JSON lines) for files. */
void dh__mig_summary(dh_buf *out, const dh__mig_file *files, size_t n,
		     const dh_migrate_totals *t, bool json, bool dry_run);

/** Appends the Markdown report: totals, then each file's section. */
void dh__mig_report(dh_buf *out, const dh__mig_file *files, size_t n,
		    const dh_migrate_totals *t, const char *root, bool dry_run);

#endif
