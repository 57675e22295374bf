/* SPDX-License-Identifier: MIT */
/*
 * LSP positions: a zero-based line and a character offset in that line,
 * counted in UTF-16 code units unless the client agreed to UTF-8. Lines
 * end at "\n", "\r\n" or a lone "\r", as the specification says; the
 * project's own columns are bytes, so every range crosses here.
 */
#include "lsp_internal.h"

/* Length of the UTF-8 sequence that starts with byte c (1 for a stray
 * continuation or invalid byte, which the editor shows as one unit). */
static size_t seq_len(unsigned char c)
{
	if (c >= 0xF0 && c < 0xF8)
		return 4;
	if (c >= 0xE0)
		return c < 0xF0 ? 3 : 1;
	if (c >= 0xC0)
		return 2;
	return 1;
}

/* UTF-16 units of the sequence: two for a code point above U+FFFF. */
static uint32_t units(size_t n, dh__lsp_encoding enc)
{
	if (enc == DH__LSP_UTF8)
		return (uint32_t)n;
	return n == 4 ? 2 : 1;
}

size_t dh__lsp_after_break(const char *text, size_t len, size_t i)
{
	if (text[i] == '\n')
		return i + 1;
	if (text[i] == '\r')
		return i + 1 < len && text[i + 1] == '\n' ? i + 2 : i + 1;
	return i;
}

dh__lsp_pos dh__lsp_pos_of(const char *text, size_t len, size_t off,
			   dh__lsp_encoding enc)
{
	dh__lsp_pos pos = {0, 0};
	if (off > len)
		off = len;
	size_t i = 0;
	while (i < off) {
		size_t next = dh__lsp_after_break(text, len, i);
		if (next != i) {
			if (next > off) /* inside "\r\n": still this line */
				break;
			pos.line++;
			pos.character = 0;
			i = next;
			continue;
		}
		size_t n = seq_len((unsigned char)text[i]);
		if (i + n > off)
			break; /* off inside a sequence: its start */
		pos.character += units(n, enc);
		i += n;
	}
	return pos;
}

size_t dh__lsp_offset_of(const char *text, size_t len, dh__lsp_pos pos,
			 dh__lsp_encoding enc)
{
	size_t i = 0;
	for (uint32_t line = 0; line < pos.line; line++) {
		while (i < len && dh__lsp_after_break(text, len, i) == i)
			i++;
		if (i >= len)
			return len;
		i = dh__lsp_after_break(text, len, i);
	}
	uint32_t ch = 0;
	while (i < len && ch < pos.character &&
	       dh__lsp_after_break(text, len, i) == i) {
		size_t n = seq_len((unsigned char)text[i]);
		if (i + n > len)
			n = len - i;
		ch += units(n, enc);
		i += n;
	}
	return i;
}

json_t *dh__lsp_json_pos(dh__lsp_pos pos)
{
	return json_pack("{s:I,s:I}", "line", (json_int_t)pos.line, "character",
			 (json_int_t)pos.character);
}

json_t *dh__lsp_json_range(const char *text, size_t len, size_t start,
			   size_t end, dh__lsp_encoding enc)
{
	return json_pack(
		"{s:o,s:o}", "start",
		dh__lsp_json_pos(dh__lsp_pos_of(text, len, start, enc)), "end",
		dh__lsp_json_pos(dh__lsp_pos_of(text, len, end, enc)));
}
