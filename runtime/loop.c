/*
 * loop.c -- the event loop: one listening socket (TCP, loopback unless
 * an address is given, or Unix), many clients, one poll().  Each turn
 * every client sends what it can, reads what it can, and runs a few of
 * its commands, so a slow, stuck or hostile client never holds up the
 * others.  SIGINT and SIGTERM arrive through a signalfd and end the
 * loop cleanly.
 *
 * The shell (shell.c) runs on the same loop: while it waits for a key or
 * a line it calls rt_loop_wait(), which turns the loop, with standard
 * input in the poll set, until standard input is readable.  Clients are
 * so served while a person types, and the shell's commands run between
 * two turns as a client's do.  With the shell and no --listen the loop
 * has no listening socket and only the shell is served.
 *
 * A connection that is done (QUIT, its input ended, or refused) is not
 * closed at once: its sending side is shut and what the client still
 * sends is read and dropped until it closes too (at most LINGER_MS), so
 * the last answers are not lost to a reset.
 */
#include "runtime_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

/* ---- Addresses ------------------------------------------------------------ */

bool rt_listen_parse(const char *spec, RtListen *l, char *err, size_t errlen)
{
    memset(l, 0, sizeof *l);
    if (strncmp(spec, "unix:", 5) == 0) {
        const char *path = spec + 5;
        if (!*path || strlen(path) >= sizeof ((struct sockaddr_un *)0)->sun_path) {
            snprintf(err, errlen, "--listen %s: the socket path must have 1 to %zu "
                                  "characters", spec,
                     sizeof ((struct sockaddr_un *)0)->sun_path - 1);
            return false;
        }
        l->is_unix = true;
        l->path = xstrdup(path);
        return true;
    }
    if (strncmp(spec, "tcp:", 4) != 0) {
        snprintf(err, errlen, "--listen %s: expected tcp:[ADDRESS:]PORT or unix:PATH", spec);
        return false;
    }
    const char *rest = spec + 4, *colon = strrchr(rest, ':');
    const char *port = colon ? colon + 1 : rest;
    char *endp;
    errno = 0;
    unsigned long p = strtoul(port, &endp, 10);
    if (!*port || *endp || errno || p > 65535 || *port == '-' || *port == '+') {
        snprintf(err, errlen, "--listen %s: '%s' is not a TCP port (0 to 65535)", spec, port);
        return false;
    }
    if (colon) {
        const char *h = rest;
        size_t n = (size_t)(colon - rest);
        if (n >= 2 && h[0] == '[' && h[n - 1] == ']')     /* [IPv6] */
            h++, n -= 2;
        if (!n) {
            snprintf(err, errlen, "--listen %s: empty address", spec);
            return false;
        }
        l->host = xstrndup(h, n);
    }
    l->port = xstrdup(port);
    return true;
}

void rt_listen_free(RtListen *l)
{
    free(l->host);
    free(l->port);
    free(l->path);
    memset(l, 0, sizeof *l);
}

static int open_tcp(const RtListen *l, char *desc, size_t desclen, char *err,
                    size_t errlen)
{
    const char *host = l->host ? l->host : "127.0.0.1";
    struct addrinfo hints = {.ai_flags = AI_PASSIVE | AI_NUMERICSERV,
                             .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
    struct addrinfo *res;
    int r = getaddrinfo(host, l->port, &hints, &res);
    if (r) {
        snprintf(err, errlen, "--listen tcp:%s:%s: %s", host, l->port, gai_strerror(r));
        return -1;
    }
    int fd = -1, e = 0;
    for (struct addrinfo *a = res; a && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            e = errno;
            continue;
        }
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, a->ai_addr, a->ai_addrlen) != 0 || listen(fd, 128) != 0) {
            e = errno;
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    if (fd < 0) {
        snprintf(err, errlen, "--listen tcp:%s:%s: %s", host, l->port, strerror(e));
        return -1;
    }
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    char addr[INET6_ADDRSTRLEN] = "?";
    int port = 0;
    if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0) {
        if (ss.ss_family == AF_INET6) {
            const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)&ss;
            inet_ntop(AF_INET6, &s6->sin6_addr, addr, sizeof addr);
            port = ntohs(s6->sin6_port);
            snprintf(desc, desclen, "tcp:[%s]:%d", addr, port);
            return fd;
        }
        const struct sockaddr_in *s4 = (const struct sockaddr_in *)&ss;
        inet_ntop(AF_INET, &s4->sin_addr, addr, sizeof addr);
        port = ntohs(s4->sin_port);
    }
    snprintf(desc, desclen, "tcp:%s:%d", addr, port);
    return fd;
}

