/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Sending and receiving messages: pvm_send, pvm_mcast, pvm_psend and the
 * receive calls.  Received messages wait on lpvm.rxq in arrival order;
 * the receive calls pick the first one that matches (or the best one for
 * a pvm_recvf function) among those of the current context.
 */

#include <sys/types.h>
#include <sys/time.h>

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lpvm.h"

/* Bytes of one long in a PvmDataDefault (XDR) body, as lpvm_pack packs. */
#define MSG_XDR_LONG	8

static int	 msg_check_dst(int);
static int	 msg_check_match(int, int);
static int	 msg_find(int, int, struct lpvm_buf **);
static void	 msg_take(struct lpvm_buf *);
static void	 msg_unqueue(struct lpvm_buf *);
static int	 msg_wait(int, int, int, struct lpvm_buf **);
static int	 msg_type(int, int *, size_t *, size_t *);
static int	 msg_precv_direct(int, int, void *, size_t, size_t, int *,
		    int *, int *);
static int	 msg_cmp_int(const void *, const void *);

/*
 * Whether tid is a well-formed TID of a task: no daemon or multicast
 * bit, a host part and a local part.
 */
int
lpvm_tid_valid(int tid)
{
	uint32_t	t = (uint32_t)tid;

	if ((t & (PVM_TID_DAEMON | PVM_TID_MCAST)) != 0)
		return (0);
	return ((t & PVM_TID_HOST_MASK) != 0 && (t & PVM_TID_LOCAL_MASK) != 0);
}

/* Check a destination TID; daemons only with PvmResvTids. */
static int
msg_check_dst(int tid)
{
	uint32_t	t = (uint32_t)tid;

	if (lpvm_tid_valid(tid))
		return (0);
	if (lpvm.resvtids && (t & PVM_TID_DAEMON) != 0 &&
	    (t & PVM_TID_HOST_MASK) != 0)
		return (0);
	return (PvmBadParam);
}

/* Check the tid and tag given to a receive call (-1 matches any). */
static int
msg_check_match(int tid, int tag)
{
	if (tag < -1)
		return (PvmBadParam);
	if (tid != -1 && tid != 0 && !lpvm_tid_valid(tid) &&
	    ((uint32_t)tid & PVM_TID_DAEMON) == 0)
		return (PvmBadParam);
	return (0);
}

/*
 * Find the queued message that a receive for (tid, tag) takes, among
 * those of the current context that no message handler takes (handlers
 * run first).  Returns 1 and *bp, 0 if none matches, or the negative
 * code returned by a pvm_recvf function.
 */
static int
msg_find(int tid, int tag, struct lpvm_buf **bp)
{
	struct lpvm_buf	*b, *best = NULL;
	int		 rank, bestrank = 0;

	*bp = NULL;
	/* Message handlers: they take their messages first (lpvm_mhf.c). */
	lpvm_mhf_run();
	TAILQ_FOREACH(b, &lpvm.rxq, entry) {
		if (b->ctx != lpvm.ctx || lpvm_mhf_match(b) != 0)
			continue;
		if (lpvm.matchf == NULL) {
			if (lpvm_msg_match(tid, tag, b)) {
				*bp = b;
				return (1);
			}
			continue;
		}
		rank = lpvm.matchf(b->mid, tid, tag);
		if (rank < 0)
			return (rank);
		if (rank == 1) {
			*bp = b;
			return (1);
		}
		if (rank > bestrank) {
			best = b;
			bestrank = rank;
		}
	}
	if (best == NULL)
		return (0);
	*bp = best;
	return (1);
}

/* Whether the default match takes b for a receive of (tid, tag). */
int
lpvm_msg_match(int tid, int tag, const struct lpvm_buf *b)
{
	return ((tid == -1 || tid == b->src) && (tag == -1 || tag == b->tag));
}

/*
 * Whether a queued message of the current context matches (tid, tag)
 * with the default match, no handler taking it.
 */
