/* SPDX-License-Identifier: MIT */
/*
 * DH105, DH106: the shipped stage runs as a numeric non-root user. USER
 * goes after the last step that needs root (RUN); the base image's own
 * unprivileged account is reused where it has one; a named user becomes
 * numeric because Kubernetes runAsNonRoot rejects names; an entrypoint
 * that drops privileges itself (gosu, su-exec) is warned about instead.
 */
#include "dockharden/pass.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dockharden/shellcmd.h"

static const char *const droppers[] = {"gosu", "su-exec", "setpriv",
				       "chroot --userspec", "s6-setuidgid"};

static const char *find_dropper(const char *text)
{
	for (size_t k = 0; k < sizeof(droppers) / sizeof(droppers[0]); k++)
		if (strstr(text, droppers[k]))
			return droppers[k];
	return NULL;
}

/* Reads a script the Dockerfile copies in (never runs it). */
static char *read_script(dh_pass_ctx *ctx, const char *rel)
{
	if (!ctx->opts->base_dir || strstr(rel, "..") || rel[0] == '/')
		return NULL;
	char path[4096];
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", ctx->opts->base_dir,
			     rel) >= sizeof(path))
		return NULL;
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = dh_arena_alloc(ctx->doc->arena, 65537);
	size_t n = fread(buf, 1, 65536, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

/* Which copied file ends up at path (by basename), for entry scripts. */
static const char *copied_source(dh_pass_ctx *ctx, const dh_stage *st,
				 const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	for (dh_node *n = dh_stage_step(ctx, st, NULL); n;
	     n = dh_stage_step(ctx, st, n)) {
		const dh_instr *in = dh_node_instr(ctx->doc, n);
		if ((in->kind != DH_INSTR_COPY && in->kind != DH_INSTR_ADD) ||
		    dh_instr_flag(in, "from") || in->nargs < 2)
			continue;
		for (size_t k = 0; k + 1 < in->nargs; k++) {
			const char *s = strrchr(in->args[k].text, '/');
			s = s ? s + 1 : in->args[k].text;
			if (strcmp(s, base) == 0)
				return in->args[k].text;
		}
	}
	return NULL;
}

static const char *entry_dropper(dh_pass_ctx *ctx, const dh_stage *st)
{
	for (dh_node *n = dh_stage_step(ctx, st, NULL); n;
	     n = dh_stage_step(ctx, st, n)) {
		const dh_instr *in = dh_node_instr(ctx->doc, n);
		if (in->kind != DH_INSTR_ENTRYPOINT && in->kind != DH_INSTR_CMD)
			continue;
		const char *hit = find_dropper(in->rest);
		if (hit)
			return hit;
		const char *first = in->nargs ? in->args[0].text : "";
		const char *src =
			in->json ? copied_source(ctx, st, first) : NULL;
		const char *script = src ? read_script(ctx, src) : NULL;
		if (script && (hit = find_dropper(script)))
			return hit;
	}
	for (dh_node *n = dh_stage_step(ctx, st, NULL); n;
	     n = dh_stage_step(ctx, st, n)) {
		const dh_instr *in = dh_node_instr(ctx->doc, n);
		const char *hit;
		if ((in->kind == DH_INSTR_COPY || in->kind == DH_INSTR_ADD) &&
		    (hit = find_dropper(in->rest)))
			return hit;
	}
	for (size_t i = 0; i < ctx->model.nstages; i++) {
		const char *runs =
			dh_stage_run_text(ctx, &ctx->model.stages[i]);
		if (strstr(runs, "gosu") || strstr(runs, "su-exec"))
			return strstr(runs, "gosu") ? "gosu" : "su-exec";
	}
	return NULL;
}

/* A uid given to useradd/adduser for name anywhere in the file. */
static bool created_uid(dh_pass_ctx *ctx, const char *name, uint32_t *uid)
{
	for (size_t i = 0; i < ctx->model.nstages; i++) {
		dh_shcmd *cmds;
		size_t nc = dh_sh_split(
			&cmds, ctx->doc->arena,
			dh_stage_run_text(ctx, &ctx->model.stages[i]));
		for (size_t c = 0; c < nc; c++) {
			const dh_shcmd *cmd = &cmds[c];
			if (!cmd->nwords || (strcmp(cmd->words[0], "useradd") &&
					     strcmp(cmd->words[0], "adduser")))
				continue;
			const char *last = cmd->words[cmd->nwords - 1];
			const char *u = dh_sh_option(cmd, "-u");
			if (!u)
				u = dh_sh_option(cmd, "--uid");
			char *end;
			unsigned long v = u ? strtoul(u, &end, 10) : 0;
			if (u && !*end && strcmp(last, name) == 0 &&
			    v < UINT32_MAX) {
				*uid = (uint32_t)v;
				return true;
			}
		}
	}
	return false;
}

/* Where USER goes: after the last RUN, else after the last file step. */
static dh_node *user_anchor(dh_pass_ctx *ctx, const dh_stage *st)
{
	dh_node *after = st->from;
	bool seen_run = false;
	for (dh_node *n = dh_stage_step(ctx, st, NULL); n;
	     n = dh_stage_step(ctx, st, n)) {
		dh_instr_kind k = dh_node_instr(ctx->doc, n)->kind;
		if (k == DH_INSTR_RUN || (k == DH_INSTR_USER && seen_run)) {
			/* After the last step needing root, and after any
			 * USER that switches back to root. */
			after = n;
			seen_run = true;
		} else if (!seen_run &&
			   (k == DH_INSTR_COPY || k == DH_INSTR_ADD ||
			    k == DH_INSTR_WORKDIR || k == DH_INSTR_ENV ||
			    k == DH_INSTR_ARG || k == DH_INSTR_USER)) {
			after = n;
		}
	}
	return after;
}

static void user_spec(char *out, size_t size, uint32_t uid, uint32_t gid)
{
	snprintf(out, size, "USER %u:%u", uid, gid);
}

static int make_numeric(dh_pass_ctx *ctx, const dh_stage *st)
{
	dh_node *n = st->user_end.set_by;
	const dh_user *u = &st->user_end;
	char line[64];
	uint32_t uid;
	if (u->known) {
		if (u->has_gid)
			user_spec(line, sizeof(line), u->uid, u->gid);
		else
			snprintf(line, sizeof(line), "USER %u", u->uid);
	} else if (created_uid(ctx, u->spec, &uid)) {
		snprintf(line, sizeof(line), "USER %u", uid);
	} else {
		dh_diag *d =
			dh_pass_warn(ctx, n, "DH105",
				     "user '%s' has no fixed UID, so "
				     "Kubernetes runAsNonRoot cannot check it",
				     u->spec);
		d->hint =
			"create it with a fixed UID (useradd -u 10001 ...) and "
			"write 'USER 10001:10001'";
		return 0;
	}
	int rc = dh_cst_replace(ctx->doc, n, line);
	if (rc == 0) {
		ctx->changes++;
		dh_pass_note(ctx, n, "DH105",
			     "named user '%s' becomes numeric '%s'", u->spec,
			     line + 5);
	}
	return rc;
}

static bool digits_only(const char *s)
{
	return *s && s[strspn(s, "0123456789:")] == '\0';
}

static int add_user(dh_pass_ctx *ctx, const dh_stage *st, const char *why)
{
	const char *dropper = entry_dropper(ctx, st);
	if (dropper) {
		dh_diag *d =
			dh_pass_warn(ctx, st->from, "DH106",
				     "the entrypoint drops privileges with "
				     "'%s', so USER is not set",
				     dropper);
		d->hint =
			"run as a numeric USER directly and make the files the "
			"app writes owned by that user, then drop the privilege "
			"switch";
		return 0;
	}
	uint32_t uid = ctx->opts->uid, gid = ctx->opts->gid;
	if (st->base && st->base->nonroot_user && !ctx->opts->explicit_user) {
		uid = st->base->nonroot_uid;
		gid = st->base->nonroot_gid;
	}
	char line[64];
	user_spec(line, sizeof(line), uid, gid);
	dh_node *anchor = user_anchor(ctx, st), *added;
	int rc = dh_cst_insert_after(&added, ctx->doc, anchor, line);
	if (rc == 0) {
		ctx->changes++;
		dh_pass_note(ctx, st->from, "DH105", "%s: '%s' added", why,
			     line);
	}
	return rc;
}

static int run(dh_pass_ctx *ctx)
{
	const dh_stage *st = dh_model_final(&ctx->model);
	/* A base image's users build on it as root (ONBUILD steps); images
	 * left for manual review get no structural change. */
	if (ctx->model.has_onbuild || dh_pass_ignored(ctx, st->from, "DH105") ||
	    (st->base &&
	     (st->base->eco == DH_ECO_PHP || st->base->eco == DH_ECO_RUBY)))
		return 0;
	const dh_user *u = &st->user_end;
	if (u->set_by && dh_pass_ignored(ctx, u->set_by, "DH105"))
		return 0;
	if (u->known && !u->is_root) {
		if (u->set_by && !digits_only(u->spec) &&
		    !dh_pass_ignored(ctx, u->set_by, "DH105"))
			return make_numeric(ctx, st);
		/* The base's own user, when another was asked for. */
		if (!u->set_by && ctx->opts->explicit_user &&
		    u->uid != ctx->opts->uid)
			return add_user(ctx, st,
					"the user asked for differs from the "
					"base image's own");
		return 0;
	}
	if (!u->known && u->set_by)
		return dh_pass_ignored(ctx, u->set_by, "DH105")
			       ? 0
			       : make_numeric(ctx, st);
	return add_user(ctx, st, "the final stage runs as root");
}

const dh_pass dh_pass_non_root_user = {
	.name = "non-root-user",
	.rule = "DH105",
	.summary = "run the shipped stage as a numeric non-root user",
	.run = run,
};
