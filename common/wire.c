/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Frames: the fixed header and the protobuf-c control bodies.  This is
 * the only place that packs or unpacks a control message, so the table
 * below is the whole type-to-message contract.
 */

#include <sys/types.h>

#include <arpa/inet.h>
#include <string.h>

#include "wire.h"

struct wire_type {
	int				 type;
	const char			*name;
	const ProtobufCMessageDescriptor *desc;	/* NULL: empty or data */
};

static const struct wire_type wire_types[] = {
	{ PVM_MSG_VERSION, "VERSION", NULL },
	{ PVM_MSG_HELLO, "HELLO", &pvm__hello__descriptor },
	{ PVM_MSG_HELLO_ACK, "HELLO_ACK", &pvm__hello_ack__descriptor },
	{ PVM_MSG_BYE, "BYE", NULL },
	{ PVM_MSG_STATUS, "STATUS", &pvm__status__descriptor },
	{ PVM_MSG_DATA, "DATA", NULL },
	{ PVM_MSG_SPAWN, "SPAWN", &pvm__spawn_request__descriptor },
	{ PVM_MSG_SPAWN_REPLY, "SPAWN_REPLY", &pvm__spawn_reply__descriptor },
	{ PVM_MSG_KILL, "KILL", &pvm__task_request__descriptor },
	{ PVM_MSG_SIGNAL, "SIGNAL", &pvm__task_request__descriptor },
	{ PVM_MSG_TASKS, "TASKS", &pvm__tasks_request__descriptor },
	{ PVM_MSG_TASKS_REPLY, "TASKS_REPLY", &pvm__tasks_reply__descriptor },
	{ PVM_MSG_PSTAT, "PSTAT", &pvm__task_request__descriptor },
	{ PVM_MSG_NOTIFY, "NOTIFY", &pvm__notify_request__descriptor },
	{ PVM_MSG_CONTEXT, "CONTEXT", &pvm__context_request__descriptor },
	{ PVM_MSG_SIBLINGS, "SIBLINGS", &pvm__siblings__descriptor },
	{ PVM_MSG_CONFIG, "CONFIG", NULL },
	{ PVM_MSG_CONFIG_REPLY, "CONFIG_REPLY", &pvm__config_reply__descriptor },
	{ PVM_MSG_MSTAT, "MSTAT", &pvm__host_request__descriptor },
	{ PVM_MSG_HALT, "HALT", NULL },
	{ PVM_MSG_RESET, "RESET", NULL },
	{ PVM_MSG_ADDHOSTS, "ADDHOSTS", &pvm__host_request__descriptor },
	{ PVM_MSG_DELHOSTS, "DELHOSTS", &pvm__host_request__descriptor },
	{ PVM_MSG_HOSTSYNC, "HOSTSYNC",
	    &pvm__host_sync_request__descriptor },
	{ PVM_MSG_HOSTSYNC_REPLY, "HOSTSYNC_REPLY",
	    &pvm__host_sync_reply__descriptor },
	{ PVM_MSG_ADDHOSTS_REPLY, "ADDHOSTS_REPLY",
	    &pvm__add_hosts_reply__descriptor },
	{ PVM_MSG_ADDHOSTS_PROGRESS, "ADDHOSTS_PROGRESS",
	    &pvm__add_hosts_progress__descriptor },
	{ PVM_MSG_LINK_HELLO, "LINK_HELLO", &pvm__link_hello__descriptor },
	{ PVM_MSG_HOST_TABLE, "HOST_TABLE", &pvm__host_table__descriptor },
	{ PVM_MSG_HOST_DELETE, "HOST_DELETE", &pvm__host_delete__descriptor },
	{ PVM_MSG_PING, "PING", NULL },
	{ PVM_MSG_PONG, "PONG", NULL },
	{ PVM_MSG_SLAVE_CONFIG, "SLAVE_CONFIG",
	    &pvm__slave_config__descriptor },
	{ PVM_MSG_WATCH, "WATCH", &pvm__task_watch__descriptor },
	{ PVM_MSG_TASK_EXITED, "TASK_EXITED", &pvm__task_watch__descriptor },
	{ PVM_MSG_MBOX, "MBOX", &pvm__mbox_request__descriptor },
	{ PVM_MSG_MBOX_REPLY, "MBOX_REPLY", &pvm__mbox_reply__descriptor },
	{ PVM_MSG_GROUP, "GROUP", &pvm__group_request__descriptor },
	{ PVM_MSG_GROUP_REPLY, "GROUP_REPLY", &pvm__group_reply__descriptor },
	{ PVM_MSG_GROUP_CENSUS, "GROUP_CENSUS",
	    &pvm__group_census__descriptor },
	{ PVM_MSG_GROUP_UP, "GROUP_UP", &pvm__group_up__descriptor },
	{ PVM_MSG_GROUP_RELEASE, "GROUP_RELEASE",
	    &pvm__group_release__descriptor },
	/* direct routes */
	{ PVM_MSG_CHAN_OPEN, "CHAN_OPEN", &pvm__chan_request__descriptor },
	{ PVM_MSG_CHAN_REPLY, "CHAN_REPLY", &pvm__chan_info__descriptor },
	{ PVM_MSG_CHAN_NOTICE, "CHAN_NOTICE", &pvm__chan_info__descriptor },
	{ PVM_MSG_CHAN_CLOSE, "CHAN_CLOSE", &pvm__chan_info__descriptor },
	/* checkpoint, restart and migration */
	{ PVM_MSG_CKPT, "CKPT", &pvm__checkpoint_request__descriptor },
	{ PVM_MSG_RESTART, "RESTART", &pvm__checkpoint_request__descriptor },
	{ PVM_MSG_CKPT_ORDER, "CKPT_ORDER", NULL },
	{ PVM_MSG_CKPT_BEGIN, "CKPT_BEGIN", NULL },
	{ PVM_MSG_CKPT_DATA, "CKPT_DATA", NULL },
	{ PVM_MSG_CKPT_END, "CKPT_END", NULL },
	{ PVM_MSG_CKPT_DONE, "CKPT_DONE", NULL },
	{ PVM_MSG_CKPT_RESTORED, "CKPT_RESTORED", NULL },
	{ PVM_MSG_MIGRATE, "MIGRATE", &pvm__checkpoint_request__descriptor },
	{ PVM_MSG_MIG_FREEZE, "MIG_FREEZE", &pvm__migrate_step__descriptor },
	{ PVM_MSG_MIG_RESTORED, "MIG_RESTORED",
	    &pvm__migrate_step__descriptor },
	{ PVM_MSG_MIG_MOVED, "MIG_MOVED", &pvm__migrate_step__descriptor },
	{ PVM_MSG_MIG_COMMIT, "MIG_COMMIT", &pvm__migrate_step__descriptor },
	{ PVM_MSG_MIG_ABORT, "MIG_ABORT", &pvm__migrate_step__descriptor },
	{ PVM_MSG_MIG_EXITED, "MIG_EXITED", &pvm__migrate_step__descriptor },
	{ PVM_MSG_MIG_PREPARE, "MIG_PREPARE",
	    &pvm__migrate_step__descriptor },
	{ PVM_MSG_MIG_DOOR, "MIG_DOOR", &pvm__migrate_step__descriptor },
	{ PVM_MSG_CKPT_DEST, "CKPT_DEST", NULL },
};

