/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * The console's command table and dispatch: a line is split into words,
 * its aliases are expanded, the command is looked up by name, its number
 * of arguments checked, and its exec function called.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pvm3.h"
#include "pvm.h"
#include "xmalloc.h"

/* The commands, sorted by name as help lists them. */
const struct cmd_entry cmd_table[] = {
	{ "add", NULL, "hostname ...", 1, -1, 0, cmd_machine_add,
	    "Add hosts to virtual machine",
	    "  or     add 'hostname <option>=<value>...' ...\n"
	    "(See the pvmd3 man page for the host file options.)\n"
	    "Prints the number of hosts added, then each host with the\n"
	    "DTID of its new pvmd or why it could not be added.\n" },
	{ "alias", NULL, "[name command args ...]", 0, -1, 0, cmd_env_alias,
	    "Define/list command aliases", NULL },
	{ "checkpoint", NULL, "[ -s ] tid file", 2, 3, 0,
	    cmd_migrate_checkpoint,
	    "Write the memory image of a task to a file",
	    "Options:  -s   stop the task once its image is written\n"
	    "The file is on the task's host; restart it with restart.\n"
	    "Linux x86-64 tasks with a single thread only.\n" },
	{ "conf", NULL, "", 0, 0, 0, cmd_machine_conf,
	    "List virtual machine configuration",
	    "Output fields:\n"
	    "  HOST    host name\n"
	    "  DTID    tid base of pvmd\n"
	    "  ARCH    xhost architecture\n"
	    "  SPEED   host relative speed\n"
	    "  DSIG    data signature\n" },
	{ "delete", NULL, "[ -m ] hostname ...", 1, -1, 0, cmd_machine_delete,
	    "Delete hosts from virtual machine",
	    "Prints the number of hosts deleted, then each host with its\n"
	    "status: deleted, or why it could not be deleted.  Their tasks\n"
	    "are killed; with -m they move to the other hosts first (one\n"
	    "line per task), and if one cannot, no host is deleted.\n" },
	{ "echo", NULL, "[ arg ... ]", 0, -1, 0, cmd_env_echo,
	    "Echo arguments", NULL },
	{ "export", NULL, "[ varname ... ]", 0, -1, 0, cmd_env_export,
	    "Add environment variables to spawn export list", NULL },
	{ "halt", NULL, "", 0, 0, CMD_EXIT, cmd_machine_halt,
	    "Stop pvmds", NULL },
	{ "help", "?", "[ command ]", 0, 1, 0, cmd_env_help,
	    "Print helpful information about a command", NULL },
	{ "id", NULL, "", 0, 0, 0, cmd_tasks_id,
	    "Print console task id", NULL },
	{ "jobs", NULL, "[ -l ]", 0, 1, 0, cmd_tasks_jobs,
	    "Display list of running jobs",
	    "Options:  -l   give long listing\n" },
	{ "kill", NULL, "[ -c ] tid ...", 1, -1, 0, cmd_tasks_kill,
	    "Terminate tasks",
	    "Options:  -c   kill the children of tid (not tid itself)\n" },
	{ "migrate", NULL, "tid [ host ]", 1, 2, 0, cmd_migrate_migrate,
	    "Move a running task to another host",
	    "Without a host the next host of the machine is taken.  The\n"
	    "task keeps its task id; Linux x86-64 tasks with a single\n"
	    "thread only.\n" },
	{ "mstat", NULL, "name ...", 1, -1, 0, cmd_machine_mstat,
	    "Show status of hosts", NULL },
	{ "ps", NULL, "[ -alx ]", 0, 3, 0, cmd_tasks_ps,
	    "List tasks",
	    "Options:  -a       all hosts (default is local)\n"
	    "          -l       long (show parent and process id)\n"
	    "          -x       show all tasks (the console too)\n"
	    "Output fields:\n"
	    "  HOST    host name\n"
	    "  TID     task id\n"
	    "  PTID    parent task id\n"
	    "  PID     task process id\n"
	    "  FLAG    status\n"
	    "  COMMAND executable name\n"
	    "FLAG values:\n"
	    "  f   task process is child of pvmd\n"
	    "  c   task connected to pvmd\n"
	    "  a   task waiting authorization\n"
	    "  o   task connection being closed\n" },
	{ "pstat", NULL, "tid ...", 1, -1, 0, cmd_tasks_pstat,
	    "Show status of tasks", NULL },
	{ "quit", NULL, "", 0, 0, CMD_EXIT, cmd_machine_quit,
	    "Exit console", NULL },
	{ "reset", NULL, "", 0, 0, 0, cmd_tasks_reset,
	    "Kill all tasks, delete leftover mboxes", NULL },
	{ "restart", NULL, "file [ host ]", 1, 2, 0, cmd_migrate_restart,
	    "Restart a task from its checkpoint file",
	    "The task keeps its task id, which must be free.\n" },
	{ "setenv", NULL, "[ name [ value ] ]", 0, -1, 0, cmd_env_setenv,
	    "Display or set environment variables", NULL },
	{ "sig", NULL, "signum task ...", 2, -1, 0, cmd_tasks_sig,
	    "Send signal to task",
	    "signum is a number or a name (TERM, SIGUSR1, ...)\n" },
	{ "spawn", NULL, "[ options ] file [ arg ... ]", 1, -1, 0,
	    cmd_tasks_spawn, "Spawn task",
	    "Options:  -(count)         number of tasks, default is 1\n"
	    "          -(host)          spawn on host, default is any\n"
	    "          -(host):(wd)     spawn on host, in directory 'wd' (*)\n"
	    "          --host=(IP)      spawn on host with given IP addr\n"
	    "          --host=(IP):(wd) spawn on IP, in directory 'wd' (*)\n"
	    "          -(ARCH)          spawn on hosts of ARCH\n"
	    "          -(ARCH):(wd)     spawn on hosts of ARCH, in 'wd' (*)\n"
	    "          -:(wd)           spawn in working directory 'wd' (*)\n"
	    "          -?               enable debugging\n"
	    "          ->               redirect job output to console\n"
	    "          ->(file)         redirect output of job to file\n"
	    "          ->>(file)        append output of job to file\n"
	    "          -@               trace job, output to terminal\n"
	    "          -@(file)         trace job, output to file (*)\n"
	    "(*) not supported yet\n" },
	{ "trace", NULL, "[ [+|-] name ... | buf [nbytes] | opt [what] ]",
	    0, -1, 0, cmd_machine_trace,
	    "Set/display trace event mask",
	    "Syntax:  trace\n"
	    "         trace [+] name ...\n"
	    "         trace - name ...\n"
	    "         trace [+] *\n"
	    "         trace - *\n"
	    "         trace xpvm (default mask for XPVM display)\n"
	    "         trace buf nbytes\n"
	    "         trace buf\n"
	    "         trace opt < full | time | count >\n"
	    "         trace opt\n" },
	{ "unalias", NULL, "name ...", 1, -1, 0, cmd_env_unalias,
	    "Undefine command alias", NULL },
	{ "unexport", NULL, "[ varname ... ]", 0, -1, 0, cmd_env_unexport,
	    "Remove environment variables from spawn export list", NULL },
	{ "version", NULL, "", 0, 0, 0, cmd_machine_version,
	    "Show libpvm version", NULL },
	{ NULL, NULL, NULL, 0, 0, 0, NULL, NULL, NULL }
};

