/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * The master's configuration file, $HOME/.pvm/pvmd.conf: one setting a
 * line, "#" starts a comment.
 *
 *	ca-cert PATH		the VM's CA certificate (with ca-key)
 *	ca-key PATH		its private key
 *	heartbeat SECONDS	PING a silent link after this long
 *	dead-after SECONDS	a link that heard nothing this long is dead
 */

#include <sys/types.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "xmalloc.h"
#include "pvmd.h"

#define CONF_LINE_MAX	4096
#define CONF_SECONDS_MAX 3600

static int	conf_seconds(const char *, int *);

/* Parse a number of seconds (decimals allowed) into milliseconds. */
static int
conf_seconds(const char *s, int *ms)
{
	char	*end;
	double	 d;

	errno = 0;
	d = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || d <= 0 ||
	    d > CONF_SECONDS_MAX)
		return (-1);
	*ms = (int)(d * 1000);
	if (*ms < 10)
		*ms = 10;
	return (0);
}

/*
 * Read the configuration file path.  A missing file is no error and
 * changes nothing.  On success *cacert and *cakey are allocated paths or
 * NULL, and *hb_ms and *dead_ms are changed if set.  Returns 0, or -1
 * with *cause naming the file and line; nothing is returned then.
 */
int
conf_load(const char *path, char **cacert, char **cakey, int *hb_ms,
    int *dead_ms, char **cause)
{
	FILE		*fp;
	char		 line[CONF_LINE_MAX + 2], *key, *val, *end, *p;
	char		*cert = NULL, *keyf = NULL;
	u_int		 lineno = 0;
	int		 hb = *hb_ms, dead = *dead_ms;

	*cacert = *cakey = NULL;
	if ((fp = fopen(path, "re")) == NULL) {
		if (errno == ENOENT)
			return (0);
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (-1);
	}
	while (fgets(line, sizeof line, fp) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(fp)) {
			xasprintf(cause, "%s: line %u: too long", path, lineno);
			goto fail;
		}
		if ((p = strchr(line, '#')) != NULL)
			*p = '\0';
		key = line + strspn(line, " \t\r\n");
		if (*key == '\0')
			continue;
		val = key + strcspn(key, " \t\r\n");
		if (*val != '\0')
			*val++ = '\0';
		val += strspn(val, " \t");
		end = val + strlen(val);
		while (end > val && strchr(" \t\r\n", end[-1]) != NULL)
			*--end = '\0';
		if (*val == '\0') {
			xasprintf(cause, "%s: line %u: %s needs a value", path,
			    lineno, key);
			goto fail;
		}
		if (strcmp(key, "ca-cert") == 0) {
			free(cert);
			cert = xstrdup(val);
		} else if (strcmp(key, "ca-key") == 0) {
			free(keyf);
			keyf = xstrdup(val);
		} else if (strcmp(key, "heartbeat") == 0) {
			if (conf_seconds(val, &hb) != 0)
				goto badval;
		} else if (strcmp(key, "dead-after") == 0) {
			if (conf_seconds(val, &dead) != 0)
				goto badval;
		} else {
			xasprintf(cause, "%s: line %u: unknown setting %s",
			    path, lineno, key);
			goto fail;
		}
	}
	if (ferror(fp)) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		goto fail;
	}
	fclose(fp);
	if ((cert == NULL) != (keyf == NULL)) {
		xasprintf(cause, "%s: ca-cert and ca-key go together", path);
		free(cert);
		free(keyf);
		return (-1);
	}
	if (dead <= hb) {
		xasprintf(cause, "%s: dead-after must be longer than heartbeat",
		    path);
		free(cert);
		free(keyf);
		return (-1);
	}
	*cacert = cert;
	*cakey = keyf;
	*hb_ms = hb;
	*dead_ms = dead;
	return (0);

badval:
	xasprintf(cause, "%s: line %u: bad number of seconds: %s", path,
	    lineno, val);
fail:
	fclose(fp);
	free(cert);
	free(keyf);
	return (-1);
}
