/* SPDX-License-Identifier: MIT */
/*
 * Which packages a stage's apt-get/apk installs still need at run time.
 * Build tools (compilers, make, git, headers) stay in the builder; a -dev
 * package becomes the library it links against, when that is known and
 * named the same on every Debian release (or Alpine branch) the official
 * images use; any other -dev package stops the proof, because a compiled
 * extension would fail to load without its library.
 */
#include <string.h>

#include "dockharden/buf.h"

#include "artifact_internal.h"

typedef struct pkg_map {
	const char *dev;
	const char *runtime; /* "" when the runtime image already ships it */
} pkg_map;

/* Never needed at run time. */
static const char *const apt_build[] = {
	"gcc",	       "g++",
	"cpp",	       "make",
	"cmake",       "build-essential",
	"pkg-config",  "pkgconf",
	"autoconf",    "automake",
	"libtool",     "git",
	"python3-dev", "python-dev",
	"libc6-dev",   "linux-libc-dev",
	"cargo",       "rustc",
	"gfortran",    "ninja-build",
	"swig",	       NULL,
};
static const char *const apk_build[] = {
	"gcc",	    "g++",	     "make",	    "cmake",	"build-base",
	"musl-dev", "linux-headers", "python3-dev", "cargo",	"rust",
	"git",	    "pkgconf",	     "pkgconfig",   "libc-dev", "autoconf",
	"automake", "libtool",	     NULL,
};

/* The official python images keep the libraries their own build linked
 * (ssl, ffi, zlib, bz2, lzma, sqlite, uuid, ncurses, readline, gdbm,
 * expat), so those headers map to nothing. */
static const pkg_map apt_dev[] = {
	{"libssl-dev", ""},
	{"libffi-dev", ""},
	{"zlib1g-dev", ""},
	{"libbz2-dev", ""},
	{"liblzma-dev", ""},
	{"libsqlite3-dev", ""},
	{"uuid-dev", ""},
	{"libncursesw5-dev", ""},
	{"libreadline-dev", ""},
	{"libgdbm-dev", ""},
	{"libexpat1-dev", ""},
	{"libpq-dev", "libpq5"},
	{"libjpeg-dev", "libjpeg62-turbo"},
	{"libjpeg62-turbo-dev", "libjpeg62-turbo"},
	{"libxml2-dev", "libxml2"},
	{"libxslt1-dev", "libxslt1.1"},
	{"libxslt-dev", "libxslt1.1"},
	{"default-libmysqlclient-dev", "libmariadb3"},
	{"libmariadb-dev", "libmariadb3"},
	{"libmariadb-dev-compat", "libmariadb3"},
	{"libyaml-dev", "libyaml-0-2"},
	{"libcairo2-dev", "libcairo2"},
	{NULL, NULL},
};
static const pkg_map apk_dev[] = {
	{"openssl-dev", ""},
	{"libffi-dev", ""},
	{"zlib-dev", ""},
	{"bzip2-dev", ""},
	{"xz-dev", ""},
	{"sqlite-dev", ""},
	{"util-linux-dev", ""},
	{"ncurses-dev", ""},
	{"readline-dev", ""},
	{"gdbm-dev", ""},
	{"expat-dev", ""},
	{"postgresql-dev", "libpq"},
	{"libpq-dev", "libpq"},
	{"jpeg-dev", "libjpeg-turbo"},
	{"libjpeg-turbo-dev", "libjpeg-turbo"},
	{"libxml2-dev", "libxml2"},
	{"libxslt-dev", "libxslt"},
	{"mariadb-dev", "mariadb-connector-c"},
	{"mariadb-connector-c-dev", "mariadb-connector-c"},
	{"yaml-dev", "yaml"},
	{NULL, NULL},
};

static bool in_set(const char *w, const char *const *set)
{
	for (; *set; set++)
		if (strcmp(w, *set) == 0)
			return true;
	return false;
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n >= t && strcmp(s + n - t, tail) == 0;
}

