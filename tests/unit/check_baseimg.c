/* SPDX-License-Identifier: MIT */
/* Unit tests for the base-image table: lookups and runtime choices. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dockharden/baseimg.h"

static const dh_baseimg *lookup(dh_arena *arena, const char *text)
{
	dh_image_ref ref;
	dh_image_ref_parse(&ref, arena, text);
	return dh_baseimg_lookup(&ref);
}

static const dh_baseimg *lookup_id(dh_arena *arena, const char *text,
				   const char *id)
{
	const dh_baseimg *img = lookup(arena, text);
	ck_assert_msg(img != NULL, "no family for '%s'", text);
	ck_assert_str_eq(img->id, id);
	return img;
}

static const char *runtime(dh_arena *arena, const char *text, bool stat)
{
	dh_image_ref ref;
	dh_image_ref_parse(&ref, arena, text);
	return dh_baseimg_runtime_for(arena, &ref, stat);
}

static void check_runtime(dh_arena *arena, const char *builder, bool stat,
			  const char *want)
{
	const char *got = runtime(arena, builder, stat);
	if (!want) {
		ck_assert_msg(got == NULL, "'%s' gave '%s'", builder, got);
		return;
	}
	ck_assert_msg(got != NULL, "no runtime for '%s'", builder);
	ck_assert_str_eq(got, want);
}

static bool has_writable(const dh_baseimg *img, const char *path)
{
	for (size_t i = 0; i < DH_BASEIMG_MAX_WRITABLE && img->writable[i]; i++)
		if (strcmp(img->writable[i], path) == 0)
			return true;
	return false;
}

START_TEST(test_baseimg_golang_alpine_is_musl_apk)
{
	dh_arena *arena = dh_arena_new();
	const dh_baseimg *img =
		lookup_id(arena, "golang:1.22-alpine", "golang-alpine");
	ck_assert_int_eq(img->libc, DH_LIBC_MUSL);
	ck_assert_int_eq(img->pkg, DH_PKG_APK);
	ck_assert_int_eq(img->eco, DH_ECO_GO);
	ck_assert_int_eq(img->role, DH_ROLE_BUILDER);
	ck_assert(img->has_shell);
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_baseimg_docker_hub_spellings_match)
{
	dh_arena *arena = dh_arena_new();
	const dh_baseimg *img =
		lookup_id(arena, "docker.io/library/golang:1.22", "golang");
	ck_assert_int_eq(img->libc, DH_LIBC_GLIBC);
	ck_assert_int_eq(img->pkg, DH_PKG_APT);
	ck_assert_uint_eq(img->uid, 0);
	lookup_id(arena, "library/golang", "golang");
	lookup_id(arena, "index.docker.io/library/golang:1.22", "golang");
	lookup_id(arena, "golang@sha256:abcd", "golang");
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_baseimg_registry_mirror_matches)
{
	dh_arena *arena = dh_arena_new();
	const dh_baseimg *img = lookup_id(
		arena, "mirror.corp:5000/library/node:20-slim", "node");
	ck_assert_str_eq(img->nonroot_user, "node");
	ck_assert_uint_eq(img->nonroot_uid, 1000);
	ck_assert_uint_eq(img->nonroot_gid, 1000);
	ck_assert_uint_eq(img->uid, 0);
	lookup_id(arena, "public.ecr.aws/docker/library/node:22-alpine",
		  "node-alpine");
	lookup_id(arena, "mirror.corp/gcr.io/distroless/static-debian12",
		  "distroless-static");
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_baseimg_other_hub_namespace_is_unknown)
{
	dh_arena *arena = dh_arena_new();
	ck_assert_ptr_null(lookup(arena, "someuser/golang:1.22"));
	ck_assert_ptr_null(lookup(arena, "example.com/team/app:1.0"));
	ck_assert_ptr_null(lookup(arena, "golangci/golangci-lint"));
	ck_assert_ptr_null(lookup(arena, ""));
	ck_assert_ptr_null(dh_baseimg_lookup(NULL));
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_baseimg_variable_reference_is_unknown)
{
	dh_arena *arena = dh_arena_new();
	ck_assert_ptr_null(lookup(arena, "golang:${GO_VERSION}"));
	ck_assert_ptr_null(lookup(arena, "$BASE"));
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_baseimg_distroless_static_nonroot)
{
	dh_arena *arena = dh_arena_new();
	const dh_baseimg *img =
		lookup_id(arena, "gcr.io/distroless/static-debian12:nonroot",
			  "distroless-static-nonroot");
	ck_assert_uint_eq(img->uid, 65532);
	ck_assert_uint_eq(img->gid, 65532);
	ck_assert(dh_baseimg_runs_nonroot(img));
	ck_assert(!img->has_shell);
	ck_assert(img->has_ca_certs);
	ck_assert(img->has_passwd);
	ck_assert(img->distroless);
	ck_assert_int_eq(img->libc, DH_LIBC_NONE);
	ck_assert_int_eq(img->pkg, DH_PKG_NONE);
	ck_assert_int_eq(img->role, DH_ROLE_RUNTIME);
	lookup_id(arena, "gcr.io/distroless/static:nonroot-amd64",
		  "distroless-static-nonroot");
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_baseimg_distroless_default_runs_as_root)
{
	dh_arena *arena = dh_arena_new();
	const dh_baseimg *img =
		lookup_id(arena, "gcr.io/distroless/static-debian12",
			  "distroless-static");
	ck_assert_uint_eq(img->uid, 0);
	ck_assert(!dh_baseimg_runs_nonroot(img));
	ck_assert_str_eq(img->nonroot_tag, "nonroot");
	ck_assert_uint_eq(img->nonroot_uid, 65532);
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_baseimg_distroless_debug_has_shell)
{
	dh_arena *arena = dh_arena_new();
	const dh_baseimg *img =
		lookup_id(arena, "gcr.io/distroless/base-debian12:debug",
			  "distroless-base-debug");
	ck_assert(img->has_shell);
	ck_assert_uint_eq(img->uid, 0);
	ck_assert_int_eq(img->libc, DH_LIBC_GLIBC);
	img = lookup_id(arena, "gcr.io/distroless/cc-debian12:debug-nonroot",
			"distroless-cc-debug-nonroot");
	ck_assert(img->has_shell);
	ck_assert_uint_eq(img->uid, 65532);
	img = lookup_id(arena, "gcr.io/distroless/base-debian12:latest",
			"distroless-base");
	ck_assert(!img->has_shell);
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_baseimg_distroless_entrypoints)
{
	dh_arena *arena = dh_arena_new();
	const dh_baseimg *img =
		lookup_id(arena, "gcr.io/distroless/nodejs22-debian12:nonroot",
			  "distroless-nodejs-nonroot");
	ck_assert_str_eq(img->entrypoint, "/nodejs/bin/node");
	ck_assert_int_eq(img->eco, DH_ECO_NODE);
	img = lookup_id(arena, "gcr.io/distroless/java17-debian12",
			"distroless-java");
	ck_assert_str_eq(img->entrypoint, "/usr/bin/java -jar");
	img = lookup_id(arena, "gcr.io/distroless/python3-debian12:nonroot",
			"distroless-python3-nonroot");
	ck_assert_ptr_nonnull(strstr(img->entrypoint, "python3"));
	img = lookup_id(arena, "gcr.io/distroless/static-debian12",
			"distroless-static");
	ck_assert_ptr_null(img->entrypoint);
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_baseimg_chainguard_defaults_nonroot)
{
	dh_arena *arena = dh_arena_new();
	const dh_baseimg *img = lookup_id(arena, "cgr.dev/chainguard/static",
					  "chainguard-static");
	ck_assert_uint_eq(img->uid, 65532);
	ck_assert(!img->has_shell);
	/* Not mistaken for the official node image via the mirror rule. */
	img = lookup_id(arena, "cgr.dev/chainguard/node:latest",
			"chainguard-node");
	ck_assert(!img->has_shell);
	ck_assert_uint_eq(img->uid, 65532);
	img = lookup_id(arena, "cgr.dev/chainguard/node:latest-dev",
			"chainguard-node-dev");
	ck_assert(img->has_shell);
	ck_assert_int_eq(img->pkg, DH_PKG_APK);
	img = lookup_id(arena, "cgr.dev/chainguard/wolfi-base",
			"chainguard-wolfi-base");
	ck_assert_uint_eq(img->uid, 0);
	lookup_id(arena, "cgr.dev/chainguard/go:latest", "chainguard-go");
	lookup_id(arena, "cgr.dev/chainguard/jre", "chainguard-jre");
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_baseimg_nginx_user_and_writable_paths)
{
	dh_arena *arena = dh_arena_new();
	const dh_baseimg *img = lookup_id(arena, "nginx:1.27", "nginx");
	ck_assert_uint_eq(img->uid, 0);
	ck_assert_str_eq(img->nonroot_user, "nginx");
	ck_assert_uint_eq(img->nonroot_uid, 101);
	ck_assert(has_writable(img, "/var/cache/nginx"));
	ck_assert(has_writable(img, "/var/run"));
	ck_assert(has_writable(img, "/tmp"));
	ck_assert_uint_eq(img->ports[0], 80);
	img = lookup_id(arena, "nginxinc/nginx-unprivileged:1.27-alpine",
			"nginx-unprivileged-alpine");
	ck_assert_uint_eq(img->uid, 101);
	ck_assert_uint_eq(img->ports[0], 8080);
	ck_assert_int_eq(img->libc, DH_LIBC_MUSL);
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_baseimg_runtime_only_writable_paths)
{
	dh_arena *arena = dh_arena_new();
	const dh_baseimg *img = lookup_id(arena, "httpd:2.4", "httpd");
	ck_assert(has_writable(img, "/usr/local/apache2/logs"));
	ck_assert_uint_eq(img->ports[0], 80);
	img = lookup_id(arena, "postgres:16-alpine", "postgres-alpine");
	ck_assert(has_writable(img, "/var/run/postgresql"));
	ck_assert(has_writable(img, "/var/lib/postgresql/data"));
	ck_assert_int_eq(img->role, DH_ROLE_RUNTIME);
	img = lookup_id(arena, "redis:7", "redis");
	ck_assert(has_writable(img, "/data"));
	ck_assert(!has_writable(img, "/tmp"));
	img = lookup_id(arena, "mysql:8.4", "mysql");
	ck_assert(has_writable(img, "/var/lib/mysql"));
	ck_assert_uint_eq(img->nonroot_uid, 999);
	img = lookup_id(arena, "mariadb:11", "mariadb");
	ck_assert(has_writable(img, "/run/mysqld"));
	ck_assert_uint_eq(img->ports[0], 3306);
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_baseimg_scratch)
{
	dh_arena *arena = dh_arena_new();
	const dh_baseimg *img = lookup_id(arena, "scratch", "scratch");
	ck_assert(!img->has_shell);
	ck_assert(!img->has_ca_certs);
	ck_assert(!img->has_passwd);
	ck_assert_int_eq(img->libc, DH_LIBC_NONE);
	ck_assert_int_eq(img->eco, DH_ECO_STATIC);
	/* Only the reserved word is scratch, not a mirror path ending in it. */
	ck_assert_ptr_null(lookup(arena, "mirror.corp/library/scratch"));
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_baseimg_windows_images)
{
	dh_arena *arena = dh_arena_new();
	const dh_baseimg *img = lookup_id(
		arena, "mcr.microsoft.com/windows/servercore:ltsc2022",
		"windows-servercore");
	ck_assert(img->windows);
	img = lookup_id(arena, "mcr.microsoft.com/windows/nanoserver:ltsc2022",
			"windows-nanoserver");
	ck_assert(img->windows);
	img = lookup_id(arena,
			"mcr.microsoft.com/dotnet/sdk:8.0-nanoserver-ltsc2022",
			"dotnet-sdk-nanoserver");
	ck_assert(img->windows);
	img = lookup_id(arena,
			"mcr.microsoft.com/dotnet/aspnet:8.0-windowsservercore-"
			"ltsc2022",
			"dotnet-aspnet-windowsservercore");
	ck_assert(img->windows);
	img = lookup_id(arena, "mcr.microsoft.com/dotnet/sdk:8.0",
			"dotnet-sdk");
	ck_assert(!img->windows);
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_baseimg_dotnet_families)
{
	dh_arena *arena = dh_arena_new();
	const dh_baseimg *img = lookup_id(
		arena, "mcr.microsoft.com/dotnet/sdk:8.0", "dotnet-sdk");
	ck_assert_int_eq(img->role, DH_ROLE_BUILDER);
	ck_assert_uint_eq(img->nonroot_uid, 1654);
	img = lookup_id(arena,
			"mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled",
			"dotnet-aspnet-chiseled");
	ck_assert_str_eq(img->user, "app");
	ck_assert_uint_eq(img->uid, 1654);
	ck_assert(!img->has_shell);
	ck_assert_uint_eq(img->ports[0], 8080);
	img = lookup_id(arena, "mcr.microsoft.com/dotnet/runtime:8.0-alpine",
			"dotnet-runtime-alpine");
	ck_assert_int_eq(img->libc, DH_LIBC_MUSL);
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_baseimg_os_and_review_families)
{
	dh_arena *arena = dh_arena_new();
	const dh_baseimg *img = lookup_id(arena, "alpine:3.20", "alpine");
	ck_assert(img->has_ca_certs);
	img = lookup_id(arena, "debian:bookworm-slim", "debian");
	ck_assert(!img->has_ca_certs);
	ck_assert_int_eq(img->pkg, DH_PKG_APT);
	img = lookup_id(arena, "ubuntu:24.04", "ubuntu");
	ck_assert_int_eq(img->eco, DH_ECO_OS);
	img = lookup_id(arena, "busybox:1.36", "busybox");
	ck_assert(img->has_shell);
	ck_assert_int_eq(img->pkg, DH_PKG_NONE);
	img = lookup_id(arena, "php:8.3-fpm", "php");
	ck_assert_int_eq(img->eco, DH_ECO_PHP);
	ck_assert_str_eq(img->note, "left for manual review");
	img = lookup_id(arena, "ruby:3.3-alpine", "ruby-alpine");
	ck_assert_int_eq(img->eco, DH_ECO_RUBY);
	img = lookup_id(arena, "registry.access.redhat.com/ubi9/ubi-minimal",
			"ubi-minimal");
	ck_assert_int_eq(img->pkg, DH_PKG_MICRODNF);
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_baseimg_java_families)
{
	dh_arena *arena = dh_arena_new();
	lookup_id(arena, "maven:3.9-eclipse-temurin-17", "maven");
	lookup_id(arena, "maven:3.9-amazoncorretto-21", "maven-corretto");
	lookup_id(arena, "gradle:8.10-jdk21-alpine", "gradle-alpine");
	const dh_baseimg *img =
		lookup_id(arena, "eclipse-temurin:21-jre", "eclipse-temurin");
	ck_assert_uint_eq(img->uid, 0);
	lookup_id(arena, "openjdk:11-jdk-slim", "openjdk-slim");
	img = lookup_id(arena, "amazoncorretto:17", "amazoncorretto");
	ck_assert_int_eq(img->pkg, DH_PKG_YUM);
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_baseimg_runtime_go)
{
	dh_arena *arena = dh_arena_new();
	check_runtime(arena, "golang:1.22", true,
		      "gcr.io/distroless/static-debian12:nonroot");
	check_runtime(arena, "golang:1.22", false,
		      "gcr.io/distroless/base-debian12:nonroot");
	check_runtime(arena, "golang:1.22-alpine", true,
		      "gcr.io/distroless/static-debian12:nonroot");
	check_runtime(arena, "golang:1.22-alpine3.20", false, "alpine:3.20");
	check_runtime(arena, "golang:1.22-alpine", false, "alpine:3");
	check_runtime(arena, "cgr.dev/chainguard/go:latest-dev", true,
		      "cgr.dev/chainguard/static:latest");
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_baseimg_runtime_rust)
{
	dh_arena *arena = dh_arena_new();
	check_runtime(arena, "rust:1.79", false,
		      "gcr.io/distroless/cc-debian12:nonroot");
	check_runtime(arena, "rust:1.79-slim-bookworm", true,
		      "gcr.io/distroless/static-debian12:nonroot");
	check_runtime(arena, "rust:1.79-alpine", false,
		      "gcr.io/distroless/static-debian12:nonroot");
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_baseimg_runtime_node_versions)
{
	dh_arena *arena = dh_arena_new();
	check_runtime(arena, "node:18", false,
		      "gcr.io/distroless/nodejs18-debian12:nonroot");
	check_runtime(arena, "node:20-slim", false,
		      "gcr.io/distroless/nodejs20-debian12:nonroot");
	check_runtime(arena, "node:22.3.0-alpine", false,
		      "gcr.io/distroless/nodejs22-debian12:nonroot");
	/* no major in the tag: no runtime of the same major to choose */
	check_runtime(arena, "node", false, NULL);
	check_runtime(arena, "node:lts-slim", false, NULL);
	check_runtime(arena, "node:iron-alpine", false,
		      "gcr.io/distroless/nodejs20-debian12:nonroot");
	/* a major distroless does not ship: its official slim image */
	check_runtime(arena, "node:21", false, "node:21-slim");
	check_runtime(arena, "node:14.21.3-bullseye", false, "node:14-slim");
	check_runtime(arena, "node:gallium", false, "node:16-slim");
	check_runtime(arena, "mirror.corp:5000/library/node:20-slim", false,
		      "gcr.io/distroless/nodejs20-debian12:nonroot");
	check_runtime(arena, "cgr.dev/chainguard/node:latest-dev", false,
		      "cgr.dev/chainguard/node:latest");
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_baseimg_runtime_python)
{
	dh_arena *arena = dh_arena_new();
	check_runtime(arena, "python:3.12-slim", false,
		      "gcr.io/distroless/python3-debian12:nonroot");
	check_runtime(arena, "python:3.11", true,
		      "gcr.io/distroless/python3-debian12:nonroot");
	check_runtime(arena, "cgr.dev/chainguard/python:latest-dev", false,
		      "cgr.dev/chainguard/python:latest");
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_baseimg_runtime_java_versions)
{
	dh_arena *arena = dh_arena_new();
	check_runtime(arena, "maven:3.9-eclipse-temurin-17", false,
		      "gcr.io/distroless/java17-debian12:nonroot");
	check_runtime(arena, "maven:3.9.9-eclipse-temurin-21-alpine", false,
		      "gcr.io/distroless/java21-debian12:nonroot");
	check_runtime(arena, "maven:3.9", false,
		      "gcr.io/distroless/java21-debian12:nonroot");
	check_runtime(arena, "maven:3-openjdk-11", false,
		      "gcr.io/distroless/java11-debian12:nonroot");
	check_runtime(arena, "gradle:8.10-jdk17", false,
		      "gcr.io/distroless/java17-debian12:nonroot");
	check_runtime(arena, "gradle:jdk21-alpine", false,
		      "gcr.io/distroless/java21-debian12:nonroot");
	check_runtime(arena, "gradle:8-jdk-11", false,
		      "gcr.io/distroless/java11-debian12:nonroot");
	check_runtime(arena, "eclipse-temurin:17-jre", false,
		      "gcr.io/distroless/java17-debian12:nonroot");
	check_runtime(arena, "openjdk:11-jdk-slim", false,
		      "gcr.io/distroless/java11-debian12:nonroot");
	check_runtime(arena, "amazoncorretto:21-al2023", false,
		      "gcr.io/distroless/java21-debian12:nonroot");
	check_runtime(arena, "eclipse-temurin", false,
		      "gcr.io/distroless/java21-debian12:nonroot");
	check_runtime(arena, "cgr.dev/chainguard/jdk:latest-dev", false,
		      "cgr.dev/chainguard/jre:latest");
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_baseimg_runtime_dotnet)
{
	dh_arena *arena = dh_arena_new();
	check_runtime(arena, "mcr.microsoft.com/dotnet/sdk:8.0", false,
		      "mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled");
	check_runtime(
		arena, "mcr.microsoft.com/dotnet/sdk:8.0", true,
		"mcr.microsoft.com/dotnet/runtime-deps:8.0-jammy-chiseled");
	check_runtime(
		arena, "mcr.microsoft.com/dotnet/sdk:8.0.204-bookworm-slim",
		false, "mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled");
	check_runtime(arena, "mcr.microsoft.com/dotnet/sdk:9.0-alpine", false,
		      "mcr.microsoft.com/dotnet/aspnet:9.0-noble-chiseled");
	check_runtime(arena, "mcr.microsoft.com/dotnet/sdk", false,
		      "mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled");
	check_runtime(arena, "mcr.microsoft.com/dotnet/aspnet:8.0", false,
		      "mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled");
	check_runtime(arena,
		      "mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled",
		      false, NULL);
	check_runtime(arena,
		      "mcr.microsoft.com/dotnet/sdk:8.0-nanoserver-ltsc2022",
		      false, NULL);
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_baseimg_runtime_web_and_os)
{
	dh_arena *arena = dh_arena_new();
	check_runtime(arena, "nginx:1.27-alpine", false,
		      "nginxinc/nginx-unprivileged:1.27-alpine");
	check_runtime(arena, "nginx", false, "nginxinc/nginx-unprivileged");
	check_runtime(arena, "nginx:1.27@sha256:abcd", false,
		      "nginxinc/nginx-unprivileged:1.27");
	check_runtime(arena, "nginxinc/nginx-unprivileged:1.27", false, NULL);
	check_runtime(arena, "httpd:2.4", false, "httpd:2.4");
	check_runtime(arena, "alpine:3.20", false, NULL);
	check_runtime(arena, "debian:bookworm", true, NULL);
	check_runtime(arena, "ubuntu:24.04", false, NULL);
	check_runtime(arena, "busybox", false, NULL);
	check_runtime(arena, "scratch", true, NULL);
	check_runtime(arena, "example.com/team/app:1.0", false, NULL);
	check_runtime(arena, "mcr.microsoft.com/windows/servercore:ltsc2022",
		      false, NULL);
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_baseimg_runtime_distroless_root_to_nonroot)
{
	dh_arena *arena = dh_arena_new();
	check_runtime(arena, "gcr.io/distroless/static-debian12", true,
		      "gcr.io/distroless/static-debian12:nonroot");
	check_runtime(arena, "gcr.io/distroless/java21-debian12:debug", false,
		      "gcr.io/distroless/java21-debian12:nonroot");
	check_runtime(arena, "gcr.io/distroless/static-debian12:nonroot", true,
		      NULL);
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_baseimg_table_rows_are_well_formed)
{
	dh_arena *arena = dh_arena_new();
	size_t n = dh_baseimg_count();
	ck_assert_uint_ge(n, 60);
	ck_assert_ptr_null(dh_baseimg_at(n));
	for (size_t i = 0; i < n; i++) {
		const dh_baseimg *img = dh_baseimg_at(i);
		ck_assert_ptr_nonnull(img->id);
		ck_assert_ptr_nonnull(img->repository);
		ck_assert_ptr_nonnull(img->user);
		for (size_t j = 0; j < i; j++)
			ck_assert_msg(strcmp(dh_baseimg_at(j)->id, img->id),
				      "duplicate id '%s'", img->id);
		for (size_t k = 0;
		     k < DH_BASEIMG_MAX_WRITABLE && img->writable[k]; k++)
			ck_assert_msg(img->writable[k][0] == '/',
				      "'%s' path not absolute", img->id);
		if (img->nonroot_user)
			ck_assert_msg(img->nonroot_uid != 0,
				      "'%s' non-root user is uid 0", img->id);
		ck_assert(img->windows == (img->libc == DH_LIBC_WINDOWS));
		ck_assert(strcmp(dh_baseimg_eco_name(img->eco), "unknown"));
		ck_assert(strcmp(dh_baseimg_libc_name(img->libc), "unknown"));
		ck_assert(strcmp(dh_baseimg_pkg_name(img->pkg), "unknown"));
	}
	dh_arena_free(arena);
}
END_TEST

