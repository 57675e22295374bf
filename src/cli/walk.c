/* SPDX-License-Identifier: MIT */
/*
 * Repository walker for `dockharden migrate DIR`: finds Dockerfiles and
 * YAML files, honouring .gitignore files, with an explicit stack of
 * pending folders so deep trees cannot overflow the C stack. Symlinks are
 * never followed, so nothing outside the root is read.
 */
/* DT_* constants of readdir's d_type are outside strict POSIX. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE
#endif
#include "dockharden/walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "dockharden/alloc.h"
#include "dockharden/buf.h"
#include "dockharden/errors.h"

/* Largest .gitignore read; the rest of a bigger one is ignored. */
#define GITIGNORE_MAX ((size_t)1 << 20)

typedef struct pattern {
	const char **segs; /* split on '/', NUL-terminated; scratch arena */
	size_t nsegs;
	int negate, dir_only, anchored;
} pattern;

/* One .gitignore, chained to the one of the nearest folder above it. */
typedef struct ignore {
	const struct ignore *parent;
	size_t base_segs; /* segments in its folder's path below root */
	pattern *pats;
	size_t n;
} ignore;

typedef struct pending {
	const char *rel; /* "" for root; scratch arena */
	size_t segs;	 /* segments in rel */
	const ignore *ign;
} pending;

/* A path being checked, split in place into NUL-terminated segments. */
typedef struct split_path {
	dh_buf text;
	const char **segs; /* heap */
	size_t n, cap;
} split_path;

typedef struct walker {
	const char *root;
	dh_arena *arena;   /* the caller's: result paths */
	dh_arena *scratch; /* folders, patterns; freed at the end */
	pending *stack;	   /* heap */
	size_t nstack, capstack;
	dh_found *found; /* heap */
	size_t nfound, capfound;
	split_path sp;
	dh_buf full; /* root + "/" + rel of the folder being read */
} walker;

static int seg_match(const char *const *pat, size_t np, const char *const *path,
		     size_t nq)
{
	if (np == 0)
		return nq == 0;
	if (strcmp(pat[0], "**") == 0) {
		/* A trailing ** matches everything inside, not the folder. */
		if (np == 1)
			return nq > 0;
		for (size_t skip = 0; skip <= nq; skip++) {
			if (seg_match(pat + 1, np - 1, path + skip, nq - skip))
				return 1;
		}
		return 0;
	}
	if (nq == 0 || fnmatch(pat[0], path[0], 0) != 0)
		return 0;
	return seg_match(pat + 1, np - 1, path + 1, nq - 1);
}

static int pattern_match(const pattern *p, const char *const *segs, size_t n,
			 int is_dir)
{
	if (n == 0 || (p->dir_only && !is_dir))
		return 0;
	if (!p->anchored)
		return fnmatch(p->segs[0], segs[n - 1], 0) == 0;
	return seg_match(p->segs, p->nsegs, segs, n);
}

/* Git's rule: the deepest .gitignore wins, and in one file the last match. */
static int ignored(const ignore *ign, const split_path *sp, int is_dir)
{
	for (; ign; ign = ign->parent) {
		const char *const *segs = sp->segs + ign->base_segs;
		size_t n = sp->n - ign->base_segs;
		for (size_t i = ign->n; i-- > 0;) {
			if (pattern_match(&ign->pats[i], segs, n, is_dir))
				return !ign->pats[i].negate;
		}
	}
	return 0;
}

static void split_set(split_path *sp, const char *rel, const char *name)
{
	dh_buf_clear(&sp->text);
	if (*rel) {
		dh_buf_puts(&sp->text, rel);
		dh_buf_putc(&sp->text, '/');
	}
	dh_buf_puts(&sp->text, name);
	sp->n = 0;
	char *p = sp->text.data;
	for (;;) {
		if (sp->n == sp->cap) {
			sp->cap = sp->cap ? sp->cap * 2 : 64;
			sp->segs =
				dh_xrealloc(sp->segs, sp->cap * sizeof(char *));
		}
		sp->segs[sp->n++] = p;
		char *slash = strchr(p, '/');
		if (!slash)
			break;
		*slash = '\0';
		p = slash + 1;
	}
}

