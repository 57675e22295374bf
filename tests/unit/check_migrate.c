/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for dh_migrate(): a throwaway repository with Dockerfiles,
 * a Deployment and a compose file that pair with them, skaffold, a
 * node_modules, a .gitignore'd folder, symlinks out of the tree, a bad
 * Dockerfile and a Helm template.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dockharden/arena.h"
#include "dockharden/buf.h"
#include "dockharden/cst.h"
#include "dockharden/errors.h"
#include "dockharden/migrate.h"
#include "dockharden/parse.h"
#include "dockharden/pass.h"
#include "dockharden/patch.h"
#include "cli/migrate_internal.h"

#define PATH_SIZE 4096

static const char api_in[] =
	"FROM golang:1.22\n"
	"WORKDIR /src\n"
	"COPY . .\n"
	"RUN CGO_ENABLED=0 go build -o /out/api ./cmd/api\n"
	"EXPOSE 8080\n"
	"CMD [\"/out/api\"]\n";

static const char web_in[] = "FROM nginx:1.25\n"
			     "COPY site /usr/share/nginx/html\n";

static const char deploy_in[] =
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata:\n"
	"  name: web\n"
	"spec:\n"
	"  template:\n"
	"    spec:\n"
	"      containers:\n"
	"        - name: web\n"
	"          image: registry.example.com/team/web:2\n";

static const char compose_in[] = "services:\n"
				 "  web:\n"
				 "    build:\n"
				 "      context: ./web\n"
				 "    ports:\n"
				 "      - \"8080:8080\"\n";

static const char bad_in[] = "FROM alpine:3.19\nENV PATH\n";

static const char helm_in[] = "apiVersion: apps/v1\n"
			      "kind: Deployment\n"
			      "metadata:\n"
			      "  name: {{ .Release.Name }}\n";

static const char skaffold_in[] = "apiVersion: skaffold/v4beta6\n"
				  "kind: Config\n"
				  "build:\n"
				  "  artifacts:\n"
				  "    - image: example/worker\n"
				  "      context: services/worker-src\n";

static const char worker_in[] = "apiVersion: batch/v1\n"
				"kind: Job\n"
				"metadata:\n"
				"  name: worker\n"
				"spec:\n"
				"  template:\n"
				"    spec:\n"
				"      containers:\n"
				"        - name: worker\n"
				"          image: example/worker@sha256:abc\n";

static const char plain_in[] = "FROM alpine:3.19\n";
static const char outside_in[] = "FROM alpine\n";

/* The throwaway repository of one test, and a folder outside it. */
typedef struct fixture {
	char base[PATH_SIZE];
	char root[PATH_SIZE];
	char outside[PATH_SIZE];
} fixture;

static void path_of(char *out, const char *dir, const char *rel)
{
	int n = snprintf(out, PATH_SIZE, "%s/%s", dir, rel);
	ck_assert(n > 0 && n < PATH_SIZE);
}

static void mkdirs(const char *path)
{
	char tmp[PATH_SIZE];
	size_t len = strlen(path);
	ck_assert(len < PATH_SIZE);
	memcpy(tmp, path, len + 1);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		ck_assert(mkdir(tmp, 0755) == 0 || errno == EEXIST);
		*p = '/';
	}
}

static void put_file(const char *dir, const char *rel, const char *text)
{
	char path[PATH_SIZE];
	path_of(path, dir, rel);
	mkdirs(path);
	FILE *f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, strlen(text), f), strlen(text));
	ck_assert_int_eq(fclose(f), 0);
}

/* The file's contents (caller frees), or NULL when it cannot be read. */
static char *get_file(const char *dir, const char *rel)
{
	char path[PATH_SIZE];
	path_of(path, dir, rel);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	dh_buf b = DH_BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		dh_buf_put(&b, chunk, n);
	fclose(f);
	dh_buf_putc(&b, '\0');
	return dh_buf_detach(&b, NULL);
}

static void assert_file(const char *dir, const char *rel, const char *want)
{
	char *got = get_file(dir, rel);
	ck_assert_msg(got != NULL, "cannot read %s", rel);
	ck_assert_str_eq(got, want);
	free(got);
}

