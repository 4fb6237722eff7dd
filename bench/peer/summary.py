"""The peer's summary: pandas read_csv of an order log, then lifetimes' summary_data_from_transaction_data
(frequency, recency, T and monetary value per customer, purchases counted once per day: freq='D'), timed together.

    python3 bench/peer/summary.py ORDERS.csv [--customer-col customer_id] [--date-col date] [--amount-col amount]

Prints {"task": "summary", "ms", "peakRssMb", "check": {"customers", "frequencySum"}, ...}.
"""

import pandas as pd
from lifetimes.utils import summary_data_from_transaction_data

from timing import median_ms, parser, report

args = parser(__doc__)
args.add_argument("orders", help="CSV of orders with a header")
args.add_argument("--customer-col", default="customer_id")
args.add_argument("--date-col", default="date", help="e.g. ordered_at for the ISO-timestamp logs")
args.add_argument("--amount-col", default="amount")
a = args.parse_args()


def work():
    orders = pd.read_csv(a.orders)
    return summary_data_from_transaction_data(
        orders, a.customer_col, a.date_col, monetary_value_col=a.amount_col, freq="D"
    )


ms, times, summary = median_ms(work, a.runs, a.warmup)
report(
    "summary",
    ms,
    times,
    {"customers": int(len(summary)), "frequencySum": int(summary["frequency"].sum())},
)
