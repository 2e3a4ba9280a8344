/*
 * backend.c -- backend_open dispatching on the scheme, and the checks and
 * 64-bit reads every backend shares.
 *
 * The backends are separate files (runtime/backend_<scheme>.c), each
 * defining one BackendOps table.  A build may leave some out (a machine
 * without libpci, a test program): the tables are weak references, so
 * a missing one reads as NULL here and its scheme is reported as not
 * built in, instead of failing the link.
 */
#include "backend.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#pragma weak backend_sim_ops
#pragma weak backend_chardev_ops
#pragma weak backend_pci_ops
#pragma weak backend_uart_ops

static const struct {
    const char *scheme;
    const BackendOps *ops;  /* NULL: not linked into this program */
} backends[] = {
    {"sim", &backend_sim_ops},
    {"chardev", &backend_chardev_ops},
    {"pci", &backend_pci_ops},
    {"uart", &backend_uart_ops},
};

Backend *backend_open(const char *spec, uint64_t map_bytes, char *err,
                      size_t errlen)
{
    const char *colon = spec ? strchr(spec, ':') : NULL;
    if (!colon) {
        snprintf(err, errlen, "backend '%s': expected SCHEME:ARGUMENT "
                              "(sim:SOCKET, chardev:DEVICE, pci:BDF, uart:DEVICE[@BAUD])",
                 spec ? spec : "");
        return NULL;
    }
    size_t n = (size_t)(colon - spec);
    for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++) {
        if (strlen(backends[i].scheme) != n || memcmp(backends[i].scheme, spec, n))
            continue;
        const BackendOps *ops = backends[i].ops;
        if (!ops) {
            snprintf(err, errlen, "backend '%s': the %s backend is not built "
                                  "into this program", spec, backends[i].scheme);
            return NULL;
        }
        if (!colon[1]) {
            snprintf(err, errlen, "backend '%s': nothing after '%.*s:'", spec,
                     (int)n, spec);
            return NULL;
        }
        err[0] = '\0';
        Backend *b = ops->open(colon + 1, map_bytes, err, errlen);
        if (!b) {
            if (!err[0])
                snprintf(err, errlen, "backend '%s': cannot open", spec);
            return NULL;
        }
        b->ops = ops;
        b->map_bytes = map_bytes;
        return b;
    }
    snprintf(err, errlen, "backend '%s': unknown scheme '%.*s' (known: sim, "
                          "chardev, pci, uart)", spec, (int)n, spec);
    return NULL;
}

static bool in_map(const Backend *b, uint32_t addr, uint32_t bytes)
{
    return addr % 4 == 0 && (uint64_t)addr + bytes <= b->map_bytes;
}

BackendStatus backend_read(Backend *b, uint32_t addr, uint32_t *val)
{
    if (!in_map(b, addr, 4))
        return BK_RANGE;
    return b->ops->read(b, addr, val);
}

BackendStatus backend_write(Backend *b, uint32_t addr, uint32_t val)
{
    if (!in_map(b, addr, 4))
        return BK_RANGE;
    return b->ops->write(b, addr, val);
}

BackendStatus backend_read64(Backend *b, uint32_t addr, uint64_t *val)
{
    if (!in_map(b, addr, 8))
        return BK_RANGE;
    uint32_t lo, hi;
    BackendStatus st = b->ops->read(b, addr, &lo);   /* latches the high word */
    if (st == BK_OK)
        st = b->ops->read(b, addr + 4, &hi);
    if (st == BK_OK)
        *val = (uint64_t)hi << 32 | lo;
    return st;
}

void backend_close(Backend *b)
{
    if (b)
        b->ops->close(b);
}

const char *backend_status_text(BackendStatus s)
{
    switch (s) {
    case BK_OK: return "ok";
    case BK_ERR: return "the register bus answered an error (no register there)";
    case BK_TIMEOUT: return "the register bus did not answer in time";
    case BK_IO: return "the connection to the device failed";
    case BK_RANGE: return "address unaligned or outside the register map";
    }
    return "unknown status";
}
