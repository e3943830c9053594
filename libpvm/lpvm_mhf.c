/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Message handlers (pvm_addmhf, pvm_delmhf) and messages packed inside
 * messages (pvm_pkmesg, pvm_pkmesgbody, pvm_upkmesg).
 *
 * Received messages always go on lpvm.rxq first.  Handlers run only at
 * one safe point: when a receive call (pvm_recv, pvm_nrecv, pvm_trecv,
 * pvm_probe, pvm_precv) looks at the queue.  Every queued message that a
 * handler matches, in any context, is taken off the queue and given to
 * that handler before the receive call picks its message, so a receive
 * never returns a handled message.  Handlers never nest: while one runs,
 * matching messages stay queued (and hidden from receives) until it
 * returns.
 *
 * A packed message is, in the encoding of the outer buffer: eight ints
 * (body length, context, tag, wait id, frame encoding flags, checksum 0,
 * source, destination), then the body as a byte array.
 */

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/uio.h>

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lpvm.h"

/* Most handlers installed at once. */
#define MHF_MAX		65536
/* Ints in the header of a packed message. */
#define MHF_HDR_INTS	8

struct mhf {
	int	  src;		/* -1: any */
	int	  tag;		/* -1: any */
	int	  ctx;		/* -1: any */
	int	(*fn)(int);	/* NULL: slot free */
};

/* Handler mhid lives in mhf_tab[mhid - 1]. */
static struct mhf	*mhf_tab;
static int		 mhf_cap;
static int		 mhf_count;
static int		 mhf_running;

static int	mhf_pick(struct lpvm_buf **);
static void	mhf_call(int, struct lpvm_buf *);
static int	mhf_sbuf(int, struct lpvm_buf **, struct lpvm_buf **);
static int	mhf_put_bytes(struct lpvm_buf *, const struct iovec *, int,
		    size_t);
static int	mhf_wenc(uint32_t);

/*
 * Install fn for messages from src with tag in context ctx (each -1 for
 * any).  Returns the handler id (> 0), PvmExists if a handler with the
 * same three keys is installed, PvmBadParam or PvmNoMem.
 */
int
pvm_addmhf(int src, int tag, int ctx, int (*fn)(int))
{
	struct mhf	*m;
	int		 i, ncap;

	if (fn == NULL || tag < -1 || ctx < -1)
		return (lpvm_err(PvmBadParam, "pvm_addmhf"));
	/* The same three keys, a wildcard being just the value -1. */
	for (i = 0; i < mhf_cap; i++) {
		m = &mhf_tab[i];
		if (m->fn != NULL && m->src == src && m->tag == tag &&
		    m->ctx == ctx)
			return (lpvm_err(PvmExists, "pvm_addmhf"));
	}
	for (i = 0; i < mhf_cap; i++) {
		if (mhf_tab[i].fn == NULL)
			break;
	}
	if (i == mhf_cap) {
		if (mhf_cap >= MHF_MAX)
			return (lpvm_err(PvmNoMem, "pvm_addmhf"));
		ncap = mhf_cap == 0 ? 16 : mhf_cap * 2;
		m = reallocarray(mhf_tab, (size_t)ncap, sizeof *m);
		if (m == NULL)
			return (lpvm_err(PvmNoMem, "pvm_addmhf"));
		memset(m + mhf_cap, 0, (size_t)(ncap - mhf_cap) * sizeof *m);
		mhf_tab = m;
		mhf_cap = ncap;
	}
	m = &mhf_tab[i];
	m->src = src;
	m->tag = tag;
	m->ctx = ctx;
	m->fn = fn;
	mhf_count++;
	return (i + 1);
}

/*
 * Remove handler mhid.  Returns PvmOk, PvmBadParam for a negative (or
 * zero) id, or PvmNotFound.
 */
int
pvm_delmhf(int mhid)
{
	if (mhid <= 0)
		return (lpvm_err(PvmBadParam, "pvm_delmhf"));
	if (mhid > mhf_cap || mhf_tab[mhid - 1].fn == NULL)
		return (lpvm_err(PvmNotFound, "pvm_delmhf"));
	memset(&mhf_tab[mhid - 1], 0, sizeof mhf_tab[0]);
	mhf_count--;
	return (PvmOk);
}

/*
 * PVM's exported debugging aid, which its examples call: print on stdout,
 * as who for task tid with the note msg, the installed handlers.
 */
void
pvmdisplaymhfinfo(char *who, char *msg, int tid)
{
	const struct mhf	*m;
	int			 i;

	printf("%s t%x: %s: %d message handler%s\n", who != NULL ? who : "",
	    (unsigned int)tid, msg != NULL ? msg : "", mhf_count,
	    mhf_count == 1 ? "" : "s");
	for (i = 0; i < mhf_cap; i++) {
		m = &mhf_tab[i];
		if (m->fn != NULL)
			printf("\tmhid %d: src %d tag %d ctx %d\n", i + 1,
			    m->src, m->tag, m->ctx);
	}
	fflush(stdout);
}

