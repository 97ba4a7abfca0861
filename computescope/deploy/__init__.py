"""A split deployment: one writer that publishes read snapshots, and stateless web workers that serve them."""
