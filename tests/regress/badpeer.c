/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * badpeer: a hostile task.  It connects to the pvmd socket of the
 * current PVM_VMID and sends broken frames: garbage, a truncated frame,
 * a bad magic, a wrong version, an oversized length, an unknown type,
 * data before hello, a malformed protobuf body, a flood of silent
 * connections.  After each case it checks that the daemon closed the
 * bad link and that a new connection can still enroll.
 *
 *	badpeer [-v] [-s socket]	run every case; exit 0 if all pass
 *	badpeer -c [-s socket]		connect only; exit 0 if someone
 *					listens on the socket
 *	badpeer -i [-s socket]		connect and say nothing; exit 0
 *					if the daemon closes the link
 *	badpeer -e [-s socket]		one HELLO; exit 0 if enrolled
 *	badpeer -u [-s socket]		one HELLO; exit 0 if refused,
 *					1 if accepted, 2 if no connection
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "paths.h"
#include "wire.h"

#define BADPEER_TIMEOUT_MS	5000	/* wait for the daemon to react */
#define BADPEER_IDLE_MS		20000	/* pvmd's hello deadline is 10 s */
#define BADPEER_FLOOD		64	/* silent connections at once */

/* How a link ended after a bad frame. */
enum badpeer_end {
	BADPEER_CLOSED,		/* the daemon closed it */
	BADPEER_TIMEOUT,	/* still open after the timeout */
	BADPEER_ERROR		/* our own failure */
};

struct badpeer_case {
	const char	*name;
	int		(*run)(void);
};

static int	 badpeer_connect(void);
static int	 badpeer_write(int, const void *, size_t);
static void	 badpeer_hdr(uint8_t *, int, uint32_t, uint32_t);
static int	 badpeer_send(int, int, uint32_t, const void *, size_t);
static int	 badpeer_send_hello(int);
static int	 badpeer_read_frame(int, struct pvm_frame *, uint8_t **,
		     int);
static enum badpeer_end badpeer_wait_close(int, int *);
static int	 badpeer_enroll(int *);
static int	 badpeer_expect_close(int, const char *);
static void	 badpeer_log(const char *, ...)
		     __attribute__((format(printf, 1, 2)));

static int	 case_garbage(void);
static int	 case_short_header(void);
static int	 case_truncated(void);
static int	 case_bad_magic(void);
static int	 case_bad_version(void);
static int	 case_oversized(void);
static int	 case_oversized_hello(void);
static int	 case_unknown_type(void);
static int	 case_data_before_hello(void);
static int	 case_request_before_hello(void);
static int	 case_bad_hello_body(void);
static int	 case_bad_body(void);
static int	 case_double_hello(void);
static int	 case_flood(void);
static int	 case_bye(void);

static const struct badpeer_case badpeer_cases[] = {
	{ "garbage", case_garbage },
	{ "short header", case_short_header },
	{ "truncated frame", case_truncated },
	{ "bad magic", case_bad_magic },
	{ "wrong version", case_bad_version },
	{ "oversized length", case_oversized },
	{ "oversized hello", case_oversized_hello },
	{ "unknown type", case_unknown_type },
	{ "data before hello", case_data_before_hello },
	{ "request before hello", case_request_before_hello },
	{ "malformed hello body", case_bad_hello_body },
	{ "malformed protobuf body", case_bad_body },
	{ "second hello", case_double_hello },
	{ "flood of silent connections", case_flood },
	{ "hello then bye", case_bye },
};

static char	 badpeer_path[sizeof(((struct sockaddr_un *)0)->sun_path)];
static int	 badpeer_verbose;

