/* SPDX-License-Identifier: MIT */
/*
 * DH102, DH103: make the shipped stage minimal and runnable. Official
 * nginx becomes nginx-unprivileged (non-root, port 8080) when no config is
 * copied over it; CMD drops the interpreter that a distroless base already
 * runs as its ENTRYPOINT (node, python3, java -jar); purely literal
 * shell-form CMD/ENTRYPOINT becomes exec form; a shell form that needs a
 * shell in a final without one is reported.
 */
#include "dockharden/pass.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dockharden/buf.h"

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

static bool has_shell(const dh_stage *st)
{
	if (st->ref.is_scratch)
		return false;
	return !st->base || st->base->has_shell;
}

/* The interpreter a distroless ENTRYPOINT already runs: "node" ... */
static const char *entry_interpreter(const dh_stage *st)
{
	const char *ep = st->base ? st->base->entrypoint : NULL;
	if (!ep)
		return NULL;
	if (strstr(ep, "node"))
		return "node";
	if (strstr(ep, "python"))
		return "python";
	if (strstr(ep, "java"))
		return "java";
	return NULL;
}

static bool is_interpreter(const char *word, const char *interp)
{
	const char *b = base_name(word);
	if (!strcmp(interp, "node"))
		return !strcmp(b, "node") || !strcmp(b, "nodejs");
	if (!strcmp(interp, "python"))
		return !strncmp(b, "python", 6);
	return !strcmp(b, "java");
}

/*
 * Drops the interpreter from argv (in place). For java, only "java -jar X"
 * without JVM options qualifies. Returns the number of words dropped.
 */
static size_t strip_interpreter(const char **argv, size_t n, const char *interp)
{
	if (!n || !is_interpreter(argv[0], interp))
		return 0;
	size_t drop = 1;
	if (!strcmp(interp, "java")) {
		if (n < 3 || strcmp(argv[1], "-jar"))
			return 0;
		drop = 2;
	}
	return n > drop ? drop : 0;
}

static int rewrite(dh_pass_ctx *ctx, dh_node *n, const char **argv, size_t argc,
		   const char *why, const char *rule)
{
	dh_buf b = DH_BUF_INIT;
	dh_json_argv(&b, argv, argc);
	int rc = dh_cst_replace_rest(ctx->doc, n, b.data);
	if (rc == 0) {
		ctx->changes++;
		dh_pass_note(ctx, n, rule, "%s: now %s", why, b.data);
	}
	dh_buf_free(&b);
	return rc;
}

static int fix_command(dh_pass_ctx *ctx, const dh_stage *st, dh_node *n,
		       bool has_entrypoint)
{
	const dh_instr *in = dh_node_instr(ctx->doc, n);
	size_t argc;
	const char **argv = dh_command_argv(ctx, n, &argc);
	if (!argv) {
		if (in->nargs && !has_shell(st) &&
		    !dh_pass_ignored(ctx, n, "DH103")) {
			dh_diag *d = dh_pass_warn(
				ctx, n, "DH103",
				"shell-form %s needs /bin/sh, "
				"which '%s' does not have",
				dh_instr_kind_name(in->kind), st->image);
			d->hint = "write it in exec form, or use a base image "
				  "with a shell";
		}
		return 0;
	}
	const char *interp = entry_interpreter(st);
	if (interp && in->kind == DH_INSTR_CMD && !has_entrypoint &&
	    !dh_pass_ignored(ctx, n, "DH102")) {
		size_t drop = strip_interpreter(argv, argc, interp);
		if (drop)
			return rewrite(
				ctx, n, argv + drop, argc - drop,
				dh_arena_printf(ctx->doc->arena,
						"'%s' already runs '%s' as "
						"its entrypoint",
						st->image, interp),
				"DH102");
	}
	if (interp && in->kind == DH_INSTR_ENTRYPOINT && argc &&
	    is_interpreter(argv[0], interp) && argv[0][0] != '/' &&
	    !dh_pass_ignored(ctx, n, "DH102")) {
		/* Distroless has no PATH lookup to rely on: name the
		 * interpreter the base runs by its absolute path. */
		const char *ep = st->base->entrypoint;
		argv[0] =
			dh_arena_strndup(ctx->doc->arena, ep, strcspn(ep, " "));
		return rewrite(ctx, n, argv, argc,
			       "the interpreter is named by its path in the "
			       "distroless image",
			       "DH102");
	}
	if (!in->json && !dh_pass_ignored(ctx, n, "DH103"))
		return rewrite(ctx, n, argv, argc,
			       "literal shell form becomes exec form", "DH103");
	return 0;
}

static bool copies_into(dh_pass_ctx *ctx, const dh_stage *st, const char *dir)
{
	for (dh_node *n = dh_stage_step(ctx, st, NULL); n;
	     n = dh_stage_step(ctx, st, n)) {
		const dh_instr *in = dh_node_instr(ctx->doc, n);
		if ((in->kind == DH_INSTR_COPY || in->kind == DH_INSTR_ADD) &&
		    in->nargs && strstr(in->args[in->nargs - 1].text, dir))
			return true;
	}
	return false;
}

