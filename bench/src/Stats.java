import java.util.Arrays;
import java.util.Collection;

/** Percentiles of a sample, nearest-rank: the p-th percentile is a value that was measured. */
final class Stats {

    private Stats() {
    }

    static Double percentile(Collection<Double> sample, double p) {
        if (sample.isEmpty()) {
            return null;
        }
        double[] sorted = sample.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static Double median(Collection<Double> sample) {
        return percentile(sample, 50);
    }

    static Double max(Collection<Double> sample) {
        return sample.stream().max(Double::compare).orElse(null);
    }

    static Double ratio(Double measured, Double floor) {
        return measured == null || floor == null || floor == 0 ? null : measured / floor;
    }
}
