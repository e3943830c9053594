/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Task commands (spawn, kill, sig, ps, pstat, jobs, id, reset) and the
 * jobs: the tasks of a "spawn ->" whose output the daemon sends to the
 * console as data messages (XDR int tid, int count, then count bytes;
 * count -1 is BEGIN followed by int ptid, count 0 is END).
 */

#include <sys/time.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pvm3.h"
#include "pvm-protocol.h"
#include "pvm.h"
#include "xmalloc.h"

/* The most output bytes one message may carry. */
#define CMD_OUTPUT_MAX		(1 << 20)

/* Task flags as pvm_tasks reports them, with their ps letters. */
static const struct {
	int	 bit;
	char	 letter;
} cmd_tasks_flags[] = {
	{ 0x02, 'f' },
	{ 0x04, 'c' },
	{ 0x08, 'a' },
	{ 0x10, 'o' },
	{ 0, '\0' }
};

static struct job	*cmd_tasks_job_new(struct console *, FILE *);
static void		 cmd_tasks_job_free(struct console *, struct job *);
static struct job	*cmd_tasks_job_of(struct console *, int,
			    struct job_task **);
static void		 cmd_tasks_job_add(struct job *, int);
static void		 cmd_tasks_erase(struct console *);
static void		 cmd_tasks_print(struct console *, FILE *, int, int,
			    const char *, size_t);
static int		 cmd_tasks_message(struct console *, int);
static void		 cmd_tasks_reset_mbox(void);
static int		 cmd_tasks_spawn_flags(struct spawn_opts *, int *);
static void		 cmd_tasks_flagstr(int, char *, size_t);
static int		 cmd_tasks_list(struct console *, int, int, int, int);

static struct job *
cmd_tasks_job_new(struct console *c, FILE *fp)
{
	struct job	*j;

	j = xcalloc(1, sizeof *j);
	j->number = ++c->nextjob;
	j->fp = fp;
	TAILQ_INIT(&j->tasks);
	TAILQ_INSERT_TAIL(&c->jobs, j, entry);
	return (j);
}

static void
cmd_tasks_job_free(struct console *c, struct job *j)
{
	struct job_task	*t;

	TAILQ_REMOVE(&c->jobs, j, entry);
	while ((t = TAILQ_FIRST(&j->tasks)) != NULL) {
		TAILQ_REMOVE(&j->tasks, t, entry);
		free(t);
	}
	if (j->fp != NULL)
		fclose(j->fp);
	free(j);
}

static struct job *
cmd_tasks_job_of(struct console *c, int tid, struct job_task **tp)
{
	struct job	*j;
	struct job_task	*t;

	TAILQ_FOREACH(j, &c->jobs, entry) {
		TAILQ_FOREACH(t, &j->tasks, entry) {
			if (t->tid == tid) {
				if (tp != NULL)
					*tp = t;
				return (j);
			}
		}
	}
	return (NULL);
}

static void
cmd_tasks_job_add(struct job *j, int tid)
{
	struct job_task	*t;

	TAILQ_FOREACH(t, &j->tasks, entry) {
		if (t->tid == tid)
			return;
	}
	t = xcalloc(1, sizeof *t);
	t->tid = tid;
	t->open = 1;
	TAILQ_INSERT_TAIL(&j->tasks, t, entry);
}

/* Output arrives while libedit shows a line: erase it first, once. */
static void
cmd_tasks_erase(struct console *c)
{
	if (c->editing && !c->cleared) {
		fputs("\r\033[K", stdout);
		c->cleared = 1;
	}
}

/*
 * Print len bytes of output of task tid of job number (0 for none) to
 * fp, each line as "[job:tTID] text".
 */
static void
cmd_tasks_print(struct console *c, FILE *fp, int number, int tid,
    const char *text, size_t len)
{
	const char	*nl;
	size_t		 n;

	if (fp == stdout)
		cmd_tasks_erase(c);
	while (len > 0) {
		nl = memchr(text, '\n', len);
		n = nl != NULL ? (size_t)(nl - text) : len;
		if (number > 0)
			fprintf(fp, "[%d:t%x] ", number, (unsigned int)tid);
		else
			fprintf(fp, "[t%x] ", (unsigned int)tid);
		fwrite(text, 1, n, fp);
		fputc('\n', fp);
		if (nl != NULL)
			n++;
		text += n;
		len -= n;
	}
	fflush(fp);
}

