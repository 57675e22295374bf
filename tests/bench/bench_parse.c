/* SPDX-License-Identifier: MIT */
/*
 * Benchmark harness. In-process mode times dh_parse + dh_doc_render over
 * files already in memory (so the numbers are the library's, not the
 * disk's), checks that every render equals its input and reports the
 * median, with the mean user and system CPU time of an iteration: system
 * time is mostly the kernel faulting in fresh memory for the tree. Exec modes
 * run a command many times without a shell in between, so per-process timings
 * are not inflated by fork+exec of a timer. Results are one line of key=value
 * pairs for tests/bench/bench.sh.
 *
 *   bench_parse [-n N] FILE...          in-process, N iterations over FILEs
 *   bench_parse [-n N] -l LIST          the same, paths read from LIST
 *   bench_parse -x N -- CMD ARG...      run CMD N times (stdout, stderr to
 *                                       /dev/null): median and peak RSS
 *   bench_parse -e LIST -- CMD ARG...   run CMD ARG... PATH once per PATH in
 *                                       LIST: total time
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

#include "dockharden/alloc.h"
#include "dockharden/arena.h"
#include "dockharden/buf.h"
#include "dockharden/cst.h"
#include "dockharden/parse.h"
#include "dockharden/source.h"

extern char **environ;

typedef struct input {
	const char *path;
	/* Where the bytes live: kept in the dh_buf they were read into, so a
	 * large input sits in huge pages as the binary's own input does. */
	dh_buf store;
	char *data; /* store.data */
	size_t len;
} input;

typedef struct inputs {
	input *v;
	size_t n;
	size_t cap;
	size_t bytes;
} inputs;

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static long peak_rss_kb(int who)
{
	struct rusage ru;
	if (getrusage(who, &ru) != 0)
		return -1;
	return ru.ru_maxrss;
}

/* User and system CPU time used so far, in ns. */
static void cpu_ns(uint64_t *user, uint64_t *sys)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	*user = (uint64_t)ru.ru_utime.tv_sec * 1000000000u +
		(uint64_t)ru.ru_utime.tv_usec * 1000u;
	*sys = (uint64_t)ru.ru_stime.tv_sec * 1000000000u +
	       (uint64_t)ru.ru_stime.tv_usec * 1000u;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

static uint64_t median(uint64_t *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_u64);
	if (n % 2)
		return v[n / 2];
	return v[n / 2 - 1] / 2 + v[n / 2] / 2;
}

static int read_all(input *out, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "bench_parse: %s: %s\n", path, strerror(errno));
		return -1;
	}
	dh_buf b = DH_BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		dh_buf_put(&b, chunk, n);
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		fprintf(stderr, "bench_parse: %s: read failed\n", path);
		dh_buf_free(&b);
		return -1;
	}
	dh_buf_reserve(&b, 1);
	out->path = path;
	out->store = b;
	out->data = b.data;
	out->len = b.len;
	return 0;
}

static int add_input(inputs *in, const char *path)
{
	if (in->n == in->cap) {
		in->cap = in->cap ? in->cap * 2 : 64;
		in->v = dh_xrealloc(in->v, in->cap * sizeof(*in->v));
	}
	if (read_all(&in->v[in->n], path))
		return -1;
	in->bytes += in->v[in->n].len;
	in->n++;
	return 0;
}

/* Paths from a list file, one a line; the strings are leaked on purpose. */
static char **read_list(size_t *out_n, const char *list)
{
	input raw;
	if (read_all(&raw, list))
		return NULL;
	size_t n = 0, cap = 64;
	char **v = dh_xmalloc(cap * sizeof(*v));
	for (char *p = raw.data; p < raw.data + raw.len;) {
		char *nl = memchr(p, '\n', (size_t)(raw.data + raw.len - p));
		char *end = nl ? nl : raw.data + raw.len;
		*end = '\0';
		if (end > p) {
			if (n == cap)
				v = dh_xrealloc(v, (cap *= 2) * sizeof(*v));
			v[n++] = p;
		}
		p = end + 1;
	}
	*out_n = n;
	return v;
}

/*
 * One parse + render of one input into out; false when it differs. Adds
 * the arena's size after the parse to *arena_bytes and the time the parse
 * render and free took to *ns: the comparison with the input is the harness's
 * check, not work the library does, so it is left out of the time.
 */
static bool parse_one(dh_buf *out, size_t *arena_bytes, uint64_t *ns,
		      const input *in)
{
	uint64_t t0 = now_ns();
	dh_arena *arena = dh_arena_new();
	dh_source *src = dh_source_new(arena, in->path, in->data, in->len);
	if (!src) {
		dh_arena_free(arena);
		return false;
	}
	dh_doc *doc;
	dh_parse(&doc, arena, src);
	*arena_bytes += dh_arena_used(arena);
	dh_buf_clear(out);
	dh_doc_render(out, doc);
	*ns += now_ns() - t0;
	bool same = out->len == in->len &&
		    (in->len == 0 || memcmp(out->data, in->data, in->len) == 0);
	uint64_t t1 = now_ns();
	dh_arena_free(arena);
	*ns += now_ns() - t1;
	return same;
}

