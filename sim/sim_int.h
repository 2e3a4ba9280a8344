/*
 * sim_int.h -- the simulation harness's one internal header.
 *
 * Sections follow a run from the command line to the table:
 *   1. utilities (util.c)
 *   2. options (options.c)
 *   3. the design: DIR/design.json (design.c)
 *   4. traffic in: pcaps to beats, the back-pressure sequence (traffic.c)
 *   5. results: beats to pcaps, statistics, the table (results.c)
 *   6. the register socket (csr_server.c)
 *   7. building the simulators (build.c)
 *   8. running Verilator (run_verilator.c) and Icarus (run_icarus.c)
 *
 * Every external name starts with sim_ (or Sim for types): the harness is
 * linked into fpgagen beside the compiler and into each design's
 * simulator on its own.  No function exits the process; errors are
 * printed as "fpgagen sim: ..." and returned.
 */
#ifndef SIM_INT_H
#define SIM_INT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <pcap/pcap.h>

#include "model.h"
#include "sim.h"

#if defined(__GNUC__)
#define SIM_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define SIM_PRINTF(f, a)
#endif

/* Exit statuses of `fpgagen sim`. */
enum {
    SIM_EXIT_OK = 0,
    SIM_EXIT_ERROR = 1,     /* a bad file, a failed build, a simulator error */
    SIM_EXIT_USAGE = 2,     /* bad option or option value */
    SIM_EXIT_DESIGN = 3,    /* the design broke the protocol or stalled */
    SIM_EXIT_INTERRUPTED = 130,
};

/* Fixed by the harness (docs/sim.md). */
enum {
    SIM_RESET_CYCLES = 8,       /* rst high before cycle 0 */
    SIM_IDLE_CYCLES = 1000,     /* no beat moved for this long: the run ends */
    SIM_CSR_TIMEOUT = 1000,     /* cycles a register request waits for ready */
    SIM_BP_PERIOD = 65536,      /* length of the back-pressure sequence */
    SIM_MAX_PACKET = 262144,    /* bytes kept of one output packet */
};

/* ===================================================================
 * 1. Utilities (util.c)
 * =================================================================== */

/* Allocation that cannot fail (out of memory prints and aborts). */
void *sim_alloc(size_t n);                  /* zeroed */
void *sim_realloc(void *p, size_t n);
char *sim_strdup(const char *s);
char *sim_asprintf(const char *fmt, ...) SIM_PRINTF(1, 2);

/* "fpgagen sim: ..." on stderr. */
void sim_error(const char *fmt, ...) SIM_PRINTF(1, 2);
void sim_warn(const char *fmt, ...) SIM_PRINTF(1, 2);

/* Seconds on a monotonic clock. */
double sim_now(void);

/* 64-bit FNV-1a, for cache keys. */
typedef struct SimHash {
    uint64_t h;
} SimHash;
void sim_hash_init(SimHash *h);
void sim_hash_bytes(SimHash *h, const void *p, size_t n);
void sim_hash_str(SimHash *h, const char *s);    /* with its terminator */
/* Adds the file's name and bytes; false (errno set) if unreadable. */
bool sim_hash_file(SimHash *h, const char *path);
char *sim_hash_hex(const SimHash *h);            /* 16 hex digits */

/* Reads a whole file; NULL (errno set) on failure. */
char *sim_read_file(const char *path, size_t *len);
/* Writes a whole file through a temporary and a rename. */
bool sim_write_file(const char *path, const char *data, size_t len);
bool sim_mkdirs(const char *path);          /* mkdir -p */
bool sim_is_dir(const char *path);
bool sim_is_file(const char *path);
/* The files in dir whose names end in suffix, sorted; NULL on error. */
char **sim_list_dir(const char *dir, const char *suffix, int *n);
void sim_free_list(char **v, int n);

/* Runs argv (argv[0] looked up in PATH) with stdout and stderr appended
 * to log (or inherited when log is NULL); returns its exit status, or
 * -1 (after printing why) when it could not run or was killed. */
