/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * mandel: a master/worker batch job.  The master spawns N mandel_worker
 * tasks, deals out the rows of a Mandelbrot image one at a time (a
 * worker gets a new row whenever it returns one), gathers the rows,
 * then computes the whole image itself and compares:
 *
 *	$ mandel [workers [width [height]]]
 *	mandel: 4 workers, 256x256, checksum 788763286 OK
 *
 * The checksum is FNV-1a over the iteration counts in row order.  If a
 * worker dies the master is told through pvm_notify and gives up.
 */

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pvm3.h"
#include "mandel.h"

#define MANDEL_MAXWORKERS	64

static int	 mandel_arg(const char *, const char *, int, int);
static int	 mandel_send_row(int, int, int, int);
static int	 mandel_recv_row(int, int, int *, char *, int *);
static uint32_t	 mandel_checksum(const int *, size_t);
static int	 mandel_fail(int *, int);

int
main(int argc, char **argv)
{
	int		 tids[MANDEL_MAXWORKERS];
	int		*image, *serial;
	char		*done;
	uint32_t	 sum;
	int		 nworkers, width, height, n, i, next, ngot, src;

	nworkers = 4;
	width = height = 256;
	if (argc > 4) {
		fprintf(stderr, "usage: mandel [workers [width [height]]]\n");
		return (1);
	}
	if (argc > 1 && (nworkers = mandel_arg("workers", argv[1], 1,
	    MANDEL_MAXWORKERS)) == -1)
		return (1);
	if (argc > 2 && (width = mandel_arg("width", argv[2], 1,
	    MANDEL_MAXDIM)) == -1)
		return (1);
	height = width;
	if (argc > 3 && (height = mandel_arg("height", argv[3], 1,
	    MANDEL_MAXDIM)) == -1)
		return (1);

	image = calloc((size_t)width * height, sizeof *image);
	serial = calloc((size_t)width * height, sizeof *serial);
	done = calloc(height, 1);
	if (image == NULL || serial == NULL || done == NULL) {
		fprintf(stderr, "mandel: out of memory\n");
		return (1);
	}

	if (pvm_mytid() < 0) {
		pvm_perror("mandel: pvm_mytid");
		return (1);
	}

	n = pvm_spawn("mandel_worker", NULL, PvmTaskDefault, "", nworkers,
	    tids);
	if (n < nworkers) {
		fprintf(stderr, "mandel: started %d of %d workers\n",
		    n < 0 ? 0 : n, nworkers);
		for (i = n < 0 ? 0 : n; i < nworkers && n >= 0; i++)
			fprintf(stderr, "mandel: worker %d: error %d\n", i,
			    tids[i]);
		return (mandel_fail(tids, n < 0 ? 0 : n));
	}
	if (pvm_notify(PvmTaskExit, MANDEL_TAG_EXIT, nworkers, tids) < 0) {
		pvm_perror("mandel: pvm_notify");
		return (mandel_fail(tids, nworkers));
	}

	/* Prime every worker with one row, then one more per result. */
	next = 0;
	for (i = 0; i < nworkers && next < height; i++, next++) {
		if (mandel_send_row(tids[i], next, width, height) < 0)
			return (mandel_fail(tids, nworkers));
	}
	for (ngot = 0; ngot < height; ngot++) {
		if (mandel_recv_row(width, height, image, done, &src) < 0)
			return (mandel_fail(tids, nworkers));
		if (next < height) {
			if (mandel_send_row(src, next, width, height) < 0)
				return (mandel_fail(tids, nworkers));
			next++;
		}
	}

	/* Everything is in: let the workers go. */
	pvm_notify(PvmTaskExit | PvmNotifyCancel, MANDEL_TAG_EXIT, nworkers,
	    tids);
	pvm_initsend(PvmDataDefault);
	if (pvm_mcast(tids, nworkers, MANDEL_TAG_STOP) < 0)
		pvm_perror("mandel: pvm_mcast");

	for (i = 0; i < height; i++)
		mandel_row(i, width, height, MANDEL_MAXITER,
		    serial + (size_t)i * width);
	sum = mandel_checksum(image, (size_t)width * height);
	n = memcmp(image, serial, (size_t)width * height * sizeof *image);
	printf("mandel: %d workers, %dx%d, checksum %lu %s\n", nworkers,
	    width, height, (unsigned long)sum, n == 0 ? "OK" : "MISMATCH");
	if (n != 0)
		printf("mandel: serial checksum %lu\n", (unsigned long)
		    mandel_checksum(serial, (size_t)width * height));

	free(image);
	free(serial);
	free(done);
	pvm_exit();
	return (n == 0 ? 0 : 1);
}

