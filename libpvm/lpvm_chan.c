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
 * Across hosts the route is a TCP connection per ordered pair: the
 * sender's request goes through its daemon to the receiver's (behind
 * the sender's earlier messages), which answers with its data port and a
 * one-time token; the sender connects, presents the token, and once the
 * receiver's daemon acknowledges (it has handed the socket to the
 * receiver, behind those messages) writes frames straight to it.
 *
 * Once a route to a task exists it carries every later message to that
 * task, whatever PvmRoute says: switching back to the daemon route could
 * overtake messages still in the ring.
 *
 * Checkpoints and moves (lpvm_chan_ckpt): a task that leaves its
 * process ends every route it has.  It freezes the rings it reads (a
 * sender's commit fails from then on, so what the task reads before it
 * goes is exactly what was sent that way, and the sender sends the rest
 * through the daemon), asks the senders of its TCP routes to end them
 * (each writes an END frame, a CHAN_CLOSE header, and stops) and reads
 * them to that END, and ends the routes it writes to.  A receiver that
 * gets a message from the daemon while a route from the same sender is
 * still open reads that route to its end first (lpvm_chan_flush): what
 * went the direct way was sent before.
 */

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lpvm.h"
#include "lpvm_ring.h"

/* Rings a task opens to others; later destinations use the daemon. */
#define CHAN_MAX_OUT		256
/* TCP routes a task opens to tasks of other hosts. */
#define CHAN_MAX_TCP_OUT	64
/* Time to connect and be acknowledged by the receiver's daemon. */
#define CHAN_TCP_TIMEOUT_MS	5000
#define CHAN_TCP_IBUF		65536
/* A body with more than this still to come is read in place. */
#define CHAN_TCP_DIRECT_MIN	16384
#define CHAN_TCP_SOCKBUF	(4 << 20)
/* chan_tcp_wait: the route ended while a send waited. */
#define CHAN_TCP_STOP		2
/* Rings a task reads (the daemon bounds it too), TCP routes. */
#define CHAN_MAX_IN		512
#define CHAN_MAX_TCP_IN		1024
/*
 * After "not now" (PvmNoTask: the receiver has not said hello yet),
 * ask again after CHAN_RETRY_MIN ms, doubling up to CHAN_RETRY_MAX.
 */
#define CHAN_RETRY_MIN		1
#define CHAN_RETRY_MAX		100
/* How long a checkpoint waits for the senders of TCP routes to end them. */
#define CHAN_END_WAIT_MS	5000
/* Most a checkpoint takes from one TCP route before its END. */
#define CHAN_END_STASH_MAX	(256ULL << 20)
/* How often a sender looks for a request to end a TCP route. */
#define CHAN_END_CHECK_MS	1
#define CHAN_HASH		256

enum chan_state {
	CHAN_OPEN,		/* ring mapped */
	CHAN_NONE,		/* no direct route: the daemon carries */
	CHAN_DEAD		/* the peer has gone; freed when idle */
};

struct lpvm_chan {
	int			 tid;		/* the other task */
	enum chan_state		 state;
	int64_t			 retry;		/* CHAN_NONE: retry time, 0 never */
	int			 backoff;	/* ms to the next retry */
	int			 reopened;	/* a ring was dropped once */
	struct lpvm_ring	 ring;
	void			*map;
	size_t			 maplen;
	int			 bell;		/* the other task's doorbell */
	int			 busy;		/* a send is using it */
	uint64_t		 want;		/* room a blocked send needs */

	/* TCP (another host) instead of a ring. */
	int			 tcp;
	int			 fd;
	int			 writable;	/* poll said POLLOUT */
	int64_t			 checked;	/* out: looked for END request */
	unsigned char		*ibuf;		/* CHAN_TCP_IBUF bytes */
	size_t			 ioff;
	size_t			 ilen;

	/* Receiving: the frame being reassembled. */
	int			 have_hdr;
	struct pvm_frame	 hdr;
	unsigned char		*body;
	size_t			 got;
	int			 direct;	/* body is the precv target's */

	struct lpvm_chan	*next;		/* hash chain (out) */
	TAILQ_ENTRY(lpvm_chan)	 entry;		/* list of in */
};
TAILQ_HEAD(chan_list, lpvm_chan);

static struct {
	int			 bell;		/* own doorbell, -1 */
	struct lpvm_chan	*out[CHAN_HASH];
	int			 nout;		/* open out rings */
	int			 ntcp;		/* open out TCP routes */
	struct pollfd		*pfd;		/* lpvm_chan_pollset */
	struct lpvm_chan	**pfdch;	/* the out route of pfd[i] */
	int			 pfdcap;
	int			 ntcpin;	/* incoming TCP routes */
	struct lpvm_chan	*last;		/* last out used */
	struct lpvm_chan	*zombies;	/* parked by a checkpoint */
	struct chan_list	 in;
	int			 nin;
	int			 init;
	struct lpvm_direct	*direct;	/* armed pvm_precv target */
} chan = { .bell = -1 };

static void	 chan_setup(void);
static struct lpvm_chan *chan_out_find(int);
static struct lpvm_chan *chan_out_new(int);
static void	 chan_out_free(struct lpvm_chan *);
static void	 chan_in_free(struct lpvm_chan *);
static void	 chan_unmap(struct lpvm_chan *);
static void	 chan_release(struct lpvm_chan *);
static void	 chan_zombify(void);
static void	 chan_zombies_free(void);
static int	 chan_open(struct lpvm_chan *);
static int	 chan_attach(struct lpvm_chan *, const Pvm__ChanInfo *,
		     int *, int);
static int	 chan_in_read(struct lpvm_chan *);
static void	 chan_ring_bell(int);
static void	 chan_close_fds(int *, int);
static int	 chan_tcp_connect(struct lpvm_chan *, const Pvm__ChanInfo *);
static int	 chan_tcp_io(int, short, int64_t);
static int	 chan_tcp_send(struct lpvm_chan *, uint8_t *,
		     const struct iovec *, int);
static int	 chan_tcp_read(struct lpvm_chan *);
static int	 chan_tcp_wait(void *);
static void	 chan_put32(unsigned char *, uint32_t);
static int	 chan_tcp_end(int, int, int);
static void	 chan_tcp_check(struct lpvm_chan *);
static int	 chan_tcp_drain(struct lpvm_chan *, int64_t);
static int	 chan_in_leave(struct lpvm_chan *);
static int	 chan_ring_whole(struct lpvm_chan *, const uint8_t *,
		    const struct iovec *, int, size_t);
static unsigned char *chan_body(struct lpvm_chan *);
static int	 chan_body_done(struct lpvm_chan *);
static void	 chan_body_drop(struct lpvm_chan *);

