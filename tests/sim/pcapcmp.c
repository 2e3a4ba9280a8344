/*
 * pcapcmp.c -- compares the packets of two pcaps (lengths and bytes, not
 * timestamps):  pcapcmp A B.  Exit 0 when the same, 1 when they differ
 * (printing the first difference), 2 on an error.
 */
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>

static pcap_t *open_or_say(const char *path)
{
    char err[PCAP_ERRBUF_SIZE];
    pcap_t *p = pcap_open_offline(path, err);
    if (!p)
        fprintf(stderr, "pcapcmp: %s: %s\n", path, err);
    return p;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: pcapcmp A B\n");
        return 2;
    }
    pcap_t *a = open_or_say(argv[1]), *b = open_or_say(argv[2]);
    if (!a || !b)
        return 2;
    for (long n = 1;; n++) {
        struct pcap_pkthdr *ha, *hb;
        const u_char *da, *db;
        int ra = pcap_next_ex(a, &ha, &da), rb = pcap_next_ex(b, &hb, &db);
        if (ra == PCAP_ERROR_BREAK && rb == PCAP_ERROR_BREAK) {
            printf("same: %ld packets\n", n - 1);
            return 0;
        }
        if (ra == PCAP_ERROR || rb == PCAP_ERROR) {
            fprintf(stderr, "pcapcmp: packet %ld: %s\n", n,
                    pcap_geterr(ra == PCAP_ERROR ? a : b));
            return 2;
        }
        if (ra != 1 || rb != 1) {
            printf("%s has fewer packets (%ld)\n", ra != 1 ? argv[1] : argv[2],
                   n - 1);
            return 1;
        }
        if (ha->len != hb->len || ha->caplen != hb->caplen) {
            printf("packet %ld: length %u vs %u\n", n, ha->len, hb->len);
            return 1;
        }
        if (memcmp(da, db, ha->caplen) != 0) {
            for (unsigned k = 0; k < ha->caplen; k++)
                if (da[k] != db[k]) {
                    printf("packet %ld: byte %u: %02x vs %02x\n", n, k, da[k],
                           db[k]);
                    break;
                }
            return 1;
        }
    }
}
