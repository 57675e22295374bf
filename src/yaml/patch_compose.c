/* SPDX-License-Identifier: MIT */
/*
 * docker compose files: every service gets a non-root user, a read-only
 * root filesystem, cap_drop ALL, no-new-privileges and a tmpfs for /tmp,
 * written in the file's own list style; explicit insecure settings are
 * warned (DH231) and kept unless override.
 */
#include "patch_internal.h"

#include <string.h>

#include "dockharden/emit.h"

#define MAX_TMPFS 64

static const char *scalar_text(const dh_ynode *n)
{
	n = dh_ynode_resolve(n);
	return n && n->kind == DH_YNODE_SCALAR ? n->value : NULL;
}

bool dh__is_compose(const dh_ynode *root)
{
	if (!root || root->kind != DH_YNODE_MAP)
		return false;
	const dh_ynode *services =
		dh_ynode_resolve(dh_ynode_get(root, "services"));
	return services && services->kind == DH_YNODE_MAP &&
	       !dh_ynode_get(root, "kind") && !dh_ynode_get(root, "apiVersion");
}

/* The file writes short lists in flow style when its first list is. */
static bool uses_flow_lists(const dh_ynode *services)
{
	for (const dh_ynode *k = services->first; k && k->next;
	     k = k->next->next) {
		const dh_ynode *svc = k->next;
		if (svc->kind != DH_YNODE_MAP)
			continue;
		for (const dh_ynode *v = svc->first; v && v->next;
		     v = v->next->next)
			if (v->next->kind == DH_YNODE_SEQ)
				return v->next->flow;
	}
	return false;
}

typedef struct svc_ctx {
	const dh_ynode *map;
	const char *name;
	dh__frag *adds;
	dh_buf what;
} svc_ctx;

static void warn(dh__patcher *p, const dh_ynode *v, const svc_ctx *s,
		 const char *setting)
{
	dh_diag_add(p->diags, DH_SEV_WARNING, "DH231", p->src, v->span,
		    "service '%s' sets %s", s->name, setting);
}

/* Warned, or replaced by fix under override; inherited values are kept. */
static void insecure(dh__patcher *p, const dh_ynode *v, bool inherited,
		     svc_ctx *s, const char *setting, const char *fix)
{
	if (inherited || v->kind == DH_YNODE_ALIAS) {
		dh_diag_add(p->diags, DH_SEV_WARNING, "DH220", p->src, v->span,
			    "service '%s' %s comes through an alias or merge "
			    "key; not edited",
			    s->name, setting);
		return;
	}
	if (!fix || !p->override) {
		warn(p, v, s, setting);
		return;
	}
	dh__replace(p, v, fix);
	dh_diag_add(p->diags, DH_SEV_NOTE, "DH231", p->src, v->span,
		    "service '%s' %s: replaced with '%s'", s->name, setting,
		    fix);
}

static bool is_root_user(const char *u)
{
	static const char *const roots[] = {"root", "0", "root:root", "0:0",
					    NULL};
	for (const char *const *r = roots; *r; r++)
		if (strcmp(u, *r) == 0)
			return true;
	return false;
}

static void check_explicit(dh__patcher *p, svc_ctx *s, const char *fix_user)
{
	bool inh = false;
	const dh_ynode *v = dh_ynode_lookup(s->map, "privileged", &inh);
	if (dh__is_true(v))
		insecure(p, v, inh, s, "privileged: true", "false");
	v = dh_ynode_lookup(s->map, "cap_add", &inh);
	const dh_ynode *rv = dh_ynode_resolve(v);
	if (rv && (rv->kind != DH_YNODE_SEQ || rv->first))
		insecure(p, v, inh, s, "cap_add", NULL);
	static const char *const hostish[] = {"network_mode", "pid", "ipc"};
	for (size_t i = 0; i < 3; i++) {
		v = dh_ynode_lookup(s->map, hostish[i], &inh);
		const char *t = scalar_text(v);
		if (t && strcmp(t, "host") == 0)
			insecure(p, v, inh, s,
				 dh_arena_printf(p->arena, "%s: host",
						 hostish[i]),
				 NULL);
	}
	v = dh_ynode_lookup(s->map, "user", &inh);
	const char *u = scalar_text(v);
	if (u && is_root_user(u))
		insecure(p, v, inh, s,
			 dh_arena_printf(p->arena, "user: '%s'", u), fix_user);
	v = dh_ynode_lookup(s->map, "read_only", &inh);
	if (dh__is_false(v))
		insecure(p, v, inh, s, "read_only: false", "true");
}

static dh__frag *one_item_list(dh__patcher *p, const char *key,
			       const char *item)
{
	dh__frag *f = dh__frag_node(p, key, true);
	dh__frag_push(&f->kids, dh__frag_kv(p, NULL, item));
	return f;
}

static bool item_has_prefix(const dh_ynode *seq, const char *prefix, char stop)
{
	size_t n = strlen(prefix);
	for (const dh_ynode *it = seq->first; it; it = it->next) {
		const char *t = scalar_text(it);
		if (t && strncmp(t, prefix, n) == 0 &&
		    (t[n] == '\0' || t[n] == stop || stop == '\0'))
			return true;
	}
	return false;
}

