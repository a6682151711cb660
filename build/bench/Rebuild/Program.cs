using System.Diagnostics;
using System.Globalization;
using Dispatch.Bench.Rebuild;
using Dispatch.Domain.Reference;
using Dispatch.Projections;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events;
using Npgsql;

// Usage: Rebuild --out DIR [--events N] [--data DIR] [--keep] [--at-once] [--batch-size N]
// In a fresh schema of $WUYANG_CONNECTION_STRING: generates a history of N events (default 1,000,000), reads the event
// table raw (the ceiling), rebuilds every asynchronous projection, checks what they built, writes DIR/rebuild.tsv.
var options = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--"))
    .ToDictionary(x => x.a, x => x.i + 1 < args.Length && !args[x.i + 1].StartsWith("--") ? args[x.i + 1] : "");
var connectionString = Environment.GetEnvironmentVariable("WUYANG_CONNECTION_STRING")
                       ?? throw new InvalidOperationException("WUYANG_CONNECTION_STRING is not set");
var target = int.Parse(options.GetValueOrDefault("--events") is { Length: > 0 } n ? n : "1000000", CultureInfo.InvariantCulture);
var dataDirectory = options.GetValueOrDefault("--data") is { Length: > 0 } d ? d : FindData();
var outDirectory = Path.GetFullPath(options.GetValueOrDefault("--out") is { Length: > 0 } o ? o : ".");
Directory.CreateDirectory(outDirectory);
var schema = $"bench_rebuild_{DateTime.UtcNow:yyyyMMddHHmmss}_{Environment.ProcessId}";

void Log(string text) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {text}");
string Rate(double perSecond) => perSecond.ToString("F0", CultureInfo.InvariantCulture);

