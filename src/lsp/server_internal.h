/* SPDX-License-Identifier: MIT */
/*
 * Shared inside src/lsp/ by the server side: the JSON-RPC framing (rpc.c)
 * and the open documents (documents.c) that server.c drives. The analysis
 * side never needs these; its contract is lsp_internal.h.
 */
#ifndef DH_LSP_SERVER_INTERNAL_H
#define DH_LSP_SERVER_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dockharden/buf.h"
#include "lsp_internal.h"

/* ---- framing (rpc.c) ---- */

/* The longest header section read before the message is declared broken:
 * real clients send one or two short headers. */
#define DH__LSP_MAX_HEADER 8192

/* The default largest body: far above any source file an editor opens,
 * low enough that a wrong Content-Length cannot make us allocate GBs. */
#define DH__LSP_MAX_BODY ((size_t)64 << 20)

typedef enum dh__lsp_frame_kind {
	DH__LSP_FRAME_MORE,  /* no complete header section yet: read more */
	DH__LSP_FRAME_OK,    /* header_len bytes of headers, then body_len */
	DH__LSP_FRAME_BAD,   /* unusable headers: drop header_len bytes */
	DH__LSP_FRAME_LARGE, /* a body over the limit: drop the headers and
				body_len bytes after them */
} dh__lsp_frame_kind;

typedef struct dh__lsp_frame {
	dh__lsp_frame_kind kind;
	size_t header_len;
	size_t body_len;
} dh__lsp_frame;

/* Looks for one message at the start of buf (len bytes). Pure: the fuzz
 * target and the reader share it. A BAD frame's header_len is where the
 * next "Content-Length" header starts (or all but a possible partial
 * one), so the reader resynchronises on the next message. MORE with a
 * header_len says how long the whole message will be. */
void dh__lsp_frame_scan(dh__lsp_frame *out, const char *buf, size_t len,
			size_t max_body);

/* What one read produced: a message, or a JSON-RPC error to answer (with
 * id null: no id can be known), or the end of the input. */
typedef struct dh__lsp_in {
	json_t *msg;	 /* the parsed body (caller decrefs), or NULL */
	int error;	 /* -32700 or -32600 when msg is NULL, else 0 */
	const char *why; /* static text for error */
	bool eof;	 /* the client closed its end */
} dh__lsp_in;

/* Buffered reader of messages from an fd. */
typedef struct dh__lsp_reader {
	int fd;
	size_t max_body;
	char *buf; /* malloc-owned; unread bytes are [pos, len) */
	size_t pos;
	size_t len;
	size_t cap;
	size_t skip; /* bytes of an oversized body still to drop */
	bool resync; /* dropping bytes after broken headers: one error */
	bool eof;
} dh__lsp_reader;

void dh__lsp_reader_init(dh__lsp_reader *r, int fd, size_t max_body);
void dh__lsp_reader_free(dh__lsp_reader *r);

/* Reads the next message. Returns 0 with out filled, or DH_EIO when
 * read() failed (errno says why). */
int dh__lsp_read(dh__lsp_in *out, dh__lsp_reader *r);

/* True when a whole message is already buffered or the fd has bytes
 * waiting: the server then defers analysis to the last of a burst. */
bool dh__lsp_reader_pending(const dh__lsp_reader *r);

/* Parses a body: a JSON value or a -32700 error in out. */
void dh__lsp_decode(dh__lsp_in *out, const char *body, size_t len);

/* Writes msg as one framed message to buf; 0, or DH_EINPUT when jansson
 * cannot serialise it. The fuzz target and dh__lsp_write share it. */
int dh__lsp_encode(dh_buf *out, const json_t *msg);

/* Writes msg as one framed message to fd, whole: partial writes and
 * EINTR are retried. DH_EIO when the client is gone (EPIPE: the caller
 * ignores SIGPIPE) or the write failed. */
int dh__lsp_write(int fd, const json_t *msg);

/* ---- open documents (documents.c) ---- */

/* One open document: what the analysis sees (doc) and its last analysis.
 * Allocated one by one so &doc stays put while the analysis borrows it. */
typedef struct dh__lsp_open {
	dh__lsp_doc doc; /* its strings are the ones below */
	char *uri;	 /* malloc-owned, as are path, language_id, text */
	char *path;
	char *language_id;
	char *text;
	dh__lsp_analysis *analysis; /* of doc's current text, or NULL */
	bool publish;		    /* diagnostics owed to the client */
} dh__lsp_open;

typedef struct dh__lsp_docs {
	dh__lsp_open **items;
	size_t n;
	size_t cap;
} dh__lsp_docs;

