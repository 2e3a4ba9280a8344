/* test_check.c -- graph checks (classes, port counts, push/pull) and the
 * DOT emitter, on graphs built by hand. */
#include "datapath.h"
#include "unit.h"

#include <stdlib.h>
#include <time.h>

/* Classes with the shapes the rules are about; a test puts them straight
 * into Element.cls, so they need not be in the registry. */
static const ElementImpl fake_impl = {0};
#define FAKE(id, pc, pr, fc, hw) \
    static const ElementClass id = {.name = #id, .port_count = pc, \
                                    .processing = pr, .flow_code = fc, \
                                    .impl = (hw) ? &fake_impl : NULL}
FAKE(Src, "0/1", "h", NULL, true);          /* push source */
FAKE(PullSrc, "0/1", "l", NULL, true);      /* pull source */
FAKE(AgnSrc, "0/1", "a", NULL, true);
FAKE(Sink, "1/0", "h", NULL, true);         /* push sink */
FAKE(PullSink, "1/0", "l", NULL, true);
FAKE(AgnSink, "1/0", "a", NULL, true);
FAKE(Agn, "1/1", "a/a", NULL, true);
FAKE(Q, "1/1", "h/l", NULL, true);          /* a queue */
FAKE(Two, "1/2", "h/h", NULL, true);
FAKE(AAh, "1/1-2", "a/ah", NULL, true);
FAKE(HLh, "1/1-", "h/lh", NULL, true);
FAKE(Fan, "1/1-", "h/h", NULL, true);       /* a tee */
FAKE(Straight, "2/2", "a/a", "#/#", true);  /* input K flows to output K */
FAKE(Apart, "1/1", "a/a", "x/y", true);     /* nothing flows through */
FAKE(Eq, "1-/=", "a/a", NULL, true);        /* as many outputs as inputs */
FAKE(Soft, "1/1", "a/a", NULL, false);      /* no hardware */
FAKE(BadPorts, "1/x", "a/a", NULL, true);
FAKE(BadProc, "1/1", "a/q", NULL, true);

static Graph *new_graph(void)
{
    Graph *g = xcalloc(1, sizeof *g);
    g->file = "t.click";
    return g;
}

static void free_graph(Graph *g)
{
    arena_free(&g->arena);
    free(g->elems);
    free(g->conns);
    free(g);
}

static SrcLoc at(int line, int col)
{
    return (SrcLoc){.file = "t.click", .line = line, .col = col};
}

/* An element declared at line:1; cls NULL leaves it to the registry. */
static int elem(Graph *g, const char *name, const ElementClass *cls,
                const char *class_name, int line)
{
    Element e = {.name = name, .class_name = cls ? cls->name : class_name,
                 .config = "", .loc = at(line, 1), .cls = cls};
    VEC_PUSH(g->elems, g->nelems, g->elems_cap, e);
    return g->nelems - 1;
}

static int el(Graph *g, const char *name, const ElementClass *cls, int line)
{
    return elem(g, name, cls, NULL, line);
}

static void conn(Graph *g, int from, int fp, int to, int tp, int line)
{
    Connection c = {.from = from, .from_port = fp, .to = to, .to_port = tp,
                    .loc = at(line, 5)};
    VEC_PUSH(g->conns, g->nconns, g->conns_cap, c);
}

/* Runs check_graph; returns what it printed (caller frees). */
static char *run_check(Graph *g, bool hardware, bool werror, bool *ok,
                       Diag *dout)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    Diag d;
    diag_init(&d, f);
    d.werror = werror;
    CheckOptions opt = {.hardware = hardware};
    bool r = check_graph(g, &d, &opt);
    fclose(f);
    if (ok)
        *ok = r;
    if (dout)
        *dout = d;
    return buf;
}

#define EXPECT_CHECK(g, want_ok, want_text)                                \
    do {                                                                   \
        bool ok_;                                                          \
        char *out_ = run_check((g), true, false, &ok_, NULL);              \
        CHECK_STR_EQ(out_, (want_text));                                   \
        CHECK_INT_EQ(ok_, (want_ok));                                      \
        free(out_);                                                        \
    } while (0)

/* ---- Classes ----------------------------------------------------------- */

TEST(check_unknown_class_at_declaration)
{
    Graph *g = new_graph();
    elem(g, "x", NULL, "Nonesuch", 3);
    EXPECT_CHECK(g, false,
                 "t.click:3:1: error: unknown element class 'Nonesuch'\n");
    CHECK(g->elems[0].cls == NULL);
    free_graph(g);
}

TEST(check_unknown_class_suggests_a_close_name)
{
    Graph *g = new_graph();
    elem(g, "c", NULL, "Countr", 1);
    EXPECT_CHECK(g, false, "t.click:1:1: error: unknown element class "
                           "'Countr'; did you mean 'Counter'?\n");
    free_graph(g);
}

TEST(check_resolves_registry_classes)
{
    Graph *g = new_graph();
    elem(g, "c", NULL, "Counter", 1);
    bool ok;
    free(run_check(g, false, false, &ok, NULL));
    CHECK(g->elems[0].cls == registry_find("Counter"));
    CHECK(g->elems[0].cls != NULL);
    free_graph(g);
}

