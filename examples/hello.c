/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * hello: the smallest PVM program with two tasks.  It enrolls, spawns
 * one hello_other and prints the greeting that task sends back.
 *
 *	$ hello			(or, from the console: spawn -> hello)
 *	i'm t40001
 *	from t40002: hello, world from myhost
 */

#include <stdio.h>
#include <stdlib.h>

#include "pvm3.h"

#define HELLO_TAG	1	/* tag of the greeting, as hello_other sends */
#define HELLO_MAXLEN	256	/* longest greeting accepted */

int
main(void)
{
	char	 greeting[HELLO_MAXLEN];
	int	 mytid, tid, bufid, bytes, tag, src, n;

	if ((mytid = pvm_mytid()) < 0) {
		pvm_perror("hello: pvm_mytid");
		return (1);
	}
	printf("i'm t%x\n", mytid);
	fflush(stdout);

	n = pvm_spawn("hello_other", NULL, PvmTaskDefault, "", 1, &tid);
	if (n != 1) {
		if (n == 0)
			fprintf(stderr, "hello: can't start hello_other: "
			    "error %d\n", tid);
		else
			pvm_perror("hello: pvm_spawn");
		pvm_exit();
		return (1);
	}

	if ((bufid = pvm_recv(tid, HELLO_TAG)) < 0 ||
	    pvm_bufinfo(bufid, &bytes, &tag, &src) < 0) {
		pvm_perror("hello: pvm_recv");
		pvm_exit();
		return (1);
	}
	if (bytes > HELLO_MAXLEN ||
	    pvm_upkstr(greeting) < 0) {
		fprintf(stderr, "hello: bad greeting from t%x\n", src);
		pvm_exit();
		return (1);
	}
	printf("from t%x: %s\n", src, greeting);

	pvm_exit();
	return (0);
}
