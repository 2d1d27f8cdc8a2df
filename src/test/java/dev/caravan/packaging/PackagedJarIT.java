package dev.caravan.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.caravan.testing.CaravanProcess;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code target/caravan.jar} as a user runs it: its own process, {@code java -jar} from the
 * repository folder, configured by environment variables only. It must start, load its routes from
 * inside the jar, and run a seed workflow against the demo fleet, with state in the embedded H2.
 */
class PackagedJarIT {

    @Test
    void theJarStartsAndRunsASeedWorkflow() throws Exception {
        try (CaravanProcess caravan = new CaravanProcess(Map.of()).start()) {
            HttpResponse<String> response = caravan.postJson("/api/workflows/execute",
                    "{\"workflow\": \"continuous-monitoring\", \"wait\": true}");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode result = new ObjectMapper().readTree(response.body());
            assertThat(result.get("status").asText()).isEqualTo("success");
        }
    }
}