/*
 * What `dockharden harden` makes of text, and the hardened document's
 * facts (in arena): the library called directly, file by file.
 */
static char *harden_text(dh_facts *facts, dh_arena *arena, const char *text)
{
	dh_source *src = dh_source_new(arena, "Dockerfile", text, strlen(text));
	dh_doc *doc;
	dh_harden_opts h;
	dh_harden_opts_init(&h);
	ck_assert_int_eq(dh_parse(&doc, arena, src), 0);
	ck_assert(dh_doc_ok(doc));
	ck_assert_int_eq(dh_harden(doc, &h, NULL), 0);
	dh_buf out = DH_BUF_INIT;
	dh_doc_render(&out, doc);
	dh_buf_putc(&out, '\0');
	if (facts)
		dh_facts_from_doc(facts, doc, &h);
	return dh_buf_detach(&out, NULL);
}

/* What `dockharden patch --dockerfile=D --container=NAME` makes of text. */
static char *patch_text(const dh_facts *facts, const char *container,
			dh_arena *arena, const char *text)
{
	dh_source *src = dh_source_new(arena, "m.yaml", text, strlen(text));
	dh_diags diags;
	dh_diags_init(&diags, arena);
	dh_patch_opts po = {.facts = facts, .container = container};
	dh_buf out = DH_BUF_INIT;
	ck_assert_int_eq(dh_patch_yaml(&out, &diags, src, &po), 0);
	dh_buf_putc(&out, '\0');
	return dh_buf_detach(&out, NULL);
}

/* The expected results of a migration of the fixture. */
typedef struct expected {
	dh_arena *arena;
	char *api, *web, *deploy, *compose;
} expected;

static void expect(expected *e)
{
	dh_facts web;
	e->arena = dh_arena_new();
	e->api = harden_text(NULL, e->arena, api_in);
	e->web = harden_text(&web, e->arena, web_in);
	e->deploy = patch_text(&web, "web", e->arena, deploy_in);
	e->compose = patch_text(&web, "web", e->arena, compose_in);
	/* The pairing shows: nginx-unprivileged runs as uid 101. */
	ck_assert_ptr_nonnull(strstr(e->deploy, "runAsUser: 101\n"));
	ck_assert_ptr_nonnull(strstr(e->compose, "user: \"101:101\"\n"));
	ck_assert_str_ne(e->api, api_in);
	ck_assert_str_ne(e->web, web_in);
}

static void expected_free(expected *e)
{
	free(e->api);
	free(e->web);
	free(e->deploy);
	free(e->compose);
	dh_arena_free(e->arena);
}

static void make_repo(fixture *fx)
{
	int n = snprintf(fx->base, PATH_SIZE, "/tmp/check_migrate.XXXXXX");
	ck_assert(n > 0 && n < PATH_SIZE);
	ck_assert_ptr_nonnull(mkdtemp(fx->base));
	path_of(fx->root, fx->base, "repo");
	path_of(fx->outside, fx->base, "outside");
	put_file(fx->outside, "Dockerfile", outside_in);
	put_file(fx->root, "api/Dockerfile", api_in);
	put_file(fx->root, "web/Dockerfile", web_in);
	put_file(fx->root, "plain/Containerfile", plain_in);
	put_file(fx->root, "services/worker-src/Dockerfile", plain_in);
	put_file(fx->root, "k8s/deploy.yaml", deploy_in);
	put_file(fx->root, "k8s/worker.yaml", worker_in);
	put_file(fx->root, "skaffold.yaml", skaffold_in);
	put_file(fx->root, "compose.yaml", compose_in);
	put_file(fx->root, "node_modules/pkg/Dockerfile", outside_in);
	put_file(fx->root, ".gitignore", "ignored/\n");
	put_file(fx->root, "ignored/Dockerfile", outside_in);
	put_file(fx->root, "bad/Dockerfile", bad_in);
	put_file(fx->root, "chart/templates/deploy.yaml", helm_in);
	put_file(fx->root, "docs/notes.yml", "title: not a manifest\n");
	char link[PATH_SIZE];
	char target[PATH_SIZE];
	path_of(link, fx->root, "linked/Dockerfile");
	mkdirs(link);
	path_of(target, fx->outside, "Dockerfile");
	ck_assert_int_eq(symlink(target, link), 0);
	path_of(link, fx->root, "outdir");
	ck_assert_int_eq(symlink(fx->outside, link), 0);
}

