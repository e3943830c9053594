/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * grouptest: dynamic groups (libgpvm3) with 8 tasks, this one and 7
 * spawned members.
 *
 *	grouptest [HOST...]	run the test (instance 0 of every group);
 *				members spawned on the HOSTs in turn
 *				(with HOST "." meaning anywhere)
 *	grouptest member	(spawned) one member
 *
 * Covers: joining and instance numbers, the errors of the man pages,
 * barriers, pvm_bcast, pvm_reduce with PvmSum and PvmMax, pvm_gather,
 * pvm_scatter, leaving and getting the lowest instance back,
 * pvm_freezegroup, and a member killed while it waits at a barrier: the
 * others are released, and the frozen group it was in is defunct.
 * Prints "grouptest: OK" and exits 0 when every check passed, else exits
 * 1 at the first failure with a line saying which.
 */

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pvm3.h"

#define GT_N		8	/* tasks in the group */
#define GT_GROUP	"gt"
#define GT_DGROUP	"gd"
#define GT_BVAL		1234
#define GT_TAG_BCAST	10
#define GT_TAG_SUM	11
#define GT_TAG_MAX	12
#define GT_TAG_GATHER	13
#define GT_TAG_SCATTER	14
#define GT_TAG_CHECK	15
#define GT_TAG_CMD	16
#define GT_TAG_ACK	17
#define GT_TAG_EXIT	18	/* PvmTaskExit of the victim */
#define GT_CMD_GO	0
#define GT_CMD_LEAVE	1
#define GT_CMD_JOIN	2
#define GT_CMD_VICTIM	3
#define GT_CMD_NORMAL	4
#define GT_CMD_EXIT	5

static void	gt_fail(const char *, ...)
		    __attribute__((format(printf, 1, 2), noreturn));
static void	gt_check(int, int, const char *);
static void	gt_send(int, int, int, int);
static int	gt_recv(int, int, int *);
static int	gt_member(void);
static int	gt_main(int, char **);

static int	gt_role = 0;	/* 0: main, 1: member */

static void
gt_fail(const char *fmt, ...)
{
	va_list	ap;

	printf("grouptest%s: FAIL: ", gt_role ? " member" : "");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	pvm_exit();
	exit(1);
}

/* got must equal want. */
static void
gt_check(int got, int want, const char *what)
{
	if (got != want)
		gt_fail("%s: got %d, want %d", what, got, want);
}

/* Send the two ints a, b to tid with tag. */
static void
gt_send(int tid, int tag, int a, int b)
{
	int	v[2] = { a, b };

	pvm_initsend(PvmDataDefault);
	pvm_pkint(v, 2, 1);
	if (pvm_send(tid, tag) < 0)
		gt_fail("send tag %d to t%x", tag, tid);
}

/* Receive two ints from tid with tag: returns the first, *b the second. */
static int
gt_recv(int tid, int tag, int *b)
{
	int	v[2];

	if (pvm_recv(tid, tag) < 0)
		gt_fail("recv tag %d from t%x", tag, tid);
	pvm_upkint(v, 2, 1);
	if (b != NULL)
		*b = v[1];
	return (v[0]);
}

