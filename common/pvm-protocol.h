/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

#ifndef PVM_PROTOCOL_H
#define PVM_PROTOCOL_H

#include <stdint.h>

/*
 * The frame: every unit on a task, console or daemon link is a fixed
 * 36-byte header in network byte order followed by len bytes of body.
 *
 *	magic	u32	PVM_FRAME_MAGIC
 *	version	u16	PVM_PROTOCOL_VERSION
 *	type	u16	enum pvm_msgtype
 *	flags	u32	PVM_FRAME_* bits; for data, the encoding
 *	reqid	u32	request id, echoed in the reply; 0 if none
 *	src	i32	source TID
 *	dst	i32	destination TID
 *	tag	i32	message tag (data), 0 otherwise
 *	ctx	i32	message context (data), 0 otherwise
 *	len	u32	body length in bytes
 *
 * Control bodies are protobuf-c messages (proto/pvm.proto); data bodies
 * are the packed PVM buffer, never re-encoded.
 */
#define PVM_FRAME_MAGIC		0x50564d33U	/* "PVM3" */
/* 2: migration images over a task data port (MIG_PREPARE/DOOR). */
#define PVM_PROTOCOL_VERSION	2
#define PVM_FRAME_HDRLEN	36

/* Largest body accepted on any link, and on control messages. */
#define PVM_MAX_FRAME		(1U << 30)
#define PVM_MAX_CTL_FRAME	(1U << 20)
/* Largest body accepted before a task has said hello. */
#define PVM_MAX_HELLO_FRAME	4096

/* Data frame flags: the low byte is the encoding of the body. */
#define PVM_FRAME_ENC_MASK	0x000000ffU
#define PVM_FRAME_ENC_XDR	0x00		/* PvmDataDefault */
#define PVM_FRAME_ENC_RAW	0x01		/* PvmDataRaw, PvmDataInPlace */
/*
 * The data format of a PVM_FRAME_ENC_RAW body, that of the host that
 * packed it: LE64 for little-endian with 64-bit longs (x86-64), else
 * BE for big-endian and LONG32 for 32-bit longs; a raw body with none of
 * the three comes from an unknown format and cannot be unpacked.
 * DEFAULT: the sender asked for PvmDataDefault and packed it in its own
 * format (the machine had one data format then): a receiver of the same
 * format unpacks it without conversion, any other converts it.
 */
#define PVM_FRAME_LE64		0x00000100U
#define PVM_FRAME_BE		0x00000200U
#define PVM_FRAME_LONG32	0x00000400U
#define PVM_FRAME_DEFAULT	0x00000800U
#define PVM_FRAME_FORMAT_MASK	(PVM_FRAME_ENC_MASK | PVM_FRAME_LE64 | \
	PVM_FRAME_BE | PVM_FRAME_LONG32 | PVM_FRAME_DEFAULT)

/*
 * Message types, in blocks of 100 per subsystem.  Bump the version if
 * these change; retired numbers stay here as unused.
 */
enum pvm_msgtype {
	/* 100: session */
	PVM_MSG_VERSION = 100,		/* version mismatch notice, no body */
	PVM_MSG_HELLO = 101,		/* task -> pvmd: Hello */
	PVM_MSG_HELLO_ACK = 102,	/* pvmd -> task: HelloAck */
	PVM_MSG_BYE = 103,		/* task -> pvmd: pvm_exit, reply Status
					   unless reqid is 0 */
	PVM_MSG_STATUS = 104,		/* reply: Status */

	/* 200: data */
	PVM_MSG_DATA = 200,		/* packed PVM message */

	/* 300: tasks */
	PVM_MSG_SPAWN = 300,		/* SpawnRequest */
	PVM_MSG_SPAWN_REPLY = 301,	/* SpawnReply */
	PVM_MSG_KILL = 302,		/* TaskRequest, reply Status */
	PVM_MSG_SIGNAL = 303,		/* TaskRequest, reply Status */
	PVM_MSG_TASKS = 304,		/* TasksRequest */
	PVM_MSG_TASKS_REPLY = 305,	/* TasksReply */
	PVM_MSG_PSTAT = 306,		/* TaskRequest, reply Status */
	PVM_MSG_NOTIFY = 307,		/* NotifyRequest, reply Status */
	PVM_MSG_CONTEXT = 308,		/* ContextRequest, reply Status */
	PVM_MSG_SIBLINGS = 309,		/* Siblings, pvmd -> pvmd, no reply */

