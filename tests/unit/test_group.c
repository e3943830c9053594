/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/* The group table of the master pvmd (pvmd/group_store.c). */

#include <sys/types.h>
#include <sys/queue.h>

#include <stdlib.h>
#include <string.h>

#include "pvm3.h"
#include "pvmd.h"
#include "unit.h"

#define T1	0x40001
#define T2	0x40002
#define T3	0x40003
#define T4	0x80001		/* a task of host 2 */

static size_t	group_ndone(struct group_wlist *, int);

/*
 * Free the answered requests of done; returns how many there were, or
 * (size_t)-1 if one has not the expected code.
 */
static size_t
group_ndone(struct group_wlist *done, int code)
{
	struct group_waiter	*w;
	size_t			 n = 0, bad = 0;

	while ((w = TAILQ_FIRST(done)) != NULL) {
		TAILQ_REMOVE(done, w, entry);
		if (w->code != code)
			bad = 1;
		free(w);
		n++;
	}
	return (bad ? (size_t)-1 : n);
}

/* A table of membership steps and their expected results. */
static const struct {
	int		 op;	/* J L I T S: join leave getinst gettid size */
	const char	*name;
	int		 arg;
	int		 want;
} group_steps[] = {
	{ 'S', "g", 0, PvmNoGroup },
	{ 'J', "g", T1, 0 },
	{ 'J', "g", T2, 1 },
	{ 'J', "g", T3, 2 },
	{ 'J', "g", T2, PvmDupGroup },
	{ 'J', "h", T2, 0 },
	{ 'S', "g", 0, 3 },
	{ 'I', "g", T3, 2 },
	{ 'I', "g", T4, PvmNotInGroup },
	{ 'I', "x", T1, PvmNoGroup },
	{ 'T', "g", 1, T2 },
	{ 'T', "g", 3, PvmNoInst },
	{ 'T', "g", -1, PvmNoInst },
	{ 'L', "g", T2, 0 },
	{ 'L', "g", T2, PvmNotInGroup },
	{ 'L', "x", T2, PvmNoGroup },
	{ 'T', "g", 1, PvmNoInst },
	{ 'S', "g", 0, 2 },
	{ 'J', "g", T4, 1 },		/* the lowest free instance again */
	{ 'J', "g", T2, 3 },
	{ 'L', "h", T2, 0 },
	{ 'S', "h", 0, PvmNoGroup },	/* gone with its last member */
};

/* Join, leave, instances and their reuse. */
static void
test_group_members(void)
{
	struct group_store	*s = group_store_new(100);
	struct group_wlist	 done;
	size_t			 i;
	int			 got = 0, *tids, n;
	size_t			 nt;

	TAILQ_INIT(&done);
	for (i = 0; i < sizeof group_steps / sizeof group_steps[0]; i++) {
		switch (group_steps[i].op) {
		case 'J':
			got = group_store_join(s, group_steps[i].name,
			    group_steps[i].arg);
			break;
		case 'L':
			got = group_store_leave(s, group_steps[i].name,
			    group_steps[i].arg, &done);
			break;
		case 'I':
			got = group_store_getinst(s, group_steps[i].name,
			    group_steps[i].arg);
			break;
		case 'T':
			got = group_store_gettid(s, group_steps[i].name,
			    group_steps[i].arg);
			break;
		case 'S':
			got = group_store_size(s, group_steps[i].name);
			break;
		}
		if (got != group_steps[i].want)
			CU_FAIL("group step");
		CU_ASSERT_EQUAL(got, group_steps[i].want);
	}
	CU_ASSERT_EQUAL(group_ndone(&done, 0), 0);
	CU_ASSERT_EQUAL(group_store_tids(s, "g", &tids, &nt), 0);
	CU_ASSERT_EQUAL_FATAL(nt, 4);
	n = (int)nt;
	CU_ASSERT(n == 4 && tids[0] == T1 && tids[1] == T4 &&
	    tids[2] == T3 && tids[3] == T2);
	free(tids);
	CU_ASSERT_EQUAL(group_store_tids(s, "x", &tids, &nt), PvmNoGroup);
	CU_ASSERT_EQUAL(group_store_name_ok(""), PvmNullGroup);
	CU_ASSERT_EQUAL(group_store_name_ok(NULL), PvmBadParam);
	CU_ASSERT_EQUAL(group_store_name_ok("a"), 0);
	CU_ASSERT(group_store_has(s, T4));
	group_store_host_gone(s, 2, &done);
	CU_ASSERT(!group_store_has(s, T4));
	CU_ASSERT_EQUAL(group_store_size(s, "g"), 3);
	CU_ASSERT_EQUAL(group_store_join(s, "g", T4), 1);
	group_store_free(s);
}

