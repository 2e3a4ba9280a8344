/*
 * unit.h -- a small unit-test harness.
 *
 *   TEST(lexer_comments) { CHECK_STR_EQ(got, "x"); }
 *
 * Every TEST in the files linked into one test program runs in order;
 * each prints "PASS name" or "FAIL name: file:line: what"; the program
 * exits non-zero when any failed.  tests/run counts the lines.
 */
#ifndef UNIT_H
#define UNIT_H

#include <stdio.h>
#include <string.h>

typedef struct UnitCase {
    const char *name;
    void (*fn)(int *failed);
    struct UnitCase *next;
} UnitCase;

void unit_register(UnitCase *c);

#define TEST(name)                                                       \
    static void test_##name(int *unit_failed_);                          \
    static UnitCase unit_case_##name = {#name, test_##name, NULL};       \
    __attribute__((constructor)) static void unit_reg_##name(void)       \
    {                                                                    \
        unit_register(&unit_case_##name);                                \
    }                                                                    \
    static void test_##name(int *unit_failed_)

#define UNIT_FAIL_(...)                                                  \
    do {                                                                 \
        if (!*unit_failed_)                                              \
            printf("FAIL %s: %s:%d: ", unit_current_name(), __FILE__,    \
                   __LINE__);                                            \
        else                                                             \
            printf("     %s:%d: ", __FILE__, __LINE__);                  \
        printf(__VA_ARGS__);                                             \
        printf("\n");                                                    \
        *unit_failed_ = 1;                                               \
    } while (0)

#define CHECK(cond)                                                      \
    do {                                                                 \
        if (!(cond))                                                     \
            UNIT_FAIL_("CHECK(%s)", #cond);                              \
    } while (0)

#define CHECK_INT_EQ(a, b)                                               \
    do {                                                                 \
        long long a_ = (long long)(a), b_ = (long long)(b);              \
        if (a_ != b_)                                                    \
            UNIT_FAIL_("%s == %lld, expected %s == %lld", #a, a_, #b, b_); \
    } while (0)

#define CHECK_STR_EQ(a, b)                                               \
    do {                                                                 \
        const char *a_ = (a), *b_ = (b);                                 \
        if (!a_ || !b_ || strcmp(a_, b_) != 0)                           \
            UNIT_FAIL_("%s:\n--- got ---\n%s\n--- expected ---\n%s",     \
                       #a, a_ ? a_ : "(null)", b_ ? b_ : "(null)");      \
    } while (0)

const char *unit_current_name(void);

#endif
