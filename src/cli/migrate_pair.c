/* SPDX-License-Identifier: MIT */
/*
 * Migration: tells Kubernetes manifests, compose files and skaffold
 * configurations from other YAML (the shared sniffer, src/yaml/sniff.c,
 * judges each document), collects the containers they run, and
 * pairs each container with the Dockerfile that builds its image: compose
 * build contexts and skaffold artifacts first, then an image whose last
 * path element (without tag) names the folder holding a Dockerfile.
 */
#include "migrate_internal.h"

#include <stdlib.h>
#include <string.h>

#include "dockharden/sniff.h"
#include "dockharden/yaml_tree.h"

/* Manifests nest a handful of levels; deeper YAML is not searched. */
#define MAX_SEARCH_DEPTH 32

static const char *scalar(const dh_ynode *n)
{
	n = dh_ynode_resolve(n);
	return n && n->kind == DH_YNODE_SCALAR ? n->value : NULL;
}

static const dh_ynode *map_get(const dh_ynode *map, const char *key)
{
	map = dh_ynode_resolve(map);
	if (!map || map->kind != DH_YNODE_MAP)
		return NULL;
	return dh_ynode_resolve(dh_ynode_lookup(map, key, NULL));
}

/* ---- paths ---- */

typedef struct part {
	const char *p;
	size_t len;
} part;

#define MAX_PARTS 128

/*
 * Pushes the '/'-separated components of text onto the stack of kept
 * components; false when ".." climbs above the root or there are too many.
 */
static bool push_parts(part *stack, size_t *n, const char *text)
{
	for (const char *p = text; *p;) {
		size_t len = strcspn(p, "/");
		if (len == 2 && p[0] == '.' && p[1] == '.') {
			if (*n == 0)
				return false;
			(*n)--;
		} else if (len && !(len == 1 && p[0] == '.')) {
			if (*n == MAX_PARTS)
				return false;
			stack[(*n)++] = (part){p, len};
		}
		p += len;
		while (*p == '/')
			p++;
	}
	return true;
}

/*
 * dir/a/b normalised to a root-relative path in arena, or NULL when it is
 * absolute, a URL, holds a variable or leaves the root.
 */
static const char *join3(dh_arena *arena, const char *dir, const char *a,
			 const char *b)
{
	part stack[MAX_PARTS];
	size_t n = 0;
	size_t total = 0;
	if (a[0] == '/' || b[0] == '/' || strstr(a, "://") || strchr(a, '$'))
		return NULL;
	if (!push_parts(stack, &n, dir) || !push_parts(stack, &n, a) ||
	    !push_parts(stack, &n, b) || n == 0)
		return NULL;
	for (size_t i = 0; i < n; i++)
		total += stack[i].len + 1;
	char *out = dh_arena_alloc(arena, total);
	char *w = out;
	for (size_t i = 0; i < n; i++) {
		if (i)
			*w++ = '/';
		memcpy(w, stack[i].p, stack[i].len);
		w += stack[i].len;
	}
	*w = '\0';
	return out;
}

/* The folder part of a root-relative path ("" at the root). */
static const char *dir_of(dh_arena *arena, const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? dh_arena_strndup(arena, path, (size_t)(slash - path))
		     : "";
}

/* ---- sniffing ---- */

typedef struct sniff {
	dh__mig_file *f;
	dh_arena *keep;
	const char *dir;
	size_t cap;
} sniff;

static void add_ref(sniff *s, const char *name, const char *image,
		    const char *build, const char *build_raw)
{
	dh__mig_file *f = s->f;
	if (f->nrefs == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 4;
		dh__mig_ref *grown =
			dh_arena_alloc(s->keep, s->cap * sizeof(*grown));
		if (f->nrefs)
			memcpy(grown, f->refs, f->nrefs * sizeof(*grown));
		f->refs = grown;
	}
	dh__mig_ref *r = &f->refs[f->nrefs++];
	r->name = name ? dh_arena_strdup(s->keep, name) : NULL;
	r->image = image ? dh_arena_strdup(s->keep, image) : NULL;
	r->build = build;
	r->build_raw = build_raw ? dh_arena_strdup(s->keep, build_raw) : NULL;
}

static void containers_in(sniff *s, const dh_ynode *list)
{
	list = dh_ynode_resolve(list);
	if (!list || list->kind != DH_YNODE_SEQ)
		return;
	for (const dh_ynode *c = list->first; c; c = c->next) {
		const char *image = scalar(map_get(c, "image"));
		if (image)
			add_ref(s, scalar(map_get(c, "name")), image, NULL,
				NULL);
	}
}

