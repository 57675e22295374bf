#ifndef DH_FUZZ_TARGETS_H
#define DH_FUZZ_TARGETS_H

#include <stddef.h>
#include <stdint.h>

/**
 * One fuzz target: runs one input and returns 0; abort()s (after a line on
 * stderr saying what broke) when a property does not hold. The bytes are
 * borrowed and never written.
 */
typedef int (*dh_fuzz_fn)(const uint8_t *data, size_t size);

/** A target's short name ("parse") and its body. */
typedef struct dh_fuzz_target {
	const char *name;
	dh_fuzz_fn run;
} dh_fuzz_target;

/** Every target, in a fixed order; static storage. */
extern const dh_fuzz_target dh_fuzz_targets[];
/** How many entries dh_fuzz_targets has. */
extern const size_t dh_fuzz_ntargets;

/** The input parses without crashing and the tree passes dh_cst_check. */
int dh_fuzz_parse(const uint8_t *data, size_t size);
/** Printing the unedited tree gives the input byte for byte. */
int dh_fuzz_roundtrip(const uint8_t *data, size_t size);
int dh_fuzz_format(const uint8_t *data, size_t size);
/** Edits keep every untouched byte and never add parse errors. */
int dh_fuzz_edit(const uint8_t *data, size_t size);
int dh_fuzz_harden(const uint8_t *data, size_t size);
int dh_fuzz_patch(const uint8_t *data, size_t size);
/** The language server's message reader never crashes nor loops, and
 * what it reads writes back the same. */
int dh_fuzz_lsp_read(const uint8_t *data, size_t size);

#endif
