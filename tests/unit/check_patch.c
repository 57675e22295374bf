/* SPDX-License-Identifier: MIT */
/* Unit tests for the manifest patcher: exact output for small inputs,
 * re-parsing every output and checking the fields, warnings with spans,
 * --override, aliases, CRLF, templates, compose files and idempotence. */
#include "dockharden/patch.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dockharden/errors.h"
#include "dockharden/yaml_tree.h"

typedef struct run {
	dh_arena *arena;
	dh_diags diags;
	dh_source *src;
	dh_buf out;
	int rc;
} run;

static void patch_opts(run *r, const char *text, const dh_patch_opts *opts)
{
	r->arena = dh_arena_new();
	dh_diags_init(&r->diags, r->arena);
	r->src = dh_source_new(r->arena, "t.yaml", text, strlen(text));
	r->out = (dh_buf)DH_BUF_INIT;
	r->rc = dh_patch_yaml(&r->out, &r->diags, r->src, opts);
}

/*
 * Most tests check how edits are written, so they apply the whole
 * profile (--level=strict); the evidence rules have their own tests.
 */
static const dh_patch_opts strict_opts = {.strict = true};

static void patch(run *r, const char *text)
{
	patch_opts(r, text, &strict_opts);
}

static void done(run *r)
{
	dh_buf_free(&r->out);
	dh_arena_free(r->arena);
}

static const char *out_str(const run *r)
{
	return r->out.data ? r->out.data : "";
}

static size_t count_code(const run *r, const char *code, dh_severity sev)
{
	size_t n = 0;
	for (const dh_diag *d = r->diags.first; d; d = d->next)
		n += strcmp(d->code, code) == 0 && d->severity == sev;
	return n;
}

static const dh_diag *find_code(const run *r, const char *code)
{
	for (const dh_diag *d = r->diags.first; d; d = d->next)
		if (strcmp(d->code, code) == 0)
			return d;
	return NULL;
}

/* The patched text patched again is unchanged. */
static void expect_idempotent(const run *r, const dh_patch_opts *opts)
{
	run again;
	patch_opts(&again, out_str(r), opts);
	ck_assert_int_eq(again.rc, 0);
	ck_assert_str_eq(out_str(&again), out_str(r));
	done(&again);
}

/* Re-parses text with libyaml (through the span tree). */
static dh_ynode *reparse(dh_arena *arena, const char *text, size_t doc)
{
	dh_diags diags;
	dh_ystream stream;
	dh_diags_init(&diags, arena);
	dh_source *src = dh_source_new(arena, "o.yaml", text, strlen(text));
	ck_assert_int_eq(dh_yaml_tree_parse(&stream, &diags, src), 0);
	const dh_ydoc *d = stream.first;
	for (size_t i = 0; i < doc && d; i++)
		d = d->next;
	ck_assert_ptr_nonnull(d);
	return d->root;
}

/* The node at a path of keys ("#n" indexes a sequence). */
static const dh_ynode *at(const dh_ynode *n, const char *const *path)
{
	for (; *path && n; path++) {
		if ((*path)[0] == '#') {
			size_t i = strtoul(*path + 1, NULL, 10);
			n = n->first;
			while (n && i--)
				n = n->next;
		} else {
			n = dh_ynode_get(n, *path);
		}
	}
	return n;
}

#define AT(root, ...) at(root, (const char *const[]){__VA_ARGS__, NULL})

static void expect_scalar(const dh_ynode *n, const char *want)
{
	ck_assert_ptr_nonnull(n);
	ck_assert_int_eq(n->kind, DH_YNODE_SCALAR);
	ck_assert_str_eq(n->value, want);
}

static const char pod_in[] = "apiVersion: v1\n"
			     "kind: Pod\n"
			     "metadata:\n"
			     "  name: p # keep me\n"
			     "spec:\n"
			     "  containers:\n"
			     "  - name: app\n"
			     "    image: registry.example/app:1\n";

