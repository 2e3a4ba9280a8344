/*
 * fpgagen.h -- the compiler's one internal header.
 *
 * Sections follow the stages in the order a configuration flows through
 * them: utilities, diagnostics, the Click front end (lexer, parser,
 * compound expansion) that yields a flat Graph, the element registry,
 * graph checks, and the emitters (flat Click text, Graphviz DOT).
 */
#ifndef FPGAGEN_H
#define FPGAGEN_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define FPGAGEN_VERSION "0.1.0"

#if defined(__GNUC__)
#define FG_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define FG_NORETURN __attribute__((noreturn))
#else
#define FG_PRINTF(f, a)
#define FG_NORETURN
#endif

/* ===================================================================
 * 1. Utilities (util.c)
 * =================================================================== */

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) FG_PRINTF(1, 2);
FG_NORETURN void fatal(const char *fmt, ...) FG_PRINTF(1, 2);

/* Grow a dynamic array: ensure room for n+1 items in (*items, *cap). */
#define VEC_PUSH(items, n, cap, value)                                      \
    do {                                                                    \
        if ((n) >= (cap)) {                                                 \
            (cap) = (cap) ? 2 * (cap) : 8;                                  \
            (items) = xrealloc((items), (size_t)(cap) * sizeof *(items));   \
        }                                                                   \
        (items)[(n)++] = (value);                                           \
    } while (0)

/* Arena: many small allocations, freed at once. */
typedef struct ArenaBlock ArenaBlock;
typedef struct Arena {
    ArenaBlock *head;
} Arena;

void *arena_alloc(Arena *a, size_t n);   /* zeroed, 16-byte aligned */
char *arena_strdup(Arena *a, const char *s);
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_printf(Arena *a, const char *fmt, ...) FG_PRINTF(2, 3);
void arena_free(Arena *a);

/* Growable string. */
typedef struct StrBuf {
    char *data;   /* always NUL-terminated once anything was added */
    size_t len, cap;
} StrBuf;

void sb_putc(StrBuf *sb, char c);
void sb_puts(StrBuf *sb, const char *s);
void sb_putn(StrBuf *sb, const char *s, size_t n);
void sb_printf(StrBuf *sb, const char *fmt, ...) FG_PRINTF(2, 3);
void sb_vprintf(StrBuf *sb, const char *fmt, va_list ap);
const char *sb_str(StrBuf *sb);   /* "" when empty */
void sb_free(StrBuf *sb);

/* Hash map from string keys to pointers (open addressing, FNV-1a). */
typedef struct StrMap {
    const char **keys;
    void **vals;
    size_t cap, len;
} StrMap;

void *strmap_get(const StrMap *m, const char *key);
void strmap_put(StrMap *m, const char *key, void *val); /* key not copied */
void strmap_free(StrMap *m);
uint64_t hash_bytes(const void *p, size_t n);

/* Read a whole file; NULL and errno set on failure.  *len gets its size. */
char *read_file(const char *path, size_t *len);

/* ===================================================================
 * 2. Diagnostics (diag.c)
 *
 * gcc layout:
 *   router.click:12:29: error: CheckIPHeader 'chk': OFFSET: expected ...
 *      12 | chk :: CheckIPHeader(OFFSET x4);
 *         |                             ^~
 *   router.click:3:1: note: 'chk' previously declared here
 * =================================================================== */

typedef struct SrcLoc {
    const char *file;       /* logical file name (after `# LINE "file"`) */
    int line;               /* logical line, 1-based; 0 = no location */
    int col;                /* 1-based byte column */
    const char *text;       /* physical source line (not NUL-terminated) */
    int text_len;           /* its length, without the newline */
} SrcLoc;

typedef enum DiagKind { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } DiagKind;

typedef struct Diag {
    FILE *out;              /* where diagnostics go (stderr) */
    int errors;
    int warnings;
    bool werror;            /* -Werror: warnings count as errors */
    int max_errors;         /* stop printing after this many (0 = no cap) */
} Diag;

void diag_init(Diag *d, FILE *out);
/* span: number of bytes to underline from loc.col (>= 1). */
void diag_report(Diag *d, DiagKind kind, SrcLoc loc, int span,
                 const char *fmt, ...) FG_PRINTF(5, 6);
void diag_vreport(Diag *d, DiagKind kind, SrcLoc loc, int span,
                  const char *fmt, va_list ap);
#define diag_error(d, loc, span, ...) \
    diag_report((d), DIAG_ERROR, (loc), (span), __VA_ARGS__)
#define diag_warning(d, loc, span, ...) \
    diag_report((d), DIAG_WARNING, (loc), (span), __VA_ARGS__)
#define diag_note(d, loc, span, ...) \
    diag_report((d), DIAG_NOTE, (loc), (span), __VA_ARGS__)
/* True when the run must fail: errors, or warnings under -Werror. */
bool diag_failed(const Diag *d);

/* ===================================================================
 * 3. Front end: Click language -> flat Graph
 *    lexer.c, parse.c, expand.c
 * =================================================================== */

