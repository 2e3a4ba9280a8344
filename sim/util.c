/*
 * util.c -- the harness's small helpers: allocation, messages, hashing,
 * files and folders, running programs, bit vectors.
 */
#include "sim_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* ---- Allocation and messages ------------------------------------------ */

static void *checked(void *p)
{
    if (!p) {
        fputs("fpgagen sim: out of memory\n", stderr);
        abort();
    }
    return p;
}

void *sim_alloc(size_t n) { return checked(calloc(1, n ? n : 1)); }

void *sim_realloc(void *p, size_t n) { return checked(realloc(p, n ? n : 1)); }

char *sim_strdup(const char *s) { return checked(strdup(s)); }

char *sim_asprintf(const char *fmt, ...)
{
    va_list ap;
    char *s = NULL;
    va_start(ap, fmt);
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0)
        s = NULL;
    return checked(s);
}

void sim_error(const char *fmt, ...)
{
    va_list ap;
    fputs("fpgagen sim: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void sim_warn(const char *fmt, ...)
{
    va_list ap;
    fputs("fpgagen sim: warning: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

double sim_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- Hashing ---------------------------------------------------------- */

void sim_hash_init(SimHash *h) { h->h = 0xcbf29ce484222325ull; }

void sim_hash_bytes(SimHash *h, const void *p, size_t n)
{
    const uint8_t *b = p;
    uint64_t x = h->h;
    for (size_t i = 0; i < n; i++) {
        x ^= b[i];
        x *= 0x100000001b3ull;
    }
    h->h = x;
}

void sim_hash_str(SimHash *h, const char *s)
{
    sim_hash_bytes(h, s, strlen(s) + 1);
}

bool sim_hash_file(SimHash *h, const char *path)
{
    size_t len;
    char *data = sim_read_file(path, &len);
    if (!data)
        return false;
    const char *base = strrchr(path, '/');
    sim_hash_str(h, base ? base + 1 : path);
    uint64_t n = len;
    sim_hash_bytes(h, &n, sizeof n);
    sim_hash_bytes(h, data, len);
    free(data);
    return true;
}

char *sim_hash_hex(const SimHash *h)
{
    return sim_asprintf("%016llx", (unsigned long long)h->h);
}

/* ---- Files and folders ------------------------------------------------ */

char *sim_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536, n = 0;
    char *buf = sim_alloc(cap + 1);
    for (;;) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap) {
            if (ferror(f)) {
                int e = errno;
                fclose(f);
                free(buf);
                errno = e ? e : EIO;
                return NULL;
            }
            break;
        }
        cap *= 2;
        buf = sim_realloc(buf, cap + 1);
    }
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

bool sim_write_file(const char *path, const char *data, size_t len)
{
    char *tmp = sim_asprintf("%s.tmp%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    bool ok = f && fwrite(data, 1, len, f) == len;
    if (f && fclose(f) != 0)
        ok = false;
    if (ok && rename(tmp, path) != 0)
        ok = false;
    if (!ok) {
        sim_error("%s: %s", path, strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    return ok;
}

bool sim_mkdirs(const char *path)
{
    char *p = sim_strdup(path);
    for (char *s = p + 1;; s++) {
        if (*s == '/' || *s == '\0') {
            char c = *s;
            *s = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                sim_error("cannot create %s: %s", p, strerror(errno));
                free(p);
                return false;
            }
            *s = c;
            if (!c)
                break;
        }
    }
    free(p);
    if (!sim_is_dir(path)) {
        sim_error("%s: not a folder", path);
        return false;
    }
    return true;
}

bool sim_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool sim_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **sim_list_dir(const char *dir, const char *suffix, int *n)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **v = NULL;
    int cnt = 0, cap = 0;
    size_t sl = strlen(suffix);
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (e->d_name[0] == '.' || l < sl ||
            strcmp(e->d_name + l - sl, suffix) != 0)
            continue;
        if (cnt == cap) {
            cap = cap ? 2 * cap : 16;
            v = sim_realloc(v, (size_t)cap * sizeof *v);
        }
        v[cnt++] = sim_strdup(e->d_name);
    }
    closedir(d);
    if (cnt)
        qsort(v, (size_t)cnt, sizeof *v, cmp_str);
    *n = cnt;
    return v ? v : sim_alloc(sizeof *v);
}

void sim_free_list(char **v, int n)
{
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* ---- Running programs --------------------------------------------------- */

static pid_t spawn(char *const argv[], const char *log)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    if (log) {
        posix_spawn_file_actions_addopen(&fa, 1, log,
                                         O_WRONLY | O_CREAT | O_APPEND, 0666);
        posix_spawn_file_actions_adddup2(&fa, 1, 2);
    }
    pid_t pid;
    int e = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (e != 0) {
        sim_error("cannot run %s: %s", argv[0], strerror(e));
        return -1;
    }
    return pid;
}

static int reap(pid_t pid, const char *what)
{
    int st;
    while (waitpid(pid, &st, 0) < 0) {
        if (errno != EINTR) {
            sim_error("waiting for %s: %s", what, strerror(errno));
            return -1;
        }
    }
    if (WIFEXITED(st)) {
        if (WEXITSTATUS(st) == 127)
            sim_error("%s could not be run", what);
        return WEXITSTATUS(st);
    }
    if (WIFSIGNALED(st))
        sim_error("%s was killed by signal %d", what, WTERMSIG(st));
    return -1;
}

int sim_run(char *const argv[], const char *log)
{
    pid_t pid = spawn(argv, log);
    return pid < 0 ? -1 : reap(pid, argv[0]);
}

bool sim_run_parallel(char **const argvs[], int n, int jobs,
                      const char *log)
{
    pid_t *pids = sim_alloc((size_t)(n ? n : 1) * sizeof *pids);
    bool ok = true;
    int next = 0, running = 0;
    if (jobs < 1)
        jobs = 1;
    while (next < n || running > 0) {
        while (ok && next < n && running < jobs) {
            pids[next] = spawn(argvs[next], log);
            if (pids[next] < 0)
                ok = false;
            else
                running++;
            next++;
        }
        if (running == 0)
            break;
        int st;
        pid_t pid = waitpid(-1, &st, 0);
        if (pid < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (int i = 0; i < next; i++) {
            if (pids[i] == pid) {
                running--;
                pids[i] = -1;
                if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
                    ok = false;
            }
        }
        if (!ok)
            next = n;   /* start nothing more; wait for the rest */
    }
    free(pids);
    return ok;
}

void sim_show_log(const char *log, int lines)
{
    size_t len;
    char *text = sim_read_file(log, &len);
    if (!text)
        return;
    size_t start = len;
    int seen = 0;
    while (start > 0) {
        if (text[start - 1] == '\n' && ++seen > lines)
            break;
        start--;
    }
    fputs(text + start, stderr);
    if (len && text[len - 1] != '\n')
        fputc('\n', stderr);
    free(text);
}

char *sim_capture(char *const argv[])
{
    int fd[2];
    if (pipe(fd) != 0)
        return NULL;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fd[1], 1);
    posix_spawn_file_actions_addclose(&fa, fd[0]);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int e = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fd[1]);
    if (e != 0) {
        close(fd[0]);
        return NULL;
    }
    char buf[4096];
    size_t n = 0;
    ssize_t got;
    while ((got = read(fd[0], buf + n, sizeof buf - 1 - n)) > 0 ||
           (got < 0 && errno == EINTR)) {
        if (got > 0)
            n += (size_t)got;
        if (n == sizeof buf - 1)
            break;
    }
    close(fd[0]);
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    buf[n] = '\0';
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        return NULL;
    buf[strcspn(buf, "\r\n")] = '\0';
    return sim_strdup(buf);
}

bool sim_have_program(const char *name)
{
    const char *path = getenv("PATH");
    if (!path)
        path = "/usr/bin:/bin";
    while (*path) {
        size_t n = strcspn(path, ":");
        char *p = sim_asprintf("%.*s/%s", (int)n, path, name);
        bool ok = access(p, X_OK) == 0;
        free(p);
        if (ok)
            return true;
        path += n;
        if (*path == ':')
            path++;
    }
    return false;
}

/* ---- Bit vectors ------------------------------------------------------ */

uint64_t sim_get_bits(const uint32_t *v, unsigned lsb, unsigned n)
{
    uint64_t x = 0;
    for (unsigned i = 0; i < n;) {
        unsigned bit = lsb + i, w = bit / 32, sh = bit % 32;
        unsigned take = 32 - sh;
        if (take > n - i)
            take = n - i;
        uint64_t part = (v[w] >> sh) & (take == 32 ? 0xffffffffu
                                                   : ((1u << take) - 1));
        x |= part << i;
        i += take;
    }
    return x;
}

void sim_put_bits(uint32_t *v, unsigned lsb, unsigned n, uint64_t x)
{
    for (unsigned i = 0; i < n;) {
        unsigned bit = lsb + i, w = bit / 32, sh = bit % 32;
        unsigned take = 32 - sh;
        if (take > n - i)
            take = n - i;
        uint32_t mask = take == 32 ? 0xffffffffu : ((1u << take) - 1);
        v[w] = (v[w] & ~(mask << sh)) | ((uint32_t)(x >> i) & mask) << sh;
        i += take;
    }
}
