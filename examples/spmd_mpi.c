/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * spmd_mpi: an MPI-style SPMD program.  Every task runs this same code and
 * knows itself only by its rank, its instance number in the group
 * "spmd" (like MPI_Comm_rank in MPI_COMM_WORLD).
 *
 *	$ spmd_mpi [ntasks [rounds]]	(default 4 tasks, 3 rounds)
 *
 * The first copy (rank 0) spawns the others (pvm_spawn of itself), and
 * all join the group and meet at a barrier (MPI_Barrier).  Then:
 * - ring: rank 0 sends a token to rank 1, each rank adds its rank + 1
 *   and passes it on to rank + 1 (MPI_Send/MPI_Recv), the last back to
 *   rank 0: after one lap it holds n(n + 1)/2; this is done `rounds`
 *   times;
 * - reduction: every rank contributes rank^2 and 1 to a PvmSum
 *   reduction and its rank to a PvmMax one, both rooted at rank 0
 *   (MPI_Reduce with MPI_SUM, MPI_MAX);
 * - broadcast: rank 0 sends the totals to all (MPI_Bcast), each rank
 *   checks them against the closed forms;
 * - a last barrier, then every rank leaves the group.
 * Rank 0 prints, for instance:
 *	spmd_mpi: 4 tasks, ring 3 x 10, sum of squares 14, max rank 3: OK
 * and exits 0 only if every rank's checks passed.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pvm3.h"

#define SPMD_GROUP	"spmd"
#define SPMD_MAXTASKS	64
#define SPMD_TAG_RING	1
#define SPMD_TAG_SUM	2
#define SPMD_TAG_MAX	3
#define SPMD_TAG_BCAST	4
#define SPMD_TAG_RESULT	5

static int	spmd_run(int, int, int);

/*
 * The program of one rank, among n, for rounds laps of the ring.
 * Returns 1 if this rank's checks passed, 0 if not.
 */
static int
spmd_run(int rank, int n, int rounds)
{
	int	next, prev, token, r, d[2], mx, tot[3], ok = 1;

	next = pvm_gettid(SPMD_GROUP, (rank + 1) % n);
	prev = pvm_gettid(SPMD_GROUP, (rank + n - 1) % n);
	if (next < 0 || prev < 0)
		return (0);

	/* The ring: rounds laps of a token. */
	for (r = 0; r < rounds; r++) {
		if (rank == 0)
			token = 0;
		else {
			pvm_recv(prev, SPMD_TAG_RING);
			pvm_upkint(&token, 1, 1);
		}
		token += rank + 1;
		pvm_initsend(PvmDataDefault);
		pvm_pkint(&token, 1, 1);
		pvm_send(next, SPMD_TAG_RING);
		if (rank == 0) {
			pvm_recv(prev, SPMD_TAG_RING);
			pvm_upkint(&token, 1, 1);
			if (token != n * (n + 1) / 2)
				ok = 0;
		}
	}

	/* Reductions to rank 0. */
	d[0] = rank * rank;
	d[1] = 1;
	mx = rank;
	if (pvm_reduce(PvmSum, d, 2, PVM_INT, SPMD_TAG_SUM, SPMD_GROUP,
	    0) < 0 || pvm_reduce(PvmMax, &mx, 1, PVM_INT, SPMD_TAG_MAX,
	    SPMD_GROUP, 0) < 0)
		return (0);

	/* Rank 0 broadcasts the totals; everyone checks them. */
	if (rank == 0) {
		tot[0] = d[0];
		tot[1] = d[1];
		tot[2] = mx;
		pvm_initsend(PvmDataDefault);
		pvm_pkint(tot, 3, 1);
		if (pvm_bcast(SPMD_GROUP, SPMD_TAG_BCAST) < 0)
			return (0);
		printf("spmd_mpi: %d tasks, ring %d x %d, sum of squares %d, "
		    "max rank %d", n, rounds, n * (n + 1) / 2, tot[0],
		    tot[2]);
	} else {
		pvm_recv(pvm_gettid(SPMD_GROUP, 0), SPMD_TAG_BCAST);
		pvm_upkint(tot, 3, 1);
	}
	if (tot[0] != (n - 1) * n * (2 * n - 1) / 6 || tot[1] != n ||
	    tot[2] != n - 1)
		ok = 0;
	if (pvm_barrier(SPMD_GROUP, n) < 0)
		ok = 0;
	return (ok);
}

int
main(int argc, char **argv)
{
	char	*args[3], nbuf[16], rbuf[16];
	int	 tids[SPMD_MAXTASKS];
	int	 n = 4, rounds = 3, rank, ok, i, all;

	if (argc > 1)
		n = atoi(argv[1]);
	if (argc > 2)
		rounds = atoi(argv[2]);
	if (n < 1 || n > SPMD_MAXTASKS || rounds < 1 || rounds > 1000) {
		fprintf(stderr, "usage: spmd_mpi [ntasks (1-%d) [rounds]]\n",
		    SPMD_MAXTASKS);
		return (2);
	}
	if (pvm_mytid() < 0) {
		pvm_perror("spmd_mpi");
		return (1);
	}
	if ((rank = pvm_joingroup(SPMD_GROUP)) < 0) {
		pvm_perror("spmd_mpi: pvm_joingroup");
		pvm_exit();
		return (1);
	}
	/* The first one in starts the others with the same arguments. */
	if (rank == 0 && pvm_parent() == PvmNoParent && n > 1) {
		snprintf(nbuf, sizeof nbuf, "%d", n);
		snprintf(rbuf, sizeof rbuf, "%d", rounds);
		args[0] = nbuf;
		args[1] = rbuf;
		args[2] = NULL;
		if (pvm_spawn("spmd_mpi", args, PvmTaskDefault, "", n - 1,
		    tids) != n - 1) {
			fprintf(stderr, "spmd_mpi: could not spawn %d tasks\n",
			    n - 1);
			pvm_lvgroup(SPMD_GROUP);
			pvm_exit();
			return (1);
		}
	}
	/* Everyone waits until all n joined: MPI_Init's guarantee. */
	if (pvm_barrier(SPMD_GROUP, n) < 0) {
		pvm_perror("spmd_mpi: pvm_barrier");
		pvm_exit();
		return (1);
	}
	ok = spmd_run(rank, n, rounds);

	/* Rank 0 collects everyone's verdict. */
	if (pvm_reduce(PvmMin, &ok, 1, PVM_INT, SPMD_TAG_RESULT, SPMD_GROUP,
	    0) < 0)
		ok = 0;
	all = ok;
	if (rank == 0)
		printf(": %s\n", all ? "OK" : "FAILED");
	i = pvm_barrier(SPMD_GROUP, n);
	pvm_lvgroup(SPMD_GROUP);
	pvm_exit();
	return (rank == 0 ? (all && i == 0 ? 0 : 1) : 0);
}