TEST(check_unknown_class_notes_expansions_innermost_first)
{
    Graph *g = new_graph();
    Expansion outer = {.compound = "Outer", .instance = "o", .loc = at(20, 1)};
    Expansion inner = {.compound = "Inner", .instance = "o/i",
                       .loc = at(10, 3), .parent = &outer};
    int x = elem(g, "o/i/x", NULL, "Nonesuch", 2);
    g->elems[x].origin = &inner;
    EXPECT_CHECK(g, false,
                 "t.click:2:1: error: unknown element class 'Nonesuch'\n"
                 "t.click:10:3: note: in expansion of compound 'Inner' as "
                 "'o/i'\n"
                 "t.click:20:1: note: in expansion of compound 'Outer' as "
                 "'o'\n");
    free_graph(g);
}

TEST(check_unknown_class_ports_take_part_in_nothing)
{
    /* Without a class there is no port count or processing to check, so
     * the one error is the class. */
    Graph *g = new_graph();
    int s = el(g, "s", &Src, 1);
    int x = elem(g, "x", NULL, "Nonesuch", 2);
    int k = el(g, "k", &PullSink, 3);
    conn(g, s, 0, x, 0, 4);
    conn(g, x, 5, k, 0, 5);
    conn(g, s, 0, x, 1, 6);
    EXPECT_CHECK(g, false,
                 "t.click:2:1: error: unknown element class 'Nonesuch'\n"
                 "t.click:6:5: error: 's' push output 0 is connected to more "
                 "than one input\n"
                 "t.click:4:5: note: 's' output 0 first connected here\n");
    free_graph(g);
}

TEST(check_repeated_issue_at_one_place_printed_once)
{
    /* One compound body expanded twice: the same unknown class at the
     * same place is reported once. */
    Graph *g = new_graph();
    Expansion a = {.compound = "C", .instance = "a", .loc = at(9, 1)};
    Expansion b = {.compound = "C", .instance = "b", .loc = at(10, 1)};
    int x = elem(g, "a/x", NULL, "Nonesuch", 2);
    int y = elem(g, "b/x", NULL, "Nonesuch", 2);
    g->elems[x].origin = &a;
    g->elems[y].origin = &b;
    EXPECT_CHECK(g, false,
                 "t.click:2:1: error: unknown element class 'Nonesuch'\n"
                 "t.click:9:1: note: in expansion of compound 'C' as 'a'\n");
    free_graph(g);
}

TEST(check_malformed_class_notation_reported_once)
{
    Graph *g = new_graph();
    el(g, "a", &BadPorts, 1);
    el(g, "b", &BadPorts, 2);
    el(g, "c", &BadProc, 3);
    EXPECT_CHECK(g, false,
                 "t.click:1:1: error: class 'BadPorts' has a malformed port "
                 "count '1/x'\n"
                 "t.click:3:1: error: class 'BadProc' has a malformed "
                 "processing code 'a/q'\n"
                 "t.click:3:1: error: too few inputs for 'c' ('BadProc' has 1 "
                 "input, 0 connected)\n"
                 "t.click:3:1: error: too few outputs for 'c' ('BadProc' has "
                 "1 output, 0 connected)\n");
    free_graph(g);
}

/* ---- Port counts ------------------------------------------------------- */

TEST(check_fills_port_counts)
{
    Graph *g = new_graph();
    int s = el(g, "s", &Src, 1);
    int t = el(g, "t", &Fan, 2);
    int k0 = el(g, "k0", &Sink, 3), k1 = el(g, "k1", &Sink, 4);
    int k2 = el(g, "k2", &Sink, 5);
    conn(g, s, 0, t, 0, 6);
    conn(g, t, 2, k2, 0, 7);
    conn(g, t, 0, k0, 0, 8);
    conn(g, t, 1, k1, 0, 9);
    EXPECT_CHECK(g, true, "");
    CHECK_INT_EQ(g->elems[t].ninputs, 1);
    CHECK_INT_EQ(g->elems[t].noutputs, 3);
    CHECK_INT_EQ(g->elems[s].ninputs, 0);
    CHECK_INT_EQ(g->elems[s].noutputs, 1);
    free_graph(g);
}

TEST(check_port_out_of_range)
{
    Graph *g = new_graph();
    int s = el(g, "s", &Src, 1);
    int a = el(g, "a", &Agn, 2);
    int k = el(g, "k", &Sink, 3);
    int k2 = el(g, "k2", &Sink, 4);
    conn(g, s, 0, a, 0, 5);
    conn(g, a, 0, k, 0, 6);
    conn(g, a, 1, k2, 0, 7);
    conn(g, s, 1, k, 1, 8);
    EXPECT_CHECK(g, false,
                 "t.click:7:5: error: 'a' has no output 1 ('Agn' has 1 "
                 "output)\n"
                 "t.click:8:5: error: 's' has no output 1 ('Src' has 1 "
                 "output)\n"
                 "t.click:8:5: error: 'k' has no input 1 ('Sink' has 1 "
                 "input)\n");
    free_graph(g);
}