int sim_run(char *const argv[], const char *log);
/* Runs up to jobs commands at a time; true when all exited 0. */
bool sim_run_parallel(char **const argvs[], int n, int jobs,
                      const char *log);
/* Prints the last lines of a log to stderr. */
void sim_show_log(const char *log, int lines);
/* First line of a command's standard output, or NULL. */
char *sim_capture(char *const argv[]);
/* True when an executable called name is on PATH. */
bool sim_have_program(const char *name);

/* Vectors of bits in 32-bit words, bit i in word i/32 (model.h). */
static inline uint8_t sim_get_byte(const uint32_t *v, unsigned byte)
{
    return (uint8_t)(v[byte / 4] >> (8 * (byte % 4)));
}
static inline void sim_put_byte(uint32_t *v, unsigned byte, uint8_t b)
{
    unsigned sh = 8 * (byte % 4);
    v[byte / 4] = (v[byte / 4] & ~(0xffu << sh)) | ((uint32_t)b << sh);
}
/* n bytes from byte offset off of a vector, or into it. */
static inline void sim_get_bytes(const uint32_t *v, unsigned off, uint8_t *out,
                                 unsigned n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(out, (const uint8_t *)v + off, n);   /* the same layout */
#else
    for (unsigned j = 0; j < n; j++)
        out[j] = sim_get_byte(v, off + j);
#endif
}
static inline void sim_put_bytes(uint32_t *v, unsigned off, const uint8_t *in,
                                 unsigned n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy((uint8_t *)v + off, in, n);
#else
    for (unsigned j = 0; j < n; j++)
        sim_put_byte(v, off + j, in[j]);
#endif
}
/* n <= 64 bits starting at bit lsb. */
uint64_t sim_get_bits(const uint32_t *v, unsigned lsb, unsigned n);
void sim_put_bits(uint32_t *v, unsigned lsb, unsigned n, uint64_t x);

/* ===================================================================
 * 2. Options (options.c)
 * =================================================================== */

typedef enum SimSimulator { SIMULATOR_VERILATOR, SIMULATOR_ICARUS } SimSimulator;

typedef struct SimPortArg {
    char *dev;              /* "eth0" (owned) */
    char *path;             /* pcap file (owned) */
    int slot;               /* filled in by sim_check_ports */
} SimPortArg;

typedef struct SimOptions {
    const char *dir;
    SimPortArg in[SIM_SLOTS], out[SIM_SLOTS];
    int nin, nout;
    double backpressure;    /* probability that tx_tready is low */
    uint64_t seed;
    uint64_t max_cycles;    /* 0: no limit */
    const char *vcd;        /* NULL: no waveform */
    const char *csr_path;   /* Unix socket path, NULL: no register socket */
    SimSimulator simulator;
    bool build_only;        /* build, do not run */
    bool quiet;
    const char *dump_regs;  /* write every readable register here at the end */
} SimOptions;

/* Parses argv (argv[0] is the command name).  Returns -1 when the run
 * should go on, or an exit status (0 after --help, 2 on a usage error,
 * already reported). */
int sim_parse_options(int argc, char **argv, SimOptions *o);
void sim_free_options(SimOptions *o);
/* Prints the usage error and the hint; returns SIM_EXIT_USAGE. */
int sim_usage_error(const char *fmt, ...) SIM_PRINTF(1, 2);

/* ===================================================================
 * 3. The design (design.c)
 * =================================================================== */

typedef struct SimDevice {
    char *name;
    int slot;               /* fg_sim_top slot: ethN is slot N */
    bool rx, tx;            /* the design receives / sends on it */
} SimDevice;

/* A readable element register of design.json, at its absolute address. */
typedef struct SimReg {
    char *name;             /* "element.register" */
    uint32_t addr;
    int width;              /* 32 or 64 */
} SimReg;

