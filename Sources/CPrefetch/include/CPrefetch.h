#ifndef C_PREFETCH_H
#define C_PREFETCH_H

/// Asks the CPU to start loading the cache line at `address` (GCC/Clang's __builtin_prefetch,
/// which Swift cannot call): the load's hash tables are probed at random places in tens of
/// megabytes, and issuing the next rows' probes early hides most of each cache miss.
static inline void prefetch_for_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif
