/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * The checkpoint image of a task (Linux x86-64 only), written by libpvm
 * inside the task (lpvm_ckpt.c) and read back by the restart helper
 * (pvmd/pvm_restart.c) and, for its header, by pvmd (migrate.c).
 *
 * The image is a byte stream in the host's byte order:
 *
 *	struct ckpt_header
 *	struct ckpt_region	nregions of them, in address order
 *	contents		of each CKPT_R_DATA region, in table order
 *	uint64_t		CKPT_TRAILER
 *
 * The same executable and shared libraries must exist at the same paths
 * where the image is restarted: CKPT_R_FILE regions (program and library
 * code) are mapped again from their files instead of being copied.
 *
 * This header is included by a freestanding program: it may use only
 * <stdint.h>.
 */

#ifndef CKPT_IMAGE_H
#define CKPT_IMAGE_H

#include <stdint.h>

#define CKPT_MAGIC		0x3154504b434d5650ULL	/* "PVMCKPT1" */
#define CKPT_TRAILER		0x444e45504b434d50ULL	/* "PMCKPEND" */
#define CKPT_VERSION		1

/* Limits: a task with more regions cannot be checkpointed. */
#define CKPT_MAX_REGIONS	2048
#define CKPT_PATH_MAX		224
#define CKPT_NSIG		64	/* signals 1 to 64 */
#define CKPT_NAME_MAX		64

/*
 * The restart helper is linked at CKPT_HELPER_BASE (Makefile.am says it
 * again) and uses CKPT_HELPER_SIZE bytes from there, scratch space
 * included; no image may have a region there, and a restarted task
 * drops whatever the helper left in that range.
 */
#define CKPT_HELPER_BASE	0x100000000000ULL
#define CKPT_HELPER_SIZE	0x10000000ULL
#define CKPT_HELPER_SCRATCH	(CKPT_HELPER_BASE + CKPT_HELPER_SIZE / 2)
/* Highest user address on x86-64 with 4-level page tables. */
#define CKPT_USER_TOP		0x800000000000ULL

/* Region kinds. */
#define CKPT_R_DATA		1	/* contents follow in the image */
#define CKPT_R_FILE		2	/* mapped from path at offset */
#define CKPT_R_NONE		3	/* inaccessible: an empty reservation */
#define CKPT_R_SPECIAL		4	/* [vdso], [vvar]...: moved there */

/* Region flags. */
#define CKPT_RF_SHARED		0x1	/* MAP_SHARED file mapping */
#define CKPT_RF_STACK		0x2	/* the stack: grows down */

/* Registers kept across a function call, as lpvm_ckpt_save stores them. */
struct ckpt_ctx {
	uint64_t	rbx;
	uint64_t	rbp;
	uint64_t	r12;
	uint64_t	r13;
	uint64_t	r14;
	uint64_t	r15;
	uint64_t	rsp;		/* after the return */
	uint64_t	rip;		/* return address */
	uint32_t	mxcsr;
	uint16_t	fpucw;
	uint16_t	pad;
};

/* A signal action as the kernel's rt_sigaction takes it. */
struct ckpt_sigaction {
	uint64_t	handler;
	uint64_t	flags;
	uint64_t	restorer;
	uint64_t	mask;
};

struct ckpt_region {
	uint64_t	start;
	uint64_t	end;
	uint64_t	offset;		/* file offset, CKPT_R_FILE */
	uint32_t	prot;		/* PROT_* */
	uint32_t	kind;		/* CKPT_R_* */
	uint32_t	flags;		/* CKPT_RF_* */
	uint32_t	pad;
	char		path[CKPT_PATH_MAX];	/* file or [name], NUL-ended */
};

struct ckpt_header {
	uint64_t		magic;
	uint32_t		version;
	uint32_t		hdrsize;	/* sizeof (struct ckpt_header) */
	uint32_t		regsize;	/* sizeof (struct ckpt_region) */
	uint32_t		nregions;
	uint64_t		datalen;	/* bytes of region contents */
	int32_t			tid;		/* the task's TID */
	int32_t			ptid;
	int32_t			link_fd;	/* the daemon link's number */
	int32_t			out_tid;	/* where its output went */
	int32_t			out_ctx;
	int32_t			out_tag;
	uint64_t		fsbase;		/* ARCH_SET_FS */
	uint64_t		sigmask;	/* blocked at the save */
	struct ckpt_ctx		ctx;
	struct ckpt_sigaction	sigact[CKPT_NSIG];
	char			name[CKPT_NAME_MAX];	/* task name */
	char			comm[16];	/* PR_SET_NAME */
	char			cwd[CKPT_PATH_MAX];	/* "" if too long */
	uint64_t		sockpath;	/* where the helper writes */
	uint32_t		sockpath_len;	/* the new daemon's socket */
	uint32_t		pad2;
};

/*
 * Parse a hex number (lower case, as /proc/PID/maps has them), moving *pp
 * past it.  Shared by the library and the freestanding restart helper.
 */
static inline uint64_t
ckpt_image_hex(const char **pp)
{
	const char	*p = *pp;
	uint64_t	 v = 0;

	for (;; p++) {
		if (*p >= '0' && *p <= '9')
			v = v * 16 + (uint64_t)(*p - '0');
		else if (*p >= 'a' && *p <= 'f')
			v = v * 16 + (uint64_t)(*p - 'a' + 10);
		else
			break;
	}
	*pp = p;
	return (v);
}

#endif /* CKPT_IMAGE_H */
