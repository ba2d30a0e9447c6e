# shellcheck shell=bash disable=SC2154
# Shared by the image scripts: error messages, the root check and the tool
# check. Each script sets $prog and calls need_root and need_tools first.

die() { echo "$prog: $*" >&2; exit 1; }

need_root() {
	[ "$(id -u)" = 0 ] || die "must run as root ($1)"
}

# need_tools TOOL:PACKAGE...: every TOOL is on PATH (sbin included), or die
# naming the Debian packages to install.
need_tools() {
	local t missing=()
	PATH=$PATH:/usr/sbin:/sbin
	for t in "$@"; do
		command -v "${t%%:*}" >/dev/null || missing+=("${t%%:*} (package ${t#*:})")
	done
	[ ${#missing[@]} -eq 0 ] || die "missing ${missing[*]}; run 'make deps' as root"
}
