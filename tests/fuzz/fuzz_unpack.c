/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * A received data message: whatever bytes and encoding flags a sender
 * chose, unpacked with a sequence of pvm_upk* calls the input also
 * chooses (type, count, stride), pvm_upkmesg included.  Input: byte 0
 * picks the encoding flags, byte 1 the number n of calls, the next n
 * bytes the calls, the rest is the message body.
 */

#include <stdlib.h>
#include <string.h>

#include "lpvm.h"
#include "fuzz.h"

/* Room for the largest count * stride of one call, in elements. */
#define FUZZ_UNPACK_ROOM	64

/*
 * pvm_upkstr has no size argument: the caller's buffer must hold the
 * longest string the message can carry, so strings go into str, one
 * byte longer than the whole input.
 */
static int
fuzz_unpack_call(int op, char *str)
{
	union {
		char		c[FUZZ_UNPACK_ROOM * 2];
		short		s[FUZZ_UNPACK_ROOM];
		int		i[FUZZ_UNPACK_ROOM];
		long		l[FUZZ_UNPACK_ROOM];
		float		f[FUZZ_UNPACK_ROOM * 2];
		double		d[FUZZ_UNPACK_ROOM * 2];
	} u;
	int	cnt = 1 + ((op >> 4) & 0x7), stride = 1 + ((op >> 7) & 1);
	int	mid;

	switch (op & 0xf) {
	case 0:
		return (pvm_upkbyte(u.c, cnt, stride));
	case 1:
		return (pvm_upkshort(u.s, cnt, stride));
	case 2:
		return (pvm_upkushort((unsigned short *)u.s, cnt, stride));
	case 3:
		return (pvm_upkint(u.i, cnt, stride));
	case 4:
		return (pvm_upkuint((unsigned int *)u.i, cnt, stride));
	case 5:
		return (pvm_upklong(u.l, cnt, stride));
	case 6:
		return (pvm_upkulong((unsigned long *)u.l, cnt, stride));
	case 7:
		return (pvm_upkfloat(u.f, cnt, stride));
	case 8:
		return (pvm_upkdouble(u.d, cnt, stride));
	case 9:
		return (pvm_upkcplx(u.f, cnt, stride));
	case 10:
		return (pvm_upkdcplx(u.d, cnt, stride));
	case 11:
		return (pvm_upkstr(str));
	case 12:
		/* A message packed in the message. */
		if ((mid = pvm_upkmesg()) > 0)
			pvm_freebuf(mid);
		return (mid);
	case 13:
		return (pvm_unpackf("%d %ld %8c", &u.i[0], &u.l[1], u.c + 32));
	default:
		return (pvm_upkstr(str));
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const uint32_t	 encs[] = { PVM_FRAME_ENC_XDR,
	    PVM_FRAME_ENC_RAW, PVM_FRAME_ENC_RAW | PVM_FRAME_LE64,
	    PVM_FRAME_ENC_RAW | PVM_FRAME_LE64 | PVM_FRAME_DEFAULT,
	    PVM_FRAME_ENC_RAW | PVM_FRAME_BE,
	    PVM_FRAME_ENC_RAW | PVM_FRAME_LONG32,
	    PVM_FRAME_ENC_RAW | PVM_FRAME_BE | PVM_FRAME_LONG32 |
	    PVM_FRAME_DEFAULT, 0x7f };
	struct lpvm_buf		*b;
	unsigned char		*body;
	char			*str;
	size_t			 nops, i;

	if (len < 2)
		return (0);
	pvm_setopt(PvmAutoErr, 0);
	nops = data[1];
	if (nops > len - 2)
		nops = len - 2;
	if ((body = malloc(len - 2 - nops + 1)) == NULL)
		return (0);
	if ((str = malloc(len + 1)) == NULL) {
		free(body);
		return (0);
	}
	memcpy(body, data + 2 + nops, len - 2 - nops);
	b = lpvm_buf_adopt(body, len - 2 - nops, encs[data[0] % 8], 0x40001,
	    7, 0);
	if (b == NULL) {
		free(body);
		free(str);
		return (0);
	}
	pvm_setrbuf(b->mid);
	for (i = 0; i < nops; i++)
		(void)fuzz_unpack_call(data[2 + i], str);
	pvm_freebuf(b->mid);
	free(str);
	return (0);
}
