#define _GNU_SOURCE
#include "CThreadPriority.h"
#if defined(__linux__)
#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

void lower_thread_priority(int steps) {
#if defined(__linux__)
    id_t thread = (id_t)syscall(SYS_gettid);
    errno = 0;
    int current = getpriority(PRIO_PROCESS, thread);
    if (errno != 0) return;
    int lowered = current + steps > 19 ? 19 : current + steps;
    (void)setpriority(PRIO_PROCESS, thread, lowered);
#else
    (void)steps;
#endif
}

int current_thread_nice(void) {
#if defined(__linux__)
    return getpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid));
#else
    return 0;
#endif
}
