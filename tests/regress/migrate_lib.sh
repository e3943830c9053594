# Sourced by the t_migrate_* tests after lib.sh and pvm_test_init:
# migtest's path, the skips (x86-64 only; a sanitizer build cannot
# checkpoint), and readers of the file migtest writes as it runs
# ("start tTID pid P", "step N pid P", "result R", "done").
# shellcheck shell=bash

migtest=$regress_dir/migtest
need_prog "$migtest"
[ "$(uname -m)" = x86_64 ] || skip "checkpoint and migration are x86-64 only"
[ -x "$top_builddir/pvmd/pvm_restart" ] || fail "pvm_restart not built"
if readelf -d "$top_builddir/.libs/libpvm3.so.3" 2>/dev/null |
    grep -q libasan; then
	skip "a sanitizer build cannot checkpoint (shadow memory)"
fi

# tid_of FILE: the TID the task wrote on its first line.
tid_of()
{
	sed -n 's/^start t\([0-9a-f]*\) .*/\1/p' "$1"
}
# steps_in FILE N: the task has written N steps or more.
steps_in()
{
	local n

	n=$(grep -c '^step ' "$1" 2>/dev/null)
	[ "${n:-0}" -ge "$2" ]
}
has_done()
{
	grep -qx done "$1" 2>/dev/null
}
result_of()
{
	sed -n 's/^result //p' "$1" | tail -1
}
# track_pids FILE: track the processes the task ran in (restarted ones
# lose the tag).
track_pids()
{
	local p

	for p in $(sed -n 's/^step [0-9]* pid //p' "$1" | sort -u); do
		pvm_track "$p"
	done
}
