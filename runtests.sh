#!/bin/sh
# Install what is missing, build, and run the whole test suite: unit,
# integration and compatibility tests, then again under AddressSanitizer
# and UndefinedBehaviorSanitizer in a separate build directory.
set -e
cd "$(dirname "$0")"
./scripts/deps.sh
./autogen.sh >/dev/null 2>&1 || ./autogen.sh
top=$(pwd)
jobs=$(nproc)

run_suite() {
	dir=$1
	shift
	mkdir -p "$dir"
	(cd "$dir" && "$top/configure" -q "$@" && make -s -j"$jobs" &&
	    make -s -j1 check) || {
		for f in $(find "$dir/tests" -name '*.log' 2>/dev/null); do
			echo "=== $f"
			tail -n 80 "$f"
		done
		return 1
	}
	cat "$dir"/tests/*/*.log 2>/dev/null | grep -E '^(PASS|FAIL|SKIP)|passed, [0-9]+ failed' || true
}

echo "== build and test"
run_suite build
echo "== build and test with ASan and UBSan"
run_suite build-san --enable-sanitizers
echo "all test suites passed"
