/* SPDX-License-Identifier: MIT */
/*
 * Runtime-settings emitters: every YAML output is parsed back with libyaml
 * and checked field by field; docker run output is compared as text.
 */
#include "dockharden/emit.h"

#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "dockharden/arena.h"
#include "dockharden/errors.h"

/* ---- fixtures ---------------------------------------------------------- */

/* Ports 8080, 80 (low) and 53/udp; /tmp, /var/cache/nginx and VOLUME /data. */
static void full_facts(dh_facts *f, dh_arena *a)
{
	dh_facts_init(f);
	dh_facts_add_port(f, a, 8080, DH_PROTO_TCP);
	dh_facts_add_port(f, a, 80, DH_PROTO_TCP);
	dh_facts_add_port(f, a, 53, DH_PROTO_UDP);
	dh_facts_add_writable(f, a, "/tmp");
	dh_facts_add_writable(f, a, "/var/cache/nginx");
	dh_facts_add_writable(f, a, "/data");
	f->volumes = dh_arena_alloc(a, sizeof(char *));
	f->volumes[0] = "/data";
	f->nvolumes = 1;
	f->needs_low_port = true;
	f->add_caps = dh_arena_alloc(a, sizeof(char *));
	f->add_caps[0] = "NET_BIND_SERVICE";
	f->nadd_caps = 1;
}

/* Only /tmp, no ports, no volumes, no low port, no added capability. */
static void minimal_facts(dh_facts *f, dh_arena *a)
{
	dh_facts_init(f);
	dh_facts_add_writable(f, a, "/tmp");
}

/* ---- YAML lookup helpers ----------------------------------------------- */

/* Parses exactly one document from b (fails the test otherwise). */
static void parse_one(yaml_document_t *doc, const dh_buf *b)
{
	yaml_parser_t p;
	yaml_document_t extra;

	ck_assert(yaml_parser_initialize(&p));
	yaml_parser_set_input_string(&p, (const unsigned char *)b->data,
				     b->len);
	ck_assert_msg(yaml_parser_load(&p, doc), "parse error: %s",
		      p.problem ? p.problem : "?");
	ck_assert_ptr_nonnull(yaml_document_get_root_node(doc));
	ck_assert(yaml_parser_load(&p, &extra));
	ck_assert_ptr_null(yaml_document_get_root_node(&extra));
	yaml_document_delete(&extra);
	yaml_parser_delete(&p);
}

static yaml_node_t *child(yaml_document_t *doc, yaml_node_t *node,
			  const char *seg, size_t len)
{
	if (node->type == YAML_SEQUENCE_NODE) {
		size_t idx = (size_t)strtoul(seg, NULL, 10);
		yaml_node_item_t *it = node->data.sequence.items.start;
		if (idx >= (size_t)(node->data.sequence.items.top - it))
			return NULL;
		return yaml_document_get_node(doc, it[idx]);
	}
	if (node->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *pr = node->data.mapping.pairs.start;
	     pr < node->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yaml_document_get_node(doc, pr->key);
		if (k->type == YAML_SCALAR_NODE &&
		    k->data.scalar.length == len &&
		    memcmp(k->data.scalar.value, seg, len) == 0)
			return yaml_document_get_node(doc, pr->value);
	}
	return NULL;
}

/* The node at a '/'-separated path of keys and sequence indexes. */
static yaml_node_t *at(yaml_document_t *doc, const char *path)
{
	yaml_node_t *node = yaml_document_get_root_node(doc);
	while (node && *path) {
		size_t len = strcspn(path, "/");
		node = child(doc, node, path, len);
		path += len + (path[len] == '/');
	}
	return node;
}

static const char *str_at(yaml_document_t *doc, const char *path)
{
	yaml_node_t *n = at(doc, path);
	if (!n || n->type != YAML_SCALAR_NODE)
		return NULL;
	return (const char *)n->data.scalar.value;
}

static int style_at(yaml_document_t *doc, const char *path)
{
	yaml_node_t *n = at(doc, path);
	ck_assert_msg(n && n->type == YAML_SCALAR_NODE, "no scalar %s", path);
	return (int)n->data.scalar.style;
}

