/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * noresettest: PvmNoReset, pvm_getnoresets and the console's reset.
 *
 *	noresettest setup	spawn a "spare" task (sets PvmNoReset, puts
 *				the persistent entry nr_keep) and a
 *				"victim" (puts the persistent nr_left),
 *				wait until both are ready, check
 *				pvm_getnoresets, print "tids SPARE VICTIM"
 *	(console reset)
 *	noresettest check SPARE VICTIM
 *				the victim is gone, the spare lives and is
 *				the only task pvm_getnoresets lists; nr_left
 *				was deleted, nr_keep stays; then the spare
 *				clears PvmNoReset (and is no longer listed)
 *				and exits.  Prints "noresettest: OK".
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pvm3.h"

#define NR_TAG_READY	31
#define NR_TAG_GO	32

static void	nr_fail(const char *, ...)
		    __attribute__((format(printf, 1, 2), noreturn));
static void	nr_put(const char *, int);
static int	nr_listed(int);

static void
nr_fail(const char *fmt, ...)
{
	va_list	ap;

	printf("noresettest: FAIL: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	pvm_exit();
	exit(1);
}

/* Put a persistent entry called name holding v. */
static void
nr_put(const char *name, int v)
{
	int	mid, cc;

	mid = pvm_mkbuf(PvmDataDefault);
	pvm_setsbuf(mid);
	pvm_pkint(&v, 1, 1);
	if ((cc = pvm_putinfo((char *)name, mid, PvmMboxPersistent)) < 0)
		nr_fail("putinfo %s: %d", name, cc);
	pvm_freebuf(mid);
}

/* How many times tid is in pvm_getnoresets (tid 0: how many tasks). */
static int
nr_listed(int tid)
{
	int	*tids, n, i, k = 0;

	if (pvm_getnoresets(&tids, &n) < 0)
		nr_fail("pvm_getnoresets");
	for (i = 0; i < n; i++) {
		if (tids[i] == tid)
			k++;
	}
	return (tid == 0 ? n : k);
}

int
main(int argc, char **argv)
{
	char	*sa[] = { "spare", NULL }, *va[] = { "victim", NULL };
	int	 spare, victim, me, parent, i, cc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((me = pvm_mytid()) < 0)
		nr_fail("pvm_mytid: %d", me);
	parent = pvm_parent();
	if (argc == 2 && strcmp(argv[1], "spare") == 0) {
		if (pvm_setopt(PvmNoReset, 1) < 0 ||
		    pvm_getopt(PvmNoReset) != 1)
			nr_fail("setopt PvmNoReset");
		pvm_setopt(PvmNoReset, 1);	/* twice: one entry */
		nr_put("nr_keep", 1);
		pvm_initsend(PvmDataDefault);
		pvm_send(parent, NR_TAG_READY);
		pvm_bufinfo(pvm_recv(-1, NR_TAG_GO), NULL, NULL, &parent);
		pvm_setopt(PvmNoReset, 0);
		i = nr_listed(me);
		pvm_initsend(PvmDataDefault);
		pvm_pkint(&i, 1, 1);
		pvm_send(parent, NR_TAG_READY);
		pvm_exit();
		return (0);
	}
	if (argc == 2 && strcmp(argv[1], "victim") == 0) {
		nr_put("nr_left", 2);
		pvm_initsend(PvmDataDefault);
		pvm_send(parent, NR_TAG_READY);
		for (;;)
			pause();
	}
	if (argc == 2 && strcmp(argv[1], "setup") == 0) {
		if (pvm_spawn("noresettest", sa, 0, "", 1, &spare) != 1 ||
		    pvm_spawn("noresettest", va, 0, "", 1, &victim) != 1)
			nr_fail("spawn");
		for (i = 0; i < 2; i++)
			pvm_recv(-1, NR_TAG_READY);
		if (nr_listed(spare) != 1 || nr_listed(victim) != 0 ||
		    nr_listed(0) != 1)
			nr_fail("getnoresets before reset");
		printf("tids %x %x\n", spare, victim);
		pvm_exit();
		return (0);
	}
	if (argc == 4 && strcmp(argv[1], "check") == 0) {
		pvm_setopt(PvmAutoErr, 0);
		spare = (int)strtol(argv[2], NULL, 16);
		victim = (int)strtol(argv[3], NULL, 16);
		if ((cc = pvm_pstat(victim)) != PvmNoTask)
			nr_fail("victim survived reset: %d", cc);
		if ((cc = pvm_pstat(spare)) != PvmOk)
			nr_fail("spare did not survive reset: %d", cc);
		if (nr_listed(spare) != 1 || nr_listed(0) != 1)
			nr_fail("getnoresets after reset");
		if ((cc = pvm_recvinfo("nr_left", 0, PvmMboxDefault)) !=
		    PvmNotFound)
			nr_fail("nr_left after reset: %d", cc);
		if ((cc = pvm_recvinfo("nr_keep", 0, PvmMboxDefault)) < 0)
			nr_fail("nr_keep after reset: %d", cc);
		pvm_initsend(PvmDataDefault);
		pvm_send(spare, NR_TAG_GO);
		if (pvm_recv(spare, NR_TAG_READY) < 0)
			nr_fail("no answer from the spare");
		pvm_upkint(&i, 1, 1);
		if (i != 0)
			nr_fail("spare still listed after clearing PvmNoReset");
		printf("noresettest: OK\n");
		pvm_exit();
		return (0);
	}
	fprintf(stderr, "usage: noresettest setup | check SPARE VICTIM\n");
	return (2);
}
