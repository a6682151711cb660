using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dispatch.Domain.Duty;
using Marten;
using Marten.Services;
using NodaTime;
using Npgsql;
using Xunit.Abstractions;
using static Dispatch.Api.Tests.FeedConsumer;

namespace Dispatch.Api.Tests;

/// <summary>
/// What the feed promises under stress: a slower transaction is never overtaken, a consumer of the stream loses
/// nothing when the API process dies mid-stream, and how long an appended event takes to reach an SSE consumer.
/// </summary>
public class FeedDeliveryTests(ITestOutputHelper output)
{
    private static HttpClient IntegratorOf(Uri baseAddress) => new()
    {
        BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan,
        DefaultRequestHeaders = { Authorization = new("Bearer", IntegratorToken(AllContracts)) },
    };

    [Fact]
    public async Task A_slow_transaction_holding_a_lower_sequence_is_not_overtaken_and_its_event_arrives_in_order()
    {
        await using var api = await ApiHost.StartAsync();
        var integrator = IntegratorOf(api.Client.BaseAddress!);
        var before = await ContractEventsInStore(api.Store);
        var caughtUp = await PullUntil(integrator, before[^1].Sequence);

        // The slow transaction appends first, so it holds the lower sequence, and does not commit yet.
        await using var connection = new NpgsqlConnection(await TestDatabase.ConnectionStringAsync());
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        long slowSequence;
        await using (var slow = api.Store.LightweightSession(SessionOptions.ForTransaction(transaction)))
        {
            var now = api.Clock.GetCurrentInstant();
            var action = slow.Events.Append(CountyDutyState.StreamId,
                new DutyLevelChanged(DutyLevel.Level2, now, "巡特警支队", "慢事务", "test:slow", now));
            await slow.SaveChangesAsync();
            slowSequence = action.Events[0].Sequence;
        }

        // A fast one commits after it: an incident reported through the API.
        var fast = await api.Json(await api.PostIncident(Incident.At(33.4456646, 113.6189944)));
        var fastSubject = $"incidents/{(string)fast["id"]!}";

        // For longer than Marten's stale-sequence threshold (3 s) the feed stops short of the open transaction.
        var seen = new List<JsonObject>();
        var next = caughtUp.Next;
        var until = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < until)
        {
            var page = (await integrator.GetFromJsonAsync<JsonObject>($"/feed?after={next}"))!;
            seen.AddRange(page["items"]!.AsArray().Select(i => (JsonObject)i!.DeepClone()));
            next = (long)page["next"]!;
            await Task.Delay(200);
        }
        Assert.True(next < slowSequence, $"the cursor {next} passed the open transaction's sequence {slowSequence}");
        Assert.DoesNotContain(seen, i => (string)i["subject"]! == fastSubject);