/*
 * Handle the received message bufid.  Output messages must come from a
 * pvmd and be well formed; anything else is dropped.  Returns 1 if it
 * was output, 0 otherwise.
 */
static int
cmd_tasks_message(struct console *c, int bufid)
{
	struct job	*j;
	struct job_task	*t;
	FILE		*fp;
	char		*text;
	int		 bytes, tag, src, tid, count, ptid, open;

	if (pvm_bufinfo(bufid, &bytes, &tag, &src) < 0)
		return (0);
	if (tag == CONS_TAG_TRACE) {
		/* Trace events of spawn -@ tasks: not decoded, only noted. */
		cmd_tasks_erase(c);
		printf("[trace t%x] event of %d bytes\n", (unsigned int)src,
		    bytes);
		fflush(stdout);
		pvm_freebuf(bufid);
		return (1);
	}
	if (tag != CONS_TAG_OUTPUT || (src & (int)PVM_TID_DAEMON) == 0 ||
	    bytes < 8)
		goto drop;
	if (pvm_upkint(&tid, 1, 1) < 0 || pvm_upkint(&count, 1, 1) < 0)
		goto drop;
	t = NULL;
	j = cmd_tasks_job_of(c, tid, &t);
	if (count == PVM_OUT_BEGIN) {
		if (j == NULL && pvm_upkint(&ptid, 1, 1) >= 0 &&
		    (j = cmd_tasks_job_of(c, ptid, NULL)) != NULL)
			cmd_tasks_job_add(j, tid);
		pvm_freebuf(bufid);
		return (1);
	}
	fp = (j != NULL && j->fp != NULL) ? j->fp : stdout;
	if (count == PVM_OUT_END) {
		pvm_freebuf(bufid);
		if (j == NULL || !t->open)
			return (1);
		t->open = 0;
		cmd_tasks_print(c, fp, j->number, tid, "EOF", 3);
		open = 0;
		TAILQ_FOREACH(t, &j->tasks, entry)
			open += t->open;
		if (open == 0) {
			cmd_tasks_erase(c);
			printf("[%d] finished\n", j->number);
			fflush(stdout);
			cmd_tasks_job_free(c, j);
		}
		return (1);
	}
	if (count < 0 || count > CMD_OUTPUT_MAX || count > bytes - 8)
		goto drop;
	text = xmalloc(count);
	if (pvm_upkbyte(text, count, 1) < 0) {
		free(text);
		goto drop;
	}
	cmd_tasks_print(c, fp, j != NULL ? j->number : 0, tid, text, count);
	free(text);
	pvm_freebuf(bufid);
	return (1);

drop:
	pvm_freebuf(bufid);
	return (0);
}

/*
 * Handle every message that has already arrived, without waiting.
 * Returns the number of output messages handled, or -1 if the daemon
 * can no longer be reached.
 */
int
cmd_tasks_output_poll(struct console *c)
{
	int	bufid, n;

	n = 0;
	while ((bufid = pvm_nrecv(-1, -1)) > 0)
		n += cmd_tasks_message(c, bufid);
	if (bufid < 0)
		return (-1);
	return (n);
}

/*
 * While a job's output is open, wait for and handle messages: stop when
 * no message came for idle_ms, or after total_ms in all (-1: no limit on
 * either).  Returns 0, or -1 if the daemon can no longer be reached.
 */
int
cmd_tasks_output_wait(struct console *c, int idle_ms, int total_ms)
{
	struct timeval	 start, now, tv;
	long		 left, wait;
	int		 bufid;

	gettimeofday(&start, NULL);
	while (cmd_tasks_jobs_open(c)) {
		if (idle_ms < 0 && total_ms < 0) {
			bufid = pvm_recv(-1, -1);
		} else {
			gettimeofday(&now, NULL);
			wait = idle_ms >= 0 ? idle_ms : total_ms;
			if (total_ms >= 0) {
				left = total_ms -
				    ((now.tv_sec - start.tv_sec) * 1000L +
				    (now.tv_usec - start.tv_usec) / 1000L);
				if (left <= 0)
					return (0);
				if (left < wait)
					wait = left;
			}
			tv.tv_sec = wait / 1000;
			tv.tv_usec = (wait % 1000) * 1000;
			bufid = pvm_trecv(-1, -1, &tv);
			if (bufid == 0)
				return (0);
		}
		if (bufid < 0)
			return (-1);
		cmd_tasks_message(c, bufid);
	}
	return (0);
}

