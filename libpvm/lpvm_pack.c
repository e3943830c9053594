/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * The encoders: pack typed arrays (with a stride) into a buffer and
 * unpack them again, plus the public pvm_pk* and pvm_upk* calls.
 *
 * PvmDataDefault is packed in this host's own format, exactly as
 * PvmDataRaw, when the virtual machine has one data format (the daemon
 * says so at enrolment; the frame then carries PVM_FRAME_DEFAULT and the
 * format): receivers of the same format unpack without conversion, a
 * receiver of another format (a host added after the pack) converts
 * while unpacking (lpvm_unpack_other).  In a machine of mixed formats it
 * is XDR: big-endian, every item a multiple of 4 bytes.
 * short and unsigned short take 4 bytes (sign or zero extended), int,
 * unsigned int and float 4, long, unsigned long and double 8 (longs are
 * full 64-bit values), a complex 2 floats, a double complex 2 doubles.
 * Bytes are stored as they are and each call's run is padded with zeros
 * to a multiple of 4.  A string is an int n (its length plus the NUL),
 * then its n bytes, then padding.
 *
 * PvmDataRaw is the native memory layout without padding; a string is a
 * native int n then n bytes.  PvmDataInPlace packs like PvmDataRaw, but a
 * dense (stride 1) array is not copied: the buffer keeps a reference to
 * the user's memory, which is read when the message is sent.
 */

#include <sys/types.h>

#include <endian.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lpvm.h"

#define LPVM_REFS_MIN	8	/* first size of a buffer's reference list */

/* How the units of a type are stored in XDR. */
enum lpvm_xclass {
	XC_BYTE,	/* 1 byte, the run padded to 4 */
	XC_S16,		/* 2-byte signed as a 4-byte int */
	XC_U16,		/* 2-byte unsigned as a 4-byte int */
	XC_W32,		/* 4-byte word */
	XC_W64		/* 8-byte word */
};

/* One packable type: its native item size and its units in XDR. */
struct lpvm_tinfo {
	size_t			size;	/* native bytes per item */
	enum lpvm_xclass	xclass;
	size_t			units;	/* units per item */
	size_t			xunit;	/* XDR bytes per unit */
};

static const struct lpvm_tinfo lpvm_types[LPVM_NTYPES] = {
	[LPVM_BYTE] =	{ 1, XC_BYTE, 1, 1 },
	[LPVM_SHORT] =	{ sizeof(short), XC_S16, 1, 4 },
	[LPVM_USHORT] =	{ sizeof(unsigned short), XC_U16, 1, 4 },
	[LPVM_INT] =	{ sizeof(int), XC_W32, 1, 4 },
	[LPVM_UINT] =	{ sizeof(unsigned int), XC_W32, 1, 4 },
	[LPVM_LONG] =	{ sizeof(long), XC_W64, 1, 8 },
	[LPVM_ULONG] =	{ sizeof(unsigned long), XC_W64, 1, 8 },
	[LPVM_FLOAT] =	{ sizeof(float), XC_W32, 1, 4 },
	[LPVM_DOUBLE] =	{ sizeof(double), XC_W64, 1, 8 },
	[LPVM_CPLX] =	{ 2 * sizeof(float), XC_W32, 2, 4 },
	[LPVM_DCPLX] =	{ 2 * sizeof(double), XC_W64, 2, 8 }
};

static int	 lpvm_pack_check(int, const void *, int, int);
static void	 lpvm_pack_xrun(enum lpvm_xclass, unsigned char *,
		     const unsigned char *, size_t);
static void	 lpvm_pack_xget(enum lpvm_xclass, unsigned char *,
		     const unsigned char *, size_t);
static void	 lpvm_pack_copy(unsigned char *, size_t,
		     const unsigned char *, size_t, size_t, size_t);
static int	 lpvm_pack_xdr(struct lpvm_buf *, const struct lpvm_tinfo *,
		     const unsigned char *, size_t, size_t);
static int	 lpvm_pack_raw(struct lpvm_buf *, const struct lpvm_tinfo *,
		     const unsigned char *, size_t, size_t);
static int	 lpvm_pack_ref(struct lpvm_buf *, const void *, size_t);
static int	 lpvm_pack_int32(struct lpvm_buf *, int32_t);
static int	 lpvm_unpack_int32(struct lpvm_buf *, int32_t *);
static int	 lpvm_unpack_other(struct lpvm_buf *, int, unsigned char *,
		     size_t, size_t);
