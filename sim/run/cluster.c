/* cluster.c — the MPI side of a run (cluster.h): joining the world, each
 * rank's share of the paths, agreeing on a status, the stop channel and the
 * rows sent to rank 0. Every MPI call goes through MPC(), which turns a
 * failure into an error value naming the call (the world's error handler is
 * MPI_ERRORS_RETURN). Built without MPI, only the share and the refusal of a
 * multi-rank launch remain. */
#include "cluster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef DS_HAVE_MPI
#include <mpi.h>
#endif

/* The size of the world a launcher says this process belongs to, from its
 * environment (Open MPI's mpirun, Hydra's and Slurm's PMI); 0 when none says. */
static long launcher_size(void)
{
    static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *s = getenv(vars[i]);
        char *end;
        long n = s ? strtol(s, &end, 10) : 0;
        if (s && end != s && *end == 0 && n > 0) return n;
    }
    return 0;
}

void cluster_share(const ds_cluster *c, int rank, int first, int end, int *a, int *b)
{
    long n = end - first, size = c->size > 0 ? c->size : 1, q = n / size, extra = n % size;
    *a = first + (int)(rank * q + (rank < extra ? rank : extra));
    *b = *a + (int)(q + (rank < extra ? 1 : 0));
}

#ifndef DS_HAVE_MPI

int cluster_mpi_built(void)
{
    return 0;
}

int cluster_init(ds_cluster *c, int *argc, char ***argv, ds_errors *errs)
{
    (void)argc;
    (void)argv;
    memset(c, 0, sizeof *c);
    c->size = 1;
    if (gethostname(c->host, sizeof c->host - 1) != 0) snprintf(c->host, sizeof c->host, "?");
    long n = launcher_size();
    if (n > 1) {
        errors_add(errs, DS_EINPUT, NULL, 0, 0, NULL,
                   "started as one of %ld ranks (mpirun, srun), but this depinsim was built "
                   "without MPI: each rank would run the whole scenario",
                   n);
        errors_note(errs, "rebuild with libopenmpi-dev installed (CMake finds it), or split the "
                          "run into shards with --paths-range A:B and depinsim merge");
        return DS_EINPUT;
    }
    return DS_OK;
}

void cluster_finalize(ds_cluster *c)
{
    free(c->hosts);
    c->hosts = NULL;
}

int cluster_agree(ds_cluster *c, int status, int quiet, ds_errors *errs)
{
    (void)c;
    (void)quiet;
    (void)errs;
    return status;
}

int cluster_abort(ds_cluster *c, int rc)
{
    (void)c;
    return rc;
}

int cluster_all_min(ds_cluster *c, int *v, ds_errors *errs)
{
    (void)c, (void)v, (void)errs;
    return DS_OK;
}

int cluster_bcast_ints(ds_cluster *c, int *v, int n, ds_errors *errs)
{
    (void)c, (void)v, (void)n, (void)errs;
    return DS_OK;
}

void cluster_stop_open(ds_cluster *c)
{
    (void)c;
}

int cluster_stop_poll(ds_cluster *c, int *from)
{
    (void)c, (void)from;
    return 0;
}

void cluster_stop_send(ds_cluster *c)
{
    (void)c;
}

int cluster_stop_close(ds_cluster *c, ds_errors *errs)
{
    (void)c, (void)errs;
    return DS_OK;
}

int cluster_send_rows(ds_cluster *c, int from, int x, int y, int records, int n_claims,
                      const ds_run_buffers *bufs, ds_errors *errs)
{
    (void)c, (void)from, (void)x, (void)y, (void)records, (void)n_claims, (void)bufs, (void)errs;
    return DS_OK;
}

#else /* DS_HAVE_MPI */

#define DS_TAG_STOP 101
#define DS_TAG_ROWS 110             /* + which array */
#define DS_MSG_MAX 1400             /* bytes of a rank's first error sent to rank 0 */
#define DS_PIECE_BYTES (256u << 20) /* the most record bytes in one message */

struct ds_cluster_mpi {
    int finalize;  /* MPI_Init was ours: finalise it */
    char *host_of; /* rank 0: [size × DS_HOST_MAX] every rank's host */
    MPI_Request stop_recv;
    int stop_word, stop_posted, stop_got, stop_from;
    int stop_sent, one;
    MPI_Request *stop_sends; /* [size] */
};

