/*
 * options.c -- the command line of `fpgagen sim`, in the layout every
 * fpgagen sub-command's --help shares.
 */
#include "sim_int.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef enum OptId {
    OPT_IN, OPT_OUT, OPT_BACKPRESSURE, OPT_SEED, OPT_CYCLES, OPT_VCD,
    OPT_CSR, OPT_SIMULATOR, OPT_BUILD_ONLY, OPT_QUIET, OPT_DUMP_REGS,
} OptId;

typedef struct OptSpec {
    OptId id;
    const char *name;       /* without "--" */
    const char *arg;        /* NULL for a flag */
    const char *help;
} OptSpec;

static const OptSpec opts[] = {
    {OPT_IN, "in", "DEV=PCAP",
     "Feed the packets of PCAP to device DEV's receive port at line rate\n"
     "      (back-to-back beats, the next packet on the next cycle).\n"
     "      May be given once per device."},
    {OPT_OUT, "out", "DEV=PCAP",
     "Write the packets that leave device DEV's transmit port to PCAP.\n"
     "      May be given once per device."},
    {OPT_BACKPRESSURE, "backpressure", "P",
     "Pull each output's tx_tready low at random with probability P per\n"
     "      cycle (0 <= P < 1; default 0)."},
    {OPT_SEED, "seed", "N",
     "Seed of the back-pressure sequence (default 1); the same seed gives\n"
     "      the same run."},
    {OPT_CYCLES, "cycles", "N",
     "Stop after N clock cycles."},
    {OPT_VCD, "vcd", "FILE",
     "Write a waveform of the run to FILE (VCD)."},
    {OPT_CSR, "csr", "unix:PATH",
     "Serve the register bus on a Unix socket at PATH, and keep the clock\n"
     "      running after the traffic until SIGINT, SIGTERM or --cycles."},
    {OPT_SIMULATOR, "simulator", "NAME",
     "verilator (default) or icarus."},
    {OPT_BUILD_ONLY, "build-only", NULL,
     "Build the simulator (or check that it is up to date) and exit."},
    {OPT_QUIET, "quiet", NULL,
     "Print only errors and warnings: no build messages, no table."},
    {OPT_DUMP_REGS, "dump-regs", "FILE",
     "After the run, read every readable element register over the\n"
     "      register bus and write lines 'element.register value' to FILE\n"
     "      (Verilator only)."},
};
enum { NOPTS = sizeof opts / sizeof opts[0] };

static void print_help(FILE *out)
{
    fputs("Usage: fpgagen sim [OPTION]... DIR\n\n"
          "Simulate the design that fpgagen wrote to DIR: build it (once per\n"
          "content), stream the --in pcaps into it, write what it sends to\n"
          "the --out pcaps, and print per port the packets, bytes, cycles,\n"
          "throughput and latency.  Exit status: 0 success, 1 error, 2 bad\n"
          "usage, 3 the design broke the stream protocol or stalled.\n\n"
          "Options:\n",
          out);
    for (int i = 0; i < NOPTS; i++) {
        fprintf(out, "  --%s", opts[i].name);
        if (opts[i].arg)
            fprintf(out, " %s", opts[i].arg);
        fprintf(out, "\n      %s\n", opts[i].help);
    }
    fputs("  -h, --help\n      Print this help and exit.\n", out);
}

int sim_usage_error(const char *fmt, ...)
{
    va_list ap;
    fputs("fpgagen sim: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'fpgagen sim --help' for more information.\n", stderr);
    return SIM_EXIT_USAGE;
}

static bool parse_u64(const char *s, uint64_t *v)
{
    if (!*s || *s == '-' || *s == '+')
        return false;
    char *end;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 0);
    if (errno || *end)
        return false;
    *v = x;
    return true;
}

static int port_arg(const char *opt, const char *val, SimPortArg *list,
                    int *n)
{
    const char *eq = strchr(val, '=');
    if (!eq || eq == val || !eq[1])
        return sim_usage_error("--%s: expected DEV=PCAP, got '%s'", opt, val);
    for (int i = 0; i < *n; i++) {
        if (strlen(list[i].dev) == (size_t)(eq - val) &&
            strncmp(list[i].dev, val, (size_t)(eq - val)) == 0)
            return sim_usage_error("--%s: device '%.*s' given twice", opt,
                                   (int)(eq - val), val);
    }
    if (*n == SIM_SLOTS)
        return sim_usage_error("--%s: at most %d devices", opt, SIM_SLOTS);
    char *dev = sim_asprintf("%.*s", (int)(eq - val), val);
    char *path = sim_strdup(eq + 1);
    list[*n].dev = dev;
    list[*n].path = path;
    list[*n].slot = -1;
    (*n)++;
    return -1;
}

