using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Dispatch.Api.Access;
using Dispatch.Api.Feed;
using Dispatch.Domain.Access;
using Dispatch.Domain.Duty;
using Dispatch.Domain.Incidents;
using Dispatch.Domain.Patrol;
using Dispatch.Domain.Units;
using Marten;

namespace Dispatch.Api.Tests;

/// <summary>One Server-Sent Event as the wire carried it.</summary>
public sealed record SseEvent(long Id, string Type, JsonObject Data, DateTime ReceivedUtc);

/// <summary>A consumer of GET /feed/stream: reads the wire line by line, keeps heartbeat comments apart.</summary>
public sealed class SseConnection : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseConnection(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public List<string> Comments { get; } = [];

    public static async Task<SseConnection> OpenAsync(HttpClient client, string url, long? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is { } id) request.Headers.Add("Last-Event-ID", id.ToString());
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
            throw new Xunit.Sdk.XunitException($"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseConnection(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>The next event; null when the stream ended (the server went away) or <paramref name="timeout"/> passed.</summary>
    public async Task<SseEvent?> NextAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        string? id = null, type = null, data = null;
        try
        {
            while (true)
            {
                var line = await _reader.ReadLineAsync(cancel.Token);
                if (line is null) return null;
                if (line.StartsWith(':')) { Comments.Add(line); continue; }
                if (line.Length == 0)
                {
                    if (data is not null)
                        return new SseEvent(long.Parse(id!), type!, JsonNode.Parse(data)!.AsObject(), DateTime.UtcNow);
                    continue;
                }
                var (field, value) = line.IndexOf(':') is var colon and > 0
                    ? (line[..colon], line[(colon + 1)..].TrimStart(' ')) : (line, "");
                switch (field)
                {
                    case "id": id = value; break;
                    case "event": type = value; break;
                    case "data": data = data is null ? value : data + "\n" + value; break;
                }
            }
        }
        catch (OperationCanceledException) { return null; }
        catch (IOException) { return null; }
        catch (HttpRequestException) { return null; }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        await Task.CompletedTask;
    }
}

public static class FeedConsumer
{
    public static readonly string[] AllContracts = [.. IntegrationContracts.All.Select(c => c.Name)];

    public static string IntegratorToken(params string[] contracts) =>
        TestIdentity.Token(new TokenClaims("integrator-" + Guid.NewGuid().ToString("N")[..6], [Roles.Integrator], Contracts: contracts));

    /// <summary>The domain events a contract covers, straight from the store, in sequence order: what the feed must carry.</summary>
    public static async Task<List<(long Sequence, string Id)>> ContractEventsInStore(IDocumentStore store)
    {
        await using var session = store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).ToListAsync();
        return [.. events.Where(e => e.Data is IncidentReported or UnitDispatched or UnitArrivedOnScene or UnitCleared or IncidentClosed
                or IncidentReopened or DutyLevelChanged or MissedVisitRaised or MissedVisitRetracted)
            .Select(e => (e.Sequence, e.Id.ToString()))];
    }

    /// <summary>Pages through GET /feed from <paramref name="after"/> until the cursor reaches <paramref name="until"/> (30 s at most).</summary>
    public static async Task<(List<JsonObject> Items, long Next, int Pages)> PullUntil(HttpClient client, long until, string query = "",
        int limit = 100, long after = 0)
    {
        var items = new List<JsonObject>();
        var pages = 0;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (after < until && DateTime.UtcNow < deadline)
        {
            var response = await client.GetAsync($"/feed?after={after}&limit={limit}{query}");
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"GET /feed: {(int)response.StatusCode} {text}");
            var page = JsonNode.Parse(text)!;
            var next = (long)page["next"]!;
            Assert.True(next >= after, $"next {next} went back from {after}");
            var got = page["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
            items.AddRange(got.Select(i => (JsonObject)i.DeepClone()));
            pages++;
            if (got.Count == 0 && next == after) await Task.Delay(100);
            after = next;
        }
        return (items, after, pages);
    }
}
