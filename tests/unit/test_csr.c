/* test_csr.c -- the register map: allocation (optimal against brute force
 * and an independent dynamic program), placement, diagnostics, the
 * decoder's compares, and the written forms. */
#include "csr.h"
#include "unit.h"

#include <jansson.h>
#include <stdlib.h>

/* ---- Helpers ------------------------------------------------------------ */

static const char *const block_names[40] = {
    "b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9", "b10", "b11", "b12", "b13",
    "b14", "b15", "b16", "b17", "b18", "b19", "b20", "b21", "b22", "b23", "b24", "b25",
    "b26", "b27", "b28", "b29", "b30", "b31", "b32", "b33", "b34", "b35", "b36", "b37",
    "b38", "b39"
};

/* A map of n <= 40 blocks of the given sizes, named b0.., no registers. */
static CsrMap sized_map(int aw, const uint64_t *sizes, int n, CsrBlock *blocks)
{
    memset(blocks, 0, (size_t)n * sizeof *blocks);
    for (int i = 0; i < n; i++) {
        blocks[i].name = block_names[i];
        blocks[i].size = sizes[i];
    }
    return (CsrMap){.addr_width = aw, .blocks = blocks, .n = n};
}

/* Runs csr_allocate; *text gets the diagnostics (free it). */
static bool allocate(CsrMap *m, char **text)
{
    size_t len = 0;
    *text = NULL;
    Diag d;
    diag_init(&d, open_memstream(text, &len));
    bool ok = csr_allocate(m, &d);
    fclose(d.out);
    return ok;
}

static bool allocate_quiet(CsrMap *m)
{
    char *text;
    bool ok = allocate(m, &text);
    free(text);
    return ok;
}

static int log2i(uint64_t x)
{
    int n = 0;
    while (x >>= 1)
        n++;
    return n;
}

/* Every property the placement promises; NULL when all hold, else what
 * failed (a static string). */
static const char *placement_error(const CsrMap *m)
{
    int aw = m->addr_width, sum = 0;
    uint64_t space = (uint64_t)1 << aw, covered = 0;
    for (int i = 0; i < m->n; i++) {
        const CsrBlock *b = &m->blocks[i];
        int d = b->prefix_bits;
        if (d < 0 || d > aw - log2i(b->size))
            return "prefix length out of bounds";
        if (b->base != (d ? b->prefix << (aw - d) : 0))
            return "base is not the prefix shifted up";
        if (d < 64 && b->prefix >> d)
            return "prefix wider than its length";
        if (b->base % b->size || b->base + b->size > space)
            return "block not aligned or outside the space";
        covered += csr_window(m, b);
        sum += d;
        for (int j = 0; j < i; j++) {
            const CsrBlock *c = &m->blocks[j];
            uint64_t lo = b->base, hi = lo + csr_window(m, b);
            uint64_t clo = c->base, chi = clo + csr_window(m, c);
            if (lo < chi && clo < hi)
                return "two windows overlap (prefixes not prefix-free)";
        }
    }
    if (m->blocks[0].base != 0)
        return "block 0 is not at base 0";
    if (sum != m->decoder_bits)
        return "decoder_bits is not the sum of the prefix lengths";
    if (covered > space)
        return "windows exceed the space";
    return NULL;
}

/* Brute force: the fewest compared bits over every vector of prefix
 * lengths 0 <= d_i <= u_i with Kraft's sum at most one (in bytes: the
 * windows 2^(aw - d_i) add up to at most 2^aw); -1 when none. */
static void brute(int i, int n, const int *u, int aw, uint64_t used, int cost, int *best,
                  long *vectors)
{
    if (i == n) {
        ++*vectors;
        if (*best < 0 || cost < *best)
            *best = cost;
        return;
    }
    for (int d = 0; d <= u[i]; d++) {
        uint64_t w = (uint64_t)1 << (aw - d);
        if (used + w <= (uint64_t)1 << aw)
            brute(i + 1, n, u, aw, used + w, cost + d, best, vectors);
    }
}

/* An independent exact method for larger cases: dynamic programming over
 * the bytes of address space the windows use (in 4-byte units). */
