/*
 * backend_pci.c -- pci:BDF | pci:VVVV:DDDD, BAR0 of a PCI function mapped
 * into the runtime through sysfs; no driver of ours needed
 * (docs/driver.md).
 *
 *   pci:0000:03:00.0   the function at that address (domain optional:
 *                      pci:03:00.0)
 *   pci:10ee:7038      the one function with that vendor:device, found
 *                      with libpci; none or several is an error
 *
 * BAR0 is SYSFS/bus/pci/devices/BDF/resource0, mapped shared; the file's
 * size is the BAR's.  Before mapping it, the function's `resource` and
 * `enable` files are read (when present) so that an I/O-port BAR or a
 * disabled function is reported instead of answering all ones.  Every
 * access is checked against min(BAR size, map_bytes).
 *
 * SYSFS is /sys, or $FPGAGEN_SYSFS_ROOT when it is set: the tests point it
 * at a fake tree whose resource0 is a plain file.
 */
#include "backend.h"
#include "../driver/fpgagen_regs.h"

#include <errno.h>
#include <fcntl.h>
#include <pci/pci.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define IORESOURCE_IO  0x100    /* <linux/ioport.h>, as sysfs prints them */

typedef struct PciBackend {
    Backend base;
    volatile uint32_t *regs;    /* BAR0, map_len bytes mapped */
    size_t map_len;
    uint64_t limit;             /* min(BAR size, map_bytes) */
} PciBackend;

static const char *sysfs_root(void)
{
    const char *r = getenv("FPGAGEN_SYSFS_ROOT");
    return r && r[0] ? r : "/sys";
}

/* ---- addresses ----------------------------------------------------------- */

/* 1 to max hex digits at *s; advances *s. */
static int hex_field(const char **s, int max, unsigned *v)
{
    int n = 0;
    *v = 0;
    for (; n < max; n++, (*s)++) {
        char c = **s;
        unsigned d;
        if (c >= '0' && c <= '9') d = (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') d = (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') d = (unsigned)(c - 'A' + 10);
        else break;
        *v = *v << 4 | d;
    }
    return n > 0;
}

/* "[DOMAIN:]BB:DD.F" into sysfs's spelling "dddd:bb:dd.f"; 0 if not one. */
static int parse_bdf(const char *s, char *out, size_t outlen)
{
    unsigned a, b, dom = 0, bus, dev, fn;
    const char *p = s;

    if (!hex_field(&p, 8, &a) || *p++ != ':' || !hex_field(&p, 2, &b))
        return 0;
    if (*p == ':') {            /* a was the domain */
        p++;
        dom = a;
        bus = b;
        if (!hex_field(&p, 2, &dev))
            return 0;
    } else {
        if (a > 0xff)
            return 0;
        bus = a;
        dev = b;
    }
    if (*p++ != '.' || !hex_field(&p, 1, &fn) || *p || dev > 0x1f || fn > 7)
        return 0;
    snprintf(out, outlen, "%04x:%02x:%02x.%x", dom, bus, dev, fn);
    return 1;
}

/* ---- libpci -------------------------------------------------------------- */

/*
 * libpci reports errors through a callback that must not return; it
 * escapes to the lookup below.  Thread-local because that callback gets
 * no context pointer.  libpci cannot unwind a scan it abandons: what it
 * was holding then (a directory stream, a half-made device) is lost, once
 * per failed lookup, which on a real bus means a device vanished
 * mid-scan.
 */
static _Thread_local struct {
    jmp_buf *env;
    char msg[256];
} pci_escape;

__attribute__((noreturn, format(printf, 1, 2))) static void
pci_error_escape(char *msg, ...)
{
    va_list ap;
    va_start(ap, msg);
    vsnprintf(pci_escape.msg, sizeof pci_escape.msg, msg, ap);
    va_end(ap);
    longjmp(*pci_escape.env, 1);
}

