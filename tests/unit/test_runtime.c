/*
 * test_runtime.c -- the runtime's core without sockets or a device: a
 * design.json loaded from text, a register file in memory as the
 * backend, and whole ControlSocket exchanges through one connection.
 * Covers the register formats (decimal, signed, boolean, Ethernet
 * address), texts from design.json, class routines found through the
 * registry, design.json errors, and Click's text conventions
 * (cp_unparse_real2, IntArg's integer syntax, String::printable).
 */
#include "runtime_int.h"
#include "unit.h"

#include <stdlib.h>

/* ---- A design and a register file ------------------------------------------ */

#define ELEM(idx, name, cls, conf, base, size, regs, hs)                        \
    "{\"index\": " #idx ", \"name\": \"" name "\", \"class\": \"" cls "\","      \
    " \"config\": \"" conf "\", \"inputs\": 1, \"outputs\": 1, \"base\": " #base \
    ", \"size\": " #size ", \"registers\": [" regs "], \"handlers\": [" hs "]}"
#define REG(name, off, width, acc, extra)                                      \
    "{\"name\": \"" name "\", \"offset\": " #off ", \"width\": " #width          \
    ", \"access\": \"" acc "\"" extra "}"
#define HND(name, mode, extra) "{\"name\": \"" name "\", \"mode\": \"" mode "\"" extra "}"

static const char DESIGN[] =
    "{\"format\": 1, \"hash\": \"0123456789abcdef\","
    " \"csr\": {\"addr_width\": 12, \"id_base\": 0, \"id_size\": 32}, \"elements\": ["
    ELEM(1, "e", "EtherEncap", "0x0800, 1:2:3:4:5:6, 2:2:2:2:2:2", 256, 32,
         REG("src", 0, 32, "rw", ", \"format\": \"ether\"") ","
         REG("src_hi", 4, 32, "rw", "") ","
         REG("ethertype", 16, 32, "rw", ", \"max\": 65535"),
         HND("src", "rw", "") "," HND("ethertype", "rw", "")) ","
    ELEM(2, "sw", "Switch", "0", 512, 16,
         REG("switch", 0, 32, "rw", ", \"format\": \"int\"") ","
         REG("drops", 8, 64, "r", ""),
         HND("switch", "rw", "") "," HND("config", "r", "") "," HND("drops", "r", "")) ","
    ELEM(3, "src", "FromDevice", "eth0", 1024, 32,
         REG("count", 0, 64, "r", "") "," REG("drops", 8, 64, "r", "") ","
         REG("active", 16, 32, "rw", ", \"format\": \"bool\"") ","
         REG("length", 20, 32, "r", "") "," REG("highwater_length", 24, 32, "r", ""),
         HND("active", "rw", "") "," HND("calls", "r", "")) ","
    ELEM(4, "cl", "Classifier", "12/0800, -", null, 0, "",
         HND("program", "r", ", \"text\": \"clause 0: 12/0800\\n\"") ","
         HND("spare", "r", "")) ","
    /* A class with no routines: its handlers are its registers. */
    ELEM(5, "n", "Null", "", 2048, 16, REG("offset", 0, 32, "rw", ", \"format\": \"int\""),
         HND("offset", "rw", ""))
    "], \"connections\": [], \"requirements\": []}";

enum { MAP_BYTES = 4096 };

typedef struct MemBackend {
    Backend base;
    uint32_t regs[MAP_BYTES / 4];
    int writes;             /* in order: */
    uint32_t wr_addr[8];
} MemBackend;

static BackendStatus mem_read(Backend *b, uint32_t addr, uint32_t *val)
{
    *val = ((MemBackend *)b)->regs[addr / 4];
    return BK_OK;
}

static BackendStatus mem_write(Backend *b, uint32_t addr, uint32_t val)
{
    MemBackend *m = (MemBackend *)b;
    m->regs[addr / 4] = val;
    if (m->writes < 8)
        m->wr_addr[m->writes] = addr;
    m->writes++;
    return BK_OK;
}

static void mem_close(Backend *b) { (void)b; }

static const BackendOps mem_ops = {"mem", NULL, mem_read, mem_write, mem_close};

typedef struct Fixture {
    RtDesign *d;
    MemBackend mb;
    Runtime rt;
} Fixture;

static Fixture *fixture(void)
{
    Fixture *f = calloc(1, sizeof *f);
    char err[512];
    f->d = rt_design_load("test/design.json", DESIGN, err, sizeof err);
    if (!f->d) {
        printf("design.json: %s\n", err);
        abort();
    }
    f->mb.base.ops = &mem_ops;
    f->mb.base.map_bytes = MAP_BYTES;
    f->rt = (Runtime){f->d, &f->mb.base, false, rt_clock_monotonic, NULL};
    return f;
}

static void fixture_free(Fixture *f)
{
    rt_design_free(f->d);
    free(f);
}

/* The answers to n bytes of commands, without the greeting; *outlen (if
 * not NULL) gets their length, NUL bytes included. */
static char *exchange_n(Fixture *f, const char *cmd, size_t n, size_t *outlen)
{
    CsConn c;
    cs_conn_init(&c, &f->rt);
    cs_conn_sent(&c, cs_conn_pending(&c));
    cs_conn_input(&c, cmd, n);
    cs_conn_eof(&c);
    while (!cs_conn_finished(&c))
        cs_conn_run(&c, RT_CMDS_PER_TURN);
    if (outlen)
        *outlen = cs_conn_pending(&c);
    char *s = xmalloc(cs_conn_pending(&c) + 1);
    memcpy(s, cs_conn_output(&c), cs_conn_pending(&c));
    s[cs_conn_pending(&c)] = '\0';
    cs_conn_free(&c);
    return s;
}

static char *exchange(Fixture *f, const char *cmd)
{
    return exchange_n(f, cmd, strlen(cmd), NULL);
}

#define CHECK_EXCHANGE(f, cmd, want)                                            \
    do {                                                                        \
        char *got_ = exchange(f, cmd);                                          \
        CHECK_STR_EQ(got_, want);                                               \
        free(got_);                                                             \
    } while (0)

/* ---- Register formats ----------------------------------------------------- */

TEST(runtime_ether_format)
{
    Fixture *f = fixture();
    f->mb.regs[256 / 4] = 0x03040506;       /* bytes 2-5 */
    f->mb.regs[260 / 4] = 0x0102;           /* bytes 0-1 */
    CHECK_EXCHANGE(f, "READ e.src\n", "200 Read handler 'e.src' OK\r\nDATA 17\r\n01:02:03:04:05:06");
    CHECK_EXCHANGE(f, "WRITE e.src 0a-bb-C-dd-ee-ff\n", "200 Write handler 'e.src' OK\r\n");
    CHECK_INT_EQ(f->mb.regs[256 / 4], 0x0cddeeff);
    CHECK_INT_EQ(f->mb.regs[260 / 4], 0x0abb);
    /* The low word first: the high word's write applies the address. */
    CHECK_INT_EQ(f->mb.writes, 2);
    CHECK_INT_EQ(f->mb.wr_addr[0], 256);
    CHECK_INT_EQ(f->mb.wr_addr[1], 260);
    CHECK_EXCHANGE(f, "READ e.src\n", "200 Read handler 'e.src' OK\r\nDATA 17\r\n0A:BB:0C:DD:EE:FF");
    static const char *const bad[] = {"1:2:3:4:5", "1:2:3:4:5:6:7", "1:2-3:4:5:6", "g:0:0:0:0:0", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char cmd[64];
        snprintf(cmd, sizeof cmd, "WRITE e.src %s\n", bad[i]);
        CHECK_EXCHANGE(f, cmd, "520-Write handler 'e.src' error:\r\n"
                               "520 expected Ethernet address (such as 00:15:17:2A:3B:4C)\r\n");
    }
    CHECK_INT_EQ(f->mb.writes, 2);          /* a refused write touches nothing */
    fixture_free(f);
}

TEST(runtime_uint_max)
{
    Fixture *f = fixture();
    CHECK_EXCHANGE(f, "WRITE e.ethertype 0x86DD\n", "200 Write handler 'e.ethertype' OK\r\n");
    CHECK_EXCHANGE(f, "READ e.ethertype\n", "200 Read handler 'e.ethertype' OK\r\nDATA 5\r\n34525");
    CHECK_EXCHANGE(f, "WRITE e.ethertype 65536\n", "520-Write handler 'e.ethertype' error:\r\n"
                                                   "520 integer out of range (0 to 65535)\r\n");
    CHECK_INT_EQ(f->mb.regs[272 / 4], 0x86dd);
    fixture_free(f);
}

TEST(runtime_int_format)
{
    Fixture *f = fixture();
    CHECK_EXCHANGE(f, "WRITE n.offset -1\n", "200 Write handler 'n.offset' OK\r\n");
    CHECK_INT_EQ(f->mb.regs[2048 / 4], 0xffffffff);
    CHECK_EXCHANGE(f, "READ n.offset\n", "200 Read handler 'n.offset' OK\r\nDATA 2\r\n-1");
    CHECK_EXCHANGE(f, "WRITE n.offset -2147483648\n", "200 Write handler 'n.offset' OK\r\n");
    CHECK_EXCHANGE(f, "READ n.offset\n",
                   "200 Read handler 'n.offset' OK\r\nDATA 11\r\n-2147483648");
    CHECK_EXCHANGE(f, "WRITE n.offset 2147483648\n",
                   "520-Write handler 'n.offset' error:\r\n"
                   "520 integer out of range (-2147483648 to 2147483647)\r\n");
    CHECK_EXCHANGE(f, "WRITE n.offset one\n",
                   "520-Write handler 'n.offset' error:\r\n520 expected integer\r\n");
    CHECK_EXCHANGE(f, "WRITE n.offset\n",
                   "520-Write handler 'n.offset' error:\r\n520 expected integer\r\n");
    fixture_free(f);
}

/* Switch's routines answer as Click's Switch: config is the output in use,
 * and a write is one integer, exactly. */
TEST(runtime_switch_routine)
{
    Fixture *f = fixture();
    CHECK_EXCHANGE(f, "WRITE sw.switch -1\n", "200 Write handler 'sw.switch' OK\r\n");
    CHECK_INT_EQ(f->mb.regs[512 / 4], 0xffffffff);
    CHECK_EXCHANGE(f, "READ sw.switch\n", "200 Read handler 'sw.switch' OK\r\nDATA 2\r\n-1");
    CHECK_EXCHANGE(f, "READ sw.config\n", "200 Read handler 'sw.config' OK\r\nDATA 2\r\n-1");
    CHECK_EXCHANGE(f, "WRITEDATA sw.switch 2\n1\n",
                   "520-Write handler 'sw.switch' error:\r\n520 Switch output must be integer\r\n");
    CHECK_EXCHANGE(f, "WRITE sw.switch 3000000000\n",
                   "520-Write handler 'sw.switch' error:\r\n520 Switch output must be integer\r\n");
    CHECK_EXCHANGE(f, "READ sw.handlers\n", "200 Read handler 'sw.handlers' OK\r\nDATA 66\r\n"
                   "drops\tr\nswitch\trw\nhandlers\tr.\nports\tr.\nconfig\tr.\nclass\tr.\nname\tr.\n");
    fixture_free(f);
}

TEST(runtime_bool_format)
{
    Fixture *f = fixture();
    f->mb.regs[1040 / 4] = 1;
    CHECK_EXCHANGE(f, "READ src.active\n", "200 Read handler 'src.active' OK\r\nDATA 4\r\ntrue");
    static const struct {
        const char *word;
        uint32_t want;
    } words[] = {{"false", 0}, {"yes", 1}, {"0", 0}, {"t", 1}, {"off", 0}, {" on ", 1}, {"n", 0}};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        char cmd[64];
        snprintf(cmd, sizeof cmd, "WRITE src.active %s\n", words[i].word);
        CHECK_EXCHANGE(f, cmd, "200 Write handler 'src.active' OK\r\n");
        CHECK_INT_EQ(f->mb.regs[1040 / 4], words[i].want);
    }
    CHECK_EXCHANGE(f, "READ src.active\n", "200 Read handler 'src.active' OK\r\nDATA 5\r\nfalse");
    CHECK_EXCHANGE(f, "WRITE src.active 2\n", "520-Write handler 'src.active' error:\r\n"
                                              "520 expected boolean (true or false)\r\n");
    fixture_free(f);
}

/* LLRPCs as Click's ControlSocket calls them: raw bytes in host order. */
TEST(runtime_llrpc)
{
    Fixture *f = fixture();
    f->mb.regs[512 / 4] = 0;
    size_t n;
    char *got = exchange_n(f, "LLRPC sw#4004C005\n", 18, &n);
    static const char want_get[] = "200 LLRPC 'sw#4004C005' OK\r\nDATA 4\r\n";
    int32_t v = -2;
    CHECK(strncmp(got, want_get, strlen(want_get)) == 0);
    CHECK_INT_EQ(n, strlen(want_get) + 4);
    if (n == strlen(want_get) + 4)
        memcpy(&v, got + strlen(want_get), 4);
    CHECK_INT_EQ(v, 0);
    free(got);
    /* SET_SWITCH: -1 drops; an output the Switch lacks (it has 1) is EINVAL. */
    StrBuf cmd = {0};
    v = -1;
    sb_puts(&cmd, "LLRPC sw#80044006 4\n");
    sb_putn(&cmd, (const char *)&v, 4);
    got = exchange_n(f, cmd.data, cmd.len, NULL);
    CHECK_STR_EQ(got, "200 LLRPC 'sw#80044006' OK\r\nDATA 0\r\n");
    free(got);
    CHECK_INT_EQ(f->mb.regs[512 / 4], 0xffffffff);
    v = 1;
    memcpy(cmd.data + cmd.len - 4, &v, 4);
    got = exchange_n(f, cmd.data, cmd.len, NULL);
    CHECK_STR_EQ(got, "522 LLRPC 'sw#80044006' error: Invalid argument\r\n");
    free(got);
    CHECK_INT_EQ(f->mb.regs[512 / 4], 0xffffffff);
    sb_free(&cmd);
    /* A class without LLRPCs, and a Switch asked for Counter's. */
    CHECK_EXCHANGE(f, "LLRPC n#4004C005\n", "522 LLRPC 'n#4004C005' error: Invalid argument\r\n");
    got = exchange_n(f, "LLRPC sw#C004C003 4\n\0\0\0\0", 24, NULL);
    CHECK_STR_EQ(got, "522 LLRPC 'sw#C004C003' error: Invalid argument\r\n");
    free(got);
    fixture_free(f);
}

/* Input that ends before a command's data: READDATA's and WRITEDATA's
 * count is short, READUNTIL's and WRITEUNTIL's terminator never comes. */
TEST(runtime_data_cut_short)
{
    Fixture *f = fixture();
    CHECK_EXCHANGE(f, "WRITEDATA sw.switch 5\n1", "500 Not enough data\r\n"
                                                 "501 Command '1' unimplemented\r\n");
    CHECK_EXCHANGE(f, "WRITEUNTIL sw.switch END\n1\n", "500 Connection closed\r\n"
                                                       "501 Command '1' unimplemented\r\n");
    CHECK_INT_EQ(f->mb.writes, 0);
    fixture_free(f);
}

/* ---- Routines and texts ------------------------------------------------------ */

