/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Tests of console/cmd_parse.c: words and quotes, aliases, spawn
 * options, task ids, numbers, signals, the PVM_EXPORT list, bad input.
 */

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "pvm.h"

struct line_vec {
	const char	*line;
	int		 rc;
	const char	*words;	/* expected words joined by '|' */
	int		 argc;
};

static const struct line_vec line_vecs[] = {
	{ "", 0, "", 0 },
	{ "   \t  ", 0, "", 0 },
	{ "conf", 0, "conf", 1 },
	{ "conf\n", 0, "conf", 1 },
	{ "  ps   -a  \r\n", 0, "ps|-a", 2 },
	{ "echo a \"b c\"", 0, "echo|a|b c", 3 },
	{ "echo 'a \"b\" c'", 0, "echo|a \"b\" c", 2 },
	{ "echo \"a \\\"q\\\" \\\\ \\n\"", 0, "echo|a \"q\" \\ \\n", 2 },
	{ "echo a\\ b", 0, "echo|a b", 2 },
	{ "echo x\"y z\"w", 0, "echo|xy zw", 2 },
	{ "echo \"\" ''", 0, "echo||", 3 },
	{ "# a comment", 0, "", 0 },
	{ "   # indented comment", 0, "", 0 },
	{ "id # trailing", 0, "id", 1 },
	{ "echo a#b", 0, "echo|a#b", 2 },
	{ "echo '#x'", 0, "echo|#x", 2 },
	{ "echo \"unterminated", -1, NULL, 0 },
	{ "echo 'unterminated", -1, NULL, 0 },
	{ "echo trailing\\", -1, NULL, 0 },
	{ "spawn -> hello", 0, "spawn|->|hello", 3 },
};

struct tid_vec {
	const char	*s;
	int		 rc;
	unsigned int	 tid;
};

static const struct tid_vec tid_vecs[] = {
	{ "t40001", 0, 0x40001 },
	{ "T40001", 0, 0x40001 },
	{ "40001", 0, 0x40001 },
	{ "0x40001", 0, 0x40001 },
	{ "t4000a", 0, 0x4000a },
	{ "t4000A", 0, 0x4000a },
	{ "80040000", 0, 0x80040000U },
	{ "tffffffff", 0, 0xffffffffU },
	{ "t100000000", -1, 0 },
	{ "", -1, 0 },
	{ "t", -1, 0 },
	{ "0x", -1, 0 },
	{ "t0", -1, 0 },
	{ "0", -1, 0 },
	{ "xyz", -1, 0 },
	{ "t4000g", -1, 0 },
	{ "-40001", -1, 0 },
	{ "t 40001", -1, 0 },
	{ "40001 ", -1, 0 },
};

struct spawn_vec {
	const char	*line;	/* words after "spawn" */
	int		 rc;
	int		 count;
	const char	*where;
	const char	*wd;
	int		 where_ip;
	enum spawn_out	 out;
	const char	*outfile;
	enum spawn_trace trace;
	const char	*tracefile;
	int		 debug;
	const char	*file;
	const char	*args;	/* joined by '|' */
};

