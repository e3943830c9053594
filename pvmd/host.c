/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * The host table and the roles of the pvmds.  The master (host 1) holds
 * the machine's CA, numbers the slaves it starts (host_start.c) and
 * sends the table to every host whenever it changes.  A slave (pvmd -s)
 * takes its identity and credentials from the SlaveConfig frame on its
 * standard input and follows the master's table; when it loses the
 * master it halts.
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <stdint.h>
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
#include "tls.h"

/* Longest PVMD-READY line written for the master. */
#define HOST_READY_MAX	256
/* Longest architecture name and link address taken from a host table. */
#define HOST_ARCH_MAX	64
#define HOST_ADDR_MAX	255

/* One host of the machine. */
struct host {
	int		 hostnum;
	char		*name;
	char		*arch;
	char		*addr;
	int		 port;
	int		 speed;
	int		 dsig;
};

static struct event_base	*host_base;
static struct host		*host_table[PVM_TID_MAX_HOST + 1];
static int			 host_next = 2;
/* Hosts in the table whose data format is not ours (every hello asks). */
static int			 host_nforeign;
static struct tls_ca		*host_ca;
static struct event		*host_wait_ev;	/* slave: first table */
static char			*host_master_cn;
/* Where the master's link listens, from the SlaveConfig. */
static char			*host_master_addr;
static int			 host_master_port;

static struct host	*host_insert(int, const char *, const char *, int, int,
			     const char *, int);
static void		 host_remove(int);
static void		 host_broadcast_table(void);
static void		 host_delete(int, const char *, int);
static int		 host_read_full(int, void *, size_t, time_t);
static const char	*host_getenv(const char *, void *);
static void		 host_relink(evutil_socket_t, short, void *);
static void		 host_wait_timeout(evutil_socket_t, short, void *);

/*
 * Remember the loop, the master's host file (the master keeps it, for
 * the options of hosts it adds; it may be NULL) and the CA (NULL on a
 * slave).
 */
void
host_init(struct event_base *base, struct hostfile *hf)
{
	struct timeval	tv = { HOST_START_WAIT, 0 };

	host_base = base;
	host_start_init(base, hf);
	if (pvmd_host.master)
		return;
	host_wait_ev = evtimer_new(base, host_wait_timeout, NULL);
	if (host_wait_ev == NULL || evtimer_add(host_wait_ev, &tv) == -1)
		fatalx("cannot add the master timer");
}

/* A slave that got no host table from its master in time halts. */
static void
host_wait_timeout(__unused evutil_socket_t fd, __unused short events,
    __unused void *arg)
{
	log_warnx("no host table from the master within %d s",
	    HOST_START_WAIT);
	pvmd_halt(NULL);
}

static const char *
host_getenv(const char *name, __unused void *arg)
{
	return (getenv(name));
}

static struct host *
host_insert(int hostnum, const char *name, const char *arch, int speed,
    int dsig, const char *addr, int port)
{
	struct host	*h;

	if (host_table[hostnum] != NULL)
		host_remove(hostnum);
	h = xcalloc(1, sizeof *h);
	h->hostnum = hostnum;
	h->name = xstrdup(name);
	h->arch = xstrdup(arch);
	h->speed = speed;
	h->dsig = dsig;
	h->addr = xstrdup(addr);
	h->port = port;
	host_table[hostnum] = h;
	if (dsig != PVMD_DSIG)
		host_nforeign++;
	return (h);
}

static void
host_remove(int hostnum)
{
	struct host	*h = host_table[hostnum];

	if (h == NULL)
		return;
	host_table[hostnum] = NULL;
	if (h->dsig != PVMD_DSIG)
		host_nforeign--;
	free(h->name);
	free(h->arch);
	free(h->addr);
	free(h);
}

/*
 * The master's host table, credentials and listener: the CA from
 * $HOME/.pvm (or the files pvmd.conf names), created the first time; our
 * own certificate for name; the daemon link listener on the address of
 * name.  Returns 0, or -1 with *cause: the table then holds this host
 * alone and no host can be added.
 */
