/* deploy:snapshot — write the snapshot's pages into its file (no WAL beside it) and let it go */
checkpoint computescope_snapshot;
detach computescope_snapshot