static const struct spawn_vec spawn_vecs[] = {
	{ "hello", 0, 1, NULL, NULL, 0, SPAWN_OUT_LOG, NULL,
	    SPAWN_TRACE_NONE, NULL, 0, "hello", "" },
	{ "-> hello", 0, 1, NULL, NULL, 0, SPAWN_OUT_CONSOLE, NULL,
	    SPAWN_TRACE_NONE, NULL, 0, "hello", "" },
	{ "-4 -> worker a -b", 0, 4, NULL, NULL, 0, SPAWN_OUT_CONSOLE, NULL,
	    SPAWN_TRACE_NONE, NULL, 0, "worker", "a|-b" },
	{ "->out.txt prog", 0, 1, NULL, NULL, 0, SPAWN_OUT_FILE, "out.txt",
	    SPAWN_TRACE_NONE, NULL, 0, "prog", "" },
	{ "->>log prog", 0, 1, NULL, NULL, 0, SPAWN_OUT_APPEND, "log",
	    SPAWN_TRACE_NONE, NULL, 0, "prog", "" },
	{ "->> log prog x", 0, 1, NULL, NULL, 0, SPAWN_OUT_APPEND, "log",
	    SPAWN_TRACE_NONE, NULL, 0, "prog", "x" },
	{ "-thud prog", 0, 1, "thud", NULL, 0, SPAWN_OUT_LOG, NULL,
	    SPAWN_TRACE_NONE, NULL, 0, "prog", "" },
	{ "-LINUX64 -2 prog", 0, 2, "LINUX64", NULL, 0, SPAWN_OUT_LOG, NULL,
	    SPAWN_TRACE_NONE, NULL, 0, "prog", "" },
	{ "-thud:/tmp prog", 0, 1, "thud", "/tmp", 0, SPAWN_OUT_LOG, NULL,
	    SPAWN_TRACE_NONE, NULL, 0, "prog", "" },
	{ "-:/work prog", 0, 1, NULL, "/work", 0, SPAWN_OUT_LOG, NULL,
	    SPAWN_TRACE_NONE, NULL, 0, "prog", "" },
	{ "--host=10.0.0.1 prog", 0, 1, "10.0.0.1", NULL, 1, SPAWN_OUT_LOG,
	    NULL, SPAWN_TRACE_NONE, NULL, 0, "prog", "" },
	{ "--host=10.0.0.1:/d prog", 0, 1, "10.0.0.1", "/d", 1,
	    SPAWN_OUT_LOG, NULL, SPAWN_TRACE_NONE, NULL, 0, "prog", "" },
	{ "-? prog", 0, 1, NULL, NULL, 0, SPAWN_OUT_LOG, NULL,
	    SPAWN_TRACE_NONE, NULL, 1, "prog", "" },
	{ "-@ prog", 0, 1, NULL, NULL, 0, SPAWN_OUT_LOG, NULL,
	    SPAWN_TRACE_CONSOLE, NULL, 0, "prog", "" },
	{ "-@trc -> prog", 0, 1, NULL, NULL, 0, SPAWN_OUT_CONSOLE, NULL,
	    SPAWN_TRACE_FILE, "trc", 0, "prog", "" },
	{ "-- -weird arg", 0, 1, NULL, NULL, 0, SPAWN_OUT_LOG, NULL,
	    SPAWN_TRACE_NONE, NULL, 0, "-weird", "arg" },
	{ "-3x prog", 0, 1, "3x", NULL, 0, SPAWN_OUT_LOG, NULL,
	    SPAWN_TRACE_NONE, NULL, 0, "prog", "" },
	{ "/bin/echo -> x", 0, 1, NULL, NULL, 0, SPAWN_OUT_LOG, NULL,
	    SPAWN_TRACE_NONE, NULL, 0, "/bin/echo", "->|x" },
	/* bad input */
	{ "", -1 },
	{ "->", -1 },
	{ "-2", -1 },
	{ "-0 prog", -1 },
	{ "-99999999999 prog", -1 },
	{ "-5000 prog", -1 },
	{ "- prog", -1 },
	{ "-> -> prog", -1 },
	{ "->a ->>b prog", -1 },
	{ "->> ", -1 },
	{ "-@ -@ prog", -1 },
	{ "-a -b prog", -1 },
	{ "-a: prog", -1 },
	{ "--host= prog", -1 },
	{ "--host=:/x prog", -1 },
	{ "--bogus prog", -1 },
	{ "-- ", -1 },
};

struct int_vec {
	const char	*s;
	int		 min, max;
	int		 rc;
	int		 v;
};

static const struct int_vec int_vecs[] = {
	{ "0", 0, 10, 0, 0 },
	{ "10", 0, 10, 0, 10 },
	{ "11", 0, 10, -1, 0 },
	{ "-3", -5, 5, 0, -3 },
	{ "+4", 0, 5, 0, 4 },
	{ "", 0, 5, -1, 0 },
	{ " 4", 0, 5, -1, 0 },
	{ "4 ", 0, 5, -1, 0 },
	{ "4x", 0, 5, -1, 0 },
	{ "99999999999999999999", 0, 2147483647, -1, 0 },
};

