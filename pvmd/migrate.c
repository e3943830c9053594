/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Checkpoint and restart of tasks (the library side is
 * libpvm/lpvm_ckpt.c, the image format common/ckpt-image.h).
 *
 * Checkpoint of local task T to a file:
 *  1. T is frozen (task_freeze): from here on every frame for it, data
 *     or reply, is held in its pending queue.  This is the one point
 *     where a task stops receiving; its direct routes end here too
 *     (chan_task_exit: its peers on this host hear CHAN_CLOSE; the task
 *     ends the rest itself, lpvm_chan_ckpt).
 *  2. CKPT_ORDER (reqid: a token) goes out on T's link, whose sending
 *     side is then shut once written, and PVM_CKPT_SIGNAL with the token
 *     goes to T's process.
 *  3. T reads its old link to the end (what was sent to it stays in its
 *     memory), closes it and connects again: CKPT_BEGIN (src: its TID,
 *     reqid: the token) makes that connection its image link.  CKPT_DEST
 *     tells it where the image goes: here, in CKPT_DATA frames on that
 *     link, for a file; over TCP to the target of a move
 *     (migrate_move.c).  CKPT_END brings its status.
 *  4. Once the image has ended and the old link is gone, T gets
 *     CKPT_DONE: CONTINUE (the image link becomes its link and the held
 *     frames go out, in order) or, with PvmCkptStop, EXIT.
 *
 * Restart from a file: the image's TID must be free; the task enters the
 * table as restoring (frames for it are held), the restart helper
 * (pvm_restart, next to pvmd) is started as a task would be, with the
 * image on a descriptor, and its CKPT_RESTORED makes the task live.
 */

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>

#include "pvm3.h"
#include "pvm3x.h"
#include "log.h"
#include "xmalloc.h"
#include "pvmd.h"
#include "ckpt-image.h"

/* Largest image frame accepted (the library sends 4 MB). */
#define MIGRATE_FRAME_MAX	(8U << 20)
/* Seconds a task has to start sending its image, or to move. */
#define MIGRATE_BEGIN_WAIT	30


struct migrate_list		 migrate_all =
    TAILQ_HEAD_INITIALIZER(migrate_all);
static uint32_t			 migrate_token;
struct event_base		*migrate_base;

static void		 migrate_img_dispatch(struct pvm_frame *, void *);
static void		 migrate_dest_here(struct migrate *);
static void		 migrate_timeout(evutil_socket_t, short, void *);
static int		 migrate_path_ok(const char *);
static char		*migrate_helper(void);

struct migrate *
migrate_new(enum migrate_kind kind)
{
	struct migrate	*m;

	m = xcalloc(1, sizeof *m);
	m->kind = kind;
	m->fd = -1;
	m->sock = -1;
	m->doorfd = -1;
	m->linkfd = -1;
	m->outfd = -1;
	TAILQ_INIT(&m->held);
	gettimeofday(&m->start, NULL);
	return (m);
}

struct migrate *
migrate_find(int tid)
{
	struct migrate	*m;

	TAILQ_FOREACH(m, &migrate_all, entry) {
		if (m->tid == tid)
			return (m);
	}
	return (NULL);
}

struct migrate *
migrate_find_kind(int tid, enum migrate_kind kind)
{
	struct migrate	*m;

	TAILQ_FOREACH(m, &migrate_all, entry) {
		if (m->tid == tid && m->kind == kind)
			return (m);
	}
	return (NULL);
}

/* Remember the event loop. */
void
migrate_init(struct event_base *base)
{
	migrate_base = base;
}

