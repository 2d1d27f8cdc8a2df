-- What was asked of an unfinished run through the API of any node: PAUSE holds it (no new step
-- starts), CANCEL stops it. The node executing the run applies it within caravan.runs.control-poll;
-- a run re-entered after a restart, or taken over by another node, starts from it. NULL: go on.
ALTER TABLE runs ADD COLUMN control VARCHAR(16);