static const struct wire_type *
wire_lookup(int type)
{
	size_t	i;

	for (i = 0; i < sizeof wire_types / sizeof wire_types[0]; i++) {
		if (wire_types[i].type == type)
			return (&wire_types[i]);
	}
	return (NULL);
}

static void
wire_put32(uint8_t *p, uint32_t v)
{
	v = htonl(v);
	memcpy(p, &v, 4);
}

static uint32_t
wire_get32(const uint8_t *p)
{
	uint32_t	v;

	memcpy(&v, p, 4);
	return (ntohl(v));
}

/* Write the header of f in network order into out. */
void
wire_hdr_encode(const struct pvm_frame *f, uint8_t out[PVM_FRAME_HDRLEN])
{
	wire_put32(out, PVM_FRAME_MAGIC);
	wire_put32(out + 4, ((uint32_t)PVM_PROTOCOL_VERSION << 16) | f->type);
	wire_put32(out + 8, f->flags);
	wire_put32(out + 12, f->reqid);
	wire_put32(out + 16, (uint32_t)f->src);
	wire_put32(out + 20, (uint32_t)f->dst);
	wire_put32(out + 24, (uint32_t)f->tag);
	wire_put32(out + 28, (uint32_t)f->ctx);
	wire_put32(out + 32, f->len);
}

