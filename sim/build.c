/*
 * build.c -- builds a design's simulators, each once per content.
 *
 * Verilator: the model of the Verilog in DIR/rtl (top fg_sim_top) is
 * compiled into DIR/sim/obj (DIR/sim/obj-trace for waveforms) and linked
 * with archives kept once per machine in the cache folder
 * ($FPGAGEN_CACHE, else $XDG_CACHE_HOME/fpgagen, else ~/.cache/fpgagen):
 *
 *   verilator-VERSION-KEY/libverilated.a   Verilator's runtime
 *   verilator-VERSION-KEY/libverilated_vcd.a  its VCD writer (on demand)
 *   harness-KEY/libfgsim.a                 the harness's C (this folder)
 *
 * KEY hashes what the objects depend on (sources, compiler, flags), so a
 * change of either gives a new folder.  DIR/sim/obj/fingerprint hashes the
 * RTL, the shim and the keys: when it matches, nothing is rebuilt.
 *
 * Icarus: the fixed testbench tb_icarus.v and the RTL are compiled into
 * DIR/sim/icarus/sim.vvp, with its own fingerprint.
 */
#include "sim_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

/* A growing argv. */
typedef struct Argv {
    char **v;
    int n, cap;
} Argv;

static void arg(Argv *a, const char *s)
{
    if (a->n + 2 > a->cap) {
        a->cap = a->cap ? 2 * a->cap : 32;
        a->v = sim_realloc(a->v, (size_t)a->cap * sizeof *a->v);
    }
    a->v[a->n++] = sim_strdup(s);
    a->v[a->n] = NULL;
}

static void argf(Argv *a, const char *fmt, const char *s)
{
    char *t = sim_asprintf(fmt, s);
    arg(a, t);
    free(t);
}

/* Adds the words of a space-separated string. */
static void args_split(Argv *a, const char *s)
{
    while (*s) {
        s += strspn(s, " \t");
        size_t n = strcspn(s, " \t");
        if (n) {
            char *w = sim_asprintf("%.*s", (int)n, s);
            arg(a, w);
            free(w);
        }
        s += n;
    }
}

static void args_free(Argv *a)
{
    for (int i = 0; i < a->n; i++)
        free(a->v[i]);
    free(a->v);
    memset(a, 0, sizeof *a);
}

/* ---- Where things are ------------------------------------------------- */

static bool is_source_dir(const char *d)
{
    char *a = sim_asprintf("%s/shim.cpp", d);
    char *b = sim_asprintf("%s/tb_icarus.v", d);
    char *c = sim_asprintf("%s/run_verilator.c", d);
    bool ok = sim_is_file(a) && sim_is_file(b) && sim_is_file(c);
    free(a);
    free(b);
    free(c);
    return ok;
}

char *sim_source_dir(void)
{
    const char *env = getenv("FPGAGEN_SIM_DIR");
    if (env && *env) {
        if (is_source_dir(env))
            return realpath(env, NULL);
        sim_error("FPGAGEN_SIM_DIR=%s: no harness sources there "
                  "(shim.cpp, tb_icarus.v, run_verilator.c)", env);
        return NULL;
    }
    /* the source tree fpgagen was built from, as the generator finds
     * rtl/ (gen/design.c) */
    const char *root = getenv("FPGAGEN_ROOT");
#ifdef FPGAGEN_ROOT
    if (!root || !*root)
        root = FPGAGEN_ROOT;
#endif
    if (root && *root) {
        char *d = sim_asprintf("%s/sim", root);
        char *real = is_source_dir(d) ? realpath(d, NULL) : NULL;
        free(d);
        if (real)
            return real;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = '\0';
        static const char *const rel[] = {
            "sim", "../sim", "../../sim", "../../../sim",
            "../share/fpgagen/sim",
        };
        for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
            char *d = sim_asprintf("%s/%s", exe, rel[i]);
            if (is_source_dir(d)) {
                char *real = realpath(d, NULL);
                free(d);
                if (real)
                    return real;
                continue;
            }
            free(d);
        }
    }
    sim_error("cannot find the harness sources (sim/shim.cpp) beside this "
              "program; set FPGAGEN_SIM_DIR to the sim folder of fpgagen's "
              "source tree");
    return NULL;
}

