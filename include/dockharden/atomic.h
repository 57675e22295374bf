#ifndef DH_ATOMIC_H
#define DH_ATOMIC_H

#include <stdbool.h>
#include <stddef.h>

#include "dockharden/interrupt.h"

/**
 * What a write runs with. fail_at is test-only fault injection: it is
 * called with the step name before each step ("open", "write", "fsync",
 * "rename") and a nonzero return makes that step fail with errno EIO.
 * interrupt (may be NULL) is the run's signal watcher: the temp file is
 * tracked with it from creation to rename or unlink, so a second signal
 * removes it before the process exits.
 */
typedef struct dh_write_hooks {
	int (*fail_at)(const char *step, void *ctx);
	void *ctx;
	dh_interrupt *interrupt;
} dh_write_hooks;

/**
 * What a file looked like when it was read: modification time, size and
 * inode. valid is 0 when the file did not exist.
 */
typedef struct dh_file_stamp {
	long long mtime_sec, mtime_nsec, size, ino;
	int valid;
} dh_file_stamp;

/**
 * Records path's stamp (following symlinks, as a read does). Returns 0;
 * DH_ENOTFOUND when path does not exist (out->valid is 0); DH_EIO when
 * stat fails otherwise (errno says why).
 */
int dh_file_stamp_get(dh_file_stamp *out, const char *path);

/**
 * Replaces path's contents with len bytes of data atomically: writes a
 * temp file "<dir>/.<name>.dh-<pid>-XXXXXX" in the same folder (pid: this
 * process; the temp is flock()ed while it exists), fsyncs it, gives
 * it the original's mode (and owner, when permitted), or 0644 & ~umask for
 * a new file, renames it over path, then fsyncs the folder (best effort:
 * the replacement has happened by then).
 *
 * When path is a symlink, the file it resolves to is replaced and the link
 * is kept. When root is not NULL, a target that resolves outside root (by
 * realpath) is refused with DH_EUSAGE (errno EXDEV), as is a dangling
 * symlink or a target that is not a regular file. When expect is not NULL
 * and expect->valid, the file's current stamp must still equal it, checked
 * before writing and again just before the rename; otherwise the call fails
 * with DH_ECHANGED (errno ESTALE) and nothing is replaced.
 *
 * On any failure the original file is intact, the temp file is removed,
 * errno tells the cause, and DH_EIO, DH_ECHANGED or DH_EUSAGE is returned.
 * hooks may be NULL.
 */
int dh_write_atomic(const char *path, const void *data, size_t len,
		    const dh_file_stamp *expect, const char *root,
		    const dh_write_hooks *hooks);

/**
 * Whether name is exactly a temp file name of dh_write_atomic():
 * "." TARGET ".dh-" PID "-" and six letters or digits, TARGET not empty,
 * PID decimal without a leading zero. Sets *target_len (the length of
 * TARGET, which starts at name + 1) and *pid.
 */
bool dh_atomic_temp_name(const char *name, size_t *target_len, long *pid);

/** Options for dh_atomic_stale(). */
typedef struct dh_stale_opts {
	bool remove; /* unlink the stale temps (else only report them) */
	/* Whether the caller manages the file target (a name in the folder);
	 * temps of other files are left alone. */
	bool (*manages)(void *ctx, const char *target);
	/* Called for each stale temp (its name in the folder); removed says
	 * whether it was unlinked. May be NULL. */
	void (*found)(void *ctx, const char *temp, bool removed);
	void *ctx;
} dh_stale_opts;

/**
 * Finds the stale temp files of dh_write_atomic() in folder dir: names
 * that match dh_atomic_temp_name() exactly, whose target the caller
 * manages, that are regular files, whose process is gone (kill(pid, 0)
 * fails with ESRCH) and that nobody holds an flock() on (a live writer in
 * another pid namespace). With o->remove, each is unlinked while locked
 * (and only when it is still the same file). Sets *count to the number
 * found (or removed). Returns 0, or DH_EIO when dir cannot be listed
 * (errno set; *count is 0).
 */
int dh_atomic_stale(size_t *count, const char *dir, const dh_stale_opts *o);

#endif
