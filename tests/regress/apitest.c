/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * apitest: library calls against a running pvmd, one group per
 * subcommand.  Prints "ok ..." or "FAIL ..." per check and exits 0 only
 * if every check passed.
 *
 *	apitest notify		PvmTaskExit notifies (kill, exit, no task)
 *	apitest catchout	pvm_catchout of a child's output
 *	apitest nofile		spawn of a missing or unexecutable file
 *	apitest badtid		pvm_kill/pvm_pstat/pvm_sendsig bad TIDs
 *	apitest nobuf		buffer calls on buffer ids that do not exist
 *	apitest tasks		pvm_tasks lists a spawned task
 *	apitest halt		spawn a task, then pvm_halt
 *	apitest run N prog [arg ...]
 *				spawn N copies of prog with their output
 *				caught on stdout, wait until all exit
 */

#include <sys/time.h>

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pvm3.h"

#define APITEST_TAG_QUIT	99	/* makes regtask exit */
#define APITEST_BOGUS_TID	0x4fff0	/* host 1, a task never born */
#define APITEST_HOST_TID	0x40000U	/* host 1, as pvm_config says */
#define APITEST_PVMD_TID	0x80040000U	/* the pvmd of host 1 */
#define APITEST_WAIT_SEC	10

struct apitest_cmd {
	const char	*name;
	int		 nargs;		/* least number of arguments */
	void		(*run)(int, char **);
};

