/* SPDX-License-Identifier: MIT */
/*
 * Shared inside the manifest patcher (src/patch_*.c): the edit list, small
 * YAML fragments rendered in block or flow style, and the patch context.
 */
#ifndef DH_PATCH_INTERNAL_H
#define DH_PATCH_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dockharden/buf.h"
#include "dockharden/diag.h"
#include "dockharden/facts.h"
#include "dockharden/patch.h"
#include "dockharden/yaml_tree.h"

/** One text edit: replace del bytes at pos with text (arena-owned). */
typedef struct dh__edit {
	uint32_t pos;
	uint32_t del;
	const char *text;
	size_t seq; /* order of creation: ties at one pos keep it */
} dh__edit;

/** The edits for one input, applied in one pass by dh__edits_apply(). */
typedef struct dh__edits {
	dh__edit *items; /* malloc'd; dh__edits_free() */
	size_t n;
	size_t cap;
} dh__edits;

/** Queues an insertion of text ('\n' line breaks) at pos. */
void dh__edits_insert(dh__edits *edits, uint32_t pos, const char *text);
/** Queues replacing span with text. */
void dh__edits_replace(dh__edits *edits, dh_span span, const char *text);
/**
 * Appends src with the edits applied to out; '\n' in edit text becomes
 * "\r\n" when crlf. Edits must not overlap (ties apply in queue order).
 */
void dh__edits_apply(dh_buf *out, dh__edits *edits, const char *src,
		     uint32_t len, bool crlf);
/** Frees the edit array. */
void dh__edits_free(dh__edits *edits);

/**
 * A YAML fragment to insert: a keyed entry (key set) or a sequence item
 * (key NULL) holding a scalar (raw YAML text), a mapping (kids keyed) or a
 * sequence (seq true, kids are items). Arena-owned.
 */
typedef struct dh__frag {
	const char *key;
	const char *scalar;
	bool seq;
	struct dh__frag *kids;
	struct dh__frag *next;
} dh__frag;

/** Indentation of the file: nested mapping step and '-' offset. */
typedef struct dh__style {
	uint32_t step;	 /* columns a nested mapping is indented */
	uint32_t seqoff; /* columns a block sequence's '-' is indented */
	bool flow_seqs;	 /* compose: the file writes short lists in [] */
} dh__style;

/** What proves a container can run non-root with a read-only root. */
typedef enum dh__evidence {
	DH__EV_NONE = 0, /* nothing: only settings that cannot stop it */
	DH__EV_FACTS,	 /* its Dockerfile (--dockerfile, migrate pairing) */
	DH__EV_CONFIG,	 /* .dockharden.yaml images: */
	DH__EV_IMAGE,	 /* an official image's contract (baseimg.def) */
	DH__EV_STRICT,	 /* --level=strict: the defaults, unproven */
} dh__evidence;

/** The identity and paths one container gets; arena-owned. */
typedef struct dh__contract {
	dh__evidence ev;
	uint32_t uid;
	uint32_t gid;	  /* 0: runAsGroup left unset */
	uint32_t fsgroup; /* 0: none of its own */
	bool rofs;	  /* a read-only root is proven safe */
	const char **writable;
	size_t nwritable;
	bool low_port;	       /* its evidence says it listens below 1024 */
	const char *state_env; /* "NAME=VALUE" for its state volume */
	const char *source;    /* what gave the evidence, for messages */
	/* Its own Dockerfile says why a setting is left out (it keeps
	 * root, names its user without a number, or writes where a
	 * read-only root would stop it); NULL otherwise. */
	const char *why_not;
	/* Its Dockerfile runs as a user it names without a number: compose
	 * gets that name, Kubernetes no runAsUser and no runAsNonRoot (the
	 * kubelet cannot check a name). */
	bool no_uid;
	const char *user_name;
} dh__contract;

