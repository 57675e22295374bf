#ifndef DH_PATCH_H
#define DH_PATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dockharden/buf.h"
#include "dockharden/diag.h"
#include "dockharden/facts.h"
#include "dockharden/source.h"

/**
 * Hardening of existing Kubernetes manifests and docker compose files in
 * place: missing security settings are inserted as text at byte offsets,
 * indented and styled like their neighbours; every other byte (comments,
 * key order, quoting, anchors, line endings) is copied unchanged.
 * docs/patch.md lists the rules (DH201-DH256).
 */

/**
 * What the user states about an image in .dockharden.yaml `images:`: the
 * evidence that lets the patcher give its containers a non-root identity
 * and a read-only root. Strings and arrays are borrowed from the caller.
 */
typedef struct dh_patch_image {
	const char *image; /* repository, tag optional: "ghcr.io/acme/api" */
	uint32_t uid;
	uint32_t gid;		     /* 0: leave runAsGroup unset */
	const char *const *writable; /* absolute paths it writes */
	size_t nwritable;
	const uint32_t *ports; /* TCP ports it listens on */
	size_t nports;
} dh_patch_image;

/** A container (or compose service) name and its Dockerfile's facts. */
typedef struct dh_patch_pair {
	const char *container;
	const dh_facts *facts;
} dh_patch_pair;

/**
 * A workload whose image's ports hardening moved (facts->moves), so that
 * the Services selecting its pods follow, also in other files (migrate).
 * Strings and arrays are borrowed (arena-owned where dh_patch_find_moved()
 * made them).
 */
typedef struct dh_patch_moved {
	const char *ns;		   /* metadata.namespace; NULL: default */
	const char *const *labels; /* pod labels: key, value, key, value... */
	size_t nlabels;		   /* entries in labels (twice the pairs) */
	const dh_facts *facts;	   /* its paired Dockerfile's facts */
	const char *workload;	   /* "Deployment 'web'", for messages */
} dh_patch_moved;

/** Options for dh_patch_yaml(); a zeroed struct gives the defaults. */
typedef struct dh_patch_opts {
	/* uid/gid/writable paths/ports from a Dockerfile, or NULL for the
	 * defaults (uid/gid 10001, writable /tmp) */
	const dh_facts *facts;
	/* replace explicit insecure values instead of only warning */
	bool override;
	/* apply facts to this container (or compose service) name only;
	 * NULL: every container */
	const char *container;
	/* migrate: facts per container name, beside facts/container */
	const dh_patch_pair *pairs;
	size_t npairs;
	/* --level=strict: apply the whole restricted profile (uid 10001,
	 * read-only root) to containers without evidence too */
	bool strict;
	/* images described in .dockharden.yaml */
	const dh_patch_image *images;
	size_t nimages;
	/* mirrors of Docker Hub, as pairs: a Docker Hub prefix and the
	 * prefix that stands for it ("docker.io/library/",
	 * "mirror.corp/library/", from .dockharden.yaml images:). An image
	 * that starts with the second is the Docker Hub image the first
	 * gives it back, so an official image's contract applies there;
	 * nmirrors counts the strings (twice the pairs) */
	const char *const *mirrors;
	size_t nmirrors;
	/* the image name facts belong to (the Dockerfile's folder, or
	 * --image): in a file with several containers and no container
	 * named, the one container whose image has this name gets them */
	const char *facts_image;
	/* migrate: workloads of other files whose ports moved; Services
	 * here that select their pods follow (DH256) */
	const dh_patch_moved *moved;
	size_t nmoved;
} dh_patch_opts;

/**
 * Reads src (a YAML stream) and appends the patched text to out: identical
 * bytes when nothing is needed. Findings go to diags: warnings for explicit
 * insecure settings (span of the offending value), notes for each change
 * (span: where it was inserted in the input). opts may be NULL. Returns 0,
 * or DH_EINPUT for invalid YAML or a Helm/Go template (an error diag,
 * code "yaml-syntax", "yaml-too-deep" or "template-detected", gives the
 * position; out is then untouched), or DH_EYAML when libyaml fails.
 */
int dh_patch_yaml(dh_buf *out, dh_diags *diags, dh_source *src,
		  const dh_patch_opts *opts);

/**
 * The workloads in src (a YAML stream) with a container whose facts in
 * opts (facts/container or pairs) carry port moves, as dh_patch_yaml()
 * would see them; for migrate, which hands them to the patching of the
 * repository's other manifests (opts->moved). Sets *out (arena-owned, in
 * src's arena; NULL when none) and *n. Returns 0, or DH_EINPUT when src
 * does not parse (nothing found then; dh_patch_yaml() reports why).
 */
int dh_patch_find_moved(dh_patch_moved **out, size_t *n, dh_source *src,
			const dh_patch_opts *opts);

#endif
