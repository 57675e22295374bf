/* SPDX-License-Identifier: MIT */
/*
 * DH101 (and DH102 for the base it picks): split a single-stage build into
 * a builder and a minimal final stage, only when the artifact is proven
 * (see src/harden/artifact.c). The builder keeps every line as written except
 * its FROM (which gains a stage name); runtime metadata moves to the final
 * stage with its comments; ENV and WORKDIR are repeated there. The final
 * stage keeps the original stage name so `--target` still works.
 */
#include "dockharden/artifact.h"
#include "dockharden/pass.h"
#include "dockharden/runas.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dockharden/alloc.h"
#include "dockharden/buf.h"
#include "dockharden/shellcmd.h"

/* What belongs to the program the builder ran, which a static final
 * (nginx's own command, port and user) replaces. */
static bool runs_program(dh_instr_kind k)
{
	return k == DH_INSTR_EXPOSE || k == DH_INSTR_CMD ||
	       k == DH_INSTR_ENTRYPOINT || k == DH_INSTR_HEALTHCHECK ||
	       k == DH_INSTR_STOPSIGNAL || k == DH_INSTR_VOLUME;
}

/* The metadata the final stage takes from the single stage. */
static bool moves(dh_instr_kind k)
{
	return runs_program(k) || k == DH_INSTR_LABEL ||
	       k == DH_INSTR_MAINTAINER;
}

/* Where nginx-unprivileged serves files from. */
#define STATIC_ROOT "/usr/share/nginx/html"

/* ENV names that only matter while building; not repeated in the final. */
static bool build_only_env(const char *name)
{
	static const char *const exact[] = {
		"GOPATH",      "GOROOT",    "GOOS",	  "GOARCH",
		"GOARM",       "GOAMD64",   "GOFLAGS",	  "GOPROXY",
		"GOPRIVATE",   "GONOSUMDB", "GONOPROXY",  "GOSUMDB",
		"GO111MODULE", "GOCACHE",   "GOMODCACHE", "GOTOOLCHAIN",
		"GOBIN",       "GOWORK",    "RUSTFLAGS",  "DEBIAN_FRONTEND",
	};
	static const char *const prefixes[] = {
		"CGO_",	       "CARGO_", "RUSTUP_",	"MAVEN_", "GRADLE_",
		"NPM_CONFIG_", "PIP_",	 "DOTNET_CLI_", "NUGET_",
	};
	for (size_t i = 0; i < sizeof(exact) / sizeof(exact[0]); i++)
		if (strcmp(name, exact[i]) == 0)
			return true;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	return false;
}

static bool env_for_runtime(const dh_instr *in)
{
	for (size_t k = 0; k < in->nargs; k += 3)
		if (!build_only_env(in->args[k].text))
			return true;
	return false;
}

static const char *builder_name(const dh_stage *st)
{
	return st->name && strcmp(st->name, "build") == 0 ? "builder" : "build";
}

static int name_builder(dh_pass_ctx *ctx, const dh_stage *st, const char *name)
{
	const dh_instr *in = st->from_instr;
	char rest[1024];
	int n = snprintf(rest, sizeof(rest), "%s %s %s",
			 in->nargs ? in->args[0].text : "scratch",
			 ctx->doc->style.lowercase_keywords ? "as" : "AS",
			 name);
	if (n < 0 || (size_t)n >= sizeof(rest))
		return DH_EINPUT;
	return dh_cst_replace_rest(ctx->doc, st->from, rest);
}

typedef struct plan {
	dh_pass_ctx *ctx;
	const dh_stage *st;
	const dh_artifact *art;
	const char *builder;
	dh_node *at; /* where the next final-stage line goes */
} plan;

static int add_line(plan *p, const char *line)
{
	int rc = dh_cst_insert_after(&p->at, p->ctx->doc, p->at, line);
	return rc;
}

