/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * The group service.  Like the mailbox, the table of dynamic groups
 * lives in the master pvmd only; a slave forwards its tasks' GROUP
 * requests to the master (route.c) and passes the GROUP_REPLY back.  The
 * master runs them on the store (group_store.c) for local tasks and,
 * through a proxy, for tasks of other hosts.  FREEZE is answered once
 * enough members called it.
 *
 * pvm_barrier does not come here: every pvmd runs it with its neighbours
 * in a tree (group_tree.c), from the CENSUS this module sends each pvmd
 * after every change of a group.  The census goes at once to this pvmd
 * and to the host of the task whose request made the change (before the
 * answer, so that the task's own pvmd knows it as a member); the other
 * hosts get it GROUP_CENSUS_DELAY_MS later, once for a burst of changes
 * (a group that many tasks join at once costs each host one census, not
 * one per join).  A late census only delays a pvmd's sending up in the
 * tree; the root, this pvmd, is always current.  That a group is gone
 * goes to every pvmd at once.
 *
 * Member exits: a local task's exit calls group_task_exit from
 * task_exit.  For a task of another host the master sends WATCH to its
 * host when the task first joins a group; the TASK_EXITED that comes
 * back calls group_task_exit too, and a lost host group_host_gone.  A
 * parked request of a task that exited on another host is answered with
 * PvmNoTask, so that the slave forgets the forwarded request.
 */

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/time.h>

#include <event2/event.h>
#include <stdlib.h>
#include <string.h>

#include "pvm3.h"
#include "log.h"
#include "xmalloc.h"
#include "pvmd.h"

/* How long the census of a change waits for more changes (see above). */
#define GROUP_CENSUS_DELAY_MS	10

/* A group whose census the other hosts have yet to get. */
struct group_pending {
	char				*name;
	TAILQ_ENTRY(group_pending)	 entry;
};

static struct group_store	*groups;
static struct event		*group_census_ev;
static TAILQ_HEAD(, group_pending) group_pendings =
    TAILQ_HEAD_INITIALIZER(group_pendings);

static struct group_store *group_get(void);
static struct task	*group_requester(int);
static void		 group_reply(int, uint32_t, int, const int *, size_t);
static void		 group_reply_members(int, uint32_t, const char *);
static void		 group_done(struct group_wlist *);
static void		 group_census(const char *, int);
static void		 group_census_send(const char *, int, int);
static void		 group_census_flush(evutil_socket_t, short, void *);
static void		 group_census_all(char **, size_t);

/* The table, made on first use. */
static struct group_store *
group_get(void)
{
	if (groups == NULL)
		groups = group_store_new(GROUP_MEMBERS_MAX);
	return (groups);
}

/* The task a reply goes to: local, a proxy for a remote one, or NULL. */
static struct task *
group_requester(int tid)
{
	struct task	*t;

	/* Local, or a task that moved here (its TID is of another host). */
	if ((t = task_find(tid)) != NULL)
		return (t);
	if (route_is_remote(tid) && host_exists(task_host_of(tid)))
		return (task_proxy(tid));
	return (NULL);
}

/* Answer tid's request reqid with code and, if n > 0, TIDs. */
static void
group_reply(int tid, uint32_t reqid, int code, const int *tids, size_t n)
{
	Pvm__GroupReply	 r = PVM__GROUP_REPLY__INIT;
	struct task	*t;

	if ((t = group_requester(tid)) == NULL)
		return;
	r.code = code;
	r.tids = (int32_t *)tids;
	r.n_tids = n;
	r.size = (int32_t)n;
	if (task_reply(t, PVM_MSG_GROUP_REPLY, reqid, &r.base) != 0)
		log_debug("t%x: GROUP_REPLY not sent", tid);
}

/* Answer MEMBERS request reqid of tid about group name. */
static void
group_reply_members(int tid, uint32_t reqid, const char *name)
{
	Pvm__GroupReply	 r = PVM__GROUP_REPLY__INIT;
	struct task	*t;
	int		*tids, *insts, code;
	size_t		 n;

	if ((t = group_requester(tid)) == NULL)
		return;
	if ((code = group_store_members(group_get(), name, &tids, &insts,
	    &n)) == 0)
		code = group_store_flags(group_get(), name);
	r.code = code;
	r.tids = tids;
	r.n_tids = n;
	r.insts = insts;
	r.n_insts = n;
	r.size = (int32_t)n;
	if (task_reply(t, PVM_MSG_GROUP_REPLY, reqid, &r.base) != 0)
		log_debug("t%x: GROUP_REPLY not sent", tid);
	free(tids);
	free(insts);
}

/*
 * Answer the released or cancelled requests of done.  A cancelled one
 * (PvmNoTask) is answered only for a task of another host, whose pvmd
 * waits for it; a local task that exited has no link.
 */
static void
group_done(struct group_wlist *done)
{
	struct group_waiter	*w;

	while ((w = TAILQ_FIRST(done)) != NULL) {
		TAILQ_REMOVE(done, w, entry);
		if (w->code != PvmNoTask || route_is_remote(w->tid))
			group_reply(w->tid, w->reqid, w->code, NULL, 0);
		free(w);
	}
}

/* Set up the timer of the delayed census. */
void
group_init(struct event_base *base)
{
	if ((group_census_ev = evtimer_new(base, group_census_flush, NULL)) ==
	    NULL)
		fatalx("group_init: evtimer_new failed");
}

/*
 * Group name changed: its census goes now to this pvmd and to host now
 * (0: none), a little later to every other host.
 */
static void
group_census(const char *name, int now)
{
	struct group_pending	*p;
	struct timeval		 tv = { 0, GROUP_CENSUS_DELAY_MS * 1000 };

	/* A group that is gone is gone everywhere at once. */
	if (group_store_flags(group_get(), name) == -1) {
		group_census_send(name, 0, 0);
		return;
	}
	group_census_send(name, PVMD_HOSTNUM, 0);
	if (now != 0 && now != PVMD_HOSTNUM && host_exists(now))
		group_census_send(name, now, 0);
	if (host_count() <= 1)
		return;
	TAILQ_FOREACH(p, &group_pendings, entry) {
		if (strcmp(p->name, name) == 0)
			return;
	}
	p = xcalloc(1, sizeof *p);
	p->name = xstrdup(name);
	TAILQ_INSERT_TAIL(&group_pendings, p, entry);
	if (group_census_ev == NULL)
		group_census_flush(-1, 0, NULL);
	else if (!evtimer_pending(group_census_ev, NULL) &&
	    evtimer_add(group_census_ev, &tv) == -1)
		fatalx("group_census: evtimer_add failed");
}

/* The delay is over: the pending census to every other host. */
static void
group_census_flush(__unused evutil_socket_t fd, __unused short events,
    __unused void *arg)
{
	struct group_pending	*p;

	while ((p = TAILQ_FIRST(&group_pendings)) != NULL) {
		TAILQ_REMOVE(&group_pendings, p, entry);
		group_census_send(p->name, 0, PVMD_HOSTNUM);
		free(p->name);
		free(p);
	}
}

/*
 * Send the census of group name, as the table has it now, to host only
 * (if not 0), else to every host but skip: the members per host, the
 * host's own members, the flags and the barrier round; a group that no
 * longer exists is sent as gone.
 */
static void
group_census_send(const char *name, int only, int skip)
{
	Pvm__GroupCensus	 c = PVM__GROUP_CENSUS__INIT;
	int			*tids = NULL, *hosts, *counts, *local;
	int			 flags, h, th;
	size_t			 n = 0, i, k, nh = 0, nl;

	if ((flags = group_store_flags(group_get(), name)) == -1)
		flags = 4;
	else
		(void)group_store_tids(group_get(), name, &tids, &n);
	hosts = xcalloc(n + 1, sizeof *hosts);
	counts = xcalloc(n + 1, sizeof *counts);
	local = xcalloc(n + 1, sizeof *local);
	for (i = 0; i < n; i++) {
		th = task_host_of(tids[i]);
		for (k = 0; k < nh && hosts[k] != th; k++)
			;
		if (k == nh)
			hosts[nh++] = th;
		counts[k]++;
	}
	c.group = (char *)name;
	c.flags = flags;
	c.hosts = hosts;
	c.n_hosts = nh;
	c.counts = counts;
	c.n_counts = nh;
	c.epoch = flags == 4 ? 0 : group_tree_epoch(name);
	c.round = group_tree_round(name);
	for (k = 0; (h = only != 0 ? (k == 0 ? only : 0) : host_nth(k)) != 0;
	    k++) {
		if (h == skip)
			continue;
		for (i = nl = 0; i < n; i++) {
			if (task_host_of(tids[i]) == h)
				local[nl++] = tids[i];
		}
		c.local = local;
		c.n_local = nl;
		if (h == PVMD_HOSTNUM) {
			if (group_tree_census(&c) != 0)
				fatalx("group_census_send: bad census");
		} else
			(void)link_send_ctl(h, PVM_MSG_GROUP_CENSUS, 0,
			    PVMD_TID, PVM_TID_DAEMON |
			    (h << PVM_TID_HOST_SHIFT), &c.base);
	}
	free(local);
	free(counts);
	free(hosts);
	free(tids);
}

/* The census of each of the n groups of names; frees names. */
static void
group_census_all(char **names, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		group_census(names[i], 0);
		free(names[i]);
	}
	free(names);
}