int
host_master_setup(const char *name, char **cause)
{
	struct tls_cred	*cred;
	struct tls_ctx	*ctx;
	struct passwd	*pw;
	char		*dir, *conf, *cacert = NULL, *cakey = NULL, *msg;
	const char	*user;

	pvmd_hostnum = 1;
	pvmd_host.master = 1;
	pvmd_host.heartbeat_ms = LINK_HEARTBEAT_MS;
	pvmd_host.dead_after_ms = LINK_DEAD_AFTER_MS;
	pvmd_host.addr = xstrdup(name);
	pvmd_host.port = 0;
	(void)host_insert(1, name, PVMD_ARCH, pvmd_host.speed, PVMD_DSIG,
	    pvmd_host.addr, pvmd_host.port);
	xasprintf(&dir, "%s/.pvm", getenv("HOME"));
	xasprintf(&conf, "%s/pvmd.conf", dir);
	if (conf_load(conf, &cacert, &cakey, &pvmd_host.heartbeat_ms,
	    &pvmd_host.dead_after_ms, cause) != 0) {
		free(conf);
		free(dir);
		return (-1);
	}
	free(conf);
	if (cacert != NULL) {
		host_ca = tls_ca_load_files(cacert, cakey, &msg);
		free(cacert);
		free(cakey);
	} else {
		host_ca = tls_ca_load(dir, &msg);
		if (host_ca == NULL) {
			log_debug("no CA in %s (%s), creating one", dir, msg);
			free(msg);
			pw = getpwuid(getuid());
			user = pw != NULL ? pw->pw_name : "user";
			host_ca = tls_ca_create(pvmd_host.vmid, user, name,
			    &msg);
			if (host_ca != NULL &&
			    tls_ca_save(host_ca, dir, &msg) != 0) {
				tls_ca_free(host_ca);
				host_ca = NULL;
			}
			if (host_ca != NULL)
				log_info("created the virtual machine's CA "
				    "in %s", dir);
		}
	}
	free(dir);
	if (host_ca == NULL) {
		xasprintf(cause, "certificate authority: %s", msg);
		free(msg);
		return (-1);
	}
	if ((cred = tls_cred_issue(host_ca, name, 0, 0, &msg)) == NULL ||
	    (ctx = tls_ctx_new(cred, &msg)) == NULL) {
		tls_cred_free(cred);
		xasprintf(cause, "credentials for %s: %s", name, msg);
		free(msg);
		return (-1);
	}
	tls_cred_free(cred);
	if (link_listen(pvmd_host.addr, &pvmd_host.port, cause) != 0) {
		tls_ctx_free(ctx);
		tls_ca_free(host_ca);
		host_ca = NULL;
		return (-1);
	}
	link_set_ctx(ctx);
	host_table[1]->port = pvmd_host.port;
	return (0);
}

/* Read exactly len bytes from fd before deadline; 0 or -1. */
static int
host_read_full(int fd, void *buf, size_t len, time_t deadline)
{
	struct pollfd	 pfd;
	uint8_t		*p = buf;
	ssize_t		 n;
	time_t		 now;

	while (len > 0) {
		now = time(NULL);
		if (now >= deadline)
			return (-1);
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, (int)(deadline - now) * 1000) <= 0) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		n = read(fd, p, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return (-1);
		p += n;
		len -= n;
	}
	return (0);
}

/*
 * pvmd -s: read the SlaveConfig frame from fd (at most
 * HOST_SLAVE_CONFIG_MAX bytes within HOST_START_WAIT seconds) and take
 * the identity, options and credentials it gives; bind the daemon link
 * listener.  Sets PVM_VMID for the paths.  Returns 0, or -1 with *cause.
 */