void
migrate_free(struct migrate *m)
{
	struct migrate_frame	*mf;

	TAILQ_REMOVE(&migrate_all, m, entry);
	while ((mf = TAILQ_FIRST(&m->held)) != NULL) {
		TAILQ_REMOVE(&m->held, mf, entry);
		free(mf);
	}
	if (m->kind == MIGRATE_TARGET)
		chan_link_door_close(m->tid, m->token);
	if (m->sockev != NULL)
		event_free(m->sockev);
	if (m->sock != -1)
		close(m->sock);
	if (m->doorev != NULL)
		event_free(m->doorev);
	if (m->doorfd != -1)
		close(m->doorfd);
	if (m->linkfd != -1)
		close(m->linkfd);
	if (m->outfd != -1)
		close(m->outfd);
	if (m->timer != NULL)
		event_free(m->timer);
	if (m->fd != -1)
		close(m->fd);
	if (m->tmp != NULL) {
		(void)unlink(m->tmp);
		free(m->tmp);
	}
	if (m->img != NULL)
		peer_close_flush(m->img);
	free(m->path);
	free(m);
}

/* Answer the request that started m, if nobody was answered yet. */
void
migrate_answer(struct migrate *m, int code)
{
	struct task	*t;

	if (m->req_tid == 0)
		return;
	if ((t = task_find(m->req_tid)) == NULL &&
	    route_is_remote(m->req_tid))
		t = task_proxy(m->req_tid);
	if (t != NULL)
		(void)task_reply_status(t, m->reqid, code);
	m->req_tid = 0;
}

/* A token for CKPT_ORDER: never 0, and not the last one the task saw. */
int
migrate_new_token(void)
{
	if (migrate_token == 0)
		migrate_token = ((uint32_t)time(NULL) ^ (uint32_t)getpid()) &
		    0x3fffffff;
	migrate_token = (migrate_token + 1) & INT_MAX;
	if (migrate_token == 0)
		migrate_token = 1;
	return ((int)migrate_token);
}

/* An absolute path no longer than the image format allows. */
static int
migrate_path_ok(const char *path)
{
	size_t	len = strlen(path);

	return (path[0] == '/' && len > 1 && len < PATH_MAX - 16);
}

/* CKPT: checkpoint a local task to a file. */
void
migrate_handle_ckpt(struct task *t, struct pvm_frame *f,
    Pvm__CheckpointRequest *req)
{
	struct migrate	*m;
	struct task	*x;
	struct peer	*old;
	int		 code = 0, fd = -1;
	char		*tmp = NULL;

	if (!task_is_tid(req->tid) || !migrate_path_ok(req->path) ||
	    (req->flags & ~PvmCkptStop) != 0)
		code = PvmBadParam;
	else if ((x = task_find(req->tid)) == NULL)
		code = route_is_remote(req->tid) ? PvmNotImpl : PvmNoTask;
	else if (migrate_find(req->tid) != NULL)
		code = PvmAlready;
	else if (!task_connected(x) || task_pid(x) <= 0)
		code = PvmNoTask;
	if (code != 0) {
		(void)task_reply_status(t, f->reqid, code);
		return;
	}
	/*
	 * A name of its own per task, never an existing file or link: two
	 * checkpoints to one path must not write into one temporary file.
	 */
	xasprintf(&tmp, "%s.tmp%ld.%x", req->path, (long)getpid(), req->tid);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1) {
		log_warn("t%x: checkpoint to %s", req->tid, tmp);
		free(tmp);
		(void)task_reply_status(t, f->reqid,
		    errno == EEXIST ? PvmAlready : PvmNoFile);
		return;
	}
	if ((old = task_freeze(x)) == NULL) {
		close(fd);
		(void)unlink(tmp);
		free(tmp);
		(void)task_reply_status(t, f->reqid, PvmAlready);
		return;
	}

	m = migrate_new(MIGRATE_CKPT);
	m->tid = req->tid;
	m->token = migrate_new_token();
	m->flags = req->flags;
	m->req_tid = task_tid(t);
	m->reqid = f->reqid;
	m->fd = fd;
	m->tmp = tmp;
	m->path = xstrdup(req->path);
	TAILQ_INSERT_TAIL(&migrate_all, m, entry);
	log_info("t%x: checkpoint to %s", m->tid, m->path);
	migrate_freeze(m, x);
}

/*
 * Freeze task x (frozen already by task_freeze) for m: the last frame on
 * its old link is CKPT_ORDER, then the link is shut for sending and the
 * process gets the signal.
 */
