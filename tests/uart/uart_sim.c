/*
 * uart_sim.c -- backend_uart_ops (runtime/backend_uart.c) end to end
 * against the UART register bridge in simulation.
 *
 * A child process runs the Verilator model of uart_sim_top (the bridge in
 * front of a small register map, tests/uart/uart_sim_top.v) and moves bytes
 * between the master side of a pseudo-terminal and the model's UART pins,
 * bit by bit at CLKS_PER_BIT cycles a bit.  The parent opens the slave side
 * with backend_uart_ops, as the runtime opens /dev/ttyUSB1, and checks what
 * the registers do.  The child can corrupt the traffic (flipped bits, lost
 * bytes, garbage between frames) and can stop answering.
 *
 * One line per test: `PASS name` or `FAIL name: why`; exit status 1 if any
 * failed.  Run by tests/uart/run.sh, which builds it.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include "backend.h"
#include "uart_model.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#ifndef UART_SIM_CLKS_PER_BIT
#define UART_SIM_CLKS_PER_BIT 8     /* uart_sim_top's CLKS_PER_BIT */
#endif

enum {
    CLKS_PER_BIT = UART_SIM_CLKS_PER_BIT,
    MAP_BYTES = 256,
    MAGIC = 0x46504741,
};

/* uart_sim_top's registers */
enum {
    R_MAGIC = 0x00,
    R_ADDR_WIDTH = 0x1c,
    R_REGS = 0x20,          /* eight of them */
    R_WRITES = 0x40,
    R_POP = 0x44,
    R_UNMAPPED = 0x60,
    R_HANG = 0x80,
};

/* Shared by the parent and the simulating child (MAP_SHARED). */
typedef struct SimControl {
    atomic_int mute;        /* drop every byte the bridge sends */
    atomic_int flip_ppm;    /* per byte, both ways: one bit flipped */
    atomic_int drop_ppm;    /* per byte to the bridge: lost */
    atomic_int garbage_ppm; /* per idle moment, both ways: a random byte */
    atomic_int stop;
    atomic_long bytes_in;   /* bytes the host sent */
    atomic_long frames_in;  /* request frames the host sent */
    atomic_long bytes_out;  /* bytes the bridge sent */
} SimControl;

/* ---- The simulating child -------------------------------------------- */

typedef struct Sim {
    UartModel *m;
    int fd;                 /* the pty's master side */
    SimControl *ctl;
    uint64_t rng;
    uint64_t cycle;
    int frame_left;         /* bytes of the host's frame still to come */
    /* host to bridge: bytes waiting, and the one on rxd */
    uint8_t queue[4096];
    size_t head, len;
    unsigned shift;         /* bits still to drive, next in bit 0 */
    int bits_left;          /* 0: rxd idle */
    int bit_cycles;
    /* bridge to host: txd being decoded */
    int rx_phase;           /* -1 idle, else cycles since the start edge */
    unsigned rx_byte;
    int prev_txd;
    uint64_t last_out_cycle;
} Sim;

