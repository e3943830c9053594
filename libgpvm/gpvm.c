/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * libgpvm3: dynamic groups.  The group table lives in the master pvmd;
 * each membership call is one GROUP request, made through the one
 * request primitive libpvm3 exports for us, pvm_grp_rpc_ (lpvm_group.h).
 * A barrier is one GROUP request to our own pvmd, which runs it with the
 * other pvmds in a tree (pvmd/group_tree.c).  pvm_bcast, pvm_reduce,
 * pvm_gather and pvm_scatter ask for the members and then use pvm_mcast,
 * pvm_psend and pvm_precv, which leave the caller's active buffers alone.
 *
 * Frozen groups cannot change but by breaking (a member leaving makes
 * them defunct), so, as PVM 3.4's library does for static groups, the
 * members of a frozen group are kept here once asked for (gpvm_members):
 * pvm_getinst, pvm_gettid, pvm_gsize and the collectives then ask the
 * master nothing.  The copy is dropped when this task leaves or joins the
 * group, a barrier or freeze says it is gone or defunct, or this task
 * is enrolled again.
 *
 * pvm_bcast sends from the calling task, one ordinary message per
 * member, by the same route as pvm_send: so a broadcast from A never
 * overtakes an earlier pvm_send from A to a member, whatever route
 * (daemons, direct links, shared memory) the pair uses.  A copy per
 * host relayed by the pvmds would cost the sender less but could
 * overtake messages of a direct route; the barrier, which carries no
 * user data, is the collective that goes through the daemon tree.  The
 * reduction functions PvmMax, PvmMin, PvmSum and PvmProduct are pure.
 *
 * This library sees only the public API of libpvm3 (lpvm_err is not
 * exported), so failures are reported here the way lpvm_err() does it:
 * pvm_errno, then PvmAutoErr through pvm_getopt() and pvm_perror().
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pvm3.h"
#include "pvm-protocol.h"
#include "lpvm_group.h"

/* Most members a collective call handles (pvm-protocol.h's limit). */
#define GPVM_MAX_MEMBERS	PVM_GROUP_SIZE_MAX

/* A reduce, gather or scatter being run. */
struct gpvm_coll {
	int	*tids;		/* members, instance order */
	int	 n;
	int	 roottid;
	int	 isroot;
	size_t	 size;		/* bytes of one item */
};

/* The members of a group in instance order, kept if it is frozen. */
struct gpvm_group {
	char			*name;
	int			*tids;		/* n TIDs, then n instances */
	int			 n;
	int			 kept;		/* in gpvm_kept: do not free */
	int			 owner;		/* our TID when it was kept */
	struct gpvm_group	*next;
};

static struct gpvm_group	*gpvm_kept;

static int	gpvm_rpc(int, const char *, int);
static int	gpvm_members(const char *, struct gpvm_group **);
static struct gpvm_group *gpvm_find(const char *);
static void	gpvm_forget(const char *);
static void	gpvm_release(struct gpvm_group *);
static int	gpvm_ret(int, const char *);
static size_t	gpvm_size(int);
static int	gpvm_coll(struct gpvm_coll *, void *, int, int, int,
		    const char *, int);
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

/* Join group; returns the caller's instance number. */
int
pvm_joingroup(char *group)
{
	gpvm_forget(group);
	return (gpvm_ret(gpvm_rpc(PVM_GROUP_JOIN, group, 0),
	    "pvm_joingroup"));
}

/* Leave group; returns 0. */
int
pvm_lvgroup(char *group)
{
	gpvm_forget(group);
	return (gpvm_ret(gpvm_rpc(PVM_GROUP_LEAVE, group, 0),
	    "pvm_lvgroup"));
}

/* Instance number of task tid in group. */
int
pvm_getinst(char *group, int tid)
{
	struct gpvm_group	*g;
	int			 i;

	if ((g = gpvm_find(group)) != NULL) {
		for (i = 0; i < g->n; i++) {
			if (g->tids[i] == tid)
				return (g->tids[g->n + i]);
		}
		return (gpvm_err(PvmNotInGroup, "pvm_getinst"));
	}
	return (gpvm_ret(gpvm_rpc(PVM_GROUP_GETINST, group, tid),
	    "pvm_getinst"));
}

