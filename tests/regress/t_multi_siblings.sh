#!/bin/bash
# Multi-host pvm_siblings: Debian's spmd, 8 copies spread by one
# pvm_spawn over 1+3 hosts, must each get the whole sibling list (all 8
# TIDs, in spawn order) and pass a token around that ring.  With only
# each host's share the ring is wrong and never completes.
. "$(dirname "$0")/lib.sh"
pvm_test_init multi_siblings
pvm_multi_init
san_foreign

[ -x /usr/bin/spmd ] || skip "no /usr/bin/spmd (pvm-examples)"
ourlibs=$top_builddir/.libs
[ -r "$ourlibs/libpvm3.so.3" ] || fail "$ourlibs/libpvm3.so.3 not built"
need_prog "$apitest"

# The master hands LD_LIBRARY_PATH to the slaves (rsh-local) and every
# pvmd to its tasks: spmd runs on our library everywhere.
LD_LIBRARY_PATH=$ourlibs pvmd_start_master
pvm_add_hosts 3

out=$PVM_TMP/out
LD_LIBRARY_PATH=$ourlibs timeout 40 "$apitest" run 8 spmd >"$out" 2>&1
rc=$?
cat "$out"
[ $rc -eq 0 ] || fail "apitest run 8 spmd exited $rc"
expect_grep "$out" \
    '^\[t[0-9a-f]+\] Pass a token through the +8 tid ring:' \
    "ring of 8 announced"
expect_grep "$out" '^\[t[0-9a-f]+\] token ring done' "ring done"

# The ring as the first sibling printed it: 8 TIDs, then the first again.
first=$(sed -n 's/^\[\(t[0-9a-f]*\)\] Pass a token.*/\1/p' "$out" | head -1)
grep -F "[$first] " "$out" | grep -v -e 'Pass a token' -e 'token ring' |
    sed 's/^\[[^]]*\]//' | tr -c '0-9\n' ' ' | tr ' ' '\n' |
    grep -E '^[0-9]+$' >"$PVM_TMP/ring"
n=$(wc -l <"$PVM_TMP/ring")
[ "$n" -eq 9 ] || fail "the ring lists $n TIDs, not 8 and the first again"
[ "$(head -1 "$PVM_TMP/ring")" = "$(tail -1 "$PVM_TMP/ring")" ] ||
    fail "the ring does not close on its first TID"
uniq=$(head -8 "$PVM_TMP/ring" | sort -u | wc -l)
[ "$uniq" -eq 8 ] || fail "$uniq distinct TIDs in the ring, not 8"
[ "$(( $(head -1 "$PVM_TMP/ring") ))" -eq $(( 0x${first#t} )) ] ||
    fail "the ring does not start with its printer $first"
hosts=$(head -8 "$PVM_TMP/ring" | while read -r tid; do
	echo $(( (tid >> 18) & 0xfff ))
done | sort -u | wc -l)
note "the ring spans $hosts hosts"
[ "$hosts" -ge 3 ] || fail "the ring spans $hosts hosts, not 3 or more"

# Every pvmd that ran spmd tasks got its share's list completed: no
# fallback to a host's share.
if grep -h "sibling list" "$pvm_dir"/*.log "$pvm_outfile" 2>/dev/null; then
	fail "a pvmd fell back to its share of the sibling list"
fi
exit 0
