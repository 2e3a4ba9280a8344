/*
 * csr.h -- the register map: block allocation, the address decoder and
 * the map's written forms (csr.h, csr.json, regmap.md).
 *
 * A section of the internal header kept in its own file for now; it is
 * self-contained (it includes fpgagen.h) and is meant to become the
 * "Register map (csr.c)" section of fpgagen.h.  docs/csr.md explains the
 * algorithm, why it is optimal, and the decoder's timing.
 */
#ifndef FPGAGEN_CSR_H
#define FPGAGEN_CSR_H

#include "fpgagen.h"

/* ===================================================================
 * Register map (csr.c)
 *
 * The register bus (DESIGN.md section 6) has a byte address of AW bits.
 * Every block is a power of two of at least 4 bytes; the decoder selects
 * block i by comparing the top prefix_bits address bits with its prefix,
 * so the block answers in a window of 2^(AW - prefix_bits) bytes at its
 * base and is mirrored through that window.  csr_allocate chooses the
 * prefix lengths so that their sum (the bits the decoder compares) is
 * minimal, then assigns the prefixes so that block 0 (the ID block)
 * sits at base 0 and the others are packed upwards from there.  With
 * the fewest bits the windows tile the whole address space; full
 * decoding (CsrMap.full_decode) is the other choice.
 * =================================================================== */

#define CSR_ADDR_WIDTH_MIN 2    /* one 4-byte block */
#define CSR_ADDR_WIDTH_MAX 48

/* The ID block (ARCHITECTURE.md "The ID block"): block 0 of every map,
 * 32 bytes at base 0.  Its name holds a ':', which no Click element
 * name can, so it never meets an element's name. */
#define CSR_ID_NAME "fpgagen:id"
#define CSR_ID_SIZE 32

typedef enum CsrAccess {
    CSR_R = 1,              /* read-only */
    CSR_W = 2,              /* write-only */
    CSR_RW = 3,             /* read/write */
} CsrAccess;

typedef struct CsrReg {
    const char *name;       /* "count"; unique within its block */
    uint32_t offset;        /* byte offset in the block, multiple of 4 */
    int width;              /* 32, or 64: two words, low word first;
                               reading the low word latches the high */
    CsrAccess access;
} CsrReg;

typedef struct CsrBlock {
    /* Filled in by the caller. */
    const char *name;       /* flat element name, or CSR_ID_NAME */
    const char *class_name; /* "Counter", for comments; may be NULL */
    uint64_t size;          /* bytes: a power of two, at least 4 */
    const CsrReg *regs;     /* in offset order or not; may be NULL */
    int nregs;
    SrcLoc loc;             /* where diagnostics point; {0} for none */
    /* Set by csr_allocate. */
    int prefix_bits;        /* address bits compared (0 .. AW-log2 size) */
    uint64_t prefix;        /* their value: csr_addr[AW-1 -: prefix_bits] */
    uint64_t base;          /* prefix << (AW - prefix_bits) */
} CsrBlock;

typedef struct CsrMap {
    int addr_width;         /* AW: bits of the register bus byte address */
    bool full_decode;       /* every block compares all AW - log2(size)
                               bits above it: no mirrors, addresses outside
                               every block answer csr_err, but more bits
                               compared (false: the fewest bits; then no
                               address is left over, see docs/csr.md) */
    const char *source;     /* configuration file for banners, or NULL */
    CsrBlock *blocks;       /* block 0 is placed at base 0 */
    int n;
    int decoder_bits;       /* set by csr_allocate: sum of prefix_bits */
} CsrMap;

/* Checks the map (address width, block names unique, sizes, registers
 * inside their block and apart) and places the blocks with the fewest
 * compared address bits; the same map always gets the same placement.
 * Reports every problem to d, including blocks that do not fit in AW
 * bits, and warns when two names of csr.h mangle to the same macro.
 * Returns false on any error (the placement fields are then left as
 * they were). */
bool csr_allocate(CsrMap *m, Diag *d);

/* The window a block answers in: 2^(AW - prefix_bits) bytes at base. */
uint64_t csr_window(const CsrMap *m, const CsrBlock *b);

/* The width of the decoder's shared s_csr_addr: log2 of the largest
 * block (at least 2).  Block i connects s_csr_addr[log2(size_i)-1:0]. */
int csr_slave_addr_width(const CsrMap *m);

/* The ID block's registers (ARCHITECTURE.md), for block 0's regs. */
const CsrReg *csr_id_regs(int *n);

/* "r", "w", "rw". */
const char *csr_access_name(CsrAccess a);

/* A name as a C identifier part: upper-case, '/' -> "__", '@' ->
 * "_AT_", any other character that is not a letter or digit -> '_'.
 * "outer/inner" -> "OUTER__INNER", "Counter@3" -> "COUNTER_AT_3".
 * Returns a string from xmalloc. */
char *csr_mangle(const char *name);

/* The written forms of an allocated map, appended to out.  Each is the
 * same bytes for the same map (no timestamps).
 *
 * csr_emit_decoder: a Verilog-2005 module named module (fg_csr_decoder)
 * with the master side of the register bus and one slave side per block
 * (block i: bit i of s_csr_valid/s_csr_ready/s_csr_err, bits
 * [32*i +: 32] of s_csr_rdata; s_csr_write, s_csr_addr and s_csr_wdata
 * shared, s_csr_addr csr_slave_addr_width(m) bits wide, block i taking
 * s_csr_addr[log2(size)-1:0]).  Latency and protocol: docs/csr.md.
 *
 * csr_write_header: csr.h, FG_<BLOCK>_BASE, FG_<BLOCK>_SIZE and
 * FG_<BLOCK>_<REG> (absolute byte addresses), names from csr_mangle; a
 * macro that would repeat an earlier one gets a suffix _2, _3, ...
 * (csr_allocate warns about it).
 *
 * csr_write_json: csr.json, the map for programs (written with jansson).
 *
 * csr_write_regmap_md: regmap.md, a summary table and one table of
 * registers per block. */
void csr_emit_decoder(const CsrMap *m, StrBuf *v, const char *module);
void csr_write_header(const CsrMap *m, StrBuf *out);
void csr_write_json(const CsrMap *m, StrBuf *out);
void csr_write_regmap_md(const CsrMap *m, StrBuf *out);

#endif
