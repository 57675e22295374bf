/* SPDX-License-Identifier: MIT */
/* Unit tests for the line diff: exact GNU-style output, patch round trips,
 * minimality against an LCS table, and speed on big files. */
#include "dockharden/diff.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dockharden/arena.h"
#include "dockharden/buf.h"

/* The unified diff of two strings, without the two header lines. */
static char *body(const char *old, const char *new_)
{
	dh_buf out = DH_BUF_INIT;
	dh_diff_unified(&out, "a/f", "b/f", old, strlen(old), new_,
			strlen(new_));
	if (out.len == 0) {
		dh_buf_free(&out);
		return strdup("");
	}
	ck_assert_msg(strncmp(out.data, "--- a/f\n+++ b/f\n", 16) == 0,
		      "bad headers: %s", out.data);
	char *s = strdup(out.data + 16);
	dh_buf_free(&out);
	return s;
}

static void expect_body(const char *old, const char *new_, const char *want)
{
	char *got = body(old, new_);
	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(test_diff_equal_prints_nothing)
{
	dh_buf out = DH_BUF_INIT;
	dh_diff_unified(&out, "a", "b", "x\ny\n", 4, "x\ny\n", 4);
	ck_assert_uint_eq(out.len, 0);
	dh_diff_unified(&out, "a", "b", "", 0, "", 0);
	ck_assert_uint_eq(out.len, 0);
	dh_buf_free(&out);
}
END_TEST

START_TEST(test_diff_headers_and_single_change)
{
	dh_buf out = DH_BUF_INIT;
	dh_diff_unified(&out, "Dockerfile", "Dockerfile", "a\nb\nc\n", 6,
			"a\nB\nc\n", 6);
	ck_assert_str_eq(out.data, "--- Dockerfile\n+++ Dockerfile\n"
				   "@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
	dh_buf_free(&out);
}
END_TEST

START_TEST(test_diff_empty_old)
{
	expect_body("", "a\nb\nc\n", "@@ -0,0 +1,3 @@\n+a\n+b\n+c\n");
}
END_TEST

START_TEST(test_diff_empty_new)
{
	expect_body("a\nb\nc\n", "", "@@ -1,3 +0,0 @@\n-a\n-b\n-c\n");
}
END_TEST

START_TEST(test_diff_no_trailing_newline)
{
	expect_body("a\nb", "a\nc",
		    "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n"
		    "+c\n\\ No newline at end of file\n");
	expect_body("a\nb", "a\nb\n",
		    "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n"
		    "+b\n");
	expect_body("a\nb", "a\n",
		    "@@ -1,2 +1 @@\n a\n-b\n\\ No newline at end of file\n");
	expect_body("a", "a\nb",
		    "@@ -1 +1,2 @@\n-a\n\\ No newline at end of file\n+a\n"
		    "+b\n\\ No newline at end of file\n");
	/* Unchanged last line without a newline, shown as context. */
	expect_body("x\na\nb", "y\na\nb",
		    "@@ -1,3 +1,3 @@\n-x\n+y\n a\n b\n"
		    "\\ No newline at end of file\n");
}
END_TEST

START_TEST(test_diff_crlf_lines)
{
	expect_body("x\r\ny\r\nz\r\n", "x\r\nY\r\nz\r\n",
		    "@@ -1,3 +1,3 @@\n x\r\n-y\r\n+Y\r\n z\r\n");
	/* Only the line ending changed: still a change. */
	expect_body("a\nb\n", "a\r\nb\n", "@@ -1,2 +1,2 @@\n-a\n+a\r\n b\n");
}
END_TEST

/* "1\n2\n...n\n" with line k replaced by "X<k>" for each k in marks. */
static char *numbered(int n, const int *marks, int nmarks)
{
	dh_buf b = DH_BUF_INIT;
	for (int i = 1; i <= n; i++) {
		int hit = 0;
		for (int k = 0; k < nmarks; k++)
			hit |= marks[k] == i;
		dh_buf_printf(&b, hit ? "X%d\n" : "%d\n", i);
	}
	return dh_buf_detach(&b, NULL);
}

START_TEST(test_diff_first_and_last_line)
{
	char *old = numbered(20, NULL, 0);
	char *new_ = numbered(20, (const int[]){1, 20}, 2);
	expect_body(old, new_,
		    "@@ -1,4 +1,4 @@\n-1\n+X1\n 2\n 3\n 4\n"
		    "@@ -17,4 +17,4 @@\n 17\n 18\n 19\n-20\n+X20\n");
	free(old);
	free(new_);
}
END_TEST

static size_t count_hunks(const char *s)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, "@@ -")); p += 4)
		n += p == s || p[-1] == '\n';
	return n;
}

