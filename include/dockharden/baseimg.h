#ifndef DH_BASEIMG_H
#define DH_BASEIMG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dockharden/arena.h"
#include "dockharden/image_ref.h"

/**
 * Offline knowledge about well-known base images, compiled in from
 * src/model/baseimg.def (an X-macro table: no load cost, no I/O). The hardening
 * passes ask it which final image to ship, whether a base already runs as
 * non-root, has a shell, CA certificates, /etc/passwd, and which paths it
 * writes at run time. docs/base-images.md describes every field.
 */

/** The table's data version; bump it whenever src/model/baseimg.def changes. */
#define DH_BASEIMG_TABLE_VERSION "2026.12"

/** Most writable paths and default ports one family records. */
#define DH_BASEIMG_MAX_WRITABLE 4
#define DH_BASEIMG_MAX_PORTS 2

/** Language or ecosystem the image serves. */
typedef enum dh_baseimg_eco {
	DH_ECO_OS = 0, /* a plain distribution: alpine, debian, busybox */
	DH_ECO_GO,
	DH_ECO_RUST,
	DH_ECO_NODE,
	DH_ECO_PYTHON,
	DH_ECO_JAVA,
	DH_ECO_DOTNET,
	DH_ECO_C,      /* C/C++ runtime libraries only (distroless cc) */
	DH_ECO_STATIC, /* static binaries only: scratch, distroless static */
	DH_ECO_WEB,    /* web servers: nginx, httpd */
	DH_ECO_DB,     /* data stores: postgres, redis */
	DH_ECO_PHP,
	DH_ECO_RUBY,
} dh_baseimg_eco;

/** C library inside the image. */
typedef enum dh_baseimg_libc {
	DH_LIBC_NONE = 0, /* no libc at all (scratch, distroless static) */
	DH_LIBC_GLIBC,
	DH_LIBC_MUSL,
	DH_LIBC_WINDOWS, /* Windows images: no Unix libc */
} dh_baseimg_libc;

/** Package manager usable in a RUN step on this image. */
typedef enum dh_baseimg_pkg {
	DH_PKG_NONE = 0,
	DH_PKG_APT,
	DH_PKG_APK,
	DH_PKG_DNF,
	DH_PKG_MICRODNF,
	DH_PKG_YUM,
	DH_PKG_TDNF,
} dh_baseimg_pkg;

/** What a stage on this image is for. */
typedef enum dh_baseimg_role {
	DH_ROLE_BOTH = 0, /* fine to build on and to ship */
	DH_ROLE_BUILDER,  /* a toolchain: ship its output elsewhere */
	DH_ROLE_RUNTIME,  /* made to be the final image */
} dh_baseimg_role;

/** How runtime_for finds the language version in the builder's tag. */
typedef enum dh_baseimg_ver {
	DH_VER_LEADING = 0, /* the tag starts with it: "20-slim", "17-jdk" */
	DH_VER_JDK,	    /* a tool version comes first: "3.9-temurin-17" */
} dh_baseimg_ver;

/**
 * One image family (a repository, optionally narrowed to tags). Matching:
 * `repository` is a glob ('*' only) over the repository path with any
 * Docker Hub "library/" prefix removed; `registry` is the registry host
 * (NULL: Docker Hub). A reference from any other registry also matches when
 * its repository path ends in "/<registry>/<repository>" (or
 * "/<repository>" for Docker Hub families): that is how mirrors and pull-
 * through caches spell it. `tag` is a glob over the tag ("latest" when the
 * reference has none); NULL matches every tag. The most specific match
 * wins: exact registry over mirror, then a tag glob over none, then the
 * earlier row.
 *
 * Runtime templates expand {node} (18, 20 or 22), {java} (11, 17, 21 or 25),
 * {javadebian} (13 for java 25, else 12), {dotnet} ("8.0"), {chisel}
 * ("jammy-chiseled" up to .NET 8, "noble-chiseled" after) and {:tag}
 * (":" and the builder's tag, or nothing), all derived from the builder's
 * tag.
 */
