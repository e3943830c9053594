/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * The group table: dynamic groups with the PVM 3.4 rules of
 * pvm_joingroup, pvm_lvgroup, pvm_getinst, pvm_gettid, pvm_gsize,
 * pvm_freezegroup and pvm_barrier.  No I/O here: group.c answers the
 * tasks.  A parked BARRIER or FREEZE is a group_waiter; when the store
 * releases or cancels it, it is moved to the caller's done list with its
 * answer in code.
 *
 * Rules:
 * - a join takes the lowest free instance number; joining twice, or
 *   joining a frozen group, gives PvmDupGroup;
 * - a group goes away when its last member leaves and nothing waits;
 * - BARRIER and FREEZE wait until count members called them (count -1:
 *   the group's size, or the count of the one already pending); a caller
 *   with another count gets PvmMismatch; FREEZE then makes the group
 *   frozen (static);
 * - a member that exits while a barrier is pending: in a dynamic group
 *   the barrier waits for one member fewer (so it cannot stay stuck
 *   waiting for a task that is gone; the others still pass the count
 *   they all give) and is released once enough arrived; a member that
 *   leaves with pvm_lvgroup does not change the count, as it may join
 *   again;
 * - in a frozen group a member that leaves or exits makes the group
 *   defunct: the waiters and later barriers get PvmNoGroup
 *   (pvm_freezegroup(3)).
 */

#include <sys/types.h>
#include <sys/queue.h>

#include <stdlib.h>
#include <string.h>

#include "pvm3.h"
#include "log.h"
#include "xmalloc.h"
#include "pvmd.h"

/* A BARRIER or a FREEZE being collected in one group. */
struct group_sync {
	int			 asked;		/* count the callers gave */
	int			 count;		/* 0: none pending */
	int			 arrived;
	struct group_wlist	 waiters;
};

struct group {
	char			*name;
	int			*tids;		/* by instance, 0 = free */
	int			 cap;
	int			 size;
	int			 frozen;
	int			 defunct;
	struct group_sync	 bar;
	struct group_sync	 frz;
	TAILQ_ENTRY(group)	 entry;
};

struct group_store {
	TAILQ_HEAD(, group)	 groups;
	size_t			 nmembers;
	size_t			 max_members;
};

static struct group	*group_store_find(struct group_store *, const char *);
static int		 group_store_inst(const struct group *, int);
static void		 group_store_release(struct group_sync *, int,
			     struct group_wlist *);
static void		 group_store_check(struct group *,
			     struct group_sync *);
static int		 group_store_arrive(struct group *,
			     struct group_sync *, int, int, uint32_t, int,
			     struct group_wlist *);
static void		 group_store_unwait(struct group_sync *, int,
			     struct group_wlist *);
static void		 group_store_drop(struct group_store *,
			     struct group *, int, int, struct group_wlist *);
static void		 group_store_gc(struct group_store *, struct group *);

/* Make an empty table holding at most max_members memberships. */
struct group_store *
group_store_new(size_t max_members)
{
	struct group_store	*s;

	s = xcalloc(1, sizeof *s);
	TAILQ_INIT(&s->groups);
	s->max_members = max_members;
	return (s);
}

/* Free a table, its groups and their parked requests.  NULL is ignored. */
void
group_store_free(struct group_store *s)
{
	struct group		*g;
	struct group_waiter	*w;

	if (s == NULL)
		return;
	while ((g = TAILQ_FIRST(&s->groups)) != NULL) {
		TAILQ_REMOVE(&s->groups, g, entry);
		while ((w = TAILQ_FIRST(&g->bar.waiters)) != NULL) {
			TAILQ_REMOVE(&g->bar.waiters, w, entry);
			free(w);
		}
		while ((w = TAILQ_FIRST(&g->frz.waiters)) != NULL) {
			TAILQ_REMOVE(&g->frz.waiters, w, entry);
			free(w);
		}
		free(g->tids);
		free(g->name);
		free(g);
	}
	free(s);
}

/* The group called name, or NULL. */
static struct group *
group_store_find(struct group_store *s, const char *name)
{
	struct group	*g;

	TAILQ_FOREACH(g, &s->groups, entry) {
		if (strcmp(g->name, name) == 0)
			return (g);
	}
	return (NULL);
}

/* The instance of tid in g, or -1. */
static int
group_store_inst(const struct group *g, int tid)
{
	int	i;

	for (i = 0; i < g->cap; i++) {
		if (g->tids[i] == tid)
			return (i);
	}
	return (-1);
}

/*
 * Check a group name: PvmBadParam if NULL or too long, PvmNullGroup if
 * empty, else 0.
 */
int
group_store_name_ok(const char *name)
{
	if (name == NULL || strlen(name) > PVM_GROUP_NAME_MAX)
		return (PvmBadParam);
	if (*name == '\0')
		return (PvmNullGroup);
	return (0);
}

/*
 * Task tid joins group name (made if new).  Returns its instance, the
 * lowest free one, or PvmDupGroup (member already, or the group is
 * frozen), PvmOutOfRes (limits).
 */
int
group_store_join(struct group_store *s, const char *name, int tid)
{
	struct group	*g;
	int		 i;

	if ((g = group_store_find(s, name)) == NULL) {
		if (s->nmembers >= s->max_members)
			return (PvmOutOfRes);
		g = xcalloc(1, sizeof *g);
		g->name = xstrdup(name);
		TAILQ_INIT(&g->bar.waiters);
		TAILQ_INIT(&g->frz.waiters);
		TAILQ_INSERT_TAIL(&s->groups, g, entry);
	}
	if (group_store_inst(g, tid) != -1 || g->frozen || g->defunct)
		return (PvmDupGroup);
	if (s->nmembers >= s->max_members || g->size >= PVM_GROUP_SIZE_MAX) {
		group_store_gc(s, g);
		return (PvmOutOfRes);
	}
	for (i = 0; i < g->cap && g->tids[i] != 0; i++)
		;
	if (i == g->cap) {
		g->tids = xreallocarray(g->tids, g->cap == 0 ? 8 : g->cap * 2,
		    sizeof *g->tids);
		memset(g->tids + g->cap, 0, (g->cap == 0 ? 8 : g->cap) *
		    sizeof *g->tids);
		g->cap = g->cap == 0 ? 8 : g->cap * 2;
	}
	g->tids[i] = tid;
	g->size++;
	s->nmembers++;
	return (i);
}

/*
 * Task tid leaves group name.  Returns 0, PvmNoGroup or PvmNotInGroup;
 * requests this releases or fails are appended to done.
 */
int
group_store_leave(struct group_store *s, const char *name, int tid,
    struct group_wlist *done)
{
	struct group	*g;

	if ((g = group_store_find(s, name)) == NULL)
		return (PvmNoGroup);
	if (group_store_inst(g, tid) == -1)
		return (PvmNotInGroup);
	group_store_drop(s, g, tid, 0, done);
	group_store_gc(s, g);
	return (0);
}

/* The instance of tid in group name, or PvmNoGroup, PvmNotInGroup. */
int
group_store_getinst(struct group_store *s, const char *name, int tid)
{
	struct group	*g;
	int		 i;

	if ((g = group_store_find(s, name)) == NULL)
		return (PvmNoGroup);
	if ((i = group_store_inst(g, tid)) == -1)
		return (PvmNotInGroup);
	return (i);
}

/* The TID of instance inst of group name, or PvmNoGroup, PvmNoInst. */
int
group_store_gettid(struct group_store *s, const char *name, int inst)
{
	struct group	*g;

	if ((g = group_store_find(s, name)) == NULL)
		return (PvmNoGroup);
	if (inst < 0 || inst >= g->cap || g->tids[inst] == 0)
		return (PvmNoInst);
	return (g->tids[inst]);
}

/* The number of members of group name, or PvmNoGroup. */
int
group_store_size(struct group_store *s, const char *name)
{
	struct group	*g;

	if ((g = group_store_find(s, name)) == NULL)
		return (PvmNoGroup);
	return (g->size);
}

/*
 * The members of group name in instance order: *tids (allocated, free
 * it) holds *n TIDs.  Returns 0 or PvmNoGroup.
 */
int
group_store_tids(struct group_store *s, const char *name, int **tids,
    size_t *n)
{
	struct group	*g;
	int		 i;

	*tids = NULL;
	*n = 0;
	if ((g = group_store_find(s, name)) == NULL)
		return (PvmNoGroup);
	*tids = xcalloc(g->size + 1, sizeof **tids);
	for (i = 0; i < g->cap; i++) {
		if (g->tids[i] != 0)
			(*tids)[(*n)++] = g->tids[i];
	}
	return (0);
}

/*
 * The members of group name in instance order: *tids and *insts
 * (allocated, free them) hold *n TIDs and their instances.  Returns 0
 * or PvmNoGroup.
 */
int
group_store_members(struct group_store *s, const char *name, int **tids,
    int **insts, size_t *n)
{
	struct group	*g;
	int		 i;

	*tids = NULL;
	*insts = NULL;
	*n = 0;
	if ((g = group_store_find(s, name)) == NULL)
		return (PvmNoGroup);
	*tids = xcalloc(g->size + 1, sizeof **tids);
	*insts = xcalloc(g->size + 1, sizeof **insts);
	for (i = 0; i < g->cap; i++) {
		if (g->tids[i] != 0) {
			(*tids)[*n] = g->tids[i];
			(*insts)[(*n)++] = i;
		}
	}
	return (0);
}

/* Move every waiter of y to done with code; y is then idle. */
static void
group_store_release(struct group_sync *y, int code, struct group_wlist *done)
{
	struct group_waiter	*w;

	while ((w = TAILQ_FIRST(&y->waiters)) != NULL) {
		TAILQ_REMOVE(&y->waiters, w, entry);
		w->code = code;
		TAILQ_INSERT_TAIL(done, w, entry);
	}
	y->asked = 0;
	y->count = 0;
	y->arrived = 0;
}

/* Enough arrived at y: a FREEZE freezes g.  Nothing if not yet. */
static void
group_store_check(struct group *g, struct group_sync *y)
{
	if (y->count == 0 || y->arrived < y->count)
		return;
	if (y == &g->frz)
		g->frozen = 1;
}

/*
 * Member tid of g arrives at y (BARRIER or FREEZE) with count.  Returns
 * 0 (parked; released into done if it was the last), or PvmBadParam,
 * PvmMismatch, PvmDenied (it waits already).
 */
static int
group_store_arrive(struct group *g, struct group_sync *y, int tid,
    int count, uint32_t reqid, int op, struct group_wlist *done)
{
	struct group_waiter	*w;

	if (count == -1)
		count = y->count != 0 ? y->asked : g->size;
	if (count < 1)
		return (PvmBadParam);
	if (y->count != 0 && count != y->asked)
		return (PvmMismatch);
	TAILQ_FOREACH(w, &y->waiters, entry) {
		if (w->tid == tid)
			return (PvmDenied);
	}
	w = xcalloc(1, sizeof *w);
	w->tid = tid;
	w->reqid = reqid;
	w->op = op;
	TAILQ_INSERT_TAIL(&y->waiters, w, entry);
	if (y->count == 0) {
		y->asked = count;
		y->count = count;
	}
	y->arrived++;
	if (y->arrived >= y->count) {
		group_store_check(g, y);
		group_store_release(y, 0, done);
	}
	return (0);
}

/*
 * Task tid, a member of group name, calls pvm_barrier (op
 * PVM_GROUP_BARRIER) or pvm_freezegroup (PVM_GROUP_FREEZE) with count
 * as request reqid.  Returns 0: parked, and if that completed the count
 * every waiter, tid's request included, is in done with code 0.  Or,
 * with nothing parked: PvmNoGroup (also for a defunct frozen group),
 * PvmNotInGroup, PvmBadParam, PvmMismatch, PvmDupGroup (FREEZE of a
 * frozen group), PvmDenied.
 */
int
group_store_sync(struct group_store *s, const char *name, int op, int tid,
    int count, uint32_t reqid, struct group_wlist *done)
{
	struct group	*g;

	if ((g = group_store_find(s, name)) == NULL || g->defunct)
		return (PvmNoGroup);
	if (group_store_inst(g, tid) == -1)
		return (PvmNotInGroup);
	if (op == PVM_GROUP_FREEZE) {
		if (g->frozen)
			return (PvmDupGroup);
		return (group_store_arrive(g, &g->frz, tid, count, reqid, op,
		    done));
	}
	return (group_store_arrive(g, &g->bar, tid, count, reqid, op, done));
}

/* Take tid's request out of y into done with PvmNoTask. */
static void
group_store_unwait(struct group_sync *y, int tid, struct group_wlist *done)
{
	struct group_waiter	*w;

	TAILQ_FOREACH(w, &y->waiters, entry) {
		if (w->tid == tid)
			break;
	}
	if (w == NULL)
		return;
	TAILQ_REMOVE(&y->waiters, w, entry);
	y->arrived--;
	w->code = PvmNoTask;
	TAILQ_INSERT_TAIL(done, w, entry);
}

/*
 * Member tid leaves g (exited set if because it exited): its own
 * parked request is cancelled; if it exited, the pending BARRIER and
 * FREEZE wait for one member fewer.  In a frozen group the waiters get
 * PvmNoGroup and the group is defunct.
 */
static void
group_store_drop(struct group_store *s, struct group *g, int tid,
    int exited, struct group_wlist *done)
{
	struct group_sync	*y;
	int			 i, k;

	i = group_store_inst(g, tid);
	g->tids[i] = 0;
	g->size--;
	s->nmembers--;
	if (g->frozen) {
		group_store_unwait(&g->bar, tid, done);
		g->defunct = 1;
		group_store_release(&g->bar, PvmNoGroup, done);
		return;
	}
	for (k = 0; k < 2; k++) {
		y = k == 0 ? &g->bar : &g->frz;
		if (y->count == 0)
			continue;
		group_store_unwait(y, tid, done);
		if (!exited)
			continue;
		y->count--;
		if (y->count == 0 || y->arrived >= y->count) {
			group_store_check(g, y);
			group_store_release(y, 0, done);
		}
	}
}

/* Free g if it has no member and nothing waits in it. */
static void
group_store_gc(struct group_store *s, struct group *g)
{
	if (g->size > 0 || !TAILQ_EMPTY(&g->bar.waiters) ||
	    !TAILQ_EMPTY(&g->frz.waiters))
		return;
	TAILQ_REMOVE(&s->groups, g, entry);
	free(g->tids);
	free(g->name);
	free(g);
}

/*
 * Task tid exited: it leaves every group; its parked requests go to done
 * with PvmNoTask, and requests its leaving releases or fails with theirs.
 */
void
group_store_task_exit(struct group_store *s, int tid,
    struct group_wlist *done)
{
	struct group	*g, *next;

	for (g = TAILQ_FIRST(&s->groups); g != NULL; g = next) {
		next = TAILQ_NEXT(g, entry);
		if (group_store_inst(g, tid) != -1)
			group_store_drop(s, g, tid, 1, done);
		else {
			group_store_unwait(&g->bar, tid, done);
			group_store_unwait(&g->frz, tid, done);
		}
		group_store_gc(s, g);
	}
}

/* Host h left the machine: each of its tasks exits, as above. */
void
group_store_host_gone(struct group_store *s, int h,
    struct group_wlist *done)
{
	struct group	*g;
	int		*gone;
	size_t		 n = 0, k;
	int		 i, tid;

	gone = xcalloc(s->nmembers + 1, sizeof *gone);
	TAILQ_FOREACH(g, &s->groups, entry) {
		for (i = 0; i < g->cap; i++) {
			tid = g->tids[i];
			if (tid != 0 && (int)(((uint32_t)tid &
			    PVM_TID_HOST_MASK) >> PVM_TID_HOST_SHIFT) == h)
				gone[n++] = tid;
		}
	}
	for (k = 0; k < n; k++)
		group_store_task_exit(s, gone[k], done);
	free(gone);
}

/* Whether tid is a member of a group of s. */
int
group_store_has(struct group_store *s, int tid)
{
	struct group	*g;

	TAILQ_FOREACH(g, &s->groups, entry) {
		if (group_store_inst(g, tid) != -1)
			return (1);
	}
	return (0);
}

/*
 * The flags of group name: 1 if frozen, 2 if defunct (or'ed), or -1 if
 * there is no such group.
 */
int
group_store_flags(struct group_store *s, const char *name)
{
	struct group	*g;

	if ((g = group_store_find(s, name)) == NULL)
		return (-1);
	return ((g->frozen ? 1 : 0) | (g->defunct ? 2 : 0));
}

/*
 * The names of the groups of s (tid 0), or of those tid is a member of:
 * an allocated array of *n allocated strings; free them all.
 */
char **
group_store_names(struct group_store *s, int tid, size_t *n)
{
	struct group	*g;
	char		**v;
	size_t		 cap = 0;

	*n = 0;
	TAILQ_FOREACH(g, &s->groups, entry)
		cap++;
	v = xcalloc(cap + 1, sizeof *v);
	TAILQ_FOREACH(g, &s->groups, entry) {
		if (tid == 0 || group_store_inst(g, tid) != -1)
			v[(*n)++] = xstrdup(g->name);
	}
	return (v);
}
