/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * libgpvm3: dynamic groups.  The group calls fail with PvmNotImpl until
 * the group server exists; the reduction functions PvmMax, PvmMin, PvmSum
 * and PvmProduct are complete (they are pure).
 *
 * This library sees only the public API of libpvm3 (lpvm_err is not
 * exported), so failures are reported here the way lpvm_err() does it:
 * pvm_errno, then PvmAutoErr through pvm_getopt() and pvm_perror().
 */

#include <stdio.h>
#include <stdlib.h>

#include "pvm3.h"

static int	gpvm_err(int, const char *);
static int	gpvm_args(int *, void *, void *, int *, int *, int *);
static void	gpvm_pick(int, int, void *, const void *, int, int *);
static void	gpvm_cpick(int, int, void *, const void *, int);
static void	gpvm_sum(int, void *, const void *, int, int *);
static void	gpvm_prod(int, void *, const void *, int, int *);

/*
 * Apply EXPR element-wise: x[i] = EXPR, where EXPR sees the two operands
 * as u_ (from x) and v_ (from y), both of type T.
 */
#define GPVM_EACH(T, EXPR) do {						\
	T		*a_ = (T *)x;					\
	const T		*b_ = (const T *)y;				\
	int		 i_;						\
	for (i_ = 0; i_ < n; i_++) {					\
		T	 u_ = a_[i_], v_ = b_[i_];			\
		a_[i_] = (EXPR);					\
	}								\
} while (0)

/* Join a group (not yet). */
int
pvm_joingroup(char *group)
{
	return (gpvm_err(PvmNotImpl, "pvm_joingroup"));
}

/* Leave a group (not yet). */
int
pvm_lvgroup(char *group)
{
	return (gpvm_err(PvmNotImpl, "pvm_lvgroup"));
}

/* Instance number of a task in a group (not yet). */
int
pvm_getinst(char *group, int tid)
{
	return (gpvm_err(PvmNotImpl, "pvm_getinst"));
}

/* TID of an instance of a group (not yet). */
int
pvm_gettid(char *group, int inst)
{
	return (gpvm_err(PvmNotImpl, "pvm_gettid"));
}

/* Number of members of a group (not yet). */
int
pvm_gsize(char *group)
{
	return (gpvm_err(PvmNotImpl, "pvm_gsize"));
}

/* Freeze the membership of a group (not yet). */
int
pvm_freezegroup(char *group, int size)
{
	return (gpvm_err(PvmNotImpl, "pvm_freezegroup"));
}

/* Wait until count members reach the barrier (not yet). */
int
pvm_barrier(char *group, int count)
{
	return (gpvm_err(PvmNotImpl, "pvm_barrier"));
}

/* Send the send buffer to every other member (not yet). */
int
pvm_bcast(char *group, int msgtag)
{
	return (gpvm_err(PvmNotImpl, "pvm_bcast"));
}

/* Reduce data over the group into the root's array (not yet). */
int
pvm_reduce(void (*fn)(int *, void *, void *, int *, int *), void *data,
    int count, int datatype, int msgtag, char *group, int root)
{
	return (gpvm_err(PvmNotImpl, "pvm_reduce"));
}

/* Gather every member's data at the root (not yet). */
int
pvm_gather(void *result, void *data, int count, int datatype, int msgtag,
    char *group, int root)
{
	return (gpvm_err(PvmNotImpl, "pvm_gather"));
}

/* Scatter the root's data over the members (not yet). */
int
pvm_scatter(void *result, void *data, int count, int datatype,
    int msgtag, char *group, int root)
{
	return (gpvm_err(PvmNotImpl, "pvm_scatter"));
}

/*
 * Reduction: x[i] = the larger of x[i] and y[i], for *num elements of
 * type *datatype; complex values compare by modulus (ties keep x).
 * *info is 0, or PvmBadParam for PVM_STR or an unknown type.
 */
void
PvmMax(int *datatype, void *x, void *y, int *num, int *info)
{
	int	type, n;

	if (gpvm_args(datatype, x, y, num, info, &type) == 0) {
		n = *num;
		gpvm_pick(1, type, x, y, n, info);
	}
}

/* Reduction: x[i] = the smaller of x[i] and y[i]; see PvmMax. */
void
PvmMin(int *datatype, void *x, void *y, int *num, int *info)
{
	int	type, n;

	if (gpvm_args(datatype, x, y, num, info, &type) == 0) {
		n = *num;
		gpvm_pick(0, type, x, y, n, info);
	}
}

/*
 * Reduction: x[i] += y[i].  Integers wrap around on overflow.  *info is
 * PvmBadParam for PVM_BYTE and PVM_STR, as the man page says.
 */