/*
 * Decode a header into f, refusing a body longer than maxlen.  Returns 0,
 * or -1 with *cause set to a static reason (bad magic, version, unknown
 * type, oversized body); f is then unspecified and the link must close.
 * On a version mismatch f->version is still filled in.
 */
int
wire_hdr_decode(const uint8_t in[PVM_FRAME_HDRLEN], struct pvm_frame *f,
    uint32_t maxlen, const char **cause)
{
	uint32_t	vt;

	memset(f, 0, sizeof *f);
	if (wire_get32(in) != PVM_FRAME_MAGIC) {
		*cause = "bad magic";
		return (-1);
	}
	vt = wire_get32(in + 4);
	f->version = vt >> 16;
	f->type = vt & 0xffff;
	if (f->version != PVM_PROTOCOL_VERSION) {
		*cause = "protocol version mismatch";
		return (-1);
	}
	f->flags = wire_get32(in + 8);
	f->reqid = wire_get32(in + 12);
	f->src = (int32_t)wire_get32(in + 16);
	f->dst = (int32_t)wire_get32(in + 20);
	f->tag = (int32_t)wire_get32(in + 24);
	f->ctx = (int32_t)wire_get32(in + 28);
	f->len = wire_get32(in + 32);
	if (wire_lookup(f->type) == NULL) {
		*cause = "unknown message type";
		return (-1);
	}
	if (f->len > maxlen ||
	    (f->type != PVM_MSG_DATA && f->type != PVM_MSG_CKPT_DATA &&
	    f->len > PVM_MAX_CTL_FRAME)) {
		*cause = "frame too long";
		return (-1);
	}
	return (0);
}

/* The protobuf descriptor of a frame type, NULL if its body is not one. */
const ProtobufCMessageDescriptor *
wire_descriptor(int type)
{
	const struct wire_type	*wt;

	if ((wt = wire_lookup(type)) == NULL)
		return (NULL);
	return (wt->desc);
}

/* Whether a frame type is a control message (anything but data). */
int
wire_is_control(int type)
{
	return (type != PVM_MSG_DATA && wire_lookup(type) != NULL);
}

/* Bytes needed to pack a control message. */
size_t
wire_ctl_size(const ProtobufCMessage *m)
{
	return (protobuf_c_message_get_packed_size(m));
}

/* Pack a control message into out (wire_ctl_size bytes); returns length. */
size_t
wire_ctl_pack(const ProtobufCMessage *m, uint8_t *out)
{
	return (protobuf_c_message_pack(m, out));
}

/*
 * Unpack the body of a control frame of the given type.  Returns the
 * message, to be released with wire_ctl_free, or NULL with *cause set
 * when the type has no message body or the bytes are malformed.
 */
ProtobufCMessage *
wire_ctl_unpack(int type, const void *body, size_t len, const char **cause)
{
	const ProtobufCMessageDescriptor	*desc;
	ProtobufCMessage			*m;

	if ((desc = wire_descriptor(type)) == NULL) {
		*cause = "message type carries no control body";
		return (NULL);
	}
	m = protobuf_c_message_unpack(desc, NULL, len, body);
	if (m == NULL)
		*cause = "malformed control message";
	return (m);
}

/* Release a message returned by wire_ctl_unpack. */
void
wire_ctl_free(ProtobufCMessage *m)
{
	if (m != NULL)
		protobuf_c_message_free_unpacked(m, NULL);
}

/* Name of a message type for log lines. */
const char *
pvm_msgtype_str(int type)
{
	const struct wire_type	*wt;

	if ((wt = wire_lookup(type)) == NULL)
		return ("UNKNOWN");
	return (wt->name);
}
