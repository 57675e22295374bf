/* SPDX-License-Identifier: MIT */
/*
 * The scanner, observed through dh_parse: which node kinds and byte spans
 * it produces for blank runs, comments, directives, continuations, heredoc
 * bodies, CRLF, a BOM, the escape directive and the end of input.
 */
#include "dockharden/parse.h"

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dockharden/arena.h"
#include "dockharden/buf.h"
#include "dockharden/cst.h"
#include "dockharden/diag.h"

/* ---- helpers ----------------------------------------------------------- */

static dh_doc *parse_n(dh_arena *a, const char *text, size_t len)
{
	dh_source *src = dh_source_new(a, "test.Dockerfile", text, len);
	ck_assert_ptr_nonnull(src);
	dh_doc *doc = NULL;
	ck_assert_int_eq(dh_parse(&doc, a, src), 0);
	ck_assert_ptr_nonnull(doc);
	return doc;
}

static dh_doc *parse_s(dh_arena *a, const char *text)
{
	return parse_n(a, text, strlen(text));
}

static size_t nchildren(const dh_node *parent)
{
	size_t n = 0;
	for (const dh_node *c = parent->first_child; c; c = c->next)
		n++;
	return n;
}

static dh_node *nth(const dh_node *parent, size_t i)
{
	dh_node *c = parent->first_child;
	for (size_t k = 0; c && k < i; k++)
		c = c->next;
	ck_assert_msg(c != NULL, "no child %zu", i);
	return c;
}

static void expect_node(const dh_node *n, dh_node_kind kind, uint32_t start,
			uint32_t end)
{
	ck_assert_ptr_nonnull(n);
	ck_assert_msg(n->kind == kind, "kind %s, want %s",
		      dh_node_kind_name(n->kind), dh_node_kind_name(kind));
	ck_assert_msg(n->span.start == start && n->span.end == end,
		      "%s span %u..%u, want %u..%u", dh_node_kind_name(kind),
		      n->span.start, n->span.end, start, end);
}

/* The whole document printed back must be the input. */
static void expect_roundtrip(const dh_doc *doc, const char *text, size_t len)
{
	dh_buf b = DH_BUF_INIT;
	dh_doc_render(&b, doc);
	ck_assert_uint_eq(b.len, len);
	ck_assert(len == 0 || memcmp(b.data, text, len) == 0);
	dh_buf_free(&b);
}

/* ---- blank lines and comments ------------------------------------------ */

START_TEST(test_lexer_blank_run_is_one_node)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "\n\n  \nFROM a\n");
	ck_assert_uint_eq(nchildren(doc->root), 2);
	expect_node(nth(doc->root, 0), DH_NODE_BLANK, 0, 5);
	expect_node(nth(doc->root, 1), DH_NODE_INSTRUCTION, 5, 12);
	ck_assert_int_eq(dh_doc_ok(doc), 1);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_lexer_blank_run_between_instructions)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM a\n\n\t\n\nRUN x\n");
	ck_assert_uint_eq(nchildren(doc->root), 3);
	expect_node(nth(doc->root, 0), DH_NODE_INSTRUCTION, 0, 7);
	expect_node(nth(doc->root, 1), DH_NODE_BLANK, 7, 11);
	expect_node(nth(doc->root, 2), DH_NODE_INSTRUCTION, 11, 17);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_lexer_trailing_spaces_without_newline_are_blank)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM a\n   ");
	ck_assert_uint_eq(nchildren(doc->root), 2);
	expect_node(nth(doc->root, 1), DH_NODE_BLANK, 7, 10);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_lexer_comment_lines_are_separate_nodes)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM a\n# c\n  # d\nRUN x\n");
	ck_assert_uint_eq(nchildren(doc->root), 4);
	expect_node(nth(doc->root, 1), DH_NODE_COMMENT, 7, 11);
	expect_node(nth(doc->root, 2), DH_NODE_COMMENT, 11, 17);
	expect_node(nth(doc->root, 3), DH_NODE_INSTRUCTION, 17, 23);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_lexer_comment_without_final_newline)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM a\n# end");
	ck_assert_uint_eq(nchildren(doc->root), 2);
	expect_node(nth(doc->root, 1), DH_NODE_COMMENT, 7, 12);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_lexer_comment_ending_in_escape_does_not_continue)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM a\n# x \\\nRUN b\n");
	ck_assert_uint_eq(nchildren(doc->root), 3);
	expect_node(nth(doc->root, 1), DH_NODE_COMMENT, 7, 13);
	expect_node(nth(doc->root, 2), DH_NODE_INSTRUCTION, 13, 19);
	ck_assert_ptr_null(nth(doc->root, 2)->first_child);
	dh_arena_free(a);
}
END_TEST