TEST(check_port_range_phrases)
{
    Graph *g = new_graph();
    int s = el(g, "s", &Src, 1);
    int x = el(g, "x", &AAh, 2);
    int k = el(g, "k", &Sink, 3);
    int n = el(g, "n", &AgnSrc, 4);
    conn(g, s, 0, x, 0, 5);
    conn(g, x, 0, k, 0, 6);
    conn(g, x, 1, k, 0, 7);
    conn(g, x, 2, k, 0, 8);
    conn(g, s, 0, n, 0, 9);
    conn(g, n, 0, k, 0, 10);
    EXPECT_CHECK(g, false,
                 "t.click:8:5: error: 'x' has no output 2 ('AAh' has 1 to 2 "
                 "outputs)\n"
                 "t.click:9:5: error: 'n' has no input 0 ('AgnSrc' has no "
                 "inputs)\n");
    free_graph(g);
}

TEST(check_too_few_ports)
{
    Graph *g = new_graph();
    int s = el(g, "s", &Src, 1);
    int t = el(g, "t", &Two, 2);
    int k = el(g, "k", &Sink, 3);
    conn(g, s, 0, t, 0, 4);
    conn(g, t, 0, k, 0, 5);
    EXPECT_CHECK(g, false,
                 "t.click:2:1: error: too few outputs for 't' ('Two' has 2 "
                 "outputs, 1 connected)\n");
    free_graph(g);
}

TEST(check_unbounded_outputs_need_only_the_minimum)
{
    Graph *g = new_graph();
    int s = el(g, "s", &Src, 1);
    int t = el(g, "t", &Fan, 2);
    int k = el(g, "k", &Sink, 3);
    conn(g, s, 0, t, 0, 4);
    conn(g, t, 0, k, 0, 5);
    EXPECT_CHECK(g, true, "");
    free_graph(g);
}

TEST(check_gap_in_ports_is_not_connected)
{
    Graph *g = new_graph();
    int s = el(g, "s", &Src, 1);
    int t = el(g, "t", &Two, 2);
    int k = el(g, "k", &Sink, 3);
    int q = el(g, "q", &Q, 4);
    int u = el(g, "u", &Fan, 5);
    conn(g, s, 0, t, 0, 6);
    conn(g, t, 1, k, 0, 7);
    conn(g, s, 0, q, 0, 8); /* reuse: reported, but ports still count */
    conn(g, s, 0, u, 0, 9);
    conn(g, u, 2, k, 0, 10);
    EXPECT_CHECK(g, false,
                 "t.click:2:1: error: 't' push output 0 is not connected\n"
                 "t.click:4:1: error: too few outputs for 'q' ('Q' has 1 "
                 "output, 0 connected)\n"
                 "t.click:5:1: error: 'u' push output 0 is not connected\n"
                 "t.click:5:1: error: 'u' push output 1 is not connected\n"
                 "t.click:8:5: error: 's' push output 0 is connected to more "
                 "than one input\n"
                 "t.click:6:5: note: 's' output 0 first connected here\n"
                 "t.click:9:5: error: 's' push output 0 is connected to more "
                 "than one input\n"
                 "t.click:6:5: note: 's' output 0 first connected here\n");
    free_graph(g);
}

TEST(check_equal_outputs_follow_inputs)
{
    Graph *g = new_graph();
    int s = el(g, "s", &Src, 1), s2 = el(g, "s2", &Src, 2);
    int e = el(g, "e", &Eq, 3);
    int k = el(g, "k", &Sink, 4);
    conn(g, s, 0, e, 0, 5);
    conn(g, s2, 0, e, 1, 6);
    conn(g, e, 0, k, 0, 7);
    EXPECT_CHECK(g, false,
                 "t.click:3:1: error: too few outputs for 'e' ('Eq' has 2 "
                 "outputs with 2 inputs, 1 connected)\n");
    conn(g, e, 1, k, 0, 8);
    EXPECT_CHECK(g, true, "");
    conn(g, e, 2, k, 0, 9);
    EXPECT_CHECK(g, false,
                 "t.click:9:5: error: 'e' has no output 2 ('Eq' has 2 outputs "
                 "with 2 inputs)\n");
    free_graph(g);
}

TEST(check_huge_port_numbers_are_refused)
{
    /* An unbounded class could have any number of outputs; past the
     * limit the connection is refused instead of making that many. */
    Graph *g = new_graph();
    int s = el(g, "s", &Src, 1);
    int t = el(g, "t", &Fan, 2);
    int k = el(g, "k", &Sink, 3);
    conn(g, s, 0, t, 0, 4);
    conn(g, t, 0, k, 0, 5);
    conn(g, t, 2000000000, k, 0, 6);
    EXPECT_CHECK(g, false,
                 "t.click:6:5: error: port number 2000000000 is too large "
                 "(the limit is 4095)\n");
    CHECK_INT_EQ(g->elems[t].noutputs, 1);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    dot_print(g, f);
    fclose(f);
    CHECK(strstr(buf, "\"t\" -> \"k\":i0:n") != NULL);
    CHECK(strstr(buf, "o2000000000") == NULL);
    free(buf);
    free_graph(g);
}

/* ---- Push and pull ----------------------------------------------------- */

