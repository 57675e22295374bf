/* SPDX-License-Identifier: MIT */
/*
 * Growable output buffer; doubling growth keeps appends amortised O(1).
 * Buffers of BIG bytes and more live in huge-page mappings, as the arena's
 * big chunks do: a 64 MB print into 4 KiB pages cost as much again as the
 * parse on a virtual machine (see pages_internal.h). The capacity alone
 * tells which kind a buffer holds.
 */
#include "dockharden/buf.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dockharden/alloc.h"
#include "pages_internal.h"

#define BIG ((size_t)2 * 1024 * 1024)

static bool is_mapped(size_t cap)
{
	return dh__pages_suit(cap, BIG);
}

static void release(char *data, size_t cap)
{
	if (is_mapped(cap))
		dh__pages_free(data, cap);
	else
		free(data);
}

/*
 * Moves the contents to a block of at least cap bytes; returns its size.
 * Keeps the invariant every function here relies on: data is NULL only
 * while cap is 0, and otherwise holds len bytes and a terminating NUL.
 */
static size_t regrow(dh_buf *buf, size_t cap)
{
	if (!is_mapped(cap)) {
		buf->data = dh_xrealloc(buf->data, cap);
		buf->data[buf->len] = '\0';
		return cap;
	}
	size_t got = dh__pages_round(cap);
	char *p = dh__pages_alloc(got);
	if (buf->data)
		memcpy(p, buf->data, buf->len);
	p[buf->len] = '\0';
	release(buf->data, buf->cap);
	buf->data = p;
	return got;
}

void dh_buf_reserve(dh_buf *buf, size_t n)
{
	/* An empty buffer (data NULL) always grows, whatever cap says. */
	if (buf->data && buf->cap - buf->len > n)
		return;
	/* A first large request is taken as exact: printing a whole input
	 * should not cost twice its size. */
	size_t cap = buf->cap ? buf->cap : n >= 4096 ? n + 1 : 256;
	while (cap - buf->len <= n) {
		if (cap > SIZE_MAX / 2)
			abort();
		cap *= 2;
	}
	buf->cap = regrow(buf, cap);
}

void dh_buf_put(dh_buf *buf, const void *bytes, size_t n)
{
	dh_buf_reserve(buf, n);
	if (n)
		memcpy(buf->data + buf->len, bytes, n);
	buf->len += n;
	buf->data[buf->len] = '\0';
}

void dh_buf_puts(dh_buf *buf, const char *s)
{
	dh_buf_put(buf, s, strlen(s));
}

void dh_buf_putc(dh_buf *buf, char c)
{
	dh_buf_put(buf, &c, 1);
}

void dh_buf_vprintf(dh_buf *buf, const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n <= 0)
		return;
	dh_buf_reserve(buf, (size_t)n);
	vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, ap);
	buf->len += (size_t)n;
}

void dh_buf_printf(dh_buf *buf, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	dh_buf_vprintf(buf, fmt, ap);
	va_end(ap);
}

void dh_buf_clear(dh_buf *buf)
{
	buf->len = 0;
	if (buf->data)
		buf->data[0] = '\0';
}

void dh_buf_free(dh_buf *buf)
{
	release(buf->data, buf->cap);
	buf->data = NULL;
	buf->len = 0;
	buf->cap = 0;
}

char *dh_buf_detach(dh_buf *buf, size_t *out_len)
{
	if (!buf->data)
		dh_buf_reserve(buf, 1); /* terminated: see regrow */
	char *p = buf->data;
	if (is_mapped(buf->cap)) {
		/* The caller frees with free(): hand over a malloc'd copy. */
		p = dh_xmalloc(buf->len + 1);
		memcpy(p, buf->data, buf->len + 1);
		release(buf->data, buf->cap);
	}
	if (out_len)
		*out_len = buf->len;
	buf->data = NULL;
	buf->len = 0;
	buf->cap = 0;
	return p;
}
