/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * The task table.  A task is a process known to this pvmd by a TID: one
 * that connected and said hello, or one this pvmd spawned (a task from
 * the moment its process exists, whether or not it ever connects).  A
 * task has exited when it said bye, its link closed or its process died,
 * whichever comes first; it then leaves the table at once.
 */

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/time.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pvm3.h"
#include "log.h"
#include "xmalloc.h"
#include "pvmd.h"

/* How many TIDs one host has: the local part, 0 unused. */
#define TASK_SLOTS		(PVM_TID_LOCAL_MASK + 1)

enum task_state {
	TASK_NEW,	/* connected, no hello yet, no TID */
	TASK_SPAWNED,	/* process started by us, no hello yet */
	TASK_LIVE,	/* said hello */
	TASK_FROZEN,	/* live, checkpointing: frames for it are held */
	TASK_RESTORING	/* restart helper started, not restored yet */
};

/* A data frame waiting for a spawned task to say hello. */
struct task_frame {
	TAILQ_ENTRY(task_frame)	 entry;
	struct pvm_frame	 hdr;
	size_t			 len;
	uint8_t			 body[];
};
TAILQ_HEAD(task_frames, task_frame);

/* The TIDs of one spawn request, shared by the tasks it made. */
struct task_sibs {
	int		 refs;
	size_t		 n;
	int		 tids[];
};

struct task {
	int			 tid;
	int			 ptid;
	pid_t			 pid;
	char			*name;
	int			 flags;		/* TASK_F_* */
	enum task_state		 state;
	struct peer		*peer;
	struct task_frames	 pending;
	size_t			 npending;	/* bytes in pending */
	int			 out_tid;
	int			 out_ctx;
	int			 out_tag;
	int			 trc_tid;
	int			 trc_tag;
	int			 ctx;		/* first context (spawn) */
	int			*ctxs;		/* contexts it allocated */
	size_t			 nctxs;
	size_t			 ctxcap;
	struct task_sibs	*sibs;
	int			 sibs_host;	/* whole list to come from */
	int			 hello_held;	/* HELLO_ACK waits for it */
	uint32_t		 hello_reqid;
	struct event		*sibs_ev;	/* bound on that wait */
	struct event		*hello_ev;	/* hello deadline (TASK_NEW) */
	int			 remote;	/* a proxy: see task_proxy() */
	int			 guest;		/* moved here from another host */
	int			 restored;	/* RESTORING, but runs already */
	TAILQ_ENTRY(task)	 entry;
};
TAILQ_HEAD(task_list, task);

static struct event_base	*task_base;
static struct task		**task_slots;
static struct task_list		 task_all = TAILQ_HEAD_INITIALIZER(task_all);
static u_int			 task_nguests;	/* tasks that moved here */
static int			 task_next = 1;
/* Owner TID of each context local part, 0 when free; and the next one. */
static int			*task_ctx_owner;
static int			 task_ctx_next = 1;
/* The stand-in for a task of another host while its request runs. */
static struct task		 task_proxy_task;

static struct task	*task_alloc(void);
static void		 task_insert(struct task *, int);
static void		 task_free(struct task *);
static void		 task_drop_pending(struct task *);
static void		 task_unslot(struct task *);
static void		 task_deliver(struct task *, const struct pvm_frame *,
			     const void *, size_t);
static void		 task_hold(struct task *, const struct pvm_frame *,
			     const void *, size_t);
static void		 task_flush_pending(struct task *);
static void		 task_set_name(struct task *, const char *);
static void		 task_sibs_unref(struct task_sibs *);
static void		 task_info(struct task *, Pvm__TaskInfo *);
static void		 task_hello_timeout(evutil_socket_t, short, void *);
static int		 task_hello_ack(struct task *, uint32_t);
static void		 task_sibs_timeout(evutil_socket_t, short, void *);
static void		 task_sibs_settle(struct task *, struct task_sibs *);
static int		 task_ctx_alloc(struct task *);
static int		 task_ctx_free(struct task *, int);
static void		 task_ctx_release_all(struct task *);

/* Set up the empty task table. */
void
task_init(struct event_base *base)
{
	task_base = base;
	task_slots = xcalloc(TASK_SLOTS, sizeof *task_slots);
	task_ctx_owner = xcalloc(TASK_CTX_LAST + 1, sizeof *task_ctx_owner);
}

static struct task *
task_alloc(void)
{
	struct task	*t;

	t = xcalloc(1, sizeof *t);
	TAILQ_INIT(&t->pending);
	t->name = xstrdup("");
	TAILQ_INSERT_TAIL(&task_all, t, entry);
	return (t);
}

static void
task_insert(struct task *t, int tid)
{
	t->tid = tid;
	if (task_host_of(tid) != PVMD_HOSTNUM) {
		t->guest = 1;	/* a TID of another host: migrate.c */
		task_nguests++;
		return;
	}
	task_slots[tid & PVM_TID_LOCAL_MASK] = t;
}

/* Take a task out of the TID slots (a guest is in none). */
static void
task_unslot(struct task *t)
{
	if (t->tid != 0 && !t->guest &&
	    task_slots[t->tid & PVM_TID_LOCAL_MASK] == t)
		task_slots[t->tid & PVM_TID_LOCAL_MASK] = NULL;
}