/* The path of a file:// uri, percent-decoded (caller frees), or NULL for
 * another scheme, a remote host or a NUL in the path. */
char *dh__lsp_uri_path(const char *uri);

/* Opens uri with text (copied); a document already open under that uri
 * is replaced. Returns the entry, owned by docs. */
dh__lsp_open *dh__lsp_docs_open(dh__lsp_docs *docs, const char *uri,
				const char *language_id, const char *text,
				size_t len, int64_t version,
				dh__lsp_encoding enc);

/* The open document of uri, or NULL. */
dh__lsp_open *dh__lsp_docs_find(const dh__lsp_docs *docs, const char *uri);

/* Applies one contentChanges entry: with a range, that range (positions
 * in doc->enc) is replaced by text; without, the whole text is. Frees the
 * analysis of the old text. */
void dh__lsp_docs_change(dh__lsp_open *o, const json_t *range, const char *text,
			 size_t len);

/* The analysis of o's current text, computed now when there is none. */
const dh__lsp_analysis *dh__lsp_docs_analysis(dh__lsp_open *o);

/* Drops o's analysis (the configuration it read may have changed). */
void dh__lsp_docs_forget(dh__lsp_open *o);

/* Closes uri: frees its entry; false when it was not open. */
bool dh__lsp_docs_close(dh__lsp_docs *docs, const char *uri);

void dh__lsp_docs_free(dh__lsp_docs *docs);

/* The byte offset of an LSP Position object in o's text, or false when
 * pos is not one. */
bool dh__lsp_docs_offset(size_t *out, const dh__lsp_open *o, const json_t *pos);

/* [start, end) of a Range object in o's text, end not before start;
 * false when range is not one. */
bool dh__lsp_docs_range(size_t *start, size_t *end, const dh__lsp_open *o,
			const json_t *range);

/* ---- the session (server.c) and its document methods (textdoc.c) ---- */

typedef enum dh__lsp_phase {
	DH__LSP_NEW,	  /* before initialize: requests are refused */
	DH__LSP_RUNNING,  /* after initialize */
	DH__LSP_SHUTDOWN, /* after shutdown: only exit is honoured */
} dh__lsp_phase;

typedef struct dh__lsp_server {
	dh__lsp_reader in;
	int out_fd;
	bool out_failed; /* the client cannot be written to: stop */
	dh__lsp_docs docs;
	dh__lsp_encoding enc; /* agreed in initialize */
	dh__lsp_phase phase;
	bool done;	    /* exit received */
	bool watch_dynamic; /* the client registers file watchers on request */
	const char *version;
} dh__lsp_server;

/* A request's answer: result (a new reference, NULL meaning null) or, when
 * code is not 0, a JSON-RPC error with a static message. */
typedef struct dh__lsp_reply {
	json_t *result;
	int code;
	const char *why;
} dh__lsp_reply;

/* JSON-RPC and LSP error codes the server answers with. */
#define DH__LSP_PARSE_ERROR (-32700)
#define DH__LSP_INVALID_REQUEST (-32600)
#define DH__LSP_METHOD_NOT_FOUND (-32601)
#define DH__LSP_INVALID_PARAMS (-32602)
#define DH__LSP_NOT_INITIALIZED (-32002)

/* Sends a notification; steals params. A failed write sets out_failed. */
void dh__lsp_notify(dh__lsp_server *s, const char *method, json_t *params);

typedef void (*dh__lsp_notification_fn)(dh__lsp_server *s,
					const json_t *params);
typedef dh__lsp_reply (*dh__lsp_request_fn)(dh__lsp_server *s,
					    const json_t *params);

void dh__lsp_on_did_open(dh__lsp_server *s, const json_t *params);
void dh__lsp_on_did_change(dh__lsp_server *s, const json_t *params);
void dh__lsp_on_did_save(dh__lsp_server *s, const json_t *params);
void dh__lsp_on_did_close(dh__lsp_server *s, const json_t *params);
void dh__lsp_on_watched_files(dh__lsp_server *s, const json_t *params);

dh__lsp_reply dh__lsp_on_code_action(dh__lsp_server *s, const json_t *params);
dh__lsp_reply dh__lsp_on_formatting(dh__lsp_server *s, const json_t *params);
dh__lsp_reply dh__lsp_on_range_formatting(dh__lsp_server *s,
					  const json_t *params);
dh__lsp_reply dh__lsp_on_hover(dh__lsp_server *s, const json_t *params);
dh__lsp_reply dh__lsp_on_symbols(dh__lsp_server *s, const json_t *params);

/* Publishes the diagnostics owed for every changed document. */
void dh__lsp_publish_owed(dh__lsp_server *s);

#endif
