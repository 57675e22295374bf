/* SPDX-License-Identifier: MIT */
/*
 * textDocument/documentSymbol for YAML: each Kubernetes object as
 * kind/name with the containers of its pod template as children, and each
 * compose service with its image, read from the same span tree the
 * patcher edits.
 */
#include "analysis_internal.h"

#include <string.h>

#include "dockharden/buf.h"
#include "dockharden/sniff.h"

static const dh_ynode *get(const dh_ynode *map, const char *key)
{
	if (!map)
		return NULL;
	map = dh_ynode_resolve(map);
	if (!map || map->kind != DH_YNODE_MAP)
		return NULL;
	const dh_ynode *v = dh_ynode_get(map, key);
	return v ? dh_ynode_resolve(v) : NULL;
}

static const dh_ynode *scalar(const dh_ynode *n)
{
	return n && n->kind == DH_YNODE_SCALAR ? n : NULL;
}

static dh_span whole(const dh_ynode *n)
{
	return (dh_span){n->span.start, dh_ynode_content_end(n)};
}

/* The pod spec of a workload: a Pod's spec, a CronJob's job template's,
 * every other controller's template. */
static const dh_ynode *pod_spec(const dh_ynode *root)
{
	const dh_ynode *spec = get(root, "spec");
	const dh_ynode *job = get(get(spec, "jobTemplate"), "spec");
	const dh_ynode *tmpl = get(job ? job : spec, "template");
	return tmpl ? get(tmpl, "spec") : spec;
}

static void add_containers(json_t *children, const dh__lsp_analysis *a,
			   const dh_ynode *seq)
{
	if (!seq || seq->kind != DH_YNODE_SEQ)
		return;
	for (const dh_ynode *c = seq->first; c; c = c->next) {
		const dh_ynode *item = dh_ynode_resolve(c);
		if (!item || item->kind != DH_YNODE_MAP || item != c)
			continue;
		const dh_ynode *name = scalar(get(item, "name"));
		const dh_ynode *image = scalar(get(item, "image"));
		json_array_append_new(
			children,
			dh__lsp_symbol(a, name ? name->value : "",
				       name ? name->value_len : 0,
				       image ? image->value : NULL,
				       image ? image->value_len : 0,
				       DH__LSP_SYM_OBJECT, whole(item),
				       name ? name->span : whole(item)));
	}
}

static json_t *object_symbol(const dh__lsp_analysis *a, const dh_ynode *root)
{
	const dh_ynode *kind = scalar(get(root, "kind"));
	const dh_ynode *name = scalar(get(get(root, "metadata"), "name"));
	dh_buf label = DH_BUF_INIT;
	dh_buf_put(&label, kind->value, kind->value_len);
	if (name) {
		dh_buf_putc(&label, '/');
		dh_buf_put(&label, name->value, name->value_len);
	}
	const dh_ynode *api = scalar(get(root, "apiVersion"));
	json_t *sym = dh__lsp_symbol(
		a, label.data, label.len, api ? api->value : NULL,
		api ? api->value_len : 0, DH__LSP_SYM_CLASS, whole(root),
		name ? name->span : kind->span);
	dh_buf_free(&label);
	json_t *children = json_array();
	const dh_ynode *spec = pod_spec(root);
	add_containers(children, a, get(spec, "initContainers"));
	add_containers(children, a, get(spec, "containers"));
	if (json_array_size(children))
		json_object_set_new(sym, "children", children);
	else
		json_decref(children);
	return sym;
}

static void add_services(json_t *out, const dh__lsp_analysis *a,
			 const dh_ynode *root)
{
	const dh_ynode *services = get(root, "services");
	if (!services || services->kind != DH_YNODE_MAP)
		return;
	for (const dh_ynode *k = services->first; k && k->next;
	     k = k->next->next) {
		const dh_ynode *v = k->next;
		const dh_ynode *image = scalar(get(v, "image"));
		dh_span range = {k->span.start, dh_ynode_content_end(v)};
		json_array_append_new(
			out,
			dh__lsp_symbol(a, k->value ? k->value : "",
				       k->value ? k->value_len : 0,
				       image ? image->value : NULL,
				       image ? image->value_len : 0,
				       DH__LSP_SYM_MODULE, range, k->span));
	}
}

json_t *dh__lsp_yaml_symbols(const dh__lsp_analysis *a)
{
	json_t *out = json_array();
	for (const dh_ydoc *d = a->ys.first; d; d = d->next) {
		const dh_ynode *root = d->root;
		if (!root || root->kind != DH_YNODE_MAP)
			continue;
		dh_input_kind k = dh_sniff_ydoc(root);
		if (k == DH_INPUT_K8S && scalar(get(root, "kind")))
			json_array_append_new(out, object_symbol(a, root));
		else if (k == DH_INPUT_COMPOSE)
			add_services(out, a, root);
	}
	return out;
}
