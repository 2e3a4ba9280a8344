/*
 * test_backends.c -- the chardev and pci backends without hardware.
 *
 * chardev: a regular file holding a register image stands in for
 * /dev/fpgagenN (the backend takes its size as the BAR size when the
 * ioctl answers ENOTTY).  pci: a fake sysfs tree under
 * $FPGAGEN_SYSFS_ROOT whose resource0 is such a file, found by address and
 * by vendor:device (libpci scans the fake tree).  Every access that lands
 * must show in the file; every refused one must leave it alone.
 *
 * Built and run by tests/driver/run.sh with tests/unit/unit_main.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"
#include "../../runtime/backend.h"
#include "../../driver/fpgagen_regs.h"

/* runtime/backend_pci.c */
int backend_pci_find(const char *root, unsigned vendor, unsigned device,
                     char *bdf, size_t bdflen, char *err, size_t errlen);

/* ---- fixtures ------------------------------------------------------------ */

static const uint32_t id_block[8] = {
    FPGAGEN_ID_MAGIC, 1, 0x89abcdef, 0x01234567, 64, 3, 8, 16,
};

static char *scratch(void)
{
    char *dir = strdup("/tmp/fgbackend.XXXXXX");
    if (!dir || !mkdtemp(dir)) {
        perror("mkdtemp");
        exit(2);
    }
    chmod(dir, 0755);           /* the permission tests drop to nobody */
    return dir;
}

static int rm_entry(const char *path, const struct stat *st, int flag,
                    struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void scratch_free(char *dir)
{
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(dir);
}

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "w");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        perror(path);
        exit(2);
    }
}

static void write_text(const char *dir, const char *name, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    write_file(path, text, strlen(text));
}

/* A register image of size bytes: the ID block, then 0x5a in every byte. */
static void write_image(const char *path, size_t size)
{
    unsigned char *buf = malloc(size ? size : 1);
    memset(buf, 0x5a, size);
    memcpy(buf, id_block, size < sizeof id_block ? size : sizeof id_block);
    write_file(path, buf, size);
    free(buf);
}

static uint32_t file_word(const char *path, off_t off)
{
    uint32_t v = 0;
    int fd = open(path, O_RDONLY);
    if (fd < 0 || pread(fd, &v, 4, off) != 4)
        v = 0xdeaddead;
    if (fd >= 0)
        close(fd);
    return v;
}

static int contains(const char *s, const char *part)
{
    return s && strstr(s, part) != NULL;
}

#define CHECK_CONTAINS(s, part)                                          \
    do {                                                                 \
        if (!contains((s), (part)))                                      \
            UNIT_FAIL_("\"%s\" does not contain \"%s\"", (s), (part));   \
    } while (0)

/* Opens arg expecting a refusal, whose message lands in err. */
static int refused(const BackendOps *ops, const char *arg, char *err,
                   size_t errlen)
{
    Backend *b = ops->open(arg, 4096, err, errlen);
    if (!b)
        return 1;
    ops->close(b);
    snprintf(err, errlen, "(opened)");
    return 0;
}

/*
 * Opens scheme:arg as a user without privileges (nobody) and returns the
 * error text, or "" if it opened.  As root, a child drops to nobody; else
 * the caller is already such a user.
 */
static void open_unprivileged(const BackendOps *ops, const char *arg,
                              char *err, size_t errlen)
{
    int fds[2];
    pid_t pid;

    err[0] = '\0';
    if (geteuid() != 0) {
        Backend *b = ops->open(arg, 4096, err, errlen);
        if (b)
            ops->close(b);
        return;
    }
    if (pipe(fds) != 0 || (pid = fork()) < 0) {
        snprintf(err, errlen, "fork: %s", strerror(errno));
        return;
    }
    if (pid == 0) {
        char msg[512] = "";
        close(fds[0]);
        if (setgid(65534) != 0 || setuid(65534) != 0) {
            snprintf(msg, sizeof msg, "cannot drop to nobody: %s",
                     strerror(errno));
        } else {
            Backend *b = ops->open(arg, 4096, msg, sizeof msg);
            if (b)
                snprintf(msg, sizeof msg, "opened");
        }
        if (write(fds[1], msg, strlen(msg)) < 0)
            _exit(2);
        _exit(0);
    }
    close(fds[1]);
    ssize_t n = read(fds[0], err, errlen - 1);
    err[n > 0 ? n : 0] = '\0';
    close(fds[0]);
    waitpid(pid, NULL, 0);
}

/* ---- chardev ------------------------------------------------------------- */

