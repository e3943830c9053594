#!/bin/bash
# Multi-host through a real ssh: a private sshd on 127.0.0.1 and
# 127.0.0.2 (its own host key, a user key authorized only for this
# test), PVM_RSH a wrapper around ssh.  The master starts the slave of
# 127.0.0.2 through sshd (its log shows the public key login), the slave
# joins with the credentials read from the ssh session's stdin, runs a
# task whose output comes back, and halt stops every pvmd.
#
# The remote command runs in sshd's environment, not the test's: the
# wrapper passes PVM_TMP, PVM_VMID, HOME and PVM_TEST_TAG through env(1)
# on the remote side, since the master does not forward them itself.
. "$(dirname "$0")/lib.sh"
pvm_test_init multi_ssh
pvm_multi_init

sshd_bin=/usr/sbin/sshd
[ -x "$sshd_bin" ] || skip "no $sshd_bin (openssh-server)"
command -v ssh >/dev/null 2>&1 || skip "no ssh (openssh-client)"
command -v ssh-keygen >/dev/null 2>&1 || skip "no ssh-keygen"
[ "$(id -u)" -eq 0 ] || skip "sshd needs root to run here"
need_prog "$regress_dir/regtask"

sd=$PVM_TMP/ssh
mkdir -m 700 "$sd" || fail "mkdir $sd"
ssh-keygen -q -N '' -t ed25519 -f "$sd/host_key" -C pvm-test-host ||
    fail "ssh-keygen (host key)"
ssh-keygen -q -N '' -t ed25519 -f "$sd/user_key" -C pvm-test-user ||
    fail "ssh-keygen (user key)"
cp "$sd/user_key.pub" "$sd/authorized_keys" || fail "authorized_keys"
# sshd's privilege separation directory.
mkdir -p /run/sshd || fail "mkdir /run/sshd"

# sshd_try PORT: start sshd on PORT; 0 once it accepts on both
# addresses (SSHD_PID set), 1 if it exited (the port was taken).
sshd_try()
{
	local port=$1 pid

	cat >"$sd/sshd_config" <<-EOF
	Port $port
	ListenAddress 127.0.0.1
	ListenAddress 127.0.0.2
	HostKey $sd/host_key
	AuthorizedKeysFile $sd/authorized_keys
	PermitRootLogin prohibit-password
	PubkeyAuthentication yes
	PasswordAuthentication no
	KbdInteractiveAuthentication no
	UsePAM no
	StrictModes no
	PidFile $sd/sshd.pid
	PrintMotd no
	X11Forwarding no
	LogLevel INFO
	EOF
	"$sshd_bin" -t -f "$sd/sshd_config" >>"$sd/sshd.log" 2>&1 ||
	    { cat "$sd/sshd.log"; fail "sshd -t rejects the configuration"; }
	"$sshd_bin" -D -e -f "$sd/sshd_config" >>"$sd/sshd.log" 2>&1 \
	    </dev/null &
	pid=$!
	disown $pid
	pvm_track $pid
	SSHD_PID=$pid
	_sshd_up() { pid_gone "$SSHD_PID" ||
	    { tcp_accepts 127.0.0.1 "$1" && tcp_accepts 127.0.0.2 "$1"; }; }
	wait_until _sshd_up "$port" || fail "sshd $pid does not listen"
	pid_alive "$pid"
}

port=""
for try in 1 2 3; do
	port=$(free_tcp_port) || fail "no free TCP port"
	sshd_try "$port" && break
	note "sshd could not use port $port"
	port=""
done
[ -n "$port" ] || { cat "$sd/sshd.log"; fail "sshd does not start"; }
note "sshd pid $SSHD_PID on 127.0.0.1:$port and 127.0.0.2:$port"

