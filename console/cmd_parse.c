/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Pure parsing of console input: words and quotes, aliases, spawn
 * options, task ids, numbers, signals and the PVM_EXPORT list.  Nothing
 * here talks to the daemon, so all of it is unit tested.  Every input is
 * typed by a person or read from ~/.pvmrc: it is checked, never trusted.
 */

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pvm.h"
#include "xmalloc.h"

#define CMD_ALIAS_NAME_MAX	64

struct cmd_signame {
	const char	*name;
	int		 signum;
};

static const struct cmd_signame cmd_signames[] = {
	{ "HUP", SIGHUP },
	{ "INT", SIGINT },
	{ "QUIT", SIGQUIT },
	{ "ILL", SIGILL },
	{ "TRAP", SIGTRAP },
	{ "ABRT", SIGABRT },
	{ "BUS", SIGBUS },
	{ "FPE", SIGFPE },
	{ "KILL", SIGKILL },
	{ "USR1", SIGUSR1 },
	{ "SEGV", SIGSEGV },
	{ "USR2", SIGUSR2 },
	{ "PIPE", SIGPIPE },
	{ "ALRM", SIGALRM },
	{ "TERM", SIGTERM },
	{ "CHLD", SIGCHLD },
	{ "CONT", SIGCONT },
	{ "STOP", SIGSTOP },
	{ "TSTP", SIGTSTP },
	{ "TTIN", SIGTTIN },
	{ "TTOU", SIGTTOU },
	{ "URG", SIGURG },
	{ "XCPU", SIGXCPU },
	{ "XFSZ", SIGXFSZ },
	{ "VTALRM", SIGVTALRM },
	{ "PROF", SIGPROF },
	{ "WINCH", SIGWINCH },
	{ "IO", SIGIO },
	{ "SYS", SIGSYS },
	{ NULL, 0 }
};

static void	cmd_parse_push(struct cmd_args *, char *);
static void	cmd_parse_args_copy(struct cmd_args *, int, char **);
static int	cmd_parse_export_valid(const char *);
static int	cmd_parse_export_has(const char *, const char *);
static int	cmd_parse_where(const char *, struct spawn_opts *, int,
		    char **);

static void
cmd_parse_push(struct cmd_args *args, char *word)
{
	args->argv = xreallocarray(args->argv, args->argc + 2,
	    sizeof *args->argv);
	args->argv[args->argc++] = word;
	args->argv[args->argc] = NULL;
}

static void
cmd_parse_args_copy(struct cmd_args *args, int argc, char **argv)
{
	int	i;

	args->argc = 0;
	args->argv = NULL;
	for (i = 0; i < argc; i++)
		cmd_parse_push(args, xstrdup(argv[i]));
}

/*
 * Split line into words.  Blanks separate words; '...' is taken as is,
 * "..." as is except that \" and \\ stand for " and \; outside quotes a
 * backslash makes the next character ordinary; an unquoted word that
 * starts with # begins a comment to the end of the line.  Returns 0 with
 * args filled (argc 0 for an empty line), or -1 with *cause set (the
 * caller frees it) and args empty.
 */
int
cmd_parse_line(const char *line, struct cmd_args *args, char **cause)
{
	const char	*p;
	char		*word;
	size_t		 len, n;
	int		 inword;
	char		 quote;

	args->argc = 0;
	args->argv = NULL;
	*cause = NULL;

	len = strlen(line);
	if (len > CMD_LINE_MAX) {
		xasprintf(cause, "line too long (more than %d bytes)",
		    CMD_LINE_MAX);
		return (-1);
	}
	word = xmalloc(len + 1);
	n = 0;
	inword = 0;
	quote = '\0';
	for (p = line; *p != '\0'; p++) {
		if (quote == '\'') {
			if (*p == '\'')
				quote = '\0';
			else
				word[n++] = *p;
			continue;
		}
		if (quote == '"') {
			if (*p == '"')
				quote = '\0';
			else if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
				word[n++] = *++p;
			else
				word[n++] = *p;
			continue;
		}
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			if (inword) {
				if (args->argc >= CMD_ARGS_MAX)
					goto toomany;
				word[n] = '\0';
				cmd_parse_push(args, xstrdup(word));
				n = 0;
				inword = 0;
			}
			continue;
		}
		if (*p == '#' && !inword)
			break;
		inword = 1;
		if (*p == '\'' || *p == '"')
			quote = *p;
		else if (*p == '\\') {
			if (p[1] == '\0') {
				xasprintf(cause, "backslash at end of line");
				goto fail;
			}
			word[n++] = *++p;
		} else
			word[n++] = *p;
	}
	if (quote != '\0') {
		xasprintf(cause, "unmatched %c", quote);
		goto fail;
	}
	if (inword) {
		if (args->argc >= CMD_ARGS_MAX)
			goto toomany;
		word[n] = '\0';
		cmd_parse_push(args, xstrdup(word));
	}
	free(word);
	return (0);

