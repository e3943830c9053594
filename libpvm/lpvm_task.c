/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * The task and the virtual machine: enrolment and exit, spawning,
 * signals, the task and host tables, notifies, output collection and
 * starting a pvmd.  Each call is one request to the local pvmd.
 */

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lpvm.h"

#ifndef PVMD_PATH
#define PVMD_PATH	"/usr/local/bin/pvmd"
#endif

/* Most hosts a ConfigReply may list. */
#define TASK_MAX_HOSTS		(PVM_TID_MAX_HOST + 1)
/* Most tasks a TasksReply may list. */
#define TASK_MAX_TASKS		(1 << 20)
/* Seconds pvm_halt waits for the pvmd to close the link. */
#define TASK_HALT_WAIT		5

static int	 task_forget(void);
static int	 task_fetch_config(void);
static void	 task_free_config(void);
static void	 task_free_tasks(void);
static int	 task_export_env(char ***, size_t *);
static void	 task_free_strv(char **, size_t);
static int	 task_status(int, int, int, int *);

/* pvm_config storage, reused by each call as PVM does. */
static struct pvmhostinfo	*cfg_hosts;
static int			 cfg_nhost;
static int			 cfg_narch;

/* pvm_tasks storage. */
static struct pvmtaskinfo	*tasks_info;
static int			 tasks_n;

static int			 task_fds[1];
static int			 task_self;
static char			 task_version[] = "3.4.6";

/* Enrol the process if needed and return its TID. */
int
pvm_mytid(void)
{
	int	cc;

	if ((cc = lpvm_enroll()) != 0)
		return (lpvm_err(cc, "pvm_mytid"));
	return (lpvm.mytid);
}

/* The TID of the task that spawned this one, or PvmNoParent. */
int
pvm_parent(void)
{
	int	cc;

	if ((cc = lpvm_enroll()) != 0)
		return (lpvm_err(cc, "pvm_parent"));
	if (lpvm.ptid == 0 || lpvm.ptid == PvmNoParent)
		return (PvmNoParent);
	return (lpvm.ptid);
}

/* Drop the link and every trace of the enrolled task. */
static int
task_forget(void)
{
	lpvm_conn_reset();
	lpvm_buf_reset_all();
	free(lpvm.siblings);
	lpvm.siblings = NULL;
	lpvm.nsiblings = 0;
	lpvm.mytid = 0;
	lpvm.ptid = 0;
	lpvm.pvmd_tid = 0;
	lpvm.ctx = PvmBaseContext;
	lpvm.catch_fp = NULL;
	lpvm.catch_open = 0;
	task_free_config();
	task_free_tasks();
	return (0);
}

/*
 * Leave the virtual machine: print the output still owed to
 * pvm_catchout, say goodbye and free everything.  The next call enrols
 * again.
 */
int
pvm_exit(void)
{
	FILE	*fp;

	if (lpvm_conn_fd() == -1) {
		task_forget();
		return (PvmOk);
	}
	while (lpvm.catch_fp != NULL && lpvm.catch_open > 0) {
		if (lpvm_pump(-1) < 0)
			break;
	}
	if ((fp = lpvm.catch_fp) != NULL)
		fflush(fp);
	(void)lpvm_conn_bye();
	task_forget();
	return (PvmOk);
}

/* The TIDs started by the same pvm_spawn as this task. */
int
pvm_siblings(int **tidsp)
{
	int	cc;

	if ((cc = lpvm_enroll()) != 0)
		return (lpvm_err(cc, "pvm_siblings"));
	if (lpvm.nsiblings > 0) {
		if (tidsp != NULL)
			*tidsp = lpvm.siblings;
		return (lpvm.nsiblings);
	}
	task_self = lpvm.mytid;
	if (tidsp != NULL)
		*tidsp = &task_self;
	return (1);
}

