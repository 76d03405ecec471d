# The two commands a new user needs: `make run` and `make test`.
# Both install the system packages they need (Debian/Ubuntu, apt-get) when missing.

SWIFT        ?= swift
PREFIX       ?= /usr/local
BINARY       := infusion-prep
# What the build needs, and what only the tests need (`make install` never installs these).
BUILD_APT    := libncurses-dev libsqlite3-dev pkg-config
TEST_APT     := tmux sqlite3 postgresql
# What only `make bench` needs: dialog(1) to compare with, GNU time for peak memory.
BENCH_APT    := dialog time
# Release builds are one static executable: the Swift runtime, ncurses and the C library
# are linked in, so the installed binary needs no shared library at all (not even the
# toolchain's). It also starts faster and holds less memory than with only
# --static-swift-stdlib (docs/performance.md has both figures). For that variant:
#   make install RELEASE_FLAGS="-c release --static-swift-stdlib"
# lld places the functions that run at start-up together (bench/startup-order.txt, made by
# bench/startup_order.py): fewer pages of code are touched before the first frame. Swift
# and C code (swift-crypto's BoringSSL) are compiled one section per function for that.
# toml++ (inside TOMLKit, which reads the site policy) keeps its internal assert()s unless
# NDEBUG is set, in release builds too: a malformed policy file could abort the program
# instead of being refused with its line. Every build here sets it for C++.
CXX_FLAGS    := -Xcxx -DNDEBUG
RELEASE_FLAGS ?= $(CXX_FLAGS) -c release -Xswiftc -static-executable -Xswiftc -use-ld=lld \
  -Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections -Xcc -fdata-sections \
  -Xlinker --symbol-ordering-file=$(CURDIR)/bench/startup-order.txt -Xlinker --no-warn-symbol-ordering
# Where `make test` installs the release build that the install tests check.
TEST_PREFIX  := $(CURDIR)/.build/test-install
DOCS         := README.md docs/clinical-rules.md docs/training.md docs/site-policy.md docs/examples/policy.toml
# Run as root, or through sudo when it is there.
SUDO         := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all run test build release install uninstall bench deps deps-build deps-test deps-bench clean

all: build

## deps-build, deps-test, deps-bench: install the apt packages each needs, if any is missing.
define apt_ensure
	@missing=""; \
	for pkg in $(1); do \
	  dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  command -v apt-get >/dev/null 2>&1 || { echo "error: apt-get not found; install$$missing by hand" >&2; exit 1; }; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
endef

deps-build:
	$(call apt_ensure,$(BUILD_APT))

deps-test:
	$(call apt_ensure,$(TEST_APT))

deps-bench:
	$(call apt_ensure,$(BENCH_APT))

## deps: everything the build and the tests need.
deps: deps-build deps-test

build: deps-build
	$(SWIFT) build $(CXX_FLAGS)

release: deps-build
	$(SWIFT) build $(RELEASE_FLAGS)

## run: build (release) and start the main job.
# Quitting the wizard (exit status 1) is a normal end, not a failed make.
run: release
	@./.build/release/$(BINARY); status=$$?; [ $$status -eq 0 ] || [ $$status -eq 1 ] || exit $$status

## test: every test (unit, property, golden screens, the real binary, tmux end-to-end,
# the installed release binary), then `make uninstall` must leave nothing behind.
test: deps
	$(SWIFT) build $(CXX_FLAGS)
	rm -rf "$(TEST_PREFIX)"
	$(MAKE) --no-print-directory install PREFIX="$(TEST_PREFIX)"
	@# A private PostgreSQL server for the record-store tests (docs/records-postgres.md),
	@# stopped afterwards even when a test fails.
	@server="$$(scripts/test-postgres.sh start)" || exit 1; eval "$$server"; \
	trap 'scripts/test-postgres.sh stop "$$INFUSION_PREP_TEST_POSTGRES_DIR"' EXIT INT TERM; \
	INFUSION_PREP_TEST_PREFIX="$(TEST_PREFIX)" $(SWIFT) test $(CXX_FLAGS)
	$(MAKE) --no-print-directory uninstall PREFIX="$(TEST_PREFIX)"
	@left="$$(find "$(TEST_PREFIX)" -type f)"; \
	if [ -n "$$left" ]; then echo "error: make uninstall left:" $$left >&2; exit 1; fi

## install: the binary (static Swift runtime), its man page, shell completions and the
# shipped docs under PREFIX. The training scenarios are inside the binary.
install: release
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/man/man1" "$(DESTDIR)$(PREFIX)/share/doc/$(BINARY)" \
	  "$(DESTDIR)$(PREFIX)/share/bash-completion/completions" "$(DESTDIR)$(PREFIX)/share/zsh/site-functions" \
	  "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d"
	install -m 755 .build/release/$(BINARY) "$(DESTDIR)$(PREFIX)/bin/$(BINARY)"
	install -m 644 docs/$(BINARY).1 "$(DESTDIR)$(PREFIX)/share/man/man1/$(BINARY).1"
	install -m 644 $(DOCS) "$(DESTDIR)$(PREFIX)/share/doc/$(BINARY)/"
	.build/release/$(BINARY) --generate-completion-script bash > "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/$(BINARY)"
	.build/release/$(BINARY) --generate-completion-script zsh > "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_$(BINARY)"
	.build/release/$(BINARY) --generate-completion-script fish > "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/$(BINARY).fish"

## uninstall: removes what `make install` put under PREFIX (and the scenario folder that
# earlier versions installed).
uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/$(BINARY)" "$(DESTDIR)$(PREFIX)/share/man/man1/$(BINARY).1" \
	  "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/$(BINARY)" \
	  "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_$(BINARY)" \
	  "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/$(BINARY).fish"
	rm -f $(addprefix "$(DESTDIR)$(PREFIX)/share/doc/$(BINARY)/,$(addsuffix ",$(notdir $(DOCS))))
	rm -f "$(DESTDIR)$(PREFIX)/share/$(BINARY)/scenarios/"*.scenario
	rmdir "$(DESTDIR)$(PREFIX)/share/doc/$(BINARY)" "$(DESTDIR)$(PREFIX)/share/$(BINARY)/scenarios" \
	  "$(DESTDIR)$(PREFIX)/share/$(BINARY)" 2>/dev/null || true

clean:
	$(SWIFT) package clean

## bench: speed and memory against the targets in docs/performance.md (release build):
# the in-process figures (infusion-bench), then the release binary against dialog(1) in a
# pseudo-terminal (bench/dialog_compare.py). Installs dialog and GNU time when missing.
bench: deps-build deps-bench
	$(SWIFT) build $(RELEASE_FLAGS) --product infusion-bench
	$(SWIFT) build $(RELEASE_FLAGS) --product $(BINARY)
	@status=0; \
	./.build/release/infusion-bench || status=1; \
	python3 bench/dialog_compare.py ./.build/release/$(BINARY) || status=1; \
	python3 bench/postgres_load.py ./.build/release/$(BINARY) || true; \
	exit $$status