toomany:
	xasprintf(cause, "too many words (more than %d)", CMD_ARGS_MAX);
fail:
	free(word);
	cmd_parse_args_free(args);
	return (-1);
}

/* Free the words of args and leave it empty. */
void
cmd_parse_args_free(struct cmd_args *args)
{
	int	i;

	for (i = 0; i < args->argc; i++)
		free(args->argv[i]);
	free(args->argv);
	args->argc = 0;
	args->argv = NULL;
}

/* Join argv[start..argc-1] with single blanks into a new string. */
char *
cmd_parse_join(int argc, char **argv, int start)
{
	char	*s;
	size_t	 len, off, n;
	int	 i;

	len = 1;
	for (i = start; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = xmalloc(len);
	off = 0;
	for (i = start; i < argc; i++) {
		if (i > start)
			s[off++] = ' ';
		n = strlen(argv[i]);
		memcpy(s + off, argv[i], n);
		off += n;
	}
	s[off] = '\0';
	return (s);
}

/*
 * Define (or redefine) alias name as the argc words of argv.  Returns 0,
 * or -1 with *cause set for a bad name, no words or a full table; the
 * list is unchanged on error.
 */
int
cmd_parse_alias_set(struct cmd_alias_list *list, const char *name, int argc,
    char **argv, char **cause)
{
	struct cmd_alias	*a;
	const char		*p;
	int			 n;

	*cause = NULL;
	if (*name == '\0' || strlen(name) > CMD_ALIAS_NAME_MAX) {
		xasprintf(cause, "bad alias name");
		return (-1);
	}
	for (p = name; *p != '\0'; p++) {
		if (isspace((unsigned char)*p) || !isprint((unsigned char)*p)) {
			xasprintf(cause, "bad alias name");
			return (-1);
		}
	}
	if (argc < 1 || argc > CMD_ARGS_MAX) {
		xasprintf(cause, "alias %s: bad number of words", name);
		return (-1);
	}
	if ((a = cmd_parse_alias_find(list, name)) != NULL) {
		cmd_parse_args_free(&a->args);
		cmd_parse_args_copy(&a->args, argc, argv);
		return (0);
	}
	n = 0;
	TAILQ_FOREACH(a, list, entry)
		n++;
	if (n >= CMD_ALIAS_MAX) {
		xasprintf(cause, "too many aliases (%d)", CMD_ALIAS_MAX);
		return (-1);
	}
	a = xcalloc(1, sizeof *a);
	a->name = xstrdup(name);
	cmd_parse_args_copy(&a->args, argc, argv);
	TAILQ_INSERT_TAIL(list, a, entry);
	return (0);
}

/* Remove alias name; returns 0, or -1 if there was none. */
int
cmd_parse_alias_unset(struct cmd_alias_list *list, const char *name)
{
	struct cmd_alias	*a;

	if ((a = cmd_parse_alias_find(list, name)) == NULL)
		return (-1);
	TAILQ_REMOVE(list, a, entry);
	cmd_parse_args_free(&a->args);
	free(a->name);
	free(a);
	return (0);
}

/* Look up alias name; NULL if it is not defined. */
struct cmd_alias *
cmd_parse_alias_find(struct cmd_alias_list *list, const char *name)
{
	struct cmd_alias	*a;

	TAILQ_FOREACH(a, list, entry) {
		if (strcmp(a->name, name) == 0)
			return (a);
	}
	return (NULL);
}

/* Remove every alias. */
void
cmd_parse_alias_clear(struct cmd_alias_list *list)
{
	struct cmd_alias	*a;

	while ((a = TAILQ_FIRST(list)) != NULL)
		cmd_parse_alias_unset(list, a->name);
}

/*
 * Replace the first word of args by the words of its alias, again for
 * the new first word, and so on; an alias is never expanded twice in one
 * line (so "alias ls ls -l" works and loops end).  Returns 0 with args
 * expanded, or -1 with *cause set if the line would grow too long; args
 * is then left as it was.
 */
int
cmd_parse_alias_expand(struct cmd_alias_list *list, struct cmd_args *args,
    char **cause)
{
	struct cmd_alias	*a, *used[CMD_ALIAS_DEPTH];
	struct cmd_args		 out, next;
	int			 nused, i;

	*cause = NULL;
	nused = 0;
	out.argc = 0;
	out.argv = NULL;
	cmd_parse_args_copy(&out, args->argc, args->argv);
	while (out.argc > 0 && nused < CMD_ALIAS_DEPTH) {
		if ((a = cmd_parse_alias_find(list, out.argv[0])) == NULL)
			break;
		for (i = 0; i < nused; i++) {
			if (used[i] == a)
				break;
		}
		if (i < nused)
			break;
		used[nused++] = a;
		if (out.argc - 1 + a->args.argc > CMD_ARGS_MAX) {
			xasprintf(cause, "alias %s: line too long", a->name);
			cmd_parse_args_free(&out);
			return (-1);
		}
		cmd_parse_args_copy(&next, a->args.argc, a->args.argv);
		for (i = 1; i < out.argc; i++)
			cmd_parse_push(&next, xstrdup(out.argv[i]));
		cmd_parse_args_free(&out);
		out = next;
	}
	cmd_parse_args_free(args);
	*args = out;
	return (0);
}

/*
 * Take -(host), -(host):(wd), -:(wd) or an IP from --host=: the text
 * before a colon is where, after it the working directory.
 */
static int
cmd_parse_where(const char *s, struct spawn_opts *o, int ip, char **cause)
{
	const char	*colon;

	if (o->where != NULL || o->wd != NULL) {
		xasprintf(cause, "more than one host or directory option");
		return (-1);
	}
	colon = strchr(s, ':');
	if (colon != NULL) {
		if (colon[1] == '\0') {
			xasprintf(cause, "empty working directory in \"-%s\"",
			    s);
			return (-1);
		}
		o->wd = xstrdup(colon + 1);
		if (colon != s) {
			o->where = xmalloc(colon - s + 1);
			memcpy(o->where, s, colon - s);
			o->where[colon - s] = '\0';
		}
	} else
		o->where = xstrdup(s);
	if (o->where != NULL && *o->where == '\0') {
		xasprintf(cause, "empty host name");
		return (-1);
	}
	o->where_ip = ip;
	return (0);
}

/*
 * Parse the words after "spawn": options, the program, its arguments.
 * Options come first and each starts with '-': -(count), -(host) or
 * -(ARCH), -(host):(wd), -:(wd), --host=(IP)[:(wd)], -?, ->, ->(file),
 * ->>(file) or ->> (file), -@, -@(file); "--" ends the options.  Returns
 * 0 with o filled (the caller frees it with cmd_parse_spawn_free), or -1
 * with *cause set and o empty.
 */
int
cmd_parse_spawn(int argc, char **argv, struct spawn_opts *o, char **cause)
{
	const char	*a;
	int		 i, j;

	memset(o, 0, sizeof *o);
	o->count = 1;
	*cause = NULL;

	for (i = 0; i < argc && argv[i][0] == '-'; i++) {
		a = argv[i];
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (a[1] == '\0') {
			xasprintf(cause, "bad option \"-\"");
			goto fail;
		}
		if (a[1] == '>') {
			if (o->out != SPAWN_OUT_LOG) {
				xasprintf(cause, "output redirected twice");
				goto fail;
			}
			if (a[2] == '\0')
				o->out = SPAWN_OUT_CONSOLE;
			else if (a[2] == '>') {
				o->out = SPAWN_OUT_APPEND;
				if (a[3] != '\0')
					o->outfile = xstrdup(a + 3);
				else if (i + 1 < argc && argv[i + 1][0] != '\0')
					o->outfile = xstrdup(argv[++i]);
				else {
					xasprintf(cause, "->> needs a file");
					goto fail;
				}
			} else {
				o->out = SPAWN_OUT_FILE;
				o->outfile = xstrdup(a + 2);
			}
			continue;
		}
		if (a[1] == '@') {
			if (o->trace != SPAWN_TRACE_NONE) {
				xasprintf(cause, "trace redirected twice");
				goto fail;
			}
			if (a[2] == '\0')
				o->trace = SPAWN_TRACE_CONSOLE;
			else {
				o->trace = SPAWN_TRACE_FILE;
				o->tracefile = xstrdup(a + 2);
			}
			continue;
		}
		if (strcmp(a, "-?") == 0) {
			o->debug = 1;
			continue;
		}
		if (strncmp(a, "--host=", 7) == 0) {
			if (a[7] == '\0' || a[7] == ':') {
				xasprintf(cause, "--host= needs an address");
				goto fail;
			}
			if (cmd_parse_where(a + 7, o, 1, cause) != 0)
				goto fail;
			continue;
		}
		if (isdigit((unsigned char)a[1])) {
			for (j = 1; isdigit((unsigned char)a[j]); j++)
				;
			if (a[j] == '\0') {
				if (cmd_parse_int(a + 1, 1, CMD_SPAWN_COUNT_MAX,
				    &o->count) != 0) {
					xasprintf(cause, "bad count \"%s\" "
					    "(1 to %d)", a + 1,
					    CMD_SPAWN_COUNT_MAX);
					goto fail;
				}
				continue;
			}
		}
		if (a[1] == '-') {
			xasprintf(cause, "unknown option \"%s\"", a);
			goto fail;
		}
		if (cmd_parse_where(a + 1, o, 0, cause) != 0)
			goto fail;
	}
	if (i >= argc || argv[i][0] == '\0') {
		xasprintf(cause, "no program to spawn");
		goto fail;
	}
	o->file = xstrdup(argv[i++]);
	o->argc = argc - i;
	o->argv = xcalloc(o->argc + 1, sizeof *o->argv);
	for (j = 0; j < o->argc; j++)
		o->argv[j] = xstrdup(argv[i + j]);
	o->argv[o->argc] = NULL;
	if (o->out == SPAWN_OUT_FILE && *o->outfile == '\0') {
		xasprintf(cause, "empty output file name");
		goto fail;
	}
	return (0);

fail:
	cmd_parse_spawn_free(o);
	return (-1);
}

/* Free what cmd_parse_spawn allocated and leave o empty. */
void
cmd_parse_spawn_free(struct spawn_opts *o)
{
	int	i;

	free(o->where);
	free(o->wd);
	free(o->outfile);
	free(o->tracefile);
	free(o->file);
	if (o->argv != NULL) {
		for (i = 0; i < o->argc; i++)
			free(o->argv[i]);
		free(o->argv);
	}
	memset(o, 0, sizeof *o);
	o->count = 1;
}

/*
 * Parse a task id as PVM prints it: hexadecimal, with an optional "t"
 * or "0x" in front ("t40001", "40001", "0x40001").  Returns 0 with *tid
 * set, or -1 (empty, not hex, more than 32 bits, or zero).
 */
int
cmd_parse_tid(const char *s, int *tid)
{
	uint32_t	v;
	int		n, d;

	if (*s == 't' || *s == 'T')
		s++;
	else if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	v = 0;
	for (n = 0; s[n] != '\0'; n++) {
		if (s[n] >= '0' && s[n] <= '9')
			d = s[n] - '0';
		else if (s[n] >= 'a' && s[n] <= 'f')
			d = s[n] - 'a' + 10;
		else if (s[n] >= 'A' && s[n] <= 'F')
			d = s[n] - 'A' + 10;
		else
			return (-1);
		if (v > 0x0fffffffU)
			return (-1);
		v = (v << 4) | (uint32_t)d;
	}
	if (n == 0 || v == 0)
		return (-1);
	*tid = (int)v;
	return (0);
}

/*
 * Parse a decimal integer in [min, max], an optional sign and nothing
 * else.  Returns 0 with *v set, or -1.
 */
int
cmd_parse_int(const char *s, int min, int max, int *v)
{
	char	*end;
	long	 l;

	if (*s == '\0' || isspace((unsigned char)*s))
		return (-1);
	errno = 0;
	l = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || l < min || l > max)
		return (-1);
	*v = (int)l;
	return (0);
}

