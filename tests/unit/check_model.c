/* SPDX-License-Identifier: MIT */
/*
 * The stage model: stages, names and parents, global and stage ARG
 * scopes with expansion in FROM, stage lookup by name and index, and the
 * user in effect at each instruction, with base-image defaults.
 */
#include "dockharden/model.h"

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dockharden/arena.h"
#include "dockharden/baseimg.h"
#include "dockharden/cst.h"
#include "dockharden/image_ref.h"
#include "dockharden/parse.h"

/* ---- helpers ----------------------------------------------------------- */

static dh_doc *parse_s(dh_arena *a, const char *text)
{
	dh_source *src =
		dh_source_new(a, "test.Dockerfile", text, strlen(text));
	ck_assert_ptr_nonnull(src);
	dh_doc *doc = NULL;
	ck_assert_int_eq(dh_parse(&doc, a, src), 0);
	ck_assert_msg(dh_doc_ok(doc), "parse error: %s",
		      doc->diags.first ? doc->diags.first->message : "");
	return doc;
}

static dh_node *nth(const dh_node *parent, size_t i)
{
	dh_node *c = parent->first_child;
	for (size_t k = 0; c && k < i; k++)
		c = c->next;
	ck_assert_msg(c != NULL, "no child %zu", i);
	return c;
}

static void expect_user(const dh_user *u, const char *spec, bool known,
			uint32_t uid, bool is_root)
{
	ck_assert_str_eq(u->spec, spec);
	ck_assert_msg(u->known == known, "'%s' known %d", spec, u->known);
	if (known)
		ck_assert_uint_eq(u->uid, uid);
	ck_assert_msg(u->is_root == is_root, "'%s' is_root %d", spec,
		      u->is_root);
}

/* ---- stages ------------------------------------------------------------ */

START_TEST(test_model_stages_and_names)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM golang:1.22 AS build\nRUN go build\n"
				 "FROM alpine:3.20\nCOPY --from=build /a /b\n"
				 "CMD [\"/b\"]\n");
	dh_model m;
	dh_model_build(&m, doc);
	ck_assert_uint_eq(m.nstages, 2);
	ck_assert_uint_eq(m.stages[0].index, 0);
	ck_assert_uint_eq(m.stages[1].index, 1);
	ck_assert_str_eq(m.stages[0].name, "build");
	ck_assert_ptr_null(m.stages[1].name);
	ck_assert_ptr_eq(m.stages[0].from, nth(doc->root, 0));
	ck_assert_ptr_eq(m.stages[0].last, nth(doc->root, 1));
	ck_assert_ptr_eq(m.stages[1].from, nth(doc->root, 2));
	ck_assert_ptr_eq(m.stages[1].last, nth(doc->root, 4));
	ck_assert_str_eq(m.stages[0].image, "golang:1.22");
	ck_assert_str_eq(m.stages[0].ref.name, "golang");
	ck_assert_str_eq(m.stages[1].ref.tag, "3.20");
	ck_assert_int_eq(m.stages[0].from_instr->kind, DH_INSTR_FROM);
	ck_assert_ptr_null(m.stages[0].parent);
	ck_assert_ptr_null(m.stages[1].parent);
	ck_assert_ptr_eq(dh_model_final(&m), &m.stages[1]);
	ck_assert(!m.has_onbuild);
	ck_assert(!m.windows);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_model_base_knowledge)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM node:20\nFROM example.com/mine:1\n");
	dh_model m;
	dh_model_build(&m, doc);
	ck_assert_ptr_nonnull(m.stages[0].base);
	ck_assert_str_eq(m.stages[0].base->id, "node");
	ck_assert_ptr_null(m.stages[1].base);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_model_parent_stage)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM node:20 AS base\nRUN x\n"
				 "FROM base AS app\nFROM app\n");
	dh_model m;
	dh_model_build(&m, doc);
	ck_assert_uint_eq(m.nstages, 3);
	ck_assert_ptr_eq(m.stages[1].parent, &m.stages[0]);
	ck_assert_ptr_eq(m.stages[2].parent, &m.stages[1]);
	ck_assert_ptr_eq(m.stages[1].base, m.stages[0].base);
	ck_assert_ptr_eq(m.stages[2].base, m.stages[0].base);
	ck_assert_str_eq(m.stages[2].image, "app");
	dh_arena_free(a);
}
END_TEST