void
migrate_freeze(struct migrate *m, struct task *x)
{
	struct pvm_frame o;
	struct peer	*old = task_peer(x);
	union sigval	 sv;

	m->frozen = 1;
	migrate_timer(m);
	memset(&o, 0, sizeof o);
	o.type = PVM_MSG_CKPT_ORDER;
	o.reqid = (uint32_t)m->token;
	o.src = PVMD_TID;
	o.dst = m->tid;
	if (old != NULL) {
		(void)peer_send(old, &o, NULL, 0);
		peer_shutdown_write(old);
	}
	/*
	 * Its direct routes end (the task ends its side itself): its peers
	 * here read what it sent and send it no more that way; what they
	 * send now comes here, held with the rest.
	 */
	chan_task_exit(m->tid);
	sv.sival_int = m->token;
	if (sigqueue(task_pid(x), PVM_CKPT_SIGNAL, sv) == -1)
		log_warn("t%x: sigqueue %ld", m->tid, (long)task_pid(x));
}

/* (Re)start m's timer: MIGRATE_BEGIN_WAIT seconds from now. */
void
migrate_timer(struct migrate *m)
{
	struct timeval	 tv = { MIGRATE_BEGIN_WAIT, 0 };

	if (m->timer == NULL &&
	    (m->timer = evtimer_new(migrate_base, migrate_timeout, m)) == NULL)
		fatalx("cannot add checkpoint timer");
	if (evtimer_add(m->timer, &tv) == -1)
		fatalx("cannot add checkpoint timer");
}

/* The task did not start its image in time: the requester hears it. */
static void
migrate_timeout(__unused evutil_socket_t fd, __unused short events,
    void *arg)
{
	struct migrate	*m = arg;

	if (m->kind == MIGRATE_SOURCE && (m->began || !m->frozen)) {
		log_warnx("t%x: not %s on host %d within %d s", m->tid,
		    m->frozen ? "restored" : "expected", m->target,
		    MIGRATE_BEGIN_WAIT);
		if (m->restored == 0)
			m->restored = -1;
		if (m->code == 0)
			m->code = PvmHostFail;
		migrate_finish(m);
		return;
	}
	log_warnx("t%x: no checkpoint image within %d s", m->tid,
	    MIGRATE_BEGIN_WAIT);
	migrate_answer(m, PvmSysErr);
}

/*
 * CKPT_BEGIN on a new connection (t is still nameless): if it is the
 * process of a frozen task with the right token, the connection becomes
 * that task's image link.  Returns 0, or -1 to close the connection.
 */
int
migrate_handle_begin(struct task *t, struct pvm_frame *f)
{
	struct migrate	*m;
	struct task	*x;
	struct peer	*p;

	/* A HOME entry of the same task may come first: ask by kind. */
	if ((m = migrate_find_kind(f->src, MIGRATE_CKPT)) == NULL)
		m = migrate_find_kind(f->src, MIGRATE_SOURCE);
	if (f->len != 0 || m == NULL || m->began ||
	    (uint32_t)m->token != f->reqid) {
		log_warnx("t%x: image link refused%s", f->src,
		    f->len != 0 ? ": bad frame" : m == NULL ?
		    ": no checkpoint" : m->began ? ": image began" :
		    ": wrong token");
		return (-1);
	}
	if ((x = task_find(m->tid)) == NULL || task_pid(x) != task_pid(t)) {
		log_warnx("t%x: image link from pid %ld, not the task's",
		    m->tid, (long)task_pid(t));
		return (-1);
	}
	p = task_take_peer(t);
	task_exit(t, "became an image link");
	m->img = p;
	m->began = 1;
	peer_set_dispatch(p, migrate_img_dispatch, m);
	peer_set_maxlen(p, MIGRATE_FRAME_MAX);
	peer_set_name(p, "image");
	log_debug("t%x: image link up", m->tid);
	if (m->kind == MIGRATE_SOURCE)
		migrate_move_source_dest(m);	/* once the target answered */
	else
		migrate_dest_here(m);
	return (0);
}

