#!/bin/bash
# Multi-host: four hosts added in one add (started in parallel) get
# DTIDs 80000..140000 and run tasks (the console shows each start); a duplicate or unreachable host is
# refused with its error; delete stops a slave; halt stops every pvmd.
. "$(dirname "$0")/lib.sh"
pvm_test_init multi_add
pvm_multi_init

need_prog "$regress_dir/regtask"
pvmd_start_master
pvm_add_hosts 4
cat "$PVM_TMP/add.out"

# While add waited, the console showed each host's start, before the table.
for i in 2 3 4 5; do
	expect_grep "$PVM_TMP/add.out" \
	    "^127\.0\.0\.$i: starting pvmd: .*rsh-local 127\.0\.0\.$i .* -s$" \
	    "start of 127.0.0.$i shown"
	expect_grep "$PVM_TMP/add.out" \
	    "^127\.0\.0\.$i: pvmd ready at 127\.0\.0\.$i:[0-9]+, linking$" \
	    "127.0.0.$i ready shown"
done
[ "$(grep -n '^4 successful$' "$PVM_TMP/add.out" | cut -d: -f1)" -gt \
    "$(grep -n ': pvmd ready at ' "$PVM_TMP/add.out" | tail -1 | cut -d: -f1)" ] ||
    fail "progress lines after the result table"

# conf: five hosts, each with its own DTID.
console 'conf\n' >"$PVM_TMP/conf" 2>&1
cat "$PVM_TMP/conf"
expect_grep "$PVM_TMP/conf" '^5 hosts, ' "5 hosts in conf"
i=1
for dtid in 40000 80000 c0000 100000 140000; do
	expect_grep "$PVM_TMP/conf" "^ *127\.0\.0\.$i +$dtid +" \
	    "127.0.0.$i is $dtid"
	i=$((i + 1))
done
n=$(awk '$2 ~ /^[0-9a-f]+$/ && $1 ~ /^127\./ { print $2 }' \
    "$PVM_TMP/conf" | sort -u | wc -l)
[ "$n" -eq 5 ] || fail "$n distinct DTIDs, not 5"

# The master ran rsh-local once per host, and each slave runs.
[ "$(wc -l <"$PVM_TMP/rsh.log")" -eq 4 ] ||
    { cat "$PVM_TMP/rsh.log"; fail "not 4 rsh-local runs"; }
for i in 2 3 4 5; do
	grep -q "^127\.0\.0\.$i .*pvmd.* -s" "$PVM_TMP/rsh.log" ||
	    fail "no rsh-local pvmd -s for 127.0.0.$i"
	p=$(slave_pid 127.0.0.$i)
	[ -n "$p" ] || fail "no live slave pvmd for 127.0.0.$i"
	note "slave 127.0.0.$i is pid $p"
done

# Default placement spreads five tasks over the five hosts; each task's
# TID carries the host part of the host ps lists it on.
console 'spawn -5 regtask\nps -a\n' >"$PVM_TMP/ps" 2>&1
cat "$PVM_TMP/ps"
awk '$NF == "regtask" || $4 == "regtask" { print $1, $2 }' "$PVM_TMP/ps" \
    >"$PVM_TMP/tasks"
n=$(cut -d' ' -f1 "$PVM_TMP/tasks" | sort -u | wc -l)
[ "$n" -eq 5 ] || fail "regtasks on $n hosts, not 5"
while read -r host tid; do
	dtid=$(awk -v h="$host" '$1 == h { print $2 }' "$PVM_TMP/conf")
	[ -n "$dtid" ] || fail "ps host $host not in conf"
	[ $(( 0x$tid & 0x3ffc0000 )) -eq $(( 0x$dtid )) ] ||
	    fail "task $tid listed on $host ($dtid)"
done <"$PVM_TMP/tasks"

