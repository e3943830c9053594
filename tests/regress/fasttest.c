/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * fasttest: direct routes between tasks (shared-memory rings, TCP).
 *
 * HOST: the other task runs there (a TCP route instead of a ring).
 *
 *	fasttest order [HOST]	spawn a receiver (on HOST), send it
 *				numbered messages through the daemon
 *				(PvmDontRoute), then switch to
 *				PvmRouteDirect mid-stream; the receiver
 *				checks the order.  On one host, a ring must
 *				be mapped after the switch and not before.
 *	fasttest wrap [HOST]	many messages of odd sizes to a receiver
 *				that is busy meanwhile (ring full, wrapping
 *				around), then messages larger than the ring,
 *				PvmDataDefault and PvmDataInPlace, checksummed
 *	fasttest xchg [HOST]	two tasks send each other 32 MB at once
 *	fasttest killsender [HOST]
 *				a sender streaming 64 MB is killed; the
 *				receiver gets nothing of it, releases the ring
 *	fasttest deadrecv [HOST]
 *				a receiver dies while a 64 MB message is
 *				sent to it; the send returns
 *	fasttest daemon [HOST]	large messages with PvmDontRoute (through
 *				the daemons, bodies moved between their
 *				buffers), checksummed, with small ones
 *				between them: all in order
 *	fasttest badring	the sender writes a forged frame header
 *				into its ring: the receiver drops the ring
 *				(no crash, no forged message), and the
 *				sender's next message comes over a new ring
 *	fasttest mesh N		N tasks, all to all, order checked per pair
 *	fasttest precv [HOST]	pvm_psend/pvm_precv, which read a message
 *				straight into the receiver's buffer: larger
 *				than the ring, ints, a buffer too small (the
 *				usual copy, truncated), a message a handler
 *				takes, one queued before the precv, one that
 *				matches while another is queued
 *
 * Prints "fasttest: OK" at the end; exits 1 on the first problem.
 */

#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pvm3.h"
#include "pvm-protocol.h"

#define TAG_DATA	10
#define TAG_DONE	11
#define TAG_PID		12
#define TAG_GO		13
#define TAG_BIG		14
#define TAG_MHF		15
#define TAG_Q1		16
#define TAG_Q2		17
#define TAG_ORD		18
#define ORDER_N		4000
#define WRAP_N		3000
#define BIG_LEN		(8 << 20)
#define XCHG_LEN	(32 << 20)
#define HUGE_LEN	(64 << 20)
#define MESH_K		200
#define MESH_MAX	32

static int	 child(int, char **);
static int	 run_order(const char *);
static int	 child_order(void);
static int	 run_wrap(const char *);
static int	 child_wrap(void);
static int	 run_xchg(const char *);
static int	 child_xchg(void);
static int	 xchg(int);
static int	 run_killsender(const char *);
static int	 child_killsender(void);
static int	 run_deadrecv(const char *);
static int	 child_deadrecv(void);
static int	 run_daemon(const char *);
static int	 child_daemon(void);
static int	 run_badring(void);
static int	 child_badring(void);
static int	 run_precv(const char *);
static int	 child_precv(void);
static int	 run_mesh(int);
static int	 child_mesh(void);
static int	 spawn1(const char *, const char *);
static int	 count_rings(void);
static int	 count_fds(const char *);
static uint32_t	 sum(const unsigned char *, size_t);
static void	 busy(int);
static void	 fill(unsigned char *, size_t, unsigned);
static int	 fail(const char *, ...) __attribute__((format(printf, 1, 2)));

static const char *prog = "fasttest";

static int
fail(const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "fasttest[t%x]: ", pvm_mytid());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	pvm_exit();
	exit(1);
}

/* Adler-like checksum, enough to catch misplaced bytes. */
/* Compute for ms milliseconds without a PVM call. */
static void
busy(int ms)
{
	struct timespec	 t0, t1;
	volatile double	 x = 0;
	int		 k;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		for (k = 0; k < 100000; k++)
			x += k * 0.5;
		clock_gettime(CLOCK_MONOTONIC, &t1);
	} while ((t1.tv_sec - t0.tv_sec) * 1000 +
	    (t1.tv_nsec - t0.tv_nsec) / 1000000 < ms);
}

