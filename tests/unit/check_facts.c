/* SPDX-License-Identifier: MIT */
/*
 * The runtime facts of a (hardened) Dockerfile (src/harden/facts_doc.c,
 * facts_user.c) and the accounts they read (src/model/accounts.c): who the
 * image runs as, and when a read-only root is proven, for small files.
 */
#include "dockharden/facts.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "dockharden/accounts.h"
#include "dockharden/arena.h"
#include "dockharden/parse.h"
#include "dockharden/pass.h"
#include "dockharden/shellcmd.h"

/* ---- helpers ----------------------------------------------------------- */

static dh_arena *arena;

static void setup(void)
{
	arena = dh_arena_new();
}

static void teardown(void)
{
	dh_arena_free(arena);
}

static dh_doc *parse_text(const char *text)
{
	dh_source *src =
		dh_source_new(arena, "test.Dockerfile", text, strlen(text));
	dh_doc *doc = NULL;
	ck_assert_int_eq(dh_parse(&doc, arena, src), 0);
	return doc;
}

/* The facts of text as written (no passes run), strict or not. */
static dh_facts facts_of(const char *text, bool strict)
{
	dh_harden_opts opts;
	dh_harden_opts_init(&opts);
	opts.strict = strict;
	dh_facts f;
	dh_facts_from_doc(&f, parse_text(text), &opts);
	return f;
}

static bool has_writable(const dh_facts *f, const char *path)
{
	for (size_t i = 0; i < f->nwritable; i++)
		if (!strcmp(f->writable[i], path))
			return true;
	return false;
}

/* ---- identity ---------------------------------------------------------- */

START_TEST(test_facts_root_image_keeps_root)
{
	dh_facts f = facts_of("FROM debian:bookworm-slim\n"
			      "EXPOSE 22\n"
			      "CMD [\"/usr/sbin/sshd\", \"-D\"]\n",
			      false);
	ck_assert_int_eq(f.identity, DH_IDENTITY_ROOT);
	ck_assert(!f.user_known);
	ck_assert(!f.read_only_root);
	ck_assert_ptr_nonnull(f.root_reason);
	/* root binds port 22 itself: no sysctl */
	ck_assert(!f.needs_low_port);
}
END_TEST

START_TEST(test_facts_numeric_user)
{
	dh_facts f = facts_of("FROM python:3.12-slim\n"
			      "USER 10001:10002\n"
			      "EXPOSE 80\n",
			      false);
	ck_assert_int_eq(f.identity, DH_IDENTITY_NUMERIC);
	ck_assert(f.user_known);
	ck_assert_uint_eq(f.uid, 10001);
	ck_assert_uint_eq(f.gid, 10002);
	ck_assert(f.read_only_root);
	ck_assert(f.needs_low_port);
}
END_TEST

START_TEST(test_facts_named_user_resolved_from_useradd)
{
	dh_facts f = facts_of("FROM python:3.12-slim\n"
			      "RUN groupadd -g 2000 staff && "
			      "useradd -u 1500 -g staff -m app\n"
			      "USER app\n",
			      false);
	ck_assert_int_eq(f.identity, DH_IDENTITY_NUMERIC);
	ck_assert_uint_eq(f.uid, 1500);
	ck_assert_uint_eq(f.gid, 2000);
	ck_assert_str_eq(f.home, "/home/app");
	ck_assert(has_writable(&f, "/home/app"));
	ck_assert(f.read_only_root);
}
END_TEST

START_TEST(test_facts_named_user_without_number)
{
	dh_facts f = facts_of("FROM registry.example.com/base/runtime:1\n"
			      "USER app\n",
			      false);
	ck_assert_int_eq(f.identity, DH_IDENTITY_NAMED);
	ck_assert_str_eq(f.user_name, "app");
	ck_assert(!f.user_known);
	/* the unknown base may have handed it folders */
	ck_assert(!f.read_only_root);
	ck_assert_ptr_nonnull(strstr(f.rofs_missing, "runtime:1"));
}
END_TEST

