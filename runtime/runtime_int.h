/*
 * runtime_int.h -- the runtime's internal header.  Sections follow a
 * request's way through the runtime:
 *
 *   1. limits and Click's text conventions      (handlers.c)
 *   2. the design: design.json as the runtime sees it  (design.c)
 *   3. handler dispatch                          (handlers.c)
 *   4. one ControlSocket connection, no sockets  (protocol.c)
 *   5. the event loop: sockets and poll()        (loop.c)
 *      and the shell on the same loop            (shell.c)
 */
#ifndef RUNTIME_RUNTIME_INT_H
#define RUNTIME_RUNTIME_INT_H

#include "backend.h"
#include "datapath.h"      /* RegFormat, ElementImpl; fpgagen.h, handlers.h */

/* ===================================================================
 * 1. Limits and Click's text conventions
 * =================================================================== */

enum {
    RT_LINE_MAX = 65536,    /* longest command line kept */
    RT_DATA_MAX = 65536,    /* most handler data (Click's LARGEST_HANDLER_WRITE) */
    /* Unprocessed input held per connection: one command line, its
     * data, and room for pipelined commands. */
    RT_IN_MAX = 4 * 65536,
    RT_OUT_HIGH = 1 << 20,  /* a connection's commands wait above this */
    RT_MAX_CONNS = 1024,    /* clients at once; more are closed at once */
    RT_CMDS_PER_TURN = 16,  /* commands of one client per loop turn */
};

/* Click's ControlSocket codes. */
enum {
    CS_OK = 200,
    CS_OK_WARN = 220,
    CS_SYNTAX = 500,
    CS_UNIMPLEMENTED = 501,
    CS_NO_ELEMENT = 510,
    CS_NO_HANDLER = 511,
    CS_HANDLER_ERROR = 520,
    CS_DATA_TOO_BIG = 521,
    CS_LLRPC_ERROR = 522,
    CS_PERMISSION = 530,
    CS_NO_ROUTER = 540,
    CS_UNSPECIFIED = 590,
};

