/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * pvm_notify registrations.  A notify message is a data frame from the
 * pvmd to the task that asked, with its tag and context, whose body is
 * one XDR int: the TID of the task that exited (PvmTaskExit) or of the
 * pvmd that went away (PvmHostDelete).  Asking about a task or host that
 * does not exist fires at once; cancelling fires as if the event had
 * happened.  A task's registrations go when it exits.
 */

#include <sys/types.h>
#include <sys/queue.h>

#include <arpa/inet.h>

#include <stdlib.h>
#include <string.h>

#include "pvm3.h"
#include "log.h"
#include "xmalloc.h"
#include "pvmd.h"

/* Registrations kept in all, so that no task can exhaust memory. */
#define NOTIFY_MAX	(1024 * 1024)

struct notify {
	int			 what;		/* PvmTaskExit, ... */
	int			 watcher;	/* TID to tell */
	int			 tag;
	int			 ctx;
	int			 target;	/* TID watched */
	int			 count;		/* PvmHostAdd: left, -1 all */
	TAILQ_ENTRY(notify)	 entry;
};

static TAILQ_HEAD(, notify)	notify_all = TAILQ_HEAD_INITIALIZER(notify_all);
static u_int			notify_n;

static void	notify_send(int, int, int, int);
static void	notify_remove(struct notify *);
static int	notify_cancel(int, int, int, int, int);
static void	notify_add(int, int, int, int, int, int);
static int	notify_host_exists(int);

/* Send one notify message about tid to watcher. */
static void
notify_send(int watcher, int tag, int ctx, int tid)
{
	uint32_t	v = htonl((uint32_t)tid);

	log_debug("notify t%x tag %d: t%x", watcher, tag, tid);
	task_route(PVMD_TID, watcher, tag, ctx, PVM_FRAME_ENC_XDR, &v,
	    sizeof v);
}

static void
notify_remove(struct notify *n)
{
	TAILQ_REMOVE(&notify_all, n, entry);
	notify_n--;
	free(n);
}

static void
notify_add(int what, int watcher, int tag, int ctx, int target, int count)
{
	struct notify	*n;

	n = xcalloc(1, sizeof *n);
	n->what = what;
	n->watcher = watcher;
	n->tag = tag;
	n->ctx = ctx;
	n->target = target;
	n->count = count;
	TAILQ_INSERT_TAIL(&notify_all, n, entry);
	notify_n++;
}

/* Remove and fire the registrations that match; returns how many. */
static int
notify_cancel(int what, int watcher, int tag, int ctx, int target)
{
	struct notify	*n, *next;
	int		 found = 0;

	TAILQ_FOREACH_SAFE(n, &notify_all, entry, next) {
		if (n->what != what || n->watcher != watcher ||
		    n->tag != tag || n->ctx != ctx || n->target != target)
			continue;
		notify_remove(n);
		notify_send(watcher, tag, ctx, target);
		found++;
	}
	return (found);
}

/* Whether tid names a pvmd of this virtual machine. */
static int
notify_host_exists(int tid)
{
	uint32_t	u = (uint32_t)tid;

	return ((u & PVM_TID_LOCAL_MASK) == 0 && (u & PVM_TID_MCAST) == 0 &&
	    host_exists(task_host_of(tid)));
}

/*
 * NOTIFY from task t: register, cancel or fire at once, then answer
 * with a Status (PvmBadParam for an unknown event, PvmOutOfRes when
 * too many registrations exist).
 */
