/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Message buffers and encoders (libpvm/lpvm_buf.c, lpvm_pack.c,
 * lpvm_packf.c): round trips of every type in every encoding and stride,
 * the XDR byte layout, in-place gather lists, received bodies, errors.
 */

#include <sys/types.h>
#include <sys/uio.h>

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "lpvm.h"

#define CHECKF(cond, ...) do {						\
	char	 msg_[256];						\
	snprintf(msg_, sizeof msg_, __VA_ARGS__);			\
	CU_assertImplementation((cond), __LINE__, msg_, __FILE__, "",	\
	    CU_FALSE);							\
} while (0)

/* A packable type and its native item size, for the table tests. */
struct pk_type {
	const char	*name;
	int		 type;
	size_t		 size;
};

static const struct pk_type pk_types[] = {
	{ "byte", LPVM_BYTE, 1 },
	{ "short", LPVM_SHORT, sizeof(short) },
	{ "ushort", LPVM_USHORT, sizeof(unsigned short) },
	{ "int", LPVM_INT, sizeof(int) },
	{ "uint", LPVM_UINT, sizeof(unsigned int) },
	{ "long", LPVM_LONG, sizeof(long) },
	{ "ulong", LPVM_ULONG, sizeof(unsigned long) },
	{ "float", LPVM_FLOAT, sizeof(float) },
	{ "double", LPVM_DOUBLE, sizeof(double) },
	{ "cplx", LPVM_CPLX, 2 * sizeof(float) },
	{ "dcplx", LPVM_DCPLX, 2 * sizeof(double) }
};
#define NTYPES	(sizeof pk_types / sizeof pk_types[0])

static const int	encs[] = { PvmDataDefault, PvmDataRaw, PvmDataInPlace };
static const char	*encnames[] = { "Default", "Raw", "InPlace" };

static int	saved_autoerr;

static int
pack_init(void)
{
	saved_autoerr = lpvm.autoerr;
	lpvm.autoerr = 0;
	lpvm_buf_reset_all();
	return (0);
}

static int
pack_clean(void)
{
	lpvm_buf_reset_all();
	lpvm.autoerr = saved_autoerr;
	return (0);
}

/* Call the public pvm_pk* of a type. */
static int
do_pk(int type, void *p, int cnt, int stride)
{
	switch (type) {
	case LPVM_BYTE:
		return (pvm_pkbyte(p, cnt, stride));
	case LPVM_SHORT:
		return (pvm_pkshort(p, cnt, stride));
	case LPVM_USHORT:
		return (pvm_pkushort(p, cnt, stride));
	case LPVM_INT:
		return (pvm_pkint(p, cnt, stride));
	case LPVM_UINT:
		return (pvm_pkuint(p, cnt, stride));
	case LPVM_LONG:
		return (pvm_pklong(p, cnt, stride));
	case LPVM_ULONG:
		return (pvm_pkulong(p, cnt, stride));
	case LPVM_FLOAT:
		return (pvm_pkfloat(p, cnt, stride));
	case LPVM_DOUBLE:
		return (pvm_pkdouble(p, cnt, stride));
	case LPVM_CPLX:
		return (pvm_pkcplx(p, cnt, stride));
	case LPVM_DCPLX:
		return (pvm_pkdcplx(p, cnt, stride));
	}
	return (-999);
}

/* Call the public pvm_upk* of a type. */
static int
do_upk(int type, void *p, int cnt, int stride)
{
	switch (type) {
	case LPVM_BYTE:
		return (pvm_upkbyte(p, cnt, stride));
	case LPVM_SHORT:
		return (pvm_upkshort(p, cnt, stride));
	case LPVM_USHORT:
		return (pvm_upkushort(p, cnt, stride));
	case LPVM_INT:
		return (pvm_upkint(p, cnt, stride));
	case LPVM_UINT:
		return (pvm_upkuint(p, cnt, stride));
	case LPVM_LONG:
		return (pvm_upklong(p, cnt, stride));
	case LPVM_ULONG:
		return (pvm_upkulong(p, cnt, stride));
	case LPVM_FLOAT:
		return (pvm_upkfloat(p, cnt, stride));
	case LPVM_DOUBLE:
		return (pvm_upkdouble(p, cnt, stride));
	case LPVM_CPLX:
		return (pvm_upkcplx(p, cnt, stride));
	case LPVM_DCPLX:
		return (pvm_upkdcplx(p, cnt, stride));
	}
	return (-999);
}

/* Gather the body a buffer would send; returns its length. */
static size_t
body_of(int mid, unsigned char *out, size_t max, uint32_t *wflags)
{
	struct lpvm_buf	*buf;
	struct iovec	*iov;
	size_t		 total, off;
	int		 i, n;

	buf = lpvm_buf_get(mid);
	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	CU_ASSERT_EQUAL_FATAL(lpvm_buf_iov(buf, &iov, &n, &total, wflags), 0);
	off = 0;
	for (i = 0; i < n; i++) {
		CU_ASSERT_FATAL(off + iov[i].iov_len <= max);
		memcpy(out + off, iov[i].iov_base, iov[i].iov_len);
		off += iov[i].iov_len;
	}
	CU_ASSERT_EQUAL(off, total);
	return (off);
}

/* Every type, encoding and stride: pack, unpack, compare, then end. */
static void
test_pack_roundtrip(void)
{
	static const int	 strides[] = { 1, 2, 3 };
	unsigned char		*src, *dst;
	size_t			 t, e, s, i, sz, n = 7;
	int			 mid, sentinel, v, st;

	for (e = 0; e < 3; e++)
	for (t = 0; t < NTYPES; t++)
	for (s = 0; s < 3; s++) {
		st = strides[s];
		sz = pk_types[t].size;
		src = malloc(n * st * sz);
		dst = malloc(n * st * sz);
		CU_ASSERT_FATAL(src != NULL && dst != NULL);
		for (i = 0; i < n * st * sz; i++)
			src[i] = (unsigned char)(i * 131 + t * 7 + 0x80);
		memset(dst, 0xee, n * st * sz);
		mid = pvm_initsend(encs[e]);
		CHECKF(mid > 0, "initsend %s", encnames[e]);
		CHECKF(do_pk(pk_types[t].type, src, (int)n, st) == 0,
		    "pk %s %s stride %d", pk_types[t].name, encnames[e], st);
		CU_ASSERT_EQUAL(do_pk(pk_types[t].type, src, 0, 1), 0);
		sentinel = 0x5a5a1234;
		CU_ASSERT_EQUAL(pvm_pkint(&sentinel, 1, 1), 0);
		CU_ASSERT_EQUAL(pvm_setrbuf(mid), 0);
		CU_ASSERT_EQUAL(pvm_getsbuf(), 0);
		CHECKF(do_upk(pk_types[t].type, dst, (int)n, st) == 0,
		    "upk %s %s stride %d", pk_types[t].name, encnames[e], st);
		for (i = 0; i < n * st; i++) {
			if (i % st == 0)
				CHECKF(memcmp(dst + i * sz, src + i * sz,
				    sz) == 0, "%s %s stride %d item %zu",
				    pk_types[t].name, encnames[e], st, i);
			else
				CHECKF(dst[i * sz] == 0xee &&
				    dst[i * sz + sz - 1] == 0xee,
				    "%s %s stride %d gap %zu touched",
				    pk_types[t].name, encnames[e], st, i);
		}
		v = 0;
		CU_ASSERT_EQUAL(pvm_upkint(&v, 1, 1), 0);
		CHECKF(v == sentinel, "sentinel after %s %s stride %d",
		    pk_types[t].name, encnames[e], st);
		CU_ASSERT_EQUAL(pvm_upkint(&v, 1, 1), PvmNoData);
		CU_ASSERT_EQUAL(do_upk(pk_types[t].type, dst, 1, 1),
		    PvmNoData);
		CU_ASSERT_EQUAL(pvm_freebuf(mid), 0);
		CU_ASSERT_EQUAL(pvm_getrbuf(), 0);
		free(src);
		free(dst);
	}
}