/* A row with a tag glob listed after the catch-all of the same repository
 * could never win a tie-free match it should: keep variants first. */
START_TEST(test_baseimg_table_variants_precede_catch_all)
{
	size_t n = dh_baseimg_count();
	for (size_t i = 0; i < n; i++) {
		const dh_baseimg *all = dh_baseimg_at(i);
		if (all->tag)
			continue;
		for (size_t j = i + 1; j < n; j++) {
			const dh_baseimg *v = dh_baseimg_at(j);
			bool same_reg = (!all->registry && !v->registry) ||
					(all->registry && v->registry &&
					 !strcmp(all->registry, v->registry));
			ck_assert_msg(
				!same_reg || !v->tag ||
					strcmp(all->repository, v->repository),
				"'%s' comes after '%s'", v->id, all->id);
		}
	}
}
END_TEST

/* Copies a glob, replacing each '*' with fill; out holds cap bytes. */
static void instantiate(char *out, size_t cap, const char *glob, char fill)
{
	size_t n = 0;
	for (const char *p = glob; *p && n + 1 < cap; p++)
		out[n++] = *p == '*' ? fill : *p;
	out[n] = '\0';
}

/* Every row is reachable: a reference built from its own patterns (each
 * '*' replaced by a plausible character) finds that very row. */