/* Keep a printable copy of at most TASK_NAME_MAX bytes of name. */
static void
task_set_name(struct task *t, const char *name)
{
	size_t	 i, len;
	char	*s;

	len = strnlen(name, TASK_NAME_MAX);
	s = xmalloc(len + 1);
	for (i = 0; i < len; i++) {
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			s[i] = '?';
		else
			s[i] = name[i];
	}
	s[len] = '\0';
	free(t->name);
	t->name = s;
}

/*
 * A new connection from pid (from SO_PEERCRED): a task with no TID that
 * may only say hello.  Takes fd.
 */
struct task *
task_accept(int fd, pid_t pid)
{
	struct task	*t;
	struct timeval	 tv = { TASK_HELLO_WAIT, 0 };
	char		 name[32];

	t = task_alloc();
	t->state = TASK_NEW;
	t->pid = pid;
	t->peer = peer_new(task_base, fd, PVM_MAX_HELLO_FRAME, dispatch_task,
	    t);
	(void)snprintf(name, sizeof name, "pid%ld", (long)pid);
	peer_set_name(t->peer, name);
	t->hello_ev = evtimer_new(task_base, task_hello_timeout, t);
	if (t->hello_ev == NULL || evtimer_add(t->hello_ev, &tv) == -1)
		fatalx("cannot add hello timer");
	return (t);
}

/* A connection that has not said hello in time is closed. */
static void
task_hello_timeout(__unused evutil_socket_t fd, __unused short events,
    void *arg)
{
	struct task	*t = arg;

	log_warnx("peer %s: no hello within %d s, closing",
	    peer_name(t->peer), TASK_HELLO_WAIT);
	task_exit(t, "no hello");
}

/* Whether tid has the form of a task TID (not a pvmd, not multicast). */
int
task_is_tid(int tid)
{
	uint32_t	u = (uint32_t)tid;

	return ((u & (PVM_TID_DAEMON | PVM_TID_MCAST)) == 0 &&
	    (u & PVM_TID_HOST_MASK) != 0 && (u & PVM_TID_LOCAL_MASK) != 0);
}

/* The host number in a TID (task or pvmd), 0 if it has none. */
int
task_host_of(int tid)
{
	uint32_t	u = (uint32_t)tid;

	if (u & PVM_TID_MCAST)
		return (0);
	return ((int)((u & PVM_TID_HOST_MASK) >> PVM_TID_HOST_SHIFT));
}

/*
 * A stand-in for task (or pvmd) tid of another host whose request
 * arrived over a link: replies to it go back over the link.  It is not
 * in the table and is valid only until the next call.
 */
struct task *
task_proxy(int tid)
{
	struct task	*t = &task_proxy_task;

	memset(t, 0, sizeof *t);
	t->tid = tid;
	t->state = TASK_LIVE;
	t->remote = 1;
	t->name = (char *)"remote";
	return (t);
}

/* Call cb with the TaskInfo of every task of this host. */
void
task_foreach_info(void (*cb)(const Pvm__TaskInfo *, void *), void *arg)
{
	struct task	*x;
	Pvm__TaskInfo	 ti;

	TAILQ_FOREACH(x, &task_all, entry) {
		if (x->tid == 0)
			continue;
		task_info(x, &ti);
		cb(&ti, arg);
	}
}

/* Send a frame as it is to a local task (a reply from another host). */
void
task_send(struct task *t, const struct pvm_frame *hdr, const void *body,
    size_t len)
{
	if (t->state == TASK_FROZEN || t->state == TASK_RESTORING)
		task_hold(t, hdr, body, len);
	else if (t->peer != NULL && t->state == TASK_LIVE)
		(void)peer_send(t->peer, hdr, body, len);
}

/* The task with this TID on this host, or NULL. */
struct task *
task_find(int tid)
{
	struct task	*t;
	uint32_t	 u = (uint32_t)tid;

	if (!task_is_tid(tid))
		return (NULL);
	if (task_host_of(tid) != PVMD_HOSTNUM) {
		/* A task that moved here (few, mostly none). */
		if (task_nguests == 0)
			return (NULL);
		TAILQ_FOREACH(t, &task_all, entry) {
			if (t->guest && t->tid == tid)
				return (t);
		}
		return (NULL);
	}
	return (task_slots[u & PVM_TID_LOCAL_MASK]);
}

/* The link of a local connected task, NULL if none. */
struct peer *
task_peer(struct task *t)
{
	return (t->remote ? NULL : t->peer);
}

/* The TID of a task, 0 before it has one. */
int
task_tid(struct task *t)
{
	return (t->tid);
}

/* The task in log lines: "t40001", or "pid 123" before it has a TID. */
const char *
task_label(struct task *t)
{
	static char	buf[32];

	if (t->tid != 0)
		(void)snprintf(buf, sizeof buf, "t%x", t->tid);
	else
		(void)snprintf(buf, sizeof buf, "pid %ld", (long)t->pid);
	return (buf);
}

/* Whether the task has said hello. */
int
task_connected(struct task *t)
{
	return (t->state == TASK_LIVE || t->state == TASK_FROZEN ||
	    (t->state == TASK_RESTORING && t->restored));
}

/*
 * A free TID.  Local parts are handed out in order and reused only
 * after wrapping.  Returns the TID, or -1 if every TID is in use.
 */
int
task_alloc_tid(void)
{
	int	i, local;

	for (i = 1; i < (int)TASK_SLOTS; i++) {
		local = task_next;
		task_next = task_next == PVM_TID_LOCAL_MASK ? 1 :
		    task_next + 1;
		if (task_slots[local] == NULL)
			return ((PVMD_HOSTNUM << PVM_TID_HOST_SHIFT) | local);
	}
	return (-1);
}

