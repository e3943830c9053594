#!/bin/bash
# A remote shell that prints a banner (or whatever a login shell says)
# before the new pvmd's PVMD-READY line: the master skips those lines, and
# the master's PVM_TMP is where the slave keeps its files.
. "$(dirname "$0")/lib.sh"
pvm_test_init multi_banner
pvm_multi_init

wrapper=$PVM_TMP/rsh-banner
cat >"$wrapper" <<WRAP
#!/bin/sh
echo "Welcome to a host with a chatty login shell"
echo "Last login: yesterday"
exec "$PVM_RSH" "\$@"
WRAP
chmod +x "$wrapper"
PVM_RSH=$wrapper
export PVM_RSH
pvmd_start_master
pvm_add_hosts 1
expect_grep "$pvm_outfile" 'remote said: Welcome' "banner line logged"
ls "$pvm_dir" >"$PVM_TMP/files"
expect_grep "$PVM_TMP/files" "^pvmd\\.$PVM_VMID\\.h2\\.pid\$" \
    "the slave's pid file in the master's PVM_TMP"
exit 0
