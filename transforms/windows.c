/* SPDX-License-Identifier: MIT */
/*
 * DH100: Windows images (servercore, nanoserver, or a file written with
 * the backtick escape) get none of the Linux hardening: say so once rather
 * than make edits that would break them.
 */
#include "dockharden/pass.h"

static int run(dh_pass_ctx *ctx)
{
	if (!ctx->model.windows || dh_pass_ignored(ctx, NULL, "DH100"))
		return 0;
	const dh_stage *st = dh_model_final(&ctx->model);
	dh_pass_note(ctx, st->from, "DH100",
		     "Windows image '%s': Linux hardening (non-root USER, "
		     "distroless final, CA copy) skipped",
		     st->image);
	return 0;
}

const dh_pass dh_pass_windows = {
	.name = "windows",
	.rule = "DH100",
	.summary = "skip Linux-only hardening for Windows images",
	.run = run,
};
