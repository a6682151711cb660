using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dispatch.Api.Access;
using Dispatch.Api.Feed;
using Dispatch.Api.Webhooks;
using Dispatch.Domain.Access;
using Marten;

namespace Dispatch.Api.Tests;

/// <summary>One API for the webhook tests: short retry delays, a short attempt limit, few delivery slots.</summary>
public sealed class WebhookApi : IAsyncLifetime
{
    public ApiHost Api { get; private set; } = null!;
    public async Task InitializeAsync() => Api = await ApiHost.StartAsync(overrides: new Dictionary<string, string?>
    {
        ["Webhooks:FirstRetryMilliseconds"] = "100",
        ["Webhooks:LongestRetryMilliseconds"] = "400",
        ["Webhooks:MaxAttempts"] = "4",
        ["Webhooks:TimeoutMilliseconds"] = "60000",
        // Four slots, two per webhook: a receiver holding four deliveries would take every slot without the share.
        ["Webhooks:Parallelism"] = "4",
        ["Webhooks:MaxInFlightPerWebhook"] = "2",
        ["Webhooks:BusyRetryMilliseconds"] = "200",
    });

    public async Task DisposeAsync() => await Api.DisposeAsync();
}

public class WebhookTests(WebhookApi fixture) : IClassFixture<WebhookApi>
{
    private const string Secret = "whsec-7f3a9c2e-贾湖-1d4b8e6f0a2c";
    private static readonly string[] AllContracts = [.. IntegrationContracts.All.Select(c => c.Name)];
    private ApiHost Api => fixture.Api;

    private HttpClient Integrator(string subject, params string[] contracts) => Api.ClientWithToken(
        TestIdentity.Token(new TokenClaims(subject, [Roles.Integrator], Contracts: contracts.Length > 0 ? contracts : AllContracts)));

    private Task<WebhookReceiver> Receiver(int failFirst = 0, bool hold = false, string secret = Secret) =>
        WebhookReceiver.StartAsync(secret, () => Api.Clock.GetCurrentInstant(), failFirst, hold);