static char *cache_dir(void)
{
    const char *e = getenv("FPGAGEN_CACHE");
    if (e && *e)
        return sim_strdup(e);
    e = getenv("XDG_CACHE_HOME");
    if (e && *e == '/')
        return sim_asprintf("%s/fpgagen", e);
    e = getenv("HOME");
    if (e && *e == '/')
        return sim_asprintf("%s/.cache/fpgagen", e);
    return sim_asprintf("/tmp/fpgagen-cache-%ld", (long)getuid());
}

static int jobs(void)
{
    const char *e = getenv("FPGAGEN_JOBS");
    int n = e ? atoi(e) : 0;
    return n > 0 ? n : 2;
}

/* Takes an exclusive lock on path (created if needed); -1 on error. */
static int lock_file(const char *path)
{
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) {
        sim_error("cannot create %s: %s", path, strerror(errno));
        return -1;
    }
    while (flock(fd, LOCK_EX) != 0) {
        if (errno != EINTR) {
            sim_error("cannot lock %s: %s", path, strerror(errno));
            close(fd);
            return -1;
        }
    }
    return fd;
}

static void unlock_file(int fd)
{
    if (fd >= 0)
        close(fd);
}

/* The value of "NAME = value" in a make file, or "". */
static char *make_var(const char *text, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p) {
        if (strncmp(p, name, n) != 0)
            continue;
        const char *q = p + n;
        q += strspn(q, " \t");
        if (*q != '=')
            continue;
        q++;
        size_t len = strcspn(q, "\n");
        return sim_asprintf("%.*s", (int)len, q);
    }
    return sim_strdup("");
}

/* ---- The toolchain ---------------------------------------------------- */

typedef struct Tools {
    char *src;              /* harness sources */
    char *cache;
    char *vroot;            /* VERILATOR_ROOT */
    char *vversion;         /* "5.006" */
    char *cc, *cxx;         /* compilers */
    bool ccache;
    char *cxxflags;         /* Verilator's C++ flags (verilated.mk) */
    char *ldlibs;           /* Verilator's thread libraries */
    char *extra;            /* $FPGAGEN_SIM_CFLAGS: harness, shim, link */
    char *rt_dir;           /* cache/verilator-VERSION-KEY */
    char *rt_key;
    char *h_dir;            /* cache/harness-KEY */
    char *h_key;
    bool quiet;
} Tools;

static void tools_free(Tools *t)
{
    free(t->src);
    free(t->cache);
    free(t->vroot);
    free(t->vversion);
    free(t->cc);
    free(t->cxx);
    free(t->cxxflags);
    free(t->ldlibs);
    free(t->extra);
    free(t->rt_dir);
    free(t->rt_key);
    free(t->h_dir);
    free(t->h_key);
    memset(t, 0, sizeof *t);
}

static void compiler(Argv *a, const Tools *t, const char *cc)
{
    if (t->ccache)
        arg(a, "ccache");
    arg(a, cc);
}

