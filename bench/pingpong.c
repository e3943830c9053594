/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * pingpong: one-way latency and bandwidth between two PVM tasks.
 *
 * The master spawns a partner (this program with -partner), then for
 * each size from 0 B to 16 MB times round trips: pack, send, receive,
 * unpack on both sides.  It prints, per size, the median and smallest
 * one-way time (half a round trip) and the bandwidth of the median.
 * Only the PVM 3.4 API is used, so the same source builds against our
 * pvm3.h and against PVM 3.4.6's.
 *
 *	pingpong [-enc raw|default|inplace|psend]
 *	    [-route default|direct|daemon]
 *	    [-host NAME] [-exe PATH] [-min BYTES] [-max BYTES] [-reps N]
 *	    [-label TEXT]
 *
 * Output: comment lines start with '#'; then one line per size:
 *	bytes reps median_us min_us median_GBps
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pvm3.h>

#include "bench.h"

#define PP_TAG_READY	101	/* partner -> master: enrolled */
#define PP_TAG_CTRL	102	/* master -> partner: size and count */
#define PP_TAG_DATA	103	/* the ping-pong messages */
#define PP_TAG_EXIT	104	/* pvm_notify: the other task exited */
#define PP_EXIT_WAIT	10	/* seconds to wait for the partner's exit */
#define PP_PSEND	(-1)	/* "encoding": pvm_psend and pvm_precv */

struct pp_opts {
	int		 enc;		/* PvmDataDefault, Raw or InPlace */
	const char	*encname;
	int		 route;		/* PvmRoute value, 0 to leave it */
	const char	*routename;
	const char	*host;		/* partner's host, NULL: any */
	const char	*exe;		/* what to spawn */
	long		 minsize;
	long		 maxsize;
	long		 maxreps;
	const char	*label;
};

static void	 usage(void);
static int	 pp_encoding(const char *, int *);
static int	 pp_data_send(int, int, unsigned char *, long);
static int	 pp_data_recv(int, int, unsigned char *, long);
static int	 pp_route(const char *, int *);
static int	 pp_partner(int, char **);
static int	 pp_master(struct pp_opts *);
static int	 pp_spawn(struct pp_opts *, int *);
static int	 pp_recv(int, int, int *);
static int	 pp_size(int, long, int, int, unsigned char *,
		    unsigned char *, double *);
static int	 pp_finish(int);

static void
usage(void)
{
	fprintf(stderr, "usage: pingpong [-enc raw|default|inplace|psend] "
	    "[-route default|direct|daemon]\n"
	    "    [-host NAME] [-exe PATH] [-min BYTES] [-max BYTES] "
	    "[-reps N] [-label TEXT]\n");
	exit(2);
}

/* Map an encoding name to its PvmData value; -1 if unknown. */
static int
pp_encoding(const char *name, int *enc)
{
	if (strcmp(name, "default") == 0)
		*enc = PvmDataDefault;
	else if (strcmp(name, "raw") == 0)
		*enc = PvmDataRaw;
	else if (strcmp(name, "inplace") == 0)
		*enc = PvmDataInPlace;
	else if (strcmp(name, "psend") == 0)
		*enc = PP_PSEND;
	else
		return (-1);
	return (0);
}

/* Map a route name to its PvmRoute value (0: keep); -1 if unknown. */
static int
pp_route(const char *name, int *route)
{
	if (strcmp(name, "default") == 0)
		*route = 0;
	else if (strcmp(name, "direct") == 0)
		*route = PvmRouteDirect;
	else if (strcmp(name, "daemon") == 0)
		*route = PvmDontRoute;
	else
		return (-1);
	return (0);
}