START_TEST(test_diff_hunks_merge_when_context_overlaps)
{
	char *old = numbered(30, NULL, 0);
	/* 6 unchanged lines between (6..11): contexts touch, one hunk. */
	char *merged = numbered(30, (const int[]){5, 12}, 2);
	char *got = body(old, merged);
	ck_assert_uint_eq(count_hunks(got), 1);
	ck_assert_msg(strncmp(got, "@@ -2,14 +2,14 @@\n", 18) == 0, "%s", got);
	free(got);
	/* 7 unchanged lines between: two hunks. */
	char *split = numbered(30, (const int[]){5, 13}, 2);
	got = body(old, split);
	ck_assert_uint_eq(count_hunks(got), 2);
	ck_assert_msg(strncmp(got, "@@ -2,7 +2,7 @@\n", 16) == 0, "%s", got);
	ck_assert_ptr_nonnull(strstr(got, "\n@@ -10,7 +10,7 @@\n"));
	free(got);
	free(old);
	free(merged);
	free(split);
}
END_TEST

START_TEST(test_diff_hunks_fields)
{
	dh_arena *arena = dh_arena_new();
	const char *old = "a\nb\nc\nd\n";
	const char *new_ = "a\nB\nB2\nc\nd\ne";
	dh_hunk *h = NULL;
	size_t n =
		dh_diff_hunks(&h, arena, old, strlen(old), new_, strlen(new_));
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(h[0].old_start, 2);
	ck_assert_uint_eq(h[0].old_count, 1);
	ck_assert_uint_eq(h[0].new_start, 2);
	ck_assert_uint_eq(h[0].new_count, 2);
	ck_assert_uint_eq(h[0].old_off, 2);
	ck_assert_uint_eq(h[0].old_len, 2);
	ck_assert_uint_eq(h[0].new_off, 2);
	ck_assert_uint_eq(h[0].new_len, 5);
	/* Pure insertion at the end: empty old range after the last line. */
	ck_assert_uint_eq(h[1].old_start, 5);
	ck_assert_uint_eq(h[1].old_count, 0);
	ck_assert_uint_eq(h[1].old_off, strlen(old));
	ck_assert_uint_eq(h[1].old_len, 0);
	ck_assert_uint_eq(h[1].new_start, 6);
	ck_assert_uint_eq(h[1].new_count, 1);
	ck_assert_uint_eq(h[1].new_off, 11);
	ck_assert_uint_eq(h[1].new_len, 1);
	n = dh_diff_hunks(&h, arena, old, strlen(old), old, strlen(old));
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(h);
	dh_arena_free(arena);
}
END_TEST

typedef struct rng {
	unsigned long long s;
} rng;

static unsigned rnd(rng *r, unsigned n)
{
	r->s = r->s * 6364136223846793005ull + 1442695040888963407ull;
	return (unsigned)(r->s >> 33) % n;
}

/* Random text over few distinct lines, some CRLF, maybe no final '\n'. */
static char *random_text(rng *r, unsigned max_lines, size_t *len)
{
	dh_buf b = DH_BUF_INIT;
	unsigned n = rnd(r, max_lines + 1);
	for (unsigned i = 0; i < n; i++) {
		dh_buf_putc(&b, (char)('a' + rnd(r, 5)));
		if (rnd(r, 8) == 0)
			dh_buf_putc(&b, '\r');
		dh_buf_putc(&b, '\n');
	}
	if (b.len && rnd(r, 3) == 0)
		b.len--;
	dh_buf_putc(&b, '\0');
	b.len--;
	return dh_buf_detach(&b, len);
}