	/* 400: hosts and the machine */
	PVM_MSG_CONFIG = 400,		/* no body */
	PVM_MSG_CONFIG_REPLY = 401,	/* ConfigReply */
	PVM_MSG_MSTAT = 402,		/* HostRequest, reply Status */
	PVM_MSG_HALT = 403,		/* no body, reply Status */
	PVM_MSG_RESET = 404,		/* no body, reply Status */
	PVM_MSG_ADDHOSTS = 405,		/* HostRequest, reply AddHostsReply */
	PVM_MSG_DELHOSTS = 406,		/* HostRequest, reply AddHostsReply */
	PVM_MSG_HOSTSYNC = 407,		/* HostSyncRequest */
	PVM_MSG_HOSTSYNC_REPLY = 408,	/* HostSyncReply */
	PVM_MSG_ADDHOSTS_REPLY = 409,	/* AddHostsReply (ADDHOSTS, DELHOSTS) */
	PVM_MSG_ADDHOSTS_PROGRESS = 410, /* AddHostsProgress, before the reply */

	/* 500: links between daemons */
	PVM_MSG_LINK_HELLO = 500,	/* LinkHello, first frame both ways */
	PVM_MSG_HOST_TABLE = 501,	/* HostTable, master -> every host */
	PVM_MSG_HOST_DELETE = 502,	/* HostDelete */
	PVM_MSG_PING = 503,		/* no body, link heartbeat */
	PVM_MSG_PONG = 504,		/* no body, answer to PING */
	PVM_MSG_SLAVE_CONFIG = 505,	/* SlaveConfig, on a slave's stdin */
	PVM_MSG_WATCH = 506,		/* TaskWatch: tell me when tid exits */
	PVM_MSG_TASK_EXITED = 507,	/* TaskWatch: tid has exited */

	/* 600: mailbox and groups */
	PVM_MSG_MBOX = 600,		/* MboxRequest, to the master */
	PVM_MSG_MBOX_REPLY = 601,	/* MboxReply */
	PVM_MSG_GROUP = 602,		/* GroupRequest, to the master */
	PVM_MSG_GROUP_REPLY = 603,	/* GroupReply */
	/* groups: the barrier tree between pvmds (pvmd/group_tree.c) */
	PVM_MSG_GROUP_CENSUS = 604,	/* GroupCensus, master -> pvmds */
	PVM_MSG_GROUP_UP = 605,		/* GroupUp, pvmd -> parent */
	PVM_MSG_GROUP_RELEASE = 606,	/* GroupRelease, pvmd -> children */

	/* 900: direct task-to-task routes (lpvm_chan.c, pvmd/chan.c) */
	PVM_MSG_CHAN_OPEN = 900,	/* ChanRequest, reply CHAN_REPLY */
	PVM_MSG_CHAN_REPLY = 901,	/* ChanInfo, fds attached */
	PVM_MSG_CHAN_NOTICE = 902,	/* ChanInfo, pvmd -> receiver, fds */
	PVM_MSG_CHAN_CLOSE = 903,	/* ChanInfo, pvmd -> task: peer gone */

