/*
 * parse.c -- Click language statements into per-scope routers.
 *
 * The grammar is Click 2.1's (click(5)): declarations and connections with
 * comma lists, port lists and "=>" many-to-many connectors, anonymous
 * elements, element groups "( ... )" with implicit input/output, compound
 * classes with formals, "||" overloads and "...", synonyms, require(),
 * define(), and Click 1.x connectiontunnel.  Each scope (the file, each
 * compound definition) becomes a small router as Click's tools build it;
 * expand.c flattens them.  The parser is recursive descent with an
 * explicit nesting limit, so hostile input cannot exhaust the stack.
 */
#include "fpgagen.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum {
    MAX_PORT = 100000,              /* larger port numbers are refused */
    MAX_LIBRARY_BYTES = 64 << 20,   /* require(library FILE) */
};

typedef struct IntVec {
    int *v;
    int n, cap;
} IntVec;

static void iv_push(IntVec *iv, int x) { VEC_PUSH(iv->v, iv->n, iv->cap, x); }

typedef struct Parser {
    Frontend *fe;
    Diag *d;
    Lexer lx;
    FeScope *scope;         /* scope being parsed */
    int group_depth;        /* groups open (implicit input/output) */
    SrcLoc in_port_loc;     /* first input port list of the last element set */
    SrcLoc out_port_loc;    /* last output port list */
} Parser;

static bool statement(Parser *p, int nested);

/* ---- Small helpers ------------------------------------------------------ */

static Token lex(Parser *p) { return lexer_next(&p->lx); }
static void unlex(Parser *p, Token t) { lexer_unlex(&p->lx, t); }

static char *tokstr(Parser *p, const Token *t)
{
    return arena_strndup(&p->fe->arena, t->text, (size_t)t->len);
}

static int tokspan(const Token *t) { return t->len > 0 ? t->len : 1; }

static void syntax_error(Parser *p, const Token *t)
{
    char buf[96];
    diag_error(p->d, t->loc, tokspan(t), "syntax error near %s",
               token_desc(t, buf, sizeof buf));
}

static const char *kind_name(int kind, char *buf, size_t n)
{
    static const char *const names[] = {
        "end of input", "identifier", "variable", "'->'", "'=>'", "'::'",
        "'||'", "'...'", "'elementclass'", "'require'", "'provide'",
        "'define'", "'connectiontunnel'",
    };
    if (kind >= TK_EOF && kind <= TK_TUNNEL)
        return names[kind - TK_EOF];
    snprintf(buf, n, "'%c'", kind);
    return buf;
}

/* Reads a token of the given kind; otherwise puts it back and, unless
 * quiet, reports it. */
static bool expect(Parser *p, int kind, bool quiet)
{
    Token t = lex(p);
    if (t.kind == kind)
        return true;
    unlex(p, t);
    if (!quiet) {
        char b1[32], b2[96];
        diag_error(p->d, t.loc, tokspan(&t), "expected %s before %s",
                   kind_name(kind, b1, sizeof b1),
                   token_desc(&t, b2, sizeof b2));
    }
    return false;
}

/* ---- Connection sets ---------------------------------------------------- */

static size_t conn_hash(int a, int b, int c, int d)
{
    uint64_t h = (uint64_t)(unsigned)a << 32 | (unsigned)b;
    h = (h ^ (h >> 31)) * 0x9E3779B97F4A7C15ull;
    h ^= (uint64_t)(unsigned)c << 32 | (unsigned)d;
    h = (h ^ (h >> 29)) * 0xBF58476D1CE4E5B9ull;
    h = (h ^ (h >> 32)) * 0x94D049BB133111EBull;
    return (size_t)(h ^ (h >> 31));
}

static void connset_insert(ConnSet *s, const int *k)
{
    size_t mask = s->cap - 1, i = conn_hash(k[0], k[1], k[2], k[3]) & mask;
    while (s->slots[4 * i] >= 0)
        i = (i + 1) & mask;
    memcpy(&s->slots[4 * i], k, 4 * sizeof(int));
}

bool connset_add(ConnSet *s, int from, int from_port, int to, int to_port)
{
    if (s->cap) {
        size_t mask = s->cap - 1;
        size_t i = conn_hash(from, from_port, to, to_port) & mask;
        for (int *k; (k = &s->slots[4 * i])[0] >= 0; i = (i + 1) & mask)
            if (k[0] == from && k[1] == from_port && k[2] == to &&
                k[3] == to_port)
                return false;
    }
    if (2 * (s->len + 1) > s->cap) {
        ConnSet big = {.cap = s->cap ? 2 * s->cap : 64, .len = s->len};
        big.slots = xmalloc(4 * big.cap * sizeof(int));
        memset(big.slots, 0xff, 4 * big.cap * sizeof(int));
        for (size_t i = 0; i < s->cap; i++)
            if (s->slots[4 * i] >= 0)
                connset_insert(&big, &s->slots[4 * i]);
        free(s->slots);
        *s = big;
    }
    int k[4] = {from, from_port, to, to_port};
    connset_insert(s, k);
    s->len++;
    return true;
}

void connset_free(ConnSet *s)
{
    free(s->slots);
    memset(s, 0, sizeof *s);
}

/* ---- Scopes and elements ------------------------------------------------- */

static FeScope *new_scope(Frontend *fe, FeScope *parent)
{
    FeScope *sc = arena_alloc(&fe->arena, sizeof *sc);
    sc->parent = parent;
    sc->depth = parent ? parent->depth + 1 : 0;
    VEC_PUSH(fe->scopes, fe->nscopes, fe->scopes_cap, sc);
    return sc;
}

static int find_elem(const FeScope *sc, const char *name)
{
    void *v = strmap_get(&sc->elem_map, name);
    return v ? (int)((intptr_t)v - 1) : -1;
}

static void map_elem(FeScope *sc, const char *name, int idx)
{
    strmap_put(&sc->elem_map, name, idx < 0 ? NULL : (void *)(intptr_t)(idx + 1));
}

