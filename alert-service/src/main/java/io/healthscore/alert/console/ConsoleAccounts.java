package io.healthscore.alert.console;

import io.healthscore.alert.api.Actor;
import io.healthscore.alert.api.ApiException;
import io.healthscore.alert.identity.Person;
import io.healthscore.alert.identity.Scope;
import io.healthscore.alert.store.AlertRepository;
import io.healthscore.alert.store.Database;
import io.healthscore.alert.store.PortfolioRepository;
import io.healthscore.alert.store.PortfolioRepository.AccountSummary;
import io.healthscore.alert.store.PortfolioRows;
import io.healthscore.alert.store.ProfileRepository;
import io.healthscore.alert.store.StoredAlert;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/** What the console reads, always within the person's {@link Scope} (the API's rule). */
@Singleton
public final class ConsoleAccounts {

    static final int MAX_ALERTS = 100;

    /** An account page: the account and its open and acknowledged alerts. */
    public record AccountDetail(AccountSummary account, List<StoredAlert> alerts) {
    }

    /** A page of portfolio lines and the number of accounts that match in all. */
    public record PortfolioResult(List<PortfolioView.Line> lines, long total) {
    }

    private final Database db;
    private final PortfolioRows portfolioRows;
    private final PortfolioRepository portfolio;
    private final ProfileRepository profiles;
    private final AlertRepository alerts;

    public ConsoleAccounts(Database db, PortfolioRepository portfolio, ProfileRepository profiles,
                           AlertRepository alerts, PortfolioRows portfolioRows) {
        this.db = db;
        this.portfolioRows = portfolioRows;
        this.portfolio = portfolio;
        this.profiles = profiles;
        this.alerts = alerts;
    }

    public static Actor actor(Person person) {
        return new Actor(person.email(), Scope.of(person));
    }

    /** A page of the portfolio within {@code scope} and the recent scores of its accounts, in one transaction. */
    public PortfolioResult portfolio(Scope scope, PortfolioRows.Filter filter, int page) {
        if (!scope.unrestricted() && scope.owners().isEmpty()) {
            return new PortfolioResult(List.of(), 0);
        }
        return db.inTransaction(c -> {
            PortfolioRows.Page rows = portfolioRows.page(c, scope.unrestricted() ? null : scope.owners(), filter,
                    (page - 1) * PortfolioView.PAGE_SIZE, PortfolioView.PAGE_SIZE);
            Map<String, List<PortfolioRows.Point>> recent = portfolioRows.recentScores(c,
                    rows.rows().stream().map(PortfolioRows.Row::accountId).toList());
            return new PortfolioResult(rows.rows().stream().map(r -> new PortfolioView.Line(r,
                    recent.getOrDefault(r.accountId(), List.of()))).toList(), rows.total());
        });
    }

    /** At most {@code limit} rows of the portfolio for the CSV export, and how many matched in all. */
    public PortfolioRows.Page portfolioExport(Scope scope, PortfolioRows.Filter filter, int limit) {
        if (!scope.unrestricted() && scope.owners().isEmpty()) {
            return new PortfolioRows.Page(List.of(), 0);
        }
        return db.inTransaction(c -> portfolioRows.page(c, scope.unrestricted() ? null : scope.owners(), filter, 0,
                limit));
    }

    /** @throws ApiException 403 for another person's account, 404 for an unknown one */
    public AccountDetail account(Person person, String accountId) {
        Scope scope = Scope.of(person);
        return db.inTransaction(c -> {
            if (!scope.allows(profiles.ownerOf(c, accountId).orElse(null))) {
                boolean known = portfolio.account(c, accountId).isPresent();
                throw new ApiException(known ? HttpStatus.FORBIDDEN : HttpStatus.NOT_FOUND, known
                        ? "This account belongs to someone else: you can open only your own accounts"
                        + " (and, as a lead, your team's)." : "There is no account with this id.", "id");
            }
            AccountSummary account = portfolio.account(c, accountId).orElseThrow(() -> new ApiException(
                    HttpStatus.NOT_FOUND, "There is no account with this id.", "id"));
            return new AccountDetail(account, alerts.unresolvedForAccount(c, accountId, MAX_ALERTS));
        });
    }
}
