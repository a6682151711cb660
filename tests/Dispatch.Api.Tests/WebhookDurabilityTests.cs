using Marten.Events;
using System.Net.Http.Json;
using Dispatch.Api.Access;
using Dispatch.Api.Webhooks;
using Dispatch.Domain.Access;
using Npgsql;

namespace Dispatch.Api.Tests;

public class WebhookDurabilityTests
{
    // A receiver that never answers makes the stopping process wait for the attempt to time out (Wolverine lets
    // handlers in flight finish): that attempt is logged and its retry scheduled durably, for whichever process runs next.
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Webhooks:TimeoutMilliseconds"] = "1000",
        ["Webhooks:FirstRetryMilliseconds"] = "200",
    };

    [Fact]
    public async Task A_delivery_unanswered_when_the_process_stops_is_delivered_by_the_next_process()
    {
        var api = await ApiHost.StartAsync(overrides: Settings);
        var schema = api.Schema;
        var clock = api.Clock;
        await using var receiver = await WebhookReceiver.StartAsync("durable-secret-0123456789", () => clock.GetCurrentInstant(), hold: true);
        var integrator = api.ClientWithToken(TestIdentity.Token(new TokenClaims("110-platform", [Roles.Integrator],
            Contracts: ["duty-level.changed.v1"])));
        var registered = await integrator.PostAsJsonAsync("/webhooks", new { url = receiver.Url, secret = "durable-secret-0123456789" });
        var webhook = Guid.Parse((string)(await api.Json(registered))["id"]!);
        Assert.True((await api.Client.PostAsJsonAsync("/duty-level", new { level = "level-3", issuer = "巡特警支队", reason = "演练" })).IsSuccessStatusCode);

        // The first process has sent the delivery and the receiver holds it unanswered; then the process stops.
        Assert.True(await receiver.WaitFor(r => !r.Requests.IsEmpty));
        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await api.DisposeAsync();
        Console.WriteLine($"first process stopped after {stopping.ElapsedMilliseconds} ms");
        await using (var check = new NpgsqlConnection(await TestDatabase.ConnectionStringAsync()))
        {
            await check.OpenAsync();
            await using var delivered = new NpgsqlCommand(
                $"select count(*) from {schema}.mt_doc_webhookdelivery where data->>'status' = 'delivered'", check);
            Assert.Equal(0L, (long)(await delivered.ExecuteScalarAsync())!);
        }
        receiver.Release();

        var recovering = System.Diagnostics.Stopwatch.StartNew();
        await using var next = await ApiHost.StartAsync(schema: schema, overrides: Settings);
        var log = await next.WaitFor($"/webhooks/{webhook}/deliveries",
            n => (string?)n["deliveries"]!.AsArray().FirstOrDefault()?["status"] == WebhookDelivery.Delivered);
        Console.WriteLine($"delivered by the next process {recovering.ElapsedMilliseconds} ms after it started");
        Assert.True(log["deliveries"]!.AsArray().Count == 1, log.ToJsonString());
        var delivery = log["deliveries"]!.AsArray()[0]!;
        Assert.Equal(WebhookDelivery.Delivered, (string)delivery["status"]!);
        var attempts = delivery["attempts"]!.AsArray();
        Assert.Equal(204, (int)attempts[^1]!["statusCode"]!);
        Assert.All(attempts.SkipLast(1), a => Assert.Equal("timeout", (string)a!["error"]!));
        // At least once: the receiver saw the event more than once, always under one Webhook-Id, and took it once.
        Assert.True(receiver.Requests.Count >= 2);
        Assert.Single(receiver.Requests.Select(r => r.Id).Distinct());
        Assert.Single(receiver.Accepted);
        Assert.Equal((string)delivery["eventId"]!, receiver.Accepted[0].Id);
    }

    [Fact]
    public async Task A_webhook_gets_the_events_stored_after_its_registration_even_when_the_daemon_reads_them_later()
    {
        // The first process runs no daemon: the level changes before and after the registration are read only later,
        // by the second process, which must tell them apart by their place in the event log.
        var api = await ApiHost.StartAsync(overrides: new Dictionary<string, string?>(Settings) { ["Dispatch:ProjectionDaemon"] = "Disabled" });
        var (schema, clock) = (api.Schema, api.Clock);
        await using var receiver = await WebhookReceiver.StartAsync("window-secret-0123456789", () => clock.GetCurrentInstant());
        async Task Level(string level) =>
            Assert.True((await api.Client.PostAsJsonAsync("/duty-level", new { level, issuer = "巡特警支队", reason = "演练" })).IsSuccessStatusCode);
        await Level("level-3");
        var integrator = api.ClientWithToken(TestIdentity.Token(new TokenClaims("110-platform", [Roles.Integrator],
            Contracts: ["duty-level.changed.v1"])));
        Assert.True((await integrator.PostAsJsonAsync("/webhooks", new { url = receiver.Url, secret = "window-secret-0123456789" })).IsSuccessStatusCode);
        await Level("level-2");
        await api.DisposeAsync();

        await using var next = await ApiHost.StartAsync(schema: schema, overrides: Settings);
        Assert.True(await receiver.WaitFor(r => r.Accepted.Count >= 1));
        await next.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(500);
        var delivered = Assert.Single(receiver.Accepted);
        Assert.Equal("level-2", (string)delivered.Json["data"]!["level"]!);
    }
}
