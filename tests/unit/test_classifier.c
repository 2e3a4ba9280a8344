/* test_classifier.c -- Classifier's pattern parser: good patterns compile to
 * the expected clause lists, bad ones give the exact diagnostics, and the
 * matching follows Click's rules (first match wins, bytes past the end of
 * the packet make a clause fail). */
#include "datapath.h"
#include "unit.h"

#include <stdlib.h>

/* Exported by elements/standard/classifier.c for these tests. */
const char *classifier_program(Arena *a, const void *conf);
int classifier_match(const void *conf, const uint8_t *data, size_t len);

typedef struct Run {
    Arena arena;
    Graph *g;
    void *conf;
    bool ok;
    char *diags;            /* everything reported, gcc layout */
    const char *program;    /* the listing when configure succeeded */
} Run;

/* Configures element `c` of a one-line configuration as if `outputs` of
 * its output ports were connected. */
static void run(Run *r, const char *text, int outputs)
{
    memset(r, 0, sizeof *r);
    size_t n = 0;
    FILE *f = open_memstream(&r->diags, &n);
    Diag d;
    diag_init(&d, f);
    r->g = frontend_load(&d, "t.click", text, strlen(text));
    int i = r->g ? graph_find(r->g, "c") : -1;
    if (i < 0) {
        fclose(f);
        return;
    }
    Element *e = &r->g->elems[i];
    e->noutputs = outputs;
    const ElementImpl *impl = registry_find("Classifier")->impl;
    r->conf = arena_alloc(&r->arena, impl->conf_size);
    ConfCtx c;
    conf_init(&c, &d, e, &r->arena);
    r->ok = impl->configure(&c, r->conf) && d.errors == 0;
    if (r->ok)
        r->program = classifier_program(&r->arena, r->conf);
    fclose(f);
}

static void done(Run *r)
{
    if (r->g)
        graph_free(r->g);
    arena_free(&r->arena);
    free(r->diags);
}

/* The listing of a configuration that must be accepted silently. */
#define CHECK_PROGRAM(text, outputs, want)                                 \
    do {                                                                   \
        Run r_;                                                            \
        run(&r_, text, outputs);                                           \
        CHECK(r_.ok);                                                      \
        CHECK_STR_EQ(r_.diags, "");                                        \
        CHECK_STR_EQ(r_.program, want);                                    \
        done(&r_);                                                         \
    } while (0)

/* The diagnostics of a configuration that must be refused. */
#define CHECK_ERRORS(text, outputs, want)                                  \
    do {                                                                   \
        Run r_;                                                            \
        run(&r_, text, outputs);                                           \
        CHECK(!r_.ok);                                                     \
        CHECK_STR_EQ(r_.diags, want);                                      \
        done(&r_);                                                         \
    } while (0)

TEST(classifier_classic_ethernet)
{
    CHECK_PROGRAM("c :: Classifier(12/0806 20/0001, 12/0806 20/0002, 12/0800, -);", 4,
                  "clause 0: 12/0806\n"
                  "clause 1: 20/0001\n"
                  "clause 2: 20/0002\n"
                  "clause 3: 12/0800\n"
                  "pattern 0: clause 0 and clause 1\n"
                  "pattern 1: clause 0 and clause 2\n"
                  "pattern 2: clause 3\n"
                  "pattern 3: every packet\n");
}

TEST(classifier_masks_and_wildcards)
{
    /* `?' nibbles and masks combine; bits outside the mask are not kept;
     * upper-case hex is read; a mask that is not whole nibbles shows. */
    CHECK_PROGRAM("c :: Classifier(12/08?6, 30/80%c0, 33/?1%?3, 14/4F%f0, 10/AbCd);", 5,
                  "clause 0: 12/08?6\n"
                  "clause 1: 30/80%c0\n"
                  "clause 2: 33/01%03\n"
                  "clause 3: 14/4?\n"
                  "clause 4: 10/abcd\n"
                  "pattern 0: clause 0\n"
                  "pattern 1: clause 1\n"
                  "pattern 2: clause 2\n"
                  "pattern 3: clause 3\n"
                  "pattern 4: clause 4\n");
    /* Bytes that test nothing are dropped, and split a clause's runs. */
    CHECK_PROGRAM("c :: Classifier(12/08??06%ff00ff);", 1,
                  "clause 0: 12/08 14/06\n"
                  "pattern 0: clause 0\n");
}

