/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * The one peer layer: a stream socket carrying frames.  A peer owns its
 * fd (through a bufferevent), its input and output buffers, its state
 * and a reference count.  Every complete frame read is handed to the
 * owner's dispatch callback; the end of the link is reported once as
 * dispatchcb(NULL, arg), always from a deferred callback so that the
 * owner never sees its own state change under its feet.  A peer is never
 * freed inside one of its own callbacks.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>

#include "log.h"
#include "xmalloc.h"
#include "pvmd.h"

/* How long a closing peer may take to take its last output. */
#define PEER_DRAIN_TIMEOUT	10
/*
 * A data body this large is not copied into one block: it stays in the
 * input buffer (pvm_frame.chain) and is moved to the output of the task
 * it goes to (peer_send_frame), or copied only if a handler needs it
 * whole (peer_frame_body).
 */
#define PEER_CHAIN_MIN		(64 * 1024)

enum peer_state {
	PEER_OPEN,	/* reading and writing */
	PEER_DRAIN,	/* no reading; closed once the output is written */
	PEER_DEAD	/* nothing; freed when unreferenced */
};

enum peer_evt {
	PEER_EVT_READ,
	PEER_EVT_WRITTEN,
	PEER_EVT_EOF,
	PEER_EVT_ERROR,
	PEER_EVT_TIMEOUT
};

/*
 * A frame that carries descriptors, or one queued behind such a frame:
 * frames leave in order, and descriptors go with the first byte of their
 * frame, sent by sendmsg once the bufferevent's output is empty.
 */
struct peer_fdmsg {
	TAILQ_ENTRY(peer_fdmsg)	 entry;
	uint8_t			*buf;
	size_t			 len;
	int			 fds[PVM_CHAN_MAXFDS];
	int			 nfds;
};
TAILQ_HEAD(peer_fdmsgs, peer_fdmsg);

struct peer {
	struct event_base	*base;
	struct bufferevent	*bev;
	enum peer_state		 state;
	int			 refs;
	int			 notify;	/* owner must hear of the end */
	int			 scheduled;	/* deferred callback pending */
	uint32_t		 maxlen;
	peer_dispatch_cb	 dispatchcb;
	void			*arg;
	char			 name[32];
	struct peer_fdmsgs	 fdq;		/* frames with descriptors */
	size_t			 fdqlen;	/* bytes in fdq */
	struct event		*fdev;		/* socket writable for fdq */
	int			 shut_wr;	/* shut sending once written */
};

static u_int	peer_live;

static void	peer_setup(struct peer *);
static void	peer_enter_state(struct peer *, enum peer_state);
static void	peer_event(struct peer *, enum peer_evt);
static void	peer_read_cb(struct bufferevent *, void *);
static void	peer_write_cb(struct bufferevent *, void *);
static void	peer_error_cb(struct bufferevent *, short, void *);
static void	peer_process(struct peer *);
static void	peer_process_chain(struct peer *, struct pvm_frame *);
static void	peer_fail(struct peer *, const char *);
static void	peer_schedule(struct peer *);
static void	peer_deferred(evutil_socket_t, short, void *);
static void	peer_free(struct peer *);
static void	peer_do_shutdown(struct peer *);
static int	peer_version_mismatch(const uint8_t *);
static void	peer_fdq_flush(struct peer *);
static void	peer_fdq_cb(evutil_socket_t, short, void *);
static void	peer_fdq_free(struct peer *);

/*
 * Make a peer of a connected, non-blocking, close-on-exec stream socket.
 * Frames longer than maxlen kill the link.  The peer owns fd.
 */
struct peer *
peer_new(struct event_base *base, int fd, uint32_t maxlen,
    peer_dispatch_cb cb, void *arg)
{
	struct peer	*peer;

	peer = xcalloc(1, sizeof *peer);
	peer->base = base;
	peer->maxlen = maxlen;
	peer->dispatchcb = cb;
	peer->arg = arg;
	(void)snprintf(peer->name, sizeof peer->name, "new");
	peer->bev = bufferevent_socket_new(base, fd, BEV_OPT_CLOSE_ON_FREE);
	if (peer->bev == NULL)
		fatalx("bufferevent_socket_new failed");
	peer_setup(peer);
	return (peer);
}

