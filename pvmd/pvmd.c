/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * pvmd: the daemon of one host of a virtual machine.  The master (host
 * 1) reads its options and host file; a slave (-s) reads its identity
 * from the master on standard input.  Either goes to the background once
 * it can accept tasks (the parent exits only when the child is
 * listening, or fails with the child's reason), holds a lock on its pid
 * file for its whole life and runs one libevent loop until halted.
 */

#include <sys/types.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "pvm3.h"
#include "hostfile.h"
#include "log.h"
#include "paths.h"
#include "xmalloc.h"
#include "pvmd.h"

/* How long a halt waits for links to take their last output. */
#define PVMD_HALT_WAIT_MS	2000

#ifndef __dead
#define __dead __attribute__((__noreturn__))
#endif

struct pvmd_host	 pvmd_host;
int			 pvmd_hostnum = 1;

static struct event_base *pvmd_base;
static int		 pvmd_listen_fd = -1;
static struct event	*pvmd_listen_ev;
static struct event	*pvmd_resume_ev;
static struct event	*pvmd_halt_ev;
static struct timeval	 pvmd_halt_start;
static int		 pvmd_halting;
static int		 pvmd_pid_fd = -1;
static struct hostfile	*pvmd_hostfile;
static char		 pvmd_sock_path[PATH_MAX];
static char		 pvmd_pid_path[PATH_MAX];
static char		 pvmd_log_path[PATH_MAX];

static void __dead	usage(int);
static void		pvmd_stdfds(void);
static void		pvmd_environment(void);
static void		pvmd_config(const char *, const char *);
static int		pvmd_paths(char **);
static int		pvmd_slave_lock(char **);
static int		pvmd_lock(char **);
static int		pvmd_listen(char **);
static int		pvmd_background(int *);
static void		pvmd_tell_parent(int, const char *);
static void		pvmd_accept(evutil_socket_t, short, void *);
static void		pvmd_resume(evutil_socket_t, short, void *);
static void		pvmd_signal(evutil_socket_t, short, void *);
static void		pvmd_halt_check(evutil_socket_t, short, void *);
static const char	*pvmd_getenv(const char *, void *);
static const char	*pvmd_prefix(const char *);

static void __dead
usage(int status)
{
	fprintf(status == 0 ? stdout : stderr,
	    "usage: pvmd [-d] [-f] [-nNAME] [hostfile]\n"
	    "       pvmd [-d] [-f] -s\n"
	    "       pvmd [-d] [-f] -S file\n"
	    "  -d        log debug messages\n"
	    "  -f        stay in the foreground, log to stderr\n"
	    "  -nNAME    host name to use instead of gethostname()\n"
	    "  -s        slave started by the master, which configures it "
	    "on stdin\n"
	    "  -S file   slave started by hand, configured by file (so=ms)\n");
	exit(status);
}

/*
 * Close whatever our starter left open beyond stderr, so that tasks do
 * not inherit it, and make sure fds 0, 1 and 2 are open so that no
 * socket ever takes them.
 */
static void
pvmd_stdfds(void)
{
	long	max, i;
	int	fd;

	if (close_range(3, ~0U, 0) == -1) {
		max = sysconf(_SC_OPEN_MAX);
		for (i = 3; i < (max > 0 && max < 65536 ? max : 1024); i++)
			(void)close((int)i);
	}
	while ((fd = open("/dev/null", O_RDWR)) != -1 && fd <= 2)
		;
	if (fd == -1)
		fatal("/dev/null");
	close(fd);
}

/* PVM_ARCH, PVM_ROOT and HOME for the host file and the tasks. */
static void
pvmd_environment(void)
{
	struct passwd	*pw;
	const char	*home;

	if (setenv("PVM_ARCH", PVMD_ARCH, 1) == -1)
		fatal("setenv");
	if (getenv("PVM_ROOT") == NULL || *getenv("PVM_ROOT") == '\0') {
		if (setenv("PVM_ROOT", PVMD_ROOT_DEFAULT, 1) == -1)
			fatal("setenv");
	}
	home = getenv("HOME");
	if (home == NULL || *home != '/') {
		if ((pw = getpwuid(getuid())) != NULL && *pw->pw_dir == '/')
			home = pw->pw_dir;
		else
			home = "/";
		if (setenv("HOME", home, 1) == -1)
			fatal("setenv");
	}
}

static const char *
pvmd_getenv(const char *name, __unused void *arg)
{
	return (getenv(name));
}

/*
 * Settle the local host: its name, then ep=, wd= and sp= from the host
 * file's line for it (or its last '*' line), else the defaults.  Other
 * hosts of the file are only reported.  Exits on a bad host file.
 */
static void
pvmd_config(const char *name, const char *hostfile)
{
	const struct hostfile_entry	*e, *local = NULL;
	struct hostfile			*hf = NULL;
	char				 buf[HOST_NAME_MAX + 1], *cause;
	size_t				 i;

	if (name == NULL) {
		if (gethostname(buf, sizeof buf) == -1)
			fatal("gethostname");
		buf[sizeof buf - 1] = '\0';
		name = buf;
	}
	pvmd_host.name = xstrdup(name);
	pvmd_host.speed = PVMD_SPEED;

	if (hostfile != NULL) {
		if ((hf = hostfile_load(hostfile, &cause)) == NULL) {
			fprintf(stderr, "pvmd: %s\n", cause);
			exit(1);
		}
		for (i = 0; i < hostfile_count(hf); i++) {
			e = hostfile_get(hf, i);
			if (local == NULL && pvmd_host_match(e->name))
				local = e;
		}
		if (local == NULL)
			local = hostfile_defaults(hf);
	}
	if (local != NULL && local->ep != NULL)
		pvmd_host.ep = xstrdup(local->ep);
	else if (hostfile_expand(HOSTFILE_DEFAULT_EP, pvmd_getenv, NULL,
	    &pvmd_host.ep, &cause) != 0)
		fatalx("default ep: %s", cause);
	if (local != NULL && local->wd != NULL)
		pvmd_host.wd = xstrdup(local->wd);
	else
		pvmd_host.wd = xstrdup(getenv("HOME"));
	if (local != NULL && (local->set & HOSTFILE_OPT_SP))
		pvmd_host.speed = local->sp;
	pvmd_hostfile = hf;
	log_debug("host %s: ep %s, wd %s, speed %d", pvmd_host.name,
	    pvmd_host.ep, pvmd_host.wd, pvmd_host.speed);
}

/*
 * Whether name is this host: its name, or the same name with or without
 * the domain.  Case does not matter.
 */
int
pvmd_host_match(const char *name)
{
	const char	*me = pvmd_host.name, *dot;
	size_t		 len;

	if (strcasecmp(name, me) == 0)
		return (1);
	if ((dot = strchr(me, '.')) != NULL && strchr(name, '.') == NULL) {
		len = dot - me;
		return (strlen(name) == len && strncasecmp(name, me, len) == 0);
	}
	if (dot == NULL && (dot = strchr(name, '.')) != NULL) {
		len = dot - name;
		return (strlen(me) == len && strncasecmp(name, me, len) == 0);
	}
	return (0);
}

/*
 * Take the lock on the pid file and write our pid in it.  A pvmd that is
 * halting has already removed its socket but still holds the lock while
 * its last replies drain; wait for it (bounded) rather than refuse to
 * start.  Returns 0, or -1 with *cause (another pvmd holds it, or a
 * system error).
 */
static int
pvmd_lock(char **cause)
{
	struct timespec	ts = { 0, 10 * 1000 * 1000 };
	struct stat	sb;
	char		buf[32];
	ssize_t		n;
	long		pid;
	int		tries = (PVMD_HALT_WAIT_MS + 1000) / 10;

	pvmd_pid_fd = open(pvmd_pid_path, O_RDWR | O_CREAT | O_CLOEXEC |
	    O_NOFOLLOW, 0600);
	if (pvmd_pid_fd == -1) {
		xasprintf(cause, "%s: %s", pvmd_pid_path, strerror(errno));
		return (-1);
	}
	while (flock(pvmd_pid_fd, LOCK_EX | LOCK_NB) == -1) {
		if (errno != EWOULDBLOCK) {
			xasprintf(cause, "lock %s: %s", pvmd_pid_path,
			    strerror(errno));
			return (-1);
		}
		/* Held by a running pvmd, or by one halting (socket gone). */
		if (tries-- > 0 && lstat(pvmd_sock_path, &sb) == -1) {
			nanosleep(&ts, NULL);
			continue;
		}
		pid = 0;
		if ((n = pread(pvmd_pid_fd, buf, sizeof buf - 1, 0)) > 0) {
			buf[n] = '\0';
			pid = strtol(buf, NULL, 10);
		}
		xasprintf(cause, "pvmd already running for virtual machine "
		    "%s (pid %ld)", pvmd_host.vmid, pid);
		return (-1);
	}
	n = snprintf(buf, sizeof buf, "%ld\n", (long)getpid());
	if (ftruncate(pvmd_pid_fd, 0) == -1 ||
	    pwrite(pvmd_pid_fd, buf, n, 0) != n) {
		xasprintf(cause, "%s: %s", pvmd_pid_path, strerror(errno));
		return (-1);
	}
	return (0);
}

/* Bind and listen on the socket, mode 0600.  Returns 0 or -1 with *cause. */
static int
pvmd_listen(char **cause)
{
	struct sockaddr_un	sun;
	mode_t			old;
	int			fd;

	if (unlink(pvmd_sock_path) == -1 && errno != ENOENT) {
		xasprintf(cause, "unlink %s: %s", pvmd_sock_path,
		    strerror(errno));
		return (-1);
	}
	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if (strlen(pvmd_sock_path) >= sizeof sun.sun_path)
		fatalx("socket path too long");
	memcpy(sun.sun_path, pvmd_sock_path, strlen(pvmd_sock_path));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		xasprintf(cause, "socket: %s", strerror(errno));
		return (-1);
	}
	old = umask(0177);
	if (bind(fd, (struct sockaddr *)&sun, sizeof sun) == -1) {
		umask(old);
		xasprintf(cause, "bind %s: %s", pvmd_sock_path,
		    strerror(errno));
		close(fd);
		return (-1);
	}
	umask(old);
	if (chmod(pvmd_sock_path, 0600) == -1 || listen(fd, 128) == -1) {
		xasprintf(cause, "%s: %s", pvmd_sock_path, strerror(errno));
		close(fd);
		unlink(pvmd_sock_path);
		return (-1);
	}
	pvmd_listen_fd = fd;
	return (0);
}

