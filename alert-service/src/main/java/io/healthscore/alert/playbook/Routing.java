package io.healthscore.alert.playbook;

import io.healthscore.alert.store.NewDelivery;
import io.micronaut.core.annotation.Nullable;
import java.util.List;

/** What the router decided for an alert: the playbook that matched (null: none) and the outbox rows to write. */
public record Routing(@Nullable String playbook, List<NewDelivery> deliveries) {
}
