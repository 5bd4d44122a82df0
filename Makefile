# lspilot: build, test and benchmark. `make test` is what CI runs.
GO ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)

.PHONY: build test check ollama chroot bench fuzz vscode clean

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

# test: everything, with the race detector, including the end-to-end tests
# against the real Ollama, the real llama-server and the real editors.
test: check ollama chroot
	$(GO) test -race -timeout 30m ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# fuzz: run every fuzz target of diffing for FUZZTIME each (CI: 60s).
FUZZTIME ?= 60s
fuzz:
	@for t in $$($(GO) test -list '^Fuzz' ./diffing/ | grep '^Fuzz'); do \
		echo "fuzz $$t for $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) ./diffing/ || exit 1; \
	done

# vscode: package the VS Code extension (editors/vscode/lspilot-<version>.vsix).
vscode:
	cd editors/vscode && npm ci --no-audit --no-fund && npm run package

clean:
	rm -f lspilot
