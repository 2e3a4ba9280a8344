/*
 * test_frontend.c -- the Click front end: tokens, configuration strings,
 * parameter substitution, parsing and compound expansion.
 */
#include "fpgagen.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>

/* ---- Helpers ------------------------------------------------------------ */

typedef struct Lexed {
    Diag d;
    FILE *err;
    Arena arena;
    Lexer lx;
} Lexed;

static void lex_open(Lexed *l, const char *src)
{
    memset(l, 0, sizeof *l);
    l->err = fopen("/dev/null", "w");
    diag_init(&l->d, l->err);
    lexer_init(&l->lx, &l->d, &l->arena, "t.click", src, strlen(src));
}

static void lex_close(Lexed *l)
{
    arena_free(&l->arena);
    fclose(l->err);
}

/* Kinds of all tokens of src, as text: identifiers as themselves, other
 * tokens in brackets. */
static char *lex_all(const char *src)
{
    Lexed l;
    lex_open(&l, src);
    StrBuf sb = {0};
    for (;;) {
        Token t = lexer_next(&l.lx);
        if (t.kind == TK_EOF)
            break;
        if (sb.len)
            sb_putc(&sb, ' ');
        if (t.kind == TK_IDENT)
            sb_printf(&sb, "%.*s", t.len, t.text);
        else if (t.kind == TK_VAR)
            sb_printf(&sb, "$%.*s", t.len, t.text);
        else if (t.kind >= TK_EOF)
            sb_printf(&sb, "<%.*s>", t.len, t.text);
        else
            sb_printf(&sb, "'%c'", t.kind);
    }
    lex_close(&l);
    char *r = xstrdup(sb_str(&sb));
    sb_free(&sb);
    return r;
}

/* Loads src; the diagnostics go to *errs (caller frees). */
static Graph *load(const char *src, char **errs, int *nerrors)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    Diag d;
    diag_init(&d, f);
    Graph *g = frontend_load(&d, "t.click", src, strlen(src));
    fclose(f);
    if (nerrors)
        *nerrors = d.errors;
    if (errs)
        *errs = buf;
    else
        free(buf);
    return g;
}

/* The flat text of src (no errors expected). */
static char *flat(const char *src)
{
    int nerr;
    char *errs;
    Graph *g = load(src, &errs, &nerr);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (nerr)
        fprintf(f, "ERRORS:\n%s", errs);
    else
        flatten_print(g, f);
    fclose(f);
    free(errs);
    graph_free(g);
    return buf;
}

/* Element names of the flat graph, space separated, with classes. */
static char *decls(const Graph *g)
{
    StrBuf sb = {0};
    for (int i = 0; i < g->nelems; i++)
        sb_printf(&sb, "%s%s::%s", i ? " " : "", g->elems[i].name,
                  g->elems[i].class_name);
    char *r = xstrdup(sb_str(&sb));
    sb_free(&sb);
    return r;
}

static char *conns(const Graph *g)
{
    StrBuf sb = {0};
    for (int i = 0; i < g->nconns; i++) {
        const Connection *c = &g->conns[i];
        sb_printf(&sb, "%s%s[%d]->[%d]%s", i ? " " : "",
                  g->elems[c->from].name, c->from_port, c->to_port,
                  g->elems[c->to].name);
    }
    char *r = xstrdup(sb_str(&sb));
    sb_free(&sb);
    return r;
}

#define CHECK_OWNED_STR_EQ(expr, want)                                    \
    do {                                                                 \
        char *got_ = (expr);                                             \
        CHECK_STR_EQ(got_, want);                                        \
        free(got_);                                                      \
    } while (0)

/* ---- Tokens -------------------------------------------------------------- */

