-- A run is owned by one Caravan node through a lease that the node renews; when the node dies,
-- another takes the run over once lease_until has passed.
ALTER TABLE runs ADD COLUMN owner VARCHAR(200);
ALTER TABLE runs ADD COLUMN lease_until TIMESTAMP WITH TIME ZONE;
CREATE INDEX runs_by_lease ON runs (status, lease_until);
