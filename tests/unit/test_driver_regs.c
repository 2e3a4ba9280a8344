/*
 * test_driver_regs.c -- the checks fpgagen.ko makes before it touches
 * BAR0 (driver/fpgagen_regs.h), run in user space: register accesses,
 * mmap ranges and the ids= parameter.  Each check is also compared with
 * a plain model over every small case.
 */
#include <limits.h>
#include <stdint.h>

#include "unit.h"
#include "../../driver/fpgagen_regs.h"

/* ---- pread/pwrite -------------------------------------------------------- */

TEST(driver_access_in_range)
{
    CHECK_INT_EQ(fpgagen_check_access(4096, 0, 4), FPGAGEN_ACCESS_OK);
    CHECK_INT_EQ(fpgagen_check_access(4096, 4092, 4), FPGAGEN_ACCESS_OK);
    CHECK_INT_EQ(fpgagen_check_access(4096, 0, 4096), FPGAGEN_ACCESS_OK);
    CHECK_INT_EQ(fpgagen_check_access(4096, 8, 16), FPGAGEN_ACCESS_OK);
    CHECK_INT_EQ(fpgagen_check_access(32, 28, 4), FPGAGEN_ACCESS_OK);
    /* the last register of the largest BAR there can be */
    CHECK_INT_EQ(fpgagen_check_access(UINT64_MAX, INT64_MAX - 3, 4),
                 FPGAGEN_ACCESS_OK);
}

TEST(driver_access_negative)
{
    CHECK_INT_EQ(fpgagen_check_access(4096, -4, 4), FPGAGEN_ACCESS_NEGATIVE);
    CHECK_INT_EQ(fpgagen_check_access(4096, -1, 4), FPGAGEN_ACCESS_NEGATIVE);
    CHECK_INT_EQ(fpgagen_check_access(UINT64_MAX, INT64_MIN, 4),
                 FPGAGEN_ACCESS_NEGATIVE);
}

TEST(driver_access_unaligned)
{
    for (int64_t off = 1; off < 4; off++)
        CHECK_INT_EQ(fpgagen_check_access(4096, off, 4),
                     FPGAGEN_ACCESS_UNALIGNED);
    CHECK_INT_EQ(fpgagen_check_access(4096, 4094, 4), FPGAGEN_ACCESS_UNALIGNED);
    CHECK_INT_EQ(fpgagen_check_access(UINT64_MAX, INT64_MAX, 4),
                 FPGAGEN_ACCESS_UNALIGNED);
}

TEST(driver_access_length)
{
    CHECK_INT_EQ(fpgagen_check_access(4096, 0, 0), FPGAGEN_ACCESS_LENGTH);
    CHECK_INT_EQ(fpgagen_check_access(4096, 4, 0), FPGAGEN_ACCESS_LENGTH);
    for (uint64_t len = 1; len < 12; len++)
        if (len % 4)
            CHECK_INT_EQ(fpgagen_check_access(4096, 0, len),
                         FPGAGEN_ACCESS_LENGTH);
    CHECK_INT_EQ(fpgagen_check_access(4096, 0, UINT64_MAX),
                 FPGAGEN_ACCESS_LENGTH);
}

TEST(driver_access_out_of_range)
{
    CHECK_INT_EQ(fpgagen_check_access(4096, 4096, 4), FPGAGEN_ACCESS_RANGE);
    CHECK_INT_EQ(fpgagen_check_access(4096, 4092, 8), FPGAGEN_ACCESS_RANGE);
    CHECK_INT_EQ(fpgagen_check_access(4096, 0, 4100), FPGAGEN_ACCESS_RANGE);
    CHECK_INT_EQ(fpgagen_check_access(0, 0, 4), FPGAGEN_ACCESS_RANGE);
    CHECK_INT_EQ(fpgagen_check_access(30, 28, 4), FPGAGEN_ACCESS_RANGE);
    CHECK_INT_EQ(fpgagen_check_access(4096, INT64_MAX - 3, 4),
                 FPGAGEN_ACCESS_RANGE);
}

