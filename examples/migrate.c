/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * migrate [moves]: the migration demo.  It spawns migrate_worker, which
 * computes a long result and reports every step, and while the worker
 * runs moves it from host to host of the virtual machine with
 * pvm_migrate() (pvm3x.h) every few steps, showing where it runs.  On a
 * one-host machine it checkpoints the worker to a file, stopping it, and
 * restarts it instead.  At the end it checks the worker's result against
 * its own serial computation: the moves must not change it, nor lose or
 * reorder a single progress message.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pvm3.h"
#include "pvm3x.h"
#include "migrate.h"

static const char *
host_of(int tid)
{
	static char		 name[256];
	struct pvmtaskinfo	*ti;
	struct pvmhostinfo	*hi;
	int			 n, nh, na, i;

	snprintf(name, sizeof name, "?");
	if (pvm_tasks(0, &n, &ti) < 0 || pvm_config(&nh, &na, &hi) < 0)
		return (name);
	for (i = 0; i < n; i++) {
		if (ti[i].ti_tid != tid)
			continue;
		for (na = 0; na < nh; na++) {
			if (hi[na].hi_tid == ti[i].ti_host)
				snprintf(name, sizeof name, "%s",
				    hi[na].hi_name);
		}
	}
	return (name);
}

int
main(int argc, char **argv)
{
	struct pvmhostinfo	*hi;
	unsigned long		 got;
	uint64_t		*a, r;
	char			 path[64], cur[256], **names;
	int			 worker, moves, done = 0, nh, na, step, next;
	int			 expect = 0, rc, every, h = 0, i;

	moves = argc > 1 ? atoi(argv[1]) : 4;
	if (moves < 0 || moves > MIGRATE_STEPS / 4)
		moves = 4;
	if (pvm_mytid() < 0)
		return (1);
	if (pvm_spawn("migrate_worker", NULL, PvmTaskDefault, "", 1,
	    &worker) != 1) {
		fprintf(stderr, "migrate: cannot spawn migrate_worker\n");
		pvm_exit();
		return (1);
	}
	/* The library owns hi until the next pvm_config(): copy names. */
	pvm_config(&nh, &na, &hi);
	if ((names = calloc(nh, sizeof *names)) == NULL)
		return (1);
	for (i = 0; i < nh; i++)
		names[i] = strdup(hi[i].hi_name);
	printf("migrate: worker t%x on %s, %d host%s\n", (unsigned)worker,
	    host_of(worker), nh, nh == 1 ? "" : "s");
	every = MIGRATE_STEPS / (moves + 1);
	next = every;
	while (expect < MIGRATE_STEPS) {
		pvm_recv(worker, MIGRATE_TAG_STEP);
		pvm_upkint(&step, 1, 1);
		if (step != expect) {
			printf("migrate: step %d after %d: lost or "
			    "reordered\n", step, expect - 1);
			pvm_exit();
			return (1);
		}
		expect++;
		if (done >= moves || step != next)
			continue;
		next += every;
		done++;
		if (nh > 1) {
			/* The next host that is not the worker's. */
			snprintf(cur, sizeof cur, "%s", host_of(worker));
			for (i = 0; i < nh; i++) {
				h = (h + 1) % nh;
				if (strcmp(names[h], cur) != 0)
					break;
			}
			rc = pvm_migrate(worker, names[h]);
			printf("migrate: step %d: %s, worker now on %s\n",
			    step, rc < 0 ? pvm_errstr(rc) : "moved",
			    host_of(worker));
		} else {
			snprintf(path, sizeof path, "/tmp/migrate.%ld.img",
			    (long)getpid());
			rc = pvm_checkpoint(worker, path, PvmCkptStop);
			if (rc == 0)
				rc = pvm_restart(path, NULL, NULL);
			unlink(path);
			printf("migrate: step %d: %s\n", step, rc < 0 ?
			    pvm_errstr(rc) : "checkpointed, stopped and "
			    "restarted");
		}
	}
	pvm_recv(worker, MIGRATE_TAG_RESULT);
	pvm_upkulong(&got, 1, 1);

	if ((a = calloc(MIGRATE_WORDS, sizeof *a)) == NULL)
		return (1);
	r = 1;
	for (step = 0; step < MIGRATE_STEPS; step++)
		r = migrate_step(a, r, step);
	free(a);
	printf("migrate: %d moves, result %016lx %s\n", done, got,
	    got == (unsigned long)r ? "OK" : "WRONG");
	pvm_exit();
	return (got == (unsigned long)r ? 0 : 1);
}