START_TEST(test_facts_variable_user_is_not_named)
{
	dh_facts f = facts_of("FROM python:3.12-slim\n"
			      "USER $APP_USER\n",
			      false);
	ck_assert_int_eq(f.identity, DH_IDENTITY_NAMED);
	ck_assert_ptr_null(f.user_name);
}
END_TEST

/* ---- owned paths and the read-only root -------------------------------- */

START_TEST(test_facts_chowned_empty_dir_is_writable)
{
	dh_facts f = facts_of("FROM python:3.12-slim\n"
			      "RUN useradd -u 1000 up && mkdir -p /data && "
			      "chown up:up /data\n"
			      "WORKDIR /srv\n"
			      "COPY app.py .\n"
			      "USER 1000\n",
			      false);
	ck_assert(f.read_only_root);
	ck_assert(has_writable(&f, "/data"));
	ck_assert(!has_writable(&f, "/srv"));
}
END_TEST

START_TEST(test_facts_chowned_dir_with_files_blocks)
{
	dh_facts f = facts_of("FROM python:3.12-slim\n"
			      "RUN useradd -u 1000 up\n"
			      "WORKDIR /srv\n"
			      "COPY . .\n"
			      "RUN chown -R up /srv\n"
			      "USER up\n",
			      false);
	ck_assert(!f.read_only_root);
	ck_assert_ptr_nonnull(strstr(f.rofs_missing, "'/srv'"));
	ck_assert(!has_writable(&f, "/srv"));
}
END_TEST

START_TEST(test_facts_copy_chown_blocks_unless_strict)
{
	const char *text = "FROM python:3.12-slim\n"
			   "RUN useradd -u 1000 web\n"
			   "COPY --chown=web:web site/ /var/www/\n"
			   "USER 1000:1000\n";
	dh_facts f = facts_of(text, false);
	ck_assert(!f.read_only_root);
	ck_assert_ptr_nonnull(strstr(f.rofs_missing, "/var/www"));
	f = facts_of(text, true);
	ck_assert(f.read_only_root);
}
END_TEST

START_TEST(test_facts_chowned_volume_does_not_block)
{
	dh_facts f = facts_of("FROM python:3.12-slim\n"
			      "RUN useradd -u 1000 db\n"
			      "COPY --chown=db seed/ /var/lib/db/\n"
			      "VOLUME /var/lib/db\n"
			      "USER 1000\n",
			      false);
	ck_assert(f.read_only_root);
	ck_assert(has_writable(&f, "/var/lib/db"));
	ck_assert_uint_eq(f.nvolumes, 1);
}
END_TEST

START_TEST(test_facts_mkdir_as_user_chmod_and_install)
{
	dh_facts f = facts_of("FROM python:3.12-slim\n"
			      "RUN useradd -u 1000 w\n"
			      "RUN mkdir -p /var/cache/a && chmod 1777 "
			      "/var/cache/a\n"
			      "RUN install -d -o w -m 0750 /var/lib/b\n"
			      "RUN mkdir /var/lib/c\n"
			      "USER w\n"
			      "RUN mkdir -p /var/tmp/d\n",
			      false);
	ck_assert(f.read_only_root);
	ck_assert(has_writable(&f, "/var/cache/a"));
	ck_assert(has_writable(&f, "/var/lib/b"));
	ck_assert(!has_writable(&f, "/var/lib/c")); /* made by root */
	ck_assert(has_writable(&f, "/var/tmp/d"));
}
END_TEST

START_TEST(test_facts_run_writing_into_owned_dir_blocks)
{
	dh_facts f = facts_of("FROM python:3.12-slim\n"
			      "RUN useradd -u 1000 w && mkdir /opt/models "
			      "&& chown w /opt/models\n"
			      "RUN curl -o /opt/models/base.bin "
			      "https://example.com/m\n"
			      "USER w\n",
			      false);
	ck_assert(!f.read_only_root);
	ck_assert_ptr_nonnull(strstr(f.rofs_missing, "/opt/models"));
}
END_TEST

