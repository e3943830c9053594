/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * gbigtest: barriers and collectives of GB_N tasks spread over hosts.
 *
 *	gbigtest HOST...	this task (instance 0 of every group) and
 *				GB_N - 1 spawned members, the i-th on
 *				HOST[i % nhosts]
 *	gbigtest member		(spawned) one member
 *
 * Checks: GB_ROUNDS barriers (count -1 and GB_N alternately) where in
 * each round one member, on another host each time, arrives GB_LATE_MS
 * late: every other task must wait for it (a barrier released early
 * returns at once); then PvmSum, PvmMax and PvmMin reductions, gather
 * and scatter of values that depend on the instance, all checked; then
 * one member is killed while the others wait in a barrier of count
 * GB_N: they are released.  Prints "gbigtest: OK" and exits 0, or exits
 * 1 at the first failure with a line saying which.
 *
 *	gbigtest fail HOST...	GB_FN tasks spread the same way wait in a
 *				barrier of count GB_FN while this one
 *				deletes HOST[1] (pvm_delhosts), an inner
 *				pvmd of the tree, with its members: the
 *				others are released, the group shrinks.
 *	gbigtest fmember	(spawned) one member of that test
 */

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pvm3.h"

#define GB_N		32
#define GB_GROUP	"big"
#define GB_KGROUP	"bigk"
#define GB_ROUNDS	6
#define GB_LATE_MS	300
#define GB_MIN_WAIT_MS	200
#define GB_TAG_SUM	21
#define GB_TAG_MAX	22
#define GB_TAG_MIN	23
#define GB_TAG_GATHER	24
#define GB_TAG_SCATTER	25
#define GB_TAG_REPORT	26
#define GB_TAG_CMD	27
#define GB_TAG_EXIT	28
#define GB_FN		16
#define GB_FGROUP	"bigf"
#define GB_CMD_NORMAL	0
#define GB_CMD_VICTIM	1

static void	gb_fail(const char *, ...)
		    __attribute__((format(printf, 1, 2), noreturn));
static void	gb_check(int, int, const char *);
static long	gb_ms(void);
static void	gb_sleep_ms(int);
static int	gb_rounds(int, int);
static void	gb_collectives(int);
static int	gb_member(void);
static int	gb_main(int, char **);
static int	gb_fmember(void);
static int	gb_fail_main(int, char **);

static int	gb_role;	/* 0: main, 1: member */
static int	gb_inst;

static void
gb_fail(const char *fmt, ...)
{
	va_list	ap;

	printf("gbigtest%s %d: FAIL: ", gb_role ? " member" : "", gb_inst);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	pvm_exit();
	exit(1);
}

static void
gb_check(int got, int want, const char *what)
{
	if (got != want)
		gb_fail("%s: got %d, want %d", what, got, want);
}

static long
gb_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec * 1000L + ts.tv_nsec / 1000000);
}

static void
gb_sleep_ms(int ms)
{
	struct timespec	ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	nanosleep(&ts, NULL);
}

/*
 * The barrier rounds, as instance inst of nhosts hosts: the late one of
 * round r is instance 1 + 5r (the instances are spread over the hosts,
 * so the late ones are on several hosts).  Returns the
 * number of rounds where this task waited less than it must have.
 */
static int
gb_rounds(int inst, int nhosts)
{
	long	t0, waited;
	int	r, bad = 0;

	(void)nhosts;
	for (r = 0; r < GB_ROUNDS; r++) {
		if (inst == 1 + 5 * r)
			gb_sleep_ms(GB_LATE_MS);
		t0 = gb_ms();
		gb_check(pvm_barrier(GB_GROUP, r % 2 ? GB_N : -1), 0,
		    "barrier");
		waited = gb_ms() - t0;
		if (inst != 1 + 5 * r && waited < GB_MIN_WAIT_MS) {
			printf("gbigtest %d: round %d released after %ld "
			    "ms\n", inst, r, waited);
			bad++;
		}
	}
	return (bad);
}

