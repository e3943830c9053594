#!/bin/bash
# make install into a staging directory puts every piece where users look
# for it, and a PVM 3.4 program builds against the installed tree with
# pkg-config alone and runs on the installed daemon.
. "$(dirname "$0")/lib.sh"
pvm_test_init install

[ -f "$top_builddir/Makefile" ] || skip "no Makefile in $top_builddir"
stage=$PVM_TMP/stage
make -s -C "$top_builddir" install DESTDIR="$stage" >"$PVM_TMP/make.out" \
    2>&1 || { cat "$PVM_TMP/make.out"; fail "make install"; }
prefix=$(sed -n 's/^prefix=//p' "$top_builddir/pvm3.pc")
libdir=$(sed -n 's/^libdir=//p' "$top_builddir/pvm3.pc")
libdir=${libdir/\$\{exec_prefix\}/$prefix}
root=$stage$prefix
for f in bin/pvm bin/pvmd include/pvm3.h include/pvm3x.h \
    share/man/man1/pvm.1 share/man/man8/pvmd.8 share/man/man3/pvm_spawn.3; do
	[ -e "$root/$f" ] || fail "not installed: $f"
done
[ -e "$stage$libdir/libpvm3.so.3" ] || fail "not installed: libpvm3.so.3"
[ -e "$stage$libdir/libgpvm3.so.3" ] || fail "not installed: libgpvm3.so.3"
[ -e "$stage$libdir/pkgconfig/pvm3.pc" ] || fail "not installed: pvm3.pc"
soname=$(readelf -d "$stage$libdir/libpvm3.so.3" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
[ "$soname" = libpvm3.so.3 ] || fail "SONAME is '$soname'"

# Only the API leaves the library (and pvmsleep, which PVM's exports
# too): no internal lpvm_, wire_ or protobuf names.
leaked=$(nm -D --defined-only "$stage$libdir/libpvm3.so.3" |
    awk '{print $3}' | grep -vE '^(pvm_[a-z]|pvmsleep$|lpvmerr$|pvmdebmask$|pvmdisplaymhfinfo$|pvmgetclock$|_init$|_fini$)' || true)
[ -z "$leaked" ] || fail "internal symbols exported: $leaked"

# A PVM 3.4 program, compiled with pkg-config against the staged tree.
cat >"$PVM_TMP/prog.c" <<'PROG'
#include <stdio.h>
#include "pvm3.h"
int
main(void)
{
	int	tid = pvm_mytid();

	if (tid < 0)
		return (1);
	printf("enrolled t%x version %s\n", tid, pvm_version());
	pvm_exit();
	return (0);
}
PROG
export PKG_CONFIG_PATH=$stage$libdir/pkgconfig PKG_CONFIG_SYSROOT_DIR=$stage
flags=$(pkg-config --cflags --libs pvm3) || fail "pkg-config pvm3"
note "pkg-config: $flags"
cc -o "$PVM_TMP/prog" "$PVM_TMP/prog.c" $flags || fail "compile with pvm3.pc"
pvmd=$root/bin/pvmd
san_foreign
pvmd_start
LD_LIBRARY_PATH=$stage$libdir timeout 20 "$PVM_TMP/prog" >"$PVM_TMP/out" 2>&1
rc=$?
cat "$PVM_TMP/out"
[ $rc -eq 0 ] || fail "program exited $rc"
expect_grep "$PVM_TMP/out" '^enrolled t4[0-9a-f]{4} version 3\.4\.6$' "enrolled"
exit 0