/* Strings in every encoding, empty ones too. */
static void
test_pack_strings(void)
{
	char	 out[64];
	size_t	 e;
	int	 mid;

	for (e = 0; e < 3; e++) {
		mid = pvm_initsend(encs[e]);
		CU_ASSERT_EQUAL(pvm_pkstr("hello"), 0);
		CU_ASSERT_EQUAL(pvm_pkstr(""), 0);
		CU_ASSERT_EQUAL(pvm_pkstr("a string of 24 chars....."), 0);
		CU_ASSERT_EQUAL(pvm_pkstr(NULL), PvmBadParam);
		pvm_setrbuf(mid);
		memset(out, 'x', sizeof out);
		CU_ASSERT_EQUAL(pvm_upkstr(out), 0);
		CHECKF(strcmp(out, "hello") == 0, "str 1 %s", encnames[e]);
		CU_ASSERT_EQUAL(pvm_upkstr(out), 0);
		CHECKF(strcmp(out, "") == 0, "str 2 %s", encnames[e]);
		CU_ASSERT_EQUAL(pvm_upkstr(out), 0);
		CHECKF(strcmp(out, "a string of 24 chars.....") == 0,
		    "str 3 %s", encnames[e]);
		CU_ASSERT_EQUAL(pvm_upkstr(out), PvmNoData);
		CU_ASSERT_EQUAL(pvm_upkstr(NULL), PvmBadParam);
		pvm_freebuf(mid);
	}
}

static void
xl_int(void)
{
	int	v = 1;

	pvm_pkint(&v, 1, 1);
}

static void
xl_int_neg(void)
{
	int	v[2] = { -2, 0x01020304 };

	pvm_pkint(v, 2, 1);
}

static void
xl_uint(void)
{
	unsigned int	v = 0xdeadbeefU;

	pvm_pkuint(&v, 1, 1);
}

static void
xl_short(void)
{
	short	v[2] = { -2, 3 };

	pvm_pkshort(v, 2, 1);
}

static void
xl_ushort(void)
{
	unsigned short	v = 65535;

	pvm_pkushort(&v, 1, 1);
}

static void
xl_long(void)
{
	long	v[3] = { -2, 0x0123456789abcdefL, LONG_MIN };

	pvm_pklong(v, 3, 1);
}

static void
xl_ulong(void)
{
	unsigned long	v = 0xfedcba9876543210UL;

	pvm_pkulong(&v, 1, 1);
}

static void
xl_float(void)
{
	float	v = 1.5f;

	pvm_pkfloat(&v, 1, 1);
}

static void
xl_double(void)
{
	double	v = -2.0;

	pvm_pkdouble(&v, 1, 1);
}

static void
xl_cplx(void)
{
	float	v[2] = { 1.0f, 2.0f };

	pvm_pkcplx(v, 1, 1);
}

static void
xl_dcplx(void)
{
	double	v[2] = { 1.0, 0.5 };

	pvm_pkdcplx(v, 1, 1);
}

static void
xl_bytes(void)
{
	pvm_pkbyte("abcde", 5, 1);
	pvm_pkbyte("xyz", 1, 1);
	pvm_pkbyte("abcd", 4, 1);
}

static void
xl_bytes_stride(void)
{
	pvm_pkbyte("abcdefg", 4, 2);
}

static void
xl_str(void)
{
	pvm_pkstr("hello");
	pvm_pkstr("");
}

static void
xl_int_stride(void)
{
	int	v[5] = { 1, 2, 3, 4, 5 };

	pvm_pkint(v, 3, 2);
}

/* XDR byte layout of each type, checked byte for byte. */
static void
test_pack_xdr_layout(void)
{
	static const struct {
		const char	*name;
		void		(*fn)(void);
		const char	*bytes;
		size_t		 len;
	} cases[] = {
		{ "int 1", xl_int, "\0\0\0\1", 4 },
		{ "int -2", xl_int_neg, "\xff\xff\xff\xfe\1\2\3\4", 8 },
		{ "uint", xl_uint, "\xde\xad\xbe\xef", 4 },
		{ "short", xl_short, "\xff\xff\xff\xfe\0\0\0\3", 8 },
		{ "ushort", xl_ushort, "\0\0\xff\xff", 4 },
		{ "long", xl_long,
		    "\xff\xff\xff\xff\xff\xff\xff\xfe"
		    "\x01\x23\x45\x67\x89\xab\xcd\xef"
		    "\x80\0\0\0\0\0\0\0", 24 },
		{ "ulong", xl_ulong, "\xfe\xdc\xba\x98\x76\x54\x32\x10", 8 },
		{ "float", xl_float, "\x3f\xc0\0\0", 4 },
		{ "double", xl_double, "\xc0\0\0\0\0\0\0\0", 8 },
		{ "cplx", xl_cplx, "\x3f\x80\0\0\x40\0\0\0", 8 },
		{ "dcplx", xl_dcplx,
		    "\x3f\xf0\0\0\0\0\0\0\x3f\xe0\0\0\0\0\0\0", 16 },
		{ "bytes", xl_bytes, "abcde\0\0\0x\0\0\0abcd", 16 },
		{ "bytes stride", xl_bytes_stride, "aceg", 4 },
		{ "str", xl_str, "\0\0\0\6hello\0\0\0\0\0\0\1\0\0\0\0", 20 },
		{ "int stride", xl_int_stride, "\0\0\0\1\0\0\0\3\0\0\0\5", 12 }
	};
	unsigned char	out[256];
	uint32_t	wflags;
	size_t		i, len;
	int		mid;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		mid = pvm_initsend(PvmDataDefault);
		cases[i].fn();
		len = body_of(mid, out, sizeof out, &wflags);
		CHECKF(wflags == PVM_FRAME_ENC_XDR, "%s flags", cases[i].name);
		CHECKF(len == cases[i].len, "%s length %zu", cases[i].name,
		    len);
		CHECKF(len == cases[i].len &&
		    memcmp(out, cases[i].bytes, len) == 0, "%s bytes",
		    cases[i].name);
	}
}