/*
 * Make a peer of a bufferevent already set up by the caller (a TLS link,
 * for example).  The peer owns bev and frees it.
 */
struct peer *
peer_new_bev(struct event_base *base, struct bufferevent *bev,
    uint32_t maxlen, peer_dispatch_cb cb, void *arg)
{
	struct peer	*peer;

	peer = xcalloc(1, sizeof *peer);
	peer->base = base;
	peer->maxlen = maxlen;
	peer->dispatchcb = cb;
	peer->arg = arg;
	(void)snprintf(peer->name, sizeof peer->name, "new");
	peer->bev = bev;
	peer_setup(peer);
	return (peer);
}

/* The bufferevent of a peer, to ask it about its connection. */
struct bufferevent *
peer_bev(struct peer *peer)
{
	return (peer->bev);
}

/* Set the callbacks of a new peer's bufferevent and start reading. */
static void
peer_setup(struct peer *peer)
{
	TAILQ_INIT(&peer->fdq);
	bufferevent_setcb(peer->bev, peer_read_cb, peer_write_cb,
	    peer_error_cb, peer);
	if (bufferevent_enable(peer->bev, EV_READ) == -1)
		fatalx("bufferevent_enable failed");
	peer->state = PEER_OPEN;
	peer_live++;
}

/* Name the peer in log lines, for example "t40001". */
void
peer_set_name(struct peer *peer, const char *name)
{
	(void)snprintf(peer->name, sizeof peer->name, "%s", name);
}

/* The name of the peer in log lines. */
const char *
peer_name(struct peer *peer)
{
	return (peer->name);
}

/* Change the longest frame body accepted from this peer. */
void
peer_set_maxlen(struct peer *peer, uint32_t maxlen)
{
	peer->maxlen = maxlen;
}

/* How many peers are not yet closed. */
u_int
peer_count(void)
{
	return (peer_live);
}

static void
peer_enter_state(struct peer *peer, enum peer_state state)
{
	if (peer->state == state)
		return;
	log_debug("peer %s: state %d -> %d", peer->name, peer->state, state);
	switch (state) {
	case PEER_OPEN:
		fatalx("peer %s: cannot reopen", peer->name);
	case PEER_DRAIN:
		if (peer->state != PEER_OPEN)
			fatalx("peer %s: drain from state %d", peer->name,
			    peer->state);
		bufferevent_disable(peer->bev, EV_READ);
		peer->state = PEER_DRAIN;
		if (evbuffer_get_length(bufferevent_get_output(peer->bev))
		    == 0 && TAILQ_EMPTY(&peer->fdq)) {
			peer_enter_state(peer, PEER_DEAD);
			return;
		}
		{
			struct timeval	tv = { PEER_DRAIN_TIMEOUT, 0 };

			bufferevent_set_timeouts(peer->bev, NULL, &tv);
		}
		break;
	case PEER_DEAD:
		bufferevent_disable(peer->bev, EV_READ | EV_WRITE);
		if (peer->fdev != NULL)
			event_del(peer->fdev);
		peer->state = PEER_DEAD;
		peer_live--;
		peer_schedule(peer);
		break;
	}
}

/* All I/O of a peer arrives here. */
static void
peer_event(struct peer *peer, enum peer_evt evt)
{
	switch (evt) {
	case PEER_EVT_READ:
		if (peer->state == PEER_OPEN)
			peer_process(peer);
		break;
	case PEER_EVT_WRITTEN:
		if (peer->state == PEER_DRAIN)
			peer_enter_state(peer, PEER_DEAD);
		else if (peer->state == PEER_OPEN && peer->shut_wr == 1)
			peer_do_shutdown(peer);
		break;
	case PEER_EVT_EOF:
		if (peer->state == PEER_OPEN) {
			/* Frames that came with the EOF still count. */
			peer_process(peer);
		}
		if (peer->state != PEER_DEAD) {
			log_debug("peer %s: end of link", peer->name);
			peer_enter_state(peer, PEER_DEAD);
		}
		break;
	case PEER_EVT_ERROR:
		if (peer->state != PEER_DEAD) {
			log_debug("peer %s: link error: %s", peer->name,
			    strerror(errno));
			peer_enter_state(peer, PEER_DEAD);
		}
		break;
	case PEER_EVT_TIMEOUT:
		if (peer->state != PEER_DEAD) {
			log_warnx("peer %s: output not taken in %d seconds",
			    peer->name, PEER_DRAIN_TIMEOUT);
			peer_enter_state(peer, PEER_DEAD);
		}
		break;
	default:
		fatalx("peer %s: bad event %d", peer->name, evt);
	}
}

