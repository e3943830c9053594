/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Host file parser vectors: each good vector is compared with a
 * rendering of the table, each bad one with its exact error text.
 */

#include <sys/stat.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "hostfile.h"
#include "unit.h"

struct hf_good {
	const char	*text;
	const char	*want;		/* rendering, see hf_render */
};

struct hf_bad {
	const char	*text;
	size_t		 len;		/* 0: strlen(text) */
	const char	*cause;
};

static const char	*hf_env(const char *, void *);
static void		 hf_cat(char *, size_t, const char *, ...)
			    __attribute__((format(printf, 3, 4)));
static void		 hf_render_entry(char *, size_t,
			    const struct hostfile_entry *);
static char		*hf_render(const struct hostfile *);
static void		 hf_check_bad(const char *, size_t, int, const char *);
static char		*hf_tmpfile(const char *, size_t);
static void		 test_hostfile_good(void);
static void		 test_hostfile_bad(void);
static void		 test_hostfile_limits(void);
static void		 test_hostfile_noexpand(void);
static void		 test_hostfile_expand(void);
static void		 test_hostfile_getenv(void);
static void		 test_hostfile_lookup(void);
static void		 test_hostfile_load(void);

static char	hf_big[3000];

/* The environment of the vectors. */
static const char *
hf_env(const char *name, void *arg)
{
	static const char *env[][2] = {
		{ "HOME", "/home/ann" },
		{ "PVM_ARCH", "LINUX64" },
		{ "PVM_ROOT", "/usr/lib/pvm3" },
		{ "EMPTY", "" },
		{ "USER", "ann" },
		{ "SPEED", "250" },
		{ "NL", "a\nb" },
		{ "SPACE", "my dir" },
		{ "LOGIN", "-oProxyCommand=x" },
		{ "VMID", "vm1" },
		{ "X_1", "one" },
	};
	size_t	i;

	(void)arg;
	if (strcmp(name, "BIG") == 0) {
		if (hf_big[0] == '\0') {
			memset(hf_big, 'b', sizeof hf_big - 1);
			hf_big[sizeof hf_big - 1] = '\0';
		}
		return (hf_big);
	}
	for (i = 0; i < sizeof env / sizeof env[0]; i++) {
		if (strcmp(env[i][0], name) == 0)
			return (env[i][1]);
	}
	return (NULL);
}

