#!/bin/bash
# The rest of Debian's group examples (gexamples.tar.gz) built against
# our pvm3.h with -lgpvm3 -lpvm3 and run on our daemon, each checked by
# its own output: tst (join and leave two groups), tjl and tjf (join 32
# and 33 groups, check getinst/gettid, leave), thb + tnb (thb joins 32
# groups, spawns tnb tasks that join the last one, barrier, bcast), gs
# (the first member spawns the others, waits for gsize, barrier) and ge
# (barrier, every member broadcasts its instance and TID, all
# cross-checked with getinst/gettid).
. "$(dirname "$0")/lib.sh"
compat_init gexamples_more

gexamples_tgz=/usr/share/doc/pvm-examples/gexamples.tar.gz
[ -r "$gexamples_tgz" ] || skip "no $gexamples_tgz (pvm-examples)"
[ -r "$ourlibs/libgpvm3.so.3" ] || fail "$ourlibs/libgpvm3.so.3 not built"
tar xzf "$gexamples_tgz" -C "$PVM_TMP/src" || fail "tar $gexamples_tgz"
gsrc=$PVM_TMP/src/gexamples
for p in tst tjl tjf thb tnb gs ge; do
	env -u LD_PRELOAD gcc -std=gnu89 -w -DSYSVSTR -DHASSTDLIB \
	    -I"$top_srcdir/include" -o "$compat_bin/$p" "$gsrc/$p.c" \
	    -L"$ourlibs" -Wl,-rpath,"$ourlibs" -lgpvm3 -lpvm3 \
	    >"$PVM_TMP/cc.$p" 2>&1 ||
	    { cat "$PVM_TMP/cc.$p"; fail "cannot compile $p.c"; }
	compat_check_ldd "$compat_bin/$p"
done
compat_hostfile "$compat_bin"
pvmd_start_ldpath
gex_bin=$compat_bin
. "$(dirname "$0")/gexamples_run.sh"
compat_check_loaded 12
exit 0
