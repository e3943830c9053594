/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * The shared-memory byte ring of a direct route between two tasks of
 * one host.  head counts the bytes ever written (producer only), tail
 * the bytes ever consumed (consumer only); both live on their own cache
 * line.  The other side may be buggy: a head that runs more than the
 * ring size ahead of tail is reported as a broken ring, never trusted.
 *
 * A consumer that leaves for good (its task moves to another host)
 * freezes the ring: one atomic OR sets RING_FROZEN in head, after which
 * no commit succeeds.  Every byte committed before it is the consumer's
 * to read; a producer whose commit fails knows its message did not go
 * (the consumer drops a partial frame) and sends it another way.
 *
 * Sleeping without lost wakeups: a side about to sleep sets its flag,
 * then (sequentially consistent fence) looks at the ring again; the
 * other side publishes, fences, and rings the doorbell only if it takes
 * the flag back from 1 to 0.
 */

#include <sys/types.h>

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "pvm-protocol.h"
#include "lpvm_ring.h"

#define RING_LINE	64
/* In head: the consumer has frozen the ring (lpvm_ring_freeze). */
#define RING_FROZEN	(1ULL << 63)

struct lpvm_ring_hdr {
	_Atomic uint64_t	head;
	unsigned char		pad0[RING_LINE - sizeof(uint64_t)];
	_Atomic uint64_t	tail;
	unsigned char		pad1[RING_LINE - sizeof(uint64_t)];
	_Atomic uint32_t	rx_sleep;	/* consumer waits for data */
	unsigned char		pad2[RING_LINE - sizeof(uint32_t)];
	_Atomic uint32_t	tx_sleep;	/* producer waits for room */
	unsigned char		pad3[RING_LINE - sizeof(uint32_t)];
	_Atomic uint32_t	closed;		/* LPVM_RING_CLOSED_* */
};

_Static_assert(sizeof(struct lpvm_ring_hdr) <= PVM_RING_HDRLEN,
    "ring header too large");

/*
 * View the block mem of len bytes as a ring.  Returns 0, or -1 if the
 * block cannot be one (data area not a power of two in range).
 */
int
lpvm_ring_attach(struct lpvm_ring *r, void *mem, size_t len)
{
	uint64_t	size;

	if (mem == NULL || len <= PVM_RING_HDRLEN)
		return (-1);
	size = len - PVM_RING_HDRLEN;
	if (size < PVM_RING_MIN || size > PVM_RING_MAX ||
	    (size & (size - 1)) != 0)
		return (-1);
	r->h = mem;
	r->data = (unsigned char *)mem + PVM_RING_HDRLEN;
	r->size = size;
	r->mask = size - 1;
	r->tail_seen = 0;
	return (0);
}

/* Bytes the consumer may read, or -1 if the ring is broken. */
int64_t
lpvm_ring_avail(const struct lpvm_ring *r)
{
	uint64_t	head, tail;

	head = atomic_load_explicit(&r->h->head, memory_order_acquire) &
	    ~RING_FROZEN;
	tail = atomic_load_explicit(&r->h->tail, memory_order_relaxed);
	if (head - tail > r->size)
		return (-1);
	return ((int64_t)(head - tail));
}

/* Bytes the producer may write, or -1 if the ring is broken. */
int64_t
lpvm_ring_space(const struct lpvm_ring *r)
{
	uint64_t	head, tail;

	head = atomic_load_explicit(&r->h->head, memory_order_relaxed) &
	    ~RING_FROZEN;
	tail = atomic_load_explicit(&r->h->tail, memory_order_acquire);
	if (head - tail > r->size)
		return (-1);
	return ((int64_t)(r->size - (head - tail)));
}

/*
 * As lpvm_ring_space for a producer that needs want bytes: the tail it
 * saw last is used while it leaves that much room, so a stream of small
 * messages does not fetch the consumer's cache line each time.  The
 * result may be less than the true room, never more.
 */
int64_t
lpvm_ring_room(struct lpvm_ring *r, uint64_t want)
{
	uint64_t	head;

	head = atomic_load_explicit(&r->h->head, memory_order_relaxed) &
	    ~RING_FROZEN;
	if (head - r->tail_seen <= r->size &&
	    r->size - (head - r->tail_seen) >= want)
		return ((int64_t)(r->size - (head - r->tail_seen)));
	r->tail_seen = atomic_load_explicit(&r->h->tail,
	    memory_order_acquire);
	if (head - r->tail_seen > r->size)
		return (-1);
	return ((int64_t)(r->size - (head - r->tail_seen)));
}

/*
 * Copy len bytes to off bytes past the head, not yet visible; the
 * caller checked lpvm_ring_space.
 */
void
lpvm_ring_put(struct lpvm_ring *r, uint64_t off, const void *src, size_t len)
{
	uint64_t	pos, first;

	if (len == 0)
		return;
	pos = ((atomic_load_explicit(&r->h->head, memory_order_relaxed) &
	    ~RING_FROZEN) + off) & r->mask;
	first = r->size - pos;
	if (first > len)
		first = len;
	memcpy(r->data + pos, src, first);
	if (first < len)
		memcpy(r->data, (const unsigned char *)src + first,
		    len - first);
}