static void
task_free_strv(char **v, size_t n)
{
	size_t	i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/*
 * The "NAME=value" strings of the variables named in $PVM_EXPORT
 * (colon-separated), PVM_EXPORT itself first.  Returns 0 or PvmNoMem.
 */
static int
task_export_env(char ***envp, size_t *nenvp)
{
	const char	*exp, *p, *end, *val;
	char		**v = NULL, *name;
	size_t		 n = 0, max;

	*envp = NULL;
	*nenvp = 0;
	if ((exp = getenv("PVM_EXPORT")) == NULL)
		return (0);
	max = 2;
	for (p = exp; *p != '\0'; p++) {
		if (*p == ':')
			max++;
	}
	if ((v = calloc(max, sizeof *v)) == NULL)
		return (PvmNoMem);
	if (asprintf(&v[n], "PVM_EXPORT=%s", exp) == -1)
		goto nomem;
	n++;
	for (p = exp; *p != '\0'; p = *end != '\0' ? end + 1 : end) {
		if ((end = strchr(p, ':')) == NULL)
			end = p + strlen(p);
		if (end == p)
			continue;
		if ((name = strndup(p, end - p)) == NULL)
			goto nomem;
		if (strcmp(name, "PVM_EXPORT") == 0 || strchr(name, '=') ||
		    (val = getenv(name)) == NULL) {
			free(name);
			continue;
		}
		if (n < max && asprintf(&v[n], "%s=%s", name, val) == -1) {
			free(name);
			goto nomem;
		}
		n++;
		free(name);
	}
	*envp = v;
	*nenvp = n;
	return (0);
nomem:
	task_free_strv(v, max);
	return (PvmNoMem);
}

/*
 * Start count copies of file with argv (NULL-terminated, may be NULL).
 * Returns how many started; tids[i] gets each TID or error code.
 */
int
pvm_spawn(char *file, char **argv, int flags, char *where, int count,
    int *tids)
{
	Pvm__SpawnRequest	 req = PVM__SPAWN_REQUEST__INIT;
	Pvm__SpawnReply		*rep;
	ProtobufCMessage	*m;
	char			**env;
	size_t			 nenv, nargv = 0;
	int			 i, cc, started = 0, t;

	if ((cc = lpvm_enroll()) != 0)
		return (lpvm_err(cc, "pvm_spawn"));
	if (file == NULL || *file == '\0' || count < 1)
		return (lpvm_err(PvmBadParam, "pvm_spawn"));
	if ((flags & (PvmTaskHost | PvmTaskArch)) != 0 &&
	    (where == NULL || *where == '\0'))
		return (lpvm_err(PvmBadParam, "pvm_spawn"));
	if (argv != NULL) {
		while (argv[nargv] != NULL)
			nargv++;
	}
	if ((cc = task_export_env(&env, &nenv)) != 0)
		return (lpvm_err(cc, "pvm_spawn"));
	req.file = file;
	req.n_argv = nargv;
	req.argv = argv;
	req.flags = flags;
	req.where = where != NULL ? where : "";
	req.count = count;
	req.n_env = nenv;
	req.env = env;
	req.out_tid = lpvm.out_tid;
	req.out_ctx = lpvm.out_ctx;
	req.out_tag = lpvm.out_tag;
	req.trc_tid = lpvm.trc_tid;
	req.trc_tag = lpvm.trc_tag;
	req.wd = "";
	req.ctx = lpvm.ctx;	/* children start in the current context */
	cc = lpvm_rpc(PVM_MSG_SPAWN, &req.base, PVM_MSG_SPAWN_REPLY, &m);
	task_free_strv(env, nenv);
	if (cc != 0)
		return (lpvm_err(cc, "pvm_spawn"));
	rep = (Pvm__SpawnReply *)m;
	/*
	 * Output being caught needs no bookkeeping here: the pvmd sends each
	 * child's BEGIN before this reply on the same ordered route, and the
	 * child's END may even have arrived already.
	 */
	for (i = 0; i < count; i++) {
		t = (size_t)i < rep->n_tids ? rep->tids[i] : PvmDSysErr;
		if (t > 0 && !lpvm_tid_valid(t))
			t = PvmDSysErr;
		if (t > 0)
			started++;
		if (tids != NULL)
			tids[i] = t;
	}
	wire_ctl_free(m);
	return (started);
}

/*
 * Send a TaskRequest of the given type and return the Status code
 * (>= 0 or a PVM error) in *codep.  Returns 0 or a link error.
 */
static int
task_status(int type, int tid, int signum, int *codep)
{
	Pvm__TaskRequest	 req = PVM__TASK_REQUEST__INIT;
	ProtobufCMessage	*m;
	int			 cc;

	req.tid = tid;
	req.signum = signum;
	if ((cc = lpvm_rpc(type, &req.base, PVM_MSG_STATUS, &m)) != 0)
		return (cc);
	*codep = ((Pvm__Status *)m)->code;
	wire_ctl_free(m);
	return (0);
}

/* Terminate a task (SIGTERM); a task may kill itself. */
int
pvm_kill(int tid)
{
	int	cc, code;

	if ((cc = lpvm_enroll()) != 0)
		return (lpvm_err(cc, "pvm_kill"));
	if (!lpvm_tid_valid(tid))
		return (lpvm_err(PvmBadParam, "pvm_kill"));
	if ((cc = task_status(PVM_MSG_KILL, tid, 0, &code)) != 0)
		return (lpvm_err(cc, "pvm_kill"));
	if (code < 0)
		return (lpvm_err(code, "pvm_kill"));
	if (tid == lpvm.mytid)
		raise(SIGTERM);
	return (PvmOk);
}

/* Send signal signum to a task. */
int
pvm_sendsig(int tid, int signum)
{
	int	cc, code;

	if ((cc = lpvm_enroll()) != 0)
		return (lpvm_err(cc, "pvm_sendsig"));
	if (!lpvm_tid_valid(tid) || signum < 0 || signum >= NSIG)
		return (lpvm_err(PvmBadParam, "pvm_sendsig"));
	if ((cc = task_status(PVM_MSG_SIGNAL, tid, signum, &code)) != 0)
		return (lpvm_err(cc, "pvm_sendsig"));
	if (code < 0)
		return (lpvm_err(code, "pvm_sendsig"));
	return (PvmOk);
}

/* Status of a task: PvmOk if it runs, PvmNoTask if not (not reported). */
int
pvm_pstat(int tid)
{
	int	cc, code;

	if ((cc = lpvm_enroll()) != 0)
		return (lpvm_err(cc, "pvm_pstat"));
	if (!lpvm_tid_valid(tid))
		return (lpvm_err(PvmBadParam, "pvm_pstat"));
	if ((cc = task_status(PVM_MSG_PSTAT, tid, 0, &code)) != 0)
		return (lpvm_err(cc, "pvm_pstat"));
	if (code == PvmNoTask || code >= 0)
		return (code < 0 ? code : PvmOk);
	return (lpvm_err(code, "pvm_pstat"));
}

/* Status of a host: PvmOk, PvmNoHost or PvmHostFail (not reported). */
int
pvm_mstat(char *host)
{
	Pvm__HostRequest	 req = PVM__HOST_REQUEST__INIT;
	ProtobufCMessage	*m;
	int			 cc, code;

	if ((cc = lpvm_enroll()) != 0)
		return (lpvm_err(cc, "pvm_mstat"));
	if (host == NULL || *host == '\0')
		return (lpvm_err(PvmBadParam, "pvm_mstat"));
	req.n_names = 1;
	req.names = &host;
	if ((cc = lpvm_rpc(PVM_MSG_MSTAT, &req.base, PVM_MSG_STATUS,
	    &m)) != 0)
		return (lpvm_err(cc, "pvm_mstat"));
	code = ((Pvm__Status *)m)->code;
	wire_ctl_free(m);
	if (code == PvmNoHost || code == PvmHostFail || code >= 0)
		return (code < 0 ? code : PvmOk);
	return (lpvm_err(code, "pvm_mstat"));
}

static void
task_free_config(void)
{
	int	i;

	for (i = 0; i < cfg_nhost; i++) {
		free(cfg_hosts[i].hi_name);
		free(cfg_hosts[i].hi_arch);
	}
	free(cfg_hosts);
	cfg_hosts = NULL;
	cfg_nhost = cfg_narch = 0;
}

/* Ask the pvmd for the host table into cfg_*.  Returns 0 or an error. */
static int
task_fetch_config(void)
{
	Pvm__ConfigReply	*rep;
	ProtobufCMessage	*m;
	struct pvmhostinfo	*h;
	size_t			 i, j;
	int			 cc, narch;

	if ((cc = lpvm_rpc(PVM_MSG_CONFIG, NULL, PVM_MSG_CONFIG_REPLY,
	    &m)) != 0)
		return (cc);
	rep = (Pvm__ConfigReply *)m;
	if (rep->n_hosts > TASK_MAX_HOSTS) {
		wire_ctl_free(m);
		return (PvmDSysErr);
	}
	if ((h = calloc(rep->n_hosts + 1, sizeof *h)) == NULL) {
		wire_ctl_free(m);
		return (PvmNoMem);
	}
	for (i = 0; i < rep->n_hosts; i++) {
		h[i].hi_tid = rep->hosts[i]->tid;
		h[i].hi_name = strdup(rep->hosts[i]->name != NULL ?
		    rep->hosts[i]->name : "");
		h[i].hi_arch = strdup(rep->hosts[i]->arch != NULL ?
		    rep->hosts[i]->arch : "");
		h[i].hi_speed = rep->hosts[i]->speed;
		h[i].hi_dsig = rep->hosts[i]->dsig;
		if (h[i].hi_name == NULL || h[i].hi_arch == NULL) {
			for (j = 0; j <= i; j++) {
				free(h[j].hi_name);
				free(h[j].hi_arch);
			}
			free(h);
			wire_ctl_free(m);
			return (PvmNoMem);
		}
	}
	narch = 0;
	for (i = 0; i < rep->n_hosts; i++) {
		for (j = 0; j < i; j++) {
			if (strcmp(h[i].hi_arch, h[j].hi_arch) == 0)
				break;
		}
		if (j == i)
			narch++;
	}
	task_free_config();
	cfg_hosts = h;
	cfg_nhost = (int)rep->n_hosts;
	cfg_narch = narch;
	wire_ctl_free(m);
	return (0);
}

/* The hosts of the virtual machine, in storage reused by the next call. */
int
pvm_config(int *nhostp, int *narchp, struct pvmhostinfo **hostp)
{
	int	cc;

	if ((cc = lpvm_enroll()) != 0)
		return (lpvm_err(cc, "pvm_config"));
	if ((cc = task_fetch_config()) != 0)
		return (lpvm_err(cc, "pvm_config"));
	if (nhostp != NULL)
		*nhostp = cfg_nhost;
	if (narchp != NULL)
		*narchp = cfg_narch;
	if (hostp != NULL)
		*hostp = cfg_hosts;
	return (PvmOk);
}

/*
 * The data format code of an architecture present in the machine.  The
 * pvm_config storage is left alone.
 */
int
pvm_archcode(char *arch)
{
	Pvm__ConfigReply	*rep;
	ProtobufCMessage	*m;
	size_t			 i;
	int			 cc;

	if (arch == NULL || *arch == '\0')
		return (lpvm_err(PvmBadParam, "pvm_archcode"));
	if ((cc = lpvm_enroll()) != 0)
		return (lpvm_err(cc, "pvm_archcode"));
	if ((cc = lpvm_rpc(PVM_MSG_CONFIG, NULL, PVM_MSG_CONFIG_REPLY,
	    &m)) != 0)
		return (lpvm_err(cc, "pvm_archcode"));
	rep = (Pvm__ConfigReply *)m;
	cc = PvmNotFound;
	for (i = 0; i < rep->n_hosts; i++) {
		if (rep->hosts[i]->arch != NULL &&
		    strcmp(rep->hosts[i]->arch, arch) == 0) {
			cc = rep->hosts[i]->dsig;
			break;
		}
	}
	wire_ctl_free(m);
	if (cc < 0)
		return (lpvm_err(cc, "pvm_archcode"));
	return (cc);
}

static void
task_free_tasks(void)
{
	int	i;

	for (i = 0; i < tasks_n; i++)
		free(tasks_info[i].ti_a_out);
	free(tasks_info);
	tasks_info = NULL;
	tasks_n = 0;
}

/*
 * The tasks of the machine (where 0), of one host (a pvmd TID) or one
 * task, in storage reused by the next call.
 */
int
pvm_tasks(int where, int *ntaskp, struct pvmtaskinfo **taskp)
{
	Pvm__TasksRequest	 req = PVM__TASKS_REQUEST__INIT;
	Pvm__TasksReply		*rep;
	ProtobufCMessage	*m;
	struct pvmtaskinfo	*ti;
	size_t			 i, j;
	int			 cc;

	if ((cc = lpvm_enroll()) != 0)
		return (lpvm_err(cc, "pvm_tasks"));
	req.where = where;
	if ((cc = lpvm_rpc(PVM_MSG_TASKS, &req.base, PVM_MSG_TASKS_REPLY,
	    &m)) != 0)
		return (lpvm_err(cc, "pvm_tasks"));
	rep = (Pvm__TasksReply *)m;
	if (rep->code < 0) {
		cc = rep->code;
		wire_ctl_free(m);
		return (lpvm_err(cc, "pvm_tasks"));
	}
	if (rep->n_tasks > TASK_MAX_TASKS) {
		wire_ctl_free(m);
		return (lpvm_err(PvmDSysErr, "pvm_tasks"));
	}
	if ((ti = calloc(rep->n_tasks + 1, sizeof *ti)) == NULL) {
		wire_ctl_free(m);
		return (lpvm_err(PvmNoMem, "pvm_tasks"));
	}
	for (i = 0; i < rep->n_tasks; i++) {
		ti[i].ti_tid = rep->tasks[i]->tid;
		ti[i].ti_ptid = rep->tasks[i]->ptid;
		ti[i].ti_host = rep->tasks[i]->host;
		ti[i].ti_flag = rep->tasks[i]->flag;
		ti[i].ti_pid = rep->tasks[i]->pid;
		ti[i].ti_a_out = strdup(rep->tasks[i]->name != NULL ?
		    rep->tasks[i]->name : "");
		if (ti[i].ti_a_out == NULL) {
			for (j = 0; j < i; j++)
				free(ti[j].ti_a_out);
			free(ti);
			wire_ctl_free(m);
			return (lpvm_err(PvmNoMem, "pvm_tasks"));
		}
	}
	task_free_tasks();
	tasks_info = ti;
	tasks_n = (int)rep->n_tasks;
	wire_ctl_free(m);
	if (ntaskp != NULL)
		*ntaskp = tasks_n;
	if (taskp != NULL)
		*taskp = tasks_info;
	return (PvmOk);
}

/* The host TID (host part only, as pvm_config's hi_tid) of a task. */
int
pvm_tidtohost(int tid)
{
	Pvm__TasksRequest	 req = PVM__TASKS_REQUEST__INIT;
	Pvm__TasksReply		*rep;
	ProtobufCMessage	*m;
	uint32_t		 t = (uint32_t)tid;
	int			 host;

	if ((t & PVM_TID_MCAST) != 0 || (t & PVM_TID_HOST_MASK) == 0)
		return (lpvm_err(PvmBadParam, "pvm_tidtohost"));
	host = (int)(t & PVM_TID_HOST_MASK);
	/*
	 * A task may have moved (pvm_migrate): an enrolled caller asks the
	 * daemons where it runs; the TID's host if they cannot say.
	 */
	if (lpvm.mytid == 0 || (t & PVM_TID_DAEMON) != 0 ||
	    (t & PVM_TID_LOCAL_MASK) == 0)
		return (host);
	req.where = tid;
	if (lpvm_rpc(PVM_MSG_TASKS, &req.base, PVM_MSG_TASKS_REPLY, &m) != 0)
		return (host);
	rep = (Pvm__TasksReply *)m;
	if (rep->code == 0 && rep->n_tasks == 1 && rep->tasks[0]->tid == tid &&
	    rep->tasks[0]->host != 0 &&
	    ((uint32_t)rep->tasks[0]->host & ~PVM_TID_HOST_MASK) == 0)
		host = rep->tasks[0]->host;
	wire_ctl_free(m);
	return (host);
}

/*
 * Ask for notify messages (tag msgtag, current context) when tasks exit
 * (PvmTaskExit), hosts go (PvmHostDelete) or come (PvmHostAdd, cnt
 * times, -1 forever, 0 stops); PvmNotifyCancel cancels.
 */
int
pvm_notify(int what, int tag, int cnt, int *tids)
{
	Pvm__NotifyRequest	 req = PVM__NOTIFY_REQUEST__INIT;
	ProtobufCMessage	*m;
	int			 kind, i, cc, code;

	if ((cc = lpvm_enroll()) != 0)
		return (lpvm_err(cc, "pvm_notify"));
	kind = what & ~PvmNotifyCancel;
	if (tag < 0)
		return (lpvm_err(PvmBadParam, "pvm_notify"));
	switch (kind) {
	case PvmTaskExit:
	case PvmHostDelete:
		if (cnt < 1 || tids == NULL)
			return (lpvm_err(PvmBadParam, "pvm_notify"));
		for (i = 0; i < cnt; i++) {
			if (((uint32_t)tids[i] & PVM_TID_HOST_MASK) == 0 ||
			    ((uint32_t)tids[i] & PVM_TID_MCAST) != 0)
				return (lpvm_err(PvmBadParam, "pvm_notify"));
		}
		req.n_tids = (size_t)cnt;
		req.tids = tids;
		req.count = cnt;
		break;
	case PvmHostAdd:
		if (cnt < -1)
			return (lpvm_err(PvmBadParam, "pvm_notify"));
		req.count = cnt;
		break;
	default:
		return (lpvm_err(PvmBadParam, "pvm_notify"));
	}
	req.what = kind;
	req.tag = tag;
	req.ctx = lpvm.ctx;
	req.cancel = (what & PvmNotifyCancel) != 0;
	if ((cc = lpvm_rpc(PVM_MSG_NOTIFY, &req.base, PVM_MSG_STATUS,
	    &m)) != 0)
		return (lpvm_err(cc, "pvm_notify"));
	code = ((Pvm__Status *)m)->code;
	wire_ctl_free(m);
	if (code < 0)
		return (lpvm_err(code, "pvm_notify"));
	return (PvmOk);
}

/* Stop the whole virtual machine. */
int
pvm_halt(void)
{
	ProtobufCMessage	*m;
	time_t			 deadline;
	int			 cc, code;

	if ((cc = lpvm_enroll()) != 0)
		return (lpvm_err(cc, "pvm_halt"));
	cc = lpvm_rpc(PVM_MSG_HALT, NULL, PVM_MSG_STATUS, &m);
	if (cc == PvmSysErr) {
		/* The link closed under the request: the pvmd is gone. */
		task_forget();
		return (PvmOk);
	}
	if (cc != 0)
		return (lpvm_err(cc, "pvm_halt"));
	code = ((Pvm__Status *)m)->code;
	wire_ctl_free(m);
	if (code < 0)
		return (lpvm_err(code, "pvm_halt"));
	/* The pvmd closes every link as it exits: wait a while for that. */
	deadline = time(NULL) + TASK_HALT_WAIT;
	while (lpvm_conn_fd() != -1 && time(NULL) < deadline) {
		if (lpvm_pump(1000) < 0)
			break;
	}
	task_forget();
	return (PvmOk);
}

/*
 * Collect the output of children spawned from now on into fp (NULL
 * stops collecting for later children).  Always 0 once enrolled.
 */
int
pvm_catchout(FILE *fp)
{
	int	cc;

	if ((cc = lpvm_enroll()) != 0)
		return (lpvm_err(cc, "pvm_catchout"));
	lpvm.catch_fp = fp;
	if (fp != NULL) {
		lpvm.out_tid = lpvm.mytid;
		lpvm.out_ctx = LPVM_CTX_SYSTEM;
		lpvm.out_tag = LPVM_TAG_OUTPUT;
	} else {
		lpvm.out_tid = 0;
		lpvm.out_ctx = 0;
		lpvm.out_tag = 0;
	}
	return (PvmOk);
}

/* The descriptors the library reads (the pvmd link first). */
int
pvm_getfds(int **fdsp)
{
	int	cc;

	if ((cc = lpvm_enroll()) != 0)
		return (lpvm_err(cc, "pvm_getfds"));
	if (fdsp == NULL)
		return (lpvm_err(PvmBadParam, "pvm_getfds"));
	task_fds[0] = lpvm_conn_fd();
	*fdsp = task_fds;
	return (1);
}

/* The PVM version this library implements. */
char *
pvm_version(void)
{
	return (task_version);
}

/*
 * Start a pvmd ($PVM_PVMD or PVMD_PATH) with argv and connect to it once
 * it is ready (it backgrounds itself then).  PvmDupHost if one runs.
 */
int
pvm_start_pvmd(int argc, char **argv, int block)
{
	const char	*path;
	char		**av;
	pid_t		 pid;
	int		 i, st, cc;

	if (argc < 0 || (argc > 0 && argv == NULL))
		return (lpvm_err(PvmBadParam, "pvm_start_pvmd"));
	if (lpvm_conn_fd() != -1 || getenv(PVM_ENV_TASKFD) != NULL ||
	    lpvm_conn_alive())
		return (lpvm_err(PvmDupHost, "pvm_start_pvmd"));
	if ((path = getenv("PVM_PVMD")) == NULL || *path == '\0')
		path = PVMD_PATH;
	if ((av = calloc((size_t)argc + 2, sizeof *av)) == NULL)
		return (lpvm_err(PvmNoMem, "pvm_start_pvmd"));
	av[0] = (char *)path;
	for (i = 0; i < argc; i++) {
		if (argv[i] == NULL)
			break;
		av[i + 1] = argv[i];
	}
	fflush(NULL);
	switch (pid = fork()) {
	case -1:
		free(av);
		return (lpvm_err(PvmCantStart, "pvm_start_pvmd"));
	case 0:
		execv(path, av);
		_exit(127);
		/* NOTREACHED */
	default:
		break;
	}
	free(av);
	while (waitpid(pid, &st, 0) == -1) {
		if (errno != EINTR) {
			/* SIGCHLD ignored: judge by the socket. */
			st = lpvm_conn_alive() ? 0 : 1;
			break;
		}
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return (lpvm_err(PvmCantStart, "pvm_start_pvmd"));
	if ((cc = lpvm_enroll()) != 0)
		return (lpvm_err(PvmCantStart, "pvm_start_pvmd"));
	return (PvmOk);
}

/* Sleep for secs seconds, as PVM 3.4's exported pvmsleep() does. */
int
pvmsleep(int secs)
{
	if (secs > 0)
		sleep((unsigned int)secs);
	return (0);
}
