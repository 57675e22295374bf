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

/* What one RUN leaves out of the image: packages it removes again, and
 * the facts already reported for it (one finding per fact). */
typedef struct run_state {
	const dh_shcmd *cmds;
	size_t nc;
	bool purge_all; /* apt-mark auto + purge --auto-remove: the RUN's
			   installs are all removed again */
	const char *reported[32];
	size_t nreported;
} run_state;

/* The tools reported for the shipped image: one finding a tool, however
 * many RUNs install it (the finding counts them), so a file that installs
 * curl twice gets one warning, not two for one fact. */
typedef struct tool_seen {
	const char *tool;
	dh_diag *diag;
	size_t runs;
} tool_seen;

typedef struct image_tools {
	tool_seen seen[sizeof(risky_tools) / sizeof(risky_tools[0])];
	size_t n;
} image_tools;

/* Reports key (a tool or a manager) once per RUN. */
static bool first_time(run_state *rs, const char *key)
{
	for (size_t i = 0; i < rs->nreported; i++)
		if (!strcmp(rs->reported[i], key))
			return false;
	if (rs->nreported < sizeof(rs->reported) / sizeof(rs->reported[0]))
		rs->reported[rs->nreported++] = key;
	return true;
}

static bool is_removal(const dh_shcmd *c)
{
	if (!c->nwords)
		return false;
	const char *w = c->words[0];
	if (!strcmp(w, "apk"))
		return dh_sh_has(c, "del");
	if (!strcmp(w, "apt-get") || !strcmp(w, "apt"))
		return dh_sh_has(c, "purge") || dh_sh_has(c, "remove");
	if (!strcmp(w, "yum") || !strcmp(w, "dnf") || !strcmp(w, "microdnf"))
		return dh_sh_has(c, "remove") || dh_sh_has(c, "erase");
	return false;
}

/* The virtual group (apk add --virtual NAME / -t NAME) c installs into. */
static const char *virtual_group(const dh_shcmd *c)
{
	const char *v = dh_sh_option(c, "--virtual");
	return v ? v : dh_sh_option(c, "-t");
}

/* pkg, installed by add, is removed again later in the same RUN: by name,
 * through the virtual group add put it in, or by an apt-mark auto + purge
 * --auto-remove sweep. */
static bool removed_later(const run_state *rs, size_t add, const char *pkg)
{
	if (rs->purge_all && strcmp(rs->cmds[add].words[0], "apk") != 0)
		return true;
	const char *group = virtual_group(&rs->cmds[add]);
	for (size_t i = add + 1; i < rs->nc; i++)
		if (is_removal(&rs->cmds[i]) &&
		    (dh_sh_has(&rs->cmds[i], pkg) ||
		     (group && dh_sh_has(&rs->cmds[i], group))))
			return true;
	return false;
}

/* Counts another RUN installing a tool already reported; true if so. */
static bool seen_before(dh_pass_ctx *ctx, image_tools *it, const char *tool)
{
	for (size_t i = 0; i < it->n; i++) {
		tool_seen *t = &it->seen[i];
		if (t->tool != tool)
			continue;
		t->runs++;
		t->diag->message = dh_arena_printf(
			ctx->doc->arena,
			"the shipped image installs '%s' (%zu RUN instructions "
			"install it; this is the first)",
			tool, t->runs);
		return true;
	}
	return false;
}

static void report_tools(dh_pass_ctx *ctx, dh_node *n, run_state *rs, size_t at,
			 image_tools *it)
{
	const dh_shcmd *c = &rs->cmds[at];
	const char *group = virtual_group(c);
	for (size_t i = 1; i < c->nwords; i++)
		for (size_t k = 0;
		     k < sizeof(risky_tools) / sizeof(risky_tools[0]); k++) {
			const char *tool = risky_tools[k];
			if (strcmp(c->words[i], tool) != 0 ||
			    (group && !strcmp(group, tool)) ||
			    removed_later(rs, at, tool) ||
			    !first_time(rs, tool) || seen_before(ctx, it, tool))
				continue;
			dh_diag *d = dh_pass_warn(
				ctx, n, "DH109",
				"the shipped image installs '%s'", tool);
			d->hint = "install it in a builder stage and copy "
				  "only what the app needs, or remove it";
			it->seen[it->n++] = (tool_seen){tool, d, 1};
		}
}

/* PIP_NO_CACHE_DIR set by an ENV of the stage (or the stage it builds on). */
static bool pip_cache_off(const dh_stage *st)
{
	for (size_t i = 0; i < st->nenvs; i++)
		if (!strcmp(st->envs[i].name, "PIP_NO_CACHE_DIR"))
			return true;
	return false;
}

static void report_cache(dh_pass_ctx *ctx, const dh_stage *st, dh_node *n,
			 run_state *rs, const dh_shcmd *c, const char *manager,
			 const char *run_text)
{
	const char *hint = NULL;
	/* pip takes any unambiguous prefix: --no-cache is --no-cache-dir */
	bool pip = !strcmp(manager, "pip");
	bool pip_off =
		pip &&
		(dh_sh_has(c, "--no-cache-dir") || dh_sh_has(c, "--no-cache") ||
		 strstr(run_text, "PIP_NO_CACHE_DIR") || pip_cache_off(st));
	if (!strcmp(manager, "apt") && !strstr(run_text, "/var/lib/apt/lists"))
		hint = "end the RUN with '&& rm -rf /var/lib/apt/lists/*'";
	else if (!strcmp(manager, "apk") && !dh_sh_has(c, "--no-cache") &&
		 !strstr(run_text, "/var/cache/apk"))
		hint = "use 'apk add --no-cache'";
	else if (pip && !pip_off)
		hint = "use 'pip install --no-cache-dir'";
	if (!hint || !first_time(rs, manager))
		return;
	dh_diag *d =
		dh_pass_warn(ctx, n, "DH110",
			     "'%s' leaves its package cache in the shipped "
			     "image",
			     c->words[0]);
	d->hint = hint;
}

static void check_run(dh_pass_ctx *ctx, const dh_stage *st, dh_node *n,
		      const dh_instr *in, image_tools *it)
{
	if (in->json || !in->nargs)
		return;
	dh_shcmd *cmds;
	size_t nc = dh_sh_split(&cmds, ctx->doc->arena, in->rest);
	run_state rs = {.cmds = cmds, .nc = nc};
	rs.purge_all = strstr(in->rest, "apt-mark auto") &&
		       (strstr(in->rest, "--auto-remove") ||
			strstr(in->rest, "autoremove"));
	bool tools = !dh_pass_ignored(ctx, n, "DH109");
	bool cache = !dh_pass_ignored(ctx, n, "DH110");
	for (size_t i = 0; i < nc; i++) {
		const char *manager;
		if (!is_install(&cmds[i], &manager))
			continue;
		if (tools && strcmp(manager, "pip") != 0)
			report_tools(ctx, n, &rs, i, it);
		if (cache)
			report_cache(ctx, st, n, &rs, &cmds[i], manager,
				     in->rest);
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
	image_tools it = {.n = 0};
	for (dh_node *n = dh_stage_step(ctx, st, NULL); n;
	     n = dh_stage_step(ctx, st, n)) {
		const dh_instr *in = dh_node_instr(ctx->doc, n);
		if (in->kind == DH_INSTR_RUN)
			check_run(ctx, st, n, in, &it);
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
