/* SPDX-License-Identifier: MIT */
/*
 * Port moves: the facts of a Dockerfile before and after hardening, and
 * the EXPOSE ports that hardening changed (nginx 80 to 8080), per
 * protocol and in order; no move when nothing changed or a port was only
 * dropped or added; findings of the facts reported once.
 */
#include "dockharden/pass.h"

#include <check.h>
#include <string.h>

#include "dockharden/arena.h"
#include "dockharden/facts.h"
#include "dockharden/parse.h"

static dh_doc *parse_s(dh_arena *a, const char *text)
{
	dh_source *src =
		dh_source_new(a, "test.Dockerfile", text, strlen(text));
	ck_assert_ptr_nonnull(src);
	dh_doc *doc = NULL;
	ck_assert_int_eq(dh_parse(&doc, a, src), 0);
	ck_assert(dh_doc_ok(doc));
	return doc;
}

/* Facts of text before and after dh_harden(), moves set. */
static void harden_facts(dh_facts *out, dh_arena *a, const char *text,
			 dh_doc **out_doc)
{
	dh_harden_opts h;
	dh_harden_opts_init(&h);
	dh_doc *doc = parse_s(a, text);
	dh_facts before;
	dh_facts_before(&before, doc, &h);
	ck_assert_int_eq(dh_harden(doc, &h, NULL), 0);
	dh_facts_from_doc(out, doc, &h);
	dh_facts_set_moves(out, a, &before);
	if (out_doc)
		*out_doc = doc;
}

static void ports(dh_facts *f, dh_arena *a, const uint32_t *nums, size_t n,
		  dh_port_proto proto)
{
	for (size_t i = 0; i < n; i++)
		dh_facts_add_port(f, a, nums[i], proto);
}

static size_t count_code(const dh_doc *doc, const char *code)
{
	size_t n = 0;
	for (const dh_diag *d = doc->diags.first; d; d = d->next)
		n += strcmp(d->code, code) == 0;
	return n;
}

START_TEST(test_facts_moves_nginx_80_to_8080)
{
	dh_arena *a = dh_arena_new();
	dh_facts f;
	harden_facts(&f, a,
		     "FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/\n"
		     "EXPOSE 80\n",
		     NULL);
	ck_assert_uint_eq(f.nports, 1);
	ck_assert_uint_eq(f.ports[0].number, 8080);
	ck_assert_uint_eq(f.nmoves, 1);
	ck_assert_uint_eq(f.moves[0].from, 80);
	ck_assert_uint_eq(f.moves[0].to, 8080);
	ck_assert_int_eq(f.moves[0].proto, DH_PROTO_TCP);
	ck_assert_ptr_eq(dh_facts_move_of(&f, 80, DH_PROTO_TCP), &f.moves[0]);
	ck_assert_ptr_null(dh_facts_move_of(&f, 80, DH_PROTO_UDP));
	ck_assert_ptr_null(dh_facts_move_of(&f, 8080, DH_PROTO_TCP));
	ck_assert_ptr_null(dh_facts_move_of(NULL, 80, DH_PROTO_TCP));
	dh_arena_free(a);
}
END_TEST

START_TEST(test_facts_moves_none_when_port_kept)
{
	dh_arena *a = dh_arena_new();
	dh_facts f;
	harden_facts(&f, a,
		     "FROM node:20-slim\nWORKDIR /app\nCOPY . .\n"
		     "RUN npm ci --omit=dev\nEXPOSE 3000\n"
		     "CMD [\"node\", \"server.js\"]\n",
		     NULL);
	ck_assert_uint_eq(f.nports, 1);
	ck_assert_uint_eq(f.ports[0].number, 3000);
	ck_assert_uint_eq(f.nmoves, 0);
	ck_assert_ptr_null(f.moves);
	dh_arena_free(a);
}

/* nginx with its own config keeps root and port 80: nothing moves. */
START_TEST(test_facts_moves_none_when_nginx_keeps_its_config)
{
	dh_arena *a = dh_arena_new();
	dh_facts f;
	harden_facts(&f, a,
		     "FROM nginx:1.27\nCOPY nginx.conf /etc/nginx/nginx.conf\n"
		     "EXPOSE 80\n",
		     NULL);
	ck_assert_uint_eq(f.nports, 1);
	ck_assert_uint_eq(f.ports[0].number, 80);
	ck_assert_uint_eq(f.nmoves, 0);
	dh_arena_free(a);
}

