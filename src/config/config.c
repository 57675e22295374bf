/* SPDX-License-Identifier: MIT */
/*
 * The `.dockharden.yaml` configuration: found by walking up from the input
 * file to the repository (or filesystem) root, read with libyaml's parser
 * events through yaml_tree.c (byte spans, no alias expansion, a depth
 * limit), checked key by key so that every mistake is reported at once.
 */
/* realpath() is an XSI extension; it must be declared before any header. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif

#include "dockharden/config.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "dockharden/buf.h"
#include "dockharden/errors.h"
#include "dockharden/source.h"
#include "dockharden/yaml_tree.h"
#include "config_internal.h"

#define VALID_KEYS                                                             \
	"uid, gid, rules, disable, images, writable, ignore, level, "          \
	"bind-low-ports"

/* Longest pattern or path component dh_config_ignores() compares. */
#define COMPONENT_MAX 1024

typedef struct loader {
	dh_config *cfg;
	dh_diags *diags;
	dh_arena *arena;
	dh_source *src;
	size_t errors;
} loader;

__attribute__((format(printf, 3, 4))) static void
bad(loader *l, const dh_ynode *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *msg = dh_arena_vprintf(l->arena, fmt, ap);
	va_end(ap);
	dh_span span = {n->span.start, dh_ynode_content_end(n)};
	if (span.end < span.start)
		span.end = span.start;
	dh_diag_add(l->diags, DH_SEV_ERROR, "invalid-config", l->src, span,
		    "%s", msg);
	l->errors++;
}

/* A copy of old (n items) with room for extra more, in the arena. */
static const char **grow(dh_arena *arena, const char **old, size_t n,
			 size_t extra)
{
	const char **items =
		dh_arena_alloc(arena, (n + extra + 1) * sizeof(*items));
	if (n)
		memcpy(items, old, n * sizeof(*items));
	return items;
}

static bool is_null(const dh_ynode *n)
{
	if (n->kind != DH_YNODE_SCALAR || n->style != DH_YSCALAR_PLAIN)
		return false;
	return n->value_len == 0 || !strcmp(n->value, "~") ||
	       !strcmp(n->value, "null") || !strcmp(n->value, "Null") ||
	       !strcmp(n->value, "NULL");
}

static const char *kind_name(const dh_ynode *n)
{
	if (n->kind == DH_YNODE_MAP)
		return "a mapping";
	if (n->kind == DH_YNODE_SEQ)
		return "a list";
	return is_null(n) ? "empty" : "a string";
}

/* The scalar text of n (after an alias), or NULL with an error. */
static const char *text_of(loader *l, const dh_ynode *n, const char *what)
{
	const dh_ynode *r = dh_ynode_resolve(n);
	if (!r || r->kind != DH_YNODE_SCALAR || is_null(r)) {
		bad(l, n, "%s must be a string, not %s", what,
		    r ? kind_name(r) : "a dangling alias");
		return NULL;
	}
	if (strlen(r->value) != r->value_len) {
		bad(l, n, "%s must not contain a NUL character", what);
		return NULL;
	}
	return r->value;
}

/* A collection of the wanted kind, NULL for an empty value or an error. */
static const dh_ynode *collection(loader *l, const dh_ynode *v,
				  dh_ynode_kind kind, const char *key)
{
	const dh_ynode *r = dh_ynode_resolve(v);
	if (r && r->kind == kind)
		return r;
	if (r && is_null(r))
		return NULL;
	bad(l, v, "'%s' must be %s, not %s", key,
	    kind == DH_YNODE_MAP ? "a mapping" : "a list",
	    r ? kind_name(r) : "a dangling alias");
	return NULL;
}

