/* SPDX-License-Identifier: MIT */
/* The runtime facts record shared by the emitters. */
#include "dockharden/facts.h"

#include <string.h>

void dh_facts_init(dh_facts *facts)
{
	memset(facts, 0, sizeof(*facts));
	/* The defaults --level=strict stands for: a numeric non-root user
	 * and a read-only root. */
	facts->identity = DH_IDENTITY_NUMERIC;
	facts->uid = 10001;
	facts->gid = 10001;
	facts->read_only_root = true;
}

void dh_facts_add_writable(dh_facts *facts, dh_arena *arena, const char *path)
{
	size_t i = 0;
	while (i < facts->nwritable && strcmp(facts->writable[i], path) < 0)
		i++;
	if (i < facts->nwritable && strcmp(facts->writable[i], path) == 0)
		return;
	const char **grown =
		dh_arena_alloc(arena, sizeof(char *) * (facts->nwritable + 1));
	if (i)
		memcpy(grown, facts->writable, sizeof(char *) * i);
	grown[i] = dh_arena_strdup(arena, path);
	if (facts->nwritable > i)
		memcpy(grown + i + 1, facts->writable + i,
		       sizeof(char *) * (facts->nwritable - i));
	facts->writable = grown;
	facts->nwritable++;
}

void dh_facts_add_port(dh_facts *facts, dh_arena *arena, uint32_t number,
		       dh_port_proto proto)
{
	for (size_t i = 0; i < facts->nports; i++)
		if (facts->ports[i].number == number &&
		    facts->ports[i].proto == proto)
			return;
	/* Doubling: a stage of 10,000 EXPOSEs must not copy 10,000 arrays. */
	if (facts->nports == facts->ports_cap) {
		size_t cap = facts->ports_cap ? facts->ports_cap * 2 : 8;
		dh_port *grown = dh_arena_alloc(arena, sizeof(dh_port) * cap);
		if (facts->nports)
			memcpy(grown, facts->ports,
			       sizeof(dh_port) * facts->nports);
		facts->ports = grown;
		facts->ports_cap = cap;
	}
	facts->ports[facts->nports].number = number;
	facts->ports[facts->nports].proto = proto;
	facts->nports++;
}

const char *dh_port_proto_k8s(dh_port_proto proto)
{
	return proto == DH_PROTO_UDP	? "UDP"
	       : proto == DH_PROTO_SCTP ? "SCTP"
					: "TCP";
}

const char *dh_port_proto_suffix(dh_port_proto proto)
{
	return proto == DH_PROTO_UDP	? "/udp"
	       : proto == DH_PROTO_SCTP ? "/sctp"
					: "";
}

bool dh_facts_is_volume(const dh_facts *facts, const char *path)
{
	for (size_t i = 0; i < facts->nvolumes; i++)
		if (strcmp(facts->volumes[i], path) == 0)
			return true;
	return false;
}

bool dh_facts_mounts_volume(const dh_facts *facts, const char *path)
{
	if (dh_facts_is_volume(facts, path))
		return true;
	for (size_t i = 0; i < facts->ndeclared; i++)
		if (strcmp(facts->declared[i], path) == 0)
			return false;
	return facts->identity != DH_IDENTITY_ROOT && !dh_path_is_scratch(path);
}

bool dh_path_is_scratch(const char *path)
{
	return !strcmp(path, "/tmp") || !strcmp(path, "/var/tmp");
}

bool dh_facts_mounts(const dh_facts *facts, const char *path)
{
	(void)path;
	return facts->read_only_root;
}
