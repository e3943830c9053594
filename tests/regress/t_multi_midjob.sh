#!/bin/bash
# Multi-host: a slave pvmd killed with SIGKILL in the middle of a job.
# notifytest watches 127.0.0.3 (PvmHostDelete) and two regtasks of its
# own there (PvmTaskExit); mandel runs 8 workers spread over the five
# hosts on a large image, and as soon as some run on 127.0.0.3 that
# slave's pvmd is killed.  Every notify must arrive within 6 s, a task
# on another host must still answer, and mandel, which gives up when a
# worker dies (its pvm_notify), must stop with its error message
# instead of hanging, leaving no worker behind.  Then mandel runs again
# on the four hosts left and gets the right checksum.
. "$(dirname "$0")/lib.sh"
pvm_test_init multi_midjob
pvm_multi_init

need_prog "$examples_dir/mandel"
need_prog "$examples_dir/mandel_worker"
need_prog "$regress_dir/regtask"
need_prog "$regress_dir/notifytest"
pvmd_start_master
pvm_add_hosts 4

# notifytest watches 127.0.0.3 (two regtasks of its own there); it
# goes on when a line comes on its stdin (the fifo), after the kill.
mkfifo "$PVM_TMP/go" || fail "mkfifo"
"$regress_dir/notifytest" 127.0.0.3 2 127.0.0.4 <"$PVM_TMP/go" \
    >"$PVM_TMP/notify.out" 2>&1 &
nt_pid=$!
pvm_track $nt_pid
exec 5>"$PVM_TMP/go"
_nt_ready() { grep -q '^ready ' "$PVM_TMP/notify.out" || pid_gone $nt_pid; }
wait_secs 15 _nt_ready || fail "notifytest is not ready"
cat "$PVM_TMP/notify.out"
expect_grep "$PVM_TMP/notify.out" '^ready [0-9]+$' "notifytest ready"
nwatch=$(sed -n 's/^ready //p' "$PVM_TMP/notify.out")
[ "$nwatch" -eq 2 ] || fail "notifytest watches $nwatch tasks, not 2"
p3=$(slave_pid 127.0.0.3)
[ -n "$p3" ] || fail "no slave pid for 127.0.0.3"

# A job of a few seconds (8 workers, 4096x4096, about 1.5 s of rows
# here); the kill comes as soon as its workers run on 127.0.0.3.
timeout 120 "$examples_dir/mandel" 8 4096 4096 >"$PVM_TMP/mandel.out" 2>&1 &
mandel_pid=$!
pvm_track $mandel_pid
note "mandel is pid $mandel_pid"
_workers_on3() { [ "$(ps_count 127.0.0.3 mandel_worker)" -gt 0 ] ||
    pid_gone $mandel_pid; }
wait_secs 15 _workers_on3 ||
    { console 'ps -a\n'; fail "no mandel_worker on 127.0.0.3"; }
pid_alive $mandel_pid ||
    { cat "$PVM_TMP/mandel.out"; fail "mandel ended before the kill"; }
note "killing slave 127.0.0.3, pid $p3, mid-job"
kill_wait "$p3"
echo go >&5
exec 5>&-
console 'ps -a\n' >"$PVM_TMP/ps" 2>&1
cat "$PVM_TMP/ps"

# Every notify within 6 s (notifytest's own limit), then the echo.
wait_secs 15 pid_gone $nt_pid || fail "notifytest does not end"
wait $nt_pid
rc=$?
cat "$PVM_TMP/notify.out"
[ $rc -eq 0 ] || fail "notifytest exited $rc"
expect_grep "$PVM_TMP/notify.out" '^hostdelete t' "HostDelete notify"
[ "$(grep -c '^taskexit t' "$PVM_TMP/notify.out")" -eq "$nwatch" ] ||
    fail "not $nwatch TaskExit notifies"
expect_grep "$PVM_TMP/notify.out" '^echo from t' "echo from 127.0.0.4"
expect_grep "$PVM_TMP/notify.out" '^notifytest: OK$' "notifytest"

