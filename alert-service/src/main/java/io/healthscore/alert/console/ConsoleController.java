package io.healthscore.alert.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.healthscore.alert.api.AlertInbox;
import io.healthscore.alert.api.ApiException;
import io.healthscore.alert.identity.ConsoleSession;
import io.healthscore.alert.identity.IdentityConfig;
import io.healthscore.alert.identity.LocalSignIn;
import io.healthscore.alert.identity.OidcSignIn;
import io.healthscore.alert.identity.Person;
import io.healthscore.alert.identity.Role;
import io.healthscore.alert.identity.Scope;
import io.healthscore.alert.identity.SessionStore;
import io.healthscore.alert.store.StoredAlert;
import io.healthscore.http.RequestAccounting;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CSM console: sign-in (local users and OpenID Connect), "My accounts" and an account's page with its open
 * alerts. Pages are server-rendered from precompiled templates ({@code src/main/jte}); every state-changing form is a
 * POST carrying the session's CSRF token, refused with 403 without it. A console action is the API's own
 * {@link AlertInbox} transaction with the person's scope and audit name.
 */
@Controller("/console")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ConsoleController {

    /** The session cookie: HttpOnly, SameSite=Lax, Path=/console, Secure unless the request came over loopback HTTP. */
    public static final String COOKIE = "hs_console";
    private static final String FAILED = "Wrong user name or password (or too many attempts: wait a while).";
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleController.class);

    private final SessionStore sessions;
    private final LocalSignIn local;
    private final @Nullable OidcSignIn oidc;
    private final ConsoleAccounts accounts;
    private final AlertInbox inbox;
    private final IdentityConfig config;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(null, ContentType.Html, null,
            "io.healthscore.alert.console.templates");

    public ConsoleController(SessionStore sessions, LocalSignIn local, Optional<OidcSignIn> oidc,
                             ConsoleAccounts accounts, AlertInbox inbox, IdentityConfig config) {
        this.sessions = sessions;
        this.local = local;
        this.oidc = oidc.orElse(null);
        this.accounts = accounts;
        this.inbox = inbox;
        this.config = config;
    }

    @Get("/login")
    public HttpResponse<?> loginForm(HttpRequest<?> request) {
        Optional<ConsoleSession> current = session(request);
        if (current.isPresent() && current.get().signedIn()) {
            return redirect("/console/");
        }
        ConsoleSession session = current.orElseGet(() -> sessions.create(null));
        return withCookie(request, html(HttpStatus.OK, loginPage(session, null, "")), session);
    }

    @Post("/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> login(HttpRequest<?> request, @Nullable @Body byte[] body) {
        request.setAttribute(RequestAccounting.PRINCIPAL, "console");
        Optional<ConsoleSession> session = session(request);
        FormBody form;
        try {
            form = FormBody.parse(body);
        } catch (FormBody.BadForm e) {
            return error(HttpStatus.BAD_REQUEST, "Bad request", e.getMessage(), session.orElse(null));
        }
        if (session.isEmpty() || !SessionStore.csrfMatches(session.get(), form.get("csrf"))) {
            return csrfRefused(session.orElse(null));
        }
        ConsoleSession anonymous = session.get();
        String username = form.get("username") == null ? "" : form.get("username").strip();
        String password = form.get("password") == null ? "" : form.get("password");
        if (username.isEmpty() || password.isEmpty() || username.length() > 256) {
            return html(HttpStatus.BAD_REQUEST, loginPage(anonymous, "Give a user name (at most 256 characters) and a "
                    + "password.", username.length() > 256 ? "" : username));
        }
        Optional<Person> person = local.signIn(username, password.toCharArray());
        if (person.isEmpty()) {
            LOG.info("console sign-in refused");
            return html(HttpStatus.UNAUTHORIZED, loginPage(anonymous, FAILED, username));
        }
        return signedIn(request, anonymous, person.get());
    }

    @Post("/logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> logout(HttpRequest<?> request, @Nullable @Body byte[] body) {
        Optional<ConsoleSession> session = session(request);
        FormBody form;
        try {
            form = FormBody.parse(body);
        } catch (FormBody.BadForm e) {
            return error(HttpStatus.BAD_REQUEST, "Bad request", e.getMessage(), session.orElse(null));
        }
        if (session.isEmpty() || !SessionStore.csrfMatches(session.get(), form.get("csrf"))) {
            return csrfRefused(session.orElse(null));
        }
        sessions.destroy(session.get().id());
        return redirect("/console/login").cookie(cookie(request, "").maxAge(0));
    }

    @Get("/oidc/start")
    public HttpResponse<?> oidcStart(HttpRequest<?> request) {
        if (oidc == null) {
            return error(HttpStatus.NOT_FOUND, "Not found", "Single sign-on is not configured.", null);
        }
        ConsoleSession session = session(request).filter(s -> !s.signedIn()).orElseGet(() -> sessions.create(null));
        ConsoleSession.OidcPending pending = oidc.newRequest();
        session.oidc(pending);
        try {
            return withCookie(request, HttpResponse.seeOther(oidc.authorizationUri(pending)), session);
        } catch (OidcSignIn.Refused e) {
            return withCookie(request, html(HttpStatus.BAD_GATEWAY, loginPage(session, e.getMessage(), "")), session);
        }
    }

    @Get("/oidc/callback")
    public HttpResponse<?> oidcCallback(HttpRequest<?> request, @Nullable @QueryValue String state,
                                        @Nullable @QueryValue String code, @Nullable @QueryValue String error) {
        request.setAttribute(RequestAccounting.PRINCIPAL, "console");
        Optional<ConsoleSession> session = session(request).filter(s -> !s.signedIn() && s.oidc() != null);
        if (oidc == null || session.isEmpty()) {
            return error(HttpStatus.BAD_REQUEST, "Sign-in expired", "This sign-in is not known here (it may have "
                    + "expired): start again from the sign-in page.", null);
        }
        ConsoleSession anonymous = session.get();
        ConsoleSession.OidcPending pending = anonymous.oidc();
        anonymous.oidc(null); // one callback per authorization request
        if (state == null || !java.security.MessageDigest.isEqual(pending.state().getBytes(),
                state.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            return html(HttpStatus.BAD_REQUEST, loginPage(anonymous, "Single sign-on answered for another sign-in "
                    + "(state): try again.", ""));
        }
        if (error != null || code == null || code.isBlank() || code.length() > 2048) {
            return html(HttpStatus.UNAUTHORIZED, loginPage(anonymous, "Single sign-on did not sign you in.", ""));
        }
        try {
            return signedIn(request, anonymous, oidc.complete(pending, code));
        } catch (OidcSignIn.Refused e) {
            LOG.info("console single sign-on refused: {}", e.getMessage());
            return html(HttpStatus.UNAUTHORIZED, loginPage(anonymous, "Single sign-on did not sign you in: "
                    + e.getMessage() + ".", ""));
        }
    }

    @Get
    public HttpResponse<?> portfolio(HttpRequest<?> request, @Nullable @QueryValue String view) {
        Optional<ConsoleSession> session = signedIn(request);
        if (session.isEmpty()) {
            return redirect("/console/login");
        }
        Person person = session.get().person();
        boolean lead = person.has(Role.LEAD);
        boolean team = lead && "team".equals(view);
        Scope scope = team ? Scope.of(person) : Scope.own(person);
        boolean operatorOnly = !person.has(Role.CSM) && !person.has(Role.LEAD);
        return html(HttpStatus.OK, render("portfolio.jte", new Pages.Portfolio(frame(team ? "My team's accounts"
                : "My accounts", session.get()), accounts.portfolio(scope), lead, team, operatorOnly)));
    }

    @Get("/accounts/{id}")
    public HttpResponse<?> account(HttpRequest<?> request, @PathVariable String id,
                                   @Nullable @QueryValue String done) {
        Optional<ConsoleSession> session = signedIn(request);
        if (session.isEmpty()) {
            return redirect("/console/login");
        }
        if (!printableId(id)) {
            return error(HttpStatus.BAD_REQUEST, "Bad request", "An account id is at most 256 printable characters.",
                    session.get());
        }
        try {
            ConsoleAccounts.AccountDetail detail = accounts.account(session.get().person(), id);
            String notice = "acknowledged".equals(done) ? "Alert acknowledged." : null;
            String title = detail.account().name() == null ? detail.account().accountId() : detail.account().name();
            return html(HttpStatus.OK, render("account.jte", new Pages.Account(frame(title, session.get()),
                    detail.account(), detail.alerts(), notice)));
        } catch (ApiException e) {
            return error(e.status(), e.status().getReason(), e.getMessage(), session.get());
        }
    }

    @Post("/alerts/{id}/ack")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> acknowledge(HttpRequest<?> request, @PathVariable String id, @Nullable @Body byte[] body) {
        request.setAttribute(RequestAccounting.PRINCIPAL, "console");
        Optional<ConsoleSession> session = session(request);
        FormBody form;
        try {
            form = FormBody.parse(body);
        } catch (FormBody.BadForm e) {
            return error(HttpStatus.BAD_REQUEST, "Bad request", e.getMessage(), session.orElse(null));
        }
        if (session.isEmpty() || !session.get().signedIn()
                || !SessionStore.csrfMatches(session.get(), form.get("csrf"))) {
            return csrfRefused(session.orElse(null));
        }
        if (!printableId(id)) {
            return error(HttpStatus.BAD_REQUEST, "Bad request", "An alert id is at most 256 printable characters.",
                    session.get());
        }
        try {
            StoredAlert alert = inbox.acknowledge(id, ConsoleAccounts.actor(session.get().person()));
            return redirect("/console/accounts/" + Pages.segment(alert.accountId()) + "?done=acknowledged");
        } catch (ApiException e) {
            return error(e.status(), e.status().getReason(), consoleMessage(e), session.get());
        }
    }

    @Get("/static/console.css")
    public HttpResponse<?> stylesheet() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/console/console.css")) {
            return HttpResponse.ok(in.readAllBytes()).contentType("text/css; charset=utf-8")
                    .header(HttpHeaders.CACHE_CONTROL, "max-age=300");
        }
    }

    /** Ids as the API takes them: the database refuses NUL, and no stored id is longer or has control characters. */
    private static boolean printableId(String id) {
        return !id.isBlank() && id.length() <= 256 && id.chars().noneMatch(Character::isISOControl);
    }

    private static String consoleMessage(ApiException e) {
        return switch (e.status()) {
            case FORBIDDEN -> "This alert belongs to someone else's account: you can work only your own alerts.";
            case NOT_FOUND -> "There is no such alert.";
            case CONFLICT -> "This alert was already moved on: " + e.getMessage() + ".";
            default -> e.getMessage();
        };
    }

    private HttpResponse<?> signedIn(HttpRequest<?> request, ConsoleSession anonymous, Person person) {
        // A new id on every sign-in: an id someone planted before it (session fixation) signs nobody in.
        sessions.destroy(anonymous.id());
        ConsoleSession session = sessions.create(person);
        // No e-mail in the log (as nowhere in this service's logs); who acted is in the alerts' audit columns.
        LOG.info("console sign-in with roles {}", person.roles());
        return withCookie(request, redirect("/console/"), session);
    }

    private Optional<ConsoleSession> session(HttpRequest<?> request) {
        return request.getCookies().findCookie(COOKIE).flatMap(c -> sessions.find(c.getValue()));
    }

    private Optional<ConsoleSession> signedIn(HttpRequest<?> request) {
        Optional<ConsoleSession> session = session(request).filter(ConsoleSession::signedIn);
        session.ifPresent(s -> request.setAttribute(RequestAccounting.PRINCIPAL, "console"));
        return session;
    }

    private String loginPage(ConsoleSession session, @Nullable String error, String username) {
        return render("login.jte", new Pages.Login(new Pages.Frame("Sign in", null, session.csrfToken()), error,
                oidc == null ? null : oidc.label(), username));
    }

    private static Pages.Frame frame(String title, ConsoleSession session) {
        return new Pages.Frame(title, session.person(), session.csrfToken());
    }

    private MutableHttpResponse<?> csrfRefused(@Nullable ConsoleSession session) {
        return error(HttpStatus.FORBIDDEN, "Forbidden", "This form has expired or did not come from this console "
                + "(CSRF check): reload the page and try again.", session);
    }

    private MutableHttpResponse<?> error(HttpStatus status, String title, String message,
                                         @Nullable ConsoleSession session) {
        Pages.Frame frame = session != null && session.signedIn() ? frame(title, session)
                : new Pages.Frame(title, null, "");
        return html(status, render("error.jte", new Pages.Error(frame, status.getCode(), message)));
    }

    private String render(String template, Object page) {
        StringOutput out = new StringOutput();
        templates.render(template, page, out);
        return out.toString();
    }

    private static MutableHttpResponse<?> html(HttpStatus status, String body) {
        return HttpResponse.status(status).body(body).contentType(MediaType.TEXT_HTML_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "same-origin");
    }

    private static MutableHttpResponse<?> redirect(String path) {
        return HttpResponse.seeOther(URI.create(path)).header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    private MutableHttpResponse<?> withCookie(HttpRequest<?> request, MutableHttpResponse<?> response,
                                              ConsoleSession session) {
        return response.cookie(cookie(request, session.id()));
    }

    private Cookie cookie(HttpRequest<?> request, String value) {
        return Cookie.of(COOKIE, value).httpOnly(true).sameSite(SameSite.Lax).path("/console")
                .secure(!plainLoopback(request)).maxAge(config.sessionAbsolute());
    }

    /** The request came to a loopback address and no proxy in front says it was HTTPS. */
    static boolean plainLoopback(HttpRequest<?> request) {
        InetSocketAddress server = request.getServerAddress();
        boolean loopback = server != null && server.getAddress() != null && server.getAddress().isLoopbackAddress();
        return loopback && !"https".equalsIgnoreCase(request.getHeaders().get("X-Forwarded-Proto"));
    }
}
