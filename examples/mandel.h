/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * What mandel and mandel_worker share: the message tags, the limits and
 * the kernel.  The kernel works in 64-bit fixed point so that every host
 * and compiler computes exactly the same iteration counts, which lets the
 * master check the distributed result against its own serial one.
 */

#ifndef MANDEL_H
#define MANDEL_H

#include <stdint.h>

#define MANDEL_TAG_WORK		10	/* master -> worker: row to compute */
#define MANDEL_TAG_RESULT	11	/* worker -> master: row, counts */
#define MANDEL_TAG_STOP		12	/* master -> worker: no more work */
#define MANDEL_TAG_EXIT		13	/* pvmd -> master: a worker exited */

#define MANDEL_MAXDIM		4096	/* largest width or height */
#define MANDEL_MAXITER		255	/* iterations per point */

#define MANDEL_FRAC		24	/* fixed point: 24 fraction bits */
#define MANDEL_ONE		((int64_t)1 << MANDEL_FRAC)

/*
 * Compute row y of a width x height image of the region [-2, 1] x
 * [-1.5, 1.5]: counts[x] is the number of iterations before point x
 * escapes, maxiter if it never does.
 */
static inline void
mandel_row(int y, int width, int height, int maxiter, int *counts)
{
	int64_t	 cx, cy, zx, zy, zx2, zy2;
	int	 x, i;

	cy = -3 * MANDEL_ONE / 2 + (int64_t)y * 3 * MANDEL_ONE / height;
	for (x = 0; x < width; x++) {
		cx = -2 * MANDEL_ONE + (int64_t)x * 3 * MANDEL_ONE / width;
		zx = zy = 0;
		for (i = 0; i < maxiter; i++) {
			zx2 = (zx * zx) >> MANDEL_FRAC;
			zy2 = (zy * zy) >> MANDEL_FRAC;
			if (zx2 + zy2 > 4 * MANDEL_ONE)
				break;
			zy = ((2 * zx * zy) >> MANDEL_FRAC) + cy;
			zx = zx2 - zy2 + cx;
		}
		counts[x] = i;
	}
}

#endif /* MANDEL_H */
