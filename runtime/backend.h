/*
 * backend.h -- how the runtime reaches a design's register bus.
 *
 *   sim:PATH                 the simulator's register socket (docs/sim.md)
 *   chardev:/dev/fpgagenN    the Linux driver in driver/ (pread/pwrite)
 *   pci:BDF | pci:VVVV:DDDD  BAR0 of a PCI function, mapped through sysfs
 *   uart:DEV[@BAUD]          the UART register bridge (rtl/fg_uart_csr.v)
 *
 * Addresses are absolute byte addresses of the register map, 4-byte
 * aligned.  Every backend checks them against the size it knows.
 */
#ifndef RUNTIME_BACKEND_H
#define RUNTIME_BACKEND_H

#include <stddef.h>
#include <stdint.h>

typedef enum BackendStatus {
    BK_OK = 0,
    BK_ERR = 1,         /* the bus answered csr_err */
    BK_TIMEOUT = 2,     /* no answer in time */
    BK_IO = 3,          /* the transport failed (closed, I/O error) */
    BK_RANGE = 4,       /* address unaligned or outside the map */
} BackendStatus;

typedef struct Backend Backend;

typedef struct BackendOps {
    const char *scheme;         /* "sim", "chardev", "pci", "uart" */
    /* Opens the backend from the text after "scheme:"; NULL and a message
     * in err on failure. */
    Backend *(*open)(const char *arg, uint64_t map_bytes, char *err,
                     size_t errlen);
    BackendStatus (*read)(Backend *b, uint32_t addr, uint32_t *val);
    BackendStatus (*write)(Backend *b, uint32_t addr, uint32_t val);
    void (*close)(Backend *b);
} BackendOps;

/* Every backend starts with this header. */
struct Backend {
    const BackendOps *ops;
    uint64_t map_bytes;         /* size of the register map (2^addr_width) */
};

/* Opens "scheme:arg"; map_bytes bounds every access. */
Backend *backend_open(const char *spec, uint64_t map_bytes, char *err,
                      size_t errlen);
BackendStatus backend_read(Backend *b, uint32_t addr, uint32_t *val);
BackendStatus backend_write(Backend *b, uint32_t addr, uint32_t val);
/* 64-bit registers: low word first (the read latches the high word). */
BackendStatus backend_read64(Backend *b, uint32_t addr, uint64_t *val);
void backend_close(Backend *b);
const char *backend_status_text(BackendStatus s);

/* The backends (runtime/backend_<scheme>.c). */
extern const BackendOps backend_sim_ops, backend_chardev_ops,
    backend_pci_ops, backend_uart_ops;

#endif