/* Returns the element called name, creating it if needed. */
static int get_element(Parser *p, const char *name, FeClass *cls,
                       const char *config, SrcLoc loc, SrcLoc config_loc)
{
    FeScope *sc = p->scope;
    int idx = find_elem(sc, name);
    if (idx >= 0)
        return idx;
    FeElem e = {
        .name = name, .cls = cls, .config = config ? config : "",
        .loc = loc, .config_loc = config_loc,
        .tunnel_in = -1, .tunnel_out = -1, .tunnel = cls == NULL,
        .anonymous = name[0] == ';',
    };
    VEC_PUSH(sc->elems, sc->nelems, sc->elems_cap, e);
    map_elem(sc, name, sc->nelems - 1);
    return sc->nelems - 1;
}

static int make_element(Parser *p, const char *name, SrcLoc loc, int span,
                        FeClass *cls, const char *config, SrcLoc config_loc)
{
    /* Click refuses names with an all-digit component ("1", "a/2"). */
    for (const char *s = name; *s;) {
        bool digits = true;
        for (; *s && *s != '/'; s++)
            if (!isdigit((unsigned char)*s))
                digits = false;
        if (digits) {
            diag_error(p->d, loc, span,
                       "element name '%s' has all-digit component", name);
            break;
        }
        if (*s)
            s++;
    }
    return get_element(p, name, cls, config, loc, config_loc);
}

/* Click's provisional name for an anonymous element: ";Class@N" with N
 * counting the scope's elements (input and output excluded). */
static char *anon_name(Parser *p, const char *class_name)
{
    return arena_printf(&p->fe->arena, ";%s@%d", class_name,
                        p->scope->nelems - p->scope->anon_offset + 1);
}

static void connect(Parser *p, int from, int fport, int to, int tport,
                    SrcLoc loc)
{
    FeScope *sc = p->scope;
    if (from < 0 || to < 0)
        return;             /* an undeclared element was reported */
    if (fport < 0)
        fport = 0;
    if (tport < 0)
        tport = 0;
    if (!connset_add(&sc->conn_set, from, fport, to, tport))
        return;             /* repeating a connection is allowed */
    FeConn c = {from, fport, to, tport, loc};
    VEC_PUSH(sc->conns, sc->nconns, sc->conns_cap, c);
    if (sc->elems[from].noutputs <= fport)
        sc->elems[from].noutputs = fport + 1;
    if (sc->elems[to].ninputs <= tport)
        sc->elems[to].ninputs = tport + 1;
}

/* Pairs tunnel ends: connections into namein come out of nameout. */
static void add_tunnel(Parser *p, const char *namein, const char *nameout,
                       SrcLoc loc)
{
    FeScope *sc = p->scope;
    int ein = get_element(p, namein, NULL, "", loc, loc);
    int eout = get_element(p, nameout, NULL, "", loc, loc);
    bool ok = true;
    const int ends[2] = {ein, eout};
    for (int k = 0; k < 2; k++)
        if (!sc->elems[ends[k]].tunnel) {
            const FeElem *old = &sc->elems[ends[k]];
            diag_error(p->d, loc, 1, "redeclaration of element '%s'",
                       old->name);
            diag_note(p->d, old->loc, 1, "'%s' previously declared here",
                      old->name);
            ok = false;
        }
    if (ok && sc->elems[ein].tunnel_out >= 0) {
        diag_error(p->d, loc, 1,
                   "redeclaration of connection tunnel input '%s'", namein);
        ok = false;
    }
    if (ok && sc->elems[eout].tunnel_in >= 0) {
        diag_error(p->d, loc, 1,
                   "redeclaration of connection tunnel output '%s'", nameout);
        ok = false;
    }
    if (ok) {
        sc->elems[ein].tunnel_out = eout;
        sc->elems[eout].tunnel_in = ein;
    }
}

/* Gives anonymous elements their final names: "Class@N", or the next free
 * number when a declared element already took that name. */
static void assign_names(FeScope *sc, Arena *a)
{
    for (int i = 0; i < sc->nelems; i++) {
        FeElem *e = &sc->elems[i];
        if (e->name[0] != ';')
            continue;
        const char *name = e->name + 1;
        if (find_elem(sc, name) >= 0) {
            const char *at = strrchr(name, '@');
            long n = 0;
            for (const char *s = at + 1; isdigit((unsigned char)*s); s++)
                if (n < INT_MAX / 10)
                    n = n * 10 + (*s - '0');
            int plen = (int)(at - name) + 1;
            do {
                n++;
                name = arena_printf(a, "%.*s%ld", plen, e->name + 1, n);
            } while (find_elem(sc, name) >= 0);
        }
        map_elem(sc, e->name, -1);
        e->name = name;
        map_elem(sc, name, i);
    }
}

/* ---- Classes ------------------------------------------------------------ */

static FeClass *lookup_class(Parser *p, const char *name)
{
    for (FeScope *sc = p->scope; sc; sc = sc->parent) {
        FeClass *c = strmap_get(&sc->class_map, name);
        if (c)
            return c;
    }
    FeClass *c = strmap_get(&p->fe->primitives, name);
    if (!c && registry_find(name)) {
        c = arena_alloc(&p->fe->arena, sizeof *c);
        c->kind = FC_PRIMITIVE;
        c->name = c->printable = arena_strdup(&p->fe->arena, name);
        strmap_put(&p->fe->primitives, c->name, c);
    }
    return c;
}

/* The compound class being defined around us whose name is name. */
static FeClass *enclosing_definition(Parser *p, const char *name)
{
    for (FeScope *sc = p->scope; sc; sc = sc->parent)
        if (sc->cls && strcmp(sc->cls->name, name) == 0)
            return sc->cls;
    return NULL;
}

static void recursion_error(Parser *p, const Token *t, FeClass *def)
{
    diag_error(p->d, t->loc, tokspan(t),
               "element class '%s' used inside its own definition "
               "(element classes cannot be recursive)", def->name);
    diag_note(p->d, def->loc, (int)strlen(def->name),
              "'%s' is defined here", def->name);
}

