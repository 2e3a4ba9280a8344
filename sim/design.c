/*
 * design.c -- reads what the harness needs from DIR/design.json: the
 * datapath width and clock, the register address width and the devices,
 * and maps the --in/--out devices to fg_sim_top's slots.
 */
#include "sim_int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool bad(const char *file, const char *key, const char *what)
{
    sim_error("%s: '%s': %s", file, key, what);
    return false;
}

static bool get_int(json_t *obj, const char *file, const char *key,
                    long long lo, long long hi, long long *v)
{
    json_t *j = json_object_get(obj, key);
    if (!j)
        return bad(file, key, "missing");
    if (!json_is_integer(j))
        return bad(file, key, "expected an integer");
    *v = json_integer_value(j);
    if (*v < lo || *v > hi) {
        sim_error("%s: '%s': %lld is out of range (%lld..%lld)", file, key,
                  *v, lo, hi);
        return false;
    }
    return true;
}

/* ethN -> N (0..7), or -1. */
static int slot_of_name(const char *name)
{
    if (strncmp(name, "eth", 3) != 0 || name[3] < '0' || name[3] > '7' ||
        name[4] != '\0')
        return -1;
    return name[3] - '0';
}

static bool load_devices(json_t *root, const char *file, SimDesign *d)
{
    json_t *devs = json_object_get(root, "devices");
    if (!devs)
        return bad(file, "devices", "missing");
    if (!json_is_array(devs))
        return bad(file, "devices", "expected an array");
    size_t i;
    json_t *dev;
    json_array_foreach(devs, i, dev) {
        json_t *name = json_object_get(dev, "name");
        if (!json_is_object(dev) || !json_is_string(name)) {
            sim_error("%s: devices[%zu]: expected an object with a 'name'",
                      file, i);
            return false;
        }
        const char *n = json_string_value(name);
        if (d->ndevices == SIM_SLOTS) {
            sim_error("%s: more than %d devices; the sim board has %d slots",
                      file, SIM_SLOTS, SIM_SLOTS);
            return false;
        }
        int slot;
        json_t *js = json_object_get(dev, "slot");
        if (js) {
            if (!json_is_integer(js) || json_integer_value(js) < 0 ||
                json_integer_value(js) >= SIM_SLOTS) {
                sim_error("%s: devices[%zu] ('%s'): 'slot': expected 0..%d",
                          file, i, n, SIM_SLOTS - 1);
                return false;
            }
            slot = (int)json_integer_value(js);
        } else if ((slot = slot_of_name(n)) < 0) {
            sim_error("%s: device '%s' has no slot on the sim board "
                      "(devices are eth0..eth7)", file, n);
            return false;
        }
        for (int k = 0; k < d->ndevices; k++) {
            if (strcmp(d->devices[k].name, n) == 0) {
                sim_error("%s: device '%s' is listed twice", file, n);
                return false;
            }
            if (d->devices[k].slot == slot) {
                sim_error("%s: devices '%s' and '%s' share slot %d", file,
                          d->devices[k].name, n, slot);
                return false;
            }
        }
        SimDevice *sd = &d->devices[d->ndevices++];
        sd->name = sim_strdup(n);
        sd->slot = slot;
        json_t *rx = json_object_get(dev, "rx"), *tx = json_object_get(dev, "tx");
        sd->rx = rx && !json_is_null(rx) && !json_is_false(rx);
        sd->tx = tx && !json_is_null(tx) && !json_is_false(tx);
    }
    return true;
}

/* The readable registers of every element, for --dump-regs. */
static bool load_registers(json_t *root, const char *file, SimDesign *d)
{
    json_t *elems = json_object_get(root, "elements");
    if (!json_is_array(elems))
        return bad(file, "elements", elems ? "expected an array" : "missing");
    size_t i, k;
    json_t *e, *r;
    int cap = 0;
    json_array_foreach(elems, i, e) {
        json_t *name = json_object_get(e, "name"), *base = json_object_get(e, "base");
        json_t *regs = json_object_get(e, "registers");
        if (!json_is_string(name) || !json_is_array(regs))
            return bad(file, "elements", "each element needs a name and registers");
        if (!json_is_integer(base))
            continue;   /* no register block */
        json_array_foreach(regs, k, r) {
            json_t *rn = json_object_get(r, "name"), *off = json_object_get(r, "offset");
            json_t *w = json_object_get(r, "width"), *acc = json_object_get(r, "access");
            if (!json_is_string(rn) || !json_is_integer(off) || !json_is_integer(w) ||
                !json_is_string(acc))
                return bad(file, "registers", "each needs name, offset, width, access");
            if (!strchr(json_string_value(acc), 'r'))
                continue;
            if (d->nregs == cap) {
                cap = cap ? 2 * cap : 32;
                d->regs = sim_realloc(d->regs, (size_t)cap * sizeof *d->regs);
            }
            SimReg *sr = &d->regs[d->nregs++];
            sr->name = sim_asprintf("%s.%s", json_string_value(name), json_string_value(rn));
            sr->addr = (uint32_t)(json_integer_value(base) + json_integer_value(off));
            sr->width = (int)json_integer_value(w);
        }
    }
    return true;
}