/*
 * Fork.  The parent waits for the child's word through a pipe and exits:
 * 0 once the child said it is ready, 1 with the child's reason if not.
 * Returns in the child only, with *fd the pipe to write that word to.
 */
static int
pvmd_background(int *fd)
{
	char	buf[1024];
	size_t	len = 0;
	ssize_t	n;
	pid_t	pid;
	int	p[2], status;

	if (pipe2(p, O_CLOEXEC) == -1)
		fatal("pipe2");
	switch (pid = fork()) {
	case -1:
		fatal("fork");
	case 0:
		close(p[0]);
		if (setsid() == -1)
			fatal("setsid");
		*fd = p[1];
		return (0);
	}
	close(p[1]);
	while (len < sizeof buf - 1) {
		n = read(p[0], buf + len, sizeof buf - 1 - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
	}
	buf[len] = '\0';
	if (len >= 2 && strncmp(buf, "OK", 2) == 0)
		exit(0);
	if (len > 1 && buf[0] == 'E')
		fprintf(stderr, "%s%s\n", pvmd_prefix(buf + 1), buf + 1);
	else
		fprintf(stderr, "pvmd: the daemon failed to start\n");
	(void)waitpid(pid, &status, 0);
	exit(1);
}

/* "pvmd: " before an error message unless it already names pvmd. */
static const char *
pvmd_prefix(const char *msg)
{
	return (strncmp(msg, "pvmd ", 5) == 0 ? "" : "pvmd: ");
}

/* Tell the waiting parent "OK" or the error text (msg != NULL). */
static void
pvmd_tell_parent(int fd, const char *msg)
{
	char	*s;
	ssize_t	 n;

	if (fd == -1) {
		if (msg != NULL)
			fprintf(stderr, "%s%s\n", pvmd_prefix(msg), msg);
		return;
	}
	if (msg != NULL)
		xasprintf(&s, "E%s", msg);
	else
		s = xstrdup("OK");
	do {
		n = write(fd, s, strlen(s));
	} while (n == -1 && errno == EINTR);
	free(s);
	close(fd);
}

static void
pvmd_accept(evutil_socket_t lfd, __unused short events, __unused void *arg)
{
	struct ucred	 cred;
	socklen_t	 len;
	struct timeval	 tv = { 1, 0 };
	int		 fd;

	for (;;) {
		fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd == -1) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			log_warn("accept");
			if (errno == EMFILE || errno == ENFILE ||
			    errno == ENOBUFS || errno == ENOMEM) {
				event_del(pvmd_listen_ev);
				evtimer_add(pvmd_resume_ev, &tv);
			}
			return;
		}
		len = sizeof cred;
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == -1) {
			log_warn("SO_PEERCRED");
			close(fd);
			continue;
		}
		if (cred.uid != getuid()) {
			log_warnx("connection from uid %lu pid %ld refused",
			    (unsigned long)cred.uid, (long)cred.pid);
			close(fd);
			continue;
		}
		if (pvmd_halting) {
			close(fd);
			continue;
		}
		log_debug("connection from pid %ld", (long)cred.pid);
		(void)task_accept(fd, cred.pid);
	}
}

