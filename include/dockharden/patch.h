#ifndef DH_PATCH_H
#define DH_PATCH_H

#include <stdbool.h>

#include "dockharden/buf.h"
#include "dockharden/diag.h"
#include "dockharden/facts.h"
#include "dockharden/source.h"

/**
 * Hardening of existing Kubernetes manifests and docker compose files in
 * place: missing security settings are inserted as text at byte offsets,
 * indented and styled like their neighbours; every other byte (comments,
 * key order, quoting, anchors, line endings) is copied unchanged.
 * docs/patch.md lists the rules (DH201-DH231).
 */

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

#endif
