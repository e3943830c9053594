/*
 * Copyright (c) 2026 The PVM project authors.
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 */

/*
 * A stand-in for libFuzzer's main, so that the fuzz targets run in
 * "make check" with any compiler: feed every seed file named on the
 * command line (files, or directories of files) to the target, then
 * -n N inputs made by mutating seeds (bit flips, byte changes, cuts,
 * duplications, splices, random bytes) with a fixed -seed, so a run is
 * reproducible.  A crash or a sanitizer report fails the test; -save DIR
 * writes each input before running it (DIR/last), to replay a failure.
 */

#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

/* Largest input made or read. */
#define DRIVER_MAX_INPUT	65536
/* Most seed files kept. */
#define DRIVER_MAX_SEEDS	1024

struct seed {
	uint8_t	*data;
	size_t	 len;
};

static struct seed	 seeds[DRIVER_MAX_SEEDS];
static size_t		 nseeds;
static uint64_t		 rng_state;
static const char	*save_dir;

static uint32_t	driver_rand(void);
static int	driver_load(const char *);
static int	driver_load_file(const char *);
static size_t	driver_mutate(uint8_t *, size_t);
static void	driver_run(const uint8_t *, size_t);

/* xorshift64*: deterministic for a given -seed. */
static uint32_t
driver_rand(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return ((uint32_t)((rng_state * 0x2545f4914f6cdd1dULL) >> 32));
}

static int
driver_load_file(const char *path)
{
	struct stat	 sb;
	uint8_t		*p;
	ssize_t		 n;
	size_t		 off = 0;
	int		 fd;

	if (nseeds == DRIVER_MAX_SEEDS)
		return (0);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return (-1);
	}
	if (fstat(fd, &sb) == -1 || sb.st_size > DRIVER_MAX_INPUT) {
		fprintf(stderr, "%s: unreadable or larger than %d bytes\n",
		    path, DRIVER_MAX_INPUT);
		close(fd);
		return (-1);
	}
	if ((p = malloc(sb.st_size ? (size_t)sb.st_size : 1)) == NULL) {
		close(fd);
		return (-1);
	}
	while (off < (size_t)sb.st_size) {
		n = read(fd, p + off, (size_t)sb.st_size - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	close(fd);
	seeds[nseeds].data = p;
	seeds[nseeds].len = off;
	nseeds++;
	return (0);
}

/* Load path: a file, or every regular file of a directory, sorted. */
static int
driver_load(const char *path)
{
	struct dirent	**ents;
	struct stat	  sb;
	char		  full[4096];
	int		  i, n, rc = 0;

	if (stat(path, &sb) == -1) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return (-1);
	}
	if (!S_ISDIR(sb.st_mode))
		return (driver_load_file(path));
	if ((n = scandir(path, &ents, NULL, alphasort)) == -1)
		return (-1);
	for (i = 0; i < n; i++) {
		if (ents[i]->d_name[0] != '.' && rc == 0) {
			snprintf(full, sizeof full, "%s/%s", path,
			    ents[i]->d_name);
			rc = driver_load_file(full);
		}
		free(ents[i]);
	}
	free(ents);
	return (rc);
}

