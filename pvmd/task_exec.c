/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Starting the processes of one spawn request (a batch): each gets
 * /dev/null as stdin, one pipe as stdout and stderr, its daemon link as
 * descriptor 3, the request's directory and default signal handling,
 * then execs the program.
 *
 * On Linux x86-64 and arm64 the children start with clone(CLONE_VM),
 * without waiting for each to exec as vfork (and posix_spawn) does: the
 * daemon starts them all, then waits once until every one has exec'd or
 * failed.  While the machine is busy with the tasks started before,
 * that wait for each child to be scheduled was most of a spawn of many
 * tasks.  A child shares our memory until it execs, so it runs on a
 * stack of its own, touches nothing but its slot of the batch, and makes
 * its system calls directly: the C library's wrappers would write errno,
 * which is the daemon's.  Every signal is blocked in it until its
 * handlers are reset.  Each child holds the write end of the batch's
 * close-on-exec pipe; the end of file on the read end says that all have
 * exec'd or exited.
 *
 * Elsewhere each child is started by vfork, with the same child code.
 */

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "xmalloc.h"
#include "pvmd.h"

#if defined(__linux__) && (defined(__x86_64__) || defined(__aarch64__))
#define TASK_EXEC_CLONE		1
#endif

/* Stack of one child between clone and execve. */
#define TASK_EXEC_STACK		(16 * 1024)

/* The kernel's struct sigaction (rt_sigaction), for SIG_DFL only. */
struct task_exec_ksa {
	unsigned long	 handler;
	unsigned long	 flags;
	unsigned long	 restorer;
	unsigned long	 mask;
};

/* One child: what it needs, and its error if it could not exec. */
struct task_exec_child {
	const struct task_exec	*x;
	int			 linkfd;
	int			 outfd;
	volatile int		 error;
	pid_t			 pid;
};

struct task_exec {
	const char		*path;
	const char		*wd;
	char			**argv;
	char			**env;
	int			 nullfd;
	int			 resets[NSIG];	/* signals to set to SIG_DFL */
	int			 nresets;
	size_t			 count;
	struct task_exec_child	*child;
	int			 pipe[2];	/* ends of file when all exec'd */
	unsigned char		*stacks;
	size_t			 stacksz;
};

static long	task_exec_sys(long, long, long, long, long);
static int	task_exec_child(void *);
static void	task_exec_signals(struct task_exec *);
#ifndef TASK_EXEC_CLONE
static pid_t	task_exec_fork(struct task_exec_child *)
		    __attribute__((noinline));
#endif

/*
 * A system call without the C library: the return value, or -errno.
 * On Linux x86-64 and arm64 it leaves errno alone.
 */
#if defined(TASK_EXEC_CLONE) && defined(__x86_64__)
__attribute__((no_sanitize_address, no_sanitize("undefined")))
static long
task_exec_sys(long nr, long a1, long a2, long a3, long a4)
{
	register long	r10 __asm__("r10") = a4;
	long		ret;

	__asm__ volatile ("syscall" : "=a" (ret) : "a" (nr), "D" (a1),
	    "S" (a2), "d" (a3), "r" (r10) : "rcx", "r11", "memory");
	return (ret);
}
#elif defined(TASK_EXEC_CLONE) && defined(__aarch64__)
__attribute__((no_sanitize_address, no_sanitize("undefined")))
static long
task_exec_sys(long nr, long a1, long a2, long a3, long a4)
{
	register long	x8 __asm__("x8") = nr;
	register long	x0 __asm__("x0") = a1;
	register long	x1 __asm__("x1") = a2;
	register long	x2 __asm__("x2") = a3;
	register long	x3 __asm__("x3") = a4;

	__asm__ volatile ("svc 0" : "+r" (x0) : "r" (x8), "r" (x1), "r" (x2),
	    "r" (x3) : "memory");
	return (x0);
}
#else
static long
task_exec_sys(long nr, long a1, long a2, long a3, long a4)
{
	long	ret;

	/* Only under vfork: the parent waits, errno is free to use. */
	if ((ret = syscall(nr, a1, a2, a3, a4)) == -1)
		return (-errno);
	return (ret);
}
#endif

