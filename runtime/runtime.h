/*
 * runtime.h -- `fpgagen -r`: the run-time server of a generated design
 * (docs/runtime.md).
 */
#ifndef RUNTIME_RUNTIME_H
#define RUNTIME_RUNTIME_H

/* `fpgagen -r DIR --backend SPEC [--listen tcp:[ADDR:]PORT | unix:PATH]
 * [--readonly]`.  argv[0] is "-r"; returns the exit status (0 after
 * SIGINT/SIGTERM, 1 on an error, 2 on bad usage). */
int runtime_main(int argc, char **argv);

#endif
