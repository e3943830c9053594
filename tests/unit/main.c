/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/* The CUnit runner: one suite per module, all run, failures counted. */

#include <stdio.h>
#include <stdlib.h>

#include <CUnit/Basic.h>

#include "unit.h"

int
main(void)
{
	unsigned int	failed;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return (1);
	test_wire_register();
	test_paths_register();
	test_pack_register();
	test_hostfile_register();
	test_console_register();
	test_tls_register();
	test_mbox_register();
	test_group_register();
	test_reduce_register();
	test_ring_register();
	CU_basic_set_mode(CU_BRM_NORMAL);
	CU_basic_run_tests();
	failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	if (CU_get_number_of_suites_failed() != 0)
		failed++;
	CU_cleanup_registry();
	return (failed == 0 ? 0 : 1);
}