static const struct hf_good hf_good[] = {
	/* Empty and comments. */
	{ "", "* sp=1000\n" },
	{ "\n\n", "* sp=1000\n" },
	{ "# my first host file\n\n   \n\t# indented\nthud\nfred\n"
	  "wilma\n",
	  "thud sp=1000\nfred sp=1000\nwilma sp=1000\n* sp=1000\n" },
	/* No final newline, CRLF, tabs. */
	{ "a\nb", "a sp=1000\nb sp=1000\n* sp=1000\n" },
	{ "a\r\nb lo=x\r\n", "a sp=1000\nb sp=1000 lo=x\n* sp=1000\n" },
	{ "\ta\t\tlo=x \t wd=/w  \n",
	  "a sp=1000 lo=x wd=/w\n* sp=1000\n" },
	/* Every option. */
	{ "h lo=ann so=pw dx=/x/pvmd ep=/a:/b wd=/w sp=5 bx=/dbg "
	  "ip=10.0.0.1 id=vm-1.a_b\n",
	  "h sp=5 lo=ann dx=/x/pvmd ep=/a:/b wd=/w bx=/dbg ip=10.0.0.1 "
	  "id=vm-1.a_b so=pw\n* sp=1000\n" },
	{ "h so=ms\n", "h sp=1000 so=ms\n* sp=1000\n" },
	{ "h lo=ann@EXAMPLE.ORG ip=::1\n",
	  "h sp=1000 lo=ann@EXAMPLE.ORG ip=::1\n* sp=1000\n" },
	{ "node-1.example_x.org\n",
	  "node-1.example_x.org sp=1000\n* sp=1000\n" },
	/* sp bounds. */
	{ "a sp=1\nb sp=1000000\nc sp=0010\n",
	  "a sp=1\nb sp=1000000\nc sp=10\n* sp=1000\n" },
	/* '*' lines apply forward and replace each other. */
	{ "a\n* lo=guest so=pw\nb\nc lo=other so=ms\n* sp=7\nd\n",
	  "a sp=1000\nb sp=1000 lo=guest so=pw\nc sp=1000 lo=other so=ms\n"
	  "d sp=7\n* sp=7\n" },
	{ "* lo=x ep=/e\na\n*\nb\n",
	  "a sp=1000 lo=x ep=/e\nb sp=1000\n* sp=1000\n" },
	{ "* wd=$HOME/w sp=3 so=ms\n",
	  "* sp=3 wd=/home/ann/w so=ms\n" },
	/* Deferred and overloaded hosts. */
	{ "& igor.firewall.com lo=guest2 so=ms ep=bob/pvm3/bin/$PVM_ARCH\n"
	  "&bob\n",
	  "&igor.firewall.com sp=1000 lo=guest2 ep=bob/pvm3/bin/LINUX64 "
	  "so=ms\n&bob sp=1000\n* sp=1000\n" },
	{ "$over ip=127.0.0.2\n&$x\n& $y\n",
	  "$over sp=1000 ip=127.0.0.2\n&$x sp=1000\n&$y sp=1000\n"
	  "* sp=1000\n" },
	{ "* lo=g\n&d\n", "&d sp=1000 lo=g\n* sp=1000 lo=g\n" },
	/* Variables. */
	{ "h ep=$HOME/pvm3/bin/$PVM_ARCH:${PVM_ROOT}/bin/${PVM_ARCH}\n",
	  "h sp=1000 ep=/home/ann/pvm3/bin/LINUX64:/usr/lib/pvm3/bin/LINUX64"
	  "\n* sp=1000\n" },
	{ "h wd=${HOME}x dx=a$EMPTY/b bx=$X_1$X_1 lo=$USER sp=$SPEED "
	  "id=$VMID\n",
	  "h sp=250 lo=ann dx=a/b wd=/home/annx bx=oneone id=vm1\n"
	  "* sp=1000\n" },
	{ "h wd=$SPACE\n", "h sp=1000 wd=my dir\n* sp=1000\n" },
	{ "h ep=${HOME}${HOME}\n",
	  "h sp=1000 ep=/home/ann/home/ann\n* sp=1000\n" },
	/* '#' starts a comment only at the start of a word. */
	{ "a lo=x # a comment lo=y zz=1\n",
	  "a sp=1000 lo=x\n* sp=1000\n" },
	{ "a ep=/p#q#\n", "a sp=1000 ep=/p#q#\n* sp=1000\n" },
	{ "a #\n#b\n", "a sp=1000\n* sp=1000\n" },
	/* Values keep everything after the first '='. */
	{ "a ep=/x=y\n", "a sp=1000 ep=/x=y\n* sp=1000\n" },
};

