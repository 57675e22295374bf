/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the language server's analysis (src/lsp/analysis*.c) and
 * its position helpers (src/lsp/position.c): what it publishes must be
 * what lint, harden, patch and fmt say. The expected texts below are the
 * outputs of `dockharden harden`, `fmt` and `patch` on the same inputs.
 */
#include "lsp/lsp_internal.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dockharden/pass.h"
#include "lsp/analysis_internal.h"

/* ---- fixtures ---- */

/* A legacy single-stage Go build: harden splits it (several hunks). */
static const char legacy_go[] =
	"# Größe: a legacy Go service 🚀\n"
	"from golang:1.22\n"
	"WORKDIR /src\n"
	"COPY go.mod ./\n"
	"RUN echo \"héllo 🚀\" && apt-get update && apt-get install -y curl\n"
	"COPY . .\n"
	"RUN go build -o /out/api ./cmd/api\n"
	"EXPOSE 8080\n"
	"CMD   [\"/out/api\"]   \n";

/* `dockharden harden Dockerfile` on legacy_go */
static const char legacy_go_hardened[] =
	"# Größe: a legacy Go service 🚀\n"
	"from golang:1.22 AS build\n"
	"WORKDIR /src\n"
	"COPY go.mod ./\n"
	"RUN echo \"héllo 🚀\" && apt-get update && apt-get install -y curl\n"
	"COPY . .\n"
	"RUN go build -o /out/api ./cmd/api\n"
	"\n"
	"FROM gcr.io/distroless/base-debian12:nonroot\n"
	"COPY --from=build /out/api /out/api\n"
	"WORKDIR /src\n"
	"USER 65532:65532\n"
	"EXPOSE 8080\n"
	"CMD   [\"/out/api\"]   \n";

/* `dockharden fmt Dockerfile` on legacy_go */
static const char legacy_go_fmt[] =
	"# Größe: a legacy Go service 🚀\n"
	"FROM golang:1.22\n"
	"WORKDIR /src\n"
	"COPY go.mod ./\n"
	"RUN echo \"héllo 🚀\" && apt-get update && apt-get install -y curl\n"
	"COPY . .\n"
	"RUN go build -o /out/api ./cmd/api\n"
	"EXPOSE 8080\n"
	"CMD [\"/out/api\"]\n";

/* One stage that ships curl: a warning on a line with non-ASCII text. */
static const char legacy_debian[] =
	"# Größe 🚀\n"
	"from debian:12\n"
	"RUN echo \"héllo 🚀\" && apt-get update && apt-get install -y curl\n"
	"COPY app /app\n"
	"EXPOSE 8080\n"
	"CMD   [\"/app\"]   \n";

static const char legacy_debian_hardened[] =
	"# Größe 🚀\n"
	"from debian:12\n"
	"RUN echo \"héllo 🚀\" && apt-get update && apt-get install -y curl\n"
	"USER 10001:10001\n"
	"COPY app /app\n"
	"EXPOSE 8080\n"
	"CMD   [\"/app\"]   \n";

static const char deployment[] = "apiVersion: apps/v1\n"
				 "kind: Deployment\n"
				 "metadata:\n"
				 "  name: web\n"
				 "spec:\n"
				 "  template:\n"
				 "    spec:\n"
				 "      containers:\n"
				 "        - name: web\n"
				 "          image: ghcr.io/acme/web:1.0\n"
				 "          ports:\n"
				 "            - containerPort: 8080\n";

/* `dockharden patch deploy.yaml` on deployment */
static const char deployment_patched[] =
	"apiVersion: apps/v1\n"
	"kind: Deployment\n"
	"metadata:\n"
	"  name: web\n"
	"spec:\n"
	"  template:\n"
	"    spec:\n"
	"      containers:\n"
	"        - name: web\n"
	"          image: ghcr.io/acme/web:1.0\n"
	"          ports:\n"
	"            - containerPort: 8080\n"
	"          securityContext:\n"
	"            allowPrivilegeEscalation: false\n"
	"      securityContext:\n"
	"        seccompProfile:\n"
	"          type: RuntimeDefault\n";

/* A folder that is a repository root, so no configuration above it is
 * read, and the documents analysed in it. */
typedef struct fixture {
	char root[64];
	char path[128];
	dh__lsp_doc doc;
	dh__lsp_analysis *a;
} fixture;

static void fx_init(fixture *f)
{
	memset(f, 0, sizeof(*f));
	snprintf(f->root, sizeof(f->root), "/tmp/check_lsp_XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(f->root));
	char git[96];
	snprintf(git, sizeof(git), "%s/.git", f->root);
	ck_assert_int_eq(mkdir(git, 0700), 0);
}

static void fx_write(const fixture *f, const char *name, const char *text)
{
	char p[128];
	snprintf(p, sizeof(p), "%s/%s", f->root, name);
	FILE *fp = fopen(p, "wb");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
}

static void fx_done(fixture *f)
{
	dh__lsp_analysis_free(f->a);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->root);
	ck_assert_int_eq(system(cmd), 0);
}

