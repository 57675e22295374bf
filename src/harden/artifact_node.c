/* SPDX-License-Identifier: MIT */
/*
 * `npm start` (or yarn/pnpm start) read through the package.json beside
 * the Dockerfile: when scripts.start is a plain `node FILE ...` and no
 * prestart/poststart hook runs, the image can be started by node itself,
 * which is all a distroless nodejs image offers. npm's own default (no
 * start script: `node server.js` when server.js exists) counts too. Only
 * files in the Dockerfile's folder are read, at most 64 KiB, never run.
 */
#include <stdio.h>
#include <string.h>

#include "artifact_internal.h"

typedef struct jreader {
	const char *s;
	size_t i;
	dh_arena *arena;
} jreader;

static void skip_ws(jreader *j)
{
	while (j->s[j->i] && strchr(" \t\r\n", j->s[j->i]))
		j->i++;
}

/*
 * A JSON string at j->i, decoded; NULL for \u escapes (never needed in
 * the commands accepted here) or a malformed string.
 */
static const char *read_string(jreader *j, bool *ok)
{
	if (j->s[j->i] != '"') {
		*ok = false;
		return NULL;
	}
	size_t start = ++j->i;
	bool plain = true;
	while (j->s[j->i] && j->s[j->i] != '"') {
		if (j->s[j->i] == '\\') {
			plain = false;
			if (!j->s[++j->i])
				break;
		}
		j->i++;
	}
	if (j->s[j->i] != '"') {
		*ok = false;
		return NULL;
	}
	size_t end = j->i++;
	return plain ? dh_arena_strndup(j->arena, j->s + start, end - start)
		     : NULL;
}

/* Skips any JSON value; false on malformed input. Nesting is counted,
 * not recursed, so depth cannot exhaust the stack. */
static bool skip_value(jreader *j)
{
	size_t depth = 0;
	bool ok = true;
	do {
		skip_ws(j);
		char c = j->s[j->i];
		if (c == '"')
			read_string(j, &ok);
		else if (c == '{' || c == '[')
			depth++, j->i++;
		else if ((c == '}' || c == ']') && depth)
			depth--, j->i++;
		else if (c == ',' || c == ':')
			j->i++;
		else if (c && strchr("-0123456789tfn", c))
			j->i += strspn(j->s + j->i, "-+.0123456789eEtruefalsn");
		else
			return false;
	} while (ok && depth);
	return ok;
}

/*
 * The string at key inside the object at j->i (one level), or NULL.
 * *found tells a missing key from a non-string or unreadable value.
 */
static const char *object_get(jreader *j, const char *key, size_t *at,
			      bool *found)
{
	bool ok = true;
	*found = false;
	skip_ws(j);
	if (j->s[j->i] != '{')
		return NULL;
	j->i++;
	for (;;) {
		skip_ws(j);
		if (j->s[j->i] == '}')
			return NULL;
		const char *k = read_string(j, &ok);
		skip_ws(j);
		if (!ok || j->s[j->i] != ':')
			return NULL;
		j->i++;
		skip_ws(j);
		if (k && strcmp(k, key) == 0) {
			*found = true;
			*at = j->i;
			return j->s[j->i] == '"' ? read_string(j, &ok) : NULL;
		}
		if (!skip_value(j))
			return NULL;
		skip_ws(j);
		if (j->s[j->i] == ',')
			j->i++;
		else
			return NULL;
	}
}

/* scripts.<name> of package.json text, NULL when absent; *bad when the
 * file cannot be read as JSON far enough to tell. */
static const char *script(dh__finder *f, const char *json, const char *name,
			  bool *bad)
{
	jreader j = {.s = json, .arena = f->ctx->doc->arena};
	size_t at = 0;
	bool found;
	object_get(&j, "scripts", &at, &found);
	if (!found)
		return NULL;
	j.i = at;
	const char *v = object_get(&j, name, &at, &found);
	if (found && !v)
		*bad = true;
	return v;
}

static bool is_start(const dh__finder *f)
{
	static const char *const pm[] = {"npm", "yarn", "pnpm", NULL};
	if (f->argc < 2 || !dh__art_word_is(f->argv[0], pm))
		return false;
	if (f->argc == 2 && !strcmp(f->argv[1], "start"))
		return true;
	return f->argc == 3 && !strcmp(f->argv[1], "run") &&
	       !strcmp(f->argv[2], "start");
}

