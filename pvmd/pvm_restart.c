/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * pvm_restart IMAGE-FD LINK-FD [SOCKET [MB]]: the restart helper.  pvmd
 * starts it as it starts a task (stdout and stderr on the output pipe,
 * the new daemon link on LINK-FD) with a checkpoint image
 * (common/ckpt-image.h) to read on IMAGE-FD.
 *
 * For a task moving here (MB given) it starts before the task stops:
 * it maps and fills MB megabytes of memory (the pool; new memory costs
 * more than the copy into it, and the task's downtime need not pay for
 * it), says so with one byte on IMAGE-FD, a unix socket then, and
 * receives the image's TCP connection on it.  The task's large data
 * regions are moved out of the pool into place.  It becomes the task again: it checks the image, drops
 * every mapping but its own, moves its vdso and vvar to where the task
 * had them, maps the task's regions back, restores the FS base, the
 * signal actions and mask, puts the link on the task's link number,
 * tells the daemon (CKPT_RESTORED), waits for its go (CKPT_DONE: a copy
 * whose daemon stopped or died must not run) and jumps to the registers
 * the library saved; lpvm_ckpt_save returns 1 there.
 *
 * It is a static, freestanding program (no libc: the task's libc comes
 * back with its memory) linked at CKPT_HELPER_BASE, far from where any
 * process has mappings, with its own stack in its .bss.  Until the first
 * munmap every error is reported on stderr and ends it with status 1;
 * after that point it exits with status 127.
 */

#include <stddef.h>
#include <stdint.h>

#include <asm/prctl.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include "pvm-protocol.h"
#include "ckpt-image.h"

#define RST_STACK_SIZE		(256 * 1024)
#define RST_MAPS_SIZE		(64 * 1024)
#define RST_SPECIAL_MAX		8
#define RST_PAGE		4096ULL
/* Data regions this large are filled in huge pages where there are. */
#define RST_HUGE_MIN		(2ULL << 20)
#define RST_HUGE		(2ULL << 20)
/*
 * Where the pool goes: far above programs and below where Linux puts
 * shared libraries and mmap; it is dropped if the image needs the range.
 */
#define RST_POOL_BASE		0x200000000000ULL
#define RST_POOL_MAX_MB		65536
#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE	0x100000
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE	23
#endif

struct rst_special {
	uint64_t	start;
	uint64_t	end;
	char		name[32];
	int		used;
};

unsigned char		 rst_stack[RST_STACK_SIZE] __attribute__((aligned(16)));
static struct ckpt_header rst_hdr;
static struct ckpt_region rst_reg[CKPT_MAX_REGIONS];
static char		 rst_maps[RST_MAPS_SIZE];
static struct rst_special rst_spec[RST_SPECIAL_MAX];
static int		 rst_nspec;
static struct ckpt_ctx	 rst_ctx;
static char		 rst_sock[256];	/* the daemon's socket path */
static uint64_t		 rst_pool_lo;	/* the pool's range, 0 if none */
static uint64_t		 rst_pool_hi;
static uint64_t		 rst_pool_next;	/* its first unused byte */

extern char		 __executable_start[], _end[];

void			 rst_main(long *) __attribute__((noreturn, used));
void			*memcpy(void *, const void *, size_t);
void			*memset(void *, int, size_t);

/* Entry: switch to our own stack at once, then rst_main(initial sp). */
__asm__(
	"	.text\n"
	"	.globl	_start\n"
	"	.type	_start, @function\n"
	"_start:\n"
	"	xorl	%ebp, %ebp\n"
	"	movq	%rsp, %rdi\n"
	"	leaq	rst_stack+262144(%rip), %rsp\n"
	"	andq	$-16, %rsp\n"
	"	call	rst_main\n"
	"	hlt\n"
	"	.section .note.GNU-stack,\"\",@progbits\n"
	"	.text\n");

static long
rst_sys(long n, long a, long b, long c, long d, long e, long f)
{
	long		 ret;
	register long	 r10 __asm__("r10") = d;
	register long	 r8 __asm__("r8") = e;
	register long	 r9 __asm__("r9") = f;

	__asm__ volatile ("syscall"
	    : "=a" (ret)
	    : "a" (n), "D" (a), "S" (b), "d" (c), "r" (r10), "r" (r8),
	      "r" (r9)
	    : "rcx", "r11", "memory");
	return (ret);
}