/* Analyses text as the file name in the fixture's folder. */
static dh__lsp_analysis *fx_analyze(fixture *f, const char *name,
				    const char *lang, const char *text,
				    dh__lsp_encoding enc)
{
	dh__lsp_analysis_free(f->a);
	snprintf(f->path, sizeof(f->path), "%s/%s", f->root, name);
	f->doc = (dh__lsp_doc){.uri = "file:///test",
			       .path = f->path,
			       .language_id = lang,
			       .text = text,
			       .len = strlen(text),
			       .version = 1,
			       .enc = enc};
	f->a = dh__lsp_analyze(&f->doc);
	return f->a;
}

/* ---- applying edits as an editor does ---- */

typedef struct span_edit {
	size_t start, end;
	const char *text;
} span_edit;

static int by_start_desc(const void *x, const void *y)
{
	const span_edit *a = x, *b = y;
	return a->start < b->start ? 1 : a->start > b->start ? -1 : 0;
}

static size_t offset_at(const char *text, const json_t *pos,
			dh__lsp_encoding enc)
{
	dh__lsp_pos p = {
		(uint32_t)json_integer_value(json_object_get(pos, "line")),
		(uint32_t)json_integer_value(
			json_object_get(pos, "character"))};
	return dh__lsp_offset_of(text, strlen(text), p, enc);
}

/* text with the TextEdit[] edits applied (caller frees). */
static char *apply_edits(const char *text, const json_t *edits,
			 dh__lsp_encoding enc)
{
	size_t n = json_array_size(edits);
	span_edit *v = calloc(n ? n : 1, sizeof(*v));
	for (size_t i = 0; i < n; i++) {
		const json_t *e = json_array_get(edits, i);
		const json_t *r = json_object_get(e, "range");
		v[i].start = offset_at(text, json_object_get(r, "start"), enc);
		v[i].end = offset_at(text, json_object_get(r, "end"), enc);
		v[i].text = json_string_value(json_object_get(e, "newText"));
		ck_assert_ptr_nonnull(v[i].text);
	}
	qsort(v, n, sizeof(*v), by_start_desc);
	char *out = strdup(text);
	for (size_t i = 0; i < n; i++) {
		ck_assert(i == 0 || v[i].end <= v[i - 1].start);
		size_t len = strlen(out), add = strlen(v[i].text);
		char *next = malloc(len - (v[i].end - v[i].start) + add + 1);
		memcpy(next, out, v[i].start);
		memcpy(next + v[i].start, v[i].text, add);
		strcpy(next + v[i].start + add, out + v[i].end);
		free(out);
		out = next;
	}
	free(v);
	return out;
}

/* The TextEdit[] of a code action's WorkspaceEdit for the document. */
static json_t *action_edits(const json_t *action)
{
	const json_t *changes =
		json_object_get(json_object_get(action, "edit"), "changes");
	json_t *edits = json_object_get(changes, "file:///test");
	ck_assert_ptr_nonnull(edits);
	return edits;
}

static const json_t *find_action(const json_t *actions, const char *kind,
				 const char *code)
{
	size_t i;
	const json_t *act;
	json_array_foreach(actions, i, act)
	{
		const char *k = json_string_value(json_object_get(act, "kind"));
		const json_t *d =
			json_array_get(json_object_get(act, "diagnostics"), 0);
		const char *c = json_string_value(json_object_get(d, "code"));
		if (!strcmp(k, kind) && (!code || (c && !strcmp(c, code))))
			return act;
	}
	return NULL;
}

static const json_t *find_diag(const json_t *diags, const char *code)
{
	size_t i;
	const json_t *d;
	json_array_foreach(
		diags, i,
		d) if (!strcmp(json_string_value(json_object_get(d, "code")),
			       code)) return d;
	return NULL;
}

static json_int_t pos_field(const json_t *d, const char *end, const char *f)
{
	const json_t *r = json_object_get(d, "range");
	return json_integer_value(json_object_get(json_object_get(r, end), f));
}

static size_t offset_of_str(const char *text, const char *needle)
{
	const char *p = strstr(text, needle);
	ck_assert_ptr_nonnull(p);
	return (size_t)(p - text);
}

/* ---- kinds ---- */

START_TEST(test_lsp_analysis_kinds)
{
	fixture f;
	fx_init(&f);
	ck_assert_int_eq(dh__lsp_analysis_kind(fx_analyze(
				 &f, "Dockerfile", NULL, "", DH__LSP_UTF16)),
			 DH__LSP_DOCKERFILE);
	ck_assert_int_eq(
		dh__lsp_analysis_kind(fx_analyze(&f, "notes.txt", "dockerfile",
						 "RUN make\n", DH__LSP_UTF16)),
		DH__LSP_DOCKERFILE);
	ck_assert_int_eq(dh__lsp_analysis_kind(fx_analyze(&f, "build.txt", NULL,
							  "FROM alpine:3.19\n",
							  DH__LSP_UTF16)),
			 DH__LSP_DOCKERFILE);
	ck_assert_int_eq(
		dh__lsp_analysis_kind(fx_analyze(&f, "deploy.yaml", "yaml",
						 deployment, DH__LSP_UTF16)),
		DH__LSP_MANIFEST);
	ck_assert_int_eq(dh__lsp_analysis_kind(fx_analyze(
				 &f, "compose.yaml", "yaml",
				 "services:\n  web:\n    image: nginx\n",
				 DH__LSP_UTF16)),
			 DH__LSP_MANIFEST);
	ck_assert_int_eq(dh__lsp_analysis_kind(
				 fx_analyze(&f, "notes.txt", "plaintext",
					    "hello world\n", DH__LSP_UTF16)),
			 DH__LSP_OTHER);
	fx_done(&f);
}
END_TEST

