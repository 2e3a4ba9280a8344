/*
 * backend_chardev.c -- chardev:/dev/fpgagenN, the register bus through the
 * Linux driver in driver/ (docs/driver.md).
 *
 * Opens the device file, learns the size of BAR0 from FPGAGEN_IOC_INFO and
 * moves one register per access with a pread/pwrite of 4 bytes at its
 * offset (host byte order, as the driver's ioread32/iowrite32 give it).
 * An address that is unaligned or not below min(BAR size, map_bytes) is
 * refused with BK_RANGE before it reaches the driver.
 *
 * A regular file may stand in for the device: it does not know the ioctl
 * (ENOTTY), and then its size is taken as the BAR size, which is what a
 * file holding a register image honestly offers.  The tests use this; a
 * device file that does not know the ioctl is refused.
 */
#include "backend.h"
#include "../driver/fpgagen_ioctl.h"
#include "../driver/fpgagen_regs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct ChardevBackend {
    Backend base;
    int fd;
    uint64_t limit;             /* min(BAR size, map_bytes) */
} ChardevBackend;

/* Why open(2) failed, in the words a user can act on. */
static const char *open_hint(int e)
{
    switch (e) {
    case ENOENT:
        return "no such device file (is fpgagen.ko loaded and a board bound? "
               "see docs/driver.md)";
    case EACCES:
    case EPERM:
        return "permission denied (run as root, or install the udev rule in "
               "docs/driver.md)";
    case ENODEV:
    case ENXIO:
        return "no device behind this file (board removed or driver unbound)";
    case EISDIR:
        return "is a directory, not a device file such as /dev/fpgagen0";
    case EBUSY:
        return "device busy";
    default:
        return strerror(e);
    }
}

static Backend *chardev_open(const char *arg, uint64_t map_bytes, char *err,
                             size_t errlen)
{
    struct fpgagen_info info;
    ChardevBackend *c;
    struct stat st;
    uint64_t bar_size;
    int fd;

    if (!arg || !arg[0]) {
        snprintf(err, errlen, "chardev: expected a device file, "
                 "e.g. chardev:/dev/fpgagen0");
        return NULL;
    }
    fd = open(arg, O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "chardev: %s: %s", arg, open_hint(errno));
        return NULL;
    }
    if (fstat(fd, &st) != 0) {
        snprintf(err, errlen, "chardev: %s: %s", arg, strerror(errno));
        goto fail;
    }
    memset(&info, 0, sizeof info);
    if (ioctl(fd, FPGAGEN_IOC_INFO, &info) == 0) {
        bar_size = info.bar_size;
    } else if (errno == ENOTTY && S_ISREG(st.st_mode)) {
        bar_size = (uint64_t)st.st_size;        /* a register image */
    } else if (errno == ENOTTY || errno == EINVAL) {
        snprintf(err, errlen, "chardev: %s: not an fpgagen device (it does "
                 "not answer FPGAGEN_IOC_INFO)", arg);
        goto fail;
    } else {
        snprintf(err, errlen, "chardev: %s: FPGAGEN_IOC_INFO: %s", arg,
                 errno == ENODEV ? open_hint(ENODEV) : strerror(errno));
        goto fail;
    }
    if (bar_size < FPGAGEN_ID_BYTES) {
        snprintf(err, errlen, "chardev: %s: BAR too small: %llu bytes, the "
                 "ID block alone needs %d", arg, (unsigned long long)bar_size,
                 FPGAGEN_ID_BYTES);
        goto fail;
    }

    c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errlen, "chardev: out of memory");
        goto fail;
    }
    c->base.ops = &backend_chardev_ops;
    c->base.map_bytes = map_bytes;
    c->fd = fd;
    c->limit = bar_size < map_bytes ? bar_size : map_bytes;
    return &c->base;

fail:
    close(fd);
    return NULL;
}

static BackendStatus io_status(ssize_t n)
{
    if (n == FPGAGEN_REG_BYTES)
        return BK_OK;
    if (n < 0 && errno == EINVAL)
        return BK_RANGE;        /* the driver refused the offset */
    return BK_IO;               /* EIO, ENODEV (board gone), short transfer */
}

static BackendStatus chardev_read(Backend *b, uint32_t addr, uint32_t *val)
{
    ChardevBackend *c = (ChardevBackend *)b;
    ssize_t n;

    if (fpgagen_check_access(c->limit, addr, FPGAGEN_REG_BYTES))
        return BK_RANGE;
    do
        n = pread(c->fd, val, FPGAGEN_REG_BYTES, (off_t)addr);
    while (n < 0 && errno == EINTR);
    return io_status(n);
}

static BackendStatus chardev_write(Backend *b, uint32_t addr, uint32_t val)
{
    ChardevBackend *c = (ChardevBackend *)b;
    ssize_t n;

    if (fpgagen_check_access(c->limit, addr, FPGAGEN_REG_BYTES))
        return BK_RANGE;
    do
        n = pwrite(c->fd, &val, FPGAGEN_REG_BYTES, (off_t)addr);
    while (n < 0 && errno == EINTR);
    return io_status(n);
}

static void chardev_close(Backend *b)
{
    ChardevBackend *c = (ChardevBackend *)b;

    if (!c)
        return;
    close(c->fd);
    free(c);
}

const BackendOps backend_chardev_ops = {
    .scheme = "chardev",
    .open = chardev_open,
    .read = chardev_read,
    .write = chardev_write,
    .close = chardev_close,
};