static void remove_repo(const fixture *fx)
{
	char cmd[PATH_SIZE + 16];
	int n = snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->base);
	ck_assert(n > 0 && (size_t)n < sizeof(cmd));
	ck_assert_int_eq(system(cmd), 0);
}

/* One run; summary and report go to the caller's buffers (may be NULL). */
static dh_migrate_totals run(const fixture *fx, dh_buf *summary, dh_buf *report,
			     bool dry_run, unsigned jobs, bool json)
{
	dh_migrate_opts o = {.dry_run = dry_run, .jobs = jobs, .json = json};
	dh_migrate_totals t;
	memset(&t, 0xff, sizeof(t));
	ck_assert_int_eq(dh_migrate(summary, report, &t, fx->root, &o), 0);
	return t;
}

static void assert_untouched(const fixture *fx)
{
	assert_file(fx->root, "bad/Dockerfile", bad_in);
	assert_file(fx->root, "chart/templates/deploy.yaml", helm_in);
	assert_file(fx->root, "node_modules/pkg/Dockerfile", outside_in);
	assert_file(fx->root, "ignored/Dockerfile", outside_in);
	assert_file(fx->outside, "Dockerfile", outside_in);
	assert_file(fx->root, "docs/notes.yml", "title: not a manifest\n");
	assert_file(fx->root, "skaffold.yaml", skaffold_in);
}

START_TEST(test_migrate_writes_hardened_files)
{
	fixture fx;
	expected e;
	expect(&e);
	make_repo(&fx);
	dh_migrate_totals t = run(&fx, NULL, NULL, false, 2, false);
	assert_file(fx.root, "api/Dockerfile", e.api);
	assert_file(fx.root, "web/Dockerfile", e.web);
	assert_file(fx.root, "k8s/deploy.yaml", e.deploy);
	assert_file(fx.root, "compose.yaml", e.compose);
	assert_untouched(&fx);
	expected_free(&e);
	ck_assert_uint_eq(t.written, t.changed);
	ck_assert_uint_gt(t.written, 0);
	remove_repo(&fx);
}
END_TEST

START_TEST(test_migrate_totals)
{
	fixture fx;
	make_repo(&fx);
	dh_migrate_totals t = run(&fx, NULL, NULL, true, 1, false);
	/* api, web, plain, worker-src, bad; deploy, worker, compose, chart */
	ck_assert_uint_eq(t.files, 9);
	ck_assert_uint_eq(t.dockerfiles, 5);
	ck_assert_uint_eq(t.manifests, 4);
	ck_assert_uint_eq(t.errors, 2);
	ck_assert_uint_eq(t.changed + t.unchanged + t.errors, t.files);
	ck_assert_uint_eq(t.written, 0);
	/* deploy and compose with web, worker through skaffold */
	ck_assert_uint_eq(t.paired, 3);
	remove_repo(&fx);
}
END_TEST

START_TEST(test_migrate_dry_run_writes_nothing)
{
	fixture fx;
	make_repo(&fx);
	dh_buf s = DH_BUF_INIT;
	dh_migrate_totals t = run(&fx, &s, NULL, true, 2, false);
	ck_assert_uint_gt(t.changed, 0);
	ck_assert_uint_eq(t.written, 0);
	assert_file(fx.root, "api/Dockerfile", api_in);
	assert_file(fx.root, "web/Dockerfile", web_in);
	assert_file(fx.root, "k8s/deploy.yaml", deploy_in);
	assert_file(fx.root, "compose.yaml", compose_in);
	assert_untouched(&fx);
	ck_assert_ptr_nonnull(strstr(s.data, "would-change"));
	ck_assert_ptr_nonnull(strstr(s.data, "dry run"));
	dh_buf_free(&s);
	remove_repo(&fx);
}
END_TEST

