/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Names outside the pvm_* API that PVM 3.4.6's libpvm3.so.3 exports and
 * that PVM's own examples use, kept so that those programs build and
 * run with this library (pvmsleep is in lpvm_task.c, pvmdisplaymhfinfo
 * in lpvm_mhf.c):
 * - lpvmerr(name, code): report error code for the call name the way
 *   the library reports its own errors (pvm_errno, then PvmAutoErr);
 * - pvmgetclock(tv): the time of day;
 * - pvmdebmask: PVM's library debugging mask.  Programs may set it
 *   (Debian's ptest does); this library has no such debugging output,
 *   so it is only a variable.
 */

#include <sys/types.h>
#include <sys/time.h>

#include "lpvm.h"

int	pvmdebmask;

/*
 * Report error code of the call or message name (a plain string, not a
 * format) as libpvm reports its own errors.  Returns code.
 */
int
lpvmerr(char *name, int code)
{
	return (lpvm_err(code, name != NULL ? name : "libpvm"));
}

/* Store the time of day in *tv.  Returns 0, or -1 if tv is NULL. */
int
pvmgetclock(struct timeval *tv)
{
	if (tv == NULL)
		return (-1);
	return (gettimeofday(tv, NULL));
}
