/* SPDX-License-Identifier: MIT */
/* Unit tests for the words behind exit statuses: why a command refuses a
 * file of the wrong kind, the --check line, and --name's DNS-1123 check. */
#include "cli/explain_internal.h"

#include <check.h>
#include <string.h>

#include "dockharden/arena.h"
#include "dockharden/buf.h"
#include "dockharden/diag.h"
#include "dockharden/source.h"

static const char *refusal(dh_arena *a, const char *cmd, const char *name,
			   const char *text)
{
	dh_source *src = dh_source_new(a, name, text, strlen(text));
	return dh__cli_refusal(a, cmd, src, name);
}

static const char manifest[] = "apiVersion: v1\nkind: Pod\nmetadata:\n"
			       "  name: web\n";

START_TEST(test_explain_refusal_by_command)
{
	dh_arena *a = dh_arena_new();
	ck_assert_str_eq(refusal(a, "fmt", "pod.yaml", manifest),
			 "not a Dockerfile (looks like a Kubernetes manifest: "
			 "use 'dockharden patch')");
	ck_assert_str_eq(refusal(a, "harden", "run.sh", "#!/bin/sh\nls\n"),
			 "not a Dockerfile (looks like a script)");
	ck_assert_ptr_null(refusal(a, "harden", "x", "FROM alpine\n"));
	/* lint takes manifests, patch takes any YAML, parse anything. */
	ck_assert_ptr_null(refusal(a, "lint", "pod.yaml", manifest));
	ck_assert_str_eq(refusal(a, "lint", "v.yaml", "replicas: 2\n"),
			 "not a Dockerfile (looks like YAML)");
	ck_assert_ptr_null(refusal(a, "patch", "v.yaml", "replicas: 2\n"));
	ck_assert_ptr_null(refusal(a, "parse", "pod.yaml", manifest));
	ck_assert_str_eq(refusal(a, "patch", "Dockerfile", "RUN make\n"),
			 "not a Kubernetes manifest or compose file (looks "
			 "like a Dockerfile: use 'dockharden harden')");
	dh_arena_free(a);
}
END_TEST

START_TEST(test_explain_check_line)
{
	dh_arena *a = dh_arena_new();
	dh_source *src = dh_source_new(a, "Dockerfile", "FROM a\n", 7);
	dh_diags d;
	dh_diags_init(&d, a);
	dh_diag_add(&d, DH_SEV_NOTE, "DH105", src, (dh_span){0, 0}, "user");
	dh_diag_add(&d, DH_SEV_NOTE, "DH102", src, (dh_span){0, 0}, "final");
	dh_diag_add(&d, DH_SEV_NOTE, "DH105", src, (dh_span){0, 0}, "again");
	dh_diag_add(&d, DH_SEV_NOTE, "no-instructions", src, (dh_span){0, 0},
		    "not a reason");
	dh_buf out = DH_BUF_INIT;
	dh__cli_check_line(&out, "harden", "Dockerfile", &d, true);
	ck_assert_str_eq(out.data, "Dockerfile: would change (DH105, DH102)\n");
	dh_buf_clear(&out);
	dh__cli_check_line(&out, "harden", "Dockerfile", &d, false);
	ck_assert_str_eq(out.data, "Dockerfile: has findings (DH105, DH102)\n");
	dh_buf_clear(&out);
	dh__cli_check_line(&out, "fmt", "Dockerfile", &d, true);
	ck_assert_str_eq(out.data, "Dockerfile: would reformat\n");
	dh_buf_clear(&out);
	dh__cli_check_line(&out, "patch", "a.yaml", NULL, true);
	ck_assert_str_eq(out.data, "a.yaml: would change\n");
	dh_buf_free(&out);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_explain_dns_label)
{
	ck_assert(dh__cli_is_dns_label("web"));
	ck_assert(dh__cli_is_dns_label("orders-2"));
	ck_assert(dh__cli_is_dns_label("a"));
	char max[64];
	memset(max, 'a', 63);
	max[63] = '\0';
	ck_assert(dh__cli_is_dns_label(max));
	ck_assert(!dh__cli_is_dns_label(""));
	ck_assert(!dh__cli_is_dns_label("Web"));
	ck_assert(!dh__cli_is_dns_label("web_1"));
	ck_assert(!dh__cli_is_dns_label("-web"));
	ck_assert(!dh__cli_is_dns_label("web-"));
	ck_assert(!dh__cli_is_dns_label("web.local"));
	char over[65];
	memset(over, 'a', 64);
	over[64] = '\0';
	ck_assert(!dh__cli_is_dns_label(over));
}
END_TEST

static Suite *explain_suite(void)
{
	Suite *s = suite_create("explain");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_explain_refusal_by_command);
	tcase_add_test(tc, test_explain_check_line);
	tcase_add_test(tc, test_explain_dns_label);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(explain_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
