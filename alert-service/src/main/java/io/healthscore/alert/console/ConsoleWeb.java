package io.healthscore.alert.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.healthscore.alert.api.ApiException;
import io.healthscore.alert.console.live.Freshness;
import io.healthscore.alert.console.live.FreshnessText;
import io.healthscore.alert.evidence.EvidenceService;
import io.healthscore.alert.identity.ConsoleSession;
import io.healthscore.alert.identity.IdentityConfig;
import io.healthscore.alert.identity.SessionStore;
import io.healthscore.http.RequestAccounting;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import jakarta.inject.Singleton;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Optional;
import java.util.function.Function;

/**
 * What every console controller shares, written once: finding the session behind the cookie, the checked form post
 * (parsed strictly, CSRF token compared, signed-in where asked), rendering a page with the console's security headers,
 * the error page, redirects and the session cookie.
 */
@Singleton
public final class ConsoleWeb {

    /** The session cookie: HttpOnly, SameSite=Lax, Path=/console, Secure unless the request came over loopback HTTP. */
    public static final String COOKIE = "hs_console";
    /** The header live.js sends on the fetches a change triggers. */
    public static final String LIVE_HEADER = "X-Console-Live";

    private final SessionStore sessions;
    private final IdentityConfig config;
    private final Messages messages;
    private final Freshness freshness;
    private final EvidenceService evidence;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(null, ContentType.Html, null,
            "io.healthscore.alert.console.templates");

    public ConsoleWeb(SessionStore sessions, IdentityConfig config, Messages messages, Freshness freshness,
                      EvidenceService evidence) {
        this.freshness = freshness;
        this.evidence = evidence;
        this.sessions = sessions;
        this.config = config;
        this.messages = messages;
    }

    /**
     * A form post that passed the checks ({@link #refusal} null), or the answer to give instead: 400 for a body that
     * is not a form, 403 for a missing or wrong CSRF token (or no signed-in session where one is needed).
     */
    public record Post(@Nullable ConsoleSession session, @Nullable FormBody form,
                       @Nullable MutableHttpResponse<?> refusal) {

        public boolean refused() {
            return refusal != null;
        }
    }

    /**
     * The request's session. A page fetching itself because its live channel told it of a change (it says so with
     * {@value #LIVE_HEADER}) does not restart the session's idle time: only what the person does counts as use.
     */
    public Optional<ConsoleSession> session(HttpRequest<?> request) {
        boolean quietly = request.getHeaders().contains(LIVE_HEADER);
        return request.getCookies().findCookie(COOKIE).flatMap(c -> quietly ? sessions.peek(c.getValue())
                : sessions.find(c.getValue()));
    }

    /** The signed-in session, without restarting its idle time (the live channel's own request). */
    public Optional<ConsoleSession> signedInQuietly(HttpRequest<?> request) {
        Optional<ConsoleSession> session = request.getCookies().findCookie(COOKIE)
                .flatMap(c -> sessions.peek(c.getValue())).filter(ConsoleSession::signedIn);
        session.ifPresent(s -> request.setAttribute(RequestAccounting.PRINCIPAL, "console"));
        return session;
    }

    /** The signed-in session, if any; it also names the request's principal for the access log. */
    public Optional<ConsoleSession> signedIn(HttpRequest<?> request) {
        Optional<ConsoleSession> session = session(request).filter(ConsoleSession::signedIn);
        session.ifPresent(s -> request.setAttribute(RequestAccounting.PRINCIPAL, "console"));
        return session;
    }

    /** A state-changing form of a signed-in person. */
    public Post checkedPost(HttpRequest<?> request, @Nullable byte[] body) {
        return checked(request, body, true, FormBody::parse);
    }

    /** A state-changing bulk form: like {@link #checkedPost}, but {@code repeatable} may come up to {@code max} times. */
    public Post checkedBulkPost(HttpRequest<?> request, @Nullable byte[] body, String repeatable, int max) {
        return checked(request, body, true, b -> FormBody.parseRepeated(b, repeatable, max));
    }

    /** A form with one free-text field (see {@link FormBody#parseWithText}), otherwise like {@link #checkedPost}. */
    public Post checkedTextPost(HttpRequest<?> request, @Nullable byte[] body, String textField, int maxChars) {
        return checked(request, body, true, b -> FormBody.parseWithText(b, textField, maxChars));
    }

