/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Links between pvmds: TCP connections wrapped in mutual TLS 1.3, one per
 * pair of hosts.  The connecting side sends LINK_HELLO as soon as the
 * connection is made; the accepting side checks the certificate name of
 * its peer against the name of the host number claimed, then answers
 * with its own LINK_HELLO.  Only then is the link up on either side.  An
 * up link sends PING when it has sent nothing for a heartbeat and is dead
 * when it has received nothing for dead-after.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <event2/bufferevent.h>

#include "pvm3.h"
#include "log.h"
#include "xmalloc.h"
#include "pvmd.h"
#include "tls.h"

enum link_state {
	LINK_CONNECTING,	/* TCP connect in progress */
	LINK_HELLO,		/* waiting for the peer's LINK_HELLO */
	LINK_PARKED,		/* peer named a host we do not know yet */
	LINK_UP
};

struct link {
	int			 hostnum;	/* peer's, or expected */
	int			 outgoing;
	enum link_state		 state;
	int			 fd;		/* while connecting */
	struct event		*connev;
	struct peer		*peer;
	char			*cn;		/* peer's certificate name */
	char			*addr;		/* listener (manual start) */
	int			 port;
	char			 from[INET_ADDRSTRLEN + 8];	/* peer */
	struct timeval		 born;
	struct timeval		 last_rx;
	struct timeval		 last_tx;
	TAILQ_ENTRY(link)	 entry;
};

/*
 * Frames for a host of the table whose link is not up yet (a slave that
 * has not linked to another slave so far): sent, in order, once it is.
 */
struct link_qframe {
	TAILQ_ENTRY(link_qframe) entry;
	struct pvm_frame	 hdr;
	size_t			 len;
	uint8_t			 body[];
};
TAILQ_HEAD(link_queue, link_qframe);

/* Incoming links that have not said hello yet, at most. */
#define LINK_NEW_MAX		64

/* Bytes queued for one host before its link is up. */
#define LINK_QUEUE_MAX		(64U << 20)

static struct event_base	*link_base;
static struct link_queue	*link_queues[PVM_TID_MAX_HOST + 1];
static size_t			 link_queued[PVM_TID_MAX_HOST + 1];
static struct tls_ctx		*link_tls;
static int			 link_listen_fd = -1;
static char			 link_listen_addr[INET_ADDRSTRLEN];
static struct event		*link_listen_ev;
static struct event		*link_timer_ev;
static TAILQ_HEAD(, link)	 link_all = TAILQ_HEAD_INITIALIZER(link_all);

static struct link	*link_new(int, int);
static struct link	*link_find_up(int);
static void		 link_free(struct link *, const char *);
static void		 link_accept(evutil_socket_t, short, void *);
static void		 link_nodelay(int);
static void		 link_connected(evutil_socket_t, short, void *);
static void		 link_start_tls(struct link *, int, int);
static void		 link_dispatch(struct pvm_frame *, void *);
static int		 link_handle_hello(struct link *, struct pvm_frame *);
static void		 link_accept_peer(struct link *);
static void		 link_set_up(struct link *);
static int		 link_send_hello(struct link *);
static void		 link_timer(evutil_socket_t, short, void *);
static int		 link_resolve(const char *, int, struct sockaddr_in *);
static long		 link_ms_since(const struct timeval *,
			     const struct timeval *);
static int		 link_enqueue(int, const struct pvm_frame *,
			     const void *, size_t);
static void		 link_flush_queue(struct link *);
static void		 link_drop_queue(int);
static int		 link_count_new(void);

/* Use ctx for every link made from now on. */
void
link_set_ctx(struct tls_ctx *ctx)
{
	link_tls = ctx;
}

/*
 * Start the links' work in the loop: accept on the listener that
 * link_listen() made, and check heartbeats.
 */