/* ---- parser directives ------------------------------------------------- */

START_TEST(test_lexer_directives_syntax_and_escape)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "# syntax=docker/dockerfile:1\n"
				 "# escape=`\nFROM a\n");
	ck_assert_uint_eq(nchildren(doc->root), 3);
	expect_node(nth(doc->root, 0), DH_NODE_DIRECTIVE, 0, 29);
	expect_node(nth(doc->root, 1), DH_NODE_DIRECTIVE, 29, 40);
	expect_node(nth(doc->root, 2), DH_NODE_INSTRUCTION, 40, 47);
	ck_assert_str_eq(doc->syntax, "docker/dockerfile:1");
	ck_assert_int_eq(doc->style.escape, '`');
	ck_assert_int_eq(dh_doc_ok(doc), 1);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_lexer_directive_name_case_insensitive)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "#ESCAPE = `\nFROM a\n");
	expect_node(nth(doc->root, 0), DH_NODE_DIRECTIVE, 0, 12);
	ck_assert_int_eq(doc->style.escape, '`');
	dh_arena_free(a);
}
END_TEST

START_TEST(test_lexer_directive_after_comment_is_comment)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "# hello\n# escape=`\nFROM a\nRUN b `\n");
	ck_assert_uint_eq(nchildren(doc->root), 4);
	expect_node(nth(doc->root, 0), DH_NODE_COMMENT, 0, 8);
	expect_node(nth(doc->root, 1), DH_NODE_COMMENT, 8, 19);
	expect_node(nth(doc->root, 2), DH_NODE_INSTRUCTION, 19, 26);
	/* The backtick is not the escape here, so RUN stays on one line. */
	expect_node(nth(doc->root, 3), DH_NODE_INSTRUCTION, 26, 34);
	ck_assert_int_eq(doc->style.escape, '\\');
	dh_arena_free(a);
}
END_TEST

START_TEST(test_lexer_directive_after_blank_is_comment)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "\n# escape=`\nFROM a\n");
	expect_node(nth(doc->root, 0), DH_NODE_BLANK, 0, 1);
	expect_node(nth(doc->root, 1), DH_NODE_COMMENT, 1, 12);
	ck_assert_int_eq(doc->style.escape, '\\');
	dh_arena_free(a);
}
END_TEST

START_TEST(test_lexer_directive_after_instruction_is_comment)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM a\n# escape=`\nRUN b \\\n c\n");
	ck_assert_uint_eq(nchildren(doc->root), 3);
	expect_node(nth(doc->root, 1), DH_NODE_COMMENT, 7, 18);
	expect_node(nth(doc->root, 2), DH_NODE_INSTRUCTION, 18, 29);
	ck_assert_uint_eq(nchildren(nth(doc->root, 2)), 2);
	ck_assert_int_eq(doc->style.escape, '\\');
	ck_assert_ptr_null(doc->syntax);
	dh_arena_free(a);
}
END_TEST

/* ---- continuations ----------------------------------------------------- */