/*
 * A task about to be spawned by ptid with the options of req: it gets a
 * TID and enters the table, without a process yet.  sibs_host is the
 * host whose pvmd will send the whole sibling list (a spawn spread over
 * hosts), or 0.  Returns NULL if every TID is in use.
 */
struct task *
task_create(int ptid, const char *name, const Pvm__SpawnRequest *req,
    int sibs_host)
{
	struct task	*t;
	int		 tid;

	if ((tid = task_alloc_tid()) == -1)
		return (NULL);
	t = task_alloc();
	t->state = TASK_SPAWNED;
	t->flags = TASK_F_SPAWNED;
	t->ptid = ptid;
	t->out_tid = req->out_tid;
	t->out_ctx = req->out_ctx;
	t->out_tag = req->out_tag;
	t->trc_tid = req->trc_tid;
	t->trc_tag = req->trc_tag;
	t->ctx = req->ctx >= 0 ? req->ctx : 0;
	t->sibs_host = sibs_host;
	task_set_name(t, name);
	task_insert(t, tid);
	return (t);
}

/* The spawned task's process is pid and fd our end of its link. */
void
task_started(struct task *t, pid_t pid, int fd)
{
	char	name[32];

	t->pid = pid;
	t->peer = peer_new(task_base, fd, PVM_MAX_HELLO_FRAME, dispatch_task,
	    t);
	(void)snprintf(name, sizeof name, "t%x", t->tid);
	peer_set_name(t->peer, name);
}

/* Forget a task whose process could not be started; nobody saw it. */
void
task_discard(struct task *t)
{
	task_unslot(t);
	task_free(t);
}

/* Make a sibling list of n TIDs, held once by the caller. */
struct task_sibs *
task_sibs_new(const int *tids, size_t n)
{
	struct task_sibs	*s;

	s = xmalloc(sizeof *s + n * sizeof *tids);
	s->refs = 1;
	s->n = n;
	if (n != 0)
		memcpy(s->tids, tids, n * sizeof *tids);
	return (s);
}

/* Give a task its spawn siblings. */
void
task_set_siblings(struct task *t, struct task_sibs *s)
{
	if (t->sibs != NULL)
		task_sibs_unref(t->sibs);
	s->refs++;
	t->sibs = s;
}

/* Drop one hold on a sibling list. */
static void
task_sibs_unref(struct task_sibs *s)
{
	if (--s->refs == 0)
		free(s);
}

/* Drop the caller's hold on a sibling list. */
void
task_sibs_release(struct task_sibs *s)
{
	task_sibs_unref(s);
}

static void
task_drop_pending(struct task *t)
{
	struct task_frame	*tf;

	while ((tf = TAILQ_FIRST(&t->pending)) != NULL) {
		TAILQ_REMOVE(&t->pending, tf, entry);
		log_debug("t%x: dropping %s from t%x", t->tid,
		    pvm_msgtype_str(tf->hdr.type), tf->hdr.src);
		free(tf);
	}
	t->npending = 0;
}

static void
task_flush_pending(struct task *t)
{
	struct task_frame	*tf;

	while ((tf = TAILQ_FIRST(&t->pending)) != NULL) {
		TAILQ_REMOVE(&t->pending, tf, entry);
		(void)peer_send(t->peer, &tf->hdr, tf->body, tf->len);
		free(tf);
	}
	t->npending = 0;
}

static void
task_free(struct task *t)
{
	task_drop_pending(t);
	if (t->hello_ev != NULL)
		event_free(t->hello_ev);
	if (t->sibs_ev != NULL)
		event_free(t->sibs_ev);
	if (t->peer != NULL)
		peer_close_flush(t->peer);
	if (t->sibs != NULL)
		task_sibs_unref(t->sibs);
	task_ctx_release_all(t);
	if (t->guest)
		task_nguests--;
	TAILQ_REMOVE(&task_all, t, entry);
	free(t->name);
	free(t);
}

/*
 * The task has exited (bye, link closed or process died): it leaves the
 * table, its TaskExit notifies fire and frames waiting for it are
 * dropped.  The link is closed once queued output is written.
 */
void
task_exit(struct task *t, const char *reason)
{
	int	tid = t->tid;

	if (t->state == TASK_NEW) {
		log_debug("connection from pid %ld closed: %s", (long)t->pid,
		    reason);
		task_free(t);
		return;
	}
	log_debug("t%x: exited: %s", tid, reason);
	task_unslot(t);
	task_free(t);
	chan_task_exit(tid);
	migrate_task_exit(tid);
	notify_task_exit(tid);
	route_task_exited(tid);
	mbox_task_exit(tid);
	group_task_exit(tid);
}

/* A child process of ours ended with status. */
void
task_exit_pid(pid_t pid, int status)
{
	struct task	*t;

	TAILQ_FOREACH(t, &task_all, entry) {
		if ((t->flags & TASK_F_SPAWNED) && t->pid == pid)
			break;
	}
	log_debug("process %ld ended, status 0x%x%s", (long)pid, status,
	    t == NULL ? " (no task)" : "");
	if (t == NULL)
		return;

	/* Take what it wrote before dying; that may end the task. */
	if (t->peer != NULL) {
		peer_pump(t->peer);
		TAILQ_FOREACH(t, &task_all, entry) {
			if ((t->flags & TASK_F_SPAWNED) && t->pid == pid)
				break;
		}
		if (t == NULL)
			return;
	}
	task_exit(t, "process ended");
}