TEST(lexer_tokens)
{
    /* Without a parser asking for a configuration string, "1" is an
     * identifier like any word. */
    CHECK_OWNED_STR_EQ(lex_all("a::B(1)->[2]c;"),
                       "a <::> B '(' 1 ')' <->> '[' 2 ']' c ';'");
    CHECK_OWNED_STR_EQ(lex_all("x => y || z ... $var_1 $"),
                       "x <=>> y <||> z <...> $var_1 '$'");
    CHECK_OWNED_STR_EQ(lex_all("elementclass require provide define "
                               "connectiontunnel elementclassX"),
                       "<elementclass> <require> <provide> <define> "
                       "<connectiontunnel> elementclassX");
}

TEST(lexer_identifiers_and_comments)
{
    /* A comment ends an identifier; no identifier has "//" in it. */
    CHECK_OWNED_STR_EQ(lex_all("an/identifier/with/slashes//too/many\nb"),
                       "an/identifier/with/slashes b");
    CHECK_OWNED_STR_EQ(lex_all("a/ b /c x@1/y_2"), "a '/' b '/' c x@1/y_2");
    CHECK_OWNED_STR_EQ(lex_all("a /* x -> y\n */ b // c\n d"), "a b d");
    CHECK_OWNED_STR_EQ(lex_all("#!/usr/bin/click\nIdle"), "Idle");
}

TEST(lexer_locations_and_line_directives)
{
    Lexed l;
    lex_open(&l, "a\n  b /* 1\n2 */ c\n# 40 \"other.click\"\nd\n#line 7\ne");
    int want_line[] = {1, 2, 3, 40, 7};
    int want_col[] = {1, 3, 6, 1, 1};
    const char *want_file[] = {"t.click", "t.click", "t.click", "other.click",
                               "other.click"};
    const char *want_text[] = {"a", "  b /* 1", "2 */ c", "d", "e"};
    for (int i = 0; i < 5; i++) {
        Token t = lexer_next(&l.lx);
        CHECK_INT_EQ(t.kind, TK_IDENT);
        CHECK_INT_EQ(t.loc.line, want_line[i]);
        CHECK_INT_EQ(t.loc.col, want_col[i]);
        CHECK_STR_EQ(t.loc.file, want_file[i]);
        char *text = xstrndup(t.loc.text, (size_t)t.loc.text_len);
        CHECK_STR_EQ(text, want_text[i]);
        free(text);
    }
    CHECK_INT_EQ(lexer_next(&l.lx).kind, TK_EOF);
    CHECK_INT_EQ(l.d.errors, 0);
    lex_close(&l);
}

TEST(lexer_bad_directive_and_comment)
{
    Lexed l;
    lex_open(&l, "# not a directive\nx /* open");
    Token t = lexer_next(&l.lx);
    CHECK_INT_EQ(t.kind, TK_IDENT);
    CHECK_INT_EQ(t.loc.line, 2);
    CHECK_INT_EQ(lexer_next(&l.lx).kind, TK_EOF);
    CHECK_INT_EQ(l.d.errors, 2);    /* the directive and the comment */
    lex_close(&l);
}

static char *config_of(const char *src, int *errors)
{
    Lexed l;
    lex_open(&l, src);
    Token open = lexer_next(&l.lx);
    const char *text;
    int len;
    SrcLoc loc;
    bool ok = lexer_config(&l.lx, open.loc, &text, &len, &loc);
    char *r = ok ? xstrndup(text, (size_t)len) : xstrdup("<unterminated>");
    if (ok && lexer_next(&l.lx).kind != ')')
        r[0] = '!';
    *errors = l.d.errors;
    lex_close(&l);
    return r;
}