static int	 lpvm_pack_pk(int, const void *, int, int, const char *);
static int	 lpvm_pack_upk(int, void *, int, int, const char *);

/*
 * Check the arguments common to pack and unpack: 0, or PvmBadParam for
 * an unknown type, cnt < 0, stride < 1 or a NULL array with cnt > 0.
 */
static int
lpvm_pack_check(int type, const void *addr, int cnt, int stride)
{
	if (type < 0 || type >= LPVM_NTYPES || cnt < 0 || stride < 1)
		return (PvmBadParam);
	if (cnt > 0 && addr == NULL)
		return (PvmBadParam);
	return (0);
}

/* Encode n contiguous native units of class xc into XDR at dst. */
static void
lpvm_pack_xrun(enum lpvm_xclass xc, unsigned char *dst,
    const unsigned char *src, size_t n)
{
	uint64_t	w64;
	uint32_t	w32;
	int16_t		s16;
	uint16_t	u16;
	size_t		i;

	switch (xc) {
	case XC_BYTE:
		memcpy(dst, src, n);
		break;
	case XC_S16:
		for (i = 0; i < n; i++) {
			memcpy(&s16, src + 2 * i, 2);
			w32 = htobe32((uint32_t)(int32_t)s16);
			memcpy(dst + 4 * i, &w32, 4);
		}
		break;
	case XC_U16:
		for (i = 0; i < n; i++) {
			memcpy(&u16, src + 2 * i, 2);
			w32 = htobe32((uint32_t)u16);
			memcpy(dst + 4 * i, &w32, 4);
		}
		break;
	case XC_W32:
		for (i = 0; i < n; i++) {
			memcpy(&w32, src + 4 * i, 4);
			w32 = htobe32(w32);
			memcpy(dst + 4 * i, &w32, 4);
		}
		break;
	case XC_W64:
		for (i = 0; i < n; i++) {
			memcpy(&w64, src + 8 * i, 8);
			w64 = htobe64(w64);
			memcpy(dst + 8 * i, &w64, 8);
		}
		break;
	}
}

/* Decode n contiguous XDR units of class xc at src into native dst. */
static void
lpvm_pack_xget(enum lpvm_xclass xc, unsigned char *dst,
    const unsigned char *src, size_t n)
{
	uint64_t	w64;
	uint32_t	w32;
	int16_t		s16;
	uint16_t	u16;
	size_t		i;

	switch (xc) {
	case XC_BYTE:
		memcpy(dst, src, n);
		break;
	case XC_S16:
		for (i = 0; i < n; i++) {
			memcpy(&w32, src + 4 * i, 4);
			s16 = (int16_t)be32toh(w32);
			memcpy(dst + 2 * i, &s16, 2);
		}
		break;
	case XC_U16:
		for (i = 0; i < n; i++) {
			memcpy(&w32, src + 4 * i, 4);
			u16 = (uint16_t)be32toh(w32);
			memcpy(dst + 2 * i, &u16, 2);
		}
		break;
	case XC_W32:
		for (i = 0; i < n; i++) {
			memcpy(&w32, src + 4 * i, 4);
			w32 = be32toh(w32);
			memcpy(dst + 4 * i, &w32, 4);
		}
		break;
	case XC_W64:
		for (i = 0; i < n; i++) {
			memcpy(&w64, src + 8 * i, 8);
			w64 = be64toh(w64);
			memcpy(dst + 8 * i, &w64, 8);
		}
		break;
	}
}

/*
 * Copy cnt items of size bytes, from src items sstep bytes apart to dst
 * items dstep bytes apart.  The usual sizes get fixed-size copies.
 */