#define SYS1(n, a)		rst_sys((n), (long)(a), 0, 0, 0, 0, 0)
#define SYS2(n, a, b)		rst_sys((n), (long)(a), (long)(b), 0, 0, 0, 0)
#define SYS3(n, a, b, c)	rst_sys((n), (long)(a), (long)(b), (long)(c), \
				    0, 0, 0)
#define SYS4(n, a, b, c, d)	rst_sys((n), (long)(a), (long)(b), (long)(c), \
				    (long)(d), 0, 0)
#define SYS5(n, a, b, c, d, e)	rst_sys((n), (long)(a), (long)(b), (long)(c), \
				    (long)(d), (long)(e), 0)
#define SYS6(n, a, b, c, d, e, f) rst_sys((n), (long)(a), (long)(b), \
				    (long)(c), (long)(d), (long)(e), (long)(f))

void *
memcpy(void *dst, const void *src, size_t n)
{
	unsigned char		*d = dst;
	const unsigned char	*s = src;

	while (n-- > 0)
		*d++ = *s++;
	return (dst);
}

void *
memset(void *dst, int c, size_t n)
{
	unsigned char	*d = dst;

	while (n-- > 0)
		*d++ = (unsigned char)c;
	return (dst);
}

static size_t
rst_strlen(const char *s)
{
	size_t	n = 0;

	while (s[n] != '\0')
		n++;
	return (n);
}

static int
rst_streq(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return (*a == *b);
}

static void __attribute__((noreturn))
rst_exit(int code)
{
	for (;;)
		SYS1(SYS_exit_group, code);
}

/* Report on stderr and exit 1 (before anything was unmapped). */
static void __attribute__((noreturn))
rst_fail(const char *what, const char *arg)
{
	SYS3(SYS_write, 2, "pvm_restart: ", 13);
	SYS3(SYS_write, 2, what, rst_strlen(what));
	if (arg != NULL) {
		SYS3(SYS_write, 2, ": ", 2);
		SYS3(SYS_write, 2, arg, rst_strlen(arg));
	}
	SYS3(SYS_write, 2, "\n", 1);
	rst_exit(1);
}

static int
rst_atoi(const char *s)
{
	int	v = 0;

	if (*s == '\0')
		return (-1);
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || v > 100000)
			return (-1);
		v = v * 10 + (*s - '0');
	}
	return (v);
}

static int
rst_read_full(int fd, void *buf, uint64_t len)
{
	unsigned char	*p = buf;
	long		 n;

	while (len > 0) {
		n = SYS3(SYS_read, fd, p, len > (1U << 30) ? (1U << 30) : len);
		if (n == -4)	/* EINTR */
			continue;
		if (n <= 0)
			return (-1);
		p += n;
		len -= (uint64_t)n;
	}
	return (0);
}

/*
 * Read /proc/self/maps and call fn for every mapping with its range and
 * name ("" if none).  Returns 0 or -1.
 */
static int
rst_each_map(void (*fn)(uint64_t, uint64_t, const char *))
{
	const char	*q;
	char		*line, *nl;
	uint64_t	 start, end;
	long		 n;
	size_t		 len = 0;
	int		 fd, i;

	fd = (int)SYS3(SYS_open, "/proc/self/maps", O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0)
		return (-1);
	for (;;) {
		n = SYS3(SYS_read, fd, rst_maps + len,
		    sizeof rst_maps - 1 - len);
		if (n < 0) {
			SYS1(SYS_close, fd);
			return (-1);
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len == sizeof rst_maps - 1) {
			SYS1(SYS_close, fd);
			return (-1);
		}
	}
	SYS1(SYS_close, fd);
	rst_maps[len] = '\0';
	for (line = rst_maps; *line != '\0'; line = nl + 1) {
		for (nl = line; *nl != '\n' && *nl != '\0'; nl++)
			;
		if (*nl == '\0')
			break;
		*nl = '\0';
		q = line;
		start = ckpt_image_hex(&q);
		if (*q++ != '-')
			return (-1);
		end = ckpt_image_hex(&q);
		for (i = 0; i < 4; i++) {
			while (*q == ' ')
				q++;
			while (*q != ' ' && *q != '\0')
				q++;
		}
		while (*q == ' ')
			q++;
		fn(start, end, q);
	}
	return (0);
}

