# blastradius: `make demo` and `make test` do all setup on a fresh Debian or
# Ubuntu machine. What each target installs (scripts/install-deps.sh):
#   demo, build       build: compilers, CMake, the libraries the binary links,
#                     and the pinned grammar sources (npm; skipped with CONTEXT=OFF)
#   test              build + test tools (doctest, jsonschema, clang-format,
#                     chromium, pre-commit, PyYAML) + clang for the
#                     sanitized runs that end it
#   package,          build + dpkg-dev, file, debootstrap
#   package-test,
#   distro-test
#   fuzz-smoke        build + clang and its libFuzzer/sanitizer runtimes
#   sanitized-suite,  test + fuzz (the whole suite in the clang ASan+UBSan
#   tsan-suite        fuzz build, and in a clang TSan build; make test ends
#                     with fuzz-smoke and both)
#   asan-test,        test (the whole suite built by g++ with ASan+UBSan or
#   tsan-test-gcc     TSan, in build-asan / build-tsan-gcc)
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release -DBLASTRADIUS_WERROR=ON
# ON: tree-sitter context layer (needs the grammar sources); OFF: without it.
CONTEXT ?= ON
# make test ends with the sanitized runs unless FUZZ_SMOKE=no: the libFuzzer
# smoke run, then the whole suite under ASan+UBSan (sanitized-suite; both
# use one clang build, build-fuzz, in which every target is instrumented),
# then the whole suite under TSan (tsan-suite, clang, build-tsan).
FUZZ_SMOKE ?= yes
# Purposes passed to install-deps.sh; targets below add theirs.
DEPS := build
# The test suite is configured only by `make test` (it needs doctest); a build
# directory keeps whatever it was configured with.
BUILD_TESTS ?=
TESTS_FLAG = $(if $(BUILD_TESTS),-DBLASTRADIUS_BUILD_TESTS=$(BUILD_TESTS),$(if $(wildcard $(BUILD_DIR)/CMakeCache.txt),,-DBLASTRADIUS_BUILD_TESTS=OFF))

.PHONY: all deps build test demo bench clean format asan asan-test tsan-test tsan-test-gcc tsan-suite fuzz-smoke \
  sanitized-suite package package-test distro-test

all: build

deps:
	@./scripts/install-deps.sh $(DEPS)
	@if [ "$(CONTEXT)" != OFF ]; then ./scripts/install-grammars.sh; fi

build: deps
	cmake -S . -B $(BUILD_DIR) $(CMAKE_FLAGS) $(TESTS_FLAG) -DBLASTRADIUS_CONTEXT=$(CONTEXT)
	cmake --build $(BUILD_DIR) -j $(JOBS)

test: DEPS := build test fuzz
test: BUILD_TESTS := ON
test: build
	@./scripts/install-test-deps.sh
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)
	if [ "$(FUZZ_SMOKE)" = yes ]; then $(MAKE) fuzz-smoke sanitized-suite tsan-suite CONTEXT=$(CONTEXT); fi

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

# The same beyond Debian 12, in minimal roots made from those archives
# (tests/packaging/distro_test.sh): the tarball, a .deb built there and the
# Action's build path on Ubuntu 24.04, the Action's own steps on Ubuntu 22.04
# (no tarball: glibc 2.35; built from source), Debian 13's pre-commit 4.x
# running both hooks. Not in .ci/run: it needs the Ubuntu archive and a full
# build in each Ubuntu root (see README "Install"). Parts: DISTROS="noble jammy pre-commit".
DISTROS ?=
distro-test: DEPS := build package
distro-test: package
	./tests/packaging/distro_test.sh $(BUILD_DIR) $(DISTROS)

bench: build
	./bench/run.sh

# The whole suite under sanitizers with g++, each in its own build directory
# (sanitized-suite and tsan-suite below are the runs make test does, with
# clang).
# -O1 keeps the instrumented suite fast enough and stack traces usable.
SAN_FLAGS = -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG='-O1 -g' -DCMAKE_C_FLAGS_DEBUG='-O1 -g' -DBLASTRADIUS_WERROR=ON
asan-test:
	$(MAKE) test FUZZ_SMOKE=no BUILD_DIR=build-asan CMAKE_FLAGS="$(SAN_FLAGS) -DBLASTRADIUS_SANITIZE='address;undefined'"
asan: asan-test

# g++'s TSan: tsan-suite below is the clang run make test does.
tsan-test-gcc:
	$(MAKE) test FUZZ_SMOKE=no BUILD_DIR=build-tsan-gcc CMAKE_FLAGS="$(SAN_FLAGS) -DBLASTRADIUS_SANITIZE=thread"

# libFuzzer targets (tests/fuzz) built with clang in build-fuzz and run for
# FUZZ_RUNS inputs each with a fixed seed (tests/fuzz/smoke.sh).
FUZZ_RUNS ?= 3000
FUZZ_CONFIGURE = CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DBLASTRADIUS_WERROR=ON -DBLASTRADIUS_FUZZ=ON -DBLASTRADIUS_CONTEXT=$(CONTEXT)
fuzz-smoke: DEPS := build fuzz
fuzz-smoke: deps
	$(FUZZ_CONFIGURE) $(if $(wildcard build-fuzz/CMakeCache.txt),,-DBLASTRADIUS_BUILD_TESTS=OFF)
	cmake --build build-fuzz -j $(JOBS) --target fuzz_targets
	./tests/fuzz/smoke.sh build-fuzz $(FUZZ_RUNS)

# The whole suite (unit, end-to-end, hostile-tree) against the fuzz build:
# libraries, test programs and the blastradius binary all built with clang
# and ASan+UBSan (any report fails its test).
sanitized-suite: DEPS := build test fuzz
sanitized-suite: deps
	@./scripts/install-test-deps.sh
	$(FUZZ_CONFIGURE) -DBLASTRADIUS_BUILD_TESTS=ON
	cmake --build build-fuzz -j $(JOBS)
	ctest --test-dir build-fuzz --output-on-failure -j $(JOBS)

# The whole suite under ThreadSanitizer: every target built with clang and
# -fsanitize=thread in build-tsan (a report makes the process exit 66, which
# fails its test). Line tables only: symbolised stacks for a fraction of the
# build time of full debug information. Run without address-space
# randomisation where the kernel allows it: clang 14's TSan cannot map its
# shadow memory under the 32-bit mmap randomisation of newer kernels.
TSAN_CONFIGURE = CC=clang CXX=clang++ cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO='-O2 -gline-tables-only -DNDEBUG' \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO='-O2 -gline-tables-only -DNDEBUG' \
  -DBLASTRADIUS_WERROR=ON -DBLASTRADIUS_SANITIZE=thread -DBLASTRADIUS_BUILD_TESTS=ON -DBLASTRADIUS_CONTEXT=$(CONTEXT)
NO_ASLR = $(shell setarch $$(uname -m) -R true 2>/dev/null && echo setarch $$(uname -m) -R)
tsan-suite: DEPS := build test fuzz
tsan-suite: deps
	@./scripts/install-test-deps.sh
	$(TSAN_CONFIGURE)
	cmake --build build-tsan -j $(JOBS)
	$(NO_ASLR) ctest --test-dir build-tsan --output-on-failure -j $(JOBS)
tsan-test: tsan-suite

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD_DIR)
