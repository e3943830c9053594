/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * The daemon link: enrolment, frame input and output, requests.
 *
 * The socket is non-blocking.  All I/O happens inside PVM calls: a
 * write that would block also reads and queues whatever the daemon sends
 * meanwhile, so two tasks sending large messages to each other never
 * deadlock.  Small frames arrive through an input buffer; a large body
 * is read straight into its own block, which becomes the message buffer.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lpvm.h"
#include "paths.h"

/* Size of the input buffer for small frames. */
#define CONN_IBUF_SIZE		65536
/* A body with more than this still to come is read in place. */
#define CONN_DIRECT_MIN		16384
/* Largest sibling list accepted in a HelloAck. */
#define CONN_MAX_SIBLINGS	(PVM_TID_LOCAL_MASK + 1)
/* Number of iovecs handed to one sendmsg. */
#define CONN_IOV_MAX		1024
/* A hint to the processor inside a spin loop. */
#if defined(__x86_64__) || defined(__i386__)
#define CONN_SPIN_PAUSE()	__builtin_ia32_pause()
#elif defined(__aarch64__)
#define CONN_SPIN_PAUSE()	__asm__ __volatile__("yield")
#else
#define CONN_SPIN_PAUSE()	do { } while (0)
#endif
/*
 * Spinning for messages: the first microseconds without a system call,
 * then yielding the processor now and then (tasks may outnumber them).
 */
#define CONN_SPIN_PURE_US	2
/*
 * While messages come by the rings, the daemon socket is read at least
 * this often (microseconds) rather than with every receive: a recvmsg
 * that finds nothing costs more than a whole ring message.
 */
#define CONN_SOCK_CHECK_US	20
/* Descriptors received and not yet claimed by their frame. */
#define CONN_MAX_RFDS		16

struct conn {
	int		 up;		/* link open */
	int		 lost;		/* link died while enrolled */
	int		 fd;

	unsigned char	*ibuf;		/* CONN_IBUF_SIZE bytes */
	size_t		 ioff;		/* first unread byte */
	size_t		 ilen;		/* unread bytes */

	int		 have_hdr;	/* hdr decoded, body filling */
	struct pvm_frame hdr;
	unsigned char	*body;
	size_t		 got;		/* body bytes received */

	uint32_t	 wait_reqid;	/* reply awaited, 0 if none */
	int		 have_reply;
	int		 reply_type;
	unsigned char	*reply_body;
	size_t		 reply_len;

	int		*catch_tids;	/* tasks whose output is open */
	int		 ncatch;
	int		 catchcap;

	int		 sock_hint;	/* poll saw the socket readable */
	int64_t		 sock_checked;	/* when it was last read, us */

	int		 rfds[CONN_MAX_RFDS];	/* SCM_RIGHTS, in order */
	int		 nrfds;
	int		 reply_fds[PVM_CHAN_MAXFDS];	/* of the reply */
	int		 nreply_fds;
};

static struct conn conn = { .fd = -1 };

static int	conn_open_env(const char *, int *);
static int	conn_open_socket(int *);
static int	conn_hello(int);
static int	conn_send_frame(int, uint32_t, uint32_t, int, int, int,
		    const struct iovec *, int);
static int	conn_input(void);
static int	conn_parse(void);
static int	conn_dispatch(struct pvm_frame *, unsigned char *);
static void	conn_output(const struct pvm_frame *, const unsigned char *);
static int	conn_catch_find(int);
static int	conn_catch_add(int);
static void	conn_catch_del(int);
static int	conn_wait_writable(void *);
static int	conn_wait(int, struct lpvm_chan *);
static int	conn_sock_due(int64_t);
static int	conn_poll(struct pollfd *, int, int, struct lpvm_chan *);
static ssize_t	conn_recv(void *, size_t);
static void	conn_close_fds(int *, int *);
static int	conn_pop_fds(int *, int);
static int	conn_fail(int);
static uint32_t	conn_get32(const unsigned char *);

/* Microseconds of the monotonic clock (async-signal-safe). */
int64_t
lpvm_now_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
}

static uint32_t
conn_get32(const unsigned char *p)
{
	return ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3]);
}

/* Close the link after a fatal link error and return code. */
static int
conn_fail(int code)
{
	lpvm_disconnect();
	return (code);
}

/*
 * Connect to the daemon (or adopt the inherited link) and say hello, if
 * not done yet.  Returns 0, or a PVM error code (PvmSysErr when no daemon
 * can be reached) without reporting it: the public caller does.
 */