TEST(check_push_output_to_pull_input)
{
    Graph *g = new_graph();
    int s = el(g, "s", &Src, 1);
    int k = el(g, "k", &PullSink, 2);
    conn(g, s, 0, k, 0, 3);
    EXPECT_CHECK(g, false,
                 "t.click:3:5: error: 's' push output 0 is connected to 'k' "
                 "pull input 0\n");
    free_graph(g);
}

TEST(check_pull_output_to_push_input)
{
    Graph *g = new_graph();
    int q = el(g, "q", &Q, 1);
    int s = el(g, "s", &Src, 2);
    int k = el(g, "k", &Sink, 3);
    conn(g, s, 0, q, 0, 4);
    conn(g, q, 0, k, 0, 5);
    EXPECT_CHECK(g, false,
                 "t.click:5:5: error: 'q' pull output 0 is connected to 'k' "
                 "push input 0\n");
    free_graph(g);
}

TEST(check_agnostic_in_mixed_context)
{
    Graph *g = new_graph();
    int s = el(g, "s", &Src, 1);
    int a = el(g, "a", &Agn, 2);
    int k = el(g, "k", &PullSink, 3);
    conn(g, s, 0, a, 0, 4);
    conn(g, a, 0, k, 0, 5);
    EXPECT_CHECK(g, false,
                 "t.click:2:1: error: agnostic 'a' would be push on input 0 "
                 "and pull on output 0\n"
                 "t.click:1:1: note: 'a' input 0 is push because 's' output 0 "
                 "is push\n"
                 "t.click:3:1: note: 'a' output 0 is pull because 'k' input 0 "
                 "is pull\n");
    free_graph(g);
}

TEST(check_agnostic_chain_conflict_names_both_origins)
{
    Graph *g = new_graph();
    int s = el(g, "s", &Src, 1);
    int a = el(g, "a", &Agn, 2);
    int b = el(g, "b", &Agn, 3);
    int k = el(g, "k", &PullSink, 4);
    conn(g, s, 0, a, 0, 5);
    conn(g, a, 0, b, 0, 6);
    conn(g, b, 0, k, 0, 7);
    EXPECT_CHECK(g, false,
                 "t.click:6:5: error: 'a' push output 0 is connected to 'b' "
                 "pull input 0\n"
                 "t.click:1:1: note: 'a' output 0 is push because 's' output "
                 "0 is push\n"
                 "t.click:4:1: note: 'b' input 0 is pull because 'k' input 0 "
                 "is pull\n");
    free_graph(g);
}

TEST(check_agnostic_resolution_through_chains)
{
    Graph *g = new_graph();
    int s = el(g, "s", &Src, 1);
    int a = el(g, "a", &Agn, 2);
    int q = el(g, "q", &Q, 3);
    int b = el(g, "b", &Agn, 4);
    int c = el(g, "c", &Agn, 5);
    int k = el(g, "k", &PullSink, 6);
    /* listed backwards: the result must not depend on the order */
    conn(g, c, 0, k, 0, 7);
    conn(g, b, 0, c, 0, 8);
    conn(g, q, 0, b, 0, 9);
    conn(g, a, 0, q, 0, 10);
    conn(g, s, 0, a, 0, 11);
    EXPECT_CHECK(g, true, "");
    CHECK_INT_EQ(graph_port_proc(g, a, false, 0), PROC_PUSH);
    CHECK_INT_EQ(graph_port_proc(g, a, true, 0), PROC_PUSH);
    CHECK_INT_EQ(graph_port_proc(g, b, false, 0), PROC_PULL);
    CHECK_INT_EQ(graph_port_proc(g, b, true, 0), PROC_PULL);
    CHECK_INT_EQ(graph_port_proc(g, c, true, 0), PROC_PULL);
    CHECK_INT_EQ(graph_port_proc(g, q, false, 0), PROC_PUSH);
    CHECK_INT_EQ(graph_port_proc(g, q, true, 0), PROC_PULL);
    CHECK_INT_EQ(g->elems[b].in_proc[0], PROC_PULL);
    free_graph(g);
}

TEST(check_unresolved_agnostic_becomes_push)
{
    Graph *g = new_graph();
    int n = el(g, "n", &AgnSrc, 1);
    int a = el(g, "a", &Agn, 2);
    int d = el(g, "d", &AgnSink, 3);
    int d2 = el(g, "d2", &AgnSink, 4);
    conn(g, n, 0, a, 0, 5);
    conn(g, a, 0, d, 0, 6);
    EXPECT_CHECK(g, false,
                 "t.click:4:1: error: too few inputs for 'd2' ('AgnSink' has "
                 "1 input, 0 connected)\n");
    CHECK_INT_EQ(graph_port_proc(g, a, false, 0), PROC_PUSH);
    CHECK_INT_EQ(graph_port_proc(g, a, true, 0), PROC_PUSH);
    CHECK_INT_EQ(graph_port_proc(g, n, true, 0), PROC_PUSH);
    /* push now: a second connection from n is a reuse */
    conn(g, n, 0, d2, 0, 7);
    EXPECT_CHECK(g, false,
                 "t.click:7:5: error: 'n' push output 0 is connected to more "
                 "than one input\n"
                 "t.click:5:5: note: 'n' output 0 first connected here\n");
    free_graph(g);
}