static void
pvmd_resume(__unused evutil_socket_t fd, __unused short events,
    __unused void *arg)
{
	if (!pvmd_halting)
		event_add(pvmd_listen_ev, NULL);
}

static void
pvmd_signal(evutil_socket_t sig, __unused short events, __unused void *arg)
{
	log_info("signal %d", (int)sig);
	pvmd_halt(NULL);
}

/*
 * Stop: fire PvmHostDelete notifies, SIGTERM every task but requester,
 * close the links once their output is written, stop listening.  The
 * loop ends when the links are closed or after PVMD_HALT_WAIT_MS.
 */
void
pvmd_halt(struct task *requester)
{
	struct timeval	tv = { 0, 50 * 1000 };

	if (pvmd_halting)
		return;
	pvmd_halting = 1;
	log_info("halting");
	notify_host_delete();
	task_kill_all(requester);
	task_free_all();
	host_halt_all();
	link_close_all();
	event_del(pvmd_listen_ev);
	event_del(pvmd_resume_ev);
	close(pvmd_listen_fd);
	pvmd_listen_fd = -1;
	unlink(pvmd_sock_path);
	gettimeofday(&pvmd_halt_start, NULL);
	pvmd_halt_ev = event_new(pvmd_base, -1, EV_PERSIST, pvmd_halt_check,
	    NULL);
	if (pvmd_halt_ev == NULL || event_add(pvmd_halt_ev, &tv) == -1)
		fatalx("cannot add halt timer");
}

