// SPDX-License-Identifier: GPL-2.0
/* The upgrade's network lock over NETLINK_NETFILTER: see nftlock.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <linux/netlink.h>

#include "nft_msg.h"
#include "nftlock.h"

int tk_nft_lock(const char *ifname, int on, char *why, size_t len)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct timeval tmo = { .tv_sec = 5 };
	char req[1024], ans[8192];
	unsigned int nacks = 0, acked = 0;
	uint32_t seq = (uint32_t)time(NULL);
	int fd, n, ret;

	n = on ? tk_nft_lock_batch(req, sizeof(req), seq, ifname, &nacks) :
		 tk_nft_unlock_batch(req, sizeof(req), seq, &nacks);
	if (n < 0) {
		snprintf(why, len, "the nftables batch: %s", strerror(-n));
		return n;
	}
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);
	if (fd < 0) {
		ret = -errno;
		snprintf(why, len, "netlink (netfilter): %s", strerror(errno));
		return ret;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tmo, sizeof(tmo));
	if (sendto(fd, req, (size_t)n, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) != n) {
		ret = -errno;
		snprintf(why, len, "sending the nftables batch: %s", strerror(errno));
		goto out;
	}
	/* The batch's markers take a sequence number each, but no ack. */
	ret = 0;
	while (!ret && acked < nacks) {
		ssize_t got = recv(fd, ans, sizeof(ans), 0);

		if (got < 0) {
			ret = -errno;
			snprintf(why, len, "the kernel's answer to the nftables batch: %s",
				 strerror(errno));
			goto out;
		}
		ret = tk_nft_read_acks(ans, (size_t)got, seq, nacks + 2, &acked);
	}
	if (ret)
		snprintf(why, len, "nftables refused the %s: %s",
			 on ? "lock" : "unlock", strerror(-ret));
out:
	close(fd);
	return ret;
}