/* A uid or gid from 1 to 2147483647 into *out, or false with an error. */
static bool parse_number(loader *l, const dh_ynode *v, const char *key,
			 uint32_t *out)
{
	const char *s = text_of(l, v, key);
	if (!s)
		return false;
	size_t len = strlen(s);
	unsigned long n = 0;
	bool digits = len > 0 && len <= 10;
	for (size_t i = 0; digits && i < len; i++) {
		digits = s[i] >= '0' && s[i] <= '9';
		n = n * 10 + (unsigned long)(s[i] - '0');
	}
	if (!digits || n == 0 || n > 2147483647UL) {
		bad(l, v,
		    "'%s' must be a number from 1 to 2147483647, not '%s'", key,
		    s);
		return false;
	}
	*out = (uint32_t)n;
	return true;
}

static void key_id(loader *l, const dh_ynode *v, const char *key)
{
	uint32_t n = 0;
	if (!parse_number(l, v, key, &n))
		return;
	if (key[0] == 'u') {
		l->cfg->has_uid = true;
		l->cfg->uid = n;
	} else {
		l->cfg->has_gid = true;
		l->cfg->gid = n;
	}
}

static void key_uid(loader *l, const dh_ynode *v)
{
	key_id(l, v, "uid");
}

static void key_gid(loader *l, const dh_ynode *v)
{
	key_id(l, v, "gid");
}

static void key_level(loader *l, const dh_ynode *v)
{
	const char *s = text_of(l, v, "'proven' or 'strict'");
	if (!s)
		return;
	if (strcmp(s, "strict") != 0 && strcmp(s, "proven") != 0) {
		bad(l, v, "'level' must be 'proven' or 'strict', not '%s'", s);
		return;
	}
	l->cfg->strict = !strcmp(s, "strict");
}

/* "DH107" (any case) as an upper-case arena string, or NULL with an error. */
static const char *rule_id(loader *l, const dh_ynode *n)
{
	const char *s = text_of(l, n, "a rule ID");
	if (!s)
		return NULL;
	bool ok = strlen(s) == 5 && (s[0] == 'D' || s[0] == 'd') &&
		  (s[1] == 'H' || s[1] == 'h');
	for (size_t i = 2; ok && i < 5; i++)
		ok = s[i] >= '0' && s[i] <= '9';
	if (!ok) {
		bad(l, n,
		    "'%s' is not a rule ID: write DH followed by three "
		    "digits, as in DH107",
		    s);
		return NULL;
	}
	return dh_arena_printf(l->arena, "DH%c%c%c", s[2], s[3], s[4]);
}

static void disable_rule(loader *l, const char *id)
{
	dh_config *c = l->cfg;
	for (size_t i = 0; i < c->ndisabled; i++)
		if (!strcmp(c->disabled[i], id))
			return;
	c->disabled = grow(l->arena, c->disabled, c->ndisabled, 1);
	c->disabled[c->ndisabled++] = id;
}

/* on/off/true/false/yes/no in any case: 1, 0, or -1 after an error;
 * what names the setting in that error ("rule DH107"). */
static int switch_value(loader *l, const dh_ynode *v, const char *what)
{
	const char *const on[] = {"on", "true", "yes"};
	const char *const off[] = {"off", "false", "no"};
	const dh_ynode *r = dh_ynode_resolve(v);
	const char *s = r && r->kind == DH_YNODE_SCALAR ? r->value : "";
	for (size_t i = 0; i < 3; i++) {
		if (!strcasecmp(s, on[i]))
			return 1;
		if (!strcasecmp(s, off[i]))
			return 0;
	}
	bad(l, v, "%s must be on or off (or true or false), not %s", what,
	    r && r->kind == DH_YNODE_SCALAR && !is_null(r)
		    ? dh_arena_printf(l->arena, "'%s'", s)
		    : (r ? kind_name(r) : "a dangling alias"));
	return -1;
}

static void key_bind_low_ports(loader *l, const dh_ynode *v)
{
	int on = switch_value(l, v, "'bind-low-ports'");
	if (on >= 0)
		l->cfg->bind_low_ports = on;
}

static void key_rules(loader *l, const dh_ynode *v)
{
	const dh_ynode *map = collection(l, v, DH_YNODE_MAP, "rules");
	if (!map)
		return;
	for (const dh_ynode *k = map->first; k && k->next; k = k->next->next) {
		const char *id = rule_id(l, k);
		int on = switch_value(
			l, k->next,
			dh_arena_printf(l->arena, "rule %s", id ? id : ""));
		if (id && on == 0)
			disable_rule(l, id);
	}
}

