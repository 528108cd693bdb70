/* outcomes.h — per-path outcomes tracked at every step (not only at records):
 * maximum drawdown of the token price, the fewest active providers, the
 * sustainability day (from which fees cover the USD value of emissions to the
 * end of the run) and the death-spiral flag; as an X-macro list (id, HDF5
 * name, unit) like the metrics. */
#ifndef DS_OUTCOMES_H
#define DS_OUTCOMES_H

#define DS_OUTCOMES(X)                                                                             \
    X(MAX_DRAWDOWN, "max_drawdown", "fraction of the running peak token price")                    \
    X(MIN_ACTIVE_PROVIDERS, "min_active_providers", "providers")                                   \
    X(SUSTAINABILITY_DAY, "sustainability_day", "day (NaN: never sustainable)")                    \
    X(DEATH_SPIRAL, "death_spiral", "1 if the path spiralled, else 0")                             \
    X(PROSPECTS_EXHAUSTED, "prospects_exhausted",                                                  \
      "1 if the prospect pool (providers.prospects) ran out, else 0")                              \
    X(SLOTS_SHORT, "slots_short",                                                                  \
      "1 if providers.count slots were too few to stand for the prospect pool, else 0")

#define DS_OUTCOME_ENUM(id, name, unit) DS_O_##id,
enum { DS_OUTCOMES(DS_OUTCOME_ENUM) DS_N_OUTCOMES };
#undef DS_OUTCOME_ENUM

#endif
