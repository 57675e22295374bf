/* SPDX-License-Identifier: MIT */
/* Unit tests for the YAML span tree: byte spans (also after multi-byte
 * characters and a BOM), documents, flow/block styles, aliases that stay
 * leaves, merge-key lookups, and the depth limit. */
#include "dockharden/yaml_tree.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "dockharden/errors.h"

typedef struct fixture {
	dh_arena *arena;
	dh_diags diags;
	dh_source *src;
	dh_ystream stream;
} fixture;

static int parse(fixture *f, const char *text, size_t len)
{
	f->arena = dh_arena_new();
	dh_diags_init(&f->diags, f->arena);
	f->src = dh_source_new(f->arena, "t.yaml", text, len);
	return dh_yaml_tree_parse(&f->stream, &f->diags, f->src);
}

static int parse_str(fixture *f, const char *text)
{
	return parse(f, text, strlen(text));
}

/* The source text of a node's span. */
static char *span_text(const fixture *f, const dh_ynode *n)
{
	return strndup(f->src->data + n->span.start,
		       n->span.end - n->span.start);
}

static void expect_span(const fixture *f, const dh_ynode *n, const char *want)
{
	ck_assert_ptr_nonnull(n);
	char *got = span_text(f, n);
	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(test_yaml_tree_scalar_spans_are_bytes)
{
	fixture f;
	ck_assert_int_eq(parse_str(&f, "name: \"caf\xc3\xa9\"\nimage: x\n"), 0);
	const dh_ynode *root = f.stream.first->root;
	ck_assert_int_eq(root->kind, DH_YNODE_MAP);
	ck_assert_uint_eq(root->nchildren, 4);
	expect_span(&f, dh_ynode_get(root, "name"), "\"caf\xc3\xa9\"");
	expect_span(&f, dh_ynode_get(root, "image"), "x");
	ck_assert_int_eq(dh_ynode_get(root, "name")->style, DH_YSCALAR_DOUBLE);
	dh_arena_free(f.arena);
}
END_TEST

START_TEST(test_yaml_tree_bom_offsets)
{
	fixture f;
	ck_assert_int_eq(parse_str(&f, "\xef\xbb\xbf"
				       "a: b\n"),
			 0);
	ck_assert(f.stream.has_bom);
	expect_span(&f, dh_ynode_get(f.stream.first->root, "a"), "b");
	dh_arena_free(f.arena);
}
END_TEST

START_TEST(test_yaml_tree_documents_and_comments)
{
	fixture f;
	const char *text = "# head\n---\na: 1\n# between\n---\n# empty\n---\n"
			   "b: [x, y]\n";
	ck_assert_int_eq(parse_str(&f, text), 0);
	ck_assert_uint_eq(f.stream.ndocs, 3);
	const dh_ydoc *d = f.stream.first;
	ck_assert(d->explicit_start);
	/* an empty document holds one empty (null) scalar */
	ck_assert_int_eq(d->next->root->kind, DH_YNODE_SCALAR);
	ck_assert_uint_eq(d->next->root->value_len, 0);
	const dh_ynode *seq = dh_ynode_get(d->next->next->root, "b");
	ck_assert_int_eq(seq->kind, DH_YNODE_SEQ);
	ck_assert(seq->flow);
	expect_span(&f, seq, "[x, y]");
	ck_assert_uint_eq(dh_ynode_content_end(seq), seq->span.end);
	dh_arena_free(f.arena);
}
END_TEST

START_TEST(test_yaml_tree_block_content_end_skips_comments)
{
	fixture f;
	const char *text = "a:\n  b: 1\n  # trailing\n\nc: 2\n";
	ck_assert_int_eq(parse_str(&f, text), 0);
	const dh_ynode *a = dh_ynode_get(f.stream.first->root, "a");
	ck_assert(!a->flow);
	ck_assert_uint_eq(a->col, 2);
	ck_assert_uint_eq(dh_ynode_content_end(a), 9); /* after "b: 1" */
	dh_arena_free(f.arena);
}
END_TEST

START_TEST(test_yaml_tree_alias_is_leaf)
{
	fixture f;
	const char *text = "x: &a {k: v}\ny: *a\n";
	ck_assert_int_eq(parse_str(&f, text), 0);
	const dh_ynode *root = f.stream.first->root;
	const dh_ynode *y = dh_ynode_get(root, "y");
	ck_assert_int_eq(y->kind, DH_YNODE_ALIAS);
	ck_assert_str_eq(y->value, "a");
	ck_assert_ptr_eq(y->target, dh_ynode_get(root, "x"));
	ck_assert_ptr_eq(dh_ynode_resolve(y), dh_ynode_get(root, "x"));
	ck_assert_str_eq(dh_ynode_get(root, "x")->anchor, "a");
	dh_arena_free(f.arena);
}
END_TEST

START_TEST(test_yaml_tree_merge_lookup)
{
	fixture f;
	const char *text = "base: &b {p: 1}\nm:\n  <<: *b\n  q: 2\n";
	ck_assert_int_eq(parse_str(&f, text), 0);
	const dh_ynode *m = dh_ynode_get(f.stream.first->root, "m");
	bool inh = true;
	ck_assert(dh_ynode_is(dh_ynode_lookup(m, "q", &inh), "2"));
	ck_assert(!inh);
	ck_assert(dh_ynode_is(dh_ynode_lookup(m, "p", &inh), "1"));
	ck_assert(inh);
	ck_assert_ptr_null(dh_ynode_get(m, "p"));
	ck_assert_ptr_null(dh_ynode_lookup(m, "r", NULL));
	dh_arena_free(f.arena);
}
END_TEST

START_TEST(test_yaml_tree_recursive_alias_terminates)
{
	fixture f;
	ck_assert_int_eq(parse_str(&f, "a: &x {<<: *x, k: v}\n"), 0);
	const dh_ynode *a = dh_ynode_get(f.stream.first->root, "a");
	ck_assert_ptr_null(dh_ynode_lookup(a, "missing", NULL));
	dh_arena_free(f.arena);
}
END_TEST

START_TEST(test_yaml_tree_syntax_error_position)
{
	fixture f;
	ck_assert_int_eq(parse_str(&f, "a: b\n c: d\n"), DH_EINPUT);
	ck_assert_uint_eq(f.diags.errors, 1);
	ck_assert_str_eq(f.diags.first->code, "yaml-syntax");
	ck_assert_ptr_nonnull(strstr(f.diags.first->message,
				     "mapping values are not allowed"));
	uint32_t line, col;
	dh_source_locate(f.src, f.diags.first->span.start, &line, &col);
	ck_assert_uint_eq(line, 2);
	ck_assert_uint_eq(col, 3);
	dh_arena_free(f.arena);
}
END_TEST

START_TEST(test_yaml_tree_depth_limit)
{
	fixture f;
	size_t depth = 50000;
	char *text = malloc(depth * 2 + 8);
	memcpy(text, "a: ", 3);
	memset(text + 3, '[', depth);
	memset(text + 3 + depth, ']', depth);
	text[3 + 2 * depth] = '\n';
	ck_assert_int_eq(parse(&f, text, 4 + 2 * depth), DH_EINPUT);
	ck_assert_str_eq(f.diags.first->code, "yaml-too-deep");
	free(text);
	dh_arena_free(f.arena);
}
END_TEST

START_TEST(test_yaml_tree_depth_at_limit_accepted)
{
	fixture f;
	size_t depth = DH_YAML_MAX_DEPTH - 1; /* plus the root mapping */
	char *text = malloc(depth * 2 + 8);
	memcpy(text, "a: ", 3);
	memset(text + 3, '[', depth);
	memset(text + 3 + depth, ']', depth);
	text[3 + 2 * depth] = '\n';
	ck_assert_int_eq(parse(&f, text, 4 + 2 * depth), 0);
	free(text);
	dh_arena_free(f.arena);
}
END_TEST

START_TEST(test_yaml_tree_billion_laughs_linear)
{
	fixture f;
	dh_buf b = DH_BUF_INIT;
	dh_buf_puts(&b, "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol]\n");
	for (int i = 1; i < 40; i++) {
		dh_buf_printf(&b, "l%d: &l%d [", i, i);
		for (int j = 0; j < 8; j++)
			dh_buf_printf(&b, "%s*l%d", j ? ", " : "", i - 1);
		dh_buf_puts(&b, "]\n");
	}
	ck_assert_int_eq(parse(&f, b.data, b.len), 0);
	ck_assert_uint_eq(f.stream.first->root->nchildren, 80);
	ck_assert(dh_arena_used(f.arena) < 1u << 20);
	dh_buf_free(&b);
	dh_arena_free(f.arena);
}
END_TEST

START_TEST(test_yaml_tree_crlf_detected)
{
	fixture f;
	ck_assert_int_eq(parse_str(&f, "a: 1\r\nb: 2\r\n"), 0);
	ck_assert(f.stream.crlf);
	expect_span(&f, dh_ynode_get(f.stream.first->root, "b"), "2");
	dh_arena_free(f.arena);
}
END_TEST

static Suite *yaml_tree_suite(void)
{
	Suite *s = suite_create("yaml_tree");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_yaml_tree_scalar_spans_are_bytes);
	tcase_add_test(tc, test_yaml_tree_bom_offsets);
	tcase_add_test(tc, test_yaml_tree_documents_and_comments);
	tcase_add_test(tc, test_yaml_tree_block_content_end_skips_comments);
	tcase_add_test(tc, test_yaml_tree_alias_is_leaf);
	tcase_add_test(tc, test_yaml_tree_merge_lookup);
	tcase_add_test(tc, test_yaml_tree_recursive_alias_terminates);
	tcase_add_test(tc, test_yaml_tree_syntax_error_position);
	tcase_add_test(tc, test_yaml_tree_depth_limit);
	tcase_add_test(tc, test_yaml_tree_depth_at_limit_accepted);
	tcase_add_test(tc, test_yaml_tree_billion_laughs_linear);
	tcase_add_test(tc, test_yaml_tree_crlf_detected);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(yaml_tree_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
