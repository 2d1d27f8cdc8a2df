package dev.caravan.trigger;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of workflow triggers ({@code caravan.triggers.*}). They are Caravan's, not a workflow
 * file's: a file may only use what they allow.
 *
 * @param allowed the Camel components (URI schemes) a trigger may read from
 * @param fileRoot the folder under which {@code file:} triggers read; a trigger's folder is relative
 *                 to it, and one outside it is refused. Default {@code <caravan.data-dir>/inbox}
 * @param enabled whether this node runs trigger routes. Each node that runs them receives every
 *                message (a Redis channel, a timer), so of several nodes on one database only one
 *                should; workflows with triggers deploy either way
 */
@ConfigurationProperties("caravan.triggers")
public record TriggerProperties(
        @DefaultValue({"spring-redis", "file", "timer"}) List<String> allowed,
        @DefaultValue("data/inbox") Path fileRoot,
        @DefaultValue("true") boolean enabled) {

    public TriggerProperties {
        allowed = List.copyOf(allowed);
        fileRoot = fileRoot.toAbsolutePath().normalize();
    }
}
