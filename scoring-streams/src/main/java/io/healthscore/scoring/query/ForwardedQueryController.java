package io.healthscore.scoring.query;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * The forwarding paths other instances ask this one on ({@link PeerClient}): its own accounts and level counts
 * only, never forwarded again. {@link QueryTokenFilter} has checked the peer token.
 */
@Controller(QueryPaths.INTERNAL)
@ExecuteOn(TaskExecutors.BLOCKING)
public final class ForwardedQueryController {

    private final AccountQueries queries;

    public ForwardedQueryController(AccountQueries queries) {
        this.queries = queries;
    }

    @Get("/accounts/{accountId}/health")
    public HttpResponse<?> account(@PathVariable String accountId) throws InterruptedException {
        return queries.account(accountId, false);
    }

    @Get("/levels{?segment,csm}")
    public HttpResponse<?> levels(@Nullable @QueryValue String segment, @Nullable @QueryValue String csm)
            throws InterruptedException {
        return queries.levels(segment, csm, false);
    }
}