/* Entries of the mapping or sequence at path; -1 when missing. */
static long size_at(yaml_document_t *doc, const char *path)
{
	yaml_node_t *n = at(doc, path);
	if (!n)
		return -1;
	if (n->type == YAML_MAPPING_NODE)
		return n->data.mapping.pairs.top - n->data.mapping.pairs.start;
	if (n->type == YAML_SEQUENCE_NODE)
		return n->data.sequence.items.top -
		       n->data.sequence.items.start;
	return -1;
}

/* A scalar value, checked together with its presentation style. */
static void expect(yaml_document_t *doc, const char *prefix, const char *rel,
		   const char *want, yaml_scalar_style_t style)
{
	char path[256];
	snprintf(path, sizeof(path), "%s%s", prefix, rel);
	const char *got = str_at(doc, path);
	ck_assert_msg(got != NULL, "missing %s", path);
	ck_assert_msg(strcmp(got, want) == 0, "%s: got '%s', want '%s'", path,
		      got, want);
	ck_assert_msg(style_at(doc, path) == (int)style, "%s: style %d", path,
		      style_at(doc, path));
}

static void expect_size(yaml_document_t *doc, const char *prefix,
			const char *rel, long want)
{
	char path[256];
	snprintf(path, sizeof(path), "%s%s", prefix, rel);
	ck_assert_msg(size_at(doc, path) == want, "%s: %ld entries, want %ld",
		      path, size_at(doc, path), want);
}

static void expect_missing(yaml_document_t *doc, const char *prefix,
			   const char *rel)
{
	char path[256];
	snprintf(path, sizeof(path), "%s%s", prefix, rel);
	ck_assert_msg(at(doc, path) == NULL, "unexpected %s", path);
}

#define PLAIN YAML_PLAIN_SCALAR_STYLE
#define DQ YAML_DOUBLE_QUOTED_SCALAR_STYLE

