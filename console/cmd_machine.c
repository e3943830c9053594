/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Commands about the virtual machine: conf, mstat, add, delete, halt,
 * quit, version and trace.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pvm3.h"
#include "pvm3x.h"
#include "hostfile.h"
#include "pvm.h"
#include "xmalloc.h"

/*
 * The trace events the console knows, by the name of the PVM call they
 * trace; a mark in xpvm means the event is in the default (XPVM) mask.
 */
static const struct {
	const char	*name;
	int		 xpvm;
} cmd_machine_events[] = {
	{ "addhosts", 0 }, { "addmhf", 1 }, { "archcode", 0 },
	{ "barrier", 1 }, { "bcast", 1 }, { "bufinfo", 0 },
	{ "catchout", 0 }, { "config", 0 }, { "delete", 0 },
	{ "delhosts", 0 }, { "delinfo", 0 }, { "delmhf", 1 },
	{ "exit", 1 }, { "freebuf", 0 }, { "freecontext", 0 },
	{ "gather", 0 }, { "getcontext", 0 }, { "getfds", 0 },
	{ "getinfo", 0 }, { "getinst", 0 }, { "getmboxinfo", 0 },
	{ "getminfo", 0 }, { "getmwid", 0 }, { "getopt", 0 },
	{ "getrbuf", 0 }, { "getsbuf", 0 }, { "gettid", 0 },
	{ "gettmask", 0 }, { "gsize", 0 }, { "halt", 0 },
	{ "hostsync", 0 }, { "initsend", 0 }, { "insert", 0 },
	{ "joingroup", 1 }, { "kill", 1 }, { "lookup", 0 },
	{ "lvgroup", 1 }, { "mcast", 1 }, { "mhf_invoke", 1 },
	{ "mkbuf", 0 }, { "mstat", 0 }, { "mytid", 1 },
	{ "newcontext", 0 }, { "notify", 0 }, { "nrecv", 1 },
	{ "packf", 0 }, { "parent", 1 }, { "perror", 0 },
	{ "pkbyte", 0 }, { "pkcplx", 0 }, { "pkdcplx", 0 },
	{ "pkdouble", 0 }, { "pkfloat", 0 }, { "pkint", 0 },
	{ "pklong", 0 }, { "pkshort", 0 }, { "pkstr", 0 },
	{ "pkuint", 0 }, { "pkulong", 0 }, { "pkushort", 0 },
	{ "precv", 1 }, { "probe", 1 }, { "psend", 1 },
	{ "pstat", 0 }, { "putinfo", 0 }, { "recv", 1 },
	{ "recvf", 1 }, { "reduce", 0 }, { "reg_hoster", 0 },
	{ "reg_rm", 0 }, { "reg_tasker", 0 }, { "reg_tracer", 0 },
	{ "scatter", 0 }, { "send", 1 }, { "sendsig", 1 },
	{ "setcontext", 0 }, { "setminfo", 0 }, { "setmwid", 0 },
	{ "setopt", 0 }, { "setrbuf", 0 }, { "setsbuf", 0 },
	{ "settmask", 0 }, { "siblings", 1 }, { "spawn", 1 },
	{ "start_pvmd", 0 }, { "tasks", 0 }, { "tickle", 0 },
	{ "tidtohost", 0 }, { "trecv", 1 }, { "unpackf", 0 },
	{ "upkbyte", 0 }, { "upkcplx", 0 }, { "upkdcplx", 0 },
	{ "upkdouble", 0 }, { "upkfloat", 0 }, { "upkint", 0 },
	{ "upklong", 0 }, { "upkshort", 0 }, { "upkstr", 0 },
	{ "upkuint", 0 }, { "upkulong", 0 }, { "upkushort", 0 },
	{ "user_defined", 1 }, { "version", 0 },
	{ NULL, 0 }
};

static void	cmd_machine_trace_show(struct console *);
static int	cmd_machine_trace_find(const char *);
static void	cmd_machine_trace_mark(struct console *, int, int);
static int	cmd_machine_trace_opt(int, char **);
static int	cmd_machine_add_names(const char *, char **, int);
static void	cmd_machine_add_progress(int, const char *, const char *);
static int	cmd_machine_opt(char **, const char *, const char *);
static char	*cmd_machine_entry_line(const struct hostfile_entry *);
static int	cmd_machine_known(const char *);
static int	cmd_machine_drain(struct console *, char **, int);

