/* SPDX-License-Identifier: MIT */
/*
 * JSON-RPC over a byte stream, as the Language Server Protocol frames it:
 * "Content-Length: N" and optional other headers, a blank line, N bytes of
 * JSON. A client that sends garbage must not take the server down, so a
 * broken frame becomes one error answer and the reader looks for the next
 * Content-Length header; a body over the limit is dropped unread.
 */
#include "server_internal.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "dockharden/alloc.h"
#include "dockharden/errors.h"

/* The smallest read: one system call takes a typical message whole. */
#define READ_CHUNK ((size_t)65536)

static const char content_length[] = "content-length";

/* What the header lines said so far. */
typedef struct headers {
	bool have_len;
	bool bad;
	size_t len;
} headers;

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* A decimal Content-Length value; false on anything else or overflow. */
static bool parse_length(size_t *out, const char *s, size_t n)
{
	if (n == 0 || n > 19)
		return false;
	size_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (size_t)(s[i] - '0');
	}
	*out = v;
	return true;
}

/* One "Name: value" line (without its line break). Names are
 * case-insensitive; headers other than Content-Length (Content-Type
 * included) do not change how we read the body. */
static void header_line(headers *h, const char *line, size_t n)
{
	const char *colon = memchr(line, ':', n);
	if (!colon || colon == line) {
		h->bad = true;
		return;
	}
	size_t name_len = (size_t)(colon - line);
	if (name_len != sizeof(content_length) - 1 ||
	    strncasecmp(line, content_length, name_len) != 0)
		return;
	const char *v = colon + 1;
	const char *end = line + n;
	while (v < end && is_blank(*v))
		v++;
	while (end > v && is_blank(end[-1]))
		end--;
	size_t len;
	if (!parse_length(&len, v, (size_t)(end - v)) ||
	    (h->have_len && h->len != len)) {
		h->bad = true;
		return;
	}
	h->have_len = true;
	h->len = len;
}

/* Where reading may start again after broken headers: the next
 * "Content-Length" after the first byte, or all but a tail that could be
 * the start of one; never less than min. */
static size_t resync_at(const char *buf, size_t len, size_t min)
{
	size_t n = sizeof(content_length) - 1;
	for (size_t i = 1; i + n <= len; i++)
		if (strncasecmp(buf + i, content_length, n) == 0)
			return i > min ? i : min;
	size_t keep = len > n ? len - n + 1 : 1;
	return keep > min ? keep : min;
}

static void frame_bad(dh__lsp_frame *out, const char *buf, size_t len,
		      size_t min)
{
	out->kind = DH__LSP_FRAME_BAD;
	out->header_len = resync_at(buf, len, min);
	out->body_len = 0;
}

void dh__lsp_frame_scan(dh__lsp_frame *out, const char *buf, size_t len,
			size_t max_body)
{
	*out = (dh__lsp_frame){.kind = DH__LSP_FRAME_MORE};
	headers h = {0};
	size_t i = 0;
	for (;;) {
		const char *nl = memchr(buf + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - buf) : len;
		if (end >= DH__LSP_MAX_HEADER) {
			frame_bad(out, buf, len, 1);
			return;
		}
		if (!nl)
			return; /* the header section is not complete yet */
		size_t line_end =
			end > i && buf[end - 1] == '\r' ? end - 1 : end;
		if (line_end == i)
			break; /* the blank line */
		header_line(&h, buf + i, line_end - i);
		if (h.bad) {
			frame_bad(out, buf, len, end + 1);
			return;
		}
		i = end + 1;
	}
	size_t header_len = i + (buf[i] == '\r' ? 2 : 1);
	if (!h.have_len) {
		frame_bad(out, buf, len, header_len);
		return;
	}
	out->header_len = header_len;
	out->body_len = h.len;
	if (h.len > max_body)
		out->kind = DH__LSP_FRAME_LARGE;
	else if (len - header_len >= h.len)
		out->kind = DH__LSP_FRAME_OK;
}

void dh__lsp_reader_init(dh__lsp_reader *r, int fd, size_t max_body)
{
	*r = (dh__lsp_reader){.fd = fd, .max_body = max_body};
	/* Never NULL, so scanning an empty buffer is well defined. */
	r->buf = dh_xmalloc(READ_CHUNK);
	r->cap = READ_CHUNK;
}

void dh__lsp_reader_free(dh__lsp_reader *r)
{
	free(r->buf);
	r->buf = NULL;
	r->pos = r->len = r->cap = 0;
}

