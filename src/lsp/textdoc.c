/* SPDX-License-Identifier: MIT */
/*
 * The textDocument methods on the server's side: keeping the open
 * documents in step with the editor, and turning each feature request's
 * positions into byte offsets for the analysis. Requests on a document
 * that is not open answer null: the client may have closed it meanwhile.
 */
#include "server_internal.h"

#include <string.h>

#include "dockharden/config.h"

/* The configuration file the CLI reads: a change to it reanalyses. */
static const char config_name[] = DH_CONFIG_NAME;

static const char *param_uri(const json_t *params)
{
	const json_t *td = json_object_get(params, "textDocument");
	return json_string_value(json_object_get(td, "uri"));
}

static bool param_version(int64_t *out, const json_t *params)
{
	const json_t *td = json_object_get(params, "textDocument");
	const json_t *v = json_object_get(td, "version");
	if (!json_is_integer(v))
		return false;
	*out = (int64_t)json_integer_value(v);
	return true;
}

void dh__lsp_on_did_open(dh__lsp_server *s, const json_t *params)
{
	const json_t *td = json_object_get(params, "textDocument");
	const char *uri = param_uri(params);
	const json_t *text = json_object_get(td, "text");
	int64_t version = 0;
	if (!uri || !json_is_string(text))
		return;
	param_version(&version, params);
	dh__lsp_docs_open(&s->docs, uri,
			  json_string_value(json_object_get(td, "languageId")),
			  json_string_value(text), json_string_length(text),
			  version, s->enc);
}

void dh__lsp_on_did_change(dh__lsp_server *s, const json_t *params)
{
	const char *uri = param_uri(params);
	dh__lsp_open *o = uri ? dh__lsp_docs_find(&s->docs, uri) : NULL;
	if (!o)
		return;
	size_t i;
	const json_t *change;
	json_array_foreach(json_object_get(params, "contentChanges"), i, change)
	{
		const json_t *text = json_object_get(change, "text");
		if (json_is_string(text))
			dh__lsp_docs_change(o, json_object_get(change, "range"),
					    json_string_value(text),
					    json_string_length(text));
	}
	param_version(&o->doc.version, params);
	o->publish = true;
}

/* Saving may have changed what the analysis reads beside the file (the
 * configuration, go.mod, entrypoint scripts): analyse again. */
void dh__lsp_on_did_save(dh__lsp_server *s, const json_t *params)
{
	const char *uri = param_uri(params);
	dh__lsp_open *o = uri ? dh__lsp_docs_find(&s->docs, uri) : NULL;
	if (!o)
		return;
	const json_t *text = json_object_get(params, "text");
	if (json_is_string(text))
		dh__lsp_docs_change(o, NULL, json_string_value(text),
				    json_string_length(text));
	dh__lsp_docs_forget(o);
	o->publish = true;
}

void dh__lsp_on_did_close(dh__lsp_server *s, const json_t *params)
{
	const char *uri = param_uri(params);
	if (!uri || !dh__lsp_docs_close(&s->docs, uri))
		return;
	/* The editor keeps what was published until told otherwise. */
	dh__lsp_notify(s, "textDocument/publishDiagnostics",
		       json_pack("{s:s,s:[]}", "uri", uri, "diagnostics"));
}

static bool is_config(const char *uri)
{
	size_t n = strlen(uri), k = sizeof(config_name) - 1;
	return n > k && uri[n - k - 1] == '/' &&
	       !strcmp(uri + n - k, config_name);
}

void dh__lsp_on_watched_files(dh__lsp_server *s, const json_t *params)
{
	bool config = false;
	size_t i;
	const json_t *change;
	json_array_foreach(json_object_get(params, "changes"), i, change)
	{
		const char *uri =
			json_string_value(json_object_get(change, "uri"));
		config = config || (uri && is_config(uri));
	}
	if (!config)
		return;
	for (size_t k = 0; k < s->docs.n; k++) {
		dh__lsp_docs_forget(s->docs.items[k]);
		s->docs.items[k]->publish = true;
	}
}

