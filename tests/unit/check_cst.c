/* SPDX-License-Identifier: MIT */
/*
 * The tree's accessors and invariants: dh_cst_check on parsed (and
 * deliberately broken) trees, byte-exact printing, node positions, the
 * instruction iterator and node bases.
 */
#include "dockharden/cst.h"

#include <check.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dockharden/arena.h"
#include "dockharden/buf.h"
#include "dockharden/errors.h"
#include "dockharden/parse.h"
#include "dockharden/source.h"

#define CONFORMANCE_DIR "../shared/conformance/buildkit-parser"

/* ---- helpers ----------------------------------------------------------- */

static dh_doc *parse_n(dh_arena *a, const char *text, size_t len)
{
	dh_source *src = dh_source_new(a, "test.Dockerfile", text, len);
	ck_assert_ptr_nonnull(src);
	dh_doc *doc = NULL;
	ck_assert_int_eq(dh_parse(&doc, a, src), 0);
	return doc;
}

static dh_doc *parse_s(dh_arena *a, const char *text)
{
	return parse_n(a, text, strlen(text));
}

static dh_node *nth(const dh_node *parent, size_t i)
{
	dh_node *c = parent->first_child;
	for (size_t k = 0; c && k < i; k++)
		c = c->next;
	ck_assert_msg(c != NULL, "no child %zu", i);
	return c;
}

static void expect_render(const dh_doc *doc, const char *text, size_t len)
{
	dh_buf b = DH_BUF_INIT;
	dh_doc_render(&b, doc);
	ck_assert_msg(b.len == len && (len == 0 || !memcmp(b.data, text, len)),
		      "rendered %zu bytes '%.*s', want %zu", b.len, (int)b.len,
		      b.data ? b.data : "", len);
	dh_buf_free(&b);
}

static void expect_node_text(const dh_doc *doc, const dh_node *n,
			     const char *want)
{
	dh_buf b = DH_BUF_INIT;
	dh_node_render(&b, doc, n);
	ck_assert_msg(b.len == strlen(want) && !memcmp(b.data, want, b.len),
		      "node text '%.*s', want '%s'", (int)b.len,
		      b.data ? b.data : "", want);
	dh_buf_free(&b);
}

static void expect_pos(const dh_doc *doc, const dh_node *n, uint32_t line,
		       uint32_t col)
{
	uint32_t l = 0, c = 0;
	dh_node_position(doc, n, &l, &c);
	ck_assert_msg(l == line && c == col, "at %u:%u, want %u:%u", l, c, line,
		      col);
}

static const char *const samples[] = {
	"FROM a\n",
	"FROM a",
	"",
	"\n\n",
	"# only a comment",
	"\xef\xbb\xbf# syntax=x\nFROM a\r\nRUN b \\\r\n  c\r\n",
	"# escape=`\nFROM a\nRUN b `\n  # k\n\n  c\n",
	"FROM a\nRUN <<EOF\nbody\nEOF\nCOPY <<A <<B /x\na\nA\nb\nB\n",
	"FROM a\nRUN <<EOF\nunterminated\n",
	"FROM a\nENV X\nCMD [1]\nBOGUS\n# escape=x\n",
	"FROM a\nRUN a \\",
	"  \t\nFROM a\n\t\n  ",
};

/* ---- dh_cst_check ------------------------------------------------------ */

START_TEST(test_cst_check_parsed_samples)
{
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		dh_arena *a = dh_arena_new();
		dh_doc *doc = parse_s(a, samples[i]);
		const char *err = dh_cst_check(doc);
		ck_assert_msg(err == NULL, "sample %zu: %s", i, err);
		dh_arena_free(a);
	}
}
END_TEST

START_TEST(test_cst_check_detects_gap_between_top_nodes)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM a\nRUN b\n");
	nth(doc->root, 1)->span.start = 8;
	ck_assert_str_eq(dh_cst_check(doc),
			 "children do not tile their parent");
	dh_arena_free(a);
}
END_TEST