/* Parse a decimal argument in [min, max]; -1 and a message if not. */
static int
mandel_arg(const char *what, const char *s, int min, int max)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v < min || v > max) {
		fprintf(stderr, "mandel: %s must be a number from %d to %d\n",
		    what, min, max);
		return (-1);
	}
	return ((int)v);
}

/* Ask worker tid for row y. */
static int
mandel_send_row(int tid, int y, int width, int height)
{
	int	hdr[4];

	hdr[0] = y;
	hdr[1] = width;
	hdr[2] = height;
	hdr[3] = MANDEL_MAXITER;
	if (pvm_initsend(PvmDataDefault) < 0 ||
	    pvm_pkint(hdr, 4, 1) < 0 ||
	    pvm_send(tid, MANDEL_TAG_WORK) < 0) {
		pvm_perror("mandel: send");
		return (-1);
	}
	return (0);
}

/*
 * Wait for one result (or a worker's death) and store the row in image.
 * Returns 0 with *srcp set to the worker, -1 on any error.
 */
static int
mandel_recv_row(int width, int height, int *image, char *done, int *srcp)
{
	int	bufid, bytes, tag, src, y, dead;

	if ((bufid = pvm_recv(-1, -1)) < 0) {
		pvm_perror("mandel: pvm_recv");
		return (-1);
	}
	if (pvm_bufinfo(bufid, &bytes, &tag, &src) < 0) {
		pvm_perror("mandel: pvm_bufinfo");
		return (-1);
	}
	if (tag == MANDEL_TAG_EXIT) {
		dead = 0;
		pvm_upkint(&dead, 1, 1);
		fprintf(stderr, "mandel: worker t%x exited early\n", dead);
		return (-1);
	}
	if (tag != MANDEL_TAG_RESULT) {
		fprintf(stderr, "mandel: unexpected tag %d from t%x\n", tag,
		    src);
		return (-1);
	}
	if (pvm_upkint(&y, 1, 1) < 0 || y < 0 || y >= height || done[y]) {
		fprintf(stderr, "mandel: bad or repeated row from t%x\n", src);
		return (-1);
	}
	if (pvm_upkint(image + (size_t)y * width, width, 1) < 0) {
		fprintf(stderr, "mandel: short row %d from t%x\n", y, src);
		return (-1);
	}
	done[y] = 1;
	*srcp = src;
	return (0);
}

/* 32-bit FNV-1a over the counts, each as 4 little-endian bytes. */
static uint32_t
mandel_checksum(const int *v, size_t n)
{
	uint32_t	h, u;
	size_t		i;
	int		b;

	h = 2166136261U;
	for (i = 0; i < n; i++) {
		u = (uint32_t)v[i];
		for (b = 0; b < 4; b++) {
			h ^= (u >> (8 * b)) & 0xff;
			h *= 16777619U;
		}
	}
	return (h);
}

/* Kill the n workers started, leave PVM and return the exit status. */
static int
mandel_fail(int *tids, int n)
{
	int	i;

	for (i = 0; i < n; i++)
		pvm_kill(tids[i]);
	pvm_exit();
	return (1);
}