/* offset + length wraps: a check written as off + len <= size passes these */
TEST(driver_access_wrapping)
{
    uint64_t huge = UINT64_MAX - 3;     /* a multiple of 4 */

    CHECK_INT_EQ(fpgagen_check_access(4096, 8, huge), FPGAGEN_ACCESS_RANGE);
    CHECK_INT_EQ(fpgagen_check_access(4096, 4, huge), FPGAGEN_ACCESS_RANGE);
    CHECK_INT_EQ(fpgagen_check_access(huge, 8, huge - 4), FPGAGEN_ACCESS_RANGE);
    CHECK_INT_EQ(fpgagen_check_access(huge, INT64_MAX - 3,
                                      ((uint64_t)1 << 63) + 4),
                 FPGAGEN_ACCESS_RANGE);
    CHECK_INT_EQ(fpgagen_check_access(huge, INT64_MAX - 3, (uint64_t)1 << 63),
                 FPGAGEN_ACCESS_OK);    /* ends exactly at the top */
    CHECK_INT_EQ(fpgagen_check_access(huge, 4, huge - 4), FPGAGEN_ACCESS_OK);
}

/* every small case against the obvious model, computed without wrapping */
TEST(driver_access_model)
{
    int bad = 0;

    for (uint64_t size = 0; size <= 64; size++)
        for (int64_t off = -8; off <= 72; off++)
            for (uint64_t len = 0; len <= 72; len++) {
                int ok = off >= 0 && off % 4 == 0 && len > 0 && len % 4 == 0
                         && (uint64_t)off + len <= size;
                int got = fpgagen_check_access(size, off, len)
                          == FPGAGEN_ACCESS_OK;
                if (ok != got && bad++ < 5)
                    CHECK_INT_EQ(got, ok);
            }
    CHECK_INT_EQ(bad, 0);
}

/* ---- mmap ---------------------------------------------------------------- */

TEST(driver_mmap_in_range)
{
    CHECK_INT_EQ(fpgagen_check_mmap(4096, 0, 4096, 12), FPGAGEN_ACCESS_OK);
    CHECK_INT_EQ(fpgagen_check_mmap(8192, 1, 4096, 12), FPGAGEN_ACCESS_OK);
    CHECK_INT_EQ(fpgagen_check_mmap(8192, 0, 8192, 12), FPGAGEN_ACCESS_OK);
    /* a BAR that ends inside a page: the whole page */
    CHECK_INT_EQ(fpgagen_check_mmap(100, 0, 4096, 12), FPGAGEN_ACCESS_OK);
    CHECK_INT_EQ(fpgagen_check_mmap(4097, 1, 4096, 12), FPGAGEN_ACCESS_OK);
}

TEST(driver_mmap_refused)
{
    CHECK_INT_EQ(fpgagen_check_mmap(4096, 0, 0, 12), FPGAGEN_ACCESS_LENGTH);
    CHECK_INT_EQ(fpgagen_check_mmap(4096, 0, 100, 12), FPGAGEN_ACCESS_LENGTH);
    CHECK_INT_EQ(fpgagen_check_mmap(8192, 1, 8192, 12), FPGAGEN_ACCESS_RANGE);
    CHECK_INT_EQ(fpgagen_check_mmap(8192, 2, 4096, 12), FPGAGEN_ACCESS_RANGE);
    CHECK_INT_EQ(fpgagen_check_mmap(8192, 0, 12288, 12), FPGAGEN_ACCESS_RANGE);
    CHECK_INT_EQ(fpgagen_check_mmap(100, 1, 4096, 12), FPGAGEN_ACCESS_RANGE);
    CHECK_INT_EQ(fpgagen_check_mmap(0, 0, 4096, 12), FPGAGEN_ACCESS_RANGE);
}

/* pgoff << page_shift and pgoff + pages wrap here */
TEST(driver_mmap_wrapping)
{
    uint64_t top = UINT64_MAX & ~(uint64_t)0xfff;

    CHECK_INT_EQ(fpgagen_check_mmap(8192, UINT64_MAX, 4096, 12),
                 FPGAGEN_ACCESS_RANGE);
    CHECK_INT_EQ(fpgagen_check_mmap(8192, (uint64_t)1 << 52, 4096, 12),
                 FPGAGEN_ACCESS_RANGE);
    CHECK_INT_EQ(fpgagen_check_mmap(8192, 1, top, 12), FPGAGEN_ACCESS_RANGE);
    CHECK_INT_EQ(fpgagen_check_mmap(UINT64_MAX, ((uint64_t)1 << 52) - 1, 4096,
                                    12), FPGAGEN_ACCESS_OK);
    CHECK_INT_EQ(fpgagen_check_mmap(UINT64_MAX, (uint64_t)1 << 52, 4096, 12),
                 FPGAGEN_ACCESS_RANGE);
    CHECK_INT_EQ(fpgagen_check_mmap(UINT64_MAX, 1, top, 12),
                 FPGAGEN_ACCESS_OK);    /* ends in the last, partial page */
    CHECK_INT_EQ(fpgagen_check_mmap(UINT64_MAX, 2, top, 12),
                 FPGAGEN_ACCESS_RANGE);
}

