/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * The console's single internal header: the command table, the parsed
 * forms of a command line, the job table and the console state.  The
 * console is an ordinary PVM task: it talks to the daemon only through
 * the public API of pvm3.h.
 */

#ifndef CONSOLE_PVM_H
#define CONSOLE_PVM_H

#include <sys/queue.h>

#include <stdio.h>

#ifndef __dead
#define __dead		__attribute__((__noreturn__))
#endif

/* Bounds on what a command line may hold. */
#define CMD_LINE_MAX		4096	/* bytes in one line */
#define CMD_ARGS_MAX		256	/* words in one line */
#define CMD_ALIAS_DEPTH		8	/* alias expansions of one line */
#define CMD_ALIAS_MAX		256	/* defined aliases */
#define CMD_SPAWN_COUNT_MAX	4096	/* spawn -(count) */

/* Tags of the messages the console receives from the daemon. */
#define CONS_TAG_OUTPUT		0x7c0001	/* spawn -> output */
#define CONS_TAG_TRACE		0x7c0002	/* spawn -@ trace */
#define CONS_TAG_RESET		0x7c0003	/* reset: TaskExit notifies */
#define CONS_RESET_WAIT_MS	5000		/* reset: wait for the exits */

/* A command line split into words; argv[argc] is NULL. */
struct cmd_args {
	int	  argc;
	char	**argv;
};

/* One alias: name expands to the words of args. */
struct cmd_alias {
	char			*name;
	struct cmd_args		 args;
	TAILQ_ENTRY(cmd_alias)	 entry;
};
TAILQ_HEAD(cmd_alias_list, cmd_alias);

/* Where spawn sends the output of the tasks it starts. */
enum spawn_out {
	SPAWN_OUT_LOG,		/* the daemon's log (no ->) */
	SPAWN_OUT_CONSOLE,	/* -> */
	SPAWN_OUT_FILE,		/* ->file */
	SPAWN_OUT_APPEND	/* ->>file */
};

/* Where spawn -@ sends trace events. */
enum spawn_trace {
	SPAWN_TRACE_NONE,
	SPAWN_TRACE_CONSOLE,	/* -@ */
	SPAWN_TRACE_FILE	/* -@file */
};

/* The options and program of one spawn command. */
struct spawn_opts {
	int		  count;	/* -(count), default 1 */
	int		  debug;	/* -? */
	char		 *where;	/* -(host) or -(ARCH), NULL any */
	int		  where_ip;	/* where came from --host=IP */
	char		 *wd;		/* -(host):(wd) or -:(wd) */
	enum spawn_out	  out;
	char		 *outfile;
	enum spawn_trace  trace;
	char		 *tracefile;
	char		 *file;		/* the program */
	char		**argv;		/* its arguments, NULL terminated */
	int		  argc;
};

/* A task of a job: its output stays open until END arrives. */
struct job_task {
	int			 tid;
	int			 open;
	TAILQ_ENTRY(job_task)	 entry;
};
TAILQ_HEAD(job_task_list, job_task);

/* A job: the tasks of one spawn -> (and their children). */
struct job {
	int			 number;
	FILE			*fp;	/* NULL: the console's stdout */
	struct job_task_list	 tasks;
	TAILQ_ENTRY(job)	 entry;
};
TAILQ_HEAD(job_list, job);

/* Flags of a command table entry. */
#define CMD_EXIT	0x1	/* the console ends after this command */
#define CMD_HIDDEN	0x2	/* not listed by help */

struct console;

/* One console command. */
struct cmd_entry {
	const char	 *name;
	const char	 *alias;	/* another name, or NULL */
	const char	 *usage;	/* syntax after the name */
	int		  minargs;
	int		  maxargs;	/* -1 unlimited */
	int		  flags;
	int		(*exec)(struct console *, int, char **);
	const char	 *descr;	/* one line for help */
	const char	 *more;		/* further help lines, or NULL */
};

