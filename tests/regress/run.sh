#!/bin/bash
#
# Copyright (c) 2026 The PVM project authors.
#
# Permission to use, copy, modify, and distribute this software for any
# purpose with or without fee is hereby granted, provided that the above
# copyright notice and this permission notice appear in all copies.
#
# Run the integration tests: every tests/regress/t_*.sh, or the ones named
# on the command line.  Prints PASS, FAIL or SKIP per test, the log of
# each failed test, and a last line "N passed, M failed".  Exits 1 if
# any test failed.  tests/compat/run.sh runs its tests through this too.
#
# Environment: top_builddir, top_srcdir (default: this tree); RUN_DIR,
# the directory of the named tests (default: this one).

here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$(cd "$here/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
top_srcdir=$(cd "$top_srcdir" && pwd)
top_builddir=$(cd "$top_builddir" && pwd)
export top_srcdir top_builddir

# Seconds a test may run; TERM then, KILL 10 s later.
TEST_TIMEOUT=${TEST_TIMEOUT:-60}

dir=${RUN_DIR:-$here}
if [ $# -gt 0 ]; then
	tests=""
	for t in "$@"; do
		t=${t##*/}
		t=${t%.sh}
		tests="$tests $dir/$t.sh"
	done
else
	tests=$(ls "$dir"/t_*.sh 2>/dev/null | sort)
fi

passed=0
failed=0
skipped=0
log=$(mktemp "${TMPDIR:-/tmp}/pvmreg-log.XXXXXX") || exit 1
trap 'rm -f "$log"' EXIT

for t in $tests; do
	name=$(basename "$t" .sh)
	if [ ! -r "$t" ]; then
		echo "FAIL $name (no such test)"
		failed=$((failed + 1))
		continue
	fi
	timeout -k 10 "$TEST_TIMEOUT" bash "$t" >"$log" 2>&1 </dev/null
	rc=$?
	case $rc in
	0)
		echo "PASS $name"
		passed=$((passed + 1))
		;;
	77)
		echo "SKIP $name: $(grep -m1 '^SKIP' "$log" | cut -c7-)"
		skipped=$((skipped + 1))
		;;
	*)
		[ $rc -eq 124 ] || [ $rc -eq 137 ] &&
		    echo "# timed out after $TEST_TIMEOUT s" >>"$log"
		echo "FAIL $name (exit $rc)"
		sed 's/^/    /' "$log"
		failed=$((failed + 1))
		;;
	esac
done

[ $skipped -gt 0 ] && echo "$skipped skipped"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
