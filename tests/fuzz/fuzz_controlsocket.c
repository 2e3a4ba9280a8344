/*
 * fuzz_controlsocket.c -- libFuzzer target for the runtime's ControlSocket
 * connection (runtime/protocol.c) and handler dispatch, on a fixed design
 * and a register file in memory instead of a device.
 *
 * The first input byte picks how the rest arrives (chunk sizes, whether
 * the runtime is read-only); the rest is the client's byte stream.  Every
 * input must end in a finished connection within a bounded number of
 * steps, with bounded buffers, and never crash, leak or hang.
 *
 * Build (see docs/runtime.md): clang -fsanitize=fuzzer,address,undefined
 * with the compiler's library sources (which hold the runtime's core).
 */
#include "runtime_int.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char DESIGN[] =
    "{\"format\": 1, \"hash\": \"0123456789abcdef\","
    " \"csr\": {\"addr_width\": 12, \"id_base\": 0, \"id_size\": 32},"
    " \"elements\": ["
    "  {\"index\": 1, \"name\": \"src\", \"class\": \"FromDevice\", \"config\": \"eth0\","
    "   \"inputs\": 0, \"outputs\": 1, \"base\": 256, \"size\": 32,"
    "   \"registers\": [{\"name\": \"count\", \"offset\": 0, \"width\": 64, \"access\": \"r\"},"
    "                   {\"name\": \"active\", \"offset\": 16, \"width\": 32, \"access\": \"rw\","
    "                    \"format\": \"bool\"},"
    "                   {\"name\": \"reset_counts\", \"offset\": 28, \"width\": 32, \"access\": \"w\"}],"
    "   \"handlers\": [{\"name\": \"active\", \"mode\": \"rw\"}, {\"name\": \"count\", \"mode\": \"r\"},"
    "                  {\"name\": \"calls\", \"mode\": \"r\"}, {\"name\": \"reset_counts\", \"mode\": \"w\"}]},"
    "  {\"index\": 2, \"name\": \"c\", \"class\": \"Counter\", \"config\": \"\","
    "   \"inputs\": 1, \"outputs\": 1, \"base\": 512, \"size\": 64,"
    "   \"registers\": [{\"name\": \"count\", \"offset\": 0, \"width\": 64, \"access\": \"r\"},"
    "                   {\"name\": \"byte_count\", \"offset\": 8, \"width\": 64, \"access\": \"r\"},"
    "                   {\"name\": \"reset\", \"offset\": 16, \"width\": 32, \"access\": \"w\"}],"
    "   \"handlers\": [{\"name\": \"count\", \"mode\": \"r\"}, {\"name\": \"byte_count\", \"mode\": \"r\"},"
    "                  {\"name\": \"rate\", \"mode\": \"r\"}, {\"name\": \"bit_rate\", \"mode\": \"r\"},"
    "                  {\"name\": \"byte_rate\", \"mode\": \"r\"}, {\"name\": \"reset\", \"mode\": \"w\"},"
    "                  {\"name\": \"reset_counts\", \"mode\": \"w\"}, {\"name\": \"count_call\", \"mode\": \"rw\"}]},"
    "  {\"index\": 3, \"name\": \"q\", \"class\": \"Queue\", \"config\": \"64\","
    "   \"inputs\": 1, \"outputs\": 1, \"base\": 1024, \"size\": 32,"
    "   \"registers\": [{\"name\": \"length\", \"offset\": 0, \"width\": 32, \"access\": \"r\"},"
    "                   {\"name\": \"capacity\", \"offset\": 8, \"width\": 32, \"access\": \"rw\"},"
    "                   {\"name\": \"drops\", \"offset\": 16, \"width\": 64, \"access\": \"r\"}],"
    "   \"handlers\": [{\"name\": \"length\", \"mode\": \"r\"}, {\"name\": \"capacity\", \"mode\": \"rw\"},"
    "                  {\"name\": \"drops\", \"mode\": \"r\"}, {\"name\": \"config\", \"mode\": \"r\"}]},"
    "  {\"index\": 4, \"name\": \"s/x\", \"class\": \"Strip\", \"config\": \"14\","
    "   \"inputs\": 1, \"outputs\": 1, \"base\": null, \"size\": 0, \"registers\": [], \"handlers\": []},"
    "  {\"index\": 5, \"name\": \"out\", \"class\": \"ToDevice\", \"config\": \"eth1\","
    "   \"inputs\": 1, \"outputs\": 0, \"base\": 2048, \"size\": 32,"
    "   \"registers\": [{\"name\": \"count\", \"offset\": 0, \"width\": 64, \"access\": \"r\"}],"
    "   \"handlers\": [{\"name\": \"count\", \"mode\": \"r\"}]},"
    "  {\"index\": 6, \"name\": \"e\", \"class\": \"EtherEncap\", \"config\": \"0x0800, 1:1:1:1:1:1, 2:2:2:2:2:2\","
    "   \"inputs\": 1, \"outputs\": 1, \"base\": 3072, \"size\": 32,"
    "   \"registers\": [{\"name\": \"src\", \"offset\": 0, \"width\": 32, \"access\": \"rw\", \"format\": \"ether\"},"
    "                   {\"name\": \"src_hi\", \"offset\": 4, \"width\": 32, \"access\": \"rw\"},"
    "                   {\"name\": \"switch\", \"offset\": 8, \"width\": 32, \"access\": \"rw\", \"format\": \"int\"},"
    "                   {\"name\": \"ethertype\", \"offset\": 16, \"width\": 32, \"access\": \"rw\", \"max\": 65535}],"
    "   \"handlers\": [{\"name\": \"src\", \"mode\": \"rw\"}, {\"name\": \"switch\", \"mode\": \"rw\"},"
    "                  {\"name\": \"ethertype\", \"mode\": \"rw\"},"
    "                  {\"name\": \"program\", \"mode\": \"r\", \"text\": \"clause 0\\n\"}]}],"
    " \"connections\": [{\"from\": \"src\", \"from_port\": 0, \"to\": \"c\", \"to_port\": 0},"
    "  {\"from\": \"c\", \"from_port\": 0, \"to\": \"q\", \"to_port\": 0},"
    "  {\"from\": \"q\", \"from_port\": 0, \"to\": \"s/x\", \"to_port\": 0},"
    "  {\"from\": \"s/x\", \"from_port\": 0, \"to\": \"out\", \"to_port\": 0}],"
    " \"requirements\": [],"
    " \"flat_config\": \"src :: FromDevice(eth0);\\nc :: Counter;\\nq :: Queue(64);\\n"
    "s/x :: Strip(14);\\nout :: ToDevice(eth1);\\nsrc -> c -> q -> s/x -> out;\\n\"}";

