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
