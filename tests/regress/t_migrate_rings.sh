#!/bin/bash
# As t_migrate_msgs, with the sender on the moving task's home host: its
# messages go by a shared-memory ring while the task is home and by a
# TCP route while it is away, and every move ends the route in use with
# nothing lost or read twice (issue 5 item 1, issue 6 item 3).
MIG_SENDER=master
export MIG_SENDER
exec bash "$(dirname "$0")/t_migrate_msgs.sh"
