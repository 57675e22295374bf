/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the lint report renderers: exact output of every format
 * for one small file, SARIF checked against the 2.1.0 structure with its
 * fixes applied back to the source, GitHub suggestions applied the way
 * GitHub applies them, and escaping in JSON and XML.
 */
#include "dockharden/report.h"

#include <check.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "dockharden/arena.h"
#include "dockharden/buf.h"
#include "dockharden/errors.h"

/* ---- a small strict JSON parser, enough to check what we emit ---- */

typedef enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jtype;

typedef struct jval {
	jtype t;
	double num;
	bool b;
	char *s; /* J_STR, NUL-terminated (may hold NULs: slen) */
	size_t slen;
	struct jval **items; /* J_ARR and J_OBJ values */
	char **keys;	     /* J_OBJ */
	size_t n;
} jval;

typedef struct jp {
	const char *s;
	size_t n, i;
} jp;

static void jfree(jval *v)
{
	if (!v)
		return;
	for (size_t k = 0; k < v->n; k++) {
		jfree(v->items[k]);
		if (v->keys)
			free(v->keys[k]);
	}
	free(v->items);
	free(v->keys);
	free(v->s);
	free(v);
}

static void jws(jp *p)
{
	while (p->i < p->n && strchr(" \t\n\r", p->s[p->i]) && p->s[p->i])
		p->i++;
}

static bool jlit(jp *p, const char *lit)
{
	size_t n = strlen(lit);
	if (p->n - p->i < n || memcmp(p->s + p->i, lit, n) != 0)
		return false;
	p->i += n;
	return true;
}

static int hexv(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool jhex4(jp *p, unsigned *out)
{
	unsigned v = 0;
	for (int k = 0; k < 4; k++) {
		if (p->i >= p->n || hexv(p->s[p->i]) < 0)
			return false;
		v = v * 16 + (unsigned)hexv(p->s[p->i++]);
	}
	*out = v;
	return true;
}

static void put_cp(dh_buf *b, unsigned cp)
{
	if (cp < 0x80) {
		dh_buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		dh_buf_putc(b, (char)(0xc0 | (cp >> 6)));
		dh_buf_putc(b, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		dh_buf_putc(b, (char)(0xe0 | (cp >> 12)));
		dh_buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
		dh_buf_putc(b, (char)(0x80 | (cp & 0x3f)));
	} else {
		dh_buf_putc(b, (char)(0xf0 | (cp >> 18)));
		dh_buf_putc(b, (char)(0x80 | ((cp >> 12) & 0x3f)));
		dh_buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3f)));
		dh_buf_putc(b, (char)(0x80 | (cp & 0x3f)));
	}
}

/* Length of a valid UTF-8 sequence (non-ASCII lead byte), or 0. */
static size_t utf8_ok(const unsigned char *s, size_t n)
{
	size_t len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
	if (!len || s[0] > 0xf4 || n < len)
		return 0;
	for (size_t k = 1; k < len; k++)
		if ((s[k] & 0xc0) != 0x80)
			return 0;
	return len;
}

static bool jescape(jp *p, dh_buf *b)
{
	char c = p->s[p->i++];
	const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
	const char *at = c ? strchr(from, c) : NULL;
	if (at) {
		dh_buf_putc(b, to[at - from]);
		return true;
	}
	unsigned cp, lo;
	if (c != 'u' || !jhex4(p, &cp))
		return false;
	if (cp >= 0xd800 && cp < 0xdc00) {
		if (!jlit(p, "\\u") || !jhex4(p, &lo) || lo < 0xdc00 ||
		    lo >= 0xe000)
			return false;
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	} else if (cp >= 0xdc00 && cp < 0xe000) {
		return false;
	}
	put_cp(b, cp);
	return true;
}

static bool jstring(jp *p, char **out, size_t *out_len)
{
	if (!jlit(p, "\""))
		return false;
	dh_buf b = DH_BUF_INIT;
	dh_buf_putc(&b, 0);
	b.len = 0;
	for (;;) {
		if (p->i >= p->n)
			goto fail;
		unsigned char c = (unsigned char)p->s[p->i];
		if (c == '"') {
			p->i++;
			break;
		}
		if (c < 0x20)
			goto fail;
		if (c == '\\') {
			p->i++;
			if (p->i >= p->n || !jescape(p, &b))
				goto fail;
			continue;
		}
		size_t w = c < 0x80
				   ? 1
				   : utf8_ok((const unsigned char *)p->s + p->i,
					     p->n - p->i);
		if (!w)
			goto fail;
		dh_buf_put(&b, p->s + p->i, w);
		p->i += w;
	}
	*out_len = b.len;
	*out = dh_buf_detach(&b, NULL);
	return true;
fail:
	dh_buf_free(&b);
	return false;
}

static jval *jvalue(jp *p, int depth);

static jval *jnew(jtype t)
{
	jval *v = calloc(1, sizeof(*v));
	v->t = t;
	return v;
}

static void jpush(jval *v, char *key, jval *item)
{
	v->items = realloc(v->items, (v->n + 1) * sizeof(*v->items));
	if (v->t == J_OBJ)
		v->keys = realloc(v->keys, (v->n + 1) * sizeof(*v->keys));
	if (key)
		v->keys[v->n] = key;
	v->items[v->n++] = item;
}

static jval *jcontainer(jp *p, int depth, bool obj)
{
	jval *v = jnew(obj ? J_OBJ : J_ARR);
	p->i++;
	jws(p);
	if (jlit(p, obj ? "}" : "]"))
		return v;
	for (;;) {
		char *key = NULL;
		size_t klen;
		jws(p);
		if (obj &&
		    (!jstring(p, &key, &klen) || (jws(p), !jlit(p, ":")))) {
			free(key);
			goto fail;
		}
		jval *item = jvalue(p, depth + 1);
		if (!item) {
			free(key);
			goto fail;
		}
		jpush(v, key, item);
		jws(p);
		if (jlit(p, ","))
			continue;
		if (jlit(p, obj ? "}" : "]"))
			return v;
		goto fail;
	}
fail:
	jfree(v);
	return NULL;
}