/* every small case with 16-byte pages against the obvious model */
TEST(driver_mmap_model)
{
    int bad = 0;

    for (uint64_t size = 0; size <= 100; size++)
        for (uint64_t pgoff = 0; pgoff <= 10; pgoff++)
            for (uint64_t len = 0; len <= 120; len++) {
                uint64_t end = (size + 15) / 16 * 16;
                int ok = len > 0 && len % 16 == 0 && pgoff * 16 + len <= end;
                int got = fpgagen_check_mmap(size, pgoff, len, 4)
                          == FPGAGEN_ACCESS_OK;
                if (ok != got && bad++ < 5)
                    CHECK_INT_EQ(got, ok);
            }
    CHECK_INT_EQ(bad, 0);
}

/* ---- ids= ---------------------------------------------------------------- */

typedef struct IdsResult {
    enum fpgagen_ids_err err;
    unsigned int n, pos;
    struct fpgagen_pci_id ids[FPGAGEN_MAX_IDS];
} IdsResult;

static IdsResult parse(const char *s)
{
    IdsResult r;

    memset(&r, 0xa5, sizeof(r));
    r.err = fpgagen_parse_ids(s, r.ids, FPGAGEN_MAX_IDS, &r.n, &r.pos);
    return r;
}

TEST(driver_ids_good)
{
    IdsResult r = parse("10ee:7038");
    CHECK_INT_EQ(r.err, FPGAGEN_IDS_OK);
    CHECK_INT_EQ(r.n, 1);
    CHECK_INT_EQ(r.ids[0].vendor, 0x10ee);
    CHECK_INT_EQ(r.ids[0].device, 0x7038);

    r = parse("10ee:7038,10ee:7028");
    CHECK_INT_EQ(r.err, FPGAGEN_IDS_OK);
    CHECK_INT_EQ(r.n, 2);
    CHECK_INT_EQ(r.ids[1].vendor, 0x10ee);
    CHECK_INT_EQ(r.ids[1].device, 0x7028);

    r = parse("10EE:A03f\n");           /* upper case, echo's newline */
    CHECK_INT_EQ(r.err, FPGAGEN_IDS_OK);
    CHECK_INT_EQ(r.n, 1);
    CHECK_INT_EQ(r.ids[0].vendor, 0x10ee);
    CHECK_INT_EQ(r.ids[0].device, 0xa03f);

    r = parse("1:0");                   /* short fields; device 0 is a device */
    CHECK_INT_EQ(r.err, FPGAGEN_IDS_OK);
    CHECK_INT_EQ(r.n, 1);
    CHECK_INT_EQ(r.ids[0].vendor, 1);
    CHECK_INT_EQ(r.ids[0].device, 0);

    r = parse("10ee:ffff,1d0f:ffff");   /* same device, other vendor */
    CHECK_INT_EQ(r.err, FPGAGEN_IDS_OK);
    CHECK_INT_EQ(r.n, 2);
}

TEST(driver_ids_empty_list)
{
    const char *empty[] = {NULL, "", "\n"};

    for (size_t i = 0; i < sizeof(empty) / sizeof(empty[0]); i++) {
        IdsResult r = parse(empty[i]);
        CHECK_INT_EQ(r.err, FPGAGEN_IDS_OK);
        CHECK_INT_EQ(r.n, 0);
    }
}

