# errtools: make, make check, make install, make bench, make demo, make clean
# This is a GNU make file ($(shell), $(foreach), pattern rules, define/eval).
.SUFFIXES:

VERSION = 0.1.0

PREFIX  = /usr/local
bindir  = $(PREFIX)/bin
datadir = $(PREFIX)/share
mandir  = $(datadir)/man
pkgdatadir = $(datadir)/errtools
DESTDIR =

CC      = cc
CFLAGS  = -O2 -g
LDFLAGS =
PKG_CONFIG = pkg-config

# Build directory and where programs land; `make SAN=1` builds with
# AddressSanitizer and UBSan (used by `make check` into build/asan).
BUILD   = build
BINDIR  = bin
SAN     =

PROGS   = errcap errhash errcat errtodo errstat
PKGS    = libpcre2-8 libcjson sqlite3 libxxhash libxml-2.0 libpq

WARN = -Wall -Wextra -Wshadow -Wcast-qual -Wcast-align -Wstrict-prototypes \
       -Wmissing-prototypes -Wpointer-arith -Wformat=2 -Wundef -Wwrite-strings \
       -Wvla -Wredundant-decls -Wimplicit-fallthrough \
       -Wstrict-overflow=2 -Wno-format-nonliteral

SANFLAGS_1 = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
SANFLAGS = $(SANFLAGS_$(SAN))

PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)

ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_GNU_SOURCE \
	-DET_VERSION='"$(VERSION)"' -DET_PKGDATADIR='"$(pkgdatadir)"' \
	-Isrc/lib $(WARN) $(PKG_CFLAGS) $(CFLAGS) $(SANFLAGS) -MMD -MP
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS)
LDLIBS = $(PKG_LIBS) -lcsv -lm

LIB_SRC = $(wildcard src/lib/*.c)
LIB_OBJ = $(LIB_SRC:%.c=$(BUILD)/%.o)
LIB_A   = $(BUILD)/libet.a

# each program: every .c under src/PROG/
PROG_BINS = $(foreach p,$(PROGS),$(if $(wildcard src/$(p)/*.c),$(BINDIR)/$(p)))
ALL_OBJ   = $(LIB_OBJ) $(foreach p,$(PROGS),$(patsubst %.c,$(BUILD)/%.o,$(wildcard src/$(p)/*.c)))

UNIT_SRC = $(wildcard tests/unit/*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

all: deps $(PROG_BINS)

deps:
	@sh src/mk/deps.sh build

.PHONY: all deps check test test-asan unit install uninstall bench demo clean fuzz fuzz-build formats-doc

$(BUILD)/%.o: %.c Makefile | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIB_A): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $(LIB_OBJ)

define prog_rule
$(BINDIR)/$(1): $(patsubst %.c,$(BUILD)/%.o,$(wildcard src/$(1)/*.c)) $(LIB_A)
	@mkdir -p $$(@D)
	$$(CC) $$(ALL_LDFLAGS) -o $$@ $$^ $$(LDLIBS)
endef
$(foreach p,$(PROGS),$(eval $(call prog_rule,$(p))))

$(BUILD)/tests/%: tests/unit/%.c $(LIB_A) | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB_A) $(LDLIBS)

unit: $(UNIT_BIN)

# `make check`: install what is missing (as root), build, run the suite on
# the normal build and again on an ASan+UBSan build.
check:
	@sh src/mk/deps.sh --install build test
	@$(MAKE) --no-print-directory all unit
	@$(MAKE) --no-print-directory SAN=1 BUILD=build/asan BINDIR=build/asan/bin all unit
	@sh tests/run.sh

test: all unit
	@ERRTOOLS_ONLY=plain sh tests/run.sh

test-asan:
	@$(MAKE) --no-print-directory SAN=1 BUILD=build/asan BINDIR=build/asan/bin all unit
	@ERRTOOLS_ONLY=asan sh tests/run.sh

# the list of formats in docs/schema.md and errcap(1), from errcap --list-formats
# (tests/vocab.bats fails when it is out of date)
formats-doc: all
	@sh src/mk/formats-doc.sh $(BINDIR)/errcap

bench:
	@sh src/mk/deps.sh --install build bench
	@$(MAKE) --no-print-directory all
	@sh tests/bench/run.sh

demo:
	@sh src/mk/deps.sh --install build
	@$(MAKE) --no-print-directory all
	@sh share/errtools/demo.sh

# `make fuzz FUZZ_S=N`: builds the libFuzzer targets tests/fuzz/fuzz_PROG_*.c
# with clang (each linked with src/lib and src/PROG/ but its main.c) and runs
# each for N seconds (tests/fuzz/run.sh); exit 1 on any crash.
FUZZ_S   = 60
FUZZ_CC  = clang
FUZZ_DIR = build/fuzz
FUZZ_SRC = $(filter-out tests/fuzz/fuzz_common.c,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS = $(FUZZ_SRC:tests/fuzz/%.c=$(FUZZ_DIR)/%)
SANFLAGS_fuzz = -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
fuzz_prog = $(word 2,$(subst _, ,$(notdir $(1))))
fuzz_objs = $(patsubst %.c,$(FUZZ_DIR)/%.o,$(filter-out src/$(1)/main.c,$(wildcard src/$(1)/*.c)))

fuzz-build:
	@sh src/mk/deps.sh --install build fuzz
	@$(MAKE) --no-print-directory CC=$(FUZZ_CC) SAN=fuzz BUILD=$(FUZZ_DIR) $(FUZZ_DIR)/libet.a \
		$(foreach p,$(PROGS),$(call fuzz_objs,$(p))) $(FUZZ_DIR)/tests/fuzz/fuzz_common.o
	@$(MAKE) --no-print-directory CC=$(FUZZ_CC) SAN=fuzz BUILD=$(FUZZ_DIR) $(FUZZ_BINS)

define fuzz_rule
$(FUZZ_DIR)/$(1): tests/fuzz/$(1).c $(FUZZ_DIR)/tests/fuzz/fuzz_common.o $(call fuzz_objs,$(call fuzz_prog,$(1))) $(FUZZ_DIR)/libet.a
	$$(FUZZ_CC) $$(ALL_CFLAGS) -Itests/fuzz -I$(if $(filter lib,$(call fuzz_prog,$(1))),src/lib,src/$(call fuzz_prog,$(1))) \
		-fsanitize=fuzzer,address,undefined -o $$@ $$< $$(filter %.o %.a,$$(wordlist 2,999,$$^)) $$(LDLIBS)
endef
$(foreach t,$(FUZZ_SRC:tests/fuzz/%.c=%),$(eval $(call fuzz_rule,$(t))))
-include $(FUZZ_BINS:=.d)

fuzz: fuzz-build
	@FUZZ_S=$(FUZZ_S) sh tests/fuzz/run.sh $(FUZZ_DIR)

MAN1 = $(wildcard share/man/man1/*.1)
MAN7 = $(wildcard share/man/man7/*.7)
PATTERNS = $(wildcard patterns/*.pat)
# every data directory under share/errtools/ that holds files (formats/...)
# goes to $(pkgdatadir)/ with its name; programs find it beside themselves
# (src/lib/et_data.h), so `make install PREFIX=DIR` needs no rebuild
DATADIRS = $(patsubst share/errtools/%/,%,$(sort $(dir $(wildcard share/errtools/*/*))))

