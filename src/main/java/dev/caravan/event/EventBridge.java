package dev.caravan.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.serializer.StringRedisSerializer;
import org.springframework.stereotype.Component;

/**
 * Carries events between Caravan nodes over Redis pub/sub when {@code REDIS_URL} is set (bean
 * {@code eventBridge}). Each node stores its own events, delivers them to its own listeners, then
 * sends them on; a node hands what it receives from the others to its listeners once, and never
 * sends it on again. Sending is off the publisher's thread through a bounded queue, so a Redis that
 * is down slows no run; what cannot be sent meanwhile is still in the store, and the subscription
 * comes back by itself when Redis does.
 */
@Component("eventBridge")
public class EventBridge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventBridge.class);
    static final String CHANNEL = "caravan.events";
    /** The Redis connections, bound in Camel's registry while the bridge runs: triggers subscribe through them too. */
    public static final String REDIS_CONNECTIONS = "caravanRedis";
    /** A serializer that reads and writes Redis messages as UTF-8 text, bound beside the connections. */
    public static final String REDIS_TEXT = "caravanRedisText";

    private final EventBus events;
    private final ObjectMapper json;
    private final String redisUrl;
    private final String origin = UUID.randomUUID().toString();
    private final BlockingQueue<Event> outbox = new ArrayBlockingQueue<>(10_000);
    private final ThreadLocal<Boolean> receiving = ThreadLocal.withInitial(() -> false);
    private volatile boolean running;
    private volatile Instant lastWarning = Instant.MIN;
    private JedisConnectionFactory connections;
    private Thread sender;

    public EventBridge(EventBus events, ObjectMapper json, @Value("${caravan.events.redis-url:}") String redisUrl) {
        this.events = events;
        this.json = json;
        this.redisUrl = redisUrl;
    }

    public boolean enabled() {
        return redisUrl != null && !redisUrl.isBlank();
    }

    /** Connects the bridge when Redis is configured: the two routes, the sender, the forwarding listener. */
    public void start(CamelContext camel) throws Exception {
        if (!enabled()) {
            return;
        }
        RedisUrl url = RedisUrl.parse(redisUrl);
        connections = connections(url);
        camel.getRegistry().bind(REDIS_CONNECTIONS, connections);
        camel.getRegistry().bind(REDIS_TEXT, new StringRedisSerializer());
        TemplatedRouteBuilder.builder(camel, "event-bridge-out").routeId("caravan.events.to-redis")
                .parameter("channel", CHANNEL).add();
        TemplatedRouteBuilder.builder(camel, "event-bridge-in").routeId("caravan.events.from-redis")
                .parameter("channel", CHANNEL).add();
        ProducerTemplate producer = camel.createProducerTemplate();
        running = true;
        sender = Thread.ofVirtual().name("caravan-event-bridge").start(() -> send(producer));
        events.onEvent("*", this::forward);
        LOG.info("Events travel between nodes over Redis at {}", url);
    }

    private void forward(Event event) {
        if (receiving.get()) {
            return;
        }
        if (!outbox.offer(event)) {
            warn("the queue of events for Redis is full; event " + event.id() + " reaches other nodes through "
                    + "the store only");
        }
    }

    private void send(ProducerTemplate producer) {
        while (running) {
            try {
                Event event = outbox.take();
                producer.sendBody("direct:caravan.events.to-redis",
                        json.writeValueAsString(Map.of("origin", origin, "event", event)));
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
                return;
            } catch (JsonProcessingException | RuntimeException e) {
                warn("cannot send events to Redis (" + e.getMessage() + "); they stay in the store");
            }
        }
    }

    /** An event from Redis: handed to this node's listeners, unless this node sent it. */
    public void received(String message) throws JsonProcessingException {
        Map<?, ?> envelope = json.readValue(message, Map.class);
        if (origin.equals(envelope.get("origin"))) {
            return;
        }
        Event event = json.convertValue(envelope.get("event"), Event.class);
        receiving.set(true);
        try {
            events.deliver(event);
        } finally {
            receiving.set(false);
        }
    }

    private void warn(String message) {
        Instant now = Instant.now();
        if (Duration.between(lastWarning, now).toSeconds() >= 30) {
            lastWarning = now;
            LOG.warn("Event bridge: {}", message);
        }
    }

    private static JedisConnectionFactory connections(RedisUrl url) {
        RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(url.host(), url.port());
        server.setDatabase(url.database());
        if (url.username() != null) {
            server.setUsername(url.username());
        }
        if (url.password() != null) {
            server.setPassword(url.password());
        }
        JedisClientConfiguration.JedisClientConfigurationBuilder client = JedisClientConfiguration.builder()
                .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2));
        if (url.tls()) {
            client.useSsl();
        }
        JedisConnectionFactory factory = new JedisConnectionFactory(server, client.build());
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    @Override
    public void close() {
        running = false;
        if (sender != null) {
            sender.interrupt();
        }
        if (connections != null) {
            connections.destroy();
        }
    }
}
