/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * The reduction functions of libgpvm3 (PvmMax, PvmMin, PvmSum,
 * PvmProduct): every datatype, integer wrap-around, complex values,
 * and the info codes for bad arguments.
 */

#include <sys/types.h>

#include <limits.h>
#include <string.h>

#include "pvm3.h"
#include "unit.h"

typedef void	(*redfn)(int *, void *, void *, int *, int *);

/* One vector of ints: x op y must give want, with info 0. */
struct red_int_case {
	redfn		 fn;
	int		 x[3];
	int		 y[3];
	int		 want[3];
};

static const struct red_int_case red_int_cases[] = {
	{ PvmMax, { 1, -5, 7 }, { 2, -6, 7 }, { 2, -5, 7 } },
	{ PvmMin, { 1, -5, 7 }, { 2, -6, 7 }, { 1, -6, 7 } },
	{ PvmSum, { 1, -5, INT_MAX }, { 2, -6, 1 }, { 3, -11, INT_MIN } },
	{ PvmProduct, { 3, -5, 0 }, { 4, 6, 9 }, { 12, -30, 0 } },
};

static void
test_reduce_int(void)
{
	const struct red_int_case	*c;
	int				 x[3], y[3], type, n, info;
	size_t				 i;

	for (i = 0; i < sizeof red_int_cases / sizeof red_int_cases[0];
	    i++) {
		c = &red_int_cases[i];
		memcpy(x, c->x, sizeof x);
		memcpy(y, c->y, sizeof y);
		type = PVM_INT;
		n = 3;
		info = -1;
		c->fn(&type, x, y, &n, &info);
		CU_ASSERT_EQUAL(info, 0);
		CU_ASSERT_EQUAL(memcmp(x, c->want, sizeof x), 0);
		CU_ASSERT_EQUAL(memcmp(y, c->y, sizeof y), 0);
	}
}

/* The other real types, one op each way. */
static void
test_reduce_types(void)
{
	short		 s[2] = { -3, 4 }, s2[2] = { 5, -6 };
	unsigned short	 us[2] = { 65535, 2 }, us2[2] = { 2, 3 };
	unsigned int	 ui[2] = { UINT_MAX, 7 }, ui2[2] = { 1, 8 };
	long		 l[2] = { LONG_MIN, 10 }, l2[2] = { -1, 11 };
	unsigned long	 ul[2] = { 5, 6 }, ul2[2] = { 7, 2 };
	float		 f[2] = { 1.5f, -2 }, f2[2] = { 0.5f, 3 };
	double		 d[2] = { 1e300, -1 }, d2[2] = { 2e300, -2 };
	signed char	 b[2] = { -128, 5 }, b2[2] = { 127, 4 };
	int		 type, n = 2, info;

	type = PVM_SHORT;
	PvmSum(&type, s, s2, &n, &info);
	CU_ASSERT(info == 0 && s[0] == 2 && s[1] == -2);
	type = PVM_USHORT;
	PvmSum(&type, us, us2, &n, &info);
	CU_ASSERT(info == 0 && us[0] == 1 && us[1] == 5);
	type = PVM_UINT;
	PvmMax(&type, ui, ui2, &n, &info);
	CU_ASSERT(info == 0 && ui[0] == UINT_MAX && ui[1] == 8);
	type = PVM_LONG;
	PvmMin(&type, l, l2, &n, &info);
	CU_ASSERT(info == 0 && l[0] == LONG_MIN && l[1] == 10);
	type = PVM_ULONG;
	PvmProduct(&type, ul, ul2, &n, &info);
	CU_ASSERT(info == 0 && ul[0] == 35 && ul[1] == 12);
	type = PVM_FLOAT;
	PvmSum(&type, f, f2, &n, &info);
	CU_ASSERT(info == 0 && f[0] == 2.0f && f[1] == 1.0f);
	type = PVM_DOUBLE;
	PvmMax(&type, d, d2, &n, &info);
	CU_ASSERT(info == 0 && d[0] == 2e300 && d[1] == -1);
	type = PVM_BYTE;
	PvmMax(&type, b, b2, &n, &info);
	CU_ASSERT(info == 0 && b[0] == 127 && b[1] == 5);
	/* The man page: no sum or product of bytes or strings. */
	PvmSum(&type, b, b2, &n, &info);
	CU_ASSERT_EQUAL(info, PvmBadParam);
	type = PVM_STR;
	info = 0;
	PvmMax(&type, b, b2, &n, &info);
	CU_ASSERT_EQUAL(info, PvmBadParam);
}

/* Complex: product (a + bi)(c + di), max and min by modulus. */
static void
test_reduce_complex(void)
{
	float	x[4] = { 1, 2, 3, 0 }, y[4] = { 3, 4, 0, 1 };
	double	dx[2] = { 3, 4 }, dy[2] = { 0, 6 };
	int	type = PVM_CPLX, n = 2, info, one = 1;

	PvmProduct(&type, x, y, &n, &info);
	CU_ASSERT_EQUAL(info, 0);
	/* (1 + 2i)(3 + 4i) = -5 + 10i; (3)(i) = 3i */
	CU_ASSERT(x[0] == -5 && x[1] == 10 && x[2] == 0 && x[3] == 3);
	type = PVM_DCPLX;
	PvmMax(&type, dx, dy, &one, &info);
	CU_ASSERT(info == 0 && dx[0] == 0 && dx[1] == 6);
	dx[0] = 3;
	dx[1] = 4;
	PvmMin(&type, dx, dy, &one, &info);
	CU_ASSERT(info == 0 && dx[0] == 3 && dx[1] == 4);
	PvmSum(&type, dx, dy, &one, &info);
	CU_ASSERT(info == 0 && dx[0] == 3 && dx[1] == 10);
}

/* Bad arguments set info and leave the data alone. */
static void
test_reduce_args(void)
{
	int	x[1] = { 4 }, y[1] = { 9 }, type = PVM_INT, n = 1, info;

	info = 1;
	PvmMax(&type, NULL, y, &n, &info);
	CU_ASSERT_EQUAL(info, PvmBadParam);
	info = 1;
	PvmMax(NULL, x, y, &n, &info);
	CU_ASSERT_EQUAL(info, PvmBadParam);
	n = 0;
	info = 1;
	PvmSum(&type, x, y, &n, &info);
	CU_ASSERT_EQUAL(info, 0);
	CU_ASSERT_EQUAL(x[0], 4);
	n = 1;
	type = 12345;
	PvmSum(&type, x, y, &n, &info);
	CU_ASSERT_EQUAL(info, PvmBadParam);
	CU_ASSERT_EQUAL(x[0], 4);
	PvmSum(&type, x, y, &n, NULL);		/* must not crash */
}

/* Register the reduction suite. */
void
test_reduce_register(void)
{
	CU_pSuite	s;

	s = CU_add_suite("reduce", NULL, NULL);
	CU_add_test(s, "int vectors", test_reduce_int);
	CU_add_test(s, "other types", test_reduce_types);
	CU_add_test(s, "complex", test_reduce_complex);
	CU_add_test(s, "bad arguments", test_reduce_args);
}
