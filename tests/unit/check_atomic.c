/* SPDX-License-Identifier: MIT */
/* Unit tests for atomic file replacement: modes, fault injection at every
 * step, changed-on-disk detection and symlink handling; the temp name
 * pattern, stale temps of dead writers, and the signal watcher. */
#include "dockharden/atomic.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dockharden/errors.h"
#include "dockharden/interrupt.h"

typedef struct fixture {
	char dir[64];
	char path[128];
} fixture;

static void fixture_init(fixture *f)
{
	snprintf(f->dir, sizeof(f->dir), "/tmp/dh-atomic-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/Dockerfile", f->dir);
}

static void fixture_done(fixture *f)
{
	char cmd[200];
	snprintf(cmd, sizeof(cmd), "chmod -R u+rwx '%s'; rm -rf '%s'", f->dir,
		 f->dir);
	ck_assert_int_eq(system(cmd), 0);
}

static void put_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	size_t len = strlen(text);
	ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
	ck_assert_int_eq(fchmod(fd, mode), 0);
	ck_assert_int_eq(close(fd), 0);
}

/* The whole file as a string (tests only use small text files). */
static char *slurp(const char *path)
{
	const size_t cap = (size_t)1 << 16;
	char *buf = calloc(1, cap);
	int fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ssize_t n = read(fd, buf, cap - 1);
	ck_assert_int_ge(n, 0);
	close(fd);
	return buf;
}

static void expect_content(const char *path, const char *want)
{
	char *got = slurp(path);
	ck_assert_str_eq(got, want);
	free(got);
}

static mode_t mode_of(const char *path)
{
	struct stat st;
	ck_assert_int_eq(stat(path, &st), 0);
	return st.st_mode & 07777;
}

/* Number of leftover temp files (".<name>.dh-*") in dir. */
static int temp_files(const char *dir)
{
	DIR *d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	int n = 0;
	const struct dirent *e;
	while ((e = readdir(d)))
		n += strstr(e->d_name, ".dh-") != NULL;
	closedir(d);
	return n;
}

static int write_str(const char *path, const char *text,
		     const dh_file_stamp *expect, const char *root,
		     const dh_write_hooks *hooks)
{
	return dh_write_atomic(path, text, strlen(text), expect, root, hooks);
}

START_TEST(test_atomic_replace_keeps_mode)
{
	fixture f;
	fixture_init(&f);
	static const mode_t modes[] = {0640, 0755, 0600, 0444};
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		put_file(f.path, "FROM old\n", modes[i]);
		ck_assert_int_eq(
			write_str(f.path, "FROM new\n", NULL, NULL, NULL), 0);
		expect_content(f.path, "FROM new\n");
		ck_assert_uint_eq(mode_of(f.path), modes[i]);
		ck_assert_int_eq(temp_files(f.dir), 0);
	}
	fixture_done(&f);
}
END_TEST

START_TEST(test_atomic_new_file_gets_umask_mode)
{
	fixture f;
	fixture_init(&f);
	mode_t old_mask = umask(027);
	ck_assert_int_eq(write_str(f.path, "x\n", NULL, NULL, NULL), 0);
	umask(old_mask);
	expect_content(f.path, "x\n");
	ck_assert_uint_eq(mode_of(f.path), 0640);
	fixture_done(&f);
}
END_TEST

START_TEST(test_atomic_empty_data_truncates)
{
	fixture f;
	fixture_init(&f);
	put_file(f.path, "FROM old\n", 0644);
	ck_assert_int_eq(dh_write_atomic(f.path, NULL, 0, NULL, NULL, NULL), 0);
	expect_content(f.path, "");
	fixture_done(&f);
}
END_TEST

START_TEST(test_atomic_readonly_dir_fails_intact)
{
	fixture f;
	fixture_init(&f);
	put_file(f.path, "FROM old\n", 0644);
	ck_assert_int_eq(chmod(f.dir, 0555), 0);
	char probe[160];
	snprintf(probe, sizeof(probe), "%s/probe", f.dir);
	int fd = open(probe, O_WRONLY | O_CREAT, 0600);
	if (fd >= 0) {
		/* Root ignores folder permissions: the injected failures in
		 * test_atomic_injected_failure_keeps_original cover this. */
		close(fd);
		unlink(probe);
		printf("test_atomic_readonly_dir_fails_intact: skipped, "
		       "read-only folders do not stop this user\n");
		fixture_done(&f);
		return;
	}
	errno = 0;
	ck_assert_int_eq(write_str(f.path, "FROM new\n", NULL, NULL, NULL),
			 DH_EIO);
	ck_assert_int_eq(errno, EACCES);
	expect_content(f.path, "FROM old\n");
	ck_assert_int_eq(temp_files(f.dir), 0);
	fixture_done(&f);
}
END_TEST

