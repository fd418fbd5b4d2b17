# kizuki - information-security incident management.
#
#   make            build/kizuki
#   make test       unit tests (cmocka), CLI tests and API tests
#   make asan       the same suite built with AddressSanitizer + UBSan
#   make check      source checks: banned functions, layering, catalogue
#   make bench      benchmarks (not part of the tests)
#   make fuzz       libFuzzer harnesses (clang)
#
# Plain GNU make with pkg-config: one file to read, no generator to keep
# in step with it.

BUILD    ?= build
# Debian's Python: the tests use its packages (python3-aiosmtpd), which a
# Python earlier on the PATH (pyenv) would not see.
PYTHON   ?= $(shell test -x /usr/bin/python3 && echo /usr/bin/python3 || echo python3)
CC       ?= cc
SANITIZE ?= 0
VERSION  := 0.1.0

PKGS     := sqlite3 jansson libsodium libmicrohttpd libcurl
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS))

WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wpointer-arith -Wformat=2 -fno-common
CFLAGS   := -std=c17 $(WARN) -D_DEFAULT_SOURCE -DKIZUKI_VERSION='"$(VERSION)"' \
            -Isrc -I$(BUILD)/gen $(PKG_CFLAGS) -MMD -MP
LDLIBS   := $(PKG_LIBS) -lpthread -lm

ifeq ($(SANITIZE),1)
CFLAGS   += -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
            -fno-omit-frame-pointer
LDFLAGS  += -fsanitize=address,undefined
else
CFLAGS   += -O2 -g
endif

SRC      := $(sort $(wildcard src/util/*.c src/core/*.c src/store/*.c \
              src/json/*.c src/app/*.c src/notify/*.c src/http/*.c \
              src/cli/*.c))
OBJ      := $(SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/sqlite_migrations.o \
            $(BUILD)/obj/gen/web_assets.o
LIB      := $(BUILD)/libkizuki.a
BIN      := $(BUILD)/kizuki

MIGRATIONS := $(sort $(wildcard src/store/sql/sqlite/*.sql))
WEB      := $(sort $(shell find web -type f 2>/dev/null))

UNIT_SRC := $(sort $(wildcard tests/unit/*/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/%.c=$(BUILD)/tests/%)
SUPPORT  := $(sort $(wildcard tests/support/*.c))

.PHONY: all test unit cli-test api-test asan check bench fuzz clean

all: $(BIN)

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	cc -std=c17 -O2 -Wall -Wextra -Werror $< -o $@ $(shell pkg-config --cflags --libs libsodium)

$(BUILD)/gen/sqlite_migrations.c: $(MIGRATIONS) $(BUILD)/tools/embed
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $@ sqlite_migrations src/store/sql/sqlite/ $(MIGRATIONS)

$(BUILD)/gen/web_assets.c: $(WEB) $(BUILD)/tools/embed
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $@ web_assets web/ $(WEB)

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Wno-missing-prototypes -c $< -o $@

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC $<"
	@$(CC) $(CFLAGS) -c $< -o $@

$(LIB): $(OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(BUILD)/obj/src/main.o $(LIB)
	$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@

$(BUILD)/tests/%: tests/%.c $(LIB) $(SUPPORT)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests $< $(SUPPORT) $(LIB) $(LDFLAGS) $(LDLIBS) \
	    $(shell pkg-config --cflags --libs cmocka) -o $@

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do \
	    echo "== $$t"; $$t; \
	done

cli-test: $(BIN)
	KIZUKI_BIN=$(abspath $(BIN)) $(PYTHON) -m unittest discover -s tests/cli -t . -v

api-test: $(BIN)
	KIZUKI_BIN=$(abspath $(BIN)) $(PYTHON) -m unittest discover -s tests/api -t . -v

# Playwright (playwright-core from npm) driving Debian's Chromium.
# Installs what is missing first: Debian's chromium, nodejs, npm and a
# Japanese font (for readable screenshots), and node_modules by 'npm ci'.
# Screenshots of every screen go to build/screenshots/.
browser-test: $(BIN)
	scripts/deps.sh --browser
	@if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules ]; then \
	    npm ci --no-audit --no-fund && touch node_modules; \
	fi
	rm -rf build/screenshots
	KIZUKI_BIN=$(abspath $(BIN)) node --test $$(node -e \
	    'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' \
	    && echo --test-concurrency=1) tests/browser/

test: unit cli-test api-test

asan:
	$(MAKE) BUILD=build/asan SANITIZE=1 test

check:
	scripts/check-src.sh

bench: $(BIN) $(BUILD)/bench/bench_store $(BUILD)/bench/bench_http \
       $(BUILD)/bench/bench_notify
	$(BUILD)/bench/bench_store $(BIN)
	$(BUILD)/bench/bench_http $(BIN)
	$(BUILD)/bench/bench_notify $(BIN)

$(BUILD)/bench/%: bench/%.c bench/bench_server.c bench/bench_server.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -D_GNU_SOURCE $(shell pkg-config --cflags libcurl) $< \
	    bench/bench_server.c $(LIB) $(LDFLAGS) $(LDLIBS) \
	    $(shell pkg-config --libs libcurl) -o $@

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
