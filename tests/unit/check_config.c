/* SPDX-License-Identifier: MIT */
/* Unit tests for .dockharden.yaml: the schema, error positions and
 * messages, the walk up to the repository root, and the ignore globs. */
#include "dockharden/config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dockharden/arena.h"
#include "dockharden/diag.h"
#include "dockharden/errors.h"

typedef struct fixture {
	char root[64];
	dh_arena *arena;
	dh_diags diags;
	dh_config cfg;
} fixture;

static void fx_init(fixture *f)
{
	snprintf(f->root, sizeof(f->root), "/tmp/dh-config-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(f->root));
	f->arena = dh_arena_new();
	dh_diags_init(&f->diags, f->arena);
}

static void fx_done(fixture *f)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->root);
	ck_assert_int_eq(system(cmd), 0);
	dh_arena_free(f->arena);
}

/* root/rel, as an arena string. */
static const char *at(fixture *f, const char *rel)
{
	return dh_arena_printf(f->arena, "%s/%s", f->root, rel);
}

static void make_dirs(fixture *f, const char *rel)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", f->root, rel);
	for (char *p = path + strlen(f->root) + 1;; p++) {
		char c = *p;
		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) != 0)
			ck_assert_int_eq(errno, EEXIST);
		*p = c;
		if (!c)
			break;
	}
}

static void add(fixture *f, const char *rel, const char *text)
{
	const char *path = at(f, rel);
	FILE *fp = fopen(path, "w");
	ck_assert_msg(fp != NULL, "fopen %s: %s", path, strerror(errno));
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
}

/* Loads text as root/.dockharden.yaml. */
static int load_text(fixture *f, const char *text)
{
	add(f, ".dockharden.yaml", text);
	return dh_config_load(&f->cfg, &f->diags, f->arena,
			      at(f, ".dockharden.yaml"));
}

/* The n-th diag (0-based). */
static const dh_diag *diag_at(const fixture *f, size_t n)
{
	const dh_diag *d = f->diags.first;
	while (d && n--)
		d = d->next;
	ck_assert_ptr_nonnull(d);
	return d;
}

static void assert_pos(const dh_diag *d, uint32_t line, uint32_t col)
{
	uint32_t l, c;
	dh_source_locate(d->src, d->span.start, &l, &c);
	ck_assert_uint_eq(l, line);
	ck_assert_uint_eq(c, col);
}

START_TEST(test_config_full_example)
{
	fixture f;
	fx_init(&f);
	ck_assert_int_eq(
		load_text(&f, "# team defaults\n"
			      "uid: 20001\n"
			      "gid: 20002\n"
			      "rules:\n"
			      "  DH107: off\n"
			      "  DH109: on\n"
			      "  dh110: false\n"
			      "disable: [DH113, DH107]\n"
			      "images:\n"
			      "  \"gcr.io/distroless/\": "
			      "\"mirror.corp/distroless/\"\n"
			      "  docker.io/library/: mirror.corp/library/\n"
			      "writable: [/var/cache/app, /srv/uploads]\n"
			      "ignore:\n"
			      "  - \"vendor/**\"\n"
			      "  - legacy/*.Dockerfile\n"),
		0);
	ck_assert_uint_eq(f.diags.count, 0);
	ck_assert_str_eq(f.cfg.path, at(&f, ".dockharden.yaml"));
	ck_assert_str_eq(f.cfg.dir, f.root);
	ck_assert(f.cfg.has_uid && f.cfg.has_gid);
	ck_assert_uint_eq(f.cfg.uid, 20001);
	ck_assert_uint_eq(f.cfg.gid, 20002);
	/* DH109 is on; DH107 listed twice is kept once; ids upper-cased. */
	ck_assert_uint_eq(f.cfg.ndisabled, 3);
	ck_assert_str_eq(f.cfg.disabled[0], "DH107");
	ck_assert_str_eq(f.cfg.disabled[1], "DH110");
	ck_assert_str_eq(f.cfg.disabled[2], "DH113");
	ck_assert_uint_eq(f.cfg.nimage_map, 4);
	ck_assert_str_eq(f.cfg.image_map[0], "gcr.io/distroless/");
	ck_assert_str_eq(f.cfg.image_map[1], "mirror.corp/distroless/");
	ck_assert_str_eq(f.cfg.image_map[2], "docker.io/library/");
	ck_assert_str_eq(f.cfg.image_map[3], "mirror.corp/library/");
	ck_assert_uint_eq(f.cfg.nwritable, 2);
	ck_assert_str_eq(f.cfg.writable[0], "/var/cache/app");
	ck_assert_str_eq(f.cfg.writable[1], "/srv/uploads");
	ck_assert_uint_eq(f.cfg.nignore, 2);
	ck_assert_str_eq(f.cfg.ignore[0], "vendor/**");
	ck_assert_str_eq(f.cfg.ignore[1], "legacy/*.Dockerfile");
	fx_done(&f);
}
END_TEST

