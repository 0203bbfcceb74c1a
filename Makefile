# Two entry points (see README): `make demo` and `make test`.
.PHONY: demo test build fuzz clean

# Installs the dependencies, builds an optimised dpipe and runs it on examples/shop.
demo:
	scripts/setup
	cmake --preset release -DDPIPE_BUILD_TESTS=OFF
	cmake --build --preset release --target dpipe
	scripts/demo build/release/cmd/dpipe/dpipe

# Installs the test tools, builds with tests and runs the whole suite, then a fuzz smoke run.
test:
	scripts/test

build:
	cmake --preset dev
	cmake --build --preset dev

# Every libFuzzer target for FUZZ_SECONDS each (default 60) from its seed corpus.
FUZZ_SECONDS ?= 60
fuzz:
	scripts/fuzz-smoke $(FUZZ_SECONDS)

clean:
	rm -rf build