/* The master: whether tid is a member of group name. */
int
group_is_member(const char *name, int tid)
{
	return (groups != NULL && group_store_getinst(groups, name, tid) >= 0);
}

/*
 * GROUP request from task t (local, or a proxy for a task of another
 * host; this is the master; on a slave only BARRIER of a local task).
 * BARRIER goes to group_tree.c.  Every other request is answered with a
 * GROUP_REPLY, except a FREEZE that has to wait for other
 * members: that one is parked until enough arrive, or members leave.
 */
void
group_handle(struct task *t, struct pvm_frame *f, Pvm__GroupRequest *req)
{
	struct group_store	*s = group_get();
	struct group_wlist	 done = TAILQ_HEAD_INITIALIZER(done);
	const char		*name = req->group;
	int			 tid = task_tid(t), code, *tids;
	size_t			 n;

	TAILQ_INIT(&done);
	if ((code = group_store_name_ok(name)) != 0) {
		group_reply(tid, f->reqid, code, NULL, 0);
		return;
	}
	if (req->op == PVM_GROUP_BARRIER) {
		/* The tree counts a task on its TID's host: not a guest. */
		if (route_is_remote(tid))
			group_reply(tid, f->reqid, task_is_guest(t) ?
			    PvmNotImpl : PvmBadParam, NULL, 0);
		else
			group_tree_barrier(t, f, req);
		return;
	}
	if (!pvmd_host.master) {
		/* route_task_request forwards or refuses these. */
		log_warnx("t%x: group op %d on a slave", tid, req->op);
		group_reply(tid, f->reqid, PvmNotImpl, NULL, 0);
		return;
	}
	switch (req->op) {
	case PVM_GROUP_JOIN:
		if (route_is_remote(tid) && !group_store_has(s, tid))
			route_watch(task_host_of(tid), tid);
		code = group_store_join(s, name, tid);
		log_debug("t%x: joingroup \"%s\": %d", tid, name, code);
		if (code >= 0)
			group_census(name, task_host_of(tid));
		group_reply(tid, f->reqid, code, NULL, 0);
		break;
	case PVM_GROUP_LEAVE:
		code = group_store_leave(s, name, tid, &done);
		log_debug("t%x: lvgroup \"%s\": %d", tid, name, code);
		if (code == 0)
			group_census(name, task_host_of(tid));
		group_reply(tid, f->reqid, code, NULL, 0);
		break;
	case PVM_GROUP_GETINST:
		code = group_store_getinst(s, name, req->tid);
		group_reply(tid, f->reqid, code, NULL, 0);
		break;
	case PVM_GROUP_GETTID:
		code = group_store_gettid(s, name, req->inst);
		group_reply(tid, f->reqid, code, NULL, 0);
		break;
	case PVM_GROUP_SIZE:
		code = group_store_size(s, name);
		group_reply(tid, f->reqid, code, NULL, 0);
		break;
	case PVM_GROUP_TIDS:
		code = group_store_tids(s, name, &tids, &n);
		group_reply(tid, f->reqid, code, tids, n);
		free(tids);
		break;
	case PVM_GROUP_MEMBERS:
		group_reply_members(tid, f->reqid, name);
		break;
	case PVM_GROUP_FREEZE:
		code = group_store_sync(s, name, req->op, tid, req->count,
		    f->reqid, &done);
		log_debug("t%x: freezegroup \"%s\" count %d: %d", tid,
		    name, req->count, code);
		if (code != 0)
			group_reply(tid, f->reqid, code, NULL, 0);
		else if (!TAILQ_EMPTY(&done))
			group_census(name, 0);
		break;
	default:
		group_reply(tid, f->reqid, PvmBadParam, NULL, 0);
		break;
	}
	group_done(&done);
}