/* Return how many jobs still have open output. */
int
cmd_tasks_jobs_open(struct console *c)
{
	struct job	*j;
	int		 n;

	n = 0;
	TAILQ_FOREACH(j, &c->jobs, entry)
		n++;
	return (n);
}

/* Forget every job (the console is leaving); files are closed. */
void
cmd_tasks_jobs_close(struct console *c)
{
	struct job	*j;

	while ((j = TAILQ_FIRST(&c->jobs)) != NULL)
		cmd_tasks_job_free(c, j);
}

/*
 * Turn where into PvmTaskHost or PvmTaskArch: a name that is the
 * architecture of a host of the machine means that architecture.
 */
static int
cmd_tasks_spawn_flags(struct spawn_opts *o, int *flags)
{
	struct pvmhostinfo	*hi;
	int			 nhost, narch, i;

	*flags = PvmTaskDefault;
	if (o->debug)
		*flags |= PvmTaskDebug;
	if (o->trace != SPAWN_TRACE_NONE)
		*flags |= PvmTaskTrace;
	if (o->where == NULL)
		return (0);
	if (!o->where_ip && pvm_config(&nhost, &narch, &hi) >= 0) {
		for (i = 0; i < nhost; i++) {
			if (hi[i].hi_arch != NULL &&
			    strcmp(hi[i].hi_arch, o->where) == 0) {
				*flags |= PvmTaskArch;
				return (0);
			}
		}
	}
	*flags |= PvmTaskHost;
	return (0);
}

/* spawn [options] file [arg ...]: start tasks, maybe as a job. */
int
cmd_tasks_spawn(struct console *c, int argc, char **argv)
{
	struct spawn_opts	 o;
	struct job		*j;
	FILE			*fp;
	char			*cause;
	int			*tids, flags, n, i;

	if (cmd_parse_spawn(argc - 1, argv + 1, &o, &cause) != 0) {
		printf("spawn: %s\n", cause);
		free(cause);
		return (-1);
	}
	if (o.wd != NULL) {
		printf("spawn: a working directory (:%s) is not supported "
		    "yet\n", o.wd);
		goto fail;
	}
	if (o.trace == SPAWN_TRACE_FILE) {
		printf("spawn: tracing to a file (-@%s) is not supported "
		    "yet\n", o.tracefile);
		goto fail;
	}
	cmd_tasks_spawn_flags(&o, &flags);

	fp = NULL;
	if (o.out == SPAWN_OUT_FILE || o.out == SPAWN_OUT_APPEND) {
		fp = fopen(o.outfile, o.out == SPAWN_OUT_FILE ? "w" : "a");
		if (fp == NULL) {
			printf("spawn: %s: %s\n", o.outfile, strerror(errno));
			goto fail;
		}
	}
	if (o.out == SPAWN_OUT_LOG)
		pvm_setopt(PvmOutputTid, 0);
	else {
		pvm_setopt(PvmOutputTid, c->mytid);
		pvm_setopt(PvmOutputContext, 0);
		pvm_setopt(PvmOutputCode, CONS_TAG_OUTPUT);
	}
	if (o.trace == SPAWN_TRACE_NONE)
		pvm_setopt(PvmTraceTid, 0);
	else {
		pvm_setopt(PvmTraceTid, c->mytid);
		pvm_setopt(PvmTraceCode, CONS_TAG_TRACE);
	}

	j = NULL;
	if (o.out != SPAWN_OUT_LOG) {
		j = cmd_tasks_job_new(c, fp);
		printf("[%d]\n", j->number);
	}
	tids = xcalloc(o.count, sizeof *tids);
	n = pvm_spawn(o.file, o.argv, flags, o.where, o.count, tids);
	if (n < 0) {
		printf("0 successful\n%s\n", cmd_strerror(n));
	} else {
		printf("%d successful\n", n);
		for (i = 0; i < o.count; i++) {
			if (tids[i] > 0) {
				printf("t%x\n", (unsigned int)tids[i]);
				if (j != NULL)
					cmd_tasks_job_add(j, tids[i]);
			} else
				printf("%s\n", cmd_strerror(tids[i]));
		}
	}
	free(tids);
	if (j != NULL && TAILQ_EMPTY(&j->tasks))
		cmd_tasks_job_free(c, j);
	fflush(stdout);
	cmd_parse_spawn_free(&o);
	return (n > 0 ? 0 : -1);

fail:
	cmd_parse_spawn_free(&o);
	return (-1);
}

