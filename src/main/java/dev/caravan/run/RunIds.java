package dev.caravan.run;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochRandomGenerator;
import java.util.Random;

/**
 * New run ids: UUIDs of version 7 (RFC 9562), which begin with their creation time in milliseconds.
 * So ids created later sort later, also as text, and a new run's rows go to the growing end of the
 * indexes that lead with its id (runs, steps, events by correlation) instead of a random page of
 * each: fewer pages touched and written per run. A run id is not a secret (the callback URL's token
 * is), so its random part needs no secure generator, whose shared lock and system call every run
 * start paid for.
 */
final class RunIds {

    private static final TimeBasedEpochRandomGenerator GENERATOR = Generators.timeBasedEpochRandomGenerator(new Random());

    private RunIds() {
    }

    static String next() {
        return GENERATOR.generate().toString();
    }
}