TEST(chardev_register_image)
{
    char *dir = scratch(), path[256], err[512] = "";
    snprintf(path, sizeof path, "%s/fpgagen0", dir);
    write_image(path, 4096);

    Backend *b = backend_chardev_ops.open(path, 4096, err, sizeof err);
    CHECK(b != NULL);
    if (!b) {
        UNIT_FAIL_("open: %s", err);
        scratch_free(dir);
        return;
    }
    CHECK(b->ops == &backend_chardev_ops);
    CHECK_INT_EQ(b->map_bytes, 4096);
    for (uint32_t i = 0; i < 8; i++) {
        uint32_t v = 0;
        CHECK_INT_EQ(backend_chardev_ops.read(b, 4 * i, &v), BK_OK);
        CHECK_INT_EQ(v, id_block[i]);
    }
    uint32_t v = 0;
    CHECK_INT_EQ(backend_chardev_ops.write(b, 0x100, 0xdeadbeef), BK_OK);
    CHECK_INT_EQ(backend_chardev_ops.write(b, 4092, 0x01020304), BK_OK);
    CHECK_INT_EQ(backend_chardev_ops.read(b, 0x100, &v), BK_OK);
    CHECK_INT_EQ(v, 0xdeadbeef);
    CHECK_INT_EQ(backend_chardev_ops.read(b, 0x104, &v), BK_OK);
    CHECK_INT_EQ(v, 0x5a5a5a5a);
    CHECK_INT_EQ(file_word(path, 0x100), 0xdeadbeef);
    CHECK_INT_EQ(file_word(path, 4092), 0x01020304);
    backend_chardev_ops.close(b);
    scratch_free(dir);
}

/* limit = min(BAR size, map_bytes), whichever is smaller */
TEST(chardev_bounds)
{
    char *dir = scratch(), big[256], small[256], err[512] = "";
    uint32_t v = 0;
    snprintf(big, sizeof big, "%s/big", dir);
    snprintf(small, sizeof small, "%s/small", dir);
    write_image(big, 4096);
    write_image(small, 64);

    Backend *b = backend_chardev_ops.open(big, 256, err, sizeof err);
    CHECK(b != NULL);
    if (b) {
        CHECK_INT_EQ(backend_chardev_ops.read(b, 252, &v), BK_OK);
        CHECK_INT_EQ(backend_chardev_ops.read(b, 256, &v), BK_RANGE);
        CHECK_INT_EQ(backend_chardev_ops.write(b, 256, 1), BK_RANGE);
        CHECK_INT_EQ(backend_chardev_ops.read(b, 2, &v), BK_RANGE);
        CHECK_INT_EQ(backend_chardev_ops.write(b, 6, 1), BK_RANGE);
        CHECK_INT_EQ(backend_chardev_ops.read(b, 0xfffffffc, &v), BK_RANGE);
        CHECK_INT_EQ(backend_chardev_ops.read(b, 0xffffffff, &v), BK_RANGE);
        CHECK_INT_EQ(file_word(big, 256), 0x5a5a5a5a);  /* untouched */
        backend_chardev_ops.close(b);
    }
    b = backend_chardev_ops.open(small, 4096, err, sizeof err);
    CHECK(b != NULL);
    if (b) {
        CHECK_INT_EQ(backend_chardev_ops.write(b, 60, 7), BK_OK);
        CHECK_INT_EQ(backend_chardev_ops.read(b, 64, &v), BK_RANGE);
        CHECK_INT_EQ(backend_chardev_ops.write(b, 64, 7), BK_RANGE);
        backend_chardev_ops.close(b);
    }
    struct stat st;
    CHECK(stat(small, &st) == 0 && st.st_size == 64);   /* did not grow */
    CHECK_INT_EQ(file_word(small, 60), 7);
    scratch_free(dir);
}

