/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * pvm: the PVM console.  It enrols as a task (starting a pvmd first if
 * none runs), reads ~/.pvmrc, then reads commands: with line editing
 * and history when stdin is a terminal, plainly (no prompt) otherwise.
 * Output of "spawn ->" jobs is printed as it arrives at a terminal; from
 * a pipe, it is drained before each command and at the end of input.
 */

#include <sys/types.h>

#include <errno.h>
#include <histedit.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "pvm3.h"
#include "log.h"
#include "pvm.h"
#include "xmalloc.h"

/* From a pipe: wait for job output this long without news, at most. */
#define CONSOLE_IDLE_MS		2000
#define CONSOLE_TOTAL_MS	10000

static struct console	 console;
static EditLine		*console_el;

static __dead void	 console_usage(void);
static void		 console_rc(struct console *);
static int		 console_read(FILE *, char *, size_t);
static void		 console_pipe(struct console *);
static void		 console_tty(struct console *);
static char		*console_prompt(EditLine *);
static int		 console_getc(EditLine *, wchar_t *);
static int		 console_wait_stdin(void);
static int		 console_enroll(int, char **, int, int *);

static __dead void
console_usage(void)
{
	fprintf(stderr, "usage: pvm [-d] [-n name] [hostfile]\n");
	exit(1);
}

/*
 * Read one line of at most len - 2 bytes into buf.  Returns 1 for a
 * line, 0 at end of file, -1 for a line that was too long (its rest is
 * skipped).
 */
static int
console_read(FILE *fp, char *buf, size_t len)
{
	size_t	n;
	int	ch;

	if (fgets(buf, len, fp) == NULL)
		return (0);
	n = strlen(buf);
	if (n > 0 && buf[n - 1] == '\n')
		return (1);
	if (n < len - 1)
		return (1);	/* last line without a newline */
	while ((ch = fgetc(fp)) != EOF && ch != '\n')
		;
	return (-1);
}

/* Run the commands of ~/.pvmrc, if it exists. */
static void
console_rc(struct console *c)
{
	const char	*home;
	char		*path, buf[CMD_LINE_MAX + 2];
	FILE		*fp;
	int		 rc, lineno;

	if ((home = getenv("HOME")) == NULL || *home == '\0')
		return;
	xasprintf(&path, "%s/.pvmrc", home);
	fp = fopen(path, "r");
	if (fp == NULL) {
		if (errno != ENOENT)
			fprintf(stderr, "pvm: %s: %s\n", path,
			    strerror(errno));
		free(path);
		return;
	}
	lineno = 0;
	while (!c->done && (rc = console_read(fp, buf, sizeof buf)) != 0) {
		lineno++;
		if (rc < 0) {
			printf("%s:%d: line too long\n", path, lineno);
			continue;
		}
		cmd_execute(c, buf);
	}
	fclose(fp);
	free(path);
	fflush(stdout);
}

/* Commands from a pipe or file: no prompt, job output drained. */
static void
console_pipe(struct console *c)
{
	char	buf[CMD_LINE_MAX + 2];
	int	rc;

	while (!c->done) {
		rc = console_read(stdin, buf, sizeof buf);
		if (rc == 0)
			break;
		if (cmd_tasks_output_poll(c) >= 0 && cmd_tasks_jobs_open(c))
			cmd_tasks_output_wait(c, CONSOLE_IDLE_MS,
			    CONSOLE_TOTAL_MS);
		if (rc < 0) {
			printf("line too long (more than %d bytes)\n",
			    CMD_LINE_MAX);
			fflush(stdout);
			continue;
		}
		cmd_execute(c, buf);
		fflush(stdout);
	}
	/* End of input: let running jobs finish their output. */
	if (!c->done && cmd_tasks_output_poll(c) >= 0)
		cmd_tasks_output_wait(c, -1, -1);
	fflush(stdout);
}

static char *
console_prompt(EditLine *el)
{
	return ("pvm> ");
}

/*
 * Wait until stdin can be read, printing job output that arrives
 * meanwhile.  Returns 0, or -1 on error.
 */
static int
console_wait_stdin(void)
{
	struct pollfd	 pfd[2];
	int		*fds, nfd, pvmfd;

	pvmfd = -1;
	if ((nfd = pvm_getfds(&fds)) > 0 && fds != NULL)
		pvmfd = fds[0];
	for (;;) {
		if (cmd_tasks_output_poll(&console) < 0)
			pvmfd = -1;
		if (console.cleared) {
			console.cleared = 0;
			el_set(console_el, EL_REFRESH);
		}
		pfd[0].fd = STDIN_FILENO;
		pfd[0].events = POLLIN;
		pfd[0].revents = 0;
		pfd[1].fd = pvmfd;
		pfd[1].events = POLLIN;
		pfd[1].revents = 0;
		if (poll(pfd, pvmfd >= 0 ? 2 : 1, -1) == -1) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		if (pfd[0].revents != 0)
			return (0);
		if (pfd[1].revents & (POLLHUP | POLLERR | POLLNVAL))
			pvmfd = -1;
	}
}

