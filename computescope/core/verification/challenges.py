"""Compute challenges: seeded matmul mod p, Freivalds, Merkle commit-and-spot-check, detection and deterrence."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

DEFAULT_PRIME = 4093  # largest prime below 2**12
FREIVALDS_ROUNDS = 20
_EXACT_LIMIT = 2**53  # float64 represents every integer up to here exactly
_DOMAIN = b"computescope/challenge/v1"


@dataclass(frozen=True)
class Challenge:
    """A time-bound matmul challenge: the node must return C = A·B mod prime before the deadline."""

    seed: bytes
    n: int
    prime: int
    issued_at: float
    ttl_s: float
    a: NDArray[np.int64]
    b: NDArray[np.int64]

    @property
    def deadline(self) -> float:
        return self.issued_at + self.ttl_s


@dataclass(frozen=True)
class Verdict:
    """Pass/fail of a check; `reason` names the first failure, `rows` the offending rows if any."""

    ok: bool
    reason: str | None = None
    rows: tuple[int, ...] = ()

    def __bool__(self) -> bool:
        return self.ok


@dataclass(frozen=True)
class OpenedRow:
    """One row of a committed result with its Merkle inclusion proof (siblings bottom-up)."""

    index: int
    row: NDArray[np.int64]
    proof: tuple[bytes, ...]


def _seed_bytes(seed: bytes | int) -> bytes:
    if isinstance(seed, bytes):
        return seed
    if seed < 0:
        raise ValueError("seed must be non-negative")
    return seed.to_bytes(max(1, (seed.bit_length() + 7) // 8), "big")


def _check_exact(n: int, prime: int) -> None:
    # Each entry of A·B is a sum of n products of residues, at most n·(p-1)²: for p < 2^12 and n ≤ 4096 that
    # is below 2^36, and every integer below 2^53 is exact in float64, so BLAS cannot round any partial sum.
    if n * (prime - 1) ** 2 >= _EXACT_LIMIT:
        raise ValueError(f"n={n}, prime={prime}: n·(p-1)² ≥ 2^53, float64 matmul would not be exact")


def make_challenge(
    seed: bytes | int, n: int, prime: int = DEFAULT_PRIME, issued_at: float = 0.0, ttl_s: float = 30.0
) -> Challenge:
    """Build A and B (n×n, entries in [0, prime)) deterministically from the seed."""
    if n < 1 or prime < 2:
        raise ValueError("n must be ≥ 1 and prime ≥ 2")
    _check_exact(n, prime)
    raw = _seed_bytes(seed)
    # SHAKE-256 rather than numpy's generator: any client in any language can rebuild the same matrices.
    header = _DOMAIN + n.to_bytes(4, "big") + prime.to_bytes(4, "big") + raw
    words = np.frombuffer(hashlib.shake_256(header).digest(8 * n * n), dtype="<u4")
    # 32-bit words mod a 12-bit prime: the bias is below 2^-20, immaterial for a challenge.
    m = (words % prime).astype(np.int64).reshape(2, n, n)
    return Challenge(raw, n, prime, float(issued_at), float(ttl_s), m[0], m[1])


def _as_field(x: ArrayLike, p: int) -> NDArray[np.float64]:
    """Integers reduced to [0, p), as float64 ready for BLAS."""
    m = np.asarray(x)
    if m.dtype.kind not in "iub":
        m = m.astype(np.int64)
    # Reducing is the slow part; entries from make_challenge or matmul_mod are already in range.
    if m.size and (m.min() < 0 or m.max() >= p):
        m = np.remainder(m.astype(np.int64), p)
    return m.astype(np.float64)


def _mulmod(af: NDArray[np.float64], bf: NDArray[np.float64], p: int) -> NDArray[np.float64]:
    _check_exact(af.shape[-1], p)
    # All partial sums are integers below 2^53, so BLAS gives the exact product in any summation order.
    return np.remainder(af @ bf, p)


def matmul_mod(a: ArrayLike, b: ArrayLike, p: int) -> NDArray[np.int64]:
    """Exact (A·B) mod p for integer matrices, through float64 BLAS on entries reduced to [0, p)."""
    return _mulmod(_as_field(a, p), _as_field(b, p), p).astype(np.int64)


def solve_challenge(ch: Challenge) -> NDArray[np.int64]:
    """The honest answer C = A·B mod prime."""
    return matmul_mod(ch.a, ch.b, ch.prime)


def freivalds_round(a: ArrayLike, b: ArrayLike, c: ArrayLike, p: int, r: ArrayLike) -> bool:
    """One Freivalds test with vector (or n×k matrix) r: A(B r) ≡ C r (mod p)."""
    rf = _as_field(r, p)
    left = _mulmod(_as_field(a, p), _mulmod(_as_field(b, p), rf, p), p)
    return bool(np.array_equal(left, _mulmod(_as_field(c, p), rf, p)))


def freivalds_check(
    a: ArrayLike,
    b: ArrayLike,
    c: ArrayLike,
    p: int,
    rounds: int = FREIVALDS_ROUNDS,
    rng: np.random.Generator | None = None,
    *,
    field: str = "binary",
) -> bool:
    """Check C = A·B mod p in O(rounds·n²) without recomputing the product.

    field="binary" draws r in {0,1}^n (false accept ≤ 2^-rounds); field="prime" draws r mod p (≤ p^-rounds).
    """
    gen = rng if rng is not None else np.random.default_rng()
    n = np.shape(c)[-1]
    if np.shape(a)[0] != np.shape(c)[0] or np.shape(b)[-1] != n:
        return False
    if field not in ("binary", "prime"):
        raise ValueError("field must be 'binary' or 'prime'")
    high = 2 if field == "binary" else p
    # All rounds at once as an n×rounds matrix: the same test, fewer BLAS calls.
    r = gen.integers(0, high, size=(n, rounds), dtype=np.int64)
    return freivalds_round(a, b, c, p, r)


def freivalds_false_accept_bound(rounds: int, field_size: int = 2) -> float:
    """Upper bound on accepting a wrong product after `rounds` independent rounds."""
    return float(field_size) ** -rounds


def check_response(
    ch: Challenge,
    c: ArrayLike,
    responded_at: float,
    *,
    rounds: int = FREIVALDS_ROUNDS,
    rng: np.random.Generator | None = None,
) -> Verdict:
    """Judge a node's answer: on time, n×n integers in [0, prime), and passes Freivalds."""
    if responded_at > ch.deadline:
        return Verdict(False, "late")
    cm = np.asarray(c)
    if cm.shape != (ch.n, ch.n):
        return Verdict(False, "shape")
    # Only canonical residues, so the answer Freivalds accepts is the one a Merkle commitment would hash.
    if cm.dtype.kind not in "iu" or cm.min() < 0 or cm.max() >= ch.prime:
        return Verdict(False, "out_of_range")
    if not freivalds_check(ch.a, ch.b, cm, ch.prime, rounds, rng):
        return Verdict(False, "wrong_result")
    return Verdict(True)


