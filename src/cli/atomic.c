/* SPDX-License-Identifier: MIT */
/*
 * Atomic file replacement: write a temp file beside the target, fsync it,
 * rename it over the target, fsync the folder. A reader sees the old or the
 * new contents, never a mix, and a crash leaves the old file in place.
 */
/* realpath() is an XSI extension; it must be declared before any header. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include "dockharden/atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "dockharden/buf.h"
#include "dockharden/errors.h"

/* The file that will really be replaced, after resolving symlinks. */
typedef struct target {
	dh_buf path;	 /* absolute, resolved */
	size_t name_off; /* where the base name starts in path */
	struct stat st;
	int exists;
} target;

static void stamp_from(dh_file_stamp *out, const struct stat *st)
{
	out->mtime_sec = (long long)st->st_mtim.tv_sec;
	out->mtime_nsec = (long long)st->st_mtim.tv_nsec;
	out->size = (long long)st->st_size;
	out->ino = (long long)st->st_ino;
	out->valid = 1;
}

int dh_file_stamp_get(dh_file_stamp *out, const char *path)
{
	struct stat st;
	memset(out, 0, sizeof(*out));
	if (stat(path, &st) != 0)
		return errno == ENOENT ? DH_ENOTFOUND : DH_EIO;
	stamp_from(out, &st);
	return 0;
}

static int stamp_matches(const char *path, const dh_file_stamp *expect)
{
	dh_file_stamp now;
	if (dh_file_stamp_get(&now, path) != 0)
		return 0;
	return now.mtime_sec == expect->mtime_sec &&
	       now.mtime_nsec == expect->mtime_nsec &&
	       now.size == expect->size && now.ino == expect->ino;
}

/* Fails with EIO when the test hook asks for it. */
static int hook_fails(const dh_write_hooks *hooks, const char *step)
{
	if (!hooks || !hooks->fail_at || !hooks->fail_at(step, hooks->ctx))
		return 0;
	errno = EIO;
	return 1;
}

/* Sets path to realpath(dir of p) + "/" + base name of p. */
static int resolve_new(dh_buf *path, const char *p)
{
	const char *slash = strrchr(p, '/');
	dh_buf dir = DH_BUF_INIT;
	if (!slash)
		dh_buf_puts(&dir, ".");
	else if (slash == p)
		dh_buf_puts(&dir, "/");
	else
		dh_buf_put(&dir, p, (size_t)(slash - p));
	char *real = realpath(dir.data, NULL);
	dh_buf_free(&dir);
	if (!real)
		return DH_EIO;
	dh_buf_puts(path, real);
	free(real);
	if (path->len > 1)
		dh_buf_putc(path, '/');
	dh_buf_puts(path, slash ? slash + 1 : p);
	return 0;
}

/* Sets t->path to the file path names after following every symlink. */
static int resolve_path(target *t, const char *p)
{
	struct stat lst;
	if (lstat(p, &lst) != 0)
		return errno == ENOENT ? resolve_new(&t->path, p) : DH_EIO;
	char *real = realpath(p, NULL);
	if (!real)
		return S_ISLNK(lst.st_mode) ? DH_EUSAGE : DH_EIO;
	dh_buf_puts(&t->path, real);
	free(real);
	return 0;
}

/* 1 when path lies inside root (both resolved) or root cannot be found. */
static int inside_root(const char *path, const char *root)
{
	char *real = realpath(root, NULL);
	if (!real)
		return 0;
	size_t n = strlen(real);
	int in = (n == 1 && real[0] == '/') ||
		 (strncmp(path, real, n) == 0 &&
		  (path[n] == '/' || path[n] == '\0'));
	free(real);
	return in;
}

static int target_init(target *t, const char *path, const char *root)
{
	int err = resolve_path(t, path);
	if (err)
		return err;
	if (root && !inside_root(t->path.data, root)) {
		errno = EXDEV;
		return DH_EUSAGE;
	}
	const char *slash = strrchr(t->path.data, '/');
	t->name_off = slash ? (size_t)(slash - t->path.data) + 1 : 0;
	if (stat(t->path.data, &t->st) == 0) {
		t->exists = 1;
		if (!S_ISREG(t->st.st_mode)) {
			errno = EINVAL;
			return DH_EUSAGE;
		}
	} else if (errno != ENOENT) {
		return DH_EIO;
	}
	return 0;
}

