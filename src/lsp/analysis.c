/* SPDX-License-Identifier: MIT */
/*
 * The analysis of one document version: what kind of file it is, the
 * .dockharden.yaml that applies to it, and lint's pipeline (parse, the
 * unknown-instruction check and harden for a Dockerfile, patch for a
 * manifest or compose file), so the editor sees the findings and fixes
 * `dockharden lint` reports, no others.
 */
#include "analysis_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dockharden/buf.h"
#include "dockharden/config.h"
#include "dockharden/errors.h"
#include "dockharden/format.h"
#include "dockharden/parse.h"
#include "dockharden/patch.h"
#include "dockharden/sniff.h"

/* The name the kind is told by: the path, else the uri (untitled:...). */
static const char *doc_name(const dh__lsp_doc *doc)
{
	return doc->path ? doc->path : doc->uri;
}

static dh__lsp_kind pick_kind(const dh__lsp_doc *doc, const dh_source *src)
{
	if (doc->language_id && !strcmp(doc->language_id, "dockerfile"))
		return DH__LSP_DOCKERFILE;
	if (dh_sniff_is_dockerfile(src, doc_name(doc)))
		return DH__LSP_DOCKERFILE;
	switch (dh_sniff(src, doc_name(doc))) {
	case DH_INPUT_K8S:
	case DH_INPUT_COMPOSE:
		return DH__LSP_MANIFEST;
	default:
		return DH__LSP_OTHER;
	}
}

/*
 * The configuration for the document, read on every analysis: a walk up
 * and one small file, cheap next to the parse, and an edit of the file is
 * seen by the next keystroke's analysis without any cache to go stale.
 */
static void load_config(dh__lsp_analysis *a, dh_patch_opts *p)
{
	dh_config cfg;
	const char *for_path = a->doc->path;
	int rc = dh_config_find(&cfg, &a->config_errors, a->arena, for_path);
	if (rc == DH_EIO)
		dh_diag_add(&a->config_errors, DH_SEV_ERROR, "invalid-config",
			    NULL, (dh_span){0, 0},
			    "cannot read configuration: %s", strerror(errno));
	if (rc < 0)
		return;
	dh_config_apply(&a->harden, p, a->arena, &cfg, NULL);
	a->ignored = for_path && dh_config_ignores(&cfg, for_path);
}

/* The folder scripts are read from, as harden has it: "dir/". */
static const char *folder_of(dh_arena *arena, const char *path)
{
	if (!path)
		return NULL;
	const char *slash = strrchr(path, '/');
	return slash ? dh_arena_strndup(arena, path, (size_t)(slash - path) + 1)
		     : ".";
}

/* A copy of out in the arena, NUL-terminated; its length in *out_len. */
static const char *keep(dh_arena *arena, const dh_buf *out, size_t *out_len)
{
	char *copy = dh_arena_alloc(arena, out->len + 1);
	if (out->len)
		memcpy(copy, out->data, out->len);
	copy[out->len] = '\0';
	*out_len = out->len;
	return copy;
}

static void keep_fixed(dh__lsp_analysis *a, const dh_buf *out)
{
	a->fixed = keep(a->arena, out, &a->fixed_len);
	a->fixed_nh = dh_diff_hunks(&a->fixed_hunks, a->arena, a->doc->text,
				    a->doc->len, a->fixed, a->fixed_len);
}

/* What hover, the outline and fmt read: the file as written. */
static void read_dockerfile(dh__lsp_analysis *a)
{
	dh_parse(&a->parsed, a->arena, a->src);
	a->parses = dh_doc_ok(a->parsed);
	if (!a->parses)
		return; /* fmt formats nothing that does not parse */
	dh_buf out = DH_BUF_INIT;
	size_t changes;
	dh_format_render(&out, a->parsed, &changes);
	a->formatted = keep(a->arena, &out, &a->formatted_len);
	dh_buf_free(&out);
}

const dh_hunk *dh__lsp_format_hunks(const dh__lsp_analysis *a, size_t *out_nh)
{
	struct dh__lsp_lazy *l = a->lazy;
	if (!l->format_diffed) {
		l->format_nh = dh_diff_hunks(&l->format_hunks, a->arena,
					     a->doc->text, a->doc->len,
					     a->formatted, a->formatted_len);
		l->format_diffed = true;
	}
	*out_nh = l->format_nh;
	return l->format_hunks;
}