	/*
	 * 700: checkpoint, restart and migration (pvmd/migrate.c).  Only
	 * CKPT and RESTART have a protobuf body; the others are a bare
	 * header (the task writes them from a signal handler), CKPT_DATA
	 * carries raw image bytes (common/ckpt-image.h).
	 */
	PVM_MSG_CKPT = 700,		/* CheckpointRequest, reply Status */
	PVM_MSG_RESTART = 701,		/* CheckpointRequest, reply Status */
	PVM_MSG_CKPT_ORDER = 702,	/* pvmd -> task: checkpoint now */
	PVM_MSG_CKPT_BEGIN = 703,	/* task -> pvmd, new link: src tid */
	PVM_MSG_CKPT_DATA = 704,	/* task -> pvmd: image bytes */
	PVM_MSG_CKPT_END = 705,		/* task -> pvmd: tag 0 or error */
	PVM_MSG_CKPT_DONE = 706,	/* pvmd -> task: tag CKPT_DONE_* */
	PVM_MSG_CKPT_RESTORED = 707,	/* restart helper -> pvmd: src tid */
	/*
	 * Migration between hosts: the home pvmd (the TID's host) runs
	 * it and holds every frame for the task meanwhile; the source
	 * asks the target for a door (PREPARE, DOOR) and the task sends
	 * its image there itself, over TCP (PVM_CKPT_HELLO_*).
	 * MigrateStep bodies.
	 */
	PVM_MSG_MIGRATE = 708,		/* CheckpointRequest, reply Status */
	PVM_MSG_MIG_FREEZE = 709,	/* home -> source: send it to host */
	PVM_MSG_MIG_RESTORED = 710,	/* target -> source: code */
	PVM_MSG_MIG_MOVED = 711,	/* source -> home: now on host, code */
	PVM_MSG_MIG_COMMIT = 712,	/* home -> target: run it */
	PVM_MSG_MIG_ABORT = 713,	/* source -> target: give up */
	PVM_MSG_MIG_EXITED = 714,	/* where it ran -> home: it exited */
	PVM_MSG_MIG_PREPARE = 715,	/* source -> target: an image comes */
	PVM_MSG_MIG_DOOR = 716,		/* target -> source: where, or code */
	PVM_MSG_CKPT_DEST = 717		/* pvmd -> task: where the image goes */
};

/* What a checkpointed task does next (CKPT_DONE tag). */
#define PVM_CKPT_CONTINUE	1	/* the new link is the daemon link */
#define PVM_CKPT_EXIT		2	/* it moved: the old process exits */
/*
 * CKPT_DEST, the answer to CKPT_BEGIN (a bare header: the task reads it
 * in a signal handler).  Tag PVM_CKPT_DEST_HERE: the image follows on
 * the image link as CKPT_DATA frames; PVM_CKPT_DEST_TCP: it goes to
 * another host over TCP, and the body (PVM_CKPT_DEST_LEN bytes) is the
 * IPv4 address (4 bytes, network order), the port (u32, network order)
 * and the PVM_CHAN_TOKEN_LEN-byte key; a negative tag: no image, the
 * checkpoint fails with that PVM error code.  A CKPT_DEST with a
 * negative tag may come again while the image goes over TCP: stop.
 */
#define PVM_CKPT_DEST_HERE	0
#define PVM_CKPT_DEST_TCP	1
#define PVM_CKPT_DEST_LEN	(8 + PVM_CHAN_TOKEN_LEN)
/*
 * Over that TCP connection the task writes PVM_CHAN_HELLO_LEN bytes as
 * for a direct route, with PVM_CKPT_HELLO_MAGIC, the key and its TID
 * twice, then the image itself (common/ckpt-image.h), nothing else;
 * nothing comes back.  CKPT_END then carries the number of bytes sent
 * (u64, host order) as its body.
 */
#define PVM_CKPT_HELLO_MAGIC	0x50564d49U	/* "PVMI" */

/* The signal that makes a task checkpoint itself: SIGRTMAX - 1. */
#define PVM_CKPT_SIGNAL		63

/*
 * Mailbox operations (MboxRequest.op), answered by the master pvmd.  The
 * data of one entry is at most PVM_MBOX_DATA_MAX bytes so that a request
 * or a reply carrying it stays a control frame.
 */
#define PVM_MBOX_PUT		1	/* pvm_putinfo */
#define PVM_MBOX_GET		2	/* pvm_recvinfo, pvm_lookup */
#define PVM_MBOX_DEL		3	/* pvm_delinfo, pvm_delete */
#define PVM_MBOX_LIST		4	/* pvm_getmboxinfo */
#define PVM_MBOX_INSERT		5	/* pvm_insert */
#define PVM_MBOX_NAME_MAX	1024
#define PVM_MBOX_DATA_MAX	(PVM_MAX_CTL_FRAME - 8192)

/*
 * Group operations (GroupRequest.op), answered by the master pvmd, which
 * holds the table of dynamic groups.  A group name is 1 to
 * PVM_GROUP_NAME_MAX bytes; a group has at most PVM_GROUP_SIZE_MAX
 * members so that its TID list fits one reply.
 */
