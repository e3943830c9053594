/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Direct routes across hosts: the task data port.  A CHAN_OPEN from a
 * task of another host for one of ours (forwarded by its pvmd over the
 * link, so behind every message it sent before) gets a one-time random
 * token; the sender connects to our data port and presents it, and we
 * hand the socket to the receiver in a CHAN_NOTICE.  Since we made the
 * token after the sender's earlier messages went to the receiver, the
 * notice follows them.  Nothing unauthenticated gets further than
 * PVM_CHAN_HELLO_LEN bytes, read under a deadline.
 *
 * The same port takes the image of a task that moves here: the source
 * pvmd asks for a door over the daemon link (migrate_move.c), we make a
 * key bound to the task and the move, and the task presents it with
 * PVM_CKPT_HELLO_MAGIC; the socket then goes to the move, which hands it
 * to the restart helper.  The image never passes through a pvmd.
 */

#include <sys/types.h>
#include <sys/random.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>

#include "pvm3.h"
#include "log.h"
#include "xmalloc.h"
#include "pvmd.h"

/* Seconds a token is good for, and to present it. */
#define CHAN_LINK_TOKEN_TTL	10
/* An image key: the task drains its link and connects first. */
#define CHAN_LINK_DOOR_TTL	30
#define CHAN_LINK_HELLO_TIMEOUT	10
/* Tokens and unauthenticated connections held at once. */
#define CHAN_LINK_TOKENS_MAX	4096
#define CHAN_LINK_CONNS_MAX	64
#define CHAN_LINK_SOCKBUF	(4 << 20)

struct chan_token {
	uint8_t			 token[PVM_CHAN_TOKEN_LEN];
	int			 src;		/* image: the move's token */
	int			 dst;
	int			 image;		/* a door, not a route */
	time_t			 expires;
	TAILQ_ENTRY(chan_token)	 entry;
};
TAILQ_HEAD(chan_tokens, chan_token);

struct chan_conn {
	int			 fd;
	struct event		*ev;
	uint8_t			 buf[PVM_CHAN_HELLO_LEN];
	size_t			 got;
	struct timespec		 deadline;	/* monotonic: whole hello */
	TAILQ_ENTRY(chan_conn)	 entry;
};
TAILQ_HEAD(chan_conns, chan_conn);

static struct event_base	*chan_link_base;
static int			 chan_link_fd = -1;
static struct event		*chan_link_ev;
static char			 chan_link_addr[INET_ADDRSTRLEN];
static int			 chan_link_port;
static struct chan_tokens	 chan_link_tokens =
    TAILQ_HEAD_INITIALIZER(chan_link_tokens);
static u_int			 chan_link_ntokens;
static struct chan_conns	 chan_link_conns =
    TAILQ_HEAD_INITIALIZER(chan_link_conns);
static u_int			 chan_link_nconns;

static int	chan_link_listen(void);
static void	chan_link_accept(evutil_socket_t, short, void *);
static void	chan_link_read(evutil_socket_t, short, void *);
static void	chan_link_conn_free(struct chan_conn *);
static void	chan_link_expire(void);
static int	chan_link_hello(struct chan_conn *);
static struct chan_token *chan_link_token_new(int, int, int, int);
static uint32_t	chan_link_get32(const uint8_t *);

/* Remember the loop; the port opens on the first request. */
void
chan_link_init(struct event_base *base)
{
	chan_link_base = base;
}

static uint32_t
chan_link_get32(const uint8_t *p)
{
	uint32_t	v;

	memcpy(&v, p, 4);
	return (ntohl(v));
}

/* Open the task data port on the daemon link's address.  0 or -1. */
static int
chan_link_listen(void)
{
	struct sockaddr_in	sin;
	socklen_t		len = sizeof sin;
	int			fd;

	const char		*addr;

	if (chan_link_fd != -1)
		return (0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	if ((addr = link_addr()) == NULL ||
	    inet_pton(AF_INET, addr, &sin.sin_addr) != 1) {
		log_warnx("data port: no address to announce");
		return (-1);
	}
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		log_warn("data port: socket");
		return (-1);
	}
	if (bind(fd, (struct sockaddr *)&sin, sizeof sin) == -1 ||
	    listen(fd, 128) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sin, &len) == -1) {
		log_warn("data port: listen on %s", addr);
		close(fd);
		return (-1);
	}
	chan_link_ev = event_new(chan_link_base, fd, EV_READ | EV_PERSIST,
	    chan_link_accept, NULL);
	if (chan_link_ev == NULL || event_add(chan_link_ev, NULL) == -1)
		fatalx("cannot watch the data port");
	chan_link_fd = fd;
	chan_link_port = ntohs(sin.sin_port);
	(void)inet_ntop(AF_INET, &sin.sin_addr, chan_link_addr,
	    sizeof chan_link_addr);
	log_info("task data port on %s:%d", chan_link_addr, chan_link_port);
	return (0);
}