static bool is_dns_label(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 63 || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

/*
 * Every field of the pod spec for full_facts(), under prefix ("" for the
 * fragment, "spec/" for a Pod, "spec/template/spec/" for the patch).
 */
static void check_full_pod_spec(yaml_document_t *d, const char *p,
				const char *container, const char *image)
{
	char c[128];

	expect_size(d, p, "", 3);
	expect_size(d, p, "securityContext", 6);
	expect(d, p, "securityContext/runAsNonRoot", "true", PLAIN);
	expect(d, p, "securityContext/runAsUser", "10001", PLAIN);
	expect(d, p, "securityContext/runAsGroup", "10001", PLAIN);
	expect(d, p, "securityContext/fsGroup", "10001", PLAIN);
	expect_size(d, p, "securityContext/seccompProfile", 1);
	expect(d, p, "securityContext/seccompProfile/type", "RuntimeDefault",
	       PLAIN);
	expect_size(d, p, "securityContext/sysctls", 1);
	expect_size(d, p, "securityContext/sysctls/0", 2);
	expect(d, p, "securityContext/sysctls/0/name",
	       "net.ipv4.ip_unprivileged_port_start", PLAIN);
	expect(d, p, "securityContext/sysctls/0/value", "0", DQ);

	expect_size(d, p, "containers", 1);
	snprintf(c, sizeof(c), "%scontainers/0/", p);
	expect_size(d, c, "", image ? 5 : 4);
	expect(d, c, "name", container, PLAIN);
	if (image)
		expect(d, c, "image", image, PLAIN);
	else
		expect_missing(d, c, "image");
	expect_size(d, c, "securityContext", 4);
	expect(d, c, "securityContext/allowPrivilegeEscalation", "false",
	       PLAIN);
	expect(d, c, "securityContext/readOnlyRootFilesystem", "true", PLAIN);
	expect(d, c, "securityContext/runAsNonRoot", "true", PLAIN);
	expect_size(d, c, "securityContext/capabilities", 2);
	expect_size(d, c, "securityContext/capabilities/drop", 1);
	expect(d, c, "securityContext/capabilities/drop/0", "ALL", PLAIN);
	expect_size(d, c, "securityContext/capabilities/add", 1);
	expect(d, c, "securityContext/capabilities/add/0", "NET_BIND_SERVICE",
	       PLAIN);

	expect_size(d, c, "ports", 3);
	expect_size(d, c, "ports/0", 1);
	expect(d, c, "ports/0/containerPort", "8080", PLAIN);
	expect_size(d, c, "ports/1", 1);
	expect(d, c, "ports/1/containerPort", "80", PLAIN);
	expect_size(d, c, "ports/2", 2);
	expect(d, c, "ports/2/containerPort", "53", PLAIN);
	expect(d, c, "ports/2/protocol", "UDP", PLAIN);

	/* writable paths come sorted: /data, /tmp, /var/cache/nginx */
	expect_size(d, c, "volumeMounts", 3);
	expect(d, c, "volumeMounts/0/name", "data", PLAIN);
	expect(d, c, "volumeMounts/0/mountPath", "/data", PLAIN);
	expect(d, c, "volumeMounts/1/name", "tmp", PLAIN);
	expect(d, c, "volumeMounts/1/mountPath", "/tmp", PLAIN);
	expect(d, c, "volumeMounts/2/name", "var-cache-nginx", PLAIN);
	expect(d, c, "volumeMounts/2/mountPath", "/var/cache/nginx", PLAIN);
	expect_size(d, c, "volumeMounts/2", 2);

	expect_size(d, p, "volumes", 3);
	expect(d, p, "volumes/0/name", "data", PLAIN);
	expect(d, p, "volumes/1/name", "tmp", PLAIN);
	expect(d, p, "volumes/2/name", "var-cache-nginx", PLAIN);
	for (int i = 0; i < 3; i++) {
		char v[128];
		snprintf(v, sizeof(v), "%svolumes/%d/", p, i);
		expect_size(d, v, "", 2);
		expect_size(d, v, "emptyDir", 0);
		snprintf(v, sizeof(v), "%svolumes/%d/emptyDir", p, i);
		ck_assert_int_eq(at(d, v)->data.mapping.style,
				 YAML_FLOW_MAPPING_STYLE);
	}
}

/* ---- Kubernetes -------------------------------------------------------- */

START_TEST(test_emit_k8s_fragment_fields)
{
	dh_arena *a = dh_arena_new();
	dh_facts f;
	dh_buf b = DH_BUF_INIT;
	yaml_document_t d;
	dh_k8s_opts o = {.form = DH_K8S_FRAGMENT};

	full_facts(&f, a);
	ck_assert_int_eq(dh_emit_k8s(&b, &f, &o), 0);
	parse_one(&d, &b);
	check_full_pod_spec(&d, "", "app", NULL);
	yaml_document_delete(&d);
	dh_buf_free(&b);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_emit_k8s_patch_fields)
{
	dh_arena *a = dh_arena_new();
	dh_facts f;
	dh_buf b = DH_BUF_INIT;
	yaml_document_t d;
	dh_k8s_opts o = {
		.form = DH_K8S_PATCH, .name = "web", .container = "nginx"};

	full_facts(&f, a);
	ck_assert_int_eq(dh_emit_k8s(&b, &f, &o), 0);
	parse_one(&d, &b);
	expect_size(&d, "", "", 4);
	expect(&d, "", "apiVersion", "apps/v1", PLAIN);
	expect(&d, "", "kind", "Deployment", PLAIN);
	expect_size(&d, "", "metadata", 1);
	expect(&d, "", "metadata/name", "web", PLAIN);
	expect_size(&d, "", "spec", 1);
	expect_size(&d, "", "spec/template", 1);
	check_full_pod_spec(&d, "spec/template/spec/", "nginx", NULL);
	yaml_document_delete(&d);
	dh_buf_free(&b);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_emit_k8s_pod_fields)
{
	dh_arena *a = dh_arena_new();
	dh_facts f;
	dh_buf b = DH_BUF_INIT;
	yaml_document_t d;
	dh_k8s_opts o = {.form = DH_K8S_POD,
			 .name = "web",
			 .image = "ghcr.io/acme/web:2.1"};

	full_facts(&f, a);
	ck_assert_int_eq(dh_emit_k8s(&b, &f, &o), 0);
	parse_one(&d, &b);
	expect_size(&d, "", "", 4);
	expect(&d, "", "apiVersion", "v1", PLAIN);
	expect(&d, "", "kind", "Pod", PLAIN);
	expect(&d, "", "metadata/name", "web", PLAIN);
	check_full_pod_spec(&d, "spec/", "web", "ghcr.io/acme/web:2.1");
	yaml_document_delete(&d);
	dh_buf_free(&b);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_emit_k8s_defaults)
{
	dh_arena *a = dh_arena_new();
	dh_facts f;
	dh_buf b = DH_BUF_INIT;
	yaml_document_t d;
	dh_k8s_opts o = {.form = DH_K8S_POD};

	minimal_facts(&f, a);
	ck_assert_int_eq(dh_emit_k8s(&b, &f, NULL), 0);
	parse_one(&d, &b);
	expect_missing(&d, "", "kind");
	expect(&d, "", "containers/0/name", "app", PLAIN);
	expect_missing(&d, "", "containers/0/image");
	yaml_document_delete(&d);

	dh_buf_clear(&b);
	ck_assert_int_eq(dh_emit_k8s(&b, &f, &o), 0);
	parse_one(&d, &b);
	expect(&d, "", "metadata/name", "app", PLAIN);
	expect(&d, "", "spec/containers/0/name", "app", PLAIN);
	expect(&d, "", "spec/containers/0/image", "registry.example/app:1.0",
	       PLAIN);
	yaml_document_delete(&d);
	dh_buf_free(&b);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_emit_k8s_minimal_omits_optional_keys)
{
	dh_arena *a = dh_arena_new();
	dh_facts f;
	dh_buf b = DH_BUF_INIT;
	yaml_document_t d;

	minimal_facts(&f, a);
	ck_assert_int_eq(dh_emit_k8s(&b, &f, NULL), 0);
	parse_one(&d, &b);
	expect_size(&d, "", "securityContext", 4);
	expect_missing(&d, "", "securityContext/fsGroup");
	expect_missing(&d, "", "securityContext/sysctls");
	expect_missing(&d, "", "containers/0/ports");
	expect_size(&d, "", "containers/0/securityContext/capabilities", 1);
	expect_missing(&d, "", "containers/0/securityContext/capabilities/add");
	expect(&d, "", "containers/0/volumeMounts/0/mountPath", "/tmp", PLAIN);
	expect_size(&d, "", "volumes", 1);
	yaml_document_delete(&d);
	dh_buf_free(&b);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_emit_k8s_sample_exact_text)
{
	static const char want[] = "securityContext:\n"
				   "  runAsNonRoot: true\n"
				   "  runAsUser: 10001\n"
				   "  runAsGroup: 10001\n"
				   "  seccompProfile:\n"
				   "    type: RuntimeDefault\n"
				   "containers:\n"
				   "- name: app\n"
				   "  securityContext:\n"
				   "    allowPrivilegeEscalation: false\n"
				   "    readOnlyRootFilesystem: true\n"
				   "    runAsNonRoot: true\n"
				   "    capabilities:\n"
				   "      drop:\n"
				   "      - ALL\n"
				   "  ports:\n"
				   "  - containerPort: 8080\n"
				   "  volumeMounts:\n"
				   "  - name: tmp\n"
				   "    mountPath: /tmp\n"
				   "  - name: var-cache-nginx\n"
				   "    mountPath: /var/cache/nginx\n"
				   "volumes:\n"
				   "- name: tmp\n"
				   "  emptyDir: {}\n"
				   "- name: var-cache-nginx\n"
				   "  emptyDir: {}\n";
	dh_arena *a = dh_arena_new();
	dh_facts f;
	dh_buf b = DH_BUF_INIT;

	dh_facts_init(&f);
	dh_facts_add_port(&f, a, 8080, DH_PROTO_TCP);
	dh_facts_add_writable(&f, a, "/tmp");
	dh_facts_add_writable(&f, a, "/var/cache/nginx");
	ck_assert_int_eq(dh_emit_k8s(&b, &f, NULL), 0);
	ck_assert_str_eq(b.data, want);
	dh_buf_free(&b);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_emit_k8s_quotes_ambiguous_strings)
{
	dh_arena *a = dh_arena_new();
	dh_facts f;
	dh_buf b = DH_BUF_INIT;
	yaml_document_t d;
	dh_k8s_opts o = {.form = DH_K8S_POD,
			 .name = "on",
			 .image = "1.5",
			 .container = "12"};

	minimal_facts(&f, a);
	ck_assert_int_eq(dh_emit_k8s(&b, &f, &o), 0);
	parse_one(&d, &b);
	expect(&d, "", "metadata/name", "on", DQ);
	expect(&d, "", "spec/containers/0/image", "1.5", DQ);
	expect(&d, "", "spec/containers/0/name", "12", DQ);
	yaml_document_delete(&d);
	dh_buf_free(&b);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_emit_k8s_no_document_markers)
{
	dh_arena *a = dh_arena_new();
	dh_facts f;
	dh_buf b = DH_BUF_INIT;

	full_facts(&f, a);
	for (int form = DH_K8S_FRAGMENT; form <= DH_K8S_POD; form++) {
		dh_k8s_opts o = {.form = (dh_k8s_form)form};
		dh_buf_clear(&b);
		ck_assert_int_eq(dh_emit_k8s(&b, &f, &o), 0);
		ck_assert_msg(strncmp(b.data, "---", 3) != 0, "form %d", form);
		ck_assert_ptr_null(strstr(b.data, "\n..."));
		ck_assert_ptr_null(strstr(b.data, "\t"));
		ck_assert_int_eq(b.data[b.len - 1], '\n');
	}
	dh_buf_free(&b);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_emit_k8s_libyaml_failure_leaves_buffer)
{
	dh_arena *a = dh_arena_new();
	dh_facts f;
	dh_buf b = DH_BUF_INIT;
	/* libyaml refuses scalars that are not valid UTF-8 */
	dh_k8s_opts o = {.form = DH_K8S_POD, .name = "bad\xff"};

	full_facts(&f, a);
	dh_buf_puts(&b, "keep\n");
	ck_assert_int_eq(dh_emit_k8s(&b, &f, &o), DH_EYAML);
	ck_assert_uint_eq(b.len, 5);
	ck_assert_str_eq(b.data, "keep\n");
	ck_assert_int_eq(dh_emit_compose(&b, &f, "\xfe", NULL), DH_EYAML);
	ck_assert_str_eq(b.data, "keep\n");
	dh_buf_free(&b);
	dh_arena_free(a);
}
END_TEST

/* ---- volume names ------------------------------------------------------ */

START_TEST(test_emit_volume_name_derivation)
{
	static const char *const cases[][2] = {
		{"/", "root"},
		{"/tmp", "tmp"},
		{"/var/cache/nginx", "var-cache-nginx"},
		{"/Var/Lib/My_App.d", "var-lib-my-app-d"},
		{"/a//b..c__d", "a-b-c-d"},
		{"/data/", "data"},
		{"/.hidden", "hidden"},
		{"/@@/", "vol"},
		{"/caf\xc3\xa9/x", "caf-x"},
		{"//", "root"},
	};
	char out[DH_K8S_LABEL_SIZE];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		dh_k8s_volume_name(out, cases[i][0], NULL, 0);
		ck_assert_msg(strcmp(out, cases[i][1]) == 0,
			      "'%s' gave '%s', want '%s'", cases[i][0], out,
			      cases[i][1]);
		ck_assert(is_dns_label(out));
	}
}
END_TEST