typedef struct SimDesign {
    char *dir;
    char *hash;             /* design hash, hex ("" if none) */
    int width;              /* W, bits */
    double clock_mhz;
    int addr_width;         /* csr.addr_width */
    SimDevice devices[SIM_SLOTS];
    int ndevices;
    SimReg *regs;
    int nregs;
} SimDesign;

/* Reads DIR/design.json; false after reporting what is wrong. */
bool sim_load_design(const char *dir, SimDesign *d);
void sim_free_design(SimDesign *d);
/* Resolves every --in/--out device to its slot; reports unknown devices
 * and devices without the needed direction.  Returns false on error. */
bool sim_check_ports(SimOptions *o, const SimDesign *d);

/* ===================================================================
 * 4. Traffic in (traffic.c)
 * =================================================================== */

/* One beat of a slot's stream. */
typedef struct SimBeat {
    uint8_t data[SIM_MAX_WIDTH / 8];
    unsigned nbytes;        /* valid lanes, from lane 0 */
    bool first, last;
    uint32_t tag;
} SimBeat;

/* The tag of input packet seq (1, 2, ...) of a slot: the slot in bits
 * 31:29, the sequence number below.  Tag 0 is never used. */
static inline uint32_t sim_tag(int slot, uint32_t seq)
{
    return ((uint32_t)slot << 29) | (seq & 0x1fffffffu);
}

/* An input pcap read packet by packet and cut into beats. */
typedef struct SimSource {
    int slot;
    const char *path;
    pcap_t *pcap;
    int bytes_per_beat;
    const uint8_t *pkt;     /* current packet (libpcap's buffer) */
    uint32_t len, off;      /* its length, bytes already in beats */
    uint32_t seq;           /* sequence number of the current packet */
    uint64_t skipped;       /* empty packets left out */
    bool done, failed;
} SimSource;

/* Checks that path is a readable Ethernet pcap, reading it to the end
 * (a truncated or corrupt file fails here, before any build). */
bool sim_scan_pcap(const char *path, uint64_t *packets, uint64_t *bytes);
bool sim_source_open(SimSource *s, int slot, const char *path, int width);
/* Next beat: 1, or 0 at the end of the file, -1 on a read error
 * (reported). */
int sim_source_next(SimSource *s, SimBeat *b);
void sim_source_close(SimSource *s);

/* The back-pressure sequence: entry c % SIM_BP_PERIOD is the tx_tready
 * mask of cycle c.  NULL when p is 0 (always ready). */
uint8_t *sim_bp_table(double p, uint64_t seed);

/* ===================================================================
 * 5. Results (results.c): statistics, output pcaps, the table
 * =================================================================== */

typedef struct SimStats {
    uint64_t packets, bytes, beats;
    uint64_t first, last;   /* cycles of the first and last beat */
    uint64_t stalls;        /* rx: cycles rx_tready was low with a beat
                               waiting; tx: cycles tx_tvalid was high and
                               tx_tready low */
    uint64_t lat_min, lat_max, lat_sum, lat_n;
    uint64_t unmatched;     /* tx packets whose tag names no input packet */
    uint64_t errors;        /* protocol errors */
} SimStats;

/* An output packet being assembled. */
typedef struct SimSink {
    const char *path;       /* NULL: counted, not written */
    pcap_t *dead;
    pcap_dumper_t *dump;
    uint8_t *buf;
    uint32_t len;           /* bytes seen (may exceed what buf keeps) */
    uint64_t start;         /* cycle of the first beat */
    uint32_t tag;
    bool open;              /* a packet has begun and not ended */
} SimSink;

typedef struct SimResults {
    const SimDesign *design;
    int width, bytes_per_beat;
    bool rx_used[SIM_SLOTS], tx_used[SIM_SLOTS];
    SimStats rx[SIM_SLOTS], tx[SIM_SLOTS];
    SimSink sink[SIM_SLOTS];
    uint64_t *in_cycle[SIM_SLOTS];  /* first-beat cycle of input seq-1 */
    uint32_t in_n[SIM_SLOTS], in_cap[SIM_SLOTS];
    uint64_t errors;                /* protocol errors, all ports */
    int error_reports;              /* messages printed so far */
    bool quiet;
} SimResults;

