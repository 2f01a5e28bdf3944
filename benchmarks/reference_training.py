"""Reference implementations of repgeom's shallow-network training step, for `repgeom bench compare`.

The workload (data, initial weights, per-epoch batch orders) is written by repgeom into a folder
(see Sources/RepGeom/Benchmarks/CompareBenchmark.swift), so both sides train the *same* networks:
same shapes (N_in 100, N_h 128, k outputs), same initialisation, same batches (64, the last
batch of an epoch smaller: 5000 samples = 78 x 64 + 8, 79 steps), BCE with logits (summed over
outputs, mean over the batch), plain SGD (lr 0.1) on W and b1 with the readout J, b2 frozen.

    python reference_training.py WORKLOAD_DIR --framework jax|numpy --networks N

trains networks [first, first + N) of the workload. JAX compiles the whole run (all epochs,
all steps) into one XLA computation (`lax.fori_loop` over epochs and steps) and `vmap`s over
the N networks; numpy runs its natural loop per network. The process prints one JSON line
when ready (after the JAX compilation and a warm-up run), then for every line "run" on stdin
trains all its networks from their initial weights and prints
{"seconds": wall time of the training only, "cpu_seconds": CPU time of the whole process (all its
threads) over the same interval, "steps": total steps, "loss": [final mean BCE per net]}.
"quit" (or end of input) exits.
"""
import argparse
import json
import os
import resource
import sys
import time

import numpy as np


def load(folder, first, count):
    with open(os.path.join(folder, "workload.json")) as f:
        w = json.load(f)
    n, nin, nh, k, epochs = w["samples"], w["inputs"], w["hidden"], w["outputs"], w["epochs"]

    def raw(name, shape, dtype=np.float32):
        return np.fromfile(os.path.join(folder, name), dtype=dtype).reshape(shape)

    data = dict(x=raw("x.f32", (n, nin)), y=raw("y.f32", (n, k)))
    nets = []
    for i in range(first, first + count):
        nets.append(dict(w=raw(f"net{i}_w.f32", (nh, nin)), b1=raw(f"net{i}_b1.f32", (nh,)),
                         j=raw(f"net{i}_j.f32", (k, nh)), b2=raw(f"net{i}_b2.f32", (k,)),
                         order=raw(f"net{i}_order.i32", (epochs, n), np.int32)))
    return w, data, nets


def mean_bce(logits, y):
    return float(np.mean(np.sum(np.logaddexp(0, logits) - y * logits, axis=1)))


# ----------------------------------------------------------------------------------------- numpy

def numpy_runner(w, data, nets):
    act = w["activation"]
    lr, batch = np.float32(w["lr"]), w["batch"]
    x, y = data["x"], data["y"]
    n = x.shape[0]

    def train(net):
        W, b1 = net["w"].copy(), net["b1"].copy()
        J, b2 = net["j"], net["b2"]
        for order in net["order"]:
            for start in range(0, n, batch):
                idx = order[start:start + batch]
                xb, yb = x[idx], y[idx]
                u = xb @ W.T + b1
                if act == "tanh":
                    z = np.tanh(u)
                else:
                    z = np.maximum(u, 0)
                logits = z @ J.T + b2
                g = (0.5 * (1 + np.tanh(0.5 * logits)) - yb) / np.float32(len(idx))  # sigma(logits) - y
                dz = g @ J
                if act == "tanh":
                    du = dz * (1 - z * z)
                else:
                    du = dz * (u > 0)
                W -= lr * (du.T @ xb)
                b1 -= lr * du.sum(axis=0)
        return W, b1

    def final_losses(trained):
        losses = []
        for (W, b1), net in zip(trained, nets):
            u = x @ W.T + b1
            z = np.tanh(u) if act == "tanh" else np.maximum(u, 0)
            losses.append(mean_bce(z @ net["j"].T + net["b2"], y))
        return losses

    return (lambda: [train(net) for net in nets]), final_losses


# ------------------------------------------------------------------------------------------- jax

def jax_runner(w, data, nets):
    import jax
    import jax.numpy as jnp
    from jax import lax

    act = jnp.tanh if w["activation"] == "tanh" else jax.nn.relu
    lr, batch, epochs = w["lr"], w["batch"], w["epochs"]
    x, y = jnp.asarray(data["x"]), jnp.asarray(data["y"])
    n = x.shape[0]
    full, tail = n // batch, n % batch

    def loss(params, frozen, xb, yb):
        W, b1 = params
        J, b2 = frozen
        logits = act(xb @ W.T + b1) @ J.T + b2
        return jnp.sum(jnp.logaddexp(0.0, logits) - yb * logits) / xb.shape[0]

    grad = jax.grad(loss)

    def sgd(params, frozen, idx):
        g = grad(params, frozen, x[idx], y[idx])
        return jax.tree_util.tree_map(lambda p, d: p - lr * d, params, g)

    def train_one(params, frozen, orders):
        def epoch(e, params):
            order = orders[e]

            def step(s, params):
                return sgd(params, frozen, lax.dynamic_slice(order, (s * batch,), (batch,)))

            params = lax.fori_loop(0, full, step, params)
            if tail:
                params = sgd(params, frozen, order[full * batch:])
            return params

        return lax.fori_loop(0, epochs, epoch, params)

    train = jax.jit(jax.vmap(train_one, in_axes=(0, 0, 0)))
    params = (jnp.stack([net["w"] for net in nets]), jnp.stack([net["b1"] for net in nets]))
    frozen = (jnp.stack([net["j"] for net in nets]), jnp.stack([net["b2"] for net in nets]))
    orders = jnp.stack([jnp.asarray(net["order"]) for net in nets])
    compiled = train.lower(params, frozen, orders).compile()

    def run():
        out = compiled(params, frozen, orders)
        jax.block_until_ready(out)
        return out

    def final_losses(out):
        W, b1 = (np.asarray(a) for a in out)
        losses = []
        for i, net in enumerate(nets):
            z = np.asarray(act(jnp.asarray(data["x"] @ W[i].T + b1[i])))
            losses.append(mean_bce(z @ net["j"].T + net["b2"], data["y"]))
        return losses

    return run, final_losses


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("workload")
    p.add_argument("--framework", choices=["jax", "numpy"], required=True)
    p.add_argument("--first", type=int, default=0, help="index of the first network of the workload")
    p.add_argument("--networks", type=int, default=1)
    a = p.parse_args()
    w, data, nets = load(a.workload, a.first, a.networks)
    steps = a.networks * w["epochs"] * -(-w["samples"] // w["batch"])
    if a.framework == "jax":
        import jax
        run, final = jax_runner(w, data, nets)
        final(run())  # warm-up (compiled already)
        info = dict(framework="jax", version=jax.__version__, numpy=np.__version__)
    else:
        run, final = numpy_runner(w, data, nets)
        info = dict(framework="numpy", version=np.__version__)
    print(json.dumps(dict(ready=True, **info)), flush=True)
    for line in sys.stdin:
        command = line.strip()
        if command == "quit":
            break
        if command != "run":
            print(json.dumps(dict(error=f"unknown command {command!r}")), flush=True)
            continue
        r0 = resource.getrusage(resource.RUSAGE_SELF)
        start = time.perf_counter()
        out = run()
        seconds = time.perf_counter() - start
        r1 = resource.getrusage(resource.RUSAGE_SELF)
        cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
        losses = final(out)
        print(json.dumps(dict(seconds=seconds, cpu_seconds=cpu, steps=steps, loss=losses)), flush=True)


if __name__ == "__main__":
    main()