void
link_init(struct event_base *base)
{
	struct timeval	tv;
	int		ms;

	link_base = base;
	ms = pvmd_host.heartbeat_ms / 4;
	if (ms < 50)
		ms = 50;
	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	link_timer_ev = event_new(base, -1, EV_PERSIST, link_timer, NULL);
	if (link_timer_ev == NULL || event_add(link_timer_ev, &tv) == -1)
		fatalx("cannot add link timer");
	if (link_listen_fd == -1)
		return;
	link_listen_ev = event_new(link_base, link_listen_fd,
	    EV_READ | EV_PERSIST, link_accept, NULL);
	if (link_listen_ev == NULL || event_add(link_listen_ev, NULL) == -1)
		fatalx("cannot watch the link listener");
	log_info("listening on %s:%d", link_listen_addr, pvmd_host.port);
}

static long
link_ms_since(const struct timeval *now, const struct timeval *then)
{
	struct timeval	d;

	timersub(now, then, &d);
	return (d.tv_sec * 1000 + d.tv_usec / 1000);
}

/* An IPv4 address for name (numeric, or looked up) and port. */
static int
link_resolve(const char *name, int port, struct sockaddr_in *sin)
{
	struct addrinfo	 hints, *res;

	memset(sin, 0, sizeof *sin);
	sin->sin_family = AF_INET;
	sin->sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, name, &sin->sin_addr) == 1)
		return (0);
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_INET;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(name, NULL, &hints, &res) != 0 || res == NULL)
		return (-1);
	memcpy(&sin->sin_addr,
	    &((struct sockaddr_in *)res->ai_addr)->sin_addr,
	    sizeof sin->sin_addr);
	freeaddrinfo(res);
	return (0);
}

/*
 * Bind the daemon link listener on addr (a name or IPv4 address) and
 * *port (0: any; the port taken is returned there); link_init() starts
 * accepting.  Returns 0, or -1 with *cause.
 */
int
link_listen(const char *addr, int *port, char **cause)
{
	struct sockaddr_in	sin;
	socklen_t		len = sizeof sin;
	int			fd, one = 1;

	if (link_resolve(addr, *port, &sin) != 0) {
		xasprintf(cause, "cannot find the address of %s", addr);
		return (-1);
	}
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		xasprintf(cause, "socket: %s", strerror(errno));
		return (-1);
	}
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&sin, sizeof sin) == -1 ||
	    listen(fd, 128) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sin, &len) == -1) {
		xasprintf(cause, "listen on %s: %s", addr, strerror(errno));
		close(fd);
		return (-1);
	}
	*port = ntohs(sin.sin_port);
	link_listen_fd = fd;
	if (inet_ntop(AF_INET, &sin.sin_addr, link_listen_addr,
	    sizeof link_listen_addr) == NULL)
		(void)snprintf(link_listen_addr, sizeof link_listen_addr, "%s",
		    addr);
	return (0);
}

/*
 * No Nagle on links: a small frame behind a partial TLS record would
 * otherwise wait for the peer's delayed acknowledgement (40 ms).
 */
static void
link_nodelay(int fd)
{
	int	one = 1;

	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) == -1)
		log_warn("link: TCP_NODELAY");
}

/*
 * The numeric address the link listener is bound to, or NULL if there
 * is none or it is the wildcard (direct routes announce it to tasks).
 */
const char *
link_addr(void)
{
	if (link_listen_fd == -1 || link_listen_addr[0] == '\0' ||
	    strcmp(link_listen_addr, "0.0.0.0") == 0)
		return (NULL);
	return (link_listen_addr);
}

static struct link *
link_new(int hostnum, int outgoing)
{
	struct link	*l;

	l = xcalloc(1, sizeof *l);
	l->hostnum = hostnum;
	l->outgoing = outgoing;
	l->fd = -1;
	gettimeofday(&l->born, NULL);
	l->last_rx = l->last_tx = l->born;
	TAILQ_INSERT_TAIL(&link_all, l, entry);
	return (l);
}

