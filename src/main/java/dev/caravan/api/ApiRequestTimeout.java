package dev.caravan.api;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * How long an API request may take. Camel's platform-http answers every request asynchronously
 * (a CompletableFuture handed to Spring MVC), so Spring MVC's async timeout applies to all of
 * them; left unset it is the servlet container's 30 s, which cut off {@code "wait": true} after
 * 30 s with a 503 although {@code caravan.api.wait-limit} allows minutes. The timeout is the wait
 * limit plus a margin, so that the API answers 202 at the wait limit itself, as documented.
 */
@Configuration(proxyBeanMethods = false)
class ApiRequestTimeout implements WebMvcConfigurer {

    /** Time to write the answer after the wait limit has passed. */
    static final Duration MARGIN = Duration.ofSeconds(30);

    private final Duration timeout;

    ApiRequestTimeout(@Value("${caravan.api.wait-limit:5m}") Duration waitLimit) {
        this.timeout = waitLimit.plus(MARGIN);
    }

    @Override
    public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
        configurer.setDefaultTimeout(timeout.toMillis());
    }
}