static bool tools_init(Tools *t, bool quiet)
{
    memset(t, 0, sizeof *t);
    t->quiet = quiet;
    if (!sim_have_program("verilator")) {
        sim_error("verilator is not installed (Debian: apt-get install "
                  "verilator), or use --simulator icarus");
        return false;
    }
    if (!(t->src = sim_source_dir()))
        return false;
    t->cache = cache_dir();
    char *root_cmd[] = {"verilator", "--getenv", "VERILATOR_ROOT", NULL};
    char *ver_cmd[] = {"verilator", "--version", NULL};
    t->vroot = sim_capture(root_cmd);
    char *ver = sim_capture(ver_cmd);
    if (!t->vroot || !ver) {
        sim_error("cannot ask verilator for its version and root folder");
        free(ver);
        return false;
    }
    /* "Verilator 5.006 2023-01-22 rev ..." */
    const char *v = strchr(ver, ' ');
    v = v ? v + 1 : ver;
    t->vversion = sim_asprintf("%.*s", (int)strcspn(v, " "), v);
    const char *e = getenv("CC");
    t->cc = sim_strdup(e && *e ? e : "gcc");
    e = getenv("CXX");
    t->cxx = sim_strdup(e && *e ? e : "g++");
    e = getenv("FPGAGEN_CCACHE");
    t->ccache = (!e || strcmp(e, "0") != 0) && sim_have_program("ccache");

    char *mk_path = sim_asprintf("%s/include/verilated.mk", t->vroot);
    char *mk = sim_read_file(mk_path, NULL);
    if (!mk) {
        sim_error("%s: %s", mk_path, strerror(errno));
        free(mk_path);
        free(ver);
        return false;
    }
    char *nu = make_var(mk, "CFG_CXXFLAGS_NO_UNUSED");
    char *std = make_var(mk, "CFG_CXXFLAGS_STD");
    t->cxxflags = sim_asprintf("%s %s", std, nu);
    t->ldlibs = make_var(mk, "CFG_LDLIBS_THREADS");
    free(nu);
    free(std);
    free(mk);
    free(mk_path);

    char *cxxv_cmd[] = {t->cxx, "-dumpfullversion", NULL};
    char *ccv_cmd[] = {t->cc, "-dumpfullversion", NULL};
    char *cxxv = sim_capture(cxxv_cmd), *ccv = sim_capture(ccv_cmd);
    if (!cxxv || !ccv) {
        sim_error("cannot run the compilers %s and %s", t->cc, t->cxx);
        free(cxxv);
        free(ccv);
        free(ver);
        return false;
    }

    SimHash h;
    sim_hash_init(&h);
    sim_hash_str(&h, ver);
    sim_hash_str(&h, t->vroot);
    sim_hash_str(&h, t->cxx);
    sim_hash_str(&h, cxxv);
    sim_hash_str(&h, t->cxxflags);
    t->rt_key = sim_hash_hex(&h);
    t->rt_dir = sim_asprintf("%s/verilator-%s-%s", t->cache, t->vversion,
                             t->rt_key);

    sim_hash_init(&h);
    e = getenv("FPGAGEN_SIM_CFLAGS");
    t->extra = sim_strdup(e ? e : "");
    sim_hash_str(&h, t->cc);
    sim_hash_str(&h, t->extra);
    sim_hash_str(&h, ccv);
    int n;
    char **files = sim_list_dir(t->src, ".c", &n);
    bool ok = files != NULL;
    for (int i = 0; ok && i < n; i++) {
        char *p = sim_asprintf("%s/%s", t->src, files[i]);
        ok = sim_hash_file(&h, p);
        free(p);
    }
    sim_free_list(files, files ? n : 0);
    files = sim_list_dir(t->src, ".h", &n);
    ok = ok && files != NULL;
    for (int i = 0; ok && i < n; i++) {
        char *p = sim_asprintf("%s/%s", t->src, files[i]);
        ok = sim_hash_file(&h, p);
        free(p);
    }
    sim_free_list(files, files ? n : 0);
    free(cxxv);
    free(ccv);
    free(ver);
    if (!ok) {
        sim_error("%s: cannot read the harness sources: %s", t->src,
                  strerror(errno));
        return false;
    }
    t->h_key = sim_hash_hex(&h);
    t->h_dir = sim_asprintf("%s/harness-%s", t->cache, t->h_key);
    return true;
}

/* ---- Archives kept once per machine ----------------------------------- */

static void cxx_flags(Argv *a, const Tools *t, bool trace)
{
    argf(a, "-I%s/include", t->vroot);
    argf(a, "-I%s/include/vltstd", t->vroot);
    arg(a, "-DVM_COVERAGE=0");
    arg(a, "-DVM_SC=0");
    arg(a, trace ? "-DVM_TRACE=1" : "-DVM_TRACE=0");
    arg(a, "-DVM_TRACE_FST=0");
    arg(a, trace ? "-DVM_TRACE_VCD=1" : "-DVM_TRACE_VCD=0");
    args_split(a, t->cxxflags);
}

