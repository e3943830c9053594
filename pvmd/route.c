/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Routing between hosts.  Data frames for a TID of another host go over
 * the link to that host.  A task's request about one other host is
 * forwarded there; a request that needs several hosts (a spawn spread
 * over the machine, the tasks of the whole machine) is split into
 * sub-requests.  Either way the request waits in a table keyed by our
 * own reqid until its reply comes back, or fails with PvmHostFail when
 * its host goes away: nothing waits forever.  TaskExit notifies about
 * remote tasks use WATCH and TASK_EXITED between the pvmds.
 */

#include <sys/types.h>
#include <sys/queue.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pvm3.h"
#include "log.h"
#include "xmalloc.h"
#include "pvmd.h"

#define ROUTE_BUCKETS	256
/* Tasks kept for one machine-wide TASKS reply, at most. */
#define ROUTE_TINFO_MAX	(1 << 20)

enum route_kind {
	ROUTE_FORWARD,		/* reply goes to the task as it is */
	ROUTE_SPAWN,		/* part of a spread spawn */
	ROUTE_TASKS		/* part of a machine-wide TASKS */
};

/* A task's TaskInfo kept while the other hosts answer. */
struct route_tinfo {
	int		 tid;
	int		 ptid;
	int		 host;
	int		 flag;
	int		 pid;
	char		*name;
};

/* A request split over several hosts. */
struct route_gather {
	int			 tid;		/* requester */
	uint32_t		 treqid;
	int			 type;		/* SPAWN or TASKS */
	int			 left;		/* parts not answered */
	int			*tids;		/* spawn results */
	size_t			 count;
	struct route_tinfo	*infos;
	size_t			 ninfos;
	size_t			 capinfos;
};

struct route_pending {
	uint32_t			 reqid;
	int				 host;
	enum route_kind			 kind;
	int				 tid;
	uint32_t			 treqid;
	int				 rtype;		/* reply type */
	int				 count;
	struct route_gather		*g;
	size_t				 off;
	TAILQ_ENTRY(route_pending)	 entry;
};
TAILQ_HEAD(route_bucket, route_pending);

/* A remote host wants to hear when a task of ours exits. */
struct route_watch {
	int			 tid;
	int			 host;
	TAILQ_ENTRY(route_watch) entry;
};

static struct route_bucket	 route_table[ROUTE_BUCKETS];
static u_int			 route_npending;
static uint32_t			 route_next = 1;
static TAILQ_HEAD(, route_watch) route_watches =
    TAILQ_HEAD_INITIALIZER(route_watches);
/* The local task that asked for a HALT, spared when the master's comes. */
static int			 route_halt_tid;
/* Smooth weighted round robin credit of each host, for spawns. */
static int			 route_credit[PVM_TID_MAX_HOST + 1];

static struct route_pending *route_add(int, enum route_kind, int, uint32_t,
			     int, int);
static struct route_pending *route_pop(uint32_t);
static struct route_pending *route_lookup(uint32_t);
static void		 route_fail(struct route_pending *);
static void		 route_reply_fail(int, uint32_t, int, int, int);
static int		 route_moved_target(struct pvm_frame *, ProtobufCMessage *);
static int		 route_forward(struct task *, struct pvm_frame *, int,
			     int, int);
static int		 route_spawn(struct task *, struct pvm_frame *,
			     Pvm__SpawnRequest *);
static int		 route_tasks_all(struct task *, struct pvm_frame *);
static void		 route_gather_part(struct route_gather *);
static void		 route_gather_finish(struct route_gather *);
static void		 route_siblings(struct route_gather *);
static void		 route_tinfo_add(struct route_gather *,
			     const Pvm__TaskInfo *);
static void		 route_tinfo_cb(const Pvm__TaskInfo *, void *);
static struct task	*route_requester(int);
static int		 route_check_reply(int, struct route_pending *,
			     ProtobufCMessage *);

/* Set up the empty tables. */
void
route_init(__unused struct event_base *base)
{
	size_t	i;

	for (i = 0; i < ROUTE_BUCKETS; i++)
		TAILQ_INIT(&route_table[i]);
}

/* Whether tid (a task or pvmd) belongs to another host. */
int
route_is_remote(int tid)
{
	int	h = task_host_of(tid);

	return (h != 0 && h != PVMD_HOSTNUM);
}

/*
 * A data frame for a TID of another host: over the link to that host
 * (kept until it is up), or dropped if the host is unknown.
 */
