package io.healthscore.scoring.query;

import io.healthscore.http.Problem;
import io.healthscore.scoring.ScoringConfig;
import io.healthscore.scoring.model.LevelThresholds;
import io.healthscore.scoring.app.StreamsSettings;
import io.healthscore.scoring.state.AccountState;
import io.healthscore.scoring.topology.LevelTally;
import io.healthscore.scoring.topology.ScoringTopology;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Read-only queries over the account store, correct with several instances: an account's health from the instance
 * that owns it (by Streams metadata; forwarded once when that is another), and accounts per level summed over every
 * instance from each one's {@code LevelTally} counters. While a rebalance leaves an answer unknown the answer is 503 with {@code Retry-After: 1}.
 */
@Singleton
public final class AccountQueries {

    private final KafkaStreams streams;
    private final QueryRouting routing;
    private final HostInfo self;
    private final PeerClient peers;
    private final LevelThresholds levels;

    public AccountQueries(KafkaStreams streams, QueryRouting routing, StreamsSettings settings, PeerClient peers,
                          ScoringConfig config) {
        this.levels = config.model().levels();
        this.streams = streams;
        this.routing = routing;
        this.self = HostInfo.buildFromEndpoint(settings.properties().getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG));
        this.peers = peers;
    }

    /** An account's health from its owner: this instance, or (once, and only for a caller) the one that holds it. */
    public MutableHttpResponse<?> account(String accountId, boolean mayForward) throws InterruptedException {
        KeyQueryMetadata owner = routing.ownerOf(accountId);
        if (owner == null || owner == KeyQueryMetadata.NOT_AVAILABLE) {
            return unavailable("the owner of this account is not known yet; retry shortly");
        }
        if (!owner.activeHost().equals(self)) {
            if (!mayForward) {
                return unavailable("ownership is moving; retry shortly");
            }
            try {
                PeerClient.Answer answer = peers.account(owner.activeHost(), accountId);
                return HttpResponse.status(HttpStatus.valueOf(answer.status()))
                        .contentType(MediaType.of(answer.contentType())).body(answer.body());
            } catch (PeerClient.PeerException e) {
                return problem(e);
            }
        }
        AccountState state = store().get(accountId);
        if (state == null || !state.hasScore()) {
            return Problem.response(HttpStatus.NOT_FOUND, "no score for this account", null);
        }
        return json(JsonWriter.write(AccountHealthView.of(accountId, state, levels)));
    }

    /** Accounts per level of this instance, plus (for a caller) every other instance's. */
    public MutableHttpResponse<?> levels(String segment, String csm, boolean fanOut) throws InterruptedException {
        LevelCounts counts = new LevelCounts(segment, csm);
        // The tally's counters (a few per segment and CSM), not the accounts.
        ReadOnlyKeyValueStore<String, Long> tally = streams.store(StoreQueryParameters.fromNameAndType(
                ScoringTopology.LEVEL_COUNTS_STORE, QueryableStoreTypes.<String, Long>keyValueStore()));
        try (KeyValueIterator<String, Long> all = tally.all()) {
            all.forEachRemaining(entry -> counts.count(LevelTally.Group.parse(entry.key), entry.value));
        }
        if (fanOut) {
            for (HostInfo instance : routing.instances()) {
                if (instance.equals(self)) {
                    continue;
                }
                try {
                    counts.add(peers.levels(instance, segment, csm).levels());
                } catch (PeerClient.PeerException e) {
                    return problem(e);
                }
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("segment", segment);
        body.put("csm", csm);
        body.put("levels", counts.asMap());
        return json(JsonWriter.write(body));
    }

    private ReadOnlyKeyValueStore<String, AccountState> store() {
        return streams.store(StoreQueryParameters.fromNameAndType(ScoringTopology.ACCOUNT_STORE,
                QueryableStoreTypes.<String, AccountState>keyValueStore()));
    }

    private static MutableHttpResponse<?> json(String body) {
        return HttpResponse.ok(body).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private static MutableHttpResponse<?> problem(PeerClient.PeerException e) {
        return e.status() == 503 ? unavailable(e.getMessage())
                : Problem.response(HttpStatus.valueOf(e.status()), e.getMessage(), null);
    }

    static MutableHttpResponse<?> unavailable(String detail) {
        return Problem.response(HttpStatus.SERVICE_UNAVAILABLE, detail, null).header("Retry-After", "1");
    }
}
