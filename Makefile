# graphmock: the two everyday commands are `make run` and `make test`.
GO ?= go

.PHONY: run test vet fmt-check staticcheck build bench fuzz loopback loopback-ceiling scale screenshots

# staticcheck, pinned, installed into bin/ by the project itself
STATICCHECK_VERSION = v0.8.2
STATICCHECK = bin/staticcheck-$(STATICCHECK_VERSION)

## run: serve the embedded default scenarios on http://127.0.0.1:8080
run:
	@$(GO) run ./cmd/graphmock serve -addr 127.0.0.1:8080

## test: everything CI checks (gofmt, go vet, staticcheck, go test -race),
## for graphmock, for interop/, the module that drives it with Microsoft's
## Graph SDK, and for browser/, its page in headless Chromium (installed
## by scripts/install-chromium.sh when missing)
test: fmt-check vet staticcheck
	$(GO) test -race ./...
	cd interop && $(GO) test -race ./...
	scripts/install-chromium.sh
	cd browser && $(GO) test -race ./...

## screenshots: rewrite docs/ui-*.png from the browser tests
screenshots:
	scripts/install-chromium.sh
	cd browser && $(GO) test -count=1 ./... -update

vet:
	$(GO) vet ./...
	cd interop && $(GO) vet ./...
	cd browser && $(GO) vet ./...

$(STATICCHECK):
	GOBIN=$(CURDIR)/bin $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	mv bin/staticcheck $@

staticcheck: $(STATICCHECK)
	$(STATICCHECK) ./...
	cd interop && ../$(STATICCHECK) ./...
	cd browser && ../$(STATICCHECK) ./...

fmt-check:
	@unformatted=$$(gofmt -l .); if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi

## build: the binary in bin/graphmock
build:
	$(GO) build -o bin/graphmock ./cmd/graphmock

## bench: benchmarks with their baselines in the same run
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## fuzz: run each fuzz target for FUZZTIME (default 20s); new crashers land
## in the package's testdata/fuzz and then run with every make test
FUZZTIME ?= 20s
FUZZ_TARGETS = mockserver:FuzzLoad mockserver:FuzzHostileYAML mockserver:FuzzChatBody \
	mockserver:FuzzMatchers internal/strictjson:FuzzParseJSON \
	internal/edm:FuzzIsDateTimeOffset internal/edm:FuzzCheckNumber \
	internal/tenantfile:FuzzParse mockserver/admin:FuzzCopyScenario internal/csdl:FuzzDecodeCompact \
	internal/odataschema:FuzzFastLevel internal/yamlsubset:FuzzParse \
	internal/strictjson:FuzzScan internal/schema:FuzzFastNode internal/odataschema:FuzzValidBytes internal/suggest:FuzzDidYouMean
fuzz:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; f=$${t#*:}; echo "== $$pkg $$f"; \
		$(GO) test -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) ./$$pkg || exit 1; \
	done

## loopback: wrk over loopback against graphmock and a bare net/http
## server, alternating, printing the throughput ratio for the same body
## every time and for a different body every time, checked against a
## schema and against Graph's metadata, and for an unmatched GET (needs
## wrk; see docs/benchmarks.md)
LOOPBACK_GRAPHMOCK = ./bin/graphmock serve -addr 127.0.0.1:18081 -log-level warn
loopback: build
	@echo "== same body every time"; bench/loopback.sh '$(LOOPBACK_GRAPHMOCK)' | tail -n 6
	@echo "== every body different"; LUA=bench/varied.lua bench/loopback.sh '$(LOOPBACK_GRAPHMOCK)' | tail -n 6
	@echo "== bodyType auto (create user), same body every time, against bare net/http answering the same 201 and body"; BASE_STATUS=201 BASE_RESPONSE=bench/user-created.json URL_PATH=/v1.0/users BENCH_BODY=bench/user.json bench/loopback.sh '$(LOOPBACK_GRAPHMOCK) -scenarios examples/graph-metadata.yaml' | tail -n 6
	@echo "== bodyType auto (create user), every body different, against the same"; BASE_STATUS=201 BASE_RESPONSE=bench/user-created.json LUA=bench/varied-user.lua URL_PATH=/v1.0/users BENCH_BODY=bench/user.json bench/loopback.sh '$(LOOPBACK_GRAPHMOCK) -scenarios examples/graph-metadata.yaml' | tail -n 6
	@echo "== unmatched GET"; LUA=bench/get.lua URL_PATH=/v1.0/itemz/item-3 bench/loopback.sh '$(LOOPBACK_GRAPHMOCK)' | tail -n 6

## scale: one table of load time (beside yaml.v3 alone parsing the same
## file), heap per scenario, matched and unmatched calls for sets of 10 to
## 100,000 scenarios, the median of SCALE_COUNT runs (see docs/benchmarks.md)
SCALE_COUNT ?= 3
SCALE_SIZES = scenarios=(10|100|1000|10000|100000)$$$$
scale:
	@out=$$(mktemp); trap 'rm -f "$$out"' EXIT; \
	$(GO) test ./mockserver/ -run '^$$$$' -bench 'ScaleLoad/./$(SCALE_SIZES)' -benchmem -benchtime 3x -count $(SCALE_COUNT) > "$$out" 2>&1 || { cat "$$out"; exit 1; }; \
	$(GO) test ./mockserver/ -run '^$$$$' -bench 'ScaleCall/./$(SCALE_SIZES)' -benchmem -benchtime 0.2s -count $(SCALE_COUNT) >> "$$out" 2>&1 || { cat "$$out"; exit 1; }; \
	$(GO) run ./bench/scaletable < "$$out"

## loopback-ceiling: the same body every time, against bare net/http that
## writes graphmock's response headers and sets its timeouts: the most any
## net/http server giving graphmock's answer can reach (see docs/benchmarks.md)
loopback-ceiling: build
	@echo "== same body every time, against the ceiling"; BASE_ARGS='-graph-headers -timeouts' bench/loopback.sh '$(LOOPBACK_GRAPHMOCK)' | tail -n 6
	@echo "== bodyType auto (create user), same body every time, against the ceiling giving the same 201 and body"; BASE_ARGS='-graph-headers -timeouts' BASE_STATUS=201 BASE_RESPONSE=bench/user-created.json URL_PATH=/v1.0/users BENCH_BODY=bench/user.json bench/loopback.sh '$(LOOPBACK_GRAPHMOCK) -scenarios examples/graph-metadata.yaml' | tail -n 6