START_TEST(test_config_empty_file_is_no_settings)
{
	fixture f;
	fx_init(&f);
	ck_assert_int_eq(load_text(&f, "# nothing yet\n"), 0);
	ck_assert_uint_eq(f.diags.count, 0);
	ck_assert_ptr_nonnull(f.cfg.path);
	ck_assert(!f.cfg.has_uid && !f.cfg.has_gid);
	ck_assert_uint_eq(f.cfg.ndisabled + f.cfg.nimage_map + f.cfg.nwritable +
				  f.cfg.nignore,
			  0);
	fx_done(&f);
}
END_TEST

START_TEST(test_config_level)
{
	fixture f;
	fx_init(&f);
	ck_assert_int_eq(load_text(&f, "level: strict\n"), 0);
	ck_assert(f.cfg.strict);
	fx_done(&f);
	fx_init(&f);
	ck_assert_int_eq(load_text(&f, "level: proven\n"), 0);
	ck_assert(!f.cfg.strict);
	fx_done(&f);
	fx_init(&f);
	ck_assert_int_eq(load_text(&f, "level: loose\n"), DH_EINPUT);
	ck_assert_ptr_nonnull(
		strstr(diag_at(&f, 0)->message, "'proven' or 'strict'"));
	fx_done(&f);
}
END_TEST

START_TEST(test_config_bind_low_ports)
{
	fixture f;
	fx_init(&f);
	ck_assert_int_eq(load_text(&f, "bind-low-ports: yes\n"), 0);
	ck_assert(f.cfg.bind_low_ports);
	fx_done(&f);
	fx_init(&f);
	ck_assert_int_eq(load_text(&f, "bind-low-ports: false\n"), 0);
	ck_assert(!f.cfg.bind_low_ports);
	fx_done(&f);
	fx_init(&f);
	ck_assert_int_eq(load_text(&f, "bind-low-ports: 80\n"), DH_EINPUT);
	ck_assert_str_eq(diag_at(&f, 0)->message,
			 "'bind-low-ports' must be on or off (or true or "
			 "false), not '80'");
	fx_done(&f);
}
END_TEST

START_TEST(test_config_unknown_key_names_valid_keys)
{
	fixture f;
	fx_init(&f);
	ck_assert_int_eq(load_text(&f, "uid: 1000\nusers: 5\n"), DH_EINPUT);
	ck_assert_uint_eq(f.diags.count, 1);
	const dh_diag *d = diag_at(&f, 0);
	ck_assert_int_eq(d->severity, DH_SEV_ERROR);
	ck_assert_str_eq(d->code, "invalid-config");
	ck_assert_ptr_nonnull(strstr(d->message, "unknown key 'users'"));
	ck_assert_ptr_nonnull(strstr(d->message,
				     "uid, gid, rules, disable, "
				     "images, writable, ignore, level, "
				     "bind-low-ports"));
	assert_pos(d, 2, 1);
	fx_done(&f);
}
END_TEST