/* ---- A register file in memory ------------------------------------------- */

enum { MAP_BYTES = 4096 };

typedef struct MemBackend {
    Backend base;
    uint32_t regs[MAP_BYTES / 4];
} MemBackend;

static BackendStatus mem_read(Backend *b, uint32_t addr, uint32_t *val)
{
    MemBackend *m = (MemBackend *)b;
    if (addr >= 0x800 && addr < 0x810)
        return BK_ERR;          /* part of a block with no register */
    *val = m->regs[addr / 4];
    m->regs[addr / 4] += 7;     /* counters keep counting */
    return BK_OK;
}

static BackendStatus mem_write(Backend *b, uint32_t addr, uint32_t val)
{
    MemBackend *m = (MemBackend *)b;
    if (addr == 0x80c)
        return BK_TIMEOUT;
    m->regs[addr / 4] = val;
    return BK_OK;
}

static void mem_close(Backend *b) { (void)b; }

static const BackendOps mem_ops = {"mem", NULL, mem_read, mem_write, mem_close};

static uint64_t fake_clock(void *user)
{
    uint64_t *t = user;
    return *t += 3;
}

/* The design is parsed once; each input gets fresh element state and
 * registers. */
static RtDesign *design(void)
{
    static RtDesign *d;
    if (!d) {
        char err[512];
        d = rt_design_load("fuzz/design.json", DESIGN, err, sizeof err);
        if (!d) {
            fprintf(stderr, "fuzz_controlsocket: %s\n", err);
            abort();
        }
    }
    return d;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    RtDesign *d = design();
    for (int i = 0; i < d->nelems; i++)
        if (d->elems[i].hclass && d->elems[i].state)
            memset(d->elems[i].state, 0, d->elems[i].hclass->state_size);
    MemBackend *mb = calloc(1, sizeof *mb);
    mb->base.ops = &mem_ops;
    mb->base.map_bytes = MAP_BYTES;
    uint64_t t = 0;
    uint8_t mode = data[0];
    Runtime rt = {d, &mb->base, (mode & 0x80) != 0, fake_clock, &t};
    CsConn c;
    cs_conn_init(&c, &rt);
    const uint8_t *p = data + 1;
    size_t left = size - 1;
    /* Chunk sizes from the mode byte: 1, 2, ... 64 bytes or all at once. */
    size_t chunk = (mode & 0x3f) ? (size_t)(mode & 0x3f) : left + 1;
    long steps = 0;
    while (left) {
        size_t room = cs_conn_input_room(&c);
        size_t k = left < chunk ? left : chunk;
        if (k > room)
            k = room;
        cs_conn_input(&c, p, k);
        p += k;
        left -= k;
        cs_conn_run(&c, RT_CMDS_PER_TURN);
        if (c.in.len - c.inpos > RT_IN_MAX + chunk)
            abort();    /* input must stay bounded */
        cs_conn_sent(&c, cs_conn_pending(&c));
        if (!k && !room && c.in_closed)
            break;      /* QUIT: the rest is never read */
        if (++steps > 10000000)
            abort();
    }
    cs_conn_eof(&c);
    while (!cs_conn_finished(&c)) {
        cs_conn_run(&c, RT_CMDS_PER_TURN);
        cs_conn_sent(&c, cs_conn_pending(&c));
        if (++steps > 10000000)
            abort();    /* a closed connection must come to an end */
    }
    cs_conn_free(&c);
    free(mb);
    return 0;
}