int sim_parse_options(int argc, char **argv, SimOptions *o)
{
    memset(o, 0, sizeof *o);
    o->seed = 1;
    o->simulator = SIMULATOR_VERILATOR;
    bool only_operands = false;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        if (only_operands || s[0] != '-' || strcmp(s, "-") == 0) {
            if (o->dir)
                return sim_usage_error("unexpected argument '%s'", s);
            o->dir = s;
            continue;
        }
        if (strcmp(s, "--") == 0) {
            only_operands = true;
            continue;
        }
        if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0) {
            print_help(stdout);
            return 0;
        }
        const OptSpec *spec = NULL;
        const char *val = NULL;
        if (s[1] == '-') {
            for (int k = 0; k < NOPTS; k++) {
                size_t n = strlen(opts[k].name);
                if (strncmp(s + 2, opts[k].name, n) == 0 &&
                    (s[2 + n] == '\0' || (s[2 + n] == '=' && opts[k].arg))) {
                    spec = &opts[k];
                    if (s[2 + n] == '=')
                        val = s + 3 + n;
                    break;
                }
            }
        }
        if (!spec)
            return sim_usage_error("unknown option '%s'", s);
        if (spec->arg && !val) {
            if (i + 1 >= argc)
                return sim_usage_error("option '%s' needs an argument", s);
            val = argv[++i];
        }
        int st = -1;
        switch (spec->id) {
        case OPT_IN:
            st = port_arg("in", val, o->in, &o->nin);
            break;
        case OPT_OUT:
            st = port_arg("out", val, o->out, &o->nout);
            break;
        case OPT_BACKPRESSURE: {
            char *end;
            errno = 0;
            double p = strtod(val, &end);
            if (!*val || *end || errno || !isfinite(p) || p < 0 || p >= 1)
                st = sim_usage_error("--backpressure: expected a probability"
                                     " 0 <= P < 1, got '%s'", val);
            o->backpressure = p;
            break;
        }
        case OPT_SEED:
            if (!parse_u64(val, &o->seed))
                st = sim_usage_error("--seed: expected an unsigned integer, "
                                     "got '%s'", val);
            break;
        case OPT_CYCLES:
            if (!parse_u64(val, &o->max_cycles) || o->max_cycles == 0)
                st = sim_usage_error("--cycles: expected a positive integer, "
                                     "got '%s'", val);
            break;
        case OPT_VCD:
            if (!*val)
                st = sim_usage_error("--vcd: expected a file name");
            o->vcd = val;
            break;
        case OPT_CSR:
            if (strncmp(val, "unix:", 5) != 0 || !val[5])
                st = sim_usage_error("--csr: expected unix:PATH, got '%s'",
                                     val);
            else if (strlen(val + 5) >= 108)
                st = sim_usage_error("--csr: socket path too long (at most "
                                     "107 bytes): '%s'", val + 5);
            o->csr_path = val + 5;
            break;
        case OPT_SIMULATOR:
            if (strcmp(val, "verilator") == 0)
                o->simulator = SIMULATOR_VERILATOR;
            else if (strcmp(val, "icarus") == 0)
                o->simulator = SIMULATOR_ICARUS;
            else
                st = sim_usage_error("--simulator: expected verilator or "
                                     "icarus, got '%s'", val);
            break;
        case OPT_BUILD_ONLY:
            o->build_only = true;
            break;
        case OPT_QUIET:
            o->quiet = true;
            break;
        case OPT_DUMP_REGS:
            if (!*val)
                st = sim_usage_error("--dump-regs: expected a file name");
            o->dump_regs = val;
            break;
        }
        if (st >= 0)
            return st;
    }
    if (!o->dir)
        return sim_usage_error("missing operand DIR");
    if (o->csr_path && o->simulator == SIMULATOR_ICARUS)
        return sim_usage_error("--csr needs --simulator verilator");
    if (o->dump_regs && o->simulator == SIMULATOR_ICARUS)
        return sim_usage_error("--dump-regs needs --simulator verilator");
    for (int i = 0; i < o->nin; i++)
        for (int k = 0; k < o->nout; k++)
            if (strcmp(o->in[i].path, o->out[k].path) == 0)
                return sim_usage_error("'%s' is both an input and an output",
                                       o->in[i].path);
    for (int i = 0; i < o->nout; i++)
        for (int k = 0; k < i; k++)
            if (strcmp(o->out[i].path, o->out[k].path) == 0)
                return sim_usage_error("'%s' is given to two outputs",
                                       o->out[i].path);
    return -1;
}

void sim_free_options(SimOptions *o)
{
    for (int i = 0; i < o->nin; i++) {
        free(o->in[i].dev);
        free(o->in[i].path);
    }
    for (int i = 0; i < o->nout; i++) {
        free(o->out[i].dev);
        free(o->out[i].path);
    }
    memset(o, 0, sizeof *o);
}