static const char pod_out[] = "apiVersion: v1\n"
			      "kind: Pod\n"
			      "metadata:\n"
			      "  name: p # keep me\n"
			      "spec:\n"
			      "  containers:\n"
			      "  - name: app\n"
			      "    image: registry.example/app:1\n"
			      "    securityContext:\n"
			      "      allowPrivilegeEscalation: false\n"
			      "      readOnlyRootFilesystem: true\n"
			      "      capabilities:\n"
			      "        drop:\n"
			      "        - ALL\n"
			      "    volumeMounts:\n"
			      "    - name: tmp\n"
			      "      mountPath: /tmp\n"
			      "  securityContext:\n"
			      "    runAsNonRoot: true\n"
			      "    runAsUser: 10001\n"
			      "    runAsGroup: 10001\n"
			      "    seccompProfile:\n"
			      "      type: RuntimeDefault\n"
			      "  volumes:\n"
			      "  - name: tmp\n"
			      "    emptyDir: {}\n";

START_TEST(test_patch_pod_exact)
{
	run r;
	patch(&r, pod_in);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_str_eq(out_str(&r), pod_out);
	ck_assert_uint_eq(count_code(&r, "DH201", DH_SEV_NOTE), 1);
	ck_assert_uint_eq(count_code(&r, "DH202", DH_SEV_NOTE), 1);
	ck_assert_uint_eq(count_code(&r, "DH203", DH_SEV_NOTE), 1);
	ck_assert_uint_eq(r.diags.errors, 0);
	expect_idempotent(&r, NULL);
	done(&r);
}
END_TEST

START_TEST(test_patch_pod_reparses_with_fields)
{
	run r;
	patch(&r, pod_in);
	dh_ynode *root = reparse(r.arena, out_str(&r), 0);
	const dh_ynode *spec = dh_ynode_get(root, "spec");
	expect_scalar(AT(spec, "securityContext", "runAsNonRoot"), "true");
	expect_scalar(AT(spec, "securityContext", "runAsUser"), "10001");
	expect_scalar(AT(spec, "securityContext", "seccompProfile", "type"),
		      "RuntimeDefault");
	const dh_ynode *c = AT(spec, "containers", "#0");
	expect_scalar(AT(c, "securityContext", "allowPrivilegeEscalation"),
		      "false");
	expect_scalar(AT(c, "securityContext", "readOnlyRootFilesystem"),
		      "true");
	expect_scalar(AT(c, "securityContext", "capabilities", "drop", "#0"),
		      "ALL");
	ck_assert_ptr_null(AT(c, "securityContext", "runAsNonRoot"));
	ck_assert_ptr_null(AT(c, "securityContext", "runAsUser"));
	expect_scalar(AT(c, "volumeMounts", "#0", "mountPath"), "/tmp");
	expect_scalar(AT(spec, "volumes", "#0", "name"), "tmp");
	done(&r);
}
END_TEST

START_TEST(test_patch_hardened_is_identical)
{
	run first;
	patch(&first, pod_in);
	run r;
	patch(&r, out_str(&first));
	ck_assert_int_eq(r.rc, 0);
	ck_assert_str_eq(out_str(&r), out_str(&first));
	ck_assert_uint_eq(r.diags.count, 0);
	done(&r);
	done(&first);
}
END_TEST

START_TEST(test_patch_flow_mapping_gets_keys_inside)
{
	run r;
	patch(&r, "kind: Pod\nspec:\n  securityContext: {runAsUser: 1000}\n"
		  "  containers: [{name: a, image: b, securityContext: {}}]\n");
	ck_assert_str_eq(
		out_str(&r),
		"kind: Pod\nspec:\n  securityContext: {runAsUser: 1000, "
		"runAsNonRoot: true, runAsGroup: 1000, seccompProfile: "
		"{type: RuntimeDefault}}\n  containers: [{name: a, image: b, "
		"securityContext: {allowPrivilegeEscalation: false, "
		"readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}, "
		"volumeMounts: [{name: tmp, mountPath: /tmp}]}]\n"
		"  volumes:\n    - name: tmp\n      emptyDir: {}\n");
	expect_idempotent(&r, NULL);
	done(&r);
}
END_TEST