static jval *jnumber(jp *p)
{
	size_t start = p->i;
	if (p->i < p->n && p->s[p->i] == '-')
		p->i++;
	if (p->i >= p->n || p->s[p->i] < '0' || p->s[p->i] > '9')
		return NULL;
	if (p->s[p->i] == '0')
		p->i++;
	while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
		p->i++;
	jval *v = jnew(J_NUM);
	char tmp[64];
	size_t n = p->i - start < 63 ? p->i - start : 63;
	memcpy(tmp, p->s + start, n);
	tmp[n] = 0;
	v->num = strtod(tmp, NULL);
	return v;
}

static jval *jvalue(jp *p, int depth)
{
	jws(p);
	if (depth > 64 || p->i >= p->n)
		return NULL;
	char c = p->s[p->i];
	if (c == '{' || c == '[')
		return jcontainer(p, depth, c == '{');
	if (c == '"') {
		jval *v = jnew(J_STR);
		if (!jstring(p, &v->s, &v->slen)) {
			jfree(v);
			return NULL;
		}
		return v;
	}
	if (jlit(p, "null"))
		return jnew(J_NULL);
	if (jlit(p, "true") || jlit(p, "false")) {
		jval *v = jnew(J_BOOL);
		v->b = p->s[p->i - 1] == 'e' && p->s[p->i - 2] == 'u';
		return v;
	}
	return jnumber(p);
}

/* Parses exactly one JSON text of n bytes; NULL when it is not JSON. */
static jval *jparse(const char *s, size_t n)
{
	jp p = {s, n, 0};
	jval *v = jvalue(&p, 0);
	jws(&p);
	if (v && p.i != n) {
		jfree(v);
		return NULL;
	}
	return v;
}

static jval *jget(const jval *obj, const char *key)
{
	if (!obj || obj->t != J_OBJ)
		return NULL;
	for (size_t k = 0; k < obj->n; k++)
		if (strcmp(obj->keys[k], key) == 0)
			return obj->items[k];
	return NULL;
}

/* The member key of obj, which must exist with type t. */
static jval *jreq(const jval *obj, const char *key, jtype t)
{
	jval *v = jget(obj, key);
	ck_assert_msg(v != NULL, "missing property '%s'", key);
	ck_assert_msg(v->t == t, "property '%s' has type %d, want %d", key,
		      (int)v->t, (int)t);
	return v;
}

/* A positive integer member (SARIF line and column numbers). */
static size_t jpos(const jval *obj, const char *key)
{
	jval *v = jreq(obj, key, J_NUM);
	ck_assert_msg(v->num >= 1 && v->num == (double)(size_t)v->num,
		      "'%s' is not a positive integer", key);
	return (size_t)v->num;
}

/* ---- fixtures ---- */

typedef struct fx {
	dh_arena *arena;
	dh_source *src;
	dh_diags diags;
	dh_report_file file;
} fx;

static void fx_init(fx *x, const char *path, const char *text,
		    const char *fixed)
{
	x->arena = dh_arena_new();
	x->src = dh_source_new(x->arena, path, text, strlen(text));
	dh_diags_init(&x->diags, x->arena);
	x->file = (dh_report_file){x->src, &x->diags, fixed,
				   fixed ? strlen(fixed) : 0};
}

static dh_diag *fx_add(fx *x, dh_severity sev, const char *code, uint32_t start,
		       uint32_t end, const char *msg)
{
	return dh_diag_add(&x->diags, sev, code, x->src, (dh_span){start, end},
			   "%s", msg);
}

/*
 * Renders the files in format and frees their arenas as soon as each is
 * added (the report must keep nothing of them). Caller frees the result.
 */
static char *render_n(dh_report_format format, fx *files, size_t n,
		      size_t *out_len)
{
	dh_report *r = dh_report_new(format, "0.1.0");
	for (size_t i = 0; i < n; i++) {
		dh_report_add(r, files[i].arena, &files[i].file);
		dh_arena_free(files[i].arena);
		files[i].arena = NULL;
	}
	dh_buf out = DH_BUF_INIT;
	dh_report_finish(r, &out);
	dh_report_free(r);
	dh_buf_putc(&out, 0);
	out.len--;
	if (out_len)
		*out_len = out.len;
	return dh_buf_detach(&out, NULL);
}

static char *render(dh_report_format format, fx *x)
{
	return render_n(format, x, 1, NULL);
}

/* The running example: an unpinned base image and a missing USER. */
static const char *EX_SRC =
	"FROM node:latest\nRUN npm ci\nCMD node server.js\n";
static const char *EX_FIX =
	"FROM node:22\nRUN npm ci\nUSER 10001\nCMD node server.js\n";

static void fx_example(fx *x)
{
	fx_init(x, "Dockerfile", EX_SRC, EX_FIX);
	fx_add(x, DH_SEV_WARNING, "DH107", 5, 16,
	       "base image 'node:latest' is not pinned")
		->hint = "pin a tag or digest";
	fx_add(x, DH_SEV_NOTE, "DH105", 28, 47, "run as numeric user 10001");
}

#define WHY107                                                                 \
	"an unpinned base image (:latest or no tag) changes under "            \
	"you; pin a tag or digest"
#define WHY105                                                                 \
	"a numeric non-root USER limits what a compromised process "           \
	"can do; Kubernetes runAsNonRoot only accepts numeric users"

/* ---- exact output of every format ---- */

START_TEST(test_report_format_parse)
{
	dh_report_format f = DH_REPORT_TEXT;
	ck_assert_int_eq(dh_report_format_parse(&f, "sarif"), 0);
	ck_assert_int_eq(f, DH_REPORT_SARIF);
	ck_assert_int_eq(dh_report_format_parse(&f, "checkstyle"), 0);
	ck_assert_int_eq(f, DH_REPORT_CHECKSTYLE);
	ck_assert_int_eq(dh_report_format_parse(&f, "github"), 0);
	ck_assert_int_eq(f, DH_REPORT_GITHUB);
	ck_assert_int_eq(dh_report_format_parse(&f, "SARIF"), DH_EUSAGE);
	ck_assert_int_eq(dh_report_format_parse(&f, ""), DH_EUSAGE);
	ck_assert_int_eq(f, DH_REPORT_GITHUB);
}
END_TEST

