#ifndef DH_TREELOCK_H
#define DH_TREELOCK_H

/**
 * The advisory lock that keeps two writing migrations of one tree apart:
 * flock() on "<root>/.git/dockharden.lock" when root/.git is a folder,
 * else on "<root>/.dockharden.lock". The holder's pid is written into the
 * file so that a refused run can name it. The kernel drops the lock when
 * the holder dies (even by SIGKILL), so a crash never leaves the tree
 * locked; a lock file left behind is simply taken by the next run.
 */
typedef struct dh_tree_lock {
	int fd;	    /* -1: not held */
	char *path; /* malloc'd; NULL when not held */
} dh_tree_lock;

#define DH_TREE_LOCK_INIT                                                      \
	{                                                                      \
		-1, 0                                                          \
	}

/**
 * Takes the lock without waiting. Returns 0 (held); DH_EBUSY when another
 * process holds it (*holder is its pid as written in the file, or 0 when
 * unknown); DH_EIO when the lock file cannot be opened (errno set), except
 * that a read-only folder (EROFS, EACCES) gives 0 with nothing held, as
 * such a tree cannot be written by anyone.
 */
int dh_tree_lock_take(dh_tree_lock *out, long *holder, const char *root);

/** Removes the lock file and releases the lock; l may hold nothing. */
void dh_tree_lock_release(dh_tree_lock *l);

#endif