/*
 * Parse a signal: a number from 1 to 64 or a name with or without
 * "SIG" in any case ("15", "TERM", "sigterm").  Returns 0 with *sig set,
 * or -1.
 */
int
cmd_parse_signal(const char *s, int *sig)
{
	const struct cmd_signame	*sn;

	if (isdigit((unsigned char)*s))
		return (cmd_parse_int(s, 1, 64, sig));
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (sn = cmd_signames; sn->name != NULL; sn++) {
		if (strcasecmp(s, sn->name) == 0) {
			*sig = sn->signum;
			return (0);
		}
	}
	return (-1);
}

static int
cmd_parse_export_valid(const char *name)
{
	const char	*p;

	if (*name == '\0' || strlen(name) > 256)
		return (0);
	for (p = name; *p != '\0'; p++) {
		if (*p == ':' || *p == '=' || isspace((unsigned char)*p) ||
		    !isprint((unsigned char)*p))
			return (0);
	}
	return (1);
}

static int
cmd_parse_export_has(const char *list, const char *name)
{
	const char	*p, *e;
	size_t		 n;

	n = strlen(name);
	for (p = list; *p != '\0'; p = (*e == ':') ? e + 1 : e) {
		e = strchr(p, ':');
		if (e == NULL)
			e = p + strlen(p);
		if ((size_t)(e - p) == n && strncmp(p, name, n) == 0)
			return (1);
	}
	return (0);
}

