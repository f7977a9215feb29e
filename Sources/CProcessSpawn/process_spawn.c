#define _GNU_SOURCE
#include <spawn.h>
#include <fcntl.h>
#include <unistd.h>
#include "process_spawn.h"

int odroid_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path) {
    return posix_spawn_file_actions_addchdir_np(actions, path);
}

int odroid_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
}
