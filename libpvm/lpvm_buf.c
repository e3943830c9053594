/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Message buffers: the table that maps a buffer id (mid) to its buffer,
 * the life of a buffer (made, adopted from a received frame, freed), the
 * gather list used to send one, and the public buffer calls of PVM 3.4
 * (pvm_mkbuf, pvm_initsend, pvm_setsbuf, pvm_bufinfo, ...).  The task's
 * global state lives here too.
 */

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/uio.h>

#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lpvm.h"

/* Encoding words reported by pvm_getminfo, the values PVM 3.4 uses. */
#define LPVM_SIG_XDR		0x10000000
#define LPVM_SIG_NATIVE		0x00408c41	/* PVM's LINUX64 signature */
#define LPVM_SIG_INPLACE	0x20000000

#define LPVM_BUF_MINCAP		128	/* first allocation of a body */
/*
 * Bodies of at least BUF_KEEP_MIN bytes are kept for the next message
 * (at most BUF_KEEP_N of them, BUF_KEEP_TOTAL bytes in all): a fresh
 * block of megabytes comes from mmap and faults in each page again,
 * which costs more than copying the message.
 */
#define BUF_KEEP_MIN		(128U * 1024)
#define BUF_KEEP_N		4
#define BUF_KEEP_TOTAL		(96U * 1024 * 1024)
/*
 * Freed buffers kept for lpvm_buf_new with their small allocations (the
 * packed bytes up to BUF_RECYCLE_DATA, the gather list): a small message
 * each way then takes no trip through malloc.
 */
#define BUF_RECYCLE_N		16
#define BUF_RECYCLE_DATA	(16U * 1024)
#define LPVM_BUF_MINTAB		64	/* first size of the mid table */

static int	 lpvm_buf_enc_ok(int);
static int	 lpvm_buf_newmid(void);
static int	 lpvm_buf_lookup(int, struct lpvm_buf **);
static int	 lpvm_buf_srctid(const struct lpvm_buf *);
static int	 lpvm_buf_sig(const struct lpvm_buf *);
static void	 lpvm_buf_destroy(struct lpvm_buf *);

static void	*buf_keep[BUF_KEEP_N];
static size_t	 buf_keepcap[BUF_KEEP_N];
static size_t	 buf_keeptotal;
static struct lpvm_buf *buf_recycle[BUF_RECYCLE_N];
static int	 buf_nrecycle;

/* The task's library state, with PVM 3.4's option defaults. */
struct lpvm_state lpvm = {
	.fd = -1,
	.route = PvmAllowDirect,
	.autoerr = 1,
	.trc_opt = PvmTraceFull,
	.fragsize = 4096,
	.showtids = 1,
	.polltype = PvmPollConstant,
	.polltime = 200,	/* microseconds of spinning, lpvm_conn.c */
	.rxq = TAILQ_HEAD_INITIALIZER(lpvm.rxq)
};

/*
 * The buffer table: buf_tab[mid] for 1 <= mid <= buf_top, NULL when the
 * slot is free.  Freed mids are kept on a stack and handed out again
 * before a new one is taken.
 */
static struct lpvm_buf	**buf_tab;
static int		 *buf_freeids;
static int		  buf_tabcap;	/* slots in both arrays */
static int		  buf_top;	/* highest mid ever handed out */
static int		  buf_nfree;

/* Tell whether enc is an encoding pvm_mkbuf accepts. */
static int
lpvm_buf_enc_ok(int enc)
{
	return (enc == PvmDataDefault || enc == PvmDataRaw ||
	    enc == PvmDataInPlace || enc == PvmDataTrace);
}

/* Take a free mid, growing the table if needed; -1 if none is left. */
static int
lpvm_buf_newmid(void)
{
	struct lpvm_buf	**tab;
	int		 *ids;
	int		  ncap;

	if (buf_nfree > 0)
		return (buf_freeids[--buf_nfree]);
	if (buf_top >= LPVM_BUF_MAX)
		return (-1);
	if (buf_top + 1 >= buf_tabcap) {
		ncap = buf_tabcap == 0 ? LPVM_BUF_MINTAB : buf_tabcap * 2;
		if (ncap > LPVM_BUF_MAX + 1)
			ncap = LPVM_BUF_MAX + 1;
		tab = realloc(buf_tab, (size_t)ncap * sizeof *tab);
		if (tab == NULL)
			return (-1);
		buf_tab = tab;
		ids = realloc(buf_freeids, (size_t)ncap * sizeof *ids);
		if (ids == NULL)
			return (-1);
		buf_freeids = ids;
		memset(buf_tab + buf_tabcap, 0,
		    (size_t)(ncap - buf_tabcap) * sizeof *tab);
		buf_tabcap = ncap;
	}
	return (++buf_top);
}