void
route_data(const struct pvm_frame *hdr, const void *body, size_t len)
{
	int	h = task_host_of(hdr->dst);

	if (link_send(h, hdr, body, len) != 0)
		log_debug("data t%x -> t%x tag %d: no link to host %d, "
		    "dropped", hdr->src, hdr->dst, hdr->tag, h);
}

/* The local task a reply goes to, or a proxy for a remote one. */
static struct task *
route_requester(int tid)
{
	if (route_is_remote(tid))
		return (task_proxy(tid));
	return (task_find(tid));
}

static struct route_pending *
route_add(int host, enum route_kind kind, int tid, uint32_t treqid,
    int rtype, int count)
{
	struct route_pending	*p, *q;
	int			 used;

	if (route_npending >= ROUTE_PENDING_MAX)
		return (NULL);
	p = xcalloc(1, sizeof *p);
	do {
		p->reqid = route_next++;
		if (route_next == 0)
			route_next = 1;
		used = 0;
		TAILQ_FOREACH(q, &route_table[p->reqid % ROUTE_BUCKETS],
		    entry) {
			if (q->reqid == p->reqid)
				used = 1;
		}
	} while (used || p->reqid == 0);
	p->host = host;
	p->kind = kind;
	p->tid = tid;
	p->treqid = treqid;
	p->rtype = rtype;
	p->count = count;
	TAILQ_INSERT_TAIL(&route_table[p->reqid % ROUTE_BUCKETS], p, entry);
	route_npending++;
	return (p);
}

static struct route_pending *
route_pop(uint32_t reqid)
{
	struct route_pending	*p;

	if ((p = route_lookup(reqid)) != NULL) {
		TAILQ_REMOVE(&route_table[reqid % ROUTE_BUCKETS], p, entry);
		route_npending--;
	}
	return (p);
}

/* The pending request reqid, left in the table; NULL if none. */
static struct route_pending *
route_lookup(uint32_t reqid)
{
	struct route_pending	*p;

	TAILQ_FOREACH(p, &route_table[reqid % ROUTE_BUCKETS], entry) {
		if (p->reqid == reqid)
			return (p);
	}
	return (NULL);
}

/* Answer requester tid's request of reply type rtype with code. */
static void
route_reply_fail(int tid, uint32_t reqid, int rtype, int count, int code)
{
	Pvm__Status		 st = PVM__STATUS__INIT;
	Pvm__SpawnReply		 sr = PVM__SPAWN_REPLY__INIT;
	Pvm__TasksReply		 tr = PVM__TASKS_REPLY__INIT;
	Pvm__HostSyncReply	 hr = PVM__HOST_SYNC_REPLY__INIT;
	Pvm__AddHostsReply	 ar = PVM__ADD_HOSTS_REPLY__INIT;
	ProtobufCMessage	*m;
	struct task		*t;
	int			*codes = NULL, i;

	if ((t = route_requester(tid)) == NULL)
		return;
	if (count < 1)
		count = 1;
	switch (rtype) {
	case PVM_MSG_SPAWN_REPLY:
	case PVM_MSG_ADDHOSTS_REPLY:
		codes = xcalloc(count, sizeof *codes);
		for (i = 0; i < count; i++)
			codes[i] = code;
		sr.n_tids = ar.n_results = count;
		sr.tids = ar.results = codes;
		m = rtype == PVM_MSG_SPAWN_REPLY ? &sr.base : &ar.base;
		break;
	case PVM_MSG_TASKS_REPLY:
		tr.code = code;
		m = &tr.base;
		break;
	case PVM_MSG_HOSTSYNC_REPLY:
		hr.code = code;
		m = &hr.base;
		break;
	default:
		st.code = code;
		m = &st.base;
		rtype = PVM_MSG_STATUS;
		break;
	}
	(void)task_reply(t, rtype, reqid, m);
	free(codes);
}

/*
 * Forward task t's request f as it is to host, with our own reqid; the
 * reply (of type rtype) goes back to t.  Returns 1 (handled).
 */
static int
route_forward(struct task *t, struct pvm_frame *f, int host, int rtype,
    int count)
{
	struct route_pending	*p;
	struct pvm_frame	 hdr;

	p = route_add(host, ROUTE_FORWARD, task_tid(t), f->reqid, rtype,
	    count);
	if (p == NULL) {
		route_reply_fail(task_tid(t), f->reqid, rtype, count,
		    PvmOutOfRes);
		return (1);
	}
	hdr = *f;
	hdr.reqid = p->reqid;
	hdr.src = task_tid(t);
	log_debug("%s: %s forwarded to host %d as reqid %u", task_label(t),
	    pvm_msgtype_str(f->type), host, p->reqid);
	if (link_send(host, &hdr, f->body, f->len) != 0) {
		(void)route_pop(p->reqid);
		free(p);
		route_reply_fail(task_tid(t), f->reqid, rtype, count,
		    PvmHostFail);
	}
	return (1);
}

