/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Starting tasks: find the executable in the host's ep= path, start it
 * (task_exec.c) with one end of a socketpair as its daemon link
 * (PVMTASKFD) and one pipe for its stdout and stderr, and reap children
 * on SIGCHLD.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pvm3.h"
#include "log.h"
#include "xmalloc.h"
#include "pvmd.h"

extern char **environ;

static struct event	*task_spawn_ev;
static int		 task_spawn_null = -1;	/* /dev/null: tasks' stdin */

static void	 task_spawn_sigchld(evutil_socket_t, short, void *);
static int	 task_spawn_is_exec(const char *);
static int	 task_spawn_where(const Pvm__SpawnRequest *);
static char	**task_spawn_env(const Pvm__SpawnRequest *, size_t *);
static int	 task_spawn_one(struct task *, struct task_exec *, size_t,
		     int *);
static int	 task_spawn_code(int);
static void	 task_spawn_run(int, Pvm__SpawnRequest *, size_t, int,
		     int *, struct task ***, int **);
static void	 task_spawn_outputs(int, Pvm__SpawnRequest *, size_t, int *,
		     struct task **, int *);

/* Start reaping children on SIGCHLD. */
void
task_spawn_init(struct event_base *base)
{
	task_spawn_null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (task_spawn_null == -1)
		fatal("/dev/null");
	task_spawn_ev = evsignal_new(base, SIGCHLD, task_spawn_sigchld, NULL);
	if (task_spawn_ev == NULL || evsignal_add(task_spawn_ev, NULL) == -1)
		fatalx("cannot watch SIGCHLD");
}

static void
task_spawn_sigchld(__unused evutil_socket_t sig, __unused short events,
    __unused void *arg)
{
	pid_t	pid;
	int	status;

	for (;;) {
		pid = waitpid(-1, &status, WNOHANG);
		if (pid == -1 && errno == EINTR)
			continue;
		if (pid <= 0)
			break;
		task_exit_pid(pid, status);
	}
}

static int
task_spawn_is_exec(const char *path)
{
	struct stat	sb;

	if (stat(path, &sb) == -1 || !S_ISREG(sb.st_mode))
		return (0);
	return (access(path, X_OK) == 0);
}

/*
 * Find the program file: a name with a '/' is taken as is (relative to
 * wd), any other is searched in the colon-separated list ep (relative
 * elements are relative to wd).  Returns an allocated path, or NULL if
 * no executable regular file was found.
 */
char *
task_spawn_lookup(const char *file, const char *ep, const char *wd)
{
	char		*path, *list, *elem, *next;
	size_t		 len;

	len = strlen(file);
	if (len == 0 || len >= PATH_MAX)
		return (NULL);
	if (strchr(file, '/') != NULL) {
		if (*file == '/')
			path = xstrdup(file);
		else
			xasprintf(&path, "%s/%s", wd, file);
		if (task_spawn_is_exec(path))
			return (path);
		free(path);
		return (NULL);
	}
	list = xstrdup(ep);
	for (elem = list; elem != NULL; elem = next) {
		if ((next = strchr(elem, ':')) != NULL)
			*next++ = '\0';
		if (*elem == '\0')
			continue;
		if (*elem == '/')
			xasprintf(&path, "%s/%s", elem, file);
		else
			xasprintf(&path, "%s/%s/%s", wd, elem, file);
		if (task_spawn_is_exec(path)) {
			free(list);
			return (path);
		}
		free(path);
	}
	free(list);
	return (NULL);
}

/* Check where and the placement flags; 0 if this host may run it. */
static int
task_spawn_where(const Pvm__SpawnRequest *req)
{
	int	match;

	if (req->flags & PvmTaskHost) {
		match = pvmd_host_match(req->where);
		if (req->flags & PvmHostCompl)
			return (match ? PvmNoHost : 0);
		return (match ? 0 : PvmNoHost);
	}
	if (req->flags & PvmTaskArch) {
		if (strcmp(req->where, PVMD_ARCH) != 0)
			return (PvmNoHost);
	}
	return (0);
}

/*
 * The environment of the new tasks: the request's NAME=value entries,
 * then the daemon's own except the names the request sets and
 * PVMTASKFD and PVMSOCK.  Two free slots are left before the NULL,
 * for those.  Returns NULL if an entry is malformed.
 */
