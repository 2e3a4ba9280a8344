/*
 * main.c -- the fpgagen command: sub-command dispatch, option parsing and
 * the one --help layout every sub-command shares.
 *
 * Exit status: 0 success, 1 the input has errors, 2 bad usage.
 */
#include "datapath.h"
#include "runtime.h"
#include "sim.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct OptSpec {
    char short_name;        /* 0 if none */
    const char *long_name;  /* without the leading "--" */
    const char *arg;        /* argument name, NULL for a flag */
    const char *help;
    bool repeat;            /* may be given many times */
} OptSpec;

#define MAX_REPEAT 16

typedef struct Command Command;
typedef struct Args {
    const Command *cmd;
    const char *values[16]; /* per OptSpec: argument, or "" for a flag */
    const char *lists[16][MAX_REPEAT]; /* per repeatable OptSpec */
    int nlists[16];
    const char *operands[8];
    int noperands;
} Args;

struct Command {
    const char *name;
    const char *usage;      /* after "fpgagen NAME " */
    const char *summary;
    const OptSpec *opts;    /* terminated by {0} */
    int min_operands, max_operands;
    int (*run)(const Args *a);
};

static const OptSpec help_opt = {'h', "help", NULL,
                                 "Print this help and exit."};

static void print_opt(FILE *out, const OptSpec *o)
{
    fputs("  ", out);
    if (o->short_name)
        fprintf(out, "-%c, ", o->short_name);
    fprintf(out, "--%s", o->long_name);
    if (o->arg)
        fprintf(out, " %s", o->arg);
    fprintf(out, "\n      %s\n", o->help);
}

static void print_help(const Command *c, FILE *out)
{
    fprintf(out, "Usage: fpgagen %s %s\n\n%s\n\nOptions:\n", c->name,
            c->usage, c->summary);
    for (const OptSpec *o = c->opts; o->long_name; o++)
        print_opt(out, o);
    print_opt(out, &help_opt);
}

static int usage_error(const Command *c, const char *fmt, const char *what)
{
    fprintf(stderr, "fpgagen %s: ", c->name);
    fprintf(stderr, fmt, what);
    fprintf(stderr, "\nTry 'fpgagen %s --help' for more information.\n",
            c->name);
    return 2;
}

/* Parses argv (after the sub-command name) into a; returns -1 on success
 * or the exit status to return (0 after --help, 2 on a usage error). */
static int parse_args(const Command *c, int argc, char **argv, Args *a)
{
    memset(a, 0, sizeof *a);
    a->cmd = c;
    bool only_operands = false;
    for (int i = 0; i < argc; i++) {
        const char *s = argv[i];
        if (only_operands || s[0] != '-' || strcmp(s, "-") == 0) {
            if (a->noperands == (int)(sizeof a->operands /
                                      sizeof a->operands[0]) ||
                a->noperands >= c->max_operands)
                return usage_error(c, "unexpected argument '%s'", s);
            a->operands[a->noperands++] = s;
            continue;
        }
        if (strcmp(s, "--") == 0) {
            only_operands = true;
            continue;
        }
        if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0) {
            print_help(c, stdout);
            return 0;
        }
        const OptSpec *o = c->opts;
        const char *inline_val = NULL;
        for (; o->long_name; o++) {
            if (s[1] == '-') {
                size_t n = strlen(o->long_name);
                if (strncmp(s + 2, o->long_name, n) == 0 &&
                    (s[2 + n] == '\0' || (s[2 + n] == '=' && o->arg))) {
                    inline_val = s[2 + n] == '=' ? s + 3 + n : NULL;
                    break;
                }
            } else if (o->short_name && s[1] == o->short_name &&
                       s[2] == '\0') {
                break;
            } else if (!o->short_name && strcmp(s + 1, o->long_name) == 0) {
                break;  /* single-dash long flags such as -Werror */
            }
        }
        if (!o->long_name)
            return usage_error(c, "unknown option '%s'", s);
        int k = (int)(o - c->opts);
        if (!o->arg)
            a->values[k] = "";
        else if (inline_val)
            a->values[k] = inline_val;
        else if (i + 1 < argc)
            a->values[k] = argv[++i];
        else
            return usage_error(c, "option '%s' needs an argument", s);
        if (o->repeat) {
            if (a->nlists[k] == MAX_REPEAT)
                return usage_error(c, "option '%s' given too often", s);
            a->lists[k][a->nlists[k]++] = a->values[k];
        }
    }
    if (a->noperands < c->min_operands)
        return usage_error(c, "%s", "missing operand");
    return -1;
}

