/* SPDX-License-Identifier: MIT */
/*
 * Decoding the exec form: a JSON array of strings. It must accept and
 * reject exactly what Go's encoding/json accepts, because a rejected array
 * silently becomes shell form. Iterative, so deep nesting cannot overflow
 * the stack; past Go's depth limit the text counts as invalid.
 */
#include <stdlib.h>
#include <string.h>

#include "dockharden/alloc.h"
#include "dockharden/buf.h"
#include "parse_internal.h"

typedef struct jscan {
	const char *s;
	uint32_t n;
	uint32_t i;
} jscan;

static void skip_ws(jscan *j)
{
	while (j->i < j->n && (j->s[j->i] == ' ' || j->s[j->i] == '\t' ||
			       j->s[j->i] == '\n' || j->s[j->i] == '\r'))
		j->i++;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

static bool read_hex4(jscan *j, uint32_t *out)
{
	if (j->n - j->i < 4)
		return false;
	uint32_t v = 0;
	for (int k = 0; k < 4; k++) {
		int h = hexval(j->s[j->i + (uint32_t)k]);
		if (h < 0)
			return false;
		v = v * 16 + (uint32_t)h;
	}
	j->i += 4;
	*out = v;
	return true;
}

static bool read_escape(jscan *j, dh_buf *out)
{
	char c = j->s[j->i++];
	const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
	const char *hit = c ? strchr(from, c) : NULL;
	if (hit) {
		if (out)
			dh_buf_putc(out, to[hit - from]);
		return true;
	}
	uint32_t cp;
	if (c != 'u' || !read_hex4(j, &cp))
		return false;
	if (cp >= 0xd800 && cp < 0xdc00) {
		uint32_t lo;
		jscan save = *j;
		if (j->n - j->i >= 6 && j->s[j->i] == '\\' &&
		    j->s[j->i + 1] == 'u' && (j->i += 2, read_hex4(j, &lo)) &&
		    lo >= 0xdc00 && lo < 0xe000)
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		else {
			*j = save;
			cp = 0xfffd;
		}
	} else if (cp >= 0xdc00 && cp < 0xe000) {
		cp = 0xfffd;
	}
	if (out)
		dh__utf8_put(out, cp);
	return true;
}

/* Reads a string at j->i (on the quote); decodes into out when non-NULL. */
static bool read_string(jscan *j, dh_buf *out)
{
	j->i++;
	while (j->i < j->n) {
		/* Printable ASCII needs no decision: take a run of it. */
		uint32_t run = j->i;
		while (j->i < j->n && (unsigned char)j->s[j->i] >= 0x20 &&
		       (unsigned char)j->s[j->i] < 0x80 && j->s[j->i] != '"' &&
		       j->s[j->i] != '\\')
			j->i++;
		if (out && j->i > run)
			dh_buf_put(out, j->s + run, j->i - run);
		if (j->i >= j->n)
			break;
		unsigned char c = (unsigned char)j->s[j->i];
		if (c == '"') {
			j->i++;
			return true;
		}
		if (c < 0x20)
			return false;
		if (c == '\\') {
			j->i++;
			if (j->i >= j->n || !read_escape(j, out))
				return false;
			continue;
		}
		uint32_t cp;
		uint32_t w = dh__utf8_decode(j->s + j->i, j->n - j->i, &cp);
		if (out && w)
			dh_buf_put(out, j->s + j->i, w);
		else if (out)
			dh_buf_puts(out, "\xef\xbf\xbd");
		j->i += w ? w : 1;
	}
	return false;
}

static bool read_digits(jscan *j)
{
	uint32_t start = j->i;
	while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9')
		j->i++;
	return j->i > start;
}

static bool read_number(jscan *j)
{
	if (j->s[j->i] == '-')
		j->i++;
	if (j->i < j->n && j->s[j->i] == '0')
		j->i++;
	else if (!read_digits(j))
		return false;
	if (j->i < j->n && j->s[j->i] == '.') {
		j->i++;
		if (!read_digits(j))
			return false;
	}
	if (j->i < j->n && (j->s[j->i] | 0x20) == 'e') {
		j->i++;
		if (j->i < j->n && (j->s[j->i] == '+' || j->s[j->i] == '-'))
			j->i++;
		if (!read_digits(j))
			return false;
	}
	return true;
}

static bool read_literal(jscan *j)
{
	static const char *const words[] = {"true", "false", "null"};
	for (size_t k = 0; k < 3; k++) {
		size_t len = strlen(words[k]);
		if (j->n - j->i >= len &&
		    memcmp(j->s + j->i, words[k], len) == 0) {
			j->i += (uint32_t)len;
			return true;
		}
	}
	return false;
}

/* An object member's key and its colon, white space around them. */
static bool read_key(jscan *j)
{
	skip_ws(j);
	if (j->i >= j->n || j->s[j->i] != '"' || !read_string(j, NULL))
		return false;
	skip_ws(j);
	return j->i < j->n && j->s[j->i++] == ':';
}

/*
 * Validates one JSON value that is nested inside the top-level array
 * (depth starts at 1). Containers are tracked with an explicit stack of
 * their closing characters.
 */
static bool skip_value(jscan *j, dh_buf *stack)
{
	dh_buf_clear(stack);
	bool want_value = true;
	for (;;) {
		skip_ws(j);
		if (j->i >= j->n)
			return false;
		char c = j->s[j->i];
		if (want_value) {
			if (c == '[' || c == '{') {
				if (stack->len + 2 > DH__JSON_MAX_DEPTH)
					return false;
				dh_buf_putc(stack, c == '[' ? ']' : '}');
				j->i++;
				skip_ws(j);
				if (j->i < j->n &&
				    j->s[j->i] == stack->data[stack->len - 1]) {
					j->i++;
					stack->len--;
					want_value = false;
				} else if (c == '{' && !read_key(j)) {
					return false;
				}
				if (!stack->len && !want_value)
					return true;
				continue;
			}
			bool ok = c == '"' ? read_string(j, NULL)
				  : (c == '-' || (c >= '0' && c <= '9'))
					  ? read_number(j)
					  : read_literal(j);
			if (!ok)
				return false;
			want_value = false;
			if (!stack->len)
				return true;
			continue;
		}
		char close = stack->data[stack->len - 1];
		if (c == close) {
			j->i++;
			stack->len--;
			if (!stack->len)
				return true;
			continue;
		}
		if (c != ',')
			return false;
		j->i++;
		if (close == '}' && !read_key(j))
			return false;
		want_value = true;
	}
}

typedef struct wordvec {
	dh_word *v;
	size_t n;
	size_t cap;
} wordvec;

static void push(wordvec *w, dh_arena *arena, const dh_buf *text,
		 uint32_t start, uint32_t end)
{
	if (!arena)
		return; /* validating only */
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 8;
		w->v = dh_xrealloc(w->v, w->cap * sizeof(dh_word));
	}
	dh_word *d = &w->v[w->n++];
	d->text = dh_arena_strndup(arena, text->data ? text->data : "",
				   text->len);
	d->len = (uint32_t)text->len;
	d->has_raw = true;
	d->raw.start = start;
	d->raw.end = end;
}

