/** Samples Caravan's heap and live threads every half second (platform threads only: virtual ones are not counted). */
final class HeapSampler implements Runnable {
    private final CaravanApi caravan;
    private volatile boolean running = true;
    private volatile Double peakHeapMib;
    private volatile Double peakLiveMib;
    private volatile Double peakThreads;
    private volatile int samples;

    HeapSampler(CaravanApi caravan) {
        this.caravan = caravan;
    }

    @Override
    public void run() {
        while (running) {
            try {
                double heap = caravan.metric("jvm.memory.used", "area:heap") / Bench.MIB;
                double threads = caravan.metric("jvm.threads.live", null);
                // what the last collection left of the long-lived heap: what the runs hold, without
                // the garbage that a heap sized from the start (-Xms as -Xmx) lets pile up to its top
                double live = caravan.metric("jvm.gc.live.data.size", null) / Bench.MIB;
                peakLiveMib = peakLiveMib == null ? live : Math.max(peakLiveMib, live);
                peakHeapMib = peakHeapMib == null ? heap : Math.max(peakHeapMib, heap);
                peakThreads = peakThreads == null ? threads : Math.max(peakThreads, threads);
                samples++;
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // a sample missed under load is not a failure of the measure; the next one counts
            }
        }
    }

    void stop() {
        running = false;
    }

    /** In MiB, the unit of -Xmx. */
    Double peakHeapMib() {
        return peakHeapMib;
    }

    /** The most the long-lived heap held after a collection, in MiB. */
    Double peakLiveMib() {
        return peakLiveMib;
    }

    Double peakThreads() {
        return peakThreads;
    }

    int samples() {
        return samples;
    }
}