/* Every part of a request failed or answered: is it complete? */
static void
route_gather_part(struct route_gather *g)
{
	if (--g->left == 0)
		route_gather_finish(g);
}

static void
route_gather_finish(struct route_gather *g)
{
	Pvm__SpawnReply	  sr = PVM__SPAWN_REPLY__INIT;
	Pvm__TasksReply	  tr = PVM__TASKS_REPLY__INIT;
	Pvm__TaskInfo	 *infos = NULL, **ptrs = NULL;
	struct task	 *t;
	size_t		  i, n = 0, size = 0;

	if (g->type == PVM_MSG_SPAWN && !pvmd_is_halting())
		route_siblings(g);
	if ((t = route_requester(g->tid)) != NULL) {
		if (g->type == PVM_MSG_SPAWN) {
			sr.n_tids = g->count;
			sr.tids = g->tids;
			(void)task_reply(t, PVM_MSG_SPAWN_REPLY, g->treqid,
			    &sr.base);
		} else {
			infos = xcalloc(g->ninfos + 1, sizeof *infos);
			ptrs = xcalloc(g->ninfos + 1, sizeof *ptrs);
			for (i = 0; i < g->ninfos; i++) {
				pvm__task_info__init(&infos[n]);
				infos[n].tid = g->infos[i].tid;
				infos[n].ptid = g->infos[i].ptid;
				infos[n].host = g->infos[i].host;
				infos[n].flag = g->infos[i].flag;
				infos[n].pid = g->infos[i].pid;
				infos[n].name = g->infos[i].name;
				size += protobuf_c_message_get_packed_size(
				    &infos[n].base) + 8;
				if (size > PVM_MAX_CTL_FRAME - 64)
					break;
				ptrs[n] = &infos[n];
				n++;
			}
			tr.n_tasks = n;
			tr.tasks = ptrs;
			(void)task_reply(t, PVM_MSG_TASKS_REPLY, g->treqid,
			    &tr.base);
			free(ptrs);
			free(infos);
		}
	}
	for (i = 0; i < g->ninfos; i++)
		free(g->infos[i].name);
	free(g->infos);
	free(g->tids);
	free(g);
}

/*
 * A spread spawn is complete: the TIDs that started, in request order,
 * are the sibling list of each of them.  Our share gets it here, every
 * other host that started some gets it in a SIBLINGS message.
 */
static void
route_siblings(struct route_gather *g)
{
	Pvm__Siblings	 sm = PVM__SIBLINGS__INIT;
	char		*sent;
	int		*ok;
	size_t		 i, n = 0;
	int		 h;

	ok = xcalloc(g->count + 1, sizeof *ok);
	for (i = 0; i < g->count; i++) {
		if (g->tids[i] > 0)
			ok[n++] = g->tids[i];
	}
	if (n != 0) {
		sm.n_tids = n;
		sm.tids = ok;
		sent = xcalloc(PVM_TID_MAX_HOST + 1, 1);
		for (i = 0; i < n; i++) {
			h = task_host_of(ok[i]);
			if (h == PVMD_HOSTNUM || sent[h])
				continue;
			sent[h] = 1;
			if (link_send_ctl(h, PVM_MSG_SIBLINGS, 0, PVMD_TID,
			    PVM_TID_DAEMON | (h << PVM_TID_HOST_SHIFT),
			    &sm.base) != 0)
				log_warnx("SIBLINGS for host %d not sent", h);
		}
		free(sent);
		task_sibs_complete(PVMD_HOSTNUM, ok, n);
	}
	free(ok);
}

static void
route_tinfo_add(struct route_gather *g, const Pvm__TaskInfo *ti)
{
	struct route_tinfo	*r;

	if (g->ninfos >= ROUTE_TINFO_MAX)
		return;
	if (g->ninfos == g->capinfos) {
		g->capinfos = g->capinfos == 0 ? 64 : g->capinfos * 2;
		g->infos = xreallocarray(g->infos, g->capinfos,
		    sizeof *g->infos);
	}
	r = &g->infos[g->ninfos++];
	r->tid = ti->tid;
	r->ptid = ti->ptid;
	r->host = ti->host;
	r->flag = ti->flag;
	r->pid = ti->pid;
	r->name = xstrdup(ti->name != NULL ? ti->name : "");
	if (strlen(r->name) > TASK_NAME_MAX)
		r->name[TASK_NAME_MAX] = '\0';
}

