package dev.caravan.agent;

/**
 * One place where an agent can be called, as chosen by {@link AgentRegistry#selectInstance}.
 *
 * @param agentId the agent it belongs to
 * @param url     an {@code http(s)} base URL without trailing slash, or a Camel endpoint URI
 */
public record AgentInstance(String agentId, String url) {

    /** Whether the instance speaks the HTTP transport of the protocol (else {@link #url} is a Camel URI). */
    public boolean isHttp() {
        return url.startsWith("http://") || url.startsWith("https://");
    }

    /** {@code {url}/actions/{action}}: where the HTTP transport posts a call. */
    public String actionUrl(String action) {
        return url + "/actions/" + action;
    }

    /** {@code {url}/health}: where the HTTP transport checks health. */
    public String healthUrl() {
        return url + "/health";
    }
}
