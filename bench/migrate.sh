#!/bin/bash
# bench/migrate.sh: migration downtime between two loopback hosts for
# tasks of 1, 100 and 1000 MB of heap (issue 6, item 6), and the time
# to move 16 tasks of 8 MB off a host one after the other.
#
#	top_builddir=BUILD bench/migrate.sh [MB ...]
#
# Downtime is from the moment the source pvmd freezes the task ("frozen
# for host", once the target made its memory ready while the task ran
# on) to the moment the target lets it run ("arrived from host"),
# both taken from the daemons' logs (one clock: loopback hosts).  The
# image size is what the source sent.  Not a pass/fail test.
here=$(cd "$(dirname "$0")" && pwd)
: "${top_builddir:=$(cd "$here/.." && pwd)}"
export top_builddir
. "$here/../tests/regress/lib.sh"
pvm_test_init bench_migrate
pvm_multi_init
# migtest, the skips, tid_of and steps_in: the same as the tests'.
. "$here/../tests/regress/migrate_lib.sh"
sizes=${*:-1 100 1000}

pvmd_start_master
pvm_add_hosts 1
slog=$pvm_outfile
tlog=$pvm_dir/pvmd.$PVM_VMID.h2.log

# ms HH:MM:SS.mmm -> milliseconds since midnight
ms()
{
	local t=$1
	echo $(( (10#${t:0:2} * 3600 + 10#${t:3:2} * 60 + 10#${t:6:2}) * 1000 +
	    10#${t:9:3} ))
}

printf '%-8s %12s %12s %10s\n' "STATE" "IMAGE" "DOWNTIME" "RATE"
for mb in $sizes; do
	out=$PVM_TMP/run.$mb
	console "spawn -$PVM_MASTER_ADDR migtest $out 100000 $mb\n" \
	    >/dev/null 2>&1
	POLL_MAX=1200 wait_until steps_in "$out" 1 || fail "migtest $mb MB"
	tid=$(tid_of "$out")
	console "migrate t$tid 127.0.0.2\n" >"$PVM_TMP/m.$mb" 2>&1
	grep -q "migrated" "$PVM_TMP/m.$mb" || {
		cat "$PVM_TMP/m.$mb"; fail "move of $mb MB"; }
	# The console hears "migrated" a little before the target logs
	# that the task runs.
	wait_until grep -q "t$tid: arrived from host" "$tlog" ||
	    fail "no arrival of t$tid in $tlog"
	t0=$(grep "t$tid: frozen for host" "$slog" | tail -1 | awk '{print $2}')
	t1=$(grep "t$tid: arrived from host" "$tlog" | tail -1 | awk '{print $2}')
	bytes=$(grep "t$tid: moved to host" "$slog" | tail -1 |
	    sed 's/.*host [0-9]*, \([0-9]*\) bytes.*/\1/')
	d=$(( $(ms "$t1") - $(ms "$t0") ))
	[ "$d" -gt 0 ] || d=1
	printf '%-8s %10d M %10d ms %7d MB/s\n' "$mb MB" \
	    $(( bytes / 1048576 )) "$d" $(( bytes / 1048576 * 1000 / d ))
	console "kill t$tid\n" >/dev/null 2>&1
	for p in $(sed -n 's/^step [0-9]* pid //p' "$out" | sort -u); do
		kill "$p" 2>/dev/null
	done
done

# Drain: 16 tasks of 8 MB moved off the master one after the other.
: >"$PVM_TMP/tids"
for i in $(seq 1 16); do
	console "spawn -$PVM_MASTER_ADDR migtest $PVM_TMP/d.$i 100000 8\n" \
	    >/dev/null 2>&1
done
for i in $(seq 1 16); do
	POLL_MAX=1200 wait_until steps_in "$PVM_TMP/d.$i" 1 || fail "task $i"
	echo "migrate t$(tid_of "$PVM_TMP/d.$i") 127.0.0.2" >>"$PVM_TMP/tids"
done
start=$(date +%s%N)
( cat "$PVM_TMP/tids"; echo quit ) | timeout 300 "$pvm_console" \
    >"$PVM_TMP/drain" 2>&1
end=$(date +%s%N)
n=$(grep -c migrated "$PVM_TMP/drain")
printf 'drain    %d of 16 tasks of 8 MB moved in %d ms\n' "$n" \
    $(( (end - start) / 1000000 ))
for i in $(seq 1 16); do
	for p in $(sed -n 's/^step [0-9]* pid //p' "$PVM_TMP/d.$i" | sort -u); do
		kill "$p" 2>/dev/null
	done
done
exit 0