START_TEST(test_config_bad_yaml_has_position)
{
	fixture f;
	fx_init(&f);
	ck_assert_int_eq(load_text(&f, "uid: 1000\nrules: {DH107: off\n"),
			 DH_EINPUT);
	ck_assert_uint_ge(f.diags.count, 1);
	const dh_diag *d = diag_at(&f, 0);
	ck_assert_str_eq(d->code, "invalid-config");
	ck_assert_ptr_nonnull(strstr(d->message, "invalid YAML"));
	uint32_t line, col;
	dh_source_locate(d->src, d->span.start, &line, &col);
	ck_assert_uint_ge(line, 2);
	ck_assert_str_eq(d->src->path, at(&f, ".dockharden.yaml"));
	fx_done(&f);
}
END_TEST

START_TEST(test_config_wrong_types_all_reported)
{
	fixture f;
	fx_init(&f);
	ck_assert_int_eq(load_text(&f, "uid: root\n"
				       "gid: [1]\n"
				       "rules: {DH107: maybe, X1: off}\n"
				       "writable: [var/cache]\n"
				       "images: [a, b]\n"
				       "ignore: \"*.bak\"\n"),
			 DH_EINPUT);
	ck_assert_uint_eq(f.diags.count, 7);
	ck_assert_ptr_nonnull(strstr(diag_at(&f, 0)->message, "'uid' must be "
							      "a number"));
	assert_pos(diag_at(&f, 0), 1, 6);
	ck_assert_ptr_nonnull(strstr(diag_at(&f, 1)->message, "not a list"));
	ck_assert_ptr_nonnull(strstr(diag_at(&f, 2)->message, "'maybe'"));
	assert_pos(diag_at(&f, 2), 3, 16);
	ck_assert_ptr_nonnull(strstr(diag_at(&f, 3)->message, "'X1' is not "
							      "a rule ID"));
	ck_assert_ptr_nonnull(strstr(diag_at(&f, 4)->message, "absolute"));
	ck_assert_ptr_nonnull(
		strstr(diag_at(&f, 5)->message, "'images' must be a mapping"));
	ck_assert_ptr_nonnull(
		strstr(diag_at(&f, 6)->message, "'ignore' must be a list"));
	ck_assert_uint_eq(f.cfg.nwritable, 0);
	fx_done(&f);
}
END_TEST

START_TEST(test_config_uid_zero_and_overflow_refused)
{
	fixture f;
	fx_init(&f);
	ck_assert_int_eq(load_text(&f, "uid: 0\ngid: 99999999999\n"),
			 DH_EINPUT);
	ck_assert_uint_eq(f.diags.count, 2);
	ck_assert(!f.cfg.has_uid && !f.cfg.has_gid);
	fx_done(&f);
}
END_TEST

START_TEST(test_config_images_runtime_entries)
{
	fixture f;
	fx_init(&f);
	ck_assert_int_eq(load_text(&f, "images:\n"
				       "  gcr.io/distroless/: mirror/dl/\n"
				       "  ghcr.io/acme/api:\n"
				       "    uid: 1000\n"
				       "    writable: [/app/cache]\n"
				       "    ports: [80, 8080]\n"),
			 0);
	/* a scalar value stays a prefix mapping */
	ck_assert_uint_eq(f.cfg.nimage_map, 2);
	ck_assert_uint_eq(f.cfg.nruntime, 1);
	const dh_patch_image *img = &f.cfg.runtime[0];
	ck_assert_str_eq(img->image, "ghcr.io/acme/api");
	ck_assert_uint_eq(img->uid, 1000);
	ck_assert_uint_eq(img->gid, 0);
	ck_assert_uint_eq(img->nwritable, 1);
	ck_assert_str_eq(img->writable[0], "/app/cache");
	ck_assert_uint_eq(img->nports, 2);
	ck_assert_uint_eq(img->ports[0], 80);
	fx_done(&f);
}
END_TEST

