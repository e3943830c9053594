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
 *	apitest msg		send/receive: ordering, probe, timeouts,
 *				encodings and mcast through regtask echo,
 *				psend/precv, recvf, options
 *	apitest run N prog [arg ...]
 *				spawn N copies of prog with their output
 *				caught on stdout, wait until all exit
 */

#include <sys/stat.h>
#include <sys/time.h>

#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pvm3.h"

#define APITEST_TAG_QUIT	99	/* makes regtask exit */
#define APITEST_BOGUS_TID	0x4fff0	/* host 1, a task never born */
#define APITEST_HOST_TID	0x40000U	/* host 1, as pvm_config says */
#define APITEST_PVMD_TID	0x80040000U	/* the pvmd of host 1 */
#define APITEST_WAIT_SEC	10
#define APITEST_NORDER		2000	/* messages of the ordering test */
#define APITEST_NINTS		16	/* ints of the encoding test */
#define APITEST_NBYTES		64	/* bytes of the encoding test */
#define APITEST_BIGBYTES	(8 * 1024 * 1024)
#define APITEST_NECHO		3	/* echo partners */
#define APITEST_NPSEND		1000	/* ints of pvm_psend */

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
static double	apitest_now(void);
static int	apitest_trecv(int, int);
static int	apitest_send_int(int, int, int);
static void	apitest_msg_order(void);
static int	apitest_probe_wait(int, int);
static void	apitest_msg_poll(void);
static void	apitest_msg_enc(int, int, const char *);
static double	apitest_dsum(const double *, size_t);
static void	apitest_msg_big(int);
static void	apitest_msg_mcast(int *, int);
static void	apitest_msg_psend(void);
static int	apitest_match_big(int, int, int);
static void	apitest_msg_recvf(void);
static void	apitest_msg_opts(void);
static void	apitest_msg(int, char **);

