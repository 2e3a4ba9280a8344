/* test_registry.c -- the element registry, class descriptors and docs. */
#include "fpgagen.h"
#include "unit.h"

#include <ctype.h>
#include <stdlib.h>

/* The classes the registry must hold. */
static const char *const required[] = {
    "ARPQuerier", "ARPResponder", "CheckIPHeader", "CheckLength",
    "CheckPaint", "Classifier", "Counter", "DecIPTTL", "Discard",
    "DropBroadcasts", "EtherEncap", "EtherMirror", "EtherRewrite",
    "FixIPSrc", "FromDevice", "GetIPAddress", "HashSwitch", "ICMPError",
    "IPClassifier", "IPFilter", "IPGWOptions", "Idle", "InfiniteSource",
    "LinearIPLookup", "MarkIPHeader", "Null", "Paint", "PaintSwitch",
    "Print", "PullTee", "Queue", "RadixIPLookup", "RandomSource",
    "RoundRobinSwitch", "SetIPChecksum", "SimpleQueue", "StaticIPLookup",
    "StaticSwitch", "Strip", "Switch", "Tee", "ToDevice", "Unqueue",
    "Unstrip",
};
enum { NREQUIRED = sizeof required / sizeof required[0] };

TEST(registry_all_sorted_and_complete)
{
    int n = -1;
    const ElementClass *const *all = registry_all(&n);
    CHECK_INT_EQ(n, NREQUIRED);
    for (int i = 0; i < n; i++) {
        CHECK(all[i] && all[i]->name);
        if (i > 0 && strcmp(all[i - 1]->name, all[i]->name) >= 0)
            UNIT_FAIL_("registry_all not sorted at %s, %s",
                       all[i - 1]->name, all[i]->name);
    }
    for (int i = 0; i < NREQUIRED; i++)
        if (!registry_find(required[i]))
            UNIT_FAIL_("class %s missing", required[i]);
}

TEST(registry_find_exact_names_only)
{
    int n;
    const ElementClass *const *all = registry_all(&n);
    for (int i = 0; i < n; i++)
        CHECK(registry_find(all[i]->name) == all[i]);
    static const char *const absent[] = {
        "", "counter", "COUNTER", "Counte", "Counterx", "NoSuch", "A",
        "AAA", "zzz", "Queue ", " Queue", "Strip2", "ToDevice.u",
        "IPClassifie", "Unstripp",
    };
    for (size_t i = 0; i < sizeof absent / sizeof absent[0]; i++)
        if (registry_find(absent[i]))
            UNIT_FAIL_("registry_find(\"%s\") found a class", absent[i]);
}

/* The text after the command line "=X ..." of a doc block, up to the
 * next one-letter command; NULL when the command is absent. */
static char *doc_part(const char *doc, const char *cmd)
{
    size_t cl = strlen(cmd);
    const char *start = NULL;
    for (const char *s = doc; *s;) {
        const char *next = s + strcspn(s, "\n");
        next += *next == '\n';
        bool command = s[0] == '=' && isalpha((unsigned char)s[1]) &&
                       (s[2] == '\n' || s[2] == ' ' || s[2] == '\0');
        if (start && command)
            return xstrndup(start, (size_t)(s - start));
        if (!start && strncmp(s, cmd, cl) == 0 &&
            (s[cl] == '\n' || s[cl] == ' ' || s[cl] == '\0'))
            start = next;
        s = next;
    }
    return start ? xstrdup(start) : NULL;
}

static const char *skip_blank(const char *s)
{
    while (*s == '\n' || *s == ' ')
        s++;
    return s;
}

