/* run.h — the run driver behind `depinsim run`, in four stages that print
 * nothing: prepare (load and check the scenario, check the output path and
 * the memory, choose the backend, allocate, take up a checkpoint), simulate
 * (every variant on the backend, path range by path range), summarise (leave
 * out invalid paths, statistics, outcomes, claims) and write (assemble the
 * results and write the file). A run covers every path of the scenario, or a
 * range of them (a shard: --paths-range); under MPI each rank simulates a
 * share and rank 0, which holds every path, summarises and writes, the ranks
 * agreeing on the status after each stage. Errors travel up as ds_errors; the
 * command line (sim/cli/cmd_run.c) prints them, the summary and the progress,
 * and owns the signals that set `stop`. */
#ifndef DS_RUN_H
#define DS_RUN_H

#include <limits.h>
#include <signal.h>
#include <stdint.h>

#include "checkpoint.h"
#include "../io/scenario.h"
#include "../io/results.h"
#include "backend.h"
#include "claims.h"
#include "cluster.h"
#include "../stats.h"

typedef struct {
    const char *scenario; /* path of the YAML file */
    const char *out;      /* results file, or NULL for <name>.h5 */
    char **sets;          /* "key.path=value" overrides, in order */
    int n_sets;
    int threads; /* 0: all cores */
    int backend; /* DS_BACKEND_* */
    int force, partial;
    double max_memory;                       /* bytes; 0: what the machine has available */
    const char *variants;                    /* "a,b": run only these variants, or NULL: all */
    void (*before_publish)(const char *tmp); /* or NULL: results_write's test hook */
    int range_first, range_end; /* --paths-range A:B: a shard of paths [A, B); 0, 0: every path */
    const char *checkpoint;     /* --checkpoint DIR (or --resume DIR), or NULL */
    int resume;                 /* continue the checkpoint in DIR */
    ds_cluster *cluster;        /* the MPI world (cluster_init), or NULL: one process */
    /* or NULL: called on rank 0's master thread after each block it saved */
    void (*on_saved)(void *ctx, int first, int end);
    void *on_saved_ctx;
} ds_run_options;

/* One variant's paths as the backend wrote them, and their statistics. The
 * arrays hold ds_run.rows rows from path ds_run.row0 (backend.h's layout). */
typedef struct {
    double *rec, *outcomes;           /* as the backend writes them */
    uint8_t *claims, *done, *bad_var; /* [n_claims × paths], [paths], [paths] */
    int32_t *bad_step;                /* [paths] */
    int kept;                         /* paths written: done and valid */
    int invalid, ran;                 /* left out as invalid; simulated (completed or not) */
    double event_days[DS_MAX_EVENTS]; /* its dated events, for the dashboard's markers */
    char event_labels[DS_MAX_EVENTS * DS_NAME_LEN]; /* one per line */
    int32_t *index;                                 /* [kept] path numbers */
    double *krec, *kout; /* compacted copies when kept < paths, else aliases */
    uint8_t *kclaims;
    double *q, *mean, *final; /* [M × R × DS_N_QUANTILES], [M × R], [M × kept] */
    ds_claim_result cl[DS_MAX_CLAIMS];
    char cl_text[DS_MAX_CLAIMS][CLAIMS_TEXT_MAX];
    char cl_why[DS_MAX_CLAIMS][CLAIMS_TEXT_MAX]; /* decided by construction: why ("" not) */
    ds_outcome_summary osum;
} ds_run_variant;

/* A run from prepare to write. `stop` and `tmp_live` are set from signal
 * handlers; everything else belongs to the stages. */
