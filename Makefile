# vcaudit — build, test and demo.
#   make demo   install missing build deps, build, audit the demo organisation
#   make test   install missing build deps, build, run every test (also under ASan+UBSan)

BUILD   ?= build
CC      ?= cc
PKGS    := jansson libxml-2.0 libplist-2.0 inih libarchive libcurl libcrypto yaml-0.1 duktape lua5.4 cairo pangocairo
SAN     ?=
OPT     ?= -O2
CFLAGS  ?=
WARN    := -Wall -Wextra -Wshadow -Wformat=2 -Wno-unused-parameter -Wstrict-prototypes \
           -Wvla -Werror=implicit-function-declaration
VC_CFLAGS = -std=c11 -D_GNU_SOURCE -Iauditor -g $(OPT) $(WARN) $(SAN) \
            $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(CFLAGS)
VC_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

LIB_SRC  := $(sort $(filter-out auditor/main.c,$(shell find auditor -name '*.c')))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps demo test check unit integration rules-check asan checksrc clean bench memcheck \
	memcheck-quick
all: $(BUILD)/vcaudit

# Each mk/*.mk adds its own targets and appends the ones `make test` runs to
# CHECK_EXTRA (fuzz regressions, browser test, fleet tests...).
CHECK_EXTRA :=
include $(sort $(wildcard mk/*.mk))

deps:
	@sh scripts/deps.sh

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(VC_CFLAGS) -DVC_VERSION='"$(VERSION)"' -MMD -MP -c $< -o $@

$(BUILD)/libvcaudit.a: $(LIB_OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(BUILD)/vcaudit: $(BUILD)/obj/auditor/main.o $(BUILD)/libvcaudit.a
	@echo "  LINK    $@"
	@$(CC) $(VC_CFLAGS) -o $@ $^ $(VC_LIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/testutil.h tests/unit/report_fixture.h tests/unit/testtree.h $(BUILD)/libvcaudit.a
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(VC_CFLAGS) -o $@ $< $(BUILD)/libvcaudit.a $(VC_LIBS) -lcmocka

unit: $(TEST_BIN)
	@sh tests/run-unit.sh $(BUILD) $(TEST_BIN)

# Three shards at once: many cases wait on a stand-in server or a timeout.
integration: $(BUILD)/vcaudit
	@VC_JOBS=3 sh tests/integration/run.sh $(BUILD)/vcaudit

rules-check: $(BUILD)/vcaudit
	$(BUILD)/vcaudit rules lint rules
	$(BUILD)/vcaudit rules test rules

# The unit and integration tests once more with AddressSanitizer and UBSan.
asan:
	$(MAKE) BUILD=build-asan OPT=-O1 \
	  SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	  unit integration

# The integration tests once more under valgrind: no memory errors, no
# definite leaks. Three shards at once, as above. `make test` runs
# memcheck-quick, which leaves out the cases that take longest under valgrind
# (tests/integration/memcheck-slow.txt; they still run plain and under ASan);
# `make memcheck` runs them all.
VALGRIND = valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
	   --suppressions=$(CURDIR)/tests/valgrind.supp
memcheck: $(BUILD)/vcaudit
	@VC_JOBS=3 VC_WRAP="$(VALGRIND)" VC_TIMEOUT=300 sh tests/integration/run.sh $(BUILD)/vcaudit
memcheck-quick: $(BUILD)/vcaudit
	@VC_JOBS=3 VC_WRAP="$(VALGRIND)" VC_TIMEOUT=300 \
	  VC_SKIP_FILE=tests/integration/memcheck-slow.txt sh tests/integration/run.sh $(BUILD)/vcaudit

checksrc:
	@sh scripts/checksrc.sh

check: unit integration rules-check asan memcheck-quick checksrc $(CHECK_EXTRA)

test: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory check

demo: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/demo.sh $(BUILD)/vcaudit

# Not part of `make test`: timings belong in bench/, not in tests.
bench: $(BUILD)/vcaudit
	@sh bench/workstation.sh $(BUILD)/vcaudit
	@sh bench/merge.sh $(BUILD)/vcaudit

clean:
	rm -rf build build-asan

-include $(LIB_OBJ:.o=.d) $(BUILD)/obj/auditor/main.d
