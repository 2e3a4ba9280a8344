/*
 * backend_uart.c -- the register bus through the UART register bridge
 * (rtl/fg_uart_csr.v) on a serial port: uart:DEV[@BAUD], e.g.
 * uart:/dev/ttyUSB1@115200 (115200 baud when no rate is given).
 *
 * The frames are those of docs/uart.md: a request A5 ctrl [addr] [data] crc
 * and a response 5A status [data] crc, CRC-8 (polynomial 0x07).  Each new
 * request carries the next 4-bit tag; a request that got no usable answer
 * (none in time, a corrupted one, or "bad frame") is sent again with the
 * same tag, after an idle gap that lets the bridge drop any partial frame.
 * The bridge answers such a retry from memory, so a write lands once and
 * a read-sensitive register is read once however many tries it took.
 *
 * Opening sends an info frame: it checks that a bridge answers, that it
 * speaks this protocol and that its address width covers the register
 * map, and it makes the bridge forget the last request of an earlier
 * session (whose tag a new session could repeat).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include "backend.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

enum {
    SOF_REQUEST = 0xA5,
    SOF_RESPONSE = 0x5A,
    OP_READ = 0,
    OP_WRITE = 1,
    OP_INFO = 2,
    CODE_OK = 0,
    CODE_CSR_ERR = 1,
    CODE_TIMEOUT = 2,
    CODE_BAD_FRAME = 3,
    PROTOCOL_VERSION = 1,
};

enum {
    UART_DEFAULT_BAUD = 115200,
    UART_ATTEMPTS = 4,              /* one try and three retries */
    UART_ANSWER_MS = 100,           /* allowed beyond the frames' own time */
    UART_SETTLE_MS = 20,            /* after a corrupted answer */
    UART_GAP_MS = 2,                /* added to the idle gap before a retry */
    UART_FRAME_TIMEOUT_BITS = 1000, /* assumed until the info word says */
    UART_BITS_PER_EXCHANGE = 180,   /* longest request and response, 10 bits a byte */
};

typedef struct UartBackend {
    Backend base;
    int fd;
    unsigned baud;
    unsigned tag;                   /* tag of the last request sent */
    unsigned frame_timeout_bits;    /* the bridge's frame timeout */
} UartBackend;

typedef struct BaudRate {
    unsigned baud;
    speed_t speed;
} BaudRate;

static const BaudRate baud_rates[] = {
    {1200, B1200},       {2400, B2400},       {4800, B4800},
    {9600, B9600},       {19200, B19200},     {38400, B38400},
    {57600, B57600},     {115200, B115200},   {230400, B230400},
    {460800, B460800},   {500000, B500000},   {576000, B576000},
    {921600, B921600},   {1000000, B1000000}, {1152000, B1152000},
    {1500000, B1500000}, {2000000, B2000000}, {2500000, B2500000},
    {3000000, B3000000}, {3500000, B3500000}, {4000000, B4000000},
};

/* What one wait for an answer gave. */
typedef enum Answer {
    ANS_OK,         /* a well-formed answer to this request */
    ANS_BAD,        /* "bad frame", or a corrupted answer and nothing after it */
    ANS_NONE,       /* nothing usable in time */
    ANS_IO,         /* the port failed */
} Answer;

/* CRC-8, polynomial x^8 + x^2 + x + 1, initial value 0, most significant
 * bit first; a frame followed by its CRC gives 0. */
static uint8_t crc8(uint8_t crc, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int b = 0; b < 8; b++)
            crc = (uint8_t)(crc & 0x80 ? (crc << 1) ^ 0x07 : crc << 1);
    }
    return crc;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Milliseconds that `bits` bit times take, rounded up. */
static int64_t bits_ms(const UartBackend *u, unsigned bits)
{
    return ((int64_t)bits * 1000 + u->baud - 1) / u->baud;
}

static bool write_all(int fd, const uint8_t *p, size_t n)
{
    int64_t deadline = now_ms() + 1000;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w > 0) {
            p += w;
            n -= (size_t)w;
            continue;
        }
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0 && errno != EAGAIN)
            return false;
        int64_t left = deadline - now_ms();
        if (left <= 0)
            return false;
        struct pollfd pf = {.fd = fd, .events = POLLOUT};
        if (poll(&pf, 1, (int)left) < 0 && errno != EINTR)
            return false;
    }
    return true;
}