install: all
	mkdir -p $(DESTDIR)$(bindir) $(DESTDIR)$(mandir)/man1 $(DESTDIR)$(mandir)/man7 \
		$(DESTDIR)$(pkgdatadir)/patterns $(DESTDIR)$(pkgdatadir)/formats
	for p in $(PROG_BINS); do cp -f $$p $(DESTDIR)$(bindir)/ && chmod 755 $(DESTDIR)$(bindir)/$${p##*/}; done
	for m in $(MAN1); do cp -f $$m $(DESTDIR)$(mandir)/man1/ && chmod 644 $(DESTDIR)$(mandir)/man1/$${m##*/}; done
	for m in $(MAN7); do cp -f $$m $(DESTDIR)$(mandir)/man7/ && chmod 644 $(DESTDIR)$(mandir)/man7/$${m##*/}; done
	for f in $(PATTERNS); do cp -f $$f $(DESTDIR)$(pkgdatadir)/patterns/ && chmod 644 $(DESTDIR)$(pkgdatadir)/patterns/$${f##*/}; done
	for d in $(DATADIRS); do mkdir -p $(DESTDIR)$(pkgdatadir)/$$d && \
		for f in share/errtools/$$d/*; do [ -f "$$f" ] || continue; \
			cp -f "$$f" $(DESTDIR)$(pkgdatadir)/$$d/ && chmod 644 "$(DESTDIR)$(pkgdatadir)/$$d/$${f##*/}"; done; done

uninstall:
	for p in $(PROGS); do rm -f $(DESTDIR)$(bindir)/$$p; done
	for m in $(MAN1); do rm -f $(DESTDIR)$(mandir)/man1/$${m##*/}; done
	for m in $(MAN7); do rm -f $(DESTDIR)$(mandir)/man7/$${m##*/}; done
	rm -rf $(DESTDIR)$(pkgdatadir)

clean:
	rm -rf $(BUILD) build/asan
	rm -f $(foreach p,$(PROGS),$(BINDIR)/$(p))

-include $(ALL_OBJ:.o=.d)

# for checking one file in isolation: cc $$(make -s print-cflags) -fsyntax-only FILE.c
print-cflags:
	@echo $(ALL_CFLAGS)