static char **
task_spawn_env(const Pvm__SpawnRequest *req, size_t *np)
{
	char		**env;
	const char	 *eq;
	size_t		  i, j, n = 0, nenv = 0, nlen;
	int		  skip;

	while (environ[nenv] != NULL)
		nenv++;
	for (i = 0; i < req->n_env; i++) {
		eq = strchr(req->env[i], '=');
		if (eq == NULL || eq == req->env[i] ||
		    strncmp(req->env[i], PVM_ENV_TASKFD "=",
		    sizeof PVM_ENV_TASKFD) == 0)
			return (NULL);
	}
	env = xcalloc(req->n_env + nenv + 3, sizeof *env);
	for (i = 0; i < req->n_env; i++)
		env[n++] = req->env[i];
	for (i = 0; i < nenv; i++) {
		if ((eq = strchr(environ[i], '=')) == NULL)
			continue;
		nlen = eq - environ[i] + 1;
		if (strncmp(environ[i], PVM_ENV_TASKFD "=", nlen) == 0 ||
		    strncmp(environ[i], PVM_ENV_SOCK "=", nlen) == 0)
			continue;
		skip = 0;
		for (j = 0; j < req->n_env && !skip; j++)
			skip = strncmp(environ[i], req->env[j], nlen) == 0;
		if (!skip)
			env[n++] = environ[i];
	}
	*np = n;
	return (env);
}

/* The PVM error code for a process that could not start (errno). */
static int
task_spawn_code(int error)
{
	switch (error) {
	case ENOENT:
	case EACCES:
	case ENOEXEC:
	case ENOTDIR:
	case ELOOP:
	case ENAMETOOLONG:
		return (PvmNoFile);
	case ENOMEM:
	case EAGAIN:
		return (PvmOutOfRes);
	default:
		return (PvmSysErr);
	}
}

/*
 * Start process i of batch x for task t.  Returns 0 and sets *outfd to
 * the output pipe, or a PVM error code.  The process may still fail to
 * exec (task_exec_error).
 */
static int
task_spawn_one(struct task *t, struct task_exec *x, size_t i, int *outfd)
{
	pid_t	pid;
	int	sv[2], pp[2], error;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0,
	    sv) == -1) {
		log_warn("socketpair");
		return (PvmOutOfRes);
	}
	if (pipe2(pp, O_CLOEXEC) == -1) {
		log_warn("pipe2");
		close(sv[0]);
		close(sv[1]);
		return (PvmOutOfRes);
	}
	error = task_exec_start(x, i, sv[1], pp[1], &pid);
	close(sv[1]);
	close(pp[1]);
	if (error != 0) {
		log_warnx("t%x: cannot start a process: %s", task_tid(t),
		    strerror(error));
		close(sv[0]);
		close(pp[0]);
		return (task_spawn_code(error));
	}
	if (fcntl(pp[0], F_SETFL, O_NONBLOCK) == -1)
		fatal("fcntl");
	log_debug("t%x: started pid %ld", task_tid(t), (long)pid);
	task_started(t, pid, sv[0]);
	*outfd = pp[0];
	return (0);
}

/*
 * Start count copies of req->file here for ptid, filling tids with the
 * new TIDs or PVM error codes.  sibs_host: the host whose pvmd sends the
 * whole sibling list later (a spread spawn), or 0.  *tasksp and
 * *outfdsp (NULL if nothing started) hold the new tasks and their
 * output pipes for task_spawn_outputs().
 */
