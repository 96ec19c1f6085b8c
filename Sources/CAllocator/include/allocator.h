#ifndef BRIEFSITE_ALLOCATOR_H
#define BRIEFSITE_ALLOCATOR_H

#include <stddef.h>
#include <sys/types.h>

/// The allocator's version, or NULL when malloc is not jemalloc's.
const char *briefsite_allocator_version(void);

/// How long freed pages are kept before they go back to the system, in milliseconds, as jemalloc took them
/// from `malloc_conf`. Returns 0 on success, else -1.
int briefsite_allocator_decay(ssize_t *dirty, ssize_t *muzzy);

#endif
