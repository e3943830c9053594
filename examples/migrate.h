/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/* The computation of the migrate example, shared by master and worker. */

#ifndef MIGRATE_H
#define MIGRATE_H

#include <stdint.h>

#define MIGRATE_STEPS		200
#define MIGRATE_WORDS		(1 << 20)	/* 8 MB of state */
#define MIGRATE_TAG_STEP	1
#define MIGRATE_TAG_RESULT	2

/* One step: returns the new running value. */
static inline uint64_t
migrate_step(uint64_t *a, uint64_t r, int step)
{
	uint64_t	x = r ^ (uint64_t)step * 0x9e3779b97f4a7c15ULL;
	int		i;

	for (i = 0; i < 300000; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		a[(x >> 24) & (MIGRATE_WORDS - 1)] += x;
		r = (r << 5 | r >> 59) ^ a[(x >> 44) & (MIGRATE_WORDS - 1)];
	}
	return (r);
}

#endif /* MIGRATE_H */