int
host_slave_config(int fd, char **cause)
{
	uint8_t			 hdr[PVM_FRAME_HDRLEN], *body = NULL;
	struct pvm_frame	 f;
	Pvm__SlaveConfig	*sc = NULL;
	struct tls_cred		*cred;
	struct stat		 sb;
	struct tls_ctx		*ctx;
	const char		*err;
	char			*msg;
	time_t			 deadline = time(NULL) + HOST_START_WAIT;
	int			 rv = -1;

	if (host_read_full(fd, hdr, sizeof hdr, deadline) != 0) {
		xasprintf(cause, "no configuration frame on standard input");
		return (-1);
	}
	if (wire_hdr_decode(hdr, &f, HOST_SLAVE_CONFIG_MAX, &err) != 0) {
		xasprintf(cause, "bad configuration frame: %s", err);
		return (-1);
	}
	if (f.type != PVM_MSG_SLAVE_CONFIG) {
		xasprintf(cause, "bad configuration frame: %s, not %s",
		    pvm_msgtype_str(f.type),
		    pvm_msgtype_str(PVM_MSG_SLAVE_CONFIG));
		return (-1);
	}
	body = xmalloc(f.len + 1);
	if (host_read_full(fd, body, f.len, deadline) != 0) {
		xasprintf(cause, "truncated configuration frame");
		goto out;
	}
	sc = (Pvm__SlaveConfig *)wire_ctl_unpack(f.type, body, f.len, &err);
	if (sc == NULL) {
		xasprintf(cause, "configuration: %s", err);
		goto out;
	}
	if (sc->hostnum < 2 || sc->hostnum > PVM_TID_MAX_HOST ||
	    *sc->name == '\0' || strlen(sc->name) > TLS_NAME_MAX ||
	    *sc->addr == '\0' || *sc->vmid == '\0' ||
	    strlen(sc->vmid) >= PATHS_VMID_MAX - 8 ||
	    sc->master_port <= 0 || sc->master_port > 65535 ||
	    sc->sp < HOSTFILE_SP_MIN || sc->sp > HOSTFILE_SP_MAX ||
	    sc->heartbeat_ms < 10 || sc->dead_after_ms <= sc->heartbeat_ms) {
		xasprintf(cause, "configuration out of range");
		goto out;
	}
	if (setenv("PVM_VMID", sc->vmid, 1) == -1)
		fatal("setenv");
	/* The master's PVM_TMP, where that directory exists here too. */
	if (*sc->tmp == '/' && strlen(sc->tmp) < 200 &&
	    stat(sc->tmp, &sb) == 0 && S_ISDIR(sb.st_mode) &&
	    setenv("PVM_TMP", sc->tmp, 1) == -1)
		fatal("setenv");
	pvmd_hostnum = sc->hostnum;
	pvmd_host.master = 0;
	pvmd_host.name = xstrdup(sc->name);
	pvmd_host.addr = xstrdup(sc->addr);
	pvmd_host.speed = sc->sp;
	pvmd_host.heartbeat_ms = sc->heartbeat_ms;
	pvmd_host.dead_after_ms = sc->dead_after_ms;
	if (*sc->ep != '\0')
		pvmd_host.ep = xstrdup(sc->ep);
	else if (hostfile_expand(HOSTFILE_DEFAULT_EP, host_getenv, NULL,
	    &pvmd_host.ep, &msg) != 0) {
		xasprintf(cause, "default ep: %s", msg);
		free(msg);
		goto out;
	}
	pvmd_host.wd = xstrdup(*sc->wd != '\0' ? sc->wd : getenv("HOME"));
	if (*sc->master_addr == '\0' || strlen(sc->master_addr) > 255) {
		xasprintf(cause, "configuration without the master's address");
		goto out;
	}
	free(host_master_addr);
	host_master_addr = xstrdup(sc->master_addr);
	host_master_port = sc->master_port;
	cred = tls_cred_from_pem(sc->cert_pem, sc->key_pem, sc->ca_pem, &msg);
	if (cred == NULL || (ctx = tls_ctx_new(cred, &msg)) == NULL) {
		tls_cred_free(cred);
		xasprintf(cause, "credentials: %s", msg);
		free(msg);
		goto out;
	}
	tls_cred_free(cred);
	pvmd_host.port = 0;
	if (link_listen(pvmd_host.addr, &pvmd_host.port, cause) != 0) {
		tls_ctx_free(ctx);
		goto out;
	}
	link_set_ctx(ctx);
	(void)host_insert(pvmd_hostnum, pvmd_host.name, PVMD_ARCH,
	    pvmd_host.speed, PVMD_DSIG, pvmd_host.addr, pvmd_host.port);
	rv = 0;
out:
	if (sc != NULL) {
		if (sc->key_pem != NULL)
			explicit_bzero(sc->key_pem, strlen(sc->key_pem));
		wire_ctl_free(&sc->base);
	}
	explicit_bzero(body, f.len);
	free(body);
	return (rv);
}

