/* SPDX-License-Identifier: MIT */
/*
 * DH107: report base images that are not pinned (no tag, or :latest).
 * Report only: pinning needs a registry lookup, and an existing tag or
 * digest is never touched. FROM lines using ARGs are judged through the
 * ARG default.
 */
#include "dockharden/pass.h"

#include <string.h>

static void check_stage(dh_pass_ctx *ctx, const dh_stage *st)
{
	const dh_image_ref *r = &st->ref;
	if (st->parent || r->is_scratch || r->digest ||
	    dh_pass_ignored(ctx, st->from, "DH107"))
		return;
	if (r->has_variable) {
		dh_pass_note(ctx, st->from, "DH107",
			     "base image '%s' depends on an ARG without a "
			     "default: its pinning cannot be checked",
			     st->image);
		return;
	}
	if (!r->tag) {
		dh_diag *d = dh_pass_warn(ctx, st->from, "DH107",
					  "base image '%s' has no tag, so it "
					  "means ':latest'",
					  st->image);
		d->hint = "pin a version tag, or better a digest (@sha256:...)";
	} else if (strcmp(r->tag, "latest") == 0) {
		dh_diag *d = dh_pass_warn(ctx, st->from, "DH107",
					  "base image '%s' is pinned to "
					  "':latest'",
					  st->image);
		d->hint = "pin a version tag, or better a digest (@sha256:...)";
	}
}

static int run(dh_pass_ctx *ctx)
{
	for (size_t i = 0; i < ctx->model.nstages; i++)
		check_stage(ctx, &ctx->model.stages[i]);
	return 0;
}

const dh_pass dh_pass_pinning = {
	.name = "pinning",
	.rule = "DH107",
	.summary = "report base images without a tag or pinned to :latest",
	.run = run,
};
