#!/bin/bash
# Multi-host manual start (so=ms): the master runs no remote shell; it
# writes the new host's configuration to a 0600 file, logs the command
# to run there and the console prints it while add waits.  The test
# plays the user: it reads the command from the console
# and runs it (the "other host" is a loopback address); the slave links
# to the master and the add succeeds.  A configuration file that others
# may read is refused.
. "$(dirname "$0")/lib.sh"
pvm_test_init multi_manual
pvm_multi_init

pvmd_start_master
out=$PVM_TMP/add.out
printf "add '127.0.0.2 so=ms'\n" | timeout 60 "$pvm_console" >"$out" 2>&1 &
console_pid=$!
pvm_track $console_pid

# The console prints the command while add still waits.
cmd_shown() { grep -q '^127\.0\.0\.2: manual start: .* run there: ' "$out"; }
wait_secs 20 cmd_shown || { cat "$out"; fail "the console shows no command"; }
cmd=$(sed -n 's/^127\.0\.0\.2: manual start: .* run there: \(.* -S [^ ]*\)$/\1/p' \
    "$out" | head -1)
grep -q 'manual start: run on 127\.0\.0\.2: ' "$pvm_outfile" ||
    fail "no manual start command in the master's log"
note "command: $cmd"
file=${cmd##* -S }
[ -f "$file" ] || fail "configuration file $file missing"
[ "$(stat -c %a "$file")" = 600 ] || fail "$file is not mode 0600"
[ ! -s "$PVM_TMP/rsh.log" ] || fail "the master ran a remote shell"

# A copy others may read is refused, and left alone.
cp "$file" "$PVM_TMP/open.conf"
chmod 644 "$PVM_TMP/open.conf"
if "${cmd% -S *}" -S "$PVM_TMP/open.conf" >"$PVM_TMP/open.out" 2>&1; then
	fail "pvmd -S accepted a mode 0644 file"
fi
cat "$PVM_TMP/open.out"
expect_grep "$PVM_TMP/open.out" "0600" "mode 0644 refused"
[ -f "$PVM_TMP/open.conf" ] || fail "the refused file was deleted"

# Play the user: run the command "there".
# shellcheck disable=SC2086
$cmd >"$PVM_TMP/slave.out" 2>&1 || { cat "$PVM_TMP/slave.out"; fail "$cmd failed"; }
[ ! -e "$file" ] || fail "pvmd -S did not delete $file"
wait_secs 30 pid_gone $console_pid || fail "add still waiting"
cat "$out"
expect_grep "$out" '^1 successful$' "manual add"
expect_grep "$out" '^ *127\.0\.0\.2 so=ms +80000$' "DTID of 127.0.0.2"
[ "$(conf_hosts)" -eq 2 ] || fail "conf does not show 2 hosts"
p=$(slave_pid 127.0.0.2)
[ -n "$p" ] || fail "no slave pvmd for 127.0.0.2"

# The new host runs tasks.
need_prog "$regress_dir/regtask"
console 'spawn -127.0.0.2 regtask\nps -a\n' >"$PVM_TMP/ps" 2>&1
cat "$PVM_TMP/ps"
expect_grep "$PVM_TMP/ps" '^ *127\.0\.0\.2 +8[0-9a-f]{4} ' "a task on 127.0.0.2"

console 'halt\n' >/dev/null 2>&1
wait_until pid_gone "$p" || fail "slave pvmd $p still running after halt"
exit 0
