#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/sysmacros.h>
#include "block_device.h"

int odroid_blk_size(int fd, uint64_t *size) {
    return ioctl(fd, BLKGETSIZE64, size) == 0 ? 0 : -errno;
}

static int range_ioctl(int fd, unsigned long request, uint64_t offset, uint64_t length) {
    uint64_t range[2] = { offset, length };
    return ioctl(fd, request, range) == 0 ? 0 : -errno;
}

int odroid_blk_discard(int fd, uint64_t offset, uint64_t length) { return range_ioctl(fd, BLKDISCARD, offset, length); }
int odroid_blk_secdiscard(int fd, uint64_t offset, uint64_t length) { return range_ioctl(fd, BLKSECDISCARD, offset, length); }
int odroid_blk_zeroout(int fd, uint64_t offset, uint64_t length) { return range_ioctl(fd, BLKZEROOUT, offset, length); }
int odroid_blk_flush_buffers(int fd) { return ioctl(fd, BLKFLSBUF, 0) == 0 ? 0 : -errno; }
int odroid_o_direct(void) { return O_DIRECT; }
unsigned int odroid_dev_major(uint64_t dev) { return major(dev); }
unsigned int odroid_dev_minor(uint64_t dev) { return minor(dev); }

#include <linux/loop.h>
int odroid_loop_backing(int fd, uint64_t *device, uint64_t *inode) {
    struct loop_info64 info;
    if (ioctl(fd, LOOP_GET_STATUS64, &info) != 0) return -errno;
    *device = info.lo_device;
    *inode = info.lo_inode;
    return 0;
}
uint64_t odroid_makedev(unsigned int major_number, unsigned int minor_number) { return makedev(major_number, minor_number); }