struct sig_vec {
	const char	*s;
	int		 rc;
	int		 sig;
};

static const struct sig_vec sig_vecs[] = {
	{ "15", 0, 15 },
	{ "9", 0, 9 },
	{ "TERM", 0, SIGTERM },
	{ "sigkill", 0, SIGKILL },
	{ "SIGUSR1", 0, SIGUSR1 },
	{ "hup", 0, SIGHUP },
	{ "0", -1, 0 },
	{ "65", -1, 0 },
	{ "SIG", -1, 0 },
	{ "NOSUCH", -1, 0 },
	{ "", -1, 0 },
	{ "1x", -1, 0 },
};

struct export_vec {
	int		 add;
	const char	*cur;
	const char	*name;
	int		 rc;
	const char	*out;
};

static const struct export_vec export_vecs[] = {
	{ 1, NULL, "DISPLAY", 0, "DISPLAY" },
	{ 1, "", "A", 0, "A" },
	{ 1, "A", "B", 0, "A:B" },
	{ 1, "A:B", "A", 0, "A:B" },
	{ 1, "AB", "A", 0, "AB:A" },
	{ 1, "A", "", -1, NULL },
	{ 1, "A", "B:C", -1, NULL },
	{ 1, "A", "B=1", -1, NULL },
	{ 1, "A", "B C", -1, NULL },
	{ 0, "A:B:C", "B", 0, "A:C" },
	{ 0, "A:B:A", "A", 0, "B" },
	{ 0, "A", "A", 0, "" },
	{ 0, "A", "Z", 0, "A" },
	{ 0, "AB:A", "A", 0, "AB" },
	{ 0, "::A::", "Z", 0, "A" },
	{ 0, NULL, "A", 0, "" },
	{ 0, "A", "", -1, NULL },
};

static char	*test_console_joined(struct cmd_args *, int);
static void	 test_console_streq(const char *, const char *);
static void	 test_console_lines(void);
static void	 test_console_limits(void);
static void	 test_console_join(void);
static void	 test_console_alias(void);
static void	 test_console_spawn(void);
static void	 test_console_tids(void);
static void	 test_console_ints(void);
static void	 test_console_signals(void);
static void	 test_console_export(void);

/* Join words from start with '|' for comparison with a vector. */
static char *
test_console_joined(struct cmd_args *a, int start)
{
	char	*s;
	size_t	 len;
	int	 i;

	len = 1;
	for (i = start; i < a->argc; i++)
		len += strlen(a->argv[i]) + 1;
	s = calloc(1, len);
	for (i = start; i < a->argc; i++) {
		if (i > start)
			strcat(s, "|");
		strcat(s, a->argv[i]);
	}
	return (s);
}

static void
test_console_lines(void)
{
	const struct line_vec	*v;
	struct cmd_args		 a;
	char			*cause, *w;
	size_t			 i;
	int			 rc;

	for (i = 0; i < sizeof line_vecs / sizeof line_vecs[0]; i++) {
		v = &line_vecs[i];
		rc = cmd_parse_line(v->line, &a, &cause);
		CU_ASSERT_EQUAL(rc, v->rc);
		if (rc != 0) {
			CU_ASSERT_PTR_NOT_NULL(cause);
			CU_ASSERT_EQUAL(a.argc, 0);
			CU_ASSERT_PTR_NULL(a.argv);
			free(cause);
			continue;
		}
		CU_ASSERT_PTR_NULL(cause);
		CU_ASSERT_EQUAL(a.argc, v->argc);
		if (a.argc > 0) {
			CU_ASSERT_PTR_NULL(a.argv[a.argc]);
		}
		w = test_console_joined(&a, 0);
		CU_ASSERT_STRING_EQUAL(w, v->words);
		free(w);
		cmd_parse_args_free(&a);
	}
}