typedef struct dh_baseimg {
	const char *id;		/* stable family id: "golang-alpine" */
	const char *registry;	/* "gcr.io", "cgr.dev", or NULL (Docker Hub) */
	const char *repository; /* glob: "golang", "distroless/static*" */
	const char *tag;	/* glob over the tag, or NULL for any */
	dh_baseimg_eco eco;
	dh_baseimg_role role;
	const char *user;	  /* default USER name: "root", "nonroot" */
	uint32_t uid;		  /* default runtime uid */
	uint32_t gid;		  /* default runtime gid */
	const char *nonroot_user; /* unprivileged account it ships, or NULL */
	uint32_t nonroot_uid;
	uint32_t nonroot_gid;
	const char *nonroot_tag; /* tag of the non-root variant, or NULL */
	bool has_shell;		 /* /bin/sh exists (busybox counts) */
	bool has_ca_certs;	 /* a CA bundle under /etc/ssl */
	bool has_passwd;	 /* /etc/passwd exists */
	bool distroless;	 /* no shell or package manager by design */
	bool windows;		 /* a Windows container image */
	dh_baseimg_libc libc;
	dh_baseimg_pkg pkg;
	const char *entrypoint; /* ENTRYPOINT argv prefix: "java -jar", NULL */
	const char *runtime;	/* runtime counterpart template, or NULL */
	const char *runtime_static; /* template for static artifacts, or NULL */
	dh_baseimg_ver version_from;
	const char *writable[DH_BASEIMG_MAX_WRITABLE]; /* NULL-terminated */
	uint16_t ports[DH_BASEIMG_MAX_PORTS];	       /* 0-terminated, TCP */
	const char *note; /* one lower-case line for reports, or NULL */
	/*
	 * The pod contract (manifest patcher): the uid:gid the image runs
	 * under in a pod with runAsUser set (0: no known contract, the
	 * container is left with findings), the group owning its state
	 * volumes (fsGroup, 0: none), an env entry NAME=VALUE to add when
	 * its state path is a fresh volume (PGDATA below the mount point,
	 * which may hold lost+found), and whether its entrypoint writes
	 * outside `writable` so the root filesystem must stay writable.
	 */
	uint32_t run_uid;
	uint32_t run_gid;
	uint32_t fsgroup;
	const char *state_env;
	bool writes_root;
} dh_baseimg;

/**
 * The family for an image reference (any registry mirror matches by
 * repository name/suffix; tag variants refine). NULL when unknown, when
 * the reference holds a variable or when ref is NULL. Static storage; no
 * allocation.
 */
const dh_baseimg *dh_baseimg_lookup(const dh_image_ref *ref);

/**
 * The runtime image to ship an artifact built on `builder`, as an
 * arena-owned string with the version derived from the builder tag;
 * static_artifact selects the static/scratch-capable choice. NULL when none
 * is known (unknown image, plain OS image, Windows, already a final image
 * with nothing better).
 */
const char *dh_baseimg_runtime_for(dh_arena *arena, const dh_image_ref *builder,
				   bool static_artifact);

/**
 * Like dh_baseimg_lookup() but without the mirror rule: a Docker Hub row
 * matches only a Docker Hub reference or one under a registry listed in
 * mirrors (n entries, host names such as "mirror.corp:5000"), so that
 * `registry.example/redis:v1` is not the official redis. For runtime
 * contracts, where a look-alike name must not change a pod's identity.
 */
const dh_baseimg *dh_baseimg_lookup_official(const dh_image_ref *ref,
					     const char *const *mirrors,
					     size_t n);

/**
 * True when registry (a host, "docker.io"; NULL for none) is Docker Hub:
 * docker.io, index.docker.io, registry-1.docker.io or
 * registry.hub.docker.com, in any case. Static answer, no allocation.
 */
bool dh_baseimg_docker_hub(const char *registry);

/** Number of rows in the table (for docs, tests and `doctor`). */
size_t dh_baseimg_count(void);

/** Row i of the table, or NULL when i is out of range. Static storage. */
const dh_baseimg *dh_baseimg_at(size_t i);

/** Lower-case name of an ecosystem: "go", "node", "os"...; static. */
const char *dh_baseimg_eco_name(dh_baseimg_eco eco);

/** Lower-case name of a libc: "glibc", "musl", "none", "windows"; static. */
const char *dh_baseimg_libc_name(dh_baseimg_libc libc);

/** Lower-case name of a package manager: "apt", "apk", "none"...; static. */
const char *dh_baseimg_pkg_name(dh_baseimg_pkg pkg);

/** True when the family's default user is not root (uid != 0). */
static inline bool dh_baseimg_runs_nonroot(const dh_baseimg *img)
{
	return img->uid != 0;
}

#endif