static void
chan_setup(void)
{
	if (!chan.init) {
		TAILQ_INIT(&chan.in);
		chan.init = 1;
	}
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
	ch->fd = -1;
	ch->next = chan.out[h];
	chan.out[h] = ch;
	return (ch);
}

/* Close the descriptors of ch and unmap its ring (no memory freed). */
static void
chan_release(struct lpvm_chan *ch)
{
	if (ch->fd != -1)
		close(ch->fd);
	ch->fd = -1;
	if (ch->map != NULL)
		munmap(ch->map, ch->maplen);
	ch->map = NULL;
	if (ch->bell != -1)
		close(ch->bell);
	ch->bell = -1;
}

static void
chan_unmap(struct lpvm_chan *ch)
{
	chan_release(ch);
	free(ch->ibuf);
	ch->ibuf = NULL;
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
	if (ch->tcp && ch->fd != -1)
		chan.ntcp--;
	chan_unmap(ch);
	free(ch);
}

static void
chan_in_free(struct lpvm_chan *ch)
{
	TAILQ_REMOVE(&chan.in, ch, entry);
	chan.nin--;
	if (ch->tcp)
		chan.ntcpin--;
	chan_body_drop(ch);
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
	if (map == MAP_FAILED) {
		/* Tell the sender, who would wait for room forever. */
		(void)lpvm_ring_close_fd(fds[0], LPVM_RING_CLOSED_RX);
		goto bad;
	}
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
		if (ci->code == PvmNoTask) {
			ch->backoff = ch->backoff == 0 ? CHAN_RETRY_MIN :
			    ch->backoff * 2;
			if (ch->backoff > CHAN_RETRY_MAX)
				ch->backoff = CHAN_RETRY_MAX;
			ch->retry = lpvm_now_ms() + ch->backoff;
		}
		wire_ctl_free(m);
		return (0);
	}
	if (ci->tcp) {
		chan_close_fds(fds, nfds);
		if (chan.ntcp < CHAN_MAX_TCP_OUT &&
		    chan_tcp_connect(ch, ci) == 0) {
			ch->state = CHAN_OPEN;
			chan.ntcp++;
		}
	} else if (chan_attach(ch, ci, fds, nfds) == 0) {
		ch->state = CHAN_OPEN;
		chan.nout++;
	}
	wire_ctl_free(m);
	return (0);
}

static void
chan_put32(unsigned char *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/* Wait until fd is ready for events, up to the deadline; 0 or -1. */
static int
chan_tcp_io(int fd, short events, int64_t deadline)
{
	struct pollfd	pfd;
	int64_t		left;
	int		n;

	for (;;) {
		if ((left = deadline - lpvm_now_ms()) <= 0)
			return (-1);
		pfd.fd = fd;
		pfd.events = events;
		pfd.revents = 0;
		n = poll(&pfd, 1, (int)left);
		if (n == -1 && errno == EINTR)
			continue;
		if (n != 1)
			return (-1);
		return ((pfd.revents & events) != 0 ||
		    (pfd.revents & (POLLHUP | POLLERR)) != 0 ? 0 : -1);
	}
}

/*
 * Connect to the receiver's daemon as ci says, present the token and
 * wait for the acknowledgement.  Returns 0 with ch->fd set, or -1.
 */
static int
chan_tcp_connect(struct lpvm_chan *ch, const Pvm__ChanInfo *ci)
{
	struct sockaddr_in	 sin;
	unsigned char		 hello[PVM_CHAN_HELLO_LEN], ack;
	int64_t			 deadline;
	socklen_t		 elen;
	size_t			 off;
	ssize_t			 n;
	int			 fd, err, one = 1, size = CHAN_TCP_SOCKBUF;

	if (ci->addr == NULL || ci->port == 0 || ci->port > 65535 ||
	    ci->token.len != PVM_CHAN_TOKEN_LEN)
		return (-1);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)ci->port);
	if (inet_pton(AF_INET, ci->addr, &sin.sin_addr) != 1)
		return (-1);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return (-1);
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
	deadline = lpvm_now_ms() + CHAN_TCP_TIMEOUT_MS;
	if (connect(fd, (struct sockaddr *)&sin, sizeof sin) == -1) {
		if (errno != EINPROGRESS && errno != EINTR)
			goto bad;
		if (chan_tcp_io(fd, POLLOUT, deadline) != 0)
			goto bad;
		elen = sizeof err;
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) == -1 ||
		    err != 0)
			goto bad;
	}
	chan_put32(hello, PVM_CHAN_MAGIC);
	memcpy(hello + 4, ci->token.data, PVM_CHAN_TOKEN_LEN);
	chan_put32(hello + 4 + PVM_CHAN_TOKEN_LEN, (uint32_t)lpvm.mytid);
	chan_put32(hello + 8 + PVM_CHAN_TOKEN_LEN, (uint32_t)ch->tid);
	for (off = 0; off < sizeof hello; off += n) {
		n = send(fd, hello + off, sizeof hello - off, MSG_NOSIGNAL);
		if (n == -1) {
			if (errno == EINTR)
				n = 0;
			else if (errno == EAGAIN &&
			    chan_tcp_io(fd, POLLOUT, deadline) == 0)
				n = 0;
			else
				goto bad;
		}
	}
	for (;;) {
		n = recv(fd, &ack, 1, 0);
		if (n == 1 && ack == PVM_CHAN_ACK)
			break;
		if (n == -1 && (errno == EINTR || (errno == EAGAIN &&
		    chan_tcp_io(fd, POLLIN, deadline) == 0)))
			continue;
		goto bad;
	}
	ch->tcp = 1;
	ch->fd = fd;
	ch->writable = 1;
	return (0);

bad:
	close(fd);
	return (-1);
}

/*
 * Write one frame (header hdr, body iov) to a TCP route, waiting while
 * the socket is full.  Returns 1 (sent, or dropped as the route broke),
 * or a PVM error code of the daemon link.
 */
static int
chan_tcp_send(struct lpvm_chan *ch, uint8_t *hdr, const struct iovec *iov,
    int iovcnt)
{
	int	cc;

	cc = lpvm_sendv(ch->fd, hdr, iov, iovcnt, MSG_NOSIGNAL | MSG_DONTWAIT,
	    chan_tcp_wait, ch);
	if (cc == LPVM_SENDV_BROKEN) {
		/* The receiver has gone: as for a dead task. */
		ch->state = CHAN_DEAD;
		return (1);
	}
	if (cc == CHAN_TCP_STOP)
		return (1);
	return (cc < 0 ? cc : 1);
}

/*
 * lpvm_sendv is stopped by a full socket: wait for room, reading input.
 * Returns 0 to go on, CHAN_TCP_STOP if the route ended meanwhile, or a
 * PVM error code of the daemon link.
 */
