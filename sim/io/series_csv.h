/* series_csv.h — one value column of a time-series CSV file (scenario
 * `inputs:`, `depinsim fit`): a `date` (YYYY-MM-DD) or `day` column beside
 * named value columns, a header line whose names may state a unit
 * ("price [USD/token]"), '#' comment lines (where a file says its source).
 * The file comes from strangers: it is read bounded (size, rows, columns,
 * line length) and every fault is a located error `file:line:col: column:
 * what is wrong` (DS_EINPUT): a missing column, dates that do not increase, a
 * gap in the dates, an empty, non-numeric, non-finite or negative value.
 * The model's use of the series (units, coverage) is checked elsewhere
 * (scenario_inputs.c). */
#ifndef DS_SERIES_CSV_H
#define DS_SERIES_CSV_H

#include <stddef.h>

#include "../../models/series.h"
#include "../error.h"

#define DS_CSV_MAX_BYTES (4 << 20)     /* file size: 4 MiB */
#define DS_CSV_MAX_ROWS DS_SERIES_POOL /* data rows: what the model's pool can hold */
#define DS_CSV_MAX_COLUMNS 64          /* cells per line */
#define DS_CSV_MAX_LINE 4096           /* bytes per line */
#define DS_CSV_MAX_FAULTS 20           /* faults listed per file; reading stops after them */
/* A step between rows longer than this many times the file's usual step (the
 * median) is a gap: a day missing from a daily file (2 > 1.5), not a 31-day
 * month in a monthly one (31/30 < 1.5). */
#define DS_CSV_GAP_FACTOR 1.5

typedef struct {
    char column[64]; /* the value column's name, as asked */
    char unit[32];   /* the unit its header states ("price [USD/token]"), or "" */
    int dated;       /* 1: the time column is `date`; 0: `day` */
    int n;           /* rows */
    double *day;     /* [n] the row's day: its `day` value, or its date as days since 1970-01-01 */
    double *value;   /* [n] the value, as written */
    int *line, *col; /* [n] where each row's value cell is (1-based) */
    int time_col_line;  /* the header's line */
    double median_step; /* the file's usual step between rows, days */
    char sha256[65];    /* of the whole file, lowercase hex */
    size_t bytes;
} csv_series;

/* Read column `column` of the CSV file at path. DS_OK, or DS_EINPUT with every
 * fault located in errs (DS_EFAIL: out of memory, or an I/O error other than a
 * missing or unreadable file). *out is safe to free after any return. */
int csv_series_read(const char *path, const char *column, csv_series *out, ds_errors *errs);

void csv_series_free(csv_series *s);

/* Days since 1970-01-01 of a date "YYYY-MM-DD" (a real calendar date, years
 * 1 to 9999): 0 and *day set, or -1. */
int csv_parse_date(const char *s, double *day);

/* The date of a day since 1970-01-01 as "YYYY-MM-DD" (buf: at least 11 bytes). */
void csv_format_date(double day, char *buf, size_t n);

#endif