/* Forget a link, closing its connection; no callback follows. */
static void
link_free(struct link *l, const char *reason)
{
	log_debug("link %d: closed: %s", l->hostnum, reason);
	TAILQ_REMOVE(&link_all, l, entry);
	if (l->connev != NULL)
		event_free(l->connev);
	if (l->fd != -1)
		close(l->fd);
	if (l->peer != NULL)
		peer_close_flush(l->peer);
	free(l->cn);
	free(l->addr);
	free(l);
}

static struct link *
link_find_up(int hostnum)
{
	struct link	*l;

	TAILQ_FOREACH(l, &link_all, entry) {
		if (l->hostnum == hostnum && l->state == LINK_UP)
			return (l);
	}
	return (NULL);
}

/* Whether there is any link to host hostnum, up or being made. */
int
link_exists(int hostnum)
{
	struct link	*l;

	TAILQ_FOREACH(l, &link_all, entry) {
		if (l->hostnum == hostnum)
			return (1);
	}
	return (0);
}

/* Whether there is an up link to host hostnum. */
int
link_is_up(int hostnum)
{
	return (link_find_up(hostnum) != NULL);
}

/* How many incoming links are not up yet. */
static int
link_count_new(void)
{
	struct link	*l;
	int		 n = 0;

	TAILQ_FOREACH(l, &link_all, entry) {
		if (!l->outgoing && l->state != LINK_UP)
			n++;
	}
	return (n);
}

static void
link_accept(evutil_socket_t lfd, __unused short events, __unused void *arg)
{
	struct sockaddr_in	 sin;
	struct link		*l;
	socklen_t		 len;
	char			 buf[INET_ADDRSTRLEN];
	int			 fd;

	for (;;) {
		len = sizeof sin;
		fd = accept4(lfd, (struct sockaddr *)&sin, &len,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd == -1) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				log_warn("link accept");
			return;
		}
		if (pvmd_is_halting()) {
			close(fd);
			continue;
		}
		link_nodelay(fd);
		if (link_count_new() >= LINK_NEW_MAX) {
			log_warnx("link: %d connections without hello, "
			    "refusing more", LINK_NEW_MAX);
			close(fd);
			continue;
		}
		l = link_new(0, 0);
		if (sin.sin_family == AF_INET &&
		    inet_ntop(AF_INET, &sin.sin_addr, buf, sizeof buf) != NULL)
			(void)snprintf(l->from, sizeof l->from, "%s:%u", buf,
			    ntohs(sin.sin_port));
		else
			(void)snprintf(l->from, sizeof l->from, "?");
		log_debug("link: connection from %s", l->from);
		link_start_tls(l, fd, 1);
	}
}

/*
 * Open a link to host hostnum at addr:port.  The result is reported
 * through host_link_ready() or host_link_lost().
 */
void
link_connect(int hostnum, const char *addr, int port)
{
	struct sockaddr_in	 sin;
	struct timeval		 tv = { LINK_HELLO_WAIT, 0 };
	struct link		*l;
	int			 fd;

	l = link_new(hostnum, 1);
	l->state = LINK_CONNECTING;
	if (link_resolve(addr, port, &sin) != 0) {
		log_warnx("link %d: cannot find the address of %s", hostnum,
		    addr);
		goto fail;
	}
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		log_warn("link %d: socket", hostnum);
		goto fail;
	}
	l->fd = fd;
	link_nodelay(fd);
	if (connect(fd, (struct sockaddr *)&sin, sizeof sin) == -1 &&
	    errno != EINPROGRESS) {
		log_warn("link %d: connect %s:%d", hostnum, addr, port);
		goto fail;
	}
	l->connev = event_new(link_base, fd, EV_WRITE, link_connected, l);
	if (l->connev == NULL || event_add(l->connev, &tv) == -1)
		fatalx("cannot watch a link connection");
	log_debug("link %d: connecting to %s:%d", hostnum, addr, port);
	return;

fail:
	link_free(l, "cannot connect");
	host_link_lost(hostnum, "cannot connect");
}

