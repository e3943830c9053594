#!/bin/bash
# A peer of another uid is refused by the SO_PEERCRED check and logged.
# The private directory is 0700, which already keeps other users out;
# to test the daemon's own check the test opens the directory and the
# socket to everyone, connects as nobody, then closes them again.
. "$(dirname "$0")/lib.sh"
pvm_test_init otheruid

[ "$(id -u)" = 0 ] || skip "needs root to run a client as another uid"
command -v setpriv >/dev/null || skip "no setpriv"
id nobody >/dev/null 2>&1 || skip "no user nobody"
need_prog "$badpeer"
pvmd_start

# nobody needs to reach and run a copy of badpeer and the socket.
cp "$badpeer" "$PVM_TMP/badpeer" || fail "cp badpeer"
chmod 0755 "$PVM_TMP/badpeer"
chmod 0711 "$PVM_TMP"
chmod 0755 "$pvm_dir"
chmod 0777 "$pvm_sock"

nobody_gid=$(id -g nobody)
setpriv --reuid=nobody --regid="$nobody_gid" --clear-groups -- \
    timeout 20 "$PVM_TMP/badpeer" -v -u -s "$pvm_sock" \
    >"$PVM_TMP/nobody.out" 2>&1
rc=$?
chmod 0700 "$pvm_dir" "$PVM_TMP"
cat "$PVM_TMP/nobody.out"
case $rc in
0)	;;
1)	fail "the daemon accepted a task of uid nobody" ;;
2)	fail "nobody could not connect: the uid check was not exercised" ;;
*)	fail "badpeer -u exited $rc" ;;
esac

# The refusal is logged, naming the uid.
uid_nobody=$(id -u nobody)
logged()
{
	cat "$pvm_logfile" "$pvm_outfile" 2>/dev/null |
	    grep -Eiq "uid.*($uid_nobody|nobody)|($uid_nobody|nobody).*uid"
}
wait_until logged || fail "no log line about uid $uid_nobody"
cat "$pvm_logfile" "$pvm_outfile" 2>/dev/null | grep -Ei 'uid' | head -3

pid_alive "$PVMD_PID" || fail "pvmd died"
pvm_enroll || fail "pvmd no longer serves its own user"
exit 0
