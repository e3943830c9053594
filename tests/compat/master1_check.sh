# master1_check OUT: master1 spawned 3 slaves (one host) and every result
# is what it expected.
master1_check()
{
	local out=$1 n

	expect_grep "$out" "Spawning 3 worker tasks \.\.\. SUCCESSFUL" \
	    "3 slaves for 1 host"
	n=$(grep -c "^I got" "$out")
	[ "$n" = 3 ] || fail "$n results instead of 3"
	awk '/^I got/ {
		got = $3; want = $NF; sub(/\)$/, "", want)
		if (got + 0 != want + 0) { print "bad: " $0; bad = 1 }
	} END { exit bad }' "$out" || fail "a slave returned a wrong sum"
	grep '^I got' "$out" | awk '{print $5}' | sort | tr -d ';' |
	    tr '\n' ' ' | grep -qx '0 1 2 ' ||
	    fail "results not from slaves 0-2"
}