/* A list key that must hold an item: added, or appended to. */
static void ensure_item(dh__patcher *p, svc_ctx *s, const char *key,
			const char *match, char stop, const char *item)
{
	bool inh = false;
	const dh_ynode *v = dh_ynode_lookup(s->map, key, &inh);
	const dh_ynode *rv = dh_ynode_resolve(v);

	if (!v) {
		dh__frag_push(&s->adds, one_item_list(p, key, item));
		dh_buf_puts(&s->what, s->what.len ? ", " : "");
		dh_buf_puts(&s->what, key);
		return;
	}
	if (rv && rv->kind == DH_YNODE_SEQ && item_has_prefix(rv, match, stop))
		return;
	if (inh || v->kind != DH_YNODE_SEQ) {
		const char *t = scalar_text(v);
		if (t && strncmp(t, match, strlen(match)) == 0)
			return;
		dh_diag_add(p->diags, DH_SEV_WARNING, "DH220", p->src, v->span,
			    "service '%s' %s is not a list written here; "
			    "'%s' not added",
			    s->name, key, match);
		return;
	}
	dh__seq_add(p, v, dh__frag_kv(p, NULL, item));
	dh_buf_puts(&s->what, s->what.len ? ", " : "");
	dh_buf_printf(&s->what, "%s item", key);
}

static void patch_service(dh__patcher *p, const dh_ynode *key,
			  const dh_ynode *map)
{
	svc_ctx s = {.map = map, .what = DH_BUF_INIT};
	if (!dh__plain_keys(p, map, "a compose service"))
		return;
	const char *user = dh_arena_printf(p->arena, "\"%lu:%lu\"",
					   (unsigned long)p->facts->uid,
					   (unsigned long)p->facts->gid);
	s.name = key->value;
	check_explicit(p, &s, user);
	uint32_t at = dh__map_insert_pos(p, map);
	static const char *const plain[][2] = {{"user", NULL},
					       {"read_only", "true"}};
	for (size_t i = 0; i < 2; i++) {
		if (dh_ynode_lookup(map, plain[i][0], NULL))
			continue;
		dh__frag_push(&s.adds,
			      dh__frag_kv(p, plain[i][0],
					  plain[i][1] ? plain[i][1] : user));
		dh_buf_puts(&s.what, s.what.len ? ", " : "");
		dh_buf_puts(&s.what, plain[i][0]);
	}
	ensure_item(p, &s, "cap_drop", "ALL", '\0', "ALL");
	ensure_item(p, &s, "security_opt", "no-new-privileges", ':',
		    "no-new-privileges:true");
	bool applies = p->facts_given &&
		       (!p->container || strcmp(p->container, s.name) == 0);
	size_t n = applies ? p->facts->nwritable : 0;
	ensure_item(
		p, &s, "tmpfs", "/tmp", ':',
		dh_arena_printf(p->arena, "\"/tmp:%s\"", dh_tmpfs_options()));
	for (size_t i = 0; i < n; i++) {
		const char *w = p->facts->writable[i];
		if (strcmp(w, "/tmp") == 0)
			continue;
		/* once tmpfs is being added, extra paths join that list */
		dh__frag *last = s.adds;
		while (last && last->next)
			last = last->next;
		const char *item = dh_arena_printf(p->arena, "\"%s:%s\"", w,
						   dh_tmpfs_options());
		if (last && strcmp(last->key, "tmpfs") == 0)
			dh__frag_push(&last->kids, dh__frag_kv(p, NULL, item));
		else
			ensure_item(p, &s, "tmpfs", w, ':', item);
	}
	dh__map_add(p, map, s.adds);
	if (s.what.len)
		dh_diag_add(p->diags, DH_SEV_NOTE, "DH230", p->src,
			    (dh_span){at, at}, "service '%s': added %s", s.name,
			    s.what.data);
	dh_buf_free(&s.what);
}

void dh__patch_compose(dh__patcher *p, const dh_ynode *root)
{
	const dh_ynode *services = dh_ynode_get(root, "services");
	if (services->kind != DH_YNODE_MAP) {
		dh_diag_add(p->diags, DH_SEV_WARNING, "DH220", p->src,
			    services->span,
			    "services come through an alias; not edited");
		return;
	}
	if (!dh__plain_keys(p, services, "services"))
		return;
	p->style.flow_seqs = uses_flow_lists(services);
	for (const dh_ynode *k = services->first; k && k->next;
	     k = k->next->next) {
		if (k->kind != DH_YNODE_SCALAR)
			continue;
		if (k->next->kind == DH_YNODE_MAP)
			patch_service(p, k, k->next);
		else if (k->next->kind == DH_YNODE_ALIAS)
			dh_diag_add(p->diags, DH_SEV_WARNING, "DH220", p->src,
				    k->next->span,
				    "service '%s' is an alias; not edited",
				    k->value);
	}
}