/* conf: list the hosts of the virtual machine. */
int
cmd_machine_conf(struct console *c, int argc, char **argv)
{
	struct pvmhostinfo	*hi;
	int			 nhost, narch, i, rc;

	if ((rc = pvm_config(&nhost, &narch, &hi)) < 0) {
		printf("conf: %s\n", cmd_strerror(rc));
		return (-1);
	}
	printf("%d host%s, %d data format%s\n", nhost, nhost == 1 ? "" : "s",
	    narch, narch == 1 ? "" : "s");
	printf("%24s %8s %8s %7s %10s\n", "HOST", "DTID", "ARCH", "SPEED",
	    "DSIG");
	for (i = 0; i < nhost; i++) {
		printf("%24s %8x %8s %7d 0x%08x\n",
		    hi[i].hi_name != NULL ? hi[i].hi_name : "",
		    (unsigned int)hi[i].hi_tid,
		    hi[i].hi_arch != NULL ? hi[i].hi_arch : "",
		    hi[i].hi_speed, (unsigned int)hi[i].hi_dsig);
	}
	return (0);
}

/* mstat name ...: show whether hosts answer. */
int
cmd_machine_mstat(struct console *c, int argc, char **argv)
{
	int	i, rc;

	for (i = 1; i < argc; i++) {
		rc = pvm_mstat(argv[i]);
		printf("%24s  %s\n", argv[i],
		    rc == PvmOk ? "ok" : cmd_strerror(rc));
	}
	return (0);
}

/*
 * A step of a host's start while add waits (pvm_addhosts_progress): one
 * line at once, so that the command to run by hand for a so=ms host
 * shows before add returns.
 */
static void
cmd_machine_add_progress(int idx, const char *host, const char *text)
{
	(void)idx;
	printf("%s: %s\n", host, text);
	fflush(stdout);
}

/*
 * Add the count hosts of names and print PVM's table of the outcome:
 * "N successful", then each host with its pvmd TID or the error text.
 * who names the command in messages.  Returns 0 if every host was added,
 * -1 otherwise.
 */
static int
cmd_machine_add_names(const char *who, char **names, int count)
{
	pvm_addhosts_progress_fn	 old;
	int				*infos, n, i;

	infos = xcalloc(count, sizeof *infos);
	old = pvm_addhosts_progress(cmd_machine_add_progress);
	n = pvm_addhosts(names, count, infos);
	pvm_addhosts_progress(old);
	if (n == PvmNotImpl) {
		printf("%s: this pvmd cannot add hosts: %s\n", who,
		    pvm_errstr(n));
		free(infos);
		return (-1);
	}
	if (n < 0) {
		printf("%s: %s\n", who, pvm_errstr(n));
		free(infos);
		return (-1);
	}
	printf("%d successful\n", n);
	printf("%24s %8s\n", "HOST", "DTID");
	for (i = 0; i < count; i++) {
		if (infos[i] < 0)
			printf("%24s %s\n", names[i], pvm_errstr(infos[i]));
		else
			printf("%24s %8x\n", names[i], (unsigned int)infos[i]);
	}
	free(infos);
	return (n == count ? 0 : -1);
}

/* add host ...: add hosts to the virtual machine. */
int
cmd_machine_add(struct console *c, int argc, char **argv)
{
	return (cmd_machine_add_names("add", argv + 1, argc - 1));
}

/*
 * Move the tasks of the hosts names[0..n) to the other hosts, in turn,
 * saying how each went.  Returns the number that could not move, or -1
 * if there is nowhere to move them.
 */
