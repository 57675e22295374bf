/* SPDX-License-Identifier: MIT */
/*
 * Kubernetes workloads: finds every pod spec and container, adds the
 * missing securityContext fields and emptyDir mounts for writable paths,
 * and warns about explicit insecure values (replacing them on --override).
 * Pod-level settings are honoured rather than repeated per container.
 */
#include "patch_k8s_internal.h"

#include <stdlib.h>
#include <string.h>

#include "dockharden/emit.h"

#define MAX_PATH_KEYS 5

/* Where each workload kind keeps its pod spec. */
typedef struct kind_path {
	const char *kind;
	const char *keys[MAX_PATH_KEYS + 1];
} kind_path;

static const kind_path kinds[] = {
	{"Pod", {"spec", NULL}},
	{"Deployment", {"spec", "template", "spec", NULL}},
	{"StatefulSet", {"spec", "template", "spec", NULL}},
	{"DaemonSet", {"spec", "template", "spec", NULL}},
	{"ReplicaSet", {"spec", "template", "spec", NULL}},
	{"ReplicationController", {"spec", "template", "spec", NULL}},
	{"Job", {"spec", "template", "spec", NULL}},
	{"CronJob", {"spec", "jobTemplate", "spec", "template", "spec", NULL}},
	{"PodTemplate", {"template", "spec", NULL}},
};

typedef dh__pod pod_ctx;
typedef dh__ctr ctr_ctx;

static bool is_null(const dh_ynode *n)
{
	return n && n->kind == DH_YNODE_SCALAR &&
	       n->style == DH_YSCALAR_PLAIN &&
	       (n->value_len == 0 || dh_ynode_is(n, "~") ||
		dh_ynode_is(n, "null") || dh_ynode_is(n, "Null") ||
		dh_ynode_is(n, "NULL"));
}

static void note_add(dh_buf *b, const char *what)
{
	dh_buf_puts(b, b->len ? ", " : "");
	dh_buf_puts(b, what);
}

static uint32_t uid_of(const dh__patcher *p)
{
	return p->facts->uid;
}

static const char *num(dh__patcher *p, uint32_t v)
{
	return dh__num(p, v);
}

/*
 * An explicit insecure value: a DH220 warning when it comes through an
 * alias or merge key, else replaced under override (note) or warned.
 * Returns true when the value stays.
 */
static bool insecure(dh__patcher *p, const dh_ynode *v, bool inherited,
		     const char *code, const char *what, const char *fix)
{
	if (inherited || v->kind == DH_YNODE_ALIAS) {
		dh_diag_add(p->diags, DH_SEV_WARNING, "DH220", p->src, v->span,
			    "%s through an alias or merge key; not edited",
			    what);
		return true;
	}
	if (p->override) {
		dh__replace(p, v, fix);
		dh_diag_add(p->diags, DH_SEV_NOTE, code, p->src, v->span,
			    "%s: replaced with '%s'", what, fix);
		return false;
	}
	dh_diag_add(p->diags, DH_SEV_WARNING, code, p->src, v->span, "%s",
		    what);
	return true;
}

static void fill_null(dh__patcher *p, const dh_ynode *v, dh__frag *kids)
{
	dh__frag holder = {.kids = kids};
	dh__fill_null(p, v, &holder);
}

static dh__frag *drop_all(dh__patcher *p)
{
	dh__frag *caps = dh__frag_node(p, "capabilities", false);
	dh__frag *drop = dh__frag_node(p, "drop", true);
	dh__frag_push(&drop->kids, dh__frag_kv(p, NULL, "ALL"));
	dh__frag_push(&caps->kids, drop);
	return caps;
}

static bool seq_has(const dh_ynode *seq, const char *word)
{
	for (const dh_ynode *it = seq->first; it; it = it->next)
		if (dh_ynode_is(dh_ynode_resolve(it), word))
			return true;
	return false;
}

static bool is_sys_admin(const char *cap)
{
	return strcmp(cap, "SYS_ADMIN") == 0 ||
	       strcmp(cap, "CAP_SYS_ADMIN") == 0 || strcmp(cap, "ALL") == 0;
}

#define MAX_CAPS 64

/*
 * capabilities.add: every capability but NET_BIND_SERVICE is warned, or
 * removed under override when the list is written here.
 */