/* Compiles sources (NULL-terminated) into the archive path, through the
 * folder tmp. */
static bool compile_archive(const Tools *t, const char *tmp, const char *path,
                            const char *const *sources, bool cpp,
                            const char *what)
{
    char *log = sim_asprintf("%s/build.log", tmp);
    char *tmplib = sim_asprintf("%s/lib.a", tmp);
    int nsrc = 0;
    while (sources[nsrc])
        nsrc++;
    Argv *cmds = sim_alloc((size_t)nsrc * sizeof *cmds);
    char ***argvs = sim_alloc((size_t)nsrc * sizeof *argvs);
    Argv ar = {0};
    arg(&ar, "ar");
    arg(&ar, "rcs");
    arg(&ar, tmplib);
    for (int i = 0; i < nsrc; i++) {
        const char *base = strrchr(sources[i], '/');
        base = base ? base + 1 : sources[i];
        char *obj = sim_asprintf("%s/%.*s.o", tmp,
                                 (int)strcspn(base, "."), base);
        compiler(&cmds[i], t, cpp ? t->cxx : t->cc);
        if (cpp) {
            cxx_flags(&cmds[i], t, false);
        } else {
            arg(&cmds[i], "-std=c11");
            arg(&cmds[i], "-D_GNU_SOURCE");
            arg(&cmds[i], "-Wall");
            arg(&cmds[i], "-Wextra");
        }
        arg(&cmds[i], "-O2");
        if (!cpp)
            args_split(&cmds[i], t->extra);
        arg(&cmds[i], "-c");
        arg(&cmds[i], "-o");
        arg(&cmds[i], obj);
        arg(&cmds[i], sources[i]);
        argvs[i] = cmds[i].v;
        arg(&ar, obj);
        free(obj);
    }
    bool ok = sim_run_parallel(argvs, nsrc, jobs(), log) &&
              sim_run(ar.v, log) == 0;
    if (ok && rename(tmplib, path) != 0) {
        sim_error("cannot move %s to %s: %s", tmplib, path, strerror(errno));
        ok = false;
    }
    if (!ok) {
        sim_error("compiling %s failed; the log is %s", what, log);
        sim_show_log(log, 30);
    }
    for (int i = 0; i < nsrc; i++)
        args_free(&cmds[i]);
    args_free(&ar);
    free(cmds);
    free(argvs);
    free(tmplib);
    free(log);
    return ok;
}

/* Builds dir/lib from sources unless it is there, under the cache's lock
 * so that concurrent runs share one result. */
static bool build_archive(const Tools *t, const char *dir, const char *lib,
                          const char *const *sources, bool cpp,
                          const char *what)
{
    char *path = sim_asprintf("%s/%s", dir, lib);
    bool ok = sim_is_file(path);
    if (ok || !sim_mkdirs(t->cache)) {
        free(path);
        return ok;
    }
    char *lockp = sim_asprintf("%s/.lock", t->cache);
    int lock = lock_file(lockp);
    free(lockp);
    ok = lock >= 0 && sim_is_file(path);    /* built while we waited? */
    if (lock >= 0 && !ok) {
        if (!t->quiet)
            fprintf(stderr, "fpgagen sim: compiling %s into %s (once per "
                            "machine)\n", what, dir);
        char *tmp = sim_asprintf("%s.tmp%ld", dir, (long)getpid());
        ok = sim_mkdirs(tmp) && sim_mkdirs(dir) &&
             compile_archive(t, tmp, path, sources, cpp, what);
        if (ok) {
            char *rm[] = {"rm", "-rf", tmp, NULL};
            sim_run(rm, NULL);
        }
        free(tmp);
    }
    unlock_file(lock);
    free(path);
    return ok;
}

