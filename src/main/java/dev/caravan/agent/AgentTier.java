package dev.caravan.agent;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The tier an agent belongs to, as the first seed groups its fleet; {@code control} is Caravan itself. */
public enum AgentTier {
    FOUNDATION,
    QUALITY,
    PLATFORM,
    CONTROL;

    /** The name as written in the registry file: lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<AgentTier> fromLabel(String label) {
        return Arrays.stream(values()).filter(tier -> tier.label().equals(label)).findFirst();
    }

    static String labels() {
        return Arrays.stream(values()).map(AgentTier::label).collect(Collectors.joining(", "));
    }
}
