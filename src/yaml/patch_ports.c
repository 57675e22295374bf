/* SPDX-License-Identifier: MIT */
/*
 * DH256: ports that hardening moved (official nginx on 80 becomes
 * nginx-unprivileged on 8080) move in the manifests around the image too.
 * For a container or compose service whose Dockerfile facts carry moves:
 * its containerPort, its probes' port numbers, the targetPort of every
 * Service that selects its pods, compose ports (the container side only),
 * expose and a healthcheck that names the port. Only the number changes;
 * a value that is neither the old nor the new port, or text the patcher
 * cannot read with certainty, is reported and kept.
 */
#include "patch_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dockharden/pass.h"

static const char *text_of(const dh_ynode *n)
{
	n = dh_ynode_resolve(n);
	return n && n->kind == DH_YNODE_SCALAR ? n->value : NULL;
}

/* A port number written alone: "80", not "http" nor "80a". */
static bool port_number(uint32_t *out, const char *t)
{
	size_t n = t ? strspn(t, "0123456789") : 0;
	if (!n || n > 5 || t[n] != '\0')
		return false;
	unsigned long v = strtoul(t, NULL, 10);
	*out = (uint32_t)v;
	return v >= 1 && v <= 65535;
}

static bool proto_of(dh_port_proto *out, const char *t)
{
	*out = DH_PROTO_TCP;
	if (!t || !strcasecmp(t, "tcp"))
		return true;
	if (!strcasecmp(t, "udp"))
		*out = DH_PROTO_UDP;
	else if (!strcasecmp(t, "sctp"))
		*out = DH_PROTO_SCTP;
	else
		return false;
	return true;
}

const dh_facts *dh__moves_for(const dh__patcher *p, const char *name)
{
	const dh_facts *f = dh__facts_for(p, name);
	return f && f->nmoves ? f : NULL;
}

uint32_t dh__port_after(const dh__patcher *p, const char *name, uint32_t port,
			dh_port_proto proto)
{
	const dh_port_move *m =
		dh_facts_move_of(dh__moves_for(p, name), port, proto);
	return m ? m->to : port;
}

/* "8080" or "8080, 8443": the hardened image's ports, for messages. */
static const char *port_list(dh__patcher *p, const dh_facts *f)
{
	dh_buf b = DH_BUF_INIT;
	for (size_t i = 0; i < f->nports; i++)
		dh_buf_printf(&b, "%s%lu%s", i ? ", " : "",
			      (unsigned long)f->ports[i].number,
			      dh_port_proto_suffix(f->ports[i].proto));
	const char *s = dh_arena_strdup(p->arena, b.data ? b.data : "");
	dh_buf_free(&b);
	return s;
}

static bool exposes(const dh_facts *f, uint32_t port, dh_port_proto proto)
{
	for (size_t i = 0; i < f->nports; i++)
		if (f->ports[i].number == port && f->ports[i].proto == proto)
			return true;
	return false;
}

/* True when v or a node holding it is anchored: other places use it. */
static bool anchored(const dh_ynode *v)
{
	for (; v; v = v->parent)
		if (v->anchor)
			return true;
	return false;
}

/*
 * Replaces len bytes at offset off of scalar v's value with text, when
 * the value is written in the file exactly as it reads (one line, no
 * escapes) and is not shared through an anchor. Returns false, editing
 * nothing, otherwise.
 */
static bool replace_in(dh__patcher *p, const dh_ynode *v, size_t off,
		       size_t len, const char *text)
{
	if (v->kind != DH_YNODE_SCALAR || off + len > v->value_len ||
	    anchored(v))
		return false;
	uint32_t start = v->span.start;
	if (v->style == DH_YSCALAR_SINGLE || v->style == DH_YSCALAR_DOUBLE)
		start++;
	else if (v->style != DH_YSCALAR_PLAIN)
		return false;
	if (start + v->value_len > p->src->len ||
	    memchr(v->value, '\n', v->value_len) ||
	    memcmp(p->src->data + start, v->value, v->value_len) != 0)
		return false;
	uint32_t at = start + (uint32_t)off;
	dh__edits_replace(&p->edits, (dh_span){at, at + (uint32_t)len}, text);
	return true;
}

