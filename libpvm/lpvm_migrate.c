/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * pvm3x.h calls to checkpoint and restart tasks (the daemon side is
 * pvmd/migrate.c, the task side lpvm_ckpt.c).
 */

#include <sys/types.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lpvm.h"
#include "pvm3x.h"

static int	migrate_request(int, int, const char *, int, const char *,
		    int *);
static int	migrate_send(int, int, const char *, int, const char *,
		    int *);
static int	migrate_abspath(const char *, char *, size_t);

/* Make path absolute against the working directory. */
static int
migrate_abspath(const char *path, char *buf, size_t size)
{
	char	cwd[PATH_MAX];
	int	n;

	if (path == NULL || *path == '\0')
		return (PvmBadParam);
	if (*path == '/')
		n = snprintf(buf, size, "%s", path);
	else {
		if (getcwd(cwd, sizeof cwd) == NULL)
			return (PvmSysErr);
		n = snprintf(buf, size, "%s/%s", cwd, path);
	}
	if (n < 0 || (size_t)n >= size)
		return (PvmBadParam);
	return (0);
}

static int
migrate_request(int type, int tid, const char *path, int flags,
    const char *host, int *codep)
{
	char			 abs[PATH_MAX];
	int			 cc;

	if ((cc = migrate_abspath(path, abs, sizeof abs)) != 0)
		return (cc);
	return (migrate_send(type, tid, abs, flags, host, codep));
}

static int
migrate_send(int type, int tid, const char *path, int flags,
    const char *host, int *codep)
{
	Pvm__CheckpointRequest	 req = PVM__CHECKPOINT_REQUEST__INIT;
	ProtobufCMessage	*m;
	int			 cc;

	req.tid = tid;
	req.path = (char *)path;
	req.flags = flags;
	req.host = (char *)(host != NULL ? host : "");
	if ((cc = lpvm_rpc(type, &req.base, PVM_MSG_STATUS, &m)) != 0)
		return (cc);
	*codep = ((Pvm__Status *)m)->code;
	wire_ctl_free(m);
	return (0);
}

/* Write the image of task tid to path; PvmCkptStop ends the task. */
int
pvm_checkpoint(int tid, const char *path, int flags)
{
	int	cc, code;

	if ((cc = lpvm_enroll()) != 0)
		return (lpvm_err(cc, "pvm_checkpoint"));
	if (!lpvm_tid_valid(tid) || (flags & ~PvmCkptStop) != 0)
		return (lpvm_err(PvmBadParam, "pvm_checkpoint"));
	if ((cc = migrate_request(PVM_MSG_CKPT, tid, path, flags, NULL,
	    &code)) != 0)
		return (lpvm_err(cc, "pvm_checkpoint"));
	if (code < 0)
		return (lpvm_err(code, "pvm_checkpoint"));
	return (PvmOk);
}

/* Restart the image at path on host (NULL: this one); *tidp gets it. */
int
pvm_restart(const char *path, const char *host, int *tidp)
{
	int	cc, code;

	if ((cc = lpvm_enroll()) != 0)
		return (lpvm_err(cc, "pvm_restart"));
	if ((cc = migrate_request(PVM_MSG_RESTART, 0, path, 0, host,
	    &code)) != 0)
		return (lpvm_err(cc, "pvm_restart"));
	if (code < 0)
		return (lpvm_err(code, "pvm_restart"));
	if (tidp != NULL)
		*tidp = code;
	return (PvmOk);
}

/*
 * Move task tid to host (NULL or "": the runtime picks one); it keeps
 * its TID and runs on where it was.
 */
int
pvm_migrate(int tid, const char *host)
{
	int	cc, code;

	if ((cc = lpvm_enroll()) != 0)
		return (lpvm_err(cc, "pvm_migrate"));
	if (!lpvm_tid_valid(tid))
		return (lpvm_err(PvmBadParam, "pvm_migrate"));
	if ((cc = migrate_send(PVM_MSG_MIGRATE, tid, "", 0, host,
	    &code)) != 0)
		return (lpvm_err(cc, "pvm_migrate"));
	if (code < 0)
		return (lpvm_err(code, "pvm_migrate"));
	return (PvmOk);
}