TEST(chardev_open_errors)
{
    char *dir = scratch(), path[256], err[512];

    snprintf(path, sizeof path, "%s/absent", dir);
    CHECK(refused(&backend_chardev_ops, path, err, sizeof err));
    CHECK_CONTAINS(err, "no such device file");
    CHECK_CONTAINS(err, path);

    CHECK(refused(&backend_chardev_ops, "", err, sizeof err));
    CHECK_CONTAINS(err, "expected a device file");

    CHECK(refused(&backend_chardev_ops, dir, err, sizeof err));
    CHECK_CONTAINS(err, "is a directory");

    /* a device that does not know the ioctl */
    static const char *foreign[] = {"/dev/zero", "/dev/null", "/dev/full"};
    const char *dev = NULL;
    for (size_t i = 0; !dev && i < sizeof foreign / sizeof foreign[0]; i++)
        if (access(foreign[i], R_OK | W_OK) == 0)
            dev = foreign[i];
    if (dev) {
        char want[64];
        snprintf(want, sizeof want, "%s: not an fpgagen device", dev);
        CHECK(refused(&backend_chardev_ops, dev, err, sizeof err));
        CHECK_CONTAINS(err, want);
    } else {
        UNIT_FAIL_("none of /dev/zero, /dev/null, /dev/full is open to "
                   "read and write here");
    }

    snprintf(path, sizeof path, "%s/tiny", dir);
    write_image(path, 16);
    CHECK(refused(&backend_chardev_ops, path, err, sizeof err));
    CHECK_CONTAINS(err, "BAR too small: 16 bytes");

    snprintf(path, sizeof path, "%s/locked", dir);
    write_image(path, 4096);
    chmod(path, 0600);
    if (geteuid() != 0)
        chmod(path, 0);
    open_unprivileged(&backend_chardev_ops, path, err, sizeof err);
    CHECK_CONTAINS(err, "permission denied");
    scratch_free(dir);
}

/* the transport failing under an open backend is BK_IO */
TEST(chardev_short_read)
{
    char *dir = scratch(), path[256], err[512] = "";
    uint32_t v;
    snprintf(path, sizeof path, "%s/fpgagen0", dir);
    write_image(path, 4096);
    Backend *b = backend_chardev_ops.open(path, 4096, err, sizeof err);
    CHECK(b != NULL);
    if (b) {
        CHECK(truncate(path, 0) == 0);
        CHECK_INT_EQ(backend_chardev_ops.read(b, 0, &v), BK_IO);
        backend_chardev_ops.close(b);
    }
    scratch_free(dir);
}

/* ---- pci: a fake sysfs tree ---------------------------------------------- */

/* ROOT/bus/pci/devices/BDF with vendor, device, resource, enable and a
 * resource0 image of size bytes (none when size is 0). */
static void fake_function(const char *root, const char *bdf,
                          const char *vendor, const char *device, size_t size)
{
    char path[512];
    snprintf(path, sizeof path, "%s/bus", root);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/bus/pci", root);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/bus/pci/devices", root);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/bus/pci/devices/%s", root, bdf);
    mkdir(path, 0755);
    write_text(path, "vendor", vendor);
    write_text(path, "device", device);
    write_text(path, "enable", "1\n");
    write_text(path, "resource",
               "0x00000000f0000000 0x00000000f0000fff 0x0000000000040200\n"
               "0x0000000000000000 0x0000000000000000 0x0000000000000000\n");
    if (size) {
        char res[600];
        snprintf(res, sizeof res, "%s/resource0", path);
        write_image(res, size);
    }
}

static void fake_path(char *out, size_t len, const char *root,
                      const char *bdf, const char *name)
{
    snprintf(out, len, "%s/bus/pci/devices/%s/%s", root, bdf, name);
}

TEST(pci_sysfs_register_image)
{
    char *root = scratch(), res[512], err[512] = "";
    fake_function(root, "0000:03:00.0", "0x10ee\n", "0x7038\n", 4096);
    fake_path(res, sizeof res, root, "0000:03:00.0", "resource0");
    setenv("FPGAGEN_SYSFS_ROOT", root, 1);

    Backend *b = backend_pci_ops.open("0000:03:00.0", 65536, err, sizeof err);
    CHECK(b != NULL);
    if (b) {
        uint32_t v = 0;
        CHECK(b->ops == &backend_pci_ops);
        for (uint32_t i = 0; i < 8; i++) {
            CHECK_INT_EQ(backend_pci_ops.read(b, 4 * i, &v), BK_OK);
            CHECK_INT_EQ(v, id_block[i]);
        }
        CHECK_INT_EQ(backend_pci_ops.write(b, 0x200, 0xcafef00d), BK_OK);
        CHECK_INT_EQ(backend_pci_ops.read(b, 0x200, &v), BK_OK);
        CHECK_INT_EQ(v, 0xcafef00d);
        backend_pci_ops.close(b);
        CHECK_INT_EQ(file_word(res, 0x200), 0xcafef00d);
    } else {
        UNIT_FAIL_("open: %s", err);
    }

    /* the domain may be left out, hex may be upper case */
    b = backend_pci_ops.open("03:00.0", 4096, err, sizeof err);
    CHECK(b != NULL);
    if (b)
        backend_pci_ops.close(b);
    b = backend_pci_ops.open("0:3:0.0", 4096, err, sizeof err);
    CHECK(b != NULL);
    if (b)
        backend_pci_ops.close(b);
    unsetenv("FPGAGEN_SYSFS_ROOT");
    scratch_free(root);
}

