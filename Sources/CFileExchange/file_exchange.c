#define _GNU_SOURCE
#include "file_exchange.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int briefsite_exchange_paths(const char *first, const char *second) {
#if defined(__linux__) && defined(RENAME_EXCHANGE)
    return renameat2(AT_FDCWD, first, AT_FDCWD, second, RENAME_EXCHANGE);
#else
    (void)first;
    (void)second;
    errno = ENOSYS;
    return -1;
#endif
}

int briefsite_copy_range(int from, long long offset, int to, long long count) {
    off_t position = (off_t)offset;
#if defined(__linux__)
    while (count > 0) {
        ssize_t copied = copy_file_range(from, &position, to, NULL, (size_t)count, 0);
        if (copied < 0) {
            if (errno == EINTR) continue;
            if (errno == ENOSYS || errno == EXDEV || errno == EINVAL || errno == EOPNOTSUPP) break;
            return -1;
        }
        if (copied == 0) { errno = EIO; return -1; }
        count -= copied;
    }
#endif
    char buffer[1 << 16];
    while (count > 0) {
        size_t wanted = count < (long long)sizeof buffer ? (size_t)count : sizeof buffer;
        ssize_t got = pread(from, buffer, wanted, position);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) { if (got == 0) errno = EIO; return -1; }
        ssize_t done = 0;
        while (done < got) {
            ssize_t put = write(to, buffer + done, (size_t)(got - done));
            if (put < 0) { if (errno == EINTR) continue; return -1; }
            done += put;
        }
        position += got;
        count -= got;
    }
    return 0;
}
