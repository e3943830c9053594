#!/bin/bash
# Copyright (c) 2026 The PVM project authors.
#
# Permission to use, copy, modify, and distribute this software for any
# purpose with or without fee is hereby granted, provided that the above
# copyright notice and this permission notice appear in all copies.
#
# Run the benchmarks side by side: our runtime, PVM 3.4.6 (Debian's pvm
# package, when installed) and Open MPI (when installed); print a table
# of medians with ratios; write bench/results/latest.txt, latest.dat and
# latest.png (gnuplot, when installed).  See bench/README.
#
#	bench/run.sh [-quick] [-install] [-runs N] [-no-pvm346] [-no-mpi]
#
# -quick	sizes up to 1 MB, at most 200 round trips, 3 spawn runs
# -install	apt-get install Open MPI and gnuplot if missing (never in CI)
# -runs N	spawn runs per task count (default 5)
#
# Every daemon is started here in a private PVM_TMP and PVM_VMID and
# stopped by pid at the end; our pvmd is run by path, never from PATH.

set -u

bench_dir=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$(cd "$bench_dir/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
top_builddir=$(cd "$top_builddir" && pwd)
results=$bench_dir/results

quick=0
install=0
runs=5
use_pvm346=1
use_mpi=1
while [ $# -gt 0 ]; do
	case $1 in
	-quick)		quick=1; runs=3 ;;
	-install)	install=1 ;;
	-runs)		[ $# -ge 2 ] || { echo "run.sh: -runs N" >&2; exit 2; }
			runs=$2; shift ;;
	-no-pvm346)	use_pvm346=0 ;;
	-no-mpi)	use_mpi=0 ;;
	*)		sed -n '13,17p' "$0" >&2; exit 2 ;;
	esac
	shift
done
case $runs in
''|*[!0-9]*) echo "run.sh: -runs takes a number" >&2; exit 2 ;;
esac

pp_args=()
coll_reps=200
if [ $quick = 1 ]; then
	pp_args=(-max 1M -reps 200)
	coll_reps=50
fi

# Time limits (seconds): one pingpong or spawn program, one mpirun.
T_PROG=900
T_MPIRUN=300
T_MPISPAWN=30

work=$(mktemp -d "${TMPDIR:-/tmp}/pvmbench.XXXXXX") || exit 1
res=$work/res
mkdir -p "$res" "$results"
# Every process started from here carries this tag in its environment
# (daemons pass it on to their tasks): the cleanup finds them by it.
BENCH_TAG="pvmbench-$$-${work##*.}"
export BENCH_TAG
unset PVMTASKFD PVM_EXPORT PVM_DEBUGGER
ours_pid=""
pvm346_up=0
failed=0

log()
{
	echo "run.sh: $*" >&2
}

