// Glibc spawn extras that Swift's Glibc module does not import (they need _GNU_SOURCE).
#ifndef ODROID_PROCESS_SPAWN_H
#define ODROID_PROCESS_SPAWN_H
#include <spawn.h>

/// posix_spawn_file_actions_addchdir_np: the child changes directory before exec.
int odroid_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path);

/// pipe2(fds, O_CLOEXEC): a pipe whose ends are not inherited by children unless dup2'ed.
int odroid_pipe_cloexec(int fds[2]);

#endif
