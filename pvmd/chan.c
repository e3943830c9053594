/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * The broker of direct routes between tasks of this host.  A sender asks
 * (CHAN_OPEN) for a route to a receiver; the daemon makes a sealed
 * memfd ring, sends the receiver a CHAN_NOTICE with it behind every
 * frame already queued for the receiver (so the receiver starts reading
 * the ring only after the messages that came through the daemon), and
 * answers the sender with the same ring.  Every task gets one eventfd
 * doorbell, made on its first route and kept here until it exits.  When
 * a task exits, each task that shares a route with it gets CHAN_CLOSE.
 */

#include <sys/types.h>
#include <sys/eventfd.h>
#include <sys/mman.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pvm3.h"
#include "log.h"
#include "xmalloc.h"
#include "pvmd.h"

/* Routes one task may share with others (both directions). */
#define CHAN_MAX_PEERS		512

struct chan_task {
	int			 tid;
	int			 bell;		/* eventfd, -1 if none */
	int			 bell_sent;	/* the task has its bell */
	int			*peers;		/* tasks it shares rings with */
	int			 npeers;
	int			 peercap;
	TAILQ_ENTRY(chan_task)	 entry;
};
TAILQ_HEAD(chan_tasks, chan_task);

static struct chan_tasks	chan_all = TAILQ_HEAD_INITIALIZER(chan_all);
static uint32_t			chan_ring_size;

static struct chan_task	*chan_get(int, int);
static int		 chan_has_peer(struct chan_task *, int);
static void		 chan_add_peer(struct chan_task *, int);
static void		 chan_del_peer(struct chan_task *, int);
static int		 chan_make_ring(size_t);
static int		 chan_send(struct task *, int, uint32_t, int, int,
			     const int *, int);
static void		 chan_fail(struct task *, uint32_t, int, int);

/* Read the ring size from $PVM_RING_SIZE (rounded up, bounded). */
void
chan_init(struct event_base *base)
{
	const char	*env;
	unsigned long	 v;
	uint32_t	 size;
	char		*end;

	size = PVM_RING_DEFAULT;
	if ((env = getenv("PVM_RING_SIZE")) != NULL && *env != '\0') {
		errno = 0;
		v = strtoul(env, &end, 0);
		if (errno != 0 || *end != '\0' || v > PVM_RING_MAX)
			v = PVM_RING_MAX;
		if (v < PVM_RING_MIN)
			v = PVM_RING_MIN;
		size = PVM_RING_MIN;
		while (size < v)
			size <<= 1;
	}
	chan_ring_size = size;
	chan_link_init(base);
	log_debug("direct routes: rings of %u bytes", chan_ring_size);
}

/* The route state of tid, made if create is set; NULL otherwise. */
static struct chan_task *
chan_get(int tid, int create)
{
	struct chan_task	*ct;

	TAILQ_FOREACH(ct, &chan_all, entry) {
		if (ct->tid == tid) {
			/* Most recently used first. */
			if (ct != TAILQ_FIRST(&chan_all)) {
				TAILQ_REMOVE(&chan_all, ct, entry);
				TAILQ_INSERT_HEAD(&chan_all, ct, entry);
			}
			return (ct);
		}
	}
	if (!create)
		return (NULL);
	ct = xcalloc(1, sizeof *ct);
	ct->tid = tid;
	ct->bell = -1;
	TAILQ_INSERT_HEAD(&chan_all, ct, entry);
	return (ct);
}

static int
chan_has_peer(struct chan_task *ct, int tid)
{
	int	i;

	for (i = 0; i < ct->npeers; i++) {
		if (ct->peers[i] == tid)
			return (1);
	}
	return (0);
}

static void
chan_add_peer(struct chan_task *ct, int tid)
{
	if (chan_has_peer(ct, tid))
		return;
	if (ct->npeers == ct->peercap) {
		ct->peercap = ct->peercap ? ct->peercap * 2 : 8;
		ct->peers = xreallocarray(ct->peers, ct->peercap,
		    sizeof *ct->peers);
	}
	ct->peers[ct->npeers++] = tid;
}