START_TEST(test_cst_check_detects_short_coverage)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM a\nRUN b\n");
	doc->root->last_child->span.end = 12;
	ck_assert_str_eq(dh_cst_check(doc),
			 "children do not cover their parent");
	dh_arena_free(a);
}
END_TEST

START_TEST(test_cst_check_detects_child_tiling)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "RUN a \\\n  b\n");
	dh_node *in = nth(doc->root, 0);
	in->last_child->span.start = 9;
	ck_assert_str_eq(dh_cst_check(doc),
			 "children do not tile their parent");
	dh_arena_free(a);
}
END_TEST

START_TEST(test_cst_check_detects_broken_links)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM a\nRUN b\n");
	dh_node *second = nth(doc->root, 1);
	second->prev = NULL;
	ck_assert_str_eq(dh_cst_check(doc), "broken sibling or parent link");
	second->prev = doc->root->first_child;
	ck_assert_ptr_null(dh_cst_check(doc));
	doc->root->last_child = doc->root->first_child;
	ck_assert_str_eq(dh_cst_check(doc), "last child link is wrong");
	dh_arena_free(a);
}
END_TEST

START_TEST(test_cst_check_after_edits)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM a\nRUN b \\\n c\nCMD x\n");
	dh_node *run = nth(doc->root, 1);
	ck_assert_int_eq(dh_cst_insert_after(NULL, doc, run, "USER 1"), 0);
	ck_assert_int_eq(dh_cst_replace_rest(doc, run, "z"), 0);
	dh_cst_remove(doc, doc->root->last_child);
	ck_assert_ptr_null(dh_cst_check(doc));
	dh_arena_free(a);
}
END_TEST

/* ---- printing ---------------------------------------------------------- */

START_TEST(test_cst_render_round_trip_samples)
{
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		dh_arena *a = dh_arena_new();
		dh_doc *doc = parse_s(a, samples[i]);
		expect_render(doc, samples[i], strlen(samples[i]));
		dh_arena_free(a);
	}
}
END_TEST

START_TEST(test_cst_render_round_trip_nul_bytes)
{
	static const char text[] = "FROM a\0b\nRUN \0\n# \0\n";
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_n(a, text, sizeof(text) - 1);
	expect_render(doc, text, sizeof(text) - 1);
	ck_assert_ptr_null(dh_cst_check(doc));
	dh_arena_free(a);
}
END_TEST

START_TEST(test_cst_render_round_trip_conformance)
{
	DIR *dir = opendir(CONFORMANCE_DIR);
	if (!dir) {
		fprintf(stderr, "skip: %s not found\n", CONFORMANCE_DIR);
		return;
	}
	size_t seen = 0;
	for (struct dirent *e; (e = readdir(dir));) {
		if (e->d_name[0] == '.')
			continue;
		char path[512];
		snprintf(path, sizeof(path), "%s/%s/Dockerfile",
			 CONFORMANCE_DIR, e->d_name);
		dh_arena *a = dh_arena_new();
		dh_source *src;
		ck_assert_int_eq(dh_source_read(&src, a, path), 0);
		dh_doc *doc;
		ck_assert_int_eq(dh_parse(&doc, a, src), 0);
		ck_assert_msg(dh_doc_ok(doc), "%s: %s", path,
			      doc->diags.first->message);
		ck_assert_msg(dh_cst_check(doc) == NULL, "%s: %s", path,
			      dh_cst_check(doc));
		expect_render(doc, src->data, src->len);
		dh_arena_free(a);
		seen++;
	}
	closedir(dir);
	ck_assert_uint_ge(seen, 30);
}
END_TEST

