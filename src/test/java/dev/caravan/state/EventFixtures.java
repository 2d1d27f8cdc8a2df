package dev.caravan.state;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Opens {@link EventFixture}s for a test and closes them after it ({@code @RegisterExtension}). */
final class EventFixtures implements AfterEachCallback {

    private final List<EventFixture> open = new ArrayList<>();

    EventFixture over(DataSource dataSource) {
        EventFixture fixture = new EventFixture(dataSource);
        open.add(fixture);
        return fixture;
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        for (EventFixture fixture : open) {
            fixture.close();
        }
        open.clear();
    }
}
