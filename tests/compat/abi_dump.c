/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Print every constant, string and struct layout of pvm3.h, one per line.
 * abi_check.sh builds this once against PVM 3.4.6's header and once
 * against ours and compares the two outputs: any difference is an ABI or
 * source incompatibility.  Only names both headers must have are used.
 */

#include <stddef.h>
#include <stdio.h>

#include <pvm3.h>

struct abi_const {
	const char	*name;
	long		 value;
};

struct abi_str {
	const char	*name;
	const char	*value;
};

#define ABI_C(x)	{ #x, (long)(x) }
#define ABI_S(x)	{ #x, x }
#define ABI_FIELD(s, f)							\
	printf("struct %s.%s offset %zu size %zu\n", #s, #f,		\
	    offsetof(struct s, f), sizeof(((struct s *)0)->f))

static const struct abi_const abi_consts[] = {
	/* version */
	ABI_C(PVM_MAJOR_VERSION), ABI_C(PVM_MINOR_VERSION),
	ABI_C(PVM_PATCH_VERSION),

	/* encodings */
	ABI_C(PvmDataDefault), ABI_C(PvmDataRaw), ABI_C(PvmDataInPlace),
	ABI_C(PvmDataFoo), ABI_C(PvmDataTrace),

	/* spawn flags */
	ABI_C(PvmTaskDefault), ABI_C(PvmTaskHost), ABI_C(PvmTaskArch),
	ABI_C(PvmTaskDebug), ABI_C(PvmTaskTrace), ABI_C(PvmMppFront),
	ABI_C(PvmHostCompl), ABI_C(PvmNoSpawnParent),

	/* notify */
	ABI_C(PvmTaskExit), ABI_C(PvmHostDelete), ABI_C(PvmHostAdd),
	ABI_C(PvmRouteAdd), ABI_C(PvmRouteDelete), ABI_C(PvmNotifyCancel),

	/* options and their values */
	ABI_C(PvmRoute), ABI_C(PvmDontRoute), ABI_C(PvmAllowDirect),
	ABI_C(PvmRouteDirect), ABI_C(PvmDebugMask), ABI_C(PvmAutoErr),
	ABI_C(PvmOutputTid), ABI_C(PvmOutputCode), ABI_C(PvmTraceTid),
	ABI_C(PvmTraceCode), ABI_C(PvmTraceBuffer), ABI_C(PvmTraceOptions),
	ABI_C(PvmTraceFull), ABI_C(PvmTraceTime), ABI_C(PvmTraceCount),
	ABI_C(PvmFragSize), ABI_C(PvmResvTids), ABI_C(PvmSelfOutputTid),
	ABI_C(PvmSelfOutputCode), ABI_C(PvmSelfTraceTid),
	ABI_C(PvmSelfTraceCode), ABI_C(PvmSelfTraceBuffer),
	ABI_C(PvmSelfTraceOptions), ABI_C(PvmShowTids), ABI_C(PvmPollType),
	ABI_C(PvmPollConstant), ABI_C(PvmPollSleep), ABI_C(PvmPollTime),
	ABI_C(PvmOutputContext), ABI_C(PvmTraceContext),
	ABI_C(PvmSelfOutputContext), ABI_C(PvmSelfTraceContext),
	ABI_C(PvmNoReset),

	/* trace masks, contexts */
	ABI_C(PvmTaskSelf), ABI_C(PvmTaskChild), ABI_C(PvmBaseContext),

	/* mailbox */
	ABI_C(PvmMboxDefault), ABI_C(PvmMboxPersistent),
	ABI_C(PvmMboxMultiInstance), ABI_C(PvmMboxOverWritable),
	ABI_C(PvmMboxFirstAvail), ABI_C(PvmMboxReadAndDelete),
	ABI_C(PvmMboxWaitForInfo), ABI_C(PvmMboxMaxFlag),
	ABI_C(PvmMboxDirectIndexShift), ABI_C(PvmMboxMaxDirectIndex),
	ABI_C(PvmMboxDirectIndexOf(0)), ABI_C(PvmMboxDirectIndexOf(1024)),
	ABI_C(PvmMboxDirectIndexOf(1024 * 5 + PvmMboxPersistent)),
	ABI_C(PvmMboxDirectIndexOf(0x7fffffff)),
	ABI_C(PvmMboxDirectIndexOf(-1)),
	ABI_C(sizeof(PvmMboxMaxDirectIndex)),
	ABI_C(sizeof(PvmMboxDirectIndexOf(1024))),

	/* errors */
	ABI_C(PvmOk), ABI_C(PvmBadParam), ABI_C(PvmMismatch),
	ABI_C(PvmOverflow), ABI_C(PvmNoData), ABI_C(PvmNoHost),
	ABI_C(PvmNoFile), ABI_C(PvmDenied), ABI_C(PvmNoMem),
	ABI_C(PvmBadMsg), ABI_C(PvmSysErr), ABI_C(PvmNoBuf),
	ABI_C(PvmNoSuchBuf), ABI_C(PvmNullGroup), ABI_C(PvmDupGroup),
	ABI_C(PvmNoGroup), ABI_C(PvmNotInGroup), ABI_C(PvmNoInst),
	ABI_C(PvmHostFail), ABI_C(PvmNoParent), ABI_C(PvmNotImpl),
	ABI_C(PvmDSysErr), ABI_C(PvmBadVersion), ABI_C(PvmOutOfRes),
	ABI_C(PvmDupHost), ABI_C(PvmCantStart), ABI_C(PvmAlready),
	ABI_C(PvmNoTask), ABI_C(PvmNotFound), ABI_C(PvmExists),
	ABI_C(PvmHostrNMstr), ABI_C(PvmParentNotSet), ABI_C(PvmIPLoopback),
	ABI_C(PvmNoEntry), ABI_C(PvmDupEntry),

	/* data types */
	ABI_C(PVM_STR), ABI_C(PVM_BYTE), ABI_C(PVM_SHORT), ABI_C(PVM_INT),
	ABI_C(PVM_FLOAT), ABI_C(PVM_CPLX), ABI_C(PVM_DOUBLE),
	ABI_C(PVM_DCPLX), ABI_C(PVM_LONG), ABI_C(PVM_USHORT),
	ABI_C(PVM_UINT), ABI_C(PVM_ULONG),

	/* temporary names */
	ABI_C(PVMTMPNAMLEN),
};