static int write_all(int fd, const unsigned char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The mode a fresh file gets; umask can only be read by setting it. */
static mode_t new_file_mode(void)
{
	mode_t mask = umask(0);
	umask(mask);
	return (mode_t)(0644 & ~mask);
}

/* Gives the temp file the original's owner and mode before it replaces it. */
static int copy_attrs(int fd, const target *t)
{
	if (!t->exists)
		return fchmod(fd, new_file_mode());
	if (t->st.st_uid != geteuid() || t->st.st_gid != getegid()) {
		/* Only root can give a file away; others keep their own. */
		if (fchown(fd, t->st.st_uid, t->st.st_gid) != 0)
			errno = 0;
	}
	return fchmod(fd, t->st.st_mode & 07777);
}

/* Fills the open temp file and makes it durable; closes fd. */
static int fill_temp(int fd, const target *t, const void *data, size_t len,
		     const dh_write_hooks *hooks)
{
	int ok = !hook_fails(hooks, "write") && write_all(fd, data, len) == 0 &&
		 copy_attrs(fd, t) == 0 && !hook_fails(hooks, "fsync") &&
		 fsync(fd) == 0;
	int saved = errno;
	if (close(fd) != 0 && ok)
		return -1;
	errno = saved;
	return ok ? 0 : -1;
}

/* Best effort: the rename has happened; a failure here only risks it
 * being lost in a crash, and the original is already gone. */
static void sync_dir(const target *t)
{
	dh_buf dir = DH_BUF_INIT;
	size_t n = t->name_off > 1 ? t->name_off - 1 : 1;
	dh_buf_put(&dir, t->path.data, n);
	int fd = open(dir.data, O_RDONLY);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	dh_buf_free(&dir);
}

static int replace(const target *t, const void *data, size_t len,
		   const dh_file_stamp *expect, const dh_write_hooks *hooks)
{
	dh_buf tmp = DH_BUF_INIT;
	dh_buf_put(&tmp, t->path.data, t->name_off);
	dh_buf_putc(&tmp, '.');
	dh_buf_puts(&tmp, t->path.data + t->name_off);
	dh_buf_puts(&tmp, ".dh-XXXXXX");
	int err = DH_EIO;
	int saved;
	int fd = hook_fails(hooks, "open") ? -1 : mkstemp(tmp.data);
	if (fd < 0)
		goto out_free_tmp;
	if (fill_temp(fd, t, data, len, hooks) != 0)
		goto out_unlink_tmp;
	if (expect && expect->valid && !stamp_matches(t->path.data, expect)) {
		errno = ESTALE;
		err = DH_ECHANGED;
		goto out_unlink_tmp;
	}
	if (hook_fails(hooks, "rename") || rename(tmp.data, t->path.data) != 0)
		goto out_unlink_tmp;
	sync_dir(t);
	dh_buf_free(&tmp);
	return 0;
out_unlink_tmp:
	saved = errno;
	unlink(tmp.data);
	errno = saved;
out_free_tmp:
	dh_buf_free(&tmp);
	return err;
}

int dh_write_atomic(const char *path, const void *data, size_t len,
		    const dh_file_stamp *expect, const char *root,
		    const dh_write_hooks *hooks)
{
	if (!path || !*path || (!data && len)) {
		errno = EINVAL;
		return DH_EUSAGE;
	}
	target t = {.path = DH_BUF_INIT};
	int err = target_init(&t, path, root);
	if (!err && expect && expect->valid &&
	    !stamp_matches(t.path.data, expect)) {
		errno = ESTALE;
		err = DH_ECHANGED;
	}
	if (!err)
		err = replace(&t, data, len, expect, hooks);
	int saved = errno;
	dh_buf_free(&t.path);
	errno = saved;
	return err;
}
