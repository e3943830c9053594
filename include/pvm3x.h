/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * pvm3x.h: calls this implementation adds to the PVM 3.4 interface.
 *
 * Everything PVM 3.4 has is in <pvm3.h> and never changes; new calls are
 * declared here, and only ever added.  Task migration and checkpointing
 * calls will be declared here when they are implemented.
 *
 * PVMX_VERSION_NUM is 0xXXYYZZ for version XX.YY.ZZ of these extensions,
 * so a program can test for a call with, e.g.,
 * #if PVMX_VERSION_NUM >= 0x000100.  It grows with every added call; it
 * is independent of PVM_VER, which stays the PVM version we are
 * compatible with.
 */

#ifndef PVM3X_H
#define PVM3X_H

#include <stdarg.h>

#include "pvm3.h"

#define PVMX_VERSION		"0.2.0"
#define PVMX_VERSION_MAJOR	0
#define PVMX_VERSION_MINOR	2
#define PVMX_VERSION_PATCH	0
#define PVMX_VERSION_NUM	0x000200

/* Length of a trace mask, its terminating NUL included. */
#define PVMX_TMASK_LEN		36

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Return the text of an error code (PvmBadParam, ...).
 * @param code any value; codes that are not PVM errors get a generic text.
 * @return a constant string owned by the library, never NULL.
 * @since PVMX 0.1.0
 */
PVM_API const char	*pvm_errstr(int);

/**
 * Get (pvm_gettmask) or set (pvm_settmask) the trace mask of this task
 * (PvmTaskSelf) or of the children it spawns later (PvmTaskChild).  PVM
 * 3.4 declares them in pvmtev.h, whose Pvmtmask type is a char array of
 * PVMX_TMASK_LEN bytes.  pvm_gettmask() fills the caller's mask (at least
 * PVMX_TMASK_LEN bytes); pvm_settmask() copies a NUL-terminated mask of
 * fewer than PVMX_TMASK_LEN characters.
 * @return 0, or PvmBadParam for a bad who or mask.
 * @since PVMX 0.1.0
 */
PVM_API int		 pvm_gettmask(int, char *);
PVM_API int		 pvm_settmask(int, char *);

/**
 * pvm_packf() and pvm_unpackf() taking a va_list, as vprintf does.
 * @return as pvm_packf and pvm_unpackf.
 * @since PVMX 0.1.0
 */
PVM_API int		 pvm_vpackf(const char *, va_list);
PVM_API int		 pvm_vunpackf(const char *, va_list);

/*
 * A function told how the start of each host goes while pvm_addhosts()
 * waits: index is the host's position in names[], host its name, text
 * one step for the user to see (the command to run by hand for a host
 * with so=ms; "starting pvmd: ...", "pvmd ready at ...").
 */
typedef void (*pvm_addhosts_progress_fn)(int, const char *, const char *);

/**
 * Set the function (NULL: none, the default) that later pvm_addhosts()
 * calls of this task call with progress reports, from inside
 * pvm_addhosts(), before it returns.  The console uses it to print the
 * command to run for a manually started host and progress lines.
 * @return the function set before.
 * @since PVMX 0.2.0
 */
PVM_API pvm_addhosts_progress_fn pvm_addhosts_progress(
			    pvm_addhosts_progress_fn);

/*
 * Checkpoint and restart (Linux x86-64, single-threaded tasks).  The
 * library makes a task checkpoint itself when its pvmd sends it
 * PVMX_CKPT_SIGNAL; a program must not use that signal for itself.
 */
#define PVMX_CKPT_SIGNAL	63	/* SIGRTMAX - 1 with glibc */
#define PvmCkptStop		1	/* pvm_checkpoint: end the task after */

/**
 * Write the memory image of task tid (of this host) to path, a file on
 * the task's host; a relative path is made absolute against this task's
 * working directory.  The task goes on running, or with PvmCkptStop
 * ends once the image is written.
 * @return 0, or PvmNoTask, PvmNoFile, PvmAlready (a checkpoint of tid
 * is under way), PvmNotImpl (the task has more than one thread, or its
 * host cannot checkpoint it), PvmSysErr.
 * @since PVMX 0.2.0
 */
PVM_API int		 pvm_checkpoint(int, const char *, int);

/**
 * Restart the task whose image is in path on host (NULL or "": this
 * host).  It keeps its TID, which must be free.
 * @param tidp gets the TID (may be NULL).
 * @return 0, or PvmNoFile, PvmBadMsg (not an image), PvmExists (the TID
 * is in use), PvmNotImpl, PvmSysErr (the restart failed).
 * @since PVMX 0.2.0
 */
PVM_API int		 pvm_restart(const char *, const char *, int *);

/**
 * Move running task tid to host (NULL or "": the next host of the
 * machine), without the program's help: it keeps its TID, memory and
 * registers, and the messages sent to it before, during and after the
 * move arrive in order.  Returns once the task runs on the new host; if
 * the move fails the task runs on where it was.
 * @return 0, or PvmNoTask, PvmNoHost, PvmAlready (already on that host
 * or moving), PvmNotImpl (more than one thread), PvmHostFail.
 * @since PVMX 0.2.0
 */
PVM_API int		 pvm_migrate(int, const char *);

/* Events of pvm_ckpt_hook(). */
#define PvmCkptSave		1	/* the image is about to be taken */
#define PvmCkptResume		2	/* the same process goes on */
#define PvmCkptRestore		3	/* in the restarted (moved) process */

/**
 * Have fn(event, arg) called around every checkpoint of this task:
 * PvmCkptSave before its memory is captured (close or note what an image
 * cannot carry: sockets, pipes, devices), then PvmCkptResume in this
 * process if it goes on (checkpoint to a file, or a failed move),
 * or PvmCkptRestore in the process that runs the image (restart or
 * move), once the library has reopened the task's files.  fn may run in
 * a signal handler: it must use async-signal-safe calls only.  One hook
 * per task; NULL removes it.
 * @return 0.
 * @since PVMX 0.2.0
 */
PVM_API int		 pvm_ckpt_hook(void (*)(int, void *), void *);

#ifdef __cplusplus
}
#endif

#endif /* PVM3X_H */