typedef struct {
    ds_scenario sc;
    char out[PATH_MAX];                          /* the results file */
    char tmp[PATH_MAX + RESULTS_TMP_SUFFIX_MAX]; /* its temporary while written */
    volatile sig_atomic_t tmp_live;              /* 1 while tmp exists and is ours to remove */
    volatile int stop;                           /* set: stop simulating (an interrupt) */
    ds_backend backend;                          /* what runs: after simulate, what ran */
    ds_progress progress;                        /* the caller may set tick and ctx */
    ds_run_variant *vd;                          /* [sc.n_variants] */
    double *time_days;                           /* [records] */
    double wall_seconds;                         /* simulating, all variants */
    int complete;                                /* 0: interrupted (a --partial file at most) */
    const struct ds_analysis_s *analysis;        /* written under /analysis, or NULL */
    int loaded;                                  /* sc holds a scenario to free */
    int first, end;    /* the paths the results cover: every path, or the shard's range */
    int shard;         /* --paths-range: the file is a shard for depinsim merge */
    int row0, rows;    /* the paths the variant buffers hold (rank 0: first..end) */
    int threads;       /* OpenMP threads of this process */
    ds_cluster *cl;    /* the MPI world, or solo */
    ds_cluster solo;   /* a world of one */
    int n_work;        /* ranges this process simulates: its share less the checkpoint's */
    int (*work)[2];    /* [n_work] {first, end} */
    int resumed_paths; /* paths of first..end a checkpoint already held */
    ds_checkpoint ck;  /* the checkpoint kept (--checkpoint/--resume), or none */
    ds_identity id;    /* what makes two runs the same run (checkpoints, shards) */
    char scenario_sha256[65];
    char *scenario_sets; /* the --set assignments, one per line ("" for none) */
    char *input_files;   /* the input series' "<sha256>  <name>" lines ("" for none) */
    int peer_stopped;    /* stopped because another rank asked (it failed, or was interrupted) */
    int agreed_failure;  /* a stage's failure that every rank has agreed on */
    void (*user_tick)(void *ctx, long done, long total, long paths_done, long paths_total);
    void *user_ctx; /* the caller's progress callback, while run_simulate wraps it */
} ds_run;

/* Load and check the scenario, check the output path (before hours of
 * simulation) and the memory the run needs (refused with what would fit),
 * choose the backend and allocate. r is zeroed first; run_free is safe after
 * any return. DS_OK, DS_EINPUT (bad scenario, output path or options) or
 * DS_EFAIL (memory). */
int run_prepare(ds_run *r, const ds_run_options *o, ds_errors *errs);

/* Every variant on the chosen backend (which may fall back to the CPU under
 * auto: r->backend says so). An interrupt (r->stop) ends it: DS_EFAIL and
 * "interrupted", unless partial, which keeps the completed paths. */
int run_simulate(ds_run *r, const ds_run_options *o, ds_errors *errs);

/* Per variant: the paths kept (ran to the end, valid), quantiles, means,
 * final values, outcome summary and claims. DS_EFAIL when no path is left. */
int run_summarise(ds_run *r, ds_errors *errs);

/* Assemble the results and write the file (an interrupt meanwhile removes the
 * temporary unless partial). DS_OK, or the status with errs. */
int run_write(ds_run *r, const ds_run_options *o, ds_errors *errs);

/* After the last stage a rank took (rc its status): every rank's worst
 * status, rank 0's errs naming the ranks that failed (cluster_agree). Outside
 * MPI, rc. Every rank must call it once, whichever stage it stopped at. */
int run_conclude(ds_run *r, int rc, ds_errors *errs);

/* 1 on the rank that reports (prints the summary and the errors): rank 0. */
int run_reports(const ds_run *r);

void run_free(ds_run *r);

/* After run_summarise: a warning (DS_OK item) for every variant whose every
 * record, outcome and claim verdict equals the first variant's (its
 * overrides changed nothing on these paths: an inert key the rule table of
 * scenario_warn.c does not know, say). Returns how many. */
int run_identical_variants(const ds_run *r, ds_errors *warn);

/* Bytes the host needs to run a scenario with `threads` workers. */
double run_memory_estimate(const ds_scenario *sc, int threads);

#endif
