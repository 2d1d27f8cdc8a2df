package dev.caravan.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RunIdsTest {

    @Test
    void aRunIdIsAVersion7UuidThatSortsAfterTheIdsOfEarlierMilliseconds() throws InterruptedException {
        String earlier = RunIds.next();
        Thread.sleep(2);
        String later = RunIds.next();

        assertThat(UUID.fromString(earlier).version()).isEqualTo(7);
        assertThat(UUID.fromString(earlier).toString()).isEqualTo(earlier);
        // as text too: the runs' primary key is the id's text
        assertThat(later).isGreaterThan(earlier);
    }

    @Test
    void idsMadeTogetherDoNotCollide() {
        List<String> ids = IntStream.range(0, 100_000).parallel().mapToObj(index -> RunIds.next()).toList();

        Set<String> distinct = new HashSet<>(ids);
        assertThat(distinct).hasSize(ids.size());
    }
}