/* Send SIGTERM to every task's process but except's. */
void
task_kill_all(struct task *except)
{
	struct task	*t;

	TAILQ_FOREACH(t, &task_all, entry) {
		if (t == except || t->state == TASK_NEW || t->pid <= 0)
			continue;
		log_debug("t%x: SIGTERM to pid %ld", t->tid, (long)t->pid);
		if (kill(t->pid, SIGTERM) == -1 && errno != ESRCH)
			log_warn("kill %ld", (long)t->pid);
	}
}

/* Halting: forget every task without notifies, flushing their links. */
void
task_free_all(void)
{
	struct task	*t;

	while ((t = TAILQ_FIRST(&task_all)) != NULL) {
		task_unslot(t);
		task_free(t);
	}
}

/*
 * Deliver the data frame f being dispatched (from f->src to f->dst,
 * from a local task, or over a link if from_link is set) as task_route
 * does.  To a task running here that is not moving, a large body goes
 * from the input buffer it came in to the task's output without a copy.
 * A task that moved here (a guest) takes frames that came over a link
 * only: a local task's frames for it go through its home pvmd as every
 * other sender's do, so that they keep their order.
 */
void
task_forward(struct pvm_frame *f, int from_link)
{
	struct task		*t;
	struct pvm_frame	 hdr;

	/* A local task's frame for another host needs no lookup here. */
	t = route_is_remote(f->dst) && !from_link ? NULL : task_find(f->dst);
	if (t == NULL || (route_is_remote(f->dst) ? !from_link :
	    migrate_move_holding(f->dst))) {
		task_route(f->src, f->dst, f->tag, f->ctx, f->flags,
		    peer_frame_body(f), f->len);
		return;
	}
	memset(&hdr, 0, sizeof hdr);
	hdr.type = PVM_MSG_DATA;
	hdr.flags = f->flags;
	hdr.src = f->src;
	hdr.dst = f->dst;
	hdr.tag = f->tag;
	hdr.ctx = f->ctx;
	if (f->chain != NULL && t->state == TASK_LIVE)
		(void)peer_send_frame(t->peer, &hdr, f);
	else
		task_deliver(t, &hdr, peer_frame_body(f), f->len);
}

/*
 * Deliver a data frame to task dst: sent if it is connected, queued if
 * it was spawned and has not said hello yet, dropped otherwise.
 */
void
task_route(int src, int dst, int tag, int ctx, uint32_t flags,
    const void *body, size_t len)
{
	struct task		*t;
	struct pvm_frame	 hdr;

	memset(&hdr, 0, sizeof hdr);
	hdr.type = PVM_MSG_DATA;
	hdr.flags = flags;
	hdr.src = src;
	hdr.dst = dst;
	hdr.tag = tag;
	hdr.ctx = ctx;

	/* Held or forwarded for a task that moves or moved (migrate.c). */
	if (migrate_move_route(&hdr, body, len))
		return;
	if (route_is_remote(dst)) {
		route_data(&hdr, body, len);
		return;
	}
	if ((t = task_find(dst)) == NULL) {
		log_debug("data t%x -> t%x tag %d: no such task, dropped",
		    src, dst, tag);
		return;
	}
	task_deliver(t, &hdr, body, len);
}

/* Give a data frame to a task of this host, or hold it for later. */
static void
task_deliver(struct task *t, const struct pvm_frame *hdr, const void *body,
    size_t len)
{
	switch (t->state) {
	case TASK_LIVE:
		(void)peer_send(t->peer, hdr, body, len);
		break;
	case TASK_SPAWNED:
	case TASK_FROZEN:
	case TASK_RESTORING:
		task_hold(t, hdr, body, len);
		break;
	case TASK_NEW:
		fatalx("t%x: unconnected task in the table", t->tid);
	}
}

/*
 * Keep a frame for a task that cannot take it yet (not said hello,
 * frozen, being restored); it goes out in order once it can.
 */
static void
task_hold(struct task *t, const struct pvm_frame *hdr, const void *body,
    size_t len)
{
	struct task_frame	*tf;

	if (t->npending + len > TASK_PENDING_MAX) {
		log_warnx("t%x: more than %u bytes wait for it, dropping %s "
		    "from t%x", t->tid, TASK_PENDING_MAX,
		    pvm_msgtype_str(hdr->type), hdr->src);
		return;
	}
	tf = xmalloc(sizeof *tf + len);
	tf->hdr = *hdr;
	tf->len = len;
	if (len != 0)
		memcpy(tf->body, body, len);
	TAILQ_INSERT_TAIL(&t->pending, tf, entry);
	t->npending += len;
	log_debug("%s t%x -> t%x tag %d: held", pvm_msgtype_str(hdr->type),
	    hdr->src, t->tid, hdr->tag);
}

/* Send a control message to the task, from the pvmd. */
int
task_reply(struct task *t, int type, uint32_t reqid, const ProtobufCMessage *m)
{
	struct pvm_frame	 f;
	uint8_t			*body;
	size_t			 len;

	if (t->remote)
		return (link_send_ctl(task_host_of(t->tid), type, reqid,
		    PVMD_TID, t->tid, m));
	if (t->state == TASK_FROZEN || t->state == TASK_RESTORING) {
		if (peer_ctl_frame(&f, type, reqid, PVMD_TID, t->tid, m,
		    &body, &len) != 0)
			return (-1);
		task_hold(t, &f, body, len);
		free(body);
		return (0);
	}
	if (t->peer == NULL)
		return (-1);
	return (peer_send_ctl(t->peer, type, reqid, PVMD_TID, t->tid, m));
}