TEST(classifier_negation_and_sharing)
{
    /* `!' with or without space after it; a clause may follow a value
     * directly when it starts with `!'; identical clauses are shared. */
    CHECK_PROGRAM("c :: Classifier(12/0800 !23/06, ! 12/0800 23/06, 12/0800!23/11);", 3,
                  "clause 0: 12/0800\n"
                  "clause 1: 23/06\n"
                  "clause 2: 23/11\n"
                  "pattern 0: clause 0 and not clause 1\n"
                  "pattern 1: not clause 0 and clause 1\n"
                  "pattern 2: clause 0 and not clause 2\n");
}

TEST(classifier_patterns_that_test_nothing)
{
    /* `-', an empty pattern and a clause of `?' match every packet; the
     * negation of a clause that tests nothing matches none (so Click
     * warns, and so does fpgagen). */
    Run r;
    run(&r, "c :: Classifier(12/????, 0/00%00, , !14/?\?);", 4);
    CHECK(r.ok);
    CHECK_STR_EQ(r.program,
                 "pattern 0: every packet\n"
                 "pattern 1: every packet (never reached)\n"
                 "pattern 2: every packet (never reached)\n"
                 "pattern 3: no packet\n");
    CHECK(strstr(r.diags, "warning: Classifier 'c': pattern 0 matches") == NULL);
    CHECK(strstr(r.diags, "warning: Classifier 'c': pattern 1 matches no packets") != NULL);
    CHECK(strstr(r.diags, "warning: Classifier 'c': pattern 2 matches no packets") != NULL);
    CHECK(strstr(r.diags, "warning: Classifier 'c': pattern 3 matches no packets") != NULL);
    done(&r);
    CHECK_PROGRAM("c :: Classifier(-);", 1, "pattern 0: every packet\n");
    CHECK_PROGRAM("c :: Classifier();", 0, "");
}

TEST(classifier_matching)
{
    Run r;
    run(&r, "c :: Classifier(12/0806 20/0001, 12/0800, !40/00%01, 41/?1);", 4);
    CHECK(r.ok);
    uint8_t p[64] = {0};
    p[12] = 0x08, p[13] = 0x06, p[21] = 0x01;
    CHECK_INT_EQ(classifier_match(r.conf, p, 60), 0);
    CHECK_INT_EQ(classifier_match(r.conf, p, 22), 0);
    /* Byte 21 is missing: the ARP clause fails; byte 40 too, so the
     * negated clause holds. */
    CHECK_INT_EQ(classifier_match(r.conf, p, 21), 2);
    p[13] = 0x00;
    CHECK_INT_EQ(classifier_match(r.conf, p, 60), 1);
    p[12] = 0x86, p[41] = 0xf1;   /* byte 40 holds: its negation fails */
    CHECK_INT_EQ(classifier_match(r.conf, p, 60), 3);
    CHECK_INT_EQ(classifier_match(r.conf, p, 41), -1);  /* 41 missing: no match */
    p[41] = 0x12;
    CHECK_INT_EQ(classifier_match(r.conf, p, 60), -1);
    p[40] = 0x03;                 /* bit 0 set: byte 40 fails, its negation holds */
    CHECK_INT_EQ(classifier_match(r.conf, p, 60), 2);
    done(&r);
    /* A clause of `?' needs no byte at all. */
    run(&r, "c :: Classifier(100/??, -);", 2);
    CHECK(r.ok);
    CHECK_INT_EQ(classifier_match(r.conf, p, 1), 0);
    CHECK_STR_EQ(r.program, "pattern 0: every packet\n"
                            "pattern 1: every packet (never reached)\n");
    done(&r);
}