TEST(lexer_configuration_strings)
{
    int e;
    CHECK_OWNED_STR_EQ(config_of("(simple string)", &e), "simple string");
    CHECK_OWNED_STR_EQ(config_of("(with (balanced) parens)", &e),
                       "with (balanced) parens");
    CHECK_OWNED_STR_EQ(config_of("(a \")quoted\" paren)", &e),
                       "a \")quoted\" paren");
    CHECK_OWNED_STR_EQ(config_of("(// end of line )\n still going!)", &e),
                       "// end of line )\n still going!");
    CHECK_OWNED_STR_EQ(config_of("(/* star ) */ and \\<29>)", &e),
                       "/* star ) */ and \\<29>");
    CHECK_OWNED_STR_EQ(config_of("('it''s' \"\\\")\")", &e),
                       "'it''s' \"\\\")\"");
    CHECK_INT_EQ(e, 0);
    CHECK_OWNED_STR_EQ(config_of("(never closed", &e), "<unterminated>");
    CHECK_INT_EQ(e, 1);
    CHECK_OWNED_STR_EQ(config_of("(\"open quote)", &e), "<unterminated>");
    CHECK_INT_EQ(e, 1);
}

/* ---- Configuration arguments ---------------------------------------------- */

static char *joined(const StrVec *v)
{
    StrBuf sb = {0};
    for (int i = 0; i < v->n; i++)
        sb_printf(&sb, "%s[%s]", i ? " " : "", v->items[i]);
    char *r = xstrdup(sb_str(&sb));
    sb_free(&sb);
    return r;
}

static char *argvec(const char *s, bool space)
{
    Arena a = {0};
    StrVec v = {0};
    if (space)
        config_spacevec(&a, s, strlen(s), &v);
    else
        config_argvec(&a, s, strlen(s), &v);
    char *r = joined(&v);
    strvec_free(&v);
    arena_free(&a);
    return r;
}

TEST(config_argvec_rules)
{
    CHECK_OWNED_STR_EQ(argvec("a, b, c", false), "[a] [b] [c]");
    CHECK_OWNED_STR_EQ(argvec("  a /*?*/ b,  c, ", false), "[a b] [c]");
    CHECK_OWNED_STR_EQ(argvec("\"x, y\" // ?", false), "[\"x, y\"]");
    CHECK_OWNED_STR_EQ(argvec("a,,b", false), "[a] [] [b]");
    CHECK_OWNED_STR_EQ(argvec("1, /* comment */", false), "[1]");
    CHECK_OWNED_STR_EQ(argvec("a   b", false), "[a   b]");
    CHECK_OWNED_STR_EQ(argvec("", false), "");
    CHECK_OWNED_STR_EQ(argvec("f(1, 2)", false), "[f(1] [2)]");
    CHECK_OWNED_STR_EQ(argvec("a  b, c", true), "[a] [b,] [c]");
    CHECK_OWNED_STR_EQ(argvec("  'a /*?*/ b'c d/*x*/e", true),
                       "['a /*?*/ b'c] [d] [e]");
}

static char *unquote(const char *s)
{
    Arena a = {0};
    char *r = xstrdup(config_unquote(&a, s, strlen(s)));
    arena_free(&a);
    return r;
}

TEST(config_quoting)
{
    CHECK_OWNED_STR_EQ(unquote("\"\\n\" abc /* 123 */ '/* def */'"),
                       "\n abc /* def */");
    CHECK_OWNED_STR_EQ(unquote("a\"b\"c"), "abc");
    CHECK_OWNED_STR_EQ(unquote("\\<48 45 4c 4C 4f>"), "HELLO");
    CHECK_OWNED_STR_EQ(unquote("\"\\x41\\102\\t\\$\""), "AB\t$");
    CHECK_OWNED_STR_EQ(unquote("'\\n'"), "\\n");
    Arena a = {0};
    CHECK_STR_EQ(config_quote(&a, "a \"b\" $c\n"), "\"a \\\"b\\\" \\$c\\n\"");
    CHECK_STR_EQ(config_quote(&a, ""), "\"\"");
    const char *kw_end, *rest, *arg = "COUNT  3";
    CHECK(config_keyword(arg, &kw_end, &rest));
    CHECK_INT_EQ(kw_end - arg, 5);
    CHECK_STR_EQ(rest, "3");
    CHECK(!config_keyword("a,b 3", &kw_end, &rest));
    CHECK(config_keyword("KEY", &kw_end, &rest));
    CHECK_STR_EQ(rest, "");
    arena_free(&a);
}

