/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Error reporting of libpvm: pvm_errno, the text of each error code,
 * pvm_perror(), and lpvm_err(), through which every failing call of the
 * library returns so that PvmAutoErr is honoured in one place.
 */

#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "lpvm.h"
#include "pvm3x.h"

static void	err_whoami(char *, size_t);
static void	err_print(const char *, const char *, const char *);

/* Code of the last failed call, as in PVM 3.4. */
int pvm_errno;

/*
 * Text of each error code, indexed by -code (PVM 3.4 exports this array
 * and its length; some programs read it directly).  Unused codes get a
 * text that says so.
 */
char *pvm_errlist[] = {
	"No error",					/*  0 */
	"Unused error code -1",				/*  -1 */
	"Bad parameter",				/*  -2 PvmBadParam */
	"Parameters do not match",			/*  -3 PvmMismatch */
	"Value too large",				/*  -4 PvmOverflow */
	"End of buffer",				/*  -5 PvmNoData */
	"No such host",					/*  -6 PvmNoHost */
	"No such file",					/*  -7 PvmNoFile */
	"Permission denied",				/*  -8 PvmDenied */
	"Unused error code -9",				/*  -9 */
	"Out of memory",				/* -10 PvmNoMem */
	"Unused error code -11",			/* -11 */
	"Message cannot be decoded",			/* -12 PvmBadMsg */
	"Unused error code -13",			/* -13 */
	"Cannot reach the local pvmd",			/* -14 PvmSysErr */
	"No current buffer",				/* -15 PvmNoBuf */
	"No such buffer",				/* -16 PvmNoSuchBuf */
	"Null group name",				/* -17 PvmNullGroup */
	"Already in group",				/* -18 PvmDupGroup */
	"No such group",				/* -19 PvmNoGroup */
	"Not in group",					/* -20 PvmNotInGroup */
	"No such instance",				/* -21 PvmNoInst */
	"Host failed",					/* -22 PvmHostFail */
	"No parent task",				/* -23 PvmNoParent */
	"Not implemented",				/* -24 PvmNotImpl */
	"Internal error in the pvmd",			/* -25 PvmDSysErr */
	"Protocol version mismatch",			/* -26 PvmBadVersion */
	"Out of resources",				/* -27 PvmOutOfRes */
	"Host already in the virtual machine",		/* -28 PvmDupHost */
	"Cannot start pvmd",				/* -29 PvmCantStart */
	"Already in progress",				/* -30 PvmAlready */
	"No such task",					/* -31 PvmNoTask */
	"Not found",					/* -32 PvmNotFound */
	"Already exists",				/* -33 PvmExists */
	"Hoster must run on the master host",		/* -34 PvmHostrNMstr */
	"Spawning parent set PvmNoSpawnParent",	/* -35 PvmParentNotSet */
	"Master host address is a loopback address",	/* -36 PvmIPLoopback */
};

/* Number of entries of pvm_errlist. */
int pvm_nerr = sizeof(pvm_errlist) / sizeof(pvm_errlist[0]);

/* Text of a code that is no PVM error. */
static const char err_unknown[] = "Unknown error";

/* Return the text of error code code; never NULL. */
const char *
pvm_errstr(int code)
{
	if (code > 0 || code <= -pvm_nerr)
		return (err_unknown);
	return (pvm_errlist[-code]);
}

/* Return the text of the last error, pvm_errno (PVM takes no argument). */
char *
pvm_strerror(void)
{
	return ((char *)pvm_errstr(pvm_errno));
}

/* Print msg and the text of pvm_errno on stderr, the way PVM does. */
int
pvm_perror(char *msg)
{
	char	who[32];

	err_whoami(who, sizeof(who));
	err_print(who, msg != NULL ? msg : "(null)", pvm_errstr(pvm_errno));
	return (0);
}

/*
 * Record a failure of the public call fn (its bare name, "pvm_send") and
 * return code.  Sets pvm_errno and, per PvmAutoErr: 0 nothing more, 1
 * print "libpvm [t40001]: pvm_send(): text" on stderr, 2 also leave the
 * virtual machine and exit(code), 3 also abort().  Values 2 and 3 are
 * the only way libpvm ever ends the process: the user asked for it (see
 * pvm_setopt(3PVM)).  A code >= 0 is no failure: it is returned as is
 * and nothing is recorded.
 */
int
lpvm_err(int code, const char *fn)
{
	char	who[32], where[128];
	int	mode;

	if (code >= 0)
		return (code);
	pvm_errno = code;
	mode = lpvm.autoerr;
	if (mode == 0)
		return (code);

	err_whoami(who, sizeof(who));
	snprintf(where, sizeof(where), "%s()", fn != NULL ? fn : "libpvm");
	err_print(who, where, pvm_errstr(code));

	if (mode == 2) {
		/* No reporting from inside pvm_exit, and no recursion. */
		lpvm.autoerr = 0;
		pvm_exit();
		exit(code);
	}
	if (mode == 3)
		abort();
	return (code);
}

/* Name this process the way PVM's messages do: t40001, or pid1234. */
static void
err_whoami(char *buf, size_t len)
{
	if (lpvm.mytid > 0)
		snprintf(buf, len, "t%x", (unsigned int)lpvm.mytid);
	else
		snprintf(buf, len, "pid%ld", (long)getpid());
}

/*
 * Write one "libpvm [who]: what: text" line to stderr with a single
 * write, so lines of tasks sharing an output pipe do not mix.
 */
static void
err_print(const char *who, const char *what, const char *text)
{
	char	line[1024];
	int	n;

	n = snprintf(line, sizeof(line), "libpvm [%s]: %s: %s\n", who, what,
	    text);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line)) {
		/* Truncated: keep the line ending. */
		n = sizeof(line) - 1;
		line[n - 1] = '\n';
	}
	fflush(stderr);
	if (write(STDERR_FILENO, line, n) == -1)
		return;
}
