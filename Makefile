# lspilot: build, test and benchmark. `make test` is what CI runs.
GO ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)

.PHONY: build test check ollama chroot langservers bench recall recall-corpus fuzz vscode clean

build:
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o lspilot ./cmd/lspilot

# check: formatting and vet, fast.
check:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...

# ollama: build (once, cached by version) the real Ollama server the end-to-end tests start.
ollama:
	$(GO) run ./inference/ollamatest/buildollama

# chroot: build (once, cached by its package list) the Debian unstable chroot
# that holds llama-server and the current editors for the end-to-end tests.
# It needs root and, for the first build, debootstrap; the command says what
# to run or install when either is missing.
chroot:
	$(GO) run ./inference/chroottest/buildchroot

# langservers: build gopls (Go module proxy) and install pyright and
# typescript-language-server (npm), once, cached by version, for the
# end-to-end tests of the definitions prompts carry (lsp/langctx).
langservers:
	$(GO) run ./lsp/langctx/langctxtest/installservers

# test: everything, with the race detector, including the end-to-end tests
# against the real Ollama, the real llama-server, the real language servers
# and the real editors.
test: check ollama chroot langservers
	$(GO) test -race -timeout 30m ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# recall-corpus: unpack (once) the Python and TypeScript projects that
# lspilot recall draws completion sites from, besides the Go standard
# library: rich from Debian's python3-rich and rxjs' TypeScript sources
# from npm, under RECALL_CACHE; nothing of them is committed.
RECALL_CACHE ?= $(HOME)/.cache/lspilot/recall
RXJS_VERSION ?= 7.8.1
recall-corpus:
	@mkdir -p $(RECALL_CACHE)
	@if [ ! -d $(RECALL_CACHE)/python/usr/lib/python3/dist-packages/rich ]; then \
		tmp=$$(mktemp -d) && chmod 1777 $$tmp && cd $$tmp && apt-get download python3-rich && \
		mkdir -p $(RECALL_CACHE)/python && dpkg-deb -x python3-rich_*.deb $(RECALL_CACHE)/python && rm -rf $$tmp; \
	fi
	@if [ ! -d $(RECALL_CACHE)/ts/package/src ]; then \
		tmp=$$(mktemp -d) && cd $$tmp && npm pack --silent rxjs@$(RXJS_VERSION) && \
		mkdir -p $(RECALL_CACHE)/ts && tar xzf rxjs-$(RXJS_VERSION).tgz -C $(RECALL_CACHE)/ts && rm -rf $$tmp; \
	fi

# recall: how often prompts hold the definitions a line needs, per context
# source (see README, "Context recall"), with the language servers the
# end-to-end tests use (gopls, pyright, typescript-language-server) on PATH.
recall: build recall-corpus
	PATH="$$($(GO) run ./lsp/langctx/langctxtest/installservers | xargs -n1 sh -c 'if [ -d "$$0" ]; then echo "$$0"; else dirname "$$0"; fi' | paste -sd:):$$PATH" \
		./lspilot recall --cache $(RECALL_CACHE)

# fuzz: run every fuzz target in the module for FUZZTIME each (default 60s;
# CI may pass less). Targets are found per package with go test -list, in
# the packages whose tests declare one; FUZZFLAGS adds flags (-parallel 1).
# A run that fails with "context deadline exceeded" and writes no failing
# input is the fuzzing coordinator's own race at the end of -fuzztime
# (seen with Go 1.26), reported and not counted; any other failure stops.
FUZZTIME ?= 60s
FUZZFLAGS ?=
fuzz:
	@out=$$(mktemp); trap 'rm -f $$out' EXIT; \
	for dir in $$(grep -rl --include='*_test.go' --exclude-dir=testdata --exclude-dir=node_modules '^func Fuzz' . | xargs -n1 dirname | sort -u); do \
		list=$$($(GO) test -list '^Fuzz' $$dir) || { echo "$$list"; exit 1; }; \
		for t in $$(echo "$$list" | grep '^Fuzz'); do \
			echo "fuzz $$dir $$t for $(FUZZTIME)"; \
			before=$$(ls $$dir/testdata/fuzz/$$t 2>/dev/null | wc -l); \
			if $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $(FUZZFLAGS) $$dir > $$out 2>&1; then \
				grep -v '^fuzz: elapsed' $$out; continue; \
			fi; \
			cat $$out; \
			after=$$(ls $$dir/testdata/fuzz/$$t 2>/dev/null | wc -l); \
			if grep -q 'context deadline exceeded' $$out && [ "$$after" = "$$before" ]; then \
				echo "fuzz $$t: deadline race of the Go fuzz coordinator, no failing input: not counted"; continue; \
			fi; \
			exit 1; \
		done; \
	done

# vscode: package the VS Code extension (editors/vscode/lspilot-<version>.vsix).
vscode:
	cd editors/vscode && npm ci --no-audit --no-fund && npm run package

clean:
	rm -f lspilot
