/*
 * runtime_main.c -- `fpgagen -r DIR --backend SPEC`: load design.json,
 * open the backend, check that the device holds this design (the ID
 * block's magic and hash), then serve Click's ControlSocket protocol on
 * a socket, in an interactive shell (--shell), or both.
 */
#include "runtime.h"
#include "runtime_int.h"

#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

enum { ID_MAGIC = 0x46504741 };     /* "FPGA" */

static const char usage_text[] =
    "Usage: fpgagen -r DIR --backend SPEC [OPTION]...\n"
    "\n"
    "Serve the design that fpgagen wrote to DIR over Click's ControlSocket\n"
    "protocol (version 1.3): READ and WRITE reach the element handlers,\n"
    "which the runtime maps to the device's registers through the backend.\n"
    "The device must hold this design: its ID block must show DIR's design\n"
    "hash.  Runs until SIGINT or SIGTERM (with --shell, also until QUIT or\n"
    "the end of the input).  Exit status: 0 stopped, 1 error, 2 bad usage.\n"
    "\n"
    "Options:\n"
    "  --backend SPEC\n"
    "      How to reach the register bus: sim:SOCKET (the socket of\n"
    "      `fpgagen sim --csr unix:SOCKET`), chardev:/dev/fpgagenN (the\n"
    "      Linux driver), pci:BDF (BAR0 of a PCI function) or\n"
    "      uart:DEVICE[@BAUD] (the UART register bridge).\n"
    "  --listen tcp:[ADDRESS:]PORT | unix:PATH\n"
    "      Where to accept ControlSocket clients (default tcp:127.0.0.1:7777;\n"
    "      with --shell, nowhere).  TCP binds 127.0.0.1 unless ADDRESS is\n"
    "      given ([...] for IPv6); port 0 picks a free port.  The address is\n"
    "      printed once listening.\n"
    "  --shell\n"
    "      Take ControlSocket commands (READ c.count, WRITE q.capacity 128,\n"
    "      HELP, QUIT) on standard input and show the answers on standard\n"
    "      output: the status lines, and a read's data without the DATA line.\n"
    "      On a terminal: line editing, history ($FPGAGEN_HISTORY, default\n"
    "      ~/.fpgagen_history) and TAB completion of commands, elements and\n"
    "      handlers.  QUIT or end of input (Ctrl-D) ends it.  With --listen,\n"
    "      socket clients are served at the same time.\n"
    "  --readonly\n"
    "      Refuse every write (530 Permission denied), as Click's\n"
    "      ControlSocket READONLY does.\n"
    "  -h, --help\n"
    "      Print this help and exit.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fputs("fpgagen -r: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'fpgagen -r --help' for more information.\n", stderr);
    return 2;
}

typedef struct Opts {
    const char *dir, *backend, *listen;
    bool readonly, shell;
} Opts;

/* Options may come in any order; --opt=VALUE works too. */
static int parse_opts(int argc, char **argv, Opts *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_text, stdout);
            return 0;
        }
        if (strcmp(a, "--readonly") == 0) {
            o->readonly = true;
            continue;
        }
        if (strcmp(a, "--shell") == 0) {
            o->shell = true;
            continue;
        }
        const char **slot = NULL;
        const char *name = NULL;
        if (strncmp(a, "--backend", 9) == 0 && (a[9] == '\0' || a[9] == '='))
            slot = &o->backend, name = "--backend";
        else if (strncmp(a, "--listen", 8) == 0 && (a[8] == '\0' || a[8] == '='))
            slot = &o->listen, name = "--listen";
        if (slot) {
            const char *eq = strchr(a, '=');
            const char *v = eq ? eq + 1 : i + 1 < argc ? argv[++i] : NULL;
            if (!v || !*v)
                return usage_error("option '%s' needs a value", name);
            if (*slot)
                return usage_error("option '%s' given twice", name);
            *slot = v;
            continue;
        }
        if (a[0] == '-' && a[1])
            return usage_error("unknown option '%s'", a);
        if (o->dir)
            return usage_error("one design directory only ('%s' is extra)", a);
        o->dir = a;
    }
    if (!o->dir)
        return usage_error("%s", "missing the design directory DIR");
    if (!o->backend)
        return usage_error("%s", "missing --backend SPEC (for example sim:/tmp/router.sock)");
    return -1;
}

/* The device must hold the design of design.json. */
static bool check_id(const RtDesign *d, Backend *b, const char *dir, const char *spec)
{
    uint32_t magic, lo, hi;
    BackendStatus st = backend_read(b, d->id_base, &magic);
    if (st != BK_OK) {
        fprintf(stderr, "fpgagen: %s: cannot read the ID block at 0x%x: %s\n", spec,
                d->id_base, backend_status_text(st));
        return false;
    }
    if (magic != ID_MAGIC) {
        fprintf(stderr, "fpgagen: %s: no fpgagen design answers there: the ID block "
                        "reads magic 0x%08x, not 0x%08x\n", spec, magic, ID_MAGIC);
        return false;
    }
    if ((st = backend_read(b, d->id_base + 8, &lo)) != BK_OK ||
        (st = backend_read(b, d->id_base + 12, &hi)) != BK_OK) {
        fprintf(stderr, "fpgagen: %s: cannot read the design hash in the ID block: %s\n",
                spec, backend_status_text(st));
        return false;
    }
    uint64_t hash = (uint64_t)hi << 32 | lo;
    if (hash != d->hash) {
        fprintf(stderr, "fpgagen: %s: the device holds a different design: its hash is "
                        "%016" PRIx64 ", %s/design.json's is %016" PRIx64
                        " (load the bitstream built from %s, or point -r at the "
                        "directory of the design that is loaded)\n",
                spec, hash, dir, d->hash, dir);
        return false;
    }
    return true;
}

int runtime_main(int argc, char **argv)
{
    Opts o = {0};
    int st = parse_opts(argc, argv, &o);
    if (st >= 0)
        return st;
    /* The shell alone listens nowhere unless told to. */
    RtListen listen = {0};
    bool listening = o.listen || !o.shell;
    char err[1024];
    if (listening && !rt_listen_parse(o.listen ? o.listen : "tcp:127.0.0.1:7777",
                                      &listen, err, sizeof err))
        return usage_error("%s", err);
    char *path = xasprintf("%s/design.json", o.dir);
    RtDesign *d = rt_design_load(path, NULL, err, sizeof err);
    free(path);
    if (!d) {
        fprintf(stderr, "fpgagen: %s\n", err);
        rt_listen_free(&listen);
        return 1;
    }
    Backend *b = backend_open(o.backend, (uint64_t)1 << d->addr_width, err, sizeof err);
    if (!b) {
        fprintf(stderr, "fpgagen: %s\n", err);
        rt_design_free(d);
        rt_listen_free(&listen);
        return 1;
    }
    /* Writes to a closed socket fail with EPIPE instead of killing us. */
    signal(SIGPIPE, SIG_IGN);
    st = 1;
    if (check_id(d, b, o.dir, o.backend)) {
        Runtime rt = {d, b, o.readonly, rt_clock_monotonic, NULL};
        rt_handlers_init(&rt, stderr);
        fprintf(stderr, "fpgagen: serving %s (%d elements, design %016" PRIx64
                        ") through %s%s\n",
                o.dir, d->nelems, d->hash, o.backend, o.readonly ? ", read-only" : "");
        st = rt_serve(&rt, listening ? &listen : NULL, o.shell, stderr);
    }
    backend_close(b);
    rt_design_free(d);
    rt_listen_free(&listen);
    return st;
}
