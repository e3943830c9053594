/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * The message mailbox: pvm_putinfo, pvm_recvinfo, pvm_delinfo,
 * pvm_getmboxinfo and the PVM 3.3 calls pvm_insert, pvm_lookup and
 * pvm_delete.  Each call is one MBOX request to the pvmd, which passes it
 * to the master pvmd where the mailbox lives.  An entry holds a copy of
 * a packed buffer (bytes and encoding); pvm_recvinfo makes a new buffer
 * from it.  PvmMboxWaitForInfo simply waits for the reply, which the
 * master sends once a matching entry is put.
 *
 * PvmNoReset (pvm_setopt) is kept in the mailbox too, as PVM does: a task
 * that sets it puts a non-persistent entry holding its TID in the class
 * PVMNORESETCLASS (gone when it exits or clears the option), and
 * pvm_getnoresets lists the owners of that class.
 */

#include <sys/types.h>
#include <sys/uio.h>

#include <arpa/inet.h>

#include <stdlib.h>
#include <string.h>

#include "lpvm.h"

static int	mbox_name_ok(const char *);
static int	mbox_rpc(Pvm__MboxRequest *, Pvm__MboxReply **);
static int	mbox_get(const char *, int, int, int *, int *);
static int	mbox_del(const char *, int, int);
static void	mbox_info_free(void);

/* The last pvm_getmboxinfo answer, freed by the next call. */
static struct pvmmboxinfo	*mbox_info;
static int			 mbox_ninfo;

/* Whether name can be a class name. */
static int
mbox_name_ok(const char *name)
{
	return (name != NULL &&
	    strnlen(name, PVM_MBOX_NAME_MAX + 1) <= PVM_MBOX_NAME_MAX);
}

/*
 * Send req and wait for the MBOX_REPLY.  Returns its code (>= 0) with
 * *repp set (free with wire_ctl_free), or a PVM error with *repp NULL.
 */
static int
mbox_rpc(Pvm__MboxRequest *req, Pvm__MboxReply **repp)
{
	ProtobufCMessage	*m;
	int			 cc;

	*repp = NULL;
	if ((cc = lpvm_enroll()) != 0)
		return (cc);
	if ((cc = lpvm_rpc(PVM_MSG_MBOX, &req->base, PVM_MSG_MBOX_REPLY,
	    &m)) != 0)
		return (cc);
	*repp = (Pvm__MboxReply *)m;
	if ((*repp)->code < 0) {
		cc = (*repp)->code;
		wire_ctl_free(m);
		*repp = NULL;
		return (cc);
	}
	return ((*repp)->code);
}

/*
 * Store a copy of buffer mid in the mailbox under name, as flags say
 * (PvmMboxDefault, PvmMboxPersistent, PvmMboxMultiInstance,
 * PvmMboxOverWritable, PvmMboxDirectIndex(i)).  Returns the entry's
 * index, or PvmBadParam, PvmNoSuchBuf, PvmExists, PvmDenied, PvmOutOfRes,
 * PvmNoMem, PvmSysErr.
 */
int
pvm_putinfo(char *name, int mid, int flags)
{
	Pvm__MboxRequest	 req = PVM__MBOX_REQUEST__INIT;
	Pvm__MboxReply		*rep;
	struct lpvm_buf		*b;
	struct iovec		*iov;
	uint32_t		 wflags;
	size_t			 total, off;
	uint8_t			*data;
	int			 cc, i, niov;

	if (!mbox_name_ok(name) || mid <= 0 || flags < 0)
		return (lpvm_err(PvmBadParam, "pvm_putinfo"));
	if ((b = lpvm_buf_get(mid)) == NULL)
		return (lpvm_err(PvmNoSuchBuf, "pvm_putinfo"));
	if ((cc = lpvm_buf_iov(b, &iov, &niov, &total, &wflags)) != 0)
		return (lpvm_err(cc, "pvm_putinfo"));
	if (total > PVM_MBOX_DATA_MAX)
		return (lpvm_err(PvmOutOfRes, "pvm_putinfo"));
	if ((data = malloc(total == 0 ? 1 : total)) == NULL)
		return (lpvm_err(PvmNoMem, "pvm_putinfo"));
	for (off = 0, i = 0; i < niov; i++) {
		memcpy(data + off, iov[i].iov_base, iov[i].iov_len);
		off += iov[i].iov_len;
	}
	req.op = PVM_MBOX_PUT;
	req.name = name;
	req.flags = flags;
	req.enc = wflags;
	req.data.data = data;
	req.data.len = total;
	cc = mbox_rpc(&req, &rep);
	free(data);
	if (rep != NULL)
		wire_ctl_free(&rep->base);
	return (lpvm_err(cc, "pvm_putinfo"));
}