await using var store = DocumentStore.For(opts =>
{
    opts.ConfigureDispatchStore(connectionString, schema);
    // An experiment's knob, not the app's setting: the daemon's page size for every async projection.
    if (options.GetValueOrDefault("--batch-size") is { Length: > 0 } size)
        foreach (var projection in opts.Projections.All.Where(p => p.Lifecycle == ProjectionLifecycle.Async))
            projection.Options.BatchSize = int.Parse(size, CultureInfo.InvariantCulture);
});
try
{
    await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

    // 1. The history, appended by Marten's own bulk import (COPY in Marten's row format, no inline projections).
    var watch = Stopwatch.StartNew();
    var reference = ReferenceData.Load(name => File.ReadAllText(Path.Combine(dataDirectory, name)));
    var history = new History(reference).Generate(target).ToList();
    Log($"generated {history.Count} events on {history.Select(h => h.StreamId).Distinct().Count()} streams in {watch.Elapsed.TotalSeconds:F1} s");
    foreach (var group in history.GroupBy(h => h.Data.GetType().Name).OrderByDescending(g => g.Count()))
        Log($"  {group.Key}: {group.Count()}");

    watch.Restart();
    await using var builder = store.LightweightSession();
    var events = builder.Events;
    var headers = history.GroupBy(h => h.StreamId).Select(g => new BulkEventStreamHeader { Id = g.Key, Version = g.Max(h => h.Version) }).ToList();
    async IAsyncEnumerable<IEvent> Stored()
    {
        foreach (var h in history)
        {
            var e = events.BuildEvent(h.Data);
            e.Id = Guid.CreateVersion7(h.RecordedAt.ToDateTimeOffset());
            e.StreamId = h.StreamId;
            e.Version = h.Version;
            e.Timestamp = h.RecordedAt.ToDateTimeOffset();
            e.CorrelationId = h.CorrelationId;
            yield return e;
        }
        await Task.CompletedTask;
    }
    await store.BulkInsertEventStreamAsync("*DEFAULT*", headers, Stored(), 10_000, CancellationToken.None);
    var count = history.Count;
    history = null;
    Log($"bulk-inserted {count} events in {watch.Elapsed.TotalSeconds:F1} s");

    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using (var analyze = new NpgsqlCommand($"analyze \"{schema}\".mt_events; analyze \"{schema}\".mt_streams", connection))
        await analyze.ExecuteNonQueryAsync();

    // 2. The ceiling: one client reading every event's data column in sequence order.
    async Task<double> RawRead()
    {
        var w = Stopwatch.StartNew();
        long rows = 0, chars = 0;
        await using var command = new NpgsqlCommand($"select data from \"{schema}\".mt_events order by seq_id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            chars += reader.GetString(0).Length;
            rows++;
        }
        var rate = rows / w.Elapsed.TotalSeconds;
        Log($"raw read: {rows} rows, {chars / 1e6:F0} M chars in {w.Elapsed.TotalSeconds:F1} s = {Rate(rate)} rows/s");
        return rate;
    }
    var ceiling = Math.Max(await RawRead(), await RawRead());

    // 3. Rebuild every asynchronous projection, one after the other as `projections rebuild` does; --at-once starts them
    // together (measured slower here on 2 cores: the three compete for the same CPU and database).
    var projections = store.Options.Projections.All.Where(p => p.Lifecycle == ProjectionLifecycle.Async).Select(p => p.Name).ToList();
    var spans = new List<(string Name, double Seconds)>();
    var sequential = !options.ContainsKey("--at-once");
    var all = Stopwatch.StartNew();
    using (var daemon = await store.BuildProjectionDaemonAsync())
    {
        async Task RebuildOne(string name)
        {
            var w = Stopwatch.StartNew();
            await daemon.RebuildProjectionAsync(name, TimeSpan.FromMinutes(15), CancellationToken.None);
            lock (spans) spans.Add((name, w.Elapsed.TotalSeconds));
            Log($"rebuilt {name} in {w.Elapsed.TotalSeconds:F1} s = {Rate(count / w.Elapsed.TotalSeconds)} events/s");
        }
        if (sequential)
            foreach (var name in projections) await RebuildOne(name);
        else
            await Task.WhenAll(projections.Select(RebuildOne));
    }
    var total = all.Elapsed.TotalSeconds;
    var rebuildRate = count / total;
    Log($"all {projections.Count} async projections ({(sequential ? "one after the other" : "at once")}): {total:F1} s = {Rate(rebuildRate)} events/s, " +
        $"{rebuildRate / ceiling:P1} of the ceiling");

    // 4. What the rebuild built: one chain link per event, one response document per incident, one coverage board.
    async Task<long> Scalar(string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
    string Table<T>() => ((IDocumentStore)store).Options.FindOrResolveDocumentType(typeof(T)).TableName.QualifiedName;
    var links = await Scalar($"select count(*) from {Table<HashChainLink>()}");
    var responses = await Scalar($"select count(*) from {Table<Dispatch.Domain.Analytics.IncidentResponse>()}");
    var incidents = await Scalar($"select count(*) from \"{schema}\".mt_events where type = 'incident_reported.v1'");
    var boards = await Scalar($"select count(*) from {Table<CoverageBoard>()}");
    Log($"built: {links} chain links for {count} events, {responses} response documents for {incidents} incidents, {boards} coverage board(s)");
    var verified = links == count && responses == incidents && boards == 1;
    if (!verified) Log("REBUILD INCOMPLETE: the counts above do not match");

    var rows = new List<string>
    {
        string.Join('\t', $"rebuild: all {projections.Count} async projections ({string.Join(", ", projections)}; {(sequential ? "one after the other" : "at once")}) over {count} events vs one client's raw read of mt_events.data",
            Rate(rebuildRate), Rate(ceiling), "events/s", (rebuildRate / ceiling).ToString("F3", CultureInfo.InvariantCulture), ">= 0.30",
            verified && rebuildRate >= 0.3 * ceiling ? "yes" : "no"),
    };
    rows.AddRange(spans.Select(s => string.Join('\t', $"rebuild: {s.Name}{(sequential ? " alone" : " (alongside the others)")}", Rate(count / s.Seconds), Rate(ceiling), "events/s",
        (count / s.Seconds / ceiling).ToString("F3", CultureInfo.InvariantCulture), "-", "-")));
    var tsv = Path.Combine(outDirectory, "rebuild.tsv");
    File.WriteAllLines(tsv, rows);
    Log($"wrote {tsv}");
    foreach (var row in rows) Console.WriteLine(row);
    return verified ? 0 : 1;
}
finally
{
    if (!options.ContainsKey("--keep"))
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop schema if exists \"{schema}\" cascade", connection);
        await drop.ExecuteNonQueryAsync();
    }
    else Log($"kept schema {schema}");
}

static string FindData()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (Directory.Exists(Path.Combine(dir.FullName, "data", "wuyang"))) return Path.Combine(dir.FullName, "data", "wuyang");
    throw new DirectoryNotFoundException("data/wuyang not found above " + AppContext.BaseDirectory);
}
