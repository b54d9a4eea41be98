# The two commands of the README. Both install what is missing first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help deps web screenshots debug release test run stop bench bench-api bench-exams bench-notify format lint fuzz

help:
	@echo "make run    build (release) and start the whole stack at http://127.0.0.1:8080"
	@echo "make test   build (debug, ASan+UBSan) and run every test"
	@echo "make stop   stop a stack left running"
	@echo "make screenshots  remake docs/screenshots/ from a seeded stack in Chromium"
	@echo "make bench  run the gateway benchmark (writes docs/benchmarks.md)"
	@echo "make bench-api  run the api list benchmark on a seeded term (writes docs/benchmarks.md)"
	@echo "make bench-exams  run the exam storm, 1,000 to 10,000 students (writes docs/benchmarks.md)"
	@echo "make bench-notify  live notifications: 20,000 connections, memory and latency (writes docs/benchmarks.md)"
	@echo "make format  apply .clang-format to every C++ file and Prettier to web/"
	@echo "make lint   check formatting and run clang-tidy (.clang-tidy) over every source"
	@echo "make fuzz   build core's fuzzers (clang) and run each for SECONDS=60 seconds"

deps:
	@tools/install-deps.sh

debug: deps
	cmake --preset debug
	cmake --build --preset debug

# The browser application, into web/dist (served by the gateway at /).
web: deps
	tools/build-web.sh

# The release build is what runs: service binaries only, no tests.
release: deps
	cmake --preset release
	cmake --build --preset release --target services

test: debug web
	ctest --preset debug

run: release web
	python3 tools/stack.py run

screenshots: release web
	cd web && CLASSROOM_BUILD_DIR=../build/release npm run --silent screenshots

stop:
	python3 tools/stack.py stop

bench: release
	python3 bench/gateway.py

bench-api: release
	python3 bench/api.py

bench-exams: release
	python3 bench/exams.py

bench-notify: release
	python3 bench/notify.py

format: deps web
	cd web && npx prettier --write . >/dev/null
	find core services tests bench -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

# make test checks formatting too (the ctest entry `format`).
lint: debug
	tools/lint.sh all build/debug

# Each fuzzer in turn, one at a time (core/fuzz/run.sh); `make test` replays their seeds.
SECONDS ?= 60
fuzz: deps
	cmake --preset fuzz
	cmake --build --preset fuzz -j2
	core/fuzz/run.sh build/fuzz $(SECONDS)