TEST(check_processing_code_a_ah)
{
    /* "a/ah": output 0 follows the input, outputs 1.. are push. */
    Graph *g = new_graph();
    int q = el(g, "q", &Q, 1);
    int s = el(g, "s", &Src, 2);
    int x = el(g, "x", &AAh, 3);
    int k = el(g, "k", &PullSink, 4);
    int d = el(g, "d", &Sink, 5);
    conn(g, s, 0, q, 0, 6);
    conn(g, q, 0, x, 0, 7);
    conn(g, x, 0, k, 0, 8);
    conn(g, x, 1, d, 0, 9);
    EXPECT_CHECK(g, true, "");
    CHECK_INT_EQ(graph_port_proc(g, x, false, 0), PROC_PULL);
    CHECK_INT_EQ(graph_port_proc(g, x, true, 0), PROC_PULL);
    CHECK_INT_EQ(graph_port_proc(g, x, true, 1), PROC_PUSH);
    free_graph(g);
}

TEST(check_processing_code_h_lh)
{
    /* "h/lh": input push, output 0 pull, every later output push. */
    Graph *g = new_graph();
    int s = el(g, "s", &Src, 1);
    int x = el(g, "x", &HLh, 2);
    int k = el(g, "k", &PullSink, 3);
    int d1 = el(g, "d1", &Sink, 4), d2 = el(g, "d2", &Sink, 5);
    conn(g, s, 0, x, 0, 6);
    conn(g, x, 0, k, 0, 7);
    conn(g, x, 1, d1, 0, 8);
    conn(g, x, 2, d2, 0, 9);
    EXPECT_CHECK(g, true, "");
    CHECK_INT_EQ(graph_port_proc(g, x, false, 0), PROC_PUSH);
    CHECK_INT_EQ(graph_port_proc(g, x, true, 0), PROC_PULL);
    CHECK_INT_EQ(graph_port_proc(g, x, true, 1), PROC_PUSH);
    CHECK_INT_EQ(graph_port_proc(g, x, true, 2), PROC_PUSH);
    free_graph(g);
}

/* Input 0 push to output 0, input 1 pull to output 1, through one
 * element: fine when its flow code keeps them apart. */
static Graph *two_lanes(const ElementClass *cls)
{
    Graph *g = new_graph();
    int s = el(g, "s", &Src, 1);
    int q = el(g, "q", &Q, 2);
    int x = el(g, "x", cls, 3);
    int d = el(g, "d", &Sink, 4);
    int k = el(g, "k", &PullSink, 5);
    int s2 = el(g, "s2", &Src, 6);
    conn(g, s, 0, x, 0, 7);
    conn(g, x, 0, d, 0, 8);
    conn(g, s2, 0, q, 0, 9);
    conn(g, q, 0, x, 1, 10);
    conn(g, x, 1, k, 0, 11);
    return g;
}

TEST(check_flow_code_separates_ports)
{
    Graph *g = two_lanes(&Straight);
    EXPECT_CHECK(g, true, "");
    CHECK_INT_EQ(graph_port_proc(g, 2, false, 0), PROC_PUSH);
    CHECK_INT_EQ(graph_port_proc(g, 2, true, 1), PROC_PULL);
    free_graph(g);
}

TEST(check_complete_flow_mixes_ports)
{
    FAKE(Through, "2/2", "a/a", NULL, true);
    Graph *g = two_lanes(&Through);
    bool ok;
    char *out = run_check(g, true, false, &ok, NULL);
    CHECK(!ok);
    CHECK(strstr(out, "error: agnostic 'x' would be ") != NULL);
    free(out);
    free_graph(g);
}

TEST(check_flow_code_x_y_passes_nothing)
{
    Graph *g = new_graph();
    int s = el(g, "s", &Src, 1);
    int x = el(g, "x", &Apart, 2);
    int k = el(g, "k", &PullSink, 3);
    conn(g, s, 0, x, 0, 4);
    conn(g, x, 0, k, 0, 5);
    EXPECT_CHECK(g, true, "");
    CHECK_INT_EQ(graph_port_proc(g, x, false, 0), PROC_PUSH);
    CHECK_INT_EQ(graph_port_proc(g, x, true, 0), PROC_PULL);
    free_graph(g);
}

/* Input 0 push to output 1, input 1 pull to output 0, through one
 * element whose flow code crosses the lanes. */
static Graph *crossed_lanes(const ElementClass *cls)
{
    Graph *g = new_graph();
    int s = el(g, "s", &Src, 1);
    int q = el(g, "q", &Q, 2);
    int x = el(g, "x", cls, 3);
    int d = el(g, "d", &Sink, 4);
    int k = el(g, "k", &PullSink, 5);
    int s2 = el(g, "s2", &Src, 6);
    conn(g, s, 0, x, 0, 7);
    conn(g, x, 1, d, 0, 8);
    conn(g, s2, 0, q, 0, 9);
    conn(g, q, 0, x, 1, 10);
    conn(g, x, 0, k, 0, 11);
    return g;
}