typedef struct fail_ctx {
	const char *step;
	int calls;
} fail_ctx;

static int fail_at(const char *step, void *ctx)
{
	fail_ctx *c = ctx;
	c->calls++;
	return strcmp(step, c->step) == 0;
}

START_TEST(test_atomic_injected_failure_keeps_original)
{
	static const char *const steps[] = {"open", "write", "fsync", "rename"};
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		fixture f;
		fixture_init(&f);
		put_file(f.path, "FROM old\nRUN x\n", 0640);
		struct stat before;
		ck_assert_int_eq(stat(f.path, &before), 0);
		fail_ctx c = {steps[i], 0};
		dh_write_hooks hooks = {fail_at, &c, NULL};
		errno = 0;
		int rc = write_str(f.path, "FROM new\n", NULL, NULL, &hooks);
		ck_assert_msg(rc == DH_EIO, "step %s: rc %d", steps[i], rc);
		ck_assert_int_eq(errno, EIO);
		ck_assert_int_eq(c.calls, (int)i + 1);
		expect_content(f.path, "FROM old\nRUN x\n");
		struct stat after;
		ck_assert_int_eq(stat(f.path, &after), 0);
		ck_assert_uint_eq(after.st_ino, before.st_ino);
		ck_assert_uint_eq(after.st_mode, before.st_mode);
		ck_assert_int_eq(temp_files(f.dir), 0);
		fixture_done(&f);
	}
}
END_TEST

START_TEST(test_atomic_hooks_see_every_step)
{
	fixture f;
	fixture_init(&f);
	fail_ctx c = {"none", 0};
	dh_write_hooks hooks = {fail_at, &c, NULL};
	ck_assert_int_eq(write_str(f.path, "a\n", NULL, NULL, &hooks), 0);
	ck_assert_int_eq(c.calls, 4);
	expect_content(f.path, "a\n");
	fixture_done(&f);
}
END_TEST

START_TEST(test_atomic_changed_on_disk_refused)
{
	fixture f;
	fixture_init(&f);
	put_file(f.path, "FROM old\n", 0644);
	dh_file_stamp st;
	ck_assert_int_eq(dh_file_stamp_get(&st, f.path), 0);
	ck_assert_int_eq(st.valid, 1);
	ck_assert_int_eq(st.size, 9);

	/* Same size, different mtime. */
	put_file(f.path, "FROM OLD\n", 0644);
	struct timespec times[2] = {{0, UTIME_OMIT}, {12345, 678}};
	ck_assert_int_eq(utimensat(AT_FDCWD, f.path, times, 0), 0);
	errno = 0;
	ck_assert_int_eq(write_str(f.path, "FROM new\n", &st, NULL, NULL),
			 DH_ECHANGED);
	ck_assert_int_eq(errno, ESTALE);
	expect_content(f.path, "FROM OLD\n");

	/* Replaced by another file (new inode). */
	ck_assert_int_eq(dh_file_stamp_get(&st, f.path), 0);
	char other[160];
	snprintf(other, sizeof(other), "%s/other", f.dir);
	put_file(other, "FROM moved\n", 0644);
	ck_assert_int_eq(rename(other, f.path), 0);
	ck_assert_int_eq(write_str(f.path, "FROM new\n", &st, NULL, NULL),
			 DH_ECHANGED);
	expect_content(f.path, "FROM moved\n");

	/* Deleted meanwhile. */
	ck_assert_int_eq(dh_file_stamp_get(&st, f.path), 0);
	ck_assert_int_eq(unlink(f.path), 0);
	ck_assert_int_eq(write_str(f.path, "FROM new\n", &st, NULL, NULL),
			 DH_ECHANGED);
	ck_assert_int_eq(access(f.path, F_OK), -1);
	ck_assert_int_eq(temp_files(f.dir), 0);
	fixture_done(&f);
}
END_TEST