/* Where a compound was instantiated; elements made by expanding it point
 * here so diagnostics can add "in expansion of compound ..." notes. */
typedef struct Expansion {
    const char *compound;           /* compound class name */
    const char *instance;           /* flat name of the instance */
    SrcLoc loc;                     /* where it was instantiated */
    const struct Expansion *parent; /* enclosing expansion or NULL */
} Expansion;

typedef struct Element {
    const char *name;       /* flat name: "outer/inner", "Counter@3" */
    const char *class_name; /* primitive class name */
    const char *config;     /* configuration string after $var
                               substitution; "" when none */
    SrcLoc loc;             /* where declared (or used, if anonymous) */
    SrcLoc config_loc;      /* where the configuration string begins */
    bool anonymous;         /* named by the Class@N rule */
    const Expansion *origin;/* NULL at top level */
    const struct ElementClass *cls; /* registry entry; NULL if unknown */
    int ninputs, noutputs;  /* ports used: 1 + highest port connected */
    unsigned char *in_proc; /* PortProc per input port, set by check */
    unsigned char *out_proc;/* PortProc per output port, set by check */
} Element;

typedef struct Connection {
    int from, from_port;    /* index into Graph.elems, output port */
    int to, to_port;        /* index into Graph.elems, input port */
    SrcLoc loc;             /* the arrow's location */
} Connection;

typedef struct Requirement {
    const char *text;       /* one argument of require(...) */
    SrcLoc loc;
} Requirement;

typedef struct Graph {
    Arena arena;            /* owns every string and Expansion */
    Element *elems;         /* in Click's order (declaration order) */
    int nelems, elems_cap;
    Connection *conns;      /* in source order, duplicates removed */
    int nconns, conns_cap;
    Requirement *reqs;
    int nreqs, reqs_cap;
    StrMap by_name;         /* flat name -> (Element index + 1) */
    const char *file;       /* the file that was read ("-" = stdin) */
} Graph;

/* Reads, parses and flattens a configuration.  Errors go to d; the graph
 * returned holds everything that could be recovered (NULL only when the
 * file cannot be read).  text may be NULL, in which case path is read. */
Graph *frontend_load(Diag *d, const char *path, const char *text,
                     size_t len);
void graph_free(Graph *g);
int graph_find(const Graph *g, const char *name); /* index or -1 */

/* Prints the graph in Click's canonical flat form (as click-flatten). */
void flatten_print(const Graph *g, FILE *out);

/* ===================================================================
 * 4. Element registry (registry.c, elements/<group>/<name>.c)
 * =================================================================== */

typedef enum HandlerMode {
    H_READ = 1,             /* read-only */
    H_WRITE = 2,            /* write-only */
    H_RW = 3,               /* read/write */
} HandlerMode;

typedef struct HandlerSpec {
    const char *name;
    HandlerMode mode;
    const char *help;       /* one line */
} HandlerSpec;

typedef struct ElementClass {
    const char *name;           /* Click class name */
    const char *group;          /* elements/<group>/ */
    const char *port_count;     /* Click notation: "1/1", "1/-", "1/1-2" */
    const char *processing;     /* Click notation: "a/a", "h/l", "h/lh" */
    const char *flow_code;      /* Click flow code or NULL ("x/x") */
    const char *annos_read;     /* comma list: "PAINT,DST_IP" or "" */
    const char *annos_written;
    unsigned csr_bytes;         /* register block wanted (power of two) */
    const char *doc;            /* doc block in Click's =c/=s/=d format */
    const HandlerSpec *handlers;/* terminated by {NULL} */
    bool hardware;              /* has an elaborate() implementation */
} ElementClass;

const ElementClass *registry_find(const char *name);
/* All classes, sorted by name; *n gets the count. */
const ElementClass *const *registry_all(int *n);

/* Port-count notation "1/1", "1-2/-", "0/1-": parsed ranges; hi = -1 for
 * unbounded.  Returns false on malformed text. */
typedef struct PortRange {
    int in_lo, in_hi, out_lo, out_hi;
} PortRange;
bool port_count_parse(const char *s, PortRange *r);

/* `fpgagen elements`: one line per class (name, ports, processing,
 * hardware status).  `fpgagen doc CLASS`: the doc block, formatted.
 * registry_print_doc returns false when the class is unknown. */
void registry_print_list(FILE *out);
bool registry_print_doc(const char *name, FILE *out);

/* ===================================================================
 * 5. Graph checks (check.c) and the DOT emitter (dot.c)
 * =================================================================== */

typedef enum PortProc { PROC_PUSH, PROC_PULL, PROC_AGNOSTIC } PortProc;

typedef struct CheckOptions {
    bool hardware;          /* also warn on classes with no Verilog */
} CheckOptions;

/* Resolves classes, checks ports and push/pull; reports every problem.
 * Returns true when no error was found. */
bool check_graph(Graph *g, Diag *d, const CheckOptions *opt);

/* Processing of each port after agnostic resolution (valid after a
 * successful check_graph). */
PortProc graph_port_proc(const Graph *g, int elem, bool output, int port);

void dot_print(const Graph *g, FILE *out);

#endif
