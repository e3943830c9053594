/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * pvm3.h: the PVM 3.4 programming interface.
 *
 * Programs written for PVM 3.4 compile unchanged against this header, and
 * binaries built against PVM 3.4.6 run against this library: every name,
 * value, struct layout and prototype below is part of that contract and is
 * never changed.  New calls are declared in <pvm3x.h>, never here.
 *
 * Conventions of the whole API, unless a function says otherwise:
 *  - A call returns a value >= 0 on success, or a negative error code
 *    (PvmBadParam, ...).  The code of the last failure is also kept in
 *    pvm_errno, and printed on stderr when PvmAutoErr is set.
 *  - Strings and arrays passed in are only read during the call; the
 *    caller keeps ownership.  Memory a call hands back (struct arrays of
 *    pvm_config, pvm_tasks, ...) belongs to the library and stays valid
 *    until the next call of the same function.
 *  - Prototypes carry no parameter names, so that user macros can never
 *    collide with them; the comments name the parameters in order.
 */

#ifndef PVM3_H
#define PVM3_H

#include <sys/time.h>

#include <stdio.h>

/* Version of the PVM interface this header is compatible with. */
#define PVM_VER			"3.4.6"
#define PVM_MAJOR_VERSION	3
#define PVM_MINOR_VERSION	4
#define PVM_PATCH_VERSION	6

/* Mark of every declaration that leaves the shared library. */
#if defined(__GNUC__) && __GNUC__ >= 4
#define PVM_API			__attribute__((__visibility__("default")))
#else
#define PVM_API
#endif

/* Encodings of a send buffer: pvm_initsend(), pvm_mkbuf(). */
#define PvmDataDefault		0	/* XDR: portable between hosts */
#define PvmDataRaw		1	/* native byte order, no conversion */
#define PvmDataInPlace		2	/* data read from user memory at send */
#define PvmDataFoo		PvmDataDefault
#define PvmDataTrace		4	/* trace event encoding */

/* Flags of pvm_spawn(). */
#define PvmTaskDefault		0	/* the library chooses the host */
#define PvmTaskHost		1	/* where names a host */
#define PvmTaskArch		2	/* where names an architecture */
#define PvmTaskDebug		4	/* start under the debugger */
#define PvmTaskTrace		8	/* the new tasks produce trace events */
#define PvmMppFront		16	/* MPP front end node */
#define PvmHostCompl		32	/* any host but the one named */
#define PvmNoSpawnParent	64	/* the new tasks have no parent */

/* Events of pvm_notify(), and the flag that cancels a request. */
#define PvmTaskExit		1
#define PvmHostDelete		2
#define PvmHostAdd		3
#define PvmRouteAdd		4
#define PvmRouteDelete		5
#define PvmNotifyCancel		256

/* Options of pvm_setopt() and pvm_getopt(), with their values. */
#define PvmRoute		1
#define PvmDontRoute		1	/* PvmRoute: always through pvmd */
#define PvmAllowDirect		2	/* PvmRoute: accept direct routes */
#define PvmRouteDirect		3	/* PvmRoute: ask for direct routes */
#define PvmDebugMask		2
#define PvmAutoErr		3	/* 0 quiet, 1 print, 2 exit, 3 abort */
#define PvmOutputTid		4	/* where children's output goes */
#define PvmOutputCode		5	/* message tag of that output */
#define PvmTraceTid		6	/* where children's trace goes */
#define PvmTraceCode		7
#define PvmTraceBuffer		8
#define PvmTraceOptions		9
#define PvmTraceFull		1	/* PvmTraceOptions values */
#define PvmTraceTime		2
#define PvmTraceCount		3
#define PvmFragSize		10
#define PvmResvTids		11	/* allow reserved tags and contexts */
#define PvmSelfOutputTid	12	/* the same four for this task */
#define PvmSelfOutputCode	13
#define PvmSelfTraceTid		14
#define PvmSelfTraceCode	15
#define PvmSelfTraceBuffer	16
#define PvmSelfTraceOptions	17
#define PvmShowTids		18	/* pvm_catchout() prefixes task ids */
#define PvmPollType		19
#define PvmPollConstant		1	/* PvmPollType values */
#define PvmPollSleep		2
#define PvmPollTime		20
#define PvmOutputContext	21
#define PvmTraceContext		22
#define PvmSelfOutputContext	23
#define PvmSelfTraceContext	24
#define PvmNoReset		25	/* survive a reset of the machine */