/* A class named by t: a visible class, or a primitive of that name. */
static FeClass *force_class(Parser *p, const Token *t)
{
    char *name = tokstr(p, t);
    FeClass *c = lookup_class(p, name);
    if (c)
        return c;
    FeClass *def = enclosing_definition(p, name);
    if (def)
        recursion_error(p, t, def);
    else if (find_elem(p->scope, name) >= 0)
        diag_error(p->d, t->loc, tokspan(t),
                   "'%s' was previously used as an element name", name);
    c = arena_alloc(&p->fe->arena, sizeof *c);
    c->kind = FC_PRIMITIVE;
    c->name = c->printable = name;
    strmap_put(&p->fe->primitives, c->name, c);
    return c;
}

/* ---- Ports --------------------------------------------------------------- */

/* "[p, q, ...]": appends the ports to res (a trailing ',' or "[]" adds
 * -1, Click's "and the following ports").  Returns false when no '['. */
static bool yport(Parser *p, IntVec *res, SrcLoc *where)
{
    Token t = lex(p);
    if (t.kind != '[') {
        unlex(p, t);
        return false;
    }
    if (where)
        *where = t.loc;
    int first = res->n;
    for (;;) {
        t = lex(p);
        if (t.kind == TK_IDENT) {
            char *s = tokstr(p, &t), *end;
            errno = 0;
            long port = strtol(s, &end, 0);
            if (*end || !isdigit((unsigned char)*s)) {
                diag_error(p->d, t.loc, t.len,
                           "syntax error: port number should be integer");
                port = 0;
            } else if (errno || port > MAX_PORT) {
                diag_error(p->d, t.loc, t.len,
                           "port number '%s' too large (limit %d)", s,
                           MAX_PORT);
                port = 0;
            }
            iv_push(res, (int)port);
        } else if (t.kind == ']') {
            if (res->n == first)
                iv_push(res, 0);
            iv_push(res, -1);
            return true;
        } else {
            char buf[96];
            diag_error(p->d, t.loc, tokspan(&t),
                       "syntax error: expected port number before %s",
                       token_desc(&t, buf, sizeof buf));
            unlex(p, t);
            return true;
        }
        t = lex(p);
        if (t.kind == ']')
            return true;
        if (t.kind != ',') {
            /* Report, then read on as if the comma were there. */
            char buf[96];
            diag_error(p->d, t.loc, tokspan(&t),
                       "syntax error: expected ',' or ']' before %s",
                       token_desc(&t, buf, sizeof buf));
            unlex(p, t);
        }
    }
}

/* ---- Element references ---------------------------------------------------- */

static FeClass *ycompound(Parser *p, const char *name, const Token *at);
static void ygroup(Parser *p, const char *name, int nports[2], SrcLoc open);

typedef struct ElemState {
    const char *name;
    FeClass *type;          /* the name itself is a class: anonymous */
    FeClass *decl_type;     /* ":: Class" */
    bool bare;              /* a plain name: no "::", no configuration */
    const char *config;
    SrcLoc config_loc;
    Token tok;              /* the name (or class) as written */
} ElemState;

/* Reads the configuration string after a '(' just read. */
static const char *yconfig(Parser *p, SrcLoc open, SrcLoc *loc)
{
    const char *text;
    int len;
    if (p->lx.npushed) {    /* cannot happen: '(' was the last token read */
        *loc = open;
        return "";
    }
    bool ok = lexer_config(&p->lx, open, &text, &len, loc);
    if (ok)
        expect(p, ')', false);
    return arena_strndup(&p->fe->arena, text, (size_t)len);
}

/* The element being referenced or declared does not exist. */
static int undeclared(Parser *p, ElemState *e)
{
    FeClass *def = enclosing_definition(p, e->name);
    if (def) {
        recursion_error(p, &e->tok, def);
    } else if (!strmap_get(&p->scope->undeclared, e->name)) {
        diag_error(p->d, e->tok.loc, tokspan(&e->tok),
                   "undeclared element '%s'", e->name);
        strmap_put(&p->scope->undeclared, e->name, (void *)1);
    }
    return -1;
}

/*
 * One comma-separated set of element references, each with optional ports,
 * "name :: Class(config)" or "Class(config)".  result gets groups of
 * [element, #inputs, #outputs, inputs..., outputs...] as Click lays them
 * out; in_allowed is true after an arrow.  Returns false when there was
 * no element (the token is left unread, or reported).
 */