static int
cmd_machine_drain(struct console *c, char **names, int n)
{
	struct pvmhostinfo	*hi;
	struct pvmtaskinfo	*ti;
	const char		**to;
	int			*tids, nhost, narch, ntask, nto = 0, next = 0;
	int			 i, j, k, rc, bad = 0, done;

	if ((rc = pvm_config(&nhost, &narch, &hi)) < 0) {
		printf("delete: %s\n", pvm_errstr(rc));
		return (-1);
	}
	to = xcalloc(nhost, sizeof *to);
	for (i = 0; i < nhost; i++) {
		for (j = 0; j < n; j++) {
			if (strcmp(hi[i].hi_name, names[j]) == 0)
				break;
		}
		if (j == n)
			to[nto++] = hi[i].hi_name;
	}
	if (nto == 0) {
		printf("delete: no other host to move the tasks to\n");
		free(to);
		return (-1);
	}
	for (i = 0; i < nhost; i++) {
		for (j = 0; j < n; j++) {
			if (strcmp(hi[i].hi_name, names[j]) == 0)
				break;
		}
		if (j == n || pvm_tasks(hi[i].hi_tid, &ntask, &ti) < 0 ||
		    ntask == 0)
			continue;
		/* pvm_migrate may reuse the table pvm_tasks gave. */
		tids = xcalloc(ntask, sizeof *tids);
		for (k = 0; k < ntask; k++)
			tids[k] = ti[k].ti_tid;
		printf("%s: moving %d task%s\n", hi[i].hi_name, ntask,
		    ntask == 1 ? "" : "s");
		for (k = done = 0; k < ntask; k++) {
			if (tids[k] == c->mytid)
				continue;
			rc = pvm_migrate(tids[k], to[next]);
			if (rc < 0) {
				printf("%s: t%x not moved: %s\n", hi[i].hi_name,
				    (unsigned int)tids[k], pvm_errstr(rc));
				bad++;
				continue;
			}
			printf("%s: t%x moved to %s (%d of %d)\n",
			    hi[i].hi_name, (unsigned int)tids[k], to[next],
			    ++done, ntask);
			fflush(stdout);
			next = (next + 1) % nto;
		}
		free(tids);
	}
	free(to);
	return (bad);
}

/*
 * delete [-m] host ...: remove hosts from the virtual machine; with -m
 * their tasks move to the other hosts first (and no host goes if one
 * cannot).
 */
int
cmd_machine_delete(struct console *c, int argc, char **argv)
{
	int	*infos, n, i;

	if (strcmp(argv[1], "-m") == 0) {
		if (argc < 3) {
			printf("delete: wrong #args\n");
			return (-1);
		}
		argc--;
		argv++;
		if ((n = cmd_machine_drain(c, argv + 1, argc - 1)) != 0) {
			if (n > 0)
				printf("delete: %d task%s could not move; no "
				    "host deleted (delete without -m kills "
				    "them)\n", n, n == 1 ? "" : "s");
			return (-1);
		}
	}
	infos = xcalloc(argc - 1, sizeof *infos);
	n = pvm_delhosts(argv + 1, argc - 1, infos);
	if (n == PvmNotImpl) {
		printf("delete: this pvmd cannot delete hosts: %s\n",
		    pvm_errstr(n));
		free(infos);
		return (-1);
	}
	if (n < 0) {
		printf("delete: %s\n", pvm_errstr(n));
		free(infos);
		return (-1);
	}
	printf("%d successful\n", n);
	printf("%24s  %s\n", "HOST", "STATUS");
	for (i = 0; i < argc - 1; i++) {
		printf("%24s  %s\n", argv[i + 1],
		    infos[i] < 0 ? pvm_errstr(infos[i]) : "deleted");
	}
	free(infos);
	return (n == argc - 1 ? 0 : -1);
}

/*
 * Append " opt=value" to the host line being built in *line, if value is
 * set; 0, or -1 if value has a blank in it (a host line cannot carry it).
 */
static int
cmd_machine_opt(char **line, const char *opt, const char *value)
{
	char	*old;

	if (value == NULL)
		return (0);
	if (strpbrk(value, " \t") != NULL)
		return (-1);
	old = *line;
	xasprintf(line, "%s %s=%s", old, opt, value);
	free(old);
	return (0);
}

/*
 * The host line to add for entry e of a host file: its name and the
 * options that apply to it, the file's '*' defaults included (the running
 * pvmd has not read that file).  NULL, with a message printed, if an
 * option cannot be written on one line.
 */