/* ---- Sub-commands ----------------------------------------------------- */

/* Loads and checks a configuration; prints diagnostics.  Returns NULL
 * (and sets *status) when it cannot go on. */
static Graph *load(const char *path, Diag *d, bool check, bool werror,
                   int *status)
{
    diag_init(d, stderr);
    d->werror = werror;
    Graph *g = frontend_load(d, path, NULL, 0);
    if (!g) {
        fprintf(stderr, "fpgagen: %s: %s\n", path, strerror(errno));
        *status = 1;
        return NULL;
    }
    if (check && !diag_failed(d))
        check_graph(g, d, &(CheckOptions){.hardware = true});
    if (diag_failed(d)) {
        graph_free(g);
        *status = 1;
        return NULL;
    }
    *status = 0;
    return g;
}

static const OptSpec flatten_opts[] = {{0}};
static int run_flatten(const Args *a)
{
    Diag d;
    int status;
    Graph *g = load(a->operands[0], &d, false, false, &status);
    if (g) {
        flatten_print(g, stdout);
        graph_free(g);
    }
    return status;
}

static const OptSpec check_opts[] = {
    {0, "Werror", NULL, "Treat warnings as errors."},
    {0},
};
static int run_check(const Args *a)
{
    Diag d;
    int status;
    Graph *g = load(a->operands[0], &d, true, a->values[0] != NULL,
                    &status);
    if (g)
        graph_free(g);
    return status;
}

static const OptSpec dot_opts[] = {{0}};
static int run_dot(const Args *a)
{
    Diag d;
    int status;
    Graph *g = load(a->operands[0], &d, true, false, &status);
    if (g) {
        dot_print(g, stdout);
        graph_free(g);
    }
    return status;
}

static const OptSpec elements_opts[] = {{0}};
static int run_elements(const Args *a)
{
    (void)a;
    registry_print_list(stdout);
    return 0;
}

static const OptSpec doc_opts[] = {{0}};
static int run_doc(const Args *a)
{
    if (registry_print_doc(a->operands[0], stdout))
        return 0;
    fprintf(stderr, "fpgagen doc: no element class '%s'\n"
                    "Try 'fpgagen elements' for the list of classes.\n",
            a->operands[0]);
    return 1;
}

static const OptSpec generate_opts[] = {
    {'b', "board", "BOARD", "Target board: a name in boards/ or a .yaml file (default sim)."},
    {'o', "output", "DIR", "Write the project into DIR (created if missing)."},
    {'w', "width", "BITS", "Datapath width, 8 to 512, one the board allows (default: the board's)."},
    {0, "Werror", NULL, "Treat warnings as errors."},
    {0},
};
static int run_generate(const Args *a)
{
    GenOptions o = {.config = a->operands[0],
                    .board = a->values[0] ? a->values[0] : "sim",
                    .outdir = a->values[1], .werror = a->values[3] != NULL};
    if (!o.outdir)
        return usage_error(a->cmd, "%s", "missing -o DIR");
    if (a->values[2]) {
        char *end;
        long w = strtol(a->values[2], &end, 10);
        if (*end || w < 8 || w > 512 || (w & (w - 1)))
            return usage_error(a->cmd, "bad width '%s' (8, 16, ..., 512)",
                               a->values[2]);
        o.width = (int)w;
    }
    return generate_project(&o);
}

static const OptSpec model_opts[] = {
    {'b', "board", "BOARD", "Board whose devices the router names (default sim)."},
    {0, "in", "DEV=FILE", "Feed the packets of pcap FILE to device DEV (repeatable).", true},
    {0, "out", "DEV=FILE", "Write what device DEV sends to pcap FILE (repeatable).", true},
    {'q', "quiet", NULL, "Print no table."},
    {0},
};
static int run_model(const Args *a)
{
    ModelOptions o = {.config = a->operands[0], .board = a->values[0],
                      .in = (const char **)a->lists[1], .nin = a->nlists[1],
                      .out = (const char **)a->lists[2], .nout = a->nlists[2],
                      .quiet = a->values[3] != NULL};
    return model_run(&o);
}

