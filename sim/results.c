/*
 * results.c -- what comes out of the design: output beats checked against
 * the stream rules and assembled into packets, written to the --out
 * pcaps, and the statistics of every port, printed as one table.
 *
 * Both simulators report through these functions, in the same order, so
 * the same run gives the same pcaps and the same table.
 */
#include "sim_int.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_ERROR_REPORTS = 10 };

static const char *port_name(const SimResults *r, int slot, char *buf,
                             size_t n)
{
    for (int i = 0; i < r->design->ndevices; i++)
        if (r->design->devices[i].slot == slot)
            return r->design->devices[i].name;
    snprintf(buf, n, "slot %d", slot);
    return buf;
}

bool sim_results_open(SimResults *r, const SimOptions *o, const SimDesign *d)
{
    memset(r, 0, sizeof *r);
    r->design = d;
    r->width = d->width;
    r->bytes_per_beat = d->width / 8;
    r->quiet = o->quiet;
    for (int i = 0; i < d->ndevices; i++)
        if (d->devices[i].tx)
            r->tx_used[d->devices[i].slot] = true;
    for (int i = 0; i < o->nin; i++)
        r->rx_used[o->in[i].slot] = true;
    for (int s = 0; s < SIM_SLOTS; s++)
        r->tx[s].lat_min = UINT64_MAX;
    for (int i = 0; i < o->nout; i++) {
        SimSink *k = &r->sink[o->out[i].slot];
        k->path = o->out[i].path;
        k->dead = pcap_open_dead_with_tstamp_precision(
            DLT_EN10MB, SIM_MAX_PACKET, PCAP_TSTAMP_PRECISION_NANO);
        if (!k->dead) {
            sim_error("%s: cannot create a pcap writer", k->path);
            return false;
        }
        k->dump = pcap_dump_open(k->dead, k->path);
        if (!k->dump) {
            sim_error("cannot write %s: %s", k->path, pcap_geterr(k->dead));
            return false;
        }
    }
    for (int s = 0; s < SIM_SLOTS; s++)
        if (r->tx_used[s])
            r->sink[s].buf = sim_alloc(SIM_MAX_PACKET);
    return true;
}

void sim_results_rx(SimResults *r, int slot, uint64_t cycle,
                    const SimBeat *b)
{
    SimStats *st = &r->rx[slot];
    if (!st->beats)
        st->first = cycle;
    st->last = cycle;
    st->beats++;
    st->bytes += b->nbytes;
    if (b->first) {
        uint32_t seq = b->tag & 0x1fffffffu;
        /* seq counts 1, 2, ...: packet seq's first beat is entry seq-1 */
        if (seq == r->in_n[slot] + 1) {
            if (r->in_n[slot] == r->in_cap[slot]) {
                r->in_cap[slot] = r->in_cap[slot] ? 2 * r->in_cap[slot] : 1024;
                r->in_cycle[slot] = sim_realloc(
                    r->in_cycle[slot],
                    (size_t)r->in_cap[slot] * sizeof *r->in_cycle[slot]);
            }
            r->in_cycle[slot][r->in_n[slot]++] = cycle;
        }
    }
    if (b->last)
        st->packets++;
}

void sim_results_rx_stall(SimResults *r, int slot) { r->rx[slot].stalls++; }

void sim_results_tx_stall(SimResults *r, int slot) { r->tx[slot].stalls++; }

static void proto_error(SimResults *r, int slot, uint64_t cycle,
                        const char *what, uint64_t keep)
{
    char buf[16];
    r->errors++;
    r->tx[slot].errors++;
    if (r->error_reports < MAX_ERROR_REPORTS)
        sim_error("%s: cycle %" PRIu64 ": protocol error: %s (tkeep %0*"
                  PRIx64 ")", port_name(r, slot, buf, sizeof buf), cycle, what,
                  (r->bytes_per_beat + 3) / 4, keep);
    else if (r->error_reports == MAX_ERROR_REPORTS)
        sim_error("further protocol errors are counted, not shown");
    r->error_reports++;
}

static void write_packet(SimResults *r, SimSink *k)
{
    if (!k->dump)
        return;
    struct pcap_pkthdr h;
    memset(&h, 0, sizeof h);
    /* nanoseconds since cycle 0: cycle / clock_mhz microseconds */
    uint64_t ns = (uint64_t)llround((double)k->start * 1000.0 /
                                    r->design->clock_mhz);
    h.ts.tv_sec = (time_t)(ns / 1000000000u);
    h.ts.tv_usec = (suseconds_t)(ns % 1000000000u);
    h.len = k->len;
    h.caplen = k->len < SIM_MAX_PACKET ? k->len : SIM_MAX_PACKET;
    pcap_dump((u_char *)k->dump, &h, k->buf);
}

