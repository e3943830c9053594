/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * The files of one virtual machine.  Shared by pvmd, libpvm and the
 * console so that all three agree on where the daemon's socket is.
 * Nothing here allocates except the error text in *cause.
 */

#include <sys/types.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "paths.h"

static int	paths_error(char **, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

static int
paths_error(char **cause, const char *fmt, ...)
{
	va_list	ap;

	if (cause != NULL) {
		va_start(ap, fmt);
		if (vasprintf(cause, fmt, ap) == -1)
			*cause = NULL;
		va_end(ap);
	}
	return (-1);
}

/*
 * The virtual machine id from $PVM_VMID, "default" if unset or empty.
 * Only letters, digits, '.', '_' and '-' are allowed so that the id is
 * safe in a file name.  Returns 0, or -1 with *cause.
 */
int
paths_vmid(char *buf, size_t len, char **cause)
{
	const char	*v, *p;

	if ((v = getenv("PVM_VMID")) == NULL || *v == '\0')
		v = "default";
	if (strlen(v) > PATHS_VMID_MAX)
		return (paths_error(cause, "PVM_VMID is longer than %d",
		    PATHS_VMID_MAX));
	for (p = v; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
		    *p == '-')
			continue;
		return (paths_error(cause, "PVM_VMID \"%s\" has a character "
		    "other than letters, digits, '.', '_' and '-'", v));
	}
	if (strcmp(v, ".") == 0 || strcmp(v, "..") == 0)
		return (paths_error(cause, "PVM_VMID \"%s\" is not valid", v));
	if ((size_t)snprintf(buf, len, "%s", v) >= len)
		return (paths_error(cause, "PVM_VMID too long"));
	return (0);
}

/* The private directory ${PVM_TMP:-/tmp}/pvm-UID.  Returns 0 or -1. */
int
paths_dir(char *buf, size_t len, char **cause)
{
	const char	*tmp;
	int		 n;

	if ((tmp = getenv("PVM_TMP")) == NULL || *tmp == '\0')
		tmp = "/tmp";
	if (*tmp != '/')
		return (paths_error(cause, "PVM_TMP \"%s\" is not an "
		    "absolute path", tmp));
	n = snprintf(buf, len, "%s/pvm-%lu", tmp, (unsigned long)getuid());
	if (n < 0 || (size_t)n >= len)
		return (paths_error(cause, "PVM_TMP path too long"));
	return (0);
}

/*
 * The path of one file of the current virtual machine.  The socket path
 * must also fit in a sockaddr_un.  Returns 0, or -1 with *cause.
 */
int
paths_file(enum paths_kind kind, char *buf, size_t len, char **cause)
{
	struct sockaddr_un	 sun;
	char			 dir[sizeof sun.sun_path];
	char			 vmid[PATHS_VMID_MAX + 1];
	const char		*suffix;
	int			 n;

	if (paths_dir(dir, sizeof dir, cause) != 0 ||
	    paths_vmid(vmid, sizeof vmid, cause) != 0)
		return (-1);
	switch (kind) {
	case PATHS_SOCKET:
		suffix = "sock";
		break;
	case PATHS_PID:
		suffix = "pid";
		break;
	case PATHS_LOG:
		suffix = "log";
		break;
	default:
		return (paths_error(cause, "bad path kind"));
	}
	n = snprintf(buf, len, "%s/pvmd.%s.%s", dir, vmid, suffix);
	if (n < 0 || (size_t)n >= len ||
	    (kind == PATHS_SOCKET && (size_t)n >= sizeof sun.sun_path))
		return (paths_error(cause, "path %s/pvmd.%s.%s too long",
		    dir, vmid, suffix));
	return (0);
}

/*
 * Create the private directory if needed and check that it belongs to
 * us and nobody else can enter it.  Returns 0, or -1 with *cause.
 */
int
paths_mkdir(char **cause)
{
	struct sockaddr_un	sun;
	char			dir[sizeof sun.sun_path];
	struct stat		sb;

	if (paths_dir(dir, sizeof dir, cause) != 0)
		return (-1);
	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		return (paths_error(cause, "mkdir %s: %s", dir,
		    strerror(errno)));
	if (lstat(dir, &sb) == -1)
		return (paths_error(cause, "%s: %s", dir, strerror(errno)));
	if (!S_ISDIR(sb.st_mode))
		return (paths_error(cause, "%s is not a directory", dir));
	if (sb.st_uid != getuid())
		return (paths_error(cause, "%s is owned by uid %lu, not us",
		    dir, (unsigned long)sb.st_uid));
	if ((sb.st_mode & 077) != 0 && chmod(dir, 0700) == -1)
		return (paths_error(cause, "chmod %s: %s", dir,
		    strerror(errno)));
	return (0);
}
