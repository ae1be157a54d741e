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
 * The query API: {@code GET /accounts/{id}/health} (the last published score and level with its components,
 * reasons and recent transitions; 404 for an account without a score) and {@code GET /levels[?segment=][&csm=]}
 * (accounts per level over every instance). {@link QueryTokenFilter} has checked the query token.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public final class QueryController {

    private final AccountQueries queries;

    public QueryController(AccountQueries queries) {
        this.queries = queries;
    }

    @Get("/accounts/{accountId}/health")
    public HttpResponse<?> account(@PathVariable String accountId) throws InterruptedException {
        return queries.account(accountId, true);
    }

    @Get("/levels{?segment,csm}")
    public HttpResponse<?> levels(@Nullable @QueryValue String segment, @Nullable @QueryValue String csm)
            throws InterruptedException {
        return queries.levels(segment, csm, true);
    }
}
