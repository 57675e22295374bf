/* SPDX-License-Identifier: MIT */
/*
 * DH108: a port below 1024 under a non-root user cannot be bound. Report
 * it with the two fixes that work; NET_BIND_SERVICE is not one of them
 * for a non-root process (it would need file capabilities or ambient
 * capabilities, which a read-only, cap-dropped container does not give).
 */
#include "dockharden/pass.h"

#include <stdlib.h>
#include <string.h>

static void check_expose(dh_pass_ctx *ctx, const dh_stage *st, dh_node *n,
			 const dh_instr *in)
{
	for (size_t k = 0; k < in->nargs; k++) {
		/* ARG PORT=80 + EXPOSE $PORT is port 80 */
		const char *word = dh_model_expand_at(&ctx->model, ctx->doc, st,
						      n, in->args[k].text);
		char *end;
		unsigned long port = strtoul(word, &end, 10);
		if (end == word || port == 0 || port >= 1024)
			continue;
		bool via = strcmp(word, in->args[k].text) != 0;
		dh_diag *d = dh_pass_warn(
			ctx, n, "DH108",
			"port %lu%s%s%s is below 1024 but the image runs as a "
			"non-root user, which cannot bind it",
			port, via ? " (from '" : "",
			via ? in->args[k].text : "", via ? "')" : "");
		d->hint = "listen on a port >= 1024 (e.g. 8080), or set the "
			  "sysctl net.ipv4.ip_unprivileged_port_start=0 "
			  "(dockharden k8s adds it); NET_BIND_SERVICE does not "
			  "help a non-root process";
	}
}

static int run(dh_pass_ctx *ctx)
{
	const dh_stage *st = dh_model_final(&ctx->model);
	/* bind-low-ports: the user says the runtime lets it bind them */
	if (!st->user_end.known || st->user_end.is_root ||
	    ctx->opts->bind_low_ports)
		return 0;
	for (dh_node *n = dh_stage_step(ctx, st, NULL); n;
	     n = dh_stage_step(ctx, st, n)) {
		const dh_instr *in = dh_node_instr(ctx->doc, n);
		if (in->kind == DH_INSTR_EXPOSE &&
		    !dh_pass_ignored(ctx, n, "DH108"))
			check_expose(ctx, st, n, in);
	}
	return 0;
}

const dh_pass dh_pass_ports = {
	.name = "ports",
	.rule = "DH108",
	.summary = "report privileged ports under a non-root user",
	.run = run,
};