# mandel gives up with its message, and does not hang.
wait_secs 15 pid_gone $mandel_pid ||
    { cat "$PVM_TMP/mandel.out"; fail "mandel hangs after the kill"; }
wait $mandel_pid
rc=$?
cat "$PVM_TMP/mandel.out"
[ $rc -eq 124 ] && fail "mandel timed out"
[ $rc -eq 1 ] || fail "mandel exited $rc, not 1"
expect_grep "$PVM_TMP/mandel.out" '^mandel: worker t[0-9a-f]+ exited early$' \
    "mandel's message about the dead worker"
grep -q 'checksum' "$PVM_TMP/mandel.out" &&
    fail "mandel finished the job without the dead workers"

# It killed its other workers; the machine is four hosts.
_no_workers() { [ "$(console 'ps -a\n' 2>/dev/null |
    grep -c ' mandel_worker$')" -eq 0 ]; }
wait_secs 6 _no_workers ||
    { console 'ps -a\n'; fail "mandel workers left after the abort"; }
four_hosts() { [ "$(conf_hosts)" -eq 4 ]; }
wait_secs 6 four_hosts || { console 'conf\n'; fail "not 4 hosts"; }

# The survivors run the job to the end.
timeout 50 "$examples_dir/mandel" 8 >"$PVM_TMP/again" 2>&1
rc=$?
cat "$PVM_TMP/again"
[ $rc -eq 0 ] || fail "mandel 8 on the survivors exited $rc"
expect_grep "$PVM_TMP/again" \
    '^mandel: 8 workers, 256x256, checksum 788763286 OK$' "mandel again"

# A slave that hangs (SIGSTOP) instead of dying keeps its TCP link
# open: only the heartbeat (dead after 3 s) can find it.  The notifies
# must still come within 6 s; resumed (SIGCONT), the slave finds its
# link to the master gone and exits, and so do its tasks.
: >"$PVM_TMP/notify.out"
rm -f "$PVM_TMP/go"
mkfifo "$PVM_TMP/go" || fail "mkfifo"
"$regress_dir/notifytest" 127.0.0.5 2 127.0.0.4 <"$PVM_TMP/go" \
    >"$PVM_TMP/notify.out" 2>&1 &
nt_pid=$!
pvm_track $nt_pid
exec 5>"$PVM_TMP/go"
wait_secs 15 _nt_ready || fail "notifytest (127.0.0.5) is not ready"
expect_grep "$PVM_TMP/notify.out" '^ready 2$' "notifytest ready"
p5=$(slave_pid 127.0.0.5)
[ -n "$p5" ] || fail "no slave pid for 127.0.0.5"
# Its tasks (notifytest's two regtasks) are its child processes.
# (mandel's workers there may still be exiting: wait for them.)
_two_kids() { kids5=$(pgrep -P "$p5" | tr '\n' ' ');
    [ "$(echo $kids5 | wc -w)" -eq 2 ]; }
wait_secs 5 _two_kids ||
    fail "slave $p5 has processes $kids5, not 2 regtasks"
note "stopping slave 127.0.0.5, pid $p5 (tasks $kids5)"
kill -STOP "$p5"
echo go >&5
exec 5>&-
wait_secs 15 pid_gone $nt_pid || fail "notifytest (127.0.0.5) does not end"
wait $nt_pid
rc=$?
cat "$PVM_TMP/notify.out"
[ $rc -eq 0 ] || fail "notifytest (127.0.0.5) exited $rc"
expect_grep "$PVM_TMP/notify.out" '^notifytest: OK$' "notifies for 127.0.0.5"
three_hosts() { [ "$(conf_hosts)" -eq 3 ]; }
wait_secs 6 three_hosts || { console 'conf\n'; fail "not 3 hosts"; }
kill -CONT "$p5"
wait_secs 10 pid_gone "$p5" ||
    fail "slave $p5 still runs after losing its master"
# shellcheck disable=SC2086
wait_secs 10 _all_gone $kids5 || fail "tasks of 127.0.0.5 still run"
exit 0
