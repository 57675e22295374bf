# SPDX-License-Identifier: MIT
# Benchmark tools, included from the Makefile: the input generator and the
# in-process parse harness. `make bench` and `make bench-peers` build them
# first; tests/bench/bench.sh also builds them when run on its own.

BENCH_BIN := $(BUILD)/bench

$(BENCH_BIN)/gen: tests/bench/gen.c $(BUILD)/libdockharden.a $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(BUILD)/libdockharden.a $(LDFLAGS) $(LDLIBS)

$(BENCH_BIN)/bench_parse: tests/bench/bench_parse.c $(BUILD)/libdockharden.a $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(BUILD)/libdockharden.a $(LDFLAGS) $(LDLIBS)

bench bench-peers: $(BENCH_BIN)/gen $(BENCH_BIN)/bench_parse