START_TEST(test_lexer_continuation_lines)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "RUN a \\\n  b\n");
	ck_assert_uint_eq(nchildren(doc->root), 1);
	dh_node *in = nth(doc->root, 0);
	expect_node(in, DH_NODE_INSTRUCTION, 0, 12);
	ck_assert_uint_eq(nchildren(in), 2);
	expect_node(nth(in, 0), DH_NODE_LINE, 0, 8);
	expect_node(nth(in, 1), DH_NODE_LINE, 8, 12);
	ck_assert_uint_eq(nth(in, 0)->content_end, 6);
	ck_assert_uint_eq(nth(in, 1)->content_end, 11);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_lexer_single_line_instruction_has_no_children)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "RUN a b\n");
	dh_node *in = nth(doc->root, 0);
	expect_node(in, DH_NODE_INSTRUCTION, 0, 8);
	ck_assert_ptr_null(in->first_child);
	ck_assert_uint_eq(in->content_end, 7);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_lexer_cont_comment_and_cont_blank)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "RUN a \\\n  # c\n\n  b\nRUN z\n");
	ck_assert_uint_eq(nchildren(doc->root), 2);
	dh_node *in = nth(doc->root, 0);
	expect_node(in, DH_NODE_INSTRUCTION, 0, 19);
	ck_assert_uint_eq(nchildren(in), 4);
	expect_node(nth(in, 0), DH_NODE_LINE, 0, 8);
	expect_node(nth(in, 1), DH_NODE_CONT_COMMENT, 8, 14);
	expect_node(nth(in, 2), DH_NODE_CONT_BLANK, 14, 15);
	expect_node(nth(in, 3), DH_NODE_LINE, 15, 19);
	expect_node(nth(doc->root, 1), DH_NODE_INSTRUCTION, 19, 25);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_lexer_cont_blank_whitespace_line)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "RUN a \\\n \t \n b\n");
	dh_node *in = nth(doc->root, 0);
	ck_assert_uint_eq(nchildren(in), 3);
	expect_node(nth(in, 1), DH_NODE_CONT_BLANK, 8, 12);
	expect_node(nth(in, 2), DH_NODE_LINE, 12, 15);
	const dh_instr *i = dh_node_instr(doc, in);
	ck_assert_ptr_nonnull(i);
	ck_assert_str_eq(i->rest, "a  b");
	dh_arena_free(a);
}
END_TEST

START_TEST(test_lexer_double_escape_is_not_continuation)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "RUN a \\\\\nRUN b\n");
	ck_assert_uint_eq(nchildren(doc->root), 2);
	expect_node(nth(doc->root, 0), DH_NODE_INSTRUCTION, 0, 9);
	expect_node(nth(doc->root, 1), DH_NODE_INSTRUCTION, 9, 15);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_lexer_space_after_escape_still_continues)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "RUN a \\ \t\n b\n");
	dh_node *in = nth(doc->root, 0);
	expect_node(in, DH_NODE_INSTRUCTION, 0, 13);
	ck_assert_uint_eq(nchildren(in), 2);
	expect_node(nth(in, 0), DH_NODE_LINE, 0, 10);
	ck_assert_uint_eq(nth(in, 0)->content_end, 6);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_lexer_escape_directive_switches_continuation)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "# escape=`\nRUN b `\n  c\nRUN d \\\nRUN e\n");
	ck_assert_uint_eq(nchildren(doc->root), 4);
	dh_node *in = nth(doc->root, 1);
	expect_node(in, DH_NODE_INSTRUCTION, 11, 23);
	ck_assert_uint_eq(nchildren(in), 2);
	expect_node(nth(in, 0), DH_NODE_LINE, 11, 19);
	ck_assert_uint_eq(nth(in, 0)->content_end, 17);
	/* A backslash is an ordinary character now. */
	expect_node(nth(doc->root, 2), DH_NODE_INSTRUCTION, 23, 31);
	ck_assert_ptr_null(nth(doc->root, 2)->first_child);
	expect_node(nth(doc->root, 3), DH_NODE_INSTRUCTION, 31, 37);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_lexer_eof_inside_continuation_no_newline)
{
	static const char text[] = "FROM a\nRUN b \\";
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, text);
	ck_assert_int_eq(dh_doc_ok(doc), 1);
	ck_assert_uint_eq(nchildren(doc->root), 2);
	dh_node *in = nth(doc->root, 1);
	expect_node(in, DH_NODE_INSTRUCTION, 7, 14);
	ck_assert_uint_eq(nchildren(in), 1);
	expect_node(nth(in, 0), DH_NODE_LINE, 7, 14);
	const dh_instr *i = dh_node_instr(doc, in);
	ck_assert_ptr_nonnull(i);
	ck_assert_uint_eq(i->nargs, 1);
	ck_assert_str_eq(i->args[0].text, "b");
	expect_roundtrip(doc, text, sizeof(text) - 1);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_lexer_eof_inside_continuation_after_blank)
{
	static const char text[] = "FROM a\nRUN a \\\n\n";
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, text);
	ck_assert_int_eq(dh_doc_ok(doc), 1);
	dh_node *in = nth(doc->root, 1);
	expect_node(in, DH_NODE_INSTRUCTION, 7, 16);
	ck_assert_uint_eq(nchildren(in), 2);
	expect_node(nth(in, 0), DH_NODE_LINE, 7, 15);
	expect_node(nth(in, 1), DH_NODE_CONT_BLANK, 15, 16);
	expect_roundtrip(doc, text, sizeof(text) - 1);
	dh_arena_free(a);
}
END_TEST

