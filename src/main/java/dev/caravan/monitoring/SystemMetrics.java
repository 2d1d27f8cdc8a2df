package dev.caravan.monitoring;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.caravan.event.EventBus;
import dev.caravan.run.LiveRuns;
import dev.caravan.run.RunLeases;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * This node's vital signs, published as {@code system.metrics.collected} (bean
 * {@code systemMetrics}, called by the timer route {@code caravan.monitoring.system-metrics} in
 * {@code routes/monitoring.yaml}): heap used and max, the process's CPU load, live threads, runs
 * executing here, and the database pool's connections. The correlation id is the node's id.
 */
@Component("systemMetrics")
public class SystemMetrics {

    static final String COLLECTED = "system.metrics.collected";

    private final EventBus events;
    private final LiveRuns runs;
    private final RunLeases leases;
    private final DataSource database;

    public SystemMetrics(EventBus events, LiveRuns runs, RunLeases leases, DataSource database) {
        this.events = events;
        this.runs = runs;
        this.leases = leases;
        this.database = database;
    }

    public void collect() {
        events.publish(COLLECTED, leases.nodeId(), snapshot());
    }

    Map<String, Object> snapshot() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("node", leases.nodeId());
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        data.put("heapUsedBytes", heap.getUsed());
        // -1 when the JVM sets no limit
        data.put("heapMaxBytes", heap.getMax());
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                && os.getProcessCpuLoad() >= 0) {
            data.put("processCpuLoad", os.getProcessCpuLoad());
        }
        data.put("liveThreads", ManagementFactory.getThreadMXBean().getThreadCount());
        data.put("activeRuns", runs.count());
        pool().ifPresent(pool -> data.put("databasePool", pool));
        return data;
    }

    /** The Hikari pool's connections; empty for another pool, or before the pool has started. */
    private Optional<Map<String, Object>> pool() {
        try {
            if (!database.isWrapperFor(HikariDataSource.class)) {
                return Optional.empty();
            }
            HikariDataSource hikari = database.unwrap(HikariDataSource.class);
            HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
            if (pool == null) {
                return Optional.empty();
            }
            Map<String, Object> connections = new LinkedHashMap<>();
            connections.put("active", pool.getActiveConnections());
            connections.put("idle", pool.getIdleConnections());
            connections.put("max", hikari.getMaximumPoolSize());
            connections.put("waiting", pool.getThreadsAwaitingConnection());
            return Optional.of(connections);
        } catch (SQLException e) {
            return Optional.empty();
        }
    }
}