/* Other YAML (Helm values, CI files): no findings, no actions. */
START_TEST(test_lsp_analysis_other_yaml_has_nothing)
{
	fixture f;
	fx_init(&f);
	dh__lsp_analysis *a =
		fx_analyze(&f, "values.yaml", "yaml",
			   "replicas: 2\nimage:\n  tag: 1.0\n", DH__LSP_UTF16);
	ck_assert_int_eq(dh__lsp_analysis_kind(a), DH__LSP_OTHER);
	json_t *d = dh__lsp_diagnostics(a);
	ck_assert_uint_eq(json_array_size(d), 0);
	json_decref(d);
	json_t *acts = dh__lsp_code_actions(a, 0, 10, NULL);
	ck_assert_uint_eq(json_array_size(acts), 0);
	json_decref(acts);
	ck_assert_ptr_null(dh__lsp_format(a, true, 0, 0));
	ck_assert_ptr_null(dh__lsp_hover(a, 0));
	json_t *s = dh__lsp_symbols(a);
	ck_assert_uint_eq(json_array_size(s), 0);
	json_decref(s);
	fx_done(&f);
}
END_TEST

/* ---- diagnostics ---- */

START_TEST(test_lsp_analysis_diagnostics_of_legacy_dockerfile)
{
	fixture f;
	fx_init(&f);
	dh__lsp_analysis *a = fx_analyze(&f, "Dockerfile", "dockerfile",
					 legacy_debian, DH__LSP_UTF16);
	json_t *diags = dh__lsp_diagnostics(a);
	ck_assert_uint_eq(json_array_size(diags), 3);
	const json_t *user = find_diag(diags, "DH105");
	const json_t *curl = find_diag(diags, "DH109");
	const json_t *cache = find_diag(diags, "DH110");
	ck_assert(user && curl && cache);
	ck_assert_int_eq(json_integer_value(json_object_get(user, "severity")),
			 3);
	ck_assert_int_eq(json_integer_value(json_object_get(curl, "severity")),
			 2);
	ck_assert_str_eq(json_string_value(json_object_get(curl, "source")),
			 "dockharden");
	ck_assert_str_eq(
		json_string_value(json_object_get(
			json_object_get(curl, "codeDescription"), "href")),
		"https://github.com/dockharden/dockharden/blob/main/docs/"
		"rules.md#dh109");
	const char *msg = json_string_value(json_object_get(curl, "message"));
	ck_assert_ptr_nonnull(strstr(msg, "the shipped image installs 'curl'"
					  "\nhint: "));
	/* The RUN line: its 67 bytes are 64 UTF-16 units (é is one, the
	 * rocket a surrogate pair). */
	ck_assert_int_eq(pos_field(curl, "start", "line"), 2);
	ck_assert_int_eq(pos_field(curl, "start", "character"), 0);
	ck_assert_int_eq(pos_field(curl, "end", "line"), 2);
	ck_assert_int_eq(pos_field(curl, "end", "character"), 64);
	json_decref(diags);

	a = fx_analyze(&f, "Dockerfile", "dockerfile", legacy_debian,
		       DH__LSP_UTF8);
	diags = dh__lsp_diagnostics(a);
	ck_assert_int_eq(
		pos_field(find_diag(diags, "DH109"), "end", "character"), 67);
	json_decref(diags);
	fx_done(&f);
}
END_TEST

/* A finding in the middle of a line, after non-ASCII text. */
START_TEST(test_lsp_analysis_range_after_non_ascii)
{
	static const char flow[] =
		"apiVersion: apps/v1\n"
		"kind: Deployment\n"
		"metadata:\n"
		"  name: web\n"
		"spec:\n"
		"  template:\n"
		"    spec:\n"
		"      containers:\n"
		"        - {name: \"wéb-🚀\", image: \"ghcr.io/acme/web:1.0\", "
		"securityContext: {privileged: true}}\n";
	fixture f;
	fx_init(&f);
	dh__lsp_analysis *a =
		fx_analyze(&f, "deploy.yaml", "yaml", flow, DH__LSP_UTF16);
	json_t *diags = dh__lsp_diagnostics(a);
	const json_t *priv = find_diag(diags, "DH210");
	ck_assert_ptr_nonnull(priv);
	ck_assert_int_eq(pos_field(priv, "start", "line"), 8);
	ck_assert_int_eq(pos_field(priv, "start", "character"), 88);
	ck_assert_int_eq(pos_field(priv, "end", "character"), 92);
	json_decref(diags);
	a = fx_analyze(&f, "deploy.yaml", "yaml", flow, DH__LSP_UTF8);
	diags = dh__lsp_diagnostics(a);
	priv = find_diag(diags, "DH210");
	ck_assert_int_eq(pos_field(priv, "start", "character"), 91);
	ck_assert_int_eq(pos_field(priv, "end", "character"), 95);
	json_decref(diags);
	fx_done(&f);
}
END_TEST

/* ---- code actions ---- */

/* The quick fix of DH105 carries the hunk lint attaches to it (its SARIF
 * fix): the one line it adds is the one its message quotes, so the hunk
 * goes to it rather than to the nearer DH109 finding of the RUN line.
 * Applied, the text is what harden writes. */
