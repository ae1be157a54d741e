package io.healthscore.alert.playbook;

import java.util.List;

/** A named rule: when an alert matches, its actions run in order. */
public record Playbook(String name, PlaybookMatch match, List<PlaybookAction> actions) {
}