TEST(check_flow_code_negated_hash)
{
    /* "#/[^#]" and "[^#]/#": input K flows to every output but K. */
    FAKE(CrossOut, "2/2", "a/a", "#/[^#]", true);
    FAKE(CrossIn, "2/2", "a/a", "[^#]/#", true);
    Graph *g = crossed_lanes(&CrossOut);
    EXPECT_CHECK(g, true, "");
    free_graph(g);
    g = crossed_lanes(&CrossIn);
    EXPECT_CHECK(g, true, "");
    free_graph(g);
    /* the straight lanes of "#/#" are the wrong ones here */
    g = crossed_lanes(&Straight);
    bool ok;
    char *out = run_check(g, true, false, &ok, NULL);
    CHECK(!ok);
    CHECK(strstr(out, "error: agnostic 'x' would be ") != NULL);
    free(out);
    free_graph(g);
}

TEST(check_flow_code_negated_set_holds_every_port_number)
{
    /* "[^x]/#": the input's set, everything but 'x', holds every '#',
     * so packets flow from the input to the output. */
    FAKE(AllBut, "1/1", "a/a", "[^x]/#", true);
    Graph *g = new_graph();
    int s = el(g, "s", &Src, 1);
    int x = el(g, "x", &AllBut, 2);
    int k = el(g, "k", &PullSink, 3);
    conn(g, s, 0, x, 0, 4);
    conn(g, x, 0, k, 0, 5);
    bool ok;
    char *out = run_check(g, true, false, &ok, NULL);
    CHECK(!ok);
    CHECK(strstr(out, "error: agnostic 'x' would be push on input 0 and "
                      "pull on output 0") != NULL);
    free(out);
    free_graph(g);
}

TEST(check_push_output_used_twice)
{
    Graph *g = new_graph();
    int s = el(g, "s", &Src, 1);
    int a = el(g, "a", &Sink, 2), b = el(g, "b", &Sink, 3);
    conn(g, s, 0, a, 0, 4);
    conn(g, s, 0, b, 0, 5);
    EXPECT_CHECK(g, false,
                 "t.click:5:5: error: 's' push output 0 is connected to more "
                 "than one input\n"
                 "t.click:4:5: note: 's' output 0 first connected here\n");
    free_graph(g);
}

TEST(check_push_input_fed_twice_is_fine)
{
    Graph *g = new_graph();
    int s = el(g, "s", &Src, 1), s2 = el(g, "s2", &Src, 2);
    int k = el(g, "k", &Sink, 3);
    conn(g, s, 0, k, 0, 4);
    conn(g, s2, 0, k, 0, 5);
    EXPECT_CHECK(g, true, "");
    free_graph(g);
}

TEST(check_pull_input_fed_twice)
{
    Graph *g = new_graph();
    int p = el(g, "p", &PullSrc, 1), p2 = el(g, "p2", &PullSrc, 2);
    int k = el(g, "k", &PullSink, 3);
    conn(g, p, 0, k, 0, 4);
    conn(g, p2, 0, k, 0, 5);
    EXPECT_CHECK(g, false,
                 "t.click:5:5: error: 'k' pull input 0 is connected to more "
                 "than one output\n"
                 "t.click:4:5: note: 'k' input 0 first connected here\n");
    free_graph(g);
}

TEST(check_pull_output_used_twice_is_fine)
{
    Graph *g = new_graph();
    int s = el(g, "s", &Src, 1);
    int q = el(g, "q", &Q, 2);
    int k = el(g, "k", &PullSink, 3), k2 = el(g, "k2", &PullSink, 4);
    conn(g, s, 0, q, 0, 5);
    conn(g, q, 0, k, 0, 6);
    conn(g, q, 0, k2, 0, 7);
    EXPECT_CHECK(g, true, "");
    free_graph(g);
}

TEST(check_agnostic_output_resolved_push_used_twice)
{
    Graph *g = new_graph();
    int s = el(g, "s", &Src, 1);
    int a = el(g, "a", &Agn, 2);
    int d = el(g, "d", &Sink, 3), d2 = el(g, "d2", &Sink, 4);
    conn(g, s, 0, a, 0, 5);
    conn(g, a, 0, d, 0, 6);
    conn(g, a, 0, d2, 0, 7);
    EXPECT_CHECK(g, false,
                 "t.click:7:5: error: 'a' push output 0 is connected to more "
                 "than one input\n"
                 "t.click:6:5: note: 'a' output 0 first connected here\n");
    free_graph(g);
}

/* ---- Warnings and order ------------------------------------------------ */

TEST(check_hardware_warning_once_at_first_use)
{
    Graph *g = new_graph();
    int s = el(g, "s", &Src, 1);
    int a = el(g, "a", &Soft, 2);
    int b = el(g, "b", &Soft, 3);
    int k = el(g, "k", &Sink, 4);
    conn(g, s, 0, a, 0, 5);
    conn(g, a, 0, b, 0, 6);
    conn(g, b, 0, k, 0, 7);
    Diag d;
    bool ok;
    char *out = run_check(g, true, false, &ok, &d);
    CHECK_STR_EQ(out, "t.click:2:1: warning: 'Soft' has no hardware "
                      "implementation yet\n");
    CHECK(ok);
    CHECK_INT_EQ(d.warnings, 1);
    CHECK(!diag_failed(&d));
    free(out);

    out = run_check(g, true, true, &ok, &d);
    CHECK_STR_EQ(out, "t.click:2:1: error: 'Soft' has no hardware "
                      "implementation yet [-Werror]\n");
    CHECK(diag_failed(&d));
    free(out);

    out = run_check(g, false, false, &ok, &d);
    CHECK_STR_EQ(out, "");
    CHECK_INT_EQ(d.warnings, 0);
    free(out);
    free_graph(g);
}

