/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Dispatch of frames by kind of peer.  Each function is one switch on
 * the message type: the case validates the frame and calls the
 * handler; anything unexpected or malformed goes to bad, which logs the
 * reason and ends the peer.
 */

#include <sys/types.h>

#include <stdio.h>

#include "pvm3.h"
#include "log.h"
#include "pvmd.h"

/*
 * A frame from a task link, or NULL when the link has gone.  Before
 * HELLO nothing else is accepted.  On any error the task is exited and
 * its link closed; the task must not be used after this returns.
 */
void
dispatch_task(struct pvm_frame *f, void *arg)
{
	struct task		*t = arg;
	ProtobufCMessage	*m = NULL;
	const char		*cause = NULL;

	if (f == NULL) {
		task_exit(t, "link closed");
		return;
	}
	if (!task_connected(t) && f->type != PVM_MSG_HELLO) {
		cause = "before HELLO";
		goto bad;
	}
	if (wire_descriptor(f->type) != NULL) {
		m = wire_ctl_unpack(f->type, f->body, f->len, &cause);
		if (m == NULL)
			goto bad;
	} else if (f->type != PVM_MSG_DATA && f->len != 0) {
		cause = "has a body";
		goto bad;
	}

	switch (f->type) {
	case PVM_MSG_HELLO:
		if (task_connected(t)) {
			cause = "second HELLO";
			goto bad;
		}
		if (task_handle_hello(t, f, (Pvm__Hello *)m) != 0) {
			cause = "refused";
			goto bad;
		}
		break;
	case PVM_MSG_BYE:
		task_handle_bye(t, f);
		break;
	case PVM_MSG_DATA:
		if (f->dst == 0) {
			cause = "no destination";
			goto bad;
		}
		task_handle_data(t, f);
		break;
	case PVM_MSG_SPAWN:
		task_spawn_handle(t, f, (Pvm__SpawnRequest *)m);
		break;
	case PVM_MSG_KILL:
		task_handle_kill(t, f, (Pvm__TaskRequest *)m);
		break;
	case PVM_MSG_SIGNAL:
		task_handle_signal(t, f, (Pvm__TaskRequest *)m);
		break;
	case PVM_MSG_PSTAT:
		task_handle_pstat(t, f, (Pvm__TaskRequest *)m);
		break;
	case PVM_MSG_TASKS:
		task_handle_tasks(t, f, (Pvm__TasksRequest *)m);
		break;
	case PVM_MSG_NOTIFY:
		notify_handle(t, f, (Pvm__NotifyRequest *)m);
		break;
	case PVM_MSG_CONTEXT:
		task_handle_context(t, f, (Pvm__ContextRequest *)m);
		break;
	case PVM_MSG_HOSTSYNC:
		task_handle_hostsync(t, f, (Pvm__HostSyncRequest *)m);
		break;
	case PVM_MSG_CONFIG:
		pvmd_handle_config(t, f);
		break;
	case PVM_MSG_MSTAT:
		if (((Pvm__HostRequest *)m)->n_names != 1) {
			cause = "not one host name";
			goto bad;
		}
		pvmd_handle_mstat(t, f, (Pvm__HostRequest *)m);
		break;
	case PVM_MSG_HALT:
		task_handle_halt(t, f);
		break;
	case PVM_MSG_RESET:
		task_handle_reset(t, f);
		break;
	case PVM_MSG_ADDHOSTS:
	case PVM_MSG_DELHOSTS:
		log_info("%s: %s: adding hosts is not supported yet",
		    task_label(t), pvm_msgtype_str(f->type));
		(void)task_reply_status(t, f->reqid, PvmNotImpl);
		break;
	default:
		cause = "unexpected message";
		goto bad;
	}
	wire_ctl_free(m);
	return;

bad:
	log_warnx("%s: %s: %s, closing link", task_label(t),
	    pvm_msgtype_str(f->type), cause);
	wire_ctl_free(m);
	task_exit(t, "protocol error");
}
