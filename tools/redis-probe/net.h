/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TCP connections for the probe: the addresses of HOST:PORT, resolved
 * once, and non-blocking connects the caller waits for with poll(), so the
 * probe keeps its clock, its status file and its signals while connecting.
 */
#ifndef NET_H
#define NET_H

#include <stddef.h>
#include <sys/socket.h>

#define NET_MAX_ADDRS 8

struct net_addrs {
	struct sockaddr_storage addr[NET_MAX_ADDRS];
	socklen_t len[NET_MAX_ADDRS];
	int n;
};

/* Resolve HOST:PORT; 0, or -1 with a message in ERR[0..N). */
int net_resolve(const char *host, const char *port, struct net_addrs *a,
		char *err, size_t n);
/* A non-blocking socket connecting to address I: the fd, or -1 (errno). */
int net_connect_start(const struct net_addrs *a, int i);
/* The connect of FD has finished (poll said POLLOUT): 0 and TCP_NODELAY
 * set, or -1 with errno the connect's error. */
int net_connect_done(int fd);

#endif
