/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * Fuzz targets: each file defines LLVMFuzzerTestOneInput for one decoder
 * of hostile input.  Built with clang -fsanitize=fuzzer by "make fuzz",
 * or linked with driver.c (any compiler) for "make check", which replays
 * the seeds and a fixed number of deterministic mutations of them.
 */

#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#endif /* FUZZ_H */