static bool yelement(Parser *p, IntVec *result, bool in_allowed)
{
    ElemState *es = NULL;
    int nes = 0, ces = 0;
    IntVec res = {0};
    bool any_implicit = false, any_ports = false, ok = true, in_set = false;
    Token t;

    for (;;) {
        int esize = res.n;
        iv_push(&res, -1);
        iv_push(&res, 0);
        iv_push(&res, 0);
        bool this_implicit = false;

        SrcLoc inloc = {0};
        yport(p, &res, &inloc);
        if (res.n > esize + 3 && !in_set) {
            p->in_port_loc = inloc;
            in_set = true;
        }
        res.v[esize + 1] = res.n - (esize + 3);

        ElemState e = {0};
        t = lex(p);
        e.tok = t;
        if (!in_set && nes == 0)
            p->in_port_loc = t.loc;     /* implied ports point here */
        if (t.kind == TK_IDENT) {
            e.name = tokstr(p, &t);
            e.type = lookup_class(p, e.name);
            e.bare = true;
        } else if (t.kind == '{') {
            e.type = ycompound(p, "", &t);
            e.name = e.type->name;
        } else if (t.kind == '(') {
            int nports[2];
            e.name = anon_name(p, "");
            ygroup(p, e.name, nports, t.loc);
            /* A group's ports are implied when none are written. */
            for (int k = 0; k < 2; k++)
                if (res.v[esize + 1 + k] == 0) {
                    res.v[esize + 1 + k] = nports[k];
                    for (int i = 0; i < nports[k]; i++)
                        iv_push(&res, i);
                }
        } else {
            bool nested = p->scope->depth > 0 || p->group_depth > 0;
            bool has_in = res.v[esize + 1] > 0;
            if (nested && (t.kind == TK_ARROW || t.kind == TK_2ARROW))
                this_implicit = !in_allowed && (has_in || esize == 0);
            else if (nested && t.kind == ',')
                this_implicit = has_in;
            else if (nested && t.kind != TK_2COLON)
                this_implicit = in_allowed && (has_in || esize == 0);
            if (this_implicit) {
                any_implicit = true;
                e.name = in_allowed ? "output" : "input";
                if (!in_allowed) {  /* the ports belong to the other side */
                    int tmp = res.v[esize + 1];
                    res.v[esize + 1] = res.v[esize + 2];
                    res.v[esize + 2] = tmp;
                }
                unlex(p, t);
            } else {
                if (has_in)
                    diag_error(p->d, inloc, 1, "stranded port ignored");
                res.n = esize;
                if (esize == 0) {
                    if (in_allowed)
                        unlex(p, t);
                    else
                        syntax_error(p, &t);
                    ok = false;
                    goto done;
                }
                break;
            }
        }

        t = lex(p);
        if (t.kind == TK_2COLON && !this_implicit) {
            Token c = lex(p);
            if (c.kind == TK_IDENT) {
                e.decl_type = force_class(p, &c);
            } else if (c.kind == '{') {
                e.decl_type = ycompound(p, "", &c);
            } else {
                char buf[96];
                diag_error(p->d, c.loc, tokspan(&c),
                           "missing element type in declaration before %s",
                           token_desc(&c, buf, sizeof buf));
                e.decl_type = e.tok.kind == TK_IDENT ? force_class(p, &e.tok)
                                                     : NULL;
                unlex(p, c);
            }
            e.bare = false;
            t = lex(p);
        }
        if (t.kind == '(' && !this_implicit) {
            if (!e.type && find_elem(p->scope, e.name) >= 0 && !e.decl_type)
                diag_error(p->d, t.loc, 1,
                           "configuration string ignored on element "
                           "reference");
            e.config = yconfig(p, t.loc, &e.config_loc);
            e.bare = false;
            t = lex(p);
        }
        if (t.kind == '[' && !this_implicit) {
            unlex(p, t);
            if (res.v[esize + 2])   /* written ports replace implied ones */
                res.n = esize + 3 + res.v[esize + 1];
            yport(p, &res, &p->out_port_loc);
            res.v[esize + 2] = res.n - (esize + 3 + res.v[esize + 1]);
            t = lex(p);
        } else {
            p->out_port_loc = e.tok.loc;    /* implied ports, if any */
        }
        any_ports = any_ports || res.v[esize + 1] || res.v[esize + 2];
        VEC_PUSH(es, nes, ces, e);
        if (t.kind != ',')
            break;
    }
    unlex(p, t);

    bool arrow = t.kind == TK_ARROW || t.kind == TK_2ARROW;
    if (any_implicit && in_allowed && arrow)
        diag_error(p->d, t.loc, t.len,
                   "implicit ports used in the middle of a chain");

    /* "a, b, c :: Class(config)" declares all three. */
    if (nes > 1 && !in_allowed && !arrow && !any_ports && !any_implicit) {
        int last = 0;
        while (last < nes - 1 && es[last].bare)
            last++;
        if (last == nes - 1 && es[last].decl_type)
            for (int i = 0; i < last; i++) {
                es[i].decl_type = es[last].decl_type;
                es[i].config = es[last].config;
                es[i].config_loc = es[last].config_loc;
            }
    }

    /* Create or look up the elements. */
    int *resp = res.v;
    for (int i = 0; i < nes; i++) {
        ElemState *e = &es[i];
        int found = e->type ? -1 : find_elem(p->scope, e->name);
        if (found < 0) {
            if (e->decl_type && (e->type || strcmp(e->name,
                                                   e->decl_type->name) == 0))
                diag_error(p->d, e->tok.loc, tokspan(&e->tok),
                           "class '%s' used as element name", e->name);
            else if (!e->decl_type && !e->type) {
                if (e->bare) {
                    resp[0] = undeclared(p, e);
                    goto next;
                }
                e->type = force_class(p, &e->tok);
            }
            const char *name = e->type ? anon_name(p, e->type->name) : e->name;
            FeClass *cls = e->type ? e->type : e->decl_type;
            SrcLoc cl = e->config ? e->config_loc : e->tok.loc;
            resp[0] = make_element(p, name, e->tok.loc, tokspan(&e->tok), cls,
                                   e->config, cl);
        } else {
            resp[0] = found;
            if (e->decl_type) {
                const FeElem *old = &p->scope->elems[found];
                diag_error(p->d, e->tok.loc, tokspan(&e->tok),
                           "redeclaration of element '%s'", e->name);
                if (!old->tunnel)
                    diag_note(p->d, old->loc, (int)strlen(old->name),
                              "'%s' previously declared here", old->name);
            }
        }
    next:
        resp += 3 + resp[1] + resp[2];
    }

done:
    free(es);
    free(result->v);
    *result = res;
    return ok;
}

/* ---- Connections ------------------------------------------------------------ */

static void check_useless(Parser *p, const IntVec *x, bool outputs)
{
    for (int i = 0; i < x->n; i += 3 + x->v[i + 1] + x->v[i + 2])
        if (x->v[i + (outputs ? 2 : 1)] > 0) {
            diag_error(p->d, outputs ? p->out_port_loc : p->in_port_loc, 1,
                       outputs ? "output ports ignored at end of chain"
                               : "input ports ignored at start of chain");
            return;
        }
}

static void analyze_ports(const IntVec *x, bool outputs, int *min_ports,
                          int *expandable)
{
    *min_ports = *expandable = 0;
    for (int i = 0; i < x->n; i += 3 + x->v[i + 1] + x->v[i + 2]) {
        int n = x->v[i + (outputs ? 2 : 1)];
        if (n <= 1)
            *min_ports += 1;
        else if (x->v[i + 3 + (outputs ? x->v[i + 1] : 0) + n - 1] == -1) {
            *min_ports += n - 1;
            ++*expandable;
        } else
            *min_ports += n;
    }
}