static const struct hf_bad hf_bad[] = {
	{ "a\nb zz=1\n", 0, "line 2: unknown option \"zz=\"" },
	{ "a LO=x\n", 0, "line 1: unknown option \"LO=\"" },
	{ "a =x\n", 0, "line 1: unknown option \"=\"" },
	{ "a foo\n", 0,
	  "line 1: \"foo\" is not an option (expected name=value)" },
	{ "a\n\n# c\nb sp=0\n", 0,
	  "line 4: sp= \"0\" is not a number from 1 to 1000000" },
	{ "a sp=1000001", 0,
	  "line 1: sp= \"1000001\" is not a number from 1 to 1000000" },
	{ "a sp=abc", 0,
	  "line 1: sp= \"abc\" is not a number from 1 to 1000000" },
	{ "a sp=-5", 0,
	  "line 1: sp= \"-5\" is not a number from 1 to 1000000" },
	{ "a sp=+5", 0,
	  "line 1: sp= \"+5\" is not a number from 1 to 1000000" },
	{ "a sp=5x", 0,
	  "line 1: sp= \"5x\" is not a number from 1 to 1000000" },
	{ "a sp=99999999999999999999999", 0,
	  "line 1: sp= \"99999999999999999999999\" is not a number from 1 "
	  "to 1000000" },
	{ "a sp=", 0, "line 1: option \"sp=\" has an empty value" },
	{ "a lo=\n", 0, "line 1: option \"lo=\" has an empty value" },
	{ "a wd=$EMPTY\n", 0, "line 1: option \"wd=\" has an empty value" },
	{ "a lo=x lo=y\n", 0, "line 1: option \"lo=\" given twice" },
	{ "a so=pw so=ms\n", 0, "line 1: option \"so=\" given twice" },
	{ "a so=xx\n", 0, "line 1: so= \"xx\" is not \"pw\" or \"ms\"" },
	{ "a so=PW\n", 0, "line 1: so= \"PW\" is not \"pw\" or \"ms\"" },
	{ "a\na ep=$NOPE\n", 0,
	  "line 2: option \"ep=\": variable \"NOPE\" is not set" },
	{ "a ep=${NOPE}/x\n", 0,
	  "line 1: option \"ep=\": variable \"NOPE\" is not set" },
	{ "a ep=${HOME\n", 0, "line 1: option \"ep=\": unterminated \"${\"" },
	{ "a ep=${HOME/x}\n", 0,
	  "line 1: option \"ep=\": unterminated \"${\"" },
	{ "a ep=${\n", 0, "line 1: option \"ep=\": unterminated \"${\"" },
	{ "a ep=${}\n", 0,
	  "line 1: option \"ep=\": empty variable name \"${}\"" },
	{ "a ep=$\n", 0,
	  "line 1: option \"ep=\": '$' not followed by a variable name" },
	{ "a ep=/x$/y\n", 0,
	  "line 1: option \"ep=\": '$' not followed by a variable name" },
	{ "a ep=$$HOME\n", 0,
	  "line 1: option \"ep=\": '$' not followed by a variable name" },
	{ "a ep=${1X}\n", 0,
	  "line 1: option \"ep=\": '$' not followed by a variable name" },
	{ "a wd=$NL\n", 0,
	  "line 1: option \"wd=\" has a control character in its value" },
	{ "a ep=$BIG:$BIG\n", 0,
	  "line 1: option \"ep=\": value longer than 4096 bytes" },
	{ "a lo=-oProxyCommand=x\n", 0,
	  "line 1: lo= \"-oProxyCommand=x\" is not a valid login name" },
	{ "a lo=$LOGIN\n", 0,
	  "line 1: lo= \"-oProxyCommand=x\" is not a valid login name" },
	{ "a lo=a/b\n", 0, "line 1: lo= \"a/b\" is not a valid login name" },
	{ "a ip=-x\n", 0,
	  "line 1: ip= \"-x\" is not a valid host name or address" },
	{ "a ip=a/b\n", 0,
	  "line 1: ip= \"a/b\" is not a valid host name or address" },
	{ "a id=..\n", 0, "line 1: id= \"..\" is not a valid virtual machine "
	  "id (up to 64 letters, digits, '.', '_', '-')" },
	{ "a id=a/b\n", 0, "line 1: id= \"a/b\" is not a valid virtual "
	  "machine id (up to 64 letters, digits, '.', '_', '-')" },
	{ "a id=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	  "xxxxx\n", 0, "line 1: id= \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	  "xxxxxxxxxxxxxxxxxxxxxxxxxxx\" is not a valid virtual machine id "
	  "(up to 64 letters, digits, '.', '_', '-')" },
	{ "-a\n", 0, "line 1: \"-a\" is not a valid host name" },
	{ "a;rm\n", 0, "line 1: \"a;rm\" is not a valid host name" },
	{ "a/b\n", 0, "line 1: \"a/b\" is not a valid host name" },
	{ "*foo\n", 0, "line 1: \"*foo\" is not a valid host name" },
	{ "& *\n", 0, "line 1: \"*\" is not a valid host name" },
	{ "&&a\n", 0, "line 1: \"&a\" is not a valid host name" },
	{ "&\n", 0, "line 1: no host name after '&'" },
	{ "& # x\n", 0, "line 1: no host name after '&'" },
	{ "$\n", 0, "line 1: no host name" },
	{ "lo=x a\n", 0, "line 1: option \"lo=x\" before the host name" },
	{ "a\nb\nA\n", 0, "line 3: host \"A\" already given on line 1" },
	{ "a\n&a\n", 0, "line 2: host \"a\" already given on line 1" },
	{ "a\nb\0c\n", 6, "line 2: NUL byte in line" },
	{ "\0", 1, "line 1: NUL byte in line" },
	{ "a\x1b[31m\n", 0, "line 1: control character 0x1b in line" },
	{ "a\rb\n", 0, "line 1: control character 0x0d in line" },
	{ "a lo=x\x7f\n", 0, "line 1: control character 0x7f in line" },
};

