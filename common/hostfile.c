/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Parser for PVM host files, shared by pvmd, the console and libpvm.
 * The input is untrusted: every line, word and value is bounded and
 * checked, and errors name the line.  Nothing here logs or exits;
 * memory comes from malloc and every failure is reported in *cause.
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "hostfile.h"
#include "paths.h"

/* Longest piece of a word quoted in an error message. */
#define HOSTFILE_QUOTE_MAX	64

struct hostfile {
	struct hostfile_entry	*entries;
	size_t			 count;
	size_t			 alloc;
	struct hostfile_entry	 defaults;	/* the last '*' line */
};

/* State of one parse. */
struct hostfile_parser {
	struct hostfile		*hf;
	int			 flags;
	hostfile_getenv_cb	 getenv_cb;
	void			*arg;
	unsigned int		 line;
	char			**cause;
};

/* The options and whether they are always expanded (used locally). */
struct hostfile_option {
	const char	*name;
	unsigned int	 opt;
	int		 local;
};

static const struct hostfile_option hostfile_options[] = {
	{ "lo", HOSTFILE_OPT_LO, 1 },
	{ "so", HOSTFILE_OPT_SO, 1 },
	{ "dx", HOSTFILE_OPT_DX, 0 },
	{ "ep", HOSTFILE_OPT_EP, 0 },
	{ "wd", HOSTFILE_OPT_WD, 0 },
	{ "sp", HOSTFILE_OPT_SP, 1 },
	{ "bx", HOSTFILE_OPT_BX, 0 },
	{ "ip", HOSTFILE_OPT_IP, 1 },
	{ "id", HOSTFILE_OPT_ID, 1 },
};
#define HOSTFILE_NOPTIONS \
	(sizeof hostfile_options / sizeof hostfile_options[0])

static int	hostfile_error(char **, unsigned int, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static const char *hostfile_getenv(const char *, void *);
static const char *hostfile_anyenv(const char *, void *);
static int	hostfile_subst(const char *, hostfile_getenv_cb, void *,
		    char **, char **);
static int	hostfile_isname(const char *, const char *);
static char	**hostfile_field(struct hostfile_entry *, unsigned int);
static int	hostfile_dup(char **, const char *);
static void	hostfile_entry_clear(struct hostfile_entry *);
static int	hostfile_entry_copy(struct hostfile_entry *,
		    const struct hostfile_entry *);
static int	hostfile_check_value(struct hostfile_parser *,
		    const struct hostfile_option *, const char *);
static int	hostfile_option(struct hostfile_parser *,
		    struct hostfile_entry *, unsigned int *, const char *);
static int	hostfile_host(struct hostfile_parser *, const char *,
		    struct hostfile_entry *);
static int	hostfile_add(struct hostfile_parser *,
		    struct hostfile_entry *);
static int	hostfile_line(struct hostfile_parser *, char *);

/* Set *cause to "line N: " and the message; line 0 gives no prefix. */
static int
hostfile_error(char **cause, unsigned int line, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	if (cause == NULL)
		return (-1);
	*cause = NULL;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1) {
		va_end(ap);
		return (-1);
	}
	va_end(ap);
	if (line == 0) {
		*cause = msg;
		return (-1);
	}
	if (asprintf(cause, "line %u: %s", line, msg) == -1)
		*cause = NULL;
	free(msg);
	return (-1);
}

static const char *
hostfile_getenv(const char *name, void *arg)
{
	(void)arg;
	return (getenv(name));
}

/* For checking the syntax of values kept unexpanded. */
static const char *
hostfile_anyenv(const char *name, void *arg)
{
	(void)name;
	(void)arg;
	return ("");
}

/*
 * Replace $NAME and ${NAME} in in.  Returns 0 with the result in *out,
 * or -1 with an unprefixed message in *msg and *out untouched.
 */