int
lpvm_msg_queued(int tid, int tag)
{
	struct lpvm_buf	*b;

	TAILQ_FOREACH(b, &lpvm.rxq, entry) {
		if (b->ctx == lpvm.ctx && lpvm_msg_match(tid, tag, b) &&
		    lpvm_mhf_match(b) == 0)
			return (1);
	}
	return (0);
}

/* Take b off the receive queue. */
static void
msg_unqueue(struct lpvm_buf *b)
{
	if (b->queued) {
		TAILQ_REMOVE(&lpvm.rxq, b, entry);
		b->queued = 0;
	}
}

/* Make b the receive buffer, freeing the previous one. */
static void
msg_take(struct lpvm_buf *b)
{
	struct lpvm_buf	*old;

	msg_unqueue(b);
	if (lpvm.rbuf > 0 && lpvm.rbuf != b->mid &&
	    (old = lpvm_buf_get(lpvm.rbuf)) != NULL)
		lpvm_buf_free(old);
	lpvm.rbuf = b->mid;
	b->pos = 0;
}

/*
 * Wait for a message matching (tid, tag) for up to timeout ms (-1
 * forever, 0 only what has arrived).  Returns 1 with *bp still queued,
 * 0 on timeout, or a PVM error code.
 */
static int
msg_wait(int tid, int tag, int timeout, struct lpvm_buf **bp)
{
	int64_t	deadline = 0, left;
	int	cc, wait;

	if ((cc = msg_find(tid, tag, bp)) != 0)
		return (cc);
	if ((cc = lpvm_pump(0)) < 0)
		return (cc);
	if (timeout > 0)
		deadline = lpvm_now_ms() + timeout;
	for (;;) {
		if ((cc = msg_find(tid, tag, bp)) != 0)
			return (cc);
		if (timeout == 0)
			return (0);
		wait = -1;
		if (timeout > 0) {
			left = deadline - lpvm_now_ms();
			if (left <= 0)
				return (0);
			wait = left > INT_MAX ? INT_MAX : (int)left;
		}
		if ((cc = lpvm_pump(wait)) < 0)
			return (cc);
	}
}

/* Send the current send buffer to tid with msgtag. */
int
pvm_send(int tid, int tag)
{
	struct lpvm_buf	*b;
	int		 cc;

	if ((cc = lpvm_enroll()) != 0)
		return (lpvm_err(cc, "pvm_send"));
	if (msg_check_dst(tid) != 0 || tag < 0)
		return (lpvm_err(PvmBadParam, "pvm_send"));
	if (lpvm.sbuf <= 0 || (b = lpvm_buf_get(lpvm.sbuf)) == NULL)
		return (lpvm_err(PvmNoBuf, "pvm_send"));
	if ((cc = lpvm_send_data(tid, tag, lpvm.ctx, b)) != 0)
		return (lpvm_err(cc, "pvm_send"));
	return (PvmOk);
}

static int
msg_cmp_int(const void *a, const void *b)
{
	int	x = *(const int *)a, y = *(const int *)b;

	return (x < y ? -1 : x > y);
}

/*
 * Send the current send buffer to every task of tids[0..n-1] once, never
 * to the caller.  All TIDs are checked before anything is sent.
 */
