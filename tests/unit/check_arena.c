/* SPDX-License-Identifier: MIT */
/* Unit tests for the arena and the page-mapped blocks behind its big chunks. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dockharden/arena.h"
#include "base/pages_internal.h"

#define MIB ((size_t)1024 * 1024)

static int all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

START_TEST(test_arena_pages_round_to_huge_pages)
{
	ck_assert_uint_eq(dh__pages_round(1), 2 * MIB);
	ck_assert_uint_eq(dh__pages_round(2 * MIB), 2 * MIB);
	ck_assert_uint_eq(dh__pages_round(2 * MIB + 1), 4 * MIB);
}
END_TEST

START_TEST(test_arena_pages_aligned_zeroed_writable)
{
	size_t size = 5 * MIB + 123;
	unsigned char *p = dh__pages_alloc(size);
	ck_assert_uint_eq((uintptr_t)p % (2 * MIB), 0);
	ck_assert(all_zero(p, dh__pages_round(size)));
	memset(p, 0xa5, dh__pages_round(size));
	ck_assert_uint_eq(p[dh__pages_round(size) - 1], 0xa5);
	dh__pages_free(p, size);
	dh__pages_free(NULL, size);
}
END_TEST

START_TEST(test_arena_small_allocations_zeroed_and_aligned)
{
	dh_arena *a = dh_arena_new();
	for (size_t i = 1; i < 5000; i++) {
		unsigned char *p = dh_arena_alloc(a, i % 97 + 1);
		ck_assert_uint_eq((uintptr_t)p % 8, 0);
		ck_assert(all_zero(p, i % 97 + 1));
		memset(p, 0xff, i % 97 + 1);
	}
	dh_arena_free(a);
}
END_TEST

START_TEST(test_arena_large_allocation_zeroed)
{
	dh_arena *a = dh_arena_new();
	(void)dh_arena_alloc(a, 100);
	size_t big = 9 * MIB + 7;
	unsigned char *p = dh_arena_alloc(a, big);
	ck_assert(all_zero(p, big));
	memset(p, 0x5a, big);
	/* What follows a big allocation comes from the rest of its chunk. */
	unsigned char *q = dh_arena_alloc(a, 4096);
	ck_assert(all_zero(q, 4096));
	ck_assert_uint_ge(dh_arena_used(a), big + 4096);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_arena_reset_hands_out_zeroed_memory_again)
{
	dh_arena *a = dh_arena_new();
	size_t big = 3 * MIB;
	unsigned char *p = dh_arena_alloc(a, big);
	memset(p, 0xee, big);
	dh_arena_reset(a);
	ck_assert_uint_eq(dh_arena_used(a), 0);
	unsigned char *again = dh_arena_alloc(a, big);
	ck_assert(all_zero(again, big));
	dh_arena_free(a);
}
END_TEST

START_TEST(test_arena_strndup_keeps_nul_bytes)
{
	dh_arena *a = dh_arena_new();
	char *s = dh_arena_strndup(a, "a\0b", 3);
	ck_assert_int_eq(memcmp(s, "a\0b", 4), 0);
	ck_assert_str_eq(dh_arena_printf(a, "%s-%d", "x", 42), "x-42");
	dh_arena_free(a);
}
END_TEST

static Suite *arena_suite(void)
{
	Suite *s = suite_create("arena");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_arena_pages_round_to_huge_pages);
	tcase_add_test(tc, test_arena_pages_aligned_zeroed_writable);
	tcase_add_test(tc, test_arena_small_allocations_zeroed_and_aligned);
	tcase_add_test(tc, test_arena_large_allocation_zeroed);
	tcase_add_test(tc, test_arena_reset_hands_out_zeroed_memory_again);
	tcase_add_test(tc, test_arena_strndup_keeps_nul_bytes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(arena_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