TEST(driver_ids_bad)
{
    static const struct {
        const char *text;
        enum fpgagen_ids_err err;
        unsigned int pos, n;            /* where, and entries read before */
    } cases[] = {
        {"10ee", FPGAGEN_IDS_COLON, 4, 0},
        {"10ee,7038", FPGAGEN_IDS_COLON, 4, 0},
        {"0x10ee:7038", FPGAGEN_IDS_COLON, 1, 0},
        {"10ee:", FPGAGEN_IDS_HEX, 5, 0},
        {":7038", FPGAGEN_IDS_HEX, 0, 0},
        {" 10ee:7038", FPGAGEN_IDS_HEX, 0, 0},
        {"10ee:g038", FPGAGEN_IDS_HEX, 5, 0},
        {"10ee:7038,", FPGAGEN_IDS_EMPTY, 10, 1},
        {",10ee:7038", FPGAGEN_IDS_EMPTY, 0, 0},
        {"10ee:7038,,10ee:7028", FPGAGEN_IDS_EMPTY, 10, 1},
        {"10ee:7038,\n", FPGAGEN_IDS_EMPTY, 10, 1},
        {"10ee7:7038", FPGAGEN_IDS_WIDE, 4, 0},
        {"10ee:70380", FPGAGEN_IDS_WIDE, 9, 0},
        {"00010ee:7038", FPGAGEN_IDS_WIDE, 4, 0},
        {"10ee:7038 ", FPGAGEN_IDS_SEPARATOR, 9, 0},
        {"10ee:7038;10ee:7028", FPGAGEN_IDS_SEPARATOR, 9, 0},
        {"10ee:7038:1", FPGAGEN_IDS_SEPARATOR, 9, 0},
        {"10ee:7038\n\n", FPGAGEN_IDS_SEPARATOR, 9, 0},
        {"10ee:7038\n,10ee:7028", FPGAGEN_IDS_SEPARATOR, 9, 0},
        {"ffff:1234", FPGAGEN_IDS_VENDOR, 0, 0},
        {"0:1234", FPGAGEN_IDS_VENDOR, 0, 0},
        {"10ee:7038,0000:1", FPGAGEN_IDS_VENDOR, 10, 1},
        {"10ee:7038,10EE:7038", FPGAGEN_IDS_DUPLICATE, 10, 1},
        {"10ee:7038,10ee:7028,10EE:7028", FPGAGEN_IDS_DUPLICATE, 20, 2},
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        IdsResult r = parse(cases[i].text);
        if (r.err != cases[i].err || r.pos != cases[i].pos
            || r.n != cases[i].n)
            UNIT_FAIL_("\"%s\": got %s at %u after %u entries, "
                       "expected %s at %u after %u",
                       cases[i].text, fpgagen_ids_strerror(r.err), r.pos, r.n,
                       fpgagen_ids_strerror(cases[i].err), cases[i].pos,
                       cases[i].n);
    }
}

TEST(driver_ids_too_many)
{
    char text[FPGAGEN_MAX_IDS * 10 + 16];
    size_t len = 0;
    IdsResult r;

    for (int i = 0; i < FPGAGEN_MAX_IDS; i++)
        len += (size_t)snprintf(text + len, sizeof(text) - len, "%s10ee:%04x",
                                i ? "," : "", i);
    r = parse(text);
    CHECK_INT_EQ(r.err, FPGAGEN_IDS_OK);
    CHECK_INT_EQ(r.n, FPGAGEN_MAX_IDS);
    CHECK_INT_EQ(r.ids[FPGAGEN_MAX_IDS - 1].device, FPGAGEN_MAX_IDS - 1);

    snprintf(text + len, sizeof(text) - len, ",10ee:beef");
    r = parse(text);
    CHECK_INT_EQ(r.err, FPGAGEN_IDS_TOO_MANY);
    CHECK_INT_EQ(r.n, FPGAGEN_MAX_IDS);
    CHECK_INT_EQ(r.pos, len + 1);

    /* room for none */
    struct fpgagen_pci_id none[1];
    unsigned int n = 99, pos = 99;
    CHECK_INT_EQ(fpgagen_parse_ids("10ee:7038", none, 0, &n, &pos),
                 FPGAGEN_IDS_TOO_MANY);
    CHECK_INT_EQ(n, 0);
    CHECK_INT_EQ(pos, 0);
}

TEST(driver_ids_messages)
{
    /* every error has its own message */
    for (int a = FPGAGEN_IDS_OK; a <= FPGAGEN_IDS_TOO_MANY; a++) {
        const char *ma = fpgagen_ids_strerror((enum fpgagen_ids_err)a);
        CHECK(ma && ma[0]);
        for (int b = a + 1; b <= FPGAGEN_IDS_TOO_MANY; b++)
            CHECK(strcmp(ma, fpgagen_ids_strerror((enum fpgagen_ids_err)b)));
    }
    CHECK_STR_EQ(fpgagen_ids_strerror(FPGAGEN_IDS_COLON),
                 "expected ':' between vendor and device");
}
