/*
 * traffic.c -- what goes into the design: input pcaps cut into beats of
 * the datapath width, and the back-pressure sequence on the outputs.
 */
#include "sim_int.h"

#include <stdlib.h>
#include <string.h>

static pcap_t *open_pcap(const char *path)
{
    char errbuf[PCAP_ERRBUF_SIZE] = "";
    pcap_t *p = pcap_open_offline(path, errbuf);
    if (!p) {
        /* libpcap says "unknown file format" for a file that is not a
         * capture; name the file and what it should be. */
        sim_error("%s: %s%s", path, errbuf,
                  strstr(errbuf, "unknown file format")
                      ? " (expected a pcap capture file)"
                      : "");
        return NULL;
    }
    if (pcap_datalink(p) != DLT_EN10MB) {
        const char *name = pcap_datalink_val_to_name(pcap_datalink(p));
        sim_error("%s: link type %s, expected EN10MB (Ethernet)", path,
                  name ? name : "unknown");
        pcap_close(p);
        return NULL;
    }
    return p;
}

bool sim_scan_pcap(const char *path, uint64_t *packets, uint64_t *bytes)
{
    pcap_t *p = open_pcap(path);
    if (!p)
        return false;
    uint64_t n = 0, b = 0, cut = 0, empty = 0;
    struct pcap_pkthdr *h;
    const u_char *data;
    int rc;
    while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
        n++;
        b += h->caplen;
        if (h->caplen < h->len)
            cut++;
        if (h->caplen == 0)
            empty++;
    }
    if (rc != PCAP_ERROR_BREAK) {
        sim_error("%s: packet %llu: %s", path, (unsigned long long)n + 1,
                  pcap_geterr(p));
        pcap_close(p);
        return false;
    }
    pcap_close(p);
    if (cut)
        sim_warn("%s: %llu packets were cut short by the capture's snap "
                 "length; only their captured bytes are sent", path,
                 (unsigned long long)cut);
    if (empty)
        sim_warn("%s: %llu empty packets are left out", path,
                 (unsigned long long)empty);
    if (packets)
        *packets = n;
    if (bytes)
        *bytes = b;
    return true;
}

bool sim_source_open(SimSource *s, int slot, const char *path, int width)
{
    memset(s, 0, sizeof *s);
    s->slot = slot;
    s->path = path;
    s->bytes_per_beat = width / 8;
    s->pcap = open_pcap(path);
    if (!s->pcap) {
        s->failed = s->done = true;
        return false;
    }
    return true;
}

int sim_source_next(SimSource *s, SimBeat *b)
{
    if (s->done)
        return s->failed ? -1 : 0;
    while (!s->pkt || s->off >= s->len) {
        struct pcap_pkthdr *h;
        const u_char *data;
        int rc = pcap_next_ex(s->pcap, &h, &data);
        if (rc == PCAP_ERROR_BREAK) {
            s->done = true;
            s->pkt = NULL;
            return 0;
        }
        if (rc != 1) {
            sim_error("%s: packet %llu: %s", s->path,
                      (unsigned long long)s->seq + s->skipped + 1,
                      pcap_geterr(s->pcap));
            s->done = s->failed = true;
            s->pkt = NULL;
            return -1;
        }
        if (h->caplen == 0) {
            s->skipped++;
            continue;
        }
        s->pkt = data;
        s->len = h->caplen;
        s->off = 0;
        s->seq++;
    }
    uint32_t n = s->len - s->off;
    if (n > (uint32_t)s->bytes_per_beat)
        n = (uint32_t)s->bytes_per_beat;
    memcpy(b->data, s->pkt + s->off, n);
    memset(b->data + n, 0, (size_t)s->bytes_per_beat - n);
    b->nbytes = n;
    b->first = s->off == 0;
    s->off += n;
    b->last = s->off == s->len;
    b->tag = sim_tag(s->slot, s->seq);
    return 1;
}

void sim_source_close(SimSource *s)
{
    if (s->pcap)
        pcap_close(s->pcap);
    s->pcap = NULL;
    s->done = true;
}

/* splitmix64: a small, well-mixed generator whose whole state is one
 * word, so a seed fixes the sequence on every machine. */
static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

uint8_t *sim_bp_table(double p, uint64_t seed)
{
    if (p <= 0)
        return NULL;
    uint8_t *t = sim_alloc(SIM_BP_PERIOD);
    /* Compare 53-bit uniform integers with p scaled the same way. */
    uint64_t limit = (uint64_t)(p * 9007199254740992.0);
    uint64_t state = seed;
    for (int c = 0; c < SIM_BP_PERIOD; c++) {
        uint8_t mask = 0;
        for (int s = 0; s < SIM_SLOTS; s++)
            if ((splitmix64(&state) >> 11) >= limit)
                mask |= (uint8_t)(1u << s);
        t[c] = mask;
    }
    return t;
}
