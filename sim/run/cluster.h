/* cluster.h — a run spread over MPI ranks (DESIGN.md §2: a run is a set of
 * path ranges). Each rank simulates a contiguous share of the paths with its
 * own OpenMP threads; rank 0 holds every path, receives the others' rows
 * (point to point, so rows a checkpoint already gave rank 0 are never
 * overwritten), computes the statistics once and writes the one file. The
 * ranks agree on the status after every stage, so an error on any rank ends
 * every rank with the same exit status and rank 0 reports it with the rank
 * named. Without MPI (not built in, or not started by mpirun/srun) the world
 * is one rank and every call here is trivial. No MPI type leaks out of
 * cluster.c. */
#ifndef DS_CLUSTER_H
#define DS_CLUSTER_H

#include "../../models/params.h"
#include "../error.h"
#include "backend.h"

#define DS_HOST_MAX 256

typedef struct ds_cluster_mpi ds_cluster_mpi; /* cluster.c's MPI state */

typedef struct {
    int rank, size;         /* 0 and 1 outside MPI */
    int node_rank;          /* rank among the ranks on this host (0 outside MPI): its GPU */
    char host[DS_HOST_MAX]; /* this process's host name */
    char *hosts;            /* rank 0, after cluster_init: "a (2 ranks), b (1 rank)"; malloc'd */
    ds_cluster_mpi *m;      /* NULL outside MPI */
} ds_cluster;

/* 1 if this binary was built with MPI. */
int cluster_mpi_built(void);

/* Joins the MPI world when this process was started by an MPI launcher
 * (mpirun, mpiexec, srun --mpi=...), else a world of one. A binary without
 * MPI started as one of several ranks is refused (DS_EINPUT): each would run
 * the whole scenario and race for the same file. DS_OK, or the status with
 * errs; c is usable (a world of one) either way. */
int cluster_init(ds_cluster *c, int *argc, char ***argv, ds_errors *errs);

/* Leaves the MPI world (after every rank has agreed on the status). */
void cluster_finalize(ds_cluster *c);

/* This rank's contiguous share [*a, *b) of paths [first, end): the first
 * (end − first) mod size ranks take one path more. */
void cluster_share(const ds_cluster *c, int rank, int first, int end, int *a, int *b);

/* Every rank: the worst status of all ranks. Where it is a failure, rank 0's
 * errs gains each other failing rank's first error, prefixed with the rank
 * and its host (messages rank 0 already holds are not repeated), and every
 * other rank's errs is emptied (rank 0 reports for all). `quiet` marks a
 * rank whose failure is only the echo of another's (stopped by a peer): it
 * says nothing. */
int cluster_agree(ds_cluster *c, int status, int quiet, ds_errors *errs);

/* Ends every rank at once (MPI_Abort) with status rc: for the one failure
 * the ranks cannot agree on, running out of memory between two collective
 * calls, where the others would wait for ever. Outside MPI, returns rc. */
int cluster_abort(ds_cluster *c, int rc);

/* The least of every rank's *v, into *v on every rank. */
int cluster_all_min(ds_cluster *c, int *v, ds_errors *errs);

/* Rank 0's n ints to every rank. DS_OK or DS_EFAIL with errs. */
int cluster_bcast_ints(ds_cluster *c, int *v, int n, ds_errors *errs);

/* The stop channel: while simulating, a rank that fails tells the others to
 * stop (cluster_stop_send), and each polls for such a word from the progress
 * callback (cluster_stop_poll: 1 once asked, and which rank asked). open
 * before simulating, close after (every rank, collectively: it receives every
 * word that was sent, so nothing is left in flight). */
void cluster_stop_open(ds_cluster *c);
int cluster_stop_poll(ds_cluster *c, int *from);
void cluster_stop_send(ds_cluster *c);
int cluster_stop_close(ds_cluster *c, ds_errors *errs);

/* Rows to rank 0: paths [x, y) of one variant, from rank `from`'s buffers
 * (bufs on that rank) into rank 0's (bufs on rank 0); called by both with the
 * same arguments, in the same order (collectively by the pair). records and
 * n_claims size the rows. DS_OK or DS_EFAIL with errs. */
int cluster_send_rows(ds_cluster *c, int from, int x, int y, int records, int n_claims,
                      const ds_run_buffers *bufs, ds_errors *errs);

#endif
