/* scenario_keys_doc.c — the key table as reference text: one key as a
 * ds_key_doc (the man page, the comments of `depinsim new`) and the whole
 * table as the markdown reference that ends scenarios/README.md
 * (`depinsim keys`). */
#include "scenario_int.h"

#include <stdio.h>
#include <string.h>

static void section_of(int k, char *buf, size_t n)
{
    const char *path = scn_key_table[k].path;
    int lk = scn_list_of(k);
    if (lk >= 0)
        snprintf(buf, n, "%s", scn_key_table[lk].path);
    else if (scn_key_table[k].type == T_LIST)
        snprintf(buf, n, "%s", path);
    else if (!strchr(path, '.'))
        snprintf(buf, n, "%s", "");
    else
        snprintf(buf, n, "%.*s", (int)(strchr(path, '.') - path), path);
}

static const char *type_name(const key_def *d)
{
    switch (d->type) {
    case T_FLOAT: return "number";
    case T_INT: return "integer";
    case T_UINT32: return "integer";
    case T_BOOL: return "bool";
    case T_ENUM: return "enum";
    case T_STRING: return "string";
    case T_LIST: return "list";
    case T_MAP: return "mapping";
    case T_CLAIMS: return "names";
    }
    return "?";
}

int scenario_key_count(void)
{
    return N_KEYS;
}

void scenario_key_doc(int k, int md, ds_key_doc *d)
{
    const key_def *kd = &scn_key_table[k];
    memset(d, 0, sizeof *d);
    d->path = kd->path;
    d->type = type_name(kd);
    d->unit = kd->unit;
    d->doc = kd->doc;
    d->list = kd->type == T_LIST;
    d->required = kd->req;
    d->lo = kd->lo;
    d->hi = kd->hi;
    section_of(k, d->section, sizeof d->section);
    const char *q = md ? "`" : "";
    if (kd->def_text)
        snprintf(d->def, sizeof d->def, "%s", kd->def_text);
    else if (kd->type == T_ENUM)
        snprintf(d->def, sizeof d->def, "%s%s%s", q, kd->words[(int)kd->def], q);
    else if (kd->type == T_BOOL)
        snprintf(d->def, sizeof d->def, "%s", kd->def ? "true" : "false");
    else
        scn_fmt_num(kd->def, d->def, sizeof d->def);
    if (kd->type == T_ENUM)
        scn_enum_list(kd, ", ", q, d->range, sizeof d->range);
    else if (kd->type == T_BOOL)
        snprintf(d->range, sizeof d->range, "true, false");
    else if (kd->type == T_STRING)
        snprintf(d->range, sizeof d->range, "%s %zu characters", md ? "≤" : "at most",
                 kd->size - 1);
    else if (kd->type == T_MAP)
        snprintf(d->range, sizeof d->range, "see the introduction");
    else if (kd->type == T_CLAIMS && kd->hi > 1)
        snprintf(d->range, sizeof d->range, "a list of up to %d earlier claims' names",
                 (int)kd->hi);
    else if (kd->type == T_CLAIMS)
        snprintf(d->range, sizeof d->range, "an earlier claim's name");
    else
        scn_range_text(kd, md, d->range, sizeof d->range);
}

void scenario_keys_markdown(FILE *out)
{
    char sec[64] = "-";
    for (int k = 0; k < N_KEYS; k++) {
        ds_key_doc d;
        scenario_key_doc(k, 1, &d);
        if (strcmp(d.section, sec)) {
            snprintf(sec, sizeof sec, "%s", d.section);
            if (!*sec)
                fprintf(out, "### Top level\n\n");
            else if (d.list)
                fprintf(out,
                        "### `%s` — list of %d to %d items%s\n\n%s; each item is a mapping "
                        "of the keys below (`N` is the 0-based item index).\n\n",
                        sec, (int)d.lo, (int)d.hi, d.required ? ", required" : "", d.doc);
            else
                fprintf(out, "### `%s`\n\n", sec);
            fprintf(out, "| key | type | unit | default | valid range | meaning |\n");
            fprintf(out, "|---|---|---|---|---|---|\n");
        }
        if (d.list) continue;
        fprintf(out, "| `%s` | %s | %s | %s | %s | %s |\n", d.path, d.type, *d.unit ? d.unit : "—",
                d.def, d.range, d.doc);
        if (k + 1 == N_KEYS)
            fprintf(out, "\n");
        else {
            char s2[64];
            section_of(k + 1, s2, sizeof s2);
            if (strcmp(s2, sec)) fprintf(out, "\n");
        }
    }
}
