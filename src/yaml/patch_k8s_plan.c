/* SPDX-License-Identifier: MIT */
/*
 * Plans a pod before it is edited: which containers have evidence for a
 * non-root identity and a read-only root (patch_contract.c), which are
 * infrastructure (host namespaces, privileged, system hostPaths) and keep
 * theirs, whether the identity fits at pod level, and whether a port below
 * 1024 needs the unprivileged-port sysctl. After the edit, whatever the
 * restricted profile still lacks becomes a finding carrying the edit.
 */
#include "patch_k8s_internal.h"

#include <stdlib.h>
#include <string.h>

#include "dockharden/emit.h"

/* Volume sources the restricted Pod Security profile allows. */
static const char *const restricted_volumes[] = {
	"name",
	"configMap",
	"csi",
	"downwardAPI",
	"emptyDir",
	"ephemeral",
	"persistentVolumeClaim",
	"projected",
	"secret",
	"hostPath", /* warned on its own (DH215) */
};

const char *dh__text_of(const dh_ynode *n)
{
	n = dh_ynode_resolve(n);
	return n && n->kind == DH_YNODE_SCALAR ? n->value : NULL;
}

/* The system hostPath behind the pod volume named name, or NULL. */
static const char *system_volume(const dh__pod *pod, const char *name)
{
	const dh_ynode *vols = dh_ynode_resolve(pod->volumes);
	for (const dh_ynode *v =
		     vols && vols->kind == DH_YNODE_SEQ ? vols->first : NULL;
	     v; v = v->next) {
		const char *vn = dh__text_of(dh_ynode_lookup(v, "name", NULL));
		if (!vn || strcmp(vn, name) != 0)
			continue;
		const char *path = dh__text_of(dh_ynode_lookup(
			dh_ynode_lookup(v, "hostPath", NULL), "path", NULL));
		return path && dh__is_system_host_path(path, strlen(path))
			       ? path
			       : NULL;
	}
	return NULL;
}

static bool is_number(const char *t)
{
	return t && *t && strspn(t, "0123456789") == strlen(t) &&
	       strlen(t) < 10;
}

/* Why this container keeps its identity, or NULL. */
static const char *infra_reason(dh__patcher *p, const dh__pod *pod,
				const dh__ctr *c)
{
	if (pod->host)
		return pod->host;
	const dh_ynode *sc = dh_ynode_resolve(
		dh_ynode_lookup(c->map, "securityContext", NULL));
	if (p->override)
		return NULL;
	if (dh__is_true(dh_ynode_lookup(sc, "privileged", NULL)))
		return dh_arena_printf(p->arena, "container '%s' is privileged",
				       c->name);
	if (dh_ynode_is(
		    dh_ynode_resolve(dh_ynode_lookup(sc, "runAsUser", NULL)),
		    "0"))
		return dh_arena_printf(
			p->arena, "container '%s' sets runAsUser: 0", c->name);
	const dh_ynode *vm =
		dh_ynode_resolve(dh_ynode_lookup(c->map, "volumeMounts", NULL));
	for (const dh_ynode *m = vm && vm->kind == DH_YNODE_SEQ ? vm->first
								: NULL;
	     m; m = m->next) {
		const char *name =
			dh__text_of(dh_ynode_lookup(m, "name", NULL));
		const char *path = name ? system_volume(pod, name) : NULL;
		if (path)
			return dh_arena_printf(p->arena,
					       "container '%s' mounts hostPath "
					       "'%s'",
					       c->name, path);
	}
	return NULL;
}

static dh_port_proto port_proto(const char *t)
{
	return !t		    ? DH_PROTO_TCP
	       : !strcmp(t, "UDP")  ? DH_PROTO_UDP
	       : !strcmp(t, "SCTP") ? DH_PROTO_SCTP
				    : DH_PROTO_TCP;
}

/* The lowest containerPort below 1024, or 0; hostPorts are findings. */
static uint32_t low_port(dh__patcher *p, const dh__pod *pod, const dh__ctr *c,
			 bool warn)
{
	uint32_t low = 0;
	const dh_ynode *ports =
		dh_ynode_resolve(dh_ynode_lookup(c->map, "ports", NULL));
	for (const dh_ynode *it =
		     ports && ports->kind == DH_YNODE_SEQ ? ports->first : NULL;
	     it; it = it->next) {
		const char *cp =
			dh__text_of(dh_ynode_lookup(it, "containerPort", NULL));
		const dh_ynode *hp = dh_ynode_lookup(it, "hostPort", NULL);
		const char *hpt = dh__text_of(hp);
		if (warn && hpt && is_number(hpt) && strtoul(hpt, NULL, 10))
			dh_diag_add(p->diags, DH_SEV_WARNING, "DH251", p->src,
				    hp->span,
				    "%s container '%s' uses hostPort %s, "
				    "outside the restricted profile",
				    pod->wl, c->name, hpt);
		if (!is_number(cp))
			continue;
		/* a port hardening moved counts where it listens now */
		uint32_t n = dh__port_after(
			p, c->name, (uint32_t)strtoul(cp, NULL, 10),
			port_proto(dh__text_of(
				dh_ynode_lookup(it, "protocol", NULL))));
		if (n && n < 1024 && (!low || n < low))
			low = n;
	}
	return low;
}

