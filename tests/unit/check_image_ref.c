/* SPDX-License-Identifier: MIT */
/* Unit tests for dh_image_ref_parse: the Docker reference split. */
#include <check.h>
#include <stdlib.h>

#include "dockharden/image_ref.h"

/* Asserts a string field equals want, where want NULL means "unset". */
#define ck_field(got, want)                                                    \
	do {                                                                   \
		if ((want) == NULL)                                            \
			ck_assert_ptr_null(got);                               \
		else                                                           \
			ck_assert_str_eq((got) ? (got) : "(null)", (want));    \
	} while (0)

static void check_ref(dh_arena *arena, const char *text, const char *registry,
		      const char *repository, const char *name, const char *tag,
		      const char *digest)
{
	dh_image_ref ref;
	dh_image_ref_parse(&ref, arena, text);
	ck_assert_str_eq(ref.text, text);
	ck_field(ref.registry, registry);
	ck_field(ref.repository, repository);
	ck_field(ref.name, name);
	ck_field(ref.tag, tag);
	ck_field(ref.digest, digest);
}

START_TEST(test_image_ref_plain_name)
{
	dh_arena *arena = dh_arena_new();
	check_ref(arena, "golang", NULL, "golang", "golang", NULL, NULL);
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_image_ref_name_and_tag)
{
	dh_arena *arena = dh_arena_new();
	check_ref(arena, "golang:1.22-alpine", NULL, "golang", "golang",
		  "1.22-alpine", NULL);
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_image_ref_hub_namespace_is_not_registry)
{
	dh_arena *arena = dh_arena_new();
	check_ref(arena, "library/golang", NULL, "library/golang", "golang",
		  NULL, NULL);
	check_ref(arena, "nginxinc/nginx-unprivileged:1.27", NULL,
		  "nginxinc/nginx-unprivileged", "nginx-unprivileged", "1.27",
		  NULL);
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_image_ref_registry_with_dot)
{
	dh_arena *arena = dh_arena_new();
	check_ref(arena, "gcr.io/distroless/static-debian12:nonroot", "gcr.io",
		  "distroless/static-debian12", "static-debian12", "nonroot",
		  NULL);
	check_ref(arena, "docker.io/library/golang:1.22", "docker.io",
		  "library/golang", "golang", "1.22", NULL);
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_image_ref_registry_port_tag_digest)
{
	dh_arena *arena = dh_arena_new();
	check_ref(arena, "host:5000/app:1.2@sha256:abc", "host:5000", "app",
		  "app", "1.2", "sha256:abc");
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_image_ref_registry_port_no_tag)
{
	dh_arena *arena = dh_arena_new();
	check_ref(arena, "mirror.corp:5000/library/node", "mirror.corp:5000",
		  "library/node", "node", NULL, NULL);
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_image_ref_localhost_registry)
{
	dh_arena *arena = dh_arena_new();
	check_ref(arena, "localhost/app", "localhost", "app", "app", NULL,
		  NULL);
	/* A single component is a repository even when it looks like a
	 * host. */
	check_ref(arena, "localhost", NULL, "localhost", "localhost", NULL,
		  NULL);
	check_ref(arena, "gcr.io", NULL, "gcr.io", "gcr.io", NULL, NULL);
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_image_ref_digest_only)
{
	dh_arena *arena = dh_arena_new();
	check_ref(arena, "alpine@sha256:0123abcd", NULL, "alpine", "alpine",
		  NULL, "sha256:0123abcd");
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_image_ref_tag_is_after_last_slash)
{
	dh_arena *arena = dh_arena_new();
	/* The port colon comes before the last '/', so it is not a tag. */
	check_ref(arena, "reg.example:443/team/app", "reg.example:443",
		  "team/app", "app", NULL, NULL);
	check_ref(arena, "reg.example:443/team/app:v2", "reg.example:443",
		  "team/app", "app", "v2", NULL);
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_image_ref_has_variable)
{
	dh_arena *arena = dh_arena_new();
	dh_image_ref ref;
	dh_image_ref_parse(&ref, arena, "${REGISTRY}/app:${VERSION}");
	ck_assert(ref.has_variable);
	dh_image_ref_parse(&ref, arena, "golang:$GO");
	ck_assert(ref.has_variable);
	dh_image_ref_parse(&ref, arena, "golang:1.22");
	ck_assert(!ref.has_variable);
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_image_ref_scratch)
{
	dh_arena *arena = dh_arena_new();
	dh_image_ref ref;
	dh_image_ref_parse(&ref, arena, "scratch");
	ck_assert(ref.is_scratch);
	ck_assert_str_eq(ref.repository, "scratch");
	dh_image_ref_parse(&ref, arena, "Scratch");
	ck_assert(!ref.is_scratch);
	dh_image_ref_parse(&ref, arena, "scratch:latest");
	ck_assert(!ref.is_scratch);
	dh_image_ref_parse(&ref, arena, "library/scratch");
	ck_assert(!ref.is_scratch);
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_image_ref_empty_and_null)
{
	dh_arena *arena = dh_arena_new();
	check_ref(arena, "", NULL, "", "", NULL, NULL);
	dh_image_ref ref;
	dh_image_ref_parse(&ref, arena, NULL);
	ck_assert_str_eq(ref.text, "");
	ck_assert_str_eq(ref.repository, "");
	ck_assert(!ref.has_variable && !ref.is_scratch);
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_image_ref_odd_text)
{
	dh_arena *arena = dh_arena_new();
	check_ref(arena, ":", NULL, ":", ":", NULL, NULL);
	check_ref(arena, "@", NULL, "", "", NULL, NULL);
	check_ref(arena, "a:b:c", NULL, "a:b", "a:b", "c", NULL);
	check_ref(arena, "app:", NULL, "app:", "app:", NULL, NULL);
	check_ref(arena, "/app", NULL, "/app", "app", NULL, NULL);
	check_ref(arena, "a/", NULL, "a/", "", NULL, NULL);
	check_ref(arena, "gcr.io/", NULL, "gcr.io/", "", NULL, NULL);
	check_ref(arena, "@sha256:x", NULL, "", "", NULL, "sha256:x");
	check_ref(arena, "a@b@c", NULL, "a", "a", NULL, "b@c");
	check_ref(arena, "::/:", "::", ":", ":", NULL, NULL);
	dh_arena_free(arena);
}
END_TEST

static Suite *image_ref_suite(void)
{
	Suite *s = suite_create("image_ref");
	TCase *tc = tcase_create("parse");
	tcase_add_test(tc, test_image_ref_plain_name);
	tcase_add_test(tc, test_image_ref_name_and_tag);
	tcase_add_test(tc, test_image_ref_hub_namespace_is_not_registry);
	tcase_add_test(tc, test_image_ref_registry_with_dot);
	tcase_add_test(tc, test_image_ref_registry_port_tag_digest);
	tcase_add_test(tc, test_image_ref_registry_port_no_tag);
	tcase_add_test(tc, test_image_ref_localhost_registry);
	tcase_add_test(tc, test_image_ref_digest_only);
	tcase_add_test(tc, test_image_ref_tag_is_after_last_slash);
	tcase_add_test(tc, test_image_ref_has_variable);
	tcase_add_test(tc, test_image_ref_scratch);
	tcase_add_test(tc, test_image_ref_empty_and_null);
	tcase_add_test(tc, test_image_ref_odd_text);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(image_ref_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