static int
chan_tcp_wait(void *arg)
{
	struct lpvm_chan	*ch = arg;
	int			 cc;

	ch->writable = 0;
	if ((cc = lpvm_conn_wait_tx(ch)) < 0)
		return (cc);
	return (ch->state != CHAN_OPEN ? CHAN_TCP_STOP : 0);
}

/*
 * Send a data frame to dst over its ring if it has one or can get one.
 * Returns 1 if the frame went direct (or was dropped because the
 * receiver has gone, as the daemon would), 0 if the caller must send it
 * through the daemon (no route, or it ended before the frame went
 * whole), or a PVM error code.
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
	int			 i, cc, reopened;

	chan_setup();
	memset(&f, 0, sizeof f);
	f.type = PVM_MSG_DATA;
	f.flags = flags;
	f.src = lpvm.mytid;
	f.dst = dst;
	f.tag = tag;
	f.ctx = ctx;
	f.len = (uint32_t)len;
	wire_hdr_encode(&f, hdr);

	/* The common case first: the last ring used has room for it all. */
	ch = chan.last;
	if (ch != NULL && ch->tid == dst && ch->state == CHAN_OPEN &&
	    !ch->tcp && !ch->busy &&
	    (cc = chan_ring_whole(ch, hdr, iov, iovcnt, len)) != 0)
		return (cc < 0 ? 0 : cc);

	if (dst == lpvm.mytid || !lpvm_tid_valid(dst))
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
		    lpvm_now_ms() < ch->retry || chan.nout >= CHAN_MAX_OUT)
			return (0);
		if ((cc = chan_open(ch)) != 0)
			return (cc);
	}
	if (ch->state == CHAN_NONE)
		return (0);
	/*
	 * The receiver dropped the ring (or has gone): ask again, once; a
	 * second time the daemon carries from now on.  A frozen ring (the
	 * receiver moved) is no fault of the route: ask again later.
	 */
	if (ch->state == CHAN_OPEN && !ch->tcp &&
	    (lpvm_ring_closed(&ch->ring) & LPVM_RING_CLOSED_RX) != 0 &&
	    !ch->busy) {
		reopened = lpvm_ring_frozen(&ch->ring) ? 0 : ch->reopened;
		chan_out_free(ch);
		if ((ch = chan_out_new(dst)) == NULL)
			return (0);
		ch->reopened = 1;
		if (reopened || lpvm.route == PvmDontRoute ||
		    chan.nout >= CHAN_MAX_OUT)
			return (0);
		if ((cc = chan_open(ch)) != 0)
			return (cc);
		if (ch->state != CHAN_OPEN)
			return (0);
	}
	if (ch->state == CHAN_DEAD) {
		if (!ch->busy)
			chan_out_free(ch);
		return (0);
	}

	if (ch->tcp) {
		/* The receiver may be asking us to end the route. */
		if (lpvm_now_ms() - ch->checked >= CHAN_END_CHECK_MS) {
			chan_tcp_check(ch);
			if (ch->state != CHAN_OPEN) {
				if (!ch->busy)
					chan_out_free(ch);
				return (0);
			}
		}
		ch->busy++;
		cc = chan_tcp_send(ch, hdr, iov, iovcnt);
		ch->busy--;
		if (ch->state == CHAN_DEAD && !ch->busy)
			chan_out_free(ch);
		return (cc);
	}

	/* Pieces: the header, then iov; i == -1 is the header. */
	total = PVM_FRAME_HDRLEN + len;
	done = 0;
	i = -1;
	off = 0;
	cc = 1;
	ch->busy++;
	while (done < total) {
		space = lpvm_ring_room(&ch->ring, total - done);
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
		if (lpvm_ring_commit(&ch->ring, put) != 0) {
			/* Frozen: the receiver is leaving its process. */
			ch->state = CHAN_DEAD;
			break;
		}
		if (lpvm_ring_wake_rx(&ch->ring))
			chan_ring_bell(ch->bell);
	}
	ch->busy--;
	/*
	 * A message that did not go whole into the ring goes through the
	 * daemon: the receiver drops a partial frame.
	 */
	if (cc == 1 && done < total)
		cc = 0;
	if (ch->state == CHAN_DEAD && !ch->busy)
		chan_out_free(ch);
	return (cc);
}

/*
 * Put the frame (header hdr, body of len bytes in iov) into the ring of
 * ch in one go if the ring has room for all of it and is not closing.
 * Returns 1 if it went, 0 if the caller must take the general way, or -1
 * if the receiver froze the ring (ch is dead: the daemon carries it).
 */
static int
chan_ring_whole(struct lpvm_chan *ch, const uint8_t *hdr,
    const struct iovec *iov, int iovcnt, size_t len)
{
	struct lpvm_ring	*r = &ch->ring;
	uint64_t		 total = PVM_FRAME_HDRLEN + len, off;
	int			 i;

	if ((lpvm_ring_closed(r) & LPVM_RING_CLOSED_RX) != 0)
		return (0);
	if (lpvm_ring_room(r, total) < (int64_t)total)
		return (0);
	lpvm_ring_put(r, 0, hdr, PVM_FRAME_HDRLEN);
	off = PVM_FRAME_HDRLEN;
	for (i = 0; i < iovcnt; i++) {
		lpvm_ring_put(r, off, iov[i].iov_base, iov[i].iov_len);
		off += iov[i].iov_len;
	}
	if (lpvm_ring_commit(r, total) != 0) {
		ch->state = CHAN_DEAD;
		if (!ch->busy)
			chan_out_free(ch);
		return (-1);
	}
	if (lpvm_ring_wake_rx(r))
		chan_ring_bell(ch->bell);
	return (1);
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
	if (ch->tcp)
		return (ch->writable);
	if ((lpvm_ring_closed(&ch->ring) & LPVM_RING_CLOSED_RX) != 0) {
		ch->state = CHAN_DEAD;
		return (1);
	}
	space = lpvm_ring_room(&ch->ring, ch->want);
	return (space < 0 || (uint64_t)space >= ch->want);
}

/* A sender about to sleep on ch (on), or awake. */
void
lpvm_chan_tx_sleep(struct lpvm_chan *ch, int on)
{
	if (ch->state == CHAN_OPEN && !ch->tcp)
		lpvm_ring_sleep_tx(&ch->ring, on);
}

/*
 * Where the body of the frame in ch->hdr goes: straight into the buffer
 * of a waiting pvm_precv if the frame is what it waits for and fits as
 * it is (this host's data format, a whole number of items: what
 * pvm_precv would copy) and no queued message comes first, else a fresh
 * body.  NULL when out of memory.
 */