/* Reductions, gather and scatter, root instance 0. */
static void
gb_collectives(int inst)
{
	int	d[3], res[2 * GB_N], i;

	d[0] = inst;
	d[1] = 1;
	d[2] = 1000 + inst * 7;
	gb_check(pvm_reduce(PvmSum, d, 3, PVM_INT, GB_TAG_SUM, GB_GROUP, 0),
	    0, "reduce sum");
	if (inst == 0) {
		gb_check(d[0], GB_N * (GB_N - 1) / 2, "sum of instances");
		gb_check(d[1], GB_N, "sum of ones");
		gb_check(d[2], GB_N * 1000 + 7 * GB_N * (GB_N - 1) / 2,
		    "sum of 1000 + 7i");
	}
	d[0] = inst * 3 - 40;
	gb_check(pvm_reduce(PvmMax, d, 1, PVM_INT, GB_TAG_MAX, GB_GROUP, 0),
	    0, "reduce max");
	if (inst == 0)
		gb_check(d[0], (GB_N - 1) * 3 - 40, "max");
	d[0] = inst * 3 - 40;
	gb_check(pvm_reduce(PvmMin, d, 1, PVM_INT, GB_TAG_MIN, GB_GROUP, 0),
	    0, "reduce min");
	if (inst == 0)
		gb_check(d[0], -40, "min");
	d[0] = inst * inst;
	d[1] = -inst;
	gb_check(pvm_gather(res, d, 2, PVM_INT, GB_TAG_GATHER, GB_GROUP, 0),
	    0, "gather");
	if (inst == 0) {
		for (i = 0; i < GB_N; i++) {
			gb_check(res[2 * i], i * i, "gathered square");
			gb_check(res[2 * i + 1], -i, "gathered negative");
		}
		for (i = 0; i < GB_N; i++) {
			res[2 * i] = 5000 + i;
			res[2 * i + 1] = 6000 - i;
		}
	}
	gb_check(pvm_scatter(d, res, 2, PVM_INT, GB_TAG_SCATTER, GB_GROUP,
	    0), 0, "scatter");
	gb_check(d[0], 5000 + inst, "scattered [0]");
	gb_check(d[1], 6000 - inst, "scattered [1]");
}

/* A spawned member. */
static int
gb_member(void)
{
	int	parent = pvm_parent(), bad, v[2];

	gb_role = 1;
	if ((gb_inst = pvm_joingroup(GB_GROUP)) < 1)
		gb_fail("joingroup: %d", gb_inst);
	if (pvm_joingroup(GB_KGROUP) < 1)
		gb_fail("join " GB_KGROUP);
	gb_check(pvm_barrier(GB_GROUP, GB_N), 0, "first barrier");
	bad = gb_rounds(gb_inst, 0);
	gb_collectives(gb_inst);
	v[0] = gb_inst;
	v[1] = bad;
	pvm_initsend(PvmDataDefault);
	pvm_pkint(v, 2, 1);
	pvm_send(parent, GB_TAG_REPORT);
	/* The victim stops here; the others wait for all GB_N. */
	pvm_recv(parent, GB_TAG_CMD);
	pvm_upkint(v, 1, 1);
	if (v[0] == GB_CMD_VICTIM) {
		for (;;)
			pause();
	}
	v[0] = gb_inst;
	v[1] = pvm_barrier(GB_KGROUP, GB_N);
	pvm_initsend(PvmDataDefault);
	pvm_pkint(v, 2, 1);
	pvm_send(parent, GB_TAG_REPORT);
	pvm_recv(parent, GB_TAG_CMD);
	pvm_exit();
	return (0);
}

static int
gb_main(int nhosts, char **hosts)
{
	char		*argv[] = { "member", NULL };
	int		 tids[GB_N], bytid[GB_N], i, k, bad, v[2], victim;
	struct timeval	 tmo = { 30, 0 };

	if (pvm_mytid() < 0)
		gb_fail("pvm_mytid");
	gb_check(pvm_joingroup(GB_GROUP), 0, "join " GB_GROUP);
	gb_check(pvm_joingroup(GB_KGROUP), 0, "join " GB_KGROUP);
	for (i = 0; i < GB_N - 1; i++) {
		if (pvm_spawn("gbigtest", argv, PvmTaskHost,
		    hosts[(i + 1) % nhosts], 1, &tids[i]) != 1)
			gb_fail("spawn on %s: %d", hosts[(i + 1) % nhosts],
			    tids[i]);
	}
	gb_check(pvm_barrier(GB_GROUP, GB_N), 0, "first barrier");
	gb_check(pvm_gsize(GB_GROUP), GB_N, "gsize");
	for (i = 1; i < GB_N; i++)
		bytid[i] = pvm_gettid(GB_GROUP, i);
	bad = gb_rounds(0, nhosts);
	gb_collectives(0);
	for (i = 1; i < GB_N; i++) {
		if (pvm_trecv(-1, GB_TAG_REPORT, &tmo) <= 0)
			gb_fail("no report");
		pvm_upkint(v, 2, 1);
		bad += v[1];
	}
	gb_check(bad, 0, "rounds released early");

	/*
	 * The victim, a member on a host that is neither the master's nor
	 * the last one (so that its pvmd has a parent and a child in the
	 * tree), is killed while the others wait in GB_KGROUP.
	 */
	victim = 0;
	for (i = GB_N - 1; i >= 1 && victim == 0; i--) {
		if (pvm_tidtohost(bytid[i]) == pvm_tidtohost(tids[0]))
			victim = bytid[i];
	}
	if (victim == 0)
		gb_fail("no member on %s", hosts[1]);
	for (i = 1; i < GB_N; i++) {
		k = bytid[i] == victim ? GB_CMD_VICTIM : GB_CMD_NORMAL;
		pvm_initsend(PvmDataDefault);
		pvm_pkint(&k, 1, 1);
		pvm_send(bytid[i], GB_TAG_CMD);
	}
	gb_sleep_ms(300);
	gb_check(pvm_notify(PvmTaskExit, GB_TAG_EXIT, 1, &victim), 0,
	    "notify of the victim");
	gb_check(pvm_kill(victim), 0, "kill victim");
	gb_check(pvm_barrier(GB_KGROUP, GB_N), 0, "barrier, victim dead");
	for (k = 0; k < GB_N - 2; k++) {
		if (pvm_trecv(-1, GB_TAG_REPORT, &tmo) <= 0)
			gb_fail("member stuck in barrier after kill");
		pvm_upkint(v, 2, 1);
		gb_check(v[1], 0, "member's barrier after kill");
	}
	/* Its exit processed (not just the barrier released): then gsize. */
	if (pvm_trecv(-1, GB_TAG_EXIT, &tmo) <= 0)
		gb_fail("no exit notify of the victim");
	gb_check(pvm_gsize(GB_KGROUP), GB_N - 1, "gsize after kill");
	for (i = 1; i < GB_N; i++) {
		if (bytid[i] == victim)
			continue;
		pvm_initsend(PvmDataDefault);
		pvm_send(bytid[i], GB_TAG_CMD);
	}
	printf("gbigtest: OK\n");
	pvm_exit();
	return (0);
}

