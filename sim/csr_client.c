/*
 * csr_client.c -- the register socket's client side: one blocking request
 * and answer per call.
 */
#include "csr_client.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

struct CsrClient {
    int fd;
    int timeout_ms;
};

CsrClient *csr_client_open(const char *path)
{
    if (!path) {
        errno = EINVAL;
        return NULL;
    }
    if (strncmp(path, "unix:", 5) == 0)
        path += 5;
    struct sockaddr_un sa;
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    if (!*path || strlen(path) >= sizeof sa.sun_path) {
        errno = ENAMETOOLONG;
        return NULL;
    }
    strcpy(sa.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return NULL;
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return NULL;
    }
    CsrClient *c = malloc(sizeof *c);
    if (!c) {
        close(fd);
        errno = ENOMEM;
        return NULL;
    }
    c->fd = fd;
    c->timeout_ms = 30000;
    return c;
}

void csr_client_set_timeout(CsrClient *c, int ms)
{
    c->timeout_ms = ms > 0 ? ms : 0;
}

static int send_all(int fd, const uint8_t *p, size_t n)
{
    while (n) {
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static int recv_all(const CsrClient *c, uint8_t *p, size_t n)
{
    while (n) {
        if (c->timeout_ms) {
            struct pollfd pf = {.fd = c->fd, .events = POLLIN};
            int r = poll(&pf, 1, c->timeout_ms);
            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0)
                return -1;
            if (r == 0) {
                errno = ETIMEDOUT;
                return -1;
            }
        }
        ssize_t k = recv(c->fd, p, n, 0);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (k == 0) {
            errno = EPIPE;
            return -1;
        }
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static void put_le32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static int transact(CsrClient *c, uint32_t op, uint32_t addr, uint32_t data,
                    uint32_t *out)
{
    if (!c) {
        errno = EINVAL;
        return -1;
    }
    uint8_t rq[12], an[8];
    put_le32(rq, op);
    put_le32(rq + 4, addr);
    put_le32(rq + 8, data);
    if (send_all(c->fd, rq, sizeof rq) != 0 || recv_all(c, an, sizeof an) != 0)
        return -1;
    uint32_t status = le32(an);
    if (out)
        *out = le32(an + 4);
    if (status > CSR_TIMEOUT) {
        errno = EPROTO;
        return -1;
    }
    return (int)status;
}

int csr_read(CsrClient *c, uint32_t addr, uint32_t *value)
{
    uint32_t v = 0;
    int st = transact(c, 0, addr, 0, &v);
    if (st == CSR_OK && value)
        *value = v;
    return st;
}

int csr_write(CsrClient *c, uint32_t addr, uint32_t value)
{
    return transact(c, 1, addr, value, NULL);
}

void csr_client_close(CsrClient *c)
{
    if (!c)
        return;
    close(c->fd);
    free(c);
}