/* Whose trace mask pvm_settmask() and pvm_gettmask() mean. */
#define PvmTaskSelf		0
#define PvmTaskChild		1

/* The context every task starts in (PVM 3.3 programs never leave it). */
#define PvmBaseContext		0

/* Flags of the message mailbox: pvm_putinfo(), pvm_recvinfo(). */
#define PvmMboxDefault		0
#define PvmMboxPersistent	1	/* survives the exit of its owner */
#define PvmMboxMultiInstance	2	/* a class may hold several entries */
#define PvmMboxOverWritable	4	/* others may replace the entry */
#define PvmMboxFirstAvail	8	/* first free index >= the one given */
#define PvmMboxReadAndDelete	16	/* read and remove in one step */
#define PvmMboxWaitForInfo	32	/* pvm_recvinfo() blocks */
#define PvmMboxMaxFlag		512	/* highest flag bit */

/*
 * An entry index may also travel inside the flags, above the highest
 * flag bit: PvmMboxDirectIndex(i) encodes it (an index too large is
 * reported on stderr and encodes as 0), PvmMboxDirectIndexOf(f) decodes.
 */
#define PvmMboxDirectIndexShift	10
#define PvmMboxMaxDirectIndex						\
	((unsigned)1 << (31 - PvmMboxDirectIndexShift))
#define PvmMboxDirectIndexOf(f)						\
	(((f) >> PvmMboxDirectIndexShift) &				\
	    (PvmMboxMaxDirectIndex - 1))
#define PvmMboxDirectIndex(i)						\
	((unsigned)(i) < PvmMboxMaxDirectIndex ?			\
	    ((i) << PvmMboxDirectIndexShift) :				\
	    (fprintf(stderr, "Mbox Direct Index Too Large: %d >= %d\n",	\
	    (int)(i), (int)PvmMboxMaxDirectIndex), 0))

/* Mailbox classes the system itself uses. */
#define PVMNORESETCLASS		"###_PVM_NO_RESET_###"
#define PVMHOSTERCLASS		"###_PVM_HOSTER_###"
#define PVMTASKERCLASS		"###_PVM_TASKER_###"
#define PVMTRACERCLASS		"###_PVM_TRACER_###"
#define PVMRMCLASS		"###_PVM_RM_###"

/*
 * Error codes.  New codes are only ever appended below PvmIPLoopback;
 * pvm_strerror() and pvm_perror() give their text.
 */
#define PvmOk			0
#define PvmBadParam		-2	/* an argument is invalid */
#define PvmMismatch		-3	/* arguments disagree */
#define PvmOverflow		-4	/* a value does not fit */
#define PvmNoData		-5	/* read past the end of a buffer */
#define PvmNoHost		-6	/* unknown host */
#define PvmNoFile		-7	/* executable not found */
#define PvmDenied		-8	/* not allowed */
#define PvmNoMem		-10	/* out of memory */
#define PvmBadMsg		-12	/* message cannot be decoded */
#define PvmSysErr		-14	/* the local pvmd cannot be reached */
#define PvmNoBuf		-15	/* no current buffer */
#define PvmNoSuchBuf		-16	/* unknown buffer id */
#define PvmNullGroup		-17	/* empty group name */
#define PvmDupGroup		-18	/* already a member */
#define PvmNoGroup		-19	/* unknown group */
#define PvmNotInGroup		-20	/* not a member */
#define PvmNoInst		-21	/* unknown instance */
#define PvmHostFail		-22	/* the host failed */
#define PvmNoParent		-23	/* the task has no parent */
#define PvmNotImpl		-24	/* not implemented */
#define PvmDSysErr		-25	/* the pvmd had an internal error */
#define PvmBadVersion		-26	/* protocol versions differ */
#define PvmOutOfRes		-27	/* a resource is exhausted */
#define PvmDupHost		-28	/* host already in the machine */
#define PvmCantStart		-29	/* a pvmd could not be started */
#define PvmAlready		-30	/* operation already under way */
#define PvmNoTask		-31	/* unknown task */
#define PvmNotFound		-32	/* no such entry */
#define PvmExists		-33	/* entry already there */
#define PvmHostrNMstr		-34	/* hoster not on the master host */
#define PvmParentNotSet		-35	/* the spawner gave no parent */
#define PvmIPLoopback		-36	/* master address is loopback */

