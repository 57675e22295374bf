/* SPDX-License-Identifier: MIT */
/*
 * docker compose files: every service gets a non-root user, a read-only
 * root filesystem, cap_drop ALL, no-new-privileges and a tmpfs for /tmp,
 * written in the file's own list style; explicit insecure settings are
 * warned (DH231) and kept unless override.
 */
#include "patch_internal.h"

#include <stdlib.h>
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
	const dh_ynode *key;
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

/*
 * A volumes item that mounts a system host path: "SRC:DST[:MODE]" with SRC
 * under one (a lone "DST" is an anonymous volume, no host path at all),
 * or the long syntax's source. The item as written, or NULL.
 */
static const char *system_source(const dh_ynode *v)
{
	const char *t = scalar_text(v);
	if (t) {
		bool bind = strchr(t, ':') != NULL;
		return bind && dh__is_system_host_path(t, strcspn(t, ":"))
			       ? t
			       : NULL;
	}
	const char *src = scalar_text(dh_ynode_lookup(v, "source", NULL));
	return src && dh__is_system_host_path(src, strlen(src)) ? src : NULL;
}

/* Why the service keeps its identity (infrastructure), or NULL. */
static const char *infra_reason(dh__patcher *p, const svc_ctx *s)
{
	static const char *const hostish[] = {"network_mode", "pid", "ipc"};
	if (p->override)
		return NULL;
	if (dh__is_true(dh_ynode_lookup(s->map, "privileged", NULL)))
		return "privileged: true";
	for (size_t i = 0; i < 3; i++) {
		const char *t =
			scalar_text(dh_ynode_lookup(s->map, hostish[i], NULL));
		if (t && strcmp(t, "host") == 0)
			return dh_arena_printf(p->arena, "%s: host",
					       hostish[i]);
	}
	const dh_ynode *vols =
		dh_ynode_resolve(dh_ynode_lookup(s->map, "volumes", NULL));
	for (const dh_ynode *v =
		     vols && vols->kind == DH_YNODE_SEQ ? vols->first : NULL;
	     v; v = v->next) {
		const char *src = system_source(v);
		if (src)
			return dh_arena_printf(p->arena,
					       "mounts host path '%s'", src);
	}
	return NULL;
}

/* The container port of a ports/expose item ("8080:80/tcp" gives 80). */
static unsigned long container_port(const char *t)
{
	const char *c = strrchr(t, ':');
	const char *num = c ? c + 1 : t;
	if (*num < '0' || *num > '9')
		return 0;
	return strtoul(num, NULL, 10);
}

/* The lowest port below 1024 the service listens on, or 0. */
static unsigned long low_port(const dh__patcher *p, const svc_ctx *s)
{
	static const char *const keys[] = {"ports", "expose"};
	unsigned long low = 0;
	for (size_t k = 0; k < 2; k++) {
		const dh_ynode *l = dh_ynode_resolve(
			dh_ynode_lookup(s->map, keys[k], NULL));
		for (const dh_ynode *it =
			     l && l->kind == DH_YNODE_SEQ ? l->first : NULL;
		     it; it = it->next) {
			const char *t = scalar_text(it);
			if (!t)
				t = scalar_text(
					dh_ynode_lookup(it, "target", NULL));
			unsigned long n = t ? container_port(t) : 0;
			/* a port hardening moved counts where it listens */
			n = n && n <= 65535
				    ? dh__port_after(p, s->name, (uint32_t)n,
						     DH_PROTO_TCP)
				    : n;
			if (n && n < 1024 && (!low || n < low))
				low = n;
		}
	}
	return low;
}

