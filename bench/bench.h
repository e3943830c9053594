/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Helpers shared by the benchmark programs (PVM and MPI alike): the
 * message sizes, the repetitions for a size, a clock, medians and
 * argument parsing.  Nothing here knows about PVM or MPI.
 */

#ifndef BENCH_H
#define BENCH_H

#include <stddef.h>

#define BENCH_MAXSIZE	(16 * 1024 * 1024)	/* largest message */
#define BENCH_MAXREPS	100000			/* cap of -reps */

/* bench.c */
extern const long	bench_sizes[];
extern const int	bench_nsizes;
int	 bench_reps(long, int);
double	 bench_now(void);
double	 bench_median(double *, int);
double	 bench_min(const double *, int);
int	 bench_parse_long(const char *, long, long, long *);
void	 bench_fill(unsigned char *, long, long);
const char *bench_self(const char *);

#endif /* BENCH_H */
