# dockharden build. `make` builds build/dockharden; `make test` runs every
# suite; `make sanitize` builds under ASan/UBSan into build/sanitize/.

CC ?= cc
ifeq ($(origin CC),default)
CC := gcc
endif
FLEX ?= flex
BISON ?= bison
PREFIX ?= /usr/local

ifeq ($(SANITIZE),1)
BUILD ?= build/sanitize
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -DDH_ARENA_DEBUG
OPT ?= -O1 -g
else
BUILD ?= build
SAN_FLAGS :=
OPT ?= -O2 -g
endif

WARN := -std=c11 -pedantic -Wall -Wextra -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wmissing-declarations -Wold-style-definition \
	-Wcast-qual -Wformat=2 -Wundef -Wpointer-arith -Wwrite-strings -Wvla \
	-Wnull-dereference -Wimplicit-fallthrough -Wconversion \
	-Wsign-conversion -Werror

YAML_CFLAGS := $(shell pkg-config --cflags yaml-0.1 2>/dev/null)
YAML_LIBS := $(shell pkg-config --libs yaml-0.1 2>/dev/null || echo -lyaml)
# jansson: the JSON of the language server's protocol (README, dependencies)
JANSSON_CFLAGS := $(shell pkg-config --cflags jansson 2>/dev/null)
JANSSON_LIBS := $(shell pkg-config --libs jansson 2>/dev/null || echo -ljansson)
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null || echo -lcheck -lsubunit -lm -lrt -lpthread)

CPPFLAGS += -D_POSIX_C_SOURCE=200809L -Iinclude -Isrc -I$(BUILD)/gen $(YAML_CFLAGS) \
	$(JANSSON_CFLAGS)
CFLAGS += $(OPT) $(WARN) $(SAN_FLAGS) -pthread
LDFLAGS += $(SAN_FLAGS) -pthread
LDLIBS += $(YAML_LIBS) $(JANSSON_LIBS)

# The binary is linked statically where the static C library and libyaml
# are installed (Debian's libc6-dev and libyaml-dev ship both): loading
# shared libraries was a third of one short harden process. Sanitizer
# builds cannot link statically; STATIC=0 forces a dynamic link.
ifeq ($(SANITIZE),1)
STATIC := 0
endif
STATIC ?= $(if $(and $(wildcard $(shell $(CC) -print-file-name=libc.a)),\
	$(wildcard $(shell $(CC) -print-file-name=libyaml.a)),\
	$(wildcard $(shell $(CC) -print-file-name=libjansson.a))),1,0)
ifeq ($(STATIC),1)
BIN_LDFLAGS := -static
endif

