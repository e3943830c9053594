/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * A single-producer single-consumer byte ring in a block of shared
 * memory (lpvm_ring.c).  The block is PVM_RING_HDRLEN bytes of header
 * then a power-of-two data area.  The ring knows nothing of frames or
 * processes: the caller frames records and rings doorbells.
 */

#ifndef LPVM_RING_H
#define LPVM_RING_H

#include <stddef.h>
#include <stdint.h>

struct lpvm_ring_hdr;

/* A process's view of a ring: pointers into the mapping. */
struct lpvm_ring {
	struct lpvm_ring_hdr	*h;
	unsigned char		*data;
	uint64_t		 size;	/* data bytes, a power of two */
	uint64_t		 mask;
	uint64_t		 tail_seen;	/* producer: last tail read */
};

#define LPVM_RING_CLOSED_TX	0x1	/* the producer has gone */
#define LPVM_RING_CLOSED_RX	0x2	/* the consumer has gone */

int		 lpvm_ring_attach(struct lpvm_ring *, void *, size_t);
int64_t		 lpvm_ring_avail(const struct lpvm_ring *);
int64_t		 lpvm_ring_space(const struct lpvm_ring *);
int64_t		 lpvm_ring_room(struct lpvm_ring *, uint64_t);
void		 lpvm_ring_put(struct lpvm_ring *, uint64_t, const void *,
		     size_t);
int		 lpvm_ring_commit(struct lpvm_ring *, uint64_t);
void		 lpvm_ring_freeze(struct lpvm_ring *);
int		 lpvm_ring_frozen(const struct lpvm_ring *);
void		 lpvm_ring_get(const struct lpvm_ring *, uint64_t, void *,
		     size_t);
void		 lpvm_ring_consume(struct lpvm_ring *, uint64_t);
void		 lpvm_ring_sleep_rx(struct lpvm_ring *, int);
void		 lpvm_ring_sleep_tx(struct lpvm_ring *, int);
int		 lpvm_ring_wake_rx(struct lpvm_ring *);
int		 lpvm_ring_wake_tx(struct lpvm_ring *);
void		 lpvm_ring_close(struct lpvm_ring *, unsigned int);
unsigned int	 lpvm_ring_closed(const struct lpvm_ring *);
int		 lpvm_ring_close_fd(int, unsigned int);

#endif /* LPVM_RING_H */
