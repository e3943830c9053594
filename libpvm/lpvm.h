/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * libpvm internal header: the state of the task, message buffers, the
 * daemon link.  Nothing here is installed.  Non-static names are lpvm_*
 * so that the export regex (^pvm_) never lets them out of the library.
 * libpvm never exits or aborts: every failure is a PVM error code.
 */

#ifndef LPVM_H
#define LPVM_H

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/uio.h>

#include <stdint.h>
#include <stdio.h>

#include "pvm3.h"
#include "pvm-queue.h"
#include "wire.h"

#ifdef PVM_UNITTEST
#define PVM_STATIC
#else
#define PVM_STATIC static
#endif

/* Reserved context of messages the library handles itself (output). */
#define LPVM_CTX_SYSTEM		0x7ffff
#define LPVM_TAG_OUTPUT		1	/* pvm_catchout output, ctx SYSTEM */

/*
 * A piece of user memory referenced by a PvmDataInPlace buffer: at send
 * time len bytes from base are spliced into the packed stream at byte
 * offset off of data.
 */
struct lpvm_ref {
	size_t		 off;
	const void	*base;
	size_t		 len;
};

/*
 * A message buffer.  A send buffer grows data as values are packed; a
 * received buffer owns the frame body that arrived (no copy) and unpacks
 * from pos.  Only buffers on the receive queue are linked by entry.
 */
struct lpvm_buf {
	int			 mid;
	int			 enc;	/* PvmDataDefault, Raw, InPlace */
	int			 fmt;	/* LPVM_FMT_* */
	int			 fbig;	/* OTHER: big-endian sender */
	int			 flong;	/* OTHER: sender's sizeof(long) */
	uint32_t		 wflags; /* frame flags of the body */
	int			 src;	/* sender TID (received) */
	int			 tag;
	int			 ctx;
	int			 wid;	/* wait id, 0 */
	unsigned char		*data;
	size_t			 len;	/* bytes in data */
	size_t			 cap;
	size_t			 pos;	/* unpack cursor */
	struct lpvm_ref		*refs;	/* PvmDataInPlace pieces */
	int			 nrefs;
	int			 refcap;
	size_t			 reflen; /* sum of refs[].len */
	int			 queued; /* on lpvm.rxq */
	int			 flags;	/* LPVM_BUF_* */
	int			 dst;	/* pvm_setminfo */
	struct iovec		*iov;	/* lpvm_buf_iov cache, owned */
	int			 iovcap;
	TAILQ_ENTRY(lpvm_buf)	 entry;
};
#define LPVM_BUF_RECV		0x1	/* made by lpvm_buf_adopt */

/*
 * A pvm_precv that lets the incoming routes read its message straight
 * into its buffer (lpvm_chan_direct): the PVM 3.4 call whose receiver
 * names the destination before the message comes, so large messages are
 * copied once on this side.
 */
struct lpvm_direct {
	int		 tid;		/* what it takes: -1 any */
	int		 tag;
	int		 ctx;
	unsigned char	*buf;
	size_t		 cap;		/* bytes */
	size_t		 size;		/* of an item: bodies a multiple */
	int		 busy;		/* a frame is being read into buf */
	int		 done;		/* a whole frame is in buf */
	int		 src;		/* of that frame */
	int		 rtag;
	size_t		 len;
};
#define LPVM_BUF_MHF		0x2	/* given to a message handler */
TAILQ_HEAD(lpvm_bufq, lpvm_buf);

/* The task's whole library state. */
struct lpvm_state {
	int		 mytid;		/* 0 until enrolled */
	int		 ptid;		/* PvmNoParent if none */
	int		 pvmd_tid;
	int		 fd;		/* daemon link, -1 if none */
	int		 sbuf;		/* current send buffer mid, 0 none */
	int		 rbuf;		/* current receive buffer mid */
	int		 ctx;		/* current context */
	uint32_t	 nextreq;	/* last reqid used */
	int		*siblings;
	int		 nsiblings;
	char		 arch[32];
	int		 dsig;