TEST(doc_blocks_have_required_sections)
{
    int n;
    const ElementClass *const *all = registry_all(&n);
    for (int i = 0; i < n; i++) {
        const ElementClass *c = all[i];
        if (!c->doc) {
            UNIT_FAIL_("%s: no doc", c->name);
            continue;
        }
        static const char *const cmds[] = {"=c", "=s", "=d", "=n", "=a"};
        for (size_t k = 0; k < sizeof cmds / sizeof cmds[0]; k++) {
            char *part = doc_part(c->doc, cmds[k]);
            if (!part || !*skip_blank(part))
                UNIT_FAIL_("%s: doc has no %s text", c->name, cmds[k]);
            free(part);
        }
        char *sig = doc_part(c->doc, "=c");
        if (sig) {
            const char *s = skip_blank(sig);
            size_t len = strlen(c->name);
            if (strncmp(s, c->name, len) != 0 || isalnum((unsigned char)s[len]))
                UNIT_FAIL_("%s: =c does not begin with the class name: %.30s",
                           c->name, s);
        }
        free(sig);
        /* The order is Click's: =c =s =d ... =a, with =a last. */
        const char *pc = strstr(c->doc, "=c\n"), *ps = strstr(c->doc, "\n=s ");
        const char *pd = strstr(c->doc, "\n=d\n"), *pa = strstr(c->doc, "\n=a\n");
        if (!(pc == c->doc && ps && pd && pa && ps < pd && pd < pa))
            UNIT_FAIL_("%s: sections out of order", c->name);
        if (!c->impl && !strstr(c->doc, "No hardware implementation"))
            UNIT_FAIL_("%s: =n does not say there is no hardware yet",
                       c->name);
    }
}

static const char *mode_name(HandlerMode m)
{
    return m == H_READ ? "read-only" : m == H_WRITE ? "write-only"
         : m == H_RW ? "read/write" : "?";
}

TEST(doc_handlers_match_handler_table)
{
    int n;
    const ElementClass *const *all = registry_all(&n);
    for (int i = 0; i < n; i++) {
        const ElementClass *c = all[i];
        int ntable = 0, ndoc = 0;
        for (const HandlerSpec *h = c->handlers; h->name; h++) {
            ntable++;
            if (!h->help || !*h->help || strchr(h->help, '\n'))
                UNIT_FAIL_("%s.%s: help is not one line", c->name, h->name);
            for (const HandlerSpec *g = c->handlers; g < h; g++)
                if (strcmp(g->name, h->name) == 0)
                    UNIT_FAIL_("%s.%s: listed twice", c->name, h->name);
            char *want = xasprintf("\n=h %s %s\n", h->name, mode_name(h->mode));
            if (!strstr(c->doc, want))
                UNIT_FAIL_("%s: doc lacks \"=h %s %s\"", c->name, h->name,
                           mode_name(h->mode));
            free(want);
        }
        for (const char *s = strstr(c->doc, "\n=h "); s;
             s = strstr(s + 1, "\n=h ")) {
            ndoc++;
            char name[64];
            if (sscanf(s + 4, "%63s", name) != 1 ||
                !registry_handler(c, name))
                UNIT_FAIL_("%s: doc handler %s not in the table", c->name,
                           name);
        }
        if (ndoc != ntable)
            UNIT_FAIL_("%s: %d =h entries, %d handlers", c->name, ndoc,
                       ntable);
    }
}

TEST(registry_handler_lookup)
{
    const ElementClass *c = registry_find("Counter");
    CHECK(c != NULL);
    if (!c)
        return;
    const HandlerSpec *h = registry_handler(c, "count");
    CHECK(h && h->mode == H_READ);
    h = registry_handler(c, "reset");
    CHECK(h && h->mode == H_WRITE);
    h = registry_handler(c, "count_call");
    CHECK(h && h->mode == H_RW);
    CHECK(registry_handler(c, "nosuch") == NULL);
    CHECK(registry_handler(c, "") == NULL);
    const ElementClass *q = registry_find("Queue");
    CHECK(q && registry_handler(q, "capacity") &&
          registry_handler(q, "capacity")->mode == H_RW);
    const ElementClass *s = registry_find("Switch");
    CHECK(s && registry_handler(s, "switch") &&
          registry_handler(s, "switch")->mode == H_RW);
    const ElementClass *p = registry_find("Paint");
    CHECK(p && registry_handler(p, "color") &&
          registry_handler(p, "color")->mode == H_RW);
}

/* Click's processing notation as the descriptors use it: "X/Y" with X and
 * Y non-empty strings of a, h, l. */
static bool processing_ok(const char *s)
{
    size_t in = strspn(s, "ahl");
    return in > 0 && s[in] == '/' && strspn(s + in + 1, "ahl") > 0 &&
           s[in + 1 + strspn(s + in + 1, "ahl")] == '\0';
}

/* One side of a flow code: port codes, each a letter, '#', or a
 * bracketed set of them, optionally negated with '^'. */
