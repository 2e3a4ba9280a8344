/* test_util.c -- utilities and the diagnostic printer. */
#include "fpgagen.h"
#include "unit.h"

#include <stdlib.h>

TEST(strbuf_grows_and_formats)
{
    StrBuf sb = {0};
    CHECK_STR_EQ(sb_str(&sb), "");
    for (int i = 0; i < 1000; i++)
        sb_printf(&sb, "%d,", i % 10);
    CHECK_INT_EQ(sb.len, 2000);
    CHECK(strncmp(sb.data, "0,1,2,", 6) == 0);
    sb_free(&sb);
}

TEST(arena_small_and_large)
{
    Arena a = {0};
    char *s = arena_strdup(&a, "hello");
    char *big = arena_alloc(&a, 1 << 20);
    char *t = arena_printf(&a, "%s/%d", s, 7);
    big[(1 << 20) - 1] = 'x';
    CHECK_STR_EQ(s, "hello");
    CHECK_STR_EQ(t, "hello/7");
    CHECK(((uintptr_t)big & 15) == 0);
    arena_free(&a);
    CHECK(a.head == NULL);
}

TEST(strmap_put_get_replace)
{
    StrMap m = {0};
    char keys[500][8];
    for (int i = 0; i < 500; i++) {
        snprintf(keys[i], sizeof keys[i], "k%d", i);
        strmap_put(&m, keys[i], (void *)(intptr_t)(i + 1));
    }
    CHECK_INT_EQ(m.len, 500);
    CHECK_INT_EQ((intptr_t)strmap_get(&m, "k499"), 500);
    CHECK(strmap_get(&m, "k500") == NULL);
    strmap_put(&m, keys[3], (void *)(intptr_t)42);
    CHECK_INT_EQ((intptr_t)strmap_get(&m, "k3"), 42);
    CHECK_INT_EQ(m.len, 500);
    strmap_free(&m);
}

/* Runs one report into a memory stream and returns the text. */
static char *report(DiagKind kind, SrcLoc loc, int span, bool werror)
{
    char *buf = NULL;
    size_t len = 0;
    Diag d;
    diag_init(&d, open_memstream(&buf, &len));
    d.werror = werror;
    diag_report(&d, kind, loc, span, "bad '%s'", "x4");
    fclose(d.out);
    return buf;
}

TEST(diag_gcc_layout_with_caret)
{
    const char *line = "chk :: CheckIPHeader(OFFSET x4);";
    SrcLoc loc = {"router.click", 12, 29, line, (int)strlen(line)};
    char *got = report(DIAG_ERROR, loc, 2, false);
    CHECK_STR_EQ(got, "router.click:12:29: error: bad 'x4'\n"
                      "   12 | chk :: CheckIPHeader(OFFSET x4);\n"
                      "      |                             ^~\n");
    free(got);
}

TEST(diag_tabs_kept_span_clamped_werror)
{
    const char *line = "\ta -> b";
    SrcLoc loc = {"t.click", 123456, 7, line, (int)strlen(line)};
    char *got = report(DIAG_WARNING, loc, 10, true);
    CHECK_STR_EQ(got, "t.click:123456:7: error: bad 'x4' [-Werror]\n"
                      "123456 | \ta -> b\n"
                      "       | \t     ^\n");
    free(got);
}

TEST(diag_without_location)
{
    char *got = report(DIAG_NOTE, (SrcLoc){0}, 1, false);
    CHECK_STR_EQ(got, "fpgagen: note: bad 'x4'\n");
    free(got);
}

TEST(diag_counts_and_failed)
{
    Diag d;
    diag_init(&d, fopen("/dev/null", "w"));
    diag_warning(&d, (SrcLoc){0}, 1, "w");
    CHECK(!diag_failed(&d));
    d.werror = true;
    CHECK(diag_failed(&d));
    d.werror = false;
    diag_error(&d, (SrcLoc){0}, 1, "e");
    CHECK_INT_EQ(d.errors, 1);
    CHECK(diag_failed(&d));
    fclose(d.out);
}

TEST(read_file_missing_and_present)
{
    size_t len = 99;
    CHECK(read_file("/nonexistent/x.click", &len) == NULL);
    CHECK(read_file("/", &len) == NULL);  /* a directory */
    char *s = read_file("/proc/self/stat", &len);
    CHECK(s != NULL && len > 0 && strlen(s) == len);
    free(s);
}