static void
peer_read_cb(__unused struct bufferevent *bev, void *arg)
{
	peer_event(arg, PEER_EVT_READ);
}

static void
peer_write_cb(__unused struct bufferevent *bev, void *arg)
{
	struct peer	*peer = arg;

	if (!TAILQ_EMPTY(&peer->fdq) && peer->state != PEER_DEAD) {
		peer_fdq_flush(peer);
		if (!TAILQ_EMPTY(&peer->fdq) || evbuffer_get_length(
		    bufferevent_get_output(peer->bev)) != 0)
			return;
	}
	peer_event(arg, PEER_EVT_WRITTEN);
}

static void
peer_error_cb(__unused struct bufferevent *bev, short what, void *arg)
{
	if (what == BEV_EVENT_CONNECTED)
		return;		/* a TLS handshake ended; frames follow */
	if (what & BEV_EVENT_EOF)
		peer_event(arg, PEER_EVT_EOF);
	else if (what & BEV_EVENT_TIMEOUT)
		peer_event(arg, PEER_EVT_TIMEOUT);
	else
		peer_event(arg, PEER_EVT_ERROR);
}

/* Whether a header that failed to decode is a good one of another version. */
static int
peer_version_mismatch(const uint8_t *hdr)
{
	uint32_t	magic, vt;

	memcpy(&magic, hdr, 4);
	memcpy(&vt, hdr + 4, 4);
	return (ntohl(magic) == PVM_FRAME_MAGIC &&
	    (ntohl(vt) >> 16) != PVM_PROTOCOL_VERSION);
}

/*
 * Hand every complete frame in the input buffer to the owner.  Stops
 * when the peer leaves PEER_OPEN (the owner closed it or the frame was
 * bad); a partial frame stays buffered for the next read.
 */
static void
peer_process(struct peer *peer)
{
	struct evbuffer		*in = bufferevent_get_input(peer->bev);
	struct pvm_frame	 f;
	struct pvm_frame	 vf;
	const char		*cause;
	uint8_t			*p;
	size_t			 avail, total;

	peer->refs++;
	while (peer->state == PEER_OPEN && peer->dispatchcb != NULL) {
		avail = evbuffer_get_length(in);
		if (avail < PVM_FRAME_HDRLEN)
			break;
		if ((p = evbuffer_pullup(in, PVM_FRAME_HDRLEN)) == NULL) {
			peer_fail(peer, "out of memory");
			break;
		}
		if (wire_hdr_decode(p, &f, peer->maxlen, &cause) != 0) {
			if (!peer_version_mismatch(p)) {
				peer_fail(peer, cause);
				break;
			}
			log_warnx("peer %s: %s, sending %s", peer->name,
			    cause, pvm_msgtype_str(PVM_MSG_VERSION));
			memset(&vf, 0, sizeof vf);
			vf.type = PVM_MSG_VERSION;
			vf.src = PVMD_TID;
			(void)peer_send(peer, &vf, NULL, 0);
			peer->notify = 1;
			peer_enter_state(peer, PEER_DRAIN);
			peer_schedule(peer);
			break;
		}
		total = PVM_FRAME_HDRLEN + (size_t)f.len;
		if (avail < total)
			break;
		if (f.type == PVM_MSG_DATA && f.len >= PEER_CHAIN_MIN) {
			peer_process_chain(peer, &f);
			continue;
		}
		if ((p = evbuffer_pullup(in, total)) == NULL) {
			peer_fail(peer, "out of memory");
			break;
		}
		f.body = f.len != 0 ? p + PVM_FRAME_HDRLEN : NULL;
		log_debug("peer %s: received %s len %u reqid %u", peer->name,
		    pvm_msgtype_str(f.type), f.len, f.reqid);
		peer->dispatchcb(&f, peer->arg);
		if (evbuffer_drain(in, total) == -1)
			fatalx("evbuffer_drain failed");
	}
	if (--peer->refs == 0 && peer->state == PEER_DEAD)
		peer_schedule(peer);
}