int
main(int argc, char **argv)
{
	struct pvm_frame	 f;
	uint8_t			*body;
	char			*cause;
	size_t			 i;
	int			 ch, mode, failed, tid, fd, r;

	mode = 0;
	while ((ch = getopt(argc, argv, "ceis:uv")) != -1) {
		switch (ch) {
		case 'c':
		case 'e':
		case 'i':
		case 'u':
			mode = ch;
			break;
		case 's':
			if (strlen(optarg) >= sizeof badpeer_path) {
				fprintf(stderr, "badpeer: socket path too "
				    "long\n");
				return (2);
			}
			strcpy(badpeer_path, optarg);
			break;
		case 'v':
			badpeer_verbose = 1;
			break;
		default:
			fprintf(stderr, "usage: badpeer [-ceiuv] [-s socket]\n");
			return (2);
		}
	}
	if (optind != argc) {
		fprintf(stderr, "usage: badpeer [-ceiuv] [-s socket]\n");
		return (2);
	}
	if (badpeer_path[0] == '\0' && paths_file(PATHS_SOCKET, badpeer_path,
	    sizeof badpeer_path, &cause) != 0) {
		fprintf(stderr, "badpeer: %s\n", cause);
		free(cause);
		return (2);
	}
	signal(SIGPIPE, SIG_IGN);

	if (mode == 'c') {
		if ((fd = badpeer_connect()) == -1)
			return (1);
		close(fd);
		return (0);
	}
	if (mode == 'i') {
		/* Say nothing: the daemon must close the link by itself. */
		if ((fd = badpeer_connect()) == -1)
			return (2);
		r = badpeer_read_frame(fd, &f, &body, BADPEER_IDLE_MS);
		free(body);
		close(fd);
		printf("badpeer: silent connection %s\n", r == 0 ?
		    "closed by the daemon" : "still open");
		return (r == 0 ? 0 : 1);
	}
	if (mode == 'e' || mode == 'u') {
		if ((fd = badpeer_connect()) == -1)
			return (2);
		close(fd);
		if ((r = badpeer_enroll(&tid)) == -2)
			return (2);
		if (r == 0)
			printf("badpeer: enrolled as t%x\n", tid);
		else
			printf("badpeer: refused\n");
		/* -u: another uid, the daemon must not give us a TID. */
		if (mode == 'u')
			return (r == 0 ? 1 : 0);
		return (r == 0 ? 0 : 1);
	}

	failed = 0;
	for (i = 0; i < sizeof badpeer_cases / sizeof badpeer_cases[0]; i++) {
		badpeer_log("case: %s", badpeer_cases[i].name);
		if (badpeer_cases[i].run() != 0) {
			printf("FAIL %s\n", badpeer_cases[i].name);
			failed++;
			continue;
		}
		/* Whatever happened, the daemon must still serve. */
		if (badpeer_enroll(&tid) != 0) {
			printf("FAIL %s: daemon no longer enrolls tasks\n",
			    badpeer_cases[i].name);
			failed++;
			continue;
		}
		printf("ok %s (then enrolled t%x)\n", badpeer_cases[i].name,
		    tid);
	}
	printf("badpeer: %d of %zu cases failed\n", failed,
	    sizeof badpeer_cases / sizeof badpeer_cases[0]);
	return (failed == 0 ? 0 : 1);
}

static void
badpeer_log(const char *fmt, ...)
{
	va_list	ap;

	if (!badpeer_verbose)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Connect to the daemon socket; -1 and a message on failure. */
static int
badpeer_connect(void)
{
	struct sockaddr_un	sun;
	int			fd;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	strcpy(sun.sun_path, badpeer_path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1) {
		perror("badpeer: socket");
		return (-1);
	}
	if (connect(fd, (struct sockaddr *)&sun, sizeof sun) == -1) {
		fprintf(stderr, "badpeer: connect %s: %s\n", badpeer_path,
		    strerror(errno));
		close(fd);
		return (-1);
	}
	return (fd);
}

/* Write all of buf; 0, or -1 if the daemon already closed the link. */
static int
badpeer_write(int fd, const void *buf, size_t len)
{
	const uint8_t	*p = buf;
	ssize_t		 n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		p += n;
		len -= n;
	}
	return (0);
}

/* Encode a header for our own protocol version. */
static void
badpeer_hdr(uint8_t *hdr, int type, uint32_t reqid, uint32_t len)
{
	struct pvm_frame	f;

	memset(&f, 0, sizeof f);
	f.type = type;
	f.reqid = reqid;
	f.len = len;
	wire_hdr_encode(&f, hdr);
}

/* Send one well-formed frame. */
static int
badpeer_send(int fd, int type, uint32_t reqid, const void *body, size_t len)
{
	uint8_t	hdr[PVM_FRAME_HDRLEN];

	badpeer_hdr(hdr, type, reqid, len);
	if (badpeer_write(fd, hdr, sizeof hdr) != 0)
		return (-1);
	if (len > 0 && badpeer_write(fd, body, len) != 0)
		return (-1);
	return (0);
}

/* Send a valid, unspawned HELLO. */
static int
badpeer_send_hello(int fd)
{
	Pvm__Hello	hello = PVM__HELLO__INIT;
	uint8_t		buf[256];
	size_t		len;

	hello.protocol = PVM_PROTOCOL_VERSION;
	hello.pid = getpid();
	hello.name = "badpeer";
	hello.spawned = 0;
	if (wire_ctl_size(&hello.base) > sizeof buf)
		return (-1);
	len = wire_ctl_pack(&hello.base, buf);
	return (badpeer_send(fd, PVM_MSG_HELLO, 1, buf, len));
}