/* Reads what has arrived, waiting for it until `until` at most; returns
 * the bytes read, 0 at the deadline, -1 if the port failed or hung up.
 * (A raw port with VMIN = VTIME = 0 reads 0 bytes when none are there.) */
static ssize_t read_until(int fd, uint8_t *buf, size_t cap, int64_t until)
{
    for (;;) {
        ssize_t r = read(fd, buf, cap);
        if (r > 0)
            return r;
        if (r < 0 && errno != EAGAIN && errno != EINTR)
            return -1;
        int64_t left = until - now_ms();
        if (left <= 0)
            return 0;
        struct pollfd pf = {.fd = fd, .events = POLLIN};
        int p = poll(&pf, 1, (int)left);
        if (p < 0 && errno != EINTR)
            return -1;
        if (p > 0 && (pf.revents & (POLLERR | POLLNVAL)))
            return -1;
        if (p > 0 && (pf.revents & POLLHUP) && !(pf.revents & POLLIN))
            return -1;
    }
}

/* Before a retry: the line stays idle long enough for the bridge to drop a
 * partial frame, and what arrives meanwhile is thrown away. */
static bool quiet(UartBackend *u)
{
    int64_t until = now_ms() + bits_ms(u, 2 * u->frame_timeout_bits) + UART_GAP_MS;
    uint8_t junk[256];
    ssize_t r;
    while ((r = read_until(u->fd, junk, sizeof junk, until)) > 0)
        ;
    if (r < 0)
        return false;
    tcflush(u->fd, TCIFLUSH);
    return true;
}

/* Length of the response that starts with 5A and this status byte. */
static size_t response_len(uint8_t status)
{
    unsigned op = (status >> 2) & 3, code = status & 3;
    return code == CODE_OK && (op == OP_READ || op == OP_INFO) ? 7 : 3;
}

/* Waits for the answer to the request with this tag and op. */
static Answer await_answer(UartBackend *u, unsigned tag, unsigned op,
                           unsigned *code, uint32_t *data)
{
    uint8_t buf[256];
    size_t n = 0;
    bool corrupted = false;
    int64_t deadline = now_ms() + UART_ANSWER_MS +
                       bits_ms(u, UART_BITS_PER_EXCHANGE);
    for (;;) {
        /* take every complete response at the front of buf */
        size_t at = 0;
        while (at < n) {
            if (buf[at] != SOF_RESPONSE) {
                at++;
                continue;
            }
            if (n - at < 2)
                break;
            size_t len = response_len(buf[at + 1]);
            if (n - at < len)
                break;
            if (crc8(0, buf + at, len) != 0) {
                /* noise, or a response hit by it: the real one may follow */
                if (!corrupted) {
                    corrupted = true;
                    int64_t settle = now_ms() + UART_SETTLE_MS + bits_ms(u, 70);
                    if (settle < deadline)
                        deadline = settle;
                }
                at++;
                continue;
            }
            uint8_t status = buf[at + 1];
            if ((status & 3) == CODE_BAD_FRAME)
                return ANS_BAD;
            if ((status >> 4) != tag || ((status >> 2) & 3) != op) {
                at += len;      /* an answer to something else: stale */
                continue;
            }
            *code = status & 3;
            *data = 0;
            if (len == 7)
                *data = (uint32_t)buf[at + 2] | (uint32_t)buf[at + 3] << 8 |
                        (uint32_t)buf[at + 4] << 16 | (uint32_t)buf[at + 5] << 24;
            return ANS_OK;
        }
        memmove(buf, buf + at, n - at);
        n -= at;
        if (n == sizeof buf)
            n = 0;
        ssize_t r = read_until(u->fd, buf + n, sizeof buf - n, deadline);
        if (r < 0)
            return ANS_IO;
        if (r == 0)
            return corrupted ? ANS_BAD : ANS_NONE;
        n += (size_t)r;
    }
}

/* One request, with retries.  On BK_OK *code holds the bridge's code
 * (ok, csr_err or bus timeout) and *data the data of a read or info. */