static void
chan_del_peer(struct chan_task *ct, int tid)
{
	int	i;

	for (i = 0; i < ct->npeers; i++) {
		if (ct->peers[i] == tid) {
			ct->peers[i] = ct->peers[--ct->npeers];
			return;
		}
	}
}

/* A sealed memfd for a ring of size data bytes, or -1 (logged). */
static int
chan_make_ring(size_t size)
{
	int	fd;

	fd = memfd_create("pvm-ring", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd == -1) {
		log_warn("memfd_create");
		return (-1);
	}
	if (ftruncate(fd, (off_t)(PVM_RING_HDRLEN + size)) == -1 ||
	    fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW |
	    F_SEAL_SEAL) == -1) {
		log_warn("ring memfd");
		close(fd);
		return (-1);
	}
	return (fd);
}

/* Send a ChanInfo frame of type with fds to a local task. */
static int
chan_send(struct task *t, int type, uint32_t reqid, int peer, int own_bell,
    const int *fds, int nfds)
{
	Pvm__ChanInfo		 ci = PVM__CHAN_INFO__INIT;
	struct pvm_frame	 f;
	uint8_t			*body;
	size_t			 len;
	int			 rv;

	ci.code = 0;
	ci.peer = peer;
	ci.ring_size = nfds > 0 ? chan_ring_size : 0;
	ci.own_bell = own_bell;
	if (peer_ctl_frame(&f, type, reqid, PVMD_TID, task_tid(t), &ci.base,
	    &body, &len) != 0)
		return (-1);
	f.flags = (uint32_t)nfds;
	rv = peer_send_fds(task_peer(t), &f, body, len, fds, nfds);
	free(body);
	return (rv);
}

/* Answer a CHAN_OPEN with code: no direct route, use the daemon. */
static void
chan_fail(struct task *t, uint32_t reqid, int peer, int code)
{
	Pvm__ChanInfo	ci = PVM__CHAN_INFO__INIT;

	ci.code = code;
	ci.peer = peer;
	(void)task_reply(t, PVM_MSG_CHAN_REPLY, reqid, &ci.base);
}

/*
 * CHAN_OPEN from local task a: a ring from a to the task m->tid.  The
 * answer is always a CHAN_REPLY; a code other than 0 means "no direct
 * route" (PvmNotImpl: never, the task is not on this host; PvmNoTask:
 * not now, the task is not connected here; PvmOutOfRes: limits).
 */