/* ---- CRLF and BOM ------------------------------------------------------ */

START_TEST(test_lexer_crlf_spans_include_cr)
{
	static const char text[] = "FROM a\r\nRUN b \\\r\n  c\r\n";
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, text);
	ck_assert_uint_eq(nchildren(doc->root), 2);
	expect_node(nth(doc->root, 0), DH_NODE_INSTRUCTION, 0, 8);
	ck_assert_uint_eq(nth(doc->root, 0)->content_end, 6);
	dh_node *in = nth(doc->root, 1);
	expect_node(nth(in, 0), DH_NODE_LINE, 8, 17);
	ck_assert_uint_eq(nth(in, 0)->content_end, 14);
	expect_node(nth(in, 1), DH_NODE_LINE, 17, 22);
	ck_assert_uint_eq(nth(in, 1)->content_end, 20);
	ck_assert(doc->style.crlf);
	const dh_instr *i = dh_node_instr(doc, in);
	ck_assert_str_eq(i->args[0].text, "b   c");
	expect_roundtrip(doc, text, sizeof(text) - 1);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_lexer_lf_file_is_not_crlf)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM a\nRUN b\r\n");
	ck_assert(!doc->style.crlf);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_lexer_bom_node)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "\xef\xbb\xbf"
				 "FROM a\n");
	ck_assert(doc->has_bom);
	ck_assert_uint_eq(nchildren(doc->root), 2);
	expect_node(nth(doc->root, 0), DH_NODE_BOM, 0, 3);
	expect_node(nth(doc->root, 1), DH_NODE_INSTRUCTION, 3, 10);
	const dh_instr *i = dh_node_instr(doc, nth(doc->root, 1));
	ck_assert_int_eq(i->kind, DH_INSTR_FROM);
	ck_assert_str_eq(i->keyword, "FROM");
	dh_arena_free(a);
}
END_TEST

START_TEST(test_lexer_bom_then_directive)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "\xef\xbb\xbf# escape=`\nFROM a\n");
	expect_node(nth(doc->root, 0), DH_NODE_BOM, 0, 3);
	expect_node(nth(doc->root, 1), DH_NODE_DIRECTIVE, 3, 14);
	ck_assert_int_eq(doc->style.escape, '`');
	dh_arena_free(a);
}
END_TEST

START_TEST(test_lexer_no_bom_flag_without_bom)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM a\n");
	ck_assert(!doc->has_bom);
	expect_node(nth(doc->root, 0), DH_NODE_INSTRUCTION, 0, 7);
	dh_arena_free(a);
}
END_TEST

/* ---- heredocs ---------------------------------------------------------- */