START_TEST(test_config_images_runtime_errors_all_reported)
{
	fixture f;
	fx_init(&f);
	ck_assert_int_eq(load_text(&f, "images:\n"
				       "  a/b:\n"
				       "    writable: [rel]\n"
				       "    ports: [http]\n"
				       "    user: x\n"),
			 DH_EINPUT);
	/* relative path, bad port, unknown field, missing uid */
	ck_assert_uint_eq(f.diags.count, 4);
	ck_assert_uint_eq(f.cfg.nruntime, 0);
	fx_done(&f);
}
END_TEST

START_TEST(test_config_duplicate_key_and_non_mapping_root)
{
	fixture f;
	fx_init(&f);
	ck_assert_int_eq(load_text(&f, "uid: 1\nuid: 2\n"), DH_EINPUT);
	ck_assert_ptr_nonnull(strstr(diag_at(&f, 0)->message, "appears twice"));
	assert_pos(diag_at(&f, 0), 2, 1);
	dh_diags_init(&f.diags, f.arena);
	ck_assert_int_eq(load_text(&f, "- uid\n- gid\n"), DH_EINPUT);
	ck_assert_ptr_nonnull(strstr(diag_at(&f, 0)->message, "must be a "
							      "mapping"));
	fx_done(&f);
}
END_TEST

START_TEST(test_config_position_after_multibyte)
{
	fixture f;
	fx_init(&f);
	/* "é" is two bytes: the column is a byte column. */
	ck_assert_int_eq(load_text(&f, "images: {\"é\": x, y: [1]}\n"),
			 DH_EINPUT);
	ck_assert_uint_eq(f.diags.count, 1);
	assert_pos(diag_at(&f, 0), 1, 22);
	fx_done(&f);
}
END_TEST

START_TEST(test_config_disable_scalar_and_anchor)
{
	fixture f;
	fx_init(&f);
	ck_assert_int_eq(load_text(&f,
				   "disable: DH105\n"
				   "writable: &w [/data]\n"
				   "rules: {DH108: &off off, DH109: *off}\n"),
			 0);
	ck_assert_uint_eq(f.cfg.ndisabled, 3);
	ck_assert_str_eq(f.cfg.disabled[2], "DH109");
	ck_assert_uint_eq(f.cfg.nwritable, 1);
	fx_done(&f);
}
END_TEST

START_TEST(test_config_missing_file_is_eio)
{
	fixture f;
	fx_init(&f);
	ck_assert_int_eq(
		dh_config_load(&f.cfg, &f.diags, f.arena, at(&f, "nope.yaml")),
		DH_EIO);
	fx_done(&f);
}
END_TEST

START_TEST(test_config_find_walks_up)
{
	fixture f;
	fx_init(&f);
	make_dirs(&f, "repo/.git");
	make_dirs(&f, "repo/svc/api");
	add(&f, "repo/.dockharden.yaml", "uid: 4242\n");
	add(&f, "repo/svc/api/Dockerfile", "FROM scratch\n");
	ck_assert_int_eq(dh_config_find(&f.cfg, &f.diags, f.arena,
					at(&f, "repo/svc/api/Dockerfile")),
			 0);
	ck_assert_ptr_nonnull(f.cfg.path);
	ck_assert_ptr_nonnull(strstr(f.cfg.path, "/repo/.dockharden.yaml"));
	ck_assert_uint_eq(f.cfg.uid, 4242);
	/* The nearest file wins. */
	add(&f, "repo/svc/.dockharden.yaml", "uid: 7\n");
	ck_assert_int_eq(dh_config_find(&f.cfg, &f.diags, f.arena,
					at(&f, "repo/svc/api/Dockerfile")),
			 0);
	ck_assert_uint_eq(f.cfg.uid, 7);
	fx_done(&f);
}
END_TEST

