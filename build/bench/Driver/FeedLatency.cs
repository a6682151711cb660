using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Npgsql;

namespace Bench;

/// <summary>
/// Append to delivery on GET /feed/stream, measured as the feed tests do: from each event's stored timestamp (the
/// appending transaction's start, by PostgreSQL's clock on this machine) to the moment this consumer read it off the
/// wire. The events are duty-level changes, appended through POST /duty-level some milliseconds apart.
/// </summary>
public static class FeedLatency
{
    private const string Type = "duty-level.changed.v1";

    public static async Task<int> RunAsync(Options options)
    {
        var metricsFile = options.Text("metrics");
        var count = options.Number("count", 300);
        var schema = options.Text("schema", "wuyang");
        await using var db = NpgsqlDataSource.Create(Options.Env("WUYANG_CONNECTION_STRING"));
        await CatchUp(db, schema, metricsFile);
        await using (var max = db.CreateCommand($"select coalesce(max(seq_id), 0) from {schema}.mt_events"))
        {
            var start = (long)(await max.ExecuteScalarAsync())!;
            using var dispatcher = Http.Client(options.Text("base"), Options.Env("DISPATCHER_TOKEN"));
            using var integrator = Http.Client(options.Text("base"), Options.Env("INTEGRATOR_TOKEN"));
            integrator.Timeout = Timeout.InfiniteTimeSpan;

            var request = new HttpRequestMessage(HttpMethod.Get, $"/feed/stream?after={start}&types={Type}");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            using var response = await integrator.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

            var received = new List<(string Id, DateTime At)>();
            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            var consumer = Task.Run(async () =>
            {
                string? data = null;
                while (received.Count < count && await reader.ReadLineAsync(stop.Token) is { } line)
                {
                    if (line.StartsWith("data:", StringComparison.Ordinal)) data = line[5..].Trim();
                    else if (line.Length == 0 && data is not null)
                    {
                        received.Add(((string)JsonNode.Parse(data)!["id"]!, DateTime.UtcNow));
                        data = null;
                    }
                }
            });

            var levels = new[] { "level-2", "level-3" };
            for (var i = 0; i < count; i++)
            {
                using var change = await dispatcher.PostAsync("/duty-level",
                    Http.Json(new { level = levels[i % 2], issuer = "基准测试", reason = $"feed latency {i}" }));
                if (!change.IsSuccessStatusCode)
                    throw new InvalidOperationException($"POST /duty-level answered {(int)change.StatusCode}: {await change.Content.ReadAsStringAsync()}");
                await Task.Delay(20);
            }
            await consumer;
            (await dispatcher.PostAsync("/duty-level", Http.Json(new { level = "normal", issuer = "基准测试", reason = "feed latency done" })))
                .EnsureSuccessStatusCode();

            var stored = new Dictionary<string, DateTime>();
            await using var query = db.CreateCommand($"select id::text, timestamp from {schema}.mt_events where seq_id > $1");
            query.Parameters.Add(new NpgsqlParameter { Value = start });
            await using (var rows = await query.ExecuteReaderAsync())
                while (await rows.ReadAsync())
                    stored[rows.GetString(0)] = rows.GetFieldValue<DateTimeOffset>(1).UtcDateTime;

            var samples = new Samples();
            foreach (var (id, at) in received) samples.Add((at - stored[id]).TotalMilliseconds);
            Console.WriteLine($"bench: feed: {samples.Count} of {count} events delivered");
            Metrics.Write(metricsFile, "feed.p50", samples.Percentile(50));
            Metrics.Write(metricsFile, "feed.p99", samples.Percentile(99));
            return samples.Count == count ? 0 : 1;
        }
    }

    /// <summary>
    /// Waits until every asynchronous projection and subscription has reached the last event, so the feed is timed in
    /// steady state rather than behind the backlog of the dispatch workloads; how long that took is a figure of its own.
    /// </summary>
    private static async Task CatchUp(NpgsqlDataSource db, string schema, string metricsFile)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var lag = db.CreateCommand(
            $"select (select coalesce(max(seq_id), 0) from {schema}.mt_events) - coalesce(min(last_seq_id), 0) from {schema}.mt_event_progression " +
            "where name like '%:%' or name = 'HighWaterMark'");
        long behind;
        while ((behind = Convert.ToInt64(await lag.ExecuteScalarAsync())) > 0 && clock.Elapsed < TimeSpan.FromMinutes(3))
            await Task.Delay(200);
        if (behind > 0) Console.Error.WriteLine($"bench: the projections were still {behind} events behind after 3 minutes");
        Metrics.Write(metricsFile, "daemon.catchup.ms", clock.Elapsed.TotalMilliseconds);
    }
}