int cluster_mpi_built(void)
{
    return 1;
}

/* Started by an MPI launcher: mpirun/mpiexec (Open MPI, Hydra) or srun with a
 * PMI plugin (--mpi=pmix, pmi2). */
static int launched(void)
{
    return launcher_size() > 0 || getenv("PMIX_RANK") || getenv("PMI_RANK");
}

/* One failed MPI call as an error value: the call, the line, MPI's words. */
static int mpi_check(ds_errors *errs, int rc, const char *call, int line)
{
    if (rc == MPI_SUCCESS) return DS_OK;
    char text[MPI_MAX_ERROR_STRING] = "";
    int len = 0;
    MPI_Error_string(rc, text, &len);
    errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "%.100s failed (cluster.c:%d): %.200s", call, line,
               text);
    return DS_EFAIL;
}
#define MPC(errs, call) mpi_check((errs), (call), #call, __LINE__)

/* "a (2 ranks), b (1 rank)" from every rank's host, in the order of first appearance. */
static char *hosts_text(const char *host_of, int size)
{
    size_t cap = (size_t)size * (DS_HOST_MAX + 16) + 1, k = 0;
    char *s = malloc(cap);
    if (!s) return NULL;
    s[0] = 0;
    for (int r = 0; r < size; r++) {
        const char *h = host_of + (size_t)r * DS_HOST_MAX;
        int seen = 0, n = 0;
        for (int q = 0; q < r && !seen; q++) seen = !strcmp(h, host_of + (size_t)q * DS_HOST_MAX);
        if (seen) continue;
        for (int q = r; q < size; q++) n += !strcmp(h, host_of + (size_t)q * DS_HOST_MAX);
        k += (size_t)snprintf(s + k, cap - k, "%s%s (%d rank%s)", k ? ", " : "", h, n,
                              n == 1 ? "" : "s");
    }
    return s;
}

int cluster_init(ds_cluster *c, int *argc, char ***argv, ds_errors *errs)
{
    memset(c, 0, sizeof *c);
    c->size = 1;
    if (gethostname(c->host, sizeof c->host - 1) != 0) snprintf(c->host, sizeof c->host, "?");
    if (!launched()) return DS_OK;
    if (!(c->m = calloc(1, sizeof *c->m))) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
        return DS_EFAIL;
    }
    /* FUNNELED: OpenMP workers never call MPI; the master thread (the one
     * that calls MPI_Init) polls the stop channel from the progress callback */
    int provided = 0;
    if (MPC(errs, MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided))) {
        free(c->m);
        c->m = NULL;
        return DS_EFAIL;
    }
    c->m->finalize = 1;
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    if (MPC(errs, MPI_Comm_rank(MPI_COMM_WORLD, &c->rank)) ||
        MPC(errs, MPI_Comm_size(MPI_COMM_WORLD, &c->size)))
        return DS_EFAIL;
    /* the rank among those sharing this node's memory: which GPU it takes */
    MPI_Comm node;
    if (MPC(errs, MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, c->rank, MPI_INFO_NULL,
                                      &node)))
        return DS_EFAIL;
    int bad = MPC(errs, MPI_Comm_rank(node, &c->node_rank));
    MPI_Comm_free(&node);
    if (bad) return DS_EFAIL;
    if (c->rank == 0 && !(c->m->host_of = calloc((size_t)c->size, DS_HOST_MAX)))
        return cluster_abort(c, DS_EFAIL); /* the others would wait in the gather */
    if (MPC(errs, MPI_Gather(c->host, DS_HOST_MAX, MPI_CHAR, c->m->host_of, DS_HOST_MAX, MPI_CHAR,
                             0, MPI_COMM_WORLD)))
        return DS_EFAIL;
    if (c->rank == 0 && !(c->hosts = hosts_text(c->m->host_of, c->size))) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
        return DS_EFAIL;
    }
    if (provided < MPI_THREAD_FUNNELED) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL,
                   "the MPI library offers thread level %d; depinsim needs MPI_THREAD_FUNNELED "
                   "(OpenMP threads beside MPI)",
                   provided);
        return DS_EFAIL;
    }
    return DS_OK;
}

