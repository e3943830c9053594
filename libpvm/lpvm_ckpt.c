/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Checkpoint of the task by itself (Linux x86-64, one thread).
 *
 * The daemon freezes the task: it holds every frame for it, sends
 * CKPT_ORDER on the link, shuts its side of the link for writing and
 * sends PVM_CKPT_SIGNAL with the order's token.  The checkpoint runs
 * where it cannot cut a frame in two: in the signal handler when the
 * library is not doing link I/O, else at the next safe point (the wait
 * loop of lpvm_pump, or the end of the link call).
 *
 * The checkpoint drains the old link up to its end into the stash (the
 * bytes are read again by the library before anything from the new
 * link, so frames already sent to the task move with its memory),
 * connects to the daemon again (CKPT_BEGIN) and learns from CKPT_DEST
 * where the image (common/ckpt-image.h) goes: back on that connection
 * as CKPT_DATA frames (a checkpoint to a file), or, for a move, straight
 * to the target host's pvmd over TCP, with the key that opens its door.
 * It saves its registers, sends the image, then waits for CKPT_DONE:
 * CONTINUE makes that connection the daemon link, EXIT ends the process
 * (it runs elsewhere now).  A restart helper
 * (pvmd/pvm_restart.c) maps the image back and jumps to the saved
 * registers: lpvm_ckpt_save returns a second time, with 1, in the new
 * process, whose daemon link the helper put on the old link's number.
 *
 * Everything from the handler on uses async-signal-safe calls only: no
 * malloc, no stdio.
 */

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>

#include <netinet/in.h>

#include <asm/prctl.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lpvm.h"
#include "paths.h"
#include "pvm3x.h"
#include "ckpt-image.h"

/* How long the old link may take to end, in milliseconds. */
#define CKPT_DRAIN_MS		30000
/* Largest CKPT_DATA body sent. */
#define CKPT_CHUNK		(4U << 20)
/* Send buffer of the TCP connection an image goes over. */
#define CKPT_SOCKBUF		(4 << 20)
/* Checkpoint tokens remembered as done. */
#define CKPT_DONE_KEEP		32
/* Files recorded for reopening. */
#define CKPT_FILES_MAX		64
/* Bytes scanned in glibc's thread descriptor for the cached thread id. */
#define CKPT_TID_SCAN		4096
/* Descriptors kept from the drained link (rings, routes, doorbells). */
#define CKPT_RFDS_MAX		256
/* The scratch mapping: region table, then a read buffer. */
#define CKPT_RBUF_SIZE		65536
#define CKPT_SCRATCH_SIZE	(CKPT_MAX_REGIONS * sizeof (struct ckpt_region) \
				    + CKPT_RBUF_SIZE)

struct ckpt_file {
	int		 fd;
	int		 flags;		/* F_GETFL */
	int		 fdflags;	/* F_GETFD */
	int		 regular;	/* else reported only */
	off_t		 off;
	char		 path[CKPT_PATH_MAX];
};

static struct {
	int			 ready;		/* handler installed */
	volatile sig_atomic_t	 busy;		/* in link I/O */
	volatile sig_atomic_t	 pending;	/* token of an order, or 0 */
	/*
	 * Tokens of the last checkpoints: their orders may still be read
	 * from the stash (a task that makes no PVM call between moves
	 * carries them along) and must not start another.
	 */
	int			 done[CKPT_DONE_KEEP];
	unsigned int		 ndone;
	pid_t			 daemon_pid;
	struct sockaddr_un	 sun;

	int			 rfds[CKPT_RFDS_MAX];	/* came with them */
	int			 nrfds;
	unsigned char		*stash;		/* drained link bytes */
	size_t			 stash_off;
	size_t			 stash_len;
	size_t			 stash_cap;

	int			 tidoff;	/* in struct pthread, or -1 */
	stack_t			 altstack;
	struct ckpt_file	 files[CKPT_FILES_MAX];
	int			 nfiles;

	unsigned char		*scratch;
	struct ckpt_region	*reg;
	int			 nreg;
	struct ckpt_header	 hdr;
	sigset_t		 oldmask;

	/* Where the image goes (CKPT_DEST), and how much went there. */
	int			 dest;		/* PVM_CKPT_DEST_*, or < 0 */
	struct sockaddr_in	 dest_sin;
	uint8_t			 dest_key[PVM_CHAN_TOKEN_LEN];
	int			 imgfd;		/* the image link */
	int			 sock;		/* the TCP connection, or -1 */
	uint64_t		 sent;
	int			 saved;		/* the hook heard of it */

	const char		*why;		/* a refusal, for stderr */
	void			(*hook)(int, void *);	/* pvm_ckpt_hook */
	void			*hookarg;
} ck = { .tidoff = -1, .sock = -1 };

int		 lpvm_ckpt_save(struct ckpt_ctx *) __attribute__((returns_twice));

static void	 ckpt_handler(int, siginfo_t *, void *);
static int	 ckpt_seen(int);
static void	 ckpt_run(int);
static int	 ckpt_threads(void);
static int	 ckpt_drain(int);
static int	 ckpt_stash_room(size_t);
static int	 ckpt_connect(void);
static void	 ckpt_dead_link(int);
static int	 ckpt_frame(int, int, uint32_t, int, const void *, size_t);
static int	 ckpt_writev(int, struct iovec *, int);
static int	 ckpt_read_full(int, void *, size_t, int);
static int	 ckpt_wait_done(int);
static int	 ckpt_read_dest(int);
static int	 ckpt_stopped(void);
static int	 ckpt_tcp_wait(short);
static int	 ckpt_tcp_open(void);
static int	 ckpt_put(const void *, size_t);
static int	 ckpt_image(void);
static int	 ckpt_maps(uint64_t);
static int	 ckpt_region_add(uint64_t, uint64_t, const char *, uint64_t,
		     const char *, uint64_t);