static bool has_ports(const dh__ctr *c)
{
	const dh_ynode *ports =
		dh_ynode_resolve(dh_ynode_lookup(c->map, "ports", NULL));
	return ports && ports->kind == DH_YNODE_SEQ && ports->first;
}

/* True when this container needs ports below 1024 as non-root. */
static bool needs_low(const dh__ctr *c)
{
	if (c->low)
		return true;
	/* a known image's default port counts unless the manifest says
	 * which ports it listens on */
	return c->k.low_port && (c->k.ev == DH__EV_FACTS || !has_ports(c));
}

static void plan_ctr(dh__patcher *p, const dh__pod *pod, dh__ctr *c, bool warn)
{
	c->name = dh__text_of(dh_ynode_get(c->map, "name"));
	if (!c->name)
		c->name = "?";
	c->image = dh__text_of(dh_ynode_get(c->map, "image"));
	dh__contract_for(&c->k, p, c->name, c->image);
	c->infra = infra_reason(p, pod, c);
	c->low = low_port(p, pod, c, warn);
	c->ident = !c->infra && c->k.ev != DH__EV_NONE &&
		   !(needs_low(c) && pod->sysctl_blocked);
	c->own_identity = c->ident && !pod->identity;
}

void dh__ctr_plan(dh__patcher *p, const dh__pod *pod, dh__ctr *c)
{
	plan_ctr(p, pod, c, false);
}

static const char *host_ns(dh__patcher *p, const dh_ynode *spec)
{
	static const char *const keys[] = {"hostPID", "hostNetwork", "hostIPC"};
	for (size_t i = 0; !p->override && i < 3; i++)
		if (dh__is_true(dh_ynode_lookup(spec, keys[i], NULL)))
			return dh_arena_printf(p->arena, "%s: true", keys[i]);
	return NULL;
}

/* Volume sources outside the restricted profile: one finding each. */
static void check_volume_types(dh__patcher *p, const dh__pod *pod)
{
	const dh_ynode *vols = dh_ynode_resolve(pod->volumes);
	for (const dh_ynode *v =
		     vols && vols->kind == DH_YNODE_SEQ ? vols->first : NULL;
	     v; v = v->next) {
		const dh_ynode *m = dh_ynode_resolve(v);
		if (!m || m->kind != DH_YNODE_MAP)
			continue;
		const char *name = dh__text_of(dh_ynode_get(m, "name"));
		for (const dh_ynode *k = m->first; k && k->next;
		     k = k->next->next) {
			bool ok = k->kind != DH_YNODE_SCALAR ||
				  dh_ynode_is(k, "<<");
			for (size_t i = 0;
			     !ok &&
			     i < sizeof(restricted_volumes) / sizeof(char *);
			     i++)
				ok = dh_ynode_is(k, restricted_volumes[i]);
			if (!ok)
				dh_diag_add(p->diags, DH_SEV_WARNING, "DH252",
					    p->src, k->span,
					    "%s volume '%s' has type '%s', "
					    "outside the restricted profile",
					    pod->wl, name ? name : "?",
					    k->value);
		}
	}
}

/* The pod's sysctls: already allowing low ports, or set without it. */
static void plan_sysctl(dh__pod *pod, const dh_ynode *sc)
{
	const dh_ynode *s =
		dh_ynode_resolve(dh_ynode_lookup(sc, "sysctls", NULL));
	if (!s)
		return;
	pod->sysctl_blocked = true;
	for (const dh_ynode *it = s->kind == DH_YNODE_SEQ ? s->first : NULL; it;
	     it = it->next)
		if (dh_ynode_is(
			    dh_ynode_resolve(dh_ynode_lookup(it, "name", NULL)),
			    dh_low_port_sysctl()))
			pod->sysctl_blocked = false;
}

/* Running totals over the pod's containers. */
typedef struct tally {
	size_t n;
	size_t nid;
	bool same; /* every identified container wants one uid:gid */
	bool low;  /* an identified container needs the sysctl */
	const dh__contract *first;
} tally;

