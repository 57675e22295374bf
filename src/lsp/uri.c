/* SPDX-License-Identifier: MIT */
/*
 * The file path behind a document's uri, for what the analysis reads
 * beside the file (configuration, go.mod, scripts). Editors percent-encode
 * paths (a space is %20, "c:" may be "c%3A"), so the path is decoded; a
 * uri that names no local file has no path.
 */
#include "server_internal.h"

#include <stdlib.h>
#include <string.h>

#include "dockharden/alloc.h"

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

/* Percent-decodes n bytes of s into a new string; NULL when it would
 * hold a NUL. */
static char *percent_decode(const char *s, size_t n)
{
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
	return percent_decode(rest, strcspn(rest, "?#"));
}