/*
 * Fetch <name, index>: a new buffer with a copy of the entry.  Returns
 * the buffer's mid, or an error; *indexp (if not NULL) gets the index
 * found and *ownerp (if not NULL) the owner.
 */
static int
mbox_get(const char *name, int index, int flags, int *indexp, int *ownerp)
{
	Pvm__MboxRequest	 req = PVM__MBOX_REQUEST__INIT;
	Pvm__MboxReply		*rep;
	struct lpvm_buf		*b;
	uint8_t			*data;
	int			 cc;

	if (!mbox_name_ok(name) || index < 0 || flags < 0)
		return (PvmBadParam);
	req.op = PVM_MBOX_GET;
	req.name = (char *)name;
	req.index = index;
	req.flags = flags;
	if ((cc = mbox_rpc(&req, &rep)) < 0)
		return (cc);
	if (indexp != NULL)
		*indexp = cc;
	if (ownerp != NULL)
		*ownerp = rep->owner;
	if ((data = malloc(rep->data.len == 0 ? 1 : rep->data.len)) == NULL) {
		wire_ctl_free(&rep->base);
		return (PvmNoMem);
	}
	if (rep->data.len != 0)
		memcpy(data, rep->data.data, rep->data.len);
	b = lpvm_buf_adopt(data, rep->data.len, rep->enc, rep->owner, 0, 0);
	wire_ctl_free(&rep->base);
	if (b == NULL) {
		free(data);
		return (PvmNoMem);
	}
	return (b->mid);
}

/*
 * Fetch the entry <name, index> (PvmMboxFirstAvail: the first at or
 * above index; PvmMboxReadAndDelete: and remove it; PvmMboxWaitForInfo:
 * wait until there is one) into a new buffer, which becomes the receive
 * buffer as pvm_setrbuf would make it (the old one is not freed).
 * Returns its mid, or PvmBadParam, PvmNotFound, PvmDenied, PvmNoMem,
 * PvmSysErr.
 */
int
pvm_recvinfo(char *name, int index, int flags)
{
	int	mid;

	mid = mbox_get(name, index, flags, NULL, NULL);
	if (mid > 0)
		lpvm.rbuf = mid;
	return (lpvm_err(mid, "pvm_recvinfo"));
}

/*
 * Remove the entry <name, index>.  Returns PvmOk, or PvmBadParam,
 * PvmNotFound, PvmDenied, PvmSysErr.
 */
int
pvm_delinfo(char *name, int index, int flags)
{
	return (lpvm_err(mbox_del(name, index, flags), "pvm_delinfo"));
}

/* Remove <name, index>: PvmOk or an error. */
static int
mbox_del(const char *name, int index, int flags)
{
	Pvm__MboxRequest	 req = PVM__MBOX_REQUEST__INIT;
	Pvm__MboxReply		*rep;
	int			 cc;

	if (!mbox_name_ok(name) || index < 0)
		return (PvmBadParam);
	req.op = PVM_MBOX_DEL;
	req.name = (char *)name;
	req.index = index;
	req.flags = flags;
	cc = mbox_rpc(&req, &rep);
	if (rep != NULL)
		wire_ctl_free(&rep->base);
	return (cc < 0 ? cc : PvmOk);
}