/* Negative 64-bit longs survive every encoding (PVM 3.4.6 loses them). */
static void
test_pack_neg_long(void)
{
	long		in[4] = { -1, LONG_MIN, -0x123456789aL, LONG_MAX };
	long		out[4];
	unsigned long	uin = ULONG_MAX, uout = 0;
	size_t		e;
	int		mid;

	for (e = 0; e < 3; e++) {
		mid = pvm_initsend(encs[e]);
		CU_ASSERT_EQUAL(pvm_pklong(in, 4, 1), 0);
		CU_ASSERT_EQUAL(pvm_pkulong(&uin, 1, 1), 0);
		pvm_setrbuf(mid);
		memset(out, 0, sizeof out);
		CU_ASSERT_EQUAL(pvm_upklong(out, 4, 1), 0);
		CHECKF(memcmp(in, out, sizeof in) == 0, "longs %s",
		    encnames[e]);
		CU_ASSERT_EQUAL(pvm_upkulong(&uout, 1, 1), 0);
		CU_ASSERT_EQUAL(uout, ULONG_MAX);
		pvm_freebuf(mid);
	}
}

/* PvmDataRaw is the native layout, flagged as such. */
static void
test_pack_raw_layout(void)
{
	unsigned char	out[64], want[64];
	uint32_t	wflags;
	double		d = 3.25;
	short		s = -7;
	int		mid, v = 0x01020304;
	size_t		len;

	mid = pvm_initsend(PvmDataRaw);
	pvm_pkint(&v, 1, 1);
	pvm_pkshort(&s, 1, 1);
	pvm_pkdouble(&d, 1, 1);
	len = body_of(mid, out, sizeof out, &wflags);
	memcpy(want, &v, 4);
	memcpy(want + 4, &s, 2);
	memcpy(want + 6, &d, 8);
	CU_ASSERT_EQUAL(len, 14);
	CU_ASSERT(memcmp(out, want, 14) == 0);
	CU_ASSERT_EQUAL(wflags, LPVM_WFLAGS_NATIVE);
#if defined(__x86_64__)
	CU_ASSERT_EQUAL(wflags, PVM_FRAME_ENC_RAW | PVM_FRAME_LE64);
#endif
}

/* PvmDataInPlace keeps references and reads user memory at send time. */
static void
test_pack_inplace(void)
{
	struct lpvm_buf	*buf;
	unsigned char	 out[256], want[256];
	uint32_t	 wflags;
	int		 a = 11, arr[6] = { 1, 2, 3, 4, 5, 6 }, got[6];
	char		 big[100];
	size_t		 len, off;
	int		 mid, bytes;

	memset(big, 'q', sizeof big);
	mid = pvm_initsend(PvmDataInPlace);
	CU_ASSERT_EQUAL(pvm_pkint(&a, 1, 1), 0);	/* ref */
	CU_ASSERT_EQUAL(pvm_pkint(arr, 3, 2), 0);	/* copied */
	CU_ASSERT_EQUAL(pvm_pkbyte(big, 60, 1), 0);	/* ref */
	CU_ASSERT_EQUAL(pvm_pkbyte(big + 60, 40, 1), 0); /* merged */
	CU_ASSERT_EQUAL(pvm_pkstr("s"), 0);		/* copied */
	buf = lpvm_buf_get(mid);
	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	CU_ASSERT_EQUAL(buf->nrefs, 2);
	CU_ASSERT_EQUAL(buf->reflen, 4 + 100);
	CU_ASSERT_EQUAL(buf->len, 12 + 4 + 2);

	/* Changed after packing: the new values are what gets sent. */
	a = 12;
	big[0] = 'Z';
	arr[0] = 99;
	CU_ASSERT_EQUAL(pvm_bufinfo(mid, &bytes, NULL, NULL), 0);
	CU_ASSERT_EQUAL(bytes, 4 + 12 + 100 + 4 + 2);
	len = body_of(mid, out, sizeof out, &wflags);
	CU_ASSERT_EQUAL(wflags, LPVM_WFLAGS_NATIVE);
	off = 0;
	memcpy(want + off, &a, 4);
	off += 4;
	memcpy(want + off, (int []){ 1, 3, 5 }, 12);
	off += 12;
	memcpy(want + off, big, 100);
	off += 100;
	memcpy(want + off, &(int){ 2 }, 4);
	off += 4;
	memcpy(want + off, "s", 2);
	off += 2;
	CU_ASSERT_EQUAL(len, off);
	CU_ASSERT(memcmp(out, want, off) == 0);

	/* Unpacking it locally flattens it first. */
	pvm_setrbuf(mid);
	CU_ASSERT_EQUAL(pvm_upkint(got, 1, 1), 0);
	CU_ASSERT_EQUAL(got[0], 12);
	CU_ASSERT_EQUAL(pvm_upkint(got, 3, 1), 0);
	CU_ASSERT(got[0] == 1 && got[1] == 3 && got[2] == 5);
	CU_ASSERT_EQUAL(buf->nrefs, 0);
	pvm_freebuf(mid);
}

/* In-place pieces keep their place around copied items. */
static void
test_pack_inplace_order(void)
{
	struct lpvm_buf	*buf;
	int		 seq[4] = { 10, 20, 30, 40 }, mid, i;
	int		 other[3] = { 7, 0, 8 }, want[8], got[8];
	uint32_t	 wflags;
	size_t		 len;

	mid = pvm_initsend(PvmDataInPlace);
	pvm_pkint(seq, 2, 1);		/* ref */
	pvm_pkint(other, 2, 2);		/* copied */
	pvm_pkint(seq + 2, 2, 1);	/* ref, contiguous, not merged */
	pvm_pkint(seq, 1, 1);		/* ref */
	buf = lpvm_buf_get(mid);
	CU_ASSERT_EQUAL(buf->nrefs, 3);
	len = body_of(mid, (unsigned char *)got, sizeof got, &wflags);
	CU_ASSERT_EQUAL(len, 7 * sizeof(int));
	i = 0;
	want[i++] = 10;
	want[i++] = 20;
	want[i++] = 7;
	want[i++] = 8;
	want[i++] = 30;
	want[i++] = 40;
	want[i++] = 10;
	CU_ASSERT(memcmp(got, want, 7 * sizeof(int)) == 0);
	pvm_freebuf(mid);
}