static const char *flow_side(const char *s)
{
    const char *start = s;
    while (*s && *s != '/') {
        if (isalpha((unsigned char)*s) || *s == '#') {
            s++;
        } else if (*s == '[') {
            s += 1 + (s[1] == '^');
            size_t k = 0;
            while (isalpha((unsigned char)s[k]) || s[k] == '#')
                k++;
            if (!k || s[k] != ']')
                return NULL;
            s += k + 1;
        } else {
            return NULL;
        }
    }
    return s > start ? s : NULL;
}

static bool flow_ok(const char *s)
{
    s = flow_side(s);
    return s && *s == '/' && (s = flow_side(s + 1)) && !*s;
}

/* Annotation lists: comma-separated Click annotation names, no spaces,
 * none twice.  Header positions (Click's MAC and IP header annotations)
 * are not listed: the datapath knows them statically. */
static bool annos_ok(const char *list)
{
    static const char *const click_annos[] = {
        "AGGREGATE", "DST_IP", "FIX_IP_SRC", "ICMP_PARAMPROB",
        "PACKET_TYPE", "PAINT", "VLAN_TCI",
    };
    char *copy = xstrdup(list), *save = NULL;
    bool ok = !*list || (list[0] != ',' && list[strlen(list) - 1] != ',' &&
                         !strstr(list, ",,"));
    const char *seen[16];
    int nseen = 0;
    for (char *t = strtok_r(copy, ",", &save); t;
         t = strtok_r(NULL, ",", &save)) {
        bool known = false;
        for (size_t k = 0; k < sizeof click_annos / sizeof *click_annos; k++)
            known = known || strcmp(t, click_annos[k]) == 0;
        for (int k = 0; k < nseen; k++)
            known = known && strcmp(seen[k], t) != 0;
        ok = ok && known;
        if (nseen < 16)
            seen[nseen++] = t;
    }
    free(copy);
    return ok;
}

TEST(descriptors_are_well_formed)
{
    int n;
    const ElementClass *const *all = registry_all(&n);
    static const char *const groups[] = {"devices", "ethernet", "ip",
                                         "standard"};
    for (int i = 0; i < n; i++) {
        const ElementClass *c = all[i];
        PortRange r;
        if (!port_count_parse(c->port_count, &r))
            UNIT_FAIL_("%s: bad port count \"%s\"", c->name, c->port_count);
        if (!processing_ok(c->processing))
            UNIT_FAIL_("%s: bad processing \"%s\"", c->name, c->processing);
        if (c->flow_code && !flow_ok(c->flow_code))
            UNIT_FAIL_("%s: bad flow code \"%s\"", c->name, c->flow_code);
        if (!annos_ok(c->annos_read) || !annos_ok(c->annos_written))
            UNIT_FAIL_("%s: bad annotation list \"%s\" / \"%s\"", c->name,
                       c->annos_read, c->annos_written);
        if (c->csr_bytes & (c->csr_bytes - 1))
            UNIT_FAIL_("%s: csr_bytes %u is not a power of two", c->name,
                       c->csr_bytes);
        bool group_ok = false;
        for (size_t k = 0; k < sizeof groups / sizeof groups[0]; k++)
            group_ok = group_ok || strcmp(c->group, groups[k]) == 0;
        if (!group_ok)
            UNIT_FAIL_("%s: unknown group %s", c->name, c->group);
        if (!c->handlers)
            UNIT_FAIL_("%s: no handler table", c->name);
        /* Registers exist to serve handlers. */
        if (!c->handlers[0].name && c->csr_bytes)
            UNIT_FAIL_("%s: registers but no handlers", c->name);
    }
}