static void
route_tinfo_cb(const Pvm__TaskInfo *ti, void *arg)
{
	route_tinfo_add(arg, ti);
}

/* A part failed (its host is gone): fill in PvmHostFail. */
static void
route_fail(struct route_pending *p)
{
	size_t	i;

	switch (p->kind) {
	case ROUTE_FORWARD:
		route_reply_fail(p->tid, p->treqid, p->rtype, p->count,
		    PvmHostFail);
		break;
	case ROUTE_SPAWN:
		for (i = 0; i < (size_t)p->count; i++)
			p->g->tids[p->off + i] = PvmHostFail;
		route_gather_part(p->g);
		break;
	case ROUTE_TASKS:
		route_gather_part(p->g);
		break;
	}
	free(p);
}

/*
 * SPAWN from task t: placed on one host (forwarded, or 0 to let the
 * local handler run it) or spread over several.  Returns 1 if handled.
 */
static int
route_spawn(struct task *t, struct pvm_frame *f, Pvm__SpawnRequest *req)
{
	Pvm__SpawnRequest	 sub;
	struct route_gather	*g;
	struct route_pending	*p;
	struct pvm_frame	 hdr;
	int			 cand[PVM_TID_MAX_HOST], cnt[PVM_TID_MAX_HOST];
	int			 ncand = 0, h, i, best, total, except = 0;
	size_t			 off, len, k;
	uint8_t			*body;

	if (req->count < 1 || req->count > TASK_SPAWN_MAX ||
	    host_count() == 1)
		return (0);
	if (req->flags & PvmTaskHost) {
		if ((h = host_find_name(req->where)) == 0)
			return (0);
		if (!(req->flags & PvmHostCompl)) {
			if (h == PVMD_HOSTNUM)
				return (0);
			return (route_forward(t, f, h, PVM_MSG_SPAWN_REPLY,
			    req->count));
		}
		except = h;
	}
	for (k = 0; (h = host_nth(k)) != 0; k++) {
		if (h == except)
			continue;
		if ((req->flags & PvmTaskArch) &&
		    strcmp(host_arch(h), req->where) != 0)
			continue;
		if (h != PVMD_HOSTNUM && !link_is_up(h))
			continue;
		cand[ncand++] = h;
	}
	if (ncand == 0) {
		route_reply_fail(task_tid(t), f->reqid, PVM_MSG_SPAWN_REPLY,
		    req->count, PvmNoHost);
		return (1);
	}
	if (ncand == 1 && cand[0] == PVMD_HOSTNUM &&
	    !(req->flags & PvmHostCompl))
		return (0);

	/* Smooth weighted round robin: speed is the weight. */
	memset(cnt, 0, sizeof cnt);
	for (total = 0, i = 0; i < ncand; i++)
		total += host_speed(cand[i]);
	for (k = 0; k < (size_t)req->count; k++) {
		best = 0;
		for (i = 0; i < ncand; i++) {
			route_credit[cand[i]] += host_speed(cand[i]);
			if (route_credit[cand[i]] > route_credit[cand[best]])
				best = i;
		}
		route_credit[cand[best]] -= total;
		cnt[best]++;
	}

	g = xcalloc(1, sizeof *g);
	g->tid = task_tid(t);
	g->treqid = f->reqid;
	g->type = PVM_MSG_SPAWN;
	g->count = req->count;
	g->tids = xcalloc(g->count, sizeof *g->tids);
	g->left = 1;
	for (off = 0, i = 0; i < ncand; off += cnt[i], i++) {
		if (cnt[i] == 0)
			continue;
		sub = *req;
		sub.count = cnt[i];
		sub.spread = 1;
		sub.flags = (req->flags & ~(PvmTaskHost | PvmTaskArch |
		    PvmHostCompl)) | PvmTaskHost;
		sub.where = (char *)host_name(cand[i]);
		if (cand[i] == PVMD_HOSTNUM) {
			task_spawn_local(task_tid(t), &sub, g->tids + off,
			    cnt[i]);
			continue;
		}
		p = route_add(cand[i], ROUTE_SPAWN, g->tid, 0,
		    PVM_MSG_SPAWN_REPLY, cnt[i]);
		if (p == NULL) {
			for (k = 0; k < (size_t)cnt[i]; k++)
				g->tids[off + k] = PvmOutOfRes;
			continue;
		}
		p->g = g;
		p->off = off;
		g->left++;
		memset(&hdr, 0, sizeof hdr);
		hdr.type = PVM_MSG_SPAWN;
		hdr.reqid = p->reqid;
		hdr.src = g->tid;
		hdr.dst = PVM_TID_DAEMON | (cand[i] << PVM_TID_HOST_SHIFT);
		len = wire_ctl_size(&sub.base);
		body = xmalloc(len + 1);
		if (wire_ctl_pack(&sub.base, body) != len)
			fatalx("SPAWN: pack failed");
		if (link_send(cand[i], &hdr, body, len) != 0) {
			(void)route_pop(p->reqid);
			route_fail(p);
		}
		free(body);
	}
	route_gather_part(g);
	return (1);
}

