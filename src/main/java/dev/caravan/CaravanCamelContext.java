package dev.caravan;

import org.apache.camel.LoggingLevel;
import org.apache.camel.spring.boot.CamelSpringBootApplicationController;
import org.apache.camel.spring.boot.SpringBootCamelContext;
import org.springframework.context.ApplicationContext;

/**
 * Camel Spring Boot's context, with one change: removing a route that does not exist returns at
 * once. Camel's {@code AbstractCamelContext.removeRoute} first walks the processors and services
 * of every route in the context (to learn which endpoints each one uses) and only then looks
 * whether the route to remove exists. Camel calls it for routes that do not exist on two paths
 * Caravan takes for every route of every revision:
 * <ul>
 *   <li>adding a route: {@code DefaultModel.addRouteDefinitions} first removes any route of the
 *       same id, so that a route loaded again replaces the old one;</li>
 *   <li>removing a route: {@code DefaultCamelContext.removeRoute} removes the route, then its
 *       definition, and removing the definition removes the route (by then gone) once more.</li>
 * </ul>
 * So a deploy walked every deployed route once per route it added, and an undeploy twice per
 * route it removed: deploying and undeploying took the longer the more workflows were deployed
 * (docs/performance.md, "Session 16"). The walk a real removal needs is left as it is.
 */
class CaravanCamelContext extends SpringBootCamelContext {

    CaravanCamelContext(ApplicationContext spring, boolean warnOnEarlyShutdown,
            CamelSpringBootApplicationController controller) {
        super(spring, warnOnEarlyShutdown, controller);
    }

    @Override
    protected boolean removeRoute(String routeId, LoggingLevel loggingLevel) throws Exception {
        // read under the lock Camel guards its routes with; a route added after this look is one
        // added after this removal, which Camel's own order allows as well
        getLock().lock();
        try {
            if (getRouteServices().get(routeId) == null) {
                return false;
            }
        } finally {
            getLock().unlock();
        }
        return super.removeRoute(routeId, loggingLevel);
    }
}
