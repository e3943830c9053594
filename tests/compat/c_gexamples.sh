#!/bin/bash
# Debian's group examples (gexamples.tar.gz) built against our pvm3.h
# with -lgpvm3 -lpvm3 and run on our daemon: joinleave (join and leave
# in a loop), gexamp 4 (barrier, bcast, getinst/gettid cross-checks) and
# trsg (scatter, gather, reduce with PvmSum and a user function; its
# own "Test OK" lines check the values).
. "$(dirname "$0")/lib.sh"
compat_init gexamples

gexamples_tgz=/usr/share/doc/pvm-examples/gexamples.tar.gz
[ -r "$gexamples_tgz" ] || skip "no $gexamples_tgz (pvm-examples)"
[ -r "$ourlibs/libgpvm3.so.3" ] || fail "$ourlibs/libgpvm3.so.3 not built"
tar xzf "$gexamples_tgz" -C "$PVM_TMP/src" || fail "tar $gexamples_tgz"
gsrc=$PVM_TMP/src/gexamples
for p in joinleave gexamp trsg; do
	env -u LD_PRELOAD gcc -std=gnu89 -w -DSYSVSTR -DHASSTDLIB \
	    -I"$top_srcdir/include" -o "$compat_bin/$p" "$gsrc/$p.c" \
	    -L"$ourlibs" -Wl,-rpath,"$ourlibs" -lgpvm3 -lpvm3 \
	    >"$PVM_TMP/cc.$p" 2>&1 ||
	    { cat "$PVM_TMP/cc.$p"; fail "cannot compile $p.c"; }
	compat_check_ldd "$compat_bin/$p"
done
compat_hostfile "$compat_bin"
pvmd_start_ldpath
out=$PVM_TMP/out

compat_run "$out" "$compat_bin/joinleave" 300
rc=$?
cat "$out"
[ $rc -eq 0 ] || fail "joinleave exited $rc"
expect_grep "$out" '^Joined 300 times$' "joinleave 300"
grep -q JoinLeave "$out" && fail "joinleave reported an error"

compat_run "$out" "$compat_bin/gexamp" 4
rc=$?
cat "$out"
[ $rc -eq 0 ] || fail "gexamp exited $rc"
expect_grep "$out" 'gexamp 0: sync$' "gexamp passed the barrier"
# The spawned copies write to the daemon's log.
daemon_log()
{
	cat "$pvm_logfile" "$pvm_outfile" 2>/dev/null
}
wait_secs 10 eval 'daemon_log | grep -q "gexamp 3: sync"' ||
    fail "the spawned gexamp did not all pass the barrier"
grep -q "match up" "$out" && fail "gexamp: instances do not match"
daemon_log | grep -q "match up" && fail "gexamp: instances do not match"

echo "4 5" >"$PVM_TMP/in"
compat_run "$out" "$compat_bin/trsg" <"$PVM_TMP/in"
cat "$out"
expect_grep "$out" 'Test OK: Sum of Squares of first 20 integers is 2870' \
    "trsg sum of squares"
expect_grep "$out" 'Test Ok: Received \(5\.0+, 2\.0+\)' "trsg user reduce"
grep -q ERROR "$out" && fail "trsg reported an error"
compat_check_loaded 9
exit 0