TEST(pci_bounds)
{
    char *root = scratch(), res[512], err[512] = "";
    uint32_t v = 0;
    fake_function(root, "0000:03:00.0", "0x10ee\n", "0x7038\n", 4096);
    fake_function(root, "0000:04:00.0", "0x10ee\n", "0x7028\n", 64);
    setenv("FPGAGEN_SYSFS_ROOT", root, 1);

    Backend *b = backend_pci_ops.open("0000:03:00.0", 256, err, sizeof err);
    CHECK(b != NULL);
    if (b) {
        CHECK_INT_EQ(backend_pci_ops.read(b, 252, &v), BK_OK);
        CHECK_INT_EQ(backend_pci_ops.read(b, 256, &v), BK_RANGE);
        CHECK_INT_EQ(backend_pci_ops.write(b, 256, 1), BK_RANGE);
        CHECK_INT_EQ(backend_pci_ops.read(b, 1, &v), BK_RANGE);
        CHECK_INT_EQ(backend_pci_ops.write(b, 3, 1), BK_RANGE);
        CHECK_INT_EQ(backend_pci_ops.read(b, 0xfffffffc, &v), BK_RANGE);
        backend_pci_ops.close(b);
    }
    fake_path(res, sizeof res, root, "0000:03:00.0", "resource0");
    CHECK_INT_EQ(file_word(res, 256), 0x5a5a5a5a);

    /* a BAR smaller than the map bounds the accesses */
    b = backend_pci_ops.open("0000:04:00.0", 4096, err, sizeof err);
    CHECK(b != NULL);
    if (b) {
        CHECK_INT_EQ(backend_pci_ops.write(b, 60, 9), BK_OK);
        CHECK_INT_EQ(backend_pci_ops.read(b, 64, &v), BK_RANGE);
        CHECK_INT_EQ(backend_pci_ops.write(b, 64, 9), BK_RANGE);
        backend_pci_ops.close(b);
    }
    fake_path(res, sizeof res, root, "0000:04:00.0", "resource0");
    CHECK_INT_EQ(file_word(res, 60), 9);
    unsetenv("FPGAGEN_SYSFS_ROOT");
    scratch_free(root);
}

TEST(pci_vendor_device)
{
    char *root = scratch(), res[512], err[512] = "";
    fake_function(root, "0000:03:00.0", "0x10ee\n", "0x7038\n", 4096);
    fake_function(root, "0000:05:00.0", "0x10ee\n", "0x7028\n", 4096);
    fake_function(root, "0000:00:00.0", "0x8086\n", "0x0d57\n", 0);
    setenv("FPGAGEN_SYSFS_ROOT", root, 1);

    Backend *b = backend_pci_ops.open("10ee:7028", 4096, err, sizeof err);
    CHECK(b != NULL);
    if (b) {
        CHECK_INT_EQ(backend_pci_ops.write(b, 0x40, 0x7028), BK_OK);
        backend_pci_ops.close(b);
    } else {
        UNIT_FAIL_("open: %s", err);
    }
    fake_path(res, sizeof res, root, "0000:05:00.0", "resource0");
    CHECK_INT_EQ(file_word(res, 0x40), 0x7028);
    fake_path(res, sizeof res, root, "0000:03:00.0", "resource0");
    CHECK_INT_EQ(file_word(res, 0x40), 0x5a5a5a5a);

    char bdf[32] = "";
    CHECK_INT_EQ(backend_pci_find(root, 0x10ee, 0x7038, bdf, sizeof bdf, err,
                                  sizeof err), 0);
    CHECK_STR_EQ(bdf, "0000:03:00.0");

    CHECK(refused(&backend_pci_ops, "10ee:9999", err, sizeof err));
    CHECK_CONTAINS(err, "no such device: no PCI function is 10ee:9999");

    fake_function(root, "0001:81:00.1", "0x10ee\n", "0x7038\n", 4096);
    CHECK(refused(&backend_pci_ops, "10EE:7038", err, sizeof err));
    CHECK_CONTAINS(err, "several devices match 10ee:7038");
    CHECK_CONTAINS(err, "0000:03:00.0");
    CHECK_CONTAINS(err, "0001:81:00.1");
    unsetenv("FPGAGEN_SYSFS_ROOT");
    scratch_free(root);
}

