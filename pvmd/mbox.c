/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * The mailbox service.  The mailbox lives in the master pvmd only, so it
 * is one for the whole machine and outlives any other host.  A slave
 * forwards its tasks' MBOX requests to the master (route.c) and passes
 * the MBOX_REPLY back.  Here the master runs them on the store
 * (mbox_store.c) for local tasks and, through a proxy, for tasks of other
 * hosts.
 *
 * Owner exits: a local task's exit calls mbox_task_exit from task_exit.
 * For a task of another host the master sends WATCH to that host when
 * the task first owns an entry or parks a request; the TASK_EXITED that
 * comes back (at once if the task is already gone) calls mbox_task_exit
 * too, and a lost host calls mbox_host_gone.  A parked request whose task
 * exited on another host is answered with PvmNoTask, so that the slave
 * forgets the forwarded request.
 */

#include <sys/types.h>
#include <sys/queue.h>

#include <stdlib.h>
#include <string.h>

#include "pvm3.h"
#include "log.h"
#include "xmalloc.h"
#include "pvmd.h"

static struct mbox_store	*mbox;

static struct mbox_store *mbox_get(void);
static struct task	*mbox_requester(int);
static void		 mbox_watch(int);
static void		 mbox_reply(int, uint32_t, int,
			     const struct mbox_entry *);
static void		 mbox_list(struct task *, uint32_t, const char *);
static void		 mbox_wakeup(struct mbox_entry *);

/* The store, made on first use. */
static struct mbox_store *
mbox_get(void)
{
	if (mbox == NULL)
		mbox = mbox_store_new(MBOX_ENTRIES_MAX, MBOX_BYTES_MAX,
		    MBOX_WAITERS_MAX);
	return (mbox);
}

/* The task a reply goes to: local, a proxy for a remote one, or NULL. */
static struct task *
mbox_requester(int tid)
{
	struct task	*t;

	/* Local, or a task that moved here (its TID is of another host). */
	if ((t = task_find(tid)) != NULL)
		return (t);
	if (route_is_remote(tid) && host_exists(task_host_of(tid)))
		return (task_proxy(tid));
	return (NULL);
}

/*
 * Task tid of another host is about to own an entry or wait: make sure
 * its host tells us when it exits.  Called before the store changes.
 */
static void
mbox_watch(int tid)
{
	if (route_is_remote(tid) && !mbox_store_owns(mbox_get(), tid))
		route_watch(task_host_of(tid), tid);
}

/* Answer tid's request reqid with code and, if e is set, its message. */
static void
mbox_reply(int tid, uint32_t reqid, int code, const struct mbox_entry *e)
{
	Pvm__MboxReply	 r = PVM__MBOX_REPLY__INIT;
	struct task	*t;

	if ((t = mbox_requester(tid)) == NULL)
		return;
	r.code = code;
	if (e != NULL) {
		r.owner = e->owner;
		r.enc = e->enc;
		r.data.data = e->data;
		r.data.len = e->len;
	}
	if (task_reply(t, PVM_MSG_MBOX_REPLY, reqid, &r.base) != 0)
		log_debug("t%x: MBOX_REPLY not sent", tid);
}

/* LIST: the classes matching pattern, as many as fit one reply. */
static void
mbox_list(struct task *t, uint32_t reqid, const char *pattern)
{
	Pvm__MboxReply	  r = PVM__MBOX_REPLY__INIT;
	Pvm__MboxClass	 *cls = NULL, **ptrs = NULL;
	struct mbox_entry *e, *first;
	size_t		  n = 0, cap = 0, k, cnt, size = 64;

	for (e = mbox_store_first(mbox_get()); e != NULL; ) {
		first = e;
		for (cnt = 0; e != NULL && strcmp(e->name, first->name) == 0;
		    e = mbox_store_next(e))
			cnt++;
		if (!mbox_store_match(pattern, first->name))
			continue;
		size += strlen(first->name) + 16 + cnt * 18;
		if (size > PVM_MAX_CTL_FRAME - 1024) {
			log_warnx("MBOX LIST: reply cut at %zu classes", n);
			break;
		}
		if (n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			cls = xreallocarray(cls, cap, sizeof *cls);
		}
		pvm__mbox_class__init(&cls[n]);
		cls[n].name = first->name;
		cls[n].n_indices = cls[n].n_owners = cls[n].n_flags = cnt;
		cls[n].indices = xcalloc(cnt, sizeof (int32_t));
		cls[n].owners = xcalloc(cnt, sizeof (int32_t));
		cls[n].flags = xcalloc(cnt, sizeof (int32_t));
		for (k = 0, e = first; k < cnt; k++, e = mbox_store_next(e)) {
			cls[n].indices[k] = e->index;
			cls[n].owners[k] = e->owner;
			cls[n].flags[k] = e->flags;
		}
		n++;
	}
	ptrs = xcalloc(n + 1, sizeof *ptrs);
	for (k = 0; k < n; k++)
		ptrs[k] = &cls[k];
	r.n_classes = n;
	r.classes = ptrs;
	(void)task_reply(t, PVM_MSG_MBOX_REPLY, reqid, &r.base);
	for (k = 0; k < n; k++) {
		free(cls[k].indices);
		free(cls[k].owners);
		free(cls[k].flags);
	}
	free(ptrs);
	free(cls);
}

