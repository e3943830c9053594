/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Direct routes between tasks of one host: one shared-memory ring per
 * ordered pair (sender -> receiver), set up by the daemon.
 *
 * The sender asks its daemon (CHAN_OPEN) on its first message to a task
 * of this host, and gets the ring and the receiver's doorbell back.  The
 * receiver gets the same ring in a CHAN_NOTICE that the daemon puts
 * behind every message the sender had sent through it, and only starts
 * reading the ring then: so messages keep their order across the change
 * of route.  Records in a ring are whole frames (header and body, as on
 * the daemon link), so a body larger than the ring streams through it.
 * The other side may be buggy: every header is decoded and checked as
 * on a socket, and a broken ring is dropped, never trusted.
 *
 * Once a ring to a task exists it carries every later message to that
 * task, whatever PvmRoute says: switching back to the daemon route could
 * overtake messages still in the ring.
 */

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lpvm.h"
#include "lpvm_ring.h"

/* Rings a task opens to others; later destinations use the daemon. */
#define CHAN_MAX_OUT		256
/* Rings a task reads (the daemon bounds it too). */
#define CHAN_MAX_IN		512
/* After "not now" (PvmNoTask), ask again after this many ms. */
#define CHAN_RETRY_MS		500
#define CHAN_HASH		256

enum chan_state {
	CHAN_OPEN,		/* ring mapped */
	CHAN_NONE,		/* no direct route: the daemon carries */
	CHAN_DEAD		/* the peer has gone; freed when idle */
};

struct lpvm_chan {
	int			 tid;		/* the other task */
	enum chan_state		 state;
	int64_t			 retry;		/* CHAN_NONE: ask again, 0 never */
	struct lpvm_ring	 ring;
	void			*map;
	size_t			 maplen;
	int			 bell;		/* the other task's doorbell */
	int			 busy;		/* a send is using it */
	uint64_t		 want;		/* room a blocked send waits for */

	/* Receiving: the frame being reassembled. */
	int			 have_hdr;
	struct pvm_frame	 hdr;
	unsigned char		*body;
	size_t			 got;

	struct lpvm_chan	*next;		/* hash chain (out) */
	TAILQ_ENTRY(lpvm_chan)	 entry;		/* list of in */
};
TAILQ_HEAD(chan_list, lpvm_chan);

static struct {
	int			 bell;		/* own doorbell, -1 */
	struct lpvm_chan	*out[CHAN_HASH];
	int			 nout;		/* open out rings */
	struct lpvm_chan	*last;		/* last out used */
	struct chan_list	 in;
	int			 nin;
	int			 init;
} chan = { .bell = -1 };

static void	 chan_setup(void);
static int64_t	 chan_now_ms(void);
static struct lpvm_chan *chan_out_find(int);
static struct lpvm_chan *chan_out_new(int);
static void	 chan_out_free(struct lpvm_chan *);
static void	 chan_in_free(struct lpvm_chan *);
static void	 chan_unmap(struct lpvm_chan *);
static int	 chan_open(struct lpvm_chan *);
static int	 chan_attach(struct lpvm_chan *, const Pvm__ChanInfo *,
		     int *, int);
static int	 chan_in_read(struct lpvm_chan *);
static void	 chan_ring_bell(int);
static void	 chan_close_fds(int *, int);

static void
chan_setup(void)
{
	if (!chan.init) {
		TAILQ_INIT(&chan.in);
		chan.init = 1;
	}
}

static int64_t
chan_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

static void
chan_close_fds(int *fds, int n)
{
	int	i;

	for (i = 0; i < n; i++) {
		if (fds[i] != -1)
			close(fds[i]);
		fds[i] = -1;
	}
}

static void
chan_ring_bell(int fd)
{
	uint64_t	one = 1;

	if (fd != -1)
		(void)write(fd, &one, sizeof one);
}

static struct lpvm_chan *
chan_out_find(int tid)
{
	struct lpvm_chan	*ch;

	if (chan.last != NULL && chan.last->tid == tid)
		return (chan.last);
	for (ch = chan.out[(unsigned)tid % CHAN_HASH]; ch != NULL;
	    ch = ch->next) {
		if (ch->tid == tid)
			return (chan.last = ch);
	}
	return (NULL);
}