START_TEST(test_baseimg_table_rows_are_reachable)
{
	dh_arena *arena = dh_arena_new();
	for (size_t i = 0; i < dh_baseimg_count(); i++) {
		const dh_baseimg *img = dh_baseimg_at(i);
		char repo[128], tag[64], text[256];
		instantiate(repo, sizeof(repo), img->repository, '9');
		instantiate(tag, sizeof(tag), img->tag ? img->tag : "", 'x');
		snprintf(text, sizeof(text), "%s%s%s%s%s",
			 img->registry ? img->registry : "",
			 img->registry ? "/" : "", repo, tag[0] ? ":" : "",
			 tag);
		const dh_baseimg *got = lookup(arena, text);
		ck_assert_msg(got == img, "'%s' found %s for '%s'", img->id,
			      got ? got->id : "nothing", text);
	}
	dh_arena_free(arena);
}
END_TEST

START_TEST(test_baseimg_runtime_templates_expand)
{
	dh_arena *arena = dh_arena_new();
	static const char *const refs[] = {
		"golang:1.22",
		"rust:1.79-alpine",
		"node:20",
		"python:3.12",
		"maven:3.9-eclipse-temurin-17",
		"mcr.microsoft.com/dotnet/sdk:8.0",
		"nginx:1.27",
		"httpd:2.4",
		"gcr.io/distroless/base-debian12",
	};
	for (size_t i = 0; i < sizeof(refs) / sizeof(refs[0]); i++)
		for (int stat = 0; stat < 2; stat++) {
			const char *got = runtime(arena, refs[i], stat != 0);
			ck_assert_msg(got != NULL, "no runtime for %s",
				      refs[i]);
			ck_assert_msg(!strchr(got, '{') && !strchr(got, '}'),
				      "unexpanded '%s'", got);
		}
	ck_assert_str_eq(DH_BASEIMG_TABLE_VERSION, "2026.12");
	dh_arena_free(arena);
}
END_TEST