/* ---- Parameter substitution ------------------------------------------------- */

static char *subst(const char *s)
{
    static const FeVar outer[] = {
        {"a", "1", {0}}, {"b", "x y z", {0}}, {"s", "two words", {0}},
        {"r", "$a$a", {0}}, {"loop", "$loop!", {0}},
    };
    static const FeVar inner[] = {{"a", "inner", {0}}};
    VarEnv top = {NULL, 0, outer, 5};
    VarEnv in = {&top, 1, inner, 1};
    Arena ar = {0};
    size_t budget = 1000;
    char *r = xstrdup(config_expand(&ar, s, strncmp(s, "in:", 3) ? &top : &in,
                                    &budget));
    arena_free(&ar);
    return r;
}

TEST(config_expand_rules)
{
    CHECK_OWNED_STR_EQ(subst("$a, ${a}x, $ax"), "1, 1x, $ax");
    CHECK_OWNED_STR_EQ(subst("${nope-dflt} ${a-dflt} $nope"),
                       "dflt 1 $nope");
    CHECK_OWNED_STR_EQ(subst("${b[1]} ${b[7]}."), "y .");
    CHECK_OWNED_STR_EQ(subst("'$a' \"$a\" $a"), "'$a' \"1\" 1");
    CHECK_OWNED_STR_EQ(subst("\"$s\" $s"), "\"two words\" two words");
    CHECK_OWNED_STR_EQ(subst("/* $a */ $a // $a"), "/* $a */ 1 // $a");
    CHECK_OWNED_STR_EQ(subst("$r"), "11");
    CHECK_OWNED_STR_EQ(subst("in: $a $s"), "in: inner two words");
    /* Self reference stops after a bounded depth. */
    char *l = subst("$loop");
    CHECK(strncmp(l, "$loop!", 6) != 0 || strlen(l) > 6);
    CHECK(strlen(l) < 40);
    free(l);
    CHECK_OWNED_STR_EQ(subst("${a"), "${a");
    CHECK_OWNED_STR_EQ(subst("cost $$ $? $(x)"), "cost $$ $? $(x)");
}

TEST(config_expand_budget)
{
    static const FeVar v[] = {{"x", "$y$y$y$y$y$y$y$y", {0}},
                              {"y", "$z$z$z$z$z$z$z$z", {0}},
                              {"z", "0123456789abcdef", {0}}};
    VarEnv env = {NULL, 0, v, 3};
    Arena a = {0};
    size_t budget = 100;
    char *r = config_expand(&a, "$x", &env, &budget);
    CHECK_INT_EQ(budget, 0);
    CHECK(strlen(r) <= 100);
    arena_free(&a);
}

/* ---- Parsing and expansion ---------------------------------------------------- */

TEST(anonymous_names_count_elements)
{
    Graph *g = load("a :: Idle; Idle -> Counter -> a; Discard;", NULL, NULL);
    CHECK_OWNED_STR_EQ(decls(g),
                       "a::Idle Idle@2::Idle Counter@3::Counter "
                       "Discard@4::Discard");
    graph_free(g);
    /* A declared name takes precedence; the anonymous one moves on. */
    g = load("Idle -> Discard; Idle@1 :: Idle; Idle@2 :: Idle;", NULL, NULL);
    CHECK_OWNED_STR_EQ(decls(g), "Idle@3::Idle Discard@2::Discard "
                                 "Idle@1::Idle Idle@2::Idle");
    graph_free(g);
}