/* True when a volume of the service is mounted at path or above it. */
static bool volume_covers(const svc_ctx *s, const char *path)
{
	const dh_ynode *vols =
		dh_ynode_resolve(dh_ynode_lookup(s->map, "volumes", NULL));
	for (const dh_ynode *v =
		     vols && vols->kind == DH_YNODE_SEQ ? vols->first : NULL;
	     v; v = v->next) {
		const char *t = scalar_text(v);
		const char *target = NULL;
		if (t) {
			const char *c = strchr(t, ':');
			target = c ? c + 1 : t;
		} else {
			target =
				scalar_text(dh_ynode_lookup(v, "target", NULL));
		}
		if (!target)
			continue;
		size_t n = strcspn(target, ":");
		while (n > 1 && target[n - 1] == '/')
			n--;
		if (strncmp(path, target, n) == 0 &&
		    (path[n] == '\0' || path[n] == '/'))
			return true;
	}
	return false;
}

/* Paths whose content is meant to be lost on restart. */
static bool ephemeral(const char *path)
{
	return strcmp(path, "/tmp") == 0 || strncmp(path, "/run", 4) == 0 ||
	       strncmp(path, "/var/run", 8) == 0 || strstr(path, "/cache");
}

/*
 * Writable paths for a read-only root: tmpfs for what may be lost, and
 * none for state, which must already be a volume (an image's VOLUME or
 * the file's own): a tmpfs there would lose data on each restart. False
 * when some state path is not served by a volume of the file.
 */
static bool plan_tmpfs(dh__patcher *p, const svc_ctx *s, const dh__contract *k,
		       const char **out, size_t *n)
{
	bool ok = true;
	for (size_t i = 0; i < k->nwritable && *n < MAX_TMPFS; i++) {
		const char *w = k->writable[i];
		if (strcmp(w, "/tmp") == 0 || volume_covers(s, w))
			continue;
		if (w[0] != '/' || strchr(w, '$')) {
			dh_diag_add(p->diags, DH_SEV_WARNING, "DH254", p->src,
				    s->map->span,
				    "service '%s': writable path '%s' is not "
				    "an absolute path without variables; not "
				    "mounted",
				    s->name, w);
			continue;
		}
		if (k->ev == DH__EV_FACTS || ephemeral(w))
			out[(*n)++] = w;
		else
			ok = false;
	}
	return ok;
}

static void what_add(svc_ctx *s, const char *what)
{
	dh_buf_puts(&s->what, s->what.len ? ", " : "");
	dh_buf_puts(&s->what, what);
}

/* sysctls allowing low ports: present, added, or false when blocked. */
static bool low_port_sysctl(dh__patcher *p, svc_ctx *s)
{
	const dh_ynode *v = dh_ynode_lookup(s->map, "sysctls", NULL);
	if (!v) {
		dh__frag *m = dh__frag_node(p, "sysctls", false);
		dh__frag_push(&m->kids,
			      dh__frag_kv(p, dh_low_port_sysctl(), "0"));
		dh__frag_push(&s->adds, m);
		what_add(s, "sysctls");
		return true;
	}
	const dh_ynode *rv = dh_ynode_resolve(v);
	if (rv && rv->kind == DH_YNODE_MAP)
		return dh_ynode_get(rv, dh_low_port_sysctl()) != NULL;
	for (const dh_ynode *it = rv && rv->kind == DH_YNODE_SEQ ? rv->first
								 : NULL;
	     it; it = it->next) {
		const char *t = scalar_text(it);
		if (t && strncmp(t, dh_low_port_sysctl(),
				 strlen(dh_low_port_sysctl())) == 0)
			return true;
	}
	return false;
}

/* Adds item to the service's list key, joining a list this patch has
 * already started for it (two new lists of one key would be invalid). */
static void add_list_item(dh__patcher *p, svc_ctx *s, const char *key,
			  const char *match, const char *item)
{
	for (dh__frag *f = s->adds; f; f = f->next)
		if (f->key && strcmp(f->key, key) == 0) {
			dh__frag_push(&f->kids, dh__frag_kv(p, NULL, item));
			return;
		}
	ensure_item(p, s, key, match, ':', item);
}

/* The mounts for a read-only root: a tmpfs for /tmp and the scratch
 * paths, an anonymous volume for each path the image holds for the user
 * (from its Dockerfile's facts, or an official image's state folder): a
 * tmpfs there would be root's (dh_facts_mounts_volume). Paths the
 * configuration declares may not exist in the image: tmpfs. */