	/* pvm_setopt options */
	int		 route;		/* PvmRoute */
	int		 debugmask;
	int		 autoerr;
	int		 out_tid;	/* PvmOutputTid for children */
	int		 out_ctx;
	int		 out_tag;	/* PvmOutputCode */
	int		 trc_tid;
	int		 trc_tag;
	int		 trc_buf;
	int		 trc_opt;
	int		 fragsize;
	int		 resvtids;
	int		 self_out_tid;	/* PvmSelfOutputTid */
	int		 self_out_ctx;
	int		 self_out_tag;
	int		 self_trc_tid;
	int		 self_trc_tag;
	int		 showtids;
	int		 polltype;
	int		 polltime;
	int		 noreset;
	int		 native_default; /* one data format: no XDR */

	/* pvm_catchout */
	FILE		*catch_fp;
	int		 catch_open;	/* children whose output is open */

	/* pvm_recvf */
	int		(*matchf)(int, int, int);

	struct lpvm_bufq rxq;		/* received, not yet taken */
};

extern struct lpvm_state lpvm;

/* lpvm_buf.c: buffer table and lifetime. */
#define LPVM_BUF_MAX		(1 << 20)	/* live buffers at once */
#define LPVM_ENC_FOREIGN	(-1)		/* received, undecodable here */
/* Frame flags of a PvmDataRaw body packed by this host. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && __SIZEOF_LONG__ == 8
#define LPVM_WFLAGS_NATIVE	(PVM_FRAME_ENC_RAW | PVM_FRAME_LE64)
#elif __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define LPVM_WFLAGS_NATIVE	(PVM_FRAME_ENC_RAW | PVM_FRAME_LONG32)
#elif __SIZEOF_LONG__ == 8
#define LPVM_WFLAGS_NATIVE	(PVM_FRAME_ENC_RAW | PVM_FRAME_BE)
#else
#define LPVM_WFLAGS_NATIVE	(PVM_FRAME_ENC_RAW | PVM_FRAME_BE | \
	PVM_FRAME_LONG32)
#endif
/* How the bytes of a buffer are laid out (struct lpvm_buf fmt). */
#define LPVM_FMT_XDR		0	/* XDR */
#define LPVM_FMT_NATIVE		1	/* this host's format */
#define LPVM_FMT_OTHER		2	/* another host's: fbig, flong */
#define LPVM_FMT_BAD		3	/* unknown: cannot be unpacked */
struct lpvm_buf	*lpvm_buf_new(int);
struct lpvm_buf	*lpvm_buf_get(int);
void		 lpvm_buf_free(struct lpvm_buf *);
struct lpvm_buf	*lpvm_buf_adopt(void *, size_t, uint32_t, int, int, int);
void		*lpvm_body_alloc(size_t);
void		 lpvm_body_free(void *);
int		 lpvm_buf_iov(struct lpvm_buf *, struct iovec **, int *,
		     size_t *, uint32_t *);
void		 lpvm_buf_reset_all(void);
int		 lpvm_buf_initsend(int);
int		 lpvm_buf_reserve(struct lpvm_buf *, size_t);
int		 lpvm_buf_format(uint32_t, int *, int *, int *);
int		 lpvm_buf_flatten(struct lpvm_buf *);
size_t		 lpvm_buf_size(const struct lpvm_buf *);

/* lpvm_pack.c: the encoders used by pvm_pk and pvm_upk. */
enum lpvm_type {
	LPVM_BYTE,
	LPVM_SHORT,
	LPVM_USHORT,
	LPVM_INT,
	LPVM_UINT,
	LPVM_LONG,
	LPVM_ULONG,
	LPVM_FLOAT,
	LPVM_DOUBLE,
	LPVM_CPLX,
	LPVM_DCPLX,
	LPVM_NTYPES
};
int		 lpvm_pack(struct lpvm_buf *, int, const void *, int, int);
int		 lpvm_unpack(struct lpvm_buf *, int, void *, int, int);
int		 lpvm_pack_val(struct lpvm_buf *, int, const void *);
int		 lpvm_pack_str(struct lpvm_buf *, const char *);
int		 lpvm_unpack_str(struct lpvm_buf *, char *, size_t);

/* lpvm_conn.c: the daemon link. */
int		 lpvm_enroll(void);
int		 lpvm_noreset_set(int);
int		 lpvm_send_frame(int, uint32_t, uint32_t, int, int, int,
		     const struct iovec *, int);
