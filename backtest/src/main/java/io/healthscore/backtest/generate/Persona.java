package io.healthscore.backtest.generate;

/** How a synthetic account behaves over the log. */
public enum Persona {
    /** Uses the product at its own steady rate. */
    STEADY(false),
    /** Noise: a temporary dip of one to three weeks (holidays, a reorganisation), then back to normal; stays. */
    DIP(false),
    /** Noise: drifts down to about half its usage and stays a customer. */
    SLOW_DECLINE(false),
    /** Planted signal: usage declines over three to six weeks, then the account churns. */
    DECLINING_CHURNER(true),
    /** Churns without warning in the usage data (a budget cut, an acquisition). */
    ABRUPT_CHURNER(true),
    /**
     * Planted expansion (only with an upgrade share): a free user who comes a day or two a week, then over two to four
     * weeks comes more and more often and uses more of the product, and days to two weeks later submits an upgrade;
     * stays.
     */
    UPGRADER(false);

    private final boolean churns;

    Persona(boolean churns) {
        this.churns = churns;
    }

    public boolean churns() {
        return churns;
    }
}
