/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * mboxtest: the message mailbox (pvm_putinfo and friends).
 *
 *	mboxtest local			one host: every flag and error
 *	mboxtest multi HOSTA HOSTB	across hosts; waits for a line on
 *					stdin while the test kills HOSTA
 *	mboxtest helper			(spawned) runs its parent's commands
 *
 * A helper takes commands from its parent (tag MBT_TAG_CMD: int op,
 * string name, int index, int flags, int value) and answers each (tag
 * MBT_TAG_REPLY: int result, int value, int owner).  Prints
 * "mboxtest: OK" and exits 0 when every check passed, else exits 1 at
 * the first failure with a line saying which.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pvm3.h"

#define MBT_TAG_CMD	71
#define MBT_TAG_REPLY	72
#define MBT_OP_PUT	1
#define MBT_OP_GET	2
#define MBT_OP_DEL	3
#define MBT_OP_EXIT	4
#define MBT_WAIT	10	/* seconds for any answer */

struct mbt_reply {
	int	result;
	int	value;
	int	owner;
};

static void	mbt_fail(const char *, ...)
		    __attribute__((format(printf, 1, 2), noreturn));
static void	mbt_check(int, int, const char *);
static int	mbt_spawn(const char *);
static void	mbt_send(int, int, const char *, int, int, int);
static struct mbt_reply mbt_wait(int);
static struct mbt_reply mbt_do(int, int, const char *, int, int, int);
static int	mbt_put(const char *, int, int);
static int	mbt_get(const char *, int, int, int *, int *);
static int	mbt_owner_of(const char *, int);
static int	mbt_helper(void);
static int	mbt_local(void);
static int	mbt_multi(const char *, const char *);
static void	mbt_gone(int);

