using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dispatch.Api.Access;
using Dispatch.Domain.Access;
using Npgsql;
using NodaTime;

namespace Dispatch.Api.Tests;

/// <summary>
/// The secret is write-only. The API runs as a process of its own here, so the test reads exactly what it logs
/// (in-process hosts share Serilog's static logger), and with the real clock, so the receiver checks real timestamps.
/// </summary>
public class WebhookSecretTests
{
    [Fact]
    public async Task The_secret_never_appears_in_answers_stored_events_or_logs()
    {
        const string secret = "never-shown-4f1c0b9e8d7a6b5c";
        var connection = await TestDatabase.ConnectionStringAsync();
        var schema = "t_" + Guid.NewGuid().ToString("N")[..12];
        using var api = await ApiProcess.StartAsync(connection, schema, new Dictionary<string, string>
        {
            ["Dispatch__Durability"] = "Solo",
            ["Dispatch__ProjectionDaemon"] = "Solo",
            ["Webhooks__FirstRetryMilliseconds"] = "100",
            ["Webhooks__MaxAttempts"] = "3",
        }, name: "webhooks");
        await using var receiver = await WebhookReceiver.StartAsync(secret, () => SystemClock.Instance.GetCurrentInstant(), failFirst: int.MaxValue);
        HttpClient As(string token) => new() { BaseAddress = api.Client.BaseAddress, DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
        using var integrator = As(TestIdentity.Token(new TokenClaims("log-check", [Roles.Integrator], Contracts: ["duty-level.changed.v1"])));
        using var auditor = As(TestIdentity.As(Roles.Auditor));

        var answers = new StringBuilder();
        var registered = await integrator.PostAsJsonAsync("/webhooks", new { url = receiver.Url, secret });
        answers.Append(await registered.Content.ReadAsStringAsync());
        var id = (string)JsonNode.Parse(answers.ToString())!["id"]!;
        Assert.True((await api.Client.PostAsJsonAsync("/duty-level", new { level = "level-1", issuer = "巡特警支队", reason = "检查" })).IsSuccessStatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await api.Client.GetStringAsync($"/webhooks/{id}/deliveries")).Contains("\"failed\"") && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        Assert.Equal(3, receiver.Requests.Count);
        Assert.All(receiver.Requests, r => Assert.True(r.Verified)); // signed with the secret, checked against the real clock

        foreach (var client in new[] { integrator, auditor, api.Client })
        {
            answers.Append(await client.GetStringAsync("/webhooks"));
            answers.Append(await client.GetStringAsync($"/webhooks/{id}/deliveries"));
        }
        answers.Append(await (await integrator.DeleteAsync($"/webhooks/{id}")).Content.ReadAsStringAsync());
        Assert.Contains("\"failed\"", answers.ToString());
        Assert.DoesNotContain(secret, answers.ToString());

        await using (var check = new NpgsqlConnection(connection))
        {
            await check.OpenAsync();
            await using var events = new NpgsqlCommand($"select count(*), count(*) filter (where data::text like '%' || @secret || '%') from {schema}.mt_events where stream_id = @id", check);
            events.Parameters.AddWithValue("secret", secret);
            events.Parameters.AddWithValue("id", Guid.Parse(id));
            await using var reader = await events.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(2L, reader.GetInt64(0)); // registered, removed
            Assert.Equal(0L, reader.GetInt64(1));
        }

        var log = string.Join("\n", api.Logs);
        Assert.Contains($"Webhook {id} refused", log); // the failed attempts were logged, by webhook id
        Assert.DoesNotContain(secret, log);
    }
}
