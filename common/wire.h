/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

#ifndef WIRE_H
#define WIRE_H

#include <stddef.h>
#include <stdint.h>

#include <protobuf-c/protobuf-c.h>

#include "pvm-protocol.h"
#include "pvm.pb-c.h"

/* A decoded frame header; body points into the caller's buffer. */
struct pvm_frame {
	uint16_t	 version;
	uint16_t	 type;
	uint32_t	 flags;
	uint32_t	 reqid;
	int32_t		 src;
	int32_t		 dst;
	int32_t		 tag;
	int32_t		 ctx;
	uint32_t	 len;
	void		*body;
	void		*chain;		/* pvmd: body still in this evbuffer */
};

/* wire.c */
void		 wire_hdr_encode(const struct pvm_frame *,
		     uint8_t [PVM_FRAME_HDRLEN]);
int		 wire_hdr_decode(const uint8_t [PVM_FRAME_HDRLEN],
		     struct pvm_frame *, uint32_t, const char **);
const ProtobufCMessageDescriptor *wire_descriptor(int);
int		 wire_is_control(int);
size_t		 wire_ctl_size(const ProtobufCMessage *);
size_t		 wire_ctl_pack(const ProtobufCMessage *, uint8_t *);
ProtobufCMessage *wire_ctl_unpack(int, const void *, size_t,
		     const char **);
void		 wire_ctl_free(ProtobufCMessage *);
const char	*pvm_msgtype_str(int);

#endif /* WIRE_H */
