/*
 * ctlclient.c -- a ControlSocket client for the runtime's tests and
 * benchmark.  ADDR is tcp:HOST:PORT or unix:PATH.
 *
 *   ctlclient send ADDR FILE [CHUNK]
 *       Sends FILE's bytes (CHUNK bytes per write, default all at once),
 *       closes the sending side, and copies everything the server sends
 *       until it closes to standard output: a transcript.
 *   ctlclient read ADDR HANDLER
 *       READ HANDLER; prints the data (exit 1 on any other answer).
 *   ctlclient many ADDR CLIENTS ROUNDS HANDLER EXPECT
 *       CLIENTS connections at once, each reading HANDLER ROUNDS times,
 *       one request in flight per connection; every answer must be
 *       exactly "200 Read handler 'HANDLER' OK", DATA and EXPECT.
 *   ctlclient garbage ADDR BYTES SEED
 *       Sends BYTES random bytes, then closes; the server must answer
 *       and close the connection without stalling.
 *   ctlclient stall ADDR SECONDS
 *       Sends half a command and holds the connection open SECONDS.
 *   ctlclient bench ADDR CLIENTS SECONDS HANDLER
 *       CLIENTS connections reading HANDLER in a closed loop for
 *       SECONDS; prints the reads per second.
 *
 * Exit status 0 when all went as expected, 1 otherwise (with a reason on
 * standard error), 2 on bad usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

enum { TIMEOUT_MS = 20000 };

static int die(const char *fmt, const char *arg)
{
    fprintf(stderr, "ctlclient: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    return 1;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int connect_to(const char *addr)
{
    int fd = -1;
    if (strncmp(addr, "unix:", 5) == 0) {
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        if (strlen(addr + 5) >= sizeof sa.sun_path)
            return -1;
        strcpy(sa.sun_path, addr + 5);
        fd = socket(AF_UNIX, SOCK_STREAM, 0);
        if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
            close(fd);
            fd = -1;
        }
    } else if (strncmp(addr, "tcp:", 4) == 0) {
        char host[256];
        const char *colon = strrchr(addr + 4, ':');
        if (!colon || (size_t)(colon - addr - 4) >= sizeof host)
            return -1;
        memcpy(host, addr + 4, (size_t)(colon - addr - 4));
        host[colon - addr - 4] = '\0';
        struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res;
        if (getaddrinfo(host, colon + 1, &hints, &res) != 0)
            return -1;
        for (struct addrinfo *a = res; a && fd < 0; a = a->ai_next) {
            fd = socket(a->ai_family, a->ai_socktype, 0);
            if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
                close(fd);
                fd = -1;
            }
        }
        freeaddrinfo(res);
    }
    return fd;
}

static bool wait_fd(int fd, short ev, int ms)
{
    struct pollfd p = {.fd = fd, .events = ev};
    int r;
    while ((r = poll(&p, 1, ms)) < 0 && errno == EINTR)
        ;
    return r > 0;
}

static bool send_all(int fd, const char *p, size_t n)
{
    while (n) {
        if (!wait_fd(fd, POLLOUT, TIMEOUT_MS))
            return false;
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        p += k;
        n -= (size_t)k;
    }
    return true;
}

/* Reads until the server closes; -1 on a time-out. */
static long read_to_eof(int fd, FILE *out)
{
    char buf[65536];
    long total = 0;
    for (;;) {
        if (!wait_fd(fd, POLLIN, TIMEOUT_MS))
            return -1;
        ssize_t k = recv(fd, buf, sizeof buf, 0);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0 && errno == ECONNRESET)
            return total;
        if (k <= 0)
            return k < 0 ? -1 : total;
        if (out)
            fwrite(buf, 1, (size_t)k, out);
        total += k;
    }
}

static int cmd_send(const char *addr, const char *file, size_t chunk)
{
    FILE *f = fopen(file, "rb");
    if (!f)
        return die("cannot read %s", file);
    char *data = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap)
            data = realloc(data, cap = cap ? 2 * cap : 65536);
        size_t k = fread(data + n, 1, cap - n, f);
        if (!k)
            break;
        n += k;
    }
    fclose(f);
    int fd = connect_to(addr);
    if (fd < 0)
        return die("cannot connect to %s", addr);
    for (size_t off = 0; off < n;) {
        size_t k = chunk && chunk < n - off ? chunk : n - off;
        if (!send_all(fd, data + off, k))
            break;      /* the server may close first (QUIT) */
        off += k;
    }
    free(data);
    shutdown(fd, SHUT_WR);
    long r = read_to_eof(fd, stdout);
    close(fd);
    return r < 0 ? die("%s: the server did not close the connection", addr) : 0;
}

