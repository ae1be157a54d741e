package io.healthscore.alert.delivery;

/**
 * A send failed. {@code permanent} failures (receiver refused the message for good: 4xx other than 408/429, an
 * invalid address) go straight to DEAD; others are retried with back-off. The message never holds secrets.
 */
public class DeliveryException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean permanent;

    public DeliveryException(String message, boolean permanent) {
        super(message);
        this.permanent = permanent;
    }

    public DeliveryException(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    public boolean permanent() {
        return permanent;
    }
}
