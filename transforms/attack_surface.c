/* SPDX-License-Identifier: MIT */
/*
 * DH109, DH110, DH113: what the shipped stage carries that helps an
 * attacker or wastes space: network and build tools it installs, package
 * caches it leaves, and health checks that call tools the final image
 * does not have. Builder stages are not shipped and are not reported.
 */
#include "dockharden/pass.h"

#include <string.h>

#include "dockharden/shellcmd.h"

static const char *const risky_tools[] = {
	"curl",
	"wget",
	"netcat",
	"netcat-openbsd",
	"netcat-traditional",
	"nc",
	"ncat",
	"socat",
	"nmap",
	"telnet",
	"openssh-client",
	"ssh",
	"gcc",
	"g++",
	"clang",
	"make",
	"build-essential",
	"build-base",
	"sudo",
	"git",
};

static bool is_install(const dh_shcmd *c, const char **manager)
{
	if (!c->nwords)
		return false;
	const char *w = c->words[0];
	if ((!strcmp(w, "apt-get") || !strcmp(w, "apt")) &&
	    dh_sh_has(c, "install"))
		*manager = "apt";
	else if (!strcmp(w, "apk") && dh_sh_has(c, "add"))
		*manager = "apk";
	else if ((!strcmp(w, "yum") || !strcmp(w, "dnf") ||
		  !strcmp(w, "microdnf")) &&
		 dh_sh_has(c, "install"))
		*manager = "rpm";
	else if ((!strcmp(w, "pip") || !strcmp(w, "pip3")) &&
		 dh_sh_has(c, "install"))
		*manager = "pip";
	else
		return false;
	return true;
}

static void report_tools(dh_pass_ctx *ctx, dh_node *n, const dh_shcmd *c)
{
	for (size_t i = 1; i < c->nwords; i++)
		for (size_t k = 0;
		     k < sizeof(risky_tools) / sizeof(risky_tools[0]); k++)
			if (!strcmp(c->words[i], risky_tools[k])) {
				dh_diag *d = dh_pass_warn(
					ctx, n, "DH109",
					"the shipped image installs '%s'",
					risky_tools[k]);
				d->hint =
					"install it in a builder stage and copy "
					"only what the app needs, or remove it";
			}
}

static void report_cache(dh_pass_ctx *ctx, dh_node *n, const dh_shcmd *c,
			 const char *manager, const char *run_text)
{
	const char *hint = NULL;
	if (!strcmp(manager, "apt") && !strstr(run_text, "/var/lib/apt/lists"))
		hint = "end the RUN with '&& rm -rf /var/lib/apt/lists/*'";
	else if (!strcmp(manager, "apk") && !dh_sh_has(c, "--no-cache") &&
		 !strstr(run_text, "/var/cache/apk"))
		hint = "use 'apk add --no-cache'";
	else if (!strcmp(manager, "pip") && !dh_sh_has(c, "--no-cache-dir") &&
		 !strstr(run_text, "PIP_NO_CACHE_DIR"))
		hint = "use 'pip install --no-cache-dir'";
	if (!hint)
		return;
	dh_diag *d =
		dh_pass_warn(ctx, n, "DH110",
			     "'%s' leaves its package cache in the shipped "
			     "image",
			     c->words[0]);
	d->hint = hint;
}

static void check_run(dh_pass_ctx *ctx, dh_node *n, const dh_instr *in)
{
	if (in->json || !in->nargs)
		return;
	dh_shcmd *cmds;
	size_t nc = dh_sh_split(&cmds, ctx->doc->arena, in->rest);
	bool tools = !dh_pass_ignored(ctx, n, "DH109");
	bool cache = !dh_pass_ignored(ctx, n, "DH110");
	for (size_t i = 0; i < nc; i++) {
		const char *manager;
		if (!is_install(&cmds[i], &manager))
			continue;
		if (tools && strcmp(manager, "pip") != 0)
			report_tools(ctx, n, &cmds[i]);
		if (cache)
			report_cache(ctx, n, &cmds[i], manager, in->rest);
	}
}

static void check_healthcheck(dh_pass_ctx *ctx, const dh_stage *st, dh_node *n,
			      const dh_instr *in)
{
	if (!st->ref.is_scratch && !(st->base && st->base->distroless))
		return;
	for (size_t k = 1; k < in->nargs; k++) {
		const char *a = in->args[k].text;
		const char *tool = strstr(a, "curl")   ? "curl"
				   : strstr(a, "wget") ? "wget"
						       : NULL;
		if (!tool || dh_pass_ignored(ctx, n, "DH113"))
			continue;
		dh_diag *d =
			dh_pass_warn(ctx, n, "DH113",
				     "HEALTHCHECK runs '%s', which the final "
				     "image '%s' does not have",
				     tool, st->image);
		d->hint = "use a Kubernetes liveness/readiness probe, or build "
			  "a small static health-check binary in the builder";
		return;
	}
}

static int run(dh_pass_ctx *ctx)
{
	const dh_stage *st = dh_model_final(&ctx->model);
	for (dh_node *n = dh_stage_step(ctx, st, NULL); n;
	     n = dh_stage_step(ctx, st, n)) {
		const dh_instr *in = dh_node_instr(ctx->doc, n);
		if (in->kind == DH_INSTR_RUN)
			check_run(ctx, n, in);
		else if (in->kind == DH_INSTR_HEALTHCHECK)
			check_healthcheck(ctx, st, n, in);
	}
	return 0;
}

const dh_pass dh_pass_attack_surface = {
	.name = "attack-surface",
	.rule = "DH109",
	.summary = "report tools and caches the shipped image should not carry",
	.run = run,
};