START_TEST(test_report_text_exact)
{
	fx x;
	fx_example(&x);
	char *got = render(DH_REPORT_TEXT, &x);
	ck_assert_str_eq(
		got,
		"Dockerfile:1:6: warning: base image 'node:latest' is not "
		"pinned [DH107]\n"
		"    hint: pin a tag or digest\n"
		"Dockerfile:3:1: note: run as numeric user 10001 [DH105]\n"
		"2 findings in 1 file; `dockharden -w` would change 1 file\n");
	free(got);
}
END_TEST

START_TEST(test_report_text_summary_counts_files)
{
	fx x[3];
	fx_example(&x[0]);
	fx_init(&x[1], "clean/Dockerfile", "FROM scratch\n", "FROM scratch\n");
	fx_init(&x[2], "b.Dockerfile", "FROM a\n", NULL);
	fx_add(&x[2], DH_SEV_ERROR, "unknown-instruction", 0, 4, "bad");
	char *got = render_n(DH_REPORT_TEXT, x, 3, NULL);
	ck_assert_ptr_nonnull(strstr(got, "b.Dockerfile"));
	ck_assert_str_eq(strstr(got, "b.Dockerfile:1:1: error: bad "
				     "[unknown-instruction]\n"),
			 "b.Dockerfile:1:1: error: bad [unknown-instruction]\n"
			 "3 findings in 2 files; `dockharden -w` would change "
			 "1 file\n");
	free(got);

	fx_init(&x[0], "clean/Dockerfile", "FROM scratch\n", "FROM scratch\n");
	got = render_n(DH_REPORT_TEXT, x, 1, NULL);
	ck_assert_str_eq(got, "");
	free(got);
}
END_TEST

START_TEST(test_report_json_exact)
{
	fx x;
	fx_example(&x);
	char *got = render(DH_REPORT_JSON, &x);
	ck_assert_str_eq(
		got,
		"{\"path\":\"Dockerfile\",\"findings\":["
		"{\"rule\":\"DH107\",\"severity\":\"warning\",\"line\":1,"
		"\"column\":6,\"end_line\":1,\"end_column\":17,"
		"\"message\":\"base image 'node:latest' is not pinned\","
		"\"hint\":\"pin a tag or digest\","
		"\"rationale\":\"" WHY107 "\"},"
		"{\"rule\":\"DH105\",\"severity\":\"note\",\"line\":3,"
		"\"column\":1,\"end_line\":3,\"end_column\":19,"
		"\"message\":\"run as numeric user 10001\",\"hint\":null,"
		"\"rationale\":\"" WHY105 "\"}],"
		"\"changed\":true,\"diff\":\"--- Dockerfile\\n+++ Dockerfile\\n"
		"@@ -1,3 +1,4 @@\\n-FROM node:latest\\n+FROM node:22\\n"
		" RUN npm ci\\n+USER 10001\\n CMD node server.js\\n\"}\n");
	free(got);
}
END_TEST

START_TEST(test_report_json_lines_per_file)
{
	fx x[2];
	fx_init(&x[0], "a/Dockerfile", "FROM a\n", "FROM a\n");
	fx_init(&x[1], "b/Dockerfile", "FROM b\n", NULL);
	fx_add(&x[1], DH_SEV_ERROR, "unterminated-json", 0, 0, "oops");
	size_t len;
	char *got = render_n(DH_REPORT_JSON, x, 2, &len);
	ck_assert_str_eq(got,
			 "{\"path\":\"a/Dockerfile\",\"findings\":[],"
			 "\"changed\":false,\"diff\":null}\n"
			 "{\"path\":\"b/Dockerfile\",\"findings\":["
			 "{\"rule\":\"unterminated-json\",\"severity\":"
			 "\"error\",\"line\":1,\"column\":1,\"end_line\":1,"
			 "\"end_column\":1,\"message\":\"oops\",\"hint\":null,"
			 "\"rationale\":null}],\"changed\":false,"
			 "\"diff\":null}\n");
	/* Every line is one JSON object. */
	for (char *line = got; *line;) {
		char *nl = strchr(line, '\n');
		ck_assert_ptr_nonnull(nl);
		jval *v = jparse(line, (size_t)(nl - line));
		ck_assert_ptr_nonnull(v);
		ck_assert_int_eq(v->t, J_OBJ);
		jfree(v);
		line = nl + 1;
	}
	free(got);
}
END_TEST

START_TEST(test_report_json_escapes_control_and_non_ascii)
{
	fx x;
	fx_init(&x, "d\xc3\xa9p\"\\/Dockerfile", "FROM a\n", NULL);
	fx_add(&x, DH_SEV_WARNING, "DH107", 0, 4,
	       "tab\there\nnl \x01\x1f\x7f caf\xc3\xa9 \xe6\x97\xa5 "
	       "\xf0\x9f\x90\xb3 bad\xff end");
	char *got = render(DH_REPORT_JSON, &x);
	ck_assert_ptr_nonnull(strstr(
		got, "\"message\":\"tab\\there\\nnl \\u0001\\u001f\\u007f "
		     "caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x90\xb3 "
		     "bad\\ufffd end\""));
	ck_assert_ptr_nonnull(
		strstr(got, "{\"path\":\"d\xc3\xa9p\\\"\\\\/Dockerfile\""));
	jval *v = jparse(got, strlen(got));
	ck_assert_ptr_nonnull(v);
	jval *f = jreq(v, "findings", J_ARR);
	jval *m = jreq(f->items[0], "message", J_STR);
	ck_assert_str_eq(m->s, "tab\there\nnl \x01\x1f\x7f caf\xc3\xa9 "
			       "\xe6\x97\xa5 \xf0\x9f\x90\xb3 "
			       "bad\xef\xbf\xbd end");
	jfree(v);
	free(got);
}
END_TEST

START_TEST(test_report_json_finding_in_other_source)
{
	fx x;
	fx_init(&x, "Dockerfile", "FROM a\nENTRYPOINT [\"/e.sh\"]\n", NULL);
	dh_source *script =
		dh_source_new(x.arena, "e.sh", "#!/bin/sh\nexec gosu x\n", 22);
	dh_diag_add(&x.diags, DH_SEV_WARNING, "DH106", script,
		    (dh_span){10, 14}, "drops privileges");
	char *got = render(DH_REPORT_JSON, &x);
	ck_assert_ptr_nonnull(
		strstr(got, "\"severity\":\"warning\",\"path\":\"e.sh\","
			    "\"line\":2,\"column\":1,\"end_line\":2,"
			    "\"end_column\":5,"));
	free(got);
}
END_TEST

