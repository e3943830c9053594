#!/bin/bash
# Multi-host: the master's daemon link port takes only TLS 1.3 peers
# with a certificate of the virtual machine's CA that is still valid.
# Plaintext, no certificate, a certificate of another CA and an expired
# one are dropped (and the master logs why); the master keeps serving.
. "$(dirname "$0")/lib.sh"
pvm_test_init multi_security
pvm_multi_init

command -v openssl >/dev/null 2>&1 || skip "openssl is not installed"
need_prog "$regress_dir/regtask"
pvmd_start_master
pvm_add_hosts 1

port=$(master_port) || fail "no \"listening on $PVM_MASTER_ADDR:PORT\" log line"
note "master link port $port"
ca=$HOME/.pvm/ca.pem
cakey=$HOME/.pvm/ca.key
[ -r "$ca" ] && [ -r "$cakey" ] || fail "no VM CA in $HOME/.pvm"
d=$PVM_TMP/certs
mkdir "$d" || fail "mkdir $d"
printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n%s\n' \
    'extendedKeyUsage=serverAuth,clientAuth' >"$d/ext"

# new_key NAME CN: a P-256 key NAME.key and a request NAME.csr for CN.
new_key()
{
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout "$d/$1.key" -out "$d/$1.csr" -subj "/CN=$2" \
	    >>"$d/openssl.log" 2>&1 || fail "openssl req for $1"
}

# sign NAME CA CAKEY DAYS SERIAL: NAME.pem from NAME.csr; DAYS -1 makes
# a certificate that expired before it became valid.
sign()
{
	openssl x509 -req -in "$d/$1.csr" -CA "$2" -CAkey "$3" -days "$4" \
	    -set_serial "$5" -extfile "$d/ext" -out "$d/$1.pem" \
	    >>"$d/openssl.log" 2>&1 || fail "openssl x509 -req for $1"
}

# A valid host certificate of the VM's CA (the control), an expired
# one, and one of another CA, all for the name of the added host.
new_key good 127.0.0.2
sign good "$ca" "$cakey" 1 1001
new_key expired 127.0.0.2
sign expired "$ca" "$cakey" -1 1002
openssl x509 -in "$d/expired.pem" -noout -checkend 0 >/dev/null 2>&1 &&
    fail "the expired certificate is still valid"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$d/otherca.key" -out "$d/otherca.pem" -days 2 \
    -subj /CN=other-ca -addext basicConstraints=critical,CA:true \
    -addext keyUsage=critical,keyCertSign,cRLSign \
    >>"$d/openssl.log" 2>&1 || fail "openssl req -x509 for another CA"
new_key other 127.0.0.2
sign other "$d/otherca.pem" "$d/otherca.key" 1 1003

# Lines of the master's log about TLS, handshakes or certificates.
tls_lines()
{
	grep -ciE 'tls|ssl|certif|handshake|verif' "$pvm_outfile"
}
_more_tls_lines() { [ "$(tls_lines)" -gt "$1" ]; }

# tls_try WHAT [s_client options]: connect with openssl s_client and
# wait up to 3 s; "open" if the master kept the link that long, else
# "closed".
tls_try()
{
	local what=$1 rc

	shift
	timeout 3 openssl s_client -connect "$PVM_MASTER_ADDR:$port" \
	    -tls1_3 -CAfile "$ca" -ign_eof "$@" </dev/null \
	    >"$d/$what.out" 2>&1
	rc=$?
	note "s_client $what: exit $rc" >&2
	if [ $rc -eq 124 ]; then
		echo open
	else
		echo closed
	fi
}

# refused WHAT [s_client options]: the master drops the link and logs.
refused()
{
	local what=$1 before

	before=$(tls_lines)
	shift
	if [ "$(tls_try "$what" "$@")" != closed ]; then
		cat "$d/$what.out"
		fail "$what: the master kept the link"
	fi
	wait_until _more_tls_lines "$before" ||
	    fail "$what: the master logged nothing about it"
}

# Control: the right credentials get a link that stays up.
[ "$(tls_try good -cert "$d/good.pem" -key "$d/good.key")" = open ] ||
    { cat "$d/good.out"; fail "a valid certificate was refused"; }

# Plaintext.
before=$(tls_lines)
timeout 5 bash -c "exec 3<>/dev/tcp/$PVM_MASTER_ADDR/$port &&
    printf 'garbage\r\n\r\n' >&3 && cat <&3 >/dev/null"
rc=$?
[ $rc -eq 124 ] && fail "plaintext: the master kept the connection"
note "plaintext connection closed (exit $rc)"
wait_until _more_tls_lines "$before" ||
    fail "plaintext: the master logged nothing about it"

refused nocert
refused otherca -cert "$d/other.pem" -key "$d/other.key"
refused expired -cert "$d/expired.pem" -key "$d/expired.key"
note "master log after the attempts:"
grep -iE 'tls|ssl|certif|handshake|verif' "$pvm_outfile" | tail -n 8

# The master still serves: conf, and a task on the slave.
pid_alive "$MASTER_PID" || fail "the master died"
console 'conf\n' >"$PVM_TMP/conf" 2>&1
cat "$PVM_TMP/conf"
expect_grep "$PVM_TMP/conf" '^2 hosts, ' "conf after the attempts"
console 'spawn -127.0.0.2 -> regtask print 2\n' >"$PVM_TMP/print" 2>&1
cat "$PVM_TMP/print"
expect_grep "$PVM_TMP/print" 't8[0-9a-f]{4}\] line 2$' \
    "output of a task on 127.0.0.2"
exit 0
