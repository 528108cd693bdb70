/* claims.h — the claims of a run judged over its paths, on the host: each
 * claim's readable text, its count, probability and Wilson interval from the
 * per-path verdicts the model wrote (combinations included), a conditional
 * claim (given) over the paths where its condition holds; and which claims
 * are decided by construction — the same verdict on every path whatever the
 * random futures — found from the model's own rules of which metrics no
 * random number touches, and judged on one simulated path. Prints nothing. */
#ifndef DS_CLAIMS_H
#define DS_CLAIMS_H

#include <stddef.h>
#include <stdint.h>

#include "../../models/params.h"
#include "../error.h"
#include "../io/results.h"

#define CLAIMS_TEXT_MAX 240

/* Claim c of P as text: "price_ratio <= 0.6 at the end", "fees / emission_value
 * >= 1 at every step", "active_providers / initial >= 0.8 at the end",
 * "all of (a, b)", "... given crash". */
void claims_text(const ds_params *P, int c, char *buf, size_t n);

/* Judge every claim of P over paths paths: verdicts [n_claims × paths] (1
 * where claim c holds on the path, as the backend wrote them). out[c] and
 * text[c] are filled; out[c].per_path points into verdicts. A conditional
 * claim counts the paths where its condition holds (paths) and where both
 * hold (holds); paths_total is every path judged. */
void claims_judge(const ds_params *P, const uint8_t *verdicts, int paths, ds_claim_result *out,
                  char (*text)[CLAIMS_TEXT_MAX]);

/* Which claims of P are decided by construction: decided[c] = 1 (holds on
 * every path), −1 (fails on every path) or 0 (depends on the path), and
 * why[c] the reason ("" when there is none to give). A comparison is decided
 * when the values it reads are the same on every path — cloud prices, a
 * posted price on a fixed cloud reference, price_ratio under cloud_discount —
 * and is then judged on one simulated path; a combination when its parts
 * decide it; a window_mean with no step in its window fails everywhere. Also
 * says (decided 0, why set) when a threshold sits on a value that only
 * rounding moves (price_ratio = cloud_fraction). DS_OK, or DS_EFAIL out of
 * memory (decided then all 0). */
int claims_construction(const ds_params *P, int *decided, char (*why)[CLAIMS_TEXT_MAX],
                        ds_errors *errs);

#endif