TEST(check_hardware_warnings_wait_for_a_valid_graph)
{
    /* With an error in the graph, elaboration is out of reach: only the
     * error is reported. */
    Graph *g = new_graph();
    int s = el(g, "s", &Src, 1);
    int a = el(g, "a", &Soft, 2);
    int k = el(g, "k", &PullSink, 3);
    conn(g, s, 0, a, 0, 4);
    conn(g, a, 0, k, 0, 5);
    Diag d;
    bool ok;
    char *out = run_check(g, true, false, &ok, &d);
    CHECK(!ok);
    CHECK(strstr(out, "error: agnostic 'a' would be push") != NULL);
    CHECK(strstr(out, "warning") == NULL);
    CHECK_INT_EQ(d.warnings, 0);
    free(out);
    free_graph(g);
}

TEST(check_reports_in_source_order)
{
    /* Found in stage order (class, ports, processing), printed by line. */
    Graph *g = new_graph();
    int s = el(g, "s", &Src, 1);
    int k = el(g, "k", &PullSink, 2);
    int t = el(g, "t", &Two, 3);
    elem(g, "x", NULL, "Nonesuch", 9);
    conn(g, s, 0, k, 0, 4);
    conn(g, s, 0, t, 0, 5);
    conn(g, t, 0, k, 1, 6);
    EXPECT_CHECK(g, false,
                 "t.click:3:1: error: too few outputs for 't' ('Two' has 2 "
                 "outputs, 1 connected)\n"
                 "t.click:4:5: error: 's' push output 0 is connected to 'k' "
                 "pull input 0\n"
                 "t.click:5:5: error: 's' push output 0 is connected to more "
                 "than one input\n"
                 "t.click:4:5: note: 's' output 0 first connected here\n"
                 "t.click:6:5: error: 'k' has no input 1 ('PullSink' has 1 "
                 "input)\n"
                 "t.click:9:1: error: unknown element class 'Nonesuch'\n");
    free_graph(g);
}

TEST(check_underlines_name_and_arrow)
{
    Graph *g = new_graph();
    int s = el(g, "s", &Src, 1);
    int k = el(g, "sink", &PullSink, 2);
    g->elems[k].loc.text = "sink :: PullSink;";
    g->elems[k].loc.text_len = 17;
    conn(g, s, 0, k, 0, 3);
    g->conns[0].loc = (SrcLoc){.file = "t.click", .line = 3, .col = 3,
                               .text = "s -> sink;", .text_len = 10};
    EXPECT_CHECK(g, false,
                 "t.click:3:3: error: 's' push output 0 is connected to "
                 "'sink' pull input 0\n"
                 "    3 | s -> sink;\n"
                 "      |   ^~\n");
    free_graph(g);
    g = new_graph();
    elem(g, "c", NULL, "Nonesuch", 1);
    g->elems[0].loc.text = "Nonesuch;";
    g->elems[0].loc.text_len = 9;
    g->elems[0].anonymous = true;
    EXPECT_CHECK(g, false,
                 "t.click:1:1: error: unknown element class 'Nonesuch'\n"
                 "    1 | Nonesuch;\n"
                 "      | ^~~~~~~~\n");
    free_graph(g);
}

TEST(check_port_proc_out_of_range_is_agnostic)
{
    Graph *g = new_graph();
    int s = el(g, "s", &Src, 1);
    int k = el(g, "k", &Sink, 2);
    conn(g, s, 0, k, 0, 3);
    /* not checked yet: nothing known */
    CHECK_INT_EQ(graph_port_proc(g, s, true, 0), PROC_AGNOSTIC);
    EXPECT_CHECK(g, true, "");
    CHECK_INT_EQ(graph_port_proc(g, s, true, 0), PROC_PUSH);
    CHECK_INT_EQ(graph_port_proc(g, s, true, 1), PROC_AGNOSTIC);
    CHECK_INT_EQ(graph_port_proc(g, s, false, 0), PROC_AGNOSTIC);
    CHECK_INT_EQ(graph_port_proc(g, 7, false, 0), PROC_AGNOSTIC);
    free_graph(g);
}

/* ---- Scale ------------------------------------------------------------- */

/* src -> N agnostic -> queue -> N agnostic -> pull sink, connections
 * listed last-first so that a pass over the connections in order would
 * move the processing one element per pass. */