static void check_cap_add(dh__patcher *p, ctr_ctx *c, const dh_ynode *add,
			  bool inherited)
{
	bool drop[MAX_CAPS] = {false};
	size_t i = 0;
	bool any = false;
	bool edit = p->override && !inherited && add &&
		    add->kind == DH_YNODE_SEQ && add->nchildren <= MAX_CAPS;

	add = dh_ynode_resolve(add);
	if (!add || add->kind != DH_YNODE_SEQ)
		return;
	for (const dh_ynode *it = add->first; it; it = it->next, i++) {
		const char *cap =
			dh_ynode_resolve(it) == it ? dh__text_of(it) : NULL;
		if (!cap || strcmp(cap, "NET_BIND_SERVICE") == 0 ||
		    strcmp(cap, "CAP_NET_BIND_SERVICE") == 0)
			continue;
		if (edit) {
			drop[i] = any = true;
			dh_diag_add(p->diags, DH_SEV_NOTE, "DH216", p->src,
				    it->span,
				    "container '%s' adds capability '%s': "
				    "removed",
				    c->name, cap);
			continue;
		}
		c->keep_sys_admin = c->keep_sys_admin || is_sys_admin(cap);
		dh_diag_add(p->diags, DH_SEV_WARNING, "DH216", p->src, it->span,
			    "container '%s' adds capability '%s'", c->name,
			    cap);
	}
	if (any)
		dh__seq_remove(p, add, drop);
}

/* capabilities present: warn about add, make drop hold ALL. */
static void patch_caps(dh__patcher *p, ctr_ctx *c, const dh_ynode *caps,
		       bool inherited)
{
	bool inh = false;
	bool add_inh = false;
	const dh_ynode *add = dh_ynode_lookup(caps, "add", &add_inh);
	check_cap_add(p, c, add, inherited || add_inh);
	if (!c->ident)
		return;
	const dh_ynode *drop = dh_ynode_lookup(caps, "drop", &inh);
	const dh_ynode *rdrop = dh_ynode_resolve(drop);
	if (rdrop && rdrop->kind == DH_YNODE_SEQ && seq_has(rdrop, "ALL"))
		return;
	if (inherited || inh || caps->kind != DH_YNODE_MAP ||
	    (drop && drop->kind != DH_YNODE_SEQ && !is_null(drop))) {
		dh_diag_add(p->diags, DH_SEV_WARNING, "DH220", p->src,
			    caps->span,
			    "container '%s' capabilities come through an alias "
			    "or merge key; 'drop: [ALL]' not added",
			    c->name);
		return;
	}
	dh__frag *all = dh__frag_kv(p, NULL, "ALL");
	if (drop && drop->kind == DH_YNODE_SEQ) {
		dh__seq_add(p, drop, all);
	} else if (drop) {
		dh__edits_insert(&p->edits, drop->span.start,
				 drop->value_len ? "[ALL]" : " [ALL]");
		if (drop->value_len)
			p->edits.items[p->edits.n - 1].del =
				drop->span.end - drop->span.start;
	} else {
		dh__frag *f = dh__frag_node(p, "drop", true);
		dh__frag_push(&f->kids, all);
		dh__map_add(p, caps, f);
	}
	note_add(&c->added, "capabilities.drop");
}

static void sc_bad_values(dh__patcher *p, ctr_ctx *c, const dh_ynode *sc,
			  bool inherited)
{
	bool inh = false;
	const char *name = c->name;
	const dh_ynode *v = dh_ynode_lookup(sc, "privileged", &inh);
	if (dh__is_true(v))
		c->keep_priv = insecure(
			p, v, inherited || inh, "DH210",
			dh_arena_printf(p->arena,
					"container '%s' sets privileged: true",
					name),
			"false");
	v = dh_ynode_lookup(sc, "runAsUser", &inh);
	if (dh_ynode_is(dh_ynode_resolve(v), "0"))
		insecure(p, v, inherited || inh, "DH211",
			 dh_arena_printf(p->arena,
					 "container '%s' sets runAsUser: 0",
					 name),
			 num(p, uid_of(p)));
	v = dh_ynode_lookup(sc, "runAsNonRoot", &inh);
	if (dh__is_false(v))
		insecure(p, v, inherited || inh, "DH211",
			 dh_arena_printf(p->arena,
					 "container '%s' sets runAsNonRoot: "
					 "false",
					 name),
			 "true");
}

/*
 * runAsNonRoot (and, when the pod's containers differ, runAsUser and
 * runAsGroup) in the container's own securityContext.
 */