#define PVM_GROUP_JOIN		1	/* pvm_joingroup: code = inst */
#define PVM_GROUP_LEAVE		2	/* pvm_lvgroup */
#define PVM_GROUP_GETINST	3	/* pvm_getinst(group, tid) */
#define PVM_GROUP_GETTID	4	/* pvm_gettid(group, inst) */
#define PVM_GROUP_SIZE		5	/* pvm_gsize */
#define PVM_GROUP_FREEZE	6	/* pvm_freezegroup(group, count) */
#define PVM_GROUP_BARRIER	7	/* pvm_barrier(group, count) */
#define PVM_GROUP_TIDS		8	/* members in instance order */
#define PVM_GROUP_MEMBERS	9	/* TIDS with instances; code: flags */
#define PVM_GROUP_FROZEN	1	/* MEMBERS flags: frozen (static) */
#define PVM_GROUP_DEFUNCT	2	/* MEMBERS flags: frozen, lost one */
#define PVM_GROUP_NAME_MAX	1024
#define PVM_GROUP_SIZE_MAX	65536

/*
 * TIDs keep PVM 3's layout: bit 31 marks a daemon, bit 30 a multicast
 * address, bits 18-29 the host, bits 0-17 the local part.
 */
#define PVM_TID_DAEMON		0x80000000U
#define PVM_TID_MCAST		0x40000000U
#define PVM_TID_HOST_MASK	0x3ffc0000U
#define PVM_TID_HOST_SHIFT	18
#define PVM_TID_LOCAL_MASK	0x0003ffffU
#define PVM_TID_MAX_HOST	4095

/*
 * Output of spawned tasks travels as data messages from the pvmd to the
 * task's PvmOutputTid with its PvmOutputCode tag, packed in XDR:
 *	int tid, int count, then count bytes if count > 0.
 * count > 0: a piece of output ending at a newline (or a full chunk);
 * count == PVM_OUT_BEGIN: the task started (followed by int ptid);
 * count == PVM_OUT_END: the task's output is closed.
 * Notify messages (pvm_notify) are XDR ints as the man page says.
 */
#define PVM_OUT_BEGIN		(-1)
#define PVM_OUT_END		0

/*
 * Direct routes.  A frame that carries descriptors (SCM_RIGHTS, sent
 * with the frame's first byte) says how many in the low bits of flags.
 * A shared-memory ring is a memfd of PVM_RING_HDRLEN + a power-of-two
 * data size, between PVM_RING_MIN and PVM_RING_MAX (env PVM_RING_SIZE of
 * the daemon).  Descriptors of a CHAN_REPLY / CHAN_NOTICE, in order: the
 * ring, the peer's doorbell (eventfd), then the task's own doorbell if
 * ChanInfo.own_bell says so.
 */
#define PVM_FRAME_NFDS_MASK	0x0000000fU
#define PVM_CHAN_MAXFDS		3
#define PVM_RING_HDRLEN		512
#define PVM_RING_MIN		(64U * 1024)
#define PVM_RING_MAX		(64U * 1024 * 1024)
#define PVM_RING_DEFAULT	(1024U * 1024)
/*
 * Across hosts the sender connects to the receiver's pvmd (ChanInfo
 * addr, port) and writes PVM_CHAN_HELLO_LEN bytes: PVM_CHAN_MAGIC, the
 * PVM_CHAN_TOKEN_LEN-byte token, its own TID and the receiver's (u32,
 * network order).  The pvmd answers one byte, PVM_CHAN_ACK, once it has
 * handed the socket to the receiver; then DATA frames follow.
 */
#define PVM_CHAN_MAGIC		0x5056444cU	/* "PVDL" */
#define PVM_CHAN_TOKEN_LEN	16
#define PVM_CHAN_HELLO_LEN	(4 + PVM_CHAN_TOKEN_LEN + 8)
#define PVM_CHAN_ACK		'A'

/* Environment of a spawned task: the inherited daemon link. */
#define PVM_ENV_TASKFD		"PVMTASKFD"
/* A spawned task's daemon socket, for a checkpoint to reconnect. */
#define PVM_ENV_SOCK		"PVMSOCK"

#endif /* PVM_PROTOCOL_H */
