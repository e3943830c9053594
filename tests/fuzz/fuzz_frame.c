/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Frames from a peer: the 36-byte header decoder, then every control
 * message decoder on the body, whatever type the header claims (a
 * hostile peer chooses both).
 */

#include <stdlib.h>

#include "wire.h"
#include "fuzz.h"

/* Message types are below this (blocks of 100). */
#define FUZZ_FRAME_MAXTYPE	1000

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct pvm_frame	 f;
	ProtobufCMessage	*m;
	const uint8_t		*body;
	const char		*cause;
	size_t			 blen;
	int			 type;

	if (len < PVM_FRAME_HDRLEN)
		return (0);
	if (wire_hdr_decode(data, &f, PVM_MAX_FRAME, &cause) == 0 &&
	    f.len > PVM_MAX_FRAME)
		abort();
	body = data + PVM_FRAME_HDRLEN;
	blen = len - PVM_FRAME_HDRLEN;
	for (type = 0; type < FUZZ_FRAME_MAXTYPE; type++) {
		if (wire_descriptor(type) == NULL)
			continue;
		if ((m = wire_ctl_unpack(type, body, blen, &cause)) != NULL)
			wire_ctl_free(m);
	}
	return (0);
}