static void
link_connected(evutil_socket_t fd, short events, void *arg)
{
	struct link	*l = arg;
	socklen_t	 len = sizeof(int);
	int		 error = 0, hostnum = l->hostnum;

	if (events & EV_TIMEOUT)
		error = ETIMEDOUT;
	else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) == -1)
		error = errno;
	if (error != 0) {
		log_warnx("link %d: connect: %s", hostnum, strerror(error));
		link_free(l, "cannot connect");
		host_link_lost(hostnum, "cannot connect");
		return;
	}
	event_free(l->connev);
	l->connev = NULL;
	l->fd = -1;
	link_start_tls(l, fd, 0);
}

/* Wrap fd in TLS and a peer; the connecting side says hello at once. */
static void
link_start_tls(struct link *l, int fd, int server)
{
	struct bufferevent	*bev;
	char			*cause, name[32];
	int			 hostnum = l->hostnum;

	if ((bev = tls_bufferevent(link_base, link_tls, fd, server,
	    &cause)) == NULL) {
		log_warnx("link: %s", cause);
		free(cause);
		close(fd);
		link_free(l, "no TLS");
		if (!server)
			host_link_lost(hostnum, "no TLS");
		return;
	}
	l->state = LINK_HELLO;
	l->peer = peer_new_bev(link_base, bev, PVM_MAX_HELLO_FRAME,
	    link_dispatch, l);
	if (server)
		(void)snprintf(name, sizeof name, "link-in");
	else
		(void)snprintf(name, sizeof name, "h%d", hostnum);
	peer_set_name(l->peer, name);
	if (!server)
		(void)link_send_hello(l);
}

static int
link_send_hello(struct link *l)
{
	Pvm__LinkHello	hello = PVM__LINK_HELLO__INIT;

	hello.protocol = PVM_PROTOCOL_VERSION;
	hello.hostnum = PVMD_HOSTNUM;
	hello.vmid = pvmd_host.vmid;
	hello.addr = pvmd_host.addr;
	hello.port = pvmd_host.port;
	gettimeofday(&l->last_tx, NULL);
	return (peer_send_ctl(l->peer, PVM_MSG_LINK_HELLO, 0, PVMD_TID,
	    PVM_TID_DAEMON | (l->hostnum << PVM_TID_HOST_SHIFT),
	    &hello.base));
}

/*
 * A frame from a link, or NULL when it has gone.  Before the link is up
 * only LINK_HELLO is accepted; afterwards heartbeats are handled here
 * and everything else goes to dispatch_link().
 */
static void
link_dispatch(struct pvm_frame *f, void *arg)
{
	struct link	*l = arg;
	char		 buf[256];
	int		 hostnum = l->hostnum, outgoing = l->outgoing;
	int		 up = l->state == LINK_UP;

	if (f == NULL) {
		if (up)
			log_warnx("link to host %d closed", hostnum);
		else
			log_warnx("link %s %s closed before hello (TLS: %s)",
			    outgoing ? "to" : "from", outgoing &&
			    host_name(hostnum) != NULL ? host_name(hostnum) :
			    l->from,
			    tls_error(peer_bev(l->peer), buf, sizeof buf));
		l->peer = NULL;
		link_free(l, "link closed");
		if (up || outgoing)
			host_link_lost(hostnum, "link closed");
		return;
	}
	gettimeofday(&l->last_rx, NULL);
	if (l->state != LINK_UP) {
		/* One hello; a parked link waits for the table. */
		if (f->type != PVM_MSG_LINK_HELLO ||
		    l->state == LINK_PARKED ||
		    link_handle_hello(l, f) != 0) {
			log_warnx("link %d: %s refused, closing", hostnum,
			    pvm_msgtype_str(f->type));
			link_free(l, "bad hello");
			if (outgoing)
				host_link_lost(hostnum, "refused");
		}
		return;
	}
	switch (f->type) {
	case PVM_MSG_PING:
	case PVM_MSG_PONG:
		if (f->len != 0 || task_host_of(f->src) != hostnum) {
			log_warnx("link %d: bad %s, closing", hostnum,
			    pvm_msgtype_str(f->type));
			link_close(hostnum);
			host_link_lost(hostnum, "protocol error");
			break;
		}
		if (f->type == PVM_MSG_PING)
			(void)link_send_ctl(hostnum, PVM_MSG_PONG, 0,
			    PVMD_TID, f->src, NULL);
		break;
	case PVM_MSG_LINK_HELLO:
		log_warnx("link %d: second LINK_HELLO, closing", hostnum);
		link_close(hostnum);
		host_link_lost(hostnum, "protocol error");
		break;
	default:
		dispatch_link(hostnum, f);
		break;
	}
}