int
main(int argc, char **argv)
{
	struct pp_opts	 o;
	int		 i;

	if (argc >= 2 && strcmp(argv[1], "-partner") == 0)
		return (pp_partner(argc, argv));

	memset(&o, 0, sizeof(o));
	o.enc = PvmDataRaw;
	o.encname = "raw";
	o.routename = "default";
	o.minsize = 0;
	o.maxsize = BENCH_MAXSIZE;
	o.label = "pvm";
	for (i = 1; i < argc; i++) {
		if (i + 1 >= argc)
			usage();
		if (strcmp(argv[i], "-enc") == 0) {
			o.encname = argv[++i];
			if (pp_encoding(o.encname, &o.enc) == -1)
				usage();
		} else if (strcmp(argv[i], "-route") == 0) {
			o.routename = argv[++i];
			if (pp_route(o.routename, &o.route) == -1)
				usage();
		} else if (strcmp(argv[i], "-host") == 0)
			o.host = argv[++i];
		else if (strcmp(argv[i], "-exe") == 0)
			o.exe = argv[++i];
		else if (strcmp(argv[i], "-label") == 0)
			o.label = argv[++i];
		else if (strcmp(argv[i], "-min") == 0) {
			if (bench_parse_long(argv[++i], 0, BENCH_MAXSIZE,
			    &o.minsize) == -1)
				usage();
		} else if (strcmp(argv[i], "-max") == 0) {
			if (bench_parse_long(argv[++i], 0, BENCH_MAXSIZE,
			    &o.maxsize) == -1)
				usage();
		} else if (strcmp(argv[i], "-reps") == 0) {
			if (bench_parse_long(argv[++i], 1, BENCH_MAXREPS,
			    &o.maxreps) == -1)
				usage();
		} else
			usage();
	}
	if (o.exe == NULL) {
		/* Spawn this very binary, by absolute path. */
		if ((o.exe = bench_self("pingpong")) == NULL)
			return (1);
	}
	return (pp_master(&o));
}

/*
 * Receive the next message for this task; the only tags expected are
 * want and PP_TAG_EXIT (the other side died).  Return the buffer id and
 * set *tagp, or -1 after printing why.
 */
static int
pp_recv(int from, int want, int *tagp)
{
	int	bufid, bytes, tag, src;

	if ((bufid = pvm_recv(-1, -1)) < 0) {
		pvm_perror("pingpong: pvm_recv");
		return (-1);
	}
	if (pvm_bufinfo(bufid, &bytes, &tag, &src) < 0) {
		pvm_perror("pingpong: pvm_bufinfo");
		return (-1);
	}
	if (tag == PP_TAG_EXIT) {
		fprintf(stderr, "pingpong: t%x exited\n", from);
		return (-1);
	}
	if (tag != want || src != from) {
		fprintf(stderr, "pingpong: unexpected message tag %d from "
		    "t%x (%d bytes)\n", tag, src, bytes);
		return (-1);
	}
	*tagp = tag;
	return (bufid);
}

/*
 * Send size bytes of buf to the other task: packed in a buffer of
 * encoding enc, or with pvm_psend.  Returns 0, or -1 after saying why.
 */
static int
pp_data_send(int to, int enc, unsigned char *buf, long size)
{
	if (enc == PP_PSEND) {
		if (pvm_psend(to, PP_TAG_DATA, buf, (int)size, PVM_BYTE) < 0) {
			pvm_perror("pingpong: pvm_psend");
			return (-1);
		}
		return (0);
	}
	if (pvm_initsend(enc) < 0 ||
	    (size > 0 && pvm_pkbyte((char *)buf, (int)size, 1) < 0) ||
	    pvm_send(to, PP_TAG_DATA) < 0) {
		pvm_perror("pingpong: send");
		return (-1);
	}
	return (0);
}

/*
 * Receive size bytes from the other task into buf (pvm_recv and
 * pvm_upkbyte, or pvm_precv).  Returns 0, or -1 after saying why.
 */
static int
pp_data_recv(int from, int enc, unsigned char *buf, long size)
{
	int	tag, src, len;

	if (enc != PP_PSEND) {
		if (pp_recv(from, PP_TAG_DATA, &tag) < 0)
			return (-1);
		if (size > 0 && pvm_upkbyte((char *)buf, (int)size, 1) < 0) {
			pvm_perror("pingpong: pvm_upkbyte");
			return (-1);
		}
		return (0);
	}
	if (pvm_precv(-1, -1, buf, (int)size, PVM_BYTE, &src, &tag,
	    &len) < 0) {
		pvm_perror("pingpong: pvm_precv");
		return (-1);
	}
	if (tag == PP_TAG_EXIT) {
		fprintf(stderr, "pingpong: t%x exited\n", from);
		return (-1);
	}
	if (tag != PP_TAG_DATA || src != from || len != size) {
		fprintf(stderr, "pingpong: unexpected message tag %d from "
		    "t%x (%d bytes)\n", tag, src, len);
		return (-1);
	}
	return (0);
}

