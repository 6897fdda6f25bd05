#ifndef C_BYTE_SEARCH_H
#define C_BYTE_SEARCH_H
#include <stddef.h>

/// glibc's memmem (a GNU extension the Swift Glibc module does not export): it is vectorized and
/// several times faster than a hand-written loop on the free-text search path.
const void *byte_search(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);

#endif