/* Errors: no buffer, bad arguments, unknown mids, past the end. */
static void
test_pack_errors(void)
{
	struct pvmminfo	 mi;
	int		 v = 1, mid, bytes;
	char		 small[8];

	lpvm_buf_reset_all();
	CU_ASSERT_EQUAL(pvm_getsbuf(), 0);
	CU_ASSERT_EQUAL(pvm_getrbuf(), 0);
	CU_ASSERT_EQUAL(pvm_pkint(&v, 1, 1), PvmNoBuf);
	CU_ASSERT_EQUAL(pvm_upkint(&v, 1, 1), PvmNoBuf);
	CU_ASSERT_EQUAL(pvm_pkstr("x"), PvmNoBuf);
	CU_ASSERT_EQUAL(pvm_upkstr(small), PvmNoBuf);
	CU_ASSERT_EQUAL(pvm_packf("%d", 1), PvmNoBuf);
	CU_ASSERT_EQUAL(pvm_unpackf("%d", &v), PvmNoBuf);
	CU_ASSERT_EQUAL(pvm_mkbuf(7), PvmBadParam);
	CU_ASSERT_EQUAL(pvm_mkbuf(-1), PvmBadParam);
	CU_ASSERT_EQUAL(pvm_initsend(3), PvmBadParam);
	CU_ASSERT_EQUAL(pvm_freebuf(0), 0);
	CU_ASSERT_EQUAL(pvm_freebuf(-1), PvmBadParam);
	CU_ASSERT_EQUAL(pvm_freebuf(12345), PvmNoSuchBuf);
	CU_ASSERT_EQUAL(pvm_setsbuf(-1), PvmBadParam);
	CU_ASSERT_EQUAL(pvm_setsbuf(999), PvmNoSuchBuf);
	CU_ASSERT_EQUAL(pvm_setrbuf(999), PvmNoSuchBuf);
	CU_ASSERT_EQUAL(pvm_bufinfo(0, &bytes, NULL, NULL), PvmBadParam);
	CU_ASSERT_EQUAL(pvm_bufinfo(999, &bytes, NULL, NULL), PvmNoSuchBuf);
	CU_ASSERT_EQUAL(pvm_getminfo(999, &mi), PvmNoSuchBuf);
	CU_ASSERT_EQUAL(pvm_setminfo(999, &mi), PvmNoSuchBuf);

	mid = pvm_initsend(PvmDataDefault);
	CU_ASSERT(mid > 0);
	CU_ASSERT_EQUAL(pvm_getminfo(mid, NULL), PvmBadParam);
	CU_ASSERT_EQUAL(pvm_pkint(&v, -1, 1), PvmBadParam);
	CU_ASSERT_EQUAL(pvm_pkint(&v, 1, 0), PvmBadParam);
	CU_ASSERT_EQUAL(pvm_pkint(NULL, 1, 1), PvmBadParam);
	CU_ASSERT_EQUAL(pvm_pkint(NULL, 0, 1), 0);
	/* Absurd sizes fail cleanly before touching memory. */
	CU_ASSERT_EQUAL(pvm_pkbyte(small, INT_MAX, 1), PvmNoMem);
	CU_ASSERT_EQUAL(pvm_pkdcplx((double *)small, INT_MAX, 1), PvmNoMem);
	CU_ASSERT_EQUAL(pvm_initsend(PvmDataRaw), mid);
	CU_ASSERT_EQUAL(pvm_pkbyte(small, INT_MAX, 1), PvmNoMem);
	CU_ASSERT_EQUAL(pvm_initsend(PvmDataInPlace), mid);
	CU_ASSERT_EQUAL(pvm_pkbyte(small, INT_MAX, 1), PvmNoMem);
	CU_ASSERT_EQUAL(pvm_bufinfo(mid, &bytes, NULL, NULL), 0);
	CU_ASSERT_EQUAL(bytes, 0);

	pvm_setrbuf(mid);
	CU_ASSERT_EQUAL(pvm_upkint(&v, 1, 1), PvmNoData);
	CU_ASSERT_EQUAL(pvm_upkint(&v, -1, 1), PvmBadParam);
	CU_ASSERT_EQUAL(pvm_upkint(&v, 1, 0), PvmBadParam);
	pvm_freebuf(mid);
	CU_ASSERT_EQUAL(pvm_getrbuf(), 0);
	CU_ASSERT_EQUAL(pvm_upkint(&v, 1, 1), PvmNoBuf);
}

