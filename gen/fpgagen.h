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
/* The location may be a compound literal: it travels in __VA_ARGS__. */
#define diag_error(d, ...) diag_report((d), DIAG_ERROR, __VA_ARGS__)
#define diag_warning(d, ...) diag_report((d), DIAG_WARNING, __VA_ARGS__)
#define diag_note(d, ...) diag_report((d), DIAG_NOTE, __VA_ARGS__)
/* True when the run must fail: errors, or warnings under -Werror. */
bool diag_failed(const Diag *d);

/* ===================================================================
 * 3. Front end: Click language -> flat Graph
 *    lexer.c, parse.c, expand.c, flatten.c
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

/* ---- 3.1 Tokens and configuration strings (lexer.c) -------------------
 *
 * Single-character tokens have their byte as kind (0..255); the others
 * use the TK_ values.  Token text points into the source. */
typedef enum TokKind {
    TK_EOF = 256,
    TK_IDENT,               /* element or class name, port number */
    TK_VAR,                 /* $name (text excludes the '$') */
    TK_ARROW,               /* -> */
    TK_2ARROW,              /* => */
    TK_2COLON,              /* :: */
    TK_2BAR,                /* || */
    TK_3DOT,                /* ... */
    TK_ELEMENTCLASS,
    TK_REQUIRE,
    TK_PROVIDE,
    TK_DEFINE,
    TK_TUNNEL,              /* connectiontunnel (Click 1.x) */
} TokKind;

typedef struct Token {
    int kind;
    const char *text;
    int len;
    SrcLoc loc;
} Token;

typedef struct Lexer {
    Diag *diag;
    Arena *arena;           /* file names from line directives */
    const char *src, *end, *pos;
    const char *line_start; /* start of the physical line holding pos */
    int line_len;           /* its length, -1 until computed */
    int phys_line;          /* physical number of that line */
    long line_delta;        /* logical line = physical + line_delta */
    const char *file;       /* logical file name */
    const char *orig_file;  /* the file actually read */
    Token pushed[4];        /* tokens given back by lexer_unlex */
    int npushed;
} Lexer;

void lexer_init(Lexer *lx, Diag *d, Arena *a, const char *file,
                const char *src, size_t len);
Token lexer_next(Lexer *lx);
void lexer_unlex(Lexer *lx, Token t);
/* Location of byte p of the source (p may equal end). */
SrcLoc lexer_loc(Lexer *lx, const char *p);
/* Reads the configuration string that follows a '(' token up to the
 * matching ')', which is left unread.  Returns false (after reporting)
 * when the input ends first. */
bool lexer_config(Lexer *lx, SrcLoc open, const char **text, int *len,
                  SrcLoc *loc);
/* "'->'", "'x'", "end of input": a token, for messages. */
const char *token_desc(const Token *t, char *buf, size_t n);

/* Configuration-string helpers with Click's quoting rules. */
typedef struct StrVec {
    const char **items;
    int n, cap;
} StrVec;
void strvec_push(StrVec *v, const char *s);
void strvec_free(StrVec *v);
/* Splits at unquoted commas; each argument loses comments and outer
 * space; an empty last argument is dropped. */
void config_argvec(Arena *a, const char *s, size_t n, StrVec *out);
/* Splits at unquoted white space (comments separate words). */
void config_spacevec(Arena *a, const char *s, size_t n, StrVec *out);
/* Removes comments and one level of quotes, expanding backslash escapes
 * inside double quotes and \<hex> outside quotes. */
char *config_unquote(Arena *a, const char *s, size_t n);
/* Double-quotes s so that config_unquote gives it back. */
char *config_quote(Arena *a, const char *s);
/* "KEYWORD value": true with the keyword and the value after it. */
bool config_keyword(const char *arg, const char **kw_end,
                    const char **rest);
/* The first space-separated word of s (comments skipped): [*word,
 * *word_end); returns what follows it, leading space and comments
 * skipped. */
const char *config_first_word(const char *s, const char **word,
                              const char **word_end);