START_TEST(test_migrate_second_run_changes_nothing)
{
	fixture fx;
	expected e;
	expect(&e);
	make_repo(&fx);
	run(&fx, NULL, NULL, false, 2, false);
	dh_migrate_totals t = run(&fx, NULL, NULL, false, 2, false);
	ck_assert_uint_eq(t.changed, 0);
	ck_assert_uint_eq(t.written, 0);
	ck_assert_uint_eq(t.errors, 2);
	ck_assert_uint_eq(t.unchanged, t.files - 2);
	assert_file(fx.root, "k8s/deploy.yaml", e.deploy);
	assert_file(fx.root, "api/Dockerfile", e.api);
	expected_free(&e);
	remove_repo(&fx);
}
END_TEST

START_TEST(test_migrate_json_sorted_by_path)
{
	static const char *const want[] = {
		"api/Dockerfile",
		"bad/Dockerfile",
		"chart/templates/deploy.yaml",
		"compose.yaml",
		"k8s/deploy.yaml",
		"k8s/worker.yaml",
		"plain/Containerfile",
		"services/worker-src/Dockerfile",
		"web/Dockerfile",
	};
	fixture fx;
	make_repo(&fx);
	dh_buf s = DH_BUF_INIT;
	run(&fx, &s, NULL, true, 2, true);
	const char *p = s.data;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		char head[256];
		snprintf(head, sizeof(head), "{\"path\":\"%s\",", want[i]);
		ck_assert_msg(strncmp(p, head, strlen(head)) == 0,
			      "line %zu: want %s, got %.60s", i, head, p);
		p = strchr(p, '\n');
		ck_assert_ptr_nonnull(p);
		p++;
	}
	ck_assert_str_eq(p, "");
	ck_assert_ptr_nonnull(strstr(
		s.data,
		"\"pairs\":[{\"container\":\"worker\",\"dockerfile\":"
		"\"services/worker-src/Dockerfile\",\"via\":\"skaffold\"}]"));
	ck_assert_ptr_nonnull(strstr(
		s.data, "\"pairs\":[{\"container\":\"web\",\"dockerfile\":"
			"\"web/Dockerfile\",\"via\":\"compose build\"}]"));
	ck_assert_ptr_nonnull(
		strstr(s.data, "{\"code\":\"template-detected\",\"line\":4,"));
	dh_buf_free(&s);
	remove_repo(&fx);
}
END_TEST

START_TEST(test_migrate_jobs_give_identical_output)
{
	fixture fx;
	make_repo(&fx);
	dh_buf s1 = DH_BUF_INIT, r1 = DH_BUF_INIT;
	dh_buf s2 = DH_BUF_INIT, r2 = DH_BUF_INIT;
	dh_buf j1 = DH_BUF_INIT, j3 = DH_BUF_INIT;
	run(&fx, &s1, &r1, true, 1, false);
	run(&fx, &s2, &r2, true, 2, false);
	run(&fx, &j1, NULL, true, 1, true);
	run(&fx, &j3, NULL, true, 3, true);
	ck_assert_uint_eq(s1.len, s2.len);
	ck_assert_mem_eq(s1.data, s2.data, s1.len);
	ck_assert_uint_eq(r1.len, r2.len);
	ck_assert_mem_eq(r1.data, r2.data, r1.len);
	ck_assert_uint_eq(j1.len, j3.len);
	ck_assert_mem_eq(j1.data, j3.data, j1.len);
	dh_buf_free(&s1);
	dh_buf_free(&r1);
	dh_buf_free(&s2);
	dh_buf_free(&r2);
	dh_buf_free(&j1);
	dh_buf_free(&j3);
	remove_repo(&fx);
}
END_TEST

