# libFuzzer targets (fuzz/README.md): every parser and input format.
#   make fuzz           fuzz each target for FUZZ_SECONDS (default 60)
#   make fuzz-regress   run every seed and crash reproducer once (part of make test)
# Built with clang into FUZZ_BUILD, apart from BUILD: the library objects
# with -fsanitize=fuzzer-no-link, the targets linked with -fsanitize=fuzzer.
FUZZ_BUILD   ?= build-fuzz-objs
FUZZ_CC      ?= clang-14
FUZZ_SECONDS ?= 60
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
		-fno-omit-frame-pointer
FUZZ_CFLAGS   = -std=c11 -D_GNU_SOURCE -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION -Iauditor \
		-g -O1 $(WARN) -Wno-unused-function -Wno-format-nonliteral $(FUZZ_SAN) \
		$(shell pkg-config --cflags $(PKGS) 2>/dev/null)
FUZZ_SRC     := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_TARGETS := $(FUZZ_SRC:fuzz/fuzz_%.c=%)
FUZZ_BIN     := $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)
# The modules that read input, not the reporters and commands (a target
# that needs one adds it here).
FUZZ_LIB_SRC := $(filter auditor/core/% auditor/engine/% auditor/parsers/% auditor/inputs/% \
		auditor/scanners/% auditor/fetch/% auditor/report/breach_draft.c,$(LIB_SRC))
FUZZ_OBJ     := $(FUZZ_LIB_SRC:%.c=$(FUZZ_BUILD)/obj/%.o)

.PHONY: fuzz fuzz-build fuzz-regress
CHECK_EXTRA += fuzz-regress

$(FUZZ_BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -DVC_VERSION='"$(VERSION)"' \
	  -MMD -MP -c $< -o $@

# The forked sandbox gives way to fuzz/sandbox_inproc.c, whose evaluations
# run in the fuzzing process where libFuzzer sees their coverage.
$(FUZZ_BUILD)/obj/auditor/parsers/sandbox.o: FUZZ_CFLAGS += \
	-Dvc_sandbox_run=vc_sandbox_run_forked -Dvc_sandbox_child_fail=vc_sandbox_child_fail_forked

$(FUZZ_BUILD)/sandbox_inproc.o: fuzz/sandbox_inproc.c
	@mkdir -p $(dir $@)
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_BUILD)/libvcaudit-fuzz.a: $(FUZZ_OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz_util.h fuzz/fuzz_skip.h \
		$(FUZZ_BUILD)/sandbox_inproc.o $(FUZZ_BUILD)/libvcaudit-fuzz.a
	@echo "  FUZZLD  $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_BUILD)/sandbox_inproc.o \
	  $(FUZZ_BUILD)/libvcaudit-fuzz.a $(VC_LIBS)

fuzz-build: $(FUZZ_BIN)

# Two jobs: the machine the budget is measured on has two cores.
fuzz-regress:
	@$(MAKE) --no-print-directory -j2 fuzz-build
	@sh fuzz/run.sh regress $(FUZZ_BUILD) $(FUZZ_TARGETS)

fuzz:
	@$(MAKE) --no-print-directory -j2 fuzz-build
	@sh fuzz/run.sh fuzz $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

-include $(FUZZ_OBJ:.o=.d)