/* ---- Answers ----------------------------------------------------------------- */

typedef struct Conn {
    int fd;
    char buf[1 << 16];
    size_t len;
    bool greeted;
    int done;               /* answers checked */
    bool waiting;           /* a request is in flight */
} Conn;

/* One complete answer to READ at the start of c->buf: its length, 0 when
 * incomplete, -1 when it is not a 200 answer.  data, dlen: its data. */
static long parse_answer(const Conn *c, const char **data, size_t *dlen)
{
    const char *p = c->buf, *end = c->buf + c->len;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl)
        return 0;
    if (end - p < 4 || memcmp(p, "200 ", 4) != 0)
        return -1;
    const char *d = nl + 1;
    const char *nl2 = memchr(d, '\n', (size_t)(end - d));
    if (!nl2)
        return 0;
    if (strncmp(d, "DATA ", 5) != 0)
        return -1;
    size_t n = strtoul(d + 5, NULL, 10);
    const char *body = nl2 + 1;
    if ((size_t)(end - body) < n)
        return 0;
    *data = body;
    *dlen = n;
    return (long)(body + n - c->buf);
}

static void consume(Conn *c, size_t n)
{
    memmove(c->buf, c->buf + n, c->len - n);
    c->len -= n;
}

/* Runs conns[0..n) through rounds requests each (rounds < 0: until the
 * deadline); returns answers that were wrong, or -1 on a transport
 * failure.  *answers gets the total answered. */