/* TASKS of the whole machine: ours and every other host's. */
static int
route_tasks_all(struct task *t, struct pvm_frame *f)
{
	Pvm__TasksRequest	 sub = PVM__TASKS_REQUEST__INIT;
	struct route_gather	*g;
	struct route_pending	*p;
	size_t			 k;
	int			 h;

	g = xcalloc(1, sizeof *g);
	g->tid = task_tid(t);
	g->treqid = f->reqid;
	g->type = PVM_MSG_TASKS;
	g->left = 1;
	task_foreach_info(route_tinfo_cb, g);
	for (k = 0; (h = host_nth(k)) != 0; k++) {
		if (h == PVMD_HOSTNUM)
			continue;
		p = route_add(h, ROUTE_TASKS, g->tid, 0, PVM_MSG_TASKS_REPLY,
		    0);
		if (p == NULL)
			continue;
		p->g = g;
		g->left++;
		sub.where = h << PVM_TID_HOST_SHIFT;
		if (link_send_ctl(h, PVM_MSG_TASKS, p->reqid, g->tid,
		    PVM_TID_DAEMON | (h << PVM_TID_HOST_SHIFT),
		    &sub.base) != 0) {
			(void)route_pop(p->reqid);
			route_fail(p);
		}
	}
	route_gather_part(g);
	return (1);
}

/*
 * A request from local task t, before the local handlers see it.
 * Returns 1 if it was forwarded, split or answered here, 0 if the local
 * handler must run it.
 */