# A host that is there already.
console 'add 127.0.0.3\n' >"$PVM_TMP/dup" 2>&1
cat "$PVM_TMP/dup"
expect_grep "$PVM_TMP/dup" '^0 successful$' "duplicate add"
expect_grep "$PVM_TMP/dup" \
    "^ *127\.0\.0\.3 +(Duplicate host|Host already in the virtual machine)$" \
    "duplicate host error"

# Hosts whose pvmd cannot start: the remote shell fails (rsh.deny), or
# the program it runs is not a pvmd.
echo 127.0.0.9 >"$PVM_TMP/rsh.deny"
console "add 127.0.0.9 '127.0.0.10 dx=/bin/false'\n" >"$PVM_TMP/bad" 2>&1
cat "$PVM_TMP/bad"
expect_grep "$PVM_TMP/bad" '^0 successful$' "unreachable hosts"
expect_grep "$PVM_TMP/bad" \
    "^ *127\.0\.0\.9 +(Can't start pvmd|Cannot start pvmd)$" \
    "127.0.0.9: can't start"
expect_grep "$PVM_TMP/bad" \
    "^ *127\.0\.0\.10 dx=/bin/false +(Can't start pvmd|Cannot start pvmd)$" \
    "127.0.0.10: can't start"
[ "$(conf_hosts)" -eq 5 ] || fail "failed adds changed conf"

# delete: the host leaves conf, its pvmd and files go away.
p3=$(slave_pid 127.0.0.3)
[ -n "$p3" ] || fail "no slave pid for 127.0.0.3"
slave_files 127.0.0.3
sock3=$slave_sockfile
console 'delete 127.0.0.3\n' >"$PVM_TMP/del" 2>&1
cat "$PVM_TMP/del"
expect_grep "$PVM_TMP/del" '^1 successful$' "delete"
expect_grep "$PVM_TMP/del" '^ *127\.0\.0\.3 +deleted$' "deleted line"
four_hosts() { [ "$(conf_hosts)" -eq 4 ]; }
wait_secs 10 four_hosts || fail "conf does not show 4 hosts after delete"
console 'conf\n' >"$PVM_TMP/conf2" 2>&1
grep -q '^ *127\.0\.0\.3 ' "$PVM_TMP/conf2" &&
    { cat "$PVM_TMP/conf2"; fail "127.0.0.3 still in conf"; }
wait_until pid_gone "$p3" || fail "slave pvmd $p3 still running"
wait_until test ! -S "$sock3" || fail "$sock3 left behind"
console 'delete 127.0.0.3\n' >"$PVM_TMP/del2" 2>&1
cat "$PVM_TMP/del2"
expect_grep "$PVM_TMP/del2" '^0 successful$' "second delete"
expect_grep "$PVM_TMP/del2" '^ *127\.0\.0\.3 +No such host$' \
    "second delete: no such host"

# A console on a slave adds the host again: the request and its
# progress go through the master and back.
PVM_VMID=$PVM_VMID.h2 timeout 60 "$pvm_console" \
    <<<'add 127.0.0.3' >"$PVM_TMP/readd" 2>&1
cat "$PVM_TMP/readd"
expect_grep "$PVM_TMP/readd" '^1 successful$' "add from a slave"
expect_grep "$PVM_TMP/readd" "^127\.0\.0\.3: pvmd ready at " \
    "progress relayed to a slave's console"

# halt: every pvmd exits and removes its socket.
pids=$(pvmd_pids)
[ "$(echo $pids | wc -w)" -eq 5 ] || fail "pvmds running: $pids, not 5"
console 'halt\n' >"$PVM_TMP/halt" 2>&1
for p in $pids; do
	wait_until pid_gone "$p" || fail "pvmd $p still running after halt"
done
no_socks() { ! ls "$pvm_dir"/*.sock >/dev/null 2>&1; }
wait_until no_socks || { ls -l "$pvm_dir"; fail "sockets left after halt"; }
exit 0
