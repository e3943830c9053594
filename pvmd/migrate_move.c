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
 *  2. S asks T to make ready (MIG_PREPARE, with the size of the task's
 *     large memory regions): T starts the restart helper, which maps
 *     and fills that much memory while the task still runs (new memory
 *     costs more than the copy into it), then opens a door: MIG_DOOR
 *     brings S its task data port and a one-time key (chan_link.c).
 *  3. S freezes the task as for a checkpoint and passes the door to it
 *     in CKPT_DEST; the task sends its image there over TCP itself: the
 *     bytes pass through no pvmd and no TLS, and the key, which only
 *     travelled over the daemons' TLS link and the task's unix socket,
 *     opens the door once, for this task and this move.
 *  4. T reads the image's header on that connection, hands the
 *     connection to the helper, which maps the image back into the
 *     memory it made ready, with the task restoring (its frames held),
 *     and answers MIG_RESTORED to S.
 *  5. S ends the old process (CKPT_DONE EXIT), forgets the task and
 *     sends MIG_MOVED (host T) to H; on any failure the task goes on at
 *     S (CKPT_DONE CONTINUE), T is told MIG_ABORT, and MIG_MOVED names S.
 *     A failure while the image is under way also sends the task a
 *     CKPT_DEST with the error code: it stops sending.
 *  6. H records where the task runs, sends the frames it held there
 *     and, if it moved, MIG_COMMIT: T lets it run.
 * Data for a moved task always goes to H, which forwards it: H orders
 * everything a task receives.
 */

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
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

/* Seconds the image connection has to bring its header. */
#define MIGRATE_HEADER_WAIT	10
/*
 * Regions of the task this large count for the memory made ready at the
 * target, up to MIGRATE_READY_MAX megabytes.
 */
#define MIGRATE_READY_MIN	(2U << 20)
#define MIGRATE_READY_MAX	65536
/* The helper says its memory is ready with this byte on its door. */
#define MIGRATE_READY_BYTE	'R'

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
static void	migrate_move_source_door(int, Pvm__MigrateStep *);
static void	migrate_move_target_prepare(int, Pvm__MigrateStep *);
static void	migrate_move_sock_cb(evutil_socket_t, short, void *);
static void	migrate_move_door_cb(evutil_socket_t, short, void *);
static uint64_t	migrate_move_ready_size(pid_t);
static int	migrate_move_pass_fd(int, int);
static int	migrate_move_header_ok(struct migrate *,
		    const struct ckpt_header *);

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
	case PVM_MSG_MIG_PREPARE:
		migrate_move_target_prepare(h, st);
		break;
	case PVM_MSG_MIG_DOOR:
		migrate_move_source_door(h, st);
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
		migrate_go(x);
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

	Pvm__MigrateStep	 p = PVM__MIGRATE_STEP__INIT;

	if ((x = task_find(st->tid)) == NULL || migrate_find_kind(st->tid,
	    MIGRATE_SOURCE) != NULL || migrate_find_kind(st->tid,
	    MIGRATE_CKPT) != NULL || task_pid(x) <= 0 ||
	    !host_exists(st->host) || !task_live(x)) {
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
	/* It runs on until the target is ready for it. */
	p.tid = m->tid;
	p.token = m->token;
	p.host = PVMD_HOSTNUM;
	p.size = migrate_move_ready_size(task_pid(x));
	if (link_send_ctl(m->target, PVM_MSG_MIG_PREPARE, 0, PVMD_TID,
	    (int)(PVM_TID_DAEMON | ((uint32_t)m->target <<
	    PVM_TID_HOST_SHIFT)), &p.base) != 0)
		log_warnx("t%x: cannot reach host %d", m->tid, m->target);
	migrate_timer(m);
}

/*
 * The bytes of process pid's private memory in regions large enough to
 * be worth making ready at the target (roughly what its image carries
 * in them: lpvm_ckpt.c decides), from /proc/PID/maps; 0 if unknown.
 */