/* Splits a pattern body on '/', dropping empty segments. */
static void pattern_split(pattern *p, dh_arena *scratch, const char *s,
			  size_t len)
{
	size_t n = 1;
	for (size_t i = 0; i < len; i++)
		n += s[i] == '/';
	p->segs = dh_arena_alloc(scratch, n * sizeof(char *));
	size_t start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != '/')
			continue;
		if (i > start)
			p->segs[p->nsegs++] =
				dh_arena_strndup(scratch, s + start, i - start);
		start = i + 1;
	}
}

/* Parses one .gitignore line; returns 0 for blanks and comments. */
static int pattern_parse(pattern *p, dh_arena *scratch, const char *s,
			 size_t len)
{
	while (len > 0 && (s[len - 1] == '\r' || s[len - 1] == '\n'))
		len--;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t') &&
	       !(len > 1 && s[len - 2] == '\\'))
		len--;
	if (len == 0 || s[0] == '#')
		return 0;
	*p = (pattern){0};
	if (s[0] == '!') {
		p->negate = 1;
		s++;
		len--;
	}
	if (len > 0 && s[len - 1] == '/') {
		p->dir_only = 1;
		len--;
	}
	p->anchored = memchr(s, '/', len) != NULL;
	while (len > 0 && s[0] == '/') {
		s++;
		len--;
	}
	if (len == 0)
		return 0;
	pattern_split(p, scratch, s, len);
	return p->nsegs > 0;
}

static int read_small(dh_buf *out, int fd)
{
	char chunk[4096];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return DH_EIO;
		if (n == 0 || out->len >= GITIGNORE_MAX)
			return 0;
		dh_buf_put(out, chunk, (size_t)n);
	}
}

/* Loads dirfd's .gitignore (never through a symlink) on top of parent. */
static const ignore *ignore_load(walker *w, int dirfd, const ignore *parent,
				 size_t base_segs)
{
	int fd = openat(dirfd, ".gitignore", O_RDONLY | O_NOFOLLOW);
	if (fd < 0)
		return parent;
	struct stat st;
	dh_buf text = DH_BUF_INIT;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    read_small(&text, fd) != 0 || text.len == 0) {
		close(fd);
		dh_buf_free(&text);
		return parent;
	}
	close(fd);
	size_t lines = 1;
	for (size_t i = 0; i < text.len; i++)
		lines += text.data[i] == '\n';
	ignore *ign = dh_arena_alloc(w->scratch, sizeof(ignore));
	ign->parent = parent;
	ign->base_segs = base_segs;
	ign->pats = dh_arena_alloc(w->scratch, lines * sizeof(pattern));
	const char *p = text.data;
	const char *end = text.data + text.len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		if (pattern_parse(&ign->pats[ign->n], w->scratch, p,
				  (size_t)(stop - p)))
			ign->n++;
		p = nl ? nl + 1 : end;
	}
	dh_buf_free(&text);
	return ign->n ? ign : parent;
}

static int has_suffix(const char *s, size_t n, const char *suf)
{
	size_t k = strlen(suf);
	return n >= k && memcmp(s + n - k, suf, k) == 0;
}

/* 0 Dockerfile, 1 YAML, -1 neither. */
static int file_kind(const char *name)
{
	size_t n = strlen(name);
	if (has_suffix(name, n, ".yaml") || has_suffix(name, n, ".yml"))
		return DH_FILE_YAML;
	if (has_suffix(name, n, ".dockerignore"))
		return -1;
	if (strcmp(name, "Dockerfile") == 0 ||
	    strcmp(name, "Containerfile") == 0 ||
	    strncmp(name, "Dockerfile.", 11) == 0 ||
	    has_suffix(name, n, ".Dockerfile"))
		return DH_FILE_DOCKERFILE;
	return -1;
}

static int skipped_dir(const char *name)
{
	return strcmp(name, ".git") == 0 || strcmp(name, "node_modules") == 0 ||
	       strcmp(name, "vendor") == 0;
}

static void push_dir(walker *w, const char *rel, size_t segs, const ignore *ign)
{
	if (w->nstack == w->capstack) {
		w->capstack = w->capstack ? w->capstack * 2 : 64;
		w->stack = dh_xrealloc(w->stack, w->capstack * sizeof(pending));
	}
	w->stack[w->nstack++] = (pending){rel, segs, ign};
}

