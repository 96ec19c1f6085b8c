#ifndef BRIEFSITE_ALLOCATOR_H
#define BRIEFSITE_ALLOCATOR_H

#include <stddef.h>
#include <sys/types.h>

/// The allocator's version, or NULL when malloc is not jemalloc's.
const char *briefsite_allocator_version(void);

/// Bytes the allocator holds for the program now (jemalloc's stats.allocated), or 0 when unknown.
size_t briefsite_allocated_bytes(void);

/// How long freed pages are kept before they go back to the system, in milliseconds, as jemalloc took them
/// from `malloc_conf`. Returns 0 on success, else -1.
int briefsite_allocator_decay(ssize_t *dirty, ssize_t *muzzy);

#endif
