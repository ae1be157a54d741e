package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console over plain HTTP: cookie flags, CSRF refusals, a new session id on sign-in, logout, the lockout, hostile
 * form bodies (clear 4xx, never 5xx), and the one scope rule shared with the CSM API (a person's token sees and works
 * only their accounts, and the audit trail names them).
 */
@ExtendWith(LocalStackExtension.class)
class ConsoleSecurityIT {

    private static AlertServiceFixture service;
    private static Sql sql;
    private static String base;

    @BeforeAll
    static void start(LocalStack stack) {
        service = AlertServiceFixture.start(stack, "console_security_it", ConsoleData.settings());
        sql = new Sql(service.jdbcUrl);
        ConsoleData.seed(sql);
        base = service.context().getBean(EmbeddedServer.class).getURL().toString();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void theSessionCookieIsHttpOnlyLaxOnConsolePathsAndSecureUnlessPlainLoopback() {
        ConsoleClient plain = new ConsoleClient(base);
        String cookie = ConsoleClient.setCookie(plain.get("/console/login")).orElseThrow();
        String proxied = ConsoleClient.setCookie(new ConsoleClient(base).get("/console/login",
                "X-Forwarded-Proto", "https")).orElseThrow();

        assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax").contains("Path=/console")
                .doesNotContainIgnoringCase("Secure");
        assertThat(proxied).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax").containsIgnoringCase("Secure");
    }

    @Test
    void signingInGivesANewSessionIdAndThePlantedOneSignsNobodyIn() {
        ConsoleClient browser = new ConsoleClient(base);
        String csrf = ConsoleClient.csrf(browser.get("/console/login").body());
        String planted = browser.session;

        HttpResponse<String> signIn = browser.post("/console/login", ConsoleClient.form(Map.of("csrf", csrf,
                "username", "ana", "password", ConsoleData.PASSWORD)));

        assertThat(signIn.statusCode()).isEqualTo(303);
        assertThat(signIn.headers().firstValue("location")).hasValue("/console/");
        assertThat(browser.session).isNotNull().isNotEqualTo(planted);
        assertThat(browser.get("/console/").body()).contains("Acme Corp");
        ConsoleClient attacker = new ConsoleClient(base);
        attacker.session = planted;
        assertThat(attacker.get("/console/").statusCode()).isEqualTo(303);
    }

    @Test
    void everyStateChangingPostWithoutTheSessionsCsrfTokenIs403() {
        ConsoleClient ana = new ConsoleClient(base);
        ana.signIn("ana", ConsoleData.PASSWORD);
        ConsoleClient other = new ConsoleClient(base);
        other.signIn("bo", ConsoleData.PASSWORD);
        String othersToken = ConsoleClient.csrf(other.get("/console/").body());

        for (String body : List.of("", "csrf=", "csrf=guess", "csrf=" + othersToken)) {
            assertThat(ana.post("/console/alerts/alert-ana-3/ack", body).statusCode()).as("ack with " + body)
                    .isEqualTo(403);
            assertThat(ana.post("/console/logout", body).statusCode()).as("logout with " + body).isEqualTo(403);
            assertThat(ana.post("/console/settings", body.isEmpty() ? "language=ja" : body + "&language=ja").statusCode()).as("settings with " + body)
                    .isEqualTo(403);
            assertThat(ana.post("/console/accounts/acct-ana-1/notes",
                    body.isEmpty() ? "body=forged" : body + "&body=forged").statusCode())
                    .as("note with " + body).isEqualTo(403);
        }
        assertThat(sql.count("SELECT count(*) FROM account_notes WHERE body = 'forged'")).isZero();
        assertThat(sql.count("SELECT count(*) FROM console_user_settings")).isZero();
        assertThat(new ConsoleClient(base).post("/console/login", "username=ana&password=x").statusCode())
                .as("sign-in without the form's token").isEqualTo(403);
        assertThat(sql.strings("SELECT status FROM alerts WHERE alert_id = 'alert-ana-3'")).containsExactly("OPEN");
        assertThat(ana.get("/console/").statusCode()).as("still signed in").isEqualTo(200);
    }

    @Test
    void logoutEndsTheSessionOnTheServer() {
        ConsoleClient ana = new ConsoleClient(base);
        ana.signIn("ana", ConsoleData.PASSWORD);
        String id = ana.session;
        String csrf = ConsoleClient.csrf(ana.get("/console/").body());

        HttpResponse<String> out = ana.post("/console/logout", "csrf=" + csrf);

        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(ConsoleClient.setCookie(out).orElseThrow()).contains("Max-Age=0");
        ConsoleClient replay = new ConsoleClient(base);
        replay.session = id;
        assertThat(replay.get("/console/").headers().firstValue("location")).hasValue("/console/login");
    }

    @Test
    void hostileSignInFormsGetAClear4xxNeverAServerError() {
        ConsoleClient c = new ConsoleClient(base);
        String csrf = ConsoleClient.csrf(c.get("/console/login").body());
        String megabyte = "x".repeat(1024 * 1024);

        HttpResponse<String> huge = c.post("/console/login", "csrf=" + csrf + "&username=ana&password=" + megabyte);
        HttpResponse<String> nul = c.post("/console/login", "csrf=" + csrf + "&username=ana%00&password=x");
        HttpResponse<String> broken = c.post("/console/login", "csrf=" + csrf + "&username=%zz&password=x");
        HttpResponse<String> unicode = c.post("/console/login", ConsoleClient.form(Map.of("csrf", csrf,
                "username", "山田\u202Eana", "password", "пароль")));
        HttpResponse<String> notUtf8 = c.postBytes("/console/login",
                ("csrf=" + csrf + "&username=\u00ff").getBytes(StandardCharsets.ISO_8859_1),
                "application/x-www-form-urlencoded");
        HttpResponse<String> json = c.postBytes("/console/login", "{\"username\":\"ana\"}".getBytes(),
                "application/json");
        HttpResponse<String> longPassword = c.post("/console/login", "csrf=" + csrf + "&username=ana&password="
                + "x".repeat(1025));

        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(nul.statusCode()).isEqualTo(400);
        assertThat(nul.body()).contains("field 'username' has control characters");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(broken.body()).contains("broken percent escape");
        assertThat(unicode.statusCode()).isEqualTo(401);
        assertThat(unicode.body()).contains("Wrong user name or password").contains("山田");
        assertThat(notUtf8.statusCode()).isEqualTo(400);
        assertThat(json.statusCode()).isBetween(400, 499);
        assertThat(longPassword.statusCode()).isEqualTo(400);
        assertThat(longPassword.body()).contains("longer than 1024");
    }

    @Test
    void fiveWrongPasswordsLockTheUserAndALockedSignInLooksLikeAWrongPassword() {
        ConsoleClient c = new ConsoleClient(base);
        String wrong = null;
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = c.signIn("Cy", "wrong " + i);
            assertThat(r.statusCode()).isEqualTo(401);
            wrong = r.body();
        }

        HttpResponse<String> locked = c.signIn("cy@example.com", ConsoleData.PASSWORD);

        assertThat(locked.statusCode()).isEqualTo(401);
        assertThat(message(locked.body())).isEqualTo(message(wrong));
        assertThat(new ConsoleClient(base).signIn("ana", ConsoleData.PASSWORD).statusCode())
                .as("other users are not locked").isEqualTo(303);
    }