START_TEST(test_config_find_stops_at_git_root)
{
	fixture f;
	fx_init(&f);
	add(&f, ".dockharden.yaml", "uid: 1\n");
	make_dirs(&f, "repo/sub");
	add(&f, "repo/.git", "gitdir: ../elsewhere\n"); /* a worktree */
	ck_assert_int_eq(dh_config_find(&f.cfg, &f.diags, f.arena,
					at(&f, "repo/sub/Dockerfile")),
			 0);
	ck_assert_ptr_null(f.cfg.path);
	ck_assert(!f.cfg.has_uid);
	fx_done(&f);
}
END_TEST

START_TEST(test_config_find_stdin_and_missing_folder)
{
	fixture f;
	fx_init(&f);
	make_dirs(&f, "r/.git");
	add(&f, "r/.dockharden.yaml", "gid: 33\n");
	char old[4096];
	ck_assert_ptr_nonnull(getcwd(old, sizeof(old)));
	ck_assert_int_eq(chdir(at(&f, "r")), 0);
	ck_assert_int_eq(dh_config_find(&f.cfg, &f.diags, f.arena, "-"), 0);
	ck_assert_uint_eq(f.cfg.gid, 33);
	ck_assert_int_eq(dh_config_find(&f.cfg, &f.diags, f.arena, NULL), 0);
	ck_assert_uint_eq(f.cfg.gid, 33);
	/* --stdin-filename naming a file in a folder not created yet. */
	ck_assert_int_eq(
		dh_config_find(&f.cfg, &f.diags, f.arena, "new/dir/Dockerfile"),
		0);
	ck_assert_uint_eq(f.cfg.gid, 33);
	ck_assert_int_eq(chdir(old), 0);
	fx_done(&f);
}
END_TEST

START_TEST(test_config_find_reports_invalid)
{
	fixture f;
	fx_init(&f);
	make_dirs(&f, ".git");
	add(&f, ".dockharden.yaml", "rulez: {}\n");
	ck_assert_int_eq(
		dh_config_find(&f.cfg, &f.diags, f.arena, at(&f, "Dockerfile")),
		DH_EINPUT);
	ck_assert_uint_eq(f.diags.errors, 1);
	ck_assert_ptr_nonnull(strstr(diag_at(&f, 0)->message, "'rulez'"));
	fx_done(&f);
}
END_TEST

/* root/repo (a repository) with folders a and b and config text. */
static void make_repo_ab(fixture *f, const char *config)
{
	make_dirs(f, "repo/.git");
	make_dirs(f, "repo/a");
	make_dirs(f, "repo/b");
	add(f, "repo/.dockharden.yaml", config);
}

/* dh_config_find_cached for root/rel into f->cfg; returns its result. */
static int find_cached(fixture *f, dh_config_cache *cache, const char *rel)
{
	return dh_config_find_cached(&f->cfg, cache, &f->diags, at(f, rel));
}

START_TEST(test_config_cached_same_folder_answers_from_memory)
{
	fixture f;
	fx_init(&f);
	make_repo_ab(&f, "uid: 4242\n");
	dh_config_cache cache = DH_CONFIG_CACHE_INIT;
	ck_assert_int_eq(find_cached(&f, &cache, "repo/a/Dockerfile"), 0);
	ck_assert_uint_eq(f.cfg.uid, 4242);
	const char *first = f.cfg.path;
	/* Gone from disk, still the answer for the folder already walked. */
	ck_assert_int_eq(unlink(at(&f, "repo/.dockharden.yaml")), 0);
	ck_assert_int_eq(find_cached(&f, &cache, "repo/a/x.Dockerfile"), 0);
	ck_assert_ptr_eq(f.cfg.path, first);
	ck_assert_uint_eq(f.cfg.uid, 4242);
	/* Another folder is walked again. */
	ck_assert_int_eq(find_cached(&f, &cache, "repo/b/Dockerfile"), 0);
	ck_assert_ptr_null(f.cfg.path);
	ck_assert(!f.cfg.has_uid);
	dh_config_cache_free(&cache);
	ck_assert_ptr_null(cache.folder);
	fx_done(&f);
}
END_TEST