int
pvm_mcast(int *tids, int n, int tag)
{
	struct lpvm_buf	*b;
	int		*v;
	int		 i, cc;

	if ((cc = lpvm_enroll()) != 0)
		return (lpvm_err(cc, "pvm_mcast"));
	if (n < 0 || tag < 0 || (n > 0 && tids == NULL))
		return (lpvm_err(PvmBadParam, "pvm_mcast"));
	for (i = 0; i < n; i++) {
		if (msg_check_dst(tids[i]) != 0)
			return (lpvm_err(PvmBadParam, "pvm_mcast"));
	}
	if (lpvm.sbuf <= 0 || (b = lpvm_buf_get(lpvm.sbuf)) == NULL)
		return (lpvm_err(PvmNoBuf, "pvm_mcast"));
	if (n == 0)
		return (PvmOk);
	if ((v = malloc((size_t)n * sizeof *v)) == NULL)
		return (lpvm_err(PvmNoMem, "pvm_mcast"));
	memcpy(v, tids, (size_t)n * sizeof *v);
	qsort(v, n, sizeof *v, msg_cmp_int);
	cc = 0;
	for (i = 0; i < n && cc == 0; i++) {
		if (v[i] == lpvm.mytid || (i > 0 && v[i] == v[i - 1]))
			continue;
		cc = lpvm_send_data(v[i], tag, lpvm.ctx, b);
	}
	free(v);
	if (cc != 0)
		return (lpvm_err(cc, "pvm_mcast"));
	return (PvmOk);
}

/*
 * Map a pvm_psend/pvm_precv data type to the encoder type and the size
 * of one item in memory.  Returns 0 or PvmBadParam.
 */
static int
msg_type(int datatype, int *type, size_t *size, size_t *xdrsize)
{
	switch (datatype) {
	case PVM_STR:
	case PVM_BYTE:
		*type = LPVM_BYTE;
		*size = 1;
		*xdrsize = 1;
		break;
	case PVM_SHORT:
		*type = LPVM_SHORT;
		*size = sizeof(short);
		*xdrsize = 4;
		break;
	case PVM_USHORT:
		*type = LPVM_USHORT;
		*size = sizeof(unsigned short);
		*xdrsize = 4;
		break;
	case PVM_INT:
		*type = LPVM_INT;
		*size = sizeof(int);
		*xdrsize = 4;
		break;
	case PVM_UINT:
		*type = LPVM_UINT;
		*size = sizeof(unsigned int);
		*xdrsize = 4;
		break;
	case PVM_FLOAT:
		*type = LPVM_FLOAT;
		*size = sizeof(float);
		*xdrsize = 4;
		break;
	case PVM_CPLX:
		*type = LPVM_CPLX;
		*size = 2 * sizeof(float);
		*xdrsize = 8;
		break;
	case PVM_DOUBLE:
		*type = LPVM_DOUBLE;
		*size = sizeof(double);
		*xdrsize = 8;
		break;
	case PVM_DCPLX:
		*type = LPVM_DCPLX;
		*size = 2 * sizeof(double);
		*xdrsize = 16;
		break;
	case PVM_LONG:
		*type = LPVM_LONG;
		*size = sizeof(long);
		*xdrsize = MSG_XDR_LONG;
		break;
	case PVM_ULONG:
		*type = LPVM_ULONG;
		*size = sizeof(unsigned long);
		*xdrsize = MSG_XDR_LONG;
		break;
	default:
		return (PvmBadParam);
	}
	return (0);
}

/*
 * Pack len items of datatype from buf into a raw message and send it to
 * tid; the current send buffer is not touched.
 */
int
pvm_psend(int tid, int tag, void *buf, int len, int datatype)
{
	struct iovec	iov;
	size_t		size, xsize;
	int		type, cc;

	if ((cc = lpvm_enroll()) != 0)
		return (lpvm_err(cc, "pvm_psend"));
	if (msg_check_dst(tid) != 0 || tag < 0 || len < 0 ||
	    (len > 0 && buf == NULL) ||
	    msg_type(datatype, &type, &size, &xsize) != 0)
		return (lpvm_err(PvmBadParam, "pvm_psend"));
	/*
	 * The frame of a PvmDataRaw buffer holding the array, sent from
	 * the array itself: no buffer, no copy.
	 */
	iov.iov_base = buf;
	iov.iov_len = (size_t)len * size;
	if ((cc = lpvm_send_iov(tid, tag, lpvm.ctx, LPVM_WFLAGS_NATIVE, &iov,
	    len > 0 ? 1 : 0, iov.iov_len)) != 0)
		return (lpvm_err(cc, "pvm_psend"));
	return (PvmOk);
}