START_TEST(test_emit_volume_name_length_limit)
{
	char path[200];
	char out[DH_K8S_LABEL_SIZE];

	/* character 63 of the label would be the '-' for the second '/' */
	path[0] = '/';
	memset(path + 1, 'a', 62);
	memcpy(path + 63, "/bbbbbbbbbbbbbbbbbbbb", 22);
	dh_k8s_volume_name(out, path, NULL, 0);
	ck_assert_uint_eq(strlen(out), 62);
	ck_assert(is_dns_label(out));

	memset(path + 1, 'x', 150);
	path[151] = '\0';
	dh_k8s_volume_name(out, path, NULL, 0);
	ck_assert_uint_eq(strlen(out), 63);
	ck_assert(is_dns_label(out));
}
END_TEST

START_TEST(test_emit_volume_name_dedupe)
{
	char out[DH_K8S_LABEL_SIZE];
	char long_name[DH_K8S_LABEL_SIZE];
	char path[80];
	const char *taken[] = {"tmp", "tmp-2", long_name};

	dh_k8s_volume_name(out, "/tmp", taken, 1);
	ck_assert_str_eq(out, "tmp-2");
	dh_k8s_volume_name(out, "/tmp", taken, 2);
	ck_assert_str_eq(out, "tmp-3");
	dh_k8s_volume_name(out, "/TMP/", taken, 2);
	ck_assert_str_eq(out, "tmp-3");
	dh_k8s_volume_name(out, "/var", taken, 2);
	ck_assert_str_eq(out, "var");

	memset(long_name, 'z', 63);
	long_name[63] = '\0';
	path[0] = '/';
	memcpy(path + 1, long_name, 64);
	dh_k8s_volume_name(out, path, taken, 3);
	ck_assert_uint_eq(strlen(out), 63);
	ck_assert_int_eq(strncmp(out, long_name, 61), 0);
	ck_assert_str_eq(out + 61, "-2");

	/* the shortened base must not end in '-' before the suffix */
	long_name[60] = '-';
	memcpy(path + 1, long_name, 64);
	dh_k8s_volume_name(out, path, taken, 3);
	ck_assert(is_dns_label(out));
	ck_assert_uint_eq(strlen(out), 62);
	ck_assert_str_eq(out + 60, "-2");
	ck_assert_ptr_null(strstr(out, "--"));
}
END_TEST