/* Names the PVM 3.3 mailbox calls used for two of the codes above. */
#define PvmNoEntry		PvmNotFound
#define PvmDupEntry		PvmDenied

/* Data types of pvm_psend(), pvm_precv() and pvm_reduce(). */
#define PVM_STR			0
#define PVM_BYTE		1	/* char */
#define PVM_SHORT		2
#define PVM_INT			3
#define PVM_FLOAT		4
#define PVM_CPLX		5	/* float pair: real, imaginary */
#define PVM_DOUBLE		6
#define PVM_DCPLX		7	/* double pair */
#define PVM_LONG		8
#define PVM_USHORT		9
#define PVM_UINT		10
#define PVM_ULONG		11

/* Temporary file names (a convenience some PVM programs use). */
#define PVMTMPNAMFUN(x)		tmpnam(x)
#ifdef L_tmpnam
#define PVMTMPNAMLEN		L_tmpnam
#else
#define PVMTMPNAMLEN		128
#endif

/* One host of the virtual machine: pvm_config(), pvm_reg_rm(). */
struct pvmhostinfo {
	int		 hi_tid;	/* TID of the host's pvmd */
	char		*hi_name;	/* host name */
	char		*hi_arch;	/* architecture, e.g. "LINUX64" */
	int		 hi_speed;	/* relative speed */
	int		 hi_dsig;	/* data format signature */
};

/* One task: pvm_tasks(). */
struct pvmtaskinfo {
	int		 ti_tid;	/* task TID */
	int		 ti_ptid;	/* parent TID */
	int		 ti_host;	/* TID of its host's pvmd */
	int		 ti_flag;	/* status flags */
	char		*ti_a_out;	/* executable name */
	int		 ti_pid;	/* process id */
};

/* Header of a message buffer: pvm_getminfo(), pvm_setminfo(). */
struct pvmminfo {
	int		 len;		/* length in bytes */
	int		 ctx;		/* context */
	int		 tag;		/* message tag */
	int		 wid;		/* wait id */
	int		 enc;		/* encoding */
	int		 crc;		/* checksum */
	int		 src;		/* sender TID */
	int		 dst;		/* receiver TID */
};