/*
 * pvmd -S FILE (manual start): take the SlaveConfig frame from FILE,
 * which must be a regular file of ours that nobody else may read or
 * write (mode 0600), and delete it.  Returns 0, or -1 with *cause, as
 * host_slave_config().
 */
int
host_slave_config_file(const char *path, char **cause)
{
	struct stat	sb;
	int		fd, rv;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (-1);
	}
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    sb.st_uid != getuid() || (sb.st_mode & 07777) != 0600) {
		xasprintf(cause, "%s: not a regular file of mode 0600 owned "
		    "by this user", path);
		close(fd);
		return (-1);
	}
	if (unlink(path) == -1)
		log_warn("%s: cannot delete", path);
	rv = host_slave_config(fd, cause);
	close(fd);
	return (rv);
}

/* Manual start: link to the master, which waits for us. */
void
host_slave_connect(void)
{
	link_connect(1, host_master_addr, host_master_port);
}

/* Tell the master (on fd, our standard output) where we listen. */
void
host_slave_ready(int fd)
{
	char	line[HOST_READY_MAX];
	int	n;
	ssize_t	w;

	n = snprintf(line, sizeof line, "PVMD-READY %s %d\n", pvmd_host.addr,
	    pvmd_host.port);
	do {
		w = write(fd, line, n);
	} while (w == -1 && errno == EINTR);
}

/* The name of host hostnum (in the table or being started), or NULL. */
const char *
host_name(int hostnum)
{
	if (hostnum < 1 || hostnum > PVM_TID_MAX_HOST)
		return (NULL);
	if (host_table[hostnum] != NULL)
		return (host_table[hostnum]->name);
	return (host_start_name(hostnum));
}

/* Whether host hostnum is in the table. */
int
host_exists(int hostnum)
{
	return (hostnum >= 1 && hostnum <= PVM_TID_MAX_HOST &&
	    host_table[hostnum] != NULL);
}

/* Whether some host of the machine has another data format than ours. */
int
host_formats_mixed(void)
{
	return (host_nforeign != 0);
}

/* The number of the host called name, or 0. */
int
host_find_name(const char *name)
{
	int	i;

	for (i = 1; i <= PVM_TID_MAX_HOST; i++) {
		if (host_table[i] == NULL)
			continue;
		if (i == PVMD_HOSTNUM ? pvmd_host_match(name) :
		    strcasecmp(host_table[i]->name, name) == 0)
			return (i);
	}
	return (0);
}

/* How many hosts are in the table. */
int
host_count(void)
{
	int	i, n = 0;

	for (i = 1; i <= PVM_TID_MAX_HOST; i++) {
		if (host_table[i] != NULL)
			n++;
	}
	return (n);
}

/* The number of the n-th host of the table (from 0), or 0. */
int
host_nth(size_t n)
{
	int	i;

	for (i = 1; i <= PVM_TID_MAX_HOST; i++) {
		if (host_table[i] != NULL && n-- == 0)
			return (i);
	}
	return (0);
}

/* The relative speed of a host of the table (1 if unknown). */
int
host_speed(int hostnum)
{
	if (!host_exists(hostnum) || host_table[hostnum]->speed < 1)
		return (1);
	return (host_table[hostnum]->speed);
}

/* The architecture of a host of the table, or "". */
const char *
host_arch(int hostnum)
{
	return (host_exists(hostnum) ? host_table[hostnum]->arch : "");
}

/* Send the whole table to every slave. */
static void
host_broadcast_table(void)
{
	Pvm__HostTable	  tab = PVM__HOST_TABLE__INIT;
	Pvm__HostEntry	 *ents, **ptrs;
	struct host	 *h;
	size_t		  n = 0;
	int		  i;

	ents = xcalloc(PVM_TID_MAX_HOST, sizeof *ents);
	ptrs = xcalloc(PVM_TID_MAX_HOST, sizeof *ptrs);
	for (i = 1; i <= PVM_TID_MAX_HOST; i++) {
		if ((h = host_table[i]) == NULL)
			continue;
		pvm__host_entry__init(&ents[n]);
		ents[n].hostnum = h->hostnum;
		ents[n].name = h->name;
		ents[n].arch = h->arch;
		ents[n].speed = h->speed;
		ents[n].dsig = h->dsig;
		ents[n].addr = h->addr;
		ents[n].port = h->port;
		ptrs[n] = &ents[n];
		n++;
	}
	tab.n_hosts = n;
	tab.hosts = ptrs;
	tab.master = 1;
	for (i = 2; i <= PVM_TID_MAX_HOST; i++) {
		if (host_table[i] != NULL)
			(void)link_send_ctl(i, PVM_MSG_HOST_TABLE, 0, PVMD_TID,
			    PVM_TID_DAEMON | (i << PVM_TID_HOST_SHIFT),
			    &tab.base);
	}
	free(ptrs);
	free(ents);
}