static BackendStatus transact(UartBackend *u, unsigned op, uint32_t addr,
                              uint32_t wdata, unsigned *code, uint32_t *data)
{
    uint8_t f[11];
    size_t len = 0;
    u->tag = (u->tag + 1) & 15;
    f[len++] = SOF_REQUEST;
    f[len++] = (uint8_t)(u->tag << 4 | op);
    if (op == OP_READ || op == OP_WRITE)
        for (int i = 0; i < 4; i++)
            f[len++] = (uint8_t)(addr >> 8 * i);
    if (op == OP_WRITE)
        for (int i = 0; i < 4; i++)
            f[len++] = (uint8_t)(wdata >> 8 * i);
    f[len] = crc8(0, f, len);
    len++;

    bool broken = false;
    for (int attempt = 0; attempt < UART_ATTEMPTS; attempt++) {
        if (attempt > 0 && !quiet(u))
            return BK_IO;
        if (!write_all(u->fd, f, len))
            return BK_IO;
        switch (await_answer(u, u->tag, op, code, data)) {
        case ANS_OK:
            return BK_OK;
        case ANS_BAD:
            broken = true;
            break;
        case ANS_NONE:
            break;
        case ANS_IO:
            return BK_IO;
        }
    }
    /* answers that kept arriving broken: the link; none at all: a timeout */
    return broken ? BK_IO : BK_TIMEOUT;
}

static BackendStatus from_code(unsigned code)
{
    switch (code) {
    case CODE_OK:
        return BK_OK;
    case CODE_CSR_ERR:
        return BK_ERR;
    default:
        return BK_TIMEOUT;
    }
}

static bool in_map(const UartBackend *u, uint32_t addr)
{
    return (addr & 3) == 0 && (uint64_t)addr + 4 <= u->base.map_bytes;
}

static BackendStatus uart_read(Backend *b, uint32_t addr, uint32_t *val)
{
    UartBackend *u = (UartBackend *)b;
    if (!in_map(u, addr))
        return BK_RANGE;
    unsigned code;
    uint32_t data;
    BackendStatus s = transact(u, OP_READ, addr, 0, &code, &data);
    if (s != BK_OK)
        return s;
    if (code == CODE_OK)
        *val = data;
    return from_code(code);
}

static BackendStatus uart_write(Backend *b, uint32_t addr, uint32_t val)
{
    UartBackend *u = (UartBackend *)b;
    if (!in_map(u, addr))
        return BK_RANGE;
    unsigned code;
    uint32_t data;
    BackendStatus s = transact(u, OP_WRITE, addr, val, &code, &data);
    return s != BK_OK ? s : from_code(code);
}

static void uart_close(Backend *b)
{
    UartBackend *u = (UartBackend *)b;
    if (!u)
        return;
    close(u->fd);
    free(u);
}

/* Splits "DEV[@BAUD]" into dev (a copy, to free) and *baud. */
static char *parse_arg(const char *arg, unsigned *baud, speed_t *speed,
                       char *err, size_t errlen)
{
    const char *at = strrchr(arg, '@');
    size_t devlen = at ? (size_t)(at - arg) : strlen(arg);
    if (devlen == 0) {
        snprintf(err, errlen, "uart:%s: no device (expected uart:DEVICE[@BAUD], "
                 "e.g. uart:/dev/ttyUSB1@115200)", arg);
        return NULL;
    }
    *baud = UART_DEFAULT_BAUD;
    if (at) {
        const char *s = at + 1;
        char *end;
        errno = 0;
        unsigned long v = strtoul(s, &end, 10);
        if (*s < '0' || *s > '9' || *end != '\0' || errno || v > 4000000)
            v = 0;
        *baud = (unsigned)v;
    }
    for (size_t i = 0; i < sizeof baud_rates / sizeof baud_rates[0]; i++) {
        if (baud_rates[i].baud == *baud) {
            *speed = baud_rates[i].speed;
            char *dev = malloc(devlen + 1);
            if (!dev) {
                snprintf(err, errlen, "uart:%s: out of memory", arg);
                return NULL;
            }
            memcpy(dev, arg, devlen);
            dev[devlen] = '\0';
            return dev;
        }
    }
    char list[400];
    size_t used = 0;
    for (size_t i = 0; i < sizeof baud_rates / sizeof baud_rates[0]; i++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%u",
                                 i ? ", " : "", baud_rates[i].baud);
    snprintf(err, errlen, "uart:%s: bad baud rate '%s' (one of %s)", arg,
             at + 1, list);
    return NULL;
}

