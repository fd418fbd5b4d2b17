# kizuki - information-security incident management.
#
#   make            build/kizuki
#   make test       unit tests (cmocka), the fuzz corpus replayed, CLI
#                   tests and API tests
#   make asan       the same suite built with AddressSanitizer + UBSan
#   make check      source checks: banned functions, layering, catalogue
#   make bench      benchmarks (not part of the tests)
#   make fuzz       libFuzzer harnesses (tests/fuzz/, clang), FUZZ_SECONDS (60)
#                   each on a copy of the seed corpus in build/fuzz/corpus
#   make fuzz-smoke the same, 8 seconds each (run by scripts/test.sh)
#   make valgrind   the unit tests of the parsers and validators, and the
#                   fuzz corpus replay, under valgrind (definite and
#                   indirect leaks fail)
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

# GMime reads mail (RFC 5322/MIME, ISO-2022-JP); libmagic names an upload's
# media type; ICU normalises search text (NFKC); Nettle gives evidence its
# MD5 and SHA-1; libidn2 converts internationalised domain names of
# observables (IDNA2008, UTS #46).  libpq: PostgreSQL, the second backend
# (issue 11; only src/store/db_pg.c includes it).
PKGS     := sqlite3 jansson libsodium libmicrohttpd libcurl gmime-3.0 libmagic \
            nettle icu-uc icu-i18n libidn2 libpq
