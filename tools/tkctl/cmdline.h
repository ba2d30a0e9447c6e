/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel B's command line as B's kernel will read it: tkctl adds
 * "twin_kernel" unless B would already see that parameter. */
#ifndef TK_CMDLINE_H
#define TK_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Would a kernel booted with @cmdline get the parameter @name, alone or as
 * name=value? Split as the kernel's parse_args() splits it: parameters
 * are separated by white space outside double quotes, a quote at the
 * start of a parameter and at its end is not part of it, "-" and "_" in
 * a name are the same, and a bare "--" ends the kernel's parameters
 * (what follows is init's).
 */
bool tk_cmdline_has_param(const char *cmdline, const char *name);

/*
 * B's command line in @out (@len bytes): @user with "twin_kernel " put in
 * front, unless B would already see twin_kernel. In front, it is B's
 * even after a "--" or an unclosed quote in @user. 0 or -ENOSPC.
 */
int tk_cmdline_for_twin(const char *user, char *out, size_t len);

#endif