static uint32_t
sum(const unsigned char *p, size_t len)
{
	uint32_t	a = 1, b = 0;
	size_t		i;

	for (i = 0; i < len; i++) {
		a = (a + p[i]) % 65521;
		b = (b + a) % 65521;
	}
	return (b << 16 | a);
}

static void
fill(unsigned char *p, size_t len, unsigned seed)
{
	size_t	i;

	for (i = 0; i < len; i++)
		p[i] = (unsigned char)((i * 7 + seed * 13 + (i >> 9)) & 0xff);
}

/* The number of ring mappings (memfd "pvm-ring") of this process. */
static int
count_rings(void)
{
	FILE	*fp;
	char	 line[512];
	int	 n = 0;

	if ((fp = fopen("/proc/self/maps", "r")) == NULL)
		return (-1);
	while (fgets(line, sizeof line, fp) != NULL) {
		if (strstr(line, "pvm-ring") != NULL)
			n++;
	}
	fclose(fp);
	return (n);
}

/* The number of open descriptors whose link contains what. */
static int
count_fds(const char *what)
{
	DIR		*d;
	struct dirent	*de;
	char		 path[320], link[256];
	ssize_t		 n;
	int		 count = 0;

	if ((d = opendir("/proc/self/fd")) == NULL)
		return (-1);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "/proc/self/fd/%s", de->d_name);
		if ((n = readlink(path, link, sizeof link - 1)) <= 0)
			continue;
		link[n] = '\0';
		if (strstr(link, what) != NULL)
			count++;
	}
	closedir(d);
	return (count);
}

/*
 * Spawn one fasttest child ROLE (on host where, or anywhere) and wait
 * until it has said hello; its pid goes to child_pid.
 */
static int child_pid;

static int
spawn1(const char *role, const char *where)
{
	char	*argv[3];
	int	 tid, n;

	argv[0] = (char *)role;
	argv[1] = NULL;
	n = pvm_spawn((char *)prog, argv,
	    where != NULL ? PvmTaskHost : PvmTaskDefault, (char *)where, 1,
	    &tid);
	if (n != 1)
		fail("spawn %s: %d (tid %d)", role, n, tid);
	if (pvm_recv(tid, TAG_PID) < 0)
		fail("no hello from the child");
	pvm_upkint(&child_pid, 1, 1);
	return (tid);
}

int
main(int argc, char **argv)
{
	int	rc = 1;

	if (pvm_mytid() < 0)
		return (1);
	if (pvm_parent() > 0)
		return (child(argc, argv));
	if (argc >= 2 && strcmp(argv[1], "order") == 0)
		rc = run_order(argc > 2 ? argv[2] : NULL);
	else if (argc >= 2 && strcmp(argv[1], "wrap") == 0)
		rc = run_wrap(argc > 2 ? argv[2] : NULL);
	else if (argc >= 2 && strcmp(argv[1], "xchg") == 0)
		rc = run_xchg(argc > 2 ? argv[2] : NULL);
	else if (argc >= 2 && strcmp(argv[1], "killsender") == 0)
		rc = run_killsender(argc > 2 ? argv[2] : NULL);
	else if (argc >= 2 && strcmp(argv[1], "deadrecv") == 0)
		rc = run_deadrecv(argc > 2 ? argv[2] : NULL);
	else if (argc >= 2 && strcmp(argv[1], "daemon") == 0)
		rc = run_daemon(argc > 2 ? argv[2] : NULL);
	else if (argc >= 2 && strcmp(argv[1], "precv") == 0)
		rc = run_precv(argc > 2 ? argv[2] : NULL);
	else if (argc == 2 && strcmp(argv[1], "badring") == 0)
		rc = run_badring();
	else if (argc == 3 && strcmp(argv[1], "mesh") == 0)
		rc = run_mesh(atoi(argv[2]));
	else
		fprintf(stderr, "usage: fasttest order|wrap|xchg|killsender|"
		    "deadrecv|daemon|precv [HOST], badring, mesh N\n");
	if (rc == 0)
		printf("fasttest: OK\n");
	pvm_exit();
	return (rc);
}

