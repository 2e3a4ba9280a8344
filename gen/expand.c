/*
 * expand.c -- compound expansion: parsed scopes into the flat Graph.
 *
 * The algorithm and its orders are click-flatten's, so the flat element
 * and connection lists come out as Click lists them:
 *
 *  1. The file's elements and connections are copied as they are.
 *  2. Each compound element, in order, becomes a tunnel pair
 *     "c" -> "c/input" and "c/output" -> "c"; its components are added
 *     (depth first, nested compounds expanded as they are met) under the
 *     prefix "c/", then its own connections.
 *  3. Tunnels are removed: each connection leaving a tunnel end is
 *     replaced by connections from every real port that reaches it.
 *     Unused or missing compound ports are reported here.
 *
 * $var substitution happens as elements are expanded, in the lexical
 * scope of their compound.
 */
#include "fpgagen.h"

#include <assert.h>
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct FlatElem {
    const char *name;
    FeClass *cls;           /* primitive class; NULL for a tunnel end */
    const char *config;
    SrcLoc loc, config_loc;
    const Expansion *origin;
    int ninputs, noutputs;
    int tunnel_in, tunnel_out;
    bool tunnel, dead, anonymous;
} FlatElem;

typedef struct Flat {
    Frontend *fe;
    Diag *d;
    Arena *a;
    FlatElem *elems;
    int nelems, elems_cap;
    StrMap map;             /* name -> index + 1 */
    FeConn *conns;
    int nconns, conns_cap;
    ConnSet set;
    Requirement *reqs;
    int nreqs, reqs_cap;
    size_t name_bytes;
    size_t budget;          /* bytes $var substitution may still make */
    int max_elems;          /* flat elements allowed (see frontend_expand) */
    bool full;              /* a size limit was hit (reported once) */
    bool budget_reported;
    bool depth_reported;
} Flat;

/* ---- $var substitution --------------------------------------------------- */

static const char *skip_space(const char *s, const char *end)
{
    while (s < end && isspace((unsigned char)*s))
        s++;
    return s;
}

/* Skips white space and comments; a line comment includes its newline. */
static const char *skip_comment_space(const char *s, const char *end)
{
    while (s < end) {
        if (isspace((unsigned char)*s)) {
            s++;
        } else if (*s == '/' && s + 1 < end && s[1] == '/') {
            while (s < end && *s != '\n' && *s != '\r')
                s++;
        } else if (*s == '/' && s + 1 < end && s[1] == '*') {
            const char *e = s + 2;
            while (e + 1 < end && !(e[0] == '*' && e[1] == '/'))
                e++;
            s = e + 1 < end ? e + 2 : end;
        } else {
            break;
        }
    }
    return s;
}

static const char *lookup_var(const VarEnv *env, const char *name, size_t n)
{
    for (; env; env = env->parent)
        for (int i = env->nvars - 1; i >= 0; i--)
            if (strlen(env->vars[i].name) == n &&
                memcmp(env->vars[i].name, name, n) == 0)
                return env->vars[i].value;
    return NULL;
}

static void expand_into_sb(StrBuf *out, const char *s, size_t n,
                           const VarEnv *env, int depth, size_t *budget);

static void put(StrBuf *sb, const char *s, size_t n, size_t *budget)
{
    if (n > *budget)
        n = *budget;
    *budget -= n;
    sb_putn(sb, s, n);
}

/* Value of a variable reference; vtype is '{' for ${...}, 'a' otherwise.
 * Returns false when it names no variable and has no default. */
static bool var_value(const char *var, size_t n, int vtype, const VarEnv *env,
                      int depth, size_t *budget, StrBuf *text)
{
    const char *end = var + n, *name = var, *name_end = end, *minus = NULL;
    long index = -1;
    if (vtype == '{') {
        const char *s = skip_space(var, end);
        name = s;
        while (s < end && (isalnum((unsigned char)*s) || *s == '_'))
            s++;
        name_end = s;
        s = skip_space(s, end);
        if (s < end && *s == '[') {
            const char *d = skip_space(s + 1, end), *e = d;
            long v = 0;
            while (e < end && isdigit((unsigned char)*e) && v < 1000000)
                v = v * 10 + (*e++ - '0');
            if (e > d && e < end && *e == ']') {
                index = v;
                s = skip_space(e + 1, end);
            }
        }
        if (s < end && *s == '-')
            minus = s;
    }
    const char *val = lookup_var(env, name, (size_t)(name_end - name));
    if (val) {
        StrBuf v = {0};
        expand_into_sb(&v, val, strlen(val), env, depth + 1, budget);
        if (index >= 0) {
            /* ${x[N]}: the Nth space-separated word of the value. */
            StrVec words = {0};
            Arena tmp = {0};
            config_spacevec(&tmp, sb_str(&v), v.len, &words);
            if (index < words.n)
                sb_puts(text, words.items[index]);
            strvec_free(&words);
            arena_free(&tmp);
        } else {
            sb_putn(text, sb_str(&v), v.len);
        }
        sb_free(&v);
        return true;
    }
    if (minus) {
        expand_into_sb(text, minus + 1, (size_t)(end - minus - 1), env,
                       depth + 1, budget);
        return true;
    }
    return false;
}

