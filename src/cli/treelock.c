/* SPDX-License-Identifier: MIT */
/*
 * One writing migration per tree: an flock() on a lock file under the
 * repository's .git folder (or the tree's root), holding the owner's pid.
 * The file is removed on release; a taker checks that the file it locked
 * is still the one at the path, so removal cannot let two runs in.
 */
#include "dockharden/treelock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dockharden/buf.h"
#include "dockharden/errors.h"

/* Taking a lock whose file is being replaced is retried this often. */
#define LOCK_TRIES 16

static char *lock_path(const char *root)
{
	dh_buf p = DH_BUF_INIT;
	struct stat st;
	dh_buf_printf(&p, "%s/.git", root);
	int git = stat(p.data, &st) == 0 && S_ISDIR(st.st_mode);
	dh_buf_clear(&p);
	dh_buf_printf(&p,
		      git ? "%s/.git/dockharden.lock" : "%s/.dockharden.lock",
		      root);
	return p.data;
}

/* The pid the holder wrote, or 0. */
static long read_holder(int fd)
{
	char buf[32];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	char *end;
	long pid = strtol(buf, &end, 10);
	return end != buf && pid > 0 ? pid : 0;
}

/* Whether fd is still the file at path (not removed by a releaser). */
static int same_file(int fd, const char *path)
{
	struct stat a, b;
	return fstat(fd, &a) == 0 && stat(path, &b) == 0 &&
	       a.st_ino == b.st_ino && a.st_dev == b.st_dev;
}

static void write_pid(int fd)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == 0 && n > 0)
		(void)!pwrite(fd, buf, (size_t)n, 0);
}

/* One attempt: 0 held, 1 retry, or an error. */
static int try_once(dh_tree_lock *out, long *holder, char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return errno == EROFS || errno == EACCES ? 0 : DH_EIO;
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		int busy = errno == EWOULDBLOCK;
		*holder = busy ? read_holder(fd) : 0;
		close(fd);
		return busy ? DH_EBUSY : DH_EIO;
	}
	if (!same_file(fd, path)) {
		close(fd);
		return 1;
	}
	write_pid(fd);
	out->fd = fd;
	out->path = path;
	return 0;
}

int dh_tree_lock_take(dh_tree_lock *out, long *holder, const char *root)
{
	*out = (dh_tree_lock)DH_TREE_LOCK_INIT;
	*holder = 0;
	char *path = lock_path(root);
	int rc = 1;
	for (int i = 0; i < LOCK_TRIES && rc == 1; i++)
		rc = try_once(out, holder, path);
	if (rc == 1)
		rc = DH_EBUSY;
	if (!out->path)
		free(path);
	return rc;
}

void dh_tree_lock_release(dh_tree_lock *l)
{
	if (l->fd >= 0) {
		/* Unlink first, still locked: a waiting taker then sees the
		 * file it locked is gone and starts over. */
		unlink(l->path);
		close(l->fd);
	}
	free(l->path);
	*l = (dh_tree_lock)DH_TREE_LOCK_INIT;
}