static int dp_min(int aw, const uint64_t *sizes, int n)
{
    int units = 1 << (aw - 2);
    int *cur = xmalloc((size_t)(units + 1) * sizeof *cur);
    int *next = xmalloc((size_t)(units + 1) * sizeof *next);
    for (int k = 0; k <= units; k++)
        cur[k] = k == 0 ? 0 : -1;
    for (int i = 0; i < n; i++) {
        for (int k = 0; k <= units; k++)
            next[k] = -1;
        int u = aw - log2i(sizes[i]);
        for (int k = 0; k <= units; k++) {
            if (cur[k] < 0)
                continue;
            for (int d = 0; d <= u; d++) {
                int w = 1 << (aw - d - 2);
                if (k + w <= units && (next[k + w] < 0 || next[k + w] > cur[k] + d))
                    next[k + w] = cur[k] + d;
            }
        }
        int *t = cur;
        cur = next;
        next = t;
    }
    int best = -1;
    for (int k = 0; k <= units; k++)
        if (cur[k] >= 0 && (best < 0 || cur[k] < best))
            best = cur[k];
    free(cur);
    free(next);
    return best;
}

/* A small deterministic generator for the random tests. */
static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* ---- Allocation ----------------------------------------------------------- */

TEST(csr_one_block_compares_no_bits)
{
    CsrBlock b[1];
    CsrMap m = sized_map(16, (uint64_t[]){64}, 1, b);
    CHECK(allocate_quiet(&m));
    CHECK_INT_EQ(b[0].prefix_bits, 0);
    CHECK_INT_EQ(b[0].base, 0);
    CHECK_INT_EQ(m.decoder_bits, 0);
    CHECK_INT_EQ(csr_window(&m, &b[0]), 65536);
}

/* The click-fpga rule: two blocks each needing less than half the space
 * are told apart by one bit. */
TEST(csr_two_small_blocks_one_bit)
{
    CsrBlock b[2];
    CsrMap m = sized_map(16, (uint64_t[]){32, 4096}, 2, b);
    CHECK(allocate_quiet(&m));
    CHECK_INT_EQ(b[0].prefix_bits, 1);
    CHECK_INT_EQ(b[1].prefix_bits, 1);
    CHECK_INT_EQ(b[0].base, 0);
    CHECK_INT_EQ(b[1].base, 0x8000);
    CHECK_INT_EQ(m.decoder_bits, 2);
}

/* A block of half the space leaves the rest to share: 128 + 64 + 4 bytes
 * in 256 take 1 + 2 + 2 bits. */
TEST(csr_large_block_costs_the_others_bits)
{
    CsrBlock b[3];
    CsrMap m = sized_map(8, (uint64_t[]){4, 128, 64}, 3, b);
    CHECK(allocate_quiet(&m));
    CHECK_INT_EQ(b[0].prefix_bits, 2);
    CHECK_INT_EQ(b[1].prefix_bits, 1);
    CHECK_INT_EQ(b[2].prefix_bits, 2);
    CHECK_INT_EQ(b[0].base, 0x00);
    CHECK_INT_EQ(b[1].base, 0x80);
    CHECK_INT_EQ(b[2].base, 0x40);
    CHECK_INT_EQ(m.decoder_bits, 5);
    CHECK(placement_error(&m) == NULL);
}

/* Block 0 stays at 0 even where its prefix is longer than another's: the
 * wider windows go around it. */
TEST(csr_block0_at_zero_with_a_longer_prefix)
{
    CsrBlock b[5];
    CsrMap m = sized_map(10, (uint64_t[]){32, 512, 256, 32, 64}, 5, b);
    CHECK(allocate_quiet(&m));
    CHECK_INT_EQ(b[1].prefix_bits, 1);
    CHECK(b[0].prefix_bits > b[1].prefix_bits);
    CHECK_INT_EQ(b[0].base, 0);
    CHECK_INT_EQ(b[1].base, 512);
    const char *why = placement_error(&m);
    CHECK_STR_EQ(why ? why : "ok", "ok");
}

/* Every multiset of 1..8 block sizes from 4..64 bytes in address widths
 * 6..9: the allocation costs exactly the brute-force minimum over all
 * prefix-length vectors, and its placement holds in three block orders
 * (so block 0, pinned at 0, takes every size); where nothing fits, the
 * allocator says so.  Full decoding is checked on the same maps. */
