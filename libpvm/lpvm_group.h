/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * The one entry point libpvm3 exports for libgpvm3 (not installed, not
 * part of the API).  libgpvm3 holds the group calls, as PVM's does, but
 * only libpvm3 owns the link to the pvmd; so libpvm3 exports this one
 * request primitive.  Its name is in the pvm_ namespace (the export list
 * allows nothing else) and ends in '_' to mark it internal, as no PVM
 * call does.
 */

#ifndef LPVM_GROUP_H
#define LPVM_GROUP_H

/*
 * Send the group request op (PVM_GROUP_* of pvm-protocol.h) about group
 * to the pvmd and wait for the answer; arg is the TID (GETINST), the
 * instance (GETTID) or the count (FREEZE, BARRIER).  For PVM_GROUP_TIDS,
 * *tidsp (malloc'd, free it) gets the *ntidsp members in instance order;
 * for PVM_GROUP_MEMBERS it gets 2 * *ntidsp ints, the members in
 * instance order and then their instances, and the result is the
 * group's PVM_GROUP_FROZEN and PVM_GROUP_DEFUNCT flags.
 * Returns the result (>= 0) or a PVM error; never touches pvm_errno.
 */
__attribute__((__visibility__("default")))
int	pvm_grp_rpc_(int op, const char *group, int arg, int **tidsp,
	    int *ntidsp);

#endif /* LPVM_GROUP_H */