static unsigned char *
chan_body(struct lpvm_chan *ch)
{
	struct lpvm_direct	*d = chan.direct;
	const struct pvm_frame	*f = &ch->hdr;
	int			 enc, big, lsize;

	ch->direct = 0;
	if (d != NULL && !d->busy && !d->done &&
	    f->len <= d->cap && f->len % d->size == 0 &&
	    (d->tid == -1 || d->tid == f->src) &&
	    (d->tag == -1 || d->tag == f->tag) && d->ctx == f->ctx &&
	    lpvm_buf_format(f->flags, &enc, &big, &lsize) ==
	    LPVM_FMT_NATIVE && !lpvm_mhf_takes(f->src, f->tag, f->ctx) &&
	    !lpvm_msg_queued(d->tid, d->tag)) {
		d->busy = 1;
		ch->direct = 1;
		/* An empty message needs a place, not bytes. */
		return (d->buf != NULL ? d->buf : (unsigned char *)d);
	}
	return (lpvm_body_alloc(f->len));
}

/*
 * The frame in ch->body is whole: it goes to the receive queue, or was
 * the precv's.  Returns 0, or PvmNoMem (the frame stays for a retry).
 */
static int
chan_body_done(struct lpvm_chan *ch)
{
	struct lpvm_direct	*d = chan.direct;
	struct lpvm_buf		*b;

	if (ch->direct) {
		d->busy = 0;
		d->done = 1;
		d->src = ch->hdr.src;
		d->rtag = ch->hdr.tag;
		d->len = ch->hdr.len;
		ch->direct = 0;
	} else {
		b = lpvm_buf_adopt(ch->body, ch->hdr.len, ch->hdr.flags,
		    ch->hdr.src, ch->hdr.tag, ch->hdr.ctx);
		if (b == NULL)
			return (PvmNoMem);
		b->queued = 1;
		TAILQ_INSERT_TAIL(&lpvm.rxq, b, entry);
	}
	ch->body = NULL;
	ch->have_hdr = 0;
	return (0);
}

/* Drop the partial frame of ch (its route ends). */
static void
chan_body_drop(struct lpvm_chan *ch)
{
	if (ch->direct) {
		chan.direct->busy = 0;
		ch->direct = 0;
	} else
		lpvm_body_free(ch->body);
	ch->body = NULL;
	ch->have_hdr = 0;
}

/*
 * pvm_precv waits for a message that incoming routes may read straight
 * into d->buf (d != NULL), or stops waiting (NULL).  A frame half read
 * into the old target moves to a body of its own first.  Returns 0, or
 * PvmNoMem (that frame is then lost with its route).
 */
int
lpvm_chan_direct(struct lpvm_direct *d)
{
	struct lpvm_direct	*old = chan.direct;
	struct lpvm_chan	*ch;
	unsigned char		*body;
	int			 cc = 0;

	/* A handler's pvm_precv may replace the one that ran it. */
	if (old != NULL && old->busy && chan.init) {
		TAILQ_FOREACH(ch, &chan.in, entry) {
			if (!ch->direct)
				continue;
			if ((body = lpvm_body_alloc(ch->hdr.len)) == NULL) {
				chan_body_drop(ch);
				ch->state = CHAN_DEAD;
				cc = PvmNoMem;
				break;
			}
			memcpy(body, ch->body, ch->got);
			ch->body = body;
			ch->direct = 0;
		}
		old->busy = 0;
	}
	chan.direct = d;
	if (d != NULL)
		d->busy = d->done = 0;
	return (cc);
}

/*
 * Read the complete frames of one incoming ring onto the receive queue.
 * Returns the number of frames queued, or PvmNoMem.  A broken ring (a
 * bad header, a head beyond the size) makes ch CHAN_DEAD: the caller
 * drops it, the frames queued before stay.
 */