TEST(csr_optimal_against_brute_force)
{
    static const uint64_t sizes[] = {4, 8, 16, 32, 64};
    long cases = 0, vectors = 0, infeasible = 0;
    int failures = 0;
    for (int aw = 6; aw <= 9; aw++) {
        for (int n = 1; n <= 8; n++) {
            int pick[8] = {0};   /* non-decreasing indexes into sizes */
            for (;;) {
                uint64_t sz[8];
                int u[8];
                for (int i = 0; i < n; i++) {
                    sz[i] = sizes[pick[i]];
                    u[i] = aw - log2i(sz[i]);
                }
                int best = -1;
                brute(0, n, u, aw, 0, 0, &best, &vectors);
                cases++;
                for (int order = 0; order < 3 && failures < 5; order++) {
                    uint64_t s[8];
                    for (int i = 0; i < n; i++)
                        s[i] = order == 0   ? sz[i]
                               : order == 1 ? sz[n - 1 - i]
                                            : sz[(i + 1) % n];
                    CsrBlock b[8];
                    CsrMap m = sized_map(aw, s, n, b);
                    bool ok = allocate_quiet(&m);
                    const char *why = ok ? placement_error(&m) : NULL;
                    bool good = ok ? best == m.decoder_bits && !why : best < 0;
                    if (ok) {
                        /* no hole is left: the windows tile the space */
                        uint64_t covered = 0;
                        for (int i = 0; i < n; i++)
                            covered += csr_window(&m, &b[i]);
                        good = good && covered == (uint64_t)1 << aw;
                    }
                    if (!good) {
                        failures++;
                        UNIT_FAIL_("aw %d n %d order %d sizes %llu.. : allocated %s (%d bits, %s),"
                                   " brute force %d", aw, n, order, (unsigned long long)s[0],
                                   ok ? "ok" : "nothing", ok ? m.decoder_bits : -1,
                                   why ? why : "placement ok", best);
                    }
                    if (order == 0 && ok) {
                        int full = 0;
                        for (int i = 0; i < n; i++)
                            full += u[i];
                        m.full_decode = true;
                        CHECK(allocate_quiet(&m));
                        CHECK(placement_error(&m) == NULL);
                        CHECK_INT_EQ(m.decoder_bits, full);
                    }
                }
                infeasible += best < 0;
                int k = n - 1;
                while (k >= 0 && pick[k] == 4)
                    k--;
                if (k < 0)
                    break;
                pick[k]++;
                for (int j = k + 1; j < n; j++)
                    pick[j] = pick[k];
            }
        }
    }
    CHECK_INT_EQ(cases, 5144);
    CHECK(infeasible > 0);     /* the error path was exercised too */
    CHECK(vectors > 1000000);  /* and the brute force really enumerated */
}

/* Larger random maps (up to 40 blocks, widths 8..12) against the dynamic
 * program. */
TEST(csr_optimal_against_dynamic_programming)
{
    uint64_t seed = 0x9e3779b97f4a7c15u;
    int checked = 0;
    for (int t = 0; t < 300; t++) {
        int aw = 8 + (int)(rng_next(&seed) % 5);
        int n = 1 + (int)(rng_next(&seed) % 40);
        uint64_t sizes[40];
        CsrBlock b[40];
        for (int i = 0; i < n; i++)
            sizes[i] = (uint64_t)4 << (rng_next(&seed) % (uint64_t)(aw - 4));
        CsrMap m = sized_map(aw, sizes, n, b);
        int best = dp_min(aw, sizes, n);
        bool ok = allocate_quiet(&m);
        CHECK(ok == (best >= 0));
        if (ok && best >= 0) {
            checked++;
            if (m.decoder_bits != best || placement_error(&m)) {
                UNIT_FAIL_("case %d (aw %d, %d blocks): %d bits, best %d, %s", t, aw, n,
                           m.decoder_bits, best, placement_error(&m) ? placement_error(&m) : "");
                break;
            }
        }
    }
    CHECK(checked > 100);
}