/* Reads more bytes, with room for at least need unread ones; sets eof. */
static int fill(dh__lsp_reader *r, size_t need)
{
	if (r->pos) {
		memmove(r->buf, r->buf + r->pos, r->len - r->pos);
		r->len -= r->pos;
		r->pos = 0;
	}
	if (need < r->len + READ_CHUNK)
		need = r->len + READ_CHUNK;
	/* Memory stays flat: once a large message has been read, the buffer
	 * goes back to its usual size. */
	if (r->len == 0 && need == READ_CHUNK && r->cap > 4 * READ_CHUNK) {
		free(r->buf);
		r->buf = dh_xmalloc(READ_CHUNK);
		r->cap = READ_CHUNK;
	}
	if (need > r->cap) {
		r->buf = dh_xrealloc(r->buf, need);
		r->cap = need;
	}
	for (;;) {
		ssize_t n = read(r->fd, r->buf + r->len, r->cap - r->len);
		if (n > 0) {
			r->len += (size_t)n;
			return 0;
		}
		if (n == 0) {
			r->eof = true;
			return 0;
		}
		if (errno != EINTR)
			return DH_EIO;
	}
}

/* Drops what is left of an oversized body, as it arrives. */
static int drop_skipped(dh__lsp_reader *r)
{
	while (r->skip && !r->eof) {
		size_t have = r->len - r->pos;
		size_t n = have < r->skip ? have : r->skip;
		r->pos += n;
		r->skip -= n;
		if (r->skip) {
			r->pos = r->len = 0; /* nothing worth keeping */
			int rc = fill(r, 0);
			if (rc)
				return rc;
		}
	}
	return 0;
}

void dh__lsp_decode(dh__lsp_in *out, const char *body, size_t len)
{
	json_error_t err;
	/* NUL is valid in a JSON string, so in a document's text. */
	out->msg = json_loadb(body, len, JSON_ALLOW_NUL, &err);
	if (!out->msg) {
		out->error = DH__LSP_PARSE_ERROR;
		out->why = "parse error: the message is not valid JSON";
	}
}

/* Acts on one scanned frame; true when out now holds something. */
static bool take_frame(dh__lsp_in *out, dh__lsp_reader *r,
		       const dh__lsp_frame *f)
{
	const char *at = r->buf + r->pos;
	switch (f->kind) {
	case DH__LSP_FRAME_OK:
		dh__lsp_decode(out, at + f->header_len, f->body_len);
		r->pos += f->header_len + f->body_len;
		r->resync = false;
		return true;
	case DH__LSP_FRAME_LARGE:
		r->pos += f->header_len;
		r->skip = f->body_len;
		r->resync = false;
		out->error = DH__LSP_INVALID_REQUEST;
		out->why = "the message is over the size limit";
		return true;
	case DH__LSP_FRAME_BAD:
		r->pos += f->header_len;
		if (r->resync)
			return false;
		r->resync = true;
		out->error = DH__LSP_PARSE_ERROR;
		out->why = "parse error: broken message headers (a "
			   "Content-Length header is required)";
		return true;
	case DH__LSP_FRAME_MORE:
		break;
	}
	return false;
}

int dh__lsp_read(dh__lsp_in *out, dh__lsp_reader *r)
{
	*out = (dh__lsp_in){0};
	for (;;) {
		int rc = drop_skipped(r);
		if (rc)
			return rc;
		dh__lsp_frame f;
		dh__lsp_frame_scan(&f, r->buf + r->pos, r->len - r->pos,
				   r->max_body);
		if (take_frame(out, r, &f))
			return 0;
		if (f.kind != DH__LSP_FRAME_MORE)
			continue;
		if (r->eof) {
			out->eof = true;
			return 0;
		}
		rc = fill(r, f.header_len + f.body_len);
		if (rc)
			return rc;
	}
}

bool dh__lsp_reader_pending(const dh__lsp_reader *r)
{
	dh__lsp_frame f;
	dh__lsp_frame_scan(&f, r->buf + r->pos, r->len - r->pos, r->max_body);
	if (f.kind != DH__LSP_FRAME_MORE || r->eof)
		return true;
	struct pollfd p = {.fd = r->fd, .events = POLLIN};
	return poll(&p, 1, 0) > 0;
}

int dh__lsp_encode(dh_buf *out, const json_t *msg)
{
	char *body = json_dumps(msg, JSON_COMPACT);
	if (!body)
		return DH_EINPUT;
	size_t len = strlen(body);
	dh_buf_printf(out, "Content-Length: %zu\r\n\r\n", len);
	dh_buf_put(out, body, len);
	free(body);
	return 0;
}

int dh__lsp_write(int fd, const json_t *msg)
{
	dh_buf b = DH_BUF_INIT;
	int rc = dh__lsp_encode(&b, msg);
	size_t done = 0;
	while (rc == 0 && done < b.len) {
		ssize_t n = write(fd, b.data + done, b.len - done);
		if (n >= 0)
			done += (size_t)n;
		else if (errno != EINTR)
			rc = DH_EIO;
	}
	dh_buf_free(&b);
	return rc;
}