void cluster_finalize(ds_cluster *c)
{
    if (c->m) {
        if (c->m->finalize) MPI_Finalize();
        free(c->m->host_of);
        free(c->m->stop_sends);
        free(c->m);
    }
    free(c->hosts);
    c->m = NULL;
    c->hosts = NULL;
}

/* The first error of errs (not a note) as one line, unescaped (the printer escapes). */
static void first_error(const ds_errors *errs, char *buf, size_t n)
{
    buf[0] = 0;
    for (int i = 0; i < errs->n; i++) {
        const ds_error *it = &errs->items[i];
        if (it->note) continue;
        size_t k = 0;
        if (it->file[0])
            k += (size_t)snprintf(buf + k, n - k, it->line > 0 ? "%s:%d:%d: " : "%s: ", it->file,
                                  it->line, it->col);
        if (it->key[0] && k < n) k += (size_t)snprintf(buf + k, n - k, "%s: ", it->key);
        if (k < n && snprintf(buf + k, n - k, "%s", it->msg) >= (int)(n - k))
            buf[n - 1] = 0; /* cut: the head of a long message says what it is */
        return;
    }
}

int cluster_agree(ds_cluster *c, int status, int quiet, ds_errors *errs)
{
    if (!c->m) return status;
    int worst = DS_EFAIL;
    if (MPC(errs, MPI_Allreduce(&status, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD)))
        return DS_EFAIL;
    if (worst == DS_OK) return DS_OK;
    char mine[DS_MSG_MAX] = "";
    if (status != DS_OK && !quiet) first_error(errs, mine, sizeof mine);
    char *all = NULL;
    if (c->rank == 0 && !(all = calloc((size_t)c->size, DS_MSG_MAX))) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory gathering the ranks' errors");
        status = DS_EFAIL;
    }
    /* every rank takes part even when rank 0 could not allocate (a NULL
     * receive buffer would be an error): a minimal gather instead */
    int rc =
        all ? MPI_Gather(mine, DS_MSG_MAX, MPI_CHAR, all, DS_MSG_MAX, MPI_CHAR, 0, MPI_COMM_WORLD)
            : MPI_Gather(mine, DS_MSG_MAX, MPI_CHAR, mine, DS_MSG_MAX, MPI_CHAR, 0, MPI_COMM_WORLD);
    if (c->rank != 0) {
        errors_free(errs); /* rank 0 reports for every rank */
        free(all);
        return worst;
    }
    if (mpi_check(errs, rc, "MPI_Gather (errors)", __LINE__) || !all) {
        free(all);
        return worst;
    }
    /* rank 0's own first error: named with its rank when another rank said
     * something else (or nothing), so the message says where it happened */
    int same = 1;
    for (int r = 1; r < c->size; r++)
        if (strcmp(all + (size_t)r * DS_MSG_MAX, mine) != 0) same = 0;
    if (mine[0] && !same) {
        for (int i = 0; i < errs->n; i++) {
            ds_error *it = &errs->items[i];
            if (it->note) continue;
            char msg[sizeof it->msg], head[80];
            snprintf(msg, sizeof msg, "%s", it->msg);
            snprintf(head, sizeof head, "rank 0 (%.60s): ", c->host);
            size_t k = strlen(head);
            memcpy(it->msg, head, k);
            snprintf(it->msg + k, sizeof it->msg - k, "%s", msg); /* cut at the end if long */
            break;
        }
    }
    for (int r = 1; r < c->size; r++) {
        const char *m = all + (size_t)r * DS_MSG_MAX;
        int said = !m[0] || !strcmp(m, mine);
        for (int q = 1; q < r && !said; q++) said = !strcmp(m, all + (size_t)q * DS_MSG_MAX);
        if (said) continue;
        const char *h = c->m->host_of ? c->m->host_of + (size_t)r * DS_HOST_MAX : "?";
        errors_add(errs, worst, NULL, 0, 0, NULL, "rank %d (%.60s): %.900s", r, h, m);
    }
    free(all);
    return worst;
}

int cluster_abort(ds_cluster *c, int rc)
{
    if (c->m && c->size > 1) MPI_Abort(MPI_COMM_WORLD, rc);
    return rc;
}

