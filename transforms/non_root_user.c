/* SPDX-License-Identifier: MIT */
/*
 * DH105, DH106: the shipped stage runs as a numeric non-root user, but
 * only where the evidence (src/harden/runas.c) shows it still runs: the
 * entrypoint was read and needs no root, the writable paths are handed
 * over. Otherwise the USER is a finding that carries the suggested line
 * and says what evidence is missing; --level=strict applies it anyway,
 * marked "(unproven)". The base image's own unprivileged user is written
 * out; a named user becomes numeric (Kubernetes runAsNonRoot rejects
 * names), and a user the file creates without a UID is given one.
 */
#include "dockharden/pass.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dockharden/accounts.h"
#include "dockharden/runas.h"
#include "dockharden/shellcmd.h"

typedef dh_account account;

static bool find_account(account *out, dh_pass_ctx *ctx, const char *name,
			 bool group)
{
	return dh_account_find(out, ctx->doc, &ctx->model, name, group);
}

static bool group_id(dh_pass_ctx *ctx, const char *group, uint32_t *gid)
{
	return dh_account_group_id(ctx->doc, &ctx->model, group, gid);
}

/* Gives the useradd/adduser in user->run a fixed UID: -u for useradd and
 * BusyBox adduser -D, --uid for Debian's adduser. */