static void expand_into_sb(StrBuf *out, const char *s, size_t n,
                           const VarEnv *env, int depth, size_t *budget)
{
    const char *end = s + n, *plain = s;
    int quote = 0;
    while (s < end) {
        char c = *s;
        if (c == '\\') {
            s += (s + 1 < end && quote == '"') ? 2 : 1;
        } else if (c == '\'' || c == '"') {
            if (!quote)
                quote = c;
            else if (quote == c)
                quote = 0;
            s++;
        } else if (c == '/' && s + 1 < end && (s[1] == '/' || s[1] == '*') &&
                   !quote) {
            s = skip_comment_space(s, end);
        } else if (c != '$' || s + 1 >= end || quote == '\'' || depth > 10 ||
                   *budget == 0) {
            s++;
        } else {
            const char *dollar = s, *vname, *vend;
            int vtype;
            bool nested = false;
            if (s[1] == '{') {
                vtype = '{';
                for (s += 2, vname = s; s < end && *s != '}'; s++)
                    nested |= *s == '$';
                if (s == end)
                    break;      /* unterminated: the rest stays as is */
                vend = s++;
            } else if (s[1] == '(') {
                int level = 1, nq = 0;
                vtype = '(';
                for (s += 2, vname = s; s < end && level; s++) {
                    if (*s == '(' && !nq)
                        level++;
                    else if (*s == ')' && !nq)
                        level--;
                    else if ((*s == '"' || *s == '\'') && (!nq || nq == *s))
                        nq = nq ? 0 : *s;
                    else if (*s == '\\' && s + 1 < end && nq != '\'')
                        s++;
                    else if (*s == '$' && nq != '\'')
                        nested = true;
                }
                if (s == vname || s[-1] != ')' || level)
                    break;
                vend = s - 1;
            } else if (isalnum((unsigned char)s[1]) || s[1] == '_') {
                vtype = 'a';
                for (s++, vname = s;
                     s < end && (isalnum((unsigned char)*s) || *s == '_'); s++)
                    ;
                vend = s;
            } else if (s[1] == '?' || s[1] == '#' || s[1] == '$') {
                vtype = 'a';
                vname = s + 1;
                vend = s + 2;
                s += 2;
            } else {
                s++;
                continue;
            }
            StrBuf name = {0}, text = {0};
            if (nested)
                expand_into_sb(&name, vname, (size_t)(vend - vname), env,
                               depth + 1, budget);
            else
                sb_putn(&name, vname, (size_t)(vend - vname));
            put(out, plain, (size_t)(dollar - plain), budget);
            if (var_value(sb_str(&name), name.len, vtype, env, depth, budget,
                          &text)) {
                if (quote == '"') {
                    /* Inside double quotes the value is quoted.  Quoting
                     * only grows text and put() keeps no more than the
                     * budget, so quote no more than the budget: this keeps
                     * nested quoted values linear, not exponential. */
                    if (text.len > *budget) {
                        text.len = *budget;
                        text.data[text.len] = '\0';
                    }
                    Arena tmp = {0};
                    char *q = config_quote(&tmp, sb_str(&text));
                    put(out, q + 1, strlen(q) - 2, budget);
                    arena_free(&tmp);
                } else {
                    put(out, sb_str(&text), text.len, budget);
                }
                plain = s;
            } else if (nested) {
                put(out, dollar, 2, budget);
                put(out, sb_str(&name), name.len, budget);
                put(out, s - 1, 1, budget);
                plain = s;
            } else {
                plain = dollar;
            }
            sb_free(&name);
            sb_free(&text);
        }
    }
    put(out, plain, (size_t)(end - plain), budget);
}

char *config_expand(Arena *a, const char *s, const VarEnv *env,
                    size_t *budget)
{
    if (!strchr(s, '$'))
        return (char *)s;
    StrBuf sb = {0};
    expand_into_sb(&sb, s, strlen(s), env, 0, budget);
    char *r = arena_strndup(a, sb_str(&sb), sb.len);
    sb_free(&sb);
    return r;
}

/* ---- The flat router --------------------------------------------------------- */

static char *cat(Arena *a, const char *x, const char *y)
{
    size_t nx = strlen(x), ny = strlen(y);
    char *r = arena_alloc(a, nx + ny + 1);
    memcpy(r, x, nx);
    memcpy(r + nx, y, ny);
    return r;
}

static int flat_find(const Flat *f, const char *name)
{
    void *v = strmap_get(&f->map, name);
    return v ? (int)((intptr_t)v - 1) : -1;
}

static bool flat_full(Flat *f, SrcLoc loc, const char *what, int limit)
{
    if (!f->full)
        diag_error(f->d, loc, 1,
                   "configuration expands to more than %d %s", limit, what);
    f->full = true;
    return false;
}

/* The element called name, created if needed; -1 past the size limits. */
static int flat_get(Flat *f, const char *name, FeClass *cls,
                    const char *config, SrcLoc loc, SrcLoc config_loc,
                    const Expansion *origin, bool anonymous)
{
    int idx = flat_find(f, name);
    if (idx >= 0)
        return idx;
    if (f->full)
        return -1;
    f->name_bytes += strlen(name);
    if (f->nelems >= f->max_elems || f->name_bytes > FE_MAX_NAME_BYTES) {
        flat_full(f, loc, "elements", f->max_elems);
        return -1;
    }
    FlatElem e = {
        .name = name, .cls = cls, .config = config ? config : "",
        .loc = loc, .config_loc = config_loc, .origin = origin,
        .tunnel_in = -1, .tunnel_out = -1, .tunnel = cls == NULL,
        .anonymous = anonymous,
    };
    VEC_PUSH(f->elems, f->nelems, f->elems_cap, e);
    strmap_put(&f->map, name, (void *)(intptr_t)f->nelems);
    return f->nelems - 1;
}

