/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Helpers shared by the benchmark programs: sizes, repetitions, timing,
 * medians.  Every benchmark uses the same sizes and the same rule for
 * repetitions, so that figures of different runtimes line up.
 */

#include <sys/types.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

static int	bench_cmp_double(const void *, const void *);

/* The ping-pong message sizes in bytes, 0 B to 16 MB. */
const long	bench_sizes[] = {
	0, 8, 64, 512, 4096, 32768, 262144, 1048576, 4194304, 16777216
};
const int	bench_nsizes = sizeof(bench_sizes) / sizeof(bench_sizes[0]);

/*
 * Return the number of round trips to time for a message of size bytes:
 * about 256 MB moved each way for large messages, at least 20 and at most
 * maxreps (small messages).  maxreps <= 0 means the default, 2000.
 */
int
bench_reps(long size, int maxreps)
{
	long	reps;

	if (maxreps <= 0)
		maxreps = 2000;
	if (size <= 0)
		return (maxreps);
	reps = (256L * 1024 * 1024) / size;
	if (reps > maxreps)
		reps = maxreps;
	if (reps < 20)
		reps = 20;
	return ((int)reps);
}

/* Return a monotonic time in microseconds. */
double
bench_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3);
}

static int
bench_cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return ((x > y) - (x < y));
}

/* Sort the n values in v and return their median (0 if n is 0). */
double
bench_median(double *v, int n)
{
	if (n <= 0)
		return (0);
	qsort(v, n, sizeof(*v), bench_cmp_double);
	if (n % 2)
		return (v[n / 2]);
	return ((v[n / 2 - 1] + v[n / 2]) / 2);
}

/* Return the smallest of the n values in v (0 if n is 0). */
double
bench_min(const double *v, int n)
{
	double	m;
	int	i;

	if (n <= 0)
		return (0);
	m = v[0];
	for (i = 1; i < n; i++)
		if (v[i] < m)
			m = v[i];
	return (m);
}

/*
 * Parse s as a decimal integer, with an optional K or M suffix (1024,
 * 1048576), into *out.  Return 0, or -1 if it is not a number or not
 * within [min, max].
 */
int
bench_parse_long(const char *s, long min, long max, long *out)
{
	char	*end;
	long	 v, mul = 1;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s)
		return (-1);
	if (*end == 'K' || *end == 'k') {
		mul = 1024;
		end++;
	} else if (*end == 'M' || *end == 'm') {
		mul = 1024 * 1024;
		end++;
	}
	if (*end != '\0')
		return (-1);
	if (v > LONG_MAX / mul || v < LONG_MIN / mul)
		return (-1);
	v *= mul;
	if (v < min || v > max)
		return (-1);
	*out = v;
	return (0);
}

/* Fill the n bytes of buf with a pattern that depends on seed. */
void
bench_fill(unsigned char *buf, long n, long seed)
{
	long	i;

	for (i = 0; i < n; i++)
		buf[i] = (unsigned char)((i * 131 + seed * 7 + (i >> 8)) &
		    0xff);
}

/*
 * The absolute path of this program (to spawn copies of it), or NULL
 * after telling the user, as prog, to give it with -exe.
 */
const char *
bench_self(const char *prog)
{
	static char	self[4096];
	ssize_t		n;

	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0 || (size_t)n >= sizeof(self) - 1) {
		fprintf(stderr, "%s: cannot find own path; use -exe\n", prog);
		return (NULL);
	}
	self[n] = '\0';
	return (self);
}