static void note(dh__patcher *p, const dh_ynode *v, const char *msg)
{
	dh_diag_add(p->diags, DH_SEV_NOTE, "DH256", p->src, v->span, "%s", msg);
}

static dh_diag *warn(dh__patcher *p, const dh_ynode *v, const char *msg)
{
	return dh_diag_add(p->diags, DH_SEV_WARNING, "DH256", p->src, v->span,
			   "%s", msg);
}

/*
 * One port value (containerPort, a probe's port, targetPort) that refers
 * to the image: the old number becomes the new one; the new number or a
 * name needs nothing; another number the image does not expose is
 * reported. what names the value in messages.
 */
static void move_value(dh__patcher *p, const dh_facts *f, const dh_ynode *v,
		       dh_port_proto proto, const char *what)
{
	uint32_t n;
	const char *t = text_of(v);
	if (!port_number(&n, t))
		return; /* a name: it follows the containerPort it names */
	const dh_port_move *m = dh_facts_move_of(f, n, proto);
	if (!m) {
		if (!exposes(f, n, proto))
			warn(p, v,
			     dh_arena_printf(p->arena,
					     "%s is %s, which the hardened "
					     "image does not listen on (%s): "
					     "kept; check which port it means",
					     what, t, port_list(p, f)));
		return;
	}
	const char *to = dh__num(p, m->to);
	if (v->kind == DH_YNODE_ALIAS || dh_ynode_resolve(v) != v ||
	    !replace_in(p, v, 0, v->value_len, to)) {
		warn(p, v,
		     dh_arena_printf(p->arena,
				     "%s is %s, where the hardened image no "
				     "longer listens: make it %s (not edited: "
				     "shared through an anchor, or written "
				     "with escapes)",
				     what, t, to));
		return;
	}
	note(p, v,
	     dh_arena_printf(p->arena,
			     "%s: %s becomes %s, the port its hardened image "
			     "listens on",
			     what, t, to));
}

/* ---- Kubernetes containers ---- */

static void move_probe(dh__patcher *p, const dh_facts *f, const dh_ynode *probe,
		       const char *ctr, const char *kind)
{
	static const char *const handlers[] = {"httpGet", "tcpSocket", "grpc"};
	for (size_t i = 0; i < 3; i++) {
		const dh_ynode *h = dh_ynode_resolve(
			dh_ynode_lookup(probe, handlers[i], NULL));
		const dh_ynode *port = h && h->kind == DH_YNODE_MAP
					       ? dh_ynode_get(h, "port")
					       : NULL;
		if (port)
			move_value(p, f, port, DH_PROTO_TCP,
				   dh_arena_printf(p->arena,
						   "container '%s' %s %s.port",
						   ctr, kind, handlers[i]));
	}
}

void dh__ports_k8s_ctr(dh__patcher *p, const dh_ynode *ctr, const char *name)
{
	static const char *const probes[] = {"livenessProbe", "readinessProbe",
					     "startupProbe"};
	const dh_facts *f = dh__moves_for(p, name);
	if (!f)
		return;
	const dh_ynode *ports =
		dh_ynode_resolve(dh_ynode_lookup(ctr, "ports", NULL));
	for (const dh_ynode *it =
		     ports && ports->kind == DH_YNODE_SEQ ? ports->first : NULL;
	     it; it = it->next) {
		const dh_ynode *cp = dh_ynode_lookup(it, "containerPort", NULL);
		dh_port_proto proto;
		if (cp && proto_of(&proto, text_of(dh_ynode_lookup(
						   it, "protocol", NULL))))
			move_value(p, f, cp, proto,
				   dh_arena_printf(p->arena,
						   "container '%s' "
						   "containerPort",
						   name));
	}
	for (size_t i = 0; i < 3; i++) {
		const dh_ynode *probe =
			dh_ynode_resolve(dh_ynode_lookup(ctr, probes[i], NULL));
		if (probe && probe->kind == DH_YNODE_MAP)
			move_probe(p, f, probe, name, probes[i]);
	}
}