static const char *EX_SARIF =
	"{\n"
	"  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
	"  \"version\": \"2.1.0\",\n"
	"  \"runs\": [\n"
	"    {\n"
	"      \"tool\": {\n"
	"        \"driver\": {\n"
	"          \"name\": \"dockharden\",\n"
	"          \"version\": \"0.1.0\",\n"
	"          \"informationUri\": "
	"\"https://github.com/dockharden/dockharden\",\n"
	"          \"rules\": [\n"
	"            {\n"
	"              \"id\": \"DH107\",\n"
	"              \"name\": \"pinning\",\n"
	"              \"shortDescription\": {\n"
	"                \"text\": \"" WHY107 "\"\n"
	"              },\n"
	"              \"helpUri\": \"https://github.com/dockharden/"
	"dockharden/blob/main/docs/rules.md#dh107\"\n"
	"            },\n"
	"            {\n"
	"              \"id\": \"DH105\",\n"
	"              \"name\": \"non-root-user\",\n"
	"              \"shortDescription\": {\n"
	"                \"text\": \"" WHY105 "\"\n"
	"              },\n"
	"              \"helpUri\": \"https://github.com/dockharden/"
	"dockharden/blob/main/docs/rules.md#dh105\"\n"
	"            }\n"
	"          ]\n"
	"        }\n"
	"      },\n"
	"      \"defaultEncoding\": \"utf-8\",\n"
	"      \"columnKind\": \"unicodeCodePoints\",\n"
	"      \"results\": [\n"
	"        {\n"
	"          \"ruleId\": \"DH107\",\n"
	"          \"ruleIndex\": 0,\n"
	"          \"level\": \"warning\",\n"
	"          \"message\": {\n"
	"            \"text\": \"base image 'node:latest' is not pinned\\n"
	"hint: pin a tag or digest\"\n"
	"          },\n"
	"          \"locations\": [\n"
	"            {\n"
	"              \"physicalLocation\": {\n"
	"                \"artifactLocation\": {\n"
	"                  \"uri\": \"Dockerfile\"\n"
	"                },\n"
	"                \"region\": {\n"
	"                  \"startLine\": 1,\n"
	"                  \"startColumn\": 6,\n"
	"                  \"endLine\": 1,\n"
	"                  \"endColumn\": 17\n"
	"                }\n"
	"              }\n"
	"            }\n"
	"          ],\n"
	"          \"fixes\": [\n"
	"            {\n"
	"              \"description\": {\n"
	"                \"text\": \"base image 'node:latest' is not pinned\"\n"
	"              },\n"
	"              \"artifactChanges\": [\n"
	"                {\n"
	"                  \"artifactLocation\": {\n"
	"                    \"uri\": \"Dockerfile\"\n"
	"                  },\n"
	"                  \"replacements\": [\n"
	"                    {\n"
	"                      \"deletedRegion\": {\n"
	"                        \"startLine\": 1,\n"
	"                        \"startColumn\": 1,\n"
	"                        \"endLine\": 2,\n"
	"                        \"endColumn\": 1\n"
	"                      },\n"
	"                      \"insertedContent\": {\n"
	"                        \"text\": \"FROM node:22\\n\"\n"
	"                      }\n"
	"                    }\n"
	"                  ]\n"
	"                }\n"
	"              ]\n"
	"            }\n"
	"          ]\n"
	"        },\n"
	"        {\n"
	"          \"ruleId\": \"DH105\",\n"
	"          \"ruleIndex\": 1,\n"
	"          \"level\": \"note\",\n"
	"          \"message\": {\n"
	"            \"text\": \"run as numeric user 10001\"\n"
	"          },\n"
	"          \"locations\": [\n"
	"            {\n"
	"              \"physicalLocation\": {\n"
	"                \"artifactLocation\": {\n"
	"                  \"uri\": \"Dockerfile\"\n"
	"                },\n"
	"                \"region\": {\n"
	"                  \"startLine\": 3,\n"
	"                  \"startColumn\": 1,\n"
	"                  \"endLine\": 3,\n"
	"                  \"endColumn\": 19\n"
	"                }\n"
	"              }\n"
	"            }\n"
	"          ],\n"
	"          \"fixes\": [\n"
	"            {\n"
	"              \"description\": {\n"
	"                \"text\": \"run as numeric user 10001\"\n"
	"              },\n"
	"              \"artifactChanges\": [\n"
	"                {\n"
	"                  \"artifactLocation\": {\n"
	"                    \"uri\": \"Dockerfile\"\n"
	"                  },\n"
	"                  \"replacements\": [\n"
	"                    {\n"
	"                      \"deletedRegion\": {\n"
	"                        \"startLine\": 3,\n"
	"                        \"startColumn\": 1,\n"
	"                        \"endLine\": 3,\n"
	"                        \"endColumn\": 1\n"
	"                      },\n"
	"                      \"insertedContent\": {\n"
	"                        \"text\": \"USER 10001\\n\"\n"
	"                      }\n"
	"                    }\n"
	"                  ]\n"
	"                }\n"
	"              ]\n"
	"            }\n"
	"          ]\n"
	"        }\n"
	"      ]\n"
	"    }\n"
	"  ]\n"
	"}\n";

START_TEST(test_report_sarif_exact)
{
	fx x;
	fx_example(&x);
	char *got = render(DH_REPORT_SARIF, &x);
	ck_assert_str_eq(got, EX_SARIF);
	free(got);
}
END_TEST

START_TEST(test_report_github_exact)
{
	fx x;
	fx_example(&x);
	char *got = render(DH_REPORT_GITHUB, &x);
	ck_assert_str_eq(
		got, "{\"path\":\"Dockerfile\",\"start_line\":1,\"end_line\":1,"
		     "\"side\":\"RIGHT\",\"body\":\"**DH107**: base image "
		     "'node:latest' is not pinned\\n" WHY107 "\\n\\n"
		     "```suggestion\\nFROM node:22\\n```\\n\"}\n"
		     "{\"path\":\"Dockerfile\",\"start_line\":2,\"end_line\":2,"
		     "\"side\":\"RIGHT\",\"body\":\"**DH105**: run as numeric "
		     "user 10001\\n" WHY105 "\\n\\n"
		     "```suggestion\\nRUN npm ci\\nUSER 10001\\n```\\n\"}\n");
	free(got);
}
END_TEST

