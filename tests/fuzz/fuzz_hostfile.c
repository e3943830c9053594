/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Host files and host file lines (pvm_addhosts names, the console's add,
 * a slave's configuration): the parser with $VAR expansion, then every
 * lookup on what it made.
 */

#include <stdlib.h>
#include <string.h>

#include "hostfile.h"
#include "fuzz.h"

/* Variables expand to something of their own name's length, or nothing. */
static const char *
fuzz_hostfile_getenv(const char *name, void *arg)
{
	(void)arg;
	if (name[0] == 'U')
		return (NULL);
	if (name[0] == 'L')
		return ("a-rather-long-value-with spaces and = signs $HOME");
	return ("x");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const struct hostfile_entry	*e;
	struct hostfile			*hf;
	char				*cause = NULL;
	size_t				 i;
	int				 flags;

	for (flags = 0; flags <= HOSTFILE_NOEXPAND; flags += HOSTFILE_NOEXPAND) {
		hf = hostfile_parse_env((const char *)data, len, flags,
		    fuzz_hostfile_getenv, NULL, &cause);
		if (hf == NULL) {
			if (cause == NULL || strncmp(cause, "line ", 5) != 0)
				abort();	/* errors name their line */
			free(cause);
			cause = NULL;
			continue;
		}
		for (i = 0; i < hostfile_count(hf); i++) {
			e = hostfile_get(hf, i);
			if (e == NULL || e->name == NULL ||
			    hostfile_lookup(hf, e->name) == NULL)
				abort();
		}
		(void)hostfile_defaults(hf);
		hostfile_free(hf);
	}
	return (0);
}
