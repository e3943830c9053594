/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * notifytest: watch a host that a test is about to kill.
 *
 *	notifytest HOST NSPAWN SURVIVOR
 *
 * Spawns NSPAWN waiting regtasks on HOST and one "regtask echo" on
 * SURVIVOR, then asks for a PvmHostDelete notify for HOST and a
 * PvmTaskExit notify for every task on HOST (its own regtasks and any
 * others pvm_tasks lists there, such as a running job's workers).  It
 * prints "ready N" (N the tasks watched) and waits for a line on
 * standard input: the test sends it once it has killed HOST's pvmd.
 * From then on every notify must arrive within NOTIFYTEST_WAIT seconds:
 * one HostDelete for HOST and one TaskExit per watched task, no
 * duplicate, nothing else.  Then the echo task on SURVIVOR must still
 * answer.  Prints one line per event and "notifytest: OK" at the end;
 * exits 1 on the first problem.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pvm3.h"

#define NOTIFYTEST_WAIT		6	/* seconds for every notify */
#define NOTIFYTEST_ECHO_WAIT	5	/* seconds for the echo */
#define NOTIFYTEST_MAXTASKS	256
#define NOTIFYTEST_TAG_EXIT	201	/* PvmTaskExit notifies */
#define NOTIFYTEST_TAG_HOST	202	/* PvmHostDelete notify */
#define NOTIFYTEST_TAG_ECHO	203	/* round trip to the survivor */
#define REGTASK_TAG_QUIT	99	/* as in regtask.c */
#define HOSTPART(tid)		((tid) & 0x3ffc0000)

static int	 notifytest_host(const char *);
static int	 notifytest_watch(int, int *, int *);
static int	 notifytest_wait(int, const int *, int);
static int	 notifytest_echo(int);
static double	 notifytest_now(void);
static int	 notifytest_fail(const char *, ...)
		    __attribute__((format(printf, 1, 2)));

int
main(int argc, char **argv)
{
	int	 tids[NOTIFYTEST_MAXTASKS], spawned[NOTIFYTEST_MAXTASKS];
	char	 line[64];
	int	 dtid, n, nspawn, echotid, ntids = 0, i;
	char	*end;

	if (argc != 4) {
		fprintf(stderr, "usage: notifytest host nspawn survivor\n");
		return (2);
	}
	nspawn = (int)strtol(argv[2], &end, 10);
	if (*argv[2] == '\0' || *end != '\0' || nspawn < 0 ||
	    nspawn > NOTIFYTEST_MAXTASKS / 2) {
		fprintf(stderr, "notifytest: bad nspawn %s\n", argv[2]);
		return (2);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (pvm_mytid() < 0)
		return (notifytest_fail("pvm_mytid: %d", pvm_mytid()));
	if ((dtid = notifytest_host(argv[1])) < 0)
		return (notifytest_fail("host %s is not in pvm_config",
		    argv[1]));
	if (notifytest_host(argv[3]) < 0)
		return (notifytest_fail("host %s is not in pvm_config",
		    argv[3]));

	if (nspawn > 0) {
		n = pvm_spawn("regtask", NULL, PvmTaskHost, argv[1], nspawn,
		    spawned);
		if (n != nspawn)
			return (notifytest_fail("spawn %d regtask on %s: %d",
			    nspawn, argv[1], n));
		for (i = 0; i < n; i++) {
			if (HOSTPART(spawned[i]) != HOSTPART(dtid))
				return (notifytest_fail("t%x is not on %s",
				    spawned[i], argv[1]));
		}
	}
	n = pvm_spawn("regtask", (char *[]){ "echo", NULL }, PvmTaskHost,
	    argv[3], 1, &echotid);
	if (n != 1)
		return (notifytest_fail("spawn regtask echo on %s: %d (%d)",
		    argv[3], n, echotid));

	if (notifytest_watch(dtid, tids, &ntids) != 0)
		return (1);
	if (ntids < nspawn)
		return (notifytest_fail("only %d tasks on %s", ntids,
		    argv[1]));
	printf("ready %d\n", ntids);

	if (fgets(line, sizeof line, stdin) == NULL)
		return (notifytest_fail("no go line on stdin"));
	if (notifytest_wait(dtid, tids, ntids) != 0)
		return (1);
	if (notifytest_echo(echotid) != 0)
		return (1);
	pvm_initsend(PvmDataDefault);
	pvm_send(echotid, REGTASK_TAG_QUIT);
	printf("notifytest: OK\n");
	pvm_exit();
	return (0);
}

/* The pvmd TID of host name (from pvm_config), or -1. */
static int
notifytest_host(const char *name)
{
	struct pvmhostinfo	*hi;
	int			 nhost, narch, i;

	if (pvm_config(&nhost, &narch, &hi) < 0)
		return (-1);
	for (i = 0; i < nhost; i++) {
		if (hi[i].hi_name != NULL && strcmp(hi[i].hi_name, name) == 0)
			return (hi[i].hi_tid);
	}
	return (-1);
}

/*
 * Ask for the HostDelete notify of dtid and a TaskExit notify for every
 * task on it; the tasks go to tids, their count to *np.  Nothing may
 * have fired yet (every watched task runs).
 */
static int
notifytest_watch(int dtid, int *tids, int *np)
{
	struct pvmtaskinfo	*ti;
	struct pvmhostinfo	*hi;
	int			 ntask, n = 0, i, cc;

	if ((cc = pvm_tasks(dtid, &ntask, &ti)) < 0)
		return (notifytest_fail("pvm_tasks(t%x): %d", dtid, cc));
	for (i = 0; i < ntask && n < NOTIFYTEST_MAXTASKS; i++) {
		if (HOSTPART(ti[i].ti_tid) != HOSTPART(dtid))
			return (notifytest_fail("pvm_tasks(t%x) lists t%x",
			    dtid, ti[i].ti_tid));
		tids[n++] = ti[i].ti_tid;
	}
	if ((cc = pvm_notify(PvmHostDelete, NOTIFYTEST_TAG_HOST, 1,
	    &dtid)) < 0)
		return (notifytest_fail("notify HostDelete t%x: %d", dtid,
		    cc));
	if (n > 0 && (cc = pvm_notify(PvmTaskExit, NOTIFYTEST_TAG_EXIT, n,
	    tids)) < 0)
		return (notifytest_fail("notify TaskExit: %d", cc));
	/* A round trip to the pvmd, then nothing may be there yet. */
	if (pvm_config(&i, &cc, &hi) < 0)
		return (notifytest_fail("pvm_config"));
	if (pvm_probe(-1, NOTIFYTEST_TAG_EXIT) > 0 ||
	    pvm_probe(-1, NOTIFYTEST_TAG_HOST) > 0)
		return (notifytest_fail("a notify fired before the kill"));
	*np = n;
	return (0);
}

/* Wait for the HostDelete of dtid and the TaskExit of each of tids. */
static int
notifytest_wait(int dtid, const int *tids, int n)
{
	char		 seen[NOTIFYTEST_MAXTASKS];
	struct timeval	 tv;
	double		 start, left;
	int		 hostseen = 0, nseen = 0, bufid, bytes, tag, src;
	int		 who, i;

	memset(seen, 0, sizeof seen);
	start = notifytest_now();
	while (!hostseen || nseen < n) {
		left = start + NOTIFYTEST_WAIT - notifytest_now();
		if (left <= 0)
			break;
		tv.tv_sec = (long)left;
		tv.tv_usec = (long)((left - (long)left) * 1e6);
		if ((bufid = pvm_trecv(-1, -1, &tv)) < 0)
			return (notifytest_fail("pvm_trecv: %d", bufid));
		if (bufid == 0)
			break;
		if (pvm_bufinfo(bufid, &bytes, &tag, &src) < 0 ||
		    pvm_upkint(&who, 1, 1) < 0)
			return (notifytest_fail("bad message"));
		if (tag == NOTIFYTEST_TAG_HOST) {
			if (HOSTPART(who) != HOSTPART(dtid))
				return (notifytest_fail("HostDelete of t%x, "
				    "not t%x", who, dtid));
			if (hostseen)
				return (notifytest_fail("two HostDelete "
				    "notifies"));
			hostseen = 1;
			printf("hostdelete t%x after %.1f s\n", who,
			    notifytest_now() - start);
			continue;
		}
		if (tag != NOTIFYTEST_TAG_EXIT)
			return (notifytest_fail("tag %d from t%x", tag, src));
		for (i = 0; i < n && tids[i] != who; i++)
			;
		if (i == n)
			return (notifytest_fail("TaskExit of t%x, not "
			    "watched", who));
		if (seen[i])
			return (notifytest_fail("two TaskExit of t%x", who));
		seen[i] = 1;
		nseen++;
		printf("taskexit t%x after %.1f s\n", who,
		    notifytest_now() - start);
	}
	if (!hostseen)
		return (notifytest_fail("no HostDelete of t%x within %d s",
		    dtid, NOTIFYTEST_WAIT));
	for (i = 0; i < n; i++) {
		if (!seen[i])
			return (notifytest_fail("no TaskExit of t%x within "
			    "%d s", tids[i], NOTIFYTEST_WAIT));
	}
	printf("all %d notifies in %.1f s\n", n + 1,
	    notifytest_now() - start);
	return (0);
}

/* A message to the echo task comes back with the same contents. */
static int
notifytest_echo(int tid)
{
	struct timeval	tv = { NOTIFYTEST_ECHO_WAIT, 0 };
	int		v = 424242, got = 0, bufid;

	if (pvm_initsend(PvmDataDefault) < 0 || pvm_pkint(&v, 1, 1) < 0 ||
	    pvm_send(tid, NOTIFYTEST_TAG_ECHO) < 0)
		return (notifytest_fail("send to t%x", tid));
	if ((bufid = pvm_trecv(tid, NOTIFYTEST_TAG_ECHO, &tv)) <= 0)
		return (notifytest_fail("no echo from t%x: %d", tid, bufid));
	if (pvm_upkint(&got, 1, 1) < 0 || got != v)
		return (notifytest_fail("echo from t%x: %d", tid, got));
	printf("echo from t%x\n", tid);
	return (0);
}

static double
notifytest_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

/* Print "notifytest: FAIL ..." and return 1. */
static int
notifytest_fail(const char *fmt, ...)
{
	va_list	ap;

	printf("notifytest: FAIL ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return (1);
}