/* TID of instance inst of group. */
int
pvm_gettid(char *group, int inst)
{
	struct gpvm_group	*g;
	int			 i;

	if ((g = gpvm_find(group)) != NULL) {
		for (i = 0; i < g->n; i++) {
			if (g->tids[g->n + i] == inst)
				return (g->tids[i]);
		}
		return (gpvm_err(PvmNoInst, "pvm_gettid"));
	}
	return (gpvm_ret(gpvm_rpc(PVM_GROUP_GETTID, group, inst),
	    "pvm_gettid"));
}

/* Number of members of group. */
int
pvm_gsize(char *group)
{
	struct gpvm_group	*g;

	if ((g = gpvm_find(group)) != NULL)
		return (g->n);
	return (gpvm_ret(gpvm_rpc(PVM_GROUP_SIZE, group, 0), "pvm_gsize"));
}

/*
 * Freeze group once size members (-1: its current size) called this;
 * it waits for them.  Returns 0.
 */
int
pvm_freezegroup(char *group, int size)
{
	int	cc;

	if (size < 1 && size != -1)
		return (gpvm_err(PvmBadParam, "pvm_freezegroup"));
	if ((cc = gpvm_rpc(PVM_GROUP_FREEZE, group, size)) == PvmNoGroup)
		gpvm_forget(group);
	return (gpvm_ret(cc, "pvm_freezegroup"));
}

/* Wait until count members (-1: all) of group reach the barrier. */
int
pvm_barrier(char *group, int count)
{
	int	cc;

	if (count < 1 && count != -1)
		return (gpvm_err(PvmBadParam, "pvm_barrier"));
	if ((cc = gpvm_rpc(PVM_GROUP_BARRIER, group, count)) == PvmNoGroup)
		gpvm_forget(group);	/* gone, or frozen and defunct */
	return (gpvm_ret(cc, "pvm_barrier"));
}

/*
 * Send the active send buffer with msgtag to every member of group but
 * the caller, as the group is now (one multicast).  Returns 0.
 */
int
pvm_bcast(char *group, int msgtag)
{
	struct gpvm_group	*g;
	int			*tids, i, k, me, cc;

	if ((cc = gpvm_members(group, &g)) < 0)
		return (gpvm_err(cc, "pvm_bcast"));
	if ((tids = calloc(g->n + 1, sizeof *tids)) == NULL) {
		gpvm_release(g);
		return (gpvm_err(PvmNoMem, "pvm_bcast"));
	}
	me = pvm_mytid();
	for (i = k = 0; i < g->n; i++) {
		if (g->tids[i] != me)
			tids[k++] = g->tids[i];
	}
	gpvm_release(g);
	cc = k > 0 ? pvm_mcast(tids, k, msgtag) : 0;
	free(tids);
	return (gpvm_ret(cc, "pvm_bcast"));
}

/*
 * Reduce: the root (instance root) receives every other member's count
 * items of datatype and combines them into its own data with fn; the
 * other members send theirs and return at once.  Returns 0.
 */
int
pvm_reduce(void (*fn)(int *, void *, void *, int *, int *), void *data,
    int count, int datatype, int msgtag, char *group, int root)
{
	struct gpvm_coll	 c;
	void			*tmp;
	int			 i, cc, info, type = datatype, num = count;

	if (fn == NULL)
		return (gpvm_err(PvmBadParam, "pvm_reduce"));
	if ((cc = gpvm_coll(&c, data, count, datatype, msgtag, group,
	    root)) < 0)
		return (gpvm_err(cc, "pvm_reduce"));
	if (!c.isroot) {
		cc = pvm_psend(c.roottid, msgtag, data, count, datatype);
		free(c.tids);
		return (gpvm_ret(cc, "pvm_reduce"));
	}
	if ((tmp = malloc(c.size * (size_t)count + 1)) == NULL) {
		free(c.tids);
		return (gpvm_err(PvmNoMem, "pvm_reduce"));
	}
	for (i = 0; i < c.n && cc >= 0; i++) {
		if (c.tids[i] == c.roottid)
			continue;
		cc = pvm_precv(c.tids[i], msgtag, tmp, count, datatype, NULL,
		    NULL, NULL);
		if (cc < 0)
			break;
		info = 0;
		fn(&type, data, tmp, &num, &info);
		if (info < 0)
			cc = info;
	}
	free(tmp);
	free(c.tids);
	return (gpvm_ret(cc < 0 ? cc : 0, "pvm_reduce"));
}