__attribute__((format(printf, 1, 2))) static void pci_quiet(char *msg, ...)
{
    (void)msg;
}

typedef struct PciMatches {
    int count;
    char first[32];
    char list[256];             /* "bdf bdf ..." */
} PciMatches;

static void collect_matches(struct pci_access *pacc, unsigned vendor,
                            unsigned device, PciMatches *m)
{
    for (struct pci_dev *d = pacc->devices; d; d = d->next) {
        char bdf[32];
        size_t len = strlen(m->list);

        pci_fill_info(d, PCI_FILL_IDENT);
        if (d->vendor_id != vendor || d->device_id != device)
            continue;
        snprintf(bdf, sizeof bdf, "%04x:%02x:%02x.%x", (unsigned)d->domain,
                 d->bus, d->dev, d->func);
        if (m->count++ == 0)
            snprintf(m->first, sizeof m->first, "%s", bdf);
        snprintf(m->list + len, sizeof m->list - len, "%s%s", len ? " " : "",
                 bdf);
    }
}

/* pci_cleanup, whose own errors would otherwise escape to a stale frame. */
static void pci_cleanup_guarded(struct pci_access *pacc)
{
    jmp_buf env;
    pci_escape.env = &env;
    if (setjmp(env) == 0)
        pci_cleanup(pacc);
    pci_escape.env = NULL;
}

/*
 * The address of the one function with vendor:device under
 * ROOT/bus/pci, into bdf.  0, or -1 with a message in err.  Not static:
 * tests/driver/ calls it against the real bus and fake trees.
 */
int backend_pci_find(const char *root, unsigned vendor, unsigned device,
                     char *bdf, size_t bdflen, char *err, size_t errlen);
int backend_pci_find(const char *root, unsigned vendor, unsigned device,
                     char *bdf, size_t bdflen, char *err, size_t errlen)
{
    char path[4096], devices[4096];
    PciMatches m;
    jmp_buf env;
    struct pci_access *pacc;

    snprintf(path, sizeof path, "%s/bus/pci", root);
    snprintf(devices, sizeof devices, "%s/bus/pci/devices", root);
    if (access(devices, R_OK | X_OK) != 0) {
        snprintf(err, errlen, "pci: no PCI bus visible (cannot read %s: %s)",
                 devices, strerror(errno));
        return -1;
    }
    memset(&m, 0, sizeof m);
    pacc = pci_alloc();
    pacc->error = pci_error_escape;
    pacc->warning = pci_quiet;
    pacc->debug = pci_quiet;
    pacc->method = PCI_ACCESS_SYS_BUS_PCI;
    pci_escape.env = &env;
    if (setjmp(env) != 0) {
        snprintf(err, errlen, "pci: cannot scan the PCI bus in %s: %s", path,
                 pci_escape.msg);
        pci_cleanup_guarded(pacc);
        return -1;
    }
    pci_set_param(pacc, "sysfs.path", path);
    pci_init(pacc);
    pci_scan_bus(pacc);
    collect_matches(pacc, vendor, device, &m);
    pci_cleanup_guarded(pacc);

    if (m.count == 0) {
        snprintf(err, errlen, "pci: no such device: no PCI function is "
                 "%04x:%04x (lspci -d %04x:%04x lists none)", vendor, device,
                 vendor, device);
        return -1;
    }
    if (m.count > 1) {
        snprintf(err, errlen, "pci: several devices match %04x:%04x (%s); "
                 "name one by its address, e.g. pci:%s", vendor, device,
                 m.list, m.first);
        return -1;
    }
    snprintf(bdf, bdflen, "%s", m.first);
    return 0;
}

/* ---- open ---------------------------------------------------------------- */

/* The first line of a small sysfs file, newline dropped; 0 if unreadable. */
static int read_line(const char *path, char *buf, size_t len)
{
    FILE *f = fopen(path, "re");
    int ok;

    if (!f)
        return 0;
    ok = fgets(buf, (int)len, f) != NULL;
    fclose(f);
    if (ok)
        buf[strcspn(buf, "\n")] = '\0';
    return ok;
}