START_TEST(test_lsp_analysis_quick_fix_is_lints_fix)
{
	fixture f;
	fx_init(&f);
	dh__lsp_analysis *a = fx_analyze(&f, "Dockerfile", NULL, legacy_debian,
					 DH__LSP_UTF16);
	size_t from = offset_of_str(legacy_debian, "from");
	json_t *acts = dh__lsp_code_actions(a, from, from, NULL);
	const json_t *fix = find_action(acts, "quickfix", "DH105");
	ck_assert_ptr_nonnull(fix);
	ck_assert(json_is_true(json_object_get(fix, "isPreferred")));
	char *out =
		apply_edits(legacy_debian, action_edits(fix), DH__LSP_UTF16);
	ck_assert_str_eq(out, legacy_debian_hardened);
	free(out);
	json_decref(acts);
	/* DH109 (curl) has no edit of its own: no quick fix on the RUN line */
	size_t run = offset_of_str(legacy_debian, "RUN");
	acts = dh__lsp_code_actions(a, run, run, NULL);
	ck_assert_ptr_null(find_action(acts, "quickfix", "DH109"));
	ck_assert_ptr_null(find_action(acts, "quickfix", "DH105"));
	json_decref(acts);
	/* Outside every finding's line: no quick fix. */
	acts = dh__lsp_code_actions(a, 0, 0, NULL);
	ck_assert_ptr_null(find_action(acts, "quickfix", NULL));
	json_decref(acts);
	fx_done(&f);
}
END_TEST

/* A change harden only suggests (no evidence the app runs as that user)
 * is still a quick fix: the edit lint's SARIF offers; harden itself
 * changes nothing, so there is no "Harden this file". */
START_TEST(test_lsp_analysis_suggested_fix)
{
	static const char nginx[] =
		"FROM debian:bookworm-slim\n"
		"\n"
		"RUN apt-get update \\\n"
		"    && apt-get install -y --no-install-recommends nginx \\\n"
		"    && rm -rf /var/lib/apt/lists/*\n"
		"COPY site.conf /etc/nginx/sites-enabled/default\n"
		"COPY public/ /var/www/html/\n"
		"EXPOSE 80\n"
		"CMD [\"nginx\", \"-g\", \"daemon off;\"]\n";
	fixture f;
	fx_init(&f);
	dh__lsp_analysis *a =
		fx_analyze(&f, "Dockerfile", NULL, nginx, DH__LSP_UTF16);
	json_t *diags = dh__lsp_diagnostics(a);
	const json_t *user = find_diag(diags, "DH105");
	ck_assert_ptr_nonnull(user);
	ck_assert_int_eq(json_integer_value(json_object_get(user, "severity")),
			 2);
	json_decref(diags);
	json_t *acts = dh__lsp_code_actions(a, 3, 3, NULL);
	const json_t *fix = find_action(acts, "quickfix", "DH105");
	ck_assert_ptr_nonnull(fix);
	ck_assert_ptr_null(find_action(acts, "source.fixAll.dockharden", NULL));
	char *out = apply_edits(nginx, action_edits(fix), DH__LSP_UTF16);
	const char *copy = strstr(out, "COPY site.conf");
	ck_assert_ptr_nonnull(copy);
	ck_assert_int_eq(strncmp(copy - 11, "USER 33:33\n", 11), 0);
	ck_assert_uint_eq(strlen(out), strlen(nginx) + 11);
	free(out);
	json_decref(acts);
	fx_done(&f);
}
END_TEST

/* Every quick fix together with "Harden this file": the split of harden's
 * change among the findings loses and adds nothing. */
START_TEST(test_lsp_analysis_harden_this_file_is_harden)
{
	fixture f;
	fx_init(&f);
	dh__lsp_analysis *a =
		fx_analyze(&f, "Dockerfile", NULL, legacy_go, DH__LSP_UTF16);
	json_t *acts = dh__lsp_code_actions(a, 0, strlen(legacy_go), NULL);
	const json_t *all = find_action(acts, "source.fixAll.dockharden", NULL);
	ck_assert_ptr_nonnull(all);
	char *out = apply_edits(legacy_go, action_edits(all), DH__LSP_UTF16);
	ck_assert_str_eq(out, legacy_go_hardened);
	free(out);
	/* the union of the quick fixes' edits is the same rewrite */
	json_t *edits = json_array();
	size_t i;
	const json_t *act;
	json_array_foreach(
		acts, i,
		act) if (!strcmp(json_string_value(json_object_get(act,
								   "kind")),
				 "quickfix"))
		json_array_extend(edits, action_edits(act));
	ck_assert_uint_gt(json_array_size(edits), 0);
	out = apply_edits(legacy_go, edits, DH__LSP_UTF16);
	ck_assert_str_eq(out, legacy_go_hardened);
	free(out);
	json_decref(edits);
	json_decref(acts);

	/* context.only */
	json_t *only = json_pack("[s]", "source");
	acts = dh__lsp_code_actions(a, 0, strlen(legacy_go), only);
	ck_assert_ptr_null(find_action(acts, "quickfix", NULL));
	ck_assert_ptr_nonnull(
		find_action(acts, "source.fixAll.dockharden", NULL));
	ck_assert_ptr_nonnull(
		find_action(acts, "source.format.dockharden", NULL));
	json_decref(acts);
	json_decref(only);
	only = json_pack("[s]", "quickfix");
	acts = dh__lsp_code_actions(a, 0, strlen(legacy_go), only);
	ck_assert_ptr_null(find_action(acts, "source.fixAll.dockharden", NULL));
	ck_assert_ptr_nonnull(find_action(acts, "quickfix", NULL));
	json_decref(acts);
	json_decref(only);
	fx_done(&f);
}
END_TEST

