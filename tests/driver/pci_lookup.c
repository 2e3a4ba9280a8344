/*
 * pci_lookup.c -- the pci backend's libpci lookup against this machine's
 * real bus (/sys/bus/pci): the vendor:device of the first function there
 * must be found at its address, or reported as several when others share
 * it, and an id that no function has must be reported as absent.  Only
 * looks; maps nothing.
 *
 * Exits 0 when it holds, 1 with the reasons when not, 77 with a reason
 * when no PCI bus is visible (containers often have none).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* runtime/backend_pci.c */
int backend_pci_find(const char *root, unsigned vendor, unsigned device,
                     char *bdf, size_t bdflen, char *err, size_t errlen);

#define DEVICES "/sys/bus/pci/devices"

typedef struct Function {
    char bdf[256];
    unsigned vendor, device;
} Function;

static int read_hex(const char *bdf, const char *name, unsigned *v)
{
    char path[512];
    FILE *f;
    int ok;

    snprintf(path, sizeof path, DEVICES "/%s/%s", bdf, name);
    f = fopen(path, "r");
    if (!f)
        return 0;
    ok = fscanf(f, "%x", v) == 1;
    fclose(f);
    return ok;
}

/* The functions sysfs lists, read without libpci; their count. */
static int list_functions(Function *fn, int max)
{
    DIR *d = opendir(DEVICES);
    struct dirent *e;
    int n = 0;

    if (!d)
        return 0;
    while ((e = readdir(d)) && n < max) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(fn[n].bdf, sizeof fn[n].bdf, "%s", e->d_name);
        if (read_hex(e->d_name, "vendor", &fn[n].vendor)
            && read_hex(e->d_name, "device", &fn[n].device))
            n++;
    }
    closedir(d);
    return n;
}

int main(void)
{
    static Function fn[1024];
    char bdf[64] = "", err[2048] = "";
    int n = list_functions(fn, 1024), same = 0, failed = 0;

    if (n == 0) {
        printf("no PCI bus visible (%s is absent or empty)\n", DEVICES);
        return 77;
    }
    for (int i = 0; i < n; i++)
        same += fn[i].vendor == fn[0].vendor && fn[i].device == fn[0].device;

    int r = backend_pci_find("/sys", fn[0].vendor, fn[0].device, bdf,
                             sizeof bdf, err, sizeof err);
    if (same == 1) {
        if (r != 0 || strcmp(bdf, fn[0].bdf) != 0) {
            printf("%04x:%04x: expected %s, got %s%s\n", fn[0].vendor,
                   fn[0].device, fn[0].bdf, r ? "an error: " : "",
                   r ? err : bdf);
            failed = 1;
        }
    } else {
        if (r == 0 || !strstr(err, "several devices match")) {
            printf("%04x:%04x is shared by %d functions, expected "
                   "\"several devices match\", got: %s\n", fn[0].vendor,
                   fn[0].device, same, r ? err : bdf);
            failed = 1;
        }
        for (int i = 0; i < n; i++)
            if (fn[i].vendor == fn[0].vendor && fn[i].device == fn[0].device
                && !strstr(err, fn[i].bdf)) {
                printf("the message does not name %s: %s\n", fn[i].bdf, err);
                failed = 1;
            }
    }

    /* an id that no function has: vendor 0001 is not assigned */
    unsigned absent = 0x0001;
    for (int i = 0; i < n; i++)
        if (fn[i].vendor == absent)
            absent = 0;
    if (absent) {
        r = backend_pci_find("/sys", absent, 0x1234, bdf, sizeof bdf, err,
                             sizeof err);
        if (r == 0 || !strstr(err, "no such device")) {
            printf("0001:1234: expected \"no such device\", got: %s\n",
                   r ? err : bdf);
            failed = 1;
        }
    }
    if (!failed)
        printf("%d functions; %04x:%04x %s\n", n, fn[0].vendor, fn[0].device,
               same == 1 ? "found at its address" : "reported as several");
    return failed;
}