/* Free the array of the last pvm_getmboxinfo. */
static void
mbox_info_free(void)
{
	int	i;

	for (i = 0; i < mbox_ninfo; i++) {
		free(mbox_info[i].mi_name);
		free(mbox_info[i].mi_indices);
		free(mbox_info[i].mi_owners);
		free(mbox_info[i].mi_flags);
	}
	free(mbox_info);
	mbox_info = NULL;
	mbox_ninfo = 0;
}

/*
 * List the classes whose names match pattern (a shell glob; NULL, "" or
 * "*" match all): *nclasses gets their number and *classes an array the
 * library owns until the next call.  Returns PvmOk, or PvmBadParam,
 * PvmNoMem, PvmSysErr.
 */
int
pvm_getmboxinfo(char *pattern, int *nclasses, struct pvmmboxinfo **classes)
{
	Pvm__MboxRequest	 req = PVM__MBOX_REQUEST__INIT;
	Pvm__MboxReply		*rep;
	Pvm__MboxClass		*c;
	struct pvmmboxinfo	*mi;
	size_t			 i, n;
	int			 cc;

	if (nclasses == NULL || classes == NULL ||
	    (pattern != NULL && !mbox_name_ok(pattern)))
		return (lpvm_err(PvmBadParam, "pvm_getmboxinfo"));
	mbox_info_free();
	*nclasses = 0;
	*classes = NULL;
	req.op = PVM_MBOX_LIST;
	req.name = pattern != NULL ? pattern : (char *)"*";
	if ((cc = mbox_rpc(&req, &rep)) < 0)
		return (lpvm_err(cc, "pvm_getmboxinfo"));
	n = rep->n_classes;
	if ((mbox_info = calloc(n + 1, sizeof *mbox_info)) == NULL) {
		wire_ctl_free(&rep->base);
		return (lpvm_err(PvmNoMem, "pvm_getmboxinfo"));
	}
	for (i = 0; i < n; i++) {
		c = rep->classes[i];
		if (c->n_owners != c->n_indices || c->n_flags != c->n_indices) {
			cc = PvmDSysErr;
			break;
		}
		mi = &mbox_info[mbox_ninfo++];
		mi->mi_name = strdup(c->name != NULL ? c->name : "");
		mi->mi_nentries = (int)c->n_indices;
		mi->mi_indices = calloc(c->n_indices + 1, sizeof (int));
		mi->mi_owners = calloc(c->n_indices + 1, sizeof (int));
		mi->mi_flags = calloc(c->n_indices + 1, sizeof (int));
		if (mi->mi_name == NULL || mi->mi_indices == NULL ||
		    mi->mi_owners == NULL || mi->mi_flags == NULL) {
			cc = PvmNoMem;
			break;
		}
		memcpy(mi->mi_indices, c->indices, c->n_indices * sizeof (int));
		memcpy(mi->mi_owners, c->owners, c->n_indices * sizeof (int));
		memcpy(mi->mi_flags, c->flags, c->n_indices * sizeof (int));
	}
	wire_ctl_free(&rep->base);
	if (cc < 0) {
		mbox_info_free();
		return (lpvm_err(cc, "pvm_getmboxinfo"));
	}
	*nclasses = mbox_ninfo;
	*classes = mbox_info;
	return (PvmOk);
}

/*
 * PVM 3.3: store the integer data at <name, index>, or at the first free
 * index if index is -1.  Returns the index, or PvmBadParam, PvmDupEntry.
 */
int
pvm_insert(char *name, int index, int data)
{
	Pvm__MboxRequest	 req = PVM__MBOX_REQUEST__INIT;
	Pvm__MboxReply		*rep;
	uint32_t		 v = htonl((uint32_t)data);
	int			 cc;

	if (!mbox_name_ok(name) || index < -1)
		return (lpvm_err(PvmBadParam, "pvm_insert"));
	req.op = PVM_MBOX_INSERT;
	req.name = name;
	req.index = index;
	req.enc = PVM_FRAME_ENC_XDR;
	req.data.data = (uint8_t *)&v;
	req.data.len = sizeof v;
	cc = mbox_rpc(&req, &rep);
	if (rep != NULL)
		wire_ctl_free(&rep->base);
	return (lpvm_err(cc, "pvm_insert"));
}