static const struct apitest_cmd apitest_cmds[] = {
	{ "notify", 0, apitest_notify },
	{ "catchout", 0, apitest_catchout },
	{ "nofile", 0, apitest_nofile },
	{ "badtid", 0, apitest_badtid },
	{ "nobuf", 0, apitest_nobuf },
	{ "tasks", 0, apitest_tasks },
	{ "halt", 0, apitest_halt },
	{ "run", 2, apitest_run },
	{ "msg", 0, apitest_msg },
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
	char	 path[] = "/tmp/apitest_noexec.XXXXXX";
	int	 tids[3];
	int	 n, fd;

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

	/*
	 * Executable but no program: the processes are made and their
	 * execve fails (ENOEXEC), which the reply must still say.
	 */
	fd = mkstemp(path);
	apitest_check(fd != -1, "mkstemp");
	if (fd == -1)
		return;
	apitest_check(write(fd, "not a program\n", 14) == 14 &&
	    fchmod(fd, 0755) == 0, "write %s", path);
	close(fd);
	tids[0] = tids[1] = tids[2] = 0;
	n = pvm_spawn(path, NULL, PvmTaskDefault, "", 3, tids);
	apitest_check(n == 0 && tids[0] == PvmNoFile &&
	    tids[1] == PvmNoFile && tids[2] == PvmNoFile,
	    "spawn of %s x3: %d, %d %d %d", path, n, tids[0], tids[1],
	    tids[2]);
	unlink(path);
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

/* Seconds since an arbitrary origin, from the monotonic clock. */
static double
apitest_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

/* Receive (tid, tag) with the usual timeout; the bufid, or <= 0. */
static int
apitest_trecv(int tid, int tag)
{
	struct timeval	tv;

	tv.tv_sec = APITEST_WAIT_SEC;
	tv.tv_usec = 0;
	return (pvm_trecv(tid, tag, &tv));
}

/* Send one int to tid with tag in a fresh default buffer; pvm_send's code. */
static int
apitest_send_int(int tid, int tag, int v)
{
	int	cc;

	if ((cc = pvm_initsend(PvmDataDefault)) < 0)
		return (cc);
	if ((cc = pvm_pkint(&v, 1, 1)) < 0)
		return (cc);
	return (pvm_send(tid, tag));
}

/* Send-to-self ordering, all tags and selective by tag. */
static void
apitest_msg_order(void)
{
	int	i, k, v, tag, bufid, bad, sent;

	sent = 0;
	for (i = 0; i < APITEST_NORDER; i++) {
		if (apitest_send_int(apitest_mytid, 1 + i % 5, i) == 0)
			sent++;
	}
	apitest_check(sent == APITEST_NORDER, "%d sends to self of %d",
	    sent, APITEST_NORDER);
	bad = 0;
	for (i = 0; i < sent; i++) {
		v = tag = -1;
		if ((bufid = apitest_trecv(-1, -1)) <= 0 ||
		    pvm_bufinfo(bufid, NULL, &tag, NULL) < 0 ||
		    pvm_upkint(&v, 1, 1) < 0) {
			bad = -1;
			break;
		}
		if (v != i || tag != 1 + i % 5) {
			if (bad++ == 0)
				printf("# message %d: got seq %d tag %d\n",
				    i, v, tag);
		}
	}
	apitest_check(bad == 0 && i == APITEST_NORDER,
	    "pvm_recv(-1, -1) of %d messages in send order (%d out of "
	    "order, stopped at %d)", APITEST_NORDER, bad, i);
	bufid = pvm_nrecv(-1, -1);
	apitest_check(bufid == 0, "nothing left after the ordered run (%d)",
	    bufid);

	/* Tags 7 and 8 interleaved, then all of 8 before all of 7. */
	for (i = 0; i < 10; i++) {
		apitest_send_int(apitest_mytid, 7, i);
		apitest_send_int(apitest_mytid, 8, 100 + i);
	}
	for (k = 0; k < 2; k++) {
		tag = k == 0 ? 8 : 7;
		bad = 0;
		for (i = 0; i < 10; i++) {
			v = -1;
			if ((bufid = apitest_trecv(-1, tag)) <= 0 ||
			    pvm_upkint(&v, 1, 1) < 0) {
				bad = 1;
				break;
			}
			if (v != (tag == 8 ? 100 : 0) + i)
				bad = 1;
		}
		apitest_check(bad == 0, "selective pvm_recv of tag %d in "
		    "order (%d of 10, last %d)", tag, i, v);
	}
}

/* Wait until pvm_probe sees (tid, tag): its bufid, or <= 0 on timeout. */
static int
apitest_probe_wait(int tid, int tag)
{
	double	end;
	int	bufid;

	end = apitest_now() + APITEST_WAIT_SEC;
	while ((bufid = pvm_probe(tid, tag)) == 0 && apitest_now() < end)
		usleep(1000);
	return (bufid);
}

/* pvm_nrecv, pvm_trecv timeout, pvm_probe, pvm_bufinfo. */
static void
apitest_msg_poll(void)
{
	struct timeval	tv;
	double		t0, dt;
	int		bufid, pb, bytes, tag, src, v;

	bufid = pvm_nrecv(-1, -1);
	apitest_check(bufid == 0, "pvm_nrecv with nothing pending = %d",
	    bufid);
	tv.tv_sec = 0;
	tv.tv_usec = 50000;
	t0 = apitest_now();
	bufid = pvm_trecv(-1, -1, &tv);
	dt = apitest_now() - t0;
	apitest_check(bufid == 0, "pvm_trecv(50 ms) with nothing pending = "
	    "%d", bufid);
	apitest_check(dt >= 0.040 && dt < 5.0,
	    "pvm_trecv(50 ms) took %.1f ms", dt * 1000);

	apitest_send_int(apitest_mytid, 30, 4242);
	pb = apitest_probe_wait(-1, 30);
	apitest_check(pb > 0, "pvm_probe finds the tag 30 message (%d)", pb);
	bufid = pvm_probe(-1, 30);
	apitest_check(bufid > 0, "pvm_probe again still finds it (%d)",
	    bufid);
	bufid = pvm_probe(-1, 31);
	apitest_check(bufid == 0, "pvm_probe of tag 31 = %d", bufid);
	bufid = pvm_nrecv(-1, 31);
	apitest_check(bufid == 0, "pvm_nrecv of tag 31 = %d", bufid);
	bufid = pvm_nrecv(-1, 30);
	apitest_check(bufid > 0, "pvm_nrecv takes the probed message (%d)",
	    bufid);
	bytes = tag = src = v = -1;
	if (bufid > 0) {
		pvm_bufinfo(bufid, &bytes, &tag, &src);
		pvm_upkint(&v, 1, 1);
	}
	apitest_check(bytes == 4 && tag == 30 && src == apitest_mytid,
	    "pvm_bufinfo: %d bytes, tag %d, from t%x", bytes, tag, src);
	apitest_check(v == 4242, "probed message carries 4242 (%d)", v);
	bufid = pvm_probe(-1, 30);
	apitest_check(bufid == 0, "pvm_probe after the receive = %d", bufid);
}

/* Mixed types through the echo partner tid in encoding enc. */
static void
apitest_msg_enc(int tid, int enc, const char *name)
{
	char	str[] = "hello, pvm", rstr[64];
	char	bytes[APITEST_NBYTES], rbytes[APITEST_NBYTES];
	int	ints[APITEST_NINTS], rints[APITEST_NINTS];
	long	l = LONG_MIN, rl = 0;
	double	d = -1234.5e-7, rd = 0;
	int	i, cc, bufid, ok, tag;

	for (i = 0; i < APITEST_NINTS; i++)
		ints[i] = i * 1000003 - 7;
	for (i = 0; i < APITEST_NBYTES; i++)
		bytes[i] = (char)(i * 7);
	tag = 40 + enc;
	cc = pvm_initsend(enc);
	apitest_check(cc > 0, "%s: pvm_initsend = %d", name, cc);
	cc = 0;
	if (pvm_pkint(ints, APITEST_NINTS, 1) < 0 ||
	    pvm_pklong(&l, 1, 1) < 0 || pvm_pkdouble(&d, 1, 1) < 0 ||
	    pvm_pkstr(str) < 0 || pvm_pkbyte(bytes, APITEST_NBYTES, 1) < 0)
		cc = -1;
	apitest_check(cc == 0, "%s: packing", name);
	cc = pvm_send(tid, tag);
	apitest_check(cc == 0, "%s: pvm_send to echo t%x = %d", name, tid,
	    cc);
	/* In place data must have been taken at send time. */
	for (i = 0; i < APITEST_NINTS; i++)
		ints[i] = -1;
	memset(bytes, 0xff, sizeof bytes);
	str[0] = 'X';

	bufid = apitest_trecv(tid, tag);
	apitest_check(bufid > 0, "%s: echo reply received (%d)", name, bufid);
	if (bufid <= 0)
		return;
	memset(rints, 0, sizeof rints);
	memset(rbytes, 0, sizeof rbytes);
	memset(rstr, 0, sizeof rstr);
	cc = 0;
	if (pvm_upkint(rints, APITEST_NINTS, 1) < 0 ||
	    pvm_upklong(&rl, 1, 1) < 0 || pvm_upkdouble(&rd, 1, 1) < 0 ||
	    pvm_upkstr(rstr) < 0 || pvm_upkbyte(rbytes, APITEST_NBYTES, 1) < 0)
		cc = -1;
	apitest_check(cc == 0, "%s: unpacking the reply", name);
	ok = 1;
	for (i = 0; i < APITEST_NINTS; i++)
		if (rints[i] != i * 1000003 - 7)
			ok = 0;
	apitest_check(ok, "%s: int array intact (rints[1] = %d)", name,
	    rints[1]);
	apitest_check(rl == LONG_MIN, "%s: long %ld", name, rl);
	apitest_check(rd == -1234.5e-7, "%s: double %g", name, rd);
	apitest_check(strcmp(rstr, "hello, pvm") == 0, "%s: string \"%s\"",
	    name, rstr);
	ok = 1;
	for (i = 0; i < APITEST_NBYTES; i++)
		if (rbytes[i] != (char)(i * 7))
			ok = 0;
	apitest_check(ok, "%s: byte array intact", name);
}

/* Sum of the doubles and their index weights, to compare both sides. */
static double
apitest_dsum(const double *v, size_t n)
{
	double	s = 0;
	size_t	i;

	for (i = 0; i < n; i++)
		s += v[i] * (double)(i % 97 + 1);
	return (s);
}

/* 8 MB of doubles, raw, through the echo partner. */
static void
apitest_msg_big(int tid)
{
	double	*v, *r, want;
	size_t	 i, n = APITEST_BIGBYTES / sizeof(double);
	int	 bufid, bytes, cc, same;

	v = malloc(n * sizeof *v);
	r = malloc(n * sizeof *r);
	if (v == NULL || r == NULL) {
		apitest_check(0, "big: out of memory");
		goto out;
	}
	for (i = 0; i < n; i++)
		v[i] = (double)i * 0.5 - 1e6;
	want = apitest_dsum(v, n);
	pvm_initsend(PvmDataRaw);
	cc = pvm_pkdouble(v, (int)n, 1);
	apitest_check(cc == 0, "big: pack %zu doubles = %d", n, cc);
	cc = pvm_send(tid, 50);
	apitest_check(cc == 0, "big: pvm_send 8 MB to t%x = %d", tid, cc);
	bufid = apitest_trecv(tid, 50);
	apitest_check(bufid > 0, "big: echo reply received (%d)", bufid);
	if (bufid <= 0)
		goto out;
	bytes = -1;
	pvm_bufinfo(bufid, &bytes, NULL, NULL);
	apitest_check((size_t)bytes == n * sizeof(double),
	    "big: reply has %d bytes", bytes);
	memset(r, 0, n * sizeof *r);
	cc = pvm_upkdouble(r, (int)n, 1);
	apitest_check(cc == 0, "big: unpack = %d", cc);
	same = memcmp(v, r, n * sizeof *v) == 0;
	apitest_check(same && apitest_dsum(r, n) == want,
	    "big: 8 MB checksum %.6g (want %.6g)", apitest_dsum(r, n), want);
out:
	free(v);
	free(r);
}

/* pvm_mcast to several echo partners; each must answer once. */
static void
apitest_msg_mcast(int *tids, int n)
{
	int	i, j, cc, bufid, src, v, seen[APITEST_NECHO];

	memset(seen, 0, sizeof seen);
	pvm_initsend(PvmDataDefault);
	v = 5150;
	pvm_pkint(&v, 1, 1);
	cc = pvm_mcast(tids, n, 60);
	apitest_check(cc == 0, "pvm_mcast to %d partners = %d", n, cc);
	for (i = 0; i < n; i++) {
		src = v = -1;
		if ((bufid = apitest_trecv(-1, 60)) <= 0)
			break;
		pvm_bufinfo(bufid, NULL, NULL, &src);
		pvm_upkint(&v, 1, 1);
		for (j = 0; j < n; j++)
			if (tids[j] == src && v == 5150)
				seen[j]++;
	}
	for (j = 0; j < n; j++)
		apitest_check(seen[j] == 1, "mcast: t%x answered %d times",
		    tids[j], seen[j]);
	bufid = pvm_nrecv(-1, 60);
	apitest_check(bufid == 0, "mcast: no extra replies (%d)", bufid);
}

/* pvm_psend and pvm_precv of an int array to self. */
static void
apitest_msg_psend(void)
{
	int	v[APITEST_NPSEND], r[APITEST_NPSEND];
	int	i, cc, rtid, rtag, rlen, ok;

	for (i = 0; i < APITEST_NPSEND; i++)
		v[i] = i * i - 500;
	cc = pvm_psend(apitest_mytid, 70, v, APITEST_NPSEND, PVM_INT);
	apitest_check(cc == 0, "pvm_psend %d ints to self = %d",
	    APITEST_NPSEND, cc);
	memset(r, 0, sizeof r);
	rtid = rtag = rlen = -1;
	cc = pvm_precv(-1, 70, r, APITEST_NPSEND, PVM_INT, &rtid, &rtag,
	    &rlen);
	apitest_check(cc == 0, "pvm_precv = %d", cc);
	/* PVM 3.4.6 gives the length in bytes. */
	apitest_check(rtid == apitest_mytid && rtag == 70 &&
	    rlen == APITEST_NPSEND * (int)sizeof(int),
	    "pvm_precv: tid t%x tag %d len %d", rtid, rtag, rlen);
	ok = 1;
	for (i = 0; i < APITEST_NPSEND; i++)
		if (r[i] != i * i - 500)
			ok = 0;
	apitest_check(ok, "pvm_precv: values intact (r[999] = %d)",
	    r[APITEST_NPSEND - 1]);
}

/* A match function for pvm_recvf taking only messages with tag > 100. */
static int
apitest_match_big(int mid, int tid, int tag)
{
	int	mtag;

	if (pvm_bufinfo(mid, NULL, &mtag, NULL) < 0)
		return (0);
	return (mtag > 100 ? 1 : 0);
}

/* pvm_recvf installs and removes a match function. */
static void
apitest_msg_recvf(void)
{
	int	(*old)(int, int, int);
	int	bufid, tag, v;

	apitest_send_int(apitest_mytid, 5, 5);
	apitest_send_int(apitest_mytid, 101, 101);
	/* Both queued before the match function goes in. */
	apitest_check(apitest_probe_wait(-1, 101) > 0 &&
	    pvm_probe(-1, 5) > 0, "recvf: tags 5 and 101 both queued");
	old = pvm_recvf(apitest_match_big);
	apitest_check(old == NULL, "pvm_recvf returns the default (NULL)");
	tag = v = -1;
	if ((bufid = apitest_trecv(-1, -1)) > 0) {
		pvm_bufinfo(bufid, NULL, &tag, NULL);
		pvm_upkint(&v, 1, 1);
	}
	apitest_check(tag == 101 && v == 101,
	    "recvf(tag > 100): received tag %d value %d", tag, v);
	bufid = pvm_nrecv(-1, -1);
	apitest_check(bufid == 0, "recvf(tag > 100): tag 5 not taken (%d)",
	    bufid);
	old = pvm_recvf(NULL);
	apitest_check(old == apitest_match_big,
	    "pvm_recvf(NULL) returns the custom function");
	tag = v = -1;
	if ((bufid = pvm_nrecv(-1, -1)) > 0) {
		pvm_bufinfo(bufid, NULL, &tag, NULL);
		pvm_upkint(&v, 1, 1);
	}
	apitest_check(tag == 5 && v == 5,
	    "default matching again: tag 5 received (tag %d value %d)", tag,
	    v);
}

/* pvm_setopt/pvm_getopt and the task information calls. */
static void
apitest_msg_opts(void)
{
	struct pvmhostinfo	*hi;
	int			*fds, *sib;
	int			 old, cur, cc, n, nhost, narch, dtid;

	old = pvm_getopt(PvmRoute);
	cc = pvm_setopt(PvmRoute, PvmRouteDirect);
	cur = pvm_getopt(PvmRoute);
	apitest_check(cc == old && cur == PvmRouteDirect,
	    "setopt(PvmRoute) = %d (was %d), now %d", cc, old, cur);
	pvm_setopt(PvmRoute, old);

	old = pvm_getopt(PvmShowTids);
	cc = pvm_setopt(PvmShowTids, !old);
	cur = pvm_getopt(PvmShowTids);
	apitest_check(cc == old && cur == !old,
	    "setopt(PvmShowTids) = %d (was %d), now %d", cc, old, cur);
	pvm_setopt(PvmShowTids, old);

	old = pvm_getopt(PvmPollTime);
	cc = pvm_setopt(PvmPollTime, old + 1234);
	cur = pvm_getopt(PvmPollTime);
	apitest_check(cc == old && cur == old + 1234,
	    "setopt(PvmPollTime) = %d (was %d), now %d", cc, old, cur);
	pvm_setopt(PvmPollTime, old);

	cc = pvm_setopt(12345, 1);
	apitest_check(cc == PvmBadParam, "pvm_setopt(12345) = %d", cc);
	cc = pvm_getopt(12345);
	apitest_check(cc == PvmBadParam, "pvm_getopt(12345) = %d", cc);

	fds = NULL;
	n = pvm_getfds(&fds);
	apitest_check(n >= 1 && fds != NULL && fds[0] >= 0,
	    "pvm_getfds = %d (fd %d)", n, fds != NULL && n > 0 ? fds[0] : -1);

	hi = NULL;
	cc = pvm_config(&nhost, &narch, &hi);
	dtid = pvm_tidtohost(apitest_mytid);
	apitest_check(cc == 0 && nhost == 1 && hi != NULL &&
	    hi[0].hi_tid == dtid, "pvm_tidtohost(t%x) = %x, config: %d "
	    "hosts, hi_tid %x", apitest_mytid, dtid, nhost,
	    hi != NULL ? hi[0].hi_tid : -1);
	cc = pvm_archcode("LINUX64");
	apitest_check(cc > 0, "pvm_archcode(LINUX64) = %d", cc);

	sib = NULL;
	n = pvm_siblings(&sib);
	apitest_check(n == 1 && sib != NULL && sib[0] == apitest_mytid,
	    "pvm_siblings = %d (t%x)", n, sib != NULL ? sib[0] : -1);
	cc = pvm_parent();
	apitest_check(cc == PvmNoParent, "pvm_parent = %d", cc);
}

static void
apitest_msg(int argc, char **argv)
{
	char	*args[] = { "echo", NULL };
	int	 tids[APITEST_NECHO];
	int	 i, n;

	apitest_msg_order();
	apitest_msg_poll();
	apitest_msg_psend();
	apitest_msg_recvf();
	apitest_msg_opts();

	for (i = 0; i < APITEST_NECHO; i++)
		tids[i] = 0;
	n = pvm_spawn("regtask", args, PvmTaskDefault, "", APITEST_NECHO,
	    tids);
	apitest_check(n == APITEST_NECHO, "spawn %d x regtask echo: %d",
	    APITEST_NECHO, n);
	if (n == APITEST_NECHO) {
		apitest_msg_enc(tids[0], PvmDataDefault, "PvmDataDefault");
		apitest_msg_enc(tids[0], PvmDataRaw, "PvmDataRaw");
		apitest_msg_enc(tids[0], PvmDataInPlace, "PvmDataInPlace");
		apitest_msg_big(tids[1]);
		apitest_msg_mcast(tids, APITEST_NECHO);
	}
	/* Tell every partner that started to quit. */
	for (i = 0; i < APITEST_NECHO; i++) {
		if (tids[i] > 0) {
			pvm_initsend(PvmDataDefault);
			pvm_send(tids[i], APITEST_TAG_QUIT);
		}
	}
}