GEN := $(BUILD)/gen
LIB_SRC := $(filter-out src/cli/main.c,$(wildcard src/*/*.c)) $(wildcard transforms/*.c)
LIB_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(LIB_SRC)) \
	$(BUILD)/obj/gen/lexer.o $(BUILD)/obj/gen/parser.o
UNIT_SRC := $(wildcard tests/unit/check_*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
HEADERS := $(wildcard include/dockharden/*.h)

.PHONY: all deps sanitize test check unit golden conformance fuzz-replay valgrind \
	bench bench-peers fuzz lint format format-check check-headers \
	check-src check-layers shellcheck static install clean golden-update example \
	integration crash

all: $(BUILD)/dockharden

deps:
	@sh tools/deps.sh

$(GEN)/lexer.c $(GEN)/lexer.h: grammar/lexer.l | $(GEN)
	$(FLEX) --header-file=$(GEN)/lexer.h -o $(GEN)/lexer.c $<

$(GEN)/parser.c $(GEN)/parser.h: grammar/parser.y | $(GEN)
	$(BISON) -Wall -Werror --header=$(GEN)/parser.h -o $(GEN)/parser.c $<

$(GEN):
	mkdir -p $@

# flex's yyrestart trips a gcc -O2 false positive; only its output relaxes it.
$(BUILD)/obj/gen/lexer.o: $(GEN)/lexer.c $(GEN)/parser.h $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Wno-null-dereference -Wno-unused-function -c -o $@ $<

$(BUILD)/obj/gen/parser.o: $(GEN)/parser.c $(GEN)/lexer.h $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/obj/%.o: %.c $(HEADERS) $(GEN)/parser.h $(GEN)/lexer.h transforms/passes.def $(wildcard src/*/*.def src/*/*.h)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/libdockharden.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/dockharden: $(BUILD)/obj/src/cli/main.o $(BUILD)/libdockharden.a
	$(CC) $(LDFLAGS) $(BIN_LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libdockharden.a $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CHECK_CFLAGS) $(CFLAGS) -Wno-conversion -Wno-sign-conversion -o $@ $< $(BUILD)/libdockharden.a $(LDFLAGS) $(CHECK_LIBS) $(LDLIBS)

$(BUILD)/fuzz-replay: tests/fuzz/replay.c tests/fuzz/targets.c $(BUILD)/libdockharden.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ tests/fuzz/replay.c tests/fuzz/targets.c $(BUILD)/libdockharden.a $(LDFLAGS) $(LDLIBS)

sanitize:
	$(MAKE) SANITIZE=1 all

unit: $(UNIT_BIN)

fuzz-replay: $(BUILD)/fuzz-replay
	@$(BUILD)/fuzz-replay tests/fuzz/corpus tests/fuzz/regressions

# One summary line over every suite: unit, golden, conformance, fuzz replay.
test check: deps
	$(MAKE) all unit $(BUILD)/fuzz-replay
	@BUILD=$(BUILD) sh tests/run-all.sh

# The long crash test: 200 interruptions (SIGKILL, SIGTERM, SIGINT) of
# migrate on the golden inputs; `make test` runs 30 (tests/crash.sh).
crash: all
	@CRASH_RUNS=$${CRASH_RUNS:-200} sh tests/crash.sh $(BUILD)/dockharden

golden: all
	@sh tests/golden.sh $(BUILD)/dockharden

golden-update: all
	@GOLDEN_UPDATE=1 sh tests/golden.sh $(BUILD)/dockharden

conformance: all
	@sh tests/conformance.sh $(BUILD)/dockharden

# The golden cases with every run under valgrind memcheck (slow), then the
# language server: the scripted conversation and a long editing session.
# memcheck tracks the heap only through a dynamic C library: its own build.
valgrind:
	$(MAKE) STATIC=0 BUILD=build/valgrind all
	@GOLDEN_TIMEOUT=120 sh tests/golden.sh tools/valgrind-dockharden.sh
	@python3 tests/lsp/conversation.py tools/valgrind-dockharden.sh
	@python3 tests/lsp/long_session.py tools/valgrind-dockharden.sh

example: deps
	$(MAKE) all
	@sh tools/example.sh $(BUILD)/dockharden

# The shipped hooks under the real pre-commit (try-repo on a scratch
# repository) and lint's SARIF under Microsoft's validator (npm, installed
# into build/sarif-tool); each skips loudly when its tool is missing.
integration: all
	@sh tests/precommit.sh $(BUILD)/dockharden
	@sh tests/sarif.sh $(BUILD)/dockharden

bench: all
	@sh tests/bench/bench.sh $(BUILD)/dockharden

bench-peers: all
	@sh tests/bench/peers.sh $(BUILD)/dockharden

fuzz:
	@sh tests/fuzz/run.sh

lint:
	@sh tools/lint.sh

format:
	clang-format -i $(wildcard src/*/*.c transforms/*.c include/dockharden/*.h tests/unit/*.c tests/fuzz/*.c)

format-check:
	clang-format --dry-run -Werror $(wildcard src/*/*.c transforms/*.c include/dockharden/*.h tests/unit/*.c tests/fuzz/*.c)

check-headers:
	@for h in $(HEADERS); do \
		printf '#include "%s"\n' "$${h#include/}" | \
		$(CC) $(CPPFLAGS) $(CFLAGS) -x c -fsyntax-only - || exit 1; \
	done; echo "headers: each compiles alone"

check-src:
	@sh tools/check-src.sh

check-layers:
	@sh tools/check-layers.sh

shellcheck:
	@sh tools/shellcheck.sh

# Every static check CI runs after the tests.
static: lint format-check check-headers check-src shellcheck

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 755 $(BUILD)/dockharden $(DESTDIR)$(PREFIX)/bin/dockharden
	install -m 644 man/dockharden.1 $(DESTDIR)$(PREFIX)/share/man/man1/dockharden.1
	install -m 644 completions/dockharden.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/dockharden

clean:
	rm -rf build

# Benchmark tools (generator, in-process harness); kept last so `all`
# stays the default goal.
include tests/bench/bench.mk
include tests/e2e/e2e.mk