static void key_disable(loader *l, const dh_ynode *v)
{
	const dh_ynode *r = dh_ynode_resolve(v);
	if (r && r->kind == DH_YNODE_SCALAR && !is_null(r)) {
		const char *id = rule_id(l, v);
		if (id)
			disable_rule(l, id);
		return;
	}
	const dh_ynode *seq = collection(l, v, DH_YNODE_SEQ, "disable");
	for (const dh_ynode *it = seq ? seq->first : NULL; it; it = it->next) {
		const char *id = rule_id(l, it);
		if (id)
			disable_rule(l, id);
	}
}

/* A list of absolute paths or of port numbers for an images: entry. */
static size_t image_list(loader *l, const dh_ynode *v, const char *key,
			 const char ***paths, uint32_t **ports)
{
	const dh_ynode *seq = collection(l, v, DH_YNODE_SEQ, key);
	size_t n = 0;
	if (!seq)
		return 0;
	if (paths)
		*paths = grow(l->arena, NULL, 0, seq->nchildren);
	else
		*ports = dh_arena_alloc(l->arena,
					(seq->nchildren + 1) * sizeof(**ports));
	for (const dh_ynode *it = seq->first; it; it = it->next) {
		const char *t = text_of(l, it, key);
		char *end = NULL;
		unsigned long port = t ? strtoul(t, &end, 10) : 0;
		if (t && paths && t[0] == '/')
			(*paths)[n++] = t;
		else if (t && !paths && *end == '\0' && port && port < 65536)
			(*ports)[n++] = (uint32_t)port;
		else if (t)
			bad(l, it, "'%s' item '%s' must be %s", key, t,
			    paths ? "an absolute path" : "a port number");
	}
	return n;
}

/* An images: entry that describes how the image runs (for patch). */
static void runtime_image(loader *l, const char *image, const dh_ynode *map)
{
	dh_config *c = l->cfg;
	dh_patch_image *img = &c->runtime[c->nruntime];
	memset(img, 0, sizeof(*img));
	img->image = image;
	for (const dh_ynode *k = map->first; k && k->next; k = k->next->next) {
		const char *key = text_of(l, k, "an images: field");
		uint32_t id = 0;
		if (!key)
			continue;
		if (!strcmp(key, "writable")) {
			const char **paths = NULL;
			img->nwritable = image_list(l, k->next, "writable",
						    &paths, NULL);
			img->writable = paths;
		} else if (!strcmp(key, "ports")) {
			uint32_t *ports = NULL;
			img->nports =
				image_list(l, k->next, "ports", NULL, &ports);
			img->ports = ports;
		} else if ((!strcmp(key, "uid") || !strcmp(key, "gid")) &&
			   parse_number(l, k->next, key, &id)) {
			*(key[0] == 'u' ? &img->uid : &img->gid) = id;
		} else if (strcmp(key, "uid") && strcmp(key, "gid")) {
			bad(l, k,
			    "unknown images: field '%s': valid fields are uid, "
			    "gid, writable, ports",
			    key);
		}
	}
	if (!img->uid)
		bad(l, map, "images: entry '%s' needs a uid", image);
	else
		c->nruntime++;
}

static void key_images(loader *l, const dh_ynode *v)
{
	const dh_ynode *map = collection(l, v, DH_YNODE_MAP, "images");
	if (!map)
		return;
	dh_config *c = l->cfg;
	c->image_map =
		grow(l->arena, c->image_map, c->nimage_map, map->nchildren);
	c->runtime = dh_arena_alloc(l->arena,
				    (map->nchildren + 1) * sizeof(*c->runtime));
	for (const dh_ynode *k = map->first; k && k->next; k = k->next->next) {
		const dh_ynode *rv = dh_ynode_resolve(k->next);
		if (rv && rv->kind == DH_YNODE_MAP) {
			const char *image = text_of(l, k, "an image");
			if (image)
				runtime_image(l, image, rv);
			continue;
		}
		const char *from = text_of(l, k, "an image prefix");
		const char *to = text_of(l, k->next, "a replacement prefix");
		if (!from || !to)
			continue;
		c->image_map[c->nimage_map++] = from;
		c->image_map[c->nimage_map++] = to;
	}
}