/* Returns 1, 0 or -1 as documented; bad_type tracks a non-string element. */
static int read_array(jscan *j, wordvec *words, dh_arena *arena, dh_buf *tmp,
		      dh_buf *stack)
{
	bool bad_type = false;
	j->i++;
	skip_ws(j);
	if (j->i < j->n && j->s[j->i] == ']') {
		j->i++;
		return 1;
	}
	for (;;) {
		skip_ws(j);
		if (j->i >= j->n)
			return 0;
		uint32_t start = j->i;
		if (j->s[j->i] == '"') {
			dh_buf_clear(tmp);
			if (!read_string(j, arena ? tmp : NULL))
				return 0;
			push(words, arena, tmp, start, j->i);
		} else {
			if (!skip_value(j, stack))
				return 0;
			bad_type = true;
		}
		skip_ws(j);
		if (j->i >= j->n)
			return 0;
		char c = j->s[j->i++];
		if (c == ']')
			return bad_type ? -1 : 1;
		if (c != ',')
			return 0;
	}
}

int dh__json_string_array(dh_word **out, size_t *out_n, dh_arena *arena,
			  const char *text, uint32_t len)
{
	jscan j = {text, len, 0};
	if (out) {
		*out = NULL;
		*out_n = 0;
	}
	skip_ws(&j);
	if (j.i >= j.n || text[j.i] != '[')
		return 0;
	wordvec words = {0};
	dh_buf tmp = DH_BUF_INIT, stack = DH_BUF_INIT;
	int rc = read_array(&j, &words, out ? arena : NULL, &tmp, &stack);
	if (rc != 0) {
		skip_ws(&j);
		if (j.i != j.n)
			rc = 0;
	}
	if (out && rc == 1 && words.n) {
		*out = dh_arena_alloc(arena, words.n * sizeof(dh_word));
		memcpy(*out, words.v, words.n * sizeof(dh_word));
		*out_n = words.n;
	}
	free(words.v);
	dh_buf_free(&tmp);
	dh_buf_free(&stack);
	return rc;
}

int dh__json_check(const char *text, uint32_t len)
{
	return dh__json_string_array(NULL, NULL, NULL, text, len);
}
