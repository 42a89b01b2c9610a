#!/usr/bin/python3
"""The workloads of bench-meta in PyTorch on CPU, and a side-by-side table.

Each workload runs in its own Python process (so its peak RSS, ru_maxrss, is its own;
it includes the PyTorch import), with torch.set_num_threads(N).  The networks, shapes,
meta-batches and inner steps are those of tests/bench/bench-meta.c:

  sinusoid-maml   MAML 2nd order, MLP 1-40-40-1 (ReLU), K=10 support + 10 query points,
                  meta-batch 25, 1 inner step, alpha 0.001
  maml-5w1s       MAML 2nd order, Conv4-64, 5-way 1-shot, 15 queries/class,
                  meta-batch 32, 1 step, alpha 0.4
  fomaml-5w1s     the same, first order
  reptile-5w1s    Reptile, Conv4-64, 5-way, 10 shots/class (50 images), 5 inner Adam
                  steps (beta1 = 0) on minibatches of 10, meta-batch 5
  protonet-5w1s   ProtoNets, Conv4-64 embedding, 5-way 1-shot, 15 queries/class
  protonet-60w5s  ProtoNets, 60-way 5-shot, 5 queries/class
  maml-20w1s      MAML 2nd order, Conv4-64, 20-way 1-shot, 15 queries/class,
                  meta-batch 16, 5 steps, alpha 0.1
  planar-maml     MAML 2nd order, MLP 2-40-40-2 (ReLU), planar moons, 2-way 5-shot,
                  15 queries/class, meta-batch 16, 1 step, alpha 0.1
  planar-reptile  Reptile, MLP 2-40-40-2, planar moons, 2-way 5-shot (10 points),
                  10 inner Adam steps (beta1 = 0, lr 0.01) on minibatches of 10,
                  meta-batch 5
  planar-logistic MAML 2nd order, logistic regression 2 -> 2 (softmax), planar lines,
                  2-way 5-shot, 15 queries/class, meta-batch 16, 1 step, alpha 2

  maml-mini-5w1s  MAML 2nd order, Conv4-32, 84x84x3 (mini-ImageNet), 5-way 1-shot,
                  15 queries/class, meta-batch 4, 5 steps, alpha 0.01
  protonet-mini-20w5s  ProtoNets, Conv4-64, 84x84x3, 20-way 5-shot, 15 queries/class

  sinusoid-np     Neural Process (Garnelo et al. 2018), the core's sinusoid preset:
                  K=10 context points and 10 more targets (the targets are all 20),
                  16 tasks a batch, Adam 1e-4; deterministic encoder [x,y]-128-128-128
                  averaged into r, latent encoder [x,y]-128-128, averaged, then
                  128 -> (mu, sigma_z = 0.1 + 0.9 sigmoid) with 128 latents, decoder
                  [x,r,z]-128-128-128 -> (mu, sigma = 0.1 + 0.9 softplus); loss = mean
                  Gaussian NLL of the targets + KL(q(z|C u T) || q(z|C)) / targets,
                  one reparameterised z per task; the mean over the tasks
  sinusoid-cnp    the same without the latent path (Gaussian NLL only)

Each worker runs with OPENBLAS_NUM_THREADS=N as well: the products of Debian's PyTorch
go through OpenBLAS, whose threads torch.set_num_threads does not limit.

Conv4: 4 x [3x3 conv (padding 1), batch norm with batch statistics, ReLU, 2x2 max-pool],
64 filters, 28x28x1 random inputs (uniform [0, 1), fresh each task), linear head; the
mini-ImageNet workloads take GEOMETRY's side, channels and filters instead.
Planar tasks are drawn as the core's generator draws them (the cost matters, not the
values): lines, a normal within +-30 degrees of +x and an offset in [-1, 1], points
uniform in [-2, 2]^2 kept on their class's side; moons, two noisy half circles turned
by a random angle.  MAML is functional: the inner step is torch.autograd.grad(create_graph=True) (second
order) or without it (first order); each task's query loss / meta-batch is
back-propagated as soon as it is computed (its graph is freed), then one Adam step.
The Neural Processes run the 16 tasks as one batch of tensors ([tasks, points, width],
as the authors' code does; --np-tasks loop runs them one after the other as the MAML
workloads do), with the decoder's first layer split as the core computes it:
x Wx + b + r Wr (+ z Wz), r and z multiplied once per task, not once per point.

Usage:
  /usr/bin/python3 tests/bench/pytorch_bench.py [--threads N] [--seconds S]
      [--min-iters N] [--only NAME[,NAME...]] [--json OUT] [--compare bench-meta.json]
      [--np-tasks batched|loop]
"""