static void	 ckpt_files_record(int, int);
static void	 ckpt_restored(void);
static void	 ckpt_say(const char *, int, const char *);
static size_t	 ckpt_strlcpy(char *, const char *, size_t);

/*
 * Save the registers a call keeps (and the FP control words) in *ctx and
 * return 0.  A restart helper jumps back here with 1.
 */
__asm__(
	"	.text\n"
	"	.globl	lpvm_ckpt_save\n"
	"	.hidden	lpvm_ckpt_save\n"
	"	.type	lpvm_ckpt_save, @function\n"
	"lpvm_ckpt_save:\n"
	"	movq	%rbx, 0(%rdi)\n"
	"	movq	%rbp, 8(%rdi)\n"
	"	movq	%r12, 16(%rdi)\n"
	"	movq	%r13, 24(%rdi)\n"
	"	movq	%r14, 32(%rdi)\n"
	"	movq	%r15, 40(%rdi)\n"
	"	leaq	8(%rsp), %rax\n"
	"	movq	%rax, 48(%rdi)\n"
	"	movq	(%rsp), %rax\n"
	"	movq	%rax, 56(%rdi)\n"
	"	stmxcsr	64(%rdi)\n"
	"	fnstcw	68(%rdi)\n"
	"	xorl	%eax, %eax\n"
	"	ret\n"
	"	.size	lpvm_ckpt_save, .-lpvm_ckpt_save\n"
	"	.section .note.GNU-stack,\"\",@progbits\n"
	"	.text\n");

static size_t
ckpt_strlcpy(char *dst, const char *src, size_t size)
{
	size_t	n = 0;

	while (src[n] != '\0')
		n++;
	if (size != 0) {
		size_t	c = n < size - 1 ? n : size - 1;

		memcpy(dst, src, c);
		dst[c] = '\0';
	}
	return (n);
}

/*
 * At enrolment: install the handler (unless the program has one for the
 * signal), learn the daemon's pid and the socket path, and find where
 * glibc keeps this thread's kernel id (it changes with the process).
 */
void
lpvm_ckpt_init(int fd)
{
	struct sigaction	 sa, old;
	struct ucred		 cred;
	socklen_t		 len = sizeof cred;
	char			*cause = NULL;
	const char		*env;
	pid_t			 tid;
	unsigned char		*self;
	int			 i;

	memset(&ck.sun, 0, sizeof ck.sun);
	ck.sun.sun_family = AF_UNIX;
	/* A spawned task is told its daemon's socket (several may run). */
	if ((env = getenv(PVM_ENV_SOCK)) != NULL && *env == '/' &&
	    strlen(env) < sizeof ck.sun.sun_path)
		memcpy(ck.sun.sun_path, env, strlen(env) + 1);
	else if (paths_file(PATHS_SOCKET, ck.sun.sun_path,
	    sizeof ck.sun.sun_path, &cause) != 0) {
		free(cause);
		return;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == -1)
		return;
	ck.daemon_pid = cred.pid;

	tid = (pid_t)syscall(SYS_gettid);
	self = (unsigned char *)pthread_self();
	ck.tidoff = -1;
	for (i = 0; i + (int)sizeof tid <= CKPT_TID_SCAN; i += sizeof tid) {
		if (memcmp(self + i, &tid, sizeof tid) == 0) {
			ck.tidoff = i;
			break;
		}
	}

	if (ck.ready)
		return;
	if (sigaction(PVM_CKPT_SIGNAL, NULL, &old) == -1 ||
	    old.sa_handler != SIG_DFL)
		return;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = ckpt_handler;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(PVM_CKPT_SIGNAL, &sa, NULL) == 0)
		ck.ready = 1;
}

/* Whether the checkpoint of token tok ran already. */
static int
ckpt_seen(int tok)
{
	unsigned int	i;

	for (i = 0; i < CKPT_DONE_KEEP; i++) {
		if (ck.done[i] == tok)
			return (1);
	}
	return (0);
}

/* Link I/O starts: no checkpoint may cut it. */
void
lpvm_ckpt_enter(void)
{
	ck.busy++;
}

/* Link I/O ends: run a checkpoint that waited for it. */
void
lpvm_ckpt_leave(void)
{
	if (--ck.busy == 0 && ck.pending != 0 && !ckpt_seen(ck.pending))
		ckpt_run(ck.pending);
}

/* Between frames, in a wait for input: run a waiting checkpoint. */
void
lpvm_ckpt_safepoint(void)
{
	if (ck.pending != 0 && !ckpt_seen(ck.pending))
		ckpt_run(ck.pending);
}

/* CKPT_ORDER arrived on the link with this token. */
void
lpvm_ckpt_order(uint32_t token)
{
	int	tok = (int)(token & INT_MAX);

	if (tok != 0 && !ckpt_seen(tok))
		ck.pending = tok;
}

/*
 * Whether the end of the link is expected: a checkpoint was ordered and
 * the daemon shut the link after the order.
 */
int
lpvm_ckpt_eof(void)
{
	return (ck.pending != 0 && !ckpt_seen(ck.pending));
}

/*
 * The bytes of the daemon link drained at a checkpoint come before what
 * the socket has: up to want of them into buf.  Returns how many, 0 if
 * there are none left.
 */
