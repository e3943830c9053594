/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * The daemon's single internal header.  pvmd is one process around one
 * libevent loop; the base is created after daemonizing and handed down
 * to every module that needs it.
 */

#ifndef PVMD_H
#define PVMD_H

#include <sys/types.h>
#include <sys/queue.h>

#include <stddef.h>
#include <stdint.h>

#include <event2/event.h>

#include "pvm-queue.h"
#include "wire.h"

#ifndef __unused
#define __unused __attribute__((__unused__))
#endif

/* What this host is. */
#define PVMD_ARCH		"LINUX64"
#define PVMD_DSIG		0x00408c41	/* PVM 3.4.6 on x86-64 Linux */
#define PVMD_SPEED		1000
/* This host's number: 1 on the master, given by the master on a slave. */
#define PVMD_HOSTNUM		(pvmd_hostnum)
/* The host as tasks name it (pvm_config, pvm_tidtohost): host part only. */
#define PVMD_HOST_TID		(PVMD_HOSTNUM << PVM_TID_HOST_SHIFT)
/* The pvmd as the source of its messages: the daemon bit and the host. */
#define PVMD_TID		((int)(PVM_TID_DAEMON | PVMD_HOST_TID))
#define PVMD_ROOT_DEFAULT	"/usr/lib/pvm3"

/* A peer whose output queue passes this many bytes is disconnected. */
#define PEER_OUT_MAX		(256U << 20)
/* Frames waiting for a spawned task that has not said hello yet. */
#define TASK_PENDING_MAX	(256U << 20)
/* Seconds a new connection has to say hello. */
#define TASK_HELLO_WAIT		10
/* Tasks in one SpawnRequest. */
#define TASK_SPAWN_MAX		4096
/* The descriptor of a spawned task's daemon link ($PVMTASKFD). */
#define PVMD_TASK_LINKFD	3
/* Seconds a hello waits for the sibling list of a spread spawn. */
#define TASK_SIBS_WAIT		10
/* Longest piece of task output sent in one message. */
#define TASK_OUTPUT_LINE	4096
/* Longest task name kept. */
#define TASK_NAME_MAX		255

/*
 * Contexts (pvm_newcontext): (PVMD_HOSTNUM << PVM_TID_HOST_SHIFT) | local,
 * local from 1 to TASK_CTX_LAST; the local parts above it are reserved
 * for system contexts.  One task may hold TASK_CTX_MAX at once.
 */
#define TASK_CTX_LAST		0x3ffef
#define TASK_CTX_MAX		65536

/* TaskInfo.flag bits, as PVM's pvm_tasks reports them. */
#define TASK_F_SPAWNED		0x2	/* started by this pvmd */
#define TASK_F_CONN		0x4	/* connected (said hello) */

/* Daemon links: heartbeat and dead-link defaults, in milliseconds. */
#define LINK_HEARTBEAT_MS	1000
#define LINK_DEAD_AFTER_MS	3000
/* Seconds a new slave has to report PVMD-READY, or a link to say hello. */
#define HOST_START_WAIT		30
#define LINK_HELLO_WAIT		10
/* Longest SlaveConfig frame read by pvmd -s. */
#define HOST_SLAVE_CONFIG_MAX	(64 * 1024)
/* Requests waiting for other hosts. */
#define ROUTE_PENDING_MAX	65536

/* The local host, fixed at startup. */
struct pvmd_host {
	char		*name;
	char		*ep;		/* executable search path */
	char		*wd;		/* working directory of tasks */
	char		*addr;		/* where daemon links are accepted */
	int		 port;
	int		 speed;
	int		 master;	/* this pvmd is the master */
	int		 debug;		/* -d: slaves get it too */
	int		 heartbeat_ms;
	int		 dead_after_ms;
	char		 vmid[80];
};
extern struct pvmd_host pvmd_host;
extern int pvmd_hostnum;

struct bufferevent;
struct hostfile;
struct tls_ctx;

struct peer;
struct task;
struct task_sibs;
struct task_exec;
struct mbox_class;
struct mbox_store;

/* Called with each received frame, or NULL once the link is gone. */
typedef void (*peer_dispatch_cb)(struct pvm_frame *, void *);

/* pvmd.c */
void		 pvmd_halt(struct task *);
int		 pvmd_is_halting(void);
int		 pvmd_host_match(const char *);
const char	*pvmd_socket_path(void);

/* peer.c */
struct peer	*peer_new(struct event_base *, int, uint32_t,
		     peer_dispatch_cb, void *);