/* Barriers: release, count checks, members exiting while waiting. */
static void
test_group_barrier(void)
{
	struct group_store	*s = group_store_new(100);
	struct group_wlist	 done;

	TAILQ_INIT(&done);
	CU_ASSERT_EQUAL(group_store_sync(s, "g", PVM_GROUP_BARRIER, T1, 2, 1,
	    &done), PvmNoGroup);
	(void)group_store_join(s, "g", T1);
	(void)group_store_join(s, "g", T2);
	(void)group_store_join(s, "g", T3);
	CU_ASSERT_EQUAL(group_store_sync(s, "g", PVM_GROUP_BARRIER, T4, 2, 1,
	    &done), PvmNotInGroup);
	CU_ASSERT_EQUAL(group_store_sync(s, "g", PVM_GROUP_BARRIER, T1, 0, 1,
	    &done), PvmBadParam);

	/* count 2 of 3: the second arrival releases both. */
	CU_ASSERT_EQUAL(group_store_sync(s, "g", PVM_GROUP_BARRIER, T1, 2, 1,
	    &done), 0);
	CU_ASSERT_EQUAL(group_ndone(&done, 0), 0);
	CU_ASSERT_EQUAL(group_store_sync(s, "g", PVM_GROUP_BARRIER, T2, 3, 2,
	    &done), PvmMismatch);
	CU_ASSERT_EQUAL(group_store_sync(s, "g", PVM_GROUP_BARRIER, T1, 2, 3,
	    &done), PvmDenied);
	CU_ASSERT_EQUAL(group_store_sync(s, "g", PVM_GROUP_BARRIER, T2, -1, 4,
	    &done), 0);
	CU_ASSERT_EQUAL(group_ndone(&done, 0), 2);

	/* count -1 = 3; a waiting member exits: the others are released. */
	CU_ASSERT_EQUAL(group_store_sync(s, "g", PVM_GROUP_BARRIER, T1, -1, 5,
	    &done), 0);
	CU_ASSERT_EQUAL(group_store_sync(s, "g", PVM_GROUP_BARRIER, T2, -1, 6,
	    &done), 0);
	group_store_task_exit(s, T2, &done);
	/* T2's own request is cancelled (PvmNoTask), T1 still waits for T3. */
	CU_ASSERT_EQUAL(group_ndone(&done, PvmNoTask), 1);
	group_store_task_exit(s, T3, &done);
	CU_ASSERT_EQUAL(group_ndone(&done, 0), 1);
	CU_ASSERT_EQUAL(group_store_size(s, "g"), 1);

	/* pvm_lvgroup does not lower the count: T2 may join again. */
	CU_ASSERT_EQUAL(group_store_join(s, "g", T2), 1);
	CU_ASSERT_EQUAL(group_store_sync(s, "g", PVM_GROUP_BARRIER, T1, 2, 7,
	    &done), 0);
	CU_ASSERT_EQUAL(group_store_leave(s, "g", T2, &done), 0);
	CU_ASSERT_EQUAL(group_ndone(&done, 0), 0);
	CU_ASSERT_EQUAL(group_store_join(s, "g", T2), 1);
	CU_ASSERT_EQUAL(group_store_sync(s, "g", PVM_GROUP_BARRIER, T2, 2, 8,
	    &done), 0);
	CU_ASSERT_EQUAL(group_ndone(&done, 0), 2);
	group_store_free(s);
}