static void
mbt_fail(const char *fmt, ...)
{
	va_list	ap;

	printf("mboxtest: FAIL: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	pvm_exit();
	exit(1);
}

/* got must equal want. */
static void
mbt_check(int got, int want, const char *what)
{
	if (got != want)
		mbt_fail("%s: got %d, want %d", what, got, want);
	printf("ok %s = %d\n", what, got);
}

/* Spawn a helper (on host where, or anywhere if NULL). */
static int
mbt_spawn(const char *where)
{
	char	*argv[] = { "helper", NULL };
	int	 tid;

	if (pvm_spawn("mboxtest", argv, where != NULL ? PvmTaskHost :
	    PvmTaskDefault, (char *)where, 1, &tid) != 1)
		mbt_fail("spawn helper on %s: %d", where ? where : "any", tid);
	return (tid);
}

static void
mbt_send(int tid, int op, const char *name, int index, int flags, int value)
{
	pvm_initsend(PvmDataDefault);
	pvm_pkint(&op, 1, 1);
	pvm_pkstr((char *)name);
	pvm_pkint(&index, 1, 1);
	pvm_pkint(&flags, 1, 1);
	pvm_pkint(&value, 1, 1);
	if (pvm_send(tid, MBT_TAG_CMD) < 0)
		mbt_fail("send to t%x", tid);
}

static struct mbt_reply
mbt_wait(int tid)
{
	struct mbt_reply	r;
	struct timeval		tv = { MBT_WAIT, 0 };

	if (pvm_trecv(tid, MBT_TAG_REPLY, &tv) <= 0)
		mbt_fail("no answer from t%x", tid);
	pvm_upkint(&r.result, 1, 1);
	pvm_upkint(&r.value, 1, 1);
	pvm_upkint(&r.owner, 1, 1);
	return (r);
}

/* Have helper tid run one command; its answer. */
static struct mbt_reply
mbt_do(int tid, int op, const char *name, int index, int flags, int value)
{
	mbt_send(tid, op, name, index, flags, value);
	return (mbt_wait(tid));
}

/* Put one int under name. */
static int
mbt_put(const char *name, int flags, int value)
{
	int	mid, cc;

	mid = pvm_mkbuf(PvmDataDefault);
	pvm_setsbuf(mid);
	pvm_pkint(&value, 1, 1);
	cc = pvm_putinfo((char *)name, mid, flags);
	pvm_freebuf(mid);
	return (cc);
}

/* Get the int of an entry: 0 (value, owner set) or the error. */
static int
mbt_get(const char *name, int index, int flags, int *value, int *owner)
{
	int	mid, old, bytes, tag;

	if ((mid = pvm_recvinfo((char *)name, index, flags)) < 0)
		return (mid);
	old = pvm_setrbuf(mid);
	if (pvm_upkint(value, 1, 1) < 0)
		mbt_fail("unpack %s", name);
	pvm_bufinfo(mid, &bytes, &tag, owner);
	pvm_setrbuf(old);
	pvm_freebuf(mid);
	return (0);
}

/* The owner of <name, index> by pvm_getmboxinfo, or -1 if absent. */
static int
mbt_owner_of(const char *name, int index)
{
	struct pvmmboxinfo	*mi;
	int			 n, i, j;

	if (pvm_getmboxinfo((char *)name, &n, &mi) != 0)
		mbt_fail("getmboxinfo %s", name);
	for (i = 0; i < n; i++) {
		if (strcmp(mi[i].mi_name, name) != 0)
			continue;
		for (j = 0; j < mi[i].mi_nentries; j++) {
			if (mi[i].mi_indices[j] == index)
				return (mi[i].mi_owners[j]);
		}
	}
	return (-1);
}

/* Wait until task tid no longer exists. */
static void
mbt_gone(int tid)
{
	struct timespec	ts = { 0, 50000000 };
	int		i;

	for (i = 0; i < MBT_WAIT * 20; i++) {
		if (pvm_pstat(tid) == PvmNoTask)
			return;
		nanosleep(&ts, NULL);
	}
	mbt_fail("t%x did not exit", tid);
}

static int
mbt_helper(void)
{
	struct mbt_reply	r;
	char			name[1100];
	int			ptid = pvm_parent(), op, index, flags, value;

	for (;;) {
		if (pvm_recv(ptid, MBT_TAG_CMD) < 0)
			return (1);
		pvm_upkint(&op, 1, 1);
		pvm_upkstr(name);
		pvm_upkint(&index, 1, 1);
		pvm_upkint(&flags, 1, 1);
		pvm_upkint(&value, 1, 1);
		memset(&r, 0, sizeof r);
		switch (op) {
		case MBT_OP_PUT:
			r.result = mbt_put(name, flags, value);
			break;
		case MBT_OP_GET:
			r.result = mbt_get(name, index, flags, &r.value,
			    &r.owner);
			break;
		case MBT_OP_DEL:
			r.result = pvm_delinfo(name, index, flags);
			break;
		case MBT_OP_EXIT:
			pvm_exit();
			return (0);
		}
		pvm_initsend(PvmDataDefault);
		pvm_pkint(&r.result, 1, 1);
		pvm_pkint(&r.value, 1, 1);
		pvm_pkint(&r.owner, 1, 1);
		pvm_send(ptid, MBT_TAG_REPLY);
	}
}

static int
mbt_local(void)
{
	struct mbt_reply	 r;
	struct pvmmboxinfo	*mi;
	struct timeval		 tv = { 0, 300000 };
	int			 me = pvm_mytid(), h, w, v, o, n, d;

	pvm_setopt(PvmAutoErr, 0);
	h = mbt_spawn(NULL);

	/* PvmMboxDefault: one locked instance; its owner may replace it. */
	mbt_check(mbt_put("A", PvmMboxDefault, 1), 0, "put A");
	r = mbt_do(h, MBT_OP_PUT, "A", 0, PvmMboxDefault, 9);
	mbt_check(r.result, PvmExists, "other task put A");
	mbt_check(mbt_put("A", PvmMboxDefault, 2), 0, "owner replaces A");
	r = mbt_do(h, MBT_OP_GET, "A", 0, PvmMboxDefault, 0);
	mbt_check(r.result, 0, "other task get A");
	mbt_check(r.value, 2, "A value");
	mbt_check(r.owner, me, "A owner");
	r = mbt_do(h, MBT_OP_DEL, "A", 0, 0, 0);
	mbt_check(r.result, PvmDenied, "other task delinfo A");
	r = mbt_do(h, MBT_OP_GET, "A", 0, PvmMboxReadAndDelete, 0);
	mbt_check(r.result, PvmDenied, "other task read-and-delete A");
	r = mbt_do(h, MBT_OP_PUT, "A", 0, PvmMboxMultiInstance, 9);
	mbt_check(r.result, PvmExists, "multi put into single class");

	/* PvmMboxOverWritable. */
	mbt_check(mbt_put("O", PvmMboxOverWritable, 5), 0, "put O");
	r = mbt_do(h, MBT_OP_PUT, "O", 0, PvmMboxDefault, 6);
	mbt_check(r.result, 0, "other task overwrites O");
	mbt_check(mbt_get("O", 0, 0, &v, &o), 0, "get O");
	mbt_check(v, 6, "O value");
	mbt_check(o, h, "O owner");
	mbt_check(mbt_put("O", PvmMboxDefault, 7), PvmExists,
	    "O is locked now");

	/* PvmMboxMultiInstance, PvmMboxFirstAvail, direct index. */
	mbt_check(mbt_put("M", PvmMboxMultiInstance, 10), 0, "put M 0");
	mbt_check(mbt_put("M", PvmMboxMultiInstance, 11), 1, "put M 1");
	mbt_check(mbt_put("M", PvmMboxMultiInstance, 12), 2, "put M 2");
	r = mbt_do(h, MBT_OP_PUT, "M", 0, PvmMboxMultiInstance, 13);
	mbt_check(r.result, 3, "other task put M 3");
	mbt_check(mbt_get("M", 5, PvmMboxFirstAvail, &v, &o), PvmNotFound,
	    "first avail M >= 5");
	mbt_check(mbt_get("M", 3, PvmMboxFirstAvail, &v, &o), 0,
	    "first avail M >= 3");
	mbt_check(v, 13, "M 3 value");
	mbt_check(pvm_delinfo("M", 1, 0), 0, "delinfo M 1");
	mbt_check(mbt_get("M", 1, 0, &v, &o), PvmNotFound, "M 1 gone");
	mbt_check(mbt_get("M", 1, PvmMboxFirstAvail, &v, &o), 0,
	    "first avail M >= 1");
	mbt_check(v, 12, "skips to M 2");
	mbt_check(mbt_put("M", PvmMboxMultiInstance, 14), 1, "M 1 reused");
	mbt_check(mbt_put("M", PvmMboxMultiInstance |
	    PvmMboxDirectIndex(3), 15), PvmDenied, "direct index locked");
	mbt_check(mbt_put("M", PvmMboxMultiInstance |
	    PvmMboxDirectIndex(2), 16), 2, "direct index own entry");
	mbt_check(mbt_get("M", 2, PvmMboxReadAndDelete, &v, &o), 0,
	    "read and delete M 2");
	mbt_check(v, 16, "M 2 value");
	mbt_check(mbt_get("M", 2, 0, &v, &o), PvmNotFound, "M 2 deleted");

	/* Errors. */
	mbt_check(mbt_get("none", 0, 0, &v, &o), PvmNotFound, "get none");
	mbt_check(pvm_delinfo("none", 0, 0), PvmNotFound, "delinfo none");
	mbt_check(pvm_putinfo(NULL, pvm_getsbuf(), 0), PvmBadParam,
	    "putinfo NULL name");
	mbt_check(pvm_putinfo("X", 12345, 0), PvmNoSuchBuf,
	    "putinfo bad buffer");
	mbt_check(pvm_recvinfo("A", -1, 0), PvmBadParam, "recvinfo -1");

	/* pvm_getmboxinfo. */
	mbt_check(pvm_getmboxinfo("*", &n, &mi), 0, "getmboxinfo *");
	mbt_check(n, 3, "classes");
	mbt_check(strcmp(mi[0].mi_name, "A") == 0 &&
	    strcmp(mi[1].mi_name, "M") == 0 &&
	    strcmp(mi[2].mi_name, "O") == 0, 1, "class names in order");
	mbt_check(mi[1].mi_nentries, 3, "M entries");
	mbt_check(mi[1].mi_indices[2], 3, "M last index");
	mbt_check(mi[1].mi_owners[2], h, "M 3 owner");
	mbt_check(mi[1].mi_flags[2] & PvmMboxMultiInstance,
	    PvmMboxMultiInstance, "M 3 flags");
	mbt_check(pvm_getmboxinfo("[MO]*", &n, &mi), 0, "getmboxinfo [MO]*");
	mbt_check(n, 2, "classes matching [MO]*");
	mbt_check(pvm_getmboxinfo("zz*", &n, &mi), 0, "getmboxinfo zz*");
	mbt_check(n, 0, "classes matching zz*");

	/* The owner exits: its entries go, but the persistent ones. */
	mbt_check(mbt_do(h, MBT_OP_PUT, "HP", 0, PvmMboxPersistent,
	    20).result, 0, "helper put HP persistent");
	mbt_check(mbt_do(h, MBT_OP_PUT, "HD", 0, PvmMboxDefault,
	    21).result, 0, "helper put HD");
	mbt_send(h, MBT_OP_EXIT, "", 0, 0, 0);
	mbt_gone(h);
	mbt_check(mbt_get("HD", 0, 0, &v, &o), PvmNotFound,
	    "HD gone with its owner");
	mbt_check(mbt_get("O", 0, 0, &v, &o), PvmNotFound,
	    "O gone with its owner");
	mbt_check(mbt_get("M", 3, 0, &v, &o), PvmNotFound,
	    "M 3 gone with its owner");
	mbt_check(mbt_get("HP", 0, 0, &v, &o), 0, "HP stays");
	mbt_check(v, 20, "HP value");
	mbt_check(mbt_owner_of("HP", 0), 0, "HP owner is 0");
	mbt_check(mbt_put("HP", PvmMboxDefault, 22), 0,
	    "ownerless HP taken over");
	mbt_check(mbt_owner_of("HP", 0), me, "HP owner");

	/* PvmMboxWaitForInfo: released by a later put of another task. */
	w = mbt_spawn(NULL);
	h = mbt_spawn(NULL);
	mbt_send(w, MBT_OP_GET, "W", 0, PvmMboxWaitForInfo, 0);
	mbt_check(pvm_trecv(w, MBT_TAG_REPLY, &tv), 0, "waiter still waits");
	r = mbt_do(h, MBT_OP_PUT, "W", 0, PvmMboxDefault, 42);
	mbt_check(r.result, 0, "put W");
	r = mbt_wait(w);
	mbt_check(r.result, 0, "waiter got W");
	mbt_check(r.value, 42, "W value");
	mbt_check(r.owner, h, "W owner");
	/* Waiting with read and delete consumes the entry. */
	mbt_send(w, MBT_OP_GET, "W2", 2, PvmMboxWaitForInfo |
	    PvmMboxReadAndDelete | PvmMboxFirstAvail, 0);
	mbt_check(pvm_trecv(w, MBT_TAG_REPLY, &tv), 0, "waiter 2 waits");
	mbt_check(mbt_put("W2", PvmMboxMultiInstance, 1), 0, "put W2 0");
	mbt_check(pvm_trecv(w, MBT_TAG_REPLY, &tv), 0, "W2 0 is too low");
	mbt_check(mbt_put("W2", PvmMboxMultiInstance | PvmMboxOverWritable,
	    43), 1, "put W2 1");
	mbt_check(pvm_trecv(w, MBT_TAG_REPLY, &tv), 0, "W2 1 is too low");
	mbt_check(mbt_put("W2", PvmMboxMultiInstance | PvmMboxOverWritable,
	    44), 2, "put W2 2");
	r = mbt_wait(w);
	mbt_check(r.result, 0, "waiter got W2");
	mbt_check(r.value, 44, "W2 value");
	mbt_check(mbt_get("W2", 2, 0, &v, &o), PvmNotFound, "W2 2 consumed");
	/* A waiter that exits is forgotten: the next put stays. */
	mbt_send(w, MBT_OP_GET, "W3", 0, PvmMboxWaitForInfo |
	    PvmMboxReadAndDelete, 0);
	mbt_check(pvm_trecv(w, MBT_TAG_REPLY, &tv), 0, "waiter 3 waits");
	mbt_check(pvm_kill(w), 0, "kill waiter");
	mbt_gone(w);
	mbt_check(mbt_put("W3", PvmMboxDefault, 45), 0, "put W3");
	mbt_check(mbt_get("W3", 0, 0, &v, &o), 0, "W3 still there");
	mbt_send(h, MBT_OP_EXIT, "", 0, 0, 0);

	/* PVM 3.3: pvm_insert, pvm_lookup, pvm_delete. */
	mbt_check(pvm_insert("ins", -1, 7), 0, "insert first free");
	mbt_check(pvm_insert("ins", -1, 8), 1, "insert next free");
	mbt_check(pvm_insert("ins", 0, 9), PvmDupEntry, "insert taken");
	mbt_check(pvm_insert("ins", 5, 9), 5, "insert at 5");
	mbt_check(pvm_lookup("ins", 1, &d), 1, "lookup 1");
	mbt_check(d, 8, "lookup 1 data");
	mbt_check(pvm_delete("ins", 0), 0, "delete 0");
	mbt_check(pvm_delete("ins", 0), PvmNoEntry, "delete 0 again");
	mbt_check(pvm_lookup("ins", 0, &d), PvmNoEntry, "lookup 0");
	mbt_check(pvm_lookup("ins", -1, &d), 1, "lookup first");
	mbt_check(d, 8, "lookup first data");
	mbt_check(pvm_insert("ins", -2, 1), PvmBadParam, "insert -2");

	printf("mboxtest: OK\n");
	pvm_exit();
	return (0);
}

static int
mbt_multi(const char *hosta, const char *hostb)
{
	struct mbt_reply	 r;
	struct timeval		 tv = { 0, 300000 };
	struct timespec		 ts = { 0, 100000000 };
	char			 line[64];
	int			 a, b, v, o, i, ok;

	pvm_setopt(PvmAutoErr, 0);
	a = mbt_spawn(hosta);
	b = mbt_spawn(hostb);

	mbt_check(mbt_do(a, MBT_OP_PUT, "S", 0, PvmMboxDefault, 11).result,
	    0, "put S on A");
	mbt_check(mbt_do(a, MBT_OP_PUT, "P", 0, PvmMboxPersistent,
	    12).result, 0, "put P on A");
	mbt_check(mbt_do(a, MBT_OP_PUT, "SM", 0, PvmMboxMultiInstance,
	    13).result, 0, "put SM on A");
	mbt_check(mbt_get("S", 0, 0, &v, &o), 0, "master gets S");
	mbt_check(v, 11, "S value");
	mbt_check(o, a, "S owner");
	r = mbt_do(b, MBT_OP_GET, "P", 0, 0, 0);
	mbt_check(r.result, 0, "B gets P");
	mbt_check(r.value, 12, "P value");
	mbt_check(r.owner, a, "P owner");
	r = mbt_do(b, MBT_OP_PUT, "S", 0, PvmMboxDefault, 0);
	mbt_check(r.result, PvmExists, "B put S");
	r = mbt_do(b, MBT_OP_PUT, "SM", 0, PvmMboxMultiInstance, 14);
	mbt_check(r.result, 1, "B put SM 1");

	/* A waits on host A, B puts on host B. */
	mbt_send(a, MBT_OP_GET, "XW", 0, PvmMboxWaitForInfo, 0);
	mbt_check(pvm_trecv(a, MBT_TAG_REPLY, &tv), 0, "A waits");
	mbt_check(mbt_do(b, MBT_OP_PUT, "XW", 0, PvmMboxDefault,
	    15).result, 0, "B put XW");
	r = mbt_wait(a);
	mbt_check(r.value, 15, "A got XW");
	mbt_check(r.owner, b, "XW owner");

	printf("ready\n");
	fflush(stdout);
	if (fgets(line, sizeof line, stdin) == NULL)
		mbt_fail("no go line");

	/* Host A is dead: S and SM 0 go, P stays without owner. */
	for (ok = 0, i = 0; i < MBT_WAIT * 10 && !ok; i++) {
		ok = mbt_get("S", 0, 0, &v, &o) == PvmNotFound;
		if (!ok)
			nanosleep(&ts, NULL);
	}
	mbt_check(ok, 1, "S gone with host A");
	mbt_check(mbt_get("SM", 0, 0, &v, &o), PvmNotFound, "SM 0 gone");
	mbt_check(mbt_get("SM", 1, 0, &v, &o), 0, "SM 1 (B's) stays");
	mbt_check(mbt_get("P", 0, 0, &v, &o), 0, "P stays");
	mbt_check(v, 12, "P value");
	mbt_check(mbt_owner_of("P", 0), 0, "P owner is 0");
	r = mbt_do(b, MBT_OP_GET, "S", 0, 0, 0);
	mbt_check(r.result, PvmNotFound, "B sees S gone");
	r = mbt_do(b, MBT_OP_GET, "P", 0, 0, 0);
	mbt_check(r.value, 12, "B still gets P");
	mbt_send(b, MBT_OP_EXIT, "", 0, 0, 0);

	printf("mboxtest: OK\n");
	pvm_exit();
	return (0);
}

int
main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 2 && strcmp(argv[1], "helper") == 0)
		return (mbt_helper());
	if (argc == 2 && strcmp(argv[1], "local") == 0)
		return (mbt_local());
	if (argc == 4 && strcmp(argv[1], "multi") == 0)
		return (mbt_multi(argv[2], argv[3]));
	fprintf(stderr, "usage: mboxtest local | multi HOSTA HOSTB\n");
	return (2);
}
