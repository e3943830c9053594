/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * The mailbox store: classes of entries keyed by <name, index>, with the
 * PVM 3.4 rules of pvm_putinfo, pvm_recvinfo and pvm_delinfo, and the
 * requests parked by PvmMboxWaitForInfo.  No I/O here: mbox.c answers the
 * tasks.  Classes are kept sorted by name, entries of a class by index.
 *
 * Rules (see pvm_mbox(3)):
 * - a task may replace or delete an entry it owns, one made
 *   PvmMboxOverWritable, or one whose owner has exited (persistent);
 * - without PvmMboxMultiInstance a class holds one entry, index 0 (or a
 *   PvmMboxDirectIndex); putting into a class held by another task gives
 *   PvmExists, replacing a locked entry by direct index PvmDenied;
 * - with PvmMboxMultiInstance a put adds an entry at the lowest free
 *   index, unless the class holds a single-instance entry (PvmExists);
 * - when its owner exits an entry goes, unless it is persistent: then
 *   its owner becomes 0.
 */

#include <sys/types.h>
#include <sys/queue.h>

#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "pvm3.h"
#include "log.h"
#include "xmalloc.h"
#include "pvmd.h"

#define MBOX_KEEP	(PvmMboxPersistent | PvmMboxMultiInstance |	\
			    PvmMboxOverWritable)

struct mbox_class {
	char				*name;
	TAILQ_HEAD(, mbox_entry)	 entries;
	TAILQ_ENTRY(mbox_class)		 entry;
};

struct mbox_store {
	TAILQ_HEAD(, mbox_class)	 classes;
	TAILQ_HEAD(, mbox_waiter)	 waiters;
	size_t				 nentries;
	size_t				 nbytes;
	size_t				 nwaiters;
	size_t				 max_entries;
	size_t				 max_bytes;
	size_t				 max_waiters;
};

static struct mbox_class *mbox_store_class(struct mbox_store *, const char *,
			     int);
static struct mbox_entry *mbox_store_at(struct mbox_class *, int);
static int		 mbox_store_free_index(struct mbox_class *);
static int		 mbox_store_room(struct mbox_store *, size_t, size_t);
static struct mbox_entry *mbox_store_add(struct mbox_store *,
			     struct mbox_class *, int, int, int, uint32_t,
			     const void *, size_t);
static void		 mbox_store_set(struct mbox_store *,
			     struct mbox_entry *, int, int, uint32_t,
			     const void *, size_t);
static void		 mbox_store_gone(struct mbox_store *, int, int);

/*
 * Make an empty store holding at most max_entries entries, max_bytes of
 * names and data, and max_waiters parked requests.
 */
struct mbox_store *
mbox_store_new(size_t max_entries, size_t max_bytes, size_t max_waiters)
{
	struct mbox_store	*s;

	s = xcalloc(1, sizeof *s);
	TAILQ_INIT(&s->classes);
	TAILQ_INIT(&s->waiters);
	s->max_entries = max_entries;
	s->max_bytes = max_bytes;
	s->max_waiters = max_waiters;
	return (s);
}

/* Free a store with every entry and parked request.  NULL is ignored. */
void
mbox_store_free(struct mbox_store *s)
{
	struct mbox_waiter	*w;

	if (s == NULL)
		return;
	mbox_store_clear(s);
	while ((w = TAILQ_FIRST(&s->waiters)) != NULL) {
		TAILQ_REMOVE(&s->waiters, w, entry);
		mbox_store_waiter_free(w);
	}
	free(s);
}

/* Remove every entry (halt or reset); parked requests stay. */
void
mbox_store_clear(struct mbox_store *s)
{
	struct mbox_entry	*e;

	while ((e = mbox_store_first(s)) != NULL) {
		mbox_store_remove(s, e);
		mbox_store_entry_free(e);
	}
}