/*
 * Gather: the root receives count items of datatype from each member
 * into result, the k-th member (instance order; the instance itself
 * when the instances have no gaps) at offset k * count.  The other
 * members send data and return at once.  Returns 0.
 */
int
pvm_gather(void *result, void *data, int count, int datatype, int msgtag,
    char *group, int root)
{
	struct gpvm_coll	 c;
	char			*out = result;
	int			 i, cc;

	if ((cc = gpvm_coll(&c, data, count, datatype, msgtag, group,
	    root)) < 0)
		return (gpvm_err(cc, "pvm_gather"));
	if (!c.isroot) {
		cc = pvm_psend(c.roottid, msgtag, data, count, datatype);
		free(c.tids);
		return (gpvm_ret(cc, "pvm_gather"));
	}
	if (result == NULL) {
		free(c.tids);
		return (gpvm_err(PvmBadParam, "pvm_gather"));
	}
	for (i = 0; i < c.n && cc >= 0; i++) {
		if (c.tids[i] == c.roottid)
			memcpy(out + (size_t)i * c.size * count, data,
			    c.size * count);
		else
			cc = pvm_precv(c.tids[i], msgtag,
			    out + (size_t)i * c.size * count, count,
			    datatype, NULL, NULL, NULL);
	}
	free(c.tids);
	return (gpvm_ret(cc < 0 ? cc : 0, "pvm_gather"));
}

/*
 * Scatter: the root sends count items of datatype from data to each
 * member, the k-th member (instance order) getting those at offset
 * k * count; every member, the root included, gets its part in result.
 * Returns 0.
 */
int
pvm_scatter(void *result, void *data, int count, int datatype,
    int msgtag, char *group, int root)
{
	struct gpvm_coll	 c;
	char			*in = data;
	int			 i, cc;

	if ((cc = gpvm_coll(&c, result, count, datatype, msgtag, group,
	    root)) < 0)
		return (gpvm_err(cc, "pvm_scatter"));
	if (!c.isroot) {
		cc = pvm_precv(c.roottid, msgtag, result, count, datatype,
		    NULL, NULL, NULL);
		free(c.tids);
		return (gpvm_ret(cc < 0 ? cc : 0, "pvm_scatter"));
	}
	if (data == NULL) {
		free(c.tids);
		return (gpvm_err(PvmBadParam, "pvm_scatter"));
	}
	for (i = 0; i < c.n && cc >= 0; i++) {
		if (c.tids[i] == c.roottid)
			memcpy(result, in + (size_t)i * c.size * count,
			    c.size * count);
		else
			cc = pvm_psend(c.tids[i], msgtag,
			    in + (size_t)i * c.size * count, count, datatype);
	}
	free(c.tids);
	return (gpvm_ret(cc < 0 ? cc : 0, "pvm_scatter"));
}

/*
 * One group request through libpvm3 (lpvm_group.h).  Returns its result
 * or a PVM error code.
 */
static int
gpvm_rpc(int op, const char *group, int arg)
{
	return (pvm_grp_rpc_(op, group, arg, NULL, NULL));
}

/*
 * The kept members of group if it is frozen and kept for this
 * enrollment, else NULL (a kept copy of an earlier enrollment is
 * dropped).
 */
static struct gpvm_group *
gpvm_find(const char *group)
{
	struct gpvm_group	*g;

	if (group == NULL)
		return (NULL);
	for (g = gpvm_kept; g != NULL; g = g->next) {
		if (strcmp(g->name, group) == 0)
			break;
	}
	if (g != NULL && g->owner != pvm_mytid()) {
		gpvm_forget(group);
		g = NULL;
	}
	return (g);
}

/* Drop the kept copy of group, if any. */
static void
gpvm_forget(const char *group)
{
	struct gpvm_group	**gp, *g;

	if (group == NULL)
		return;
	for (gp = &gpvm_kept; (g = *gp) != NULL; gp = &g->next) {
		if (strcmp(g->name, group) == 0) {
			*gp = g->next;
			free(g->tids);
			free(g->name);
			free(g);
			return;
		}
	}
}

