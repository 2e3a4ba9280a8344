/*
 * model.c -- `fpgagen model`: runs a router on its elements' C reference
 * models, packet by packet, with Click's semantics.  The simulation tests
 * use its output pcaps as the scoreboard the RTL must match.
 *
 * Packets from the input pcaps enter in time-stamp order (ties by device
 * slot, then file order).  Each packet is carried to completion through
 * the graph before the next one enters; work is a FIFO of (element, port,
 * packet) deliveries, so deep graphs never recurse.
 */
#include "datapath.h"

#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

typedef struct Delivery {
    int elem, port;
    Packet *p;
} Delivery;

typedef struct DeviceIo {
    const char *name;
    const char *path;
    pcap_t *pcap;           /* input: the open file */
    pcap_t *dead;           /* output: the handle for the dumper */
    pcap_dumper_t *dump;
    Packet *next;           /* input: the packet read ahead */
    uint32_t seq;
    uint64_t packets, bytes;
} DeviceIo;

struct ModelCtx {
    Design *ds;
    Diag *d;
    void **state;           /* per element */
    int cur;                /* element whose model is running */
    Delivery *work;
    size_t work_head, work_len, work_cap;
    int *out_conn;          /* per (element, output port): first conn */
    int *out_base;          /* element -> index of its port 0 in out_conn */
    uint64_t *drops;        /* per element */
    DeviceIo *rx, *tx;      /* per board device */
};

static Packet *packet_new(size_t headroom, size_t len)
{
    Packet *p = xcalloc(1, sizeof *p);
    p->cap = headroom + len + 64;
    p->buf = xcalloc(1, p->cap);
    p->head = headroom;
    p->len = len;
    return p;
}

static void packet_free(Packet *p)
{
    if (p) {
        free(p->buf);
        free(p);
    }
}

Packet *packet_clone(ModelCtx *m, const Packet *p)
{
    (void)m;
    Packet *q = xmalloc(sizeof *q);
    *q = *p;
    q->buf = xmalloc(p->cap);
    memcpy(q->buf, p->buf, p->cap);
    q->next = NULL;
    return q;
}

void packet_push_front(Packet *p, size_t n)
{
    if (p->head < n) {
        size_t grow = n - p->head + 64;
        uint8_t *b = xcalloc(1, p->cap + grow);
        memcpy(b + grow, p->buf, p->cap);
        free(p->buf);
        p->buf = b;
        p->cap += grow;
        p->head += grow;
    }
    p->head -= n;
    p->len += n;
}

static void deliver(ModelCtx *m, int elem, int port, Packet *p)
{
    if (m->work_len == m->work_cap) {
        /* Grow the ring, unrolling it into the new storage. */
        size_t cap = m->work_cap ? 2 * m->work_cap : 64;
        Delivery *w = xmalloc(cap * sizeof *w);
        for (size_t i = 0; i < m->work_len; i++)
            w[i] = m->work[(m->work_head + i) % m->work_cap];
        free(m->work);
        m->work = w;
        m->work_cap = cap;
        m->work_head = 0;
    }
    m->work[(m->work_head + m->work_len++) % m->work_cap] =
        (Delivery){elem, port, p};
}

void model_emit(ModelCtx *m, int port, Packet *p)
{
    const Inst *n = &m->ds->in[m->cur];
    int c = port >= 0 && port < n->no ? m->out_conn[m->out_base[m->cur] + port]
                                      : -1;
    if (c < 0) {
        packet_free(p);     /* an unconnected output drains */
        return;
    }
    const Connection *k = &m->ds->g->conns[c];
    deliver(m, k->to, k->to_port, p);
}

void model_drop(ModelCtx *m, Packet *p)
{
    m->drops[m->cur]++;
    packet_free(p);
}

void model_transmit(ModelCtx *m, Packet *p)
{
    const Inst *n = &m->ds->in[m->cur];
    DeviceIo *io = n->dev ? &m->tx[n->dev - m->ds->b->devs] : NULL;
    if (io && io->dump) {
        struct pcap_pkthdr h = {0};
        h.ts.tv_sec = (time_t)(p->ts_ns / 1000000000);
        h.ts.tv_usec = (suseconds_t)(p->ts_ns % 1000000000 / 1000);
        h.caplen = h.len = (bpf_u_int32)p->len;
        pcap_dump((u_char *)io->dump, &h, p->buf + p->head);
        io->packets++;
        io->bytes += p->len;
    }
    packet_free(p);
}

