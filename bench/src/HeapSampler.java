/** Samples Caravan's heap and live threads every half second (platform threads only: virtual ones are not counted). */
final class HeapSampler implements Runnable {
    private final CaravanApi caravan;
    private volatile boolean running = true;
    private volatile Double peakHeapMb;
    private volatile Double peakThreads;
    private volatile int samples;

    HeapSampler(CaravanApi caravan) {
        this.caravan = caravan;
    }

    @Override
    public void run() {
        while (running) {
            try {
                double heap = caravan.metric("jvm.memory.used", "area:heap") / 1e6;
                double threads = caravan.metric("jvm.threads.live", null);
                peakHeapMb = peakHeapMb == null ? heap : Math.max(peakHeapMb, heap);
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

    Double peakHeapMb() {
        return peakHeapMb;
    }

    Double peakThreads() {
        return peakThreads;
    }

    int samples() {
        return samples;
    }
}