static long run_clients(Conn *cs, int n, const char *handler, const char *expect,
                        long rounds, double deadline, long *answers)
{
    char req[512];
    int reqlen = snprintf(req, sizeof req, "READ %s\r\n", handler);
    size_t elen = expect ? strlen(expect) : 0;
    long wrong = 0;
    *answers = 0;
    struct pollfd *pf = calloc((size_t)n, sizeof *pf);
    for (;;) {
        int active = 0;
        double t = now_s();
        for (int i = 0; i < n; i++) {
            Conn *c = &cs[i];
            bool more = rounds < 0 ? t < deadline : c->done < rounds;
            if (c->greeted && !c->waiting && more) {
                if (!send_all(c->fd, req, (size_t)reqlen)) {
                    free(pf);
                    return -1;
                }
                c->waiting = true;
            }
            pf[i] = (struct pollfd){.fd = c->fd, .events = (!c->greeted || c->waiting) ? POLLIN : 0};
            active += pf[i].events != 0;
        }
        if (!active)
            break;
        if (poll(pf, (nfds_t)n, TIMEOUT_MS) <= 0) {
            free(pf);
            return -1;
        }
        for (int i = 0; i < n; i++) {
            Conn *c = &cs[i];
            if (!(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            ssize_t k = recv(c->fd, c->buf + c->len, sizeof c->buf - c->len, 0);
            if (k <= 0) {
                free(pf);
                return -1;
            }
            c->len += (size_t)k;
            if (!c->greeted) {
                const char *nl = memchr(c->buf, '\n', c->len);
                if (!nl)
                    continue;
                if (strncmp(c->buf, "Click::ControlSocket/1.3\r\n", 26) != 0)
                    wrong++;
                consume(c, (size_t)(nl + 1 - c->buf));
                c->greeted = true;
            }
            const char *data;
            size_t dlen;
            long a;
            while (c->waiting && (a = parse_answer(c, &data, &dlen)) != 0) {
                if (a < 0) {
                    wrong++;
                    c->len = 0;
                } else {
                    if (expect && (dlen != elen || memcmp(data, expect, elen) != 0))
                        wrong++;
                    consume(c, (size_t)a);
                }
                c->done++;
                (*answers)++;
                c->waiting = false;
            }
        }
    }
    free(pf);
    return wrong;
}

static Conn *open_clients(const char *addr, int n)
{
    Conn *cs = calloc((size_t)n, sizeof *cs);
    for (int i = 0; i < n; i++) {
        cs[i].fd = connect_to(addr);
        if (cs[i].fd < 0) {
            for (int k = 0; k < i; k++)
                close(cs[k].fd);
            free(cs);
            return NULL;
        }
    }
    return cs;
}

static void close_clients(Conn *cs, int n)
{
    for (int i = 0; i < n; i++)
        close(cs[i].fd);
    free(cs);
}

static int cmd_read(const char *addr, const char *handler)
{
    Conn *c = open_clients(addr, 1);
    if (!c)
        return die("cannot connect to %s", addr);
    char req[512];
    int n = snprintf(req, sizeof req, "READ %s\r\nQUIT\r\n", handler);
    int st = send_all(c->fd, req, (size_t)n) ? 0 : die("%s: cannot send", addr);
    while (!st && c->len < sizeof c->buf) {
        if (!wait_fd(c->fd, POLLIN, TIMEOUT_MS)) {
            st = die("%s: no answer in time", addr);
            break;
        }
        ssize_t k = recv(c->fd, c->buf + c->len, sizeof c->buf - c->len, 0);
        if (k <= 0)
            break;
        c->len += (size_t)k;
    }
    const char *nl = memchr(c->buf, '\n', c->len), *data;
    size_t dlen;
    if (!st && nl) {
        consume(c, (size_t)(nl + 1 - c->buf));
        if (parse_answer(c, &data, &dlen) > 0)
            fwrite(data, 1, dlen, stdout);
        else {
            fwrite(c->buf, 1, c->len, stderr);
            st = die("READ %s: not a 200 answer", handler);
        }
    } else if (!st)
        st = die("%s: no greeting", addr);
    close_clients(c, 1);
    return st;
}

static int cmd_many(const char *addr, int n, long rounds, const char *handler,
                    const char *expect)
{
    Conn *cs = open_clients(addr, n);
    if (!cs)
        return die("cannot open the connections to %s", addr);
    long answers;
    long wrong = run_clients(cs, n, handler, expect, rounds, 0, &answers);
    close_clients(cs, n);
    if (wrong < 0)
        return die("%s: a connection failed or timed out", addr);
    printf("%ld answers from %d clients, %ld wrong\n", answers, n, wrong);
    return wrong || answers != n * rounds;
}

static int cmd_bench(const char *addr, int n, double seconds, const char *handler)
{
    Conn *cs = open_clients(addr, n);
    if (!cs)
        return die("cannot open the connections to %s", addr);
    long answers;
    double t0 = now_s();
    long wrong = run_clients(cs, n, handler, NULL, -1, t0 + seconds, &answers);
    double t = now_s() - t0;
    close_clients(cs, n);
    if (wrong != 0)
        return die("%s: failed", addr);
    printf("%.0f\n", (double)answers / t);
    return 0;
}

static int cmd_garbage(const char *addr, long bytes, unsigned long seed)
{
    int fd = connect_to(addr);
    if (fd < 0)
        return die("cannot connect to %s", addr);
    char *p = malloc((size_t)bytes + 1);
    uint64_t s = seed * 0x9e3779b97f4a7c15ull + 1;
    for (long i = 0; i < bytes; i++) {
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        p[i] = (char)(s >> 24);
    }
    bool sent = send_all(fd, p, (size_t)bytes);
    free(p);
    shutdown(fd, SHUT_WR);
    long r = read_to_eof(fd, NULL);
    close(fd);
    if (!sent && r >= 0)
        return 0;   /* the server closed first (it read a QUIT): fine */
    return r < 0 ? die("%s: no close after the garbage", addr) : 0;
}

static int cmd_stall(const char *addr, double seconds)
{
    int fd = connect_to(addr);
    if (fd < 0)
        return die("cannot connect to %s", addr);
    send_all(fd, "READ c.cou", 10);
    struct timespec ts = {(time_t)seconds, (long)((seconds - (double)(time_t)seconds) * 1e9)};
    nanosleep(&ts, NULL);
    close(fd);
    return 0;
}

int main(int argc, char **argv)
{
    const char *m = argc > 2 ? argv[1] : "";
    if (strcmp(m, "send") == 0 && (argc == 4 || argc == 5))
        return cmd_send(argv[2], argv[3], argc == 5 ? strtoul(argv[4], NULL, 10) : 0);
    if (strcmp(m, "read") == 0 && argc == 4)
        return cmd_read(argv[2], argv[3]);
    if (strcmp(m, "many") == 0 && argc == 7)
        return cmd_many(argv[2], atoi(argv[3]), atol(argv[4]), argv[5], argv[6]);
    if (strcmp(m, "bench") == 0 && argc == 6)
        return cmd_bench(argv[2], atoi(argv[3]), atof(argv[4]), argv[5]);
    if (strcmp(m, "garbage") == 0 && argc == 5)
        return cmd_garbage(argv[2], atol(argv[3]), strtoul(argv[4], NULL, 10));
    if (strcmp(m, "stall") == 0 && argc == 4)
        return cmd_stall(argv[2], atof(argv[3]));
    fprintf(stderr, "usage: ctlclient send|read|many|bench|garbage|stall ADDR ...\n"
                    "(see the comment at the top of tests/tools/ctlclient.c)\n");
    return 2;
}