    private async Task<Guid> Register(HttpClient integrator, object body)
    {
        var response = await integrator.PostAsJsonAsync("/webhooks", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /webhooks: {(int)response.StatusCode} {text}");
        Assert.DoesNotContain("whsec", text);
        return Guid.Parse((string)JsonNode.Parse(text)!["id"]!);
    }

    private async Task<Guid> ReportIncident()
    {
        var response = await Api.PostIncident(Incident.At(33.4456646, 113.6189944, address: "贾湖广场"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return Guid.Parse((string)(await Api.Json(response))["id"]!);
    }

    private static string? FirstStatus(JsonNode log) => (string?)log["deliveries"]!.AsArray().FirstOrDefault()?["status"];

    private static string Type(string contract) => IntegrationContracts.CloudEventType(contract);

    [Fact]
    public async Task A_receiver_checking_signatures_gets_the_incidents_cloud_events_signed_and_logged()
    {
        await using var receiver = await Receiver();
        var integrator = Integrator("110-platform");
        var webhook = await Register(integrator, new { url = receiver.Url, secret = Secret });

        var incident = await ReportIncident();
        Assert.True((await Api.Client.PostAsJsonAsync($"/incidents/{incident}/close", new { reason = "处置完毕" })).IsSuccessStatusCode);

        string[] expected = [Type("incident.reported.v1"), Type("unit.dispatched.v1"), Type("incident.closed.v1")];
        Assert.True(await receiver.WaitFor(r => expected.All(t => r.Accepted.Any(d => d.Type == t
                && (string?)d.Json["data"]!["incidentId"] == incident.ToString()))),
            $"received: {string.Join(", ", receiver.Requests.Select(r => $"{r.Type} {r.Answered}"))}");
        // Deliveries run in parallel, so they may arrive in any order; the sequence attribute orders them.
        var mine = receiver.Accepted.Where(d => (string?)d.Json["data"]!["incidentId"] == incident.ToString())
            .OrderBy(d => long.Parse((string)d.Json["sequence"]!)).ToList();
        Assert.Equal(expected, mine.Select(d => d.Type));
        foreach (var delivery in receiver.Requests)
        {
            Assert.True(delivery.Verified);
            Assert.StartsWith(StructuredCloudEvent.ContentType, delivery.ContentType);
            Assert.Equal((string)delivery.Json["id"]!, delivery.Id);
            Assert.Equal(Api.Clock.GetCurrentInstant().ToUnixTimeSeconds().ToString(), delivery.Timestamp);
            Assert.Equal("1.0", (string)delivery.Json["specversion"]!);
        }
        // Each event once.
        Assert.Equal(3, mine.Select(d => d.Id).Distinct().Count());

        // The receiver has answered; the attempt is logged once the handler commits.
        List<JsonNode?> Mine(JsonNode log) => log["deliveries"]!.AsArray().Where(d => mine.Any(m => m.Id == (string)d!["eventId"]!)).ToList();
        var delivered = Mine(await Api.WaitFor($"/webhooks/{webhook}/deliveries", n => Mine(n).All(d => (string)d!["status"]! == "delivered")));
        Assert.Equal(3, delivered.Count);
        Assert.All(delivered, d =>
        {
            Assert.Equal("delivered", (string)d!["status"]!);
            var attempt = Assert.Single(d["attempts"]!.AsArray())!;
            Assert.Equal(204, (int)attempt["statusCode"]!);
            Assert.Null(attempt["nextAttemptAt"]);
        });
    }

    [Fact]
    public async Task A_receiver_that_fails_twice_gets_the_delivery_on_the_third_attempt_and_a_dead_one_is_marked_failed()
    {
        await using var flaky = await Receiver(failFirst: 2);
        await using var broken = await Receiver(failFirst: int.MaxValue);
        var integrator = Integrator("fire-department", "duty-level.changed.v1");
        var flakyHook = await Register(integrator, new { url = flaky.Url, secret = Secret });
        var brokenHook = await Register(integrator, new { url = broken.Url, secret = Secret });

        Assert.True((await Api.Client.PostAsJsonAsync("/duty-level", new { level = "level-3", issuer = "巡特警支队", reason = "演练" })).IsSuccessStatusCode);

        Assert.True(await flaky.WaitFor(r => r.Accepted.Count == 1));
        var flakyLog = await Api.WaitFor($"/webhooks/{flakyHook}/deliveries", n => FirstStatus(n) == "delivered");
        var attempts = Assert.Single(flakyLog["deliveries"]!.AsArray())!["attempts"]!.AsArray();
        Assert.Equal([1, 2, 3], attempts.Select(a => (int)a!["number"]!));
        Assert.Equal([503, 503, 204], attempts.Select(a => (int)a!["statusCode"]!));
        Assert.Equal(["status 503", "status 503", null], attempts.Select(a => (string?)a!["error"]));
        Assert.NotNull(attempts[0]!["nextAttemptAt"]);
        Assert.NotNull(attempts[1]!["nextAttemptAt"]);
        Assert.Null(attempts[2]!["nextAttemptAt"]);
        // The same event, the same id, every time: a receiver deduplicates on Webhook-Id.
        Assert.Single(flaky.Requests.Select(r => r.Id).Distinct());
        Assert.Equal(3, flaky.Requests.Count);

        var brokenLog = await Api.WaitFor($"/webhooks/{brokenHook}/deliveries", n => FirstStatus(n) == "failed");
        var failed = Assert.Single(brokenLog["deliveries"]!.AsArray())!;
        Assert.Equal("failed", (string)failed["status"]!);
        Assert.Equal(4, failed["attempts"]!.AsArray().Count);
        Assert.Null(failed["attempts"]![3]!["nextAttemptAt"]);
        Assert.Equal(4, broken.Requests.Count);
        Assert.Empty(broken.Accepted);
    }

    [Fact]
    public async Task A_receiver_that_never_answers_does_not_hold_up_a_healthy_one()
    {
        await using var hung = await Receiver(hold: true);
        await using var healthy = await Receiver();
        var integrator = Integrator("city-dashboard");
        await Register(integrator, new { url = hung.Url, secret = Secret });
        await Register(integrator, new { url = healthy.Url, secret = Secret });

        var first = await ReportIncident();
        var second = await ReportIncident();
        bool Both(WebhookReceiver r, string contract) => new[] { first, second }.All(id =>
            r.Requests.Any(d => d.Type == Type(contract) && (string?)d.Json["data"]!["incidentId"] == id.ToString()));

        // The healthy receiver gets every report and dispatch while the hung one holds each request it was sent.
        Assert.True(await healthy.WaitFor(r => Both(r, "incident.reported.v1") && Both(r, "unit.dispatched.v1")));
        Assert.True(await hung.WaitFor(r => !r.Requests.IsEmpty));
        Assert.All(hung.Requests, r => Assert.Null(r.Answered));
        Assert.All(healthy.Requests, r => Assert.Equal(204, r.Answered));

        hung.Release();
        Assert.True(await hung.WaitFor(r => Both(r, "incident.reported.v1") && Both(r, "unit.dispatched.v1")));
        foreach (var id in new[] { first, second })
            Assert.True((await Api.Client.PostAsJsonAsync($"/incidents/{id}/close", new { reason = "处置完毕" })).IsSuccessStatusCode);
    }

    [Fact]
    public async Task Filters_by_contract_and_grid_are_honoured()
    {
        await using var dispatchesOnly = await Receiver();
        await using var otherGrid = await Receiver();
        await using var everything = await Receiver();
        var integrator = Integrator("traffic-police");
        await Register(integrator, new { url = dispatchesOnly.Url, secret = Secret, types = new[] { "unit.dispatched.v1", "duty-level.changed.v1" } });
        await Register(integrator, new { url = everything.Url, secret = Secret });

        var incident = await ReportIncident();
        Assert.True(await everything.WaitFor(r => r.Requests.Any(d => d.Type == Type("unit.dispatched.v1"))));
        var grid = int.Parse((string)everything.Requests.First(d => d.Type == Type("incident.reported.v1")).Json["grid"]!);
        var elsewhere = grid == 1 ? 2 : 1;
        await Register(integrator, new { url = otherGrid.Url, secret = Secret, grids = new[] { elsewhere },
            types = new[] { "incident.reported.v1", "unit.dispatched.v1", "incident.closed.v1", "duty-level.changed.v1" } });

        // Closing the incident is about its grid; the duty-level change after it is county-wide and reaches every filter,
        // so once it has arrived everything stored before it has been judged.
        Assert.True((await Api.Client.PostAsJsonAsync($"/incidents/{incident}/close", new { reason = "处置完毕" })).IsSuccessStatusCode);
        Assert.True((await Api.Client.PostAsJsonAsync("/duty-level", new { level = "level-2", issuer = "巡特警支队", reason = "安保" })).IsSuccessStatusCode);
        foreach (var receiver in new[] { dispatchesOnly, otherGrid, everything })
            Assert.True(await receiver.WaitFor(r => r.Requests.Any(d => d.Type == Type("duty-level.changed.v1"))));

        Assert.All(dispatchesOnly.Requests, d => Assert.Contains(d.Type, new[] { Type("unit.dispatched.v1"), Type("duty-level.changed.v1") }));
        Assert.Contains(dispatchesOnly.Requests, d => d.Type == Type("unit.dispatched.v1") && (string?)d.Json["data"]!["incidentId"] == incident.ToString());
        Assert.Equal([Type("duty-level.changed.v1")], otherGrid.Requests.Select(d => d.Type));
        Assert.Contains(everything.Requests, d => d.Type == Type("incident.closed.v1"));
    }

    [Fact]
    public async Task Registration_takes_only_granted_contracts_and_absolute_http_urls()
    {
        var integrator = Integrator("health-department", "incident.reported.v1");
        foreach (var url in new[] { "ftp://receiver.example/x", "/relative/path", "not a url", "https://user:pw@receiver.example/x", "" })
        {
            var response = await integrator.PostAsJsonAsync("/webhooks", new { url, secret = Secret });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.NotNull((await Api.Json(response))["errors"]!["url"]);
        }
        var shortSecret = await integrator.PostAsJsonAsync("/webhooks", new { url = "https://receiver.example/x", secret = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, shortSecret.StatusCode);
        var unknownGrid = await integrator.PostAsJsonAsync("/webhooks", new { url = "https://receiver.example/x", secret = Secret, grids = new[] { 99 } });
        Assert.Equal(HttpStatusCode.BadRequest, unknownGrid.StatusCode);
        var mistyped = await integrator.PostAsync("/webhooks", new StringContent(
            """{"url": "https://receiver.example/x", "secret": "a-secret-of-sixteen-or-more", "grids": ["seven"]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, mistyped.StatusCode);
        Assert.Equal("application/problem+json", mistyped.Content.Headers.ContentType?.MediaType);
        var notGranted = await integrator.PostAsJsonAsync("/webhooks",
            new { url = "https://receiver.example/x", secret = Secret, types = new[] { "unit.dispatched.v1" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notGranted.StatusCode);
        Assert.Equal("contract-not-granted", (string)(await Api.Json(notGranted))["title"]!);

        var id = await Register(integrator, new { url = "https://receiver.example/x", secret = Secret });
        var mine = Assert.Single((await integrator.GetFromJsonAsync<JsonArray>("/webhooks"))!);
        Assert.Equal(["incident.reported.v1"], mine!["types"]!.AsArray().Select(t => (string)t!));
        // Another integrator neither sees it nor removes it, nor reads its log.
        var other = Integrator("someone-else");
        Assert.DoesNotContain((await other.GetFromJsonAsync<JsonArray>("/webhooks"))!, w => (string)w!["id"]! == id.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/webhooks/{id}/deliveries")).StatusCode);

        // The OpenAPI document carries an example answer and describes the query.
        var openApi = await Api.GetJson("/openapi/v1.json");
        var deliveries = openApi["paths"]!["/webhooks/{id}/deliveries"]!["get"]!;
        Assert.NotNull(deliveries["responses"]!["200"]!["content"]!["application/json"]!["example"]!["deliveries"]![0]!["attempts"]);
        Assert.Contains("pending", (string)deliveries["parameters"]!.AsArray().First(p => (string)p!["name"]! == "status")!["description"]!);
        Assert.NotNull(openApi["paths"]!["/webhooks"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["example"]![0]!["url"]);

        var removed = await integrator.DeleteAsync($"/webhooks/{id}");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.False((bool)(await Api.Json(removed))["active"]!);
        Assert.Equal(HttpStatusCode.OK, (await integrator.DeleteAsync($"/webhooks/{id}")).StatusCode);
        await using var session = Api.Store.QuerySession();
        Assert.Null(await session.LoadAsync<WebhookSigningKey>(id));
    }

    [Fact]
    public void The_documented_check_refuses_a_tampered_body_a_wrong_secret_and_an_old_timestamp()
    {
        var body = Encoding.UTF8.GetBytes("""{"specversion":"1.0","id":"0193","type":"cn.wuyang.police.incident.closed.v1","data":{"reason":"处置完毕"}}""");
        const long sentAt = 1_796_191_200;
        var signature = WebhookSignature.Sign(Secret, sentAt, body);
        // Computed apart with Python's hmac module, as the README's example does it.
        Assert.Equal("v1=eabd73104f8ad20fd583073d7ef4a4c0d2f8e57af434f7d5641491dd0a42747c", signature);
        Assert.True(WebhookSignature.Verify(Secret, sentAt.ToString(), signature, body, sentAt + 10));

        var tampered = (byte[])body.Clone();
        tampered[^3] ^= 0x01;
        Assert.False(WebhookSignature.Verify(Secret, sentAt.ToString(), signature, tampered, sentAt));
        Assert.False(WebhookSignature.Verify("another-secret-of-16+", sentAt.ToString(), signature, body, sentAt));
        Assert.False(WebhookSignature.Verify(Secret, (sentAt + 1).ToString(), signature, body, sentAt)); // the timestamp is signed
        Assert.False(WebhookSignature.Verify(Secret, sentAt.ToString(), signature, body, sentAt + 301)); // too old
        Assert.True(WebhookSignature.Verify(Secret, sentAt.ToString(), "v1=00 " + signature, body, sentAt)); // several signatures
    }

    [Fact]
    public async Task A_real_delivery_with_its_body_changed_fails_the_receivers_check()
    {
        await using var receiver = await Receiver();
        var integrator = Integrator("tamper-check", "duty-level.changed.v1");
        await Register(integrator, new { url = receiver.Url, secret = Secret });
        Assert.True((await Api.Client.PostAsJsonAsync("/duty-level", new { level = "normal", issuer = "巡特警支队", reason = "恢复" })).IsSuccessStatusCode);
        Assert.True(await receiver.WaitFor(r => r.Accepted.Count > 0));

        var delivered = receiver.Accepted[0];
        var now = Api.Clock.GetCurrentInstant().ToUnixTimeSeconds();
        Assert.True(WebhookSignature.Verify(Secret, delivered.Timestamp, delivered.Signature, delivered.Body, now));
        var changed = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(delivered.Body).Replace("\"normal\"", "\"level-1\""));
        Assert.NotEqual(delivered.Body, changed);
        Assert.False(WebhookSignature.Verify(Secret, delivered.Timestamp, delivered.Signature, changed, now));
    }
}
