package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.healthscore.alert.config.DeliveryConfig;
import io.healthscore.alert.delivery.BackoffPolicy;
import io.healthscore.alert.delivery.DeliveryWorker;
import io.healthscore.alert.delivery.Notifier;
import io.healthscore.alert.metrics.AlertMetrics;
import io.healthscore.alert.store.Channel;
import io.healthscore.alert.store.Database;
import io.healthscore.alert.store.Delivery;
import io.healthscore.alert.store.DeliveryRepository;
import io.healthscore.avro.AlertRule;
import io.healthscore.avro.CoverageModel;
import io.healthscore.avro.Severity;
import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The database fails right after a message went out: the worker keeps trying to record the delivery while the
 * row's lease holds, instead of leaving the row IN_FLIGHT to be claimed and sent a second time.
 */
@ExtendWith(LocalStackExtension.class)
class DeliveryRecordRetryIT {

    private static AlertServiceFixture service;
    private static Sql sql;

    @BeforeAll
    static void start(LocalStack stack) {
        // The service's own worker stays off: the test runs one over a database connection it can break.
        service = AlertServiceFixture.start(stack, "record_retry_it", Map.of("delivery.enabled", false));
        sql = new Sql(service.jdbcUrl);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aDeliveryIsRecordedAfterTheDatabaseComesBackAndIsNotSentAgain() {
        service.send(service.topics.churnRiskAlerts(), "acct-retry", Records.alert("alert-retry", "acct-retry",
                AlertRule.PAYMENT_FAILED, Severity.IMMINENT, CoverageModel.HIGH_TOUCH).build());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> sql.count("SELECT count(*) FROM deliveries WHERE alert_id = 'alert-retry'") > 0);

        var context = service.context();
        FlakyDataSource flaky = new FlakyDataSource(context.getBean(DataSource.class));
        AtomicInteger sends = new AtomicInteger();
        List<Notifier> notifiers = java.util.Arrays.stream(Channel.values()).map(channel -> (Notifier) new Notifier() {
            @Override
            public Channel channel() {
                return channel;
            }

            @Override
            public void send(Delivery delivery) {
                sends.incrementAndGet();
                flaky.failNext(3);   // the database goes away right after the message went out
            }
        }).toList();
        DeliveryConfig config = context.getBean(DeliveryConfig.class);
        DeliveryWorker worker = new DeliveryWorker(new Database(flaky), context.getBean(DeliveryRepository.class),
                notifiers, new BackoffPolicy(config), config, context.getBean(AlertMetrics.class), Clock.systemUTC());

        int attempted = worker.runOnce();

        assertThat(attempted).as("deliveries due").isPositive();
        assertThat(sends.get()).as("messages sent").isEqualTo(attempted);
        assertThat(flaky.refused()).as("connections refused while recording").isEqualTo(3 * attempted);
        assertThat(sql.count("SELECT count(*) FROM deliveries WHERE alert_id = 'alert-retry' AND status = 'DELIVERED'"))
                .isEqualTo(attempted);
        // Nothing is left to claim again, now or once the lease would have lapsed.
        assertThat(worker.runOnce()).isZero();
        assertThat(sends.get()).isEqualTo(attempted);
    }

    /** A DataSource whose next n connections fail, as when PostgreSQL is briefly unreachable. */
    static final class FlakyDataSource implements DataSource {

        private final DataSource delegate;
        private final AtomicInteger failures = new AtomicInteger();
        private final AtomicInteger refused = new AtomicInteger();

        FlakyDataSource(DataSource delegate) {
            this.delegate = delegate;
        }

        void failNext(int n) {
            failures.set(n);
        }

        int refused() {
            return refused.get();
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                refused.incrementAndGet();
                throw new SQLTransientConnectionException("database unreachable (test)");
            }
            return delegate.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return delegate.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            delegate.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            delegate.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return delegate.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return delegate.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return delegate.isWrapperFor(iface);
        }
    }
}
