package io.healthscore.alert;

import com.zaxxer.hikari.HikariConfig;
import org.flywaydb.core.Flyway;

/** For the database benchmarks: an empty database of the local stack, migrated like the service's. */
final class BenchDatabase {

    private BenchDatabase() {
    }

    /** Cleans and migrates {@code url}; @return a pool of two connections to it, not started */
    static HikariConfig migrated(String url) {
        Flyway.configure().dataSource(url, "postgres", "").locations("classpath:db/migration").cleanDisabled(false)
                .load().clean();
        Flyway.configure().dataSource(url, "postgres", "").locations("classpath:db/migration").load().migrate();
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setUsername("postgres");
        hc.setMaximumPoolSize(2);
        return hc;
    }
}
