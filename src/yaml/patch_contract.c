/* SPDX-License-Identifier: MIT */
/*
 * Evidence for a container's identity: which uid, which writable paths and
 * whether a read-only root is safe, taken from its own Dockerfile, from
 * .dockharden.yaml, or from an official image's contract. Without any,
 * the container keeps its identity and the rest becomes a finding: a
 * patch must never stop a workload that runs today.
 */
#include "patch_internal.h"

#include <string.h>

#include "dockharden/baseimg.h"
#include "dockharden/image_ref.h"

const char *dh__num(dh__patcher *p, uint32_t v)
{
	return dh_arena_printf(p->arena, "%lu", (unsigned long)v);
}

bool dh__image_is_named(const char *image, const char *name)
{
	size_t n = strcspn(image, "@");
	size_t start = 0;
	for (size_t i = 0; i < n; i++)
		if (image[i] == '/')
			start = i + 1;
	const char *colon = memchr(image + start, ':', n - start);
	size_t end = colon ? (size_t)(colon - image) : n;
	return end - start == strlen(name) &&
	       strncmp(image + start, name, end - start) == 0;
}

/* True when the --dockerfile facts describe this container. */
static bool facts_apply(const dh__patcher *p, const char *name)
{
	if (!p->facts_given || p->facts->windows)
		return false;
	const char *target = p->container ? p->container : p->facts_by_image;
	if (target)
		return name && strcmp(name, target) == 0;
	return p->facts_to_single;
}

/* The facts migrate paired with this container, or NULL. */
static const dh_facts *paired(const dh__patcher *p, const char *name)
{
	for (size_t i = 0; name && i < p->opts->npairs; i++)
		if (p->opts->pairs[i].container &&
		    strcmp(p->opts->pairs[i].container, name) == 0 &&
		    p->opts->pairs[i].facts &&
		    !p->opts->pairs[i].facts->windows)
			return p->opts->pairs[i].facts;
	return NULL;
}

/* The facts of the hardened Dockerfile: the same user, read-only root and
 * writable paths as `k8s` and `docker-run` print for it. */
static void from_facts(dh__contract *out, dh__patcher *p, const dh_facts *f)
{
	out->source = "its Dockerfile";
	if (f->identity == DH_IDENTITY_ROOT) {
		out->why_not = dh_arena_printf(
			p->arena, "its Dockerfile keeps root (%s)",
			f->root_reason ? f->root_reason : "no USER");
		return;
	}
	if (f->identity == DH_IDENTITY_NAMED && !f->user_name) {
		out->why_not = "its Dockerfile's USER is decided at build time";
		return;
	}
	out->ev = DH__EV_FACTS;
	if (f->identity == DH_IDENTITY_NAMED) {
		out->no_uid = true;
		out->user_name = f->user_name;
	} else if (f->ids_out_of_range) {
		/* Kubernetes rejects ids above 2^31-1; compose takes them */
		out->no_uid = true;
		out->user_name = dh_arena_printf(p->arena, "%lu:%lu",
						 (unsigned long)f->uid,
						 (unsigned long)f->gid);
	} else {
		out->uid = f->uid;
		out->gid = f->gid;
	}
	out->rofs = f->read_only_root;
	if (!out->rofs)
		out->why_not = dh_arena_printf(
			p->arena, "its Dockerfile shows no read-only root: %s",
			f->rofs_missing ? f->rofs_missing : "unknown writes");
	out->writable = f->writable;
	out->nwritable = f->nwritable;
	out->low_port = f->needs_low_port;
}

/* The image without tag or digest, as the config spells it. */
static bool config_matches(const dh_patch_image *img, const dh_image_ref *ref)
{
	size_t n = strlen(img->image);
	const char *t = ref->text;
	if (strncmp(t, img->image, n) != 0)
		return false;
	return t[n] == '\0' || t[n] == '@' ||
	       (t[n] == ':' && !strchr(t + n + 1, '/'));
}

