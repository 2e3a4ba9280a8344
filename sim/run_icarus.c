/*
 * run_icarus.c -- a run through Icarus Verilog: the input pcaps become
 * stimulus files for the fixed testbench tb_icarus.v, vvp runs it, and
 * its log of accepted and sent beats is replayed through results.c, the
 * same way the Verilator loop reports them.
 */
#include "sim_int.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Writes slot s's beats as "tag last keep data" lines, data and keep as
 * hex with lane 0 in the low bits. */
static bool write_stimulus(const char *path, int slot, const char *pcap,
                           int width)
{
    SimSource src;
    if (!sim_source_open(&src, slot, pcap, width))
        return false;
    FILE *f = fopen(path, "w");
    if (!f) {
        sim_error("cannot write %s: %s", path, strerror(errno));
        sim_source_close(&src);
        return false;
    }
    int nb = width / 8;
    SimBeat b;
    int rc;
    while ((rc = sim_source_next(&src, &b)) == 1) {
        uint64_t keep = b.nbytes >= 64 ? UINT64_MAX
                                       : ((uint64_t)1 << b.nbytes) - 1;
        fprintf(f, "%08" PRIx32 " %d %0*" PRIx64 " ", b.tag, b.last ? 1 : 0,
                (nb + 3) / 4, keep);
        for (int j = nb - 1; j >= 0; j--)
            fprintf(f, "%02x", b.data[j]);
        fputc('\n', f);
    }
    sim_source_close(&src);
    bool ok = rc == 0;
    if (fclose(f) != 0 && ok) {
        sim_error("cannot write %s: %s", path, strerror(errno));
        ok = false;
    }
    return ok;
}

static bool write_bp(const char *path, const uint8_t *bp)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        sim_error("cannot write %s: %s", path, strerror(errno));
        return false;
    }
    for (int c = 0; c < SIM_BP_PERIOD; c++)
        fprintf(f, "%02x\n", bp[c]);
    if (fclose(f) != 0) {
        sim_error("cannot write %s: %s", path, strerror(errno));
        return false;
    }
    return true;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return 0;               /* x and z read as 0, as Verilator has them */
}

static uint64_t hex64(const char *s)
{
    uint64_t v = 0;
    for (; *s; s++)
        v = v << 4 | (uint64_t)hexval(*s);
    return v;
}

typedef struct Replay {
    SimResults *res;
    SimSource src[SIM_SLOTS];
    bool active[SIM_SLOTS];
    int width;
    uint64_t cycles;
    int why;                /* -1: no end line (the design called $finish) */
    uint64_t last_cycle;
    const char *log;
    long line;
} Replay;

static bool bad_line(Replay *rp)
{
    sim_error("%s:%ld: unexpected line from the testbench", rp->log,
              rp->line);
    return false;
}

static bool replay_line(Replay *rp, char *line)
{
    char *tok[8];
    int n = 0;
    for (char *save = NULL, *t = strtok_r(line, " \n", &save); t && n < 8;
         t = strtok_r(NULL, " \n", &save))
        tok[n++] = t;
    if (n == 0)
        return true;
    int nb = rp->width / 8;
    if (strcmp(tok[0], "r") == 0 && n == 3) {
        uint64_t cycle = strtoull(tok[1], NULL, 10);
        int s = atoi(tok[2]);
        if (s < 0 || s >= SIM_SLOTS || !rp->active[s])
            return bad_line(rp);
        SimBeat b;
        if (sim_source_next(&rp->src[s], &b) != 1)
            return bad_line(rp);
        sim_results_rx(rp->res, s, cycle, &b);
        rp->last_cycle = cycle;
    } else if (strcmp(tok[0], "t") == 0 && n == 7) {
        uint64_t cycle = strtoull(tok[1], NULL, 10);
        int s = atoi(tok[2]);
        const char *data = tok[6];
        size_t len = strlen(data);
        if (s < 0 || s >= SIM_SLOTS || len != (size_t)rp->width / 4)
            return bad_line(rp);
        uint8_t bytes[SIM_MAX_WIDTH / 8];
        for (int j = 0; j < nb; j++) {
            const char *h = data + len - 2 * (size_t)j - 2;
            bytes[j] = (uint8_t)(hexval(h[0]) << 4 | hexval(h[1]));
        }
        sim_results_tx(rp->res, s, cycle, bytes, hex64(tok[5]),
                       hex64(tok[4]) & 1, (uint32_t)hex64(tok[3]));
        rp->last_cycle = cycle;
    } else if (strcmp(tok[0], "s") == 0 && n == 4) {
        int s = atoi(tok[1]);
        if (s < 0 || s >= SIM_SLOTS)
            return bad_line(rp);
        rp->res->rx[s].stalls = strtoull(tok[2], NULL, 10);
        rp->res->tx[s].stalls = strtoull(tok[3], NULL, 10);
    } else if (strcmp(tok[0], "e") == 0 && n == 3) {
        rp->cycles = strtoull(tok[1], NULL, 10);
        rp->why = atoi(tok[2]);
    } else {
        return bad_line(rp);
    }
    return true;
}

