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
total_pass=0
total_fail=0

# count_results DIR: print and add up the results in DIR's test logs
# (the "N passed, M failed" lines of our runners and CUnit's summary).
count_results() {
	counts=$(cat "$1"/tests/*/*.log 2>/dev/null | awk '
	    /^[0-9]+ passed, [0-9]+ failed/ { p += $1; f += $3 }
	    /^ +tests +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+/ { p += $4; f += $5 }
	    END { print p + 0, f + 0 }')
	pass=${counts% *}
	fail=${counts#* }
	echo "$1: $pass passed, $fail failed"
	total_pass=$((total_pass + pass))
	total_fail=$((total_fail + fail))
}

# run_suite DIR [CONFIGURE-ARGS]: configure in DIR, build, make check.
run_suite() {
	dir=$1
	shift
	mkdir -p "$dir"
	if (cd "$dir" && "$top/configure" -q "$@" && make -s -j"$jobs" &&
	    make -s -j1 check); then
		grep -hE '^(PASS|FAIL|SKIP) ' "$dir"/tests/*/*.log || true
		count_results "$dir"
		return 0
	fi
	for f in "$dir"/tests/*/*.log; do
		[ -f "$f" ] || continue
		echo "=== $f"
		tail -n 100 "$f"
	done
	count_results "$dir"
	echo "total: $total_pass passed, $((total_fail > 0 ? total_fail : 1)) failed"
	exit 1
}

echo "== build and test"
run_suite build
echo "== build and test with ASan and UBSan"
run_suite build-san --enable-sanitizers
echo "total: $total_pass passed, $total_fail failed"