static struct lpvm_chan *
chan_out_new(int tid)
{
	struct lpvm_chan	*ch;
	unsigned		 h = (unsigned)tid % CHAN_HASH;

	if ((ch = calloc(1, sizeof *ch)) == NULL)
		return (NULL);
	ch->tid = tid;
	ch->state = CHAN_NONE;
	ch->bell = -1;
	ch->next = chan.out[h];
	chan.out[h] = ch;
	return (ch);
}

static void
chan_unmap(struct lpvm_chan *ch)
{
	if (ch->map != NULL)
		munmap(ch->map, ch->maplen);
	ch->map = NULL;
	if (ch->bell != -1)
		close(ch->bell);
	ch->bell = -1;
}

static void
chan_out_free(struct lpvm_chan *ch)
{
	struct lpvm_chan	**pp;

	for (pp = &chan.out[(unsigned)ch->tid % CHAN_HASH]; *pp != NULL;
	    pp = &(*pp)->next) {
		if (*pp == ch) {
			*pp = ch->next;
			break;
		}
	}
	if (chan.last == ch)
		chan.last = NULL;
	if (ch->map != NULL)
		chan.nout--;
	chan_unmap(ch);
	free(ch);
}

static void
chan_in_free(struct lpvm_chan *ch)
{
	TAILQ_REMOVE(&chan.in, ch, entry);
	chan.nin--;
	free(ch->body);
	chan_unmap(ch);
	free(ch);
}

/*
 * Map the ring and keep the doorbells given by a CHAN_REPLY or
 * CHAN_NOTICE: fds[0] the ring, fds[1] the peer's bell, fds[2] our own
 * if ci->own_bell.  Takes every descriptor (closed on error).  Returns 0
 * or -1.
 */
static int
chan_attach(struct lpvm_chan *ch, const Pvm__ChanInfo *ci, int *fds,
    int nfds)
{
	struct stat	 sb;
	size_t		 len;
	void		*map;
	int		 seals;

	if (nfds != (ci->own_bell ? 3 : 2) || fds[0] == -1 || fds[1] == -1)
		goto bad;
	if (ci->ring_size < PVM_RING_MIN || ci->ring_size > PVM_RING_MAX ||
	    (ci->ring_size & (ci->ring_size - 1)) != 0)
		goto bad;
	len = PVM_RING_HDRLEN + (size_t)ci->ring_size;
	if (fstat(fds[0], &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    (size_t)sb.st_size != len)
		goto bad;
	/* The size must not change under us (SIGBUS). */
	if ((seals = fcntl(fds[0], F_GET_SEALS)) == -1 ||
	    (seals & F_SEAL_SHRINK) == 0)
		goto bad;
	map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fds[0], 0);
	if (map == MAP_FAILED)
		goto bad;
	if (lpvm_ring_attach(&ch->ring, map, len) != 0) {
		munmap(map, len);
		goto bad;
	}
	close(fds[0]);
	ch->map = map;
	ch->maplen = len;
	ch->bell = fds[1];
	if (ci->own_bell) {
		if (chan.bell != -1)
			close(chan.bell);
		chan.bell = fds[2];
	}
	return (0);

bad:
	chan_close_fds(fds, nfds);
	return (-1);
}

/*
 * Ask the daemon for a ring to ch->tid.  Returns 0 (ch open, or
 * CHAN_NONE with a retry time), or a PVM error code of the link.
 */
static int
chan_open(struct lpvm_chan *ch)
{
	Pvm__ChanRequest	 req = PVM__CHAN_REQUEST__INIT;
	Pvm__ChanInfo		*ci;
	ProtobufCMessage	*m;
	int			 fds[PVM_CHAN_MAXFDS], nfds, cc;

	ch->state = CHAN_NONE;
	ch->retry = 0;
	req.tid = ch->tid;
	cc = lpvm_rpc(PVM_MSG_CHAN_OPEN, &req.base, PVM_MSG_CHAN_REPLY, &m);
	nfds = lpvm_conn_take_fds(fds, PVM_CHAN_MAXFDS);
	if (cc != 0) {
		chan_close_fds(fds, nfds);
		/* An old daemon answers Status: never ask again. */
		return (cc == PvmSysErr ? cc : 0);
	}
	ci = (Pvm__ChanInfo *)m;
	if (ci->code != 0 || ci->peer != ch->tid) {
		chan_close_fds(fds, nfds);
		if (ci->code == PvmNoTask)
			ch->retry = chan_now_ms() + CHAN_RETRY_MS;
		wire_ctl_free(m);
		return (0);
	}
	if (chan_attach(ch, ci, fds, nfds) == 0) {
		ch->state = CHAN_OPEN;
		chan.nout++;
	}
	wire_ctl_free(m);
	return (0);
}