# Only the build-time generator tools/embed compresses (the web assets,
# once, at build time); the server itself serves the stored bytes.
EMBED_PKGS := libsodium zlib libbrotlienc
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
              src/cli/*.c src/mail/*.c))
OBJ      := $(SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/sqlite_migrations.o \
            $(BUILD)/obj/gen/pg_migrations.o $(BUILD)/obj/gen/web_assets.o
LIB      := $(BUILD)/libkizuki.a
BIN      := $(BUILD)/kizuki

MIGRATIONS := $(sort $(wildcard src/store/sql/sqlite/*.sql))
PG_MIGRATIONS := $(sort $(wildcard src/store/sql/pg/*.sql))
WEB      := $(sort $(shell find web -type f 2>/dev/null))

UNIT_SRC := $(sort $(wildcard tests/unit/*/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/%.c=$(BUILD)/tests/%)
SUPPORT  := $(sort $(wildcard tests/support/*.c))

.PHONY: all test unit pg-test pg-unit-test pg-cli-api-test cli-test api-test cli-api-test asan asan-build check bench \
        bench-cost fuzz fuzz-smoke fuzz-replay fuzz-build valgrind clean FORCE

all: $(BIN)

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	cc -std=c17 -O2 -Wall -Wextra -Werror $< -o $@ $(shell pkg-config --cflags --libs $(EMBED_PKGS))

$(BUILD)/gen/sqlite_migrations.c: $(MIGRATIONS) $(BUILD)/tools/embed
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $@ sqlite_migrations src/store/sql/sqlite/ $(MIGRATIONS)

$(BUILD)/gen/pg_migrations.c: $(PG_MIGRATIONS) $(BUILD)/tools/embed
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $@ pg_migrations src/store/sql/pg/ $(PG_MIGRATIONS)

$(BUILD)/gen/web_assets.c: $(WEB) $(BUILD)/tools/embed
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed --compress $@ web_assets web/ $(WEB)

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

# Each unit test binary is a target of its own, so that `make -j` runs
# them side by side (the store's tests mostly wait on fsync).  Output is
# kept until the binary ends and printed in one piece; a failure prints
# it and stops the build.  FORCE: a test runs whenever it is asked for.
UNIT_RUN := $(UNIT_BIN:%=%.run)

unit: $(UNIT_BIN) $(UNIT_RUN)

$(BUILD)/tests/%.run: $(BUILD)/tests/% FORCE
	@if $< >$@.log 2>&1; then echo "== $< ok"; \
	 else echo "== $< FAILED"; cat $@.log; exit 1; fi

FORCE:

# The CLI and API test modules run as separate processes, TEST_JOBS at a
# time (tests/run_parallel.py): each has its own database and server, and
# they mostly wait.  A failed module's output is printed whole; every
# module's is kept in $(BUILD)/test-logs/.
TEST_JOBS ?= 4

# The PostgreSQL driver's unit tests against a throwaway cluster
# (scripts/pg-cluster.sh) in $(PG_CLUSTER), stopped and removed when they
# end, also when they fail, with PgBouncer in transaction mode in front
# of it (KIZUKI_TEST_PGBOUNCER).  'make unit' runs the same tests, which
# skip themselves without KIZUKI_TEST_PG.  Needs Debian's postgresql and
# pgbouncer (scripts/deps.sh installs them).
PG_CLUSTER ?= $(BUILD)/pg-cluster
PG_TESTS   := $(BUILD)/tests/unit/store/test_db_pg \
              $(BUILD)/tests/unit/store/test_search_engines \
              $(BUILD)/tests/unit/store/test_store_multi \
              $(BUILD)/tests/unit/store/test_store_copy
# Unit tests of the store's operations, run a second time with every
# store a fresh PostgreSQL database of the cluster (tests/support/tempdb.c,
# KIZUKI_TEST_BACKEND=postgresql); 'make unit' runs them on SQLite.
PG_STORE_TESTS := $(addprefix $(BUILD)/tests/unit/, \
    app/test_settings store/test_search_pg store/test_search_store \
    store/test_outbox_claim store/test_alert_store app/test_alert_intake \
    app/test_list_filters store/test_store_contract store/test_sql_incident \
    app/test_writer)

pg-test: pg-unit-test pg-cli-api-test

pg-unit-test: $(PG_TESTS) $(PG_STORE_TESTS)
	@set -e; trap 'scripts/pg-cluster.sh stop $(PG_CLUSTER)' EXIT; \
	uri=$$(scripts/pg-cluster.sh start $(PG_CLUSTER)); \
	bouncer=$$(scripts/pg-cluster.sh bouncer $(PG_CLUSTER)); \
	for t in $(PG_TESTS); do \
	    echo "== $$t"; \
	    KIZUKI_TEST_PG="$$uri" KIZUKI_TEST_PGBOUNCER="$$bouncer" $$t; \
	done; \
	for t in $(PG_STORE_TESTS); do \
	    echo "== $$t (PostgreSQL)"; \
	    KIZUKI_TEST_BACKEND=postgresql KIZUKI_TEST_PG="$$uri" $$t; \
	done

# The CLI and API suites once more, every store a fresh database of a
# throwaway cluster (tests/dbaccess.py); tests about SQLite's file itself
# skip themselves.  A cluster of its own, so that it can run beside
# pg-unit-test.
pg-cli-api-test: $(BIN)
	@set -e; trap 'scripts/pg-cluster.sh stop $(PG_CLUSTER)-suite' EXIT; \
	uri=$$(scripts/pg-cluster.sh start $(PG_CLUSTER)-suite); \
	KIZUKI_TEST_BACKEND=postgresql KIZUKI_TEST_PG="$$uri" \
	KIZUKI_BIN=$(abspath $(BIN)) $(PYTHON) tests/run_parallel.py \
	    -j $(TEST_JOBS) --log $(BUILD)/test-logs/pg-cli-api tests/cli tests/api

cli-test: $(BIN)
	KIZUKI_BIN=$(abspath $(BIN)) $(PYTHON) tests/run_parallel.py \
	    -j $(TEST_JOBS) --log $(BUILD)/test-logs/cli tests/cli

api-test: $(BIN)
	KIZUKI_BIN=$(abspath $(BIN)) $(PYTHON) tests/run_parallel.py \
	    -j $(TEST_JOBS) --log $(BUILD)/test-logs/api tests/api

# Both in one pool, so that `make -j test` keeps TEST_JOBS modules running
# in all, not TEST_JOBS of each.
cli-api-test: $(BIN)
	KIZUKI_BIN=$(abspath $(BIN)) $(PYTHON) tests/run_parallel.py \
	    -j $(TEST_JOBS) --log $(BUILD)/test-logs/cli-api tests/cli tests/api

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

# Every committed corpus input through its harness once, with a plain
# driver (tests/fuzz/replay.c) and this build's compiler and sanitizers:
# the inputs that once found a bug stay regression tests.
REPLAY_NAMES := $(sort $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c)))
REPLAY_BIN   := $(REPLAY_NAMES:%=$(BUILD)/tests/fuzz/replay_%)

$(BUILD)/tests/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c \
                              tests/fuzz/fuzz.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/fuzz $< tests/fuzz/replay.c $(LIB) \
	    $(LDFLAGS) $(LDLIBS) -o $@

fuzz-replay: $(REPLAY_BIN)
	@set -e; for f in $(REPLAY_NAMES); do \
	    printf '== fuzz corpus %s: ' $$f; \
	    $(BUILD)/tests/fuzz/replay_$$f tests/fuzz/corpus/$$f; \
	done

test: unit fuzz-replay cli-api-test

asan:
	$(MAKE) BUILD=build/asan SANITIZE=1 test

# Only build what `make asan` runs (scripts/test.sh builds it while the
# plain suite runs, which mostly waits).
asan-build:
	$(MAKE) BUILD=build/asan SANITIZE=1 build/asan/kizuki \
	    $(UNIT_BIN:$(BUILD)/%=build/asan/%) $(REPLAY_BIN:$(BUILD)/%=build/asan/%)

check:
	scripts/check-src.sh

bench: $(BIN) $(BUILD)/bench/bench_store $(BUILD)/bench/bench_http \
       $(BUILD)/bench/bench_notify $(BUILD)/bench/bench_alerts \
       $(BUILD)/bench/bench_search
	$(BUILD)/bench/bench_store $(BIN)
	@set -e; trap 'scripts/pg-cluster.sh stop $(BENCH_PG_CLUSTER)' EXIT; \
	uri=$$(scripts/pg-cluster.sh start $(BENCH_PG_CLUSTER)); \
	BENCH_PG=$$uri $(BUILD)/bench/bench_http $(BIN)
	$(BUILD)/bench/bench_notify $(BIN)
	$(BUILD)/bench/bench_alerts $(BIN)
	$(BUILD)/bench/bench_search $(BIN)

# bench_http runs on SQLite and on a fresh database of a throwaway
# PostgreSQL cluster started here and stopped at the end, even on failure.
BENCH_PG_CLUSTER ?= $(BUILD)/bench-pg

# Instructions per request under callgrind: a figure the neighbours' load
# does not move.  BENCH_COST_WITH=other/kizuki compares a second build.
bench-cost: $(BIN)
	$(PYTHON) bench/bench_cost.py $(BIN) $(BENCH_COST_WITH)

$(BUILD)/bench/%: bench/%.c bench/bench_server.c bench/bench_server.h \
                  bench/bench_client.c bench/bench_client.h $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -D_GNU_SOURCE $(shell pkg-config --cflags libcurl) $< \
	    bench/bench_server.c bench/bench_client.c $(LIB) $(LDFLAGS) $(LDLIBS) \
	    $(shell pkg-config --libs libcurl) -o $@

# libFuzzer harnesses, one per parser of outside input (tests/fuzz/fuzz_*.c).
# The sources are compiled again by clang into $(FUZZ_BUILD) (the gcc
# objects cannot carry libFuzzer's coverage).  Each harness runs for
# FUZZ_SECONDS on a copy of its seed corpus (tests/fuzz/corpus/<name>/) in
# $(FUZZ_BUILD)/corpus/<name>/, which keeps what it learns between runs
# and leaves the committed corpus alone; its output goes to
# $(FUZZ_BUILD)/log/<name>.log.  A crash, leak, UB report, timeout or
# broken property fails the target and leaves the input in
# $(FUZZ_BUILD)/artifacts/; replay it with
#   $(FUZZ_BUILD)/fuzz_<name> $(FUZZ_BUILD)/artifacts/<name>-crash-…
FUZZ_BUILD   := $(BUILD)/fuzz
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS  := -std=c17 $(WARN) -D_DEFAULT_SOURCE \
                -DKIZUKI_VERSION='"$(VERSION)"' -Isrc -I$(BUILD)/gen \
                $(PKG_CFLAGS) -MMD -MP -g -O1 -fno-omit-frame-pointer \
                $(FUZZ_SAN)
FUZZ_NAMES   := $(REPLAY_NAMES)
FUZZ_BIN     := $(FUZZ_NAMES:%=$(FUZZ_BUILD)/fuzz_%)
FUZZ_OBJ     := $(SRC:%.c=$(FUZZ_BUILD)/obj/%.o) \
                $(FUZZ_BUILD)/obj/gen/sqlite_migrations.o \
                $(FUZZ_BUILD)/obj/gen/pg_migrations.o \
                $(FUZZ_BUILD)/obj/gen/web_assets.o
FUZZ_LIB     := $(FUZZ_BUILD)/libkizuki.a

# The project's objects get coverage and sanitizers but not libFuzzer's
# main (fuzzer-no-link); the harness links the fuzzer itself.
$(FUZZ_BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link \
	    -Wno-missing-prototypes -c $< -o $@

$(FUZZ_BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CLANG $<"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_LIB): $(FUZZ_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_LIB)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $< $(FUZZ_LIB) \
	    $(LDLIBS) -o $@

fuzz-build: $(FUZZ_BIN)

# One target per harness, so that `make -j` runs them side by side (each
# runs for FUZZ_SECONDS whatever the machine).  The first failure stops
# the others from starting; `make -k fuzz` runs every one regardless.
FUZZ_RUN := $(FUZZ_NAMES:%=$(FUZZ_BUILD)/log/%.run)

fuzz: $(FUZZ_BIN) $(FUZZ_RUN)

$(FUZZ_BUILD)/log/%.run: $(FUZZ_BUILD)/fuzz_% FORCE
	@mkdir -p $(FUZZ_BUILD)/log $(FUZZ_BUILD)/artifacts $(FUZZ_BUILD)/corpus/$*
	@cp -p tests/fuzz/corpus/$*/* $(FUZZ_BUILD)/corpus/$*/
	@log=$(FUZZ_BUILD)/log/$*.log; \
	if $< -max_total_time=$(FUZZ_SECONDS) \
	    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_BUILD)/artifacts/$*- \
	    $(FUZZ_BUILD)/corpus/$* >$$log 2>&1; then \
	    echo "fuzz $*: ok, $$(sed -n 's/^stat::number_of_executed_units: *//p' $$log) runs," \
	         "$$(sed -n 's/^stat::average_exec_per_sec: *//p' $$log)/s," \
	         "corpus $$(ls $(FUZZ_BUILD)/corpus/$* | wc -l)"; \
	else \
	    echo "fuzz $*: FAILED (see $$log)"; tail -n 40 $$log; exit 1; \
	fi

# A few seconds per harness: enough to replay the seeds and catch a
# parser that crashes at once; for scripts/test.sh.
fuzz-smoke:
	$(MAKE) fuzz FUZZ_SECONDS=8

# The unit tests of the parsers and validators under valgrind, built
# without sanitizers (valgrind and ASan do not mix).
VALGRIND_TESTS := util/test_utf8 util/test_timefmt util/test_i18n \
                  core/test_ref app/test_secret json/test_incident_json \
                  core/test_incident json/test_response_json \
                  core/test_contact core/test_convocation \
                  core/test_playbook app/test_registry \
                  mail/test_mail_parse core/test_mail_text \
                  core/test_alert json/test_alert_json
VALGRIND_BIN   := $(VALGRIND_TESTS:%=$(BUILD)/tests/unit/%)
VALGRIND       ?= valgrind --error-exitcode=1 --leak-check=full \
                  --errors-for-leak-kinds=definite,indirect -q \
                  --suppressions=tests/valgrind/gconv.supp

valgrind: $(VALGRIND_BIN) $(REPLAY_BIN)
	@if [ "$(SANITIZE)" = 1 ]; then \
	    echo "valgrind: build without SANITIZE=1"; exit 1; fi
	@set -e; for t in $(VALGRIND_BIN); do \
	    echo "== valgrind $$t"; $(VALGRIND) $$t; \
	done
	@set -e; for f in $(REPLAY_NAMES); do \
	    echo "== valgrind fuzz corpus $$f"; \
	    $(VALGRIND) $(BUILD)/tests/fuzz/replay_$$f tests/fuzz/corpus/$$f; \
	done

clean:
	rm -rf build

# The fuzzing build's dependency files only for its own goals:
# scripts/test.sh compiles it in the background while other makes run,
# which must not read a file the compiler is still writing.
-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
ifneq ($(filter fuzz%,$(MAKECMDGOALS)),)
-include $(shell find $(FUZZ_BUILD) -name '*.d' 2>/dev/null)
endif
