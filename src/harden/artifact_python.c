/* SPDX-License-Identifier: MIT */
/*
 * Python apps that `pip install` into the system (or --user). The split
 * moves the install into a venv at /opt/venv in the builder (same base,
 * PATH pointing at the venv, so every later pip and python use it) and
 * ships the venv and the app folder on the builder's slim twin, with the
 * runtime libraries compiled wheels link against. Distroless python3 only
 * when nothing needs more than it has: Python 3.11 on bookworm, no extra
 * packages, started by `python FILE`.
 */
#include <string.h>

#include "dockharden/accounts.h"
#include "dockharden/buf.h"

#include "artifact_internal.h"

#define VENV "/opt/venv"

/* Console scripts that a requirements file installs into the venv's bin. */
static const char *const console[] = {
	"gunicorn",  "uvicorn", "uwsgi",	  "celery",    "daphne",
	"hypercorn", "flask",	"waitress-serve", "streamlit", NULL,
};

/* Tools of the build packages the final leaves out (build-base gives cc
 * without naming it): never taken for a console script. */
static const char *const build_tools[] = {
	"cc", "gcc", "g++", "c++",	  "clang",   "make", "cmake",
	"ld", "as",  "git", "pkg-config", "pkgconf", NULL,
};

/* Process managers started with a configuration file, not a command. */
static const char *const supervisors[] = {
	"supervisord",
	"circusd",
	"honcho",
	NULL,
};

/* Installers whose target folder the split does not redirect yet. */
static const char *const other_installers[] = {
	"poetry", "pipenv", "pdm", "uv", "conda", "micromamba", NULL,
};

static bool is_python(const char *w)
{
	return strncmp(w, "python", 6) == 0 &&
	       strspn(w + 6, "0123456789.") == strlen(w + 6);
}

/*
 * Index of "install" in a bare `pip install` / `python -m pip install`,
 * or 0. A pip named by path belongs to a venv or a chosen prefix.
 */
static size_t pip_install_at(const dh_shcmd *c)
{
	size_t i;
	if (!c->nwords || strchr(c->words[0], '/'))
		return 0;
	if (is_python(c->words[0]) && c->nwords > 3 &&
	    !strcmp(c->words[1], "-m") && !strcmp(c->words[2], "pip"))
		i = 3;
	else if (!strncmp(c->words[0], "pip", 3) &&
		 strspn(c->words[0] + 3, "0123456789.") ==
			 strlen(c->words[0] + 3))
		i = 1;
	else
		return 0;
	return i < c->nwords && !strcmp(c->words[i], "install") ? i : 0;
}

/* Stops a pip proof already made (or records the reason first). */
static void veto(dh__finder *f, const char *reason)
{
	dh_artifact *a = f->out;
	if (a->kind == DH_ART_PYTHON && a->prep[0]) {
		a->kind = DH_ART_NONE;
		a->reason = reason;
		a->snippet = NULL;
		return;
	}
	dh__art_set_none(a, reason, NULL);
}

/* The image to ship on, or NULL with *why set. */
static const char *slim_twin(dh__finder *f, bool *alpine, const char **why)
{
	const dh_image_ref *r = &f->st->ref;
	const char *tag = r->tag ? r->tag : "latest";
	*alpine = strstr(tag, "alpine") != NULL;
	if (*alpine || strstr(tag, "slim"))
		return f->st->image;
	if (r->digest) {
		*why = "the base is pinned by digest, and the digest of its "
		       "slim image is not known";
		return NULL;
	}
	size_t v = strspn(tag, "0123456789.");
	if (!v) {
		*why = "the python tag names no version, so its slim image "
		       "is not known";
		return NULL;
	}
	static const char *const dists[] = {"bookworm", "bullseye", "trixie",
					    NULL};
	const char *dist = "";
	for (const char *const *d = dists; *d; d++)
		if (strstr(tag + v, *d))
			dist = *d;
	return dh_arena_printf(f->ctx->doc->arena, "python:%.*s-slim%s%s",
			       (int)v, tag, *dist ? "-" : "", dist);
}

/* True when a RUN other than pip, or a COPY/ADD, names word: it may have
 * put a command of that name on PATH, which the final would lack. */
