#!/bin/bash
# Multi-host: an authenticated peer that misbehaves.  With a valid
# certificate of the VM's CA for 127.0.0.2 (so TLS succeeds), a client
# connects to the master's daemon link port and sends, each time on a
# new link: garbage bytes; a truncated frame header (then nothing); a
# LINK_HELLO header announcing a body of 0x7fffffff bytes.  Each time
# the master must close the link itself (openssl s_client, which
# ignores the end of its input, exits only then) and log why; it keeps
# serving: conf answers and a slave is added and runs a task.
. "$(dirname "$0")/lib.sh"
pvm_test_init multi_badlink
pvm_multi_init

command -v openssl >/dev/null 2>&1 || skip "openssl is not installed"
need_prog "$regress_dir/regtask"
pvmd_start_master

port=$(master_port) ||
    fail "no \"listening on $PVM_MASTER_ADDR:PORT\" log line"
note "master link port $port"
ca=$HOME/.pvm/ca.pem
cakey=$HOME/.pvm/ca.key
[ -r "$ca" ] && [ -r "$cakey" ] || fail "no VM CA in $HOME/.pvm"
d=$PVM_TMP/certs
mkdir "$d" || fail "mkdir $d"
printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n%s\n' \
    'extendedKeyUsage=serverAuth,clientAuth' >"$d/ext"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$d/peer.key" -out "$d/peer.csr" -subj /CN=127.0.0.2 \
    >>"$d/openssl.log" 2>&1 || fail "openssl req"
openssl x509 -req -in "$d/peer.csr" -CA "$ca" -CAkey "$cakey" -days 1 \
    -set_serial 2001 -extfile "$d/ext" -out "$d/peer.pem" \
    >>"$d/openssl.log" 2>&1 || fail "openssl x509 -req"
openssl verify -CAfile "$ca" "$d/peer.pem" >/dev/null 2>&1 ||
    fail "the peer certificate does not verify against the VM CA"

# The master's log lines about links and peers.
link_lines() { grep -cE 'link|peer' "$pvm_outfile"; }
_more_link_lines() { [ "$(link_lines)" -gt "$1" ]; }

# send WHAT SECS FILE ERE: connect with the peer certificate, send FILE
# and keep the link open; the master must close it within SECS seconds
# and log a line about it matching ERE (the reason).  The new log lines
# are in $d/WHAT.log.
send()
{
	local what=$1 secs=$2 file=$3 ere=$4 before lines rc

	before=$(link_lines)
	lines=$(wc -l <"$pvm_outfile")
	timeout "$secs" openssl s_client -connect "$PVM_MASTER_ADDR:$port" \
	    -tls1_3 -CAfile "$ca" -cert "$d/peer.pem" -key "$d/peer.key" \
	    -quiet <"$file" >"$d/$what.out" 2>&1
	rc=$?
	note "s_client $what: exit $rc"
	if [ $rc -eq 124 ]; then
		cat "$d/$what.out"
		fail "$what: the master kept the link for $secs s"
	fi
	wait_until _more_link_lines "$before" ||
	    fail "$what: the master logged nothing about it"
	sed -n "$((lines + 1)),\$p" "$pvm_outfile" |
	    grep -E 'link|peer' >"$d/$what.log"
	sed 's/^/    /' "$d/$what.log"
	grep -qiE 'certif|verif|handshake|alert' "$d/$what.log" &&
	    fail "$what: refused at the TLS level, not for its bytes"
	grep -qiE "$ere" "$d/$what.log" ||
	    fail "$what: no log line about the reason (/$ere/)"
	pid_alive "$MASTER_PID" || fail "$what: the master died"
	return 0
}

# Control: the certificate is good, and a silent link stays up.
timeout 3 openssl s_client -connect "$PVM_MASTER_ADDR:$port" -tls1_3 \
    -CAfile "$ca" -cert "$d/peer.pem" -key "$d/peer.key" -quiet \
    </dev/null >"$d/control.out" 2>&1
rc=$?
[ $rc -eq 124 ] ||
    { cat "$d/control.out"; fail "the master refused a valid peer ($rc)"; }

# The frame header's version field: this build's protocol version.
pv=$(sed -n 's/^#define PVM_PROTOCOL_VERSION[^0-9]*\([0-9]*\).*/\1/p' \
    "$top_srcdir/common/pvm-protocol.h")
[ -n "$pv" ] || fail "no PVM_PROTOCOL_VERSION"
hver=$(printf '\\%03o\\%03o' $((pv >> 8)) $((pv & 255)))

# Garbage: no frame magic.
printf 'GET / HTTP/1.0\r\nHost: x\r\n\r\n%040d\n' 0 >"$d/garbage"
send garbage 5 "$d/garbage" 'magic|garbage|bad frame|protocol'
# A truncated header: 20 of its 36 bytes, then silence until the
# master's hello deadline (10 s) ends the link.
printf "PVM3$hver"'\001\364\000\000\000\000\000\000\000\000\000\000\000\000' \
    >"$d/truncated"
[ "$(wc -c <"$d/truncated")" -eq 20 ] || fail "truncated header size"
send truncated 20 "$d/truncated" 'hello|deadline|time'
# A LINK_HELLO (type 500) header whose body would be 0x7fffffff bytes.
printf "PVM3$hver"'\001\364' >"$d/oversized"
printf '\000\000\000\000%.0s' 1 2 3 4 5 6 >>"$d/oversized"
printf '\177\377\377\377' >>"$d/oversized"
[ "$(wc -c <"$d/oversized")" -eq 36 ] || fail "oversized header size"
send oversized 5 "$d/oversized" 'long|large|size|length'

# The master still serves: conf, a new slave, a task on it.
console 'conf\n' >"$PVM_TMP/conf" 2>&1
cat "$PVM_TMP/conf"
expect_grep "$PVM_TMP/conf" '^1 host, ' "conf after the attempts"
pvm_add_hosts 1
[ "$(conf_hosts)" -eq 2 ] || fail "not 2 hosts after the add"
console 'spawn -127.0.0.2 -> regtask print 2\n' >"$PVM_TMP/print" 2>&1
cat "$PVM_TMP/print"
expect_grep "$PVM_TMP/print" 't8[0-9a-f]{4}\] line 2$' \
    "output of a task on 127.0.0.2"
exit 0