/* The table: mids from 1, reuse, current buffers, info calls. */
static void
test_pack_buffers(void)
{
	struct pvmminfo	 mi;
	struct lpvm_buf	*buf;
	int		 a, b, c, i, old, bytes, tag, tid, v = 5;

	lpvm_buf_reset_all();
	a = pvm_mkbuf(PvmDataDefault);
	b = pvm_mkbuf(PvmDataRaw);
	CU_ASSERT_EQUAL(a, 1);
	CU_ASSERT_EQUAL(b, 2);
	CU_ASSERT_EQUAL(pvm_freebuf(a), 0);
	CU_ASSERT_EQUAL(pvm_bufinfo(a, &bytes, &tag, &tid), PvmNoSuchBuf);
	c = pvm_mkbuf(PvmDataInPlace);
	CU_ASSERT_EQUAL(c, a);
	CU_ASSERT_EQUAL(pvm_mkbuf(PvmDataTrace), 3);

	/* Thousands of initsends do not grow the table. */
	for (i = 0; i < 5000; i++)
		CU_ASSERT_FATAL(pvm_initsend(PvmDataDefault) > 0);
	CU_ASSERT(pvm_getsbuf() <= 5);
	CU_ASSERT(pvm_mkbuf(PvmDataDefault) <= 6);

	old = pvm_getsbuf();
	CU_ASSERT_EQUAL(pvm_setsbuf(b), old);
	CU_ASSERT_EQUAL(pvm_getsbuf(), b);
	CU_ASSERT_EQUAL(pvm_setsbuf(0), b);
	CU_ASSERT_EQUAL(pvm_getsbuf(), 0);
	CU_ASSERT_EQUAL(pvm_setsbuf(b), 0);
	CU_ASSERT_EQUAL(pvm_pkint(&v, 1, 1), 0);
	/* A buffer is never both the send and the receive buffer. */
	CU_ASSERT_EQUAL(pvm_setrbuf(b), 0);
	CU_ASSERT_EQUAL(pvm_getsbuf(), 0);
	CU_ASSERT_EQUAL(pvm_setsbuf(b), 0);
	CU_ASSERT_EQUAL(pvm_getrbuf(), 0);
	/* Freeing the current buffer leaves none. */
	CU_ASSERT_EQUAL(pvm_freebuf(b), 0);
	CU_ASSERT_EQUAL(pvm_getsbuf(), 0);

	lpvm.mytid = 0x40007;
	a = pvm_initsend(PvmDataDefault);
	CU_ASSERT_EQUAL(pvm_pkint(&v, 1, 1), 0);
	CU_ASSERT_EQUAL(pvm_bufinfo(a, &bytes, &tag, &tid), 0);
	CU_ASSERT_EQUAL(bytes, 4);
	CU_ASSERT_EQUAL(tag, 0);
	CU_ASSERT_EQUAL(tid, 0x40007);
	CU_ASSERT_EQUAL(pvm_getminfo(a, &mi), 0);
	CU_ASSERT_EQUAL(mi.len, 4);
	CU_ASSERT_EQUAL(mi.enc, 0x10000000);
	CU_ASSERT_EQUAL(mi.src, 0x40007);
	mi.tag = 9;
	mi.ctx = 3;
	mi.wid = 4;
	mi.dst = 0x40008;
	mi.len = 777;
	CU_ASSERT_EQUAL(pvm_setminfo(a, &mi), 0);
	memset(&mi, 0, sizeof mi);
	CU_ASSERT_EQUAL(pvm_getminfo(a, &mi), 0);
	CU_ASSERT(mi.tag == 9 && mi.ctx == 3 && mi.wid == 4 &&
	    mi.dst == 0x40008 && mi.len == 4);
	lpvm.mytid = 0;

	/* Freeing a queued buffer takes it off the receive queue. */
	buf = lpvm_buf_adopt(NULL, 0, PVM_FRAME_ENC_XDR, 0x40002, 1, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	TAILQ_INSERT_TAIL(&lpvm.rxq, buf, entry);
	buf->queued = 1;
	CU_ASSERT_EQUAL(pvm_freebuf(buf->mid), 0);
	CU_ASSERT(TAILQ_EMPTY(&lpvm.rxq));

	lpvm_buf_reset_all();
	CU_ASSERT_EQUAL(pvm_getsbuf(), 0);
	CU_ASSERT_EQUAL(pvm_bufinfo(1, &bytes, &tag, &tid), PvmNoSuchBuf);
	CU_ASSERT_EQUAL(pvm_mkbuf(PvmDataDefault), 1);
}

/* A hand-made XDR body received from another task. */
static void
test_pack_adopt(void)
{
	static const unsigned char body[] = {
		0, 0, 0, 5,			/* int 5 */
		0xff, 0xff, 0xff, 0xfd,		/* int -3 */
		0, 0, 0, 3, 'a', 'b', 0, 0,	/* string "ab" */
		0x3f, 0xf0, 0, 0, 0, 0, 0, 0,	/* double 1.0 */
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfb, /* long -5 */
		'x', 'y', 'z'			/* bytes, pad cut off */
	};
	struct lpvm_buf	*buf;
	unsigned char	*data;
	char		 s[8], by[3];
	double		 d;
	float		 f;
	long		 l;
	int		 v, bytes, tag, tid;

	data = malloc(sizeof body);
	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	memcpy(data, body, sizeof body);
	buf = lpvm_buf_adopt(data, sizeof body, PVM_FRAME_ENC_XDR, 0x40002,
	    7, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	pvm_setrbuf(buf->mid);
	CU_ASSERT_EQUAL(pvm_bufinfo(buf->mid, &bytes, &tag, &tid), 0);
	CU_ASSERT_EQUAL(bytes, (int)sizeof body);
	CU_ASSERT_EQUAL(tag, 7);
	CU_ASSERT_EQUAL(tid, 0x40002);
	CU_ASSERT_EQUAL(pvm_upkint(&v, 1, 1), 0);
	CU_ASSERT_EQUAL(v, 5);
	CU_ASSERT_EQUAL(pvm_upkint(&v, 1, 1), 0);
	CU_ASSERT_EQUAL(v, -3);
	CU_ASSERT_EQUAL(pvm_upkstr(s), 0);
	CU_ASSERT_STRING_EQUAL(s, "ab");
	CU_ASSERT_EQUAL(pvm_upkdouble(&d, 1, 1), 0);
	CU_ASSERT_EQUAL(d, 1.0);
	CU_ASSERT_EQUAL(pvm_upklong(&l, 1, 1), 0);
	CU_ASSERT_EQUAL(l, -5);
	CU_ASSERT_EQUAL(pvm_upkbyte(by, 4, 1), PvmNoData);
	CU_ASSERT_EQUAL(pvm_upkbyte(by, 3, 1), 0);
	CU_ASSERT(memcmp(by, "xyz", 3) == 0);
	CU_ASSERT_EQUAL(pvm_upkbyte(by, 1, 1), PvmNoData);
	pvm_freebuf(buf->mid);

	/* An empty body. */
	buf = lpvm_buf_adopt(NULL, 0, PVM_FRAME_ENC_XDR, 1, 2, 3);
	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	CU_ASSERT_PTR_NULL(lpvm_buf_adopt(NULL, 4, PVM_FRAME_ENC_XDR, 1, 2,
	    3));
	pvm_setrbuf(buf->mid);
	CU_ASSERT_EQUAL(pvm_upkint(&v, 1, 1), PvmNoData);
	CU_ASSERT_EQUAL(pvm_upkstr(s), PvmNoData);
	pvm_freebuf(buf->mid);

	/* Native raw body. */
	data = malloc(8);
	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	memcpy(data, &(int){ -77 }, 4);
	memcpy(data + 4, &(float){ 2.5f }, 4);
	buf = lpvm_buf_adopt(data, 8, LPVM_WFLAGS_NATIVE, 1, 2, 3);
	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	pvm_setrbuf(buf->mid);
	CU_ASSERT_EQUAL(pvm_upkint(&v, 1, 1), 0);
	CU_ASSERT_EQUAL(v, -77);
	CU_ASSERT_EQUAL(pvm_upkfloat(&f, 1, 1), 0);
	CU_ASSERT_EQUAL(f, 2.5f);
	pvm_freebuf(buf->mid);

	/* Raw from a host of another format, or an unknown encoding. */
	data = malloc(4);
	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	memset(data, 0, 4);
	buf = lpvm_buf_adopt(data, 4,
	    LPVM_WFLAGS_NATIVE ^ PVM_FRAME_LE64, 1, 2, 3);
	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	pvm_setrbuf(buf->mid);
	CU_ASSERT_EQUAL(pvm_upkint(&v, 1, 1), PvmBadMsg);
	CU_ASSERT_EQUAL(pvm_upkstr(s), PvmBadMsg);
	pvm_freebuf(buf->mid);
	buf = lpvm_buf_adopt(NULL, 0, 0x7f, 1, 2, 3);
	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	pvm_setsbuf(buf->mid);
	CU_ASSERT_EQUAL(pvm_pkint(&v, 1, 1), PvmBadMsg);
	pvm_freebuf(buf->mid);
}

/* Hostile string lengths in a received body. */
static void
test_pack_adopt_hostile(void)
{
	static const struct {
		const char	*name;
		unsigned char	 body[12];
		size_t		 len;
		int		 rc7;	/* room for 7 bytes */
		int		 rc;	/* unbounded, as pvm_upkstr */
		const char	*want;
	} cases[] = {
		{ "huge", { 0x7f, 0xff, 0xff, 0xff, 'a', 0, 0, 0 }, 8,
		    PvmBadMsg, PvmNoData, NULL },
		{ "negative", { 0xff, 0xff, 0xff, 0xf0, 'a', 0, 0, 0 }, 8,
		    PvmBadMsg, PvmBadMsg, NULL },
		{ "cut", { 0, 0, 0, 6, 'a', 'b', 'c', 0 }, 8, PvmNoData,
		    PvmNoData, NULL },
		{ "short int", { 0, 0, 0 }, 3, PvmNoData, PvmNoData, NULL },
		{ "too long", { 0, 0, 0, 8, 'a', 'b', 'c', 'd', 'e', 'f',
		    'g', 0 }, 12, PvmBadMsg, 0, "abcdefg" },
		{ "no NUL", { 0, 0, 0, 3, 'a', 'b', 'c', 0 }, 8, 0, 0, "ab" },
		{ "zero", { 0, 0, 0, 0 }, 4, 0, 0, "" }
	};
	struct lpvm_buf	*buf;
	unsigned char	*data;
	char		 s[16];
	size_t		 i;
	int		 rc, pass;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
	for (pass = 0; pass < 2; pass++) {
		data = malloc(cases[i].len);
		CU_ASSERT_PTR_NOT_NULL_FATAL(data);
		memcpy(data, cases[i].body, cases[i].len);
		buf = lpvm_buf_adopt(data, cases[i].len, PVM_FRAME_ENC_XDR,
		    1, 1, 0);
		CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
		memset(s, 'x', sizeof s);
		if (pass == 0) {
			rc = lpvm_unpack_str(buf, s, 7);
			CHECKF(rc == cases[i].rc7, "%s: %d", cases[i].name,
			    rc);
		} else {
			pvm_setrbuf(buf->mid);
			rc = pvm_upkstr(s);
			CHECKF(rc == cases[i].rc, "%s: %d", cases[i].name,
			    rc);
		}
		if (rc != 0)
			CHECKF(buf->pos == 0, "%s: cursor moved",
			    cases[i].name);
		else
			CHECKF(strcmp(s, cases[i].want) == 0, "%s: got %.16s",
			    cases[i].name, s);
		lpvm_buf_free(buf);
	}
}

/* pvm_packf and pvm_unpackf, values and arrays, and bad formats. */
static void
test_pack_packf(void)
{
	int		 iarr[6] = { 1, 2, 3, 4, 5, 6 }, iout[6];
	double		 darr[4] = { 0.5, -1.5, 1e300, -0.0 }, dout[4];
	float		 cx[4] = { 1, 2, 3, 4 }, cxo[4];
	char		 cbuf[4], sout[16];
	unsigned long	 ul;
	unsigned int	 ui;
	unsigned short	 us;
	float		 f;
	double		 d;
	short		 sh;
	long		 l;
	char		 c;
	int		 count, i1, i2[2], mid;
	size_t		 e;

	for (e = 0; e < 3; e++) {
		CU_ASSERT_EQUAL(pvm_packf("%+ %d %*d %4lf", encs[e], 6, 6,
		    iarr, darr), 0);
		mid = pvm_getsbuf();
		CU_ASSERT(mid > 0);
		CU_ASSERT_EQUAL(pvm_packf("%c %hd %hud %ld %lud %ud %f %lf",
		    'Q', -3, 65000, -5L, 7UL, 4000000000U, 1.25, 2.5), 0);
		CU_ASSERT_EQUAL(pvm_packf("text %s %2x %3.2d %*.*d %3c", "str",
		    cx, iarr, 2, 3, iarr, "abc"), 0);
		pvm_setrbuf(mid);
		memset(iout, 0, sizeof iout);
		CU_ASSERT_EQUAL(pvm_unpackf("%d", &count), 0);
		CU_ASSERT_EQUAL(count, 6);
		CU_ASSERT_EQUAL(pvm_unpackf("%*d %4lf", count, iout, dout), 0);
		CU_ASSERT(memcmp(iout, iarr, sizeof iarr) == 0);
		CU_ASSERT(memcmp(dout, darr, sizeof darr) == 0);
		CU_ASSERT_EQUAL(pvm_unpackf("%c %hd %hud %ld %lud %ud %f %lf",
		    &c, &sh, &us, &l, &ul, &ui, &f, &d), 0);
		CHECKF(c == 'Q' && sh == -3 && us == 65000 && l == -5 &&
		    ul == 7 && ui == 4000000000U && f == 1.25f && d == 2.5,
		    "packf values %s", encnames[e]);
		memset(iout, 0, sizeof iout);
		CU_ASSERT_EQUAL(pvm_unpackf("%+ %s %2x %3.2d %2d %3c", 0, sout,
		    cxo, iout, i2, cbuf), 0);
		CU_ASSERT_STRING_EQUAL(sout, "str");
		CU_ASSERT(memcmp(cxo, cx, sizeof cx) == 0);
		CU_ASSERT(iout[0] == 1 && iout[1] == 0 && iout[2] == 3 &&
		    iout[4] == 5);
		/* "%*.*d" with 2, 3 packed items 0 and 3. */
		CU_ASSERT(i2[0] == 1 && i2[1] == 4);
		CU_ASSERT(memcmp(cbuf, "abc", 3) == 0);
		CU_ASSERT_EQUAL(pvm_unpackf("%d", &i1), PvmNoData);
		pvm_freebuf(mid);
	}

	/* Malformed formats. */
	pvm_initsend(PvmDataDefault);
	CU_ASSERT_EQUAL(pvm_packf("%q", 1), PvmBadParam);
	CU_ASSERT_EQUAL(pvm_packf("%hu", 1), PvmBadParam);
	CU_ASSERT_EQUAL(pvm_packf("%hlx", cx), PvmBadParam);
	CU_ASSERT_EQUAL(pvm_packf("%.0d", iarr), PvmBadParam);
	CU_ASSERT_EQUAL(pvm_packf("%.d", iarr), PvmBadParam);
	CU_ASSERT_EQUAL(pvm_packf("%99999999999d", iarr), PvmBadParam);
	CU_ASSERT_EQUAL(pvm_packf("%*d", -1, iarr), PvmBadParam);
	CU_ASSERT_EQUAL(pvm_packf("%", 1), PvmBadParam);
	CU_ASSERT_EQUAL(pvm_packf(NULL), PvmBadParam);
	CU_ASSERT_EQUAL(pvm_packf("%+", 9), PvmBadParam);
	CU_ASSERT_EQUAL(pvm_packf(""), 0);
}

/* Growth is geometric and big messages round trip. */
static void
test_pack_large(void)
{
	struct lpvm_buf	*buf;
	static int	 ints[10000];
	double		*d, *o;
	size_t		 e, i, n = 200000;
	int		 mid, v, ok;

	d = malloc(n * sizeof *d);
	o = malloc(n * sizeof *o);
	CU_ASSERT_FATAL(d != NULL && o != NULL);
	for (i = 0; i < n; i++)
		d[i] = (double)i * 1.000001 - 1000.0;
	for (i = 0; i < 10000; i++)
		ints[i] = (int)i;
	for (e = 0; e < 3; e++) {
		mid = pvm_initsend(encs[e]);
		for (i = 0; i < 10000; i++)
			pvm_pkint(&ints[i], 1, 1);
		buf = lpvm_buf_get(mid);
		if (encs[e] != PvmDataInPlace)
			CHECKF(buf->cap >= buf->len && buf->cap <
			    2 * buf->len + 256, "cap %zu len %zu", buf->cap,
			    buf->len);
		CU_ASSERT_EQUAL(pvm_pkdouble(d, (int)n, 1), 0);
		pvm_setrbuf(mid);
		ok = 1;
		for (i = 0; i < 10000; i++)
			if (pvm_upkint(&v, 1, 1) != 0 || v != (int)i)
				ok = 0;
		CHECKF(ok, "ints %s", encnames[e]);
		memset(o, 0, n * sizeof *o);
		CU_ASSERT_EQUAL(pvm_upkdouble(o, (int)n, 1), 0);
		CHECKF(memcmp(d, o, n * sizeof *d) == 0, "doubles %s",
		    encnames[e]);
		pvm_freebuf(mid);
	}
	free(d);
	free(o);
}

/*
 * In a machine of one data format PvmDataDefault is packed like
 * PvmDataRaw (no byte swapping) and flagged PVM_FRAME_DEFAULT; a
 * receiver reports it as PvmDataDefault and unpacks it unchanged.
 */
static void
test_pack_native_default(void)
{
	struct iovec	*iov, *riov;
	unsigned char	*copy;
	struct lpvm_buf	*b, *rb;
	size_t		 len, rlen;
	uint32_t	 wflags, rflags;
	int		 n, rn, mid, rmid, v[3] = { 1, -2, 0x01020304 }, w[3];
	long		 l = -7, l2;
	double		 d = 2.5, d2;
	char		 s[8];

	lpvm.native_default = 1;
	test_pack_roundtrip();		/* every type, encoding, stride */
	mid = pvm_initsend(PvmDataDefault);
	CU_ASSERT_FATAL(mid > 0);
	pvm_pkint(v, 3, 1);
	pvm_pklong(&l, 1, 1);
	pvm_pkstr("abcd");
	pvm_pkdouble(&d, 1, 1);
	rmid = pvm_mkbuf(PvmDataRaw);
	pvm_setsbuf(rmid);
	pvm_pkint(v, 3, 1);
	pvm_pklong(&l, 1, 1);
	pvm_pkstr("abcd");
	pvm_pkdouble(&d, 1, 1);
	b = lpvm_buf_get(mid);
	rb = lpvm_buf_get(rmid);
	CU_ASSERT_FATAL(b != NULL && rb != NULL);
	CU_ASSERT_EQUAL(lpvm_buf_iov(b, &iov, &n, &len, &wflags), 0);
	CU_ASSERT_EQUAL(lpvm_buf_iov(rb, &riov, &rn, &rlen, &rflags), 0);
	CU_ASSERT_EQUAL(wflags, LPVM_WFLAGS_NATIVE | PVM_FRAME_DEFAULT);
	CU_ASSERT_EQUAL(rflags, LPVM_WFLAGS_NATIVE);
	CU_ASSERT_EQUAL_FATAL(len, rlen);
	CU_ASSERT(n == 1 && rn == 1 &&
	    memcmp(iov[0].iov_base, riov[0].iov_base, len) == 0);

	/* As a receiver sees it. */
	copy = malloc(len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
	memcpy(copy, iov[0].iov_base, len);
	b = lpvm_buf_adopt(copy, len, wflags, 0x40002, 1, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_EQUAL(b->enc, PvmDataDefault);
	CU_ASSERT_EQUAL(b->fmt, LPVM_FMT_NATIVE);
	pvm_setrbuf(b->mid);
	CU_ASSERT_EQUAL(pvm_upkint(w, 3, 1), 0);
	CU_ASSERT(memcmp(v, w, sizeof v) == 0);
	CU_ASSERT_EQUAL(pvm_upklong(&l2, 1, 1), 0);
	CU_ASSERT_EQUAL(l2, -7);
	CU_ASSERT_EQUAL(pvm_upkstr(s), 0);
	CU_ASSERT_STRING_EQUAL(s, "abcd");
	CU_ASSERT_EQUAL(pvm_upkdouble(&d2, 1, 1), 0);
	CU_ASSERT_EQUAL(d2, 2.5);
	pvm_freebuf(b->mid);
	pvm_freebuf(mid);
	pvm_freebuf(rmid);
	lpvm.native_default = 0;
	CU_ASSERT_EQUAL(pvm_initsend(PvmDataDefault) > 0, 1);
	b = lpvm_buf_get(pvm_getsbuf());
	CU_ASSERT(b != NULL && b->fmt == LPVM_FMT_XDR &&
	    b->wflags == PVM_FRAME_ENC_XDR);
}

/*
 * Bodies packed by hosts of other formats (big-endian, 32-bit longs)
 * are converted while unpacking; unknown formats are refused.
 */
static void
test_pack_other_format(void)
{
	/* Big-endian, 32-bit longs. */
	static const unsigned char be32[] = {
		0x01, 0x02, 0x03, 0x04,		/* int 0x01020304 */
		0xff, 0xfd,			/* short -3 */
		0xff, 0xff, 0xff, 0xfe,		/* long -2 */
		0xff, 0xff, 0xff, 0xfe,		/* unsigned long 4294967294 */
		0x00, 0x00, 0x00, 0x03, 'h', 'i', 0,	/* string "hi" */
		0x3f, 0xf8, 0, 0, 0, 0, 0, 0,	/* double 1.5 */
		0x3f, 0x80, 0, 0, 0x40, 0, 0, 0, /* complex (1, 2) */
		'x', 'y'			/* bytes */
	};
	/* Little-endian, 32-bit longs. */
	static const unsigned char le32[] = {
		0x04, 0x03, 0x02, 0x01,		/* int 0x01020304 */
		0xfb, 0xff, 0xff, 0xff,		/* long -5 */
		0x00, 0x00, 0xc0, 0x3f		/* float 1.5 */
	};
	/* Big-endian, 64-bit longs. */
	static const unsigned char be64[] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xf9, /* long -7 */
		0x00, 0x01				/* ushort 1 */
	};
	struct lpvm_buf	*b;
	unsigned char	*data;
	unsigned long	 ul;
	unsigned short	 us;
	long		 l;
	double		 d;
	float		 f, c[2];
	short		 sh;
	char		 s[8], by[2];
	int		 v, enc, big, lsz;

	data = malloc(sizeof be32);
	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	memcpy(data, be32, sizeof be32);
	b = lpvm_buf_adopt(data, sizeof be32, PVM_FRAME_ENC_RAW | PVM_FRAME_BE |
	    PVM_FRAME_LONG32 | PVM_FRAME_DEFAULT, 0x80001, 1, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_EQUAL(b->fmt, LPVM_FMT_OTHER);
	CU_ASSERT_EQUAL(b->enc, PvmDataDefault);
	pvm_setrbuf(b->mid);
	CU_ASSERT_EQUAL(pvm_upkint(&v, 1, 1), 0);
	CU_ASSERT_EQUAL(v, 0x01020304);
	CU_ASSERT_EQUAL(pvm_upkshort(&sh, 1, 1), 0);
	CU_ASSERT_EQUAL(sh, -3);
	CU_ASSERT_EQUAL(pvm_upklong(&l, 1, 1), 0);
	CU_ASSERT_EQUAL(l, -2);
	CU_ASSERT_EQUAL(pvm_upkulong(&ul, 1, 1), 0);
	CU_ASSERT_EQUAL(ul, 4294967294UL);
	CU_ASSERT_EQUAL(pvm_upkstr(s), 0);
	CU_ASSERT_STRING_EQUAL(s, "hi");
	CU_ASSERT_EQUAL(pvm_upkdouble(&d, 1, 1), 0);
	CU_ASSERT_EQUAL(d, 1.5);
	CU_ASSERT_EQUAL(pvm_upkcplx(c, 1, 1), 0);
	CU_ASSERT(c[0] == 1.0f && c[1] == 2.0f);
	CU_ASSERT_EQUAL(pvm_upkbyte(by, 2, 1), 0);
	CU_ASSERT(by[0] == 'x' && by[1] == 'y');
	CU_ASSERT_EQUAL(pvm_upkbyte(by, 1, 1), PvmNoData);
	/* Nothing is packed into a body of another format. */
	pvm_setsbuf(b->mid);
	CU_ASSERT_EQUAL(pvm_pkint(&v, 1, 1), PvmBadMsg);
	pvm_setsbuf(0);
	pvm_freebuf(b->mid);

	data = malloc(sizeof le32);
	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	memcpy(data, le32, sizeof le32);
	b = lpvm_buf_adopt(data, sizeof le32, PVM_FRAME_ENC_RAW |
	    PVM_FRAME_LONG32, 0x80001, 1, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_EQUAL(b->enc, PvmDataRaw);
	pvm_setrbuf(b->mid);
	CU_ASSERT_EQUAL(pvm_upkint(&v, 1, 1), 0);
	CU_ASSERT_EQUAL(v, 0x01020304);
	CU_ASSERT_EQUAL(pvm_upklong(&l, 1, 1), 0);
	CU_ASSERT_EQUAL(l, -5);
	CU_ASSERT_EQUAL(pvm_upkfloat(&f, 1, 1), 0);
	CU_ASSERT_EQUAL(f, 1.5f);
	pvm_freebuf(b->mid);

	data = malloc(sizeof be64);
	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	memcpy(data, be64, sizeof be64);
	b = lpvm_buf_adopt(data, sizeof be64, PVM_FRAME_ENC_RAW | PVM_FRAME_BE,
	    0x80001, 1, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	pvm_setrbuf(b->mid);
	CU_ASSERT_EQUAL(pvm_upklong(&l, 1, 1), 0);
	CU_ASSERT_EQUAL(l, -7);
	CU_ASSERT_EQUAL(pvm_upkushort(&us, 1, 1), 0);
	CU_ASSERT_EQUAL(us, 1);
	CU_ASSERT_EQUAL(pvm_upkushort(&us, 1, 1), PvmNoData);
	pvm_freebuf(b->mid);

	/* Formats that cannot be decoded. */
	CU_ASSERT_EQUAL(lpvm_buf_format(PVM_FRAME_ENC_RAW, &enc, &big, &lsz),
	    LPVM_FMT_BAD);
	CU_ASSERT_EQUAL(lpvm_buf_format(PVM_FRAME_ENC_RAW | PVM_FRAME_LE64 |
	    PVM_FRAME_BE, &enc, &big, &lsz), LPVM_FMT_BAD);
	CU_ASSERT_EQUAL(lpvm_buf_format(0x7f, &enc, &big, &lsz),
	    LPVM_FMT_BAD);
	CU_ASSERT_EQUAL(enc, LPVM_ENC_FOREIGN);
	CU_ASSERT_EQUAL(lpvm_buf_format(LPVM_WFLAGS_NATIVE, &enc, &big,
	    &lsz), LPVM_FMT_NATIVE);
	CU_ASSERT_EQUAL(enc, PvmDataRaw);
	data = malloc(4);
	CU_ASSERT_PTR_NOT_NULL_FATAL(data);
	memset(data, 0, 4);
	b = lpvm_buf_adopt(data, 4, PVM_FRAME_ENC_RAW, 0x80001, 1, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	pvm_setrbuf(b->mid);
	CU_ASSERT_EQUAL(pvm_upkint(&v, 1, 1), PvmBadMsg);
	pvm_freebuf(b->mid);
}

/* Register the suite of the buffer and encoder modules. */
void
test_pack_register(void)
{
	CU_pSuite	s;

	s = CU_add_suite("pack", pack_init, pack_clean);
	CU_add_test(s, "round trip all types", test_pack_roundtrip);
	CU_add_test(s, "strings", test_pack_strings);
	CU_add_test(s, "XDR byte layout", test_pack_xdr_layout);
	CU_add_test(s, "negative longs", test_pack_neg_long);
	CU_add_test(s, "raw layout", test_pack_raw_layout);
	CU_add_test(s, "in place", test_pack_inplace);
	CU_add_test(s, "in place order", test_pack_inplace_order);
	CU_add_test(s, "errors", test_pack_errors);
	CU_add_test(s, "buffer table", test_pack_buffers);
	CU_add_test(s, "adopt received body", test_pack_adopt);
	CU_add_test(s, "hostile strings", test_pack_adopt_hostile);
	CU_add_test(s, "packf", test_pack_packf);
	CU_add_test(s, "large messages", test_pack_large);
	CU_add_test(s, "native PvmDataDefault", test_pack_native_default);
	CU_add_test(s, "other data formats", test_pack_other_format);
}