static void flat_connect(Flat *f, int from, int fport, int to, int tport,
                         SrcLoc loc)
{
    if (from < 0 || to < 0)
        return;
    if (!connset_add(&f->set, from, fport, to, tport))
        return;
    if (f->nconns >= FE_MAX_CONNECTIONS) {
        flat_full(f, loc, "connections", FE_MAX_CONNECTIONS);
        return;
    }
    FeConn c = {from, fport, to, tport, loc};
    VEC_PUSH(f->conns, f->nconns, f->conns_cap, c);
    if (f->elems[from].noutputs <= fport)
        f->elems[from].noutputs = fport + 1;
    if (f->elems[to].ninputs <= tport)
        f->elems[to].ninputs = tport + 1;
}

static void redeclared(Flat *f, const char *name, SrcLoc loc, SrcLoc old)
{
    diag_error(f->d, loc, 1, "redeclaration of element '%s'", name);
    diag_note(f->d, old, 1, "'%s' previously declared here", name);
}

static int flat_tunnel(Flat *f, const char *namein, const char *nameout,
                       SrcLoc loc, const Expansion *origin)
{
    int ein = flat_get(f, namein, NULL, "", loc, loc, origin, false);
    int eout = flat_get(f, nameout, NULL, "", loc, loc, origin, false);
    if (ein < 0 || eout < 0)
        return ein;
    bool ok = true;
    const int ends[2] = {ein, eout};
    for (int k = 0; k < 2; k++)
        if (!f->elems[ends[k]].tunnel) {
            redeclared(f, f->elems[ends[k]].name, loc, f->elems[ends[k]].loc);
            ok = false;
        }
    if (ok && (f->elems[ein].tunnel_out >= 0 || f->elems[eout].tunnel_in >= 0)) {
        diag_error(f->d, loc, 1, "redeclaration of connection tunnel '%s'",
                   f->elems[ein].tunnel_out >= 0 ? namein : nameout);
        ok = false;
    }
    if (ok) {
        f->elems[ein].tunnel_out = eout;
        f->elems[eout].tunnel_in = ein;
    }
    return ein;
}

/* Debug check of the invariants for elements and connections added since
 * (e0, c0): names map to their elements, ends are in range, port counts
 * cover every connection. */
static void flat_check(const Flat *f, int e0, int c0)
{
    for (int i = e0; i < f->nelems; i++)
        assert(flat_find(f, f->elems[i].name) == i);
    for (int i = c0; i < f->nconns; i++) {
        const FeConn *c = &f->conns[i];
        assert(c->from >= 0 && c->from < f->nelems);
        assert(c->to >= 0 && c->to < f->nelems);
        assert(c->from_port >= 0 && c->from_port < f->elems[c->from].noutputs);
        assert(c->to_port >= 0 && c->to_port < f->elems[c->to].ninputs);
    }
    assert((size_t)f->nconns <= f->set.len);
    (void)f, (void)e0, (void)c0;
}

/* ---- Overload resolution -------------------------------------------------------- */

/* Click's cp_assign_arguments: positional formals first, then "KEYWORD
 * value" ones (mandatory), "__REST__" collecting what is left.  values
 * (nformals entries) may be NULL to test only. */
static bool assign_args(Arena *a, const FeScope *body, const StrVec *args,
                        const char **values)
{
    int nf = body->nformals;
    const FeVar *fv = body->formals;
    if (nf == 0 || !*fv[nf - 1].value) {
        if (args->n != nf)
            return false;
        for (int i = 0; values && i < nf; i++)
            values[i] = args->items[i];
        return true;
    }
    bool rest = strcmp(fv[nf - 1].value, "__REST__") == 0;
    int nvalues = nf - rest, npos = 0;
    while (npos < nvalues && !*fv[npos].value)
        npos++;
    const char **val = xcalloc((size_t)nf + 1, sizeof *val);
    char *used = xcalloc((size_t)args->n + 1, 1);
    int supplied = 0;
    bool any_kw = false, ok = true;
    for (int i = 0; i < args->n; i++) {
        const char *arg = args->items[i], *kw_end, *value;
        if (supplied >= npos) {
            int hit = -1;
            if (config_keyword(arg, &kw_end, &value) && *value)
                for (int k = npos; k < nvalues && hit < 0; k++)
                    if (strlen(fv[k].value) == (size_t)(kw_end - arg) &&
                        memcmp(fv[k].value, arg, (size_t)(kw_end - arg)) == 0)
                        hit = k;
            if (hit >= 0) {
                val[hit] = value;
                used[i] = 1;
                any_kw = true;
                continue;
            }
            if (any_kw) {
                if (!rest)
                    ok = false;
                continue;
            }
        }
        if (supplied < npos) {
            used[i] = 1;
            val[supplied] = arg;
        }
        supplied++;
    }
    for (int k = npos; k < nvalues; k++)
        if (!val[k])
            ok = false;     /* keyword formals are mandatory */
    if (supplied < npos || (supplied > npos && !rest))
        ok = false;
    if (ok && values) {
        if (rest) {
            StrBuf sb = {0};
            for (int i = 0; i < args->n; i++)
                if (!used[i]) {
                    sb_puts(&sb, sb.len ? ", " : "");
                    sb_puts(&sb, args->items[i]);
                }
            val[nvalues] = arena_strdup(a, sb_str(&sb));
            sb_free(&sb);
        }
        for (int i = 0; i < nf; i++)
            values[i] = val[i];
    }
    free(val);
    free(used);
    return ok;
}

