package io.healthscore.alert.console;

import io.healthscore.alert.identity.ConsoleSession;
import io.healthscore.alert.identity.LocalSignIn;
import io.healthscore.alert.identity.OidcSignIn;
import io.healthscore.alert.identity.Person;
import io.healthscore.alert.identity.SessionStore;
import io.healthscore.http.RequestAccounting;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's sign-in and sign-out: local users and OpenID Connect, a new session id on every sign-in, and the
 * stylesheet. The pages are their own controllers ({@link PortfolioController}, {@link AccountController},
 * {@link AlertActionsController}); what they share (sessions, checked forms, rendering) is {@link ConsoleWeb}.
 */
@Controller("/console")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ConsoleController {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleController.class);

    private final ConsoleWeb web;
    private final SessionStore sessions;
    private final LocalSignIn local;
    private final @Nullable OidcSignIn oidc;
    private final UserSettings settings;

    public ConsoleController(ConsoleWeb web, SessionStore sessions, LocalSignIn local, Optional<OidcSignIn> oidc,
                             UserSettings settings) {
        this.web = web;
        this.settings = settings;
        this.sessions = sessions;
        this.local = local;
        this.oidc = oidc.orElse(null);
    }

    @Get("/login")
    public HttpResponse<?> loginForm(HttpRequest<?> request) {
        Optional<ConsoleSession> current = web.session(request);
        if (current.isPresent() && current.get().signedIn()) {
            return ConsoleWeb.redirect("/console/");
        }
        ConsoleSession session = current.orElseGet(() -> sessions.create(null));
        session.language(UserSettings.browserLanguage(request).tag());
        return web.withCookie(request, ConsoleWeb.html(HttpStatus.OK, loginPage(session, null, "")), session);
    }

    @Post("/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> login(HttpRequest<?> request, @Nullable @Body byte[] body) {
        ConsoleWeb.Post post = web.checkedAnonymousPost(request, body);
        if (post.refused()) {
            return post.refusal();
        }
        ConsoleSession anonymous = post.session();
        String username = post.form().get("username") == null ? "" : post.form().get("username").strip();
        String password = post.form().get("password") == null ? "" : post.form().get("password");
        if (username.isEmpty() || password.isEmpty() || username.length() > 256) {
            return ConsoleWeb.html(HttpStatus.BAD_REQUEST, loginPage(anonymous, "login.missing",
                    username.length() > 256 ? "" : username));
        }
        Optional<Person> person = local.signIn(username, password.toCharArray());
        if (person.isEmpty()) {
            LOG.info("console sign-in refused");
            return ConsoleWeb.html(HttpStatus.UNAUTHORIZED, loginPage(anonymous, "login.failed", username));
        }
        return signedIn(request, anonymous, person.get());
    }

    @Post("/logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> logout(HttpRequest<?> request, @Nullable @Body byte[] body) {
        ConsoleWeb.Post post = web.checkedAnonymousPost(request, body);
        if (post.refused()) {
            return post.refusal();
        }
        sessions.destroy(post.session().id());
        return ConsoleWeb.toSignIn().cookie(web.cookie(request, "").maxAge(0));
    }

    @Get("/oidc/start")
    public HttpResponse<?> oidcStart(HttpRequest<?> request) {
        if (oidc == null) {
            return web.error(HttpStatus.NOT_FOUND, web.session(request).orElse(null), "login.noSso");
        }
        ConsoleSession session = web.session(request).filter(s -> !s.signedIn())
                .orElseGet(() -> sessions.create(null));
        ConsoleSession.OidcPending pending = oidc.newRequest();
        session.oidc(pending);
        try {
            return web.withCookie(request, HttpResponse.seeOther(oidc.authorizationUri(pending)), session);
        } catch (OidcSignIn.Refused e) {
            return web.withCookie(request, ConsoleWeb.html(HttpStatus.BAD_GATEWAY,
                    loginPage(session, "login.ssoUnavailable", "", e.getMessage())), session);
        }
    }

    @Get("/oidc/callback")
    public HttpResponse<?> oidcCallback(HttpRequest<?> request, @Nullable @QueryValue String state,
                                        @Nullable @QueryValue String code, @Nullable @QueryValue String error) {
        request.setAttribute(RequestAccounting.PRINCIPAL, "console");
        Optional<ConsoleSession> session = web.session(request).filter(s -> !s.signedIn() && s.oidc() != null);
        if (oidc == null || session.isEmpty()) {
            return web.error(HttpStatus.BAD_REQUEST, web.session(request).orElse(null), "login.expired");
        }
        ConsoleSession anonymous = session.get();
        ConsoleSession.OidcPending pending = anonymous.oidc();
        anonymous.oidc(null); // one callback per authorization request
        if (state == null || !MessageDigest.isEqual(pending.state().getBytes(StandardCharsets.UTF_8),
                state.getBytes(StandardCharsets.UTF_8))) {
            return ConsoleWeb.html(HttpStatus.BAD_REQUEST, loginPage(anonymous, "login.ssoState", ""));
        }
        if (error != null || code == null || code.isBlank() || code.length() > 2048) {
            return ConsoleWeb.html(HttpStatus.UNAUTHORIZED, loginPage(anonymous, "login.ssoFailed", ""));
        }
        try {
            return signedIn(request, anonymous, oidc.complete(pending, code));
        } catch (OidcSignIn.Refused e) {
            LOG.info("console single sign-on refused: {}", e.getMessage());
            return ConsoleWeb.html(HttpStatus.UNAUTHORIZED, loginPage(anonymous, "login.ssoRefused", "",
                    e.getMessage()));
        }
    }

    @Get("/static/console.css")
    public HttpResponse<?> stylesheet() throws IOException {
        return asset("/console/console.css", "text/css; charset=utf-8");
    }

    /** The script that keeps an open page live (the only script: CSP allows scripts of this origin alone). */
    @Get("/static/live.js")
    public HttpResponse<?> liveScript() throws IOException {
        return asset("/console/live.js", "text/javascript; charset=utf-8");
    }

    private HttpResponse<?> asset(String path, String type) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(path)) {
            return HttpResponse.ok(in.readAllBytes()).contentType(type)
                    .header(HttpHeaders.CACHE_CONTROL, "max-age=300")
                    .header("X-Content-Type-Options", "nosniff");
        }
    }

    private HttpResponse<?> signedIn(HttpRequest<?> request, ConsoleSession anonymous, Person person) {
        // A new id on every sign-in: an id someone planted before it (session fixation) signs nobody in.
        sessions.destroy(anonymous.id());
        ConsoleSession session = sessions.create(person);
        settings.applyLanguage(session, request);
        // No e-mail in the log (as nowhere in this service's logs); who acted is in the alerts' audit columns.
        LOG.info("console sign-in with roles {}", person.roles());
        return web.withCookie(request, ConsoleWeb.redirect("/console/"), session);
    }

    /** The sign-in page, with the message of {@code errorKey} (null for none) in the session's language. */
    private String loginPage(ConsoleSession session, @Nullable String errorKey, String username, Object... args) {
        Text text = web.text(session);
        return web.render("login.jte", new Pages.Login(web.anonymousFrame(text.t("login.title"), session),
                errorKey == null ? null : text.t(errorKey, args), oidc == null ? null : oidc.label(), username));
    }
}