static void
lpvm_pack_copy(unsigned char *dst, size_t dstep, const unsigned char *src,
    size_t sstep, size_t cnt, size_t size)
{
	size_t	i;

	switch (size) {
	case 1:
		for (i = 0; i < cnt; i++)
			dst[i * dstep] = src[i * sstep];
		break;
	case 2:
		for (i = 0; i < cnt; i++)
			memcpy(dst + i * dstep, src + i * sstep, 2);
		break;
	case 4:
		for (i = 0; i < cnt; i++)
			memcpy(dst + i * dstep, src + i * sstep, 4);
		break;
	case 8:
		for (i = 0; i < cnt; i++)
			memcpy(dst + i * dstep, src + i * sstep, 8);
		break;
	case 16:
		for (i = 0; i < cnt; i++)
			memcpy(dst + i * dstep, src + i * sstep, 16);
		break;
	default:
		for (i = 0; i < cnt; i++)
			memcpy(dst + i * dstep, src + i * sstep, size);
		break;
	}
}

/* Append cnt items in XDR; returns 0 or PvmNoMem. */
static int
lpvm_pack_xdr(struct lpvm_buf *buf, const struct lpvm_tinfo *ti,
    const unsigned char *src, size_t cnt, size_t stride)
{
	unsigned char	*dst;
	size_t		 xsize, need, pad, i;
	int		 rc;

	xsize = ti->units * ti->xunit;
	if (cnt > SIZE_MAX / xsize - 4)
		return (PvmNoMem);
	pad = (4 - ((cnt * xsize) & 3)) & 3;
	need = cnt * xsize + pad;
	if ((rc = lpvm_buf_reserve(buf, need)) != 0)
		return (rc);
	dst = buf->data + buf->len;
	if (stride == 1)
		lpvm_pack_xrun(ti->xclass, dst, src, cnt * ti->units);
	else if (ti->xclass == XC_BYTE)
		lpvm_pack_copy(dst, 1, src, stride, cnt, 1);
	else {
		for (i = 0; i < cnt; i++) {
			lpvm_pack_xrun(ti->xclass, dst, src, ti->units);
			dst += xsize;
			src += stride * ti->size;
		}
	}
	memset(buf->data + buf->len + cnt * xsize, 0, pad);
	buf->len += need;
	return (0);
}

/* Append cnt items in native layout; returns 0 or PvmNoMem. */
static int
lpvm_pack_raw(struct lpvm_buf *buf, const struct lpvm_tinfo *ti,
    const unsigned char *src, size_t cnt, size_t stride)
{
	size_t	need;
	int	rc;

	if (cnt > SIZE_MAX / ti->size)
		return (PvmNoMem);
	need = cnt * ti->size;
	if ((rc = lpvm_buf_reserve(buf, need)) != 0)
		return (rc);
	if (stride == 1)
		memcpy(buf->data + buf->len, src, need);
	else
		lpvm_pack_copy(buf->data + buf->len, ti->size, src,
		    stride * ti->size, cnt, ti->size);
	buf->len += need;
	return (0);
}

/*
 * Record len bytes of user memory at base to be sent from where the body
 * now ends (PvmDataInPlace).  A piece that continues the previous one in
 * memory, with nothing packed between them, extends it.  Returns 0 or
 * PvmNoMem.
 */
static int
lpvm_pack_ref(struct lpvm_buf *buf, const void *base, size_t len)
{
	struct lpvm_ref	*r;
	int		 ncap;

	if (len > PVM_MAX_FRAME ||
	    buf->len + buf->reflen > PVM_MAX_FRAME - len)
		return (PvmNoMem);
	if (buf->nrefs > 0) {
		r = &buf->refs[buf->nrefs - 1];
		if (r->off == buf->len &&
		    (const unsigned char *)r->base + r->len == base) {
			r->len += len;
			buf->reflen += len;
			return (0);
		}
	}
	if (buf->nrefs == buf->refcap) {
		if (buf->refcap > INT_MAX / 2)
			return (PvmNoMem);
		ncap = buf->refcap == 0 ? LPVM_REFS_MIN : buf->refcap * 2;
		r = reallocarray(buf->refs, (size_t)ncap, sizeof *r);
		if (r == NULL)
			return (PvmNoMem);
		buf->refs = r;
		buf->refcap = ncap;
	}
	r = &buf->refs[buf->nrefs++];
	r->off = buf->len;
	r->base = base;
	r->len = len;
	buf->reflen += len;
	return (0);
}

/*
 * Pack cnt items of type (enum lpvm_type) from addr, taking every
 * stride'th item, into buf in its encoding.  Returns 0, or PvmBadParam,
 * PvmNoMem, or PvmBadMsg if buf's encoding cannot be packed; on error
 * nothing was added.
 */