static void
pvmd_halt_check(__unused evutil_socket_t fd, __unused short events,
    __unused void *arg)
{
	struct timeval	now, d;

	gettimeofday(&now, NULL);
	timersub(&now, &pvmd_halt_start, &d);
	if (peer_count() == 0 ||
	    d.tv_sec * 1000 + d.tv_usec / 1000 >= PVMD_HALT_WAIT_MS)
		event_base_loopbreak(pvmd_base);
}

/* Whether the pvmd is halting. */
int
pvmd_is_halting(void)
{
	return (pvmd_halting);
}

/* The socket, pid and log paths for the current PVM_VMID. */
static int
pvmd_paths(char **cause)
{
	char	vmid[PATHS_VMID_MAX + 1];

	if (paths_vmid(vmid, sizeof vmid, cause) != 0 ||
	    paths_file(PATHS_SOCKET, pvmd_sock_path, sizeof pvmd_sock_path,
	    cause) != 0 ||
	    paths_file(PATHS_PID, pvmd_pid_path, sizeof pvmd_pid_path,
	    cause) != 0 ||
	    paths_file(PATHS_LOG, pvmd_log_path, sizeof pvmd_log_path,
	    cause) != 0)
		return (-1);
	return (0);
}

/*
 * A slave takes the normal files of its virtual machine, or, when
 * another pvmd of the machine holds them on this computer (loopback
 * tests), the files of "VMID.hN".  Returns 0 or -1 with *cause.
 */
