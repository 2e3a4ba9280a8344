/*
 * backend_sim.c -- the simulator's register socket (`fpgagen sim --csr
 * unix:PATH`, docs/sim.md) as a backend: "sim:PATH" or "sim:unix:PATH".
 */
#include "backend.h"
#include "csr_client.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct SimBackend {
    Backend base;
    CsrClient *c;
} SimBackend;

/* A request the simulation leaves unanswered this long is a transport
 * failure; the simulator itself answers a stuck bus after 1000 cycles. */
enum { SIM_TIMEOUT_MS = 10000 };

static Backend *sim_open(const char *arg, uint64_t map_bytes, char *err,
                         size_t errlen)
{
    (void)map_bytes;
    CsrClient *c = csr_client_open(arg);
    if (!c) {
        snprintf(err, errlen, "sim:%s: cannot connect to the simulation's "
                              "register socket: %s (is `fpgagen sim --csr` running?)",
                 arg, strerror(errno));
        return NULL;
    }
    csr_client_set_timeout(c, SIM_TIMEOUT_MS);
    SimBackend *b = calloc(1, sizeof *b);
    if (!b) {
        csr_client_close(c);
        snprintf(err, errlen, "sim:%s: out of memory", arg);
        return NULL;
    }
    b->c = c;
    return &b->base;
}

static BackendStatus status(int r)
{
    switch (r) {
    case CSR_OK: return BK_OK;
    case CSR_ERR: return BK_ERR;
    case CSR_TIMEOUT: return BK_TIMEOUT;
    default: return BK_IO;
    }
}

static BackendStatus sim_read(Backend *b, uint32_t addr, uint32_t *val)
{
    return status(csr_read(((SimBackend *)b)->c, addr, val));
}

static BackendStatus sim_write(Backend *b, uint32_t addr, uint32_t val)
{
    return status(csr_write(((SimBackend *)b)->c, addr, val));
}

static void sim_close(Backend *b)
{
    csr_client_close(((SimBackend *)b)->c);
    free(b);
}

const BackendOps backend_sim_ops = {"sim", sim_open, sim_read, sim_write,
                                    sim_close};
