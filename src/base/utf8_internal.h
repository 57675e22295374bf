#ifndef DH_UTF8_INTERNAL_H
#define DH_UTF8_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "dockharden/buf.h"

/*
 * Length of the valid UTF-8 sequence at s (n bytes available) with its
 * code point in *out_cp, or 0 when invalid (Go's rules: no overlong forms
 * or surrogates).
 */
uint32_t dh__utf8_decode(const char *s, size_t n, uint32_t *out_cp);

/* Appends code point cp encoded as UTF-8. */
void dh__utf8_put(dh_buf *out, uint32_t cp);

#endif