START_TEST(test_config_cached_shared_file_read_once)
{
	fixture f;
	fx_init(&f);
	make_repo_ab(&f, "disable: [DH107]\n");
	dh_config_cache cache = DH_CONFIG_CACHE_INIT;
	ck_assert_int_eq(find_cached(&f, &cache, "repo/a/Dockerfile"), 0);
	const char **disabled = f.cfg.disabled;
	ck_assert_uint_eq(f.cfg.ndisabled, 1);
	ck_assert_int_eq(find_cached(&f, &cache, "repo/b/Dockerfile"), 0);
	ck_assert_ptr_eq(f.cfg.disabled, disabled);
	ck_assert_str_eq(f.cfg.disabled[0], "DH107");
	/* The same answer as the uncached look-up. */
	dh_config plain;
	ck_assert_int_eq(dh_config_find(&plain, &f.diags, f.arena,
					at(&f, "repo/b/Dockerfile")),
			 0);
	ck_assert_str_eq(plain.path, f.cfg.path);
	ck_assert_str_eq(plain.dir, f.cfg.dir);
	dh_config_cache_free(&cache);
	fx_done(&f);
}
END_TEST

START_TEST(test_config_cached_failure_not_remembered)
{
	fixture f;
	fx_init(&f);
	make_dirs(&f, ".git");
	add(&f, ".dockharden.yaml", "rulez: {}\n");
	dh_config_cache cache = DH_CONFIG_CACHE_INIT;
	for (int i = 0; i < 2; i++)
		ck_assert_int_eq(find_cached(&f, &cache, "Dockerfile"),
				 DH_EINPUT);
	ck_assert_uint_eq(f.diags.errors, 2);
	add(&f, ".dockharden.yaml", "uid: 5\n");
	ck_assert_int_eq(find_cached(&f, &cache, "Dockerfile"), 0);
	ck_assert_uint_eq(f.cfg.uid, 5);
	dh_config_cache_free(&cache);
	fx_done(&f);
}
END_TEST

static dh_config ignore_cfg(const char **globs, size_t n)
{
	dh_config c = {.path = "/repo/.dockharden.yaml",
		       .dir = "/repo",
		       .ignore = globs,
		       .nignore = n};
	return c;
}

/* A path from the command line is relative to the current folder: in a
 * subfolder of the repository "Dockerfile" is "<sub>/Dockerfile". */
START_TEST(test_config_ignores_given_from_the_current_folder)
{
	char base[] = "/tmp/check_config_cwd.XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(base));
	char *saved = getcwd(NULL, 0);
	ck_assert_int_eq(chdir(base), 0);
	char *real = getcwd(NULL, 0); /* /tmp itself may be a link */
	ck_assert_ptr_nonnull(real);
	char sub[4096];
	ck_assert_int_lt(snprintf(sub, sizeof(sub), "%s/legacy", real),
			 (int)sizeof(sub));
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	ck_assert_int_eq(chdir(sub), 0);
	ck_assert_int_eq(mkdir("deep", 0755), 0);
	const char *globs[] = {"legacy/**"};
	dh_config c = {.path = "x", .dir = real, .ignore = globs, .nignore = 1};
	ck_assert(dh_config_ignores_given(&c, "Dockerfile"));
	ck_assert(dh_config_ignores_given(&c, "./deep/Dockerfile"));
	ck_assert(!dh_config_ignores_given(&c, "../Dockerfile"));
	ck_assert(!dh_config_ignores(&c, "Dockerfile"));
	ck_assert_int_eq(rmdir("deep"), 0);
	ck_assert_int_eq(chdir(saved), 0);
	ck_assert_int_eq(rmdir(sub), 0);
	ck_assert_int_eq(rmdir(real), 0);
	free(saved);
	free(real);
}
END_TEST