static void run_queue(ModelCtx *m)
{
    while (m->work_len) {
        Delivery w = m->work[m->work_head];
        m->work_head = (m->work_head + 1) % m->work_cap;
        m->work_len--;
        const Inst *n = &m->ds->in[w.elem];
        m->cur = w.elem;
        n->impl->model_push(m, n->conf, m->state[w.elem], w.port, w.p);
    }
}

/* Reads the next packet of an input device into io->next. */
static bool read_next(ModelCtx *m, DeviceIo *io, int slot)
{
    struct pcap_pkthdr *h;
    const u_char *data;
    int r = pcap_next_ex(io->pcap, &h, &data);
    if (r == PCAP_ERROR_BREAK) {
        io->next = NULL;
        return true;
    }
    if (r != 1) {
        diag_error(m->d, (SrcLoc){io->path, 0, 0, NULL, 0}, 1,
                   "packet %u: %s", io->seq + 1, pcap_geterr(io->pcap));
        io->next = NULL;
        return false;
    }
    Packet *p = packet_new(256, h->caplen);
    memcpy(p->buf + p->head, data, h->caplen);
    p->ts_ns = (int64_t)h->ts.tv_sec * 1000000000 + (int64_t)h->ts.tv_usec * 1000;
    /* The same tag the simulation harness gives: slot, then sequence. */
    p->anno[ANNO_SIM_TAG] = ((uint64_t)slot << 29) | (io->seq & 0x1fffffff);
    io->seq++;
    io->packets++;
    io->bytes += h->caplen;
    io->next = p;
    return true;
}

/* Parses "dev=path" options into the per-device table. */
static bool bind_files(ModelCtx *m, const char **specs, int n, bool out)
{
    bool ok = true;
    for (int i = 0; i < n; i++) {
        const char *eq = strchr(specs[i], '=');
        if (!eq || eq == specs[i] || !eq[1]) {
            diag_error(m->d, (SrcLoc){0}, 1,
                       "--%s %s: expected DEVICE=FILE.pcap", out ? "out" : "in",
                       specs[i]);
            ok = false;
            continue;
        }
        char dev[64];
        snprintf(dev, sizeof dev, "%.*s", (int)(eq - specs[i]), specs[i]);
        const BoardDevice *bd = board_device(m->ds->b, dev);
        int k = bd ? (int)(bd - m->ds->b->devs) : -1;
        const Inst *user = k < 0 ? NULL : out ? m->ds->tx_of[k] : m->ds->rx_of[k];
        if (!user) {
            diag_error(m->d, (SrcLoc){0}, 1,
                       "--%s %s: the router has no %s for device '%s'",
                       out ? "out" : "in", specs[i],
                       out ? "ToDevice" : "FromDevice", dev);
            ok = false;
            continue;
        }
        DeviceIo *io = out ? &m->tx[k] : &m->rx[k];
        if (io->path) {
            diag_error(m->d, (SrcLoc){0}, 1, "--%s: device '%s' given twice",
                       out ? "out" : "in", dev);
            ok = false;
            continue;
        }
        io->name = bd->name;
        io->path = eq + 1;
        char err[PCAP_ERRBUF_SIZE] = "";
        if (out) {
            io->dead = pcap_open_dead(DLT_EN10MB, 65535);
            io->dump = pcap_dump_open(io->dead, io->path);
            if (!io->dump) {
                diag_error(m->d, (SrcLoc){0}, 1, "%s: %s", io->path,
                           pcap_geterr(io->dead));
                ok = false;
            }
        } else {
            io->pcap = pcap_open_offline(io->path, err);
            if (!io->pcap) {
                diag_error(m->d, (SrcLoc){0}, 1, "%s: %s", io->path, err);
                ok = false;
            } else if (pcap_datalink(io->pcap) != DLT_EN10MB) {
                diag_error(m->d, (SrcLoc){0}, 1,
                           "%s: link type %s, expected Ethernet", io->path,
                           pcap_datalink_val_to_name(pcap_datalink(io->pcap)));
                ok = false;
            }
        }
    }
    return ok;
}

static void close_io(DeviceIo *io)
{
    packet_free(io->next);
    if (io->pcap)
        pcap_close(io->pcap);
    if (io->dump)
        pcap_dump_close(io->dump);
    if (io->dead)
        pcap_close(io->dead);
}

