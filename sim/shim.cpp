// shim.cpp -- moves bits between the harness's word arrays (sim/model.h)
// and a Verilator model of fg_sim_top, and hands control to the harness.
//
// Verilator gives each port the narrowest C type that holds it (CData,
// SData, IData, QData up to 64 bits, VlWide<N> above); the overloads below
// pick the right copy for whatever width the design has.  Everything else
// is C, behind extern "C".

#include "Vfg_sim_top.h"
#include "verilated.h"
#if VM_TRACE
#include "verilated_vcd_c.h"
#endif

#include <cstdio>
#include <memory>

extern "C" {
#include "model.h"
#include "sim.h"
}

namespace {

void put(CData &d, const uint32_t *w) { d = static_cast<CData>(w[0]); }
void put(SData &d, const uint32_t *w) { d = static_cast<SData>(w[0]); }
void put(IData &d, const uint32_t *w) { d = w[0]; }
void put(QData &d, const uint32_t *w)
{
    d = static_cast<QData>(w[0]) | (static_cast<QData>(w[1]) << 32);
}
template <std::size_t N> void put(VlWide<N> &d, const uint32_t *w)
{
    for (std::size_t i = 0; i < N; i++)
        d[i] = w[i];
}

void get(const CData &d, uint32_t *w) { w[0] = d; }
void get(const SData &d, uint32_t *w) { w[0] = d; }
void get(const IData &d, uint32_t *w) { w[0] = d; }
void get(const QData &d, uint32_t *w)
{
    w[0] = static_cast<uint32_t>(d);
    w[1] = static_cast<uint32_t>(d >> 32);
}
template <std::size_t N> void get(const VlWide<N> &d, uint32_t *w)
{
    for (std::size_t i = 0; i < N; i++)
        w[i] = d[i];
}

// Narrow ports: the value itself.
template <typename T> void put1(T &d, uint32_t v) { d = static_cast<T>(v); }
template <typename T> uint32_t get1(const T &d)
{
    return static_cast<uint32_t>(d);
}

} // namespace

struct SimModel {
    std::unique_ptr<VerilatedContext> ctx;
    std::unique_ptr<Vfg_sim_top> top;
#if VM_TRACE
    std::unique_ptr<VerilatedVcdC> vcd;
#endif
    uint64_t half_ps;
    uint64_t time_ps;
};

// Bits of a port as Verilator stores it: exact for the stream ports,
// whose widths (8*W, W) are whole C types or whole 32-bit words.
template <typename T> std::size_t bits(const T &) { return 8 * sizeof(T); }

static SimModel *shim_open(int width, const char *vcd, uint64_t half_ps,
                           char *err, size_t errlen)
{
    SimModel *m = new SimModel();
    m->ctx.reset(new VerilatedContext);
    m->top.reset(new Vfg_sim_top(m->ctx.get(), "fg_sim_top"));
    const Vfg_sim_top &t = *m->top;
    std::size_t w = static_cast<std::size_t>(width);
    if (bits(t.rx_tdata) != 8 * w || bits(t.tx_tdata) != 8 * w ||
        bits(t.rx_tkeep) != w || bits(t.tx_tkeep) != w ||
        bits(t.rx_tag) != 256 || bits(t.tx_tag) != 256) {
        std::snprintf(err, errlen,
                      "fg_sim_top's ports do not match design.json: rx_tdata "
                      "has %zu bits, tx_tdata %zu, rx_tkeep %zu; with width "
                      "%d they should have %zu, %zu and %zu bits",
                      bits(t.rx_tdata), bits(t.tx_tdata), bits(t.rx_tkeep),
                      width, 8 * w, 8 * w, w);
        m->top.reset();
        delete m;
        return nullptr;
    }
    m->half_ps = half_ps ? half_ps : 1;
    m->time_ps = 0;
    if (vcd) {
#if VM_TRACE
        m->ctx->traceEverOn(true);
        m->vcd.reset(new VerilatedVcdC);
        m->top->trace(m->vcd.get(), 99);
        m->vcd->open(vcd);
        if (!m->vcd->isOpen()) {
            std::snprintf(err, errlen, "%s: cannot open for writing", vcd);
            m->top.reset();
            delete m;
            return nullptr;
        }
#else
        std::snprintf(err, errlen,
                      "this model was built without waveform support");
        delete m;
        return nullptr;
#endif
    }
    m->top->clk = 0;
    return m;
}

static void shim_settle(SimModel *m, SimPorts *p)
{
    Vfg_sim_top &t = *m->top;
    t.clk = 0;
    put1(t.rst, p->rst);
    put1(t.rx_tvalid, p->rx_tvalid);
    put1(t.rx_tlast, p->rx_tlast);
    put1(t.tx_tready, p->tx_tready);
    put1(t.csr_valid, p->csr_valid);
    put1(t.csr_write, p->csr_write);
    put(t.csr_addr, &p->csr_addr);
    put(t.csr_wdata, &p->csr_wdata);
    if (p->rx_dirty) {
        put(t.rx_tdata, p->rx_tdata);
        put(t.rx_tkeep, p->rx_tkeep);
        put(t.rx_tag, p->rx_tag);
        p->rx_dirty = 0;
    }
    t.eval();
#if VM_TRACE
    if (m->vcd)
        m->vcd->dump(m->time_ps);
#endif
    m->time_ps += m->half_ps;
    p->rx_tready = get1(t.rx_tready);
    p->tx_tvalid = get1(t.tx_tvalid);
    p->tx_tlast = get1(t.tx_tlast);
    p->csr_ready = get1(t.csr_ready);
    p->csr_err = get1(t.csr_err);
    get(t.csr_rdata, &p->csr_rdata);
}

static void shim_read_tx(SimModel *m, SimPorts *p)
{
    Vfg_sim_top &t = *m->top;
    get(t.tx_tdata, p->tx_tdata);
    get(t.tx_tkeep, p->tx_tkeep);
    get(t.tx_tag, p->tx_tag);
}

static void shim_edge(SimModel *m)
{
    m->top->clk = 1;
    m->top->eval();
#if VM_TRACE
    if (m->vcd)
        m->vcd->dump(m->time_ps);
#endif
    m->time_ps += m->half_ps;
}

static int shim_finished(SimModel *m) { return m->ctx->gotFinish(); }

static void shim_close(SimModel *m)
{
    m->top->final();
#if VM_TRACE
    if (m->vcd)
        m->vcd->close();
#endif
    m->top.reset();
    delete m;
}

int main(int argc, char **argv)
{
    static const SimModelOps ops = {shim_open,     shim_settle, shim_read_tx,
                                    shim_edge,     shim_finished,
                                    shim_close};
    return sim_exe_main(argc, argv, &ops);
}
