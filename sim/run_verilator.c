/*
 * run_verilator.c -- the cycle loop of a design's Verilator simulator:
 * traffic in at line rate, back-pressure out, the register socket served
 * between cycles, until the design has been idle for SIM_IDLE_CYCLES.
 *
 * One cycle: set the inputs, settle with the clock low, sample every
 * handshake (a beat moves where valid and ready are both high), rising
 * edge, then prepare the next cycle's inputs.  run_icarus.c's testbench
 * does the same steps in Verilog, so both see the same run.
 */
#include "sim_int.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

enum {
    POLL_FAST = 64,                 /* cycles between polls while busy */
    POLL_SLOW = 1024,               /* ... otherwise */
    CSR_RECENT = 1 << 16,           /* cycles a request keeps polls fast */
    NAP_AFTER = 1 << 20,            /* quiet cycles before napping */
    NAP_MS = 5,                     /* nap per POLL_SLOW cycles */
};

typedef enum EndReason {
    END_NONE, END_IDLE, END_CYCLES, END_SIGNAL, END_FINISH, END_INPUT_ERROR,
} EndReason;

typedef struct Run {
    const SimOptions *opt;
    const SimDesign *design;
    const SimModelOps *ops;
    SimModel *model;
    SimPorts *p;
    SimResults res;
    SimSource src[SIM_SLOTS];
    SimBeat beat[SIM_SLOTS];
    uint32_t rx_active;             /* slots with an input pcap */
    uint8_t *bp;
    int bytes;                      /* per beat */
    int sigfd;
    SimCsrServer *csr;
    bool bus_busy;                  /* a register request is on the bus */
    SimCsrRequest rq;
    uint64_t bus_cycles;
    uint64_t last_csr;              /* cycle of the last register request */
} Run;

/* Loads slot s's next beat into the ports, or drops rx_tvalid at the end
 * of its pcap.  False on a read error. */
static bool load_beat(Run *r, int s)
{
    SimPorts *p = r->p;
    int rc = sim_source_next(&r->src[s], &r->beat[s]);
    if (rc <= 0) {
        p->rx_tvalid &= ~(1u << s);
        return rc == 0;
    }
    const SimBeat *b = &r->beat[s];
    sim_put_bytes(p->rx_tdata, (unsigned)(s * r->bytes), b->data,
                  (unsigned)r->bytes);
    uint64_t keep = b->nbytes >= 64 ? UINT64_MAX
                                    : ((uint64_t)1 << b->nbytes) - 1;
    sim_put_bits(p->rx_tkeep, (unsigned)(s * r->bytes), (unsigned)r->bytes,
                 keep);
    p->rx_tag[s] = b->tag;
    p->rx_tlast = (p->rx_tlast & ~(1u << s)) | ((uint32_t)b->last << s);
    p->rx_tvalid |= 1u << s;
    p->rx_dirty = 1;
    return true;
}

static void tx_beats(Run *r, uint64_t cycle, uint32_t fire)
{
    SimPorts *p = r->p;
    uint8_t data[SIM_MAX_WIDTH / 8];
    r->ops->read_tx(r->model, p);
    for (; fire; fire &= fire - 1) {
        int s = __builtin_ctz(fire);
        sim_get_bytes(p->tx_tdata, (unsigned)(s * r->bytes), data,
                      (unsigned)r->bytes);
        uint64_t keep = sim_get_bits(p->tx_tkeep, (unsigned)(s * r->bytes),
                                     (unsigned)r->bytes);
        sim_results_tx(&r->res, s, cycle, data, keep, p->tx_tlast >> s & 1,
                       p->tx_tag[s]);
    }
}

/* Puts the next register request on the bus, answering at once those
 * the bus cannot take (bad op, unaligned or out of range). */
static void start_request(Run *r, uint64_t cycle)
{
    SimPorts *p = r->p;
    while (!r->bus_busy && sim_csr_next(r->csr, &r->rq)) {
        r->last_csr = cycle;
        uint64_t span = (uint64_t)1 << r->design->addr_width;
        if (r->rq.op > 1 || (r->rq.addr & 3) || r->rq.addr >= span) {
            sim_csr_answer(r->csr, &r->rq, 1, 0);
            continue;
        }
        p->csr_valid = 1;
        p->csr_write = r->rq.op;
        p->csr_addr = r->rq.addr;
        p->csr_wdata = r->rq.op ? r->rq.data : 0;
        r->bus_busy = true;
        r->bus_cycles = 0;
    }
}

/* After the settle: completes the request on the bus, if it is done. */
static void bus_sample(Run *r)
{
    SimPorts *p = r->p;
    if (!r->bus_busy)
        return;
    if (p->csr_ready & 1)
        sim_csr_answer(r->csr, &r->rq, (p->csr_err & 1) ? 1 : 0,
                       (p->csr_err & 1) || r->rq.op ? 0 : p->csr_rdata);
    else if (++r->bus_cycles >= SIM_CSR_TIMEOUT)
        sim_csr_answer(r->csr, &r->rq, 2, 0);
    else
        return;
    p->csr_valid = 0;
    p->csr_write = 0;
    r->bus_busy = false;
}

