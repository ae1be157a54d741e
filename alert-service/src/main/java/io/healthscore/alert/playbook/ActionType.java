package io.healthscore.alert.playbook;

import java.util.Arrays;
import java.util.Optional;

/** What a playbook action does; the YAML name is the lower-case, dashed form ({@code customer-email}). */
public enum ActionType {
    /** Email the owning CSM, with the reasons and a link. */
    CSM_EMAIL,
    /** Post to a Slack incoming webhook (target: its configured name). */
    SLACK,
    /** Email the customer contact from a template in the contact's language (tech touch). */
    CUSTOMER_EMAIL,
    /** POST signed JSON to a configured webhook (MA tool, CRM). */
    WEBHOOK;

    public String yamlName() {
        return name().toLowerCase().replace('_', '-');
    }

    public static Optional<ActionType> fromYaml(String value) {
        return Arrays.stream(values()).filter(t -> t.yamlName().equals(value)).findFirst();
    }
}