static void add_tmpfs(dh__patcher *p, svc_ctx *s, const dh__contract *k,
		      const char *const *paths, size_t n)
{
	ensure_item(
		p, s, "tmpfs", "/tmp", ':',
		dh_arena_printf(p->arena, "\"/tmp:%s\"", dh_tmpfs_options()));
	for (size_t i = 0; i < n; i++) {
		bool owned =
			k->ev == DH__EV_FACTS
				? dh_facts_mounts_volume(p->facts, paths[i])
				: k->ev == DH__EV_IMAGE &&
					  !dh_path_is_scratch(paths[i]);
		const char *item =
			owned ? dh_arena_printf(p->arena, "\"%s\"", paths[i])
			      : dh_arena_printf(p->arena, "\"%s:%s\"", paths[i],
						dh_tmpfs_options());
		add_list_item(p, s, owned ? "volumes" : "tmpfs", paths[i],
			      item);
	}
}

/*
 * user, read_only and cap_drop for a service with evidence; paths/n get
 * the tmpfs paths when the root is made read-only (*rofs_out).
 */
static bool apply_identity(dh__patcher *p, svc_ctx *s, const dh__contract *k,
			   const char **paths, size_t *n, bool *rofs_out)
{
	if (low_port(p, s) || (k->low_port && k->ev == DH__EV_FACTS))
		if (!low_port_sysctl(p, s))
			return false;
	if (!dh_ynode_lookup(s->map, "user", NULL)) {
		const char *user =
			k->no_uid ? dh_arena_printf(p->arena, "\"%s\"",
						    k->user_name)
			: k->gid  ? dh_arena_printf(p->arena, "\"%lu:%lu\"",
						    (unsigned long)k->uid,
						    (unsigned long)k->gid)
				  : dh_arena_printf(p->arena, "\"%lu\"",
						    (unsigned long)k->uid);
		dh__frag_push(&s->adds, dh__frag_kv(p, "user", user));
		what_add(s, "user");
	}
	bool rofs = k->rofs && plan_tmpfs(p, s, k, paths, n);
	*rofs_out = rofs;
	if (rofs && !dh_ynode_lookup(s->map, "read_only", NULL)) {
		dh__frag_push(&s->adds, dh__frag_kv(p, "read_only", "true"));
		what_add(s, "read_only");
	}
	ensure_item(p, s, "cap_drop", "ALL", '\0', "ALL");
	return true;
}

/* The DH250 finding: what the service is left without, and why. */
static void left_without(dh__patcher *p, const svc_ctx *s,
			 const dh__contract *k, const char *infra, bool ident,
			 bool rofs)
{
	dh_buf miss = DH_BUF_INIT;
	dh_buf edit = DH_BUF_INIT;
	const char *u = scalar_text(dh_ynode_lookup(s->map, "user", NULL));
	if (!ident && (!u || is_root_user(u))) {
		dh_buf_puts(&miss, "user");
		dh_buf_puts(&edit, "user: \"10001:10001\"");
	}
	if (!rofs && !dh__is_true(dh_ynode_lookup(s->map, "read_only", NULL))) {
		dh_buf_printf(&miss, "%sread_only", miss.len ? ", " : "");
		dh_buf_printf(&edit, "%sread_only: true, tmpfs: [/tmp]",
			      edit.len ? ", " : "");
	}
	const dh_ynode *cd =
		dh_ynode_resolve(dh_ynode_lookup(s->map, "cap_drop", NULL));
	if (!ident && !(cd && cd->kind == DH_YNODE_SEQ &&
			item_has_prefix(cd, "ALL", '\0'))) {
		dh_buf_printf(&miss, "%scap_drop [ALL]", miss.len ? ", " : "");
		dh_buf_printf(&edit, "%scap_drop: [ALL]", edit.len ? ", " : "");
	}
	if (miss.len) {
		const char *why =
			infra ? dh_arena_printf(p->arena, "infrastructure (%s)",
						infra)
			: k->why_not ? k->why_not
			: k->ev == DH__EV_NONE && !k->source
				? "no evidence that the image it builds runs as "
				  "non-root with a read-only root"
			: k->ev == DH__EV_NONE
				? dh_arena_printf(p->arena,
						  "no evidence that image '%s' "
						  "runs as non-root with a "
						  "read-only root",
						  k->source)
				: dh_arena_printf(p->arena,
						  "%s writes state outside a "
						  "volume, or a port below "
						  "1024 cannot be allowed",
						  k->source);
		dh_diag *d = dh_diag_add(p->diags, DH_SEV_WARNING, "DH250",
					 p->src, s->key->span,
					 "service '%s' left without %s: %s",
					 s->name, miss.data, why);
		d->hint = dh_arena_printf(
			p->arena, "suggested edit: %s; to apply it, %s",
			edit.data,
			infra	     ? "review it by hand; --override forces it"
			: k->why_not ? "change the Dockerfile as `dockharden "
				       "harden` says, or use --level=strict"
			: k->ev == DH__EV_NONE
				? "pair it with its Dockerfile (build:, "
				  "--dockerfile F --container NAME), describe "
				  "the image under images: in "
				  ".dockharden.yaml, or use --level=strict"
				: "mount its state on a volume");
	}
	dh_buf_free(&miss);
	dh_buf_free(&edit);
}