int cluster_all_min(ds_cluster *c, int *v, ds_errors *errs)
{
    if (!c->m) return DS_OK;
    int mine = *v;
    return MPC(errs, MPI_Allreduce(&mine, v, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD));
}

int cluster_bcast_ints(ds_cluster *c, int *v, int n, ds_errors *errs)
{
    if (!c->m || n <= 0) return DS_OK;
    return MPC(errs, MPI_Bcast(v, n, MPI_INT, 0, MPI_COMM_WORLD));
}

void cluster_stop_open(ds_cluster *c)
{
    if (!c->m || c->size < 2) return;
    ds_cluster_mpi *m = c->m;
    m->stop_got = m->stop_sent = 0;
    m->stop_from = -1;
    m->stop_posted = MPI_Irecv(&m->stop_word, 1, MPI_INT, MPI_ANY_SOURCE, DS_TAG_STOP,
                               MPI_COMM_WORLD, &m->stop_recv) == MPI_SUCCESS;
}

int cluster_stop_poll(ds_cluster *c, int *from)
{
    if (!c->m || !c->m->stop_posted) return 0;
    ds_cluster_mpi *m = c->m;
    if (!m->stop_got) {
        int flag = 0;
        MPI_Status st;
        if (MPI_Test(&m->stop_recv, &flag, &st) == MPI_SUCCESS && flag) {
            m->stop_got = 1;
            m->stop_from = st.MPI_SOURCE;
        }
    }
    if (m->stop_got && from) *from = m->stop_from;
    return m->stop_got;
}

void cluster_stop_send(ds_cluster *c)
{
    if (!c->m || !c->m->stop_posted || c->m->stop_sent) return;
    ds_cluster_mpi *m = c->m;
    if (!m->stop_sends && !(m->stop_sends = malloc((size_t)c->size * sizeof *m->stop_sends)))
        return; /* the others then stop at the agreement after their share */
    m->stop_sent = 1;
    m->one = 1;
    for (int r = 0; r < c->size; r++) {
        m->stop_sends[r] = MPI_REQUEST_NULL;
        if (r != c->rank)
            MPI_Isend(&m->one, 1, MPI_INT, r, DS_TAG_STOP, MPI_COMM_WORLD, &m->stop_sends[r]);
    }
}

int cluster_stop_close(ds_cluster *c, ds_errors *errs)
{
    if (!c->m || !c->m->stop_posted) return DS_OK;
    ds_cluster_mpi *m = c->m;
    int *sent = malloc((size_t)c->size * sizeof *sent);
    if (!sent) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL, "out of memory");
        return DS_EFAIL;
    }
    int rc = MPC(errs, MPI_Allgather(&m->stop_sent, 1, MPI_INT, sent, 1, MPI_INT, MPI_COMM_WORLD));
    /* every word sent to this rank is received, so none is left in flight */
    int expected = 0, received = 0;
    for (int r = 0; r < c->size; r++) expected += r != c->rank && sent[r];
    free(sent);
    if (rc == DS_OK) {
        if (m->stop_got) {
            received = 1;
        } else if (expected > 0) {
            rc = MPC(errs, MPI_Wait(&m->stop_recv, MPI_STATUS_IGNORE));
            received = 1;
        } else {
            MPI_Cancel(&m->stop_recv);
            MPI_Wait(&m->stop_recv, MPI_STATUS_IGNORE);
        }
    }
    for (; rc == DS_OK && received < expected; received++) {
        int word;
        rc = MPC(errs, MPI_Recv(&word, 1, MPI_INT, MPI_ANY_SOURCE, DS_TAG_STOP, MPI_COMM_WORLD,
                                MPI_STATUS_IGNORE));
    }
    if (rc == DS_OK && m->stop_sent)
        rc = MPC(errs, MPI_Waitall(c->size, m->stop_sends, MPI_STATUSES_IGNORE));
    m->stop_posted = 0;
    return rc;
}

/* Send (on rank from) or receive (on rank 0) count items of type at buf. */
static int xfer(ds_cluster *c, int from, void *buf, int count, MPI_Datatype type, int tag,
                ds_errors *errs)
{
    if (c->rank == from) return MPC(errs, MPI_Send(buf, count, type, 0, tag, MPI_COMM_WORLD));
    return MPC(errs, MPI_Recv(buf, count, type, from, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE));
}

