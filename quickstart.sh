#!/bin/sh
# Install what is missing, build (in build/), start a one-host virtual
# machine from the build tree, run the example batch job (a master/worker
# Mandelbrot computation checked against a serial run) and halt the
# machine.
set -e
cd "$(dirname "$0")"
./scripts/deps.sh
[ -x configure ] || ./autogen.sh
mkdir -p build
cd build
[ -f Makefile ] || ../configure
make -j"$(nproc)"
top=$(pwd)
export PVM_VMID="quickstart-$$"
export PVM_PVMD="$top/pvmd/pvmd"
hosts=$(mktemp)
trap 'rm -f "$hosts"' EXIT
printf '* ep=%s/examples\n' "$top" > "$hosts"
"$top/pvmd/pvmd" "$hosts"
status=0
"$top/examples/mandel" 4 || status=$?
echo halt | "$top/pvm" >/dev/null
exit $status
