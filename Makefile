# The two set-up commands of the README: `make demo` and `make test`.
# Both fetch the embedded ClickHouse engine first (deploy/chdb/fetch.sh, cached in
# ~/.cache/lingting, verified by checksum, never committed); `make test` also installs the
# Debian packages the tests run against (deploy/testdeps.sh).

GO ?= go
DEMO_FLAGS ?=

.PHONY: demo test chdb testdeps build vet bench

testdeps:
	@deploy/testdeps.sh

chdb:
	@deploy/chdb/fetch.sh >/dev/null

build:
	$(GO) build -o bin/lingting ./cmd/lingting

demo: chdb build
	bin/lingting demo $(DEMO_FLAGS)

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt: files above need formatting"; exit 1; }
	$(GO) vet ./...
	CGO_ENABLED=1 $(GO) vet -tags wecomsdk ./ingest/wecom/...

test: testdeps chdb vet
	$(GO) test -count=1 -timeout 20m ./...
	# The WeCom chat-archive SDK bridge (cgo), against a C test double built by the test.
	CGO_ENABLED=1 $(GO) test -count=1 -tags wecomsdk ./ingest/wecom/sdkbridge

bench: chdb
	$(GO) test -run '^$$' -bench . -benchmem ./...