static int open_unix(const RtListen *l, char *desc, size_t desclen, char *err,
                     size_t errlen)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    strcpy(sa.sun_path, l->path);
    struct stat st;
    if (lstat(l->path, &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) {
            snprintf(err, errlen, "--listen unix:%s: the file exists and is not a socket",
                     l->path);
            return -1;
        }
        /* A socket nobody answers on is left over: replace it. */
        int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        bool live = probe >= 0 && connect(probe, (struct sockaddr *)&sa, sizeof sa) == 0;
        if (probe >= 0)
            close(probe);
        if (live) {
            snprintf(err, errlen, "--listen unix:%s: another program is serving it",
                     l->path);
            return -1;
        }
        unlink(l->path);
    }
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, 128) != 0) {
        snprintf(err, errlen, "--listen unix:%s: %s", l->path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    snprintf(desc, desclen, "unix:%s", l->path);
    return fd;
}

/* ---- Clients ----------------------------------------------------------------- */

enum { LINGER_MS = 5000 };

typedef struct Client {
    int fd;
    bool broken;            /* the socket failed: close at once */
    bool lingering;         /* answered and shut: dropping input until EOF */
    uint64_t linger_end;    /* ms (rt_clock_monotonic) */
    CsConn conn;
} Client;

struct RtLoop {
    Runtime *rt;
    int sfd;                /* signalfd: SIGINT, SIGTERM (and SIGHUP with the shell) */
    int lfd;                /* listening socket, or -1 */
    Client *clients;
    int nclients, cap;
    struct pollfd *pfds;
    int pcap;
    bool no_fds;            /* out of file descriptors: wait for a close */
    bool busy;              /* clients have commands left: poll without waiting */
    bool stop;              /* a signal came: end */
    bool interrupted;       /* a signal handler ran during poll() */
};

static void accept_clients(RtLoop *lp)
{
    for (;;) {
        int fd = accept4(lp->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            /* EAGAIN, or a connection that went away; out of descriptors,
             * stop listening until a client leaves (else poll spins). */
            lp->no_fds = errno == EMFILE || errno == ENFILE;
            return;
        }
        if (lp->nclients >= RT_MAX_CONNS) {
            close(fd);
            continue;
        }
        int one = 1;    /* answers go out at once (fails harmlessly on Unix sockets) */
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        Client c = {fd, false, false, 0, {0}};
        VEC_PUSH(lp->clients, lp->nclients, lp->cap, c);
        cs_conn_init(&lp->clients[lp->nclients - 1].conn, lp->rt);
    }
}

static void flush(Client *c)
{
    while (!c->broken && cs_conn_pending(&c->conn)) {
        ssize_t k = send(c->fd, cs_conn_output(&c->conn), cs_conn_pending(&c->conn),
                         MSG_NOSIGNAL | MSG_DONTWAIT);
        if (k > 0)
            cs_conn_sent(&c->conn, (size_t)k);
        else if (k < 0 && errno == EINTR)
            continue;
        else if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        else
            c->broken = true;   /* EPIPE, ECONNRESET: the client is gone */
    }
}

static void receive(Client *c)
{
    char buf[65536];
    size_t room = cs_conn_input_room(&c->conn);
    if (!room)
        return;
    ssize_t k = recv(c->fd, buf, room < sizeof buf ? room : sizeof buf, MSG_DONTWAIT);
    if (k > 0)
        cs_conn_input(&c->conn, buf, (size_t)k);
    else if (k == 0)
        cs_conn_eof(&c->conn);
    else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        cs_conn_eof(&c->conn);
        c->broken = true;
    }
}

