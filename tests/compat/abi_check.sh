#!/bin/sh
#
# Copyright (c) 2026 The PVM project authors.
#
# Permission to use, copy, modify, and distribute this software for any
# purpose with or without fee is hereby granted, provided that the above
# copyright notice and this permission notice appear in all copies.
#
# Check that our pvm3.h and libraries are compatible with PVM 3.4.6:
#  1. abi_dump.c (every constant, string, struct layout and macro result)
#     built against PVM's header and against ours prints the same thing;
#  2. every function PVM's pvm3.h declares is declared by ours with the
#     same prototype (gcc -aux-info), but for the known differences below;
#  3. every pvm_*/Pvm* function PVM's libpvm3.so.3 and libgpvm3.so.3
#     export and declare in pvm3.h is exported by ours, and the exported
#     data (pvm_errno, pvm_errlist, pvm_nerr) has the same size.  Skipped,
#     with a message, for a library that is not built.
# Prints "PASS abi" and exits 0, or explains and exits 1; exits 77 (skip)
# when PVM 3.4 itself is not installed.
#
# Environment: top_srcdir, top_builddir (default: this script's ../..),
# CC (default cc), PVM_INC (default /usr/include), PVM_LIBDIR (default
# the directory of PVM's libpvm3.so.3 under /usr/lib).

set -u

here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$here/../..}
top_builddir=${top_builddir:-$here/../..}
CC=${CC:-cc}
PVM_INC=${PVM_INC:-/usr/include}
PVM_LIBDIR=${PVM_LIBDIR:-/usr/lib/x86_64-linux-gnu}
dump_src=$top_srcdir/tests/compat/abi_dump.c

# Nothing from the caller's environment may add our headers to the
# search path of the build against PVM's header.
unset CPATH C_INCLUDE_PATH

if [ ! -f "$PVM_INC/pvm3.h" ]; then
	echo "SKIP abi: PVM 3.4 header $PVM_INC/pvm3.h not installed"
	exit 77
fi
if [ ! -f "$top_srcdir/include/pvm3.h" ]; then
	echo "FAIL abi: $top_srcdir/include/pvm3.h not found"
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/abi_check.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0

# --- 1. constants and layouts ------------------------------------------

# build <name> <include dir> <macro the header must define>
build() {
	if ! $CC -I "$2" -o "$tmp/dump_$1" "$dump_src" \
	    >"$tmp/cc_$1.log" 2>&1; then
		echo "FAIL abi: abi_dump.c does not build against $2/pvm3.h:"
		cat "$tmp/cc_$1.log"
		return 1
	fi
	# Make sure the intended header is the one that was used.
	if ! $CC -I "$2" -E -dM "$dump_src" 2>/dev/null |
	    grep -Eq "^#define $3( |\$)"; then
		echo "FAIL abi: build '$1' did not use $2/pvm3.h"
		return 1
	fi
	"$tmp/dump_$1" >"$tmp/$1.out" 2>&1
}

if build pvm "$PVM_INC" _PVM3_H_ && build ours "$top_srcdir/include" PVM3_H
then
	if ! diff -u "$tmp/pvm.out" "$tmp/ours.out" >"$tmp/dump.diff"; then
		echo "FAIL abi: constants or layouts differ (- PVM, + ours):"
		cat "$tmp/dump.diff"
		fail=1
	fi
else
	fail=1
fi

# --- 2. prototypes -----------------------------------------------------

# Known, deliberate differences, one normalised prototype per line,
# "pvm:" for PVM's declarations we lack, "ours:" for ours that differ.
#  - pvmgetrsh, pvmgettmp: PVM internals its header leaks; not pvm_*
#    names, so never exported by us.
#  - pvm_recvf: PVM's prototype returns a pointer to a function taking a
#    matching function; the call really returns the previous matching
#    function, int (*)(int, int, int), which is what ours declares.
cat >"$tmp/known" <<'EOF'
pvm:extern char *pvmgetrsh (void);
pvm:extern char *pvmgettmp (void);
pvm:extern int (*pvm_recvf (int (*) (int, int, int))) (int (*) (int, int, int));
ours:extern int (*pvm_recvf (int (*) (int, int, int))) (int, int, int);
EOF