/* ---- 3.2 Parsed configuration (parse.c) --------------------------------
 *
 * The parser turns each scope (the file, each compound definition) into a
 * small router: elements, connections, declared classes and variables, the
 * way Click's tools keep them.  Classes are resolved while parsing, so a
 * class name means whatever definition lexically precedes its use. */
typedef struct FeClass FeClass;
typedef struct FeScope FeScope;

typedef enum FeClassKind {
    FC_PRIMITIVE,           /* an element class of the library */
    FC_COMPOUND,            /* elementclass { ... } or { ... } */
    FC_SYNONYM,             /* elementclass A B */
} FeClassKind;

struct FeClass {
    FeClassKind kind;
    const char *name;       /* "" for an anonymous compound */
    const char *printable;  /* name, or "<anonymousN>" */
    SrcLoc loc;             /* definition; no file for primitives */
    FeScope *body;          /* FC_COMPOUND: this definition */
    FeClass *overload;      /* FC_COMPOUND: definition tried next */
    FeClass *target;        /* FC_SYNONYM */
};

typedef struct FeElem {
    const char *name;       /* ";Class@N" until anonymous names are fixed */
    FeClass *cls;           /* NULL for a tunnel end */
    const char *config;     /* as written; "" when none */
    SrcLoc loc, config_loc;
    int ninputs, noutputs;  /* 1 + highest port used in this scope */
    int tunnel_in;          /* tunnel: the end whose inputs come out here */
    int tunnel_out;         /* tunnel: the end where our inputs come out */
    bool tunnel;            /* input/output, groups, connectiontunnel */
    bool anonymous;
} FeElem;

typedef struct FeConn {
    int from, from_port, to, to_port;
    SrcLoc loc;
} FeConn;

/* Set of connections, to drop repeated ones in O(1). */
typedef struct ConnSet {
    int *slots;             /* 4 ints per slot; from = -1 when empty */
    size_t cap, len;
} ConnSet;
bool connset_add(ConnSet *s, int from, int from_port, int to, int to_port);
void connset_free(ConnSet *s);

typedef struct FeVar {
    const char *name;       /* without '$' */
    const char *value;      /* define: value; formal: keyword ("" if
                               positional, "__REST__") */
    SrcLoc loc;
} FeVar;

struct FeScope {
    FeScope *parent;        /* lexically enclosing scope, NULL for the file */
    FeClass *cls;           /* compound being defined, NULL for the file */
    int depth;              /* 0 for the file */
    FeElem *elems;
    int nelems, elems_cap;
    StrMap elem_map;        /* name -> index + 1 (NULL: none) */
    FeConn *conns;
    int nconns, conns_cap;
    ConnSet conn_set;
    StrMap class_map;       /* classes declared in this scope */
    StrMap undeclared;      /* names already reported as undeclared */
    FeVar *formals;
    int nformals, formals_cap;
    FeVar *defines;
    int ndefines, defines_cap;
    Requirement *reqs;
    int nreqs, reqs_cap;
    int ninputs, noutputs;  /* compound: ports of input and output */
    int anon_offset;        /* 2 in compounds: input and output */
};

typedef struct Frontend {
    Diag *diag;
    Arena arena;            /* scopes, classes, strings */
    FeScope *top;
    FeScope **scopes;       /* every scope, for freeing */
    int nscopes, scopes_cap;
    StrMap primitives;      /* name -> FeClass of kind FC_PRIMITIVE */
    StrMap libraries;       /* files read through require(library ...) */
    const char *file;       /* file name used in locations */
    size_t source_len;      /* bytes of the main source */
    int anon_classes;       /* count of anonymous compounds */
    int depth;              /* nesting of compounds and groups now */
} Frontend;

void frontend_init(Frontend *fe, Diag *d, const char *file);
void frontend_free(Frontend *fe);
/* Parses one configuration into fe->top (reports every error). */
void frontend_parse(Frontend *fe, const char *text, size_t len);

/* ---- 3.3 Compound expansion (expand.c) ---------------------------------
 *
 * Expands compounds and removes tunnels the way click-flatten does, so the
 * flat element and connection order match Click's.  Limits keep hostile
 * input from exhausting memory. */