TEST(classifier_unreachable_patterns)
{
    Run r;
    /* Contradictions, shadowing by a more general earlier pattern,
     * negations that an earlier pattern's bits decide. */
    run(&r, "c :: Classifier(12/0806 12/0800, 12/0800 !23/06, 12/0800 23/11, "
            "!12/08 12/0806, 12/08, 12/0800 23/06, -, 1/00);", 8);
    CHECK(r.ok);
    CHECK_STR_EQ(r.diags,
                 "t.click:1:17: warning: Classifier 'c': pattern 0 matches no packets\n"
                 "    1 | c :: Classifier(12/0806 12/0800, 12/0800 !23/06, 12/0800 23/11, "
                 "!12/08 12/0806, 12/08, 12/0800 23/06, -, 1/00);\n"
                 "      |                 ^~~~~~~~~~~~~~~\n"
                 "t.click:1:50: warning: Classifier 'c': pattern 2 matches no packets\n"
                 "    1 | c :: Classifier(12/0806 12/0800, 12/0800 !23/06, 12/0800 23/11, "
                 "!12/08 12/0806, 12/08, 12/0800 23/06, -, 1/00);\n"
                 "      |                                                  ^~~~~~~~~~~~~\n"
                 "t.click:1:65: warning: Classifier 'c': pattern 3 matches no packets\n"
                 "    1 | c :: Classifier(12/0806 12/0800, 12/0800 !23/06, 12/0800 23/11, "
                 "!12/08 12/0806, 12/08, 12/0800 23/06, -, 1/00);\n"
                 "      |                                                                 ^~~~~~~~~~~~~~\n"
                 "t.click:1:88: warning: Classifier 'c': pattern 5 matches no packets\n"
                 "    1 | c :: Classifier(12/0806 12/0800, 12/0800 !23/06, 12/0800 23/11, "
                 "!12/08 12/0806, 12/08, 12/0800 23/06, -, 1/00);\n"
                 "      |                                                                  "
                 "                      ^~~~~~~~~~~~~\n"
                 "t.click:1:106: warning: Classifier 'c': pattern 7 matches no packets\n"
                 "    1 | c :: Classifier(12/0806 12/0800, 12/0800 !23/06, 12/0800 23/11, "
                 "!12/08 12/0806, 12/08, 12/0800 23/06, -, 1/00);\n"
                 "      |                                                                  "
                 "                                        ^~~~\n");
    /* What is never reached is marked in the listing. */
    CHECK_STR_EQ(r.program,
                 "clause 0: 12/0806\n"
                 "clause 1: 12/0800\n"
                 "clause 2: 23/06\n"
                 "clause 3: 23/11\n"
                 "clause 4: 12/08\n"
                 "clause 5: 1/00\n"
                 "pattern 0: clause 0 and clause 1 (never reached)\n"
                 "pattern 1: clause 1 and not clause 2\n"
                 "pattern 2: clause 1 and clause 3 (never reached)\n"
                 "pattern 3: not clause 4 and clause 0 (never reached)\n"
                 "pattern 4: clause 4\n"
                 "pattern 5: clause 1 and clause 2 (never reached)\n"
                 "pattern 6: every packet\n"
                 "pattern 7: clause 5 (never reached)\n");
    done(&r);
    /* Different values, one more specific pattern first: all reachable. */
    CHECK_PROGRAM("c :: Classifier(12/0806 20/0001, 12/0806, 12/0800 !23/06, 12/0800);", 4,
                  "clause 0: 12/0806\n"
                  "clause 1: 20/0001\n"
                  "clause 2: 12/0800\n"
                  "clause 3: 23/06\n"
                  "pattern 0: clause 0 and clause 1\n"
                  "pattern 1: clause 0\n"
                  "pattern 2: clause 2 and not clause 3\n"
                  "pattern 3: clause 2\n");
}