/* The class called name; made (empty) if create and it does not exist. */
static struct mbox_class *
mbox_store_class(struct mbox_store *s, const char *name, int create)
{
	struct mbox_class	*c, *n;
	int			 cmp = 1;

	TAILQ_FOREACH(c, &s->classes, entry) {
		if ((cmp = strcmp(c->name, name)) >= 0)
			break;
	}
	if (c != NULL && cmp == 0)
		return (c);
	if (!create)
		return (NULL);
	n = xcalloc(1, sizeof *n);
	n->name = xstrdup(name);
	TAILQ_INIT(&n->entries);
	if (c != NULL)
		TAILQ_INSERT_BEFORE(c, n, entry);
	else
		TAILQ_INSERT_TAIL(&s->classes, n, entry);
	return (n);
}

/* The entry of class c at index, or NULL. */
static struct mbox_entry *
mbox_store_at(struct mbox_class *c, int index)
{
	struct mbox_entry	*e;

	if (c == NULL)
		return (NULL);
	TAILQ_FOREACH(e, &c->entries, entry) {
		if (e->index == index)
			return (e);
		if (e->index > index)
			break;
	}
	return (NULL);
}

/* The lowest index no entry of c uses, or -1 if none is left. */
static int
mbox_store_free_index(struct mbox_class *c)
{
	struct mbox_entry	*e;
	int			 i = 0;

	TAILQ_FOREACH(e, &c->entries, entry) {
		if (e->index != i)
			break;
		if (i == INT_MAX)
			return (-1);
		i++;
	}
	return (i);
}

/*
 * Whether one more entry (if add) and a change of bytes from old to new
 * fit the limits.
 */
static int
mbox_store_room(struct mbox_store *s, size_t add, size_t len)
{
	if (add && s->nentries >= s->max_entries)
		return (0);
	if (len > s->max_bytes || s->nbytes > s->max_bytes - len)
		return (0);
	return (1);
}

/* Give entry e new contents. */
static void
mbox_store_set(struct mbox_store *s, struct mbox_entry *e, int owner,
    int flags, uint32_t enc, const void *data, size_t len)
{
	s->nbytes -= e->len;
	free(e->data);
	e->owner = owner;
	e->flags = flags & MBOX_KEEP;
	e->enc = enc;
	e->len = len;
	e->data = xmalloc(len == 0 ? 1 : len);
	if (len != 0)
		memcpy(e->data, data, len);
	s->nbytes += len;
}

/* Add an entry at index of class c, kept in index order. */
static struct mbox_entry *
mbox_store_add(struct mbox_store *s, struct mbox_class *c, int index,
    int owner, int flags, uint32_t enc, const void *data, size_t len)
{
	struct mbox_entry	*e, *at;

	e = xcalloc(1, sizeof *e);
	e->name = c->name;
	e->index = index;
	e->class = c;
	TAILQ_FOREACH(at, &c->entries, entry) {
		if (at->index > index)
			break;
	}
	if (at != NULL)
		TAILQ_INSERT_BEFORE(at, e, entry);
	else
		TAILQ_INSERT_TAIL(&c->entries, e, entry);
	s->nentries++;
	s->nbytes += strlen(c->name) + 1;
	mbox_store_set(s, e, owner, flags, enc, data, len);
	return (e);
}

/* Whether task tid may replace or delete entry e. */
int
mbox_store_may_change(const struct mbox_entry *e, int tid)
{
	return (e->owner == tid || e->owner == 0 ||
	    (e->flags & PvmMboxOverWritable));
}

/*
 * pvm_putinfo by task tid: store data (len bytes, frame flags enc) under
 * name as flags say.  Returns the entry's index and sets *ep to it, or a
 * PVM error (PvmExists, PvmDenied, PvmBadParam, PvmOutOfRes) with the
 * store unchanged.
 */
