/* SPDX-License-Identifier: MIT */
/* Unit tests for the language server's framing (src/lsp/rpc.c) and the
 * paths of document uris (src/lsp/uri.c): what a client may send, broken
 * or whole, and what the server writes back. */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dockharden/errors.h"
#include "lsp/server_internal.h"

#define INIT_BODY "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"}"
#define INIT_MSG "Content-Length: 46\r\n\r\n" INIT_BODY

static dh__lsp_frame scan(const char *s, size_t max)
{
	dh__lsp_frame f;
	dh__lsp_frame_scan(&f, s, strlen(s), max);
	return f;
}

/* A reader over the bytes s (a temporary file, so any size fits). */
static FILE *stream(dh__lsp_reader *r, const char *s, size_t n, size_t max)
{
	FILE *f = tmpfile();
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(s, 1, n, f), n);
	fflush(f);
	rewind(f);
	dh__lsp_reader_init(r, fileno(f), max);
	return f;
}

/* The next read: its error code, or 0 for a message (checked to have the
 * method m when m is not NULL), or 1 for the end. */
static int next(dh__lsp_reader *r, const char *m)
{
	dh__lsp_in in;
	ck_assert_int_eq(dh__lsp_read(&in, r), 0);
	if (in.eof)
		return 1;
	if (!in.msg)
		return in.error;
	if (m)
		ck_assert_str_eq(
			json_string_value(json_object_get(in.msg, "method")),
			m);
	json_decref(in.msg);
	return 0;
}

START_TEST(test_lsp_frame_whole_message)
{
	dh__lsp_frame f = scan(INIT_MSG, DH__LSP_MAX_BODY);
	ck_assert_int_eq(f.kind, DH__LSP_FRAME_OK);
	ck_assert_uint_eq(f.header_len, 22);
	ck_assert_uint_eq(f.body_len, strlen(INIT_BODY));
}
END_TEST

START_TEST(test_lsp_frame_partial_waits)
{
	ck_assert_int_eq(scan("Content-Len", 100).kind, DH__LSP_FRAME_MORE);
	ck_assert_int_eq(scan("Content-Length: 2\r\n", 100).kind,
			 DH__LSP_FRAME_MORE);
	dh__lsp_frame f = scan("Content-Length: 2\r\n\r\n{", 100);
	ck_assert_int_eq(f.kind, DH__LSP_FRAME_MORE);
	/* The reader learns how much room the whole message needs. */
	ck_assert_uint_eq(f.header_len + f.body_len, 23);
}
END_TEST

START_TEST(test_lsp_frame_headers_any_case_order_type)
{
	dh__lsp_frame f = scan("content-type: application/vscode-jsonrpc; "
			       "charset=utf-8\r\nCONTENT-length:  2 \r\n\r\n{}",
			       100);
	ck_assert_int_eq(f.kind, DH__LSP_FRAME_OK);
	ck_assert_uint_eq(f.body_len, 2);
	f = scan("Content-Length: 2\n\n{}", 100);
	ck_assert_int_eq(f.kind, DH__LSP_FRAME_OK);
	ck_assert_uint_eq(f.header_len, 19);
}
END_TEST

START_TEST(test_lsp_frame_bad_headers)
{
	static const char *const bad[] = {
		"Content-Type: x\r\n\r\n{}",
		"Content-Length: 1x\r\n\r\n{}",
		"Content-Length: -2\r\n\r\n{}",
		"Content-Length: \r\n\r\n{}",
		"Content-Length: 99999999999999999999999\r\n\r\n{}",
		"Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
		"no colon here\r\n",
		"\r\n{}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(scan(bad[i], 100).kind == DH__LSP_FRAME_BAD,
			      "'%s' is not refused", bad[i]);
	/* The same length twice is fine. */
	ck_assert_int_eq(
		scan("Content-Length: 2\r\ncontent-length: 2\r\n\r\n{}", 100)
			.kind,
		DH__LSP_FRAME_OK);
}
END_TEST