/* The whole console state. */
struct console {
	int			 mytid;
	int			 interactive;	/* stdin is a tty */
	int			 done;		/* quit or halt was typed */
	int			 halted;
	struct cmd_alias_list	 aliases;
	struct job_list		 jobs;
	int			 nextjob;
	unsigned char		 tracemask[16];	/* bit per trace event */
	int			 editing;	/* libedit shows a line */
	int			 cleared;	/* output erased that line */
};

/* cmd_parse.c: pure parsing of console input. */
int		 cmd_parse_line(const char *, struct cmd_args *, char **);
void		 cmd_parse_args_free(struct cmd_args *);
char		*cmd_parse_join(int, char **, int);
int		 cmd_parse_alias_set(struct cmd_alias_list *, const char *,
		     int, char **, char **);
int		 cmd_parse_alias_unset(struct cmd_alias_list *, const char *);
struct cmd_alias *cmd_parse_alias_find(struct cmd_alias_list *,
		     const char *);
void		 cmd_parse_alias_clear(struct cmd_alias_list *);
int		 cmd_parse_alias_expand(struct cmd_alias_list *,
		     struct cmd_args *, char **);
int		 cmd_parse_spawn(int, char **, struct spawn_opts *, char **);
void		 cmd_parse_spawn_free(struct spawn_opts *);
int		 cmd_parse_tid(const char *, int *);
int		 cmd_parse_int(const char *, int, int, int *);
int		 cmd_parse_signal(const char *, int *);
int		 cmd_parse_export_add(const char *, const char *, char **);
int		 cmd_parse_export_del(const char *, const char *, char **);

/* cmd.c: the command table and dispatch. */
extern const struct cmd_entry cmd_table[];
const struct cmd_entry *cmd_find(const char *);
int		 cmd_execute(struct console *, const char *);
const char	*cmd_strerror(int);

/* cmd_tasks.c: tasks and jobs. */
int		 cmd_tasks_spawn(struct console *, int, char **);
int		 cmd_tasks_kill(struct console *, int, char **);
int		 cmd_tasks_sig(struct console *, int, char **);
int		 cmd_tasks_ps(struct console *, int, char **);
int		 cmd_tasks_pstat(struct console *, int, char **);
int		 cmd_tasks_jobs(struct console *, int, char **);
int		 cmd_tasks_id(struct console *, int, char **);
int		 cmd_tasks_reset(struct console *, int, char **);
int		 cmd_tasks_output_poll(struct console *);
int		 cmd_tasks_output_wait(struct console *, int, int);
int		 cmd_tasks_jobs_open(struct console *);
void		 cmd_tasks_jobs_close(struct console *);

/* cmd_migrate.c: checkpoint and restart. */
int		 cmd_migrate_checkpoint(struct console *, int, char **);
int		 cmd_migrate_restart(struct console *, int, char **);
int		 cmd_migrate_migrate(struct console *, int, char **);

/* cmd_machine.c: hosts and the virtual machine. */
int		 cmd_machine_conf(struct console *, int, char **);
int		 cmd_machine_mstat(struct console *, int, char **);
int		 cmd_machine_halt(struct console *, int, char **);
int		 cmd_machine_quit(struct console *, int, char **);
int		 cmd_machine_version(struct console *, int, char **);
int		 cmd_machine_add(struct console *, int, char **);
int		 cmd_machine_delete(struct console *, int, char **);
int		 cmd_machine_hostfile(struct console *, const char *);
int		 cmd_machine_trace(struct console *, int, char **);

/* cmd_env.c: aliases, environment, help. */
int		 cmd_env_alias(struct console *, int, char **);
int		 cmd_env_unalias(struct console *, int, char **);
int		 cmd_env_echo(struct console *, int, char **);
int		 cmd_env_export(struct console *, int, char **);
int		 cmd_env_unexport(struct console *, int, char **);
int		 cmd_env_setenv(struct console *, int, char **);
int		 cmd_env_help(struct console *, int, char **);

#endif /* CONSOLE_PVM_H */
