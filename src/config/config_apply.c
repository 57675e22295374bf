/* SPDX-License-Identifier: MIT */
/*
 * A `.dockharden.yaml` applied to the options of one file, under the
 * command line: one function, so that the command line and the language
 * server harden a file with exactly the same settings.
 */
#include "dockharden/config.h"

#include <string.h>

#include "dockharden/baseimg.h"

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

/*
 * An images: prefix that names Docker Hub references: one that starts with
 * a Docker Hub host ("docker.io/", "index.docker.io/library/"), or whose
 * first component is no host at all, as the reference grammar decides (a
 * dot, a port or "localhost" make a host): a namespace ("library/",
 * "bitnami/") or an official image's name ("postgres", "redis:7").
 */
static bool hub_prefix(const char *from)
{
	size_t n = strcspn(from, "/");
	if (!n || strchr(from, '$'))
		return false;
	char host[256];
	if (n >= sizeof(host))
		return false;
	memcpy(host, from, n);
	host[n] = '\0';
	if (dh_baseimg_docker_hub(host))
		return true;
	return !memchr(from, '.', n) && !memchr(from, ':', n) &&
	       strcmp(host, "localhost") != 0;
}

/* The images: mappings whose prefix is Docker Hub's, appended to p's
 * mirrors: pairs, as image_map holds them. */
static void add_mirrors(dh_patch_opts *p, dh_arena *arena, const dh_config *cfg)
{
	size_t n = 0;
	for (size_t i = 0; i + 1 < cfg->nimage_map; i += 2)
		n += hub_prefix(cfg->image_map[i]) ? 2 : 0;
	if (!n)
		return;
	const char **grown =
		dh_arena_alloc(arena, (p->nmirrors + n) * sizeof(char *));
	if (p->nmirrors)
		memcpy(grown, p->mirrors, p->nmirrors * sizeof(char *));
	size_t k = p->nmirrors;
	for (size_t i = 0; i + 1 < cfg->nimage_map; i += 2) {
		if (!hub_prefix(cfg->image_map[i]))
			continue;
		grown[k++] = cfg->image_map[i];
		grown[k++] = cfg->image_map[i + 1];
	}
	p->mirrors = grown;
	p->nmirrors = k;
}

/* The hardening settings of cfg, under what the command line gave. */
static void apply_harden(dh_harden_opts *h, dh_arena *arena,
			 const dh_config *cfg, const dh_config_given *given,
			 bool strict)
{
	if (cfg->has_uid && !given->uid)
		h->uid = cfg->uid;
	h->explicit_user |= cfg->has_uid || cfg->has_gid;
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
}

void dh_config_apply(dh_harden_opts *h, dh_patch_opts *p, dh_arena *arena,
		     const dh_config *cfg, const dh_config_given *given)
{
	const dh_config_given none = {0};
	if (!given)
		given = &none;
	if (!cfg->path)
		return;
	bool strict = cfg->strict && !given->level;
	if (h)
		apply_harden(h, arena, cfg, given, strict);
	if (!p)
		return;
	p->strict |= strict;
	p->images = cfg->runtime;
	p->nimages = cfg->nruntime;
	add_mirrors(p, arena, cfg);
}