static int
hostfile_subst(const char *in, hostfile_getenv_cb cb, void *arg,
    char **out, char **msg)
{
	char		 buf[HOSTFILE_VALUE_MAX + 1];
	char		 var[HOSTFILE_VAR_MAX + 1];
	const char	*p, *start, *val;
	size_t		 len, n, vlen;
	int		 brace;

	len = 0;
	p = in;
	while (*p != '\0') {
		if (*p != '$') {
			if (len >= HOSTFILE_VALUE_MAX)
				goto toolong;
			buf[len++] = *p++;
			continue;
		}
		p++;
		brace = (*p == '{');
		if (brace)
			p++;
		start = p;
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    *p == '_')) {
			if (brace && *p == '}')
				return (hostfile_error(msg, 0,
				    "empty variable name \"${}\""));
			if (brace && *p == '\0')
				return (hostfile_error(msg, 0,
				    "unterminated \"${\""));
			return (hostfile_error(msg, 0, "'$' not followed by "
			    "a variable name"));
		}
		while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '_')
			p++;
		n = (size_t)(p - start);
		if (brace) {
			if (*p != '}')
				return (hostfile_error(msg, 0,
				    "unterminated \"${\""));
			p++;
		}
		if (n > HOSTFILE_VAR_MAX)
			return (hostfile_error(msg, 0, "variable name longer "
			    "than %d bytes", HOSTFILE_VAR_MAX));
		memcpy(var, start, n);
		var[n] = '\0';
		if ((val = cb(var, arg)) == NULL)
			return (hostfile_error(msg, 0, "variable \"%s\" is "
			    "not set", var));
		vlen = strlen(val);
		if (vlen > HOSTFILE_VALUE_MAX - len)
			goto toolong;
		memcpy(buf + len, val, vlen);
		len += vlen;
	}
	buf[len] = '\0';
	if ((*out = strdup(buf)) == NULL)
		return (hostfile_error(msg, 0, "out of memory"));
	return (0);

toolong:
	return (hostfile_error(msg, 0, "value longer than %d bytes",
	    HOSTFILE_VALUE_MAX));
}

/*
 * Expand $NAME and ${NAME} in a value (for example HOSTFILE_DEFAULT_EP)
 * with cb, or getenv if cb is NULL.  Returns 0 with an allocated *out,
 * or -1 with *cause; an unset variable is an error.
 */
int
hostfile_expand(const char *in, hostfile_getenv_cb cb, void *arg,
    char **out, char **cause)
{
	if (cb == NULL)
		cb = hostfile_getenv;
	return (hostfile_subst(in, cb, arg, out, cause));
}

/*
 * Is s a usable host or login name: 1 to HOSTFILE_NAME_MAX bytes of
 * letters, digits and the characters in extra, not starting with '-'
 * (it would be taken for an option by ssh)?
 */
static int
hostfile_isname(const char *s, const char *extra)
{
	const char	*p;

	if (*s == '\0' || *s == '-' || strlen(s) > HOSTFILE_NAME_MAX)
		return (0);
	for (p = s; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9'))
			continue;
		if (strchr(extra, *p) == NULL)
			return (0);
	}
	return (1);
}

/* Where the string of option opt is kept in e. */
static char **
hostfile_field(struct hostfile_entry *e, unsigned int opt)
{
	switch (opt) {
	case HOSTFILE_OPT_LO:
		return (&e->lo);
	case HOSTFILE_OPT_DX:
		return (&e->dx);
	case HOSTFILE_OPT_EP:
		return (&e->ep);
	case HOSTFILE_OPT_WD:
		return (&e->wd);
	case HOSTFILE_OPT_BX:
		return (&e->bx);
	case HOSTFILE_OPT_IP:
		return (&e->ip);
	case HOSTFILE_OPT_ID:
		return (&e->id);
	}
	return (NULL);
}

/* *dst = a copy of src, or NULL if src is NULL.  Returns 0 or -1. */
static int
hostfile_dup(char **dst, const char *src)
{
	*dst = NULL;
	if (src != NULL && (*dst = strdup(src)) == NULL)
		return (-1);
	return (0);
}

static void
hostfile_entry_clear(struct hostfile_entry *e)
{
	free(e->name);
	free(e->lo);
	free(e->dx);
	free(e->ep);
	free(e->wd);
	free(e->bx);
	free(e->ip);
	free(e->id);
	memset(e, 0, sizeof *e);
	e->sp = HOSTFILE_SP_DEFAULT;
}