static int expose_8080(dh_pass_ctx *ctx, const dh_stage *st)
{
	for (dh_node *n = dh_stage_step(ctx, st, NULL); n;
	     n = dh_stage_step(ctx, st, n)) {
		const dh_instr *in = dh_node_instr(ctx->doc, n);
		if (in->kind != DH_INSTR_EXPOSE || in->nargs != 1 ||
		    (strcmp(in->args[0].text, "80") &&
		     strcmp(in->args[0].text, "80/tcp")))
			continue;
		int rc = dh_cst_replace_rest(ctx->doc, n, "8080");
		if (rc)
			return rc;
		/* What reaches the container on 80 breaks unless it moves
		 * too: a warning, since nothing here can make that edit. */
		dh_diag *d = dh_pass_warn(
			ctx, n, "DH102",
			"EXPOSE 8080 replaces 80 (nginx-unprivileged listens on "
			"8080): update the Service targetPort, probes and "
			"published ports that use 80");
		d->hint = "'dockharden patch --dockerfile FILE MANIFEST' and "
			  "'dockharden migrate' make these edits in the "
			  "manifests paired with this Dockerfile";
	}
	return 0;
}

/*
 * nginxinc/nginx-unprivileged has tags only from nginx 1.15.12 on: the same
 * tag of an older nginx names an image that does not exist, and the build
 * would fail to pull it. Version tags only; "latest", "alpine" and
 * "stable" exist there too.
 */
static bool too_old_for_unprivileged(const char *tag)
{
	unsigned long v[3] = {0, 0, 0};
	const char *p = tag;
	for (int i = 0; p && i < 3 && *p >= '0' && *p <= '9'; i++) {
		char *end;
		v[i] = strtoul(p, &end, 10);
		p = *end == '.' ? end + 1 : NULL;
	}
	if (!tag || tag[0] < '0' || tag[0] > '9')
		return false;
	if (v[0] != 1)
		return v[0] < 1;
	return v[1] < 15 || (v[1] == 15 && v[2] < 12);
}

static int swap_nginx(dh_pass_ctx *ctx, const dh_stage *st)
{
	if (!st->base || st->base->eco != DH_ECO_WEB || st->parent ||
	    strcmp(base_name(st->ref.repository ? st->ref.repository : ""),
		   "nginx") ||
	    dh_stage_last(ctx, st, DH_INSTR_RUN) ||
	    copies_into(ctx, st, "/etc/nginx") ||
	    dh_pass_ignored(ctx, st->from, "DH102"))
		return 0;
	if (too_old_for_unprivileged(st->ref.tag)) {
		dh_pass_note(ctx, st->from, "DH102",
			     "nginx '%s' kept: nginxinc/nginx-unprivileged "
			     "publishes tags from nginx 1.15.12 on",
			     st->ref.tag);
		return 0;
	}
	const char *runtime =
		dh_baseimg_runtime_for(ctx->doc->arena, &st->ref, false);
	if (!runtime)
		return 0;
	runtime = dh_pass_image(ctx, runtime);
	dh_buf b = DH_BUF_INIT;
	dh_buf_puts(&b, runtime);
	if (st->name)
		dh_buf_printf(&b, " AS %s", st->name);
	int rc = dh_cst_replace_rest(ctx->doc, st->from, b.data);
	dh_buf_free(&b);
	if (rc)
		return rc;
	ctx->changes++;
	dh_pass_note(ctx, st->from, "DH102",
		     "official nginx runs as root: '%s' runs as uid 101",
		     runtime);
	return expose_8080(ctx, st);
}

/* A final stage on a toolchain image ships the toolchain: say so. */
static void report_toolchain_final(dh_pass_ctx *ctx, const dh_stage *st)
{
	if (ctx->model.nstages < 2 || !st->base || st->parent ||
	    st->base->role != DH_ROLE_BUILDER ||
	    dh_pass_ignored(ctx, st->from, "DH102"))
		return;
	const char *runtime =
		dh_baseimg_runtime_for(ctx->doc->arena, &st->ref, false);
	dh_diag *d = dh_pass_warn(ctx, st->from, "DH102",
				  "the shipped stage is built on the toolchain "
				  "image '%s'",
				  st->image);
	if (runtime)
		d->hint = dh_arena_printf(ctx->doc->arena,
					  "copy the artifact into '%s' instead",
					  runtime);
}

static int run(dh_pass_ctx *ctx)
{
	const dh_stage *st = dh_model_final(&ctx->model);
	if (ctx->model.has_onbuild)
		return 0;
	report_toolchain_final(ctx, st);
	int rc = swap_nginx(ctx, st);
	if (rc)
		return rc;
	dh_model_build_mapped(&ctx->model, ctx->doc, ctx->opts->image_map,
			      ctx->opts->nimage_map);
	st = dh_model_final(&ctx->model);
	bool has_entrypoint =
		dh_stage_last(ctx, st, DH_INSTR_ENTRYPOINT) != NULL;
	for (dh_node *n = dh_stage_step(ctx, st, NULL); n && rc == 0;
	     n = dh_stage_step(ctx, st, n)) {
		dh_instr_kind k = dh_node_instr(ctx->doc, n)->kind;
		if (k == DH_INSTR_CMD || k == DH_INSTR_ENTRYPOINT)
			rc = fix_command(ctx, st, n, has_entrypoint);
	}
	return rc;
}

const dh_pass dh_pass_minimal_final = {
	.name = "minimal-final",
	.rule = "DH102",
	.summary = "make the shipped stage minimal, non-root by design, and "
		   "runnable without a shell",
	.run = run,
};