/** The patch run over one input. */
typedef struct dh__patcher {
	dh_arena *arena;
	dh_source *src;
	dh_diags *diags;
	bool override;
	const char *container; /* facts apply to this name only, or NULL */
	const dh_facts *facts; /* never NULL: defaults when none given */
	bool facts_given;
	bool facts_to_single; /* no --container: facts go to a lone container */
	bool strict;
	const dh_patch_opts *opts; /* images, mirrors; never NULL */
	dh_patch_opts no_opts;	   /* what opts points at when none given */
	dh__style style;
	dh__edits edits;
} dh__patcher;

/** A new keyed scalar fragment (text is raw YAML). */
dh__frag *dh__frag_kv(dh__patcher *p, const char *key, const char *text);
/** A new keyed mapping or sequence fragment with no children yet. */
dh__frag *dh__frag_node(dh__patcher *p, const char *key, bool seq);
/** Appends child to parent's kids (or to the list *head when parent NULL). */
void dh__frag_push(dh__frag **head, dh__frag *child);

/** Adds the keyed frags in list to map (block or flow, as map is written). */
void dh__map_add(dh__patcher *p, const dh_ynode *map, const dh__frag *list);
/** Appends the item frags in list to the sequence seq. */
void dh__seq_add(dh__patcher *p, const dh_ynode *seq, const dh__frag *list);
/** Where dh__map_add() inserts into map (for diagnostics). */
uint32_t dh__map_insert_pos(const dh__patcher *p, const dh_ynode *map);
/**
 * Gives a key whose value is null (`key:`, `key: ~`) the mapping or
 * sequence value, written in flow style in place of the null.
 */
void dh__fill_null(dh__patcher *p, const dh_ynode *v, const dh__frag *value);
/**
 * Removes the items of seq whose drop[i] is set: their lines in a block
 * sequence, or the whole flow sequence rewritten without them.
 */
void dh__seq_remove(dh__patcher *p, const dh_ynode *seq, const bool *drop);
/** Replaces a scalar node's text with text. */
void dh__replace(dh__patcher *p, const dh_ynode *node, const char *text);

/** Detects indentation and list style from the stream's first mappings. */
void dh__style_detect(dh__style *out, const dh_ystream *stream);

/**
 * True when the first len bytes of path name a host path only node agents
 * mount (/, /proc, /var/run/docker.sock, ... or below them): whoever
 * mounts one keeps its identity. Shared by the Kubernetes and compose
 * patchers so both judge infrastructure the same way.
 */
bool dh__is_system_host_path(const char *path, size_t len);

/** True when node is a scalar reading as YAML true / false. */
bool dh__is_true(const dh_ynode *node);
bool dh__is_false(const dh_ynode *node);

/**
 * The contract for a container (or compose service) named name running
 * image (either may be NULL): its facts when they apply to it, else a
 * configured image, else an official image's row, else the strict
 * defaults under --level=strict, else DH__EV_NONE.
 */
void dh__contract_for(dh__contract *out, dh__patcher *p, const char *name,
		      const char *image);
/** "10001" etc., arena-owned. */
const char *dh__num(dh__patcher *p, uint32_t v);

/** Kubernetes: patches every workload in one document root. */
void dh__patch_k8s_doc(dh__patcher *p, const dh_ynode *root);
/** Containers in the workloads of one document root. */
size_t dh__k8s_count_containers(const dh_ynode *root);
/** True when root looks like a compose file (services:, no kind:). */
bool dh__is_compose(const dh_ynode *root);
/** docker compose: hardens every service. */
void dh__patch_compose(dh__patcher *p, const dh_ynode *root);

/*
 * False (with a DH220 warning) when map is written with explicit "? key"
 * entries or keys that are not plain scalars: such mappings are left
 * alone rather than edited into invalid YAML. what names it in the message.
 */
bool dh__plain_keys(dh__patcher *p, const dh_ynode *map, const char *what);

#endif
