/* SPDX-License-Identifier: MIT */
/*
 * The language server's session: the initialize / shutdown / exit life
 * cycle, the dispatch of each message to its method, and the read loop.
 * Diagnostics are published when the input goes quiet, so a burst of
 * keystrokes costs one analysis, not one per change.
 */
#include "dockharden/lsp.h"

#include <string.h>

#include "dockharden/config.h"
#include "dockharden/errors.h"
#include "server_internal.h"

/* The most messages handled before owed diagnostics go out anyway. */
#define DEFER_MAX 64u

/* The spelling LSP gives the two encodings we can count in. */
static const char utf8_name[] = "utf-8";
static const char utf16_name[] = "utf-16";

/* A request's id: an integer or a string, else NULL. */
static const json_t *request_id(const json_t *msg)
{
	const json_t *id = json_object_get(msg, "id");
	return json_is_integer(id) || json_is_string(id) ? id : NULL;
}

/* Sends msg (stolen). Only a failed write ends the session: a message
 * jansson could not build or print is lost, not fatal. */
static void put_msg(dh__lsp_server *s, json_t *msg)
{
	if (!s->out_failed && msg && dh__lsp_write(s->out_fd, msg) == DH_EIO)
		s->out_failed = true;
	json_decref(msg);
}

void dh__lsp_notify(dh__lsp_server *s, const char *method, json_t *params)
{
	put_msg(s, json_pack("{s:s,s:s,s:o}", "jsonrpc", "2.0", "method",
			     method, "params", params));
}

/* Answers id (a borrowed id, or NULL for null) with reply; steals its
 * result. */
static void answer(dh__lsp_server *s, const json_t *id, dh__lsp_reply reply)
{
	json_t *jid = id ? json_deep_copy(id) : json_null();
	if (reply.code) {
		json_decref(reply.result);
		put_msg(s, json_pack("{s:s,s:o,s:{s:i,s:s}}", "jsonrpc", "2.0",
				     "id", jid, "error", "code", reply.code,
				     "message", reply.why));
		return;
	}
	put_msg(s, json_pack("{s:s,s:o,s:o?}", "jsonrpc", "2.0", "id", jid,
			     "result", reply.result));
}

static dh__lsp_reply fail(int code, const char *why)
{
	return (dh__lsp_reply){.code = code, .why = why};
}

/* UTF-8 when the client offers it: our offsets are bytes already. */
static dh__lsp_encoding negotiate(const json_t *caps)
{
	const json_t *general = json_object_get(caps, "general");
	const json_t *encs = json_object_get(general, "positionEncodings");
	size_t i;
	const json_t *e;
	json_array_foreach(encs, i, e)
	{
		if (json_is_string(e) &&
		    !strcmp(json_string_value(e), utf8_name))
			return DH__LSP_UTF8;
	}
	return DH__LSP_UTF16;
}

static bool wants_dynamic_watch(const json_t *caps)
{
	const json_t *ws = json_object_get(caps, "workspace");
	const json_t *w = json_object_get(ws, "didChangeWatchedFiles");
	return json_is_true(json_object_get(w, "dynamicRegistration"));
}

static json_t *capabilities(const dh__lsp_server *s)
{
	return json_pack(
		"{s:s,s:{s:b,s:i,s:{s:b}},s:{s:[s,s],s:b},s:b,s:b,s:b,s:b}",
		"positionEncoding",
		s->enc == DH__LSP_UTF8 ? utf8_name : utf16_name,
		"textDocumentSync", "openClose", 1, "change", 2, "save",
		"includeText", 0, "codeActionProvider", "codeActionKinds",
		"quickfix", "source", "resolveProvider", 0,
		"documentFormattingProvider", 1,
		"documentRangeFormattingProvider", 1, "hoverProvider", 1,
		"documentSymbolProvider", 1);
}

static dh__lsp_reply on_initialize(dh__lsp_server *s, const json_t *params)
{
	if (s->phase != DH__LSP_NEW)
		return fail(DH__LSP_INVALID_REQUEST,
			    "initialize may be sent only once");
	const json_t *caps = json_object_get(params, "capabilities");
	s->enc = negotiate(caps);
	s->watch_dynamic = wants_dynamic_watch(caps);
	s->phase = DH__LSP_RUNNING;
	json_t *info = json_pack("{s:s}", "name", "dockharden");
	if (s->version)
		json_object_set_new(info, "version", json_string(s->version));
	return (dh__lsp_reply){.result = json_pack("{s:o,s:o}", "capabilities",
						   capabilities(s),
						   "serverInfo", info)};
}

static dh__lsp_reply on_shutdown(dh__lsp_server *s, const json_t *params)
{
	(void)params;
	s->phase = DH__LSP_SHUTDOWN;
	return (dh__lsp_reply){.result = NULL};
}

/* Asks the client to report changes to configuration files, which change
 * the findings of every open document. */