/* Reads one word over the register bus with the clock running; false on
 * csr_err or a time-out. */
static bool bus_read(Run *r, uint32_t addr, uint32_t *val)
{
    SimPorts *p = r->p;
    p->csr_valid = 1;
    p->csr_write = 0;
    p->csr_addr = addr;
    p->csr_wdata = 0;
    bool ok = false;
    for (int i = 0; i < SIM_CSR_TIMEOUT; i++) {
        r->ops->settle(r->model, p);
        bool done = p->csr_ready & 1;
        if (done) {
            ok = !(p->csr_err & 1);
            *val = p->csr_rdata;
        }
        r->ops->edge(r->model);
        if (done)
            break;
    }
    p->csr_valid = 0;
    return ok;
}

/* --dump-regs: every readable register, 64-bit ones low word first. */
static bool dump_registers(Run *r, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        sim_error("cannot write %s: %s", path, strerror(errno));
        return false;
    }
    bool ok = true;
    for (int i = 0; i < r->design->nregs && ok; i++) {
        const SimReg *g = &r->design->regs[i];
        uint32_t lo = 0, hi = 0;
        ok = bus_read(r, g->addr, &lo) && (g->width < 64 || bus_read(r, g->addr + 4, &hi));
        if (ok)
            fprintf(f, "%s %" PRIu64 "\n", g->name, (uint64_t)hi << 32 | lo);
        else
            sim_error("--dump-regs: reading %s at 0x%x failed", g->name, g->addr);
    }
    if (fclose(f) != 0)
        ok = false;
    return ok;
}

static bool got_signal(Run *r)
{
    struct signalfd_siginfo si;
    ssize_t n = read(r->sigfd, &si, sizeof si);
    return n == (ssize_t)sizeof si;
}

static bool setup(Run *r, char *err, size_t errlen)
{
    const SimOptions *o = r->opt;
    r->bytes = r->design->width / 8;
    r->p = sim_alloc(sizeof *r->p);
    for (int i = 0; i < o->nin; i++) {
        int s = o->in[i].slot;
        r->rx_active |= 1u << s;
        if (!sim_source_open(&r->src[s], s, o->in[i].path,
                             r->design->width))
            return false;
    }
    if (!sim_results_open(&r->res, o, r->design))
        return false;
    r->bp = sim_bp_table(o->backpressure, o->seed);
    if (o->csr_path && !(r->csr = sim_csr_open(o->csr_path)))
        return false;
    uint64_t half_ps = (uint64_t)llround(500000.0 / r->design->clock_mhz);
    r->model = r->ops->open(r->design->width, o->vcd, half_ps, err, errlen);
    if (!r->model) {
        sim_error("%s", err);
        return false;
    }
    return true;
}

