// SPDX-License-Identifier: GPL-2.0
/* TCP connects without blocking (net.h). */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "net.h"

int net_resolve(const char *host, const char *port, struct net_addrs *a,
		char *err, size_t n)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC,
				  .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_ADDRCONFIG };
	struct addrinfo *res, *ai;
	int rc = getaddrinfo(host, port, &hints, &res);

	if (rc) {
		snprintf(err, n, "%s:%s: %s", host, port,
			 rc == EAI_SYSTEM ? strerror(errno) : gai_strerror(rc));
		return -1;
	}
	a->n = 0;
	for (ai = res; ai && a->n < NET_MAX_ADDRS; ai = ai->ai_next) {
		if (ai->ai_addrlen > sizeof(a->addr[0]))
			continue;
		memcpy(&a->addr[a->n], ai->ai_addr, ai->ai_addrlen);
		a->len[a->n++] = ai->ai_addrlen;
	}
	freeaddrinfo(res);
	if (!a->n) {
		snprintf(err, n, "%s:%s: no address", host, port);
		return -1;
	}
	return 0;
}

int net_connect_start(const struct net_addrs *a, int i)
{
	const struct sockaddr *sa = (const struct sockaddr *)&a->addr[i];
	int fd = socket(sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
			0);

	if (fd < 0)
		return -1;
	if (connect(fd, sa, a->len[i]) && errno != EINPROGRESS) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

int net_connect_done(int fd)
{
	int e = 0, one = 1;
	socklen_t len = sizeof(e);

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len))
		return -1;
	if (e) {
		errno = e;
		return -1;
	}
	/* One small request at a time: Nagle would hold each for an ACK. */
	return setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}
