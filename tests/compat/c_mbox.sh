#!/bin/bash
# Debian's mailbox examples on our library and daemon: mbox.c built from
# examples.tar.gz, and the prebuilt lmbi (loads entries) and gmbi (lists
# them with pvm_getmboxinfo).  Debian's rme is not run: it calls PVM's
# internal lpvmerr() and is linked BIND_NOW, so it cannot load with any
# library but PVM's own; mbox name=... delete does its job here.
. "$(dirname "$0")/lib.sh"
compat_init mbox

for p in lmbi gmbi; do
	[ -x /usr/bin/$p ] || skip "no /usr/bin/$p (pvm-examples)"
done
compat_build mbox
compat_hostfile "$compat_bin:/usr/bin"
pvmd_start_ldpath
out=$PVM_TMP/out

# mbox [flags] [query|delete [index]] exits with the number of entries
# it found (or put and read back).
mbox_expect()
{
	local want=$1 rc

	shift
	compat_run "$out" "$compat_bin/mbox" "$@"
	rc=$?
	if [ $rc -ne "$want" ]; then
		cat "$out"
		fail "mbox $*: exit $rc, want $want"
	fi
	note "mbox $*: $rc"
}
mbox_expect 1
mbox_expect 0 query			# gone with its owner
mbox_expect 1 pers
mbox_expect 1 query 0			# a persistent one stays
mbox_expect 1 query
mbox_expect 1 delete 0
mbox_expect 0 query
mbox_expect 1 minst pers
mbox_expect 1 minst pers
mbox_expect 2 query
mbox_expect 2 delete
mbox_expect 0 query

# lmbi: three persistent multi-instance classes, then exit.
compat_run "$out" /usr/bin/lmbi 3 pm e
rc=$?
cat "$out"
[ $rc -eq 0 ] || [ $rc -eq 1 ] || fail "lmbi exited $rc"
expect_grep "$out" 'just inserted entry <t[0-9a-f]+lmbi2> at index 0' \
    "lmbi inserted 3"
name=$(sed -n 's/.*just inserted entry <\(t[0-9a-f]*lmbi0\)>.*/\1/p' \
    "$out" | head -1)

compat_run "$out" /usr/bin/gmbi '*lmbi*'
cat "$out"
expect_grep "$out" '^gmbi: 3 mbox entries returned' "gmbi lists 3"
expect_grep "$out" "class name: <$name>" "gmbi lists $name"

mbox_expect 1 "name=$name" delete 0
mbox_expect 0 "name=$name" query 0
compat_run "$out" /usr/bin/gmbi '*lmbi*'
cat "$out"
expect_grep "$out" '^gmbi: 2 mbox entries returned' "one removed"
compat_check_loaded 4
exit 0
