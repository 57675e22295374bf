/* SPDX-License-Identifier: MIT */
/*
 * Kubernetes and compose runtime settings, written only as libyaml emitter
 * events in a fixed key order so quoting and indentation are libyaml's job
 * and the output always re-parses to what was meant.
 */
#include "dockharden/emit.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "dockharden/alloc.h"
#include "dockharden/errors.h"

#define DEFAULT_NAME "app"
#define DEFAULT_IMAGE "registry.example/app:1.0"

/*
 * An emitter with a sticky error: libyaml's 0 is turned into DH_EYAML at
 * the one place events are made and emitted, and once set every later call
 * does nothing. The document builders then read as the YAML they write and
 * the public functions check rc once, before cleaning up.
 */
typedef struct ywriter {
	yaml_emitter_t em;
	int rc;
} ywriter;

enum scalar_kind {
	SC_STR,	   /* a string; quoted when YAML 1.1 would read it otherwise */
	SC_QUOTED, /* a string always double-quoted ("0", "10001:10001") */
	SC_INT,	   /* plain, resolving to !!int */
	SC_BOOL	   /* plain, resolving to !!bool */
};

static int write_to_buf(void *data, unsigned char *bytes, size_t size)
{
	dh_buf_put(data, bytes, size);
	return 1;
}

/* Takes ownership of ev when made is true (libyaml frees it either way). */
static void put_event(ywriter *w, yaml_event_t *ev, int made)
{
	if (!made || !yaml_emitter_emit(&w->em, ev))
		w->rc = DH_EYAML;
}

static bool word_is(const char *s, const char *const *words)
{
	for (; *words; words++) {
		const char *a = s;
		const char *b = *words;
		while (*a && (*a | 0x20) == *b) {
			a++;
			b++;
		}
		if (!*a && !*b)
			return true;
	}
	return false;
}

/*
 * True when a plain scalar s might resolve to something other than a
 * string under YAML 1.1 or 1.2 (numbers, base-60 numbers such as 22:22,
 * booleans such as "on", null, merge and value keys). Conservative: any
 * scalar opening like a number is quoted.
 */
static bool needs_quotes(const char *s)
{
	static const char *const words[] = {"y",    "n",     "yes", "no",
					    "true", "false", "on",  "off",
					    "null", NULL};
	if (!*s || strchr("0123456789+-.~=<", *s))
		return true;
	return word_is(s, words);
}

static void put_scalar(ywriter *w, const char *s, enum scalar_kind kind)
{
	static const char int_tag[] = YAML_INT_TAG;
	static const char bool_tag[] = YAML_BOOL_TAG;
	yaml_event_t ev;
	size_t len = strlen(s);
	const char *tag = NULL;
	int plain_implicit = 1;
	yaml_scalar_style_t style = YAML_ANY_SCALAR_STYLE;

	if (w->rc)
		return;
	if (len > INT_MAX) {
		w->rc = DH_EYAML;
		return;
	}
	if (kind == SC_QUOTED || (kind == SC_STR && needs_quotes(s))) {
		plain_implicit = 0;
		style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	} else if (kind != SC_STR) {
		tag = kind == SC_INT ? int_tag : bool_tag;
		style = YAML_PLAIN_SCALAR_STYLE;
	}
	int made = yaml_scalar_event_initialize(
		&ev, NULL, (const yaml_char_t *)tag, (const yaml_char_t *)s,
		(int)len, plain_implicit, 1, style);
	put_event(w, &ev, made);
}

static void put_str(ywriter *w, const char *s)
{
	put_scalar(w, s, SC_STR);
}

static void put_uint(ywriter *w, uint32_t value)
{
	char text[16];
	snprintf(text, sizeof(text), "%lu", (unsigned long)value);
	put_scalar(w, text, SC_INT);
}

static void map_start_style(ywriter *w, yaml_mapping_style_t style)
{
	yaml_event_t ev;
	if (w->rc)
		return;
	put_event(
		w, &ev,
		yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, style));
}

static void map_start(ywriter *w)
{
	map_start_style(w, YAML_BLOCK_MAPPING_STYLE);
}

static void map_end(ywriter *w)
{
	yaml_event_t ev;
	if (w->rc)
		return;
	put_event(w, &ev, yaml_mapping_end_event_initialize(&ev));
}

static void seq_start(ywriter *w)
{
	yaml_event_t ev;
	if (w->rc)
		return;
	put_event(w, &ev,
		  yaml_sequence_start_event_initialize(
			  &ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE));
}

