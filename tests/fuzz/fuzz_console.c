/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Console input: the line splitter (quotes, escapes, comments), alias
 * expansion, and the argument parsers of spawn, TIDs, numbers and
 * signals on every word.
 */

#include <stdlib.h>
#include <string.h>

#include "pvm.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct cmd_alias_list	 aliases = TAILQ_HEAD_INITIALIZER(aliases);
	struct cmd_args		 args;
	struct spawn_opts	 so;
	char			*line, *cause = NULL, *joined;
	int			 i, v;

	if ((line = malloc(len + 1)) == NULL)
		return (0);
	memcpy(line, data, len);
	line[len] = '\0';
	if (cmd_parse_line(line, &args, &cause) != 0) {
		if (cause == NULL)
			abort();
		free(cause);
		free(line);
		return (0);
	}
	if (args.argc > 1 &&
	    cmd_parse_alias_set(&aliases, args.argv[0], args.argc - 1,
	    args.argv + 1, &cause) != 0) {
		free(cause);
		cause = NULL;
	}
	if (cmd_parse_alias_expand(&aliases, &args, &cause) != 0) {
		free(cause);
		cause = NULL;
	}
	for (i = 0; i < args.argc; i++) {
		(void)cmd_parse_tid(args.argv[i], &v);
		(void)cmd_parse_int(args.argv[i], -5, 5, &v);
		(void)cmd_parse_signal(args.argv[i], &v);
	}
	if ((joined = cmd_parse_join(args.argc, args.argv, 0)) != NULL)
		free(joined);
	memset(&so, 0, sizeof so);
	if (cmd_parse_spawn(args.argc, args.argv, &so, &cause) == 0)
		cmd_parse_spawn_free(&so);
	else
		free(cause);
	cmd_parse_alias_clear(&aliases);
	cmd_parse_args_free(&args);
	free(line);
	return (0);
}