static int add_copy(plan *p, const char *path)
{
	char line[2048];
	int n = snprintf(line, sizeof(line), "COPY --from=%s %s %s", p->builder,
			 path, path);
	if (n < 0 || (size_t)n >= sizeof(line))
		return DH_EINPUT;
	return add_line(p, line);
}

/* The stage's COPY/ADD lines again, as written: what they put into an
 * app that runs from '/' comes from the context, not from the builder. */
static int replay_copies(plan *p)
{
	int rc = 0;
	for (dh_node *n = dh_stage_step(p->ctx, p->st, NULL); n && rc == 0;
	     n = dh_stage_step(p->ctx, p->st, n)) {
		dh_instr_kind k = dh_node_instr(p->ctx->doc, n)->kind;
		if (k == DH_INSTR_COPY || k == DH_INSTR_ADD)
			rc = dh_cst_insert_copy_after(&p->at, p->ctx->doc,
						      p->at, n);
	}
	return rc;
}

static int start_final(plan *p)
{
	dh_doc *doc = p->ctx->doc;
	dh_node *last = doc->root->last_child;
	int rc = 0;
	p->at = last;
	if (last->kind != DH_NODE_BLANK)
		rc = dh_cst_append(&p->at, doc, "");
	char line[1024];
	const char *image = dh_pass_image(p->ctx, p->art->runtime);
	if (p->st->name)
		snprintf(line, sizeof(line), "FROM %s %s %s", image,
			 doc->style.lowercase_keywords ? "as" : "AS",
			 p->st->name);
	else
		snprintf(line, sizeof(line), "FROM %s", image);
	if (rc == 0)
		rc = add_line(p, line);
	if (rc == 0)
		dh_node_set_origin(doc, p->at, dh_node_origin(p->st->from));
	if (rc == 0 && p->art->final_run)
		rc = add_line(p, p->art->final_run);
	if (rc == 0 && p->art->kind == DH_ART_STATIC) {
		snprintf(line, sizeof(line), "COPY --from=%s %s " STATIC_ROOT,
			 p->builder, p->art->path);
		return add_line(p, line);
	}
	if (rc == 0)
		rc = add_copy(p, p->art->path);
	if (rc == 0 && p->art->extra)
		rc = add_copy(p, p->art->extra);
	if (rc == 0 && p->art->replay_copies)
		rc = replay_copies(p);
	if (rc == 0 && strcmp(p->art->workdir, "/") != 0) {
		snprintf(line, sizeof(line), "WORKDIR %s", p->art->workdir);
		rc = add_line(p, line);
	}
	return rc;
}

/* Moves node and the comment lines right above it to p->at. */
static void move_with_comments(plan *p, dh_node *n)
{
	dh_node *first = n;
	while (first->prev && first->prev->kind == DH_NODE_COMMENT)
		first = first->prev;
	for (dh_node *c = first, *next; c; c = next) {
		next = c == n ? NULL : c->next;
		dh_cst_move_after(p->ctx->doc, c, p->at);
		p->at = c;
	}
}

/* Appends word to a NULL-free list unless present; false when full. */
static void add_dir(const char **dirs, size_t *n, size_t cap, const char *d)
{
	if (!dh_path_is_plain(d) || strcmp(d, "/") == 0 || *n >= cap)
		return;
	for (size_t i = 0; i < *n; i++)
		if (strcmp(dirs[i], d) == 0)
			return;
	dirs[(*n)++] = d;
}

/*
 * Folders the app writes: VOLUMEs, and folders made by mkdir after the
 * build step (state the original image had). The final stage has no shell
 * to make them, so they are copied from the builder, owned by the user
 * the image will run as.
 */