/*
 * Read one frame within timeout ms.  Returns 1 with *f and *body (to be
 * freed) set, 0 if the daemon closed the link, -1 on timeout or a frame
 * we cannot decode.
 */
static int
badpeer_read_frame(int fd, struct pvm_frame *f, uint8_t **body, int timeout)
{
	struct pollfd	 pfd;
	struct timespec	 t0, t1;
	uint8_t		 hdr[PVM_FRAME_HDRLEN];
	uint8_t		*buf;
	const char	*cause;
	size_t		 have, want;
	ssize_t		 n;
	int		 left;

	*body = NULL;
	buf = hdr;
	want = sizeof hdr;
	have = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (have == want) {
			if (buf != hdr)
				break;
			if (wire_hdr_decode(hdr, f, PVM_MAX_CTL_FRAME,
			    &cause) != 0) {
				badpeer_log("  undecodable reply: %s", cause);
				return (-1);
			}
			if (f->len == 0)
				break;
			if ((buf = malloc(f->len)) == NULL)
				return (-1);
			*body = buf;
			want = f->len;
			have = 0;
			continue;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		left = timeout - (int)((t1.tv_sec - t0.tv_sec) * 1000 +
		    (t1.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0)
			goto fail;
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, left) <= 0)
			continue;
		n = read(fd, buf + have, want - have);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == 0 || (n == -1 && errno == ECONNRESET)) {
			free(*body);
			*body = NULL;
			return (0);
		}
		if (n == -1)
			goto fail;
		have += n;
	}
	return (1);

fail:
	free(*body);
	*body = NULL;
	return (-1);
}

/*
 * Wait until the daemon closes fd, skipping any frames it sends first.
 * *first gets the type of the first frame seen (0 if none).
 */
static enum badpeer_end
badpeer_wait_close(int fd, int *first)
{
	struct pvm_frame	 f;
	uint8_t			*body;
	int			 i, r;

	if (first != NULL)
		*first = 0;
	for (i = 0; i < 16; i++) {
		r = badpeer_read_frame(fd, &f, &body, BADPEER_TIMEOUT_MS);
		free(body);
		if (r == 0)
			return (BADPEER_CLOSED);
		if (r < 0)
			return (BADPEER_TIMEOUT);
		badpeer_log("  reply %s", pvm_msgtype_str(f.type));
		if (first != NULL && *first == 0)
			*first = f.type;
	}
	return (BADPEER_TIMEOUT);
}

/* After a bad frame on fd: 0 if the daemon closed the link. */
static int
badpeer_expect_close(int fd, const char *what)
{
	enum badpeer_end	e;

	e = badpeer_wait_close(fd, NULL);
	close(fd);
	if (e != BADPEER_CLOSED) {
		printf("  %s: the daemon left the link open\n", what);
		return (-1);
	}
	return (0);
}

/*
 * Enroll on a new connection.  Returns 0 with *tid set, -1 if refused
 * (closed or a negative code), -2 if we could not connect.
 */
static int
badpeer_enroll(int *tid)
{
	Pvm__HelloAck		*ack;
	struct pvm_frame	 f;
	const char		*cause;
	uint8_t			*body;
	int			 fd, r, ret;

	if ((fd = badpeer_connect()) == -1)
		return (-2);
	if (badpeer_send_hello(fd) != 0) {
		close(fd);
		return (-1);
	}
	r = badpeer_read_frame(fd, &f, &body, BADPEER_TIMEOUT_MS);
	if (r <= 0) {
		badpeer_log("  hello: %s", r == 0 ? "closed" : "no answer");
		close(fd);
		return (-1);
	}
	ret = -1;
	if (f.type != PVM_MSG_HELLO_ACK || f.reqid != 1) {
		badpeer_log("  hello: got %s reqid %u", pvm_msgtype_str(f.type),
		    f.reqid);
		goto out;
	}
	ack = (Pvm__HelloAck *)wire_ctl_unpack(f.type, body, f.len, &cause);
	if (ack == NULL) {
		badpeer_log("  hello: %s", cause);
		goto out;
	}
	if (ack->code == 0 && ack->tid > 0) {
		*tid = ack->tid;
		ret = 0;
	} else
		badpeer_log("  hello: code %d tid %d", ack->code, ack->tid);
	wire_ctl_free(&ack->base);
	if (ret == 0) {
		/* Leave politely: BYE, STATUS, close. */
		free(body);
		body = NULL;
		if (badpeer_send(fd, PVM_MSG_BYE, 2, NULL, 0) == 0) {
			r = badpeer_read_frame(fd, &f, &body,
			    BADPEER_TIMEOUT_MS);
			if (r != 1 || f.type != PVM_MSG_STATUS ||
			    f.reqid != 2) {
				printf("  BYE was not answered by STATUS\n");
				ret = -1;
			}
		}
	}
out:
	free(body);
	close(fd);
	return (ret);
}