static const Command commands[] = {
    {"flatten", "[OPTION]... FILE",
     "Print the router in FILE (\"-\" for standard input) in Click's\n"
     "canonical flat form: compound elements expanded, one declaration\n"
     "per element, then the connections.",
     flatten_opts, 1, 1, run_flatten},
    {"check", "[OPTION]... FILE",
     "Check the router in FILE: syntax, element classes, port counts,\n"
     "push and pull.  Reports every problem, then exits with status 1\n"
     "if there was an error.",
     check_opts, 1, 1, run_check},
    {"dot", "[OPTION]... FILE",
     "Print the flattened router in FILE as a Graphviz graph, with port\n"
     "numbers on the edges and push/pull shown, e.g.\n"
     "  fpgagen dot router.click | dot -Tsvg > router.svg",
     dot_opts, 1, 1, run_dot},
    {"elements", "[OPTION]...",
     "List the element classes fpgagen knows, with their ports,\n"
     "processing and whether they have a hardware implementation.",
     elements_opts, 0, 0, run_elements},
    {"doc", "[OPTION]... CLASS",
     "Print the documentation of element class CLASS.",
     doc_opts, 1, 1, run_doc},
    {"generate", "-b BOARD -o DIR [OPTION]... FILE",
     "Compile the router in FILE into a project in DIR for BOARD: the\n"
     "Verilog of every element, the top level, the register map,\n"
     "design.json and a Makefile.  `fpgagen -b BOARD -o DIR FILE` is the\n"
     "same command.",
     generate_opts, 1, 1, run_generate},
    {"model", "[OPTION]... FILE",
     "Run the router in FILE on its elements' C reference models,\n"
     "reading and writing pcap files per device.",
     model_opts, 1, 1, run_model},
};

static void print_main_help(FILE *out)
{
    fputs("Usage: fpgagen COMMAND [OPTION]... [ARG]...\n\n"
          "Compile Click router configurations into FPGA datapaths.\n\n"
          "Commands:\n",
          out);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        const char *s = commands[i].summary;
        const char *nl = strchr(s, '\n');
        fprintf(out, "  %s\n      %.*s\n", commands[i].name,
                nl ? (int)(nl - s) : (int)strlen(s), s);
    }
    fputs("  sim\n      Simulate a generated project on pcap traffic"
          " (fpgagen sim --help).\n"
          "  -r DIR --backend B\n      Serve Click's ControlSocket protocol"
          " for a running design (fpgagen -r --help).\n",
          out);
    fputs("\nOptions:\n"
          "  --version\n      Print the version and exit.\n"
          "  -h, --help\n      Print this help and exit.\n\n"
          "'fpgagen COMMAND --help' describes each command.\n",
          out);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_main_help(stderr);
        return 2;
    }
    const char *name = argv[1];
    if (strcmp(name, "--version") == 0) {
        printf("fpgagen %s\n", FPGAGEN_VERSION);
        return 0;
    }
    if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0 ||
        strcmp(name, "help") == 0) {
        print_main_help(stdout);
        return 0;
    }
    /* `fpgagen -r DIR --backend B`: the runtime. */
    if (strcmp(name, "-r") == 0)
        return runtime_main(argc - 1, argv + 1);
    /* `fpgagen sim` parses its own options (repeatable --in/--out). */
    if (strcmp(name, "sim") == 0)
        return sim_main(argc - 1, argv + 1);
    /* `fpgagen -b BOARD -o DIR FILE`: the generate command. */
    int skip = 2;
    if (name[0] == '-' && strcmp(name, "-r") != 0) {
        name = "generate";
        skip = 1;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(commands[i].name, name) == 0) {
            Args a;
            int status = parse_args(&commands[i], argc - skip, argv + skip, &a);
            return status >= 0 ? status : commands[i].run(&a);
        }
    }
    fprintf(stderr, "fpgagen: unknown command '%s'\n"
                    "Try 'fpgagen --help' for the list of commands.\n",
            name);
    return 2;
}