static void plan_list(dh__patcher *p, dh__pod *pod, const char *key, tally *t)
{
	const dh_ynode *list =
		dh_ynode_resolve(dh_ynode_lookup(pod->spec, key, NULL));
	for (const dh_ynode *it =
		     list && list->kind == DH_YNODE_SEQ ? list->first : NULL;
	     it; it = it->next) {
		dh__ctr *c = dh_arena_alloc(p->arena, sizeof(*c));
		memset(c, 0, sizeof(*c));
		c->map = dh_ynode_resolve(it);
		if (!c->map || c->map->kind != DH_YNODE_MAP)
			continue;
		plan_ctr(p, pod, c, true);
		t->n++;
		if (c->infra && !pod->infra)
			pod->infra = c->infra;
		if (!c->ident)
			continue;
		t->low = t->low || needs_low(c);
		if (!t->first)
			t->first = &c->k;
		t->same = t->same && !c->k.no_uid &&
			  c->k.uid == t->first->uid &&
			  c->k.gid == t->first->gid;
		t->nid++;
	}
}

void dh__pod_plan(dh__patcher *p, dh__pod *pod)
{
	bool inh = false;
	const dh_ynode *sc =
		dh_ynode_lookup(pod->spec, "securityContext", &inh);
	const dh_ynode *rsc = dh_ynode_resolve(sc);
	tally t = {.same = true};

	pod->host = host_ns(p, pod->spec);
	pod->infra = pod->host;
	plan_sysctl(pod, rsc);
	const char *user = dh__text_of(dh_ynode_lookup(rsc, "runAsUser", NULL));
	pod->explicit_user = user != NULL;
	plan_list(p, pod, "initContainers", &t);
	plan_list(p, pod, "containers", &t);
	plan_list(p, pod, "ephemeralContainers", &t);
	check_volume_types(p, pod);
	bool editable = !sc || (!inh && sc->kind == DH_YNODE_MAP) ||
			(!inh && sc->kind == DH_YNODE_SCALAR);
	bool root_kept = user && strcmp(user, "0") == 0 && !p->override;
	pod->identity = t.n && t.nid == t.n && t.same && editable && !root_kept;
	if (t.first) {
		pod->uid = t.first->uid;
		pod->ev = t.first->ev;
		pod->gid = t.first->gid;
		pod->fsgroup = t.first->fsgroup ? t.first->fsgroup
			       : t.first->gid	? t.first->gid
						: t.first->uid;
	}
	if (pod->infra)
		pod->fsgroup = 0;
	pod->add_sysctl = t.low && !pod->sysctl_blocked;
	pod->nonroot = pod->identity ||
		       dh__is_true(dh_ynode_lookup(rsc, "runAsNonRoot", NULL));
	if (pod->infra)
		dh_diag_add(
			p->diags, DH_SEV_WARNING, "DH240", p->src,
			(dh_span){pod->spec->span.start, pod->spec->span.start},
			"%s is an infrastructure workload (%s): its user, "
			"root filesystem and capabilities are kept",
			pod->wl, pod->infra);
}

/* Why the container was left as it is, for the finding. */
static const char *left_because(dh__patcher *p, const dh__pod *pod,
				const dh__ctr *c)
{
	if (c->infra)
		return dh_arena_printf(p->arena, "infrastructure (%s)",
				       c->infra);
	if (c->k.ev != DH__EV_NONE && !c->ident)
		return dh_arena_printf(p->arena,
				       "it listens below port 1024 and the "
				       "pod's sysctls lack %s",
				       dh_low_port_sysctl());
	if (c->k.no_uid)
		return dh_arena_printf(p->arena,
				       "its Dockerfile's USER '%s' is no "
				       "number the kubelet can check%s%s",
				       c->k.user_name, c->k.why_not ? "; " : "",
				       c->k.why_not ? c->k.why_not : "");
	if (c->k.why_not)
		return c->k.why_not;
	if (c->k.ev != DH__EV_NONE)
		return dh_arena_printf(p->arena,
				       "%s writes outside its state paths",
				       c->k.source);
	(void)pod;
	return dh_arena_printf(p->arena,
			       "no evidence that image '%s' runs as non-root "
			       "with a read-only root",
			       c->image ? c->image : "?");
}

static const char *how_to_prove(const dh__ctr *c)
{
	if (c->infra)
		return "review it by hand; --override forces the change";
	if (c->k.why_not || c->k.no_uid)
		return "change the Dockerfile as `dockharden harden` says, or "
		       "use --level=strict";
	if (c->k.ev != DH__EV_NONE)
		return "mount what it writes and set it by hand, or use "
		       "--level=strict";
	return "pair it with its Dockerfile (--dockerfile F --container "
	       "NAME, or migrate), describe the image under images: in "
	       ".dockharden.yaml (uid, writable, ports), or use "
	       "--level=strict to apply all";
}

