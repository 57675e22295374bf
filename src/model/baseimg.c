/* SPDX-License-Identifier: MIT */
/*
 * Offline base-image knowledge: the compiled-in table from baseimg.def,
 * reference matching (registry mirrors, tag variants) and the choice of a
 * runtime image for a builder, with the language version taken from the
 * builder's tag.
 */
#include "dockharden/baseimg.h"

#include <assert.h>
#include <string.h>
#include <strings.h>

#include "dockharden/buf.h"

static const dh_baseimg table[] = {
#define DH_BASEIMG(...) {__VA_ARGS__},
#include "baseimg.def"
#undef DH_BASEIMG
};

#define TABLE_LEN (sizeof(table) / sizeof(table[0]))

/* Node releases distroless ships (nodejs<N>-debian12), oldest first. */
static const unsigned node_releases[] = {18, 20, 22, 24};

/* Words that may sit in front of the Java version in a tool's tag. */
static const char *const jdk_prefixes[] = {"openjdk", "jdk", "jre", "java"};

/* Match scores: a repository path under its own registry beats the same
 * path found under a mirror; a matching tag glob adds one. */
enum { SCORE_NONE = 0, SCORE_MIRROR = 2, SCORE_EXACT = 4 };

size_t dh_baseimg_count(void)
{
	return TABLE_LEN;
}

const dh_baseimg *dh_baseimg_at(size_t i)
{
	return i < TABLE_LEN ? &table[i] : NULL;
}

/* '*' matches any run of characters except '/'; nothing else is special. */
static bool glob_match(const char *pat, const char *s)
{
	const char *star = NULL;
	const char *resume = NULL;
	while (*s) {
		if (*pat == '*') {
			star = pat++;
			resume = s;
		} else if (*pat == *s) {
			pat++;
			s++;
		} else if (star && *resume != '/') {
			pat = star + 1;
			s = ++resume;
		} else {
			return false;
		}
	}
	while (*pat == '*')
		pat++;
	return *pat == '\0';
}

bool dh_baseimg_docker_hub(const char *registry)
{
	return !registry || strcasecmp(registry, "docker.io") == 0 ||
	       strcasecmp(registry, "index.docker.io") == 0 ||
	       strcasecmp(registry, "registry-1.docker.io") == 0 ||
	       strcasecmp(registry, "registry.hub.docker.com") == 0;
}

/* True when some trailing run of whole path components of path, after
 * the given prefix component(s), matches pat. */
static bool suffix_match(const char *prefix, const char *pat, const char *path)
{
	size_t plen = prefix ? strlen(prefix) : 0;
	for (const char *p = path; p; p = strchr(p, '/')) {
		if (*p == '/')
			p++;
		if (!prefix) {
			if (glob_match(pat, p))
				return true;
		} else if (strncasecmp(p, prefix, plen) == 0 &&
			   p[plen] == '/' && glob_match(pat, p + plen + 1)) {
			return true;
		}
	}
	return false;
}

static int repo_score(const dh_baseimg *img, const dh_image_ref *ref)
{
	if (!img->registry && strcmp(img->repository, "scratch") == 0)
		return ref->is_scratch ? SCORE_EXACT : SCORE_NONE;
	const char *repo = ref->repository;
	if (!img->registry && dh_baseimg_docker_hub(ref->registry)) {
		if (strncmp(repo, "library/", 8) == 0)
			repo += 8;
		return glob_match(img->repository, repo) ? SCORE_EXACT
							 : SCORE_NONE;
	}
	if (img->registry && ref->registry &&
	    strcasecmp(img->registry, ref->registry) == 0)
		return glob_match(img->repository, repo) ? SCORE_EXACT
							 : SCORE_NONE;
	if (!ref->registry)
		return SCORE_NONE;
	return suffix_match(img->registry, img->repository, repo) ? SCORE_MIRROR
								  : SCORE_NONE;
}

/* The best row for ref; exact_only leaves out mirror matches. */
static const dh_baseimg *best_match(const dh_image_ref *ref, bool exact_only)
{
	if (!ref || ref->has_variable || !ref->repository)
		return NULL;
	const char *tag = ref->tag ? ref->tag : "latest";
	const dh_baseimg *best = NULL;
	int best_score = SCORE_NONE;
	for (size_t i = 0; i < TABLE_LEN; i++) {
		const dh_baseimg *img = &table[i];
		if (img->tag && !glob_match(img->tag, tag))
			continue;
		int score = repo_score(img, ref);
		if (score == SCORE_NONE || (exact_only && score != SCORE_EXACT))
			continue;
		score += img->tag ? 1 : 0;
		if (score > best_score) {
			best = img;
			best_score = score;
		}
	}
	return best;
}

const dh_baseimg *dh_baseimg_lookup(const dh_image_ref *ref)
{
	return best_match(ref, false);
}

