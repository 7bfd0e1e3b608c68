#!/usr/bin/python3
"""M/M/c in SimPy 3 (process style: one generator per customer), the
baseline that perfcast's event-heap engine is measured against.

Usage: mmc.py CUSTOMERS [SEED]   (M/M/10, lambda=8, mu=1)

Prints one line: customers, wall seconds, CPU seconds, customers per wall
second, customers per CPU second, and the mean response time."""

import random
import sys
import time

import simpy

C, LAM, MU = 10, 8.0, 1.0


def main():
    n = int(sys.argv[1])
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    rng = random.Random(seed)
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=C)
    stats = {"done": 0, "sum": 0.0}

    def customer():
        arrive = env.now
        with servers.request() as req:
            yield req
            yield env.timeout(rng.expovariate(MU))
        stats["done"] += 1
        stats["sum"] += env.now - arrive

    def source():
        for _ in range(n):
            yield env.timeout(rng.expovariate(LAM))
            env.process(customer())

    env.process(source())
    w0, c0 = time.perf_counter(), time.process_time()
    env.run()
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    done = stats["done"]
    print("simpy %s customers=%d wall_s=%.3f cpu_s=%.3f customers_per_s=%.0f customers_per_cpu_s=%.0f mean_response=%.5f"
          % (simpy.__version__, done, wall, cpu, done / wall, done / cpu, stats["sum"] / done))


if __name__ == "__main__":
    main()
