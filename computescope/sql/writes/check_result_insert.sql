/* checks:record — one data check's outcome, with the run it followed */
insert into check_results (check_id, run_id, check_name, bad_rows, sample, checked_at) values (?, ?, ?, ?, ?, ?)