START_TEST(test_report_checkstyle_exact)
{
	fx x;
	fx_example(&x);
	char *got = render(DH_REPORT_CHECKSTYLE, &x);
	ck_assert_str_eq(
		got,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<checkstyle version=\"4.3\">\n"
		"  <file name=\"Dockerfile\">\n"
		"    <error line=\"1\" column=\"6\" severity=\"warning\" "
		"message=\"base image &apos;node:latest&apos; is not pinned\" "
		"source=\"dockharden.DH107\"/>\n"
		"    <error line=\"3\" column=\"1\" severity=\"info\" "
		"message=\"run as numeric user 10001\" "
		"source=\"dockharden.DH105\"/>\n"
		"  </file>\n"
		"</checkstyle>\n");
	free(got);
}
END_TEST

START_TEST(test_report_checkstyle_escapes_xml)
{
	fx x[2];
	fx_init(&x[0], "a&b<c>.Dockerfile", "FROM a\n", NULL);
	fx_add(&x[0], DH_SEV_ERROR, "bad-flag", 0, 4,
	       "<\"it's\" & 'that'>\n\ttab\r \x01 caf\xc3\xa9 bad\xc3 end");
	fx_init(&x[1], "empty", "", NULL);
	char *got = render_n(DH_REPORT_CHECKSTYLE, x, 2, NULL);
	ck_assert_str_eq(
		got,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<checkstyle version=\"4.3\">\n"
		"  <file name=\"a&amp;b&lt;c&gt;.Dockerfile\">\n"
		"    <error line=\"1\" column=\"1\" severity=\"error\" "
		"message=\"&lt;&quot;it&apos;s&quot; &amp; &apos;that&apos;"
		"&gt;&#10;&#9;tab&#13; \xef\xbf\xbd caf\xc3\xa9 "
		"bad\xef\xbf\xbd end\" source=\"dockharden.bad-flag\"/>\n"
		"  </file>\n"
		"  <file name=\"empty\">\n"
		"  </file>\n"
		"</checkstyle>\n");
	free(got);
}
END_TEST

/* ---- SARIF structure, and its fixes applied ---- */

static void check_region(const jval *region)
{
	ck_assert_int_eq(region->t, J_OBJ);
	size_t sl = jpos(region, "startLine");
	if (jget(region, "startColumn"))
		jpos(region, "startColumn");
	if (jget(region, "endLine"))
		ck_assert_uint_ge(jpos(region, "endLine"), sl);
	if (jget(region, "endColumn"))
		jpos(region, "endColumn");
}

static void check_artifact(const jval *parent, const char *want_uri)
{
	jval *loc = jreq(parent, "artifactLocation", J_OBJ);
	jval *uri = jreq(loc, "uri", J_STR);
	if (want_uri)
		ck_assert_str_eq(uri->s, want_uri);
}

static void check_fixes(const jval *result, const char *uri)
{
	jval *fixes = jget(result, "fixes");
	if (!fixes)
		return;
	ck_assert_int_eq(fixes->t, J_ARR);
	for (size_t i = 0; i < fixes->n; i++) {
		jval *fix = fixes->items[i];
		jreq(jreq(fix, "description", J_OBJ), "text", J_STR);
		jval *changes = jreq(fix, "artifactChanges", J_ARR);
		ck_assert_uint_ge(changes->n, 1);
		for (size_t c = 0; c < changes->n; c++) {
			check_artifact(changes->items[c], uri);
			jval *reps =
				jreq(changes->items[c], "replacements", J_ARR);
			ck_assert_uint_ge(reps->n, 1);
			for (size_t k = 0; k < reps->n; k++) {
				check_region(jreq(reps->items[k],
						  "deletedRegion", J_OBJ));
				jval *ins =
					jget(reps->items[k], "insertedContent");
				if (ins)
					jreq(ins, "text", J_STR);
			}
		}
	}
}

static void check_result(const jval *result, const jval *rules, const char *uri)
{
	const char *id = jreq(result, "ruleId", J_STR)->s;
	size_t index = (size_t)jreq(result, "ruleIndex", J_NUM)->num;
	ck_assert_uint_lt(index, rules->n);
	ck_assert_str_eq(jreq(rules->items[index], "id", J_STR)->s, id);
	const char *level = jreq(result, "level", J_STR)->s;
	ck_assert(strcmp(level, "note") == 0 || strcmp(level, "warning") == 0 ||
		  strcmp(level, "error") == 0);
	jreq(jreq(result, "message", J_OBJ), "text", J_STR);
	jval *locs = jreq(result, "locations", J_ARR);
	ck_assert_uint_ge(locs->n, 1);
	jval *phys = jreq(locs->items[0], "physicalLocation", J_OBJ);
	check_artifact(phys, NULL);
	check_region(jreq(phys, "region", J_OBJ));
	check_fixes(result, uri);
}

/* Checks the SARIF log's structure (2.1.0 schema, parts we use). */
static jval *check_sarif(const char *text, const char *uri)
{
	jval *log = jparse(text, strlen(text));
	ck_assert_msg(log != NULL, "not JSON: %s", text);
	ck_assert_str_eq(jreq(log, "$schema", J_STR)->s,
			 "https://json.schemastore.org/sarif-2.1.0.json");
	ck_assert_str_eq(jreq(log, "version", J_STR)->s, "2.1.0");
	jval *runs = jreq(log, "runs", J_ARR);
	ck_assert_uint_eq(runs->n, 1);
	jval *run = runs->items[0];
	jval *driver = jreq(jreq(run, "tool", J_OBJ), "driver", J_OBJ);
	ck_assert_str_eq(jreq(driver, "name", J_STR)->s, "dockharden");
	jreq(driver, "version", J_STR);
	jval *rules = jreq(driver, "rules", J_ARR);
	for (size_t i = 0; i < rules->n; i++) {
		jreq(rules->items[i], "id", J_STR);
		jval *sd = jget(rules->items[i], "shortDescription");
		if (sd)
			jreq(sd, "text", J_STR);
		for (size_t k = 0; k < i; k++)
			ck_assert_str_ne(jget(rules->items[k], "id")->s,
					 jget(rules->items[i], "id")->s);
	}
	ck_assert_str_eq(jreq(run, "columnKind", J_STR)->s,
			 "unicodeCodePoints");
	jval *results = jreq(run, "results", J_ARR);
	for (size_t i = 0; i < results->n; i++)
		check_result(results->items[i], rules, uri);
	return log;
}