/* ---- workloads whose ports moved, and the Services selecting them ---- */

static void moved_push(dh__patcher *p, const dh_patch_moved *m)
{
	if (p->nmoved == p->moved_cap) {
		p->moved_cap = p->moved_cap ? p->moved_cap * 2 : 4;
		dh_patch_moved *grown =
			dh_arena_alloc(p->arena, p->moved_cap * sizeof(*grown));
		if (p->nmoved)
			memcpy(grown, p->moved, p->nmoved * sizeof(*grown));
		p->moved = grown;
	}
	p->moved[p->nmoved++] = *m;
}

/* The pod labels of a workload as key, value, key, value ... */
static size_t labels_of(const char ***out, dh__patcher *p, const dh_ynode *tpl)
{
	const dh_ynode *labels = dh_ynode_resolve(dh_ynode_lookup(
		dh_ynode_resolve(dh_ynode_lookup(tpl, "metadata", NULL)),
		"labels", NULL));
	size_t n = 0;
	*out = NULL;
	if (!labels || labels->kind != DH_YNODE_MAP)
		return 0;
	*out = dh_arena_alloc(p->arena,
			      (labels->nchildren + 1) * sizeof(const char *));
	for (const dh_ynode *k = labels->first; k && k->next;
	     k = k->next->next) {
		const char *key = text_of(k);
		const char *value = text_of(k->next);
		if (key && value) {
			(*out)[n++] = key;
			(*out)[n++] = value;
		}
	}
	return n;
}

/* The facts with moves of the first container of the pod that has one. */
static const dh_facts *pod_moves(const dh__patcher *p, const dh_ynode *spec)
{
	static const char *const keys[] = {"containers", "initContainers"};
	for (size_t k = 0; k < 2; k++) {
		const dh_ynode *l =
			dh_ynode_resolve(dh_ynode_lookup(spec, keys[k], NULL));
		for (const dh_ynode *c = l && l->kind == DH_YNODE_SEQ ? l->first
								      : NULL;
		     c; c = c->next) {
			const dh_facts *f = dh__moves_for(
				p, text_of(dh_ynode_lookup(dh_ynode_resolve(c),
							   "name", NULL)));
			if (f)
				return f;
		}
	}
	return NULL;
}

static const char *namespace_of(const dh_ynode *obj)
{
	return text_of(dh_ynode_lookup(
		dh_ynode_resolve(dh_ynode_lookup(obj, "metadata", NULL)),
		"namespace", NULL));
}

static void collect_object(dh__patcher *p, const dh_ynode *obj)
{
	const char *kind = NULL;
	const dh_ynode *tpl = dh__k8s_pod_template(obj, &kind);
	const dh_ynode *spec =
		tpl ? dh_ynode_resolve(dh_ynode_lookup(tpl, "spec", NULL))
		    : NULL;
	const dh_facts *f = spec ? pod_moves(p, spec) : NULL;
	if (!f)
		return;
	const char *name = text_of(dh_ynode_lookup(
		dh_ynode_resolve(dh_ynode_lookup(obj, "metadata", NULL)),
		"name", NULL));
	const char **labels;
	dh_patch_moved m = {.ns = namespace_of(obj), .facts = f};
	m.nlabels = labels_of(&labels, p, tpl);
	m.labels = labels;
	m.workload =
		dh_arena_printf(p->arena, "%s '%s'", kind, name ? name : "?");
	moved_push(p, &m);
}

void dh__ports_collect(dh__patcher *p, const dh_ystream *stream)
{
	for (const dh_ydoc *d = stream->first; d; d = d->next) {
		const dh_ynode *root = d->root;
		if (!root || root->kind != DH_YNODE_MAP || dh__is_compose(root))
			continue;
		if (!dh_ynode_is(dh_ynode_get(root, "kind"), "List")) {
			collect_object(p, root);
			continue;
		}
		const dh_ynode *items = dh_ynode_get(root, "items");
		for (const dh_ynode *it = items && items->kind == DH_YNODE_SEQ
						  ? items->first
						  : NULL;
		     it; it = it->next)
			collect_object(p, dh_ynode_resolve(it));
	}
}