/*
 * The id of the first installed handler that matches the header of b,
 * or 0 if none does.
 */
int
lpvm_mhf_match(const struct lpvm_buf *b)
{
	return (lpvm_mhf_takes(b->src, b->tag, b->ctx));
}

/* As lpvm_mhf_match for a message from src with tag in context ctx. */
int
lpvm_mhf_takes(int src, int tag, int ctx)
{
	const struct mhf	*m;
	int			 i;

	if (mhf_count == 0)
		return (0);
	for (i = 0; i < mhf_cap; i++) {
		m = &mhf_tab[i];
		if (m->fn == NULL)
			continue;
		if ((m->src == -1 || m->src == src) &&
		    (m->tag == -1 || m->tag == tag) &&
		    (m->ctx == -1 || m->ctx == ctx))
			return (i + 1);
	}
	return (0);
}

/* Find the first queued message a handler takes; returns its id or 0. */
static int
mhf_pick(struct lpvm_buf **bp)
{
	struct lpvm_buf	*b;
	int		 id;

	TAILQ_FOREACH(b, &lpvm.rxq, entry) {
		if ((id = lpvm_mhf_match(b)) != 0) {
			*bp = b;
			return (id);
		}
	}
	return (0);
}

/*
 * Call handler id for b (already off the queue): b is the receive buffer
 * during the call and is freed afterwards unless the handler freed it;
 * the caller's send and receive buffers are put back.
 */
static void
mhf_call(int id, struct lpvm_buf *b)
{
	struct lpvm_buf	*x;
	int		(*fn)(int) = mhf_tab[id - 1].fn;
	int		 mid = b->mid, osbuf = lpvm.sbuf, orbuf = lpvm.rbuf;

	b->flags |= LPVM_BUF_MHF;
	b->pos = 0;
	lpvm.rbuf = mid;
	(void)fn(mid);
	/* A buffer made in the handler may have reused mid: check the flag. */
	if ((x = lpvm_buf_get(mid)) != NULL && (x->flags & LPVM_BUF_MHF))
		lpvm_buf_free(x);
	lpvm.sbuf = lpvm_buf_get(osbuf) != NULL ? osbuf : 0;
	lpvm.rbuf = lpvm_buf_get(orbuf) != NULL ? orbuf : 0;
}

/*
 * Give every queued message that a handler matches to its handler.
 * Does nothing while a handler runs (handlers never nest).
 */
void
lpvm_mhf_run(void)
{
	struct lpvm_buf	*b;
	int		 id;

	if (mhf_count == 0 || mhf_running)
		return;
	mhf_running = 1;
	while ((id = mhf_pick(&b)) != 0) {
		TAILQ_REMOVE(&lpvm.rxq, b, entry);
		b->queued = 0;
		mhf_call(id, b);
	}
	mhf_running = 0;
}

/*
 * Check the arguments of pvm_pkmesg and pvm_pkmesgbody: *sbp the current
 * send buffer, *bp buffer mid.  Returns 0 or a PVM error code.
 */
static int
mhf_sbuf(int mid, struct lpvm_buf **sbp, struct lpvm_buf **bp)
{
	if (mid <= 0)
		return (PvmBadParam);
	if (lpvm.sbuf <= 0 || (*sbp = lpvm_buf_get(lpvm.sbuf)) == NULL)
		return (PvmNoBuf);
	if (mid == lpvm.sbuf)
		return (PvmBadParam);
	if ((*bp = lpvm_buf_get(mid)) == NULL)
		return (PvmNoSuchBuf);
	switch ((*sbp)->enc) {
	case PvmDataDefault:
	case PvmDataRaw:
	case PvmDataInPlace:
		return (0);
	}
	return (PvmBadMsg);
}

/* The encoding bits of frame flags. */
static int
mhf_wenc(uint32_t wflags)
{
	return ((int)(wflags & PVM_FRAME_FORMAT_MASK));
}

/*
 * Append the total bytes of iov[0..n-1] to sb as one byte array of its
 * encoding (padded to 4 bytes in XDR, as lpvm_unpack reads it), always
 * copied.  Returns 0 or PvmNoMem, sb unchanged on error.
 */
static int
mhf_put_bytes(struct lpvm_buf *sb, const struct iovec *iov, int n,
    size_t total)
{
	size_t	pad = 0;
	int	i, rc;

	if (sb->fmt == LPVM_FMT_XDR)
		pad = (4 - (total & 3)) & 3;
	if ((rc = lpvm_buf_reserve(sb, total + pad)) != 0)
		return (rc);
	for (i = 0; i < n; i++) {
		memcpy(sb->data + sb->len, iov[i].iov_base, iov[i].iov_len);
		sb->len += iov[i].iov_len;
	}
	memset(sb->data + sb->len, 0, pad);
	sb->len += pad;
	return (0);
}

/*
 * Pack message mid, header and body, into the current send buffer.
 * Returns PvmOk, or PvmBadParam, PvmNoBuf, PvmNoSuchBuf, PvmNoMem; the
 * send buffer is unchanged on error.
 */
