package io.healthscore.alert.store;

/**
 * Life of an alert in the CSM inbox. SUPPRESSED alerts were stored but not acted on (cooldown); OPEN alerts may be
 * acknowledged, and OPEN or ACKNOWLEDGED ones resolved.
 */
public enum AlertStatus {
    OPEN, ACKNOWLEDGED, RESOLVED, SUPPRESSED
}
