/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * TLS for daemon links (pvmd/tls.c), with real OpenSSL: the CA on disk,
 * host credentials, and handshakes between two TLS bufferevents of one
 * event loop over a socketpair.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/util.h>

#include "tls.h"
#include "unit.h"

/* No handshake may take longer than this. */
#define TEST_TLS_TIMEOUT	10

struct test_tls_run;

struct test_tls_side {
	struct test_tls_run	*run;
	struct bufferevent	*bev;
	int			 connected;
	int			 failed;
	char			*peer;
	char			 err[512];
	char			 got[16];
	size_t			 ngot;
};

struct test_tls_run {
	struct event_base	*base;
	struct test_tls_side	 server;
	struct test_tls_side	 client;
	int			 plain;		/* client is not TLS */
	int			 timedout;
};

static char	*test_tls_dir(void);
static void	 test_tls_rmdir(char *);
static void	 test_tls_check(struct test_tls_run *);
static void	 test_tls_readcb(struct bufferevent *, void *);
static void	 test_tls_eventcb(struct bufferevent *, short, void *);
static void	 test_tls_timeoutcb(evutil_socket_t, short, void *);
static void	 test_tls_handshake(struct test_tls_run *, struct tls_cred *,
		    struct tls_cred *);
static void	 test_tls_done(struct test_tls_run *);
static void	 test_tls_refused(struct test_tls_run *, const char *);

static const struct {
	const char	*name;
	int		 ok;
} test_tls_names[] = {
	{ "node1", 1 },
	{ "node-2.example.org", 1 },
	{ "10.1.2.3", 1 },
	{ "::1", 1 },
	{ "fe80::1:2", 1 },
	{ "", 0 },
	{ "a b", 0 },
	{ "a,IP:1.2.3.4", 0 },
	{ "x\ny", 0 },
	{ "a/b", 0 },
	{ "0123456789012345678901234567890123456789012345678901234567890"
	    "1234", 0 },
};

/* Make a private temporary directory. */
static char *
test_tls_dir(void)
{
	char	*dir;

	dir = strdup("/tmp/pvm-test-tls-XXXXXX");
	if (dir == NULL || mkdtemp(dir) == NULL) {
		free(dir);
		return (NULL);
	}
	return (dir);
}

/* Remove the files these tests create, then the directory. */
static void
test_tls_rmdir(char *dir)
{
	const char	*names[] = { "ca.pem", "ca.key", "real.key", "sub" };
	char		 path[512];
	size_t		 i;

	if (dir == NULL)
		return;
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (unlink(path) == -1)
			rmdir(path);
	}
	rmdir(dir);
	free(dir);
}

