/*
 * csr_tool.c -- allocates a register map given on the command line and
 * writes its decoder and written forms, plus map.vh, the map as Verilog
 * localparams for tb_csr_decoder.v.
 *
 *   csr_tool [-f] OUTDIR AW SIZE[:NAME[:CLASS]]...
 *
 * -f: full decoding (CsrMap.full_decode).
 *
 * Block 0 is the ID block when it is named fpgagen:id (or has no name
 * and 32 bytes);
 * other blocks get a few registers so the written forms have rows.
 * Prints the allocation, one line per block, and the decoder's total.
 */
#include "csr.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void write_out(const char *dir, const char *name, StrBuf *sb)
{
    char *path = xasprintf("%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f || fwrite(sb_str(sb), 1, sb->len, f) != sb->len || fclose(f) != 0)
        fatal("cannot write %s: %s", path, strerror(errno));
    free(path);
}

int main(int argc, char **argv)
{
    bool full = argc > 1 && strcmp(argv[1], "-f") == 0;
    if (full) {
        argv++;
        argc--;
    }
    if (argc < 4) {
        fprintf(stderr, "usage: csr_tool [-f] OUTDIR AW SIZE[:NAME[:CLASS]]...\n");
        return 2;
    }
    const char *dir = argv[1];
    int n = argc - 3;
    CsrMap m = {.addr_width = atoi(argv[2]), .full_decode = full, .source = "csr_tool", .n = n};
    m.blocks = xcalloc((size_t)n, sizeof *m.blocks);
    Arena names = {0};
    static const CsrReg some_regs[] = {
        {"ctrl", 0, 32, CSR_RW},
        {"status", 4, 32, CSR_R},
        {"count", 8, 64, CSR_R},
    };
    for (int i = 0; i < n; i++) {
        CsrBlock *b = &m.blocks[i];
        char *spec = argv[3 + i];
        char *name = strchr(spec, ':');
        char *cls = NULL;
        if (name) {
            *name++ = '\0';
            cls = strchr(name, ':');
            if (cls)
                *cls++ = '\0';
        }
        b->size = strtoull(spec, NULL, 0);
        b->name = name                                ? name
                  : i == 0 && b->size == CSR_ID_SIZE ? CSR_ID_NAME
                                                     : arena_printf(&names, "b%d", i);
        b->class_name = cls;
        if (strcmp(b->name, CSR_ID_NAME) == 0) {
            b->regs = csr_id_regs(&b->nregs);
            b->class_name = "ID block";
        } else {
            b->regs = some_regs;
            b->nregs = b->size >= 16 ? 3 : b->size >= 8 ? 2 : 1;
        }
    }
    Diag d;
    diag_init(&d, stderr);
    if (!csr_allocate(&m, &d))
        return 1;

    int lawm = csr_slave_addr_width(&m);
    uint64_t covered = 0;
    for (int i = 0; i < n; i++) {
        const CsrBlock *b = &m.blocks[i];
        covered += csr_window(&m, b);
        printf("block %d %s base 0x%llx size %llu prefix_bits %d\n", i, b->name,
               (unsigned long long)b->base, (unsigned long long)b->size, b->prefix_bits);
    }
    printf("decoder_bits %d\n", m.decoder_bits);

    StrBuf sb = {0};
    csr_emit_decoder(&m, &sb, "fg_csr_decoder");
    write_out(dir, "fg_csr_decoder.v", &sb);
    sb.len = 0;
    csr_write_header(&m, &sb);
    write_out(dir, "csr.h", &sb);
    sb.len = 0;
    csr_write_json(&m, &sb);
    write_out(dir, "csr.json", &sb);
    sb.len = 0;
    csr_write_regmap_md(&m, &sb);
    write_out(dir, "regmap.md", &sb);

    sb.len = 0;
    sb_printf(&sb, "// the map under test: %d blocks, %d-bit addresses\n", n, m.addr_width);
    sb_printf(&sb, "localparam N = %d;\nlocalparam AW = %d;\nlocalparam LAWM = %d;\n", n,
              m.addr_width, lawm);
    sb_printf(&sb, "localparam HOLES = %d;  // some address is outside every window\n",
              covered < ((uint64_t)1 << m.addr_width));
    sb_puts(&sb, "// block i in [64*i +: 64] and [8*i +: 8]\nlocalparam [64*N-1:0] BASES = {");
    for (int i = n - 1; i >= 0; i--)
        sb_printf(&sb, "64'h%llx%s", (unsigned long long)m.blocks[i].base, i ? ", " : "};\n");
    sb_puts(&sb, "localparam [8*N-1:0] LAWS = {");
    for (int i = n - 1; i >= 0; i--) {
        int law = 0;
        while (((uint64_t)1 << law) < m.blocks[i].size)
            law++;
        sb_printf(&sb, "8'd%d%s", law, i ? ", " : "};\n");
    }
    sb_puts(&sb, "localparam [8*N-1:0] DBITS = {");
    for (int i = n - 1; i >= 0; i--)
        sb_printf(&sb, "8'd%d%s", m.blocks[i].prefix_bits, i ? ", " : "};\n");
    write_out(dir, "map.vh", &sb);
    sb_free(&sb);
    arena_free(&names);
    free(m.blocks);
    return 0;
}