void
notify_handle(struct task *t, struct pvm_frame *f, Pvm__NotifyRequest *req)
{
	struct notify	*n, *next;
	int		 what, cancel, tid = task_tid(t), code = PvmOk;
	size_t		 i;

	what = req->what & ~PvmNotifyCancel;
	cancel = req->cancel || (req->what & PvmNotifyCancel) != 0;

	switch (what) {
	case PvmTaskExit:
	case PvmHostDelete:
		if (!cancel && notify_n + req->n_tids > NOTIFY_MAX)
			code = PvmOutOfRes;
		break;
	case PvmHostAdd:
		if (req->count < -1)
			code = PvmBadParam;
		break;
	case PvmRouteAdd:
	case PvmRouteDelete:
		code = PvmNotImpl;
		break;
	default:
		code = PvmBadParam;
		break;
	}
	log_debug("t%x: notify what %d tag %d n %zu cancel %d: %d", tid,
	    what, req->tag, req->n_tids, cancel, code);
	(void)task_reply_status(t, f->reqid, code);
	if (code != PvmOk)
		return;

	if (what == PvmHostAdd) {
		TAILQ_FOREACH_SAFE(n, &notify_all, entry, next) {
			if (n->what == PvmHostAdd && n->watcher == tid)
				notify_remove(n);
		}
		if (!cancel && req->count != 0)
			notify_add(what, tid, req->tag, req->ctx, 0,
			    req->count);
		return;
	}

	for (i = 0; i < req->n_tids; i++) {
		if (cancel) {
			(void)notify_cancel(what, tid, req->tag, req->ctx,
			    req->tids[i]);
			continue;
		}
		if (what == PvmTaskExit && route_is_remote(req->tids[i]) &&
		    task_is_tid(req->tids[i]) &&
		    host_exists(task_host_of(req->tids[i]))) {
			notify_add(what, tid, req->tag, req->ctx, req->tids[i],
			    0);
			route_watch(task_host_of(req->tids[i]), req->tids[i]);
			continue;
		}
		if ((what == PvmTaskExit && task_find(req->tids[i]) == NULL &&
		    migrate_move_where(req->tids[i]) == 0) ||
		    (what == PvmHostDelete &&
		    !notify_host_exists(req->tids[i]))) {
			notify_send(tid, req->tag, req->ctx, req->tids[i]);
			continue;
		}
		notify_add(what, tid, req->tag, req->ctx, req->tids[i], 0);
	}
}

/*
 * Task tid has exited: fire the PvmTaskExit notifies about it and drop
 * every registration it made.
 */
void
notify_task_exit(int tid)
{
	struct notify	*n, *next;

	TAILQ_FOREACH_SAFE(n, &notify_all, entry, next) {
		if (n->what == PvmTaskExit && n->target == tid) {
			notify_send(n->watcher, n->tag, n->ctx, tid);
			notify_remove(n);
		}
	}
	TAILQ_FOREACH_SAFE(n, &notify_all, entry, next) {
		if (n->watcher == tid)
			notify_remove(n);
	}
}

/*
 * Fire the PvmTaskExit notifies about tid (a task of another host that
 * exited).  Returns how many fired.
 */
int
notify_fire_task_exit(int tid)
{
	struct notify	*n, *next;
	int		 found = 0;

	TAILQ_FOREACH_SAFE(n, &notify_all, entry, next) {
		if (n->what == PvmTaskExit && n->target == tid) {
			notify_send(n->watcher, n->tag, n->ctx, tid);
			notify_remove(n);
			found++;
		}
	}
	return (found);
}

/*
 * Host h left the machine: fire the PvmHostDelete notifies about it and
 * the PvmTaskExit notifies about its tasks.
 */
void
notify_host_gone(int h)
{
	struct notify	*n, *next;

	TAILQ_FOREACH_SAFE(n, &notify_all, entry, next) {
		if (task_host_of(n->target) != h)
			continue;
		if (n->what == PvmHostDelete ||
		    (n->what == PvmTaskExit && task_is_tid(n->target))) {
			notify_send(n->watcher, n->tag, n->ctx, n->target);
			notify_remove(n);
		}
	}
}

/*
 * Hosts joined (their pvmd TIDs in dtids): send the PvmHostAdd
 * notifies, XDR ints n then the TIDs.
 */
void
notify_host_add(const int *dtids, size_t n)
{
	struct notify	*no, *next;
	uint32_t	*v;
	size_t		 i;

	if (n == 0)
		return;
	v = xcalloc(n + 1, sizeof *v);
	v[0] = htonl((uint32_t)n);
	for (i = 0; i < n; i++)
		v[i + 1] = htonl((uint32_t)dtids[i]);
	TAILQ_FOREACH_SAFE(no, &notify_all, entry, next) {
		if (no->what != PvmHostAdd)
			continue;
		log_debug("notify t%x tag %d: %zu hosts added", no->watcher,
		    no->tag, n);
		task_route(PVMD_TID, no->watcher, no->tag, no->ctx,
		    PVM_FRAME_ENC_XDR, v, (n + 1) * sizeof *v);
		if (no->count > 0 && --no->count == 0)
			notify_remove(no);
	}
	free(v);
}

/* This host is going away: fire every PvmHostDelete notify. */
void
notify_host_delete(void)
{
	struct notify	*n, *next;

	TAILQ_FOREACH_SAFE(n, &notify_all, entry, next) {
		if (n->what == PvmHostDelete) {
			notify_send(n->watcher, n->tag, n->ctx, n->target);
			notify_remove(n);
		}
	}
}

/* Halting: forget every registration. */
void
notify_free_all(void)
{
	struct notify	*n;

	while ((n = TAILQ_FIRST(&notify_all)) != NULL)
		notify_remove(n);
}