TEST(check_long_agnostic_chains_are_linear)
{
    enum { N = 50000 };
    Graph *g = new_graph();
    g->elems = xmalloc(sizeof *g->elems * (2 * N + 3));
    g->elems_cap = 2 * N + 3;
    g->conns = xmalloc(sizeof *g->conns * (2 * N + 2));
    g->conns_cap = 2 * N + 2;
    char *names = arena_alloc(&g->arena, (size_t)(2 * N + 3) * 12);
    for (int i = 0; i < 2 * N + 3; i++) {
        const ElementClass *cls = i == 0 ? &Src : i == N + 1 ? &Q
                                : i == 2 * N + 2 ? &PullSink : &Agn;
        char *name = names + 12 * i;
        snprintf(name, 12, "e%d", i);
        el(g, name, cls, i + 1);
    }
    for (int i = 2 * N + 1; i >= 0; i--)
        conn(g, i, 0, i + 1, 0, 2 * N + 4 + i);
    clock_t t0 = clock();
    bool ok;
    char *out = run_check(g, true, false, &ok, NULL);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECK_STR_EQ(out, "");
    CHECK(ok);
    CHECK(secs < 1.0);
    CHECK_INT_EQ(graph_port_proc(g, N, true, 0), PROC_PUSH);
    CHECK_INT_EQ(graph_port_proc(g, N + 2, false, 0), PROC_PULL);
    CHECK_INT_EQ(graph_port_proc(g, 2 * N + 1, true, 0), PROC_PULL);
    free(out);
    free_graph(g);
}

/* ---- DOT --------------------------------------------------------------- */

static char *dot_of(const Graph *g)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    dot_print(g, f);
    fclose(f);
    return buf;
}

TEST(dot_nodes_ports_and_processing)
{
    Graph *g = new_graph();
    int s = el(g, "src", &Src, 1);
    int q = el(g, "r/q", &Q, 2);
    int k = el(g, "Sink@3", &PullSink, 3);
    conn(g, s, 0, q, 0, 4);
    conn(g, q, 0, k, 0, 5);
    EXPECT_CHECK(g, true, "");
    char *out = dot_of(g);
    CHECK(strncmp(out, "/*", 2) == 0);
    CHECK(strstr(out, "\ndigraph \"t.click\" {\n") != NULL);
    CHECK(strstr(out, "    \"r/q\" [label=<") != NULL);
    CHECK(strstr(out, "<b>Sink@3</b><br/>PullSink") != NULL);
    CHECK(strstr(out, "<td port=\"i0\" bgcolor=\"gray20\"><font "
                      "color=\"white\">0</font></td>") != NULL);
    CHECK(strstr(out, "<td port=\"o0\" bgcolor=\"white\"><font "
                      "color=\"black\">0</font></td>") != NULL);
    CHECK(strstr(out, "\"src\":o0:s -> \"r/q\":i0:n [style=solid, "
                      "arrowhead=normal];\n") != NULL);
    CHECK(strstr(out, "\"r/q\":o0:s -> \"Sink@3\":i0:n [style=dashed, "
                      "arrowhead=empty];\n") != NULL);
    CHECK(strcmp(out + strlen(out) - 2, "}\n") == 0);
    free(out);
    free_graph(g);
}

TEST(dot_escapes_names_and_configs)
{
    Graph *g = new_graph();
    g->file = "a \"b\"\\c.click";
    int s = el(g, "we\"ird\\name", &Src, 1);
    int k = el(g, "k", &Sink, 2);
    g->elems[s].config = "A <b> & \"c\"\\d\n\te";
    g->elems[k].config = "0123456789012345678901234567890123456789XYZ";
    conn(g, s, 0, k, 0, 3);
    char *out = dot_of(g);
    CHECK(strstr(out, "digraph \"a \\\"b\\\"\\\\c.click\" {") != NULL);
    CHECK(strstr(out, "    \"we\\\"ird\\\\name\" [label=<") != NULL);
    CHECK(strstr(out, "<b>we&quot;ird\\name</b>") != NULL);
    CHECK(strstr(out, "Src(A &lt;b&gt; &amp; &quot;c&quot;\\d e)") != NULL);
    CHECK(strstr(out, "tooltip=\"A <b> & \\\"c\\\"\\\\d e\"") != NULL);
    CHECK(strstr(out, "Sink(0123456789012345678901234567890123456789...)") !=
          NULL);
    CHECK(strstr(out, "XYZ)") == NULL);
    /* unchecked graph: processing unknown, edges dotted */
    CHECK(strstr(out, "[style=dotted, arrowhead=normal]") != NULL);
    free(out);
    free_graph(g);
}

TEST(dot_invalid_utf8_and_cut_characters)
{
    Graph *g = new_graph();
    int s = el(g, "s", &Src, 1);
    /* 39 ASCII bytes then a 2-byte character across the cut, then an
     * invalid byte that must not reach the output. */
    g->elems[s].config = "012345678901234567890123456789012345678\xc3\xa9zz";
    int t = el(g, "t", &Src, 2);
    g->elems[t].config = "a\xff" "b";
    char *out = dot_of(g);
    CHECK(strstr(out, "Src(012345678901234567890123456789012345678...)") !=
          NULL);
    CHECK(strstr(out, "Src(a?b)") != NULL);
    CHECK(strchr(out, '\xff') == NULL);
    free(out);
    free_graph(g);
}
