#ifndef DH_FACTS_H
#define DH_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dockharden/arena.h"

/**
 * Runtime facts derived from a (hardened) Dockerfile, shared by every
 * emitter: Kubernetes YAML, docker run flags, compose keys and the manifest
 * patcher. Strings and arrays are arena-owned.
 */
/** An EXPOSE protocol; the value 0 is TCP, Docker's default. */
typedef enum dh_port_proto {
	DH_PROTO_TCP,
	DH_PROTO_UDP,
	DH_PROTO_SCTP,
} dh_port_proto;

typedef struct dh_port {
	uint32_t number;
	dh_port_proto proto;
} dh_port;

/**
 * Who the hardened image runs as, as far as its Dockerfile shows. Only
 * DH_IDENTITY_NUMERIC lets an emitter write a user, runAsNonRoot and the
 * settings that assume a non-root process.
 */
typedef enum dh_identity {
	DH_IDENTITY_NUMERIC, /* uid/gid: a proven non-root number */
	DH_IDENTITY_NAMED,   /* non-root, by a name the file gives no number */
	DH_IDENTITY_ROOT,    /* root, kept on purpose or for lack of evidence */
} dh_identity;

/** A port hardening changed (nginx 80 becomes 8080): from -> to. */
typedef struct dh_port_move {
	uint32_t from;
	uint32_t to;
	dh_port_proto proto;
} dh_port_move;

typedef struct dh_facts {
	uint32_t uid; /* meaningful when identity is DH_IDENTITY_NUMERIC */
	uint32_t gid;
	bool user_known; /* a numeric non-root user read off a Dockerfile */
	dh_identity identity;
	const char *user_name;	 /* DH_IDENTITY_NAMED: the name in USER */
	const char *root_reason; /* DH_IDENTITY_ROOT: why, for messages */
	/* A read-only root is safe: every path the image writes is listed
	 * in writable. When false, rofs_missing says what evidence is
	 * missing and no emitter asks for a read-only root. */
	bool read_only_root;
	const char *rofs_missing;
	const char *home; /* the user's HOME when the file shows it, or NULL */
	const dh_port_move *moves; /* ports hardening changed, in order */
	size_t nmoves;
	/* uid or gid above 2147483647, which the Kubernetes API rejects:
	 * the k8s emitter leaves runAsUser, runAsGroup and fsGroup out. */
	bool ids_out_of_range;
	const char *image; /* final base image, for comments; may be NULL */
	dh_port *ports;	   /* EXPOSE, in order, without duplicates */
	size_t nports;
	size_t ports_cap;      /* room in ports (0: none to spare) */
	const char **writable; /* absolute paths needing tmpfs/emptyDir */
	size_t nwritable;      /* always includes "/tmp", sorted, unique */
	const char **volumes;  /* VOLUME paths (also in writable) */
	size_t nvolumes;
	/* the writable paths the configuration names (also in writable):
	 * they may not exist in the image, so they stay tmpfs */
	const char *const *declared;
	size_t ndeclared;
	bool needs_low_port;   /* a port below 1024 under a non-root user */
	bool windows;	       /* a Windows image: no Linux settings apply */
	const char **add_caps; /* capabilities to add back (usually none) */
	size_t nadd_caps;
} dh_facts;

/** Starts empty facts holding the defaults (numeric uid/gid 10001, a
 * read-only root); their arrays live in the arena given later. */
void dh_facts_init(dh_facts *facts);

/** Adds a writable path once, keeping the list sorted. */
void dh_facts_add_writable(dh_facts *facts, dh_arena *arena, const char *path);

/** Adds a port once (keeps order of first appearance). */
void dh_facts_add_port(dh_facts *facts, dh_arena *arena, uint32_t number,
		       dh_port_proto proto);

/** True when path is one of the VOLUME paths. */
bool dh_facts_is_volume(const dh_facts *facts, const char *path);

/**
 * True when a mounted writable path is an anonymous volume rather than a
 * tmpfs: a VOLUME, or, for a non-root user, a path the image holds for it
 * (a chowned folder, its home, a base image's state folder). A tmpfs
 * there is root's: the runtime (runc, under Docker and podman alike)
 * gives a tmpfs the folder's mode but not its owner, while a new volume
 * copies both. The scratch folders and the paths the configuration
 * declares (which may not exist in the image, where a tmpfs is 1777)
 * stay tmpfs.
 */
bool dh_facts_mounts_volume(const dh_facts *facts, const char *path);

/** /tmp and /var/tmp: world-writable in every image, fine as tmpfs. */
bool dh_path_is_scratch(const char *path);

/**
 * True when an emitter mounts the writable path: every one under a
 * read-only root, none otherwise. Without a read-only root the image
 * writes where it always did (Docker still makes its VOLUMEs), and a
 * noexec tmpfs or a new emptyDir over its folders could only hurt; patch
 * adds no storage to a manifest in that case either.
 */
bool dh_facts_mounts(const dh_facts *facts, const char *path);

/**
 * The protocol as Kubernetes spells it ("TCP", "UDP", "SCTP") and as the
 * suffix docker run and compose take ("", "/udp", "/sctp"). Static.
 */
const char *dh_port_proto_k8s(dh_port_proto proto);
const char *dh_port_proto_suffix(dh_port_proto proto);

#endif
