-- runs_by_lease (status, lease_until) serves every lookup by status that runs_by_status served: its
-- leading column is the status. Each run's insert and each of its status changes (at least two a run,
-- and status is indexed, so none is a HOT update) kept both up to date.
DROP INDEX runs_by_status;
