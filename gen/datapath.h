/*
 * datapath.h -- the datapath half of the compiler: element configuration,
 * annotations, boards, elaboration and the C reference models.
 *
 * Sections continue gen/fpgagen.h's numbering.
 */
#ifndef FPGAGEN_DATAPATH_H
#define FPGAGEN_DATAPATH_H

#include "fpgagen.h"
#include "handlers.h"

/* ===================================================================
 * 6. Element configuration (args.c): Click's argument conventions
 *
 * A configuration string is a comma-separated list of arguments; an
 * argument that starts with an upper-case KEYWORD followed by space is a
 * keyword argument.  Elements describe their arguments as a table and
 * conf_parse fills their configuration struct, reporting every problem
 * at the argument's place in the source:
 *
 *   router.click:4:29: error: CheckLength 'cl': LENGTH: expected unsigned integer
 * =================================================================== */

typedef struct ConfArg {
    const char *keyword;    /* NULL for a positional argument */
    const char *value;      /* the text, trimmed, comments removed */
    SrcLoc loc;             /* where the value begins */
    bool used;              /* consumed by conf_parse or by hand */
} ConfArg;

typedef enum ArgType {
    ARG_UINT,               /* uint64_t, decimal or 0x hex, range checked */
    ARG_INT,                /* int64_t */
    ARG_BOOL,               /* bool: true/false/yes/no/1/0 */
    ARG_STRING,             /* const char *: a word or a quoted string */
    ARG_WORD,               /* const char *: one word, no spaces */
    ARG_ETHER,              /* uint8_t[6]: 00:11:22:33:44:55 */
    ARG_IP,                 /* uint32_t, host order: 10.0.0.1 */
    ARG_IP_PREFIX,          /* IpPrefix: 10.0.0.0/8, 10.0.0.0 255.0.0.0 */
    ARG_REST,               /* const char *: this and all later positional
                               arguments, joined with ", " */
} ArgType;

enum {
    ARGF_MANDATORY = 1,     /* must be given */
    ARGF_POSITIONAL = 2,    /* may be given by position (in table order) */
    ARGF_KEYWORD = 4,       /* may be given as KEYWORD value */
};
#define ARGF_MP (ARGF_MANDATORY | ARGF_POSITIONAL | ARGF_KEYWORD)
#define ARGF_P (ARGF_POSITIONAL | ARGF_KEYWORD)
#define ARGF_K ARGF_KEYWORD

typedef struct ArgSpec {
    const char *keyword;    /* upper-case; also the argument's name */
    ArgType type;
    unsigned flags;
    size_t offset;          /* offsetof(Conf, field) */
    int64_t min, max;       /* for ARG_UINT/ARG_INT when max > min */
    size_t given_offset;    /* offsetof a bool set when given; 0 = none */
} ArgSpec;

typedef struct IpPrefix {
    uint32_t addr, mask;    /* host order */
    int len;                /* prefix length */
} IpPrefix;

typedef struct ConfCtx {
    Diag *d;
    const Element *e;
    Arena *arena;           /* strings kept by the configuration */
    ConfArg *args;
    int nargs;
} ConfCtx;

/* Splits e->config into arguments (into c->args, arena-allocated). */
void conf_init(ConfCtx *c, Diag *d, const Element *e, Arena *arena);
/* Fills conf from the table (terminated by {NULL}); reports missing,
 * duplicate, unknown and malformed arguments.  Returns false on error. */
bool conf_parse(ConfCtx *c, const ArgSpec *spec, void *conf);
/* "Class 'name': " prefixed error at an argument (or the element). */
void conf_error(ConfCtx *c, const ConfArg *a, const char *fmt, ...)
    FG_PRINTF(3, 4);

bool parse_uint(const char *s, uint64_t *v);
bool parse_int(const char *s, int64_t *v);
bool parse_bool(const char *s, bool *v);
bool parse_ether(const char *s, uint8_t out[6]);
bool parse_ip(const char *s, uint32_t *v);
bool parse_ip_prefix(const char *s, IpPrefix *p);
/* A quoted string's contents with Click's escapes; words unchanged. */
char *parse_string(Arena *a, const char *s);
/* Splits text at top-level white space (quotes and brackets respected);
 * returns the count, words in *out (arena). */
int split_words(Arena *a, const char *s, const char ***out);

/* ===================================================================
 * 7. Annotations (anno.c)
 * =================================================================== */

typedef enum AnnoId {
    ANNO_PAINT,             /* 8 bits: Paint, PaintSwitch, CheckPaint */
    ANNO_DST_IP,            /* 32 bits: next-hop address */
    ANNO_FIX_IP_SRC,        /* 1 bit: FixIPSrc should rewrite */
    ANNO_ICMP_PARAMPROB,    /* 8 bits: offset of a bad IP option */
    ANNO_VLAN_TCI,          /* 16 bits */
    ANNO_AGGREGATE,         /* 32 bits */
    ANNO_SIM_TAG,           /* 32 bits: the sim board's packet tag */
    ANNO_COUNT
} AnnoId;

