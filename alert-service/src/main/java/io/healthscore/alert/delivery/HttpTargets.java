package io.healthscore.alert.delivery;

import io.healthscore.alert.config.HttpTarget;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Indexes configured targets by name. */
final class HttpTargets {

    private HttpTargets() {
    }

    static <T extends HttpTarget> Map<String, T> byName(List<T> targets) {
        return targets.stream().collect(Collectors.toUnmodifiableMap(HttpTarget::name, Function.identity()));
    }
}