static bool build_runtime(const Tools *t, bool trace)
{
    char *a = sim_asprintf("%s/include/verilated.cpp", t->vroot);
    char *b = sim_asprintf("%s/include/verilated_threads.cpp", t->vroot);
    const char *rt[] = {a, b, NULL};
    bool ok = build_archive(t, t->rt_dir, "libverilated.a", rt, true,
                            "Verilator's runtime");
    free(a);
    free(b);
    if (ok && trace) {
        char *c = sim_asprintf("%s/include/verilated_vcd_c.cpp", t->vroot);
        const char *vcd[] = {c, NULL};
        ok = build_archive(t, t->rt_dir, "libverilated_vcd.a", vcd, true,
                           "Verilator's VCD writer");
        free(c);
    }
    return ok;
}

static bool build_harness(const Tools *t)
{
    int n;
    char **files = sim_list_dir(t->src, ".c", &n);
    if (!files) {
        sim_error("%s: %s", t->src, strerror(errno));
        return false;
    }
    const char **srcs = sim_alloc((size_t)(n + 1) * sizeof *srcs);
    for (int i = 0; i < n; i++)
        srcs[i] = sim_asprintf("%s/%s", t->src, files[i]);
    bool ok = build_archive(t, t->h_dir, "libfgsim.a", srcs, false,
                            "the simulation harness");
    for (int i = 0; i < n; i++)
        free((char *)srcs[i]);
    free(srcs);
    sim_free_list(files, n);
    return ok;
}

/* ---- The design's RTL ------------------------------------------------- */

/* Hashes DIR/rtl's Verilog and lists the files to compile (.v, .sv;
 * headers .vh/.svh are hashed only).  False after reporting. */
static bool hash_rtl(const SimDesign *d, SimHash *h, Argv *files)
{
    char *rtl = sim_asprintf("%s/rtl", d->dir);
    static const char *const ext[] = {".v", ".sv", ".vh", ".svh"};
    int total = 0;
    bool ok = true;
    for (size_t e = 0; ok && e < sizeof ext / sizeof ext[0]; e++) {
        int n;
        char **v = sim_list_dir(rtl, ext[e], &n);
        if (!v) {
            sim_error("%s: %s", rtl, strerror(errno));
            ok = false;
            break;
        }
        for (int i = 0; ok && i < n; i++) {
            char *p = sim_asprintf("%s/%s", rtl, v[i]);
            if (!sim_hash_file(h, p)) {
                sim_error("%s: %s", p, strerror(errno));
                ok = false;
            } else if (e < 2) {
                arg(files, p);
                total++;
            }
            free(p);
        }
        sim_free_list(v, n);
    }
    if (ok && total == 0) {
        sim_error("%s: no Verilog files (.v)", rtl);
        ok = false;
    }
    free(rtl);
    return ok;
}

static bool fingerprint_matches(const char *file, const char *fp)
{
    char *old = sim_read_file(file, NULL);
    bool same = old && strcmp(old, fp) == 0;
    free(old);
    return same;
}

/* Reads "NAME += \\\n\tA \\\n\tB \\\n" lists from Vfg_sim_top_classes.mk. */
static void make_list(const char *text, const char *name, Argv *out)
{
    size_t n = strlen(name);
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p) {
        if (strncmp(p, name, n) != 0 || strncmp(p + n, " +=", 3) != 0)
            continue;
        p = strchr(p, '\n');
        while (p && p[1] == '\t') {
            p += 2;
            size_t len = strcspn(p, " \\\n");
            if (len) {
                char *w = sim_asprintf("%.*s", (int)len, p);
                arg(out, w);
                free(w);
            }
            p = strchr(p, '\n');
        }
        return;
    }
}

static bool write_unity(const char *path, const Argv *a, const Argv *b)
{
    char *text = sim_strdup("// generated by fpgagen sim: one unit for "
                            "the compiler\n");
    const Argv *lists[] = {a, b};
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < lists[k]->n; i++) {
            char *t = sim_asprintf("%s#include \"%s.cpp\"\n", text,
                                   lists[k]->v[i]);
            free(text);
            text = t;
        }
    bool ok = sim_write_file(path, text, strlen(text));
    free(text);
    return ok;
}

