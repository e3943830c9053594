/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

#ifndef UNIT_H
#define UNIT_H

#include <CUnit/CUnit.h>

/*
 * Each tests/unit/test_<module>.c defines test_<module>_register(),
 * which adds one CUnit suite for its module; main.c calls them all.
 */
void	test_wire_register(void);
void	test_paths_register(void);
void	test_pack_register(void);
void	test_hostfile_register(void);
void	test_console_register(void);
void	test_tls_register(void);
void	test_mbox_register(void);
void	test_group_register(void);
void	test_reduce_register(void);
void	test_ring_register(void);

#endif /* UNIT_H */
