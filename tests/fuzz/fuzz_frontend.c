/*
 * fuzz_frontend.c -- libFuzzer target for the lexer, parser, compound
 * expansion and graph checks: every input must be either accepted or
 * rejected with diagnostics, never crash, leak or hang.
 */
#include "fpgagen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *sink = fopen("/dev/null", "w");
    if (!sink)
        return 0;
    Diag d;
    diag_init(&d, sink);
    Graph *g = frontend_load(&d, "fuzz.click", (const char *)data, size);
    if (g) {
        if (!diag_failed(&d)) {
            check_graph(g, &d, &(CheckOptions){.hardware = true});
            flatten_print(g, sink);
            dot_print(g, sink);
        }
        graph_free(g);
    }
    fclose(sink);
    return 0;
}