START_TEST(test_lexer_heredoc_body_and_terminator)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM a\nRUN <<EOF\nhi\nEOF\nRUN x\n");
	ck_assert_uint_eq(nchildren(doc->root), 3);
	dh_node *in = nth(doc->root, 1);
	expect_node(in, DH_NODE_INSTRUCTION, 7, 24);
	ck_assert_uint_eq(nchildren(in), 2);
	expect_node(nth(in, 0), DH_NODE_LINE, 7, 17);
	expect_node(nth(in, 1), DH_NODE_HEREDOC, 17, 24);
	ck_assert_uint_eq(nth(in, 1)->content_end, 20);
	expect_node(nth(doc->root, 2), DH_NODE_INSTRUCTION, 24, 30);
	ck_assert_int_eq(dh_doc_ok(doc), 1);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_lexer_heredoc_chomp_tab_terminator)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM a\nRUN <<-EOF\n\thello\n\tEOF\nRUN x\n");
	ck_assert_uint_eq(nchildren(doc->root), 3);
	dh_node *in = nth(doc->root, 1);
	expect_node(nth(in, 1), DH_NODE_HEREDOC, 18, 30);
	ck_assert_uint_eq(nth(in, 1)->content_end, 25);
	ck_assert_int_eq(dh_doc_ok(doc), 1);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_lexer_heredoc_tab_terminator_needs_chomp)
{
	/* Without '-', "\tEOF" is body text; "EOF" ends it. */
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM a\nRUN <<EOF\n\tEOF\nEOF\n");
	dh_node *in = nth(doc->root, 1);
	expect_node(in, DH_NODE_INSTRUCTION, 7, 26);
	expect_node(nth(in, 1), DH_NODE_HEREDOC, 17, 26);
	ck_assert_uint_eq(nth(in, 1)->content_end, 22);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_lexer_two_heredocs_in_order)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM a\nCOPY <<A <<B /dst\na1\nA\nb1\nB\n");
	dh_node *in = nth(doc->root, 1);
	expect_node(in, DH_NODE_INSTRUCTION, 7, 35);
	ck_assert_uint_eq(nchildren(in), 3);
	expect_node(nth(in, 0), DH_NODE_LINE, 7, 25);
	expect_node(nth(in, 1), DH_NODE_HEREDOC, 25, 30);
	ck_assert_uint_eq(nth(in, 1)->content_end, 28);
	expect_node(nth(in, 2), DH_NODE_HEREDOC, 30, 35);
	ck_assert_uint_eq(nth(in, 2)->content_end, 33);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_lexer_heredoc_crlf_terminator)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc =
		parse_s(a, "FROM a\r\nRUN <<EOF\r\nhi\r\nEOF\r\nRUN x\r\n");
	ck_assert_uint_eq(nchildren(doc->root), 3);
	dh_node *in = nth(doc->root, 1);
	expect_node(nth(in, 1), DH_NODE_HEREDOC, 19, 28);
	ck_assert_uint_eq(nth(in, 1)->content_end, 23);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_lexer_heredoc_terminator_at_eof_without_newline)
{
	static const char text[] = "FROM a\nRUN <<EOF\nhi\nEOF";
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, text);
	ck_assert_int_eq(dh_doc_ok(doc), 1);
	dh_node *in = nth(doc->root, 1);
	expect_node(in, DH_NODE_INSTRUCTION, 7, 23);
	expect_node(nth(in, 1), DH_NODE_HEREDOC, 17, 23);
	ck_assert_uint_eq(nth(in, 1)->content_end, 20);
	expect_roundtrip(doc, text, sizeof(text) - 1);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_lexer_eof_inside_heredoc)
{
	static const char text[] = "FROM a\nRUN <<EOF\nhello\n";
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, text);
	ck_assert_int_eq(dh_doc_ok(doc), 0);
	ck_assert_uint_eq(nchildren(doc->root), 2);
	dh_node *in = nth(doc->root, 1);
	expect_node(in, DH_NODE_ERROR, 7, 23);
	ck_assert_uint_eq(nchildren(in), 2);
	expect_node(nth(in, 0), DH_NODE_LINE, 7, 17);
	expect_node(nth(in, 1), DH_NODE_HEREDOC, 17, 23);
	ck_assert_ptr_nonnull(doc->diags.first);
	ck_assert_str_eq(doc->diags.first->code, "unterminated-heredoc");
	expect_roundtrip(doc, text, sizeof(text) - 1);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_lexer_heredoc_ignored_in_json_form)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM a\nRUN [\"<<EOF\"]\nEOF\n");
	ck_assert_uint_eq(nchildren(doc->root), 3);
	expect_node(nth(doc->root, 1), DH_NODE_INSTRUCTION, 7, 21);
	ck_assert_ptr_null(nth(doc->root, 1)->first_child);
	expect_node(nth(doc->root, 2), DH_NODE_INSTRUCTION, 21, 25);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_lexer_heredoc_ignored_in_cmd)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM a\nCMD <<EOF\nEOF\n");
	ck_assert_uint_eq(nchildren(doc->root), 3);
	expect_node(nth(doc->root, 1), DH_NODE_INSTRUCTION, 7, 17);
	expect_node(nth(doc->root, 2), DH_NODE_INSTRUCTION, 17, 21);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_lexer_heredoc_after_continuation)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "FROM a\nRUN \\\n  <<EOF\nx\nEOF\n");
	dh_node *in = nth(doc->root, 1);
	expect_node(in, DH_NODE_INSTRUCTION, 7, 27);
	ck_assert_uint_eq(nchildren(in), 3);
	expect_node(nth(in, 0), DH_NODE_LINE, 7, 13);
	expect_node(nth(in, 1), DH_NODE_LINE, 13, 21);
	expect_node(nth(in, 2), DH_NODE_HEREDOC, 21, 27);
	dh_arena_free(a);
}
END_TEST

/* ---- losslessness ------------------------------------------------------ */