static void own_identity(dh__patcher *p, const pod_ctx *pod, const ctr_ctx *c,
			 const dh_ynode *sc, dh__frag **adds)
{
	if (!c->ident || c->k.no_uid)
		return;
	if ((pod->container_nonroot || c->own_identity) &&
	    !dh_ynode_lookup(sc, "runAsNonRoot", NULL))
		dh__frag_push(adds, dh__frag_kv(p, "runAsNonRoot", "true"));
	if (!c->own_identity || pod->explicit_user ||
	    dh_ynode_lookup(sc, "runAsUser", NULL))
		return;
	dh__frag_push(adds, dh__frag_kv(p, "runAsUser", num(p, c->k.uid)));
	if (c->k.gid && !dh_ynode_lookup(sc, "runAsGroup", NULL))
		dh__frag_push(adds,
			      dh__frag_kv(p, "runAsGroup", num(p, c->k.gid)));
}

/* The container has a securityContext mapping of its own. */
static void patch_sc(dh__patcher *p, const pod_ctx *pod, ctr_ctx *c,
		     const dh_ynode *sc, bool inherited)
{
	bool inh = false;
	bool editable = !inherited && sc->kind == DH_YNODE_MAP;
	dh__frag *adds = NULL;
	const dh_ynode *rsc = dh_ynode_resolve(sc);

	sc_bad_values(p, c, rsc, inherited || !editable);
	const dh_ynode *caps = dh_ynode_lookup(rsc, "capabilities", &inh);
	if (caps && !is_null(caps))
		patch_caps(p, c, caps, inherited || inh || !editable);
	const dh_ynode *v =
		dh_ynode_lookup(rsc, "allowPrivilegeEscalation", &inh);
	if (dh__is_true(v))
		insecure(p, v, inherited || inh || !editable, "DH212",
			 dh_arena_printf(p->arena,
					 "container '%s' sets "
					 "allowPrivilegeEscalation: true",
					 c->name),
			 "false");
	else if (!v && !c->keep_priv && !c->keep_sys_admin)
		dh__frag_push(&adds, dh__frag_kv(p, "allowPrivilegeEscalation",
						 "false"));
	v = dh_ynode_lookup(rsc, "readOnlyRootFilesystem", &inh);
	bool want = c->ident && c->k.rofs;
	c->rofs = want;
	if (dh__is_false(v))
		c->rofs = !insecure(
			p, v, inherited || inh || !editable, "DH213",
			dh_arena_printf(p->arena,
					"container '%s' sets "
					"readOnlyRootFilesystem: false",
					c->name),
			"true");
	else if (!v && want)
		dh__frag_push(&adds,
			      dh__frag_kv(p, "readOnlyRootFilesystem", "true"));
	else if (!dh__is_true(v))
		c->rofs = false;
	own_identity(p, pod, c, rsc, &adds);
	if (c->ident && (!caps || is_null(caps))) {
		if (caps && editable)
			fill_null(p, caps, drop_all(p)->kids);
		else
			dh__frag_push(&adds, drop_all(p));
	}
	if (!adds && !(caps && is_null(caps)))
		return;
	if (!editable) {
		dh_diag_add(p->diags, DH_SEV_WARNING, "DH220", p->src, sc->span,
			    "container '%s' securityContext comes through an "
			    "alias or merge key; not edited",
			    c->name);
		c->rofs = dh__is_true(v);
		return;
	}
	for (const dh__frag *f = adds; f; f = f->next)
		note_add(&c->added, f->key);
	if (caps && is_null(caps))
		note_add(&c->added, "capabilities");
	dh__map_add(p, sc, adds);
}

/* The whole container securityContext, for a container without one. */
static dh__frag *new_container_sc(dh__patcher *p, const pod_ctx *pod,
				  ctr_ctx *c)
{
	dh__frag *sc = dh__frag_node(p, "securityContext", false);
	dh__frag_push(&sc->kids,
		      dh__frag_kv(p, "allowPrivilegeEscalation", "false"));
	c->rofs = c->ident && c->k.rofs;
	if (c->rofs)
		dh__frag_push(&sc->kids,
			      dh__frag_kv(p, "readOnlyRootFilesystem", "true"));
	own_identity(p, pod, c, NULL, &sc->kids);
	if (c->ident)
		dh__frag_push(&sc->kids, drop_all(p));
	return sc;
}

static void add_path(const char **paths, size_t *n, size_t max,
		     const char *path)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp(paths[i], path) == 0)
			return;
	if (*n < max)
		paths[(*n)++] = path;
}

#define MAX_PATHS 64

/*
 * Paths this container must be able to write: /tmp and its contract's.
 * A path holding a variable is skipped with a warning: the patcher does
 * not know its value here, and a literal "$X" mount would be wrong.
 */
