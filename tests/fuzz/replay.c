/* SPDX-License-Identifier: MIT */
/*
 * fuzz-replay: runs every file under each given directory (recursively,
 * in name order, dot files skipped) through every fuzz target without
 * libFuzzer, so the saved corpus and the crash reproducers are tests under
 * gcc too. Each (file, target) pair runs in a child process with a time
 * limit: a target that aborts, crashes or hangs counts as one failure and
 * the rest still run. The last line is "fuzz-replay: N passed, N failed".
 *
 * Usage: fuzz-replay DIR... (a FILE argument is replayed alone)
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "targets.h"

/* Seconds one target may spend on one file. */
#define REPLAY_TIMEOUT 20

/* Pass and failure counts over the whole run. */
typedef struct replay_counts {
	size_t passed;
	size_t failed;
	size_t errors; /* unreadable paths */
} replay_counts;

/* Reads a whole file into an exactly sized heap block (caller frees). */
static int read_all(unsigned char **out, size_t *out_len, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	size_t cap = 4096, len = 0;
	unsigned char *data = malloc(cap);
	while (data) {
		len += fread(data + len, 1, cap - len, f);
		if (len < cap)
			break;
		cap *= 2;
		unsigned char *bigger = realloc(data, cap);
		if (!bigger)
			free(data);
		data = bigger;
	}
	int bad = !data || ferror(f);
	fclose(f);
	if (bad) {
		free(data);
		return -1;
	}
	/* An exact copy, so a read past the end trips ASan as in libFuzzer. */
	unsigned char *exact = malloc(len ? len : 1);
	if (!exact) {
		free(data);
		return -1;
	}
	memcpy(exact, data, len);
	free(data);
	*out = exact;
	*out_len = len;
	return 0;
}

/* Runs one target on one file in a child; true when it returned 0. */
static bool run_child(const dh_fuzz_target *t, const unsigned char *data,
		      size_t len, const char *path)
{
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "fuzz-replay: fork: %s\n", strerror(errno));
		return false;
	}
	if (pid == 0) {
		alarm(REPLAY_TIMEOUT);
		_exit(t->run(data, len) == 0 ? 0 : 1);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return false;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return true;
	if (WIFSIGNALED(status))
		printf("fuzz-replay: FAIL %s %s (signal %d%s)\n", t->name, path,
		       WTERMSIG(status),
		       WTERMSIG(status) == SIGALRM ? ", timeout" : "");
	else
		printf("fuzz-replay: FAIL %s %s (exit status %d)\n", t->name,
		       path, WEXITSTATUS(status));
	return false;
}

static void replay_file(replay_counts *c, const char *path)
{
	unsigned char *data;
	size_t len;
	if (read_all(&data, &len, path) != 0) {
		printf("fuzz-replay: cannot read %s: %s\n", path,
		       strerror(errno));
		c->errors++;
		return;
	}
	for (size_t i = 0; i < dh_fuzz_ntargets; i++) {
		if (run_child(&dh_fuzz_targets[i], data, len, path))
			c->passed++;
		else
			c->failed++;
	}
	free(data);
}

static int compare_names(const void *a, const void *b)
{
	const char *const *x = a;
	const char *const *y = b;
	return strcmp(*x, *y);
}

static void replay_path(replay_counts *c, const char *path);

/* The entries of dir, sorted, without dot files; caller frees each. */
static size_t list_dir(char ***out, DIR *dir)
{
	size_t n = 0, cap = 64;
	char **names = malloc(cap * sizeof(*names));
	struct dirent *e;
	while (names && (e = readdir(dir)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap *= 2;
			char **bigger = realloc(names, cap * sizeof(*names));
			if (!bigger)
				abort();
			names = bigger;
		}
		names[n] = malloc(strlen(e->d_name) + 1);
		if (!names[n])
			abort();
		memcpy(names[n], e->d_name, strlen(e->d_name) + 1);
		n++;
	}
	if (!names)
		abort();
	qsort(names, n, sizeof(*names), compare_names);
	*out = names;
	return n;
}

static void replay_dir(replay_counts *c, const char *path)
{
	DIR *dir = opendir(path);
	if (!dir) {
		printf("fuzz-replay: cannot open %s: %s\n", path,
		       strerror(errno));
		c->errors++;
		return;
	}
	char **names;
	size_t n = list_dir(&names, dir);
	closedir(dir);
	for (size_t i = 0; i < n; i++) {
		size_t size = strlen(path) + strlen(names[i]) + 2;
		char *child = malloc(size);
		if (!child)
			abort();
		snprintf(child, size, "%s/%s", path, names[i]);
		replay_path(c, child);
		free(child);
		free(names[i]);
	}
	free(names);
}

static void replay_path(replay_counts *c, const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		printf("fuzz-replay: cannot open %s: %s\n", path,
		       strerror(errno));
		c->errors++;
		return;
	}
	if (S_ISDIR(st.st_mode))
		replay_dir(c, path);
	else if (S_ISREG(st.st_mode))
		replay_file(c, path);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: fuzz-replay DIR...\n");
		return 2;
	}
	/* Lines in the order they happen, between the children's stderr. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	replay_counts c = {0, 0, 0};
	for (int i = 1; i < argc; i++)
		replay_path(&c, argv[i]);
	printf("fuzz-replay: %zu passed, %zu failed\n", c.passed,
	       c.failed + c.errors);
	return c.failed + c.errors ? 1 : 0;
}