TEST(csr_same_input_same_map)
{
    uint64_t sizes[] = {32, 64, 64, 4096, 256, 1024, 16, 128, 2048, 512};
    CsrBlock a[10], b[10];
    CsrMap ma = sized_map(16, sizes, 10, a), mb = sized_map(16, sizes, 10, b);
    CHECK(allocate_quiet(&ma));
    CHECK(allocate_quiet(&mb));
    for (int i = 0; i < 10; i++) {
        CHECK_INT_EQ(a[i].base, b[i].base);
        CHECK_INT_EQ(a[i].prefix_bits, b[i].prefix_bits);
    }
    /* Ten blocks in 16 bits: 6 x 3 bits + 4 x 4 bits. */
    CHECK_INT_EQ(ma.decoder_bits, 34);
    /* A second allocation of the same map changes nothing. */
    CHECK(allocate_quiet(&ma));
    for (int i = 0; i < 10; i++)
        CHECK_INT_EQ(a[i].base, b[i].base);
}

/* ---- Diagnostics -------------------------------------------------------- */

TEST(csr_blocks_that_do_not_fit)
{
    CsrBlock b[3];
    CsrMap m = sized_map(12, (uint64_t[]){32, 2048, 4096}, 3, b);
    b[2].loc = (SrcLoc){.file = "r.click", .line = 3, .col = 1};
    char *text;
    CHECK(!allocate(&m, &text));
    CHECK_STR_EQ(text,
                 "fpgagen: error: register blocks do not fit: they need 6176 bytes, "
                 "a 12-bit address space holds 4096\n"
                 "r.click:3:1: note: 'b2' wants 4096 bytes\n"
                 "fpgagen: note: 'b1' wants 2048 bytes\n"
                 "fpgagen: note: 'b0' wants 32 bytes\n");
    free(text);

    /* Exactly full is fine. */
    m = sized_map(12, (uint64_t[]){2048, 1024, 1024}, 3, b);
    CHECK(allocate_quiet(&m));
    CHECK_INT_EQ(m.decoder_bits, 5);
}

TEST(csr_bad_blocks_reported_together)
{
    static const CsrReg regs[] = {
        {"a", 0, 32, CSR_R},
        {"b", 2, 32, CSR_R},     /* misaligned, overlaps a */
        {"c", 12, 64, CSR_RW},   /* runs past 16 bytes */
        {"a", 8, 32, CSR_W},     /* twice */
        {"d", 8, 16, 7},         /* width, access, overlaps 'a' at 8 */
    };
    CsrBlock b[4];
    CsrMap m = sized_map(16, (uint64_t[]){32, 24, 2, 16}, 4, b);
    b[0].name = "b1";   /* the same name as block 1 */
    b[3].regs = regs;
    b[3].nregs = 5;
    char *text;
    CHECK(!allocate(&m, &text));
    CHECK_STR_EQ(text,
                 "fpgagen: error: register block 'b1' is declared twice\n"
                 "fpgagen: error: 'b1': register block of 24 bytes is not a power of two "
                 "of at least 4 bytes\n"
                 "fpgagen: error: 'b2': register block of 2 bytes is not a power of two "
                 "of at least 4 bytes\n"
                 "fpgagen: error: 'b3': register 'b': offset 0x2 is not a multiple of 4\n"
                 "fpgagen: error: 'b3': register 'c' (0xc..0x13) does not fit in the "
                 "block's 16 bytes\n"
                 "fpgagen: error: 'b3': register 'a' is declared twice\n"
                 "fpgagen: error: 'b3': register 'd': width 16 is not 32 or 64\n"
                 "fpgagen: error: 'b3': register 'd': access 7 is not read, write or "
                 "read/write\n"
                 "fpgagen: error: 'b3': registers 'a' and 'b' overlap at 0x2\n"
                 "fpgagen: error: 'b3': registers 'a' and 'd' overlap at 0x8\n");
    free(text);
}

