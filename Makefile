# blastradius: `make demo` and `make test` do all setup on a fresh Debian or
# Ubuntu machine. What each target installs (scripts/install-deps.sh):
#   demo, build       build: compilers, CMake, the libraries the binary links,
#                     and the pinned grammar sources (npm; skipped with CONTEXT=OFF)
#   test              build + test tools (doctest, jsonschema, clang-format,
#                     chromium, pre-commit, PyYAML)
#   package,          build + dpkg-dev, file, debootstrap
#   package-test
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release -DBLASTRADIUS_WERROR=ON
# ON: tree-sitter context layer (needs the grammar sources); OFF: without it.
CONTEXT ?= ON
# Purposes passed to install-deps.sh; targets below add theirs.
DEPS := build
# The test suite is configured only by `make test` (it needs doctest); a build
# directory keeps whatever it was configured with.
BUILD_TESTS ?=
TESTS_FLAG = $(if $(BUILD_TESTS),-DBLASTRADIUS_BUILD_TESTS=$(BUILD_TESTS),$(if $(wildcard $(BUILD_DIR)/CMakeCache.txt),,-DBLASTRADIUS_BUILD_TESTS=OFF))

.PHONY: all deps build test demo bench clean format asan package package-test

all: build

deps:
	@./scripts/install-deps.sh $(DEPS)
	@if [ "$(CONTEXT)" != OFF ]; then ./scripts/install-grammars.sh; fi

build: deps
	cmake -S . -B $(BUILD_DIR) $(CMAKE_FLAGS) $(TESTS_FLAG) -DBLASTRADIUS_CONTEXT=$(CONTEXT)
	cmake --build $(BUILD_DIR) -j $(JOBS)

test: DEPS := build test
test: BUILD_TESTS := ON
test: build
	@./scripts/install-test-deps.sh
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

demo: build
	@echo "== blastradius scan examples/demo =="
	@./$(BUILD_DIR)/blastradius scan examples/demo --fail-on none -f text -f html -o $(BUILD_DIR)/demo-report.html
	@echo "HTML audit report: $(BUILD_DIR)/demo-report.html  (details: blastradius scan examples/demo -v)"

# Release artifacts in $(BUILD_DIR)/packages: a Debian package and a
# relocatable tarball (see README "Install").
package: DEPS := build package
package: build
	./scripts/package.sh $(BUILD_DIR)

# Installs both artifacts into a minimal Debian root and scans the demo there.
package-test: DEPS := build package
package-test: package
	./tests/packaging/package_test.sh $(BUILD_DIR)

bench: build
	./bench/run.sh

asan:
	$(MAKE) test BUILD_DIR=build-asan CMAKE_FLAGS="-DCMAKE_BUILD_TYPE=Debug -DBLASTRADIUS_SANITIZE='address;undefined'"

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD_DIR)
