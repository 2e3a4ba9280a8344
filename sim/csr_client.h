/*
 * csr_client.h -- a client of the register socket that `fpgagen sim
 * --csr unix:PATH` serves (wire protocol: docs/sim.md).
 *
 *   CsrClient *c = csr_client_open("/tmp/router.sock");
 *   uint32_t magic;
 *   if (c && csr_read(c, 0x0, &magic) == CSR_OK) ...
 *   csr_client_close(c);
 *
 * Calls block until the answer comes (at most the timeout, 30 s unless
 * changed); one client must not be used by two threads at once.
 */
#ifndef SIM_CSR_CLIENT_H
#define SIM_CSR_CLIENT_H

#include <stdint.h>

/* Answers of the bus; -1 (with errno) is an I/O error. */
enum {
    CSR_OK = 0,             /* done; a read's value is valid */
    CSR_ERR = 1,            /* the design answered csr_err (unmapped, ...) */
    CSR_TIMEOUT = 2,        /* the design did not raise csr_ready in time */
};

typedef struct CsrClient CsrClient;

/* path is the socket's file name, optionally written "unix:PATH".
 * NULL with errno set when it cannot connect. */
CsrClient *csr_client_open(const char *path);
/* Each returns CSR_OK, CSR_ERR, CSR_TIMEOUT or -1 (errno: ETIMEDOUT when
 * no answer came in time, EPIPE when the simulation has gone). */
int csr_read(CsrClient *c, uint32_t addr, uint32_t *value);
int csr_write(CsrClient *c, uint32_t addr, uint32_t value);
/* How long a call waits for its answer; 0 waits for ever. */
void csr_client_set_timeout(CsrClient *c, int ms);
void csr_client_close(CsrClient *c);

#endif
