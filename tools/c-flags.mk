# Compiler flags shared by the host tools' Makefiles (tkctl, tkcon): C11,
# every warning an error, and the sanitizers their unit tests run under.
CC       ?= cc
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2
CFLAGS   ?= -O2 -g
TK_FLAGS := -std=c11 -D_GNU_SOURCE $(WARN)
SAN      := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# The unit tests link cmocka.
CMOCKA_CHECK = @test -f /usr/include/cmocka.h || \
  { echo "$(notdir $(CURDIR)): missing libcmocka-dev; run 'make deps' as root" >&2; exit 1; }