static int
chan_in_read(struct lpvm_chan *ch)
{
	uint8_t		 hdr[PVM_FRAME_HDRLEN];
	const char	*cause;
	int64_t		 avail;
	size_t		 take, skip = 0;
	int		 frames = 0, freed = 0;

	for (;;) {
		if ((avail = lpvm_ring_avail(&ch->ring)) < 0) {
			ch->state = CHAN_DEAD;
			break;
		}
		if (!ch->have_hdr) {
			if (avail < PVM_FRAME_HDRLEN)
				break;
			lpvm_ring_get(&ch->ring, 0, hdr, sizeof hdr);
			if (wire_hdr_decode(hdr, &ch->hdr, PVM_MAX_FRAME,
			    &cause) != 0 || ch->hdr.type != PVM_MSG_DATA ||
			    ch->hdr.src != ch->tid ||
			    ch->hdr.dst != lpvm.mytid) {
				ch->state = CHAN_DEAD;
				break;
			}
			if ((ch->body = chan_body(ch)) == NULL)
				return (PvmNoMem);
			/* Given back with the body: one store, not two. */
			skip = PVM_FRAME_HDRLEN;
			avail -= PVM_FRAME_HDRLEN;
			ch->got = 0;
			ch->have_hdr = 1;
		}
		take = ch->hdr.len - ch->got;
		if ((uint64_t)avail < take)
			take = (size_t)avail;
		if (take > 0)
			lpvm_ring_get(&ch->ring, skip, ch->body + ch->got,
			    take);
		if (skip + take > 0) {
			lpvm_ring_consume(&ch->ring, skip + take);
			ch->got += take;
			freed = 1;
		}
		skip = 0;
		if (ch->got < ch->hdr.len)
			break;
		if (chan_body_done(ch) != 0)
			return (PvmNoMem);
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

	/* Not before HELLO_ACK has told us who we are. */
	if (!chan.init || lpvm.mytid == 0)
		return (0);
	if (chan.zombies != NULL)
		chan_zombies_free();
	TAILQ_FOREACH_SAFE(ch, &chan.in, entry, next) {
		n = ch->tcp ? chan_tcp_read(ch) : chan_in_read(ch);
		if (n == PvmNoMem)
			return (n);
		frames += n;
		if (ch->state == CHAN_DEAD) {
			/* Broken or ended: tell the sender of a ring. */
			if (!ch->tcp)
				lpvm_ring_close(&ch->ring,
				    LPVM_RING_CLOSED_RX);
			chan_in_free(ch);
		}
	}
	return (frames);
}

/* Whether some incoming ring has bytes to read: no system call. */
int
lpvm_chan_rx_pending(void)
{
	struct lpvm_chan	*ch;

	if (!chan.init || lpvm.mytid == 0)
		return (0);
	TAILQ_FOREACH(ch, &chan.in, entry) {
		if (!ch->tcp && lpvm_ring_avail(&ch->ring) != 0)
			return (1);
	}
	return (0);
}

/* Whether spinning can see something: incoming rings or a ring send. */
int
lpvm_chan_spin(struct lpvm_chan *tx)
{
	if (tx != NULL && !tx->tcp)
		return (1);
	return (chan.nin > chan.ntcpin);
}

/* Whether TCP routes may bring something: incoming ones or tx's. */
int
lpvm_chan_tcp(struct lpvm_chan *tx)
{
	return (chan.ntcpin > 0 || (tx != NULL && tx->tcp));
}

/* Mark every incoming ring as slept on (on) or not. */
void
lpvm_chan_rx_sleep(int on)
{
	struct lpvm_chan	*ch;

	if (!chan.init)
		return;
	TAILQ_FOREACH(ch, &chan.in, entry) {
		if (!ch->tcp)
			lpvm_ring_sleep_rx(&ch->ring, on);
	}
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
 * Read what a TCP route has and queue its complete frames.  Returns
 * the number of frames, or PvmNoMem; when the route ends or breaks,
 * the partial frame is dropped and ch becomes CHAN_DEAD.
 */
static int
chan_tcp_read(struct lpvm_chan *ch)
{
	const char	*cause;
	unsigned char	*p;
	size_t		 take, want;
	ssize_t		 n;
	int		 frames = 0;

	if (ch->ibuf == NULL && (ch->ibuf = malloc(CHAN_TCP_IBUF)) == NULL)
		return (PvmNoMem);
	for (;;) {
		for (;;) {
			if (!ch->have_hdr) {
				if (ch->ilen < PVM_FRAME_HDRLEN)
					break;
				if (wire_hdr_decode(ch->ibuf + ch->ioff,
				    &ch->hdr, PVM_MAX_FRAME, &cause) == 0 &&
				    ch->hdr.type == PVM_MSG_CHAN_CLOSE &&
				    ch->hdr.src == ch->tid &&
				    ch->hdr.len == 0) {
					/* END: the sender ended the route. */
					ch->ioff += PVM_FRAME_HDRLEN;
					ch->ilen -= PVM_FRAME_HDRLEN;
					ch->state = CHAN_DEAD;
					return (frames);
				}
				if (wire_hdr_decode(ch->ibuf + ch->ioff,
				    &ch->hdr, PVM_MAX_FRAME, &cause) != 0 ||
				    ch->hdr.type != PVM_MSG_DATA ||
				    ch->hdr.src != ch->tid ||
				    ch->hdr.dst != lpvm.mytid) {
					ch->state = CHAN_DEAD;
					return (frames);
				}
				ch->ioff += PVM_FRAME_HDRLEN;
				ch->ilen -= PVM_FRAME_HDRLEN;
				if ((ch->body = chan_body(ch)) == NULL)
					return (PvmNoMem);
				ch->got = 0;
				ch->have_hdr = 1;
			}
			take = ch->hdr.len - ch->got;
			if (take > ch->ilen)
				take = ch->ilen;
			memcpy(ch->body + ch->got, ch->ibuf + ch->ioff, take);
			ch->got += take;
			ch->ioff += take;
			ch->ilen -= take;
			if (ch->got < ch->hdr.len)
				break;
			if (chan_body_done(ch) != 0)
				return (PvmNoMem);
			frames++;
		}
		if (ch->ilen == 0)
			ch->ioff = 0;
		if (ch->have_hdr && ch->ilen == 0 &&
		    ch->hdr.len - ch->got >= CHAN_TCP_DIRECT_MIN) {
			p = ch->body + ch->got;
			want = ch->hdr.len - ch->got;
		} else {
			if (ch->ioff > 0) {
				memmove(ch->ibuf, ch->ibuf + ch->ioff,
				    ch->ilen);
				ch->ioff = 0;
			}
			p = ch->ibuf + ch->ilen;
			want = CHAN_TCP_IBUF - ch->ilen;
		}
		n = recv(ch->fd, p, want, 0);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return (frames);
		if (n <= 0) {
			ch->state = CHAN_DEAD;
			return (frames);
		}
		if (p == ch->ibuf + ch->ilen)
			ch->ilen += n;
		else
			ch->got += n;
	}
}

/*
 * The descriptors a waiting task polls: the daemon link connfd, our
 * doorbell, every incoming TCP route, every outgoing one for a request
 * to end it, and the TCP route of tx if a send waits on one.  Returns
 * the set and its size in *np, or NULL (no memory: poll connfd alone).
 */
struct pollfd *
lpvm_chan_pollset(int connfd, struct lpvm_chan *tx, int *np)
{
	struct lpvm_chan	*ch, **pch;
	struct pollfd		*p;
	int			 n = 0, need, i;

	need = 3 + chan.ntcpin + chan.ntcp;
	if (need > chan.pfdcap) {
		if ((p = reallocarray(chan.pfd, need, sizeof *p)) == NULL)
			return (NULL);
		chan.pfd = p;
		if ((pch = reallocarray(chan.pfdch, need,
		    sizeof *pch)) == NULL)
			return (NULL);
		chan.pfdch = pch;
		chan.pfdcap = need;
	}
	p = chan.pfd;
	for (i = 0; i < need; i++)
		chan.pfdch[i] = NULL;
	p[n].fd = connfd;
	p[n++].events = POLLIN;
	if (chan.bell != -1) {
		p[n].fd = chan.bell;
		p[n++].events = POLLIN;
	}
	if (chan.init) {
		TAILQ_FOREACH(ch, &chan.in, entry) {
			if (ch->tcp && n < need) {
				p[n].fd = ch->fd;
				p[n++].events = POLLIN;
			}
		}
	}
	for (i = 0; chan.ntcp > 0 && i < CHAN_HASH; i++) {
		for (ch = chan.out[i]; ch != NULL; ch = ch->next) {
			if (ch->tcp && ch->state == CHAN_OPEN && n < need) {
				chan.pfdch[n] = ch;
				p[n].fd = ch->fd;
				p[n++].events = ch == tx ? POLLIN | POLLOUT :
				    POLLIN;
			}
		}
	}
	for (need = 0; need < n; need++)
		p[need].revents = 0;
	*np = n;
	return (p);
}

/*
 * After poll on the set of lpvm_chan_pollset: take the doorbell's
 * rings, and note that the TCP route of tx can take more.
 */
void
lpvm_chan_polldone(struct pollfd *p, int n, struct lpvm_chan *tx)
{
	struct lpvm_chan	*ch;
	int			 i;

	for (i = 1; i < n; i++) {
		if (p[i].revents == 0)
			continue;
		if (p[i].fd == chan.bell) {
			lpvm_chan_bell_drain();
			continue;
		}
		if (tx != NULL && tx->tcp && p[i].fd == tx->fd &&
		    (p[i].revents & (POLLOUT | POLLERR | POLLHUP)))
			tx->writable = 1;
		/*
		 * An outgoing route readable: its receiver asks for END
		 * (answered between frames, not in the middle of one).
		 */
		if (p == chan.pfd && i < chan.pfdcap &&
		    (ch = chan.pfdch[i]) != NULL && !ch->busy &&
		    (p[i].revents & (POLLIN | POLLERR | POLLHUP)) != 0)
			chan_tcp_check(ch);
	}
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
	int			 cc;

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
			/*
			 * What it wrote before it went still counts: read
			 * now, or (before HELLO_ACK) by lpvm_chan_input.
			 */
			if (!ch->tcp) {
				ch->state = CHAN_DEAD;
				if (lpvm.mytid != 0) {
					(void)chan_in_leave(ch);
					chan_in_free(ch);
				}
			}
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
	    (ci->tcp ? chan.ntcpin >= CHAN_MAX_TCP_IN :
	    chan.nin - chan.ntcpin >= CHAN_MAX_IN)) {
		/* Refused: the sender must not wait on the ring. */
		if (!ci->tcp && nfds > 0 && fds[0] != -1)
			(void)lpvm_ring_close_fd(fds[0], LPVM_RING_CLOSED_RX);
		chan_close_fds(fds, nfds);
		wire_ctl_free(m);
		return (0);
	}
	/* What came an older way from the peer comes first. */
	if (lpvm.mytid != 0 && (cc = lpvm_chan_flush(ci->peer)) != 0) {
		chan_close_fds(fds, nfds);
		wire_ctl_free(m);
		return (cc);
	}
	if ((ch = calloc(1, sizeof *ch)) == NULL) {
		chan_close_fds(fds, nfds);
		wire_ctl_free(m);
		return (PvmNoMem);
	}
	ch->tid = ci->peer;
	ch->bell = -1;
	ch->fd = -1;
	if (ci->tcp) {
		if (nfds != 1 || fcntl(fds[0], F_SETFL, O_NONBLOCK) == -1) {
			chan_close_fds(fds, nfds);
			free(ch);
			wire_ctl_free(m);
			return (0);
		}
		ch->tcp = 1;
		ch->fd = fds[0];
		chan.ntcpin++;
	} else if (chan_attach(ch, ci, fds, nfds) != 0) {
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
	chan_zombies_free();
	while ((ch = TAILQ_FIRST(&chan.in)) != NULL) {
		if (!ch->tcp) {
			lpvm_ring_close(&ch->ring, LPVM_RING_CLOSED_RX);
			if (lpvm_ring_wake_tx(&ch->ring))
				chan_ring_bell(ch->bell);
		}
		chan_in_free(ch);
	}
	for (i = 0; i < CHAN_HASH; i++) {
		while ((ch = chan.out[i]) != NULL) {
			if (ch->map != NULL && !ch->tcp)
				lpvm_ring_close(&ch->ring,
				    LPVM_RING_CLOSED_TX);
			if (ch->tcp && ch->fd != -1 && ch->state == CHAN_OPEN)
				(void)chan_tcp_end(ch->fd, ch->tid, 1);
			chan_out_free(ch);
		}
	}
	chan.nout = 0;
	chan.ntcp = 0;
	free(chan.pfd);
	chan.pfd = NULL;
	free(chan.pfdch);
	chan.pfdch = NULL;
	chan.pfdcap = 0;
	if (chan.bell != -1)
		close(chan.bell);
	chan.bell = -1;
}

/*
 * Write END (a CHAN_CLOSE header from us to dst, 0 if unknown) on TCP
 * route fd: from its sender the route's last frame, from its receiver a
 * request to end it.  With shut set, stop sending on the socket after
 * it.  Returns 0, or -1 if the route is broken.
 */
static int
chan_tcp_end(int fd, int dst, int shut)
{
	struct pvm_frame	 f;
	uint8_t			 hdr[PVM_FRAME_HDRLEN];
	int64_t			 deadline;
	size_t			 off;
	ssize_t			 n;

	memset(&f, 0, sizeof f);
	f.type = PVM_MSG_CHAN_CLOSE;
	f.src = lpvm.mytid;
	f.dst = dst;
	wire_hdr_encode(&f, hdr);
	deadline = lpvm_now_ms() + CHAN_TCP_TIMEOUT_MS;
	for (off = 0; off < sizeof hdr; off += (size_t)n) {
		n = send(fd, hdr + off, sizeof hdr - off,
		    MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n >= 0)
			continue;
		n = 0;
		if (errno == EINTR || (errno == EAGAIN &&
		    chan_tcp_io(fd, POLLOUT, deadline) == 0))
			continue;
		return (-1);
	}
	if (shut)
		(void)shutdown(fd, SHUT_WR);
	return (0);
}

/*
 * A route we send on: if its receiver asks us to end it (it is leaving
 * its process) or has closed it, write END and make it CHAN_DEAD; the
 * daemon carries our next message.
 */
static void
chan_tcp_check(struct lpvm_chan *ch)
{
	struct pvm_frame	 f;
	const char		*cause;
	ssize_t			 n;

	ch->checked = lpvm_now_ms();
	if (ch->state != CHAN_OPEN || ch->fd == -1)
		return;
	if (ch->ibuf == NULL && (ch->ibuf = malloc(PVM_FRAME_HDRLEN)) == NULL)
		return;
	for (;;) {
		n = recv(ch->fd, ch->ibuf + ch->ilen, PVM_FRAME_HDRLEN -
		    ch->ilen, MSG_DONTWAIT);
		if (n == -1 && errno == EINTR)
			continue;
		break;
	}
	if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return;
	if (n <= 0) {
		ch->state = CHAN_DEAD;
		return;
	}
	ch->ilen += (size_t)n;
	if (ch->ilen < PVM_FRAME_HDRLEN)
		return;
	ch->ilen = 0;
	if (wire_hdr_decode(ch->ibuf, &f, 0, &cause) != 0 ||
	    f.type != PVM_MSG_CHAN_CLOSE || f.src != ch->tid) {
		ch->state = CHAN_DEAD;
		return;
	}
	(void)chan_tcp_end(ch->fd, ch->tid, 1);
	ch->state = CHAN_DEAD;
}

/*
 * Read an incoming TCP route until its sender ends it, or until the
 * deadline (ms, chan_now_ms).  Returns 0 (ended: ch is CHAN_DEAD), 1 (not
 * yet), or PvmNoMem.
 */
static int
chan_tcp_drain(struct lpvm_chan *ch, int64_t deadline)
{
	int64_t	left;

	for (;;) {
		if (chan_tcp_read(ch) == PvmNoMem)
			return (PvmNoMem);
		if (ch->state != CHAN_OPEN)
			return (0);
		if ((left = deadline - lpvm_now_ms()) <= 0)
			return (1);
		(void)chan_tcp_io(ch->fd, POLLIN, lpvm_now_ms() +
		    (left > 100 ? 100 : left));
	}
}

/*
 * Stop reading a ring for good: freeze it and queue every whole frame
 * committed before; a partial one is dropped (its sender's commit failed
 * and it sends the frame again through the daemon).  Returns the frames
 * queued, or PvmNoMem.  The caller frees ch.
 */
static int
chan_in_leave(struct lpvm_chan *ch)
{
	int	n;

	lpvm_ring_freeze(&ch->ring);
	n = chan_in_read(ch);
	if (lpvm_ring_wake_tx(&ch->ring))
		chan_ring_bell(ch->bell);
	ch->state = CHAN_DEAD;
	return (n);
}

/*
 * A message from src came through the daemon: queue first what came
 * from src by a direct route still open here, reading it to its end
 * (src ended it before sending the daemon's way).  Returns 0, or PvmNoMem.
 */
int
lpvm_chan_flush(int src)
{
	struct lpvm_chan	*ch, *next;
	int			 n;

	if (!chan.init || chan.nin == 0 || !lpvm_tid_valid(src))
		return (0);
	TAILQ_FOREACH_SAFE(ch, &chan.in, entry, next) {
		if (ch->tid != src)
			continue;
		if (ch->tcp)
			n = chan_tcp_drain(ch, lpvm_now_ms() +
			    CHAN_END_WAIT_MS);
		else
			n = chan_in_read(ch);
		if (n == PvmNoMem)
			return (n);
		if (ch->tcp || ch->state == CHAN_DEAD)
			chan_in_free(ch);
	}
	return (0);
}

/*
 * Checkpoint (lpvm_chan_ckpt and its helpers): this runs in a signal
 * handler when the task is outside the library, so it allocates and
 * frees nothing.  Whole frames go to the end of the checkpoint's stash
 * of the daemon link (lpvm_ckpt_stash_put), which the task reads after
 * it (wherever it then runs): after the notices of those routes, before
 * anything their senders send later (the daemon holds that).  Route
 * state is freed later, in a safe place (chan_zombies_free).
 */
static unsigned char	chan_ckbuf[65536];

/* Copy n bytes at the tail of ring r to the stash, consuming them. */
static int
chan_ring_copy(struct lpvm_ring *r, uint64_t n)
{
	size_t	k;

	while (n > 0) {
		k = n > sizeof chan_ckbuf ? sizeof chan_ckbuf : (size_t)n;
		lpvm_ring_get(r, 0, chan_ckbuf, k);
		if (lpvm_ckpt_stash_put(chan_ckbuf, k) != 0)
			return (-1);
		lpvm_ring_consume(r, k);
		n -= k;
	}
	return (0);
}

/*
 * Freeze ring r and copy its whole frames to the stash; the first one
 * continues the frame ph (got bytes of it in body) if ph is not NULL.  A
 * partial frame is dropped (its sender's commit failed: it sends the
 * frame again through the daemon).  src: the sender, 0 if unknown (any
 * task).  Returns 0, or -1 if the stash cannot grow.
 */
static int
chan_ring_stash(struct lpvm_ring *r, int src, const struct pvm_frame *ph,
    const unsigned char *body, size_t got)
{
	struct pvm_frame	 f;
	uint8_t			 hdr[PVM_FRAME_HDRLEN];
	const char		*cause;
	int64_t			 avail;

	lpvm_ring_freeze(r);
	if (ph != NULL) {
		avail = lpvm_ring_avail(r);
		if (avail < 0 || (uint64_t)avail < ph->len - got)
			return (0);
		wire_hdr_encode(ph, hdr);
		if (lpvm_ckpt_stash_put(hdr, sizeof hdr) != 0 ||
		    lpvm_ckpt_stash_put(body, got) != 0 ||
		    chan_ring_copy(r, ph->len - got) != 0)
			return (-1);
	}
	for (;;) {
		avail = lpvm_ring_avail(r);
		if (avail < PVM_FRAME_HDRLEN)
			return (0);
		lpvm_ring_get(r, 0, hdr, sizeof hdr);
		if (wire_hdr_decode(hdr, &f, PVM_MAX_FRAME, &cause) != 0 ||
		    f.type != PVM_MSG_DATA || f.dst != lpvm.mytid ||
		    (src != 0 ? f.src != src : !lpvm_tid_valid(f.src)))
			return (0);
		if ((uint64_t)avail < PVM_FRAME_HDRLEN + (uint64_t)f.len)
			return (0);
		if (chan_ring_copy(r, PVM_FRAME_HDRLEN + (uint64_t)f.len) != 0)
			return (-1);
	}
}

/* A ring in memory file fd that came with a notice not read yet. */
static int
chan_ring_fd_stash(int fd)
{
	struct lpvm_ring	 r;
	struct stat		 sb;
	void			*map;
	int			 rv;

	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    sb.st_size <= PVM_RING_HDRLEN || sb.st_size > PVM_RING_HDRLEN +
	    (off_t)PVM_RING_MAX)
		return (0);
	map = mmap(NULL, (size_t)sb.st_size, PROT_READ | PROT_WRITE,
	    MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		return (0);
	rv = 0;
	if (lpvm_ring_attach(&r, map, (size_t)sb.st_size) == 0)
		rv = chan_ring_stash(&r, 0, NULL, NULL, 0);
	munmap(map, (size_t)sb.st_size);
	return (rv);
}

/*
 * Read TCP route fd to its END (or its end, the deadline, or
 * CHAN_END_STASH_MAX bytes), copying whole frames to the stash: first
 * what ch (if not NULL) holds, a partial frame and buffered bytes.
 * src: the sender, 0 if unknown.  Returns 0, or -1 if the stash cannot
 * grow.
 */
static int
chan_tcp_stash(int fd, int src, struct lpvm_chan *ch, int64_t deadline)
{
	struct pvm_frame	 f;
	uint8_t			 hb[PVM_FRAME_HDRLEN];
	const char		*cause;
	const unsigned char	*p;
	size_t			 hlen = 0, mark = 0, k, n, start;
	uint64_t		 need = 0;
	ssize_t			 got;
	int			 have = 0, from_ch;

	start = lpvm_ckpt_stash_len();
	if (ch != NULL && ch->have_hdr) {
		mark = start;
		wire_hdr_encode(&ch->hdr, hb);
		if (lpvm_ckpt_stash_put(hb, sizeof hb) != 0 ||
		    lpvm_ckpt_stash_put(ch->body, ch->got) != 0)
			return (-1);
		need = ch->hdr.len - ch->got;
		have = 1;
	}
	from_ch = ch != NULL && ch->ibuf != NULL && ch->ilen > 0;
	for (;;) {
		if (from_ch) {
			p = ch->ibuf + ch->ioff;
			n = ch->ilen;
			from_ch = 0;
		} else {
			got = recv(fd, chan_ckbuf, sizeof chan_ckbuf,
			    MSG_DONTWAIT);
			if (got == -1 && errno == EINTR)
				continue;
			if (got == -1 && errno == EAGAIN) {
				if (chan_tcp_io(fd, POLLIN, deadline) == 0)
					continue;
				got = 0;
			}
			if (got <= 0)
				break;		/* ended, broken or late */
			/* A sender that never stops is cut off. */
			if (lpvm_ckpt_stash_len() - start > CHAN_END_STASH_MAX)
				break;
			p = chan_ckbuf;
			n = (size_t)got;
		}
		while (n > 0) {
			if (have) {
				k = n < need ? n : (size_t)need;
				if (lpvm_ckpt_stash_put(p, k) != 0)
					return (-1);
				p += k;
				n -= k;
				if ((need -= k) == 0)
					have = 0;
				continue;
			}
			k = sizeof hb - hlen < n ? sizeof hb - hlen : n;
			memcpy(hb + hlen, p, k);
			hlen += k;
			p += k;
			n -= k;
			if (hlen < sizeof hb)
				continue;
			hlen = 0;
			if (wire_hdr_decode(hb, &f, PVM_MAX_FRAME,
			    &cause) != 0 || f.dst != lpvm.mytid ||
			    (src != 0 ? f.src != src : !lpvm_tid_valid(f.src)))
				return (0);
			if (f.type == PVM_MSG_CHAN_CLOSE)
				return (0);	/* END */
			if (f.type != PVM_MSG_DATA)
				return (0);
			mark = lpvm_ckpt_stash_len();
			if (lpvm_ckpt_stash_put(hb, sizeof hb) != 0)
				return (-1);
			need = f.len;
			have = need > 0;
		}
	}
	if (have)
		lpvm_ckpt_stash_trunc(mark);
	return (0);
}

/* Park every route for chan_zombies_free; no route is left. */
static void
chan_zombify(void)
{
	struct lpvm_chan	*ch;
	int			 i;

	while ((ch = TAILQ_FIRST(&chan.in)) != NULL) {
		TAILQ_REMOVE(&chan.in, ch, entry);
		/* Its frame is in the stash now, not the precv's. */
		if (ch->direct) {
			chan.direct->busy = 0;
			ch->direct = 0;
			ch->body = NULL;
		}
		ch->next = chan.zombies;
		chan.zombies = ch;
	}
	for (i = 0; i < CHAN_HASH; i++) {
		while ((ch = chan.out[i]) != NULL) {
			chan.out[i] = ch->next;
			ch->next = chan.zombies;
			chan.zombies = ch;
		}
	}
	chan.last = NULL;
	chan.nin = chan.ntcpin = 0;
	chan.nout = chan.ntcp = 0;
}

/* Free the routes a checkpoint parked (a safe place: no signal). */
static void
chan_zombies_free(void)
{
	struct lpvm_chan	*ch;

	while ((ch = chan.zombies) != NULL) {
		chan.zombies = ch->next;
		lpvm_body_free(ch->body);
		free(ch->ibuf);
		free(ch);
	}
}

/*
 * The task leaves its process (a checkpoint): end every direct route,
 * with nothing sent on one lost or read twice (see the top of this
 * file).  fds: the descriptors that came on the daemon link with frames
 * not read yet (their notices will find nothing); all are closed.
 * Returns 0, or -1 if the stash could not grow (frames were lost).
 */
int
lpvm_chan_ckpt(int *fds, int nfds)
{
	struct lpvm_chan	*ch;
	struct stat		 sb;
	int64_t			 deadline;
	int			 i, rv = 0;

	if (!chan.init || lpvm.mytid == 0) {
		for (i = 0; i < nfds; i++)
			close(fds[i]);
		return (0);
	}
	/* Senders of TCP routes to us: asked to end them, all at once. */
	TAILQ_FOREACH(ch, &chan.in, entry) {
		if (ch->tcp && ch->fd != -1)
			(void)chan_tcp_end(ch->fd, ch->tid, 0);
	}
	for (i = 0; i < nfds; i++) {
		if (fstat(fds[i], &sb) == 0 && S_ISSOCK(sb.st_mode))
			(void)chan_tcp_end(fds[i], 0, 0);
	}
	/* Rings to us: frozen, their whole frames kept. */
	TAILQ_FOREACH(ch, &chan.in, entry) {
		if (ch->tcp || ch->map == NULL)
			continue;
		if (chan_ring_stash(&ch->ring, ch->tid, ch->have_hdr ?
		    &ch->hdr : NULL, ch->body, ch->got) != 0)
			rv = -1;
		if (lpvm_ring_wake_tx(&ch->ring))
			chan_ring_bell(ch->bell);
	}
	for (i = 0; i < nfds; i++) {
		if (chan_ring_fd_stash(fds[i]) != 0)
			rv = -1;
	}
	/* TCP routes to us: read to their END. */
	deadline = lpvm_now_ms() + CHAN_END_WAIT_MS;
	TAILQ_FOREACH(ch, &chan.in, entry) {
		if (ch->tcp && ch->fd != -1 &&
		    chan_tcp_stash(ch->fd, ch->tid, ch, deadline) != 0)
			rv = -1;
	}
	for (i = 0; i < nfds; i++) {
		if (fstat(fds[i], &sb) == 0 && S_ISSOCK(sb.st_mode) &&
		    chan_tcp_stash(fds[i], 0, NULL, deadline) != 0)
			rv = -1;
		close(fds[i]);
	}
	/* Ours: rings closed for sending, END on TCP routes. */
	for (i = 0; i < CHAN_HASH; i++) {
		for (ch = chan.out[i]; ch != NULL; ch = ch->next) {
			if (ch->map != NULL && !ch->tcp)
				lpvm_ring_close(&ch->ring,
				    LPVM_RING_CLOSED_TX);
			if (ch->tcp && ch->fd != -1 && ch->state == CHAN_OPEN)
				(void)chan_tcp_end(ch->fd, ch->tid, 1);
		}
	}
	/* Every descriptor and mapping goes; the memory later. */
	TAILQ_FOREACH(ch, &chan.in, entry)
		chan_release(ch);
	for (i = 0; i < CHAN_HASH; i++) {
		for (ch = chan.out[i]; ch != NULL; ch = ch->next)
			chan_release(ch);
	}
	chan_zombify();
	if (chan.bell != -1)
		close(chan.bell);
	chan.bell = -1;
	return (rv);
}