START_TEST(test_patch_four_spaces_flush_lists)
{
	run r;
	patch(&r, "kind: Pod\nspec:\n    containers:\n    - name: a\n"
		  "      image: b\n      securityContext:\n"
		  "          runAsNonRoot: true\n");
	dh_ynode *root = reparse(r.arena, out_str(&r), 0);
	ck_assert_ptr_nonnull(strstr(out_str(&r), "\n          capabilities:\n"
						  "              drop:\n"
						  "              - ALL\n"));
	ck_assert_ptr_nonnull(strstr(out_str(&r),
				     "\n    securityContext:\n"
				     "        runAsNonRoot: true\n"));
	expect_scalar(AT(root, "spec", "volumes", "#0", "name"), "tmp");
	done(&r);
}
END_TEST

START_TEST(test_patch_explicit_insecure_warned_unchanged)
{
	const char *in =
		"kind: Pod\nspec:\n  hostPID: true\n  containers:\n"
		"  - name: a\n    image: b\n    securityContext:\n"
		"      privileged: true\n"
		"      allowPrivilegeEscalation: true\n"
		"      readOnlyRootFilesystem: false\n"
		"      capabilities: {add: [SYS_ADMIN], drop: [ALL]}\n";
	run r;
	patch(&r, in);
	ck_assert_int_eq(r.rc, 0);
	const dh_diag *d = find_code(&r, "DH210");
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(d->severity, DH_SEV_WARNING);
	ck_assert_uint_eq(d->span.end - d->span.start, 4);
	ck_assert(strncmp(in + d->span.start, "true", 4) == 0);
	ck_assert_uint_eq(count_code(&r, "DH212", DH_SEV_WARNING), 1);
	ck_assert_uint_eq(count_code(&r, "DH213", DH_SEV_WARNING), 1);
	ck_assert_uint_eq(count_code(&r, "DH214", DH_SEV_WARNING), 1);
	ck_assert_uint_eq(count_code(&r, "DH216", DH_SEV_WARNING), 1);
	/* the container has nothing left to add; no /tmp mount (rw root) */
	ck_assert_ptr_null(find_code(&r, "DH202"));
	ck_assert_ptr_null(find_code(&r, "DH203"));
	dh_ynode *root = reparse(r.arena, out_str(&r), 0);
	const dh_ynode *sc =
		AT(root, "spec", "containers", "#0", "securityContext");
	expect_scalar(dh_ynode_get(sc, "privileged"), "true");
	expect_scalar(dh_ynode_get(sc, "allowPrivilegeEscalation"), "true");
	expect_scalar(AT(root, "spec", "hostPID"), "true");
	done(&r);
}
END_TEST

START_TEST(test_patch_override_replaces)
{
	dh_patch_opts o = {.override = true};
	run r;
	patch_opts(&r,
		   "kind: Pod\nspec:\n  securityContext:\n"
		   "    runAsUser: 0\n  containers:\n  - name: a\n"
		   "    image: b\n    securityContext:\n"
		   "      privileged: true\n",
		   &o);
	dh_ynode *root = reparse(r.arena, out_str(&r), 0);
	expect_scalar(AT(root, "spec", "securityContext", "runAsUser"),
		      "10001");
	const dh_ynode *sc =
		AT(root, "spec", "containers", "#0", "securityContext");
	expect_scalar(dh_ynode_get(sc, "privileged"), "false");
	expect_scalar(dh_ynode_get(sc, "allowPrivilegeEscalation"), "false");
	ck_assert_uint_eq(count_code(&r, "DH210", DH_SEV_NOTE), 1);
	ck_assert_uint_eq(count_code(&r, "DH211", DH_SEV_NOTE), 1);
	ck_assert_uint_eq(count_code(&r, "DH210", DH_SEV_WARNING), 0);
	expect_idempotent(&r, &o);
	done(&r);
}
END_TEST

