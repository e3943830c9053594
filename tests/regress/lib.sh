# Copyright (c) 2026 The PVM project authors.
#
# Permission to use, copy, modify, and distribute this software for any
# purpose with or without fee is hereby granted, provided that the above
# copyright notice and this permission notice appear in all copies.
#
# Helpers for the regress tests; sourced by every t_*.sh (bash).
#
# A test calls pvm_test_init NAME first.  That gives it a private
# PVM_TMP (mktemp -d) and PVM_VMID, a host file whose ep= points at the
# built examples and test programs, and an EXIT trap that kills, by PID,
# every process the test started (daemons, consoles, spawned tasks) and
# removes the temporary directory.  Daemons are always our own pvmd, run
# by path: /usr/bin/pvmd is PVM 3.4's.
#
# Waits are bounded polls on an event (a file appears, a process ends),
# never fixed sleeps.

set -u

_lib_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${top_srcdir:=$(cd "$_lib_dir/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
top_srcdir=$(cd "$top_srcdir" && pwd)
top_builddir=$(cd "$top_builddir" && pwd)
export top_srcdir top_builddir

# The daemon: $top_builddir/pvmd, or pvmd/pvmd when the program is built
# in its source directory's name.
pvmd=$top_builddir/pvmd
[ -f "$pvmd" ] || pvmd=$top_builddir/pvmd/pvmd
pvm_console=$top_builddir/pvm
examples_dir=$top_builddir/examples
regress_dir=$top_builddir/tests/regress
badpeer=$regress_dir/badpeer
apitest=$regress_dir/apitest

# Polling interval and the number of polls before giving up (10 s).
POLL_INTERVAL=0.05
POLL_MAX=200

_test_pids=""

# Print a message and fail the test.
fail()
{
	echo "FAIL: $*" >&2
	exit 1
}

# Note a line in the test log.
note()
{
	echo "# $*"
}

# Skip the test (automake's code 77).
skip()
{
	echo "SKIP: $*"
	_test_skip=1
	exit 77
}

# Remember a PID to kill when the test ends.
pvm_track()
{
	_test_pids="$_test_pids $1"
}

# Whether a process exists and is not a zombie.
pid_alive()
{
	local st

	[ -r "/proc/$1/stat" ] || return 1
	st=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
	[ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}

# wait_until CMD...: poll until CMD succeeds; 1 if it never does.
wait_until()
{
	local i=0

	while [ $i -lt $POLL_MAX ]; do
		if "$@"; then
			return 0
		fi
		sleep $POLL_INTERVAL
		i=$((i + 1))
	done
	return 1
}

pid_gone()
{
	! pid_alive "$1"
}

# Set the paths of the current PVM_VMID's socket, pid and log files.
pvm_paths()
{
	pvm_dir=$PVM_TMP/pvm-$(id -u)
	pvm_sock=$pvm_dir/pvmd.$PVM_VMID.sock
	pvm_pidfile=$pvm_dir/pvmd.$PVM_VMID.pid
	pvm_logfile=$pvm_dir/pvmd.$PVM_VMID.log
	pvm_outfile=$PVM_TMP/pvmd.$PVM_VMID.out
}

# Switch to another virtual machine id (the same PVM_TMP).
pvm_use_vmid()
{
	PVM_VMID=$1
	export PVM_VMID
	pvm_paths
}

# pvm_test_init NAME: private PVM_TMP, PVM_VMID, host file, cleanup trap.
pvm_test_init()
{
	local name=$1

	TEST_NAME=$name
	PVM_TMP=$(mktemp -d "${TMPDIR:-/tmp}/pvmreg.XXXXXX") ||
	    fail "mktemp -d"
	# Every process started from here on carries this in its
	# environment (pvmd passes its own to spawned tasks), which is
	# how the cleanup finds them.
	PVM_TEST_TAG="pvmreg-$$-$name-${PVM_TMP##*.}"
	export PVM_TMP PVM_TEST_TAG
	unset PVMTASKFD PVM_EXPORT PVM_DEBUGGER
	trap pvm_cleanup EXIT
	trap 'exit 129' HUP
	trap 'exit 130' INT
	trap 'exit 143' TERM
	pvm_use_vmid "t$$-$(echo "$name" | tr -c 'A-Za-z0-9._\n-' _)"

	hostfile=$PVM_TMP/hosts
	echo "* ep=$examples_dir:$regress_dir:/usr/bin wd=$PVM_TMP" \
	    >"$hostfile"
	note "test $name: PVM_TMP=$PVM_TMP PVM_VMID=$PVM_VMID"
	[ -x "$pvmd" ] || fail "$pvmd not built"
}

# PIDs of live processes whose environment carries our tag.
_tagged_pids()
{
	local d p

	for d in /proc/[0-9]*; do
		p=${d#/proc/}
		[ "$p" = $$ ] && continue
		[ "$p" = "${BASHPID:-}" ] && continue
		grep -qzxF "PVM_TEST_TAG=$PVM_TEST_TAG" "$d/environ" \
		    2>/dev/null && echo "$p"
	done
}

_all_gone()
{
	local p

	for p in "$@"; do
		pid_alive "$p" && return 1
	done
	return 0
}

# Kill our processes: TERM, a bounded wait, then KILL.
_kill_pids()
{
	local p live=""

	for p in "$@"; do
		if pid_alive "$p"; then
			kill -TERM "$p" 2>/dev/null
			live="$live $p"
		fi
	done
	[ -z "$live" ] && return 0
	POLL_MAX=60 wait_until _all_gone $live && return 0
	for p in $live; do
		pid_alive "$p" && kill -KILL "$p" 2>/dev/null
	done
	return 0
}

# The EXIT trap: show logs on failure, kill everything, remove PVM_TMP.
pvm_cleanup()
{
	local rc=$? f pids

	trap - EXIT
	if [ $rc -ne 0 ] && [ "${_test_skip:-0}" != 1 ] &&
	    [ -d "${PVM_TMP:-}" ]; then
		for f in "$PVM_TMP"/*.out "$PVM_TMP"/pvm-*/*.log; do
			[ -s "$f" ] || continue
			echo "--- $f (last 40 lines)"
			tail -n 40 "$f"
		done
	fi
	_kill_pids $_test_pids
	pids=$(_tagged_pids)
	# shellcheck disable=SC2086
	[ -n "$pids" ] && _kill_pids $pids
	pids=$(_tagged_pids)
	[ -n "$pids" ] && echo "# left running after KILL: $pids"
	case "${PVM_TMP:-}" in
	*/pvmreg.*)
		chmod -R u+rwx "$PVM_TMP" 2>/dev/null
		[ -n "${PVM_KEEP_TMP:-}" ] || rm -rf "$PVM_TMP"
		;;
	esac
	exit $rc
}

# Whether the socket of the current PVM_VMID exists.
sock_exists()
{
	[ -S "$pvm_sock" ]
}

# The pid in the current pid file, empty if none.
pidfile_pid()
{
	local p=""

	[ -r "$pvm_pidfile" ] && read -r p <"$pvm_pidfile"
	echo "${p//[^0-9]/}"
}

# pvmd_start [ARGS...]: run our pvmd in the foreground (-f) as a
# background job of the test, wait until its socket and pid file are
# there; sets PVMD_PID.
pvmd_start()
{
	local pid

	"$pvmd" -f "$@" "$hostfile" >>"$pvm_outfile" 2>&1 </dev/null &
	pid=$!
	# No job notices ("Killed") in the test log; pid_alive still works.
	disown $pid
	pvm_track $pid
	if ! wait_until _pvmd_ready $pid; then
		pid_alive $pid || fail "pvmd exited at startup"
		[ "$(pidfile_pid)" = "$pid" ] ||
		    fail "pid file says $(pidfile_pid), pvmd is $pid"
		fail "pvmd $pid does not listen on $pvm_sock"
	fi
	pid_alive $pid || fail "pvmd exited at startup"
	PVMD_PID=$pid
	note "pvmd $PVMD_PID up for $PVM_VMID"
}

_pvmd_ready()
{
	pid_alive "$1" || return 0
	[ "$(pidfile_pid)" = "$1" ] && sock_exists || return 1
	# A stale socket may still be there: someone must listen on it.
	[ -x "$badpeer" ] || return 0
	"$badpeer" -c 2>/dev/null
}

# pvmd_wait_exit PID: wait until the daemon is gone; fail if it is not.
pvmd_wait_exit()
{
	wait_until pid_gone "$1" || fail "pvmd $1 still running"
}

# pvm_enroll: a raw protocol HELLO on the socket must get a TID.
pvm_enroll()
{
	timeout 20 "$badpeer" -e >>"$PVM_TMP/enroll.out" 2>&1 ||
	    { cat "$PVM_TMP/enroll.out"; return 1; }
}

# console CMDS: feed the console CMDS (printf format) on stdin.
console()
{
	[ -x "$pvm_console" ] || fail "console $pvm_console not built"
	printf "$1" | timeout 20 "$pvm_console"
}

# expect_grep FILE ERE WHAT: fail unless FILE has a line matching ERE.
expect_grep()
{
	if ! grep -Eq -- "$2" "$1"; then
		echo "--- $1:"
		cat "$1"
		fail "$3: no line matching /$2/"
	fi
}

# san_foreign: when our libpvm3 is built with AddressSanitizer, programs
# that were not (PVM's prebuilt examples, sources compiled by the compat
# tests) can only load it with the sanitizer runtimes preloaded.  Export
# that preload, inherited by pvmd and every task it spawns, with leak
# checking off: those programs' own leaks are not ours to report.
san_foreign()
{
	local lib=$top_builddir/.libs/libpvm3.so.3 asan ubsan

	[ -r "$lib" ] || return 0
	readelf -d "$lib" 2>/dev/null | grep -q 'libasan' || return 0
	asan=$(gcc -print-file-name=libasan.so)
	ubsan=$(gcc -print-file-name=libubsan.so)
	LD_PRELOAD="$asan $ubsan${LD_PRELOAD:+ $LD_PRELOAD}"
	ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
	export LD_PRELOAD ASAN_OPTIONS
	note "sanitizer build: preloading $asan $ubsan"
}

# need_prog PATH: fail clearly if a test program is missing.
need_prog()
{
	[ -x "$1" ] || fail "$1 not built (make check builds it)"
}

# --- multi-host tests ------------------------------------------------
#
# Several pvmds run on this machine, each on its own loopback address:
# the master on 127.0.0.1 (host 1, DTID 40000), slaves on 127.0.0.2,
# 127.0.0.3... (hosts 2, 3...: DTIDs 80000, c0000...).  The master
# starts them through PVM_RSH=rsh-local, which runs "pvmd -s" here with
# the test's environment, so the EXIT trap finds them by PVM_TEST_TAG.
# A slave's socket, pid and log files are those of VMID "$PVM_VMID.hN"
# (N its host number) in the same $PVM_TMP/pvm-UID directory.

PVM_MASTER_ADDR=127.0.0.1

# pvm_multi_init: after pvm_test_init: rsh-local as PVM_RSH, a private
# HOME (so the VM's CA in ~/.pvm is the test's own), and the host file.
pvm_multi_init()
{
	PVM_RSH=$_lib_dir/rsh-local
	[ -x "$PVM_RSH" ] || fail "$PVM_RSH is not executable"
	HOME=$PVM_TMP/home
	mkdir -m 700 "$HOME" || fail "mkdir $HOME"
	export PVM_RSH HOME
	# The master's host file: only defaults, which apply to the hosts
	# added later as well.
	echo "* ep=$examples_dir:$regress_dir:/usr/bin wd=$PVM_TMP" \
	    >"$hostfile"
	note "multi-host: PVM_RSH=$PVM_RSH HOME=$HOME"
}

# pvmd_start_master [ARGS...]: the master pvmd on 127.0.0.1, like
# pvmd_start; sets MASTER_PID (and PVMD_PID).
pvmd_start_master()
{
	pvmd_start "-n$PVM_MASTER_ADDR" "$@"
	MASTER_PID=$PVMD_PID
}

# multi_skip_notimpl FILE: skip the test if FILE, the output of an
# add command, says the pvmd cannot add hosts.
multi_skip_notimpl()
{
	if grep -qi 'not implemented' "$1"; then
		cat "$1"
		skip "this pvmd does not implement adding hosts"
	fi
}

# pvm_add_hosts N: add 127.0.0.2 .. 127.0.0.(N+1) with one console add
# (their pvmds start in parallel); fail unless all N were added.  The
# console's output is in $PVM_TMP/add.out.
pvm_add_hosts()
{
	local n=$1 i hosts="" out=$PVM_TMP/add.out

	for i in $(seq 2 $((n + 1))); do
		hosts="$hosts 127.0.0.$i"
	done
	console "add$hosts\n" >"$out" 2>&1
	multi_skip_notimpl "$out"
	if ! grep -qx "$n successful" "$out"; then
		cat "$out"
		fail "add$hosts: not $n successful"
	fi
	for i in $(seq 2 $((n + 1))); do
		expect_grep "$out" "^ *127\.0\.0\.$i +[0-9a-f]+$" \
		    "DTID of 127.0.0.$i"
	done
	note "added$hosts"
}

# host_dtid ADDR: the DTID (hex, no 0x) of host ADDR in conf, or nothing.
host_dtid()
{
	console 'conf\n' 2>/dev/null |
	    awk -v h="$1" '$1 == h && $2 ~ /^[0-9a-f]+$/ { print $2; exit }'
}

# conf_hosts: the number of hosts conf reports ("N hosts, ..."), or -1.
conf_hosts()
{
	local n

	n=$(console 'conf\n' 2>/dev/null |
	    sed -n 's/^\([0-9][0-9]*\) hosts*, .*/\1/p' | head -1)
	echo "${n:--1}"
}

# slave_files ADDR: set slave_pidfile, slave_sockfile, slave_log for the
# host ADDR (its host number from conf); 1 if ADDR is not in conf.
slave_files()
{
	local dtid num

	dtid=$(host_dtid "$1")
	[ -n "$dtid" ] || return 1
	num=$(( 0x$dtid >> 18 ))
	slave_pidfile=$pvm_dir/pvmd.$PVM_VMID.h$num.pid
	slave_sockfile=$pvm_dir/pvmd.$PVM_VMID.h$num.sock
	slave_log=$pvm_dir/pvmd.$PVM_VMID.h$num.log
	return 0
}

# slave_pid ADDR: the pid of the slave pvmd of host ADDR, read from its
# pid file pvmd.$PVM_VMID.hN.pid; nothing if ADDR is unknown, or the
# pid is not a live pvmd carrying our tag.
slave_pid()
{
	local p=""

	slave_files "$1" || return 0
	[ -r "$slave_pidfile" ] && read -r p <"$slave_pidfile"
	p=${p//[^0-9]/}
	[ -n "$p" ] && pid_alive "$p" || return 0
	grep -qzxF "PVM_TEST_TAG=$PVM_TEST_TAG" "/proc/$p/environ" \
	    2>/dev/null || return 0
	echo "$p"
}

# pvmd_pids: pids of every live pvmd of this test (master and slaves).
pvmd_pids()
{
	local p exe

	for p in $(_tagged_pids); do
		exe=$(readlink "/proc/$p/exe" 2>/dev/null) || continue
		[ "${exe##*/}" = pvmd ] || [ "${exe##*/}" = lt-pvmd ] &&
		    echo "$p"
	done
}

# master_port: the TCP port of the master's daemon link listener, from
# its log line "listening on 127.0.0.1:PORT" (else from ss); 1 if none.
master_port()
{
	local port

	port=$(grep -Eo "listening on $PVM_MASTER_ADDR:[0-9]+" \
	    "$pvm_outfile" 2>/dev/null | tail -1 | sed 's/.*://')
	if [ -z "$port" ] && command -v ss >/dev/null 2>&1; then
		port=$(ss -Hltnp 2>/dev/null |
		    grep -F "pid=$MASTER_PID," |
		    awk '{ print $4 }' | grep -F "$PVM_MASTER_ADDR:" |
		    head -1 | sed 's/.*://')
	fi
	[ -n "$port" ] || return 1
	echo "$port"
}

# wait_secs SECS CMD...: poll CMD until it succeeds, for at most SECS
# seconds of wall time (for checks slower than one POLL_INTERVAL, such as
# a console run); 1 if it never does.
wait_secs()
{
	local end

	end=$(( $(date +%s%N) + $1 * 1000000000 ))
	shift
	while :; do
		"$@" && return 0
		[ "$(date +%s%N)" -lt "$end" ] || return 1
		sleep $POLL_INTERVAL
	done
}

# --- helpers of the ssh, mid-job and bad-link multi-host tests ---------

# tcp_accepts ADDR PORT: whether something accepts TCP connections there.
tcp_accepts()
{
	timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
}

# free_tcp_port: a TCP port that nothing listens on (on any address)
# now, from 20000-59999; 1 if none is found.  Another process may still
# take it before the caller binds it: the caller retries on failure.
free_tcp_port()
{
	local i p

	for i in $(seq 1 50); do
		p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
		if command -v ss >/dev/null 2>&1; then
			[ -z "$(ss -Hltn "sport = :$p" 2>/dev/null)" ] ||
			    continue
		else
			tcp_accepts 127.0.0.1 "$p" && continue
		fi
		echo "$p"
		return 0
	done
	return 1
}

# ps_count ADDR PROG: how many tasks running PROG the console's ps -a
# lists on host ADDR (0 if the console fails).
ps_count()
{
	console 'ps -a\n' 2>/dev/null |
	    awk -v h="$1" -v p="$2" '$1 == h && $NF == p { n++ }
		END { print n + 0 }'
}

# kill_wait PID: SIGKILL a process of ours and wait until it is gone.
kill_wait()
{
	kill -KILL "$1" 2>/dev/null
	wait_until pid_gone "$1" || fail "process $1 survived SIGKILL"
}
