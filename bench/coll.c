/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * coll: time of a group barrier and of a broadcast among N tasks.
 *
 * For N = 2, 4, 8, 16 the master spawns N - 1 copies of this program
 * (default placement: spread over the hosts of the machine), all join a
 * fresh group and meet at an untimed barrier.  Then the master times
 * -reps barriers (pvm_barrier with count N), and -reps broadcasts of 8
 * bytes and of 64 KB: pvm_bcast from the master, each member answers
 * with an empty message, and the time runs until the master has every
 * answer (mpi_coll does the same with MPI_Bcast + MPI_Gather).  Only
 * the PVM 3.4 API (libgpvm3) is used, so the same source builds against
 * PVM 3.4.6.
 *
 *	coll [-reps N] [-max N] [-exe PATH] [-label TEXT]
 *
 * Output: comment lines start with '#'; then one line per measurement:
 *	op ntasks bytes reps median_us min_us
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pvm3.h>

#include "bench.h"

#define CO_TAG_BCAST	301
#define CO_TAG_ACK	302
#define CO_MAXTASKS	64
#define CO_MAXREPS	10000

static const int	co_counts[] = { 2, 4, 8, 16 };
static const int	co_sizes[] = { 8, 65536 };
#define CO_NSIZES	((int)(sizeof(co_sizes) / sizeof(co_sizes[0])))

static void	usage(void);
static int	co_member(const char *, int, int, int, unsigned char *);
static int	co_master(const char *, int, int, const char *,
		    unsigned char *);

static void
usage(void)
{
	fprintf(stderr, "usage: coll [-reps N] [-max N] [-exe PATH] "
	    "[-label TEXT]\n");
	exit(2);
}

/* Join group, meet the others, then follow the master's schedule. */
static int
co_member(const char *group, int n, int reps, int master,
    unsigned char *buf)
{
	int	r, s;

	if (pvm_joingroup((char *)group) < 0)
		return (-1);
	if (pvm_barrier((char *)group, n) < 0)
		return (-1);
	for (r = 0; r < reps; r++) {
		if (pvm_barrier((char *)group, n) < 0)
			return (-1);
	}
	for (s = 0; s < CO_NSIZES; s++) {
		for (r = 0; r < reps; r++) {
			if (pvm_recv(master, CO_TAG_BCAST) < 0 ||
			    pvm_upkbyte((char *)buf, co_sizes[s], 1) < 0)
				return (-1);
			pvm_initsend(PvmDataDefault);
			if (pvm_send(master, CO_TAG_ACK) < 0)
				return (-1);
		}
	}
	pvm_barrier((char *)group, n);
	pvm_lvgroup((char *)group);
	return (0);
}

/* Spawn n - 1 members into group, time the schedule, print the lines. */
static int
co_master(const char *group, int n, int reps, const char *exe,
    unsigned char *buf)
{
	static double	 t[CO_MAXREPS];
	char		 sn[16], sr[16], sm[16], *args[6];
	int		 tids[CO_MAXTASKS], got, r, s, k;
	double		 t0;

	snprintf(sn, sizeof sn, "%d", n);
	snprintf(sr, sizeof sr, "%d", reps);
	snprintf(sm, sizeof sm, "%d", pvm_mytid());
	args[0] = "-member";
	args[1] = (char *)group;
	args[2] = sn;
	args[3] = sr;
	args[4] = sm;
	args[5] = NULL;
	got = pvm_spawn((char *)exe, args, PvmTaskDefault, NULL, n - 1, tids);
	if (got != n - 1) {
		fprintf(stderr, "coll: spawned %d of %d members\n", got, n - 1);
		return (-1);
	}
	if (pvm_joingroup((char *)group) < 0 ||
	    pvm_barrier((char *)group, n) < 0) {
		pvm_perror("coll: join");
		return (-1);
	}
	for (r = 0; r < reps; r++) {
		t0 = bench_now();
		if (pvm_barrier((char *)group, n) < 0) {
			pvm_perror("coll: pvm_barrier");
			return (-1);
		}
		t[r] = bench_now() - t0;
	}
	printf("barrier %d 0 %d %.3f %.3f\n", n, reps, bench_median(t, reps),
	    bench_min(t, reps));
	fflush(stdout);
	for (s = 0; s < CO_NSIZES; s++) {
		bench_fill(buf, co_sizes[s], s);
		for (r = 0; r < reps; r++) {
			t0 = bench_now();
			pvm_initsend(PvmDataRaw);
			pvm_pkbyte((char *)buf, co_sizes[s], 1);
			if (pvm_bcast((char *)group, CO_TAG_BCAST) < 0) {
				pvm_perror("coll: pvm_bcast");
				return (-1);
			}
			for (k = 0; k < n - 1; k++) {
				if (pvm_recv(-1, CO_TAG_ACK) < 0) {
					pvm_perror("coll: pvm_recv");
					return (-1);
				}
			}
			t[r] = bench_now() - t0;
		}
		printf("bcast %d %d %d %.3f %.3f\n", n, co_sizes[s], reps,
		    bench_median(t, reps), bench_min(t, reps));
		fflush(stdout);
	}
	pvm_barrier((char *)group, n);
	pvm_lvgroup((char *)group);
	return (0);
}

int
main(int argc, char **argv)
{
	static unsigned char buf[65536];
	const char	*exe = NULL, *label = "pvm";
	char		 group[64];
	long		 reps = 200, max = 16, v;
	int		 i, n, rc = 0;

	if (argc == 6 && strcmp(argv[1], "-member") == 0) {
		if (bench_parse_long(argv[3], 2, CO_MAXTASKS, &v) == -1)
			return (2);
		n = (int)v;
		if (bench_parse_long(argv[4], 1, CO_MAXREPS, &reps) == -1 ||
		    bench_parse_long(argv[5], 1, 0x7fffffff, &v) == -1)
			return (2);
		rc = co_member(argv[2], n, (int)reps, (int)v, buf);
		pvm_exit();
		return (rc != 0);
	}
	for (i = 1; i < argc; i++) {
		if (i + 1 >= argc)
			usage();
		if (strcmp(argv[i], "-reps") == 0) {
			if (bench_parse_long(argv[++i], 1, CO_MAXREPS,
			    &reps) == -1)
				usage();
		} else if (strcmp(argv[i], "-max") == 0) {
			if (bench_parse_long(argv[++i], 2, CO_MAXTASKS,
			    &max) == -1)
				usage();
		} else if (strcmp(argv[i], "-exe") == 0)
			exe = argv[++i];
		else if (strcmp(argv[i], "-label") == 0)
			label = argv[++i];
		else
			usage();
	}
	if (exe == NULL) {
		if ((exe = bench_self("coll")) == NULL)
			return (1);
	}
	if (pvm_mytid() < 0) {
		pvm_perror("coll: pvm_mytid");
		return (1);
	}
	printf("# coll %s master=t%x\n", label, pvm_mytid());
	printf("# op ntasks bytes reps median_us min_us\n");
	fflush(stdout);
	for (i = 0; i < (int)(sizeof(co_counts) / sizeof(co_counts[0])); i++) {
		n = co_counts[i];
		if (n > max)
			continue;
		snprintf(group, sizeof group, "coll.%d.%d", (int)getpid(), n);
		if (co_master(group, n, (int)reps, exe, buf) != 0) {
			rc = 1;
			break;
		}
	}
	pvm_exit();
	return (rc);
}
