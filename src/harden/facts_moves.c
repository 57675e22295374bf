/* SPDX-License-Identifier: MIT */
/*
 * Port moves: which EXPOSE ports of the final stage hardening changed
 * (official nginx on 80 becomes nginx-unprivileged on 8080), found by
 * comparing the facts of the file before and after the passes. The
 * manifest patcher moves containerPort, Service targetPort, probes and
 * compose ports with them.
 */
#include "dockharden/pass.h"

#include <string.h>

void dh_facts_before(dh_facts *out, dh_doc *doc, const dh_harden_opts *opts)
{
	/* The hardened facts report the same EXPOSE findings: keep these
	 * out of the document so each is printed once. */
	dh_diags kept = doc->diags;
	dh_diags_init(&doc->diags, doc->arena);
	dh_facts_from_doc(out, doc, opts);
	doc->diags = kept;
}

static bool has_port(const dh_facts *f, const dh_port *p)
{
	for (size_t i = 0; i < f->nports; i++)
		if (f->ports[i].number == p->number &&
		    f->ports[i].proto == p->proto)
			return true;
	return false;
}

/*
 * The index of the n-th port (0-based) of f with protocol proto that
 * other does not have, or f->nports.
 */
static size_t nth_gone(const dh_facts *f, const dh_facts *other,
		       dh_port_proto proto, size_t n)
{
	for (size_t i = 0; i < f->nports; i++) {
		if (f->ports[i].proto != proto || has_port(other, &f->ports[i]))
			continue;
		if (n-- == 0)
			return i;
	}
	return f->nports;
}

static size_t count_gone(const dh_facts *f, const dh_facts *other,
			 dh_port_proto proto)
{
	size_t n = 0;
	while (nth_gone(f, other, proto, n) < f->nports)
		n++;
	return n;
}

void dh_facts_set_moves(dh_facts *hardened, dh_arena *arena,
			const dh_facts *original)
{
	static const dh_port_proto protos[] = {DH_PROTO_TCP, DH_PROTO_UDP,
					       DH_PROTO_SCTP};
	size_t total = 0;
	hardened->moves = NULL;
	hardened->nmoves = 0;
	for (size_t k = 0; k < 3; k++)
		total += count_gone(original, hardened, protos[k]);
	if (!total)
		return;
	dh_port_move *moves = dh_arena_alloc(arena, total * sizeof(*moves));
	size_t n = 0;
	for (size_t k = 0; k < 3; k++) {
		dh_port_proto proto = protos[k];
		size_t gone = count_gone(original, hardened, proto);
		/* Only a one-to-one change is a move: a port dropped or
		 * added has no counterpart to follow. */
		if (gone != count_gone(hardened, original, proto))
			continue;
		for (size_t i = 0; i < gone; i++) {
			size_t from = nth_gone(original, hardened, proto, i);
			size_t to = nth_gone(hardened, original, proto, i);
			moves[n++] = (dh_port_move){
				.from = original->ports[from].number,
				.to = hardened->ports[to].number,
				.proto = proto};
		}
	}
	hardened->moves = n ? moves : NULL;
	hardened->nmoves = n;
}

const dh_port_move *dh_facts_move_of(const dh_facts *facts, uint32_t port,
				     dh_port_proto proto)
{
	for (size_t i = 0; facts && i < facts->nmoves; i++)
		if (facts->moves[i].from == port &&
		    facts->moves[i].proto == proto)
			return &facts->moves[i];
	return NULL;
}
