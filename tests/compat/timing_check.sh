# timing_check OUT: timing ran every test to the end (it always exits 1).
timing_check()
{
	local out=$1 n

	expect_grep "$out" "^slave is task t4[0-9a-f]{4}$" "slave started"
	expect_grep "$out" "^RTT Avg uSec [0-9]+$" "round trips"
	n=$(grep -c "^Message size" "$out")
	[ "$n" = 5 ] || fail "$n of 5 bandwidth tests"
	expect_grep "$out" "^Message size 1000000$" "1 MB messages"
	expect_grep "$out" "^done$" "the end"
	grep -q "can't\|error" "$out" && fail "timing reported an error"
	return 0
}