START_TEST(test_model_parent_pointers_survive_growth)
{
	/* More stages than the first allocation holds. */
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM alpine AS s0\nFROM s0 AS s1\n"
				 "FROM s1 AS s2\nFROM s2 AS s3\nFROM s3 AS s4\n"
				 "FROM s4 AS s5\nFROM s0\n");
	dh_model m;
	dh_model_build(&m, doc);
	ck_assert_uint_eq(m.nstages, 7);
	for (size_t i = 1; i < 6; i++)
		ck_assert_ptr_eq(m.stages[i].parent, &m.stages[i - 1]);
	ck_assert_ptr_eq(m.stages[6].parent, &m.stages[0]);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_model_stage_named_like_its_image)
{
	/* BUG: model.h says parent is set "when FROM names an earlier
	 * stage"; for "FROM node AS node" the stage is found as its own
	 * parent (stages[0].parent == &stages[0]), so its start user is
	 * copied from its own still-empty user_end (spec NULL) instead of
	 * the node image's root. Expected: parent NULL, base "node", user
	 * root. */
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM node AS node\nRUN x\n");
	dh_model m;
	dh_model_build(&m, doc);
	ck_assert_uint_eq(m.nstages, 1);
	ck_assert_ptr_null(m.stages[0].parent);
	ck_assert_ptr_nonnull(m.stages[0].base);
	dh_user u = dh_model_user_at(&m, doc, nth(doc->root, 1));
	expect_user(&u, "root", true, 0, true);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_model_stage_of)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc =
		parse_s(a, "ARG V=1\n# c\nFROM a\nRUN x\nFROM b\nRUN y\n");
	dh_model m;
	dh_model_build(&m, doc);
	ck_assert_ptr_null(dh_model_stage_of(&m, doc, nth(doc->root, 0)));
	ck_assert_ptr_eq(dh_model_stage_of(&m, doc, nth(doc->root, 2)),
			 &m.stages[0]);
	ck_assert_ptr_eq(dh_model_stage_of(&m, doc, nth(doc->root, 3)),
			 &m.stages[0]);
	ck_assert_ptr_eq(dh_model_stage_of(&m, doc, nth(doc->root, 4)),
			 &m.stages[1]);
	ck_assert_ptr_eq(dh_model_stage_of(&m, doc, nth(doc->root, 5)),
			 &m.stages[1]);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_model_no_stages)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "ARG A=1\n");
	dh_model m;
	dh_model_build(&m, doc);
	ck_assert_uint_eq(m.nstages, 0);
	ck_assert_ptr_null(dh_model_final(&m));
	ck_assert_ptr_null(dh_model_find_stage(&m, "0"));
	ck_assert_uint_eq(m.nglobal, 1);
	dh_user u = dh_model_user_at(&m, doc, nth(doc->root, 0));
	expect_user(&u, "root", true, 0, true);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_model_onbuild_and_windows)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "# escape=`\nFROM mcr.microsoft.com/"
				 "windows/servercore:ltsc2022\n"
				 "ONBUILD RUN echo\n");
	dh_model m;
	dh_model_build(&m, doc);
	ck_assert(m.has_onbuild);
	ck_assert(m.windows);
	ck_assert(m.stages[0].windows);
	dh_arena_free(a);
}
END_TEST

/* ---- ARGs -------------------------------------------------------------- */

START_TEST(test_model_global_arg_in_from)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "ARG V=1.22\nFROM golang:${V}\n"
				 "FROM golang:$V-alpine\n");
	dh_model m;
	dh_model_build(&m, doc);
	ck_assert_uint_eq(m.nglobal, 1);
	ck_assert_str_eq(m.global_args[0].name, "V");
	ck_assert_str_eq(m.global_args[0].value, "1.22");
	ck_assert_str_eq(m.stages[0].image, "golang:1.22");
	ck_assert_str_eq(m.stages[0].ref.tag, "1.22");
	ck_assert(!m.stages[0].ref.has_variable);
	ck_assert_ptr_nonnull(m.stages[0].base);
	ck_assert_str_eq(m.stages[1].image, "golang:1.22-alpine");
	dh_arena_free(a);
}
END_TEST

