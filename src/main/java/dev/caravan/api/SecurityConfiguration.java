package dev.caravan.api;

import java.nio.file.Path;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConstructorArgumentValues.ValueHolder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.PathPatternRequestMatcherBuilderFactoryBean;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.AbstractSecurityWebApplicationInitializer;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Nothing but health and metrics without credentials. The API takes HTTP Basic and answers 401 as
 * problem+json; Hawtio and the rest of the actuator take a login form, with CSRF tokens in a
 * cookie that Hawtio's web app reads (STACK.md trap 8).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** BCrypt, paid once per client credential rather than on every HTTP Basic request. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return new RememberingPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder(), 1_000);
    }

    /**
     * No observation around each filter of the security chain: even switched off by a predicate,
     * Spring Security wraps every filter of every API request (about 10% of CPU under API load).
     * The HTTP server's own request metrics stay.
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Every request matcher of Spring Security on path patterns, written as the client sent the
     * path (Spring Security 6.5's default when this builder is published), instead of Spring MVC's
     * handler mappings: most requests (the API) go to Camel's servlet, not to Spring MVC.
     */
    @Bean
    static PathPatternRequestMatcherBuilderFactoryBean requestPaths() {
        return new PathPatternRequestMatcherBuilderFactoryBean();
    }

    /**
     * Unwraps the filter that Spring Security puts before its chain when Spring MVC is present: on
     * every request it looked the path up in each of Spring MVC's handler mappings (actuator,
     * Hawtio), for matchers that ask Spring MVC, which Caravan has none of (see
     * {@link #requestPaths}). It was a quarter of the CPU of an API request. Runs after Spring
     * Security's own registry post-processors, which build the wrapper.
     */
    @Bean
    static BeanFactoryPostProcessor securityChainWithoutHandlerMappingLookup() {
        return factory -> {
            BeanDefinitionRegistry registry = (BeanDefinitionRegistry) factory;
            String name = AbstractSecurityWebApplicationInitializer.DEFAULT_FILTER_NAME;
            if (!registry.containsBeanDefinition(name)) {
                return;
            }
            BeanDefinition chain = registry.getBeanDefinition(name);
            if (!MVC_WRAPPER.equals(chain.getBeanClassName())) {
                return;
            }
            ValueHolder wrapped = chain.getConstructorArgumentValues().getIndexedArgumentValue(0, List.class);
            // [the handler mapping lookup, the chain as it was before]
            if (wrapped != null && wrapped.getValue() instanceof List<?> filters && filters.size() == 2
                    && filters.get(1) instanceof BeanDefinition inner) {
                registry.removeBeanDefinition(name);
                registry.registerBeanDefinition(name, inner);
            }
        };
    }

    private static final String MVC_WRAPPER =
            "org.springframework.security.config.annotation.web.configuration.WebMvcSecurityConfiguration$CompositeFilterChainProxy";

    @Bean
    UserDetailsService users(PasswordEncoder encoder,
            @Value("${caravan.security.admin-password:}") String configured,
            @Value("${caravan.security.data-dir:data}") Path dataDir) {
        return new AdminUser(AdminPassword.resolve(configured, dataDir), encoder);
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        // Paths as the client wrote them: the API is Camel's servlet, not Spring MVC's, so matchers
        // that ask Spring MVC's handler mappings (what a bare "/api/**" means here) never match it
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        return http.securityMatcher(paths.matcher("/api/**"))
                .authorizeHttpRequests(requests -> requests
                        // an agent's callback: its URL's token, checked by the handler, is its credential
                        .requestMatchers(paths.matcher(HttpMethod.POST, "/api/workflows/*/steps/*/callback"))
                        .permitAll()
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint(new ApiCredentialsEntryPoint()))
                // a stateless API of HTTP Basic clients: no session, so no CSRF to guard
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                // nothing to log out of, and the API reads no principal from the servlet request:
                // two filters fewer on every call
                .logout(logout -> logout.disable())
                .servletApi(servletApi -> servletApi.disable())
                .requestCache(cache -> cache.disable())
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain web(HttpSecurity http) throws Exception {
        CsrfTokenRequestAttributeHandler tokens = new CsrfTokenRequestAttributeHandler();
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus").permitAll()
                        .requestMatchers("/login", "/error").permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.defaultSuccessUrl("/actuator/hawtio/", false))
                .httpBasic(Customizer.withDefaults())
                .csrf(csrf -> csrf
                        .csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(tokens))
                .addFilterAfter(new CsrfCookieWriter(), org.springframework.security.web.csrf.CsrfFilter.class)
                .build();
    }

    /** Reads the token on each request, which makes Spring write the XSRF-TOKEN cookie for Hawtio. */
    private static final class CsrfCookieWriter extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(jakarta.servlet.http.HttpServletRequest request,
                jakarta.servlet.http.HttpServletResponse response, jakarta.servlet.FilterChain chain)
                throws jakarta.servlet.ServletException, java.io.IOException {
            CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
            if (token != null) {
                token.getToken();
            }
            chain.doFilter(request, response);
        }
    }
}
