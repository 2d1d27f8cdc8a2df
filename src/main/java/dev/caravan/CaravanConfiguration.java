package dev.caravan;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import dev.caravan.agent.AgentRegistry;
import dev.caravan.definition.TriggerPolicy;
import dev.caravan.definition.WorkflowLimits;
import dev.caravan.definition.WorkflowParser;
import dev.caravan.expression.CaravanLanguage;
import dev.caravan.expression.ExpressionEvaluator;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/** Wires the packages that know nothing of Spring: the language, its evaluator and the parser. */
@Configuration(proxyBeanMethods = false)
class CaravanConfiguration {

    @Bean
    ExpressionEvaluator expressionEvaluator() {
        return new ExpressionEvaluator();
    }

    /** Camel finds a language by its bean name: routes say {@code language: caravan}. */
    @Bean(name = "caravan")
    CaravanLanguage caravanLanguage(ExpressionEvaluator evaluator) {
        return new CaravanLanguage(evaluator);
    }

    /**
     * Jackson's read and write buffers shared by all threads. Its default pool keeps them per thread,
     * and every request and run has a virtual thread of its own: each JSON read or write allocated
     * fresh buffers (docs/performance.md, session 12). This is the mapper Spring builds, which the API,
     * the stores and the agent calls use; the few made by hand (the schema checker's, the trigger
     * bodies', the demo fleet's) keep Jackson's default.
     */
    @Bean
    Jackson2ObjectMapperBuilderCustomizer sharedJsonBuffers() {
        return builder -> builder.postConfigurer(mapper -> {
            mapper.getFactory().setRecyclerPool(JsonRecyclerPools.sharedConcurrentDequePool());
            mapper.getFactory().setStreamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(MAX_JSON_NESTING).build());
        });
    }

    /**
     * How deep a JSON value read by Caravan (a request body, a state value, an agent's answer) may
     * nest. Jackson reads up to 1,000 levels and writes up to 1,000 too, so a value taken at 999
     * could not be written back inside an event or a result (a state value 999 deep made every
     * page of GET /api/events that held its event a 500). Far below, no value taken in is one
     * Caravan cannot give back.
     */
    static final int MAX_JSON_NESTING = 200;

    /**
     * What one workflow may ask of Caravan (docs/workflow-language.md, "Limits"): the API, the
     * watched folder and the parser check the same limits.
     *
     * @param maxSourceSize the largest workflow text, in UTF-8
     * @param maxSteps the most steps of a workflow, nested steps and parallel calls counted
     */
    @ConfigurationProperties("caravan.workflows")
    record WorkflowLimitProperties(@DefaultValue("1MB") DataSize maxSourceSize, @DefaultValue("200") int maxSteps) {
    }

    @Bean
    WorkflowLimits workflowLimits(WorkflowLimitProperties settings) {
        return new WorkflowLimits(settings.maxSourceSize().toBytes(), settings.maxSteps());
    }

    @Bean
    WorkflowParser workflowParser(AgentRegistry agents, ExpressionEvaluator expressions, TriggerPolicy triggers,
            WorkflowLimits limits) {
        return new WorkflowParser(agents, expressions, triggers, limits);
    }
}
