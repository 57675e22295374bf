/* SPDX-License-Identifier: MIT */
/* Allocation wrappers that abort on exhaustion, so no caller checks NULL. */
#include "dockharden/alloc.h"

#include <stdio.h>
#include <stdlib.h>

static void out_of_memory(size_t size)
{
	fprintf(stderr, "dockharden: out of memory (%zu bytes)\n", size);
	abort();
}

void *dh_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

void *dh_xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		out_of_memory(nmemb * size);
	return p;
}

void *dh_xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}
