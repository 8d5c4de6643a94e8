#ifndef VC_FDIO_H
#define VC_FDIO_H
/* Writing to file descriptors. */
#include <stddef.h>

/*
 * Write all `len` bytes of `data` to `fd`, retrying after EINTR and short
 * writes. Returns 0, or -1 with errno set (ENOSPC, EIO...; a write that
 * returns 0 leaves errno as the system left it). Allocates nothing, so the
 * sandbox's child may use it.
 */
int vc_write_all(int fd, const void *data, size_t len);

#endif