size_t
lpvm_ckpt_unstash(void *buf, size_t want)
{
	size_t	n;

	if (ck.stash == NULL)
		return (0);
	n = ck.stash_len - ck.stash_off;
	if (n > want)
		n = want;
	memcpy(buf, ck.stash + ck.stash_off, n);
	ck.stash_off += n;
	if (ck.stash_off == ck.stash_len) {
		munmap(ck.stash, ck.stash_cap);
		ck.stash = NULL;
		ck.stash_off = ck.stash_len = ck.stash_cap = 0;
	}
	return (n);
}

static void
ckpt_handler(int sig, siginfo_t *si, void *uc)
{
	int	saved = errno, tok;

	if (si->si_code != SI_QUEUE || si->si_pid != ck.daemon_pid)
		goto out;
	tok = si->si_value.sival_int & INT_MAX;
	if (tok == 0 || ckpt_seen(tok))
		goto out;
	if (ck.busy)
		ck.pending = tok;
	else
		ckpt_run(tok);
out:
	errno = saved;
}

/* Write a message and a number to stderr (async-signal-safe). */
static void
ckpt_say(const char *what, int num, const char *rest)
{
	char	buf[512], digits[16];
	size_t	len = 0, n;
	int	i = 0;
	unsigned int u;

	len = ckpt_strlcpy(buf, "libpvm: ", sizeof buf);
	n = ckpt_strlcpy(buf + len, what, sizeof buf - len);
	len += n < sizeof buf - len ? n : sizeof buf - len - 1;
	if (num >= 0 && len + 12 < sizeof buf) {
		u = (unsigned int)num;
		do {
			digits[i++] = '0' + u % 10;
			u /= 10;
		} while (u != 0);
		while (i > 0)
			buf[len++] = digits[--i];
		buf[len] = '\0';
	}
	n = ckpt_strlcpy(buf + len, rest, sizeof buf - len);
	len += n < sizeof buf - len ? n : sizeof buf - len - 1;
	if (len < sizeof buf - 1)
		buf[len++] = '\n';
	(void)write(2, buf, len);
}

/*
 * Checkpoint now, for the order with token tok.  Returns in this process
 * (checkpoint to a file, or refused) or in the restarted one.
 */
