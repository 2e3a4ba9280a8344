/* unit_main.c -- runs every registered TEST in registration order. */
#include "unit.h"

static UnitCase *unit_head, **unit_tail = &unit_head;
static const char *unit_name;

void unit_register(UnitCase *c)
{
    *unit_tail = c;
    unit_tail = &c->next;
}

const char *unit_current_name(void) { return unit_name; }

int main(void)
{
    int nfail = 0;
    for (UnitCase *c = unit_head; c; c = c->next) {
        int failed = 0;
        unit_name = c->name;
        c->fn(&failed);
        if (!failed)
            printf("PASS %s\n", c->name);
        nfail += failed;
        fflush(stdout);
    }
    return nfail ? 1 : 0;
}
