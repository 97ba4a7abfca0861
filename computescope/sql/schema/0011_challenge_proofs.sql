-- why: a hardware claim counts only when a timed challenge proves it. Each challenge records the throughput the
-- claim needs, the deadline by which such hardware commits (round trip + slack + 2n³ of work), the round trip
-- credited, and the throughput the answer showed.
alter table node_challenges add column required_gflops double;
alter table node_challenges add column proof_deadline timestamptz;
alter table node_challenges add column rtt_s double;
alter table node_challenges add column proven_gflops double;
