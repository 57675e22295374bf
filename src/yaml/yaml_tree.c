/* SPDX-License-Identifier: MIT */
/*
 * A YAML stream as a tree of byte spans, built iteratively from libyaml's
 * parser events so the manifest patcher can edit text in place. libyaml
 * counts marks in characters (after any BOM); they are mapped to bytes.
 */
#include "dockharden/yaml_tree.h"

#include <string.h>
#include <yaml.h>

#include "dockharden/errors.h"

#define ANCHOR_BUCKETS 256
#define MAX_ALIAS_CHAIN 8

typedef struct anchor_ent {
	const char *name;
	dh_ynode *node;
	struct anchor_ent *next;
} anchor_ent;

/* Everything the event loop needs besides the parser. */
typedef struct builder {
	dh_arena *arena;
	dh_source *src;
	dh_diags *diags;
	uint32_t *char_to_byte; /* NULL: characters are bytes */
	uint32_t nchars;
	uint32_t bom;	      /* bytes of BOM before character 0 */
	anchor_ent **anchors; /* per document, ANCHOR_BUCKETS heads */
	dh_ynode *parent;     /* open collection, or NULL */
	dh_ydoc *doc;
	size_t depth;
} builder;

static void build_offsets(builder *b)
{
	const unsigned char *s = (const unsigned char *)b->src->data;
	uint32_t len = b->src->len;
	bool ascii = true;

	if (len >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
		b->bom = 3;
	for (uint32_t i = b->bom; i < len && ascii; i++)
		ascii = s[i] < 0x80;
	if (ascii)
		return;
	b->char_to_byte =
		dh_arena_alloc(b->arena, sizeof(uint32_t) * ((size_t)len + 1));
	uint32_t n = 0;
	for (uint32_t i = b->bom; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			b->char_to_byte[n++] = i;
	b->char_to_byte[n] = len;
	b->nchars = n;
}

static uint32_t byte_at(const builder *b, size_t index)
{
	if (!b->char_to_byte) {
		size_t off = index + b->bom;
		return off > b->src->len ? b->src->len : (uint32_t)off;
	}
	if (index > b->nchars)
		index = b->nchars;
	return b->char_to_byte[index];
}

static unsigned hash_name(const char *s)
{
	unsigned h = 5381;
	for (; *s; s++)
		h = h * 33u + (unsigned char)*s;
	return h % ANCHOR_BUCKETS;
}

static void anchor_add(builder *b, const char *name, dh_ynode *node)
{
	if (!b->anchors) /* libyaml starts a document first; be sure */
		return;
	anchor_ent *e = dh_arena_alloc(b->arena, sizeof(*e));
	unsigned h = hash_name(name);
	e->name = name;
	e->node = node;
	e->next = b->anchors[h];
	b->anchors[h] = e;
}

static dh_ynode *anchor_find(const builder *b, const char *name)
{
	if (!b->anchors)
		return NULL;
	for (anchor_ent *e = b->anchors[hash_name(name)]; e; e = e->next)
		if (strcmp(e->name, name) == 0)
			return e->node;
	return NULL;
}

static const char *arena_str(builder *b, const yaml_char_t *s)
{
	return s ? dh_arena_strdup(b->arena, (const char *)s) : NULL;
}

static dh_ynode *new_node(builder *b, dh_ynode_kind kind,
			  const yaml_event_t *ev)
{
	dh_ynode *n = dh_arena_alloc(b->arena, sizeof(*n));
	n->kind = kind;
	n->span.start = byte_at(b, ev->start_mark.index);
	n->span.end = byte_at(b, ev->end_mark.index);
	n->col = (uint32_t)ev->start_mark.column;
	n->parent = b->parent;
	if (b->parent) {
		if (b->parent->last)
			b->parent->last->next = n;
		else
			b->parent->first = n;
		b->parent->last = n;
		b->parent->nchildren++;
	} else if (b->doc) {
		b->doc->root = n;
	}
	return n;
}

static void set_common(builder *b, dh_ynode *n, const yaml_char_t *anchor,
		       const yaml_char_t *tag)
{
	n->tag = arena_str(b, tag);
	if (!anchor)
		return;
	const char *name = dh_arena_strdup(b->arena, (const char *)anchor);
	n->anchor = name;
	anchor_add(b, name, n);
}

static dh_yscalar_style scalar_style(yaml_scalar_style_t s)
{
	switch (s) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE:
		return DH_YSCALAR_SINGLE;
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
		return DH_YSCALAR_DOUBLE;
	case YAML_LITERAL_SCALAR_STYLE:
		return DH_YSCALAR_LITERAL;
	case YAML_FOLDED_SCALAR_STYLE:
		return DH_YSCALAR_FOLDED;
	default:
		return DH_YSCALAR_PLAIN;
	}
}

static void on_scalar(builder *b, const yaml_event_t *ev)
{
	dh_ynode *n = new_node(b, DH_YNODE_SCALAR, ev);
	n->style = scalar_style(ev->data.scalar.style);
	n->value_len = ev->data.scalar.length;
	n->value =
		dh_arena_strndup(b->arena, (const char *)ev->data.scalar.value,
				 ev->data.scalar.length);
	set_common(b, n, ev->data.scalar.anchor, ev->data.scalar.tag);
}

static void on_alias(builder *b, const yaml_event_t *ev)
{
	dh_ynode *n = new_node(b, DH_YNODE_ALIAS, ev);
	const yaml_char_t *name = ev->data.alias.anchor;
	n->value = dh_arena_strdup(b->arena, name ? (const char *)name : "");
	n->value_len = strlen(n->value);
	n->target = anchor_find(b, n->value);
}

/* Opens a collection; returns DH_EINPUT past the depth limit. */
static int on_open(builder *b, const yaml_event_t *ev, dh_ynode_kind kind)
{
	dh_ynode *n = new_node(b, kind, ev);
	if (kind == DH_YNODE_MAP) {
		n->flow =
			ev->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
		set_common(b, n, ev->data.mapping_start.anchor,
			   ev->data.mapping_start.tag);
	} else {
		n->flow = ev->data.sequence_start.style ==
			  YAML_FLOW_SEQUENCE_STYLE;
		set_common(b, n, ev->data.sequence_start.anchor,
			   ev->data.sequence_start.tag);
	}
	b->parent = n;
	if (++b->depth <= DH_YAML_MAX_DEPTH)
		return 0;
	dh_diag_add(b->diags, DH_SEV_ERROR, "yaml-too-deep", b->src,
		    (dh_span){n->span.start, n->span.start},
		    "yaml nests deeper than %d levels", DH_YAML_MAX_DEPTH);
	return DH_EINPUT;
}

static void on_close(builder *b, const yaml_event_t *ev)
{
	if (!b->parent)
		return;
	b->parent->span.end = byte_at(b, ev->end_mark.index);
	b->parent = b->parent->parent;
	b->depth--;
}

static void on_doc_start(builder *b, dh_ystream *out, const yaml_event_t *ev)
{
	dh_ydoc *d = dh_arena_alloc(b->arena, sizeof(*d));
	d->span.start = byte_at(b, ev->start_mark.index);
	d->explicit_start = !ev->data.document_start.implicit;
	if (b->doc)
		b->doc->next = d;
	else
		out->first = d;
	out->ndocs++;
	b->doc = d;
	b->parent = NULL;
	b->depth = 0;
	b->anchors =
		dh_arena_alloc(b->arena, sizeof(anchor_ent *) * ANCHOR_BUCKETS);
}

/* One event into the tree; returns 0 or DH_EINPUT. */
static int on_event(builder *b, dh_ystream *out, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		on_doc_start(b, out, ev);
		break;
	case YAML_DOCUMENT_END_EVENT:
		if (b->doc)
			b->doc->span.end = byte_at(b, ev->end_mark.index);
		break;
	case YAML_SCALAR_EVENT:
		on_scalar(b, ev);
		break;
	case YAML_ALIAS_EVENT:
		on_alias(b, ev);
		break;
	case YAML_MAPPING_START_EVENT:
		return on_open(b, ev, DH_YNODE_MAP);
	case YAML_SEQUENCE_START_EVENT:
		return on_open(b, ev, DH_YNODE_SEQ);
	case YAML_MAPPING_END_EVENT:
	case YAML_SEQUENCE_END_EVENT:
		on_close(b, ev);
		break;
	default:
		break;
	}
	return 0;
}

