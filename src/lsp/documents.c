/* SPDX-License-Identifier: MIT */
/*
 * The documents the client has open: their text as the editor holds it
 * (not as it is on disk), kept in sync by full and incremental changes,
 * and the last analysis of each. An analysis borrows its document, so it
 * is freed before the text it was made from.
 */
#include "server_internal.h"

#include <stdlib.h>
#include <string.h>

#include "dockharden/alloc.h"

static char *copy(const char *s, size_t n)
{
	char *c = dh_xmalloc(n + 1);
	if (n)
		memcpy(c, s, n);
	c[n] = '\0';
	return c;
}

static char *copy_str(const char *s)
{
	return s ? copy(s, strlen(s)) : NULL;
}

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decodes s into a new string; NULL when it would hold a NUL. */
static char *percent_decode(const char *s)
{
	size_t n = strlen(s);
	char *out = dh_xmalloc(n + 1);
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		int hi = s[i] == '%' && i + 2 < n ? hex(s[i + 1]) : -1;
		int lo = hi >= 0 ? hex(s[i + 2]) : -1;
		if (lo < 0) {
			out[o++] = s[i];
			continue;
		}
		out[o] = (char)(hi * 16 + lo);
		if (!out[o++]) {
			free(out);
			return NULL;
		}
		i += 2;
	}
	out[o] = '\0';
	return out;
}

char *dh__lsp_uri_path(const char *uri)
{
	static const char scheme[] = "file://";
	if (strncmp(uri, scheme, sizeof(scheme) - 1) != 0)
		return NULL;
	const char *rest = uri + sizeof(scheme) - 1;
	/* file:///p and file://localhost/p are local; another host is not. */
	if (strncmp(rest, "localhost/", 10) == 0)
		rest += 9;
	if (rest[0] != '/')
		return NULL;
	/* A query or fragment is not part of the path. */
	size_t n = strcspn(rest, "?#");
	char *raw = copy(rest, n);
	char *path = percent_decode(raw);
	free(raw);
	return path;
}

static void free_entry(dh__lsp_open *o)
{
	dh__lsp_docs_forget(o);
	free(o->uri);
	free(o->path);
	free(o->language_id);
	free(o->text);
	free(o);
}

static size_t index_of(const dh__lsp_docs *docs, const char *uri)
{
	for (size_t i = 0; i < docs->n; i++)
		if (strcmp(docs->items[i]->doc.uri, uri) == 0)
			return i;
	return docs->n;
}

dh__lsp_open *dh__lsp_docs_find(const dh__lsp_docs *docs, const char *uri)
{
	size_t i = index_of(docs, uri);
	return i < docs->n ? docs->items[i] : NULL;
}

dh__lsp_open *dh__lsp_docs_open(dh__lsp_docs *docs, const char *uri,
				const char *language_id, const char *text,
				size_t len, int64_t version,
				dh__lsp_encoding enc)
{
	dh__lsp_open *o = dh_xcalloc(1, sizeof(*o));
	o->uri = copy_str(uri);
	o->path = dh__lsp_uri_path(uri);
	o->language_id = copy_str(language_id);
	o->text = copy(text, len);
	o->doc = (dh__lsp_doc){
		.uri = o->uri,
		.path = o->path,
		.language_id = o->language_id,
		.text = o->text,
		.len = len,
		.version = version,
		.enc = enc,
	};
	o->publish = true;
	size_t i = index_of(docs, uri);
	if (i < docs->n) {
		free_entry(docs->items[i]);
		docs->items[i] = o;
		return o;
	}
	if (docs->n == docs->cap) {
		docs->cap = docs->cap ? docs->cap * 2 : 8;
		docs->items = dh_xrealloc(docs->items,
					  docs->cap * sizeof(*docs->items));
	}
	docs->items[docs->n++] = o;
	return o;
}

bool dh__lsp_docs_close(dh__lsp_docs *docs, const char *uri)
{
	size_t i = index_of(docs, uri);
	if (i == docs->n)
		return false;
	free_entry(docs->items[i]);
	docs->items[i] = docs->items[--docs->n];
	return true;
}

void dh__lsp_docs_free(dh__lsp_docs *docs)
{
	for (size_t i = 0; i < docs->n; i++)
		free_entry(docs->items[i]);
	free(docs->items);
	*docs = (dh__lsp_docs){0};
}

void dh__lsp_docs_forget(dh__lsp_open *o)
{
	if (o->analysis)
		dh__lsp_analysis_free(o->analysis);
	o->analysis = NULL;
}

/* A Position object's line and character; false when it is not one. */
static bool json_position(dh__lsp_pos *out, const json_t *pos)
{
	json_t *line = json_object_get(pos, "line");
	json_t *ch = json_object_get(pos, "character");
	if (!json_is_integer(line) || !json_is_integer(ch))
		return false;
	json_int_t l = json_integer_value(line);
	json_int_t c = json_integer_value(ch);
	if (l < 0 || c < 0 || l > UINT32_MAX || c > UINT32_MAX)
		return false;
	out->line = (uint32_t)l;
	out->character = (uint32_t)c;
	return true;
}

bool dh__lsp_docs_offset(size_t *out, const dh__lsp_open *o, const json_t *pos)
{
	dh__lsp_pos p;
	if (!json_position(&p, pos))
		return false;
	*out = dh__lsp_offset_of(o->doc.text, o->doc.len, p, o->doc.enc);
	return true;
}

bool dh__lsp_docs_range(size_t *start, size_t *end, const dh__lsp_open *o,
			const json_t *range)
{
	if (!dh__lsp_docs_offset(start, o, json_object_get(range, "start")) ||
	    !dh__lsp_docs_offset(end, o, json_object_get(range, "end")))
		return false;
	if (*end < *start)
		*end = *start;
	return true;
}

void dh__lsp_docs_change(dh__lsp_open *o, const json_t *range, const char *text,
			 size_t len)
{
	size_t start = 0, end = o->doc.len;
	if (range && !dh__lsp_docs_range(&start, &end, o, range))
		return; /* not a range: the edit cannot be placed */
	size_t old_len = o->doc.len;
	size_t new_len = old_len - (end - start) + len;
	char *next = dh_xmalloc(new_len + 1);
	memcpy(next, o->doc.text, start);
	if (len)
		memcpy(next + start, text, len);
	memcpy(next + start + len, o->doc.text + end, old_len - end);
	next[new_len] = '\0';
	dh__lsp_docs_forget(o);
	free(o->text);
	o->text = next;
	o->doc.text = next;
	o->doc.len = new_len;
	o->publish = true;
}

const dh__lsp_analysis *dh__lsp_docs_analysis(dh__lsp_open *o)
{
	if (!o->analysis)
		o->analysis = dh__lsp_analyze(&o->doc);
	return o->analysis;
}