/* Answer a request with a Status of code. */
int
task_reply_status(struct task *t, uint32_t reqid, int code)
{
	Pvm__Status	st = PVM__STATUS__INIT;

	st.code = code;
	return (task_reply(t, PVM_MSG_STATUS, reqid, &st.base));
}

/*
 * HELLO: enrol a connecting task or complete a spawned one.  Returns 0,
 * or -1 if the link must close (the task is then still to be exited by
 * the caller).
 */
int
task_handle_hello(struct task *t, struct pvm_frame *f, Pvm__Hello *hello)
{
	Pvm__HelloAck	 ack = PVM__HELLO_ACK__INIT;
	struct timeval	 tv = { TASK_SIBS_WAIT, 0 };
	int		 tid;

	if (hello->protocol != PVM_PROTOCOL_VERSION) {
		log_warnx("peer %s: protocol %u, not %u", peer_name(t->peer),
		    hello->protocol, PVM_PROTOCOL_VERSION);
		ack.code = PvmBadVersion;
		(void)task_reply(t, PVM_MSG_HELLO_ACK, f->reqid, &ack.base);
		return (-1);
	}
	switch (t->state) {
	case TASK_NEW:
		if (hello->spawned) {
			log_warnx("peer %s: hello says spawned on a new "
			    "connection", peer_name(t->peer));
			return (-1);
		}
		if ((tid = task_alloc_tid()) == -1) {
			log_warnx("no free TID for pid %ld", (long)t->pid);
			ack.code = PvmOutOfRes;
			(void)task_reply(t, PVM_MSG_HELLO_ACK, f->reqid,
			    &ack.base);
			return (-1);
		}
		task_insert(t, tid);
		task_set_name(t, hello->name);
		break;
	case TASK_SPAWNED:
		if (t->hello_held) {
			log_warnx("t%x: second hello", t->tid);
			return (-1);
		}
		if (!hello->spawned) {
			log_warnx("t%x: hello says not spawned on a spawned "
			    "task's link", t->tid);
			return (-1);
		}
		if (hello->pid != t->pid)
			log_debug("t%x: hello from pid %d, spawned pid %ld",
			    t->tid, hello->pid, (long)t->pid);
		if (t->sibs_host != 0) {
			/* The whole sibling list is still to come. */
			t->hello_held = 1;
			t->hello_reqid = f->reqid;
			t->sibs_ev = evtimer_new(task_base, task_sibs_timeout,
			    t);
			if (t->sibs_ev == NULL ||
			    evtimer_add(t->sibs_ev, &tv) == -1)
				fatalx("cannot add siblings timer");
			log_debug("t%x: hello waits for the siblings from "
			    "host %d", t->tid, t->sibs_host);
			return (0);
		}
		break;
	case TASK_LIVE:
	case TASK_FROZEN:
	case TASK_RESTORING:
		log_warnx("t%x: second hello", t->tid);
		return (-1);
	}
	return (task_hello_ack(t, f->reqid));
}

/*
 * Answer the hello of t with reqid: it is live from now on and gets the
 * frames that waited for it.  Returns 0, or -1 if the link must close.
 */
static int
task_hello_ack(struct task *t, uint32_t reqid)
{
	Pvm__HelloAck	 ack = PVM__HELLO_ACK__INIT;
	char		 name[32];

	t->hello_held = 0;
	if (t->sibs_ev != NULL) {
		event_free(t->sibs_ev);
		t->sibs_ev = NULL;
	}
	t->state = TASK_LIVE;
	t->flags |= TASK_F_CONN;
	if (t->hello_ev != NULL) {
		event_free(t->hello_ev);
		t->hello_ev = NULL;
	}
	(void)snprintf(name, sizeof name, "t%x", t->tid);
	peer_set_name(t->peer, name);
	peer_set_maxlen(t->peer, PVM_MAX_FRAME);

	ack.code = 0;
	ack.tid = t->tid;
	ack.ptid = t->ptid;
	ack.pvmd_tid = PVMD_TID;
	if (t->sibs != NULL) {
		ack.n_siblings = t->sibs->n;
		ack.siblings = t->sibs->tids;
	}
	ack.out_tid = t->out_tid;
	ack.out_ctx = t->out_ctx;
	ack.out_tag = t->out_tag;
	ack.trc_tid = t->trc_tid;
	ack.trc_tag = t->trc_tag;
	ack.ctx = t->ctx;
	ack.arch = (char *)PVMD_ARCH;
	ack.dsig = PVMD_DSIG;
	ack.mixed_formats = host_formats_mixed();
	ack.vmid = pvmd_host.vmid;
	log_info("t%x: connected, pid %ld, %s", t->tid, (long)t->pid,
	    t->name);
	if (task_reply(t, PVM_MSG_HELLO_ACK, reqid, &ack.base) == -1)
		return (-1);
	task_flush_pending(t);
	return (0);
}

/* The sibling list of a held hello did not come in time. */
static void
task_sibs_timeout(__unused evutil_socket_t fd, __unused short events,
    void *arg)
{
	struct task	*t = arg;

	log_warnx("t%x: no sibling list from host %d within %d s, using "
	    "this host's share", t->tid, t->sibs_host, TASK_SIBS_WAIT);
	task_sibs_settle(t, NULL);
}

/*
 * t has its final sibling list s (NULL: keep this host's share); a
 * held hello is answered.  t may be exited (and freed) on return.
 */