/* Freezing: synchronizing, then static; a leaver makes it defunct. */
static void
test_group_freeze(void)
{
	struct group_store	*s = group_store_new(100);
	struct group_wlist	 done;

	TAILQ_INIT(&done);
	(void)group_store_join(s, "f", T1);
	(void)group_store_join(s, "f", T2);
	CU_ASSERT_EQUAL(group_store_sync(s, "f", PVM_GROUP_FREEZE, T1, 3, 1,
	    &done), 0);
	CU_ASSERT_EQUAL(group_ndone(&done, 0), 0);
	CU_ASSERT_EQUAL(group_store_join(s, "f", T3), 2);
	CU_ASSERT_EQUAL(group_store_sync(s, "f", PVM_GROUP_FREEZE, T2, -1, 2,
	    &done), 0);
	CU_ASSERT_EQUAL(group_ndone(&done, 0), 0);
	CU_ASSERT_EQUAL(group_store_sync(s, "f", PVM_GROUP_FREEZE, T3, -1, 3,
	    &done), 0);
	CU_ASSERT_EQUAL(group_ndone(&done, 0), 3);
	CU_ASSERT_EQUAL(group_store_join(s, "f", T4), PvmDupGroup);
	CU_ASSERT_EQUAL(group_store_sync(s, "f", PVM_GROUP_FREEZE, T1, -1, 4,
	    &done), PvmDupGroup);
	CU_ASSERT_EQUAL(group_store_sync(s, "f", PVM_GROUP_BARRIER, T1, 3, 5,
	    &done), 0);
	CU_ASSERT_EQUAL(group_store_leave(s, "f", T3, &done), 0);
	CU_ASSERT_EQUAL(group_ndone(&done, PvmNoGroup), 1);
	CU_ASSERT_EQUAL(group_store_sync(s, "f", PVM_GROUP_BARRIER, T1, 2, 6,
	    &done), PvmNoGroup);
	CU_ASSERT_EQUAL(group_store_size(s, "f"), 2);
	group_store_free(s);
}

/* The membership limit. */
static void
test_group_limits(void)
{
	struct group_store	*s = group_store_new(2);

	CU_ASSERT_EQUAL(group_store_join(s, "a", T1), 0);
	CU_ASSERT_EQUAL(group_store_join(s, "b", T1), 0);
	CU_ASSERT_EQUAL(group_store_join(s, "a", T2), PvmOutOfRes);
	CU_ASSERT_EQUAL(group_store_join(s, "c", T2), PvmOutOfRes);
	CU_ASSERT_EQUAL(group_store_size(s, "c"), PvmNoGroup);
	group_store_free(s);
}

/* Flags and the lists of names the census of group_tree.c is made from. */
static void
test_group_census(void)
{
	struct group_store	*s = group_store_new(100);
	struct group_wlist	 done = TAILQ_HEAD_INITIALIZER(done);
	struct group_waiter	*w;
	char			**v;
	size_t			 n, i;

	TAILQ_INIT(&done);
	CU_ASSERT_EQUAL(group_store_flags(s, "a"), -1);
	CU_ASSERT_EQUAL(group_store_join(s, "a", T1), 0);
	CU_ASSERT_EQUAL(group_store_join(s, "b", T1), 0);
	CU_ASSERT_EQUAL(group_store_join(s, "b", T4), 1);
	CU_ASSERT_EQUAL(group_store_flags(s, "a"), 0);
	v = group_store_names(s, 0, &n);
	CU_ASSERT_EQUAL(n, 2);
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	v = group_store_names(s, T4, &n);
	CU_ASSERT_EQUAL(n, 1);
	if (n == 1)
		CU_ASSERT_STRING_EQUAL(v[0], "b");
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	v = group_store_names(s, T2, &n);
	CU_ASSERT_EQUAL(n, 0);
	free(v);
	/* Frozen, then defunct once a member exits. */
	CU_ASSERT_EQUAL(group_store_sync(s, "b", PVM_GROUP_FREEZE, T1, 2, 1,
	    &done), 0);
	CU_ASSERT_EQUAL(group_store_sync(s, "b", PVM_GROUP_FREEZE, T4, 2, 2,
	    &done), 0);
	CU_ASSERT_EQUAL(group_store_flags(s, "b"), 1);
	group_store_host_gone(s, 2, &done);
	CU_ASSERT_EQUAL(group_store_flags(s, "b"), 3);
	while ((w = TAILQ_FIRST(&done)) != NULL) {
		TAILQ_REMOVE(&done, w, entry);
		free(w);
	}
	group_store_free(s);
}

/* Register the group suite. */
void
test_group_register(void)
{
	CU_pSuite	s;

	s = CU_add_suite("group", NULL, NULL);
	CU_add_test(s, "join, leave, instances", test_group_members);
	CU_add_test(s, "barrier", test_group_barrier);
	CU_add_test(s, "freeze", test_group_freeze);
	CU_add_test(s, "limits", test_group_limits);
	CU_add_test(s, "census flags and names", test_group_census);
}
