#!/bin/bash
# Debian's prebuilt hello.pvm (linked against PVM 3.4.6's libpvm3) runs
# unchanged on our library and daemon; it spawns /usr/bin/hello_other.
. "$(dirname "$0")/lib.sh"
compat_init debian_hello

[ -x /usr/bin/hello.pvm ] && [ -x /usr/bin/hello_other ] ||
    skip "no /usr/bin/hello.pvm (pvm-examples)"
compat_check_ldd /usr/bin/hello.pvm
compat_hostfile /usr/bin
pvmd_start_ldpath
compat_run "$PVM_TMP/out" /usr/bin/hello.pvm
rc=$?
cat "$PVM_TMP/out"
[ $rc -eq 0 ] || fail "hello.pvm exited $rc"
expect_grep "$PVM_TMP/out" "^i'm t4[0-9a-f]{4}$" "hello's TID"
expect_grep "$PVM_TMP/out" \
    "^from t4[0-9a-f]{4}: hello, world from $(uname -n)" "the greeting"
compat_check_loaded 2
exit 0
