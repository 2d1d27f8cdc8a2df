-- A workflow taken out of service (DELETE /api/definitions/{id}, or its file deleted from the
-- watched folder). The row names the revision that was current then: the workflow stays
-- undeployed, across restarts, until a later deploy stores a higher revision.
CREATE TABLE workflow_removals (
    workflow_id VARCHAR(200) NOT NULL,
    revision    INTEGER      NOT NULL,
    removed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (workflow_id, revision)
);

-- Which file of the watched folder last deployed each workflow (or found its text already current),
-- with that revision and the text's checksum.
-- The tie holds while that revision is the workflow's current one: deleting the file then
-- undeploys the workflow. A newer revision deployed through the API leaves the tie stale, and a
-- stale tie undeploys nothing. Written only by the folder (dev.caravan.intake).
CREATE TABLE workflow_files (
    workflow_id VARCHAR(200)  NOT NULL PRIMARY KEY,
    file_name   VARCHAR(1000) NOT NULL,
    revision    INTEGER       NOT NULL,
    checksum    VARCHAR(100)  NOT NULL
);
