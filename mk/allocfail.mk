# Allocation-failure test (tests/alloc/README.md): tests/alloc/test_allocfail.c
# linked with the library and --wrap for every allocation function our code
# calls, so each of them can be refused. Built in its own two directories
# (plain, and ASan+UBSan so that leaks and bad frees on error paths fail too)
# and run in both; `make test` runs it through CHECK_EXTRA.
.PHONY: allocfail
ALLOCFAIL_DIR  ?= build-allocfail
ALLOCFAIL_ASAN ?= build-allocfail-asan
ALLOCFAIL_WRAP := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup \
		  -Wl,--wrap=strndup,--wrap=open_memstream
# Runs per case and pass past the first 64 N (0 = every N, minutes): the
# budget of `make test` is about a minute for builds and both runs.
ALLOCFAIL_RUNS      ?= 200
ALLOCFAIL_ASAN_RUNS ?= 80

$(BUILD)/test_allocfail: tests/alloc/test_allocfail.c $(BUILD)/libvcaudit.a
	@echo "  LINK    $@"
	@$(CC) $(VC_CFLAGS) -o $@ $< $(BUILD)/libvcaudit.a $(VC_LIBS) $(ALLOCFAIL_WRAP)

allocfail:
	@$(MAKE) --no-print-directory -j2 BUILD=$(ALLOCFAIL_DIR) $(ALLOCFAIL_DIR)/test_allocfail
	@$(MAKE) --no-print-directory -j2 BUILD=$(ALLOCFAIL_ASAN) OPT=-O1 \
	  SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	  $(ALLOCFAIL_ASAN)/test_allocfail
	@LSAN_OPTIONS="suppressions=$(CURDIR)/tests/lsan.supp" VC_ALLOCFAIL_RUNS=$(ALLOCFAIL_ASAN_RUNS) \
	  $(ALLOCFAIL_ASAN)/test_allocfail > $(ALLOCFAIL_ASAN)/allocfail.log 2>&1 & p=$$!; \
	  VC_ALLOCFAIL_RUNS=$(ALLOCFAIL_RUNS) \
	  $(ALLOCFAIL_DIR)/test_allocfail > $(ALLOCFAIL_DIR)/allocfail.log 2>&1; r1=$$?; \
	  wait $$p; r0=$$?; \
	  echo "allocfail (plain):"; tail -n 40 $(ALLOCFAIL_DIR)/allocfail.log; \
	  echo "allocfail (asan):"; tail -n 40 $(ALLOCFAIL_ASAN)/allocfail.log; \
	  [ $$r0 -eq 0 ] && [ $$r1 -eq 0 ]
CHECK_EXTRA += allocfail