static const char *plural(int n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

/* "Name(<arg>, KEY)[1 input, 1 output]", Click's signature. */
static char *signature(Arena *a, const FeClass *c, int nargs, int nin,
                       int nout)
{
    StrBuf sb = {0};
    sb_puts(&sb, *c->name ? c->name : "<anonymous>");
    if (nargs < 0 && c->body->nformals) {
        sb_putc(&sb, '(');
        for (int i = 0; i < c->body->nformals; i++) {
            const char *t = c->body->formals[i].value;
            sb_puts(&sb, i ? ", " : "");
            sb_puts(&sb, !*t ? "<arg>" : strcmp(t, "__REST__") == 0 ? "..." : t);
        }
        sb_putc(&sb, ')');
    }
    sb_putc(&sb, '[');
    if (nargs > 0)
        sb_printf(&sb, "%d %s, ", nargs, plural(nargs, "argument", "arguments"));
    sb_printf(&sb, "%d %s, %d %s]", nin, plural(nin, "input", "inputs"), nout,
              plural(nout, "output", "outputs"));
    char *r = arena_strdup(a, sb_str(&sb));
    sb_free(&sb);
    return r;
}

/* The definition of c to use for an element with nin/nout ports used and
 * these arguments: the first overload matching all three, else (with an
 * error when overloaded) the last matching the arguments.  values gets
 * the arguments of the chosen compound.  NULL when none fits. */
static FeClass *resolve(Flat *f, FeClass *c, int nin, int nout,
                        const StrVec *args, const char **values, SrcLoc loc)
{
    for (int guard = 0; c->kind == FC_SYNONYM && guard < 10000; guard++)
        c = c->target;
    if (c->kind != FC_COMPOUND)
        return c;
    FeClass *first = c, *closest = NULL;
    int nct = 0;
    for (FeClass *r = c;;) {
        nct++;
        if (r->body->ninputs == nin && r->body->noutputs == nout &&
            assign_args(f->a, r->body, args, values))
            return r;
        if (assign_args(f->a, r->body, args, NULL))
            closest = r;
        FeClass *next = r->overload;
        if (!next)
            break;
        if (next->kind == FC_COMPOUND) {
            r = next;
            continue;
        }
        return resolve(f, next, nin, nout, args, values, loc);
    }
    if (nct != 1 || !closest) {
        diag_error(f->d, loc, 1, "no match for '%s'",
                   signature(f->a, first, args->n, nin, nout));
        for (FeClass *r = first; r && r->kind == FC_COMPOUND; r = r->overload)
            diag_note(f->d, r->loc, 1, "candidate: '%s'",
                      signature(f->a, r, -1, r->body->ninputs,
                                r->body->noutputs));
    }
    if (closest)
        assign_args(f->a, closest->body, args, values);
    return closest;
}

/* ---- Expansion ----------------------------------------------------------------- */

static void expand_scope(Flat *f, const FeScope *sc, const char *prefix,
                         const VarEnv *env, const Expansion *origin,
                         int depth);

static const char *subst(Flat *f, const char *config, const VarEnv *env,
                         SrcLoc loc)
{
    const char *r = config_expand(f->a, config, env, &f->budget);
    if (f->budget == 0 && !f->budget_reported) {
        diag_error(f->d, loc, 1,
                   "parameter substitution makes too much configuration "
                   "text (nested or recursive definitions?)");
        f->budget_reported = true;
    }
    return r;
}

static const VarEnv *parent_of(const VarEnv *env, int depth)
{
    while (env && env->depth >= depth)
        env = env->parent;
    return env;
}

/* Expands an instance of compound c (arguments in values) whose element
 * is e in scope sc; in_place for the file's own elements. */
static int expand_compound(Flat *f, const FeScope *sc, int ei, FeClass *c,
                           const char **values, const char *prefix,
                           const VarEnv *env, const Expansion *origin,
                           int depth)
{
    const FeElem *e = &sc->elems[ei];
    const FeScope *body = c->body;
    const char *ename = prefix ? cat(f->a, prefix, e->name)
                               : e->name;
    const char *nprefix = cat(f->a, ename, "/");

    /* The compound's variables: formals, then its own define()s. */
    int nv = body->nformals + body->ndefines;
    FeVar *vars = xcalloc((size_t)nv + 1, sizeof *vars);
    for (int i = 0; i < body->nformals; i++) {
        vars[i].name = body->formals[i].name;
        vars[i].value = values && values[i] ? values[i] : "";
    }
    for (int i = 0; i < body->ndefines; i++) {
        vars[body->nformals + i].name = body->defines[i].name;
        vars[body->nformals + i].value =
            subst(f, body->defines[i].value, env, body->defines[i].loc);
    }
    VarEnv inner = {parent_of(env, body->depth), body->depth, vars, nv};

    if (!prefix)
        f->elems[ei].tunnel = true, f->elems[ei].cls = NULL;
    Expansion *x = arena_alloc(f->a, sizeof *x);
    x->compound = c->printable;
    x->instance = ename;
    x->loc = e->loc;
    x->parent = origin;
    int self = flat_tunnel(f, ename, cat(f->a, nprefix, "input"),
                           e->loc, origin);
    flat_tunnel(f, cat(f->a, nprefix, "output"), ename, e->loc,
                origin);
    expand_scope(f, body, nprefix, &inner, x, depth + 1);
    free(vars);
    return self;
}

/* Expands element ei of scope sc; returns its flat index (-1 if none).
 * prefix is NULL for the file's elements, which stay in place. */
static int expand_element(Flat *f, const FeScope *sc, int ei,
                          const char *prefix, const VarEnv *env,
                          const Expansion *origin, int depth)
{
    const FeElem *e = &sc->elems[ei];
    if (f->full)
        return -1;          /* past a size limit: stop expanding */
    if (e->tunnel) {
        if (!prefix)
            return ei;
        const char *name = cat(f->a, prefix, e->name);
        if (e->tunnel_out >= 0)
            return flat_tunnel(f, name,
                               cat(f->a, prefix, sc->elems[e->tunnel_out].name),
                               e->loc, origin);
        return flat_get(f, name, NULL, "", e->loc, e->loc, origin, false);
    }
    FeClass *c = e->cls;
    if (c->kind != FC_PRIMITIVE) {
        int nin = prefix ? e->ninputs : f->elems[ei].ninputs;
        int nout = prefix ? e->noutputs : f->elems[ei].noutputs;
        const char *conf = subst(f, e->config, env, e->config_loc);
        StrVec args = {0};
        config_argvec(f->a, conf, strlen(conf), &args);
        int nf = 0;
        for (FeClass *r = c; r && r->kind == FC_COMPOUND; r = r->overload)
            if (r->body->nformals > nf)
                nf = r->body->nformals;
        const char **values = xcalloc((size_t)nf + 1, sizeof *values);
        c = resolve(f, c, nin, nout, &args, values, e->loc);
        int r = -1;
        if (c && c->kind == FC_COMPOUND) {
            if (depth >= FE_MAX_NESTING) {
                if (!f->depth_reported)
                    diag_error(f->d, e->loc, 1,
                               "compound elements nested more than %d deep",
                               FE_MAX_NESTING);
                f->depth_reported = true;
            } else {
                r = expand_compound(f, sc, ei, c, values, prefix, env, origin,
                                    depth);
            }
        }
        free(values);
        strvec_free(&args);
        if (!c || c->kind == FC_COMPOUND) {
            if (r < 0 && !prefix)
                f->elems[ei].dead = true;
            return r;
        }
    }
    /* A primitive element (perhaps chosen by an overload or synonym). */
    const char *conf = subst(f, e->config, env, e->config_loc);
    if (!prefix) {
        f->elems[ei].config = conf;
        f->elems[ei].cls = c;
        return ei;
    }
    const char *name = cat(f->a, prefix, e->name);
    int old = flat_find(f, name);
    if (old >= 0)
        redeclared(f, name, e->loc, f->elems[old].loc);
    return flat_get(f, name, c, conf, e->loc, e->config_loc, origin,
                    e->anonymous);
}

static void expand_scope(Flat *f, const FeScope *sc, const char *prefix,
                         const VarEnv *env, const Expansion *origin,
                         int depth)
{
    int *map = xmalloc(((size_t)sc->nelems + 1) * sizeof *map);
    for (int i = 0; i < sc->nelems; i++)
        map[i] = expand_element(f, sc, i, prefix, env, origin, depth);
    for (int i = 0; i < sc->nconns; i++) {
        const FeConn *c = &sc->conns[i];
        flat_connect(f, map[c->from], c->from_port, map[c->to], c->to_port,
                     c->loc);
    }
    for (int i = 0; i < sc->nreqs; i++)
        VEC_PUSH(f->reqs, f->nreqs, f->reqs_cap, sc->reqs[i]);
    free(map);
}

/* ---- Tunnel removal -------------------------------------------------------- */

/* (element, port) pairs with an index, looked up by hash. */
typedef struct PortList {
    int *elem, *port;
    int n, cap;
    int *slots;             /* open addressing: index + 1, 0 empty */
    size_t nslots;
} PortList;

static size_t port_hash(int e, int p)
{
    uint64_t h = ((uint64_t)(unsigned)e << 32 | (unsigned)p);
    h = (h ^ (h >> 31)) * 0x9E3779B97F4A7C15ull;
    h = (h ^ (h >> 29)) * 0xBF58476D1CE4E5B9ull;
    return (size_t)(h ^ (h >> 32));
}

static int port_index(const PortList *l, int e, int p)
{
    if (!l->nslots)
        return -1;
    for (size_t i = port_hash(e, p) & (l->nslots - 1);; i = (i + 1) & (l->nslots - 1)) {
        int k = l->slots[i] - 1;
        if (k < 0)
            return -1;
        if (l->elem[k] == e && l->port[k] == p)
            return k;
    }
}

static void port_add(PortList *l, int e, int p)
{
    if (port_index(l, e, p) >= 0)
        return;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->elem = xrealloc(l->elem, (size_t)l->cap * sizeof *l->elem);
        l->port = xrealloc(l->port, (size_t)l->cap * sizeof *l->port);
    }
    l->elem[l->n] = e;
    l->port[l->n] = p;
    l->n++;
    if (2 * (size_t)l->n > l->nslots) {
        free(l->slots);
        l->nslots = l->nslots ? 2 * l->nslots : 64;
        while (2 * (size_t)l->n > l->nslots)
            l->nslots *= 2;
        l->slots = xcalloc(l->nslots, sizeof *l->slots);
        for (int k = 0; k < l->n; k++) {
            size_t i = port_hash(l->elem[k], l->port[k]) & (l->nslots - 1);
            while (l->slots[i])
                i = (i + 1) & (l->nslots - 1);
            l->slots[i] = k + 1;
        }
        return;
    }
    size_t i = port_hash(e, p) & (l->nslots - 1);
    while (l->slots[i])
        i = (i + 1) & (l->nslots - 1);
    l->slots[i] = l->n;
}