static bool same_namespace(const char *a, const char *b)
{
	return strcmp(a ? a : "default", b ? b : "default") == 0;
}

/* Every pair of the selector is among the workload's pod labels. */
static bool selects(const dh_ynode *selector, const dh_patch_moved *m)
{
	if (!selector || selector->kind != DH_YNODE_MAP || !selector->first)
		return false;
	for (const dh_ynode *k = selector->first; k && k->next;
	     k = k->next->next) {
		const char *key = text_of(k);
		const char *value = text_of(k->next);
		bool found = false;
		for (size_t i = 0; key && value && i + 1 < m->nlabels; i += 2)
			found = found || (strcmp(m->labels[i], key) == 0 &&
					  strcmp(m->labels[i + 1], value) == 0);
		if (!found)
			return false;
	}
	return true;
}

static const dh_patch_moved *selected(const dh__patcher *p,
				      const dh_ynode *selector, const char *ns)
{
	for (size_t i = 0; i < p->nmoved; i++)
		if (same_namespace(ns, p->moved[i].ns) &&
		    selects(selector, &p->moved[i]))
			return &p->moved[i];
	for (size_t i = 0; i < p->opts->nmoved; i++)
		if (same_namespace(ns, p->opts->moved[i].ns) &&
		    selects(selector, &p->opts->moved[i]))
			return &p->opts->moved[i];
	return NULL;
}

/* A port without targetPort sends to its own number: add one. */
static void add_target(dh__patcher *p, const dh_ynode *item,
		       const dh_ynode *port, const dh_port_move *m,
		       const char *what)
{
	if (item->kind != DH_YNODE_MAP || !dh__plain_keys(p, item, what)) {
		warn(p, port,
		     dh_arena_printf(p->arena,
				     "%s sends to %lu, where the hardened "
				     "image no longer listens: add "
				     "targetPort: %lu (not edited)",
				     what, (unsigned long)m->from,
				     (unsigned long)m->to));
		return;
	}
	dh__map_add(p, item, dh__frag_kv(p, "targetPort", dh__num(p, m->to)));
	note(p, port,
	     dh_arena_printf(p->arena,
			     "%s: added targetPort: %lu, the port its "
			     "hardened image listens on (port %lu is kept)",
			     what, (unsigned long)m->to,
			     (unsigned long)m->from));
}

static void service_port(dh__patcher *p, const dh_patch_moved *m,
			 const dh_ynode *item, const char *svc)
{
	dh_port_proto proto;
	const dh_ynode *target = dh_ynode_lookup(item, "targetPort", NULL);
	const dh_ynode *port = dh_ynode_lookup(item, "port", NULL);
	const char *pname = text_of(dh_ynode_lookup(item, "name", NULL));
	if (!proto_of(&proto, text_of(dh_ynode_lookup(item, "protocol", NULL))))
		return;
	const char *what = dh_arena_printf(
		p->arena, "Service '%s' port%s%s%s (selects %s)", svc,
		pname ? " '" : "", pname ? pname : "", pname ? "'" : "",
		m->workload);
	if (target) {
		move_value(p, m->facts, target, proto,
			   dh_arena_printf(p->arena, "%s targetPort", what));
		return;
	}
	uint32_t n;
	const dh_port_move *mv = port_number(&n, text_of(port))
					 ? dh_facts_move_of(m->facts, n, proto)
					 : NULL;
	if (mv)
		add_target(p, dh_ynode_resolve(item), port, mv, what);
}

