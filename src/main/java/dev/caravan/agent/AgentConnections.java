package dev.caravan.agent;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The HTTP connections of agent calls: one pool shared by every agent endpoint (set on Camel's
 * http component as {@code camel.component.http.client-connection-manager}). Camel's default pool
 * allows 20 connections per host, so hundreds of runs in flight on one agent host queued for a
 * connection inside Caravan instead of calling; a run is a virtual thread, so the only limit that
 * should hold a call back is the agent itself. Each connection's read buffer is kept small (agent
 * answers are small JSON documents) so that ten thousand open connections stay cheap in heap.
 */
@Configuration(proxyBeanMethods = false)
class AgentConnections {

    /** Connections to one agent instance (host and port): enough for every run in flight. */
    static final int PER_INSTANCE = 10_000;

    /** Connections to all agents together. */
    static final int TOTAL = 20_000;

    /** A pooled connection idle for longer is checked before a call is sent on it. */
    static final java.time.Duration VALIDATE_AFTER_IDLE = java.time.Duration.ofSeconds(1);

    /** Bytes of each connection's read buffer; larger answers are read in several chunks. */
    static final int BUFFER_BYTES = 2_048;

    @Bean(destroyMethod = "close")
    HttpClientConnectionManager agentConnectionManager() {
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(PER_INSTANCE)
                .setMaxConnTotal(TOTAL)
                // the strict pool takes one lock for every lease and release of every agent call;
                // the lax one does not, and only keeps the limit per instance (which is far away)
                .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                // an agent (or a proxy) may close a connection that idles in the pool; a call sent on
                // it would fail as "closed without answering" and count against the agent's breaker
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setValidateAfterInactivity(TimeValue.of(VALIDATE_AFTER_IDLE))
                        .build())
                .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                        .http1Config(Http1Config.custom().setBufferSize(BUFFER_BYTES).build())
                        .build())
                .build();
        return pool;
    }
}