int
lpvm_enroll(void)
{
	const char	*env;
	int		 fd, spawned, cc, flags;

	if (lpvm.rxq.tqh_last == NULL)
		TAILQ_INIT(&lpvm.rxq);
	if (conn.up)
		return (0);
	if (conn.lost)
		return (PvmSysErr);

	if ((env = getenv(PVM_ENV_TASKFD)) != NULL) {
		cc = conn_open_env(env, &fd);
		unsetenv(PVM_ENV_TASKFD);
		spawned = 1;
	} else {
		cc = conn_open_socket(&fd);
		spawned = 0;
	}
	if (cc != 0)
		return (cc);
	if ((flags = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, flags | O_NONBLOCK) == -1 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) == -1) {
		close(fd);
		return (PvmSysErr);
	}
	if (conn.ibuf == NULL &&
	    (conn.ibuf = malloc(CONN_IBUF_SIZE)) == NULL) {
		close(fd);
		return (PvmNoMem);
	}
	conn.fd = fd;
	conn.up = 1;
	conn.ioff = conn.ilen = 0;
	lpvm.fd = fd;

	if ((cc = conn_hello(spawned)) != 0) {
		lpvm_disconnect();
		conn.lost = 0;
		lpvm.mytid = 0;
		return (cc);
	}
	lpvm_ckpt_init(fd);
	return (0);
}

/* Validate the inherited descriptor named by $PVMTASKFD. */
static int
conn_open_env(const char *env, int *fdp)
{
	struct stat	 sb;
	char		*end;
	long		 v;

	if (*env < '0' || *env > '9')
		return (PvmSysErr);
	errno = 0;
	v = strtol(env, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0 || v > INT_MAX)
		return (PvmSysErr);
	if (fstat((int)v, &sb) == -1 || !S_ISSOCK(sb.st_mode))
		return (PvmSysErr);
	*fdp = (int)v;
	return (0);
}

