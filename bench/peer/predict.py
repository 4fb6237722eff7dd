"""The peer's predictions: lifetimes' BetaGeoFitter with given parameters, P(alive) and the conditional expected
purchases in the next 52 time units for every customer of a summary CSV (columns frequency, recency, T), as numpy
arrays. Each is timed on its own (median of --runs after --warmup); "ms" is their sum.

    python3 bench/peer/predict.py SUMMARY.csv r alpha a b [--t 52] [--runs 9] [--warmup 2]

Prints {"task": "predict", "ms", "aliveMs", "expectedMs", "peakRssMb", "check": {"aliveSum", "expectedSum"},
"times" (P(alive)'s runs), "expectedTimes", ...}.
"""

import numpy as np
import pandas as pd
from lifetimes import BetaGeoFitter

from timing import median_ms, parser, report

args = parser(__doc__, runs=9, warmup=2)
args.add_argument("summary", help="CSV with columns frequency, recency, T")
for name in ["r", "alpha", "a", "b"]:
    args.add_argument(name, type=float)
args.add_argument("--t", type=float, default=52.0, help="horizon of the expected purchases (default 52)")
a = args.parse_args()

data = pd.read_csv(a.summary)
frequency = data["frequency"].to_numpy()
recency = data["recency"].to_numpy(dtype=float)
T = data["T"].to_numpy(dtype=float)
model = BetaGeoFitter()
model.params_ = pd.Series([a.r, a.alpha, a.a, a.b], index=["r", "alpha", "a", "b"])

alive_ms, alive_times, alive = median_ms(
    lambda: model.conditional_probability_alive(frequency, recency, T), a.runs, a.warmup
)
expected_ms, expected_times, expected = median_ms(
    lambda: model.conditional_expected_number_of_purchases_up_to_time(a.t, frequency, recency, T),
    a.runs,
    a.warmup,
)
report(
    "predict",
    alive_ms + expected_ms,
    alive_times,
    {"aliveSum": float(np.sum(alive)), "expectedSum": float(np.sum(expected))},
    aliveMs=alive_ms,
    expectedMs=expected_ms,
    expectedTimes=expected_times,
)
