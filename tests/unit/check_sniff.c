/* SPDX-License-Identifier: MIT */
/* Unit tests for the input sniffer: Dockerfiles by content and by name,
 * what contradicts a name, and each kind of YAML and non-YAML input. */
#include "dockharden/sniff.h"

#include <check.h>
#include <string.h>

#include "dockharden/arena.h"

/* The kind of text, named name (NULL: unnamed standard input). */
static dh_input_kind kind_of(const char *name, const char *text, size_t len)
{
	dh_arena *arena = dh_arena_new();
	dh_source *src = dh_source_new(arena, name ? name : "-", text, len);
	dh_input_kind k = dh_sniff(src, name);
	dh_arena_free(arena);
	return k;
}

static dh_input_kind sniff_str(const char *name, const char *text)
{
	return kind_of(name, text, strlen(text));
}

START_TEST(test_sniff_from_after_directives_comments_and_args)
{
	const char *text = "\xEF\xBB\xBF# syntax=docker/dockerfile:1\r\n"
			   "# escape=`\r\n"
			   "\r\n"
			   "# The Go version comes from CI.\r\n"
			   "ARG GO_VERSION=1.22 `\r\n"
			   "    BUILDER=golang\r\n"
			   "arg BASE\r\n"
			   "from ${BUILDER}:${GO_VERSION}\r\n";
	ck_assert_int_eq(sniff_str(NULL, text), DH_INPUT_DOCKERFILE);
	ck_assert_int_eq(sniff_str("build.txt", "  FROM\talpine:3.20\n"),
			 DH_INPUT_DOCKERFILE);
}
END_TEST

START_TEST(test_sniff_first_instruction_must_be_from_without_a_name)
{
	ck_assert_int_eq(sniff_str(NULL, "RUN make\nFROM alpine\n"),
			 DH_INPUT_OTHER);
	/* "FROMAGE" is not FROM. */
	ck_assert_int_eq(sniff_str(NULL, "FROMAGE alpine\n"), DH_INPUT_OTHER);
	ck_assert_int_eq(sniff_str("notes.txt", "# just comments\nARG A=1\n"),
			 DH_INPUT_OTHER);
}
END_TEST

START_TEST(test_sniff_name_says_dockerfile)
{
	ck_assert(dh_sniff_name_is_dockerfile("Dockerfile"));
	ck_assert(dh_sniff_name_is_dockerfile("svc/api/Containerfile"));
	ck_assert(dh_sniff_name_is_dockerfile("Dockerfile.dev"));
	ck_assert(dh_sniff_name_is_dockerfile("deploy/api.Dockerfile"));
	ck_assert(dh_sniff_name_is_dockerfile("api.dockerfile"));
	ck_assert(!dh_sniff_name_is_dockerfile("Dockerfiles/README.md"));
	ck_assert(!dh_sniff_name_is_dockerfile("deploy.yaml"));
	ck_assert(!dh_sniff_name_is_dockerfile(NULL));
	/* The name alone decides an empty file or a fragment. */
	ck_assert_int_eq(sniff_str("Dockerfile", ""), DH_INPUT_DOCKERFILE);
	ck_assert_int_eq(sniff_str("Dockerfile", "# only a comment\nARG X\n"),
			 DH_INPUT_DOCKERFILE);
	ck_assert_int_eq(sniff_str("Dockerfile.ci", "RUNN apt-get update\n"),
			 DH_INPUT_DOCKERFILE);
}
END_TEST

START_TEST(test_sniff_content_contradicts_name)
{
	ck_assert_int_eq(sniff_str("Dockerfile", "apiVersion: v1\nkind: Pod\n"
						 "metadata:\n  name: web\n"),
			 DH_INPUT_K8S);
	ck_assert_int_eq(sniff_str("Dockerfile", "{\"a\": 1}\n"),
			 DH_INPUT_JSON);
	ck_assert_int_eq(sniff_str("Dockerfile", "- one\n- two\n"),
			 DH_INPUT_YAML);
	ck_assert_int_eq(kind_of("Dockerfile", "RUN a\0b", 7), DH_INPUT_BINARY);
	/* FROM first is a Dockerfile; the parser reports the NUL. */
	ck_assert_int_eq(kind_of(NULL, "FROM a\nRUN b\0c\n", 15),
			 DH_INPUT_DOCKERFILE);
}
END_TEST

START_TEST(test_sniff_yaml_kinds)
{
	ck_assert_int_eq(sniff_str("a.yaml", "services:\n  web:\n"
					     "    image: nginx\n"),
			 DH_INPUT_COMPOSE);
	ck_assert_int_eq(sniff_str("a.yaml", "apiVersion: skaffold/v4beta6\n"
					     "kind: Config\n"),
			 DH_INPUT_SKAFFOLD);
	/* A stream takes its strongest document. */
	ck_assert_int_eq(sniff_str("a.yaml", "a: 1\n---\napiVersion: v1\n"
					     "kind: Service\n"),
			 DH_INPUT_K8S);
	ck_assert_int_eq(sniff_str("values.yaml", "replicas: 2\n"),
			 DH_INPUT_YAML);
	/* A Helm template is not YAML but still goes to the patcher. */
	ck_assert_int_eq(sniff_str("t.yaml", "apiVersion: v1\nkind: Pod\n"
					     "{{- if .Values.x }}\n: : :\n"),
			 DH_INPUT_K8S);
}
END_TEST

START_TEST(test_sniff_other_kinds)
{
	ck_assert_int_eq(sniff_str(NULL, ""), DH_INPUT_EMPTY);
	ck_assert_int_eq(sniff_str(NULL, "\n  \r\n\t\n"), DH_INPUT_EMPTY);
	ck_assert_int_eq(sniff_str("run.sh", "#!/bin/sh\nset -eu\necho hi\n"),
			 DH_INPUT_SCRIPT);
	ck_assert_int_eq(sniff_str("notes.txt", "Remember to rebuild.\n"),
			 DH_INPUT_OTHER);
	ck_assert_int_eq(kind_of(NULL,
				 "\x7f"
				 "ELF\0\0",
				 6),
			 DH_INPUT_BINARY);
}
END_TEST

START_TEST(test_sniff_describe_every_kind)
{
	for (int k = DH_INPUT_DOCKERFILE; k <= DH_INPUT_OTHER; k++) {
		const char *d = dh_sniff_describe((dh_input_kind)k);
		ck_assert_ptr_nonnull(d);
		ck_assert_uint_gt(strlen(d), 2);
	}
	ck_assert_str_eq(dh_sniff_describe(DH_INPUT_K8S),
			 "a Kubernetes manifest");
	ck_assert_str_eq(dh_sniff_describe(DH_INPUT_EMPTY), "an empty file");
}
END_TEST

static Suite *sniff_suite(void)
{
	Suite *s = suite_create("sniff");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_sniff_from_after_directives_comments_and_args);
	tcase_add_test(
		tc, test_sniff_first_instruction_must_be_from_without_a_name);
	tcase_add_test(tc, test_sniff_name_says_dockerfile);
	tcase_add_test(tc, test_sniff_content_contradicts_name);
	tcase_add_test(tc, test_sniff_yaml_kinds);
	tcase_add_test(tc, test_sniff_other_kinds);
	tcase_add_test(tc, test_sniff_describe_every_kind);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(sniff_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
