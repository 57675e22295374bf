#ifndef DH_IMAGE_REF_H
#define DH_IMAGE_REF_H

#include <stdbool.h>

#include "dockharden/arena.h"

/**
 * An image reference split the way the registry client splits it:
 * [registry/]repository[:tag][@digest]. Strings are arena-owned or NULL.
 * registry keeps a port (host:5000); repository is as written (no implied
 * "library/"); name is the last path element ("golang" for
 * "docker.io/library/golang").
 */
typedef struct dh_image_ref {
	const char *text;     /* the whole reference as written */
	const char *registry; /* "gcr.io", "host:5000", or NULL (Docker Hub) */
	const char *repository; /* "distroless/static-debian12" */
	const char *name;	/* "static-debian12" */
	const char *tag;	/* "1.22-alpine" or NULL */
	const char *digest;	/* "sha256:..." or NULL */
	bool has_variable;	/* contains $ (an ARG to resolve first) */
	bool is_scratch;	/* the reserved name "scratch" */
} dh_image_ref;

/** Splits text into ref; never fails (odd text lands in repository). */
void dh_image_ref_parse(dh_image_ref *out, dh_arena *arena, const char *text);

#endif