START_TEST(test_model_global_arg_quoted_value)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "ARG REG='gcr.io' TAG=\"3\" EMPTY\n"
				 "FROM ${REG}/x:${TAG}\n");
	dh_model m;
	dh_model_build(&m, doc);
	ck_assert_uint_eq(m.nglobal, 3);
	ck_assert_str_eq(m.global_args[0].value, "gcr.io");
	ck_assert_str_eq(m.global_args[1].value, "3");
	ck_assert_str_eq(m.global_args[2].name, "EMPTY");
	ck_assert_ptr_null(m.global_args[2].value);
	ck_assert_str_eq(m.stages[0].image, "gcr.io/x:3");
	ck_assert_str_eq(m.stages[0].ref.registry, "gcr.io");
	dh_arena_free(a);
}
END_TEST

START_TEST(test_model_unknown_arg_stays_as_written)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "ARG V\nFROM golang:${V}\nFROM x:$NOPE\n");
	dh_model m;
	dh_model_build(&m, doc);
	ck_assert_str_eq(m.stages[0].image, "golang:${V}");
	ck_assert(m.stages[0].ref.has_variable);
	ck_assert_ptr_null(m.stages[0].base);
	ck_assert_str_eq(m.stages[1].image, "x:$NOPE");
	dh_arena_free(a);
}
END_TEST

START_TEST(test_model_arg_default_form)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM golang:${V:-1.21}\n");
	dh_model m;
	dh_model_build(&m, doc);
	ck_assert_str_eq(m.stages[0].image, "golang:1.21");
	dh_arena_free(a);
}
END_TEST

START_TEST(test_model_later_global_arg_overrides)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "ARG V=1\nARG V=2\nFROM x:${V}\n");
	dh_model m;
	dh_model_build(&m, doc);
	ck_assert_uint_eq(m.nglobal, 2);
	ck_assert_str_eq(m.stages[0].image, "x:2");
	dh_arena_free(a);
}
END_TEST

START_TEST(test_model_stage_arg_scope)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "ARG V=1\nFROM a\nARG W=2\nRUN x\n"
				 "FROM b\nARG V\n");
	dh_model m;
	dh_model_build(&m, doc);
	ck_assert_uint_eq(m.stages[0].nargs, 1);
	ck_assert_str_eq(m.stages[0].args[0].name, "W");
	ck_assert_str_eq(m.stages[0].args[0].value, "2");
	ck_assert_uint_eq(m.stages[1].nargs, 1);
	ck_assert_str_eq(m.stages[1].args[0].name, "V");
	ck_assert_ptr_null(m.stages[1].args[0].value);
	/* The global V is visible in a stage only once re-declared there. */
	ck_assert_str_eq(dh_model_expand(&m, doc, &m.stages[0], "$V-$W"),
			 "$V-2");
	ck_assert_str_eq(dh_model_expand(&m, doc, &m.stages[1], "${V}-$W"),
			 "1-$W");
	ck_assert_str_eq(dh_model_expand(&m, doc, NULL, "$V"), "1");
	dh_arena_free(a);
}
END_TEST

START_TEST(test_model_expand_plain_text)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "ARG V=1\nFROM a\nARG V\n");
	dh_model m;
	dh_model_build(&m, doc);
	const char *t = "no variables";
	ck_assert_str_eq(dh_model_expand(&m, doc, &m.stages[0], t), t);
	ck_assert_str_eq(dh_model_expand(&m, doc, &m.stages[0], "$ $1 ${"),
			 "$ $1 ${");
	ck_assert_str_eq(dh_model_expand(&m, doc, &m.stages[0], "a${V}b$V"),
			 "a1b1");
	dh_arena_free(a);
}
END_TEST