/*
 * The child, from clone (or vfork) to execve.  It shares the daemon's
 * memory: no C library call, no write but to its own slot.  On failure
 * it leaves the error in its slot and exits with 127.
 */
__attribute__((no_sanitize_address, no_sanitize("undefined")))
static int
task_exec_child(void *arg)
{
	struct task_exec_child	*c = arg;
	const struct task_exec	*x = c->x;
	struct task_exec_ksa	 ksa;
	unsigned long		 none = 0;
	long			 r = 0;
	int			 i;

	ksa.handler = 0;	/* SIG_DFL */
	ksa.flags = 0;
	ksa.restorer = 0;
	ksa.mask = 0;
	for (i = 0; i < x->nresets && r >= 0; i++)
		r = task_exec_sys(SYS_rt_sigaction, x->resets[i], (long)&ksa,
		    0, sizeof none);
	if (r >= 0)
		r = task_exec_sys(SYS_dup3, x->nullfd, 0, 0, 0);
	if (r >= 0)
		r = task_exec_sys(SYS_dup3, c->outfd, 1, 0, 0);
	if (r >= 0)
		r = task_exec_sys(SYS_dup3, c->outfd, 2, 0, 0);
	/* The link becomes 3, open across execve. */
	if (r >= 0 && c->linkfd == PVMD_TASK_LINKFD)
		r = task_exec_sys(SYS_fcntl, c->linkfd, F_SETFD, 0, 0);
	else if (r >= 0)
		r = task_exec_sys(SYS_dup3, c->linkfd, PVMD_TASK_LINKFD, 0, 0);
	if (r >= 0)
		r = task_exec_sys(SYS_chdir, (long)x->wd, 0, 0, 0);
	if (r >= 0)
		r = task_exec_sys(SYS_rt_sigprocmask, SIG_SETMASK, (long)&none,
		    0, sizeof none);
	if (r >= 0)
		r = task_exec_sys(SYS_execve, (long)x->path, (long)x->argv,
		    (long)x->env, 0);
	c->error = r < 0 ? (int)-r : EINVAL;
	for (;;)
		(void)task_exec_sys(SYS_exit, 127, 0, 0, 0);
	/* NOTREACHED */
	return (0);
}

#ifndef TASK_EXEC_CLONE
/*
 * vfork in a function of its own: the child never returns here, and
 * nothing of the caller's frame is live across the call.
 */
static pid_t
task_exec_fork(struct task_exec_child *c)
{
	pid_t	pid;

	if ((pid = vfork()) == 0)
		task_exec_child(c);
	return (pid);
}
#endif

/*
 * The signals whose disposition here is not the default: a handler of
 * ours or SIG_IGN (SIGPIPE) must not reach the tasks.
 */
static void
task_exec_signals(struct task_exec *x)
{
	struct sigaction	sa;
	int			sig;

	x->nresets = 0;
	for (sig = 1; sig < NSIG; sig++) {
		if (sig == SIGKILL || sig == SIGSTOP)
			continue;
		/* The C library's own signals fail here; they are its. */
		if (sigaction(sig, NULL, &sa) == -1)
			continue;
		if (sa.sa_handler != SIG_DFL)
			x->resets[x->nresets++] = sig;
	}
}

/*
 * A batch of count processes of path, run in wd with argv and env (all
 * kept by the caller until task_exec_free) and stdin nullfd.  NULL if
 * descriptors or memory ran out.
 */
