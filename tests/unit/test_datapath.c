/* test_datapath.c -- element configuration parsing, value syntaxes and
 * board descriptions. */
#include "datapath.h"
#include "unit.h"

#include <stddef.h>
#include <stdlib.h>

typedef struct TConf {
    uint64_t n;
    bool flag;
    const char *word;
    uint8_t mac[6];
    uint32_t ip;
    IpPrefix pfx;
    const char *rest;
    bool n_given;
} TConf;

static const ArgSpec tspec[] = {
    {"N", ARG_UINT, ARGF_MP, offsetof(TConf, n), 1, 100, offsetof(TConf, n_given)},
    {"FLAG", ARG_BOOL, ARGF_K, offsetof(TConf, flag)},
    {"WORD", ARG_WORD, ARGF_P, offsetof(TConf, word)},
    {"MAC", ARG_ETHER, ARGF_K, offsetof(TConf, mac)},
    {"IP", ARG_IP, ARGF_K, offsetof(TConf, ip)},
    {"PREFIX", ARG_IP_PREFIX, ARGF_K, offsetof(TConf, pfx)},
    {NULL},
};

/* Parses config for a Test element; returns the diagnostics text. */
static char *parse(const char *config, TConf *out, bool *ok)
{
    static const char line[] = "t :: Test(...);";
    Element e = {.name = "t", .class_name = "Test", .config = config,
                 .loc = {"x.click", 1, 1, line, (int)sizeof line - 1},
                 .config_loc = {"x.click", 1, 11, line, (int)sizeof line - 1}};
    char *buf = NULL;
    size_t len = 0;
    Diag d;
    diag_init(&d, open_memstream(&buf, &len));
    Arena a = {0};
    ConfCtx c;
    conf_init(&c, &d, &e, &a);
    memset(out, 0, sizeof *out);
    *ok = conf_parse(&c, tspec, out);
    fclose(d.out);
    /* Keep strings alive for the caller's checks: copy the few used. */
    if (out->word)
        out->word = strcmp(out->word, "eth0") == 0 ? "eth0" : "other";
    arena_free(&a);
    return buf;
}

/* The first line of a diagnostic (without the excerpt). */
static char *first_line(char *s)
{
    s[strcspn(s, "\n")] = '\0';
    return s;
}

TEST(conf_positional_and_keywords)
{
    TConf c;
    bool ok;
    char *err = parse("7, eth0, FLAG true, MAC 00:11:22:aa:bb:cc, IP 10.1.2.3, "
                      "PREFIX 10.0.0.0/8", &c, &ok);
    CHECK(ok);
    CHECK_STR_EQ(err, "");
    CHECK_INT_EQ(c.n, 7);
    CHECK(c.n_given);
    CHECK(c.flag);
    CHECK_STR_EQ(c.word, "eth0");
    CHECK_INT_EQ(c.mac[5], 0xcc);
    CHECK_INT_EQ(c.ip, 0x0a010203);
    CHECK_INT_EQ(c.pfx.len, 8);
    CHECK_INT_EQ(c.pfx.mask, 0xff000000u);
    free(err);
}

TEST(conf_keyword_for_positional_and_comments)
{
    TConf c;
    bool ok;
    char *err = parse("WORD eth0 /* device */, N 0x10 // sixteen", &c, &ok);
    CHECK(ok);
    CHECK_INT_EQ(c.n, 16);
    CHECK_STR_EQ(c.word, "eth0");
    free(err);
}

