#ifndef DH_BUF_H
#define DH_BUF_H

#include <stdarg.h>
#include <stddef.h>

/**
 * A growable byte buffer on the heap, for output. data is NULL while
 * nothing was reserved (cap 0); once set it is always NUL-terminated at
 * len (data may hold NUL bytes too; len is the truth).
 * Initialise with DH_BUF_INIT; the owner frees with dh_buf_free().
 */
typedef struct dh_buf {
	char *data;
	size_t len;
	size_t cap;
} dh_buf;

#define DH_BUF_INIT                                                            \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

/** Appends n bytes; aborts when out of memory. */
void dh_buf_put(dh_buf *buf, const void *bytes, size_t n);
/** Appends a NUL-terminated string. */
void dh_buf_puts(dh_buf *buf, const char *s);
/** Appends one byte. */
void dh_buf_putc(dh_buf *buf, char c);
/** Appends formatted text. */
void dh_buf_printf(dh_buf *buf, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/** Appends formatted text from a va_list. */
void dh_buf_vprintf(dh_buf *buf, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/** Makes room for n more bytes without changing len. */
void dh_buf_reserve(dh_buf *buf, size_t n);
/** Empties the buffer, keeping its memory. */
void dh_buf_clear(dh_buf *buf);
/** Frees the memory and resets to DH_BUF_INIT. */
void dh_buf_free(dh_buf *buf);
/**
 * Takes the data out (caller frees with free()); the buffer is reset. A
 * buffer of 2 MiB or more lives in its own mapping and is copied out.
 */
char *dh_buf_detach(dh_buf *buf, size_t *out_len);

#endif