START_TEST(test_cst_node_render_parts)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc =
		parse_s(a, "FROM a\nRUN x \\\n  # c\n  y\nRUN <<E\nb\nE\n");
	dh_node *run = nth(doc->root, 1);
	expect_node_text(doc, run, "RUN x \\\n  # c\n  y\n");
	expect_node_text(doc, nth(run, 0), "RUN x \\\n");
	expect_node_text(doc, nth(run, 1), "  # c\n");
	expect_node_text(doc, nth(run, 2), "  y\n");
	dh_node *hd = nth(doc->root, 2);
	expect_node_text(doc, nth(hd, 1), "b\nE\n");
	dh_buf b = DH_BUF_INIT;
	dh_node_render(&b, doc, doc->root);
	ck_assert_uint_eq(b.len, doc->src->len);
	ck_assert(!memcmp(b.data, doc->src->data, b.len));
	dh_buf_free(&b);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_cst_render_appends_to_buffer)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM a\n");
	dh_buf b = DH_BUF_INIT;
	dh_buf_puts(&b, ">>");
	dh_doc_render(&b, doc);
	ck_assert_uint_eq(b.len, 9);
	ck_assert_str_eq(b.data, ">>FROM a\n");
	dh_buf_free(&b);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_cst_kind_names)
{
	ck_assert_str_eq(dh_node_kind_name(DH_NODE_DOCUMENT), "document");
	ck_assert_str_eq(dh_node_kind_name(DH_NODE_INSTRUCTION), "instruction");
	ck_assert_str_eq(dh_node_kind_name(DH_NODE_LINE), "line");
	ck_assert_str_eq(dh_node_kind_name(DH_NODE_CONT_COMMENT),
			 "cont-comment");
	ck_assert_str_eq(dh_node_kind_name(DH_NODE_HEREDOC), "heredoc");
}
END_TEST

/* ---- positions --------------------------------------------------------- */

START_TEST(test_cst_position_lines_and_columns)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "# c\n\nFROM a\nRUN x \\\n  # k\n  y\n");
	expect_pos(doc, nth(doc->root, 0), 1, 1);
	expect_pos(doc, nth(doc->root, 1), 2, 1);
	expect_pos(doc, nth(doc->root, 2), 3, 1);
	dh_node *run = nth(doc->root, 3);
	expect_pos(doc, run, 4, 1);
	expect_pos(doc, nth(run, 1), 5, 1);
	expect_pos(doc, nth(run, 2), 6, 1);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_cst_position_bom_and_crlf)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "\xef\xbb\xbf"
				 "FROM a\r\n\r\nRUN b\r\n");
	/* Columns are byte columns: the BOM takes three. */
	expect_pos(doc, nth(doc->root, 1), 1, 4);
	expect_pos(doc, nth(doc->root, 2), 2, 1);
	expect_pos(doc, nth(doc->root, 3), 3, 1);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_cst_position_conformance_testfile_line)
{
	dh_arena *a = dh_arena_new();
	dh_source *src;
	if (dh_source_read(&src, a,
			   CONFORMANCE_DIR "/testfile-line/Dockerfile")) {
		fprintf(stderr, "skip: conformance data not found\n");
		dh_arena_free(a);
		return;
	}
	dh_doc *doc;
	ck_assert_int_eq(dh_parse(&doc, a, src), 0);
	static const uint32_t want[3][2] = {{5, 5}, {11, 12}, {17, 31}};
	size_t k = 0;
	for (dh_node *n = dh_doc_next_instruction(doc, NULL); n;
	     n = dh_doc_next_instruction(doc, n), k++) {
		ck_assert_uint_lt(k, 3);
		uint32_t line, col, end_line;
		dh_node_position(doc, n, &line, &col);
		dh_source_locate(src, n->span.end - 1, &end_line, &col);
		ck_assert_uint_eq(line, want[k][0]);
		ck_assert_uint_eq(end_line, want[k][1]);
	}
	ck_assert_uint_eq(k, 3);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_cst_position_kept_across_edits)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM a\n\nRUN x \\\n  y\nCMD z\n");
	dh_node *run = nth(doc->root, 2);
	ck_assert_int_eq(dh_cst_replace_rest(doc, run, "w \\\n  v"), 0);
	expect_pos(doc, run, 3, 1);
	expect_pos(doc, nth(run, 0), 3, 1);
	ck_assert_uint_eq(run->span.start, 0);
	dh_node *ins;
	ck_assert_int_eq(dh_cst_insert_before(&ins, doc, doc->root->last_child,
					      "USER 1"),
			 0);
	expect_pos(doc, ins, 5, 1);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_cst_position_error_and_heredoc)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM a\nENV X\n\tRUN <<E\nb\nE\n");
	expect_pos(doc, nth(doc->root, 1), 2, 1);
	dh_node *run = nth(doc->root, 2);
	expect_pos(doc, run, 3, 1);
	expect_pos(doc, nth(run, 1), 4, 1);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_cst_check_after_moves)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM a\n# c\nRUN b \\\n c\nCMD d\n");
	dh_cst_move_before(doc, nth(doc->root, 3), nth(doc->root, 0));
	dh_cst_move_after(doc, nth(doc->root, 2), doc->root->last_child);
	ck_assert_ptr_null(dh_cst_check(doc));
	expect_render(doc, "CMD d\nFROM a\nRUN b \\\n c\n# c\n", 28);
	dh_arena_free(a);
}
END_TEST

