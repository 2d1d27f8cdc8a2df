package dev.caravan.demo;

import org.springframework.core.env.PropertyResolver;

/**
 * Decides whether the demo fleet runs. An explicit {@code caravan.demo.enabled} wins; without it
 * the demo runs unless the user has pointed Caravan at real agents, through
 * {@code CARAVAN_AGENTS_FILE} (alias {@code caravan.agents.file}) or {@code AGENT_REGISTRY_URL}.
 * So a fresh checkout runs the seed workflows at once, and a real deployment never talks to
 * simulated agents by accident.
 *
 * <p>Read when the fleet is created, not as a Spring condition: in Spring's ahead-of-time mode
 * (the fast start, docs/performance.md) the set of beans is fixed when the jar is built, while
 * this depends on the environment Caravan starts in.
 */
final class DemoSwitch {

    private DemoSwitch() {
    }

    static boolean demoEnabled(PropertyResolver settings) {
        String explicit = settings.getProperty("caravan.demo.enabled");
        if (explicit != null && !explicit.isBlank()) {
            return Boolean.parseBoolean(explicit.trim());
        }
        return !isSet(settings, "CARAVAN_AGENTS_FILE")
                && !isSet(settings, "caravan.agents.file")
                && !isSet(settings, "AGENT_REGISTRY_URL");
    }

    private static boolean isSet(PropertyResolver settings, String name) {
        String value = settings.getProperty(name);
        return value != null && !value.isBlank();
    }
}