/* Append to buf like snprintf, truncating. */
static void
hf_cat(char *buf, size_t size, const char *fmt, ...)
{
	va_list	ap;
	size_t	len;

	len = strlen(buf);
	if (len >= size)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
}

static void
hf_render_entry(char *buf, size_t size, const struct hostfile_entry *e)
{
	hf_cat(buf, size, "%s%s%s sp=%d", e->deferred ? "&" : "",
	    e->overload ? "$" : "", e->name, e->sp);
	if (e->lo != NULL)
		hf_cat(buf, size, " lo=%s", e->lo);
	if (e->dx != NULL)
		hf_cat(buf, size, " dx=%s", e->dx);
	if (e->ep != NULL)
		hf_cat(buf, size, " ep=%s", e->ep);
	if (e->wd != NULL)
		hf_cat(buf, size, " wd=%s", e->wd);
	if (e->bx != NULL)
		hf_cat(buf, size, " bx=%s", e->bx);
	if (e->ip != NULL)
		hf_cat(buf, size, " ip=%s", e->ip);
	if (e->id != NULL)
		hf_cat(buf, size, " id=%s", e->id);
	if (e->password)
		hf_cat(buf, size, " so=pw");
	if (e->manual)
		hf_cat(buf, size, " so=ms");
	hf_cat(buf, size, "\n");
}

/* One line per host, then the defaults; the caller frees. */
static char *
hf_render(const struct hostfile *hf)
{
	static const size_t	 size = 65536;
	char			*buf;
	size_t			 i;

	if ((buf = calloc(1, size)) == NULL)
		return (NULL);
	for (i = 0; i < hostfile_count(hf); i++)
		hf_render_entry(buf, size, hostfile_get(hf, i));
	hf_render_entry(buf, size, hostfile_defaults(hf));
	return (buf);
}

static void
test_hostfile_good(void)
{
	const struct hf_good	*v;
	struct hostfile		*hf;
	char			*cause, *got;
	size_t			 i;

	for (i = 0; i < sizeof hf_good / sizeof hf_good[0]; i++) {
		v = &hf_good[i];
		cause = NULL;
		hf = hostfile_parse_env(v->text, strlen(v->text), 0, hf_env,
		    NULL, &cause);
		if (hf == NULL) {
			fprintf(stderr, "\ngood vector %zu: %s\n", i,
			    cause != NULL ? cause : "(no cause)");
			CU_FAIL("good vector refused");
			free(cause);
			continue;
		}
		CU_ASSERT_PTR_NULL(cause);
		got = hf_render(hf);
		CU_ASSERT_PTR_NOT_NULL_FATAL(got);
		if (strcmp(got, v->want) != 0) {
			fprintf(stderr, "\ngood vector %zu:\n got: %s want: %s",
			    i, got, v->want);
			CU_FAIL("good vector parsed wrong");
		}
		free(got);
		hostfile_free(hf);
	}
}

/* Parse text and expect exactly the error want. */
static void
hf_check_bad(const char *text, size_t len, int flags, const char *want)
{
	struct hostfile	*hf;
	char		*cause;

	cause = NULL;
	hf = hostfile_parse_env(text, len, flags, hf_env, NULL, &cause);
	CU_ASSERT_PTR_NULL(hf);
	hostfile_free(hf);
	CU_ASSERT_PTR_NOT_NULL(cause);
	if (cause != NULL && strcmp(cause, want) != 0) {
		fprintf(stderr, "\nbad vector:\n got: %s\nwant: %s\n", cause,
		    want);
		CU_FAIL("wrong error");
	}
	free(cause);
}

