#!/bin/bash
# PVM 3.4's example programs compile against our pvm3.h and link with our
# libpvm3 alone.
. "$(dirname "$0")/lib.sh"
compat_init build

compat_build hello hello_other master1 slave1 spmd timing timing_slave \
    starter
exit 0