static void
task_sibs_settle(struct task *t, struct task_sibs *s)
{
	if (s != NULL)
		task_set_siblings(t, s);
	t->sibs_host = 0;
	if (t->hello_held && task_hello_ack(t, t->hello_reqid) != 0)
		task_exit(t, "link closed");
}

/*
 * The whole sibling list of a spawn spread over hosts, n TIDs from the
 * pvmd of host from (this host for the share started here): every task
 * of this host in it that waits for that list gets it.  The caller has
 * checked n and the TIDs.
 */
void
task_sibs_complete(int from, const int *tids, size_t n)
{
	struct task_sibs	*s;
	struct task		*t;
	size_t			 i;

	s = task_sibs_new(tids, n);
	for (i = 0; i < n; i++) {
		if ((t = task_find(tids[i])) == NULL || t->sibs_host != from)
			continue;
		task_sibs_settle(t, s);
	}
	task_sibs_release(s);
}

/*
 * Host h is gone: tasks waiting for a sibling list from its pvmd keep
 * this host's share.
 */
void
task_sibs_host_gone(int h)
{
	struct task	*t, *next;

	TAILQ_FOREACH_SAFE(t, &task_all, entry, next) {
		if (t->sibs_host != h || t->tid == 0)
			continue;
		log_warnx("t%x: host %d gone before the sibling list, using "
		    "this host's share", t->tid, h);
		task_sibs_settle(t, NULL);
	}
}

/*
 * SIBLINGS from host over its link.  Returns 0, or -1 if the message is
 * malformed (the link must close).
 */
int
task_handle_siblings(int host, Pvm__Siblings *sm)
{
	size_t	i;

	if (sm->n_tids < 1 || sm->n_tids > TASK_SPAWN_MAX) {
		log_warnx("host %d: SIBLINGS with %zu TIDs", host, sm->n_tids);
		return (-1);
	}
	for (i = 0; i < sm->n_tids; i++) {
		if (!task_is_tid(sm->tids[i])) {
			log_warnx("host %d: SIBLINGS: bad TID 0x%x", host,
			    (unsigned int)sm->tids[i]);
			return (-1);
		}
	}
	task_sibs_complete(host, sm->tids, sm->n_tids);
	return (0);
}

/*
 * BYE: pvm_exit.  Answers unless the reqid is 0 (our library does not
 * wait), then the task has exited.
 */
void
task_handle_bye(struct task *t, struct pvm_frame *f)
{
	if (f->reqid != 0)
		(void)task_reply_status(t, f->reqid, PvmOk);
	task_exit(t, "pvm_exit");
}

/* DATA from a task: forward it with the sender's real TID as source. */
void
task_handle_data(struct task *t, struct pvm_frame *f)
{
	f->src = t->tid;
	task_forward(f, 0);
}

/* KILL: SIGTERM to a task's process. */
void
task_handle_kill(struct task *t, struct pvm_frame *f, Pvm__TaskRequest *req)
{
	struct task	*x;
	int		 code = PvmOk;

	if (!task_is_tid(req->tid))
		code = PvmBadParam;
	else if ((x = task_find(req->tid)) == NULL)
		code = PvmNoTask;
	else if (x->pid > 0) {
		log_debug("t%x: kill t%x (pid %ld)", t->tid, x->tid,
		    (long)x->pid);
		if (kill(x->pid, SIGTERM) == -1) {
			log_warn("kill %ld", (long)x->pid);
			code = PvmSysErr;
		}
	}
	(void)task_reply_status(t, f->reqid, code);
	/* x may have been t; nothing may follow. */
}

/* SIGNAL: any signal to a task's process. */
void
task_handle_signal(struct task *t, struct pvm_frame *f,
    Pvm__TaskRequest *req)
{
	struct task	*x;
	int		 code = PvmOk;

	if (!task_is_tid(req->tid) || req->signum < 0 || req->signum >= NSIG)
		code = PvmBadParam;
	else if ((x = task_find(req->tid)) == NULL)
		code = PvmNoTask;
	else if (x->pid > 0) {
		log_debug("t%x: signal %d to t%x (pid %ld)", t->tid,
		    req->signum, x->tid, (long)x->pid);
		if (kill(x->pid, req->signum) == -1) {
			log_warn("kill %ld", (long)x->pid);
			code = PvmSysErr;
		}
	}
	(void)task_reply_status(t, f->reqid, code);
}

/* PSTAT: whether a task (or this pvmd) exists. */
void
task_handle_pstat(struct task *t, struct pvm_frame *f, Pvm__TaskRequest *req)
{
	int	code;

	if (req->tid == PVMD_TID || task_find(req->tid) != NULL)
		code = PvmOk;
	else
		code = PvmNoTask;
	(void)task_reply_status(t, f->reqid, code);
}

static void
task_info(struct task *t, Pvm__TaskInfo *ti)
{
	pvm__task_info__init(ti);
	ti->tid = t->tid;
	ti->ptid = t->ptid;
	ti->host = PVMD_HOST_TID;
	ti->flag = t->flags;
	ti->name = t->name;
	ti->pid = (int32_t)t->pid;
}

/*
 * TASKS: where is 0 for every task, a pvmd TID for the tasks of that
 * host or a task TID for one task.
 */