/*
 * LINK_HELLO on a link that is not up.  Returns 0 (the link is up,
 * parked, or the frame was fine), or -1 if the link must close.
 */
static int
link_handle_hello(struct link *l, struct pvm_frame *f)
{
	Pvm__LinkHello	*hello;
	const char	*cause = NULL, *name;
	char		*cn;

	hello = (Pvm__LinkHello *)wire_ctl_unpack(f->type, f->body, f->len,
	    &cause);
	if (hello == NULL) {
		log_warnx("link: LINK_HELLO: %s", cause);
		return (-1);
	}
	if (hello->protocol != PVM_PROTOCOL_VERSION ||
	    strcmp(hello->vmid, pvmd_host.vmid) != 0 ||
	    hello->hostnum < 1 || hello->hostnum > PVM_TID_MAX_HOST ||
	    hello->hostnum == PVMD_HOSTNUM ||
	    (l->outgoing && hello->hostnum != l->hostnum)) {
		log_warnx("link: LINK_HELLO protocol %u vmid %s host %d "
		    "refused", hello->protocol, hello->vmid, hello->hostnum);
		wire_ctl_free(&hello->base);
		return (-1);
	}
	l->hostnum = hello->hostnum;
	if (!l->outgoing && host_start_is_manual(l->hostnum)) {
		/* A slave started by hand links first: where is it? */
		if (*hello->addr == '\0' || strlen(hello->addr) > 255 ||
		    hello->port <= 0 || hello->port > 65535) {
			log_warnx("link %d: manual slave without an address",
			    l->hostnum);
			wire_ctl_free(&hello->base);
			return (-1);
		}
		free(l->addr);
		l->addr = xstrdup(hello->addr);
		l->port = hello->port;
	}
	wire_ctl_free(&hello->base);
	if ((cn = tls_peer_name(peer_bev(l->peer))) == NULL) {
		log_warnx("link %d: peer has no verified certificate name",
		    l->hostnum);
		return (-1);
	}
	free(l->cn);
	l->cn = cn;
	name = host_name(l->hostnum);
	if (l->outgoing) {
		if (name == NULL && l->hostnum == 1 && !pvmd_host.master) {
			/* Manual start: we link to the master first. */
			link_set_up(l);
			return (0);
		}
		if (name == NULL || strcasecmp(name, cn) != 0) {
			log_warnx("link %d: certificate of %s, expected %s",
			    l->hostnum, cn, name == NULL ? "?" : name);
			return (-1);
		}
		link_set_up(l);
		return (0);
	}
	if (link_find_up(l->hostnum) != NULL) {
		log_warnx("link %d: second link refused", l->hostnum);
		return (-1);
	}
	if (name == NULL) {
		if (!pvmd_host.master && l->hostnum == 1) {
			/* The master links first; the table follows. */
			link_accept_peer(l);
			return (0);
		}
		log_debug("link %d: host not known yet, parked", l->hostnum);
		l->state = LINK_PARKED;
		return (0);
	}
	if (strcasecmp(name, cn) != 0) {
		log_warnx("link %d: certificate of %s claims host %s",
		    l->hostnum, cn, name);
		return (-1);
	}
	if (l->addr != NULL)
		host_start_manual_addr(l->hostnum, l->addr, l->port);
	link_accept_peer(l);
	return (0);
}