/*
 * Make n more written bytes visible to the consumer.  Returns 0, or -1
 * if the consumer has frozen the ring (the bytes will never be read).
 */
int
lpvm_ring_commit(struct lpvm_ring *r, uint64_t n)
{
	uint64_t	head;

	head = atomic_load_explicit(&r->h->head, memory_order_relaxed);
	do {
		if (head & RING_FROZEN)
			return (-1);
	} while (!atomic_compare_exchange_weak_explicit(&r->h->head, &head,
	    head + n, memory_order_release, memory_order_relaxed));
	return (0);
}

/*
 * The consumer leaves for good: no commit succeeds from now on, and
 * what was committed before is still there to read.
 */
void
lpvm_ring_freeze(struct lpvm_ring *r)
{
	atomic_fetch_or(&r->h->head, RING_FROZEN);
	atomic_fetch_or(&r->h->closed, LPVM_RING_CLOSED_RX);
}

/* Whether the consumer has frozen the ring. */
int
lpvm_ring_frozen(const struct lpvm_ring *r)
{
	return ((atomic_load_explicit(&r->h->head, memory_order_acquire) &
	    RING_FROZEN) != 0);
}

/* Copy len bytes starting off bytes past the tail; checked by avail. */
void
lpvm_ring_get(const struct lpvm_ring *r, uint64_t off, void *dst, size_t len)
{
	uint64_t	pos, first;

	if (len == 0)
		return;
	pos = (atomic_load_explicit(&r->h->tail, memory_order_relaxed) +
	    off) & r->mask;
	first = r->size - pos;
	if (first > len)
		first = len;
	memcpy(dst, r->data + pos, first);
	if (first < len)
		memcpy((unsigned char *)dst + first, r->data, len - first);
}

/* Give n read bytes back to the producer. */
void
lpvm_ring_consume(struct lpvm_ring *r, uint64_t n)
{
	uint64_t	tail;

	tail = atomic_load_explicit(&r->h->tail, memory_order_relaxed);
	atomic_store_explicit(&r->h->tail, tail + n, memory_order_release);
}

/* The consumer is about to sleep (on) or awake (off). */
void
lpvm_ring_sleep_rx(struct lpvm_ring *r, int on)
{
	atomic_store_explicit(&r->h->rx_sleep, on ? 1 : 0,
	    memory_order_relaxed);
	atomic_thread_fence(memory_order_seq_cst);
}

/* The producer is about to sleep (on) or awake (off). */
void
lpvm_ring_sleep_tx(struct lpvm_ring *r, int on)
{
	atomic_store_explicit(&r->h->tx_sleep, on ? 1 : 0,
	    memory_order_relaxed);
	atomic_thread_fence(memory_order_seq_cst);
}

/*
 * After a commit: whether the consumer sleeps and its doorbell must be
 * rung (the flag is taken back, so one ring per sleep).
 */
int
lpvm_ring_wake_rx(struct lpvm_ring *r)
{
	atomic_thread_fence(memory_order_seq_cst);
	if (atomic_load_explicit(&r->h->rx_sleep, memory_order_relaxed) == 0)
		return (0);
	return (atomic_exchange(&r->h->rx_sleep, 0) != 0);
}

/* After a consume: whether the producer sleeps and must be woken. */
int
lpvm_ring_wake_tx(struct lpvm_ring *r)
{
	atomic_thread_fence(memory_order_seq_cst);
	if (atomic_load_explicit(&r->h->tx_sleep, memory_order_relaxed) == 0)
		return (0);
	return (atomic_exchange(&r->h->tx_sleep, 0) != 0);
}

/* Mark one side (LPVM_RING_CLOSED_*) as gone. */
void
lpvm_ring_close(struct lpvm_ring *r, unsigned int side)
{
	atomic_fetch_or(&r->h->closed, side);
	atomic_thread_fence(memory_order_seq_cst);
}

/* The LPVM_RING_CLOSED_* bits set so far. */
unsigned int
lpvm_ring_closed(const struct lpvm_ring *r)
{
	return (atomic_load_explicit(&r->h->closed, memory_order_acquire));
}

/*
 * Mark one side of the ring in the memory file fd as gone without
 * mapping it (the consumer could not map it: its producer must not wait
 * for room forever).  Returns 0 or -1.
 */
int
lpvm_ring_close_fd(int fd, unsigned int side)
{
	uint32_t	v;
	off_t		off = offsetof(struct lpvm_ring_hdr, closed);

	if (pread(fd, &v, sizeof v, off) != (ssize_t)sizeof v)
		return (-1);
	v |= side;
	if (pwrite(fd, &v, sizeof v, off) != (ssize_t)sizeof v)
		return (-1);
	return (0);
}