static void on_initialized(dh__lsp_server *s, const json_t *params)
{
	(void)params;
	if (!s->watch_dynamic)
		return;
	put_msg(s,
		json_pack("{s:s,s:s,s:s,s:{s:[{s:s,s:s,s:{s:[{s:s}]}}]}}",
			  "jsonrpc", "2.0", "id", "dockharden-watch", "method",
			  "client/registerCapability", "params",
			  "registrations", "id", "dockharden-watch", "method",
			  "workspace/didChangeWatchedFiles", "registerOptions",
			  "watchers", "globPattern", "**/" DH_CONFIG_NAME));
}

static const struct request {
	const char *method;
	dh__lsp_request_fn fn;
} requests[] = {
	{"initialize", on_initialize},
	{"shutdown", on_shutdown},
	{"textDocument/codeAction", dh__lsp_on_code_action},
	{"textDocument/formatting", dh__lsp_on_formatting},
	{"textDocument/rangeFormatting", dh__lsp_on_range_formatting},
	{"textDocument/hover", dh__lsp_on_hover},
	{"textDocument/documentSymbol", dh__lsp_on_symbols},
};

/* Notifications not listed ($/cancelRequest, $/setTrace, ...) are
 * ignored, as the specification allows. */
static const struct notification {
	const char *method;
	dh__lsp_notification_fn fn;
} notifications[] = {
	{"initialized", on_initialized},
	{"textDocument/didOpen", dh__lsp_on_did_open},
	{"textDocument/didChange", dh__lsp_on_did_change},
	{"textDocument/didSave", dh__lsp_on_did_save},
	{"textDocument/didClose", dh__lsp_on_did_close},
	{"workspace/didChangeWatchedFiles", dh__lsp_on_watched_files},
};

static dh__lsp_reply request(dh__lsp_server *s, const char *method,
			     const json_t *params)
{
	if (s->phase == DH__LSP_NEW && strcmp(method, "initialize") != 0)
		return fail(DH__LSP_NOT_INITIALIZED,
			    "the server is not initialized yet");
	if (s->phase == DH__LSP_SHUTDOWN)
		return fail(DH__LSP_INVALID_REQUEST,
			    "the server is shutting down: only exit is "
			    "accepted");
	for (size_t i = 0; i < sizeof(requests) / sizeof(requests[0]); i++)
		if (!strcmp(requests[i].method, method))
			return requests[i].fn(s, params);
	return fail(DH__LSP_METHOD_NOT_FOUND, "method not found");
}

static void notification(dh__lsp_server *s, const char *method,
			 const json_t *params)
{
	if (!strcmp(method, "exit")) {
		s->done = true;
		return;
	}
	/* Before initialize and after shutdown, only exit counts. */
	if (s->phase != DH__LSP_RUNNING)
		return;
	for (size_t i = 0; i < sizeof(notifications) / sizeof(notifications[0]);
	     i++)
		if (!strcmp(notifications[i].method, method)) {
			notifications[i].fn(s, params);
			return;
		}
}

static void handle(dh__lsp_server *s, const json_t *msg)
{
	const json_t *method = json_object_get(msg, "method");
	bool has_id = json_object_get(msg, "id") != NULL;
	const json_t *id = request_id(msg);
	if (!method && id &&
	    (json_object_get(msg, "result") || json_object_get(msg, "error")))
		return; /* the answer to our registerCapability */
	if (!json_is_string(method) || (has_id && !id)) {
		answer(s, id,
		       fail(DH__LSP_INVALID_REQUEST,
			    "not a JSON-RPC request or notification"));
		return;
	}
	const json_t *params = json_object_get(msg, "params");
	if (id)
		answer(s, id, request(s, json_string_value(method), params));
	else
		notification(s, json_string_value(method), params);
}

/* Publishes the diagnostics owed once no further message is waiting, so a
 * burst of changes is analysed once; a client that never pauses still
 * gets them every DEFER_MAX messages. */
static void publish_when_quiet(dh__lsp_server *s, unsigned *deferred)
{
	if (s->done)
		return;
	if (++*deferred < DEFER_MAX && dh__lsp_reader_pending(&s->in))
		return;
	*deferred = 0;
	dh__lsp_publish_owed(s);
}

int dh_lsp_serve(int in_fd, int out_fd, const dh_lsp_opts *opts)
{
	dh__lsp_server s = {
		.out_fd = out_fd,
		.phase = DH__LSP_NEW,
		.enc = DH__LSP_UTF16,
		.version = opts ? opts->version : NULL,
	};
	size_t max = opts && opts->max_message ? opts->max_message
					       : DH__LSP_MAX_BODY;
	dh__lsp_reader_init(&s.in, in_fd, max);
	unsigned deferred = 0;
	while (!s.done && !s.out_failed) {
		dh__lsp_in in;
		if (dh__lsp_read(&in, &s.in) != 0 || in.eof)
			break;
		if (in.msg)
			handle(&s, in.msg);
		else
			answer(&s, NULL, fail(in.error, in.why));
		json_decref(in.msg);
		publish_when_quiet(&s, &deferred);
	}
	dh__lsp_docs_free(&s.docs);
	dh__lsp_reader_free(&s.in);
	/* 0 only after a clean shutdown, as the specification says. */
	return s.phase == DH__LSP_SHUTDOWN && !s.out_failed ? 0 : 1;
}