static size_t writable_paths(dh__patcher *p, const ctr_ctx *c,
			     const char **paths)
{
	size_t n = 0;
	add_path(paths, &n, MAX_PATHS, "/tmp");
	for (size_t i = 0; i < c->k.nwritable; i++) {
		const char *w = c->k.writable[i];
		if (w[0] == '/' && !strchr(w, '$')) {
			add_path(paths, &n, MAX_PATHS, w);
			continue;
		}
		dh_diag_add(p->diags, DH_SEV_WARNING, "DH254", p->src,
			    (dh_span){c->map->span.start, c->map->span.start},
			    "container '%s': writable path '%s' is not an "
			    "absolute path without variables; not mounted",
			    c->name, w);
	}
	return n;
}

/* True when a mount in mounts covers path (same path or a parent). */
static bool covered(const dh_ynode *mounts, const char *path)
{
	for (const dh_ynode *m = mounts ? mounts->first : NULL; m;
	     m = m->next) {
		const char *mp =
			dh__text_of(dh_ynode_lookup(m, "mountPath", NULL));
		if (!mp)
			continue;
		size_t len = strlen(mp);
		while (len > 1 && mp[len - 1] == '/')
			len--;
		if (strncmp(mp, path, len) == 0 &&
		    (path[len] == '\0' || path[len] == '/' ||
		     (len == 1 && mp[0] == '/')))
			return true;
	}
	return false;
}

static const char *take_name(dh__patcher *p, pod_ctx *pod, const char *path)
{
	char *name = dh_arena_alloc(p->arena, DH_K8S_LABEL_SIZE);
	dh_k8s_volume_name(name, path, pod->taken, pod->ntaken);
	if (pod->ntaken == pod->cap) {
		pod->cap = pod->cap ? pod->cap * 2 : 8;
		const char **grown =
			dh_arena_alloc(p->arena, pod->cap * sizeof(char *));
		if (pod->ntaken)
			memcpy(grown, pod->taken, pod->ntaken * sizeof(char *));
		pod->taken = grown;
	}
	pod->taken[pod->ntaken++] = name;
	return name;
}

static dh__frag *mount_item(dh__patcher *p, const char *name, const char *path)
{
	dh__frag *item = dh__frag_node(p, NULL, false);
	dh__frag_push(&item->kids, dh__frag_kv(p, "name", name));
	dh__frag_push(&item->kids, dh__frag_kv(p, "mountPath", path));
	return item;
}

static dh__frag *volume_item(dh__patcher *p, const char *name)
{
	dh__frag *item = dh__frag_node(p, NULL, false);
	dh__frag_push(&item->kids, dh__frag_kv(p, "name", name));
	dh__frag_push(&item->kids, dh__frag_kv(p, "emptyDir", "{}"));
	return item;
}

/* emptyDir mounts for writable paths; returns a new volumeMounts key. */
static dh__frag *patch_mounts(dh__patcher *p, pod_ctx *pod, ctr_ctx *c)
{
	const char *paths[MAX_PATHS];
	bool inh = false;
	dh__frag *items = NULL;

	if (!c->rofs || !c->ident || !pod->volumes_ok)
		return NULL;
	const dh_ynode *vm = dh_ynode_lookup(c->map, "volumeMounts", &inh);
	if (vm && (inh || vm->kind != DH_YNODE_SEQ) && !is_null(vm))
		return NULL;
	size_t n = writable_paths(p, c, paths);
	uint32_t at = vm && vm->kind == DH_YNODE_SEQ
			      ? dh_ynode_content_end(vm)
			      : dh__map_insert_pos(p, c->map);
	for (size_t i = 0; i < n; i++) {
		if (vm && vm->kind == DH_YNODE_SEQ && covered(vm, paths[i]))
			continue;
		const char *name = take_name(p, pod, paths[i]);
		dh__frag_push(&items, mount_item(p, name, paths[i]));
		dh__frag_push(&pod->new_volumes, volume_item(p, name));
		dh_diag_add(p->diags, DH_SEV_NOTE, "DH203", p->src,
			    (dh_span){at, at},
			    "container '%s': added emptyDir volume '%s' at "
			    "'%s'",
			    c->name, name, paths[i]);
	}
	if (!items)
		return NULL;
	if (vm && vm->kind == DH_YNODE_SEQ) {
		dh__seq_add(p, vm, items);
		return NULL;
	}
	if (vm) {
		dh__frag holder = {.seq = true, .kids = items};
		dh__fill_null(p, vm, &holder);
		return NULL;
	}
	dh__frag *key = dh__frag_node(p, "volumeMounts", true);
	key->kids = items;
	return key;
}

/*
 * The contract's state variable (PGDATA one level below the volume's
 * mount point) unless env already names it; returns a new env key, or
 * appends to the container's env list.
 */
