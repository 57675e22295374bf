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
	const char *why = st->windows_why;
	for (size_t i = 0; !why && i < ctx->model.nstages; i++)
		why = ctx->model.stages[i].windows_why;
	dh_pass_note(ctx, st->from, "DH100",
		     "Windows image '%s' (%s): Linux hardening (non-root USER, "
		     "distroless final, CA copy) skipped",
		     st->image, why ? why : "a Windows signal");
	return 0;
}

const dh_pass dh_pass_windows = {
	.name = "windows",
	.rule = "DH100",
	.summary = "skip Linux-only hardening for Windows images",
	.run = run,
};