# The wrapper: PVM_RSH is one executable, run as
# "wrapper [-l user] host command args...".
wrapper=$sd/pvm-ssh
{
	echo '#!/bin/bash'
	echo '# PVM_RSH for t_multi_ssh: ssh to the test sshd.'
	echo 'opts=()'
	echo 'while [ $# -gt 0 ]; do'
	echo '	case $1 in'
	echo '	-l) opts+=(-l "$2"); shift 2 ;;'
	echo '	-l?*) opts+=(-l "${1#-l}"); shift ;;'
	echo '	*) break ;;'
	echo '	esac'
	echo 'done'
	echo 'host=$1'
	echo 'shift'
	printf 'echo "$host $*" >>%q\n' "$sd/ssh.log"
	echo '# ssh joins the words with spaces for the remote shell: quote.'
	echo 'cmd=$(printf " %q" env \'
	printf '    PVM_TMP=%q PVM_VMID=%q \\\n' "$PVM_TMP" "$PVM_VMID"
	printf '    HOME=%q PVM_TEST_TAG=%q "$@")\n' "$HOME" "$PVM_TEST_TAG"
	printf 'exec ssh -F /dev/null -p %q -i %q \\\n' "$port" \
	    "$sd/user_key"
	echo '    -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \'
	echo '    -o GlobalKnownHostsFile=/dev/null -o BatchMode=yes \'
	echo '    -o LogLevel=ERROR -o ConnectTimeout=10 \'
	echo '    "${opts[@]}" "$host" "$cmd"'
} >"$wrapper"
chmod 755 "$wrapper" || fail "chmod $wrapper"
PVM_RSH=$wrapper
export PVM_RSH

# The wrapper itself works: a command on 127.0.0.2 through sshd sees
# the test's PVM_TMP.
got=$(timeout 20 "$wrapper" 127.0.0.2 sh -c 'echo "$PVM_TMP"' \
    </dev/null 2>"$sd/probe.err")
[ "$got" = "$PVM_TMP" ] ||
    { cat "$sd/probe.err" "$sd/sshd.log"; fail "ssh probe said '$got'"; }
note "ssh to 127.0.0.2 works"
: >"$sd/ssh.log"

pvmd_start_master
accepted_before=$(grep -c 'Accepted publickey for root' "$sd/sshd.log")
console 'add 127.0.0.2\n' >"$PVM_TMP/add.out" 2>&1
cat "$PVM_TMP/add.out"
multi_skip_notimpl "$PVM_TMP/add.out"
expect_grep "$PVM_TMP/add.out" '^1 successful$' "add 127.0.0.2 over ssh"
expect_grep "$PVM_TMP/add.out" '^ *127\.0\.0\.2 +80000$' \
    "127.0.0.2 is 80000"

# The start went through the wrapper and sshd.
expect_grep "$sd/ssh.log" '^127\.0\.0\.2 .*pvmd.* -s$' \
    "the master ran the wrapper for 127.0.0.2"
[ "$(grep -c 'Accepted publickey for root' "$sd/sshd.log")" -gt \
    "$accepted_before" ] ||
    { cat "$sd/sshd.log"; fail "sshd logged no key login for the slave"; }
grep -q 'rsh-local' "$PVM_TMP/rsh.log" 2>/dev/null &&
    fail "rsh-local was used"

console 'conf\n' >"$PVM_TMP/conf" 2>&1
cat "$PVM_TMP/conf"
expect_grep "$PVM_TMP/conf" '^2 hosts, ' "2 hosts in conf"
expect_grep "$PVM_TMP/conf" '^ *127\.0\.0\.2 +80000 ' "127.0.0.2 in conf"

p2=$(slave_pid 127.0.0.2)
[ -n "$p2" ] ||
    fail "no live slave pvmd for 127.0.0.2 (${slave_pidfile:-no pid file})"
note "slave 127.0.0.2 is pid $p2"
# Started by sshd: its environment has sshd's SSH_CLIENT.
grep -qz '^SSH_CLIENT=' "/proc/$p2/environ" ||
    fail "slave $p2 was not started through sshd"

console 'spawn -127.0.0.2 -> regtask print 2\n' >"$PVM_TMP/print" 2>&1
cat "$PVM_TMP/print"
expect_grep "$PVM_TMP/print" 't8[0-9a-f]{4}\] line 1$' \
    "line 1 of the task on 127.0.0.2"
expect_grep "$PVM_TMP/print" 't8[0-9a-f]{4}\] line 2$' \
    "line 2 of the task on 127.0.0.2"

# halt: both pvmds exit; then sshd is stopped by its pid.
pids=$(pvmd_pids)
[ "$(echo $pids | wc -w)" -eq 2 ] || fail "pvmds running: $pids, not 2"
console 'halt\n' >"$PVM_TMP/halt" 2>&1
for p in $pids; do
	wait_until pid_gone "$p" || fail "pvmd $p still running after halt"
done
kill -TERM "$SSHD_PID" 2>/dev/null
wait_until pid_gone "$SSHD_PID" || fail "sshd $SSHD_PID still running"
[ -z "$(pvmd_pids)" ] || fail "pvmds left: $(pvmd_pids)"
exit 0