/*
 * Dispatch a large data frame whose header heads the input: its body
 * stays in the input buffer for the handler (f->chain), and whatever the
 * handler did not take is dropped afterwards.
 */
static void
peer_process_chain(struct peer *peer, struct pvm_frame *f)
{
	struct evbuffer	*in = bufferevent_get_input(peer->bev);
	size_t		 before, taken;

	if (evbuffer_drain(in, PVM_FRAME_HDRLEN) == -1)
		fatalx("evbuffer_drain failed");
	f->body = NULL;
	f->chain = in;
	before = evbuffer_get_length(in);
	log_debug("peer %s: received %s len %u (chained)", peer->name,
	    pvm_msgtype_str(f->type), f->len);
	peer->dispatchcb(f, peer->arg);
	taken = before - evbuffer_get_length(in);
	if (taken > f->len)
		fatalx("peer %s: handler took %zu of %u bytes", peer->name,
		    taken, f->len);
	if (evbuffer_drain(in, f->len - taken) == -1)
		fatalx("evbuffer_drain failed");
}

/*
 * The body of a frame being dispatched, made contiguous if it is still
 * in the input buffer; valid until the handler returns.
 */
const void *
peer_frame_body(struct pvm_frame *f)
{
	if (f->body == NULL && f->chain != NULL && f->len != 0) {
		f->body = evbuffer_pullup(f->chain, f->len);
		if (f->body == NULL)
			fatalx("evbuffer_pullup of %u bytes failed", f->len);
	}
	return (f->body);
}

/*
 * Queue the data frame f (being dispatched) for peer with header hdr:
 * a body still in the sender's input buffer is moved there, not copied.
 * Returns as peer_send.
 */
int
peer_send_frame(struct peer *peer, const struct pvm_frame *hdr,
    struct pvm_frame *f)
{
	struct evbuffer		*out;
	struct pvm_frame	 h;
	uint8_t			 buf[PVM_FRAME_HDRLEN];

	if (f->body != NULL || f->chain == NULL || f->len == 0 ||
	    !TAILQ_EMPTY(&peer->fdq))
		return (peer_send(peer, hdr, peer_frame_body(f), f->len));
	if (peer->state == PEER_DEAD)
		return (-1);
	out = bufferevent_get_output(peer->bev);
	if (evbuffer_get_length(out) + peer->fdqlen > PEER_OUT_MAX) {
		peer_fail(peer, "output queue over limit");
		return (-1);
	}
	h = *hdr;
	h.len = f->len;
	wire_hdr_encode(&h, buf);
	if (evbuffer_add(out, buf, sizeof buf) == -1 ||
	    evbuffer_remove_buffer(f->chain, out, f->len) != (int)f->len) {
		peer_fail(peer, "out of memory");
		return (-1);
	}
	log_debug("peer %s: sent %s len %u (moved)", peer->name,
	    pvm_msgtype_str(h.type), h.len);
	return (0);
}

/*
 * Read whatever the socket holds now and dispatch it, so that frames
 * written by a process that has just died are not lost.
 */
void
peer_pump(struct peer *peer)
{
	struct evbuffer	*in;
	int		 n;

	if (peer->state != PEER_OPEN)
		return;
	in = bufferevent_get_input(peer->bev);
	do {
		n = evbuffer_read(in, bufferevent_getfd(peer->bev), 65536);
	} while (n > 0 && evbuffer_get_length(in) < PEER_OUT_MAX);
	peer_process(peer);
	if (n == 0 && peer->state == PEER_OPEN) {
		log_debug("peer %s: end of link", peer->name);
		peer_enter_state(peer, PEER_DEAD);
	}
}