static void seq_end(ywriter *w)
{
	yaml_event_t ev;
	if (w->rc)
		return;
	put_event(w, &ev, yaml_sequence_end_event_initialize(&ev));
}

static void put_kv(ywriter *w, const char *key, const char *value,
		   enum scalar_kind kind)
{
	put_str(w, key);
	put_scalar(w, value, kind);
}

static void put_kuint(ywriter *w, const char *key, uint32_t value)
{
	put_str(w, key);
	put_uint(w, value);
}

static void put_kbool(ywriter *w, const char *key, bool value)
{
	put_kv(w, key, value ? "true" : "false", SC_BOOL);
}

/* A key whose value is a block sequence of strings. */
static void put_kseq(ywriter *w, const char *key, const char *const *items,
		     size_t n, enum scalar_kind kind)
{
	put_str(w, key);
	seq_start(w);
	for (size_t i = 0; i < n; i++)
		put_scalar(w, items[i], kind);
	seq_end(w);
}

/* Starts the emitter, the stream and an implicit (marker-free) document. */
static int writer_open(ywriter *w, dh_buf *out)
{
	yaml_event_t ev;

	w->rc = 0;
	if (!yaml_emitter_initialize(&w->em))
		return DH_EYAML;
	yaml_emitter_set_output(&w->em, write_to_buf, out);
	yaml_emitter_set_indent(&w->em, 2);
	yaml_emitter_set_width(&w->em, -1);
	yaml_emitter_set_unicode(&w->em, 1);
	put_event(w, &ev,
		  yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
	if (w->rc)
		return 0;
	put_event(
		w, &ev,
		yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
	return 0;
}

/* Ends the document and stream (which flushes); the emitter stays alive. */
static void writer_finish(ywriter *w)
{
	yaml_event_t ev;
	if (w->rc)
		return;
	put_event(w, &ev, yaml_document_end_event_initialize(&ev, 1));
	if (w->rc)
		return;
	put_event(w, &ev, yaml_stream_end_event_initialize(&ev));
}

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* The label for path before de-duplication. */
static void base_label(char *out, const char *path)
{
	size_t n = 0;
	for (const char *p = path; *p && n < DH_K8S_LABEL_SIZE - 1; p++) {
		if (is_alnum(*p))
			out[n++] =
				(char)(*p >= 'A' && *p <= 'Z' ? *p | 0x20 : *p);
		else if (n && out[n - 1] != '-')
			out[n++] = '-';
	}
	while (n && out[n - 1] == '-')
		n--;
	out[n] = '\0';
	if (n)
		return;
	bool slashes = true;
	for (const char *p = path; *p; p++)
		slashes = slashes && *p == '/';
	memcpy(out, slashes ? "root" : "vol", slashes ? 5 : 4);
}

static bool label_taken(const char *label, const char *const *taken,
			size_t ntaken)
{
	for (size_t i = 0; i < ntaken; i++)
		if (strcmp(label, taken[i]) == 0)
			return true;
	return false;
}

void dh_k8s_volume_name(char *out, const char *path, const char *const *taken,
			size_t ntaken)
{
	char base[DH_K8S_LABEL_SIZE];

	base_label(base, path);
	memcpy(out, base, strlen(base) + 1);
	for (unsigned long k = 2; label_taken(out, taken, ntaken); k++) {
		char suffix[24];
		int slen = snprintf(suffix, sizeof(suffix), "-%lu", k);
		size_t keep = strlen(base);
		if (keep > DH_K8S_LABEL_SIZE - 1 - (size_t)slen)
			keep = DH_K8S_LABEL_SIZE - 1 - (size_t)slen;
		while (keep > 1 && base[keep - 1] == '-')
			keep--;
		memcpy(out, base, keep);
		memcpy(out + keep, suffix, (size_t)slen + 1);
	}
}

/* Everything one Kubernetes document needs besides the writer. */
typedef struct k8s_doc {
	const dh_facts *facts;
	const char *container;
	const char *image; /* NULL: no image key (fragment and patch) */
	char *labels;	   /* nwritable volume names, DH_K8S_LABEL_SIZE each */
} k8s_doc;

static const char *label_at(const k8s_doc *doc, size_t i)
{
	return doc->labels + i * DH_K8S_LABEL_SIZE;
}

/* Fills doc->labels; the caller frees it with free(). */
static void make_labels(k8s_doc *doc)
{
	size_t n = doc->facts->nwritable;
	const char **taken = dh_xcalloc(n ? n : 1, sizeof(*taken));

	doc->labels = dh_xcalloc(n ? n : 1, DH_K8S_LABEL_SIZE);
	for (size_t i = 0; i < n; i++) {
		char *label = doc->labels + i * DH_K8S_LABEL_SIZE;
		dh_k8s_volume_name(label, doc->facts->writable[i], taken, i);
		taken[i] = label;
	}
	free(taken);
}

static void put_pod_security(ywriter *w, const dh_facts *facts)
{
	bool numeric = facts->identity == DH_IDENTITY_NUMERIC;
	put_str(w, "securityContext");
	map_start(w);
	/* A named user cannot be checked by the kubelet, and a root image
	 * would be refused: runAsNonRoot only for a number. */
	if (numeric)
		put_kbool(w, "runAsNonRoot", true);
	if (numeric && !facts->ids_out_of_range) {
		put_kuint(w, "runAsUser", facts->uid);
		put_kuint(w, "runAsGroup", facts->gid);
	}
	/*
	 * emptyDir is already world-writable; fsGroup matters once a user
	 * swaps a VOLUME's emptyDir for a persistent volume, which is
	 * root-owned until the kubelet applies the group.
	 */
	if (numeric && facts->nvolumes && !facts->ids_out_of_range)
		put_kuint(w, "fsGroup", facts->gid);
	put_str(w, "seccompProfile");
	map_start(w);
	put_kv(w, "type", "RuntimeDefault", SC_STR);
	map_end(w);
	if (facts->needs_low_port) {
		put_str(w, "sysctls");
		seq_start(w);
		map_start(w);
		put_kv(w, "name", dh_low_port_sysctl(), SC_STR);
		put_kv(w, "value", "0", SC_QUOTED);
		map_end(w);
		seq_end(w);
	}
	map_end(w);
}

static void put_container_security(ywriter *w, const dh_facts *facts)
{
	static const char *const drop[] = {"ALL"};

	put_str(w, "securityContext");
	map_start(w);
	put_kbool(w, "allowPrivilegeEscalation", false);
	if (facts->read_only_root)
		put_kbool(w, "readOnlyRootFilesystem", true);
	if (facts->identity == DH_IDENTITY_NUMERIC)
		put_kbool(w, "runAsNonRoot", true);
	/* An image left root keeps the runtime's default capabilities. */
	if (facts->identity != DH_IDENTITY_ROOT) {
		put_str(w, "capabilities");
		map_start(w);
		put_kseq(w, "drop", drop, 1, SC_STR);
		if (facts->nadd_caps)
			put_kseq(w, "add", facts->add_caps, facts->nadd_caps,
				 SC_STR);
		map_end(w);
	}
	map_end(w);
}

static void put_ports(ywriter *w, const dh_facts *facts)
{
	if (!facts->nports)
		return;
	put_str(w, "ports");
	seq_start(w);
	for (size_t i = 0; i < facts->nports; i++) {
		map_start(w);
		put_kuint(w, "containerPort", facts->ports[i].number);
		if (facts->ports[i].proto != DH_PROTO_TCP)
			put_kv(w, "protocol",
			       dh_port_proto_k8s(facts->ports[i].proto),
			       SC_STR);
		map_end(w);
	}
	seq_end(w);
}

static size_t mounted_count(const dh_facts *facts)
{
	size_t n = 0;
	for (size_t i = 0; i < facts->nwritable; i++)
		n += dh_facts_mounts(facts, facts->writable[i]);
	return n;
}

static void put_container(ywriter *w, const k8s_doc *doc)
{
	const dh_facts *facts = doc->facts;

	put_str(w, "containers");
	seq_start(w);
	map_start(w);
	put_kv(w, "name", doc->container, SC_STR);
	if (doc->image)
		put_kv(w, "image", doc->image, SC_STR);
	put_container_security(w, facts);
	put_ports(w, facts);
	if (mounted_count(facts)) {
		put_str(w, "volumeMounts");
		seq_start(w);
		for (size_t i = 0; i < facts->nwritable; i++) {
			if (!dh_facts_mounts(facts, facts->writable[i]))
				continue;
			map_start(w);
			put_kv(w, "name", label_at(doc, i), SC_STR);
			put_kv(w, "mountPath", facts->writable[i], SC_STR);
			map_end(w);
		}
		seq_end(w);
	}
	map_end(w);
	seq_end(w);
}

static void put_volumes(ywriter *w, const k8s_doc *doc)
{
	if (!mounted_count(doc->facts))
		return;
	put_str(w, "volumes");
	seq_start(w);
	for (size_t i = 0; i < doc->facts->nwritable; i++) {
		if (!dh_facts_mounts(doc->facts, doc->facts->writable[i]))
			continue;
		map_start(w);
		put_kv(w, "name", label_at(doc, i), SC_STR);
		put_str(w, "emptyDir");
		map_start_style(w, YAML_FLOW_MAPPING_STYLE);
		map_end(w);
		map_end(w);
	}
	seq_end(w);
}

/*
 * Windows pods: Linux fields (runAsUser, seccomp, capabilities, read-only
 * root) are rejected or meaningless there; the kubelet runs the container
 * as the unprivileged ContainerUser account instead.
 */
static void put_windows_pod_spec(ywriter *w, const k8s_doc *doc)
{
	put_str(w, "os");
	map_start(w);
	put_kv(w, "name", "windows", SC_STR);
	map_end(w);
	put_str(w, "securityContext");
	map_start(w);
	put_kbool(w, "runAsNonRoot", true);
	put_str(w, "windowsOptions");
	map_start(w);
	put_kv(w, "runAsUserName", "ContainerUser", SC_STR);
	map_end(w);
	map_end(w);
	put_str(w, "containers");
	seq_start(w);
	map_start(w);
	put_kv(w, "name", doc->container, SC_STR);
	if (doc->image)
		put_kv(w, "image", doc->image, SC_STR);
	put_ports(w, doc->facts);
	map_end(w);
	seq_end(w);
}

/* The pod spec keys, inside an open mapping. */
static void put_pod_spec(ywriter *w, const k8s_doc *doc)
{
	if (doc->facts->windows) {
		put_windows_pod_spec(w, doc);
		return;
	}
	put_pod_security(w, doc->facts);
	put_container(w, doc);
	put_volumes(w, doc);
}

static void put_header(ywriter *w, const char *api, const char *kind,
		       const char *name)
{
	put_kv(w, "apiVersion", api, SC_STR);
	put_kv(w, "kind", kind, SC_STR);
	put_str(w, "metadata");
	map_start(w);
	put_kv(w, "name", name, SC_STR);
	map_end(w);
}

static void put_k8s(ywriter *w, const k8s_doc *doc, dh_k8s_form form,
		    const char *name)
{
	map_start(w);
	switch (form) {
	case DH_K8S_FRAGMENT:
		put_pod_spec(w, doc);
		break;
	case DH_K8S_PATCH:
		put_header(w, "apps/v1", "Deployment", name);
		put_str(w, "spec");
		map_start(w);
		put_str(w, "template");
		map_start(w);
		put_str(w, "spec");
		map_start(w);
		put_pod_spec(w, doc);
		map_end(w);
		map_end(w);
		map_end(w);
		break;
	case DH_K8S_POD:
		put_header(w, "v1", "Pod", name);
		put_str(w, "spec");
		map_start(w);
		put_pod_spec(w, doc);
		map_end(w);
		break;
	}
	map_end(w);
}

/* Drops whatever a failed emitter wrote after start. */
static void truncate_to(dh_buf *out, size_t start)
{
	out->len = start;
	if (out->data)
		out->data[start] = '\0';
}

int dh_emit_k8s(dh_buf *out, const dh_facts *facts, const dh_k8s_opts *opts)
{
	const dh_k8s_opts defaults = {.form = DH_K8S_FRAGMENT};
	const dh_k8s_opts *o = opts ? opts : &defaults;
	const char *name = o->name ? o->name : DEFAULT_NAME;
	k8s_doc doc = {
		.facts = facts,
		.container = o->container ? o->container : name,
		.image = NULL,
	};
	size_t start = out->len;
	ywriter w;

	if (o->form == DH_K8S_POD)
		doc.image = o->image ? o->image : DEFAULT_IMAGE;
	int rc = writer_open(&w, out);
	if (rc)
		return rc;
	make_labels(&doc);
	put_k8s(&w, &doc, o->form, name);
	writer_finish(&w);
	rc = w.rc;
	free(doc.labels);
	yaml_emitter_delete(&w.em);
	if (rc)
		truncate_to(out, start);
	return rc;
}

static void put_compose_service(ywriter *w, const dh_facts *facts,
				char *scratch, size_t size)
{
	static const char *const cap_drop[] = {"ALL"};
	static const char *const sec_opt[] = {"no-new-privileges:true"};

	if (facts->identity == DH_IDENTITY_NUMERIC) {
		snprintf(scratch, size, "%lu:%lu", (unsigned long)facts->uid,
			 (unsigned long)facts->gid);
		put_kv(w, "user", scratch, SC_QUOTED);
	} else if (facts->identity == DH_IDENTITY_NAMED && facts->user_name) {
		put_kv(w, "user", facts->user_name, SC_QUOTED);
	}
	if (facts->read_only_root)
		put_kbool(w, "read_only", true);
	if (facts->identity != DH_IDENTITY_ROOT) {
		put_kseq(w, "cap_drop", cap_drop, 1, SC_STR);
		if (facts->nadd_caps)
			put_kseq(w, "cap_add", facts->add_caps,
				 facts->nadd_caps, SC_STR);
	}
	put_kseq(w, "security_opt", sec_opt, 1, SC_STR);
}

/* tmpfs for scratch paths, anonymous volumes for VOLUME paths and the
 * paths the user owns (dh_facts_mounts_volume says why). */
static void put_compose_mounts(ywriter *w, const dh_facts *facts,
			       dh_buf *scratch)
{
	if (!facts->read_only_root)
		return;
	size_t nvol = 0;
	for (size_t i = 0; i < facts->nwritable; i++)
		nvol += dh_facts_mounts_volume(facts, facts->writable[i]);
	if (facts->nwritable > nvol) {
		put_str(w, "tmpfs");
		seq_start(w);
		for (size_t i = 0; i < facts->nwritable; i++) {
			if (dh_facts_mounts_volume(facts, facts->writable[i]))
				continue;
			dh_buf_clear(scratch);
			dh_buf_printf(scratch, "%s:%s", facts->writable[i],
				      dh_tmpfs_options());
			put_str(w, scratch->data);
		}
		seq_end(w);
	}
	if (nvol) { /* the VOLUMEs in their order, then the owned paths */
		put_str(w, "volumes");
		seq_start(w);
		for (size_t i = 0; i < facts->nvolumes; i++)
			put_str(w, facts->volumes[i]);
		for (size_t i = 0; i < facts->nwritable; i++)
			if (!dh_facts_is_volume(facts, facts->writable[i]) &&
			    dh_facts_mounts_volume(facts, facts->writable[i]))
				put_str(w, facts->writable[i]);
		seq_end(w);
	}
}

static void put_compose_ports(ywriter *w, const dh_facts *facts, char *scratch,
			      size_t size)
{
	if (facts->nports) {
		put_str(w, "ports");
		seq_start(w);
		for (size_t i = 0; i < facts->nports; i++) {
			const dh_port *port = &facts->ports[i];
			snprintf(scratch, size, "%lu:%lu%s",
				 (unsigned long)port->number,
				 (unsigned long)port->number,
				 dh_port_proto_suffix(port->proto));
			put_scalar(w, scratch, SC_QUOTED);
		}
		seq_end(w);
	}
	if (facts->needs_low_port) {
		put_str(w, "sysctls");
		map_start(w);
		put_kv(w, dh_low_port_sysctl(), "0", SC_QUOTED);
		map_end(w);
	}
}

int dh_emit_compose(dh_buf *out, const dh_facts *facts, const char *service,
		    const char *image)
{
	char scratch[48];
	dh_buf paths = DH_BUF_INIT;
	size_t start = out->len;
	ywriter w;

	int rc = writer_open(&w, out);
	if (rc)
		return rc;
	map_start(&w);
	put_str(&w, "services");
	map_start(&w);
	put_str(&w, service ? service : DEFAULT_NAME);
	map_start(&w);
	if (image)
		put_kv(&w, "image", image, SC_STR);
	put_compose_service(&w, facts, scratch, sizeof(scratch));
	put_compose_mounts(&w, facts, &paths);
	put_compose_ports(&w, facts, scratch, sizeof(scratch));
	map_end(&w);
	map_end(&w);
	map_end(&w);
	writer_finish(&w);
	rc = w.rc;
	dh_buf_free(&paths);
	yaml_emitter_delete(&w.em);
	if (rc)
		truncate_to(out, start);
	return rc;
}
