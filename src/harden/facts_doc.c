/* SPDX-License-Identifier: MIT */
/*
 * Runtime facts read off a (hardened) Dockerfile's final stage: its user,
 * ports and the paths that must stay writable under a read-only root
 * filesystem. Every emitter works from these, so the Dockerfile, the
 * Kubernetes YAML and the docker run flags always agree.
 */
#include "facts_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Where an EXPOSE is read: for ARG and ENV look-ups and findings. */
typedef struct port_ctx {
	dh_doc *doc;
	const dh_model *model;
	const dh_stage *st;
	const dh_node *node;
} port_ctx;

/*
 * EXPOSE ranges are expanded up to this many ports (docs/rules.md, "Ports
 * in the emitted settings"); a wider range is a finding, since a manifest
 * listing thousands of containerPorts helps nobody.
 */
#define EXPOSE_RANGE_MAX 16

/*
 * $PORT, ${PORT} or a text holding them, as Docker substitutes EXPOSE:
 * ENV values in effect (the stage's, then its parent's) before ARG
 * defaults. Arena-owned.
 */
static const char *expand_port(const port_ctx *c, const char *text)
{
	return dh_model_expand_at(c->model, c->doc, c->st, c->node, text);
}

static bool parse_proto(dh_port_proto *out, const char *t)
{
	if (!*t || !strcasecmp(t, "/tcp"))
		*out = DH_PROTO_TCP;
	else if (!strcasecmp(t, "/udp"))
		*out = DH_PROTO_UDP;
	else if (!strcasecmp(t, "/sctp"))
		*out = DH_PROTO_SCTP;
	else
		return false;
	return true;
}

/* One EXPOSE word: "80", "53/udp", "9191/Udp", "8000-8003/tcp". */
static void add_port_word(dh_facts *out, const port_ctx *c, const dh_word *w)
{
	const char *t = expand_port(c, w->text);
	char *end;
	unsigned long lo = strtoul(t, &end, 10), hi = lo;
	bool ok = end != t && (*end == '\0' || *end == '/' || *end == '-');
	if (ok && *end == '-') {
		const char *from = end + 1;
		hi = strtoul(from, &end, 10);
		ok = end != from && hi >= lo;
	}
	dh_port_proto proto;
	ok = ok && lo >= 1 && hi <= 65535 && parse_proto(&proto, end);
	/* The tree was hardened: spans may point into edited text. */
	uint32_t origin = dh_node_origin(c->node);
	dh_span at = {origin, origin};
	if (!ok) {
		dh_diag_add(&c->doc->diags, DH_SEV_WARNING, "expose-port",
			    c->doc->src, at,
			    "EXPOSE '%s' is not a port the settings can use%s",
			    w->text,
			    strchr(t, '$') ? ": no ARG or ENV default sets it"
					   : "");
		return;
	}
	if (hi - lo >= EXPOSE_RANGE_MAX) {
		dh_diag_add(&c->doc->diags, DH_SEV_WARNING, "expose-port",
			    c->doc->src, at,
			    "EXPOSE range '%s' has %lu ports, more than the %d "
			    "the settings list: add the ones used by hand",
			    w->text, hi - lo + 1, EXPOSE_RANGE_MAX);
		return;
	}
	for (unsigned long p = lo; p <= hi; p++)
		dh_facts_add_port(out, c->doc->arena, (uint32_t)p, proto);
}

static bool listed(const char *const *list, size_t n, const char *path)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], path) == 0)
			return true;
	return false;
}

/* VOLUME paths, their ARG and ENV values substituted; one with a
 * variable no default sets is left out (and judged with the other unset
 * paths). */
static void add_volumes(dh_facts *out, const port_ctx *c, const dh_instr *in,
			dh__unset_paths *unset)
{
	dh_arena *arena = c->doc->arena;
	for (size_t k = 0; k < in->nargs; k++) {
		const char *path =
			dh__facts_path(unset, c->doc, c->model, c->st, c->node,
				       "VOLUME", in->args[k].text);
		if (!path || path[0] != '/' ||
		    listed(out->volumes, out->nvolumes, path))
			continue;
		dh_facts_add_writable(out, arena, path);
		const char **grown = dh_arena_alloc(
			arena, sizeof(char *) * (out->nvolumes + 1));
		if (out->nvolumes)
			memcpy(grown, out->volumes,
			       sizeof(char *) * out->nvolumes);
		grown[out->nvolumes++] = path;
		out->volumes = grown;
	}
}

/*
 * The EXPOSE ports and VOLUMEs of st and of the stages it is built on,
 * which an image inherits from its parent: the oldest first, each read in
 * its own stage's ARG and ENV scope.
 */
static void add_metadata(dh_facts *out, dh_doc *doc, const dh_model *model,
			 const dh_stage *st, dh__unset_paths *unset)
{
	if (st->parent)
		add_metadata(out, doc, model, st->parent, unset);
	for (dh_node *n = dh_stage_next(doc, st, NULL); n;
	     n = dh_stage_next(doc, st, n)) {
		const dh_instr *in = dh_node_instr(doc, n);
		port_ctx c = {doc, model, st, n};
		for (size_t k = 0; in->kind == DH_INSTR_EXPOSE && k < in->nargs;
		     k++)
			add_port_word(out, &c, &in->args[k]);
		if (in->kind == DH_INSTR_VOLUME)
			add_volumes(out, &c, in, unset);
	}
}

/* Kubernetes takes int32 ids: a bigger USER gets a finding, not a field. */
static void check_id_range(dh_facts *out, dh_doc *doc, const dh_stage *st)
{
	if (out->uid <= INT32_MAX && out->gid <= INT32_MAX)
		return;
	out->ids_out_of_range = true;
	const dh_node *at =
		st->user_end.set_by ? st->user_end.set_by : st->from;
	uint32_t origin = dh_node_origin(at);
	dh_diag_add(&doc->diags, DH_SEV_WARNING, "user-out-of-range", doc->src,
		    (dh_span){origin, origin},
		    "USER '%s' is above 2147483647, which Kubernetes "
		    "rejects: runAsUser and runAsGroup left out",
		    st->user_end.spec ? st->user_end.spec : "");
}

void dh_facts_from_doc(dh_facts *out, dh_doc *doc, const dh_harden_opts *opts)
{
	dh_facts_init(out);
	dh_facts_add_writable(out, doc->arena, "/tmp");
	for (size_t i = 0; i < opts->nwritable; i++)
		dh_facts_add_writable(out, doc->arena, opts->writable[i]);
	out->declared = opts->writable;
	out->ndeclared = opts->nwritable;
	dh_model model;
	dh_model_build_mapped(&model, doc, opts->image_map, opts->nimage_map);
	const dh_stage *st = dh_model_final(&model);
	if (!st)
		return;
	out->image = st->image;
	out->windows = model.windows;
	dh__unset_paths unset = {0};
	dh__facts_identity(out, doc, &model, st, &unset);
	if (out->user_known)
		check_id_range(out, doc, st);
	for (size_t i = 0;
	     st->base && i < DH_BASEIMG_MAX_WRITABLE && st->base->writable[i];
	     i++)
		dh_facts_add_writable(out, doc->arena, st->base->writable[i]);
	add_metadata(out, doc, &model, st, &unset);
	if (!out->windows)
		dh__facts_owned_paths(out, doc, &model, st, opts->strict,
				      &unset);
	for (size_t i = 0; i < out->nports; i++)
		if (out->ports[i].number < 1024 &&
		    out->identity != DH_IDENTITY_ROOT)
			out->needs_low_port = true;
}
