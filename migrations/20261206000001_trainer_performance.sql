-- Operations compares trainers: each one's grading turnaround over a window is read from the work
-- they graded, so that work is indexed by grader and time (the list asks for 50 trainers at once).
create index submission_graded_by_idx on submission (graded_by, graded_at) where status <> 'pending';
