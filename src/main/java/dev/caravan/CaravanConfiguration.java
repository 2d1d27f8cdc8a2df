package dev.caravan;

import dev.caravan.agent.AgentRegistry;
import dev.caravan.definition.TriggerPolicy;
import dev.caravan.definition.WorkflowParser;
import dev.caravan.expression.CaravanLanguage;
import dev.caravan.expression.ExpressionEvaluator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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

    @Bean
    WorkflowParser workflowParser(AgentRegistry agents, ExpressionEvaluator expressions, TriggerPolicy triggers) {
        return new WorkflowParser(agents, expressions, triggers);
    }
}