TEST(descriptors_state_clicks_facts)
{
    static const struct {
        const char *name, *ports, *proc;
    } facts[] = {
        {"FromDevice", "0/1", "h/h"},     {"ToDevice", "1/0", "l/l"},
        {"Queue", "1/1-2", "h/lh"},       {"Counter", "1/1", "a/a"},
        {"Discard", "1/0", "a/a"},        {"Idle", "-/-", "a/a"},
        {"Tee", "1/1-", "h/h"},           {"PullTee", "1/1-", "l/lh"},
        {"CheckIPHeader", "1/1-2", "a/ah"}, {"Classifier", "1/-", "h/h"},
        {"ARPQuerier", "2/1-2", "h/h"},   {"Unqueue", "1/1", "l/h"},
        {"RadixIPLookup", "1/-", "h/h"},  {"InfiniteSource", "0/1", "a/a"},
    };
    for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++) {
        const ElementClass *c = registry_find(facts[i].name);
        if (!c) {
            UNIT_FAIL_("%s missing", facts[i].name);
            continue;
        }
        CHECK_STR_EQ(c->port_count, facts[i].ports);
        CHECK_STR_EQ(c->processing, facts[i].proc);
    }
    const ElementClass *c = registry_find("Paint");
    CHECK(c && strcmp(c->annos_written, "PAINT") == 0);
    c = registry_find("PaintSwitch");
    CHECK(c && strcmp(c->annos_read, "PAINT") == 0);
    c = registry_find("Idle");
    CHECK(c && c->flow_code && strcmp(c->flow_code, "x/y") == 0);
    c = registry_find("ARPQuerier");
    CHECK(c && c->flow_code && strcmp(c->flow_code, "xy/x") == 0);
}

TEST(port_count_parse_accepts)
{
    static const struct {
        const char *s;
        PortRange want;
    } cases[] = {
        {"1/1", {1, 1, 1, 1, 0}},       {"1/-", {1, 1, 0, -1, 0}},
        {"-/-", {0, -1, 0, -1, 0}},     {"1-2/1", {1, 2, 1, 1, 0}},
        {"0/1-", {0, 0, 1, -1, 0}},     {"2/1-2", {2, 2, 1, 2, 0}},
        {"1/0", {1, 1, 0, 0, 0}},       {"0/0", {0, 0, 0, 0, 0}},
        {"1", {1, 1, 1, 1, 0}},         {"3", {3, 3, 3, 3, 0}},
        {"-", {0, -1, 0, -1, 0}},       {"1-", {1, -1, 1, -1, 0}},
        {"1/-6", {1, 1, 0, 6, 0}},      {"2-/-", {2, -1, 0, -1, 0}},
        {"10-20/3", {10, 20, 3, 3, 0}}, {"1/1-1", {1, 1, 1, 1, 0}},
        {"", {0, 0, 0, 0, 0}},          {"1/", {1, 1, 0, 0, 0}},
        {"-/", {0, -1, 0, 0, 0}},       {"1-/=", {1, -1, 1, -1, 1}},
        {"1-/=+", {1, -1, 2, -1, 2}},   {"2/=++", {2, 2, 4, 4, 3}},
        {"0-3/=", {0, 3, 0, 3, 1}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        PortRange r = {-9, -9, -9, -9, -9}, w = cases[i].want;
        if (!port_count_parse(cases[i].s, &r)) {
            UNIT_FAIL_("port_count_parse(\"%s\") rejected", cases[i].s);
            continue;
        }
        if (r.in_lo != w.in_lo || r.in_hi != w.in_hi || r.out_lo != w.out_lo ||
            r.out_hi != w.out_hi || r.out_equal != w.out_equal)
            UNIT_FAIL_("port_count_parse(\"%s\") = %d,%d/%d,%d=%d, expected "
                       "%d,%d/%d,%d=%d", cases[i].s, r.in_lo, r.in_hi,
                       r.out_lo, r.out_hi, r.out_equal, w.in_lo, w.in_hi,
                       w.out_lo, w.out_hi, w.out_equal);
    }
}

TEST(port_count_parse_rejects)
{
    static const char *const bad[] = {
        "/1", "/", "a/1", "1/a", "1/1/1", "1-2-3/1", " 1/1", "1/1 ",
        "1 /1", "2-1/1", "1/3-2", "1/=x", "1/+", "1/+=", "=/1", "=",
        "1/1-2x", "1/=-", "-1-/1", "99999999999/1", "1/99999999999",
        "+1/1", "1/-+", "1,1", "1\\1", "x",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        PortRange r = {7, 7, 7, 7, 7};
        if (port_count_parse(bad[i], &r))
            UNIT_FAIL_("port_count_parse(\"%s\") accepted", bad[i]);
        else if (r.in_lo != 7 || r.out_hi != 7 || r.out_equal != 7)
            UNIT_FAIL_("port_count_parse(\"%s\") changed *r on failure",
                       bad[i]);
    }
}

/* Runs a printer into memory. */
static char *capture_doc(const char *name, bool *found)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    *found = registry_print_doc(name, f);
    fclose(f);
    return buf;
}