TEST(classifier_errors_name_the_culprit)
{
    CHECK_ERRORS("c :: Classifier(12/08, 13/0x);", 2,
                 "t.click:1:28: error: Classifier 'c': pattern 1: expected a hex digit or "
                 "'?', got 'x'\n"
                 "    1 | c :: Classifier(12/08, 13/0x);\n"
                 "      |                            ^\n");
    CHECK_ERRORS("c :: Classifier(12-08);", 1,
                 "t.click:1:19: error: Classifier 'c': pattern 0: expected '/' after the "
                 "offset, got '-'\n"
                 "    1 | c :: Classifier(12-08);\n"
                 "      |                   ^\n");
    CHECK_ERRORS("c :: Classifier(12/);", 1,
                 "t.click:1:20: error: Classifier 'c': pattern 0: expected a hex digit or "
                 "'?', got end of pattern\n"
                 "    1 | c :: Classifier(12/);\n"
                 "      |                    ^\n");
    CHECK_ERRORS("c :: Classifier(12/g8);", 1,
                 "t.click:1:20: error: Classifier 'c': pattern 0: expected a hex digit or "
                 "'?', got 'g'\n"
                 "    1 | c :: Classifier(12/g8);\n"
                 "      |                    ^\n");
    CHECK_ERRORS("c :: Classifier(12/0);", 1,
                 "t.click:1:20: error: Classifier 'c': pattern 0: value has less than 2 hex "
                 "digits\n"
                 "    1 | c :: Classifier(12/0);\n"
                 "      |                    ^\n");
    CHECK_ERRORS("c :: Classifier(-, 12/080 14/00);", 2,
                 "t.click:1:23: error: Classifier 'c': pattern 1: value has an odd number of "
                 "hex digits\n"
                 "    1 | c :: Classifier(-, 12/080 14/00);\n"
                 "      |                       ^~~\n");
    CHECK_ERRORS("c :: Classifier(12/0800%ff);", 1,
                 "t.click:1:25: error: Classifier 'c': pattern 0: mask has too few hex "
                 "digits\n"
                 "    1 | c :: Classifier(12/0800%ff);\n"
                 "      |                         ^~\n");
    CHECK_ERRORS("c :: Classifier(12/08%);", 1,
                 "t.click:1:22: error: Classifier 'c': pattern 0: mask has too few hex "
                 "digits\n"
                 "    1 | c :: Classifier(12/08%);\n"
                 "      |                      ^\n");
    CHECK_ERRORS("c :: Classifier(12/08%fff0);", 1,
                 "t.click:1:23: error: Classifier 'c': pattern 0: mask has too many hex "
                 "digits\n"
                 "    1 | c :: Classifier(12/08%fff0);\n"
                 "      |                       ^~~~\n");
    CHECK_ERRORS("c :: Classifier(65535/0000);", 1,
                 "t.click:1:17: error: Classifier 'c': pattern 0: offset too large (bytes "
                 "past 65535 cannot be tested)\n"
                 "    1 | c :: Classifier(65535/0000);\n"
                 "      |                 ^~~~~\n");
    CHECK_ERRORS("c :: Classifier(12/08 !);", 1,
                 "t.click:1:24: error: Classifier 'c': pattern 0: expected a digit, got end "
                 "of pattern\n"
                 "    1 | c :: Classifier(12/08 !);\n"
                 "      |                        ^\n");
    /* `-' is a pattern on its own, not a clause. */
    CHECK_ERRORS("c :: Classifier(- 12/08);", 1,
                 "t.click:1:17: error: Classifier 'c': pattern 0: expected a digit, got '-'\n"
                 "    1 | c :: Classifier(- 12/08);\n"
                 "      |                 ^\n");
    /* Every pattern is checked; a pattern stops at its first error. */
    CHECK_ERRORS("c :: Classifier(1x 2y, 3/0 4/1);", 2,
                 "t.click:1:18: error: Classifier 'c': pattern 0: expected '/' after the "
                 "offset, got 'x'\n"
                 "    1 | c :: Classifier(1x 2y, 3/0 4/1);\n"
                 "      |                  ^\n"
                 "t.click:1:26: error: Classifier 'c': pattern 1: value has less than 2 hex "
                 "digits\n"
                 "    1 | c :: Classifier(1x 2y, 3/0 4/1);\n"
                 "      |                          ^\n"
                 "t.click:1:30: error: Classifier 'c': pattern 1: value has less than 2 hex "
                 "digits\n"
                 "    1 | c :: Classifier(1x 2y, 3/0 4/1);\n"
                 "      |                              ^\n");
}

TEST(classifier_error_on_a_later_line)
{
    /* The column is found on the line that holds the culprit. */
    CHECK_ERRORS("c :: Classifier(12/0806 20/0001,\n"
                 "                12/08*6);", 2,
                 "t.click:2:22: error: Classifier 'c': pattern 1: expected a hex digit or "
                 "'?', got '*'\n"
                 "    2 |                 12/08*6);\n"
                 "      |                      ^\n");
    CHECK_ERRORS("c :: Classifier(12/0806\n"
                 "                  20/0001 x);", 1,
                 "t.click:2:27: error: Classifier 'c': pattern 0: expected a digit, got 'x'\n"
                 "    2 |                   20/0001 x);\n"
                 "      |                           ^\n");
}

TEST(classifier_one_pattern_per_output)
{
    /* Click's rule: as many patterns as output ports in use. */
    CHECK_ERRORS("c :: Classifier(12/0806, 12/0800);", 3,
                 "t.click:1:1: error: Classifier 'c': need 3 arguments, one per output "
                 "port\n"
                 "    1 | c :: Classifier(12/0806, 12/0800);\n"
                 "      | ^\n");
    CHECK_ERRORS("c :: Classifier(12/0806, 12/0800, -);", 2,
                 "t.click:1:1: error: Classifier 'c': need 2 arguments, one per output "
                 "port\n"
                 "    1 | c :: Classifier(12/0806, 12/0800, -);\n"
                 "      | ^\n");
}
