package io.healthscore.alert.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryableSqlFailureTest {

    @ParameterizedTest
    @ValueSource(strings = {"08001", "08006", "53300", "53100", "57P01", "57014", "40001", "40P01"})
    void connectionAvailabilityAndConcurrencyFailuresAreRetried(String sqlState) {
        // Given a failure the database reports for a reason outside the record
        SQLException e = new SQLException("server went away", sqlState);

        // When / Then
        assertThat(RetryableSqlFailure.is(e)).as(sqlState).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"22008", "22021", "22003", "22P02", "23505", "23514", "23503", "54000", "42703"})
    void failuresCausedByTheStatementOrItsDataAreNotRetried(String sqlState) {
        // Given a failure that would repeat on every retry of the same record
        SQLException e = new SQLException("date/time field value out of range", sqlState);

        // When / Then
        assertThat(RetryableSqlFailure.is(e)).as(sqlState).isFalse();
    }

    @Test
    void aFailureWithoutSqlStateIsRetriedBecauseThePoolCouldNotConnect() {
        // Given Hikari's timeout while no connection could be made
        SQLException e = new SQLTransientConnectionException("default - Connection is not available, request timed "
                + "out after 5000ms", (String) null);

        // When / Then
        assertThat(RetryableSqlFailure.is(e)).isTrue();
    }

    @Test
    void aTimeoutIsRetriedWhateverItsSqlState() {
        assertThat(RetryableSqlFailure.is(new SQLTimeoutException("statement timed out", "HYT00"))).isTrue();
    }

    @Test
    void theSqlStateOfTheCauseDecidesWhenTheWrapperHasNone() {
        // Given the pool's wrapper around the driver's refusal to connect
        SQLException driver = new SQLException("Connection refused", "08001");
        SQLException pool = new SQLException("cannot get a connection", null, driver);
        // And a wrapper around a data exception
        SQLException data = new SQLException("wrapped", null, new SQLException("out of range", "22008"));

        // When / Then
        assertThat(RetryableSqlFailure.is(pool)).isTrue();
        assertThat(RetryableSqlFailure.is(data)).isFalse();
        assertThat(RetryableSqlFailure.sqlState(data)).isEqualTo("22008");
    }

    @Test
    void aBatchFailureIsJudgedByItsNextException() {
        // Given a batch whose own exception carries no state but whose next exception is a constraint violation
        SQLException batch = new SQLException("Batch entry 0 was aborted");
        batch.setNextException(new SQLException("duplicate key", "23505"));

        // When / Then
        assertThat(RetryableSqlFailure.is(batch)).isFalse();
        assertThat(RetryableSqlFailure.sqlState(batch)).isEqualTo("23505");
    }
}