TEST(conf_errors_name_argument_and_place)
{
    TConf c;
    bool ok;
    char *err = parse("7, eth0, FLAG maybe", &c, &ok);
    CHECK(!ok);
    CHECK_STR_EQ(first_line(err),
                 "x.click:1:25: error: Test 't': FLAG: expected true or false");
    free(err);
    err = parse("", &c, &ok);
    CHECK(!ok);
    CHECK_STR_EQ(first_line(err),
                 "x.click:1:1: error: Test 't': missing mandatory N argument");
    free(err);
    err = parse("500", &c, &ok);
    CHECK(!ok);
    CHECK_STR_EQ(first_line(err),
                 "x.click:1:11: error: Test 't': N: 500 out of range 1 to 100");
    free(err);
    err = parse("1, a, b", &c, &ok);
    CHECK(!ok);
    CHECK_STR_EQ(first_line(err),
                 "x.click:1:17: error: Test 't': too many arguments");
    free(err);
    err = parse("1, N 2", &c, &ok);
    CHECK(!ok);
    CHECK_STR_EQ(first_line(err),
                 "x.click:1:16: error: Test 't': N given more than once");
    free(err);
    err = parse("1, MAC 00:11:22:33:44", &c, &ok);
    CHECK(!ok);
    CHECK_STR_EQ(first_line(err),
                 "x.click:1:18: error: Test 't': MAC: expected Ethernet address");
    free(err);
}

TEST(value_syntaxes)
{
    uint64_t u;
    int64_t i;
    bool b;
    uint8_t mac[6];
    uint32_t ip;
    IpPrefix p;
    CHECK(parse_uint("0", &u) && u == 0);
    CHECK(parse_uint("0x1F", &u) && u == 31);
    CHECK(!parse_uint("-1", &u));
    CHECK(!parse_uint("12abc", &u));
    CHECK(!parse_uint("", &u));
    CHECK(!parse_uint("99999999999999999999999", &u));
    CHECK(parse_int("-12", &i) && i == -12);
    CHECK(parse_bool("yes", &b) && b);
    CHECK(parse_bool("false", &b) && !b);
    CHECK(!parse_bool("2", &b));
    CHECK(parse_ether("0:1:2:3:4:5", mac) && mac[1] == 1);
    CHECK(parse_ether("00-01-02-03-04-ff", mac) && mac[5] == 0xff);
    CHECK(!parse_ether("00:01-02:03:04:05", mac));
    CHECK(!parse_ether("00:01:02:03:04:05:06", mac));
    CHECK(parse_ip("255.255.255.255", &ip) && ip == 0xffffffffu);
    CHECK(!parse_ip("256.1.1.1", &ip));
    CHECK(!parse_ip("1.1.1", &ip));
    CHECK(!parse_ip("1.1.1.1.1", &ip));
    CHECK(parse_ip_prefix("18.26.4.0/24", &p) && p.len == 24);
    CHECK(parse_ip_prefix("18.26.4.0 255.255.0.0", &p) && p.len == 16);
    CHECK(parse_ip_prefix("1.2.3.4", &p) && p.len == 32);
    CHECK(parse_ip_prefix("0.0.0.0/0", &p) && p.mask == 0);
    CHECK(!parse_ip_prefix("1.2.3.4/33", &p));
    CHECK(!parse_ip_prefix("1.2.3.4/255.0.255.0", &p));
}

TEST(strings_and_words)
{
    Arena a = {0};
    CHECK_STR_EQ(parse_string(&a, "\"a\\\"b\\n\""), "a\"b\n");
    CHECK_STR_EQ(parse_string(&a, "'x y'"), "x y");
    CHECK_STR_EQ(parse_string(&a, "plain"), "plain");
    CHECK(parse_string(&a, "\"open") == NULL);
    const char **w;
    int n = split_words(&a, "  12/0800  \"a b\" (c d)  x", &w);
    CHECK_INT_EQ(n, 4);
    CHECK_STR_EQ(w[1], "\"a b\"");
    CHECK_STR_EQ(w[2], "(c d)");
    arena_free(&a);
}