static dh__frag *state_env(dh__patcher *p, ctr_ctx *c)
{
	bool inh = false;
	if (!c->ident || !c->k.state_env)
		return NULL;
	const char *eq = strchr(c->k.state_env, '=');
	const char *name = dh_arena_strndup(p->arena, c->k.state_env,
					    (size_t)(eq - c->k.state_env));
	const dh_ynode *env = dh_ynode_lookup(c->map, "env", &inh);
	const dh_ynode *renv = dh_ynode_resolve(env);
	for (const dh_ynode *it =
		     renv && renv->kind == DH_YNODE_SEQ ? renv->first : NULL;
	     it; it = it->next)
		if (dh_ynode_is(
			    dh_ynode_resolve(dh_ynode_lookup(it, "name", NULL)),
			    name))
			return NULL;
	if (env && (inh || env->kind != DH_YNODE_SEQ))
		return NULL;
	dh__frag *item = dh__frag_node(p, NULL, false);
	dh__frag_push(&item->kids, dh__frag_kv(p, "name", name));
	dh__frag_push(&item->kids, dh__frag_kv(p, "value", eq + 1));
	note_add(&c->added, dh_arena_printf(p->arena, "env %s", name));
	if (env) {
		dh__seq_add(p, env, item);
		return NULL;
	}
	dh__frag *key = dh__frag_node(p, "env", true);
	key->kids = item;
	return key;
}

static void patch_container(dh__patcher *p, pod_ctx *pod, const dh_ynode *map)
{
	ctr_ctx c = {.map = map, .added = DH_BUF_INIT};
	bool inh = false;
	dh__frag *adds = NULL;

	dh__ctr_plan(p, pod, &c);
	if (!dh__plain_keys(p, map, "a container") ||
	    !dh__plain_keys(p, dh_ynode_get(map, "securityContext"),
			    "a container securityContext"))
		return;
	const dh_ynode *sc = dh_ynode_lookup(map, "securityContext", &inh);
	uint32_t at = dh__map_insert_pos(p, map);
	if (!sc) {
		dh__frag_push(&adds, new_container_sc(p, pod, &c));
		note_add(&c.added, "securityContext");
	} else if (is_null(sc) && !inh) {
		fill_null(p, sc, new_container_sc(p, pod, &c)->kids);
		note_add(&c.added, "securityContext");
		at = sc->span.start;
	} else {
		at = sc->kind == DH_YNODE_MAP ? dh__map_insert_pos(p, sc) : at;
		patch_sc(p, pod, &c, sc, inh);
	}
	dh__frag *mounts = patch_mounts(p, pod, &c);
	if (mounts)
		dh__frag_push(&adds, mounts);
	dh__frag *env = state_env(p, &c);
	if (env)
		dh__frag_push(&adds, env);
	dh__map_add(p, map, adds);
	if (c.added.len)
		dh_diag_add(p->diags, DH_SEV_NOTE, "DH202", p->src,
			    (dh_span){at, at}, "container '%s': added %s",
			    c.name, c.added.data);
	dh__ctr_findings(p, pod, &c);
	dh_buf_free(&c.added);
}

static void patch_containers(dh__patcher *p, pod_ctx *pod, const char *key)
{
	bool inh = false;
	const dh_ynode *list = dh_ynode_lookup(pod->spec, key, &inh);
	if (!list || is_null(list))
		return;
	if (inh || list->kind != DH_YNODE_SEQ) {
		dh_diag_add(p->diags, DH_SEV_WARNING, "DH220", p->src,
			    list->span,
			    "'%s' comes through an alias or merge key; not "
			    "edited",
			    key);
		return;
	}
	for (const dh_ynode *it = list->first; it; it = it->next) {
		if (it->kind == DH_YNODE_MAP)
			patch_container(p, pod, it);
		else if (it->kind == DH_YNODE_ALIAS)
			dh_diag_add(p->diags, DH_SEV_WARNING, "DH220", p->src,
				    it->span,
				    "a container in '%s' is an alias; not "
				    "edited",
				    key);
	}
}

/* hostNetwork/hostPID/hostIPC and hostPath volumes. */
static void check_host(dh__patcher *p, const dh_ynode *spec)
{
	static const char *const keys[] = {"hostNetwork", "hostPID", "hostIPC"};
	bool inh = false;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const dh_ynode *v = dh_ynode_lookup(spec, keys[i], &inh);
		if (dh__is_true(v))
			insecure(p, v, inh, "DH214",
				 dh_arena_printf(p->arena, "pod sets %s: true",
						 keys[i]),
				 "false");
	}
}

