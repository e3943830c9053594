/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * The part of the PVM 3.4 interface that later work fills in: adding and
 * deleting hosts and the hoster, resource manager,
 * tasker and tracer registrations (contexts, message handlers, whole
 * message packing and pvm_hostsync are in lpvm_ctx.c and lpvm_mhf.c).  Until then each call fails with
 * PvmNotImpl through lpvm_err(), so PvmAutoErr reports it like any other
 * failure.  The few calls that need no daemon are real here: the
 * PVM_EXPORT list and trace masks.
 */

#include <sys/types.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lpvm.h"
#include "pvm3x.h"

#define EXPORT_VAR	"PVM_EXPORT"

static int	export_valid(const char *);
static int	export_has(const char *, const char *);
static int	export_set(char *);
static int	tmask_pick(int, char **);

/* Trace masks: PVMX_TMASK_LEN - 1 '@' characters, all events off. */
static char	tmask_self[PVMX_TMASK_LEN] =
    "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@";
static char	tmask_child[PVMX_TMASK_LEN] =
    "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@";

/* Register as the machine's hoster (not yet). */
int
pvm_reg_hoster(void)
{
	return (lpvm_err(PvmNotImpl, "pvm_reg_hoster"));
}

/* Register as the machine's resource manager (not yet). */
int
pvm_reg_rm(struct pvmhostinfo **hip)
{
	return (lpvm_err(PvmNotImpl, "pvm_reg_rm"));
}

/* Register as the machine's tasker (not yet). */
int
pvm_reg_tasker(void)
{
	return (lpvm_err(PvmNotImpl, "pvm_reg_tasker"));
}

/* Register as the machine's tracer (not yet). */
int
pvm_reg_tracer(int tctx, int ttag, int octx, int otag, char *tmask,
    int tbuf, int topt)
{
	return (lpvm_err(PvmNotImpl, "pvm_reg_tracer"));
}

/* The pvmd's debugging hook (not yet). */
int
pvm_tickle(int narg, int *args, int *nres, int *res)
{
	return (lpvm_err(PvmNotImpl, "pvm_tickle"));
}

/*
 * Add name to the colon-separated PVM_EXPORT list, unless it is there.
 * Returns 0, PvmBadParam for a name that cannot be a variable name in
 * the list, or PvmNoMem.
 */
int
pvm_export(char *name)
{
	const char	*old;
	char		*new;
	int		 rc;

	if (!export_valid(name))
		return (lpvm_err(PvmBadParam, "pvm_export"));
	old = getenv(EXPORT_VAR);
	if (old == NULL || *old == '\0')
		old = NULL;
	else if (export_has(old, name))
		return (0);
	if (old == NULL)
		rc = asprintf(&new, "%s", name);
	else
		rc = asprintf(&new, "%s:%s", old, name);
	if (rc == -1)
		return (lpvm_err(PvmNoMem, "pvm_export"));
	return (export_set(new));
}

/*
 * Remove every occurrence of name (and empty items) from PVM_EXPORT.
 * Returns 0, PvmBadParam or PvmNoMem.
 */
int
pvm_unexport(char *name)
{
	const char	*old, *p, *q;
	char		*new;
	size_t		 n, len, off;

	if (!export_valid(name))
		return (lpvm_err(PvmBadParam, "pvm_unexport"));
	old = getenv(EXPORT_VAR);
	if (old == NULL || !export_has(old, name))
		return (0);
	n = strlen(name);
	len = strlen(old);
	if ((new = malloc(len + 1)) == NULL)
		return (lpvm_err(PvmNoMem, "pvm_unexport"));
	off = 0;
	for (p = old; *p != '\0'; p = (*q == ':') ? q + 1 : q) {
		if ((q = strchr(p, ':')) == NULL)
			q = p + strlen(p);
		if (q == p || ((size_t)(q - p) == n && memcmp(p, name, n) == 0))
			continue;
		if (off > 0)
			new[off++] = ':';
		memcpy(new + off, p, q - p);
		off += q - p;
	}
	new[off] = '\0';
	return (export_set(new));
}

/* Copy the trace mask of who (PvmTaskSelf or PvmTaskChild) into mask. */
int
pvm_gettmask(int who, char *mask)
{
	char	*cur;

	if (mask == NULL || tmask_pick(who, &cur) == -1)
		return (lpvm_err(PvmBadParam, "pvm_gettmask"));
	memcpy(mask, cur, PVMX_TMASK_LEN);
	return (0);
}

/* Set the trace mask of who from the NUL-terminated string mask. */
int
pvm_settmask(int who, char *mask)
{
	char	*cur;
	size_t	 n;

	if (mask == NULL || tmask_pick(who, &cur) == -1)
		return (lpvm_err(PvmBadParam, "pvm_settmask"));
	n = strnlen(mask, PVMX_TMASK_LEN);
	if (n == PVMX_TMASK_LEN)
		return (lpvm_err(PvmBadParam, "pvm_settmask"));
	memset(cur, 0, PVMX_TMASK_LEN);
	memcpy(cur, mask, n);
	return (0);
}

/* Point *cur at the mask of who; -1 if who is neither self nor child. */
static int
tmask_pick(int who, char **cur)
{
	switch (who) {
	case PvmTaskSelf:
		*cur = tmask_self;
		return (0);
	case PvmTaskChild:
		*cur = tmask_child;
		return (0);
	}
	return (-1);
}

/* A name may go in the list if it is non-empty, without ':' or '='. */
static int
export_valid(const char *name)
{
	if (name == NULL || *name == '\0')
		return (0);
	return (strpbrk(name, ":=") == NULL);
}

/* Is name one of the colon-separated items of list? */
static int
export_has(const char *list, const char *name)
{
	const char	*p, *q;
	size_t		 n;

	n = strlen(name);
	for (p = list; *p != '\0'; p = (*q == ':') ? q + 1 : q) {
		if ((q = strchr(p, ':')) == NULL)
			q = p + strlen(p);
		if ((size_t)(q - p) == n && memcmp(p, name, n) == 0)
			return (1);
	}
	return (0);
}

/* Set PVM_EXPORT to value (freed here), or unset it if value is empty. */
static int
export_set(char *value)
{
	int	rc;

	if (*value == '\0')
		rc = unsetenv(EXPORT_VAR);
	else
		rc = setenv(EXPORT_VAR, value, 1);
	free(value);
	if (rc == -1)
		return (lpvm_err(errno == ENOMEM ? PvmNoMem : PvmSysErr,
		    "pvm_export"));
	return (0);
}