/* Loads a board written to a temporary file; returns the diagnostics. */
static char *load_board(const char *yaml, bool *ok)
{
    char path[] = "/tmp/fg_board_XXXXXX.yaml";
    int fd = mkstemps(path, 5);
    FILE *f = fdopen(fd, "w");
    fputs(yaml, f);
    fclose(f);
    char *buf = NULL;
    size_t len = 0;
    Diag d;
    diag_init(&d, open_memstream(&buf, &len));
    Arena a = {0};
    Board *b = board_load(&d, &a, path);
    *ok = b != NULL;
    fclose(d.out);
    arena_free(&a);
    remove(path);
    /* Strip the temporary path so the text can be compared. */
    char *colon = strstr(buf, ".yaml:");
    char *out = xstrdup(colon ? colon + 5 : buf);
    free(buf);
    return out;
}

TEST(board_sim_loads)
{
    Diag d;
    diag_init(&d, stderr);
    Arena a = {0};
    Board *b = board_load(&d, &a, "sim");
    CHECK(b != NULL);
    if (b) {
        CHECK_STR_EQ(b->name, "sim");
        CHECK_INT_EQ(b->ndevs, 8);
        CHECK(board_device(b, "eth7") && board_device(b, "eth7")->slot == 7);
        CHECK(board_device(b, "eth8") == NULL);
        CHECK_INT_EQ(b->widths[6], 512);
    }
    arena_free(&a);
}

TEST(board_errors_say_where)
{
    bool ok;
    char *err = load_board("name: x\nwidth: 48\nclock_mhz: 100\ncsr_addr_width: 16\n"
                           "devices:\n  - {name: e0, kind: sim, ports: [rx]}\n", &ok);
    CHECK(!ok);
    CHECK_STR_EQ(first_line(err), ":2:8: error: width: 48 is not a power of two from 8 to 512");
    free(err);
    err = load_board("name: x\nwidth: 64\nclock_mhz: 100\ncsr_addr_width: 16\n"
                     "devices:\n  - {name: e0, kind: sim, ports: [rx, sideways]}\n", &ok);
    CHECK(!ok);
    CHECK_STR_EQ(first_line(err), ":6:39: error: unknown port 'sideways' (expected rx or tx)");
    free(err);
    err = load_board("name: x\nwidth: [64\n", &ok);
    CHECK(!ok);
    CHECK(strstr(err, "error: YAML: ") != NULL);
    free(err);
    err = load_board("name: x\nwidth: 64\nclock_mhz: 100\n", &ok);
    CHECK(!ok);
    CHECK_STR_EQ(first_line(err), ":1:1: error: board has no csr_addr_width");
    free(err);
    err = load_board("- just\n- a list\n", &ok);
    CHECK(!ok);
    CHECK_STR_EQ(first_line(err), ":1:1: error: a board description is a mapping");
    free(err);
}

TEST(board_missing_file)
{
    char *buf = NULL;
    size_t len = 0;
    Diag d;
    diag_init(&d, open_memstream(&buf, &len));
    Arena a = {0};
    CHECK(board_load(&d, &a, "no-such-board") == NULL);
    fclose(d.out);
    CHECK(strstr(buf, "error: board 'no-such-board': cannot read ") != NULL);
    CHECK(strstr(buf, "No such file or directory") != NULL);
    free(buf);
    arena_free(&a);
}

TEST(annotation_names)
{
    AnnoId id;
    CHECK(anno_lookup("PAINT", &id) && id == ANNO_PAINT);
    CHECK_INT_EQ(anno_width(ANNO_DST_IP), 32);
    CHECK(!anno_lookup("NO_SUCH", &id));
    CHECK_STR_EQ(anno_name(ANNO_SIM_TAG), "SIM_TAG");
}

TEST(verilog_names)
{
    Arena a = {0};
    CHECK_STR_EQ(vl_mangle(&a, "outer/Counter@3"), "e_outer__Counter_at3");
    CHECK_STR_EQ(vl_mangle(&a, "a-b"), "e_a_x2db");
    CHECK_INT_EQ(vl_clog2(1), 0);
    CHECK_INT_EQ(vl_clog2(1025), 11);
    arena_free(&a);
}