/* Ports that changed pair up in order, per protocol. */
START_TEST(test_facts_moves_paired_in_order_per_protocol)
{
	dh_arena *a = dh_arena_new();
	dh_facts before;
	dh_facts after;
	dh_facts_init(&before);
	dh_facts_init(&after);
	ports(&before, a, (const uint32_t[]){80, 443, 9000}, 3, DH_PROTO_TCP);
	ports(&before, a, (const uint32_t[]){53}, 1, DH_PROTO_UDP);
	ports(&after, a, (const uint32_t[]){8080, 8443, 9000}, 3, DH_PROTO_TCP);
	ports(&after, a, (const uint32_t[]){5353}, 1, DH_PROTO_UDP);
	dh_facts_set_moves(&after, a, &before);
	ck_assert_uint_eq(after.nmoves, 3);
	ck_assert_uint_eq(after.moves[0].from, 80);
	ck_assert_uint_eq(after.moves[0].to, 8080);
	ck_assert_uint_eq(after.moves[1].from, 443);
	ck_assert_uint_eq(after.moves[1].to, 8443);
	ck_assert_int_eq(after.moves[1].proto, DH_PROTO_TCP);
	ck_assert_uint_eq(after.moves[2].from, 53);
	ck_assert_uint_eq(after.moves[2].to, 5353);
	ck_assert_int_eq(after.moves[2].proto, DH_PROTO_UDP);
	ck_assert_ptr_null(dh_facts_move_of(&after, 9000, DH_PROTO_TCP));
	dh_arena_free(a);
}

/* A port dropped, or one added, has nothing to follow. */
START_TEST(test_facts_moves_none_when_port_dropped_or_added)
{
	dh_arena *a = dh_arena_new();
	dh_facts before;
	dh_facts after;
	dh_facts_init(&before);
	dh_facts_init(&after);
	ports(&before, a, (const uint32_t[]){80, 443}, 2, DH_PROTO_TCP);
	ports(&after, a, (const uint32_t[]){8080}, 1, DH_PROTO_TCP);
	dh_facts_set_moves(&after, a, &before);
	ck_assert_uint_eq(after.nmoves, 0);
	dh_facts_init(&before);
	dh_facts_init(&after);
	ports(&after, a, (const uint32_t[]){8080}, 1, DH_PROTO_TCP);
	dh_facts_set_moves(&after, a, &before);
	ck_assert_uint_eq(after.nmoves, 0);
	/* set twice: the second call replaces the first answer */
	ports(&before, a, (const uint32_t[]){80}, 1, DH_PROTO_TCP);
	dh_facts_set_moves(&after, a, &before);
	ck_assert_uint_eq(after.nmoves, 1);
	dh_facts_init(&before);
	dh_facts_set_moves(&after, a, &before);
	ck_assert_uint_eq(after.nmoves, 0);
	ck_assert_ptr_null(after.moves);
	dh_arena_free(a);
}

/* Facts computed twice report an unusable EXPOSE word once. */
START_TEST(test_facts_moves_findings_once)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc;
	dh_facts f;
	harden_facts(&f, a,
		     "FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/\n"
		     "EXPOSE 80 $NOPE\n",
		     &doc);
	ck_assert_uint_eq(count_code(doc, "expose-port"), 1);
	dh_arena_free(a);
}

static Suite *facts_moves_suite(void)
{
	Suite *s = suite_create("facts_moves");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_facts_moves_nginx_80_to_8080);
	tcase_add_test(tc, test_facts_moves_none_when_port_kept);
	tcase_add_test(tc, test_facts_moves_none_when_nginx_keeps_its_config);
	tcase_add_test(tc, test_facts_moves_paired_in_order_per_protocol);
	tcase_add_test(tc, test_facts_moves_none_when_port_dropped_or_added);
	tcase_add_test(tc, test_facts_moves_findings_once);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(facts_moves_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