    @Test
    void aLeadSwitchesBetweenTheirOwnAccountsAndTheirTeamsAndAnOperatorSeesNone() {
        ConsoleClient lee = new ConsoleClient(base);
        lee.signIn("lee", ConsoleData.PASSWORD);
        ConsoleClient olga = new ConsoleClient(base);
        olga.signIn("olga", ConsoleData.PASSWORD);

        String mine = lee.get("/console/?view=mine").body();
        String team = lee.get("/console/?view=team").body();

        assertThat(mine).contains("No accounts are assigned to you yet").doesNotContain("acct-ana-1");
        assertThat(team).contains("acct-ana-1", "acct-ana-2").doesNotContain("acct-bo-1");
        assertThat(lee.get("/console/accounts/acct-ana-1").statusCode()).isEqualTo(200);
        assertThat(lee.get("/console/accounts/acct-bo-1").statusCode()).isEqualTo(403);
        assertThat(olga.get("/console/").body()).contains("Operators see deliveries").doesNotContain("acct-");
        assertThat(olga.get("/console/accounts/acct-ana-1").statusCode()).isEqualTo(403);
    }

    @Test
    void aCsmOpeningAnotherCsmsAccountGets403AndTheirOwnOpens() {
        ConsoleClient ana = new ConsoleClient(base);
        ana.signIn("ana", ConsoleData.PASSWORD);

        assertThat(ana.get("/console/accounts/acct-bo-1").statusCode()).isEqualTo(403);
        assertThat(ana.get("/console/accounts/acct-ana-2").statusCode()).isEqualTo(200);
        assertThat(ana.get("/console/accounts/no-such-account").statusCode()).isEqualTo(404);
        assertThat(ana.get("/console/accounts/a%00b").statusCode()).as("NUL in an id").isEqualTo(400);
        assertThat(ana.get("/console/accounts/" + "x".repeat(300)).statusCode()).isEqualTo(400);
        String csrf = ConsoleClient.csrf(ana.get("/console/").body());
        assertThat(ana.post("/console/alerts/alert-bo-1/ack", "csrf=" + csrf).statusCode()).isEqualTo(403);
        assertThat(sql.strings("SELECT status FROM alerts WHERE alert_id = 'alert-bo-1'")).containsExactly("OPEN");
        HttpResponse<String> othersNote = ana.post("/console/accounts/acct-bo-1/notes", "csrf=" + csrf + "&body=hi");
        assertThat(othersNote.statusCode()).isEqualTo(403);
        assertThat(othersNote.body()).contains("notes only on your own accounts");
        assertThat(ana.post("/console/accounts/no-such-account/notes", "csrf=" + csrf + "&body=hi").statusCode())
                .isEqualTo(404);
        assertThat(sql.count("SELECT count(*) FROM account_notes WHERE account_id IN ('acct-bo-1', 'no-such-account')"))
                .isZero();
    }

