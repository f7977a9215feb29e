// Block-device ioctls (linux/fs.h) behind plain functions: Swift cannot call the variadic ioctl.
#ifndef ODROID_BLOCK_DEVICE_H
#define ODROID_BLOCK_DEVICE_H
#include <stdint.h>

/// BLKGETSIZE64: device size in bytes. Returns 0 or -errno.
int odroid_blk_size(int fd, uint64_t *size);
/// BLKDISCARD over [offset, offset+length): the device may forget the range. Returns 0 or -errno.
int odroid_blk_discard(int fd, uint64_t offset, uint64_t length);
/// BLKSECDISCARD: discard and erase securely. Returns 0 or -errno (-EOPNOTSUPP where unsupported).
int odroid_blk_secdiscard(int fd, uint64_t offset, uint64_t length);
/// BLKZEROOUT: the kernel writes zeroes over the range. Returns 0 or -errno.
int odroid_blk_zeroout(int fd, uint64_t offset, uint64_t length);
/// BLKFLSBUF: drop the buffer cache of the device so a read-back reads the medium. Returns 0 or -errno.
int odroid_blk_flush_buffers(int fd);
/// major(dev) and minor(dev) (macros in sys/sysmacros.h).
unsigned int odroid_dev_major(uint64_t dev);
unsigned int odroid_dev_minor(uint64_t dev);
/// LOOP_GET_STATUS64: st_dev and st_ino of the file a loop device reads (by number, not by its name, which
/// may be stale or replaced). Returns 0 or -errno (-ENXIO when nothing is attached).
int odroid_loop_backing(int fd, uint64_t *device, uint64_t *inode);
/// makedev(major, minor).
uint64_t odroid_makedev(unsigned int major_number, unsigned int minor_number);
/// O_DIRECT, which Swift's Glibc module does not export without _GNU_SOURCE.
int odroid_o_direct(void);

#endif