static bool compile_model(const Tools *t, const char *obj, bool trace,
                          const char *log)
{
    char *mkp = sim_asprintf("%s/Vfg_sim_top_classes.mk", obj);
    char *mk = sim_read_file(mkp, NULL);
    if (!mk) {
        sim_error("%s: %s", mkp, strerror(errno));
        free(mkp);
        return false;
    }
    free(mkp);
    Argv fast = {0}, fast2 = {0}, slow = {0}, slow2 = {0};
    make_list(mk, "VM_CLASSES_FAST", &fast);
    make_list(mk, "VM_SUPPORT_FAST", &fast2);
    make_list(mk, "VM_CLASSES_SLOW", &slow);
    make_list(mk, "VM_SUPPORT_SLOW", &slow2);
    free(mk);
    char *fcpp = sim_asprintf("%s/fg_fast.cpp", obj);
    char *scpp = sim_asprintf("%s/fg_slow.cpp", obj);
    bool ok = fast.n > 0 && write_unity(fcpp, &fast, &fast2) &&
              write_unity(scpp, &slow, &slow2);
    if (fast.n == 0)
        sim_error("%s: Verilator listed no model classes", obj);

    Argv c[3] = {{0}, {0}, {0}};
    const char *src[3] = {fcpp, scpp, NULL};
    char *shim = sim_asprintf("%s/shim.cpp", t->src);
    src[2] = shim;
    const char *opt[3] = {"-O2", "-O0", "-O2"};
    const char *out[3] = {"fg_fast.o", "fg_slow.o", "shim.o"};
    char **argvs[3];
    for (int i = 0; i < 3; i++) {
        compiler(&c[i], t, t->cxx);
        cxx_flags(&c[i], t, trace);
        argf(&c[i], "-I%s", obj);
        argf(&c[i], "-I%s", t->src);
        arg(&c[i], opt[i]);
        if (i == 2)
            args_split(&c[i], t->extra);
        arg(&c[i], "-c");
        arg(&c[i], "-o");
        char *o = sim_asprintf("%s/%s", obj, out[i]);
        arg(&c[i], o);
        free(o);
        arg(&c[i], src[i]);
        argvs[i] = c[i].v;
    }
    ok = ok && sim_run_parallel(argvs, 3, jobs(), log);

    if (ok) {
        Argv l = {0};
        arg(&l, t->cxx);
        arg(&l, "-o");
        argf(&l, "%s/fgsim.tmp", obj);
        for (int i = 0; i < 3; i++) {
            char *o = sim_asprintf("%s/%s", obj, out[i]);
            arg(&l, o);
            free(o);
        }
        argf(&l, "%s/libfgsim.a", t->h_dir);
        if (trace)
            argf(&l, "%s/libverilated_vcd.a", t->rt_dir);
        argf(&l, "%s/libverilated.a", t->rt_dir);
        arg(&l, "-lpcap");
        arg(&l, "-ljansson");
        args_split(&l, t->extra);
        args_split(&l, t->ldlibs);
        ok = sim_run(l.v, log) == 0;
        args_free(&l);
    }
    for (int i = 0; i < 3; i++)
        args_free(&c[i]);
    args_free(&fast);
    args_free(&fast2);
    args_free(&slow);
    args_free(&slow2);
    free(fcpp);
    free(scpp);
    free(shim);
    return ok;
}

/* Removes what an earlier Verilator run left in obj. */
static void clean_generated(const char *obj)
{
    int n;
    char **v = sim_list_dir(obj, "", &n);
    if (!v)
        return;
    for (int i = 0; i < n; i++) {
        if (strncmp(v[i], "Vfg_sim_top", 11) == 0 ||
            strncmp(v[i], "fg_", 3) == 0) {
            char *p = sim_asprintf("%s/%s", obj, v[i]);
            unlink(p);
            free(p);
        }
    }
    sim_free_list(v, n);
}

