/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Adding hosts (the master only).  Each name of an ADDHOSTS is a host
 * file line; its options, else those of the master's host file, say how
 * to start the slave: `$PVM_RSH [-l user] HOST PVMD -s` runs as a child
 * with pipes on its standard input (where the SlaveConfig frame with the
 * new host's credentials is written) and output (where PVMD-READY ADDR
 * PORT comes back).  The master then links to ADDR:PORT; the host has
 * joined when the link is up.  Every start of one request runs in
 * parallel, watched by the event loop; the request is answered once all
 * of them have joined or failed.
 */

#include <sys/types.h>
#include <sys/queue.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "pvm3.h"
#include "hostfile.h"
#include "log.h"
#include "paths.h"
#include "xmalloc.h"
#include "pvmd.h"
#include "tls.h"

extern char **environ;

/* Lines (login banners, shell start-up output) skipped before PVMD-READY. */
#define HOST_START_SKIP_MAX	64
/* Longest PVMD-READY line read from a new slave. */
#define HOST_READY_MAX	256
/* Seconds a manually started slave (so=ms) has to link to the master. */
#define HOST_MANUAL_WAIT	300

/* An ADDHOSTS request being served by the master. */
struct host_add {
	int			 tid;		/* requester, 0: host file */
	uint32_t		 reqid;
	size_t			 n;
	size_t			 left;
	int			*results;
	char			**notes;	/* for the user, or NULL */
	TAILQ_ENTRY(host_add)	 entry;
};

/* A slave being started. */
struct host_start {
	int			 hostnum;
	char			*name;
	int			 speed;
	pid_t			 pid;
	int			 infd;
	int			 outfd;
	struct event		*inev;
	struct event		*outev;
	struct event		*timer;
	uint8_t			*buf;		/* SlaveConfig frame */
	size_t			 buflen;
	size_t			 bufoff;
	char			 line[HOST_READY_MAX];
	size_t			 linelen;
	int			 skipped;	/* lines before PVMD-READY */
	int			 linking;	/* READY seen, link started */
	char			*file;		/* manual: SlaveConfig file */
	char			*addr;
	int			 port;
	struct host_add		*req;
	size_t			 idx;
	TAILQ_ENTRY(host_start)	 entry;
};


static struct event_base	*host_start_base;
static struct hostfile		*host_start_hf;
static TAILQ_HEAD(, host_start)	 host_starts =
    TAILQ_HEAD_INITIALIZER(host_starts);
static TAILQ_HEAD(, host_add)	 host_adds =
    TAILQ_HEAD_INITIALIZER(host_adds);

static struct host_start *host_start_find(int);
static int		 host_start_one(struct host_add *, size_t,
			     const char *);
static void		 host_start_done(struct host_start *, int);
static void		 host_start_write(evutil_socket_t, short, void *);
static void		 host_start_read(evutil_socket_t, short, void *);
static void		 host_start_timeout(evutil_socket_t, short, void *);
static void		 host_start_finish(struct host_add *);
static char		*host_start_self_exe(void);
static const char	*host_start_getenv(const char *, void *);
static int		 host_start_manual(struct host_start *, const char *);
static void		 host_start_progress(struct host_start *, const char *,
			     ...) __attribute__((format(printf, 2, 3)));

/*
 * Remember the loop and the master's host file (NULL if none), which
 * this module now owns.
 */
void
host_start_init(struct event_base *base, struct hostfile *hf)
{
	host_start_base = base;
	host_start_hf = hf;
}

static const char *
host_start_getenv(const char *name, __unused void *arg)
{
	return (getenv(name));
}

/*
 * Tell the task that asked to add hs (if a task did) how its start goes:
 * an ADDHOSTS_PROGRESS frame with the request's reqid.
 */
static void
host_start_progress(struct host_start *hs, const char *fmt, ...)
{
	Pvm__AddHostsProgress	 pr = PVM__ADD_HOSTS_PROGRESS__INIT;
	struct task		*t;
	va_list			 ap;
	char			*text;

	if (hs->req == NULL || hs->req->tid == 0)
		return;
	if (route_is_remote(hs->req->tid))
		t = task_proxy(hs->req->tid);
	else
		t = task_find(hs->req->tid);
	if (t == NULL)
		return;
	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) == -1)
		fatal("vasprintf");
	va_end(ap);
	pr.index = (int32_t)hs->idx;
	pr.name = hs->name;
	pr.text = text;
	(void)task_reply(t, PVM_MSG_ADDHOSTS_PROGRESS, hs->req->reqid,
	    &pr.base);
	free(text);
}