static void
chan_link_expire(void)
{
	struct chan_token	*ct, *next;
	time_t			 now = time(NULL);

	TAILQ_FOREACH_SAFE(ct, &chan_link_tokens, entry, next) {
		if (ct->expires > now)
			continue;
		TAILQ_REMOVE(&chan_link_tokens, ct, entry);
		chan_link_ntokens--;
		explicit_bzero(ct->token, sizeof ct->token);
		free(ct);
	}
}

/*
 * A fresh token for (src, dst) good for ttl seconds, on an open port;
 * NULL if there is no room or no port.
 */
static struct chan_token *
chan_link_token_new(int src, int dst, int image, int ttl)
{
	struct chan_token	*ct;

	chan_link_expire();
	if (chan_link_ntokens >= CHAN_LINK_TOKENS_MAX ||
	    chan_link_listen() != 0)
		return (NULL);
	ct = xcalloc(1, sizeof *ct);
	if (getrandom(ct->token, sizeof ct->token, 0) !=
	    (ssize_t)sizeof ct->token) {
		log_warn("getrandom");
		free(ct);
		return (NULL);
	}
	ct->src = src;
	ct->dst = dst;
	ct->image = image;
	ct->expires = time(NULL) + ttl;
	TAILQ_INSERT_TAIL(&chan_link_tokens, ct, entry);
	chan_link_ntokens++;
	return (ct);
}

/*
 * A door for the image of task tid, moving here in the move with this
 * token: the key (PVM_CHAN_TOKEN_LEN bytes) goes in key, the port's
 * address and number in *addr and *port.  Returns 0 or -1.
 */
int
chan_link_door(int tid, int token, uint8_t *key, const char **addr,
    int *port)
{
	struct chan_token	*ct;

	chan_link_door_close(tid, token);
	if ((ct = chan_link_token_new(token, tid, 1,
	    CHAN_LINK_DOOR_TTL)) == NULL)
		return (-1);
	memcpy(key, ct->token, sizeof ct->token);
	*addr = chan_link_addr;
	*port = chan_link_port;
	return (0);
}

/* Forget the door of task tid's move with this token, if still open. */
void
chan_link_door_close(int tid, int token)
{
	struct chan_token	*ct, *next;

	TAILQ_FOREACH_SAFE(ct, &chan_link_tokens, entry, next) {
		if (!ct->image || ct->src != token || ct->dst != tid)
			continue;
		TAILQ_REMOVE(&chan_link_tokens, ct, entry);
		chan_link_ntokens--;
		explicit_bzero(ct->token, sizeof ct->token);
		free(ct);
	}
}

/*
 * CHAN_OPEN from task src of another host (t is its proxy) for our
 * local task dst: answer with our data port and a fresh token, or with
 * a code (no direct route).
 */
void
chan_link_open(struct task *t, struct pvm_frame *f, int src, int dst)
{
	Pvm__ChanInfo		 ci = PVM__CHAN_INFO__INIT;
	struct chan_token	*ct;
	struct task		*b;

	ci.peer = dst;
	if ((b = task_find(dst)) == NULL && migrate_move_where(dst) != 0) {
		/* It runs on another host now: the daemons carry. */
		ci.code = PvmNotImpl;
		goto reply;
	}
	/* Not now: not connected yet, or stopped for a checkpoint. */
	if (b == NULL || !task_live(b)) {
		ci.code = PvmNoTask;
		goto reply;
	}
	if ((ct = chan_link_token_new(src, dst, 0,
	    CHAN_LINK_TOKEN_TTL)) == NULL) {
		ci.code = PvmOutOfRes;
		goto reply;
	}
	ci.tcp = 1;
	ci.addr = chan_link_addr;
	ci.port = (uint32_t)chan_link_port;
	ci.token.data = ct->token;
	ci.token.len = sizeof ct->token;
	log_debug("t%x: token for a route from t%x", dst, src);
reply:
	(void)task_reply(t, PVM_MSG_CHAN_REPLY, f->reqid, &ci.base);
}

static void
chan_link_accept(evutil_socket_t lfd, __unused short events,
    __unused void *arg)
{
	struct chan_conn	*cc;
	struct timeval		 tv = { CHAN_LINK_HELLO_TIMEOUT, 0 };
	int			 fd;

	fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd == -1) {
		if (errno != EAGAIN && errno != EINTR &&
		    errno != ECONNABORTED)
			log_warn("data port: accept");
		return;
	}
	if (chan_link_nconns >= CHAN_LINK_CONNS_MAX) {
		log_warnx("data port: too many connections waiting");
		close(fd);
		return;
	}
	cc = xcalloc(1, sizeof *cc);
	cc->fd = fd;
	clock_gettime(CLOCK_MONOTONIC, &cc->deadline);
	cc->deadline.tv_sec += CHAN_LINK_HELLO_TIMEOUT;
	cc->ev = event_new(chan_link_base, fd, EV_READ | EV_PERSIST,
	    chan_link_read, cc);
	if (cc->ev == NULL || event_add(cc->ev, &tv) == -1)
		fatalx("cannot watch a data connection");
	TAILQ_INSERT_TAIL(&chan_link_conns, cc, entry);
	chan_link_nconns++;
}