static void
test_hostfile_bad(void)
{
	const struct hf_bad	*v;
	size_t			 i;

	for (i = 0; i < sizeof hf_bad / sizeof hf_bad[0]; i++) {
		v = &hf_bad[i];
		hf_check_bad(v->text, v->len != 0 ? v->len : strlen(v->text),
		    0, v->cause);
	}
}

/* Line length, host count, file size, long words. */
static void
test_hostfile_limits(void)
{
	struct hostfile	*hf;
	char		*text, *cause, want[256];
	size_t		 size, len, i;
	int		 n;

	size = HOSTFILE_FILE_MAX + 16;
	text = malloc(size);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);

	/* A line of exactly HOSTFILE_LINE_MAX bytes is fine. */
	memcpy(text, "a ep=", 5);
	memset(text + 5, 'e', HOSTFILE_LINE_MAX - 5);
	len = HOSTFILE_LINE_MAX;
	text[len++] = '\n';
	cause = NULL;
	hf = hostfile_parse_env(text, len, 0, hf_env, NULL, &cause);
	CU_ASSERT_PTR_NOT_NULL(hf);
	if (hf != NULL)
		CU_ASSERT_EQUAL(strlen(hostfile_get(hf, 0)->ep),
		    HOSTFILE_LINE_MAX - 5);
	hostfile_free(hf);
	free(cause);

	/* One more byte is not, even with a good line before. */
	memcpy(text, "x\n", 2);
	memset(text + 2, 'h', HOSTFILE_LINE_MAX + 1);
	hf_check_bad(text, HOSTFILE_LINE_MAX + 3, 0,
	    "line 2: line longer than 4096 bytes");

	/* A huge line without a newline. */
	memset(text, 'h', HOSTFILE_FILE_MAX);
	hf_check_bad(text, HOSTFILE_FILE_MAX, 0,
	    "line 1: line longer than 4096 bytes");

	/* More than the file bound. */
	hf_check_bad(text, HOSTFILE_FILE_MAX + 1, 0,
	    "host file longer than 1048576 bytes");

	/* HOSTFILE_ENTRIES_MAX hosts are fine, one more is not. */
	len = 0;
	for (i = 0; i < HOSTFILE_ENTRIES_MAX; i++) {
		n = snprintf(text + len, size - len, "h%zu\n", i);
		len += n;
	}
	cause = NULL;
	hf = hostfile_parse_env(text, len, 0, hf_env, NULL, &cause);
	CU_ASSERT_PTR_NOT_NULL(hf);
	if (hf != NULL) {
		CU_ASSERT_EQUAL(hostfile_count(hf), HOSTFILE_ENTRIES_MAX);
		CU_ASSERT_STRING_EQUAL(hostfile_get(hf,
		    HOSTFILE_ENTRIES_MAX - 1)->name, "h4095");
		CU_ASSERT_PTR_NOT_NULL(hostfile_lookup(hf, "H2048"));
	}
	hostfile_free(hf);
	free(cause);
	memcpy(text + len, "last\n", 5);
	snprintf(want, sizeof want, "line %d: more than %d hosts",
	    HOSTFILE_ENTRIES_MAX + 1, HOSTFILE_ENTRIES_MAX);
	hf_check_bad(text, len + 5, 0, want);

	/* Host names: 255 bytes fine, 256 not; long words are cut. */
	memset(text, 'n', 256);
	text[255] = '\n';
	cause = NULL;
	hf = hostfile_parse_env(text, 256, 0, hf_env, NULL, &cause);
	CU_ASSERT_PTR_NOT_NULL(hf);
	hostfile_free(hf);
	free(cause);
	memset(text, 'n', 256);
	text[256] = '\n';
	snprintf(want, sizeof want, "line 1: \"%.64s...\" is not a valid "
	    "host name", text);
	hf_check_bad(text, 257, 0, want);

	memcpy(text, "a ", 2);
	memset(text + 2, 'k', 300);
	memcpy(text + 302, "=v\n", 3);
	snprintf(want, sizeof want, "line 1: unknown option \"%.64s=\"",
	    text + 2);
	hf_check_bad(text, 305, 0, want);
	snprintf(want, sizeof want, "line 1: \"%.64s...\" is not an option "
	    "(expected name=value)", text + 2);
	hf_check_bad(text, 302, 0, want);

	/* A variable name longer than HOSTFILE_VAR_MAX. */
	memcpy(text, "a ep=${", 7);
	memset(text + 7, 'V', HOSTFILE_VAR_MAX + 1);
	memcpy(text + 7 + HOSTFILE_VAR_MAX + 1, "}\n", 2);
	hf_check_bad(text, 7 + HOSTFILE_VAR_MAX + 3, 0,
	    "line 1: option \"ep=\": variable name longer than 255 bytes");

	/* Empty input with a NULL pointer. */
	cause = NULL;
	hf = hostfile_parse_env(NULL, 0, 0, hf_env, NULL, &cause);
	CU_ASSERT_PTR_NOT_NULL(hf);
	if (hf != NULL)
		CU_ASSERT_EQUAL(hostfile_count(hf), 0);
	hostfile_free(hf);
	free(cause);

	/* A NULL cause is allowed. */
	CU_ASSERT_PTR_NULL(hostfile_parse_env("a zz=1", 6, 0, hf_env, NULL,
	    NULL));

	free(text);
}

