/* SPDX-License-Identifier: MIT */
/*
 * Runtime facts read off a (hardened) Dockerfile's final stage: its user,
 * ports and the paths that must stay writable under a read-only root
 * filesystem. Every emitter works from these, so the Dockerfile, the
 * Kubernetes YAML and the docker run flags always agree.
 */
#include "dockharden/pass.h"

#include <stdlib.h>
#include <string.h>

static void add_ports(dh_facts *out, dh_doc *doc, const dh_instr *in)
{
	for (size_t k = 0; k < in->nargs; k++) {
		const char *t = in->args[k].text;
		char *end;
		unsigned long p = strtoul(t, &end, 10);
		if (end == t || p == 0 || p > 65535 || (*end && *end != '/'))
			continue;
		dh_facts_add_port(out, doc->arena, (uint32_t)p,
				  *end == '/' && strcmp(end, "/udp") == 0);
	}
}

static void add_volumes(dh_facts *out, dh_doc *doc, const dh_instr *in)
{
	for (size_t k = 0; k < in->nargs; k++) {
		const char *path = in->args[k].text;
		if (path[0] != '/')
			continue;
		dh_facts_add_writable(out, doc->arena, path);
		const char **grown = dh_arena_alloc(
			doc->arena, sizeof(char *) * (out->nvolumes + 1));
		if (out->nvolumes)
			memcpy(grown, out->volumes,
			       sizeof(char *) * out->nvolumes);
		grown[out->nvolumes++] = path;
		out->volumes = grown;
	}
}

void dh_facts_from_doc(dh_facts *out, dh_doc *doc, const dh_harden_opts *opts)
{
	dh_facts_init(out);
	out->uid = opts->uid;
	out->gid = opts->gid;
	dh_facts_add_writable(out, doc->arena, "/tmp");
	for (size_t i = 0; i < opts->nwritable; i++)
		dh_facts_add_writable(out, doc->arena, opts->writable[i]);
	dh_model model;
	dh_model_build_mapped(&model, doc, opts->image_map, opts->nimage_map);
	const dh_stage *st = dh_model_final(&model);
	if (!st)
		return;
	out->image = st->image;
	out->windows = model.windows;
	if (st->user_end.known && !st->user_end.is_root) {
		out->uid = st->user_end.uid;
		out->gid = st->user_end.has_gid ? st->user_end.gid
						: st->user_end.uid;
		out->user_known = true;
	}
	for (size_t i = 0;
	     st->base && i < DH_BASEIMG_MAX_WRITABLE && st->base->writable[i];
	     i++)
		dh_facts_add_writable(out, doc->arena, st->base->writable[i]);
	for (dh_node *n = st->from->next; n; n = n->next) {
		const dh_instr *in = dh_node_instr(doc, n);
		if (!in)
			continue;
		if (in->kind == DH_INSTR_FROM)
			break;
		if (in->kind == DH_INSTR_EXPOSE)
			add_ports(out, doc, in);
		else if (in->kind == DH_INSTR_VOLUME)
			add_volumes(out, doc, in);
	}
	for (size_t i = 0; i < out->nports; i++)
		if (out->ports[i].number < 1024)
			out->needs_low_port = true;
}
