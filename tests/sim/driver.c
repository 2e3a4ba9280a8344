/*
 * driver.c -- `fpgagen sim` on its own, for testing the harness in a tree
 * whose fpgagen has no sim command yet:  driver sim DIR [OPTION]...
 */
#include "sim.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "sim") != 0) {
        fprintf(stderr, "usage: %s sim DIR [OPTION]...\n", argv[0]);
        return 2;
    }
    return sim_main(argc - 1, argv + 1);
}