struct task_exec *
task_exec_new(const char *path, const char *wd, char **argv, char **env,
    int nullfd, size_t count)
{
	struct task_exec	*x;
#ifdef TASK_EXEC_CLONE
	int			 fd;
#endif

	x = xcalloc(1, sizeof *x);
	x->path = path;
	x->wd = wd;
	x->argv = argv;
	x->env = env;
	x->nullfd = nullfd;
	x->count = count;
	x->child = xcalloc(count, sizeof *x->child);
	x->pipe[0] = x->pipe[1] = -1;
	task_exec_signals(x);
#ifdef TASK_EXEC_CLONE
	/* Out of descriptors or memory: the spawn fails, not the daemon. */
	if (pipe2(x->pipe, O_CLOEXEC) == -1) {
		log_warn("spawn: pipe2");
		goto fail;
	}
	/* A child's dup3 onto 0-3 must not close its end early. */
	if (x->pipe[1] <= PVMD_TASK_LINKFD) {
		if ((fd = fcntl(x->pipe[1], F_DUPFD_CLOEXEC,
		    PVMD_TASK_LINKFD + 1)) == -1) {
			log_warn("spawn: fcntl");
			goto fail;
		}
		close(x->pipe[1]);
		x->pipe[1] = fd;
	}
	x->stacksz = count * TASK_EXEC_STACK;
	x->stacks = mmap(NULL, x->stacksz, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK | MAP_NORESERVE, -1, 0);
	if (x->stacks == MAP_FAILED) {
		x->stacks = NULL;
		log_warn("spawn: stacks");
		goto fail;
	}
#endif
	return (x);
#ifdef TASK_EXEC_CLONE
fail:
	task_exec_free(x);
	return (NULL);
#endif
}

/*
 * Start child i of the batch with linkfd as its descriptor 3 and outfd
 * as stdout and stderr (both stay the caller's).  Returns 0 and its pid
 * in *pidp, or an errno value if no process was made.  A process that
 * is made may still fail to exec: see task_exec_error.
 */
int
task_exec_start(struct task_exec *x, size_t i, int linkfd, int outfd,
    pid_t *pidp)
{
	struct task_exec_child	*c = &x->child[i];
	sigset_t		 all, old;
	pid_t			 pid;
	int			 error = 0;

	c->x = x;
	c->linkfd = linkfd;
	c->outfd = outfd;
	c->error = 0;

	/* No handler of ours may run in a child sharing our memory. */
	sigfillset(&all);
	if (sigprocmask(SIG_SETMASK, &all, &old) == -1)
		fatal("sigprocmask");
#ifdef TASK_EXEC_CLONE
	pid = clone(task_exec_child, x->stacks + (i + 1) * TASK_EXEC_STACK,
	    CLONE_VM | SIGCHLD, c);
#else
	pid = task_exec_fork(c);
#endif
	if (pid == -1)
		error = errno;
	if (sigprocmask(SIG_SETMASK, &old, NULL) == -1)
		fatal("sigprocmask");
	if (pid == -1)
		return (error);
	c->pid = pid;
	*pidp = pid;
	return (0);
}

/*
 * Wait until every child started has exec'd or failed.  The daemon
 * blocks here as it would in vfork, once for the batch.
 */
void
task_exec_wait(struct task_exec *x)
{
	char	b;
	ssize_t	n;

	if (x->pipe[0] == -1)
		return;
	close(x->pipe[1]);
	x->pipe[1] = -1;
	for (;;) {
		n = read(x->pipe[0], &b, 1);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			fatal("read exec pipe");
		if (n == 0)
			break;
	}
	close(x->pipe[0]);
	x->pipe[0] = -1;
}

/*
 * After task_exec_wait: 0 if child i exec'd, else the errno of its
 * failure (the process has then been reaped here).
 */
int
task_exec_error(struct task_exec *x, size_t i)
{
	struct task_exec_child	*c = &x->child[i];
	int			 status;

	if (c->error == 0)
		return (0);
	while (waitpid(c->pid, &status, 0) == -1 && errno == EINTR)
		;
	return (c->error);
}

/* Free a batch once task_exec_wait has returned. */
void
task_exec_free(struct task_exec *x)
{
	if (x->pipe[0] != -1)
		close(x->pipe[0]);
	if (x->pipe[1] != -1)
		close(x->pipe[1]);
	if (x->stacks != NULL)
		munmap(x->stacks, x->stacksz);
	free(x->child);
	free(x);
}