/* Create a CA, save it, load it back; refuse to overwrite it. */
static void
test_tls_ca_files(void)
{
	struct tls_ca	*ca, *ca2;
	struct stat	 sb;
	char		*dir, *cause = NULL, *pem1, *pem2, path[512];

	dir = test_tls_dir();
	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	ca = tls_ca_create("default", "user", "host.example.org", &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ca);
	CU_ASSERT_EQUAL(tls_ca_save(ca, dir, &cause), 0);

	snprintf(path, sizeof path, "%s/ca.key", dir);
	CU_ASSERT_EQUAL(lstat(path, &sb), 0);
	CU_ASSERT(S_ISREG(sb.st_mode));
	CU_ASSERT_EQUAL(sb.st_mode & 07777, 0600);
	snprintf(path, sizeof path, "%s/ca.pem", dir);
	CU_ASSERT_EQUAL(lstat(path, &sb), 0);
	CU_ASSERT(S_ISREG(sb.st_mode));
	CU_ASSERT_EQUAL(sb.st_mode & 0133, 0);	/* no x, no write */

	ca2 = tls_ca_load(dir, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ca2);
	pem1 = tls_ca_cert_pem(ca);
	pem2 = tls_ca_cert_pem(ca2);
	CU_ASSERT_PTR_NOT_NULL(pem1);
	CU_ASSERT_PTR_NOT_NULL(pem2);
	if (pem1 != NULL && pem2 != NULL) {
		CU_ASSERT_STRING_EQUAL(pem1, pem2);
		CU_ASSERT(strstr(pem1, "BEGIN CERTIFICATE") != NULL);
	}
	free(pem1);
	free(pem2);

	/* An existing CA is never replaced. */
	CU_ASSERT_EQUAL(tls_ca_save(ca2, dir, &cause), -1);
	CU_ASSERT_PTR_NOT_NULL(cause);
	free(cause);
	cause = NULL;
	tls_ca_free(ca2);

	/* A directory without a CA. */
	snprintf(path, sizeof path, "%s/sub", dir);
	CU_ASSERT_EQUAL(mkdir(path, 0700), 0);
	CU_ASSERT_PTR_NULL(tls_ca_load(path, &cause));
	CU_ASSERT_PTR_NOT_NULL(cause);
	free(cause);
	cause = NULL;

	/* A missing directory is created 0700. */
	rmdir(path);
	CU_ASSERT_EQUAL(tls_ca_save(ca, path, &cause), 0);
	CU_ASSERT_EQUAL(stat(path, &sb), 0);
	CU_ASSERT_EQUAL(sb.st_mode & 0777, 0700);
	snprintf(path, sizeof path, "%s/sub/ca.pem", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/sub/ca.key", dir);
	unlink(path);

	tls_ca_free(ca);
	test_tls_rmdir(dir);
}

/* A key file open to others, a symbolic link or a wrong key is refused. */
static void
test_tls_ca_badkey(void)
{
	struct tls_ca	*ca, *other, *ca2;
	char		*dir, *dir2, *cause = NULL, key[512], real[512];
	char		 cert[512], key2[512];

	dir = test_tls_dir();
	dir2 = test_tls_dir();
	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dir2);
	ca = tls_ca_create("vm", "user", "host", NULL);
	other = tls_ca_create("vm2", "user", "host", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ca);
	CU_ASSERT_PTR_NOT_NULL_FATAL(other);
	CU_ASSERT_EQUAL_FATAL(tls_ca_save(ca, dir, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(tls_ca_save(other, dir2, NULL), 0);
	snprintf(key, sizeof key, "%s/ca.key", dir);
	snprintf(cert, sizeof cert, "%s/ca.pem", dir);
	snprintf(key2, sizeof key2, "%s/ca.key", dir2);

	CU_ASSERT_EQUAL(chmod(key, 0644), 0);
	CU_ASSERT_PTR_NULL(tls_ca_load(dir, &cause));
	CU_ASSERT_PTR_NOT_NULL(cause);
	if (cause != NULL)
		CU_ASSERT(strstr(cause, "refused") != NULL);
	free(cause);
	cause = NULL;

	CU_ASSERT_EQUAL(chmod(key, 0640), 0);
	CU_ASSERT_PTR_NULL(tls_ca_load(dir, NULL));
	CU_ASSERT_EQUAL(chmod(key, 0600), 0);
	ca2 = tls_ca_load(dir, NULL);
	CU_ASSERT_PTR_NOT_NULL(ca2);
	tls_ca_free(ca2);

	/* The key of another CA. */
	CU_ASSERT_PTR_NULL(tls_ca_load_files(cert, key2, &cause));
	CU_ASSERT_PTR_NOT_NULL(cause);
	free(cause);
	cause = NULL;

	/* A symbolic link to a good key file. */
	snprintf(real, sizeof real, "%s/real.key", dir);
	CU_ASSERT_EQUAL(rename(key, real), 0);
	CU_ASSERT_EQUAL(symlink("real.key", key), 0);
	CU_ASSERT_PTR_NULL(tls_ca_load(dir, &cause));
	CU_ASSERT_PTR_NOT_NULL(cause);
	if (cause != NULL)
		CU_ASSERT(strstr(cause, "symbolic link") != NULL);
	free(cause);
	cause = NULL;
	ca2 = tls_ca_load_files(cert, real, NULL);
	CU_ASSERT_PTR_NOT_NULL(ca2);
	tls_ca_free(ca2);

	/* Saving never replaces a file or follows a planted link. */
	unlink(cert);
	CU_ASSERT_EQUAL(tls_ca_save(ca, dir, NULL), -1);

	tls_ca_free(other);
	tls_ca_free(ca);
	test_tls_rmdir(dir2);
	test_tls_rmdir(dir);
}

/* Host names: good ones give a certificate with that CN, bad are refused. */
static void
test_tls_issue(void)
{
	struct tls_ca	*ca, *other;
	struct tls_cred	*cred;
	char		*cause, *name, *cert, *key, *capem, *mixed;
	size_t		 i;

	ca = tls_ca_create("vm", "user", "host", NULL);
	other = tls_ca_create("vm", "user", "host", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ca);
	CU_ASSERT_PTR_NOT_NULL_FATAL(other);
	for (i = 0; i < sizeof test_tls_names / sizeof test_tls_names[0];
	    i++) {
		cause = NULL;
		cred = tls_cred_issue(ca, test_tls_names[i].name, 0, 0,
		    &cause);
		if (!test_tls_names[i].ok) {
			CU_ASSERT_PTR_NULL(cred);
			CU_ASSERT_PTR_NOT_NULL(cause);
			free(cause);
			tls_cred_free(cred);
			continue;
		}
		CU_ASSERT_PTR_NOT_NULL(cred);
		if (cred == NULL) {
			free(cause);
			continue;
		}
		name = tls_cred_name(cred);
		CU_ASSERT_PTR_NOT_NULL(name);
		if (name != NULL)
			CU_ASSERT_STRING_EQUAL(name, test_tls_names[i].name);
		free(name);
		CU_ASSERT_EQUAL(tls_cred_verify(cred, NULL), 0);
		tls_cred_free(cred);
	}

	/* Bad validity. */
	CU_ASSERT_PTR_NULL(tls_cred_issue(ca, "node", -1, 0, NULL));

	/* Expired and not yet valid certificates do not verify. */
	cred = tls_cred_issue(ca, "old", 365, -2L * 365 * 86400, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cred);
	cause = NULL;
	CU_ASSERT_EQUAL(tls_cred_verify(cred, &cause), -1);
	CU_ASSERT_PTR_NOT_NULL(cause);
	if (cause != NULL)
		CU_ASSERT(strstr(cause, "expired") != NULL);
	free(cause);
	tls_cred_free(cred);
	cred = tls_cred_issue(ca, "future", 365, 86400, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cred);
	CU_ASSERT_EQUAL(tls_cred_verify(cred, NULL), -1);
	tls_cred_free(cred);

	/* A certificate of another CA does not verify against this one. */
	cred = tls_cred_issue(other, "stranger", 0, 0, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cred);
	CU_ASSERT_EQUAL(tls_cred_pem(cred, &cert, &key, NULL), 0);
	tls_cred_free(cred);
	capem = tls_ca_cert_pem(ca);
	CU_ASSERT_PTR_NOT_NULL_FATAL(capem);
	cred = tls_cred_from_pem(cert, key, capem, NULL);
	CU_ASSERT_PTR_NOT_NULL(cred);
	if (cred != NULL)
		CU_ASSERT_EQUAL(tls_cred_verify(cred, NULL), -1);
	tls_cred_free(cred);

	/* A key that does not match the certificate. */
	cred = tls_cred_issue(ca, "node", 0, 0, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cred);
	CU_ASSERT_EQUAL(tls_cred_pem(cred, &mixed, NULL, NULL), 0);
	tls_cred_free(cred);
	cause = NULL;
	CU_ASSERT_PTR_NULL(tls_cred_from_pem(mixed, key, capem, &cause));
	CU_ASSERT_PTR_NOT_NULL(cause);
	free(cause);
	free(mixed);

	free(capem);
	free(cert);
	free(key);
	tls_ca_free(other);
	tls_ca_free(ca);
}

/* Credentials go to PEM text and back, and bad text is refused. */
static void
test_tls_pem(void)
{
	struct tls_ca	*ca;
	struct tls_cred	*cred, *copy;
	char		*cert, *key, *capem, *cert2, *key2, *name, *big;
	char		*cause = NULL, *dir, path[512];
	FILE		*fp;

	ca = tls_ca_create("vm", "user", "host", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ca);
	cred = tls_cred_issue(ca, "node7", 0, 0, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cred);
	CU_ASSERT_EQUAL_FATAL(tls_cred_pem(cred, &cert, &key, &capem), 0);
	CU_ASSERT(strstr(cert, "BEGIN CERTIFICATE") != NULL);
	CU_ASSERT(strstr(key, "PRIVATE KEY") != NULL);

	copy = tls_cred_from_pem(cert, key, capem, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
	name = tls_cred_name(copy);
	CU_ASSERT_PTR_NOT_NULL(name);
	if (name != NULL)
		CU_ASSERT_STRING_EQUAL(name, "node7");
	free(name);
	CU_ASSERT_EQUAL(tls_cred_verify(copy, NULL), 0);
	CU_ASSERT_EQUAL(tls_cred_pem(copy, &cert2, &key2, NULL), 0);
	CU_ASSERT_STRING_EQUAL(cert, cert2);
	CU_ASSERT_STRING_EQUAL(key, key2);
	free(cert2);
	free(key2);
	tls_cred_free(copy);

	/* Garbage, truncation, missing parts, a host cert as the CA. */
	CU_ASSERT_PTR_NULL(tls_cred_from_pem("garbage", key, capem, &cause));
	CU_ASSERT_PTR_NOT_NULL(cause);
	free(cause);
	cause = NULL;
	cert[strlen(cert) / 2] = '\0';
	CU_ASSERT_PTR_NULL(tls_cred_from_pem(cert, key, capem, NULL));
	CU_ASSERT_PTR_NULL(tls_cred_from_pem(NULL, key, capem, NULL));
	CU_ASSERT_PTR_NULL(tls_cred_from_pem(NULL, NULL, NULL, NULL));
	free(cert);
	CU_ASSERT_EQUAL(tls_cred_pem(cred, &cert, NULL, NULL), 0);
	CU_ASSERT_PTR_NULL(tls_cred_from_pem(cert, key, cert, NULL));
	CU_ASSERT_PTR_NULL(tls_cred_from_pem(cert, "junk", capem, NULL));
	big = malloc(TLS_PEM_MAX + 2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	memset(big, 'A', TLS_PEM_MAX + 1);
	big[TLS_PEM_MAX + 1] = '\0';
	CU_ASSERT_PTR_NULL(tls_cred_from_pem(cert, key, big, NULL));
	free(big);

	/* Trust-only credentials: no name, nothing to verify. */
	copy = tls_cred_from_pem(NULL, NULL, capem, NULL);
	CU_ASSERT_PTR_NOT_NULL(copy);
	if (copy != NULL) {
		CU_ASSERT_PTR_NULL(tls_cred_name(copy));
		CU_ASSERT_EQUAL(tls_cred_verify(copy, NULL), -1);
	}
	tls_cred_free(copy);

	/* Files: the key must be private. */
	dir = test_tls_dir();
	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	snprintf(path, sizeof path, "%s/ca.pem", dir);
	if ((fp = fopen(path, "w")) != NULL) {
		fputs(cert, fp);
		fputs(capem, fp);
		fclose(fp);
	}
	snprintf(path, sizeof path, "%s/ca.key", dir);
	if ((fp = fopen(path, "w")) != NULL) {
		fputs(key, fp);
		fclose(fp);
	}
	CU_ASSERT_EQUAL(chmod(path, 0600), 0);
	snprintf(path, sizeof path, "%s/real.key", dir);
	if ((fp = fopen(path, "w")) != NULL) {
		fputs(capem, fp);
		fclose(fp);
	}
	{
		char	c[512], k[512], a[512];

		snprintf(c, sizeof c, "%s/ca.pem", dir);
		snprintf(k, sizeof k, "%s/ca.key", dir);
		snprintf(a, sizeof a, "%s/real.key", dir);
		copy = tls_cred_load_files(c, k, a, &cause);
		CU_ASSERT_PTR_NOT_NULL(copy);
		if (copy != NULL)
			CU_ASSERT_EQUAL(tls_cred_verify(copy, NULL), 0);
		tls_cred_free(copy);
		free(cause);
		cause = NULL;
		CU_ASSERT_EQUAL(chmod(k, 0604), 0);
		CU_ASSERT_PTR_NULL(tls_cred_load_files(c, k, a, &cause));
		CU_ASSERT_PTR_NOT_NULL(cause);
		free(cause);
		cause = NULL;
	}
	test_tls_rmdir(dir);

	free(cert);
	free(key);
	free(capem);
	tls_cred_free(cred);
	tls_ca_free(ca);
}

/* Stop the loop once the outcome of a handshake is known. */
static void
test_tls_check(struct test_tls_run *run)
{
	struct test_tls_side	*s = &run->server, *c = &run->client;

	if (s->failed) {
		/* A refused client must learn it too (unless plain). */
		if (run->plain || c->failed)
			event_base_loopexit(run->base, NULL);
		return;
	}
	if (c->failed) {
		if (s->failed || s->connected)
			event_base_loopexit(run->base, NULL);
		return;
	}
	if (s->connected && c->connected && s->ngot >= 4)
		event_base_loopexit(run->base, NULL);
}

/* Collect what a side reads. */
static void
test_tls_readcb(struct bufferevent *bev, void *arg)
{
	struct test_tls_side	*side = arg;
	struct evbuffer		*in = bufferevent_get_input(bev);
	size_t			 n;

	n = evbuffer_get_length(in);
	if (n > sizeof side->got - side->ngot)
		n = sizeof side->got - side->ngot;
	evbuffer_remove(in, side->got + side->ngot, n);
	side->ngot += n;
	evbuffer_drain(in, evbuffer_get_length(in));
	test_tls_check(side->run);
}

/* Record the end of a handshake or of the link. */
static void
test_tls_eventcb(struct bufferevent *bev, short what, void *arg)
{
	struct test_tls_side	*side = arg;

	if (what & BEV_EVENT_CONNECTED) {
		side->connected = 1;
		side->peer = tls_peer_name(bev);
		if (side == &side->run->client)
			bufferevent_write(bev, "ping", 4);
	} else if (what & (BEV_EVENT_ERROR|BEV_EVENT_EOF)) {
		if (!side->failed)
			tls_error(bev, side->err, sizeof side->err);
		side->failed = 1;
		bufferevent_disable(bev, EV_READ|EV_WRITE);
	}
	test_tls_check(side->run);
}

/* A handshake took too long: give up. */
static void
test_tls_timeoutcb(evutil_socket_t fd, short what, void *arg)
{
	struct test_tls_run	*run = arg;

	run->timedout = 1;
	event_base_loopbreak(run->base);
}

/*
 * Run a handshake between a server with scred and a client with ccred
 * (NULL: a plaintext client writing garbage) over a socketpair.
 */
static void
test_tls_handshake(struct test_tls_run *run, struct tls_cred *scred,
    struct tls_cred *ccred)
{
	struct tls_ctx	*sctx, *cctx = NULL;
	struct event	*timeout;
	struct timeval	 tv = { TEST_TLS_TIMEOUT, 0 };
	char		*cause = NULL;
	int		 fds[2];
	static const char garbage[] = "GET / HTTP/1.0\r\n\r\n\x16\x03\x01\xff"
	    "\xff not TLS at all";

	memset(run, 0, sizeof *run);
	run->server.run = run;
	run->client.run = run;
	run->plain = (ccred == NULL);
	run->base = event_base_new();
	CU_ASSERT_PTR_NOT_NULL_FATAL(run->base);
	CU_ASSERT_EQUAL_FATAL(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
	evutil_make_socket_nonblocking(fds[0]);
	evutil_make_socket_nonblocking(fds[1]);

	sctx = tls_ctx_new(scred, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(sctx);
	run->server.bev = tls_bufferevent(run->base, sctx, fds[0], 1, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(run->server.bev);
	bufferevent_setcb(run->server.bev, test_tls_readcb, NULL,
	    test_tls_eventcb, &run->server);
	bufferevent_enable(run->server.bev, EV_READ|EV_WRITE);

	if (ccred != NULL) {
		cctx = tls_ctx_new(ccred, &cause);
		CU_ASSERT_PTR_NOT_NULL_FATAL(cctx);
		run->client.bev = tls_bufferevent(run->base, cctx, fds[1], 0,
		    &cause);
		CU_ASSERT_PTR_NOT_NULL_FATAL(run->client.bev);
		bufferevent_setcb(run->client.bev, test_tls_readcb, NULL,
		    test_tls_eventcb, &run->client);
		bufferevent_enable(run->client.bev, EV_READ|EV_WRITE);
	} else {
		CU_ASSERT_EQUAL(write(fds[1], garbage, sizeof garbage - 1),
		    (ssize_t)(sizeof garbage - 1));
	}

	/* The contexts may go: the connections hold their own reference. */
	tls_ctx_free(sctx);
	tls_ctx_free(cctx);

	timeout = evtimer_new(run->base, test_tls_timeoutcb, run);
	CU_ASSERT_PTR_NOT_NULL_FATAL(timeout);
	evtimer_add(timeout, &tv);
	event_base_dispatch(run->base);
	event_free(timeout);
	if (ccred == NULL)
		close(fds[1]);
	CU_ASSERT_FALSE(run->timedout);
}

/* Free what a handshake run made. */
static void
test_tls_done(struct test_tls_run *run)
{
	if (run->server.bev != NULL)
		bufferevent_free(run->server.bev);
	if (run->client.bev != NULL)
		bufferevent_free(run->client.bev);
	free(run->server.peer);
	free(run->client.peer);
	event_base_free(run->base);
}

/* Two hosts of one CA: both ways, each sees the other's name. */
static void
test_tls_link_ok(void)
{
	struct tls_ca		*ca;
	struct tls_cred		*a, *b, *b2;
	struct test_tls_run	 run;
	char			*cert, *key, *capem;

	ca = tls_ca_create("vm", "user", "host", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ca);
	a = tls_cred_issue(ca, "alpha", 0, 0, NULL);
	b = tls_cred_issue(ca, "10.0.0.2", 0, 0, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);

	/* b's credentials travel as PEM text, as to a new host. */
	CU_ASSERT_EQUAL_FATAL(tls_cred_pem(b, &cert, &key, &capem), 0);
	b2 = tls_cred_from_pem(cert, key, capem, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b2);
	free(cert);
	free(key);
	free(capem);

	test_tls_handshake(&run, a, b2);
	CU_ASSERT_TRUE(run.server.connected);
	CU_ASSERT_TRUE(run.client.connected);
	CU_ASSERT_FALSE(run.server.failed);
	CU_ASSERT_FALSE(run.client.failed);
	CU_ASSERT_EQUAL(run.server.ngot, 4);
	CU_ASSERT_EQUAL(memcmp(run.server.got, "ping", 4), 0);
	CU_ASSERT_PTR_NOT_NULL(run.server.peer);
	CU_ASSERT_PTR_NOT_NULL(run.client.peer);
	if (run.server.peer != NULL)
		CU_ASSERT_STRING_EQUAL(run.server.peer, "10.0.0.2");
	if (run.client.peer != NULL)
		CU_ASSERT_STRING_EQUAL(run.client.peer, "alpha");
	test_tls_done(&run);

	test_tls_handshake(&run, b2, a);
	CU_ASSERT_TRUE(run.server.connected);
	CU_ASSERT_TRUE(run.client.connected);
	CU_ASSERT_EQUAL(run.server.ngot, 4);
	if (run.server.peer != NULL)
		CU_ASSERT_STRING_EQUAL(run.server.peer, "alpha");
	if (run.client.peer != NULL)
		CU_ASSERT_STRING_EQUAL(run.client.peer, "10.0.0.2");
	CU_ASSERT_PTR_NOT_NULL(run.server.peer);
	CU_ASSERT_PTR_NOT_NULL(run.client.peer);
	test_tls_done(&run);

	tls_cred_free(b2);
	tls_cred_free(b);
	tls_cred_free(a);
	tls_ca_free(ca);
}

/* Check that the server refused its client and said why. */
static void
test_tls_refused(struct test_tls_run *run, const char *why)
{
	CU_ASSERT_TRUE(run->server.failed);
	CU_ASSERT_FALSE(run->server.connected);
	CU_ASSERT_PTR_NULL(run->server.peer);
	CU_ASSERT_EQUAL(run->server.ngot, 0);
	if (why != NULL && strstr(run->server.err, why) == NULL) {
		fprintf(stderr, "\nserver error \"%s\" lacks \"%s\"\n",
		    run->server.err, why);
		CU_FAIL("wrong refusal reason");
	}
	if (!run->plain)
		CU_ASSERT_TRUE(run->client.failed);
}

/* Clients the server must refuse. */
static void
test_tls_link_refused(void)
{
	struct tls_ca		*ca, *other;
	struct tls_cred		*srv, *stranger, *mixed, *anon, *old;
	struct test_tls_run	 run;
	char			*cert, *key, *capem;

	ca = tls_ca_create("vm", "user", "host", NULL);
	other = tls_ca_create("vm", "user", "host", NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ca);
	CU_ASSERT_PTR_NOT_NULL_FATAL(other);
	srv = tls_cred_issue(ca, "server", 0, 0, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(srv);
	capem = tls_ca_cert_pem(ca);
	CU_ASSERT_PTR_NOT_NULL_FATAL(capem);

	/* (b) A certificate of another CA, trusting ours: server refuses. */
	stranger = tls_cred_issue(other, "stranger", 0, 0, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(stranger);
	CU_ASSERT_EQUAL_FATAL(tls_cred_pem(stranger, &cert, &key, NULL), 0);
	mixed = tls_cred_from_pem(cert, key, capem, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mixed);
	free(cert);
	free(key);
	test_tls_handshake(&run, srv, mixed);
	test_tls_refused(&run, "local issuer");
	test_tls_done(&run);

	/* The same, trusting only its own CA: both refuse. */
	test_tls_handshake(&run, srv, stranger);
	CU_ASSERT_TRUE(run.server.failed);
	CU_ASSERT_TRUE(run.client.failed);
	CU_ASSERT_FALSE(run.server.connected);
	CU_ASSERT_PTR_NULL(run.server.peer);
	CU_ASSERT_PTR_NULL(run.client.peer);
	test_tls_done(&run);

	/* (c) No client certificate. */
	anon = tls_cred_from_pem(NULL, NULL, capem, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(anon);
	test_tls_handshake(&run, srv, anon);
	test_tls_refused(&run, "certificate");
	test_tls_done(&run);

	/* (d) An expired client certificate of the right CA. */
	old = tls_cred_issue(ca, "old", 365, -2L * 365 * 86400, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(old);
	test_tls_handshake(&run, srv, old);
	test_tls_refused(&run, "expired");
	test_tls_done(&run);

	/* (e) A plaintext client writing garbage. */
	test_tls_handshake(&run, srv, NULL);
	test_tls_refused(&run, NULL);
	CU_ASSERT(run.server.err[0] != '\0');
	test_tls_done(&run);

	/* A server with an expired certificate: the client refuses. */
	test_tls_handshake(&run, old, srv);
	CU_ASSERT_TRUE(run.client.failed);
	CU_ASSERT_FALSE(run.server.connected && run.server.ngot > 0);
	CU_ASSERT_PTR_NULL(run.client.peer);
	if (strstr(run.client.err, "expired") == NULL)
		CU_FAIL("client did not report an expired certificate");
	test_tls_done(&run);

	free(capem);
	tls_cred_free(old);
	tls_cred_free(anon);
	tls_cred_free(mixed);
	tls_cred_free(stranger);
	tls_cred_free(srv);
	tls_ca_free(other);
	tls_ca_free(ca);
}

/* Register the TLS suite. */
void
test_tls_register(void)
{
	CU_pSuite	s;

	s = CU_add_suite("tls", NULL, NULL);
	if (s == NULL)
		return;
	CU_add_test(s, "CA files", test_tls_ca_files);
	CU_add_test(s, "CA key file checks", test_tls_ca_badkey);
	CU_add_test(s, "host certificates", test_tls_issue);
	CU_add_test(s, "PEM credentials", test_tls_pem);
	CU_add_test(s, "link between hosts of one CA", test_tls_link_ok);
	CU_add_test(s, "refused links", test_tls_link_refused);
}