static void
task_spawn_run(int ptid, Pvm__SpawnRequest *req, size_t count,
    int sibs_host, int *tids, struct task ***tasksp, int **outfdsp)
{
	struct task_exec	*x;
	struct task		**tasks = NULL;
	struct task_sibs	*sibs;
	int			*outfds = NULL, *ok, code = 0, error;
	char			*path = NULL, **argv = NULL, **env = NULL;
	const char		*wd;
	size_t			 i, nenv = 0, nok = 0;
	static char		 fdenv[sizeof PVM_ENV_TASKFD + 16];
	static char		 sockenv[sizeof PVM_ENV_SOCK + PATH_MAX];

	wd = *req->wd != '\0' ? req->wd : pvmd_host.wd;
	code = task_spawn_where(req);
	if (code == 0 &&
	    (path = task_spawn_lookup(req->file, pvmd_host.ep, wd)) == NULL) {
		log_info("t%x: spawn %s: no executable file found", ptid,
		    req->file);
		code = PvmNoFile;
	}
	if (code == 0 && (env = task_spawn_env(req, &nenv)) == NULL) {
		log_warnx("t%x: spawn: malformed environment entry", ptid);
		code = PvmBadParam;
	}
	if (code != 0) {
		for (i = 0; i < count; i++)
			tids[i] = code;
		goto out;
	}

	argv = xcalloc(req->n_argv + 2, sizeof *argv);
	argv[0] = req->file;
	for (i = 0; i < req->n_argv; i++)
		argv[i + 1] = req->argv[i];
	if (sockenv[0] == '\0') {
		(void)snprintf(fdenv, sizeof fdenv, "%s=%d", PVM_ENV_TASKFD,
		    PVMD_TASK_LINKFD);
		(void)snprintf(sockenv, sizeof sockenv, "%s=%s", PVM_ENV_SOCK,
		    pvmd_socket_path());
	}
	env[nenv] = fdenv;
	env[nenv + 1] = sockenv;
	env[nenv + 2] = NULL;

	if ((x = task_exec_new(path, wd, argv, env, task_spawn_null,
	    count)) == NULL) {
		for (i = 0; i < count; i++)
			tids[i] = PvmOutOfRes;
		goto out;
	}
	tasks = xcalloc(count, sizeof *tasks);
	outfds = xcalloc(count, sizeof *outfds);
	for (i = 0; i < count; i++) {
		if ((tasks[i] = task_create(ptid, req->file, req,
		    sibs_host)) == NULL) {
			tids[i] = PvmOutOfRes;
			continue;
		}
		code = task_spawn_one(tasks[i], x, i, &outfds[i]);
		if (code != 0) {
			task_discard(tasks[i]);
			tasks[i] = NULL;
			tids[i] = code;
			continue;
		}
		tids[i] = task_tid(tasks[i]);
	}

	/* The processes that could not exec are no tasks. */
	task_exec_wait(x);
	for (i = 0; i < count; i++) {
		if (tasks[i] == NULL || (error = task_exec_error(x, i)) == 0)
			continue;
		log_warnx("t%x: cannot start %s in %s: %s", tids[i], path, wd,
		    strerror(error));
		close(outfds[i]);
		task_discard(tasks[i]);
		tasks[i] = NULL;
		tids[i] = task_spawn_code(error);
	}
	task_exec_free(x);

	/* Siblings: the TIDs that were made, in order. */
	ok = xcalloc(count, sizeof *ok);
	for (i = 0, nok = 0; i < count; i++) {
		if (tasks[i] != NULL)
			ok[nok++] = tids[i];
	}
	sibs = task_sibs_new(ok, nok);
	for (i = 0; i < count; i++) {
		if (tasks[i] != NULL)
			task_set_siblings(tasks[i], sibs);
	}
	task_sibs_release(sibs);
	free(ok);
out:
	free(argv);
	free(env);
	free(path);
	*tasksp = tasks;
	*outfdsp = outfds;
}

/* Start the output readers of the tasks task_spawn_run() made. */
static void
task_spawn_outputs(int ptid, Pvm__SpawnRequest *req, size_t count,
    int *tids, struct task **tasks, int *outfds)
{
	size_t	i;

	if (tasks != NULL) {
		for (i = 0; i < count; i++) {
			if (tasks[i] == NULL)
				continue;
			task_output_start(outfds[i], tids[i], ptid,
			    req->out_tid, req->out_ctx, req->out_tag);
		}
	}
	free(tasks);
	free(outfds);
}

/*
 * Start count copies of req->file here for ptid as this host's part of
 * a spawn spread over hosts; tids gets the TIDs or error codes.  Their
 * whole sibling list comes from task_sibs_complete() later.
 */
void
task_spawn_local(int ptid, Pvm__SpawnRequest *req, int *tids, int count)
{
	struct task	**tasks;
	int		 *outfds;

	task_spawn_run(ptid, req, (size_t)count, PVMD_HOSTNUM, tids, &tasks,
	    &outfds);
	task_spawn_outputs(ptid, req, (size_t)count, tids, tasks, outfds);
}

/*
 * SPAWN: start count copies of req->file on this host.  The reply has
 * count entries, each a new TID or a PVM error code; output of each new
 * task starts flowing once the reply is queued.
 */
void
task_spawn_handle(struct task *t, struct pvm_frame *f,
    Pvm__SpawnRequest *req)
{
	Pvm__SpawnReply	  reply = PVM__SPAWN_REPLY__INIT;
	struct task	**tasks = NULL;
	int		 *tids, *outfds = NULL, sibs_host;
	size_t		  count, i;

	if (req->count < 1 || req->count > TASK_SPAWN_MAX) {
		log_debug("t%x: spawn count %d", task_tid(t), req->count);
		count = 1;
		tids = xcalloc(count, sizeof *tids);
		for (i = 0; i < count; i++)
			tids[i] = PvmBadParam;
	} else {
		count = (size_t)req->count;
		tids = xcalloc(count, sizeof *tids);
		/* Only another pvmd's share of its spread spawn waits. */
		sibs_host = req->spread && route_is_remote(task_tid(t)) ?
		    task_host_of(task_tid(t)) : 0;
		task_spawn_run(task_tid(t), req, count, sibs_host, tids,
		    &tasks, &outfds);
	}
	reply.n_tids = count;
	reply.tids = tids;
	(void)task_reply(t, PVM_MSG_SPAWN_REPLY, f->reqid, &reply.base);
	task_spawn_outputs(task_tid(t), req, count, tids, tasks, outfds);
	free(tids);
}