START_TEST(test_migrate_report_lists_changes_and_errors)
{
	fixture fx;
	make_repo(&fx);
	dh_buf r = DH_BUF_INIT;
	run(&fx, NULL, &r, false, 2, false);
	ck_assert_ptr_nonnull(strstr(r.data, "# dockharden migration report"));
	const char *api = strstr(r.data, "\n## `api/Dockerfile`\n");
	ck_assert_ptr_nonnull(api);
	ck_assert_ptr_nonnull(strstr(api, "- **DH105**, line "));
	ck_assert_ptr_nonnull(strstr(api, ": the final stage runs as root"));
	ck_assert_ptr_nonnull(strstr(api, "  Why: a numeric non-root USER"));
	ck_assert_ptr_nonnull(
		strstr(r.data, "bad/Dockerfile:2:5: error: 'ENV PATH' has no "
			       "value"));
	ck_assert_ptr_nonnull(strstr(r.data, "- container `web`: facts from "
					     "`web/Dockerfile` (image name)"));
	/* Skipped and outside files are never mentioned. */
	ck_assert_ptr_null(strstr(r.data, "node_modules"));
	ck_assert_ptr_null(strstr(r.data, "ignored/"));
	ck_assert_ptr_null(strstr(r.data, "linked/"));
	ck_assert_ptr_null(strstr(r.data, "outdir"));
	ck_assert_ptr_null(strstr(r.data, "notes.yml"));
	dh_buf_free(&r);
	remove_repo(&fx);
}
END_TEST

START_TEST(test_migrate_ambiguous_image_not_paired)
{
	fixture fx;
	make_repo(&fx);
	put_file(fx.root, "a/web/Dockerfile", plain_in);
	put_file(fx.root, "b/web/Dockerfile", plain_in);
	put_file(fx.root, "web/Dockerfile", plain_in);
	dh_buf s = DH_BUF_INIT;
	dh_migrate_totals t = run(&fx, &s, NULL, true, 1, true);
	/* deploy.yaml's web now matches three folders named web */
	const char *line = strstr(s.data, "{\"path\":\"k8s/deploy.yaml\"");
	ck_assert_ptr_nonnull(line);
	const char *end = strchr(line, '\n');
	char *one = strndup(line, (size_t)(end - line));
	ck_assert_ptr_nonnull(strstr(one, "matches several Dockerfiles"));
	ck_assert_ptr_nonnull(strstr(one, "\"pairs\":[]"));
	ck_assert_uint_eq(t.paired, 2);
	free(one);
	dh_buf_free(&s);
	remove_repo(&fx);
}
END_TEST

static void count_progress(void *ctx, size_t done, size_t total)
{
	size_t *last = ctx;
	ck_assert_uint_le(done, total);
	*last = done == total ? total : 0;
}

START_TEST(test_migrate_progress_reaches_total)
{
	fixture fx;
	make_repo(&fx);
	size_t last = 0;
	dh_migrate_opts o = {.dry_run = true,
			     .jobs = 2,
			     .progress = true,
			     .on_progress = count_progress,
			     .progress_ctx = &last};
	ck_assert_int_eq(dh_migrate(NULL, NULL, NULL, fx.root, &o), 0);
	/* every walked file, the non-manifest YAML and skaffold included */
	ck_assert_uint_eq(last, 11);
	remove_repo(&fx);
}
END_TEST

START_TEST(test_migrate_missing_root_fails)
{
	dh_migrate_opts o = {.jobs = 1};
	dh_buf s = DH_BUF_INIT;
	ck_assert_int_eq(
		dh_migrate(&s, NULL, NULL, "/nonexistent/check_migrate", &o),
		DH_EIO);
	ck_assert_uint_eq(s.len, 0);
	ck_assert_int_eq(dh_migrate(&s, NULL, NULL, NULL, &o), DH_EUSAGE);
}
END_TEST

/* The scan lint DIR shares: root-relative file of the scan, or NULL. */
static const dh__mig_file *scanned(const dh__mig_file *files, size_t n,
				   const char *path)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(files[i].path, path) == 0)
			return &files[i];
	return NULL;
}