/* Connect to the daemon's unix socket. */
static int
conn_open_socket(int *fdp)
{
	struct sockaddr_un	 sun;
	char			*cause = NULL;
	int			 fd;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if (paths_file(PATHS_SOCKET, sun.sun_path, sizeof sun.sun_path,
	    &cause) != 0) {
		free(cause);
		return (PvmSysErr);
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return (PvmSysErr);
	while (connect(fd, (struct sockaddr *)&sun, sizeof sun) == -1) {
		if (errno == EINTR)
			continue;
		close(fd);
		return (PvmSysErr);
	}
	*fdp = fd;
	return (0);
}

/* Send Hello and fill the task state from the HelloAck. */
static int
conn_hello(int spawned)
{
	Pvm__Hello	 hello = PVM__HELLO__INIT;
	Pvm__HelloAck	*ack;
	ProtobufCMessage *m;
	uint32_t	 t;
	int		*sib = NULL;
	size_t		 i;
	int		 cc;

	hello.protocol = PVM_PROTOCOL_VERSION;
	hello.pid = getpid();
	hello.name = program_invocation_short_name;
	hello.spawned = spawned;
	cc = lpvm_rpc(PVM_MSG_HELLO, &hello.base, PVM_MSG_HELLO_ACK, &m);
	if (cc != 0)
		return (cc);
	ack = (Pvm__HelloAck *)m;
	if (ack->code < 0) {
		cc = ack->code;
		goto out;
	}
	cc = PvmSysErr;
	t = (uint32_t)ack->tid;
	if ((t & (PVM_TID_DAEMON | PVM_TID_MCAST)) != 0 ||
	    (t & PVM_TID_HOST_MASK) == 0 || (t & PVM_TID_LOCAL_MASK) == 0)
		goto out;
	if (((uint32_t)ack->pvmd_tid & PVM_TID_DAEMON) == 0)
		goto out;
	if (ack->n_siblings > CONN_MAX_SIBLINGS)
		goto out;
	if (ack->n_siblings > 0) {
		if ((sib = calloc(ack->n_siblings, sizeof *sib)) == NULL) {
			cc = PvmNoMem;
			goto out;
		}
		for (i = 0; i < ack->n_siblings; i++)
			sib[i] = ack->siblings[i];
	}
	free(lpvm.siblings);
	lpvm.siblings = sib;
	lpvm.nsiblings = (int)ack->n_siblings;
	lpvm.mytid = ack->tid;
	lpvm.ptid = ack->ptid != 0 ? ack->ptid : PvmNoParent;
	lpvm.pvmd_tid = ack->pvmd_tid;
	lpvm.out_tid = lpvm.self_out_tid = ack->out_tid;
	lpvm.out_ctx = lpvm.self_out_ctx = ack->out_ctx;
	lpvm.out_tag = lpvm.self_out_tag = ack->out_tag;
	lpvm.trc_tid = lpvm.self_trc_tid = ack->trc_tid;
	lpvm.trc_tag = lpvm.self_trc_tag = ack->trc_tag;
	snprintf(lpvm.arch, sizeof lpvm.arch, "%s",
	    ack->arch != NULL ? ack->arch : "");
	lpvm.dsig = ack->dsig;
	lpvm.native_default = !ack->mixed_formats;
	/* Contexts: a spawned task starts in its parent's context. */
	lpvm.ctx = ack->ctx >= 0 ? ack->ctx : PvmBaseContext;
	cc = 0;
out:
	wire_ctl_free(m);
	return (cc);
}

/*
 * Close the daemon link and drop partial input.  Queued messages stay.
 * If the task was enrolled, later calls fail with PvmSysErr until
 * lpvm_conn_reset (pvm_exit) forgets the task.
 */
void
lpvm_disconnect(void)
{
	if (conn.up) {
		close(conn.fd);
		if (lpvm.mytid != 0)
			conn.lost = 1;
	}
	conn.up = 0;
	conn.fd = -1;
	lpvm.fd = -1;
	conn_close_fds(conn.rfds, &conn.nrfds);
	lpvm_body_free(conn.body);
	conn.body = NULL;
	conn.have_hdr = 0;
	conn.got = 0;
	conn.ioff = conn.ilen = 0;
	/* A reply that came in before the link closed is still the answer. */
	if (!conn.have_reply) {
		free(conn.reply_body);
		conn.reply_body = NULL;
		conn_close_fds(conn.reply_fds, &conn.nreply_fds);
	}
	conn.wait_reqid = 0;
}

static void
conn_close_fds(int *fds, int *n)
{
	int	i;

	for (i = 0; i < *n; i++)
		close(fds[i]);
	*n = 0;
}

/*
 * Take up to want of the oldest received descriptors into fds; returns
 * how many.
 */
static int
conn_pop_fds(int *fds, int want)
{
	int	n;

	n = want < conn.nrfds ? want : conn.nrfds;
	if (n <= 0)
		return (0);
	memcpy(fds, conn.rfds, n * sizeof *fds);
	memmove(conn.rfds, conn.rfds + n, (conn.nrfds - n) * sizeof *fds);
	conn.nrfds -= n;
	return (n);
}

/*
 * A checkpoint takes the descriptors that came with frames not read yet
 * (at most max; the rest are closed).  Returns how many.
 */
int
lpvm_conn_take_rfds(int *fds, int max)
{
	int	i, n = 0;

	for (i = 0; i < conn.nrfds; i++) {
		if (n < max)
			fds[n++] = conn.rfds[i];
		else
			close(conn.rfds[i]);
	}
	conn.nrfds = 0;
	return (n);
}

/*
 * The descriptors that came with the last reply (lpvm_rpc), now the
 * caller's; returns how many (at most max, the rest are closed).
 */
int
lpvm_conn_take_fds(int *fds, int max)
{
	int	i, n = 0;

	for (i = 0; i < conn.nreply_fds; i++) {
		if (n < max)
			fds[n++] = conn.reply_fds[i];
		else
			close(conn.reply_fds[i]);
	}
	conn.nreply_fds = 0;
	return (n);
}

/*
 * Tell the daemon that the task leaves (pvm_exit).  BYE with reqid 0
 * asks for no answer: the daemon reads everything sent before it first
 * anyway, and a task about to end has nothing to wait for.  Returns 0
 * or a PVM error code.
 */
int
lpvm_conn_bye(void)
{
	return (lpvm_send_frame(PVM_MSG_BYE, 0, 0, lpvm.pvmd_tid, 0, 0, NULL,
	    0));
}

/* Forget the link completely so that the next call enrols again. */
void
lpvm_conn_reset(void)
{
	lpvm_disconnect();
	lpvm_chan_reset();
	conn_close_fds(conn.reply_fds, &conn.nreply_fds);
	conn.lost = 0;
	free(conn.ibuf);
	conn.ibuf = NULL;
	free(conn.catch_tids);
	conn.catch_tids = NULL;
	conn.ncatch = conn.catchcap = 0;
	lpvm.catch_open = 0;
}

/*
 * Whether a daemon answers on the socket of this virtual machine; the
 * probe connection is closed at once.
 */
int
lpvm_conn_alive(void)
{
	int	fd;

	if (conn_open_socket(&fd) != 0)
		return (0);
	close(fd);
	return (1);
}

/* The daemon link descriptor, or -1. */
int
lpvm_conn_fd(void)
{
	return (conn.up ? conn.fd : -1);
}

/*
 * Send one frame: the header then the iov pieces as body.  While the
 * socket is full, incoming frames are read and queued.  Returns 0, or a
 * PVM error code; on a link error the link is closed.
 */
int
lpvm_send_frame(int type, uint32_t flags, uint32_t reqid, int dst, int tag,
    int ctx, const struct iovec *iov, int iovcnt)
{
	int	cc;

	/* A checkpoint must not cut a frame (lpvm_ckpt.c). */
	lpvm_ckpt_enter();
	cc = conn_send_frame(type, flags, reqid, dst, tag, ctx, iov, iovcnt);
	lpvm_ckpt_leave();
	return (cc);
}

static int
conn_send_frame(int type, uint32_t flags, uint32_t reqid, int dst, int tag,
    int ctx, const struct iovec *iov, int iovcnt)
{
	struct pvm_frame f;
	uint8_t		 hdr[PVM_FRAME_HDRLEN];
	uint64_t	 total = 0;
	int		 i, cc;

	if (!conn.up)
		return (PvmSysErr);
	if (iovcnt < 0 || (iovcnt > 0 && iov == NULL))
		return (PvmBadParam);
	for (i = 0; i < iovcnt; i++)
		total += iov[i].iov_len;
	if (total > PVM_MAX_FRAME)
		return (PvmOverflow);

	memset(&f, 0, sizeof f);
	f.type = type;
	f.flags = flags;
	f.reqid = reqid;
	f.src = lpvm.mytid;
	f.dst = dst;
	f.tag = tag;
	f.ctx = ctx;
	f.len = (uint32_t)total;
	wire_hdr_encode(&f, hdr);

	cc = lpvm_sendv(conn.fd, hdr, iov, iovcnt, MSG_NOSIGNAL,
	    conn_wait_writable, NULL);
	if (cc == LPVM_SENDV_BROKEN)
		cc = conn_fail(PvmSysErr);
	return (cc);
}

/*
 * n bytes of vec[first..nvec) went out: skip them (emptying entries, and
 * moving the start of a partly sent one).  Returns the new first.
 */
static int
conn_iov_consume(struct iovec *vec, int nvec, int first, size_t n)
{
	while (n > 0 && first < nvec) {
		if (n >= vec[first].iov_len) {
			n -= vec[first].iov_len;
			vec[first].iov_len = 0;
			first++;
		} else {
			vec[first].iov_base = (char *)vec[first].iov_base + n;
			vec[first].iov_len -= n;
			n = 0;
		}
	}
	return (first);
}

/*
 * Write a frame, header hdr then iov[0..iovcnt), whole to socket fd (the
 * daemon link or a TCP route) with sendmsg flags sflags.  When the socket
 * is full, wait(arg) is called: 0 to go on, anything else stops the
 * write and is returned.  Returns 0, that, PvmNoMem, or
 * LPVM_SENDV_BROKEN if the socket failed.
 */
int
lpvm_sendv(int fd, uint8_t *hdr, const struct iovec *iov, int iovcnt,
    int sflags, int (*wait)(void *), void *arg)
{
	struct msghdr	 msg;
	struct iovec	 local[9], *vec;
	ssize_t		 n;
	int		 i, nvec, first, cc = 0;

	nvec = iovcnt + 1;
	if ((size_t)nvec <= sizeof local / sizeof local[0])
		vec = local;
	else if ((vec = calloc(nvec, sizeof *vec)) == NULL)
		return (PvmNoMem);
	vec[0].iov_base = hdr;
	vec[0].iov_len = PVM_FRAME_HDRLEN;
	for (i = 0; i < iovcnt; i++)
		vec[i + 1] = iov[i];
	first = 0;
	while (first < nvec) {
		if (vec[first].iov_len == 0) {
			first++;
			continue;
		}
		memset(&msg, 0, sizeof msg);
		msg.msg_iov = vec + first;
		msg.msg_iovlen = nvec - first;
		if (msg.msg_iovlen > CONN_IOV_MAX)
			msg.msg_iovlen = CONN_IOV_MAX;
		n = sendmsg(fd, &msg, sflags);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				if ((cc = wait(arg)) != 0)
					break;
				continue;
			}
			cc = LPVM_SENDV_BROKEN;
			break;
		}
		first = conn_iov_consume(vec, nvec, first, (size_t)n);
	}
	if (vec != local)
		free(vec);
	return (cc);
}