void
PvmSum(int *datatype, void *x, void *y, int *num, int *info)
{
	int	type, n;

	if (gpvm_args(datatype, x, y, num, info, &type) == 0) {
		n = *num;
		gpvm_sum(type, x, y, n, info);
	}
}

/* Reduction: x[i] *= y[i] (complex product for complex types). */
void
PvmProduct(int *datatype, void *x, void *y, int *num, int *info)
{
	int	type, n;

	if (gpvm_args(datatype, x, y, num, info, &type) == 0) {
		n = *num;
		gpvm_prod(type, x, y, n, info);
	}
}

/*
 * Record a failure of the public call fn and return code, honouring
 * PvmAutoErr as libpvm's own calls do: 1 prints, 2 also leaves the
 * virtual machine and exits, 3 also aborts (the user asked for it).
 */
static int
gpvm_err(int code, const char *fn)
{
	char	where[64];
	int	mode;

	pvm_errno = code;
	mode = pvm_getopt(PvmAutoErr);
	if (mode <= 0)
		return (code);
	snprintf(where, sizeof(where), "%s()", fn);
	pvm_errno = code;	/* pvm_perror prints pvm_errno */
	pvm_perror(where);
	if (mode == 2) {
		pvm_setopt(PvmAutoErr, 0);
		pvm_exit();
		exit(code);
	}
	if (mode == 3)
		abort();
	return (code);
}

/*
 * Check the arguments of a reduction function.  Returns 0 with *type set
 * when there is work to do; otherwise -1 with *info (if any) set: 0 for
 * an empty array, PvmBadParam for missing pointers.
 */
static int
gpvm_args(int *datatype, void *x, void *y, int *num, int *info, int *type)
{
	if (num == NULL || datatype == NULL) {
		if (info != NULL)
			*info = PvmBadParam;
		return (-1);
	}
	if (*num <= 0) {
		if (info != NULL)
			*info = PvmOk;
		return (-1);
	}
	if (x == NULL || y == NULL || info == NULL) {
		if (info != NULL)
			*info = PvmBadParam;
		return (-1);
	}
	*type = *datatype;
	return (0);
}

/* Element-wise maximum (max != 0) or minimum of n values of type. */
static void
gpvm_pick(int max, int type, void *x, const void *y, int n, int *info)
{
	*info = PvmOk;
	switch (type) {
	case PVM_BYTE:
		if (max)
			GPVM_EACH(signed char, v_ > u_ ? v_ : u_);
		else
			GPVM_EACH(signed char, v_ < u_ ? v_ : u_);
		break;
	case PVM_SHORT:
		if (max)
			GPVM_EACH(short, v_ > u_ ? v_ : u_);
		else
			GPVM_EACH(short, v_ < u_ ? v_ : u_);
		break;
	case PVM_USHORT:
		if (max)
			GPVM_EACH(unsigned short, v_ > u_ ? v_ : u_);
		else
			GPVM_EACH(unsigned short, v_ < u_ ? v_ : u_);
		break;
	case PVM_INT:
		if (max)
			GPVM_EACH(int, v_ > u_ ? v_ : u_);
		else
			GPVM_EACH(int, v_ < u_ ? v_ : u_);
		break;
	case PVM_UINT:
		if (max)
			GPVM_EACH(unsigned int, v_ > u_ ? v_ : u_);
		else
			GPVM_EACH(unsigned int, v_ < u_ ? v_ : u_);
		break;
	case PVM_LONG:
		if (max)
			GPVM_EACH(long, v_ > u_ ? v_ : u_);
		else
			GPVM_EACH(long, v_ < u_ ? v_ : u_);
		break;
	case PVM_ULONG:
		if (max)
			GPVM_EACH(unsigned long, v_ > u_ ? v_ : u_);
		else
			GPVM_EACH(unsigned long, v_ < u_ ? v_ : u_);
		break;
	case PVM_FLOAT:
		if (max)
			GPVM_EACH(float, v_ > u_ ? v_ : u_);
		else
			GPVM_EACH(float, v_ < u_ ? v_ : u_);
		break;
	case PVM_DOUBLE:
		if (max)
			GPVM_EACH(double, v_ > u_ ? v_ : u_);
		else
			GPVM_EACH(double, v_ < u_ ? v_ : u_);
		break;
	case PVM_CPLX:
	case PVM_DCPLX:
		gpvm_cpick(max, type, x, y, n);
		break;
	default:
		*info = PvmBadParam;
		break;
	}
}

/*
 * Complex maximum or minimum by modulus; a tie keeps x.  Squared moduli
 * are compared in a wider type so that they cannot overflow.
 */
