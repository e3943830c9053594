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
 */

#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pvm3.h"

#define MIGTEST_ITERS	400000

static void	*migtest_idle(void *);
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
	int			 fd, tid, nhost, narch, c, threads = 0;

	while ((c = getopt(argc, argv, "t")) != -1) {
		if (c != 't')
			return (2);
		threads = 1;
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
	}
	for (i = 0; i < n; i++)
		h = (h ^ a[i]) * 0x100000001b3ULL;
	migtest_say(fd, "result %016llx\n", (unsigned long long)h);
	migtest_say(fd, "mytid t%x\n", (unsigned)pvm_mytid());
	if (pvm_config(&nhost, &narch, &hi) < 0)
		nhost = -1;
	migtest_say(fd, "hosts %d\n", nhost);
	migtest_say(fd, "done\n");
	close(fd);
	free(a);
	pvm_exit();
	return (0);
}