/*
 * A link to hostnum is up, its peer's certificate named cn.  On the
 * master a starting slave has joined: it enters the table, which goes
 * to every host.
 */
void
host_link_ready(int hostnum, const char *cn)
{
	if (!pvmd_host.master) {
		if (hostnum == 1 && host_table[1] == NULL) {
			free(host_master_cn);
			host_master_cn = xstrdup(cn);
		}
		return;
	}
	host_start_joined(hostnum);
}

/*
 * A new slave has joined: it enters the table, which goes to every
 * host, and PvmHostAdd notifies fire.
 */
void
host_join(int hostnum, const char *name, int speed, const char *addr,
    int port)
{
	int	dtid;

	(void)host_insert(hostnum, name, PVMD_ARCH, speed, PVMD_DSIG, addr,
	    port);
	log_info("host %d (%s) added", hostnum, name);
	host_broadcast_table();
	link_table_changed();
	dtid = hostnum << PVM_TID_HOST_SHIFT;
	notify_host_add(&dtid, 1);
}

/* A number for a new host (never reused), or -1 when none is left. */
int
host_new_number(void)
{
	if (host_next > PVM_TID_MAX_HOST)
		return (-1);
	return (host_next++);
}

/*
 * Credentials for the new host name, as PEM text (the caller frees; the
 * key is cleared first).  Returns 0, or -1 with *cause.
 */
int
host_issue(const char *name, char **cert, char **key, char **ca,
    char **cause)
{
	struct tls_cred	*cred;

	if (host_ca == NULL) {
		*cause = xstrdup("no certificate authority");
		return (-1);
	}
	if ((cred = tls_cred_issue(host_ca, name, 0, 0, cause)) == NULL)
		return (-1);
	if (tls_cred_pem(cred, cert, key, ca) != 0) {
		tls_cred_free(cred);
		*cause = xstrdup("cannot export the credentials");
		return (-1);
	}
	tls_cred_free(cred);
	return (0);
}

/* Whether this pvmd can add hosts: it is the master and has its CA. */
int
host_can_add(void)
{
	return (pvmd_host.master && host_ca != NULL);
}

/*
 * The link to hostnum is gone or could not be made.  The master deletes
 * the host (or fails its start); a slave that lost the master halts.
 */
void
host_link_lost(int hostnum, const char *reason)
{
	struct timeval	tv = { 1, 0 };

	if (pvmd_is_halting())
		return;
	if (pvmd_host.master) {
		if (host_start_failed(hostnum, reason))
			return;
		if (host_exists(hostnum))
			host_delete(hostnum, reason, 0);
		return;
	}
	if (hostnum == 1) {
		log_warnx("lost the master: %s", reason);
		pvmd_halt(NULL);
		return;
	}
	/* A link to another slave: the higher number tries again. */
	if (host_exists(hostnum) && hostnum < PVMD_HOSTNUM) {
		log_info("link to host %d lost (%s), trying again", hostnum,
		    reason);
		if (event_base_once(host_base, -1, EV_TIMEOUT, host_relink,
		    (void *)(intptr_t)hostnum, &tv) == -1)
			fatalx("event_base_once failed");
	}
}

/* Link again to a slave of the table whose link was lost. */
static void
host_relink(__unused evutil_socket_t fd, __unused short events, void *arg)
{
	int	hostnum = (int)(intptr_t)arg;

	if (pvmd_is_halting() || !host_exists(hostnum) ||
	    link_exists(hostnum))
		return;
	link_connect(hostnum, host_table[hostnum]->addr,
	    host_table[hostnum]->port);
}