/* CRLF line ends: the edits keep them, as harden and fmt do. */
START_TEST(test_lsp_analysis_crlf_edits)
{
	static const char crlf[] =
		"# Größe 🚀\r\n"
		"from debian:12\r\n"
		"RUN echo \"héllo 🚀\" && apt-get update && apt-get install -y "
		"curl\r\n"
		"COPY app /app\r\n"
		"EXPOSE 8080\r\n"
		"CMD   [\"/app\"]   \r\n";
	static const char hardened[] =
		"# Größe 🚀\r\n"
		"from debian:12\r\n"
		"RUN echo \"héllo 🚀\" && apt-get update && apt-get install -y "
		"curl\r\n"
		"USER 10001:10001\r\n"
		"COPY app /app\r\n"
		"EXPOSE 8080\r\n"
		"CMD   [\"/app\"]   \r\n";
	static const char formatted[] =
		"# Größe 🚀\r\n"
		"FROM debian:12\r\n"
		"RUN echo \"héllo 🚀\" && apt-get update && apt-get install -y "
		"curl\r\n"
		"COPY app /app\r\n"
		"EXPOSE 8080\r\n"
		"CMD [\"/app\"]\r\n";
	fixture f;
	fx_init(&f);
	dh__lsp_analysis *a =
		fx_analyze(&f, "Dockerfile", NULL, crlf, DH__LSP_UTF16);
	json_t *acts = dh__lsp_code_actions(a, 0, 0, NULL);
	char *out =
		apply_edits(crlf,
			    action_edits(find_action(
				    acts, "source.fixAll.dockharden", NULL)),
			    DH__LSP_UTF16);
	ck_assert_str_eq(out, hardened);
	free(out);
	json_decref(acts);
	json_t *edits = dh__lsp_format(a, true, 0, 0);
	out = apply_edits(crlf, edits, DH__LSP_UTF16);
	ck_assert_str_eq(out, formatted);
	free(out);
	json_decref(edits);
	fx_done(&f);
}
END_TEST

/* ---- formatting ---- */

START_TEST(test_lsp_analysis_format_is_fmt)
{
	fixture f;
	fx_init(&f);
	dh__lsp_analysis *a =
		fx_analyze(&f, "Dockerfile", NULL, legacy_go, DH__LSP_UTF16);
	json_t *edits = dh__lsp_format(a, true, 0, 0);
	ck_assert_ptr_nonnull(edits);
	ck_assert_uint_eq(json_array_size(edits), 2); /* FROM and CMD */
	char *out = apply_edits(legacy_go, edits, DH__LSP_UTF16);
	ck_assert_str_eq(out, legacy_go_fmt);
	free(out);
	json_decref(edits);
	/* the "Format" source action is the same edit */
	json_t *acts = dh__lsp_code_actions(a, 0, 0, NULL);
	out = apply_edits(legacy_go,
			  action_edits(find_action(
				  acts, "source.format.dockharden", NULL)),
			  DH__LSP_UTF16);
	ck_assert_str_eq(out, legacy_go_fmt);
	free(out);
	json_decref(acts);
	/* rangeFormatting of the FROM line changes that line only */
	size_t from = offset_of_str(legacy_go, "from");
	edits = dh__lsp_format(a, false, from + 2, from + 3);
	ck_assert_uint_eq(json_array_size(edits), 1);
	out = apply_edits(legacy_go, edits, DH__LSP_UTF16);
	ck_assert_ptr_nonnull(strstr(out, "\nFROM golang:1.22\n"));
	ck_assert_ptr_nonnull(strstr(out, "CMD   [\"/out/api\"]   \n"));
	free(out);
	json_decref(edits);
	/* a range with nothing to format */
	size_t copy = offset_of_str(legacy_go, "COPY . .");
	edits = dh__lsp_format(a, false, copy, copy + 3);
	ck_assert_uint_eq(json_array_size(edits), 0);
	json_decref(edits);
	fx_done(&f);
}
END_TEST

/* A syntax error is an error diagnostic; nothing is offered. */
START_TEST(test_lsp_analysis_broken_dockerfile)
{
	fixture f;
	fx_init(&f);
	const char *text = "FROM alpine:3.19\nENV PATH\nCMD [\"sh\"]\n";
	dh__lsp_analysis *a =
		fx_analyze(&f, "Dockerfile", NULL, text, DH__LSP_UTF16);
	json_t *diags = dh__lsp_diagnostics(a);
	const json_t *err = find_diag(diags, "invalid-instruction");
	ck_assert_ptr_nonnull(err);
	ck_assert_int_eq(json_integer_value(json_object_get(err, "severity")),
			 1);
	ck_assert_int_eq(pos_field(err, "start", "line"), 1);
	ck_assert_ptr_null(json_object_get(err, "codeDescription"));
	json_decref(diags);
	json_t *acts = dh__lsp_code_actions(a, 0, strlen(text), NULL);
	ck_assert_uint_eq(json_array_size(acts), 0);
	json_decref(acts);
	ck_assert_ptr_null(dh__lsp_format(a, true, 0, 0));
	fx_done(&f);
}
END_TEST