/* The link failed: log why, stop it and tell the owner later. */
static void
peer_fail(struct peer *peer, const char *reason)
{
	if (peer->state == PEER_DEAD)
		return;
	log_warnx("peer %s: %s, closing", peer->name, reason);
	peer_enter_state(peer, PEER_DEAD);
}

/*
 * Queue a frame with body (len bytes) for the peer.  src, dst and the
 * rest come from hdr; hdr->len is ignored.  Returns 0, or -1 if the
 * peer is closing or its output queue passed PEER_OUT_MAX (the peer is
 * then killed and its owner told later).
 */
int
peer_send(struct peer *peer, const struct pvm_frame *hdr, const void *body,
    size_t len)
{
	struct evbuffer		*out;
	struct pvm_frame	 f;
	uint8_t			 buf[PVM_FRAME_HDRLEN];

	if (peer->state == PEER_DEAD || peer->shut_wr)
		return (-1);
	if (len > PVM_MAX_FRAME)
		fatalx("peer %s: frame of %zu bytes", peer->name, len);
	out = bufferevent_get_output(peer->bev);
	if (evbuffer_get_length(out) + peer->fdqlen > PEER_OUT_MAX) {
		peer_fail(peer, "output queue over limit");
		return (-1);
	}
	if (!TAILQ_EMPTY(&peer->fdq))
		return (peer_send_fds(peer, hdr, body, len, NULL, 0));
	f = *hdr;
	f.len = (uint32_t)len;
	wire_hdr_encode(&f, buf);
	if (evbuffer_add(out, buf, sizeof buf) == -1 ||
	    (len != 0 && evbuffer_add(out, body, len) == -1)) {
		peer_fail(peer, "out of memory");
		return (-1);
	}
	log_debug("peer %s: sent %s len %zu reqid %u", peer->name,
	    pvm_msgtype_str(f.type), len, f.reqid);
	return (0);
}

/*
 * Queue a frame as peer_send does, with nfds descriptors that go with
 * it (SCM_RIGHTS); the peer keeps duplicates, the caller still owns
 * fds.  The frame leaves after everything queued before it.  Returns as
 * peer_send.
 */
int
peer_send_fds(struct peer *peer, const struct pvm_frame *hdr,
    const void *body, size_t len, const int *fds, int nfds)
{
	struct peer_fdmsg	*m;
	struct pvm_frame	 f;
	int			 i;

	if (peer->state == PEER_DEAD)
		return (-1);
	if (len > PVM_MAX_FRAME || nfds < 0 || nfds > PVM_CHAN_MAXFDS)
		fatalx("peer %s: frame of %zu bytes, %d fds", peer->name,
		    len, nfds);
	if (evbuffer_get_length(bufferevent_get_output(peer->bev)) +
	    peer->fdqlen > PEER_OUT_MAX) {
		peer_fail(peer, "output queue over limit");
		return (-1);
	}
	m = xcalloc(1, sizeof *m);
	m->len = PVM_FRAME_HDRLEN + len;
	m->buf = xmalloc(m->len);
	f = *hdr;
	f.len = (uint32_t)len;
	wire_hdr_encode(&f, m->buf);
	if (len != 0)
		memcpy(m->buf + PVM_FRAME_HDRLEN, body, len);
	for (i = 0; i < nfds; i++) {
		if ((m->fds[i] = fcntl(fds[i], F_DUPFD_CLOEXEC, 0)) == -1) {
			log_warn("peer %s: dup", peer->name);
			while (i-- > 0)
				close(m->fds[i]);
			free(m->buf);
			free(m);
			return (-1);
		}
	}
	m->nfds = nfds;
	TAILQ_INSERT_TAIL(&peer->fdq, m, entry);
	peer->fdqlen += m->len;
	log_debug("peer %s: queued %s len %zu with %d fds", peer->name,
	    pvm_msgtype_str(f.type), len, nfds);
	peer_fdq_flush(peer);
	return (0);
}

/*
 * Move queued frames to the output, in order.  A frame with descriptors
 * waits until the output is empty, then its descriptors go with the
 * first bytes that sendmsg takes; the rest follows through the output.
 */