/* CKPT_DEST: the image comes on the image link, for a file here. */
static void
migrate_dest_here(struct migrate *m)
{
	struct pvm_frame d;

	memset(&d, 0, sizeof d);
	d.type = PVM_MSG_CKPT_DEST;
	d.src = PVMD_TID;
	d.dst = m->tid;
	d.tag = PVM_CKPT_DEST_HERE;
	(void)peer_send(m->img, &d, NULL, 0);
}

/* A frame of an image link, or NULL when it ended. */
static void
migrate_img_dispatch(struct pvm_frame *f, void *arg)
{
	struct migrate	*m = arg;
	const uint8_t	*p;
	uint64_t	 sent;
	size_t		 left;
	ssize_t		 n;

	if (f == NULL) {
		m->img = NULL;
		if (!m->ended) {
			log_warnx("t%x: image link ended early", m->tid);
			m->code = PvmSysErr;
			m->ended = 1;
		}
		migrate_finish(m);
		return;
	}
	switch (f->type) {
	case PVM_MSG_CKPT_DATA:
		/* A move's image goes to the target itself. */
		if (m->ended || m->kind == MIGRATE_SOURCE)
			goto bad;
		m->bytes += f->len;
		for (p = f->body, left = f->len; left > 0 && m->code == 0;) {
			n = write(m->fd, p, left);
			if (n == -1 && errno == EINTR)
				continue;
			if (n == -1) {
				log_warn("t%x: write %s", m->tid, m->tmp);
				m->code = PvmSysErr;
				break;
			}
			p += n;
			left -= (size_t)n;
		}
		return;
	case PVM_MSG_CKPT_END:
		/* Its body, if any, counts what went over TCP. */
		if (m->ended || (f->len != 0 && f->len != sizeof sent))
			goto bad;
		if (f->len == sizeof sent) {
			memcpy(&sent, f->body, sizeof sent);
			m->bytes += sent;
		}
		m->ended = 1;
		if (f->tag < 0 && m->code == 0)
			m->code = f->tag;
		migrate_finish(m);
		return;
	default:
		goto bad;
	}
bad:
	log_warnx("t%x: image link: unexpected %s, closing", m->tid,
	    pvm_msgtype_str(f->type));
	peer_close(m->img);
	m->img = NULL;
	if (!m->ended) {
		m->code = PvmSysErr;
		m->ended = 1;
	}
	migrate_finish(m);
}

/* The old link of a frozen task ended. */
void
migrate_link_gone(int tid)
{
	struct migrate	*m;

	if ((m = migrate_find_kind(tid, MIGRATE_CKPT)) == NULL &&
	    (m = migrate_find_kind(tid, MIGRATE_SOURCE)) == NULL)
		return;
	m->old_gone = 1;
	migrate_finish(m);
}

/*
 * Once the image ended and the old link is gone: keep or drop the file,
 * tell the task what to do, answer the requester.
 */