/* Block until a message matches (tid, tag); it becomes the rbuf. */
int
pvm_recv(int tid, int tag)
{
	struct lpvm_buf	*b;
	int		 cc;

	if ((cc = lpvm_enroll()) != 0)
		return (lpvm_err(cc, "pvm_recv"));
	if (msg_check_match(tid, tag) != 0)
		return (lpvm_err(PvmBadParam, "pvm_recv"));
	if ((cc = msg_wait(tid, tag, -1, &b)) < 0)
		return (lpvm_err(cc, "pvm_recv"));
	msg_take(b);
	return (b->mid);
}

/* Receive a matching message if one has arrived; 0 if none. */
int
pvm_nrecv(int tid, int tag)
{
	struct lpvm_buf	*b;
	int		 cc;

	if ((cc = lpvm_enroll()) != 0)
		return (lpvm_err(cc, "pvm_nrecv"));
	if (msg_check_match(tid, tag) != 0)
		return (lpvm_err(PvmBadParam, "pvm_nrecv"));
	if ((cc = msg_wait(tid, tag, 0, &b)) < 0)
		return (lpvm_err(cc, "pvm_nrecv"));
	if (cc == 0)
		return (0);
	msg_take(b);
	return (b->mid);
}

/*
 * Wait at most *tmout for a matching message (forever if tmout is NULL);
 * 0 on timeout.
 */
int
pvm_trecv(int tid, int tag, struct timeval *tmout)
{
	struct lpvm_buf	*b;
	int64_t		 ms;
	int		 cc, timeout;

	if ((cc = lpvm_enroll()) != 0)
		return (lpvm_err(cc, "pvm_trecv"));
	if (msg_check_match(tid, tag) != 0)
		return (lpvm_err(PvmBadParam, "pvm_trecv"));
	timeout = -1;
	if (tmout != NULL) {
		if (tmout->tv_sec < 0 || tmout->tv_usec < 0)
			return (lpvm_err(PvmBadParam, "pvm_trecv"));
		if (tmout->tv_sec > INT_MAX / 1000)
			ms = INT_MAX;
		else
			ms = (int64_t)tmout->tv_sec * 1000 +
			    (tmout->tv_usec + 999) / 1000;
		timeout = ms > INT_MAX ? INT_MAX : (int)ms;
	}
	if ((cc = msg_wait(tid, tag, timeout, &b)) < 0)
		return (lpvm_err(cc, "pvm_trecv"));
	if (cc == 0)
		return (0);
	msg_take(b);
	return (b->mid);
}

/*
 * The id of a matching message that has arrived, left in the queue (see
 * pvm_bufinfo), or 0.
 */
int
pvm_probe(int tid, int tag)
{
	struct lpvm_buf	*b;
	int		 cc;

	if ((cc = lpvm_enroll()) != 0)
		return (lpvm_err(cc, "pvm_probe"));
	if (msg_check_match(tid, tag) != 0)
		return (lpvm_err(PvmBadParam, "pvm_probe"));
	if ((cc = msg_wait(tid, tag, 0, &b)) < 0)
		return (lpvm_err(cc, "pvm_probe"));
	return (cc == 0 ? 0 : b->mid);
}

/*
 * pvm_precv for a message not yet here: the incoming routes may read it
 * straight into buf (cap bytes, items of size bytes), skipping the body
 * and the copy out of it.  Returns 1 when a message went there (*rtid,
 * *rtag, *rlen set if not NULL), 0 when a matching message was queued
 * instead (the caller takes it the usual way), or a PVM error code.
 */