/* Whether a mapping is the kernel's ([vdso], [vvar...], [vsyscall]). */
static int
rst_is_special(const char *name)
{
	return (rst_streq(name, "[vdso]") || rst_streq(name, "[vsyscall]") ||
	    (name[0] == '[' && name[1] == 'v' && name[2] == 'v' &&
	    name[3] == 'a' && name[4] == 'r'));
}

static void
rst_note_special(uint64_t start, uint64_t end, const char *name)
{
	struct rst_special	*sp;
	size_t			 i;

	if (!rst_is_special(name) || rst_streq(name, "[vsyscall]"))
		return;
	if (rst_nspec == RST_SPECIAL_MAX)
		rst_fail("too many kernel mappings", name);
	sp = &rst_spec[rst_nspec++];
	sp->start = start;
	sp->end = end;
	for (i = 0; i < sizeof sp->name - 1 && name[i] != '\0'; i++)
		sp->name[i] = name[i];
	sp->name[i] = '\0';
}

static void
rst_unmap_other(uint64_t start, uint64_t end, const char *name)
{
	uint64_t	lo = (uint64_t)(uintptr_t)__executable_start;
	uint64_t	hi = ((uint64_t)(uintptr_t)_end + RST_PAGE - 1) &
			    ~(RST_PAGE - 1);

	if (start >= lo && end <= hi)
		return;
	if (rst_is_special(name))
		return;
	if (start >= rst_pool_lo && end <= rst_pool_hi)
		return;
	SYS2(SYS_munmap, start, end - start);
}

/*
 * Map and fill mb megabytes of memory in huge pages where there are:
 * the pool.  Without it (no room, no memory) the image only comes in
 * slower.
 */
static void
rst_pool_make(int mb)
{
	uint64_t	 len = ((uint64_t)mb << 20) + RST_HUGE - 1;
	uint64_t	 p;
	volatile char	*c;

	len &= ~(RST_HUGE - 1);
	if (len == 0)
		return;
	p = (uint64_t)SYS6(SYS_mmap, RST_POOL_BASE, len, PROT_READ |
	    PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
	    -1, 0);
	if (p != RST_POOL_BASE)
		return;
	(void)SYS3(SYS_madvise, p, len, MADV_HUGEPAGE);
	if (SYS3(SYS_madvise, p, len, MADV_POPULATE_WRITE) != 0) {
		/* An older kernel: touch every page. */
		for (c = (volatile char *)(uintptr_t)p;
		    (uint64_t)(uintptr_t)c < p + len; c += RST_PAGE)
			*c = 0;
	}
	rst_pool_lo = rst_pool_next = p;
	rst_pool_hi = p + len;
}

/* Drop the pool's unused rest (all of it if the image needs its range). */
static void
rst_pool_drop(void)
{
	if (rst_pool_hi != 0)
		SYS2(SYS_munmap, rst_pool_lo, rst_pool_hi - rst_pool_lo);
	rst_pool_lo = rst_pool_hi = rst_pool_next = 0;
}

/*
 * Move len bytes of the pool to start, keeping huge pages whole where
 * the addresses allow.  Returns 0, or -1 if the pool has no room.
 */
static int
rst_pool_take(uint64_t start, uint64_t len)
{
	uint64_t	from;

	if (rst_pool_hi == 0)
		return (-1);
	/* The same offset in a huge page as the destination. */
	from = (rst_pool_next & ~(RST_HUGE - 1)) + (start & (RST_HUGE - 1));
	if (from < rst_pool_next)
		from += RST_HUGE;
	if (from + len > rst_pool_hi || from + len < from)
		return (-1);
	if (SYS5(SYS_mremap, from, len, len, MREMAP_MAYMOVE | MREMAP_FIXED,
	    start) != (long)start)
		return (-1);
	rst_pool_next = from + len;
	return (0);
}

/*
 * Wait on the door for the image's connection (after saying the pool
 * is ready).  Returns its descriptor, or -1.
 */