enum {
    FE_MAX_NESTING = 100,           /* compounds and groups inside each other */
    /* Flat elements (tunnels included): FE_ELEMENTS_PER_BYTE per byte of
     * source, at least FE_MIN_ELEMENTS, at most FE_MAX_ELEMENTS. */
    FE_ELEMENTS_PER_BYTE = 64,
    FE_MIN_ELEMENTS = 100000,
    FE_MAX_ELEMENTS = 2000000,
    FE_MAX_CONNECTIONS = 4000000,
    FE_MAX_NAME_BYTES = 16 << 20,   /* flat element names, in all */
    /* Bytes $var substitution may produce (nested values included): the
     * same per-byte rule, between these bounds. */
    FE_MIN_EXPANSION_BYTES = 1 << 20,
    FE_MAX_EXPANSION_BYTES = 256 << 20,
};
Graph *frontend_expand(Frontend *fe);

/* Variables visible while expanding: a frame per scope instance. */
typedef struct VarEnv {
    const struct VarEnv *parent;
    int depth;              /* depth of the scope it belongs to */
    const FeVar *vars;      /* later entries win */
    int nvars;
} VarEnv;
/* Substitutes $var, ${var}, ${var-default} and ${var[N]} in a
 * configuration string as Click does (not inside single quotes or
 * comments; unknown variables stay as written).  *budget counts the bytes
 * substitution may still produce; at 0 it stops substituting. */
char *config_expand(Arena *a, const char *s, const VarEnv *env,
                    size_t *budget);

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
    /* The hardware implementation (datapath.h): configure, registers,
     * elaborate, model.  NULL exactly when hardware is false. */
    const struct ElementImpl *impl;
} ElementClass;

const ElementClass *registry_find(const char *name);
/* All classes, sorted by name; *n gets the count. */
const ElementClass *const *registry_all(int *n);

/* Port-count notation "1/1", "1-2/-", "0/1-": parsed ranges; hi = -1 for
 * unbounded.  Returns false on malformed text.
 *
 * The full grammar is Click's: each side is "N", "N-M", "N-" (at least
 * N), "-M" (at most M), "-" (any number) or "" (none); with no slash
 * the one side stands for both ("1" is "1/1").  The output side may
 * instead be "=" (as many outputs as inputs) followed by one '+' per
 * extra output ("1-/=+": one more output than inputs); out_equal is then
 * 1 + the number of '+' (0 otherwise), and out_lo/out_hi hold the range
 * it implies. */
typedef struct PortRange {
    int in_lo, in_hi, out_lo, out_hi;
    int out_equal;
} PortRange;
bool port_count_parse(const char *s, PortRange *r);

/* The handler of class c called name, or NULL. */
const HandlerSpec *registry_handler(const ElementClass *c, const char *name);

/* `fpgagen elements`: one line per class (name, ports, processing,
 * hardware status).  `fpgagen doc CLASS`: the doc block, formatted.
 * registry_print_doc returns false when the class is unknown. */
void registry_print_list(FILE *out);
bool registry_print_doc(const char *name, FILE *out);

/* ===================================================================
 * 5. Graph checks (check.c) and the DOT emitter (dot.c)
 * =================================================================== */

typedef enum PortProc { PROC_PUSH, PROC_PULL, PROC_AGNOSTIC } PortProc;

/* Port numbers the checks accept on one side of an element (0 up to
 * GRAPH_MAX_PORTS - 1); dot_print draws no more port cells than this. */
enum { GRAPH_MAX_PORTS = 4096 };

typedef struct CheckOptions {
    bool hardware;          /* also warn on classes with no Verilog (only
                               when the graph has no errors) */
} CheckOptions;

/* Resolves classes (Element.cls, unless already set), counts ports
 * (Element.ninputs/noutputs), checks port counts and push/pull, and
 * stores each port's processing (Element.in_proc/out_proc, in g->arena).
 * Reports every problem, in source order.  opt NULL: all checks.
 * Returns true when no error was found (warnings do not count). */
bool check_graph(Graph *g, Diag *d, const CheckOptions *opt);

/* Processing of each port after agnostic resolution (valid after a
 * successful check_graph). */
PortProc graph_port_proc(const Graph *g, int elem, bool output, int port);

void dot_print(const Graph *g, FILE *out);

#endif
