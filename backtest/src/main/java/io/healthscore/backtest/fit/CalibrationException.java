package io.healthscore.backtest.fit;

/** The samples cannot support a risk calibration (none, no churn, only churn, no spread); the levels stay uncalibrated. */
public class CalibrationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CalibrationException(String message) {
        super(message);
    }
}