/* The acceptor agrees: answer the hello and count the link up. */
static void
link_accept_peer(struct link *l)
{
	(void)link_send_hello(l);
	link_set_up(l);
}

static void
link_set_up(struct link *l)
{
	char	name[32];

	l->state = LINK_UP;
	peer_set_maxlen(l->peer, PVM_MAX_FRAME);
	(void)snprintf(name, sizeof name, "h%d", l->hostnum);
	peer_set_name(l->peer, name);
	log_info("link to host %d (%s) is up", l->hostnum, l->cn);
	link_flush_queue(l);
	host_link_ready(l->hostnum, l->cn);
}

/* The host table changed: parked links may now be checked. */
void
link_table_changed(void)
{
	struct link	*l, *next;
	const char	*name;

	TAILQ_FOREACH_SAFE(l, &link_all, entry, next) {
		if (l->state != LINK_PARKED)
			continue;
		if ((name = host_name(l->hostnum)) == NULL)
			continue;
		if (strcasecmp(name, l->cn) != 0 ||
		    link_find_up(l->hostnum) != NULL) {
			log_warnx("link %d: certificate of %s refused",
			    l->hostnum, l->cn);
			link_free(l, "refused");
			continue;
		}
		link_accept_peer(l);
	}
}

/*
 * Send a frame to host hostnum over its link, or keep it until the link
 * is up if the host is in the table.  Returns 0, or -1 if the frame
 * cannot go (unknown host, queue over its limit, link closing).
 */
int
link_send(int hostnum, const struct pvm_frame *hdr, const void *body,
    size_t len)
{
	struct link	*l;

	if ((l = link_find_up(hostnum)) == NULL)
		return (link_enqueue(hostnum, hdr, body, len));
	gettimeofday(&l->last_tx, NULL);
	return (peer_send(l->peer, hdr, body, len));
}

/* Pack and send a control message to host hostnum; as link_send(). */
int
link_send_ctl(int hostnum, int type, uint32_t reqid, int src, int dst,
    const ProtobufCMessage *m)
{
	struct link		*l;
	struct pvm_frame	 f;
	uint8_t			*body;
	size_t			 len;
	int			 rv;

	if ((l = link_find_up(hostnum)) != NULL) {
		gettimeofday(&l->last_tx, NULL);
		return (peer_send_ctl(l->peer, type, reqid, src, dst, m));
	}
	if (peer_ctl_frame(&f, type, reqid, src, dst, m, &body, &len) != 0)
		return (-1);
	rv = link_enqueue(hostnum, &f, body, len);
	free(body);
	return (rv);
}

/*
 * Keep a frame for a host of the table whose link is not up yet.
 * Returns 0, or -1 if the host is unknown or too much waits for it.
 */
static int
link_enqueue(int hostnum, const struct pvm_frame *hdr, const void *body,
    size_t len)
{
	struct link_qframe	*qf;

	if (!host_exists(hostnum) || hostnum == PVMD_HOSTNUM ||
	    pvmd_is_halting())
		return (-1);
	if (link_queued[hostnum] + len > LINK_QUEUE_MAX) {
		log_warnx("link %d: more than %u bytes wait for it, dropping "
		    "%s", hostnum, LINK_QUEUE_MAX, pvm_msgtype_str(hdr->type));
		return (-1);
	}
	if (link_queues[hostnum] == NULL) {
		link_queues[hostnum] = xmalloc(sizeof *link_queues[hostnum]);
		TAILQ_INIT(link_queues[hostnum]);
	}
	qf = xmalloc(sizeof *qf + len);
	qf->hdr = *hdr;
	qf->len = len;
	if (len != 0)
		memcpy(qf->body, body, len);
	TAILQ_INSERT_TAIL(link_queues[hostnum], qf, entry);
	link_queued[hostnum] += len;
	log_debug("link %d: %s queued until the link is up", hostnum,
	    pvm_msgtype_str(hdr->type));
	return (0);
}