START_TEST(test_model_expand_env_at_node)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM a AS base\nARG P=80\nENV Q=$P\n"
				 "EXPOSE $Q\nENV P=9090\nEXPOSE $P\n"
				 "FROM base\nUSER ${Q}\n");
	dh_model m;
	dh_model_build(&m, doc);
	/* ENV wins over ARG, and only from its own line on */
	ck_assert_str_eq(dh_model_expand_at(&m, doc, &m.stages[0],
					    nth(doc->root, 3), "$Q/$P"),
			 "80/80");
	ck_assert_str_eq(dh_model_expand_at(&m, doc, &m.stages[0],
					    nth(doc->root, 5), "$P"),
			 "9090");
	/* a stage built on another inherits its ENV: USER ${Q} is 80 */
	ck_assert_uint_eq(m.stages[0].nenvs, 2);
	expect_user(&m.stages[1].user_end, "80", true, 80, false);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_model_windows_signals)
{
	static const char *const windows[] = {
		"FROM mcr.microsoft.com/dotnet/framework/aspnet:4.8\n",
		"FROM golang:1.22-nanoserver-ltsc2022\n",
		"FROM corp/base:ltsc2019\n",
		"ARG B\nFROM $B\nSHELL [\"powershell\", \"-Command\"]\n",
		"FROM corp/iis\nWORKDIR C:\\inetpub\n",
	};
	static const char *const linux_[] = {
		"FROM mcr.microsoft.com/powershell:7.4-ubuntu-22.04\n"
		"SHELL [\"pwsh\", \"-Command\"]\n",
		"FROM debian:12\nENV URL=http://example.com:8080/x\n",
	};
	for (size_t i = 0; i < sizeof(windows) / sizeof(*windows); i++) {
		dh_arena *a = dh_arena_new();
		dh_model m;
		dh_model_build(&m, parse_s(a, windows[i]));
		ck_assert_msg(m.windows, "not Windows: %s", windows[i]);
		dh_arena_free(a);
	}
	for (size_t i = 0; i < sizeof(linux_) / sizeof(*linux_); i++) {
		dh_arena *a = dh_arena_new();
		dh_model m;
		dh_model_build(&m, parse_s(a, linux_[i]));
		ck_assert_msg(!m.windows, "Windows: %s", linux_[i]);
		dh_arena_free(a);
	}
}
END_TEST

/* ---- stage lookup ------------------------------------------------------ */

START_TEST(test_model_find_stage_by_name)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM alpine AS Build\nFROM alpine AS test\n"
				 "FROM scratch\n");
	dh_model m;
	dh_model_build(&m, doc);
	ck_assert_ptr_eq(dh_model_find_stage(&m, "build"), &m.stages[0]);
	ck_assert_ptr_eq(dh_model_find_stage(&m, "BUILD"), &m.stages[0]);
	ck_assert_ptr_eq(dh_model_find_stage(&m, "Build"), &m.stages[0]);
	ck_assert_ptr_eq(dh_model_find_stage(&m, "TeSt"), &m.stages[1]);
	ck_assert_ptr_null(dh_model_find_stage(&m, "buil"));
	ck_assert_ptr_null(dh_model_find_stage(&m, "builds"));
	ck_assert_ptr_null(dh_model_find_stage(&m, "scratch"));
	ck_assert_ptr_null(dh_model_find_stage(&m, ""));
	dh_arena_free(a);
}
END_TEST

START_TEST(test_model_find_stage_by_index)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM alpine AS b\nFROM alpine\n");
	dh_model m;
	dh_model_build(&m, doc);
	ck_assert_ptr_eq(dh_model_find_stage(&m, "0"), &m.stages[0]);
	ck_assert_ptr_eq(dh_model_find_stage(&m, "1"), &m.stages[1]);
	ck_assert_ptr_null(dh_model_find_stage(&m, "2"));
	ck_assert_ptr_null(dh_model_find_stage(&m, "99999999999"));
	dh_arena_free(a);
}
END_TEST

/* ---- users ------------------------------------------------------------- */