static int run_inproc(const inputs *in, size_t iters)
{
	long rss_before = peak_rss_kb(RUSAGE_SELF);
	uint64_t *t = dh_xcalloc(iters, sizeof(*t));
	dh_buf out = DH_BUF_INIT;
	size_t bad = 0, arena = 0;
	uint64_t user0, sys0, user1, sys1;
	cpu_ns(&user0, &sys0);
	for (size_t i = 0; i < iters; i++) {
		for (size_t k = 0; k < in->n; k++)
			if (!parse_one(&out, &arena, &t[i], &in->v[k]) &&
			    i == 0)
				bad++;
	}
	cpu_ns(&user1, &sys1);
	if (bad)
		fprintf(stderr,
			"bench_parse: %zu renders differ from their "
			"input\n",
			bad);
	uint64_t min = t[0];
	for (size_t i = 1; i < iters; i++)
		min = t[i] < min ? t[i] : min;
	uint64_t med = median(t, iters);
	double mbps = med ? (double)in->bytes / 1e6 / ((double)med / 1e9) : 0;
	double fps = med ? (double)in->n / ((double)med / 1e9) : 0;
	printf("files=%zu bytes=%zu iters=%zu median_ns=%llu min_ns=%llu "
	       "mbps=%.1f files_per_s=%.0f rss_kb=%ld rss_before_kb=%ld "
	       "arena_per_input_byte=%.2f user_ns=%llu sys_ns=%llu "
	       "roundtrip=%s\n",
	       in->n, in->bytes, iters, (unsigned long long)med,
	       (unsigned long long)min, mbps, fps, peak_rss_kb(RUSAGE_SELF),
	       rss_before,
	       in->bytes ? (double)arena / (double)iters / (double)in->bytes
			 : 0.0,
	       (unsigned long long)((user1 - user0) / iters),
	       (unsigned long long)((sys1 - sys0) / iters),
	       bad ? "FAIL" : "ok");
	dh_buf_free(&out);
	free(t);
	return bad ? 1 : 0;
}

/* Runs argv once with stdout and stderr on /dev/null; -1 if it cannot. */
static int spawn_wait(char *const argv[], int *out_status)
{
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	pid_t pid;
	int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		fprintf(stderr, "bench_parse: %s: %s\n", argv[0], strerror(rc));
		return -1;
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	*out_status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return 0;
}

static int run_exec(size_t runs, char *const argv[])
{
	uint64_t *t = dh_xcalloc(runs, sizeof(*t));
	int worst = 0;
	uint64_t total = 0;
	for (size_t i = 0; i < runs; i++) {
		int st;
		uint64_t t0 = now_ns();
		if (spawn_wait(argv, &st)) {
			free(t);
			return 3;
		}
		t[i] = now_ns() - t0;
		total += t[i];
		worst = st > worst ? st : worst;
	}
	printf("runs=%zu median_ns=%llu total_ns=%llu rss_kb=%ld status=%d\n",
	       runs, (unsigned long long)median(t, runs),
	       (unsigned long long)total, peak_rss_kb(RUSAGE_CHILDREN), worst);
	free(t);
	return 0;
}

static int run_each(const char *list, size_t argc, char *argv[])
{
	size_t n;
	char **paths = read_list(&n, list);
	if (!paths || !n)
		return 3;
	char **av = dh_xcalloc(argc + 2, sizeof(*av));
	memcpy(av, argv, argc * sizeof(*av));
	int worst = 0;
	uint64_t t0 = now_ns();
	for (size_t i = 0; i < n; i++) {
		int st;
		av[argc] = paths[i];
		if (spawn_wait(av, &st)) {
			free(av);
			return 3;
		}
		worst = st > worst ? st : worst;
	}
	uint64_t total = now_ns() - t0;
	printf("runs=%zu total_ns=%llu files_per_s=%.0f rss_kb=%ld "
	       "status=%d\n",
	       n, (unsigned long long)total,
	       total ? (double)n / ((double)total / 1e9) : 0,
	       peak_rss_kb(RUSAGE_CHILDREN), worst);
	free(av);
	return 0;
}

static int usage(void)
{
	fputs("usage: bench_parse [-n N] FILE... | [-n N] -l LIST\n"
	      "       bench_parse -x N -- CMD ARG...\n"
	      "       bench_parse -e LIST -- CMD ARG...\n",
	      stderr);
	return 3;
}

static size_t to_count(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);
	return (*s && !*end && v > 0 && v < 1000000) ? (size_t)v : 0;
}

static int main_inproc(size_t iters, const char *list, int argc, char **argv,
		       int first)
{
	inputs in = {0};
	int rc = 0;
	if (list) {
		size_t n;
		char **paths = read_list(&n, list);
		for (size_t i = 0; paths && i < n && !rc; i++)
			rc = add_input(&in, paths[i]);
		rc = paths ? rc : -1;
	}
	for (int i = first; i < argc && !rc; i++)
		rc = add_input(&in, argv[i]);
	if (rc || !in.n)
		return rc ? 3 : usage();
	rc = run_inproc(&in, iters);
	for (size_t k = 0; k < in.n; k++)
		dh_buf_free(&in.v[k].store);
	free(in.v);
	return rc;
}

int main(int argc, char **argv)
{
	size_t iters = 5;
	const char *list = NULL;
	int i = 1;
	for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
		const char *o = argv[i], *v = argv[i + 1];
		if (!strcmp(o, "-n") && (iters = to_count(v)))
			continue;
		if (!strcmp(o, "-l")) {
			list = v;
			continue;
		}
		bool dd = i + 2 < argc && !strcmp(argv[i + 2], "--");
		if (!strcmp(o, "-x") && to_count(v) && dd && i + 3 < argc)
			return run_exec(to_count(v), argv + i + 3);
		if (!strcmp(o, "-e") && dd && i + 3 < argc)
			return run_each(v, (size_t)(argc - i - 3),
					argv + i + 3);
		return usage();
	}
	return main_inproc(iters, list, argc, argv, i);
}
