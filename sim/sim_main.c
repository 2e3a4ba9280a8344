/*
 * sim_main.c -- `fpgagen sim DIR ...`: checks everything that can be
 * checked before a build (options, design.json, devices, input pcaps,
 * output folders), builds the simulator, and runs it.
 *
 * With Verilator the process becomes the design's simulator
 * (DIR/sim/obj/fgsim, given the same arguments), so signals reach the
 * cycle loop directly; with Icarus this process drives vvp.
 */
#include "sim_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The folder a file would be created in must exist and be writable. */
static bool writable_dir_of(const char *what, const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? sim_asprintf("%.*s", (int)(slash - path + 1), path)
                      : sim_strdup(".");
    bool ok = true;
    if (!sim_is_dir(dir)) {
        sim_error("%s %s: folder %s does not exist", what, path, dir);
        ok = false;
    } else if (access(dir, W_OK) != 0) {
        sim_error("%s %s: cannot write in %s: %s", what, path, dir,
                  strerror(errno));
        ok = false;
    } else if (sim_is_dir(path)) {
        sim_error("%s %s: is a folder", what, path);
        ok = false;
    }
    free(dir);
    return ok;
}

static int prepare(SimOptions *o, SimDesign *d)
{
    if (!sim_load_design(o->dir, d))
        return SIM_EXIT_ERROR;
    if (!sim_check_ports(o, d))
        return SIM_EXIT_USAGE;
    bool ok = true;
    for (int i = 0; i < o->nin; i++)
        ok &= sim_scan_pcap(o->in[i].path, NULL, NULL);
    for (int i = 0; i < o->nout; i++)
        ok &= writable_dir_of("--out", o->out[i].path);
    if (o->vcd)
        ok &= writable_dir_of("--vcd", o->vcd);
    return ok ? -1 : SIM_EXIT_ERROR;
}

int sim_main(int argc, char **argv)
{
    SimOptions o;
    SimDesign d;
    memset(&d, 0, sizeof d);
    int st = sim_parse_options(argc, argv, &o);
    if (st < 0)
        st = prepare(&o, &d);
    if (st >= 0)
        goto out;

    if (o.simulator == SIMULATOR_ICARUS) {
        char *vvp = sim_build_icarus(&d, o.quiet);
        if (!vvp)
            st = SIM_EXIT_ERROR;
        else if (o.build_only)
            st = SIM_EXIT_OK;
        else
            st = sim_run_icarus(&o, &d, vvp);
        free(vvp);
        goto out;
    }

    char *exe = sim_build_verilator(&d, o.vcd != NULL, o.quiet);
    if (!exe || o.build_only) {
        st = exe ? SIM_EXIT_OK : SIM_EXIT_ERROR;
        free(exe);
        goto out;
    }
    char **args = sim_alloc((size_t)(argc + 1) * sizeof *args);
    args[0] = exe;
    for (int i = 1; i < argc; i++)
        args[i] = argv[i];
    args[argc] = NULL;
    fflush(NULL);
    execv(exe, args);
    sim_error("cannot run %s: %s", exe, strerror(errno));
    free(args);
    free(exe);
    st = SIM_EXIT_ERROR;
out:
    sim_free_design(&d);
    sim_free_options(&o);
    return st;
}
