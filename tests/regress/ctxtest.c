/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * ctxtest: contexts, message handlers, whole-message packing and
 * pvm_hostsync against a running pvmd.  Prints "ok ..." or "FAIL ..." per
 * check and exits 0 only if every check passed.
 *
 *	ctxtest			run every check
 *	ctxtest child		(spawned by ctxtest) send the context it
 *				started in to its parent, tag CTXTEST_TAG_CHILD
 */

#include <sys/time.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pvm3.h"

#define CTXTEST_NCTX		8
#define CTXTEST_HOST_TID	0x40000		/* host 1 */
#define CTXTEST_PVMD_TID	((int)0x80040000U)
#define CTXTEST_OTHER_HOST	0x80000		/* host 2: not there */
#define CTXTEST_TAG_MSG		5
#define CTXTEST_TAG_CHILD	7
#define CTXTEST_TAG_MHF		20
#define CTXTEST_TAG_PLAIN	21
#define CTXTEST_TAG_REPLY	22
#define CTXTEST_TAG_INNER	33
#define CTXTEST_TAG_NEST	40

static void	ctxtest_check(int, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static int	ctxtest_trecv(int, int, int);
static int	ctxtest_send_int(int, int, int);
static void	ctxtest_contexts(int);
static void	ctxtest_inherit(void);
static void	ctxtest_mhf(int);
static void	ctxtest_pkmesg(int);
static void	ctxtest_hostsync(void);
static int	ctxtest_child(void);
static int	ctxtest_handler(int);
static int	ctxtest_handler2(int);

static int	ctxtest_failed;
static int	mhf_calls;
static int	mhf_value;
static int	mhf_first;
static int	mhf_mid;
static int	mhf_rbuf;

static void
ctxtest_check(int ok, const char *fmt, ...)
{
	va_list	ap;

	printf("%s ", ok ? "ok" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (!ok)
		ctxtest_failed = 1;
}

/* Receive (tid, tag) waiting at most sec seconds; 0 on timeout. */
static int
ctxtest_trecv(int tid, int tag, int sec)
{
	struct timeval	tv = { sec, 0 };

	return (pvm_trecv(tid, tag, &tv));
}

/* Send one int to tid with tag, in the current context. */
static int
ctxtest_send_int(int tid, int tag, int v)
{
	int	cc;

	if ((cc = pvm_initsend(PvmDataDefault)) < 0)
		return (cc);
	if ((cc = pvm_pkint(&v, 1, 1)) < 0)
		return (cc);
	return (pvm_send(tid, tag));
}

/* Unique contexts, isolation between contexts, freecontext errors. */
static void
ctxtest_contexts(int mytid)
{
	int	ctx[CTXTEST_NCTX], i, j, uniq, cc, old, v;

	ctxtest_check(pvm_getcontext() == PvmBaseContext,
	    "starts in the base context: %d", pvm_getcontext());
	uniq = 1;
	for (i = 0; i < CTXTEST_NCTX; i++) {
		ctx[i] = pvm_newcontext();
		if (ctx[i] <= 0)
			uniq = 0;
		for (j = 0; j < i; j++) {
			if (ctx[j] == ctx[i])
				uniq = 0;
		}
	}
	ctxtest_check(uniq, "newcontext: %d distinct contexts, first 0x%x",
	    CTXTEST_NCTX, ctx[0]);
	ctxtest_check((ctx[0] >> 18) == 1, "context 0x%x has host 1",
	    ctx[0]);
	ctxtest_check(pvm_getcontext() == PvmBaseContext,
	    "newcontext does not change the current context");

	/* A message sent in ctx[0] is not seen in the base context. */
	old = pvm_setcontext(ctx[0]);
	ctxtest_check(old == PvmBaseContext, "setcontext returns old %d",
	    old);
	ctxtest_check(pvm_getcontext() == ctx[0], "getcontext is 0x%x",
	    pvm_getcontext());
	cc = ctxtest_send_int(mytid, CTXTEST_TAG_MSG, 1234);
	ctxtest_check(cc == 0, "send in context 0x%x: %d", ctx[0], cc);
	pvm_setcontext(PvmBaseContext);
	cc = ctxtest_trecv(-1, CTXTEST_TAG_MSG, 1);
	ctxtest_check(cc == 0, "not received in the base context: %d", cc);
	cc = pvm_probe(-1, -1);
	ctxtest_check(cc == 0, "probe in the base context: %d", cc);
	pvm_setcontext(ctx[1]);
	cc = pvm_nrecv(-1, -1);
	ctxtest_check(cc == 0, "not received in another context: %d", cc);
	pvm_setcontext(ctx[0]);
	cc = ctxtest_trecv(-1, CTXTEST_TAG_MSG, 5);
	v = 0;
	if (cc > 0)
		pvm_upkint(&v, 1, 1);
	ctxtest_check(cc > 0 && v == 1234,
	    "received after switching back: mid %d value %d", cc, v);
	pvm_setcontext(PvmBaseContext);

	/* Errors. */
	cc = pvm_setcontext(-5);
	ctxtest_check(cc == PvmBadParam, "setcontext(-5): %d", cc);
	ctxtest_check(pvm_getcontext() == PvmBaseContext,
	    "a failed setcontext keeps the context");
	cc = pvm_freecontext(ctx[0]);
	ctxtest_check(cc == PvmOk, "freecontext: %d", cc);
	cc = pvm_freecontext(ctx[0]);
	ctxtest_check(cc == PvmNotFound, "freecontext twice: %d", cc);
	cc = pvm_freecontext(-1);
	ctxtest_check(cc == PvmBadParam, "freecontext(-1): %d", cc);
	cc = pvm_freecontext(PvmBaseContext);
	ctxtest_check(cc == PvmBadParam, "freecontext(base): %d", cc);
	cc = pvm_freecontext(0x7fff0);
	ctxtest_check(cc == PvmNotFound, "freecontext(never given): %d",
	    cc);
	for (i = 1; i < CTXTEST_NCTX; i++) {
		if ((cc = pvm_freecontext(ctx[i])) != PvmOk)
			break;
	}
	ctxtest_check(cc == PvmOk, "freecontext of the others: %d", cc);
	cc = pvm_newcontext();
	ctxtest_check(cc > 0 && cc != ctx[0],
	    "a new context after freeing: 0x%x", cc);
	pvm_freecontext(cc);
}

/* A child spawned in a context starts in it. */
static void
ctxtest_inherit(void)
{
	char	*args[] = { "child", NULL };
	int	 ctx, tid = 0, cc, v = -1;

	ctx = pvm_newcontext();
	ctxtest_check(ctx > 0, "newcontext for the child: 0x%x", ctx);
	pvm_setcontext(ctx);
	cc = pvm_spawn("ctxtest", args, PvmTaskDefault, "", 1, &tid);
	ctxtest_check(cc == 1, "spawn ctxtest child: %d t%x", cc, tid);
	/* Later changes of the parent's context do not matter. */
	pvm_setcontext(PvmBaseContext);
	if (cc == 1) {
		cc = ctxtest_trecv(tid, CTXTEST_TAG_CHILD, 1);
		ctxtest_check(cc == 0,
		    "child's message not seen in the base context: %d", cc);
		pvm_setcontext(ctx);
		cc = ctxtest_trecv(tid, CTXTEST_TAG_CHILD, 10);
		if (cc > 0)
			pvm_upkint(&v, 1, 1);
		ctxtest_check(cc > 0 && v == ctx,
		    "child started in context 0x%x: 0x%x", ctx, v);
	}
	pvm_setcontext(PvmBaseContext);
	pvm_freecontext(ctx);
}

/* The spawned side of ctxtest_inherit. */
static int
ctxtest_child(void)
{
	int	ptid, ctx;

	ptid = pvm_parent();
	ctx = pvm_getcontext();
	if (ptid < 0 || ctxtest_send_int(ptid, CTXTEST_TAG_CHILD, ctx) < 0) {
		pvm_exit();
		return (1);
	}
	pvm_exit();
	return (0);
}

static int
ctxtest_handler(int mid)
{
	int	bytes, tag, src;

	mhf_calls++;
	mhf_mid = mid;
	mhf_rbuf = pvm_getrbuf();
	pvm_bufinfo(mid, &bytes, &tag, &src);
	pvm_upkint(&mhf_value, 1, 1);
	if (mhf_calls == 1)
		mhf_first = mhf_value;
	/* Reply from inside the handler, as the man page allows. */
	pvm_setsbuf(pvm_mkbuf(PvmDataDefault));
	pvm_pkint(&mhf_value, 1, 1);
	pvm_send(pvm_mytid(), CTXTEST_TAG_REPLY);
	pvm_freebuf(pvm_setsbuf(0));
	return (0);
}

static int
ctxtest_handler2(int mid)
{
	return (0);
}

/* Handlers take matching messages; recv never sees them. */
static void
ctxtest_mhf(int mytid)
{
	int	id, cc, v, tag, sbuf, ctx;

	id = pvm_addmhf(-1, CTXTEST_TAG_MHF, -1, ctxtest_handler);
	ctxtest_check(id > 0, "addmhf: %d", id);
	cc = pvm_addmhf(-1, CTXTEST_TAG_MHF, -1, ctxtest_handler2);
	ctxtest_check(cc == PvmExists, "addmhf same keys: %d", cc);

	/* The handler matches any context; recv is in the base context. */
	ctx = pvm_newcontext();
	pvm_setcontext(ctx);
	ctxtest_send_int(mytid, CTXTEST_TAG_MHF, 42);
	pvm_setcontext(PvmBaseContext);
	ctxtest_send_int(mytid, CTXTEST_TAG_MHF, 43);
	ctxtest_send_int(mytid, CTXTEST_TAG_PLAIN, 44);
	sbuf = pvm_getsbuf();
	cc = ctxtest_trecv(-1, -1, 10);
	tag = -1;
	v = 0;
	if (cc > 0) {
		pvm_bufinfo(cc, NULL, &tag, NULL);
		pvm_upkint(&v, 1, 1);
	}
	ctxtest_check(cc > 0 && tag == CTXTEST_TAG_PLAIN && v == 44,
	    "recv skips handled messages: tag %d value %d", tag, v);
	ctxtest_check(mhf_calls == 2 && mhf_first == 42 && mhf_value == 43,
	    "handler ran for both, in order, either context: %d calls, "
	    "values %d %d", mhf_calls, mhf_first, mhf_value);
	ctxtest_check(mhf_rbuf == mhf_mid, "handler's message was the "
	    "receive buffer: %d %d", mhf_rbuf, mhf_mid);
	ctxtest_check(pvm_getsbuf() == sbuf, "send buffer kept: %d %d",
	    pvm_getsbuf(), sbuf);
	cc = ctxtest_trecv(-1, CTXTEST_TAG_REPLY, 10);
	v = 0;
	if (cc > 0)
		pvm_upkint(&v, 1, 1);
	ctxtest_check(cc > 0 && v == 42, "handler's reply: %d", v);
	cc = ctxtest_trecv(-1, CTXTEST_TAG_REPLY, 10);
	v = 0;
	if (cc > 0)
		pvm_upkint(&v, 1, 1);
	ctxtest_check(cc > 0 && v == 43 && mhf_calls == 2,
	    "second message handled: %d, %d calls", v, mhf_calls);
	cc = pvm_probe(-1, CTXTEST_TAG_MHF);
	ctxtest_check(cc == 0, "probe sees no handled message: %d", cc);

	cc = pvm_delmhf(id);
	ctxtest_check(cc == PvmOk, "delmhf: %d", cc);
	cc = pvm_delmhf(id);
	ctxtest_check(cc == PvmNotFound, "delmhf twice: %d", cc);
	cc = pvm_delmhf(-1);
	ctxtest_check(cc == PvmBadParam, "delmhf(-1): %d", cc);
	ctxtest_send_int(mytid, CTXTEST_TAG_MHF, 45);
	cc = ctxtest_trecv(-1, CTXTEST_TAG_MHF, 10);
	v = 0;
	if (cc > 0)
		pvm_upkint(&v, 1, 1);
	ctxtest_check(cc > 0 && v == 45 && mhf_calls == 2,
	    "after delmhf recv gets it: %d, %d calls", v, mhf_calls);
	pvm_freecontext(ctx);
}

/* pvm_pkmesg/pvm_upkmesg round trip, nested, sent; pvm_pkmesgbody. */
static void
ctxtest_pkmesg(int mytid)
{
	struct pvmminfo	 mi;
	char		 s[64];
	int		 m1, m2, m3, n1, n2, cc, v, w, x;

	/* m1: the innermost message, with header fields of its own. */
	m1 = pvm_mkbuf(PvmDataDefault);
	pvm_setsbuf(m1);
	v = 7;
	pvm_pkint(&v, 1, 1);
	pvm_pkstr("inner");
	pvm_setsbuf(0);
	memset(&mi, 0, sizeof mi);
	pvm_getminfo(m1, &mi);
	mi.tag = CTXTEST_TAG_INNER;
	mi.ctx = 0x41234;
	mi.dst = 0x40077;
	pvm_setminfo(m1, &mi);

	/* m2 holds m1, m3 holds m2. */
	m2 = pvm_mkbuf(PvmDataDefault);
	pvm_setsbuf(m2);
	pvm_pkstr("middle");
	cc = pvm_pkmesg(m1);
	ctxtest_check(cc == PvmOk, "pkmesg: %d", cc);
	cc = pvm_pkmesg(m2);
	ctxtest_check(cc == PvmBadParam, "pkmesg of the send buffer: %d",
	    cc);
	cc = pvm_pkmesg(999999);
	ctxtest_check(cc == PvmNoSuchBuf, "pkmesg of no buffer: %d", cc);
	cc = pvm_pkmesg(-1);
	ctxtest_check(cc == PvmBadParam, "pkmesg(-1): %d", cc);
	v = 9;
	pvm_pkint(&v, 1, 1);
	m3 = pvm_mkbuf(PvmDataRaw);
	pvm_setsbuf(m3);
	v = 1;
	pvm_pkint(&v, 1, 1);
	cc = pvm_pkmesg(m2);
	ctxtest_check(cc == PvmOk, "pkmesg into a raw buffer: %d", cc);
	cc = pvm_send(mytid, CTXTEST_TAG_NEST);
	ctxtest_check(cc == 0, "send nested: %d", cc);
	pvm_setsbuf(0);
	pvm_freebuf(m3);
	pvm_freebuf(m2);

	cc = ctxtest_trecv(-1, CTXTEST_TAG_NEST, 10);
	ctxtest_check(cc > 0, "recv nested: %d", cc);
	if (cc <= 0)
		return;
	v = 0;
	pvm_upkint(&v, 1, 1);
	n2 = pvm_upkmesg();
	ctxtest_check(v == 1 && n2 > 0, "outer int %d, upkmesg %d", v, n2);
	cc = pvm_upkmesg();
	ctxtest_check(cc == PvmNoData, "upkmesg at the end: %d", cc);
	if (n2 <= 0)
		return;
	pvm_setrbuf(n2);
	s[0] = '\0';
	pvm_upkstr(s);
	n1 = pvm_upkmesg();
	w = 0;
	pvm_upkint(&w, 1, 1);
	ctxtest_check(strcmp(s, "middle") == 0 && n1 > 0 && w == 9,
	    "middle message: \"%s\" %d %d", s, n1, w);
	if (n1 <= 0)
		return;
	memset(&mi, 0, sizeof mi);
	pvm_getminfo(n1, &mi);
	ctxtest_check(mi.tag == CTXTEST_TAG_INNER && mi.ctx == 0x41234 &&
	    mi.dst == 0x40077 && mi.src == mytid,
	    "inner header: tag %d ctx 0x%x dst 0x%x src 0x%x", mi.tag,
	    mi.ctx, mi.dst, mi.src);
	pvm_setrbuf(n1);
	x = 0;
	s[0] = '\0';
	pvm_upkint(&x, 1, 1);
	pvm_upkstr(s);
	ctxtest_check(x == 7 && strcmp(s, "inner") == 0,
	    "inner body: %d \"%s\"", x, s);
	pvm_freebuf(n2);
	pvm_freebuf(m1);

	/* pvm_pkmesgbody splices the body in. */
	m1 = pvm_mkbuf(PvmDataDefault);
	pvm_setsbuf(m1);
	v = 11;
	pvm_pkint(&v, 1, 1);
	pvm_pkstr("body");
	m2 = pvm_mkbuf(PvmDataDefault);
	pvm_setsbuf(m2);
	v = 10;
	pvm_pkint(&v, 1, 1);
	cc = pvm_pkmesgbody(m1);
	ctxtest_check(cc == PvmOk, "pkmesgbody: %d", cc);
	m3 = pvm_mkbuf(PvmDataRaw);
	pvm_setsbuf(m3);
	cc = pvm_pkmesgbody(m1);
	ctxtest_check(cc == PvmMismatch, "pkmesgbody, other encoding: %d",
	    cc);
	pvm_setsbuf(m2);
	cc = pvm_send(mytid, CTXTEST_TAG_NEST);
	cc = ctxtest_trecv(-1, CTXTEST_TAG_NEST, 10);
	v = w = 0;
	s[0] = '\0';
	if (cc > 0) {
		pvm_upkint(&v, 1, 1);
		pvm_upkint(&w, 1, 1);
		pvm_upkstr(s);
	}
	ctxtest_check(v == 10 && w == 11 && strcmp(s, "body") == 0,
	    "pkmesgbody received: %d %d \"%s\"", v, w, s);
	pvm_freebuf(m1);
	pvm_freebuf(m3);
}

/* pvm_hostsync on this host; another host is PvmNoHost. */
static void
ctxtest_hostsync(void)
{
	struct timeval	clk, delta, now;
	long		diff;
	int		cc;

	memset(&clk, 0, sizeof clk);
	memset(&delta, 0, sizeof delta);
	cc = pvm_hostsync(CTXTEST_HOST_TID, &clk, &delta);
	gettimeofday(&now, NULL);
	ctxtest_check(cc == PvmOk, "hostsync: %d", cc);
	ctxtest_check(delta.tv_usec >= 0 && delta.tv_usec < 1000000 &&
	    (delta.tv_sec == 0 || delta.tv_sec == -1),
	    "delta within a second: %ld,%06ld", (long)delta.tv_sec,
	    (long)delta.tv_usec);
	diff = (long)(now.tv_sec - clk.tv_sec);
	ctxtest_check(diff >= 0 && diff <= 2, "clock is now: %ld,%06ld",
	    (long)clk.tv_sec, (long)clk.tv_usec);
	cc = pvm_hostsync(CTXTEST_PVMD_TID, NULL, &delta);
	ctxtest_check(cc == PvmOk, "hostsync by pvmd TID, no clk: %d", cc);
	cc = pvm_hostsync(CTXTEST_OTHER_HOST, &clk, &delta);
	ctxtest_check(cc == PvmNoHost, "hostsync of another host: %d", cc);
	cc = pvm_hostsync(0x40001, &clk, &delta);
	ctxtest_check(cc == PvmNoHost, "hostsync of a task TID: %d", cc);
}

int
main(int argc, char **argv)
{
	int	mytid;

	pvm_setopt(PvmAutoErr, 0);
	if (argc == 2 && strcmp(argv[1], "child") == 0)
		return (ctxtest_child());
	if ((mytid = pvm_mytid()) < 0) {
		printf("FAIL pvm_mytid: %d\n", mytid);
		return (1);
	}
	ctxtest_contexts(mytid);
	ctxtest_inherit();
	ctxtest_mhf(mytid);
	ctxtest_pkmesg(mytid);
	ctxtest_hostsync();
	pvm_exit();
	return (ctxtest_failed);
}