static uint64_t
migrate_move_ready_size(pid_t pid)
{
	char		 path[64], *line = NULL, perms[5], name[16];
	unsigned long	 start, end;
	uint64_t	 sum = 0;
	size_t		 size = 0;
	FILE		*f;
	int		 n;

	(void)snprintf(path, sizeof path, "/proc/%ld/maps", (long)pid);
	if ((f = fopen(path, "re")) == NULL)
		return (0);
	while (getline(&line, &size, f) != -1) {
		name[0] = '\0';
		n = sscanf(line, "%lx-%lx %4s %*s %*s %*s %15s", &start, &end,
		    perms, name);
		if (n < 3 || end - start < MIGRATE_READY_MIN ||
		    perms[0] != 'r' || perms[3] != 'p' || name[0] == '[')
			continue;
		/* Program and library code is mapped from its file. */
		if (name[0] == '/' && perms[2] == 'x' && perms[1] != 'w')
			continue;
		/* A huge page more: it keeps its offset in one. */
		sum += end - start + MIGRATE_READY_MIN;
	}
	free(line);
	fclose(f);
	return (sum);
}

/* MIG_DOOR from the target h: where the task is to send its image. */
static void
migrate_move_source_door(int h, Pvm__MigrateStep *st)
{
	struct migrate	*m;
	struct task	*x;

	m = migrate_find_kind(st->tid, MIGRATE_SOURCE);
	if (m == NULL || m->token != st->token || m->target != h ||
	    m->door != 0)
		return;
	if (st->code != 0 || st->addr == NULL ||
	    inet_pton(AF_INET, st->addr, m->door_addr) != 1 ||
	    st->port == 0 || st->port > 65535 ||
	    st->key.len != sizeof m->door_key) {
		log_warnx("t%x: host %d opens no door for it (%d)", m->tid,
		    h, st->code);
		m->door = -1;
		if (m->code == 0)
			m->code = st->code < 0 ? st->code : PvmSysErr;
		m->restored = -1;	/* nothing there to abort */
		migrate_finish(m);
		return;
	}
	m->door = 1;
	m->door_port = st->port;
	memcpy(m->door_key, st->key.data, sizeof m->door_key);
	if ((x = task_find(m->tid)) == NULL || task_freeze(x) == NULL) {
		m->code = PvmNoTask;
		migrate_finish(m);
		return;
	}
	log_info("t%x: frozen for host %d", m->tid, m->target);
	migrate_freeze(m, x);
}

/*
 * Tell the task on its image link where its image goes, once it is
 * connected and the target answered; after a failure, tell it to stop
 * (once), whether it waits for its destination or sends already.
 */
void
migrate_move_source_dest(struct migrate *m)
{
	struct pvm_frame d;
	uint8_t		 body[PVM_CKPT_DEST_LEN];
	uint32_t	 port;
	int		 fail;

	if (m->img == NULL || m->ended || m->stop_sent)
		return;
	fail = m->code != 0 || m->restored == -1;
	if (!fail && (m->dest_sent || m->door != 1))
		return;
	memset(&d, 0, sizeof d);
	d.type = PVM_MSG_CKPT_DEST;
	d.src = PVMD_TID;
	d.dst = m->tid;
	if (fail) {
		d.tag = m->code != 0 ? m->code : PvmHostFail;
		m->dest_sent = m->stop_sent = 1;
		(void)peer_send(m->img, &d, NULL, 0);
		return;
	}
	d.tag = PVM_CKPT_DEST_TCP;
	memcpy(body, m->door_addr, sizeof m->door_addr);
	port = htonl(m->door_port);
	memcpy(body + 4, &port, sizeof port);
	memcpy(body + 8, m->door_key, sizeof m->door_key);
	m->dest_sent = 1;
	(void)peer_send(m->img, &d, body, sizeof body);
	explicit_bzero(m->door_key, sizeof m->door_key);
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
	int		 frozen = m->frozen;
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
	/* The target may hold a helper and memory for it. */
	if (!ok && host_exists(target))
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
	else if (x != NULL && frozen)
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
				migrate_go(x);
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

/*
 * MIG_PREPARE from the source h: start the restart helper, which makes
 * st->size bytes of memory ready; the door opens when it is done.
 */
static void
migrate_move_target_prepare(int h, Pvm__MigrateStep *st)
{
	Pvm__MigrateStep	 d = PVM__MIGRATE_STEP__INIT;
	struct migrate		*m;
	char			 mb[24];
	uint64_t		 size;
	long			 phys, psize;
	pid_t			 pid;
	int			 sv[2], code = 0;

	if (migrate_find_kind(st->tid, MIGRATE_TARGET) != NULL)
		code = PvmAlready;	/* an older move is not over */
	else if (task_find(st->tid) != NULL)
		code = PvmExists;
	else if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0,
	    sv) == -1) {
		log_warn("t%x: socketpair", st->tid);
		code = PvmOutOfRes;
	}
	if (code != 0) {
		log_warnx("t%x: not ready for it from host %d", st->tid, h);
		d.tid = st->tid;
		d.token = st->token;
		d.host = PVMD_HOSTNUM;
		d.code = code;
		(void)link_send_ctl(h, PVM_MSG_MIG_DOOR, 0, PVMD_TID,
		    (int)(PVM_TID_DAEMON | ((uint32_t)h << PVM_TID_HOST_SHIFT)),
		    &d.base);
		return;
	}
	m = migrate_new(MIGRATE_TARGET);
	m->tid = st->tid;
	m->token = st->token;
	m->source = h;
	m->target = PVMD_HOSTNUM;
	TAILQ_INSERT_TAIL(&migrate_all, m, entry);
	/*
	 * The size comes from another host: no pool larger than half of
	 * this one's memory (the helper then maps the image as it comes).
	 */
	size = (st->size + (1U << 20) - 1) >> 20;
	phys = sysconf(_SC_PHYS_PAGES);
	psize = sysconf(_SC_PAGESIZE);
	if (size > MIGRATE_READY_MAX || (phys > 0 && psize > 0 &&
	    size > ((uint64_t)phys * (uint64_t)psize >> 20) / 2))
		size = 0;
	(void)snprintf(mb, sizeof mb, "%llu", (unsigned long long)size);
	pid = migrate_spawn_helper(sv[1], 4, mb, &m->linkfd, &m->outfd);
	if (pid < 0) {
		close(sv[0]);
		migrate_move_target_fail(m, (int)pid);
		return;
	}
	m->helper = pid;
	m->doorfd = sv[0];
	if (fcntl(m->doorfd, F_SETFL, O_NONBLOCK) == -1)
		fatal("fcntl");
	m->doorev = event_new(migrate_base, m->doorfd, EV_READ | EV_PERSIST,
	    migrate_move_door_cb, m);
	if (m->doorev == NULL || event_add(m->doorev, NULL) == -1)
		fatalx("cannot watch a restart helper");
	log_info("t%x: helper pid %ld makes %s MB ready for it", m->tid,
	    (long)pid, mb);
}