/* Change buf (len bytes, room for DRIVER_MAX_INPUT) a few times. */
static size_t
driver_mutate(uint8_t *buf, size_t len)
{
	const struct seed	*o;
	size_t			 pos, n, steps;

	steps = 1 + driver_rand() % 4;
	while (steps-- > 0) {
		pos = len ? driver_rand() % len : 0;
		switch (driver_rand() % 8) {
		case 0:		/* flip a bit */
			if (len)
				buf[pos] ^= 1U << (driver_rand() % 8);
			break;
		case 1:		/* an interesting byte */
			if (len) {
				static const uint8_t v[] = { 0, 1, 0x7f, 0x80,
				    0xff, '\n', ' ', '=', '$', '*', '&', '"' };
				buf[pos] = v[driver_rand() % sizeof v];
			}
			break;
		case 2:		/* random byte */
			if (len)
				buf[pos] = (uint8_t)driver_rand();
			break;
		case 3:		/* cut the end */
			len = pos;
			break;
		case 4:		/* remove a piece */
			n = len - pos ? driver_rand() % (len - pos) : 0;
			memmove(buf + pos, buf + pos + n, len - pos - n);
			len -= n;
			break;
		case 5:		/* duplicate a piece */
			n = len - pos ? 1 + driver_rand() % (len - pos) : 0;
			if (len + n <= DRIVER_MAX_INPUT) {
				memmove(buf + pos + n, buf + pos, len - pos);
				len += n;
			}
			break;
		case 6:		/* splice in part of another seed */
			if (nseeds == 0)
				break;
			o = &seeds[driver_rand() % nseeds];
			n = o->len ? driver_rand() % o->len : 0;
			if (pos + n > DRIVER_MAX_INPUT)
				n = DRIVER_MAX_INPUT - pos;
			memcpy(buf + pos, o->data, n);
			if (pos + n > len)
				len = pos + n;
			break;
		case 7:		/* a 32-bit value at an aligned place */
			pos &= ~(size_t)3;
			if (pos + 4 <= len) {
				static const uint32_t w[] = { 0, 1, 0x7fffffff,
				    0x80000000, 0xffffffff, 0x10000, 36 };
				uint32_t x = w[driver_rand() % 7];
				buf[pos] = x >> 24;
				buf[pos + 1] = x >> 16;
				buf[pos + 2] = x >> 8;
				buf[pos + 3] = x;
			}
			break;
		}
	}
	return (len);
}

/* Give the target its own copy, exactly len bytes long (ASan sees overreads). */
static void
driver_run(const uint8_t *data, size_t len)
{
	uint8_t	*copy;
	char	 path[4096];
	FILE	*fp;

	if (save_dir != NULL) {
		snprintf(path, sizeof path, "%s/last", save_dir);
		if ((fp = fopen(path, "w")) != NULL) {
			fwrite(data, 1, len, fp);
			fclose(fp);
		}
	}
	if ((copy = malloc(len ? len : 1)) == NULL) {
		perror("malloc");
		exit(1);
	}
	memcpy(copy, data, len);
	LLVMFuzzerTestOneInput(copy, len);
	free(copy);
}

int
main(int argc, char **argv)
{
	static uint8_t	 buf[DRIVER_MAX_INPUT];
	unsigned long	 runs = 0, i;
	size_t		 len, k;
	char		*end;
	int		 c;

	rng_state = 0x9e3779b97f4a7c15ULL;
	while ((c = getopt(argc, argv, "n:s:S:")) != -1) {
		switch (c) {
		case 'n':
			runs = strtoul(optarg, &end, 10);
			if (*end != '\0')
				goto usage;
			break;
		case 's':
			rng_state ^= strtoull(optarg, &end, 10);
			if (*end != '\0')
				goto usage;
			break;
		case 'S':
			save_dir = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (rng_state == 0)
		rng_state = 1;
	for (; optind < argc; optind++) {
		if (driver_load(argv[optind]) != 0)
			return (1);
	}
	for (k = 0; k < nseeds; k++)
		driver_run(seeds[k].data, seeds[k].len);
	for (i = 0; i < runs; i++) {
		if (nseeds > 0 && driver_rand() % 8 != 0) {
			k = driver_rand() % nseeds;
			len = seeds[k].len;
			memcpy(buf, seeds[k].data, len);
		} else {
			len = driver_rand() % 256;
			for (k = 0; k < len; k++)
				buf[k] = (uint8_t)driver_rand();
		}
		len = driver_mutate(buf, len);
		driver_run(buf, len);
	}
	printf("%s: %zu seeds, %lu mutated inputs, no crash\n", argv[0],
	    nseeds, runs);
	for (k = 0; k < nseeds; k++)
		free(seeds[k].data);
	return (0);

usage:
	fprintf(stderr, "usage: %s [-n runs] [-s seed] [-S savedir] "
	    "[seed-file-or-dir ...]\n", argv[0]);
	return (2);
}
