/* SPDX-License-Identifier: MIT */
/* The runtime facts record shared by the emitters. */
#include "dockharden/facts.h"

#include <string.h>

void dh_facts_init(dh_facts *facts)
{
	memset(facts, 0, sizeof(*facts));
	facts->uid = 10001;
	facts->gid = 10001;
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
		       bool udp)
{
	for (size_t i = 0; i < facts->nports; i++)
		if (facts->ports[i].number == number &&
		    facts->ports[i].udp == udp)
			return;
	dh_port *grown =
		dh_arena_alloc(arena, sizeof(dh_port) * (facts->nports + 1));
	if (facts->nports)
		memcpy(grown, facts->ports, sizeof(dh_port) * facts->nports);
	grown[facts->nports].number = number;
	grown[facts->nports].udp = udp;
	facts->ports = grown;
	facts->nports++;
}