/*
 * Find the buffer of a user-given mid: 0 and *bufp set, or PvmBadParam
 * for mid <= 0, or PvmNoSuchBuf.
 */
static int
lpvm_buf_lookup(int mid, struct lpvm_buf **bufp)
{
	if (mid <= 0)
		return (PvmBadParam);
	if ((*bufp = lpvm_buf_get(mid)) == NULL)
		return (PvmNoSuchBuf);
	return (0);
}

/* The source TID to report: the sender, or this task for a local one. */
static int
lpvm_buf_srctid(const struct lpvm_buf *buf)
{
	if (buf->src != 0 || (buf->flags & LPVM_BUF_RECV))
		return (buf->src);
	return (lpvm.mytid);
}

/* The encoding word pvm_getminfo reports for a buffer. */
static int
lpvm_buf_sig(const struct lpvm_buf *buf)
{
	switch (buf->enc) {
	case PvmDataDefault:
		return (LPVM_SIG_XDR);
	case PvmDataRaw:
		return (LPVM_SIG_NATIVE);
	case PvmDataInPlace:
		return (LPVM_SIG_INPLACE);
	}
	return (0);
}

/*
 * Make an empty send buffer with encoding enc (PvmDataTrace is packed as
 * PvmDataDefault) and give it a mid.  Returns NULL on a bad encoding or
 * when memory or mids run out.
 */
struct lpvm_buf *
lpvm_buf_new(int enc)
{
	struct lpvm_buf	*buf;
	struct lpvm_ref	*refs;
	struct iovec	*iov;
	unsigned char	*data;
	size_t		 cap;
	int		 mid, refcap, iovcap;

	if (!lpvm_buf_enc_ok(enc))
		return (NULL);
	if (enc == PvmDataTrace)
		enc = PvmDataDefault;
	if (buf_nrecycle > 0) {
		buf = buf_recycle[--buf_nrecycle];
		data = buf->data;
		cap = buf->cap;
		refs = buf->refs;
		refcap = buf->refcap;
		iov = buf->iov;
		iovcap = buf->iovcap;
		memset(buf, 0, sizeof *buf);
		buf->data = data;
		buf->cap = cap;
		buf->refs = refs;
		buf->refcap = refcap;
		buf->iov = iov;
		buf->iovcap = iovcap;
	} else if ((buf = calloc(1, sizeof *buf)) == NULL)
		return (NULL);
	if ((mid = lpvm_buf_newmid()) == -1) {
		lpvm_buf_destroy(buf);
		return (NULL);
	}
	buf->mid = mid;
	buf->enc = enc;
	if (enc != PvmDataDefault) {
		buf->fmt = LPVM_FMT_NATIVE;
		buf->wflags = LPVM_WFLAGS_NATIVE;
	} else if (lpvm.native_default) {
		buf->fmt = LPVM_FMT_NATIVE;
		buf->wflags = LPVM_WFLAGS_NATIVE | PVM_FRAME_DEFAULT;
	} else {
		buf->fmt = LPVM_FMT_XDR;
		buf->wflags = PVM_FRAME_ENC_XDR;
	}
	buf_tab[mid] = buf;
	return (buf);
}

/* Return the buffer with this mid, or NULL if there is none. */
struct lpvm_buf *
lpvm_buf_get(int mid)
{
	if (mid <= 0 || mid > buf_top)
		return (NULL);
	return (buf_tab[mid]);
}

/*
 * Free a buffer and its mid: it leaves the receive queue if it is on it,
 * and stops being the current send or receive buffer.  NULL is ignored.
 */
