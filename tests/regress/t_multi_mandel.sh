#!/bin/bash
# Multi-host: the mandel batch job on five hosts.  Its workers are
# spawned by name with the default placement, so they spread over the
# hosts; rows travel between hosts over the daemon links and the result
# must match the serial computation.  rsh.log shows the four starts.
. "$(dirname "$0")/lib.sh"
pvm_test_init multi_mandel
pvm_multi_init

need_prog "$examples_dir/mandel"
need_prog "$examples_dir/mandel_worker"
pvmd_start_master
pvm_add_hosts 4
[ "$(grep -c ' -s$' "$PVM_TMP/rsh.log")" -eq 4 ] ||
    { cat "$PVM_TMP/rsh.log"; fail "not 4 slave starts in rsh.log"; }

timeout 50 "$examples_dir/mandel" 8 >"$PVM_TMP/out" 2>&1
rc=$?
cat "$PVM_TMP/out"
[ $rc -eq 0 ] || fail "mandel 8 exited $rc"
expect_grep "$PVM_TMP/out" \
    '^mandel: 8 workers, 256x256, checksum 788763286 OK$' "mandel 8"

# The workers mandel spawns go to every host: ten of them spawned by
# name from the console (they wait for rows from it) are on all five.
console 'spawn -10 mandel_worker\nps -a\n' >"$PVM_TMP/ps" 2>&1
cat "$PVM_TMP/ps"
n=$(awk '$NF == "mandel_worker" { print $1 }' "$PVM_TMP/ps" | sort -u |
    wc -l)
[ "$n" -eq 5 ] || fail "mandel_worker on $n hosts, not 5"
[ "$(grep -c ' mandel_worker$' "$PVM_TMP/ps")" -eq 10 ] ||
    fail "not 10 mandel_worker tasks"

# And mandel runs again with those idle workers around.
timeout 50 "$examples_dir/mandel" 10 300 200 >"$PVM_TMP/out2" 2>&1
rc=$?
cat "$PVM_TMP/out2"
[ $rc -eq 0 ] || fail "mandel 10 300 200 exited $rc"
expect_grep "$PVM_TMP/out2" \
    '^mandel: 10 workers, 300x200, checksum [0-9]+ OK$' "mandel 10"
exit 0
