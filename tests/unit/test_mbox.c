/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/* The mailbox store of the master pvmd (pvmd/mbox_store.c). */

#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include "pvm3.h"
#include "pvmd.h"
#include "unit.h"

#define T1	0x40001
#define T2	0x40002
#define T3	0x80001		/* a task of host 2 */

static struct mbox_store *mbox_new(void);
static int	mbox_put(struct mbox_store *, const char *, int, int,
		    const char *);
static int	mbox_data_is(struct mbox_store *, const char *, int,
		    const char *);

static struct mbox_store *
mbox_new(void)
{
	return (mbox_store_new(100, 4096, 4));
}

static int
mbox_put(struct mbox_store *s, const char *name, int tid, int flags,
    const char *data)
{
	struct mbox_entry	*e = NULL;

	return (mbox_store_put(s, name, tid, flags, 0, data, strlen(data),
	    &e));
}

/* Whether <name, index> holds data. */
static int
mbox_data_is(struct mbox_store *s, const char *name, int index,
    const char *data)
{
	struct mbox_entry	*e;

	if (mbox_store_get(s, name, index, 0, T1, &e) != 0)
		return (0);
	return (e->len == strlen(data) && memcmp(e->data, data, e->len) == 0);
}

/* A table of puts: each step's flags, tid and expected result. */
static const struct {
	const char	*name;
	int		 tid;
	int		 flags;
	int		 result;
} mbox_puts[] = {
	{ "a", T1, PvmMboxDefault, 0 },
	{ "a", T2, PvmMboxDefault, PvmExists },
	{ "a", T1, PvmMboxDefault, 0 },			/* owner replaces */
	{ "a", T2, PvmMboxMultiInstance, PvmExists },	/* single class */
	{ "b", T1, PvmMboxOverWritable, 0 },
	{ "b", T2, PvmMboxDefault, 0 },			/* overwritable */
	{ "b", T1, PvmMboxDefault, PvmExists },		/* now T2's, locked */
	{ "m", T1, PvmMboxMultiInstance, 0 },
	{ "m", T2, PvmMboxMultiInstance, 1 },
	{ "m", T2, PvmMboxMultiInstance, 2 },
	{ "m", T1, PvmMboxDefault, 0 },			/* T1 owns 0 */
	{ "m", T2, PvmMboxDefault, PvmExists },
	{ "m", T1, PvmMboxMultiInstance | PvmMboxDirectIndex(1), PvmDenied },
	{ "m", T2, PvmMboxMultiInstance | PvmMboxDirectIndex(1), 1 },
	{ "m", T2, PvmMboxMultiInstance | PvmMboxDirectIndex(7), 7 },
	{ "m", T2, PvmMboxMultiInstance, 3 },
	{ "d", T1, PvmMboxDirectIndex(2), PvmBadParam },
	{ "", T1, PvmMboxDefault, 0 },
};

static void
test_mbox_put(void)
{
	struct mbox_store	*s = mbox_new();
	size_t			 i;
	int			 got;

	for (i = 0; i < sizeof mbox_puts / sizeof mbox_puts[0]; i++) {
		got = mbox_put(s, mbox_puts[i].name, mbox_puts[i].tid,
		    mbox_puts[i].flags, "x");
		CU_ASSERT_EQUAL(got, mbox_puts[i].result);
	}
	/* a: 1, b: 1, m: 0 1 2 3 7, "": 1 */
	CU_ASSERT_EQUAL(mbox_store_count(s), 8);
	mbox_store_free(s);
}

static void
test_mbox_replace(void)
{
	struct mbox_store	*s = mbox_new();
	struct mbox_entry	*e;

	CU_ASSERT_EQUAL(mbox_put(s, "k", T1, PvmMboxOverWritable, "one"), 0);
	CU_ASSERT(mbox_data_is(s, "k", 0, "one"));
	CU_ASSERT_EQUAL(mbox_put(s, "k", T2, PvmMboxDefault, "two"), 0);
	CU_ASSERT(mbox_data_is(s, "k", 0, "two"));
	CU_ASSERT_EQUAL(mbox_store_get(s, "k", 0, 0, T1, &e), 0);
	CU_ASSERT_EQUAL(e->owner, T2);
	CU_ASSERT_EQUAL(e->flags, 0);
	CU_ASSERT_EQUAL(mbox_store_count(s), 1);
	mbox_store_free(s);
}