void
lpvm_buf_free(struct lpvm_buf *buf)
{
	if (buf == NULL)
		return;
	if (buf->queued) {
		TAILQ_REMOVE(&lpvm.rxq, buf, entry);
		buf->queued = 0;
	}
	if (lpvm.sbuf == buf->mid)
		lpvm.sbuf = 0;
	if (lpvm.rbuf == buf->mid)
		lpvm.rbuf = 0;
	if (buf->mid > 0 && buf->mid <= buf_top && buf_tab[buf->mid] == buf) {
		buf_tab[buf->mid] = NULL;
		buf_freeids[buf_nfree++] = buf->mid;
	}
	lpvm_buf_destroy(buf);
}

/*
 * Memory for a message body of len bytes (malloc'd, for lpvm_body_free
 * or lpvm_buf_adopt): a kept block when one is large enough.  NULL when
 * out of memory.
 */
void *
lpvm_body_alloc(size_t len)
{
	void	*p;
	int	 i, best = -1;

	if (len >= BUF_KEEP_MIN) {
		for (i = 0; i < BUF_KEEP_N; i++) {
			if (buf_keep[i] != NULL && buf_keepcap[i] >= len &&
			    (best == -1 || buf_keepcap[i] < buf_keepcap[best]))
				best = i;
		}
		if (best != -1) {
			p = buf_keep[best];
			buf_keep[best] = NULL;
			buf_keeptotal -= buf_keepcap[best];
			return (p);
		}
	}
	return (malloc(len == 0 ? 1 : len));
}

/*
 * Free a body, or keep it for lpvm_body_alloc if it is large (the
 * smallest kept block makes room for a larger one).
 */
void
lpvm_body_free(void *p)
{
	size_t	cap;
	int	i, slot = -1;

	if (p == NULL)
		return;
	cap = malloc_usable_size(p);
	if (cap < BUF_KEEP_MIN || cap > BUF_KEEP_TOTAL) {
		free(p);
		return;
	}
	for (i = 0; i < BUF_KEEP_N; i++) {
		if (buf_keep[i] == NULL) {
			slot = i;
			break;
		}
		if (buf_keepcap[i] < cap &&
		    (slot == -1 || buf_keepcap[i] < buf_keepcap[slot]))
			slot = i;
	}
	if (slot != -1 && buf_keep[slot] != NULL) {
		free(buf_keep[slot]);
		buf_keeptotal -= buf_keepcap[slot];
		buf_keep[slot] = NULL;
	}
	/* Over the budget: drop the others before this one. */
	for (i = 0; slot != -1 && i < BUF_KEEP_N &&
	    buf_keeptotal + cap > BUF_KEEP_TOTAL; i++) {
		if (buf_keep[i] != NULL) {
			free(buf_keep[i]);
			buf_keeptotal -= buf_keepcap[i];
			buf_keep[i] = NULL;
		}
	}
	if (slot == -1) {
		free(p);
		return;
	}
	buf_keep[slot] = p;
	buf_keepcap[slot] = cap;
	buf_keeptotal += cap;
}

/*
 * Release a buffer already out of the table and queue: kept for reuse
 * with its small allocations while there is room, else freed.
 */
static void
lpvm_buf_destroy(struct lpvm_buf *buf)
{
	if (buf_nrecycle < BUF_RECYCLE_N) {
		if (buf->cap > BUF_RECYCLE_DATA) {
			lpvm_body_free(buf->data);
			buf->data = NULL;
			buf->cap = 0;
		}
		buf_recycle[buf_nrecycle++] = buf;
		return;
	}
	lpvm_body_free(buf->data);
	free(buf->refs);
	free(buf->iov);
	free(buf);
}

/*
 * Decode the data format of frame flags: returns the LPVM_FMT_* of the
 * body, with *encp the encoding to report (PvmDataDefault, PvmDataRaw,
 * or LPVM_ENC_FOREIGN for an unknown format) and, for LPVM_FMT_OTHER,
 * the sender's byte order (*bigp) and size of a long (*longp).
 */