static void
ckpt_run(int tok)
{
	sigset_t	 block;
	int		 linkfd, fd, code = 0, action, nfds;

	sigemptyset(&block);
	sigaddset(&block, PVM_CKPT_SIGNAL);
	sigprocmask(SIG_BLOCK, &block, &ck.oldmask);
	ck.busy++;
	ck.done[ck.ndone++ % CKPT_DONE_KEEP] = tok;
	ck.pending = 0;
	ck.saved = 0;

	if ((linkfd = lpvm_conn_fd()) == -1)
		goto out;
	if (ckpt_threads() > 1) {
		code = PvmNotImpl;
		ck.why = "checkpoint refused: the task has more than one "
		    "thread";
	}
	if (ckpt_drain(linkfd) != 0) {
		ckpt_say("checkpoint: the daemon link did not end", -1, "");
		goto out;
	}
	/*
	 * Every direct route ends: what came on one joins the stash, read
	 * after the link's frames.
	 */
	nfds = ck.nrfds + lpvm_conn_take_rfds(ck.rfds + ck.nrfds,
	    CKPT_RFDS_MAX - ck.nrfds);
	ck.nrfds = 0;
	if (lpvm_chan_ckpt(ck.rfds, nfds) != 0 && code == 0) {
		code = PvmNoMem;
		ck.why = "checkpoint refused: no memory for messages of "
		    "direct routes";
	}
	/* The daemon waits for the old link to end before answering. */
	close(linkfd);
	if ((fd = ckpt_connect()) == -1) {
		ckpt_say("checkpoint: cannot reach the daemon", -1, "");
		ckpt_dead_link(linkfd);
		goto out;
	}
	if (ckpt_frame(fd, PVM_MSG_CKPT_BEGIN, (uint32_t)tok, 0, NULL,
	    0) != 0) {
		close(fd);
		ckpt_dead_link(linkfd);
		goto out;
	}
	/* The daemon may not know it yet: it asks the target first. */
	if (ckpt_read_dest(fd) != 0 && code == 0)
		code = PvmSysErr;
	else if (ck.dest < 0 && code == 0)
		code = ck.dest;		/* the move failed already */
#ifdef __SANITIZE_ADDRESS__
	code = PvmNotImpl;	/* the shadow memory cannot move */
	ck.why = "checkpoint refused: built with AddressSanitizer";
#endif
	if (code == 0) {
		if (ck.hook != NULL)
			ck.hook(PvmCkptSave, ck.hookarg);
		ck.saved = 1;
		ckpt_files_record(linkfd, fd);
		ck.scratch = mmap(NULL, CKPT_SCRATCH_SIZE,
		    PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (ck.scratch == MAP_FAILED) {
			ck.scratch = NULL;
			code = PvmNoMem;
		}
	}
	if (code == 0) {
		ck.reg = (struct ckpt_region *)ck.scratch;
		if (lpvm_ckpt_save(&ck.hdr.ctx) != 0) {
			/* In the restarted process. */
			ckpt_restored();
			goto out;
		}
		code = ckpt_image();
	}
	if (ck.dest == PVM_CKPT_DEST_TCP)
		(void)ckpt_frame(fd, PVM_MSG_CKPT_END, (uint32_t)tok, code,
		    &ck.sent, sizeof ck.sent);
	else
		(void)ckpt_frame(fd, PVM_MSG_CKPT_END, (uint32_t)tok, code,
		    NULL, 0);
	if (ck.scratch != NULL) {
		munmap(ck.scratch, CKPT_SCRATCH_SIZE);
		ck.scratch = NULL;
	}
	action = ckpt_wait_done(fd);
	if (action == PVM_CKPT_EXIT)
		_exit(0);
	/* CONTINUE, or the daemon is gone: this is the link now. */
	if (fd != linkfd) {
		if (dup2(fd, linkfd) == -1)
			ckpt_say("checkpoint: dup2 failed", -1, "");
		close(fd);
	}
	(void)fcntl(linkfd, F_SETFL, fcntl(linkfd, F_GETFL) | O_NONBLOCK);
	(void)fcntl(linkfd, F_SETFD, FD_CLOEXEC);
	if (code == PvmNotImpl)
		ckpt_say(ck.why, -1, "");
	else if (ck.hook != NULL && action != 0 && ck.saved)
		ck.hook(PvmCkptResume, ck.hookarg);
out:
	ck.pending = 0;
	ck.busy--;
	sigprocmask(SIG_SETMASK, &ck.oldmask, NULL);
}

/* Threads of this process, from /proc/self/status; 0 if unknown. */
static int
ckpt_threads(void)
{
	char		 buf[4096], *p;
	ssize_t		 n;
	size_t		 len = 0;
	int		 fd, v = 0;

	if ((fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC)) == -1)
		return (0);
	while (len < sizeof buf - 1 &&
	    (n = read(fd, buf + len, sizeof buf - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	buf[len] = '\0';
	if ((p = strstr(buf, "\nThreads:")) == NULL)
		return (0);
	p += 9;
	while (*p == ' ' || *p == '\t')
		p++;
	while (*p >= '0' && *p <= '9')
		v = v * 10 + (*p++ - '0');
	return (v);
}

/*
 * Read the old link to its end (the daemon shut it after CKPT_ORDER)
 * into the stash.  Returns 0, or -1 if it does not end in time.
 */
static int
ckpt_drain(int fd)
{
	struct pollfd	 pfd;
	ssize_t		 n;
	int		 waited = 0;

	for (;;) {
		if (ckpt_stash_room(1) != 0)
			return (-1);
		n = lpvm_conn_recv(fd, ck.stash + ck.stash_len,
		    ck.stash_cap - ck.stash_len);
		if (n > 0) {
			ck.stash_len += (size_t)n;
			/* Descriptors of frames in the stash. */
			ck.nrfds += lpvm_conn_take_rfds(ck.rfds + ck.nrfds,
			    CKPT_RFDS_MAX - ck.nrfds);
			continue;
		}
		if (n == 0)
			break;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			break;		/* reset: it ended too */
		if (waited >= CKPT_DRAIN_MS)
			return (-1);
		pfd.fd = fd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (poll(&pfd, 1, 100) == 0)
			waited += 100;
	}
	if (ck.stash_len == ck.stash_off) {
		munmap(ck.stash, ck.stash_cap);
		ck.stash = NULL;
		ck.stash_off = ck.stash_len = ck.stash_cap = 0;
	}
	return (0);
}

/*
 * Room in the stash for n more bytes (mapped memory: this may run in a
 * signal handler).  Returns 0 or -1.
 */
static int
ckpt_stash_room(size_t n)
{
	unsigned char	*p;
	size_t		 ncap;

	if (ck.stash != NULL && ck.stash_cap - ck.stash_len >= n)
		return (0);
	ncap = ck.stash_cap == 0 ? (1U << 20) : ck.stash_cap;
	while (ncap - ck.stash_len < n) {
		if (ncap > SIZE_MAX / 2)
			return (-1);
		ncap *= 2;
	}
	if (ck.stash == NULL)
		p = mmap(NULL, ncap, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	else if (ncap == ck.stash_cap)
		return (0);
	else
		p = mremap(ck.stash, ck.stash_cap, ncap, MREMAP_MAYMOVE);
	if (p == MAP_FAILED)
		return (-1);
	ck.stash = p;
	ck.stash_cap = ncap;
	return (0);
}

/* Add n bytes at the end of the stash (lpvm_chan_ckpt).  0 or -1. */
int
lpvm_ckpt_stash_put(const void *p, size_t n)
{
	if (n == 0)
		return (0);
	if (ckpt_stash_room(n) != 0)
		return (-1);
	memcpy(ck.stash + ck.stash_len, p, n);
	ck.stash_len += n;
	return (0);
}

/* The stash's length, for lpvm_ckpt_stash_trunc. */
size_t
lpvm_ckpt_stash_len(void)
{
	return (ck.stash_len);
}

/* Take back what was put since the stash had length len. */
void
lpvm_ckpt_stash_trunc(size_t len)
{
	if (len < ck.stash_len && len >= ck.stash_off)
		ck.stash_len = len;
}

/*
 * The link could not be replaced: its number now reads as a closed
 * link, so that the library reports the daemon lost.
 */
static void
ckpt_dead_link(int linkfd)
{
	int	fd;

	if ((fd = open("/dev/null", O_RDONLY | O_CLOEXEC)) == -1)
		return;
	if (fd != linkfd) {
		(void)dup2(fd, linkfd);
		close(fd);
	}
}

/* A new blocking connection to the daemon, or -1. */
static int
ckpt_connect(void)
{
	int	fd;

	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return (-1);
	while (connect(fd, (struct sockaddr *)&ck.sun, sizeof ck.sun) == -1) {
		if (errno == EINTR)
			continue;
		close(fd);
		return (-1);
	}
	return (fd);
}

static int
ckpt_writev(int fd, struct iovec *iov, int n)
{
	ssize_t	w;

	while (n > 0) {
		w = writev(fd, iov, n);
		if (w == -1) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		while (n > 0 && (size_t)w >= iov->iov_len) {
			w -= iov->iov_len;
			iov++;
			n--;
		}
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + w;
			iov->iov_len -= w;
		}
	}
	return (0);
}

/* Send one frame from the task on fd.  Returns 0 or -1. */
static int
ckpt_frame(int fd, int type, uint32_t reqid, int tag, const void *body,
    size_t len)
{
	struct pvm_frame f;
	struct iovec	 iov[2];
	uint8_t		 hdr[PVM_FRAME_HDRLEN];

	memset(&f, 0, sizeof f);
	f.type = type;
	f.reqid = reqid;
	f.src = lpvm.mytid;
	f.dst = lpvm.pvmd_tid;
	f.tag = tag;
	f.len = (uint32_t)len;
	wire_hdr_encode(&f, hdr);
	iov[0].iov_base = hdr;
	iov[0].iov_len = sizeof hdr;
	iov[1].iov_base = (void *)body;
	iov[1].iov_len = len;
	return (ckpt_writev(fd, iov, len != 0 ? 2 : 1));
}

/* Read exactly len bytes, waiting up to ms per read (-1: forever). */
static int
ckpt_read_full(int fd, void *buf, size_t len, int ms)
{
	struct pollfd	pfd;
	ssize_t		n;
	size_t		got = 0;

	while (got < len) {
		pfd.fd = fd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		n = poll(&pfd, 1, ms);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return (-1);
		n = read(fd, (char *)buf + got, len - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return (-1);
		got += (size_t)n;
	}
	return (0);
}

/*
 * The daemon's CKPT_DONE action, or 0 if it does not come.  A stop
 * (CKPT_DEST) that crossed the end of the image is passed over.
 */
static int
ckpt_wait_done(int fd)
{
	struct pvm_frame f;
	const char	*cause;
	uint8_t		 hdr[PVM_FRAME_HDRLEN];

	for (;;) {
		if (ckpt_read_full(fd, hdr, sizeof hdr, -1) != 0)
			return (0);
		if (wire_hdr_decode(hdr, &f, 0, &cause) != 0)
			return (0);
		if (f.type == PVM_MSG_CKPT_DONE)
			return (f.tag);
		if (f.type != PVM_MSG_CKPT_DEST)
			return (0);
	}
}

/*
 * Read CKPT_DEST, the daemon's answer to CKPT_BEGIN, into ck.  Returns
 * 0, or -1 if it does not come or makes no sense.
 */
static int
ckpt_read_dest(int fd)
{
	struct pvm_frame f;
	const char	*cause;
	uint8_t		 hdr[PVM_FRAME_HDRLEN], body[PVM_CKPT_DEST_LEN];
	uint32_t	 port;

	ck.dest = PvmSysErr;
	ck.imgfd = fd;
	ck.sent = 0;
	if (ckpt_read_full(fd, hdr, sizeof hdr, -1) != 0 ||
	    wire_hdr_decode(hdr, &f, sizeof body, &cause) != 0 ||
	    f.type != PVM_MSG_CKPT_DEST)
		return (-1);
	if (f.tag != PVM_CKPT_DEST_TCP) {
		if (f.len != 0 || f.tag > 0)
			return (-1);
		ck.dest = f.tag;
		return (0);
	}
	if (f.len != sizeof body ||
	    ckpt_read_full(fd, body, sizeof body, -1) != 0)
		return (-1);
	memset(&ck.dest_sin, 0, sizeof ck.dest_sin);
	ck.dest_sin.sin_family = AF_INET;
	memcpy(&ck.dest_sin.sin_addr, body, 4);
	memcpy(&port, body + 4, sizeof port);
	port = ntohl(port);
	if (port == 0 || port > 65535)
		return (-1);
	ck.dest_sin.sin_port = htons((uint16_t)port);
	memcpy(ck.dest_key, body + 8, sizeof ck.dest_key);
	ck.dest = PVM_CKPT_DEST_TCP;
	return (0);
}

/*
 * The daemon wrote on the image link while the image goes over TCP: a
 * stop, with the reason (a PVM error code), or the daemon is gone.
 */
static int
ckpt_stopped(void)
{
	struct pvm_frame f;
	const char	*cause;
	uint8_t		 hdr[PVM_FRAME_HDRLEN];

	if (ckpt_read_full(ck.imgfd, hdr, sizeof hdr, -1) != 0 ||
	    wire_hdr_decode(hdr, &f, 0, &cause) != 0 ||
	    f.type != PVM_MSG_CKPT_DEST || f.tag >= 0)
		return (PvmSysErr);
	return (f.tag);
}

/*
 * Wait until the TCP connection is ready for events, or the daemon says
 * stop: no timeout here, the daemon stops a move that takes too long.
 * Returns 0, or a PVM error code.
 */
static int
ckpt_tcp_wait(short events)
{
	struct pollfd	pfd[2];
	int		n;

	for (;;) {
		pfd[0].fd = ck.sock;
		pfd[0].events = events;
		pfd[0].revents = 0;
		pfd[1].fd = ck.imgfd;
		pfd[1].events = POLLIN;
		pfd[1].revents = 0;
		n = poll(pfd, 2, -1);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return (PvmSysErr);
		if (pfd[1].revents != 0)
			return (ckpt_stopped());
		if (pfd[0].revents & (POLLERR | POLLHUP | POLLNVAL))
			return (PvmHostFail);	/* the target went */
		if (pfd[0].revents & events)
			return (0);
	}
}

/*
 * Connect to the target's door and present the key.  Returns 0 with
 * ck.sock set, or a PVM error code.
 */
static int
ckpt_tcp_open(void)
{
	uint8_t		hello[PVM_CHAN_HELLO_LEN];
	uint32_t	v;
	socklen_t	elen;
	int		err, size = CKPT_SOCKBUF, cc;

	ck.sock = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (ck.sock == -1)
		return (PvmSysErr);
	(void)setsockopt(ck.sock, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
	if (connect(ck.sock, (struct sockaddr *)&ck.dest_sin,
	    sizeof ck.dest_sin) == -1) {
		if (errno != EINPROGRESS && errno != EINTR)
			return (PvmHostFail);
		if ((cc = ckpt_tcp_wait(POLLOUT)) != 0)
			return (cc);
		elen = sizeof err;
		if (getsockopt(ck.sock, SOL_SOCKET, SO_ERROR, &err,
		    &elen) == -1 || err != 0)
			return (PvmHostFail);
	}
	v = htonl(PVM_CKPT_HELLO_MAGIC);
	memcpy(hello, &v, 4);
	memcpy(hello + 4, ck.dest_key, PVM_CHAN_TOKEN_LEN);
	v = htonl((uint32_t)lpvm.mytid);
	memcpy(hello + 4 + PVM_CHAN_TOKEN_LEN, &v, 4);
	memcpy(hello + 8 + PVM_CHAN_TOKEN_LEN, &v, 4);
	memset(ck.dest_key, 0, sizeof ck.dest_key);
	if ((cc = ckpt_put(hello, sizeof hello)) != 0)
		return (cc);
	ck.sent = 0;		/* the image only */
	return (0);
}

/*
 * Send len bytes of the image at p where it goes: a CKPT_DATA frame per
 * CKPT_CHUNK on the image link, or raw on the TCP connection.  Returns
 * 0 or a PVM error code.
 */
static int
ckpt_put(const void *p, size_t len)
{
	struct pvm_frame f;
	struct iovec	 iov[2];
	uint8_t		 fh[PVM_FRAME_HDRLEN];
	const char	*b = p;
	ssize_t		 n;
	size_t		 chunk;
	int		 cc;

	if (ck.dest != PVM_CKPT_DEST_TCP) {
		memset(&f, 0, sizeof f);
		f.type = PVM_MSG_CKPT_DATA;
		f.src = lpvm.mytid;
		f.dst = lpvm.pvmd_tid;
		for (; len > 0; b += chunk, len -= chunk) {
			chunk = len < CKPT_CHUNK ? len : CKPT_CHUNK;
			f.len = (uint32_t)chunk;
			wire_hdr_encode(&f, fh);
			iov[0].iov_base = fh;
			iov[0].iov_len = sizeof fh;
			iov[1].iov_base = (void *)(uintptr_t)b;
			iov[1].iov_len = chunk;
			if (ckpt_writev(ck.imgfd, iov, 2) != 0)
				return (PvmSysErr);
		}
		return (0);
	}
	while (len > 0) {
		n = send(ck.sock, b, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n > 0) {
			b += n;
			len -= (size_t)n;
			ck.sent += (uint64_t)n;
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno != EAGAIN && errno != EWOULDBLOCK)
			return (PvmHostFail);	/* the target went */
		if ((cc = ckpt_tcp_wait(POLLOUT)) != 0)
			return (cc);
	}
	return (0);
}

/*
 * Add region [start, end) with perms ("rwxp") and path (may be empty)
 * to the table, classified.  rsp marks the stack.  Returns 0, or -1 if
 * the table is full.
 */
static int
ckpt_region_add(uint64_t start, uint64_t end, const char *perms,
    uint64_t off, const char *path, uint64_t rsp)
{
	struct ckpt_region	*r;
	uint64_t		 slo, shi;
	size_t			 plen;
	int			 shared, named;

	/* The scratch mapping stays out of the image. */
	slo = (uint64_t)(uintptr_t)ck.scratch;
	shi = slo + CKPT_SCRATCH_SIZE;
	if (start < shi && end > slo) {
		if (start < slo && ckpt_region_add(start, slo, perms, off,
		    path, rsp) != 0)
			return (-1);
		if (end > shi && ckpt_region_add(shi, end, perms,
		    off + (shi - start), path, rsp) != 0)
			return (-1);
		return (0);
	}
	if (strcmp(path, "[vsyscall]") == 0 || strcmp(path, "[uprobes]") == 0)
		return (0);
	/* What a restart helper left behind. */
	if (start >= CKPT_HELPER_BASE &&
	    end <= CKPT_HELPER_BASE + CKPT_HELPER_SIZE)
		return (0);
	if (ck.nreg == CKPT_MAX_REGIONS)
		return (-1);
	r = &ck.reg[ck.nreg];
	memset(r, 0, sizeof *r);
	r->start = start;
	r->end = end;
	r->prot = (perms[0] == 'r' ? PROT_READ : 0) |
	    (perms[1] == 'w' ? PROT_WRITE : 0) |
	    (perms[2] == 'x' ? PROT_EXEC : 0);
	shared = perms[3] == 's';
	plen = ckpt_strlcpy(r->path, path, sizeof r->path);
	named = path[0] == '[';

	if (strcmp(path, "[vdso]") == 0 || strncmp(path, "[vvar", 5) == 0)
		r->kind = CKPT_R_SPECIAL;
	else if ((r->prot & PROT_READ) == 0)
		r->kind = CKPT_R_NONE;
	else if (path[0] == '/' && plen < sizeof r->path &&
	    strstr(path, " (deleted)") == NULL &&
	    (shared || ((r->prot & PROT_EXEC) && !(r->prot & PROT_WRITE)))) {
		r->kind = CKPT_R_FILE;
		r->offset = off;
		if (shared)
			r->flags |= CKPT_RF_SHARED;
	} else
		r->kind = CKPT_R_DATA;
	if (r->kind != CKPT_R_FILE && r->kind != CKPT_R_SPECIAL && !named)
		r->path[0] = '\0';
	if (strcmp(path, "[stack]") == 0 || (rsp >= start && rsp < end))
		r->flags |= CKPT_RF_STACK;
	if (r->kind == CKPT_R_DATA)
		ck.hdr.datalen += end - start;
	ck.nreg++;
	return (0);
}

/* Read /proc/self/maps into the region table.  Returns 0 or -1. */
static int
ckpt_maps(uint64_t rsp)
{
	char		*buf, *line, *nl, *p, perms[5];
	const char	*q;
	uint64_t	 start, end, off;
	size_t		 len = 0;
	ssize_t		 n;
	int		 fd, i, eof = 0;

	buf = (char *)ck.scratch + CKPT_MAX_REGIONS *
	    sizeof (struct ckpt_region);
	ck.nreg = 0;
	ck.hdr.datalen = 0;
	if ((fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC)) == -1)
		return (-1);
	while (!eof || len > 0) {
		if (!eof && len < CKPT_RBUF_SIZE - 1) {
			n = read(fd, buf + len, CKPT_RBUF_SIZE - 1 - len);
			if (n == -1 && errno == EINTR)
				continue;
			if (n <= 0)
				eof = 1;
			else
				len += (size_t)n;
		}
		buf[len] = '\0';
		if ((nl = memchr(buf, '\n', len)) == NULL) {
			if (!eof)
				continue;
			if (len == 0)
				break;
			nl = buf + len;
		}
		*nl = '\0';
		line = buf;
		q = line;
		start = ckpt_image_hex(&q);
		if (*q++ != '-')
			goto bad;
		end = ckpt_image_hex(&q);
		if (*q++ != ' ')
			goto bad;
		for (i = 0; i < 4; i++) {
			if (*q == '\0')
				goto bad;
			perms[i] = *q++;
		}
		perms[4] = '\0';
		if (*q++ != ' ')
			goto bad;
		off = ckpt_image_hex(&q);
		/* dev and inode, then the path if any. */
		for (i = 0; i < 2; i++) {
			while (*q == ' ')
				q++;
			while (*q != ' ' && *q != '\0')
				q++;
		}
		while (*q == ' ')
			q++;
		p = (char *)q;
		if (ckpt_region_add(start, end, perms, off, p, rsp) != 0) {
			close(fd);
			return (-1);
		}
		if (nl == buf + len)
			len = 0;
		else {
			len -= (size_t)(nl + 1 - buf);
			memmove(buf, nl + 1, len);
		}
	}
	close(fd);
	return (0);
bad:
	close(fd);
	return (-1);
}

/*
 * Send the image where ck.dest says (after lpvm_ckpt_save): header,
 * region table, contents, trailer.  Returns 0 or a PVM error code.
 */
static int
ckpt_image(void)
{
	struct ckpt_header	*h = &ck.hdr;
	struct ckpt_region	*r;
	uint64_t		 trailer = CKPT_TRAILER;
	unsigned long		 fs = 0;
	sigset_t		 cur;
	int			 i, s, cc;

	if (ckpt_maps(h->ctx.rsp) != 0)
		return (PvmOutOfRes);
	h->magic = CKPT_MAGIC;
	h->version = CKPT_VERSION;
	h->hdrsize = sizeof *h;
	h->regsize = sizeof (struct ckpt_region);
	h->nregions = (uint32_t)ck.nreg;
	h->tid = lpvm.mytid;
	h->ptid = lpvm.ptid;
	h->link_fd = lpvm_conn_fd();
	h->out_tid = lpvm.self_out_tid;
	h->out_ctx = lpvm.self_out_ctx;
	h->out_tag = lpvm.self_out_tag;
	if (syscall(SYS_arch_prctl, ARCH_GET_FS, &fs) == -1)
		return (PvmSysErr);
	h->fsbase = fs;
	sigprocmask(SIG_SETMASK, NULL, &cur);
	h->sigmask = 0;
	for (s = 1; s <= CKPT_NSIG; s++) {
		if (sigismember(&cur, s) == 1)
			h->sigmask |= 1ULL << (s - 1);
		memset(&h->sigact[s - 1], 0, sizeof h->sigact[s - 1]);
		if (s == SIGKILL || s == SIGSTOP)
			continue;
		/* The kernel's own record, restorer included. */
		(void)syscall(SYS_rt_sigaction, s, NULL, &h->sigact[s - 1],
		    (size_t)8);
	}
	ckpt_strlcpy(h->name, program_invocation_short_name, sizeof h->name);
	(void)prctl(PR_GET_NAME, h->comm, 0, 0, 0);
	h->sockpath = (uint64_t)(uintptr_t)ck.sun.sun_path;
	h->sockpath_len = sizeof ck.sun.sun_path;
	if (syscall(SYS_getcwd, h->cwd, sizeof h->cwd) < 0)
		h->cwd[0] = '\0';
	(void)sigaltstack(NULL, &ck.altstack);

	if (ck.dest == PVM_CKPT_DEST_TCP && (cc = ckpt_tcp_open()) != 0)
		goto out;
	if ((cc = ckpt_put(h, sizeof *h)) != 0 ||
	    (cc = ckpt_put(ck.reg, (size_t)ck.nreg * sizeof *r)) != 0)
		goto out;
	for (i = 0; i < ck.nreg; i++) {
		r = &ck.reg[i];
		if (r->kind == CKPT_R_DATA && (cc = ckpt_put((void *)(uintptr_t)
		    r->start, r->end - r->start)) != 0)
			goto out;
	}
	cc = ckpt_put(&trailer, sizeof trailer);
out:
	if (ck.sock != -1) {
		close(ck.sock);
		ck.sock = -1;
	}
	return (cc);
}

/*
 * Record the open descriptors but the link, the image connection and
 * stdin/stdout/stderr when those are not files: regular files are
 * reopened after a restart, the others reported.
 */
static void
ckpt_files_record(int linkfd, int imgfd)
{
	struct ckpt_file	*cf;
	struct stat		 sb;
	char			 buf[4096], path[64], *d;
	long			 n, pos;
	unsigned short		 reclen;
	int			 dfd, fd;
	ssize_t			 l;

	ck.nfiles = 0;
	if ((dfd = open("/proc/self/fd", O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) == -1)
		return;
	while ((n = syscall(SYS_getdents64, dfd, buf, sizeof buf)) > 0) {
		for (pos = 0; pos < n; pos += reclen) {
			d = buf + pos;
			memcpy(&reclen, d + 16, sizeof reclen);
			d += 19;	/* d_ino, d_off, d_reclen, d_type */
			if (*d < '0' || *d > '9')
				continue;
			fd = 0;
			while (*d >= '0' && *d <= '9')
				fd = fd * 10 + (*d++ - '0');
			if (fd == dfd || fd == linkfd || fd == imgfd)
				continue;
			if (fstat(fd, &sb) == -1)
				continue;
			if (fd <= 2 && !S_ISREG(sb.st_mode))
				continue;
			if (ck.nfiles == CKPT_FILES_MAX)
				break;
			cf = &ck.files[ck.nfiles];
			memcpy(path, "/proc/self/fd/", 14);
			{
				char	 tmp[12];
				int	 k = 0, v = fd, j = 14;

				do {
					tmp[k++] = '0' + v % 10;
					v /= 10;
				} while (v != 0);
				while (k > 0)
					path[j++] = tmp[--k];
				path[j] = '\0';
			}
			l = readlink(path, cf->path, sizeof cf->path - 1);
			if (l < 0)
				l = 0;
			cf->path[l] = '\0';
			cf->fd = fd;
			cf->regular = S_ISREG(sb.st_mode) &&
			    cf->path[0] == '/' &&
			    (size_t)l < sizeof cf->path - 1;
			cf->flags = fcntl(fd, F_GETFL);
			cf->fdflags = fcntl(fd, F_GETFD);
			cf->off = cf->regular ? lseek(fd, 0, SEEK_CUR) : 0;
			ck.nfiles++;
		}
	}
	close(dfd);
}

/*
 * In the restarted process, still inside ckpt_run: glibc's cached thread
 * id, the daemon's pid, the link's flags, the files, the signal stack.
 */
static void
ckpt_restored(void)
{
	struct ckpt_file	*cf;
	struct ucred		 cred;
	socklen_t		 len = sizeof cred;
	pid_t			 tid;
	int			 i, fd, linkfd;

	ck.scratch = NULL;	/* not in the image */
	ck.sock = -1;		/* the old process's */
	munmap((void *)(uintptr_t)CKPT_HELPER_BASE, CKPT_HELPER_SIZE);
	tid = (pid_t)syscall(SYS_gettid);
	if (ck.tidoff >= 0)
		memcpy((unsigned char *)pthread_self() + ck.tidoff, &tid,
		    sizeof tid);
	linkfd = lpvm_conn_fd();
	if (linkfd != -1) {
		(void)fcntl(linkfd, F_SETFL,
		    fcntl(linkfd, F_GETFL) | O_NONBLOCK);
		(void)fcntl(linkfd, F_SETFD, FD_CLOEXEC);
		if (getsockopt(linkfd, SOL_SOCKET, SO_PEERCRED, &cred,
		    &len) == 0)
			ck.daemon_pid = cred.pid;
	}
	for (i = 0; i < ck.nfiles; i++) {
		cf = &ck.files[i];
		if (!cf->regular) {
			ckpt_say("restart: descriptor ", cf->fd,
			    " is not a file and was not restored");
			continue;
		}
		fd = open(cf->path, cf->flags & ~(O_CREAT | O_EXCL | O_TRUNC |
		    O_NOCTTY));
		if (fd == -1) {
			ckpt_say("restart: cannot reopen descriptor ", cf->fd,
			    cf->path);
			continue;
		}
		if (lseek(fd, cf->off, SEEK_SET) == -1 && cf->off != 0)
			ckpt_say("restart: cannot seek descriptor ", cf->fd,
			    cf->path);
		if (fd != cf->fd) {
			(void)dup2(fd, cf->fd);
			close(fd);
		}
		if (cf->fdflags >= 0)
			(void)fcntl(cf->fd, F_SETFD, cf->fdflags);
	}
	if (ck.altstack.ss_sp != NULL && !(ck.altstack.ss_flags & SS_DISABLE))
		(void)sigaltstack(&ck.altstack, NULL);
	if (ck.hook != NULL)
		ck.hook(PvmCkptRestore, ck.hookarg);
}

/*
 * Call fn(event, arg) around checkpoints of this task (pvm3x.h): fn runs
 * where the checkpoint runs, possibly in a signal handler.
 */
int
pvm_ckpt_hook(void (*fn)(int, void *), void *arg)
{
	sigset_t	block, old;

	sigemptyset(&block);
	sigaddset(&block, PVM_CKPT_SIGNAL);
	sigprocmask(SIG_BLOCK, &block, &old);
	ck.hook = fn;
	ck.hookarg = arg;
	sigprocmask(SIG_SETMASK, &old, NULL);
	return (PvmOk);
}