/* Byte offset of line/column (code points, SARIF 3.30.2) in text. */
static size_t sarif_offset(const char *text, size_t line, size_t col)
{
	size_t off = 0, len = strlen(text);
	for (size_t l = 1; l < line; l++) {
		const char *nl = memchr(text + off, '\n', len - off);
		ck_assert_ptr_nonnull(nl);
		off = (size_t)(nl - text) + 1;
	}
	for (size_t c = 1; c < col; c++) {
		ck_assert_uint_lt(off, len);
		off++;
		while (off < len && ((unsigned char)text[off] & 0xc0) == 0x80)
			off++;
	}
	return off;
}

typedef struct edit {
	size_t from, to;
	const char *text;
} edit;

static int edit_cmp(const void *a, const void *b)
{
	const edit *x = a, *y = b;
	return x->from < y->from ? -1 : x->from > y->from;
}

static size_t collect_edits(edit *out, size_t max, const jval *log,
			    const char *old)
{
	size_t n = 0;
	jval *results = jget(jget(log, "runs")->items[0], "results");
	for (size_t i = 0; i < results->n; i++) {
		jval *fixes = jget(results->items[i], "fixes");
		if (!fixes)
			continue;
		jval *ch = jget(fixes->items[0], "artifactChanges")->items[0];
		jval *reps = jget(ch, "replacements");
		for (size_t k = 0; k < reps->n && n < max; k++) {
			jval *r = jget(reps->items[k], "deletedRegion");
			jval *ins = jget(reps->items[k], "insertedContent");
			size_t sl = jpos(r, "startLine");
			size_t el = jpos(r, "endLine");
			out[n].from =
				sarif_offset(old, sl, jpos(r, "startColumn"));
			out[n].to = sarif_offset(old, el, jpos(r, "endColumn"));
			ck_assert_uint_ge(out[n].to, out[n].from);
			jval *txt = ins ? jget(ins, "text") : NULL;
			ck_assert(!ins || txt);
			out[n++].text = txt ? txt->s : "";
		}
	}
	return n;
}

/* old with every fix of the SARIF log applied. Caller frees. */
static char *apply_sarif(const jval *log, const char *old)
{
	edit e[64];
	size_t n = collect_edits(e, 64, log, old);
	qsort(e, n, sizeof(e[0]), edit_cmp);
	dh_buf out = DH_BUF_INIT;
	size_t at = 0;
	for (size_t k = 0; k < n; k++) {
		ck_assert_uint_ge(e[k].from, at);
		dh_buf_put(&out, old + at, e[k].from - at);
		dh_buf_puts(&out, e[k].text);
		at = e[k].to;
	}
	dh_buf_puts(&out, old + at);
	return dh_buf_detach(&out, NULL);
}

/* Renders one file as SARIF, checks it and that its fixes give fixed. */
static jval *sarif_roundtrip(fx *x, const char *old, const char *fixed)
{
	char *got = render(DH_REPORT_SARIF, x);
	jval *log = check_sarif(got, NULL);
	char *applied = apply_sarif(log, old);
	ck_assert_str_eq(applied, fixed);
	free(applied);
	free(got);
	return log;
}

START_TEST(test_report_sarif_structure_and_fixes_apply)
{
	fx x;
	fx_example(&x);
	jfree(sarif_roundtrip(&x, EX_SRC, EX_FIX));
}
END_TEST

static const char *const sarif_cases[][2] = {
	/* appended at the end */
	{"FROM a\nRUN b\n", "FROM a\nRUN b\nUSER 1\n"},
	/* last line without a line break */
	{"FROM a\nRUN b", "FROM a\nRUN b\nUSER 1\n"},
	/* deletions, first and last lines */
	{"FROM a\nRUN b\nRUN c\n", "RUN b\n"},
	/* insertion at the top, non-ASCII and CRLF kept */
	{"FROM caf\xc3\xa9\r\nRUN \xe6\x97\xa5\r\n",
	 "# syntax=docker/dockerfile:1\r\nFROM caf\xc3\xa9\r\nRUN x\r\n"},
	/* everything replaced, and into an empty file */
	{"a\nb\n", "c\n"},
	{"", "FROM scratch\n"},
	{"FROM a\n", ""},
};

START_TEST(test_report_sarif_fix_regions_apply)
{
	const char *old = sarif_cases[_i][0], *fixed = sarif_cases[_i][1];
	fx x;
	fx_init(&x, "Dockerfile", old, fixed);
	if (_i % 2)
		fx_add(&x, DH_SEV_NOTE, "DH105", 0, 1, "a change");
	jval *log = sarif_roundtrip(&x, old, fixed);
	jval *results = jget(jget(log, "runs")->items[0], "results");
	/* With no finding, the fix rides on a synthesized note. */
	ck_assert_uint_eq(results->n, 1);
	ck_assert_str_eq(jget(results->items[0], "ruleId")->s,
			 _i % 2 ? "DH105" : "unattributed-change");
	jfree(log);
}
END_TEST