/* Connects every output of the left set to the inputs of the right set:
 * one-to-one, one-to-many, many-to-one, or pairwise with "=>". */
static void connect_all(Parser *p, const IntVec *outs, const IntVec *ins,
                        int connector, SrcLoc loc)
{
    int minp[2], expandable[2];
    analyze_ports(outs, true, &minp[1], &expandable[1]);
    analyze_ports(ins, false, &minp[0], &expandable[0]);
    const IntVec *vec[2] = {ins, outs};

    if (expandable[0] + expandable[1] > 1) {
        diag_error(p->d, loc, 2,
                   "at most one expandable port allowed per connection");
        expandable[minp[0] < minp[1]] = 0;
    }
    if (connector == TK_2ARROW)     /* "=>" expands a lone missing port */
        for (int k = 0; k < 2; k++)
            if (minp[k] == 1 && minp[1 - k] > 1 && vec[k]->v[1 + k] == 0)
                expandable[k] = 1;

    bool step[2];
    int nexp[2];
    for (int k = 0; k < 2; k++) {
        step[k] = minp[k] > 1 || expandable[k];
        nexp[k] = expandable[k] ? minp[1 - k] - minp[k] : 0;
    }
    if (step[0] && step[1]) {
        if (connector != TK_2ARROW)
            diag_error(p->d, loc, 2,
                       "syntax error: many-to-many connections require '=>'");
        if (!expandable[0] && !expandable[1] && minp[0] != minp[1])
            diag_error(p->d, loc, 2,
                       "connection mismatch: %d outputs connected to %d "
                       "inputs", minp[1], minp[0]);
        else if (!expandable[0] && minp[0] < minp[1])
            diag_error(p->d, loc, 2,
                       "connection mismatch: %d or more outputs connected "
                       "to %d inputs", minp[1], minp[0]);
        else if (!expandable[1] && minp[1] < minp[0])
            diag_error(p->d, loc, 2,
                       "connection mismatch: %d outputs connected to %d or "
                       "more inputs", minp[1], minp[0]);
    } else if (!step[0] && !step[1]) {
        step[0] = true;
    }

    int it[2] = {0, 0}, ppos[2] = {0, 0}, port[2] = {-1, -1};
    while (it[0] < ins->n && it[1] < outs->n) {
        for (int k = 0; k < 2; k++)
            if (port[k] < 0) {
                const int *g = vec[k]->v + it[k];
                int np = g[1 + k];
                port[k] = np ? g[3 + (k ? g[1] : 0)] : 0;
            }
        connect(p, outs->v[it[1]], port[1], ins->v[it[0]], port[0], loc);
        for (int k = 0; k < 2; k++) {
            if (!step[k])
                continue;
            const int *g = vec[k]->v + it[k];
            int np = g[1 + k];
            const int *pv = g + 3 + (k ? g[1] : 0);
            ++ppos[k];
            if (ppos[k] < np && pv[ppos[k]] >= 0) {
                port[k] = pv[ppos[k]];      /* port list */
            } else if (np && pv[np - 1] == -1 && nexp[k] > 0) {
                port[k] = pv[np - 2] + ppos[k] - (np - 2);  /* "[n,]" */
                --nexp[k];
            } else if (np == 0 && minp[k] == 1 && nexp[k] > 0) {
                port[k] = ppos[k];          /* "=>" on a lone element */
                --nexp[k];
            } else {                        /* next element of the list */
                port[k] = -1;
                ppos[k] = 0;
                it[k] += 3 + g[1] + g[2];
            }
            if (port[k] > MAX_PORT)
                port[k] = MAX_PORT;
        }
    }
}

static void yconnection(Parser *p)
{
    IntVec e1 = {0}, e2 = {0};
    int connector = 0;
    SrcLoc arrow = {0};
    for (;;) {
        e2.n = 0;
        if (!yelement(p, &e2, e1.n > 0)) {
            check_useless(p, &e1, true);
            break;
        }
        if (e1.n == 0)
            check_useless(p, &e2, false);
        else
            connect_all(p, &e1, &e2, connector, arrow);

        Token t;
    relex:
        t = lex(p);
        switch (t.kind) {
        case ',':
        case TK_2COLON: {
            char buf[96];
            diag_error(p->d, t.loc, t.len, "syntax error before %s",
                       token_desc(&t, buf, sizeof buf));
            goto relex;
        }
        case TK_ARROW:
        case TK_2ARROW:
            connector = t.kind;
            arrow = t.loc;
            break;
        case TK_IDENT: case '{': case '}': case '[': case ')': case TK_2BAR:
        case TK_ELEMENTCLASS: case TK_REQUIRE: case TK_PROVIDE:
        case TK_DEFINE: case TK_TUNNEL:
            unlex(p, t);
            /* fall through */
        case ';':
        case TK_EOF:
            check_useless(p, &e2, true);
            goto out;
        default:
            syntax_error(p, &t);
            if (t.kind >= TK_EOF)
                unlex(p, t);
            goto out;
        }
        IntVec tmp = e1;
        e1 = e2;
        e2 = tmp;
    }
out:
    free(e1.v);
    free(e2.v);
}

/* ---- Groups and compounds -------------------------------------------------- */

/* Checks how a compound or group uses its input and output pseudoelements
 * and returns the number of ports each side has. */
static void check_pseudo(Parser *p, int input, int output, const char *name,
                         SrcLoc loc, int nports[2])
{
    FeScope *sc = p->scope;
    const int which[2] = {input, output};
    static const char *const names[2] = {"input", "output"};
    for (int k = 0; k < 2; k++) {
        const FeElem *e = &sc->elems[which[k]];
        if (k == 0 ? e->ninputs : e->noutputs)
            diag_error(p->d, loc, 1,
                       "'%s' pseudoelement '%s' may only be used as %s",
                       name, names[k], names[1 - k]);
        int n = k == 0 ? e->noutputs : e->ninputs;
        char *used = xcalloc((size_t)n + 1, 1);
        for (int c = 0; c < sc->nconns; c++) {
            const FeConn *cn = &sc->conns[c];
            if (k == 0 && cn->from == which[k])
                used[cn->from_port] = 1;
            if (k == 1 && cn->to == which[k])
                used[cn->to_port] = 1;
        }
        for (int i = 0; i < n; i++)
            if (!used[i])
                diag_error(p->d, loc, 1, "'%s' %s %d missing", name,
                           names[k], i);
        free(used);
        nports[k] = n;
    }
}

