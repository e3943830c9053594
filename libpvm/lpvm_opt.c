/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * pvm_setopt and pvm_getopt.  Options that the pvmd hands down at
 * enrolment (output and trace destinations) enrol the task first, so that
 * a value set by the program is never overwritten by the inherited one.
 */

#include <sys/types.h>

#include "lpvm.h"

/* Options with no field in struct lpvm_state. */
static int	opt_trc_ctx;		/* PvmTraceContext */
static int	opt_self_trc_ctx;	/* PvmSelfTraceContext */
static int	opt_self_trc_buf;	/* PvmSelfTraceBuffer */
static int	opt_self_trc_opt = PvmTraceFull; /* PvmSelfTraceOptions */

static int	opt_inherited(int);
static int	opt_check(int, int);
static int	opt_get(int, int *);

/* Whether an option is one the pvmd sets at enrolment. */
static int
opt_inherited(int what)
{
	switch (what) {
	case PvmOutputTid:
	case PvmOutputCode:
	case PvmOutputContext:
	case PvmTraceTid:
	case PvmTraceCode:
	case PvmSelfOutputTid:
	case PvmSelfOutputCode:
	case PvmSelfOutputContext:
	case PvmSelfTraceTid:
	case PvmSelfTraceCode:
		return (1);
	default:
		return (0);
	}
}

/* Check a new value for an option.  Returns 0 or PvmBadParam. */
static int
opt_check(int what, int val)
{
	switch (what) {
	case PvmRoute:
		if (val < PvmDontRoute || val > PvmRouteDirect)
			return (PvmBadParam);
		break;
	case PvmAutoErr:
		if (val < 0 || val > 3)
			return (PvmBadParam);
		break;
	case PvmOutputTid:
	case PvmTraceTid:
	case PvmSelfOutputTid:
	case PvmSelfTraceTid:
		if (val != 0 && !lpvm_tid_valid(val))
			return (PvmBadParam);
		break;
	case PvmTraceOptions:
	case PvmSelfTraceOptions:
		if (val < PvmTraceFull || val > PvmTraceCount)
			return (PvmBadParam);
		break;
	case PvmFragSize:
		if (val < 1 || (unsigned int)val > PVM_MAX_FRAME)
			return (PvmBadParam);
		break;
	case PvmPollType:
		if (val != PvmPollConstant && val != PvmPollSleep)
			return (PvmBadParam);
		break;
	case PvmTraceBuffer:
	case PvmSelfTraceBuffer:
	case PvmPollTime:
		if (val < 0)
			return (PvmBadParam);
		break;
	case PvmDebugMask:
	case PvmOutputCode:
	case PvmTraceCode:
	case PvmResvTids:
	case PvmSelfOutputCode:
	case PvmSelfTraceCode:
	case PvmShowTids:
	case PvmOutputContext:
	case PvmTraceContext:
	case PvmSelfOutputContext:
	case PvmSelfTraceContext:
	case PvmNoReset:
		break;
	default:
		return (PvmBadParam);
	}
	return (0);
}

/* The current value of an option in *valp.  Returns 0 or PvmBadParam. */
static int
opt_get(int what, int *valp)
{
	switch (what) {
	case PvmRoute:
		*valp = lpvm.route;
		break;
	case PvmDebugMask:
		*valp = lpvm.debugmask;
		break;
	case PvmAutoErr:
		*valp = lpvm.autoerr;
		break;
	case PvmOutputTid:
		*valp = lpvm.out_tid;
		break;
	case PvmOutputCode:
		*valp = lpvm.out_tag;
		break;
	case PvmTraceTid:
		*valp = lpvm.trc_tid;
		break;
	case PvmTraceCode:
		*valp = lpvm.trc_tag;
		break;
	case PvmTraceBuffer:
		*valp = lpvm.trc_buf;
		break;
	case PvmTraceOptions:
		*valp = lpvm.trc_opt;
		break;
	case PvmFragSize:
		*valp = lpvm.fragsize;
		break;
	case PvmResvTids:
		*valp = lpvm.resvtids;
		break;
	case PvmSelfOutputTid:
		*valp = lpvm.self_out_tid;
		break;
	case PvmSelfOutputCode:
		*valp = lpvm.self_out_tag;
		break;
	case PvmSelfTraceTid:
		*valp = lpvm.self_trc_tid;
		break;
	case PvmSelfTraceCode:
		*valp = lpvm.self_trc_tag;
		break;
	case PvmSelfTraceBuffer:
		*valp = opt_self_trc_buf;
		break;
	case PvmSelfTraceOptions:
		*valp = opt_self_trc_opt;
		break;
	case PvmShowTids:
		*valp = lpvm.showtids;
		break;
	case PvmPollType:
		*valp = lpvm.polltype;
		break;
	case PvmPollTime:
		*valp = lpvm.polltime;
		break;
	case PvmOutputContext:
		*valp = lpvm.out_ctx;
		break;
	case PvmTraceContext:
		*valp = opt_trc_ctx;
		break;
	case PvmSelfOutputContext:
		*valp = lpvm.self_out_ctx;
		break;
	case PvmSelfTraceContext:
		*valp = opt_self_trc_ctx;
		break;
	case PvmNoReset:
		*valp = lpvm.noreset;
		break;
	default:
		return (PvmBadParam);
	}
	return (0);
}

