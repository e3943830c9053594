/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

#ifndef HOSTFILE_H
#define HOSTFILE_H

#include <stddef.h>

/*
 * PVM host files (see pvmd(8)).  One host per line:
 *
 *	[&][$]name [option=value ...]
 *	* [option=value ...]
 *
 * '&' marks a deferred host (known but not started until added), '$'
 * an overloaded host (a second pvmd on a machine already in the virtual
 * machine).  A '*' line replaces the defaults applied to the hosts on
 * the lines after it: options it does not name return to the built-in
 * defaults.  '#' at the start of a line or of a word starts a comment.
 *
 * In option values, $NAME and ${NAME} are replaced by the value of
 * the environment variable NAME.  A variable that is not set is an
 * error (an empty one expands to nothing), so that a path such as
 * "$PVM_ROOT/bin" never silently becomes "/bin": callers set
 * PVM_ROOT, PVM_ARCH and HOME before parsing.  A '$' not followed by a
 * name or by '{' is an error.
 *
 * An option not given on the host's line nor on the '*' line before
 * it is left NULL (sp: HOSTFILE_SP_DEFAULT) and the caller applies its
 * built-in default, for example HOSTFILE_DEFAULT_EP expanded with
 * hostfile_expand().
 *
 * The module is pure logic shared by pvmd, the console and libpvm: it
 * allocates with malloc, never exits or logs, and reports errors as
 * -1 or NULL with an allocated message in *cause ("line 7: ..."),
 * which the caller frees; *cause is NULL if even that allocation
 * failed.  A NULL cause pointer is allowed.
 */

#define HOSTFILE_LINE_MAX	4096	/* bytes in a line, without '\n' */
#define HOSTFILE_VALUE_MAX	4096	/* bytes in a value after expansion */
#define HOSTFILE_NAME_MAX	255	/* bytes in a host or login name */
#define HOSTFILE_VAR_MAX	255	/* bytes in a variable name */
#define HOSTFILE_ENTRIES_MAX	4096	/* host lines in one file */
#define HOSTFILE_FILE_MAX	(1024 * 1024) /* bytes read by load */

#define HOSTFILE_SP_MIN		1
#define HOSTFILE_SP_MAX		1000000
#define HOSTFILE_SP_DEFAULT	1000

/* Built-in defaults, to be expanded by the pvmd that uses them. */
#define HOSTFILE_DEFAULT_DX	"$PVM_ROOT/lib/pvmd"
#define HOSTFILE_DEFAULT_EP \
	"$HOME/pvm3/bin/$PVM_ARCH:$PVM_ROOT/bin/$PVM_ARCH"
#define HOSTFILE_DEFAULT_WD	"$HOME"
#define HOSTFILE_DEFAULT_BX	"$PVM_ROOT/lib/debugger"

/* Flags for hostfile_parse_env(). */
#define HOSTFILE_NOEXPAND	0x1	/* keep $VAR as written */

/* Which options were given for an entry (line or '*' line). */
#define HOSTFILE_OPT_LO		0x001
#define HOSTFILE_OPT_SO		0x002
#define HOSTFILE_OPT_DX		0x004
#define HOSTFILE_OPT_EP		0x008
#define HOSTFILE_OPT_WD		0x010
#define HOSTFILE_OPT_SP		0x020
#define HOSTFILE_OPT_BX		0x040
#define HOSTFILE_OPT_IP		0x080
#define HOSTFILE_OPT_ID		0x100

/* One host of the file, with the '*' defaults already applied. */
struct hostfile_entry {
	char		*name;		/* as written, without '&' or '$' */
	char		*lo;		/* login name, or NULL */
	char		*dx;		/* pvmd path, or NULL */
	char		*ep;		/* executable path list, or NULL */
	char		*wd;		/* working directory, or NULL */
	char		*bx;		/* debugger path, or NULL */
	char		*ip;		/* address or name to use, or NULL */
	char		*id;		/* virtual machine id, or NULL */
	int		 sp;		/* relative speed */
	int		 password;	/* so=pw */
	int		 manual;	/* so=ms */
	int		 deferred;	/* '&' prefix */
	int		 overload;	/* '$' prefix */
	unsigned int	 set;		/* HOSTFILE_OPT_* given */
	unsigned int	 line;		/* line number, from 1 */
};

struct hostfile;

/* Returns the value of an environment variable or NULL if unset. */
typedef const char *(*hostfile_getenv_cb)(const char *, void *);

/* hostfile.c */
struct hostfile	*hostfile_parse(const char *, size_t, char **);
struct hostfile	*hostfile_parse_env(const char *, size_t, int,
		    hostfile_getenv_cb, void *, char **);
struct hostfile	*hostfile_load(const char *, char **);
void		 hostfile_free(struct hostfile *);
size_t		 hostfile_count(const struct hostfile *);
const struct hostfile_entry *hostfile_get(const struct hostfile *, size_t);
const struct hostfile_entry *hostfile_lookup(const struct hostfile *,
		    const char *);
const struct hostfile_entry *hostfile_defaults(const struct hostfile *);
int		 hostfile_expand(const char *, hostfile_getenv_cb, void *,
		    char **, char **);

#endif /* HOSTFILE_H */