/* Skips tokens up to the close that balances an open already read, for
 * input nested too deeply to parse. */
static void skip_balanced(Parser *p, int open, int close)
{
    long depth = 1;
    for (;;) {
        Token t = lex(p);
        if (t.kind == TK_EOF)
            return;
        if (t.kind == open)
            depth++;
        else if (t.kind == close && --depth == 0)
            return;
    }
}

static bool too_deep(Parser *p, SrcLoc at, const char *what)
{
    if (p->fe->depth < FE_MAX_NESTING)
        return false;
    diag_error(p->d, at, 1, "%s nested more than %d deep", what,
               FE_MAX_NESTING);
    return true;
}

static void ygroup(Parser *p, const char *name, int nports[2], SrcLoc open)
{
    FeScope *sc = p->scope;
    char *in_name = arena_printf(&p->fe->arena, "%s/input", name);
    char *out_name = arena_printf(&p->fe->arena, "%s/output", name);
    add_tunnel(p, name, in_name, open);
    add_tunnel(p, out_name, name, open);
    nports[0] = nports[1] = 0;
    if (too_deep(p, open, "element groups")) {
        skip_balanced(p, '(', ')');
        return;
    }
    int new_in = find_elem(sc, in_name), new_out = find_elem(sc, out_name);
    int old_in = find_elem(sc, "input"), old_out = find_elem(sc, "output");
    map_elem(sc, "input", new_in);
    map_elem(sc, "output", new_out);
    p->group_depth++;
    p->fe->depth++;

    while (statement(p, ')'))
        ;
    Token close = lex(p);
    if (close.kind != ')') {
        if (close.kind != TK_EOF)   /* end of input was reported */
            syntax_error(p, &close);
        unlex(p, close);
    }

    const char *printable = name[0] == ';' ? "<anonymous group>" : name;
    check_pseudo(p, new_in, new_out, printable, open, nports);
    p->fe->depth--;
    p->group_depth--;
    map_elem(sc, "input", old_in);
    map_elem(sc, "output", old_out);
}

static void define_formal(Parser *p, FeScope *body, const Token *t,
                          const char *name, const char *type, bool *order_err)
{
    for (int i = 0; i < body->nformals; i++)
        if (strcmp(body->formals[i].name, name) == 0) {
            diag_error(p->d, t->loc, tokspan(t),
                       "parameter '$%s' multiply defined", name);
            return;
        }
    if (*type)
        for (int i = 0; i < body->nformals; i++)
            if (strcmp(body->formals[i].value, type) == 0) {
                diag_error(p->d, t->loc, tokspan(t),
                           "repeated keyword parameter '%s' in compound "
                           "element", type);
                break;
            }
    FeVar v = {name, type, t->loc};
    VEC_PUSH(body->formals, body->nformals, body->formals_cap, v);
    int n = body->nformals;
    if (!*order_err && n > 1) {
        const char *prev = body->formals[n - 2].value;
        if ((!*type && *prev) || strcmp(prev, "__REST__") == 0) {
            diag_error(p->d, t->loc, tokspan(t),
                       "compound element parameters out of order");
            diag_note(p->d, t->loc, tokspan(t),
                      "the order is '[positional], [keywords], "
                      "[__REST__]'");
            *order_err = true;
        }
    }
}

/* "$a, KEY $b, __REST__ $c |" at the start of a compound. */
static void yformals(Parser *p, FeScope *body)
{
    bool order_err = false;
    for (;;) {
        const char *type = "", *name;
        Token t1 = lex(p), at = t1;
        if (t1.kind == TK_IDENT) {
            Token t2 = lex(p);
            if (t2.kind != TK_VAR) {
                if (body->nformals > 0)
                    diag_error(p->d, t2.loc, tokspan(&t2),
                               "expected variable");
                unlex(p, t2);
                unlex(p, t1);
                return;
            }
            type = tokstr(p, &t1);
            name = tokstr(p, &t2);
        } else if (t1.kind == TK_VAR) {
            name = tokstr(p, &t1);
        } else if (t1.kind == '|') {
            return;
        } else {
            if (body->nformals > 0)
                diag_error(p->d, t1.loc, tokspan(&t1), "expected variable");
            unlex(p, t1);
            return;
        }
        define_formal(p, body, &at, name, type, &order_err);
        Token sep = lex(p);
        if (sep.kind == '|')
            return;
        if (sep.kind != ',') {
            char buf[96];
            diag_error(p->d, sep.loc, tokspan(&sep),
                       "expected ',' or '|' before %s",
                       token_desc(&sep, buf, sizeof buf));
            unlex(p, sep);
            return;
        }
    }
}

/*
 * A compound class after its '{' (at): one or more bodies separated by
 * "||", maybe ending with "..." (extend the class visible before).  Named
 * classes are declared in the current scope.
 */
