#!/bin/bash
#
# Copyright (c) 2026 The PVM project authors.
#
# Permission to use, copy, modify, and distribute this software for any
# purpose with or without fee is hereby granted, provided that the above
# copyright notice and this permission notice appear in all copies.
#
# Run the compatibility tests: every tests/compat/c_*.sh, then
# abi_check.sh, or the tests named on the command line, with the regress
# runner (same output: PASS/FAIL/SKIP lines, "N passed, M failed").
#
# Environment: top_builddir, top_srcdir (default: this tree).

here=$(cd "$(dirname "$0")" && pwd)
if [ $# -eq 0 ]; then
	set -- $(cd "$here" && ls c_*.sh | sort) abi_check.sh
fi
RUN_DIR=$here exec bash "$here/../regress/run.sh" "$@"