/* Drops what a lingering client sends (a bounded amount per turn); true
 * once it has closed. */
static bool drain(Client *c)
{
    char buf[65536];
    for (int i = 0; i < 16; i++) {
        ssize_t k = recv(c->fd, buf, sizeof buf, MSG_DONTWAIT);
        if (k <= 0)
            return k == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
    }
    return false;
}

/* One turn for one client; true when it has commands left to run. */
static bool serve_client(Client *c, short revents)
{
    if (revents & POLLERR)
        c->broken = true;
    if (c->lingering) {
        if (revents & (POLLIN | POLLHUP))
            c->broken = drain(c);
        return false;
    }
    flush(c);
    if (revents & (POLLIN | POLLHUP))
        receive(c);
    bool more = cs_conn_run(&c->conn, RT_CMDS_PER_TURN);
    flush(c);
    return more && !c->broken;
}

/* Whether to close c now; a client that is done starts lingering. */
static bool done_with(Client *c, uint64_t now)
{
    if (c->broken || (c->lingering && now >= c->linger_end))
        return true;
    if (!c->lingering && cs_conn_finished(&c->conn) && !cs_conn_pending(&c->conn)) {
        if (shutdown(c->fd, SHUT_WR) != 0)
            return true;
        c->lingering = true;
        c->linger_end = now + LINGER_MS;
        c->broken = drain(c);
        return c->broken;
    }
    return false;
}

/* ---- The loop -------------------------------------------------------------- */

enum { PFD_SIGNAL, PFD_LISTEN, PFD_WATCH, PFD_CLIENTS };

/* One turn: poll the signals, the listening socket, the clients and
 * watch (a descriptor the caller waits for, or -1), then serve.  Returns
 * watch's poll events (0 when it is not ready). */
static short loop_turn(RtLoop *lp, int watch)
{
    int need = lp->nclients + PFD_CLIENTS;
    if (need > lp->pcap) {
        lp->pcap = need * 2;
        lp->pfds = xrealloc(lp->pfds, (size_t)lp->pcap * sizeof *lp->pfds);
    }
    lp->pfds[PFD_SIGNAL] = (struct pollfd){.fd = lp->sfd, .events = POLLIN};
    lp->pfds[PFD_LISTEN] = (struct pollfd){.fd = lp->lfd, .events = lp->no_fds ? 0 : POLLIN};
    lp->pfds[PFD_WATCH] = (struct pollfd){.fd = watch, .events = POLLIN};
    for (int i = 0; i < lp->nclients; i++) {
        const Client *c = &lp->clients[i];
        short ev = 0;
        if (c->lingering || cs_conn_input_room(&c->conn))
            ev |= POLLIN;
        if (!c->lingering && cs_conn_pending(&c->conn))
            ev |= POLLOUT;
        lp->pfds[i + PFD_CLIENTS] = (struct pollfd){.fd = c->fd, .events = ev};
    }
    int nfds = lp->nclients + PFD_CLIENTS, timeout = lp->busy ? 0 : -1;
    uint64_t now = rt_clock_monotonic(NULL);
    for (int i = 0; i < lp->nclients && !lp->busy; i++)
        if (lp->clients[i].lingering) {
            uint64_t end = lp->clients[i].linger_end;
            int left = end > now ? (int)(end - now) : 0;
            if (timeout < 0 || left < timeout)
                timeout = left;
        }
    if (poll(lp->pfds, (nfds_t)nfds, timeout) < 0) {
        if (errno == EINTR)     /* SIGWINCH, SIGCONT while the shell waits */
            lp->interrupted = true;
        else {
            fprintf(stderr, "fpgagen: poll: %s\n", strerror(errno));
            lp->stop = true;
        }
        return 0;
    }
    if (lp->pfds[PFD_SIGNAL].revents & POLLIN) {
        /* SIGINT, SIGTERM: every pending one is taken, so unblocking
         * them at the end cannot kill us. */
        struct signalfd_siginfo si;
        while (read(lp->sfd, &si, sizeof si) > 0)
            ;
        lp->stop = true;
        return 0;
    }
    lp->busy = false;
    int before = lp->nclients;
    for (int i = 0; i < before; i++)
        lp->busy |= serve_client(&lp->clients[i], lp->pfds[i + PFD_CLIENTS].revents);
    if (lp->pfds[PFD_LISTEN].revents & POLLIN) {
        accept_clients(lp);
        for (int i = before; i < lp->nclients; i++)
            lp->busy |= serve_client(&lp->clients[i], 0);
    }
    int k = 0;
    now = rt_clock_monotonic(NULL);
    for (int i = 0; i < lp->nclients; i++) {
        if (done_with(&lp->clients[i], now)) {
            lp->no_fds = false;
            close(lp->clients[i].fd);
            cs_conn_free(&lp->clients[i].conn);
        } else
            lp->clients[k++] = lp->clients[i];
    }
    lp->nclients = k;
    return lp->pfds[PFD_WATCH].revents;
}

