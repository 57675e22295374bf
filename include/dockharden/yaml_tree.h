#ifndef DH_YAML_TREE_H
#define DH_YAML_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dockharden/arena.h"
#include "dockharden/diag.h"
#include "dockharden/source.h"

/**
 * A YAML stream read with libyaml's parser events into a tree of byte spans
 * over the original text, for editing manifests in place. Aliases are never
 * expanded: an alias is a leaf that points at its anchor's node, so hostile
 * inputs ("billion laughs") stay linear. Every node and string is owned by
 * the arena the tree was built in.
 */

/** Deepest nesting accepted; deeper input is refused with DH_EINPUT. */
#define DH_YAML_MAX_DEPTH 10000

typedef enum dh_ynode_kind {
	DH_YNODE_SCALAR,
	DH_YNODE_MAP,
	DH_YNODE_SEQ,
	DH_YNODE_ALIAS,
} dh_ynode_kind;

/** How a scalar is written (mirrors libyaml's scalar styles). */
typedef enum dh_yscalar_style {
	DH_YSCALAR_PLAIN,
	DH_YSCALAR_SINGLE,
	DH_YSCALAR_DOUBLE,
	DH_YSCALAR_LITERAL,
	DH_YSCALAR_FOLDED,
} dh_yscalar_style;

/**
 * One node. A mapping's children alternate key, value, key, value...; a
 * sequence's children are its items. span is the node's text as libyaml
 * marks it (for block collections the end may run past trailing comments:
 * use dh_ynode_content_end()). col is the 0-based byte column of the start.
 */
typedef struct dh_ynode {
	dh_ynode_kind kind;
	dh_span span;
	uint32_t col;
	bool flow;		/* flow collection: {...} or [...] */
	dh_yscalar_style style; /* scalars only */
	const char *value;	/* scalar text (decoded) or alias name */
	size_t value_len;
	const char *anchor;	 /* &name on this node, or NULL */
	const char *tag;	 /* explicit tag, or NULL */
	struct dh_ynode *target; /* alias: the anchored node, or NULL */
	struct dh_ynode *parent;
	struct dh_ynode *first;
	struct dh_ynode *last;
	struct dh_ynode *next;
	size_t nchildren;
} dh_ynode;

/** One document of the stream; root is NULL for an empty document. */
typedef struct dh_ydoc {
	dh_ynode *root;
	dh_span span;
	bool explicit_start; /* opened with '---' */
	struct dh_ydoc *next;
} dh_ydoc;

/** A parsed stream: its documents in order. */
typedef struct dh_ystream {
	dh_source *src;
	dh_ydoc *first;
	size_t ndocs;
	bool crlf;    /* the first line break is CRLF */
	bool has_bom; /* UTF-8 byte order mark at the start */
} dh_ystream;

/**
 * Parses src into out with arena-owned nodes. Returns 0, or DH_EINPUT when
 * the text is not valid YAML or nests deeper than DH_YAML_MAX_DEPTH: an
 * error diag (code "yaml-syntax" or "yaml-too-deep") with libyaml's
 * problem text and position is added to diags.
 */
int dh_yaml_tree_parse(dh_ystream *out, dh_diags *diags, dh_source *src);

/**
 * The value node for key in map, or NULL. Only keys written in map itself
 * are searched, not merged ones; see dh_ynode_lookup().
 */
dh_ynode *dh_ynode_get(const dh_ynode *map, const char *key);

/** The key node whose value is value (value's parent is a map), or NULL. */
dh_ynode *dh_ynode_key_of(const dh_ynode *value);

/**
 * As dh_ynode_get(), then through merge keys ("<<: *a" or "<<: [*a, *b]")
 * when key is not written in map. *out_inherited (may be NULL) is set when
 * the value came from a merge. An alias map is followed to its anchor (and
 * counts as inherited). Merge chains are followed at most 8 deep.
 */
dh_ynode *dh_ynode_lookup(const dh_ynode *map, const char *key,
			  bool *out_inherited);

/** node, or its anchor's node when node is an alias (bounded chain). */
const dh_ynode *dh_ynode_resolve(const dh_ynode *node);

/** True when node is a scalar whose text equals s. */
bool dh_ynode_is(const dh_ynode *node, const char *s);

/**
 * The byte offset just after the last character the node's content owns:
 * the span end for scalars, aliases and flow collections, the end of the
 * last descendant for block collections (without trailing comments).
 */
uint32_t dh_ynode_content_end(const dh_ynode *node);

#endif