/*
 * PVM 3.3: fetch the integer at <name, index>, or at the first index in
 * use if index is -1, into *datap.  Returns the index, or PvmBadParam,
 * PvmNoEntry.
 */
int
pvm_lookup(char *name, int index, int *datap)
{
	struct lpvm_buf	*b;
	int		 mid, found = 0, cc = 0;

	if (index < -1)
		return (lpvm_err(PvmBadParam, "pvm_lookup"));
	mid = mbox_get(name, index == -1 ? 0 : index,
	    index == -1 ? PvmMboxFirstAvail : PvmMboxDefault, &found, NULL);
	if (mid < 0)
		return (lpvm_err(mid, "pvm_lookup"));
	b = lpvm_buf_get(mid);
	if (datap != NULL && b != NULL)
		cc = lpvm_unpack(b, LPVM_INT, datap, 1, 1);
	lpvm_buf_free(b);
	if (cc < 0)
		return (lpvm_err(PvmBadParam, "pvm_lookup"));
	return (found);
}

/*
 * PVM 3.3: remove the entry <name, index>.  Returns PvmOk, or
 * PvmBadParam, PvmNoEntry, PvmDenied.
 */
int
pvm_delete(char *name, int index)
{
	return (lpvm_err(mbox_del(name, index, PvmMboxDefault),
	    "pvm_delete"));
}

/*
 * PvmNoReset set (on) or cleared: put or remove our entry of
 * PVMNORESETCLASS.  Returns 0 or a PVM error.
 */
int
lpvm_noreset_set(int on)
{
	static int	index = -1, owner;
	int		mid, old, cc;

	if (index >= 0 && owner != lpvm.mytid)
		index = -1;	/* an entry of an earlier enrollment */
	if (on && index < 0) {
		if ((cc = lpvm_enroll()) != 0)
			return (cc);
		if ((mid = pvm_mkbuf(PvmDataDefault)) < 0)
			return (mid);
		old = pvm_setsbuf(mid);
		cc = pvm_pkint(&lpvm.mytid, 1, 1);
		(void)pvm_setsbuf(old > 0 ? old : 0);
		if (cc >= 0)
			cc = pvm_putinfo(PVMNORESETCLASS, mid,
			    PvmMboxMultiInstance);
		(void)pvm_freebuf(mid);
		if (cc < 0)
			return (cc);
		index = cc;
		owner = lpvm.mytid;
	} else if (!on && index >= 0) {
		cc = mbox_del(PVMNORESETCLASS, index, 0);
		index = -1;
		if (cc < 0 && cc != PvmNotFound)
			return (cc);
	}
	return (0);
}

/*
 * The tasks that set PvmNoReset: *tids points to an array of *ntids
 * TIDs that the library owns (valid until the next call).  Returns 0 or
 * a PVM error.  Like pvm_getmboxinfo, it frees the array that call
 * returned last.
 */
int
pvm_getnoresets(int **tids, int *ntids)
{
	static int		*list;
	struct pvmmboxinfo	*mi;
	int			 n, i, k, cc, cnt = 0;

	if (tids == NULL || ntids == NULL)
		return (lpvm_err(PvmBadParam, "pvm_getnoresets"));
	if ((cc = pvm_getmboxinfo(PVMNORESETCLASS, &n, &mi)) < 0)
		return (lpvm_err(cc, "pvm_getnoresets"));
	for (i = 0; i < n; i++) {
		if (strcmp(mi[i].mi_name, PVMNORESETCLASS) == 0)
			cnt += mi[i].mi_nentries;
	}
	free(list);
	if ((list = calloc(cnt + 1, sizeof *list)) == NULL)
		return (lpvm_err(PvmNoMem, "pvm_getnoresets"));
	cnt = 0;
	for (i = 0; i < n; i++) {
		if (strcmp(mi[i].mi_name, PVMNORESETCLASS) != 0)
			continue;
		for (k = 0; k < mi[i].mi_nentries; k++) {
			if (mi[i].mi_owners[k] != 0)
				list[cnt++] = mi[i].mi_owners[k];
		}
	}
	*tids = list;
	*ntids = cnt;
	return (PvmOk);
}