int
route_task_request(struct task *t, struct pvm_frame *f, ProtobufCMessage *m)
{
	Pvm__TaskRequest	*tr;
	Pvm__TasksRequest	*tsr;
	Pvm__HostSyncRequest	*hsr;
	Pvm__HostRequest	*hr;
	int			 h;

	/*
	 * A task that moved here has a TID of another host, which other
	 * pvmds do not take requests from: it is answered here.
	 */
	if (task_is_guest(t)) {
		/*
		 * Groups and the mailbox live on the master, which takes no
		 * request for a TID of another host from a slave: a guest
		 * here gets a clear refusal, not a store of this pvmd's own.
		 */
		if (!pvmd_host.master && (f->type == PVM_MSG_GROUP ||
		    f->type == PVM_MSG_MBOX)) {
			log_warnx("t%x: group or mailbox call of a task that "
			    "moved here: not on a slave", task_tid(t));
			(void)task_reply_status(t, f->reqid, PvmNotImpl);
			return (1);
		}
		return (0);
	}
	/*
	 * A request about a task of this host that moved away goes where
	 * it runs, if it comes from a task of this host (that pvmd takes
	 * requests from us for our tasks only).
	 */
	if (!task_remote(t) && (h = route_moved_target(f, m)) != 0)
		return (route_forward(t, f, h, PVM_MSG_STATUS, 1));
	switch (f->type) {
	case PVM_MSG_CHAN_OPEN:
		/* A direct route to a task of another host: its pvmd. */
		h = task_host_of(((Pvm__ChanRequest *)m)->tid);
		if (!route_is_remote(((Pvm__ChanRequest *)m)->tid))
			return (0);
		if (!host_exists(h)) {
			route_reply_fail(task_tid(t), f->reqid, PVM_MSG_STATUS,
			    1, PvmNoTask);
			return (1);
		}
		return (route_forward(t, f, h, PVM_MSG_CHAN_REPLY, 1));
	case PVM_MSG_KILL:
	case PVM_MSG_SIGNAL:
	case PVM_MSG_PSTAT:
		tr = (Pvm__TaskRequest *)m;
		if (!route_is_remote(tr->tid))
			return (0);
		h = task_host_of(tr->tid);
		if (!host_exists(h)) {
			route_reply_fail(task_tid(t), f->reqid, PVM_MSG_STATUS,
			    1, PvmNoTask);
			return (1);
		}
		return (route_forward(t, f, h, PVM_MSG_STATUS, 1));
	case PVM_MSG_TASKS:
		tsr = (Pvm__TasksRequest *)m;
		if (tsr->where == 0)
			return (host_count() > 1 ? route_tasks_all(t, f) : 0);
		if (!route_is_remote(tsr->where))
			return (0);
		h = task_host_of(tsr->where);
		if (!host_exists(h)) {
			route_reply_fail(task_tid(t), f->reqid,
			    PVM_MSG_TASKS_REPLY, 1, PvmNoHost);
			return (1);
		}
		return (route_forward(t, f, h, PVM_MSG_TASKS_REPLY, 1));
	case PVM_MSG_HOSTSYNC:
		hsr = (Pvm__HostSyncRequest *)m;
		if (!route_is_remote(hsr->host))
			return (0);
		h = task_host_of(hsr->host);
		if (!host_exists(h) ||
		    ((uint32_t)hsr->host & PVM_TID_LOCAL_MASK) != 0)
			return (0);
		return (route_forward(t, f, h, PVM_MSG_HOSTSYNC_REPLY, 1));
	case PVM_MSG_SPAWN:
		return (route_spawn(t, f, (Pvm__SpawnRequest *)m));
	case PVM_MSG_HALT:
		if (pvmd_host.master)
			return (0);
		route_halt_tid = task_tid(t);
		return (route_forward(t, f, 1, PVM_MSG_STATUS, 1));
	case PVM_MSG_ADDHOSTS:
	case PVM_MSG_DELHOSTS:
		if (pvmd_host.master)
			return (0);
		hr = (Pvm__HostRequest *)m;
		return (route_forward(t, f, 1, PVM_MSG_ADDHOSTS_REPLY,
		    (int)hr->n_names));
	case PVM_MSG_MBOX:
		if (pvmd_host.master)
			return (0);
		return (route_forward(t, f, 1, PVM_MSG_MBOX_REPLY, 1));
	case PVM_MSG_GROUP:
		/* barriers run in every pvmd (group_tree.c) */
		if (pvmd_host.master ||
		    ((Pvm__GroupRequest *)m)->op == PVM_GROUP_BARRIER)
			return (0);
		return (route_forward(t, f, 1, PVM_MSG_GROUP_REPLY, 1));
	/* checkpoint and migration: to the task's home pvmd */
	case PVM_MSG_CKPT:
	case PVM_MSG_MIGRATE:
		h = task_host_of(((Pvm__CheckpointRequest *)m)->tid);
		if (!route_is_remote(((Pvm__CheckpointRequest *)m)->tid))
			return (0);
		if (!host_exists(h)) {
			route_reply_fail(task_tid(t), f->reqid, PVM_MSG_STATUS,
			    1, PvmNoTask);
			return (1);
		}
		return (route_forward(t, f, h, PVM_MSG_STATUS, 1));
	default:
		return (0);
	}
}

/*
 * The host a KILL, SIGNAL, PSTAT or CKPT request must go to because the
 * task it is about moved there (migrate.c); 0 if none.
 */
static int
route_moved_target(struct pvm_frame *f, ProtobufCMessage *m)
{
	int	tid;

	switch (f->type) {
	case PVM_MSG_KILL:
	case PVM_MSG_SIGNAL:
	case PVM_MSG_PSTAT:
		tid = ((Pvm__TaskRequest *)m)->tid;
		break;
	case PVM_MSG_CKPT:
		tid = ((Pvm__CheckpointRequest *)m)->tid;
		break;
	default:
		return (0);
	}
	if (!task_is_tid(tid) || task_host_of(tid) != PVMD_HOSTNUM ||
	    task_find(tid) != NULL)
		return (0);
	return (migrate_move_where(tid));
}

/*
 * A request from host over its link (from one of its tasks or its
 * pvmd): run here, the reply goes back over the link.
 */
void
route_link_request(int host, struct pvm_frame *f, ProtobufCMessage *m)
{
	struct task	*t = task_proxy(f->src);

	/* A slave told by the master to halt stops; the master answers. */
	if (f->type == PVM_MSG_HALT && !pvmd_host.master) {
		if (host == 1)
			pvmd_halt(route_halt_tid != 0 ?
			    task_find(route_halt_tid) : NULL);
		return;
	}
	if (dispatch_request(t, f, m) != 0)
		fatalx("route_link_request: %s", pvm_msgtype_str(f->type));
}