static bool named_outside_pip(dh__finder *f, const char *word)
{
	for (dh_node *n = dh_stage_step(f->ctx, f->st, NULL); n;
	     n = dh_stage_step(f->ctx, f->st, n)) {
		const dh_instr *in = dh_node_instr(f->ctx->doc, n);
		if (in->kind == DH_INSTR_COPY || in->kind == DH_INSTR_ADD) {
			for (size_t k = 0; k < in->nargs; k++)
				if (!strcmp(dh__art_base_name(in->args[k].text),
					    word))
					return true;
			continue;
		}
		if (in->kind != DH_INSTR_RUN)
			continue;
		dh_shcmd *cmds;
		size_t nc = dh_sh_split(&cmds, f->ctx->doc->arena, in->rest);
		for (size_t i = 0; i < nc; i++) {
			if (pip_install_at(&cmds[i]))
				continue;
			for (size_t w = 0; w < cmds[i].nwords; w++)
				if (!strcmp(dh__art_base_name(cmds[i].words[w]),
					    word))
					return true;
		}
	}
	return false;
}

/*
 * Whether argv[0] still starts once the app runs from the venv. A bare
 * name that is not a known console script is still found when the final
 * is the builder's own image (so has every command the image has) and
 * nothing but pip can have installed it (pip's scripts land in the venv's
 * bin, first on PATH).
 */
static const char *check_command(dh__finder *f, const char *image,
				 bool *plain_python)
{
	const char *w = f->argc ? f->argv[0] : NULL;
	*plain_python = false;
	if (!w)
		return "the start command could not be read";
	if (!strchr(w, '/') && is_python(w)) {
		*plain_python = !f->out->needs_shell;
		return NULL;
	}
	if (!strchr(w, '/') && dh__art_word_is(w, console))
		return NULL;
	if (dh__art_word_is(w, supervisors))
		return dh_arena_printf(f->ctx->doc->arena,
				       "the image starts '%s', which runs the "
				       "programs its configuration names, "
				       "perhaps by their system paths that the "
				       "venv moves",
				       w);
	if (!strchr(w, '/') && !strcmp(image, f->st->image) &&
	    !dh__art_word_is(w, build_tools) && !named_outside_pip(f, w))
		return NULL;
	const char *exe = dh_path_join(f->ctx->doc->arena, f->out->workdir, w);
	size_t al = strlen(f->out->workdir);
	if (strchr(w, '/') && !strncmp(exe, f->out->workdir, al) &&
	    exe[al] == '/')
		return NULL;
	return dh_arena_printf(
		f->ctx->doc->arena,
		"the image starts with '%s', which is neither python, a known "
		"console script, a command the final image (%s) is sure to "
		"have, nor a file in the app folder",
		w, image);
}

/* Commands an app that runs from '/' may run while building: they write
 * only the package database, the venv or what they remove. */
static bool leaves_root_alone(const dh_shcmd *c)
{
	static const char *const ok[] = {
		"apt-get", "apt", "apk", "rm", "true", "set", NULL,
	};
	return !c->nwords || pip_install_at(c) ||
	       (!strchr(c->words[0], '/') && dh__art_word_is(c->words[0], ok));
}

/*
 * An app run from '/' has no folder of its own to copy: the final gets
 * the stage's COPY/ADD lines again instead, which is exactly what they
 * put there, when nothing else in the stage writes files there. NULL, or
 * why not.
 */