START_TEST(test_report_sarif_hunks_go_to_nearest_rule_finding)
{
	const char *old = "FROM a:latest\nRUN x\nRUN y\nRUN z\nCMD w\n";
	const char *fixed = "FROM a:1\nRUN x\nRUN y\nRUN z\nUSER 1\nCMD w\n";
	fx x;
	fx_init(&x, "Dockerfile", old, fixed);
	fx_add(&x, DH_SEV_WARNING, "odd-spacing", 14, 19, "parser note");
	fx_add(&x, DH_SEV_NOTE, "DH105", 32, 37, "user");
	fx_add(&x, DH_SEV_NOTE, "DH107", 0, 13, "pin");
	jval *log = sarif_roundtrip(&x, old, fixed);
	jval *results = jget(jget(log, "runs")->items[0], "results");
	ck_assert_uint_eq(results->n, 3);
	ck_assert_ptr_null(jget(results->items[0], "fixes"));
	jval *user = jget(results->items[1], "fixes");
	jval *pin = jget(results->items[2], "fixes");
	ck_assert_ptr_nonnull(user);
	ck_assert_ptr_nonnull(pin);
	jval *ch = jget(user->items[0], "artifactChanges")->items[0];
	jval *rep = jget(ch, "replacements")->items[0];
	ck_assert_str_eq(jget(jget(rep, "insertedContent"), "text")->s,
			 "USER 1\n");
	jfree(log);
}
END_TEST

START_TEST(test_report_sarif_columns_count_code_points)
{
	/* "é" is two bytes: byte column 14 is code point column 13. */
	const char *old = "LABEL a=\"\xc3\xa9\" b=1\n";
	fx x;
	fx_init(&x, "./sub dir/Dockerfile", old, NULL);
	fx_add(&x, DH_SEV_WARNING, "DH112", 13, 16, "look");
	char *got = render(DH_REPORT_SARIF, &x);
	jval *log = check_sarif(got, NULL);
	jval *res = jget(jget(log, "runs")->items[0], "results")->items[0];
	ck_assert_ptr_null(jget(res, "fixes"));
	jval *phys = jget(jget(res, "locations")->items[0], "physicalLocation");
	jval *region = jget(phys, "region");
	ck_assert_uint_eq(jpos(region, "startColumn"), 13);
	ck_assert_uint_eq(jpos(region, "endColumn"), 16);
	ck_assert_str_eq(jget(jget(phys, "artifactLocation"), "uri")->s,
			 "sub%20dir/Dockerfile");
	jfree(log);
	free(got);

	fx_init(&x, "/abs/caf\xc3\xa9:1", old, NULL);
	fx_add(&x, DH_SEV_WARNING, "DH112", 0, 0, "empty span");
	got = render(DH_REPORT_SARIF, &x);
	log = check_sarif(got, NULL);
	res = jget(jget(log, "runs")->items[0], "results")->items[0];
	phys = jget(jget(res, "locations")->items[0], "physicalLocation");
	ck_assert_str_eq(jget(jget(phys, "artifactLocation"), "uri")->s,
			 "file:///abs/caf%C3%A9%3A1");
	/* An empty span has no end: the region runs to the end of line. */
	ck_assert_ptr_null(jget(jget(phys, "region"), "endColumn"));
	jfree(log);
	free(got);
}
END_TEST

START_TEST(test_report_sarif_rules_once_across_files)
{
	fx x[2];
	fx_example(&x[0]);
	fx_example(&x[1]);
	x[1].src->path = "other/Dockerfile";
	char *got = render_n(DH_REPORT_SARIF, x, 2, NULL);
	jval *log = check_sarif(got, NULL);
	jval *run = jget(log, "runs")->items[0];
	jval *rules = jget(jget(jget(run, "tool"), "driver"), "rules");
	ck_assert_uint_eq(rules->n, 2);
	jval *results = jget(run, "results");
	ck_assert_uint_eq(results->n, 4);
	ck_assert_uint_eq((size_t)jget(results->items[3], "ruleIndex")->num, 1);
	jfree(log);
	free(got);

	/* No files: still a valid log, with empty rules and results. */
	got = render_n(DH_REPORT_SARIF, x, 0, NULL);
	log = check_sarif(got, NULL);
	jfree(log);
	free(got);
}
END_TEST

/* ---- GitHub suggestions, applied as GitHub applies them ---- */

typedef struct comment {
	size_t start, end;
	char *suggestion; /* NULL when the comment has none */
	char *body;
} comment;

/* Parses the JSON lines into comments; returns how many. */
static size_t parse_comments(comment *out, size_t max, const char *text)
{
	size_t n = 0;
	for (const char *line = text; *line && n < max;) {
		const char *nl = strchr(line, '\n');
		ck_assert_ptr_nonnull(nl);
		jval *v = jparse(line, (size_t)(nl - line));
		ck_assert_ptr_nonnull(v);
		ck_assert_str_eq(jreq(v, "side", J_STR)->s, "RIGHT");
		jreq(v, "path", J_STR);
		out[n].start = jpos(v, "start_line");
		out[n].end = jpos(v, "end_line");
		ck_assert_uint_ge(out[n].end, out[n].start);
		const char *body = jreq(v, "body", J_STR)->s;
		out[n].body = strdup(body);
		const char *s = strstr(body, "```suggestion\n");
		out[n].suggestion = NULL;
		if (s) {
			s += strlen("```suggestion\n");
			size_t len = strlen(s);
			ck_assert_uint_ge(len, 4);
			ck_assert_str_eq(s + len - 4, "```\n");
			out[n].suggestion = strndup(s, len - 4);
		}
		jfree(v);
		n++;
		line = nl + 1;
	}
	return n;
}

static void free_comments(comment *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(c[i].suggestion);
		free(c[i].body);
	}
}

/* Replaces each commented line range of old by its suggestion. */
static char *apply_comments(const char *old, const comment *c, size_t n)
{
	dh_buf out = DH_BUF_INIT;
	size_t line = 1;
	const char *p = old;
	for (size_t i = 0; i < n; i++) {
		if (!c[i].suggestion)
			continue;
		for (; line < c[i].start; line++) {
			const char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) + 1 : strlen(p);
			dh_buf_put(&out, p, len);
			p += len;
		}
		dh_buf_puts(&out, c[i].suggestion);
		for (; line <= c[i].end; line++) {
			const char *nl = strchr(p, '\n');
			p += nl ? (size_t)(nl - p) + 1 : strlen(p);
		}
	}
	dh_buf_puts(&out, p);
	dh_buf_putc(&out, 0);
	return dh_buf_detach(&out, NULL);
}

/*
 * The one comment for old -> fixed with no findings: its lines and its
 * suggestion; the suggestion applied must give fixed.
 */
