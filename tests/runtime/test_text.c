/*
 * test_text.c -- Click's text conventions as the runtime reproduces them:
 * cp_unparse_real2 (Click's own test vectors), IntArg's integer syntax,
 * and String::printable.  Prints PASS or FAIL lines; exit 1 on a failure.
 */
#include "runtime_int.h"

#include <string.h>

static int failures;

static void check(bool ok, const char *what, const char *got, const char *want)
{
    if (!ok) {
        printf("FAIL runtime/text: %s: got '%s', want '%s'\n", what, got, want);
        failures++;
    }
}

int main(void)
{
    /* Click's test_unparse_real2 vectors, as fixed-point values. */
    static const struct {
        int64_t v;
        int bits;
        const char *want;
    } reals[] = {
        {107, 8, "0.418"}, {106, 8, "0.414"}, {108, 8, "0.42"},
        {19661, 16, "0.3"}, {32113, 16, "0.49"}, {32702, 16, "0.499"},
        {32761, 16, "0.4999"}, {32767, 16, "0.49998"}, {32768, 16, "0.5"},
        {65536, 16, "1"}, {1000 << 10, 10, "1000"}, {1536, 10, "1.5"},
        {-1536, 10, "-1.5"}, {0, 4, "0"}, {12345678901LL << 4 | 8, 4, "12345678901.5"},
    };
    for (size_t i = 0; i < sizeof reals / sizeof reals[0]; i++) {
        StrBuf sb = {0};
        rt_put_real2(&sb, reals[i].v, reals[i].bits);
        check(strcmp(sb_str(&sb), reals[i].want) == 0, "real2", sb_str(&sb), reals[i].want);
        sb_free(&sb);
    }

    static const struct {
        const char *s;
        int base;
        bool is_signed;
        int64_t want;     /* INT64_MIN: must be refused */
    } ints[] = {
        {"0", 0, false, 0}, {"12", 0, false, 12}, {"0x1f", 0, false, 31},
        {"0X1F", 0, false, 31}, {"017", 0, false, 15}, {"0b101", 0, false, 5},
        {"1_000", 0, false, 1000}, {"+5", 0, false, 5}, {"-5", 0, true, -5},
        {"ff", 16, false, 255}, {"0xff", 16, false, 255}, {"4294967295", 0, false, 4294967295},
        {"", 0, false, INT64_MIN}, {"-1", 0, false, INT64_MIN}, {"0x", 0, false, INT64_MIN},
        {"08", 0, false, INT64_MIN}, {"1_", 0, false, INT64_MIN}, {"_1", 0, false, INT64_MIN},
        {"1__0", 0, false, INT64_MIN}, {" 1", 0, false, INT64_MIN}, {"1 ", 0, false, INT64_MIN},
        {"4294967296", 0, false, INT64_MIN}, {"1e3", 0, false, INT64_MIN}, {"0b", 0, false, INT64_MIN},
        {"99999999999999999999999", 0, false, INT64_MIN}, {"ff", 0, false, INT64_MIN},
    };
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        int64_t v = 0;
        bool ok = rt_parse_int(ints[i].s, strlen(ints[i].s), ints[i].base, ints[i].is_signed,
                               UINT32_MAX, &v, NULL);
        char got[64], want[64];
        snprintf(got, sizeof got, ok ? "%lld" : "refused", (long long)v);
        snprintf(want, sizeof want, ints[i].want == INT64_MIN ? "refused" : "%lld",
                 (long long)ints[i].want);
        check(strcmp(got, want) == 0, ints[i].s, got, want);
    }

    StrBuf sb = {0};
    rt_put_printable(&sb, "a\0b\tc\177\377 ~", 9);
    check(strcmp(sb_str(&sb), "a^@b^Ic\\177\\377 ~") == 0, "printable", sb_str(&sb),
          "a^@b^Ic\\177\\377 ~");
    sb_free(&sb);

    if (!failures)
        printf("PASS runtime/text\n");
    return failures != 0;
}