static void
gpvm_cpick(int max, int type, void *x, const void *y, int n)
{
	float		*fx = x;
	const float	*fy = y;
	double		*dx = x;
	const double	*dy = y;
	long double	 mx, my;
	int		 i, take;

	for (i = 0; i < n; i++) {
		if (type == PVM_CPLX) {
			mx = (double)fx[2 * i] * fx[2 * i] +
			    (double)fx[2 * i + 1] * fx[2 * i + 1];
			my = (double)fy[2 * i] * fy[2 * i] +
			    (double)fy[2 * i + 1] * fy[2 * i + 1];
		} else {
			mx = (long double)dx[2 * i] * dx[2 * i] +
			    (long double)dx[2 * i + 1] * dx[2 * i + 1];
			my = (long double)dy[2 * i] * dy[2 * i] +
			    (long double)dy[2 * i + 1] * dy[2 * i + 1];
		}
		take = max ? my > mx : my < mx;
		if (!take)
			continue;
		if (type == PVM_CPLX) {
			fx[2 * i] = fy[2 * i];
			fx[2 * i + 1] = fy[2 * i + 1];
		} else {
			dx[2 * i] = dy[2 * i];
			dx[2 * i + 1] = dy[2 * i + 1];
		}
	}
}

/*
 * Element-wise sum.  Signed integers add as unsigned, so overflow wraps
 * instead of being undefined.  A complex array is 2n reals.
 */
static void
gpvm_sum(int type, void *x, const void *y, int n, int *info)
{
	*info = PvmOk;
	switch (type) {
	case PVM_SHORT:
		GPVM_EACH(short, (short)((unsigned int)u_ + (unsigned int)v_));
		break;
	case PVM_USHORT:
		GPVM_EACH(unsigned short,
		    (unsigned short)((unsigned int)u_ + v_));
		break;
	case PVM_INT:
		GPVM_EACH(int, (int)((unsigned int)u_ + (unsigned int)v_));
		break;
	case PVM_UINT:
		GPVM_EACH(unsigned int, u_ + v_);
		break;
	case PVM_LONG:
		GPVM_EACH(long,
		    (long)((unsigned long)u_ + (unsigned long)v_));
		break;
	case PVM_ULONG:
		GPVM_EACH(unsigned long, u_ + v_);
		break;
	case PVM_FLOAT:
		GPVM_EACH(float, u_ + v_);
		break;
	case PVM_DOUBLE:
		GPVM_EACH(double, u_ + v_);
		break;
	case PVM_CPLX:
		n *= 2;
		GPVM_EACH(float, u_ + v_);
		break;
	case PVM_DCPLX:
		n *= 2;
		GPVM_EACH(double, u_ + v_);
		break;
	default:
		*info = PvmBadParam;
		break;
	}
}

/*
 * Element-wise product; integers multiply as unsigned (wrapping), complex
 * values as (a + bi)(c + di) = (ac - bd) + (ad + bc)i.
 */
static void
gpvm_prod(int type, void *x, const void *y, int n, int *info)
{
	float		*fx = x, fr;
	const float	*fy = y;
	double		*dx = x, dr;
	const double	*dy = y;
	int		 i;

	*info = PvmOk;
	switch (type) {
	case PVM_SHORT:
		GPVM_EACH(short, (short)((unsigned int)u_ * (unsigned int)v_));
		break;
	case PVM_USHORT:
		GPVM_EACH(unsigned short,
		    (unsigned short)((unsigned int)u_ * v_));
		break;
	case PVM_INT:
		GPVM_EACH(int, (int)((unsigned int)u_ * (unsigned int)v_));
		break;
	case PVM_UINT:
		GPVM_EACH(unsigned int, u_ * v_);
		break;
	case PVM_LONG:
		GPVM_EACH(long,
		    (long)((unsigned long)u_ * (unsigned long)v_));
		break;
	case PVM_ULONG:
		GPVM_EACH(unsigned long, u_ * v_);
		break;
	case PVM_FLOAT:
		GPVM_EACH(float, u_ * v_);
		break;
	case PVM_DOUBLE:
		GPVM_EACH(double, u_ * v_);
		break;
	case PVM_CPLX:
		for (i = 0; i < n; i++) {
			fr = fx[2 * i] * fy[2 * i] -
			    fx[2 * i + 1] * fy[2 * i + 1];
			fx[2 * i + 1] = fx[2 * i] * fy[2 * i + 1] +
			    fx[2 * i + 1] * fy[2 * i];
			fx[2 * i] = fr;
		}
		break;
	case PVM_DCPLX:
		for (i = 0; i < n; i++) {
			dr = dx[2 * i] * dy[2 * i] -
			    dx[2 * i + 1] * dy[2 * i + 1];
			dx[2 * i + 1] = dx[2 * i] * dy[2 * i + 1] +
			    dx[2 * i + 1] * dy[2 * i];
			dx[2 * i] = dr;
		}
		break;
	default:
		*info = PvmBadParam;
		break;
	}
}
