#!/bin/bash
# The console's own commands from a pipe: ~/.pvmrc, alias and unalias,
# echo, setenv, export/unexport (PVM_EXPORT), id, version, help, jobs, an
# unknown command, trace, and no prompt noise on a pipe.
. "$(dirname "$0")/lib.sh"
pvm_test_init console_cmds

pvmd_start
export HOME=$PVM_TMP/home
mkdir -p "$HOME"
printf '# a comment\nalias hi echo hello from pvmrc\n' >"$HOME/.pvmrc"
unset PVM_EXPORT
export PVMREG_X=xval
console 'hi\nalias cf conf\ncf\nunalias cf\ncf\necho a b  c\nsetenv PVMREG_X\nid\nversion\nhelp spawn\nhelp\njobs\nnosuchcmd\ntrace\nquit\n' \
    >"$PVM_TMP/out" 2>&1
rc=$?
cat "$PVM_TMP/out"
[ $rc -eq 124 ] && fail "console hung"
expect_grep "$PVM_TMP/out" '^hello from pvmrc$' "alias from ~/.pvmrc"
expect_grep "$PVM_TMP/out" '^1 host, 1 data format$' "alias cf runs conf"
expect_grep "$PVM_TMP/out" 'cf' "unaliased cf is unknown"
expect_grep "$PVM_TMP/out" '^a b c$' "echo"
expect_grep "$PVM_TMP/out" '^xval$' "setenv shows a variable"
expect_grep "$PVM_TMP/out" '^t4[0-9a-f]{4}$' "id prints the console tid"
expect_grep "$PVM_TMP/out" '^3\.4\.6' "version"
expect_grep "$PVM_TMP/out" '[Ss]pawn.*-count|-count|count' "help spawn"
expect_grep "$PVM_TMP/out" 'nosuchcmd' "unknown command reported"
if grep -q 'pvm>' "$PVM_TMP/out"; then
	fail "prompt printed on a pipe"
fi
# export adds a name to PVM_EXPORT (what spawn passes on), unexport
# takes it away again.
console 'export PVMREG_X\nsetenv PVM_EXPORT\nquit\n' >"$PVM_TMP/out" 2>&1
cat "$PVM_TMP/out"
expect_grep "$PVM_TMP/out" '^PVMREG_X$' "export adds to PVM_EXPORT"
console 'export PVMREG_X\nunexport PVMREG_X\nsetenv PVM_EXPORT\nquit\n' \
    >"$PVM_TMP/out" 2>&1
cat "$PVM_TMP/out"
if grep -q PVMREG_X "$PVM_TMP/out"; then
	fail "unexport left PVMREG_X in PVM_EXPORT"
fi

# quit leaves the daemon running.
pid_alive "$PVMD_PID" || fail "quit stopped the daemon"
exit 0
