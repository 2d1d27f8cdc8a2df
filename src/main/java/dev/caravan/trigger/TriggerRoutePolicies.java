package dev.caravan.trigger;

import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;

/**
 * Puts every trigger route under Camel's {@link ClusteredRoutePolicy}: with several Caravan nodes
 * on one database, a trigger route runs on the node that leads the {@value #NAMESPACE} namespace
 * only, so that a message starts one run, not one per node; when the leader dies, another node
 * takes the lead and starts the routes. Routes that are not triggers are left alone.
 */
class TriggerRoutePolicies implements RoutePolicyFactory {

    static final String NAMESPACE = "caravan-triggers";

    private final CamelClusterService cluster;

    TriggerRoutePolicies(CamelClusterService cluster) {
        this.cluster = cluster;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camel, String routeId, NamedNode route) {
        if (!TriggerRoutes.isTriggerRoute(routeId)) {
            return null;
        }
        try {
            return ClusteredRoutePolicy.forNamespace(cluster, NAMESPACE);
        } catch (Exception e) {
            throw new IllegalStateException("cannot put trigger route " + routeId + " under the cluster's leader", e);
        }
    }
}