int		 lpvm_send_data(int, int, int, struct lpvm_buf *);
int64_t		 lpvm_now_us(void);
static inline int64_t
lpvm_now_ms(void)
{
	return (lpvm_now_us() / 1000);
}
int		 lpvm_send_iov(int, int, int, uint32_t, const struct iovec *,
		     int, size_t);
int		 lpvm_rpc(int, const ProtobufCMessage *, int,
		     ProtobufCMessage **);
int		 lpvm_pump(int);
void		 lpvm_disconnect(void);
void		 lpvm_conn_reset(void);
int		 lpvm_conn_bye(void);
int		 lpvm_conn_fd(void);
int		 lpvm_conn_alive(void);
/* direct routes */
struct lpvm_chan;
int		 lpvm_conn_take_fds(int *, int);
int		 lpvm_conn_wait_tx(struct lpvm_chan *);
ssize_t		 lpvm_conn_recv(int, void *, size_t);
int		 lpvm_sendv(int, uint8_t *, const struct iovec *, int, int,
		     int (*)(void *), void *);
/* lpvm_sendv: the socket failed. */
#define LPVM_SENDV_BROKEN	1
int		 lpvm_conn_take_rfds(int *, int);

/* lpvm_chan.c: direct routes (shared-memory rings) to tasks. */
int		 lpvm_chan_send(int, int, int, uint32_t, const struct iovec *,
		     int, size_t);
int		 lpvm_chan_tx_ready(struct lpvm_chan *);
void		 lpvm_chan_tx_sleep(struct lpvm_chan *, int);
int		 lpvm_chan_input(void);
int		 lpvm_chan_rx_pending(void);
int		 lpvm_chan_spin(struct lpvm_chan *);
int		 lpvm_chan_tcp(struct lpvm_chan *);
void		 lpvm_chan_rx_sleep(int);
int		 lpvm_chan_bell(void);
void		 lpvm_chan_bell_drain(void);
int		 lpvm_chan_notice(int, const unsigned char *, size_t, int *,
		     int);
void		 lpvm_chan_reset(void);
int		 lpvm_chan_flush(int);
int		 lpvm_chan_direct(struct lpvm_direct *);
int		 lpvm_msg_match(int, int, const struct lpvm_buf *);
int		 lpvm_msg_queued(int, int);
int		 lpvm_chan_ckpt(int *, int);
struct pollfd	*lpvm_chan_pollset(int, struct lpvm_chan *, int *);
void		 lpvm_chan_polldone(struct pollfd *, int, struct lpvm_chan *);

/* lpvm_ckpt.c: checkpoint of the task by itself. */
void		 lpvm_ckpt_init(int);
void		 lpvm_ckpt_enter(void);
void		 lpvm_ckpt_leave(void);
void		 lpvm_ckpt_safepoint(void);
void		 lpvm_ckpt_order(uint32_t);
int		 lpvm_ckpt_eof(void);
size_t		 lpvm_ckpt_unstash(void *, size_t);
int		 lpvm_ckpt_stash_put(const void *, size_t);
size_t		 lpvm_ckpt_stash_len(void);
void		 lpvm_ckpt_stash_trunc(size_t);

/* lpvm_msg.c: sending and receiving. */
int		 lpvm_tid_valid(int);

/* lpvm_mhf.c: message handlers (pvm_addmhf), run by receive calls. */
int		 lpvm_mhf_match(const struct lpvm_buf *);
int		 lpvm_mhf_takes(int, int, int);
void		 lpvm_mhf_run(void);

/* lpvm_host.c: pvm_addhosts progress reports. */
void		 lpvm_host_progress(const unsigned char *, size_t);

/* lpvm_err.c: errors. */
int		 lpvm_err(int, const char *);

/*
 * Names outside pvm_* that PVM 3.4.6's libpvm3.so.3 exports and that
 * programs use (Debian's starter example calls pvmsleep); exported too.
 */
int		 pvmsleep(int);
/* lpvm_compat.c, lpvm_mhf.c: more of them (PVM's own examples use them). */
extern int	 pvmdebmask;
int		 lpvmerr(char *, int);
struct timeval;
int		 pvmgetclock(struct timeval *);
void		 pvmdisplaymhfinfo(char *, char *, int);

#endif /* LPVM_H */
