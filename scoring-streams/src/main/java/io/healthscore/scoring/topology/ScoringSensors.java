package io.healthscore.scoring.topology;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * The scoring processor's own sensors, registered with Kafka Streams' metrics (group {@code stream-scoring-metrics},
 * tag {@code scoring-id} = the task), so they are reported wherever Streams' metrics are: JMX, and
 * {@code /prometheus} as {@code kafka_stream_scoring_*}. Rate and total of: events scored, duplicates dropped,
 * inputs dead-lettered by reason, evaluations by cause, scores, transitions and alerts emitted; and the duration
 * of each sweep (average and max, ns). Tag values come from closed sets.
 */
public final class ScoringSensors {

    /** Why an input went to the dead-letter topic. */
    public enum DeadLetterReason { REJECTED_INPUT, UNREADABLE_STATE, FAILED }

    /** What made an account be evaluated. */
    public enum EvaluationCause { EVENT, SWEEP }

    static final String SCOPE = "scoring";

    private final StreamsMetrics metrics;
    private final List<Sensor> all = new ArrayList<>();
    private final Sensor eventsScored;
    private final Sensor duplicatesDropped;
    private final Map<DeadLetterReason, Sensor> deadLetters = new EnumMap<>(DeadLetterReason.class);
    private final Map<EvaluationCause, Sensor> evaluations = new EnumMap<>(EvaluationCause.class);
    private final Sensor scoresEmitted;
    private final Sensor transitionsEmitted;
    private final Sensor alertsEmitted;
    private final Sensor sweeps;

    /** @param task the task these sensors count for, e.g. {@code 0_3} */
    public ScoringSensors(StreamsMetrics metrics, String task) {
        this.metrics = metrics;
        String entity = "task-" + task;
        eventsScored = rateTotal(entity, "events-scored");
        duplicatesDropped = rateTotal(entity, "duplicates-dropped");
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLetters.put(reason, rateTotal(entity, "dead-letters", "reason", name(reason)));
        }
        for (EvaluationCause cause : EvaluationCause.values()) {
            evaluations.put(cause, rateTotal(entity, "evaluations", "cause", name(cause)));
        }
        scoresEmitted = rateTotal(entity, "scores-emitted");
        transitionsEmitted = rateTotal(entity, "transitions-emitted");
        alertsEmitted = rateTotal(entity, "alerts-emitted");
        sweeps = track(metrics.addLatencyRateTotalSensor(SCOPE, entity, "sweep", Sensor.RecordingLevel.INFO));
    }

    public void eventScored() {
        eventsScored.record();
    }

    public void duplicateDropped() {
        duplicatesDropped.record();
    }

    public void deadLettered(DeadLetterReason reason) {
        deadLetters.get(reason).record();
    }

    public void evaluated(EvaluationCause cause) {
        evaluations.get(cause).record();
    }

    public void emitted(int scores, int transitions, int alerts) {
        record(scoresEmitted, scores);
        record(transitionsEmitted, transitions);
        record(alertsEmitted, alerts);
    }

    public void swept(long nanos) {
        sweeps.record(nanos);
    }

    /** Removes the task's sensors (the task is closing or moving to another instance). */
    public void close() {
        all.forEach(metrics::removeSensor);
        all.clear();
    }

    private static void record(Sensor sensor, int n) {
        for (int i = 0; i < n; i++) {
            sensor.record();
        }
    }

    private Sensor rateTotal(String entity, String operation, String... tags) {
        // The operation name carries the tag value too: Streams names a sensor by scope, entity and operation only,
        // so two sensors that differ by a tag alone would be one.
        String sensorOperation = tags.length == 0 ? operation : operation + "-" + tags[1];
        Sensor sensor = metrics.addRateTotalSensor(SCOPE, entity, sensorOperation, Sensor.RecordingLevel.INFO, tags);
        return track(sensor);
    }

    private Sensor track(Sensor sensor) {
        all.add(sensor);
        return sensor;
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