/* True for NAME=value with a shell-style name and a value that reads back
 * as one plain word in an ENV line. */
static bool plain_assignment(const char *a)
{
	size_t n = strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuv"
			     "wxyz0123456789_");
	if (!n || (a[0] >= '0' && a[0] <= '9') || a[n] != '=' || !a[n + 1])
		return false;
	const char *v = a + n + 1;
	return strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			 "0123456789_.,:/@+-") == strlen(v);
}

/* dh_sh_is_literal for a command that may begin with NAME=value words,
 * which npm's shell applies to it (start_env checks the values). */
static bool literal_after_env(const char *s)
{
	for (;;) {
		s += strspn(s, " \t");
		size_t w = strcspn(s, " \t");
		const char *eq = memchr(s, '=', w);
		if (!eq || eq == s)
			break;
		s += w;
	}
	return dh_sh_is_literal(s);
}

/*
 * The variables a start script sets for node, inline (`NODE_ENV=production
 * node app.js`) or through cross-env (`cross-env NODE_ENV=production node
 * app.js`), as one ENV line for the final, which then runs node itself;
 * *first is node's index in c->words. NULL with *first 0 when there are
 * none; false when one is not a plain NAME=word.
 */
static bool start_env(dh__finder *f, const dh_shcmd *c, const char **line,
		      size_t *first)
{
	static const char *const cross_env[] = {"cross-env", NULL};
	dh_buf b = DH_BUF_INIT;
	bool ok = true;
	*first = 0;
	for (size_t i = 0; i < c->nenv && ok; i++) {
		ok = plain_assignment(c->env[i]);
		dh_buf_printf(&b, " %s", c->env[i]);
	}
	if (c->nwords && dh__art_word_is(c->words[0], cross_env)) {
		for (*first = 1;
		     *first < c->nwords && strchr(c->words[*first], '=');
		     (*first)++) {
			ok = ok && plain_assignment(c->words[*first]);
			dh_buf_printf(&b, " %s", c->words[*first]);
		}
		ok = ok && *first > 1;
	}
	*line = ok && b.len
			? dh_arena_printf(f->ctx->doc->arena, "ENV%s", b.data)
			: NULL;
	dh_buf_free(&b);
	return ok;
}

/* The argv scripts.start runs, or NULL with out->reason set. */
static const char **start_argv(dh__finder *f, const char *json, size_t *argc)
{
	dh_artifact *a = f->out;
	bool bad = false;
	const char *start = script(f, json, "start", &bad);
	if (!bad && (script(f, json, "prestart", &bad) ||
		     script(f, json, "poststart", &bad))) {
		a->reason = "package.json has a prestart or poststart script, "
			    "which only npm runs";
		return NULL;
	}
	if (bad) {
		a->reason = "package.json's scripts could not be read";
		return NULL;
	}
	if (!start && !strcmp(dh__art_base_name(f->argv[0]), "npm")) {
		/* npm's default when there is no start script (yarn and
		 * pnpm have none) */
		char *srv = dh__art_read_side_file(f, "server.js");
		start = srv ? "node server.js" : NULL;
	}
	if (!start) {
		a->reason = "package.json has no start script (and npm's "
			    "default, server.js, is absent or does not apply)";
		return NULL;
	}
	dh_shcmd *cmds;
	const char *env = NULL;
	size_t first = 0;
	if (!literal_after_env(start) ||
	    dh_sh_split(&cmds, f->ctx->doc->arena, start) != 1 ||
	    !start_env(f, &cmds[0], &env, &first) ||
	    cmds[0].nwords < first + 2 ||
	    strcmp(cmds[0].words[first], "node")) {
		a->reason = dh_arena_printf(
			f->ctx->doc->arena,
			"package.json's start script is not a plain "
			"'node FILE', with at most NAME=value settings "
			"before it (it is '%s')",
			start);
		return NULL;
	}
	a->env = env;
	*argc = cmds[0].nwords - first;
	return cmds[0].words + first;
}

