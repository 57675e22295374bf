/* SPDX-License-Identifier: MIT */
/*
 * Runs the passes in order, rebuilding the stage model before each so a
 * pass sees what the previous ones changed, and reports through the
 * document's diagnostics.
 */
#include "dockharden/pass.h"

#include <stdarg.h>
#include <string.h>

#include "dockharden/errors.h"

void dh_harden_opts_init(dh_harden_opts *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->uid = 10001;
	opts->gid = 10001;
}

static const struct {
	const char *hadolint;
	const char *rule;
} hadolint_map[] = {
	{"DL3002", "DH105"}, {"DL3004", "DH109"}, {"DL3006", "DH107"},
	{"DL3007", "DH107"}, {"DL3009", "DH110"}, {"DL3019", "DH110"},
	{"DL3025", "DH103"}, {"DL3042", "DH110"},
};

/* Does the comma list after "ignore=" in text name rule (or its DL)? */
static bool list_names(const char *list, size_t n, const char *rule)
{
	size_t rlen = strlen(rule);
	for (size_t i = 0; i < n;) {
		size_t len = 0;
		while (i + len < n && list[i + len] != ',' &&
		       list[i + len] != ' ' && list[i + len] != '\t' &&
		       list[i + len] != '\r' && list[i + len] != '\n')
			len++;
		const char *w = list + i;
		if (len == rlen && memcmp(w, rule, len) == 0)
			return true;
		for (size_t k = 0;
		     k < sizeof(hadolint_map) / sizeof(hadolint_map[0]); k++)
			if (len == 6 &&
			    memcmp(w, hadolint_map[k].hadolint, 6) == 0 &&
			    strcmp(hadolint_map[k].rule, rule) == 0)
				return true;
		if (i + len >= n || list[i + len] != ',')
			break;
		i += len + 1;
	}
	return false;
}

static bool comment_ignores(const dh_doc *doc, const dh_node *c,
			    const char *rule)
{
	const char *base = dh_node_base(doc, c);
	const char *s = base + c->span.start;
	size_t n = c->span.end - c->span.start;
	static const char *const tags[] = {"dockharden ignore=",
					   "hadolint ignore="};
	for (size_t t = 0; t < 2; t++) {
		size_t tl = strlen(tags[t]);
		for (size_t i = 0; i + tl <= n; i++)
			if (memcmp(s + i, tags[t], tl) == 0 &&
			    list_names(s + i + tl, n - i - tl, rule))
				return true;
	}
	return false;
}

/* The comment lines right above node (no blank line between). */
static bool above_ignores(const dh_doc *doc, const dh_node *node,
			  const char *rule)
{
	for (const dh_node *p = node ? node->prev : NULL;
	     p && p->kind == DH_NODE_COMMENT; p = p->prev)
		if (comment_ignores(doc, p, rule))
			return true;
	return false;
}

bool dh_pass_ignored(dh_pass_ctx *ctx, const dh_node *node, const char *rule)
{
	for (size_t i = 0; i < ctx->opts->ndisabled; i++)
		if (strcmp(ctx->opts->disabled[i], rule) == 0)
			return true;
	if (!ctx->has_pragmas)
		return false;
	if (above_ignores(ctx->doc, node, rule))
		return true;
	const dh_stage *st =
		node ? dh_model_stage_of(&ctx->model, ctx->doc, node) : NULL;
	return st && st->from != node &&
	       above_ignores(ctx->doc, st->from, rule);
}

static dh_diag *report(dh_pass_ctx *ctx, dh_severity sev, const dh_node *node,
		       const char *rule, const char *fmt, va_list ap)
{
	dh_doc *doc = ctx->doc;
	char *msg = dh_arena_vprintf(doc->arena, fmt, ap);
	uint32_t at = node ? dh_node_origin(node) : 0;
	dh_span span = {at, at};
	return dh_diag_add(&doc->diags, sev, rule, doc->src, span, "%s", msg);
}

dh_diag *dh_pass_note(dh_pass_ctx *ctx, const dh_node *node, const char *rule,
		      const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	dh_diag *d = report(ctx, DH_SEV_NOTE, node, rule, fmt, ap);
	va_end(ap);
	return d;
}

dh_diag *dh_pass_warn(dh_pass_ctx *ctx, const dh_node *node, const char *rule,
		      const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	dh_diag *d = report(ctx, DH_SEV_WARNING, node, rule, fmt, ap);
	va_end(ap);
	ctx->findings++;
	return d;
}

/* Whether any comment could be a pragma: most files have none, and then
 * no rule check needs to look above an instruction. */
static bool find_pragmas(const dh_doc *doc)
{
	for (const dh_node *n = doc->root->first_child; n; n = n->next) {
		if (n->kind != DH_NODE_COMMENT)
			continue;
		const char *b = dh_node_base(doc, n) + n->span.start;
		size_t len = n->span.end - n->span.start;
		for (size_t i = 0; i + 7 <= len; i++)
			if (memcmp(b + i, "ignore=", 7) == 0)
				return true;
	}
	return false;
}

int dh_harden(dh_doc *doc, const dh_harden_opts *opts, size_t *out_changes)
{
	dh_pass_ctx ctx = {.doc = doc, .opts = opts};
	ctx.has_pragmas = find_pragmas(doc);
	for (size_t i = 0; i < dh_pass_count(); i++) {
		const dh_pass *p = dh_pass_at(i);
		dh_model_build_mapped(&ctx.model, doc, opts->image_map,
				      opts->nimage_map);
		if (!ctx.model.nstages)
			break;
		/* Windows images get only the pass that says why nothing
		 * else applies. */
		if (ctx.model.windows && strcmp(p->rule, "DH100") != 0)
			continue;
		int rc = p->run(&ctx);
		if (rc < 0)
			return rc;
	}
	if (out_changes)
		*out_changes = ctx.changes;
	return 0;
}
