-- One leader per namespace among the Caravan nodes sharing this database (dev.caravan.cluster):
-- the node whose lease has not run out. Trigger consumers run on the leader of "caravan-triggers"
-- only, so that a message starts one run however many nodes there are.
CREATE TABLE cluster_leaders (
    namespace   VARCHAR(200) NOT NULL PRIMARY KEY,
    node_id     VARCHAR(200) NOT NULL,
    lease_until TIMESTAMP WITH TIME ZONE NOT NULL
);