START_TEST(test_model_user_changes)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM node:20\nRUN a\nUSER node\nRUN b\n"
				 "USER 1001:1002\nCMD c\n");
	dh_model m;
	dh_model_build(&m, doc);
	dh_user u = dh_model_user_at(&m, doc, nth(doc->root, 1));
	expect_user(&u, "root", true, 0, true);
	ck_assert_ptr_null(u.set_by);
	u = dh_model_user_at(&m, doc, nth(doc->root, 3));
	expect_user(&u, "node", true, 1000, false);
	ck_assert_ptr_eq(u.set_by, nth(doc->root, 2));
	u = dh_model_user_at(&m, doc, nth(doc->root, 5));
	expect_user(&u, "1001:1002", true, 1001, false);
	ck_assert(u.has_gid);
	ck_assert_uint_eq(u.gid, 1002);
	ck_assert_ptr_eq(u.set_by, nth(doc->root, 4));
	/* The USER line itself still runs as the previous user. */
	u = dh_model_user_at(&m, doc, nth(doc->root, 4));
	expect_user(&u, "node", true, 1000, false);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_model_user_start_and_end)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM node:20\nUSER 1000\nRUN x\nUSER root\n");
	dh_model m;
	dh_model_build(&m, doc);
	const dh_stage *st = &m.stages[0];
	expect_user(&st->user_start, "root", true, 0, true);
	ck_assert_ptr_null(st->user_start.set_by);
	expect_user(&st->user_end, "root", true, 0, true);
	ck_assert_ptr_eq(st->user_end.set_by, nth(doc->root, 3));
	dh_arena_free(a);
}
END_TEST

START_TEST(test_model_user_distroless_nonroot_default)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM gcr.io/distroless/static-debian12:"
				 "nonroot\nCOPY a /a\n");
	dh_model m;
	dh_model_build(&m, doc);
	ck_assert_ptr_nonnull(m.stages[0].base);
	dh_user u = dh_model_user_at(&m, doc, nth(doc->root, 1));
	expect_user(&u, "nonroot", true, 65532, false);
	ck_assert(u.has_gid);
	ck_assert_uint_eq(u.gid, 65532);
	ck_assert_ptr_null(u.set_by);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_model_user_unknown_base_is_root)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM registry.example/app:1\nRUN x\n");
	dh_model m;
	dh_model_build(&m, doc);
	dh_user u = dh_model_user_at(&m, doc, nth(doc->root, 1));
	expect_user(&u, "root", true, 0, true);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_model_user_inherited_from_parent_stage)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM alpine AS base\nUSER 10001\n"
				 "FROM base\nRUN x\n");
	dh_model m;
	dh_model_build(&m, doc);
	dh_user u = dh_model_user_at(&m, doc, nth(doc->root, 3));
	expect_user(&u, "10001", true, 10001, false);
	expect_user(&m.stages[1].user_start, "10001", true, 10001, false);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_model_user_with_arg)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM alpine\nARG UID=1234\nUSER ${UID}:$UID\n"
				 "RUN x\n");
	dh_model m;
	dh_model_build(&m, doc);
	dh_user u = dh_model_user_at(&m, doc, nth(doc->root, 3));
	expect_user(&u, "1234:1234", true, 1234, false);
	ck_assert_uint_eq(u.gid, 1234);
	expect_user(&m.stages[0].user_end, "1234:1234", true, 1234, false);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_model_user_named_unknown)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM alpine\nUSER app\nRUN x\n");
	dh_model m;
	dh_model_build(&m, doc);
	dh_user u = dh_model_user_at(&m, doc, nth(doc->root, 2));
	expect_user(&u, "app", false, 0, false);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_model_user_parse_numeric)
{
	dh_user u;
	dh_user_parse(&u, "1000", NULL);
	expect_user(&u, "1000", true, 1000, false);
	dh_user_parse(&u, "0", NULL);
	expect_user(&u, "0", true, 0, true);
	dh_user_parse(&u, "1000:2000", NULL);
	expect_user(&u, "1000:2000", true, 1000, false);
	ck_assert(u.has_gid);
	ck_assert_uint_eq(u.gid, 2000);
	ck_assert_ptr_null(u.set_by);
	dh_user_parse(&u, "4294967295", NULL);
	expect_user(&u, "4294967295", true, 4294967295u, false);
	dh_user_parse(&u, "4294967296", NULL);
	expect_user(&u, "4294967296", false, 0, false);
}
END_TEST