/*
 * Send a data frame to dst over its ring if it has one or can get one.
 * Returns 1 if the frame went direct (or was dropped because the
 * receiver has gone, as the daemon would), 0 if the caller must send it
 * through the daemon, or a PVM error code.
 */
int
lpvm_chan_send(int dst, int tag, int ctx, uint32_t flags,
    const struct iovec *iov, int iovcnt, size_t len)
{
	struct lpvm_chan	*ch;
	struct pvm_frame	 f;
	uint8_t			 hdr[PVM_FRAME_HDRLEN];
	const unsigned char	*p;
	size_t			 total, done, piece, off, n;
	int64_t			 space;
	uint64_t		 put;
	int			 i, cc;

	chan_setup();
	if (dst == lpvm.mytid || !lpvm_tid_valid(dst) ||
	    ((uint32_t)dst & PVM_TID_HOST_MASK) !=
	    ((uint32_t)lpvm.mytid & PVM_TID_HOST_MASK))
		return (0);
	if ((ch = chan_out_find(dst)) == NULL) {
		if (lpvm.route == PvmDontRoute || chan.nout >= CHAN_MAX_OUT)
			return (0);
		if ((ch = chan_out_new(dst)) == NULL)
			return (0);
		if ((cc = chan_open(ch)) != 0)
			return (cc);
	} else if (ch->state == CHAN_NONE) {
		if (ch->retry == 0 || lpvm.route == PvmDontRoute ||
		    chan_now_ms() < ch->retry || chan.nout >= CHAN_MAX_OUT)
			return (0);
		if ((cc = chan_open(ch)) != 0)
			return (cc);
	}
	if (ch->state == CHAN_NONE)
		return (0);
	if (ch->state == CHAN_DEAD) {
		if (!ch->busy)
			chan_out_free(ch);
		return (0);
	}

	memset(&f, 0, sizeof f);
	f.type = PVM_MSG_DATA;
	f.flags = flags;
	f.src = lpvm.mytid;
	f.dst = dst;
	f.tag = tag;
	f.ctx = ctx;
	f.len = (uint32_t)len;
	wire_hdr_encode(&f, hdr);

	/* Pieces: the header, then iov; i == -1 is the header. */
	total = PVM_FRAME_HDRLEN + len;
	done = 0;
	i = -1;
	off = 0;
	cc = 1;
	ch->busy++;
	while (done < total) {
		space = lpvm_ring_space(&ch->ring);
		if (space < 0) {
			ch->state = CHAN_DEAD;
			break;
		}
		/* Wait for room rather than trickle a big body through. */
		if ((uint64_t)space < total - done &&
		    (uint64_t)space < ch->ring.size / 8) {
			ch->want = total - done < ch->ring.size / 8 ?
			    total - done : ch->ring.size / 8;
			if ((cc = lpvm_conn_wait_tx(ch)) < 0)
				break;
			cc = 1;
			if (ch->state != CHAN_OPEN)
				break;
			continue;
		}
		put = 0;
		while (put < (uint64_t)space && done < total) {
			if (i == -1) {
				p = hdr;
				piece = PVM_FRAME_HDRLEN;
			} else {
				p = iov[i].iov_base;
				piece = iov[i].iov_len;
			}
			n = piece - off;
			if (n > (uint64_t)space - put)
				n = (uint64_t)space - put;
			lpvm_ring_put(&ch->ring, put, p + off, n);
			put += n;
			done += n;
			off += n;
			if (off == piece) {
				i++;
				off = 0;
				while (i < iovcnt && iov[i].iov_len == 0)
					i++;
			}
		}
		lpvm_ring_commit(&ch->ring, put);
		if (lpvm_ring_wake_rx(&ch->ring))
			chan_ring_bell(ch->bell);
	}
	ch->busy--;
	if (ch->state == CHAN_DEAD && !ch->busy)
		chan_out_free(ch);
	return (cc);
}