START_TEST(test_patch_override_removes_added_caps)
{
	dh_patch_opts o = {.override = true, .strict = true};
	run r;
	patch_opts(&r,
		   "kind: Pod\nspec:\n  containers:\n  - name: a\n"
		   "    securityContext:\n      capabilities:\n"
		   "        add:\n        - SYS_ADMIN\n"
		   "        - NET_BIND_SERVICE\n        - NET_ADMIN\n",
		   &o);
	ck_assert_ptr_nonnull(
		strstr(out_str(&r), "        add:\n        - NET_BIND_SERVICE\n"
				    "        drop:\n        - ALL\n"));
	ck_assert_ptr_null(strstr(out_str(&r), "SYS_ADMIN"));
	ck_assert_uint_eq(count_code(&r, "DH216", DH_SEV_NOTE), 2);
	expect_idempotent(&r, &o);
	done(&r);
}
END_TEST

START_TEST(test_patch_privileged_kept_no_ape_false)
{
	run r;
	patch(&r, "kind: Pod\nspec:\n  containers:\n  - name: a\n"
		  "    securityContext:\n      privileged: true\n");
	/* the API server rejects privileged with allowPrivilegeEscalation
	 * false, so it is not added while privileged stays */
	ck_assert_ptr_null(strstr(out_str(&r), "allowPrivilegeEscalation"));
	done(&r);
}
END_TEST

START_TEST(test_patch_pod_level_honoured)
{
	run r;
	patch(&r, "kind: Pod\nspec:\n  securityContext:\n"
		  "    runAsNonRoot: false\n  containers:\n  - name: a\n"
		  "    image: b\n");
	dh_ynode *root = reparse(r.arena, out_str(&r), 0);
	expect_scalar(AT(root, "spec", "securityContext", "runAsNonRoot"),
		      "false");
	ck_assert_ptr_null(AT(root, "spec", "containers", "#0",
			      "securityContext", "runAsNonRoot"));
	ck_assert_uint_eq(count_code(&r, "DH211", DH_SEV_WARNING), 1);
	done(&r);
}
END_TEST

START_TEST(test_patch_merge_key_not_edited)
{
	run r;
	patch(&r, "x-sc: &sc\n  allowPrivilegeEscalation: true\n---\n"
		  "kind: Pod\nspec:\n  containers:\n  - name: a\n"
		  "    securityContext:\n      <<: {readOnlyRootFilesystem: "
		  "false}\n");
	ck_assert_uint_eq(count_code(&r, "DH220", DH_SEV_WARNING), 1);
	ck_assert_ptr_null(find_code(&r, "DH213"));
	ck_assert_ptr_nonnull(strstr(out_str(&r),
				     "<<: {readOnlyRootFilesystem: false}\n"
				     "      allowPrivilegeEscalation: false\n"
				     "      capabilities:\n"));
	done(&r);
}
END_TEST

START_TEST(test_patch_alias_container_not_edited)
{
	run r;
	patch(&r, "kind: Pod\nspec:\n  initContainers:\n  - &c {name: i}\n"
		  "  containers:\n  - *c\n");
	ck_assert_uint_eq(count_code(&r, "DH220", DH_SEV_WARNING), 1);
	ck_assert_uint_eq(count_code(&r, "DH202", DH_SEV_NOTE), 1);
	done(&r);
}
END_TEST

START_TEST(test_patch_crlf_kept)
{
	run r;
	patch(&r, "kind: Pod\r\nspec:\r\n  containers:\r\n  - name: a\r\n");
	const char *s = out_str(&r);
	ck_assert(strlen(s) > 100);
	for (const char *nl = strchr(s, '\n'); nl; nl = strchr(nl + 1, '\n'))
		ck_assert_msg(nl > s && nl[-1] == '\r', "bare LF at %td",
			      nl - s);
	done(&r);
}
END_TEST