/* Shows what the design printed, without vvp's own notes. */
static void show_output(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0)
        if (strncmp(line, "VCD info:", 9) != 0)
            fputs(line, stdout);
    free(line);
    fclose(f);
}

int sim_run_icarus(const SimOptions *o, const SimDesign *d, const char *vvp)
{
    int status = SIM_EXIT_ERROR;
    char *work = sim_asprintf("%s/sim/icarus/run.%ld", d->dir, (long)getpid());
    char *log = sim_asprintf("%s/beats.log", work);
    char *out = sim_asprintf("%s/vvp.out", work);
    uint8_t *bp = NULL;
    char *line = NULL;
    FILE *lf = NULL;
    SimResults res;
    bool res_open = false;
    Replay rp;
    memset(&rp, 0, sizeof rp);
    memset(&res, 0, sizeof res);
    for (int s = 0; s < SIM_SLOTS; s++)
        rp.src[s].done = true;
    if (!sim_mkdirs(work))
        goto out;

    /* stimulus, back-pressure, arguments */
    char *args[SIM_SLOTS + 10];
    int na = 0;
    args[na++] = sim_strdup("vvp");
    args[na++] = sim_strdup("-n");
    args[na++] = sim_strdup(vvp);
    bool ok = true;
    for (int i = 0; ok && i < o->nin; i++) {
        int s = o->in[i].slot;
        char *f = sim_asprintf("%s/rx%d.hex", work, s);
        ok = write_stimulus(f, s, o->in[i].path, d->width);
        args[na++] = sim_asprintf("+rx%d=%s", s, f);
        free(f);
    }
    if (ok && (bp = sim_bp_table(o->backpressure, o->seed))) {
        char *f = sim_asprintf("%s/bp.hex", work);
        ok = write_bp(f, bp);
        args[na++] = sim_asprintf("+bp=%s", f);
        free(f);
    }
    args[na++] = sim_asprintf("+out=%s", log);
    args[na++] = sim_asprintf("+idle=%d", SIM_IDLE_CYCLES);
    if (o->max_cycles)
        args[na++] = sim_asprintf("+cycles=%" PRIu64, o->max_cycles);
    if (o->vcd)
        args[na++] = sim_asprintf("+vcd=%s", o->vcd);
    args[na] = NULL;

    double t0 = sim_now(), seconds = 0;
    if (ok) {
        int rc = sim_run(args, out);
        seconds = sim_now() - t0;
        if (rc != 0) {
            sim_error("vvp failed (status %d); its output:", rc);
            sim_show_log(out, 40);
            ok = false;
        } else if (!o->quiet) {
            show_output(out);
        }
    }
    for (int i = 0; i < na; i++)
        free(args[i]);
    if (!ok)
        goto out;

    /* replay the log */
    if (!sim_results_open(&res, o, d))
        goto out;
    res_open = true;
    rp.res = &res;
    rp.width = d->width;
    rp.why = -1;
    rp.log = log;
    for (int i = 0; i < o->nin; i++) {
        int s = o->in[i].slot;
        rp.active[s] = true;
        if (!sim_source_open(&rp.src[s], s, o->in[i].path, d->width))
            goto out;
    }
    lf = fopen(log, "r");
    if (!lf) {
        sim_error("%s: %s (the testbench wrote no log)", log, strerror(errno));
        goto out;
    }
    size_t cap = 0;
    while (getline(&line, &cap, lf) > 0) {
        rp.line++;
        if (!replay_line(&rp, line))
            goto out;
    }
    bool stalled = false;
    if (rp.why < 0) {
        rp.cycles = rp.last_cycle + 1;
        if (!o->quiet)
            fprintf(stderr, "fpgagen sim: the design called $finish\n");
    } else if (rp.why == 0) {
        for (int s = 0; s < SIM_SLOTS; s++) {
            SimBeat b;
            if (rp.active[s] && sim_source_next(&rp.src[s], &b) == 1)
                stalled = true;
        }
        if (stalled)
            sim_error("stalled: no beat moved for %d cycles (cycle %" PRIu64
                      ") with input packets left", SIM_IDLE_CYCLES, rp.cycles);
    }
    status = stalled || res.errors ? SIM_EXIT_DESIGN : SIM_EXIT_OK;
    sim_results_close(&res, rp.cycles, seconds, true);
    res_open = false;

out:
    if (res_open)
        sim_results_close(&res, 0, 0, false);
    if (lf)
        fclose(lf);
    free(line);
    for (int s = 0; s < SIM_SLOTS; s++)
        sim_source_close(&rp.src[s]);
    free(bp);
    const char *keep = getenv("FPGAGEN_SIM_KEEP");
    if (!keep || !*keep || strcmp(keep, "0") == 0) {
        char *rm[] = {"rm", "-rf", work, NULL};
        sim_run(rm, NULL);
    }
    free(work);
    free(log);
    free(out);
    return status;
}