/* A spawned member: follows the script of gt_main. */
static int
gt_member(void)
{
	int	parent = pvm_parent(), inst, d[2], r[2], bval, cmd, cc;

	gt_role = 1;
	if ((inst = pvm_joingroup(GT_GROUP)) < 1 || inst >= GT_N)
		gt_fail("joingroup: %d", inst);
	gt_check(pvm_barrier(GT_GROUP, GT_N), 0, "first barrier");
	bval = gt_recv(parent, GT_TAG_BCAST, NULL);
	d[0] = bval + inst;
	d[1] = inst;
	gt_check(pvm_reduce(PvmSum, d, 2, PVM_INT, GT_TAG_SUM, GT_GROUP, 0),
	    0, "reduce sum");
	d[0] = (inst * 3) % 7;
	d[1] = -inst;
	gt_check(pvm_reduce(PvmMax, d, 2, PVM_INT, GT_TAG_MAX, GT_GROUP, 0),
	    0, "reduce max");
	d[0] = inst * 10;
	d[1] = inst;
	gt_check(pvm_gather(NULL, d, 2, PVM_INT, GT_TAG_GATHER, GT_GROUP, 0),
	    0, "gather");
	gt_check(pvm_scatter(r, NULL, 2, PVM_INT, GT_TAG_SCATTER, GT_GROUP,
	    0), 0, "scatter");
	pvm_initsend(PvmDataDefault);
	pvm_pkint(&inst, 1, 1);
	pvm_pkint(r, 2, 1);
	pvm_send(parent, GT_TAG_CHECK);

	/* Leave and join again when told. */
	while ((cmd = gt_recv(parent, GT_TAG_CMD, NULL)) != GT_CMD_GO) {
		if (cmd == GT_CMD_LEAVE)
			gt_send(parent, GT_TAG_ACK, pvm_lvgroup(GT_GROUP), 0);
		else if (cmd == GT_CMD_JOIN)
			gt_send(parent, GT_TAG_ACK, pvm_joingroup(GT_GROUP),
			    0);
	}
	gt_check(pvm_freezegroup(GT_GROUP, -1), 0, "freezegroup");
	inst = pvm_getinst(GT_GROUP, pvm_mytid());

	/* The barrier one member is killed in. */
	cmd = gt_recv(parent, GT_TAG_CMD, NULL);
	if (pvm_joingroup(GT_DGROUP) < 1)
		gt_fail("joingroup %s", GT_DGROUP);
	if (cmd == GT_CMD_VICTIM)
		gt_send(parent, GT_TAG_ACK, inst, 0);
	cc = pvm_barrier(GT_DGROUP, GT_N);
	if (cmd == GT_CMD_VICTIM)
		gt_fail("victim passed the barrier: %d", cc);
	gt_send(parent, GT_TAG_ACK, inst, cc);
	(void)gt_recv(parent, GT_TAG_CMD, NULL);
	pvm_exit();
	return (0);
}

