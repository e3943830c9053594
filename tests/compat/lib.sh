# Copyright (c) 2026 The PVM project authors.
#
# Permission to use, copy, modify, and distribute this software for any
# purpose with or without fee is hereby granted, provided that the above
# copyright notice and this permission notice appear in all copies.
#
# Helpers for the compatibility tests (bash), on top of the regress ones.
#
# compat_build PROG...: extract Debian's pvm-examples sources and compile
# PROG.c against OUR pvm3.h and libpvm3 only, into $compat_bin.  The
# header actually used is checked with gcc -H and the library each binary
# resolves with ldd.

. "$(cd "$(dirname "${BASH_SOURCE[0]}")/../regress" && pwd)/lib.sh"

examples_tgz=/usr/share/doc/pvm-examples/examples.tar.gz
ourlibs=$top_builddir/.libs
ourlib=$ourlibs/libpvm3.so.3

# compat_init NAME: a regress test environment plus the compat paths.
compat_init()
{
	pvm_test_init "$1"
	san_foreign
	compat_src=$PVM_TMP/src/examples
	compat_bin=$PVM_TMP/bin
	[ -r "$examples_tgz" ] || skip "no $examples_tgz (pvm-examples)"
	[ -r "$ourlib" ] || fail "$ourlib not built"
	mkdir -p "$PVM_TMP/src" "$compat_bin"
	tar xzf "$examples_tgz" -C "$PVM_TMP/src" || fail "tar $examples_tgz"
}

# Host file whose ep= is exactly the given directory list.
compat_hostfile()
{
	echo "* ep=$1 wd=$PVM_TMP" >"$hostfile"
}

# compat_build PROG...: compile each PROG.c from the examples.
compat_build()
{
	local p flags hdrs

	for p in "$@"; do
		# 1990s C: implicit int and implicit declarations.  HASSTDLIB
		# declares malloc (timing needs it), except for starter whose
		# "exit()" matches neither stdlib.h's nor gcc's builtin
		# exit(int), with PVM's header as with ours.
		flags="-DSYSVSTR -DHASSTDLIB"
		[ "$p" = starter ] && flags="-DSYSVSTR -fno-builtin-exit"
		env -u LD_PRELOAD gcc -std=gnu89 -w $flags -I"$top_srcdir/include" \
		    -o "$compat_bin/$p" "$compat_src/$p.c" \
		    -L"$ourlibs" -Wl,-rpath,"$ourlibs" -lpvm3 \
		    >"$PVM_TMP/cc.$p" 2>&1 ||
		    { cat "$PVM_TMP/cc.$p"; fail "cannot compile $p.c"; }

		# Which pvm3.h did the compiler read?
		hdrs=$(env -u LD_PRELOAD gcc -std=gnu89 -w $flags -I"$top_srcdir/include" -H \
		    -fsyntax-only "$compat_src/$p.c" 2>&1 |
		    sed -n 's/^\.* //p' | grep 'pvm3[^/]*\.h$')
		echo "$hdrs" | grep -qx "$top_srcdir/include/pvm3.h" ||
		    fail "$p.c did not read $top_srcdir/include/pvm3.h ($hdrs)"
		echo "$hdrs" | grep -q '^/usr/' &&
		    fail "$p.c read a system PVM header: $hdrs"

		# Which libpvm3 does the binary resolve?
		compat_check_ldd "$compat_bin/$p"
	done
}

# The binary resolves libpvm3.so.3 to ours (with LD_LIBRARY_PATH set).
compat_check_ldd()
{
	local got

	got=$(LD_LIBRARY_PATH=$ourlibs ldd "$1" |
	    awk '/libpvm3\.so/ {print $3}')
	[ -n "$got" ] || fail "$1 does not link libpvm3"
	[ "$(readlink -f "$got")" = "$(readlink -f "$ourlib")" ] ||
	    fail "$1 resolves libpvm3 to $got, not $ourlib"
}

# compat_run OUT CMD...: run CMD with our library and LD_DEBUG=libs into
# $PVM_TMP/ld.*; its output goes to OUT.
compat_run()
{
	local out=$1

	shift
	LD_LIBRARY_PATH=$ourlibs LD_DEBUG=libs \
	    LD_DEBUG_OUTPUT=$PVM_TMP/ld timeout 40 "$@" >"$out" 2>&1
}

# compat_check_loaded MIN: at least MIN processes (the program and its
# spawned tasks: pvmd passes LD_DEBUG on) loaded libpvm3, every one of
# them ours.
compat_check_loaded()
{
	local f n=0 ours bad=0 lib

	ours=$(readlink -f "$ourlib")
	for f in "$PVM_TMP"/ld.*; do
		[ -e "$f" ] || continue
		grep -q 'calling init: .*libpvm3\.so' "$f" || continue
		n=$((n + 1))
		for lib in $(sed -n \
		    's/.*calling init: \(.*libpvm3\.so[^ ]*\).*/\1/p' "$f"); do
			[ "$(readlink -f "$lib")" = "$ours" ] && continue
			note "${f##*/}: loaded $lib, not $ours"
			bad=1
		done
	done
	[ $bad -eq 0 ] || fail "a process loaded the wrong libpvm3"
	[ $n -ge "$1" ] ||
	    fail "only $n processes loaded libpvm3 (expected $1 or more)"
	note "$n processes ran on $ours"
}

# pvmd_start_ldpath: start our pvmd with LD_LIBRARY_PATH and LD_DEBUG
# in its environment, which it hands to the tasks it spawns.
pvmd_start_ldpath()
{
	LD_LIBRARY_PATH=$ourlibs LD_DEBUG=libs \
	    LD_DEBUG_OUTPUT=$PVM_TMP/ld pvmd_start
}