/* ---- manifests ---- */

START_TEST(test_lsp_analysis_deployment_is_patch)
{
	fixture f;
	fx_init(&f);
	dh__lsp_analysis *a = fx_analyze(&f, "deploy.yaml", "yaml", deployment,
					 DH__LSP_UTF16);
	json_t *diags = dh__lsp_diagnostics(a);
	ck_assert_uint_eq(json_array_size(diags), 3);
	const json_t *ctx = find_diag(diags, "DH202");
	const json_t *left = find_diag(diags, "DH250");
	ck_assert(ctx && left && find_diag(diags, "DH201"));
	ck_assert_int_eq(json_integer_value(json_object_get(ctx, "severity")),
			 3);
	ck_assert_int_eq(json_integer_value(json_object_get(left, "severity")),
			 2);
	/* 'web' of "- name: web", line 9 */
	ck_assert_int_eq(pos_field(left, "start", "line"), 8);
	ck_assert_int_eq(pos_field(left, "start", "character"), 16);
	ck_assert_int_eq(pos_field(left, "end", "character"), 19);
	json_decref(diags);

	json_t *acts = dh__lsp_code_actions(a, 0, strlen(deployment), NULL);
	char *out =
		apply_edits(deployment,
			    action_edits(find_action(
				    acts, "source.fixAll.dockharden", NULL)),
			    DH__LSP_UTF16);
	ck_assert_str_eq(out, deployment_patched);
	free(out);
	const json_t *fix = find_action(acts, "quickfix", "DH202");
	ck_assert_ptr_nonnull(fix);
	out = apply_edits(deployment, action_edits(fix), DH__LSP_UTF16);
	ck_assert_str_eq(out, deployment_patched);
	free(out);
	ck_assert_ptr_null(find_action(acts, "source.format.dockharden", NULL));
	json_decref(acts);
	ck_assert_ptr_null(dh__lsp_format(a, true, 0, 0));
	fx_done(&f);
}
END_TEST

/* ---- hover ---- */

START_TEST(test_lsp_analysis_hover_on_from_and_finding)
{
	fixture f;
	fx_init(&f);
	dh__lsp_analysis *a =
		fx_analyze(&f, "Dockerfile", NULL, legacy_go, DH__LSP_UTF16);
	size_t img = offset_of_str(legacy_go, "golang");
	json_t *h = dh__lsp_hover(a, img + 3);
	ck_assert_ptr_nonnull(h);
	const json_t *c = json_object_get(h, "contents");
	ck_assert_str_eq(json_string_value(json_object_get(c, "kind")),
			 "markdown");
	const char *md = json_string_value(json_object_get(c, "value"));
	ck_assert_ptr_nonnull(strstr(md, "`golang:1.22`"));
	ck_assert_ptr_nonnull(strstr(md, "- user: `root` (uid 0"));
	ck_assert_ptr_nonnull(strstr(md, "- shell: yes"));
	ck_assert_ptr_nonnull(strstr(md, "- CA bundle: yes"));
	ck_assert_ptr_nonnull(strstr(md, "- libc: glibc"));
	ck_assert_ptr_nonnull(strstr(md, "runtime counterpart"));
	ck_assert_ptr_nonnull(strstr(md, "gcr.io/distroless/"));
	/* the range is the image word, on line 1 */
	ck_assert_int_eq(pos_field(h, "start", "line"), 1);
	ck_assert_int_eq(pos_field(h, "start", "character"), 5);
	ck_assert_int_eq(pos_field(h, "end", "character"), 16);
	json_decref(h);
	/* on the keyword: the line's findings, not the image */
	h = dh__lsp_hover(a, offset_of_str(legacy_go, "from") + 1);
	ck_assert_ptr_nonnull(h);
	md = json_string_value(
		json_object_get(json_object_get(h, "contents"), "value"));
	ck_assert_ptr_null(strstr(md, "base-image table"));
	ck_assert_ptr_nonnull(strstr(md, "**DH101**: "));
	ck_assert_int_eq(pos_field(h, "start", "character"), 0);
	ck_assert_int_eq(pos_field(h, "end", "character"), 16);
	json_decref(h);
	/* an instruction with no finding and no image: nothing */
	ck_assert_ptr_null(
		dh__lsp_hover(a, offset_of_str(legacy_go, "COPY . .")));

	a = fx_analyze(&f, "Dockerfile", NULL, legacy_debian, DH__LSP_UTF16);
	h = dh__lsp_hover(a, offset_of_str(legacy_debian, "curl"));
	ck_assert_ptr_nonnull(h);
	md = json_string_value(
		json_object_get(json_object_get(h, "contents"), "value"));
	ck_assert_ptr_nonnull(strstr(md, dh_rule_rationale("DH109")));
	ck_assert_ptr_nonnull(strstr(md, dh_rule_rationale("DH110")));
	ck_assert_ptr_nonnull(strstr(md, "docs/rules.md#dh109"));
	json_decref(h);
	fx_done(&f);
}
END_TEST

/* ---- symbols ---- */

static const char *sym_str(const json_t *s, const char *key)
{
	return json_string_value(json_object_get(s, key));
}