char *sim_build_verilator(const SimDesign *d, bool trace, bool quiet)
{
    Tools t;
    char *result = NULL, *obj = NULL, *exe = NULL, *fpfile = NULL,
         *fp = NULL, *log = NULL;
    int lock = -1;
    Argv rtl = {0};
    if (!tools_init(&t, quiet))
        goto out;

    SimHash h;
    sim_hash_init(&h);
    if (!hash_rtl(d, &h, &rtl))
        goto out;
    char *shim = sim_asprintf("%s/shim.cpp", t.src);
    bool ok = sim_hash_file(&h, shim);
    free(shim);
    if (!ok) {
        sim_error("%s/shim.cpp: %s", t.src, strerror(errno));
        goto out;
    }
    sim_hash_str(&h, t.rt_key);
    sim_hash_str(&h, t.h_key);
    sim_hash_str(&h, trace ? "trace" : "plain");
    sim_hash_str(&h, t.vversion);
    char *hex = sim_hash_hex(&h);
    fp = sim_asprintf("%s\n", hex);
    free(hex);

    char *simdir = sim_asprintf("%s/sim", d->dir);
    obj = sim_asprintf("%s/%s", simdir, trace ? "obj-trace" : "obj");
    exe = sim_asprintf("%s/fgsim", obj);
    fpfile = sim_asprintf("%s/fingerprint", obj);
    log = sim_asprintf("%s/build.log", obj);
    if (fingerprint_matches(fpfile, fp) && sim_is_file(exe)) {
        free(simdir);
        result = exe;
        exe = NULL;
        goto out;
    }
    if (!sim_mkdirs(obj)) {
        free(simdir);
        goto out;
    }
    char *lockp = sim_asprintf("%s/.build.lock", simdir);
    free(simdir);
    lock = lock_file(lockp);
    free(lockp);
    if (lock < 0)
        goto out;
    if (fingerprint_matches(fpfile, fp) && sim_is_file(exe)) {
        result = exe;
        exe = NULL;
        goto out;
    }
    double t0 = sim_now();
    if (!build_runtime(&t, trace) || !build_harness(&t))
        goto out;
    if (!quiet)
        fprintf(stderr, "fpgagen sim: building %s with Verilator %s\n", obj,
                t.vversion);
    unlink(fpfile);
    clean_generated(obj);
    unlink(log);
    Argv v = {0};
    arg(&v, "verilator");
    arg(&v, "--cc");
    arg(&v, "--top-module");
    arg(&v, "fg_sim_top");
    arg(&v, "--prefix");
    arg(&v, "Vfg_sim_top");
    arg(&v, "--Mdir");
    arg(&v, obj);
    arg(&v, "--no-timing");
    arg(&v, "-Wno-fatal");
    if (trace)
        arg(&v, "--trace");
    argf(&v, "-I%s/rtl", d->dir);
    for (int i = 0; i < rtl.n; i++)
        arg(&v, rtl.v[i]);
    ok = sim_run(v.v, log) == 0;
    args_free(&v);
    if (!ok) {
        sim_error("verilator failed on %s/rtl; the log is %s", d->dir, log);
        sim_show_log(log, 40);
        goto out;
    }
    if (!compile_model(&t, obj, trace, log)) {
        sim_error("compiling the model failed; the log is %s", log);
        sim_show_log(log, 40);
        goto out;
    }
    char *tmp = sim_asprintf("%s/fgsim.tmp", obj);
    ok = rename(tmp, exe) == 0;
    if (!ok)
        sim_error("cannot move %s to %s: %s", tmp, exe, strerror(errno));
    free(tmp);
    if (!ok || !sim_write_file(fpfile, fp, strlen(fp)))
        goto out;
    if (!quiet)
        fprintf(stderr, "fpgagen sim: built in %.1f s\n", sim_now() - t0);
    result = exe;
    exe = NULL;
out:
    unlock_file(lock);
    args_free(&rtl);
    tools_free(&t);
    free(obj);
    free(exe);
    free(fpfile);
    free(fp);
    free(log);
    return result;
}

