/* scenario_inputs.h — what a loaded scenario knows of its input files
 * (`inputs:`): for each, the file as opened, its SHA-256 and what was read of
 * it. The run writes this into the results' provenance beside the scenario's
 * own hash, with the knots the run used (ds_params.pool). */
#ifndef DS_SCENARIO_INPUTS_H
#define DS_SCENARIO_INPUTS_H

#include "../../models/params.h"

typedef struct {
    char path[768];   /* the file as opened (the scenario's folder joined to inputs.N.file) */
    char unit[32];    /* the column's unit, from its header or inputs.N.unit */
    char sha256[65];  /* of the whole file */
    int dated;        /* the file has a `date` column (else `day`) */
    double start_day; /* the file's day that is day 0 of the run (days since 1970 when dated) */
    int rows;
} ds_input_file;

struct ds_scenario_inputs {
    int n;                        /* inputs read: the base's n_inputs */
    ds_input spec[DS_MAX_INPUTS]; /* the entries they were read for (a --set may change one) */
    ds_input_file file[DS_MAX_INPUTS];
};

#endif
