package dev.caravan.agent;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the agent registry ({@code caravan.agents.*}).
 *
 * @param file the registry file to load at start-up. Relative paths resolve against the working
 *             directory. The environment variable {@code CARAVAN_AGENTS_FILE} sets it too (Spring's
 *             relaxed binding maps it to {@code caravan.agents.file}); setting it also turns the
 *             demo fleet off unless {@code caravan.demo.enabled=true}.
 */
@ConfigurationProperties("caravan.agents")
public record AgentProperties(@DefaultValue("config/agents.yml") Path file) {
}