/* Done with g from gpvm_members: freed unless it is kept. */
static void
gpvm_release(struct gpvm_group *g)
{
	if (g == NULL || g->kept)
		return;
	free(g->tids);
	free(g->name);
	free(g);
}

/*
 * The members of group with their instances in *gp (give it back with
 * gpvm_release): the kept copy of a frozen group, else asked of the
 * master (one MEMBERS request) and kept if the group is frozen.  Returns
 * 0 or a PVM error.
 */
static int
gpvm_members(const char *group, struct gpvm_group **gp)
{
	struct gpvm_group	*g;
	int			*tids, n, cc;

	*gp = NULL;
	if ((g = gpvm_find(group)) != NULL) {
		*gp = g;
		return (0);
	}
	cc = pvm_grp_rpc_(PVM_GROUP_MEMBERS, group, 0, &tids, &n);
	if (cc < 0)
		return (cc);
	if (tids == NULL)
		return (PvmNoMem);
	if ((g = calloc(1, sizeof *g)) == NULL ||
	    (g->name = strdup(group)) == NULL) {
		free(g);
		free(tids);
		return (PvmNoMem);
	}
	g->tids = tids;
	g->n = n;
	if (cc == PVM_GROUP_FROZEN) {
		g->kept = 1;
		g->owner = pvm_mytid();
		g->next = gpvm_kept;
		gpvm_kept = g;
	}
	*gp = g;
	return (0);
}

/* code if >= 0, else the failure of fn, as gpvm_err records it. */
static int
gpvm_ret(int code, const char *fn)
{
	return (code < 0 ? gpvm_err(code, fn) : code);
}

/* Bytes of one item of datatype, or 0 for PVM_STR and unknown types. */
static size_t
gpvm_size(int datatype)
{
	switch (datatype) {
	case PVM_BYTE:
		return (1);
	case PVM_SHORT:
	case PVM_USHORT:
		return (sizeof(short));
	case PVM_INT:
	case PVM_UINT:
		return (sizeof(int));
	case PVM_FLOAT:
		return (sizeof(float));
	case PVM_CPLX:
		return (2 * sizeof(float));
	case PVM_DOUBLE:
		return (sizeof(double));
	case PVM_DCPLX:
		return (2 * sizeof(double));
	case PVM_LONG:
	case PVM_ULONG:
		return (sizeof(long));
	default:
		return (0);
	}
}

/*
 * Set up a reduce, gather or scatter: check the arguments, find the
 * members (c->tids, free it), the root's TID and whether the caller is
 * the root.  Returns 0, or a PVM error with nothing to free.
 */
static int
gpvm_coll(struct gpvm_coll *c, void *data, int count, int datatype,
    int msgtag, const char *group, int root)
{
	struct gpvm_group	*g;
	int			 cc, me, i;

	memset(c, 0, sizeof *c);
	if (count < 1 || msgtag < 0 || data == NULL || root < 0 ||
	    (c->size = gpvm_size(datatype)) == 0 ||
	    (size_t)count > SIZE_MAX / GPVM_MAX_MEMBERS / c->size)
		return (PvmBadParam);
	if ((me = pvm_mytid()) < 0)
		return (me);
	if ((cc = gpvm_members(group, &g)) < 0)
		return (cc);
	for (i = 0; i < g->n && g->tids[i] != me; i++)
		;
	if (i == g->n)
		cc = PvmNotInGroup;
	for (i = 0; cc == 0 && i < g->n && g->tids[g->n + i] != root; i++)
		;
	if (cc == 0 && i == g->n)
		cc = PvmNoInst;
	if (cc == 0) {
		c->roottid = g->tids[i];
		if ((c->tids = calloc(g->n + 1, sizeof *c->tids)) == NULL)
			cc = PvmNoMem;
		else {
			memcpy(c->tids, g->tids, g->n * sizeof *c->tids);
			c->n = g->n;
		}
	}
	gpvm_release(g);
	if (cc != 0)
		return (cc);
	c->isroot = c->roottid == me;
	return (0);
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
