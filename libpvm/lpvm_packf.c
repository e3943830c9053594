/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * pvm_packf and pvm_unpackf: pack and unpack driven by a printf-like
 * format (man 3PVM pvm_pack):
 *
 *	format	: { text | "%+" | "%" [count] ["." stride] {h|l|u} conv }
 *	count	: digits | "*"		stride : digits | "*"
 *	conv	: c (bytes) d (int) f (float) x (complex) s (string)
 *
 * h makes d short, l makes d long, f double and x double complex, u
 * makes d unsigned.  "%+" takes an int encoding and starts a new send
 * buffer (pvm_unpackf takes the int and ignores it).  A "*" takes its
 * value from an int argument, count before stride.  Text outside
 * directives is ignored.  pvm_packf takes values (c, d and f, promoted
 * as C passes them) unless a count or stride is given, then an array
 * address; x is always an address, s a string.  pvm_unpackf always takes
 * addresses.  A count or stride given for s is ignored.
 */

#include <sys/types.h>

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "pvm3x.h"
#include "lpvm.h"

/* One parsed directive. */
struct lpvm_fmt {
	int	count;		/* -1 if none given */
	int	stride;		/* -1 if none given */
	int	cstar;		/* count is "*" */
	int	sstar;		/* stride is "*" */
	int	init;		/* "%+" */
	int	conv;		/* c d f x s */
	int	type;		/* enum lpvm_type; -1 for s */
};

static int	 lpvm_packf_num(const char **, int *);
static int	 lpvm_packf_parse(const char **, struct lpvm_fmt *);
static int	 lpvm_packf_run(const char *, va_list *, int);
static int	 lpvm_packf_value(struct lpvm_buf *, const struct lpvm_fmt *,
		     va_list *);

/* Read a decimal number of at most INT_MAX; 0, or -1 if it is larger. */
static int
lpvm_packf_num(const char **sp, int *vp)
{
	const char	*s = *sp;
	int		 v = 0;

	while (*s >= '0' && *s <= '9') {
		if (v > (INT_MAX - (*s - '0')) / 10)
			return (-1);
		v = v * 10 + (*s - '0');
		s++;
	}
	*sp = s;
	*vp = v;
	return (0);
}

/*
 * Parse the next directive at *sp, skipping text.  Returns 1 with *f
 * filled and *sp past it, 0 at the end of the format, or PvmBadParam for
 * a malformed directive.
 */
static int
lpvm_packf_parse(const char **sp, struct lpvm_fmt *f)
{
	const char	*s = *sp;
	int		 h = 0, l = 0, u = 0;

	while (*s != '\0' && *s != '%')
		s++;
	if (*s == '\0') {
		*sp = s;
		return (0);
	}
	s++;
	memset(f, 0, sizeof *f);
	f->count = f->stride = -1;
	f->type = -1;
	if (*s == '+') {
		f->init = 1;
		*sp = s + 1;
		return (1);
	}
	if (*s == '*') {
		f->cstar = 1;
		s++;
	} else if (*s >= '0' && *s <= '9') {
		if (lpvm_packf_num(&s, &f->count) != 0)
			return (PvmBadParam);
	}
	if (*s == '.') {
		s++;
		if (*s == '*') {
			f->sstar = 1;
			s++;
		} else if (*s >= '0' && *s <= '9') {
			if (lpvm_packf_num(&s, &f->stride) != 0)
				return (PvmBadParam);
		} else
			return (PvmBadParam);
	}
	for (;; s++) {
		if (*s == 'h')
			h = 1;
		else if (*s == 'l')
			l = 1;
		else if (*s == 'u')
			u = 1;
		else
			break;
	}
	f->conv = *s;
	switch (*s) {
	case 'c':
		if (h || l)
			return (PvmBadParam);
		f->type = LPVM_BYTE;
		break;
	case 'd':
		if (h && l)
			return (PvmBadParam);
		if (h)
			f->type = u ? LPVM_USHORT : LPVM_SHORT;
		else if (l)
			f->type = u ? LPVM_ULONG : LPVM_LONG;
		else
			f->type = u ? LPVM_UINT : LPVM_INT;
		break;
	case 'f':
		if (h || u)
			return (PvmBadParam);
		f->type = l ? LPVM_DOUBLE : LPVM_FLOAT;
		break;
	case 'x':
		if (h || u)
			return (PvmBadParam);
		f->type = l ? LPVM_DCPLX : LPVM_CPLX;
		break;
	case 's':
		if (h || l || u)
			return (PvmBadParam);
		break;
	default:
		return (PvmBadParam);
	}
	*sp = s + 1;
	return (1);
}