static FeClass *ycompound(Parser *p, const char *name, const Token *at)
{
    Frontend *fe = p->fe;
    bool anonymous = !*name;
    const char *printable = anonymous
        ? arena_printf(&fe->arena, "<anonymous%d>", ++fe->anon_classes)
        : name;
    FeClass *first = NULL, *last = NULL, *extension = NULL;
    SrcLoc def_loc = at->loc;

    if (too_deep(p, at->loc, "compound elements")) {
        skip_balanced(p, '{', '}');
        FeClass *c = arena_alloc(&fe->arena, sizeof *c);
        c->kind = FC_PRIMITIVE;
        c->name = c->printable = anonymous ? "" : name;
        return c;
    }
    fe->depth++;
    for (;;) {
        Token dots = lex(p);
        if (dots.kind == TK_3DOT) {
            if (anonymous) {
                diag_error(p->d, dots.loc, 3,
                           "cannot extend anonymous compound element class");
            } else {
                Token nt = {.kind = TK_IDENT, .text = name,
                            .len = (int)strlen(name), .loc = def_loc};
                extension = force_class(p, &nt);
            }
            Token close = lex(p);
            if (!first || close.kind != '}')
                diag_error(p->d, dots.loc, 3,
                           "'...' should occur last, after one or more "
                           "compounds");
            if (close.kind == '}' && first)
                break;
            dots = close;
        }
        unlex(p, dots);

        FeScope *body = new_scope(fe, p->scope);
        FeClass *c = arena_alloc(&fe->arena, sizeof *c);
        c->kind = FC_COMPOUND;
        c->name = anonymous ? "" : name;
        c->printable = printable;
        c->loc = def_loc;
        c->body = body;
        body->cls = c;

        FeScope *saved = p->scope;
        p->scope = body;
        get_element(p, "input", NULL, "", def_loc, def_loc);
        get_element(p, "output", NULL, "", def_loc, def_loc);
        body->anon_offset = 2;
        yformals(p, body);
        while (statement(p, '}'))
            ;
        int nports[2];
        check_pseudo(p, 0, 1, printable, def_loc, nports);
        body->ninputs = nports[0];
        body->noutputs = nports[1];
        assign_names(body, &fe->arena);
        p->scope = saved;

        if (last)
            last->overload = c;
        else
            first = c;
        last = c;

        Token t = lex(p);
        if (t.kind != TK_2BAR)
            break;
        def_loc = t.loc;
    }
    fe->depth--;
    if (extension)
        last->overload = extension;
    if (!anonymous)
        strmap_put(&p->scope->class_map, name, first);
    return first;
}

/* ---- Statements ---------------------------------------------------------------- */

static void yelementclass(Parser *p)
{
    Token tname = lex(p);
    const char *name = "";
    if (tname.kind != TK_IDENT) {
        char buf[96];
        unlex(p, tname);
        diag_error(p->d, tname.loc, tokspan(&tname),
                   "expected element class name before %s",
                   token_desc(&tname, buf, sizeof buf));
    } else {
        char *n = tokstr(p, &tname);
        int e = find_elem(p->scope, n);
        if (e >= 0) {
            diag_error(p->d, tname.loc, tname.len,
                       "'%s' already used as an element name", n);
            diag_note(p->d, p->scope->elems[e].loc, tname.len,
                      "'%s' previously declared here", n);
        } else
            name = n;
    }
    Token t = lex(p);
    if (t.kind == '{') {
        (void)ycompound(p, name, tname.kind == TK_IDENT ? &tname : &t);
    } else if (t.kind == TK_IDENT) {
        FeClass *target = force_class(p, &t);
        if (*name) {
            FeClass *c = arena_alloc(&p->fe->arena, sizeof *c);
            c->kind = FC_SYNONYM;
            c->name = c->printable = name;
            c->loc = tname.loc;
            c->target = target;
            strmap_put(&p->scope->class_map, name, c);
        }
    } else {
        syntax_error(p, &t);
    }
}

/* Click 1.x: "connectiontunnel a -> b, c -> d;". */
static void ytunnel(Parser *p)
{
    for (;;) {
        Token a = lex(p), arrow = lex(p), b = lex(p);
        if (a.kind != TK_IDENT || arrow.kind != TK_ARROW ||
            b.kind != TK_IDENT) {
            Token bad = a.kind != TK_IDENT ? a : arrow.kind != TK_ARROW ? arrow : b;
            char buf[96];
            diag_error(p->d, bad.loc, tokspan(&bad),
                       "expected 'NAME -> NAME' in connectiontunnel before %s",
                       token_desc(&bad, buf, sizeof buf));
            unlex(p, bad);
            return;
        }
        add_tunnel(p, tokstr(p, &a), tokstr(p, &b), a.loc);
        Token sep = lex(p);
        if (sep.kind != ',') {
            unlex(p, sep);
            return;
        }
    }
}

static void parse_text(Parser *p, const char *file, const char *text,
                       size_t len);

static void require_library(Parser *p, const char *value, SrcLoc loc)
{
    Frontend *fe = p->fe;
    if (p->scope->depth > 0 || p->group_depth > 0) {
        diag_error(p->d, loc, 1,
                   "'require library' must be used at file scope");
        return;
    }
    const char *path = value;
    const char *slash = strrchr(p->lx.file, '/');
    if (value[0] != '/' && slash)
        path = arena_printf(&fe->arena, "%.*s/%s",
                            (int)(slash - p->lx.file), p->lx.file, value);
    if (strmap_get(&fe->libraries, path))
        return;             /* each library is read once */
    struct stat st;
    if (stat(path, &st) != 0) {
        diag_error(p->d, loc, 1, "library '%s' not found: %s", value,
                   strerror(errno));
        return;
    }
    /* Devices and pipes could block or never end. */
    if (!S_ISREG(st.st_mode) || st.st_size > MAX_LIBRARY_BYTES) {
        diag_error(p->d, loc, 1, "library '%s' is not a regular file of "
                   "at most %d bytes", value, MAX_LIBRARY_BYTES);
        return;
    }
    size_t len;
    char *text = read_file(path, &len);
    if (!text) {
        diag_error(p->d, loc, 1, "library '%s': %s", value, strerror(errno));
        return;
    }
    strmap_put(&fe->libraries, path, (void *)1);
    const char *keep = arena_strndup(&fe->arena, text, len);
    free(text);
    if (too_deep(p, loc, "libraries"))
        return;
    Lexer saved = p->lx;
    fe->depth++;
    parse_text(p, path, keep, len);
    fe->depth--;
    p->lx = saved;
}