void dh__ports_service(dh__patcher *p, const dh_ynode *obj)
{
	if (!dh_ynode_is(dh_ynode_resolve(dh_ynode_lookup(obj, "kind", NULL)),
			 "Service"))
		return;
	const dh_ynode *spec =
		dh_ynode_resolve(dh_ynode_lookup(obj, "spec", NULL));
	const dh_ynode *sel =
		dh_ynode_resolve(dh_ynode_lookup(spec, "selector", NULL));
	const dh_patch_moved *m = selected(p, sel, namespace_of(obj));
	if (!m)
		return;
	const char *name = text_of(dh_ynode_lookup(
		dh_ynode_resolve(dh_ynode_lookup(obj, "metadata", NULL)),
		"name", NULL));
	const dh_ynode *ports =
		dh_ynode_resolve(dh_ynode_lookup(spec, "ports", NULL));
	for (const dh_ynode *it =
		     ports && ports->kind == DH_YNODE_SEQ ? ports->first : NULL;
	     it; it = it->next)
		service_port(p, m, it, name ? name : "?");
}

/* ---- compose ---- */

/*
 * The container side of a ports or expose item: "80", "8080:80",
 * "127.0.0.1:8080:80", "80/tcp". Sets its offset and length in t and the
 * protocol; false for what is not one number (a range, a variable).
 */
static bool container_side(size_t *off, size_t *len, dh_port_proto *proto,
			   const char *t)
{
	const char *c = strrchr(t, ':');
	const char *num = c ? c + 1 : t;
	size_t n = strspn(num, "0123456789");
	const char *slash = num[n] == '/' ? num + n + 1 : NULL;
	if (!n || (num[n] != '\0' && !slash) || !proto_of(proto, slash))
		return false;
	*off = (size_t)(num - t);
	*len = n;
	return true;
}

/* An item the patcher cannot read as one port: reported when it may
 * name a moved one. */
static void compose_unsure(dh__patcher *p, const dh_facts *f,
			   const dh_ynode *it, const char *what)
{
	const char *t = text_of(it);
	for (size_t i = 0; i < f->nmoves; i++) {
		const dh_port_move *m = &f->moves[i];
		if (!strstr(t, dh__num(p, m->from)))
			continue;
		warn(p, it,
		     dh_arena_printf(p->arena,
				     "%s '%s' may name port %lu, which moved "
				     "to %lu: not edited; check it",
				     what, t, (unsigned long)m->from,
				     (unsigned long)m->to));
	}
}

/* The long form: target is the container side. */
static void compose_long(dh__patcher *p, const dh_facts *f, const dh_ynode *it,
			 const char *what)
{
	dh_port_proto proto;
	const dh_ynode *target = dh_ynode_lookup(it, "target", NULL);
	const char *pt = text_of(dh_ynode_lookup(it, "protocol", NULL));
	if (target && proto_of(&proto, pt))
		move_value(p, f, target, proto,
			   dh_arena_printf(p->arena, "%s target", what));
}

static void compose_item(dh__patcher *p, const dh_facts *f, const dh_ynode *it,
			 const char *what)
{
	size_t off;
	size_t len;
	dh_port_proto proto;
	const char *t = text_of(it);
	if (!t) {
		compose_long(p, f, it, what);
		return;
	}
	if (!container_side(&off, &len, &proto, t)) {
		compose_unsure(p, f, it, what);
		return;
	}
	uint32_t n = (uint32_t)strtoul(t + off, NULL, 10);
	const dh_port_move *m = dh_facts_move_of(f, n, proto);
	if (!m)
		return; /* another port of the service: not this move's */
	const char *to = dh__num(p, m->to);
	if (dh_ynode_resolve(it) != it || !replace_in(p, it, off, len, to)) {
		warn(p, it,
		     dh_arena_printf(p->arena,
				     "%s '%s' reaches port %lu, where the "
				     "hardened image no longer listens: make "
				     "the container side %s (not edited)",
				     what, t, (unsigned long)n, to));
		return;
	}
	note(p, it,
	     dh_arena_printf(p->arena,
			     "%s '%s': container port %lu becomes %s, the "
			     "port its hardened image listens on",
			     what, t, (unsigned long)n, to));
}