void
migrate_finish(struct migrate *m)
{
	struct pvm_frame d;
	struct timeval	 now, dt;
	struct task	*x;
	struct peer	*p;
	int		 code, action;

	if (m->kind == MIGRATE_SOURCE && !m->frozen) {
		/* Failed while the target made ready: it runs on here. */
		if (m->code != 0 || m->restored == -1)
			migrate_move_source_done(m);
		return;
	}
	if (m->kind == MIGRATE_SOURCE)
		migrate_move_source_dest(m);	/* stops it on failure */
	if (!m->ended || !m->old_gone)
		return;
	if (m->kind == MIGRATE_SOURCE) {
		migrate_move_source_done(m);
		return;
	}
	code = m->code;
	if (code == 0 && m->bytes < sizeof (struct ckpt_header)) {
		log_warnx("t%x: image of %llu bytes", m->tid,
		    (unsigned long long)m->bytes);
		code = PvmSysErr;
	}
	if (code == 0 && fsync(m->fd) == -1)
		code = PvmSysErr;
	close(m->fd);
	m->fd = -1;
	if (code == 0) {
		if (rename(m->tmp, m->path) == -1) {
			log_warn("t%x: rename to %s", m->tid, m->path);
			code = PvmSysErr;
		} else {
			free(m->tmp);
			m->tmp = NULL;
		}
	}
	gettimeofday(&now, NULL);
	timersub(&now, &m->start, &dt);
	if (code == 0)
		log_info("t%x: checkpoint of %llu bytes in %s, %ld.%03ld s",
		    m->tid, (unsigned long long)m->bytes, m->path,
		    (long)dt.tv_sec, (long)dt.tv_usec / 1000);
	else
		log_warnx("t%x: checkpoint failed: %s", m->tid,
		    code == PvmNotImpl ? "task has more than one thread" :
		    "error");

	action = PVM_CKPT_CONTINUE;
	if (code == 0 && (m->flags & PvmCkptStop))
		action = PVM_CKPT_EXIT;
	p = m->img;
	m->img = NULL;
	x = task_find(m->tid);
	if (p != NULL) {
		memset(&d, 0, sizeof d);
		d.type = PVM_MSG_CKPT_DONE;
		d.src = PVMD_TID;
		d.dst = m->tid;
		d.tag = action;
		(void)peer_send(p, &d, NULL, 0);
	}
	if (x == NULL) {
		if (p != NULL)
			peer_close_flush(p);
	} else if (action == PVM_CKPT_EXIT || p == NULL) {
		if (p != NULL)
			peer_close_flush(p);
		task_exit(x, action == PVM_CKPT_EXIT ?
		    "checkpointed and stopped" : "checkpoint link lost");
		/* migrate_task_exit freed nothing: m is still ours. */
	} else
		task_thaw(x, p);
	migrate_answer(m, code);
	migrate_free(m);
}

/* The pvm_restart program: next to this pvmd. */
static char *
migrate_helper(void)
{
	char	 self[PATH_MAX], *slash, *path;
	ssize_t	 n;

	if ((n = readlink("/proc/self/exe", self, sizeof self - 1)) <= 0)
		return (NULL);
	self[n] = '\0';
	if ((slash = strrchr(self, '/')) == NULL)
		return (NULL);
	*slash = '\0';
	xasprintf(&path, "%s/pvm_restart", self);
	if (access(path, X_OK) != 0) {
		free(path);
		return (NULL);
	}
	return (path);
}

/*
 * Start the restart helper with imgfd (closed here) as its descriptor
 * childimg: the image, or with pool (megabytes to make ready, as a
 * string) the door the image comes through.  Its link's end goes in
 * *linkp, its output pipe's in *outp.  Returns its pid, or a PVM error
 * code.
 */
pid_t
migrate_spawn_helper(int imgfd, int childimg, const char *pool, int *linkp,
    int *outp)
{
	posix_spawn_file_actions_t	 fa;
	posix_spawnattr_t		 attr;
	sigset_t			 all, none;
	pid_t				 pid;
	char				*helper, *argv[6], a1[16], a2[16];
	int				 sv[2], pp[2], error;
	extern char			**environ;

	if ((helper = migrate_helper()) == NULL) {
		log_warnx("no pvm_restart next to pvmd");
		close(imgfd);
		return (PvmNoFile);
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1) {
		log_warn("restart: socketpair");
		free(helper);
		close(imgfd);
		return (PvmOutOfRes);
	}
	if (pipe2(pp, O_CLOEXEC) == -1) {
		log_warn("restart: pipe");
		close(sv[0]);
		close(sv[1]);
		free(helper);
		close(imgfd);
		return (PvmOutOfRes);
	}
	(void)snprintf(a1, sizeof a1, "%d", childimg);
	(void)snprintf(a2, sizeof a2, "%d", 3);
	argv[0] = (char *)"pvm_restart";
	argv[1] = a1;
	argv[2] = a2;
	argv[3] = (char *)pvmd_socket_path();
	argv[4] = (char *)pool;
	argv[5] = NULL;
	if ((error = posix_spawn_file_actions_init(&fa)) != 0 ||
	    (error = posix_spawnattr_init(&attr)) != 0)
		fatalx("posix_spawn init: %s", strerror(error));
	sigfillset(&all);
	sigemptyset(&none);
	if (posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY,
	    0) != 0 ||
	    posix_spawn_file_actions_adddup2(&fa, pp[1], 1) != 0 ||
	    posix_spawn_file_actions_adddup2(&fa, pp[1], 2) != 0 ||
	    posix_spawn_file_actions_adddup2(&fa, sv[1], 3) != 0 ||
	    posix_spawn_file_actions_adddup2(&fa, imgfd, childimg) != 0 ||
	    posix_spawnattr_setsigdefault(&attr, &all) != 0 ||
	    posix_spawnattr_setsigmask(&attr, &none) != 0 ||
	    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF |
	    POSIX_SPAWN_SETSIGMASK) != 0)
		fatalx("posix_spawn attributes failed");
	error = posix_spawn(&pid, helper, &fa, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	close(sv[1]);
	close(pp[1]);
	close(imgfd);
	if (error != 0) {
		log_warnx("cannot start %s: %s", helper, strerror(error));
		free(helper);
		close(sv[0]);
		close(pp[0]);
		return (PvmSysErr);
	}
	free(helper);
	if (fcntl(sv[0], F_SETFL, O_NONBLOCK) == -1 ||
	    fcntl(pp[0], F_SETFL, O_NONBLOCK) == -1)
		fatal("fcntl");
	*linkp = sv[0];
	*outp = pp[0];
	return (pid);
}