/* kill [-c] tid ...: end tasks, or with -c the children of each tid. */
int
cmd_tasks_kill(struct console *c, int argc, char **argv)
{
	struct pvmtaskinfo	*ti;
	int			*kids;
	int			 i, k, tid, rc, children, ntask, nkids, ret;

	children = 0;
	i = 1;
	if (strcmp(argv[1], "-c") == 0) {
		children = 1;
		i++;
	}
	if (i >= argc) {
		printf("kill: wrong #args\n");
		return (-1);
	}
	ret = 0;
	for (; i < argc; i++) {
		if (cmd_parse_tid(argv[i], &tid) != 0) {
			printf("kill: bad task id \"%s\"\n", argv[i]);
			ret = -1;
			continue;
		}
		if (!children) {
			if (tid == c->mytid) {
				printf("kill: t%x is this console (use quit)\n",
				    (unsigned int)tid);
				ret = -1;
				continue;
			}
			if ((rc = pvm_kill(tid)) < 0) {
				printf("kill: t%x: %s\n", (unsigned int)tid,
				    cmd_strerror(rc));
				ret = -1;
			}
			continue;
		}
		if ((rc = pvm_tasks(0, &ntask, &ti)) < 0) {
			printf("kill: %s\n", cmd_strerror(rc));
			return (-1);
		}
		/* The array is the library's: copy before killing. */
		kids = ntask > 0 ? xcalloc(ntask, sizeof *kids) : NULL;
		nkids = 0;
		for (k = 0; k < ntask; k++) {
			if (ti[k].ti_ptid == tid && ti[k].ti_tid != c->mytid)
				kids[nkids++] = ti[k].ti_tid;
		}
		for (k = 0; k < nkids; k++) {
			if ((rc = pvm_kill(kids[k])) < 0) {
				printf("kill: t%x: %s\n", (unsigned int)kids[k],
				    cmd_strerror(rc));
				ret = -1;
			}
		}
		free(kids);
	}
	return (ret);
}

/* sig signum tid ...: send a signal to tasks. */
int
cmd_tasks_sig(struct console *c, int argc, char **argv)
{
	int	i, sig, tid, rc, ret;

	if (cmd_parse_signal(argv[1], &sig) != 0) {
		printf("sig: bad signal \"%s\"\n", argv[1]);
		return (-1);
	}
	ret = 0;
	for (i = 2; i < argc; i++) {
		if (cmd_parse_tid(argv[i], &tid) != 0) {
			printf("sig: bad task id \"%s\"\n", argv[i]);
			ret = -1;
			continue;
		}
		if ((rc = pvm_sendsig(tid, sig)) < 0) {
			printf("sig: t%x: %s\n", (unsigned int)tid,
			    cmd_strerror(rc));
			ret = -1;
		}
	}
	return (ret);
}

static void
cmd_tasks_flagstr(int flag, char *buf, size_t len)
{
	size_t	n;
	int	i;

	n = 0;
	for (i = 0; cmd_tasks_flags[i].bit != 0 && n + 1 < len; i++) {
		if (flag & cmd_tasks_flags[i].bit)
			buf[n++] = cmd_tasks_flags[i].letter;
	}
	buf[n] = '\0';
}

/*
 * Print the tasks of where (0: all hosts) in PVM's ps layout; only the
 * tasks in job number job if job > 0.
 */