/*
 * Check the reply m from host to request p: a SPAWN_REPLY has one entry
 * per task asked for, each an error code or a TID of that host; a
 * TASKS_REPLY we gather lists tasks of that host only.  Returns 0, or -1
 * (logged) if the reply is malformed.
 */
static int
route_check_reply(int host, struct route_pending *p, ProtobufCMessage *m)
{
	Pvm__SpawnReply	*sr;
	Pvm__TasksReply	*tr;
	size_t		 i;
	int		 tid;

	switch (p->rtype) {
	case PVM_MSG_SPAWN_REPLY:
		sr = (Pvm__SpawnReply *)m;
		if (sr->n_tids != (size_t)p->count) {
			log_warnx("host %d: SPAWN_REPLY with %zu TIDs, not %d",
			    host, sr->n_tids, p->count);
			return (-1);
		}
		for (i = 0; i < sr->n_tids; i++) {
			tid = sr->tids[i];
			if (tid < 0 || (task_is_tid(tid) &&
			    task_host_of(tid) == host))
				continue;
			log_warnx("host %d: SPAWN_REPLY: bad TID 0x%x", host,
			    (unsigned int)tid);
			return (-1);
		}
		break;
	case PVM_MSG_TASKS_REPLY:
		if (p->kind != ROUTE_TASKS)
			break;
		tr = (Pvm__TasksReply *)m;
		for (i = 0; i < tr->n_tasks; i++) {
			tid = tr->tasks[i]->tid;
			/* A task that moved there keeps its TID. */
			if (task_is_tid(tid) && (task_host_of(tid) == host ||
			    tr->tasks[i]->host ==
			    (int)((uint32_t)host << PVM_TID_HOST_SHIFT)))
				continue;
			log_warnx("host %d: TASKS_REPLY: bad TID 0x%x", host,
			    (unsigned int)tid);
			return (-1);
		}
		break;
	}
	return (0);
}

/*
 * A reply from host over its link.  Returns 0, or -1 if it answers no
 * request we sent there or is malformed (a protocol error: the link must
 * close).
 */
int
route_link_reply(int host, struct pvm_frame *f, ProtobufCMessage *m)
{
	struct route_pending	*p;
	struct pvm_frame	 hdr;
	struct task		*t;
	Pvm__SpawnReply		*sr;
	Pvm__TasksReply		*tr;
	size_t			 i;

	if ((p = route_pop(f->reqid)) == NULL)
		return (-1);
	if (p->host != host || p->rtype != f->type) {
		log_warnx("host %d: %s for reqid %u of host %d", host,
		    pvm_msgtype_str(f->type), f->reqid, p->host);
		route_fail(p);
		return (-1);
	}
	if (route_check_reply(host, p, m) != 0) {
		route_fail(p);
		return (-1);
	}
	switch (p->kind) {
	case ROUTE_FORWARD:
		if ((t = task_find(p->tid)) != NULL) {
			hdr = *f;
			hdr.reqid = p->treqid;
			hdr.dst = p->tid;
			task_send(t, &hdr, f->body, f->len);
		}
		break;
	case ROUTE_SPAWN:
		sr = (Pvm__SpawnReply *)m;
		for (i = 0; i < (size_t)p->count; i++) {
			p->g->tids[p->off + i] = i < sr->n_tids ?
			    sr->tids[i] : PvmHostFail;
		}
		route_gather_part(p->g);
		break;
	case ROUTE_TASKS:
		tr = (Pvm__TasksReply *)m;
		for (i = 0; i < tr->n_tasks; i++)
			route_tinfo_add(p->g, tr->tasks[i]);
		route_gather_part(p->g);
		break;
	}
	free(p);
	return (0);
}

/*
 * A progress frame from host for a request we forwarded there (an
 * ADDHOSTS from one of our tasks): pass it on to the requester with its
 * own reqid; the request stays pending.  Returns 0, or -1 if no such
 * request waits on host.
 */
int
route_link_progress(int host, struct pvm_frame *f)
{
	struct route_pending	*p;
	struct pvm_frame	 hdr;
	struct task		*t;

	if ((p = route_lookup(f->reqid)) == NULL || p->host != host ||
	    p->kind != ROUTE_FORWARD || p->rtype != PVM_MSG_ADDHOSTS_REPLY)
		return (-1);
	if ((t = task_find(p->tid)) != NULL) {
		hdr = *f;
		hdr.reqid = p->treqid;
		hdr.dst = p->tid;
		task_send(t, &hdr, f->body, f->len);
	}
	return (0);
}

