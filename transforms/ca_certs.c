/* SPDX-License-Identifier: MIT */
/*
 * DH104: a scratch final image has no CA bundle, so every TLS client in
 * it fails. Copy the builder's bundle in (installing ca-certificates in
 * the builder first when its base lacks them), and the zoneinfo database
 * when the image sets TZ. Finals whose base already has certificates are
 * left alone.
 */
#include "dockharden/pass.h"

#include <stdio.h>
#include <string.h>

/* The stage the final copies its artifact from (first COPY --from). */
static const dh_stage *builder_of(dh_pass_ctx *ctx, const dh_stage *st)
{
	for (dh_node *n = dh_stage_step(ctx, st, NULL); n;
	     n = dh_stage_step(ctx, st, n)) {
		const dh_instr *in = dh_node_instr(ctx->doc, n);
		const char *from = in->kind == DH_INSTR_COPY
					   ? dh_instr_flag_value(in, "from")
					   : NULL;
		const dh_stage *b =
			from ? dh_model_find_stage(&ctx->model, from) : NULL;
		if (b && b != st)
			return b;
	}
	return NULL;
}

static bool stage_copies(dh_pass_ctx *ctx, const dh_stage *st,
			 const char *needle)
{
	for (dh_node *n = dh_stage_step(ctx, st, NULL); n;
	     n = dh_stage_step(ctx, st, n)) {
		const dh_instr *in = dh_node_instr(ctx->doc, n);
		if ((in->kind == DH_INSTR_COPY || in->kind == DH_INSTR_ADD) &&
		    strstr(in->rest, needle))
			return true;
	}
	return false;
}

static bool stage_env(dh_pass_ctx *ctx, const dh_stage *st, const char *name)
{
	for (dh_node *n = dh_stage_step(ctx, st, NULL); n;
	     n = dh_stage_step(ctx, st, n)) {
		const dh_instr *in = dh_node_instr(ctx->doc, n);
		for (size_t k = 0; in->kind == DH_INSTR_ENV && k < in->nargs;
		     k += 3)
			if (strcmp(in->args[k].text, name) == 0)
				return true;
	}
	return false;
}

/* The install line for a builder that lacks the bundle, or NULL. */
static const char *install_line(const dh_stage *b)
{
	if (!b->base || b->base->has_ca_certs)
		return NULL;
	switch (b->base->pkg) {
	case DH_PKG_APK:
		return "RUN apk add --no-cache ca-certificates tzdata";
	case DH_PKG_APT:
		return "RUN apt-get update && apt-get install -y "
		       "--no-install-recommends ca-certificates tzdata "
		       "&& rm -rf /var/lib/apt/lists/*";
	default:
		return NULL;
	}
}

static int ensure_in_builder(dh_pass_ctx *ctx, const dh_stage *b)
{
	const char *line = install_line(b);
	if (!line || strstr(dh_stage_run_text(ctx, b), "ca-certificates"))
		return 0;
	dh_node *added;
	int rc = dh_cst_insert_after(&added, ctx->doc, b->from, line);
	if (rc == 0) {
		ctx->changes++;
		dh_pass_note(
			ctx, b->from, "DH104",
			"the builder '%s' has no CA bundle: ca-certificates "
			"installed",
			b->image);
	}
	return rc;
}

static const char *bundle_path(const dh_stage *b)
{
	if (b->base &&
	    (b->base->pkg == DH_PKG_DNF || b->base->pkg == DH_PKG_MICRODNF ||
	     b->base->pkg == DH_PKG_YUM || b->base->pkg == DH_PKG_TDNF))
		return "/etc/pki/tls/certs/ca-bundle.crt";
	return "/etc/ssl/certs/ca-certificates.crt";
}

static int copy_into_final(dh_pass_ctx *ctx, const dh_stage *st,
			   const dh_stage *b)
{
	char line[512];
	const char *ref = b->name ? b->name : "0";
	char idx[24];
	if (!b->name) {
		snprintf(idx, sizeof(idx), "%zu", b->index);
		ref = idx;
	}
	dh_node *added = st->from;
	int rc = 0;
	if (stage_env(ctx, st, "TZ") && !stage_copies(ctx, st, "zoneinfo")) {
		snprintf(
			line, sizeof(line),
			"COPY --from=%s /usr/share/zoneinfo /usr/share/zoneinfo",
			ref);
		rc = dh_cst_insert_after(&added, ctx->doc, st->from, line);
	}
	snprintf(line, sizeof(line),
		 "COPY --from=%s %s /etc/ssl/certs/ca-certificates.crt", ref,
		 bundle_path(b));
	if (rc == 0)
		rc = dh_cst_insert_after(&added, ctx->doc, st->from, line);
	if (rc == 0) {
		ctx->changes++;
		dh_pass_note(ctx, st->from, "DH104",
			     "scratch has no CA bundle: copied from stage '%s'",
			     ref);
	}
	return rc;
}

static int run(dh_pass_ctx *ctx)
{
	const dh_stage *st = dh_model_final(&ctx->model);
	if (!st->ref.is_scratch || st->parent ||
	    dh_pass_ignored(ctx, st->from, "DH104") ||
	    stage_copies(ctx, st, "ca-certificates") ||
	    stage_copies(ctx, st, "/etc/ssl/certs") ||
	    stage_copies(ctx, st, "ca-bundle"))
		return 0;
	const dh_stage *b = builder_of(ctx, st);
	if (!b)
		return 0;
	int rc = ensure_in_builder(ctx, b);
	return rc ? rc : copy_into_final(ctx, st, b);
}

const dh_pass dh_pass_ca_certs = {
	.name = "ca-certs",
	.rule = "DH104",
	.summary = "copy the CA bundle into scratch final images",
	.run = run,
};
