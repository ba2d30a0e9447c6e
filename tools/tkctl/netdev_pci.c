// SPDX-License-Identifier: GPL-2.0
/* Network interfaces and the PCI devices they are on, from sysfs. */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netdev_pci.h"

static int is_pci_name(const char *s, size_t n)
{
	unsigned int d, b, dev, fn;

	return n == 12 && s[4] == ':' && s[7] == ':' && s[10] == '.' &&
	       sscanf(s, "%4x:%2x:%2x.%1x", &d, &b, &dev, &fn) == 4;
}

int tk_netdev_pci(const char *ifname, char *pci, size_t len)
{
	char link[PATH_MAX], path[PATH_MAX];
	const char *found = NULL, *s;

	if (strchr(ifname, '/') || strlen(ifname) > 15)
		return -1;
	snprintf(link, sizeof(link), "/sys/class/net/%s/device", ifname);
	if (!realpath(link, path))
		return -1;
	/* The last path part that is a PCI address: the device itself. */
	for (s = path; (s = strchr(s, '/')); s++) {
		size_t n = strcspn(s + 1, "/");

		if (is_pci_name(s + 1, n))
			found = s + 1;
	}
	if (!found || len < 13)
		return -1;
	memcpy(pci, found, 12);
	pci[12] = '\0';
	return 0;
}

int tk_pci_netdev(const char *pci, char *ifname, size_t len)
{
	struct dirent *de;
	DIR *d = opendir("/sys/class/net");
	char got[16];
	int ret = -1;

	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.' && !tk_netdev_pci(de->d_name, got, sizeof(got)) &&
		    !strcmp(got, pci) && strlen(de->d_name) < len) {
			memcpy(ifname, de->d_name, strlen(de->d_name) + 1);
			ret = 0;
			break;
		}
	if (d)
		closedir(d);
	return ret;
}
