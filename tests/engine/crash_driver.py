"""Runs a plan of actions, announcing each one, until it is killed (see test_crash_safety).

Usage: python tests/engine/crash_driver.py DATABASE_URL PLAN_FILE FIRST_INDEX
Prints "ready" once the database is open, then "begin N" and "end N" around action N.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[2]))

from engine.actions.runner import execute
from engine.store.database import open_database


def main() -> None:
    url, plan_file, first = sys.argv[1], sys.argv[2], int(sys.argv[3])
    plan = json.loads(Path(plan_file).read_text())
    database = open_database(url)
    print("ready", flush=True)
    for index in range(first, len(plan)):
        step = plan[index]
        print(f"begin {index}", flush=True)
        execute(database, step["action"], step["params"], admin=step["admin"],
                idempotency_key=f"crash-{index}")
        print(f"end {index}", flush=True)


if __name__ == "__main__":
    main()