/*
 * Whether a sender waiting on ch can go on: room for ch->want bytes, or
 * the ring is gone.
 */
int
lpvm_chan_tx_ready(struct lpvm_chan *ch)
{
	int64_t	space;

	if (ch->state != CHAN_OPEN)
		return (1);
	if ((lpvm_ring_closed(&ch->ring) & LPVM_RING_CLOSED_RX) != 0) {
		ch->state = CHAN_DEAD;
		return (1);
	}
	space = lpvm_ring_space(&ch->ring);
	return (space < 0 || (uint64_t)space >= ch->want);
}

/* A sender about to sleep on ch (on), or awake. */
void
lpvm_chan_tx_sleep(struct lpvm_chan *ch, int on)
{
	if (ch->state == CHAN_OPEN)
		lpvm_ring_sleep_tx(&ch->ring, on);
}

/*
 * Read the complete frames of one incoming ring onto the receive queue.
 * Returns the number of frames, -1 if the ring is broken (the caller
 * drops it), or PvmNoMem.
 */
static int
chan_in_read(struct lpvm_chan *ch)
{
	struct lpvm_buf	*b;
	uint8_t		 hdr[PVM_FRAME_HDRLEN];
	const char	*cause;
	int64_t		 avail;
	size_t		 take;
	int		 frames = 0, freed = 0;

	for (;;) {
		if ((avail = lpvm_ring_avail(&ch->ring)) < 0)
			return (-1);
		if (!ch->have_hdr) {
			if (avail < PVM_FRAME_HDRLEN)
				break;
			lpvm_ring_get(&ch->ring, 0, hdr, sizeof hdr);
			if (wire_hdr_decode(hdr, &ch->hdr, PVM_MAX_FRAME,
			    &cause) != 0 || ch->hdr.type != PVM_MSG_DATA ||
			    ch->hdr.src != ch->tid ||
			    ch->hdr.dst != lpvm.mytid)
				return (-1);
			lpvm_ring_consume(&ch->ring, PVM_FRAME_HDRLEN);
			freed = 1;
			avail -= PVM_FRAME_HDRLEN;
			ch->body = malloc(ch->hdr.len ? ch->hdr.len : 1);
			if (ch->body == NULL)
				return (PvmNoMem);
			ch->got = 0;
			ch->have_hdr = 1;
		}
		take = ch->hdr.len - ch->got;
		if ((uint64_t)avail < take)
			take = (size_t)avail;
		if (take > 0) {
			lpvm_ring_get(&ch->ring, 0, ch->body + ch->got, take);
			lpvm_ring_consume(&ch->ring, take);
			ch->got += take;
			freed = 1;
		}
		if (ch->got < ch->hdr.len)
			break;
		b = lpvm_buf_adopt(ch->body, ch->hdr.len, ch->hdr.flags,
		    ch->hdr.src, ch->hdr.tag, ch->hdr.ctx);
		if (b == NULL)
			return (PvmNoMem);
		ch->body = NULL;
		ch->have_hdr = 0;
		b->queued = 1;
		TAILQ_INSERT_TAIL(&lpvm.rxq, b, entry);
		frames++;
	}
	if (freed && lpvm_ring_wake_tx(&ch->ring))
		chan_ring_bell(ch->bell);
	return (frames);
}

/*
 * Read every incoming ring.  Returns the number of frames queued, or
 * PvmNoMem.  A broken ring is dropped with what it held.
 */
int
lpvm_chan_input(void)
{
	struct lpvm_chan	*ch, *next;
	int			 n, frames = 0;

	if (!chan.init)
		return (0);
	TAILQ_FOREACH_SAFE(ch, &chan.in, entry, next) {
		if ((n = chan_in_read(ch)) == PvmNoMem)
			return (n);
		if (n < 0) {
			chan_in_free(ch);
			continue;
		}
		frames += n;
	}
	return (frames);
}