/*
 * Wait until the socket can take more output, reading and queueing
 * input meanwhile.  Returns 0 or a PVM error code (link closed).
 */
static int
conn_wait_writable(void *arg)
{
	struct pollfd	pfd;
	int		cc;

	(void)arg;
	for (;;) {
		if (!conn.up)
			return (PvmSysErr);
		pfd.fd = conn.fd;
		pfd.events = POLLIN | POLLOUT;
		pfd.revents = 0;
		if (poll(&pfd, 1, -1) == -1) {
			if (errno == EINTR)
				continue;
			return (conn_fail(PvmSysErr));
		}
		if (pfd.revents & (POLLIN | POLLHUP | POLLERR)) {
			if ((cc = conn_input()) < 0)
				return (cc);
		}
		if (pfd.revents & POLLNVAL)
			return (conn_fail(PvmSysErr));
		if (pfd.revents & POLLOUT)
			return (0);
	}
}

/* Send the packed buffer b to dst as a data message. */
int
lpvm_send_data(int dst, int tag, int ctx, struct lpvm_buf *b)
{
	struct iovec	*iov = NULL;	/* owned by b */
	size_t		 len = 0;
	uint32_t	 flags = 0;
	int		 n = 0, cc;

	if (b == NULL)
		return (PvmNoBuf);
	if ((cc = lpvm_buf_iov(b, &iov, &n, &len, &flags)) < 0)
		return (cc);
	return (lpvm_send_iov(dst, tag, ctx, flags, iov, n, len));
}

/*
 * Send the len bytes of iov (n pieces) to dst as a data message with
 * frame flags: by a direct route if one takes it, else by the daemon.
 */