        await transaction.CommitAsync();
        var expected = await ContractEventsInStore(api.Store);
        var rest = await PullUntil(integrator, expected[^1].Sequence, after: next);
        Assert.Equal(expected.Where(e => e.Sequence > caughtUp.Next).Select(e => e.Id), seen.Concat(rest.Items).Select(i => (string)i["id"]!));
        Assert.Contains(rest.Items, i => (string)i["sequence"]! == slowSequence.ToString());
        Assert.Contains(rest.Items, i => (string)i["subject"]! == fastSubject);
    }

    [Fact]
    public async Task A_stream_consumer_resuming_from_its_last_id_after_the_API_is_killed_mid_stream_has_every_event_once_in_order()
    {
        var connection = await TestDatabase.ConnectionStringAsync();
        var schema = "t_" + Guid.NewGuid().ToString("N")[..12];
        var logs = new ConcurrentQueue<string>();
        var received = new List<SseEvent>();
        var reconnections = 0;

        ApiProcess? first = await ApiProcess.StartAsync(connection, schema, name: "api-1", logs: logs);
        var current = first;
        ApiProcess? second = null;
        try
        {
            using var stop = new CancellationTokenSource();
            // Incidents keep coming in through whichever process is up; a report to a dead process is simply lost.
            var reported = 0;
            var writer = Task.Run(async () =>
            {
                var spots = new[] { (33.4456646, 113.6189944), (33.4380000, 113.6017705), (33.44, 113.60) };
                while (!stop.IsCancellationRequested)
                {
                    var (lat, lon) = spots[reported % spots.Length];
                    try
                    {
                        if ((await current.Client.PostAsJsonAsync("/incidents", Incident.At(lat, lon))).IsSuccessStatusCode)
                            Interlocked.Increment(ref reported);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or ObjectDisposedException) { }
                    await Task.Delay(150);
                }
            });

            // The consumer: reads until the stream ends, then reconnects to whichever process is up, from its last id.
            var consumer = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        using var client = IntegratorOf(current.Client.BaseAddress!);
                        await using var stream = await SseConnection.OpenAsync(client, "/feed/stream", received.LastOrDefault()?.Id);
                        while (await stream.NextAsync(TimeSpan.FromSeconds(30)) is { } e)
                            lock (received) received.Add(e);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or ObjectDisposedException) { }
                    Interlocked.Increment(ref reconnections);
                    await Task.Delay(200);
                }
            });

            await WaitUntil(() => received.Count >= 6, "the consumer to receive events from the first process");
            first.Dispose(); // killed mid-stream, writes still coming
            first = null;
            second = await ApiProcess.StartAsync(connection, schema, name: "api-2", logs: logs);
            current = second;
            var atRestart = reported;
            await WaitUntil(() => reported >= atRestart + 5, "incidents through the second process");
            stop.Cancel();
            await writer;

            // The truth: the pull feed of the restarted process, which reads the store.
            using var puller = IntegratorOf(second.Client.BaseAddress!);
            var pulled = (await PullUntil(puller, await LastContractSequence(puller))).Items;
            var last = long.Parse((string)pulled[^1]["sequence"]!);
            await WaitUntil(() => { lock (received) return received.Count > 0 && received[^1].Id >= last; },
                "the consumer to catch up with the store");

            List<SseEvent> deduped;
            lock (received) deduped = [.. received.DistinctBy(e => (string)e.Data["id"]!)];
            output.WriteLine($"{reported} incidents reported, {received.Count} events received, {received.Count - deduped.Count} duplicates, " +
                             $"{reconnections} connection attempts after the first, {pulled.Count} in the pull feed");
            Assert.True(reconnections >= 1);
            Assert.Equal(pulled.Select(i => (string)i["id"]!), deduped.Select(e => (string)e.Data["id"]!));
            Assert.Equal(deduped.Select(e => e.Id).Order(), deduped.Select(e => e.Id));
        }
        catch
        {
            output.WriteLine(string.Join("\n", logs.TakeLast(40)));
            throw;
        }
        finally
        {
            first?.Dispose();
            second?.Dispose();
        }
    }

    /// <summary>The sequence of the last contract event the pull feed reaches, read by paging to the end.</summary>
    private static async Task<long> LastContractSequence(HttpClient client)
    {
        long after = 0, last = 0;
        while (true)
        {
            var page = (await client.GetFromJsonAsync<JsonObject>($"/feed?after={after}&limit=1000"))!;
            var items = page["items"]!.AsArray();
            if (items.Count > 0) last = long.Parse((string)items[^1]!["sequence"]!);
            var next = (long)page["next"]!;
            if (next == after) return last;
            after = next;
        }
    }

    private static async Task WaitUntil(Func<bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!done())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited 90 s for {what}");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Append-to-delivery for SSE: each event's stored timestamp (the appending transaction's start, by PostgreSQL's
    /// clock on this machine) to the moment the consumer read it. Numbers written out, not asserted.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Append_to_delivery_latency_over_the_stream(bool listenNotify)
    {
        const int count = 300;
        await using var api = await ApiHost.StartAsync(overrides: new Dictionary<string, string?>
        {
            ["Feed:ListenNotify"] = listenNotify ? "true" : "false",
        });
        var settings = (Dispatch.Api.Feed.FeedSettings)api.Services.GetService(typeof(Dispatch.Api.Feed.FeedSettings))!;
        using var integrator = IntegratorOf(api.Client.BaseAddress!);
        var start = (await ContractEventsInStore(api.Store))[^1].Sequence;
        await using var stream = await SseConnection.OpenAsync(integrator, $"/feed/stream?after={start}&types=duty-level.changed.v1");

        var received = new List<SseEvent>();
        var reader = Task.Run(async () =>
        {
            while (received.Count < count && await stream.NextAsync(TimeSpan.FromSeconds(60)) is { } e) received.Add(e);
        });
        for (var i = 0; i < count; i++)
        {
            await using var session = api.Store.LightweightSession();
            var now = api.Clock.GetCurrentInstant();
            session.Events.Append(CountyDutyState.StreamId, new DutyLevelChanged(i % 2 == 0 ? DutyLevel.Level2 : DutyLevel.Level3, now,
                "巡特警支队", $"latency {i}", "test:latency", now));
            await session.SaveChangesAsync();
            await Task.Delay(20);
        }
        await reader;
        Assert.Equal(count, received.Count);

        await using var query = api.Store.QuerySession();
        var stored = (await query.Events.QueryAllRawEvents().Where(e => e.Sequence > start).ToListAsync())
            .ToDictionary(e => e.Id.ToString(), e => e.Timestamp.UtcDateTime);
        var latencies = received.Select(e => (e.ReceivedUtc - stored[(string)e.Data["id"]!]).TotalMilliseconds).Order().ToList();
        double Percentile(double p) => latencies[(int)Math.Ceiling(p * latencies.Count) - 1];
        output.WriteLine($"SSE append-to-delivery, {count} events 20 ms apart, feed poll {settings.PollInterval.TotalMilliseconds} ms, " +
                         $"LISTEN/NOTIFY {(listenNotify ? "on" : "off")}: p50 {Percentile(0.5):F0} ms, p99 {Percentile(0.99):F0} ms, " +
                         $"max {latencies[^1]:F0} ms");
    }
}