/* Whether some incoming ring has bytes to read: no system call. */
int
lpvm_chan_rx_pending(void)
{
	struct lpvm_chan	*ch;

	if (!chan.init)
		return (0);
	TAILQ_FOREACH(ch, &chan.in, entry) {
		if (lpvm_ring_avail(&ch->ring) != 0)
			return (1);
	}
	return (0);
}

/* The number of incoming rings. */
int
lpvm_chan_nin(void)
{
	return (chan.nin);
}

/* Mark every incoming ring as slept on (on) or not. */
void
lpvm_chan_rx_sleep(int on)
{
	struct lpvm_chan	*ch;

	if (!chan.init)
		return;
	TAILQ_FOREACH(ch, &chan.in, entry)
		lpvm_ring_sleep_rx(&ch->ring, on);
}

/* Our doorbell, or -1. */
int
lpvm_chan_bell(void)
{
	return (chan.bell);
}

/* Take the rings of our doorbell. */
void
lpvm_chan_bell_drain(void)
{
	uint64_t	v;

	if (chan.bell != -1)
		(void)read(chan.bell, &v, sizeof v);
}

/*
 * A CHAN_NOTICE (a new ring to read) or CHAN_CLOSE (the peer has gone)
 * from the daemon, body of len bytes with nfds descriptors, all taken.
 * Returns 0, or PvmNoMem; a bad notice is ignored.
 */
int
lpvm_chan_notice(int type, const unsigned char *body, size_t len, int *fds,
    int nfds)
{
	ProtobufCMessage	*m;
	Pvm__ChanInfo		*ci;
	struct lpvm_chan	*ch, *next;
	const char		*cause;

	chan_setup();
	if ((m = wire_ctl_unpack(type, body, len, &cause)) == NULL) {
		chan_close_fds(fds, nfds);
		return (0);
	}
	ci = (Pvm__ChanInfo *)m;
	if (type == PVM_MSG_CHAN_CLOSE) {
		chan_close_fds(fds, nfds);
		TAILQ_FOREACH_SAFE(ch, &chan.in, entry, next) {
			if (ch->tid != ci->peer)
				continue;
			/* What it wrote before it went still counts. */
			(void)chan_in_read(ch);
			chan_in_free(ch);
		}
		if ((ch = chan_out_find(ci->peer)) != NULL) {
			if (ch->busy)
				ch->state = CHAN_DEAD;
			else
				chan_out_free(ch);
		}
		wire_ctl_free(m);
		return (0);
	}
	if (!lpvm_tid_valid(ci->peer) || ci->code != 0 ||
	    chan.nin >= CHAN_MAX_IN) {
		chan_close_fds(fds, nfds);
		wire_ctl_free(m);
		return (0);
	}
	if ((ch = calloc(1, sizeof *ch)) == NULL) {
		chan_close_fds(fds, nfds);
		wire_ctl_free(m);
		return (PvmNoMem);
	}
	ch->tid = ci->peer;
	ch->bell = -1;
	if (chan_attach(ch, ci, fds, nfds) != 0) {
		free(ch);
		wire_ctl_free(m);
		return (0);
	}
	ch->state = CHAN_OPEN;
	TAILQ_INSERT_TAIL(&chan.in, ch, entry);
	chan.nin++;
	wire_ctl_free(m);
	return (0);
}

/* Forget every ring and doorbell (pvm_exit, a lost daemon). */
void
lpvm_chan_reset(void)
{
	struct lpvm_chan	*ch;
	int			 i;

	if (!chan.init)
		return;
	while ((ch = TAILQ_FIRST(&chan.in)) != NULL) {
		lpvm_ring_close(&ch->ring, LPVM_RING_CLOSED_RX);
		if (lpvm_ring_wake_tx(&ch->ring))
			chan_ring_bell(ch->bell);
		chan_in_free(ch);
	}
	for (i = 0; i < CHAN_HASH; i++) {
		while ((ch = chan.out[i]) != NULL) {
			if (ch->map != NULL)
				lpvm_ring_close(&ch->ring,
				    LPVM_RING_CLOSED_TX);
			chan_out_free(ch);
		}
	}
	chan.nout = 0;
	if (chan.bell != -1)
		close(chan.bell);
	chan.bell = -1;
}