/*
 * Host h is gone: what waits on it fails with PvmHostFail and its
 * watches of our tasks are forgotten.
 */
void
route_host_gone(int h)
{
	struct route_pending	*p, *next;
	struct route_watch	*w, *wnext;
	struct route_bucket	 failed = TAILQ_HEAD_INITIALIZER(failed);
	size_t			 i;

	migrate_move_host_gone(h);
	for (i = 0; i < ROUTE_BUCKETS; i++) {
		TAILQ_FOREACH_SAFE(p, &route_table[i], entry, next) {
			if (p->host != h)
				continue;
			TAILQ_REMOVE(&route_table[i], p, entry);
			route_npending--;
			TAILQ_INSERT_TAIL(&failed, p, entry);
		}
	}
	while ((p = TAILQ_FIRST(&failed)) != NULL) {
		TAILQ_REMOVE(&failed, p, entry);
		route_fail(p);
	}
	TAILQ_FOREACH_SAFE(w, &route_watches, entry, wnext) {
		if (w->host == h) {
			TAILQ_REMOVE(&route_watches, w, entry);
			free(w);
		}
	}
}

/*
 * Task tid reset the machine: every other host kills its tasks too.  The
 * RESET goes as a notice (reqid 0), with no reply.
 */
void
route_reset(int tid)
{
	size_t	k;
	int	h;

	for (k = 0; (h = host_nth(k)) != 0; k++) {
		if (h != PVMD_HOSTNUM)
			(void)link_send_ctl(h, PVM_MSG_RESET, 0, tid,
			    PVM_TID_DAEMON | (h << PVM_TID_HOST_SHIFT), NULL);
	}
}

/* Ask the host of remote task tid to tell us when it exits. */
void
route_watch(int host, int tid)
{
	Pvm__TaskWatch	tw = PVM__TASK_WATCH__INIT;

	tw.tid = tid;
	(void)link_send_ctl(host, PVM_MSG_WATCH, 0, PVMD_TID,
	    PVM_TID_DAEMON | (host << PVM_TID_HOST_SHIFT), &tw.base);
}

/* WATCH from host: answer at once if tid is gone, else remember. */
void
route_handle_watch(int host, Pvm__TaskWatch *tw)
{
	Pvm__TaskWatch		 rep = PVM__TASK_WATCH__INIT;
	struct route_watch	*w;

	if (task_find(tw->tid) == NULL && migrate_move_where(tw->tid) == 0) {
		rep.tid = tw->tid;
		(void)link_send_ctl(host, PVM_MSG_TASK_EXITED, 0, PVMD_TID,
		    PVM_TID_DAEMON | (host << PVM_TID_HOST_SHIFT), &rep.base);
		return;
	}
	TAILQ_FOREACH(w, &route_watches, entry) {
		if (w->tid == tw->tid && w->host == host)
			return;
	}
	w = xcalloc(1, sizeof *w);
	w->tid = tw->tid;
	w->host = host;
	TAILQ_INSERT_TAIL(&route_watches, w, entry);
}

/* Our task tid exited: tell the hosts that watch it. */
void
route_task_exited(int tid)
{
	Pvm__TaskWatch		 rep = PVM__TASK_WATCH__INIT;
	struct route_watch	*w, *next;

	rep.tid = tid;
	TAILQ_FOREACH_SAFE(w, &route_watches, entry, next) {
		if (w->tid != tid)
			continue;
		(void)link_send_ctl(w->host, PVM_MSG_TASK_EXITED, 0, PVMD_TID,
		    PVM_TID_DAEMON | (w->host << PVM_TID_HOST_SHIFT),
		    &rep.base);
		TAILQ_REMOVE(&route_watches, w, entry);
		free(w);
	}
}

/* Halting: forget every pending request and watch, answering none. */
void
route_free_all(void)
{
	struct route_pending	*p;
	struct route_watch	*w;
	size_t			 i;

	for (i = 0; i < ROUTE_BUCKETS; i++) {
		while ((p = TAILQ_FIRST(&route_table[i])) != NULL) {
			TAILQ_REMOVE(&route_table[i], p, entry);
			if (p->g != NULL && --p->g->left == 0) {
				p->g->tid = 0;
				route_gather_finish(p->g);
			}
			free(p);
		}
	}
	route_npending = 0;
	while ((w = TAILQ_FIRST(&route_watches)) != NULL) {
		TAILQ_REMOVE(&route_watches, w, entry);
		free(w);
	}
}
