/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer entry point for one target, chosen at compile time:
 * clang -fsanitize=fuzzer -DFUZZ_TARGET=parse gives a binary that runs
 * dh_fuzz_parse. Any target in targets.c works without changes here.
 * tests/fuzz/run.sh builds and runs them.
 */
#include <stddef.h>
#include <stdint.h>

#include "targets.h"

#ifndef FUZZ_TARGET
#error "build with -DFUZZ_TARGET=<name>, e.g. -DFUZZ_TARGET=parse"
#endif

#define DH_FUZZ_FN_(name) dh_fuzz_##name
#define DH_FUZZ_FN(name) DH_FUZZ_FN_(name)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return DH_FUZZ_FN(FUZZ_TARGET)(data, size);
}