/* lint's work_lint: findings of the parse, the check and the passes. */
static const dh_diags *run_dockerfile(dh__lsp_analysis *a)
{
	dh_doc *doc;
	dh_parse(&doc, a->arena, a->src);
	dh_doc_check_instructions(&doc->diags, doc);
	dh_harden_opts h = a->harden;
	h.base_dir = folder_of(a->arena, a->doc->path);
	if (dh_doc_ok(doc) && dh_harden(doc, &h, NULL) == 0) {
		dh_buf out = DH_BUF_INIT;
		dh_doc_render(&out, doc);
		keep_fixed(a, &out);
		dh_buf_free(&out);
	}
	return &doc->diags;
}

/* lint's lint_yaml: what patch would change. */
static const dh_diags *run_manifest(dh__lsp_analysis *a, const dh_patch_opts *p)
{
	dh_diags *diags = dh_arena_alloc(a->arena, sizeof(*diags));
	dh_diags_init(diags, a->arena);
	dh_buf out = DH_BUF_INIT;
	int rc = dh_patch_yaml(&out, diags, a->src, p);
	a->parses = rc != DH_EINPUT;
	if (rc == 0)
		keep_fixed(a, &out);
	dh_buf_free(&out);
	return diags;
}

/*
 * A pass's finding is a point at its instruction; like SARIF's region
 * without an end, it covers the rest of that line, so the editor marks
 * the instruction and a quick fix is found anywhere on it.
 */
static void widen_points(dh__lsp_analysis *a)
{
	const char *t = a->src->data;
	for (size_t i = 0; i < a->nfixes; i++) {
		dh__rfix *x = &a->fixes[i];
		if (!x->diag || !x->own || x->start != x->end)
			continue;
		uint32_t e = x->start;
		while (e < a->src->len && t[e] != '\n' && t[e] != '\r')
			e++;
		x->end = e;
	}
}

static void run(dh__lsp_analysis *a)
{
	dh_patch_opts p = {0};
	load_config(a, &p);
	if (a->config_errors.count || a->ignored)
		return;
	const dh_diags *diags = a->kind == DH__LSP_DOCKERFILE
					? run_dockerfile(a)
					: run_manifest(a, &p);
	dh_report_file f = {.src = a->src,
			    .diags = diags,
			    .fixed = a->fixed,
			    .fixed_len = a->fixed_len};
	a->nfixes = dh__report_fixes(&a->fixes, a->arena, &f);
	widen_points(a);
}

dh__lsp_analysis *dh__lsp_analyze(const dh__lsp_doc *doc)
{
	dh_arena *arena = dh_arena_new();
	dh__lsp_analysis *a = dh_arena_alloc(arena, sizeof(*a));
	memset(a, 0, sizeof(*a));
	a->doc = doc;
	a->arena = arena;
	a->lazy = dh_arena_alloc(arena, sizeof(*a->lazy));
	memset(a->lazy, 0, sizeof(*a->lazy));
	a->kind = DH__LSP_OTHER;
	dh_harden_opts_init(&a->harden);
	dh_diags_init(&a->config_errors, arena);
	a->src = dh_source_new(arena, doc->path ? doc->path : doc->uri,
			       doc->text, doc->len);
	if (!a->src)
		return a; /* over the size limit: nothing to say */
	dh__lsp_index_lines(a);
	a->kind = pick_kind(doc, a->src);
	if (a->kind == DH__LSP_DOCKERFILE) {
		/* As written, never hardened, even when the configuration
		 * stops the rest. */
		read_dockerfile(a);
	} else if (a->kind == DH__LSP_MANIFEST) {
		dh_diags yd;
		dh_diags_init(&yd, arena);
		if (dh_yaml_tree_parse(&a->ys, &yd, a->src) != 0)
			a->ys.first = NULL;
	}
	if (a->kind != DH__LSP_OTHER)
		run(a);
	/* with the configured mirrors, as the passes saw the images */
	if (a->parsed && a->parses)
		dh_model_build_mapped(&a->model, a->parsed, a->harden.image_map,
				      a->harden.nimage_map);
	return a;
}

void dh__lsp_analysis_free(dh__lsp_analysis *a)
{
	if (a)
		dh_arena_free(a->arena);
}

dh__lsp_kind dh__lsp_analysis_kind(const dh__lsp_analysis *a)
{
	return a->kind;
}