int
lpvm_send_iov(int dst, int tag, int ctx, uint32_t flags,
    const struct iovec *iov, int n, size_t len)
{
	int	cc;

	if (len > PVM_MAX_FRAME)
		return (PvmOverflow);
	if ((cc = lpvm_chan_send(dst, tag, ctx, flags, iov, n, len)) != 0)
		return (cc < 0 ? cc : 0);
	return (lpvm_send_frame(PVM_MSG_DATA, flags, 0, dst, tag, ctx,
	    iov, n));
}

/*
 * Send a control request and wait for its reply, queueing data frames
 * meanwhile.  On success returns 0 and, if reply is not NULL, the
 * unpacked reply of type rtype (free with wire_ctl_free).  A Status with
 * a negative code in place of rtype returns that code.  Other errors are
 * PVM codes; a malformed or unexpected reply closes the link.
 */
int
lpvm_rpc(int type, const ProtobufCMessage *req, int rtype,
    ProtobufCMessage **reply)
{
	ProtobufCMessage *m;
	Pvm__Status	*st;
	struct iovec	 iov;
	uint8_t		*out = NULL;
	const char	*cause;
	uint32_t	 reqid;
	int		 cc, n, niov = 0;

	if (reply != NULL)
		*reply = NULL;
	if (!conn.up)
		return (PvmSysErr);
	if (req != NULL) {
		iov.iov_len = wire_ctl_size(req);
		if (iov.iov_len > PVM_MAX_CTL_FRAME)
			return (PvmOverflow);
		if ((out = malloc(iov.iov_len ? iov.iov_len : 1)) == NULL)
			return (PvmNoMem);
		wire_ctl_pack(req, out);
		iov.iov_base = out;
		niov = 1;
	}
	if (++lpvm.nextreq == 0)
		lpvm.nextreq = 1;
	reqid = lpvm.nextreq;

	free(conn.reply_body);
	conn.reply_body = NULL;
	conn_close_fds(conn.reply_fds, &conn.nreply_fds);
	conn.have_reply = 0;
	conn.wait_reqid = reqid;
	cc = lpvm_send_frame(type, 0, reqid, lpvm.pvmd_tid, 0, 0,
	    niov ? &iov : NULL, niov);
	free(out);
	while (cc == 0 && !conn.have_reply) {
		if ((n = lpvm_pump(-1)) < 0)
			cc = n;
	}
	conn.wait_reqid = 0;
	if (!conn.have_reply)
		return (cc != 0 ? cc : PvmSysErr);
	conn.have_reply = 0;

	if (conn.reply_type != rtype && conn.reply_type != PVM_MSG_STATUS)
		return (conn_fail(PvmSysErr));
	m = wire_ctl_unpack(conn.reply_type, conn.reply_body,
	    conn.reply_len, &cause);
	free(conn.reply_body);
	conn.reply_body = NULL;
	if (m == NULL)
		return (conn_fail(PvmSysErr));
	if (conn.reply_type != rtype) {
		st = (Pvm__Status *)m;
		cc = st->code < 0 ? st->code : PvmDSysErr;
		wire_ctl_free(m);
		return (cc);
	}
	if (reply != NULL)
		*reply = m;
	else
		wire_ctl_free(m);
	return (0);
}

/*
 * Read and handle every frame available, from the daemon and from the
 * incoming rings, waiting up to timeout milliseconds (-1 forever, 0 not
 * at all) for at least one.  Returns the number of frames handled, or a
 * PVM error code (the link is then closed).
 */
int
lpvm_pump(int timeout)
{
	int	n;

	lpvm_ckpt_enter();
	n = conn_wait(timeout, NULL);
	lpvm_ckpt_leave();
	return (n);
}

/*
 * A send to a full ring waits here until the ring has room (or has
 * gone), handling input meanwhile.  Returns 0 or a PVM error code.
 */
int
lpvm_conn_wait_tx(struct lpvm_chan *tx)
{
	int	cc;

	lpvm_ckpt_enter();
	cc = conn_wait(-1, tx);
	lpvm_ckpt_leave();
	return (cc < 0 ? cc : 0);
}

/*
 * Wait for input, or for room in the ring of tx if not NULL.  With
 * PvmPollConstant it first spins for PvmPollTime microseconds looking
 * at the rings only (no system call); then it sleeps in poll() on the
 * daemon socket and its doorbell, with the sleeping flags of the rings
 * set so that the other side rings the doorbell.  Returns the frames
 * handled, or a PVM error code.
 */