/* Names of a StatefulSet's volumeClaimTemplates (also volume names). */
static void take_claims(pod_ctx *pod, const dh_ynode *claims)
{
	for (const dh_ynode *c = claims ? claims->first : NULL; c;
	     c = c->next) {
		const char *name = dh__text_of(dh_ynode_lookup(
			dh_ynode_lookup(c, "metadata", NULL), "name", NULL));
		if (name && pod->ntaken < pod->cap)
			pod->taken[pod->ntaken++] = name;
	}
}

/* Looks at the pod's volumes: names in use, hostPath, PVCs. */
static bool scan_volumes(dh__patcher *p, pod_ctx *pod, const dh_ynode *claims)
{
	bool inh = false;
	bool pvc = false;
	const dh_ynode *vols = dh_ynode_lookup(pod->spec, "volumes", &inh);

	pod->volumes_ok =
		!vols || is_null(vols) || (!inh && vols->kind == DH_YNODE_SEQ);
	if (!pod->volumes_ok) {
		dh_diag_add(p->diags, DH_SEV_WARNING, "DH220", p->src,
			    vols->span,
			    "pod volumes come through an alias or merge key; "
			    "no emptyDir volumes added");
		return false;
	}
	pod->volumes = vols;
	for (const dh_ynode *v = vols ? vols->first : NULL; v; v = v->next) {
		const char *name =
			dh__text_of(dh_ynode_lookup(v, "name", NULL));
		if (name) {
			pod->ntaken++; /* counted; filled below */
		}
		const dh_ynode *hp = dh_ynode_lookup(v, "hostPath", NULL);
		if (hp)
			dh_diag_add(p->diags, DH_SEV_WARNING, "DH215", p->src,
				    dh_ynode_key_of(hp)
					    ? dh_ynode_key_of(hp)->span
					    : hp->span,
				    "volume '%s' mounts a hostPath",
				    name ? name : "?");
		pvc = pvc || dh_ynode_lookup(v, "persistentVolumeClaim", NULL);
	}
	pod->cap = pod->ntaken + 8 + (claims ? claims->nchildren : 0);
	pod->taken = dh_arena_alloc(p->arena, pod->cap * sizeof(char *));
	pod->ntaken = 0;
	take_claims(pod, claims);
	for (const dh_ynode *v = vols ? vols->first : NULL; v; v = v->next) {
		const char *name =
			dh__text_of(dh_ynode_lookup(v, "name", NULL));
		if (name)
			pod->taken[pod->ntaken++] = name;
	}
	return pvc;
}

static dh__frag *low_port_sysctls(dh__patcher *p)
{
	dh__frag *s = dh__frag_node(p, "sysctls", true);
	dh__frag *item = dh__frag_node(p, NULL, false);
	dh__frag_push(&item->kids,
		      dh__frag_kv(p, "name", dh_low_port_sysctl()));
	dh__frag_push(&item->kids, dh__frag_kv(p, "value", "\"0\""));
	dh__frag_push(&s->kids, item);
	return s;
}

/*
 * The pod securityContext: fills in what is missing. The identity goes
 * here only when the plan proved one identity for every container.
 */
static void pod_sc_frags(dh__patcher *p, const pod_ctx *pod, const dh_ynode *sc,
			 bool fsgroup, dh__frag **adds)
{
	const dh_ynode *user = dh_ynode_lookup(sc, "runAsUser", NULL);
	uint32_t gid = pod->gid;
	const char *utext = dh__text_of(user);

	if (pod->identity) {
		if (!dh_ynode_lookup(sc, "runAsNonRoot", NULL))
			dh__frag_push(adds,
				      dh__frag_kv(p, "runAsNonRoot", "true"));
		if (!user)
			dh__frag_push(adds, dh__frag_kv(p, "runAsUser",
							num(p, pod->uid)));
		/* the strict defaults follow a uid the pod chose itself */
		if (pod->ev == DH__EV_STRICT && utext &&
		    strspn(utext, "0123456789") == strlen(utext) &&
		    strlen(utext) < 10 && strcmp(utext, "0") != 0)
			gid = (uint32_t)strtoul(utext, NULL, 10);
		if (gid && !dh_ynode_lookup(sc, "runAsGroup", NULL))
			dh__frag_push(adds, dh__frag_kv(p, "runAsGroup",
							num(p, gid)));
	}
	if (fsgroup && pod->fsgroup && !dh_ynode_lookup(sc, "fsGroup", NULL))
		dh__frag_push(adds,
			      dh__frag_kv(p, "fsGroup", num(p, pod->fsgroup)));
	/* node agents may need syscalls the runtime's default profile
	 * blocks (perf_event_open, setns): a finding there, not an edit */
	if (!pod->infra && !dh_ynode_lookup(sc, "seccompProfile", NULL)) {
		dh__frag *sp = dh__frag_node(p, "seccompProfile", false);
		dh__frag_push(&sp->kids,
			      dh__frag_kv(p, "type", "RuntimeDefault"));
		dh__frag_push(adds, sp);
	}
	if (pod->add_sysctl && !dh_ynode_lookup(sc, "sysctls", NULL))
		dh__frag_push(adds, low_port_sysctls(p));
}