void sim_results_tx(SimResults *r, int slot, uint64_t cycle,
                    const uint8_t *data, uint64_t keep, bool last,
                    uint32_t tag)
{
    SimStats *st = &r->tx[slot];
    SimSink *k = &r->sink[slot];
    int nb = r->bytes_per_beat;
    uint64_t full = nb == 64 ? UINT64_MAX : ((uint64_t)1 << nb) - 1;
    keep &= full;
    if (!r->tx_used[slot]) {
        r->tx_used[slot] = true;
        k->buf = sim_alloc(SIM_MAX_PACKET);
        proto_error(r, slot, cycle, "beat on a slot with no device", keep);
    }
    if (last) {
        if (keep == 0 || (keep & (keep + 1)) != 0)
            proto_error(r, slot, cycle,
                        "tkeep of the last beat is not contiguous from lane 0",
                        keep);
    } else if (keep != full) {
        proto_error(r, slot, cycle, "tkeep is not all ones before tlast",
                    keep);
    }
    if (!k->open) {
        k->open = true;
        k->start = cycle;
        k->tag = tag;
        k->len = 0;
    } else if (tag != k->tag) {
        proto_error(r, slot, cycle, "tag changed within a packet", keep);
    }
    unsigned n = 0;
    if ((keep & (keep + 1)) == 0 && k->len + (unsigned)nb <= SIM_MAX_PACKET) {
        /* lanes 0..n-1: the usual case */
        n = (unsigned)__builtin_popcountll(keep);
        memcpy(k->buf + k->len, data, n);
        k->len += n;
    } else {
        for (int j = 0; j < nb; j++) {
            if (!(keep >> j & 1))
                continue;
            if (k->len < SIM_MAX_PACKET)
                k->buf[k->len] = data[j];
            else if (k->len == SIM_MAX_PACKET)
                proto_error(r, slot, cycle, "packet longer than 262144 bytes",
                            keep);
            k->len++;
            n++;
        }
    }
    if (!st->beats)
        st->first = cycle;
    st->last = cycle;
    st->beats++;
    st->bytes += n;
    if (!last)
        return;
    st->packets++;
    int from = (int)(k->tag >> 29);
    uint32_t seq = k->tag & 0x1fffffffu;
    if (seq >= 1 && seq <= r->in_n[from]) {
        uint64_t lat = k->start - r->in_cycle[from][seq - 1];
        if (lat < st->lat_min)
            st->lat_min = lat;
        if (lat > st->lat_max)
            st->lat_max = lat;
        st->lat_sum += lat;
        st->lat_n++;
    } else {
        st->unmatched++;
    }
    write_packet(r, k);
    k->open = false;
}

void sim_results_flush(SimResults *r)
{
    for (int s = 0; s < SIM_SLOTS; s++)
        if (r->sink[s].dump)
            pcap_dump_flush(r->sink[s].dump);
}

static void print_row(const SimResults *r, int slot, bool in, FILE *out)
{
    char buf[16], lat[64] = "-", tput[16] = "-", gbps[16] = "-";
    const SimStats *st = in ? &r->rx[slot] : &r->tx[slot];
    uint64_t span = st->beats ? st->last - st->first + 1 : 0;
    if (span) {
        snprintf(tput, sizeof tput, "%.1f%%",
                 100.0 * (double)st->beats / (double)span);
        snprintf(gbps, sizeof gbps, "%.2f",
                 (double)st->bytes * 8.0 * r->design->clock_mhz /
                     ((double)span * 1000.0));
    }
    if (!in && st->lat_n)
        snprintf(lat, sizeof lat, "%" PRIu64 "/%.1f/%" PRIu64, st->lat_min,
                 (double)st->lat_sum / (double)st->lat_n, st->lat_max);
    fprintf(out, "%-8s %-3s %9" PRIu64 " %11" PRIu64 " %10" PRIu64
                 " %6s %7s %8" PRIu64 "  %s\n",
            port_name(r, slot, buf, sizeof buf), in ? "in" : "out",
            st->packets, st->bytes, span, tput, gbps, st->stalls, lat);
}

void sim_results_close(SimResults *r, uint64_t cycles, double seconds,
                       bool table)
{
    char buf[16];
    for (int s = 0; s < SIM_SLOTS; s++) {
        SimSink *k = &r->sink[s];
        if (k->open)
            sim_warn("%s: the run ended inside a packet (%u bytes, no tlast "
                     "yet); it is not written", port_name(r, s, buf, sizeof buf),
                     k->len);
        if (k->dump)
            pcap_dump_close(k->dump);
        if (k->dead)
            pcap_close(k->dead);
        free(k->buf);
        free(r->in_cycle[s]);
        memset(k, 0, sizeof *k);
        r->in_cycle[s] = NULL;
    }
    if (table && !r->quiet) {
        FILE *out = stdout;
        fprintf(out, "%-8s %-3s %9s %11s %10s %6s %7s %8s  %s\n", "port",
                "dir", "packets", "bytes", "cycles", "tput", "Gbit/s",
                "stalls", "latency min/avg/max");
        for (int s = 0; s < SIM_SLOTS; s++)
            if (r->rx_used[s])
                print_row(r, s, true, out);
        for (int s = 0; s < SIM_SLOTS; s++)
            if (r->tx_used[s])
                print_row(r, s, false, out);
        fprintf(out, "total %" PRIu64 " cycles (%.3f us at %g MHz, W = %d)\n",
                cycles, (double)cycles / r->design->clock_mhz,
                r->design->clock_mhz, r->width);
        for (int s = 0; s < SIM_SLOTS; s++)
            if (r->tx[s].unmatched)
                fprintf(out, "%s: %" PRIu64 " packets carry a tag of no "
                             "input packet (no latency)\n",
                        port_name(r, s, buf, sizeof buf), r->tx[s].unmatched);
        fprintf(out, "simulated %.0f cycles/s (%.2f s)\n",
                seconds > 0 ? (double)cycles / seconds : 0.0, seconds);
        fflush(out);
    }
    if (r->errors) {
        for (int s = 0; s < SIM_SLOTS; s++)
            if (r->tx[s].errors)
                sim_error("%s: %" PRIu64 " protocol errors",
                          port_name(r, s, buf, sizeof buf), r->tx[s].errors);
    }
}
