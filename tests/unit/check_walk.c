/* SPDX-License-Identifier: MIT */
/* Unit tests for the repository walker: file kinds, skipped folders,
 * .gitignore syntax, symlinks, deep and wide trees. */
#include "dockharden/walk.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "dockharden/arena.h"
#include "dockharden/buf.h"
#include "dockharden/errors.h"

typedef struct tree {
	char root[64];
} tree;

static void tree_init(tree *t)
{
	snprintf(t->root, sizeof(t->root), "/tmp/dh-walk-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(t->root));
}

static void tree_done(const tree *t)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->root);
	ck_assert_int_eq(system(cmd), 0);
}

/* mkdir -p of every folder in rel (a path below root). */
static void make_parents(const char *root, const char *rel)
{
	char path[8192];
	int n = snprintf(path, sizeof(path), "%s/%s", root, rel);
	ck_assert(n > 0 && (size_t)n < sizeof(path));
	for (char *p = path + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(path, 0755) != 0)
			ck_assert_int_eq(errno, EEXIST);
		*p = '/';
	}
}

/* Creates root/rel with text, making folders on the way. */
static void add(const char *root, const char *rel, const char *text)
{
	make_parents(root, rel);
	char path[8192];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ck_assert_msg(fd >= 0, "open %s: %s", path, strerror(errno));
	size_t len = strlen(text);
	ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
	close(fd);
}

static void add_link(const char *root, const char *rel, const char *target)
{
	make_parents(root, rel);
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	ck_assert_int_eq(symlink(target, path), 0);
}

/* The walk result as "D path\n" / "Y path\n" lines. */
static char *walk_listing(const char *root, int *rc)
{
	dh_arena *arena = dh_arena_new();
	dh_found *found = NULL;
	size_t n = 99;
	*rc = dh_walk(&found, &n, arena, root);
	dh_buf out = DH_BUF_INIT;
	for (size_t i = 0; i < n; i++)
		dh_buf_printf(&out, "%c %s\n",
			      found[i].kind == DH_FILE_DOCKERFILE ? 'D' : 'Y',
			      found[i].path);
	dh_buf_putc(&out, '\0');
	dh_arena_free(arena);
	return dh_buf_detach(&out, NULL);
}