START_TEST(test_config_ignores_globs)
{
	const char *globs[] = {"vendor/**", "legacy/*.Dockerfile", "*.bak",
			       "/tools", "a/**/z/Dockerfile"};
	dh_config c = ignore_cfg(globs, 5);
	ck_assert(dh_config_ignores(&c, "vendor/x/Dockerfile"));
	ck_assert(dh_config_ignores(&c, "./vendor/Dockerfile"));
	ck_assert(!dh_config_ignores(&c, "src/vendor/Dockerfile"));
	ck_assert(dh_config_ignores(&c, "legacy/old.Dockerfile"));
	ck_assert(!dh_config_ignores(&c, "legacy/old/Dockerfile"));
	ck_assert(!dh_config_ignores(&c, "legacy/Dockerfile"));
	ck_assert(dh_config_ignores(&c, "deep/down/Dockerfile.bak"));
	ck_assert(dh_config_ignores(&c, "tools/ci/Dockerfile"));
	ck_assert(!dh_config_ignores(&c, "src/tools/Dockerfile"));
	ck_assert(dh_config_ignores(&c, "a/z/Dockerfile"));
	ck_assert(dh_config_ignores(&c, "a/b/c/z/Dockerfile"));
	ck_assert(!dh_config_ignores(&c, "a/b/c/y/Dockerfile"));
	ck_assert(!dh_config_ignores(&c, "Dockerfile"));
}
END_TEST

START_TEST(test_config_ignores_absolute_and_empty)
{
	const char *globs[] = {"vendor/**"};
	dh_config c = ignore_cfg(globs, 1);
	ck_assert(dh_config_ignores(&c, "/repo/vendor/a/Dockerfile"));
	ck_assert(!dh_config_ignores(&c, "/repository/vendor/a/Dockerfile"));
	ck_assert(!dh_config_ignores(&c, "/other/vendor/a/Dockerfile"));
	ck_assert(!dh_config_ignores(NULL, "vendor/a"));
	dh_config none = {0};
	ck_assert(!dh_config_ignores(&none, "vendor/a"));
}
END_TEST

/* The command line wins over the file; arrays grow without touching the
 * caller's; a uid alone sets the group; patch gets level and images. */
START_TEST(test_config_apply_under_command_line)
{
	fixture f;
	fx_init(&f);
	ck_assert_int_eq(load_text(&f, "uid: 20001\n"
				       "level: strict\n"
				       "disable: [DH107]\n"
				       "writable: [/srv/data]\n"
				       "images:\n"
				       "  ghcr.io/acme/api:\n"
				       "    uid: 1000\n"),
			 0);
	const char *mine[] = {"DH109"};
	dh_harden_opts h;
	dh_harden_opts_init(&h);
	h.disabled = mine;
	h.ndisabled = 1;
	dh_patch_opts p = {0};
	dh_config_apply(&h, &p, f.arena, &f.cfg, NULL);
	ck_assert_uint_eq(h.uid, 20001);
	ck_assert_uint_eq(h.gid, 20001);
	ck_assert(h.explicit_user && h.strict && p.strict);
	ck_assert_uint_eq(h.ndisabled, 2);
	ck_assert_str_eq(h.disabled[0], "DH109");
	ck_assert_str_eq(h.disabled[1], "DH107");
	ck_assert_ptr_eq(mine[0], h.disabled[0]);
	ck_assert_uint_eq(h.nwritable, 1);
	ck_assert_uint_eq(p.nimages, 1);
	ck_assert_str_eq(p.images[0].image, "ghcr.io/acme/api");

	dh_harden_opts_init(&h);
	h.uid = 7;
	h.gid = 8;
	dh_patch_opts q = {0};
	dh_config_given given = {.uid = true, .gid = true, .level = true};
	dh_config_apply(&h, &q, f.arena, &f.cfg, &given);
	ck_assert_uint_eq(h.uid, 7);
	ck_assert_uint_eq(h.gid, 8);
	ck_assert(!h.strict && !q.strict);

	dh_config none = {0};
	dh_harden_opts_init(&h);
	dh_config_apply(&h, NULL, f.arena, &none, NULL);
	ck_assert_uint_eq(h.uid, 10001);
	ck_assert_uint_eq(h.ndisabled, 0);
	fx_done(&f);
}
END_TEST