START_TEST(test_emit_k8s_volume_names_unique_in_output)
{
	dh_arena *a = dh_arena_new();
	dh_facts f;
	dh_buf b = DH_BUF_INIT;
	yaml_document_t d;

	dh_facts_init(&f);
	dh_facts_add_writable(&f, a, "/a_b");
	dh_facts_add_writable(&f, a, "/a.b");
	dh_facts_add_writable(&f, a, "/a/b");
	dh_facts_add_writable(&f, a, "/a-b-2");
	ck_assert_int_eq(dh_emit_k8s(&b, &f, NULL), 0);
	parse_one(&d, &b);
	/* sorted: /a-b-2, /a.b, /a/b, /a_b */
	static const char *const want[][2] = {{"a-b-2", "/a-b-2"},
					      {"a-b", "/a.b"},
					      {"a-b-3", "/a/b"},
					      {"a-b-4", "/a_b"}};
	for (int i = 0; i < 4; i++) {
		char p[64];
		snprintf(p, sizeof(p), "containers/0/volumeMounts/%d/", i);
		expect(&d, p, "name", want[i][0], PLAIN);
		expect(&d, p, "mountPath", want[i][1], PLAIN);
		snprintf(p, sizeof(p), "volumes/%d/", i);
		expect(&d, p, "name", want[i][0], PLAIN);
	}
	yaml_document_delete(&d);
	dh_buf_free(&b);
	dh_arena_free(a);
}
END_TEST

