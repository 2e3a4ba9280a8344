/*
 * csr_server.c -- the register bus on a Unix stream socket.
 *
 * Wire protocol (docs/sim.md): a request is 12 bytes, three little-endian
 * u32 {op: 0 read, 1 write; addr; data}; each request gets one 8-byte
 * answer {status: 0 ok, 1 csr_err, 2 timeout; data}, in the order the
 * client sent them.  Any number of clients; requests are taken from them
 * in turn.  Nothing here blocks: the simulation loop polls between
 * cycles.
 */
#include "sim_int.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

enum {
    MAX_CLIENTS = 32,
    IN_BYTES = 12 * 64,     /* requests read ahead per client */
    OUT_BYTES = 8 * 64,     /* answers waiting for a slow reader */
};

typedef struct Client {
    int fd;                 /* -1: free */
    uint64_t serial;
    uint8_t in[IN_BYTES];
    size_t nin;
    uint8_t out[OUT_BYTES];
    size_t nout;
    int pending;            /* taken, not yet answered */
} Client;

struct SimCsrServer {
    int fd;
    char *path;
    Client clients[MAX_CLIENTS];
    uint64_t serials;
    int turn;               /* the client whose request is taken next */
};

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static void put_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

SimCsrServer *sim_csr_open(const char *path)
{
    struct sockaddr_un sa;
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof sa.sun_path) {
        sim_error("--csr: socket path too long: %s", path);
        return NULL;
    }
    strcpy(sa.sun_path, path);
    struct stat st;
    if (lstat(path, &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) {
            sim_error("--csr: %s exists and is not a socket", path);
            return NULL;
        }
        /* A socket file: in use if something answers, else stale. */
        int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (probe >= 0 &&
            connect(probe, (struct sockaddr *)&sa, sizeof sa) == 0) {
            close(probe);
            sim_error("--csr: %s is in use by another program", path);
            return NULL;
        }
        if (probe >= 0)
            close(probe);
        unlink(path);
    }
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        sim_error("--csr: socket: %s", strerror(errno));
        return NULL;
    }
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
        listen(fd, 16) != 0) {
        sim_error("--csr: cannot listen on %s: %s", path, strerror(errno));
        close(fd);
        return NULL;
    }
    SimCsrServer *s = sim_alloc(sizeof *s);
    s->fd = fd;
    s->path = sim_strdup(path);
    for (int i = 0; i < MAX_CLIENTS; i++)
        s->clients[i].fd = -1;
    return s;
}

static void drop(Client *c)
{
    close(c->fd);
    c->fd = -1;
    c->nin = c->nout = 0;
    c->pending = 0;
}

static bool flush_out(Client *c)
{
    size_t done = 0;
    while (done < c->nout) {
        ssize_t n = send(c->fd, c->out + done, c->nout - done,
                         MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                break;
            drop(c);
            return true;
        }
        done += (size_t)n;
    }
    memmove(c->out, c->out + done, c->nout - done);
    c->nout -= done;
    return done > 0;
}

static bool accept_all(SimCsrServer *s)
{
    bool any = false;
    for (;;) {
        int fd = accept4(s->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            return any;
        any = true;
        Client *c = NULL;
        for (int i = 0; i < MAX_CLIENTS && !c; i++)
            if (s->clients[i].fd < 0)
                c = &s->clients[i];
        if (!c) {
            sim_warn("--csr: more than %d clients; one is turned away",
                     MAX_CLIENTS);
            close(fd);
            continue;
        }
        memset(c, 0, sizeof *c);
        c->fd = fd;
        c->serial = ++s->serials;
    }
}

static bool read_in(Client *c)
{
    bool any = false;
    while (c->fd >= 0 && c->nin < IN_BYTES) {
        ssize_t n = recv(c->fd, c->in + c->nin, IN_BYTES - c->nin,
                         MSG_DONTWAIT);
        if (n > 0) {
            c->nin += (size_t)n;
            any = true;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        drop(c);            /* closed by the client, or broken */
        return true;
    }
    return any;
}

bool sim_csr_poll(SimCsrServer *s, int timeout_ms, int sigfd)
{
    struct pollfd p[MAX_CLIENTS + 2];
    int who[MAX_CLIENTS + 2];
    int n = 0;
    p[n] = (struct pollfd){.fd = s->fd, .events = POLLIN};
    who[n++] = -1;
    if (sigfd >= 0) {
        p[n] = (struct pollfd){.fd = sigfd, .events = POLLIN};
        who[n++] = -2;
    }
    for (int i = 0; i < MAX_CLIENTS; i++) {
        Client *c = &s->clients[i];
        if (c->fd < 0)
            continue;
        short ev = 0;
        if (c->nin < IN_BYTES)
            ev |= POLLIN;
        if (c->nout)
            ev |= POLLOUT;
        p[n] = (struct pollfd){.fd = c->fd, .events = ev};
        who[n++] = i;
    }
    int r = poll(p, (nfds_t)n, timeout_ms > 0 ? timeout_ms : 0);
    if (r <= 0)
        return false;
    bool any = false;
    for (int k = 0; k < n; k++) {
        if (!p[k].revents)
            continue;
        if (who[k] == -1) {
            any |= accept_all(s);
        } else if (who[k] == -2) {
            any = true;     /* the caller reads the signal */
        } else {
            Client *c = &s->clients[who[k]];
            if (p[k].revents & (POLLIN | POLLHUP | POLLERR))
                any |= read_in(c);
            if (c->fd >= 0 && (p[k].revents & POLLOUT))
                any |= flush_out(c);
        }
    }
    return any;
}

bool sim_csr_next(SimCsrServer *s, SimCsrRequest *rq)
{
    for (int k = 0; k < MAX_CLIENTS; k++) {
        int i = (s->turn + k) % MAX_CLIENTS;
        Client *c = &s->clients[i];
        if (c->fd < 0 || c->nin < 12 ||
            c->nout + 8 * (size_t)(c->pending + 1) > OUT_BYTES)
            continue;
        rq->op = le32(c->in);
        rq->addr = le32(c->in + 4);
        rq->data = le32(c->in + 8);
        rq->client = i;
        rq->serial = c->serial;
        memmove(c->in, c->in + 12, c->nin - 12);
        c->nin -= 12;
        c->pending++;
        s->turn = (i + 1) % MAX_CLIENTS;
        return true;
    }
    return false;
}

void sim_csr_answer(SimCsrServer *s, const SimCsrRequest *rq,
                    uint32_t status, uint32_t data)
{
    Client *c = &s->clients[rq->client];
    if (c->fd < 0 || c->serial != rq->serial)
        return;             /* the client has gone */
    c->pending--;
    put_le32(c->out + c->nout, status);
    put_le32(c->out + c->nout + 4, data);
    c->nout += 8;
    flush_out(c);
}

int sim_csr_clients(const SimCsrServer *s)
{
    int n = 0;
    for (int i = 0; i < MAX_CLIENTS; i++)
        n += s->clients[i].fd >= 0;
    return n;
}

void sim_csr_close(SimCsrServer *s)
{
    if (!s)
        return;
    for (int i = 0; i < MAX_CLIENTS; i++)
        if (s->clients[i].fd >= 0) {
            flush_out(&s->clients[i]);
            if (s->clients[i].fd >= 0)
                close(s->clients[i].fd);
        }
    close(s->fd);
    unlink(s->path);
    free(s->path);
    free(s);
}
