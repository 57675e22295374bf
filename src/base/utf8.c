/* SPDX-License-Identifier: MIT */
/*
 * UTF-8 decoding and encoding as Go's unicode/utf8 does it: overlong
 * forms, surrogates and code points past U+10FFFF are invalid, so every
 * place that must agree with the reference parser agrees with each other.
 */
#include "utf8_internal.h"

uint32_t dh__utf8_decode(const char *s, size_t n, uint32_t *out_cp)
{
	const unsigned char *u = (const unsigned char *)s;
	if (u[0] < 0x80) {
		*out_cp = u[0];
		return 1;
	}
	uint32_t len = u[0] >= 0xf0   ? 4
		       : u[0] >= 0xe0 ? 3
		       : u[0] >= 0xc2 ? 2
				      : 0;
	if (!len || u[0] > 0xf4 || n < len)
		return 0;
	uint32_t v = u[0] & (0x7fu >> len);
	for (uint32_t k = 1; k < len; k++) {
		if ((u[k] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (u[k] & 0x3f);
	}
	if ((len == 3 && v < 0x800) || (len == 4 && v < 0x10000) ||
	    v > 0x10ffff || (v >= 0xd800 && v < 0xe000))
		return 0;
	*out_cp = v;
	return len;
}

void dh__utf8_put(dh_buf *out, uint32_t cp)
{
	char b[4];
	size_t n;
	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	dh_buf_put(out, b, n);
}