static void key_writable(loader *l, const dh_ynode *v)
{
	const dh_ynode *seq = collection(l, v, DH_YNODE_SEQ, "writable");
	if (!seq)
		return;
	dh_config *c = l->cfg;
	c->writable = grow(l->arena, c->writable, c->nwritable, seq->nchildren);
	for (const dh_ynode *it = seq->first; it; it = it->next) {
		const char *p = text_of(l, it, "a writable path");
		if (p && p[0] != '/')
			bad(l, it,
			    "writable path '%s' must be absolute "
			    "(start with '/')",
			    p);
		else if (p)
			c->writable[c->nwritable++] = p;
	}
}

static void key_ignore(loader *l, const dh_ynode *v)
{
	const dh_ynode *seq = collection(l, v, DH_YNODE_SEQ, "ignore");
	if (!seq)
		return;
	dh_config *c = l->cfg;
	c->ignore = grow(l->arena, c->ignore, c->nignore, seq->nchildren);
	for (const dh_ynode *it = seq->first; it; it = it->next) {
		const char *p = text_of(l, it, "an ignore pattern");
		if (p)
			c->ignore[c->nignore++] = p;
	}
}

static const struct key {
	const char *name;
	void (*load)(loader *l, const dh_ynode *v);
} keys[] = {
	{"uid", key_uid},
	{"gid", key_gid},
	{"level", key_level},
	{"rules", key_rules},
	{"disable", key_disable},
	{"images", key_images},
	{"writable", key_writable},
	{"ignore", key_ignore},
	{"bind-low-ports", key_bind_low_ports},
};

#define NKEYS (sizeof(keys) / sizeof(keys[0]))

static void load_key(loader *l, const dh_ynode *k, const dh_ynode *v,
		     bool seen[NKEYS])
{
	const dh_ynode *r = dh_ynode_resolve(k);
	if (!r || r->kind != DH_YNODE_SCALAR) {
		bad(l, k, "configuration keys must be names (%s)", VALID_KEYS);
		return;
	}
	for (size_t i = 0; i < NKEYS; i++) {
		if (strcmp(r->value, keys[i].name) != 0)
			continue;
		if (seen[i])
			bad(l, k, "key '%s' appears twice", keys[i].name);
		seen[i] = true;
		keys[i].load(l, v);
		return;
	}
	bad(l, k, "unknown key '%s': valid keys are %s", r->value, VALID_KEYS);
}

static void load_root(loader *l, const dh_ystream *stream)
{
	const dh_ydoc *doc = stream->first;
	for (const dh_ydoc *d = doc ? doc->next : NULL; d; d = d->next)
		if (d->root)
			bad(l, d->root,
			    "the configuration must be one YAML "
			    "document");
	const dh_ynode *root = doc && doc->root ? doc->root : NULL;
	if (!root || is_null(root))
		return;
	const dh_ynode *map = dh_ynode_resolve(root);
	if (!map || map->kind != DH_YNODE_MAP) {
		bad(l, root,
		    "the configuration must be a mapping with the keys "
		    "%s, not %s",
		    VALID_KEYS, map ? kind_name(map) : "an alias");
		return;
	}
	bool seen[NKEYS] = {false};
	for (const dh_ynode *k = map->first; k && k->next; k = k->next->next)
		load_key(l, k, k->next, seen);
}

