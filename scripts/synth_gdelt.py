"""A GDELT 2.0 events file of ROWS rows for benches and checks: our fixture rows
(crates/forewarn-events/tests/fixtures/events.tsv) drawn at random, each with its own event id,
a day in the first half of 2022 and actor countries from a short list.

    python3 scripts/synth_gdelt.py ROWS OUT [SEED] [FIRST_ID]
"""
import random
import sys

rows, out = int(sys.argv[1]), sys.argv[2]
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 42
first_id = int(sys.argv[4]) if len(sys.argv) > 4 else 1_100_000_000
fixture = [l.rstrip("\n").split("\t") for l in open("crates/forewarn-events/tests/fixtures/events.tsv")]
countries = ["RUS", "UKR", "BLR", "USA", "POL", "CHN", "DEU", "FRA", "GBR", "TUR", "", ""]
rnd = random.Random(seed)
with open(out, "w") as f:
    for i in range(rows):
        r = list(rnd.choice(fixture))
        r[0] = str(first_id + i)
        r[1] = str(20220101 + rnd.randrange(0, 28) + 100 * rnd.randrange(0, 6))
        r[7] = rnd.choice(countries)
        r[17] = rnd.choice(countries)
        f.write("\t".join(r) + "\n")
