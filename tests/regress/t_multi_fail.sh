#!/bin/bash
# Multi-host: a slave pvmd killed with SIGKILL is noticed by the
# heartbeat (dead after 3 s by default): within 6 s it leaves conf and
# its tasks leave ps; the other hosts keep working, and the host can be
# added again (under a new host number: numbers are never reused).
. "$(dirname "$0")/lib.sh"
pvm_test_init multi_fail
pvm_multi_init

need_prog "$regress_dir/regtask"
pvmd_start_master
pvm_add_hosts 3

# A waiting regtask on every host.
for h in 127.0.0.1 127.0.0.2 127.0.0.3 127.0.0.4; do
	console "spawn -$h regtask\n" >"$PVM_TMP/spawn.$h" 2>&1
	expect_grep "$PVM_TMP/spawn.$h" '^t[0-9a-f]+$' "spawn on $h"
done
console 'ps -a\n' >"$PVM_TMP/ps" 2>&1
cat "$PVM_TMP/ps"
for h in 127.0.0.1 127.0.0.2 127.0.0.3 127.0.0.4; do
	expect_grep "$PVM_TMP/ps" "^ *${h//./\\.} +[0-9a-f]+ .*regtask *$" \
	    "regtask on $h"
done

p3=$(slave_pid 127.0.0.3)
[ -n "$p3" ] || fail "no slave pid for 127.0.0.3"
note "killing slave 127.0.0.3, pid $p3"
kill -KILL "$p3"
wait_until pid_gone "$p3" || fail "slave $p3 survived SIGKILL"

host3_gone()
{
	console 'conf\nps -a\n' >"$PVM_TMP/after" 2>&1
	! grep -q '^ *127\.0\.0\.3 ' "$PVM_TMP/after" &&
	    ! grep -Eq ' c[0-9a-f]{4} ' "$PVM_TMP/after"
}
wait_secs 6 host3_gone ||
    { cat "$PVM_TMP/after"; fail "127.0.0.3 or its tasks still listed"; }
cat "$PVM_TMP/after"
expect_grep "$PVM_TMP/after" '^3 hosts, ' "3 hosts left"
expect_grep "$PVM_TMP/after" '^ *127\.0\.0\.4 +[0-9a-f]+ .*regtask *$' \
    "the regtask of 127.0.0.4 still runs"

# The others still spawn, and output comes back through spawn ->.
for h in 127.0.0.1 127.0.0.2 127.0.0.4; do
	console "spawn -$h -> regtask print 2\n" >"$PVM_TMP/print.$h" 2>&1
	cat "$PVM_TMP/print.$h"
	expect_grep "$PVM_TMP/print.$h" '\] line 2$' "output from $h"
done
dtid2=$(host_dtid 127.0.0.2)
[ "$dtid2" = 80000 ] || fail "127.0.0.2 is $dtid2, not 80000"
expect_grep "$PVM_TMP/print.127.0.0.2" 't8[0-9a-f]{4}\] line 1$' \
    "the task on 127.0.0.2 is t8xxxx"

# The lost host can join again, as host 5.
console 'add 127.0.0.3\n' >"$PVM_TMP/readd" 2>&1
cat "$PVM_TMP/readd"
expect_grep "$PVM_TMP/readd" '^1 successful$' "add 127.0.0.3 again"
expect_grep "$PVM_TMP/readd" '^ *127\.0\.0\.3 +140000$' \
    "127.0.0.3 is host 5 now"
[ "$(conf_hosts)" -eq 4 ] || fail "not 4 hosts after the new add"
console "spawn -127.0.0.3 -> regtask print 2\n" >"$PVM_TMP/print.new" 2>&1
cat "$PVM_TMP/print.new"
expect_grep "$PVM_TMP/print.new" 't14[0-9a-f]{4}\] line 2$' \
    "output from the new 127.0.0.3"
exit 0
