#!/bin/bash
# PVM's spmd and timing examples from source on four hosts (the master
# on 127.0.0.1, slaves on 127.0.0.2-4 started through rsh-local), every
# host's ep= the directory they are compiled in.  spmd: 4 copies
# spawned with the default placement land on several hosts and still
# pass the token around their ring.  timing: its slave runs on another
# host than timing itself, and every round trip and bandwidth test
# crosses the daemon link.
. "$(dirname "$0")/lib.sh"
compat_init multi_examples
pvm_multi_init

need_prog "$apitest"
compat_build spmd timing timing_slave
# pvm_multi_init wrote its own host file: the examples' directory only.
compat_hostfile "$compat_bin"
LD_LIBRARY_PATH=$ourlibs LD_DEBUG=libs LD_DEBUG_OUTPUT=$PVM_TMP/ld \
    pvmd_start_master
pvm_add_hosts 3

# hostpart TID: the host part (hex) of a TID given in hex or decimal.
hostpart()
{
	printf '%x' $(( $1 & 0x3ffc0000 ))
}

# --- spmd ---
compat_run "$PVM_TMP/spmd.out" "$apitest" run 4 spmd
rc=$?
cat "$PVM_TMP/spmd.out"
[ $rc -eq 0 ] || fail "apitest run 4 spmd exited $rc"
expect_grep "$PVM_TMP/spmd.out" \
    "^\[t[0-9a-f]+\] Pass a token through the +4 tid ring:" \
    "ring announcement"
expect_grep "$PVM_TMP/spmd.out" "^\[t[0-9a-f]+\] token ring done" \
    "ring done"
# The ring's TIDs, printed in decimal by spmd ("%6d -> "): four of
# them, on at least three hosts.
sed -n '/Pass a token/,/token ring done/p' "$PVM_TMP/spmd.out" |
    sed 's/^\[t[0-9a-f]*\]//' | grep -Eo '[0-9]{5,}' | sort -u \
    >"$PVM_TMP/ring"
[ "$(wc -l <"$PVM_TMP/ring")" -eq 4 ] ||
    { cat "$PVM_TMP/ring"; fail "not 4 TIDs in the ring"; }
while read -r tid; do
	hostpart "$tid"
	echo
done <"$PVM_TMP/ring" | sort -u >"$PVM_TMP/ringhosts"
n=$(wc -l <"$PVM_TMP/ringhosts")
note "spmd ring on $n hosts: $(tr '\n' ' ' <"$PVM_TMP/ringhosts")"
[ "$n" -ge 3 ] || fail "the spmd ring is on $n hosts, not 3 or more"

# --- timing ---
# timing_multi_check OUT: every test ran to the end (timing always
# exits 1); the slave's TID is in TIMING_SLAVE, timing's in TIMING_SELF.
timing_multi_check()
{
	local out=$1 n

	expect_grep "$out" "^i'm t[0-9a-f]+$" "timing's TID"
	expect_grep "$out" "^slave is task t[0-9a-f]+$" "slave started"
	expect_grep "$out" "^RTT Avg uSec [0-9]+$" "round trips"
	n=$(grep -c "^Message size" "$out")
	[ "$n" = 5 ] || fail "$n of 5 bandwidth tests"
	expect_grep "$out" "^Message size 1000000$" "1 MB messages"
	expect_grep "$out" "^done$" "the end"
	grep -q "can't\|error" "$out" && fail "timing reported an error"
	TIMING_SELF=0x$(sed -n "s/^i'm t//p" "$out" | head -1)
	TIMING_SLAVE=0x$(sed -n 's/^slave is task t//p' "$out" | head -1)
	return 0
}

# timing by hand runs on the master; its one slave goes where the
# default placement puts it.  The placement goes round the hosts, so
# within four runs the slave must land on another host at least once.
remote=0
for run in 1 2 3 4; do
	compat_run "$PVM_TMP/timing.$run" "$compat_bin/timing"
	rc=$?
	cat "$PVM_TMP/timing.$run"
	[ $rc -eq 124 ] && fail "timing hung (run $run)"
	timing_multi_check "$PVM_TMP/timing.$run"
	self=$(hostpart "$TIMING_SELF")
	slave=$(hostpart "$TIMING_SLAVE")
	note "run $run: timing on host $self, its slave on host $slave"
	[ "$self" = 40000 ] || fail "timing run by hand is not on the master"
	if [ "$slave" != "$self" ]; then
		remote=1
		break
	fi
done
[ $remote -eq 1 ] ||
    fail "timing's slave never left the master's host in 4 runs"

# timing itself on a slave host (spawned there from the console), with
# its slave placed by the slave's pvmd.
console "spawn -127.0.0.3 -> timing\n" >"$PVM_TMP/timing.remote" 2>&1
sed -n 's/^\[[0-9]*:t[0-9a-f]*\] //p' "$PVM_TMP/timing.remote" \
    >"$PVM_TMP/timing.remote.out"
cat "$PVM_TMP/timing.remote"
timing_multi_check "$PVM_TMP/timing.remote.out"
self=$(hostpart "$TIMING_SELF")
[ "$self" = c0000 ] || fail "timing spawned on 127.0.0.3 is on host $self"
note "timing on 127.0.0.3: its slave on host $(hostpart "$TIMING_SLAVE")"

# apitest, 4 spmd, at least two timing and their slaves, all on our
# libpvm3.
compat_check_loaded 9
exit 0
