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

static int	dispatch_unpack(struct pvm_frame *, ProtobufCMessage **,
		    const char **);

/*
 * Decode the body of f: the control message of its type into *m (NULL if
 * the type has none), which the caller frees with wire_ctl_free.  Only
 * data frames may carry a body that is not a control message.  Returns
 * 0, or -1 with *cause set.
 */
static int
dispatch_unpack(struct pvm_frame *f, ProtobufCMessage **m, const char **cause)
{
	*m = NULL;
	if (wire_descriptor(f->type) != NULL) {
		*m = wire_ctl_unpack(f->type, f->body, f->len, cause);
		return (*m == NULL ? -1 : 0);
	}
	if (f->type != PVM_MSG_DATA && f->len != 0) {
		*cause = "has a body";
		return (-1);
	}
	return (0);
}

/*
 * Run one of the requests that a local task or, over a link, a task of
 * another host may make: the same handlers serve both, and the reply
 * goes to t (a local task or the proxy of a remote one).  Returns 0, or
 * -1 if the frame is not one of these requests (nothing was done).
 */
int
dispatch_request(struct task *t, struct pvm_frame *f, ProtobufCMessage *m)
{
	switch (f->type) {
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
	case PVM_MSG_HOSTSYNC:
		task_handle_hostsync(t, f, (Pvm__HostSyncRequest *)m);
		break;
	case PVM_MSG_HALT:
		task_handle_halt(t, f);
		break;
	case PVM_MSG_ADDHOSTS:
		host_start_handle(t, f, (Pvm__HostRequest *)m);
		break;
	case PVM_MSG_DELHOSTS:
		host_handle_delhosts(t, f, (Pvm__HostRequest *)m);
		break;
	/* direct routes */
	case PVM_MSG_CHAN_OPEN:
		chan_handle_open(t, f, (Pvm__ChanRequest *)m);
		break;
	/* checkpoint and restart */
	case PVM_MSG_CKPT:
		migrate_handle_ckpt(t, f, (Pvm__CheckpointRequest *)m);
		break;
	case PVM_MSG_RESTART:
		migrate_handle_restart(t, f, (Pvm__CheckpointRequest *)m);
		break;
	case PVM_MSG_MIGRATE:
		migrate_move_handle(t, f, (Pvm__CheckpointRequest *)m);
		break;
	default:
		return (-1);
	}
	return (0);
}

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
		task_link_closed(t);
		return;
	}
	/* A task's image link, or its restart helper (migrate.c). */
	if (f->type == PVM_MSG_CKPT_BEGIN && !task_connected(t)) {
		if (migrate_handle_begin(t, f) != 0) {
			cause = "refused";
			goto bad;
		}
		return;
	}
	if (f->type == PVM_MSG_CKPT_RESTORED) {
		if (f->len != 0 || task_handle_restored(t, f) != 0) {
			cause = "unexpected";
			goto bad;
		}
		return;
	}
	if (!task_connected(t) && f->type != PVM_MSG_HELLO) {
		cause = "before HELLO";
		goto bad;
	}
	if (dispatch_unpack(f, &m, &cause) != 0)
		goto bad;

	if (f->type == PVM_MSG_MSTAT &&
	    ((Pvm__HostRequest *)m)->n_names != 1) {
		cause = "not one host name";
		goto bad;
	}
	if (f->type != PVM_MSG_HELLO && (route_task_request(t, f, m) ||
	    dispatch_request(t, f, m) == 0)) {
		wire_ctl_free(m);
		return;
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
	case PVM_MSG_NOTIFY:
		notify_handle(t, f, (Pvm__NotifyRequest *)m);
		break;
	case PVM_MSG_CONTEXT:
		task_handle_context(t, f, (Pvm__ContextRequest *)m);
		break;
	case PVM_MSG_CONFIG:
		host_handle_config(t, f);
		break;
	case PVM_MSG_MSTAT:
		host_handle_mstat(t, f, (Pvm__HostRequest *)m);
		break;
	case PVM_MSG_RESET:
		task_handle_reset(t, f);
		break;
	case PVM_MSG_MBOX:
		mbox_handle(t, f, (Pvm__MboxRequest *)m);
		break;
	case PVM_MSG_GROUP:
		group_handle(t, f, (Pvm__GroupRequest *)m);
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

/*
 * A frame from the up link to host.  Task frames must come from a TID
 * of that host.  On any error the link is closed and the host treated
 * as lost.
 */
void
dispatch_link(int host, struct pvm_frame *f)
{
	ProtobufCMessage	*m = NULL;
	const char		*cause = NULL;

	/*
	 * Data may come from a task that moved (migrate.c): a task TID of
	 * another host; everything else is from that host.
	 */
	if (task_host_of(f->src) != host &&
	    (f->type != PVM_MSG_DATA || !task_is_tid(f->src))) {
		cause = "source of another host";
		goto bad;
	}
	if (dispatch_unpack(f, &m, &cause) != 0)
		goto bad;

	switch (f->type) {
	case PVM_MSG_DATA:
		if (f->dst == 0 ||
		    (route_is_remote(f->dst) && task_find(f->dst) == NULL)) {
			log_debug("host %d: data for t%x dropped", host,
			    f->dst);
			break;
		}
		task_forward(f, 1);
		break;
	/* migration between hosts */
	case PVM_MSG_MIG_FREEZE:
	case PVM_MSG_MIG_PREPARE:
	case PVM_MSG_MIG_DOOR:
	case PVM_MSG_MIG_RESTORED:
	case PVM_MSG_MIG_MOVED:
	case PVM_MSG_MIG_COMMIT:
	case PVM_MSG_MIG_ABORT:
	case PVM_MSG_MIG_EXITED:
		if (migrate_move_handle_link(host, f, m) != 0) {
			cause = "bad migration step";
			goto bad;
		}
		break;
	case PVM_MSG_MIGRATE:
	case PVM_MSG_CKPT:
		route_link_request(host, f, m);
		break;
	case PVM_MSG_SPAWN:
	case PVM_MSG_KILL:
	case PVM_MSG_SIGNAL:
	case PVM_MSG_PSTAT:
	case PVM_MSG_TASKS:
	case PVM_MSG_HOSTSYNC:
	case PVM_MSG_HALT:
	case PVM_MSG_CHAN_OPEN:		/* direct routes */
		route_link_request(host, f, m);
		break;
	case PVM_MSG_ADDHOSTS:
	case PVM_MSG_DELHOSTS:
		if (!pvmd_host.master) {
			cause = "host request to a slave";
			goto bad;
		}
		if (((Pvm__HostRequest *)m)->n_names < 1 ||
		    ((Pvm__HostRequest *)m)->n_names > PVM_TID_MAX_HOST) {
			cause = "bad number of hosts";
			goto bad;
		}
		route_link_request(host, f, m);
		break;
	case PVM_MSG_STATUS:
	case PVM_MSG_SPAWN_REPLY:
	case PVM_MSG_TASKS_REPLY:
	case PVM_MSG_HOSTSYNC_REPLY:
	case PVM_MSG_ADDHOSTS_REPLY:
	case PVM_MSG_MBOX_REPLY:
	case PVM_MSG_GROUP_REPLY:
	case PVM_MSG_CHAN_REPLY:	/* direct routes */
		if (route_link_reply(host, f, m) != 0) {
			cause = "reply to no request";
			goto bad;
		}
		break;
	case PVM_MSG_ADDHOSTS_PROGRESS:
		if (route_link_progress(host, f) != 0) {
			cause = "progress of no request";
			goto bad;
		}
		break;
	case PVM_MSG_MBOX:
		if (!pvmd_host.master || !task_is_tid(f->src)) {
			cause = "mailbox request to a slave or from a pvmd";
			goto bad;
		}
		mbox_handle(task_proxy(f->src), f, (Pvm__MboxRequest *)m);
		break;
	case PVM_MSG_GROUP:
		if (!pvmd_host.master || !task_is_tid(f->src)) {
			cause = "group request to a slave or from a pvmd";
			goto bad;
		}
		group_handle(task_proxy(f->src), f, (Pvm__GroupRequest *)m);
		break;
	/* groups: the barrier tree (group_tree.c) */
	case PVM_MSG_GROUP_CENSUS:
		if (host != 1 ||
		    group_tree_census((Pvm__GroupCensus *)m) != 0) {
			cause = "bad group census";
			goto bad;
		}
		break;
	case PVM_MSG_GROUP_UP:
		if (group_tree_handle_up(host, (Pvm__GroupUp *)m) != 0) {
			cause = "bad group UP";
			goto bad;
		}
		break;
	case PVM_MSG_GROUP_RELEASE:
		if (group_tree_handle_release(host,
		    (Pvm__GroupRelease *)m) != 0) {
			cause = "bad group RELEASE";
			goto bad;
		}
		break;
	case PVM_MSG_RESET:
		if (f->reqid != 0) {
			cause = "RESET with a reqid";
			goto bad;
		}
		log_info("reset by t%x of host %d", f->src, host);
		task_kill_all(NULL);
		break;
	case PVM_MSG_HOST_TABLE:
		if (host_handle_table(host, (Pvm__HostTable *)m) != 0) {
			cause = "bad host table";
			goto bad;
		}
		break;
	case PVM_MSG_HOST_DELETE:
		host_handle_delete(host, (Pvm__HostDelete *)m);
		break;
	case PVM_MSG_WATCH:
		route_handle_watch(host, (Pvm__TaskWatch *)m);
		break;
	case PVM_MSG_SIBLINGS:
		if (task_handle_siblings(host, (Pvm__Siblings *)m) != 0) {
			cause = "bad sibling list";
			goto bad;
		}
		break;
	case PVM_MSG_TASK_EXITED:
		if (task_host_of(((Pvm__TaskWatch *)m)->tid) != host) {
			cause = "task of another host";
			goto bad;
		}
		(void)notify_fire_task_exit(((Pvm__TaskWatch *)m)->tid);
		mbox_task_exit(((Pvm__TaskWatch *)m)->tid);
		group_task_exit(((Pvm__TaskWatch *)m)->tid);
		break;
	default:
		cause = "unexpected message";
		goto bad;
	}
	wire_ctl_free(m);
	return;

bad:
	log_warnx("host %d: %s: %s, closing link", host,
	    pvm_msgtype_str(f->type), cause);
	wire_ctl_free(m);
	link_close(host);
	host_link_lost(host, "protocol error");
}