static size_t count_lines(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += s[i] == '\n';
	return n + (len && s[len - 1] != '\n');
}

/* Minimal edit size, from the classic O(NM) LCS table, for checking. */
static size_t edit_distance(const char *a, size_t al, const char *b, size_t bl)
{
	size_t na = count_lines(a, al), nb = count_lines(b, bl);
	const char **la = calloc(na + 1, sizeof(char *));
	const char **lb = calloc(nb + 1, sizeof(char *));
	size_t *ea = calloc(na + 1, sizeof(size_t));
	size_t *eb = calloc(nb + 1, sizeof(size_t));
	for (size_t i = 0, k = 0; k < na; k++) {
		la[k] = a + i;
		while (i < al && a[i] != '\n')
			i++;
		i += i < al;
		ea[k] = (size_t)(a + i - la[k]);
	}
	for (size_t i = 0, k = 0; k < nb; k++) {
		lb[k] = b + i;
		while (i < bl && b[i] != '\n')
			i++;
		i += i < bl;
		eb[k] = (size_t)(b + i - lb[k]);
	}
	size_t *t = calloc((na + 1) * (nb + 1), sizeof(size_t));
	for (size_t i = na; i-- > 0;)
		for (size_t j = nb; j-- > 0;) {
			size_t *c = &t[i * (nb + 1) + j];
			if (ea[i] == eb[j] && !memcmp(la[i], lb[j], ea[i]))
				*c = t[(i + 1) * (nb + 1) + j + 1] + 1;
			else {
				size_t x = t[(i + 1) * (nb + 1) + j];
				size_t y = t[i * (nb + 1) + j + 1];
				*c = x > y ? x : y;
			}
		}
	size_t lcs = t[0];
	free(t);
	free(la);
	free(lb);
	free(ea);
	free(eb);
	return na + nb - 2 * lcs;
}

START_TEST(test_diff_hunks_minimal_and_rebuild_new)
{
	rng r = {42};
	for (int iter = 0; iter < 2000; iter++) {
		size_t al, bl;
		char *a = random_text(&r, iter < 1000 ? 10 : 60, &al);
		char *b = random_text(&r, iter < 1000 ? 10 : 60, &bl);
		dh_arena *arena = dh_arena_new();
		dh_hunk *h;
		size_t n = dh_diff_hunks(&h, arena, a, al, b, bl);
		dh_buf re = DH_BUF_INIT;
		size_t pos = 0, d = 0;
		for (size_t k = 0; k < n; k++) {
			ck_assert(h[k].old_off >= pos);
			dh_buf_put(&re, a + pos, h[k].old_off - pos);
			dh_buf_put(&re, b + h[k].new_off, h[k].new_len);
			pos = h[k].old_off + h[k].old_len;
			d += h[k].old_count + h[k].new_count;
			ck_assert(h[k].old_count + h[k].new_count > 0);
		}
		dh_buf_put(&re, a + pos, al - pos);
		ck_assert_uint_eq(re.len, bl);
		ck_assert(bl == 0 || memcmp(re.data, b, bl) == 0);
		ck_assert_uint_eq(d, edit_distance(a, al, b, bl));
		dh_buf_free(&re);
		dh_arena_free(arena);
		free(a);
		free(b);
	}
}
END_TEST

static int have_patch(void)
{
	return system("command -v patch >/dev/null 2>&1") == 0;
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	dh_buf b = DH_BUF_INIT;
	if (f) {
		char chunk[4096];
		size_t n;
		while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
			dh_buf_put(&b, chunk, n);
		fclose(f);
	}
	dh_buf_putc(&b, '\0');
	b.len--;
	return dh_buf_detach(&b, len);
}