int
lpvm_pack(struct lpvm_buf *buf, int type, const void *addr, int cnt,
    int stride)
{
	const struct lpvm_tinfo	*ti;
	int			 rc;

	if ((rc = lpvm_pack_check(type, addr, cnt, stride)) != 0)
		return (rc);
	if (cnt == 0)
		return (0);
	ti = &lpvm_types[type];
	if (buf->fmt == LPVM_FMT_XDR)
		return (lpvm_pack_xdr(buf, ti, addr, (size_t)cnt,
		    (size_t)stride));
	/* A received body of another format is not packed into. */
	if (buf->fmt != LPVM_FMT_NATIVE)
		return (PvmBadMsg);
	if (buf->enc == PvmDataInPlace && stride == 1)
		return (lpvm_pack_ref(buf, addr, (size_t)cnt * ti->size));
	return (lpvm_pack_raw(buf, ti, addr, (size_t)cnt, (size_t)stride));
}

/*
 * Unpack cnt items of type into addr, every stride'th item, from buf's
 * cursor.  Returns 0, or PvmBadParam, PvmNoData (not enough left),
 * PvmBadMsg (encoding not decodable here) or PvmNoMem; on error the
 * cursor has not moved.
 */
int
lpvm_unpack(struct lpvm_buf *buf, int type, void *addr, int cnt, int stride)
{
	const struct lpvm_tinfo	*ti;
	unsigned char		*dst;
	const unsigned char	*src;
	size_t			 n, xsize, need, left, i;
	int			 rc;

	if ((rc = lpvm_pack_check(type, addr, cnt, stride)) != 0)
		return (rc);
	if (buf->fmt == LPVM_FMT_BAD)
		return (PvmBadMsg);
	if ((rc = lpvm_buf_flatten(buf)) != 0)
		return (rc);
	if (cnt == 0)
		return (0);
	ti = &lpvm_types[type];
	n = (size_t)cnt;
	dst = addr;
	left = buf->pos <= buf->len ? buf->len - buf->pos : 0;
	if (buf->fmt == LPVM_FMT_OTHER)
		return (lpvm_unpack_other(buf, type, dst, n, (size_t)stride));
	if (buf->fmt == LPVM_FMT_NATIVE) {
		if (n > left / ti->size)
			return (PvmNoData);
		need = n * ti->size;
		src = buf->data + buf->pos;
		if (stride == 1)
			memcpy(dst, src, need);
		else
			lpvm_pack_copy(dst, (size_t)stride * ti->size, src,
			    ti->size, n, ti->size);
		buf->pos += need;
		return (0);
	}
	xsize = ti->units * ti->xunit;
	if (n > left / xsize)
		return (PvmNoData);
	need = n * xsize;
	src = buf->data + buf->pos;
	if (stride == 1)
		lpvm_pack_xget(ti->xclass, dst, src, n * ti->units);
	else if (ti->xclass == XC_BYTE)
		lpvm_pack_copy(dst, (size_t)stride, src, 1, n, 1);
	else {
		for (i = 0; i < n; i++) {
			lpvm_pack_xget(ti->xclass, dst, src, ti->units);
			src += xsize;
			dst += (size_t)stride * ti->size;
		}
	}
	/* The padding of a byte run; a body cut short there is accepted. */
	need += (4 - (need & 3)) & 3;
	buf->pos += need < left ? need : left;
	return (0);
}

/*
 * Unpack n items of type into dst (every stride'th item) from a body
 * another host packed in its own format (byte order buf->fbig, longs of
 * buf->flong bytes): each unit is turned around and longs are widened
 * (sign or zero extended) or narrowed as needed.  Returns as
 * lpvm_unpack.
 */