static int
msg_precv_direct(int tid, int tag, void *buf, size_t cap, size_t size,
    int *rtid, int *rtag, int *rlen)
{
	struct lpvm_direct	 d;
	struct lpvm_buf		*b;
	int			 cc;

	if ((cc = msg_find(tid, tag, &b)) != 0)
		return (cc < 0 ? cc : 0);
	memset(&d, 0, sizeof d);
	d.tid = tid;
	d.tag = tag;
	d.ctx = lpvm.ctx;
	d.buf = buf;
	d.cap = cap;
	d.size = size;
	if ((cc = lpvm_chan_direct(&d)) != 0)
		return (cc);
	for (;;) {
		if ((cc = lpvm_pump(-1)) < 0 || d.done)
			break;
		/* A frame begun into buf is finished there. */
		if (!d.busy && (cc = msg_find(tid, tag, &b)) != 0)
			break;
	}
	if (lpvm_chan_direct(NULL) != 0 && cc >= 0 && !d.done)
		cc = PvmNoMem;
	if (!d.done)
		return (cc < 0 ? cc : 0);
	/* Handlers run for what came before it, as with the queue. */
	lpvm_mhf_run();
	if (rtid != NULL)
		*rtid = d.src;
	if (rtag != NULL)
		*rtag = d.rtag;
	if (rlen != NULL)
		*rlen = d.len > INT_MAX ? INT_MAX : (int)d.len;
	return (1);
}

/*
 * Receive a matching message straight into buf (len items of datatype)
 * without touching the current receive buffer.  *rlen gets the length of
 * the message in bytes, as PVM 3.4 reports it.
 */
int
pvm_precv(int tid, int tag, void *buf, int len, int datatype, int *rtid,
    int *rtag, int *rlen)
{
	struct lpvm_buf	*b;
	size_t		 size, xsize, avail, n;
	int		 type, cc;

	if ((cc = lpvm_enroll()) != 0)
		return (lpvm_err(cc, "pvm_precv"));
	if (msg_check_match(tid, tag) != 0 || len < 0 ||
	    (len > 0 && buf == NULL) ||
	    msg_type(datatype, &type, &size, &xsize) != 0)
		return (lpvm_err(PvmBadParam, "pvm_precv"));
	if (lpvm.matchf == NULL &&
	    (cc = msg_precv_direct(tid, tag, buf, (size_t)len * size, size,
	    rtid, rtag, rlen)) != 0)
		return (cc < 0 ? lpvm_err(cc, "pvm_precv") : PvmOk);
	if ((cc = msg_wait(tid, tag, -1, &b)) < 0)
		return (lpvm_err(cc, "pvm_precv"));
	msg_unqueue(b);
	b->pos = 0;
	cc = 0;
	n = (size_t)len;
	if (b->fmt == LPVM_FMT_NATIVE) {
		avail = b->len / size;
		if (n > avail)
			n = avail;
		if (n > 0)
			memcpy(buf, b->data, n * size);
	} else {
		/* Item size in the sender's format. */
		if (b->fmt == LPVM_FMT_OTHER)
			xsize = type == LPVM_LONG || type == LPVM_ULONG ?
			    (size_t)b->flong : size;
		avail = b->len / xsize;
		if (n > avail)
			n = avail;
		if (n > 0)
			cc = lpvm_unpack(b, type, buf, (int)n, 1);
	}
	if (rtid != NULL)
		*rtid = b->src;
	if (rtag != NULL)
		*rtag = b->tag;
	if (rlen != NULL)
		*rlen = b->len > INT_MAX ? INT_MAX : (int)b->len;
	lpvm_buf_free(b);
	if (cc < 0)
		return (lpvm_err(cc, "pvm_precv"));
	return (PvmOk);
}

/*
 * Install a matching function for the receive calls (NULL restores the
 * default); returns the previous one, NULL for the default.
 */
int
(*pvm_recvf(int (*fn)(int, int, int)))(int, int, int)
{
	int	(*old)(int, int, int) = lpvm.matchf;

	lpvm.matchf = fn;
	return (old);
}