TEST(csr_address_width_and_empty_map)
{
    CsrBlock b[1];
    CsrMap m = sized_map(49, (uint64_t[]){4}, 1, b);
    char *text;
    CHECK(!allocate(&m, &text));
    CHECK_STR_EQ(text, "fpgagen: error: register space: address width 49 is outside "
                       "2..48 bits\n");
    free(text);
    m = sized_map(2, (uint64_t[]){4}, 1, b);
    CHECK(allocate_quiet(&m));
    m = sized_map(48, (uint64_t[]){4}, 1, b);
    CHECK(allocate_quiet(&m));
    CHECK_INT_EQ(csr_window(&m, &b[0]), (uint64_t)1 << 48);
    m.n = 0;
    CHECK(!allocate(&m, &text));
    CHECK_STR_EQ(text, "fpgagen: error: register space: no register blocks\n");
    free(text);
}

/* ---- Names ---------------------------------------------------------------- */

TEST(csr_mangle_names)
{
    static const char *const cases[][2] = {
        {"c", "C"},
        {"outer/inner", "OUTER__INNER"},
        {"Counter@3", "COUNTER_AT_3"},
        {"a/b@2/x_y", "A__B_AT_2__X_Y"},
        {"fpgagen:id", "FPGAGEN_ID"},
        {"rx-count.v4", "RX_COUNT_V4"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = csr_mangle(cases[i][0]);
        CHECK_STR_EQ(got, cases[i][1]);
        free(got);
    }
}

TEST(csr_macro_collisions_get_suffixes)
{
    static const CsrReg ra[] = {{"count", 0, 32, CSR_R}};
    static const CsrReg rb[] = {{"b_count", 0, 32, CSR_R}, {"base", 4, 32, CSR_R}};
    CsrBlock b[3];
    CsrMap m = sized_map(8, (uint64_t[]){32, 16, 16}, 3, b);
    b[0].name = CSR_ID_NAME;
    b[1].name = "a_b";
    b[1].regs = ra;
    b[1].nregs = 1;
    b[2].name = "a";
    b[2].regs = rb;
    b[2].nregs = 2;
    char *text;
    CHECK(allocate(&m, &text));
    CHECK_STR_EQ(text,
                 "fpgagen: warning: csr.h: FG_A_B_COUNT would name both 'a_b' register "
                 "'count' and 'a' register 'b_count'; the second is written FG_A_B_COUNT_2\n"
                 "fpgagen: warning: csr.h: FG_A_BASE would name both the base of 'a' and "
                 "'a' register 'base'; the second is written FG_A_BASE_2\n");
    free(text);
    StrBuf h = {0};
    csr_write_header(&m, &h);
    CHECK(strstr(sb_str(&h), "#define FG_A_B_COUNT_2 ") != NULL);
    CHECK(strstr(sb_str(&h), "#define FG_A_BASE_2 ") != NULL);
    CHECK(strstr(sb_str(&h), "#define FG_A_BASE ") != NULL);
    sb_free(&h);
}

/* ---- Written forms -------------------------------------------------------- */

static const CsrReg counter_regs[] = {
    {"reset", 8, 32, CSR_W},
    {"count", 0, 64, CSR_R},
};

/* ID block, a counter and a table in a 12-bit space. */
static CsrMap small_map(CsrBlock *b)
{
    int nid;
    const CsrReg *id = csr_id_regs(&nid);
    b[0] = (CsrBlock){.name = CSR_ID_NAME, .class_name = "ID block", .size = CSR_ID_SIZE,
                      .regs = id, .nregs = nid};
    b[1] = (CsrBlock){.name = "up/c", .class_name = "Counter", .size = 16,
                      .regs = counter_regs, .nregs = 2};
    b[2] = (CsrBlock){.name = "rt", .class_name = "RadixIPLookup", .size = 2048};
    return (CsrMap){.addr_width = 12, .source = "router.click", .blocks = b, .n = 3};
}

TEST(csr_small_map_placement)
{
    CsrBlock b[3];
    CsrMap m = small_map(b);
    CHECK(allocate_quiet(&m));
    CHECK_INT_EQ(b[0].prefix_bits, 2);
    CHECK_INT_EQ(b[1].prefix_bits, 2);
    CHECK_INT_EQ(b[2].prefix_bits, 1);
    CHECK_INT_EQ(b[0].base, 0x000);
    CHECK_INT_EQ(b[1].base, 0x400);
    CHECK_INT_EQ(b[2].base, 0x800);
}

TEST(csr_header_text)
{
    CsrBlock b[3];
    CsrMap m = small_map(b);
    CHECK(allocate_quiet(&m));
    StrBuf h = {0};
    csr_write_header(&m, &h);
    CHECK_STR_EQ(sb_str(&h),
        "/* generated by fpgagen " FPGAGEN_VERSION " from router.click, do not edit */\n"
        "/*\n"
        " * The register map: absolute byte addresses on the 12-bit register bus.\n"
        " * A 64-bit register is two words, low word first; reading the low word\n"
        " * latches the high word.\n"
        " */\n"
        "#ifndef FG_CSR_H\n"
        "#define FG_CSR_H\n"
        "\n"
        "#define FG_CSR_ADDR_WIDTH                        12\n"
        "\n"
        "/* fpgagen:id (ID block): 32 bytes, prefix 00 */\n"
        "#define FG_FPGAGEN_ID_BASE                       0x000u\n"
        "#define FG_FPGAGEN_ID_SIZE                       32u\n"
        "#define FG_FPGAGEN_ID_MAGIC                      0x000u  /* r, 32-bit */\n"
        "#define FG_FPGAGEN_ID_VERSION                    0x004u  /* r, 32-bit */\n"
        "#define FG_FPGAGEN_ID_HASH                       0x008u  /* r, 64-bit */\n"
        "#define FG_FPGAGEN_ID_WIDTH                      0x010u  /* r, 32-bit */\n"
        "#define FG_FPGAGEN_ID_ELEMENTS                   0x014u  /* r, 32-bit */\n"
        "#define FG_FPGAGEN_ID_USER_WIDTH                 0x018u  /* r, 32-bit */\n"
        "#define FG_FPGAGEN_ID_ADDR_WIDTH                 0x01cu  /* r, 32-bit */\n"
        "\n"
        "/* up/c (Counter): 16 bytes, prefix 01 */\n"
        "#define FG_UP__C_BASE                            0x400u\n"
        "#define FG_UP__C_SIZE                            16u\n"
        "#define FG_UP__C_COUNT                           0x400u  /* r, 64-bit */\n"
        "#define FG_UP__C_RESET                           0x408u  /* w, 32-bit */\n"
        "\n"
        "/* rt (RadixIPLookup): 2048 bytes, prefix 1 */\n"
        "#define FG_RT_BASE                               0x800u\n"
        "#define FG_RT_SIZE                               2048u\n"
        "\n"
        "#endif /* FG_CSR_H */\n");
    sb_free(&h);
}

TEST(csr_regmap_md_text)
{
    CsrBlock b[3];
    CsrMap m = small_map(b);
    b[0].nregs = 2;
    CHECK(allocate_quiet(&m));
    StrBuf md = {0};
    csr_write_regmap_md(&m, &md);
    CHECK_STR_EQ(sb_str(&md),
        "<!-- generated by fpgagen " FPGAGEN_VERSION " from router.click, do not edit -->\n"
        "# Register map\n"
        "\n"
        "Byte addresses of the 12-bit register bus; 3 blocks; the decoder compares\n"
        "5 address bits in all. A block answers throughout its window (the addresses\n"
        "its prefix matches), mirrored every `size` bytes; the windows cover the whole\n"
        "address space.\n"
        "A 64-bit register is two words, low word first; reading the low word latches\n"
        "the high word.\n"
        "\n"
        "| Block | Class | Base | Size | Prefix | Window |\n"
        "|---|---|---|---|---|---|\n"
        "| `fpgagen:id` | `ID block` | 0x000 | 32 | `00` | 0x000..0x3ff |\n"
        "| `up/c` | `Counter` | 0x400 | 16 | `01` | 0x400..0x7ff |\n"
        "| `rt` | `RadixIPLookup` | 0x800 | 2048 | `1` | 0x800..0xfff |\n"
        "\n"
        "## `fpgagen:id` (`ID block`)\n"
        "\n"
        "| Address | Offset | Register | Width | Access |\n"
        "|---|---|---|---|---|\n"
        "| 0x000 | 0x00 | `magic` | 32 | r |\n"
        "| 0x004 | 0x04 | `version` | 32 | r |\n"
        "\n"
        "## `up/c` (`Counter`)\n"
        "\n"
        "| Address | Offset | Register | Width | Access |\n"
        "|---|---|---|---|---|\n"
        "| 0x400 | 0x00 | `count` | 64 | r |\n"
        "| 0x408 | 0x08 | `reset` | 32 | w |\n"
        "\n"
        "## `rt` (`RadixIPLookup`)\n"
        "\n"
        "No registers.\n");
    sb_free(&md);
}

TEST(csr_json_reads_back)
{
    CsrBlock b[3];
    CsrMap m = small_map(b);
    CHECK(allocate_quiet(&m));
    StrBuf js = {0};
    csr_write_json(&m, &js);
    CHECK(js.len > 0 && js.data[js.len - 1] == '\n');
    json_error_t err;
    json_t *root = json_loads(sb_str(&js), 0, &err);
    CHECK(root != NULL);
    if (root) {
        CHECK_INT_EQ(json_integer_value(json_object_get(root, "format")), 1);
        CHECK_STR_EQ(json_string_value(json_object_get(root, "source")), "router.click");
        CHECK_INT_EQ(json_integer_value(json_object_get(root, "addr_width")), 12);
        CHECK_INT_EQ(json_integer_value(json_object_get(root, "decoder_bits")), 5);
        CHECK(json_is_false(json_object_get(root, "full_decode")));
        json_t *blocks = json_object_get(root, "blocks");
        CHECK_INT_EQ(json_array_size(blocks), 3);
        json_t *c = json_array_get(blocks, 1);
        CHECK_STR_EQ(json_string_value(json_object_get(c, "name")), "up/c");
        CHECK_STR_EQ(json_string_value(json_object_get(c, "class")), "Counter");
        CHECK_INT_EQ(json_integer_value(json_object_get(c, "base")), 0x400);
        CHECK_INT_EQ(json_integer_value(json_object_get(c, "size")), 16);
        CHECK_INT_EQ(json_integer_value(json_object_get(c, "prefix_bits")), 2);
        CHECK_STR_EQ(json_string_value(json_object_get(c, "prefix")), "01");
        CHECK_INT_EQ(json_integer_value(json_object_get(c, "window")), 1024);
        json_t *regs = json_object_get(c, "registers");
        CHECK_INT_EQ(json_array_size(regs), 2);
        json_t *r = json_array_get(regs, 1);   /* offset order */
        CHECK_STR_EQ(json_string_value(json_object_get(r, "name")), "reset");
        CHECK_INT_EQ(json_integer_value(json_object_get(r, "offset")), 8);
        CHECK_INT_EQ(json_integer_value(json_object_get(r, "address")), 0x408);
        CHECK_INT_EQ(json_integer_value(json_object_get(r, "width")), 32);
        CHECK_STR_EQ(json_string_value(json_object_get(r, "access")), "w");
        /* keys in a fixed order */
        const char *first = strstr(sb_str(&js), "\"name\"");
        const char *later = strstr(sb_str(&js), "\"registers\"");
        CHECK(first && later && first < later);
        json_decref(root);
    }
    sb_free(&js);
}

/* Each form twice from equal maps: the same bytes. */
TEST(csr_written_forms_deterministic)
{
    CsrBlock a[3], b[3];
    CsrMap ma = small_map(a), mb = small_map(b);
    CHECK(allocate_quiet(&ma));
    CHECK(allocate_quiet(&mb));
    void (*const writers[])(const CsrMap *, StrBuf *) = {csr_write_header, csr_write_json,
                                                         csr_write_regmap_md};
    for (size_t w = 0; w < 3; w++) {
        StrBuf x = {0}, y = {0};
        writers[w](&ma, &x);
        writers[w](&mb, &y);
        CHECK_STR_EQ(sb_str(&x), sb_str(&y));
        sb_free(&x);
        sb_free(&y);
    }
    StrBuf x = {0}, y = {0};
    csr_emit_decoder(&ma, &x, "fg_csr_decoder");
    csr_emit_decoder(&mb, &y, "fg_csr_decoder");
    CHECK_STR_EQ(sb_str(&x), sb_str(&y));
    sb_free(&x);
    sb_free(&y);
}

/* ---- The decoder ---------------------------------------------------------- */

/* Reads back, from the decoder's text, how many bits each block's select
 * compares and against what; checks them against the map. */
static void check_decoder_compares(int *unit_failed_, const CsrMap *m)
{
    StrBuf v = {0};
    csr_emit_decoder(m, &v, "fg_csr_decoder");
    const char *t = sb_str(&v);
    int total = 0;
    for (int i = 0; i < m->n; i++) {
        char key[32];
        snprintf(key, sizeof key, "assign hit[%d] = ", i);
        const char *p = strstr(t, key);
        CHECK(p != NULL);
        if (!p)
            continue;
        p += strlen(key);
        int hi = -1, lo = -1, width = 0;
        char bits[64] = "";
        bool range = sscanf(p, "csr_addr[%d:%d] == %d'b%63[01]", &hi, &lo, &width, bits) == 4;
        if (!range && sscanf(p, "csr_addr[%d] == %d'b%63[01]", &hi, &width, bits) == 3)
            lo = hi;
        if (lo < 0) {
            CHECK(strncmp(p, "1'b1;", 5) == 0);
            CHECK_INT_EQ(m->blocks[i].prefix_bits, 0);
            continue;
        }
        CHECK_INT_EQ(hi, m->addr_width - 1);
        CHECK_INT_EQ(hi - lo + 1, m->blocks[i].prefix_bits);
        CHECK_INT_EQ(width, m->blocks[i].prefix_bits);
        CHECK_INT_EQ((long long)strtoull(bits, NULL, 2), m->blocks[i].prefix);
        total += hi - lo + 1;
    }
    CHECK_INT_EQ(total, m->decoder_bits);
    sb_free(&v);
}

TEST(csr_decoder_compares_exactly_the_prefix_bits)
{
    uint64_t sizes[] = {32, 64, 64, 4096, 256, 1024, 16, 128, 2048, 512};
    CsrBlock b[10];
    CsrMap m = sized_map(16, sizes, 10, b);
    CHECK(allocate_quiet(&m));
    check_decoder_compares(unit_failed_, &m);
    m.full_decode = true;
    CHECK(allocate_quiet(&m));
    CHECK_INT_EQ(m.decoder_bits, 82);
    check_decoder_compares(unit_failed_, &m);
    m = sized_map(7, (uint64_t[]){4}, 1, b);
    CHECK(allocate_quiet(&m));
    check_decoder_compares(unit_failed_, &m);
}

TEST(csr_decoder_shape)
{
    CsrBlock b[3];
    CsrMap m = small_map(b);
    CHECK(allocate_quiet(&m));
    StrBuf v = {0};
    csr_emit_decoder(&m, &v, "fg_csr_decoder");
    const char *t = sb_str(&v);
    static const char head[] = "// generated by fpgagen " FPGAGEN_VERSION
                               " from router.click, do not edit\n"
                               "`resetall\n`timescale 1ns / 1ps\n`default_nettype none\n";
    CHECK(strncmp(t, head, strlen(head)) == 0);
    CHECK(strstr(t, "module fg_csr_decoder (\n") != NULL);
    CHECK(strstr(t, "    input  wire [11:0] csr_addr,\n") != NULL);
    CHECK(strstr(t, "    output wire [2:0]  s_csr_valid,\n") != NULL);
    CHECK(strstr(t, "    output wire [10:0] s_csr_addr,\n") != NULL);
    CHECK_INT_EQ(csr_slave_addr_width(&m), 11);
    CHECK(strstr(t, "    input  wire [95:0] s_csr_rdata,\n") != NULL);
    CHECK(strstr(t, "every address reaches a block") != NULL);
    static const char tail[] = "endmodule\n\n`resetall\n";
    size_t len = strlen(t);
    CHECK(len > strlen(tail) && strcmp(t + len - strlen(tail), tail) == 0);
    sb_free(&v);

    /* Full decoding leaves holes, and says they answer csr_err. */
    m.full_decode = true;
    CHECK(allocate_quiet(&m));
    csr_emit_decoder(&m, &v, "fg_csr_decoder");
    CHECK(strstr(sb_str(&v), "An address outside every\n// window answers csr_err.") != NULL);
    sb_free(&v);
}