static void port_free(PortList *l)
{
    free(l->elem);
    free(l->port);
    free(l->slots);
}

/* Connections of each element on one side, in insertion order. */
typedef struct Adjacency {
    int *start;             /* nelems + 1 */
    int *conn;
} Adjacency;

static void adjacency_build(const Flat *f, bool outputs, Adjacency *adj)
{
    adj->start = xcalloc((size_t)f->nelems + 2, sizeof *adj->start);
    adj->conn = xmalloc(((size_t)f->nconns + 1) * sizeof *adj->conn);
    for (int i = 0; i < f->nconns; i++)
        adj->start[(outputs ? f->conns[i].from : f->conns[i].to) + 1]++;
    for (int e = 0; e < f->nelems; e++)
        adj->start[e + 1] += adj->start[e];
    int *fill = xmalloc(((size_t)f->nelems + 1) * sizeof *fill);
    memcpy(fill, adj->start, (size_t)f->nelems * sizeof *fill);
    for (int i = 0; i < f->nconns; i++)
        adj->conn[fill[outputs ? f->conns[i].from : f->conns[i].to]++] = i;
    free(fill);
}

enum { TS_NEW, TS_BUSY, TS_DONE };

/* (element, port) pairs, each kept once. */
typedef struct PairVec {
    int *v;
    int n, cap;
    ConnSet seen;
} PairVec;