/* Opens the --out pcaps.  False after reporting. */
bool sim_results_open(SimResults *r, const SimOptions *o,
                      const SimDesign *d);
/* A beat entered the design on slot at cycle. */
void sim_results_rx(SimResults *r, int slot, uint64_t cycle,
                    const SimBeat *b);
void sim_results_rx_stall(SimResults *r, int slot);
/* A beat left the design on slot at cycle: data holds the slot's W bits
 * (lane j in byte j), keep its W/8 lane bits. */
void sim_results_tx(SimResults *r, int slot, uint64_t cycle,
                    const uint8_t *data, uint64_t keep, bool last,
                    uint32_t tag);
void sim_results_tx_stall(SimResults *r, int slot);
/* Flushes the output pcaps (packets written so far reach the files). */
void sim_results_flush(SimResults *r);
/* Ends open packets, closes the pcaps and, with table (and not quiet),
 * prints the table.  seconds is the wall time of the cycles run. */
void sim_results_close(SimResults *r, uint64_t cycles, double seconds,
                       bool table);

/* ===================================================================
 * 6. The register socket (csr_server.c)
 * =================================================================== */

typedef struct SimCsrServer SimCsrServer;

/* A request taken from a client, to drive onto the bus. */
typedef struct SimCsrRequest {
    uint32_t op, addr, data;
    int client;             /* who gets the answer */
    uint64_t serial;        /* that client's connection number */
} SimCsrRequest;

/* Listens on path (an existing socket file is replaced).  NULL after
 * reporting. */
SimCsrServer *sim_csr_open(const char *path);
/* Accepts, reads and writes without blocking (or waiting up to
 * timeout_ms for something to happen, when > 0; sigfd, when >= 0, also
 * ends the wait).  Returns true when anything happened. */
bool sim_csr_poll(SimCsrServer *s, int timeout_ms, int sigfd);
/* Takes the next request, from the clients in turn (each client's in
 * the order it sent them); false when none. */
bool sim_csr_next(SimCsrServer *s, SimCsrRequest *rq);
/* Answers a request (status 0 ok, 1 csr_err, 2 timeout). */
void sim_csr_answer(SimCsrServer *s, const SimCsrRequest *rq,
                    uint32_t status, uint32_t data);
int sim_csr_clients(const SimCsrServer *s);
void sim_csr_close(SimCsrServer *s);

/* ===================================================================
 * 7. Building the simulators (build.c)
 * =================================================================== */

/* The folder holding shim.cpp, tb_icarus.v and the harness sources:
 * $FPGAGEN_SIM_DIR, else $FPGAGEN_ROOT/sim (the environment's, else the
 * one fpgagen was compiled with), else found beside the running program.
 * NULL after reporting. */
char *sim_source_dir(void);
/* Builds (or reuses) the Verilator simulator of d into DIR/sim/obj
 * (DIR/sim/obj-trace with trace).  Returns its path, NULL on failure. */
char *sim_build_verilator(const SimDesign *d, bool trace, bool quiet);
/* Compiles (or reuses) the Icarus testbench and d's RTL into
 * DIR/sim/icarus/sim.vvp.  Returns its path, NULL on failure. */
char *sim_build_icarus(const SimDesign *d, bool quiet);

/* ===================================================================
 * 8. Running (run_verilator.c, run_icarus.c)
 * =================================================================== */

/* Both return the exit status. */
int sim_run_verilator(const SimOptions *o, const SimDesign *d,
                      const SimModelOps *ops);
int sim_run_icarus(const SimOptions *o, const SimDesign *d,
                   const char *vvp);

#endif