START_TEST(test_facts_env_home)
{
	dh_facts f = facts_of("FROM python:3.12-slim\n"
			      "ENV HOME=/tmp/home\n"
			      "USER 10001\n",
			      false);
	ck_assert_str_eq(f.home, "/tmp/home");
	ck_assert(f.read_only_root);
}
END_TEST

/* ENV and ARG values (defaults, ${NAME:-default}, an ENV built from
 * another, a global ARG declared again) reach the paths handed over. */
START_TEST(test_facts_paths_with_variables_resolved)
{
	dh_facts f = facts_of("ARG TOP=/srv\n"
			      "FROM debian:12\n"
			      "ARG TOP\n"
			      "ARG LOGS=/var/log/app\n"
			      "ENV DATA=${TOP}/data\n"
			      "ENV HOME=$TOP/home\n"
			      "RUN useradd -u 1200 app && mkdir -p $DATA $LOGS "
			      "${CACHE:-/var/cache/app} $HOME && chown app "
			      "${DATA} $LOGS ${CACHE:-/var/cache/app} $HOME\n"
			      "VOLUME ${DATA}\n"
			      "USER 1200\n",
			      false);
	ck_assert(f.read_only_root);
	ck_assert_uint_eq(f.nvolumes, 1);
	ck_assert_str_eq(f.volumes[0], "/srv/data");
	ck_assert_str_eq(f.home, "/srv/home");
	ck_assert(has_writable(&f, "/srv/data"));
	ck_assert(has_writable(&f, "/var/log/app"));
	ck_assert(has_writable(&f, "/var/cache/app"));
	ck_assert(has_writable(&f, "/srv/home"));
}
END_TEST

static size_t count_code(const dh_doc *doc, const char *code)
{
	size_t n = 0;
	for (const dh_diag *d = doc->diags.first; d; d = d->next)
		n += d->code && !strcmp(d->code, code);
	return n;
}

/* A variable no default sets never reaches a setting: the read-only root
 * is left out naming it, or, strict, each such path is named. */
START_TEST(test_facts_unset_variable_never_mounted)
{
	static const char text[] =
		"FROM debian:12\n"
		"ARG DATA\n"
		"ENV HOME=/home/$WHO\n"
		"RUN useradd -u 1200 app && mkdir -p $DATA && "
		"chown app $DATA\n"
		"VOLUME $DATA /srv/logs\n"
		"USER 1200\n";
	for (int strict = 0; strict < 2; strict++) {
		dh_harden_opts opts;
		dh_harden_opts_init(&opts);
		opts.strict = strict;
		dh_doc *doc = parse_text(text);
		dh_facts f;
		dh_facts_from_doc(&f, doc, &opts);
		ck_assert(f.read_only_root == (strict == 1));
		ck_assert_ptr_null(f.home);
		for (size_t i = 0; i < f.nwritable; i++)
			ck_assert_ptr_null(strchr(f.writable[i], '$'));
		ck_assert_uint_eq(f.nvolumes, 1);
		ck_assert_str_eq(f.volumes[0], "/srv/logs");
		ck_assert_uint_eq(count_code(doc, "unresolved-path"),
				  strict ? 3 : 0);
		if (!strict)
			ck_assert_ptr_nonnull(strstr(f.rofs_missing, "'WHO'"));
	}
}
END_TEST

START_TEST(test_facts_mounts)
{
	dh_facts f = facts_of("FROM debian:bookworm-slim\n"
			      "VOLUME /srv/data\n",
			      false);
	ck_assert(!f.read_only_root);
	ck_assert(dh_facts_is_volume(&f, "/srv/data"));
	/* a root image writes where it always did: nothing is mounted */
	ck_assert(!dh_facts_mounts(&f, "/srv/data"));
	ck_assert(!dh_facts_mounts(&f, "/tmp"));
	f.read_only_root = true;
	ck_assert(dh_facts_mounts(&f, "/tmp"));
	ck_assert(dh_facts_mounts(&f, "/srv/data"));
}
END_TEST

