/*
 * csrtest.c -- drives the register socket of a simulation of the test
 * design through sim/csr_client.h:  csrtest SOCKET WIDTH
 * Prints one line per failed check; exit 0 when all passed.
 */
#include "csr_client.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int failures;

#define EXPECT(cond, ...)                                                   \
    do {                                                                    \
        if (!(cond)) {                                                      \
            printf("csrtest: " __VA_ARGS__);                                \
            printf("\n");                                                   \
            failures++;                                                     \
        }                                                                   \
    } while (0)

static void expect_read(CsrClient *c, uint32_t addr, int status,
                        uint32_t value)
{
    uint32_t v = 0xa5a5a5a5;
    int st = csr_read(c, addr, &v);
    EXPECT(st == status, "read 0x%x: status %d, expected %d", addr, st,
           status);
    if (st == 0 && status == 0)
        EXPECT(v == value, "read 0x%x: 0x%08x, expected 0x%08x", addr, v,
               value);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: csrtest SOCKET WIDTH\n");
        return 2;
    }
    uint32_t width = (uint32_t)atoi(argv[2]);
    CsrClient *c = NULL;
    for (int i = 0; i < 600 && !c; i++) {   /* the socket may come late */
        c = csr_client_open(argv[1]);
        if (!c) {
            struct timespec ts = {0, 50 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
    }
    if (!c) {
        printf("csrtest: cannot connect to %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    expect_read(c, 0x00, CSR_OK, 0x46504741);       /* ID block magic */
    expect_read(c, 0x04, CSR_OK, 1);
    expect_read(c, 0x08, CSR_OK, 0x89abcdef);
    expect_read(c, 0x0c, CSR_OK, 0x01234567);
    expect_read(c, 0x10, CSR_OK, width);
    EXPECT(csr_write(c, 0x20, 0xdeadbeef) == CSR_OK, "write scratch");
    expect_read(c, 0x20, CSR_OK, 0xdeadbeef);
    expect_read(c, 0x28, CSR_OK, ~0xdeadbeefu);     /* answered late */
    expect_read(c, 0x2c, CSR_TIMEOUT, 0);           /* never answered */
    expect_read(c, 0x20, CSR_OK, 0xdeadbeef);       /* the bus recovers */
    EXPECT(csr_write(c, 0x24, 1) == CSR_ERR, "write to a read-only register");
    expect_read(c, 0x40, CSR_ERR, 0);               /* unmapped */
    expect_read(c, 0x02, CSR_ERR, 0);               /* unaligned */
    expect_read(c, 0x100, CSR_ERR, 0);              /* beyond addr_width */

    /* a second client while the first stays connected */
    CsrClient *c2 = csr_client_open(argv[1]);
    EXPECT(c2 != NULL, "second client cannot connect");
    if (c2) {
        expect_read(c2, 0x20, CSR_OK, 0xdeadbeef);
        EXPECT(csr_write(c2, 0x20, 0x12345678) == CSR_OK, "write from c2");
        expect_read(c, 0x20, CSR_OK, 0x12345678);
        csr_client_close(c2);
    }
    expect_read(c, 0x00, CSR_OK, 0x46504741);
    csr_client_close(c);
    return failures ? 1 : 0;
}