/* What `resource` and `enable` say against mapping BAR0; 0 if nothing. */
static int check_function(const char *dir, const char *bdf, char *err,
                          size_t errlen)
{
    char path[4200], line[128];
    unsigned long long start, end, flags;

    snprintf(path, sizeof path, "%s/resource", dir);
    if (read_line(path, line, sizeof line)
        && sscanf(line, "%llx %llx %llx", &start, &end, &flags) == 3) {
        if (flags & IORESOURCE_IO) {
            snprintf(err, errlen, "pci: BAR0 of %s is an I/O-port BAR; the "
                     "register map needs a memory BAR", bdf);
            return -1;
        }
        if (start == 0 && end == 0) {
            snprintf(err, errlen, "pci: %s has no BAR0 (not implemented or "
                     "not assigned)", bdf);
            return -1;
        }
    }
    snprintf(path, sizeof path, "%s/enable", dir);
    if (read_line(path, line, sizeof line) && strcmp(line, "0") == 0) {
        snprintf(err, errlen, "pci: %s is disabled, so its BAR does not "
                 "answer: bind a driver to it, or as root: echo 1 > %s",
                 bdf, path);
        return -1;
    }
    return 0;
}

/* The name of the driver bound to the function at dir; 0 if none. */
static int bound_driver(const char *dir, char *name, size_t len)
{
    char link[4200], target[4096];
    ssize_t n;

    snprintf(link, sizeof link, "%s/driver", dir);
    n = readlink(link, target, sizeof target - 1);
    if (n <= 0)
        return 0;
    target[n] = '\0';
    const char *base = strrchr(target, '/');
    base = base ? base + 1 : target;
    size_t k = strlen(base) < len - 1 ? strlen(base) : len - 1;
    memcpy(name, base, k);
    name[k] = '\0';
    return 1;
}

