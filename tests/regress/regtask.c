/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * regtask: a task for the regress tests to spawn.
 *
 *	regtask			enroll, then wait for a message with tag
 *				REGTASK_TAG_QUIT and exit (or be killed)
 *	regtask print N		enroll, print "line 1" .. "line N" on
 *				stdout, "err line" on stderr and a last
 *				line "tail" without a newline, then exit
 *	regtask env NAME	print "NAME=value" (or "NAME unset") and
 *				"cwd=DIR", then exit
 *	regtask echo		send every message received back to its
 *				sender with the same tag, until a message
 *				with tag REGTASK_TAG_QUIT
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pvm3.h"

#define REGTASK_TAG_QUIT	99
#define REGTASK_MAXLINES	10000

static int	regtask_print(const char *);
static void	regtask_env(const char *);
static int	regtask_echo(void);

int
main(int argc, char **argv)
{
	int	mytid, ret;

	if ((mytid = pvm_mytid()) < 0) {
		fprintf(stderr, "regtask: pvm_mytid: %d\n", mytid);
		return (1);
	}
	if (argc == 3 && strcmp(argv[1], "print") == 0) {
		ret = regtask_print(argv[2]);
		pvm_exit();
		return (ret);
	}
	if (argc == 3 && strcmp(argv[1], "env") == 0) {
		regtask_env(argv[2]);
		pvm_exit();
		return (0);
	}
	if (argc == 2 && strcmp(argv[1], "echo") == 0) {
		ret = regtask_echo();
		pvm_exit();
		return (ret);
	}
	if (argc != 1) {
		fprintf(stderr,
		    "usage: regtask [print N | env NAME | echo]\n");
		pvm_exit();
		return (1);
	}
	if (pvm_recv(-1, REGTASK_TAG_QUIT) < 0) {
		pvm_exit();
		return (1);
	}
	pvm_exit();
	return (0);
}

/* Echo each message back to its sender until the quit tag; 0 or 1. */
static int
regtask_echo(void)
{
	int	bufid, tag, src;

	for (;;) {
		if ((bufid = pvm_recv(-1, -1)) < 0)
			return (1);
		if (pvm_bufinfo(bufid, NULL, &tag, &src) < 0)
			return (1);
		if (tag == REGTASK_TAG_QUIT)
			return (0);
		/* The received buffer becomes the send buffer, as is. */
		if (pvm_setsbuf(bufid) < 0 || pvm_send(src, tag) < 0)
			return (1);
		pvm_setsbuf(0);
		pvm_freebuf(bufid);
	}
}

/* Print one environment variable and the working directory. */
static void
regtask_env(const char *name)
{
	const char	*v;
	char		 cwd[4096];

	if ((v = getenv(name)) != NULL)
		printf("%s=%s\n", name, v);
	else
		printf("%s unset\n", name);
	if (getcwd(cwd, sizeof cwd) != NULL)
		printf("cwd=%s\n", cwd);
	fflush(stdout);
}

/* Print the numbered lines, one stderr line and an unterminated tail. */
static int
regtask_print(const char *arg)
{
	char	*end;
	long	 n, i;

	errno = 0;
	n = strtol(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || errno != 0 || n < 0 ||
	    n > REGTASK_MAXLINES) {
		fprintf(stderr, "regtask: bad line count %s\n", arg);
		return (1);
	}
	for (i = 1; i <= n; i++) {
		printf("line %ld\n", i);
		fflush(stdout);
	}
	fprintf(stderr, "err line\n");
	fflush(stderr);
	printf("tail");
	fflush(stdout);
	return (0);
}