static void pair_add(PairVec *pv, int e, int p)
{
    /* Most tunnels stand for a port or two: scan those, hash the rest. */
    if (pv->n < 16) {
        for (int k = 0; k < pv->n; k += 2)
            if (pv->v[k] == e && pv->v[k + 1] == p)
                return;
    } else {
        if (!pv->seen.cap)
            for (int k = 0; k < pv->n; k += 2)
                connset_add(&pv->seen, pv->v[k], pv->v[k + 1], 0, 0);
        if (!connset_add(&pv->seen, e, p, 0, 0))
            return;
    }
    VEC_PUSH(pv->v, pv->n, pv->cap, e);
    VEC_PUSH(pv->v, pv->n, pv->cap, p);
}

typedef struct TunnelWork {
    Flat *f;
    const PortList *ports;
    bool is_output;         /* ports are ends that connections leave */
    const Adjacency *adj;   /* by the side the partner's ports are on */
    unsigned char *state;
    PairVec *exp;           /* per port: the real ports it stands for */
} TunnelWork;

/* Reports a tunnel port that nothing connects to on the other side. */
static void tunnel_unused(Flat *f, int me, int port, int other,
                          bool is_output)
{
    const FlatElem *in = &f->elems[is_output ? other : me];
    const FlatElem *out = &f->elems[is_output ? me : other];
    size_t ni = strlen(in->name), no = strlen(out->name);
    if (no == ni + 6 && strncmp(out->name, in->name, ni) == 0 &&
        strcmp(out->name + ni, "/input") == 0)
        diag_error(f->d, in->loc, 1,
                   is_output ? "'%s' input %d unused" : "'%s' has no input %d",
                   in->name, port);
    else if (ni == no + 7 && strncmp(in->name, out->name, no) == 0 &&
             strcmp(in->name + no, "/output") == 0)
        diag_error(f->d, out->loc, 1,
                   is_output ? "'%s' has no output %d"
                             : "'%s' output %d unused",
                   out->name, port);
    else
        diag_error(f->d, f->elems[other].loc, 1,
                   "tunnel '%s -> %s' %s %d unused", in->name, out->name,
                   is_output ? "input" : "output", port);
}

typedef struct Frame {
    int which;              /* port being expanded */
    int pos, end;           /* adjacency entries still to visit, backward */
} Frame;

static bool frame_start(TunnelWork *w, Frame *fr)
{
    Flat *f = w->f;
    int me = w->ports->elem[fr->which], port = w->ports->port[fr->which];
    int other = w->is_output ? f->elems[me].tunnel_in : f->elems[me].tunnel_out;
    w->state[fr->which] = TS_BUSY;
    fr->pos = fr->end = 0;
    if (other < 0)
        return false;
    fr->end = w->adj->start[other];
    fr->pos = w->adj->start[other + 1] - 1;
    int n = 0;
    for (int k = fr->end; k <= fr->pos; k++) {
        const FeConn *c = &f->conns[w->adj->conn[k]];
        n += (w->is_output ? c->to_port : c->from_port) == port;
    }
    if (!n && !f->full)     /* after a size limit, ports are missing */
        tunnel_unused(f, me, port, other, w->is_output);
    return true;
}