static size_t writable_dirs(plan *p, const char **dirs, size_t cap, bool *made)
{
	size_t n = 0;
	bool after = false;
	for (dh_node *c = dh_stage_step(p->ctx, p->st, NULL); c;
	     c = dh_stage_step(p->ctx, p->st, c)) {
		const dh_instr *in = dh_node_instr(p->ctx->doc, c);
		if (c == p->art->step)
			after = true;
		if (in->kind == DH_INSTR_VOLUME)
			for (size_t k = 0; k < in->nargs; k++)
				add_dir(dirs, &n, cap, in->args[k].text);
		if (in->kind != DH_INSTR_RUN || in->json || !after)
			continue;
		dh_shcmd *cmds;
		size_t nc = dh_sh_split(&cmds, p->ctx->doc->arena, in->rest);
		for (size_t i = 0; i < nc; i++) {
			if (!cmds[i].nwords ||
			    strcmp(cmds[i].words[0], "mkdir"))
				continue;
			for (size_t w = 1; w < cmds[i].nwords; w++) {
				size_t before = n;
				add_dir(dirs, &n, cap, cmds[i].words[w]);
				if (n > before)
					made[n - 1] = true;
			}
		}
	}
	return n;
}

static int carry_dirs(plan *p, dh_node *build_end)
{
	const char *dirs[64];
	bool made[64] = {false};
	size_t n = writable_dirs(p, dirs, 64, made);
	dh_image_ref rt;
	dh_image_ref_parse(&rt, p->ctx->doc->arena, p->art->runtime);
	const dh_baseimg *b = dh_baseimg_lookup(&rt);
	uint32_t uid = p->ctx->opts->uid, gid = p->ctx->opts->gid;
	if (b && b->nonroot_user && !p->ctx->opts->explicit_user) {
		uid = b->nonroot_uid;
		gid = b->nonroot_gid;
	}
	dh_buf mk = DH_BUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (!made[i])
			dh_buf_printf(&mk, " %s", dirs[i]);
		char line[1200];
		snprintf(line, sizeof(line),
			 "COPY --from=%s --chown=%u:%u %s %s", p->builder, uid,
			 gid, dirs[i], dirs[i]);
		rc = add_line(p, line);
	}
	if (rc == 0 && mk.len) {
		char *line = dh_arena_printf(p->ctx->doc->arena,
					     "RUN mkdir -p%s", mk.data);
		rc = dh_cst_insert_after(NULL, p->ctx->doc, build_end, line);
	}
	dh_buf_free(&mk);
	return rc;
}

/* text refers to $name or ${name...}. */
static bool refers_to(const char *text, const char *name)
{
	size_t n = strlen(name);
	for (const char *t = strchr(text, '$'); t; t = strchr(t + 1, '$')) {
		const char *v = t + 1 + (t[1] == '{');
		char after = v[n];
		if (strncmp(v, name, n) == 0 &&
		    !(after == '_' || (after >= 'a' && after <= 'z') ||
		      (after >= 'A' && after <= 'Z') ||
		      (after >= '0' && after <= '9')))
			return true;
	}
	return false;
}

/* An ARG whose value a carried ENV or moved instruction reads: without
 * it the final would expand the reference to nothing. */
static bool arg_needed(plan *p, const dh_instr *arg)
{
	for (size_t k = 0; k < arg->nargs; k++) {
		const char *w = arg->args[k].text;
		const char *name = dh_arena_strndup(p->ctx->doc->arena, w,
						    strcspn(w, "="));
		for (dh_node *n = dh_stage_step(p->ctx, p->st, NULL); n;
		     n = dh_stage_step(p->ctx, p->st, n)) {
			const dh_instr *in = dh_node_instr(p->ctx->doc, n);
			bool carried =
				moves(in->kind) || (in->kind == DH_INSTR_ENV &&
						    env_for_runtime(in));
			if (carried && refers_to(in->rest, name))
				return true;
		}
	}
	return false;
}

/* A static final listens where nginx-unprivileged does; what reached the
 * builder's server on another port must follow. */
