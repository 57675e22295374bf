/* SPDX-License-Identifier: MIT */
/*
 * The input sniffer every command shares: tells a Dockerfile from a
 * Kubernetes manifest, a compose file, other YAML and other text, so a
 * command given the wrong kind refuses it instead of rewriting it. The
 * Dockerfile test is a cheap line scan; YAML is parsed only after it fails.
 */
#include "dockharden/sniff.h"

#include <string.h>
#include <strings.h>

#include "dockharden/diag.h"

/* Bytes scanned for NULs: enough to tell text from binary. */
#define BINARY_PROBE 8192

static bool name_has_suffix(const char *s, size_t n, const char *suf)
{
	size_t k = strlen(suf);
	return n >= k && strncasecmp(s + n - k, suf, k) == 0;
}

bool dh_sniff_name_is_dockerfile(const char *name)
{
	if (!name)
		return false;
	const char *slash = strrchr(name, '/');
	const char *base = slash ? slash + 1 : name;
	size_t n = strlen(base);
	return !strcasecmp(base, "Dockerfile") ||
	       !strcasecmp(base, "Containerfile") ||
	       !strncasecmp(base, "Dockerfile.", 11) ||
	       name_has_suffix(base, n, ".Dockerfile") ||
	       name_has_suffix(base, n, ".Containerfile");
}

/* A line of src: [p, end) without its line break. */
typedef struct line {
	const char *p;
	const char *end;
} line;

static bool next_line(line *out, const char **cur, const char *stop)
{
	if (*cur >= stop)
		return false;
	const char *nl = memchr(*cur, '\n', (size_t)(stop - *cur));
	out->p = *cur;
	out->end = nl ? nl : stop;
	if (out->end > out->p && out->end[-1] == '\r')
		out->end--;
	*cur = nl ? nl + 1 : stop;
	return true;
}

static void skip_blanks(line *l)
{
	while (l->p < l->end && (*l->p == ' ' || *l->p == '\t'))
		l->p++;
}

/* The line starts with word (any case) followed by a blank or its end. */
static bool starts_word(const line *l, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(l->end - l->p) < n || strncasecmp(l->p, word, n) != 0)
		return false;
	return l->p + n == l->end || l->p[n] == ' ' || l->p[n] == '\t';
}