static void add_found(walker *w, const char *rel, dh_file_kind kind)
{
	if (w->nfound == w->capfound) {
		w->capfound = w->capfound ? w->capfound * 2 : 64;
		w->found =
			dh_xrealloc(w->found, w->capfound * sizeof(dh_found));
	}
	w->found[w->nfound++] =
		(dh_found){dh_arena_strdup(w->arena, rel), kind};
}

/* d_type when the file system gives it, else lstat's answer. */
static int entry_type(int dirfd, const struct dirent *e)
{
#ifdef DT_UNKNOWN
	if (e->d_type == DT_DIR)
		return 'd';
	if (e->d_type == DT_REG)
		return 'f';
	if (e->d_type != DT_UNKNOWN)
		return 0;
#endif
	struct stat st;
	if (fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return 0;
	if (S_ISDIR(st.st_mode))
		return 'd';
	return S_ISREG(st.st_mode) ? 'f' : 0;
}

static void visit(walker *w, const pending *dir, const ignore *ign, int dirfd,
		  const struct dirent *e)
{
	const char *name = e->d_name;
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return;
	int type = entry_type(dirfd, e);
	int kind = type == 'f' ? file_kind(name) : -1;
	if ((type == 'd' && skipped_dir(name)) || (type == 'f' && kind < 0) ||
	    type == 0)
		return;
	split_set(&w->sp, dir->rel, name);
	if (ignored(ign, &w->sp, type == 'd'))
		return;
	/* split_set cut the text at each '/': rebuild the joined path. */
	char *rel =
		*dir->rel ? dh_arena_printf(w->scratch, "%s/%s", dir->rel, name)
			  : dh_arena_strdup(w->scratch, name);
	if (type == 'd')
		push_dir(w, rel, dir->segs + 1, ign);
	else
		add_found(w, rel, (dh_file_kind)kind);
}

static int open_dir(walker *w, const pending *dir)
{
	dh_buf_clear(&w->full);
	dh_buf_puts(&w->full, w->root);
	int flags = O_RDONLY | O_DIRECTORY;
	if (*dir->rel) {
		dh_buf_putc(&w->full, '/');
		dh_buf_puts(&w->full, dir->rel);
		flags |= O_NOFOLLOW;
	}
	return open(w->full.data, flags);
}

static int read_dir(walker *w, const pending *dir)
{
	int fd = open_dir(w, dir);
	if (fd < 0)
		return *dir->rel && errno == ENOENT ? 0 : DH_EIO;
	const ignore *ign = ignore_load(w, fd, dir->ign, dir->segs);
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return DH_EIO;
	}
	for (;;) {
		errno = 0;
		const struct dirent *e = readdir(d);
		if (!e)
			break;
		visit(w, dir, ign, dirfd(d), e);
	}
	int err = errno ? DH_EIO : 0;
	int saved = errno;
	closedir(d);
	errno = saved;
	return err;
}

static int by_path(const void *a, const void *b)
{
	const dh_found *x = a;
	const dh_found *y = b;
	return strcmp(x->path, y->path);
}

static void walker_free(walker *w)
{
	int saved = errno;
	free(w->stack);
	free(w->found);
	free(w->sp.segs);
	dh_buf_free(&w->sp.text);
	dh_buf_free(&w->full);
	dh_arena_free(w->scratch);
	errno = saved;
}

int dh_walk(dh_found **out, size_t *out_count, dh_arena *arena,
	    const char *root)
{
	*out = NULL;
	*out_count = 0;
	walker w = {.root = root, .arena = arena, .scratch = dh_arena_new()};
	push_dir(&w, "", 0, NULL);
	int err = 0;
	while (!err && w.nstack > 0) {
		pending dir = w.stack[--w.nstack];
		err = read_dir(&w, &dir);
	}
	if (!err && w.nfound) {
		qsort(w.found, w.nfound, sizeof(dh_found), by_path);
		*out = dh_arena_alloc(arena, w.nfound * sizeof(dh_found));
		memcpy(*out, w.found, w.nfound * sizeof(dh_found));
		*out_count = w.nfound;
	}
	walker_free(&w);
	return err;
}