/* The port as 8N1, raw, no flow control, at `speed`. */
static bool set_line(int fd, const char *arg, speed_t speed, unsigned baud,
                     char *err, size_t errlen)
{
    struct termios t;
    if (tcgetattr(fd, &t) != 0) {
        snprintf(err, errlen, "uart:%s: cannot read the port's settings: %s",
                 arg, strerror(errno));
        return false;
    }
    cfmakeraw(&t);
    t.c_iflag &= ~(tcflag_t)(IXON | IXOFF | IXANY);
    t.c_cflag &= ~(tcflag_t)(CSIZE | PARENB | CSTOPB | CRTSCTS);
    t.c_cflag |= CS8 | CREAD | CLOCAL;
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 0;
    if (cfsetispeed(&t, speed) != 0 || cfsetospeed(&t, speed) != 0 ||
        tcsetattr(fd, TCSANOW, &t) != 0) {
        snprintf(err, errlen, "uart:%s: cannot set %u baud 8N1: %s", arg, baud,
                 strerror(errno));
        return false;
    }
    struct termios back;
    if (tcgetattr(fd, &back) != 0 || cfgetospeed(&back) != speed ||
        (back.c_cflag & CSIZE) != CS8 || (back.c_cflag & (PARENB | CSTOPB))) {
        snprintf(err, errlen, "uart:%s: the port does not take %u baud 8N1",
                 arg, baud);
        return false;
    }
    tcflush(fd, TCIOFLUSH);
    return true;
}

static Backend *uart_open(const char *arg, uint64_t map_bytes, char *err,
                          size_t errlen)
{
    unsigned baud;
    speed_t speed;
    char *dev = parse_arg(arg, &baud, &speed, err, errlen);
    if (!dev)
        return NULL;

    UartBackend *u = calloc(1, sizeof *u);
    if (!u) {
        snprintf(err, errlen, "uart:%s: out of memory", arg);
        free(dev);
        return NULL;
    }
    u->base.ops = &backend_uart_ops;
    u->base.map_bytes = map_bytes;
    u->baud = baud;
    u->frame_timeout_bits = UART_FRAME_TIMEOUT_BITS;
    u->fd = open(dev, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (u->fd < 0) {
        snprintf(err, errlen, "uart:%s: cannot open %s: %s", arg, dev,
                 strerror(errno));
        goto fail_nofd;
    }
    if (!isatty(u->fd)) {
        snprintf(err, errlen, "uart:%s: %s is not a serial port", arg, dev);
        goto fail;
    }
    if (flock(u->fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK)
            snprintf(err, errlen, "uart:%s: %s is in use by another program",
                     arg, dev);
        else
            snprintf(err, errlen, "uart:%s: cannot lock %s: %s", arg, dev,
                     strerror(errno));
        goto fail;
    }
    if (!set_line(u->fd, arg, speed, baud, err, errlen))
        goto fail;

    unsigned code;
    uint32_t info;
    BackendStatus s = transact(u, OP_INFO, 0, 0, &code, &info);
    if (s != BK_OK || code != CODE_OK) {
        snprintf(err, errlen, "uart:%s: no answer from the register bridge "
                 "on %s at %u baud (%s after %d tries; is the bitstream "
                 "loaded and its bridge built for this baud rate?)", arg, dev,
                 baud, s == BK_IO ? "only broken answers" : "nothing",
                 UART_ATTEMPTS);
        goto fail;
    }
    unsigned version = info & 0xff, addr_width = (info >> 8) & 0xff;
    if (version != PROTOCOL_VERSION) {
        snprintf(err, errlen, "uart:%s: the bridge speaks protocol version "
                 "%u; this runtime speaks %d", arg, version, PROTOCOL_VERSION);
        goto fail;
    }
    if (addr_width < 64 && map_bytes > (uint64_t)1 << addr_width) {
        snprintf(err, errlen, "uart:%s: the bridge has %u address bits, too "
                 "few for a register map of %" PRIu64 " bytes (is the "
                 "bitstream the design's?)", arg, addr_width, map_bytes);
        goto fail;
    }
    if (info >> 16)
        u->frame_timeout_bits = info >> 16;
    free(dev);
    return &u->base;

fail:
    close(u->fd);
fail_nofd:
    free(u);
    free(dev);
    return NULL;
}

const BackendOps backend_uart_ops = {
    .scheme = "uart",
    .open = uart_open,
    .read = uart_read,
    .write = uart_write,
    .close = uart_close,
};