static int
cmd_tasks_list(struct console *c, int where, int longfmt, int all, int job)
{
	struct pvmtaskinfo	*ti;
	struct pvmhostinfo	*hi;
	struct job_task		*t;
	struct job		*j;
	char			 host[64], flags[16], tidstr[16];
	char			**hnames;
	int			*htids;
	int			 ntask, nhost, narch, i, k, rc, mytid;

	mytid = c->mytid;
	/* Host names first, copied: the arrays belong to the library. */
	if ((rc = pvm_config(&nhost, &narch, &hi)) < 0)
		nhost = 0;
	htids = nhost > 0 ? xcalloc(nhost, sizeof *htids) : NULL;
	hnames = nhost > 0 ? xcalloc(nhost, sizeof *hnames) : NULL;
	for (k = 0; k < nhost; k++) {
		htids[k] = hi[k].hi_tid;
		hnames[k] = xstrdup(hi[k].hi_name != NULL ?
		    hi[k].hi_name : "");
	}
	if ((rc = pvm_tasks(where, &ntask, &ti)) < 0) {
		printf("ps: %s\n", cmd_strerror(rc));
		ntask = 0;
	}
	if (rc >= 0 && longfmt)
		printf("%24s %8s %8s %6s %9s %s\n", "HOST", "TID", "PTID",
		    "PID", "FLAG 0x", "COMMAND");
	else if (rc >= 0)
		printf("%24s %8s %9s %s\n", "HOST", "TID", "FLAG 0x",
		    "COMMAND");
	for (i = 0; i < ntask; i++) {
		if (ti[i].ti_tid == mytid && !all)
			continue;
		if (job > 0) {
			t = NULL;
			TAILQ_FOREACH(j, &c->jobs, entry) {
				if (j->number != job)
					continue;
				TAILQ_FOREACH(t, &j->tasks, entry) {
					if (t->tid == ti[i].ti_tid)
						break;
				}
				break;
			}
			if (t == NULL)
				continue;
		}
		snprintf(host, sizeof host, "t%x",
		    (unsigned int)ti[i].ti_host);
		for (k = 0; k < nhost; k++) {
			if (htids[k] == ti[i].ti_host) {
				snprintf(host, sizeof host, "%s", hnames[k]);
				break;
			}
		}
		cmd_tasks_flagstr(ti[i].ti_flag, flags, sizeof flags);
		if (ti[i].ti_tid == mytid)
			snprintf(tidstr, sizeof tidstr, "(cons)");
		else
			snprintf(tidstr, sizeof tidstr, "%x",
			    (unsigned int)ti[i].ti_tid);
		if (longfmt)
			printf("%24s %8s %8x %6d %7x/%s %-12s\n", host, tidstr,
			    (unsigned int)ti[i].ti_ptid, ti[i].ti_pid,
			    (unsigned int)ti[i].ti_flag, flags,
			    (ti[i].ti_a_out != NULL && *ti[i].ti_a_out != '\0')
			    ? ti[i].ti_a_out : "-");
		else
			printf("%24s %8s %7x/%s %-12s\n", host, tidstr,
			    (unsigned int)ti[i].ti_flag, flags,
			    (ti[i].ti_a_out != NULL && *ti[i].ti_a_out != '\0')
			    ? ti[i].ti_a_out : "-");
	}
	for (k = 0; k < nhost; k++)
		free(hnames[k]);
	free(hnames);
	free(htids);
	return (rc < 0 ? -1 : 0);
}

/* ps [-a] [-l] [-x]: list tasks. */
int
cmd_tasks_ps(struct console *c, int argc, char **argv)
{
	const char	*p;
	int		 i, all, longfmt, hosts, where;

	all = longfmt = hosts = 0;
	for (i = 1; i < argc; i++) {
		if (argv[i][0] != '-' || argv[i][1] == '\0') {
			printf("ps: unknown option \"%s\"\n", argv[i]);
			return (-1);
		}
		for (p = argv[i] + 1; *p != '\0'; p++) {
			switch (*p) {
			case 'a':
				hosts = 1;
				break;
			case 'l':
				longfmt = 1;
				break;
			case 'x':
				all = 1;
				break;
			default:
				printf("ps: unknown option \"-%c\"\n", *p);
				return (-1);
			}
		}
	}
	where = 0;
	if (!hosts && (where = pvm_tidtohost(c->mytid)) < 0)
		where = 0;
	return (cmd_tasks_list(c, where, longfmt, all, 0));
}

/* pstat tid ...: show whether tasks run. */
int
cmd_tasks_pstat(struct console *c, int argc, char **argv)
{
	int	i, tid, rc, ret;

	ret = 0;
	for (i = 1; i < argc; i++) {
		if (cmd_parse_tid(argv[i], &tid) != 0) {
			printf("pstat: bad task id \"%s\"\n", argv[i]);
			ret = -1;
			continue;
		}
		rc = pvm_pstat(tid);
		printf("t%8x  %s\n", (unsigned int)tid,
		    rc == PvmOk ? "run" : cmd_strerror(rc));
	}
	return (ret);
}