static void expect_listing(const char *root, const char *want)
{
	int rc;
	char *got = walk_listing(root, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(test_walk_file_kinds_and_skipped_dirs)
{
	tree t;
	tree_init(&t);
	const char *r = t.root;
	add(r, "Dockerfile", "FROM a\n");
	add(r, "Containerfile", "FROM a\n");
	add(r, "api.Dockerfile", "FROM a\n");
	add(r, "Dockerfile.prod", "FROM a\n");
	add(r, "Dockerfile.dockerignore", "x\n");
	add(r, "api.Dockerfile.dockerignore", "x\n");
	add(r, ".dockerignore", "x\n");
	add(r, "dockerfile", "lower case is not matched\n");
	add(r, "Dockerfilex", "x\n");
	add(r, "README.md", "x\n");
	add(r, "compose.yaml", "services: {}\n");
	add(r, "k8s/deploy.yml", "kind: Deployment\n");
	add(r, "k8s/svc.yaml", "kind: Service\n");
	add(r, "k8s/notes.yaml.bak", "x\n");
	add(r, ".github/workflows/ci.yml", "on: push\n");
	add(r, ".git/Dockerfile", "FROM a\n");
	add(r, ".git/config.yaml", "x\n");
	add(r, "node_modules/pkg/Dockerfile", "FROM a\n");
	add(r, "web/node_modules/pkg/a.yaml", "x\n");
	add(r, "go/vendor/mod/Dockerfile", "FROM a\n");
	add(r, "go/cmd/Dockerfile", "FROM a\n");
	expect_listing(r, "Y .github/workflows/ci.yml\n"
			  "D Containerfile\n"
			  "D Dockerfile\n"
			  "D Dockerfile.prod\n"
			  "D api.Dockerfile\n"
			  "Y compose.yaml\n"
			  "D go/cmd/Dockerfile\n"
			  "Y k8s/deploy.yml\n"
			  "Y k8s/svc.yaml\n");
	tree_done(&t);
}
END_TEST

START_TEST(test_walk_gitignore_syntax)
{
	tree t;
	tree_init(&t);
	const char *r = t.root;
	add(r, ".gitignore",
	    "# a comment line\n"
	    "\n"
	    "   \n"
	    "build/\n"
	    "/top.yaml\n"
	    "*.tmp.yaml\n"
	    "gen-?.yml\n"
	    "[ab]x.yaml\n"
	    "docs/**/Dockerfile\n"
	    "**/cache\n"
	    "out/**\n"
	    "secret*.yaml\n"
	    "!secret-keep.yaml\n"
	    "Dockerfile.dir/\n"
	    "\\#hash.yaml\n"
	    "trailing.yaml   \r\n"
	    "conf/app/\n");
	add(r, "build/Dockerfile", "x");
	add(r, "build/.gitignore", "!Dockerfile\n");
	add(r, "top.yaml", "x");
	add(r, "sub/top.yaml", "x");
	add(r, "a.tmp.yaml", "x");
	add(r, "deep/x/b.tmp.yaml", "x");
	add(r, "gen-1.yml", "x");
	add(r, "gen-10.yml", "x");
	add(r, "ax.yaml", "x");
	add(r, "bx.yaml", "x");
	add(r, "cx.yaml", "x");
	add(r, "docs/Dockerfile", "x");
	add(r, "docs/a/b/Dockerfile", "x");
	add(r, "docs/Dockerfile.dev", "x");
	add(r, "cache/Dockerfile", "x");
	add(r, "x/cache/Dockerfile", "x");
	add(r, "out/Dockerfile", "x");
	add(r, "out/deep/a.yaml", "x");
	add(r, "secret-a.yaml", "x");
	add(r, "secret-keep.yaml", "x");
	add(r, "Dockerfile.dir", "a file, not a folder");
	add(r, "x/Dockerfile.dir/Dockerfile", "x");
	add(r, "#hash.yaml", "x");
	add(r, "trailing.yaml", "x");
	add(r, "conf/app/a.yaml", "x");
	add(r, "other/conf/app/a.yaml", "x");
	add(r, "nested/.gitignore",
	    "*.yaml\n!keep.yaml\n/local.Dockerfile\n!secret-n.yaml\n");
	add(r, "nested/a.yaml", "x");
	add(r, "nested/keep.yaml", "x");
	add(r, "nested/secret-n.yaml", "x");
	add(r, "nested/local.Dockerfile", "x");
	add(r, "nested/deeper/local.Dockerfile", "x");
	add(r, "nested/deeper/z.yaml", "x");
	add(r, "nested/deeper/keep.yaml", "x");
	expect_listing(r, "D Dockerfile.dir\n"
			  "Y cx.yaml\n"
			  "D docs/Dockerfile.dev\n"
			  "Y gen-10.yml\n"
			  "Y nested/deeper/keep.yaml\n"
			  "D nested/deeper/local.Dockerfile\n"
			  "Y nested/keep.yaml\n"
			  "Y nested/secret-n.yaml\n"
			  "Y other/conf/app/a.yaml\n"
			  "Y secret-keep.yaml\n"
			  "Y sub/top.yaml\n");
	tree_done(&t);
}
END_TEST

START_TEST(test_walk_never_follows_symlinks)
{
	tree t, outside;
	tree_init(&t);
	tree_init(&outside);
	add(outside.root, "Dockerfile", "FROM outside\n");
	add(outside.root, "dir/Dockerfile", "FROM outside\n");
	add(outside.root, "dir/deploy.yaml", "x\n");
	char target[128];
	add(t.root, "Dockerfile", "FROM inside\n");
	snprintf(target, sizeof(target), "%s/dir", outside.root);
	add_link(t.root, "linkdir", target);
	snprintf(target, sizeof(target), "%s/Dockerfile", outside.root);
	add_link(t.root, "link.Dockerfile", target);
	add_link(t.root, "sub/Dockerfile", "../Dockerfile");
	add_link(t.root, "loop", ".");
	snprintf(target, sizeof(target), "%s/.gitignore", outside.root);
	add(outside.root, ".gitignore", "Dockerfile\n");
	add_link(t.root, ".gitignore", target);
	expect_listing(t.root, "D Dockerfile\n");
	tree_done(&t);
	tree_done(&outside);
}
END_TEST

START_TEST(test_walk_deep_tree)
{
	tree t;
	tree_init(&t);
	dh_buf rel = DH_BUF_INIT;
	for (int i = 0; i < 1000; i++)
		dh_buf_puts(&rel, "d/");
	dh_buf_puts(&rel, "Dockerfile");
	add(t.root, rel.data, "FROM deep\n");
	char *want = NULL;
	dh_buf w = DH_BUF_INIT;
	dh_buf_printf(&w, "D %s\n", rel.data);
	want = dh_buf_detach(&w, NULL);
	expect_listing(t.root, want);
	free(want);
	dh_buf_free(&rel);
	tree_done(&t);
}
END_TEST

START_TEST(test_walk_wide_tree_is_fast)
{
	tree t;
	tree_init(&t);
	char rel[64];
	for (int d = 0; d < 200; d++) {
		for (int f = 0; f < 100; f++) {
			snprintf(rel, sizeof(rel), "svc%03d/%s%02d", d,
				 f == 0 ? "Dockerfile." : "file", f);
			add(t.root, rel, "");
		}
	}
	add(t.root, ".gitignore", "*.log\nsvc1*/\n");
	dh_arena *arena = dh_arena_new();
	dh_found *found;
	size_t n;
	clock_t t0 = clock();
	ck_assert_int_eq(dh_walk(&found, &n, arena, t.root), 0);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	ck_assert_msg(secs < 1.0, "walk took %.3fs", secs);
	/* svc100..svc199 are ignored; svc000..svc099 have one each. */
	ck_assert_uint_eq(n, 100);
	ck_assert_str_eq(found[0].path, "svc000/Dockerfile.00");
	ck_assert_str_eq(found[99].path, "svc099/Dockerfile.00");
	for (size_t i = 1; i < n; i++)
		ck_assert_int_lt(strcmp(found[i - 1].path, found[i].path), 0);
	dh_arena_free(arena);
	tree_done(&t);
}
END_TEST

START_TEST(test_walk_empty_and_missing_root)
{
	tree t;
	tree_init(&t);
	dh_arena *arena = dh_arena_new();
	dh_found *found = (dh_found *)&t;
	size_t n = 7;
	ck_assert_int_eq(dh_walk(&found, &n, arena, t.root), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(found);
	char missing[96];
	snprintf(missing, sizeof(missing), "%s/none", t.root);
	ck_assert_int_eq(dh_walk(&found, &n, arena, missing), DH_EIO);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_uint_eq(n, 0);
	dh_arena_free(arena);
	tree_done(&t);
}
END_TEST

static Suite *walk_suite(void)
{
	Suite *s = suite_create("walk");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_walk_file_kinds_and_skipped_dirs);
	tcase_add_test(tc, test_walk_gitignore_syntax);
	tcase_add_test(tc, test_walk_never_follows_symlinks);
	tcase_add_test(tc, test_walk_deep_tree);
	tcase_add_test(tc, test_walk_wide_tree_is_fast);
	tcase_add_test(tc, test_walk_empty_and_missing_root);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(walk_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