static int
child(int argc, char **argv)
{
	int	rc = 1, pid = getpid();

	if (argc < 2)
		return (1);
	/* Connected: the parent may send now. */
	pvm_initsend(PvmDataDefault);
	pvm_pkint(&pid, 1, 1);
	pvm_send(pvm_parent(), TAG_PID);
	if (strcmp(argv[1], "order") == 0)
		rc = child_order();
	else if (strcmp(argv[1], "wrap") == 0)
		rc = child_wrap();
	else if (strcmp(argv[1], "xchg") == 0)
		rc = child_xchg();
	else if (strcmp(argv[1], "killsender") == 0)
		rc = child_killsender();
	else if (strcmp(argv[1], "deadrecv") == 0)
		rc = child_deadrecv();
	else if (strcmp(argv[1], "mesh") == 0)
		rc = child_mesh();
	else if (strcmp(argv[1], "badring") == 0)
		rc = child_badring();
	else if (strcmp(argv[1], "daemon") == 0)
		rc = child_daemon();
	else if (strcmp(argv[1], "precv") == 0)
		rc = child_precv();
	pvm_exit();
	return (rc);
}

/* Sequence number i, then i % 97 ints: odd sizes. */
static void
order_send(int tid, int i)
{
	int	v[97], n = i % 97, j;

	for (j = 0; j < n; j++)
		v[j] = i ^ j;
	pvm_initsend(PvmDataDefault);
	pvm_pkint(&i, 1, 1);
	pvm_pkint(&n, 1, 1);
	pvm_pkint(v, n, 1);
	if (pvm_send(tid, TAG_DATA) < 0)
		fail("send %d", i);
}

static int
run_order(const char *where)
{
	int	tid, i, got, rings, base, socks, sbase;
	int	samehost = where == NULL;

	/* The child's hello may have come over its own route to us. */
	tid = spawn1("order", where);
	base = count_rings();
	sbase = count_fds("socket:");
	pvm_setopt(PvmRoute, PvmDontRoute);
	for (i = 0; i < ORDER_N / 2; i++)
		order_send(tid, i);
	if ((rings = count_rings() - base) != 0)
		fail("%d rings with PvmDontRoute", rings);
	pvm_setopt(PvmRoute, PvmRouteDirect);
	for (; i < ORDER_N; i++)
		order_send(tid, i);
	rings = count_rings() - base;
	socks = count_fds("socket:") - sbase;
	if (samehost && rings != 1)
		fail("%d rings after PvmRouteDirect", rings);
	if (!samehost && socks != 1)
		fail("%d new sockets after PvmRouteDirect", socks);
	if (pvm_recv(tid, TAG_DONE) < 0)
		fail("recv done");
	pvm_upkint(&got, 1, 1);
	if (got != ORDER_N)
		fail("receiver counted %d of %d", got, ORDER_N);
	printf("order: %d messages in order, direct route %s\n", ORDER_N,
	    samehost ? (rings > 0 ? "ring" : "no") :
	    (socks > 0 ? "tcp" : "no"));
	return (0);
}

static int
child_order(void)
{
	int	v[97], i, n, j, seq, src;

	for (i = 0; i < ORDER_N; i++) {
		if (pvm_recv(-1, TAG_DATA) < 0)
			fail("recv");
		pvm_bufinfo(pvm_getrbuf(), NULL, NULL, &src);
		pvm_upkint(&seq, 1, 1);
		pvm_upkint(&n, 1, 1);
		if (seq != i || n != i % 97)
			fail("message %d arrived as number %d", i, seq);
		pvm_upkint(v, n, 1);
		for (j = 0; j < n; j++) {
			if (v[j] != (i ^ j))
				fail("message %d: bad word %d", i, j);
		}
	}
	pvm_initsend(PvmDataDefault);
	pvm_pkint(&i, 1, 1);
	pvm_send(pvm_parent(), TAG_DONE);
	return (0);
}

/* Sizes that are not multiples of anything and straddle the ring end. */
static size_t
wrap_size(int i)
{
	return ((size_t)(i * 7919) % 6007 + (i % 5 == 0 ? 40000 : 1));
}