/* The name of the host hostnum being started, or NULL. */
const char *
host_start_name(int hostnum)
{
	struct host_start	*hs;

	if ((hs = host_start_find(hostnum)) == NULL)
		return (NULL);
	return (hs->name);
}

/* The link to a starting host is up: it joins the machine. */
void
host_start_joined(int hostnum)
{
	struct host_start	*hs;

	if ((hs = host_start_find(hostnum)) == NULL)
		return;
	host_join(hostnum, hs->name, hs->speed, hs->addr, hs->port);
	host_start_done(hs, hostnum << PVM_TID_HOST_SHIFT);
}

/*
 * The link to host hostnum could not be made.  Returns 1 if hostnum was
 * being started (the start fails), 0 otherwise.
 */
int
host_start_failed(int hostnum, const char *reason)
{
	struct host_start	*hs;

	if ((hs = host_start_find(hostnum)) == NULL)
		return (0);
	log_warnx("host %s: cannot link: %s", hs->name, reason);
	host_start_done(hs, PvmCantStart);
	return (1);
}

/* Halting: give up every start under way, answering nobody. */
void
host_start_free_all(void)
{
	struct host_start	*hs;
	struct host_add		*add;
	size_t			 i;

	while ((hs = TAILQ_FIRST(&host_starts)) != NULL) {
		hs->req = NULL;
		host_start_done(hs, PvmCantStart);
	}
	while ((add = TAILQ_FIRST(&host_adds)) != NULL) {
		TAILQ_REMOVE(&host_adds, add, entry);
		for (i = 0; i < add->n; i++)
			free(add->notes[i]);
		free(add->notes);
		free(add->results);
		free(add);
	}
	if (host_start_hf != NULL)
		hostfile_free(host_start_hf);
	host_start_hf = NULL;
}

static struct host_start *
host_start_find(int hostnum)
{
	struct host_start	*hs;

	TAILQ_FOREACH(hs, &host_starts, entry) {
		if (hs->hostnum == hostnum)
			return (hs);
	}
	return (NULL);
}


/* The path of our own executable, for slaves started without dx=. */
static char *
host_start_self_exe(void)
{
	char	buf[PATH_MAX];
	ssize_t	n;

	n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	if (n <= 0)
		return (xstrdup("pvmd"));
	buf[n] = '\0';
	return (xstrdup(buf));
}

/*
 * Start the slave of line (a host file line: a name and options) for
 * entry idx of req.  Returns 0 if the start is under way (the result
 * comes later), or a PVM error code.
 */