RtWait rt_loop_wait(RtLoop *lp, int fd)
{
    while (!lp->stop) {
        if (loop_turn(lp, fd))
            return RT_WAIT_READY;   /* POLLIN, or HUP/ERR/NVAL: the read tells */
        if (lp->interrupted) {
            lp->interrupted = false;
            return RT_WAIT_SIGNAL;
        }
    }
    return RT_WAIT_STOP;
}

int rt_serve(Runtime *rt, const RtListen *l, bool shell, FILE *announce)
{
    char err[512], desc[256];
    sigset_t sigs, old;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    if (shell)      /* the terminal went away: end cleanly, as on SIGTERM */
        sigaddset(&sigs, SIGHUP);
    RtLoop lp = {.rt = rt, .sfd = -1, .lfd = -1};
    if (sigprocmask(SIG_BLOCK, &sigs, &old) != 0 ||
        (lp.sfd = signalfd(-1, &sigs, SFD_NONBLOCK | SFD_CLOEXEC)) < 0) {
        fprintf(stderr, "fpgagen: cannot watch signals: %s\n", strerror(errno));
        return 1;
    }
    if (l) {
        lp.lfd = l->is_unix ? open_unix(l, desc, sizeof desc, err, sizeof err)
                            : open_tcp(l, desc, sizeof desc, err, sizeof err);
        if (lp.lfd < 0) {
            fprintf(stderr, "fpgagen: %s\n", err);
            close(lp.sfd);
            sigprocmask(SIG_SETMASK, &old, NULL);
            return 1;
        }
        if (announce) {
            fprintf(announce, "fpgagen: listening on %s\n", desc);
            fflush(announce);
        }
        /* Room for RT_MAX_CONNS clients where the hard limit allows. */
        struct rlimit rl;
        if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < RT_MAX_CONNS + 64) {
            rl.rlim_cur = rl.rlim_max < RT_MAX_CONNS + 64 ? rl.rlim_max : RT_MAX_CONNS + 64;
            setrlimit(RLIMIT_NOFILE, &rl);
        }
    }
    int st = 0;
    if (shell)
        st = rt_shell_run(rt, &lp);
    else
        while (!lp.stop)
            loop_turn(&lp, -1);
    for (int i = 0; i < lp.nclients; i++) {
        flush(&lp.clients[i]);
        close(lp.clients[i].fd);
        cs_conn_free(&lp.clients[i].conn);
    }
    free(lp.clients);
    free(lp.pfds);
    if (lp.lfd >= 0) {
        close(lp.lfd);
        if (l->is_unix)
            unlink(l->path);
    }
    close(lp.sfd);
    sigprocmask(SIG_SETMASK, &old, NULL);
    return st;
}