/* libyaml's findings, re-filed under this module's code. */
static void copy_yaml_errors(loader *l, const dh_diags *from)
{
	const char prefix[] = "invalid yaml: ";
	for (const dh_diag *d = from->first; d; d = d->next) {
		const char *msg = d->message;
		if (!strncmp(msg, prefix, sizeof(prefix) - 1))
			msg += sizeof(prefix) - 1;
		dh_diag_add(l->diags, DH_SEV_ERROR, "invalid-config", l->src,
			    d->span, "invalid YAML: %s", msg);
		l->errors++;
	}
}

int dh_config_load(dh_config *out, dh_diags *diags, dh_arena *arena,
		   const char *config_path)
{
	memset(out, 0, sizeof(*out));
	loader l = {.cfg = out, .diags = diags, .arena = arena};
	int rc = dh_source_read(&l.src, arena, config_path);
	if (rc < 0)
		return rc;
	out->path = l.src->path;
	const char *slash = strrchr(config_path, '/');
	if (!slash)
		out->dir = ".";
	else if (slash == config_path)
		out->dir = "/";
	else
		out->dir = dh_arena_strndup(arena, config_path,
					    (size_t)(slash - config_path));
	dh_diags yaml_diags;
	dh_diags_init(&yaml_diags, arena);
	dh_ystream stream;
	rc = dh_yaml_tree_parse(&stream, &yaml_diags, l.src);
	if (rc == DH_EINPUT)
		copy_yaml_errors(&l, &yaml_diags);
	else if (rc < 0)
		return rc;
	else
		load_root(&l, &stream);
	return l.errors ? DH_EINPUT : 0;
}

/* ---- finding the file ---- */

/* The real path of the folder holding for_path, or NULL (errno set). */
static char *start_dir(const char *for_path)
{
	if (!for_path || !strcmp(for_path, "-"))
		return realpath(".", NULL);
	dh_buf dir = DH_BUF_INIT;
	dh_buf_puts(&dir, for_path);
	char *real = NULL;
	/* A folder that does not exist (a new file's name given with
	 * --stdin-filename) stands for its nearest existing parent. */
	while (!real) {
		char *slash = strrchr(dir.data, '/');
		if (!slash) {
			real = realpath(".", NULL);
			break;
		}
		if (slash == dir.data) {
			real = realpath("/", NULL);
			break;
		}
		*slash = '\0';
		real = realpath(dir.data, NULL);
		if (!real && errno != ENOENT && errno != ENOTDIR)
			break;
	}
	dh_buf_free(&dir);
	return real;
}

static bool exists_in(dh_buf *path, const char *dir, const char *name,
		      bool want_file)
{
	dh_buf_clear(path);
	dh_buf_printf(path, "%s%s%s", dir, strcmp(dir, "/") ? "/" : "", name);
	struct stat st;
	if (stat(path->data, &st) != 0)
		return false;
	return !want_file || S_ISREG(st.st_mode);
}