static void pod_sc_bad(dh__patcher *p, const dh_ynode *sc, bool inherited)
{
	bool inh = false;
	const dh_ynode *v = dh_ynode_lookup(sc, "runAsUser", &inh);
	if (dh_ynode_is(dh_ynode_resolve(v), "0"))
		insecure(p, v, inherited || inh, "DH211",
			 "pod sets runAsUser: 0", num(p, uid_of(p)));
	v = dh_ynode_lookup(sc, "runAsNonRoot", &inh);
	if (dh__is_false(v))
		insecure(p, v, inherited || inh, "DH211",
			 "pod sets runAsNonRoot: false", "true");
}

/* Decides whether containers must carry runAsNonRoot themselves. */
static void plan_pod_nonroot(pod_ctx *pod, const dh_ynode *sc, bool inh)
{
	pod->container_nonroot = false;
	if (!sc || is_null(sc) || (!inh && sc->kind == DH_YNODE_MAP))
		return;
	/* the pod securityContext cannot be edited here */
	pod->container_nonroot =
		!dh_ynode_lookup(dh_ynode_resolve(sc), "runAsNonRoot", NULL);
}

static void patch_pod_sc(dh__patcher *p, const pod_ctx *pod, const dh_ynode *sc,
			 bool inh, bool fsgroup, dh__frag **spec_adds)
{
	const dh_ynode *spec = pod->spec;
	dh__frag *adds = NULL;
	dh_buf what = DH_BUF_INIT;
	bool editable = !inh && (!sc || sc->kind == DH_YNODE_MAP);
	uint32_t at = dh__map_insert_pos(p, spec);

	if (sc && !is_null(sc))
		pod_sc_bad(p, dh_ynode_resolve(sc), !editable);
	pod_sc_frags(p, pod, is_null(sc) ? NULL : dh_ynode_resolve(sc), fsgroup,
		     &adds);
	if (!adds)
		return;
	if (!editable && !is_null(sc)) {
		dh_diag_add(p->diags, DH_SEV_WARNING, "DH220", p->src, sc->span,
			    "pod securityContext comes through an alias or "
			    "merge key; not edited");
		return;
	}
	for (const dh__frag *f = adds; f; f = f->next)
		note_add(&what, f->key);
	if (!sc) {
		dh__frag *f = dh__frag_node(p, "securityContext", false);
		f->kids = adds;
		dh__frag_push(spec_adds, f);
	} else if (is_null(sc)) {
		fill_null(p, sc, adds);
		at = sc->span.start;
	} else {
		at = dh__map_insert_pos(p, sc);
		dh__map_add(p, sc, adds);
	}
	dh_diag_add(p->diags, DH_SEV_NOTE, "DH201", p->src, (dh_span){at, at},
		    "pod securityContext: added %s", what.data);
	dh_buf_free(&what);
}

static void patch_pod(dh__patcher *p, const dh_ynode *spec,
		      const dh_ynode *claims, const char *wl)
{
	pod_ctx pod = {.spec = spec, .wl = wl};
	if (!dh__plain_keys(p, spec, "the pod spec") ||
	    !dh__plain_keys(p, dh_ynode_get(spec, "securityContext"),
			    "the pod securityContext"))
		return;
	dh__frag *spec_adds = NULL;
	bool inh = false;

	const dh_ynode *os = dh_ynode_lookup(spec, "os", NULL);
	if (dh_ynode_is(dh_ynode_resolve(dh_ynode_lookup(os, "name", NULL)),
			"windows"))
		return;
	check_host(p, spec);
	bool pvc = scan_volumes(p, &pod, claims);
	dh__pod_plan(p, &pod);
	const dh_ynode *sc = dh_ynode_lookup(spec, "securityContext", &inh);
	plan_pod_nonroot(&pod, sc, inh);
	patch_containers(p, &pod, "initContainers");
	patch_containers(p, &pod, "containers");
	patch_containers(p, &pod, "ephemeralContainers");
	if (pod.new_volumes && pod.volumes && !is_null(pod.volumes))
		dh__seq_add(p, pod.volumes, pod.new_volumes);
	bool fsgroup = pvc || (claims && claims->first) ||
		       (p->facts_given && p->facts->nvolumes);
	patch_pod_sc(p, &pod, sc, inh, fsgroup, &spec_adds);
	if (pod.new_volumes && pod.volumes && is_null(pod.volumes)) {
		dh__frag holder = {.seq = true, .kids = pod.new_volumes};
		dh__fill_null(p, pod.volumes, &holder);
	} else if (pod.new_volumes && !pod.volumes) {
		dh__frag *f = dh__frag_node(p, "volumes", true);
		f->kids = pod.new_volumes;
		dh__frag_push(&spec_adds, f);
	}
	dh__map_add(p, spec, spec_adds);
}