/* images: prefix mappings whose prefix names Docker Hub become patch's
 * mirrors (pairs, in file order); other registries' do not. */
START_TEST(test_config_apply_docker_hub_mirrors)
{
	fixture f;
	fx_init(&f);
	ck_assert_int_eq(
		load_text(
			&f,
			"images:\n"
			"  \"docker.io/library/\": \"mirror.corp/library/\"\n"
			"  \"gcr.io/distroless/\": \"mirror.corp/distroless/\"\n"
			"  \"Index.Docker.IO/\": \"hub.corp/\"\n"
			"  \"mirror.corp:5000/\": \"other.corp/\"\n"
			"  \"localhost/\": \"local.corp/\"\n"
			"  \"library/\": \"lib.corp/\"\n"
			"  postgres: pg.corp/postgres\n"
			"  ghcr.io/acme/api:\n"
			"    uid: 1000\n"),
		0);
	dh_harden_opts h;
	dh_harden_opts_init(&h);
	dh_patch_opts p = {0};
	dh_config_apply(&h, &p, f.arena, &f.cfg, NULL);
	ck_assert_uint_eq(h.nimage_map, 14);
	ck_assert_uint_eq(p.nmirrors, 8);
	ck_assert_str_eq(p.mirrors[0], "docker.io/library/");
	ck_assert_str_eq(p.mirrors[1], "mirror.corp/library/");
	ck_assert_str_eq(p.mirrors[2], "Index.Docker.IO/");
	ck_assert_str_eq(p.mirrors[3], "hub.corp/");
	ck_assert_str_eq(p.mirrors[4], "library/");
	ck_assert_str_eq(p.mirrors[5], "lib.corp/");
	ck_assert_str_eq(p.mirrors[6], "postgres");
	ck_assert_str_eq(p.mirrors[7], "pg.corp/postgres");
	ck_assert_uint_eq(p.nimages, 1);

	dh_patch_opts none = {0};
	dh_config empty = {0};
	dh_config_apply(&h, &none, f.arena, &empty, NULL);
	ck_assert_uint_eq(none.nmirrors, 0);
	fx_done(&f);
}
END_TEST

static Suite *config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_config_full_example);
	tcase_add_test(tc, test_config_apply_under_command_line);
	tcase_add_test(tc, test_config_apply_docker_hub_mirrors);
	tcase_add_test(tc, test_config_empty_file_is_no_settings);
	tcase_add_test(tc, test_config_unknown_key_names_valid_keys);
	tcase_add_test(tc, test_config_level);
	tcase_add_test(tc, test_config_bind_low_ports);
	tcase_add_test(tc, test_config_bad_yaml_has_position);
	tcase_add_test(tc, test_config_wrong_types_all_reported);
	tcase_add_test(tc, test_config_uid_zero_and_overflow_refused);
	tcase_add_test(tc, test_config_images_runtime_entries);
	tcase_add_test(tc, test_config_images_runtime_errors_all_reported);
	tcase_add_test(tc, test_config_duplicate_key_and_non_mapping_root);
	tcase_add_test(tc, test_config_position_after_multibyte);
	tcase_add_test(tc, test_config_disable_scalar_and_anchor);
	tcase_add_test(tc, test_config_missing_file_is_eio);
	tcase_add_test(tc, test_config_find_walks_up);
	tcase_add_test(tc, test_config_find_stops_at_git_root);
	tcase_add_test(tc, test_config_find_stdin_and_missing_folder);
	tcase_add_test(tc, test_config_find_reports_invalid);
	tcase_add_test(tc, test_config_cached_same_folder_answers_from_memory);
	tcase_add_test(tc, test_config_cached_shared_file_read_once);
	tcase_add_test(tc, test_config_cached_failure_not_remembered);
	tcase_add_test(tc, test_config_ignores_globs);
	tcase_add_test(tc, test_config_ignores_given_from_the_current_folder);
	tcase_add_test(tc, test_config_ignores_absolute_and_empty);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(config_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
