/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Output of spawned tasks.  The stdout and stderr of a task share one
 * pipe, read here without blocking and cut into lines (at most
 * TASK_OUTPUT_LINE bytes each).  Lines go to the task's PvmOutputTid as
 * data messages (tid, count, bytes in XDR), or to the log when there is
 * none.  The reader lives apart from the task: a task that exited may
 * still write, and its output ends only at end of file.
 */

#include <sys/types.h>
#include <sys/queue.h>

#include <arpa/inet.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "xmalloc.h"
#include "pvmd.h"

/* Bytes read from one pipe per callback, so that no task starves others. */
#define TASK_OUTPUT_BURST	(64 * 1024)

struct task_output {
	int				 fd;
	struct event			*ev;
	int				 tid;
	int				 out_tid;
	int				 out_ctx;
	int				 out_tag;
	size_t				 len;
	char				 buf[TASK_OUTPUT_LINE];
	LIST_ENTRY(task_output)		 entry;
};

static struct event_base	*task_output_base;
static LIST_HEAD(, task_output)	 task_output_all =
    LIST_HEAD_INITIALIZER(task_output_all);

static void	task_output_read(evutil_socket_t, short, void *);
static void	task_output_send(struct task_output *, int, int,
		    const char *, size_t);
static void	task_output_line(struct task_output *, const char *, size_t);
static void	task_output_free(struct task_output *);

/* Remember the loop the output readers run in. */
void
task_output_init(struct event_base *base)
{
	task_output_base = base;
}

/*
 * Start reading the output pipe fd of task tid, spawned by ptid, for
 * out_tid (0: the log).  Sends the begin message at once.  Takes fd.
 */
void
task_output_start(int fd, int tid, int ptid, int out_tid, int out_ctx,
    int out_tag)
{
	struct task_output	*to;

	to = xcalloc(1, sizeof *to);
	to->fd = fd;
	to->tid = tid;
	to->out_tid = out_tid;
	to->out_ctx = out_ctx;
	to->out_tag = out_tag;
	to->ev = event_new(task_output_base, fd, EV_READ | EV_PERSIST,
	    task_output_read, to);
	if (to->ev == NULL || event_add(to->ev, NULL) == -1)
		fatalx("t%x: cannot watch output", tid);
	LIST_INSERT_HEAD(&task_output_all, to, entry);
	task_output_send(to, PVM_OUT_BEGIN, ptid, NULL, 0);
}

/*
 * Send one output message: (tid, count) then, for count > 0, the bytes
 * padded to 4; for PVM_OUT_BEGIN, the int extra (the parent TID).
 */
static void
task_output_send(struct task_output *to, int count, int extra,
    const char *data, size_t len)
{
	uint8_t		*body;
	uint32_t	 v;
	size_t		 blen;

	if (to->out_tid == 0)
		return;
	blen = 8 + (count == PVM_OUT_BEGIN ? 4 : (len + 3) & ~(size_t)3);
	body = xcalloc(1, blen);
	v = htonl((uint32_t)to->tid);
	memcpy(body, &v, 4);
	v = htonl((uint32_t)count);
	memcpy(body + 4, &v, 4);
	if (count == PVM_OUT_BEGIN) {
		v = htonl((uint32_t)extra);
		memcpy(body + 8, &v, 4);
	} else if (len != 0)
		memcpy(body + 8, data, len);
	task_route(PVMD_TID, to->out_tid, to->out_tag, to->out_ctx,
	    PVM_FRAME_ENC_XDR, body, blen);
	free(body);
}

/* One piece of output, newline included if it had one. */
static void
task_output_line(struct task_output *to, const char *data, size_t len)
{
	size_t	n = len;

	if (to->out_tid != 0) {
		task_output_send(to, (int)len, 0, data, len);
		return;
	}
	if (n > 0 && data[n - 1] == '\n')
		n--;
	log_info("[t%x] %.*s", to->tid, (int)n, data);
}

static void
task_output_read(evutil_socket_t fd, __unused short events, void *arg)
{
	struct task_output	*to = arg;
	size_t			 total = 0, start, i;
	ssize_t			 n;

	while (total < TASK_OUTPUT_BURST) {
		n = read(fd, to->buf + to->len, sizeof to->buf - to->len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			return;
		if (n <= 0) {
			if (n == -1)
				log_warn("t%x: output", to->tid);
			if (to->len != 0)
				task_output_line(to, to->buf, to->len);
			task_output_send(to, PVM_OUT_END, 0, NULL, 0);
			log_debug("t%x: end of output", to->tid);
			task_output_free(to);
			return;
		}
		total += n;
		to->len += n;

		start = 0;
		for (i = 0; i < to->len; i++) {
			if (to->buf[i] != '\n')
				continue;
			task_output_line(to, to->buf + start, i + 1 - start);
			start = i + 1;
		}
		if (start == 0 && to->len == sizeof to->buf) {
			task_output_line(to, to->buf, to->len);
			start = to->len;
		}
		if (start != 0) {
			memmove(to->buf, to->buf + start, to->len - start);
			to->len -= start;
		}
	}
}

static void
task_output_free(struct task_output *to)
{
	LIST_REMOVE(to, entry);
	event_free(to->ev);
	close(to->fd);
	free(to);
}

/* Halting: stop reading every output pipe. */
void
task_output_free_all(void)
{
	struct task_output	*to;

	while ((to = LIST_FIRST(&task_output_all)) != NULL)
		task_output_free(to);
}