/*
 * Host hostnum leaves the machine.  The master tells every other host
 * (and the host itself when tell is set: it then halts); every pvmd
 * fires its notifies and fails what waits on it.
 */
static void
host_delete(int hostnum, const char *reason, int tell)
{
	Pvm__HostDelete	hd = PVM__HOST_DELETE__INIT;
	int		i;

	if (!host_exists(hostnum) || hostnum == PVMD_HOSTNUM)
		return;
	log_info("host %d (%s) deleted: %s", hostnum,
	    host_table[hostnum]->name, reason);
	if (pvmd_host.master) {
		hd.hostnum = hostnum;
		hd.reason = (char *)reason;
		for (i = 2; i <= PVM_TID_MAX_HOST; i++) {
			if (host_table[i] == NULL || (i == hostnum && !tell))
				continue;
			(void)link_send_ctl(i, PVM_MSG_HOST_DELETE, 0,
			    PVMD_TID, PVM_TID_DAEMON |
			    (i << PVM_TID_HOST_SHIFT), &hd.base);
		}
	}
	host_remove(hostnum);
	link_close(hostnum);
	route_host_gone(hostnum);
	task_sibs_host_gone(hostnum);
	notify_host_gone(hostnum);
	mbox_host_gone(hostnum);
	group_host_gone(hostnum);
}

/*
 * HOST_TABLE from the master: follow it; link to lower slaves.  Returns
 * 0, or -1 (logged, nothing changed) if the table is malformed or does
 * not come from the master: the link must close.
 */
int
host_handle_table(int from, Pvm__HostTable *tab)
{
	Pvm__HostEntry	*e;
	char		 seen[PVM_TID_MAX_HOST + 1];
	int		*added, i;
	size_t		 j, nadded = 0;

	if (from != 1 || pvmd_host.master) {
		log_warnx("HOST_TABLE from host %d refused", from);
		return (-1);
	}
	if (tab->master != 1 || tab->n_hosts > PVM_TID_MAX_HOST) {
		log_warnx("HOST_TABLE: master %d, %zu hosts", tab->master,
		    tab->n_hosts);
		return (-1);
	}
	memset(seen, 0, sizeof seen);
	for (j = 0; j < tab->n_hosts; j++) {
		e = tab->hosts[j];
		if (e->hostnum < 1 || e->hostnum > PVM_TID_MAX_HOST ||
		    *e->name == '\0' || strlen(e->name) > TLS_NAME_MAX ||
		    strlen(e->arch) > HOST_ARCH_MAX ||
		    *e->addr == '\0' || strlen(e->addr) > HOST_ADDR_MAX ||
		    e->port < 0 || e->port > 65535 ||
		    e->speed < 0 || seen[e->hostnum]) {
			log_warnx("HOST_TABLE: bad entry %d", e->hostnum);
			return (-1);
		}
		seen[e->hostnum] = 1;
	}
	if (!seen[1] || !seen[PVMD_HOSTNUM]) {
		log_warnx("HOST_TABLE without the master or this host");
		return (-1);
	}
	added = xcalloc(tab->n_hosts, sizeof *added);
	for (j = 0; j < tab->n_hosts; j++) {
		e = tab->hosts[j];
		if (e->hostnum == 1 && host_master_cn != NULL &&
		    strcasecmp(host_master_cn, e->name) != 0) {
			log_warnx("HOST_TABLE: master %s, certificate of %s; "
			    "halting", e->name, host_master_cn);
			free(added);
			pvmd_halt(NULL);
			return (0);
		}
		if (e->hostnum == PVMD_HOSTNUM)
			continue;
		if (!host_exists(e->hostnum))
			added[nadded++] = e->hostnum << PVM_TID_HOST_SHIFT;
		(void)host_insert(e->hostnum, e->name, e->arch, e->speed,
		    e->dsig, e->addr, e->port);
	}
	for (i = 2; i <= PVM_TID_MAX_HOST; i++) {
		if (host_table[i] != NULL && !seen[i])
			host_delete(i, "not in the table", 0);
	}
	link_table_changed();
	if (host_wait_ev != NULL)
		evtimer_del(host_wait_ev);
	for (i = 2; i < PVMD_HOSTNUM; i++) {
		if (host_table[i] != NULL && !link_exists(i))
			link_connect(i, host_table[i]->addr,
			    host_table[i]->port);
	}
	if (nadded != 0)
		notify_host_add(added, nadded);
	free(added);
	return (0);
}