/* Applies our diff of old -> new_ with `patch -p0` and checks the result. */
static void check_patch_applies(const char *dir, const char *old,
				size_t old_len, const char *new_,
				size_t new_len)
{
	char file[512], diff[512], cmd[1600];
	snprintf(file, sizeof(file), "%s/target.txt", dir);
	snprintf(diff, sizeof(diff), "%s/change.diff", dir);
	write_file(file, old, old_len);
	dh_buf out = DH_BUF_INIT;
	dh_diff_unified(&out, "target.txt", "target.txt", old, old_len, new_,
			new_len);
	if (out.len == 0) {
		ck_assert(old_len == new_len && !memcmp(old, new_, old_len));
		dh_buf_free(&out);
		return;
	}
	write_file(diff, out.data, out.len);
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && patch -s -p0 --no-backup-if-mismatch "
		 "< change.diff >patch.log 2>&1",
		 dir);
	ck_assert_msg(system(cmd) == 0, "patch rejected:\n%s", out.data);
	size_t got_len;
	char *got = read_file(file, &got_len);
	ck_assert_msg(got_len == new_len && !memcmp(got, new_, new_len),
		      "patch result differs for diff:\n%s", out.data);
	free(got);
	dh_buf_free(&out);
}

START_TEST(test_diff_patch_applies)
{
	if (!have_patch()) {
		printf("test_diff_patch_applies: skipped, no patch(1)\n");
		return;
	}
	char dir[] = "/tmp/dh-diff-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	static const char *const cases[][2] = {
		{"", "a\nb\n"},
		{"a\nb\n", ""},
		{"a\nb", "a\nc"},
		{"a\nb", "a\nb\n"},
		{"a\nb\n", "a\nb"},
		{"a", "a\nb"},
		{"x\r\ny\r\nz\r\n", "x\r\nY\r\nz\r\n"},
		{"a\nb\nc\n", "z\nb\nc\n"},
		{"a\nb\nc\n", "a\nb\nz\n"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_patch_applies(dir, cases[i][0], strlen(cases[i][0]),
				    cases[i][1], strlen(cases[i][1]));
	char *old = numbered(40, NULL, 0);
	char *new_ = numbered(40, (const int[]){1, 5, 12, 20, 40}, 5);
	check_patch_applies(dir, old, strlen(old), new_, strlen(new_));
	free(old);
	free(new_);
	rng r = {7};
	for (int iter = 0; iter < 150; iter++) {
		size_t al, bl;
		char *a = random_text(&r, 30, &al);
		char *b = random_text(&r, 30, &bl);
		check_patch_applies(dir, a, al, b, bl);
		free(a);
		free(b);
	}
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(test_diff_big_file_small_edit_is_fast)
{
	dh_buf a = DH_BUF_INIT, b = DH_BUF_INIT;
	for (int i = 0; i < 200000; i++) {
		dh_buf_printf(&a, "RUN step %d\n", i);
		if (i == 99999)
			dh_buf_printf(&b, "RUN changed %d\n", i);
		else
			dh_buf_printf(&b, "RUN step %d\n", i);
	}
	clock_t t0 = clock();
	dh_buf out = DH_BUF_INIT;
	dh_diff_unified(&out, "a", "b", a.data, a.len, b.data, b.len);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	ck_assert_msg(secs < 1.0, "took %.3fs", secs);
	ck_assert_uint_eq(count_hunks(out.data), 1);
	ck_assert_ptr_nonnull(strstr(out.data, "@@ -99997,7 +99997,7 @@\n"));
	dh_buf_free(&out);
	dh_buf_free(&a);
	dh_buf_free(&b);
}
END_TEST

static Suite *diff_suite(void)
{
	Suite *s = suite_create("diff");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_diff_equal_prints_nothing);
	tcase_add_test(tc, test_diff_headers_and_single_change);
	tcase_add_test(tc, test_diff_empty_old);
	tcase_add_test(tc, test_diff_empty_new);
	tcase_add_test(tc, test_diff_no_trailing_newline);
	tcase_add_test(tc, test_diff_crlf_lines);
	tcase_add_test(tc, test_diff_first_and_last_line);
	tcase_add_test(tc, test_diff_hunks_merge_when_context_overlaps);
	tcase_add_test(tc, test_diff_hunks_fields);
	tcase_add_test(tc, test_diff_hunks_minimal_and_rebuild_new);
	tcase_add_test(tc, test_diff_patch_applies);
	tcase_add_test(tc, test_diff_big_file_small_edit_is_fast);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(diff_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