    /** A form that may come before sign-in (the sign-in form itself): the CSRF token of the anonymous session. */
    public Post checkedAnonymousPost(HttpRequest<?> request, @Nullable byte[] body) {
        return checked(request, body, false, FormBody::parse);
    }

    private Post checked(HttpRequest<?> request, @Nullable byte[] body, boolean mustBeSignedIn,
                         Function<byte[], FormBody> parser) {
        request.setAttribute(RequestAccounting.PRINCIPAL, "console");
        ConsoleSession session = session(request).orElse(null);
        FormBody form;
        try {
            form = parser.apply(body);
        } catch (FormBody.BadForm e) {
            return new Post(session, null, refused(HttpStatus.BAD_REQUEST, session, e));
        }
        if (session == null || (mustBeSignedIn && !session.signedIn())
                || !SessionStore.csrfMatches(session, form.get("csrf"))) {
            return new Post(session, form, error(HttpStatus.FORBIDDEN, session, "error.csrf"));
        }
        return new Post(session, form, null);
    }

    /** Ids as the API takes them: the database refuses NUL, and no stored id is longer or has control characters. */
    public static boolean printableId(@Nullable String id) {
        return id != null && !id.isBlank() && id.length() <= 256 && id.chars().noneMatch(Character::isISOControl);
    }

    public Pages.Frame frame(String title, ConsoleSession session) {
        Text text = text(session);
        Freshness.Reading reading = freshness.now();
        return new Pages.Frame(title, session.person(), session.csrfToken(), text, FreshnessText.line(reading, text),
                FreshnessText.stale(reading), evidence.current().orElse(null));
    }

    /** The words of the session's language. */
    public Text text(@Nullable ConsoleSession session) {
        return messages.text(session == null ? Language.EN : Language.of(session.language()).orElse(Language.EN));
    }

    /** The frame of a page before sign-in, in the session's language. */
    public Pages.Frame anonymousFrame(String title, @Nullable ConsoleSession session) {
        return new Pages.Frame(title, null, session == null ? "" : session.csrfToken(), text(session));
    }

    /** A page rendered from {@code src/main/jte/<template>} with its model. */
    public MutableHttpResponse<?> page(HttpStatus status, String template, Object model) {
        return html(status, render(template, model));
    }

    public String render(String template, Object model) {
        StringOutput out = new StringOutput();
        templates.render(template, model, out);
        return out.toString();
    }

    /** The error page in the session's language: the status's title and the message of {@code key}. */
    public MutableHttpResponse<?> error(HttpStatus status, @Nullable ConsoleSession session, String key,
                                        Object... args) {
        return errorPage(status, session, text(session).t(key, args));
    }

    /** The error page for a refused request, its reason in the session's language. */
    public MutableHttpResponse<?> refused(HttpStatus status, @Nullable ConsoleSession session, Refusal refusal) {
        return errorPage(status, session, refusal.in(text(session)));
    }

    /** The API's refusal of an alert action in the console's words (the API's own detail where it explains). */
    public MutableHttpResponse<?> alertRefused(ApiException e, ConsoleSession session) {
        return switch (e.status()) {
            case FORBIDDEN -> error(e.status(), session, "alert.forbidden");
            case NOT_FOUND -> error(e.status(), session, "alert.notFound");
            case CONFLICT -> error(e.status(), session, "alert.conflict", e.getMessage());
            default -> error(e.status(), session, "error.api", e.getMessage());
        };
    }

    private MutableHttpResponse<?> errorPage(HttpStatus status, @Nullable ConsoleSession session, String message) {
        Text text = text(session);
        String title = text.errorTitle(status.getCode());
        Pages.Frame frame = session != null && session.signedIn() ? frame(title, session)
                : new Pages.Frame(title, null, "", text);
        return page(status, "error.jte", new Pages.Error(frame, status.getCode(), message));
    }

    /** Where the browser goes when it is not signed in. */
    public static MutableHttpResponse<?> toSignIn() {
        return redirect("/console/login");
    }

    public static MutableHttpResponse<?> html(HttpStatus status, String body) {
        return HttpResponse.status(status).body(body).contentType(MediaType.TEXT_HTML_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "same-origin");
    }

    public static MutableHttpResponse<?> redirect(String path) {
        return HttpResponse.seeOther(URI.create(path)).header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    public MutableHttpResponse<?> withCookie(HttpRequest<?> request, MutableHttpResponse<?> response,
                                             ConsoleSession session) {
        return response.cookie(cookie(request, session.id()));
    }

    public Cookie cookie(HttpRequest<?> request, String value) {
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