/* HOST_DELETE from the master: forget a host, or halt if it is us. */
void
host_handle_delete(int from, Pvm__HostDelete *hd)
{
	if (from != 1 || pvmd_host.master) {
		log_warnx("HOST_DELETE from host %d ignored", from);
		return;
	}
	if (hd->hostnum == PVMD_HOSTNUM) {
		log_info("deleted from the machine: %s", hd->reason);
		pvmd_halt(NULL);
		return;
	}
	host_delete(hd->hostnum, hd->reason, 0);
}

/* CONFIG: the host table. */
void
host_handle_config(struct task *t, struct pvm_frame *f)
{
	Pvm__ConfigReply	 reply = PVM__CONFIG_REPLY__INIT;
	Pvm__HostInfo		*infos, **ptrs;
	struct host		*h;
	size_t			 n = 0;
	int			 i;

	infos = xcalloc(PVM_TID_MAX_HOST, sizeof *infos);
	ptrs = xcalloc(PVM_TID_MAX_HOST, sizeof *ptrs);
	for (i = 1; i <= PVM_TID_MAX_HOST; i++) {
		if ((h = host_table[i]) == NULL)
			continue;
		pvm__host_info__init(&infos[n]);
		infos[n].tid = i << PVM_TID_HOST_SHIFT;
		infos[n].name = h->name;
		infos[n].arch = h->arch;
		infos[n].speed = h->speed;
		infos[n].dsig = h->dsig;
		ptrs[n] = &infos[n];
		n++;
	}
	reply.narch = 1;
	reply.n_hosts = n;
	reply.hosts = ptrs;
	(void)task_reply(t, PVM_MSG_CONFIG_REPLY, f->reqid, &reply.base);
	free(ptrs);
	free(infos);
}

/* MSTAT: PvmOk for a host of the table, PvmNoHost for any other name. */
void
host_handle_mstat(struct task *t, struct pvm_frame *f, Pvm__HostRequest *req)
{
	int	code;

	code = host_find_name(req->names[0]) != 0 ? PvmOk : PvmNoHost;
	(void)task_reply_status(t, f->reqid, code);
}

/* DELHOSTS on the master: delete each named host; it halts. */
void
host_handle_delhosts(struct task *t, struct pvm_frame *f,
    Pvm__HostRequest *req)
{
	Pvm__AddHostsReply	 rep = PVM__ADD_HOSTS_REPLY__INIT;
	int			*results, h;
	size_t			 i;

	results = xcalloc(req->n_names != 0 ? req->n_names : 1,
	    sizeof *results);
	for (i = 0; i < req->n_names; i++) {
		h = host_find_name(req->names[i]);
		if (!pvmd_host.master)
			results[i] = PvmNotImpl;
		else if (h == 0)
			results[i] = PvmNoHost;
		else if (h == PVMD_HOSTNUM)
			results[i] = PvmBadParam;
		else {
			host_delete(h, "deleted", 1);
		}
	}
	rep.n_results = req->n_names;
	rep.results = results;
	(void)task_reply(t, PVM_MSG_ADDHOSTS_REPLY, f->reqid, &rep.base);
	free(results);
}

/* The master halts the machine: every slave is told to halt. */
void
host_halt_all(void)
{
	int	i;

	if (!pvmd_host.master)
		return;
	for (i = 2; i <= PVM_TID_MAX_HOST; i++) {
		if (host_table[i] != NULL)
			(void)link_send_ctl(i, PVM_MSG_HALT, 0, PVMD_TID,
			    PVM_TID_DAEMON | (i << PVM_TID_HOST_SHIFT), NULL);
	}
}

/* Halting: forget the table and every start under way. */
void
host_free_all(void)
{
	int	i;

	host_start_free_all();
	for (i = 1; i <= PVM_TID_MAX_HOST; i++)
		host_remove(i);
	tls_ca_free(host_ca);
	host_ca = NULL;
	if (host_wait_ev != NULL)
		event_free(host_wait_ev);
	host_wait_ev = NULL;
	free(host_master_cn);
	host_master_cn = NULL;
	free(host_master_addr);
	host_master_addr = NULL;
}