int
lpvm_buf_format(uint32_t wflags, int *encp, int *bigp, int *longp)
{
	int	big, lsize;

	*bigp = 0;
	*longp = (int)sizeof(long);
	switch (wflags & PVM_FRAME_ENC_MASK) {
	case PVM_FRAME_ENC_XDR:
		*encp = PvmDataDefault;
		return (LPVM_FMT_XDR);
	case PVM_FRAME_ENC_RAW:
		break;
	default:
		*encp = LPVM_ENC_FOREIGN;
		return (LPVM_FMT_BAD);
	}
	if ((wflags & (PVM_FRAME_LE64 | PVM_FRAME_BE | PVM_FRAME_LONG32)) ==
	    0 || ((wflags & PVM_FRAME_LE64) &&
	    (wflags & (PVM_FRAME_BE | PVM_FRAME_LONG32)))) {
		*encp = LPVM_ENC_FOREIGN;
		return (LPVM_FMT_BAD);
	}
	*encp = (wflags & PVM_FRAME_DEFAULT) ? PvmDataDefault : PvmDataRaw;
	big = (wflags & PVM_FRAME_BE) != 0;
	lsize = (wflags & PVM_FRAME_LONG32) ? 4 : 8;
	if ((wflags & ~PVM_FRAME_DEFAULT & PVM_FRAME_FORMAT_MASK) ==
	    LPVM_WFLAGS_NATIVE)
		return (LPVM_FMT_NATIVE);
	*bigp = big;
	*longp = lsize;
	return (LPVM_FMT_OTHER);
}

/*
 * Make a received buffer around a frame body: the buffer takes ownership
 * of data (malloc'd; NULL only if len is 0) and decodes it as wflags say.
 * A body in a format this host cannot decode still gets a buffer; its
 * unpack calls fail with PvmBadMsg.  Returns NULL (data still the
 * caller's) when memory or mids run out or data is NULL with len > 0.
 */
struct lpvm_buf *
lpvm_buf_adopt(void *data, size_t len, uint32_t wflags, int src, int tag,
    int ctx)
{
	struct lpvm_buf	*buf;

	if (data == NULL && len != 0)
		return (NULL);
	if ((buf = lpvm_buf_new(PvmDataDefault)) == NULL)
		return (NULL);
	buf->fmt = lpvm_buf_format(wflags, &buf->enc, &buf->fbig,
	    &buf->flong);
	buf->wflags = wflags;
	buf->flags |= LPVM_BUF_RECV;
	buf->src = src;
	buf->tag = tag;
	buf->ctx = ctx;
	/* A reused buffer's own bytes make way for the body. */
	lpvm_body_free(buf->data);
	buf->data = data;
	buf->len = len;
	buf->cap = len;
	return (buf);
}

/*
 * Build the gather list that sends buf: its packed bytes with the user
 * memory of PvmDataInPlace items spliced in.  *iovp points into an array
 * the buffer owns (valid until the buffer is packed into or freed; the
 * caller must not free it), *niovp is its length (0 for an empty body),
 * *totalp the body length and *wflagsp the frame flags.  Returns 0, or
 * PvmNoMem with the outputs untouched.
 */
int
lpvm_buf_iov(struct lpvm_buf *buf, struct iovec **iovp, int *niovp,
    size_t *totalp, uint32_t *wflagsp)
{
	struct iovec	*iov;
	size_t		 off;
	int		 i, n, need;

	need = 2 * buf->nrefs + 1;
	if (need > buf->iovcap) {
		iov = reallocarray(buf->iov, (size_t)need, sizeof *iov);
		if (iov == NULL)
			return (PvmNoMem);
		buf->iov = iov;
		buf->iovcap = need;
	}
	iov = buf->iov;
	n = 0;
	off = 0;
	for (i = 0; i < buf->nrefs; i++) {
		if (buf->refs[i].off > off) {
			iov[n].iov_base = buf->data + off;
			iov[n].iov_len = buf->refs[i].off - off;
			n++;
			off = buf->refs[i].off;
		}
		if (buf->refs[i].len > 0) {
			iov[n].iov_base = (void *)(uintptr_t)buf->refs[i].base;
			iov[n].iov_len = buf->refs[i].len;
			n++;
		}
	}
	if (buf->len > off) {
		iov[n].iov_base = buf->data + off;
		iov[n].iov_len = buf->len - off;
		n++;
	}
	*iovp = iov;
	*niovp = n;
	*totalp = buf->len + buf->reflen;
	*wflagsp = buf->wflags;
	return (0);
}