static void
test_mbox_get(void)
{
	struct mbox_store	*s = mbox_new();
	struct mbox_entry	*e;

	CU_ASSERT_EQUAL(mbox_put(s, "m", T1, PvmMboxMultiInstance |
	    PvmMboxDirectIndex(3), "three"), 3);
	CU_ASSERT_EQUAL(mbox_put(s, "m", T1, PvmMboxMultiInstance |
	    PvmMboxDirectIndex(5), "five"), 5);
	CU_ASSERT_EQUAL(mbox_store_get(s, "m", 0, 0, T2, &e), PvmNotFound);
	CU_ASSERT_EQUAL(mbox_store_get(s, "x", 0, 0, T2, &e), PvmNotFound);
	CU_ASSERT_EQUAL(mbox_store_get(s, "m", -1, 0, T2, &e), PvmBadParam);
	CU_ASSERT_EQUAL(mbox_store_get(s, "m", 0, PvmMboxFirstAvail, T2, &e),
	    0);
	CU_ASSERT_EQUAL(e->index, 3);
	CU_ASSERT_EQUAL(mbox_store_get(s, "m", 4, PvmMboxFirstAvail, T2, &e),
	    0);
	CU_ASSERT_EQUAL(e->index, 5);
	CU_ASSERT_EQUAL(mbox_store_get(s, "m", 6, PvmMboxFirstAvail, T2, &e),
	    PvmNotFound);
	/* Read and delete: only by the owner (the entry is locked). */
	CU_ASSERT_EQUAL(mbox_store_get(s, "m", 3, PvmMboxReadAndDelete, T2,
	    &e), PvmDenied);
	CU_ASSERT_EQUAL(mbox_store_count(s), 2);
	CU_ASSERT_EQUAL(mbox_store_get(s, "m", 3, PvmMboxReadAndDelete, T1,
	    &e), 0);
	CU_ASSERT_EQUAL(e->len, 5);
	CU_ASSERT_STRING_EQUAL(e->name, "m");
	mbox_store_entry_free(e);
	CU_ASSERT_EQUAL(mbox_store_count(s), 1);
	/* The lowest free index is reused. */
	CU_ASSERT_EQUAL(mbox_put(s, "m", T2, PvmMboxMultiInstance, "z"), 0);
	CU_ASSERT_EQUAL(mbox_put(s, "m", T2, PvmMboxMultiInstance, "z"), 1);
	mbox_store_free(s);
}

static void
test_mbox_del(void)
{
	struct mbox_store	*s = mbox_new();

	CU_ASSERT_EQUAL(mbox_put(s, "a", T1, PvmMboxDefault, "x"), 0);
	CU_ASSERT_EQUAL(mbox_put(s, "o", T1, PvmMboxOverWritable, "x"), 0);
	CU_ASSERT_EQUAL(mbox_store_del(s, "a", 1, T1), PvmNotFound);
	CU_ASSERT_EQUAL(mbox_store_del(s, "nope", 0, T1), PvmNotFound);
	CU_ASSERT_EQUAL(mbox_store_del(s, "a", -1, T1), PvmBadParam);
	CU_ASSERT_EQUAL(mbox_store_del(s, "a", 0, T2), PvmDenied);
	CU_ASSERT_EQUAL(mbox_store_del(s, "a", 0, T1), 0);
	CU_ASSERT_EQUAL(mbox_store_del(s, "a", 0, T1), PvmNotFound);
	CU_ASSERT_EQUAL(mbox_store_del(s, "o", 0, T2), 0);
	CU_ASSERT_EQUAL(mbox_store_count(s), 0);
	CU_ASSERT_PTR_NULL(mbox_store_first(s));
	mbox_store_free(s);
}

static void
test_mbox_exit(void)
{
	struct mbox_store	*s = mbox_new();
	struct mbox_entry	*e;

	CU_ASSERT_EQUAL(mbox_put(s, "d", T1, PvmMboxDefault, "x"), 0);
	CU_ASSERT_EQUAL(mbox_put(s, "p", T1, PvmMboxPersistent, "x"), 0);
	CU_ASSERT_EQUAL(mbox_put(s, "m", T1, PvmMboxMultiInstance, "x"), 0);
	CU_ASSERT_EQUAL(mbox_put(s, "m", T2, PvmMboxMultiInstance, "x"), 1);
	CU_ASSERT_EQUAL(mbox_put(s, "r", T3, PvmMboxDefault, "x"), 0);
	CU_ASSERT_EQUAL(mbox_put(s, "rp", T3, PvmMboxPersistent, "x"), 0);
	CU_ASSERT(mbox_store_owns(s, T1));
	mbox_store_owner_exit(s, T1);
	CU_ASSERT(!mbox_store_owns(s, T1));
	CU_ASSERT_EQUAL(mbox_store_get(s, "d", 0, 0, T2, &e), PvmNotFound);
	CU_ASSERT_EQUAL(mbox_store_get(s, "m", 0, 0, T2, &e), PvmNotFound);
	CU_ASSERT_EQUAL(mbox_store_get(s, "m", 1, 0, T2, &e), 0);
	CU_ASSERT_EQUAL(mbox_store_get(s, "p", 0, 0, T2, &e), 0);
	CU_ASSERT_EQUAL(e->owner, 0);
	/* An entry whose owner left may be taken over. */
	CU_ASSERT_EQUAL(mbox_put(s, "p", T2, PvmMboxDefault, "y"), 0);
	CU_ASSERT_EQUAL(mbox_store_get(s, "p", 0, 0, T2, &e), 0);
	CU_ASSERT_EQUAL(e->owner, T2);
	/* Host 2 goes: its task's entries as if it exited. */
	mbox_store_host_gone(s, 2);
	CU_ASSERT_EQUAL(mbox_store_get(s, "r", 0, 0, T2, &e), PvmNotFound);
	CU_ASSERT_EQUAL(mbox_store_get(s, "rp", 0, 0, T2, &e), 0);
	CU_ASSERT_EQUAL(e->owner, 0);
	CU_ASSERT_EQUAL(mbox_store_count(s), 3);
	mbox_store_clear(s);
	CU_ASSERT_EQUAL(mbox_store_count(s), 0);
	mbox_store_free(s);
}