pid_alive()
{
	local st

	[ -r "/proc/$1/stat" ] || return 1
	st=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
	[ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}

# PIDs of live processes carrying our tag, this shell excepted.
tagged_pids()
{
	local d p

	for d in /proc/[0-9]*; do
		p=${d#/proc/}
		[ "$p" = $$ ] && continue
		[ "$p" = "${BASHPID:-}" ] && continue
		grep -qzxF "BENCH_TAG=$BENCH_TAG" "$d/environ" 2>/dev/null &&
		    echo "$p"
	done
}

# Kill the given pids: TERM, up to 3 s, then KILL.
kill_pids()
{
	local p i live

	for p in "$@"; do
		pid_alive "$p" && kill -TERM "$p" 2>/dev/null
	done
	for i in $(seq 30); do
		live=""
		for p in "$@"; do
			pid_alive "$p" && live="$live $p"
		done
		[ -z "$live" ] && return 0
		sleep 0.1
	done
	for p in $live; do
		kill -KILL "$p" 2>/dev/null
	done
}

cleanup()
{
	local pids

	trap - EXIT
	[ -n "$ours_pid" ] && kill_pids "$ours_pid"
	[ "$pvm346_up" = 1 ] && pvm346_halt
	pids=$(tagged_pids)
	# shellcheck disable=SC2086
	[ -n "$pids" ] && kill_pids $pids
	if [ $failed = 0 ]; then
		rm -rf "$work"
	else
		log "logs kept in $work"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# wait_for CMD...: poll CMD for up to 10 s.
wait_for()
{
	local i

	for i in $(seq 200); do
		"$@" && return 0
		sleep 0.05
	done
	return 1
}

# --- what is installed ------------------------------------------------
if [ $install = 1 ]; then
	pkgs=""
	command -v mpirun >/dev/null && command -v mpicc >/dev/null ||
	    pkgs="$pkgs openmpi-bin libopenmpi-dev"
	command -v gnuplot >/dev/null || pkgs="$pkgs gnuplot-nox"
	if [ -n "$pkgs" ]; then
		log "installing$pkgs"
		# shellcheck disable=SC2086
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q $pkgs \
		    >"$work/apt.log" 2>&1 || log "apt-get failed: $work/apt.log"
	fi
fi
have_pvm346=0
if [ $use_pvm346 = 1 ] && [ -x /usr/bin/pvm ] && [ -x /usr/bin/pvmd ] &&
    [ -r /usr/include/pvm3.h ]; then
	have_pvm346=1
fi
have_mpi=0
if [ $use_mpi = 1 ] && command -v mpirun >/dev/null &&
    command -v mpicc >/dev/null; then
	have_mpi=1
fi
CC=${CC:-cc}
BENCH_CFLAGS="-O2 -std=gnu11 -D_GNU_SOURCE"

# --- build --------------------------------------------------------------
log "building (make bench in $top_builddir)"
if ! make -C "$top_builddir" -s bench >"$work/build.log" 2>&1; then
	cat "$work/build.log" >&2
	log "make bench failed"
	exit 1
fi
ours_dir=$top_builddir/bench
pvmd=$top_builddir/pvmd/pvmd
[ -x "$pvmd" ] || { log "$pvmd not built"; exit 1; }
if [ $have_pvm346 = 1 ]; then
	mkdir -p "$work/pvm346"
	for p in pingpong spawn coll; do
		# shellcheck disable=SC2086
		$CC $BENCH_CFLAGS -o "$work/pvm346/$p" \
		    "$top_srcdir/bench/$p.c" "$top_srcdir/bench/bench.c" \
		    -I/usr/include -lgpvm3 -lpvm3 2>>"$work/build.log" ||
		    { log "cannot build $p for PVM 3.4.6"; have_pvm346=0; }
	done
	# PVM 3.4.6's groups need its group server, spawned from ep=.
	gs=$(ls /usr/lib/pvm3/lib/pvmgs /usr/lib/pvm3/bin/*/pvmgs 2>/dev/null | head -1)
	[ -n "$gs" ] && ln -sf "$gs" "$work/pvm346/pvmgs"
fi
if [ $have_mpi = 1 ]; then
	# shellcheck disable=SC2086
	for p in mpi_pingpong mpi_coll; do
		# shellcheck disable=SC2086
		mpicc $BENCH_CFLAGS -o "$work/$p" "$top_srcdir/bench/$p.c" \
		    "$top_srcdir/bench/bench.c" 2>>"$work/build.log" ||
		    { log "cannot build $p"; have_mpi=0; }
	done
fi

# run NAME CMD...: run one benchmark under a time limit into $res/NAME.
run()
{
	local name=$1 rc

	shift
	log "$name: $*"
	timeout -k 5 $T_PROG "$@" >"$res/$name" 2>"$res/$name.err"
	rc=$?
	if [ $rc -ne 0 ]; then
		log "$name failed (exit $rc):"
		tail -5 "$res/$name.err" >&2
		failed=1
	fi
	return 0
}

# The ping-pong configurations: name, -enc, -route.
configs="raw:raw:default xdr:default:default ipd:inplace:direct"
configs="$configs ps:psend:default"

pingpong_all()
{
	local impl=$1 exe=$2 c name enc route

	for c in $configs; do
		IFS=: read -r name enc route <<<"$c"
		run "pp.$impl.$name" "$exe/pingpong" -enc "$enc" \
		    -route "$route" -label "$impl" "${pp_args[@]}"
	done
	run "spawn.$impl" "$exe/spawn" -runs "$runs" -label "$impl"
	run "coll.$impl" "$exe/coll" -reps "$coll_reps" -label "$impl"
}

# --- our runtime -----------------------------------------------------
ours_ready()
{
	pid_alive "$ours_pid" &&
	    [ -S "$PVM_TMP/pvm-$(id -u)/pvmd.$PVM_VMID.sock" ]
}

export PVM_TMP=$work/ours PVM_VMID=bench$$
mkdir -p "$PVM_TMP"
echo "* ep=$ours_dir wd=$PVM_TMP" >"$PVM_TMP/hosts"
"$pvmd" -f "$PVM_TMP/hosts" >"$work/ours.log" 2>&1 </dev/null &
ours_pid=$!
if ! wait_for ours_ready; then
	log "our pvmd did not start:"
	tail -20 "$work/ours.log" >&2
	failed=1
	exit 1
fi
pingpong_all ours "$ours_dir"
kill_pids "$ours_pid"
ours_pid=""

# Two hosts: a master on 127.0.0.1 and a slave on 127.0.0.2, started by
# the tests' local stand-in for ssh; the partner or the group members
# go to the other host.
slave_ready()
{
	echo conf | PVM_VMID=$PVM_VMID timeout 10 "$top_builddir/pvm" \
	    2>/dev/null | grep -q '^2 hosts'
}
export PVM_VMID=bench2h$$ PVM_RSH=$top_srcdir/tests/regress/rsh-local
# The virtual machine's CA goes to a private ~/.pvm, not the user's.
real_home=$HOME
export HOME=$work/home
mkdir -m 700 -p "$HOME"
"$pvmd" -n127.0.0.1 -f "$PVM_TMP/hosts" >"$work/ours2h.log" 2>&1 </dev/null &
ours_pid=$!
if wait_for ours_ready &&
    echo "add 127.0.0.2" | timeout 60 "$top_builddir/pvm" \
    >>"$work/ours2h.log" 2>&1 && wait_for slave_ready; then
	for c in $configs; do
		IFS=: read -r name enc route <<<"$c"
		run "pp.ours2h.$name" "$ours_dir/pingpong" -enc "$enc" \
		    -route "$route" -label "ours-2hosts" -host 127.0.0.2 \
		    "${pp_args[@]}"
	done
	run "coll.ours2h" "$ours_dir/coll" -reps "$coll_reps" \
	    -label "ours-2hosts"
	echo halt | timeout 10 "$top_builddir/pvm" >/dev/null 2>&1
else
	log "two-host machine did not start:"
	tail -20 "$work/ours2h.log" >&2
	failed=1
fi
# The slave pvmd too, by its pid file, if halt did not end it.
# shellcheck disable=SC2046
kill_pids "$ours_pid" $(cat "$PVM_TMP/pvm-$(id -u)/pvmd.$PVM_VMID.h2.pid" \
    2>/dev/null)
ours_pid=""
unset PVM_RSH
export HOME=$real_home

# --- PVM 3.4.6 -------------------------------------------------------
pvm346_console()
{
	PVM_TMP=$work/pvm346tmp PVM_VMID=bench$$ PVM_ALLOW_ROOT=1 \
	    PVM_ROOT=/usr/lib/pvm3 timeout -k 2 "$1" /usr/bin/pvm "${@:2}"
}

pvm346_halt()
{
	local pids

	echo halt | pvm346_console 10 >>"$work/pvm346.log" 2>&1
	pvm346_up=0
	pids=$(tagged_pids)
	# shellcheck disable=SC2086
	[ -n "$pids" ] && kill_pids $pids
}

if [ $have_pvm346 = 1 ]; then
	mkdir -p "$work/pvm346tmp"
	echo "* ep=$work/pvm346" >"$work/pvm346tmp/hosts"
	pvm346_up=1
	(cd "$work/pvm346tmp" &&
	    echo quit | pvm346_console 30 "$work/pvm346tmp/hosts") \
	    >"$work/pvm346.log" 2>&1
	if grep -q "pvmd still running" "$work/pvm346.log"; then
		PVM_TMP=$work/pvm346tmp PVM_VMID=bench$$ PVM_ALLOW_ROOT=1 \
		    PVM_ROOT=/usr/lib/pvm3 pingpong_all pvm346 "$work/pvm346"
	else
		log "PVM 3.4.6 did not start:"
		cat "$work/pvm346.log" >&2
		failed=1
	fi
	pvm346_halt
fi

# --- Open MPI ---------------------------------------------------------
mpirun_=(mpirun --allow-run-as-root --oversubscribe)

# mpi_spawn NAME CMD...: time "mpirun -np N CMD" for each N, $runs times;
# print the spawn table.  A run that times out (mpirun of Open MPI 4.1.4
# sometimes never returns here) ends the runs of that N.
mpi_spawn()
{
	local name=$1 n t0 t1

	shift
	echo "# spawn mpi.$name (mpirun -np N $*)"
	echo "# ntasks runs median_ms min_ms median_ms_per_task"
	for n in 1 16 64 256; do
		: >"$work/mpispawn.$n"
		for _ in $(seq "$runs"); do
			t0=$(date +%s%N)
			if ! timeout -k 2 $T_MPISPAWN "${mpirun_[@]}" -np $n \
			    "$@" </dev/null >/dev/null 2>&1; then
				log "mpirun -np $n $*: failed or hung"
				break
			fi
			t1=$(date +%s%N)
			echo $(((t1 - t0) / 1000)) >>"$work/mpispawn.$n"
		done
		sort -n "$work/mpispawn.$n" | awk -v n=$n '
		    { v[NR] = $1 / 1000 }
		    END {
			if (NR == 0) exit
			if (NR % 2) m = v[(NR + 1) / 2]
			else m = (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%d %d %.3f %.3f %.4f\n", n, NR, m, v[1], m / n
		    }'
	done
}

if [ $have_mpi = 1 ]; then
	for btl in shm:self,vader tcp:self,tcp; do
		name=${btl%%:*}
		log "pp.mpi.$name: mpirun -np 2 --mca btl ${btl#*:}"
		timeout -k 5 $T_MPIRUN "${mpirun_[@]}" -np 2 \
		    --mca btl "${btl#*:}" "$work/mpi_pingpong" \
		    -label "mpi-$name" "${pp_args[@]}" \
		    >"$res/pp.mpi.$name" 2>"$res/pp.mpi.$name.err" ||
		    { log "mpi $name exited $?"; failed=1; }
	done
	: >"$res/coll.mpi"
	for n in 2 4 8 16; do
		log "coll.mpi: mpirun -np $n mpi_coll"
		timeout -k 5 $T_MPIRUN "${mpirun_[@]}" -np $n \
		    "$work/mpi_coll" -reps "$coll_reps" >>"$res/coll.mpi" \
		    2>>"$res/coll.mpi.err" ||
		    { log "mpi_coll -np $n exited $?"; failed=1; }
	done
	mpi_spawn init "$work/mpi_pingpong" -initonly >"$res/spawn.mpi.init"
	mpi_spawn true /bin/true >"$res/spawn.mpi.true"
fi

# --- the table ------------------------------------------------------------
# get FILE KEY COLUMN: the value in COLUMN of the row whose first field
# is KEY, "?" if none.
get()
{
	[ -s "$1" ] || { echo "?"; return; }
	awk -v k="$2" -v c="$3" '!/^#/ && $1 == k { print $c; f = 1; exit }
	    END { if (!f) print "?" }' "$1"
}

# coll_get FILE OP N BYTES: the median of that coll line, "?" if none.
coll_get()
{
	[ -s "$1" ] || { echo "?"; return; }
	awk -v o="$2" -v n="$3" -v b="$4" '$1 == o && $2 == n && $3 == b {
	    print $5; f = 1; exit } END { if (!f) print "?" }' "$1"
}

# ratio A B: A/B with 2 decimals, "-" if either is missing or zero.
ratio()
{
	awk -v a="$1" -v b="$2" 'BEGIN {
	    if (a == "?" || b == "?" || b + 0 == 0 || a + 0 == 0) print "-"
	    else printf "%.2f\n", a / b }'
}

# best MODE V...: smallest (min) or largest (max) of the values not "?".
best()
{
	local mode=$1

	shift
	echo "$@" | awk -v m="$mode" '{ b = "?"
	    for (i = 1; i <= NF; i++) if ($i != "?")
		if (b == "?" || (m == "min" && $i + 0 < b + 0) ||
		    (m == "max" && $i + 0 > b + 0)) b = $i
	    print b }'
}

cols="ours.raw ours.xdr ours.ipd ours.ps pvm346.raw pvm346.xdr"
cols="$cols pvm346.ipd pvm346.ps"
cols="$cols mpi.shm mpi.tcp"
sizes="0 8 64 512 4096 32768 262144 1048576 4194304 16777216"
[ $quick = 1 ] && sizes="0 8 64 512 4096 32768 262144 1048576"

# table TITLE COLUMN MODE UNIT-FORMAT
table()
{
	local title=$1 col=$2 mode=$3 s c v vals bo bp
	local hdr="%9s %9s %9s %9s %9s %9s %9s %9s %9s %9s %9s %7s %7s\n"

	echo "$title"
	# shellcheck disable=SC2059,SC2086
	printf "$hdr" bytes $cols "us/pvm" "us/mpi"
	for s in $sizes; do
		vals=""
		for c in $cols; do
			v=$(get "$res/pp.$c" "$s" "$col")
			vals="$vals $v"
		done
		# shellcheck disable=SC2086
		set -- $vals
		bo=$(best $mode "$1" "$2" "$3" "$4")
		bp=$(best $mode "$5" "$6" "$7" "$8")
		# shellcheck disable=SC2059,SC2086
		printf "$hdr" "$s" $vals "$(ratio "$bo" "$bp")" \
		    "$(ratio "$bo" "$9")"
	done
	echo
}

{
	echo "PVM benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "machine: $(nproc) CPU, $(grep -m1 'model name' /proc/cpuinfo |
	    sed 's/.*: //'), Linux $(uname -r)"
	echo "ours: $(git -C "$top_srcdir" rev-parse --short HEAD 2>/dev/null ||
	    echo '?') (working tree); PVM 3.4.6: $([ $have_pvm346 = 1 ] &&
	    dpkg-query -W -f '${Version}' pvm 2>/dev/null || echo 'not run')"
	echo "Open MPI: $([ $have_mpi = 1 ] && mpirun --version 2>/dev/null |
	    head -1 || echo 'not run')"
	echo
	echo "Columns: ours/pvm346 = our runtime / PVM 3.4.6, each with"
	echo "  raw = PvmDataRaw, default route; xdr = PvmDataDefault, default"
	echo "  route; ipd = PvmDataInPlace with PvmRouteDirect; ps ="
	echo "  pvm_psend/pvm_precv of bytes (the receiver names the buffer"
	echo "  first, like MPI_Recv), default route."
	echo "  mpi.shm = Open MPI btl self,vader; mpi.tcp = btl self,tcp."
	echo "  us/pvm = best of ours / best of PVM 3.4.6; us/mpi = best of"
	echo "  ours / mpi.shm.  Latency: below 1 means ours is faster;"
	echo "  bandwidth: above 1 means ours is faster.  Medians of one run."
	echo
	table "One-way latency, median (microseconds)" 3 min
	table "Bandwidth at the median (GB/s)" 5 max
	echo "Spawn and collect the exit of N tasks, median of $runs runs (ms)"
	printf "%7s %10s %10s %10s %10s %8s %8s\n" tasks ours pvm346 \
	    mpi.init mpi.true "us/pvm" "us/mpi"
	for n in 1 16 64 256; do
		o=$(get "$res/spawn.ours" $n 3)
		p=$(get "$res/spawn.pvm346" $n 3)
		m=$(get "$res/spawn.mpi.init" $n 3)
		t=$(get "$res/spawn.mpi.true" $n 3)
		printf "%7s %10s %10s %10s %10s %8s %8s\n" $n "$o" "$p" \
		    "$m" "$t" "$(ratio "$o" "$p")" "$(ratio "$o" "$m")"
	done
	echo "(mpi.init = mpirun -np N of a task that only calls MPI_Init and"
	echo " MPI_Finalize; mpi.true = mpirun -np N /bin/true; us/mpi uses"
	echo " mpi.init; ? = not run, or mpirun timed out after" \
	    "${T_MPISPAWN} s)"
	echo
	echo "Across two hosts (127.0.0.1 and 127.0.0.2, one machine): ours"
	echo "vs Open MPI over TCP (btl self,tcp, loopback)"
	fmt2h="%9s %9s %9s %9s %9s %9s %9s %9s %9s %9s %9s\n"
	# shellcheck disable=SC2059
	printf "$fmt2h" bytes lat.raw lat.ipd lat.ps lat.mpi "lat/mpi" \
	    bw.raw bw.ipd bw.ps bw.mpi "bw/mpi"
	for s in $sizes; do
		lr=$(get "$res/pp.ours2h.raw" "$s" 3)
		li=$(get "$res/pp.ours2h.ipd" "$s" 3)
		lp=$(get "$res/pp.ours2h.ps" "$s" 3)
		lm=$(get "$res/pp.mpi.tcp" "$s" 3)
		br=$(get "$res/pp.ours2h.raw" "$s" 5)
		bi=$(get "$res/pp.ours2h.ipd" "$s" 5)
		bp=$(get "$res/pp.ours2h.ps" "$s" 5)
		bm=$(get "$res/pp.mpi.tcp" "$s" 5)
		# shellcheck disable=SC2059
		printf "$fmt2h" "$s" "$lr" "$li" "$lp" "$lm" \
		    "$(ratio "$(best min "$lr" "$li" "$lp")" "$lm")" \
		    "$br" "$bi" "$bp" "$bm" \
		    "$(ratio "$(best max "$br" "$bi" "$bp")" "$bm")"
	done
	echo
	echo "Group barrier and broadcast (+ an answer from each member),"
	echo "median (microseconds); ours.2h spreads the group over 2 hosts"
	printf "%-14s %6s %10s %10s %10s %10s %8s %8s\n" op ntasks ours \
	    ours.2h pvm346 mpi "us/pvm" "us/mpi"
	for op in "barrier 0" "bcast 8" "bcast 65536"; do
		set -- $op
		for n in 2 4 8 16; do
			o=$(coll_get "$res/coll.ours" "$1" $n "$2")
			o2=$(coll_get "$res/coll.ours2h" "$1" $n "$2")
			p=$(coll_get "$res/coll.pvm346" "$1" $n "$2")
			m=$(coll_get "$res/coll.mpi" "$1" $n "$2")
			printf "%-14s %6s %10s %10s %10s %10s %8s %8s\n" \
			    "$1${2#0}" $n "$o" "$o2" "$p" "$m" \
			    "$(ratio "$o" "$p")" "$(ratio "$o" "$m")"
		done
	done
	echo "(bcast8 = 8 bytes, bcast65536 = 64 KB; the machine has $(nproc)"
	echo " CPUs, so groups larger than that time-share them)"
	echo
	echo "Raw output of each program:"
	for f in "$res"/*; do
		case $f in *.err) continue ;; esac
		echo "== ${f##*/}"
		cat "$f"
	done
} >"$work/latest.txt"
cp "$work/latest.txt" "$results/latest.txt"
sed -n '/^Raw output/q;p' "$results/latest.txt"

# --- the plot -----------------------------------------------------------
{
	echo "# bytes then, per column, median_us and GB/s: $cols"
	for s in $sizes; do
		[ "$s" = 0 ] && continue
		line=$s
		for c in $cols; do
			line="$line $(get "$res/pp.$c" "$s" 3)"
			line="$line $(get "$res/pp.$c" "$s" 5)"
		done
		echo "$line"
	done
} >"$results/latest.dat"

if command -v gnuplot >/dev/null; then
	plot_lat=""
	plot_bw=""
	i=0
	for c in $cols; do
		lc=$((2 + 2 * i))
		bc=$((3 + 2 * i))
		i=$((i + 1))
		[ -s "$res/pp.$c" ] || continue
		dat="'$results/latest.dat'"
		plot_lat="$plot_lat, $dat using 1:$lc w lp title '$c'"
		plot_bw="$plot_bw, $dat using 1:$bc w lp title '$c'"
	done
	ptitle="Ping-pong on one host: ours, PVM 3.4.6, Open MPI"
	ptitle="$ptitle (medians of one run, $(date -u +%Y-%m-%d))"
	if [ -n "$plot_lat" ]; then
		gnuplot >"$work/gnuplot.log" 2>&1 <<EOF ||
set terminal pngcairo size 1400,600 font ",11"
set output '$results/latest.png'
set datafile missing '?'
set multiplot layout 1,2 title "$ptitle"
set logscale xy
set grid
set key top left
set xlabel 'message size (bytes)'
set format x '%.0s%cB'
set ylabel 'one-way latency (us)'
plot ${plot_lat#, }
set key top left
set ylabel 'bandwidth (GB/s)'
plot ${plot_bw#, }
unset multiplot
EOF
		    { log "gnuplot failed"; cat "$work/gnuplot.log" >&2; }
		[ -s "$results/latest.png" ] &&
		    log "wrote $results/latest.txt and latest.png"
	fi
else
	log "gnuplot not installed: no plot (run.sh -install adds it)"
fi
exit $failed
