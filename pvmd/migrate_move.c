/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Moves of tasks between hosts (the checkpoint itself is migrate.c).
 *
 * The home pvmd H of the TID runs a move of the task from the host S
 * where it runs to the target T:
 *  1. H holds every data frame for the task from now on (migrate_move_route)
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

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/time.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/event.h>

#include "pvm3.h"
#include "log.h"
#include "xmalloc.h"
#include "pvmd.h"
#include "ckpt-image.h"

/*
 * Flow control of an image going to another host: reading from the task
 * stops while more than MIGRATE_LINK_HIGH bytes wait on the link, and
 * goes on once fewer than MIGRATE_LINK_LOW do.
 */
#define MIGRATE_LINK_HIGH	(32U << 20)
#define MIGRATE_LINK_LOW	(8U << 20)
#define MIGRATE_FLOW_MS		2

/* Where a task of this host that moved away runs now. */
struct migrate_loc {
	int			 tid;
	int			 host;
	LIST_ENTRY(migrate_loc)	 entry;
};

static LIST_HEAD(, migrate_loc)	 migrate_locs =
    LIST_HEAD_INITIALIZER(migrate_locs);

static int	migrate_move_loc_get(int);
static void	migrate_move_loc_set(int, int);
static void	migrate_move_step_in(int, int, Pvm__MigrateStep *);
static void	migrate_move_home_moved(int, Pvm__MigrateStep *);
static void	migrate_move_source_freeze(int, Pvm__MigrateStep *);
static int	migrate_move_target_data(int, struct pvm_frame *);
static void	migrate_move_target_flush(struct migrate *);
static void	migrate_move_pipe_cb(evutil_socket_t, short, void *);
static void	migrate_move_flow_cb(evutil_socket_t, short, void *);

/* Where task tid of this host runs now, if elsewhere; 0 if here. */
static int
migrate_move_loc_get(int tid)
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
migrate_move_where(int tid)
{
	return (migrate_move_loc_get(tid));
}

static void
migrate_move_loc_set(int tid, int host)
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

/* Whether data for tid (of this host) is held while it moves. */
int
migrate_move_holding(int tid)
{
	return (task_is_tid(tid) && task_host_of(tid) == PVMD_HOSTNUM &&
	    migrate_find_kind(tid, MIGRATE_HOME) != NULL);
}

/*
 * A data frame for dst: held while dst (of this host) moves, forwarded
 * when it runs elsewhere.  Returns 1 if taken.
 */
int
migrate_move_route(const struct pvm_frame *hdr, const void *body,
    size_t len)
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
	if ((h = migrate_move_loc_get(hdr->dst)) != 0) {
		if (link_send(h, hdr, body, len) != 0)
			log_debug("data for t%x (on host %d) dropped",
			    hdr->dst, h);
		return (1);
	}
	return (0);
}

/* Send a step to host h, or take it here if h is this host. */
void
migrate_move_step(int h, int type, int tid, int token, int host, int code)
{
	Pvm__MigrateStep	st = PVM__MIGRATE_STEP__INIT;

	st.tid = tid;
	st.token = token;
	st.host = host;
	st.code = code;
	if (h == PVMD_HOSTNUM) {
		migrate_move_step_in(h, type, &st);
		return;
	}
	if (link_send_ctl(h, type, 0, PVMD_TID, (int)(PVM_TID_DAEMON |
	    ((uint32_t)h << PVM_TID_HOST_SHIFT)), &st.base) != 0)
		log_warnx("t%x: cannot send %s to host %d", tid,
		    pvm_msgtype_str(type), h);
}