/*
 * Finds the real ports a tunnel port stands for: the ports connected to
 * its partner, with tunnels among them replaced by their own expansions
 * (circular tunnels contribute nothing).  Click visits an element's
 * connections newest first; so does this.  Iterative, so long chains of
 * tunnels cannot exhaust the stack.
 */
static void expand_tunnel(TunnelWork *w, int root)
{
    if (w->state[root] != TS_NEW)
        return;
    Flat *f = w->f;
    Frame *st = NULL;
    int n = 0, cap = 0;
    Frame top = {root, 0, 0};
    VEC_PUSH(st, n, cap, top);
    frame_start(w, &st[0]);
    while (n) {
        Frame *fr = &st[n - 1];
        int port = w->ports->port[fr->which];
        PairVec *store = &w->exp[fr->which];
        bool pushed = false;
        while (fr->pos >= fr->end) {
            const FeConn *c = &f->conns[w->adj->conn[fr->pos--]];
            if ((w->is_output ? c->to_port : c->from_port) != port)
                continue;
            int pe = w->is_output ? c->from : c->to;
            int pp = w->is_output ? c->from_port : c->to_port;
            int x = f->elems[pe].tunnel ? port_index(w->ports, pe, pp) : -1;
            if (x < 0) {
                pair_add(store, pe, pp);
            } else if (w->state[x] == TS_DONE) {
                for (int k = 0; k < w->exp[x].n; k += 2)
                    pair_add(store, w->exp[x].v[k], w->exp[x].v[k + 1]);
            } else if (w->state[x] == TS_NEW) {
                Frame child = {x, 0, 0};
                VEC_PUSH(st, n, cap, child);
                frame_start(w, &st[n - 1]);
                pushed = true;
                break;
            }
        }
        if (pushed)
            continue;
        int done = fr->which;
        w->state[done] = TS_DONE;
        n--;
        if (n) {
            PairVec *up = &w->exp[st[n - 1].which];
            for (int k = 0; k < w->exp[done].n; k += 2)
                pair_add(up, w->exp[done].v[k], w->exp[done].v[k + 1]);
        }
    }
    free(st);
}

static void work_free(TunnelWork *w)
{
    for (int i = 0; i < w->ports->n; i++) {
        free(w->exp[i].v);
        connset_free(&w->exp[i].seen);
    }
    free(w->exp);
    free(w->state);
}

static void remove_tunnels(Flat *f)
{
    PortList outs = {0}, ins = {0};
    for (int i = 0; i < f->nconns; i++) {
        const FeConn *c = &f->conns[i];
        const FlatElem *from = &f->elems[c->from], *to = &f->elems[c->to];
        if (from->tunnel && from->tunnel_in >= 0)
            port_add(&outs, c->from, c->from_port);
        if (to->tunnel && to->tunnel_out >= 0)
            port_add(&ins, c->to, c->to_port);
    }
    Adjacency by_to, by_from;
    adjacency_build(f, false, &by_to);
    adjacency_build(f, true, &by_from);
    TunnelWork win = {f, &ins, false, &by_from,
                      xcalloc((size_t)ins.n + 1, 1),
                      xcalloc((size_t)ins.n + 1, sizeof(PairVec))};
    TunnelWork wout = {f, &outs, true, &by_to,
                       xcalloc((size_t)outs.n + 1, 1),
                       xcalloc((size_t)outs.n + 1, sizeof(PairVec))};
    /* Inputs only matter for their error messages, as in Click. */
    for (int i = 0; i < ins.n; i++)
        expand_tunnel(&win, i);
    for (int i = 0; i < outs.n; i++)
        expand_tunnel(&wout, i);

    /* Each connection leaving a tunnel now leaves every real port behind
     * it. */
    int n0 = f->nconns;
    for (int i = 0; i < n0; i++) {
        FeConn c = f->conns[i];
        if (!f->elems[c.from].tunnel || f->elems[c.to].tunnel)
            continue;
        int x = port_index(&outs, c.from, c.from_port);
        if (x < 0)
            continue;
        for (int k = 0; k < wout.exp[x].n; k += 2)
            flat_connect(f, wout.exp[x].v[k], wout.exp[x].v[k + 1], c.to,
                         c.to_port, c.loc);
    }
    work_free(&win);
    work_free(&wout);
    free(by_to.start);
    free(by_to.conn);
    free(by_from.start);
    free(by_from.conn);
    port_free(&outs);
    port_free(&ins);

    for (int i = 0; i < f->nelems; i++)
        if (f->elems[i].tunnel)
            f->elems[i].dead = true;
}

/* ---- The Graph ------------------------------------------------------------- */

