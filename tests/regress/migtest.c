/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * migtest: a task that computes a long deterministic result, for the
 * checkpoint and migration tests.
 *
 *	migtest [-t] FILE STEPS [MB]
 *
 * It enrols, opens FILE (truncated) and writes "start tTID pid PID",
 * then runs STEPS steps over an MB-megabyte heap array (default 8),
 * writing "step N pid PID" after each: the file stays open across a
 * checkpoint, so a restarted copy writes on where the image left it.
 * At the end it writes "result HASH" (the same for every run with the
 * same STEPS and MB, however often it was moved), "mytid tTID" and
 * "hosts N" (both asked of the daemon after the steps), then "done".
 * -t starts a second thread first: a checkpoint must be refused.
 * -r also receives, between steps, the numbered messages of a sender
 * (tag MIGTEST_TAG_NUM) until its end message (MIGTEST_TAG_END) and
 * writes "received N in order" (or "out of order") before "done".
 *
 *	migtest -s TID COUNT [MS]
 *
 * sends COUNT messages numbered 1 to COUNT to TID, one every MS
 * milliseconds (default 2), then the end message, and exits.
 *
 *	migtest -h TID
 *
 * prints pvm_tidtohost(TID) in hex: the host the task runs on now.
 *
 *	migtest -w TID
 *
 * asks for the PvmTaskExit notify of TID, prints "watching", then
 * "exited tTID" when it comes (or "no notify" after 60 s).
 */

#include <sys/types.h>
#include <sys/time.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pvm3.h"
#include "pvm3x.h"

#define MIGTEST_ITERS	400000
#define MIGTEST_TAG_NUM	7
#define MIGTEST_TAG_END	8

struct migtest_rx {
	int	 next;		/* number expected */
	int	 ok;
	int	 ended;
};

static int	 migtest_fd = -1;

static void	*migtest_idle(void *);
static void	 migtest_hook(int, void *);
static int	 migtest_send(int, char **);
static int	 migtest_watch(int, char **);
static void	 migtest_take(struct migtest_rx *, int);
static void	 migtest_say(int, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

static void *
migtest_idle(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return (NULL);
}

/* pvm_ckpt_hook: note each event in the file (async-signal-safe). */
static void
migtest_hook(int event, void *arg)
{
	const char	*s;

	(void)arg;
	switch (event) {
	case PvmCkptSave:
		s = "hook save\n";
		break;
	case PvmCkptResume:
		s = "hook resume\n";
		break;
	case PvmCkptRestore:
		s = "hook restore\n";
		break;
	default:
		s = "hook ?\n";
		break;
	}
	if (migtest_fd != -1)
		(void)write(migtest_fd, s, strlen(s));
}

/* Watch mode: wait for the exit notify of a task. */
static int
migtest_watch(int argc, char **argv)
{
	struct timeval	tv = { 60, 0 };
	int		tid, who = 0;

	if (argc != 1 || pvm_mytid() < 0)
		return (2);
	tid = (int)strtol(argv[0], NULL, 16);
	if (pvm_notify(PvmTaskExit, 77, 1, &tid) < 0)
		return (1);
	printf("watching\n");
	fflush(stdout);
	if (pvm_trecv(-1, 77, &tv) > 0 && pvm_upkint(&who, 1, 1) >= 0)
		printf("exited t%x\n", (unsigned)who);
	else
		printf("no notify\n");
	pvm_exit();
	return (0);
}

/* Sender mode. */
static int
migtest_send(int argc, char **argv)
{
	struct timespec	ts;
	long		count, ms = 2, i;
	int		dst, n;

	if (argc < 2 || argc > 3)
		return (2);
	dst = (int)strtol(argv[0], NULL, 16);
	count = strtol(argv[1], NULL, 10);
	if (argc == 3)
		ms = strtol(argv[2], NULL, 10);
	if (pvm_mytid() < 0 || count < 0 || ms < 0)
		return (1);
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000;
	for (i = 1; i <= count; i++) {
		n = (int)i;
		pvm_initsend(PvmDataDefault);
		pvm_pkint(&n, 1, 1);
		if (pvm_send(dst, MIGTEST_TAG_NUM) < 0)
			return (1);
		nanosleep(&ts, NULL);
	}
	pvm_initsend(PvmDataDefault);
	if (pvm_send(dst, MIGTEST_TAG_END) < 0)
		return (1);
	pvm_exit();
	return (0);
}

/* Take the messages that are there (block: wait for one). */
static void
migtest_take(struct migtest_rx *rx, int block)
{
	int	bufid, bytes, tag, src, n;

	for (;;) {
		bufid = block ? pvm_recv(-1, -1) : pvm_nrecv(-1, -1);
		if (bufid < 0)
			exit(4);
		if (bufid == 0)
			return;
		if (pvm_bufinfo(bufid, &bytes, &tag, &src) < 0)
			return;
		if (tag == MIGTEST_TAG_END) {
			rx->ended = 1;
			return;
		}
		if (tag == MIGTEST_TAG_NUM && pvm_upkint(&n, 1, 1) >= 0) {
			if (n != rx->next) {
				if (rx->ok)
					fprintf(stderr, "migtest: got %d, "
					    "expected %d\n", n, rx->next);
				rx->ok = 0;
			}
			rx->next = n + 1;
		}
		block = 0;
	}
}

static void
migtest_say(int fd, const char *fmt, ...)
{
	char	buf[256];
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n > 0 && write(fd, buf, (size_t)n) != n)
		exit(3);
}

