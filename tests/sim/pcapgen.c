/*
 * pcapgen.c -- writes a pcap of random Ethernet frames, for the harness's
 * tests:  pcapgen [-n COUNT] [-s SEED] [-m MIN] [-M MAX] [-e ETYPE [-E K]] OUT
 *
 * COUNT frames (default 40) of random length MIN..MAX bytes (default
 * 60..1514) and random content, EtherType 0x0800; -e gives frame K
 * (0-based; default the last) EtherType ETYPE (hex) instead.  The same
 * seed gives the same file.
 */
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint64_t next(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

int main(int argc, char **argv)
{
    long count = 40, min = 60, max = 1514, etype = -1, at = -1;
    uint64_t seed = 1;
    int c;
    while ((c = getopt(argc, argv, "n:s:m:M:e:E:")) != -1) {
        switch (c) {
        case 'n': count = atol(optarg); break;
        case 's': seed = strtoull(optarg, NULL, 0); break;
        case 'm': min = atol(optarg); break;
        case 'M': max = atol(optarg); break;
        case 'e': etype = strtol(optarg, NULL, 16); break;
        case 'E': at = atol(optarg); break;
        default: return 2;
        }
    }
    if (optind + 1 != argc || min < 14 || max < min || max > 65535 ||
        count < 0) {
        fprintf(stderr, "usage: pcapgen [-n COUNT] [-s SEED] [-m MIN] "
                        "[-M MAX] [-e ETYPE [-E K]] OUT\n");
        return 2;
    }
    pcap_t *dead = pcap_open_dead(DLT_EN10MB, 65535);
    pcap_dumper_t *d = dead ? pcap_dump_open(dead, argv[optind]) : NULL;
    if (!d) {
        fprintf(stderr, "pcapgen: %s: %s\n", argv[optind],
                dead ? pcap_geterr(dead) : "cannot open");
        return 1;
    }
    if (at < 0)
        at = count - 1;
    uint8_t buf[65536];
    for (long i = 0; i < count; i++) {
        uint32_t len = (uint32_t)(min + (long)(next(&seed) % (uint64_t)(max - min + 1)));
        for (uint32_t k = 0; k < len; k++)
            buf[k] = (uint8_t)next(&seed);
        long et = i == at && etype >= 0 ? etype : 0x0800;
        buf[12] = (uint8_t)(et >> 8);
        buf[13] = (uint8_t)et;
        struct pcap_pkthdr h;
        memset(&h, 0, sizeof h);
        h.ts.tv_sec = 1000 + i / 1000;
        h.ts.tv_usec = (i % 1000) * 1000;
        h.caplen = h.len = len;
        pcap_dump((u_char *)d, &h, buf);
    }
    pcap_dump_close(d);
    pcap_close(dead);
    return 0;
}