/* The line, blanks trimmed, ends with the escape character. */
static bool continues(const line *l, char escape)
{
	const char *e = l->end;
	while (e > l->p && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	return e > l->p && e[-1] == escape;
}

/* "# escape=`" before anything else changes the continuation character. */
static void read_directive(const line *l, char *escape)
{
	const char *p = l->p + 1;
	while (p < l->end && (*p == ' ' || *p == '\t'))
		p++;
	if ((size_t)(l->end - p) >= 7 && !strncasecmp(p, "escape=", 7) &&
	    p + 7 < l->end)
		*escape = p[7];
}

/*
 * The first instruction line after directives, comments, blank lines and
 * ARGs (with their continuations); false when there is none.
 */
static bool first_instruction(line *out, const dh_source *src)
{
	const char *cur = src->data;
	const char *stop = src->data + src->len;
	char escape = '\\';
	bool directives = true;
	bool in_arg = false;
	if (src->len >= 3 && !memcmp(cur, "\xEF\xBB\xBF", 3))
		cur += 3;
	while (next_line(out, &cur, stop)) {
		skip_blanks(out);
		if (in_arg) {
			in_arg = continues(out, escape);
			continue;
		}
		if (out->p == out->end) {
			directives = false;
			continue;
		}
		if (*out->p == '#') {
			if (directives)
				read_directive(out, &escape);
			continue;
		}
		directives = false;
		if (!starts_word(out, "ARG"))
			return true;
		in_arg = continues(out, escape);
	}
	return false;
}

/* YAML or JSON on the first instruction line contradicts a name. */
static bool looks_structured(const line *l)
{
	char c = *l->p;
	if (c == '{' || c == '[' || c == '-')
		return true;
	const char *w = l->p;
	while (w < l->end && *w != ' ' && *w != '\t')
		w++;
	return w[-1] == ':';
}

static bool has_nul(const dh_source *src)
{
	size_t n = src->len < BINARY_PROBE ? src->len : BINARY_PROBE;
	return memchr(src->data, '\0', n) != NULL;
}

bool dh_sniff_is_dockerfile(const dh_source *src, const char *name)
{
	line l;
	bool any = first_instruction(&l, src);
	/* FROM first wins even over a stray NUL byte further down. */
	if (any && starts_word(&l, "FROM"))
		return true;
	return dh_sniff_name_is_dockerfile(name) && !has_nul(src) &&
	       (!any || !looks_structured(&l));
}

static const dh_ynode *map_get(const dh_ynode *map, const char *key)
{
	map = dh_ynode_resolve(map);
	if (!map || map->kind != DH_YNODE_MAP)
		return NULL;
	return dh_ynode_resolve(dh_ynode_lookup(map, key, NULL));
}

static const char *scalar(const dh_ynode *n)
{
	n = dh_ynode_resolve(n);
	return n && n->kind == DH_YNODE_SCALAR ? n->value : NULL;
}

dh_input_kind dh_sniff_ydoc(const dh_ynode *root)
{
	root = dh_ynode_resolve(root);
	if (!root || root->kind == DH_YNODE_SCALAR)
		return DH_INPUT_OTHER;
	const char *api = scalar(map_get(root, "apiVersion"));
	if (api && strncmp(api, "skaffold/", 9) == 0)
		return DH_INPUT_SKAFFOLD;
	if (api && map_get(root, "kind"))
		return DH_INPUT_K8S;
	const dh_ynode *svc = map_get(root, "services");
	if (svc && svc->kind == DH_YNODE_MAP && !map_get(root, "kind"))
		return DH_INPUT_COMPOSE;
	return DH_INPUT_YAML;
}

static int rank(dh_input_kind k)
{
	switch (k) {
	case DH_INPUT_K8S:
		return 4;
	case DH_INPUT_COMPOSE:
		return 3;
	case DH_INPUT_SKAFFOLD:
		return 2;
	case DH_INPUT_YAML:
		return 1;
	default:
		return 0;
	}
}

dh_input_kind dh_sniff_stronger(dh_input_kind a, dh_input_kind b)
{
	return rank(b) > rank(a) ? b : a;
}

static bool has_line(const dh_source *src, const char *key)
{
	size_t klen = strlen(key);
	const char *end = src->data + src->len;
	for (const char *p = src->data; p && p + klen <= end;) {
		if (memcmp(p, key, klen) == 0)
			return true;
		p = memchr(p, '\n', (size_t)(end - p));
		p = p ? p + 1 : NULL;
	}
	return false;
}

/* Not YAML: a template or broken manifest still goes to the patcher. */
static dh_input_kind broken_yaml(const dh_source *src)
{
	if (has_line(src, "apiVersion:") || has_line(src, "kind:"))
		return DH_INPUT_K8S;
	if (has_line(src, "services:"))
		return DH_INPUT_COMPOSE;
	if (src->len >= 2 && !memcmp(src->data, "#!", 2))
		return DH_INPUT_SCRIPT;
	return DH_INPUT_OTHER;
}

/* Other YAML written as JSON says so: the message names it. */
static dh_input_kind yaml_or_json(const dh_source *src)
{
	const char *p = src->data;
	const char *end = p + src->len;
	while (p < end && strchr(" \t\r\n", *p))
		p++;
	return p < end && (*p == '{' || *p == '[') ? DH_INPUT_JSON
						   : DH_INPUT_YAML;
}

static bool blank_only(const dh_source *src)
{
	for (uint32_t i = 0; i < src->len; i++)
		if (!strchr(" \t\r\n", src->data[i]))
			return false;
	return true;
}

dh_input_kind dh_sniff(const dh_source *src, const char *name)
{
	if (dh_sniff_is_dockerfile(src, name))
		return DH_INPUT_DOCKERFILE;
	if (has_nul(src))
		return DH_INPUT_BINARY;
	if (blank_only(src))
		return DH_INPUT_EMPTY;
	dh_diags diags;
	dh_ystream stream;
	dh_diags_init(&diags, src->arena);
	/* The tree parser takes a mutable source; it only reads it. */
	dh_source copy = *src;
	if (dh_yaml_tree_parse(&stream, &diags, &copy) != 0)
		return broken_yaml(src);
	dh_input_kind kind = DH_INPUT_OTHER;
	for (const dh_ydoc *d = stream.first; d; d = d->next)
		kind = dh_sniff_stronger(kind, dh_sniff_ydoc(d->root));
	if (kind == DH_INPUT_YAML)
		return yaml_or_json(src);
	if (kind == DH_INPUT_OTHER && src->len >= 2 &&
	    !memcmp(src->data, "#!", 2))
		return DH_INPUT_SCRIPT;
	return kind;
}

const char *dh_sniff_describe(dh_input_kind kind)
{
	switch (kind) {
	case DH_INPUT_DOCKERFILE:
		return "a Dockerfile";
	case DH_INPUT_K8S:
		return "a Kubernetes manifest";
	case DH_INPUT_COMPOSE:
		return "a compose file";
	case DH_INPUT_SKAFFOLD:
		return "a skaffold configuration";
	case DH_INPUT_YAML:
		return "YAML";
	case DH_INPUT_JSON:
		return "JSON";
	case DH_INPUT_SCRIPT:
		return "a script";
	case DH_INPUT_BINARY:
		return "binary data";
	case DH_INPUT_EMPTY:
		return "an empty file";
	case DH_INPUT_OTHER:
		break;
	}
	return "text with no FROM instruction";
}