TEST(pci_open_errors)
{
    char *root = scratch(), path[512], err[512];
    fake_function(root, "0000:03:00.0", "0x10ee\n", "0x7038\n", 4096);
    setenv("FPGAGEN_SYSFS_ROOT", root, 1);

    static const char *bad_args[] = {
        "", "xyz", "0000:03:00.8", "0000:03:20.0", "0000:03:00", "03.00.0",
        "100:00.0", "0000:03:00.0x", "10ee", "10ee:7038,10ee:7028",
    };
    for (size_t i = 0; i < sizeof bad_args / sizeof bad_args[0]; i++) {
        CHECK(refused(&backend_pci_ops, bad_args[i], err, sizeof err));
        CHECK_CONTAINS(err, "expected a PCI address");
    }

    CHECK(refused(&backend_pci_ops, "0000:09:00.0", err, sizeof err));
    CHECK_CONTAINS(err, "no such device: no PCI function 0000:09:00.0");

    fake_function(root, "0000:06:00.0", "0x10ee\n", "0x7038\n", 16);
    CHECK(refused(&backend_pci_ops, "0000:06:00.0", err, sizeof err));
    CHECK_CONTAINS(err, "BAR too small: BAR0 of 0000:06:00.0 is 16 bytes");

    fake_function(root, "0000:07:00.0", "0x10ee\n", "0x7038\n", 0);
    CHECK(refused(&backend_pci_ops, "0000:07:00.0", err, sizeof err));
    CHECK_CONTAINS(err, "0000:07:00.0 has no BAR0");

    fake_function(root, "0000:08:00.0", "0x10ee\n", "0x7038\n", 4096);
    fake_path(path, sizeof path, root, "0000:08:00.0", "");
    write_text(path, "enable", "0\n");
    CHECK(refused(&backend_pci_ops, "0000:08:00.0", err, sizeof err));
    CHECK_CONTAINS(err, "0000:08:00.0 is disabled");
    CHECK_CONTAINS(err, "echo 1 >");

    fake_function(root, "0000:0a:00.0", "0x10ee\n", "0x7038\n", 4096);
    fake_path(path, sizeof path, root, "0000:0a:00.0", "");
    write_text(path, "resource",
               "0x000000000000e000 0x000000000000e0ff 0x0000000000040101\n");
    CHECK(refused(&backend_pci_ops, "0000:0a:00.0", err, sizeof err));
    CHECK_CONTAINS(err, "BAR0 of 0000:0a:00.0 is an I/O-port BAR");

    fake_path(path, sizeof path, root, "0000:03:00.0", "resource0");
    chmod(path, 0600);
    if (geteuid() != 0)
        chmod(path, 0);
    open_unprivileged(&backend_pci_ops, "0000:03:00.0", err, sizeof err);
    CHECK_CONTAINS(err, "no permission to open");
    CHECK_CONTAINS(err, "resource0");

    /* vendor:device with no bus at all */
    char *empty = scratch();
    setenv("FPGAGEN_SYSFS_ROOT", empty, 1);
    CHECK(refused(&backend_pci_ops, "10ee:7038", err, sizeof err));
    CHECK_CONTAINS(err, "no PCI bus visible");
    unsetenv("FPGAGEN_SYSFS_ROOT");
    scratch_free(empty);
    scratch_free(root);
}

/*
 * libpci gives up on an entry it cannot read; the lookup reports it.
 * Run in a child that leaves with _exit: libpci leaks what it was holding
 * when it gave up (runtime/backend_pci.c).
 */
TEST(pci_scan_error)
{
    char *root = scratch(), path[512], err[512] = "";
    int fds[2];
    pid_t pid;
    fake_function(root, "0000:03:00.0", "0x10ee\n", "0x7038\n", 4096);
    snprintf(path, sizeof path, "%s/bus/pci/devices/0000:04:00.0", root);
    mkdir(path, 0755);          /* no vendor, no device */

    if (pipe(fds) != 0 || (pid = fork()) < 0) {
        UNIT_FAIL_("fork: %s", strerror(errno));
        scratch_free(root);
        return;
    }
    if (pid == 0) {
        char bdf[32], msg[512] = "found";
        close(fds[0]);
        backend_pci_find(root, 0x10ee, 0x7038, bdf, sizeof bdf, msg,
                         sizeof msg);
        if (write(fds[1], msg, strlen(msg)) < 0)
            _exit(2);
        _exit(0);
    }
    close(fds[1]);
    ssize_t n = read(fds[0], err, sizeof err - 1);
    err[n > 0 ? n : 0] = '\0';
    close(fds[0]);
    waitpid(pid, NULL, 0);
    CHECK_CONTAINS(err, "cannot scan the PCI bus");
    CHECK_CONTAINS(err, "0000:04:00.0/vendor");
    scratch_free(root);
}
