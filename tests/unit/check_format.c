/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for whitespace-only formatting: what each rule changes and
 * keeps, idempotence, and that dh_format_render (which writes formatted
 * nodes straight out) prints exactly what dh_format's edits and
 * dh_doc_render print, change count included, on inputs where the two
 * could part: instructions the input ends inside of, blank lines at the
 * end, lines that only hold an escape, old-form ENV, CRLF and backtick
 * escapes.
 */
#include "dockharden/format.h"

#include <check.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "dockharden/arena.h"
#include "dockharden/buf.h"
#include "dockharden/parse.h"

static dh_doc *parse_n(dh_arena *a, const char *text, size_t len)
{
	dh_source *src = dh_source_new(a, "test.Dockerfile", text, len);
	ck_assert_ptr_nonnull(src);
	dh_doc *doc = NULL;
	ck_assert_int_eq(dh_parse(&doc, a, src), 0);
	return doc;
}

/* Formats text both ways; checks they agree and returns the output. */
static char *format_both(const char *text, size_t len, size_t *out_changes)
{
	dh_arena *a = dh_arena_new();
	dh_doc *edited = parse_n(a, text, len);
	size_t by_edit;
	ck_assert_int_eq(dh_format(edited, &by_edit), 0);
	dh_buf want = DH_BUF_INIT;
	dh_doc_render(&want, edited);

	dh_doc *plain = parse_n(a, text, len);
	size_t by_render;
	dh_buf got = DH_BUF_INIT;
	dh_format_render(&got, plain, &by_render);

	ck_assert_msg(
		got.len == want.len &&
			(!got.len || !memcmp(got.data, want.data, got.len)),
		"render gives \"%s\", edits give \"%s\" for \"%s\"",
		got.data ? got.data : "", want.data ? want.data : "", text);
	ck_assert_uint_eq(by_render, by_edit);
	*out_changes = by_render;
	char *out = strndup(got.data ? got.data : "", got.len);
	dh_buf_free(&got);
	dh_buf_free(&want);
	dh_arena_free(a);
	return out;
}

static void expect_format(const char *text, const char *want,
			  size_t want_changes)
{
	size_t changes;
	char *got = format_both(text, strlen(text), &changes);
	ck_assert_str_eq(got, want);
	ck_assert_uint_eq(changes, want_changes);
	/* Idempotent: formatting the output changes nothing. */
	char *again = format_both(got, strlen(got), &changes);
	ck_assert_str_eq(again, got);
	ck_assert_uint_eq(changes, 0);
	free(again);
	free(got);
}

START_TEST(test_format_keyword_case_space_and_trailing_blanks)
{
	expect_format("from alpine\nrun   echo hi   \n",
		      "FROM alpine\nRUN echo hi\n", 2);
	/* A CR that trimming would leave last stays with its blanks: it
	 * would otherwise read as part of the line break next time. */
	expect_format("FROM a\nRUN c\t\r\t\n", "FROM a\nRUN c\t\r\t\n", 0);
}
END_TEST

START_TEST(test_format_continuations_take_the_file_indent)
{
	expect_format("FROM a\nRUN a \\\n    && b \\\n  && c\n",
		      "FROM a\nRUN a \\\n    && b \\\n    && c\n", 1);
}
END_TEST

START_TEST(test_format_keeps_quoted_and_verbatim_space)
{
	/* Inside a quote the indent is part of the string. */
	expect_format("FROM a\nRUN echo \"a \\\n   b\"\n",
		      "FROM a\nRUN echo \"a \\\n   b\"\n", 0);
	/* Old-form ENV keeps its value's white space. */
	expect_format("FROM a\nENV key  two  words\n",
		      "FROM a\nENV key  two  words\n", 0);
	expect_format("FROM a\nenv k=v\n", "FROM a\nENV k=v\n", 1);
}
END_TEST

START_TEST(test_format_comments_heredocs_and_errors_untouched)
{
	expect_format("FROM a\n  # note  \nRUN <<EOF\n  body  \nEOF\n",
		      "FROM a\n  # note  \nRUN <<EOF\n  body  \nEOF\n", 0);
	expect_format("FROM a\nENV onlyname\n", "FROM a\nENV onlyname\n", 0);
}
END_TEST

START_TEST(test_format_crlf_and_backtick_escape)
{
	expect_format("from a\r\nrun a  \\\r\n  b\r\n",
		      "FROM a\r\nRUN a  \\\r\n  b\r\n", 2);
	/* Without the directive a backtick is text. */
	expect_format("FROM a\nRUN a `\n  b\n", "FROM a\nRUN a `\nb\n", 1);
	expect_format("# escape=`\nfrom a\nrun a `\n      b\n",
		      "# escape=`\nFROM a\nRUN a `\n      b\n", 2);
}
END_TEST

START_TEST(test_format_input_ending_inside_instructions)
{
	/* Closing the continuation would turn the comments into top-level
	 * lines: left as it is. */
	expect_format("FROM a\nrun a \\\n# c\n  # d\n",
		      "FROM a\nrun a \\\n# c\n  # d\n", 0);
	/* Closing it leaves one instruction: formatted. */
	expect_format("FROM a\nrun a \\", "FROM a\nRUN a", 1);
	/* Blank space at the very end is kept, not dropped. */
	expect_format("FROM a\n   ", "FROM a\n   ", 0);
	/* Text that itself ends in the escape keeps the dangling one:
	 * dropping it would leave a line that still continues. */
	expect_format("d\\ \\", "d\\ \\", 0);
	/* An escaped escape does not continue: that one closes. */
	expect_format("FROM a\nrun a\\\\ \\", "FROM a\nRUN a\\\\", 1);
	expect_format("FROM a\nrun a\\\t\\\n\n", "FROM a\nRUN a\\\t\\\n\n", 1);
	/* A last line holding only the escape keeps it: dropping it would
	 * leave the line before dangling. */
	expect_format("\\\n\\", "\\\n\\", 0);
	/* A line that only holds an escape becomes a blank line. */
	expect_format("FROM a\n   \\\n", "FROM a\n\n", 1);
}
END_TEST

START_TEST(test_format_blank_lines_lose_their_spaces)
{
	expect_format("FROM a\n  \n\t\nRUN b\n", "FROM a\n\n\nRUN b\n", 1);
}
END_TEST

static Suite *format_suite(void)
{
	Suite *s = suite_create("format");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_format_keyword_case_space_and_trailing_blanks);
	tcase_add_test(tc, test_format_continuations_take_the_file_indent);
	tcase_add_test(tc, test_format_keeps_quoted_and_verbatim_space);
	tcase_add_test(tc, test_format_comments_heredocs_and_errors_untouched);
	tcase_add_test(tc, test_format_crlf_and_backtick_escape);
	tcase_add_test(tc, test_format_input_ending_inside_instructions);
	tcase_add_test(tc, test_format_blank_lines_lose_their_spaces);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(format_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? EXIT_FAILURE : EXIT_SUCCESS;
}
