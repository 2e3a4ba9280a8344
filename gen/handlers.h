/*
 * handlers.h -- routines that run in the runtime (`fpgagen -r`) for
 * handlers that need more than one register (a rate, a summary, a reset
 * that also clears runtime state, a table).  They live in the element's
 * file, next to its registers, and are reached through its ElementImpl.
 *
 * A handler listed in design.json is served, in this order of choice, by
 *   1. a routine of its class (a HandlerRoutine naming the handler);
 *   2. a text the compiler wrote into design.json for it (a constant of
 *      the configuration, such as Classifier's program);
 *   3. the element's register of the same name, in the register's format
 *      (RegFormat: decimal, signed, boolean, Ethernet address);
 *   4. nothing: the handler runs in software only, and calling it is a
 *      handler error, never a crash.
 *
 * Routines see their element only through a HandlerCtx: registers by
 * offset RELATIVE to the element's base, its configuration string, a
 * per-element state block, a clock, and an output and error channel
 * with Click's semantics (an error makes the command fail with the
 * messages given; warnings make a write answer 220).
 *
 * Adding routines to a class: write the functions in its element file, a
 * HandlerRoutine table ending in {NULL} and a HandlerClass, and point the
 * class's ElementImpl.runtime at it (elements/standard/counter.c).
 */
#ifndef RUNTIME_HANDLERS_H
#define RUNTIME_HANDLERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define HCTX_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define HCTX_PRINTF(f, a)
#endif

typedef struct HandlerCtx HandlerCtx;

/* ---- What a routine may use ------------------------------------------ */

const char *hctx_element(const HandlerCtx *c);  /* the element's name */
int hctx_noutputs(const HandlerCtx *c);         /* its output ports */
const char *hctx_config(const HandlerCtx *c);   /* its configuration string */
/* The element's state block (HandlerClass.state_size bytes, zeroed when
 * the runtime starts, kept across calls). */
void *hctx_state(HandlerCtx *c);
/* Milliseconds of a monotonic clock (Click's jiffies at CLICK_HZ 1000). */
uint64_t hctx_now_ms(const HandlerCtx *c);

/* The element's register named reg: its offset relative to the element's
 * base and its width in bits (32 or 64).  False when it has none. */
bool hctx_reg_find(const HandlerCtx *c, const char *reg, uint32_t *off,
                   int *width);
/* Register access relative to the element's base.  0 on success; on a
 * failure (outside the element's block, csr_err, time-out, transport) an
 * error naming the register is reported and -1 returned. */
int hctx_reg_read(HandlerCtx *c, uint32_t off, uint32_t *val);
int hctx_reg_write(HandlerCtx *c, uint32_t off, uint32_t val);
/* A 64-bit register: low word first (reading it latches the high word). */
int hctx_reg_read64(HandlerCtx *c, uint32_t off, uint64_t *val);
/* The register named reg, 32 or 64 bits; an error when there is none. */
int hctx_reg_read_named(HandlerCtx *c, const char *reg, uint64_t *val);

/* Prints "VALUE LABEL" lines, one per register named in regs[i][0], for a
 * summary handler (FromDevice's calls); regs ends with {NULL}. */
int hctx_print_summary(HandlerCtx *c, const char *const regs[][2]);

/* A read routine's result. */
void hctx_append(HandlerCtx *c, const char *s, size_t n);
void hctx_printf(HandlerCtx *c, const char *fmt, ...) HCTX_PRINTF(2, 3);
/* value / 2^frac_bits in decimal, as Click's cp_unparse_real2 prints it
 * (frac_bits <= 16). */
void hctx_print_real2(HandlerCtx *c, int64_t value, int frac_bits);

/* Reports an error (the command fails with this message); returns -1.
 * A message may hold several lines. */
int hctx_error(HandlerCtx *c, const char *fmt, ...) HCTX_PRINTF(2, 3);
/* Reports a warning: a write still succeeds, with code 220. */
void hctx_warning(HandlerCtx *c, const char *fmt, ...) HCTX_PRINTF(2, 3);

/* Click's integer syntax (IntArg): optional '+', then decimal, 0x hex,
 * 0b binary or 0 octal digits, '_' allowed between digits; surrounding
 * whitespace is ignored.  Reports "expected integer" (or a range error)
 * and returns -1 when data is not an integer from 0 to max. */
int hctx_parse_uint(HandlerCtx *c, const char *data, size_t len,
                    uint64_t max, uint64_t *val);

/* Click's IntArg on exactly these bytes (no white space around them): true
 * with *val when they are one integer from -(max + 1) (is_signed) or 0 to
 * max.  Reports nothing: the caller words the error as its class does. */
bool hctx_int_arg(const char *data, size_t len, bool is_signed, uint64_t max,
                  int64_t *val);

/* ---- What a class provides ------------------------------------------- */

/* Returns 0 on success, negative after reporting an error.  param is the
 * read's parameters (empty unless HR_READ_PARAM). */
typedef int (*HandlerReadFn)(HandlerCtx *c, const char *param, size_t len);
typedef int (*HandlerWriteFn)(HandlerCtx *c, const char *data, size_t len);

enum {
    HR_READ_PARAM = 1,      /* the read takes parameters (READ h ARGS) */
};

typedef struct HandlerRoutine {
    const char *handler;    /* handler name as in design.json */
    HandlerReadFn read;     /* NULL: this routine does not read */
    HandlerWriteFn write;   /* NULL: this routine does not write */
    unsigned flags;         /* HR_* */
} HandlerRoutine;

/* Click's LLRPC numbers in their portable form (include/click/llrpc.h):
 * direction bits 31-29, size in bits 27-16, safe 0x8000, flat 0x4000. */
#define LLRPC_GET_RATE   0xC004C001u    /* in/out: 0 -> packets per second */
#define LLRPC_GET_COUNT  0xC004C003u    /* in/out: 0 -> count, 1 -> byte_count */
#define LLRPC_GET_SWITCH 0x4004C005u    /* out: the output in use */
#define LLRPC_SET_SWITCH 0x80044006u    /* in: the output to use */

typedef struct HandlerClass {
    const HandlerRoutine *routines; /* terminated by {NULL} */
    size_t state_size;              /* per-element state, 0 for none */
    /* Called once per element when the runtime has checked the device
     * (may read registers; errors are printed and ignored). */
    int (*init)(HandlerCtx *c);
    /* A flat LLRPC (the ControlSocket's LLRPC command): data holds the
     * size bytes in (host byte order, as Click passes them) and takes the
     * bytes out.  Returns 0, or a negative errno (-EINVAL for a command
     * the class does not know); errors reported through c make it fail
     * too.  NULL: the class knows none. */
    int (*llrpc)(HandlerCtx *c, uint32_t command, void *data);
} HandlerClass;

#endif
