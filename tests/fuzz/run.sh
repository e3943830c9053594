#!/bin/bash
#
# Copyright (c) 2026 The PVM project authors.
#
# Permission to use, copy, modify, and distribute this software for any
# purpose with or without fee is hereby granted, provided that the above
# copyright notice and this permission notice appear in all copies.
#
# Run every fuzz target (tests/fuzz/fuzz_NAME, built by make check with
# the replay driver) over its seeds in tests/fuzz/corpus/NAME and
# FUZZ_RUNS (default 20000) deterministic mutations of them.  Prints
# PASS or FAIL per target and "N passed, M failed"; exits 1 on a failure.
# The input that crashed a target is kept in $FUZZ_SAVE (default a
# directory under /tmp, printed).

here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$(cd "$here/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
runs=${FUZZ_RUNS:-20000}

passed=0
failed=0
for t in frame unpack hostfile console; do
	prog=$top_builddir/tests/fuzz/fuzz_$t
	save=$(mktemp -d "${TMPDIR:-/tmp}/pvmfuzz-$t.XXXXXX") || exit 1
	if [ ! -x "$prog" ]; then
		echo "FAIL fuzz_$t (not built: $prog)"
		failed=$((failed + 1))
		continue
	fi
	if timeout -k 10 600 "$prog" -n "$runs" -s 1 -S "$save" \
	    "$top_srcdir/tests/fuzz/corpus/$t" >"$save/log" 2>&1; then
		echo "PASS fuzz_$t"
		passed=$((passed + 1))
		rm -rf "$save"
	else
		echo "FAIL fuzz_$t (input kept in $save/last)"
		tail -40 "$save/log"
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
