# fpgagen -- build, test, demo, fuzz and benchmark targets.
#
#   make            build ./fpgagen
#   make test       install missing packages, build, run every test
#   make demo       the main job on the default board
#   make fuzz       fuzz the front end for FUZZ_RUNS executions
#   make bench      benchmarks, printed as tables

BUILD   ?= build
CC      ?= gcc
CFLAGS  ?= -O2 -g
WARN     = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter -Wno-missing-field-initializers
CPPFLAGS = -std=c11 -D_GNU_SOURCE -Igen -Isim -Iruntime -Itests/unit -MMD -MP -DFPGAGEN_ROOT='"$(CURDIR)"'
SAN      = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDLIBS   = -lyaml -ljansson -lpcap -lpci -ledit -lm

# Element files hold their runtime handler routines, so the library has
# the runtime's core (design.json, handler dispatch, the protocol, the
# backend switch): what those routines call, testable without sockets.
RT_LIB   = runtime/backend.c runtime/design.c runtime/handlers.c runtime/protocol.c
LIB_SRC  = $(sort $(filter-out gen/main.c,$(wildcard gen/*.c)) $(wildcard elements/*/*.c)) $(RT_LIB)
MAIN_SRC = gen/main.c
SIM_SRC  = $(sort $(wildcard sim/*.c))   # `fpgagen sim`; not in the unit tests
RT_SRC   = $(filter-out $(RT_LIB),$(sort $(wildcard runtime/*.c)))   # `fpgagen -r`; not in the unit tests
CMD_SRC  = $(SIM_SRC) $(RT_SRC)
UNIT_SRC = $(wildcard tests/unit/test_*.c)

OBJ      = $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
ASAN_OBJ = $(LIB_SRC:%.c=$(BUILD)/asan/%.o)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/asan/unit/%)

.PHONY: all test demo fuzz bench deps clean unit
all: $(BUILD)/fpgagen fpgagen

fpgagen: $(BUILD)/fpgagen
	@if [ "$(BUILD)" = build ]; then ln -sf $(BUILD)/fpgagen fpgagen; fi

$(BUILD)/fpgagen: $(OBJ) $(CMD_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/main.o
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/asan/fpgagen: $(ASAN_OBJ) $(CMD_SRC:%.c=$(BUILD)/asan/%.o) $(BUILD)/asan/gen/main.o
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(LDLIBS)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -c -o $@ $<

$(BUILD)/asan/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(SAN) -c -o $@ $<

$(BUILD)/asan/unit/%: $(BUILD)/asan/tests/unit/%.o $(BUILD)/asan/tests/unit/unit_main.o $(ASAN_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(LDLIBS)

unit: $(UNIT_BIN)

# Test programs that call into the commands (the shell's completion):
# linked with the ASan build's objects, main excepted.
CMD_TEST_BIN = $(BUILD)/asan/tests/shell/test_complete
$(BUILD)/asan/tests/shell/test_complete: $(BUILD)/asan/tests/shell/test_complete.o $(ASAN_OBJ) \
                                         $(CMD_SRC:%.c=$(BUILD)/asan/%.o)
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(LDLIBS)

deps:
	@scripts/deps.sh

test: deps
	@$(MAKE) --no-print-directory -j2 all tools $(BUILD)/asan/fpgagen unit $(CMD_TEST_BIN)
	@BUILD=$(BUILD) FPGAGEN=$(abspath $(BUILD)/asan/fpgagen) tests/run

demo: deps all tools
	@TOOLS=$(abspath $(BUILD)/tools) scripts/demo.sh $(abspath $(BUILD)/fpgagen)

clean:
	rm -rf $(BUILD) fpgagen

-include $(shell find $(BUILD) -name "*.d" 2>/dev/null)

# ---- Fuzzing (libFuzzer, clang) -----------------------------------------
FUZZ_RUNS ?= 1000000
FUZZ_CC    = clang
FUZZ_FLAGS = -std=c11 -D_GNU_SOURCE -Igen -Iruntime -g -O1 -fsanitize=fuzzer,address,undefined

$(BUILD)/fuzz/fuzz_frontend: tests/fuzz/fuzz_frontend.c $(LIB_SRC) gen/fpgagen.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -DFPGAGEN_ROOT='"$(CURDIR)"' -o $@ tests/fuzz/fuzz_frontend.c $(LIB_SRC) $(LDLIBS)

$(BUILD)/fuzz/fuzz_controlsocket: tests/fuzz/fuzz_controlsocket.c $(LIB_SRC)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_FLAGS) -DFPGAGEN_ROOT='"$(CURDIR)"' -o $@ $^ $(LDLIBS)

# Seeds each corpus with the test inputs, then runs FUZZ_RUNS executions
# of each target; libFuzzer exits non-zero on a crash, leak or time-out.
fuzz: deps $(BUILD)/fuzz/fuzz_frontend $(BUILD)/fuzz/fuzz_controlsocket
	@mkdir -p $(BUILD)/fuzz/corpus $(BUILD)/fuzz/corpus_cs
	@cp -n tests/golden/*.click tests/errors/*.click $(BUILD)/fuzz/corpus/ 2>/dev/null || true
	@cp -n tests/runtime/*.in $(BUILD)/fuzz/corpus_cs/ 2>/dev/null || true
	$(BUILD)/fuzz/fuzz_frontend -runs=$(FUZZ_RUNS) -max_len=4096 -timeout=10 \
	    -rss_limit_mb=2048 -dict=tests/fuzz/click.dict -print_final_stats=1 \
	    -artifact_prefix=$(BUILD)/fuzz/ \
	    $(BUILD)/fuzz/corpus
	$(BUILD)/fuzz/fuzz_controlsocket -runs=$(FUZZ_RUNS) -max_len=4096 -timeout=10 \
	    -rss_limit_mb=2048 -dict=tests/fuzz/controlsocket.dict -print_final_stats=1 \
	    -artifact_prefix=$(BUILD)/fuzz/ \
	    $(BUILD)/fuzz/corpus_cs

# ---- Benchmarks -----------------------------------------------------------
bench: deps all tools
	@echo "== front end (flatten, check) and project writer (generate -b sim -w 64), generated routers =="
	@bench/frontend.sh $(BUILD)/fpgagen
	@echo
	@echo "== datapath: throughput (share of W x f) and latency (cycles), Verilator =="
	@BUILD=$(abspath $(BUILD)) bench/datapath.sh $(abspath $(BUILD)/fpgagen)
	@echo
	@echo "== runtime: ControlSocket READs per second over TCP loopback, sim backend =="
	@BUILD=$(abspath $(BUILD)) bench/runtime.sh $(abspath $(BUILD)/fpgagen)

# ---- Test tools -------------------------------------------------------------
# pcapgen/pcapcmp (traffic), ctlclient (a ControlSocket client), ptydrive
# (a program behind a pseudo-terminal): used by tests, bench and demo.
TOOLS = $(patsubst tests/tools/%.c,$(BUILD)/tools/%,$(wildcard tests/tools/*.c))
$(BUILD)/tools/%: tests/tools/%.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -D_GNU_SOURCE $(CFLAGS) $(WARN) -o $@ $< -lpcap -lutil
tools: $(TOOLS)