/* Spawn the partner as the options say; 0 and its TID, or -1. */
static int
pp_spawn(struct pp_opts *o, int *tid)
{
	char	*args[4];
	int	 flags = PvmTaskDefault, n;
	char	*where = NULL;

	args[0] = "-partner";
	args[1] = (char *)o->encname;
	args[2] = (char *)o->routename;
	args[3] = NULL;
	if (o->host != NULL) {
		flags = PvmTaskHost;
		where = (char *)o->host;
	}
	n = pvm_spawn((char *)o->exe, args, flags, where, 1, tid);
	if (n != 1) {
		if (n < 0)
			pvm_perror("pingpong: pvm_spawn");
		else
			fprintf(stderr, "pingpong: cannot spawn %s: "
			    "error %d\n", o->exe, *tid);
		return (-1);
	}
	return (0);
}

/*
 * Time count round trips of size bytes with the partner; the first warm
 * ones are not kept.  Store the one-way times of the others in times.
 * Return the number stored, or -1.
 */
static int
pp_size(int partner, long size, int enc, int count, unsigned char *sbuf,
    unsigned char *rbuf, double *times)
{
	double	t0, t1;
	int	i, warm, ctl[2], kept = 0;

	warm = count / 10;
	if (warm > 50)
		warm = 50;
	if (warm < 2)
		warm = 2;
	ctl[0] = (int)size;
	ctl[1] = count + warm;
	if (pvm_initsend(PvmDataDefault) < 0 ||
	    pvm_pkint(ctl, 2, 1) < 0 ||
	    pvm_send(partner, PP_TAG_CTRL) < 0) {
		pvm_perror("pingpong: control message");
		return (-1);
	}
	for (i = 0; i < count + warm; i++) {
		t0 = bench_now();
		if (pp_data_send(partner, enc, sbuf, size) < 0 ||
		    pp_data_recv(partner, enc, rbuf, size) < 0)
			return (-1);
		t1 = bench_now();
		if (i >= warm)
			times[kept++] = (t1 - t0) / 2;
	}
	if (size > 0 && memcmp(sbuf, rbuf, size) != 0) {
		fprintf(stderr, "pingpong: %ld bytes came back changed\n",
		    size);
		return (-1);
	}
	return (kept);
}

/* Tell the partner to stop and wait (bounded) for it to exit. */
static int
pp_finish(int partner)
{
	struct timeval	tv;
	int		ctl[2] = { -1, 0 }, bufid, bytes, tag, src;

	if (pvm_initsend(PvmDataDefault) < 0 ||
	    pvm_pkint(ctl, 2, 1) < 0 ||
	    pvm_send(partner, PP_TAG_CTRL) < 0)
		return (-1);
	for (;;) {
		tv.tv_sec = PP_EXIT_WAIT;
		tv.tv_usec = 0;
		bufid = pvm_trecv(-1, -1, &tv);
		if (bufid <= 0)
			return (-1);
		if (pvm_bufinfo(bufid, &bytes, &tag, &src) < 0)
			return (-1);
		if (tag == PP_TAG_EXIT)
			return (0);
	}
}