START_TEST(test_lexer_children_tile_input)
{
	static const char text[] =
		"\xef\xbb\xbf# syntax=x\n\n# c\nFROM a AS b\r\n"
		"RUN a \\\n # k\n\n  b\nRUN <<EOF\nbody\nEOF\n\t\n"
		"COPY x y";
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, text);
	uint32_t at = 0;
	size_t n = 0;
	for (const dh_node *c = doc->root->first_child; c; c = c->next) {
		ck_assert_uint_eq(c->span.start, at);
		at = c->span.end;
		n++;
	}
	ck_assert_uint_eq(at, sizeof(text) - 1);
	ck_assert_uint_eq(n, 9);
	ck_assert_ptr_null(dh_cst_check(doc));
	expect_roundtrip(doc, text, sizeof(text) - 1);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_lexer_nul_byte_kept)
{
	static const char text[] = "FROM a\nRUN a\0b\n";
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_n(a, text, sizeof(text) - 1);
	ck_assert_uint_eq(nchildren(doc->root), 2);
	expect_node(nth(doc->root, 1), DH_NODE_INSTRUCTION, 7, 15);
	expect_roundtrip(doc, text, sizeof(text) - 1);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_lexer_indented_instruction)
{
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, "\t FROM a\n");
	ck_assert_uint_eq(nchildren(doc->root), 1);
	expect_node(nth(doc->root, 0), DH_NODE_INSTRUCTION, 0, 9);
	const dh_instr *i = dh_node_instr(doc, nth(doc->root, 0));
	ck_assert_str_eq(i->keyword, "FROM");
	ck_assert_uint_eq(i->keyword_raw.start, 2);
	ck_assert_uint_eq(i->keyword_raw.end, 6);
	dh_arena_free(a);
}
END_TEST

/*
 * The scanner's rules read only how a line starts and the action takes the
 * rest; these lines end right after their first byte, or right at it, or
 * at the end of input, where the byte after the match is the line break
 * or nothing at all.
 */
START_TEST(test_lexer_one_byte_heads)
{
	static const char text[] =
		"FROM a\nX\nY \\\nZ\n\\\nQ\nRUN <<E\n\nq\nE\n#\nW";
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, text);
	ck_assert_uint_eq(nchildren(doc->root), 7);
	expect_node(nth(doc->root, 1), DH_NODE_INSTRUCTION, 7, 9);
	dh_node *y = nth(doc->root, 2);
	expect_node(y, DH_NODE_INSTRUCTION, 9, 15);
	ck_assert_uint_eq(nchildren(y), 2);
	dh_node *bs = nth(doc->root, 3);
	expect_node(bs, DH_NODE_INSTRUCTION, 15, 19);
	ck_assert_uint_eq(nchildren(bs), 2);
	dh_node *run = nth(doc->root, 4);
	expect_node(run, DH_NODE_INSTRUCTION, 19, 32);
	expect_node(nth(run, 0), DH_NODE_LINE, 19, 27);
	expect_node(nth(run, 1), DH_NODE_HEREDOC, 27, 32);
	expect_node(nth(doc->root, 5), DH_NODE_COMMENT, 32, 34);
	expect_node(nth(doc->root, 6), DH_NODE_INSTRUCTION, 34, 35);
	ck_assert_ptr_null(dh_cst_check(doc));
	expect_roundtrip(doc, text, sizeof(text) - 1);
	dh_arena_free(a);
}
END_TEST

/* A NUL where a line starts is text like any other byte. */
START_TEST(test_lexer_nul_at_line_start)
{
	static const char text[] = "FROM a\n\0RUN\n \0\n\0\0\0";
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_n(a, text, sizeof(text) - 1);
	ck_assert_uint_eq(nchildren(doc->root), 4);
	expect_node(nth(doc->root, 1), DH_NODE_INSTRUCTION, 7, 12);
	expect_node(nth(doc->root, 2), DH_NODE_INSTRUCTION, 12, 15);
	expect_node(nth(doc->root, 3), DH_NODE_INSTRUCTION, 15, 18);
	expect_roundtrip(doc, text, sizeof(text) - 1);
	dh_arena_free(a);
}
END_TEST

/* Flags before the heredoc are skipped; a JSON array after flags, even
 * flags the quick check cannot read, holds no heredoc. */
