/* SPDX-License-Identifier: MIT */
/*
 * dh_patch_yaml(): refuses templates, reads the stream into a span tree,
 * runs the Kubernetes or compose patcher over each document and writes the
 * text back with the queued edits applied.
 */
#include "dockharden/patch.h"

#include <string.h>

#include "dockharden/errors.h"
#include "patch_internal.h"
#include "patch_k8s_internal.h"

/*
 * Offset of the first "{{" outside comments with a "}}" after it on the
 * same line (template actions sit on one line; "}}" across lines is also
 * how nested flow mappings end, which our own edits write), or -1.
 */
static int64_t find_template(const dh_source *src)
{
	const char *s = src->data;
	uint32_t len = src->len;
	int64_t open = -1;
	bool comment = false;

	for (uint32_t i = 0; i + 1 < len; i++) {
		char c = s[i];
		if (c == '\n') {
			comment = false;
			open = -1;
		} else if (c == '#' &&
			   (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t' ||
			    s[i - 1] == '\n' || s[i - 1] == '\r')) {
			comment = true;
		} else if (!comment && c == '{' && s[i + 1] == '{' &&
			   open < 0) {
			open = i;
			i++;
		} else if (!comment && c == '}' && s[i + 1] == '}' &&
			   open >= 0) {
			return open;
		}
	}
	return -1;
}

/* libyaml's scanner slows down quadratically with flow nesting; no real
 * manifest nests flow collections anywhere near this deep. */
#define FLOW_DEPTH_MAX 1000

/*
 * Offset of the first '[' or '{' past FLOW_DEPTH_MAX open brackets (quotes
 * and comments skipped), or -1. A rough count is enough: it only has to
 * stop pathological input before the parser sees it.
 */
static int64_t find_deep_flow(const dh_source *src)
{
	const char *s = src->data;
	uint32_t depth = 0;
	char quote = 0;
	bool comment = false;
	for (uint32_t i = 0; i < src->len; i++) {
		char c = s[i];
		if (c == '\n') {
			comment = false;
		} else if (comment) {
		} else if (quote) {
			if (c == quote)
				quote = 0;
		} else if (c == '#' && (i == 0 || s[i - 1] == ' ' ||
					s[i - 1] == '\t' || s[i - 1] == '\n')) {
			comment = true;
		} else if (c == '"' || (c == '\'' && depth)) {
			quote = c;
		} else if (c == '[' || c == '{') {
			if (++depth > FLOW_DEPTH_MAX)
				return i;
		} else if ((c == ']' || c == '}') && depth) {
			depth--;
		}
	}
	return -1;
}

static void init_patcher(dh__patcher *p, dh_diags *diags, dh_source *src,
			 const dh_patch_opts *opts, dh_facts *defaults)
{
	memset(p, 0, sizeof(*p));
	p->arena = src->arena;
	p->src = src;
	p->diags = diags;
	dh_facts_init(defaults);
	dh_facts_add_writable(defaults, src->arena, "/tmp");
	p->facts = defaults;
	p->opts = opts ? opts : &p->no_opts;
	if (!opts)
		return;
	p->override = opts->override;
	/* --override forces the whole profile, evidence or not */
	p->strict = opts->strict || opts->override;
	p->container = opts->container;
	if (opts->facts) {
		p->facts = opts->facts;
		p->facts_given = true;
	}
}

/* Containers (compose services) in the stream; with image, only those
 * whose image is named so. */
static size_t count_containers(const dh_ystream *stream, const char *image,
			       const char **name)
{
	size_t n = 0;
	for (const dh_ydoc *d = stream->first; d; d = d->next) {
		if (!dh__is_compose(d->root)) {
			n += dh__k8s_count_containers(d->root, image, name);
			continue;
		}
		const dh_ynode *svc =
			dh_ynode_resolve(dh_ynode_get(d->root, "services"));
		for (const dh_ynode *k = svc && svc->kind == DH_YNODE_MAP
						 ? svc->first
						 : NULL;
		     k && k->next; k = k->next->next) {
			const char *img = dh__text_of(dh_ynode_get(
				dh_ynode_resolve(k->next), "image"));
			if (image && !(img && dh__image_is_named(img, image)))
				continue;
			n++;
			*name = k->value;
		}
	}
	return n;
}