static const struct abi_str abi_strs[] = {
	ABI_S(PVM_VER),
	ABI_S(PVMNORESETCLASS), ABI_S(PVMHOSTERCLASS), ABI_S(PVMTASKERCLASS),
	ABI_S(PVMTRACERCLASS), ABI_S(PVMRMCLASS),
};

static void	abi_structs(void);
static void	abi_macros(void);

int
main(void)
{
	size_t	i;

	setvbuf(stdout, NULL, _IONBF, 0);
	for (i = 0; i < sizeof(abi_consts) / sizeof(abi_consts[0]); i++)
		printf("const %s = %ld\n", abi_consts[i].name,
		    abi_consts[i].value);
	for (i = 0; i < sizeof(abi_strs) / sizeof(abi_strs[0]); i++)
		printf("string %s = \"%s\"\n", abi_strs[i].name,
		    abi_strs[i].value);
	abi_structs();
	abi_macros();
	return (0);
}

/* Size of each struct, offset and size of each field. */
static void
abi_structs(void)
{
	printf("struct pvmhostinfo size %zu\n", sizeof(struct pvmhostinfo));
	ABI_FIELD(pvmhostinfo, hi_tid);
	ABI_FIELD(pvmhostinfo, hi_name);
	ABI_FIELD(pvmhostinfo, hi_arch);
	ABI_FIELD(pvmhostinfo, hi_speed);
	ABI_FIELD(pvmhostinfo, hi_dsig);

	printf("struct pvmtaskinfo size %zu\n", sizeof(struct pvmtaskinfo));
	ABI_FIELD(pvmtaskinfo, ti_tid);
	ABI_FIELD(pvmtaskinfo, ti_ptid);
	ABI_FIELD(pvmtaskinfo, ti_host);
	ABI_FIELD(pvmtaskinfo, ti_flag);
	ABI_FIELD(pvmtaskinfo, ti_a_out);
	ABI_FIELD(pvmtaskinfo, ti_pid);

	printf("struct pvmminfo size %zu\n", sizeof(struct pvmminfo));
	ABI_FIELD(pvmminfo, len);
	ABI_FIELD(pvmminfo, ctx);
	ABI_FIELD(pvmminfo, tag);
	ABI_FIELD(pvmminfo, wid);
	ABI_FIELD(pvmminfo, enc);
	ABI_FIELD(pvmminfo, crc);
	ABI_FIELD(pvmminfo, src);
	ABI_FIELD(pvmminfo, dst);

	printf("struct pvmmboxinfo size %zu\n", sizeof(struct pvmmboxinfo));
	ABI_FIELD(pvmmboxinfo, mi_name);
	ABI_FIELD(pvmmboxinfo, mi_nentries);
	ABI_FIELD(pvmmboxinfo, mi_indices);
	ABI_FIELD(pvmmboxinfo, mi_owners);
	ABI_FIELD(pvmmboxinfo, mi_flags);
}

/* Results of the function-like macros, the error path included. */
static void
abi_macros(void)
{
	int	idx[] = { 0, 1, 7, 1000, 2097151, 2097152, 3000000, -1 };
	size_t	i;

	for (i = 0; i < sizeof(idx) / sizeof(idx[0]); i++) {
		/* A too-large index prints a message on stderr first. */
		fflush(stderr);
		printf("macro PvmMboxDirectIndex(%d) = %ld\n", idx[i],
		    (long)PvmMboxDirectIndex(idx[i]));
		fflush(stderr);
	}
}