static int
run_wrap(const char *where)
{
	unsigned char	*p;
	uint32_t	 s;
	size_t		 len;
	int		 tid, i, enc;

	tid = spawn1("wrap", where);
	if ((p = malloc(BIG_LEN)) == NULL)
		fail("malloc");
	/* The child computes for a while first: the ring fills up. */
	for (i = 0; i < WRAP_N; i++) {
		len = wrap_size(i);
		fill(p, len, i);
		pvm_initsend(PvmDataRaw);
		pvm_pkint(&i, 1, 1);
		pvm_pkbyte((char *)p, (int)len, 1);
		if (pvm_send(tid, TAG_DATA) < 0)
			fail("send %d", i);
	}
	/* Larger than the ring: copied, then in place. */
	for (enc = 0; enc < 2; enc++) {
		fill(p, BIG_LEN, 1000 + enc);
		s = sum(p, BIG_LEN);
		pvm_initsend(enc == 0 ? PvmDataDefault : PvmDataInPlace);
		pvm_pkuint(&s, 1, 1);
		pvm_pkbyte((char *)p, BIG_LEN, 1);
		if (pvm_send(tid, TAG_BIG) < 0)
			fail("send big");
	}
	if (pvm_recv(tid, TAG_DONE) < 0)
		fail("recv done");
	free(p);
	printf("wrap: %d odd messages, 2 of %d bytes\n", WRAP_N, BIG_LEN);
	return (0);
}

static int
child_wrap(void)
{
	unsigned char	*p, *q;
	uint32_t	 s;
	size_t		 len;
	int		 i, seq, bytes;

	/* Busy without calling PVM: the sender fills the ring. */
	busy(300);
	if ((p = malloc(BIG_LEN)) == NULL || (q = malloc(BIG_LEN)) == NULL)
		fail("malloc");
	for (i = 0; i < WRAP_N; i++) {
		if (pvm_recv(pvm_parent(), TAG_DATA) < 0)
			fail("recv %d", i);
		pvm_bufinfo(pvm_getrbuf(), &bytes, NULL, NULL);
		len = wrap_size(i);
		pvm_upkint(&seq, 1, 1);
		if (seq != i || (size_t)bytes != len + 4)
			fail("message %d: got number %d, %d bytes", i, seq,
			    bytes);
		pvm_upkbyte((char *)p, (int)len, 1);
		fill(q, len, i);
		if (memcmp(p, q, len) != 0)
			fail("message %d: bad bytes", i);
	}
	for (i = 0; i < 2; i++) {
		if (pvm_recv(pvm_parent(), TAG_BIG) < 0)
			fail("recv big");
		pvm_upkuint(&s, 1, 1);
		pvm_upkbyte((char *)p, BIG_LEN, 1);
		if (sum(p, BIG_LEN) != s)
			fail("big message %d: bad checksum", i);
	}
	free(p);
	free(q);
	pvm_initsend(PvmDataDefault);
	pvm_send(pvm_parent(), TAG_DONE);
	return (0);
}

/*
 * pvm_precv: the parent sends, the child checks (see child_precv).  The
 * child computes first, so that the queued cases are queued.
 */
static int
run_precv(const char *where)
{
	unsigned char	*p;
	int		 tid, ints[1000], i, k;

	/* Through the daemon, then over the new route: in that order. */
	pvm_setopt(PvmRoute, PvmDontRoute);
	tid = spawn1("precv", where);
	if ((p = malloc(BIG_LEN)) == NULL)
		fail("malloc");
	fill(p, 300000, 1);
	for (k = 0; k < 2; k++) {
		p[0] = (unsigned char)k;
		if (pvm_psend(tid, TAG_ORD, p, 300000, PVM_BYTE) < 0)
			fail("psend order");
		pvm_setopt(PvmRoute, PvmRouteDirect);
	}
	for (k = 0; k < 3; k++) {
		/* Two queued ones, taken in the other order. */
		i = k;
		if (pvm_psend(tid, TAG_Q1, &i, 1, PVM_INT) < 0 ||
		    pvm_psend(tid, TAG_Q2, &i, 1, PVM_INT) < 0)
			fail("psend queued");
		if (pvm_recv(tid, TAG_GO) < 0)
			fail("recv go");
		/* Larger than the ring, into the child's buffer. */
		fill(p, BIG_LEN, 2000 + k);
		if (pvm_psend(tid, TAG_BIG, p, BIG_LEN, PVM_BYTE) < 0)
			fail("psend big");
		/* For the handler, then for the precv. */
		if (pvm_psend(tid, TAG_MHF, &k, 1, PVM_INT) < 0)
			fail("psend mhf");
		for (i = 0; i < 1000; i++)
			ints[i] = i * k - 7;
		if (pvm_psend(tid, TAG_DATA, ints, 1000, PVM_INT) < 0)
			fail("psend ints");
		/* Too large for the child's buffer. */
		if (pvm_psend(tid, TAG_DATA, p, 100000, PVM_BYTE) < 0)
			fail("psend long");
	}
	if (pvm_recv(tid, TAG_DONE) < 0)
		fail("recv done");
	free(p);
	printf("precv: 3 rounds\n");
	return (0);
}