int
mbox_store_put(struct mbox_store *s, const char *name, int tid, int flags,
    uint32_t enc, const void *data, size_t len, struct mbox_entry **ep)
{
	struct mbox_class	*c;
	struct mbox_entry	*e;
	int			 direct, index;
	size_t			 nlen = strlen(name) + 1;

	direct = PvmMboxDirectIndexOf(flags);
	if (direct > 0 && !(flags & PvmMboxMultiInstance))
		return (PvmBadParam);
	c = mbox_store_class(s, name, 0);
	if (c != NULL && (direct > 0 || !(flags & PvmMboxMultiInstance))) {
		if ((e = mbox_store_at(c, direct)) != NULL) {
			if (!mbox_store_may_change(e, tid))
				return (direct > 0 ? PvmDenied : PvmExists);
			if (len > e->len && !mbox_store_room(s, 0,
			    len - e->len))
				return (PvmOutOfRes);
			/* A multi-instance class stays one. */
			flags |= e->flags & PvmMboxMultiInstance;
			mbox_store_set(s, e, tid, flags, enc, data, len);
			*ep = e;
			return (e->index);
		}
		if (direct == 0 && !TAILQ_EMPTY(&c->entries))
			return (PvmExists);
	}
	index = direct;
	if (c != NULL) {
		e = TAILQ_FIRST(&c->entries);
		if (e != NULL && !(e->flags & PvmMboxMultiInstance))
			return (PvmExists);
		if (direct == 0 && (index = mbox_store_free_index(c)) < 0)
			return (PvmOutOfRes);
	}
	if (!mbox_store_room(s, 1, len + nlen))
		return (PvmOutOfRes);
	if (c == NULL)
		c = mbox_store_class(s, name, 1);
	*ep = mbox_store_add(s, c, index, tid, flags, enc, data, len);
	return (index);
}

/*
 * pvm_insert by task tid: store data at <name, index>, or at the first
 * free index of the class if index is -1.  The entry is persistent,
 * multi-instance and overwritable, like the PVM 3.3 database.  Returns
 * the index, or PvmDupEntry (taken), PvmBadParam or PvmOutOfRes.
 */
int
mbox_store_insert(struct mbox_store *s, const char *name, int index,
    int tid, uint32_t enc, const void *data, size_t len)
{
	struct mbox_class	*c;
	int			 flags;

	if (index < -1)
		return (PvmBadParam);
	flags = PvmMboxPersistent | PvmMboxMultiInstance |
	    PvmMboxOverWritable;
	c = mbox_store_class(s, name, 0);
	if (c != NULL && index >= 0 && mbox_store_at(c, index) != NULL)
		return (PvmDupEntry);
	if (index == -1)
		index = c == NULL ? 0 : mbox_store_free_index(c);
	if (index < 0)
		return (PvmOutOfRes);
	if (!mbox_store_room(s, 1, len + strlen(name) + 1))
		return (PvmOutOfRes);
	if (c == NULL)
		c = mbox_store_class(s, name, 1);
	(void)mbox_store_add(s, c, index, tid, flags, enc, data, len);
	return (index);
}

/*
 * pvm_recvinfo by task tid: find <name, index> (with PvmMboxFirstAvail
 * the first entry at or above index).  Returns 0 with *ep set, or
 * PvmNotFound, PvmBadParam, or PvmDenied (PvmMboxReadAndDelete on an
 * entry tid may not delete).  With PvmMboxReadAndDelete the entry leaves
 * the store and the caller frees it with mbox_store_entry_free; otherwise
 * it is borrowed until the store next changes.
 */