static char *
cmd_machine_entry_line(const struct hostfile_entry *e)
{
	char	*line, sp[16];
	int	 bad;

	line = xstrdup(e->name);
	bad = 0;
	if (e->set & HOSTFILE_OPT_LO)
		bad |= cmd_machine_opt(&line, "lo", e->lo);
	if (e->set & HOSTFILE_OPT_SO)
		bad |= cmd_machine_opt(&line, "so",
		    e->manual ? "ms" : e->password ? "pw" : NULL);
	if (e->set & HOSTFILE_OPT_DX)
		bad |= cmd_machine_opt(&line, "dx", e->dx);
	if (e->set & HOSTFILE_OPT_EP)
		bad |= cmd_machine_opt(&line, "ep", e->ep);
	if (e->set & HOSTFILE_OPT_WD)
		bad |= cmd_machine_opt(&line, "wd", e->wd);
	if (e->set & HOSTFILE_OPT_BX)
		bad |= cmd_machine_opt(&line, "bx", e->bx);
	if (e->set & HOSTFILE_OPT_IP)
		bad |= cmd_machine_opt(&line, "ip", e->ip);
	if (e->set & HOSTFILE_OPT_ID)
		bad |= cmd_machine_opt(&line, "id", e->id);
	if (e->set & HOSTFILE_OPT_SP) {
		snprintf(sp, sizeof sp, "%d", e->sp);
		bad |= cmd_machine_opt(&line, "sp", sp);
	}
	if (bad) {
		printf("%s: line %u: an option value has a blank in it\n",
		    e->name, e->line);
		free(line);
		return (NULL);
	}
	return (line);
}

/* Whether a host of that name is in the virtual machine already. */
static int
cmd_machine_known(const char *name)
{
	struct pvmhostinfo	*hi;
	int			 nhost, i;

	if (pvm_config(&nhost, NULL, &hi) < 0)
		return (0);
	for (i = 0; i < nhost; i++) {
		if (hi[i].hi_name != NULL && strcmp(hi[i].hi_name, name) == 0)
			return (1);
	}
	return (0);
}

/*
 * Add the hosts of a host file to a virtual machine whose pvmd was
 * already running (a pvmd started with the file adds them itself): every
 * line but the '&' ones and the hosts already in the machine.  Options
 * are kept as written ($VAR is for the pvmd to expand).  Returns 0 if all
 * were added, -1 (with a message) otherwise.
 */
int
cmd_machine_hostfile(struct console *c, const char *path)
{
	const struct hostfile_entry	*e;
	struct hostfile			*hf;
	FILE				*fp;
	char				*text, *cause, **names;
	size_t				 len, i, n;
	int				 rc;

	if ((fp = fopen(path, "r")) == NULL) {
		printf("%s: %s\n", path, strerror(errno));
		return (-1);
	}
	text = xmalloc(HOSTFILE_FILE_MAX + 1);
	len = fread(text, 1, HOSTFILE_FILE_MAX + 1, fp);
	rc = ferror(fp);
	fclose(fp);
	if (rc || len > HOSTFILE_FILE_MAX) {
		printf("%s: %s\n", path, rc ? "read error" : "file too long");
		free(text);
		return (-1);
	}
	hf = hostfile_parse_env(text, len, HOSTFILE_NOEXPAND, NULL, NULL,
	    &cause);
	free(text);
	if (hf == NULL) {
		printf("%s: %s\n", path, cause != NULL ? cause :
		    "out of memory");
		free(cause);
		return (-1);
	}
	names = xcalloc(hostfile_count(hf) + 1, sizeof *names);
	n = 0;
	rc = 0;
	for (i = 0; i < hostfile_count(hf); i++) {
		e = hostfile_get(hf, i);
		if (e->deferred || cmd_machine_known(e->name))
			continue;
		if ((names[n] = cmd_machine_entry_line(e)) == NULL)
			rc = -1;
		else
			n++;
	}
	hostfile_free(hf);
	if (n > 0 && cmd_machine_add_names(path, names, (int)n) != 0)
		rc = -1;
	while (n > 0)
		free(names[--n]);
	free(names);
	return (rc);
}

/* halt: stop the virtual machine; the console ends with it. */
int
cmd_machine_halt(struct console *c, int argc, char **argv)
{
	int	rc;

	/*
	 * The daemon answers, then closes every link: if the link broke
	 * before the answer came, it went away all the same.
	 */
	if ((rc = pvm_halt()) < 0 && rc != PvmSysErr) {
		printf("halt: %s\n", cmd_strerror(rc));
		return (-1);
	}
	c->halted = 1;
	return (0);
}

/* quit: leave the console; the daemon keeps running. */
int
cmd_machine_quit(struct console *c, int argc, char **argv)
{
	return (0);
}

/* version: print the version of libpvm. */
int
cmd_machine_version(struct console *c, int argc, char **argv)
{
	const char	*v;

	v = pvm_version();
	printf("%s\n", v != NULL ? v : "unknown");
	return (0);
}