/*
 * Start the restart helper for x with the image on imgfd (closed here);
 * link_fd is the task's link number.  Returns the helper's output pipe,
 * or a PVM error code.
 */
int
migrate_spawn(struct task *x, int imgfd, int link_fd)
{
	pid_t	pid;
	int	linkfd, outfd;

	pid = migrate_spawn_helper(imgfd, link_fd == 4 ? 5 : 4, NULL, &linkfd,
	    &outfd);
	if (pid < 0)
		return ((int)pid);
	task_started(x, pid, linkfd);
	log_info("t%x: restart helper pid %ld", task_tid(x), (long)pid);
	return (outfd);
}

/* RESTART: restart the image in a file here, with its TID. */
void
migrate_handle_restart(struct task *t, struct pvm_frame *f,
    Pvm__CheckpointRequest *req)
{
	struct ckpt_header	 h;
	struct migrate		*m;
	struct task		*x;
	struct stat		 sb;
	ssize_t			 n;
	int			 fd, code = 0, outfd;

	if (!migrate_path_ok(req->path) || req->flags != 0) {
		(void)task_reply_status(t, f->reqid, PvmBadParam);
		return;
	}
	if (*req->host != '\0' && !pvmd_host_match(req->host)) {
		(void)task_reply_status(t, f->reqid, PvmNotImpl);
		return;
	}
	if ((fd = open(req->path, O_RDONLY | O_CLOEXEC)) == -1) {
		log_warn("restart %s", req->path);
		(void)task_reply_status(t, f->reqid, PvmNoFile);
		return;
	}
	n = read(fd, &h, sizeof h);
	if (n != (ssize_t)sizeof h || h.magic != CKPT_MAGIC ||
	    h.version != CKPT_VERSION || h.hdrsize != sizeof h ||
	    h.regsize != sizeof (struct ckpt_region) || h.nregions == 0 ||
	    h.nregions > CKPT_MAX_REGIONS || fstat(fd, &sb) == -1 ||
	    (uint64_t)sb.st_size != sizeof h + (uint64_t)h.nregions *
	    sizeof (struct ckpt_region) + h.datalen + sizeof (uint64_t) ||
	    h.link_fd < 3 || h.link_fd > 65535) {
		log_warnx("restart %s: not a complete checkpoint image",
		    req->path);
		code = PvmBadMsg;
	} else if (!task_is_tid(h.tid) ||
	    task_host_of(h.tid) != PVMD_HOSTNUM)
		code = PvmNotImpl;	/* another host's TID: migration */
	else if (task_find(h.tid) != NULL || migrate_find(h.tid) != NULL)
		code = PvmExists;
	if (code == 0 && lseek(fd, 0, SEEK_SET) == -1)
		code = PvmSysErr;
	if (code != 0) {
		close(fd);
		(void)task_reply_status(t, f->reqid, code);
		return;
	}
	h.name[sizeof h.name - 1] = '\0';
	x = task_create_restored(h.tid, h.ptid, h.name, h.out_tid, h.out_ctx,
	    h.out_tag);
	if (x == NULL) {
		close(fd);
		(void)task_reply_status(t, f->reqid, PvmExists);
		return;
	}
	if ((outfd = migrate_spawn(x, fd, h.link_fd)) < 0) {
		task_discard(x);
		(void)task_reply_status(t, f->reqid, outfd);
		return;
	}
	task_output_start(outfd, h.tid, h.ptid, h.out_tid, h.out_ctx,
	    h.out_tag);
	m = migrate_new(MIGRATE_RESTART);
	m->tid = h.tid;
	m->req_tid = task_tid(t);
	m->reqid = f->reqid;
	m->path = xstrdup(req->path);
	TAILQ_INSERT_TAIL(&migrate_all, m, entry);
	log_info("t%x: restarting from %s", h.tid, req->path);
}