/* ---- compose ----------------------------------------------------------- */

START_TEST(test_emit_compose_fields)
{
	dh_arena *a = dh_arena_new();
	dh_facts f;
	dh_buf b = DH_BUF_INIT;
	yaml_document_t d;
	const char *s = "services/web/";

	full_facts(&f, a);
	ck_assert_int_eq(dh_emit_compose(&b, &f, "web", NULL), 0);
	parse_one(&d, &b);
	expect_size(&d, "", "", 1);
	expect_size(&d, "", "services", 1);
	expect_size(&d, s, "", 9);
	expect(&d, s, "user", "10001:10001", DQ);
	expect(&d, s, "read_only", "true", PLAIN);
	expect_size(&d, s, "cap_drop", 1);
	expect(&d, s, "cap_drop/0", "ALL", PLAIN);
	expect_size(&d, s, "cap_add", 1);
	expect(&d, s, "cap_add/0", "NET_BIND_SERVICE", PLAIN);
	expect_size(&d, s, "security_opt", 1);
	expect(&d, s, "security_opt/0", "no-new-privileges:true", PLAIN);
	/* the user's own folder is a volume: a tmpfs there would be root's */
	expect_size(&d, s, "tmpfs", 1);
	expect(&d, s, "tmpfs/0", "/tmp:rw,noexec,nosuid,size=64m", PLAIN);
	expect_size(&d, s, "volumes", 2);
	expect(&d, s, "volumes/0", "/data", PLAIN);
	expect(&d, s, "volumes/1", "/var/cache/nginx", PLAIN);
	expect_size(&d, s, "ports", 3);
	expect(&d, s, "ports/0", "8080:8080", DQ);
	expect(&d, s, "ports/1", "80:80", DQ);
	expect(&d, s, "ports/2", "53:53/udp", DQ);
	ck_assert_int_eq(at(&d, "services/web/ports")->data.sequence.style,
			 YAML_BLOCK_SEQUENCE_STYLE);
	expect_size(&d, s, "sysctls", 1);
	expect(&d, s, "sysctls/net.ipv4.ip_unprivileged_port_start", "0", DQ);
	yaml_document_delete(&d);
	dh_buf_free(&b);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_emit_compose_minimal)
{
	dh_arena *a = dh_arena_new();
	dh_facts f;
	dh_buf b = DH_BUF_INIT;
	yaml_document_t d;

	minimal_facts(&f, a);
	f.uid = 2000;
	f.gid = 3000;
	ck_assert_int_eq(dh_emit_compose(&b, &f, NULL, NULL), 0);
	parse_one(&d, &b);
	expect_size(&d, "services/app/", "", 5);
	expect(&d, "services/app/", "user", "2000:3000", DQ);
	expect(&d, "services/app/", "tmpfs/0", "/tmp:rw,noexec,nosuid,size=64m",
	       PLAIN);
	expect_missing(&d, "services/app/", "ports");
	expect_missing(&d, "services/app/", "sysctls");
	expect_missing(&d, "services/app/", "volumes");
	expect_missing(&d, "services/app/", "cap_add");
	yaml_document_delete(&d);
	dh_buf_free(&b);
	dh_arena_free(a);
}
END_TEST