/* Copy src into the cleared dst.  Returns 0, or -1 (dst cleared). */
static int
hostfile_entry_copy(struct hostfile_entry *dst,
    const struct hostfile_entry *src)
{
	*dst = *src;
	dst->name = dst->lo = dst->dx = dst->ep = dst->wd = dst->bx =
	    dst->ip = dst->id = NULL;
	if (hostfile_dup(&dst->lo, src->lo) != 0 ||
	    hostfile_dup(&dst->dx, src->dx) != 0 ||
	    hostfile_dup(&dst->ep, src->ep) != 0 ||
	    hostfile_dup(&dst->wd, src->wd) != 0 ||
	    hostfile_dup(&dst->bx, src->bx) != 0 ||
	    hostfile_dup(&dst->ip, src->ip) != 0 ||
	    hostfile_dup(&dst->id, src->id) != 0) {
		hostfile_entry_clear(dst);
		return (-1);
	}
	return (0);
}

/* Check an expanded value of option o.  Returns 0 or -1 with cause. */
static int
hostfile_check_value(struct hostfile_parser *hp,
    const struct hostfile_option *o, const char *v)
{
	const unsigned char	*p;

	if (*v == '\0')
		return (hostfile_error(hp->cause, hp->line, "option \"%s=\" "
		    "has an empty value", o->name));
	for (p = (const unsigned char *)v; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return (hostfile_error(hp->cause, hp->line,
			    "option \"%s=\" has a control character in its "
			    "value", o->name));
	}
	switch (o->opt) {
	case HOSTFILE_OPT_LO:
		if (!hostfile_isname(v, "._-@"))
			return (hostfile_error(hp->cause, hp->line,
			    "lo= \"%.*s\" is not a valid login name",
			    HOSTFILE_QUOTE_MAX, v));
		break;
	case HOSTFILE_OPT_IP:
		if (!hostfile_isname(v, ".-_:"))
			return (hostfile_error(hp->cause, hp->line,
			    "ip= \"%.*s\" is not a valid host name or address",
			    HOSTFILE_QUOTE_MAX, v));
		break;
	case HOSTFILE_OPT_ID:
		if (strlen(v) > PATHS_VMID_MAX ||
		    !hostfile_isname(v, "._-") || strcmp(v, ".") == 0 ||
		    strcmp(v, "..") == 0)
			return (hostfile_error(hp->cause, hp->line,
			    "id= \"%.*s\" is not a valid virtual machine id "
			    "(up to %d letters, digits, '.', '_', '-')",
			    HOSTFILE_QUOTE_MAX, v, PATHS_VMID_MAX));
		break;
	}
	return (0);
}

/*
 * Apply one "name=value" word to e; *given collects the options of this
 * line to refuse repeats.  Returns 0, or -1 with cause (e keeps what it
 * had, to be freed by the caller).
 */