static int	precv_handled;

static int
precv_handler(int mid)
{
	int	v;

	if (pvm_upkint(&v, 1, 1) < 0 || v != precv_handled)
		fail("handler: message %d", v);
	precv_handled++;
	(void)mid;
	return (0);
}

static int
child_precv(void)
{
	unsigned char	*p, *q;
	int		 ints[1000], i, k, v, rtid, rtag, rlen, parent;

	parent = pvm_parent();
	if ((p = malloc(BIG_LEN)) == NULL || (q = malloc(BIG_LEN)) == NULL)
		fail("malloc");
	if (pvm_addmhf(parent, TAG_MHF, -1, precv_handler) < 0)
		fail("addmhf");
	/* Busy: both arrive before the first precv. */
	busy(100);
	for (k = 0; k < 2; k++) {
		if (pvm_precv(parent, TAG_ORD, p, 300000, PVM_BYTE, &rtid,
		    &rtag, &rlen) < 0 || rlen != 300000 || p[0] != k)
			fail("precv order %d: first byte %d", k, p[0]);
	}
	for (k = 0; k < 3; k++) {
		/* Busy: both messages are queued before the precv. */
		busy(50);
		if (pvm_precv(parent, TAG_Q2, &v, 1, PVM_INT, &rtid, &rtag,
		    &rlen) < 0 || v != k || rtag != TAG_Q2 || rlen != 4)
			fail("precv q2: %d tag %d len %d", v, rtag, rlen);
		if (pvm_precv(parent, TAG_Q1, &v, 1, PVM_INT, &rtid, &rtag,
		    &rlen) < 0 || v != k || rtag != TAG_Q1)
			fail("precv q1: %d tag %d", v, rtag);
		pvm_initsend(PvmDataDefault);
		pvm_send(parent, TAG_GO);

		memset(p, 0, BIG_LEN);
		if (pvm_precv(parent, TAG_BIG, p, BIG_LEN, PVM_BYTE, &rtid,
		    &rtag, &rlen) < 0 || rtid != parent || rtag != TAG_BIG ||
		    rlen != BIG_LEN)
			fail("precv big: t%x tag %d len %d", rtid, rtag, rlen);
		fill(q, BIG_LEN, 2000 + k);
		if (memcmp(p, q, BIG_LEN) != 0)
			fail("precv big %d: bad bytes", k);

		/* Any message: the handler takes TAG_MHF first. */
		if (pvm_precv(-1, -1, ints, 1000, PVM_INT, &rtid, &rtag,
		    &rlen) < 0 || rtag != TAG_DATA || rlen != 4000)
			fail("precv ints: tag %d len %d", rtag, rlen);
		for (i = 0; i < 1000; i++) {
			if (ints[i] != i * k - 7)
				fail("precv ints: [%d] = %d", i, ints[i]);
		}
		if (precv_handled != k + 1)
			fail("handler ran %d times, not %d", precv_handled,
			    k + 1);

		memset(p, 0, 50000);
		p[50000] = 0xa5;
		if (pvm_precv(parent, TAG_DATA, p, 50000, PVM_BYTE, &rtid,
		    &rtag, &rlen) < 0 || rlen != 100000)
			fail("precv long: len %d", rlen);
		if (memcmp(p, q, 50000) != 0 || p[50000] != 0xa5)
			fail("precv long: bad bytes");
	}
	free(p);
	free(q);
	pvm_initsend(PvmDataDefault);
	pvm_send(parent, TAG_DONE);
	return (0);
}

/* Send XCHG_LEN bytes to peer, then take its XCHG_LEN bytes. */
static int
xchg(int peer)
{
	unsigned char	*p;
	uint32_t	 s;

	if ((p = malloc(XCHG_LEN)) == NULL)
		fail("malloc");
	fill(p, XCHG_LEN, (unsigned)pvm_mytid());
	s = sum(p, XCHG_LEN);
	pvm_initsend(PvmDataInPlace);
	pvm_pkuint(&s, 1, 1);
	pvm_pkbyte((char *)p, XCHG_LEN, 1);
	if (pvm_send(peer, TAG_BIG) < 0)
		fail("send");
	if (pvm_recv(peer, TAG_BIG) < 0)
		fail("recv");
	pvm_upkuint(&s, 1, 1);
	pvm_upkbyte((char *)p, XCHG_LEN, 1);
	if (sum(p, XCHG_LEN) != s)
		fail("bad checksum");
	free(p);
	return (0);
}