TEST(print_doc_counter)
{
    bool found = false;
    char *out = capture_doc("Counter", &found);
    CHECK(found);
    static const char *const want[] = {
        "NAME\n    Counter - counts packets and bytes",
        "\nSYNOPSIS\n    Counter([keywords COUNT_CALL, BYTE_COUNT_CALL])\n",
        "Ports: 1 input, 1 output (1/1)",
        "\nDESCRIPTION\n", "\n    COUNT_CALL\n        ",
        "\nNOTES\n    In hardware, Counter is one register stage",
        "\nEXAMPLES\n      FromDevice(eth0) -> c :: Counter -> Discard;\n",
        "\nELEMENT HANDLERS\n    count (read-only)\n        Packets counted",
        "\n    byte_count (read-only)\n", "\n    rate (read-only)\n",
        "\n    bit_rate (read-only)\n", "\n    byte_rate (read-only)\n",
        "\n    reset (write-only)\n", "\n    reset_counts (write-only)\n",
        "\n    count_call (read/write)\n",
        "\n    byte_count_call (write-only)\n", "\nSEE ALSO\n    ",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(out, want[i]))
            UNIT_FAIL_("doc Counter lacks \"%s\"", want[i]);
    /* Formatting codes are removed; no line runs past 80 columns. */
    CHECK(!strstr(out, "I<") && !strstr(out, "C<"));
    for (const char *s = out; *s;) {
        size_t n = strcspn(s, "\n");
        if (n > 80)
            UNIT_FAIL_("line of %zu columns: %.40s...", n, s);
        s += n + (s[n] != '\0');
    }
    free(out);
}

TEST(print_doc_every_class_and_unknown)
{
    int n;
    const ElementClass *const *all = registry_all(&n);
    for (int i = 0; i < n; i++) {
        bool found = false;
        char *out = capture_doc(all[i]->name, &found);
        char *head = xasprintf("NAME\n    %s - ", all[i]->name);
        if (!found || strncmp(out, head, strlen(head)) != 0)
            UNIT_FAIL_("doc %s: bad output", all[i]->name);
        if (all[i]->handlers[0].name && !strstr(out, "\nELEMENT HANDLERS\n"))
            UNIT_FAIL_("doc %s: no handler section", all[i]->name);
        free(head);
        free(out);
    }
    static const char *const unknown[] = {"NoSuch", "counter", "", "Queue2"};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        bool found = true;
        char *out = capture_doc(unknown[i], &found);
        CHECK(!found);
        CHECK_STR_EQ(out, "");
        free(out);
    }
}

TEST(print_list_one_line_per_class)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    registry_print_list(f);
    fclose(f);
    int n;
    const ElementClass *const *all = registry_all(&n);
    CHECK(strncmp(buf, "CLASS ", 6) == 0);
    const char *line = strchr(buf, '\n');
    int rows = 0;
    for (line = line ? line + 1 : NULL; line && *line; rows++) {
        const char *nl = strchr(line, '\n');
        if (rows < n) {
            size_t k = strlen(all[rows]->name);
            if (strncmp(line, all[rows]->name, k) != 0 || line[k] != ' ')
                UNIT_FAIL_("row %d is not %s", rows, all[rows]->name);
        }
        line = nl ? nl + 1 : NULL;
    }
    CHECK_INT_EQ(rows, n);
    /* The Counter row carries its ports, processing, status, summary. */
    const char *row = strstr(buf, "\nCounter ");
    CHECK(row != NULL);
    if (row) {
        char name[32], ports[16], proc[16], hw[8];
        CHECK_INT_EQ(sscanf(row, "%31s %15s %15s %7s", name, ports, proc, hw),
                     4);
        CHECK_STR_EQ(ports, "1/1");
        CHECK_STR_EQ(proc, "a/a");
        CHECK_STR_EQ(hw, registry_find("Counter")->impl ? "yes" : "no");
        const char *nl = strchr(row + 1, '\n');
        const char *sum = strstr(row, "counts packets and bytes");
        CHECK(sum && nl && sum < nl);
    }
    free(buf);
}