START_TEST(test_atomic_unchanged_stamp_allows_write)
{
	fixture f;
	fixture_init(&f);
	put_file(f.path, "FROM old\n", 0644);
	dh_file_stamp st;
	ck_assert_int_eq(dh_file_stamp_get(&st, f.path), 0);
	ck_assert_int_eq(write_str(f.path, "FROM new\n", &st, f.dir, NULL), 0);
	expect_content(f.path, "FROM new\n");
	fixture_done(&f);
}
END_TEST

START_TEST(test_atomic_stamp_missing_file)
{
	dh_file_stamp st = {1, 1, 1, 1, 1};
	ck_assert_int_eq(dh_file_stamp_get(&st, "/nonexistent/dh/file"),
			 DH_ENOTFOUND);
	ck_assert_int_eq(st.valid, 0);
}
END_TEST

START_TEST(test_atomic_symlink_outside_root_refused)
{
	fixture root, outside;
	fixture_init(&root);
	fixture_init(&outside);
	put_file(outside.path, "secret\n", 0644);
	char link[160];
	snprintf(link, sizeof(link), "%s/link", root.dir);
	ck_assert_int_eq(symlink(outside.path, link), 0);
	errno = 0;
	ck_assert_int_eq(write_str(link, "pwned\n", NULL, root.dir, NULL),
			 DH_EUSAGE);
	ck_assert_int_eq(errno, EXDEV);
	expect_content(outside.path, "secret\n");
	struct stat st;
	ck_assert_int_eq(lstat(link, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	ck_assert_int_eq(temp_files(outside.dir), 0);
	ck_assert_int_eq(temp_files(root.dir), 0);

	/* A ".." path out of root is refused the same way. */
	char dotdot[300];
	snprintf(dotdot, sizeof(dotdot), "%s/..%s", root.dir, outside.path + 4);
	ck_assert_int_eq(write_str(dotdot, "pwned\n", NULL, root.dir, NULL),
			 DH_EUSAGE);
	expect_content(outside.path, "secret\n");

	/* Without a root the caller takes responsibility. */
	ck_assert_int_eq(write_str(link, "ok\n", NULL, NULL, NULL), 0);
	expect_content(outside.path, "ok\n");
	fixture_done(&root);
	fixture_done(&outside);
}
END_TEST

START_TEST(test_atomic_symlink_inside_root_writes_target)
{
	fixture f;
	fixture_init(&f);
	char sub[160], real[200], link[160];
	snprintf(sub, sizeof(sub), "%s/sub", f.dir);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	snprintf(real, sizeof(real), "%s/real.Dockerfile", sub);
	put_file(real, "FROM old\n", 0600);
	snprintf(link, sizeof(link), "%s/Dockerfile", f.dir);
	ck_assert_int_eq(symlink("sub/real.Dockerfile", link), 0);
	ck_assert_int_eq(write_str(link, "FROM new\n", NULL, f.dir, NULL), 0);
	expect_content(real, "FROM new\n");
	ck_assert_uint_eq(mode_of(real), 0600);
	struct stat st;
	ck_assert_int_eq(lstat(link, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	char target[64] = {0};
	ck_assert_int_gt(readlink(link, target, sizeof(target) - 1), 0);
	ck_assert_str_eq(target, "sub/real.Dockerfile");
	ck_assert_int_eq(temp_files(f.dir), 0);
	ck_assert_int_eq(temp_files(sub), 0);
	fixture_done(&f);
}
END_TEST

START_TEST(test_atomic_refuses_dangling_link_and_folder)
{
	fixture f;
	fixture_init(&f);
	char link[160];
	snprintf(link, sizeof(link), "%s/dangling", f.dir);
	ck_assert_int_eq(symlink("nowhere", link), 0);
	ck_assert_int_eq(write_str(link, "x\n", NULL, f.dir, NULL), DH_EUSAGE);
	ck_assert_int_eq(write_str(f.dir, "x\n", NULL, NULL, NULL), DH_EUSAGE);
	ck_assert_int_eq(dh_write_atomic(f.path, NULL, 3, NULL, NULL, NULL),
			 DH_EUSAGE);
	ck_assert_int_eq(access(f.path, F_OK), -1);
	ck_assert_int_eq(temp_files(f.dir), 0);
	fixture_done(&f);
}
END_TEST

/* ---- temp names and stale temps ---- */

START_TEST(test_atomic_temp_name_exact)
{
	size_t tl;
	long pid;
	ck_assert(dh_atomic_temp_name(".Dockerfile.dh-4242-aZ09xy", &tl, &pid));
	ck_assert_uint_eq(tl, strlen("Dockerfile"));
	ck_assert_int_eq(pid, 4242);
	ck_assert(dh_atomic_temp_name(".a.dh-1-abcdef", &tl, &pid));
	ck_assert_uint_eq(tl, 1);
	/* A target that itself holds ".dh-". */
	ck_assert(dh_atomic_temp_name(".x.dh-7-abcdef.dh-8-ABCDEF", &tl, &pid));
	ck_assert_int_eq(pid, 8);
	ck_assert_uint_eq(tl, strlen("x.dh-7-abcdef"));
	const char *bad[] = {
		".Dockerfile.dh-sLMXDq",       /* the old pattern: no pid */
		".Dockerfile.dh-4242-abcde",   /* five letters */
		".Dockerfile.dh-4242-abcdefg", /* seven letters */
		".Dockerfile.dh-4242-abc.ef",  /* not a letter */
		".Dockerfile.dh-0042-abcdef",  /* leading zero */
		".Dockerfile.dh--abcdef",      /* no pid */
		".Dockerfile.dh-12345678901-abcdef", /* pid too long */
		"Dockerfile.dh-4242-abcdef",	     /* not hidden */
		"..dh-4242-abcdef",		     /* empty target */
		".Dockerfile.dx-4242-abcdef",	     /* not .dh- */
		".Dockerfile.dh-4242-abcdef~",	     /* trailing byte */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!dh_atomic_temp_name(bad[i], &tl, &pid), "%s",
			      bad[i]);
}
END_TEST

/* Looks for our own temp at the rename step: its name holds our pid. */
static int see_temp(const char *step, void *ctx)
{
	const char *dir = ctx;
	if (strcmp(step, "rename") != 0)
		return 0;
	DIR *d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	int seen = 0;
	const struct dirent *e;
	while ((e = readdir(d))) {
		size_t tl;
		long pid;
		if (!dh_atomic_temp_name(e->d_name, &tl, &pid))
			continue;
		ck_assert_int_eq(pid, (long)getpid());
		ck_assert(strncmp(e->d_name + 1, "Dockerfile", tl) == 0);
		/* Locked while it exists: a second open cannot take it. */
		int fd = openat(dirfd(d), e->d_name, O_RDONLY);
		ck_assert_int_ge(fd, 0);
		ck_assert_int_ne(flock(fd, LOCK_EX | LOCK_NB), 0);
		close(fd);
		seen++;
	}
	closedir(d);
	ck_assert_int_eq(seen, 1);
	return 0;
}

START_TEST(test_atomic_temp_carries_pid_and_lock)
{
	fixture f;
	fixture_init(&f);
	put_file(f.path, "FROM old\n", 0644);
	dh_write_hooks hooks = {see_temp, f.dir, NULL};
	ck_assert_int_eq(write_str(f.path, "FROM new\n", NULL, NULL, &hooks),
			 0);
	expect_content(f.path, "FROM new\n");
	ck_assert_int_eq(temp_files(f.dir), 0);
	fixture_done(&f);
}
END_TEST

static void put_in(const fixture *f, const char *name)
{
	char p[256];
	snprintf(p, sizeof(p), "%s/%s", f->dir, name);
	put_file(p, "partial", 0600);
}

static int exists_in(const fixture *f, const char *name)
{
	char p[256];
	snprintf(p, sizeof(p), "%s/%s", f->dir, name);
	return access(p, F_OK) == 0;
}

static bool manages_dockerfile(void *ctx, const char *target)
{
	(void)ctx;
	return strcmp(target, "Dockerfile") == 0;
}

static void count_found(void *ctx, const char *temp, bool removed)
{
	(void)temp;
	int *n = ctx;
	*n += removed ? 100 : 1;
}

/* A pid that is certainly not running: above the kernel's pid_max. */
#define DEAD_PID "99999999"

START_TEST(test_atomic_stale_removes_only_dead_exact_managed)
{
	fixture f;
	fixture_init(&f);
	put_file(f.path, "FROM x\n", 0644);
	char live[64];
	snprintf(live, sizeof(live), ".Dockerfile.dh-%ld-abcdef",
		 (long)getppid());
	const char *keep[] = {
		".Dockerfile.dh-sLMXDq",		  /* old pattern */
		".Dockerfile.dh-" DEAD_PID "-abcde",	  /* near miss */
		".Dockerfile.dh-" DEAD_PID "-abcdef.bak", /* near miss */
		".other.dh-" DEAD_PID "-abcdef",	  /* not managed */
		live,					  /* live writer */
	};
	for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		put_in(&f, keep[i]);
	put_in(&f, ".Dockerfile.dh-" DEAD_PID "-abcdef");
	put_in(&f, ".Dockerfile.dh-" DEAD_PID "-XYZ123");
	/* Listing removes nothing. */
	int calls = 0;
	dh_stale_opts o = {false, manages_dockerfile, count_found, &calls};
	size_t n = 9;
	ck_assert_int_eq(dh_atomic_stale(&n, f.dir, &o), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(calls, 2);
	ck_assert(exists_in(&f, ".Dockerfile.dh-" DEAD_PID "-abcdef"));
	/* Removing takes exactly the two stale ones. */
	o.remove = true;
	calls = 0;
	ck_assert_int_eq(dh_atomic_stale(&n, f.dir, &o), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(calls, 200);
	ck_assert(!exists_in(&f, ".Dockerfile.dh-" DEAD_PID "-abcdef"));
	ck_assert(!exists_in(&f, ".Dockerfile.dh-" DEAD_PID "-XYZ123"));
	for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		ck_assert_msg(exists_in(&f, keep[i]), "%s", keep[i]);
	ck_assert(exists_in(&f, "Dockerfile"));
	fixture_done(&f);
}
END_TEST

START_TEST(test_atomic_stale_spares_locked_temp)
{
	/* A dead pid in the name but a lock held: a writer in another pid
	 * namespace. It stays. */
	fixture f;
	fixture_init(&f);
	const char *name = ".Dockerfile.dh-" DEAD_PID "-abcdef";
	put_in(&f, name);
	char p[256];
	snprintf(p, sizeof(p), "%s/%s", f.dir, name);
	int fd = open(p, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(flock(fd, LOCK_EX), 0);
	dh_stale_opts o = {true, manages_dockerfile, NULL, NULL};
	size_t n;
	ck_assert_int_eq(dh_atomic_stale(&n, f.dir, &o), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert(exists_in(&f, name));
	close(fd);
	ck_assert_int_eq(dh_atomic_stale(&n, f.dir, &o), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert(!exists_in(&f, name));
	ck_assert_int_eq(dh_atomic_stale(&n, "/nonexistent-dh", &o), DH_EIO);
	fixture_done(&f);
}
END_TEST

/* ---- the signal watcher ---- */

static void record_signal(void *ctx, int signo, bool again)
{
	int *seen = ctx;
	*seen = signo;
	/* The second signal: the tracked temp must be gone by now. */
	if (again)
		_exit(access("/tmp/dh-atomic-watch.tmp", F_OK) == 0 ? 1 : 42);
}

static void nap(void)
{
	struct timespec ts = {0, 2000000};
	nanosleep(&ts, NULL);
}

static void wait_caught(const dh_interrupt *it)
{
	for (int i = 0; i < 500 && !dh_interrupt_caught(it); i++)
		nap();
}

START_TEST(test_interrupt_first_signal_recorded)
{
	dh_interrupt *it;
	int seen = 0;
	ck_assert_int_eq(dh_interrupt_start(&it, record_signal, &seen), 0);
	ck_assert_int_eq(dh_interrupt_caught(it), 0);
	ck_assert_int_eq(kill(getpid(), SIGTERM), 0);
	wait_caught(it);
	ck_assert_int_eq(dh_interrupt_caught(it), SIGTERM);
	ck_assert_int_eq(seen, SIGTERM);
	dh_interrupt_stop(it);
	ck_assert_int_eq(dh_interrupt_caught(NULL), 0);
}
END_TEST

/* Sends signo to the process and gives the watcher 100 ms to take it. */
static void signal_and_settle(int signo)
{
	ck_assert_int_eq(kill(getpid(), signo), 0);
	for (int i = 0; i < 50; i++)
		nap();
}

/* After the close a signal is dropped: neither recorded nor a second
 * signal (which would exit), and the value closed on stays. */
START_TEST(test_interrupt_close_drops_later_signals)
{
	dh_interrupt *it;
	int seen = 0;
	ck_assert_int_eq(dh_interrupt_start(&it, record_signal, &seen), 0);
	ck_assert_int_eq(dh_interrupt_close(it), 0);
	signal_and_settle(SIGINT);
	ck_assert_int_eq(dh_interrupt_caught(it), 0);
	ck_assert_int_eq(dh_interrupt_close(it), 0);
	ck_assert_int_eq(seen, 0);
	dh_interrupt_stop(it);
	ck_assert_int_eq(dh_interrupt_close(NULL), 0);
}
END_TEST

/* A signal caught before the close is what the close returns; a second
 * one after it no longer ends the process. */
START_TEST(test_interrupt_close_keeps_the_first_signal)
{
	dh_interrupt *it;
	int seen = 0;
	ck_assert_int_eq(dh_interrupt_start(&it, record_signal, &seen), 0);
	ck_assert_int_eq(kill(getpid(), SIGTERM), 0);
	wait_caught(it);
	ck_assert_int_eq(dh_interrupt_close(it), SIGTERM);
	signal_and_settle(SIGINT); /* a second signal: it would exit */
	ck_assert_int_eq(dh_interrupt_close(it), SIGTERM);
	ck_assert_int_eq(dh_interrupt_caught(it), SIGTERM);
	dh_interrupt_stop(it);
}
END_TEST

/* Exits 42 from the watcher when the second signal removed the temp. */
START_TEST(test_interrupt_second_signal_removes_temps)
{
	dh_interrupt *it;
	int seen = 0;
	const char *path = "/tmp/dh-atomic-watch.tmp";
	put_file(path, "half", 0600);
	ck_assert_int_eq(dh_interrupt_start(&it, record_signal, &seen), 0);
	dh_interrupt_temp t = {.path = path};
	dh_interrupt_hold(it);
	dh_interrupt_track(it, &t);
	dh_interrupt_release(it);
	ck_assert_int_eq(kill(getpid(), SIGINT), 0);
	wait_caught(it);
	ck_assert_int_eq(dh_interrupt_caught(it), SIGINT);
	ck_assert_int_eq(access(path, F_OK), 0); /* first: writes finish */
	ck_assert_int_eq(kill(getpid(), SIGINT), 0);
	for (int i = 0; i < 1000; i++)
		nap();
	ck_abort_msg("the second signal did not end the process");
}
END_TEST

static Suite *atomic_suite(void)
{
	Suite *s = suite_create("atomic");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_atomic_replace_keeps_mode);
	tcase_add_test(tc, test_atomic_new_file_gets_umask_mode);
	tcase_add_test(tc, test_atomic_empty_data_truncates);
	tcase_add_test(tc, test_atomic_readonly_dir_fails_intact);
	tcase_add_test(tc, test_atomic_injected_failure_keeps_original);
	tcase_add_test(tc, test_atomic_hooks_see_every_step);
	tcase_add_test(tc, test_atomic_changed_on_disk_refused);
	tcase_add_test(tc, test_atomic_unchanged_stamp_allows_write);
	tcase_add_test(tc, test_atomic_stamp_missing_file);
	tcase_add_test(tc, test_atomic_symlink_outside_root_refused);
	tcase_add_test(tc, test_atomic_symlink_inside_root_writes_target);
	tcase_add_test(tc, test_atomic_refuses_dangling_link_and_folder);
	suite_add_tcase(s, tc);
	TCase *st = tcase_create("stale");
	tcase_add_test(st, test_atomic_temp_name_exact);
	tcase_add_test(st, test_atomic_temp_carries_pid_and_lock);
	tcase_add_test(st, test_atomic_stale_removes_only_dead_exact_managed);
	tcase_add_test(st, test_atomic_stale_spares_locked_temp);
	suite_add_tcase(s, st);
	TCase *it = tcase_create("interrupt");
	tcase_add_test(it, test_interrupt_first_signal_recorded);
	tcase_add_test(it, test_interrupt_close_drops_later_signals);
	tcase_add_test(it, test_interrupt_close_keeps_the_first_signal);
	tcase_add_exit_test(it, test_interrupt_second_signal_removes_temps, 42);
	suite_add_tcase(s, it);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(atomic_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
