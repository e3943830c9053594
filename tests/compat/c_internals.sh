#!/bin/bash
# Debian's examples that use names PVM 3.4.6's libpvm3 exports beside
# the API (lpvmerr, pvmdisplaymhfinfo, pvmgetclock, pvmdebmask; see
# libpvm/lpvm_compat.c), built against our pvm3.h and libraries and run:
# - task0 (a service in the mailbox, in a context of its own), task1 (a
#   client: finds it with pvm_recvinfo, talks in its context), task_end
#   (tells it to stop), rme (deletes a persistent entry left behind);
# - mhf_server and mhf_tickle (message handlers loaded, listed with
#   pvmdisplaymhfinfo and hit from another task), tickle's menu fed on
#   stdin;
# - ptest (4 copies: a frozen group, psend/precv, values validated);
# - bwtest in its four builds (dbwtest, ibwtest, pbwtest, rbwtest): two
#   copies ping-pong up to 100000 doubles, timed with pvmgetclock.
. "$(dirname "$0")/lib.sh"
compat_init internals

src=$compat_src
cc_ex()
{
	local out=$1

	shift
	env -u LD_PRELOAD gcc -std=gnu89 -w -DSYSVSTR -DHASSTDLIB \
	    -I"$top_srcdir/include" -o "$compat_bin/$out" "$@" \
	    -L"$ourlibs" -Wl,-rpath,"$ourlibs" -lgpvm3 -lpvm3 \
	    >"$PVM_TMP/cc.$out" 2>&1 ||
	    { cat "$PVM_TMP/cc.$out"; fail "cannot compile $out"; }
	compat_check_ldd "$compat_bin/$out"
}
for p in task0 task1 task_end rme; do
	cc_ex $p "$src/$p.c" "$src/taskf.c"
done
for p in mhf_server mhf_tickle ptest; do
	cc_ex $p "$src/$p.c"
done
cc_ex dbwtest -DENCODE=PvmDataDefault -DPACK "$src/bwtest.c"
cc_ex ibwtest -DENCODE=PvmDataInPlace -DPACK "$src/bwtest.c"
cc_ex pbwtest "$src/bwtest.c"
cc_ex rbwtest -DENCODE=PvmDataRaw -DPACK "$src/bwtest.c"
compat_hostfile "$compat_bin"
pvmd_start_ldpath
out=$PVM_TMP/out

# bg NAME CMD...: run CMD in the background with our library (stdout line
# buffered, so that its progress can be waited for), output in
# $PVM_TMP/NAME.out; sets BG_PID.
bg()
{
	local name=$1

	shift
	LD_LIBRARY_PATH=$ourlibs LD_DEBUG=libs LD_DEBUG_OUTPUT=$PVM_TMP/ld \
	    timeout 60 stdbuf -oL "$@" >"$PVM_TMP/$name.out" 2>&1 </dev/null &
	BG_PID=$!
	pvm_track $BG_PID
}
has() { grep -q "$2" "$PVM_TMP/$1.out"; }

# --- task0, task1, task_end, rme -------------------------------------
bg task0 "$compat_bin/task0" svc d
t0=$BG_PID
wait_until has task0 'just inserted service name <svc> at index 0' ||
    { cat "$PVM_TMP/task0.out"; fail "task0 did not register"; }
compat_run "$out" "$compat_bin/task1" svc 0 d
cat "$out"
expect_grep "$out" 'you are service request number 1\.' "task1 served"
compat_run "$out" "$compat_bin/task_end" svc 0
cat "$out"
wait "$t0"
cat "$PVM_TMP/task0.out"
expect_grep "$PVM_TMP/task0.out" 'handled 2 service requests' "task0 ended"

bg task0p "$compat_bin/task0" psvc p
t0=$BG_PID
wait_until has task0p 'just inserted service name <psvc> at index 0' ||
    { cat "$PVM_TMP/task0p.out"; fail "task0 p did not register"; }
compat_run "$out" "$compat_bin/task_end" psvc 0
wait "$t0"
compat_run "$out" "$compat_bin/rme" psvc 0
rc=$?
cat "$out"
[ $rc -eq 0 ] || fail "rme of the persistent entry exited $rc"
compat_run "$out" "$compat_bin/rme" psvc 0
rc=$?
cat "$out"
[ $rc -ne 0 ] || fail "rme of a deleted entry succeeded"
expect_grep "$out" 'no service running for <psvc> index <0>' "rme again"

# --- mhf_server, mhf_tickle -------------------------------------------
bg mhf_server "$compat_bin/mhf_server"
ms=$BG_PID
wait_until has mhf_server 'startup' ||
    { cat "$PVM_TMP/mhf_server.out"; fail "mhf_server did not start"; }
# LMH: tag 55, context 0 (the tickle's own), string_catcher1; PMH; HIT
# tag 55 context 0 string_catcher1 "hello mhf"; SEAT.
printf '1\n55\n0\n1\n0\n4\n55\n0\n1\nhello mhf\n9\n' >"$PVM_TMP/in"
compat_run "$out" "$compat_bin/mhf_tickle" <"$PVM_TMP/in"
rc=$?
[ $rc -eq 0 ] || { cat "$out"; fail "mhf_tickle exited $rc"; }
wait "$ms"
cat "$PVM_TMP/mhf_server.out"
expect_grep "$PVM_TMP/mhf_server.out" 'LMH: AFTER load' "handler loaded"
expect_grep "$PVM_TMP/mhf_server.out" '1 message handler$' \
    "pvmdisplaymhfinfo lists it"
expect_grep "$PVM_TMP/mhf_server.out" 'HIT:  ping target 1 - SC1' \
    "handler hit"
expect_grep "$PVM_TMP/mhf_server.out" 'strings match <hello mhf>' \
    "handler got the string"

# --- ptest --------------------------------------------------------------
pids=""
for i in 1 2 3 4; do
	bg ptest$i "$compat_bin/ptest" 4 1 8 1
	pids="$pids $BG_PID"
done
for p in $pids; do
	wait "$p" || fail "a ptest exited $?"
done
cat "$PVM_TMP"/ptest?.out
grep -l 'Data validated from all tasks!' "$PVM_TMP"/ptest?.out |
    wc -l | grep -qx 1 || fail "ptest: no node 0 validated the data"
grep -q 'failed\|instead of' "$PVM_TMP"/ptest?.out && fail "ptest failed"

# --- bwtest -------------------------------------------------------------
for p in dbwtest ibwtest pbwtest rbwtest; do
	bg ${p}1 "$compat_bin/$p"
	a=$BG_PID
	bg ${p}2 "$compat_bin/$p"
	b=$BG_PID
	wait "$a" || fail "$p exited $?"
	wait "$b" || fail "$p exited $?"
	cat "$PVM_TMP/${p}1.out" "$PVM_TMP/${p}2.out" >"$out"
	grep -E 'received correctly|Roundtrip' "$out"
	expect_grep "$out" 'Roundtrip T = [0-9]+ \(us\).*Data size: 800000' \
	    "$p timed the largest size"
	grep -q '^error' "$out" && fail "$p: data errors"
done
compat_check_loaded 20
exit 0
