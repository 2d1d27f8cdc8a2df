package dev.caravan.event;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/** Serves {@link EventSocket} at {@code /ws/events}, behind the same login as everything else. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class EventSocketConfiguration implements WebSocketConfigurer {

    private final EventSocket socket;

    EventSocketConfiguration(EventSocket socket) {
        this.socket = socket;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(socket, "/ws/events");
    }
}