/* ---- iteration and bases ----------------------------------------------- */

START_TEST(test_cst_next_instruction)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "# syntax=x\n# c\n\nFROM a\n# d\nRUN b\n\n");
	dh_node *n = dh_doc_next_instruction(doc, NULL);
	ck_assert_ptr_eq(n, nth(doc->root, 3));
	n = dh_doc_next_instruction(doc, n);
	ck_assert_ptr_eq(n, nth(doc->root, 5));
	ck_assert_ptr_null(dh_doc_next_instruction(doc, n));
	dh_arena_free(a);
}
END_TEST

START_TEST(test_cst_next_instruction_skips_errors)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM a\nENV X\nRUN b\n");
	dh_node *n = dh_doc_next_instruction(doc, NULL);
	n = dh_doc_next_instruction(doc, n);
	ck_assert_ptr_eq(n, nth(doc->root, 2));
	dh_arena_free(a);
}
END_TEST

START_TEST(test_cst_next_instruction_none)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "# a\n\n");
	ck_assert_ptr_null(dh_doc_next_instruction(doc, NULL));
	dh_arena_free(a);
}
END_TEST

START_TEST(test_cst_next_instruction_sees_inserted)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM a\nRUN b\n");
	dh_node *from = dh_doc_next_instruction(doc, NULL), *ins;
	ck_assert_int_eq(dh_cst_insert_after(&ins, doc, from, "USER 1"), 0);
	ck_assert_ptr_eq(dh_doc_next_instruction(doc, from), ins);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_cst_node_base)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM a\nRUN b \\\n c\n");
	dh_node *from = nth(doc->root, 0), *run = nth(doc->root, 1);
	ck_assert_ptr_eq(dh_node_base(doc, from), doc->src->data);
	ck_assert_ptr_eq(dh_node_base(doc, nth(run, 1)), doc->src->data);
	ck_assert_int_eq(dh_cst_replace_rest(doc, run, "z \\\n y"), 0);
	const char *base = dh_node_base(doc, run);
	ck_assert_ptr_ne(base, doc->src->data);
	ck_assert_ptr_eq(base, dh_node_text(run));
	ck_assert_ptr_eq(dh_node_base(doc, run->first_child), base);
	ck_assert_uint_eq(run->span.end - run->span.start, 11);
	ck_assert(!memcmp(base + run->span.start, "RUN z \\\n y\n", 11));
	ck_assert_ptr_eq(dh_node_base(doc, from), doc->src->data);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_cst_instr_cached_and_kind_checked)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "# c\nFROM a\nRUN x \\\n y\n\n");
	dh_node *run = nth(doc->root, 2);
	const dh_instr *in = dh_node_instr(doc, run);
	ck_assert_ptr_nonnull(in);
	ck_assert_ptr_eq(dh_node_instr(doc, run), in);
	ck_assert_ptr_null(dh_node_instr(doc, nth(doc->root, 0)));
	ck_assert_ptr_null(dh_node_instr(doc, nth(doc->root, 3)));
	ck_assert_ptr_null(dh_node_instr(doc, nth(run, 0)));
	ck_assert_ptr_null(dh_node_instr(doc, doc->root));
	dh_arena_free(a);
}
END_TEST

