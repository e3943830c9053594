/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * mpi_coll: the MPI twin of coll, for one N (the size of
 * MPI_COMM_WORLD, given by mpirun -np N): -reps MPI_Barrier calls, then
 * -reps broadcasts of 8 bytes and 64 KB from rank 0, each followed by
 * an MPI_Gather of one int to rank 0 (coll's answers), timed at rank 0.
 * Same output lines as coll:
 *	op ntasks bytes reps median_us min_us
 */

#include <stdio.h>
#include <string.h>

#include <mpi.h>

#include "bench.h"

#define MC_MAXREPS	10000

static const int	mc_sizes[] = { 8, 65536 };

int
main(int argc, char **argv)
{
	static double	 t[MC_MAXREPS];
	static unsigned char buf[65536];
	int		 gathered[1024], one = 1;
	long		 reps = 200;
	double		 t0;
	int		 rank, n, r, s;

	MPI_Init(&argc, &argv);
	if (argc == 3 && strcmp(argv[1], "-reps") == 0 &&
	    bench_parse_long(argv[2], 1, MC_MAXREPS, &reps) == -1)
		reps = 200;
	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	MPI_Comm_size(MPI_COMM_WORLD, &n);
	if (n > 1024)
		MPI_Abort(MPI_COMM_WORLD, 2);
	MPI_Barrier(MPI_COMM_WORLD);
	for (r = 0; r < reps; r++) {
		t0 = bench_now();
		MPI_Barrier(MPI_COMM_WORLD);
		t[r] = bench_now() - t0;
	}
	if (rank == 0)
		printf("barrier %d 0 %ld %.3f %.3f\n", n, reps,
		    bench_median(t, (int)reps), bench_min(t, (int)reps));
	for (s = 0; s < 2; s++) {
		bench_fill(buf, mc_sizes[s], s);
		for (r = 0; r < reps; r++) {
			t0 = bench_now();
			MPI_Bcast(buf, mc_sizes[s], MPI_BYTE, 0,
			    MPI_COMM_WORLD);
			MPI_Gather(&one, 1, MPI_INT, gathered, 1, MPI_INT, 0,
			    MPI_COMM_WORLD);
			t[r] = bench_now() - t0;
		}
		if (rank == 0)
			printf("bcast %d %d %ld %.3f %.3f\n", n, mc_sizes[s],
			    reps, bench_median(t, (int)reps),
			    bench_min(t, (int)reps));
	}
	MPI_Finalize();
	return (0);
}