static int
case_garbage(void)
{
	uint8_t	buf[200];
	size_t	i;
	int	fd;

	if ((fd = badpeer_connect()) == -1)
		return (-1);
	for (i = 0; i < sizeof buf; i++)
		buf[i] = (uint8_t)(i * 37 + 11);
	badpeer_write(fd, buf, sizeof buf);
	return (badpeer_expect_close(fd, "garbage"));
}

static int
case_short_header(void)
{
	uint8_t	hdr[PVM_FRAME_HDRLEN];
	int	fd;

	/* Half a header, then EOF from our side. */
	if ((fd = badpeer_connect()) == -1)
		return (-1);
	badpeer_hdr(hdr, PVM_MSG_HELLO, 1, 10);
	badpeer_write(fd, hdr, sizeof hdr / 2);
	shutdown(fd, SHUT_WR);
	return (badpeer_expect_close(fd, "short header"));
}

static int
case_truncated(void)
{
	uint8_t	hdr[PVM_FRAME_HDRLEN], body[10];
	int	fd;

	/* A header announcing 100 bytes, 10 of them, then EOF. */
	if ((fd = badpeer_connect()) == -1)
		return (-1);
	badpeer_hdr(hdr, PVM_MSG_HELLO, 1, 100);
	memset(body, 0x08, sizeof body);
	badpeer_write(fd, hdr, sizeof hdr);
	badpeer_write(fd, body, sizeof body);
	shutdown(fd, SHUT_WR);
	return (badpeer_expect_close(fd, "truncated frame"));
}

static int
case_bad_magic(void)
{
	uint8_t	hdr[PVM_FRAME_HDRLEN];
	int	fd;

	if ((fd = badpeer_connect()) == -1)
		return (-1);
	badpeer_hdr(hdr, PVM_MSG_HELLO, 1, 0);
	hdr[0] ^= 0xff;
	badpeer_write(fd, hdr, sizeof hdr);
	return (badpeer_expect_close(fd, "bad magic"));
}

static int
case_bad_version(void)
{
	uint8_t			hdr[PVM_FRAME_HDRLEN];
	enum badpeer_end	e;
	int			fd, first;

	/* Version is the high half of the second word. */
	if ((fd = badpeer_connect()) == -1)
		return (-1);
	badpeer_hdr(hdr, PVM_MSG_HELLO, 1, 0);
	hdr[4] = 0x7f;
	hdr[5] = 0x42;
	badpeer_write(fd, hdr, sizeof hdr);
	e = badpeer_wait_close(fd, &first);
	close(fd);
	if (first != PVM_MSG_VERSION) {
		printf("  wrong version: expected a VERSION frame, got %s\n",
		    first == 0 ? "nothing" : pvm_msgtype_str(first));
		return (-1);
	}
	if (e != BADPEER_CLOSED) {
		printf("  wrong version: the daemon left the link open\n");
		return (-1);
	}
	return (0);
}

static int
case_oversized(void)
{
	uint8_t	hdr[PVM_FRAME_HDRLEN];
	int	fd;

	/* A 4 GB data frame: must be refused from the header alone. */
	if ((fd = badpeer_connect()) == -1)
		return (-1);
	badpeer_hdr(hdr, PVM_MSG_DATA, 0, 0xffffffffU);
	badpeer_write(fd, hdr, sizeof hdr);
	return (badpeer_expect_close(fd, "oversized length"));
}

static int
case_oversized_hello(void)
{
	uint8_t	hdr[PVM_FRAME_HDRLEN];
	int	fd;

	/* Within the control limit but over the pre-hello limit. */
	if ((fd = badpeer_connect()) == -1)
		return (-1);
	badpeer_hdr(hdr, PVM_MSG_HELLO, 1, PVM_MAX_CTL_FRAME);
	badpeer_write(fd, hdr, sizeof hdr);
	return (badpeer_expect_close(fd, "oversized hello"));
}