static int
run_xchg(const char *where)
{
	int	tid;

	tid = spawn1("xchg", where);
	/* Both start together: the child waits for GO. */
	pvm_initsend(PvmDataDefault);
	pvm_send(tid, TAG_GO);
	xchg(tid);
	if (pvm_recv(tid, TAG_DONE) < 0)
		fail("recv done");
	printf("xchg: %d bytes each way at once\n", XCHG_LEN);
	return (0);
}

static int
child_xchg(void)
{
	if (pvm_recv(pvm_parent(), TAG_GO) < 0)
		fail("recv go");
	xchg(pvm_parent());
	pvm_initsend(PvmDataDefault);
	pvm_send(pvm_parent(), TAG_DONE);
	return (0);
}

static int
run_killsender(const char *where)
{
	struct timespec	 ts = { 0, 300 * 1000000 };
	int		 tid, pid, bells, n, sbase;

	/* On another host, the child's hello opened its TCP route. */
	tid = spawn1("killsender", where);
	pid = child_pid;
	sbase = count_fds("socket:");
	pvm_notify(PvmTaskExit, TAG_DONE, 1, &tid);
	/* No PVM call: the sender fills the route and blocks. */
	nanosleep(&ts, NULL);
	if (where == NULL && count_rings() != 1)
		fail("no ring from the sender");
	if (kill(pid, SIGKILL) != 0)
		fail("kill %d: %s", pid, strerror(errno));
	if (pvm_recv(-1, TAG_DONE) < 0)
		fail("no exit notify");
	if ((n = pvm_nrecv(tid, TAG_BIG)) != 0)
		fail("a part of the message arrived (%d)", n);
	if ((n = count_rings()) != 0)
		fail("%d rings still mapped", n);
	if ((n = count_fds("memfd:")) != 0)
		fail("%d memfd descriptors open", n);
	if ((bells = count_fds("eventfd")) > 1)
		fail("%d eventfd descriptors open", bells);
	if (where != NULL && (n = count_fds("socket:")) != sbase - 1)
		fail("%d sockets, %d before: the route stays open", n, sbase);
	printf("killsender: partial message dropped, route released\n");
	return (0);
}

static int
child_killsender(void)
{
	unsigned char	*p;
	int		 n;

	if ((p = calloc(1, HUGE_LEN)) == NULL)
		fail("malloc");
	pvm_initsend(PvmDataInPlace);
	pvm_pkbyte((char *)p, HUGE_LEN, 1);
	n = pvm_send(pvm_parent(), TAG_BIG);
	/* Only reached if the parent read it all: it must not. */
	fprintf(stderr, "killsender child: send returned %d\n", n);
	free(p);
	return (1);
}

static int
run_deadrecv(const char *where)
{
	unsigned char	*p;
	int		 tid, i;

	tid = spawn1("deadrecv", where);
	if ((p = calloc(1, HUGE_LEN)) == NULL)
		fail("malloc");
	pvm_initsend(PvmDataInPlace);
	pvm_pkbyte((char *)p, HUGE_LEN, 1);
	/* The receiver kills itself after the first few kilobytes. */
	for (i = 0; i < 2; i++) {
		if (pvm_send(tid, TAG_BIG) < 0)
			fail("send %d", i);
	}
	free(p);
	if ((i = count_rings()) != 0)
		fail("%d rings still mapped", i);
	printf("deadrecv: sends to a dead receiver returned\n");
	return (0);
}

static int
child_deadrecv(void)
{
	struct timespec	ts = { 0, 100 * 1000000 };

	/* Let a first piece arrive, take it, then die. */
	nanosleep(&ts, NULL);
	(void)pvm_nrecv(-1, -1);
	raise(SIGKILL);
	return (1);
}

#define DAEMON_N	6

