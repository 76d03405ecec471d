# The two commands a new user needs: `make run` and `make test`.
# Both install the system packages they need (Debian/Ubuntu, apt-get) when missing.

SWIFT        ?= swift
PREFIX       ?= /usr/local
BINARY       := infusion-prep
APT_PACKAGES := libncurses-dev libsqlite3-dev pkg-config tmux sqlite3
# Run as root, or through sudo when it is there.
SUDO         := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all run test build release install bench deps clean

all: build

## deps: install the apt packages the build and the tests need, if any is missing.
deps:
	@missing=""; \
	for pkg in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  command -v apt-get >/dev/null 2>&1 || { echo "error: apt-get not found; install$$missing by hand" >&2; exit 1; }; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## run: build (release) and start the main job.
# Quitting the wizard (exit status 1) is a normal end, not a failed make.
run: release
	@./.build/release/$(BINARY); status=$$?; [ $$status -eq 0 ] || [ $$status -eq 1 ] || exit $$status

## test: every test (unit, property, golden screens, the real binary, tmux end-to-end).
test: deps
	$(SWIFT) build
	$(SWIFT) test

## install: the binary, its man page, the training scenarios and the bash, zsh and fish
## completions (made by swift-argument-parser from the commands) under PREFIX.
COMPLETIONS_BASH := $(DESTDIR)$(PREFIX)/share/bash-completion/completions
COMPLETIONS_ZSH  := $(DESTDIR)$(PREFIX)/share/zsh/site-functions
COMPLETIONS_FISH := $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
install: release
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/man/man1" "$(DESTDIR)$(PREFIX)/share/$(BINARY)/scenarios"
	install -d "$(COMPLETIONS_BASH)" "$(COMPLETIONS_ZSH)" "$(COMPLETIONS_FISH)"
	install -m 755 .build/release/$(BINARY) "$(DESTDIR)$(PREFIX)/bin/$(BINARY)"
	install -m 644 docs/$(BINARY).1 "$(DESTDIR)$(PREFIX)/share/man/man1/$(BINARY).1"
	install -m 644 Sources/InfusionTraining/Scenarios/*.scenario "$(DESTDIR)$(PREFIX)/share/$(BINARY)/scenarios/"
	./.build/release/$(BINARY) --generate-completion-script bash > "$(COMPLETIONS_BASH)/$(BINARY)"
	./.build/release/$(BINARY) --generate-completion-script zsh > "$(COMPLETIONS_ZSH)/_$(BINARY)"
	./.build/release/$(BINARY) --generate-completion-script fish > "$(COMPLETIONS_FISH)/$(BINARY).fish"

clean:
	$(SWIFT) package clean

## bench: speed and memory against the targets in docs/performance.md (release build).
bench: deps
	$(SWIFT) build -c release --product infusion-bench
	./.build/release/infusion-bench
