#!/bin/sh
# Install the Debian 12 packages the build and the tests need, if missing.
set -e
pkgs="autoconf automake libtool pkg-config make gcc libevent-dev
libprotobuf-c-dev protobuf-c-compiler libssl-dev libcunit1-dev libedit-dev
pvm pvm-dev pvm-examples procps util-linux openssl iproute2
openssh-server openssh-client"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing"
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing \
    >/dev/null