static int
run_daemon(const char *where)
{
	unsigned char	*p;
	uint32_t	 s;
	size_t		 len;
	int		 tid, i;

	tid = spawn1("daemon", where);
	pvm_setopt(PvmRoute, PvmDontRoute);
	if ((p = malloc(BIG_LEN)) == NULL)
		fail("malloc");
	for (i = 0; i < DAEMON_N; i++) {
		len = i % 2 == 0 ? (size_t)BIG_LEN - (size_t)i * 4093 :
		    (size_t)70000 + (size_t)i;
		fill(p, len, 77 + i);
		s = sum(p, len);
		pvm_initsend(i % 3 == 0 ? PvmDataInPlace : PvmDataRaw);
		pvm_pkint(&i, 1, 1);
		pvm_pkuint(&s, 1, 1);
		pvm_pkbyte((char *)p, (int)len, 1);
		if (pvm_send(tid, TAG_BIG) < 0)
			fail("send %d", i);
		/* A small one between: order is kept. */
		pvm_initsend(PvmDataDefault);
		pvm_pkint(&i, 1, 1);
		if (pvm_send(tid, TAG_DATA) < 0)
			fail("send small %d", i);
	}
	free(p);
	if (pvm_recv(tid, TAG_DONE) < 0)
		fail("recv done");
	if (count_rings() > 1)
		fail("a ring to the child with PvmDontRoute");
	printf("daemon: %d large messages through the daemons\n", DAEMON_N);
	return (0);
}

static int
child_daemon(void)
{
	unsigned char	*p;
	uint32_t	 s;
	int		 i, seq, bytes, tag;

	if ((p = malloc(BIG_LEN)) == NULL)
		fail("malloc");
	for (i = 0; i < 2 * DAEMON_N; i++) {
		if (pvm_recv(pvm_parent(), -1) < 0)
			fail("recv %d", i);
		pvm_bufinfo(pvm_getrbuf(), &bytes, &tag, NULL);
		pvm_upkint(&seq, 1, 1);
		if (seq != i / 2 || tag != (i % 2 == 0 ? TAG_BIG : TAG_DATA))
			fail("message %d: number %d tag %d", i, seq, tag);
		if (tag != TAG_BIG)
			continue;
		pvm_upkuint(&s, 1, 1);
		bytes -= 8;
		if (bytes <= 0 || bytes > BIG_LEN)
			fail("message %d: %d bytes", i, bytes);
		pvm_upkbyte((char *)p, bytes, 1);
		if (sum(p, (size_t)bytes) != s)
			fail("message %d: bad checksum", i);
	}
	free(p);
	pvm_initsend(PvmDataDefault);
	pvm_send(pvm_parent(), TAG_DONE);
	return (0);
}

static int
run_badring(void)
{
	struct timeval	tv = { 2, 0 };
	int		tid, n, v;

	tid = spawn1("badring", NULL);
	if (count_rings() != 1)
		fail("no ring from the child");
	/* Our messages to it go through the daemon: its only ring is ours. */
	pvm_setopt(PvmRoute, PvmDontRoute);
	pvm_initsend(PvmDataDefault);
	pvm_send(tid, TAG_GO);
	/*
	 * The forged header, then a message behind it.  The forged frame
	 * never arrives and the ring is dropped; the message is lost with
	 * it if it went into that ring, or comes whole over a new route if
	 * the child saw the ring dropped first (a slow child).
	 */
	if ((n = pvm_trecv(tid, TAG_DATA, &tv)) < 0)
		fail("trecv after the forged header: %d", n);
	if (n > 0) {
		pvm_upkint(&v, 1, 1);
		if (v != 42)
			fail("bad message after the forged header: %d", v);
	} else if ((n = count_rings()) != 0)
		fail("%d rings still mapped after a forged header", n);
	pvm_initsend(PvmDataDefault);
	pvm_send(tid, TAG_GO);
	if (pvm_recv(tid, TAG_DONE) < 0)
		fail("recv done");
	pvm_upkint(&v, 1, 1);
	if (v != 42)
		fail("bad message after the new ring: %d", v);
	printf("badring: forged header dropped the ring, new ring works\n");
	return (0);
}

/*
 * Write a forged frame header into our ring to the parent: the layout
 * (PVM_RING_HDRLEN of header, head counter first, then data) is the
 * library's, used here only to play a buggy peer.
 */