struct peer	*peer_new_bev(struct event_base *, struct bufferevent *,
		     uint32_t, peer_dispatch_cb, void *);
struct bufferevent *peer_bev(struct peer *);
void		 peer_set_name(struct peer *, const char *);
const char	*peer_name(struct peer *);
void		 peer_set_maxlen(struct peer *, uint32_t);
int		 peer_send(struct peer *, const struct pvm_frame *,
		     const void *, size_t);
int		 peer_send_fds(struct peer *, const struct pvm_frame *,
		     const void *, size_t, const int *, int);
const void	*peer_frame_body(struct pvm_frame *);
int		 peer_send_frame(struct peer *, const struct pvm_frame *,
		     struct pvm_frame *);
int		 peer_ctl_frame(struct pvm_frame *, int, uint32_t, int, int,
		     const ProtobufCMessage *, uint8_t **, size_t *);
int		 peer_send_ctl(struct peer *, int, uint32_t, int, int,
		     const ProtobufCMessage *);
void		 peer_pump(struct peer *);
void		 peer_close(struct peer *);
void		 peer_close_flush(struct peer *);
void		 peer_set_dispatch(struct peer *, peer_dispatch_cb, void *);
void		 peer_shutdown_write(struct peer *);
u_int		 peer_count(void);

/* chan.c: direct routes between local tasks */
void		 chan_init(struct event_base *);
void		 chan_handle_open(struct task *, struct pvm_frame *,
		     Pvm__ChanRequest *);
int		 chan_notice_tcp(struct task *, int, int);
void		 chan_task_exit(int);

/* chan_link.c: direct routes across hosts (task data port) */
void		 chan_link_init(struct event_base *);
void		 chan_link_open(struct task *, struct pvm_frame *, int, int);
int		 chan_link_door(int, int, uint8_t *, const char **, int *);
void		 chan_link_door_close(int, int);

/* task.c */
void		 task_init(struct event_base *);
struct peer	*task_peer(struct task *);
struct task	*task_accept(int, pid_t);
int		 task_is_tid(int);
struct task	*task_find(int);
struct task	*task_proxy(int);
int		 task_host_of(int);
void		 task_foreach_info(void (*)(const Pvm__TaskInfo *, void *),
		     void *);
void		 task_send(struct task *, const struct pvm_frame *,
		     const void *, size_t);
int		 task_tid(struct task *);
const char	*task_label(struct task *);
int		 task_connected(struct task *);
int		 task_alloc_tid(void);
struct task	*task_create(int, const char *, const Pvm__SpawnRequest *,
		     int);
void		 task_started(struct task *, pid_t, int);
void		 task_discard(struct task *);
struct task_sibs *task_sibs_new(const int *, size_t);
void		 task_set_siblings(struct task *, struct task_sibs *);
void		 task_sibs_release(struct task_sibs *);
void		 task_sibs_complete(int, const int *, size_t);
void		 task_sibs_host_gone(int);
int		 task_handle_siblings(int, Pvm__Siblings *);
void		 task_exit(struct task *, const char *);
void		 task_exit_pid(pid_t, int);
void		 task_kill_all(struct task *);
void		 task_free_all(void);
void		 task_forward(struct pvm_frame *, int);
void		 task_route(int, int, int, int, uint32_t, const void *,
		     size_t);
int		 task_reply(struct task *, int, uint32_t,
		     const ProtobufCMessage *);
int		 task_reply_status(struct task *, uint32_t, int);
int		 task_handle_hello(struct task *, struct pvm_frame *,
		     Pvm__Hello *);
void		 task_handle_bye(struct task *, struct pvm_frame *);
void		 task_handle_data(struct task *, struct pvm_frame *);
void		 task_handle_kill(struct task *, struct pvm_frame *,
		     Pvm__TaskRequest *);
void		 task_handle_signal(struct task *, struct pvm_frame *,
		     Pvm__TaskRequest *);
void		 task_handle_pstat(struct task *, struct pvm_frame *,
		     Pvm__TaskRequest *);
void		 task_handle_tasks(struct task *, struct pvm_frame *,
		     Pvm__TasksRequest *);
void		 task_handle_halt(struct task *, struct pvm_frame *);
void		 task_handle_reset(struct task *, struct pvm_frame *);
void		 task_handle_context(struct task *, struct pvm_frame *,
		     Pvm__ContextRequest *);
void		 task_handle_hostsync(struct task *, struct pvm_frame *,
		     Pvm__HostSyncRequest *);
