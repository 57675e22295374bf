/* SPDX-License-Identifier: MIT */
/*
 * A `.dockharden.yaml` applied to the options of one file, under the
 * command line: one function, so that the command line and the language
 * server harden a file with exactly the same settings.
 */
#include "dockharden/config.h"

#include <string.h>

/* Appends n strings to a copy of (*list, *count) made in arena, so the
 * caller's array (shared by every file of a run) is never written. */
static void append_strings(const char ***list, size_t *count, dh_arena *arena,
			   const char *const *more, size_t n)
{
	if (!n)
		return;
	const char **grown =
		dh_arena_alloc(arena, (*count + n) * sizeof(char *));
	if (*count)
		memcpy(grown, *list, *count * sizeof(char *));
	memcpy(grown + *count, more, n * sizeof(char *));
	*list = grown;
	*count += n;
}

void dh_config_apply(dh_harden_opts *h, dh_patch_opts *p, dh_arena *arena,
		     const dh_config *cfg, const dh_config_given *given)
{
	const dh_config_given none = {0};
	if (!given)
		given = &none;
	if (!cfg->path)
		return;
	if (cfg->has_uid && !given->uid)
		h->uid = cfg->uid;
	h->explicit_user |= cfg->has_uid || cfg->has_gid;
	bool strict = cfg->strict && !given->level;
	h->strict |= strict;
	h->bind_low_ports |= cfg->bind_low_ports;
	if (cfg->has_gid && !given->gid)
		h->gid = cfg->gid;
	else if (cfg->has_uid && !given->gid)
		h->gid = h->uid;
	append_strings(&h->disabled, &h->ndisabled, arena, cfg->disabled,
		       cfg->ndisabled);
	append_strings(&h->image_map, &h->nimage_map, arena, cfg->image_map,
		       cfg->nimage_map);
	append_strings(&h->writable, &h->nwritable, arena, cfg->writable,
		       cfg->nwritable);
	if (!p)
		return;
	p->strict |= strict;
	p->images = cfg->runtime;
	p->nimages = cfg->nruntime;
}