int
mbox_store_get(struct mbox_store *s, const char *name, int index, int flags,
    int tid, struct mbox_entry **ep)
{
	struct mbox_class	*c;
	struct mbox_entry	*e;

	if (index < 0)
		return (PvmBadParam);
	if ((c = mbox_store_class(s, name, 0)) == NULL)
		return (PvmNotFound);
	if (flags & PvmMboxFirstAvail) {
		TAILQ_FOREACH(e, &c->entries, entry) {
			if (e->index >= index)
				break;
		}
	} else
		e = mbox_store_at(c, index);
	if (e == NULL)
		return (PvmNotFound);
	if (flags & PvmMboxReadAndDelete) {
		if (!mbox_store_may_change(e, tid))
			return (PvmDenied);
		mbox_store_remove(s, e);
	}
	*ep = e;
	return (0);
}

/*
 * pvm_delinfo by task tid: remove <name, index>.  Returns 0, or
 * PvmNotFound, PvmDenied or PvmBadParam with nothing removed.
 */
int
mbox_store_del(struct mbox_store *s, const char *name, int index, int tid)
{
	struct mbox_entry	*e;

	if (index < 0)
		return (PvmBadParam);
	e = mbox_store_at(mbox_store_class(s, name, 0), index);
	if (e == NULL)
		return (PvmNotFound);
	if (!mbox_store_may_change(e, tid))
		return (PvmDenied);
	mbox_store_remove(s, e);
	mbox_store_entry_free(e);
	return (0);
}

/*
 * Take entry e out of the store (its class goes when it empties); the
 * caller then owns it.  e->name stays valid until it is freed.
 */
void
mbox_store_remove(struct mbox_store *s, struct mbox_entry *e)
{
	struct mbox_class	*c = e->class;

	if (c == NULL)
		fatalx("mbox_store_remove: entry not in the store");
	TAILQ_REMOVE(&c->entries, e, entry);
	s->nentries--;
	s->nbytes -= e->len + strlen(c->name) + 1;
	e->name = xstrdup(c->name);
	e->class = NULL;
	if (TAILQ_EMPTY(&c->entries)) {
		TAILQ_REMOVE(&s->classes, c, entry);
		free(c->name);
		free(c);
	}
}

/* Free an entry taken out of the store.  NULL is ignored. */
void
mbox_store_entry_free(struct mbox_entry *e)
{
	if (e == NULL)
		return;
	if (e->class != NULL)
		fatalx("mbox_store_entry_free: entry still in the store");
	free(e->name);
	free(e->data);
	free(e);
}

/* Whether task tid owns an entry or has a parked request. */
int
mbox_store_owns(struct mbox_store *s, int tid)
{
	struct mbox_entry	*e;
	struct mbox_waiter	*w;

	for (e = mbox_store_first(s); e != NULL; e = mbox_store_next(e)) {
		if (e->owner == tid)
			return (1);
	}
	TAILQ_FOREACH(w, &s->waiters, entry) {
		if (w->tid == tid)
			return (1);
	}
	return (0);
}

/* The number of entries. */
size_t
mbox_store_count(struct mbox_store *s)
{
	return (s->nentries);
}

/* The first entry, in name then index order, or NULL. */
struct mbox_entry *
mbox_store_first(struct mbox_store *s)
{
	struct mbox_class	*c = TAILQ_FIRST(&s->classes);

	return (c == NULL ? NULL : TAILQ_FIRST(&c->entries));
}

/* The entry after e, or NULL. */
struct mbox_entry *
mbox_store_next(struct mbox_entry *e)
{
	struct mbox_class	*c;

	if (TAILQ_NEXT(e, entry) != NULL)
		return (TAILQ_NEXT(e, entry));
	for (c = TAILQ_NEXT(e->class, entry); c != NULL;
	    c = TAILQ_NEXT(c, entry)) {
		if (!TAILQ_EMPTY(&c->entries))
			return (TAILQ_FIRST(&c->entries));
	}
	return (NULL);
}

/*
 * Whether class name matches pattern for pvm_getmboxinfo: an empty
 * pattern or "*" matches every name, others are shell globs (fnmatch).
 */
int
mbox_store_match(const char *pattern, const char *name)
{
	if (pattern == NULL || *pattern == '\0' || strcmp(pattern, "*") == 0)
		return (1);
	return (fnmatch(pattern, name, 0) == 0);
}