/* Point 7: a user: written in the file against its Dockerfile's USER. */
static void check_user(dh__patcher *p, const svc_ctx *s, const dh__contract *k)
{
	const dh_ynode *v = dh_ynode_lookup(s->map, "user", NULL);
	const char *u = scalar_text(v);
	if (k->ev != DH__EV_FACTS || !u || !p->facts->user_known ||
	    is_root_user(u) || u[0] < '0' || u[0] > '9' ||
	    strtoul(u, NULL, 10) == k->uid)
		return;
	dh_diag_add(p->diags, DH_SEV_WARNING, "DH255", p->src, v->span,
		    "service '%s' sets user '%s' but its Dockerfile's USER is "
		    "%lu",
		    s->name, u, (unsigned long)k->uid);
}

static void patch_service(dh__patcher *p, const dh_ynode *key,
			  const dh_ynode *map)
{
	svc_ctx s = {.map = map, .key = key, .what = DH_BUF_INIT};
	dh__contract k;
	if (!dh__plain_keys(p, map, "a compose service"))
		return;
	s.name = key->value;
	const char *image = scalar_text(dh_ynode_lookup(map, "image", NULL));
	dh__contract_for(&k, p, s.name, image);
	if (k.ev == DH__EV_NONE)
		k.source = image;
	const char *fix = dh_arena_printf(p->arena, "\"%lu:%lu\"",
					  (unsigned long)p->facts->uid,
					  (unsigned long)p->facts->gid);
	check_explicit(p, &s, fix);
	check_user(p, &s, &k);
	dh__ports_compose(p, s.name, map);
	const char *infra = infra_reason(p, &s);
	uint32_t at = dh__map_insert_pos(p, map);
	if (infra)
		dh_diag_add(p->diags, DH_SEV_WARNING, "DH240", p->src,
			    key->span,
			    "service '%s' is infrastructure (%s): its user, "
			    "root filesystem and capabilities are kept",
			    s.name, infra);
	bool ident = !infra && k.ev != DH__EV_NONE;
	bool rofs = false;
	const char *paths[MAX_TMPFS];
	size_t n = 0;
	if (ident && !apply_identity(p, &s, &k, paths, &n, &rofs))
		ident = false;
	ensure_item(p, &s, "security_opt", "no-new-privileges", ':',
		    "no-new-privileges:true");
	if (rofs)
		add_tmpfs(p, &s, &k, paths, n);
	dh__map_add(p, map, s.adds);
	if (s.what.len)
		dh_diag_add(p->diags, DH_SEV_NOTE, "DH230", p->src,
			    (dh_span){at, at}, "service '%s': added %s", s.name,
			    s.what.data);
	left_without(p, &s, &k, infra, ident, rofs);
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