static int
cmd_machine_trace_find(const char *name)
{
	int	i;

	for (i = 0; cmd_machine_events[i].name != NULL; i++) {
		if (strcmp(cmd_machine_events[i].name, name) == 0)
			return (i);
	}
	return (-1);
}

static void
cmd_machine_trace_mark(struct console *c, int i, int on)
{
	if (i < 0 || (size_t)i >= sizeof c->tracemask * 8)
		return;
	if (on)
		c->tracemask[i / 8] |= 1 << (i % 8);
	else
		c->tracemask[i / 8] &= ~(1 << (i % 8));
}

static void
cmd_machine_trace_show(struct console *c)
{
	int	n, rows, r, col, i;

	for (n = 0; cmd_machine_events[n].name != NULL; n++)
		;
	rows = (n + 3) / 4;
	for (r = 0; r < rows; r++) {
		for (col = 0; col < 4; col++) {
			i = col * rows + r;
			if (i >= n)
				break;
			printf("%s%c %-*s", col > 0 ? " " : "",
			    (c->tracemask[i / 8] & (1 << (i % 8))) ? '*' : ' ',
			    (col < 3 && i + rows < n) ? 16 : 0,
			    cmd_machine_events[i].name);
		}
		printf("\n");
	}
}

/* trace buf [n] and trace opt [what]: PvmTraceBuffer, PvmTraceOptions. */
static int
cmd_machine_trace_opt(int argc, char **argv)
{
	static const char	*opts[] = { NULL, "full", "time", "count" };
	int			 v, i;

	if (strcmp(argv[1], "buf") == 0) {
		if (argc > 3) {
			printf("trace: wrong #args\n");
			return (-1);
		}
		if (argc == 3) {
			if (cmd_parse_int(argv[2], 0, 1 << 30, &v) != 0) {
				printf("trace: bad buffer size \"%s\"\n",
				    argv[2]);
				return (-1);
			}
			if ((v = pvm_setopt(PvmTraceBuffer, v)) < 0) {
				printf("trace: %s\n", cmd_strerror(v));
				return (-1);
			}
		}
		v = pvm_getopt(PvmTraceBuffer);
		printf("Trace Buffering set to %d bytes\n", v < 0 ? 0 : v);
		return (0);
	}
	if (argc > 3) {
		printf("trace: wrong #args\n");
		return (-1);
	}
	if (argc == 3) {
		for (i = 1; i <= 3; i++) {
			if (strcmp(argv[2], opts[i]) == 0)
				break;
		}
		if (i > 3) {
			printf("trace: opt must be full, time or count\n");
			return (-1);
		}
		if ((v = pvm_setopt(PvmTraceOptions, i)) < 0) {
			printf("trace: %s\n", cmd_strerror(v));
			return (-1);
		}
	}
	v = pvm_getopt(PvmTraceOptions);
	printf("Trace Options set to \"%s\"\n",
	    (v >= 1 && v <= 3) ? opts[v] : "full");
	return (0);
}

/*
 * trace: show the trace mask of tasks spawned with -@, or change it
 * (+ or no sign adds, - removes; * means every event; xpvm the default),
 * or show and set the trace buffer size and options.
 */
int
cmd_machine_trace(struct console *c, int argc, char **argv)
{
	int	i, k, on, ret;

	if (argc == 1) {
		cmd_machine_trace_show(c);
		return (0);
	}
	if (strcmp(argv[1], "buf") == 0 || strcmp(argv[1], "opt") == 0)
		return (cmd_machine_trace_opt(argc, argv));
	if (argc == 2 && strcmp(argv[1], "xpvm") == 0) {
		for (k = 0; cmd_machine_events[k].name != NULL; k++) {
			cmd_machine_trace_mark(c, k,
			    cmd_machine_events[k].xpvm);
		}
		return (0);
	}
	on = 1;
	i = 1;
	if (strcmp(argv[1], "+") == 0 || strcmp(argv[1], "-") == 0) {
		on = argv[1][0] == '+';
		i++;
	}
	ret = 0;
	for (; i < argc; i++) {
		if (strcmp(argv[i], "*") == 0) {
			for (k = 0; cmd_machine_events[k].name != NULL; k++)
				cmd_machine_trace_mark(c, k, on);
			continue;
		}
		if ((k = cmd_machine_trace_find(argv[i])) < 0) {
			printf("no such event \"%s\"\n", argv[i]);
			ret = -1;
			continue;
		}
		cmd_machine_trace_mark(c, k, on);
	}
	return (ret);
}