static int
hostfile_option(struct hostfile_parser *hp, struct hostfile_entry *e,
    unsigned int *given, const char *word)
{
	const struct hostfile_option	*o;
	const char			*eq, *raw;
	char				*v, *msg, *end;
	size_t				 i, klen;
	long				 sp;
	int				 r;

	if ((eq = strchr(word, '=')) == NULL)
		return (hostfile_error(hp->cause, hp->line, "\"%.*s%s\" is "
		    "not an option (expected name=value)", HOSTFILE_QUOTE_MAX,
		    word, strlen(word) > HOSTFILE_QUOTE_MAX ? "..." : ""));
	klen = (size_t)(eq - word);
	o = NULL;
	for (i = 0; i < HOSTFILE_NOPTIONS; i++) {
		if (strlen(hostfile_options[i].name) == klen &&
		    strncmp(hostfile_options[i].name, word, klen) == 0) {
			o = &hostfile_options[i];
			break;
		}
	}
	if (o == NULL)
		return (hostfile_error(hp->cause, hp->line, "unknown option "
		    "\"%.*s=\"", klen > HOSTFILE_QUOTE_MAX ?
		    HOSTFILE_QUOTE_MAX : (int)klen, word));
	if (*given & o->opt)
		return (hostfile_error(hp->cause, hp->line, "option \"%s=\" "
		    "given twice", o->name));
	*given |= o->opt;
	raw = eq + 1;
	if (*raw == '\0')
		return (hostfile_error(hp->cause, hp->line, "option \"%s=\" "
		    "has an empty value", o->name));

	msg = NULL;
	if (!o->local && (hp->flags & HOSTFILE_NOEXPAND)) {
		/* Keep it as written, but check its syntax now. */
		r = hostfile_subst(raw, hostfile_anyenv, NULL, &v, &msg);
		if (r == 0) {
			free(v);
			if ((v = strdup(raw)) == NULL)
				return (hostfile_error(hp->cause, hp->line,
				    "out of memory"));
		}
	} else
		r = hostfile_subst(raw, hp->getenv_cb, hp->arg, &v, &msg);
	if (r != 0) {
		hostfile_error(hp->cause, hp->line, "option \"%s=\": %s",
		    o->name, msg != NULL ? msg : "out of memory");
		free(msg);
		return (-1);
	}
	if (hostfile_check_value(hp, o, v) != 0) {
		free(v);
		return (-1);
	}

	switch (o->opt) {
	case HOSTFILE_OPT_SO:
		if (strcmp(v, "pw") == 0) {
			e->password = 1;
			e->manual = 0;
		} else if (strcmp(v, "ms") == 0) {
			e->password = 0;
			e->manual = 1;
		} else {
			hostfile_error(hp->cause, hp->line, "so= \"%.*s\" is "
			    "not \"pw\" or \"ms\"", HOSTFILE_QUOTE_MAX, v);
			free(v);
			return (-1);
		}
		free(v);
		break;
	case HOSTFILE_OPT_SP:
		errno = 0;
		sp = strtol(v, &end, 10);
		if (*v < '0' || *v > '9' || *end != '\0' || errno != 0 ||
		    sp < HOSTFILE_SP_MIN || sp > HOSTFILE_SP_MAX) {
			hostfile_error(hp->cause, hp->line, "sp= \"%.*s\" is "
			    "not a number from %d to %d", HOSTFILE_QUOTE_MAX,
			    v, HOSTFILE_SP_MIN, HOSTFILE_SP_MAX);
			free(v);
			return (-1);
		}
		e->sp = (int)sp;
		free(v);
		break;
	default:
		free(*hostfile_field(e, o->opt));
		*hostfile_field(e, o->opt) = v;
		break;
	}
	e->set |= o->opt;
	return (0);
}

/* Check the host name word w (prefixes removed) and store it in e. */
static int
hostfile_host(struct hostfile_parser *hp, const char *w,
    struct hostfile_entry *e)
{
	if (*w == '\0')
		return (hostfile_error(hp->cause, hp->line, "no host name"));
	if (strchr(w, '=') != NULL)
		return (hostfile_error(hp->cause, hp->line, "option \"%.*s\" "
		    "before the host name", HOSTFILE_QUOTE_MAX, w));
	if (!hostfile_isname(w, ".-_:"))
		return (hostfile_error(hp->cause, hp->line, "\"%.*s%s\" is "
		    "not a valid host name", HOSTFILE_QUOTE_MAX, w,
		    strlen(w) > HOSTFILE_QUOTE_MAX ? "..." : ""));
	if ((e->name = strdup(w)) == NULL)
		return (hostfile_error(hp->cause, hp->line, "out of memory"));
	return (0);
}

/* Append e (moved, e is cleared) to the table.  Returns 0 or -1. */
static int
hostfile_add(struct hostfile_parser *hp, struct hostfile_entry *e)
{
	struct hostfile		*hf = hp->hf;
	struct hostfile_entry	*n;
	size_t			 i, alloc;

	for (i = 0; i < hf->count; i++) {
		if (strcasecmp(hf->entries[i].name, e->name) == 0)
			return (hostfile_error(hp->cause, hp->line, "host "
			    "\"%s\" already given on line %u", e->name,
			    hf->entries[i].line));
	}
	if (hf->count >= HOSTFILE_ENTRIES_MAX)
		return (hostfile_error(hp->cause, hp->line, "more than %d "
		    "hosts", HOSTFILE_ENTRIES_MAX));
	if (hf->count == hf->alloc) {
		alloc = hf->alloc == 0 ? 16 : hf->alloc * 2;
		if (alloc > HOSTFILE_ENTRIES_MAX)
			alloc = HOSTFILE_ENTRIES_MAX;
		n = reallocarray(hf->entries, alloc, sizeof *n);
		if (n == NULL)
			return (hostfile_error(hp->cause, hp->line,
			    "out of memory"));
		hf->entries = n;
		hf->alloc = alloc;
	}
	hf->entries[hf->count++] = *e;
	memset(e, 0, sizeof *e);
	return (0);
}