static void add_word(dh_buf *out, const char *w)
{
	size_t n = strlen(w);
	for (const char *p = out->data; p && (p = strstr(p, w)); p += n)
		if ((p == out->data || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return;
	if (out->len)
		dh_buf_putc(out, ' ');
	dh_buf_puts(out, w);
}

typedef struct pkg_scan {
	dh_arena *arena;
	bool apk;
	dh_buf keep;
	const char *why;
	const dh_shcmd *cmds; /* the RUN's commands before the one read */
	size_t ncmds;
} pkg_scan;

/* One package word: kept, mapped, dropped, or the reason to stop. */
static void classify(pkg_scan *s, const char *word)
{
	if (strpbrk(word, "$`*?")) {
		s->why = dh_arena_printf(s->arena,
					 "the package list holds '%s', which "
					 "is not read",
					 word);
		return;
	}
	/* A version pin ("libpq-dev=15.*", "libpq~=16") is for the header
	 * package only: the runtime library is named bare. */
	size_t len = strcspn(word, "=<>~");
	const char *name = dh_arena_strndup(s->arena, word, len);
	if (in_set(name, s->apk ? apk_build : apt_build))
		return;
	for (const pkg_map *m = s->apk ? apk_dev : apt_dev; m->dev; m++)
		if (strcmp(name, m->dev) == 0) {
			if (*m->runtime)
				add_word(&s->keep, m->runtime);
			return;
		}
	if (ends_with(name, "-dev") || ends_with(name, "-devel")) {
		s->why = dh_arena_printf(s->arena,
					 "no runtime package is known for "
					 "'%s', which compiled packages may "
					 "link against",
					 name);
		return;
	}
	add_word(&s->keep, word);
}

/* apt-get/apt install PKGS..., apk add PKGS...: index of the first
 * package word's verb, or -1. */
static long install_verb(const dh_shcmd *c, bool apk)
{
	if (!c->nwords)
		return -1;
	if (apk)
		return strcmp(c->words[0], "apk") ? -1 : dh_sh_find(c, "add");
	if (strcmp(c->words[0], "apt-get") && strcmp(c->words[0], "apt"))
		return -1;
	return dh_sh_find(c, "install");
}

/*
 * The value a `$NAME` or `${NAME}` word gets from a plain assignment
 * earlier in the same RUN (`deps='gcc musl-dev' && apk add $deps`), the
 * last one winning; NULL when w is not such a word or NAME is not
 * assigned there.
 */
static const char *assigned(const pkg_scan *s, const char *w)
{
	if (w[0] != '$')
		return NULL;
	bool brace = w[1] == '{';
	const char *name = w + 1 + brace;
	size_t n = strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq"
				"rstuvwxyz0123456789_");
	if (!n || strcmp(name + n, brace ? "}" : ""))
		return NULL;
	const char *v = NULL;
	for (size_t i = 0; i < s->ncmds; i++) {
		const dh_shcmd *c = &s->cmds[i];
		for (size_t k = 0; !c->nwords && k < c->nenv; k++)
			if (!strncmp(c->env[k], name, n) && c->env[k][n] == '=')
				v = c->env[k] + n + 1;
	}
	return v;
}

/* Each word of an assigned value, as if written in place. */
static void classify_value(pkg_scan *s, const char *v)
{
	while (*v && !s->why) {
		v += strspn(v, " \t\n");
		size_t n = strcspn(v, " \t\n");
		if (n && v[0] != '-')
			classify(s, dh_arena_strndup(s->arena, v, n));
		v += n;
	}
}

static void scan_cmd(pkg_scan *s, const dh_shcmd *c)
{
	long v = install_verb(c, s->apk);
	if (v < 0)
		return;
	for (size_t i = (size_t)v + 1; i < c->nwords && !s->why; i++) {
		const char *w = c->words[i];
		/* apk's virtual package name, apt's -o option value */
		if (!strcmp(w, "--virtual") || !strcmp(w, "-t") ||
		    !strcmp(w, "-o")) {
			i++;
			continue;
		}
		const char *val = assigned(s, w);
		if (val)
			classify_value(s, val);
		else if (w[0] != '-')
			classify(s, w);
	}
}

const char *dh__art_runtime_pkgs(dh__finder *f, bool apk, const char **why)
{
	pkg_scan s = {.arena = f->ctx->doc->arena, .apk = apk};
	for (dh_node *n = dh_stage_step(f->ctx, f->st, NULL); n && !s.why;
	     n = dh_stage_step(f->ctx, f->st, n)) {
		const dh_instr *in = dh_node_instr(f->ctx->doc, n);
		if (in->kind != DH_INSTR_RUN || in->json || !in->nargs)
			continue;
		dh_shcmd *cmds;
		size_t nc = dh_sh_split(&cmds, s.arena, in->rest);
		s.cmds = cmds;
		for (size_t i = 0; i < nc && !s.why; i++) {
			s.ncmds = i;
			scan_cmd(&s, &cmds[i]);
		}
	}
	const char *r = NULL;
	if (!s.why)
		r = dh_arena_strndup(s.arena, s.keep.data ? s.keep.data : "",
				     s.keep.len);
	dh_buf_free(&s.keep);
	*why = s.why;
	return r;
}

/* The C library's own headers: linking them needs nothing more. */
static const char *const libc_headers[] = {
	"libc6-dev", "linux-libc-dev", "libc-dev",
	"musl-dev",  "linux-headers",  NULL,
};

static const char *dev_in(const dh_shcmd *c, bool apk)
{
	long v = install_verb(c, apk);
	for (size_t i = (size_t)v + 1; v >= 0 && i < c->nwords; i++) {
		const char *w = c->words[i];
		if (w[0] == '-' || in_set(w, libc_headers))
			continue;
		if (ends_with(w, "-dev") || ends_with(w, "-devel") ||
		    strstr(w, "-dev=") || strstr(w, "-dev~"))
			return w;
	}
	return NULL;
}

const char *dh__art_dev_pkg(dh__finder *f)
{
	for (dh_node *n = dh_stage_step(f->ctx, f->st, NULL); n;
	     n = dh_stage_step(f->ctx, f->st, n)) {
		const dh_instr *in = dh_node_instr(f->ctx->doc, n);
		if (in->kind != DH_INSTR_RUN || in->json || !in->nargs)
			continue;
		dh_shcmd *cmds;
		size_t nc = dh_sh_split(&cmds, f->ctx->doc->arena, in->rest);
		for (size_t i = 0; i < nc; i++) {
			const char *w = dev_in(&cmds[i], false);
			if (!w)
				w = dev_in(&cmds[i], true);
			if (w)
				return w;
		}
	}
	return NULL;
}