int dh__config_locate(char **out, const char *for_path)
{
	*out = NULL;
	char *dir = start_dir(for_path);
	if (!dir)
		return DH_EIO;
	dh_buf path = DH_BUF_INIT;
	for (;;) {
		if (exists_in(&path, dir, DH_CONFIG_NAME, true)) {
			*out = dh_buf_detach(&path, NULL);
			break;
		}
		if (exists_in(&path, dir, ".git", false) || !strcmp(dir, "/"))
			break;
		char *slash = strrchr(dir, '/');
		if (slash == dir)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
	dh_buf_free(&path);
	free(dir);
	return 0;
}

int dh_config_find(dh_config *out, dh_diags *diags, dh_arena *arena,
		   const char *for_path)
{
	memset(out, 0, sizeof(*out));
	char *found;
	int rc = dh__config_locate(&found, for_path);
	if (rc == 0 && found)
		rc = dh_config_load(out, diags, arena, found);
	free(found);
	return rc;
}

/* ---- ignore globs ---- */

/* Copies the component at *s (up to '/') into buf and moves *s past it and
 * its slashes. False when the component does not fit. */
static bool next_component(const char **s, char buf[COMPONENT_MAX])
{
	size_t n = strcspn(*s, "/");
	if (n >= COMPONENT_MAX)
		return false;
	memcpy(buf, *s, n);
	buf[n] = '\0';
	*s += n;
	while (**s == '/')
		(*s)++;
	return true;
}

/*
 * Matches the remaining pattern components against the remaining path
 * components. A pattern used up early matched a folder of the path, which
 * ignores everything below it.
 */
static bool match_from(const char *pat, const char *path)
{
	if (!*pat)
		return true;
	char pc[COMPONENT_MAX];
	const char *pat_rest = pat;
	if (!next_component(&pat_rest, pc))
		return false;
	if (!strcmp(pc, "**")) {
		if (match_from(pat_rest, path))
			return true;
		if (!*path)
			return false;
		path += strcspn(path, "/");
		path += strspn(path, "/");
		return match_from(pat, path);
	}
	char c[COMPONENT_MAX];
	if (!*path || !next_component(&path, c))
		return false;
	return fnmatch(pc, c, 0) == 0 && match_from(pat_rest, path);
}

static bool glob_matches(const char *pat, const char *rel)
{
	size_t len = strlen(pat);
	while (len > 1 && pat[len - 1] == '/')
		len--;
	char trimmed[COMPONENT_MAX * 4];
	if (len == 0 || len >= sizeof(trimmed))
		return false;
	memcpy(trimmed, pat, len);
	trimmed[len] = '\0';
	const char *p = trimmed;
	bool anchored = strchr(p, '/') != NULL;
	while (*p == '/')
		p++;
	if (anchored)
		return match_from(p, rel);
	/* No slash: the name may be in any folder. */
	for (const char *s = rel; *s;) {
		if (match_from(p, s))
			return true;
		s += strcspn(s, "/");
		s += strspn(s, "/");
	}
	return false;
}

/* path relative to cfg->dir, or NULL when an absolute path is elsewhere. */
static const char *relative_to(const dh_config *cfg, const char *path)
{
	if (path[0] == '/') {
		const char *dir = cfg->dir ? cfg->dir : "";
		size_t n = strlen(dir);
		while (n > 0 && dir[n - 1] == '/')
			n--;
		if (dir[0] != '/' || strncmp(path, dir, n) != 0 ||
		    path[n] != '/')
			return NULL;
		path += n;
	}
	for (;;) {
		path += strspn(path, "/");
		if (path[0] != '.' || path[1] != '/')
			break;
		path += 2;
	}
	return path;
}

void dh_config_render_error(dh_buf *out, const dh_diags *diags, int rc,
			    const char *for_path)
{
	dh_diags_render(out, diags, true);
	if (rc != DH_EINPUT)
		dh_buf_printf(out,
			      "%s: error: cannot read configuration: %s "
			      "[invalid-config]\n",
			      for_path ? for_path : ".", strerror(errno));
}

bool dh_config_ignores_given(const dh_config *cfg, const char *path)
{
	if (!cfg || !cfg->nignore || !path)
		return false;
	/* The file's folder resolved as cfg->dir was (links, "..", the
	 * current folder); the name kept, the file need not exist. */
	const char *slash = strrchr(path, '/');
	dh_buf dir = DH_BUF_INIT;
	if (slash)
		dh_buf_put(&dir, path, (size_t)(slash - path) + 1);
	dh_buf_puts(&dir, ".");
	char *real = realpath(dir.data, NULL);
	dh_buf_free(&dir);
	if (!real)
		return dh_config_ignores(cfg, path);
	dh_buf abs = DH_BUF_INIT;
	dh_buf_printf(&abs, "%s/%s", real, slash ? slash + 1 : path);
	bool ignored = dh_config_ignores(cfg, abs.data);
	dh_buf_free(&abs);
	free(real);
	return ignored;
}

bool dh_config_ignores(const dh_config *cfg, const char *path)
{
	if (!cfg || !cfg->nignore || !path)
		return false;
	const char *rel = relative_to(cfg, path);
	if (!rel || !*rel)
		return false;
	for (size_t i = 0; i < cfg->nignore; i++)
		if (glob_matches(cfg->ignore[i], rel))
			return true;
	return false;
}
