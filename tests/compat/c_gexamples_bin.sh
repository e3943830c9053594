#!/bin/bash
# Debian's PREBUILT group examples (gexamples/LINUX64 in
# gexamples.tar.gz, linked against PVM 3.4.6's libgpvm3.so.3 and
# libpvm3.so.3) run with OUR two libraries through LD_LIBRARY_PATH:
# joinleave, gexamp, trsg, tst, tjl, tjf, thb + tnb, gs, ge, each
# checked by its own output; LD_DEBUG shows that every process (the
# spawned ones too) loaded our libpvm3.
. "$(dirname "$0")/lib.sh"
compat_init gexamples_bin

gexamples_tgz=/usr/share/doc/pvm-examples/gexamples.tar.gz
[ -r "$gexamples_tgz" ] || skip "no $gexamples_tgz (pvm-examples)"
[ -r "$ourlibs/libgpvm3.so.3" ] || fail "$ourlibs/libgpvm3.so.3 not built"
tar xzf "$gexamples_tgz" -C "$PVM_TMP/src" || fail "tar $gexamples_tgz"
gex_bin=$PVM_TMP/src/gexamples/LINUX64
for p in joinleave gexamp trsg tst tjl tjf thb tnb gs ge; do
	[ -x "$gex_bin/$p" ] || fail "no prebuilt $p"
	got=$(LD_LIBRARY_PATH=$ourlibs ldd "$gex_bin/$p" |
	    awk '/libgpvm3\.so/ {print $3}')
	[ "$(readlink -f "$got")" = "$(readlink -f "$ourlibs/libgpvm3.so.3")" ] ||
	    fail "$p resolves libgpvm3 to '$got'"
	compat_check_ldd "$gex_bin/$p"
done
compat_hostfile "$gex_bin"
pvmd_start_ldpath
out=$PVM_TMP/out

compat_run "$out" "$gex_bin/joinleave" 200
rc=$?
cat "$out"
[ $rc -eq 0 ] || fail "joinleave exited $rc"
expect_grep "$out" '^Joined 200 times$' "joinleave 200"

compat_run "$out" "$gex_bin/gexamp" 4
rc=$?
cat "$out"
[ $rc -eq 0 ] || fail "gexamp exited $rc"
expect_grep "$out" 'gexamp 0: sync$' "gexamp passed the barrier"
grep -q "match up" "$out" && fail "gexamp: instances do not match"

echo "4 5" >"$PVM_TMP/in"
compat_run "$out" "$gex_bin/trsg" <"$PVM_TMP/in"
cat "$out"
expect_grep "$out" 'Test OK: Sum of Squares of first 20 integers is 2870' \
    "trsg sum of squares"
expect_grep "$out" 'Test Ok: Received \(5\.0+, 2\.0+\)' "trsg user reduce"
grep -q ERROR "$out" && fail "trsg reported an error"

. "$(dirname "$0")/gexamples_run.sh"
compat_check_loaded 20
exit 0