/*
 * The helper's door: once its memory is ready, open the door and tell
 * the source; an end or anything else means it failed.
 */
static void
migrate_move_door_cb(evutil_socket_t fd, __unused short events, void *arg)
{
	Pvm__MigrateStep	 d = PVM__MIGRATE_STEP__INIT;
	struct migrate		*m = arg;
	uint8_t			 key[PVM_CHAN_TOKEN_LEN], c;
	const char		*addr;
	ssize_t			 n;
	int			 port, h = m->source;

	n = read(fd, &c, 1);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n != 1 || c != MIGRATE_READY_BYTE || m->ready) {
		log_warnx("t%x: restart helper failed", m->tid);
		migrate_move_target_fail(m, PvmSysErr);
		return;
	}
	m->ready = 1;
	if (chan_link_door(m->tid, m->token, key, &addr, &port) != 0) {
		migrate_move_target_fail(m, PvmOutOfRes);
		return;
	}
	d.tid = m->tid;
	d.token = m->token;
	d.host = PVMD_HOSTNUM;
	d.addr = (char *)addr;
	d.port = (uint32_t)port;
	d.key.data = key;
	d.key.len = sizeof key;
	if (link_send_ctl(h, PVM_MSG_MIG_DOOR, 0, PVMD_TID,
	    (int)(PVM_TID_DAEMON | ((uint32_t)h << PVM_TID_HOST_SHIFT)),
	    &d.base) != 0)
		log_warnx("t%x: cannot answer host %d", m->tid, h);
	explicit_bzero(key, sizeof key);
}

/* Send descriptor fd over the unix socket s with one byte.  0 or -1. */
static int
migrate_move_pass_fd(int s, int fd)
{
	struct msghdr	 msg;
	struct cmsghdr	*cm;
	struct iovec	 iov;
	union {
		struct cmsghdr	hdr;
		char		buf[CMSG_SPACE(sizeof (int))];
	} cbuf;
	char		 c = 'I';

	memset(&msg, 0, sizeof msg);
	memset(&cbuf, 0, sizeof cbuf);
	iov.iov_base = &c;
	iov.iov_len = 1;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cbuf.buf;
	msg.msg_controllen = sizeof cbuf.buf;
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof (int));
	memcpy(CMSG_DATA(cm), &fd, sizeof fd);
	return (sendmsg(s, &msg, MSG_NOSIGNAL) == 1 ? 0 : -1);
}

