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
 *     where a task stops receiving; whatever else must stop for a
 *     checkpoint (direct routes between tasks) belongs here too.
 *  2. CKPT_ORDER (reqid: a token) goes out on T's link, whose sending
 *     side is then shut once written, and PVM_CKPT_SIGNAL with the token
 *     goes to T's process.
 *  3. T reads its old link to the end (what was sent to it stays in its
 *     memory), closes it and connects again: CKPT_BEGIN (src: its TID,
 *     reqid: the token) makes that connection its image link, where
 *     CKPT_DATA frames carry the image and CKPT_END its status.
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
/*
 * Flow control of an image going to another host: reading from the task
 * stops while more than MIGRATE_LINK_HIGH bytes wait on the link, and
 * goes on once fewer than MIGRATE_LINK_LOW do.
 */
#define MIGRATE_LINK_HIGH	(32U << 20)
#define MIGRATE_LINK_LOW	(8U << 20)
#define MIGRATE_FLOW_MS		2

enum migrate_kind {
	MIGRATE_CKPT,		/* checkpoint to a file */
	MIGRATE_RESTART,	/* restart helper running */
	MIGRATE_HOME,		/* the TID's pvmd runs a move, holds frames */
	MIGRATE_SOURCE,		/* the task leaves this host */
	MIGRATE_TARGET		/* the task arrives on this host */
};

/* A data frame the home pvmd holds during a move. */
struct migrate_frame {
	TAILQ_ENTRY(migrate_frame) entry;
	struct pvm_frame	 hdr;
	size_t			 len;
	uint8_t			 body[];
};
TAILQ_HEAD(migrate_frames, migrate_frame);

/* Where a task of this host that moved away runs now. */
struct migrate_loc {
	int			 tid;
	int			 host;
	LIST_ENTRY(migrate_loc)	 entry;
};

struct migrate {
	enum migrate_kind	 kind;
	int			 tid;
	int			 token;
	int			 flags;		/* PvmCkpt* */
	int			 req_tid;	/* who asked, 0 once answered */
	uint32_t		 reqid;
	int			 fd;		/* image file being written */
	char			*path;
	char			*tmp;
	struct peer		*img;		/* image link */
	int			 began;
	int			 old_gone;	/* old link ended */
	int			 ended;		/* CKPT_END seen */
	int			 code;
	uint64_t		 bytes;
	struct timeval		 start;
	struct event		*timer;

	/* Moves between hosts. */
	int			 source;	/* host numbers */
	int			 target;
	int			 restored;	/* 1 ok, -1 failed, 0 not yet */
	struct migrate_frames	 held;		/* HOME */
	size_t			 nheld;
	int			 pipefd;	/* TARGET: image to the helper */
	struct evbuffer		*pipebuf;
	struct event		*pipeev;
	pid_t			 helper;
	int			 failed;	/* TARGET: told the source */
	struct event		*flowev;	/* SOURCE: paused image link */
	TAILQ_ENTRY(migrate)	 entry;
};
TAILQ_HEAD(migrate_list, migrate);

static struct migrate_list	 migrate_all =
    TAILQ_HEAD_INITIALIZER(migrate_all);
static LIST_HEAD(, migrate_loc)	 migrate_locs =
    LIST_HEAD_INITIALIZER(migrate_locs);
static uint32_t			 migrate_token;
static struct event_base	*migrate_base;

static struct migrate	*migrate_find(int);
static struct migrate	*migrate_find_kind(int, enum migrate_kind);
static void		 migrate_freeze(struct migrate *, struct task *);
static void		 migrate_step(int, int, int, int, int, int);
static void		 migrate_step_in(int, int, Pvm__MigrateStep *);
static void		 migrate_home_moved(int, Pvm__MigrateStep *);
static void		 migrate_source_freeze(int, Pvm__MigrateStep *);
static void		 migrate_source_done(struct migrate *);
static int		 migrate_target_data(int, struct pvm_frame *);
static void		 migrate_target_fail(struct migrate *, int);
static void		 migrate_target_flush(struct migrate *);
static void		 migrate_pipe_cb(evutil_socket_t, short, void *);
static int		 migrate_loc_get(int);
static void		 migrate_flow(struct migrate *);
static void		 migrate_flow_cb(evutil_socket_t, short, void *);
static void		 migrate_loc_set(int, int);
static void		 migrate_free(struct migrate *);
static struct migrate	*migrate_new(enum migrate_kind);
static void		 migrate_answer(struct migrate *, int);
static void		 migrate_img_dispatch(struct pvm_frame *, void *);
static void		 migrate_finish(struct migrate *);
static void		 migrate_timeout(evutil_socket_t, short, void *);
static int		 migrate_path_ok(const char *);
static char		*migrate_helper(void);
static int		 migrate_spawn(struct task *, int, int);
static int		 migrate_new_token(void);