/* ---- docker run -------------------------------------------------------- */

START_TEST(test_emit_docker_run_flags)
{
	static const char want[] =
		"docker run \\\n"
		"  --user 10001:10001 \\\n"
		"  --cap-drop ALL \\\n"
		"  --cap-add NET_BIND_SERVICE \\\n"
		"  --security-opt no-new-privileges \\\n"
		"  --read-only \\\n"
		"  --tmpfs /tmp:rw,noexec,nosuid,size=64m \\\n"
		"  --mount type=volume,target=/data \\\n"
		"  --mount type=volume,target=/var/cache/nginx \\\n"
		"  --sysctl net.ipv4.ip_unprivileged_port_start=0 \\\n"
		"  -p 8080:8080 \\\n"
		"  -p 80:80 \\\n"
		"  -p 53:53/udp \\\n"
		"  IMAGE\n";
	dh_arena *a = dh_arena_new();
	dh_facts f;
	dh_buf b = DH_BUF_INIT;

	full_facts(&f, a);
	dh_emit_docker_run(&b, &f, NULL);
	ck_assert_str_eq(b.data, want);
	dh_buf_free(&b);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_emit_docker_run_minimal)
{
	dh_arena *a = dh_arena_new();
	dh_facts f;
	dh_buf b = DH_BUF_INIT;

	minimal_facts(&f, a);
	dh_emit_docker_run(&b, &f, "nginx:1.27");
	ck_assert_str_eq(b.data, "docker run \\\n"
				 "  --user 10001:10001 \\\n"
				 "  --cap-drop ALL \\\n"
				 "  --security-opt no-new-privileges \\\n"
				 "  --read-only \\\n"
				 "  --tmpfs /tmp:rw,noexec,nosuid,size=64m \\\n"
				 "  nginx:1.27\n");
	dh_buf_free(&b);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_emit_docker_run_quotes_shell_words)
{
	dh_arena *a = dh_arena_new();
	dh_facts f;
	dh_buf b = DH_BUF_INIT;

	dh_facts_init(&f);
	/* root: every path but a VOLUME is a tmpfs, so both forms are quoted */
	f.identity = DH_IDENTITY_ROOT;
	dh_facts_add_writable(&f, a, "/my dir");
	dh_facts_add_writable(&f, a, "/it's$HOME");
	dh_facts_add_writable(&f, a, "/v,\"x");
	f.volumes = dh_arena_alloc(a, sizeof(char *));
	f.volumes[0] = "/v,\"x";
	f.nvolumes = 1;
	dh_emit_docker_run(&b, &f, "img;rm");
	ck_assert_ptr_nonnull(strstr(
		b.data,
		"  --tmpfs '/it'\\''s$HOME:rw,noexec,nosuid,size=64m' \\\n"));
	ck_assert_ptr_nonnull(strstr(
		b.data, "  --tmpfs '/my dir:rw,noexec,nosuid,size=64m' \\\n"));
	ck_assert_ptr_nonnull(strstr(
		b.data, "  --mount 'type=volume,\"target=/v,\"\"x\"' \\\n"));
	ck_assert_ptr_nonnull(strstr(b.data, "  'img;rm'\n"));
	dh_buf_free(&b);
	dh_arena_free(a);
}
END_TEST

