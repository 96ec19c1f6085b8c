#ifndef BRIEFSITE_FILE_EXCHANGE_H
#define BRIEFSITE_FILE_EXCHANGE_H

/// Swaps two paths in one step (Linux renameat2 with RENAME_EXCHANGE), so a
/// reader sees either the old folder or the new one, never neither.
/// Returns 0 on success, else -1 with errno set (ENOSYS/EINVAL where the
/// system or file system cannot do it).
int briefsite_exchange_paths(const char *first, const char *second);

/// Copies `count` bytes from `from` at `offset` to the end of what was
/// written to `to`, in the kernel where it can (copy_file_range), else
/// through a buffer. Returns 0 on success, else -1 with errno set.
int briefsite_copy_range(int from, long long offset, int to, long long count);

#endif