def _leaf(row: ArrayLike) -> bytes:
    # 0x00 / 0x01 prefixes separate leaves from inner nodes (RFC 6962), so no subtree can pose as a row.
    return hashlib.sha256(b"\x00" + np.asarray(row, dtype="<i8").tobytes()).digest()


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _levels(rows: ArrayLike) -> list[list[bytes]]:
    level = [_leaf(r) for r in np.asarray(rows)]
    if not level:
        raise ValueError("cannot commit to zero rows")
    levels = [level]
    while len(level) > 1:
        # An odd last node moves up unchanged rather than being paired with itself.
        level = [
            _node(level[i], level[i + 1]) if i + 1 < len(level) else level[i] for i in range(0, len(level), 2)
        ]
        levels.append(level)
    return levels


def merkle_root(rows: ArrayLike) -> bytes:
    """SHA-256 Merkle root over the rows of a result matrix."""
    return _levels(rows)[-1][0]


def open_rows(c: ArrayLike, idx: Sequence[int] | NDArray[np.int64]) -> list[OpenedRow]:
    """Reveal the requested rows of C with inclusion proofs against merkle_root(C)."""
    cm = np.asarray(c, dtype=np.int64)
    levels = _levels(cm)
    out = []
    for i in (int(x) for x in idx):
        proof, j = [], i
        for level in levels[:-1]:
            sib = j ^ 1
            if sib < len(level):
                proof.append(level[sib])
            j //= 2
        out.append(OpenedRow(i, cm[i].copy(), tuple(proof)))
    return out


def verify_proof(root: bytes, opened: OpenedRow, n_rows: int) -> bool:
    """Check one opened row's inclusion proof in a tree of n_rows leaves."""
    if not 0 <= opened.index < n_rows:
        return False
    h, j, width, k = _leaf(opened.row), opened.index, n_rows, 0
    while width > 1:
        sib = j ^ 1
        if sib < width:
            if k >= len(opened.proof):
                return False
            h = _node(opened.proof[k], h) if j & 1 else _node(h, opened.proof[k])
            k += 1
        j, width = j // 2, (width + 1) // 2
    return k == len(opened.proof) and h == root


