package dev.caravan.api;

import dev.caravan.compile.CompiledWorkflow;
import dev.caravan.definition.WorkflowDefinition;
import dev.caravan.definition.WorkflowLimits;
import dev.caravan.definition.WorkflowSchema;
import dev.caravan.run.Deployment;
import dev.caravan.run.WorkflowCatalog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.support.ExchangeHelper;
import org.springframework.stereotype.Component;

/** The definitions part of the API: deploy, undeploy, list and read workflows, their routes and the schema. */
@Component("definitionApi")
class DefinitionApi {

    /** The source name of a workflow posted without {@code ?name=}: its id then comes from the text. */
    static final String POSTED_SOURCE = "request";

    private final WorkflowCatalog catalog;
    private final Responses responses;
    private final WorkflowLimits limits;

    DefinitionApi(WorkflowCatalog catalog, Responses responses, WorkflowLimits limits) {
        this.catalog = catalog;
        this.responses = responses;
        this.limits = limits;
    }

    public void deploy(Exchange exchange) throws IOException {
        String text = sourceText(exchange);
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

    /**
     * The body as text, refused (413) when it is larger than a workflow may be: by its
     * Content-Length before a byte is read, else as it is read (RequestBodies has kept it within the
     * API's own, larger, limit). Reading it whole first kept a 30 MB text in the YAML reader for minutes.
     */
    private String sourceText(Exchange exchange) throws IOException {
        long limit = limits.maxSourceBytes();
        Long declared = exchange.getMessage().getHeader(Exchange.CONTENT_LENGTH, Long.class);
        if (declared != null && declared > limit) {
            throw new ContentTooLargeException(limits.sourceTooLarge() + "; nothing was deployed");
        }
        InputStream body = exchange.getMessage().getBody(InputStream.class);
        if (body == null) {
            return null;
        }
        byte[] bytes = readUpTo(body, limit + 1);
        if (bytes.length > limit) {
            throw new ContentTooLargeException(limits.sourceTooLarge() + "; nothing was deployed");
        }
        return new String(bytes, ExchangeHelper.getCharsetName(exchange));
    }

    /** Up to {@code limit} bytes; never a read of none, which Tomcat's stream answers by waiting for more. */
    private static byte[] readUpTo(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (read.size() < limit) {
            int count = in.read(buffer, 0, (int) Math.min(buffer.length, limit - read.size()));
            if (count < 0) {
                break;
            }
            read.write(buffer, 0, count);
        }
        return read.toByteArray();
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