/*
 * The image connection of task tid's move with this token came through
 * the door (chan_link.c).  Returns 0 if the move takes fd, -1 if not.
 */
int
migrate_move_target_conn(int tid, int token, int fd)
{
	struct timeval	 tv = { MIGRATE_HEADER_WAIT, 0 };
	struct migrate	*m;
	int		 lowat = (int)sizeof (struct ckpt_header);

	m = migrate_find_kind(tid, MIGRATE_TARGET);
	if (m == NULL || m->token != token || m->failed || m->sock != -1 ||
	    !m->ready || m->doorfd == -1)
		return (-1);
	/* Wake up once the whole header is there, to peek at it. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVLOWAT, &lowat,
	    sizeof lowat) == -1) {
		log_warn("t%x: SO_RCVLOWAT", tid);
		return (-1);
	}
	m->sockev = event_new(migrate_base, fd, EV_READ | EV_PERSIST,
	    migrate_move_sock_cb, m);
	if (m->sockev == NULL || event_add(m->sockev, &tv) == -1)
		fatalx("cannot watch an image connection");
	m->sock = fd;
	return (0);
}

/* Whether the image header hd fits the move m here. */
static int
migrate_move_header_ok(struct migrate *m, const struct ckpt_header *hd)
{
	return (hd->magic == CKPT_MAGIC && hd->version == CKPT_VERSION &&
	    hd->hdrsize == sizeof *hd &&
	    hd->regsize == sizeof (struct ckpt_region) &&
	    hd->nregions != 0 && hd->nregions <= CKPT_MAX_REGIONS &&
	    hd->tid == m->tid && hd->link_fd >= 3 && hd->link_fd <= 65535);
}

/*
 * The image connection is readable: once its header is in, check it
 * (without taking it: the helper reads the whole image), hand the
 * connection to the restart helper and enter the task, restoring.
 */
static void
migrate_move_sock_cb(evutil_socket_t fd, short events, void *arg)
{
	struct migrate		*m = arg;
	struct ckpt_header	 hd;
	struct task		*x;
	ssize_t			 n;
	int			 one = 1, flags;

	if (events & EV_TIMEOUT) {
		log_warnx("t%x: no image within %d s", m->tid,
		    MIGRATE_HEADER_WAIT);
		migrate_move_target_fail(m, PvmSysErr);
		return;
	}
	n = recv(fd, &hd, sizeof hd, MSG_PEEK);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n > 0 && (size_t)n < sizeof hd)
		return;		/* SO_RCVLOWAT: not normally */
	if (n != (ssize_t)sizeof hd || !migrate_move_header_ok(m, &hd)) {
		log_warnx("t%x: bad image from host %d", m->tid, m->source);
		migrate_move_target_fail(m, PvmBadMsg);
		return;
	}
	if (task_find(m->tid) != NULL) {
		migrate_move_target_fail(m, PvmExists);
		return;
	}
	/* The helper reads it as a plain blocking stream. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVLOWAT, &one, sizeof one) == -1 ||
	    (flags = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == -1 ||
	    migrate_move_pass_fd(m->doorfd, fd) != 0) {
		log_warn("t%x: image connection", m->tid);
		migrate_move_target_fail(m, PvmSysErr);
		return;
	}
	event_free(m->sockev);
	m->sockev = NULL;
	m->sock = -1;
	close(fd);
	event_free(m->doorev);
	m->doorev = NULL;
	close(m->doorfd);
	m->doorfd = -1;
	/* The helper is the task, restoring, from now on. */
	hd.name[sizeof hd.name - 1] = '\0';
	x = task_create_restored(m->tid, hd.ptid, hd.name, hd.out_tid,
	    hd.out_ctx, hd.out_tag);
	if (x == NULL) {
		migrate_move_target_fail(m, PvmExists);
		return;
	}
	task_started(x, m->helper, m->linkfd);
	m->linkfd = -1;
	task_output_start(m->outfd, m->tid, hd.ptid, hd.out_tid, hd.out_ctx,
	    hd.out_tag);
	m->outfd = -1;
	log_info("t%x: arriving from host %d", m->tid, m->source);
}

/*
 * The task cannot arrive here: tell the source (once), end the helper
 * and drop the task.
 */
void
migrate_move_target_fail(struct migrate *m, int code)
{
	struct task	*x;
	int		 tid = m->tid;

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
	/* Nothing more comes over the link for it. */
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