static int
conn_wait(int timeout, struct lpvm_chan *tx)
{
	struct pollfd	pfd, *set;
	int64_t		deadline = 0, left, spin_end, yield_after, now = 0;
	int		n, m, wait, npfd, frames = 0, spins, ready, fresh = 0;

	if (!conn.up)
		return (PvmSysErr);
	if (timeout > 0)
		deadline = lpvm_now_ms() + timeout;
	for (;;) {
		n = 0;
		/* After a spin the time it last read will do. */
		if (!fresh)
			now = lpvm_now_us();
		fresh = 0;
		if (conn_sock_due(now)) {
			conn.sock_hint = 0;
			conn.sock_checked = now;
			if ((n = conn_input()) < 0)
				return (n);
		}
		if ((m = lpvm_chan_input()) < 0)
			return (m);
		frames += n + m;
		if (tx == NULL ? frames != 0 : lpvm_chan_tx_ready(tx))
			return (frames);
		if (timeout == 0)
			return (frames);

		if (lpvm.polltype == PvmPollConstant && lpvm.polltime > 0 &&
		    lpvm_chan_spin(tx)) {
			spin_end = now + lpvm.polltime;
			if (timeout > 0 && spin_end > deadline * 1000)
				spin_end = deadline * 1000;
			yield_after = now + CONN_SPIN_PURE_US;
			for (spins = 1;; spins++) {
				ready = lpvm_chan_rx_pending() ||
				    (tx != NULL && lpvm_chan_tx_ready(tx));
				if (ready)
					break;
				if ((spins & 63) == 0) {
					now = lpvm_now_us();
					if (now >= spin_end)
						break;
					/* Time to look at the socket. */
					if (conn_sock_due(now))
						break;
					/* The peer may need our processor. */
					if (now >= yield_after)
						sched_yield();
				}
				CONN_SPIN_PAUSE();
			}
			if (ready || (now < spin_end && conn_sock_due(now))) {
				fresh = 1;
				continue;
			}
		}

		wait = -1;
		if (timeout > 0) {
			left = deadline - lpvm_now_ms();
			if (left <= 0)
				return (frames);
			wait = left > INT_MAX ? INT_MAX : (int)left;
		}
		/* Between frames: a checkpoint may run (lpvm_ckpt.c). */
		lpvm_ckpt_safepoint();
		if (!conn.up)
			return (PvmSysErr);
		lpvm_chan_rx_sleep(1);
		if (tx != NULL)
			lpvm_chan_tx_sleep(tx, 1);
		if (lpvm_chan_rx_pending() ||
		    (tx != NULL && lpvm_chan_tx_ready(tx)))
			wait = 0;
		if ((set = lpvm_chan_pollset(conn.fd, tx, &npfd)) == NULL) {
			pfd.fd = conn.fd;
			pfd.events = POLLIN;
			pfd.revents = 0;
			set = &pfd;
			npfd = 1;
		}
		n = conn_poll(set, npfd, wait, tx);
		lpvm_chan_rx_sleep(0);
		if (tx != NULL)
			lpvm_chan_tx_sleep(tx, 0);
		if (n == -1 && errno != EINTR)
			return (conn_fail(PvmSysErr));
		if (n > 0) {
			if (set[0].revents != 0)
				conn.sock_hint = 1;
			lpvm_chan_polldone(set, npfd, tx);
		}
	}
}

/*
 * poll(2) for conn_wait.  While TCP routes are open, PvmPollConstant
 * first polls without sleeping for PvmPollTime microseconds: a sleep
 * and wakeup per segment would cost more than the segment's transfer.
 */
static int
conn_poll(struct pollfd *set, int npfd, int wait, struct lpvm_chan *tx)
{
	int64_t	spin_end;
	int	n;

	if (wait != 0 && lpvm.polltype == PvmPollConstant &&
	    lpvm.polltime > 0 && lpvm_chan_tcp(tx)) {
		spin_end = lpvm_now_us() + lpvm.polltime;
		do {
			if ((n = poll(set, npfd, 0)) != 0)
				return (n);
		} while (lpvm_now_us() < spin_end);
	}
	return (poll(set, npfd, wait));
}

/*
 * Whether conn_wait must read the daemon socket now: always when no
 * ring brings messages (nothing to save), when a reply is awaited, when
 * poll saw it readable; else every CONN_SOCK_CHECK_US.
 */
static int
conn_sock_due(int64_t now)
{
	if (conn.sock_hint || conn.wait_reqid != 0 || !lpvm_chan_spin(NULL))
		return (1);
	return (now - conn.sock_checked >= CONN_SOCK_CHECK_US);
}

/*
 * Read what the socket has and handle the complete frames.  Returns the
 * number of frames handled or a PVM error code (the link is then closed).
 */