static void
test_console_limits(void)
{
	struct cmd_args	 a;
	char		*line, *cause;
	int		 i, rc;

	/* Exactly CMD_LINE_MAX bytes is fine, one more is not. */
	line = malloc(CMD_LINE_MAX + 2);
	memset(line, 'x', CMD_LINE_MAX);
	line[CMD_LINE_MAX] = '\0';
	rc = cmd_parse_line(line, &a, &cause);
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(a.argc, 1);
	cmd_parse_args_free(&a);
	line[CMD_LINE_MAX] = 'x';
	line[CMD_LINE_MAX + 1] = '\0';
	rc = cmd_parse_line(line, &a, &cause);
	CU_ASSERT_EQUAL(rc, -1);
	CU_ASSERT_PTR_NOT_NULL(cause);
	free(cause);
	free(line);

	/* CMD_ARGS_MAX words is fine, one more is not. */
	line = malloc(2 * (CMD_ARGS_MAX + 1) + 1);
	for (i = 0; i < CMD_ARGS_MAX; i++) {
		line[2 * i] = 'w';
		line[2 * i + 1] = ' ';
	}
	line[2 * CMD_ARGS_MAX] = '\0';
	rc = cmd_parse_line(line, &a, &cause);
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(a.argc, CMD_ARGS_MAX);
	cmd_parse_args_free(&a);
	line[2 * CMD_ARGS_MAX] = 'w';
	line[2 * CMD_ARGS_MAX + 1] = '\0';
	rc = cmd_parse_line(line, &a, &cause);
	CU_ASSERT_EQUAL(rc, -1);
	CU_ASSERT_EQUAL(a.argc, 0);
	free(cause);
	free(line);
}

static void
test_console_join(void)
{
	char	*argv[] = { "echo", "a", "b c", "", "d", NULL };
	char	*s;

	s = cmd_parse_join(5, argv, 1);
	CU_ASSERT_STRING_EQUAL(s, "a b c  d");
	free(s);
	s = cmd_parse_join(5, argv, 5);
	CU_ASSERT_STRING_EQUAL(s, "");
	free(s);
	s = cmd_parse_join(1, argv, 0);
	CU_ASSERT_STRING_EQUAL(s, "echo");
	free(s);
}