/* The restart helper of tid reports the task runs again. */
int
migrate_restored(int tid)
{
	struct migrate	*m;

	if ((m = migrate_find_kind(tid, MIGRATE_TARGET)) != NULL) {
		/* It runs, held, until the home pvmd says commit. */
		migrate_move_step(m->source, PVM_MSG_MIG_RESTORED, tid, m->token,
		    PVMD_HOSTNUM, 0);
		m->restored = 1;
		return (0);
	}
	if ((m = migrate_find_kind(tid, MIGRATE_RESTART)) == NULL)
		return (1);
	migrate_answer(m, tid);
	migrate_free(m);
	return (1);
}

/*
 * The restart helper of x, restored, waits for this before the task
 * runs: a copy whose pvmd stopped or died never runs on unseen (the
 * task goes on at the source then).
 */
void
migrate_go(struct task *x)
{
	struct pvm_frame d;

	if (task_peer(x) == NULL)
		return;
	memset(&d, 0, sizeof d);
	d.type = PVM_MSG_CKPT_DONE;
	d.src = PVMD_TID;
	d.dst = task_tid(x);
	d.tag = PVM_CKPT_CONTINUE;
	(void)peer_send(task_peer(x), &d, NULL, 0);
}

/* Task tid left the table: a checkpoint or restart of it failed. */
void
migrate_task_exit(int tid)
{
	struct migrate	*m;

	/* A task that moved here ended: its home pvmd is told. */
	if (task_host_of(tid) != PVMD_HOSTNUM && migrate_find(tid) == NULL)
		migrate_move_step(task_host_of(tid), PVM_MSG_MIG_EXITED, tid, 0,
		    PVMD_HOSTNUM, 0);

	if ((m = migrate_find_kind(tid, MIGRATE_TARGET)) != NULL) {
		if (!m->failed)
			migrate_move_target_fail(m, PvmSysErr);
		return;
	}
	if ((m = migrate_find_kind(tid, MIGRATE_SOURCE)) != NULL) {
		/* The process ended while it was moving. */
		m->code = m->code != 0 ? m->code : PvmNoTask;
		m->restored = m->restored == 1 ? 1 : -1;
		if (m->img != NULL) {
			peer_close(m->img);
			m->img = NULL;
		}
		m->ended = m->old_gone = 1;
		migrate_move_source_done(m);
		return;
	}
	if ((m = migrate_find_kind(tid, MIGRATE_CKPT)) == NULL &&
	    (m = migrate_find_kind(tid, MIGRATE_RESTART)) == NULL)
		return;
	if (m->kind == MIGRATE_CKPT && m->ended && m->old_gone)
		return;		/* migrate_finish is exiting it */
	log_warnx("t%x: ended during its %s", tid,
	    m->kind == MIGRATE_CKPT ? "checkpoint" : "restart");
	migrate_answer(m, m->kind == MIGRATE_CKPT ? PvmNoTask : PvmSysErr);
	migrate_free(m);
}

/* Halting: forget every checkpoint under way. */
void
migrate_free_all(void)
{
	struct migrate		*m;

	while ((m = TAILQ_FIRST(&migrate_all)) != NULL)
		migrate_free(m);
	migrate_move_free_all();
}