/* True when a COPY/ADD from the build context brings the context root's
 * package.json (by name, a package*.json glob, or the whole folder): only
 * then is the file beside the Dockerfile the one npm reads. */
static bool copies_root_package(dh__finder *f)
{
	static const char *const srcs[] = {
		"package.json",
		"./package.json",
		"package*.json",
		"./package*.json",
		".",
		"./",
		NULL,
	};
	for (dh_node *n = dh_stage_step(f->ctx, f->st, NULL); n;
	     n = dh_stage_step(f->ctx, f->st, n)) {
		const dh_instr *in = dh_node_instr(f->ctx->doc, n);
		if ((in->kind != DH_INSTR_COPY && in->kind != DH_INSTR_ADD) ||
		    dh_instr_flag(in, "from"))
			continue;
		for (size_t k = 0; k + 1 < in->nargs; k++)
			for (const char *const *s = srcs; *s; s++)
				if (strcmp(in->args[k].text, *s) == 0)
					return true;
	}
	return false;
}

void dh__art_resolve_start(dh__finder *f)
{
	dh_artifact *a = f->out;
	if (!is_start(f))
		return;
	if (dh_node_instr(f->ctx->doc, a->command)->kind != DH_INSTR_CMD ||
	    dh_stage_last(f->ctx, f->st, DH_INSTR_ENTRYPOINT)) {
		a->reason = "the image starts with a package manager through "
			    "ENTRYPOINT, which is not rewritten";
		return;
	}
	const char *json = copies_root_package(f)
				   ? dh__art_read_side_file(f, "package.json")
				   : NULL;
	if (!json) {
		a->reason =
			"the image starts with a package manager's 'start', "
			"and no package.json that the stage copies from "
			"beside the Dockerfile says what it runs";
		a->snippet = "CMD [\"node\", \"server.js\"]   (the file "
			     "scripts.start runs)";
		return;
	}
	size_t argc = 0;
	const char **argv = start_argv(f, json, &argc);
	if (!argv)
		return;
	dh_buf b = DH_BUF_INIT;
	dh_json_argv(&b, argv, argc);
	a->command_rest = dh_arena_strndup(f->ctx->doc->arena, b.data, b.len);
	dh_buf_free(&b);
	f->argv = argv;
	f->argc = argc;
	f->out->needs_shell = false;
}

/* Keys a package-lock.json (version 2 or 3) gives a package that runs
 * code at install (a native build: node-gyp sets hasInstallScript too) or
 * that only installs on some platforms (prebuilt binaries). */
static const char *const platform_keys[] = {
	"\"hasInstallScript\"", "\"os\"", "\"cpu\"", "\"libc\"", NULL,
};

const char *dh__art_node_lock_native(dh__finder *f, const dh_shcmd *install)
{
	if (install->nwords < 2 || strcmp(install->words[0], "npm") ||
	    strcmp(install->words[1], "ci"))
		return "its modules are not installed by 'npm ci' from a "
		       "package-lock.json that says none is native";
	const char *at =
		dh__art_context_dir(f, f->out->step, "package-lock.json");
	bool too_big = false;
	const char *json =
		at && !strcmp(at, f->out->path)
			? dh__art_read_side_file_max(f, "package-lock.json",
						     DH__ART_MAX_LOCK, &too_big)
			: NULL;
	if (too_big)
		return "its package-lock.json is larger than 8 MiB, more "
		       "than is read to tell whether a module is native";
	if (!json)
		return "no package-lock.json copied from beside the "
		       "Dockerfile says whether a module is native";
	jreader j = {.s = json, .arena = f->ctx->doc->arena};
	size_t at_v = 0;
	bool found;
	object_get(&j, "lockfileVersion", &at_v, &found);
	if (!found || !strchr("23", json[at_v]) ||
	    strchr("0123456789", json[at_v + 1]))
		return "its package-lock.json is version 1, which does not "
		       "record install scripts or platform-only modules";
	for (const char *const *k = platform_keys; *k; k++)
		if (strstr(json, *k))
			return dh_arena_printf(
				f->ctx->doc->arena,
				"its package-lock.json lists a module with %s "
				"(a native build or a platform-only binary)",
				*k);
	return NULL;
}
