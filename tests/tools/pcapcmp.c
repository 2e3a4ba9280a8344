/*
 * pcapcmp.c -- compares the packets of two pcap files (time stamps are
 * ignored).  Exit 0 when they match under the mode, 1 otherwise, with
 * the first difference described.
 *
 *   pcapcmp EXPECTED GOT                  same packets, same order
 *   pcapcmp --subsequence N EXPECTED GOT  GOT is EXPECTED with exactly N
 *                                         packets missing (N = any: any
 *                                         number), order kept
 *   pcapcmp --multiset EXPECTED GOT       same packets, any order
 */
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Pkt {
    uint8_t *data;
    uint32_t len;
} Pkt;

static int load(const char *path, Pkt **out)
{
    char err[PCAP_ERRBUF_SIZE];
    pcap_t *p = pcap_open_offline(path, err);
    if (!p) {
        fprintf(stderr, "pcapcmp: %s\n", err);
        exit(2);
    }
    Pkt *v = NULL;
    int n = 0, cap = 0;
    struct pcap_pkthdr *h;
    const u_char *d;
    int r;
    while ((r = pcap_next_ex(p, &h, &d)) == 1) {
        if (n == cap)
            v = realloc(v, (size_t)(cap = cap ? 2 * cap : 64) * sizeof *v);
        v[n].len = h->caplen;
        v[n].data = malloc(h->caplen ? h->caplen : 1);
        memcpy(v[n].data, d, h->caplen);
        n++;
    }
    if (r != PCAP_ERROR_BREAK) {
        fprintf(stderr, "pcapcmp: %s: %s\n", path, pcap_geterr(p));
        exit(2);
    }
    pcap_close(p);
    *out = v;
    return n;
}

static int same(const Pkt *a, const Pkt *b)
{
    return a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

static void describe(const char *what, int i, const Pkt *a, const Pkt *b)
{
    printf("%s at packet %d: expected %u bytes, got %u bytes", what, i + 1,
           a ? a->len : 0, b ? b->len : 0);
    if (a && b)
        for (uint32_t k = 0; k < a->len && k < b->len; k++)
            if (a->data[k] != b->data[k]) {
                printf("; first differing byte %u: %02x vs %02x", k,
                       a->data[k], b->data[k]);
                break;
            }
    printf("\n");
}

static int cmp_len(const void *x, const void *y)
{
    const Pkt *a = x, *b = y;
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    return memcmp(a->data, b->data, a->len);
}

int main(int argc, char **argv)
{
    int mode = 0; /* 0 exact, 1 subsequence, 2 multiset */
    long missing = 0;
    int i = 1;
    if (i < argc && !strcmp(argv[i], "--subsequence") && i + 1 < argc) {
        mode = 1;
        missing = strcmp(argv[i + 1], "any") == 0 ? -1 : atol(argv[i + 1]);
        i += 2;
    } else if (i < argc && !strcmp(argv[i], "--multiset")) {
        mode = 2;
        i++;
    }
    if (argc - i != 2) {
        fprintf(stderr, "usage: pcapcmp [--subsequence N | --multiset] EXPECTED GOT\n");
        return 2;
    }
    Pkt *a, *b;
    int na = load(argv[i], &a), nb = load(argv[i + 1], &b);
    if (mode == 0) {
        for (int k = 0; k < na || k < nb; k++)
            if (k >= na || k >= nb || !same(&a[k], &b[k])) {
                describe("differ", k, k < na ? &a[k] : NULL, k < nb ? &b[k] : NULL);
                printf("(%d packets expected, %d got)\n", na, nb);
                return 1;
            }
        return 0;
    }
    if (mode == 1) {
        int k = 0;
        for (int j = 0; j < nb; j++) {
            while (k < na && !same(&a[k], &b[j]))
                k++;
            if (k == na) {
                describe("not in order or not expected", j, NULL, &b[j]);
                return 1;
            }
            k++;
        }
        if (missing >= 0 && na - nb != missing) {
            printf("%d packets missing, expected %ld missing\n", na - nb, missing);
            return 1;
        }
        return 0;
    }
    qsort(a, (size_t)na, sizeof *a, cmp_len);
    qsort(b, (size_t)nb, sizeof *b, cmp_len);
    for (int k = 0; k < na || k < nb; k++)
        if (k >= na || k >= nb || !same(&a[k], &b[k])) {
            printf("multisets differ (%d packets expected, %d got)\n", na, nb);
            return 1;
        }
    return 0;
}
