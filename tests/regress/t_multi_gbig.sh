#!/bin/bash
# Barriers and collectives of 32 tasks on 4 hosts (see
# tests/regress/gbigtest.c): barriers run in the tree of pvmds
# (pvmd/group_tree.c), never as one request per member to the master.
# Each pvmd logs how many tree frames it sent per released round; a
# barrier of all members costs each pvmd at most 2 UPs and 2 RELEASEs,
# whatever the number of members, so the total is O(hosts) frames and
# O(log hosts) steps.  The master must see no BARRIER request of a
# task of another host.
. "$(dirname "$0")/lib.sh"
pvm_test_init multi_gbig
pvm_multi_init

prog=$regress_dir/gbigtest
need_prog "$prog"
pvmd_start_master -d
pvm_add_hosts 3

out=$PVM_TMP/gbig.out
timeout 120 "$prog" 127.0.0.1 127.0.0.2 127.0.0.3 127.0.0.4 >"$out" 2>&1
rc=$?
cat "$out"
[ $rc -eq 0 ] || fail "gbigtest exited $rc"
expect_grep "$out" '^gbigtest: OK$' "gbigtest OK"
pid_alive "$MASTER_PID" || fail "master pvmd died"

# examples/spmd_mpi with its ranks spread over the 4 hosts.
if [ -x "$examples_dir/spmd_mpi" ]; then
	timeout 60 "$examples_dir/spmd_mpi" 12 5 >"$PVM_TMP/spmd.out" 2>&1 ||
	    { cat "$PVM_TMP/spmd.out"; fail "spmd_mpi 12 5 failed"; }
	expect_grep "$PVM_TMP/spmd.out" '^spmd_mpi: 12 tasks, .*: OK$' \
	    "spmd over 4 hosts"
fi

# Per pvmd and round of group "big": frames sent for the tree.
logs="$pvm_outfile"
for a in 127.0.0.2 127.0.0.3 127.0.0.4; do
	slave_files "$a" || fail "no host $a"
	logs="$logs $slave_log"
done
rounds=0
for l in $logs; do
	[ -r "$l" ] || fail "no log $l"
	n=$(grep -c 'group "big" round [0-9]*: [0-9]* tree frames' "$l")
	[ "$n" -ge 7 ] || fail "$l: $n released rounds of big, want >= 7"
	rounds=$((rounds + n))
	# Round 0 waits while members still join: each join that completes
	# a subtree again sends one more UP.  The others are steady.
	max=$(sed -n 's/.*group "big" round [1-9][0-9]*: \([0-9]*\) tree frames.*/\1/p' "$l" | sort -n | tail -1)
	note "$l: $n rounds, at most $max tree frames per round"
	if [ "$max" -gt 4 ]; then
		grep 'tree frames' "$l"
		fail "$l: $max tree frames in one round"
	fi
done
if grep -q 'barrier "big"' "$pvm_outfile" &&
    grep 'barrier "big"' "$pvm_outfile" | grep -qv '^.*t4[0-9a-f]\{4\}:'; then
	grep 'barrier "big"' "$pvm_outfile" | grep -v 't4[0-9a-f]\{4\}:' | head -3
	fail "the master saw barriers of tasks of other hosts"
fi
exit 0