void
task_handle_tasks(struct task *t, struct pvm_frame *f,
    Pvm__TasksRequest *req)
{
	Pvm__TasksReply	  reply = PVM__TASKS_REPLY__INIT;
	Pvm__TaskInfo	 *infos = NULL, **ptrs = NULL, moved, *movedp;
	struct task	 *x;
	size_t		  n = 0, size = 0, max = 0;
	uint32_t	  u = (uint32_t)req->where;

	if (req->where == 0 || req->where == PVMD_TID ||
	    req->where == PVMD_HOST_TID) {
		TAILQ_FOREACH(x, &task_all, entry) {
			if (x->tid != 0)
				max++;
		}
	} else if ((u & PVM_TID_LOCAL_MASK) == 0)
		reply.code = PvmNoHost;
	else if (!task_is_tid(req->where))
		reply.code = PvmBadParam;
	else if (task_find(req->where) == NULL) {
		/* A task of this host that moved: where it runs. */
		if (task_host_of(req->where) == PVMD_HOSTNUM &&
		    migrate_move_where(req->where) != 0) {
			pvm__task_info__init(&moved);
			moved.tid = req->where;
			moved.host = (int)((uint32_t)migrate_move_where(req->where) <<
			    PVM_TID_HOST_SHIFT);
			moved.flag = TASK_F_CONN;
			moved.name = (char *)"";
			movedp = &moved;
			reply.n_tasks = 1;
			reply.tasks = &movedp;
			(void)task_reply(t, PVM_MSG_TASKS_REPLY, f->reqid,
			    &reply.base);
			return;
		}
		reply.code = PvmNoTask;
	} else
		max = 1;

	if (max != 0) {
		infos = xcalloc(max, sizeof *infos);
		ptrs = xcalloc(max, sizeof *ptrs);
	}
	TAILQ_FOREACH(x, &task_all, entry) {
		if (n == max)
			break;
		if (x->tid == 0 || (max == 1 && req->where != 0 &&
		    req->where != PVMD_TID && req->where != PVMD_HOST_TID &&
		    x->tid != req->where))
			continue;
		task_info(x, &infos[n]);
		size += protobuf_c_message_get_packed_size(&infos[n].base) +
		    8;
		if (size > PVM_MAX_CTL_FRAME - 64) {
			log_warnx("t%x: task list cut at %zu tasks", t->tid,
			    n);
			break;
		}
		ptrs[n] = &infos[n];
		n++;
	}
	reply.n_tasks = n;
	reply.tasks = ptrs;
	(void)task_reply(t, PVM_MSG_TASKS_REPLY, f->reqid, &reply.base);
	free(ptrs);
	free(infos);
}

/* HALT: answer, then stop everything. */
void
task_handle_halt(struct task *t, struct pvm_frame *f)
{
	(void)task_reply_status(t, f->reqid, PvmOk);
	pvmd_halt(t);
}

/* RESET: kill every task but the requester. */
void
task_handle_reset(struct task *t, struct pvm_frame *f)
{
	log_info("t%x: reset", t->tid);
	task_kill_all(t);
	route_reset(t->tid);
	(void)task_reply_status(t, f->reqid, PvmOk);
}

/*
 * Allocate a context for t: the next free local part after the last one
 * handed out, so that a freed context is not reused at once.  Returns the
 * context, or PvmOutOfRes when t holds TASK_CTX_MAX or none is free.
 */
static int
task_ctx_alloc(struct task *t)
{
	int	i, local;

	if (t->nctxs >= TASK_CTX_MAX)
		return (PvmOutOfRes);
	for (i = 0; i < TASK_CTX_LAST; i++) {
		local = task_ctx_next;
		task_ctx_next = local == TASK_CTX_LAST ? 1 : local + 1;
		if (task_ctx_owner[local] != 0)
			continue;
		if (t->nctxs == t->ctxcap) {
			t->ctxcap = t->ctxcap == 0 ? 8 : t->ctxcap * 2;
			t->ctxs = xreallocarray(t->ctxs, t->ctxcap,
			    sizeof *t->ctxs);
		}
		task_ctx_owner[local] = t->tid;
		t->ctxs[t->nctxs++] = local;
		return ((PVMD_HOSTNUM << PVM_TID_HOST_SHIFT) | local);
	}
	return (PvmOutOfRes);
}

/*
 * Release context ctx held by t.  Returns 0, PvmBadParam if ctx cannot
 * be a context of this host, or PvmNotFound if t does not hold it.
 */
static int
task_ctx_free(struct task *t, int ctx)
{
	uint32_t	u = (uint32_t)ctx;
	size_t		i;
	int		local;

	if (ctx <= 0 || (u & ~(PVM_TID_HOST_MASK | PVM_TID_LOCAL_MASK)) != 0)
		return (PvmBadParam);
	local = (int)(u & PVM_TID_LOCAL_MASK);
	if (task_host_of(ctx) != PVMD_HOSTNUM || local == 0 ||
	    local > TASK_CTX_LAST)
		return (PvmNotFound);
	if (task_ctx_owner[local] != t->tid)
		return (PvmNotFound);
	for (i = 0; i < t->nctxs; i++) {
		if (t->ctxs[i] == local) {
			t->ctxs[i] = t->ctxs[--t->nctxs];
			break;
		}
	}
	task_ctx_owner[local] = 0;
	return (0);
}

/* Release every context t holds (it is leaving). */
static void
task_ctx_release_all(struct task *t)
{
	size_t	i;

	for (i = 0; i < t->nctxs; i++) {
		if (task_ctx_owner[t->ctxs[i]] == t->tid)
			task_ctx_owner[t->ctxs[i]] = 0;
	}
	free(t->ctxs);
	t->ctxs = NULL;
	t->nctxs = t->ctxcap = 0;
}

