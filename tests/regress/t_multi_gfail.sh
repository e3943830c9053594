#!/bin/bash
# A host deleted while the members of a group wait in a barrier
# (tests/regress/gbigtest.c, "fail"): 16 tasks on 4 hosts, the host
# deleted is 127.0.0.2, an inner pvmd of the barrier tree (parent of
# 127.0.0.4), so its child must send its list to its new parent, and
# the barrier of count 16 must let the survivors go, without the members
# of the lost host.
. "$(dirname "$0")/lib.sh"
pvm_test_init multi_gfail
pvm_multi_init

prog=$regress_dir/gbigtest
need_prog "$prog"
pvmd_start_master
pvm_add_hosts 3

out=$PVM_TMP/gfail.out
timeout 120 "$prog" fail 127.0.0.1 127.0.0.2 127.0.0.3 127.0.0.4 \
    >"$out" 2>&1
rc=$?
cat "$out"
[ $rc -eq 0 ] || fail "gbigtest fail exited $rc"
expect_grep "$out" '^gbigtest fail: [1-9][0-9]* members gone with 127\.0\.0\.2: OK$' \
    "survivors released"
pid_alive "$MASTER_PID" || fail "master pvmd died"
[ "$(conf_hosts)" = 3 ] || fail "not 3 hosts left"
exit 0