pid_t		 task_pid(struct task *);
struct peer	*task_freeze(struct task *);
void		 task_thaw(struct task *, struct peer *);
void		 task_link_closed(struct task *);
struct task	*task_create_restored(int, int, const char *, int, int, int);
int		 task_handle_restored(struct task *, struct pvm_frame *);
struct peer	*task_take_peer(struct task *);
void		 task_forget(struct task *);
int		 task_is_guest(struct task *);
int		 task_live(struct task *);
int		 task_remote(struct task *);

/* A checkpoint, restart or move under way (migrate.c, migrate_move.c). */
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
	int			 sock;		/* TARGET: image connection */
	struct event		*sockev;	/* until its header is in */
	int			 doorfd;	/* TARGET: the helper's door */
	struct event		*doorev;
	int			 ready;		/*  its memory is ready */
	int			 linkfd;	/*  its link, until a task */
	int			 outfd;		/*  its output, until a task */
	pid_t			 helper;
	int			 failed;	/* TARGET: told the source */
	int			 frozen;	/* SOURCE: the task stopped */
	int			 door;		/* SOURCE: 1 known, -1 none */
	uint8_t			 door_addr[4];	/* IPv4, network order */
	uint32_t		 door_port;
	uint8_t			 door_key[PVM_CHAN_TOKEN_LEN];
	int			 dest_sent;	/* SOURCE: CKPT_DEST went */
	int			 stop_sent;	/*  and the stop after it */
	TAILQ_ENTRY(migrate)	 entry;
};
TAILQ_HEAD(migrate_list, migrate);
extern struct migrate_list	 migrate_all;
extern struct event_base	*migrate_base;

/* migrate.c */
struct migrate	*migrate_new(enum migrate_kind);
void		 migrate_free(struct migrate *);
struct migrate	*migrate_find(int);
struct migrate	*migrate_find_kind(int, enum migrate_kind);
void		 migrate_answer(struct migrate *, int);
int		 migrate_new_token(void);
void		 migrate_freeze(struct migrate *, struct task *);
void		 migrate_finish(struct migrate *);
int		 migrate_spawn(struct task *, int, int);
pid_t		 migrate_spawn_helper(int, int, const char *, int *, int *);
void		 migrate_timer(struct migrate *);
void		 migrate_go(struct task *);
void		 migrate_handle_ckpt(struct task *, struct pvm_frame *,
		     Pvm__CheckpointRequest *);
void		 migrate_handle_restart(struct task *, struct pvm_frame *,
		     Pvm__CheckpointRequest *);
int		 migrate_handle_begin(struct task *, struct pvm_frame *);
void		 migrate_link_gone(int);
int		 migrate_restored(int);
void		 migrate_init(struct event_base *);
void		 migrate_task_exit(int);
void		 migrate_free_all(void);

/* migrate_move.c */
int		 migrate_move_holding(int);
int		 migrate_move_route(const struct pvm_frame *, const void *,
		     size_t);
void		 migrate_move_handle(struct task *, struct pvm_frame *,
		     Pvm__CheckpointRequest *);
int		 migrate_move_handle_link(int, struct pvm_frame *,
		     ProtobufCMessage *);
void		 migrate_move_host_gone(int);
int		 migrate_move_where(int);
void		 migrate_move_step(int, int, int, int, int, int);
void		 migrate_move_source_done(struct migrate *);
void		 migrate_move_target_fail(struct migrate *, int);
int		 migrate_move_target_conn(int, int, int);
void		 migrate_move_source_dest(struct migrate *);
void		 migrate_move_free_all(void);

/* task_spawn.c */
void		 task_spawn_init(struct event_base *);
void		 task_spawn_handle(struct task *, struct pvm_frame *,
		     Pvm__SpawnRequest *);
char		*task_spawn_lookup(const char *, const char *,
		     const char *);
void		 task_spawn_local(int, Pvm__SpawnRequest *, int *, int);

/* task_exec.c */
struct task_exec	*task_exec_new(const char *, const char *, char **,
			     char **, int, size_t);
int			 task_exec_start(struct task_exec *, size_t, int, int,
			     pid_t *);
void			 task_exec_wait(struct task_exec *);
int			 task_exec_error(struct task_exec *, size_t);
void			 task_exec_free(struct task_exec *);

/* task_output.c */
void		 task_output_init(struct event_base *);
void		 task_output_start(int, int, int, int, int, int);
void		 task_output_free_all(void);

/* dispatch.c */
int		 dispatch_request(struct task *, struct pvm_frame *,
		     ProtobufCMessage *);