static const char *root_app_blocker(dh__finder *f)
{
	for (dh_node *n = dh_stage_step(f->ctx, f->st, NULL); n;
	     n = dh_stage_step(f->ctx, f->st, n)) {
		const dh_instr *in = dh_node_instr(f->ctx->doc, n);
		if ((in->kind == DH_INSTR_COPY || in->kind == DH_INSTR_ADD) &&
		    (dh_instr_flag(in, "from") ||
		     strcmp(dh_stage_workdir(f->ctx, f->st, n), "/")))
			return "the app runs from '/' (no WORKDIR), and a COPY "
			       "takes files from another image or another "
			       "folder, so the final cannot repeat it as is";
		if (in->kind != DH_INSTR_RUN)
			continue;
		dh_shcmd *cmds;
		size_t nc = in->json ? 0
				     : dh_sh_split(&cmds, f->ctx->doc->arena,
						   in->rest);
		if (in->json || in->nheredocs)
			return "the app runs from '/' (no WORKDIR), and a RUN "
			       "in exec form or with a heredoc is not read";
		for (size_t i = 0; i < nc; i++)
			if (!leaves_root_alone(&cmds[i]))
				return dh_arena_printf(
					f->ctx->doc->arena,
					"the app runs from '/' (no WORKDIR), "
					"and '%s' may write files there that "
					"only the whole builder has",
					cmds[i].words[0]);
	}
	return NULL;
}

/* The first user account a RUN of the stage creates into out; false
 * when there is none. */
static bool created_account(dh__finder *f, dh_account *out)
{
	for (dh_node *n = dh_stage_step(f->ctx, f->st, NULL); n;
	     n = dh_stage_step(f->ctx, f->st, n)) {
		const dh_instr *in = dh_node_instr(f->ctx->doc, n);
		if (in->kind != DH_INSTR_RUN || in->json)
			continue;
		dh_shcmd *cmds;
		size_t nc = dh_sh_split(&cmds, f->ctx->doc->arena, in->rest);
		for (size_t i = 0; i < nc; i++)
			if (dh_account_read(out, f->ctx->doc->arena, n,
					    &cmds[i], false))
				return true;
	}
	return false;
}

/*
 * A user the stage makes or switches to: the final would have neither
 * its passwd entry nor its home, and where adduser puts that home (or
 * whether it makes one) differs between releases, so it cannot be copied
 * with certainty. NULL, or why not.
 */
static const char *own_user_blocker(dh__finder *f)
{
	dh_account acc;
	dh_node *user = dh_stage_last(f->ctx, f->st, DH_INSTR_USER);
	if (created_account(f, &acc))
		return dh_arena_printf(
			f->ctx->doc->arena,
			"the stage creates its own user '%s', whose passwd "
			"entry%s%s%s the final stage would lack",
			dh_account_created_name(acc.cmd, false),
			acc.home ? " and home ('" : "",
			acc.home ? acc.home : "", acc.home ? "')" : "");
	if (user || strstr(f->run_text, "useradd") ||
	    strstr(f->run_text, "adduser"))
		return dh_arena_printf(
			f->ctx->doc->arena,
			"the stage sets up its own user%s%s%s, which the final "
			"stage would not have",
			user ? " ('USER " : " (useradd or adduser)",
			user ? dh_node_instr(f->ctx->doc, user)->rest : "",
			user ? "')" : "");
	return NULL;
}

/* The step's text without `--user` (a venv refuses user installs). */
static const char *drop_user_flag(dh__finder *f, const dh_instr *in)
{
	dh_buf b = DH_BUF_INIT;
	const char *s = in->rest;
	for (const char *p; (p = strstr(s, "--user"));) {
		bool word = (p == in->rest || p[-1] == ' ' || p[-1] == '\t') &&
			    (!p[6] || strchr(" \t\\\n", p[6]));
		const char *cut = p;
		if (word)
			while (cut > s && (cut[-1] == ' ' || cut[-1] == '\t'))
				cut--;
		dh_buf_put(&b, s, (size_t)((word ? cut : p + 6) - s));
		s = p + 6;
	}
	dh_buf_puts(&b, s);
	const char *r = dh_arena_strndup(f->ctx->doc->arena, b.data, b.len);
	dh_buf_free(&b);
	return r;
}

static const char *final_run_line(dh__finder *f, bool alpine, const char *pkgs)
{
	if (!*pkgs)
		return NULL;
	if (alpine)
		return dh_arena_printf(f->ctx->doc->arena,
				       "RUN apk add --no-cache %s", pkgs);
	return dh_arena_printf(f->ctx->doc->arena,
			       "RUN apt-get update && apt-get install -y "
			       "--no-install-recommends %s && rm -rf "
			       "/var/lib/apt/lists/*",
			       pkgs);
}