/* CONTEXT: allocate a new context or free one; Status carries the result. */
void
task_handle_context(struct task *t, struct pvm_frame *f,
    Pvm__ContextRequest *req)
{
	int	code;

	if (req->free)
		code = task_ctx_free(t, req->ctx);
	else
		code = task_ctx_alloc(t);
	log_debug("t%x: context %s 0x%x: %d", t->tid,
	    req->free ? "free" : "new", req->free ? req->ctx : 0, code);
	(void)task_reply_status(t, f->reqid, code);
}

/*
 * HOSTSYNC: the time of day of a host.  Only this host answers; any
 * other host part, or a value that is not a host, is PvmNoHost.
 */
void
task_handle_hostsync(struct task *t, struct pvm_frame *f,
    Pvm__HostSyncRequest *req)
{
	Pvm__HostSyncReply	 rep = PVM__HOST_SYNC_REPLY__INIT;
	struct timeval		 tv;
	uint32_t		 u = (uint32_t)req->host;

	if ((u & (PVM_TID_MCAST | PVM_TID_LOCAL_MASK)) != 0 ||
	    task_host_of(req->host) != PVMD_HOSTNUM)
		rep.code = PvmNoHost;
	else {
		gettimeofday(&tv, NULL);
		rep.sec = tv.tv_sec;
		rep.usec = (int32_t)tv.tv_usec;
	}
	(void)task_reply(t, PVM_MSG_HOSTSYNC_REPLY, f->reqid, &rep.base);
}

/* The process of a task, 0 if none. */
pid_t
task_pid(struct task *t)
{
	return (t->pid);
}

/*
 * Freeze a live task for a checkpoint: from now on every frame for it is
 * held, and the caller sends the last one on the old link.  Returns the
 * old link, or NULL if the task is not live.
 */
struct peer *
task_freeze(struct task *t)
{
	if (t->state != TASK_LIVE || t->peer == NULL)
		return (NULL);
	t->state = TASK_FROZEN;
	log_debug("t%x: frozen", t->tid);
	return (t->peer);
}

/*
 * A frozen task (or one being restored) runs again with link p (NULL:
 * keep its link): the held frames go out in order.
 */
void
task_thaw(struct task *t, struct peer *p)
{
	char	name[32];

	if (p != NULL) {
		if (t->peer != NULL)
			peer_close(t->peer);
		t->peer = p;
		peer_set_dispatch(p, dispatch_task, t);
		(void)snprintf(name, sizeof name, "t%x", t->tid);
		peer_set_name(p, name);
		peer_set_maxlen(p, PVM_MAX_FRAME);
	}
	t->state = TASK_LIVE;
	t->flags |= TASK_F_CONN;
	log_debug("t%x: running again, %zu bytes held", t->tid, t->npending);
	if (t->peer != NULL)
		task_flush_pending(t);
}

/*
 * The link of t ended.  A frozen task goes on without it (it moves to a
 * new link); any other task has exited.
 */
void
task_link_closed(struct task *t)
{
	if (t->state == TASK_FROZEN) {
		t->peer = NULL;
		migrate_link_gone(t->tid);
		return;
	}
	task_exit(t, "link closed");
}

/*
 * A task to be restarted with its old TID tid by the restart helper;
 * it enters the table without a process.  Returns NULL if tid is taken.
 */
struct task *
task_create_restored(int tid, int ptid, const char *name, int out_tid,
    int out_ctx, int out_tag)
{
	struct task	*t;

	if (task_find(tid) != NULL)
		return (NULL);
	t = task_alloc();
	t->state = TASK_RESTORING;
	t->flags = TASK_F_SPAWNED;
	t->ptid = ptid;
	t->out_tid = out_tid;
	t->out_ctx = out_ctx;
	t->out_tag = out_tag;
	task_set_name(t, name);
	task_insert(t, tid);
	return (t);
}

/* CKPT_RESTORED from the restart helper: the task runs again. */
int
task_handle_restored(struct task *t, struct pvm_frame *f)
{
	if (t->state != TASK_RESTORING || t->restored || f->src != t->tid)
		return (-1);
	log_info("t%x: restarted, pid %ld, %s", t->tid, (long)t->pid,
	    t->name);
	peer_set_maxlen(t->peer, PVM_MAX_FRAME);
	/*
	 * A task moving here runs and may send, but what comes for it
	 * waits for the home pvmd's commit (migrate.c).
	 */
	t->restored = 1;
	if (migrate_restored(t->tid)) {
		migrate_go(t);
		task_thaw(t, NULL);
	}
	return (0);
}

/* Take the link away from a connection that is not a task (migrate.c). */
struct peer *
task_take_peer(struct task *t)
{
	struct peer	*p = t->peer;

	t->peer = NULL;
	return (p);
}

/*
 * The task moved to another host: it leaves this table without exit
 * notices.  Control frames held for it are dropped.
 */
void
task_forget(struct task *t)
{
	log_debug("t%x: moved away", t->tid);
	task_unslot(t);
	task_free(t);
}

/* Whether the task moved here from another host. */
int
task_is_guest(struct task *t)
{
	return (t->guest && !t->remote);
}

/* Whether the task runs with its frames delivered (not held). */
int
task_live(struct task *t)
{
	return (t->state == TASK_LIVE);
}

/* Whether t stands in for a task of another host (task_proxy). */
int
task_remote(struct task *t)
{
	return (t->remote);
}