/* ---- accounts ---------------------------------------------------------- */

static dh_account account_in(const char *run, const char *name, bool group,
			     bool *found)
{
	dh_doc *doc = parse_text(run);
	dh_model model;
	dh_model_build(&model, doc);
	dh_account acc = {0};
	*found = dh_account_find(&acc, doc, &model, name, group);
	return acc;
}

START_TEST(test_accounts_spellings)
{
	bool found;
	dh_account a = account_in("FROM debian\nRUN useradd --system "
				  "--uid 901 -d /var/lib/q -m q\n",
				  "q", false, &found);
	ck_assert(found && a.has_id);
	ck_assert_uint_eq(a.id, 901);
	ck_assert_str_eq(a.home, "/var/lib/q");

	a = account_in("FROM alpine\nRUN adduser -D -H -u 70 pg\n", "pg", false,
		       &found);
	ck_assert(found && a.has_id);
	ck_assert_uint_eq(a.id, 70);
	ck_assert_ptr_null(a.home); /* -H: no home */

	a = account_in("FROM debian\nRUN adduser --disabled-password "
		       "--gecos '' app\n",
		       "app", false, &found);
	ck_assert(found && !a.has_id);
	ck_assert_str_eq(a.home, "/home/app");

	a = account_in("FROM debian\nRUN useradd app\n", "app", false, &found);
	ck_assert(found);
	ck_assert_ptr_null(a.home); /* useradd makes no home without -m */

	a = account_in("FROM debian\nRUN groupadd -g 3000 ops\n", "ops", true,
		       &found);
	ck_assert(found && a.has_id);
	ck_assert_uint_eq(a.id, 3000);

	account_in("FROM debian\nRUN useradd app\n", "ap", false, &found);
	ck_assert(!found);
}
END_TEST

START_TEST(test_accounts_parse_id)
{
	uint32_t id;
	ck_assert(dh_account_parse_id("0", &id) && id == 0);
	ck_assert(dh_account_parse_id("4294967294", &id));
	ck_assert(!dh_account_parse_id("4294967295", &id));
	ck_assert(!dh_account_parse_id("12a", &id));
	ck_assert(!dh_account_parse_id("", &id));
	ck_assert(!dh_account_parse_id(NULL, &id));
}
END_TEST

static Suite *facts_suite(void)
{
	Suite *s = suite_create("facts");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_facts_root_image_keeps_root);
	tcase_add_test(tc, test_facts_numeric_user);
	tcase_add_test(tc, test_facts_named_user_resolved_from_useradd);
	tcase_add_test(tc, test_facts_named_user_without_number);
	tcase_add_test(tc, test_facts_variable_user_is_not_named);
	tcase_add_test(tc, test_facts_chowned_empty_dir_is_writable);
	tcase_add_test(tc, test_facts_chowned_dir_with_files_blocks);
	tcase_add_test(tc, test_facts_copy_chown_blocks_unless_strict);
	tcase_add_test(tc, test_facts_chowned_volume_does_not_block);
	tcase_add_test(tc, test_facts_mkdir_as_user_chmod_and_install);
	tcase_add_test(tc, test_facts_run_writing_into_owned_dir_blocks);
	tcase_add_test(tc, test_facts_env_home);
	tcase_add_test(tc, test_facts_mounts);
	tcase_add_test(tc, test_facts_paths_with_variables_resolved);
	tcase_add_test(tc, test_facts_unset_variable_never_mounted);
	tcase_add_test(tc, test_accounts_spellings);
	tcase_add_test(tc, test_accounts_parse_id);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(facts_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