static void
test_console_alias(void)
{
	static const struct {
		const char	*line;
		const char	*expanded;
	} exp[] = {
		{ "j", "jobs" },
		{ "j -l", "jobs|-l" },
		{ "ll x", "ps|-a|-l|x" },
		{ "ls", "ls|-l" },
		{ "loop1", "loop1" },
		{ "deep", "ps|-a|-l" },
		{ "conf", "conf" },
		{ "", "" },
		{ "x j", "x|j" },
	};
	struct cmd_alias_list	 list;
	struct cmd_alias	*al;
	struct cmd_args		 a;
	char			*cause, *w;
	char			*jobs[] = { "jobs" };
	char			*ll[] = { "ps", "-a", "-l" };
	char			*ls[] = { "ls", "-l" };
	char			*l1[] = { "loop2" };
	char			*l2[] = { "loop1" };
	char			*deep[] = { "ll" };
	size_t			 i;

	TAILQ_INIT(&list);
	CU_ASSERT_EQUAL(cmd_parse_alias_set(&list, "j", 1, jobs, &cause), 0);
	CU_ASSERT_EQUAL(cmd_parse_alias_set(&list, "ll", 3, ll, &cause), 0);
	CU_ASSERT_EQUAL(cmd_parse_alias_set(&list, "ls", 2, ls, &cause), 0);
	CU_ASSERT_EQUAL(cmd_parse_alias_set(&list, "loop1", 1, l1, &cause),
	    0);
	CU_ASSERT_EQUAL(cmd_parse_alias_set(&list, "loop2", 1, l2, &cause),
	    0);
	CU_ASSERT_EQUAL(cmd_parse_alias_set(&list, "deep", 1, deep, &cause),
	    0);

	/* Bad definitions leave the list alone. */
	CU_ASSERT_EQUAL(cmd_parse_alias_set(&list, "", 1, jobs, &cause), -1);
	free(cause);
	CU_ASSERT_EQUAL(cmd_parse_alias_set(&list, "a b", 1, jobs, &cause),
	    -1);
	free(cause);
	CU_ASSERT_EQUAL(cmd_parse_alias_set(&list, "z", 0, jobs, &cause), -1);
	free(cause);
	CU_ASSERT_PTR_NULL(cmd_parse_alias_find(&list, "z"));

	for (i = 0; i < sizeof exp / sizeof exp[0]; i++) {
		CU_ASSERT_EQUAL(cmd_parse_line(exp[i].line, &a, &cause), 0);
		CU_ASSERT_EQUAL(cmd_parse_alias_expand(&list, &a, &cause), 0);
		w = test_console_joined(&a, 0);
		CU_ASSERT_STRING_EQUAL(w, exp[i].expanded);
		free(w);
		cmd_parse_args_free(&a);
	}

	/* Redefine, then remove. */
	CU_ASSERT_EQUAL(cmd_parse_alias_set(&list, "j", 3, ll, &cause), 0);
	al = cmd_parse_alias_find(&list, "j");
	CU_ASSERT_PTR_NOT_NULL_FATAL(al);
	CU_ASSERT_EQUAL(al->args.argc, 3);
	CU_ASSERT_STRING_EQUAL(al->args.argv[2], "-l");
	CU_ASSERT_EQUAL(cmd_parse_alias_unset(&list, "j"), 0);
	CU_ASSERT_EQUAL(cmd_parse_alias_unset(&list, "j"), -1);
	CU_ASSERT_PTR_NULL(cmd_parse_alias_find(&list, "j"));

	/* An expansion past CMD_ARGS_MAX words fails and keeps the line. */
	{
		char	*many[CMD_ARGS_MAX];
		int	 k;

		for (k = 0; k < CMD_ARGS_MAX; k++)
			many[k] = "w";
		CU_ASSERT_EQUAL(cmd_parse_alias_set(&list, "big",
		    CMD_ARGS_MAX, many, &cause), 0);
		CU_ASSERT_EQUAL(cmd_parse_line("big x", &a, &cause), 0);
		CU_ASSERT_EQUAL(cmd_parse_alias_expand(&list, &a, &cause), -1);
		CU_ASSERT_PTR_NOT_NULL(cause);
		free(cause);
		CU_ASSERT_EQUAL(a.argc, 2);
		CU_ASSERT_STRING_EQUAL(a.argv[0], "big");
		cmd_parse_args_free(&a);
	}

	cmd_parse_alias_clear(&list);
	CU_ASSERT_TRUE(TAILQ_EMPTY(&list));
}

#define STR_EQ_OR_NULL(got, want)					\
	test_console_streq((got), (want))

/* Assert got equals want, where want NULL means got must be NULL. */
static void
test_console_streq(const char *got, const char *want)
{
	if (want == NULL) {
		CU_ASSERT_PTR_NULL(got);
		return;
	}
	CU_ASSERT_PTR_NOT_NULL_FATAL(got);
	CU_ASSERT_STRING_EQUAL(got, want);
}