/* One mailbox class: pvm_getmboxinfo(). */
struct pvmmboxinfo {
	char		*mi_name;	/* class name */
	int		 mi_nentries;	/* entries in the three arrays */
	int		*mi_indices;	/* entry indices */
	int		*mi_owners;	/* TIDs of the owners */
	int		*mi_flags;	/* flags of each entry */
};

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup pvm_err Errors
 * pvm_errno holds the code of the last failed call (it is not cleared by
 * calls that succeed).  pvm_errlist[-code] is the text of each code from
 * 0 down to -(pvm_nerr - 1); the array belongs to the library.
 * pvm_perror(msg) prints "libpvm [tTID]: msg: text of pvm_errno" on
 * stderr and returns 0.  pvm_strerror() returns the text of pvm_errno in
 * static storage owned by the library (PVM 3.4.6 takes no argument; use
 * pvm_errstr() of <pvm3x.h> for the text of a given code).
 * @{
 */
extern PVM_API int	 pvm_errno;
extern PVM_API char	*pvm_errlist[];
extern PVM_API int	 pvm_nerr;
PVM_API int	 pvm_perror(char *);
PVM_API char	*pvm_strerror(void);
/** @} */

/**
 * @defgroup pvm_task Tasks
 * pvm_mytid() enrols the process and returns its TID, pvm_parent() the
 * spawner's TID (or PvmNoParent), pvm_exit() leaves the virtual machine
 * (0 or an error).  pvm_spawn(task, argv, flags, where, ntask, tids)
 * starts ntask copies and returns how many started; tids[] (caller's,
 * ntask entries) gets a TID or a negative error code for each.
 * pvm_kill(tid), pvm_sendsig(tid, signum) and pvm_pstat(tid) return 0 (a
 * running task for pvm_pstat), PvmNoTask or another error.
 * pvm_tasks(where, &ntask, &info) returns 0 and an array owned by the
 * library; pvm_siblings(&tids) returns the number of siblings and an
 * array owned by the library.  pvm_tidtohost(tid) returns the TID of the
 * task's pvmd.  pvm_notify(what, msgtag, cnt, tids) asks for messages on
 * events (PvmTaskExit, ...), and returns 0 or an error.  pvm_catchout(fp)
 * copies the output of children spawned later to fp.  pvm_getfds(&fds)
 * returns the number of descriptors the library waits on and an array
 * owned by the library.  pvm_export(name) and pvm_unexport(name) edit the
 * PVM_EXPORT list of environment variables passed to spawned tasks and
 * return 0.  pvm_tickle(what, &nargs, args, &nres) is the debugging hook
 * of the pvmd.
 * @{
 */
PVM_API int	 pvm_mytid(void);
PVM_API int	 pvm_parent(void);
PVM_API int	 pvm_exit(void);
PVM_API int	 pvm_spawn(char *, char **, int, char *, int, int *);
PVM_API int	 pvm_kill(int);
PVM_API int	 pvm_sendsig(int, int);
PVM_API int	 pvm_pstat(int);
PVM_API int	 pvm_tasks(int, int *, struct pvmtaskinfo **);
PVM_API int	 pvm_siblings(int **);
PVM_API int	 pvm_tidtohost(int);
PVM_API int	 pvm_notify(int, int, int, int *);
PVM_API int	 pvm_catchout(FILE *);
PVM_API int	 pvm_getfds(int **);
PVM_API int	 pvm_export(char *);
PVM_API int	 pvm_unexport(char *);
PVM_API int	 pvm_tickle(int, int *, int *, int *);
/** @} */

/**
 * @defgroup pvm_machine The virtual machine
 * pvm_config(&nhost, &narch, &hosts) returns 0 and an array owned by the
 * library.  pvm_addhosts(names, count, infos) and pvm_delhosts(names,
 * count, infos) return how many hosts were added or removed, with a
 * pvmd TID or error code per host in infos[] (caller's, may be NULL).
 * pvm_mstat(host) returns PvmOk, PvmNoHost or PvmHostFail.
 * pvm_archcode(arch) returns the data format class of an architecture.
 * pvm_halt() stops the whole virtual machine.  pvm_start_pvmd(argc,
 * argv, block) starts a pvmd and returns 0 or PvmDupHost if one runs.
 * pvm_hostsync(host, &local, &delta) reads a host's clock.
 * pvm_getnoresets(&tids, &ntids) lists tasks that survive a reset (array
 * owned by the library).  pvm_version() returns the version string,
 * owned by the library.  The pvm_reg_* calls register this task as the
 * hoster, resource manager, tasker or tracer of the machine.
 * @{
 */
PVM_API int	 pvm_config(int *, int *, struct pvmhostinfo **);
PVM_API int	 pvm_addhosts(char **, int, int *);
PVM_API int	 pvm_delhosts(char **, int, int *);
PVM_API int	 pvm_mstat(char *);
PVM_API int	 pvm_archcode(char *);
PVM_API int	 pvm_halt(void);
PVM_API int	 pvm_start_pvmd(int, char **, int);
PVM_API int	 pvm_hostsync(int, struct timeval *, struct timeval *);
PVM_API int	 pvm_getnoresets(int **, int *);
PVM_API char	*pvm_version(void);
PVM_API int	 pvm_reg_hoster(void);
PVM_API int	 pvm_reg_rm(struct pvmhostinfo **);
PVM_API int	 pvm_reg_tasker(void);
PVM_API int	 pvm_reg_tracer(int, int, int, int, char *, int, int);
/** @} */

/**
 * @defgroup pvm_opt Options
 * pvm_setopt(what, val) sets an option (PvmRoute, PvmAutoErr, ...) and
 * returns its previous value; pvm_getopt(what) returns the current one.
 * Both return PvmBadParam for an unknown option.
 * @{
 */
PVM_API int	 pvm_setopt(int, int);
PVM_API int	 pvm_getopt(int);
/** @} */

/**
 * @defgroup pvm_buf Message buffers
 * Buffers are named by positive ids and owned by the library.
 * pvm_initsend(enc) clears the send buffer (creating one if needed) and
 * returns its id; pvm_mkbuf(enc) returns the id of a new buffer;
 * pvm_freebuf(id) frees one.  pvm_getsbuf() and pvm_getrbuf() return the
 * current send and receive buffer (0 if none); pvm_setsbuf(id) and
 * pvm_setrbuf(id) make another current and return the previous id.
 * pvm_bufinfo(id, &bytes, &msgtag, &tid) and pvm_getminfo(id, info)
 * describe a buffer; pvm_setminfo(id, info) changes its header.
 * pvm_pkmesg(id) packs a whole message into the send buffer,
 * pvm_pkmesgbody(id) only its body, pvm_upkmesg() unpacks one and
 * returns its id.  All return 0 (or an id) on success.
 * @{
 */
PVM_API int	 pvm_initsend(int);
PVM_API int	 pvm_mkbuf(int);
PVM_API int	 pvm_freebuf(int);
PVM_API int	 pvm_getsbuf(void);
PVM_API int	 pvm_getrbuf(void);
PVM_API int	 pvm_setsbuf(int);
PVM_API int	 pvm_setrbuf(int);
PVM_API int	 pvm_bufinfo(int, int *, int *, int *);
PVM_API int	 pvm_getminfo(int, struct pvmminfo *);
PVM_API int	 pvm_setminfo(int, struct pvmminfo *);
PVM_API int	 pvm_pkmesg(int);
PVM_API int	 pvm_pkmesgbody(int);
PVM_API int	 pvm_upkmesg(void);
/** @} */

/**
 * @defgroup pvm_pack Packing and unpacking
 * pvm_pkTYPE(addr, nitem, stride) appends nitem values taken every
 * stride elements from addr to the send buffer; pvm_upkTYPE() reads them
 * back from the receive buffer into the caller's memory.  pvm_pkstr() and
 * pvm_upkstr() move one NUL-terminated string (the caller's buffer must
 * be large enough).  pvm_packf() and pvm_unpackf() take a printf-like
 * format.  All return 0, PvmNoData at the end of a buffer, PvmNoBuf
 * without a current buffer, or another error.
 * @{
 */
PVM_API int	 pvm_pkbyte(char *, int, int);
PVM_API int	 pvm_pkcplx(float *, int, int);
PVM_API int	 pvm_pkdcplx(double *, int, int);
PVM_API int	 pvm_pkdouble(double *, int, int);
PVM_API int	 pvm_pkfloat(float *, int, int);
PVM_API int	 pvm_pkint(int *, int, int);
PVM_API int	 pvm_pklong(long *, int, int);
PVM_API int	 pvm_pkshort(short *, int, int);
PVM_API int	 pvm_pkstr(char *);
PVM_API int	 pvm_pkuint(unsigned int *, int, int);
PVM_API int	 pvm_pkulong(unsigned long *, int, int);
PVM_API int	 pvm_pkushort(unsigned short *, int, int);
PVM_API int	 pvm_upkbyte(char *, int, int);
PVM_API int	 pvm_upkcplx(float *, int, int);
PVM_API int	 pvm_upkdcplx(double *, int, int);
PVM_API int	 pvm_upkdouble(double *, int, int);
PVM_API int	 pvm_upkfloat(float *, int, int);
PVM_API int	 pvm_upkint(int *, int, int);
PVM_API int	 pvm_upklong(long *, int, int);
PVM_API int	 pvm_upkshort(short *, int, int);
PVM_API int	 pvm_upkstr(char *);
PVM_API int	 pvm_upkuint(unsigned int *, int, int);
PVM_API int	 pvm_upkulong(unsigned long *, int, int);
PVM_API int	 pvm_upkushort(unsigned short *, int, int);
PVM_API int	 pvm_packf(const char *, ...);
PVM_API int	 pvm_unpackf(const char *, ...);
/** @} */

/**
 * @defgroup pvm_msg Sending and receiving
 * pvm_send(tid, msgtag) and pvm_mcast(tids, ntask, msgtag) send the
 * current send buffer (which stays the caller's) and return 0 or an
 * error.  pvm_recv(tid, msgtag) blocks, pvm_nrecv() does not (0 if
 * nothing matched), pvm_trecv() waits at most the given time (0 on
 * timeout); on success they return the id of the new receive buffer.
 * pvm_probe() returns that id without receiving, or 0.  -1 matches any
 * TID or tag.  pvm_psend(tid, msgtag, buf, len, type) and pvm_precv(tid,
 * msgtag, buf, len, type, &rtid, &rtag, &rlen) pack and send, or receive
 * and unpack, in one call.  pvm_recvf(fn) installs a matching function
 * and returns the previous one.
 * @{
 */
PVM_API int	 pvm_send(int, int);
PVM_API int	 pvm_mcast(int *, int, int);
PVM_API int	 pvm_psend(int, int, void *, int, int);
PVM_API int	 pvm_recv(int, int);
PVM_API int	 pvm_nrecv(int, int);
PVM_API int	 pvm_trecv(int, int, struct timeval *);
PVM_API int	 pvm_probe(int, int);
PVM_API int	 pvm_precv(int, int, void *, int, int, int *, int *, int *);
PVM_API int	(*pvm_recvf(int (*)(int, int, int)))(int, int, int);
/** @} */

/**
 * @defgroup pvm_ctx Contexts and message handlers
 * pvm_newcontext() returns a new context, pvm_setcontext(ctx) makes it
 * current and returns the previous one, pvm_getcontext() returns the
 * current one, pvm_freecontext(ctx) releases one.
 * pvm_addmhf(src, tag, ctx, fn) installs a handler called for matching
 * messages and returns its id; pvm_delmhf(id) removes it.
 * @{
 */
PVM_API int	 pvm_newcontext(void);
PVM_API int	 pvm_setcontext(int);
PVM_API int	 pvm_getcontext(void);
PVM_API int	 pvm_freecontext(int);
PVM_API int	 pvm_addmhf(int, int, int, int (*)(int));
PVM_API int	 pvm_delmhf(int);
/** @} */

/**
 * @defgroup pvm_mbox Message mailbox
 * pvm_putinfo(name, bufid, flags) stores a copy of a buffer under a class
 * name and returns its index; pvm_recvinfo(name, index, flags) returns
 * the id of a new buffer with a copy; pvm_delinfo(name, index, flags)
 * removes an entry.  pvm_getmboxinfo(pattern, &nclasses, &classes)
 * returns 0 and an array owned by the library.  pvm_insert(), pvm_lookup()
 * and pvm_delete() are the PVM 3.3 calls, built on the same mailbox.
 * @{
 */
PVM_API int	 pvm_putinfo(char *, int, int);
PVM_API int	 pvm_recvinfo(char *, int, int);
PVM_API int	 pvm_delinfo(char *, int, int);
PVM_API int	 pvm_getmboxinfo(char *, int *, struct pvmmboxinfo **);
PVM_API int	 pvm_insert(char *, int, int);
PVM_API int	 pvm_lookup(char *, int, int *);
PVM_API int	 pvm_delete(char *, int);
/** @} */

/**
 * @defgroup pvm_group Dynamic groups (libgpvm3)
 * pvm_joingroup(group) returns the caller's instance number,
 * pvm_lvgroup(group) 0.  pvm_getinst(group, tid) and pvm_gettid(group,
 * inst) translate between TIDs and instances, pvm_gsize(group) returns
 * the number of members.  pvm_freezegroup(group, size) fixes the
 * membership.  pvm_barrier(group, count) waits for count members.
 * pvm_bcast(group, msgtag) sends the send buffer to all other members.
 * pvm_reduce(fn, data, count, type, msgtag, group, root),
 * pvm_gather(result, data, count, type, msgtag, group, root) and
 * pvm_scatter(result, data, count, type, msgtag, group, root) are the
 * collective operations; the caller owns every array.
 * PvmMax, PvmMin, PvmSum and PvmProduct are the reduction functions:
 * fn(&type, x, y, &num, &info) sets x[i] to op(x[i], y[i]) for num
 * elements and info to 0, or info to PvmBadParam for a type the
 * operation does not support.
 * @{
 */
PVM_API int	 pvm_joingroup(char *);
PVM_API int	 pvm_lvgroup(char *);
PVM_API int	 pvm_getinst(char *, int);
PVM_API int	 pvm_gettid(char *, int);
PVM_API int	 pvm_gsize(char *);
PVM_API int	 pvm_freezegroup(char *, int);
PVM_API int	 pvm_barrier(char *, int);
PVM_API int	 pvm_bcast(char *, int);
PVM_API int	 pvm_reduce(void (*)(int *, void *, void *, int *, int *),
		    void *, int, int, int, char *, int);
PVM_API int	 pvm_gather(void *, void *, int, int, int, char *, int);
PVM_API int	 pvm_scatter(void *, void *, int, int, int, char *, int);
PVM_API void	 PvmMax(int *, void *, void *, int *, int *);
PVM_API void	 PvmMin(int *, void *, void *, int *, int *);
PVM_API void	 PvmSum(int *, void *, void *, int *, int *);
PVM_API void	 PvmProduct(int *, void *, void *, int *, int *);
/** @} */

#ifdef __cplusplus
}
#endif

#endif /* PVM3_H */
