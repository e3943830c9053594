/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * mpi_pingpong: the ping-pong of pingpong.c with MPI, for comparison.
 * Same sizes, same repetitions and warm-up, same output format; rank 0
 * times, rank 1 echoes.  Run with two ranks:
 *
 *	mpirun -np 2 mpi_pingpong [-min BYTES] [-max BYTES] [-reps N]
 *	    [-label TEXT]
 *
 * With -initonly (any number of ranks) it only calls MPI_Init and
 * MPI_Finalize: the MPI twin of spawn.c's trivial task, for timing
 * "mpirun -np N mpi_pingpong -initonly".
 *
 * Output (rank 0): comment lines start with '#'; then one line per size:
 *	bytes reps median_us min_us median_GBps
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mpi.h>

#include "bench.h"

#define MP_TAG_DATA	1

static int	mp_size(int, long, int, unsigned char *, unsigned char *,
		    double *);

/*
 * Rank 0: time count round trips of size bytes with rank 1 (plus a
 * warm-up that is not kept) and store the one-way times.  Rank 1: echo.
 * Return the number of times stored (0 on rank 1), or -1.
 */
static int
mp_size(int rank, long size, int count, unsigned char *sbuf,
    unsigned char *rbuf, double *times)
{
	double	t0, t1;
	int	i, warm, kept = 0;

	warm = count / 10;
	if (warm > 50)
		warm = 50;
	if (warm < 2)
		warm = 2;
	for (i = 0; i < count + warm; i++) {
		if (rank == 0) {
			t0 = bench_now();
			MPI_Send(sbuf, (int)size, MPI_BYTE, 1, MP_TAG_DATA,
			    MPI_COMM_WORLD);
			MPI_Recv(rbuf, (int)size, MPI_BYTE, 1, MP_TAG_DATA,
			    MPI_COMM_WORLD, MPI_STATUS_IGNORE);
			t1 = bench_now();
			if (i >= warm)
				times[kept++] = (t1 - t0) / 2;
		} else {
			MPI_Recv(rbuf, (int)size, MPI_BYTE, 0, MP_TAG_DATA,
			    MPI_COMM_WORLD, MPI_STATUS_IGNORE);
			MPI_Send(rbuf, (int)size, MPI_BYTE, 0, MP_TAG_DATA,
			    MPI_COMM_WORLD);
		}
	}
	if (rank == 0 && size > 0 && memcmp(sbuf, rbuf, size) != 0) {
		fprintf(stderr, "mpi_pingpong: %ld bytes came back changed\n",
		    size);
		return (-1);
	}
	return (kept);
}

int
main(int argc, char **argv)
{
	unsigned char	*sbuf, *rbuf;
	const char	*label = "mpi";
	double		*times, med, mn;
	long		 minsize = 0, maxsize = BENCH_MAXSIZE, maxreps = 0;
	long		 size, alloc;
	int		 rank, nranks, i, kept, reps;

	MPI_Init(&argc, &argv);
	if (argc == 2 && strcmp(argv[1], "-initonly") == 0) {
		MPI_Finalize();
		return (0);
	}
	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	MPI_Comm_size(MPI_COMM_WORLD, &nranks);
	for (i = 1; i < argc; i++) {
		if (i + 1 >= argc)
			goto usage;
		if (strcmp(argv[i], "-min") == 0) {
			if (bench_parse_long(argv[++i], 0, BENCH_MAXSIZE,
			    &minsize) == -1)
				goto usage;
		} else if (strcmp(argv[i], "-max") == 0) {
			if (bench_parse_long(argv[++i], 0, BENCH_MAXSIZE,
			    &maxsize) == -1)
				goto usage;
		} else if (strcmp(argv[i], "-reps") == 0) {
			if (bench_parse_long(argv[++i], 1, BENCH_MAXREPS,
			    &maxreps) == -1)
				goto usage;
		} else if (strcmp(argv[i], "-label") == 0)
			label = argv[++i];
		else
			goto usage;
	}
	if (nranks != 2) {
		if (rank == 0)
			fprintf(stderr, "mpi_pingpong: needs 2 ranks, not "
			    "%d\n", nranks);
		MPI_Finalize();
		return (2);
	}
	alloc = maxsize > 0 ? maxsize : 1;
	sbuf = malloc(alloc);
	rbuf = malloc(alloc);
	times = calloc(BENCH_MAXREPS, sizeof(*times));
	if (sbuf == NULL || rbuf == NULL || times == NULL) {
		fprintf(stderr, "mpi_pingpong: out of memory\n");
		MPI_Abort(MPI_COMM_WORLD, 1);
	}
	if (rank == 0) {
		printf("# pingpong %s\n", label);
		printf("# bytes reps median_us min_us median_GBps\n");
		fflush(stdout);
	}
	for (i = 0; i < bench_nsizes; i++) {
		size = bench_sizes[i];
		if (size < minsize || size > maxsize)
			continue;
		bench_fill(sbuf, size, size);
		memset(rbuf, 0, size);
		reps = bench_reps(size, (int)maxreps);
		MPI_Barrier(MPI_COMM_WORLD);
		kept = mp_size(rank, size, reps, sbuf, rbuf, times);
		if (kept < 0)
			MPI_Abort(MPI_COMM_WORLD, 1);
		if (rank != 0)
			continue;
		mn = bench_min(times, kept);
		med = bench_median(times, kept);
		printf("%ld %d %.3f %.3f %.4f\n", size, kept, med, mn,
		    med > 0 ? (double)size / med / 1000 : 0);
		fflush(stdout);
	}
	free(sbuf);
	free(rbuf);
	free(times);
	MPI_Finalize();
	return (0);
usage:
	if (rank == 0)
		fprintf(stderr, "usage: mpi_pingpong [-min BYTES] "
		    "[-max BYTES] [-reps N] [-label TEXT]\n");
	MPI_Finalize();
	return (2);
}