import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import time

WORKLOADS = {
    # name: (kind, input, ways, shots, queries, meta_batch, inner_steps, inner_batch, lr)
    # input: "sinusoid" (MLP 1-40-40-1), "images" (Conv4), "moons" (MLP 2-40-40-2) or
    # "lines" (logistic regression 2 -> 2)
    "sinusoid-maml": ("maml", "sinusoid", 1, 10, 10, 25, 1, 0, 0.001),
    "maml-5w1s": ("maml", "images", 5, 1, 15, 32, 1, 0, 0.4),
    "fomaml-5w1s": ("fomaml", "images", 5, 1, 15, 32, 1, 0, 0.4),
    "reptile-5w1s": ("reptile", "images", 5, 10, 1, 5, 5, 10, 1e-3),
    "protonet-5w1s": ("protonet", "images", 5, 1, 15, 1, 0, 0, 0.0),
    "protonet-60w5s": ("protonet", "images", 60, 5, 5, 1, 0, 0, 0.0),
    "maml-20w1s": ("maml", "images", 20, 1, 15, 16, 5, 0, 0.1),
    "planar-maml": ("maml", "moons", 2, 5, 15, 16, 1, 0, 0.1),
    "planar-reptile": ("reptile", "moons", 2, 5, 15, 5, 10, 10, 0.01),
    "planar-logistic": ("maml", "lines", 2, 5, 15, 16, 1, 0, 2.0),
    # Neural Processes: lr is Adam's (the sinusoid preset's 1e-4)
    "sinusoid-np": ("np", "sinusoid", 1, 10, 10, 16, 0, 0, 1e-4),
    "sinusoid-cnp": ("cnp", "sinusoid", 1, 10, 10, 16, 0, 0, 1e-4),
}
NP_WIDTH = 128
NP_LATENTS = 128
PLANAR_RANGE = 2.0
# The point models' layer widths.
MLP_WIDTHS = {"sinusoid": (1, 40, 40, 1), "moons": (2, 40, 40, 2), "lines": (2, 2)}
FILTERS = 64
# name: (side, channels, filters) where not 28, 1, FILTERS
GEOMETRY = {
    "maml-mini-5w1s": (84, 3, 32),
    "protonet-mini-20w5s": (84, 3, 64),
}
WORKLOADS["maml-mini-5w1s"] = ("maml", "images", 5, 1, 15, 4, 5, 0, 0.01)
WORKLOADS["protonet-mini-20w5s"] = ("protonet", "images", 20, 5, 15, 1, 0, 0, 0.0)


def geometry(name):
    return GEOMETRY.get(name, (28, 1, FILTERS))