static void yrequire(Parser *p, const Token *kw)
{
    Token open = lex(p);
    if (open.kind != '(') {
        unlex(p, open);
        expect(p, '(', false);
        return;
    }
    SrcLoc cloc;
    const char *conf = yconfig(p, open.loc, &cloc);
    expect(p, ';', true);

    Arena *a = &p->fe->arena;
    StrVec args = {0};
    config_argvec(a, conf, strlen(conf), &args);
    for (int i = 0; i < args.n; i++) {
        StrVec words = {0};
        config_spacevec(a, args.items[i], strlen(args.items[i]), &words);
        const char *type = NULL, *value = "";
        if (words.n > 0) {
            type = config_unquote(a, words.items[0], strlen(words.items[0]));
            /* A bare name means "package NAME". */
            if (*type && words.n == 1 && strcmp(type, "compact_config") &&
                strcmp(type, "package") && strcmp(type, "library")) {
                strvec_push(&words, words.items[0]);
                type = "package";
            }
        }
        bool ok = type && *type;
        if (ok && strcmp(type, "compact_config") == 0 && words.n == 1)
            ;
        else if (ok && (strcmp(type, "package") == 0 ||
                        strcmp(type, "library") == 0) && words.n == 2)
            value = config_unquote(a, words.items[1], strlen(words.items[1]));
        else if (words.n > 0) {
            diag_error(p->d, cloc, 1, "syntax error at requirement '%s'",
                       args.items[i]);
            ok = false;
        } else
            ok = false;     /* an empty requirement does nothing */
        if (ok && strcmp(type, "library") == 0) {
            require_library(p, value, kw->loc);
        } else if (ok) {
            FeScope *sc = p->scope;
            Requirement r = {
                *value ? arena_printf(a, "%s %s", type, config_quote(a, value))
                       : type,
                kw->loc,
            };
            VEC_PUSH(sc->reqs, sc->nreqs, sc->reqs_cap, r);
        }
        strvec_free(&words);
    }
    strvec_free(&args);
}

/* define($name value, ...): variables of the current scope. */
static void ydefine(Parser *p)
{
    Token open = lex(p);
    if (open.kind != '(') {
        unlex(p, open);
        expect(p, '(', false);
        return;
    }
    SrcLoc cloc;
    const char *conf = yconfig(p, open.loc, &cloc);
    Arena *a = &p->fe->arena;
    FeScope *sc = p->scope;
    StrVec args = {0};
    config_argvec(a, conf, strlen(conf), &args);
    for (int i = 0; i < args.n; i++) {
        const char *arg = args.items[i];
        if (!*arg)
            continue;
        const char *w, *w_end;
        const char *rest = config_first_word(arg, &w, &w_end);
        const char *var = arena_strndup(a, w, (size_t)(w_end - w));
        bool ok = var[0] == '$' && var[1];
        for (const char *s = var + 1; ok && *s; s++)
            ok = isalnum((unsigned char)*s) || *s == '_';
        if (!ok) {
            diag_error(p->d, cloc, 1,
                       "bad 'define' declaration: '%s' is not a variable",
                       arg);
            continue;
        }
        const char *name = var + 1;
        bool dup = false;
        for (int k = 0; k < sc->nformals && !dup; k++)
            dup = strcmp(sc->formals[k].name, name) == 0;
        for (int k = 0; k < sc->ndefines && !dup; k++)
            dup = strcmp(sc->defines[k].name, name) == 0;
        if (dup) {
            diag_error(p->d, cloc, 1, "parameter '$%s' multiply defined",
                       name);
        } else {
            FeVar v = {name, rest, cloc};
            VEC_PUSH(sc->defines, sc->ndefines, sc->defines_cap, v);
        }
    }
    strvec_free(&args);
}

/* One statement; false at the token that closes the enclosing construct
 * (left unread) or at the end of input. */
static bool statement(Parser *p, int nested)
{
    Token t = lex(p);
    switch (t.kind) {
    case TK_IDENT: case '[': case '{': case '(': case TK_ARROW:
    case TK_2ARROW:
        unlex(p, t);
        yconnection(p);
        return true;
    case TK_ELEMENTCLASS:
        yelementclass(p);
        return true;
    case TK_TUNNEL:
        ytunnel(p);
        return true;
    case TK_REQUIRE:
        yrequire(p, &t);
        return true;
    case TK_DEFINE:
        ydefine(p);
        return true;
    case ';':
        return true;
    case '}':
    case TK_2BAR:
        if (nested != '}')
            break;
        unlex(p, t);
        return false;
    case ')':
        if (nested != ')')
            break;
        unlex(p, t);
        return false;
    case TK_EOF:
        if (nested) {
            char b1[32];
            diag_error(p->d, t.loc, 1, "expected %s at end of input",
                       kind_name(nested, b1, sizeof b1));
        }
        return false;
    default:
        break;
    }
    syntax_error(p, &t);
    return true;
}

static void parse_text(Parser *p, const char *file, const char *text,
                       size_t len)
{
    lexer_init(&p->lx, p->d, &p->fe->arena, file, text, len);
    while (statement(p, 0))
        ;
}

/* ---- Entry points ------------------------------------------------------- */

void frontend_init(Frontend *fe, Diag *d, const char *file)
{
    memset(fe, 0, sizeof *fe);
    fe->diag = d;
    fe->file = file;
}

void frontend_parse(Frontend *fe, const char *text, size_t len)
{
    Parser p = {.fe = fe, .d = fe->diag};
    fe->top = p.scope = new_scope(fe, NULL);
    parse_text(&p, fe->file, text, len);
    assign_names(fe->top, &fe->arena);
}

void frontend_free(Frontend *fe)
{
    for (int i = 0; i < fe->nscopes; i++) {
        FeScope *sc = fe->scopes[i];
        free(sc->elems);
        strmap_free(&sc->elem_map);
        free(sc->conns);
        connset_free(&sc->conn_set);
        strmap_free(&sc->class_map);
        strmap_free(&sc->undeclared);
        free(sc->formals);
        free(sc->defines);
        free(sc->reqs);
    }
    free(fe->scopes);
    strmap_free(&fe->primitives);
    strmap_free(&fe->libraries);
    arena_free(&fe->arena);
    memset(fe, 0, sizeof *fe);
}
