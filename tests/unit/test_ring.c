/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/* The shared-memory byte ring of direct routes (libpvm/lpvm_ring.c). */

#include <sys/mman.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "pvm-protocol.h"
#include "lpvm_ring.h"

#define RING_SIZE	PVM_RING_MIN

static void *
ring_block(struct lpvm_ring *r)
{
	void	*mem;

	mem = calloc(1, PVM_RING_HDRLEN + RING_SIZE);
	CU_ASSERT_FATAL(mem != NULL);
	CU_ASSERT_EQUAL_FATAL(lpvm_ring_attach(r, mem,
	    PVM_RING_HDRLEN + RING_SIZE), 0);
	return (mem);
}

/* Blocks that cannot be rings are refused. */
static void
test_ring_attach(void)
{
	struct lpvm_ring	 r;
	static unsigned char	 small[PVM_RING_HDRLEN + 4096];
	unsigned char		*mem;

	CU_ASSERT_EQUAL(lpvm_ring_attach(&r, NULL, 1 << 20), -1);
	CU_ASSERT_EQUAL(lpvm_ring_attach(&r, small, sizeof small), -1);
	CU_ASSERT_EQUAL(lpvm_ring_attach(&r, small, PVM_RING_HDRLEN), -1);
	mem = calloc(1, PVM_RING_HDRLEN + RING_SIZE + 100);
	CU_ASSERT_FATAL(mem != NULL);
	/* Not a power of two. */
	CU_ASSERT_EQUAL(lpvm_ring_attach(&r, mem,
	    PVM_RING_HDRLEN + RING_SIZE + 100), -1);
	CU_ASSERT_EQUAL(lpvm_ring_attach(&r, mem,
	    PVM_RING_HDRLEN + RING_SIZE), 0);
	CU_ASSERT_EQUAL(r.size, RING_SIZE);
	CU_ASSERT_EQUAL(lpvm_ring_avail(&r), 0);
	CU_ASSERT_EQUAL(lpvm_ring_space(&r), RING_SIZE);
	free(mem);
}

/*
 * Records of odd sizes go through many times around; every byte comes
 * out where it went in, also across the end of the data area.
 */
static void
test_ring_wrap(void)
{
	struct lpvm_ring	 r;
	unsigned char		*mem, in[7001], out[7001];
	uint64_t		 written = 0, read = 0;
	size_t			 len, i;
	int			 round;

	mem = ring_block(&r);
	for (round = 0; round < 2000; round++) {
		len = (size_t)(round * 4099) % sizeof in + 1;
		for (i = 0; i < len; i++)
			in[i] = (unsigned char)(round + i * 3);
		while ((uint64_t)lpvm_ring_space(&r) < len) {
			/* Drain what a reader would. */
			CU_ASSERT_FATAL(lpvm_ring_avail(&r) > 0);
			lpvm_ring_consume(&r, lpvm_ring_avail(&r));
		}
		/* In two pieces at different offsets, one commit. */
		lpvm_ring_put(&r, 0, in, len / 2);
		lpvm_ring_put(&r, len / 2, in + len / 2, len - len / 2);
		CU_ASSERT_EQUAL(lpvm_ring_avail(&r), 0);
		lpvm_ring_commit(&r, len);
		written += len;
		CU_ASSERT_EQUAL_FATAL(lpvm_ring_avail(&r), (int64_t)len);
		lpvm_ring_get(&r, 0, out, len);
		CU_ASSERT_FATAL(memcmp(in, out, len) == 0);
		lpvm_ring_consume(&r, len);
		read += len;
		CU_ASSERT_EQUAL(lpvm_ring_space(&r), RING_SIZE);
	}
	CU_ASSERT(written > 4 * RING_SIZE);
	CU_ASSERT_EQUAL(written, read);
	free(mem);
}

/* A full ring takes nothing more; reading frees room. */
static void
test_ring_full(void)
{
	struct lpvm_ring	 r;
	unsigned char		*mem, *buf;

	mem = ring_block(&r);
	buf = malloc(RING_SIZE);
	CU_ASSERT_FATAL(buf != NULL);
	memset(buf, 0xab, RING_SIZE);
	lpvm_ring_put(&r, 0, buf, 100);
	lpvm_ring_commit(&r, 100);
	lpvm_ring_consume(&r, 100);
	/* Fill it exactly, straddling the end. */
	lpvm_ring_put(&r, 0, buf, RING_SIZE);
	lpvm_ring_commit(&r, RING_SIZE);
	CU_ASSERT_EQUAL(lpvm_ring_space(&r), 0);
	CU_ASSERT_EQUAL(lpvm_ring_avail(&r), RING_SIZE);
	lpvm_ring_consume(&r, 10);
	CU_ASSERT_EQUAL(lpvm_ring_space(&r), 10);
	free(buf);
	free(mem);
}

/*
 * A frozen ring keeps what was committed before, takes no more commits
 * (so the producer knows), and still reads to its end.
 */