/* Rows [p0, p0 + n) of every array: records as M blocks of n rows (a row is
 * `records` doubles) strided by the buffers' own rows, so each side
 * describes its own layout and nothing is copied. */
static int rows_piece(ds_cluster *c, int from, int p0, int n, int records, int n_claims,
                      const ds_run_buffers *b, ds_errors *errs)
{
    size_t k = (size_t)(p0 - b->path_offset), rows = (size_t)b->paths_total;
    MPI_Datatype row = MPI_DATATYPE_NULL, trec = MPI_DATATYPE_NULL, tout = MPI_DATATYPE_NULL,
                 tcl = MPI_DATATYPE_NULL;
    int rc = MPC(errs, MPI_Type_contiguous(records, MPI_DOUBLE, &row));
    if (!rc)
        rc = MPC(errs, MPI_Type_create_hvector(DS_N_METRICS, n,
                                               (MPI_Aint)(rows * (size_t)records * sizeof(double)),
                                               row, &trec));
    if (!rc)
        rc = MPC(errs, MPI_Type_create_hvector(DS_N_OUTCOMES, n, (MPI_Aint)(rows * sizeof(double)),
                                               MPI_DOUBLE, &tout));
    if (!rc && n_claims > 0)
        rc = MPC(errs, MPI_Type_create_hvector(n_claims, n, (MPI_Aint)rows, MPI_UINT8_T, &tcl));
    if (!rc) rc = MPC(errs, MPI_Type_commit(&trec));
    if (!rc) rc = MPC(errs, MPI_Type_commit(&tout));
    if (!rc && n_claims > 0) rc = MPC(errs, MPI_Type_commit(&tcl));
    if (!rc) rc = xfer(c, from, b->rec + k * (size_t)records, 1, trec, DS_TAG_ROWS, errs);
    if (!rc) rc = xfer(c, from, b->outcomes + k, 1, tout, DS_TAG_ROWS + 1, errs);
    if (!rc && n_claims > 0) rc = xfer(c, from, b->claims + k, 1, tcl, DS_TAG_ROWS + 2, errs);
    if (!rc) rc = xfer(c, from, b->done + k, n, MPI_UINT8_T, DS_TAG_ROWS + 3, errs);
    if (!rc) rc = xfer(c, from, b->bad_step + k, n, MPI_INT32_T, DS_TAG_ROWS + 4, errs);
    if (!rc) rc = xfer(c, from, b->bad_variable + k, n, MPI_UINT8_T, DS_TAG_ROWS + 5, errs);
    MPI_Datatype *types[] = {&row, &trec, &tout, &tcl};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (*types[i] != MPI_DATATYPE_NULL) MPI_Type_free(types[i]);
    return rc;
}

int cluster_send_rows(ds_cluster *c, int from, int x, int y, int records, int n_claims,
                      const ds_run_buffers *bufs, ds_errors *errs)
{
    if (!c->m || from == 0 || x >= y || (c->rank != 0 && c->rank != from)) return DS_OK;
    if (!bufs->rec || !bufs->outcomes || !bufs->done || !bufs->bad_step || !bufs->bad_variable ||
        (n_claims > 0 && !bufs->claims) || x < bufs->path_offset ||
        (long)y > (long)bufs->path_offset + bufs->paths_total) {
        errors_add(errs, DS_EFAIL, NULL, 0, 0, NULL,
                   "internal: rows [%d, %d) are not all in rank %d's buffers", x, y, c->rank);
        return DS_EFAIL;
    }
    /* pieces of at most DS_PIECE_BYTES of records, the same on both sides */
    size_t path_bytes = (size_t)DS_N_METRICS * (size_t)records * sizeof(double);
    size_t piece = path_bytes ? DS_PIECE_BYTES / path_bytes : 1;
    if (piece < 1) piece = 1;
    for (long p0 = x; p0 < y; p0 += (long)piece) {
        int n = (int)((long)y - p0 < (long)piece ? (long)y - p0 : (long)piece);
        int rc = rows_piece(c, from, (int)p0, n, records, n_claims, bufs, errs);
        if (rc) return rc;
    }
    return DS_OK;
}

#endif /* DS_HAVE_MPI */