def flop_per_iteration(name):
    """The analytic count of bench-meta.c (matrix products only; backward = 2x forward;
    second-order MAML adds 6x the inner forward per step)."""
    kind, source, ways, shots, queries, mb, steps, ib, _ = WORKLOADS[name]
    if kind in ("np", "cnp"):
        return 3 * np_forward_flop(kind, shots, shots + queries) * mb
    side, channels, filters = geometry(name)
    dim = filters * (side // 16) ** 2
    if source in MLP_WIDTHS:
        widths = MLP_WIDTHS[source]
        feat = 2.0 * sum(a * b for a, b in zip(widths, widths[1:]))
        head = 0.0
        s, q = (shots, queries) if source == "sinusoid" else (ways * shots, ways * queries)
    else:
        feat = sum(2.0 * (side >> l) ** 2 * 9 * (channels if l == 0 else filters) * filters
                   for l in range(4))
        head = 2.0 * dim * ways
        s, q = ways * shots, ways * queries

    def fwd(n, with_head=True):
        return n * (feat + (head if with_head else 0.0))

    if kind == "maml":
        task = steps * 9 * fwd(s) + 3 * fwd(q)
    elif kind == "fomaml":
        task = steps * 3 * fwd(s) + 3 * fwd(q)
    elif kind == "reptile":
        task = steps * 3 * fwd(min(ib, s))
    else:
        task = 3 * (fwd(s + q, False) + 2.0 * q * ways * dim)
    return task * mb


def np_forward_flop(kind, c, t):
    """One task's matrix products in the Neural Processes (bench-meta.c's
    np_forward_flop): c context points, t targets."""
    n, l = NP_WIDTH, NP_LATENTS
    f = c * 2.0 * (2 * n + 2 * n * n) + t * 2.0 * (n + 2 * n * n + 2 * n) + 2.0 * n * n
    if kind == "np":
        f += (c + t) * 2.0 * (2 * n + n * n) + 2 * 2.0 * (n * n + 2 * n * l) + 2.0 * l * n
    return f


def np_step_fn(kind, shots, queries, meta_batch, lr, tasks_mode):
    """The Neural Process training step (see the module's description)."""
    import torch
    import torch.nn.functional as F

    n, l = NP_WIDTH, NP_LATENTS
    latent = kind == "np"
    params = []

    def weight(rows, cols, fan_in):
        # Glorot-uniform over the whole layer, as the core initialises it.
        bound = math.sqrt(6.0 / (fan_in + cols))
        t = torch.empty(rows, cols).uniform_(-bound, bound).requires_grad_()
        params.append(t)
        return t

    def bias(size):
        t = torch.zeros(size).requires_grad_()
        params.append(t)
        return t

    dec_in = 1 + n + (l if latent else 0)
    enc = [weight(1, n, 2), weight(1, n, 2), bias(n), weight(n, n, n), bias(n),
           weight(n, n, n), bias(n)]
    dec = [weight(1, n, dec_in), weight(n, n, dec_in), bias(n), weight(n, n, n), bias(n),
           weight(n, n, n), bias(n), weight(n, 1, n), bias(1), weight(n, 1, n), bias(1)]
    if latent:
        dec_wz = weight(l, n, dec_in)
        lat = [weight(1, n, 2), weight(1, n, 2), bias(n), weight(n, n, n), bias(n),
               weight(n, n, n), bias(n), weight(n, l, n), bias(l), weight(n, l, n), bias(l)]

    def represent(x, y):
        wx, wy, b1, w2, b2, w3, b3 = enc
        h = F.relu(x @ wx + b1 + y @ wy)
        h = F.relu(h @ w2 + b2)
        return (h @ w3 + b3).mean(1, keepdim=True)

    def q_z(x, y):
        wx, wy, b1, w2, b2, w3, b3, wmu, bmu, wsig, bsig = lat
        h = F.relu(x @ wx + b1 + y @ wy)
        h = h @ w2 + b2
        s = F.relu(h.mean(1, keepdim=True) @ w3 + b3)
        return s @ wmu + bmu, 0.1 + 0.9 * torch.sigmoid(s @ wsig + bsig)

    def decode(r, z, x):
        wx, wr, b1, w2, b2, w3, b3, wmu, bmu, wsig, bsig = dec
        h = x @ wx + b1 + r @ wr
        if z is not None:
            h = h + z @ dec_wz
        h = F.relu(h)
        h = F.relu(h @ w2 + b2)
        h = F.relu(h @ w3 + b3)
        return h @ wmu + bmu, 0.1 + 0.9 * F.softplus(h @ wsig + bsig)

    half_log_2pi = 0.5 * math.log(2 * math.pi)

    def loss_fn(cx, cy, tx, ty):
        """Per task: the mean NLL of the targets (+ the KL over the targets' count)."""
        r = represent(cx, cy)
        z = kl = None
        if latent:
            prior_mu, prior_sigma = q_z(cx, cy)
            post_mu, post_sigma = q_z(tx, ty)
            z = post_mu + post_sigma * torch.randn_like(post_mu)
            kl = (torch.log(prior_sigma) - torch.log(post_sigma)
                  + (post_sigma ** 2 + (post_mu - prior_mu) ** 2) / (2 * prior_sigma ** 2)
                  - 0.5).sum((1, 2))
        mu, sigma = decode(r, z, tx)
        nll = (torch.log(sigma) + 0.5 * ((ty - mu) / sigma) ** 2 + half_log_2pi).mean((1, 2))
        return nll if kl is None else nll + kl / tx.shape[1]

    def sample_tasks(b):
        amp = torch.empty(b, 1, 1).uniform_(0.1, 5.0)
        phase = torch.empty(b, 1, 1).uniform_(0.0, math.pi)
        cx = torch.empty(b, shots, 1).uniform_(-5.0, 5.0)
        qx = torch.empty(b, queries, 1).uniform_(-5.0, 5.0)
        tx = torch.cat([cx, qx], 1)
        ty = amp * torch.sin(tx - phase)
        return cx, ty[:, :shots], tx, ty

    adam = torch.optim.Adam(params, lr=lr)

    def step():
        adam.zero_grad()
        if tasks_mode == "batched":
            loss_fn(*sample_tasks(meta_batch)).mean().backward()
        else:
            for _ in range(meta_batch):
                (loss_fn(*sample_tasks(1)).sum() / meta_batch).backward()
        adam.step()

    return step


def run_worker(name, threads, seconds, min_iters, np_tasks="batched"):
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(threads)
    torch.manual_seed(1)
    kind, source, ways, shots, queries, meta_batch, steps, inner_batch, lr = WORKLOADS[name]
    side, channels, filters = geometry(name)

    def leaf(t):
        return t.requires_grad_()

    if kind in ("np", "cnp"):
        source = "np"   # its own model, built by np_step_fn
        step = np_step_fn(kind, shots, queries, meta_batch, lr, np_tasks)
    if source in MLP_WIDTHS:
        widths = MLP_WIDTHS[source]
        params = []
        for fan_in, fan_out in zip(widths, widths[1:]):
            w = torch.empty(fan_out, fan_in)
            torch.nn.init.xavier_uniform_(w)
            params += [leaf(w), leaf(torch.zeros(fan_out))]
        layers = len(widths) - 1

        def forward(p, x, head=True):
            h = x
            for i in range(layers):
                h = F.linear(h, p[2 * i], p[2 * i + 1])
                if i < layers - 1:
                    h = F.relu(h)
            return h

    if source == "sinusoid":
        def loss_fn(pred, y):
            return F.mse_loss(pred, y)

        def sample_task():
            amp = torch.empty(1).uniform_(0.1, 5.0)
            phase = torch.empty(1).uniform_(0.0, math.pi)
            sx = torch.empty(shots, 1).uniform_(-5.0, 5.0)
            qx = torch.empty(queries, 1).uniform_(-5.0, 5.0)
            return sx, amp * torch.sin(sx - phase), qx, amp * torch.sin(qx - phase)
    elif source in ("moons", "lines"):
        def loss_fn(pred, y):
            return F.cross_entropy(pred, y)

        s_labels = torch.arange(2).repeat_interleave(shots)
        q_labels = torch.arange(2).repeat_interleave(queries)

        def moons_points(turn, per_class):
            # The unit upper half circle and its reflection through (0.5, 0.25), noisy,
            # centred there, scaled to the range and turned.
            a = torch.empty(2, per_class).uniform_(0.0, math.pi)
            mx, my = torch.cos(a), torch.sin(a)
            mx[1], my[1] = 1.0 - mx[1], 0.5 - my[1]
            mx = mx + 0.1 * torch.randn_like(mx) - 0.5
            my = my + 0.1 * torch.randn_like(my) - 0.25
            c, s = math.cos(turn), math.sin(turn)
            scale = PLANAR_RANGE / 2
            return scale * torch.stack([c * mx - s * my, s * mx + c * my], -1).view(-1, 2)

        def lines_points(angle, offset, per_class):
            # Uniform in the square, kept on each class's side of the line.
            normal = torch.tensor([math.cos(angle), math.sin(angle)])
            picked = [[], []]
            have = [0, 0]
            while min(have) < per_class:
                p = torch.empty(8 * per_class, 2).uniform_(-PLANAR_RANGE, PLANAR_RANGE)
                side = (p @ normal > offset).long()
                for label in (0, 1):
                    rows = p[side == label][:per_class - have[label]]
                    picked[label].append(rows)
                    have[label] += rows.shape[0]
            return torch.cat(picked[0] + picked[1])

        def sample_task():
            if source == "moons":
                turn = torch.empty(1).uniform_(0.0, 2 * math.pi).item()
                sx, qx = moons_points(turn, shots), moons_points(turn, queries)
            else:
                angle = torch.empty(1).uniform_(-math.pi / 6, math.pi / 6).item()
                offset = torch.empty(1).uniform_(-1.0, 1.0).item()
                sx, qx = lines_points(angle, offset, shots), lines_points(angle, offset, queries)
            return sx, s_labels, qx, q_labels
    elif source != "np":
        params = []
        cin = channels
        for _ in range(4):
            w = torch.empty(filters, cin, 3, 3)
            torch.nn.init.xavier_uniform_(w)
            params += [leaf(w), leaf(torch.zeros(filters)), leaf(torch.ones(filters)),
                       leaf(torch.zeros(filters))]
            cin = filters
        if kind != "protonet":
            w = torch.empty(ways, filters * (side // 16) ** 2)
            torch.nn.init.xavier_uniform_(w)
            params += [leaf(w), leaf(torch.zeros(ways))]

        def forward(p, x, head=True):
            h = x
            for b in range(4):
                h = F.conv2d(h, p[4 * b], p[4 * b + 1], padding=1)
                h = F.batch_norm(h, None, None, p[4 * b + 2], p[4 * b + 3], training=True,
                                 eps=1e-5)
                h = F.max_pool2d(F.relu(h), 2)
            h = h.flatten(1)
            if head and len(p) > 16:
                h = F.linear(h, p[16], p[17])
            return h

        def loss_fn(pred, y):
            return F.cross_entropy(pred, y)

        s_labels = torch.arange(ways).repeat_interleave(shots)
        q_labels = torch.arange(ways).repeat_interleave(queries)

        def sample_task():
            return (torch.rand(ways * shots, channels, side, side), s_labels,
                    torch.rand(ways * queries, channels, side, side), q_labels)

    if kind not in ("np", "cnp"):
        adam = torch.optim.Adam(params, lr=1e-3)

    if kind in ("np", "cnp"):
        pass
    elif kind in ("maml", "fomaml"):
        second = kind == "maml"

        def step():
            adam.zero_grad()
            for _ in range(meta_batch):
                sx, sy, qx, qy = sample_task()
                fast = params
                for _ in range(steps):
                    g = torch.autograd.grad(loss_fn(forward(fast, sx), sy), fast,
                                            create_graph=second)
                    fast = [p - lr * gi for p, gi in zip(fast, g)]
                (loss_fn(forward(fast, qx), qy) / meta_batch).backward()
            adam.step()
    elif kind == "reptile":
        fast = [p.detach().clone().requires_grad_() for p in params]
        inner = torch.optim.Adam(fast, lr=lr, betas=(0.0, 0.999))  # moments persist across tasks
        total = [torch.zeros_like(p) for p in params]

        def step():
            with torch.no_grad():
                for t in total:
                    t.zero_()
            for _ in range(meta_batch):
                sx, sy, _, _ = sample_task()
                with torch.no_grad():
                    for f, p in zip(fast, params):
                        f.copy_(p)
                order, pos = torch.randperm(sx.shape[0]), 0
                for _ in range(steps):
                    if pos + inner_batch > sx.shape[0]:
                        order, pos = torch.randperm(sx.shape[0]), 0
                    idx = order[pos:pos + inner_batch]
                    pos += inner_batch
                    inner.zero_grad()
                    loss_fn(forward(fast, sx[idx]), sy[idx]).backward()
                    inner.step()
                with torch.no_grad():
                    for t, f in zip(total, fast):
                        t.add_(f)
            with torch.no_grad():
                eps = 1.0
                for p, t in zip(params, total):
                    p.add_(eps * (t / meta_batch - p))
    else:
        def step():
            adam.zero_grad()
            sx, _, qx, qy = sample_task()
            emb = forward(params, torch.cat([sx, qx]), head=False)
            es, eq = emb[:ways * shots], emb[ways * shots:]
            protos = es.view(ways, shots, -1).mean(1)
            d = (eq * eq).sum(1, keepdim=True) + (protos * protos).sum(1) - 2 * eq @ protos.t()
            loss_fn(-d, qy).backward()
            adam.step()

    warmup = 0
    start = time.perf_counter()
    while True:
        step()
        warmup += 1
        if time.perf_counter() - start >= 0.1 * seconds:
            break
    times = []
    start = time.perf_counter()
    while len(times) < min_iters or time.perf_counter() - start < seconds:
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    median = statistics.median(times)
    flop = flop_per_iteration(name)
    return {
        "name": name, "meta_batch": meta_batch, "iterations_per_s": 1.0 / median,
        "tasks_per_s": meta_batch / median, "gflop_per_s": flop / median / 1e9,
        "flop_per_iteration": flop, "median_s": median, "min_s": min(times),
        "max_s": max(times), "iterations_measured": len(times), "warmup_iterations": warmup,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        "torch": torch.__version__, "threads": torch.get_num_threads(),
    }


def fmt(x, digits=3):
    if x is None:
        return "-"
    if x >= 100:
        return "%.0f" % x
    if x >= 10:
        return "%.1f" % x
    return "%.*g" % (digits, x)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--min-iters", type=int, default=3)
    ap.add_argument("--only", default=None, help="comma-separated workload names")
    ap.add_argument("--json", default=None, help="write PyTorch results here")
    ap.add_argument("--compare", default=None, help="bench-meta --json output to compare with")
    ap.add_argument("--np-tasks", choices=("batched", "loop"), default="batched",
                    help="Neural Processes: the meta-batch as one batch of tensors (default)"
                    " or its tasks one after the other")
    ap.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.worker:
        print(json.dumps(run_worker(args.worker, args.threads, args.seconds, args.min_iters,
                                    args.np_tasks)))
        return 0

    names = list(WORKLOADS)
    if args.only:
        wanted = [n.strip() for n in args.only.split(",")]
        unknown = [n for n in wanted if n not in WORKLOADS]
        if unknown:
            print("pytorch_bench: unknown workload(s) %s; known: %s"
                  % (", ".join(unknown), ", ".join(WORKLOADS)), file=sys.stderr)
            return 2
        names = [n for n in names if n in wanted]
    ours = {}
    if args.compare:
        with open(args.compare) as f:
            data = json.load(f)
        ours = {w["name"]: w for w in data["workloads"]}
        if data.get("threads") != args.threads:
            print("note: bench-meta ran with %s thread(s), PyTorch with %d"
                  % (data.get("threads"), args.threads), file=sys.stderr)

    print("PyTorch on CPU, %d thread(s), %.3g s per workload, median of per-iteration times,"
          " each workload in its own process" % (args.threads, args.seconds))
    print("%-15s %9s %10s %9s %9s %6s" % ("workload", "iter/s", "tasks/s", "GFLOP/s",
                                         "RSS MB", "iters"))
    results = []
    for name in names:
        cmd = [sys.executable, os.path.abspath(__file__), "--worker", name,
               "--threads", str(args.threads), "--seconds", str(args.seconds),
               "--min-iters", str(args.min_iters), "--np-tasks", args.np_tasks]
        # Debian's PyTorch multiplies through OpenBLAS, whose own threads
        # torch.set_num_threads does not set: left alone, it starts one per core, and on
        # a busy machine those threads slow each product down by an order of magnitude.
        env = dict(os.environ, OPENBLAS_NUM_THREADS=str(args.threads))
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=env)
        if proc.returncode != 0:
            print("%-15s failed: %s" % (name, proc.stderr.strip().splitlines()[-1:]))
            continue
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        results.append(r)
        print("%-15s %9.3f %10.2f %9.2f %9.0f %6d" % (name, r["iterations_per_s"],
              r["tasks_per_s"], r["gflop_per_s"], r["peak_rss_mb"], r["iterations_measured"]))
        sys.stdout.flush()
    if results:
        print("(torch %s)" % results[0]["torch"])
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"benchmark": "pytorch_bench", "threads": args.threads,
                       "seconds": args.seconds, "workloads": results}, f, indent=2)

    if ours:
        print()
        print("Side by side (%d thread(s)); ratio = ours / PyTorch, above 1 means the core"
              " is faster (or, for RSS, uses more)" % args.threads)
        print("%-15s %10s %10s %7s %10s %10s %9s %9s %7s" % (
            "workload", "ours it/s", "torch it/s", "ratio", "ours GF/s", "torch GF/s",
            "ours MB", "torch MB", "RSS x"))
        for r in results:
            o = ours.get(r["name"])
            if o is None:
                continue
            print("%-15s %10s %10s %7.2f %10s %10s %9.0f %9.0f %7.2f" % (
                r["name"], fmt(o["iterations_per_s"]), fmt(r["iterations_per_s"]),
                o["iterations_per_s"] / r["iterations_per_s"], fmt(o["gflop_per_s"]),
                fmt(r["gflop_per_s"]), o["peak_rss_mb"], r["peak_rss_mb"],
                o["peak_rss_mb"] / r["peak_rss_mb"]))
    return 0 if len(results) == len(names) else 1


if __name__ == "__main__":
    sys.exit(main())