    @Test
    void aHostileNoteFormIsRefusedWithTheReasonAndNothingStored() {
        ConsoleClient ana = new ConsoleClient(base);
        ana.signIn("ana", ConsoleData.PASSWORD);
        String csrf = ConsoleClient.csrf(ana.get("/console/accounts/acct-ana-2").body());
        String path = "/console/accounts/acct-ana-2/notes";

        HttpResponse<String> blank = ana.post(path, "csrf=" + csrf + "&body=+%0D%0A+");
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(blank.body()).contains("The note was not added: a note needs some text")
                .contains("aria-describedby=\"note-error\"");
        HttpResponse<String> escape = ana.post(path, "csrf=" + csrf + "&body=%3Cb%3Ehi%3C%2Fb%3E%1B%5B31m");
        assertThat(escape.statusCode()).isEqualTo(400);
        assertThat(escape.body()).contains("field 'body' has control characters").doesNotContain("<b>hi</b>")
                .doesNotContain("\u001b");
        HttpResponse<String> tooLong = ana.post(path, "csrf=" + csrf + "&body=" + "n".repeat(2001));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("longer than 2000 characters");
        HttpResponse<String> megabyte = ana.post(path, "csrf=" + csrf + "&body=" + "n".repeat(1024 * 1024));
        assertThat(megabyte.statusCode()).isEqualTo(413);
        HttpResponse<String> twice = ana.post(path, "csrf=" + csrf + "&body=a&body=b");
        assertThat(twice.statusCode()).isEqualTo(400);
        // Markup in a note is text: stored as written, shown escaped.
        HttpResponse<String> markup = ana.post(path, "csrf=" + csrf + "&body=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        assertThat(markup.statusCode()).isEqualTo(303);
        assertThat(ana.get("/console/accounts/acct-ana-2").body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>alert(1)</script>");
        assertThat(sql.strings("SELECT body FROM account_notes WHERE account_id = 'acct-ana-2'"))
                .containsExactly("<script>alert(1)</script>");
    }

    @Test
    void aPersonsApiTokenHasThatPersonsScopeAndAuditName() {
        ConsoleClient api = new ConsoleClient(base);
        String bearer = "Bearer " + ConsoleData.ANA_TOKEN;

        HttpResponse<String> list = api.get("/alerts", "Authorization", bearer);
        HttpResponse<String> othersList = api.get("/alerts?owner=" + ConsoleData.BO, "Authorization", bearer);
        HttpResponse<String> othersTimeline = api.get("/accounts/acct-bo-1/timeline", "Authorization", bearer);
        HttpResponse<String> ownTimeline = api.get("/accounts/acct-ana-1/timeline", "Authorization", bearer);
        HttpResponse<String> othersAck = api.postEmpty("/alerts/alert-bo-1/ack", "Authorization", bearer);
        HttpResponse<String> othersResolve = api.postEmpty("/alerts/alert-bo-1/resolve", "Authorization", bearer);
        HttpResponse<String> ownResolve = api.postEmpty("/alerts/alert-ana-2/resolve", "Authorization", bearer);
        HttpResponse<String> shared = api.get("/alerts", "Authorization", "Bearer " + AlertServiceFixture.CSM_TOKEN);

        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("alert-ana-1").doesNotContain("alert-bo-1");
        assertThat(othersList.statusCode()).isEqualTo(403);
        assertThat(othersTimeline.statusCode()).isEqualTo(403);
        assertThat(othersTimeline.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(ownTimeline.statusCode()).isEqualTo(200);
        assertThat(othersAck.statusCode()).isEqualTo(403);
        assertThat(othersResolve.statusCode()).isEqualTo(403);
        assertThat(ownResolve.statusCode()).isEqualTo(200);
        assertThat(sql.strings("SELECT resolved_by FROM alerts WHERE alert_id = 'alert-ana-2'"))
                .containsExactly(ConsoleData.ANA);
        assertThat(sql.strings("SELECT status FROM alerts WHERE alert_id = 'alert-bo-1'")).containsExactly("OPEN");
        assertThat(shared.body()).as("a token without person sees every account").contains("alert-bo-1");
    }

    private static String message(String html) {
        int start = html.indexOf("role=\"alert\">");
        return html.substring(start, html.indexOf("</p>", start));
    }
}