static int
lpvm_unpack_other(struct lpvm_buf *buf, int type, unsigned char *dst,
    size_t n, size_t stride)
{
	const struct lpvm_tinfo	*ti = &lpvm_types[type];
	const unsigned char	*src;
	size_t			 nunit, sunit, left, i, u, k;
	unsigned char		 tmp[8];
	int			 swap, islong, issigned;
	uint64_t		 v;

	nunit = ti->size / ti->units;		/* our bytes per unit */
	islong = type == LPVM_LONG || type == LPVM_ULONG;
	issigned = type == LPVM_LONG;
	sunit = islong ? (size_t)buf->flong : nunit;
	swap = buf->fbig != (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__);
	left = buf->pos <= buf->len ? buf->len - buf->pos : 0;
	if (n > left / (sunit * ti->units))
		return (PvmNoData);
	src = buf->data + buf->pos;
	for (i = 0; i < n; i++) {
		for (u = 0; u < ti->units; u++) {
			for (k = 0; k < sunit; k++)
				tmp[k] = swap ? src[sunit - 1 - k] : src[k];
			src += sunit;
			if (sunit == nunit) {
				memcpy(dst + u * nunit, tmp, nunit);
				continue;
			}
			/* A long of another size, now in our byte order. */
			if (sunit == 4) {
				uint32_t w;

				memcpy(&w, tmp, 4);
				v = issigned ? (uint64_t)(int64_t)(int32_t)w : w;
			} else
				memcpy(&v, tmp, 8);
			if (nunit == 8)
				memcpy(dst + u * nunit, &v, 8);
			else {
				uint32_t w = (uint32_t)v;

				memcpy(dst + u * nunit, &w, 4);
			}
		}
		dst += stride * ti->size;
	}
	buf->pos += n * sunit * ti->units;
	return (0);
}

/*
 * Pack one item of type from addr, always copied (PvmDataInPlace too),
 * so addr may be a temporary.  Returns as lpvm_pack.
 */
int
lpvm_pack_val(struct lpvm_buf *buf, int type, const void *addr)
{
	int	rc;

	if ((rc = lpvm_pack_check(type, addr, 1, 1)) != 0)
		return (rc);
	if (buf->enc == PvmDataInPlace)
		return (lpvm_pack_raw(buf, &lpvm_types[type], addr, 1, 1));
	return (lpvm_pack(buf, type, addr, 1, 1));
}

/* Append one 32-bit int in buf's encoding. */
static int
lpvm_pack_int32(struct lpvm_buf *buf, int32_t v)
{
	int	iv = v;

	return (lpvm_pack_val(buf, LPVM_INT, &iv));
}

/* Read one 32-bit int in buf's encoding. */
static int
lpvm_unpack_int32(struct lpvm_buf *buf, int32_t *v)
{
	int	iv, rc;

	if ((rc = lpvm_unpack(buf, LPVM_INT, &iv, 1, 1)) != 0)
		return (rc);
	*v = iv;
	return (0);
}

/*
 * Pack a NUL-terminated string (in every encoding, PvmDataInPlace too,
 * it is copied).  Returns 0, or PvmBadParam (NULL), PvmNoMem or
 * PvmBadMsg; on error nothing was added.
 */
int
lpvm_pack_str(struct lpvm_buf *buf, const char *s)
{
	size_t	len, savelen;
	int	rc;

	if (s == NULL)
		return (PvmBadParam);
	len = strlen(s) + 1;
	if (len > INT_MAX || len > PVM_MAX_FRAME)
		return (PvmNoMem);
	savelen = buf->len;
	if ((rc = lpvm_pack_int32(buf, (int32_t)len)) != 0)
		return (rc);
	if (buf->fmt == LPVM_FMT_XDR)
		rc = lpvm_pack_xdr(buf, &lpvm_types[LPVM_BYTE],
		    (const unsigned char *)s, len, 1);
	else
		rc = lpvm_pack_raw(buf, &lpvm_types[LPVM_BYTE],
		    (const unsigned char *)s, len, 1);
	if (rc != 0)
		buf->len = savelen;
	return (rc);
}

/*
 * Unpack a string into s, which has room for max bytes (SIZE_MAX: the
 * caller trusts the sender, as pvm_upkstr must).  s is always
 * NUL-terminated on success.  Returns 0, or PvmBadParam, PvmNoData,
 * PvmBadMsg (bad length, or longer than max) or PvmNoMem; on error the
 * cursor has not moved.
 */
int
lpvm_unpack_str(struct lpvm_buf *buf, char *s, size_t max)
{
	size_t	save;
	int32_t	n;
	int	rc;

	if (s == NULL || max == 0)
		return (PvmBadParam);
	save = buf->pos;
	if ((rc = lpvm_unpack_int32(buf, &n)) != 0)
		return (rc);
	if (n < 0 || (n > 0 && (size_t)n > max)) {
		buf->pos = save;
		return (PvmBadMsg);
	}
	if (n == 0) {
		s[0] = '\0';
		return (0);
	}
	if ((rc = lpvm_unpack(buf, LPVM_BYTE, s, n, 1)) != 0) {
		buf->pos = save;
		return (rc);
	}
	s[n - 1] = '\0';
	return (0);
}