const dh_baseimg *dh_baseimg_lookup_official(const dh_image_ref *ref,
					     const char *const *mirrors,
					     size_t n)
{
	if (!ref || !ref->registry)
		return best_match(ref, true);
	for (size_t i = 0; i < n; i++) {
		if (mirrors[i] && strcasecmp(mirrors[i], ref->registry) == 0) {
			/* a configured mirror spells Docker Hub */
			dh_image_ref hub = *ref;
			hub.registry = NULL;
			return best_match(&hub, true);
		}
	}
	return best_match(ref, true);
}

/* The decimal number at s (capped), or 0 when s does not start with a
 * digit. */
static unsigned leading_number(const char *s)
{
	unsigned n = 0;
	for (; *s >= '0' && *s <= '9'; s++)
		if (n < 100000)
			n = n * 10 + (unsigned)(*s - '0');
	return n;
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Node major version: leading digits or an LTS codename; 0 when the tag
 * does not say ("lts", "latest", none). */
static unsigned node_version(const char *tag)
{
	unsigned v = tag ? leading_number(tag) : 0;
	if (v == 0 && tag) {
		if (starts_with(tag, "hydrogen"))
			v = 18;
		else if (starts_with(tag, "iron"))
			v = 20;
		else if (starts_with(tag, "jod"))
			v = 22;
		else if (starts_with(tag, "krypton"))
			v = 24;
		else if (starts_with(tag, "gallium"))
			v = 16;
		else if (starts_with(tag, "fermium"))
			v = 14;
	}
	return v;
}

/* Distroless ships this Node major (nodejsN-debian12). */
static bool node_in_distroless(unsigned v)
{
	for (size_t i = 0; i < sizeof(node_releases) / sizeof(*node_releases);
	     i++)
		if (v == node_releases[i])
			return true;
	return false;
}

static const char *skip_jdk_prefix(const char *tok)
{
	for (size_t i = 0; i < sizeof(jdk_prefixes) / sizeof(*jdk_prefixes);
	     i++)
		if (starts_with(tok, jdk_prefixes[i]))
			return tok + strlen(jdk_prefixes[i]);
	return tok;
}

/* In a tool tag ("3.9-eclipse-temurin-17", "8.5-jdk21-alpine") the Java
 * version is the first '-'-separated token after the tool's own version
 * that is a number, optionally behind "jdk", "jre", "java" or "openjdk". */
static unsigned jdk_in_tool_tag(const char *tag)
{
	const char *tok = tag;
	if (*tok >= '0' && *tok <= '9')
		tok = strchr(tok, '-');
	while (tok) {
		if (*tok == '-')
			tok++;
		tok = skip_jdk_prefix(tok);
		if (*tok == '-')
			continue;
		unsigned v = leading_number(tok);
		if (v)
			return v;
		tok = strchr(tok, '-');
	}
	return 0;
}

/* Java major: the distroless release at or above the builder's, 21 when
 * the tag does not say. */
static unsigned java_major(const char *tag, dh_baseimg_ver from)
{
	unsigned v = 0;
	if (tag)
		v = from == DH_VER_JDK ? jdk_in_tool_tag(tag)
				       : leading_number(tag);
	if (v == 0)
		return 21;
	if (v <= 11)
		return 11;
	if (v <= 17)
		return 17;
	if (v <= 21)
		return 21;
	return 25;
}

/* .NET channel "M.m" from the tag, "8.0" when it does not start with one;
 * out must hold 16 bytes. Returns the major version. */
static unsigned dotnet_channel(char *out, size_t cap, const char *tag)
{
	unsigned major = tag ? leading_number(tag) : 0;
	const char *dot = tag ? tag + strspn(tag, "0123456789") : NULL;
	if (major == 0 || major > 999 || !dot || *dot != '.' || dot[1] < '0' ||
	    dot[1] > '9') {
		assert(cap >= 4);
		memcpy(out, "8.0", 4);
		return 8;
	}
	size_t n = (size_t)(dot - tag) + 1 + strspn(dot + 1, "0123456789");
	if (n >= cap)
		n = cap - 1;
	memcpy(out, tag, n);
	out[n] = '\0';
	return major;
}

/* The Alpine release in an "alpine3.20" tag component, else "3". */
static void alpine_release(dh_buf *buf, const char *tag)
{
	const char *a = tag ? strstr(tag, "alpine") : NULL;
	if (a && a[6] >= '0' && a[6] <= '9') {
		dh_buf_put(buf, a + 6, strspn(a + 6, "0123456789."));
		return;
	}
	dh_buf_putc(buf, '3');
}

static bool name_is(const char *name, size_t n, const char *lit)
{
	return strlen(lit) == n && memcmp(name, lit, n) == 0;
}

static void put_placeholder(dh_buf *buf, const char *name, size_t n,
			    const dh_image_ref *ref, const dh_baseimg *img)
{
	char chan[16];
	if (name_is(name, n, "node")) {
		dh_buf_printf(buf, "%u", node_version(ref->tag));
	} else if (name_is(name, n, "java")) {
		dh_buf_printf(buf, "%u",
			      java_major(ref->tag, img->version_from));
	} else if (name_is(name, n, "javadebian")) {
		unsigned v = java_major(ref->tag, img->version_from);
		dh_buf_puts(buf, v > 21 ? "13" : "12");
	} else if (name_is(name, n, "dotnet")) {
		dotnet_channel(chan, sizeof(chan), ref->tag);
		dh_buf_puts(buf, chan);
	} else if (name_is(name, n, "chisel")) {
		unsigned major = dotnet_channel(chan, sizeof(chan), ref->tag);
		dh_buf_puts(buf,
			    major >= 9 ? "noble-chiseled" : "jammy-chiseled");
	} else if (name_is(name, n, "alpine")) {
		alpine_release(buf, ref->tag);
	} else if (name_is(name, n, ":tag")) {
		if (ref->tag)
			dh_buf_printf(buf, ":%s", ref->tag);
	} else if (name_is(name, n, "repo")) {
		if (ref->registry)
			dh_buf_printf(buf, "%s/", ref->registry);
		dh_buf_puts(buf, ref->repository);
	} else {
		assert(0 && "unknown placeholder in baseimg.def");
	}
}

static const char *expand(dh_arena *arena, const char *tpl,
			  const dh_image_ref *ref, const dh_baseimg *img)
{
	dh_buf buf = DH_BUF_INIT;
	const char *p = tpl;
	const char *open;
	while ((open = strchr(p, '{')) != NULL) {
		const char *close = strchr(open, '}');
		assert(close);
		if (!close)
			break;
		dh_buf_put(&buf, p, (size_t)(open - p));
		put_placeholder(&buf, open + 1, (size_t)(close - open - 1), ref,
				img);
		p = close + 1;
	}
	dh_buf_puts(&buf, p);
	const char *out = dh_arena_strndup(arena, buf.data, buf.len);
	dh_buf_free(&buf);
	return out;
}

const char *dh_baseimg_runtime_for(dh_arena *arena, const dh_image_ref *builder,
				   bool static_artifact)
{
	const dh_baseimg *img = dh_baseimg_lookup(builder);
	if (!img)
		return NULL;
	const char *tpl = img->runtime;
	if (static_artifact && img->runtime_static)
		tpl = img->runtime_static;
	if (tpl && strstr(tpl, "{node}")) {
		/* The same major or nothing: Node 14 stays 14, on the
		 * official slim image where distroless has no such release. */
		unsigned v = node_version(builder->tag);
		if (v == 0)
			return NULL;
		if (!node_in_distroless(v))
			return dh_arena_printf(arena, "node:%u-slim", v);
	}
	return tpl ? expand(arena, tpl, builder, img) : NULL;
}

const char *dh_baseimg_eco_name(dh_baseimg_eco eco)
{
	switch (eco) {
	case DH_ECO_OS:
		return "os";
	case DH_ECO_GO:
		return "go";
	case DH_ECO_RUST:
		return "rust";
	case DH_ECO_NODE:
		return "node";
	case DH_ECO_PYTHON:
		return "python";
	case DH_ECO_JAVA:
		return "java";
	case DH_ECO_DOTNET:
		return "dotnet";
	case DH_ECO_C:
		return "c";
	case DH_ECO_STATIC:
		return "static";
	case DH_ECO_WEB:
		return "web";
	case DH_ECO_DB:
		return "db";
	case DH_ECO_PHP:
		return "php";
	case DH_ECO_RUBY:
		return "ruby";
	}
	return "unknown";
}

const char *dh_baseimg_libc_name(dh_baseimg_libc libc)
{
	switch (libc) {
	case DH_LIBC_NONE:
		return "none";
	case DH_LIBC_GLIBC:
		return "glibc";
	case DH_LIBC_MUSL:
		return "musl";
	case DH_LIBC_WINDOWS:
		return "windows";
	}
	return "unknown";
}

const char *dh_baseimg_pkg_name(dh_baseimg_pkg pkg)
{
	switch (pkg) {
	case DH_PKG_NONE:
		return "none";
	case DH_PKG_APT:
		return "apt";
	case DH_PKG_APK:
		return "apk";
	case DH_PKG_DNF:
		return "dnf";
	case DH_PKG_MICRODNF:
		return "microdnf";
	case DH_PKG_YUM:
		return "yum";
	case DH_PKG_TDNF:
		return "tdnf";
	}
	return "unknown";
}