START_TEST(test_patch_no_final_newline)
{
	run r;
	patch(&r, "kind: Pod\nspec:\n  containers:\n  - name: a");
	dh_ynode *root = reparse(r.arena, out_str(&r), 0);
	expect_scalar(AT(root, "spec", "containers", "#0", "name"), "a");
	expect_scalar(AT(root, "spec", "volumes", "#0", "name"), "tmp");
	done(&r);
}
END_TEST

START_TEST(test_patch_template_refused)
{
	run r;
	r.arena = dh_arena_new();
	dh_diags_init(&r.diags, r.arena);
	const char *in = "# {{ not here }}\nkind: Pod\nmetadata:\n"
			 "  name: {{ .Release.Name }}\n";
	r.src = dh_source_new(r.arena, "t.yaml", in, strlen(in));
	r.out = (dh_buf)DH_BUF_INIT;
	r.rc = dh_patch_yaml(&r.out, &r.diags, r.src, NULL);
	ck_assert_int_eq(r.rc, DH_EINPUT);
	ck_assert_uint_eq(r.out.len, 0);
	const dh_diag *d = find_code(&r, "template-detected");
	ck_assert_ptr_nonnull(d);
	uint32_t line, col;
	dh_source_locate(r.src, d->span.start, &line, &col);
	ck_assert_uint_eq(line, 4);
	ck_assert_uint_eq(col, 9);
	done(&r);
}
END_TEST

START_TEST(test_patch_invalid_yaml)
{
	run r;
	patch(&r, "kind: Pod\nspec: [a\n");
	ck_assert_int_eq(r.rc, DH_EINPUT);
	ck_assert_uint_eq(r.out.len, 0);
	ck_assert_ptr_nonnull(find_code(&r, "yaml-syntax"));
	done(&r);
}
END_TEST

START_TEST(test_patch_service_untouched)
{
	const char *in = "apiVersion: v1\nkind: Service\nspec:\n"
			 "  ports: [{port: 80}]\n";
	run r;
	patch(&r, in);
	ck_assert_str_eq(out_str(&r), in);
	ck_assert_uint_eq(r.diags.count, 0);
	done(&r);
}
END_TEST

START_TEST(test_patch_parent_mount_kept)
{
	run r;
	patch(&r, "kind: Pod\nspec:\n  containers:\n  - name: w\n"
		  "    image: nginx:1.25\n    volumeMounts:\n"
		  "    - {name: v, mountPath: /var}\n  volumes:\n"
		  "  - {name: v, emptyDir: {}}\n");
	dh_ynode *root = reparse(r.arena, out_str(&r), 0);
	const dh_ynode *mounts =
		AT(root, "spec", "containers", "#0", "volumeMounts");
	ck_assert_uint_eq(mounts->nchildren, 2); /* /var and /tmp */
	expect_scalar(AT(mounts, "#1", "mountPath"), "/tmp");
	expect_scalar(AT(root, "spec", "volumes", "#1", "name"), "tmp");
	done(&r);
}
END_TEST

START_TEST(test_patch_facts_paths_and_container_filter)
{
	dh_arena *fa = dh_arena_new();
	dh_facts facts;
	dh_facts_init(&facts);
	facts.uid = 2000;
	facts.gid = 3000;
	dh_facts_add_writable(&facts, fa, "/tmp");
	dh_facts_add_writable(&facts, fa, "/data");
	facts.volumes = facts.writable; /* "/data" first */
	facts.nvolumes = 1;
	dh_patch_opts o = {.facts = &facts, .container = "app"};
	run r;
	patch_opts(&r,
		   "kind: Pod\nspec:\n  containers:\n  - name: app\n"
		   "  - name: side\n",
		   &o);
	dh_ynode *root = reparse(r.arena, out_str(&r), 0);
	/* the facts are app's own: its identity, not the pod's */
	ck_assert_ptr_null(AT(root, "spec", "securityContext", "runAsUser"));
	expect_scalar(AT(root, "spec", "containers", "#0", "securityContext",
			 "runAsUser"),
		      "2000");
	expect_scalar(AT(root, "spec", "containers", "#0", "securityContext",
			 "runAsGroup"),
		      "3000");
	expect_scalar(AT(root, "spec", "securityContext", "fsGroup"), "3000");
	ck_assert_uint_eq(
		AT(root, "spec", "containers", "#0", "volumeMounts")->nchildren,
		2);
	/* side has no evidence: no mounts, no identity, one finding */
	ck_assert_ptr_null(
		AT(root, "spec", "containers", "#1", "volumeMounts"));
	ck_assert_ptr_null(AT(root, "spec", "containers", "#1",
			      "securityContext", "runAsUser"));
	expect_scalar(AT(root, "spec", "containers", "#1", "securityContext",
			 "allowPrivilegeEscalation"),
		      "false");
	ck_assert_uint_eq(count_code(&r, "DH250", DH_SEV_WARNING), 1);
	ck_assert_uint_eq(AT(root, "spec", "volumes")->nchildren, 2);
	expect_idempotent(&r, &o);
	done(&r);
	dh_arena_free(fa);
}
END_TEST

