// briefsite allocates through jemalloc rather than glibc's malloc: a build makes and frees millions of small
// strings and arrays on every core, and glibc's arenas grow slower per page and larger as the site grows
// (100,000 briefs: 0.86x the time and 0.86x the peak memory with jemalloc, Benchmarks/README.md).
#include "allocator.h"
#include <jemalloc/jemalloc.h>
#include <stdint.h>

// Read by jemalloc when it starts. Freed pages go back to the system within a quarter of a second and are not
// kept as "muzzy" pages: a build's stages each free what the one before made, and that memory otherwise stayed
// in the process until the end (10,000 briefs: peak 166 MB -> 159 MB, same time, with 1,000 ms; 100,000
// briefs: 250 ms instead of 1,000 took the peak from 1,020 to 1,013 MiB at the same speed).
const char *malloc_conf = "dirty_decay_ms:250,muzzy_decay_ms:0";

const char *briefsite_allocator_version(void) {
    const char *version = NULL;
    size_t size = sizeof(version);
    if (mallctl("version", &version, &size, NULL, 0) != 0) return NULL;
    return version;
}

int briefsite_allocator_decay(ssize_t *dirty, ssize_t *muzzy) {
    size_t size = sizeof(ssize_t);
    if (mallctl("opt.dirty_decay_ms", dirty, &size, NULL, 0) != 0) return -1;
    size = sizeof(ssize_t);
    if (mallctl("opt.muzzy_decay_ms", muzzy, &size, NULL, 0) != 0) return -1;
    return 0;
}