static void syntax_error(builder *b, const yaml_parser_t *p)
{
	uint32_t at = byte_at(b, p->problem_mark.index);
	const char *problem = p->problem ? p->problem : "unknown error";

	if (p->context)
		dh_diag_add(b->diags, DH_SEV_ERROR, "yaml-syntax", b->src,
			    (dh_span){at, at}, "invalid yaml: %s: %s",
			    p->context, problem);
	else
		dh_diag_add(b->diags, DH_SEV_ERROR, "yaml-syntax", b->src,
			    (dh_span){at, at}, "invalid yaml: %s", problem);
}

static bool first_break_is_crlf(const dh_source *src)
{
	const char *nl = memchr(src->data, '\n', src->len);
	return nl && nl > src->data && nl[-1] == '\r';
}

int dh_yaml_tree_parse(dh_ystream *out, dh_diags *diags, dh_source *src)
{
	builder b = {.arena = src->arena, .src = src, .diags = diags};
	yaml_parser_t parser;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->src = src;
	out->crlf = first_break_is_crlf(src);
	build_offsets(&b);
	out->has_bom = b.bom != 0;
	if (!yaml_parser_initialize(&parser))
		return DH_EYAML;
	yaml_parser_set_input_string(&parser, (const unsigned char *)src->data,
				     src->len);
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			syntax_error(&b, &parser);
			rc = DH_EINPUT;
			break;
		}
		yaml_event_type_t type = ev.type;
		rc = on_event(&b, out, &ev);
		yaml_event_delete(&ev);
		if (rc || type == YAML_STREAM_END_EVENT)
			break;
	}
	yaml_parser_delete(&parser);
	return rc;
}