static int
rst_door(int door)
{
	struct msghdr	 msg;
	struct cmsghdr	*cm;
	struct iovec	 iov;
	union {
		struct cmsghdr	hdr;
		char		buf[CMSG_SPACE(sizeof (int))];
	} cbuf;
	char		 c = 'R';
	int		 fd = -1;
	long		 n;

	if (SYS3(SYS_write, door, &c, 1) != 1)
		return (-1);
	memset(&msg, 0, sizeof msg);
	memset(&cbuf, 0, sizeof cbuf);
	iov.iov_base = &c;
	iov.iov_len = 1;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cbuf.buf;
	msg.msg_controllen = sizeof cbuf.buf;
	do {
		n = SYS3(SYS_recvmsg, door, &msg, MSG_CMSG_CLOEXEC);
	} while (n == -4);	/* EINTR */
	cm = CMSG_FIRSTHDR(&msg);
	if (n != 1 || cm == NULL || cm->cmsg_level != SOL_SOCKET ||
	    cm->cmsg_type != SCM_RIGHTS ||
	    cm->cmsg_len != CMSG_LEN(sizeof (int)))
		return (-1);
	memcpy(&fd, CMSG_DATA(cm), sizeof fd);
	SYS1(SYS_close, door);
	return (fd);
}

/* Whether [addr, addr + len) lies in one writable data region. */
static int
rst_in_data(uint64_t addr, uint64_t len)
{
	uint32_t	i;

	for (i = 0; i < rst_hdr.nregions && i < CKPT_MAX_REGIONS; i++) {
		if (rst_reg[i].kind == CKPT_R_DATA &&
		    (rst_reg[i].prot & PROT_WRITE) &&
		    addr >= rst_reg[i].start && addr <= rst_reg[i].end &&
		    len <= rst_reg[i].end - addr)
			return (1);
	}
	return (0);
}

/* Check the header and the region table; open nothing but files. */
static void
rst_check(void)
{
	struct ckpt_header	*h = &rst_hdr;
	struct ckpt_region	*r;
	uint64_t		 data = 0, prev = 0;
	uint64_t		 lo = CKPT_HELPER_BASE;
	uint64_t		 hi = CKPT_HELPER_BASE + CKPT_HELPER_SIZE;
	uint32_t		 i;
	int			 j, fd, found;

	if (h->magic != CKPT_MAGIC)
		rst_fail("not a checkpoint image", NULL);
	if (h->version != CKPT_VERSION || h->hdrsize != sizeof *h ||
	    h->regsize != sizeof *r)
		rst_fail("checkpoint image of another version", NULL);
	if (h->nregions == 0 || h->nregions > CKPT_MAX_REGIONS)
		rst_fail("bad region count", NULL);
	if ((uint64_t)(uintptr_t)_end > hi)
		rst_fail("helper larger than its reserved range", NULL);
	for (i = 0; i < h->nregions; i++) {
		r = &rst_reg[i];
		r->path[CKPT_PATH_MAX - 1] = '\0';
		if (r->start >= r->end || (r->start & (RST_PAGE - 1)) != 0 ||
		    (r->end & (RST_PAGE - 1)) != 0 ||
		    r->end > CKPT_USER_TOP || r->start < prev)
			rst_fail("bad region in the image", r->path);
		prev = r->end;
		if (r->start < hi && r->end > lo)
			rst_fail("a region lies where the helper runs",
			    r->path);
		switch (r->kind) {
		case CKPT_R_DATA:
			data += r->end - r->start;
			break;
		case CKPT_R_NONE:
			break;
		case CKPT_R_FILE:
			if ((r->offset & (RST_PAGE - 1)) != 0)
				rst_fail("bad file offset", r->path);
			fd = (int)SYS3(SYS_open, r->path,
			    (r->flags & CKPT_RF_SHARED) &&
			    (r->prot & PROT_WRITE) ? O_RDWR : O_RDONLY, 0);
			if (fd < 0)
				rst_fail("cannot open a mapped file", r->path);
			SYS1(SYS_close, fd);
			break;
		case CKPT_R_SPECIAL:
			found = 0;
			for (j = 0; j < rst_nspec; j++) {
				if (!rst_streq(rst_spec[j].name, r->path))
					continue;
				if (rst_spec[j].end - rst_spec[j].start !=
				    r->end - r->start)
					rst_fail("kernel mapping of another "
					    "size (another kernel?)", r->path);
				rst_spec[j].used = 1;
				found = 1;
			}
			if (!found)
				rst_fail("kernel mapping missing here",
				    r->path);
			break;
		default:
			rst_fail("bad region kind", r->path);
		}
	}
	if (data != h->datalen)
		rst_fail("region sizes do not add up", NULL);
	for (j = 0; j < rst_nspec; j++) {
		if (!rst_spec[j].used)
			rst_fail("kernel mapping not in the image (another "
			    "kernel?)", rst_spec[j].name);
	}
}