static void
test_mbox_insert(void)
{
	struct mbox_store	*s = mbox_new();
	struct mbox_entry	*e;

	CU_ASSERT_EQUAL(mbox_store_insert(s, "i", -1, T1, 0, "1", 1), 0);
	CU_ASSERT_EQUAL(mbox_store_insert(s, "i", -1, T1, 0, "2", 1), 1);
	CU_ASSERT_EQUAL(mbox_store_insert(s, "i", 5, T1, 0, "5", 1), 5);
	CU_ASSERT_EQUAL(mbox_store_insert(s, "i", 5, T2, 0, "5", 1),
	    PvmDupEntry);
	CU_ASSERT_EQUAL(mbox_store_insert(s, "i", -2, T2, 0, "5", 1),
	    PvmBadParam);
	CU_ASSERT_EQUAL(mbox_store_insert(s, "i", -1, T2, 0, "3", 1), 2);
	/* Persistent, and anyone may delete. */
	mbox_store_owner_exit(s, T1);
	CU_ASSERT_EQUAL(mbox_store_count(s), 4);
	CU_ASSERT_EQUAL(mbox_store_del(s, "i", 2, T3), 0);
	CU_ASSERT_EQUAL(mbox_store_get(s, "i", 0, 0, T3, &e), 0);
	CU_ASSERT_EQUAL(e->owner, 0);
	mbox_store_free(s);
}

static const struct {
	const char	*pattern;
	const char	*name;
	int		 match;
} mbox_patterns[] = {
	{ "*", "anything", 1 },
	{ "", "anything", 1 },
	{ NULL, "x", 1 },
	{ "srv*", "srv_one", 1 },
	{ "srv*", "a_srv", 0 },
	{ "task?", "task1", 1 },
	{ "task?", "task12", 0 },
	{ "[ab]x", "bx", 1 },
	{ "[ab]x", "cx", 0 },
	{ "exact", "exact", 1 },
	{ "exact", "exactly", 0 },
};

static void
test_mbox_match(void)
{
	struct mbox_store	*s = mbox_new();
	struct mbox_entry	*e;
	size_t			 i;
	char			 order[16];
	size_t			 n = 0;

	for (i = 0; i < sizeof mbox_patterns / sizeof mbox_patterns[0]; i++)
		CU_ASSERT_EQUAL(mbox_store_match(mbox_patterns[i].pattern,
		    mbox_patterns[i].name), mbox_patterns[i].match);

	/* Iteration is in name order, then index order. */
	CU_ASSERT_EQUAL(mbox_put(s, "c", T1, PvmMboxMultiInstance, "x"), 0);
	CU_ASSERT_EQUAL(mbox_put(s, "a", T1, PvmMboxDefault, "x"), 0);
	CU_ASSERT_EQUAL(mbox_put(s, "c", T1, PvmMboxMultiInstance, "x"), 1);
	CU_ASSERT_EQUAL(mbox_put(s, "b", T1, PvmMboxDefault, "x"), 0);
	for (e = mbox_store_first(s); e != NULL && n < sizeof order - 2;
	    e = mbox_store_next(e)) {
		order[n++] = e->name[0];
		order[n++] = '0' + e->index;
	}
	order[n] = '\0';
	CU_ASSERT_STRING_EQUAL(order, "a0b0c0c1");
	mbox_store_free(s);
}

