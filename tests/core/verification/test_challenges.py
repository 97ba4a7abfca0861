"""Challenges: seeded matmul mod p, Freivalds, Merkle spot checks, detection maths and the cheater simulation."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from computescope.core.verification.challenges import (
    DEFAULT_PRIME,
    catch_probability,
    cheat_result,
    check_response,
    freivalds_check,
    freivalds_false_accept_bound,
    freivalds_round,
    majority,
    make_challenge,
    matmul_mod,
    median_measurement,
    merkle_root,
    min_samples,
    min_stake,
    open_rows,
    replication_detection,
    sample_rows,
    solve_challenge,
    verify_proof,
    verify_spot_check,
)

A2 = np.array([[2, 3], [3, 4]])
B2 = np.array([[1, 0], [1, 2]])
C2_WRONG = np.array([[6, 5], [8, 7]])


def test_challenge_is_deterministic_in_the_seed() -> None:
    x = make_challenge(b"seed-1", 16, issued_at=100, ttl_s=5)
    y = make_challenge(b"seed-1", 16, issued_at=999, ttl_s=1)
    z = make_challenge(b"seed-2", 16)
    assert np.array_equal(x.a, y.a) and np.array_equal(x.b, y.b)
    assert not np.array_equal(x.a, z.a)
    assert not np.array_equal(x.a, x.b)
    assert x.a.min() >= 0 and x.a.max() < DEFAULT_PRIME
    assert x.deadline == 105
    assert np.array_equal(make_challenge(258, 8).a, make_challenge(b"\x01\x02", 8).a)


def test_matmul_mod_is_exact() -> None:
    ch = make_challenge(11, 96)
    exact = (ch.a.astype(object) @ ch.b.astype(object)) % ch.prime
    got = solve_challenge(ch)
    assert got.dtype == np.int64
    assert np.array_equal(got, exact.astype(np.int64))


def test_matmul_mod_refuses_inexact_sizes() -> None:
    with pytest.raises(ValueError, match="2\\^53"):
        matmul_mod(np.ones((4, 4), dtype=np.int64), np.ones((4, 4), dtype=np.int64), 2**31 - 1)
    with pytest.raises(ValueError):
        make_challenge(1, 2**30, prime=DEFAULT_PRIME)


def test_freivalds_vector_per_r() -> None:
    p = DEFAULT_PRIME
    assert matmul_mod(A2, B2, p).tolist() == [[5, 6], [7, 8]]
    assert freivalds_round(A2, B2, C2_WRONG, p, (1, 0)) is False
    assert freivalds_round(A2, B2, C2_WRONG, p, (0, 1)) is False
    assert freivalds_round(A2, B2, C2_WRONG, p, (1, 1)) is True  # false accept
    assert freivalds_round(A2, B2, C2_WRONG, p, (0, 0)) is True
    accepts = [freivalds_round(A2, B2, C2_WRONG, p, r) for r in itertools.product((0, 1), repeat=2)]
    assert sum(accepts) / len(accepts) == 0.5
    c = matmul_mod(A2, B2, p)
    assert all(freivalds_round(A2, B2, c, p, r) for r in itertools.product((0, 1), repeat=2))


def test_freivalds_bounds() -> None:
    assert round(freivalds_false_accept_bound(10), 6) == 0.000977
    assert freivalds_false_accept_bound(20) == pytest.approx(9.5e-7, rel=0.01)
    assert freivalds_false_accept_bound(2, field_size=DEFAULT_PRIME) == DEFAULT_PRIME**-2


@pytest.mark.parametrize("field", ["binary", "prime"])
def test_freivalds_check_accepts_honest_and_rejects_wrong(field: str) -> None:
    rng = np.random.default_rng(3)
    ch = make_challenge(5, 64)
    c = solve_challenge(ch)
    assert freivalds_check(ch.a, ch.b, c, ch.prime, 20, rng, field=field)
    bad = c.copy()
    bad[17, 3] = (bad[17, 3] + 1) % ch.prime
    assert not freivalds_check(ch.a, ch.b, bad, ch.prime, 20, rng, field=field)
    assert not freivalds_check(ch.a, ch.b, c[:10], ch.prime, 20, rng)


def test_response_after_deadline_is_late() -> None:
    ch = make_challenge(9, 32, issued_at=1000.0, ttl_s=30.0)
    c = solve_challenge(ch)
    rng = np.random.default_rng(0)
    assert check_response(ch, c, 1030.0, rng=rng).ok
    late = check_response(ch, c, 1030.5, rng=rng)
    assert (late.ok, late.reason) == (False, "late")
    assert check_response(ch, c[:, :5], 1001.0, rng=rng).reason == "shape"
    assert check_response(ch, (c + 1) % ch.prime, 1001.0, rng=rng).reason == "wrong_result"
    assert check_response(ch, c + ch.prime, 1001.0, rng=rng).reason == "out_of_range"
    assert check_response(ch, c.astype(np.float64), 1001.0, rng=rng).reason == "out_of_range"


@pytest.mark.parametrize("n", [1, 2, 5, 7, 8, 33])
def test_merkle_proofs_open_every_row(n: int) -> None:
    c = make_challenge(n, n).a
    root = merkle_root(c)
    opened = open_rows(c, range(n))
    assert all(verify_proof(root, o, n) for o in opened)
    assert all(len(o.proof) <= math.ceil(math.log2(n)) for o in opened)


def test_merkle_rejects_tampering() -> None:
    ch = make_challenge(1, 12)
    c = solve_challenge(ch)
    root = merkle_root(c)
    (o,) = open_rows(c, [4])
    o.row[0] = (o.row[0] + 1) % ch.prime
    assert not verify_proof(root, o, 12)
    v = verify_spot_check(root, ch.a, ch.b, [o], ch.prime)
    assert (v.ok, v.reason, v.rows) == (False, "bad_proof", (4,))
    (good,) = open_rows(c, [4])
    assert verify_proof(root, good, 12)
    assert not verify_proof(merkle_root(c[::-1]), good, 12)
    moved = type(good)(13, good.row, good.proof)
    assert not verify_proof(root, moved, 12)
    shifted = type(good)(5, good.row, good.proof)
    assert not verify_proof(root, shifted, 12)


def test_spot_check_recomputes_only_opened_rows() -> None:
    rng = np.random.default_rng(1)
    ch = make_challenge(2, 40)
    honest = solve_challenge(ch)
    idx = sample_rows(40, 10, rng)
    assert verify_spot_check(merkle_root(honest), ch.a, ch.b, open_rows(honest, idx), ch.prime).ok
    cheat = cheat_result(ch.a, ch.b, ch.prime, 0.25, rng)
    bad_rows = np.flatnonzero(np.any(cheat != honest, axis=1))
    assert len(bad_rows) == 10
    v = verify_spot_check(merkle_root(cheat), ch.a, ch.b, open_rows(cheat, [0, int(bad_rows[0])]), ch.prime)
    assert (v.ok, v.reason) == (False, "wrong_result")
    assert int(bad_rows[0]) in v.rows


def test_catch_probability_vectors() -> None:
    got = {k: round(catch_probability(0.1, k), 5) for k in (10, 22, 29, 44, 66)}
    assert got == {10: 0.65132, 22: 0.90152, 29: 0.9529, 44: 0.9903, 66: 0.99904}
    assert round(catch_probability(0.1, 10), 3) == 0.651
    assert round(catch_probability(0.1, 22), 4) == 0.9015
    assert [min_samples(0.1, t) for t in (0.90, 0.95, 0.99, 0.999)] == [22, 29, 44, 66]


def test_catch_probability_without_replacement() -> None:
    assert round(catch_probability(0.1, 22, replace=False, N=1000, m=100), 4) == 0.9041
    assert round(catch_probability(0.1, 44, replace=False, N=1000, m=100), 4) == 0.9913
    assert catch_probability(0.1, 22, replace=False, N=1000) == catch_probability(0.1, 22, False, 1000, 100)
    assert min_samples(0.1, 0.9, replace=False, N=1000, m=100) <= 22
    assert catch_probability(0.5, 3, replace=False, N=4, m=2) == 1.0


def test_deterrence_stake() -> None:
    assert min_stake(80, 0.1, replication_detection(0.05), 100) == pytest.approx(60.0)
    assert min_stake(80, 0.1, round(catch_probability(0.1, 22), 4), 100) == 0.0
    assert min_stake(80, 0.1, 0.0, 100) == math.inf


def test_checker_consensus() -> None:
    assert majority([True, True, False])
    assert not majority([True, False, False])
    assert not majority([True, False])
    assert median_measurement([700.0, 720.0, 10_000.0]) == 720.0


def test_cheater_simulation_spot_checks_match_theory() -> None:
    rng = np.random.default_rng(2024)
    trials, n, f, k = 2000, 50, 0.1, 22
    ch = make_challenge(b"sim", n)
    caught = 0
    for _ in range(trials):
        cheat = cheat_result(ch.a, ch.b, ch.prime, f, rng)
        root = merkle_root(cheat)
        opened = open_rows(cheat, sample_rows(n, k, rng))
        caught += not verify_spot_check(root, ch.a, ch.b, opened, ch.prime).ok
    p = catch_probability(f, k)
    sigma = math.sqrt(p * (1 - p) / trials)
    assert abs(caught / trials - p) < 4 * sigma


def test_cheater_simulation_freivalds_catches_all() -> None:
    rng = np.random.default_rng(77)
    ch = make_challenge(b"sim-freivalds", 50)
    missed = sum(
        freivalds_check(ch.a, ch.b, cheat_result(ch.a, ch.b, ch.prime, 0.1, rng), ch.prime, 20, rng)
        for _ in range(2000)
    )
    assert missed == 0
