# blastradius: `make demo` and `make test` do all setup on a fresh Debian machine.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release -DBLASTRADIUS_WERROR=ON

.PHONY: all deps build test demo bench clean format

all: build

deps:
	@./scripts/install-deps.sh
	@./scripts/install-grammars.sh

build: deps
	cmake -S . -B $(BUILD_DIR) $(CMAKE_FLAGS)
	cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	@./scripts/install-test-deps.sh
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

demo: build
	@echo "== blastradius scan examples/demo =="
	@./$(BUILD_DIR)/blastradius scan examples/demo --fail-on none -f text -f html -o $(BUILD_DIR)/demo-report.html
	@echo "HTML audit report: $(BUILD_DIR)/demo-report.html  (details: blastradius scan examples/demo -v)"

bench: build
	./bench/run.sh

asan:
	$(MAKE) build BUILD_DIR=build-asan CMAKE_FLAGS="-DCMAKE_BUILD_TYPE=Debug -DBLASTRADIUS_SANITIZE='address;undefined'"
	ctest --test-dir build-asan --output-on-failure -j $(JOBS)

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD_DIR)