static void
peer_fdq_flush(struct peer *peer)
{
	struct evbuffer		*out = bufferevent_get_output(peer->bev);
	struct peer_fdmsg	*m;
	struct msghdr		 msg;
	struct iovec		 iov;
	struct cmsghdr		*cm;
	union {
		struct cmsghdr	 align;
		char		 buf[CMSG_SPACE(PVM_CHAN_MAXFDS * sizeof(int))];
	}			 cbuf;
	ssize_t			 n;
	int			 i;

	while (peer->state != PEER_DEAD && (m = TAILQ_FIRST(&peer->fdq))) {
		n = 0;
		if (m->nfds != 0) {
			if (evbuffer_get_length(out) != 0)
				return;		/* peer_write_cb comes back */
			memset(&msg, 0, sizeof msg);
			iov.iov_base = m->buf;
			iov.iov_len = m->len;
			msg.msg_iov = &iov;
			msg.msg_iovlen = 1;
			memset(&cbuf, 0, sizeof cbuf);
			msg.msg_control = cbuf.buf;
			msg.msg_controllen = CMSG_SPACE(m->nfds * sizeof(int));
			cm = CMSG_FIRSTHDR(&msg);
			cm->cmsg_level = SOL_SOCKET;
			cm->cmsg_type = SCM_RIGHTS;
			cm->cmsg_len = CMSG_LEN(m->nfds * sizeof(int));
			memcpy(CMSG_DATA(cm), m->fds, m->nfds * sizeof(int));
			n = sendmsg(bufferevent_getfd(peer->bev), &msg,
			    MSG_NOSIGNAL | MSG_DONTWAIT);
			if (n == -1) {
				if (errno == EINTR)
					continue;
				if (errno == EAGAIN || errno == EWOULDBLOCK) {
					if (peer->fdev == NULL)
						peer->fdev = event_new(
						    peer->base,
						    bufferevent_getfd(
						    peer->bev), EV_WRITE,
						    peer_fdq_cb, peer);
					if (peer->fdev == NULL ||
					    event_add(peer->fdev, NULL) == -1)
						fatalx("peer %s: event",
						    peer->name);
					return;
				}
				peer_fail(peer, strerror(errno));
				return;
			}
			for (i = 0; i < m->nfds; i++)
				close(m->fds[i]);
			m->nfds = 0;
		}
		if ((size_t)n < m->len &&
		    evbuffer_add(out, m->buf + n, m->len - n) == -1) {
			peer_fail(peer, "out of memory");
			return;
		}
		TAILQ_REMOVE(&peer->fdq, m, entry);
		peer->fdqlen -= m->len;
		free(m->buf);
		free(m);
	}
}

/* The socket can take the descriptors that were waiting. */
static void
peer_fdq_cb(__unused evutil_socket_t fd, __unused short events, void *arg)
{
	struct peer	*peer = arg;

	peer_fdq_flush(peer);
	if (TAILQ_EMPTY(&peer->fdq) && peer->state == PEER_DRAIN &&
	    evbuffer_get_length(bufferevent_get_output(peer->bev)) == 0)
		peer_enter_state(peer, PEER_DEAD);
}

/* Drop what the queue holds, closing its descriptors. */
static void
peer_fdq_free(struct peer *peer)
{
	struct peer_fdmsg	*m;
	int			 i;

	while ((m = TAILQ_FIRST(&peer->fdq)) != NULL) {
		TAILQ_REMOVE(&peer->fdq, m, entry);
		for (i = 0; i < m->nfds; i++)
			close(m->fds[i]);
		free(m->buf);
		free(m);
	}
	peer->fdqlen = 0;
	if (peer->fdev != NULL) {
		event_free(peer->fdev);
		peer->fdev = NULL;
	}
}

/*
 * Fill f for a control message of type and pack m (NULL: empty body) into
 * *body (allocated, or NULL) of *len bytes.  Returns 0, or -1 (logged)
 * if the message is longer than a control frame may be.
 */