TEST(runtime_routine_from_element_file)
{
    Fixture *f = fixture();
    f->mb.regs[1024 / 4] = 1000;
    f->mb.regs[1032 / 4] = 2;
    f->mb.regs[1044 / 4] = 5;
    f->mb.regs[1048 / 4] = 9;
    CHECK_EXCHANGE(f, "READ src.calls\n",
                   "200 Read handler 'src.calls' OK\r\nDATA 112\r\n"
                   "1000 frames emitted\n2 frames dropped (receive queue full or inactive)\n"
                   "5 frames waiting\n9 frames waiting at most\n");
    fixture_free(f);
}

TEST(runtime_text_handler)
{
    Fixture *f = fixture();
    CHECK_EXCHANGE(f, "READ cl.program\n",
                   "200 Read handler 'cl.program' OK\r\nDATA 18\r\nclause 0: 12/0800\n");
    /* No text, routine or register: software only, an error. */
    CHECK_EXCHANGE(f, "READ cl.spare\n",
                   "590-Read handler 'cl.spare' error:\r\n"
                   "590 handler 'cl.spare' runs in software only: the hardware has no register "
                   "for it and the runtime no routine yet\r\n");
    fixture_free(f);
}

/* ---- design.json errors ------------------------------------------------------ */

static void expect_load_error(int *unit_failed_, const char *from, const char *to,
                              const char *want)
{
    char *text = xstrdup(DESIGN), *at = strstr(text, from);
    CHECK(at != NULL);
    if (!at) {
        free(text);
        return;
    }
    StrBuf sb = {0};
    sb_putn(&sb, text, (size_t)(at - text));
    sb_puts(&sb, to);
    sb_puts(&sb, at + strlen(from));
    char err[512] = "";
    RtDesign *d = rt_design_load("x/design.json", sb_str(&sb), err, sizeof err);
    CHECK(d == NULL);
    if (d)
        rt_design_free(d);
    if (!strstr(err, want))
        UNIT_FAIL_("error '%s' lacks '%s'", err, want);
    sb_free(&sb);
    free(text);
}

TEST(runtime_design_format_errors)
{
    expect_load_error(unit_failed_, "\"format\": \"ether\"", "\"format\": \"mac\"",
                      "x/design.json: elements[0].registers[0]: \"format\" must be \"uint\", "
                      "\"int\", \"bool\" or \"ether\"");
    expect_load_error(unit_failed_, "\"format\": \"ether\"", "\"format\": 3",
                      "\"format\" must be a string");
    expect_load_error(unit_failed_, "\"max\": 65535", "\"max\": -1", "\"max\"");
    /* An address needs its second word inside the block. */
    expect_load_error(unit_failed_,
                      "\"name\": \"ethertype\", \"offset\": 16, \"width\": 32, \"access\": \"rw\"",
                      "\"name\": \"ethertype\", \"offset\": 28, \"width\": 32, \"access\": \"rw\","
                      " \"format\": \"ether\"",
                      "register 'ethertype' holds an Ethernet address, whose high word must "
                      "follow it in the element's 32 bytes");
    expect_load_error(unit_failed_, "\"name\": \"drops\", \"offset\": 8, \"width\": 64, \"access\": \"r\"",
                      "\"name\": \"drops\", \"offset\": 8, \"width\": 64, \"access\": \"r\", "
                      "\"format\": \"int\"",
                      "a register of format \"int\" must be 32 bits wide");
    expect_load_error(unit_failed_, "\"text\": \"clause", "\"text\": 5, \"x\": \"",
                      "\"text\" must be a string");
}

/* ---- Click's text conventions -------------------------------------------------- */

TEST(runtime_real2)
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
        CHECK_STR_EQ(sb_str(&sb), reals[i].want);
        sb_free(&sb);
    }
}

TEST(runtime_intarg)
{
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
        CHECK_STR_EQ(got, want);
    }
}

TEST(runtime_printable)
{
    StrBuf sb = {0};
    rt_put_printable(&sb, "a\0b\tc\177\377 ~", 9);
    CHECK_STR_EQ(sb_str(&sb), "a^@b^Ic\\177\\377 ~");
    sb_free(&sb);
}