static Graph *build_graph(Flat *f)
{
    Graph *g = xcalloc(1, sizeof *g);
    int *index = xmalloc(((size_t)f->nelems + 1) * sizeof *index);
    for (int i = 0; i < f->nelems; i++) {
        const FlatElem *fe = &f->elems[i];
        index[i] = -1;
        if (fe->dead || !fe->cls)
            continue;
        Element e = {
            .name = fe->name, .class_name = fe->cls->name,
            .config = fe->config, .loc = fe->loc,
            .config_loc = fe->config_loc, .anonymous = fe->anonymous,
            .origin = fe->origin,
        };
        index[i] = g->nelems;
        VEC_PUSH(g->elems, g->nelems, g->elems_cap, e);
        strmap_put(&g->by_name, e.name, (void *)(intptr_t)g->nelems);
    }
    for (int i = 0; i < f->nconns; i++) {
        const FeConn *c = &f->conns[i];
        if (index[c->from] < 0 || index[c->to] < 0)
            continue;
        Connection gc = {index[c->from], c->from_port, index[c->to],
                         c->to_port, c->loc};
        VEC_PUSH(g->conns, g->nconns, g->conns_cap, gc);
        Element *from = &g->elems[gc.from], *to = &g->elems[gc.to];
        if (from->noutputs <= gc.from_port)
            from->noutputs = gc.from_port + 1;
        if (to->ninputs <= gc.to_port)
            to->ninputs = gc.to_port + 1;
    }
    for (int i = 0; i < f->nreqs; i++)
        VEC_PUSH(g->reqs, g->nreqs, g->reqs_cap, f->reqs[i]);
    free(index);
    return g;
}

Graph *frontend_expand(Frontend *fe)
{
    Flat f = {.fe = fe, .d = fe->diag, .a = &fe->arena};
    /* Real routers stay within a few dozen elements per byte of source;
     * more means exponential nesting, which only costs time. */
    size_t limit = fe->source_len * FE_ELEMENTS_PER_BYTE;
    f.max_elems = limit < FE_MIN_ELEMENTS   ? FE_MIN_ELEMENTS
                  : limit > FE_MAX_ELEMENTS ? FE_MAX_ELEMENTS
                                            : (int)limit;
    size_t bytes = fe->source_len * FE_ELEMENTS_PER_BYTE;
    f.budget = bytes < FE_MIN_EXPANSION_BYTES   ? FE_MIN_EXPANSION_BYTES
               : bytes > FE_MAX_EXPANSION_BYTES ? FE_MAX_EXPANSION_BYTES
                                                : bytes;
    const FeScope *top = fe->top;
    for (int i = 0; i < top->nelems; i++) {
        const FeElem *e = &top->elems[i];
        int k = flat_get(&f, e->name, e->cls, e->config, e->loc,
                         e->config_loc, NULL, e->anonymous);
        assert(k == i);
        f.elems[k].tunnel = e->tunnel;
        f.elems[k].tunnel_in = e->tunnel_in;
        f.elems[k].tunnel_out = e->tunnel_out;
    }
    for (int i = 0; i < top->nconns; i++) {
        const FeConn *c = &top->conns[i];
        flat_connect(&f, c->from, c->from_port, c->to, c->to_port, c->loc);
    }
    for (int i = 0; i < top->nreqs; i++)
        VEC_PUSH(f.reqs, f.nreqs, f.reqs_cap, top->reqs[i]);

    /* Global define()s; each value sees the ones before it, and values are
     * substituted again where they are used. */
    FeVar *vars = xcalloc((size_t)top->ndefines + 1, sizeof *vars);
    VarEnv genv = {NULL, 0, vars, 0};
    for (int i = 0; i < top->ndefines; i++) {
        vars[i] = top->defines[i];
        vars[i].value = subst(&f, vars[i].value, &genv, vars[i].loc);
        genv.nvars = i + 1;
    }
    int ntop = top->nelems;
    flat_check(&f, 0, 0);
    for (int i = 0; i < ntop && i < f.nelems; i++) {
        /* Check what each expansion added, so a bug shows up here. */
        int e0 = f.nelems, c0 = f.nconns;
        expand_element(&f, top, i, NULL, &genv, NULL, 0);
        flat_check(&f, e0, c0);
    }
    free(vars);

    remove_tunnels(&f);
    Graph *g = build_graph(&f);

    free(f.elems);
    free(f.conns);
    free(f.reqs);
    strmap_free(&f.map);
    connset_free(&f.set);
    return g;
}

Graph *frontend_load(Diag *d, const char *path, const char *text, size_t len)
{
    char *buf = NULL;
    if (!text) {
        buf = read_file(path, &len);
        if (!buf)
            return NULL;
        text = buf;
    }
    Frontend fe;
    frontend_init(&fe, d, NULL);
    fe.file = arena_strdup(&fe.arena, strcmp(path, "-") == 0 ? "<stdin>"
                                                               : path);
    /* The graph keeps the source: locations point into it. */
    char *src = arena_strndup(&fe.arena, text, len);
    fe.source_len = len;
    free(buf);
    frontend_parse(&fe, src, len);
    Graph *g = frontend_expand(&fe);
    g->file = arena_strdup(&fe.arena, path);
    g->arena = fe.arena;
    fe.arena.head = NULL;
    frontend_free(&fe);
    return g;
}

void graph_free(Graph *g)
{
    if (!g)
        return;
    free(g->elems);     /* in_proc/out_proc live in the arena */
    free(g->conns);
    free(g->reqs);
    strmap_free(&g->by_name);
    arena_free(&g->arena);
    free(g);
}

int graph_find(const Graph *g, const char *name)
{
    void *v = strmap_get(&g->by_name, name);
    return v ? (int)((intptr_t)v - 1) : -1;
}