static void
test_console_spawn(void)
{
	const struct spawn_vec	*v;
	struct spawn_opts	 o;
	struct cmd_args		 a;
	struct cmd_args		 rest;
	char			*cause, *w;
	size_t			 i;
	int			 rc;

	for (i = 0; i < sizeof spawn_vecs / sizeof spawn_vecs[0]; i++) {
		v = &spawn_vecs[i];
		CU_ASSERT_EQUAL_FATAL(cmd_parse_line(v->line, &a, &cause), 0);
		rc = cmd_parse_spawn(a.argc, a.argv, &o, &cause);
		CU_ASSERT_EQUAL(rc, v->rc);
		if (rc != v->rc)
			fprintf(stderr, "\nspawn vector \"%s\": rc %d\n",
			    v->line, rc);
		if (rc != 0) {
			CU_ASSERT_PTR_NOT_NULL(cause);
			CU_ASSERT_PTR_NULL(o.file);
			CU_ASSERT_PTR_NULL(o.argv);
			free(cause);
			cmd_parse_args_free(&a);
			continue;
		}
		CU_ASSERT_EQUAL(o.count, v->count);
		STR_EQ_OR_NULL(o.where, v->where);
		STR_EQ_OR_NULL(o.wd, v->wd);
		CU_ASSERT_EQUAL(o.where_ip, v->where_ip);
		CU_ASSERT_EQUAL(o.out, v->out);
		STR_EQ_OR_NULL(o.outfile, v->outfile);
		CU_ASSERT_EQUAL(o.trace, v->trace);
		STR_EQ_OR_NULL(o.tracefile, v->tracefile);
		CU_ASSERT_EQUAL(o.debug, v->debug);
		STR_EQ_OR_NULL(o.file, v->file);
		CU_ASSERT_PTR_NOT_NULL_FATAL(o.argv);
		CU_ASSERT_PTR_NULL(o.argv[o.argc]);
		rest.argc = o.argc;
		rest.argv = o.argv;
		w = test_console_joined(&rest, 0);
		CU_ASSERT_STRING_EQUAL(w, v->args);
		free(w);
		cmd_parse_spawn_free(&o);
		CU_ASSERT_PTR_NULL(o.file);
		cmd_parse_args_free(&a);
	}
}

static void
test_console_tids(void)
{
	const struct tid_vec	*v;
	size_t			 i;
	int			 tid, rc;

	for (i = 0; i < sizeof tid_vecs / sizeof tid_vecs[0]; i++) {
		v = &tid_vecs[i];
		tid = 0x5a5a;
		rc = cmd_parse_tid(v->s, &tid);
		CU_ASSERT_EQUAL(rc, v->rc);
		if (rc == 0) {
			CU_ASSERT_EQUAL((unsigned int)tid, v->tid);
		} else {
			CU_ASSERT_EQUAL(tid, 0x5a5a);
		}
	}
}

static void
test_console_ints(void)
{
	const struct int_vec	*v;
	size_t			 i;
	int			 n, rc;

	for (i = 0; i < sizeof int_vecs / sizeof int_vecs[0]; i++) {
		v = &int_vecs[i];
		n = 12345;
		rc = cmd_parse_int(v->s, v->min, v->max, &n);
		CU_ASSERT_EQUAL(rc, v->rc);
		CU_ASSERT_EQUAL(n, rc == 0 ? v->v : 12345);
	}
}

static void
test_console_signals(void)
{
	const struct sig_vec	*v;
	size_t			 i;
	int			 sig, rc;

	for (i = 0; i < sizeof sig_vecs / sizeof sig_vecs[0]; i++) {
		v = &sig_vecs[i];
		sig = -7;
		rc = cmd_parse_signal(v->s, &sig);
		CU_ASSERT_EQUAL(rc, v->rc);
		CU_ASSERT_EQUAL(sig, rc == 0 ? v->sig : -7);
	}
}

static void
test_console_export(void)
{
	const struct export_vec	*v;
	size_t			 i;
	char			*out;
	int			 rc;

	for (i = 0; i < sizeof export_vecs / sizeof export_vecs[0]; i++) {
		v = &export_vecs[i];
		if (v->add)
			rc = cmd_parse_export_add(v->cur, v->name, &out);
		else
			rc = cmd_parse_export_del(v->cur, v->name, &out);
		CU_ASSERT_EQUAL(rc, v->rc);
		STR_EQ_OR_NULL(out, v->out);
		free(out);
	}
}

/* Register the console parser suite. */
void
test_console_register(void)
{
	CU_pSuite	s;

	s = CU_add_suite("console", NULL, NULL);
	CU_add_test(s, "words and quotes", test_console_lines);
	CU_add_test(s, "line limits", test_console_limits);
	CU_add_test(s, "join", test_console_join);
	CU_add_test(s, "aliases", test_console_alias);
	CU_add_test(s, "spawn options", test_console_spawn);
	CU_add_test(s, "task ids", test_console_tids);
	CU_add_test(s, "integers", test_console_ints);
	CU_add_test(s, "signals", test_console_signals);
	CU_add_test(s, "export list", test_console_export);
}
