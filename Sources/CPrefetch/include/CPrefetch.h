#ifndef C_PREFETCH_H
#define C_PREFETCH_H

/// Asks the CPU to start loading the cache line at `address` (GCC/Clang's __builtin_prefetch,
/// which Swift cannot call): the load's hash tables are probed at random places in tens of
/// megabytes, and issuing the next rows' probes early hides most of each cache miss.
static inline void prefetch_for_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

/// The same for a line that will only be read (clustering's comparisons reach each text's
/// tokens and sketch at random places).
static inline void prefetch_for_read(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