START_TEST(test_cst_parsed_nodes_are_clean)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM a\nRUN b \\\n c\n");
	ck_assert_uint_eq(doc->root->flags, 0);
	for (dh_node *n = doc->root->first_child; n; n = n->next) {
		ck_assert_uint_eq(n->flags, 0);
		ck_assert_ptr_null(dh_node_text(n));
	}
	dh_arena_free(a);
}
END_TEST

START_TEST(test_cst_edit_sets_dirty_flags)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM a\nRUN b\nCMD c\n");
	dh_node *run = nth(doc->root, 1);
	ck_assert_int_eq(dh_cst_replace_rest(doc, run, "z"), 0);
	ck_assert(run->flags & DH_NODE_F_DIRTY);
	ck_assert(!(run->flags & DH_NODE_F_SYNTHETIC));
	ck_assert(doc->root->flags & DH_NODE_F_CHILD_DIRTY);
	ck_assert_uint_eq(nth(doc->root, 0)->flags, 0);
	ck_assert_uint_eq(nth(doc->root, 2)->flags, 0);
	dh_node *ins;
	ck_assert_int_eq(dh_cst_append(&ins, doc, "USER 1"), 0);
	ck_assert(ins->flags & DH_NODE_F_SYNTHETIC);
	ck_assert(ins->flags & DH_NODE_F_DIRTY);
	dh_node *cmd = nth(doc->root, 2);
	dh_cst_remove(doc, cmd);
	ck_assert(cmd->flags & DH_NODE_F_REMOVED);
	dh_arena_free(a);
}
END_TEST

static Suite *cst_suite(void)
{
	Suite *s = suite_create("cst");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_cst_check_parsed_samples);
	tcase_add_test(tc, test_cst_check_detects_gap_between_top_nodes);
	tcase_add_test(tc, test_cst_check_detects_short_coverage);
	tcase_add_test(tc, test_cst_check_detects_child_tiling);
	tcase_add_test(tc, test_cst_check_detects_broken_links);
	tcase_add_test(tc, test_cst_check_after_edits);
	tcase_add_test(tc, test_cst_render_round_trip_samples);
	tcase_add_test(tc, test_cst_render_round_trip_nul_bytes);
	tcase_add_test(tc, test_cst_render_round_trip_conformance);
	tcase_add_test(tc, test_cst_node_render_parts);
	tcase_add_test(tc, test_cst_render_appends_to_buffer);
	tcase_add_test(tc, test_cst_kind_names);
	tcase_add_test(tc, test_cst_position_lines_and_columns);
	tcase_add_test(tc, test_cst_position_bom_and_crlf);
	tcase_add_test(tc, test_cst_position_conformance_testfile_line);
	tcase_add_test(tc, test_cst_position_kept_across_edits);
	tcase_add_test(tc, test_cst_position_error_and_heredoc);
	tcase_add_test(tc, test_cst_check_after_moves);
	tcase_add_test(tc, test_cst_next_instruction);
	tcase_add_test(tc, test_cst_next_instruction_skips_errors);
	tcase_add_test(tc, test_cst_next_instruction_none);
	tcase_add_test(tc, test_cst_next_instruction_sees_inserted);
	tcase_add_test(tc, test_cst_node_base);
	tcase_add_test(tc, test_cst_instr_cached_and_kind_checked);
	tcase_add_test(tc, test_cst_parsed_nodes_are_clean);
	tcase_add_test(tc, test_cst_edit_sets_dirty_flags);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(cst_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