static const kind_path *find_kind(const char *kind)
{
	for (size_t i = 0; kind && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return &kinds[i];
	return NULL;
}

static void patch_object(dh__patcher *p, const dh_ynode *obj)
{
	const kind_path *kp =
		find_kind(dh__text_of(dh_ynode_lookup(obj, "kind", NULL)));
	const dh_ynode *node = obj;
	bool inh = false;

	if (!kp || obj->kind != DH_YNODE_MAP)
		return;
	for (size_t i = 0; kp->keys[i]; i++) {
		node = dh_ynode_lookup(node, kp->keys[i], &inh);
		if (!node || is_null(node))
			return;
		if (inh || node->kind != DH_YNODE_MAP) {
			if (inh || node->kind == DH_YNODE_ALIAS)
				dh_diag_add(p->diags, DH_SEV_WARNING, "DH220",
					    p->src, node->span,
					    "%s '%s' comes through an alias "
					    "or merge key; not edited",
					    kp->kind, kp->keys[i]);
			return;
		}
	}
	/* a StatefulSet's claim templates are persistent volumes too */
	const dh_ynode *claims = dh_ynode_resolve(
		dh_ynode_lookup(dh_ynode_lookup(obj, "spec", NULL),
				"volumeClaimTemplates", NULL));
	const char *name = dh__text_of(dh_ynode_lookup(
		dh_ynode_lookup(obj, "metadata", NULL), "name", NULL));
	patch_pod(p, node,
		  claims && claims->kind == DH_YNODE_SEQ ? claims : NULL,
		  dh_arena_printf(p->arena, "%s '%s'", kp->kind,
				  name ? name : "?"));
}

void dh__patch_k8s_doc(dh__patcher *p, const dh_ynode *root)
{
	if (!root || root->kind != DH_YNODE_MAP)
		return;
	const char *kind = dh__text_of(dh_ynode_get(root, "kind"));
	if (!kind || strcmp(kind, "List") != 0) {
		patch_object(p, root);
		return;
	}
	const dh_ynode *items = dh_ynode_get(root, "items");
	if (!items || items->kind != DH_YNODE_SEQ)
		return;
	for (const dh_ynode *it = items->first; it; it = it->next)
		patch_object(p, it);
}

/* The pod spec of a workload object, or NULL. */
static const dh_ynode *pod_spec_of(const dh_ynode *obj)
{
	const kind_path *kp =
		find_kind(dh__text_of(dh_ynode_lookup(obj, "kind", NULL)));
	const dh_ynode *node = dh_ynode_resolve(obj);
	for (size_t i = 0; kp && node && kp->keys[i]; i++)
		node = dh_ynode_resolve(
			dh_ynode_lookup(node, kp->keys[i], NULL));
	return kp && node && node->kind == DH_YNODE_MAP ? node : NULL;
}

static size_t count_in(const dh_ynode *spec)
{
	static const char *const keys[] = {"initContainers", "containers",
					   "ephemeralContainers"};
	size_t n = 0;
	for (size_t i = 0; spec && i < 3; i++) {
		const dh_ynode *l =
			dh_ynode_resolve(dh_ynode_lookup(spec, keys[i], NULL));
		n += l && l->kind == DH_YNODE_SEQ ? l->nchildren : 0;
	}
	return n;
}

size_t dh__k8s_count_containers(const dh_ynode *root)
{
	if (!root || root->kind != DH_YNODE_MAP)
		return 0;
	if (!dh_ynode_is(dh_ynode_resolve(dh_ynode_get(root, "kind")), "List"))
		return count_in(pod_spec_of(root));
	const dh_ynode *items = dh_ynode_resolve(dh_ynode_get(root, "items"));
	size_t n = 0;
	for (const dh_ynode *it =
		     items && items->kind == DH_YNODE_SEQ ? items->first : NULL;
	     it; it = it->next)
		n += count_in(pod_spec_of(it));
	return n;
}