/* Free every buffer and the table itself (pvm_exit). */
void
lpvm_buf_reset_all(void)
{
	struct lpvm_buf	*buf;
	int		 mid;

	for (mid = 1; mid <= buf_top; mid++) {
		if (buf_tab[mid] != NULL)
			lpvm_buf_destroy(buf_tab[mid]);
	}
	free(buf_tab);
	free(buf_freeids);
	buf_tab = NULL;
	buf_freeids = NULL;
	while (buf_nrecycle > 0) {
		buf = buf_recycle[--buf_nrecycle];
		lpvm_body_free(buf->data);
		free(buf->refs);
		free(buf->iov);
		free(buf);
	}
	buf_tabcap = buf_top = buf_nfree = 0;
	TAILQ_INIT(&lpvm.rxq);
	lpvm.sbuf = 0;
	lpvm.rbuf = 0;
}

/*
 * The body of pvm_initsend without error reporting: free the current
 * send buffer and make a new one.  Returns its mid, or PvmBadParam (the
 * old buffer kept) or PvmNoMem (the old buffer gone).
 */
int
lpvm_buf_initsend(int enc)
{
	struct lpvm_buf	*buf;

	if (!lpvm_buf_enc_ok(enc))
		return (PvmBadParam);
	lpvm_buf_free(lpvm_buf_get(lpvm.sbuf));
	lpvm.sbuf = 0;
	if ((buf = lpvm_buf_new(enc)) == NULL)
		return (PvmNoMem);
	lpvm.sbuf = buf->mid;
	return (buf->mid);
}

/*
 * Make room for need more bytes of body, growing geometrically.  The
 * message (body and in-place pieces) may not pass PVM_MAX_FRAME.
 * Returns 0 or PvmNoMem, buf unchanged on error.
 */
int
lpvm_buf_reserve(struct lpvm_buf *buf, size_t need)
{
	unsigned char	*p;
	size_t		 ncap;

	if (need > PVM_MAX_FRAME || buf->len + buf->reflen > PVM_MAX_FRAME -
	    need)
		return (PvmNoMem);
	if (buf->cap - buf->len >= need)
		return (0);
	ncap = buf->cap < LPVM_BUF_MINCAP ? LPVM_BUF_MINCAP : buf->cap * 2;
	if (ncap - buf->len < need)
		ncap = buf->len + need;
	if (ncap < BUF_KEEP_MIN) {
		if ((p = realloc(buf->data, ncap)) == NULL)
			return (PvmNoMem);
	} else {
		/* Large: a kept block, whose pages are there already. */
		if ((p = lpvm_body_alloc(ncap)) == NULL)
			return (PvmNoMem);
		if (buf->len > 0)
			memcpy(p, buf->data, buf->len);
		lpvm_body_free(buf->data);
	}
	buf->data = p;
	buf->cap = ncap;
	return (0);
}

/*
 * Copy the user memory of the in-place pieces into the body, so that the
 * buffer can be unpacked locally.  Returns 0 or PvmNoMem (buf unchanged).
 */
int
lpvm_buf_flatten(struct lpvm_buf *buf)
{
	unsigned char	*p, *d;
	size_t		 total, off;
	int		 i;

	if (buf->nrefs == 0)
		return (0);
	total = buf->len + buf->reflen;
	if ((p = lpvm_body_alloc(total)) == NULL)
		return (PvmNoMem);
	d = p;
	off = 0;
	for (i = 0; i < buf->nrefs; i++) {
		if (buf->refs[i].off > off) {
			memcpy(d, buf->data + off, buf->refs[i].off - off);
			d += buf->refs[i].off - off;
			off = buf->refs[i].off;
		}
		memcpy(d, buf->refs[i].base, buf->refs[i].len);
		d += buf->refs[i].len;
	}
	if (buf->len > off)
		memcpy(d, buf->data + off, buf->len - off);
	lpvm_body_free(buf->data);
	free(buf->refs);
	buf->data = p;
	buf->len = buf->cap = total;
	buf->refs = NULL;
	buf->nrefs = buf->refcap = 0;
	buf->reflen = 0;
	return (0);
}

/* Return the length in bytes of the message buf would send. */
size_t
lpvm_buf_size(const struct lpvm_buf *buf)
{
	return (buf->len + buf->reflen);
}

/* Make a new message buffer with the given encoding; return its mid. */
int
pvm_mkbuf(int enc)
{
	struct lpvm_buf	*buf;

	if (!lpvm_buf_enc_ok(enc))
		return (lpvm_err(PvmBadParam, "pvm_mkbuf"));
	if ((buf = lpvm_buf_new(enc)) == NULL)
		return (lpvm_err(PvmNoMem, "pvm_mkbuf"));
	return (buf->mid);
}