START_TEST(test_emit_shared_values)
{
	ck_assert_str_eq(dh_tmpfs_options(), "rw,noexec,nosuid,size=64m");
	ck_assert_str_eq(dh_low_port_sysctl(),
			 "net.ipv4.ip_unprivileged_port_start");
}
END_TEST

/* ---- determinism ------------------------------------------------------- */

/* Runs emitter `which` for f, appending to b. */
static int emit_any(dh_buf *b, const dh_facts *f, int which)
{
	dh_k8s_opts o = {.form = (dh_k8s_form)which};
	if (which <= DH_K8S_POD)
		return dh_emit_k8s(b, f, &o);
	if (which == 3)
		return dh_emit_compose(b, f, NULL, NULL);
	dh_emit_docker_run(b, f, NULL);
	return 0;
}

START_TEST(test_emit_deterministic)
{
	dh_arena *a = dh_arena_new();
	dh_facts f;

	full_facts(&f, a);
	for (int which = 0; which < 5; which++) {
		dh_buf one = DH_BUF_INIT;
		dh_buf two = DH_BUF_INIT;
		ck_assert_int_eq(emit_any(&one, &f, which), 0);
		dh_buf_puts(&two, "prefix\n");
		ck_assert_int_eq(emit_any(&two, &f, which), 0);
		ck_assert_uint_gt(one.len, 0);
		ck_assert_uint_eq(two.len, one.len + 7);
		ck_assert_int_eq(memcmp(one.data, two.data + 7, one.len), 0);
		dh_buf_clear(&two);
		ck_assert_int_eq(emit_any(&two, &f, which), 0);
		ck_assert_uint_eq(two.len, one.len);
		ck_assert_int_eq(memcmp(one.data, two.data, one.len), 0);
		dh_buf_free(&one);
		dh_buf_free(&two);
	}
	dh_arena_free(a);
}
END_TEST

static Suite *emit_suite(void)
{
	Suite *s = suite_create("emit");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_emit_k8s_fragment_fields);
	tcase_add_test(tc, test_emit_k8s_patch_fields);
	tcase_add_test(tc, test_emit_k8s_pod_fields);
	tcase_add_test(tc, test_emit_k8s_defaults);
	tcase_add_test(tc, test_emit_k8s_minimal_omits_optional_keys);
	tcase_add_test(tc, test_emit_k8s_sample_exact_text);
	tcase_add_test(tc, test_emit_k8s_quotes_ambiguous_strings);
	tcase_add_test(tc, test_emit_k8s_no_document_markers);
	tcase_add_test(tc, test_emit_k8s_libyaml_failure_leaves_buffer);
	tcase_add_test(tc, test_emit_volume_name_derivation);
	tcase_add_test(tc, test_emit_volume_name_length_limit);
	tcase_add_test(tc, test_emit_volume_name_dedupe);
	tcase_add_test(tc, test_emit_k8s_volume_names_unique_in_output);
	tcase_add_test(tc, test_emit_compose_fields);
	tcase_add_test(tc, test_emit_compose_minimal);
	tcase_add_test(tc, test_emit_docker_run_flags);
	tcase_add_test(tc, test_emit_docker_run_minimal);
	tcase_add_test(tc, test_emit_docker_run_quotes_shell_words);
	tcase_add_test(tc, test_emit_shared_values);
	tcase_add_test(tc, test_emit_deterministic);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(emit_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
