/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * spawn: time to start N trivial tasks and collect their exits.
 *
 * One run is a single pvm_spawn() of N copies of this program with
 * -child (each enrolls with pvm_mytid() and leaves with pvm_exit()),
 * followed by a PvmTaskExit notify on all of them, until every exit has
 * been reported.  For N = 1, 16, 64, 256 it prints the median and the
 * smallest time of a few runs.  Only the PVM 3.4 API is used.
 *
 *	spawn [-runs N] [-host NAME] [-exe PATH] [-max N] [-label TEXT]
 *
 * Output: comment lines start with '#'; then one line per N:
 *	ntasks runs median_ms min_ms median_ms_per_task
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include <pvm3.h>

#include "bench.h"

#define SP_TAG_EXIT	201	/* pvm_notify: a child exited */
#define SP_MAXTASKS	1024	/* cap of -max */
#define SP_MAXRUNS	100	/* cap of -runs */
#define SP_WAIT		60	/* seconds to wait for one exit */

static const int	sp_counts[] = { 1, 16, 64, 256 };

static void	usage(void);
static double	sp_run(const char *, int, const char *, int *);

static void
usage(void)
{
	fprintf(stderr, "usage: spawn [-runs N] [-host NAME] [-exe PATH] "
	    "[-max N] [-label TEXT]\n");
	exit(2);
}

/*
 * Spawn n children of exe (on host, if not NULL) and wait for all their
 * exits.  Return the elapsed milliseconds, or -1 after printing why.
 */
static double
sp_run(const char *exe, int n, const char *host, int *tids)
{
	struct timeval	 tv;
	char		*args[2] = { "-child", NULL };
	double		 t0, t1;
	int		 got, left, i, bufid, bytes, tag, src, flags;

	flags = host != NULL ? PvmTaskHost : PvmTaskDefault;
	t0 = bench_now();
	got = pvm_spawn((char *)exe, args, flags, (char *)host, n, tids);
	if (got < 0) {
		pvm_perror("spawn: pvm_spawn");
		return (-1);
	}
	if (got < n) {
		fprintf(stderr, "spawn: only %d of %d tasks started", got, n);
		for (i = 0; i < n; i++)
			if (tids[i] < 0) {
				fprintf(stderr, " (error %d)", tids[i]);
				break;
			}
		fprintf(stderr, "\n");
		return (-1);
	}
	if (pvm_notify(PvmTaskExit, SP_TAG_EXIT, n, tids) < 0) {
		pvm_perror("spawn: pvm_notify");
		return (-1);
	}
	for (left = n; left > 0; left--) {
		tv.tv_sec = SP_WAIT;
		tv.tv_usec = 0;
		bufid = pvm_trecv(-1, SP_TAG_EXIT, &tv);
		if (bufid <= 0) {
			fprintf(stderr, "spawn: %d of %d exits never came\n",
			    left, n);
			return (-1);
		}
		if (pvm_bufinfo(bufid, &bytes, &tag, &src) < 0)
			return (-1);
	}
	t1 = bench_now();
	return ((t1 - t0) / 1000);
}

int
main(int argc, char **argv)
{
	const char	*exe = NULL, *host = NULL, *label = "pvm";
	double		 times[SP_MAXRUNS], med, mn;
	long		 runs = 5, max = 256;
	int		*tids, i, r, n, mytid, rc = 0;

	if (argc >= 2 && strcmp(argv[1], "-child") == 0) {
		if (pvm_mytid() < 0)
			return (1);
		pvm_exit();
		return (0);
	}
	for (i = 1; i < argc; i++) {
		if (i + 1 >= argc)
			usage();
		if (strcmp(argv[i], "-runs") == 0) {
			if (bench_parse_long(argv[++i], 1, SP_MAXRUNS,
			    &runs) == -1)
				usage();
		} else if (strcmp(argv[i], "-max") == 0) {
			if (bench_parse_long(argv[++i], 1, SP_MAXTASKS,
			    &max) == -1)
				usage();
		} else if (strcmp(argv[i], "-host") == 0)
			host = argv[++i];
		else if (strcmp(argv[i], "-exe") == 0)
			exe = argv[++i];
		else if (strcmp(argv[i], "-label") == 0)
			label = argv[++i];
		else
			usage();
	}
	if (exe == NULL) {
		if ((exe = bench_self("spawn")) == NULL)
			return (1);
	}
	if ((tids = calloc(max, sizeof(*tids))) == NULL) {
		fprintf(stderr, "spawn: out of memory\n");
		return (1);
	}
	if ((mytid = pvm_mytid()) < 0) {
		pvm_perror("spawn: pvm_mytid");
		return (1);
	}
	printf("# spawn %s host=%s master=t%x\n", label,
	    host != NULL ? host : "local", mytid);
	printf("# ntasks runs median_ms min_ms median_ms_per_task\n");
	fflush(stdout);
	for (i = 0; i < (int)(sizeof(sp_counts) / sizeof(sp_counts[0]));
	    i++) {
		n = sp_counts[i];
		if (n > max)
			continue;
		for (r = 0; r < runs; r++) {
			if ((times[r] = sp_run(exe, n, host, tids)) < 0) {
				rc = 1;
				goto out;
			}
		}
		mn = bench_min(times, (int)runs);
		med = bench_median(times, (int)runs);
		printf("%d %ld %.3f %.3f %.4f\n", n, runs, med, mn, med / n);
		fflush(stdout);
	}
out:
	pvm_exit();
	free(tids);
	return (rc);
}