/* Pack into the current send buffer on behalf of the public call fn. */
static int
lpvm_pack_pk(int type, const void *addr, int cnt, int stride, const char *fn)
{
	struct lpvm_buf	*buf;
	int		 rc;

	if (cnt < 0 || stride < 1 || (cnt > 0 && addr == NULL))
		return (lpvm_err(PvmBadParam, fn));
	if ((buf = lpvm_buf_get(lpvm.sbuf)) == NULL)
		return (lpvm_err(PvmNoBuf, fn));
	if ((rc = lpvm_pack(buf, type, addr, cnt, stride)) != 0)
		return (lpvm_err(rc, fn));
	return (PvmOk);
}

/* Unpack from the current receive buffer on behalf of the call fn. */
static int
lpvm_pack_upk(int type, void *addr, int cnt, int stride, const char *fn)
{
	struct lpvm_buf	*buf;
	int		 rc;

	if (cnt < 0 || stride < 1 || (cnt > 0 && addr == NULL))
		return (lpvm_err(PvmBadParam, fn));
	if ((buf = lpvm_buf_get(lpvm.rbuf)) == NULL)
		return (lpvm_err(PvmNoBuf, fn));
	if ((rc = lpvm_unpack(buf, type, addr, cnt, stride)) != 0)
		return (lpvm_err(rc, fn));
	return (PvmOk);
}

/* Pack cnt bytes, every stride'th, into the send buffer. */
int
pvm_pkbyte(char *xp, int cnt, int stride)
{
	return (lpvm_pack_pk(LPVM_BYTE, xp, cnt, stride, "pvm_pkbyte"));
}

/* Pack cnt complex numbers (float pairs) into the send buffer. */
int
pvm_pkcplx(float *cp, int cnt, int stride)
{
	return (lpvm_pack_pk(LPVM_CPLX, cp, cnt, stride, "pvm_pkcplx"));
}

/* Pack cnt double complex numbers into the send buffer. */
int
pvm_pkdcplx(double *zp, int cnt, int stride)
{
	return (lpvm_pack_pk(LPVM_DCPLX, zp, cnt, stride, "pvm_pkdcplx"));
}

/* Pack cnt doubles into the send buffer. */
int
pvm_pkdouble(double *dp, int cnt, int stride)
{
	return (lpvm_pack_pk(LPVM_DOUBLE, dp, cnt, stride, "pvm_pkdouble"));
}

/* Pack cnt floats into the send buffer. */
int
pvm_pkfloat(float *fp, int cnt, int stride)
{
	return (lpvm_pack_pk(LPVM_FLOAT, fp, cnt, stride, "pvm_pkfloat"));
}

/* Pack cnt ints into the send buffer. */
int
pvm_pkint(int *ip, int cnt, int stride)
{
	return (lpvm_pack_pk(LPVM_INT, ip, cnt, stride, "pvm_pkint"));
}

/* Pack cnt unsigned ints into the send buffer. */
int
pvm_pkuint(unsigned int *ip, int cnt, int stride)
{
	return (lpvm_pack_pk(LPVM_UINT, ip, cnt, stride, "pvm_pkuint"));
}

/* Pack cnt longs (64-bit in every encoding) into the send buffer. */
int
pvm_pklong(long *lp, int cnt, int stride)
{
	return (lpvm_pack_pk(LPVM_LONG, lp, cnt, stride, "pvm_pklong"));
}

/* Pack cnt unsigned longs into the send buffer. */
int
pvm_pkulong(unsigned long *lp, int cnt, int stride)
{
	return (lpvm_pack_pk(LPVM_ULONG, lp, cnt, stride, "pvm_pkulong"));
}

/* Pack cnt shorts into the send buffer. */
int
pvm_pkshort(short *sp, int cnt, int stride)
{
	return (lpvm_pack_pk(LPVM_SHORT, sp, cnt, stride, "pvm_pkshort"));
}