typedef struct AnnoField {
    AnnoId id;
    int lsb, width;         /* bits of tuser */
} AnnoField;

typedef struct AnnoLayout {
    AnnoField fields[ANNO_COUNT];
    int nfields;
    int width;              /* U: sum of widths, at least 1 */
    int lsb[ANNO_COUNT];    /* -1 when the annotation does not travel */
} AnnoLayout;

const char *anno_name(AnnoId id);
int anno_width(AnnoId id);
bool anno_lookup(const char *name, AnnoId *id);

/* ===================================================================
 * 8. Boards (board.c): YAML descriptions in boards/
 * =================================================================== */

typedef struct BoardDevice {
    const char *name;       /* eth0, nf0, ... */
    const char *kind;       /* the MAC or adapter: sim, rmii, sume, ... */
    bool rx, tx;            /* ports: rx for FromDevice, tx for ToDevice */
    int slot;               /* position in the board top's vectors */
    const char **pins;      /* "signal=PIN" pairs, may be empty */
    int npins;
} BoardDevice;

typedef struct Board {
    const char *name, *description;
    const char *part, *package, *toolchain;
    const char *bridge;     /* direct, uart, axi-lite */
    int width;              /* datapath width in bits */
    int widths[8];          /* widths the board allows; 0-terminated */
    double clock_mhz;
    int csr_addr_width;
    BoardDevice *devs;
    int ndevs;
    const char *path;       /* the YAML file read */
} Board;

/* Loads boards/NAME.yaml (or a path ending in .yaml).  Errors to d. */
Board *board_load(Diag *d, Arena *a, const char *name_or_path);
const BoardDevice *board_device(const Board *b, const char *name);

/* ===================================================================
 * 9. Elaboration (elaborate.c, vlog.c)
 * =================================================================== */

typedef enum RegAccess { REG_R = 1, REG_W = 2, REG_RW = 3 } RegAccess;

/* How the runtime shows a register that serves the handler of its name
 * (design.json's "format"): Click's text for the value. */
typedef enum RegFormat {
    RF_UINT,                /* decimal; a write takes 0 to max */
    RF_INT,                 /* two's complement, decimal with '-' */
    RF_BOOL,                /* 0 or 1, shown true / false */
    RF_ETHER,               /* an Ethernet address: bytes 2-5 here, bytes
                               0-1 in the next word (written second) */
} RegFormat;

typedef struct RegSpec {
    const char *name;       /* count */
    unsigned offset;        /* byte offset in the element's block */
    int width;              /* 32 or 64 (64: low word first, latched) */
    RegAccess access;
    const char *help;
    RegFormat format;       /* RF_UINT unless given */
    uint32_t max;           /* RF_UINT: largest value written; 0: any */
} RegSpec;

typedef enum DevicePort { DEV_NONE, DEV_RX, DEV_TX } DevicePort;

typedef struct ElabCtx {
    Diag *d;
    const Element *e;
    const void *conf;
    int width;              /* W, bits */
    int user_width;         /* U, bits (>= 1) */
    const AnnoLayout *annos;
    int ninputs, noutputs;
    const int *head_in;     /* head offset of each input port */
    const int *head_out;    /* and of each output port */
    int csr_aw;             /* log2(block bytes); 0 = no registers */
    DevicePort device;      /* the element's board-side port, if any */
    const BoardDevice *dev; /* and the board device it binds */
    const char *module;     /* the module name to write */
    StrBuf *v;              /* Verilog text goes here */
} ElabCtx;

/* A packet in the reference models: Click's view (head moves on Strip). */
typedef struct Packet {
    uint8_t *buf;           /* storage; data is buf + head */
    size_t cap, head, len;
    uint64_t anno[ANNO_COUNT];
    int64_t ts_ns;          /* arrival time stamp (Click keeps it) */
    struct Packet *next;    /* queue link used by the model engine */
} Packet;

typedef struct ModelCtx ModelCtx;

typedef struct ElementImpl {
    /* FromDevice and ToDevice bind a board device: the port kind and
     * the device named by the configuration. */
    DevicePort device;
    const char *(*device_name)(const void *conf);
    size_t conf_size;
    /* Parses the configuration into conf (zeroed, conf_size bytes). */
    bool (*configure)(ConfCtx *c, void *conf);
    /* Head offset of each output from the inputs'; NULL: every output
     * gets input 0's (0 for a source).  Each output's must be max(h + a, b)
     * of input 0's head h, as Strip's, Unstrip's and EtherEncap's are: the
     * generator relies on it to tell a loop whose heads have no fixed
     * point (elaborate.c, compute_heads). */
    void (*heads)(const void *conf, const int *head_in, int nin,
                  int *head_out, int nout);
    const RegSpec *regs;    /* terminated by {NULL}; NULL = none */
    void (*elaborate)(ElabCtx *x);
    /* Reference model: state of state_size bytes, zeroed, then init. */
    size_t state_size;
    void (*model_init)(ModelCtx *m, const void *conf, void *state);
    /* A packet arrives on input port; the element emits or drops it. */
    void (*model_push)(ModelCtx *m, const void *conf, void *state,
                       int port, Packet *p);
    /* Runtime routines for handlers that need more than one register
     * (handlers.h); NULL: registers serve every handler. */
    const HandlerClass *runtime;
    /* A read handler's text when it is a constant of the configuration
     * (written to design.json), or NULL. */
    const char *(*handler_text)(Arena *a, const void *conf, const char *handler);
} ElementImpl;

