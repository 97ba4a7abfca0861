/* deploy:snapshot — attach the new snapshot file the writer fills ($path: a fresh file beside the published one) */
attach $path as computescope_snapshot