/*
 * Set a libpvm option and return its previous value, or PvmBadParam for
 * an unknown option or a bad value.  Setting a PvmSelf* output or trace
 * destination also sets the one given to children, as PVM 3.4 does.
 */
int
pvm_setopt(int what, int val)
{
	int	old, cc;

	if (opt_inherited(what))
		(void)lpvm_enroll();
	if (opt_get(what, &old) != 0 || opt_check(what, val) != 0)
		return (lpvm_err(PvmBadParam, "pvm_setopt"));
	switch (what) {
	case PvmRoute:
		lpvm.route = val;
		break;
	case PvmDebugMask:
		lpvm.debugmask = val;
		break;
	case PvmAutoErr:
		lpvm.autoerr = val;
		break;
	case PvmOutputTid:
		lpvm.out_tid = val;
		break;
	case PvmOutputCode:
		lpvm.out_tag = val;
		break;
	case PvmTraceTid:
		lpvm.trc_tid = val;
		break;
	case PvmTraceCode:
		lpvm.trc_tag = val;
		break;
	case PvmTraceBuffer:
		lpvm.trc_buf = val;
		break;
	case PvmTraceOptions:
		lpvm.trc_opt = val;
		break;
	case PvmFragSize:
		lpvm.fragsize = val;
		break;
	case PvmResvTids:
		lpvm.resvtids = val != 0;
		break;
	case PvmSelfOutputTid:
		lpvm.self_out_tid = val;
		lpvm.out_tid = lpvm.self_out_tid;
		lpvm.out_tag = lpvm.self_out_tag;
		break;
	case PvmSelfOutputCode:
		lpvm.self_out_tag = val;
		lpvm.out_tid = lpvm.self_out_tid;
		lpvm.out_tag = lpvm.self_out_tag;
		break;
	case PvmSelfTraceTid:
		lpvm.self_trc_tid = val;
		lpvm.trc_tid = lpvm.self_trc_tid;
		lpvm.trc_tag = lpvm.self_trc_tag;
		break;
	case PvmSelfTraceCode:
		lpvm.self_trc_tag = val;
		lpvm.trc_tid = lpvm.self_trc_tid;
		lpvm.trc_tag = lpvm.self_trc_tag;
		break;
	case PvmSelfTraceBuffer:
		opt_self_trc_buf = val;
		break;
	case PvmSelfTraceOptions:
		opt_self_trc_opt = val;
		break;
	case PvmShowTids:
		lpvm.showtids = val != 0;
		break;
	case PvmPollType:
		lpvm.polltype = val;
		break;
	case PvmPollTime:
		lpvm.polltime = val;
		break;
	case PvmOutputContext:
		lpvm.out_ctx = val;
		break;
	case PvmTraceContext:
		opt_trc_ctx = val;
		break;
	case PvmSelfOutputContext:
		lpvm.self_out_ctx = val;
		lpvm.out_ctx = val;
		break;
	case PvmSelfTraceContext:
		opt_self_trc_ctx = val;
		opt_trc_ctx = val;
		break;
	case PvmNoReset:
		if ((cc = lpvm_noreset_set(val != 0)) < 0)
			return (lpvm_err(cc, "pvm_setopt"));
		lpvm.noreset = val != 0;
		break;
	}
	return (old);
}

/* The current value of a libpvm option, or PvmBadParam. */
int
pvm_getopt(int what)
{
	int	val;

	if (opt_inherited(what))
		(void)lpvm_enroll();
	if (opt_get(what, &val) != 0)
		return (lpvm_err(PvmBadParam, "pvm_getopt"));
	return (val);
}
