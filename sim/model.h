/*
 * model.h -- the C view of a compiled fg_sim_top.
 *
 * The harness never sees a simulator's types: it fills and reads
 * SimPorts, plain arrays of 32-bit words with bit i of a vector in word
 * i / 32, bit i % 32 (the layout of Verilog's packed vectors), and calls
 * the model through SimModelOps.  sim/shim.cpp implements these for a
 * Verilator model, whatever C types Verilator chose for each port.
 *
 * Included by C and by C++ (inside extern "C").
 */
#ifndef SIM_MODEL_H
#define SIM_MODEL_H

#include <stddef.h>
#include <stdint.h>

enum {
    SIM_SLOTS = 8,                  /* rx and tx slots of fg_sim_top */
    SIM_MAX_WIDTH = 512,            /* datapath width W, bits */
    SIM_DATA_WORDS = SIM_SLOTS * SIM_MAX_WIDTH / 32,       /* 8*W bits */
    SIM_KEEP_WORDS = SIM_SLOTS * SIM_MAX_WIDTH / 8 / 32,   /* 8*W/8 bits */
};

typedef struct SimPorts {
    /* inputs; one-bit-per-slot signals are masks in bits 7:0 */
    uint32_t rst;
    uint32_t rx_tvalid, rx_tlast;
    uint32_t tx_tready;
    uint32_t csr_valid, csr_write, csr_addr, csr_wdata;
    uint32_t rx_tdata[SIM_DATA_WORDS];
    uint32_t rx_tkeep[SIM_KEEP_WORDS];
    uint32_t rx_tag[SIM_SLOTS];
    int rx_dirty;           /* rx_tdata, rx_tkeep or rx_tag changed since
                               the last settle (the model clears it) */
    /* outputs */
    uint32_t rx_tready;
    uint32_t tx_tvalid, tx_tlast;
    uint32_t csr_ready, csr_err, csr_rdata;
    uint32_t tx_tdata[SIM_DATA_WORDS];  /* filled by read_tx only */
    uint32_t tx_tkeep[SIM_KEEP_WORDS];
    uint32_t tx_tag[SIM_SLOTS];
} SimPorts;

typedef struct SimModel SimModel;

typedef struct SimModelOps {
    /* Creates the model of a design of datapath width W bits (checked
     * against the ports' widths); vcd (may be NULL) names a waveform
     * file, written with the clock's half period half_ps picoseconds.  On
     * failure returns NULL with a message in err. */
    SimModel *(*open)(int width, const char *vcd, uint64_t half_ps,
                      char *err, size_t errlen);
    /* Clock low: applies the inputs of p, evaluates, and stores the
     * narrow outputs (rx_tready, tx_tvalid, tx_tlast, csr_*) in p. */
    void (*settle)(SimModel *m, SimPorts *p);
    /* Stores tx_tdata, tx_tkeep and tx_tag as settled in p. */
    void (*read_tx)(SimModel *m, SimPorts *p);
    /* Rising clock edge: flops take the inputs of the last settle. */
    void (*edge)(SimModel *m);
    /* True once the design has called $finish. */
    int (*finished)(SimModel *m);
    /* Runs final blocks, closes the waveform, frees the model. */
    void (*close)(SimModel *m);
} SimModelOps;

#endif