/* MIGRATE: move a task of this host (wherever it runs now). */
void
migrate_move_handle(struct task *t, struct pvm_frame *f,
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
	else if ((where = migrate_move_loc_get(req->tid)) == 0) {
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
	migrate_move_step(where, PVM_MSG_MIG_FREEZE, m->tid, m->token, target, 0);
}

/*
 * A migration frame over the link from host.  Returns 0, or -1 if it is
 * malformed (the link closes).
 */
int
migrate_move_handle_link(int host, struct pvm_frame *f,
    ProtobufCMessage *msg)
{
	Pvm__MigrateStep	*st = (Pvm__MigrateStep *)msg;

	switch (f->type) {
	case PVM_MSG_CKPT_DATA:
	case PVM_MSG_CKPT_END:
		if (!task_is_tid(f->tag))
			return (-1);
		return (migrate_move_target_data(host, f));
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
		migrate_move_step_in(host, f->type, st);
		return (0);
	}
}

/* A step from host h (this host for local ones). */
static void
migrate_move_step_in(int h, int type, Pvm__MigrateStep *st)
{
	struct migrate	*m;
	struct task	*x;

	switch (type) {
	case PVM_MSG_MIG_FREEZE:
		migrate_move_source_freeze(h, st);
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
		migrate_move_home_moved(h, st);
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
		if (migrate_move_loc_get(st->tid) != h)
			break;
		log_debug("t%x: exited on host %d", st->tid, h);
		migrate_move_loc_set(st->tid, 0);
		notify_task_exit(st->tid);
		route_task_exited(st->tid);
		break;
	case PVM_MSG_MIG_ABORT:
		m = migrate_find_kind(st->tid, MIGRATE_TARGET);
		if (m == NULL || m->token != st->token || m->source != h)
			break;
		m->failed = 1;	/* the source knows */
		m->ended = 1;
		migrate_move_target_fail(m, PvmSysErr);
		break;
	}
}

/* MIG_FREEZE from the home pvmd h: send the task to st->host. */
static void
migrate_move_source_freeze(int h, Pvm__MigrateStep *st)
{
	struct migrate	*m;
	struct task	*x;

	if ((x = task_find(st->tid)) == NULL || migrate_find_kind(st->tid,
	    MIGRATE_SOURCE) != NULL || migrate_find_kind(st->tid,
	    MIGRATE_CKPT) != NULL || task_pid(x) <= 0 ||
	    !host_exists(st->host) || task_freeze(x) == NULL) {
		migrate_move_step(h, PVM_MSG_MIG_MOVED, st->tid, st->token,
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
void
migrate_move_source_done(struct migrate *m)
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
		migrate_move_step(target, PVM_MSG_MIG_ABORT, tid, token,
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
		migrate_move_step(home, PVM_MSG_MIG_MOVED, tid, token, target, 0);
		return;
	}
	log_warnx("t%x: move to host %d failed, it stays here", tid, target);
	if (x != NULL && p != NULL)
		task_thaw(x, p);
	else if (x != NULL)
		task_exit(x, "lost its link while moving");
	else if (p != NULL)
		peer_close_flush(p);
	migrate_move_step(home, PVM_MSG_MIG_MOVED, tid, token,
	    x != NULL ? PVMD_HOSTNUM : 0, code);
}

/* MIG_MOVED from the source h: the move ended; release what was held. */
static void
migrate_move_home_moved(int h, Pvm__MigrateStep *st)
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
	migrate_move_loc_set(m->tid, where);
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
			migrate_move_step(where, PVM_MSG_MIG_COMMIT, m->tid,
			    m->token, where, 0);
	}
	TAILQ_INSERT_TAIL(&migrate_all, m, entry);
	migrate_answer(m, st->code);
	migrate_free(m);
}

/* Image frames from the source host h for task f->tag. */
static int
migrate_move_target_data(int h, struct pvm_frame *f)
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
		    migrate_move_loc_get(m->tid) == PVMD_HOSTNUM))
			code = PvmExists;
		if (code == 0 && pipe2(pp, O_CLOEXEC) == -1)
			code = PvmOutOfRes;
		if (code != 0) {
			migrate_move_target_fail(m, code);
			return (0);
		}
		hd.name[sizeof hd.name - 1] = '\0';
		x = task_create_restored(m->tid, hd.ptid, hd.name, hd.out_tid,
		    hd.out_ctx, hd.out_tag);
		if ((outfd = migrate_spawn(x, pp[0], hd.link_fd)) < 0) {
			close(pp[1]);
			task_discard(x);
			migrate_move_target_fail(m, outfd);
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
		    migrate_move_pipe_cb, m);
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
	migrate_move_target_flush(m);
	return (0);
}

/* Write what the helper can take; close the pipe after the end. */
static void
migrate_move_target_flush(struct migrate *m)
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
migrate_move_pipe_cb(__unused evutil_socket_t fd, __unused short events,
    void *arg)
{
	migrate_move_target_flush(arg);
}

/*
 * The task cannot arrive here: tell the source (once), end the helper
 * and drop the task.
 */
void
migrate_move_target_fail(struct migrate *m, int code)
{
	struct task	*x;
	int		 tid = m->tid, drop;

	if (!m->failed) {
		migrate_move_step(m->source, PVM_MSG_MIG_RESTORED, tid, m->token,
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
migrate_move_host_gone(int h)
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
			migrate_move_target_fail(m, PvmHostFail);
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
void
migrate_move_flow(struct migrate *m)
{
	struct timeval	tv = { 0, MIGRATE_FLOW_MS * 1000 };

	if (m->img == NULL || link_outlen(m->target) < MIGRATE_LINK_HIGH)
		return;
	if (m->flowev == NULL &&
	    (m->flowev = evtimer_new(migrate_base, migrate_move_flow_cb, m)) == NULL)
		fatalx("cannot add a flow timer");
	if (evtimer_pending(m->flowev, NULL))
		return;
	peer_pause(m->img, 1);
	(void)evtimer_add(m->flowev, &tv);
}

static void
migrate_move_flow_cb(__unused evutil_socket_t fd, __unused short events,
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

/* Halting: forget where tasks went. */
void
migrate_move_free_all(void)
{
	struct migrate_loc	*l;

	while ((l = LIST_FIRST(&migrate_locs)) != NULL) {
		LIST_REMOVE(l, entry);
		free(l);
	}
}