int
pvm_pkmesg(int mid)
{
	struct lpvm_buf	*sb, *b;
	struct iovec	*iov;
	size_t		 total, save;
	uint32_t	 wflags;
	int		 hdr[MHF_HDR_INTS], i, n, rc;

	if ((rc = mhf_sbuf(mid, &sb, &b)) != 0)
		return (lpvm_err(rc, "pvm_pkmesg"));
	if ((rc = lpvm_buf_iov(b, &iov, &n, &total, &wflags)) != 0)
		return (lpvm_err(rc, "pvm_pkmesg"));
	if (total > INT_MAX)
		return (lpvm_err(PvmNoMem, "pvm_pkmesg"));
	hdr[0] = (int)total;
	hdr[1] = b->ctx;
	hdr[2] = b->tag;
	hdr[3] = b->wid;
	hdr[4] = mhf_wenc(wflags);
	hdr[5] = 0;
	if (b->src != 0 || (b->flags & LPVM_BUF_RECV))
		hdr[6] = b->src;
	else
		hdr[6] = lpvm.mytid;
	hdr[7] = b->dst;
	save = sb->len;
	for (i = 0; i < MHF_HDR_INTS; i++) {
		if ((rc = lpvm_pack_val(sb, LPVM_INT, &hdr[i])) != 0)
			break;
	}
	if (rc == 0)
		rc = mhf_put_bytes(sb, iov, n, total);
	if (rc != 0) {
		sb->len = save;
		return (lpvm_err(rc, "pvm_pkmesg"));
	}
	return (PvmOk);
}

/*
 * Append the body of message mid to the current send buffer, which must
 * have the same encoding.  Returns PvmOk, or PvmBadParam, PvmNoBuf,
 * PvmNoSuchBuf, PvmMismatch or PvmNoMem.
 */
int
pvm_pkmesgbody(int mid)
{
	struct lpvm_buf	*sb, *b;
	struct iovec	*iov;
	size_t		 total, i;
	uint32_t	 wflags;
	int		 n, rc;

	if ((rc = mhf_sbuf(mid, &sb, &b)) != 0)
		return (lpvm_err(rc, "pvm_pkmesgbody"));
	if (mhf_wenc(b->wflags) != mhf_wenc(sb->wflags))
		return (lpvm_err(PvmMismatch, "pvm_pkmesgbody"));
	if ((rc = lpvm_buf_iov(b, &iov, &n, &total, &wflags)) != 0)
		return (lpvm_err(rc, "pvm_pkmesgbody"));
	if ((rc = lpvm_buf_reserve(sb, total)) != 0)
		return (lpvm_err(rc, "pvm_pkmesgbody"));
	for (i = 0; i < (size_t)n; i++) {
		memcpy(sb->data + sb->len, iov[i].iov_base, iov[i].iov_len);
		sb->len += iov[i].iov_len;
	}
	return (PvmOk);
}

/*
 * Unpack a message packed by pvm_pkmesg from the current receive buffer
 * into a new buffer.  Returns its id, or PvmNoBuf, PvmNoData, PvmBadMsg,
 * PvmNoMem; the receive buffer's cursor does not move on error.
 */
int
pvm_upkmesg(void)
{
	struct lpvm_buf	*rb, *nb;
	unsigned char	*body;
	size_t		 save, left;
	int		 hdr[MHF_HDR_INTS], i, rc = 0;

	if (lpvm.rbuf <= 0 || (rb = lpvm_buf_get(lpvm.rbuf)) == NULL)
		return (lpvm_err(PvmNoBuf, "pvm_upkmesg"));
	save = rb->pos;
	for (i = 0; i < MHF_HDR_INTS && rc == 0; i++)
		rc = lpvm_unpack(rb, LPVM_INT, &hdr[i], 1, 1);
	if (rc == 0 && hdr[0] < 0)
		rc = PvmBadMsg;
	if (rc == 0) {
		left = rb->pos <= rb->len ? rb->len - rb->pos : 0;
		if ((size_t)hdr[0] > left)
			rc = PvmNoData;
	}
	if (rc != 0) {
		rb->pos = save;
		return (lpvm_err(rc, "pvm_upkmesg"));
	}
	if ((body = malloc(hdr[0] > 0 ? (size_t)hdr[0] : 1)) == NULL) {
		rb->pos = save;
		return (lpvm_err(PvmNoMem, "pvm_upkmesg"));
	}
	if (hdr[0] > 0 &&
	    (rc = lpvm_unpack(rb, LPVM_BYTE, body, hdr[0], 1)) != 0) {
		free(body);
		rb->pos = save;
		return (lpvm_err(rc, "pvm_upkmesg"));
	}
	nb = lpvm_buf_adopt(body, (size_t)hdr[0], (uint32_t)mhf_wenc(hdr[4]),
	    hdr[6], hdr[2], hdr[1]);
	if (nb == NULL) {
		free(body);
		rb->pos = save;
		return (lpvm_err(PvmNoMem, "pvm_upkmesg"));
	}
	nb->wid = hdr[3];
	nb->dst = hdr[7];
	return (nb->mid);
}