/* HOSTFILE_NOEXPAND: paths as written, lo/ip/id/sp still expanded. */
static void
test_hostfile_noexpand(void)
{
	static const char	*text = "* ep=$HOME/bin:${UNSET}\n"
	    "h lo=$USER sp=$SPEED dx=$PVM_ROOT/lib/pvmd wd=$HOME bx=$NOPE\n";
	struct hostfile		*hf;
	char			*cause, *got;

	cause = NULL;
	hf = hostfile_parse_env(text, strlen(text), HOSTFILE_NOEXPAND,
	    hf_env, NULL, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(hf);
	got = hf_render(hf);
	CU_ASSERT_PTR_NOT_NULL_FATAL(got);
	CU_ASSERT_STRING_EQUAL(got, "h sp=250 lo=ann dx=$PVM_ROOT/lib/pvmd "
	    "ep=$HOME/bin:${UNSET} wd=$HOME bx=$NOPE\n"
	    "* sp=1000 ep=$HOME/bin:${UNSET}\n");
	free(got);
	hostfile_free(hf);

	/* Syntax errors and local options are still checked. */
	hf_check_bad("h ep=${HOME\n", 12, HOSTFILE_NOEXPAND,
	    "line 1: option \"ep=\": unterminated \"${\"");
	hf_check_bad("h wd=$\n", 7, HOSTFILE_NOEXPAND,
	    "line 1: option \"wd=\": '$' not followed by a variable name");
	hf_check_bad("h lo=$NOPE\n", 11, HOSTFILE_NOEXPAND,
	    "line 1: option \"lo=\": variable \"NOPE\" is not set");
}

static void
test_hostfile_expand(void)
{
	char	*out, *cause;

	out = cause = NULL;
	CU_ASSERT_EQUAL(hostfile_expand(HOSTFILE_DEFAULT_EP, hf_env, NULL,
	    &out, &cause), 0);
	CU_ASSERT_PTR_NULL(cause);
	if (out != NULL)
		CU_ASSERT_STRING_EQUAL(out,
		    "/home/ann/pvm3/bin/LINUX64:/usr/lib/pvm3/bin/LINUX64");
	free(out);

	out = NULL;
	CU_ASSERT_EQUAL(hostfile_expand("plain", hf_env, NULL, &out, &cause),
	    0);
	if (out != NULL)
		CU_ASSERT_STRING_EQUAL(out, "plain");
	free(out);

	out = NULL;
	CU_ASSERT_EQUAL(hostfile_expand("", hf_env, NULL, &out, &cause), 0);
	if (out != NULL)
		CU_ASSERT_STRING_EQUAL(out, "");
	free(out);

	out = NULL;
	CU_ASSERT_EQUAL(hostfile_expand("$NOPE/x", hf_env, NULL, &out,
	    &cause), -1);
	CU_ASSERT_PTR_NULL(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cause);
	CU_ASSERT_STRING_EQUAL(cause, "variable \"NOPE\" is not set");
	free(cause);
}

/* The getenv path of hostfile_parse and hostfile_expand. */
static void
test_hostfile_getenv(void)
{
	static const char	*text =
	    "a wd=${HF_TEST_DIR}/w ep=$HF_TEST_DIR\n";
	struct hostfile		*hf;
	char			*cause, *out;

	CU_ASSERT_EQUAL_FATAL(setenv("HF_TEST_DIR", "/t", 1), 0);
	cause = NULL;
	hf = hostfile_parse(text, strlen(text), &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(hf);
	CU_ASSERT_STRING_EQUAL(hostfile_get(hf, 0)->wd, "/t/w");
	CU_ASSERT_STRING_EQUAL(hostfile_get(hf, 0)->ep, "/t");
	hostfile_free(hf);

	out = NULL;
	CU_ASSERT_EQUAL(hostfile_expand("x$HF_TEST_DIR", NULL, NULL, &out,
	    &cause), 0);
	if (out != NULL)
		CU_ASSERT_STRING_EQUAL(out, "x/t");
	free(out);

	unsetenv("HF_TEST_DIR");
	hf = hostfile_parse(text, strlen(text), &cause);
	CU_ASSERT_PTR_NULL(hf);
	CU_ASSERT_PTR_NOT_NULL_FATAL(cause);
	CU_ASSERT_STRING_EQUAL(cause,
	    "line 1: option \"wd=\": variable \"HF_TEST_DIR\" is not set");
	free(cause);
}

static void
test_hostfile_lookup(void)
{
	static const char		*text =
	    "alpha lo=a\n* sp=9\n&Beta\n$gamma.example.org ip=127.0.0.3\n";
	struct hostfile			*hf;
	const struct hostfile_entry	*e;
	char				*cause;

	cause = NULL;
	hf = hostfile_parse_env(text, strlen(text), 0, hf_env, NULL, &cause);
	CU_ASSERT_PTR_NOT_NULL_FATAL(hf);
	CU_ASSERT_EQUAL(hostfile_count(hf), 3);
	CU_ASSERT_PTR_NULL(hostfile_get(hf, 3));

	e = hostfile_lookup(hf, "ALPHA");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_PTR_EQUAL(e, hostfile_get(hf, 0));
	CU_ASSERT_STRING_EQUAL(e->lo, "a");
	CU_ASSERT_EQUAL(e->line, 1);
	CU_ASSERT_EQUAL(e->set, HOSTFILE_OPT_LO);

	e = hostfile_lookup(hf, "beta");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_STRING_EQUAL(e->name, "Beta");
	CU_ASSERT_TRUE(e->deferred);
	CU_ASSERT_FALSE(e->overload);
	CU_ASSERT_EQUAL(e->sp, 9);
	CU_ASSERT_EQUAL(e->line, 3);
	CU_ASSERT_EQUAL(e->set, HOSTFILE_OPT_SP);

	e = hostfile_lookup(hf, "gamma.example.org");
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_TRUE(e->overload);
	CU_ASSERT_STRING_EQUAL(e->ip, "127.0.0.3");
	CU_ASSERT_EQUAL(e->set, HOSTFILE_OPT_SP | HOSTFILE_OPT_IP);

	CU_ASSERT_PTR_NULL(hostfile_lookup(hf, "gamma"));
	CU_ASSERT_PTR_NULL(hostfile_lookup(hf, "*"));
	CU_ASSERT_PTR_NULL(hostfile_lookup(hf, ""));

	e = hostfile_defaults(hf);
	CU_ASSERT_STRING_EQUAL(e->name, "*");
	CU_ASSERT_EQUAL(e->sp, 9);
	CU_ASSERT_EQUAL(e->line, 2);
	hostfile_free(hf);
	hostfile_free(NULL);
}

/* Write len bytes to a new temporary file; returns its path. */
static char *
hf_tmpfile(const char *data, size_t len)
{
	char	*path;
	int	 fd;

	if ((path = strdup("/tmp/test_hostfile.XXXXXX")) == NULL)
		return (NULL);
	if ((fd = mkstemp(path)) == -1) {
		free(path);
		return (NULL);
	}
	if (write(fd, data, len) != (ssize_t)len) {
		close(fd);
		unlink(path);
		free(path);
		return (NULL);
	}
	close(fd);
	return (path);
}

static void
test_hostfile_load(void)
{
	struct hostfile	*hf;
	char		*path, *cause, *big, want[512];

	/* A good file. */
	path = hf_tmpfile("# hosts\nnode1 sp=10\n&node2\n", 27);
	CU_ASSERT_PTR_NOT_NULL_FATAL(path);
	cause = NULL;
	hf = hostfile_load(path, &cause);
	CU_ASSERT_PTR_NOT_NULL(hf);
	CU_ASSERT_PTR_NULL(cause);
	if (hf != NULL) {
		CU_ASSERT_EQUAL(hostfile_count(hf), 2);
		CU_ASSERT_EQUAL(hostfile_lookup(hf, "node1")->sp, 10);
		CU_ASSERT_TRUE(hostfile_lookup(hf, "node2")->deferred);
	}
	hostfile_free(hf);
	unlink(path);
	free(path);

	/* A bad one: the path and the line are in the error. */
	path = hf_tmpfile("a\nb zz=\n", 8);
	CU_ASSERT_PTR_NOT_NULL_FATAL(path);
	CU_ASSERT_PTR_NULL(hostfile_load(path, &cause));
	CU_ASSERT_PTR_NOT_NULL_FATAL(cause);
	snprintf(want, sizeof want, "%s: line 2: unknown option \"zz=\"",
	    path);
	CU_ASSERT_STRING_EQUAL(cause, want);
	free(cause);
	unlink(path);
	free(path);

	/* Too big. */
	big = malloc(HOSTFILE_FILE_MAX + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	memset(big, '\n', HOSTFILE_FILE_MAX + 1);
	path = hf_tmpfile(big, HOSTFILE_FILE_MAX + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(path);
	CU_ASSERT_PTR_NULL(hostfile_load(path, &cause));
	CU_ASSERT_PTR_NOT_NULL_FATAL(cause);
	snprintf(want, sizeof want, "%s: longer than 1048576 bytes", path);
	CU_ASSERT_STRING_EQUAL(cause, want);
	free(cause);
	unlink(path);
	free(path);

	/* Exactly the bound is fine. */
	path = hf_tmpfile(big, HOSTFILE_FILE_MAX);
	CU_ASSERT_PTR_NOT_NULL_FATAL(path);
	cause = NULL;
	hf = hostfile_load(path, &cause);
	CU_ASSERT_PTR_NOT_NULL(hf);
	hostfile_free(hf);
	free(cause);
	unlink(path);
	free(path);
	free(big);

	/* Missing file, directory, /dev/null. */
	CU_ASSERT_PTR_NULL(hostfile_load("/nonexistent/hosts", &cause));
	CU_ASSERT_PTR_NOT_NULL_FATAL(cause);
	CU_ASSERT_STRING_EQUAL(cause,
	    "/nonexistent/hosts: No such file or directory");
	free(cause);
	CU_ASSERT_PTR_NULL(hostfile_load("/tmp", &cause));
	CU_ASSERT_PTR_NOT_NULL_FATAL(cause);
	CU_ASSERT_STRING_EQUAL(cause, "/tmp: Is a directory");
	free(cause);
	cause = NULL;
	hf = hostfile_load("/dev/null", &cause);
	CU_ASSERT_PTR_NOT_NULL(hf);
	if (hf != NULL)
		CU_ASSERT_EQUAL(hostfile_count(hf), 0);
	hostfile_free(hf);
	free(cause);
}

/* Register the hostfile suite. */
void
test_hostfile_register(void)
{
	CU_pSuite	s;

	if ((s = CU_add_suite("hostfile", NULL, NULL)) == NULL)
		return;
	CU_add_test(s, "good vectors", test_hostfile_good);
	CU_add_test(s, "bad vectors", test_hostfile_bad);
	CU_add_test(s, "limits", test_hostfile_limits);
	CU_add_test(s, "noexpand", test_hostfile_noexpand);
	CU_add_test(s, "expand", test_hostfile_expand);
	CU_add_test(s, "getenv", test_hostfile_getenv);
	CU_add_test(s, "lookup", test_hostfile_lookup);
	CU_add_test(s, "load", test_hostfile_load);
}