/*
 * Without --container, Dockerfile facts go to the file's only container,
 * or to the one container whose image is named as the Dockerfile's
 * folder: with several candidates, which one runs the image is not
 * known, and giving every container one image's uid stops the others.
 */
static void facts_target(dh__patcher *p, const dh_ystream *stream)
{
	const char *name = NULL;
	size_t n = count_containers(stream, NULL, &name);
	p->facts_to_single = n == 1;
	const char *image = p->opts->facts_image;
	if (n > 1 && image && count_containers(stream, image, &name) == 1 &&
	    name) {
		p->facts_by_image = name;
		return;
	}
	if (n > 1)
		dh_diag_add(p->diags, DH_SEV_WARNING, "DH204", p->src,
			    (dh_span){0, 0},
			    "the Dockerfile's facts apply to one container and "
			    "this file has %zu%s%s%s; name it with --container",
			    n, image ? ", none or several of them named '" : "",
			    image ? image : "", image ? "'" : "");
}

int dh_patch_yaml(dh_buf *out, dh_diags *diags, dh_source *src,
		  const dh_patch_opts *opts)
{
	dh_ystream stream;
	dh__patcher p;
	dh_facts defaults;

	int64_t tpl = find_template(src);
	if (tpl >= 0) {
		uint32_t at = (uint32_t)tpl;
		dh_diag_add(diags, DH_SEV_ERROR, "template-detected", src,
			    (dh_span){at, at + 2},
			    "helm or go template detected; render it first "
			    "(helm template) and patch the output");
		return DH_EINPUT;
	}
	/* A lone CR is a line break to YAML but not to our line-based
	 * edits: refuse rather than misplace text. */
	const char *cr = memchr(src->data, '\r', src->len);
	while (cr && (uint32_t)(cr - src->data) + 1 < src->len && cr[1] == '\n')
		cr = memchr(cr + 1, '\r',
			    src->len - (uint32_t)(cr + 1 - src->data));
	if (cr) {
		uint32_t at = (uint32_t)(cr - src->data);
		dh_diag_add(diags, DH_SEV_ERROR, "bare-cr", src,
			    (dh_span){at, at + 1},
			    "a carriage return without a line feed: save the "
			    "file with LF or CRLF line endings");
		return DH_EINPUT;
	}
	int64_t deep = find_deep_flow(src);
	if (deep >= 0) {
		uint32_t at = (uint32_t)deep;
		dh_diag_add(diags, DH_SEV_ERROR, "yaml-too-deep", src,
			    (dh_span){at, at + 1},
			    "flow collections nested deeper than %d levels",
			    FLOW_DEPTH_MAX);
		return DH_EINPUT;
	}
	int rc = dh_yaml_tree_parse(&stream, diags, src);
	if (rc)
		return rc;
	init_patcher(&p, diags, src, opts, &defaults);
	dh__style_detect(&p.style, &stream);
	if (p.facts_given && !p.container)
		facts_target(&p, &stream);
	dh__ports_collect(&p, &stream);
	for (const dh_ydoc *d = stream.first; d; d = d->next) {
		if (dh__is_compose(d->root))
			dh__patch_compose(&p, d->root);
		else
			dh__patch_k8s_doc(&p, d->root);
	}
	dh__edits_apply(out, &p.edits, src->data, src->len, stream.crlf);
	dh__edits_free(&p.edits);
	return 0;
}

int dh_patch_find_moved(dh_patch_moved **out, size_t *n, dh_source *src,
			const dh_patch_opts *opts)
{
	dh_ystream stream;
	dh__patcher p;
	dh_facts defaults;
	dh_diags scratch; /* dh_patch_yaml() reports the same findings */

	*out = NULL;
	*n = 0;
	dh_diags_init(&scratch, src->arena);
	if (find_template(src) >= 0 || find_deep_flow(src) >= 0 ||
	    dh_yaml_tree_parse(&stream, &scratch, src) != 0)
		return DH_EINPUT;
	init_patcher(&p, &scratch, src, opts, &defaults);
	if (p.facts_given && !p.container)
		facts_target(&p, &stream);
	dh__ports_collect(&p, &stream);
	*out = p.moved;
	*n = p.nmoved;
	return 0;
}