/* Every containers:/initContainers: list in a Kubernetes object. */
static void find_containers(sniff *s, const dh_ynode *n, unsigned depth)
{
	if (!n || depth > MAX_SEARCH_DEPTH || n->kind == DH_YNODE_ALIAS)
		return;
	if (n->kind == DH_YNODE_SEQ) {
		for (const dh_ynode *c = n->first; c; c = c->next)
			find_containers(s, c, depth + 1);
		return;
	}
	if (n->kind != DH_YNODE_MAP)
		return;
	for (const dh_ynode *k = n->first; k && k->next; k = k->next->next) {
		if (dh_ynode_is(k, "containers") ||
		    dh_ynode_is(k, "initContainers"))
			containers_in(s, k->next);
		else
			find_containers(s, k->next, depth + 1);
	}
}

static void compose_services(sniff *s, const dh_ynode *services)
{
	if (!services || services->kind != DH_YNODE_MAP)
		return;
	for (const dh_ynode *k = services->first; k && k->next;
	     k = k->next->next) {
		const dh_ynode *svc = dh_ynode_resolve(k->next);
		const char *name = scalar(k);
		if (!name || !svc || svc->kind != DH_YNODE_MAP)
			continue;
		const dh_ynode *build = map_get(svc, "build");
		const char *ctx = scalar(build);
		const char *file = "Dockerfile";
		if (!ctx && build && build->kind == DH_YNODE_MAP) {
			ctx = scalar(map_get(build, "context"));
			if (!ctx)
				ctx = ".";
			if (scalar(map_get(build, "dockerfile")))
				file = scalar(map_get(build, "dockerfile"));
		}
		const char *path =
			ctx ? join3(s->keep, s->dir, ctx, file) : NULL;
		add_ref(s, name, scalar(map_get(svc, "image")), path, ctx);
	}
}

static void skaffold_artifacts(sniff *s, const dh_ynode *root)
{
	const dh_ynode *arts = map_get(map_get(root, "build"), "artifacts");
	if (!arts || arts->kind != DH_YNODE_SEQ)
		return;
	for (const dh_ynode *a = arts->first; a; a = a->next) {
		const char *image = scalar(map_get(a, "image"));
		const char *ctx = scalar(map_get(a, "context"));
		const char *file =
			scalar(map_get(map_get(a, "docker"), "dockerfile"));
		if (!image)
			continue;
		const char *path = join3(s->keep, s->dir, ctx ? ctx : ".",
					 file ? file : "Dockerfile");
		add_ref(s, NULL, image, path, ctx ? ctx : ".");
	}
}

/* A line of text starting with key (at column 0). */
/* The shared sniffer's kind, as migrate records it. */
static dh__mig_kind mig_kind(dh_input_kind k)
{
	switch (k) {
	case DH_INPUT_K8S:
		return DH__MIG_K8S;
	case DH_INPUT_COMPOSE:
		return DH__MIG_COMPOSE;
	case DH_INPUT_SKAFFOLD:
		return DH__MIG_SKAFFOLD;
	default:
		return DH__MIG_OTHER;
	}
}

void dh__mig_sniff(dh__mig_file *f, dh_arena *keep, dh_source *src)
{
	dh_diags diags;
	dh_ystream stream;
	sniff s = {.f = f, .keep = keep, .dir = dir_of(src->arena, f->path)};

	dh_diags_init(&diags, src->arena);
	f->kind = DH__MIG_OTHER;
	if (dh_yaml_tree_parse(&stream, &diags, src) != 0) {
		/* Broken YAML or a template: the patcher says why. */
		f->kind = mig_kind(dh_sniff(src, NULL));
		return;
	}
	dh_input_kind kind = DH_INPUT_OTHER;
	for (const dh_ydoc *d = stream.first; d; d = d->next) {
		dh_input_kind k = dh_sniff_ydoc(d->root);
		kind = dh_sniff_stronger(kind, k);
		if (k == DH_INPUT_K8S)
			find_containers(&s, d->root, 0);
		else if (k == DH_INPUT_COMPOSE)
			compose_services(&s, map_get(d->root, "services"));
		else if (k == DH_INPUT_SKAFFOLD)
			skaffold_artifacts(&s, d->root);
	}
	f->kind = mig_kind(kind);
}

/* ---- facts ---- */

static const char **copy_strs(dh_arena *arena, const char *const *in, size_t n)
{
	if (!n)
		return NULL;
	const char **out = dh_arena_alloc(arena, n * sizeof(*out));
	for (size_t i = 0; i < n; i++)
		out[i] = dh_arena_strdup(arena, in[i]);
	return out;
}

