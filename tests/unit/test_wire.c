/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/* Frame header encoding and control message decoding (common/wire.c). */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "wire.h"

static void
test_wire_roundtrip(void)
{
	struct pvm_frame	 f, g;
	uint8_t			 hdr[PVM_FRAME_HDRLEN];
	const char		*cause = NULL;

	memset(&f, 0, sizeof f);
	f.type = PVM_MSG_DATA;
	f.flags = PVM_FRAME_ENC_RAW | PVM_FRAME_LE64;
	f.reqid = 0xdeadbeef;
	f.src = 0x40001;
	f.dst = -5;
	f.tag = 77;
	f.ctx = 3;
	f.len = 1234;
	wire_hdr_encode(&f, hdr);
	/* Network order: magic first, then the version and type 200. */
	CU_ASSERT_EQUAL(hdr[0], 'P');
	CU_ASSERT_EQUAL(hdr[3], '3');
	CU_ASSERT_EQUAL(hdr[4], PVM_PROTOCOL_VERSION >> 8);
	CU_ASSERT_EQUAL(hdr[5], PVM_PROTOCOL_VERSION & 0xff);
	CU_ASSERT_EQUAL(hdr[7], 200);
	CU_ASSERT_EQUAL(wire_hdr_decode(hdr, &g, PVM_MAX_FRAME, &cause), 0);
	CU_ASSERT_EQUAL(g.type, f.type);
	CU_ASSERT_EQUAL(g.flags, f.flags);
	CU_ASSERT_EQUAL(g.reqid, f.reqid);
	CU_ASSERT_EQUAL(g.src, f.src);
	CU_ASSERT_EQUAL(g.dst, f.dst);
	CU_ASSERT_EQUAL(g.tag, f.tag);
	CU_ASSERT_EQUAL(g.ctx, f.ctx);
	CU_ASSERT_EQUAL(g.len, f.len);
}

/* Each corruption of a good header and the reason it is refused. */
static const struct {
	int		 byte;
	uint8_t		 value;
	uint32_t	 maxlen;
	const char	*cause;
} wire_bad[] = {
	{ 0, 'X', PVM_MAX_FRAME, "bad magic" },
	{ 5, 9, PVM_MAX_FRAME, "protocol version mismatch" },
	{ 7, 199, PVM_MAX_FRAME, "unknown message type" },
	{ 32, 0x7f, PVM_MAX_FRAME, "frame too long" },
	{ 33, 0x01, 16, "frame too long" },
};

static void
test_wire_bad(void)
{
	struct pvm_frame	 f, g;
	uint8_t			 good[PVM_FRAME_HDRLEN], hdr[PVM_FRAME_HDRLEN];
	const char		*cause;
	size_t			 i;

	memset(&f, 0, sizeof f);
	f.type = PVM_MSG_DATA;
	wire_hdr_encode(&f, good);
	for (i = 0; i < sizeof wire_bad / sizeof wire_bad[0]; i++) {
		memcpy(hdr, good, sizeof hdr);
		hdr[wire_bad[i].byte] = wire_bad[i].value;
		cause = NULL;
		CU_ASSERT_EQUAL(wire_hdr_decode(hdr, &g, wire_bad[i].maxlen,
		    &cause), -1);
		CU_ASSERT_PTR_NOT_NULL_FATAL(cause);
		CU_ASSERT_STRING_EQUAL(cause, wire_bad[i].cause);
	}
}

static void
test_wire_control_len(void)
{
	struct pvm_frame	 f, g;
	uint8_t			 hdr[PVM_FRAME_HDRLEN];
	const char		*cause;

	/* Data may be large; a control frame may not. */
	memset(&f, 0, sizeof f);
	f.type = PVM_MSG_SPAWN;
	f.len = PVM_MAX_CTL_FRAME + 1;
	wire_hdr_encode(&f, hdr);
	CU_ASSERT_EQUAL(wire_hdr_decode(hdr, &g, PVM_MAX_FRAME, &cause), -1);
	f.type = PVM_MSG_DATA;
	wire_hdr_encode(&f, hdr);
	CU_ASSERT_EQUAL(wire_hdr_decode(hdr, &g, PVM_MAX_FRAME, &cause), 0);
}

static void
test_wire_ctl(void)
{
	Pvm__SpawnRequest	 req = PVM__SPAWN_REQUEST__INIT;
	Pvm__SpawnRequest	*out;
	char			*argv[] = { "a", "bb" };
	uint8_t			*buf;
	size_t			 len;
	const char		*cause;

	req.file = "worker";
	req.n_argv = 2;
	req.argv = argv;
	req.count = 3;
	len = wire_ctl_size(&req.base);
	buf = malloc(len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
	CU_ASSERT_EQUAL(wire_ctl_pack(&req.base, buf), len);
	out = (Pvm__SpawnRequest *)wire_ctl_unpack(PVM_MSG_SPAWN, buf, len,
	    &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_STRING_EQUAL(out->file, "worker");
	CU_ASSERT_EQUAL(out->n_argv, 2);
	CU_ASSERT_STRING_EQUAL(out->argv[1], "bb");
	CU_ASSERT_EQUAL(out->count, 3);
	wire_ctl_free(&out->base);

	/* Truncated bytes, garbage, and a type without a body. */
	CU_ASSERT_PTR_NULL(wire_ctl_unpack(PVM_MSG_SPAWN, buf, len - 1,
	    &cause));
	memset(buf, 0xff, len);
	CU_ASSERT_PTR_NULL(wire_ctl_unpack(PVM_MSG_SPAWN, buf, len, &cause));
	CU_ASSERT_PTR_NULL(wire_ctl_unpack(PVM_MSG_DATA, buf, len, &cause));
	CU_ASSERT_PTR_NULL(wire_ctl_unpack(PVM_MSG_HALT, buf, len, &cause));
	free(buf);
}

static void
test_wire_names(void)
{
	CU_ASSERT_STRING_EQUAL(pvm_msgtype_str(PVM_MSG_HELLO), "HELLO");
	CU_ASSERT_STRING_EQUAL(pvm_msgtype_str(PVM_MSG_DATA), "DATA");
	CU_ASSERT_STRING_EQUAL(pvm_msgtype_str(9999), "UNKNOWN");
	CU_ASSERT_TRUE(wire_is_control(PVM_MSG_SPAWN));
	CU_ASSERT_FALSE(wire_is_control(PVM_MSG_DATA));
	CU_ASSERT_FALSE(wire_is_control(12345));
}

/* Register the wire suite. */
void
test_wire_register(void)
{
	CU_pSuite	s;

	s = CU_add_suite("wire", NULL, NULL);
	CU_add_test(s, "header round trip", test_wire_roundtrip);
	CU_add_test(s, "bad headers refused", test_wire_bad);
	CU_add_test(s, "control length bound", test_wire_control_len);
	CU_add_test(s, "control messages", test_wire_ctl);
	CU_add_test(s, "type names", test_wire_names);
}
