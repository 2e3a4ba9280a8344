/*
 * pcapgen.c -- writes test traffic to a pcap file: random frames of
 * random or IMIX sizes, raw bytes or valid IPv4 over Ethernet (with a
 * share of broken headers), reproducible from a seed.
 *
 *   pcapgen -o FILE [-n COUNT] [-s MIN-MAX | --imix | -s SIZE] [--seed N]
 *           [--kind raw|ipv4|arp|mix] [--bad PERCENT] [--gap NS]
 *           [--ethertype HEX [--at K]]
 *
 * --ethertype gives frame K (0-based; default the last) that EtherType,
 * to mark one frame for a test design that reacts to it.
 */
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Rng {
    uint64_t s;
} Rng;

static uint32_t rnd(Rng *r)
{
    /* xorshift64*: fast, good enough for traffic. */
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return (uint32_t)((r->s * 0x2545f4914f6cdd1dull) >> 32);
}

static uint16_t cksum(const uint8_t *p, int n)
{
    uint32_t s = 0;
    for (int i = 0; i + 1 < n; i += 2)
        s += (uint32_t)(p[i] << 8 | p[i + 1]);
    if (n & 1)
        s += (uint32_t)(p[n - 1] << 8);
    while (s >> 16)
        s = (s & 0xffff) + (s >> 16);
    return (uint16_t)~s;
}

static int imix_size(Rng *r)
{
    /* The simple IMIX: 7 x 64 (60 without FCS), 4 x 594, 1 x 1514. */
    uint32_t k = rnd(r) % 12;
    return k < 7 ? 60 : k < 11 ? 590 : 1514;
}

static void fill_ipv4(Rng *r, uint8_t *f, int len, int bad_pct)
{
    for (int i = 0; i < 12; i++)
        f[i] = (uint8_t)rnd(r);
    f[0] &= 0xfe;                           /* unicast destination */
    f[12] = 0x08, f[13] = 0x00;
    uint8_t *ip = f + 14;
    int iplen = len - 14;
    ip[0] = 0x45;
    ip[1] = 0;
    ip[2] = (uint8_t)(iplen >> 8), ip[3] = (uint8_t)iplen;
    ip[4] = (uint8_t)rnd(r), ip[5] = (uint8_t)rnd(r);
    ip[6] = 0, ip[7] = 0;
    ip[8] = (uint8_t)(rnd(r) % 4 == 0 ? rnd(r) % 3 : 1 + rnd(r) % 254); /* TTL */
    ip[9] = (uint8_t)(rnd(r) % 2 ? 6 : 17);
    ip[10] = ip[11] = 0;
    for (int i = 12; i < 20; i++)
        ip[i] = (uint8_t)rnd(r);
    ip[12] = (uint8_t)(1 + rnd(r) % 223);   /* a unicast source */
    uint16_t c = cksum(ip, 20);
    ip[10] = (uint8_t)(c >> 8), ip[11] = (uint8_t)c;
    if ((int)(rnd(r) % 100) < bad_pct) {
        switch (rnd(r) % 4) {
        case 0: ip[10] ^= 0x5a; break;                  /* checksum */
        case 1: ip[0] = 0x65; break;                    /* version */
        case 2: ip[0] = 0x44; break;                    /* header length */
        default: ip[2] = 0xff, ip[3] = 0xff; break;     /* total length */
        }
    }
}

static void fill_arp(Rng *r, uint8_t *f)
{
    memset(f, 0xff, 6);
    for (int i = 6; i < 12; i++)
        f[i] = (uint8_t)rnd(r);
    f[12] = 0x08, f[13] = 0x06;
    static const uint8_t hdr[] = {0, 1, 8, 0, 6, 4, 0, 1};
    memcpy(f + 14, hdr, sizeof hdr);
    f[21] = (uint8_t)(1 + rnd(r) % 2);      /* request or reply */
    for (int i = 22; i < 42; i++)
        f[i] = (uint8_t)rnd(r);
}

static void usage(void)
{
    fprintf(stderr, "usage: pcapgen -o FILE [-n COUNT] [-s MIN-MAX | --imix] [--seed N]\n"
                    "               [--kind raw|ipv4|arp|mix] [--bad PERCENT] [--gap NS]\n"
                    "               [--ethertype HEX [--at K]]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    const char *out = NULL, *kind = "raw";
    long count = 100, lo = 60, hi = 1514, bad = 0, gap = 0, etype = -1, at = -1;
    int imix = 0;
    Rng r = {0x9e3779b97f4a7c15ull};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--imix")) {
            imix = 1;
            continue;
        }
        if (!v)
            usage();
        i++;
        if (!strcmp(a, "-o"))
            out = v;
        else if (!strcmp(a, "-n"))
            count = atol(v);
        else if (!strcmp(a, "-s")) {
            if (sscanf(v, "%ld-%ld", &lo, &hi) != 2)
                lo = hi = atol(v);
        } else if (!strcmp(a, "--seed"))
            r.s ^= (uint64_t)atoll(v) * 0xbf58476d1ce4e5b9ull;
        else if (!strcmp(a, "--kind"))
            kind = v;
        else if (!strcmp(a, "--bad"))
            bad = atol(v);
        else if (!strcmp(a, "--gap"))
            gap = atol(v);
        else if (!strcmp(a, "--ethertype"))
            etype = strtol(v, NULL, 16);
        else if (!strcmp(a, "--at"))
            at = atol(v);
        else
            usage();
    }
    if (!out || count < 0 || lo < 14 || hi < lo || hi > 9000)
        usage();
    if (strcmp(kind, "raw") && strcmp(kind, "ipv4") && strcmp(kind, "arp") &&
        strcmp(kind, "mix"))
        usage();
    pcap_t *dead = pcap_open_dead(DLT_EN10MB, 65535);
    pcap_dumper_t *d = pcap_dump_open(dead, out);
    if (!d) {
        fprintf(stderr, "pcapgen: %s: %s\n", out, pcap_geterr(dead));
        return 1;
    }
    uint8_t frame[9000];
    int64_t t_ns = 1000000000;
    for (long n = 0; n < count; n++) {
        int len = imix ? imix_size(&r) : (int)(lo + rnd(&r) % (hi - lo + 1));
        const char *k = kind;
        if (!strcmp(kind, "mix")) {
            uint32_t m = rnd(&r) % 8;
            k = m == 0 ? "arp" : m < 6 ? "ipv4" : "raw";
        }
        for (int i = 0; i < len; i++)
            frame[i] = (uint8_t)rnd(&r);
        if (!strcmp(k, "ipv4") && len >= 34)
            fill_ipv4(&r, frame, len, (int)bad);
        else if (!strcmp(k, "arp") && len >= 42)
            fill_arp(&r, frame);
        if (etype >= 0 && n == (at >= 0 ? at : count - 1)) {
            frame[12] = (uint8_t)(etype >> 8);
            frame[13] = (uint8_t)etype;
        }
        struct pcap_pkthdr h = {0};
        h.ts.tv_sec = (time_t)(t_ns / 1000000000);
        h.ts.tv_usec = (suseconds_t)(t_ns % 1000000000 / 1000);
        h.caplen = h.len = (bpf_u_int32)len;
        pcap_dump((u_char *)d, &h, frame);
        t_ns += gap > 0 ? gap : 1000;
    }
    pcap_dump_close(d);
    pcap_close(dead);
    return 0;
}