void		 dispatch_task(struct pvm_frame *, void *);
void		 dispatch_link(int, struct pvm_frame *);

/* conf.c */
int		 conf_load(const char *, char **, char **, int *, int *,
		     char **);

/* host.c */
void		 host_init(struct event_base *, struct hostfile *);
int		 host_master_setup(const char *, char **);
int		 host_slave_config(int, char **);
int		 host_slave_config_file(const char *, char **);
void		 host_slave_ready(int);
void		 host_slave_connect(void);
const char	*host_name(int);
int		 host_exists(int);
int		 host_find_name(const char *);
int		 host_count(void);
int		 host_formats_mixed(void);
int		 host_nth(size_t);
int		 host_speed(int);
const char	*host_arch(int);
void		 host_link_ready(int, const char *);
void		 host_link_lost(int, const char *);
void		 host_handle_config(struct task *, struct pvm_frame *);
void		 host_handle_mstat(struct task *, struct pvm_frame *,
		     Pvm__HostRequest *);
void		 host_handle_delhosts(struct task *, struct pvm_frame *,
		     Pvm__HostRequest *);
int		 host_handle_table(int, Pvm__HostTable *);
void		 host_handle_delete(int, Pvm__HostDelete *);
void		 host_halt_all(void);
void		 host_free_all(void);
void		 host_join(int, const char *, int, const char *, int);
int		 host_new_number(void);
int		 host_issue(const char *, char **, char **, char **, char **);
int		 host_can_add(void);

/* host_start.c */
void		 host_start_init(struct event_base *, struct hostfile *);
const char	*host_start_name(int);
void		 host_start_joined(int);
int		 host_start_failed(int, const char *);
void		 host_start_free_all(void);
void		 host_start_handle(struct task *, struct pvm_frame *,
		     Pvm__HostRequest *);
void		 host_start_file(void);
void		 host_start_manual_addr(int, const char *, int);
int		 host_start_is_manual(int);

/* link.c */
void		 link_set_ctx(struct tls_ctx *);
int		 link_listen(const char *, int *, char **);
const char	*link_addr(void);
void		 link_init(struct event_base *);
int		 link_exists(int);
void		 link_connect(int, const char *, int);
int		 link_is_up(int);
int		 link_send(int, const struct pvm_frame *, const void *, size_t);
int		 link_send_ctl(int, int, uint32_t, int, int,
		     const ProtobufCMessage *);
void		 link_close(int);
void		 link_close_all(void);
void		 link_table_changed(void);

/* route.c */
void		 route_init(struct event_base *);
int		 route_is_remote(int);
void		 route_data(const struct pvm_frame *, const void *, size_t);
int		 route_task_request(struct task *, struct pvm_frame *,
		     ProtobufCMessage *);
void		 route_link_request(int, struct pvm_frame *,
		     ProtobufCMessage *);
int		 route_link_reply(int, struct pvm_frame *, ProtobufCMessage *);
int		 route_link_progress(int, struct pvm_frame *);
void		 route_host_gone(int);
void		 route_reset(int);
void		 route_watch(int, int);
void		 route_handle_watch(int, Pvm__TaskWatch *);
void		 route_task_exited(int);
void		 route_free_all(void);

/* Mailbox limits (mbox_store.c): PvmOutOfRes beyond them. */
#define MBOX_ENTRIES_MAX	65536
#define MBOX_BYTES_MAX		(256U << 20)
#define MBOX_WAITERS_MAX	65536

/* One mailbox entry: <name, index>, its owner and the packed message. */
struct mbox_entry {
	char			*name;		/* the class's, shared */
	int			 index;
	int			 owner;		/* 0 once a persistent one's
						   owner exited */
	int			 flags;		/* Persistent, MultiInstance,
						   OverWritable */
	uint32_t		 enc;		/* frame flags of data */
	uint8_t			*data;
	size_t			 len;
	struct mbox_class	*class;		/* NULL once detached */
	TAILQ_ENTRY(mbox_entry)	 entry;
};

/* A pvm_recvinfo with PvmMboxWaitForInfo, parked until a put matches. */
struct mbox_waiter {
	char			*name;
	int			 index;
	int			 flags;
	int			 tid;
	uint32_t		 reqid;
	TAILQ_ENTRY(mbox_waiter) entry;
};

/* mbox_store.c */
struct mbox_store *mbox_store_new(size_t, size_t, size_t);
void		 mbox_store_free(struct mbox_store *);
int		 mbox_store_put(struct mbox_store *, const char *, int, int,
		     uint32_t, const void *, size_t, struct mbox_entry **);