/* Called by an element's model_push: send p out of output port, drop it
 * (counted against the element), or hand it to the element's device
 * (ToDevice).  Each takes ownership of p. */
void model_emit(ModelCtx *m, int port, Packet *p);
void model_drop(ModelCtx *m, Packet *p);
void model_transmit(ModelCtx *m, Packet *p);
Packet *packet_clone(ModelCtx *m, const Packet *p);
/* Makes room for n more bytes before the head (Click's push). */
void packet_push_front(Packet *p, size_t n);

/* Verilog text helpers (vlog.c). */
void vl_banner(StrBuf *v, const char *what, const char *source);
/* The module line and the common ports of an element (see
 * docs/ARCHITECTURE.md); the element writes its body, then vl_footer. */
void vl_element_header(ElabCtx *x, const char *summary);
void vl_footer(StrBuf *v);
/* Text for a // comment: every run of white space becomes one space. */
void vl_comment(StrBuf *v, const char *text);
/* The element's register block (its csr_* ports): reads of regs[i]
 * return values[i] (a Verilog expression of the register's width; 64-bit
 * registers read low word first, the high word latched), every writable
 * register gets a one-cycle strobe `csr_wr_<name>` with its data on
 * csr_wdata, and anything else answers csr_err. */
void vl_csr_block(ElabCtx *x, const RegSpec *regs, const char *const *values);
/* Declares `name` (B bits), the number of valid bytes in keep (an
 * expression of W/8 bits); returns B. */
int vl_keep_count(ElabCtx *x, const char *name, const char *keep);
int vl_clog2(uint64_t v);                          /* ceil(log2 v) */
/* An Ethernet address as a 48-bit number, first byte most significant. */
unsigned long long vl_mac48(const uint8_t a[6]);
/* Declares wire `name`: the input beat (s_axis_tdata) with stream bytes
 * [p0, p1) replaced by bytes p - off of a `hdr` vector when the beat
 * counter beat_reg (cw bits) is at the beat that holds them. */
void vl_overwrite_lanes(ElabCtx *x, const char *name, int p0, int p1, int off,
                        int cw);
char *vl_mangle(Arena *a, const char *click_name);  /* "a/b@2" -> e_a__b_at2 */
char *vl_lower(Arena *a, const char *name);
/* The output stage the switching elements share (elements/standard/
 * switch.c): one data register and a valid flip-flop per output, fed by
 * the element's d_* beat and its one-hot d_port (see there). */
void switch_output_stage(ElabCtx *x, bool skid);

/* ===================================================================
 * 10. Designs (design.c): a checked graph on a board, every element
 *     configured and its device bound.  Shared by the project writer
 *     and the reference-model runner.
 * =================================================================== */

typedef struct Inst {
    const Element *e;
    const ElementImpl *impl;    /* NULL: no hardware (an error) */
    void *conf;                 /* impl->conf_size bytes */
    int ni, no;                 /* ports used */
    int *head_in, *head_out;    /* head offsets (elaborate.c) */
    const char *inst;           /* Verilog instance name */
    const char *module;         /* its module */
    int csr_block;              /* index in the CSR map, -1 = none */
    int csr_aw;
    const BoardDevice *dev;     /* FromDevice/ToDevice binding */
} Inst;

typedef struct Design {
    Diag *d;
    Arena a;
    Graph *g;
    Board *b;
    int width;
    Inst *in;                   /* one per element of g */
    const Inst **rx_of, **tx_of;/* per board device: its reader/writer */
} Design;

/* Loads, checks and configures CONFIG for BOARD at width (0 = the
 * board's).  Returns false after reporting errors; design_free always. */
bool design_load(Design *x, Diag *d, const char *config, const char *board,
                 int width);
void design_free(Design *x);

/* ===================================================================
 * 11. The project writer (elaborate.c): fpgagen -b BOARD -o DIR CONFIG
 * =================================================================== */

typedef struct GenOptions {
    const char *config;     /* the .click file */
    const char *board;      /* board name or .yaml path */
    const char *outdir;
    int width;              /* 0 = the board's */
    bool werror;
} GenOptions;

/* Returns the exit status (0, or 1 after reporting errors). */
int generate_project(const GenOptions *o);

/* `fpgagen model`: runs the graph on the elements' C reference models. */
typedef struct ModelOptions {
    const char *config;
    const char *board;      /* devices come from the board (sim) */
    const char **in, **out; /* "dev=file.pcap" */
    int nin, nout;
    bool quiet;
} ModelOptions;
int model_run(const ModelOptions *o);

/* The root of fpgagen's own files (rtl/, boards/, sim/): $FPGAGEN_ROOT
 * or the source tree fpgagen was built from. */
const char *fpgagen_root(void);

#endif
