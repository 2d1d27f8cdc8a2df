-- Every deployed revision of every workflow, immutable, with the text exactly as the user wrote it.
-- A run pins (workflow_id, revision); after a restart its revision is compiled again from here.
CREATE TABLE workflow_revisions (
    workflow_id VARCHAR(200) NOT NULL,
    revision    INTEGER      NOT NULL,
    version     VARCHAR(100) NOT NULL,
    name        VARCHAR(500) NOT NULL,
    source_name VARCHAR(1000) NOT NULL,
    source_text VARCHAR      NOT NULL,
    checksum    VARCHAR(100) NOT NULL,
    deployed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (workflow_id, revision)
);