static int
conn_input(void)
{
	ssize_t		 n;
	size_t		 want;
	unsigned char	*p;
	int		 cc, frames = 0;

	for (;;) {
		if (!conn.up)
			return (PvmSysErr);
		if ((cc = conn_parse()) < 0)
			return (cc);
		frames += cc;
		if (conn.have_hdr && conn.ilen == 0 &&
		    conn.hdr.len - conn.got >= CONN_DIRECT_MIN) {
			p = conn.body + conn.got;
			want = conn.hdr.len - conn.got;
		} else {
			if (conn.ioff > 0) {
				memmove(conn.ibuf, conn.ibuf + conn.ioff,
				    conn.ilen);
				conn.ioff = 0;
			}
			p = conn.ibuf + conn.ilen;
			want = CONN_IBUF_SIZE - conn.ilen;
		}
		n = conn_recv(p, want);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return (frames);
			return (conn_fail(PvmSysErr));
		}
		if (n == 0) {
			/* The daemon ends the link for a checkpoint. */
			if (lpvm_ckpt_eof())
				return (frames);
			return (conn_fail(PvmSysErr));
		}
		if (p == conn.ibuf + conn.ilen)
			conn.ilen += n;
		else
			conn.got += n;
	}
}

/*
 * Read from the daemon socket into p (after what a checkpoint drained
 * from it).  As read(2).
 */
static ssize_t
conn_recv(void *p, size_t want)
{
	size_t	n;

	if ((n = lpvm_ckpt_unstash(p, want)) > 0)
		return ((ssize_t)n);
	return (lpvm_conn_recv(conn.fd, p, want));
}

/*
 * Read from daemon socket fd into p, keeping the descriptors that come
 * with the bytes (at most CONN_MAX_RFDS wait; more are closed) for the
 * frames they belong to.  As read(2).
 */
ssize_t
lpvm_conn_recv(int fd, void *p, size_t want)
{
	struct msghdr	 msg;
	struct iovec	 iov;
	struct cmsghdr	*cm;
	union {
		struct cmsghdr	 align;
		char		 buf[CMSG_SPACE(CONN_MAX_RFDS * sizeof(int))];
	}		 cbuf;
	ssize_t		 n;
	size_t		 i, nfd;
	int		 rfd;

	memset(&msg, 0, sizeof msg);
	iov.iov_base = p;
	iov.iov_len = want;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cbuf.buf;
	msg.msg_controllen = sizeof cbuf.buf;
	if ((n = recvmsg(fd, &msg, MSG_CMSG_CLOEXEC)) <= 0)
		return (n);
	for (cm = CMSG_FIRSTHDR(&msg); cm != NULL;
	    cm = CMSG_NXTHDR(&msg, cm)) {
		if (cm->cmsg_level != SOL_SOCKET ||
		    cm->cmsg_type != SCM_RIGHTS ||
		    cm->cmsg_len < CMSG_LEN(0))
			continue;
		nfd = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < nfd; i++) {
			memcpy(&rfd, CMSG_DATA(cm) + i * sizeof(int),
			    sizeof rfd);
			if (conn.nrfds < CONN_MAX_RFDS)
				conn.rfds[conn.nrfds++] = rfd;
			else
				close(rfd);
		}
	}
	return (n);
}

/*
 * Cut complete frames out of the input buffer and dispatch them.  A
 * body is moved into its own block as its header is decoded.  Returns
 * the number of frames dispatched, or a PVM error code (link closed).
 */
static int
conn_parse(void)
{
	const char	*cause;
	size_t		 take;
	int		 cc, frames = 0;

	for (;;) {
		if (!conn.have_hdr) {
			if (conn.ilen < PVM_FRAME_HDRLEN)
				break;
			if (wire_hdr_decode(conn.ibuf + conn.ioff, &conn.hdr,
			    PVM_MAX_FRAME, &cause) != 0)
				return (conn_fail(conn_get32(conn.ibuf +
				    conn.ioff) == PVM_FRAME_MAGIC &&
				    conn.hdr.version != PVM_PROTOCOL_VERSION ?
				    PvmBadVersion : PvmSysErr));
			conn.ioff += PVM_FRAME_HDRLEN;
			conn.ilen -= PVM_FRAME_HDRLEN;
			conn.body = lpvm_body_alloc(conn.hdr.len);
			if (conn.body == NULL)
				return (conn_fail(PvmNoMem));
			conn.got = 0;
			conn.have_hdr = 1;
		}
		take = conn.hdr.len - conn.got;
		if (take > conn.ilen)
			take = conn.ilen;
		memcpy(conn.body + conn.got, conn.ibuf + conn.ioff, take);
		conn.got += take;
		conn.ioff += take;
		conn.ilen -= take;
		if (conn.got < conn.hdr.len)
			break;
		conn.have_hdr = 0;
		cc = conn_dispatch(&conn.hdr, conn.body);
		conn.body = NULL;
		if (cc < 0)
			return (conn_fail(cc));
		frames++;
	}
	if (conn.ilen == 0)
		conn.ioff = 0;
	return (frames);
}

/*
 * Handle one complete frame; body (hdr.len bytes, malloc'd) is consumed.
 * Returns 0 or a PVM error code, after which the link must close.
 */