/* Find a command by its name or its alias; NULL if there is none. */
const struct cmd_entry *
cmd_find(const char *name)
{
	const struct cmd_entry	*ce;

	for (ce = cmd_table; ce->name != NULL; ce++) {
		if (strcmp(ce->name, name) == 0)
			return (ce);
		if (ce->alias != NULL && strcmp(ce->alias, name) == 0)
			return (ce);
	}
	return (NULL);
}

/*
 * Run one line of input: words, aliases, lookup, argument count, exec.
 * Every problem is reported on stdout.  Returns the command's result: 0,
 * or -1 if the line or the command failed.
 */
int
cmd_execute(struct console *c, const char *line)
{
	const struct cmd_entry	*ce;
	struct cmd_args		 args;
	char			*cause;
	int			 nargs, rc;

	if (cmd_parse_line(line, &args, &cause) != 0) {
		printf("%s\n", cause);
		free(cause);
		return (-1);
	}
	if (cmd_parse_alias_expand(&c->aliases, &args, &cause) != 0) {
		printf("%s\n", cause);
		free(cause);
		cmd_parse_args_free(&args);
		return (-1);
	}
	if (args.argc == 0) {
		cmd_parse_args_free(&args);
		return (0);
	}
	if ((ce = cmd_find(args.argv[0])) == NULL) {
		printf("Unknown command \"%s\"\n", args.argv[0]);
		cmd_parse_args_free(&args);
		return (-1);
	}
	nargs = args.argc - 1;
	if (nargs < ce->minargs || (ce->maxargs >= 0 && nargs > ce->maxargs)) {
		printf("%s: wrong #args\n", ce->name);
		printf("Syntax:  %s %s\n", ce->name, ce->usage);
		cmd_parse_args_free(&args);
		return (-1);
	}
	rc = ce->exec(c, args.argc, args.argv);
	if ((ce->flags & CMD_EXIT) && rc == 0)
		c->done = 1;
	cmd_parse_args_free(&args);
	fflush(stdout);
	return (rc);
}

/* The text of PVM error code code (never NULL). */
const char *
cmd_strerror(int code)
{
	if (code <= 0 && code > -pvm_nerr && pvm_errlist[-code] != NULL)
		return (pvm_errlist[-code]);
	return ("Unknown error");
}