static int
child_badring(void)
{
	FILE			*fp;
	char			 line[512];
	unsigned long		 lo, hi;
	volatile uint64_t	*head;
	unsigned char		*data;
	uint64_t		 size, h;
	int			 v = 42, found = 0;

	if (pvm_recv(pvm_parent(), TAG_GO) < 0)
		fail("recv go");
	if ((fp = fopen("/proc/self/maps", "r")) == NULL)
		fail("maps");
	while (fgets(line, sizeof line, fp) != NULL) {
		if (strstr(line, "pvm-ring") != NULL &&
		    sscanf(line, "%lx-%lx", &lo, &hi) == 2) {
			found++;
			break;
		}
	}
	fclose(fp);
	if (found != 1)
		fail("no ring to scribble on");
	head = (volatile uint64_t *)lo;
	data = (unsigned char *)lo + PVM_RING_HDRLEN;
	size = hi - lo - PVM_RING_HDRLEN;
	h = __atomic_load_n(head, __ATOMIC_ACQUIRE);
	for (v = 0; v < PVM_FRAME_HDRLEN; v++)
		data[(h + v) & (size - 1)] = 0xab;
	__atomic_store_n(head, h + PVM_FRAME_HDRLEN, __ATOMIC_RELEASE);
	v = 42;
	pvm_initsend(PvmDataDefault);
	pvm_pkint(&v, 1, 1);
	pvm_send(pvm_parent(), TAG_DATA);
	if (pvm_recv(pvm_parent(), TAG_GO) < 0)
		fail("recv go");
	pvm_initsend(PvmDataDefault);
	pvm_pkint(&v, 1, 1);
	pvm_send(pvm_parent(), TAG_DONE);
	return (0);
}

static int
run_mesh(int n)
{
	char	*argv[2] = { "mesh", NULL };
	int	 tids[MESH_MAX], i, k, cc;

	if (n < 2 || n > MESH_MAX)
		fail("bad task count");
	cc = pvm_spawn((char *)prog, argv, PvmTaskDefault, NULL, n, tids);
	if (cc != n)
		fail("spawned %d of %d", cc, n);
	for (i = 0; i < n; i++) {
		if (pvm_recv(tids[i], TAG_PID) < 0)
			fail("no hello");
	}
	for (i = 0; i < n; i++) {
		pvm_initsend(PvmDataDefault);
		pvm_pkint(&n, 1, 1);
		pvm_pkint(tids, n, 1);
		pvm_send(tids[i], TAG_GO);
	}
	for (i = 0; i < n; i++) {
		if (pvm_recv(-1, TAG_DONE) < 0)
			fail("recv done");
		pvm_upkint(&k, 1, 1);
		if (k != 0)
			fail("a mesh task failed");
	}
	printf("mesh: %d tasks all to all\n", n);
	return (0);
}

static int
child_mesh(void)
{
	int	tids[MESH_MAX], next[MESH_MAX], n, i, k, me = -1, src, seq;
	int	zero = 0;

	if (pvm_recv(pvm_parent(), TAG_GO) < 0)
		fail("recv go");
	pvm_upkint(&n, 1, 1);
	if (n < 2 || n > MESH_MAX)
		fail("bad count");
	pvm_upkint(tids, n, 1);
	for (i = 0; i < n; i++) {
		next[i] = 0;
		if (tids[i] == pvm_mytid())
			me = i;
	}
	if (me < 0)
		fail("not in the list");
	for (k = 0; k < MESH_K; k++) {
		for (i = 1; i < n; i++) {
			pvm_initsend(PvmDataDefault);
			pvm_pkint(&k, 1, 1);
			pvm_pkint(tids, (k % 7) * 4 > n ? n : (k % 7) * 4, 1);
			pvm_send(tids[(me + i) % n], TAG_DATA);
		}
	}
	for (k = 0; k < MESH_K * (n - 1); k++) {
		if (pvm_recv(-1, TAG_DATA) < 0)
			fail("recv");
		pvm_bufinfo(pvm_getrbuf(), NULL, NULL, &src);
		pvm_upkint(&seq, 1, 1);
		for (i = 0; i < n && tids[i] != src; i++)
			;
		if (i == n || seq != next[i])
			fail("from t%x: %d, expected %d", src, seq,
			    i < n ? next[i] : -1);
		next[i]++;
	}
	pvm_initsend(PvmDataDefault);
	pvm_pkint(&zero, 1, 1);
	pvm_send(pvm_parent(), TAG_DONE);
	return (0);
}