START_TEST(test_patch_workload_kinds)
{
	static const char *const docs[] = {
		"kind: Deployment\nspec:\n  template:\n    spec:\n"
		"      containers:\n      - name: a\n",
		"kind: CronJob\nspec:\n  jobTemplate:\n    spec:\n"
		"      template:\n        spec:\n          containers:\n"
		"          - name: a\n",
		"kind: PodTemplate\ntemplate:\n  spec:\n    containers:\n"
		"    - name: a\n",
		"kind: List\nitems:\n- kind: Pod\n  spec:\n    containers:\n"
		"    - name: a\n",
	};
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		run r;
		patch(&r, docs[i]);
		ck_assert_uint_eq(count_code(&r, "DH201", DH_SEV_NOTE), 1);
		ck_assert_uint_eq(count_code(&r, "DH202", DH_SEV_NOTE), 1);
		expect_idempotent(&r, NULL);
		done(&r);
	}
}
END_TEST

START_TEST(test_patch_compose_exact)
{
	run r;
	patch(&r, "services:\n  web:\n    image: registry.example/web # front\n"
		  "    ports:\n      - \"8080:8080\"\n");
	ck_assert_str_eq(out_str(&r),
			 "services:\n  web:\n    image: registry.example/web "
			 "# front\n"
			 "    ports:\n      - \"8080:8080\"\n"
			 "    user: \"10001:10001\"\n"
			 "    read_only: true\n"
			 "    cap_drop:\n      - ALL\n"
			 "    security_opt:\n      - no-new-privileges:true\n"
			 "    tmpfs:\n"
			 "      - \"/tmp:rw,noexec,nosuid,size=64m\"\n");
	ck_assert_uint_eq(count_code(&r, "DH230", DH_SEV_NOTE), 1);
	expect_idempotent(&r, &strict_opts);
	done(&r);
}
END_TEST

START_TEST(test_patch_compose_explicit_warned)
{
	run r;
	patch(&r, "services:\n  db:\n    user: root\n    privileged: true\n"
		  "    network_mode: host\n    cap_add: [NET_ADMIN]\n"
		  "    cap_drop: [NET_RAW]\n");
	ck_assert_uint_eq(count_code(&r, "DH231", DH_SEV_WARNING), 4);
	/* privileged on the host network: infrastructure, kept as it is */
	ck_assert_uint_eq(count_code(&r, "DH240", DH_SEV_WARNING), 1);
	dh_ynode *root = reparse(r.arena, out_str(&r), 0);
	const dh_ynode *db = AT(root, "services", "db");
	expect_scalar(dh_ynode_get(db, "user"), "root");
	ck_assert_uint_eq(AT(db, "cap_drop")->nchildren, 1);
	expect_scalar(AT(db, "security_opt", "#0"), "no-new-privileges:true");
	done(&r);
}
END_TEST

/* ---- ports hardening moved (DH256) ---- */

