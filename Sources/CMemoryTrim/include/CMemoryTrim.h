#ifndef C_MEMORY_TRIM_H
#define C_MEMORY_TRIM_H

/// Returns memory freed by any thread to the system (glibc's malloc_trim, which Swift's Glibc
/// module does not export); a no-op elsewhere.
void release_free_memory(void);

#endif
