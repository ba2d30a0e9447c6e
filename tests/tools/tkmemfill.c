// SPDX-License-Identifier: GPL-2.0
/*
 * tkmemfill: fill a share of the memory this kernel has free with a
 * pattern and read it back, to show that memory taken over from the other
 * kernel is usable and that nothing else writes it. Static, for the guests.
 *
 *   tkmemfill PERCENT    of MemAvailable, 1..95
 *
 * Each 8-byte word holds its own address xor a per-run key, so a page
 * that is written by someone else, or mapped twice, shows. The memory is
 * touched page by page first, then verified after everything was written.
 * Prints what it did; exits 0 when every word was read back, 1 on a
 * mismatch (the first one is printed), 2 on usage or allocation errors.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

static long meminfo_kib(const char *key)
{
	char line[256];
	long v = -1;
	size_t klen = strlen(key);
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, klen) && line[klen] == ':')
			v = strtol(line + klen + 1, NULL, 10);
	fclose(f);
	return v;
}

int main(int argc, char **argv)
{
	long pct, avail;
	uint64_t key, *p, words, i;
	size_t bytes;
	char *end;

	if (argc != 2) {
		fprintf(stderr, "usage: tkmemfill PERCENT\n");
		return 2;
	}
	pct = strtol(argv[1], &end, 10);
	if (*end || pct < 1 || pct > 95) {
		fprintf(stderr, "tkmemfill: PERCENT must be 1..95, not '%s'\n", argv[1]);
		return 2;
	}
	avail = meminfo_kib("MemAvailable");
	if (avail <= 0) {
		fprintf(stderr, "tkmemfill: no MemAvailable in /proc/meminfo\n");
		return 2;
	}
	bytes = (size_t)avail * 1024 / 100 * (size_t)pct;
	bytes &= ~(size_t)4095;
	p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (p == MAP_FAILED) {
		fprintf(stderr, "tkmemfill: mmap of %zu MiB: %s\n", bytes >> 20,
			strerror(errno));
		return 2;
	}
	key = (uint64_t)time(NULL) * 0x9e3779b97f4a7c15ULL;
	words = bytes / sizeof(*p);
	for (i = 0; i < words; i++)
		p[i] = (uint64_t)(uintptr_t)&p[i] ^ key;
	for (i = 0; i < words; i++) {
		if (p[i] != ((uint64_t)(uintptr_t)&p[i] ^ key)) {
			printf("tkmemfill: MISMATCH at word %llu of %llu: %#llx\n",
			       (unsigned long long)i, (unsigned long long)words,
			       (unsigned long long)p[i]);
			return 1;
		}
	}
	printf("tkmemfill: %zu MiB (%ld%% of %ld MiB available) written and read back\n",
	       bytes >> 20, pct, avail >> 10);
	return 0;
}