/* A member of the host failure test. */
static int
gb_fmember(void)
{
	int	parent = pvm_parent(), v[2];

	gb_role = 1;
	if ((gb_inst = pvm_joingroup(GB_FGROUP)) < 1)
		gb_fail("joingroup: %d", gb_inst);
	gb_check(pvm_barrier(GB_FGROUP, GB_FN), 0, "first barrier");
	v[0] = gb_inst;
	v[1] = pvm_barrier(GB_FGROUP, GB_FN);
	pvm_initsend(PvmDataDefault);
	pvm_pkint(v, 2, 1);
	pvm_send(parent, GB_TAG_REPORT);
	pvm_recv(parent, GB_TAG_CMD);
	pvm_exit();
	return (0);
}

/* The host failure test, see the top. */
static int
gb_fail_main(int nhosts, char **hosts)
{
	char		*argv[] = { "fmember", NULL };
	int		 tids[GB_FN], i, k, gone, dtid, info, v[2];
	struct timeval	 tmo = { 30, 0 };

	if (nhosts < 3)
		gb_fail("need 3 hosts or more");
	if (pvm_mytid() < 0)
		gb_fail("pvm_mytid");
	gb_check(pvm_joingroup(GB_FGROUP), 0, "join " GB_FGROUP);
	for (i = 0; i < GB_FN - 1; i++) {
		if (pvm_spawn("gbigtest", argv, PvmTaskHost,
		    hosts[(i + 1) % nhosts], 1, &tids[i]) != 1)
			gb_fail("spawn on %s: %d", hosts[(i + 1) % nhosts],
			    tids[i]);
	}
	gb_check(pvm_barrier(GB_FGROUP, GB_FN), 0, "first barrier");
	dtid = pvm_tidtohost(tids[0]);		/* the host of hosts[1] */
	for (i = gone = 0; i < GB_FN - 1; i++)
		gone += pvm_tidtohost(tids[i]) == dtid;
	/* Let the members reach the second barrier, then delete the host. */
	gb_sleep_ms(300);
	gb_check(pvm_delhosts(&hosts[1], 1, &info), 1, "delhosts");
	gb_check(info, 0, "delhosts info");
	gb_check(pvm_barrier(GB_FGROUP, GB_FN), 0, "barrier, host gone");
	for (k = 0; k < GB_FN - 1 - gone; k++) {
		if (pvm_trecv(-1, GB_TAG_REPORT, &tmo) <= 0)
			gb_fail("member stuck in barrier after host loss");
		pvm_upkint(v, 2, 1);
		gb_check(v[1], 0, "member's barrier after host loss");
	}
	gb_check(pvm_gsize(GB_FGROUP), GB_FN - gone, "gsize after host loss");
	for (i = 0; i < GB_FN - 1; i++) {
		if (pvm_tidtohost(tids[i]) == dtid)
			continue;
		pvm_initsend(PvmDataDefault);
		pvm_send(tids[i], GB_TAG_CMD);
	}
	printf("gbigtest fail: %d members gone with %s: OK\n", gone,
	    hosts[1]);
	pvm_exit();
	return (0);
}

int
main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	if (argc == 2 && strcmp(argv[1], "member") == 0)
		return (gb_member());
	if (argc == 2 && strcmp(argv[1], "fmember") == 0)
		return (gb_fmember());
	if (argc >= 3 && strcmp(argv[1], "fail") == 0)
		return (gb_fail_main(argc - 2, argv + 2));
	if (argc >= 2)
		return (gb_main(argc - 1, argv + 1));
	fprintf(stderr, "usage: gbigtest [fail] HOST...\n");
	return (2);
}