/* Click's isspace (the C locale). */
static inline bool rt_isspace(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Appends s[0..n) as Click's String::printable: bytes 32-126 as they
 * are, 0-31 as ^@..^_, 127-255 as \ooo. */
void rt_put_printable(StrBuf *sb, const char *s, size_t n);

/* Click's IntArg on the whole of s[0..n): base 0 (decimal, 0x, 0b,
 * leading-0 octal) or 16; is_signed allows '-'.  The value must lie in
 * [-max-1, max] (signed) or [0, max].  False on any syntax or range
 * error (*range_error set for the latter when non-NULL). */
bool rt_parse_int(const char *s, size_t n, int base, bool is_signed,
                  uint64_t max, int64_t *val, bool *range_error);

/* Click's cp_unparse_real2: value / 2^frac_bits in shortest decimal. */
void rt_put_real2(StrBuf *sb, int64_t value, int frac_bits);

/* Messages a handler reports, with Click's ControlSocketErrorHandler
 * semantics: one line per message line; errors and warnings counted. */
typedef struct RtErrors {
    char **msgs;
    int nmsgs, cap;
    int nerrors, nwarnings;
} RtErrors;

void rt_errors_add(RtErrors *e, bool error, const char *text);
void rt_errors_free(RtErrors *e);

/* ===================================================================
 * 2. The design (design.c)
 * =================================================================== */

typedef struct RtReg {
    const char *name;
    uint32_t offset;        /* relative to the element's base */
    int width;              /* 32 or 64 */
    bool readable, writable;
    RegFormat format;       /* how it reads and writes as a handler */
    uint32_t max;           /* RF_UINT: largest value written; 0: any */
} RtReg;

typedef enum RtHandlerKind {
    /* every element's own (Click's default handlers) */
    RH_NAME, RH_CLASS, RH_CONFIG, RH_PORTS, RH_HANDLERS,
    /* from design.json: a class routine, else a text, else the register
     * of the same name, else software only -- for reads and writes apart */
    RH_ELEMENT,
    /* global handlers */
    RH_G_VERSION, RH_G_CONFIG, RH_G_FLATCONFIG, RH_G_REQUIREMENTS,
    RH_G_HANDLERS, RH_G_LIST, RH_G_CLASSES,
} RtHandlerKind;

typedef struct RtHandler {
    const char *name;
    bool read, write;       /* the modes it has (Click's visibility) */
    bool read_param;        /* the read takes parameters */
    bool calm;              /* Click's h_calm ('.' in a handlers listing) */
    RtHandlerKind kind;
    const HandlerRoutine *routine;  /* RH_ELEMENT: the class's, or NULL */
    const char *text;               /* RH_ELEMENT: design.json's text */
    const RtReg *reg;               /* RH_ELEMENT: same-named register */
} RtHandler;

typedef struct RtElem {
    int index;              /* 1-based, as in design.json and Click */
    const char *name, *class_name, *config;
    bool mapped;            /* has a register block */
    uint32_t base, size;
    RtReg *regs;
    int nregs;
    /* In the order Click's `handlers` lists them: the class's handlers
     * last-registered first, then handlers, ports, config, class, name. */
    RtHandler *handlers;
    int nhandlers;
    const char *ports_text, *handlers_text;
    int noutputs;           /* output ports (Switch's LLRPC checks it) */
    const HandlerClass *hclass;     /* routines of the class, or NULL */
    void *state;                    /* hclass->state_size bytes */
} RtElem;

typedef struct RtDesign {
    Arena arena;            /* every string and array below */
    const char *path;       /* DIR/design.json, for messages */
    uint64_t hash;
    unsigned addr_width;
    uint32_t id_base;
    RtElem *elems;
    int nelems;
    StrMap by_name;         /* name -> RtElem * */
    RtHandler *globals;
    int nglobals;
    /* Texts of the global handlers. */
    const char *config, *flatconfig, *list, *classes, *requirements,
        *global_handlers;
} RtDesign;

/* Reads DIR/design.json (text NULL) or the given JSON text; NULL with a
 * message in err on any problem. */
RtDesign *rt_design_load(const char *path, const char *text, char *err,
                         size_t errlen);
void rt_design_free(RtDesign *d);
RtElem *rt_design_find(const RtDesign *d, const char *name);
const RtHandler *rt_find_handler(const RtHandler *hs, int n, const char *name,
                                 size_t len);

/* ===================================================================
 * 3. Handler dispatch (handlers.c)
 * =================================================================== */

typedef uint64_t (*RtClockFn)(void *user);

typedef struct Runtime {
    RtDesign *d;
    Backend *b;
    bool readonly;          /* --readonly: writes refused as Click does */
    RtClockFn clock;        /* milliseconds; rt_clock_monotonic by default */
    void *clock_user;
} Runtime;

uint64_t rt_clock_monotonic(void *user);

/* e NULL: a global handler.  A read appends its result to out; both
 * report through errs and return negative on failure. */
int rt_handler_read(Runtime *rt, RtElem *e, const RtHandler *h,
                    const char *param, size_t len, StrBuf *out, RtErrors *errs);
int rt_handler_write(Runtime *rt, RtElem *e, const RtHandler *h,
                     const char *data, size_t len, RtErrors *errs);
/* A flat LLRPC on element e (NULL: none); data holds its size bytes in
 * and out.  0 or a negative errno, as Click's Element::llrpc. */
int rt_llrpc(Runtime *rt, RtElem *e, uint32_t command, void *data, RtErrors *errs);
/* Runs each class's init routine once; problems go to stderr. */
void rt_handlers_init(Runtime *rt, FILE *log);

/* ===================================================================
 * 4. One ControlSocket connection (protocol.c)
 *
 * The connection is a state machine over bytes: the event loop (and the
 * fuzzer) append input, run it, and take the output.  It never touches
 * a socket.
 * =================================================================== */

typedef enum CsDeferred {
    CSD_NONE, CSD_READ, CSD_WRITE, CSD_LLRPC,
} CsDeferred;

typedef struct CsConn {
    Runtime *rt;
    StrBuf in;              /* input; bytes before inpos are consumed */
    size_t inpos;
    StrBuf out;             /* output; bytes before outpos are sent */
    size_t outpos;
    bool in_closed;         /* no more input will be read (EOF, QUIT) */
    /* Scan memos, so input that trickles in is not scanned again and
     * again: bytes after inpos known to hold no line end, and where a
     * waiting READUNTIL/WRITEUNTIL stopped (relative to its data). */
    size_t no_eol, no_eol_at;       /* ... valid while inpos == no_eol_at */
    size_t until_scan;
    bool skip_line;         /* discarding the rest of an over-long line */
    uint64_t skip_bytes;    /* discarding oversized handler data */
    CsDeferred deferred;    /* what answers once the skip is over */
    char *deferred_name;    /* its handler (or LLRPC) name */
    size_t deferred_name_len;
    uint64_t deferred_len;  /* its data length */
} CsConn;

void cs_conn_init(CsConn *c, Runtime *rt);   /* queues the greeting */
void cs_conn_free(CsConn *c);
/* How many input bytes the connection takes now (0: stop reading). */
size_t cs_conn_input_room(const CsConn *c);
void cs_conn_input(CsConn *c, const void *p, size_t n);
void cs_conn_eof(CsConn *c);
/* Runs at most max_cmds commands; stops early when output is above
 * RT_OUT_HIGH or input is missing.  Returns true when it could go on
 * (more complete input waits). */
bool cs_conn_run(CsConn *c, int max_cmds);
/* Output not yet sent. */
static inline size_t cs_conn_pending(const CsConn *c)
{
    return c->out.len - c->outpos;
}
static inline const char *cs_conn_output(const CsConn *c)
{
    return c->out.data + c->outpos;
}
void cs_conn_sent(CsConn *c, size_t n);
/* True once no input can come and none is left: close after the output. */
bool cs_conn_finished(const CsConn *c);

/* ===================================================================
 * 5. The event loop (loop.c)
 * =================================================================== */

typedef struct RtListen {
    bool is_unix;
    char *host;             /* TCP: address to bind (NULL: 127.0.0.1) */
    char *port;             /* TCP port */
    char *path;             /* Unix socket path */
} RtListen;

/* Parses "tcp:[ADDR:]PORT" or "unix:PATH"; false with a message. */
bool rt_listen_parse(const char *spec, RtListen *l, char *err, size_t errlen);
void rt_listen_free(RtListen *l);
/* Serves until SIGINT or SIGTERM, or with shell until the shell ends;
 * l NULL: no listening socket.  announce (may be NULL) gets one line
 * naming the address once listening.  Returns the exit status. */
int rt_serve(Runtime *rt, const RtListen *l, bool shell, FILE *announce);

/* The loop, for the shell: rt_loop_wait() serves the clients until fd is
 * readable (or at its end, or closed: a read tells: RT_WAIT_READY), a
 * signal handler ran (SIGCONT, SIGWINCH: RT_WAIT_SIGNAL), or a signal
 * ends the loop (RT_WAIT_STOP, and at once ever after). */
typedef struct RtLoop RtLoop;
typedef enum RtWait { RT_WAIT_READY, RT_WAIT_SIGNAL, RT_WAIT_STOP } RtWait;
RtWait rt_loop_wait(RtLoop *lp, int fd);

/* ---- The shell (shell.c) ----
 *
 * ControlSocket commands typed on standard input, each through a CsConn
 * of its own (with the data lines it takes), answers shown on standard
 * output; line editing, history and completion when both are terminals. */

/* Runs the shell until QUIT or CLOSE, the end of its input, or a signal;
 * returns the exit status. */
int rt_shell_run(Runtime *rt, RtLoop *lp);

/* Completion candidates for the word that ends at line[cursor] (only
 * line[0..cursor) is looked at): command words, then element names
 * ("c."), an element's handlers ("c.count", readable ones after READ,
 * writable ones after WRITE) and global handlers.  Each candidate
 * replaces line[start..cursor); sorted, without duplicates. */
typedef struct ShellCands {
    char **v;
    int n, cap;
    size_t start;
} ShellCands;

void rt_shell_complete(const RtDesign *d, const char *line, size_t cursor,
                       ShellCands *out);
void rt_shell_cands_free(ShellCands *c);

/* Appends the protocol's answers ans[0..n) as the shell shows them: each
 * status line without its CR; for a successful read, the data instead
 * of the DATA line, with a newline added when it lacks one.  Returns the
 * bytes taken (whole answers only). */
size_t rt_shell_format(StrBuf *out, const char *ans, size_t n);

#endif
