package io.healthscore.alert.console;

import io.healthscore.alert.api.Actor;
import io.healthscore.alert.api.ApiException;
import io.healthscore.alert.identity.Person;
import io.healthscore.alert.identity.Scope;
import io.healthscore.alert.store.AlertRepository;
import io.healthscore.alert.store.Database;
import io.healthscore.alert.store.PortfolioRepository;
import io.healthscore.alert.store.PortfolioRepository.AccountSummary;
import io.healthscore.alert.store.ProfileRepository;
import io.healthscore.alert.store.StoredAlert;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.util.List;

/** What the console reads, always within the person's {@link Scope} (the API's rule). */
@Singleton
public final class ConsoleAccounts {

    /** Rows of the portfolio; paging, filters and sorting come with its later version. */
    static final int MAX_ROWS = 500;
    static final int MAX_ALERTS = 100;

    /** An account page: the account and its open and acknowledged alerts. */
    public record AccountDetail(AccountSummary account, List<StoredAlert> alerts) {
    }

    private final Database db;
    private final PortfolioRepository portfolio;
    private final ProfileRepository profiles;
    private final AlertRepository alerts;

    public ConsoleAccounts(Database db, PortfolioRepository portfolio, ProfileRepository profiles,
                           AlertRepository alerts) {
        this.db = db;
        this.portfolio = portfolio;
        this.profiles = profiles;
        this.alerts = alerts;
    }

    public static Actor actor(Person person) {
        return new Actor(person.email(), Scope.of(person));
    }

    public List<AccountSummary> portfolio(Scope scope) {
        if (!scope.unrestricted() && scope.owners().isEmpty()) {
            return List.of();
        }
        return db.inTransaction(c -> portfolio.accounts(c, scope.unrestricted() ? null : scope.owners(), MAX_ROWS));
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