static int give_uid(dh_pass_ctx *ctx, const account *user, uint32_t uid)
{
	dh_node *n = user->run;
	const char *base = dh_node_base(ctx->doc, n) + n->span.start;
	size_t len = n->span.end - n->span.start;
	const char *word = user->cmd->words[0];
	char *text = dh_arena_strndup(ctx->doc->arena, base, len);
	const char *at = strstr(text, word);
	if (!at)
		return 0;
	bool long_form =
		!strcmp(word, "adduser") && !dh_sh_has(user->cmd, "-D");
	size_t off = (size_t)(at - text) + strlen(word);
	char *out =
		dh_arena_printf(ctx->doc->arena, "%.*s %s %u%s", (int)off, text,
				long_form ? "--uid" : "-u", uid, text + off);
	return dh_cst_replace_text(ctx->doc, n, out, strlen(out));
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

/* USER NAME for an account the file creates: its fixed UID (given one
 * when it has none), so runAsNonRoot can check it. */
static int numeric_created(dh_pass_ctx *ctx, dh_node *n, const char *spec)
{
	/* "app:grp": the user's name, and the group USER names */
	const char *colon = strchr(spec, ':');
	const char *name = colon ? dh_arena_strndup(ctx->doc->arena, spec,
						    (size_t)(colon - spec))
				 : spec;
	const char *group = colon ? colon + 1 : NULL;
	account user;
	if (!find_account(&user, ctx, name, false))
		return 1;
	uint32_t uid = user.has_id ? user.id : ctx->opts->uid, gid;
	if (!user.has_id) {
		int rc = give_uid(ctx, &user, uid);
		if (rc < 0)
			return rc;
		dh_pass_note(ctx, user.run, "DH105",
			     "user '%s' is created with the fixed UID %u", name,
			     uid);
		/* The tree changed: find the command again. */
		if (!find_account(&user, ctx, name, false))
			return 1;
	}
	char line[64];
	if (colon ? group_id(ctx, group, &gid)
		  : dh_account_primary_gid(ctx->doc, &ctx->model, &user, name,
					   &gid))
		user_spec(line, sizeof(line), uid, gid);
	else
		snprintf(line, sizeof(line), "USER %u", uid);
	int rc = dh_cst_replace(ctx->doc, n, line);
	if (rc == 0) {
		ctx->changes++;
		dh_pass_note(ctx, n, "DH105",
			     "named user '%s' becomes numeric "
			     "'%s'",
			     spec, line + 5);
	}
	return rc;
}

static int make_numeric(dh_pass_ctx *ctx, const dh_stage *st)
{
	dh_node *n = st->user_end.set_by;
	const dh_user *u = &st->user_end;
	char line[64];
	if (!u->known) {
		int rc = numeric_created(ctx, n, u->spec);
		if (rc <= 0)
			return rc;
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
	if (u->has_gid)
		user_spec(line, sizeof(line), u->uid, u->gid);
	else
		snprintf(line, sizeof(line), "USER %u", u->uid);
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

static int insert_user(dh_pass_ctx *ctx, const dh_stage *st, const char *line,
		       const char *why, const char *mark)
{
	dh_node *anchor = user_anchor(ctx, st), *added;
	int rc = dh_cst_insert_after(&added, ctx->doc, anchor, line);
	if (rc == 0) {
		ctx->changes++;
		dh_pass_note(ctx, st->from, "DH105", "%s: '%s' added%s", why,
			     line, mark);
	}
	return rc;
}

/* USER for a user without a passwd entry whose app writes under HOME:
 * the folder is made and given to it in one RUN, and HOME points there. */
static int insert_user_with_home(dh_pass_ctx *ctx, const dh_stage *st,
				 const char *line, const dh_runas *ev)
{
	dh_node *anchor = user_anchor(ctx, st), *run, *env, *user;
	const char *ids = line + 5; /* "USER 10001:10001" */
	const char *mk = dh_arena_printf(ctx->doc->arena,
					 "RUN mkdir -p %s && chown %s %s",
					 ev->home, ids, ev->home);
	const char *home =
		dh_arena_printf(ctx->doc->arena, "ENV HOME=%s", ev->home);
	int rc = dh_cst_insert_after(&run, ctx->doc, anchor, mk);
	if (rc == 0)
		rc = dh_cst_insert_after(&env, ctx->doc, run, home);
	if (rc == 0)
		rc = dh_cst_insert_after(&user, ctx->doc, env, line);
	if (rc)
		return rc;
	ctx->changes++;
	dh_pass_note(ctx, st->from, "DH105",
		     "the final stage runs as root: '%s' added, with HOME "
		     "'%s' made for it: the app writes under HOME (%s) and "
		     "the user has no passwd entry, so HOME would be '/'",
		     line, ev->home, ev->home_why);
	return 0;
}

/* A USER the evidence does not support: suggested, or with --level=strict
 * applied and marked. */
static int suggest_user(dh_pass_ctx *ctx, const dh_stage *st, const char *line,
			const char *why, const char *hint)
{
	if (ctx->opts->strict)
		return insert_user(ctx, st, line,
				   "the final stage runs as root",
				   dh_arena_printf(ctx->doc->arena,
						   " (unproven: %s)", why));
	dh_diag *d = dh_pass_warn(ctx, st->from, "DH105",
				  "the final stage runs as root; '%s' is "
				  "suggested, not applied: %s",
				  line, why);
	d->hint = hint;
	dh_pass_suggest(ctx, d, user_anchor(ctx, st), line);
	return 0;
}

static const char *const give_evidence =
	"give the evidence (fix what is named), or add 'level: strict' to "
	".dockharden.yaml or pass --level=strict to apply it anyway";

/* The user to add: the base image's own unprivileged account (node 1000,
 * distroless 65532) unless another was asked for, else --uid. */
static void default_user(char *out, size_t size, dh_pass_ctx *ctx,
			 const dh_stage *st)
{
	uint32_t uid = ctx->opts->uid, gid = ctx->opts->gid;
	if (st->base && st->base->nonroot_user && !ctx->opts->explicit_user) {
		uid = st->base->nonroot_uid;
		gid = st->base->nonroot_gid;
	}
	user_spec(out, size, uid, gid);
}

static int daemon_user(dh_pass_ctx *ctx, const dh_stage *st, const dh_runas *ev)
{
	char line[64];
	if (ev->daemon_uid)
		user_spec(line, sizeof(line), ev->daemon_uid, ev->daemon_uid);
	else
		default_user(line, sizeof(line), ctx, st);
	bool nginx = strstr(ev->why, "'nginx'") != NULL;
	return suggest_user(
		ctx, st, line, ev->why,
		nginx ? "use nginxinc/nginx-unprivileged (it listens on 8080), "
			"or chown the pid, cache and state paths to that user, "
			"move the pid to /tmp and listen above 1023; then "
			"--level=strict applies it"
		      : "chown the pid, socket and state paths to that user, "
			"move the pid to /tmp and listen above 1023; then "
			"--level=strict applies it");
}

static int root_final(dh_pass_ctx *ctx, const dh_stage *st)
{
	dh_runas ev;
	dh_runas_check(&ev, ctx, st);
	char line[64];
	default_user(line, sizeof(line), ctx, st);
	dh_diag *d;
	switch (ev.kind) {
	case DH_RUNAS_PROVEN:
		if (ev.home)
			return insert_user_with_home(ctx, st, line, &ev);
		return insert_user(ctx, st, line,
				   "the final stage runs as root", "");
	case DH_RUNAS_UNPROVEN:
		return suggest_user(ctx, st, line, ev.why, give_evidence);
	case DH_RUNAS_DAEMON:
		return daemon_user(ctx, st, &ev);
	case DH_RUNAS_BASE_IMAGE:
		dh_pass_note(ctx, st->from, "DH105", "no USER added: %s",
			     ev.why);
		return 0;
	case DH_RUNAS_DROPS:
		d = dh_pass_warn(ctx, st->from, "DH106",
				 "the entrypoint starts as root on purpose "
				 "(%s), so USER is not set",
				 ev.why);
		d->hint = "run as a numeric USER directly and make the files "
			  "the app writes owned by that user, then drop the "
			  "privilege switch";
		return 0;
	case DH_RUNAS_ROOT_BY_DESIGN:
		d = dh_pass_warn(ctx, st->from, "DH105",
				 "the final stage stays root: %s", ev.why);
		d->hint = "if it does not need root after all, add a numeric "
			  "USER; '# dockharden ignore=DH105' above FROM "
			  "silences this";
		return 0;
	}
	return 0;
}

/* PHP and Ruby apps write into their own folder (cache, log, tmp, uploads)
 * which COPY leaves owned by root. */
static int lang_final(dh_pass_ctx *ctx, const dh_stage *st)
{
	dh_runas ev;
	dh_runas_check(&ev, ctx, st);
	if (ev.kind != DH_RUNAS_PROVEN && ev.kind != DH_RUNAS_UNPROVEN)
		return root_final(ctx, st);
	char line[64];
	user_spec(line, sizeof(line), ctx->opts->uid, ctx->opts->gid);
	return suggest_user(ctx, st, line,
			    "a PHP or Ruby app writes into its own folder "
			    "(cache, log, tmp), which COPY leaves owned by "
			    "root",
			    "COPY the app with --chown=10001:10001 (or chown "
			    "its writable folders), then --level=strict "
			    "applies it");
}

/* The base image's own unprivileged user, written out so scanners see it
 * and it survives a later change of base. */
static int explicit_base_user(dh_pass_ctx *ctx, const dh_stage *st)
{
	const dh_user *u = &st->user_end;
	char line[64];
	if (ctx->opts->explicit_user && u->uid != ctx->opts->uid) {
		user_spec(line, sizeof(line), ctx->opts->uid, ctx->opts->gid);
		return insert_user(ctx, st, line,
				   "the user asked for differs from the base "
				   "image's own",
				   "");
	}
	user_spec(line, sizeof(line), u->uid, u->has_gid ? u->gid : u->uid);
	return insert_user(ctx, st, line,
			   "the base image's own non-root user is written "
			   "out",
			   "");
}

/* ---- stages --target can select ---- */

/* Marks in out (one flag a stage) the stages that are not targets of
 * their own: the final, those it is built on, and those another stage
 * copies from (COPY --from) or mounts (RUN --mount=from=): builders. */
static void mark_not_targets(bool *out, dh_pass_ctx *ctx)
{
	const dh_model *m = &ctx->model;
	for (const dh_stage *s = dh_model_final(m); s; s = s->parent) {
		if (out[s->index])
			break; /* a FROM that names its own stage */
		out[s->index] = true;
	}
	for (size_t i = 0; i < m->nstages; i++) {
		const dh_stage *s = &m->stages[i];
		for (dh_node *n = dh_stage_step(ctx, s, NULL); n;
		     n = dh_stage_step(ctx, s, n)) {
			const dh_instr *in = dh_node_instr(ctx->doc, n);
			const char *from = dh_instr_flag_value(in, "from");
			const char *mnt = dh_instr_flag_value(in, "mount");
			const char *at = mnt ? strstr(mnt, "from=") : NULL;
			if (at)
				from = dh_arena_strndup(ctx->doc->arena, at + 5,
							strcspn(at + 5, ","));
			const dh_stage *src =
				from ? dh_model_find_stage(m, from) : NULL;
			if (src)
				out[src->index] = true;
		}
	}
}

/* The stage itself says what to run (a test stage that only runs its
 * RUN steps while building inherits a CMD it never uses). */
static bool runs_something(dh_pass_ctx *ctx, const dh_stage *st)
{
	return dh_stage_last(ctx, st, DH_INSTR_CMD) ||
	       dh_stage_last(ctx, st, DH_INSTR_ENTRYPOINT);
}

/* A root target stage is reported with the USER it could have, never
 * rewritten: only the default build's final stage is. */
static void report_target(dh_pass_ctx *ctx, const dh_stage *st)
{
	const dh_user *u = &st->user_end;
	if (!u->known || !u->is_root || dh_pass_ignored(ctx, st->from, "DH105"))
		return;
	if (u->set_by && dh_pass_ignored(ctx, u->set_by, "DH105"))
		return;
	dh_runas ev;
	dh_runas_check(&ev, ctx, st);
	if (ev.kind != DH_RUNAS_PROVEN && ev.kind != DH_RUNAS_UNPROVEN) {
		dh_pass_warn(ctx, st->from, "DH105",
			     "stage '%s' can be built on its own (--target "
			     "%s) and stays root: %s",
			     st->name, st->name, ev.why);
		return;
	}
	char line[64];
	default_user(line, sizeof(line), ctx, st);
	dh_diag *d = dh_pass_warn(
		ctx, st->from, "DH105",
		"stage '%s' can be built on its own (--target %s) and runs as "
		"root; '%s' is suggested, not applied: only the final stage is "
		"rewritten%s%s",
		st->name, st->name, line, ev.why ? ": " : "",
		ev.why ? ev.why : "");
	d->hint = "add the USER to the stage if the image it builds is run "
		  "(a development or test target), or '# dockharden "
		  "ignore=DH105' above its FROM";
	dh_pass_suggest(ctx, d, user_anchor(ctx, st), line);
}

/* A named stage that is neither the final, nor built on by it, nor copied
 * from, and that runs something: `docker build --target NAME` (or compose
 * build.target) ships it as an image of its own. */
static void report_targets(dh_pass_ctx *ctx)
{
	size_t n = ctx->model.nstages;
	bool *skip = dh_arena_alloc(ctx->doc->arena, n * sizeof(bool));
	memset(skip, 0, n * sizeof(bool));
	mark_not_targets(skip, ctx);
	for (size_t i = 0; i < n; i++) {
		const dh_stage *st = &ctx->model.stages[i];
		if (st->name && !skip[i] && runs_something(ctx, st))
			report_target(ctx, st);
	}
}

static int run_final(dh_pass_ctx *ctx);

static int run(dh_pass_ctx *ctx)
{
	if (ctx->model.has_onbuild)
		return 0;
	int rc = run_final(ctx);
	if (rc)
		return rc;
	dh_model_build_mapped(&ctx->model, ctx->doc, ctx->opts->image_map,
			      ctx->opts->nimage_map);
	report_targets(ctx);
	return 0;
}

static int run_final(dh_pass_ctx *ctx)
{
	const dh_stage *st = dh_model_final(&ctx->model);
	/* A base image's users build on it as root (ONBUILD steps: DH111
	 * says so); pragmas ask for no change. */
	if (ctx->model.has_onbuild || dh_pass_ignored(ctx, st->from, "DH105"))
		return 0;
	const dh_user *u = &st->user_end;
	if (u->set_by && dh_pass_ignored(ctx, u->set_by, "DH105"))
		return 0;
	if (u->known && !u->is_root) {
		if (u->set_by && !digits_only(u->spec))
			return make_numeric(ctx, st);
		if (!u->set_by)
			return explicit_base_user(ctx, st);
		return 0;
	}
	if (!u->known && u->set_by)
		return make_numeric(ctx, st);
	if (st->base &&
	    (st->base->eco == DH_ECO_PHP || st->base->eco == DH_ECO_RUBY))
		return lang_final(ctx, st);
	return root_final(ctx, st);
}

const dh_pass dh_pass_non_root_user = {
	.name = "non-root-user",
	.rule = "DH105",
	.summary = "run the shipped stage as a numeric non-root user",
	.run = run,
};