static void gh_case(const char *old, const char *fixed, size_t want_start,
		    size_t want_end, const char *want_suggestion)
{
	fx x;
	fx_init(&x, "./Dockerfile", old, fixed);
	char *got = render(DH_REPORT_GITHUB, &x);
	ck_assert_int_eq(strncmp(got, "{\"path\":\"Dockerfile\",", 20), 0);
	comment c[4];
	size_t n = parse_comments(c, 4, got);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(c[0].start, want_start);
	ck_assert_uint_eq(c[0].end, want_end);
	ck_assert_str_eq(c[0].suggestion, want_suggestion);
	char *applied = apply_comments(old, c, n);
	ck_assert_str_eq(applied, fixed);
	free(applied);
	free_comments(c, n);
	free(got);
}

START_TEST(test_report_github_replacement)
{
	gh_case("a\nb\nc\n", "a\nB\nc\n", 2, 2, "B\n");
	gh_case("a\nb\nc\nd\n", "a\nX\nd\n", 2, 3, "X\n");
	gh_case("a\nb\nc\n", "a\nX\nY\nZ\nc\n", 2, 2, "X\nY\nZ\n");
	/* the last line had no line break */
	gh_case("a\nb", "a\nb\nc\n", 2, 2, "b\nc\n");
}
END_TEST

START_TEST(test_report_github_insertion)
{
	/* The line before is commented on and repeated. */
	gh_case("a\nb\n", "a\nnew\nb\n", 1, 1, "a\nnew\n");
	gh_case("a\nb\n", "a\nb\nc\nd\n", 2, 2, "b\nc\nd\n");
	/* At the top there is no line before: the first line follows. */
	gh_case("a\nb\n", "new\na\nb\n", 1, 1, "new\na\n");
}
END_TEST

START_TEST(test_report_github_deletion)
{
	gh_case("a\nb\nc\n", "a\nc\n", 2, 2, "");
	gh_case("a\nb\nc\nd\n", "d\n", 1, 3, "");
}
END_TEST

START_TEST(test_report_github_fence_outgrows_backticks)
{
	fx x;
	fx_init(&x, "Dockerfile", "RUN a\n", "RUN echo '````'\n");
	char *got = render(DH_REPORT_GITHUB, &x);
	ck_assert_ptr_nonnull(
		strstr(got, "\\n`````suggestion\\nRUN echo '````'\\n`````\\n"));
	free(got);
}
END_TEST

START_TEST(test_report_github_plain_comment_for_uncovered_finding)
{
	const char *old = "FROM a\nRUN curl x\nRUN y\nRUN z\nCMD c\n";
	const char *fixed = "FROM a\nRUN curl x\nRUN y\nRUN z\nCMD [\"c\"]\n";
	fx x;
	fx_init(&x, "Dockerfile", old, fixed);
	fx_add(&x, DH_SEV_WARNING, "DH109", 7, 17, "curl ships")->hint =
		"use a builder stage";
	fx_add(&x, DH_SEV_NOTE, "DH103", 30, 35, "exec form");
	char *got = render(DH_REPORT_GITHUB, &x);
	comment c[4];
	size_t n = parse_comments(c, 4, got);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(c[0].start, 5);
	ck_assert_ptr_nonnull(c[0].suggestion);
	ck_assert_ptr_nonnull(strstr(c[0].body, "**DH103**: exec form\n"));
	ck_assert_ptr_null(strstr(c[0].body, "DH109"));
	ck_assert_uint_eq(c[1].start, 2);
	ck_assert_uint_eq(c[1].end, 2);
	ck_assert_ptr_null(c[1].suggestion);
	ck_assert_str_eq(c[1].body,
			 "**DH109**: curl ships\n"
			 "network and build tools (curl, wget, netcat, "
			 "compilers, sudo) in the shipped image help an "
			 "attacker\nhint: use a builder stage\n");
	char *applied = apply_comments(old, c, n);
	ck_assert_str_eq(applied, fixed);
	free(applied);
	free_comments(c, n);
	free(got);
}
END_TEST

START_TEST(test_report_github_rationale_once_per_rule)
{
	fx x;
	fx_init(&x, "Dockerfile", "FROM a\nFROM b\n", "FROM a:1\nFROM b:1\n");
	fx_add(&x, DH_SEV_NOTE, "DH107", 0, 6, "pin a");
	fx_add(&x, DH_SEV_NOTE, "DH107", 7, 13, "pin b");
	char *got = render(DH_REPORT_GITHUB, &x);
	comment c[2];
	size_t n = parse_comments(c, 2, got);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(c[0].body,
			 "**DH107**: pin a\n" WHY107 "\n**DH107**: pin b\n\n"
			 "```suggestion\nFROM a:1\nFROM b:1\n```\n");
	free_comments(c, n);
	free(got);
}
END_TEST

static Suite *report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_report_format_parse);
	tcase_add_test(tc, test_report_text_exact);
	tcase_add_test(tc, test_report_text_summary_counts_files);
	tcase_add_test(tc, test_report_json_exact);
	tcase_add_test(tc, test_report_json_lines_per_file);
	tcase_add_test(tc, test_report_json_escapes_control_and_non_ascii);
	tcase_add_test(tc, test_report_json_finding_in_other_source);
	tcase_add_test(tc, test_report_sarif_exact);
	tcase_add_test(tc, test_report_github_exact);
	tcase_add_test(tc, test_report_checkstyle_exact);
	tcase_add_test(tc, test_report_checkstyle_escapes_xml);
	tcase_add_test(tc, test_report_sarif_structure_and_fixes_apply);
	tcase_add_loop_test(
		tc, test_report_sarif_fix_regions_apply, 0,
		(int)(sizeof(sarif_cases) / sizeof(sarif_cases[0])));
	tcase_add_test(tc, test_report_sarif_hunks_go_to_nearest_rule_finding);
	tcase_add_test(tc, test_report_sarif_columns_count_code_points);
	tcase_add_test(tc, test_report_sarif_rules_once_across_files);
	tcase_add_test(tc, test_report_github_replacement);
	tcase_add_test(tc, test_report_github_insertion);
	tcase_add_test(tc, test_report_github_deletion);
	tcase_add_test(tc, test_report_github_fence_outgrows_backticks);
	tcase_add_test(tc,
		       test_report_github_plain_comment_for_uncovered_finding);
	tcase_add_test(tc, test_report_github_rationale_once_per_rule);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(report_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