/* The link is up: send what waited for it. */
static void
link_flush_queue(struct link *l)
{
	struct link_queue	*q = link_queues[l->hostnum];
	struct link_qframe	*qf;

	if (q == NULL)
		return;
	while ((qf = TAILQ_FIRST(q)) != NULL) {
		TAILQ_REMOVE(q, qf, entry);
		(void)peer_send(l->peer, &qf->hdr, qf->body, qf->len);
		free(qf);
	}
	free(q);
	link_queues[l->hostnum] = NULL;
	link_queued[l->hostnum] = 0;
}

/* Forget what waits for host hostnum. */
static void
link_drop_queue(int hostnum)
{
	struct link_queue	*q = link_queues[hostnum];
	struct link_qframe	*qf;

	if (q == NULL)
		return;
	while ((qf = TAILQ_FIRST(q)) != NULL) {
		TAILQ_REMOVE(q, qf, entry);
		free(qf);
	}
	free(q);
	link_queues[hostnum] = NULL;
	link_queued[hostnum] = 0;
}

/*
 * Close every link of host hostnum, writing out what is queued on them;
 * frames waiting for a link to it are dropped.
 */
void
link_close(int hostnum)
{
	struct link	*l, *next;

	link_drop_queue(hostnum);
	TAILQ_FOREACH_SAFE(l, &link_all, entry, next) {
		if (l->hostnum == hostnum)
			link_free(l, "closed");
	}
}

/* Halting: close every link and stop listening. */
void
link_close_all(void)
{
	struct link	*l;
	int		 i;

	while ((l = TAILQ_FIRST(&link_all)) != NULL)
		link_free(l, "halting");
	for (i = 1; i <= PVM_TID_MAX_HOST; i++)
		link_drop_queue(i);
	if (link_listen_ev != NULL) {
		event_free(link_listen_ev);
		link_listen_ev = NULL;
	}
	if (link_listen_fd != -1) {
		close(link_listen_fd);
		link_listen_fd = -1;
	}
	if (link_timer_ev != NULL) {
		event_free(link_timer_ev);
		link_timer_ev = NULL;
	}
}

/* Heartbeats, dead links and hello deadlines. */
static void
link_timer(__unused evutil_socket_t fd, __unused short events,
    __unused void *arg)
{
	struct link	*l, *next;
	struct timeval	 now;
	int		 hostnum;

	gettimeofday(&now, NULL);
	TAILQ_FOREACH_SAFE(l, &link_all, entry, next) {
		hostnum = l->hostnum;
		if (l->state != LINK_UP) {
			if (l->state != LINK_CONNECTING &&
			    link_ms_since(&now, &l->born) >=
			    LINK_HELLO_WAIT * 1000) {
				log_warnx("link %d: no hello within %d s",
				    hostnum, LINK_HELLO_WAIT);
				link_free(l, "no hello");
				if (hostnum != 0)
					host_link_lost(hostnum, "no hello");
				/* The list may have changed. */
				return;
			}
			continue;
		}
		if (link_ms_since(&now, &l->last_rx) >=
		    pvmd_host.dead_after_ms) {
			log_warnx("link %d: nothing heard for %ld ms, dead",
			    hostnum, link_ms_since(&now, &l->last_rx));
			link_free(l, "dead");
			host_link_lost(hostnum, "link dead");
			return;
		}
		if (link_ms_since(&now, &l->last_tx) >=
		    pvmd_host.heartbeat_ms) {
			l->last_tx = now;
			(void)peer_send_ctl(l->peer, PVM_MSG_PING, 0, PVMD_TID,
			    PVM_TID_DAEMON | (hostnum << PVM_TID_HOST_SHIFT),
			    NULL);
		}
	}
}