START_TEST(test_lsp_frame_bad_resyncs_on_next_length)
{
	const char *s = "junk\r\n\r\n{\"x\":1}" INIT_MSG;
	dh__lsp_frame f = scan(s, 100);
	ck_assert_int_eq(f.kind, DH__LSP_FRAME_BAD);
	ck_assert_str_eq(s + f.header_len, INIT_MSG);
}
END_TEST

START_TEST(test_lsp_frame_long_header_and_large_body)
{
	char *s = malloc(DH__LSP_MAX_HEADER + 2);
	memset(s, 'a', DH__LSP_MAX_HEADER + 1);
	s[DH__LSP_MAX_HEADER + 1] = '\0';
	ck_assert_int_eq(scan(s, 100).kind, DH__LSP_FRAME_BAD);
	free(s);
	dh__lsp_frame f = scan("Content-Length: 101\r\n\r\n", 100);
	ck_assert_int_eq(f.kind, DH__LSP_FRAME_LARGE);
	ck_assert_uint_eq(f.body_len, 101);
	ck_assert_int_eq(scan("Content-Length: 100\r\n\r\n", 100).kind,
			 DH__LSP_FRAME_MORE);
}
END_TEST

START_TEST(test_lsp_read_messages_and_errors_in_order)
{
	const char s[] = INIT_MSG "Content-Length: 5\r\n\r\n{\"a\":" INIT_MSG
				  "garbage\r\n\r\nmore garbage\r\n\r\n" INIT_MSG
				  "Content-Length: 10\r\n\r\n{}";
	dh__lsp_reader r;
	FILE *f = stream(&r, s, sizeof(s) - 1, 1000);
	ck_assert_int_eq(next(&r, "initialize"), 0);
	ck_assert_int_eq(next(&r, NULL), DH__LSP_PARSE_ERROR);
	ck_assert_int_eq(next(&r, "initialize"), 0);
	/* Two broken sections in a row: one error, then the next message. */
	ck_assert_int_eq(next(&r, NULL), DH__LSP_PARSE_ERROR);
	ck_assert_int_eq(next(&r, "initialize"), 0);
	/* A truncated last message: the end, no error. */
	ck_assert_int_eq(next(&r, NULL), 1);
	dh__lsp_reader_free(&r);
	fclose(f);
}
END_TEST

START_TEST(test_lsp_read_oversized_body_is_skipped)
{
	size_t big = 200000;
	char *s = malloc(big + 200);
	int n = snprintf(s, 200, "Content-Length: %zu\r\n\r\n", big);
	memset(s + n, 'x', big);
	memcpy(s + (size_t)n + big, INIT_MSG, strlen(INIT_MSG));
	dh__lsp_reader r;
	FILE *f = stream(&r, s, (size_t)n + big + strlen(INIT_MSG), 1000);
	ck_assert_int_eq(next(&r, NULL), DH__LSP_INVALID_REQUEST);
	ck_assert_int_eq(next(&r, "initialize"), 0);
	ck_assert_int_eq(next(&r, NULL), 1);
	/* The buffer did not grow for the body it skipped. */
	ck_assert_uint_lt(r.cap, big);
	dh__lsp_reader_free(&r);
	fclose(f);
	free(s);
}
END_TEST

START_TEST(test_lsp_read_nul_in_string_and_non_object)
{
	const char s[] =
		"Content-Length: 23\r\n\r\n{\"method\":\"a\\u0000b\"}  "
		"Content-Length: 2\r\n\r\n42";
	dh__lsp_reader r;
	FILE *f = stream(&r, s, sizeof(s) - 1, 1000);
	dh__lsp_in in;
	ck_assert_int_eq(dh__lsp_read(&in, &r), 0);
	ck_assert_ptr_nonnull(in.msg);
	ck_assert_uint_eq(json_string_length(json_object_get(in.msg, "method")),
			  3);
	json_decref(in.msg);
	/* A scalar body is not a message: a parse error, as jansson has it. */
	ck_assert_int_eq(next(&r, NULL), DH__LSP_PARSE_ERROR);
	dh__lsp_reader_free(&r);
	fclose(f);
}
END_TEST