def verify_spot_check(
    root: bytes, a: ArrayLike, b: ArrayLike, opened: Sequence[OpenedRow], p: int
) -> Verdict:
    """Check opened rows belong to the commitment and equal (A[i]·B) mod p, recomputing only those rows."""
    am = np.asarray(a, dtype=np.int64)
    n_rows = am.shape[0]
    bad_proof = tuple(o.index for o in opened if not verify_proof(root, o, n_rows))
    if bad_proof:
        return Verdict(False, "bad_proof", bad_proof)
    if not opened:
        return Verdict(True)
    idx = np.array([o.index for o in opened], dtype=np.int64)
    expect = matmul_mod(am[idx], b, p)
    got = np.stack([np.asarray(o.row, dtype=np.int64) for o in opened])
    if got.shape != expect.shape:
        return Verdict(False, "shape")
    wrong = np.flatnonzero(np.any(got != expect, axis=1))
    if len(wrong):
        return Verdict(False, "wrong_result", tuple(int(idx[w]) for w in wrong))
    return Verdict(True)


def sample_rows(n_rows: int, k: int, rng: np.random.Generator, *, replace: bool = True) -> NDArray[np.int64]:
    """Indices of k rows to spot-check, uniformly with or without replacement."""
    return rng.choice(n_rows, size=k, replace=replace).astype(np.int64)


def cheat_result(a: ArrayLike, b: ArrayLike, p: int, f: float, rng: np.random.Generator) -> NDArray[np.int64]:
    """A cheater's answer: round(f·n) random rows are garbage, the rest are computed honestly."""
    am = np.asarray(a, dtype=np.int64)
    n = am.shape[0]
    skipped = rng.choice(n, size=round(f * n), replace=False)
    honest = np.setdiff1d(np.arange(n), skipped)
    c = np.empty((n, np.shape(b)[-1]), dtype=np.int64)
    c[honest] = matmul_mod(am[honest], b, p)
    c[skipped] = rng.integers(0, p, size=(len(skipped), c.shape[1]))
    return c


def catch_probability(
    f: float, k: int, replace: bool = True, N: int | None = None, m: int | None = None
) -> float:
    """P(at least one of k sampled chunks is bad): 1-(1-f)^k, or 1-C(N-m,k)/C(N,k) without replacement."""
    if replace:
        return 1.0 - (1.0 - f) ** k
    if N is None:
        raise ValueError("sampling without replacement needs N")
    bad = m if m is not None else round(f * N)
    if k > N:
        raise ValueError("cannot draw more than N chunks without replacement")
    return 1.0 - math.comb(N - bad, k) / math.comb(N, k)


def min_samples(
    f: float, target: float, replace: bool = True, N: int | None = None, m: int | None = None
) -> int:
    """Smallest k whose catch probability reaches `target` (linear scan without replacement)."""
    if not 0 < target < 1 or not 0 < f <= 1:
        raise ValueError("need 0 < f ≤ 1 and 0 < target < 1")
    # Closed form with replacement, started one low: the float ratio can land on either side of a boundary.
    k = max(1, math.ceil(math.log1p(-target) / math.log1p(-f)) - 1) if replace and f < 1 else 1
    while catch_probability(f, k, replace, N, m) < target:
        k += 1
        if not replace and N is not None and k > N:
            raise ValueError("target not reachable: no bad chunks")
    return k


def replication_detection(rho: float, p_visible: float = 1.0) -> float:
    """Per-job detection q when a fraction rho of jobs is re-run elsewhere."""
    return rho * p_visible


def min_stake(C: float, f: float, q: float, R: float) -> float:
    """Stake that makes skipping a fraction f of cost C unprofitable at detection q and reward R: f·C/q − R, ≥ 0."""
    if q <= 0:
        return math.inf
    return max(0.0, f * C / q - R)


def majority(votes: Sequence[bool]) -> bool:
    """2N+1 checkers: the verdict most of them reached (ties fail)."""
    return sum(bool(v) for v in votes) * 2 > len(votes)


def median_measurement(values: Sequence[float]) -> float:
    """Checkers' measurements combined by the median, robust to a minority of liars."""
    return float(np.median(np.asarray(values, dtype=np.float64)))