TEST(multiple_declarations_share_class)
{
    int nerr;
    Graph *g = load("a, b, c :: Counter(1);", NULL, &nerr);
    CHECK_INT_EQ(nerr, 0);
    CHECK_OWNED_STR_EQ(decls(g), "a::Counter b::Counter c::Counter");
    CHECK_STR_EQ(g->elems[1].config, "1");
    graph_free(g);
    /* In a connection each declaration names one element: d is not
     * declared (click(5), "Many-to-one connections"). */
    char *errs;
    g = load("d, e :: Paint(2) -> Discard;", &errs, &nerr);
    CHECK_INT_EQ(nerr, 1);
    CHECK(strstr(errs, "undeclared element 'd'"));
    CHECK_OWNED_STR_EQ(decls(g), "e::Paint Discard@2::Discard");
    CHECK_OWNED_STR_EQ(conns(g), "e[0]->[0]Discard@2");
    free(errs);
    graph_free(g);
}

TEST(many_to_many_ports)
{
    Graph *g = load("t :: Tee(3); Idle -> t;\n"
                    "t => Paint(0), Paint(1), Paint(2) -> d :: Discard;\n"
                    "s :: Idle; s, s [1] -> [1] q :: Null;",
                    NULL, NULL);
    CHECK_OWNED_STR_EQ(conns(g),
                       "Idle@2[0]->[0]t t[0]->[0]Paint@3 t[1]->[0]Paint@4 "
                       "t[2]->[0]Paint@5 Paint@3[0]->[0]d Paint@4[0]->[0]d "
                       "Paint@5[0]->[0]d s[0]->[1]q s[1]->[1]q");
    graph_free(g);
    g = load("c :: Tee; c[0,1,2] => [2,1,0] n :: Null;\n"
             "c [3,] => [4] m :: Null, [1] m2 :: Null;\n", NULL, NULL);
    CHECK_OWNED_STR_EQ(conns(g),
                       "c[0]->[2]n c[1]->[1]n c[2]->[0]n c[3]->[4]m "
                       "c[4]->[1]m2");
    graph_free(g);
}

TEST(compound_expansion_and_origin)
{
    const char *src =
        "elementclass Two { $n | input -> c :: Counter -> Paint($n) -> output }\n"
        "Idle -> t :: Two(7) -> Discard;\n";
    Graph *g = load(src, NULL, NULL);
    CHECK_OWNED_STR_EQ(decls(g), "Idle@1::Idle Discard@3::Discard "
                                 "t/c::Counter t/Paint@2::Paint");
    CHECK_OWNED_STR_EQ(conns(g), "t/c[0]->[0]t/Paint@2 "
                                 "t/Paint@2[0]->[0]Discard@3 "
                                 "Idle@1[0]->[0]t/c");
    int i = graph_find(g, "t/Paint@2");
    CHECK(i >= 0);
    CHECK_STR_EQ(g->elems[i].config, "7");
    CHECK(g->elems[i].anonymous);
    CHECK(g->elems[i].origin != NULL);
    CHECK_STR_EQ(g->elems[i].origin->instance, "t");
    CHECK_STR_EQ(g->elems[i].origin->compound, "Two");
    CHECK_INT_EQ(g->elems[i].origin->loc.line, 2);
    CHECK_INT_EQ(g->elems[i].loc.line, 1);
    CHECK_INT_EQ(g->elems[i].config_loc.col, 56);
    CHECK_INT_EQ(graph_find(g, "t"), -1);
    CHECK_INT_EQ(graph_find(g, "nothing"), -1);
    graph_free(g);
}

TEST(overloads_and_keywords)
{
    const char *src =
        "elementclass Q { input -> Queue -> output\n"
        "  || $cap | input -> Queue($cap) -> output\n"
        "  || $cap, LIMIT $l, __REST__ $r | input -> Queue($cap, $l; $r) "
        "-> output }\n"
        "a :: Q; b :: Q(5); c :: Q(1, 2, LIMIT 3, FOO 4);\n"
        "Idle -> a -> Discard; Idle -> b -> Discard; Idle -> c -> Discard;\n";
    int nerr;
    Graph *g = load(src, NULL, &nerr);
    CHECK_INT_EQ(nerr, 0);
    CHECK_STR_EQ(g->elems[graph_find(g, "a/Queue@1")].config, "");
    CHECK_STR_EQ(g->elems[graph_find(g, "b/Queue@1")].config, "5");
    CHECK_STR_EQ(g->elems[graph_find(g, "c/Queue@1")].config, "1, 3; 2, FOO 4");
    graph_free(g);
}