/* The master: spawn, time every size, print the table. */
static int
pp_master(struct pp_opts *o)
{
	unsigned char	*sbuf, *rbuf;
	double		*times, med, mn;
	long		 size, alloc;
	int		 mytid, partner = 0, tag, i, reps, kept, rc = 1;

	alloc = o->maxsize > 0 ? o->maxsize : 1;
	sbuf = malloc(alloc);
	rbuf = malloc(alloc);
	times = calloc(BENCH_MAXREPS, sizeof(*times));
	if (sbuf == NULL || rbuf == NULL || times == NULL) {
		fprintf(stderr, "pingpong: out of memory\n");
		return (1);
	}
	if ((mytid = pvm_mytid()) < 0) {
		pvm_perror("pingpong: pvm_mytid");
		return (1);
	}
	if (o->route != 0 && pvm_setopt(PvmRoute, o->route) < 0)
		pvm_perror("pingpong: pvm_setopt PvmRoute");
	if (pp_spawn(o, &partner) == -1)
		goto out;
	if (pvm_notify(PvmTaskExit, PP_TAG_EXIT, 1, &partner) < 0) {
		pvm_perror("pingpong: pvm_notify");
		goto out;
	}
	if (pp_recv(partner, PP_TAG_READY, &tag) < 0)
		goto out;

	printf("# pingpong %s enc=%s route=%s host=%s master=t%x "
	    "partner=t%x\n", o->label, o->encname, o->routename,
	    o->host != NULL ? o->host : "local", mytid, partner);
	printf("# bytes reps median_us min_us median_GBps\n");
	fflush(stdout);
	for (i = 0; i < bench_nsizes; i++) {
		size = bench_sizes[i];
		if (size < o->minsize || size > o->maxsize)
			continue;
		bench_fill(sbuf, size, size);
		memset(rbuf, 0, size);
		reps = bench_reps(size, (int)o->maxreps);
		kept = pp_size(partner, size, o->enc, reps, sbuf, rbuf,
		    times);
		if (kept <= 0)
			goto out;
		mn = bench_min(times, kept);
		med = bench_median(times, kept);
		printf("%ld %d %.3f %.3f %.4f\n", size, kept, med, mn,
		    med > 0 ? (double)size / med / 1000 : 0);
		fflush(stdout);
	}
	if (pp_finish(partner) == -1)
		fprintf(stderr, "pingpong: partner t%x did not exit\n",
		    partner);
	rc = 0;
out:
	if (rc != 0 && partner > 0)
		pvm_kill(partner);
	pvm_exit();
	free(sbuf);
	free(rbuf);
	free(times);
	return (rc);
}

/*
 * The partner: pvm_spawn'ed with -partner ENC ROUTE.  Echo every data
 * message back, unpacked and packed again, until a negative size.
 */
static int
pp_partner(int argc, char **argv)
{
	unsigned char	*buf = NULL, *nbuf;
	long		 alloc = 0;
	int		 enc, route, parent, tag, ctl[2], i;

	if (argc != 4 || pp_encoding(argv[2], &enc) == -1 ||
	    pp_route(argv[3], &route) == -1) {
		fprintf(stderr, "pingpong: bad partner arguments\n");
		return (2);
	}
	if (pvm_mytid() < 0 || (parent = pvm_parent()) < 0) {
		pvm_perror("pingpong partner");
		return (1);
	}
	if (route != 0)
		pvm_setopt(PvmRoute, route);
	if (pvm_notify(PvmTaskExit, PP_TAG_EXIT, 1, &parent) < 0 ||
	    pvm_initsend(PvmDataDefault) < 0 ||
	    pvm_send(parent, PP_TAG_READY) < 0)
		goto fail;
	for (;;) {
		if (pp_recv(parent, PP_TAG_CTRL, &tag) < 0 ||
		    pvm_upkint(ctl, 2, 1) < 0)
			goto fail;
		if (ctl[0] < 0)
			break;
		if (ctl[0] > BENCH_MAXSIZE || ctl[1] < 0) {
			fprintf(stderr, "pingpong partner: bad control\n");
			goto fail;
		}
		if (ctl[0] > alloc) {
			if ((nbuf = realloc(buf, ctl[0])) == NULL) {
				fprintf(stderr, "pingpong partner: out of "
				    "memory\n");
				goto fail;
			}
			buf = nbuf;
			alloc = ctl[0];
		}
		for (i = 0; i < ctl[1]; i++) {
			if (pp_data_recv(parent, enc, buf, ctl[0]) < 0 ||
			    pp_data_send(parent, enc, buf, ctl[0]) < 0)
				goto fail;
		}
	}
	free(buf);
	pvm_exit();
	return (0);
fail:
	pvm_perror("pingpong partner");
	free(buf);
	pvm_exit();
	return (1);
}