# protos <name> <include dir>: normalised declarations from pvm3.h.
protos() {
	printf '#include <stdio.h>\n#include <pvm3.h>\n' >"$tmp/aux_$1.c"
	if ! $CC -I "$2" -fsyntax-only -aux-info "$tmp/aux_$1.info" \
	    "$tmp/aux_$1.c" >/dev/null 2>&1; then
		return 1
	fi
	grep '/pvm3\.h:[0-9]*:' "$tmp/aux_$1.info" |
	    sed -e 's|^/\*[^*]*\*/ *||' \
	    -e 's|__attribute__ *((.*)) *||g' -e 's|  *| |g' |
	    sort -u >"$tmp/protos_$1"
	sed -n "s|^$1:||p" "$tmp/known" | sort -u >"$tmp/known_$1"
	comm -23 "$tmp/protos_$1" "$tmp/known_$1" >"$tmp/cmp_$1"
}

if protos pvm "$PVM_INC" && protos ours "$top_srcdir/include"; then
	if ! diff -u "$tmp/cmp_pvm" "$tmp/cmp_ours" >"$tmp/proto.diff"; then
		echo "FAIL abi: prototypes differ (- PVM, + ours):"
		cat "$tmp/proto.diff"
		fail=1
	fi
else
	echo "SKIP abi prototypes: $CC has no -aux-info (needs gcc)"
	# Without prototypes, take the names from PVM's header text.
	sed -n 's/^[a-z].*[ *]\(pvm_[a-z_]*\)[ 	]*__ProtoGlarp__.*/\1/p;
	    s/^void \(Pvm[A-Za-z]*\)[ 	]*__ProtoGlarp__.*/\1/p' \
	    "$PVM_INC/pvm3.h" >"$tmp/protos_pvm"
fi

# Function names PVM's header declares.
sed -e 's/(\*//' -e 's/ (.*//' -e 's/.*[ *]//' "$tmp/protos_pvm" |
    grep -E '^(pvm_|Pvm)' | sort -u >"$tmp/declared"

# --- 3. exported symbols -----------------------------------------------

# exports <library>: defined dynamic symbols, "name type size".
exports() {
	nm -D -S --defined-only "$1" 2>/dev/null |
	    awk 'NF == 4 { sub(/@.*/, "", $4); print $4, $3, $2 }
		NF == 3 { sub(/@.*/, "", $3); print $3, $2, "-" }' |
	    sort -u
}

for lib in libpvm3 libgpvm3; do
	theirs=$PVM_LIBDIR/$lib.so.3
	ours=$top_builddir/.libs/$lib.so.3
	if [ ! -f "$theirs" ]; then
		echo "SKIP abi exports of $lib: $theirs not installed"
		continue
	fi
	if [ ! -f "$ours" ]; then
		echo "SKIP abi exports of $lib: $ours not built"
		continue
	fi
	exports "$theirs" >"$tmp/exp_pvm"
	exports "$ours" >"$tmp/exp_ours"

	# Functions: declared in pvm3.h and exported by PVM.
	awk '$2 == "T" { print $1 }' "$tmp/exp_pvm" | sort -u |
	    comm -12 - "$tmp/declared" >"$tmp/need"
	awk '$2 == "T" || $2 == "W" || $2 == "i" { print $1 }' \
	    "$tmp/exp_ours" | sort -u >"$tmp/have"
	missing=$(comm -23 "$tmp/need" "$tmp/have")
	if [ -n "$missing" ]; then
		echo "FAIL abi: $ours does not export:" $missing
		fail=1
	fi

	# Data: same names, same sizes (copy relocations depend on them).
	for sym in pvm_errno pvm_errlist pvm_nerr; do
		want=$(awk -v s="$sym" '$1 == s { print $3 }' "$tmp/exp_pvm")
		[ -n "$want" ] || continue
		got=$(awk -v s="$sym" '$1 == s { print $3 }' "$tmp/exp_ours")
		if [ -z "$got" ]; then
			echo "FAIL abi: $ours does not export $sym"
			fail=1
		elif [ "$((0x$got))" -ne "$((0x$want))" ]; then
			echo "FAIL abi: $sym is $((0x$got)) bytes in $ours," \
			    "$((0x$want)) in PVM"
			fail=1
		fi
	done
done

if [ "$fail" -ne 0 ]; then
	exit 1
fi
echo "PASS abi"
exit 0