static Suite *baseimg_suite(void)
{
	Suite *s = suite_create("baseimg");
	TCase *tc = tcase_create("lookup");
	tcase_add_test(tc, test_baseimg_golang_alpine_is_musl_apk);
	tcase_add_test(tc, test_baseimg_docker_hub_spellings_match);
	tcase_add_test(tc, test_baseimg_registry_mirror_matches);
	tcase_add_test(tc, test_baseimg_other_hub_namespace_is_unknown);
	tcase_add_test(tc, test_baseimg_variable_reference_is_unknown);
	tcase_add_test(tc, test_baseimg_distroless_static_nonroot);
	tcase_add_test(tc, test_baseimg_distroless_default_runs_as_root);
	tcase_add_test(tc, test_baseimg_distroless_debug_has_shell);
	tcase_add_test(tc, test_baseimg_distroless_entrypoints);
	tcase_add_test(tc, test_baseimg_chainguard_defaults_nonroot);
	tcase_add_test(tc, test_baseimg_nginx_user_and_writable_paths);
	tcase_add_test(tc, test_baseimg_runtime_only_writable_paths);
	tcase_add_test(tc, test_baseimg_scratch);
	tcase_add_test(tc, test_baseimg_windows_images);
	tcase_add_test(tc, test_baseimg_dotnet_families);
	tcase_add_test(tc, test_baseimg_os_and_review_families);
	tcase_add_test(tc, test_baseimg_java_families);
	suite_add_tcase(s, tc);

	TCase *rt = tcase_create("runtime_for");
	tcase_add_test(rt, test_baseimg_runtime_go);
	tcase_add_test(rt, test_baseimg_runtime_rust);
	tcase_add_test(rt, test_baseimg_runtime_node_versions);
	tcase_add_test(rt, test_baseimg_runtime_python);
	tcase_add_test(rt, test_baseimg_runtime_java_versions);
	tcase_add_test(rt, test_baseimg_runtime_dotnet);
	tcase_add_test(rt, test_baseimg_runtime_web_and_os);
	tcase_add_test(rt, test_baseimg_runtime_distroless_root_to_nonroot);
	tcase_add_test(rt, test_baseimg_runtime_templates_expand);
	suite_add_tcase(s, rt);

	TCase *tb = tcase_create("table");
	tcase_add_test(tb, test_baseimg_table_rows_are_well_formed);
	tcase_add_test(tb, test_baseimg_table_variants_precede_catch_all);
	tcase_add_test(tb, test_baseimg_table_rows_are_reachable);
	suite_add_tcase(s, tb);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(baseimg_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
