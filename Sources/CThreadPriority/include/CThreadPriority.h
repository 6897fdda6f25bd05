#ifndef C_THREAD_PRIORITY_H
#define C_THREAD_PRIORITY_H

/// Raises the calling thread's nice value by `steps` (at most to 19): on Linux a thread id names
/// one thread for setpriority, and gettid is not in Swift's Glibc module. A no-op elsewhere or
/// when refused. Only for threads that end with their work: an unprivileged process cannot
/// lower the value again.
void lower_thread_priority(int steps);

/// The calling thread's nice value (0 where threads have none of their own).
int current_thread_nice(void);

#endif