START_TEST(test_lsp_analysis_symbols)
{
	fixture f;
	fx_init(&f);
	const char *two = "FROM golang:1.22 AS build\n"
			  "RUN go build -o /app .\n"
			  "\n"
			  "FROM scratch\n"
			  "COPY --from=build /app /app\n";
	dh__lsp_analysis *a =
		fx_analyze(&f, "Dockerfile", NULL, two, DH__LSP_UTF16);
	json_t *s = dh__lsp_symbols(a);
	ck_assert_uint_eq(json_array_size(s), 2);
	const json_t *b = json_array_get(s, 0), *r = json_array_get(s, 1);
	ck_assert_str_eq(sym_str(b, "name"), "build");
	ck_assert_str_eq(sym_str(b, "detail"), "golang:1.22");
	ck_assert_int_eq(pos_field(b, "start", "line"), 0);
	ck_assert_int_eq(pos_field(b, "end", "line"), 1);
	ck_assert_str_eq(sym_str(r, "name"), "stage 1");
	ck_assert_str_eq(sym_str(r, "detail"), "scratch");
	ck_assert_int_eq(pos_field(r, "start", "line"), 3);
	ck_assert_int_eq(pos_field(r, "end", "line"), 4);
	json_decref(s);

	a = fx_analyze(&f, "deploy.yaml", NULL, deployment, DH__LSP_UTF16);
	s = dh__lsp_symbols(a);
	ck_assert_uint_eq(json_array_size(s), 1);
	const json_t *w = json_array_get(s, 0);
	ck_assert_str_eq(sym_str(w, "name"), "Deployment/web");
	const json_t *kids = json_object_get(w, "children");
	ck_assert_uint_eq(json_array_size(kids), 1);
	ck_assert_str_eq(sym_str(json_array_get(kids, 0), "name"), "web");
	ck_assert_str_eq(sym_str(json_array_get(kids, 0), "detail"),
			 "ghcr.io/acme/web:1.0");
	json_decref(s);

	a = fx_analyze(&f, "compose.yaml", NULL,
		       "services:\n  web:\n    image: nginx:1.27\n"
		       "  db:\n    image: postgres:16\n",
		       DH__LSP_UTF16);
	s = dh__lsp_symbols(a);
	ck_assert_uint_eq(json_array_size(s), 2);
	ck_assert_str_eq(sym_str(json_array_get(s, 0), "name"), "web");
	ck_assert_str_eq(sym_str(json_array_get(s, 1), "name"), "db");
	ck_assert_str_eq(sym_str(json_array_get(s, 1), "detail"),
			 "postgres:16");
	json_decref(s);
	fx_done(&f);
}
END_TEST

/* ---- configuration ---- */

/* The .dockharden.yaml is read again on every analysis: an edit of it is
 * seen without restarting the server. */
START_TEST(test_lsp_analysis_config_change_seen)
{
	fixture f;
	fx_init(&f);
	const char *text = "FROM alpine\nCMD [\"sh\"]\n";
	fx_write(&f, ".dockharden.yaml", "disable: [DH107]\n");
	json_t *d = dh__lsp_diagnostics(
		fx_analyze(&f, "Dockerfile", NULL, text, DH__LSP_UTF16));
	ck_assert_ptr_null(find_diag(d, "DH107"));
	json_decref(d);

	fx_write(&f, ".dockharden.yaml", "uid: 20001\n");
	d = dh__lsp_diagnostics(
		fx_analyze(&f, "Dockerfile", NULL, text, DH__LSP_UTF16));
	ck_assert_ptr_nonnull(find_diag(d, "DH107"));
	json_decref(d);

	/* an invalid file stops the analysis, as it stops lint */
	fx_write(&f, ".dockharden.yaml", "colour: blue\n");
	d = dh__lsp_diagnostics(
		fx_analyze(&f, "Dockerfile", NULL, text, DH__LSP_UTF16));
	ck_assert_uint_eq(json_array_size(d), 1);
	const json_t *bad = find_diag(d, "invalid-config");
	ck_assert_ptr_nonnull(bad);
	ck_assert_int_eq(json_integer_value(json_object_get(bad, "severity")),
			 1);
	ck_assert_ptr_nonnull(
		strstr(json_string_value(json_object_get(bad, "message")),
		       ".dockharden.yaml:1:1: "));
	json_decref(d);

	/* ignore globs: no findings for the file */
	fx_write(&f, ".dockharden.yaml", "ignore: [Dockerfile]\n");
	d = dh__lsp_diagnostics(
		fx_analyze(&f, "Dockerfile", NULL, text, DH__LSP_UTF16));
	ck_assert_uint_eq(json_array_size(d), 0);
	json_decref(d);
	fx_done(&f);
}
END_TEST

/* ---- positions (position.c) ---- */

static void assert_pos(dh__lsp_pos p, uint32_t line, uint32_t ch)
{
	ck_assert_uint_eq(p.line, line);
	ck_assert_uint_eq(p.character, ch);
}