static int
pvmd_slave_lock(char **cause)
{
	char	*vmid, *suffixed;

	if (pvmd_lock(cause) == 0)
		return (0);
	free(*cause);
	*cause = NULL;
	close(pvmd_pid_fd);
	pvmd_pid_fd = -1;
	vmid = xstrdup(pvmd_host.vmid);
	xasprintf(&suffixed, "%s.h%d", vmid, pvmd_hostnum);
	if (setenv("PVM_VMID", suffixed, 1) == -1)
		fatal("setenv");
	if (pvmd_paths(cause) != 0 || pvmd_lock(cause) != 0) {
		free(vmid);
		free(suffixed);
		return (-1);
	}
	/* Tasks and LINK_HELLO use the machine's id. */
	if (setenv("PVM_VMID", vmid, 1) == -1)
		fatal("setenv");
	free(vmid);
	free(suffixed);
	return (0);
}

/* The unix socket tasks connect to (migrate.c gives it to a restart). */
const char *
pvmd_socket_path(void)
{
	return (pvmd_sock_path);
}

int
main(int argc, char **argv)
{
	static const struct option	 longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct event	*sigev[3];
	const int	 sigs[3] = { SIGTERM, SIGINT, SIGHUP };
	const char	*name = NULL, *hostfile = NULL;
	char		*cause = NULL;
	FILE		*fp;
	int		 ch, debug = 0, foreground = 0, parentfd = -1, fd, i;
	int		 slave = 0;
	const char	*manual = NULL;
	char		*linkcause = NULL;

	while ((ch = getopt_long(argc, argv, "d::fhn:sS:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'd':
			debug = 1;
			break;
		case 'f':
			foreground = 1;
			break;
		case 'h':
			usage(0);
		case 'n':
			if (*optarg == '\0' || strlen(optarg) > HOST_NAME_MAX) {
				fprintf(stderr, "pvmd: bad host name\n");
				exit(1);
			}
			name = optarg;
			break;
		case 's':
			slave = 1;
			break;
		case 'S':
			slave = 1;
			manual = optarg;
			break;
		default:
			usage(1);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1 || (slave && argc != 0))
		usage(1);
	if (argc == 1)
		hostfile = argv[0];

	pvmd_stdfds();
	log_open("pvmd", debug, stderr);
	pvmd_host.debug = debug;
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
		fatal("signal");
	pvmd_environment();
	if (slave && (manual != NULL ?
	    host_slave_config_file(manual, &cause) :
	    host_slave_config(STDIN_FILENO, &cause)) != 0) {
		fprintf(stderr, "pvmd: %s\n", cause);
		exit(1);
	}
	if (paths_vmid(pvmd_host.vmid, sizeof pvmd_host.vmid, &cause) != 0 ||
	    pvmd_paths(&cause) != 0) {
		fprintf(stderr, "pvmd: %s\n", cause);
		exit(1);
	}
	if (!slave)
		pvmd_config(name, hostfile);

	if (!foreground)
		pvmd_background(&parentfd);
	if (paths_mkdir(&cause) != 0 ||
	    (slave ? pvmd_slave_lock(&cause) : pvmd_lock(&cause)) != 0 ||
	    pvmd_listen(&cause) != 0) {
		pvmd_tell_parent(parentfd, cause);
		exit(1);
	}
	if (!slave && host_master_setup(pvmd_host.name, &linkcause) != 0 &&
	    linkcause == NULL)
		linkcause = xstrdup("unknown error");
	if (slave && manual == NULL)
		host_slave_ready(STDOUT_FILENO);
	if (!foreground) {
		fd = open(pvmd_log_path, O_WRONLY | O_APPEND | O_CREAT |
		    O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd == -1 || (fp = fdopen(fd, "a")) == NULL) {
			xasprintf(&cause, "%s: %s", pvmd_log_path,
			    strerror(errno));
			unlink(pvmd_sock_path);
			pvmd_tell_parent(parentfd, cause);
			exit(1);
		}
		log_open("pvmd", debug, fp);
		if (chdir("/") == -1)
			fatal("chdir /");
		if ((fd = open("/dev/null", O_RDWR)) == -1)
			fatal("/dev/null");
		(void)dup2(fd, 0);
		(void)dup2(fd, 1);
		(void)dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}

	if ((pvmd_base = event_base_new()) == NULL)
		fatalx("event_base_new failed");
	task_init(pvmd_base);
	chan_init(pvmd_base);
	task_spawn_init(pvmd_base);
	task_output_init(pvmd_base);
	migrate_init(pvmd_base);
	route_init(pvmd_base);
	group_init(pvmd_base);
	host_init(pvmd_base, pvmd_hostfile);
	link_init(pvmd_base);
	if (manual != NULL)
		host_slave_connect();
	for (i = 0; i < 3; i++) {
		sigev[i] = evsignal_new(pvmd_base, sigs[i], pvmd_signal, NULL);
		if (sigev[i] == NULL || evsignal_add(sigev[i], NULL) == -1)
			fatalx("cannot watch signal %d", sigs[i]);
	}
	pvmd_listen_ev = event_new(pvmd_base, pvmd_listen_fd,
	    EV_READ | EV_PERSIST, pvmd_accept, NULL);
	pvmd_resume_ev = evtimer_new(pvmd_base, pvmd_resume, NULL);
	if (pvmd_listen_ev == NULL || pvmd_resume_ev == NULL ||
	    event_add(pvmd_listen_ev, NULL) == -1)
		fatalx("cannot watch %s", pvmd_sock_path);

	log_info("ready: virtual machine %s, host %s (%d, %s), socket %s",
	    pvmd_host.vmid, pvmd_host.name, pvmd_hostnum,
	    pvmd_host.master ? "master" : "slave", pvmd_sock_path);
	if (linkcause != NULL) {
		log_warnx("cannot add hosts: %s", linkcause);
		free(linkcause);
	}
	pvmd_tell_parent(parentfd, NULL);
	if (pvmd_host.master)
		host_start_file();

	if (event_base_dispatch(pvmd_base) == -1)
		fatalx("event loop failed");

	task_output_free_all();
	migrate_free_all();
	notify_free_all();
	route_free_all();
	host_free_all();
	if (pvmd_listen_fd != -1) {
		close(pvmd_listen_fd);
		unlink(pvmd_sock_path);
	}
	unlink(pvmd_pid_path);
	close(pvmd_pid_fd);
	event_free(pvmd_listen_ev);
	event_free(pvmd_resume_ev);
	if (pvmd_halt_ev != NULL)
		event_free(pvmd_halt_ev);
	for (i = 0; i < 3; i++)
		event_free(sigev[i]);
	log_info("halted");
	return (0);
}