TEST(errors_are_counted_not_fatal)
{
    int nerr;
    char *errs;
    Graph *g = load("a :: Idle; a :: Idle; b -> a; x :: Tee(;\n", &errs, &nerr);
    CHECK(g != NULL);
    CHECK_INT_EQ(nerr, 3);
    CHECK(strstr(errs, "t.click:1:12: error: redeclaration of element 'a'"));
    CHECK(strstr(errs, "t.click:1:1: note: 'a' previously declared here"));
    CHECK(strstr(errs, "t.click:1:23: error: undeclared element 'b'"));
    CHECK(strstr(errs, "unterminated configuration string"));
    free(errs);
    graph_free(g);
}

TEST(recursion_is_an_error)
{
    int nerr;
    char *errs;
    Graph *g = load("elementclass A { input -> A -> output }\nx :: A;",
                    &errs, &nerr);
    CHECK_INT_EQ(nerr, 1);
    CHECK(strstr(errs, "element class 'A' used inside its own definition"));
    free(errs);
    graph_free(g);
    /* Deep nesting is refused before the stack runs out. */
    StrBuf sb = {0};
    for (int i = 0; i < 5000; i++)
        sb_puts(&sb, "x -> { input -> ");
    g = load(sb_str(&sb), &errs, &nerr);
    CHECK(nerr >= 1);
    CHECK(strstr(errs, "nested more than 100 deep"));
    free(errs);
    graph_free(g);
    sb_free(&sb);
}

TEST(exponential_expansion_is_bounded)
{
    StrBuf sb = {0};
    sb_puts(&sb, "elementclass C0 { input -> Null -> output }\n");
    for (int i = 1; i < 40; i++)
        sb_printf(&sb, "elementclass C%d { input -> C%d -> C%d -> output }\n",
                  i, i - 1, i - 1);
    sb_puts(&sb, "Idle -> C39 -> Discard;\n");
    int nerr;
    char *errs;
    Graph *g = load(sb_str(&sb), &errs, &nerr);
    CHECK(nerr >= 1);
    CHECK(strstr(errs, "configuration expands to more than"));
    free(errs);
    graph_free(g);
    sb_free(&sb);
}

TEST(flatten_layout)
{
    CHECK_OWNED_STR_EQ(flat("require(fast);\na :: Idle;\n"
                            "a -> Counter -> [1] b :: Null;\nb -> a;"),
                       "require(package \"fast\");\n\n"
                       "# 2 \"t.click\"\na :: Idle;\n"
                       "# 3 \"t.click\"\nCounter@2 :: Counter;\n"
                       "# 3 \"t.click\"\nb :: Null;\n"
                       "# 10 \"\"\n"
                       "b -> a\n    -> Counter@2\n    -> [1] b;\n");
}

TEST(large_configuration_loads)
{
    enum { N = 20000 };
    StrBuf sb = {0};
    sb_puts(&sb, "elementclass P { $x | input -> Paint($x) -> output }\n"
                 "Idle -> p0 :: P(0);\n");
    for (int i = 1; i < N; i++)
        sb_printf(&sb, "p%d -> p%d :: P(%d);\n", i - 1, i, i);
    sb_printf(&sb, "p%d -> Discard;\n", N - 1);
    int nerr;
    Graph *g = load(sb_str(&sb), NULL, &nerr);
    CHECK_INT_EQ(nerr, 0);
    CHECK_INT_EQ(g->nelems, N + 2);
    CHECK_INT_EQ(g->nconns, N + 1);
    int i = graph_find(g, "p12345/Paint@1");
    CHECK(i >= 0);
    CHECK_STR_EQ(g->elems[i].config, "12345");
    graph_free(g);
    sb_free(&sb);
}
