/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * migrate_worker: the task the migrate example moves around.  It runs
 * MIGRATE_STEPS steps of a fixed computation over a heap array, reports
 * each step to its parent (tag MIGRATE_TAG_STEP) and at the end sends
 * the result (MIGRATE_TAG_RESULT).  Nothing in it knows about migration.
 */

#include <stdint.h>
#include <stdlib.h>

#include "pvm3.h"
#include "migrate.h"

int
main(void)
{
	uint64_t	*a, r;
	int		 parent, step;

	if (pvm_mytid() < 0 || (parent = pvm_parent()) < 0)
		return (1);
	if ((a = calloc(MIGRATE_WORDS, sizeof *a)) == NULL)
		return (1);
	r = 1;
	for (step = 0; step < MIGRATE_STEPS; step++) {
		r = migrate_step(a, r, step);
		pvm_initsend(PvmDataDefault);
		pvm_pkint(&step, 1, 1);
		pvm_send(parent, MIGRATE_TAG_STEP);
	}
	pvm_initsend(PvmDataDefault);
	pvm_pkulong((unsigned long *)&r, 1, 1);
	pvm_send(parent, MIGRATE_TAG_RESULT);
	free(a);
	pvm_exit();
	return (0);
}