static Backend *pcibar_open(const char *arg, uint64_t map_bytes, char *err,
                         size_t errlen)
{
    const char *root = sysfs_root();
    char bdf[32], dir[4096], res[4200];
    struct stat st;
    PciBackend *p;
    uint64_t bar_size, want, page, map_len;
    void *map;
    int fd;

    if (!arg)
        arg = "";
    if (strchr(arg, '.')) {
        if (!parse_bdf(arg, bdf, sizeof bdf)) {
            snprintf(err, errlen, "pci: '%s': expected a PCI address such as "
                     "0000:03:00.0 or vendor:device such as 10ee:7038", arg);
            return NULL;
        }
    } else {
        struct fpgagen_pci_id id;
        unsigned n, pos;
        if (fpgagen_parse_ids(arg, &id, 1, &n, &pos) != FPGAGEN_IDS_OK
            || n != 1) {
            snprintf(err, errlen, "pci: '%s': expected a PCI address such as "
                     "0000:03:00.0 or vendor:device such as 10ee:7038", arg);
            return NULL;
        }
        if (backend_pci_find(root, id.vendor, id.device, bdf, sizeof bdf,
                             err, errlen) != 0)
            return NULL;
    }

    snprintf(dir, sizeof dir, "%s/bus/pci/devices/%s", root, bdf);
    if (stat(dir, &st) != 0) {
        snprintf(err, errlen, "pci: no such device: no PCI function %s "
                 "(nothing at %s)", bdf, dir);
        return NULL;
    }
    if (check_function(dir, bdf, err, errlen) != 0)
        return NULL;

    snprintf(res, sizeof res, "%s/resource0", dir);
    fd = open(res, O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        if (e == EACCES || e == EPERM)
            snprintf(err, errlen, "pci: no permission to open %s (run as "
                     "root, or see docs/driver.md for a udev rule)", res);
        else if (e == ENOENT)
            snprintf(err, errlen, "pci: %s has no BAR0 (no %s)", bdf, res);
        else
            snprintf(err, errlen, "pci: %s: %s", res, strerror(e));
        return NULL;
    }
    if (fstat(fd, &st) != 0) {
        snprintf(err, errlen, "pci: %s: %s", res, strerror(errno));
        close(fd);
        return NULL;
    }
    bar_size = (uint64_t)st.st_size;
    if (bar_size < FPGAGEN_ID_BYTES) {
        snprintf(err, errlen, "pci: BAR too small: BAR0 of %s is %llu bytes, "
                 "the ID block alone needs %d", bdf,
                 (unsigned long long)bar_size, FPGAGEN_ID_BYTES);
        close(fd);
        return NULL;
    }

    /* Map what the accesses can reach, in whole pages inside the BAR's. */
    page = (uint64_t)sysconf(_SC_PAGESIZE);
    want = bar_size < map_bytes ? bar_size : map_bytes;
    map_len = (want + page - 1) / page * page;
    if (map_len == 0)
        map_len = page;
    if (map_len > SIZE_MAX) {
        snprintf(err, errlen, "pci: BAR0 of %s is too large to map here", bdf);
        close(fd);
        return NULL;
    }
    map = mmap(NULL, (size_t)map_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
               0);
    if (map == MAP_FAILED) {
        int e = errno;
        char driver[64];
        if (e == EPERM)
            snprintf(err, errlen, "pci: mapping %s is refused: the kernel is "
                     "locked down (Secure Boot), which forbids user-space BAR "
                     "access; load a signed fpgagen.ko and use chardev:", res);
        else if (e == EINVAL && bound_driver(dir, driver, sizeof driver))
            snprintf(err, errlen, "pci: BAR0 of %s is held by the driver "
                     "'%s' and the kernel keeps claimed regions exclusive "
                     "(iomem=strict); %s", bdf, driver,
                     strcmp(driver, "fpgagen") == 0
                         ? "use chardev:/dev/fpgagenN instead"
                         : "unbind that driver first (docs/driver.md)");
        else
            snprintf(err, errlen, "pci: cannot map BAR0 of %s: %s", bdf,
                     strerror(e));
        close(fd);
        return NULL;
    }
    close(fd);                  /* the mapping stays */

    p = calloc(1, sizeof *p);
    if (!p) {
        munmap(map, (size_t)map_len);
        snprintf(err, errlen, "pci: out of memory");
        return NULL;
    }
    p->base.ops = &backend_pci_ops;
    p->base.map_bytes = map_bytes;
    p->regs = map;
    p->map_len = (size_t)map_len;
    p->limit = want;
    return &p->base;
}

/* ---- accesses ------------------------------------------------------------ */

static BackendStatus pcibar_read(Backend *b, uint32_t addr, uint32_t *val)
{
    PciBackend *p = (PciBackend *)b;

    if (fpgagen_check_access(p->limit, addr, FPGAGEN_REG_BYTES))
        return BK_RANGE;
    *val = p->regs[addr / FPGAGEN_REG_BYTES];
    return BK_OK;
}

static BackendStatus pcibar_write(Backend *b, uint32_t addr, uint32_t val)
{
    PciBackend *p = (PciBackend *)b;

    if (fpgagen_check_access(p->limit, addr, FPGAGEN_REG_BYTES))
        return BK_RANGE;
    p->regs[addr / FPGAGEN_REG_BYTES] = val;
    return BK_OK;
}

static void pcibar_close(Backend *b)
{
    PciBackend *p = (PciBackend *)b;

    if (!p)
        return;
    munmap((void *)(uintptr_t)p->regs, p->map_len);
    free(p);
}

const BackendOps backend_pci_ops = {
    .scheme = "pci",
    .open = pcibar_open,
    .read = pcibar_read,
    .write = pcibar_write,
    .close = pcibar_close,
};