static uint64_t rnd(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static bool chance(Sim *s, int ppm)
{
    return ppm > 0 && rnd(&s->rng) % 1000000 < (uint64_t)ppm;
}

static void enqueue(Sim *s, uint8_t b)
{
    if (s->len < sizeof s->queue) {
        s->queue[(s->head + s->len) % sizeof s->queue] = b;
        s->len++;
    }
}

static bool rxd_idle(const Sim *s)
{
    return s->len == 0 && s->bits_left == 0;
}

/* Takes what the host wrote, through the noise, into the queue. */
static void from_host(Sim *s)
{
    uint8_t buf[256];
    ssize_t r = read(s->fd, buf, sizeof buf);
    for (ssize_t i = 0; i < r; i++) {
        uint8_t b = buf[i];
        atomic_fetch_add(&s->ctl->bytes_in, 1);
        /* the host's frames, counted as it sent them (before the noise) */
        if (s->frame_left == 0 && b == 0xA5) {
            atomic_fetch_add(&s->ctl->frames_in, 1);
            s->frame_left = -1;
        } else if (s->frame_left < 0) {
            unsigned op = b & 3;        /* the rest: address, data, CRC */
            s->frame_left = op == 0 ? 5 : op == 1 ? 9 : 1;
        } else if (s->frame_left > 0) {
            s->frame_left--;
        }
        if (chance(s, atomic_load(&s->ctl->drop_ppm)))
            continue;
        if (chance(s, atomic_load(&s->ctl->flip_ppm)))
            b ^= (uint8_t)(1u << rnd(&s->rng) % 8);
        /* garbage only between frames, and never a start byte: inside a
         * frame it could, once in a few hundred times, make another
         * frame whose CRC happens to check (docs/uart.md) */
        if (rxd_idle(s) && chance(s, atomic_load(&s->ctl->garbage_ppm))) {
            uint8_t g = (uint8_t)rnd(&s->rng);
            enqueue(s, g == 0xA5 ? 0x00 : g);
        }
        enqueue(s, b);
    }
}

/* The level of rxd in this cycle: 8N1, bytes back to back. */
static int rxd_bit(Sim *s)
{
    if (s->bits_left == 0) {
        if (s->len == 0)
            return 1;
        uint8_t b = s->queue[s->head];
        s->head = (s->head + 1) % sizeof s->queue;
        s->len--;
        s->shift = (unsigned)b << 1 | 1u << 9;      /* start, data, stop */
        s->bits_left = 10;
        s->bit_cycles = 0;
    }
    int bit = (int)(s->shift & 1);
    if (++s->bit_cycles == CLKS_PER_BIT) {
        s->bit_cycles = 0;
        s->shift >>= 1;
        s->bits_left--;
    }
    return bit;
}

static void to_host(Sim *s, uint8_t b)
{
    atomic_fetch_add(&s->ctl->bytes_out, 1);
    if (atomic_load(&s->ctl->mute))
        return;
    uint8_t out[2];
    size_t n = 0;
    if (s->cycle - s->last_out_cycle > 20 * CLKS_PER_BIT &&
        chance(s, atomic_load(&s->ctl->garbage_ppm)))
        out[n++] = (uint8_t)rnd(&s->rng);
    if (chance(s, atomic_load(&s->ctl->flip_ppm)))
        b ^= (uint8_t)(1u << rnd(&s->rng) % 8);
    out[n++] = b;
    s->last_out_cycle = s->cycle;
    for (size_t i = 0; i < n;) {
        ssize_t w = write(s->fd, out + i, n - i);
        if (w > 0)
            i += (size_t)w;
        else if (w < 0 && errno != EAGAIN && errno != EINTR)
            return;
    }
}

/* txd decoded in the middle of each bit. */
static void txd_sample(Sim *s, int txd)
{
    if (s->rx_phase < 0) {
        if (s->prev_txd && !txd)
            s->rx_phase = 0;
    } else {
        int mid = CLKS_PER_BIT / 2, p = ++s->rx_phase;
        if (p >= CLKS_PER_BIT + mid && (p - mid) % CLKS_PER_BIT == 0) {
            int k = (p - mid) / CLKS_PER_BIT;       /* 1..8 data, 9 stop */
            if (k <= 8) {
                s->rx_byte = s->rx_byte >> 1 | (unsigned)txd << 7;
            } else {
                if (txd)
                    to_host(s, (uint8_t)s->rx_byte);
                s->rx_phase = -1;
            }
        }
    }
    s->prev_txd = txd;
}

static void run_sim(int fd, SimControl *ctl)
{
    Sim s = {.fd = fd, .ctl = ctl, .rng = 12345, .rx_phase = -1, .prev_txd = 1};
    s.m = uart_model_open();
    for (int i = 0; i < 8; i++)
        uart_model_cycle(s.m, 1, 1);
    uint64_t quiet = 0;
    for (;;) {
        if ((s.cycle & 63) == 0) {
            if (atomic_load(&ctl->stop))
                break;
            from_host(&s);
        }
        int txd = uart_model_cycle(s.m, 0, rxd_bit(&s));
        txd_sample(&s, txd);
        s.cycle++;
        /* nothing on the pins for a while: the bridge is idle (its frame
         * and bus timeouts are far shorter), so wait for the host */
        quiet = rxd_idle(&s) && s.rx_phase < 0 && txd ? quiet + 1 : 0;
        if (quiet > 65536 && (s.cycle & 4095) == 0) {
            struct pollfd pf = {.fd = fd, .events = POLLIN};
            poll(&pf, 1, 1);
        }
    }
    uart_model_close(s.m);
}

/* ---- The parent: a pty, the child, the tests -------------------------- */

typedef struct Harness {
    int master;             /* kept by the parent when there is no child */
    int slave_keep;         /* the slave side held open: no hang-up */
    char path[128];
    pid_t pid;
    SimControl *ctl;
} Harness;

static bool harness_start(Harness *h, bool simulate, char *why, size_t whylen)
{
    memset(h, 0, sizeof *h);
    h->master = h->slave_keep = -1;
    h->master = posix_openpt(O_RDWR | O_NOCTTY);
    if (h->master < 0 || grantpt(h->master) != 0 || unlockpt(h->master) != 0 ||
        ptsname_r(h->master, h->path, sizeof h->path) != 0) {
        snprintf(why, whylen, "cannot make a pseudo-terminal: %s", strerror(errno));
        return false;
    }
    h->slave_keep = open(h->path, O_RDWR | O_NOCTTY);
    struct termios t;
    if (h->slave_keep < 0 || tcgetattr(h->slave_keep, &t) != 0) {
        snprintf(why, whylen, "cannot open %s: %s", h->path, strerror(errno));
        return false;
    }
    cfmakeraw(&t);
    tcsetattr(h->slave_keep, TCSANOW, &t);
    h->ctl = mmap(NULL, sizeof *h->ctl, PROT_READ | PROT_WRITE,
                  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (h->ctl == MAP_FAILED) {
        h->ctl = NULL;
        snprintf(why, whylen, "mmap: %s", strerror(errno));
        return false;
    }
    memset(h->ctl, 0, sizeof *h->ctl);
    if (!simulate)
        return true;
    fflush(stdout);
    h->pid = fork();
    if (h->pid < 0) {
        snprintf(why, whylen, "fork: %s", strerror(errno));
        return false;
    }
    if (h->pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        close(h->slave_keep);
        fcntl(h->master, F_SETFL, fcntl(h->master, F_GETFL) | O_NONBLOCK);
        run_sim(h->master, h->ctl);
        _exit(0);
    }
    close(h->master);
    h->master = -1;
    return true;
}

static void harness_stop(Harness *h)
{
    if (h->pid > 0) {
        atomic_store(&h->ctl->stop, 1);
        for (int i = 0; i < 200; i++) {
            if (waitpid(h->pid, NULL, WNOHANG) == h->pid) {
                h->pid = 0;
                break;
            }
            usleep(10000);
        }
        if (h->pid > 0) {
            kill(h->pid, SIGKILL);
            waitpid(h->pid, NULL, 0);
        }
    }
    if (h->master >= 0)
        close(h->master);
    if (h->slave_keep >= 0)
        close(h->slave_keep);
    if (h->ctl)
        munmap(h->ctl, sizeof *h->ctl);
    memset(h, 0, sizeof *h);
}

static void set_noise(SimControl *c, int flip, int drop, int garbage)
{
    atomic_store(&c->flip_ppm, flip);
    atomic_store(&c->drop_ppm, drop);
    atomic_store(&c->garbage_ppm, garbage);
}

/* The first failed check of a test, and the count of all of them. */
typedef struct Check {
    int failed;
    char why[512];
} Check;

static void check(Check *c, bool ok, const char *fmt, ...)
{
    if (ok)
        return;
    if (c->failed++ == 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(c->why, sizeof c->why, fmt, ap);
        va_end(ap);
    }
}

typedef struct Tally {
    int passed, failed;
} Tally;

static void report(Tally *t, const char *name, const Check *c)
{
    if (c->failed == 0) {
        t->passed++;
        printf("PASS %s\n", name);
    } else {
        t->failed++;
        if (c->failed > 1)
            printf("FAIL %s: %s (and %d more)\n", name, c->why, c->failed - 1);
        else
            printf("FAIL %s: %s\n", name, c->why);
    }
    fflush(stdout);
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static Backend *open_backend(Check *c, const Harness *h, const char *suffix,
                             uint64_t map_bytes)
{
    char arg[192], err[512] = "";
    snprintf(arg, sizeof arg, "%s%s", h->path, suffix);
    Backend *b = backend_uart_ops.open(arg, map_bytes, err, sizeof err);
    check(c, b != NULL, "open uart:%s: %s", arg, err);
    return b;
}

static BackendStatus rd(Backend *b, uint32_t addr, uint32_t *v)
{
    *v = 0xDEADBEEF;
    return backend_uart_ops.read(b, addr, v);
}

static BackendStatus wr(Backend *b, uint32_t addr, uint32_t v)
{
    return backend_uart_ops.write(b, addr, v);
}

/* open() must fail with a message that contains `want`. */
static void expect_open_error(Tally *t, const char *name, const char *arg,
                              uint64_t map_bytes, const char *want)
{
    Check c = {0};
    char err[512] = "";
    Backend *b = backend_uart_ops.open(arg, map_bytes, err, sizeof err);
    check(&c, b == NULL, "uart:%s opened", arg);
    if (b)
        backend_uart_ops.close(b);
    check(&c, strstr(err, want) != NULL, "message '%s' does not say '%s'", err, want);
    report(t, name, &c);
}

static void test_open_errors(Tally *t)
{
    Harness h;
    char why[256], arg[192];
    Check c = {0};
    if (!harness_start(&h, false, why, sizeof why)) {
        check(&c, false, "%s", why);
        report(t, "open/errors", &c);
        return;
    }
    expect_open_error(t, "open/no-device", "", MAP_BYTES, "uart:: no device");
    expect_open_error(t, "open/no-device-with-baud", "@115200", MAP_BYTES, "uart:@115200: no device");
    expect_open_error(t, "open/missing-device", "/nonexistent/ttyUSB9@115200", MAP_BYTES,
                      "uart:/nonexistent/ttyUSB9@115200: cannot open /nonexistent/ttyUSB9: "
                      "No such file or directory");
    snprintf(arg, sizeof arg, "%s@11520O", h.path);
    expect_open_error(t, "open/bad-baud-text", arg, MAP_BYTES, "bad baud rate '11520O'");
    snprintf(arg, sizeof arg, "%s@12345", h.path);
    expect_open_error(t, "open/unsupported-baud", arg, MAP_BYTES, "(one of 1200, 2400");
    snprintf(arg, sizeof arg, "%s@", h.path);
    expect_open_error(t, "open/empty-baud", arg, MAP_BYTES, "bad baud rate ''");
    expect_open_error(t, "open/not-a-terminal", "/dev/null@115200", MAP_BYTES,
                      "uart:/dev/null@115200: /dev/null is not a serial port");

    /* a terminal with nothing behind it: every try times out */
    Check nb = {0};
    char err[512] = "";
    snprintf(arg, sizeof arg, "%s@115200", h.path);
    double t0 = seconds();
    Backend *b = backend_uart_ops.open(arg, MAP_BYTES, err, sizeof err);
    double dt = seconds() - t0;
    check(&nb, b == NULL, "opened with no bridge behind the terminal");
    if (b)
        backend_uart_ops.close(b);
    check(&nb, strstr(err, "no answer from the register bridge") != NULL &&
               strstr(err, "115200 baud") != NULL, "message: %s", err);
    /* four tries of 100 ms and the frames, three gaps of 2000 bit times */
    check(&nb, dt > 0.4 && dt < 1.5, "gave up after %.3f s (expected about 0.47 s)", dt);
    report(t, "open/no-bridge", &nb);
    harness_stop(&h);
}

/* Registers, errors, ranges, the bus timeout, the port lock. */
static void test_basic(Tally *t, Harness *h)
{
    Check c = {0};
    Backend *b = open_backend(&c, h, "", MAP_BYTES);      /* 115200 baud */
    if (!b) {
        report(t, "basic", &c);
        return;
    }
    uint32_t v;
    BackendStatus s = rd(b, R_MAGIC, &v);
    check(&c, s == BK_OK && v == MAGIC, "magic: status %d value %08x", s, v);
    s = rd(b, R_ADDR_WIDTH, &v);
    check(&c, s == BK_OK && v == 8, "address width: status %d value %u", s, v);
    uint32_t writes0 = 0;
    check(&c, rd(b, R_WRITES, &writes0) == BK_OK, "read the write count");
    for (uint32_t i = 0; i < 8; i++)
        check(&c, wr(b, R_REGS + 4 * i, 0x11111111u * i + 0x0F) == BK_OK, "write reg %u", i);
    for (uint32_t i = 0; i < 8; i++) {
        s = rd(b, R_REGS + 4 * i, &v);
        check(&c, s == BK_OK && v == 0x11111111u * i + 0x0F,
              "reg %u: status %d value %08x", i, s, v);
    }
    s = rd(b, R_WRITES, &v);
    check(&c, s == BK_OK && v == writes0 + 8, "write count %u, expected %u", v, writes0 + 8);

    s = rd(b, R_UNMAPPED, &v);
    check(&c, s == BK_ERR, "read of an unmapped register: status %d", s);
    s = wr(b, R_MAGIC, 1);
    check(&c, s == BK_ERR, "write to the ID block: status %d", s);
    double t0 = seconds();
    s = rd(b, R_HANG, &v);
    double dt = seconds() - t0;
    check(&c, s == BK_TIMEOUT, "read of a register that never answers: status %d", s);
    check(&c, dt < 0.09, "the bus timeout took %.3f s (an answer, not a host timeout)", dt);

    long in0 = atomic_load(&h->ctl->bytes_in);
    s = rd(b, R_REGS + 2, &v);
    check(&c, s == BK_RANGE, "unaligned read: status %d", s);
    s = wr(b, MAP_BYTES, 1);
    check(&c, s == BK_RANGE, "write past the map: status %d", s);
    s = rd(b, 0xFFFFFFFCu, &v);
    check(&c, s == BK_RANGE, "read at 0xfffffffc: status %d", s);
    check(&c, atomic_load(&h->ctl->bytes_in) == in0, "range errors sent %ld bytes",
          atomic_load(&h->ctl->bytes_in) - in0);

    char arg[192], err[512] = "";
    snprintf(arg, sizeof arg, "%s@115200", h->path);
    Backend *b2 = backend_uart_ops.open(arg, MAP_BYTES, err, sizeof err);
    check(&c, b2 == NULL && strstr(err, "in use by another program"),
          "a second open of the port: %s", b2 ? "opened" : err);
    if (b2)
        backend_uart_ops.close(b2);
    backend_uart_ops.close(b);
    report(t, "basic", &c);

    Check m = {0};
    snprintf(arg, sizeof arg, "%s@1000000", h->path);
    b2 = backend_uart_ops.open(arg, 512, err, sizeof err);
    check(&m, b2 == NULL && strstr(err, "the bridge has 8 address bits, too few for a register map of 512 bytes"),
          "a 512-byte map on an 8-bit bridge: %s", b2 ? "opened" : err);
    if (b2)
        backend_uart_ops.close(b2);
    report(t, "open/map-too-big", &m);
}

/* No answer reaches the host: every try times out, yet the bridge did the
 * write once and the read-sensitive read once. */
static void test_exactly_once(Tally *t, Harness *h)
{
    Check c = {0};
    Backend *b = open_backend(&c, h, "@1000000", MAP_BYTES);
    if (!b) {
        report(t, "retry/exactly-once", &c);
        return;
    }
    uint32_t w0 = 0, pop0 = 0, v;
    check(&c, rd(b, R_WRITES, &w0) == BK_OK, "read the write count");
    check(&c, rd(b, R_POP, &pop0) == BK_OK, "read the counter");

    atomic_store(&h->ctl->mute, 1);
    long frames0 = atomic_load(&h->ctl->frames_in);
    double t0 = seconds();
    BackendStatus s = wr(b, R_REGS + 12, 0xA5A55A5A);
    double dt = seconds() - t0;
    check(&c, s == BK_TIMEOUT, "muted write: status %d", s);
    check(&c, atomic_load(&h->ctl->frames_in) - frames0 == 4, "muted write sent %ld frames, expected 4",
          atomic_load(&h->ctl->frames_in) - frames0);
    check(&c, dt > 0.4 && dt < 1.2, "muted write gave up after %.3f s", dt);
    s = rd(b, R_POP, &v);
    check(&c, s == BK_TIMEOUT, "muted read: status %d", s);
    atomic_store(&h->ctl->mute, 0);

    s = rd(b, R_WRITES, &v);
    check(&c, s == BK_OK && v == w0 + 1, "the muted write landed %d times", (int)(v - w0));
    s = rd(b, R_REGS + 12, &v);
    check(&c, s == BK_OK && v == 0xA5A55A5A, "the muted write's register: %08x", v);
    s = rd(b, R_POP, &v);
    check(&c, s == BK_OK && v == pop0 + 2, "the muted read counted %d times", (int)(v - pop0 - 1));
    backend_uart_ops.close(b);
    report(t, "retry/exactly-once", &c);
}

/* A new session repeats the tags of the last one; its info frame makes the
 * bridge forget the last request, so nothing is taken for a retry. */
static void test_reopen(Tally *t, Harness *h)
{
    Check c = {0};
    uint32_t before = 0, after = 0;
    for (int k = 0; k < 3; k++) {
        Backend *b = open_backend(&c, h, "@1000000", MAP_BYTES);
        if (!b)
            break;
        if (k == 0)
            check(&c, rd(b, R_WRITES, &before) == BK_OK, "read the write count");
        check(&c, wr(b, R_REGS + 16, 0x100u + (uint32_t)k) == BK_OK, "write in session %d", k);
        if (k == 2)
            check(&c, rd(b, R_WRITES, &after) == BK_OK, "read the write count");
        backend_uart_ops.close(b);
    }
    check(&c, after == before + 3, "3 sessions' writes landed %d times", (int)(after - before));
    report(t, "retry/new-session", &c);
}

/* Register traffic through noise; every answer that is OK must be right. */
static void traffic(Check *c, Harness *h, Backend *b, int nops, uint64_t seed,
                    int *failed_ops)
{
    uint32_t shadow[8] = {0};
    bool known[8] = {false};
    uint32_t w0 = 0, pop_next = 0, v;
    int ok_writes = 0, failed_writes = 0, pop_unsure = 0;
    SimControl *ctl = h->ctl;
    int flip = atomic_load(&ctl->flip_ppm), drop = atomic_load(&ctl->drop_ppm),
        garbage = atomic_load(&ctl->garbage_ppm);

    set_noise(ctl, 0, 0, 0);
    check(c, rd(b, R_WRITES, &w0) == BK_OK, "read the write count");
    check(c, rd(b, R_POP, &pop_next) == BK_OK, "read the counter");
    pop_next++;
    set_noise(ctl, flip, drop, garbage);

    *failed_ops = 0;
    for (int n = 0; n < nops; n++) {
        unsigned r = (unsigned)(rnd(&seed) % 10), i = (unsigned)(rnd(&seed) % 8);
        BackendStatus s;
        if (r < 4) {
            uint32_t x = (uint32_t)rnd(&seed);
            s = wr(b, R_REGS + 4 * i, x);
            if (s == BK_OK) {
                shadow[i] = x;
                known[i] = true;
                ok_writes++;
            } else {
                known[i] = false;
                failed_writes++;
            }
        } else if (r < 7) {
            s = rd(b, R_REGS + 4 * i, &v);
            if (s == BK_OK) {
                check(c, !known[i] || v == shadow[i], "op %d: reg %u read %08x, wrote %08x",
                      n, i, v, shadow[i]);
                shadow[i] = v;
                known[i] = true;
            }
        } else if (r < 9) {
            s = rd(b, R_POP, &v);
            if (s == BK_OK) {
                check(c, v >= pop_next && v <= pop_next + (uint32_t)pop_unsure,
                      "op %d: counter read %u, expected %u..%u", n, v, pop_next,
                      pop_next + (uint32_t)pop_unsure);
                pop_next = v + 1;
                pop_unsure = 0;
            } else {
                pop_unsure++;
            }
        } else {
            s = rd(b, R_MAGIC, &v);
            check(c, s != BK_OK || v == MAGIC, "op %d: magic read %08x", n, v);
        }
        check(c, s == BK_OK || s == BK_IO || s == BK_TIMEOUT, "op %d: status %d", n, s);
        if (s != BK_OK)
            (*failed_ops)++;
    }

    set_noise(ctl, 0, 0, 0);
    BackendStatus s = rd(b, R_WRITES, &v);
    check(c, s == BK_OK && v - w0 >= (uint32_t)ok_writes &&
             v - w0 <= (uint32_t)(ok_writes + failed_writes),
          "writes landed %u times: %d answered OK, %d failed", v - w0, ok_writes,
          failed_writes);
    for (unsigned i = 0; i < 8; i++) {
        if (!known[i])
            continue;
        s = rd(b, R_REGS + 4 * i, &v);
        check(c, s == BK_OK && v == shadow[i], "reg %u at the end: %08x, expected %08x",
              i, v, shadow[i]);
    }
}

static void test_noise(Tally *t, Harness *h)
{
    Check c = {0};
    Backend *b = open_backend(&c, h, "@1000000", MAP_BYTES);
    if (!b) {
        report(t, "noise/flips-drops-garbage", &c);
        return;
    }
    int nops = 300, failed;
    long frames0 = atomic_load(&h->ctl->frames_in);
    set_noise(h->ctl, 10000, 3000, 20000);
    double t0 = seconds();
    traffic(&c, h, b, nops, 7, &failed);
    double dt = seconds() - t0;
    long frames = atomic_load(&h->ctl->frames_in) - frames0;
    check(&c, failed <= nops / 20, "%d of %d requests failed after every retry", failed, nops);
    check(&c, frames > nops + 20, "only %ld frames for %d requests: the noise made no retries",
          frames, nops);
    backend_uart_ops.close(b);
    if (c.failed == 0)
        printf("# noise: %d requests, %ld frames sent, %d failed after 4 tries, %.2f s\n",
               nops, frames, failed, dt);
    report(t, "noise/flips-drops-garbage", &c);

    /* garbage between frames only: nothing may fail */
    Check g = {0};
    b = open_backend(&g, h, "@1000000", MAP_BYTES);
    if (b) {
        set_noise(h->ctl, 0, 0, 300000);
        traffic(&g, h, b, 100, 11, &failed);
        check(&g, failed == 0, "%d of 100 requests failed", failed);
        backend_uart_ops.close(b);
    }
    set_noise(h->ctl, 0, 0, 0);
    report(t, "noise/garbage-between-frames", &g);
}

int uart_sim_main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    signal(SIGPIPE, SIG_IGN);
    Tally t = {0};
    test_open_errors(&t);

    Harness h;
    char why[256];
    Check c = {0};
    if (!harness_start(&h, true, why, sizeof why)) {
        check(&c, false, "%s", why);
        report(&t, "harness", &c);
        return 1;
    }
    test_basic(&t, &h);
    test_exactly_once(&t, &h);
    test_reopen(&t, &h);
    test_noise(&t, &h);
    harness_stop(&h);
    return t.failed ? 1 : 0;
}