/* Pack one value argument (no count, no stride) of directive f. */
static int
lpvm_packf_value(struct lpvm_buf *buf, const struct lpvm_fmt *f,
    va_list *ap)
{
	unsigned long	 ul;
	unsigned short	 us;
	unsigned int	 ui;
	double		 d;
	float		 fl;
	short		 sh;
	long		 lv;
	char		 c;
	int		 i;

	switch (f->type) {
	case LPVM_BYTE:
		c = (char)va_arg(*ap, int);
		return (lpvm_pack_val(buf, f->type, &c));
	case LPVM_SHORT:
		sh = (short)va_arg(*ap, int);
		return (lpvm_pack_val(buf, f->type, &sh));
	case LPVM_USHORT:
		us = (unsigned short)va_arg(*ap, int);
		return (lpvm_pack_val(buf, f->type, &us));
	case LPVM_INT:
		i = va_arg(*ap, int);
		return (lpvm_pack_val(buf, f->type, &i));
	case LPVM_UINT:
		ui = va_arg(*ap, unsigned int);
		return (lpvm_pack_val(buf, f->type, &ui));
	case LPVM_LONG:
		lv = va_arg(*ap, long);
		return (lpvm_pack_val(buf, f->type, &lv));
	case LPVM_ULONG:
		ul = va_arg(*ap, unsigned long);
		return (lpvm_pack_val(buf, f->type, &ul));
	case LPVM_FLOAT:
		fl = (float)va_arg(*ap, double);
		return (lpvm_pack_val(buf, f->type, &fl));
	case LPVM_DOUBLE:
		d = va_arg(*ap, double);
		return (lpvm_pack_val(buf, f->type, &d));
	}
	return (PvmBadParam);
}

/*
 * Run a format over the arguments, packing (unpack 0) into the current
 * send buffer or unpacking (unpack 1) from the current receive buffer.
 * Returns 0 or the PVM error code of the first directive that failed;
 * what came before it stays packed or unpacked.
 */
static int
lpvm_packf_run(const char *fmt, va_list *ap, int unpack)
{
	struct lpvm_fmt	 f;
	struct lpvm_buf	*buf;
	void		*addr;
	int		 rc, count, stride, enc;

	if (fmt == NULL)
		return (PvmBadParam);
	while ((rc = lpvm_packf_parse(&fmt, &f)) == 1) {
		if (f.init) {
			enc = va_arg(*ap, int);
			if (unpack)
				continue;
			if ((rc = lpvm_buf_initsend(enc)) < 0)
				return (rc);
			continue;
		}
		count = f.cstar ? va_arg(*ap, int) : f.count;
		stride = f.sstar ? va_arg(*ap, int) : f.stride;
		if ((f.cstar && count < 0) || (f.sstar && stride < 1) ||
		    (!f.sstar && f.stride == 0))
			return (PvmBadParam);
		buf = lpvm_buf_get(unpack ? lpvm.rbuf : lpvm.sbuf);
		if (buf == NULL)
			return (PvmNoBuf);
		if (f.conv == 's') {
			addr = va_arg(*ap, char *);
			if (unpack)
				rc = lpvm_unpack_str(buf, addr, SIZE_MAX);
			else
				rc = lpvm_pack_str(buf, addr);
		} else if (!unpack && f.conv != 'x' && count == -1 &&
		    stride == -1)
			rc = lpvm_packf_value(buf, &f, ap);
		else {
			addr = va_arg(*ap, void *);
			if (count == -1)
				count = 1;
			if (stride == -1)
				stride = 1;
			if (unpack)
				rc = lpvm_unpack(buf, f.type, addr, count,
				    stride);
			else
				rc = lpvm_pack(buf, f.type, addr, count,
				    stride);
		}
		if (rc != 0)
			return (rc);
	}
	return (rc);
}

/* Pack the arguments described by fmt into the send buffer. */
int
pvm_packf(const char *fmt, ...)
{
	va_list	ap;
	int	rc;

	va_start(ap, fmt);
	rc = pvm_vpackf(fmt, ap);
	va_end(ap);
	return (rc);
}

/* Unpack the receive buffer into the addresses described by fmt. */
int
pvm_unpackf(const char *fmt, ...)
{
	va_list	ap;
	int	rc;

	va_start(ap, fmt);
	rc = pvm_vunpackf(fmt, ap);
	va_end(ap);
	return (rc);
}

/* pvm_packf with a va_list. */
int
pvm_vpackf(const char *fmt, va_list ap)
{
	va_list	aq;
	int	rc;

	va_copy(aq, ap);
	rc = lpvm_packf_run(fmt, &aq, 0);
	va_end(aq);
	if (rc != 0)
		return (lpvm_err(rc, "pvm_packf"));
	return (PvmOk);
}

/* pvm_unpackf with a va_list. */
int
pvm_vunpackf(const char *fmt, va_list ap)
{
	va_list	aq;
	int	rc;

	va_copy(aq, ap);
	rc = lpvm_packf_run(fmt, &aq, 1);
	va_end(aq);
	if (rc != 0)
		return (lpvm_err(rc, "pvm_unpackf"));
	return (PvmOk);
}