/*
 * Parse one line (NUL-terminated, modified in place).  Returns 0, or -1
 * with cause; the table is unchanged on error.
 */
static int
hostfile_line(struct hostfile_parser *hp, char *line)
{
	struct hostfile_entry	 e;
	char			*p, *w;
	unsigned int		 given;
	int			 star, deferred, overload, first;

	memset(&e, 0, sizeof e);
	e.sp = HOSTFILE_SP_DEFAULT;
	given = 0;
	star = deferred = overload = 0;
	first = 1;
	p = line;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || *p == '#')
			break;
		w = p;
		while (*p != '\0' && *p != ' ' && *p != '\t')
			p++;
		if (*p != '\0')
			*p++ = '\0';

		if (!first) {
			if (hostfile_option(hp, &e, &given, w) != 0)
				goto fail;
			continue;
		}
		if (strcmp(w, "*") == 0 && !deferred) {
			star = 1;
			first = 0;
			if ((e.name = strdup("*")) == NULL) {
				hostfile_error(hp->cause, hp->line,
				    "out of memory");
				goto fail;
			}
			continue;
		}
		if (*w == '&' && !deferred) {
			deferred = 1;
			w++;
			if (*w == '\0')
				continue;	/* "& name" */
		}
		if (*w == '$') {
			overload = 1;
			w++;
		}
		if (hostfile_entry_copy(&e, &hp->hf->defaults) != 0) {
			hostfile_error(hp->cause, hp->line, "out of memory");
			goto fail;
		}
		if (hostfile_host(hp, w, &e) != 0)
			goto fail;
		first = 0;
	}
	if (first && deferred) {
		hostfile_error(hp->cause, hp->line, "no host name after '&'");
		goto fail;
	}
	if (first)
		return (0);	/* blank or comment */
	e.line = hp->line;
	e.deferred = deferred;
	e.overload = overload;
	if (star) {
		hostfile_entry_clear(&hp->hf->defaults);
		hp->hf->defaults = e;
		return (0);
	}
	if (hostfile_add(hp, &e) != 0)
		goto fail;
	return (0);

fail:
	hostfile_entry_clear(&e);
	return (-1);
}

/*
 * Parse a host file held in text (len bytes, no terminator needed),
 * expanding variables with cb (getenv if NULL).  flags may hold
 * HOSTFILE_NOEXPAND to keep dx=, ep=, wd= and bx= as written (their
 * syntax is still checked) for a remote pvmd to expand.  Returns a new
 * table to free with hostfile_free, or NULL with *cause "line N: ...".
 */
struct hostfile *
hostfile_parse_env(const char *text, size_t len, int flags,
    hostfile_getenv_cb cb, void *arg, char **cause)
{
	struct hostfile_parser	 hp;
	struct hostfile		*hf;
	char			 buf[HOSTFILE_LINE_MAX + 2];
	const char		*p, *end, *nl;
	const unsigned char	*c;
	size_t			 n;

	if (cause != NULL)
		*cause = NULL;
	if (text == NULL && len != 0) {
		hostfile_error(cause, 0, "no text");
		return (NULL);
	}
	if (len > HOSTFILE_FILE_MAX) {
		hostfile_error(cause, 0, "host file longer than %d bytes",
		    HOSTFILE_FILE_MAX);
		return (NULL);
	}
	if ((hf = calloc(1, sizeof *hf)) == NULL) {
		hostfile_error(cause, 0, "out of memory");
		return (NULL);
	}
	hf->defaults.sp = HOSTFILE_SP_DEFAULT;
	if ((hf->defaults.name = strdup("*")) == NULL) {
		hostfile_error(cause, 0, "out of memory");
		goto fail;
	}

	memset(&hp, 0, sizeof hp);
	hp.hf = hf;
	hp.flags = flags;
	hp.getenv_cb = (cb == NULL) ? hostfile_getenv : cb;
	hp.arg = arg;
	hp.cause = cause;

	p = text;
	end = text + len;
	while (p < end) {
		hp.line++;
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (nl != NULL) ? (size_t)(nl - p) : (size_t)(end - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n > HOSTFILE_LINE_MAX) {
			hostfile_error(cause, hp.line, "line longer than %d "
			    "bytes", HOSTFILE_LINE_MAX);
			goto fail;
		}
		memcpy(buf, p, n);
		buf[n] = '\0';
		if (strlen(buf) != n) {
			hostfile_error(cause, hp.line, "NUL byte in line");
			goto fail;
		}
		for (c = (unsigned char *)buf; *c != '\0'; c++) {
			if ((*c < 0x20 && *c != '\t') || *c == 0x7f) {
				hostfile_error(cause, hp.line, "control "
				    "character 0x%02x in line", *c);
				goto fail;
			}
		}
		if (hostfile_line(&hp, buf) != 0)
			goto fail;
		p = (nl != NULL) ? nl + 1 : end;
	}
	return (hf);

fail:
	hostfile_free(hf);
	return (NULL);
}