static void	apitest_check(int, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static int	apitest_spawn(char *, char **);
static int	apitest_wait_notify(int, int *, int *);
static void	apitest_notify(int, char **);
static void	apitest_catchout(int, char **);
static void	apitest_nofile(int, char **);
static void	apitest_badtid(int, char **);
static void	apitest_nobuf(int, char **);
static void	apitest_tasks(int, char **);
static void	apitest_halt(int, char **);
static void	apitest_run(int, char **);

static const struct apitest_cmd apitest_cmds[] = {
	{ "notify", 0, apitest_notify },
	{ "catchout", 0, apitest_catchout },
	{ "nofile", 0, apitest_nofile },
	{ "badtid", 0, apitest_badtid },
	{ "nobuf", 0, apitest_nobuf },
	{ "tasks", 0, apitest_tasks },
	{ "halt", 0, apitest_halt },
	{ "run", 2, apitest_run },
};

static int	apitest_failed;
static int	apitest_mytid;

int
main(int argc, char **argv)
{
	size_t	i;

	if (argc < 2) {
		fprintf(stderr, "usage: apitest command [arg ...]\n");
		return (2);
	}
	for (i = 0; i < sizeof apitest_cmds / sizeof apitest_cmds[0]; i++) {
		if (strcmp(argv[1], apitest_cmds[i].name) == 0)
			break;
	}
	if (i == sizeof apitest_cmds / sizeof apitest_cmds[0]) {
		fprintf(stderr, "apitest: unknown command %s\n", argv[1]);
		return (2);
	}
	if (argc - 2 < apitest_cmds[i].nargs) {
		fprintf(stderr, "apitest: %s needs %d arguments\n", argv[1],
		    apitest_cmds[i].nargs);
		return (2);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((apitest_mytid = pvm_mytid()) < 0) {
		printf("FAIL pvm_mytid: %d\n", apitest_mytid);
		return (1);
	}
	pvm_setopt(PvmAutoErr, 0);
	printf("apitest t%x\n", apitest_mytid);
	apitest_cmds[i].run(argc - 2, argv + 2);
	pvm_exit();
	return (apitest_failed ? 1 : 0);
}

static void
apitest_check(int ok, const char *fmt, ...)
{
	va_list	ap;

	printf("%s ", ok ? "ok" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!ok)
		apitest_failed = 1;
}

/* Spawn one copy of file; its TID, or a negative code. */
static int
apitest_spawn(char *file, char **argv)
{
	int	tid, n;

	n = pvm_spawn(file, argv, PvmTaskDefault, "", 1, &tid);
	if (n == 1)
		return (tid);
	return (n < 0 ? n : tid);
}

/*
 * Wait for a notify message with tag; 0 with the TID it carries and its
 * sender, -1 on timeout or error.
 */
static int
apitest_wait_notify(int tag, int *tid, int *src)
{
	struct timeval	tv;
	int		bufid;

	tv.tv_sec = APITEST_WAIT_SEC;
	tv.tv_usec = 0;
	if ((bufid = pvm_trecv(-1, tag, &tv)) <= 0)
		return (-1);
	if (pvm_bufinfo(bufid, NULL, NULL, src) < 0 ||
	    pvm_upkint(tid, 1, 1) < 0)
		return (-1);
	return (0);
}

static void
apitest_notify(int argc, char **argv)
{
	int	tid, got, src, dtid, bogus, cc;

	dtid = pvm_tidtohost(apitest_mytid);
	apitest_check((unsigned int)dtid == APITEST_HOST_TID,
	    "pvm_tidtohost(t%x) = %x", apitest_mytid, dtid);

	/* A killed task. */
	tid = apitest_spawn("regtask", NULL);
	apitest_check(tid > 0, "spawn regtask: %x", tid);
	if (tid <= 0)
		return;
	cc = pvm_notify(PvmTaskExit, 77, 1, &tid);
	apitest_check(cc == 0, "pvm_notify(TaskExit, t%x) = %d", tid, cc);
	cc = pvm_kill(tid);
	apitest_check(cc == 0, "pvm_kill(t%x) = %d", tid, cc);
	got = 0;
	cc = apitest_wait_notify(77, &got, &src);
	apitest_check(cc == 0 && got == tid,
	    "TaskExit notify for killed t%x (got t%x)", tid, got);
	apitest_check(cc == 0 && (unsigned int)src == APITEST_PVMD_TID,
	    "notify comes from the pvmd (src %x)", src);
	cc = pvm_pstat(tid);
	apitest_check(cc == PvmNoTask, "pvm_pstat(killed t%x) = %d", tid, cc);

	/* A task that exits by itself. */
	tid = apitest_spawn("regtask", NULL);
	apitest_check(tid > 0, "spawn regtask: %x", tid);
	if (tid <= 0)
		return;
	cc = pvm_notify(PvmTaskExit, 78, 1, &tid);
	apitest_check(cc == 0, "pvm_notify(TaskExit, t%x) = %d", tid, cc);
	pvm_initsend(PvmDataDefault);
	cc = pvm_send(tid, APITEST_TAG_QUIT);
	apitest_check(cc == 0, "pvm_send(t%x, quit) = %d", tid, cc);
	got = 0;
	cc = apitest_wait_notify(78, &got, &src);
	apitest_check(cc == 0 && got == tid,
	    "TaskExit notify for exited t%x (got t%x)", tid, got);

	/* A task that does not exist: the notify fires at once. */
	bogus = APITEST_BOGUS_TID;
	cc = pvm_notify(PvmTaskExit, 79, 1, &bogus);
	apitest_check(cc == 0, "pvm_notify(TaskExit, t%x) = %d", bogus, cc);
	got = 0;
	cc = apitest_wait_notify(79, &got, &src);
	apitest_check(cc == 0 && got == bogus,
	    "TaskExit notify for missing t%x (got t%x)", bogus, got);
}

static void
apitest_catchout(int argc, char **argv)
{
	char	*args[] = { "print", "3", NULL };
	int	 tid, cc;

	cc = pvm_catchout(stdout);
	apitest_check(cc == 0, "pvm_catchout(stdout) = %d", cc);
	tid = apitest_spawn("regtask", args);
	apitest_check(tid > 0, "spawn regtask print 3: %x", tid);
	if (tid > 0)
		printf("child t%x\n", tid);
	/* pvm_exit in main waits for the child's output to end. */
}

static void
apitest_nofile(int argc, char **argv)
{
	char	*name = "no_such_program_regress";
	int	 tids[2];
	int	 n;

	tids[0] = tids[1] = 0;
	n = pvm_spawn(name, NULL, PvmTaskDefault, "", 2, tids);
	apitest_check(n == 0, "spawn of %s x2 started %d", name, n);
	apitest_check(tids[0] == PvmNoFile && tids[1] == PvmNoFile,
	    "spawn of %s gives PvmNoFile (%d, %d)", name, tids[0], tids[1]);

	tids[0] = 0;
	n = pvm_spawn("/nonexistent/dir/prog", NULL, PvmTaskDefault, "", 1,
	    tids);
	apitest_check(n == 0 && tids[0] == PvmNoFile,
	    "spawn of /nonexistent/dir/prog: %d, %d", n, tids[0]);

	/* Exists but is not executable. */
	tids[0] = 0;
	n = pvm_spawn("/etc/passwd", NULL, PvmTaskDefault, "", 1, tids);
	apitest_check(n == 0 && tids[0] == PvmNoFile,
	    "spawn of /etc/passwd: %d, %d", n, tids[0]);
}

static void
apitest_badtid(int argc, char **argv)
{
	int	cc;

	cc = pvm_kill(0);
	apitest_check(cc == PvmBadParam, "pvm_kill(0) = %d", cc);
	cc = pvm_kill(-5);
	apitest_check(cc == PvmBadParam, "pvm_kill(-5) = %d", cc);
	/* PVM 3.4.6 answers 0 here (signal sent to nobody); allow both. */
	cc = pvm_kill(APITEST_BOGUS_TID);
	apitest_check(cc == 0 || cc == PvmNoTask,
	    "pvm_kill(t%x) = %d", APITEST_BOGUS_TID, cc);
	cc = pvm_sendsig(APITEST_BOGUS_TID, SIGTERM);
	apitest_check(cc == 0 || cc == PvmNoTask,
	    "pvm_sendsig(t%x) = %d", APITEST_BOGUS_TID, cc);
	cc = pvm_pstat(APITEST_BOGUS_TID);
	apitest_check(cc == PvmNoTask, "pvm_pstat(t%x) = %d",
	    APITEST_BOGUS_TID, cc);
	cc = pvm_pstat(0);
	apitest_check(cc == PvmBadParam, "pvm_pstat(0) = %d", cc);
	cc = pvm_pstat(-5);
	apitest_check(cc == PvmBadParam, "pvm_pstat(-5) = %d", cc);
	cc = pvm_pstat(apitest_mytid);
	apitest_check(cc == PvmOk, "pvm_pstat(mytid) = %d", cc);
}

static void
apitest_nobuf(int argc, char **argv)
{
	int	cc, b;

	cc = pvm_freebuf(9999);
	apitest_check(cc == PvmNoSuchBuf, "pvm_freebuf(9999) = %d", cc);
	cc = pvm_setrbuf(9999);
	apitest_check(cc == PvmNoSuchBuf, "pvm_setrbuf(9999) = %d", cc);
	cc = pvm_setsbuf(9999);
	apitest_check(cc == PvmNoSuchBuf, "pvm_setsbuf(9999) = %d", cc);
	cc = pvm_bufinfo(9999, NULL, NULL, NULL);
	apitest_check(cc == PvmNoSuchBuf, "pvm_bufinfo(9999) = %d", cc);
	cc = pvm_freebuf(-3);
	apitest_check(cc == PvmBadParam, "pvm_freebuf(-3) = %d", cc);

	b = pvm_mkbuf(PvmDataDefault);
	apitest_check(b > 0, "pvm_mkbuf = %d", b);
	cc = pvm_freebuf(b);
	apitest_check(cc == 0, "pvm_freebuf(%d) = %d", b, cc);
	cc = pvm_freebuf(b);
	apitest_check(cc == PvmNoSuchBuf, "pvm_freebuf(freed %d) = %d", b,
	    cc);
	cc = pvm_setsbuf(b);
	apitest_check(cc == PvmNoSuchBuf, "pvm_setsbuf(freed %d) = %d", b,
	    cc);
}

static void
apitest_tasks(int argc, char **argv)
{
	struct pvmtaskinfo	*ti;
	int			 tid, n, i, found, cc;

	tid = apitest_spawn("regtask", NULL);
	apitest_check(tid > 0, "spawn regtask: %x", tid);
	if (tid <= 0)
		return;
	cc = pvm_tasks(0, &n, &ti);
	apitest_check(cc == 0, "pvm_tasks(0) = %d", cc);
	found = 0;
	for (i = 0; cc == 0 && i < n; i++) {
		if (ti[i].ti_tid == tid) {
			found = 1;
			apitest_check(ti[i].ti_ptid == apitest_mytid,
			    "t%x has parent t%x", tid, ti[i].ti_ptid);
			apitest_check(ti[i].ti_a_out != NULL &&
			    strstr(ti[i].ti_a_out, "regtask") != NULL,
			    "t%x is named %s", tid, ti[i].ti_a_out ?
			    ti[i].ti_a_out : "(null)");
		}
	}
	apitest_check(found, "pvm_tasks lists t%x among %d", tid, n);
	cc = pvm_tasks(tid, &n, &ti);
	apitest_check(cc == 0 && n == 1 && ti[0].ti_tid == tid,
	    "pvm_tasks(t%x) = %d, %d entries", tid, cc, n);
	cc = pvm_kill(tid);
	apitest_check(cc == 0, "pvm_kill(t%x) = %d", tid, cc);
}

static void
apitest_halt(int argc, char **argv)
{
	int	tid, cc;

	tid = apitest_spawn("regtask", NULL);
	apitest_check(tid > 0, "spawn regtask: %x", tid);
	if (tid > 0)
		printf("child t%x\n", tid);
	/* The daemon may kill us too once it has answered. */
	cc = pvm_halt();
	apitest_check(cc == 0, "pvm_halt() = %d", cc);
}

static void
apitest_run(int argc, char **argv)
{
	char	*end;
	int	*tids;
	long	 n;
	int	 i, started, got, src;

	n = strtol(argv[0], &end, 10);
	if (*argv[0] == '\0' || *end != '\0' || n < 1 || n > 1024) {
		apitest_check(0, "run: bad count %s", argv[0]);
		return;
	}
	if ((tids = calloc(n, sizeof *tids)) == NULL) {
		apitest_check(0, "run: out of memory");
		return;
	}
	pvm_catchout(stdout);
	started = pvm_spawn(argv[1], argc > 2 ? argv + 2 : NULL,
	    PvmTaskDefault, "", (int)n, tids);
	apitest_check(started == n, "spawn %ld x %s: %d started", n, argv[1],
	    started);
	for (i = 0; i < started; i++)
		pvm_notify(PvmTaskExit, 80, 1, &tids[i]);
	for (i = 0; i < started; i++) {
		if (apitest_wait_notify(80, &got, &src) != 0) {
			apitest_check(0, "run: %d of %d tasks still running",
			    started - i, started);
			break;
		}
	}
	free(tids);
	/* pvm_exit in main waits for the output to end. */
}