static int
conn_dispatch(struct pvm_frame *f, unsigned char *body)
{
	struct lpvm_buf	*b;
	int		 fds[PVM_CHAN_MAXFDS], nfds = 0, cc, i;

	switch (f->type) {
	case PVM_MSG_CHAN_REPLY:
	case PVM_MSG_CHAN_NOTICE:
	case PVM_MSG_CHAN_CLOSE:
		i = (int)(f->flags & PVM_FRAME_NFDS_MASK);
		nfds = conn_pop_fds(fds, i > PVM_CHAN_MAXFDS ?
		    PVM_CHAN_MAXFDS : i);
		if (f->type == PVM_MSG_CHAN_REPLY)
			break;
		cc = lpvm_chan_notice(f->type, body, f->len, fds, nfds);
		free(body);
		return (cc);
	default:
		break;
	}

	switch (f->type) {
	case PVM_MSG_DATA:
		if (f->ctx == LPVM_CTX_SYSTEM && f->tag == LPVM_TAG_OUTPUT &&
		    ((uint32_t)f->src & PVM_TID_DAEMON) != 0) {
			conn_output(f, body);
			free(body);
			return (0);
		}
		/* What src sent by a direct route came before. */
		if ((cc = lpvm_chan_flush(f->src)) != 0) {
			free(body);
			return (cc);
		}
		b = lpvm_buf_adopt(body, f->len, f->flags, f->src, f->tag,
		    f->ctx);
		if (b == NULL) {
			free(body);
			return (PvmNoMem);
		}
		b->queued = 1;
		TAILQ_INSERT_TAIL(&lpvm.rxq, b, entry);
		return (0);
	case PVM_MSG_VERSION:
		free(body);
		return (PvmBadVersion);
	case PVM_MSG_CKPT_ORDER:
		lpvm_ckpt_order(f->reqid);
		free(body);
		return (0);
	case PVM_MSG_ADDHOSTS_PROGRESS:
		if (conn.wait_reqid != 0 && f->reqid == conn.wait_reqid)
			lpvm_host_progress(body, f->len);
		free(body);
		return (0);
	default:
		if (conn.wait_reqid != 0 && f->reqid == conn.wait_reqid &&
		    !conn.have_reply) {
			conn.have_reply = 1;
			conn.reply_type = f->type;
			conn.reply_body = body;
			conn.reply_len = f->len;
			memcpy(conn.reply_fds, fds, nfds * sizeof *fds);
			conn.nreply_fds = nfds;
			return (0);
		}
		/* A stray reply (no request waits for it): dropped. */
		conn_close_fds(fds, &nfds);
		free(body);
		return (0);
	}
}

/*
 * Print one output message of a child (pvm_catchout) to lpvm.catch_fp.
 * Body: XDR int tid, int count, then count bytes; count -1 is BEGIN and
 * 0 is END.  Malformed messages are ignored.
 */
static void
conn_output(const struct pvm_frame *f, const unsigned char *body)
{
	FILE	*fp = lpvm.catch_fp;
	int	 tid, count;

	if (f->len < 8)
		return;
	tid = (int)conn_get32(body);
	count = (int)conn_get32(body + 4);
	if (count == PVM_OUT_BEGIN) {
		if (conn_catch_add(tid) != 0)
			return;
		if (fp != NULL && lpvm.showtids)
			fprintf(fp, "[t%x] BEGIN\n", (unsigned)tid);
	} else if (count == PVM_OUT_END) {
		if (conn_catch_find(tid) < 0)
			return;
		conn_catch_del(tid);
		if (fp != NULL && lpvm.showtids)
			fprintf(fp, "[t%x] END\n", (unsigned)tid);
	} else if (count > 0 && (size_t)count <= f->len - 8) {
		if (fp == NULL)
			return;
		if (lpvm.showtids) {
			fprintf(fp, "[t%x] ", (unsigned)tid);
			fwrite(body + 8, 1, count, fp);
			if (body[8 + count - 1] != '\n')
				fputc('\n', fp);
		} else
			fwrite(body + 8, 1, count, fp);
	} else
		return;
	if (fp != NULL)
		fflush(fp);
}

static int
conn_catch_find(int tid)
{
	int	i;

	for (i = 0; i < conn.ncatch; i++) {
		if (conn.catch_tids[i] == tid)
			return (i);
	}
	return (-1);
}

static int
conn_catch_add(int tid)
{
	int	*p, ncap;

	if (conn_catch_find(tid) >= 0)
		return (0);
	if (conn.ncatch == conn.catchcap) {
		ncap = conn.catchcap ? conn.catchcap * 2 : 16;
		if (ncap > (int)PVM_TID_LOCAL_MASK * 16)
			return (-1);
		p = realloc(conn.catch_tids, (size_t)ncap * sizeof *p);
		if (p == NULL)
			return (-1);
		conn.catch_tids = p;
		conn.catchcap = ncap;
	}
	conn.catch_tids[conn.ncatch++] = tid;
	lpvm.catch_open = conn.ncatch;
	return (0);
}

static void
conn_catch_del(int tid)
{
	int	i;

	if ((i = conn_catch_find(tid)) < 0)
		return;
	conn.catch_tids[i] = conn.catch_tids[--conn.ncatch];
	lpvm.catch_open = conn.ncatch;
}

