package io.healthscore.scoring.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.healthscore.avro.HealthLevel;
import io.healthscore.avro.ScoreComponent;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link AccountStateSerde#asStored} gives, field by field, the state that {@code decode(encode(s))} reads back:
 * compared by reflection over the whole object graph, so a field the format drops or rounds that asStored does not
 * mirror fails here.
 */
class AccountStateAsStoredTest {

    static Stream<Arguments> states() {
        List<Arguments> all = new ArrayList<>();
        GoldenStates.all().forEach((name, recipe) -> {
            all.add(Arguments.of(name, recipe));
            all.add(Arguments.of(name + " with scores floats cannot hold", (Supplier<AccountState>) () -> {
                AccountState s = recipe.get();
                Map<ScoreComponent, Double> components = new EnumMap<>(ScoreComponent.class);
                components.put(ScoreComponent.ACTIVITY, 57.3);
                long at = (GoldenStates.FIRST_DAY + 30) * GoldenStates.DAY;
                s.published(57.3, HealthLevel.LV2, "default-3", components, List.of("activity 57.3"), at);
                s.published(63.7, HealthLevel.LV3, "default-3", components, List.of(), at + 1_000);
                s.recordDailyScore(GoldenStates.FIRST_DAY + 30, 57.3, GoldenStates.LIMITS);
                s.recordDailyScore(GoldenStates.FIRST_DAY + 31, 0.1, GoldenStates.LIMITS);
                return s;
            }));
        });
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void asStoredEqualsTheRoundTripInEveryField(String name, Supplier<AccountState> recipe) throws Exception {
        AccountState state = recipe.get();
        AccountState roundTrip = AccountStateSerde.decode(AccountStateSerde.encode(state));

        AccountState inPlace = AccountStateSerde.asStored(state);

        assertThat(inPlace).isSameAs(state);
        assertSame(roundTrip, inPlace, "state");
        assertThat(AccountStateSerde.encode(inPlace)).isEqualTo(AccountStateSerde.encode(roundTrip));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void theRoundTripDiffersFromTheLiveStateOnlyWhereAsStoredChangesIt(String name, Supplier<AccountState> recipe)
            throws Exception {
        // The comparison itself must be able to fail: a live state with a score a float cannot hold is not the
        // round trip's.
        AccountState live = recipe.get();
        AccountState roundTrip = AccountStateSerde.decode(AccountStateSerde.encode(live));
        boolean exact = live.scoreOnOrBefore(Long.MAX_VALUE) == null
                || live.scoreOnOrBefore(Long.MAX_VALUE).floatValue() == live.scoreOnOrBefore(Long.MAX_VALUE);
        if (!exact) {
            assertThat(differs(roundTrip, live)).isTrue();
        }
    }

    private static boolean differs(Object a, Object b) throws Exception {
        try {
            assertSame(a, b, "state");
            return false;
        } catch (AssertionError e) {
            return true;
        }
    }

    /**
     * Fields that are not state: ActiveUsers' superset of the ring bits in use (it only decides whether a retain has
     * work) and its table arrays (compared through exactTable); UsageHistory's rings and last bucket, derived from
     * the buckets and rebuilt after a decode.
     */
    private static final Map<Class<?>, Set<String>> DERIVED = Map.of(
            ActiveUsers.class, Set.of("bitsInUse", "hashes", "rings", "users"),
            UsageHistory.class, Set.of("loginRing", "featureRings", "ringsValid", "ringFirst", "ringLast", "countedKeys",
                    "ringBits", "ringIsKey", "ringArraysValid", "lastDay", "lastBucket"));

    private static void assertSame(Object expected, Object actual, String path) throws Exception {
        if (expected == null || actual == null) {
            if (expected != actual) {
                fail(path + ": " + expected + " vs " + actual);
            }
            return;
        }
        if (expected.getClass() != actual.getClass()) {
            fail(path + ": " + expected.getClass() + " vs " + actual.getClass());
        }
        if (expected instanceof Number || expected instanceof String || expected instanceof Boolean
                || expected instanceof Character || expected instanceof Enum<?> || expected instanceof java.time.LocalDate) {
            if (!expected.equals(actual)) {
                fail(path + ": " + expected + " vs " + actual);
            }
        } else if (expected instanceof byte[] e) {
            if (!Arrays.equals(e, (byte[]) actual)) {
                fail(path + ": byte arrays differ");
            }
        } else if (expected instanceof Map<?, ?> e) {
            List<Map.Entry<?, ?>> x = new ArrayList<>(e.entrySet());
            List<Map.Entry<?, ?>> y = new ArrayList<>(((Map<?, ?>) actual).entrySet());
            if (x.size() != y.size()) {
                fail(path + ": " + x.size() + " vs " + y.size() + " entries");
            }
            for (int i = 0; i < x.size(); i++) {
                assertSame(x.get(i).getKey(), y.get(i).getKey(), path + "[key " + i + "]");
                assertSame(x.get(i).getValue(), y.get(i).getValue(), path + "[" + x.get(i).getKey() + "]");
            }
        } else if (expected instanceof Collection<?> e) {
            List<?> x = new ArrayList<>(e);
            List<?> y = new ArrayList<>((Collection<?>) actual);
            if (x.size() != y.size()) {
                fail(path + ": " + x.size() + " vs " + y.size() + " elements");
            }
            for (int i = 0; i < x.size(); i++) {
                assertSame(x.get(i), y.get(i), path + "[" + i + "]");
            }
        } else {
            if (expected instanceof ActiveUsers e) {
                // The exact table's arrays have spare capacity: compare what they hold.
                assertSame(e.isSketch() ? null : e.exactTable(), ((ActiveUsers) actual).isSketch() ? null
                        : ((ActiveUsers) actual).exactTable(), path + ".exactTable");
            }
            for (Class<?> c = expected.getClass(); c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || DERIVED.getOrDefault(c, Set.of()).contains(f.getName())) {
                        continue;
                    }
                    f.setAccessible(true);
                    assertSame(f.get(expected), f.get(actual), path + "." + f.getName());
                }
            }
        }
    }
}