bool sim_load_design(const char *dir, SimDesign *d)
{
    memset(d, 0, sizeof *d);
    if (!sim_is_dir(dir)) {
        sim_error("%s: %s", dir,
                  access(dir, F_OK) != 0 ? "no such folder" : "not a folder");
        return false;
    }
    char *file = sim_asprintf("%s/design.json", dir);
    json_error_t jerr;
    json_t *root = json_load_file(file, JSON_REJECT_DUPLICATES, &jerr);
    bool ok = false;
    if (!root) {
        if (!sim_is_file(file))
            sim_error("%s: no such file (is %s a folder written by "
                      "'fpgagen -o'?)", file, dir);
        else
            sim_error("%s:%d:%d: invalid JSON: %s", file, jerr.line,
                      jerr.column, jerr.text);
        goto out;
    }
    if (!json_is_object(root)) {
        sim_error("%s: expected a JSON object", file);
        goto out;
    }
    long long v;
    if (!get_int(root, file, "width", 8, SIM_MAX_WIDTH, &v))
        goto out;
    if (v & (v - 1)) {
        bad(file, "width", "expected 8, 16, 32, 64, 128, 256 or 512");
        goto out;
    }
    d->width = (int)v;
    json_t *clk = json_object_get(root, "clock_mhz");
    if (!clk) {
        bad(file, "clock_mhz", "missing");
        goto out;
    }
    if (!json_is_number(clk) || json_number_value(clk) <= 0 ||
        json_number_value(clk) > 100000) {
        bad(file, "clock_mhz", "expected a frequency in MHz");
        goto out;
    }
    d->clock_mhz = json_number_value(clk);
    json_t *csr = json_object_get(root, "csr");
    if (!json_is_object(csr)) {
        bad(file, "csr", csr ? "expected an object" : "missing");
        goto out;
    }
    if (!get_int(csr, file, "addr_width", 2, 32, &v)) {
        sim_error("%s: (the key is csr.addr_width)", file);
        goto out;
    }
    d->addr_width = (int)v;
    json_t *hash = json_object_get(root, "hash");
    d->hash = sim_strdup(json_is_string(hash) ? json_string_value(hash) : "");
    if (!load_devices(root, file, d) || !load_registers(root, file, d))
        goto out;
    d->dir = sim_strdup(dir);
    ok = true;
out:
    if (root)
        json_decref(root);
    free(file);
    if (!ok)
        sim_free_design(d);
    return ok;
}

void sim_free_design(SimDesign *d)
{
    for (int i = 0; i < d->ndevices; i++)
        free(d->devices[i].name);
    for (int i = 0; i < d->nregs; i++)
        free(d->regs[i].name);
    free(d->regs);
    free(d->dir);
    free(d->hash);
    memset(d, 0, sizeof *d);
}

/* "eth0 (in), eth1 (out)" */
static char *device_list(const SimDesign *d)
{
    char *s = sim_strdup("");
    for (int i = 0; i < d->ndevices; i++) {
        const SimDevice *v = &d->devices[i];
        const char *dir = v->rx && v->tx ? "in and out"
                          : v->rx        ? "in"
                          : v->tx        ? "out"
                                         : "unused";
        char *t = sim_asprintf("%s%s%s (%s)", s, i ? ", " : "", v->name, dir);
        free(s);
        s = t;
    }
    return s;
}

static bool check_list(SimPortArg *list, int n, bool rx, const SimDesign *d)
{
    bool ok = true;
    for (int i = 0; i < n; i++) {
        const SimDevice *v = NULL;
        for (int k = 0; k < d->ndevices; k++)
            if (strcmp(d->devices[k].name, list[i].dev) == 0)
                v = &d->devices[k];
        if (!v || (rx ? !v->rx : !v->tx)) {
            char *all = device_list(d);
            if (!v)
                sim_error("--%s: unknown device '%s'; the design has %s",
                          rx ? "in" : "out", list[i].dev,
                          d->ndevices ? all : "no devices");
            else
                sim_error("--%s: device '%s' %s in this design; the design "
                          "has %s", rx ? "in" : "out", list[i].dev,
                          rx ? "has no receive port (no FromDevice)"
                             : "has no transmit port (no ToDevice)",
                          all);
            free(all);
            ok = false;
            continue;
        }
        list[i].slot = v->slot;
    }
    return ok;
}

bool sim_check_ports(SimOptions *o, const SimDesign *d)
{
    bool a = check_list(o->in, o->nin, true, d);
    bool b = check_list(o->out, o->nout, false, d);
    return a && b;
}
