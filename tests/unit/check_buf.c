/* SPDX-License-Identifier: MIT */
/* Unit tests for dh_buf: growth, NUL termination, big buffers in mappings. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "dockharden/buf.h"

#define MIB ((size_t)1024 * 1024)

/* Appends n bytes of a pattern that tells each position apart. */
static void put_pattern(dh_buf *b, size_t n)
{
	char chunk[4096];
	for (size_t done = 0; done < n;) {
		size_t k = n - done < sizeof(chunk) ? n - done : sizeof(chunk);
		for (size_t i = 0; i < k; i++)
			chunk[i] = (char)('a' + (done + i) % 23);
		dh_buf_put(b, chunk, k);
		done += k;
	}
}

static int has_pattern(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (char)('a' + i % 23))
			return 0;
	return 1;
}

START_TEST(test_buf_small_appends_terminated)
{
	dh_buf b = DH_BUF_INIT;
	dh_buf_puts(&b, "abc");
	dh_buf_putc(&b, 'd');
	dh_buf_printf(&b, "-%d", 7);
	ck_assert_uint_eq(b.len, 6);
	ck_assert_str_eq(b.data, "abcd-7");
	dh_buf_free(&b);
	ck_assert_ptr_null(b.data);
}
END_TEST

START_TEST(test_buf_growth_past_two_mib_keeps_bytes)
{
	dh_buf b = DH_BUF_INIT;
	size_t n = 5 * MIB + 17;
	put_pattern(&b, n);
	ck_assert_uint_eq(b.len, n);
	ck_assert_uint_gt(b.cap, n);
	ck_assert(has_pattern(b.data, n));
	ck_assert_int_eq(b.data[n], '\0');
	dh_buf_free(&b);
}
END_TEST

START_TEST(test_buf_clear_keeps_big_memory)
{
	dh_buf b = DH_BUF_INIT;
	dh_buf_reserve(&b, 3 * MIB);
	size_t cap = b.cap;
	char *data = b.data;
	put_pattern(&b, 3 * MIB);
	dh_buf_clear(&b);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_str_eq(b.data, "");
	put_pattern(&b, 3 * MIB);
	ck_assert_ptr_eq(b.data, data);
	ck_assert_uint_eq(b.cap, cap);
	ck_assert(has_pattern(b.data, 3 * MIB));
	dh_buf_free(&b);
}
END_TEST

START_TEST(test_buf_detach_big_buffer_is_freeable)
{
	dh_buf b = DH_BUF_INIT;
	size_t n = 4 * MIB;
	put_pattern(&b, n);
	size_t len = 0;
	char *p = dh_buf_detach(&b, &len);
	ck_assert_uint_eq(len, n);
	ck_assert(has_pattern(p, n));
	ck_assert_int_eq(p[n], '\0');
	ck_assert_ptr_null(b.data);
	ck_assert_uint_eq(b.cap, 0);
	free(p);
}
END_TEST

START_TEST(test_buf_detach_empty_gives_empty_string)
{
	dh_buf b = DH_BUF_INIT;
	char *p = dh_buf_detach(&b, NULL);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p, "");
	free(p);
}
END_TEST

static Suite *buf_suite(void)
{
	Suite *s = suite_create("buf");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_buf_small_appends_terminated);
	tcase_add_test(tc, test_buf_growth_past_two_mib_keeps_bytes);
	tcase_add_test(tc, test_buf_clear_keeps_big_memory);
	tcase_add_test(tc, test_buf_detach_big_buffer_is_freeable);
	tcase_add_test(tc, test_buf_detach_empty_gives_empty_string);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(buf_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
