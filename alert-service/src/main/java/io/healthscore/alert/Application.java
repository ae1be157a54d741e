package io.healthscore.alert;

import io.micronaut.runtime.Micronaut;

/** Starts the alert service: intake from Kafka, playbook routing, outbox delivery and the CSM API. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