/* Free a message buffer; mid 0 is a no-op. */
int
pvm_freebuf(int mid)
{
	struct lpvm_buf	*buf;

	if (mid == 0)
		return (PvmOk);
	if (mid < 0)
		return (lpvm_err(PvmBadParam, "pvm_freebuf"));
	if ((buf = lpvm_buf_get(mid)) == NULL)
		return (lpvm_err(PvmNoSuchBuf, "pvm_freebuf"));
	lpvm_buf_free(buf);
	return (PvmOk);
}

/* Free the current send buffer and make a new one; return its mid. */
int
pvm_initsend(int enc)
{
	int	rc;

	if ((rc = lpvm_buf_initsend(enc)) < 0)
		return (lpvm_err(rc, "pvm_initsend"));
	return (rc);
}

/* Return the mid of the current send buffer, 0 if none. */
int
pvm_getsbuf(void)
{
	return (lpvm.sbuf);
}

/* Return the mid of the current receive buffer, 0 if none. */
int
pvm_getrbuf(void)
{
	return (lpvm.rbuf);
}

/* Make mid (0: none) the current send buffer; return the previous one. */
int
pvm_setsbuf(int mid)
{
	int	old;

	if (mid < 0)
		return (lpvm_err(PvmBadParam, "pvm_setsbuf"));
	if (mid > 0 && lpvm_buf_get(mid) == NULL)
		return (lpvm_err(PvmNoSuchBuf, "pvm_setsbuf"));
	old = lpvm.sbuf;
	lpvm.sbuf = mid;
	if (mid != 0 && lpvm.rbuf == mid)
		lpvm.rbuf = 0;
	return (old);
}

/* Make mid (0: none) the current receive buffer; return the previous. */
int
pvm_setrbuf(int mid)
{
	int	old;

	if (mid < 0)
		return (lpvm_err(PvmBadParam, "pvm_setrbuf"));
	if (mid > 0 && lpvm_buf_get(mid) == NULL)
		return (lpvm_err(PvmNoSuchBuf, "pvm_setrbuf"));
	old = lpvm.rbuf;
	lpvm.rbuf = mid;
	if (mid != 0 && lpvm.sbuf == mid)
		lpvm.sbuf = 0;
	return (old);
}

/* Report a buffer's length, tag and source; NULL pointers are skipped. */
int
pvm_bufinfo(int mid, int *bytes, int *tag, int *tid)
{
	struct lpvm_buf	*buf;
	int		 rc;

	if ((rc = lpvm_buf_lookup(mid, &buf)) != 0)
		return (lpvm_err(rc, "pvm_bufinfo"));
	if (bytes != NULL)
		*bytes = (int)lpvm_buf_size(buf);
	if (tag != NULL)
		*tag = buf->tag;
	if (tid != NULL)
		*tid = lpvm_buf_srctid(buf);
	return (PvmOk);
}

/* Fill mi with the header fields of a buffer. */
int
pvm_getminfo(int mid, struct pvmminfo *mi)
{
	struct lpvm_buf	*buf;
	int		 rc;

	if (mi == NULL)
		return (lpvm_err(PvmBadParam, "pvm_getminfo"));
	if ((rc = lpvm_buf_lookup(mid, &buf)) != 0)
		return (lpvm_err(rc, "pvm_getminfo"));
	mi->len = (int)lpvm_buf_size(buf);
	mi->ctx = buf->ctx;
	mi->tag = buf->tag;
	mi->wid = buf->wid;
	mi->enc = lpvm_buf_sig(buf);
	mi->crc = 0;
	mi->src = lpvm_buf_srctid(buf);
	mi->dst = buf->dst;
	return (PvmOk);
}

/* Set the settable header fields (ctx, tag, wid, src, dst) of a buffer. */
int
pvm_setminfo(int mid, struct pvmminfo *mi)
{
	struct lpvm_buf	*buf;
	int		 rc;

	if (mi == NULL)
		return (lpvm_err(PvmBadParam, "pvm_setminfo"));
	if ((rc = lpvm_buf_lookup(mid, &buf)) != 0)
		return (lpvm_err(rc, "pvm_setminfo"));
	buf->ctx = mi->ctx;
	buf->tag = mi->tag;
	buf->wid = mi->wid;
	buf->src = mi->src;
	buf->dst = mi->dst;
	return (PvmOk);
}