static int
case_unknown_type(void)
{
	uint8_t	hdr[PVM_FRAME_HDRLEN];
	int	fd;

	if ((fd = badpeer_connect()) == -1)
		return (-1);
	badpeer_hdr(hdr, 9999, 1, 0);
	badpeer_write(fd, hdr, sizeof hdr);
	return (badpeer_expect_close(fd, "unknown type"));
}

static int
case_data_before_hello(void)
{
	uint8_t	body[8] = { 0, 0, 0, 1, 0, 0, 0, 2 };
	int	fd;

	if ((fd = badpeer_connect()) == -1)
		return (-1);
	badpeer_send(fd, PVM_MSG_DATA, 0, body, sizeof body);
	return (badpeer_expect_close(fd, "data before hello"));
}

static int
case_request_before_hello(void)
{
	int	fd;

	/* HALT from an unenrolled peer must not stop the daemon. */
	if ((fd = badpeer_connect()) == -1)
		return (-1);
	badpeer_send(fd, PVM_MSG_HALT, 1, NULL, 0);
	return (badpeer_expect_close(fd, "request before hello"));
}

static int
case_bad_hello_body(void)
{
	/* Field 3 (name), a string claiming 2^31 bytes. */
	uint8_t	body[] = { 0x1a, 0x80, 0x80, 0x80, 0x80, 0x08, 'x' };
	int	fd;

	if ((fd = badpeer_connect()) == -1)
		return (-1);
	badpeer_send(fd, PVM_MSG_HELLO, 1, body, sizeof body);
	return (badpeer_expect_close(fd, "malformed hello body"));
}

static int
case_bad_body(void)
{
	/* A SPAWN whose field 1 (file) runs past the end of the body. */
	uint8_t			 body[] = { 0x0a, 0xff, 0xff, 0x03, 'a' };
	struct pvm_frame	 f;
	uint8_t			*ack;
	int			 fd, r;

	if ((fd = badpeer_connect()) == -1)
		return (-1);
	if (badpeer_send_hello(fd) != 0) {
		close(fd);
		return (-1);
	}
	r = badpeer_read_frame(fd, &f, &ack, BADPEER_TIMEOUT_MS);
	free(ack);
	if (r != 1 || f.type != PVM_MSG_HELLO_ACK) {
		printf("  malformed body: HELLO was not answered\n");
		close(fd);
		return (-1);
	}
	badpeer_send(fd, PVM_MSG_SPAWN, 2, body, sizeof body);
	return (badpeer_expect_close(fd, "malformed protobuf body"));
}

static int
case_double_hello(void)
{
	struct pvm_frame	 f;
	uint8_t			*ack;
	int			 fd, r;

	/* HELLO twice on one link is a protocol error. */
	if ((fd = badpeer_connect()) == -1)
		return (-1);
	if (badpeer_send_hello(fd) != 0) {
		close(fd);
		return (-1);
	}
	r = badpeer_read_frame(fd, &f, &ack, BADPEER_TIMEOUT_MS);
	free(ack);
	if (r != 1 || f.type != PVM_MSG_HELLO_ACK) {
		printf("  second hello: HELLO was not answered\n");
		close(fd);
		return (-1);
	}
	badpeer_send_hello(fd);
	return (badpeer_expect_close(fd, "second hello"));
}

static int
case_flood(void)
{
	uint8_t	hdr[PVM_FRAME_HDRLEN];
	int	fds[BADPEER_FLOOD];
	int	i, n, tid, ret;

	/* Many unauthenticated links, each stuck in a partial header. */
	badpeer_hdr(hdr, PVM_MSG_HELLO, 1, 8);
	for (n = 0; n < BADPEER_FLOOD; n++) {
		if ((fds[n] = badpeer_connect()) == -1)
			break;
		badpeer_write(fds[n], hdr, 7);
	}
	ret = 0;
	if (n < BADPEER_FLOOD / 2) {
		printf("  flood: only %d connections accepted\n", n);
		ret = -1;
	} else if (badpeer_enroll(&tid) != 0) {
		printf("  flood: no enrolment while %d links idle\n", n);
		ret = -1;
	}
	for (i = 0; i < n; i++)
		close(fds[i]);
	return (ret);
}

static int
case_bye(void)
{
	int	tid;

	/* The good path, so that a broken daemon cannot pass by luck. */
	return (badpeer_enroll(&tid));
}