/* Parse host file text with getenv for $VAR; see hostfile_parse_env. */
struct hostfile *
hostfile_parse(const char *text, size_t len, char **cause)
{
	return (hostfile_parse_env(text, len, 0, NULL, NULL, cause));
}

/*
 * Read and parse the host file at path (at most HOSTFILE_FILE_MAX
 * bytes).  Returns a new table, or NULL with *cause "PATH: ...".
 */
struct hostfile *
hostfile_load(const char *path, char **cause)
{
	struct hostfile	*hf;
	struct stat	 sb;
	char		*text, *msg;
	size_t		 len;
	ssize_t		 r;
	int		 fd, saved;

	if (cause != NULL)
		*cause = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		hostfile_error(cause, 0, "%s: %s", path, strerror(errno));
		return (NULL);
	}
	saved = 0;
	if (fstat(fd, &sb) == -1)
		saved = errno;
	else if (S_ISDIR(sb.st_mode))
		saved = EISDIR;
	if (saved != 0) {
		close(fd);
		hostfile_error(cause, 0, "%s: %s", path, strerror(saved));
		return (NULL);
	}
	if ((text = malloc(HOSTFILE_FILE_MAX + 1)) == NULL) {
		close(fd);
		hostfile_error(cause, 0, "%s: out of memory", path);
		return (NULL);
	}
	len = 0;
	while (len <= HOSTFILE_FILE_MAX) {
		r = read(fd, text + len, HOSTFILE_FILE_MAX + 1 - len);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			saved = errno;
			close(fd);
			free(text);
			hostfile_error(cause, 0, "%s: %s", path,
			    strerror(saved));
			return (NULL);
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	if (len > HOSTFILE_FILE_MAX) {
		free(text);
		hostfile_error(cause, 0, "%s: longer than %d bytes", path,
		    HOSTFILE_FILE_MAX);
		return (NULL);
	}
	msg = NULL;
	hf = hostfile_parse(text, len, &msg);
	free(text);
	if (hf == NULL) {
		hostfile_error(cause, 0, "%s: %s", path,
		    msg != NULL ? msg : "out of memory");
		free(msg);
	}
	return (hf);
}

/* Free a table from hostfile_parse or hostfile_load; NULL is allowed. */
void
hostfile_free(struct hostfile *hf)
{
	size_t	i;

	if (hf == NULL)
		return;
	for (i = 0; i < hf->count; i++)
		hostfile_entry_clear(&hf->entries[i]);
	free(hf->entries);
	hostfile_entry_clear(&hf->defaults);
	free(hf);
}

/* The number of hosts (deferred ones included, '*' lines not). */
size_t
hostfile_count(const struct hostfile *hf)
{
	return (hf->count);
}

/* Host i in file order, or NULL if i is out of range. */
const struct hostfile_entry *
hostfile_get(const struct hostfile *hf, size_t i)
{
	if (i >= hf->count)
		return (NULL);
	return (&hf->entries[i]);
}

/* The host named name (case does not matter), or NULL. */
const struct hostfile_entry *
hostfile_lookup(const struct hostfile *hf, const char *name)
{
	size_t	i;

	for (i = 0; i < hf->count; i++) {
		if (strcasecmp(hf->entries[i].name, name) == 0)
			return (&hf->entries[i]);
	}
	return (NULL);
}

/*
 * The options of the last '*' line (name "*"), which also apply to
 * hosts added later that are not in the file.
 */
const struct hostfile_entry *
hostfile_defaults(const struct hostfile *hf)
{
	return (&hf->defaults);
}