START_TEST(test_lsp_write_reads_back)
{
	int p[2];
	ck_assert_int_eq(pipe(p), 0);
	json_t *msg =
		json_pack("{s:s,s:i,s:{s:s}}", "jsonrpc", "2.0", "id", 7,
			  "result", "text", "caf\xc3\xa9 \xf0\x9f\x98\x80");
	ck_assert_int_eq(dh__lsp_write(p[1], msg), 0);
	close(p[1]);
	dh__lsp_reader r;
	dh__lsp_reader_init(&r, p[0], 1000);
	dh__lsp_in in;
	ck_assert_int_eq(dh__lsp_read(&in, &r), 0);
	ck_assert(json_equal(in.msg, msg));
	json_decref(in.msg);
	ck_assert_int_eq(next(&r, NULL), 1);
	dh__lsp_reader_free(&r);
	close(p[0]);
	json_decref(msg);
}
END_TEST

START_TEST(test_lsp_write_to_closed_pipe_fails)
{
	signal(SIGPIPE, SIG_IGN);
	int p[2];
	ck_assert_int_eq(pipe(p), 0);
	close(p[0]);
	json_t *msg = json_pack("{s:s}", "jsonrpc", "2.0");
	ck_assert_int_eq(dh__lsp_write(p[1], msg), DH_EIO);
	ck_assert_int_eq(errno, EPIPE);
	close(p[1]);
	json_decref(msg);
}
END_TEST

static void expect_path(const char *uri, const char *want)
{
	char *got = dh__lsp_uri_path(uri);
	if (!want)
		ck_assert_msg(!got, "'%s' gave path '%s'", uri, got);
	else
		ck_assert_msg(got && !strcmp(got, want), "'%s' gave '%s'", uri,
			      got ? got : "(null)");
	free(got);
}

START_TEST(test_lsp_uri_path)
{
	expect_path("file:///src/app/Dockerfile", "/src/app/Dockerfile");
	expect_path("file://localhost/src/Dockerfile", "/src/Dockerfile");
	expect_path("file:///my%20app/caf%C3%A9/Dockerfile",
		    "/my app/caf\xc3\xa9/Dockerfile");
	expect_path("file:///c%3a/x", "/c:/x");
	expect_path("file:///a/b?query#frag", "/a/b");
	expect_path("file:///100%/x%4", "/100%/x%4");
	expect_path("file:///a%00b", NULL);
	expect_path("file://host/share/Dockerfile", NULL);
	expect_path("untitled:Untitled-1", NULL);
	expect_path("https://example.com/Dockerfile", NULL);
}
END_TEST

static Suite *lsp_suite(void)
{
	Suite *s = suite_create("lsp");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_lsp_frame_whole_message);
	tcase_add_test(tc, test_lsp_frame_partial_waits);
	tcase_add_test(tc, test_lsp_frame_headers_any_case_order_type);
	tcase_add_test(tc, test_lsp_frame_bad_headers);
	tcase_add_test(tc, test_lsp_frame_bad_resyncs_on_next_length);
	tcase_add_test(tc, test_lsp_frame_long_header_and_large_body);
	tcase_add_test(tc, test_lsp_read_messages_and_errors_in_order);
	tcase_add_test(tc, test_lsp_read_oversized_body_is_skipped);
	tcase_add_test(tc, test_lsp_read_nul_in_string_and_non_object);
	tcase_add_test(tc, test_lsp_write_reads_back);
	tcase_add_test(tc, test_lsp_write_to_closed_pipe_fails);
	tcase_add_test(tc, test_lsp_uri_path);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(lsp_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
