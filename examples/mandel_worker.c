/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * mandel_worker: spawned by mandel.  Computes the rows its parent asks
 * for and sends each back as (row, counts[width]) until told to stop.
 */

#include <stdio.h>
#include <stdlib.h>

#include "pvm3.h"
#include "mandel.h"

int
main(void)
{
	int	*counts;
	int	 hdr[4];
	int	 ptid, bufid, tag, y, width, height, maxiter, status;

	if (pvm_mytid() < 0) {
		pvm_perror("mandel_worker: pvm_mytid");
		return (1);
	}
	if ((ptid = pvm_parent()) < 0) {
		fprintf(stderr, "mandel_worker: must be spawned by mandel\n");
		pvm_exit();
		return (1);
	}
	if ((counts = calloc(MANDEL_MAXDIM, sizeof *counts)) == NULL) {
		fprintf(stderr, "mandel_worker: out of memory\n");
		pvm_exit();
		return (1);
	}

	status = 1;
	for (;;) {
		if ((bufid = pvm_recv(ptid, -1)) < 0 ||
		    pvm_bufinfo(bufid, NULL, &tag, NULL) < 0) {
			pvm_perror("mandel_worker: pvm_recv");
			break;
		}
		if (tag == MANDEL_TAG_STOP) {
			status = 0;
			break;
		}
		if (tag != MANDEL_TAG_WORK || pvm_upkint(hdr, 4, 1) < 0) {
			fprintf(stderr, "mandel_worker: bad request\n");
			break;
		}
		y = hdr[0];
		width = hdr[1];
		height = hdr[2];
		maxiter = hdr[3];
		if (width < 1 || width > MANDEL_MAXDIM || height < 1 ||
		    height > MANDEL_MAXDIM || y < 0 || y >= height ||
		    maxiter < 1 || maxiter > MANDEL_MAXITER) {
			fprintf(stderr, "mandel_worker: bad request\n");
			break;
		}
		mandel_row(y, width, height, maxiter, counts);
		if (pvm_initsend(PvmDataDefault) < 0 ||
		    pvm_pkint(&y, 1, 1) < 0 ||
		    pvm_pkint(counts, width, 1) < 0 ||
		    pvm_send(ptid, MANDEL_TAG_RESULT) < 0) {
			pvm_perror("mandel_worker: send");
			break;
		}
	}
	free(counts);
	pvm_exit();
	return (status);
}
