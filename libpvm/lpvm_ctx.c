/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Contexts and host clocks.  The pvmd hands out contexts unique in the
 * whole virtual machine: (host number << 18) | a per-host counter, the
 * layout of a TID (see proto/pvm.proto, ContextRequest).  Every message
 * a task sends carries its current context (lpvm.ctx) and a receive only
 * sees messages of the current context.  A spawned task starts in the
 * context its parent had when it called pvm_spawn.
 */

#include <sys/types.h>
#include <sys/time.h>

#include <stdint.h>
#include <stdlib.h>

#include "lpvm.h"

#define CTX_USEC	1000000

static int	ctx_rpc(int, int, const char *);
static int	ctx_valid(int);
static int64_t	ctx_tv_usec(const struct timeval *);

/* Whether ctx has the form of a context: bits 0-29 only. */
static int
ctx_valid(int ctx)
{
	uint32_t	u = (uint32_t)ctx;

	return (ctx >= 0 &&
	    (u & ~(PVM_TID_HOST_MASK | PVM_TID_LOCAL_MASK)) == 0);
}

/*
 * Ask the pvmd to allocate (release 0) or release (release 1) a context.
 * Returns the Status code (the new context, 0) or a PVM error code,
 * reported under name.
 */
static int
ctx_rpc(int release, int ctx, const char *name)
{
	Pvm__ContextRequest	 req = PVM__CONTEXT_REQUEST__INIT;
	ProtobufCMessage	*m;
	int			 cc;

	if ((cc = lpvm_enroll()) != 0)
		return (lpvm_err(cc, name));
	req.free = release;
	req.ctx = ctx;
	if ((cc = lpvm_rpc(PVM_MSG_CONTEXT, &req.base, PVM_MSG_STATUS,
	    &m)) != 0)
		return (lpvm_err(cc, name));
	cc = ((Pvm__Status *)m)->code;
	wire_ctl_free(m);
	if (cc < 0)
		return (lpvm_err(cc, name));
	if (!release && (cc == 0 || !ctx_valid(cc)))
		return (lpvm_err(PvmDSysErr, name));
	return (cc);
}

/*
 * Allocate a new context from the pvmd; it is not made current.
 * Returns the context (> 0), or PvmOutOfRes, PvmSysErr.
 */
int
pvm_newcontext(void)
{
	return (ctx_rpc(0, 0, "pvm_newcontext"));
}

/*
 * Give back a context allocated by this task with pvm_newcontext.
 * Returns PvmOk, PvmBadParam (not a context, or the base context) or
 * PvmNotFound (this task does not hold it).
 */
int
pvm_freecontext(int ctx)
{
	int	cc;

	if (!ctx_valid(ctx) || ctx == PvmBaseContext)
		return (lpvm_err(PvmBadParam, "pvm_freecontext"));
	if ((cc = ctx_rpc(1, ctx, "pvm_freecontext")) < 0)
		return (cc);
	return (PvmOk);
}

/*
 * Make ctx the current context and return the previous one.  Any value
 * of context form is accepted (one another task allocated, too); a
 * negative or malformed one is PvmBadParam.
 */
int
pvm_setcontext(int ctx)
{
	int	cc, old;

	/* Enrol first, so that an inherited context is not set later. */
	if ((cc = lpvm_enroll()) != 0)
		return (lpvm_err(cc, "pvm_setcontext"));
	if (!ctx_valid(ctx))
		return (lpvm_err(PvmBadParam, "pvm_setcontext"));
	old = lpvm.ctx;
	lpvm.ctx = ctx;
	return (old);
}

/* Return the current context. */
int
pvm_getcontext(void)
{
	int	cc;

	if ((cc = lpvm_enroll()) != 0)
		return (lpvm_err(cc, "pvm_getcontext"));
	return (lpvm.ctx);
}

static int64_t
ctx_tv_usec(const struct timeval *tv)
{
	return ((int64_t)tv->tv_sec * CTX_USEC + tv->tv_usec);
}

/*
 * Read the clock of host (a host TID, as pvm_config gives it) into *clk
 * and the remote clock minus the mean of the local clock before and
 * after the request into *delta (microseconds normalised to 0..999999,
 * the sign in the seconds).  NULL pointers are skipped.  Returns PvmOk,
 * PvmNoHost or PvmSysErr.
 */
int
pvm_hostsync(int host, struct timeval *clk, struct timeval *delta)
{
	Pvm__HostSyncRequest	 req = PVM__HOST_SYNC_REQUEST__INIT;
	Pvm__HostSyncReply	*rep;
	ProtobufCMessage	*m;
	struct timeval		 t1, t2, remote;
	int64_t			 d, sec;
	int			 cc;

	if ((cc = lpvm_enroll()) != 0)
		return (lpvm_err(cc, "pvm_hostsync"));
	req.host = host;
	gettimeofday(&t1, NULL);
	cc = lpvm_rpc(PVM_MSG_HOSTSYNC, &req.base, PVM_MSG_HOSTSYNC_REPLY, &m);
	gettimeofday(&t2, NULL);
	if (cc != 0)
		return (lpvm_err(cc, "pvm_hostsync"));
	rep = (Pvm__HostSyncReply *)m;
	cc = rep->code;
	remote.tv_sec = (time_t)rep->sec;
	remote.tv_usec = rep->usec;
	if (cc == 0 && (rep->usec < 0 || rep->usec >= CTX_USEC ||
	    rep->sec < 0 || rep->sec > INT64_MAX / CTX_USEC - 1))
		cc = PvmDSysErr;
	wire_ctl_free(m);
	if (cc < 0)
		return (lpvm_err(cc, "pvm_hostsync"));
	if (clk != NULL)
		*clk = remote;
	if (delta != NULL) {
		d = ctx_tv_usec(&remote) -
		    (ctx_tv_usec(&t1) + ctx_tv_usec(&t2)) / 2;
		sec = d / CTX_USEC;
		if (d % CTX_USEC < 0)
			sec--;
		delta->tv_sec = (time_t)sec;
		delta->tv_usec = (suseconds_t)(d - sec * CTX_USEC);
	}
	return (PvmOk);
}
