/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Checkpoint and restart commands: checkpoint, restart.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pvm3.h"
#include "pvm3x.h"
#include "pvm.h"

static const char	*cmd_migrate_why(int);

/* Words for the errors these commands meet most. */
static const char *
cmd_migrate_why(int rc)
{
	switch (rc) {
	case PvmNotImpl:
		return ("not possible for this task (more than one thread, "
		    "or not on this host)");
	case PvmExists:
		return ("its task id is in use");
	case PvmBadMsg:
		return ("not a complete checkpoint image");
	default:
		return (cmd_strerror(rc));
	}
}

/* checkpoint [-s] tid file: write the task's image; -s stops it after. */
int
cmd_migrate_checkpoint(struct console *c, int argc, char **argv)
{
	int	i = 1, tid, rc, flags = 0;

	if (strcmp(argv[1], "-s") == 0) {
		flags |= PvmCkptStop;
		i++;
	}
	if (argc - i != 2) {
		printf("checkpoint: wrong #args\n");
		return (-1);
	}
	if (cmd_parse_tid(argv[i], &tid) != 0) {
		printf("checkpoint: bad task id \"%s\"\n", argv[i]);
		return (-1);
	}
	if (tid == c->mytid) {
		printf("checkpoint: t%x is this console\n", (unsigned int)tid);
		return (-1);
	}
	if ((rc = pvm_checkpoint(tid, argv[i + 1], flags)) < 0) {
		printf("checkpoint: t%x: %s\n", (unsigned int)tid,
		    cmd_migrate_why(rc));
		return (-1);
	}
	printf("t%x checkpointed to %s%s\n", (unsigned int)tid, argv[i + 1],
	    (flags & PvmCkptStop) ? ", stopped" : "");
	return (0);
}

/* restart file [host]: run a checkpointed task again, with its TID. */
int
cmd_migrate_restart(struct console *c, int argc, char **argv)
{
	int	tid, rc;

	(void)c;
	rc = pvm_restart(argv[1], argc > 2 ? argv[2] : NULL, &tid);
	if (rc == PvmSysErr) {
		printf("restart: %s: the restart failed (see the task's "
		    "output)\n", argv[1]);
		return (-1);
	}
	if (rc < 0) {
		printf("restart: %s: %s\n", argv[1], cmd_migrate_why(rc));
		return (-1);
	}
	printf("t%x restarted\n", (unsigned int)tid);
	return (0);
}

/* migrate tid [host]: move a running task to another host. */
int
cmd_migrate_migrate(struct console *c, int argc, char **argv)
{
	int	tid, rc;

	if (cmd_parse_tid(argv[1], &tid) != 0) {
		printf("migrate: bad task id \"%s\"\n", argv[1]);
		return (-1);
	}
	if (tid == c->mytid) {
		printf("migrate: t%x is this console\n", (unsigned int)tid);
		return (-1);
	}
	if ((rc = pvm_migrate(tid, argc > 2 ? argv[2] : NULL)) < 0) {
		printf("migrate: t%x: %s\n", (unsigned int)tid,
		    rc == PvmHostFail ? "the move failed, the task runs on "
		    "where it was" : cmd_migrate_why(rc));
		return (-1);
	}
	printf("t%x migrated%s%s\n", (unsigned int)tid,
	    argc > 2 ? " to " : "", argc > 2 ? argv[2] : "");
	return (0);
}