START_TEST(test_lexer_heredoc_after_flags)
{
	static const char text[] =
		"RUN --mount=type=cache,target=/r <<E\nx\nE\n"
		"RUN --network=none [\"a\", \"<<F\"]\n"
		"RUN --n=\"a b\" [\"c\", \"<<G\"]\n"
		"RUN --n=\"a b\" cat <<H\ny\nH\n"
		"FROM x\n";
	dh_arena *a = dh_arena_new();
	dh_doc *doc = parse_s(a, text);
	ck_assert_uint_eq(nchildren(doc->root), 5);
	dh_node *first = nth(doc->root, 0);
	ck_assert_uint_eq(nchildren(first), 2);
	expect_node(nth(first, 1), DH_NODE_HEREDOC, 37, 41);
	ck_assert_uint_eq(nchildren(nth(doc->root, 1)), 0);
	ck_assert_uint_eq(nchildren(nth(doc->root, 2)), 0);
	ck_assert_uint_eq(nchildren(nth(doc->root, 3)), 2);
	expect_roundtrip(doc, text, sizeof(text) - 1);
	dh_arena_free(a);
}
END_TEST

static Suite *lexer_suite(void)
{
	Suite *s = suite_create("lexer");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_lexer_blank_run_is_one_node);
	tcase_add_test(tc, test_lexer_blank_run_between_instructions);
	tcase_add_test(tc,
		       test_lexer_trailing_spaces_without_newline_are_blank);
	tcase_add_test(tc, test_lexer_comment_lines_are_separate_nodes);
	tcase_add_test(tc, test_lexer_comment_without_final_newline);
	tcase_add_test(tc,
		       test_lexer_comment_ending_in_escape_does_not_continue);
	tcase_add_test(tc, test_lexer_directives_syntax_and_escape);
	tcase_add_test(tc, test_lexer_directive_name_case_insensitive);
	tcase_add_test(tc, test_lexer_directive_after_comment_is_comment);
	tcase_add_test(tc, test_lexer_directive_after_blank_is_comment);
	tcase_add_test(tc, test_lexer_directive_after_instruction_is_comment);
	tcase_add_test(tc, test_lexer_continuation_lines);
	tcase_add_test(tc, test_lexer_single_line_instruction_has_no_children);
	tcase_add_test(tc, test_lexer_cont_comment_and_cont_blank);
	tcase_add_test(tc, test_lexer_cont_blank_whitespace_line);
	tcase_add_test(tc, test_lexer_double_escape_is_not_continuation);
	tcase_add_test(tc, test_lexer_space_after_escape_still_continues);
	tcase_add_test(tc, test_lexer_escape_directive_switches_continuation);
	tcase_add_test(tc, test_lexer_eof_inside_continuation_no_newline);
	tcase_add_test(tc, test_lexer_eof_inside_continuation_after_blank);
	tcase_add_test(tc, test_lexer_crlf_spans_include_cr);
	tcase_add_test(tc, test_lexer_lf_file_is_not_crlf);
	tcase_add_test(tc, test_lexer_bom_node);
	tcase_add_test(tc, test_lexer_bom_then_directive);
	tcase_add_test(tc, test_lexer_no_bom_flag_without_bom);
	tcase_add_test(tc, test_lexer_heredoc_body_and_terminator);
	tcase_add_test(tc, test_lexer_heredoc_chomp_tab_terminator);
	tcase_add_test(tc, test_lexer_heredoc_tab_terminator_needs_chomp);
	tcase_add_test(tc, test_lexer_two_heredocs_in_order);
	tcase_add_test(tc, test_lexer_heredoc_crlf_terminator);
	tcase_add_test(tc,
		       test_lexer_heredoc_terminator_at_eof_without_newline);
	tcase_add_test(tc, test_lexer_eof_inside_heredoc);
	tcase_add_test(tc, test_lexer_heredoc_ignored_in_json_form);
	tcase_add_test(tc, test_lexer_heredoc_ignored_in_cmd);
	tcase_add_test(tc, test_lexer_heredoc_after_continuation);
	tcase_add_test(tc, test_lexer_children_tile_input);
	tcase_add_test(tc, test_lexer_nul_byte_kept);
	tcase_add_test(tc, test_lexer_indented_instruction);
	tcase_add_test(tc, test_lexer_one_byte_heads);
	tcase_add_test(tc, test_lexer_nul_at_line_start);
	tcase_add_test(tc, test_lexer_heredoc_after_flags);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(lexer_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
