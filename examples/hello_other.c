/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * hello_other: spawned by hello.  Sends its parent one string,
 * "hello, world from HOSTNAME", with tag 1 and exits.
 */

#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "pvm3.h"

#define HELLO_TAG	1

#ifndef HOST_NAME_MAX
#define HOST_NAME_MAX	255
#endif

int
main(void)
{
	char	 host[HOST_NAME_MAX + 1];
	char	 greeting[HOST_NAME_MAX + 64];
	int	 ptid;

	if (pvm_mytid() < 0) {
		pvm_perror("hello_other: pvm_mytid");
		return (1);
	}
	if ((ptid = pvm_parent()) < 0) {
		fprintf(stderr, "hello_other: no parent (start hello)\n");
		pvm_exit();
		return (1);
	}

	if (gethostname(host, sizeof host) == -1)
		snprintf(host, sizeof host, "unknown");
	host[sizeof host - 1] = '\0';
	snprintf(greeting, sizeof greeting, "hello, world from %s", host);

	if (pvm_initsend(PvmDataDefault) < 0 ||
	    pvm_pkstr(greeting) < 0 ||
	    pvm_send(ptid, HELLO_TAG) < 0) {
		pvm_perror("hello_other: send");
		pvm_exit();
		return (1);
	}
	pvm_exit();
	return (0);
}