static bool from_config(dh__contract *out, dh__patcher *p,
			const dh_image_ref *ref)
{
	for (size_t i = 0; i < p->opts->nimages; i++) {
		const dh_patch_image *img = &p->opts->images[i];
		if (!img->image || !config_matches(img, ref))
			continue;
		out->ev = DH__EV_CONFIG;
		out->uid = img->uid;
		out->gid = img->gid;
		out->fsgroup = img->gid;
		out->rofs = true;
		out->writable = dh_arena_alloc(
			p->arena, (img->nwritable + 1) * sizeof(char *));
		for (size_t k = 0; k < img->nwritable; k++)
			out->writable[out->nwritable++] = img->writable[k];
		for (size_t k = 0; k < img->nports; k++)
			out->low_port = out->low_port || img->ports[k] < 1024;
		out->source = dh_arena_printf(
			p->arena, ".dockharden.yaml images: '%s'", img->image);
		return true;
	}
	return false;
}

/* The Docker Hub image a configured mirror stands for: ref under a
 * mirror prefix, given back the Docker Hub prefix it maps from
 * ("mirror.corp/library/postgres:16" is "docker.io/library/postgres:16").
 * False when no mirror prefix starts ref. */
static bool unmirror(dh_image_ref *out, dh__patcher *p, const dh_image_ref *ref)
{
	const char *const *m = p->opts->mirrors;
	for (size_t i = 0; i + 1 < p->opts->nmirrors; i += 2) {
		size_t n = strlen(m[i + 1]);
		if (!n || strncmp(ref->text, m[i + 1], n) != 0)
			continue;
		dh_image_ref_parse(
			out, p->arena,
			dh_arena_printf(p->arena, "%s%s", m[i], ref->text + n));
		return true;
	}
	return false;
}

static bool from_table(dh__contract *out, dh__patcher *p,
		       const dh_image_ref *ref)
{
	dh_image_ref hub;
	if (unmirror(&hub, p, ref))
		ref = &hub;
	const dh_baseimg *row = dh_baseimg_lookup_official(ref, NULL, 0);
	if (!row || !row->run_uid)
		return false;
	out->ev = DH__EV_IMAGE;
	out->uid = row->run_uid;
	out->gid = row->run_gid;
	out->fsgroup = row->fsgroup;
	out->rofs = !row->writes_root;
	out->writable = dh_arena_alloc(p->arena, (DH_BASEIMG_MAX_WRITABLE + 1) *
							 sizeof(char *));
	for (size_t i = 0; i < DH_BASEIMG_MAX_WRITABLE && row->writable[i]; i++)
		out->writable[out->nwritable++] = row->writable[i];
	for (size_t i = 0; i < DH_BASEIMG_MAX_PORTS && row->ports[i]; i++)
		out->low_port = out->low_port || row->ports[i] < 1024;
	out->state_env = row->state_env;
	out->source =
		dh_arena_printf(p->arena, "the official image '%s'", row->id);
	return true;
}

const dh_facts *dh__facts_for(const dh__patcher *p, const char *name)
{
	return facts_apply(p, name) ? p->facts : paired(p, name);
}

void dh__contract_for(dh__contract *out, dh__patcher *p, const char *name,
		      const char *image)
{
	memset(out, 0, sizeof(*out));
	const dh_facts *f = dh__facts_for(p, name);
	if (f) {
		from_facts(out, p, f);
		return;
	}
	if (image) {
		dh_image_ref ref;
		dh_image_ref_parse(&ref, p->arena, image);
		if (!ref.has_variable &&
		    (from_config(out, p, &ref) || from_table(out, p, &ref)))
			return;
	}
	if (p->strict) {
		out->ev = DH__EV_STRICT;
		out->uid = 10001;
		out->gid = 10001;
		out->rofs = true;
		out->source = "--level=strict";
	}
}

/* Host paths that only node agents mount: whoever does keeps root. */
static const char *const system_paths[] = {
	"/proc",
	"/sys",
	"/dev",
	"/var/log",
	"/var/lib/docker",
	"/var/run/docker.sock",
	"/lib/modules",
	"/etc",
	"/var/lib/kubelet",
	"/run",
	"/var/run",
	"/boot",
	"/usr",
};

bool dh__is_system_host_path(const char *path, size_t len)
{
	while (len > 1 && path[len - 1] == '/')
		len--;
	if (len == 1 && path[0] == '/')
		return true;
	for (size_t i = 0; i < sizeof(system_paths) / sizeof(*system_paths);
	     i++) {
		size_t n = strlen(system_paths[i]);
		if (len >= n && strncmp(path, system_paths[i], n) == 0 &&
		    (len == n || path[n] == '/'))
			return true;
	}
	return false;
}