static int expose_static(plan *p)
{
	int rc = add_line(p, "EXPOSE 8080");
	dh_node *old = dh_stage_last(p->ctx, p->st, DH_INSTR_EXPOSE);
	const dh_instr *in = old ? dh_node_instr(p->ctx->doc, old) : NULL;
	if (rc || !in || !in->nargs || !strncmp(in->args[0].text, "8080", 4))
		return rc;
	dh_diag *d = dh_pass_warn(
		p->ctx, old, "DH102",
		"EXPOSE 8080 replaces %s (nginx-unprivileged serves the files "
		"on 8080): update the Service targetPort, probes and published "
		"ports that use %s",
		in->args[0].text, in->args[0].text);
	d->hint = "'dockharden patch --dockerfile FILE MANIFEST' and "
		  "'dockharden migrate' make these edits in the manifests "
		  "paired with this Dockerfile";
	return 0;
}

static int carry_metadata(plan *p)
{
	size_t nt = 0, cap = 16;
	dh_node **todo = dh_xmalloc(cap * sizeof(dh_node *));
	bool serves_files = p->art->kind == DH_ART_STATIC;
	int rc = serves_files ? expose_static(p) : 0;
	for (dh_node *n = dh_stage_step(p->ctx, p->st, NULL); n && rc == 0;
	     n = dh_stage_step(p->ctx, p->st, n)) {
		const dh_instr *in = dh_node_instr(p->ctx->doc, n);
		if (serves_files &&
		    (runs_program(in->kind) || in->kind == DH_INSTR_ENV ||
		     in->kind == DH_INSTR_ARG))
			continue;
		if (moves(in->kind)) {
			if (nt == cap)
				todo = dh_xrealloc(
					todo, (cap *= 2) * sizeof(dh_node *));
			todo[nt++] = n;
		} else if (((in->kind == DH_INSTR_ENV && env_for_runtime(in)) ||
			    (in->kind == DH_INSTR_ARG && arg_needed(p, in))) &&
			   rc == 0)
			rc = dh_cst_insert_copy_after(&p->at, p->ctx->doc,
						      p->at, n);
	}
	if (rc == 0 && p->art->env)
		rc = add_line(p, p->art->env);
	for (size_t i = 0; i < nt && rc == 0; i++)
		move_with_comments(p, todo[i]);
	free(todo);
	return rc;
}

static void explain_none(dh_pass_ctx *ctx, const dh_stage *st,
			 const dh_artifact *a)
{
	const dh_baseimg *b = st->base;
	if (b && (b->eco == DH_ECO_PHP || b->eco == DH_ECO_RUBY)) {
		if (!dh_pass_ignored(ctx, st->from, "DH112"))
			dh_pass_note(ctx, st->from, "DH112",
				     "%s image left for manual review: its "
				     "runtime needs the interpreter and its "
				     "extensions",
				     dh_baseimg_eco_name(b->eco));
		return;
	}
	/* An image the table does not know is noted only when the stage
	 * has a build step of a language with a split recipe; an OS image
	 * only when a recipe saw its build and named what stops the split. */
	if ((!b && a->no_build_step) ||
	    (b && (b->role == DH_ROLE_RUNTIME ||
		   (b->eco == DH_ECO_OS && !a->blocked) ||
		   b->eco == DH_ECO_WEB || b->eco == DH_ECO_DB)) ||
	    dh_pass_ignored(ctx, st->from, "DH101"))
		return;
	dh_diag *d = dh_pass_note(ctx, st->from, "DH101",
				  "single stage left as is: %s", a->reason);
	if (a->snippet)
		d->hint = dh_arena_printf(ctx->doc->arena,
					  "a final stage to start from:\n%s",
					  a->snippet);
}

/* Builder edits the proof asked for (a venv before a system pip). */
static int edit_builder(dh_pass_ctx *ctx, const dh_artifact *a)
{
	int rc = 0;
	for (size_t i = 0; a->prep[i] && rc == 0; i++)
		rc = dh_cst_insert_before(NULL, ctx->doc, a->step, a->prep[i]);
	if (rc == 0 && a->step_rest)
		rc = dh_cst_replace_rest(ctx->doc, a->step, a->step_rest);
	if (rc == 0 && a->command_rest)
		rc = dh_cst_replace_rest(ctx->doc, a->command, a->command_rest);
	return rc;
}

