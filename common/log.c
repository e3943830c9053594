/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Logging for pvmd and the console: one stream, each line stamped with
 * the time, the program name and the pid.
 */

#include <sys/time.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static const char	*log_name = "pvm";
static FILE		*log_fp;
static int		 log_verbose;

static void	log_vwrite(const char *, const char *, va_list, int);

/* Start logging as name to fp (stderr if NULL); verbose enables debug. */
void
log_open(const char *name, int verbose, FILE *fp)
{
	log_name = name;
	log_verbose = verbose;
	log_fp = fp;
}

/* Change the verbosity: 0 info and up, 1 also debug. */
void
log_set_verbose(int verbose)
{
	log_verbose = verbose;
}

static void
log_vwrite(const char *level, const char *fmt, va_list ap, int err)
{
	FILE		*fp = log_fp != NULL ? log_fp : stderr;
	struct timeval	 tv;
	struct tm	 tm;
	char		 stamp[32];

	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
	fprintf(fp, "%s.%03ld %s[%ld] %s: ", stamp, (long)tv.tv_usec / 1000,
	    log_name, (long)getpid(), level);
	vfprintf(fp, fmt, ap);
	if (err != 0)
		fprintf(fp, ": %s", strerror(err));
	fputc('\n', fp);
	fflush(fp);
}

/* Log a warning with the text of errno appended. */
void
log_warn(const char *fmt, ...)
{
	va_list	ap;
	int	saved = errno;

	va_start(ap, fmt);
	log_vwrite("warning", fmt, ap, saved);
	va_end(ap);
	errno = saved;
}

/* Log a warning. */
void
log_warnx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite("warning", fmt, ap, 0);
	va_end(ap);
}

/* Log an informational line. */
void
log_info(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite("info", fmt, ap, 0);
	va_end(ap);
}

/* Log a debug line when verbose. */
void
log_debug(const char *fmt, ...)
{
	va_list	ap;

	if (!log_verbose)
		return;
	va_start(ap, fmt);
	log_vwrite("debug", fmt, ap, 0);
	va_end(ap);
}

/* Log with errno and exit: startup failures and broken invariants only. */
void
fatal(const char *fmt, ...)
{
	va_list	ap;
	int	saved = errno;

	va_start(ap, fmt);
	log_vwrite("fatal", fmt, ap, saved);
	va_end(ap);
	exit(1);
}

/* Log and exit: startup failures and broken invariants only. */
void
fatalx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite("fatal", fmt, ap, 0);
	va_end(ap);
	exit(1);
}
