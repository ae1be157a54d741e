package io.healthscore.alert.store;

/** Where a delivery goes; one Notifier per channel. */
public enum Channel {
    CSM_EMAIL, CUSTOMER_EMAIL, SLACK, WEBHOOK
}