/* Distroless python3-debian12 ships 3.11 on bookworm's glibc. */
static bool fits_distroless(dh__finder *f, bool plain_python, const char *pkgs)
{
	const char *tag = f->st->ref.tag;
	return plain_python && !*pkgs && tag && !strncmp(tag, "3.11", 4) &&
	       (!tag[4] || tag[4] == '-' || tag[4] == '.') &&
	       strstr(tag, "bookworm") && !f->st->ref.digest;
}

static void prove(dh__finder *f, dh_node *n, const dh_instr *in)
{
	dh_artifact *a = f->out;
	const dh_baseimg *b = f->st->base;
	const char *why = NULL;
	bool alpine, plain = false;
	if (!b || strncmp(b->id, "python", 6) || b->windows ||
	    f->st->ref.has_variable) {
		dh__art_set_none(a,
				 "pip installs into an image other than the "
				 "official python one, so its runtime twin is "
				 "not known",
				 NULL);
		return;
	}
	const char *image = slim_twin(f, &alpine, &why);
	if (!why)
		why = check_command(f, image, &plain);
	bool at_root = !strcmp(a->workdir, "/");
	if (!why && at_root)
		why = root_app_blocker(f);
	if (!why)
		why = own_user_blocker(f);
	if (!why && in->nheredocs && strstr(in->rest, "--user"))
		why = "the pip step with '--user' runs a heredoc, which is "
		      "not rewritten";
	const char *pkgs = why ? NULL : dh__art_runtime_pkgs(f, alpine, &why);
	if (why) {
		dh__art_set_none(a, why,
				 "RUN python -m venv /opt/venv\n"
				 "ENV PATH=\"/opt/venv/bin:$PATH\"   (before "
				 "pip install), then\n"
				 "FROM python:X.Y-slim\n"
				 "COPY --from=build /opt/venv /opt/venv\n"
				 "COPY --from=build /app /app");
		return;
	}
	a->kind = DH_ART_PYTHON;
	a->path = at_root ? VENV : a->workdir;
	a->is_dir = true;
	a->extra = at_root ? NULL : VENV;
	a->replay_copies = at_root;
	a->step = n;
	a->prep[0] = "RUN python -m venv " VENV;
	a->prep[1] = "ENV PATH=\"" VENV "/bin:$PATH\"";
	if (strstr(in->rest, "--user"))
		a->step_rest = drop_user_flag(f, in);
	if (fits_distroless(f, plain, pkgs)) {
		a->runtime = "gcr.io/distroless/python3-debian12:nonroot";
		a->env = "ENV PYTHONPATH=" VENV "/lib/python3.11/site-packages";
		return;
	}
	a->runtime = image;
	a->env = a->prep[1];
	a->final_run = final_run_line(f, alpine, pkgs);
}

void dh__art_try_pip(dh__finder *f, const dh_shcmd *c, dh_node *n,
		     const char *wd)
{
	(void)wd;
	dh_artifact *a = f->out;
	if (c->nwords && !strchr(c->words[0], '/') &&
	    dh__art_word_is(c->words[0], other_installers) && c->nwords > 1 &&
	    strcmp(c->words[1], "config")) {
		veto(f, dh_arena_printf(f->ctx->doc->arena,
					"dependencies are installed by '%s', "
					"whose target the split does not "
					"redirect into a venv",
					c->words[0]));
		return;
	}
	if (!pip_install_at(c))
		return;
	if (dh_sh_option(c, "--target") || dh_sh_option(c, "-t") ||
	    dh_sh_option(c, "--prefix") || dh_sh_option(c, "--root")) {
		veto(f, "pip installs into a folder it names (--target, "
			"--prefix or --root)");
		return;
	}
	if (a->kind == DH_ART_PYTHON && a->prep[0]) {
		/* A later pip also lands in the venv, but only the proven
		 * step's --user is removed. */
		if (n != a->step && dh_sh_has(c, "--user"))
			veto(f, "'pip install --user' appears in more than "
				"one RUN");
		return;
	}
	if (a->kind != DH_ART_NONE || a->reason)
		return; /* a venv the file makes, or an earlier verdict */
	prove(f, n, dh_node_instr(f->ctx->doc, n));
}
