#ifndef DH_ATOMIC_H
#define DH_ATOMIC_H

#include <stddef.h>

/**
 * Test-only fault injection for dh_write_atomic(): fail_at is called with
 * the step name before each step ("open", "write", "fsync", "rename") and a
 * nonzero return makes that step fail with errno EIO.
 */
typedef struct dh_write_hooks {
	int (*fail_at)(const char *step, void *ctx);
	void *ctx;
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
 * temp file "<dir>/.<name>.dh-XXXXXX" in the same folder, fsyncs it, gives
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

#endif