/*
 * Task tid exited (here, or on another host as TASK_EXITED told): it
 * leaves its groups; barriers waiting for it are re-evaluated.
 */
void
group_task_exit(int tid)
{
	struct group_wlist	done = TAILQ_HEAD_INITIALIZER(done);

	char			**names;
	size_t			  n, i;

	group_tree_task_exit(tid);
	if (groups == NULL || !pvmd_host.master)
		return;
	TAILQ_INIT(&done);
	names = group_store_names(groups, tid, &n);
	for (i = 0; i < n; i++)
		group_tree_member_exit(names[i]);
	group_store_task_exit(groups, tid, &done);
	group_census_all(names, n);
	group_done(&done);
}

/* Host h left the machine: its tasks leave their groups. */
void
group_host_gone(int h)
{
	struct group_wlist	done = TAILQ_HEAD_INITIALIZER(done);

	char			**names;
	size_t			  n, i, k;
	int			 *tids;
	size_t			  nt;

	group_tree_host_gone(h);
	if (groups == NULL || !pvmd_host.master)
		return;
	TAILQ_INIT(&done);
	names = group_store_names(groups, 0, &n);
	for (i = 0; i < n; i++) {
		if (group_store_tids(groups, names[i], &tids, &nt) != 0)
			continue;
		for (k = 0; k < nt; k++) {
			if (task_host_of(tids[k]) == h)
				group_tree_member_exit(names[i]);
		}
		free(tids);
	}
	group_store_host_gone(groups, h, &done);
	group_census_all(names, n);
	group_done(&done);
}

/* Halting: free the table. */
void
group_free_all(void)
{
	struct group_pending	*p;

	group_store_free(groups);
	groups = NULL;
	group_tree_free_all();
	while ((p = TAILQ_FIRST(&group_pendings)) != NULL) {
		TAILQ_REMOVE(&group_pendings, p, entry);
		free(p->name);
		free(p);
	}
	if (group_census_ev != NULL)
		event_free(group_census_ev);
	group_census_ev = NULL;
}