static struct migrate *
migrate_new(enum migrate_kind kind)
{
	struct migrate	*m;

	m = xcalloc(1, sizeof *m);
	m->kind = kind;
	m->fd = -1;
	m->pipefd = -1;
	TAILQ_INIT(&m->held);
	gettimeofday(&m->start, NULL);
	return (m);
}

static struct migrate *
migrate_find(int tid)
{
	struct migrate	*m;

	TAILQ_FOREACH(m, &migrate_all, entry) {
		if (m->tid == tid)
			return (m);
	}
	return (NULL);
}

static struct migrate *
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

static void
migrate_free(struct migrate *m)
{
	struct migrate_frame	*mf;

	TAILQ_REMOVE(&migrate_all, m, entry);
	while ((mf = TAILQ_FIRST(&m->held)) != NULL) {
		TAILQ_REMOVE(&m->held, mf, entry);
		free(mf);
	}
	if (m->pipeev != NULL)
		event_free(m->pipeev);
	if (m->flowev != NULL)
		event_free(m->flowev);
	if (m->pipebuf != NULL)
		evbuffer_free(m->pipebuf);
	if (m->pipefd != -1)
		close(m->pipefd);
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
static void
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
static int
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
	xasprintf(&tmp, "%s.tmp%ld", req->path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1) {
		log_warn("t%x: checkpoint to %s", req->tid, tmp);
		free(tmp);
		(void)task_reply_status(t, f->reqid, PvmNoFile);
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
static void
migrate_freeze(struct migrate *m, struct task *x)
{
	struct timeval	 tv = { MIGRATE_BEGIN_WAIT, 0 };
	struct pvm_frame o;
	struct peer	*old = task_peer(x);
	union sigval	 sv;

	m->timer = evtimer_new(migrate_base, migrate_timeout, m);
	if (m->timer == NULL || evtimer_add(m->timer, &tv) == -1)
		fatalx("cannot add checkpoint timer");
	memset(&o, 0, sizeof o);
	o.type = PVM_MSG_CKPT_ORDER;
	o.reqid = (uint32_t)m->token;
	o.src = PVMD_TID;
	o.dst = m->tid;
	if (old != NULL) {
		(void)peer_send(old, &o, NULL, 0);
		peer_shutdown_write(old);
	}
	sv.sival_int = m->token;
	if (sigqueue(task_pid(x), PVM_CKPT_SIGNAL, sv) == -1)
		log_warn("t%x: sigqueue %ld", m->tid, (long)task_pid(x));
}

/* The task did not start its image in time: the requester hears it. */
static void
migrate_timeout(__unused evutil_socket_t fd, __unused short events,
    void *arg)
{
	struct migrate	*m = arg;

	if (m->kind == MIGRATE_SOURCE && m->began) {
		log_warnx("t%x: not restored on host %d within %d s", m->tid,
		    m->target, MIGRATE_BEGIN_WAIT);
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

	if (f->len != 0 || (m = migrate_find(f->src)) == NULL ||
	    (m->kind != MIGRATE_CKPT && m->kind != MIGRATE_SOURCE) ||
	    m->began || (uint32_t)m->token != f->reqid) {
		if ((m = migrate_find_kind(f->src, MIGRATE_SOURCE)) == NULL ||
		    m->began || (uint32_t)m->token != f->reqid) {
			log_warnx("t%x: image link with token %u refused%s "
			    "%d", f->src, f->reqid, m == NULL ?
			    ": no checkpoint" : m->began ? ": image began" :
			    ": wrong token", m != NULL ? m->token : 0);
			return (-1);
		}
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
	return (0);
}

/* A frame of an image link, or NULL when it ended. */
static void
migrate_img_dispatch(struct pvm_frame *f, void *arg)
{
	struct migrate	*m = arg;
	struct pvm_frame o;
	const uint8_t	*p;
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
		if (m->ended)
			goto bad;
		m->bytes += f->len;
		if (m->kind == MIGRATE_SOURCE) {
			/* Straight on to the target. */
			memset(&o, 0, sizeof o);
			o.type = PVM_MSG_CKPT_DATA;
			o.reqid = (uint32_t)m->token;
			o.src = PVMD_TID;
			o.dst = (int)(PVM_TID_DAEMON |
			    ((uint32_t)m->target << PVM_TID_HOST_SHIFT));
			o.tag = m->tid;
			if (m->code == 0 && link_send(m->target, &o, f->body,
			    f->len) != 0)
				m->code = PvmHostFail;
			migrate_flow(m);
			return;
		}
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
		if (m->ended || f->len != 0)
			goto bad;
		m->ended = 1;
		if (f->tag < 0 && m->code == 0)
			m->code = f->tag;
		if (m->kind == MIGRATE_SOURCE && m->code == 0) {
			memset(&o, 0, sizeof o);
			o.type = PVM_MSG_CKPT_END;
			o.reqid = (uint32_t)m->token;
			o.src = PVMD_TID;
			o.dst = (int)(PVM_TID_DAEMON |
			    ((uint32_t)m->target << PVM_TID_HOST_SHIFT));
			o.tag = m->tid;
			if (link_send(m->target, &o, NULL, 0) != 0)
				m->code = PvmHostFail;
		}
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
static void
migrate_finish(struct migrate *m)
{
	struct pvm_frame d;
	struct timeval	 now, dt;
	struct task	*x;
	struct peer	*p;
	int		 code, action;

	if (!m->ended || !m->old_gone)
		return;
	if (m->kind == MIGRATE_SOURCE) {
		migrate_source_done(m);
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
 * Start the restart helper for x with the image on imgfd (closed here);
 * link_fd is the task's link number.  Returns 0 or a PVM error code.
 */
static int
migrate_spawn(struct task *x, int imgfd, int link_fd)
{
	posix_spawn_file_actions_t	 fa;
	posix_spawnattr_t		 attr;
	sigset_t			 all, none;
	pid_t				 pid;
	char				*helper, *argv[5], a1[16], a2[16];
	int				 sv[2], pp[2], childimg, error;
	extern char			**environ;

	if ((helper = migrate_helper()) == NULL) {
		log_warnx("no pvm_restart next to pvmd");
		close(imgfd);
		return (PvmNoFile);
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1 ||
	    pipe2(pp, O_CLOEXEC) == -1) {
		log_warn("restart: socketpair or pipe");
		free(helper);
		close(imgfd);
		return (PvmOutOfRes);
	}
	childimg = link_fd == 4 ? 5 : 4;
	(void)snprintf(a1, sizeof a1, "%d", childimg);
	(void)snprintf(a2, sizeof a2, "%d", 3);
	argv[0] = (char *)"pvm_restart";
	argv[1] = a1;
	argv[2] = a2;
	argv[3] = (char *)pvmd_socket_path();
	argv[4] = NULL;
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
	task_started(x, pid, sv[0]);
	log_info("t%x: restart helper pid %ld", task_tid(x), (long)pid);
	return (pp[0]);
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
		migrate_step(m->source, PVM_MSG_MIG_RESTORED, tid, m->token,
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

/* Task tid left the table: a checkpoint or restart of it failed. */
void
migrate_task_exit(int tid)
{
	struct migrate	*m;

	/* A task that moved here ended: its home pvmd is told. */
	if (task_host_of(tid) != PVMD_HOSTNUM && migrate_find(tid) == NULL)
		migrate_step(task_host_of(tid), PVM_MSG_MIG_EXITED, tid, 0,
		    PVMD_HOSTNUM, 0);

	if ((m = migrate_find_kind(tid, MIGRATE_TARGET)) != NULL) {
		if (!m->failed)
			migrate_target_fail(m, PvmSysErr);
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
		migrate_source_done(m);
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
	struct migrate_loc	*l;

	while ((m = TAILQ_FIRST(&migrate_all)) != NULL)
		migrate_free(m);
	while ((l = LIST_FIRST(&migrate_locs)) != NULL) {
		LIST_REMOVE(l, entry);
		free(l);
	}
}

/*
 * Moves between hosts.
 *
 * The home pvmd H of the TID runs a move of the task from the host S
 * where it runs to the target T:
 *  1. H holds every data frame for the task from now on (migrate_route)
 *     and sends MIG_FREEZE to S.  Frames H forwarded to S before are
 *     ahead of it on the link, so S delivers them before it freezes.
 *  2. S freezes the task as for a checkpoint and forwards its image to
 *     T in CKPT_DATA frames (tag: the TID), then CKPT_END.
 *  3. T starts the restart helper on the image (a pipe) with the task
 *     restoring (its frames held), and answers MIG_RESTORED to S.
 *  4. S ends the old process (CKPT_DONE EXIT), forgets the task and
 *     sends MIG_MOVED (host T) to H; on any failure the task goes on at
 *     S (CKPT_DONE CONTINUE), T is told MIG_ABORT, and MIG_MOVED names S.
 *  5. H records where the task runs, sends the frames it held there
 *     and, if it moved, MIG_COMMIT: T lets it run.
 * Data for a moved task always goes to H, which forwards it: H orders
 * everything a task receives.
 */

/* Where task tid of this host runs now, if elsewhere; 0 if here. */
static int
migrate_loc_get(int tid)
{
	struct migrate_loc	*l;

	LIST_FOREACH(l, &migrate_locs, entry) {
		if (l->tid == tid)
			return (l->host);
	}
	return (0);
}

/* Where task tid of this host runs if it moved away, else 0. */
int
migrate_where(int tid)
{
	return (migrate_loc_get(tid));
}

static void
migrate_loc_set(int tid, int host)
{
	struct migrate_loc	*l;

	LIST_FOREACH(l, &migrate_locs, entry) {
		if (l->tid == tid)
			break;
	}
	if (host == 0 || host == PVMD_HOSTNUM) {
		if (l != NULL) {
			LIST_REMOVE(l, entry);
			free(l);
		}
		return;
	}
	if (l == NULL) {
		l = xcalloc(1, sizeof *l);
		l->tid = tid;
		LIST_INSERT_HEAD(&migrate_locs, l, entry);
	}
	l->host = host;
}

/*
 * A data frame for dst: held while dst (of this host) moves, forwarded
 * when it runs elsewhere.  Returns 1 if taken.
 */
int
migrate_route(const struct pvm_frame *hdr, const void *body, size_t len)
{
	struct migrate		*m;
	struct migrate_frame	*mf;
	int			 h;

	if (!task_is_tid(hdr->dst) || task_host_of(hdr->dst) != PVMD_HOSTNUM)
		return (0);
	if ((m = migrate_find_kind(hdr->dst, MIGRATE_HOME)) != NULL) {
		if (m->nheld + len > TASK_PENDING_MAX) {
			log_warnx("t%x: more than %u bytes held for it, "
			    "dropping data from t%x", hdr->dst,
			    TASK_PENDING_MAX, hdr->src);
			return (1);
		}
		mf = xmalloc(sizeof *mf + len);
		mf->hdr = *hdr;
		mf->len = len;
		if (len != 0)
			memcpy(mf->body, body, len);
		TAILQ_INSERT_TAIL(&m->held, mf, entry);
		m->nheld += len;
		return (1);
	}
	if ((h = migrate_loc_get(hdr->dst)) != 0) {
		if (link_send(h, hdr, body, len) != 0)
			log_debug("data for t%x (on host %d) dropped",
			    hdr->dst, h);
		return (1);
	}
	return (0);
}

/* Send a step to host h, or take it here if h is this host. */
static void
migrate_step(int h, int type, int tid, int token, int host, int code)
{
	Pvm__MigrateStep	st = PVM__MIGRATE_STEP__INIT;

	st.tid = tid;
	st.token = token;
	st.host = host;
	st.code = code;
	if (h == PVMD_HOSTNUM) {
		migrate_step_in(h, type, &st);
		return;
	}
	if (link_send_ctl(h, type, 0, PVMD_TID, (int)(PVM_TID_DAEMON |
	    ((uint32_t)h << PVM_TID_HOST_SHIFT)), &st.base) != 0)
		log_warnx("t%x: cannot send %s to host %d", tid,
		    pvm_msgtype_str(type), h);
}

/* MIGRATE: move a task of this host (wherever it runs now). */
void
migrate_handle_migrate(struct task *t, struct pvm_frame *f,
    Pvm__CheckpointRequest *req)
{
	struct migrate	*m;
	struct task	*x;
	size_t		 i;
	int		 where, target = 0, h, code = 0;

	if (!task_is_tid(req->tid) || req->flags != 0)
		code = PvmBadParam;
	else if (task_host_of(req->tid) != PVMD_HOSTNUM)
		code = PvmNotImpl;	/* asked by a task that moved here */
	else if (migrate_find(req->tid) != NULL)
		code = PvmAlready;
	if (code != 0) {
		(void)task_reply_status(t, f->reqid, code);
		return;
	}
	if ((x = task_find(req->tid)) != NULL && task_connected(x))
		where = PVMD_HOSTNUM;
	else if ((where = migrate_loc_get(req->tid)) == 0) {
		(void)task_reply_status(t, f->reqid, PvmNoTask);
		return;
	}
	if (*req->host != '\0')
		target = host_find_name(req->host);
	else {
		/* The runtime picks: the next host after where it runs. */
		for (i = 0; i < (size_t)host_count() && target == 0; i++) {
			h = host_nth(i);
			if (h > where)
				target = h;
		}
		if (target == 0 && host_nth(0) != where)
			target = host_nth(0);
	}
	if (target == 0 || !host_exists(target))
		code = PvmNoHost;
	else if (target == where)
		code = PvmAlready;
	if (code != 0) {
		(void)task_reply_status(t, f->reqid, code);
		return;
	}
	m = migrate_new(MIGRATE_HOME);
	m->tid = req->tid;
	m->token = migrate_new_token();
	m->source = where;
	m->target = target;
	m->req_tid = task_tid(t);
	m->reqid = f->reqid;
	TAILQ_INSERT_TAIL(&migrate_all, m, entry);
	log_info("t%x: moving from host %d to host %d (%d)", m->tid, where,
	    target, m->token);
	migrate_step(where, PVM_MSG_MIG_FREEZE, m->tid, m->token, target, 0);
}

/*
 * A migration frame over the link from host.  Returns 0, or -1 if it is
 * malformed (the link closes).
 */
int
migrate_handle_link(int host, struct pvm_frame *f, ProtobufCMessage *msg)
{
	Pvm__MigrateStep	*st = (Pvm__MigrateStep *)msg;

	switch (f->type) {
	case PVM_MSG_CKPT_DATA:
	case PVM_MSG_CKPT_END:
		if (!task_is_tid(f->tag))
			return (-1);
		return (migrate_target_data(host, f));
	default:
		if (st == NULL || !task_is_tid(st->tid))
			return (-1);
		/* Only the home pvmd may freeze, commit or be told. */
		if ((f->type == PVM_MSG_MIG_FREEZE ||
		    f->type == PVM_MSG_MIG_COMMIT) &&
		    task_host_of(st->tid) != host)
			return (-1);
		if ((f->type == PVM_MSG_MIG_MOVED ||
		    f->type == PVM_MSG_MIG_EXITED) &&
		    task_host_of(st->tid) != PVMD_HOSTNUM)
			return (-1);
		migrate_step_in(host, f->type, st);
		return (0);
	}
}

/* A step from host h (this host for local ones). */
static void
migrate_step_in(int h, int type, Pvm__MigrateStep *st)
{
	struct migrate	*m;
	struct task	*x;

	switch (type) {
	case PVM_MSG_MIG_FREEZE:
		migrate_source_freeze(h, st);
		break;
	case PVM_MSG_MIG_RESTORED:
		m = migrate_find_kind(st->tid, MIGRATE_SOURCE);
		if (m == NULL || m->token != st->token || m->target != h)
			break;
		if (m->restored == 0)
			m->restored = st->code == 0 ? 1 : -1;
		if (st->code != 0 && m->code == 0)
			m->code = st->code;
		migrate_finish(m);
		break;
	case PVM_MSG_MIG_MOVED:
		migrate_home_moved(h, st);
		break;
	case PVM_MSG_MIG_COMMIT:
		m = migrate_find_kind(st->tid, MIGRATE_TARGET);
		if (m == NULL || (x = task_find(st->tid)) == NULL)
			break;
		log_info("t%x: arrived from host %d", st->tid, m->source);
		migrate_free(m);
		task_thaw(x, NULL);
		break;
	case PVM_MSG_MIG_EXITED:
		/* A task of ours ended where it ran: its notifies fire. */
		if (migrate_loc_get(st->tid) != h)
			break;
		log_debug("t%x: exited on host %d", st->tid, h);
		migrate_loc_set(st->tid, 0);
		notify_task_exit(st->tid);
		route_task_exited(st->tid);
		break;
	case PVM_MSG_MIG_ABORT:
		m = migrate_find_kind(st->tid, MIGRATE_TARGET);
		if (m == NULL || m->token != st->token || m->source != h)
			break;
		m->failed = 1;	/* the source knows */
		m->ended = 1;
		migrate_target_fail(m, PvmSysErr);
		break;
	}
}

/* MIG_FREEZE from the home pvmd h: send the task to st->host. */
static void
migrate_source_freeze(int h, Pvm__MigrateStep *st)
{
	struct migrate	*m;
	struct task	*x;

	if ((x = task_find(st->tid)) == NULL || migrate_find_kind(st->tid,
	    MIGRATE_SOURCE) != NULL || migrate_find_kind(st->tid,
	    MIGRATE_CKPT) != NULL || task_pid(x) <= 0 ||
	    !host_exists(st->host) || task_freeze(x) == NULL) {
		migrate_step(h, PVM_MSG_MIG_MOVED, st->tid, st->token,
		    PVMD_HOSTNUM, x == NULL ? PvmNoTask : PvmAlready);
		return;
	}
	m = migrate_new(MIGRATE_SOURCE);
	m->tid = st->tid;
	m->token = st->token;
	m->source = PVMD_HOSTNUM;
	m->target = st->host;
	TAILQ_INSERT_TAIL(&migrate_all, m, entry);
	log_info("t%x: leaving for host %d", m->tid, m->target);
	migrate_freeze(m, x);
}

/*
 * The image ended and the old link is gone: once the target answered,
 * the task leaves (or stays, on failure) and the home pvmd is told.
 */
static void
migrate_source_done(struct migrate *m)
{
	struct pvm_frame d;
	struct timeval	 now, dt;
	struct task	*x;
	struct peer	*p;
	int		 ok, home = task_host_of(m->tid), tid = m->tid;
	int		 token = m->token, target = m->target, code;
	uint64_t	 bytes = m->bytes;

	if (m->code == 0 && m->restored == 0)
		return;		/* the target has not answered yet */
	ok = m->code == 0 && m->restored == 1;
	code = ok ? 0 : (m->code != 0 ? m->code : PvmHostFail);
	p = m->img;
	m->img = NULL;
	if (p != NULL) {
		memset(&d, 0, sizeof d);
		d.type = PVM_MSG_CKPT_DONE;
		d.src = PVMD_TID;
		d.dst = tid;
		d.tag = ok ? PVM_CKPT_EXIT : PVM_CKPT_CONTINUE;
		(void)peer_send(p, &d, NULL, 0);
	}
	if (!ok && m->restored != -1)
		migrate_step(target, PVM_MSG_MIG_ABORT, tid, token,
		    PVMD_HOSTNUM, code);
	gettimeofday(&now, NULL);
	timersub(&now, &m->start, &dt);
	x = task_find(tid);
	migrate_free(m);
	if (ok) {
		log_info("t%x: moved to host %d, %llu bytes, %ld.%03ld s",
		    tid, target, (unsigned long long)bytes, (long)dt.tv_sec,
		    (long)dt.tv_usec / 1000);
		if (p != NULL)
			peer_close_flush(p);
		if (x != NULL)
			task_forget(x);
		migrate_step(home, PVM_MSG_MIG_MOVED, tid, token, target, 0);
		return;
	}
	log_warnx("t%x: move to host %d failed, it stays here", tid, target);
	if (x != NULL && p != NULL)
		task_thaw(x, p);
	else if (x != NULL)
		task_exit(x, "lost its link while moving");
	else if (p != NULL)
		peer_close_flush(p);
	migrate_step(home, PVM_MSG_MIG_MOVED, tid, token,
	    x != NULL ? PVMD_HOSTNUM : 0, code);
}

/* MIG_MOVED from the source h: the move ended; release what was held. */
static void
migrate_home_moved(int h, Pvm__MigrateStep *st)
{
	struct migrate		*m;
	struct migrate_frame	*mf;
	struct task		*x;
	int			 where = st->host;

	if ((m = migrate_find_kind(st->tid, MIGRATE_HOME)) == NULL ||
	    m->token != st->token || m->source != h)
		return;
	if (where != 0 && !host_exists(where))
		where = 0;
	TAILQ_REMOVE(&migrate_all, m, entry);	/* no more holding */
	migrate_loc_set(m->tid, where);
	log_info("t%x: %s host %d", m->tid, st->code == 0 ? "now on" :
	    "move failed, still on", where);
	while ((mf = TAILQ_FIRST(&m->held)) != NULL) {
		TAILQ_REMOVE(&m->held, mf, entry);
		if (where == 0)
			log_debug("t%x: held data from t%x dropped", m->tid,
			    mf->hdr.src);
		else
			task_route(mf->hdr.src, mf->hdr.dst, mf->hdr.tag,
			    mf->hdr.ctx, mf->hdr.flags, mf->body, mf->len);
		free(mf);
	}
	if (st->code == 0 && where != 0 && where != h) {
		if (where == PVMD_HOSTNUM) {
			if ((x = task_find(m->tid)) != NULL) {
				struct migrate	*t = migrate_find_kind(m->tid,
				    MIGRATE_TARGET);

				if (t != NULL)
					migrate_free(t);
				log_info("t%x: back home from host %d",
				    m->tid, h);
				task_thaw(x, NULL);
			}
		} else
			migrate_step(where, PVM_MSG_MIG_COMMIT, m->tid,
			    m->token, where, 0);
	}
	TAILQ_INSERT_TAIL(&migrate_all, m, entry);
	migrate_answer(m, st->code);
	migrate_free(m);
}

/* Image frames from the source host h for task f->tag. */
static int
migrate_target_data(int h, struct pvm_frame *f)
{
	struct ckpt_header	 hd;
	struct migrate		*m;
	struct task		*x;
	int			 pp[2], outfd, code = 0;

	m = migrate_find_kind(f->tag, MIGRATE_TARGET);
	if (m != NULL && (m->source != h || (uint32_t)m->token != f->reqid))
		return (0);	/* a stale move: ignored */
	if (m == NULL) {
		if (f->type != PVM_MSG_CKPT_DATA)
			return (0);
		m = migrate_new(MIGRATE_TARGET);
		m->tid = f->tag;
		m->token = (int)f->reqid;
		m->source = h;
		m->target = PVMD_HOSTNUM;
		TAILQ_INSERT_TAIL(&migrate_all, m, entry);
		if (f->len != sizeof hd)
			code = PvmBadMsg;
		else {
			memcpy(&hd, f->body, sizeof hd);
			if (hd.magic != CKPT_MAGIC ||
			    hd.version != CKPT_VERSION ||
			    hd.hdrsize != sizeof hd ||
			    hd.regsize != sizeof (struct ckpt_region) ||
			    hd.nregions == 0 ||
			    hd.nregions > CKPT_MAX_REGIONS ||
			    hd.tid != f->tag || hd.link_fd < 3 ||
			    hd.link_fd > 65535)
				code = PvmBadMsg;
		}
		if (code == 0 && (task_find(m->tid) != NULL ||
		    migrate_loc_get(m->tid) == PVMD_HOSTNUM))
			code = PvmExists;
		if (code == 0 && pipe2(pp, O_CLOEXEC) == -1)
			code = PvmOutOfRes;
		if (code != 0) {
			migrate_target_fail(m, code);
			return (0);
		}
		hd.name[sizeof hd.name - 1] = '\0';
		x = task_create_restored(m->tid, hd.ptid, hd.name, hd.out_tid,
		    hd.out_ctx, hd.out_tag);
		if ((outfd = migrate_spawn(x, pp[0], hd.link_fd)) < 0) {
			close(pp[1]);
			task_discard(x);
			migrate_target_fail(m, outfd);
			return (0);
		}
		m->helper = task_pid(x);
		task_output_start(outfd, m->tid, hd.ptid, hd.out_tid,
		    hd.out_ctx, hd.out_tag);
		m->pipefd = pp[1];
		if (fcntl(m->pipefd, F_SETFL, O_NONBLOCK) == -1)
			fatal("fcntl");
		m->pipebuf = evbuffer_new();
		m->pipeev = event_new(migrate_base, m->pipefd, EV_WRITE,
		    migrate_pipe_cb, m);
		if (m->pipebuf == NULL || m->pipeev == NULL)
			fatalx("cannot set up the image pipe");
		log_info("t%x: arriving from host %d", m->tid, h);
	}
	if (m->failed || m->pipebuf == NULL) {
		if (f->type == PVM_MSG_CKPT_END)
			migrate_free(m);
		return (0);
	}
	if (f->type == PVM_MSG_CKPT_END) {
		m->ended = 1;
	} else {
		m->bytes += f->len;
		if (evbuffer_add(m->pipebuf, f->body, f->len) == -1)
			fatalx("evbuffer_add");
	}
	migrate_target_flush(m);
	return (0);
}

/* Write what the helper can take; close the pipe after the end. */
static void
migrate_target_flush(struct migrate *m)
{
	int	n;

	while (evbuffer_get_length(m->pipebuf) > 0) {
		n = evbuffer_write(m->pipebuf, m->pipefd);
		if (n > 0)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EINTR)) {
			(void)event_add(m->pipeev, NULL);
			return;
		}
		/* The helper is gone: its exit tells the rest. */
		evbuffer_drain(m->pipebuf, evbuffer_get_length(m->pipebuf));
		break;
	}
	if (m->ended && m->pipefd != -1) {
		close(m->pipefd);
		m->pipefd = -1;
	}
}

static void
migrate_pipe_cb(__unused evutil_socket_t fd, __unused short events,
    void *arg)
{
	migrate_target_flush(arg);
}

/*
 * The task cannot arrive here: tell the source (once), end the helper
 * and drop the task.
 */
static void
migrate_target_fail(struct migrate *m, int code)
{
	struct task	*x;
	int		 tid = m->tid, drop;

	if (!m->failed) {
		migrate_step(m->source, PVM_MSG_MIG_RESTORED, tid, m->token,
		    PVMD_HOSTNUM, code);
		log_warnx("t%x: cannot arrive from host %d", tid, m->source);
	}
	m->failed = 1;
	if (m->helper > 0) {
		(void)kill(m->helper, SIGKILL);
		m->helper = 0;
	}
	/* Keep m to ignore the rest of the image, unless it ended. */
	drop = m->ended || code == PvmHostFail || m->restored == -1;
	m->restored = -1;
	if (drop)
		migrate_free(m);
	if ((x = task_find(tid)) != NULL && !task_live(x))
		task_exit(x, "move failed");
}

/* Host h is gone: moves that need it fail. */
void
migrate_host_gone(int h)
{
	struct migrate		*m;
	struct migrate_loc	*l, *lnext;

	/* Each step may end other moves: look again from the start. */
	for (;;) {
		TAILQ_FOREACH(m, &migrate_all, entry) {
			if (m->kind == MIGRATE_SOURCE && m->target == h &&
			    m->restored != -1)
				break;
			if (m->kind == MIGRATE_TARGET && m->source == h &&
			    !m->failed)
				break;
			if (m->kind == MIGRATE_HOME && m->source == h)
				break;
		}
		if (m == NULL)
			break;
		switch (m->kind) {
		case MIGRATE_SOURCE:
			m->restored = -1;
			if (m->code == 0)
				m->code = PvmHostFail;
			migrate_finish(m);
			break;
		case MIGRATE_TARGET:
			m->ended = 1;
			migrate_target_fail(m, PvmHostFail);
			break;
		default:
			log_warnx("t%x: lost with host %d while moving",
			    m->tid, h);
			migrate_answer(m, PvmHostFail);
			migrate_free(m);
			break;
		}
	}
	for (l = LIST_FIRST(&migrate_locs); l != NULL; l = lnext) {
		lnext = LIST_NEXT(l, entry);
		if (l->host == h) {
			LIST_REMOVE(l, entry);
			free(l);
		}
	}
}

/* Pause the image link while the link to the target is full. */
static void
migrate_flow(struct migrate *m)
{
	struct timeval	tv = { 0, MIGRATE_FLOW_MS * 1000 };

	if (m->img == NULL || link_outlen(m->target) < MIGRATE_LINK_HIGH)
		return;
	if (m->flowev == NULL &&
	    (m->flowev = evtimer_new(migrate_base, migrate_flow_cb, m)) == NULL)
		fatalx("cannot add a flow timer");
	if (evtimer_pending(m->flowev, NULL))
		return;
	peer_pause(m->img, 1);
	(void)evtimer_add(m->flowev, &tv);
}

static void
migrate_flow_cb(__unused evutil_socket_t fd, __unused short events,
    void *arg)
{
	struct migrate	*m = arg;
	struct timeval	 tv = { 0, MIGRATE_FLOW_MS * 1000 };

	if (m->img == NULL)
		return;
	if (link_outlen(m->target) >= MIGRATE_LINK_LOW) {
		(void)evtimer_add(m->flowev, &tv);
		return;
	}
	peer_pause(m->img, 0);
}