/* jobs [-l]: list the jobs whose output is still open. */
int
cmd_tasks_jobs(struct console *c, int argc, char **argv)
{
	struct job	*j;
	struct job_task	*t;
	int		 longfmt;

	longfmt = 0;
	if (argc > 1) {
		if (strcmp(argv[1], "-l") != 0) {
			printf("jobs: unknown option \"%s\"\n", argv[1]);
			return (-1);
		}
		longfmt = 1;
	}
	TAILQ_FOREACH(j, &c->jobs, entry) {
		if (longfmt) {
			printf("[%d]\n", j->number);
			cmd_tasks_list(c, 0, 1, 1, j->number);
			continue;
		}
		printf("%2d:", j->number);
		TAILQ_FOREACH(t, &j->tasks, entry) {
			if (t->open)
				printf(" t%x", (unsigned int)t->tid);
		}
		printf("\n");
	}
	return (0);
}

/* id: print the console's task id. */
int
cmd_tasks_id(struct console *c, int argc, char **argv)
{
	printf("t%x\n", (unsigned int)c->mytid);
	return (0);
}

/*
 * reset: kill every task of the machine except this console and the
 * tasks that set PvmNoReset (pvm_getnoresets), wait (at most
 * CONS_RESET_WAIT_MS) until they are gone, then delete the mailbox
 * entries they left (persistent ones, now without an owner).  Entries
 * of the tasks that live on stay.  Groups need nothing: the killed
 * tasks leave them as they exit.
 */
int
cmd_tasks_reset(struct console *c, int argc, char **argv)
{
	struct pvmtaskinfo	*ti;
	struct timeval		 tv;
	int			*tids, *spare, nspare;
	int			 ntask, n, i, k, rc, ret, left;

	if (pvm_getnoresets(&spare, &nspare) < 0)
		nspare = 0;
	if ((rc = pvm_tasks(0, &ntask, &ti)) < 0) {
		printf("reset: %s\n", cmd_strerror(rc));
		return (-1);
	}
	/* Copy: the arrays belong to the library and later calls reuse them. */
	tids = xcalloc(ntask + nspare + 1, sizeof *tids);
	for (k = 0; k < nspare; k++)
		tids[ntask + k] = spare[k];
	spare = tids + ntask;
	n = 0;
	for (i = 0; i < ntask; i++) {
		if (ti[i].ti_tid == c->mytid)
			continue;
		for (k = 0; k < nspare && spare[k] != ti[i].ti_tid; k++)
			;
		if (k == nspare)
			tids[n++] = ti[i].ti_tid;
	}
	ret = 0;
	if (n > 0)
		(void)pvm_notify(PvmTaskExit, CONS_TAG_RESET, n, tids);
	left = 0;
	for (i = 0; i < n; i++) {
		rc = pvm_kill(tids[i]);
		if (rc >= 0 || rc == PvmNoTask)
			left++;
		else {
			printf("reset: t%x: %s\n", (unsigned int)tids[i],
			    cmd_strerror(rc));
			ret = -1;
		}
	}
	tv.tv_sec = CONS_RESET_WAIT_MS / 1000;
	tv.tv_usec = (CONS_RESET_WAIT_MS % 1000) * 1000;
	while (left > 0 && pvm_trecv(-1, CONS_TAG_RESET, &tv) > 0)
		left--;
	free(tids);
	cmd_tasks_reset_mbox();
	return (ret);
}

/* reset: delete the mailbox entries that have no owner any more. */
static void
cmd_tasks_reset_mbox(void)
{
	struct pvmmboxinfo	*mi;
	char			**names;
	int			**idx, *cnt;
	int			 n, i, k;

	if (pvm_getmboxinfo("*", &n, &mi) < 0 || n <= 0)
		return;
	/* Copy: pvm_delinfo does not touch it, but be safe with the order. */
	names = xcalloc(n, sizeof *names);
	idx = xcalloc(n, sizeof *idx);
	cnt = xcalloc(n, sizeof *cnt);
	for (i = 0; i < n; i++) {
		names[i] = xstrdup(mi[i].mi_name);
		idx[i] = xcalloc(mi[i].mi_nentries + 1, sizeof **idx);
		for (k = 0; k < mi[i].mi_nentries; k++) {
			if (mi[i].mi_owners[k] == 0)
				idx[i][cnt[i]++] = mi[i].mi_indices[k];
		}
	}
	for (i = 0; i < n; i++) {
		for (k = 0; k < cnt[i]; k++)
			(void)pvm_delinfo(names[i], idx[i][k], PvmMboxDefault);
		free(idx[i]);
		free(names[i]);
	}
	free(cnt);
	free(idx);
	free(names);
}
