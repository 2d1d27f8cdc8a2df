package dev.caravan.demo;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.PropertyResolver;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Decides whether the demo fleet starts. An explicit {@code caravan.demo.enabled} wins; without
 * it the demo runs unless the user has pointed Caravan at real agents, through
 * {@code CARAVAN_AGENTS_FILE} (alias {@code caravan.agents.file}) or {@code AGENT_REGISTRY_URL}.
 * So a fresh checkout runs the seed workflows at once, and a real deployment never talks to
 * simulated agents by accident.
 */
final class DemoFleetCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return demoEnabled(context.getEnvironment());
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