static void
test_mbox_limits(void)
{
	struct mbox_store	*s = mbox_store_new(3, 64, 2);
	struct mbox_entry	*e;
	char			 big[80];
	struct mbox_waiter	*w;

	memset(big, 'b', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	CU_ASSERT_EQUAL(mbox_put(s, "big", T1, 0, big), PvmOutOfRes);
	CU_ASSERT_EQUAL(mbox_put(s, "m", T1, PvmMboxMultiInstance, "x"), 0);
	CU_ASSERT_EQUAL(mbox_put(s, "m", T1, PvmMboxMultiInstance, "x"), 1);
	CU_ASSERT_EQUAL(mbox_put(s, "m", T1, PvmMboxMultiInstance, "x"), 2);
	CU_ASSERT_EQUAL(mbox_put(s, "m", T1, PvmMboxMultiInstance, "x"),
	    PvmOutOfRes);
	CU_ASSERT_EQUAL(mbox_store_insert(s, "i", -1, T1, 0, "x", 1),
	    PvmOutOfRes);
	/* Replacing an entry adds no entry, but bytes still count. */
	CU_ASSERT_EQUAL(mbox_put(s, "m", T1, PvmMboxMultiInstance |
	    PvmMboxDirectIndex(2), "yy"), 2);
	CU_ASSERT_EQUAL(mbox_put(s, "m", T1, PvmMboxMultiInstance |
	    PvmMboxDirectIndex(2), big), PvmOutOfRes);
	CU_ASSERT_EQUAL(mbox_store_get(s, "m", 2, 0, T1, &e), 0);
	CU_ASSERT_EQUAL(e->len, 2);
	/* Parked requests are bounded too. */
	CU_ASSERT_EQUAL(mbox_store_wait(s, "w", 0, 0, T1, 1), 0);
	CU_ASSERT_EQUAL(mbox_store_wait(s, "w", 0, 0, T2, 2), 0);
	CU_ASSERT_EQUAL(mbox_store_wait(s, "w", 0, 0, T2, 3), PvmOutOfRes);
	while ((w = mbox_store_unwait(s, T2, 0)) != NULL)
		mbox_store_waiter_free(w);
	CU_ASSERT_EQUAL(mbox_store_wait(s, "w", 0, 0, T2, 4), 0);
	mbox_store_free(s);
}

static void
test_mbox_wait(void)
{
	struct mbox_store	*s = mbox_new();
	struct mbox_entry	*e = NULL;
	struct mbox_waiter	*w;

	CU_ASSERT_EQUAL(mbox_store_wait(s, "w", 0, 0, T1, 11), 0);
	CU_ASSERT_EQUAL(mbox_store_wait(s, "w", 2, PvmMboxFirstAvail, T2, 12),
	    0);
	CU_ASSERT_EQUAL(mbox_store_wait(s, "w", 0, 0, T3, 13), 0);
	CU_ASSERT_EQUAL(mbox_store_wait(s, "v", 0, 0, T3, 14), 0);
	CU_ASSERT(mbox_store_owns(s, T2));

	/* Index 0 answers T1 then T3 (oldest first), not T2 (>= 2). */
	CU_ASSERT_EQUAL(mbox_store_put(s, "w", T1, PvmMboxMultiInstance, 0,
	    "a", 1, &e), 0);
	w = mbox_store_wakeup(s, e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_EQUAL(w->reqid, 11);
	mbox_store_waiter_free(w);
	w = mbox_store_wakeup(s, e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_EQUAL(w->reqid, 13);
	mbox_store_waiter_free(w);
	CU_ASSERT_PTR_NULL(mbox_store_wakeup(s, e));

	CU_ASSERT_EQUAL(mbox_store_put(s, "w", T1, PvmMboxMultiInstance, 0,
	    "b", 1, &e), 1);
	CU_ASSERT_PTR_NULL(mbox_store_wakeup(s, e));
	CU_ASSERT_EQUAL(mbox_store_put(s, "w", T1, PvmMboxMultiInstance, 0,
	    "c", 1, &e), 2);
	w = mbox_store_wakeup(s, e);
	CU_ASSERT_PTR_NOT_NULL_FATAL(w);
	CU_ASSERT_EQUAL(w->reqid, 12);
	mbox_store_waiter_free(w);

	/* The waiter of host 2 goes with its host. */
	mbox_store_host_gone(s, 2);
	CU_ASSERT(!mbox_store_owns(s, T3));
	CU_ASSERT_PTR_NULL(mbox_store_unwait(s, T3, 0));
	mbox_store_free(s);
}

/* Register the mailbox suite. */
void
test_mbox_register(void)
{
	CU_pSuite	s;

	s = CU_add_suite("mbox", NULL, NULL);
	CU_add_test(s, "putinfo flags", test_mbox_put);
	CU_add_test(s, "overwrite", test_mbox_replace);
	CU_add_test(s, "recvinfo flags", test_mbox_get);
	CU_add_test(s, "delinfo", test_mbox_del);
	CU_add_test(s, "owner exit and host loss", test_mbox_exit);
	CU_add_test(s, "insert", test_mbox_insert);
	CU_add_test(s, "patterns and order", test_mbox_match);
	CU_add_test(s, "limits", test_mbox_limits);
	CU_add_test(s, "wait for info", test_mbox_wait);
}