/*
 * Add name to the colon-separated PVM_EXPORT list cur (NULL for none).
 * Returns 0 with *out the new list (the caller frees it; unchanged if
 * name was there), or -1 if name is not a plain variable name.
 */
int
cmd_parse_export_add(const char *cur, const char *name, char **out)
{
	*out = NULL;
	if (!cmd_parse_export_valid(name))
		return (-1);
	if (cur == NULL || *cur == '\0')
		*out = xstrdup(name);
	else if (cmd_parse_export_has(cur, name))
		*out = xstrdup(cur);
	else
		xasprintf(out, "%s:%s", cur, name);
	return (0);
}

/*
 * Remove every name from the colon-separated list cur (empty entries go
 * too).  Returns 0 with *out the new list (the caller frees it), or -1 if
 * name is not a plain variable name.
 */
int
cmd_parse_export_del(const char *cur, const char *name, char **out)
{
	const char	*p, *e;
	char		*s;
	size_t		 n, off;

	*out = NULL;
	if (!cmd_parse_export_valid(name))
		return (-1);
	if (cur == NULL)
		cur = "";
	s = xmalloc(strlen(cur) + 1);
	off = 0;
	n = strlen(name);
	for (p = cur; *p != '\0'; p = (*e == ':') ? e + 1 : e) {
		e = strchr(p, ':');
		if (e == NULL)
			e = p + strlen(p);
		if (e == p || ((size_t)(e - p) == n &&
		    strncmp(p, name, n) == 0))
			continue;
		if (off > 0)
			s[off++] = ':';
		memcpy(s + off, p, e - p);
		off += e - p;
	}
	s[off] = '\0';
	*out = s;
	return (0);
}
