/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Commands about the console's own environment: alias, unalias, echo,
 * export, unexport, setenv and help.  Spawned tasks get the variables
 * named in PVM_EXPORT (a colon-separated list), which the library reads
 * at each spawn.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pvm3.h"
#include "pvm.h"
#include "xmalloc.h"

extern char	**environ;

static void	cmd_env_alias_print(struct cmd_alias *);
static int	cmd_env_name_ok(const char *);
static void	cmd_env_help_one(const struct cmd_entry *);

static void
cmd_env_alias_print(struct cmd_alias *a)
{
	int	i;

	printf("%s\t", a->name);
	for (i = 0; i < a->args.argc; i++)
		printf("%s%s", i > 0 ? " " : "", a->args.argv[i]);
	printf("\n");
}

/* alias [name [command args ...]]: list, show or define aliases. */
int
cmd_env_alias(struct console *c, int argc, char **argv)
{
	struct cmd_alias	*a;
	char			*cause;

	if (argc == 1) {
		TAILQ_FOREACH(a, &c->aliases, entry)
			cmd_env_alias_print(a);
		return (0);
	}
	if (argc == 2) {
		if ((a = cmd_parse_alias_find(&c->aliases, argv[1])) == NULL) {
			printf("alias: %s: not defined\n", argv[1]);
			return (-1);
		}
		cmd_env_alias_print(a);
		return (0);
	}
	if (cmd_parse_alias_set(&c->aliases, argv[1], argc - 2, argv + 2,
	    &cause) != 0) {
		printf("alias: %s\n", cause);
		free(cause);
		return (-1);
	}
	return (0);
}

/* unalias name ...: remove aliases. */
int
cmd_env_unalias(struct console *c, int argc, char **argv)
{
	int	i, ret;

	ret = 0;
	for (i = 1; i < argc; i++) {
		if (cmd_parse_alias_unset(&c->aliases, argv[i]) != 0) {
			printf("unalias: %s: not defined\n", argv[i]);
			ret = -1;
		}
	}
	return (ret);
}

/* echo [arg ...]: print the arguments. */
int
cmd_env_echo(struct console *c, int argc, char **argv)
{
	char	*s;

	s = cmd_parse_join(argc, argv, 1);
	printf("%s\n", s);
	free(s);
	return (0);
}

/* export [name ...]: show PVM_EXPORT or add names to it. */
int
cmd_env_export(struct console *c, int argc, char **argv)
{
	const char	*cur;
	char		*out;
	int		 i, ret;

	if (argc == 1) {
		cur = getenv("PVM_EXPORT");
		printf("PVM_EXPORT=%s\n", cur != NULL ? cur : "");
		return (0);
	}
	ret = 0;
	for (i = 1; i < argc; i++) {
		cur = getenv("PVM_EXPORT");
		if (cmd_parse_export_add(cur, argv[i], &out) != 0) {
			printf("export: bad variable name \"%s\"\n", argv[i]);
			ret = -1;
			continue;
		}
		if (setenv("PVM_EXPORT", out, 1) != 0) {
			printf("export: cannot set PVM_EXPORT\n");
			ret = -1;
		}
		free(out);
	}
	return (ret);
}

/* unexport [name ...]: show PVM_EXPORT or remove names from it. */
int
cmd_env_unexport(struct console *c, int argc, char **argv)
{
	const char	*cur;
	char		*out;
	int		 i, ret;

	if (argc == 1)
		return (cmd_env_export(c, argc, argv));
	ret = 0;
	for (i = 1; i < argc; i++) {
		cur = getenv("PVM_EXPORT");
		if (cmd_parse_export_del(cur, argv[i], &out) != 0) {
			printf("unexport: bad variable name \"%s\"\n",
			    argv[i]);
			ret = -1;
			continue;
		}
		if (setenv("PVM_EXPORT", out, 1) != 0) {
			printf("unexport: cannot set PVM_EXPORT\n");
			ret = -1;
		}
		free(out);
	}
	return (ret);
}

static int
cmd_env_name_ok(const char *name)
{
	const char	*p;

	if (*name == '\0')
		return (0);
	for (p = name; *p != '\0'; p++) {
		if (*p == '=' || *p == ' ' || *p == '\t')
			return (0);
	}
	return (1);
}

/*
 * setenv: print the environment; setenv name: print its value; setenv
 * name value ...: set it to the values joined by blanks.
 */
int
cmd_env_setenv(struct console *c, int argc, char **argv)
{
	const char	*v;
	char		*s;
	char		**e;
	int		 rc;

	if (argc == 1) {
		for (e = environ; e != NULL && *e != NULL; e++)
			printf("%s\n", *e);
		return (0);
	}
	if (!cmd_env_name_ok(argv[1])) {
		printf("setenv: bad variable name \"%s\"\n", argv[1]);
		return (-1);
	}
	if (argc == 2) {
		if ((v = getenv(argv[1])) != NULL)
			printf("%s\n", v);
		return (0);
	}
	s = cmd_parse_join(argc, argv, 2);
	rc = setenv(argv[1], s, 1);
	free(s);
	if (rc != 0) {
		printf("setenv: cannot set %s\n", argv[1]);
		return (-1);
	}
	return (0);
}

static void
cmd_env_help_one(const struct cmd_entry *ce)
{
	printf("%-11s %s\n", ce->name, ce->descr);
	if (ce->more == NULL || strncmp(ce->more, "Syntax:", 7) != 0)
		printf("Syntax:  %s%s%s\n", ce->name,
		    *ce->usage != '\0' ? " " : "", ce->usage);
	if (ce->alias != NULL)
		printf("Alias:   %s\n", ce->alias);
	if (ce->more != NULL)
		printf("%s", ce->more);
}

/* help [command]: list the commands, or explain one. */
int
cmd_env_help(struct console *c, int argc, char **argv)
{
	const struct cmd_entry	*ce;

	if (argc == 2) {
		if ((ce = cmd_find(argv[1])) == NULL) {
			printf("help: unknown command \"%s\"\n", argv[1]);
			return (-1);
		}
		cmd_env_help_one(ce);
		return (0);
	}
	cmd_env_help_one(cmd_find("help"));
	printf("Commands are:\n");
	for (ce = cmd_table; ce->name != NULL; ce++) {
		if (ce->flags & CMD_HIDDEN)
			continue;
		printf("  %-11s %s\n", ce->name, ce->descr);
	}
	return (0);
}