static int split(dh_pass_ctx *ctx, const dh_stage *st, const dh_artifact *a)
{
	plan p = {.ctx = ctx, .st = st, .art = a, .builder = builder_name(st)};
	dh_node *build_end = dh_stage_last(ctx, st, DH_INSTR_RUN);
	int rc = start_final(&p);
	if (rc == 0)
		rc = carry_dirs(&p, build_end ? build_end : a->step);
	if (rc == 0)
		rc = carry_metadata(&p);
	if (rc == 0)
		rc = edit_builder(ctx, a);
	if (rc == 0)
		rc = name_builder(ctx, st, p.builder);
	if (rc)
		return rc;
	ctx->changes++;
	dh_pass_note(ctx, st->from, "DH101",
		     "single-stage build split: stage '%s' builds, the final "
		     "stage ships only '%s'%s%s%s%s",
		     p.builder, a->path, a->extra ? " and '" : "",
		     a->extra ? a->extra : "", a->extra ? "'" : "",
		     a->replay_copies ? " and repeats the stage's COPY/ADD "
					"lines (the app runs from '/')"
				      : "");
	dh_diag *d = dh_pass_note(ctx, st->from, "DH102", "final image is '%s'",
				  dh_pass_image(ctx, a->runtime));
	/* The hint joins every reason the final is not the smallest image. */
	dh_buf hint = DH_BUF_INIT;
	if (a->needs_shell)
		dh_buf_puts(&hint, "the final keeps a shell because its "
				   "CMD/ENTRYPOINT uses shell features");
	if (a->runtime_why)
		dh_buf_printf(&hint, "%s%s", hint.len ? "; " : "",
			      a->runtime_why);
	if (a->cgo_default)
		dh_buf_printf(&hint,
			      "%scgo is not turned off, so the Go binary may "
			      "link the C library; with CGO_ENABLED=0 in the "
			      "build it is static and ships on scratch",
			      hint.len ? "; " : "");
	if (hint.len)
		d->hint =
			dh_arena_strndup(ctx->doc->arena, hint.data, hint.len);
	dh_buf_free(&hint);
	return 0;
}

/* A ":nonroot" runtime would switch the user with the image, so a port
 * below 1024 (not bindable without the sysctl) keeps the root variant of
 * the same image; the USER pass then suggests the user with the reason. */
static void keep_root_for_low_port(dh_pass_ctx *ctx, const dh_stage *st,
				   dh_artifact *a)
{
	unsigned port;
	const char *how;
	const char *tag = a->runtime ? strstr(a->runtime, ":nonroot") : NULL;
	if (!tag || tag[8] || ctx->opts->strict || ctx->opts->bind_low_ports ||
	    !dh_runas_low_port(ctx, st, NULL, 0, &port, &how))
		return;
	a->runtime = dh_arena_strndup(ctx->doc->arena, a->runtime,
				      (size_t)(tag - a->runtime));
}

static int run(dh_pass_ctx *ctx)
{
	const dh_model *m = &ctx->model;
	if (m->nstages != 1)
		return 0;
	const dh_stage *st = &m->stages[0];
	if (m->has_onbuild) {
		if (!dh_pass_ignored(ctx, st->from, "DH111"))
			dh_pass_note(
				ctx, st->from, "DH111",
				"the file declares ONBUILD, so it is a base "
				"image: its structure is left alone");
		return 0;
	}
	if (dh_pass_ignored(ctx, st->from, "DH101"))
		return 0;
	dh_artifact a;
	dh_artifact_find(&a, ctx, st);
	if (a.kind == DH_ART_NONE) {
		explain_none(ctx, st, &a);
		return 0;
	}
	keep_root_for_low_port(ctx, st, &a);
	return split(ctx, st, &a);
}

const dh_pass dh_pass_multi_stage = {
	.name = "multi-stage",
	.rule = "DH101",
	.summary = "split single-stage builds into builder and minimal final",
	.run = run,
};