/* Pack cnt unsigned shorts into the send buffer. */
int
pvm_pkushort(unsigned short *sp, int cnt, int stride)
{
	return (lpvm_pack_pk(LPVM_USHORT, sp, cnt, stride, "pvm_pkushort"));
}

/* Pack a NUL-terminated string into the send buffer. */
int
pvm_pkstr(char *sp)
{
	struct lpvm_buf	*buf;
	int		 rc;

	if (sp == NULL)
		return (lpvm_err(PvmBadParam, "pvm_pkstr"));
	if ((buf = lpvm_buf_get(lpvm.sbuf)) == NULL)
		return (lpvm_err(PvmNoBuf, "pvm_pkstr"));
	if ((rc = lpvm_pack_str(buf, sp)) != 0)
		return (lpvm_err(rc, "pvm_pkstr"));
	return (PvmOk);
}

/* Unpack cnt bytes, every stride'th, from the receive buffer. */
int
pvm_upkbyte(char *xp, int cnt, int stride)
{
	return (lpvm_pack_upk(LPVM_BYTE, xp, cnt, stride, "pvm_upkbyte"));
}

/* Unpack cnt complex numbers from the receive buffer. */
int
pvm_upkcplx(float *cp, int cnt, int stride)
{
	return (lpvm_pack_upk(LPVM_CPLX, cp, cnt, stride, "pvm_upkcplx"));
}

/* Unpack cnt double complex numbers from the receive buffer. */
int
pvm_upkdcplx(double *zp, int cnt, int stride)
{
	return (lpvm_pack_upk(LPVM_DCPLX, zp, cnt, stride, "pvm_upkdcplx"));
}

/* Unpack cnt doubles from the receive buffer. */
int
pvm_upkdouble(double *dp, int cnt, int stride)
{
	return (lpvm_pack_upk(LPVM_DOUBLE, dp, cnt, stride,
	    "pvm_upkdouble"));
}

/* Unpack cnt floats from the receive buffer. */
int
pvm_upkfloat(float *fp, int cnt, int stride)
{
	return (lpvm_pack_upk(LPVM_FLOAT, fp, cnt, stride, "pvm_upkfloat"));
}

/* Unpack cnt ints from the receive buffer. */
int
pvm_upkint(int *ip, int cnt, int stride)
{
	return (lpvm_pack_upk(LPVM_INT, ip, cnt, stride, "pvm_upkint"));
}

/* Unpack cnt unsigned ints from the receive buffer. */
int
pvm_upkuint(unsigned int *ip, int cnt, int stride)
{
	return (lpvm_pack_upk(LPVM_UINT, ip, cnt, stride, "pvm_upkuint"));
}

/* Unpack cnt longs from the receive buffer. */
int
pvm_upklong(long *lp, int cnt, int stride)
{
	return (lpvm_pack_upk(LPVM_LONG, lp, cnt, stride, "pvm_upklong"));
}

/* Unpack cnt unsigned longs from the receive buffer. */
int
pvm_upkulong(unsigned long *lp, int cnt, int stride)
{
	return (lpvm_pack_upk(LPVM_ULONG, lp, cnt, stride, "pvm_upkulong"));
}

/* Unpack cnt shorts from the receive buffer. */
int
pvm_upkshort(short *sp, int cnt, int stride)
{
	return (lpvm_pack_upk(LPVM_SHORT, sp, cnt, stride, "pvm_upkshort"));
}

/* Unpack cnt unsigned shorts from the receive buffer. */
int
pvm_upkushort(unsigned short *sp, int cnt, int stride)
{
	return (lpvm_pack_upk(LPVM_USHORT, sp, cnt, stride,
	    "pvm_upkushort"));
}

/* Unpack a string into sp, which must be large enough to hold it. */
int
pvm_upkstr(char *sp)
{
	struct lpvm_buf	*buf;
	int		 rc;

	if (sp == NULL)
		return (lpvm_err(PvmBadParam, "pvm_upkstr"));
	if ((buf = lpvm_buf_get(lpvm.rbuf)) == NULL)
		return (lpvm_err(PvmNoBuf, "pvm_upkstr"));
	if ((rc = lpvm_unpack_str(buf, sp, SIZE_MAX)) != 0)
		return (lpvm_err(rc, "pvm_upkstr"));
	return (PvmOk);
}
