/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Barriers across hosts in O(log hosts) message steps.
 *
 * The group table stays in the master pvmd (group.c, group_store.c): it
 * alone decides joins, leaves, instances and freezes.  After every
 * change of a group it sends each pvmd a CENSUS of that group: how many
 * members every host has, which members the receiving host has, and
 * whether the group is frozen or defunct.  The census goes out before
 * the answer to the join or leave that caused it, on the same link, so
 * a task that was told it joined is known as a member by its own pvmd.
 *
 * A task's pvm_barrier goes to its own pvmd, never to the master.  The
 * pvmds form a binary tree over the host table in host number order:
 * the host at index i of the sorted table has the hosts at 2i+1 and
 * 2i+2 as children; the root is the master (host 1, always the lowest).
 * Each pvmd collects its local callers and the lists its children sent
 * up, and sends its parent one UP holding the TIDs of the members of
 * its subtree that wait (a cumulative list, so that a resent or shrunk
 * list replaces the older one).  It sends:
 * - at the first arrival of a round (so the root learns early that a
 *   barrier is pending, which matters for members that exit);
 * - when its subtree is complete: as many waiters as its census gives
 *   members to the hosts of the subtree;
 * - at every change when the count is below the group's size (a partial
 *   barrier cannot wait for complete subtrees), and when a waiter left
 *   the list (its task exited).
 * So in a barrier of all members each pvmd sends at most two UPs, and
 * the root hears of the last arrival after at most depth = log2(hosts)
 * steps.  The root, which also holds the table, counts the distinct
 * waiters that are still members; with count -1 it needs the group's
 * size, else count less the members that exited while the round was
 * pending (a member that dies does not leave the others stuck, as in
 * group_store.c).  It then sends RELEASE of the round down the tree;
 * every pvmd answers its local waiters and passes RELEASE on.  Rounds
 * are numbered, so an UP of a round that was already released is
 * dropped: its sender is released by that round's RELEASE.  Waiters
 * that arrived at a pvmd before the RELEASE came pass with it (in a
 * barrier with count below the group's size more than count may pass).
 *
 * The master numbers the incarnations of a group name (epoch, in every
 * CENSUS, UP and RELEASE): state and messages of an earlier group of the
 * same name are dropped, a newer one starts this pvmd's state anew.
 *
 * Frozen groups: a member leaving or exiting makes the group defunct;
 * the census says so and every pvmd fails its waiters with PvmNoGroup.
 * A host that goes away: its entries are dropped, every pvmd sends its
 * list again to its (maybe new) parent, and the root sends the last
 * RELEASE again, since the lost host may have been the way to some.
 *
 * Each pvmd logs, per released round, how many tree frames (UP and
 * RELEASE) it sent for it: "group G round R: N tree frames".
 */

#include <sys/types.h>
#include <sys/queue.h>

#include <stdlib.h>
#include <string.h>

#include "pvm3.h"
#include "log.h"
#include "xmalloc.h"
#include "pvmd.h"

#define GTREE_FROZEN	1
#define GTREE_DEFUNCT	2
#define GTREE_GONE	4
/* Most groups a pvmd keeps state for (the master's table has no more). */
#define GTREE_MAX	GROUP_MEMBERS_MAX

/* The waiting list a child host sent up. */
struct gtree_kid {
	int			 host;
	int			 count;
	int			*tids;
	size_t			 ntids;
	TAILQ_ENTRY(gtree_kid)	 entry;
};

/*
 * One group as this pvmd sees it: the census (hosts[i] has counts[i]
 * members; local: the members of this host), and the barrier round:
 * count (0: none yet), the local callers, the children's lists, dirty
 * (the list changed since the last UP; 2: send it in any case), sent
 * (UPs sent this round), exited (the root: members that exited while
 * the round was pending), frames (tree frames sent this round).
 */
struct gtree {
	char			*name;
	int			 flags;
	uint32_t		 epoch;		/* incarnation, 0: unknown */
	int			*hosts;
	int			*counts;
	size_t			 nhosts;
	int			*local;
	size_t			 nlocal;

	uint32_t		 round;
	int			 count;
	struct group_wlist	 waiters;
	size_t			 nwait;
	TAILQ_HEAD(, gtree_kid)	 kids;
	int			 dirty;
	int			 sent;
	int			 exited;
	int			 frames;
	TAILQ_ENTRY(gtree)	 entry;
};

static TAILQ_HEAD(, gtree) gtrees = TAILQ_HEAD_INITIALIZER(gtrees);
static size_t		 ngtrees;
static uint32_t		 gtree_next_epoch;

static struct gtree	*gtree_find(const char *, int);
static void		 gtree_free(struct gtree *);
static void		 gtree_kids_free(struct gtree *);
static int		 gtree_hosts(int **, size_t *);
static int		 gtree_subtree(const struct gtree *, const int *,
			     size_t, size_t);
static int		 gtree_total(const struct gtree *);
static int		 gtree_is_local(const struct gtree *, int);
static void		 gtree_answer(struct gtree *, int);
static void		 gtree_release(struct gtree *, uint32_t, int);
static void		 gtree_send_release(struct gtree *, uint32_t, int);
static int		*gtree_collect(struct gtree *, size_t *);
static void		 gtree_eval(struct gtree *);
static void		 gtree_root(struct gtree *, int *, size_t);
static int		 gtree_cmp(const void *, const void *);
static int		 gtree_tids_ok(const int32_t *, size_t);
static int		 gtree_epoch(struct gtree *, uint32_t, uint32_t);

/*
 * The state of group name; made if create is set.  NULL if there is
 * none, or no room for more (GTREE_MAX).
 */
static struct gtree *
gtree_find(const char *name, int create)
{
	struct gtree	*g;

	TAILQ_FOREACH(g, &gtrees, entry) {
		if (strcmp(g->name, name) == 0)
			return (g);
	}
	if (!create || ngtrees >= GTREE_MAX)
		return (NULL);
	ngtrees++;
	g = xcalloc(1, sizeof *g);
	g->name = xstrdup(name);
	TAILQ_INIT(&g->waiters);
	TAILQ_INIT(&g->kids);
	TAILQ_INSERT_TAIL(&gtrees, g, entry);
	return (g);
}

/* Forget the lists the children sent. */
static void
gtree_kids_free(struct gtree *g)
{
	struct gtree_kid	*k;

	while ((k = TAILQ_FIRST(&g->kids)) != NULL) {
		TAILQ_REMOVE(&g->kids, k, entry);
		free(k->tids);
		free(k);
	}
}

/* Free g; its waiters must have been answered. */
static void
gtree_free(struct gtree *g)
{
	struct group_waiter	*w;

	TAILQ_REMOVE(&gtrees, g, entry);
	ngtrees--;
	while ((w = TAILQ_FIRST(&g->waiters)) != NULL) {
		TAILQ_REMOVE(&g->waiters, w, entry);
		free(w);
	}
	gtree_kids_free(g);
	free(g->hosts);
	free(g->counts);
	free(g->local);
	free(g->name);
	free(g);
}

/* The host table in number order, *me our index.  Returns the count. */
static int
gtree_hosts(int **hosts, size_t *me)
{
	size_t	n = 0, i;
	int	h;

	*hosts = xcalloc(PVM_TID_MAX_HOST + 1, sizeof **hosts);
	*me = 0;
	for (i = 0; (h = host_nth(i)) != 0 && n < PVM_TID_MAX_HOST; i++) {
		if (h == PVMD_HOSTNUM)
			*me = n;
		(*hosts)[n++] = h;
	}
	return ((int)n);
}

/* Members the census gives the hosts of the subtree at index i. */
static int
gtree_subtree(const struct gtree *g, const int *hosts, size_t n, size_t i)
{
	size_t	k;
	int	sum = 0;

	if (i >= n)
		return (0);
	for (k = 0; k < g->nhosts; k++) {
		if (g->hosts[k] == hosts[i]) {
			sum = g->counts[k];
			break;
		}
	}
	return (sum + gtree_subtree(g, hosts, n, 2 * i + 1) +
	    gtree_subtree(g, hosts, n, 2 * i + 2));
}

/* The group's size by the census. */
static int
gtree_total(const struct gtree *g)
{
	size_t	k;
	int	sum = 0;

	for (k = 0; k < g->nhosts; k++)
		sum += g->counts[k];
	return (sum);
}

/* Whether tid is a member on this host by the census. */
static int
gtree_is_local(const struct gtree *g, int tid)
{
	size_t	k;

	for (k = 0; k < g->nlocal; k++) {
		if (g->local[k] == tid)
			return (1);
	}
	return (0);
}

/* Answer every local waiter with code. */
static void
gtree_answer(struct gtree *g, int code)
{
	Pvm__GroupReply		 r = PVM__GROUP_REPLY__INIT;
	struct group_waiter	*w;
	struct task		*t;

	while ((w = TAILQ_FIRST(&g->waiters)) != NULL) {
		TAILQ_REMOVE(&g->waiters, w, entry);
		if ((t = task_find(w->tid)) != NULL) {
			r.code = code;
			if (task_reply(t, PVM_MSG_GROUP_REPLY, w->reqid,
			    &r.base) != 0)
				log_debug("t%x: GROUP_REPLY not sent", w->tid);
		}
		free(w);
	}
	g->nwait = 0;
}

/* Send RELEASE of round r with code to our children. */
static void
gtree_send_release(struct gtree *g, uint32_t r, int code)
{
	Pvm__GroupRelease	 m = PVM__GROUP_RELEASE__INIT;
	int			*hosts, h;
	size_t			 me, c;
	int			 n;

	n = gtree_hosts(&hosts, &me);
	m.group = g->name;
	m.round = r;
	m.code = code;
	m.epoch = g->epoch;
	for (c = 2 * me + 1; c <= 2 * me + 2 && c < (size_t)n; c++) {
		h = hosts[c];
		if (link_send_ctl(h, PVM_MSG_GROUP_RELEASE, 0, PVMD_TID,
		    PVM_TID_DAEMON | (h << PVM_TID_HOST_SHIFT), &m.base) == 0)
			g->frames++;
	}
	free(hosts);
}

/*
 * Round r of g is over: answer the local waiters with code, pass the
 * RELEASE on, start round r + 1.
 */
static void
gtree_release(struct gtree *g, uint32_t r, int code)
{
	gtree_send_release(g, r, code);
	log_info("group \"%s\" round %u: %d tree frames", g->name, r,
	    g->frames);
	gtree_answer(g, code);
	gtree_kids_free(g);
	g->round = r + 1;
	g->count = 0;
	g->dirty = 0;
	g->sent = 0;
	g->exited = 0;
	g->frames = 0;
}

static int
gtree_cmp(const void *a, const void *b)
{
	int	x = *(const int *)a, y = *(const int *)b;

	return (x < y ? -1 : x > y);
}

/*
 * The waiters of our subtree in this round: local callers and the
 * children's lists, sorted, without duplicates.  Free the result.
 */
static int *
gtree_collect(struct gtree *g, size_t *np)
{
	struct group_waiter	*w;
	struct gtree_kid	*k;
	size_t			 n = g->nwait, i, j;
	int			*v;

	TAILQ_FOREACH(k, &g->kids, entry)
		n += k->ntids;
	v = xcalloc(n + 1, sizeof *v);
	n = 0;
	TAILQ_FOREACH(w, &g->waiters, entry)
		v[n++] = w->tid;
	TAILQ_FOREACH(k, &g->kids, entry) {
		memcpy(v + n, k->tids, k->ntids * sizeof *v);
		n += k->ntids;
	}
	qsort(v, n, sizeof *v, gtree_cmp);
	for (i = j = 0; i < n; i++) {
		if (j == 0 || v[j - 1] != v[i])
			v[j++] = v[i];
	}
	*np = j;
	return (v);
}

/* The root decides: release the round once enough members wait. */
static void
gtree_root(struct gtree *g, int *tids, size_t n)
{
	size_t	i;
	int	arrived = 0, target, size;

	if (g->flags & GTREE_DEFUNCT) {
		gtree_release(g, g->round, PvmNoGroup);
		return;
	}
	for (i = 0; i < n; i++) {
		if (group_is_member(g->name, tids[i]))
			arrived++;
	}
	size = gtree_total(g);
	if (g->count == -1)
		target = size;
	else
		target = g->count - g->exited;
	log_debug("group \"%s\" round %u: %d of %d", g->name, g->round,
	    arrived, target);
	if (arrived > 0 && arrived >= target)
		gtree_release(g, g->round, 0);
}

/*
 * Something changed in g: the root may release; another pvmd sends its
 * parent the subtree's list when the rules at the top say so.
 */
static void
gtree_eval(struct gtree *g)
{
	Pvm__GroupUp	 m = PVM__GROUP_UP__INIT;
	int		*hosts, *tids, h, n, complete, eager, total;
	size_t		 me, nt;

	if (g->nwait == 0 && TAILQ_EMPTY(&g->kids) && !g->dirty)
		return;
	tids = gtree_collect(g, &nt);
	if (pvmd_host.master) {
		gtree_root(g, tids, nt);
		free(tids);
		return;
	}
	if (!g->dirty) {
		free(tids);
		return;
	}
	n = gtree_hosts(&hosts, &me);
	total = gtree_total(g);
	complete = (int)nt >= gtree_subtree(g, hosts, n, me);
	eager = g->count != -1 && g->count < total;
	if (me == 0 || (g->sent && !complete && !eager && g->dirty != 2)) {
		free(hosts);
		free(tids);
		return;
	}
	h = hosts[(me - 1) / 2];
	m.group = g->name;
	m.round = g->round;
	m.epoch = g->epoch;
	m.count = g->count;
	m.tids = tids;
	m.n_tids = nt;
	if (link_send_ctl(h, PVM_MSG_GROUP_UP, 0, PVMD_TID,
	    PVM_TID_DAEMON | (h << PVM_TID_HOST_SHIFT), &m.base) == 0) {
		g->frames++;
		g->sent++;
		g->dirty = 0;
	}
	free(hosts);
	free(tids);
}

/*
 * pvm_barrier of local task t (request f, req): checked against the
 * census, then parked until the round is released.  Errors are answered
 * at once: PvmNoGroup, PvmNotInGroup, PvmBadParam, PvmMismatch,
 * PvmDenied (t waits already).
 */
void
group_tree_barrier(struct task *t, struct pvm_frame *f,
    Pvm__GroupRequest *req)
{
	Pvm__GroupReply		 r = PVM__GROUP_REPLY__INIT;
	struct group_waiter	*w;
	struct gtree		*g;
	int			 tid = task_tid(t), code = 0;

	g = gtree_find(req->group, 0);
	if (g == NULL || (g->flags & (GTREE_DEFUNCT | GTREE_GONE)))
		code = PvmNoGroup;
	else if (!gtree_is_local(g, tid))
		code = PvmNotInGroup;
	else if (req->count < 1 && req->count != -1)
		code = PvmBadParam;
	else if (g->count != 0 && req->count != g->count)
		code = PvmMismatch;
	else {
		TAILQ_FOREACH(w, &g->waiters, entry) {
			if (w->tid == tid)
				code = PvmDenied;
		}
	}
	log_debug("t%x: barrier \"%s\" count %d: %d", tid, req->group,
	    req->count, code);
	if (code != 0) {
		r.code = code;
		(void)task_reply(t, PVM_MSG_GROUP_REPLY, f->reqid, &r.base);
		return;
	}
	w = xcalloc(1, sizeof *w);
	w->tid = tid;
	w->reqid = f->reqid;
	w->op = PVM_GROUP_BARRIER;
	TAILQ_INSERT_TAIL(&g->waiters, w, entry);
	g->nwait++;
	if (g->count == 0)
		g->count = req->count;
	g->dirty = 1;
	gtree_eval(g);
}

/* Whether the n TIDs are well-formed task TIDs. */
static int
gtree_tids_ok(const int32_t *tids, size_t n)
{
	size_t	i;

	if (n > PVM_GROUP_SIZE_MAX)
		return (0);
	for (i = 0; i < n; i++) {
		if (!task_is_tid(tids[i]))
			return (0);
	}
	return (1);
}

/*
 * Apply a census (from the master's link, or made here on the master).
 * Returns 0, or -1 if it is malformed (nothing changed).
 */
int
group_tree_census(Pvm__GroupCensus *c)
{
	struct gtree	*g;
	size_t		 i;

	if (group_store_name_ok(c->group) != 0 || c->n_hosts != c->n_counts ||
	    c->n_hosts > PVM_TID_MAX_HOST || !gtree_tids_ok(c->local,
	    c->n_local) || (c->flags & ~(GTREE_FROZEN | GTREE_DEFUNCT |
	    GTREE_GONE)) != 0)
		return (-1);
	for (i = 0; i < c->n_hosts; i++) {
		if (c->hosts[i] < 1 || c->hosts[i] > PVM_TID_MAX_HOST ||
		    c->counts[i] < 0 || c->counts[i] > PVM_GROUP_SIZE_MAX)
			return (-1);
	}
	for (i = 0; i < c->n_local; i++) {
		if (task_host_of(c->local[i]) != PVMD_HOSTNUM)
			return (-1);
	}
	if ((g = gtree_find(c->group, !(c->flags & GTREE_GONE))) == NULL)
		return ((c->flags & GTREE_GONE) ? 0 : -1);
	if (c->flags & GTREE_GONE) {
		gtree_answer(g, PvmNoGroup);
		gtree_free(g);
		return (0);
	}
	if (!pvmd_host.master && gtree_epoch(g, c->epoch, c->round) != 0)
		return (0);	/* a census of an earlier group */
	free(g->hosts);
	free(g->counts);
	free(g->local);
	g->nhosts = c->n_hosts;
	g->hosts = xcalloc(g->nhosts + 1, sizeof *g->hosts);
	g->counts = xcalloc(g->nhosts + 1, sizeof *g->counts);
	for (i = 0; i < g->nhosts; i++) {
		g->hosts[i] = c->hosts[i];
		g->counts[i] = c->counts[i];
	}
	g->nlocal = c->n_local;
	g->local = xcalloc(g->nlocal + 1, sizeof *g->local);
	for (i = 0; i < g->nlocal; i++)
		g->local[i] = c->local[i];
	g->flags = c->flags;
	/*
	 * The root released rounds whose RELEASE has not come yet.  (A
	 * census of an older round was sent before a RELEASE that came by
	 * the tree first.)
	 */
	if (!pvmd_host.master && c->round > g->round)
		gtree_release(g, c->round - 1, 0);
	/*
	 * A list already sent up needs no resend when the census changes:
	 * every pvmd judges its subtree by its own census, and the root
	 * counts the lists.  A list still unsent (dirty) may now be due.
	 */
	if (g->flags & GTREE_DEFUNCT) {
		gtree_answer(g, PvmNoGroup);
		gtree_kids_free(g);
		g->count = 0;
		g->dirty = 0;
		return (0);
	}
	gtree_eval(g);
	return (0);
}

/*
 * UP from host: the waiters of its subtree.  Returns 0, or -1 if it is
 * malformed.
 */
int
group_tree_handle_up(int host, Pvm__GroupUp *m)
{
	struct gtree_kid	*k;
	struct gtree		*g;
	size_t			 i;

	if (group_store_name_ok(m->group) != 0 ||
	    !gtree_tids_ok(m->tids, m->n_tids) ||
	    (m->count < 1 && m->count != -1) || host <= PVMD_HOSTNUM)
		return (-1);
	/*
	 * The root numbers the rounds and knows every group: an UP of an
	 * unknown group or of a round it did not start is stale (a group
	 * gone and made again); the census will set the sender right.
	 */
	g = gtree_find(m->group, !pvmd_host.master);
	if (g == NULL && !pvmd_host.master)
		return (-1);
	if (g != NULL && !pvmd_host.master &&
	    gtree_epoch(g, m->epoch, m->round) != 0)
		g = NULL;
	if (g == NULL || m->round < g->round || (pvmd_host.master &&
	    (m->round > g->round || m->epoch != g->epoch))) {
		log_debug("host %d: UP \"%s\" of round %u dropped", host,
		    m->group, m->round);
		return (0);
	}
	if (m->round > g->round)	/* we missed a RELEASE */
		gtree_release(g, m->round - 1, 0);
	TAILQ_FOREACH(k, &g->kids, entry) {
		if (k->host == host)
			break;
	}
	if (k == NULL) {
		k = xcalloc(1, sizeof *k);
		k->host = host;
		TAILQ_INSERT_TAIL(&g->kids, k, entry);
	}
	free(k->tids);
	k->ntids = m->n_tids;
	k->tids = xcalloc(k->ntids + 1, sizeof *k->tids);
	for (i = 0; i < k->ntids; i++)
		k->tids[i] = m->tids[i];
	k->count = m->count;
	if (g->count == 0)
		g->count = m->count;
	if (g->dirty != 2)
		g->dirty = 1;
	gtree_eval(g);
	return (0);
}

/*
 * RELEASE from host (our parent): round m->round is over.  A RELEASE of
 * a round already over here is only passed on (the root resends the last
 * one when a host goes away, and a census may have told us first).
 * Returns 0, or -1 if it is malformed.
 */
int
group_tree_handle_release(int host, Pvm__GroupRelease *m)
{
	struct gtree	*g;

	if (group_store_name_ok(m->group) != 0 || host >= PVMD_HOSTNUM ||
	    (m->code != 0 && m->code != PvmNoGroup))
		return (-1);
	if ((g = gtree_find(m->group, 1)) == NULL)
		return (-1);
	if (gtree_epoch(g, m->epoch, m->round) != 0)
		return (0);	/* of an earlier group */
	if (m->round < g->round) {
		gtree_send_release(g, m->round, m->code);
		return (0);
	}
	gtree_release(g, m->round, m->code);
	return (0);
}

/*
 * Local task tid exited: its barrier request is dropped (the list sent
 * up shrinks).
 */
void
group_tree_task_exit(int tid)
{
	struct group_waiter	*w;
	struct gtree		*g;

	TAILQ_FOREACH(g, &gtrees, entry) {
		TAILQ_FOREACH(w, &g->waiters, entry) {
			if (w->tid == tid)
				break;
		}
		if (w == NULL)
			continue;
		TAILQ_REMOVE(&g->waiters, w, entry);
		free(w);
		g->nwait--;
		g->dirty = 2;
		gtree_eval(g);
	}
}

/*
 * The master: member tid of group name exits.  If a round is pending,
 * its count needs one member fewer.
 */
void
group_tree_member_exit(const char *name)
{
	struct gtree	*g;

	if ((g = gtree_find(name, 0)) == NULL)
		return;
	if (g->nwait > 0 || !TAILQ_EMPTY(&g->kids))
		g->exited++;
}

/*
 * Host h went away: forget its list; send ours again (our parent may
 * have changed); the root resends the last RELEASE.
 */
void
group_tree_host_gone(int h)
{
	struct gtree		*g;
	struct gtree_kid	*k, *next;

	TAILQ_FOREACH(g, &gtrees, entry) {
		TAILQ_FOREACH_SAFE(k, &g->kids, entry, next) {
			if (k->host != h)
				continue;
			TAILQ_REMOVE(&g->kids, k, entry);
			free(k->tids);
			free(k);
		}
		if (pvmd_host.master && g->round > 0)
			gtree_send_release(g, g->round - 1, 0);
		if (g->nwait > 0 || !TAILQ_EMPTY(&g->kids))
			g->dirty = 2;
		gtree_eval(g);
	}
}

/* The master: the barrier round of group name, for its census. */
uint32_t
group_tree_round(const char *name)
{
	struct gtree	*g;

	return ((g = gtree_find(name, 0)) == NULL ? 0 : g->round);
}

/*
 * The master: the incarnation of group name, for its census; a new one
 * if the group has no state here yet.
 */
uint32_t
group_tree_epoch(const char *name)
{
	struct gtree	*g;

	if ((g = gtree_find(name, 1)) == NULL)
		return (0);
	if (g->epoch == 0) {
		if (++gtree_next_epoch == 0)
			gtree_next_epoch = 1;
		g->epoch = gtree_next_epoch;
	}
	return (g->epoch);
}

/*
 * A message of incarnation epoch (and round) about g came.  Returns 0 if
 * it is of g's incarnation, after starting g anew for it if it is a newer
 * one (or g's is unknown): the root numbers its rounds from round on.
 * Returns -1 if it is of an earlier incarnation, to be dropped.
 */
static int
gtree_epoch(struct gtree *g, uint32_t epoch, uint32_t round)
{
	if (epoch == g->epoch || epoch == 0)
		return (0);
	if (g->epoch != 0 && epoch < g->epoch)
		return (-1);
	log_debug("group \"%s\": incarnation %u (was %u)", g->name, epoch,
	    g->epoch);
	gtree_kids_free(g);
	g->epoch = epoch;
	g->round = round;
	g->count = 0;
	g->sent = 0;
	g->exited = 0;
	g->frames = 0;
	g->dirty = g->nwait > 0;
	return (0);
}

/* Halting or reset: answer nobody, forget everything. */
void
group_tree_free_all(void)
{
	struct gtree	*g;

	while ((g = TAILQ_FIRST(&gtrees)) != NULL)
		gtree_free(g);
}