START_TEST(test_model_user_parse_names)
{
	dh_user u;
	dh_user_parse(&u, "root", NULL);
	expect_user(&u, "root", true, 0, true);
	ck_assert_uint_eq(u.gid, 0);
	dh_user_parse(&u, "root:root", NULL);
	expect_user(&u, "root:root", true, 0, true);
	ck_assert(u.has_gid);
	dh_user_parse(&u, "app", NULL);
	expect_user(&u, "app", false, 0, false);
	dh_user_parse(&u, "app:1000", NULL);
	expect_user(&u, "app:1000", false, 0, false);
	ck_assert(u.has_gid);
	ck_assert_uint_eq(u.gid, 1000);
	dh_user_parse(&u, "1000:staff", NULL);
	expect_user(&u, "1000:staff", true, 1000, false);
	ck_assert(!u.has_gid);
}
END_TEST

START_TEST(test_model_user_parse_with_base_knowledge)
{
	dh_arena *a = dh_arena_new();
	dh_image_ref ref;
	dh_image_ref_parse(&ref, a, "gcr.io/distroless/static-debian12");
	const dh_baseimg *base = dh_baseimg_lookup(&ref);
	ck_assert_ptr_nonnull(base);
	dh_user u;
	dh_user_parse(&u, "nonroot", base);
	expect_user(&u, "nonroot", true, 65532, false);
	ck_assert_uint_eq(u.gid, 65532);
	dh_user_parse(&u, "nonroot:nonroot", base);
	expect_user(&u, "nonroot:nonroot", true, 65532, false);
	ck_assert_uint_eq(u.gid, 65532);
	dh_image_ref_parse(&ref, a, "node:20");
	base = dh_baseimg_lookup(&ref);
	dh_user_parse(&u, "node", base);
	expect_user(&u, "node", true, 1000, false);
	dh_user_parse(&u, "nonroot", base);
	expect_user(&u, "nonroot", false, 0, false);
	dh_arena_free(a);
}
END_TEST

static Suite *model_suite(void)
{
	Suite *s = suite_create("model");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_model_stages_and_names);
	tcase_add_test(tc, test_model_base_knowledge);
	tcase_add_test(tc, test_model_parent_stage);
	tcase_add_test(tc, test_model_parent_pointers_survive_growth);
	tcase_add_test(tc, test_model_stage_named_like_its_image);
	tcase_add_test(tc, test_model_stage_of);
	tcase_add_test(tc, test_model_no_stages);
	tcase_add_test(tc, test_model_onbuild_and_windows);
	tcase_add_test(tc, test_model_global_arg_in_from);
	tcase_add_test(tc, test_model_global_arg_quoted_value);
	tcase_add_test(tc, test_model_unknown_arg_stays_as_written);
	tcase_add_test(tc, test_model_arg_default_form);
	tcase_add_test(tc, test_model_later_global_arg_overrides);
	tcase_add_test(tc, test_model_stage_arg_scope);
	tcase_add_test(tc, test_model_expand_plain_text);
	tcase_add_test(tc, test_model_find_stage_by_name);
	tcase_add_test(tc, test_model_find_stage_by_index);
	tcase_add_test(tc, test_model_user_changes);
	tcase_add_test(tc, test_model_user_start_and_end);
	tcase_add_test(tc, test_model_user_distroless_nonroot_default);
	tcase_add_test(tc, test_model_user_unknown_base_is_root);
	tcase_add_test(tc, test_model_user_inherited_from_parent_stage);
	tcase_add_test(tc, test_model_user_with_arg);
	tcase_add_test(tc, test_model_user_named_unknown);
	tcase_add_test(tc, test_model_user_parse_numeric);
	tcase_add_test(tc, test_model_user_parse_names);
	tcase_add_test(tc, test_model_user_parse_with_base_knowledge);
	tcase_add_test(tc, test_model_expand_env_at_node);
	tcase_add_test(tc, test_model_windows_signals);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(model_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
