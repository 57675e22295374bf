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
typedef struct dh_port {
	uint32_t number;
	bool udp;
} dh_port;

typedef struct dh_facts {
	uint32_t uid;
	uint32_t gid;
	bool user_known;   /* a numeric non-root user was established */
	const char *image; /* final base image, for comments; may be NULL */
	dh_port *ports;	   /* EXPOSE, in order, without duplicates */
	size_t nports;
	const char **writable; /* absolute paths needing tmpfs/emptyDir */
	size_t nwritable;      /* always includes "/tmp", sorted, unique */
	const char **volumes;  /* VOLUME paths (also in writable) */
	size_t nvolumes;
	bool needs_low_port;   /* a port below 1024 under a non-root user */
	bool windows;	       /* a Windows image: no Linux settings apply */
	const char **add_caps; /* capabilities to add back (usually none) */
	size_t nadd_caps;
} dh_facts;

/** Starts empty facts (uid/gid 10001) whose arrays live in arena. */
void dh_facts_init(dh_facts *facts);

/** Adds a writable path once, keeping the list sorted. */
void dh_facts_add_writable(dh_facts *facts, dh_arena *arena, const char *path);

/** Adds a port once (keeps order of first appearance). */
void dh_facts_add_port(dh_facts *facts, dh_arena *arena, uint32_t number,
		       bool udp);

#endif
