/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Growing and shrinking the virtual machine: pvm_addhosts and
 * pvm_delhosts.  Both send the host names (each a host file line: a name
 * and options) in one request; the daemon answers with one result per
 * name, which goes into the caller's infos[].
 */

#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include "lpvm.h"
#include "pvm3x.h"
#include "hostfile.h"

/* Most names one request may carry (the daemon's host table size). */
#define HOST_MAX_NAMES		PVM_TID_MAX_HOST
/* Longest name: a host file line without its newline. */
#define HOST_NAME_MAXLEN	HOSTFILE_LINE_MAX

static pvm_addhosts_progress_fn host_progress_fn;

static int	host_check(char **, int);
static int	host_request(int, const char *, char **, int, int *);

/*
 * Check the caller's arguments: count names, each non-empty, no longer
 * than a host file line and without a newline.  Returns 0 or PvmBadParam.
 */
static int
host_check(char **names, int count)
{
	int	i;
	size_t	len;

	if (names == NULL || count < 1 || count > HOST_MAX_NAMES)
		return (PvmBadParam);
	for (i = 0; i < count; i++) {
		if (names[i] == NULL)
			return (PvmBadParam);
		len = strnlen(names[i], HOST_NAME_MAXLEN + 1);
		if (len == 0 || len > HOST_NAME_MAXLEN ||
		    strpbrk(names[i], "\n\r") != NULL)
			return (PvmBadParam);
	}
	return (0);
}

/*
 * Send an ADDHOSTS or DELHOSTS request for names and fill infos (if not
 * NULL) with the daemon's result per name.  Returns the number of results
 * that are not errors, or a PVM error code recorded against fn; on an
 * error infos[] is filled with that code.
 */
static int
host_request(int type, const char *fn, char **names, int count, int *infos)
{
	Pvm__HostRequest	 req = PVM__HOST_REQUEST__INIT;
	Pvm__AddHostsReply	*rep = NULL;
	ProtobufCMessage	*m;
	int			 cc, i, ok;

	if ((cc = host_check(names, count)) != 0)
		return (lpvm_err(cc, fn));
	if ((cc = lpvm_enroll()) != 0)
		return (lpvm_err(cc, fn));
	req.n_names = count;
	req.names = names;
	cc = lpvm_rpc(type, &req.base, PVM_MSG_ADDHOSTS_REPLY, &m);
	if (cc == 0) {
		rep = (Pvm__AddHostsReply *)m;
		if (rep->n_results != (size_t)count) {
			wire_ctl_free(m);
			cc = PvmDSysErr;
		}
	}
	if (cc != 0) {
		if (infos != NULL) {
			for (i = 0; i < count; i++)
				infos[i] = cc;
		}
		return (lpvm_err(cc, fn));
	}
	ok = 0;
	for (i = 0; i < count; i++) {
		if (rep->results[i] >= 0)
			ok++;
		if (infos != NULL)
			infos[i] = rep->results[i];
	}
	wire_ctl_free(m);
	return (ok);
}

/*
 * An ADDHOSTS_PROGRESS frame came for the request being waited for:
 * tell the pvm_addhosts_progress function, if any.  Malformed frames are
 * ignored.
 */
void
lpvm_host_progress(const unsigned char *body, size_t len)
{
	Pvm__AddHostsProgress	*pr;
	ProtobufCMessage	*m;
	const char		*cause;

	if (host_progress_fn == NULL)
		return;
	m = wire_ctl_unpack(PVM_MSG_ADDHOSTS_PROGRESS, body, len, &cause);
	if (m == NULL)
		return;
	pr = (Pvm__AddHostsProgress *)m;
	if (pr->index >= 0 && pr->index < HOST_MAX_NAMES)
		host_progress_fn(pr->index, pr->name, pr->text);
	wire_ctl_free(m);
}

pvm_addhosts_progress_fn
pvm_addhosts_progress(pvm_addhosts_progress_fn fn)
{
	pvm_addhosts_progress_fn	 old = host_progress_fn;

	host_progress_fn = fn;
	return (old);
}

/*
 * Add the hosts named in names[0..count-1] to the virtual machine; infos
 * (count entries, may be NULL) receives each new host's pvmd TID or an
 * error.  Returns the number of hosts added (0 if none could be) or
 * PvmBadParam, PvmSysErr, PvmNotImpl...
 */
int
pvm_addhosts(char **names, int count, int *infos)
{
	return (host_request(PVM_MSG_ADDHOSTS, "pvm_addhosts", names, count,
	    infos));
}

/*
 * Remove the hosts named in names[0..count-1] from the virtual machine;
 * infos (may be NULL) receives 0 or an error per host.  Returns the
 * number of hosts deleted, or a PVM error code.
 */
int
pvm_delhosts(char **names, int count, int *infos)
{
	return (host_request(PVM_MSG_DELHOSTS, "pvm_delhosts", names, count,
	    infos));
}
