/* SPDX-License-Identifier: GPL-2.0 */
/* Clock readings for the phases tkctl times and the clocks it hands over. */
#ifndef TKCTL_CLOCK_H
#define TKCTL_CLOCK_H

#include <stdint.h>
#include <time.h>

/* CLOCK_MONOTONIC in milliseconds: phase times and deadlines. */
double tk_now_ms(void);

/* Clock ID in nanoseconds: the clocks B's restore sets the services to. */
int64_t tk_clock_ns(clockid_t id);

#endif
