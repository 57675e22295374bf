/* SPDX-License-Identifier: MIT */
/*
 * Static front-ends: a stage that runs its package.json build script
 * (`npm run build`, yarn, pnpm) and starts `serve DIR` or `http-server DIR`
 * ships only DIR, served by nginx-unprivileged on 8080. What the server
 * does beyond handing out files (a single-page fallback, TLS, a proxy, a
 * configuration file) nginx's default configuration does not, so any
 * option outside the plain ones leaves the stage with the reason.
 */
#include <string.h>

#include "artifact_internal.h"

#define STATIC_RUNTIME "nginxinc/nginx-unprivileged:stable"

typedef struct server_opt {
	const char *name;
	bool takes_value;
	const char *blocker; /* NULL: harmless (logging, ports, caching) */
} server_opt;

static const char spa[] =
	"answers unknown paths with index.html (a single-page app), which "
	"nginx-unprivileged's default configuration does not";
static const char tls[] = "serves TLS, which the final would have to be "
			  "given certificates and a configuration for";

static const server_opt serve_opts[] = {
	{"-s", false, spa},
	{"--single", false, spa},
	{"-l", true, NULL},
	{"--listen", true, NULL},
	{"-p", true, NULL},
	{"--port", true, NULL},
	{"-d", false, NULL},
	{"--debug", false, NULL},
	{"-C", false, NULL},
	{"--cors", false, NULL},
	{"-n", false, NULL},
	{"--no-clipboard", false, NULL},
	{"-u", false, NULL},
	{"--no-compression", false, NULL},
	{"--no-etag", false, NULL},
	{"-L", false, NULL},
	{"--no-request-logging", false, NULL},
	{"-c", true, "reads a serve.json configuration (rewrites, headers)"},
	{"--config", true,
	 "reads a serve.json configuration (rewrites, "
	 "headers)"},
	{"--ssl-cert", true, tls},
	{"--ssl-key", true, tls},
	{NULL, false, NULL},
};

static const server_opt http_server_opts[] = {
	{"-p", true, NULL},
	{"--port", true, NULL},
	{"-a", true, NULL},
	{"-s", false, NULL},
	{"--silent", false, NULL},
	{"--cors", false, NULL},
	{"-g", false, NULL},
	{"--gzip", false, NULL},
	{"-b", false, NULL},
	{"--brotli", false, NULL},
	{"-d", true, NULL},
	{"-i", true, NULL},
	{"-e", true, NULL},
	{"--ext", true, NULL},
	{"-P", true, "forwards unknown paths to another server (--proxy)"},
	{"--proxy", true, "forwards unknown paths to another server (--proxy)"},
	{"-S", false, tls},
	{"--ssl", false, tls},
	{"--tls", false, tls},
	{"-C", true, tls},
	{"-K", true, tls},
	{NULL, false, NULL},
};

/* Index in argv of the server's name, past `npx [-y|--yes]`, or argc. */
static size_t server_at(const dh__finder *f)
{
	static const char *const npx[] = {"npx", NULL};
	size_t i = 0;
	if (f->argc && dh__art_word_is(f->argv[0], npx)) {
		i = 1;
		while (i < f->argc && (!strcmp(f->argv[i], "-y") ||
				       !strcmp(f->argv[i], "--yes")))
			i++;
	}
	return i;
}

/* The options table of the static server the image starts, or NULL. */
static const server_opt *server_table(const dh__finder *f, const char **name)
{
	size_t i = server_at(f);
	if (i >= f->argc)
		return NULL;
	*name = dh__art_base_name(f->argv[i]);
	if (!strcmp(*name, "serve"))
		return serve_opts;
	if (!strcmp(*name, "http-server"))
		return http_server_opts;
	return NULL;
}

bool dh__art_static_server(const dh__finder *f)
{
	const char *name = "";
	return server_table(f, &name) != NULL;
}

/* `http-server -c-1`: a caching option glued to its value. */
static bool glued_cache(const server_opt *t, const char *w)
{
	return t == http_server_opts && !strncmp(w, "-c", 2) && w[2];
}

/*
 * The folder the server hands out (as written), or NULL with *why set when
 * an option asks for more than files, or none or '.' is named.
 */
static const char *served_dir(dh__finder *f, const char **why)
{
	const char *name = "";
	const server_opt *t = server_table(f, &name);
	const char *dir = NULL;
	if (!t) {
		*why = "the image starts no static file server";
		return NULL;
	}
	for (size_t i = server_at(f) + 1; i < f->argc; i++) {
		const char *w = f->argv[i];
		if (w[0] != '-' || !w[1]) {
			if (dir) {
				*why = "the server is given more than one "
				       "folder";
				return NULL;
			}
			dir = w;
			continue;
		}
		if (glued_cache(t, w))
			continue;
		const char *eq = strchr(w, '=');
		size_t len = eq ? (size_t)(eq - w) : strlen(w);
		const server_opt *o = t;
		while (o->name && (strlen(o->name) != len ||
				   strncmp(o->name, w, len) != 0))
			o++;
		if (!o->name) {
			*why = dh_arena_printf(f->ctx->doc->arena,
					       "'%s' is started with '%s', an "
					       "option not known to hand out "
					       "plain files only",
					       name, w);
			return NULL;
		}
		if (o->blocker) {
			*why = dh_arena_printf(f->ctx->doc->arena, "'%s %s' %s",
					       name, w, o->blocker);
			return NULL;
		}
		if (o->takes_value && !eq)
			i++;
	}
	if (!dir || !strcmp(dir, ".") || !strcmp(dir, "./")) {
		*why = dh_arena_printf(f->ctx->doc->arena,
				       "'%s' hands out its working folder, "
				       "not a build output folder",
				       name);
		return NULL;
	}
	return dir;
}

/* `npm run build`, `yarn [run] build`, `pnpm [run] build`. */
static bool runs_build_script(const dh_shcmd *c)
{
	static const char *const npm[] = {"npm", NULL};
	static const char *const yarn[] = {"yarn", "pnpm", NULL};
	if (c->nwords == 3 && dh__art_word_is(c->words[0], npm))
		return (!strcmp(c->words[1], "run") ||
			!strcmp(c->words[1], "run-script")) &&
		       !strcmp(c->words[2], "build");
	if (!c->nwords || !dh__art_word_is(c->words[0], yarn))
		return false;
	if (c->nwords == 2)
		return !strcmp(c->words[1], "build");
	return c->nwords == 3 && !strcmp(c->words[1], "run") &&
	       !strcmp(c->words[2], "build");
}

void dh__art_try_static(dh__finder *f, const dh_shcmd *c, dh_node *n,
			const char *wd)
{
	(void)wd;
	if (!runs_build_script(c) || !dh__art_static_server(f))
		return;
	const char *why = NULL;
	const char *dir = served_dir(f, &why);
	if (!dir) {
		dh__art_set_none(
			f->out, why,
			"FROM " STATIC_RUNTIME "\n"
			"COPY --from=build /app/dist "
			"/usr/share/nginx/html\n"
			"COPY nginx.conf /etc/nginx/conf.d/default.conf"
			"   (try_files $uri /index.html; for a "
			"single-page app)");
		return;
	}
	dh_artifact *a = f->out;
	a->kind = DH_ART_STATIC;
	a->path = dh_path_join(f->ctx->doc->arena, a->workdir, dir);
	a->is_dir = true;
	a->step = n;
	a->runtime = STATIC_RUNTIME;
	a->runtime_why = "static files need no Node at run time; "
			 "nginx-unprivileged serves them as user 101 on 8080";
}
