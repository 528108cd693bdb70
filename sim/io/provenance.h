/* provenance.h — the identity two runs must share for their paths to be put
 * together (merge of shards, resume from a checkpoint), filled from this
 * binary (build_info.h, and the SHA-256 of the executable itself) and
 * compared field by field with a located message for the first that differs. */
#ifndef DS_PROVENANCE_H
#define DS_PROVENANCE_H

#include "../error.h"
#include "results.h"

/* This binary's fields of id (version, commit, dirty, compiler, flags, its
 * SHA-256); the scenario's are left as they are. */
void provenance_binary(ds_identity *id);

/* The SHA-256 of /proc/self/exe, computed once; "" where it cannot be read. */
const char *provenance_binary_sha256(void);

/* got (read from `file`) against want (this run, or the first shard, named by
 * want_what in messages). DS_OK, or DS_EINPUT with "file: key: <what differs>"
 * for the first field that differs, and a note saying what to do. */
int identity_check(const ds_identity *want, const ds_identity *got, const char *file,
                   const char *want_what, ds_errors *errs);

#endif