static const char moved_deploy[] = "apiVersion: apps/v1\n"
				   "kind: Deployment\n"
				   "metadata: {name: web, namespace: shop}\n"
				   "spec:\n"
				   "  template:\n"
				   "    metadata:\n"
				   "      labels: {app: web, tier: front}\n"
				   "    spec:\n"
				   "      containers:\n"
				   "        - name: web\n"
				   "          image: example/web:1\n"
				   "          ports:\n"
				   "            - containerPort: 80\n";

/* Facts of a Dockerfile whose hardening moved 80 to 8080. */
static void moved_facts(dh_facts *f, dh_arena *a)
{
	static const dh_port_move move = {80, 8080, DH_PROTO_TCP};
	dh_facts_init(f);
	dh_facts_add_writable(f, a, "/tmp");
	dh_facts_add_port(f, a, 8080, DH_PROTO_TCP);
	f->uid = f->gid = 101;
	f->user_known = true;
	f->moves = &move;
	f->nmoves = 1;
}

START_TEST(test_patch_ports_find_moved_workload)
{
	dh_arena *a = dh_arena_new();
	dh_facts f;
	moved_facts(&f, a);
	dh_source *src =
		dh_source_new(a, "d.yaml", moved_deploy, strlen(moved_deploy));
	dh_patch_pair pair = {"web", &f};
	dh_patch_opts o = {.pairs = &pair, .npairs = 1};
	dh_patch_moved *m;
	size_t n;
	ck_assert_int_eq(dh_patch_find_moved(&m, &n, src, &o), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(m[0].ns, "shop");
	ck_assert_str_eq(m[0].workload, "Deployment 'web'");
	ck_assert_uint_eq(m[0].nlabels, 4);
	ck_assert_str_eq(m[0].labels[0], "app");
	ck_assert_str_eq(m[0].labels[3], "front");
	ck_assert_ptr_eq(m[0].facts, &f);
	/* no pair, no move: nothing found */
	dh_patch_opts none = {0};
	ck_assert_int_eq(dh_patch_find_moved(&m, &n, src, &none), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(m);
	dh_arena_free(a);
}
END_TEST

/* A Service in another file follows the workload handed in opts. */
START_TEST(test_patch_ports_service_other_file)
{
	static const char svc[] = "apiVersion: v1\n"
				  "kind: Service\n"
				  "metadata: {name: web, namespace: shop}\n"
				  "spec:\n"
				  "  selector: {app: web}\n"
				  "  ports:\n"
				  "    - port: 80\n"
				  "      targetPort: 80 # pods\n"
				  "    - port: 9000\n"
				  "      targetPort: metrics\n";
	static const char *const labels[] = {"app", "web"};
	dh_arena *a = dh_arena_new();
	dh_facts f;
	moved_facts(&f, a);
	dh_patch_moved m = {.ns = "shop",
			    .labels = labels,
			    .nlabels = 2,
			    .facts = &f,
			    .workload = "Deployment 'web' in d.yaml"};
	dh_patch_opts o = {.moved = &m, .nmoved = 1};
	run r;
	patch_opts(&r, svc, &o);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_ptr_nonnull(strstr(out_str(&r), "targetPort: 8080 # pods\n"));
	ck_assert_ptr_nonnull(strstr(out_str(&r), "targetPort: metrics\n"));
	ck_assert_uint_eq(strlen(out_str(&r)), strlen(svc) + 2);
	ck_assert_uint_eq(count_code(&r, "DH256", DH_SEV_NOTE), 1);
	expect_idempotent(&r, &o);
	done(&r);
	/* another namespace: untouched */
	m.ns = NULL;
	patch_opts(&r, svc, &o);
	ck_assert_str_eq(out_str(&r), svc);
	ck_assert_uint_eq(r.diags.count, 0);
	done(&r);
	dh_arena_free(a);
}
END_TEST

/* The moved port no longer asks for the low-port sysctl. */
START_TEST(test_patch_ports_no_low_port_sysctl)
{
	dh_arena *a = dh_arena_new();
	dh_facts f;
	moved_facts(&f, a);
	dh_patch_opts o = {.facts = &f};
	run r;
	patch_opts(&r, moved_deploy, &o);
	ck_assert_int_eq(r.rc, 0);
	ck_assert_ptr_nonnull(strstr(out_str(&r), "containerPort: 8080\n"));
	ck_assert_ptr_null(strstr(out_str(&r), "ip_unprivileged_port_start"));
	ck_assert_ptr_nonnull(find_code(&r, "DH256"));
	expect_idempotent(&r, &o);
	done(&r);
	/* without the move the same file gets it */
	f.nmoves = 0;
	patch_opts(&r, moved_deploy, &o);
	ck_assert_ptr_nonnull(strstr(out_str(&r), "containerPort: 80\n"));
	ck_assert_ptr_nonnull(
		strstr(out_str(&r), "ip_unprivileged_port_start"));
	ck_assert_ptr_null(find_code(&r, "DH256"));
	done(&r);
	dh_arena_free(a);
}
END_TEST

/* An official image's contract applies under a configured Docker Hub
 * mirror prefix, not under a look-alike registry nor a mirror's other
 * paths. */
START_TEST(test_patch_contract_through_mirror)
{
	static const char *const mirrors[] = {"docker.io/library/",
					      "mirror.corp/library/"};
	const dh_patch_opts opts = {.mirrors = mirrors, .nmirrors = 2};
	static const char *const images[] = {"mirror.corp/library/postgres:16",
					     "registry.example/postgres:16",
					     "mirror.corp/postgres:16"};
	for (size_t i = 0; i < 3; i++) {
		run r;
		char text[256];
		snprintf(text, sizeof(text),
			 "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n"
			 "spec:\n  containers:\n    - name: db\n"
			 "      image: %s\n",
			 images[i]);
		patch_opts(&r, text, &opts);
		ck_assert_int_eq(r.rc, 0);
		bool contract = strstr(out_str(&r), "runAsUser: 999") != NULL;
		ck_assert_msg(contract == (i == 0), "%s", images[i]);
		done(&r);
	}
}
END_TEST

static Suite *patch_suite(void)
{
	Suite *s = suite_create("patch");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_patch_pod_exact);
	tcase_add_test(tc, test_patch_pod_reparses_with_fields);
	tcase_add_test(tc, test_patch_hardened_is_identical);
	tcase_add_test(tc, test_patch_flow_mapping_gets_keys_inside);
	tcase_add_test(tc, test_patch_four_spaces_flush_lists);
	tcase_add_test(tc, test_patch_explicit_insecure_warned_unchanged);
	tcase_add_test(tc, test_patch_override_replaces);
	tcase_add_test(tc, test_patch_override_removes_added_caps);
	tcase_add_test(tc, test_patch_privileged_kept_no_ape_false);
	tcase_add_test(tc, test_patch_pod_level_honoured);
	tcase_add_test(tc, test_patch_merge_key_not_edited);
	tcase_add_test(tc, test_patch_alias_container_not_edited);
	tcase_add_test(tc, test_patch_crlf_kept);
	tcase_add_test(tc, test_patch_no_final_newline);
	tcase_add_test(tc, test_patch_template_refused);
	tcase_add_test(tc, test_patch_invalid_yaml);
	tcase_add_test(tc, test_patch_service_untouched);
	tcase_add_test(tc, test_patch_parent_mount_kept);
	tcase_add_test(tc, test_patch_facts_paths_and_container_filter);
	tcase_add_test(tc, test_patch_workload_kinds);
	tcase_add_test(tc, test_patch_compose_exact);
	tcase_add_test(tc, test_patch_compose_explicit_warned);
	tcase_add_test(tc, test_patch_ports_find_moved_workload);
	tcase_add_test(tc, test_patch_ports_service_other_file);
	tcase_add_test(tc, test_patch_ports_no_low_port_sysctl);
	tcase_add_test(tc, test_patch_contract_through_mirror);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(patch_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failures = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failures ? 1 : 0;
}