int
peer_ctl_frame(struct pvm_frame *f, int type, uint32_t reqid, int src,
    int dst, const ProtobufCMessage *m, uint8_t **body, size_t *len)
{
	memset(f, 0, sizeof *f);
	f->type = type;
	f->reqid = reqid;
	f->src = src;
	f->dst = dst;
	*body = NULL;
	*len = 0;
	if (m == NULL || (*len = wire_ctl_size(m)) == 0)
		return (0);
	if (*len > PVM_MAX_CTL_FRAME) {
		log_warnx("%s of %zu bytes is too long",
		    pvm_msgtype_str(type), *len);
		return (-1);
	}
	*body = xmalloc(*len);
	if (wire_ctl_pack(m, *body) != *len)
		fatalx("%s: pack failed", pvm_msgtype_str(type));
	return (0);
}

/*
 * Pack and queue a control message (m may be NULL for an empty body).
 * Returns as peer_send.
 */
int
peer_send_ctl(struct peer *peer, int type, uint32_t reqid, int src, int dst,
    const ProtobufCMessage *m)
{
	struct pvm_frame	 f;
	uint8_t			*body;
	size_t			 len;
	int			 rv;

	if (peer_ctl_frame(&f, type, reqid, src, dst, m, &body, &len) != 0)
		return (-1);
	rv = peer_send(peer, &f, body, len);
	free(body);
	return (rv);
}

/* Hand the peer to another owner, or another callback. */
void
peer_set_dispatch(struct peer *peer, peer_dispatch_cb cb, void *arg)
{
	peer->dispatchcb = cb;
	peer->arg = arg;
}

/*
 * Nothing more will be sent: shut the sending side of the socket once
 * the queued output is written (the other end then reads its end), and
 * go on reading.  Used to freeze a task (migrate.c).
 */
void
peer_shutdown_write(struct peer *peer)
{
	if (peer->shut_wr || peer->state != PEER_OPEN)
		return;
	peer->shut_wr = 1;
	if (evbuffer_get_length(bufferevent_get_output(peer->bev)) == 0)
		peer_do_shutdown(peer);
}

static void
peer_do_shutdown(struct peer *peer)
{
	peer->shut_wr = 2;
	if (shutdown(bufferevent_getfd(peer->bev), SHUT_WR) == -1)
		log_debug("peer %s: shutdown: %s", peer->name,
		    strerror(errno));
}

/* The owner lets go of the peer: close it now, without a callback. */
void
peer_close(struct peer *peer)
{
	peer->dispatchcb = NULL;
	peer->arg = NULL;
	peer->notify = 0;
	if (peer->state != PEER_DEAD)
		peer_enter_state(peer, PEER_DEAD);
}

/*
 * The owner lets go of the peer: stop reading, write out what is queued,
 * then close.  No more callbacks.
 */
void
peer_close_flush(struct peer *peer)
{
	peer->dispatchcb = NULL;
	peer->arg = NULL;
	peer->notify = 0;
	if (peer->state == PEER_OPEN)
		peer_enter_state(peer, PEER_DRAIN);
}

static void
peer_schedule(struct peer *peer)
{
	struct timeval	tv = { 0, 0 };

	if (peer->scheduled)
		return;
	if (event_base_once(peer->base, -1, EV_TIMEOUT, peer_deferred, peer,
	    &tv) == -1)
		fatalx("event_base_once failed");
	peer->scheduled = 1;
}

/* Tell the owner the link is gone, then free the peer if unused. */
static void
peer_deferred(__unused evutil_socket_t fd, __unused short events, void *arg)
{
	struct peer		*peer = arg;
	peer_dispatch_cb	 cb;
	void			*cbarg;

	peer->scheduled = 0;
	if (peer->dispatchcb != NULL &&
	    (peer->state == PEER_DEAD || peer->notify)) {
		cb = peer->dispatchcb;
		cbarg = peer->arg;
		peer->dispatchcb = NULL;
		peer->arg = NULL;
		peer->notify = 0;
		cb(NULL, cbarg);
	}
	if (peer->state == PEER_DEAD && peer->refs == 0)
		peer_free(peer);
}

static void
peer_free(struct peer *peer)
{
	log_debug("peer %s: freed", peer->name);
	peer_fdq_free(peer);
	bufferevent_free(peer->bev);
	free(peer);
}