int sim_run_verilator(const SimOptions *o, const SimDesign *d,
                      const SimModelOps *ops)
{
    Run run, *r = &run;
    memset(r, 0, sizeof *r);
    r->opt = o;
    r->design = d;
    r->ops = ops;
    r->sigfd = -1;
    for (int s = 0; s < SIM_SLOTS; s++)
        r->src[s].done = true;

    /* SIGINT and SIGTERM end the run between cycles, through a signalfd
     * read by the loop (no handler, no global state). */
    sigset_t sigs, old;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    sigprocmask(SIG_BLOCK, &sigs, &old);
    r->sigfd = signalfd(-1, &sigs, SFD_NONBLOCK | SFD_CLOEXEC);

    char err[256] = "";
    int status = SIM_EXIT_OK;
    EndReason end = END_NONE;
    uint64_t cycle = 0, quiet = 0;
    double t0 = sim_now(), napped = 0;
    bool opened = setup(r, err, sizeof err);
    if (!opened) {
        status = SIM_EXIT_ERROR;
        goto out;
    }
    if (r->csr && !o->quiet)
        fprintf(stderr, "fpgagen sim: serving the register bus on %s\n",
                o->csr_path);

    SimPorts *p = r->p;
    p->rst = 1;
    p->tx_tready = 0xff;
    p->rx_dirty = 1;
    for (int i = 0; i < SIM_RESET_CYCLES; i++) {
        ops->settle(r->model, p);
        ops->edge(r->model);
    }
    p->rst = 0;
    for (int s = 0; s < SIM_SLOTS; s++)
        if ((r->rx_active >> s & 1) && !load_beat(r, s))
            end = END_INPUT_ERROR;

    bool announced = false, stalled = false;
    uint64_t next_poll = POLL_SLOW;
    while (end == END_NONE) {
        p->tx_tready = r->bp ? r->bp[cycle % SIM_BP_PERIOD] : 0xff;
        ops->settle(r->model, p);

        uint32_t rx_fire = p->rx_tvalid & p->rx_tready & 0xff;
        uint32_t rx_stall = p->rx_tvalid & ~p->rx_tready & 0xff;
        uint32_t tx_fire = p->tx_tvalid & p->tx_tready & 0xff;
        uint32_t tx_stall = p->tx_tvalid & ~p->tx_tready & 0xff;
        for (uint32_t m = rx_fire; m; m &= m - 1) {
            int s = __builtin_ctz(m);
            sim_results_rx(&r->res, s, cycle, &r->beat[s]);
        }
        for (uint32_t m = rx_stall; m; m &= m - 1)
            sim_results_rx_stall(&r->res, __builtin_ctz(m));
        for (uint32_t m = tx_stall; m; m &= m - 1)
            sim_results_tx_stall(&r->res, __builtin_ctz(m));
        if (tx_fire)
            tx_beats(r, cycle, tx_fire);
        bus_sample(r);

        ops->edge(r->model);
        cycle++;
        if (ops->finished(r->model))
            end = END_FINISH;
        for (uint32_t m = rx_fire; m; m &= m - 1)
            if (!load_beat(r, __builtin_ctz(m)))
                end = END_INPUT_ERROR;
        quiet = (rx_fire | tx_fire) ? 0 : quiet + 1;
        if (r->csr)
            start_request(r, cycle);

        if (o->max_cycles && cycle >= o->max_cycles && end == END_NONE)
            end = END_CYCLES;
        if (quiet == SIM_IDLE_CYCLES) {
            bool inputs_left = (p->rx_tvalid & r->rx_active) != 0;
            if (inputs_left && !r->csr) {
                stalled = true;
                sim_error("stalled: no beat moved for %d cycles (cycle %"
                          PRIu64 ") with input packets left", SIM_IDLE_CYCLES,
                          cycle);
            } else if (inputs_left) {
                /* the register bus may yet unblock it: keep going */
                sim_warn("no beat moved for %d cycles (cycle %" PRIu64
                         ") with input packets left", SIM_IDLE_CYCLES, cycle);
            }
            if (!r->csr) {
                if (end == END_NONE)
                    end = END_IDLE;
            } else if (!announced && !inputs_left) {
                announced = true;
                sim_results_flush(&r->res);
                if (!o->quiet)
                    fprintf(stderr, "fpgagen sim: traffic done at cycle %"
                                    PRIu64 "; serving %s until SIGINT or "
                                    "SIGTERM\n", cycle, o->csr_path);
            }
        }
        if (cycle >= next_poll && end == END_NONE) {
            bool busy = r->csr && (r->bus_busy ||
                                   cycle - r->last_csr < CSR_RECENT);
            next_poll = cycle + (busy ? POLL_FAST : POLL_SLOW);
            if (r->csr) {
                bool nap = !busy && announced && quiet >= NAP_AFTER;
                double t = nap ? sim_now() : 0;
                sim_csr_poll(r->csr, nap ? NAP_MS : 0, r->sigfd);
                if (nap)
                    napped += sim_now() - t;
                start_request(r, cycle);
            }
            if (got_signal(r))
                end = END_SIGNAL;
        }
    }

    if (end == END_INPUT_ERROR)
        status = SIM_EXIT_ERROR;
    else if (end == END_SIGNAL && !r->csr)
        status = SIM_EXIT_INTERRUPTED;
    if (end == END_SIGNAL && !o->quiet)
        fprintf(stderr, "fpgagen sim: stopped by a signal at cycle %" PRIu64
                        "\n", cycle);
    if (end == END_FINISH && !o->quiet)
        fprintf(stderr, "fpgagen sim: the design called $finish at cycle %"
                        PRIu64 "\n", cycle);
    if (status == SIM_EXIT_OK && (stalled || r->res.errors))
        status = SIM_EXIT_DESIGN;
    if (o->dump_regs && end != END_INPUT_ERROR) {
        p->tx_tready = 0xff;
        if (!dump_registers(r, o->dump_regs) && status == SIM_EXIT_OK)
            status = SIM_EXIT_ERROR;
    }
    ops->close(r->model);
    r->model = NULL;
    sim_results_close(&r->res, cycle, sim_now() - t0 - napped, true);

out:
    if (r->model)
        ops->close(r->model);
    if (!opened)
        sim_results_close(&r->res, 0, 0, false);
    for (int s = 0; s < SIM_SLOTS; s++)
        sim_source_close(&r->src[s]);
    sim_csr_close(r->csr);
    free(r->bp);
    free(r->p);
    if (r->sigfd >= 0)
        close(r->sigfd);
    sigprocmask(SIG_SETMASK, &old, NULL);
    return status;
}

int sim_exe_main(int argc, char **argv, const SimModelOps *ops)
{
    SimOptions o;
    int st = sim_parse_options(argc, argv, &o);
    if (st >= 0) {
        sim_free_options(&o);
        return st;
    }
    SimDesign d;
    if (!sim_load_design(o.dir, &d)) {
        sim_free_options(&o);
        return SIM_EXIT_ERROR;
    }
    if (!sim_check_ports(&o, &d))
        st = SIM_EXIT_USAGE;
    else if (o.build_only)
        st = SIM_EXIT_OK;   /* this program is the build */
    else
        st = sim_run_verilator(&o, &d, ops);
    sim_free_design(&d);
    sim_free_options(&o);
    return st;
}