/* What the patcher makes of text with migrate's options for manifest f. */
static char *patch_scanned(const dh__mig_file *f, const dh__mig_file *files,
			   dh_arena *arena, const char *text)
{
	dh_patch_opts po;
	dh__mig_patch_opts(&po, arena, f, files, false, NULL, 0);
	dh_source *src = dh_source_new(arena, f->path, text, strlen(text));
	dh_diags diags;
	dh_diags_init(&diags, arena);
	dh_buf out = DH_BUF_INIT;
	ck_assert_int_eq(dh_patch_yaml(&out, &diags, src, &po), 0);
	dh_buf_putc(&out, '\0');
	return dh_buf_detach(&out, NULL);
}

START_TEST(test_migrate_scan_pairs_as_the_run_writes)
{
	fixture fx;
	expected e;
	expect(&e);
	make_repo(&fx);
	dh_migrate_opts o = {.jobs = 1};
	dh__mig_scan *scan;
	ck_assert_int_eq(dh__mig_scan_new(&scan, fx.root, &o), 0);
	size_t n;
	const dh__mig_file *files = dh__mig_scan_files(scan, &n);
	const dh__mig_file *deploy = scanned(files, n, "k8s/deploy.yaml");
	const dh__mig_file *compose = scanned(files, n, "compose.yaml");
	ck_assert_ptr_nonnull(deploy);
	ck_assert_ptr_nonnull(compose);
	ck_assert_int_eq(deploy->kind, DH__MIG_K8S);
	ck_assert_uint_eq(deploy->npairs, 1);
	ck_assert_str_eq(deploy->pairs[0].container, "web");
	ck_assert_str_eq(files[deploy->pairs[0].dockerfile].path,
			 "web/Dockerfile");
	const dh__mig_file *bad = scanned(files, n, "bad/Dockerfile");
	ck_assert(bad && !bad->has_facts);
	/* The options give the text the run writes. */
	char *got = patch_scanned(deploy, files, e.arena, deploy_in);
	ck_assert_str_eq(got, e.deploy);
	free(got);
	got = patch_scanned(compose, files, e.arena, compose_in);
	ck_assert_str_eq(got, e.compose);
	free(got);
	dh__mig_scan_free(scan);
	/* A scan writes nothing. */
	assert_file(fx.root, "web/Dockerfile", web_in);
	assert_file(fx.root, "k8s/deploy.yaml", deploy_in);
	assert_untouched(&fx);
	expected_free(&e);
	ck_assert_int_eq(
		dh__mig_scan_new(&scan, "/nonexistent/check_migrate", &o),
		DH_EIO);
	remove_repo(&fx);
}
END_TEST

/* ---- .dockharden.yaml, read as every other command reads it ---- */

static const char billing_in[] =
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata:\n"
	"  name: billing\n"
	"spec:\n"
	"  template:\n"
	"    spec:\n"
	"      containers:\n"
	"        - name: billing\n"
	"          image: registry.example/billing:4\n";

static const char config_in[] = "uid: 4242\n"
				"ignore: [legacy/**]\n"
				"images:\n"
				"  registry.example/billing:\n"
				"    uid: 1200\n"
				"    writable: [/var/cache/billing]\n";

/* A repository (with .git: the configuration walk stops there). */
static void make_configured_repo(fixture *fx, const char *config)
{
	int n = snprintf(fx->base, PATH_SIZE, "/tmp/check_migrate.XXXXXX");
	ck_assert(n > 0 && n < PATH_SIZE);
	ck_assert_ptr_nonnull(mkdtemp(fx->base));
	path_of(fx->root, fx->base, "repo");
	put_file(fx->root, ".git/HEAD", "ref: refs/heads/main\n");
	put_file(fx->root, ".dockharden.yaml", config);
	put_file(fx->root, "api/Dockerfile", api_in);
	put_file(fx->root, "legacy/Dockerfile", plain_in);
	put_file(fx->root, "k8s/billing.yaml", billing_in);
}

static void assert_has(const char *dir, const char *rel, const char *want)
{
	char *got = get_file(dir, rel);
	ck_assert_ptr_nonnull(got);
	ck_assert_msg(strstr(got, want) != NULL, "%s lacks '%s':\n%s", rel,
		      want, got);
	free(got);
}