static void
test_ring_freeze(void)
{
	struct lpvm_ring	 r;
	unsigned char		*mem, in[64], out[64];

	mem = ring_block(&r);
	memset(in, 0x5a, sizeof in);
	lpvm_ring_put(&r, 0, in, sizeof in);
	CU_ASSERT_EQUAL(lpvm_ring_commit(&r, sizeof in), 0);
	CU_ASSERT_FALSE(lpvm_ring_frozen(&r));
	lpvm_ring_freeze(&r);
	CU_ASSERT_TRUE(lpvm_ring_frozen(&r));
	CU_ASSERT(lpvm_ring_closed(&r) & LPVM_RING_CLOSED_RX);
	CU_ASSERT_EQUAL(lpvm_ring_avail(&r), (int64_t)sizeof in);
	CU_ASSERT_EQUAL(lpvm_ring_space(&r), RING_SIZE - (int64_t)sizeof in);
	/* A later commit fails and shows nothing to the consumer. */
	lpvm_ring_put(&r, 0, in, 10);
	CU_ASSERT_EQUAL(lpvm_ring_commit(&r, 10), -1);
	CU_ASSERT_EQUAL(lpvm_ring_avail(&r), (int64_t)sizeof in);
	lpvm_ring_get(&r, 0, out, sizeof out);
	CU_ASSERT_EQUAL(memcmp(in, out, sizeof in), 0);
	lpvm_ring_consume(&r, sizeof out);
	CU_ASSERT_EQUAL(lpvm_ring_avail(&r), 0);
	free(mem);
}

/* A head more than the ring size ahead of the tail is a broken ring. */
static void
test_ring_broken(void)
{
	struct lpvm_ring	 r;
	unsigned char		*mem;

	mem = ring_block(&r);
	lpvm_ring_commit(&r, RING_SIZE + 1);
	CU_ASSERT_EQUAL(lpvm_ring_avail(&r), -1);
	CU_ASSERT_EQUAL(lpvm_ring_space(&r), -1);
	free(mem);
}

/* The doorbell is rung once per sleep, and only for a sleeper. */
static void
test_ring_wake(void)
{
	struct lpvm_ring	 r;
	unsigned char		*mem;

	mem = ring_block(&r);
	CU_ASSERT_EQUAL(lpvm_ring_wake_rx(&r), 0);
	lpvm_ring_sleep_rx(&r, 1);
	CU_ASSERT_EQUAL(lpvm_ring_wake_rx(&r), 1);
	CU_ASSERT_EQUAL(lpvm_ring_wake_rx(&r), 0);
	lpvm_ring_sleep_rx(&r, 1);
	lpvm_ring_sleep_rx(&r, 0);
	CU_ASSERT_EQUAL(lpvm_ring_wake_rx(&r), 0);
	CU_ASSERT_EQUAL(lpvm_ring_wake_tx(&r), 0);
	lpvm_ring_sleep_tx(&r, 1);
	CU_ASSERT_EQUAL(lpvm_ring_wake_tx(&r), 1);
	CU_ASSERT_EQUAL(lpvm_ring_wake_tx(&r), 0);
	CU_ASSERT_EQUAL(lpvm_ring_closed(&r), 0);
	lpvm_ring_close(&r, LPVM_RING_CLOSED_RX);
	CU_ASSERT_EQUAL(lpvm_ring_closed(&r), LPVM_RING_CLOSED_RX);
	lpvm_ring_close(&r, LPVM_RING_CLOSED_TX);
	CU_ASSERT_EQUAL(lpvm_ring_closed(&r),
	    LPVM_RING_CLOSED_RX | LPVM_RING_CLOSED_TX);
	free(mem);
}

/* A side closed through the memory file shows in a mapping of it. */
static void
test_ring_close_fd(void)
{
	struct lpvm_ring	 r;
	size_t			 len = PVM_RING_HDRLEN + RING_SIZE;
	void			*map;
	int			 fd;

	fd = memfd_create("test-ring", MFD_CLOEXEC);
	CU_ASSERT_FATAL(fd != -1);
	CU_ASSERT_FATAL(ftruncate(fd, (off_t)len) == 0);
	map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CU_ASSERT_FATAL(map != MAP_FAILED);
	CU_ASSERT_EQUAL_FATAL(lpvm_ring_attach(&r, map, len), 0);
	CU_ASSERT_EQUAL(lpvm_ring_closed(&r), 0);
	CU_ASSERT_EQUAL(lpvm_ring_close_fd(fd, LPVM_RING_CLOSED_RX), 0);
	CU_ASSERT_EQUAL(lpvm_ring_closed(&r), LPVM_RING_CLOSED_RX);
	munmap(map, len);
	close(fd);
}

void
test_ring_register(void)
{
	CU_pSuite	s;

	s = CU_add_suite("ring", NULL, NULL);
	CU_add_test(s, "attach", test_ring_attach);
	CU_add_test(s, "wrap", test_ring_wrap);
	CU_add_test(s, "full", test_ring_full);
	CU_add_test(s, "broken", test_ring_broken);
	CU_add_test(s, "freeze", test_ring_freeze);
	CU_add_test(s, "wake", test_ring_wake);
	CU_add_test(s, "close through the file", test_ring_close_fd);
}