/* Instance 0: spawns the members and checks everything. */
static int
gt_main(int nhosts, char **hosts)
{
	char	*argv[] = { "member", NULL };
	int	 tids[GT_N - 1], bytid[GT_N], d[2], res[2 * GT_N], seen[GT_N];
	int	 i, n, inst, a, b, me, victim;
	struct timespec	ts = { 0, 300 * 1000 * 1000 };

	if ((me = pvm_mytid()) < 0)
		gt_fail("mytid: %d", me);
	pvm_setopt(PvmAutoErr, 0);

	/* Errors before anything exists. */
	gt_check(pvm_gsize(GT_GROUP), PvmNoGroup, "gsize of no group");
	gt_check(pvm_joingroup(""), PvmNullGroup, "join \"\"");
	gt_check(pvm_joingroup(NULL), PvmBadParam, "join NULL");
	gt_check(pvm_lvgroup(GT_GROUP), PvmNoGroup, "leave no group");
	gt_check(pvm_barrier(GT_GROUP, 2), PvmNoGroup, "barrier no group");
	gt_check(pvm_joingroup(GT_GROUP), 0, "first join");
	gt_check(pvm_joingroup(GT_GROUP), PvmDupGroup, "second join");
	gt_check(pvm_barrier(GT_GROUP, 0), PvmBadParam, "barrier count 0");
	gt_check(pvm_getinst(GT_GROUP, me), 0, "getinst self");
	gt_check(pvm_gettid(GT_GROUP, 0), me, "gettid 0");
	gt_check(pvm_gettid(GT_GROUP, 1), PvmNoInst, "gettid 1");
	gt_check(pvm_gsize(GT_GROUP), 1, "gsize 1");

	if (nhosts == 0) {
		n = pvm_spawn("grouptest", argv, PvmTaskDefault, "", GT_N - 1,
		    tids);
		if (n != GT_N - 1)
			gt_fail("spawned %d members", n);
	}
	for (i = 0; nhosts > 0 && i < GT_N - 1; i++) {
		a = strcmp(hosts[i % nhosts], ".") == 0;
		if (pvm_spawn("grouptest", argv, a ? PvmTaskDefault :
		    PvmTaskHost, a ? "" : hosts[i % nhosts], 1, &tids[i]) != 1)
			gt_fail("spawn on %s: %d", hosts[i % nhosts], tids[i]);
	}
	gt_check(pvm_barrier(GT_GROUP, GT_N), 0, "first barrier");
	gt_check(pvm_gsize(GT_GROUP), GT_N, "gsize after barrier");

	/* Instances 1..7, each once, and gettid agrees. */
	memset(seen, 0, sizeof seen);
	bytid[0] = me;
	for (i = 0; i < GT_N - 1; i++) {
		inst = pvm_getinst(GT_GROUP, tids[i]);
		if (inst < 1 || inst >= GT_N || seen[inst]++)
			gt_fail("instance of t%x: %d", tids[i], inst);
		gt_check(pvm_gettid(GT_GROUP, inst), tids[i], "gettid");
		bytid[inst] = tids[i];
	}
	gt_check(pvm_getinst(GT_GROUP, 0x7ffff), PvmNotInGroup,
	    "getinst of no member");

	/* Broadcast, not back to us. */
	pvm_initsend(PvmDataDefault);
	d[0] = GT_BVAL;
	d[1] = 0;
	pvm_pkint(d, 2, 1);
	gt_check(pvm_bcast(GT_GROUP, GT_TAG_BCAST), 0, "bcast");
	gt_check(pvm_bcast("nosuch", GT_TAG_BCAST), PvmNoGroup,
	    "bcast to no group");

	/* Reductions: instance 0 is the root. */
	d[0] = GT_BVAL;
	d[1] = 0;
	gt_check(pvm_reduce(PvmSum, d, 2, PVM_INT, GT_TAG_SUM, GT_GROUP, 0),
	    0, "reduce sum");
	gt_check(d[0], GT_N * GT_BVAL + GT_N * (GT_N - 1) / 2, "sum [0]");
	gt_check(d[1], GT_N * (GT_N - 1) / 2, "sum [1]");
	d[0] = 0;
	d[1] = 0;
	gt_check(pvm_reduce(PvmMax, d, 2, PVM_INT, GT_TAG_MAX, GT_GROUP, 0),
	    0, "reduce max");
	gt_check(d[0], 6, "max [0]");
	gt_check(d[1], 0, "max [1]");
	gt_check(pvm_nrecv(-1, GT_TAG_BCAST), 0, "own broadcast");

	/* Gather and scatter. */
	d[0] = 0;
	d[1] = 0;
	memset(res, 0xff, sizeof res);
	gt_check(pvm_gather(res, d, 2, PVM_INT, GT_TAG_GATHER, GT_GROUP, 0),
	    0, "gather");
	for (i = 0; i < GT_N; i++) {
		gt_check(res[2 * i], i * 10, "gathered value");
		gt_check(res[2 * i + 1], i, "gathered instance");
	}
	for (i = 0; i < GT_N; i++) {
		res[2 * i] = 100 + i;
		res[2 * i + 1] = 200 + i;
	}
	gt_check(pvm_scatter(d, res, 2, PVM_INT, GT_TAG_SCATTER, GT_GROUP, 0),
	    0, "scatter");
	gt_check(d[0], 100, "own scatter [0]");
	gt_check(d[1], 200, "own scatter [1]");
	for (i = 0; i < GT_N - 1; i++) {
		pvm_recv(-1, GT_TAG_CHECK);
		pvm_upkint(&inst, 1, 1);
		pvm_upkint(d, 2, 1);
		gt_check(d[0], 100 + inst, "scattered [0]");
		gt_check(d[1], 200 + inst, "scattered [1]");
	}

	/* Instance 3 leaves and gets 3 again when it joins. */
	gt_send(bytid[3], GT_TAG_CMD, GT_CMD_LEAVE, 0);
	gt_check(gt_recv(bytid[3], GT_TAG_ACK, NULL), 0, "lvgroup");
	gt_check(pvm_gsize(GT_GROUP), GT_N - 1, "gsize after leave");
	gt_check(pvm_gettid(GT_GROUP, 3), PvmNoInst, "gettid of left");
	gt_check(pvm_getinst(GT_GROUP, bytid[3]), PvmNotInGroup,
	    "getinst of left");
	gt_send(bytid[3], GT_TAG_CMD, GT_CMD_JOIN, 0);
	gt_check(gt_recv(bytid[3], GT_TAG_ACK, NULL), 3, "instance reused");
	for (i = 1; i < GT_N; i++)
		gt_send(bytid[i], GT_TAG_CMD, GT_CMD_GO, 0);

	/* Freeze: all of us; then it is static. */
	gt_check(pvm_freezegroup(GT_GROUP, -1), 0, "freezegroup");
	gt_check(pvm_freezegroup(GT_GROUP, -1), PvmDupGroup, "freeze again");
	gt_check(pvm_freezegroup("nosuch", -1), PvmNoGroup,
	    "freeze of no group");
	gt_check(pvm_gsize(GT_GROUP), GT_N, "gsize frozen");

	/* Instance 5 is killed in a barrier; the others are released. */
	gt_check(pvm_joingroup(GT_DGROUP), 0, "join " GT_DGROUP);
	victim = bytid[5];
	for (i = 1; i < GT_N; i++)
		gt_send(bytid[i], GT_TAG_CMD, i == 5 ? GT_CMD_VICTIM :
		    GT_CMD_NORMAL, 0);
	gt_check(gt_recv(victim, GT_TAG_ACK, NULL), 5, "victim ready");
	gt_check(pvm_notify(PvmTaskExit, GT_TAG_EXIT, 1, &victim), 0,
	    "notify victim");
	nanosleep(&ts, NULL);
	gt_check(pvm_kill(victim), 0, "kill victim");
	gt_check(pvm_barrier(GT_DGROUP, GT_N), 0, "barrier with victim dead");
	for (i = 1; i < GT_N; i++) {
		if (i == 5)
			continue;
		a = gt_recv(bytid[i], GT_TAG_ACK, &b);
		gt_check(a, i, "member instance");
		gt_check(b, 0, "member released from barrier");
	}
	/*
	 * The victim may have arrived at the barrier before it was killed
	 * and counted, and the members' answers may come over direct
	 * routes before the daemon has seen it go: wait for its exit notify.
	 */
	if (pvm_recv(-1, GT_TAG_EXIT) < 0)
		gt_fail("no exit notify for the victim");
	gt_check(pvm_gsize(GT_DGROUP), GT_N - 1, "gsize after kill");
	gt_check(pvm_barrier(GT_GROUP, -1), PvmNoGroup,
	    "barrier of defunct frozen group");
	/*
	 * Leave before the members exit: once the last one has gone the
	 * group is gone too, and a second leave would say PvmNoGroup.
	 */
	gt_check(pvm_lvgroup(GT_DGROUP), 0, "leave " GT_DGROUP);
	gt_check(pvm_lvgroup(GT_DGROUP), PvmNotInGroup, "leave twice");
	for (i = 1; i < GT_N; i++) {
		if (i != 5)
			gt_send(bytid[i], GT_TAG_CMD, GT_CMD_EXIT, 0);
	}
	printf("grouptest: OK\n");
	pvm_exit();
	return (0);
}

int
main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 2 && strcmp(argv[1], "member") == 0)
		return (gt_member());
	if (argc < 2 || strcmp(argv[1], "member") != 0)
		return (gt_main(argc - 1, argv + 1));
	fprintf(stderr, "usage: grouptest [HOST...]\n");
	return (2);
}
