using System.Diagnostics;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dispatch.Domain.Incidents;
using Dispatch.Domain.Units;
using Dispatch.Projections;
using Marten;
using Xunit.Abstractions;

namespace Dispatch.Api.Tests;

/// <summary>
/// Two real API processes (the built Dispatch.Api, Balanced durability) on one database with the 13
/// grid cars. Hundreds of reports and status changes go to both at once; then the event store alone
/// must show no unit ever on two incidents, and every incident dispatched, queued ones included.
/// </summary>
public class TwoProcessDispatchTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Incidents = 200;
    private readonly List<ApiProcess> _processes = [];
    private readonly ConcurrentQueue<string> _logs = new();
    private string _schema = "";

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        foreach (var p in _processes) p.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The Wuyang data with only the 13 grid cars in service.</summary>
    private static string GridCarsOnly()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "data", "wuyang");
        var target = Directory.CreateTempSubdirectory("wuyang-13-").FullName;
        foreach (var file in Directory.GetFiles(source)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        var units = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "units.json")))!;
        var cars = units["units"]!.AsArray().Where(u => u!["grid"] is not null).Select(u => u!.DeepClone()).ToArray();
        File.WriteAllText(Path.Combine(target, "units.json"), new JsonObject { ["units"] = new JsonArray(cars) }.ToJsonString());
        // The special police officers lose their units: they stay on the roster, off the street.
        var roster = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "roster.json")))!;
        foreach (var officer in roster["officers"]!.AsArray().Where(o => (string)o!["force"]! == "special-patrol")) officer!["unit"] = null;
        File.WriteAllText(Path.Combine(target, "roster.json"), roster.ToJsonString());
        return target;
    }

    private async Task<HttpClient> StartProcess(string dataDirectory, string connection, string name)
    {
        var api = await ApiProcess.StartAsync(connection, _schema, new Dictionary<string, string>
        {
            ["Dispatch__Durability"] = "Balanced",
            ["Reference__DataDirectory"] = dataDirectory,
        }, name, _logs);
        _processes.Add(api);
        return api.Client;
    }

    [Fact]
    public async Task Hundreds_of_reports_and_status_changes_through_two_processes_never_put_a_unit_on_two_incidents()
    {
        var connection = await TestDatabase.ConnectionStringAsync();
        _schema = "t2_" + Guid.NewGuid().ToString("N")[..10];
        var data = GridCarsOnly();

        // The first process creates the schema and commissions the roster; the second joins it.
        var a = await StartProcess(data, connection, "A");
        var b = await StartProcess(data, connection, "B");
        HttpClient Either(int i) => i % 2 == 0 ? a : b;

        var spots = new[] { (33.4456646, 113.6189944), (33.4380000, 113.6017705), (33.4335636, 113.6049139), (33.4488206, 113.5953116) };
        var statuses = new ConcurrentBag<HttpStatusCode>();
        var ids = new ConcurrentBag<Guid>();
        var clock = Stopwatch.StartNew();

        // Each worker reports incidents and walks whatever its incident was given through to cleared,
        // through both processes; cleared units feed the queue.
        using var gate = new SemaphoreSlim(24);
        var reporting = Task.WhenAll(Enumerable.Range(0, Incidents).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var (lat, lon) = spots[i % spots.Length];
                var response = await Either(i).PostAsJsonAsync("/incidents", new
                {
                    type = "disturbance", priority = 1 + i % 4, location = new { lat, lon, datum = "WGS-84" }, description = $"并发{i}",
                });
                statuses.Add(response.StatusCode);
                var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                ids.Add(Guid.Parse((string)body["id"]!));
            }
            finally { gate.Release(); }
        }));

        // Meanwhile, and after, drive every assignment to cleared until every incident has been served.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        var round = 0;
        while (DateTime.UtcNow < deadline)
        {
            var board = JsonNode.Parse(await (await a.GetAsync("/units")).Content.ReadAsStringAsync())!.AsArray();
            var busy = board.Where(u => u!["currentIncidentId"] is not null).ToList();
            await Task.WhenAll(busy.Select(async (u, k) =>
            {
                var unit = (string)u!["id"]!;
                var incident = (string)u["currentIncidentId"]!;
                foreach (var status in new[] { "en-route", "on-scene", "cleared" })
                    statuses.Add((await Either(k + round).PostAsJsonAsync($"/units/{unit}/status", new { status, incidentId = incident })).StatusCode);
            }));
            round++;
            await using var check = (await StoreFor(connection)).QuerySession();
            var waiting = await check.Query<IncidentState>().Where(x => x.IsWaiting).CountAsync();
            if (reporting.IsCompleted && busy.Count == 0 && waiting == 0) break;
            await Task.Delay(200);
        }
        await reporting;
        output.WriteLine($"{Incidents} incidents, {statuses.Count} requests, {round} clearing rounds, {clock.Elapsed.TotalSeconds:F1} s");

        Assert.DoesNotContain(statuses, s => (int)s >= 500);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Created or HttpStatusCode.Accepted or HttpStatusCode.OK or HttpStatusCode.Conflict, $"{s}"));

        // From the event store alone.
        await using var store = await StoreFor(connection);
        await using var session = store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).ToListAsync();

        var open = new Dictionary<Guid, Guid>();
        foreach (var e in events)
        {
            switch (e.Data)
            {
                case UnitAssigned assigned:
                    Assert.False(open.ContainsKey(assigned.UnitId), $"unit {assigned.UnitId} assigned to {assigned.IncidentId} while on {open.GetValueOrDefault(assigned.UnitId)}");
                    open[assigned.UnitId] = assigned.IncidentId;
                    break;
                case UnitCleared cleared:
                    Assert.Equal(open[cleared.UnitId], cleared.IncidentId);
                    open.Remove(cleared.UnitId);
                    break;
                case UnitReleased released:
                    open.Remove(released.UnitId);
                    break;
            }
        }

        var byIncident = events.Where(e => e.Data is IncidentReported or UnitDispatched or NoUnitAvailable)
            .GroupBy(e => e.StreamId).ToDictionary(g => g.Key, g => g.Select(x => x.Data).ToList());
        Assert.Equal(Incidents, byIncident.Count);
        var queued = byIncident.Values.Count(v => v.OfType<NoUnitAvailable>().Any());
        Assert.All(byIncident.Values, v => Assert.Single(v.OfType<UnitDispatched>()));
        var lostRaces = _logs.Count(l => l.Contains("taken meanwhile"));
        output.WriteLine($"queued first: {queued}; dispatch races lost and retried: {lostRaces}; events: {events.Count}");
        Assert.True(queued > 0, "with 13 units and 200 incidents some must have waited in the queue");
    }

    private async Task<DocumentStore> StoreFor(string connection)
    {
        await Task.CompletedTask;
        return DocumentStore.For(o => o.ConfigureDispatchStore(connection, _schema));
    }
}
