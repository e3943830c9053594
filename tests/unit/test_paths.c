/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/* Virtual machine file names from PVM_TMP and PVM_VMID (common/paths.c). */

#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "paths.h"
#include "unit.h"

static const struct {
	const char	*vmid;
	int		 ok;
} paths_vmids[] = {
	{ NULL, 1 },
	{ "", 1 },
	{ "job-1.a_B", 1 },
	{ "..", 0 },
	{ ".", 0 },
	{ "a/b", 0 },
	{ "a b", 0 },
	{ "x\n", 0 },
	{ "0123456789012345678901234567890123456789012345678901234567890"
	    "12345", 0 },
};

static void
test_paths_vmid(void)
{
	char	 buf[PATHS_VMID_MAX + 1], *cause;
	size_t	 i;
	int	 r;

	for (i = 0; i < sizeof paths_vmids / sizeof paths_vmids[0]; i++) {
		if (paths_vmids[i].vmid == NULL)
			unsetenv("PVM_VMID");
		else
			setenv("PVM_VMID", paths_vmids[i].vmid, 1);
		cause = NULL;
		r = paths_vmid(buf, sizeof buf, &cause);
		CU_ASSERT_EQUAL(r, paths_vmids[i].ok ? 0 : -1);
		if (r == 0 && (paths_vmids[i].vmid == NULL ||
		    *paths_vmids[i].vmid == '\0'))
			CU_ASSERT_STRING_EQUAL(buf, "default");
		if (r == -1)
			CU_ASSERT_PTR_NOT_NULL(cause);
		free(cause);
	}
	unsetenv("PVM_VMID");
}

static void
test_paths_file(void)
{
	char	buf[256], want[256], *cause = NULL;

	setenv("PVM_TMP", "/var/tmp", 1);
	setenv("PVM_VMID", "vm7", 1);
	CU_ASSERT_EQUAL(paths_file(PATHS_SOCKET, buf, sizeof buf, &cause), 0);
	snprintf(want, sizeof want, "/var/tmp/pvm-%lu/pvmd.vm7.sock",
	    (unsigned long)getuid());
	CU_ASSERT_STRING_EQUAL(buf, want);
	CU_ASSERT_EQUAL(paths_file(PATHS_LOG, buf, sizeof buf, &cause), 0);
	snprintf(want, sizeof want, "/var/tmp/pvm-%lu/pvmd.vm7.log",
	    (unsigned long)getuid());
	CU_ASSERT_STRING_EQUAL(buf, want);

	/* Relative PVM_TMP and a socket path past sun_path are refused. */
	setenv("PVM_TMP", "relative", 1);
	CU_ASSERT_EQUAL(paths_file(PATHS_SOCKET, buf, sizeof buf, &cause),
	    -1);
	free(cause);
	cause = NULL;
	setenv("PVM_TMP", "/tmp/a-very-long-directory-name-that-goes-on-and-"
	    "on-and-on-well-past-the-limit-of-a-unix-socket-path", 1);
	CU_ASSERT_EQUAL(paths_file(PATHS_SOCKET, buf, sizeof buf, &cause),
	    -1);
	free(cause);
	unsetenv("PVM_TMP");
	unsetenv("PVM_VMID");
}

static void
test_paths_mkdir(void)
{
	char		 tmpl[] = "/tmp/pvmunitXXXXXX", dir[256], *cause = NULL;
	struct stat	 sb;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(tmpl));
	setenv("PVM_TMP", tmpl, 1);
	CU_ASSERT_EQUAL(paths_mkdir(&cause), 0);
	CU_ASSERT_EQUAL(paths_dir(dir, sizeof dir, &cause), 0);
	CU_ASSERT_EQUAL(stat(dir, &sb), 0);
	CU_ASSERT_EQUAL(sb.st_mode & 0777, 0700);
	/* A loose mode is tightened on the next start. */
	chmod(dir, 0755);
	CU_ASSERT_EQUAL(paths_mkdir(&cause), 0);
	CU_ASSERT_EQUAL(stat(dir, &sb), 0);
	CU_ASSERT_EQUAL(sb.st_mode & 0777, 0700);
	rmdir(dir);
	/* A file where the directory should be is an error. */
	CU_ASSERT_EQUAL(close(creat(dir, 0600)), 0);
	CU_ASSERT_EQUAL(paths_mkdir(&cause), -1);
	CU_ASSERT_PTR_NOT_NULL(cause);
	free(cause);
	unlink(dir);
	rmdir(tmpl);
	unsetenv("PVM_TMP");
}

/* Register the paths suite. */
void
test_paths_register(void)
{
	CU_pSuite	s;

	s = CU_add_suite("paths", NULL, NULL);
	CU_add_test(s, "vmid validation", test_paths_vmid);
	CU_add_test(s, "file names", test_paths_file);
	CU_add_test(s, "private directory", test_paths_mkdir);
}