void dh__mig_facts_copy(dh_facts *out, const dh_facts *in, dh_arena *arena)
{
	*out = *in;
	out->image = in->image ? dh_arena_strdup(arena, in->image) : NULL;
	out->ports = NULL;
	out->ports_cap = in->nports;
	if (in->nports) {
		out->ports =
			dh_arena_alloc(arena, in->nports * sizeof(dh_port));
		memcpy(out->ports, in->ports, in->nports * sizeof(dh_port));
	}
	out->writable = copy_strs(arena, in->writable, in->nwritable);
	out->volumes = copy_strs(arena, in->volumes, in->nvolumes);
	out->add_caps = copy_strs(arena, in->add_caps, in->nadd_caps);
	if (in->nmoves) {
		dh_port_move *moves =
			dh_arena_alloc(arena, in->nmoves * sizeof(*moves));
		memcpy(moves, in->moves, in->nmoves * sizeof(*moves));
		out->moves = moves;
	}
}

/* ---- pairing ---- */

/* A Dockerfile reachable by a key: folder name or skaffold image. */
typedef struct keyed {
	const char *key;
	size_t len;
	size_t idx;
} keyed;

typedef struct pairing {
	dh__mig_file *files;
	size_t n;
	dh_arena *arena;
	keyed *folders; /* sorted by key, then path */
	size_t nfolders;
	keyed *artifacts; /* skaffold: image repository -> Dockerfile */
	size_t nartifacts;
	size_t made;
} pairing;

static int cmp_keyed(const void *a, const void *b)
{
	const keyed *x = a;
	const keyed *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->key, y->key, n);
	if (c == 0 && x->len != y->len)
		c = x->len < y->len ? -1 : 1;
	if (c == 0)
		c = x->idx < y->idx ? -1 : x->idx > y->idx;
	return c;
}

/* The range of entries whose key is key[0..len). */
static size_t find_range(const keyed *v, size_t n, const char *key, size_t len,
			 size_t *out_count)
{
	size_t lo = 0;
	size_t hi = n;
	keyed probe = {key, len, 0};
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_keyed(&v[mid], &probe) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < n && v[end].len == len &&
	       memcmp(v[end].key, key, len) == 0)
		end++;
	*out_count = end - lo;
	return lo;
}

/* The Dockerfile whose path is path, or n. */
static size_t find_path(const dh__mig_file *files, size_t n, const char *path)
{
	size_t lo = 0;
	size_t hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(files[mid].path, path);
		if (c == 0)
			return files[mid].kind == DH__MIG_DOCKERFILE ? mid : n;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return n;
}

/* The repository part of an image reference: no tag, no digest. */
static size_t repo_len(const char *image)
{
	size_t n = strcspn(image, "@");
	size_t last = 0;
	for (size_t i = 0; i < n; i++)
		if (image[i] == '/')
			last = i;
	const char *colon = memchr(image + last, ':', n - last);
	return colon ? (size_t)(colon - image) : n;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s);
	size_t k = strlen(suffix);
	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static void index_files(pairing *p)
{
	p->folders = dh_arena_alloc(p->arena, (p->n + 1) * sizeof(keyed));
	p->artifacts = NULL;
	size_t nart = 0;
	for (size_t i = 0; i < p->n; i++) {
		const dh__mig_file *f = &p->files[i];
		if (f->kind == DH__MIG_SKAFFOLD)
			nart += f->nrefs;
		if (f->kind != DH__MIG_DOCKERFILE)
			continue;
		const char *slash = strrchr(f->path, '/');
		const char *base = slash ? slash + 1 : f->path;
		if (!slash || (strcmp(base, "Dockerfile") != 0 &&
			       strcmp(base, "Containerfile") != 0))
			continue;
		const char *dir = f->path;
		const char *start = dir;
		for (const char *c = dir; c < slash; c++)
			if (*c == '/')
				start = c + 1;
		p->folders[p->nfolders++] =
			(keyed){start, (size_t)(slash - start), i};
	}
	qsort(p->folders, p->nfolders, sizeof(keyed), cmp_keyed);
	p->artifacts = dh_arena_alloc(p->arena, (nart + 1) * sizeof(keyed));
	for (size_t i = 0; i < p->n; i++) {
		const dh__mig_file *f = &p->files[i];
		for (size_t k = 0; f->kind == DH__MIG_SKAFFOLD && k < f->nrefs;
		     k++) {
			const dh__mig_ref *r = &f->refs[k];
			size_t df =
				r->build ? find_path(p->files, p->n, r->build)
					 : p->n;
			if (df < p->n)
				p->artifacts[p->nartifacts++] = (keyed){
					r->image, repo_len(r->image), df};
		}
	}
	qsort(p->artifacts, p->nartifacts, sizeof(keyed), cmp_keyed);
}

/* Path components two paths share from the start. */
static size_t shared_dirs(const char *a, const char *b)
{
	size_t n = 0;
	for (size_t i = 0; a[i] && a[i] == b[i]; i++)
		if (a[i] == '/')
			n++;
	return n;
}