static bool sc_has_true(const dh_ynode *sc, const char *key)
{
	return dh__is_true(dh_ynode_lookup(sc, key, NULL));
}

static bool drops_all(const dh_ynode *sc)
{
	const dh_ynode *drop = dh_ynode_resolve(dh_ynode_lookup(
		dh_ynode_lookup(sc, "capabilities", NULL), "drop", NULL));
	for (const dh_ynode *it =
		     drop && drop->kind == DH_YNODE_SEQ ? drop->first : NULL;
	     it; it = it->next)
		if (dh_ynode_is(dh_ynode_resolve(it), "ALL"))
			return true;
	return false;
}

/* Point 7: a runAsUser written in the manifest against its Dockerfile. */
static void check_consistency(dh__patcher *p, const dh__pod *pod,
			      const dh__ctr *c, const dh_ynode *sc)
{
	if (c->k.ev != DH__EV_FACTS || !p->facts->user_known)
		return;
	const dh_ynode *u = dh_ynode_lookup(sc, "runAsUser", NULL);
	if (!u)
		u = dh_ynode_lookup(
			dh_ynode_lookup(pod->spec, "securityContext", NULL),
			"runAsUser", NULL);
	const char *t = dh__text_of(u);
	if (!is_number(t) || strtoul(t, NULL, 10) == p->facts->uid ||
	    strcmp(t, "0") == 0)
		return;
	dh_diag_add(p->diags, DH_SEV_WARNING, "DH255", p->src, u->span,
		    "%s container '%s' runs as %s but its Dockerfile's USER is "
		    "%lu",
		    pod->wl, c->name, t, (unsigned long)p->facts->uid);
}

void dh__ctr_findings(dh__patcher *p, const dh__pod *pod, const dh__ctr *c)
{
	const dh_ynode *sc = dh_ynode_resolve(
		dh_ynode_lookup(c->map, "securityContext", NULL));
	dh_buf miss = DH_BUF_INIT;
	dh_buf edit = DH_BUF_INIT;

	check_consistency(p, pod, c, sc);
	if ((!c->ident || c->k.no_uid) && !pod->nonroot &&
	    !sc_has_true(sc, "runAsNonRoot")) {
		dh_buf_puts(&miss, "runAsNonRoot, runAsUser");
		dh_buf_puts(&edit, "runAsNonRoot: true, runAsUser: 10001, "
				   "runAsGroup: 10001");
	}
	if ((!c->ident || !c->k.rofs) &&
	    !sc_has_true(sc, "readOnlyRootFilesystem")) {
		dh_buf_puts(&miss, miss.len ? ", " : "");
		dh_buf_puts(&miss, "readOnlyRootFilesystem");
		dh_buf_puts(&edit, edit.len ? ", " : "");
		dh_buf_puts(&edit, "readOnlyRootFilesystem: true");
	}
	if (!c->ident && !drops_all(sc)) {
		dh_buf_puts(&miss, miss.len ? ", " : "");
		dh_buf_puts(&miss, "capabilities.drop [ALL]");
		dh_buf_puts(&edit, edit.len ? ", " : "");
		dh_buf_puts(&edit, "capabilities: {drop: [ALL]}");
	}
	if (pod->infra && !dh_ynode_lookup(sc, "seccompProfile", NULL) &&
	    !dh_ynode_lookup(
		    dh_ynode_lookup(pod->spec, "securityContext", NULL),
		    "seccompProfile", NULL)) {
		dh_buf_puts(&miss, miss.len ? ", " : "");
		dh_buf_puts(&miss, "seccompProfile");
		dh_buf_puts(&edit, edit.len ? ", " : "");
		dh_buf_puts(&edit, "seccompProfile: {type: RuntimeDefault}");
	}
	if (miss.len) {
		const dh_ynode *name = dh_ynode_get(c->map, "name");
		dh_span at = name ? name->span
				  : (dh_span){c->map->span.start,
					      c->map->span.start};
		dh_diag *d = dh_diag_add(
			p->diags, DH_SEV_WARNING, "DH250", p->src, at,
			"%s container '%s' left without %s: %s", pod->wl,
			c->name, miss.data, left_because(p, pod, c));
		d->hint = dh_arena_printf(
			p->arena,
			"suggested edit: securityContext: {%s}%s; to apply it, "
			"%s",
			edit.data,
			strstr(miss.data, "readOnly")
				? " with an emptyDir for each path it writes"
				: "",
			how_to_prove(c));
	}
	dh_buf_free(&miss);
	dh_buf_free(&edit);
}