/* Hosts a healthcheck inside the container reaches itself by. */
static const char *const loopback[] = {
	"localhost:", "127.0.0.1:", "0.0.0.0:", "[::1]:"};

/* Offset of the port in "HOSTnum" in t followed by no digit, or -1. */
static long find_host_port(const char *t, size_t start, const char *num,
			   const char *host)
{
	size_t hl = strlen(host);
	size_t nl = strlen(num);
	for (const char *s = strstr(t + start, host); s;
	     s = strstr(s + 1, host))
		if (strncmp(s + hl, num, nl) == 0 &&
		    (s[hl + nl] < '0' || s[hl + nl] > '9'))
			return (long)(s + hl - t);
	return -1;
}

/* Rewrites every loopback:old in a healthcheck word; false when none. */
static bool health_rewrite(dh__patcher *p, const dh_ynode *w,
			   const dh_port_move *m, const char *svc)
{
	const char *t = text_of(w);
	const char *from = dh__num(p, m->from);
	const char *to = dh__num(p, m->to);
	bool done = false;
	for (size_t h = 0; h < sizeof(loopback) / sizeof(*loopback); h++) {
		for (long at = find_host_port(t, 0, from, loopback[h]);
		     at >= 0 && dh_ynode_resolve(w) == w;
		     at = find_host_port(t, (size_t)at, from, loopback[h])) {
			if (!replace_in(p, w, (size_t)at, strlen(from), to))
				return done;
			done = true;
			note(p, w,
			     dh_arena_printf(p->arena,
					     "service '%s' healthcheck: %s%s "
					     "becomes %s%s, the port its "
					     "hardened image listens on",
					     svc, loopback[h], from,
					     loopback[h], to));
		}
	}
	return done;
}

/* A URL that reaches port 80 without naming it. */
static bool implicit_80(const char *t)
{
	return strstr(t, "http://localhost/") ||
	       strstr(t, "http://127.0.0.1/") ||
	       strcmp(t, "http://localhost") == 0;
}

/* A healthcheck word: loopback:old becomes loopback:new; else reported. */
static void health_word(dh__patcher *p, const dh_facts *f, const dh_ynode *w,
			const char *svc)
{
	const char *t = text_of(w);
	for (size_t i = 0; t && i < f->nmoves; i++) {
		const dh_port_move *m = &f->moves[i];
		if (m->proto != DH_PROTO_TCP || health_rewrite(p, w, m, svc))
			continue;
		if ((m->from == 80 && implicit_80(t)) ||
		    find_host_port(t, 0, dh__num(p, m->from), ":") >= 0)
			warn(p, w,
			     dh_arena_printf(p->arena,
					     "service '%s' healthcheck '%s' "
					     "may reach port %lu, which moved "
					     "to %lu: not edited; check it",
					     svc, t, (unsigned long)m->from,
					     (unsigned long)m->to));
	}
}

void dh__ports_compose(dh__patcher *p, const char *name, const dh_ynode *svc)
{
	static const char *const keys[] = {"ports", "expose"};
	const dh_facts *f = dh__moves_for(p, name);
	if (!f)
		return;
	for (size_t k = 0; k < 2; k++) {
		const dh_ynode *l =
			dh_ynode_resolve(dh_ynode_lookup(svc, keys[k], NULL));
		const char *what = dh_arena_printf(p->arena, "service '%s' %s",
						   name, keys[k]);
		for (const dh_ynode *it =
			     l && l->kind == DH_YNODE_SEQ ? l->first : NULL;
		     it; it = it->next)
			compose_item(p, f, it, what);
	}
	const dh_ynode *hc = dh_ynode_resolve(dh_ynode_lookup(
		dh_ynode_resolve(dh_ynode_lookup(svc, "healthcheck", NULL)),
		"test", NULL));
	if (hc && hc->kind == DH_YNODE_SEQ)
		for (const dh_ynode *w = hc->first; w; w = w->next)
			health_word(p, f, w, name);
	else if (hc)
		health_word(p, f, hc, name);
}