int
main(int argc, char **argv)
{
	struct pvmhostinfo	*hi;
	pthread_t		 th;
	uint64_t		*a, x = 0x9e3779b97f4a7c15ULL, h = 0;
	size_t			 n, i, mask;
	long			 steps, s, mb = 8;
	struct migtest_rx	 rx = { 1, 1, 0 };
	int			 fd, tid, nhost, narch, c, threads = 0;
	int			 recv = 0;

	while ((c = getopt(argc, argv, "hrstw")) != -1) {
		switch (c) {
		case 'w':
			return (migtest_watch(argc - optind, argv + optind));
		case 'h':
			if (optind >= argc || pvm_mytid() < 0)
				return (2);
			printf("%x\n", (unsigned)pvm_tidtohost((int)strtol(
			    argv[optind], NULL, 16)));
			pvm_exit();
			return (0);
		case 'r':
			recv = 1;
			break;
		case 's':
			return (migtest_send(argc - optind, argv + optind));
		case 't':
			threads = 1;
			break;
		default:
			return (2);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 2 || argc > 3)
		return (2);
	steps = strtol(argv[1], NULL, 10);
	if (argc == 3)
		mb = strtol(argv[2], NULL, 10);
	if (steps <= 0 || mb <= 0 || mb > 4096)
		return (2);
	if ((tid = pvm_mytid()) < 0)
		return (1);
	if (threads && pthread_create(&th, NULL, migtest_idle, NULL) != 0)
		return (1);
	if ((fd = open(argv[0], O_WRONLY | O_CREAT | O_TRUNC, 0644)) == -1)
		return (1);
	migtest_say(fd, "start t%x pid %ld\n", (unsigned)tid, (long)getpid());
	migtest_fd = fd;
	pvm_ckpt_hook(migtest_hook, NULL);

	n = (size_t)mb << 17;			/* 8-byte words */
	for (mask = 1; mask < n; mask <<= 1)
		;
	mask = (mask >> 1) - 1;
	if ((a = malloc(n * sizeof *a)) == NULL)
		return (1);
	for (i = 0; i < n; i++)
		a[i] = i * 0x2545f4914f6cdd1dULL;
	for (s = 0; s < steps; s++) {
		for (i = 0; i < MIGTEST_ITERS; i++) {
			x = x * 6364136223846793005ULL +
			    1442695040888963407ULL;
			a[(x >> 20) & mask] ^= x + h;
			h = (h << 7 | h >> 57) ^ a[(x >> 40) & mask];
		}
		migtest_say(fd, "step %ld pid %ld\n", s, (long)getpid());
		if (recv)
			migtest_take(&rx, 0);
	}
	for (i = 0; i < n; i++)
		h = (h ^ a[i]) * 0x100000001b3ULL;
	migtest_say(fd, "result %016llx\n", (unsigned long long)h);
	migtest_say(fd, "mytid t%x\n", (unsigned)pvm_mytid());
	if (pvm_config(&nhost, &narch, &hi) < 0)
		nhost = -1;
	migtest_say(fd, "hosts %d\n", nhost);
	if (recv) {
		while (!rx.ended)
			migtest_take(&rx, 1);
		migtest_say(fd, "received %d %s\n", rx.next - 1,
		    rx.ok ? "in order" : "out of order");
	}
	migtest_say(fd, "done\n");
	close(fd);
	free(a);
	pvm_exit();
	return (0);
}
