/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * The group request primitive for libgpvm3 (see lpvm_group.h): one
 * GROUP request to the pvmd, which passes it to the master pvmd where
 * the group table lives.  A BARRIER or FREEZE simply waits for the
 * reply, which the master sends once enough members arrived; data
 * messages arriving meanwhile are queued as usual.
 */

#include <sys/types.h>
#include <sys/uio.h>

#include <stdlib.h>
#include <string.h>

#include "lpvm.h"
#include "lpvm_group.h"

/*
 * Send one GROUP request and wait for its reply.  Returns the reply's
 * code, or a PVM error; the TID list as lpvm_group.h says.
 */
int
pvm_grp_rpc_(int op, const char *group, int arg, int **tidsp, int *ntidsp)
{
	Pvm__GroupRequest	 req = PVM__GROUP_REQUEST__INIT;
	Pvm__GroupReply		*rep;
	ProtobufCMessage	*m;
	int			 cc, *tids = NULL;
	size_t			 i;

	if (tidsp != NULL)
		*tidsp = NULL;
	if (ntidsp != NULL)
		*ntidsp = 0;
	if (group == NULL ||
	    strnlen(group, PVM_GROUP_NAME_MAX + 1) > PVM_GROUP_NAME_MAX)
		return (PvmBadParam);
	if (*group == '\0')
		return (PvmNullGroup);
	if ((cc = lpvm_enroll()) != 0)
		return (cc);
	req.op = op;
	req.group = (char *)group;
	switch (op) {
	case PVM_GROUP_GETINST:
		req.tid = arg;
		break;
	case PVM_GROUP_GETTID:
		req.inst = arg;
		break;
	case PVM_GROUP_FREEZE:
	case PVM_GROUP_BARRIER:
		req.count = arg;
		break;
	}
	if ((cc = lpvm_rpc(PVM_MSG_GROUP, &req.base, PVM_MSG_GROUP_REPLY,
	    &m)) != 0)
		return (cc);
	rep = (Pvm__GroupReply *)m;
	cc = rep->code;
	if (cc >= 0 && (op == PVM_GROUP_TIDS || op == PVM_GROUP_MEMBERS) &&
	    tidsp != NULL) {
		if (rep->n_tids > PVM_GROUP_SIZE_MAX || (op ==
		    PVM_GROUP_MEMBERS && rep->n_insts != rep->n_tids)) {
			cc = PvmSysErr;
			goto out;
		}
		if ((tids = calloc(2 * rep->n_tids + 1, sizeof *tids)) ==
		    NULL) {
			cc = PvmNoMem;
			goto out;
		}
		for (i = 0; i < rep->n_tids; i++) {
			if (!lpvm_tid_valid(rep->tids[i]) ||
			    (op == PVM_GROUP_MEMBERS && (rep->insts[i] < 0 ||
			    rep->insts[i] >= PVM_GROUP_SIZE_MAX))) {
				free(tids);
				cc = PvmSysErr;
				goto out;
			}
			tids[i] = rep->tids[i];
			if (op == PVM_GROUP_MEMBERS)
				tids[rep->n_tids + i] = rep->insts[i];
		}
		*tidsp = tids;
		if (ntidsp != NULL)
			*ntidsp = (int)rep->n_tids;
	}
out:
	wire_ctl_free(m);
	return (cc);
}
