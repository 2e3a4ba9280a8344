/*
 * anno.c -- the packet annotations that can travel in tuser, with
 * Click's names and the widths the hardware gives them.
 */
#include "datapath.h"

#include <string.h>

static const struct {
    const char *name;
    int width;
} anno_defs[ANNO_COUNT] = {
    [ANNO_PAINT] = {"PAINT", 8},
    [ANNO_DST_IP] = {"DST_IP", 32},
    [ANNO_FIX_IP_SRC] = {"FIX_IP_SRC", 1},
    [ANNO_ICMP_PARAMPROB] = {"ICMP_PARAMPROB", 8},
    [ANNO_VLAN_TCI] = {"VLAN_TCI", 16},
    [ANNO_AGGREGATE] = {"AGGREGATE", 32},
    [ANNO_SIM_TAG] = {"SIM_TAG", 32},
};

const char *anno_name(AnnoId id) { return anno_defs[id].name; }
int anno_width(AnnoId id) { return anno_defs[id].width; }

bool anno_lookup(const char *name, AnnoId *id)
{
    for (int i = 0; i < ANNO_COUNT; i++)
        if (strcmp(anno_defs[i].name, name) == 0)
            return *id = (AnnoId)i, true;
    return false;
}