char *sim_build_icarus(const SimDesign *d, bool quiet)
{
    if (!sim_have_program("iverilog") || !sim_have_program("vvp")) {
        sim_error("Icarus Verilog is not installed (Debian: apt-get install "
                  "iverilog)");
        return NULL;
    }
    char *src = sim_source_dir();
    if (!src)
        return NULL;
    char *result = NULL, *dir = NULL, *vvp = NULL, *fpfile = NULL,
         *fp = NULL, *log = NULL, *tb = NULL;
    int lock = -1;
    Argv rtl = {0};
    SimHash h;
    sim_hash_init(&h);
    if (!hash_rtl(d, &h, &rtl))
        goto out;
    tb = sim_asprintf("%s/tb_icarus.v", src);
    if (!sim_hash_file(&h, tb)) {
        sim_error("%s: %s", tb, strerror(errno));
        goto out;
    }
    char *ver_cmd[] = {"iverilog", "-V", NULL};
    char *ver = sim_capture(ver_cmd);
    sim_hash_str(&h, ver ? ver : "");
    free(ver);
    long half_ps = lround(500000.0 / d->clock_mhz);
    if (half_ps < 2)
        half_ps = 2;
    char params[128];
    snprintf(params, sizeof params, "W=%d AW=%d HALF_PS=%ld", d->width,
             d->addr_width, half_ps);
    sim_hash_str(&h, params);
    char *hex = sim_hash_hex(&h);
    fp = sim_asprintf("%s\n", hex);
    free(hex);

    dir = sim_asprintf("%s/sim/icarus", d->dir);
    vvp = sim_asprintf("%s/sim.vvp", dir);
    fpfile = sim_asprintf("%s/fingerprint", dir);
    log = sim_asprintf("%s/build.log", dir);
    if (!sim_mkdirs(dir))
        goto out;
    char *lockp = sim_asprintf("%s/.build.lock", dir);
    lock = lock_file(lockp);
    free(lockp);
    if (lock < 0)
        goto out;
    if (fingerprint_matches(fpfile, fp) && sim_is_file(vvp)) {
        result = vvp;
        vvp = NULL;
        goto out;
    }
    if (!quiet)
        fprintf(stderr, "fpgagen sim: compiling %s with Icarus Verilog\n",
                vvp);
    unlink(fpfile);
    unlink(log);
    Argv v = {0};
    char *tmp = sim_asprintf("%s.tmp", vvp);
    arg(&v, "iverilog");
    arg(&v, "-g2012");
    arg(&v, "-o");
    arg(&v, tmp);
    arg(&v, "-s");
    arg(&v, "tb_icarus");
    char buf[64];
    snprintf(buf, sizeof buf, "-Ptb_icarus.W=%d", d->width);
    arg(&v, buf);
    snprintf(buf, sizeof buf, "-Ptb_icarus.AW=%d", d->addr_width);
    arg(&v, buf);
    snprintf(buf, sizeof buf, "-Ptb_icarus.HALF_PS=%ld", half_ps);
    arg(&v, buf);
    argf(&v, "-I%s/rtl", d->dir);
    arg(&v, tb);
    for (int i = 0; i < rtl.n; i++)
        arg(&v, rtl.v[i]);
    bool ok = sim_run(v.v, log) == 0;
    args_free(&v);
    char *text = ok ? sim_read_file(log, NULL) : NULL;
    if (text && strstr(text, "of fg_sim_top expects")) {
        /* the testbench's ports follow design.json; the RTL's differ */
        sim_error("fg_sim_top's ports do not match design.json (width %d, "
                  "csr.addr_width %d):", d->width, d->addr_width);
        sim_show_log(log, 20);
        unlink(tmp);
        ok = false;
    } else if (ok && rename(tmp, vvp) != 0) {
        sim_error("cannot move %s to %s: %s", tmp, vvp, strerror(errno));
        ok = false;
    } else if (!ok) {
        sim_error("iverilog failed on %s/rtl; the log is %s", d->dir, log);
        sim_show_log(log, 40);
    }
    free(text);
    free(tmp);
    if (!ok || !sim_write_file(fpfile, fp, strlen(fp)))
        goto out;
    result = vvp;
    vvp = NULL;
out:
    unlock_file(lock);
    args_free(&rtl);
    free(src);
    free(tb);
    free(dir);
    free(vvp);
    free(fpfile);
    free(fp);
    free(log);
    return result;
}
