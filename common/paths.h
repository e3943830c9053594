/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

#ifndef PATHS_H
#define PATHS_H

#include <stddef.h>

#define PATHS_VMID_MAX	64

/*
 * Where a virtual machine keeps its files: a private directory
 * ${PVM_TMP:-/tmp}/pvm-UID holding, for each PVM_VMID (default
 * "default"), pvmd.VMID.sock, pvmd.VMID.pid and pvmd.VMID.log.
 */
enum paths_kind {
	PATHS_SOCKET,
	PATHS_PID,
	PATHS_LOG
};

/* paths.c */
int	paths_vmid(char *, size_t, char **);
int	paths_dir(char *, size_t, char **);
int	paths_file(enum paths_kind, char *, size_t, char **);
int	paths_mkdir(char **);

#endif /* PATHS_H */