int		 mbox_store_insert(struct mbox_store *, const char *, int,
		     int, uint32_t, const void *, size_t);
int		 mbox_store_get(struct mbox_store *, const char *, int, int,
		     int, struct mbox_entry **);
int		 mbox_store_del(struct mbox_store *, const char *, int, int);
void		 mbox_store_entry_free(struct mbox_entry *);
int		 mbox_store_may_change(const struct mbox_entry *, int);
void		 mbox_store_remove(struct mbox_store *, struct mbox_entry *);
int		 mbox_store_owns(struct mbox_store *, int);
size_t		 mbox_store_count(struct mbox_store *);
struct mbox_entry *mbox_store_first(struct mbox_store *);
struct mbox_entry *mbox_store_next(struct mbox_entry *);
int		 mbox_store_match(const char *, const char *);
void		 mbox_store_owner_exit(struct mbox_store *, int);
void		 mbox_store_host_gone(struct mbox_store *, int);
void		 mbox_store_clear(struct mbox_store *);
int		 mbox_store_wait(struct mbox_store *, const char *, int, int,
		     int, uint32_t);
struct mbox_waiter *mbox_store_wakeup(struct mbox_store *,
		     const struct mbox_entry *);
struct mbox_waiter *mbox_store_unwait(struct mbox_store *, int, int);
void		 mbox_store_waiter_free(struct mbox_waiter *);

/* mbox.c */
void		 mbox_handle(struct task *, struct pvm_frame *,
		     Pvm__MboxRequest *);
void		 mbox_task_exit(int);
void		 mbox_host_gone(int);
void		 mbox_free_all(void);

/* Group limit (group_store.c): PvmOutOfRes beyond it. */
#define GROUP_MEMBERS_MAX	65536

/* A BARRIER or FREEZE parked in the group table, then its answer. */
struct group_waiter {
	int			  tid;
	uint32_t		  reqid;
	int			  op;		/* PVM_GROUP_BARRIER, _FREEZE */
	int			  code;		/* once released */
	TAILQ_ENTRY(group_waiter) entry;
};
TAILQ_HEAD(group_wlist, group_waiter);
struct group_store;

/* group_store.c */
struct group_store *group_store_new(size_t);
void		 group_store_free(struct group_store *);
int		 group_store_name_ok(const char *);
int		 group_store_join(struct group_store *, const char *, int);
int		 group_store_leave(struct group_store *, const char *, int,
		     struct group_wlist *);
int		 group_store_getinst(struct group_store *, const char *, int);
int		 group_store_gettid(struct group_store *, const char *, int);
int		 group_store_size(struct group_store *, const char *);
int		 group_store_tids(struct group_store *, const char *, int **,
		     size_t *);
int		 group_store_sync(struct group_store *, const char *, int, int,
		     int, uint32_t, struct group_wlist *);
void		 group_store_task_exit(struct group_store *, int,
		     struct group_wlist *);
void		 group_store_host_gone(struct group_store *, int,
		     struct group_wlist *);
int		 group_store_has(struct group_store *, int);
int		 group_store_flags(struct group_store *, const char *);
int		 group_store_members(struct group_store *, const char *,
		     int **, int **, size_t *);
char		**group_store_names(struct group_store *, int, size_t *);

/* group.c */
void		 group_init(struct event_base *);
void		 group_handle(struct task *, struct pvm_frame *,
		     Pvm__GroupRequest *);
void		 group_task_exit(int);
void		 group_host_gone(int);
void		 group_free_all(void);
int		 group_is_member(const char *, int);

/* group_tree.c */
void		 group_tree_barrier(struct task *, struct pvm_frame *,
		     Pvm__GroupRequest *);
int		 group_tree_census(Pvm__GroupCensus *);
int		 group_tree_handle_up(int, Pvm__GroupUp *);
int		 group_tree_handle_release(int, Pvm__GroupRelease *);
void		 group_tree_task_exit(int);
void		 group_tree_member_exit(const char *);
void		 group_tree_host_gone(int);
uint32_t	 group_tree_round(const char *);
uint32_t	 group_tree_epoch(const char *);
void		 group_tree_free_all(void);

/* notify.c */
void		 notify_handle(struct task *, struct pvm_frame *,
		     Pvm__NotifyRequest *);
void		 notify_task_exit(int);
void		 notify_host_delete(void);
void		 notify_host_gone(int);
void		 notify_host_add(const int *, size_t);
int		 notify_fire_task_exit(int);
void		 notify_free_all(void);

#endif /* PVMD_H */