/* Map region r back and fill it.  Returns 0 or -1. */
static int
rst_map(struct ckpt_region *r, int imgfd)
{
	uint64_t	len = r->end - r->start;
	long		p;
	int		fd, flags;

	switch (r->kind) {
	case CKPT_R_DATA:
		flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;
		if (r->flags & CKPT_RF_STACK)
			flags |= MAP_GROWSDOWN;
		/*
		 * A large region comes out of the pool; else a fault per 4
		 * KB page costs more than the copy from the socket: ask for
		 * transparent huge pages (the region keeps that wish; it
		 * may fail, then it is slower only).
		 */
		if (len >= RST_HUGE_MIN && !(r->flags & CKPT_RF_STACK) &&
		    rst_pool_take(r->start, len) == 0)
			p = (long)r->start;
		else {
			p = SYS6(SYS_mmap, r->start, len,
			    PROT_READ | PROT_WRITE, flags, -1, 0);
			if (p == (long)r->start && len >= RST_HUGE_MIN &&
			    !(r->flags & CKPT_RF_STACK))
				(void)SYS3(SYS_madvise, r->start, len,
				    MADV_HUGEPAGE);
		}
		if (p != (long)r->start)
			return (-1);
		if (rst_read_full(imgfd, (void *)(uintptr_t)r->start, len) != 0)
			return (-1);
		if (r->prot != (PROT_READ | PROT_WRITE) &&
		    SYS3(SYS_mprotect, r->start, len, r->prot) != 0)
			return (-1);
		return (0);
	case CKPT_R_NONE:
		p = SYS6(SYS_mmap, r->start, len, PROT_NONE, MAP_PRIVATE |
		    MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
		return (p == (long)r->start ? 0 : -1);
	case CKPT_R_FILE:
		fd = (int)SYS3(SYS_open, r->path,
		    (r->flags & CKPT_RF_SHARED) && (r->prot & PROT_WRITE) ?
		    O_RDWR : O_RDONLY, 0);
		if (fd < 0)
			return (-1);
		flags = MAP_FIXED | ((r->flags & CKPT_RF_SHARED) ?
		    MAP_SHARED : MAP_PRIVATE);
		p = SYS6(SYS_mmap, r->start, len, r->prot, flags, fd,
		    r->offset);
		SYS1(SYS_close, fd);
		return (p == (long)r->start ? 0 : -1);
	case CKPT_R_SPECIAL:
		return (0);	/* moved already */
	}
	return (-1);
}

/* Move our vdso and vvar where the task had them, via the scratch. */
static int
rst_move_specials(void)
{
	struct rst_special	*sp;
	uint64_t		 base = ~0ULL, len, to;
	uint32_t		 i;
	int			 j;
	long			 p;

	for (j = 0; j < rst_nspec; j++) {
		if (rst_spec[j].start < base)
			base = rst_spec[j].start;
	}
	for (j = 0; j < rst_nspec; j++) {
		sp = &rst_spec[j];
		len = sp->end - sp->start;
		to = CKPT_HELPER_SCRATCH + (sp->start - base);
		p = SYS5(SYS_mremap, sp->start, len, len,
		    MREMAP_MAYMOVE | MREMAP_FIXED, to);
		if (p != (long)to)
			return (-1);
		sp->start = to;
		sp->end = to + len;
	}
	for (i = 0; i < rst_hdr.nregions; i++) {
		if (rst_reg[i].kind != CKPT_R_SPECIAL)
			continue;
		for (j = 0; j < rst_nspec; j++) {
			sp = &rst_spec[j];
			if (!rst_streq(sp->name, rst_reg[i].path))
				continue;
			len = sp->end - sp->start;
			p = SYS5(SYS_mremap, sp->start, len, len,
			    MREMAP_MAYMOVE | MREMAP_FIXED, rst_reg[i].start);
			if (p != (long)rst_reg[i].start)
				return (-1);
		}
	}
	return (0);
}

static void
rst_put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/*
 * Tell the daemon on fd that the task runs again.  Returns 0, or -1 if
 * it is gone (the task must not run on unseen).
 */
static int
rst_restored(int fd)
{
	unsigned char	hdr[PVM_FRAME_HDRLEN];

	memset(hdr, 0, sizeof hdr);
	rst_put32(hdr, PVM_FRAME_MAGIC);
	rst_put32(hdr + 4, ((uint32_t)PVM_PROTOCOL_VERSION << 16) |
	    PVM_MSG_CKPT_RESTORED);
	rst_put32(hdr + 16, (uint32_t)rst_hdr.tid);
	return (SYS3(SYS_write, fd, hdr, sizeof hdr) == (long)sizeof hdr ?
	    0 : -1);
}

/*
 * Wait for the daemon's go on fd (a bare CKPT_DONE header).  Returns 0,
 * or -1 if it ends or sends anything else.
 */
static int
rst_wait_go(int fd)
{
	unsigned char	hdr[PVM_FRAME_HDRLEN], want[8];
	size_t		i;

	if (rst_read_full(fd, hdr, sizeof hdr) != 0)
		return (-1);
	rst_put32(want, PVM_FRAME_MAGIC);
	rst_put32(want + 4, ((uint32_t)PVM_PROTOCOL_VERSION << 16) |
	    PVM_MSG_CKPT_DONE);
	for (i = 0; i < sizeof want; i++) {
		if (hdr[i] != want[i])
			return (-1);
	}
	return (0);
}

/* Load the saved registers and return 1 from lpvm_ckpt_save. */
static void __attribute__((noreturn))
rst_jump(const struct ckpt_ctx *c)
{
	__asm__ volatile (
	    "ldmxcsr	64(%0)\n"
	    "fldcw	68(%0)\n"
	    "movq	0(%0), %%rbx\n"
	    "movq	8(%0), %%rbp\n"
	    "movq	16(%0), %%r12\n"
	    "movq	24(%0), %%r13\n"
	    "movq	32(%0), %%r14\n"
	    "movq	40(%0), %%r15\n"
	    "movq	48(%0), %%rsp\n"
	    "movl	$1, %%eax\n"
	    "jmp	*56(%0)\n"
	    : : "D" (c) : "memory");
	__builtin_unreachable();
}

void
rst_main(long *sp)
{
	char		**argv = (char **)(sp + 1);
	uint64_t	  trailer, all = ~0ULL;
	uint32_t	  i;
	int		  imgfd, linkfd, s, mb = -1;
	long		  fd;

	if (sp[0] < 3 || sp[0] > 5)
		rst_fail("usage: pvm_restart image-fd link-fd [socket [mb]]",
		    NULL);
	if (sp[0] >= 4) {
		for (i = 0; argv[3][i] != '\0' &&
		    i < sizeof rst_sock - 1; i++)
			rst_sock[i] = argv[3][i];
		rst_sock[i] = '\0';
	}
	imgfd = rst_atoi(argv[1]);
	linkfd = rst_atoi(argv[2]);
	if (imgfd < 0 || linkfd < 0 || imgfd == linkfd)
		rst_fail("bad descriptor arguments", NULL);
	if (sp[0] == 5) {
		if ((mb = rst_atoi(argv[4])) < 0 || mb > RST_POOL_MAX_MB)
			rst_fail("bad memory size", argv[4]);
		rst_pool_make(mb);
		if ((imgfd = rst_door(imgfd)) < 0)
			rst_fail("no image connection", NULL);
	}

	if (rst_read_full(imgfd, &rst_hdr, sizeof rst_hdr) != 0)
		rst_fail("short image header", NULL);
	if (rst_hdr.magic == CKPT_MAGIC &&
	    (rst_hdr.nregions == 0 || rst_hdr.nregions > CKPT_MAX_REGIONS))
		rst_fail("bad region count", NULL);
	if (rst_hdr.magic == CKPT_MAGIC && rst_hdr.regsize == sizeof rst_reg[0]
	    && rst_read_full(imgfd, rst_reg, (uint64_t)rst_hdr.nregions *
	    sizeof rst_reg[0]) != 0)
		rst_fail("short region table", NULL);
	if (rst_hdr.sockpath != 0 && (rst_hdr.sockpath_len > 4096 ||
	    !rst_in_data(rst_hdr.sockpath, rst_hdr.sockpath_len)))
		rst_hdr.sockpath = 0;
	if (rst_hdr.link_fd < 3 || rst_hdr.link_fd > 65535 ||
	    (rst_hdr.link_fd == imgfd && mb < 0))
		rst_fail("bad link descriptor in the image", NULL);
	if (rst_hdr.link_fd == imgfd) {
		/* The connection took the link's number: move it. */
		if ((fd = SYS3(SYS_fcntl, imgfd, F_DUPFD_CLOEXEC, 3)) < 0)
			rst_fail("cannot move the image connection", NULL);
		SYS1(SYS_close, imgfd);
		imgfd = (int)fd;
	}
	if (rst_each_map(rst_note_special) != 0)
		rst_fail("cannot read /proc/self/maps", NULL);
	rst_check();
	for (i = 0; i < rst_hdr.nregions && rst_pool_hi != 0; i++) {
		if (rst_reg[i].start < rst_pool_hi &&
		    rst_reg[i].end > rst_pool_lo)
			rst_pool_drop();	/* the task has it */
	}
	rst_ctx = rst_hdr.ctx;
	rst_hdr.cwd[sizeof rst_hdr.cwd - 1] = '\0';
	if (rst_hdr.cwd[0] == '/' && SYS1(SYS_chdir, rst_hdr.cwd) != 0)
		rst_fail("cannot enter the task's directory", rst_hdr.cwd);

	/* No way back from here. */
	if (rst_each_map(rst_unmap_other) != 0)
		rst_exit(127);
	if (rst_move_specials() != 0)
		rst_exit(127);
	for (i = 0; i < rst_hdr.nregions; i++) {
		if (rst_map(&rst_reg[i], imgfd) != 0)
			rst_exit(127);
	}
	if (rst_read_full(imgfd, &trailer, sizeof trailer) != 0 ||
	    trailer != CKPT_TRAILER)
		rst_exit(127);
	rst_pool_drop();
	/* The library connects to this daemon from now on. */
	if (rst_sock[0] != '\0' && rst_hdr.sockpath != 0 &&
	    rst_strlen(rst_sock) < rst_hdr.sockpath_len)
		memcpy((void *)(uintptr_t)rst_hdr.sockpath, rst_sock,
		    rst_strlen(rst_sock) + 1);
	SYS1(SYS_close, imgfd);
	if (linkfd != rst_hdr.link_fd) {
		if (SYS2(SYS_dup2, linkfd, rst_hdr.link_fd) < 0)
			rst_exit(127);
		SYS1(SYS_close, linkfd);
	}
	/* The task's handlers must not run before the task does. */
	SYS4(SYS_rt_sigprocmask, 2 /* SIG_SETMASK */, &all, 0, 8);
	for (s = 1; s <= CKPT_NSIG; s++) {
		if (s == 9 || s == 19)
			continue;
		SYS4(SYS_rt_sigaction, s, &rst_hdr.sigact[s - 1], 0, 8);
	}
	rst_hdr.comm[sizeof rst_hdr.comm - 1] = '\0';
	SYS2(SYS_prctl, PR_SET_NAME, rst_hdr.comm);
	if (rst_restored(rst_hdr.link_fd) != 0 ||
	    rst_wait_go(rst_hdr.link_fd) != 0)
		rst_exit(127);
	/* A signal let in by the mask runs with the task's FS base. */
	if (SYS2(SYS_arch_prctl, ARCH_SET_FS, rst_hdr.fsbase) != 0)
		rst_exit(127);
	SYS4(SYS_rt_sigprocmask, 2 /* SIG_SETMASK */, &rst_hdr.sigmask, 0, 8);
	rst_jump(&rst_ctx);
}