void dh__lsp_publish_owed(dh__lsp_server *s)
{
	for (size_t i = 0; i < s->docs.n && !s->out_failed; i++) {
		dh__lsp_open *o = s->docs.items[i];
		if (!o->publish)
			continue;
		o->publish = false;
		json_t *diags = dh__lsp_diagnostics(dh__lsp_docs_analysis(o));
		dh__lsp_notify(s, "textDocument/publishDiagnostics",
			       json_pack("{s:s,s:I,s:o}", "uri", o->doc.uri,
					 "version", (json_int_t)o->doc.version,
					 "diagnostics",
					 diags ? diags : json_array()));
	}
}

/* ---- requests ---- */

/* The open document a request names; reply is set when it cannot be
 * answered from one (bad params: error; not open: null). */
static dh__lsp_open *request_doc(dh__lsp_reply *reply, dh__lsp_server *s,
				 const json_t *params)
{
	*reply = (dh__lsp_reply){.result = NULL};
	const char *uri = param_uri(params);
	if (!uri) {
		*reply = (dh__lsp_reply){.code = DH__LSP_INVALID_PARAMS,
					 .why = "params.textDocument.uri is "
						"missing"};
		return NULL;
	}
	return dh__lsp_docs_find(&s->docs, uri);
}

static dh__lsp_reply bad_range(void)
{
	return (dh__lsp_reply){.code = DH__LSP_INVALID_PARAMS,
			       .why = "params.range is not a Range"};
}

/* The open document a request names and its "range" as byte offsets;
 * NULL with *reply set when there is no such document or range. */
static dh__lsp_open *request_range(dh__lsp_reply *reply, dh__lsp_server *s,
				   const json_t *params, size_t *start,
				   size_t *end)
{
	dh__lsp_open *o = request_doc(reply, s, params);
	if (o && !dh__lsp_docs_range(start, end, o,
				     json_object_get(params, "range"))) {
		*reply = bad_range();
		return NULL;
	}
	return o;
}

dh__lsp_reply dh__lsp_on_code_action(dh__lsp_server *s, const json_t *params)
{
	dh__lsp_reply r;
	size_t start, end;
	dh__lsp_open *o = request_range(&r, s, params, &start, &end);
	if (!o)
		return r;
	const json_t *context = json_object_get(params, "context");
	const json_t *only = json_object_get(context, "only");
	r.result = dh__lsp_code_actions(dh__lsp_docs_analysis(o), start, end,
					json_is_array(only) ? only : NULL);
	return r;
}

dh__lsp_reply dh__lsp_on_formatting(dh__lsp_server *s, const json_t *params)
{
	dh__lsp_reply r;
	dh__lsp_open *o = request_doc(&r, s, params);
	if (o)
		r.result = dh__lsp_format(dh__lsp_docs_analysis(o), true, 0,
					  o->doc.len);
	return r;
}

dh__lsp_reply dh__lsp_on_range_formatting(dh__lsp_server *s,
					  const json_t *params)
{
	dh__lsp_reply r;
	size_t start, end;
	dh__lsp_open *o = request_range(&r, s, params, &start, &end);
	if (o)
		r.result = dh__lsp_format(dh__lsp_docs_analysis(o), false,
					  start, end);
	return r;
}

dh__lsp_reply dh__lsp_on_hover(dh__lsp_server *s, const json_t *params)
{
	dh__lsp_reply r;
	dh__lsp_open *o = request_doc(&r, s, params);
	size_t off;
	if (!o)
		return r;
	if (!dh__lsp_docs_offset(&off, o, json_object_get(params, "position")))
		return (dh__lsp_reply){.code = DH__LSP_INVALID_PARAMS,
				       .why = "params.position is not a "
					      "Position"};
	r.result = dh__lsp_hover(dh__lsp_docs_analysis(o), off);
	return r;
}

dh__lsp_reply dh__lsp_on_symbols(dh__lsp_server *s, const json_t *params)
{
	dh__lsp_reply r;
	dh__lsp_open *o = request_doc(&r, s, params);
	if (o)
		r.result = dh__lsp_symbols(dh__lsp_docs_analysis(o));
	return r;
}