static void unpaired(pairing *p, dh__mig_file *f, const char *msg)
{
	const char **grown =
		dh_arena_alloc(p->arena, (f->nunpaired + 1) * sizeof(*grown));
	if (f->nunpaired)
		memcpy(grown, f->unpaired, f->nunpaired * sizeof(*grown));
	grown[f->nunpaired++] = msg;
	f->unpaired = grown;
}

/* Dockerfile for an image by folder name; p->n when none or ambiguous. */
static size_t by_folder(pairing *p, dh__mig_file *f, const dh__mig_ref *r)
{
	size_t rl = repo_len(r->image);
	size_t start = rl;
	while (start > 0 && r->image[start - 1] != '/')
		start--;
	size_t count;
	size_t lo = find_range(p->folders, p->nfolders, r->image + start,
			       rl - start, &count);
	size_t best = p->n;
	size_t best_score = 0;
	bool tie = false;
	for (size_t i = lo; i < lo + count; i++) {
		size_t idx = p->folders[i].idx;
		size_t score = shared_dirs(p->files[idx].path, f->path) * 2 +
			       ends_with(p->files[idx].path, "/Dockerfile");
		if (best == p->n || score > best_score) {
			best = idx;
			best_score = score;
			tie = false;
		} else if (score == best_score) {
			tie = true;
		}
	}
	if (tie) {
		unpaired(p, f,
			 dh_arena_printf(p->arena,
					 "container '%s': image '%s' matches "
					 "several Dockerfiles; not paired",
					 r->name, r->image));
		return p->n;
	}
	return best;
}

static void add_pair(pairing *p, dh__mig_file *f, const dh__mig_ref *r,
		     size_t df, const char *via)
{
	for (size_t i = 0; i < f->npairs; i++) {
		if (strcmp(f->pairs[i].container, r->name) != 0)
			continue;
		if (f->pairs[i].dockerfile != df)
			unpaired(p, f,
				 dh_arena_printf(p->arena,
						 "container '%s' appears twice "
						 "with different images; "
						 "paired once",
						 r->name));
		return;
	}
	if (!p->files[df].has_facts) {
		unpaired(p, f,
			 dh_arena_printf(
				 p->arena,
				 "container '%s': its Dockerfile '%s' "
				 "has errors; patched on its own evidence",
				 r->name, p->files[df].path));
		return;
	}
	dh__mig_pair *grown =
		dh_arena_alloc(p->arena, (f->npairs + 1) * sizeof(*grown));
	if (f->npairs)
		memcpy(grown, f->pairs, f->npairs * sizeof(*grown));
	grown[f->npairs++] = (dh__mig_pair){r->name, df, via};
	f->pairs = grown;
	p->made++;
}

static void pair_ref(pairing *p, dh__mig_file *f, const dh__mig_ref *r)
{
	if (!r->name)
		return;
	if (r->build) {
		size_t df = find_path(p->files, p->n, r->build);
		if (df < p->n) {
			add_pair(p, f, r, df, "compose build");
			return;
		}
	}
	if (r->build_raw && !r->image) {
		unpaired(
			p, f,
			dh_arena_printf(p->arena,
					"service '%s': no Dockerfile found for "
					"build context '%s'; defaults used",
					r->name, r->build_raw));
		return;
	}
	if (!r->image)
		return;
	size_t count;
	size_t lo = find_range(p->artifacts, p->nartifacts, r->image,
			       repo_len(r->image), &count);
	if (count) {
		add_pair(p, f, r, p->artifacts[lo].idx, "skaffold");
		return;
	}
	size_t df = by_folder(p, f, r);
	if (df < p->n)
		add_pair(p, f, r, df, "image name");
}

size_t dh__mig_pair_all(dh__mig_file *files, size_t n, dh_arena *arena)
{
	pairing p = {.files = files, .n = n, .arena = arena};
	index_files(&p);
	for (size_t i = 0; i < n; i++) {
		dh__mig_file *f = &files[i];
		if (f->kind != DH__MIG_K8S && f->kind != DH__MIG_COMPOSE)
			continue;
		for (size_t k = 0; k < f->nrefs; k++)
			pair_ref(&p, f, &f->refs[k]);
	}
	return p.made;
}

void dh__mig_patch_opts(dh_patch_opts *out, dh_arena *arena,
			const dh__mig_file *f, const dh__mig_file *files,
			bool strict, const dh_patch_moved *moved, size_t nmoved)
{
	dh_patch_pair *pairs =
		dh_arena_alloc(arena, (f->npairs + 1) * sizeof(*pairs));
	for (size_t k = 0; k < f->npairs; k++)
		pairs[k] =
			(dh_patch_pair){f->pairs[k].container,
					&files[f->pairs[k].dockerfile].facts};
	*out = (dh_patch_opts){.pairs = pairs,
			       .npairs = f->npairs,
			       .strict = strict,
			       .moved = moved,
			       .nmoved = nmoved};
}