int model_run(const ModelOptions *o)
{
    Diag d;
    diag_init(&d, stderr);
    Design ds;
    ModelCtx m = {.ds = &ds, .d = &d};
    bool ok = design_load(&ds, &d, o->config, o->board ? o->board : "sim", 0);
    int ndev = ok ? ds.b->ndevs : 0;
    if (ok) {
        Graph *g = ds.g;
        m.rx = xcalloc((size_t)ndev + 1, sizeof *m.rx);
        m.tx = xcalloc((size_t)ndev + 1, sizeof *m.tx);
        m.state = xcalloc((size_t)g->nelems + 1, sizeof *m.state);
        m.drops = xcalloc((size_t)g->nelems + 1, sizeof *m.drops);
        m.out_base = xcalloc((size_t)g->nelems + 1, sizeof *m.out_base);
        int total = 0;
        for (int i = 0; i < g->nelems; i++) {
            m.out_base[i] = total;
            total += ds.in[i].no;
        }
        m.out_conn = xmalloc(((size_t)total + 1) * sizeof *m.out_conn);
        for (int i = 0; i < total; i++)
            m.out_conn[i] = -1;
        for (int c = g->nconns - 1; c >= 0; c--)
            m.out_conn[m.out_base[g->conns[c].from] + g->conns[c].from_port] = c;
        for (int i = 0; i < g->nelems; i++) {
            const Inst *n = &ds.in[i];
            if (!n->impl->model_push) {
                diag_error(&d, n->e->loc, 1, "%s '%s': no reference model",
                           n->e->class_name, n->e->name);
                ok = false;
                continue;
            }
            m.state[i] = xcalloc(1, n->impl->state_size + 1);
            m.cur = i;
            if (n->impl->model_init)
                n->impl->model_init(&m, n->conf, m.state[i]);
        }
        ok = ok && bind_files(&m, o->in, o->nin, false);
        ok = ok && bind_files(&m, o->out, o->nout, true);
    }
    for (int k = 0; k < ndev && ok; k++)
        if (m.rx[k].pcap)
            ok = read_next(&m, &m.rx[k], ds.b->devs[k].slot);
    while (ok) {
        int best = -1;
        for (int k = 0; k < ndev; k++)
            if (m.rx[k].next &&
                (best < 0 || m.rx[k].next->ts_ns < m.rx[best].next->ts_ns))
                best = k;
        if (best < 0)
            break;
        Packet *p = m.rx[best].next;
        int elem = (int)(ds.rx_of[best] - ds.in);
        deliver(&m, elem, 0, p);
        run_queue(&m);
        ok = read_next(&m, &m.rx[best], ds.b->devs[best].slot);
    }
    if (ok && !o->quiet) {
        printf("%-8s %-4s %10s %12s\n", "port", "dir", "packets", "bytes");
        for (int k = 0; k < ndev; k++) {
            if (m.rx[k].path)
                printf("%-8s %-4s %10llu %12llu\n", m.rx[k].name, "in",
                       (unsigned long long)m.rx[k].packets,
                       (unsigned long long)m.rx[k].bytes);
            if (m.tx[k].path)
                printf("%-8s %-4s %10llu %12llu\n", m.tx[k].name, "out",
                       (unsigned long long)m.tx[k].packets,
                       (unsigned long long)m.tx[k].bytes);
        }
        for (int i = 0; i < ds.g->nelems; i++)
            if (m.drops[i])
                printf("drops %s: %llu\n", ds.g->elems[i].name,
                       (unsigned long long)m.drops[i]);
    }
    for (int k = 0; k < ndev; k++) {
        close_io(&m.rx[k]);
        close_io(&m.tx[k]);
    }
    while (m.work_len) {
        packet_free(m.work[m.work_head].p);
        m.work_head = (m.work_head + 1) % m.work_cap;
        m.work_len--;
    }
    if (m.state)
        for (int i = 0; i < ds.g->nelems; i++)
            free(m.state[i]);
    free(m.state);
    free(m.work);
    free(m.out_conn);
    free(m.out_base);
    free(m.drops);
    free(m.rx);
    free(m.tx);
    design_free(&ds);
    return ok && !diag_failed(&d) ? 0 : 1;
}