static void
chan_link_conn_free(struct chan_conn *cc)
{
	TAILQ_REMOVE(&chan_link_conns, cc, entry);
	chan_link_nconns--;
	event_free(cc->ev);
	if (cc->fd != -1)
		close(cc->fd);
	free(cc);
}

static void
chan_link_read(evutil_socket_t fd, short events, void *arg)
{
	struct chan_conn	*cc = arg;
	struct timespec		 now;
	struct timeval		 left;
	ssize_t			 n;
	int64_t			 us;

	if (events & EV_TIMEOUT) {
		log_warnx("data port: no token in %d seconds",
		    CHAN_LINK_HELLO_TIMEOUT);
		chan_link_conn_free(cc);
		return;
	}
	n = recv(fd, cc->buf + cc->got, sizeof cc->buf - cc->got, 0);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		chan_link_conn_free(cc);
		return;
	}
	cc->got += n;
	if (cc->got < sizeof cc->buf) {
		/* The deadline is for the whole hello, not per byte. */
		clock_gettime(CLOCK_MONOTONIC, &now);
		us = (int64_t)(cc->deadline.tv_sec - now.tv_sec) * 1000000 +
		    (cc->deadline.tv_nsec - now.tv_nsec) / 1000;
		if (us <= 0) {
			log_warnx("data port: no token in %d seconds",
			    CHAN_LINK_HELLO_TIMEOUT);
			chan_link_conn_free(cc);
			return;
		}
		left.tv_sec = us / 1000000;
		left.tv_usec = us % 1000000;
		if (event_add(cc->ev, &left) == -1)
			chan_link_conn_free(cc);
		return;
	}
	if (chan_link_hello(cc) != 0)
		log_warnx("data port: connection refused");
	chan_link_conn_free(cc);
}

/*
 * A complete hello: find its token (used once), give the socket to the
 * receiver and acknowledge, or to the move of an image.  Returns 0, or
 * -1 if refused.
 */
static int
chan_link_hello(struct chan_conn *cc)
{
	struct chan_token	*ct;
	struct task		*b;
	uint8_t			 ack = PVM_CHAN_ACK;
	uint32_t		 magic;
	int			 src, dst, one = 1, size = CHAN_LINK_SOCKBUF;
	int			 image, token;
	uint8_t			 diff;
	size_t			 i;

	magic = chan_link_get32(cc->buf);
	if (magic != PVM_CHAN_MAGIC && magic != PVM_CKPT_HELLO_MAGIC)
		return (-1);
	image = magic == PVM_CKPT_HELLO_MAGIC;
	src = (int)chan_link_get32(cc->buf + 4 + PVM_CHAN_TOKEN_LEN);
	dst = (int)chan_link_get32(cc->buf + 8 + PVM_CHAN_TOKEN_LEN);
	chan_link_expire();
	TAILQ_FOREACH(ct, &chan_link_tokens, entry) {
		diff = 0;
		for (i = 0; i < PVM_CHAN_TOKEN_LEN; i++)
			diff |= ct->token[i] ^ cc->buf[4 + i];
		if (diff == 0)
			break;
	}
	if (ct == NULL)
		return (-1);
	TAILQ_REMOVE(&chan_link_tokens, ct, entry);
	chan_link_ntokens--;
	token = ct->src;
	explicit_bzero(ct->token, sizeof ct->token);
	if (ct->image != image || ct->dst != dst ||
	    (image ? src != dst : ct->src != src)) {
		free(ct);
		return (-1);
	}
	free(ct);
	if (image) {
		/* The image needs no acknowledgement: it follows at once. */
		if (migrate_move_target_conn(dst, token, cc->fd) != 0)
			return (-1);
		cc->fd = -1;
		log_debug("t%x: image connection", dst);
		return (0);
	}
	if ((b = task_find(dst)) == NULL || !task_live(b))
		return (-1);
	(void)setsockopt(cc->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	(void)setsockopt(cc->fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
	if (chan_notice_tcp(b, src, cc->fd) != 0)
		return (-1);
	if (send(cc->fd, &ack, 1, MSG_NOSIGNAL | MSG_DONTWAIT) != 1)
		log_warn("data port: ack");
	log_debug("t%x: direct route from t%x", dst, src);
	return (0);
}
