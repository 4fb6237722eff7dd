"""The peer's fit: lifetimes' BetaGeoFitter or ParetoNBDFitter, defaults as users call them, on a summary CSV with
columns frequency, recency, T (one row per customer). Only .fit(...) is timed (reading the CSV is not).

    python3 bench/peer/fit.py SUMMARY.csv bgnbd|paretonbd [--runs N] [--warmup W]

Prints {"task": "fit bgnbd", "ms", "peakRssMb", "check": {"params": {...}, "logLikelihood"}, ...}. The
log-likelihood is the peer's own function at its estimate on the unscaled data, summed over customers (lifetimes
fits on times scaled to a maximum of 10 and divides its objective by the number of customers).
"""

import numpy as np
import pandas as pd
from lifetimes import BetaGeoFitter, ParetoNBDFitter

from timing import median_ms, parser, report

args = parser(__doc__)
args.add_argument("summary", help="CSV with columns frequency, recency, T")
args.add_argument("model", choices=["bgnbd", "paretonbd"])
a = args.parse_args()

data = pd.read_csv(a.summary)
frequency = data["frequency"].to_numpy()
recency = data["recency"].to_numpy(dtype=float)
T = data["T"].to_numpy(dtype=float)
Fitter, names = (
    (BetaGeoFitter, ["r", "alpha", "a", "b"])
    if a.model == "bgnbd"
    else (ParetoNBDFitter, ["r", "alpha", "s", "beta"])
)

ms, times, fitter = median_ms(lambda: Fitter().fit(frequency, recency, T), a.runs, a.warmup)
params = [float(fitter.params_[name]) for name in names]
if a.model == "bgnbd":
    weights = np.ones(len(frequency))
    log_likelihood = -float(
        BetaGeoFitter._negative_log_likelihood(np.log(np.array(params)), frequency, recency, T, weights, 0.0)
    ) * len(frequency)
else:
    log_likelihood = float(np.sum(ParetoNBDFitter._conditional_log_likelihood(params, frequency, recency, T)))
report(
    f"fit {a.model}",
    ms,
    times,
    {"params": dict(zip(names, params)), "logLikelihood": log_likelihood},
    customers=int(len(frequency)),
)