/*
 * Entry e was just put: answer the requests parked for it, oldest first,
 * until one reads and deletes it.
 */
static void
mbox_wakeup(struct mbox_entry *e)
{
	struct mbox_waiter	*w;

	while ((w = mbox_store_wakeup(mbox_get(), e)) != NULL) {
		if (!(w->flags & PvmMboxReadAndDelete)) {
			mbox_reply(w->tid, w->reqid, e->index, e);
			mbox_store_waiter_free(w);
			continue;
		}
		if (!mbox_store_may_change(e, w->tid)) {
			mbox_reply(w->tid, w->reqid, PvmDenied, NULL);
			mbox_store_waiter_free(w);
			continue;
		}
		mbox_store_remove(mbox_get(), e);
		mbox_reply(w->tid, w->reqid, e->index, e);
		mbox_store_waiter_free(w);
		mbox_store_entry_free(e);
		break;
	}
}

/*
 * MBOX request f from task t (local, or a proxy for a task of another
 * host; this is the master).  Every request is answered with an
 * MBOX_REPLY, except a PvmMboxWaitForInfo get that finds nothing: that
 * one is parked until a put answers it or its task exits.
 */
void
mbox_handle(struct task *t, struct pvm_frame *f, Pvm__MboxRequest *req)
{
	struct mbox_store	*s = mbox_get();
	struct mbox_entry	*e = NULL;
	const char		*name = req->name != NULL ? req->name : "";
	int			 tid = task_tid(t), code;

	if (strlen(name) > PVM_MBOX_NAME_MAX ||
	    req->data.len > PVM_MBOX_DATA_MAX) {
		mbox_reply(tid, f->reqid, PvmOutOfRes, NULL);
		return;
	}
	switch (req->op) {
	case PVM_MBOX_PUT:
		mbox_watch(tid);
		code = mbox_store_put(s, name, tid, req->flags, req->enc,
		    req->data.data, req->data.len, &e);
		log_debug("t%x: putinfo \"%s\" flags 0x%x: %d", tid, name,
		    req->flags, code);
		mbox_reply(tid, f->reqid, code, NULL);
		if (code >= 0)
			mbox_wakeup(e);
		break;
	case PVM_MBOX_INSERT:
		mbox_watch(tid);
		code = mbox_store_insert(s, name, req->index, tid, req->enc,
		    req->data.data, req->data.len);
		mbox_reply(tid, f->reqid, code, NULL);
		break;
	case PVM_MBOX_GET:
		code = mbox_store_get(s, name, req->index, req->flags, tid,
		    &e);
		if (code == PvmNotFound &&
		    (req->flags & PvmMboxWaitForInfo)) {
			mbox_watch(tid);
			code = mbox_store_wait(s, name, req->index,
			    req->flags, tid, f->reqid);
			if (code == 0) {
				log_debug("t%x: recvinfo \"%s\" %d waits",
				    tid, name, req->index);
				break;
			}
		}
		mbox_reply(tid, f->reqid, code == 0 ? e->index : code,
		    code == 0 ? e : NULL);
		if (code == 0 && (req->flags & PvmMboxReadAndDelete))
			mbox_store_entry_free(e);
		break;
	case PVM_MBOX_DEL:
		code = mbox_store_del(s, name, req->index, tid);
		mbox_reply(tid, f->reqid, code, NULL);
		break;
	case PVM_MBOX_LIST:
		mbox_list(t, f->reqid, name);
		break;
	default:
		mbox_reply(tid, f->reqid, PvmBadParam, NULL);
		break;
	}
}

/*
 * Task tid exited (here, or on another host as TASK_EXITED told): its
 * entries go but the persistent ones, its parked requests are cancelled.
 */
void
mbox_task_exit(int tid)
{
	struct mbox_waiter	*w;

	if (mbox == NULL || !pvmd_host.master)
		return;
	mbox_store_owner_exit(mbox, tid);
	while ((w = mbox_store_unwait(mbox, tid, 0)) != NULL) {
		if (route_is_remote(tid))
			mbox_reply(tid, w->reqid, PvmNoTask, NULL);
		mbox_store_waiter_free(w);
	}
}

/* Host h left the machine: its tasks are gone for the mailbox too. */
void
mbox_host_gone(int h)
{
	if (mbox != NULL && pvmd_host.master)
		mbox_store_host_gone(mbox, h);
}

/* Halting: free the store. */
void
mbox_free_all(void)
{
	mbox_store_free(mbox);
	mbox = NULL;
}