/* The entries of tid (or, if tid is 0, of every task of host h) go. */
static void
mbox_store_gone(struct mbox_store *s, int tid, int h)
{
	struct mbox_entry	*e, *next;

	for (e = mbox_store_first(s); e != NULL; e = next) {
		next = mbox_store_next(e);
		if (e->owner == 0 || (tid != 0 ? e->owner != tid :
		    (int)(((uint32_t)e->owner & PVM_TID_HOST_MASK) >>
		    PVM_TID_HOST_SHIFT) != h))
			continue;
		if (e->flags & PvmMboxPersistent) {
			e->owner = 0;
			continue;
		}
		mbox_store_remove(s, e);
		mbox_store_entry_free(e);
	}
}

/*
 * Task tid exited: its entries go, except persistent ones, whose owner
 * becomes 0.  Its parked requests stay for mbox_store_unwait.
 */
void
mbox_store_owner_exit(struct mbox_store *s, int tid)
{
	if (tid != 0)
		mbox_store_gone(s, tid, 0);
}

/*
 * Host h left: the entries of its tasks go as if they had exited, and
 * their parked requests are dropped.
 */
void
mbox_store_host_gone(struct mbox_store *s, int h)
{
	struct mbox_waiter	*w;

	if (h <= 0)
		return;
	mbox_store_gone(s, 0, h);
	while ((w = mbox_store_unwait(s, 0, h)) != NULL)
		mbox_store_waiter_free(w);
}

/*
 * Park task tid's pvm_recvinfo (request reqid) until an entry matching
 * <name, index> under flags is put.  Returns 0 or PvmOutOfRes.
 */
int
mbox_store_wait(struct mbox_store *s, const char *name, int index,
    int flags, int tid, uint32_t reqid)
{
	struct mbox_waiter	*w;

	if (s->nwaiters >= s->max_waiters)
		return (PvmOutOfRes);
	w = xcalloc(1, sizeof *w);
	w->name = xstrdup(name);
	w->index = index;
	w->flags = flags;
	w->tid = tid;
	w->reqid = reqid;
	TAILQ_INSERT_TAIL(&s->waiters, w, entry);
	s->nwaiters++;
	return (0);
}

/*
 * Entry e was just put: take out and return the oldest parked request it
 * answers, or NULL.  The caller answers it and frees it.
 */
struct mbox_waiter *
mbox_store_wakeup(struct mbox_store *s, const struct mbox_entry *e)
{
	struct mbox_waiter	*w;

	TAILQ_FOREACH(w, &s->waiters, entry) {
		if (strcmp(w->name, e->name) != 0)
			continue;
		if (w->index == e->index || ((w->flags & PvmMboxFirstAvail) &&
		    e->index >= w->index))
			break;
	}
	if (w != NULL) {
		TAILQ_REMOVE(&s->waiters, w, entry);
		s->nwaiters--;
	}
	return (w);
}

/*
 * Take out and return a parked request of task tid (if tid is not 0) or
 * of any task of host h, or NULL if there is none.
 */
struct mbox_waiter *
mbox_store_unwait(struct mbox_store *s, int tid, int h)
{
	struct mbox_waiter	*w;

	TAILQ_FOREACH(w, &s->waiters, entry) {
		if (tid != 0 ? w->tid == tid : (int)(((uint32_t)w->tid &
		    PVM_TID_HOST_MASK) >> PVM_TID_HOST_SHIFT) == h)
			break;
	}
	if (w != NULL) {
		TAILQ_REMOVE(&s->waiters, w, entry);
		s->nwaiters--;
	}
	return (w);
}

/* Free a parked request taken out of the store.  NULL is ignored. */
void
mbox_store_waiter_free(struct mbox_waiter *w)
{
	if (w == NULL)
		return;
	free(w->name);
	free(w);
}