static int
host_start_one(struct host_add *req, size_t idx, const char *line)
{
	Pvm__SlaveConfig		 sc = PVM__SLAVE_CONFIG__INIT;
	char				*tmp;
	struct hostfile			*hf;
	const struct hostfile_entry	*e, *fe = NULL;
	struct host_start		*hs;
	struct pvm_frame		 hdr;
	posix_spawn_file_actions_t	 fa;
	struct timeval			 tv = { HOST_START_WAIT, 0 };
	const char			*rsh, *lo, *ip, *ep, *wd;
	char				*dx, *cause = NULL, *cert = NULL, *cmd;
	char				*key = NULL;
	char				*ca = NULL, *argv[10];
	size_t				 len;
	int				 in[2], out[2], argc = 0, error, sp;
	int				 hostnum, manual;

	if ((hf = hostfile_parse_env(line, strlen(line), 0, host_start_getenv,
	    NULL, &cause)) == NULL || hostfile_count(hf) != 1) {
		log_warnx("add %s: %s", line, cause != NULL ? cause :
		    "not one host");
		free(cause);
		hostfile_free(hf);
		return (PvmBadParam);
	}
	e = hostfile_get(hf, 0);
	if (host_start_hf != NULL &&
	    (fe = hostfile_lookup(host_start_hf, e->name)) == NULL)
		fe = hostfile_defaults(host_start_hf);
	if (host_find_name(e->name) != 0) {
		hostfile_free(hf);
		return (PvmDupHost);
	}
	TAILQ_FOREACH(hs, &host_starts, entry) {
		if (strcasecmp(hs->name, e->name) == 0) {
			hostfile_free(hf);
			return (PvmDupHost);
		}
	}
	if (strlen(e->name) > TLS_NAME_MAX) {
		hostfile_free(hf);
		return (PvmBadParam);
	}
	manual = e->manual || (fe != NULL && fe->manual && !(e->set &
	    HOSTFILE_OPT_SO));
#define HOST_OPT(field, bit) \
	((e->set & (bit)) ? e->field : fe != NULL ? fe->field : NULL)
	lo = HOST_OPT(lo, HOSTFILE_OPT_LO);
	ip = HOST_OPT(ip, HOSTFILE_OPT_IP);
	ep = HOST_OPT(ep, HOSTFILE_OPT_EP);
	wd = HOST_OPT(wd, HOSTFILE_OPT_WD);
	dx = HOST_OPT(dx, HOSTFILE_OPT_DX) != NULL ?
	    xstrdup(HOST_OPT(dx, HOSTFILE_OPT_DX)) : host_start_self_exe();
	sp = (e->set & HOSTFILE_OPT_SP) ? e->sp :
	    (fe != NULL && (fe->set & HOSTFILE_OPT_SP)) ? fe->sp :
	    HOSTFILE_SP_DEFAULT;
#undef HOST_OPT

	if ((hostnum = host_new_number()) == -1) {
		free(dx);
		hostfile_free(hf);
		return (PvmOutOfRes);
	}
	if (host_issue(e->name, &cert, &key, &ca, &cause) != 0) {
		log_warnx("add %s: credentials: %s", e->name, cause);
		free(cause);
		free(dx);
		hostfile_free(hf);
		return (PvmCantStart);
	}

	hs = xcalloc(1, sizeof *hs);
	hs->hostnum = hostnum;
	hs->name = xstrdup(e->name);
	hs->speed = sp;
	hs->req = req;
	hs->idx = idx;
	hs->infd = hs->outfd = -1;

	sc.vmid = pvmd_host.vmid;
	sc.hostnum = hs->hostnum;
	sc.name = hs->name;
	sc.addr = (char *)(ip != NULL ? ip : e->name);
	sc.ep = (char *)(ep != NULL ? ep : "");
	sc.wd = (char *)(wd != NULL ? wd : "");
	sc.sp = sp;
	sc.master_addr = pvmd_host.addr;
	sc.master_port = pvmd_host.port;
	sc.ca_pem = ca;
	sc.cert_pem = cert;
	sc.key_pem = key;
	sc.heartbeat_ms = pvmd_host.heartbeat_ms;
	sc.dead_after_ms = pvmd_host.dead_after_ms;
	if ((tmp = getenv("PVM_TMP")) != NULL)
		sc.tmp = tmp;
	len = wire_ctl_size(&sc.base);
	hs->buf = xmalloc(PVM_FRAME_HDRLEN + len);
	memset(&hdr, 0, sizeof hdr);
	hdr.type = PVM_MSG_SLAVE_CONFIG;
	hdr.src = PVMD_TID;
	hdr.len = (uint32_t)len;
	wire_hdr_encode(&hdr, hs->buf);
	if (wire_ctl_pack(&sc.base, hs->buf + PVM_FRAME_HDRLEN) != len)
		fatalx("SlaveConfig: pack failed");
	hs->buflen = PVM_FRAME_HDRLEN + len;
	explicit_bzero(key, strlen(key));
	free(key);
	free(cert);
	free(ca);
	TAILQ_INSERT_TAIL(&host_starts, hs, entry);
	if (manual) {
		error = host_start_manual(hs, dx);
		hostfile_free(hf);
		free(dx);
		return (error);
	}

	rsh = getenv("PVM_RSH");
	if (rsh == NULL || *rsh == '\0')
		rsh = "ssh";
	argv[argc++] = (char *)rsh;
	if (lo != NULL) {
		argv[argc++] = (char *)"-l";
		argv[argc++] = (char *)lo;
	}
	argv[argc++] = hs->name;
	argv[argc++] = dx;
	if (pvmd_host.debug)
		argv[argc++] = (char *)"-d";
	argv[argc++] = (char *)"-s";
	argv[argc] = NULL;

	if (pipe2(in, O_CLOEXEC) == -1 || pipe2(out, O_CLOEXEC) == -1)
		fatal("pipe2");
	if (posix_spawn_file_actions_init(&fa) != 0 ||
	    posix_spawn_file_actions_adddup2(&fa, in[0], 0) != 0 ||
	    posix_spawn_file_actions_adddup2(&fa, out[1], 1) != 0)
		fatalx("posix_spawn file actions failed");
	error = posix_spawnp(&hs->pid, rsh, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(in[0]);
	close(out[1]);
	if (error != 0) {
		log_warnx("add %s: cannot run %s: %s", hs->name, rsh,
		    strerror(error));
		hostfile_free(hf);
		free(dx);
		close(in[1]);
		close(out[0]);
		TAILQ_REMOVE(&host_starts, hs, entry);
		explicit_bzero(hs->buf, hs->buflen);
		free(hs->buf);
		free(hs->name);
		free(hs);
		return (PvmCantStart);
	}
	xasprintf(&cmd, "%s%s%s %s %s%s -s", rsh, lo != NULL ? " -l " : "",
	    lo != NULL ? lo : "", hs->name, dx, pvmd_host.debug ? " -d" : "");
	log_info("host %d (%s): started %s, pid %ld", hs->hostnum, hs->name,
	    cmd, (long)hs->pid);
	host_start_progress(hs, "starting pvmd: %s", cmd);
	free(cmd);
	hostfile_free(hf);
	free(dx);
	hs->infd = in[1];
	hs->outfd = out[0];
	if (fcntl(hs->infd, F_SETFL, O_NONBLOCK) == -1 ||
	    fcntl(hs->outfd, F_SETFL, O_NONBLOCK) == -1)
		fatal("fcntl");
	hs->inev = event_new(host_start_base, hs->infd, EV_WRITE | EV_PERSIST,
	    host_start_write, hs);
	hs->outev = event_new(host_start_base, hs->outfd, EV_READ | EV_PERSIST,
	    host_start_read, hs);
	hs->timer = evtimer_new(host_start_base, host_start_timeout, hs);
	if (hs->inev == NULL || hs->outev == NULL || hs->timer == NULL ||
	    event_add(hs->inev, NULL) == -1 ||
	    event_add(hs->outev, NULL) == -1 ||
	    evtimer_add(hs->timer, &tv) == -1)
		fatalx("cannot watch a starting slave");
	return (0);
}

/*
 * so=ms: write the SlaveConfig frame of hs to a 0600 file of the private
 * directory and wait for the slave the user starts with `dx -S FILE` to
 * link to us.  Returns 0 (the start is under way) or PvmCantStart (hs
 * is then gone).
 */
static int
host_start_manual(struct host_start *hs, const char *dx)
{
	struct timeval	 tv = { HOST_MANUAL_WAIT, 0 };
	char		 dir[PATH_MAX], *cause = NULL, *note;
	size_t		 off;
	ssize_t		 n;
	int		 fd;

	if (paths_dir(dir, sizeof dir, &cause) != 0) {
		log_warnx("host %s: %s", hs->name, cause);
		free(cause);
		goto fail;
	}
	xasprintf(&hs->file, "%s/pvmd.%s.h%d.start", dir, pvmd_host.vmid,
	    hs->hostnum);
	fd = open(hs->file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (fd == -1) {
		log_warn("host %s: %s", hs->name, hs->file);
		free(hs->file);
		hs->file = NULL;
		goto fail;
	}
	for (off = 0; off < hs->buflen; off += n) {
		n = write(fd, hs->buf + off, hs->buflen - off);
		if (n == -1 && errno == EINTR) {
			n = 0;
			continue;
		}
		if (n <= 0) {
			log_warn("host %s: writing %s", hs->name, hs->file);
			close(fd);
			goto fail;
		}
	}
	if (close(fd) == -1) {
		log_warn("host %s: writing %s", hs->name, hs->file);
		goto fail;
	}
	explicit_bzero(hs->buf, hs->buflen);
	hs->timer = evtimer_new(host_start_base, host_start_timeout, hs);
	if (hs->timer == NULL || evtimer_add(hs->timer, &tv) == -1)
		fatalx("cannot watch a starting slave");
	xasprintf(&note, "manual start: run on %s: %s -S %s", hs->name, dx,
	    hs->file);
	log_warnx("host %d (%s): %s (copy the file there first)",
	    hs->hostnum, hs->name, note);
	host_start_progress(hs, "manual start: copy %s to %s, then run "
	    "there: %s -S %s", hs->file, hs->name, dx, hs->file);
	if (hs->req != NULL) {
		free(hs->req->notes[hs->idx]);
		hs->req->notes[hs->idx] = note;
	} else
		free(note);
	return (0);

fail:
	hs->req = NULL;
	host_start_done(hs, PvmCantStart);
	return (PvmCantStart);
}

/*
 * A manually started slave says where it listens (its LINK_HELLO): keep
 * it for the host table.
 */
void
host_start_manual_addr(int hostnum, const char *addr, int port)
{
	struct host_start	*hs;

	if ((hs = host_start_find(hostnum)) == NULL || hs->file == NULL ||
	    hs->addr != NULL)
		return;
	hs->addr = xstrdup(addr);
	hs->port = port;
}

/* Whether host hostnum is being started by hand and has not linked. */
int
host_start_is_manual(int hostnum)
{
	struct host_start	*hs;

	return ((hs = host_start_find(hostnum)) != NULL && hs->file != NULL &&
	    hs->addr == NULL);
}

static void
host_start_write(evutil_socket_t fd, __unused short events, void *arg)
{
	struct host_start	*hs = arg;
	ssize_t			 n;

	n = write(fd, hs->buf + hs->bufoff, hs->buflen - hs->bufoff);
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n == -1) {
		log_warn("host %s: writing its configuration", hs->name);
		host_start_done(hs, PvmCantStart);
		return;
	}
	hs->bufoff += n;
	if (hs->bufoff < hs->buflen)
		return;
	event_free(hs->inev);
	hs->inev = NULL;
	close(hs->infd);
	hs->infd = -1;
	explicit_bzero(hs->buf, hs->buflen);
}

static void
host_start_read(evutil_socket_t fd, __unused short events, void *arg)
{
	struct host_start	*hs = arg;
	char			*nl, addr[HOST_READY_MAX];
	ssize_t			 n;
	int			 port;

	n = read(fd, hs->line + hs->linelen,
	    sizeof hs->line - 1 - hs->linelen);
	if (n == -1 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		log_warnx("host %s: pvmd did not start (%s)", hs->name,
		    n == 0 ? "no PVMD-READY line" : strerror(errno));
		host_start_done(hs, PvmCantStart);
		return;
	}
	hs->linelen += n;
	hs->line[hs->linelen] = '\0';
	while ((nl = strchr(hs->line, '\n')) != NULL &&
	    strncmp(hs->line, "PVMD-READY ", 11) != 0) {
		/* Not ours: a banner or the remote shell's start-up output. */
		*nl = '\0';
		if (++hs->skipped > HOST_START_SKIP_MAX) {
			log_warnx("host %s: no PVMD-READY line in the first "
			    "%d lines", hs->name, HOST_START_SKIP_MAX);
			host_start_done(hs, PvmCantStart);
			return;
		}
		log_info("host %s: remote said: %.80s", hs->name, hs->line);
		hs->linelen -= (size_t)(nl + 1 - hs->line);
		memmove(hs->line, nl + 1, hs->linelen + 1);
	}
	if (nl == NULL) {
		if (hs->linelen == sizeof hs->line - 1) {
			log_warnx("host %s: overlong line from pvmd",
			    hs->name);
			host_start_done(hs, PvmCantStart);
		}
		return;
	}
	*nl = '\0';
	if (sscanf(hs->line, "PVMD-READY %255s %d", addr, &port) != 2 ||
	    port <= 0 || port > 65535) {
		log_warnx("host %s: pvmd said: %.80s", hs->name, hs->line);
		host_start_done(hs, PvmCantStart);
		return;
	}
	event_free(hs->outev);
	hs->outev = NULL;
	close(hs->outfd);
	hs->outfd = -1;
	hs->addr = xstrdup(addr);
	hs->port = port;
	hs->linking = 1;
	log_debug("host %s: pvmd ready at %s:%d", hs->name, addr, port);
	host_start_progress(hs, "pvmd ready at %s:%d, linking", addr, port);
	link_connect(hs->hostnum, addr, port);
}

static void
host_start_timeout(__unused evutil_socket_t fd, __unused short events,
    void *arg)
{
	struct host_start	*hs = arg;

	log_warnx("host %s: not ready within %d s", hs->name,
	    hs->file != NULL ? HOST_MANUAL_WAIT : HOST_START_WAIT);
	host_start_done(hs, PvmCantStart);
}

/* A start ended with result (host TID or error): record it, clean up. */
static void
host_start_done(struct host_start *hs, int result)
{
	struct host_add	*req = hs->req;
	size_t		 idx = hs->idx;

	TAILQ_REMOVE(&host_starts, hs, entry);
	if (hs->inev != NULL)
		event_free(hs->inev);
	if (hs->outev != NULL)
		event_free(hs->outev);
	if (hs->timer != NULL)
		event_free(hs->timer);
	if (hs->infd != -1)
		close(hs->infd);
	if (hs->outfd != -1)
		close(hs->outfd);
	if (result < 0) {
		if (hs->linking)
			link_close(hs->hostnum);
		if (hs->pid > 0 && !hs->linking)
			(void)kill(hs->pid, SIGTERM);
	}
	if (hs->file != NULL) {
		/* The slave deletes it when it reads it. */
		if (unlink(hs->file) == 0)
			log_debug("host %s: removed %s", hs->name, hs->file);
		free(hs->file);
	}
	explicit_bzero(hs->buf, hs->buflen);
	free(hs->buf);
	free(hs->name);
	free(hs->addr);
	free(hs);
	if (req != NULL) {
		req->results[idx] = result;
		if (--req->left == 0)
			host_start_finish(req);
	}
}

/* Every host of an ADDHOSTS is done: answer the requester. */
static void
host_start_finish(struct host_add *req)
{
	Pvm__AddHostsReply	 rep = PVM__ADD_HOSTS_REPLY__INIT;
	struct task		*t;
	size_t			 i;
	int			 any = 0;

	TAILQ_REMOVE(&host_adds, req, entry);
	for (i = 0; i < req->n; i++) {
		if (req->notes[i] != NULL)
			any = 1;
		else
			req->notes[i] = xstrdup("");
	}
	if (req->tid != 0) {
		rep.n_results = req->n;
		rep.results = req->results;
		if (any) {
			rep.n_notes = req->n;
			rep.notes = req->notes;
		}
		if (route_is_remote(req->tid))
			t = task_proxy(req->tid);
		else
			t = task_find(req->tid);
		if (t != NULL)
			(void)task_reply(t, PVM_MSG_ADDHOSTS_REPLY, req->reqid,
			    &rep.base);
	}
	for (i = 0; i < req->n; i++)
		free(req->notes[i]);
	free(req->notes);
	free(req->results);
	free(req);
}

/*
 * ADDHOSTS on the master: start a slave for each name (a host file line)
 * in parallel; the reply goes when every one has joined or failed.
 */
void
host_start_handle(struct task *t, struct pvm_frame *f,
    Pvm__HostRequest *req)
{
	struct host_add	*add;
	size_t		 i;
	int		 code;

	add = xcalloc(1, sizeof *add);
	add->tid = t != NULL ? task_tid(t) : 0;
	add->reqid = f != NULL ? f->reqid : 0;
	add->n = req->n_names;
	add->left = add->n + 1;
	add->results = xcalloc(add->n != 0 ? add->n : 1,
	    sizeof *add->results);
	add->notes = xcalloc(add->n != 0 ? add->n : 1, sizeof *add->notes);
	TAILQ_INSERT_TAIL(&host_adds, add, entry);
	for (i = 0; i < req->n_names; i++) {
		if (!pvmd_host.master)
			code = PvmNotImpl;
		else if (!host_can_add())
			code = PvmCantStart;
		else if (*req->names[i] == '\0' ||
		    strlen(req->names[i]) > HOSTFILE_LINE_MAX)
			code = PvmBadParam;
		else
			code = host_start_one(add, i, req->names[i]);
		if (code != 0) {
			add->results[i] = code;
			add->left--;
		}
	}
	if (--add->left == 0)
		host_start_finish(add);
}

/* Start the hosts listed in the master's host file (not '&' ones). */
void
host_start_file(void)
{
	Pvm__HostRequest		 req = PVM__HOST_REQUEST__INIT;
	const struct hostfile_entry	*e;
	char				**names;
	size_t				 i, n = 0;

	if (host_start_hf == NULL || hostfile_count(host_start_hf) == 0)
		return;
	names = xcalloc(hostfile_count(host_start_hf), sizeof *names);
	for (i = 0; i < hostfile_count(host_start_hf); i++) {
		e = hostfile_get(host_start_hf, i);
		if (e->deferred || pvmd_host_match(e->name))
			continue;
		names[n++] = e->name;
	}
	req.n_names = n;
	req.names = names;
	if (n != 0)
		host_start_handle(NULL, NULL, &req);
	free(names);
}