void
chan_handle_open(struct task *a, struct pvm_frame *f, Pvm__ChanRequest *m)
{
	struct chan_task	*ca, *cb;
	struct task		*b;
	int			 fds[PVM_CHAN_MAXFDS], ring, nfds, own;
	int			 dst = m->tid;

	if (!task_is_tid(dst) || dst == task_tid(a)) {
		chan_fail(a, f->reqid, dst, PvmBadParam);
		return;
	}
	/* From another host (forwarded by its pvmd): a TCP route. */
	if (task_host_of(task_tid(a)) != PVMD_HOSTNUM) {
		if (task_host_of(dst) != PVMD_HOSTNUM)
			chan_fail(a, f->reqid, dst, PvmNotImpl);
		else
			chan_link_open(a, f, task_tid(a), dst);
		return;
	}
	if (task_host_of(dst) != PVMD_HOSTNUM) {
		chan_fail(a, f->reqid, dst, PvmNotImpl);
		return;
	}
	if ((b = task_find(dst)) == NULL && migrate_move_where(dst) != 0) {
		/* It runs on another host now: the daemons carry. */
		chan_fail(a, f->reqid, dst, PvmNotImpl);
		return;
	}
	/* Not now: not connected yet, or stopped for a checkpoint. */
	if (b == NULL || !task_live(b) || task_peer(b) == NULL) {
		chan_fail(a, f->reqid, dst, PvmNoTask);
		return;
	}
	ca = chan_get(task_tid(a), 1);
	cb = chan_get(dst, 1);
	if ((ca->npeers >= CHAN_MAX_PEERS && !chan_has_peer(ca, dst)) ||
	    (cb->npeers >= CHAN_MAX_PEERS && !chan_has_peer(cb, ca->tid))) {
		chan_fail(a, f->reqid, dst, PvmOutOfRes);
		return;
	}
	if (ca->bell == -1)
		ca->bell = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (cb->bell == -1)
		cb->bell = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (ca->bell == -1 || cb->bell == -1) {
		log_warn("eventfd");
		chan_fail(a, f->reqid, dst, PvmOutOfRes);
		return;
	}
	if ((ring = chan_make_ring(chan_ring_size)) == -1) {
		chan_fail(a, f->reqid, dst, PvmOutOfRes);
		return;
	}

	/* The receiver first: its notice follows what a sent before. */
	fds[0] = ring;
	fds[1] = ca->bell;
	fds[2] = cb->bell;
	own = !cb->bell_sent;
	nfds = own ? 3 : 2;
	if (chan_send(b, PVM_MSG_CHAN_NOTICE, 0, ca->tid, own, fds,
	    nfds) != 0) {
		close(ring);
		chan_fail(a, f->reqid, dst, PvmNoTask);
		return;
	}
	cb->bell_sent = 1;
	chan_add_peer(ca, dst);
	chan_add_peer(cb, ca->tid);

	fds[1] = cb->bell;
	fds[2] = ca->bell;
	own = !ca->bell_sent;
	nfds = own ? 3 : 2;
	if (chan_send(a, PVM_MSG_CHAN_REPLY, f->reqid, dst, own, fds,
	    nfds) == 0)
		ca->bell_sent = 1;
	close(ring);
	log_debug("t%x: ring to t%x", ca->tid, dst);
}

/*
 * Give local task b the accepted socket fd of a direct route from task
 * src of another host.  Returns 0, or -1 if b's link is gone.
 */
int
chan_notice_tcp(struct task *b, int src, int fd)
{
	Pvm__ChanInfo		 ci = PVM__CHAN_INFO__INIT;
	struct pvm_frame	 f;
	uint8_t			*body;
	size_t			 len;
	int			 rv;

	if (task_peer(b) == NULL)
		return (-1);
	ci.peer = src;
	ci.tcp = 1;
	if (peer_ctl_frame(&f, PVM_MSG_CHAN_NOTICE, 0, PVMD_TID, task_tid(b),
	    &ci.base, &body, &len) != 0)
		return (-1);
	f.flags = 1;
	rv = peer_send_fds(task_peer(b), &f, body, len, &fd, 1);
	free(body);
	return (rv);
}

/*
 * Task tid has exited: every task that shares a ring with it hears of
 * it (CHAN_CLOSE), and its doorbell is closed.
 */
void
chan_task_exit(int tid)
{
	Pvm__ChanInfo		 ci = PVM__CHAN_INFO__INIT;
	struct chan_task	*ct, *cp;
	struct task		*p;
	int			 i;

	if ((ct = chan_get(tid, 0)) == NULL)
		return;
	ci.peer = tid;
	for (i = 0; i < ct->npeers; i++) {
		if ((cp = chan_get(ct->peers[i], 0)) != NULL)
			chan_del_peer(cp, tid);
		if ((p = task_find(ct->peers[i])) != NULL &&
		    task_connected(p))
			(void)task_reply(p, PVM_MSG_CHAN_CLOSE, 0, &ci.base);
	}
	if (ct->bell != -1)
		close(ct->bell);
	TAILQ_REMOVE(&chan_all, ct, entry);
	free(ct->peers);
	free(ct);
}