/* libedit's character reader: one character, 0 at EOF, -1 on error. */
static int
console_getc(EditLine *el, wchar_t *wc)
{
	char		buf[MB_LEN_MAX];
	mbstate_t	ps;
	size_t		n, rc;
	ssize_t		r;
	unsigned char	ch;

	n = 0;
	for (;;) {
		if (console_wait_stdin() != 0)
			return (-1);
		r = read(STDIN_FILENO, &ch, 1);
		if (r == 0)
			return (0);
		if (r < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return (-1);
		}
		buf[n++] = (char)ch;
		memset(&ps, 0, sizeof ps);
		rc = mbrtowc(wc, buf, n, &ps);
		if (rc == (size_t)-2 && n < sizeof buf)
			continue;
		if (rc == (size_t)-1 || rc == (size_t)-2)
			*wc = (wchar_t)(unsigned char)buf[0];
		else if (rc == 0)
			*wc = L'\0';
		return (1);
	}
}

/* Commands from a terminal: prompt, line editing, history. */
static void
console_tty(struct console *c)
{
	History		*hist;
	HistEvent	 ev;
	const char	*line, *p;
	int		 count;

	setlocale(LC_CTYPE, "");
	console_el = el_init("pvm", stdin, stdout, stderr);
	hist = history_init();
	if (console_el == NULL || hist == NULL)
		fatalx("cannot initialise line editing");
	history(hist, &ev, H_SETSIZE, 500);
	history(hist, &ev, H_SETUNIQUE, 1);
	el_set(console_el, EL_HIST, history, hist);
	el_set(console_el, EL_PROMPT, console_prompt);
	el_set(console_el, EL_EDITOR, "emacs");
	el_set(console_el, EL_SIGNAL, 1);
	el_set(console_el, EL_GETCFN, console_getc);
	el_source(console_el, NULL);

	while (!c->done) {
		cmd_tasks_output_poll(c);
		c->cleared = 0;
		c->editing = 1;
		line = el_gets(console_el, &count);
		c->editing = 0;
		if (line == NULL || count <= 0) {
			printf("\n");
			break;
		}
		for (p = line; *p == ' ' || *p == '\t'; p++)
			;
		if (*p != '\n' && *p != '\0')
			history(hist, &ev, H_ENTER, line);
		cmd_execute(c, line);
		fflush(stdout);
	}
	history_end(hist);
	el_end(console_el);
	console_el = NULL;
}

/*
 * Enrol as a task; if no pvmd answers, start one with the pvmd arguments
 * (options and host file) and enrol again.  Returns the TID or exits;
 * *started tells whether this console started the pvmd.
 */
static int
console_enroll(int npargs, char **pargs, int explicit, int *started)
{
	int	tid, rc;

	*started = 0;
	pvm_setopt(PvmAutoErr, 0);
	tid = pvm_mytid();
	if (tid == PvmSysErr) {
		rc = pvm_start_pvmd(npargs, pargs, 1);
		if (rc == 0)
			*started = 1;
		if (rc < 0 && rc != PvmDupHost) {
			fprintf(stderr, "pvm: cannot start pvmd: %s\n",
			    cmd_strerror(rc));
			exit(1);
		}
		tid = pvm_mytid();
	} else if (tid >= 0 && explicit)
		printf("pvmd already running.\n");
	if (tid < 0) {
		fprintf(stderr, "pvm: cannot connect to pvmd: %s\n",
		    cmd_strerror(tid));
		exit(1);
	}
	pvm_setopt(PvmAutoErr, 0);
	return (tid);
}

/* The console: pvm [-d] [-n name] [hostfile]. */
int
main(int argc, char **argv)
{
	struct console	*c = &console;
	char		*pargs[4], *trace[] = { "trace", "xpvm", NULL };
	const char	*hostfile, *name;
	int		 i, npargs, started;

	log_open("pvm", 0, stderr);
	signal(SIGPIPE, SIG_IGN);

	/* PVM's own option forms: -d, -dMASK, -nNAME, -n NAME. */
	npargs = 0;
	hostfile = NULL;
	for (i = 1; i < argc; i++) {
		if (argv[i][0] != '-' || argv[i][1] == '\0') {
			if (hostfile != NULL)
				console_usage();
			hostfile = argv[i];
			continue;
		}
		if (npargs >= 2)
			console_usage();
		switch (argv[i][1]) {
		case 'd':
			/* Our pvmd has one debug level: the mask is ignored. */
			pargs[npargs++] = xstrdup("-d");
			break;
		case 'n':
			name = argv[i] + 2;
			if (*name == '\0' && i + 1 < argc)
				name = argv[++i];
			if (*name == '\0' || strlen(name) > 255)
				console_usage();
			xasprintf(&pargs[npargs++], "-n%s", name);
			break;
		default:
			console_usage();
		}
	}
	if (hostfile != NULL)
		pargs[npargs++] = xstrdup(hostfile);
	pargs[npargs] = NULL;

	memset(c, 0, sizeof *c);
	TAILQ_INIT(&c->aliases);
	TAILQ_INIT(&c->jobs);
	c->interactive = isatty(STDIN_FILENO);
	c->mytid = console_enroll(npargs, pargs, npargs > 0, &started);
	cmd_machine_trace(c, 2, trace);
	/* A pvmd started with the host file adds its hosts itself. */
	if (hostfile != NULL && !started) {
		cmd_machine_hostfile(c, hostfile);
		fflush(stdout);
	}

	console_rc(c);
	if (!c->done) {
		if (c->interactive)
			console_tty(c);
		else
			console_pipe(c);
	}

	cmd_tasks_jobs_close(c);
	cmd_parse_alias_clear(&c->aliases);
	if (!c->halted) {
		pvm_exit();
		if (c->interactive)
			printf("pvmd still running.\n");
	}
	fflush(stdout);
	while (npargs > 0)
		free(pargs[--npargs]);
	return (0);
}
