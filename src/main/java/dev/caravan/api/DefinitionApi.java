package dev.caravan.api;

import dev.caravan.compile.CompiledWorkflow;
import dev.caravan.definition.WorkflowDefinition;
import dev.caravan.definition.WorkflowSchema;
import dev.caravan.run.Deployment;
import dev.caravan.run.WorkflowCatalog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** The definitions part of the API: deploy, undeploy, list and read workflows, their routes and the schema. */
@Component("definitionApi")
class DefinitionApi {

    /** The source name of a workflow posted without {@code ?name=}: its id then comes from the text. */
    static final String POSTED_SOURCE = "request";

    private final WorkflowCatalog catalog;
    private final Responses responses;

    DefinitionApi(WorkflowCatalog catalog, Responses responses) {
        this.catalog = catalog;
        this.responses = responses;
    }

    public void deploy(Exchange exchange) {
        String text = exchange.getMessage().getBody(String.class);
        if (text == null || text.isBlank()) {
            throw new BadRequestException("the request has no body: send the workflow's YAML text");
        }
        String name = QueryParameters.first(exchange.getMessage(), "name");
        Deployment deployment = catalog.deploy(name == null || name.isBlank() ? POSTED_SOURCE : name, text);
        Map<String, Object> body = summary(deployment.workflow());
        body.put("created", deployment.created());
        body.put("warnings", deployment.warnings());
        responses.json(exchange, deployment.created() ? 201 : 200, body);
        exchange.getMessage().setHeader("Location", "/api/definitions/" + deployment.workflow().workflowId());
    }

    /** 204 once undeployed; 404 (problem+json) when no workflow of that id is deployed. */
    public void undeploy(Exchange exchange) {
        catalog.undeploy(Responses.pathParam(exchange, "id"));
        responses.write(exchange, 204, "application/json", "");
    }

    public void list(Exchange exchange) {
        responses.json(exchange, 200, Map.of("definitions", catalog.all().stream().map(DefinitionApi::summary).toList()));
    }

    public void get(Exchange exchange) {
        CompiledWorkflow workflow = current(exchange);
        Map<String, Object> body = summary(workflow);
        body.put("source", workflow.definition().source().text());
        body.put("revisions", catalog.revisionsOf(workflow.workflowId()).stream().map(revision -> Map.of(
                "revision", revision.revision(),
                "version", revision.version(),
                "checksum", revision.checksum(),
                "deployedAt", revision.deployedAt().toString())).toList());
        responses.json(exchange, 200, body);
    }

    public void route(Exchange exchange) {
        responses.write(exchange, 200, "text/yaml", current(exchange).routesYaml());
    }

    public void schema(Exchange exchange) {
        responses.write(exchange, 200, "application/schema+json", WorkflowSchema.json());
    }

    private CompiledWorkflow current(Exchange exchange) {
        String id = Responses.pathParam(exchange, "id");
        return catalog.latest(id).orElseThrow(() -> new NotFoundException("no workflow '" + id + "' is deployed"));
    }

    private static Map<String, Object> summary(CompiledWorkflow workflow) {
        WorkflowDefinition definition = workflow.definition();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", definition.id());
        body.put("name", definition.name());
        body.put("version", definition.version());
        body.put("revision", workflow.revision());
        body.put("description", definition.description());
        body.put("schedule", definition.schedule() == null ? null : definition.schedule().cron());
        body.put("steps", definition.steps().size());
        body.put("sourceName", definition.source().name());
        body.put("checksum", definition.source().checksum());
        body.put("routes", List.copyOf(workflow.routeIds()));
        return body;
    }
}