bool dh_ynode_is(const dh_ynode *node, const char *s)
{
	return node && node->kind == DH_YNODE_SCALAR &&
	       node->value_len == strlen(s) &&
	       memcmp(node->value, s, node->value_len) == 0;
}

dh_ynode *dh_ynode_get(const dh_ynode *map, const char *key)
{
	if (!map || map->kind != DH_YNODE_MAP)
		return NULL;
	for (dh_ynode *k = map->first; k && k->next; k = k->next->next)
		if (dh_ynode_is(k, key))
			return k->next;
	return NULL;
}

dh_ynode *dh_ynode_key_of(const dh_ynode *value)
{
	const dh_ynode *map = value ? value->parent : NULL;
	if (!map || map->kind != DH_YNODE_MAP)
		return NULL;
	for (dh_ynode *k = map->first; k && k->next; k = k->next->next)
		if (k->next == value)
			return k;
	return NULL;
}

const dh_ynode *dh_ynode_resolve(const dh_ynode *node)
{
	for (int i = 0; node && node->kind == DH_YNODE_ALIAS; i++) {
		if (i == MAX_ALIAS_CHAIN)
			return NULL;
		node = node->target;
	}
	return node;
}

static dh_ynode *lookup_depth(const dh_ynode *map, const char *key,
			      bool *inherited, int depth);

/* key in one merge source (an alias, or a sequence of aliases). */
static dh_ynode *lookup_merge(const dh_ynode *src, const char *key,
			      bool *inherited, int depth)
{
	if (src->kind == DH_YNODE_SEQ) {
		for (const dh_ynode *it = src->first; it; it = it->next) {
			dh_ynode *v = lookup_merge(it, key, inherited, depth);
			if (v)
				return v;
		}
		return NULL;
	}
	dh_ynode *v =
		lookup_depth(dh_ynode_resolve(src), key, inherited, depth + 1);
	if (v)
		*inherited = true;
	return v;
}

static dh_ynode *lookup_depth(const dh_ynode *map, const char *key,
			      bool *inherited, int depth)
{
	if (!map || depth > MAX_ALIAS_CHAIN)
		return NULL;
	if (map->kind == DH_YNODE_ALIAS) {
		dh_ynode *v = lookup_depth(dh_ynode_resolve(map), key,
					   inherited, depth + 1);
		if (v)
			*inherited = true;
		return v;
	}
	dh_ynode *v = dh_ynode_get(map, key);
	if (v)
		return v;
	const dh_ynode *merge = dh_ynode_get(map, "<<");
	return merge ? lookup_merge(merge, key, inherited, depth) : NULL;
}

dh_ynode *dh_ynode_lookup(const dh_ynode *map, const char *key,
			  bool *out_inherited)
{
	bool inherited = false;
	dh_ynode *v = lookup_depth(map, key, &inherited, 0);
	if (out_inherited)
		*out_inherited = inherited;
	return v;
}

uint32_t dh_ynode_content_end(const dh_ynode *node)
{
	while ((node->kind == DH_YNODE_MAP || node->kind == DH_YNODE_SEQ) &&
	       !node->flow && node->last)
		node = node->last;
	if ((node->kind == DH_YNODE_MAP || node->kind == DH_YNODE_SEQ) &&
	    !node->flow)
		return node->span.start;
	return node->span.end;
}