START_TEST(test_lsp_position_line_breaks)
{
	const char crlf[] = "ab\r\ncd";
	size_t n = strlen(crlf);
	assert_pos(dh__lsp_pos_of(crlf, n, 2, DH__LSP_UTF16), 0, 2);
	/* between CR and LF: still the first line's end */
	assert_pos(dh__lsp_pos_of(crlf, n, 3, DH__LSP_UTF16), 0, 2);
	assert_pos(dh__lsp_pos_of(crlf, n, 4, DH__LSP_UTF16), 1, 0);
	ck_assert_uint_eq(
		dh__lsp_offset_of(crlf, n, (dh__lsp_pos){1, 1}, DH__LSP_UTF16),
		5);
	/* a character past the line's end stops before its break */
	ck_assert_uint_eq(
		dh__lsp_offset_of(crlf, n, (dh__lsp_pos){0, 9}, DH__LSP_UTF16),
		2);

	const char cr[] = "ab\rcd\n";
	n = strlen(cr);
	assert_pos(dh__lsp_pos_of(cr, n, 3, DH__LSP_UTF8), 1, 0);
	assert_pos(dh__lsp_pos_of(cr, n, 6, DH__LSP_UTF8), 2, 0);
	ck_assert_uint_eq(
		dh__lsp_offset_of(cr, n, (dh__lsp_pos){1, 2}, DH__LSP_UTF8), 5);
}
END_TEST

START_TEST(test_lsp_position_surrogates_and_past_end)
{
	const char s[] = "x\xf0\x9f\x9a\x80y\xc3\xa9z\n"; /* x🚀yéz */
	size_t n = strlen(s);
	assert_pos(dh__lsp_pos_of(s, n, 5, DH__LSP_UTF16), 0, 3);
	assert_pos(dh__lsp_pos_of(s, n, 5, DH__LSP_UTF8), 0, 5);
	assert_pos(dh__lsp_pos_of(s, n, 8, DH__LSP_UTF16), 0, 5);
	/* inside a sequence: counts from its start */
	assert_pos(dh__lsp_pos_of(s, n, 3, DH__LSP_UTF16), 0, 1);
	ck_assert_uint_eq(
		dh__lsp_offset_of(s, n, (dh__lsp_pos){0, 3}, DH__LSP_UTF16), 5);
	ck_assert_uint_eq(
		dh__lsp_offset_of(s, n, (dh__lsp_pos){0, 5}, DH__LSP_UTF16), 8);
	/* a position inside the surrogate pair does not split the rocket */
	ck_assert_uint_eq(
		dh__lsp_offset_of(s, n, (dh__lsp_pos){0, 2}, DH__LSP_UTF16), 5);
	/* past the end */
	assert_pos(dh__lsp_pos_of(s, n, 999, DH__LSP_UTF16), 1, 0);
	ck_assert_uint_eq(
		dh__lsp_offset_of(s, n, (dh__lsp_pos){7, 0}, DH__LSP_UTF16), n);
	json_t *r = dh__lsp_json_range(s, n, 1, 5, DH__LSP_UTF16);
	ck_assert_int_eq(json_integer_value(json_object_get(
				 json_object_get(r, "end"), "character")),
			 3);
	json_decref(r);
}
END_TEST

/* The analysis's indexed ranges are position.c's, at every offset: line
 * breaks of each kind, offsets between CR and LF, inside sequences, and
 * at and past the end. */
START_TEST(test_lsp_analysis_indexed_ranges_match_helper)
{
	static const char text[] = "a\r\n\xf0\x9f\x9a\x80"
				   "b\rc\xc3\xa9\n"
				   "\n\r\r\nd\xe2\x82\xacx";
	fixture f;
	fx_init(&f);
	size_t n = strlen(text);
	for (int e = 0; e < 2; e++) {
		dh__lsp_encoding enc = e ? DH__LSP_UTF8 : DH__LSP_UTF16;
		dh__lsp_analysis *a =
			fx_analyze(&f, "notes.txt", NULL, text, enc);
		for (size_t off = 0; off <= n + 2; off++) {
			json_t *mine = dh__lsp_range(a, off, off);
			json_t *ref =
				dh__lsp_json_range(text, n, off, off, enc);
			ck_assert_msg(json_equal(mine, ref), "offset %zu", off);
			json_decref(mine);
			json_decref(ref);
		}
	}
	fx_done(&f);
}
END_TEST

static Suite *lsp_analysis_suite(void)
{
	Suite *s = suite_create("lsp_analysis");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_lsp_analysis_kinds);
	tcase_add_test(tc, test_lsp_analysis_other_yaml_has_nothing);
	tcase_add_test(tc, test_lsp_analysis_diagnostics_of_legacy_dockerfile);
	tcase_add_test(tc, test_lsp_analysis_range_after_non_ascii);
	tcase_add_test(tc, test_lsp_analysis_quick_fix_is_lints_fix);
	tcase_add_test(tc, test_lsp_analysis_suggested_fix);
	tcase_add_test(tc, test_lsp_analysis_harden_this_file_is_harden);
	tcase_add_test(tc, test_lsp_analysis_format_is_fmt);
	tcase_add_test(tc, test_lsp_analysis_crlf_edits);
	tcase_add_test(tc, test_lsp_analysis_broken_dockerfile);
	tcase_add_test(tc, test_lsp_analysis_deployment_is_patch);
	tcase_add_test(tc, test_lsp_analysis_hover_on_from_and_finding);
	tcase_add_test(tc, test_lsp_analysis_symbols);
	tcase_add_test(tc, test_lsp_analysis_config_change_seen);
	tcase_add_test(tc, test_lsp_analysis_indexed_ranges_match_helper);
	tcase_add_test(tc, test_lsp_position_line_breaks);
	tcase_add_test(tc, test_lsp_position_surrogates_and_past_end);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(lsp_analysis_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