START_TEST(test_migrate_applies_dockharden_yaml)
{
	fixture fx;
	make_configured_repo(&fx, config_in);
	dh_buf summary = DH_BUF_INIT;
	dh_migrate_opts o = {.jobs = 2};
	dh_migrate_totals t;
	ck_assert_int_eq(dh_migrate(&summary, NULL, &t, fx.root, &o), 0);
	dh_buf_putc(&summary, '\0');
	assert_has(fx.root, "api/Dockerfile", "USER 4242:4242\n");
	/* images: evidence reaches the patch of an unpaired container */
	assert_has(fx.root, "k8s/billing.yaml", "runAsUser: 1200\n");
	assert_has(fx.root, "k8s/billing.yaml", "/var/cache/billing");
	/* ignored: not written, not even listed */
	assert_file(fx.root, "legacy/Dockerfile", plain_in);
	ck_assert_ptr_null(strstr(summary.data, "legacy/"));
	ck_assert_uint_eq(t.dockerfiles, 1);
	ck_assert_uint_eq(t.errors, 0);
	dh_buf_free(&summary);
	remove_repo(&fx);
}
END_TEST

START_TEST(test_migrate_command_line_wins_over_config)
{
	fixture fx;
	make_configured_repo(&fx, config_in);
	dh_harden_opts h;
	dh_harden_opts_init(&h);
	h.uid = h.gid = 7000;
	h.explicit_user = true;
	dh_migrate_opts o = {
		.jobs = 1, .harden = &h, .given = {.uid = true, .gid = true}};
	dh_migrate_totals t;
	ck_assert_int_eq(dh_migrate(NULL, NULL, &t, fx.root, &o), 0);
	assert_has(fx.root, "api/Dockerfile", "USER 7000:7000\n");
	remove_repo(&fx);
}
END_TEST

START_TEST(test_migrate_bad_config_is_an_error_per_file)
{
	fixture fx;
	make_configured_repo(&fx, "uid: [\n");
	dh_buf report = DH_BUF_INIT;
	dh_migrate_opts o = {.jobs = 1};
	dh_migrate_totals t;
	ck_assert_int_eq(dh_migrate(NULL, &report, &t, fx.root, &o), 0);
	dh_buf_putc(&report, '\0');
	assert_file(fx.root, "api/Dockerfile", api_in);
	assert_file(fx.root, "k8s/billing.yaml", billing_in);
	ck_assert_uint_eq(t.written, 0);
	ck_assert_uint_ge(t.errors, 3);
	ck_assert_ptr_nonnull(strstr(report.data, "[invalid-config]"));
	ck_assert_ptr_nonnull(strstr(report.data, ".dockharden.yaml:2:1: "));
	dh_buf_free(&report);
	remove_repo(&fx);
}
END_TEST

static Suite *migrate_suite(void)
{
	Suite *s = suite_create("migrate");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_migrate_writes_hardened_files);
	tcase_add_test(tc, test_migrate_totals);
	tcase_add_test(tc, test_migrate_dry_run_writes_nothing);
	tcase_add_test(tc, test_migrate_second_run_changes_nothing);
	tcase_add_test(tc, test_migrate_json_sorted_by_path);
	tcase_add_test(tc, test_migrate_jobs_give_identical_output);
	tcase_add_test(tc, test_migrate_report_lists_changes_and_errors);
	tcase_add_test(tc, test_migrate_ambiguous_image_not_paired);
	tcase_add_test(tc, test_migrate_progress_reaches_total);
	tcase_add_test(tc, test_migrate_missing_root_fails);
	tcase_add_test(tc, test_migrate_scan_pairs_as_the_run_writes);
	tcase_add_test(tc, test_migrate_applies_dockharden_yaml);
	tcase_add_test(tc, test_migrate_command_line_wins_over_config);
	tcase_add_test(tc, test_migrate_bad_config_is_an_error_per_file);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(migrate_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
