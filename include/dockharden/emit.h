#ifndef DH_EMIT_H
#define DH_EMIT_H

#include <stddef.h>

#include "dockharden/buf.h"
#include "dockharden/facts.h"

/**
 * Runtime-settings emitters: the same dh_facts rendered as Kubernetes YAML,
 * a docker run command line and compose service keys. Every emitter appends
 * to out and is deterministic: the same facts give the same bytes.
 */

/** Which Kubernetes document dh_emit_k8s() writes. */
typedef enum dh_k8s_form {
	DH_K8S_FRAGMENT, /* securityContext, containers, volumes: for spec: */
	DH_K8S_PATCH,	 /* strategic merge patch for an apps/v1 Deployment */
	DH_K8S_POD	 /* a complete v1 Pod, PSS "restricted" compliant */
} dh_k8s_form;

/** Options for dh_emit_k8s(); NULL fields take the documented defaults. */
typedef struct dh_k8s_opts {
	dh_k8s_form form;
	const char *name;      /* metadata.name; NULL means "app" */
	const char *image;     /* Pod image; NULL: "registry.example/app:1.0" */
	const char *container; /* container name; NULL means name */
} dh_k8s_opts;

/** Bytes needed for any DNS-1123 label (63 characters) and its NUL. */
#define DH_K8S_LABEL_SIZE 64

/**
 * Appends Kubernetes YAML for facts to out, as libyaml events in a fixed
 * key order (block style, 2-space indent, no document markers). opts may be
 * NULL (a fragment with the defaults). Returns 0, or DH_EYAML when libyaml
 * fails; out is then left as it was on entry.
 */
int dh_emit_k8s(dh_buf *out, const dh_facts *facts, const dh_k8s_opts *opts);

/**
 * Appends a compose file fragment (services: SERVICE: ...) with the
 * hardening keys for facts; service NULL means "app". Returns 0, or
 * DH_EYAML when libyaml fails; out is then left as it was on entry.
 */
int dh_emit_compose(dh_buf *out, const dh_facts *facts, const char *service,
		    const char *image);

/**
 * Appends a docker run command, one flag per line joined with backslash
 * continuations, ending with image (NULL means "IMAGE") and a newline.
 * Arguments that the shell would alter are single-quoted. Cannot fail.
 */
void dh_emit_docker_run(dh_buf *out, const dh_facts *facts, const char *image);

/**
 * Writes into out (DH_K8S_LABEL_SIZE bytes) the Kubernetes volume name for
 * the absolute path: leading '/' dropped, every other character that is not
 * an ASCII letter or digit turned into '-', lower-cased, runs of '-' merged,
 * '-' trimmed at both ends, cut to 63 characters; "/" gives "root" and a
 * path with no letter or digit "vol". When that name equals one of the
 * ntaken strings in taken, "-2", "-3", ... is appended (shortening the base
 * to fit) until it is unique. The result is always a DNS-1123 label.
 */
void dh_k8s_volume_name(char *out, const char *path, const char *const *taken,
			size_t ntaken);

/** The tmpfs mount options for writable paths; static storage. */
const char *dh_tmpfs_options(void);

/**
 * The sysctl that lets a non-root user bind ports below 1024 (set to "0");
 * static storage.
 */
const char *dh_low_port_sysctl(void);

#endif
