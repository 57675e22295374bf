/* SPDX-License-Identifier: MIT */
/*
 * Atomic file replacement: write a temp file beside the target, fsync it,
 * rename it over the target, fsync the folder. A reader sees the old or the
 * new contents, never a mix, and a crash leaves the old file in place.
 * The temp file's name carries our pid and the temp is flock()ed while it
 * exists, so a later run can tell a dead writer's leftover from a live
 * one's (dh_atomic_stale()).
 */
/* realpath() is an XSI extension; it must be declared before any header. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include "dockharden/atomic.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
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

/* Fills the open temp file and makes it durable; fd stays open (and
 * locked) until the rename or unlink. */
static int fill_temp(int fd, const target *t, const void *data, size_t len,
		     const dh_write_hooks *hooks)
{
	int ok = !hook_fails(hooks, "write") && write_all(fd, data, len) == 0 &&
		 copy_attrs(fd, t) == 0 && !hook_fails(hooks, "fsync") &&
		 fsync(fd) == 0;
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

/* The run's signal watcher, or NULL. */
static dh_interrupt *watcher_of(const dh_write_hooks *hooks)
{
	return hooks ? hooks->interrupt : NULL;
}

/*
 * Creates and locks the temp file, tracked by the watcher from the moment
 * it exists. Returns its fd or -1 (errno set).
 */
static int open_temp(char *path, dh_interrupt_temp *node,
		     const dh_write_hooks *hooks)
{
	dh_interrupt *it = watcher_of(hooks);
	if (hook_fails(hooks, "open"))
		return -1;
	dh_interrupt_hold(it);
	int fd = mkstemp(path);
	if (fd >= 0)
		dh_interrupt_track(it, node);
	dh_interrupt_release(it);
	/* Where flock is not supported the pid in the name still tells. */
	if (fd >= 0)
		(void)flock(fd, LOCK_EX);
	return fd;
}

/* Renames (when commit) or unlinks the temp; closes fd. */
static int close_temp(int fd, dh_interrupt_temp *node, const target *t,
		      bool commit, const dh_write_hooks *hooks)
{
	dh_interrupt *it = watcher_of(hooks);
	dh_interrupt_hold(it);
	int ok = commit && !hook_fails(hooks, "rename") &&
		 rename(node->path, t->path.data) == 0;
	int saved = errno;
	if (!ok)
		unlink(node->path);
	dh_interrupt_untrack(it, node);
	dh_interrupt_release(it);
	close(fd);
	errno = saved;
	return ok ? 0 : -1;
}

static int replace(const target *t, const void *data, size_t len,
		   const dh_file_stamp *expect, const dh_write_hooks *hooks)
{
	dh_buf tmp = DH_BUF_INIT;
	dh_buf_put(&tmp, t->path.data, t->name_off);
	dh_buf_putc(&tmp, '.');
	dh_buf_puts(&tmp, t->path.data + t->name_off);
	dh_buf_printf(&tmp, ".dh-%ld-XXXXXX", (long)getpid());
	dh_interrupt_temp node = {.path = tmp.data};
	int err = DH_EIO;
	int fd = open_temp(tmp.data, &node, hooks);
	if (fd < 0)
		goto out_free_tmp;
	bool commit = fill_temp(fd, t, data, len, hooks) == 0;
	if (commit && expect && expect->valid &&
	    !stamp_matches(t->path.data, expect)) {
		errno = ESTALE;
		err = DH_ECHANGED;
		commit = false;
	}
	if (close_temp(fd, &node, t, commit, hooks) != 0)
		goto out_free_tmp;
	sync_dir(t);
	err = 0;
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

/* ---- stale temp files of dead writers ---- */

static bool temp_letters(const char *p)
{
	for (int i = 0; i < 6; i++) {
		char c = p[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9')))
			return false;
	}
	return p[6] == '\0';
}

bool dh_atomic_temp_name(const char *name, size_t *target_len, long *pid)
{
	size_t n = strlen(name);
	/* "." T ".dh-" P "-" XXXXXX with T and P at least one byte. */
	if (n < 1 + 1 + 4 + 1 + 1 + 6 || name[0] != '.' || name[n - 7] != '-' ||
	    !temp_letters(name + n - 6))
		return false;
	size_t end = n - 7; /* one past the pid */
	size_t start = end;
	while (start > 0 && name[start - 1] >= '0' && name[start - 1] <= '9')
		start--;
	if (start == end || end - start > 10 || name[start] == '0' ||
	    start < 1 + 1 + 4 || memcmp(name + start - 4, ".dh-", 4) != 0)
		return false;
	long p = 0;
	for (size_t i = start; i < end; i++)
		p = p * 10 + (name[i] - '0');
	if (p <= 0 || (long)(pid_t)p != p)
		return false;
	*target_len = start - 4 - 1;
	*pid = p;
	return true;
}

/* The process that wrote it is gone (in our pid namespace). */
static bool writer_gone(long pid)
{
	if (pid == (long)getpid())
		return false;
	return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/*
 * Locks the temp name in dirfd and, when remove, unlinks it if it is still
 * the file we locked. Returns 1 when it was stale, 0 when it is live or
 * not a regular file; *removed says whether it is gone.
 */
static int take_stale(int dirfd, const char *name, bool remove, bool *removed)
{
	*removed = false;
	int fd = openat(dirfd, name,
			O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return 0;
	struct stat st, now;
	int stale = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    flock(fd, LOCK_EX | LOCK_NB) == 0;
	if (stale && remove &&
	    fstatat(dirfd, name, &now, AT_SYMLINK_NOFOLLOW) == 0 &&
	    now.st_ino == st.st_ino && now.st_dev == st.st_dev)
		*removed = unlinkat(dirfd, name, 0) == 0;
	close(fd);
	return stale;
}

/* Whether entry name is a stale temp of a file the caller manages. */
static bool consider(int dirfd, const char *name, const dh_stale_opts *o,
		     bool *removed)
{
	size_t tlen;
	long pid;
	if (!dh_atomic_temp_name(name, &tlen, &pid) || !writer_gone(pid))
		return false;
	dh_buf tname = DH_BUF_INIT;
	dh_buf_put(&tname, name + 1, tlen);
	bool ours = !o->manages || o->manages(o->ctx, tname.data);
	dh_buf_free(&tname);
	return ours && take_stale(dirfd, name, o->remove, removed);
}

int dh_atomic_stale(size_t *count, const char *dir, const dh_stale_opts *o)
{
	*count = 0;
	int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return DH_EIO;
	int listfd = dup(dirfd);
	DIR *d = listfd < 0 ? NULL : fdopendir(listfd);
	if (!d) {
		int saved = errno;
		if (listfd >= 0)
			close(listfd);
		close(dirfd);
		errno = saved;
		return DH_EIO;
	}
	const struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		bool removed = false;
		if (e->d_name[0] != '.' ||
		    !consider(dirfd, e->d_name, o, &removed))
			continue;
		if (!o->remove || removed)
			(*count)++;
		if (o->found)
			o->found(o->ctx, e->d_name, removed);
	}
	closedir(d);
	close(dirfd);
	return 0;
}
