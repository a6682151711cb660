using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Dispatch.Domain.Incidents;
using Marten;
using Xunit.Abstractions;

namespace Dispatch.Api.Tests;

public class HostileCorpusTests(ITestOutputHelper output) : IAsyncLifetime
{
    private ApiHost _api = null!;

    public async Task InitializeAsync() => _api = await ApiHost.StartAsync(RiverTown.Write());

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Thousands_of_hostile_requests_to_every_write_endpoint_get_no_5xx_and_write_only_what_they_answer()
    {
        // Something real to aim at: an incident with a unit on it.
        var spot = RiverTown.IncidentSpot;
        var incident = await _api.Json(await _api.PostIncident(Incident.At(spot.Lat, spot.Lon)));
        var id = (string)incident["id"]!;
        var unit = (string)incident["decisions"]![0]!["chosenUnitId"]!;
        JsonObject Location() => new() { ["lat"] = spot.Lat, ["lon"] = spot.Lon, ["datum"] = "WGS-84" };

        var endpoints = new Dictionary<string, (string, JsonObject)>
        {
            ["report"] = ("/incidents", new JsonObject
            {
                ["type"] = "disturbance", ["priority"] = 2, ["location"] = Location(), ["address"] = "贾湖广场",
                ["description"] = "有人打架", ["unitsRequested"] = 1,
                ["caller"] = new JsonObject { ["name"] = "李秀英", ["phone"] = "13803954417" },
            }),
            ["status"] = ($"/units/{unit}/status", new JsonObject { ["status"] = "en-route", ["incidentId"] = id, ["expectedVersion"] = 2 }),
            ["duty"] = ($"/units/{RiverTown.AcrossUnit}/duty", new JsonObject { ["status"] = "on-patrol", ["reason"] = "巡逻" }),
            ["position"] = ($"/units/{RiverTown.AcrossUnit}/position", Location()),
            ["assign"] = ($"/incidents/{id}/assignments", new JsonObject { ["unitId"] = unit, ["override"] = false, ["reason"] = "就近" }),
            ["cancel"] = ($"/incidents/{id}/units/{unit}/cancel", new JsonObject { ["reason"] = "取消" }),
            ["close"] = ($"/incidents/{id}/close", new JsonObject { ["reason"] = "处置完毕" }),
            ["reopen"] = ($"/incidents/{id}/reopen", new JsonObject { ["reason"] = "再次报警" }),
        };
        var corpus = HostileCorpus.Build(endpoints, seed: 20261203);
        Assert.True(corpus.Count >= 2000, $"corpus has {corpus.Count} requests");

        var failures = new List<string>();
        var created = 0;
        var counts = new Dictionary<int, int>();
        using var gate = new SemaphoreSlim(8);
        var results = await Task.WhenAll(corpus.Select(async request =>
        {
            await gate.WaitAsync();
            try
            {
                var content = new ByteArrayContent(request.Body);
                if (request.ContentType is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);
                var response = await _api.Client.PostAsync(request.Path, content);
                var type = response.Content.Headers.ContentType?.MediaType;
                return (request, status: (int)response.StatusCode, type);
            }
            finally { gate.Release(); }
        }));

        foreach (var (request, status, type) in results)
        {
            counts[status] = counts.GetValueOrDefault(status) + 1;
            if (status >= 500) failures.Add($"{status} {request.Endpoint} {request.What}");
            // Kestrel itself refuses a NUL in the request target before any of our code runs: a bare 400.
            else if (status >= 400 && status != 404 && type != "application/problem+json" && !request.Path.Contains("%00"))
                failures.Add($"{status} without problem details: {request.Endpoint} {request.What} ({type})");
            if (request.Endpoint == "report" && status is 201 or 202) created++;
        }
        output.WriteLine($"{corpus.Count} requests: " + string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Value}x{c.Key}")));
        Assert.Empty(failures);

        // Nothing half-written: the store holds exactly the incidents the API said it created (plus the first).
        await using var session = _api.Store.QuerySession();
        Assert.Equal(created + 1, await session.Query<IncidentState>().CountAsync());
    }

    [Fact]
    public async Task Hostile_requests_to_the_duty_patrol_roll_call_and_inspection_endpoints_get_no_5xx_and_write_only_what_they_answer()
    {
        await using var api = await ApiHost.StartAsync();
        var grid7Car = "01a22ee6-b000-7000-8000-000000000007";
        var rollCall = await api.Json(await api.Client.PostAsync("/roll-calls", JsonContent("{}")));
        var drawn = await api.Json(await api.Client.PostAsync("/inspections", JsonContent("{\"units\":17,\"points\":19,\"seed\":1}")));
        Assert.NotNull(drawn["units"]);
        JsonObject Position() => new() { ["lat"] = 33.4456646, ["lon"] = 113.6189944, ["datum"] = "WGS-84" };

        var endpoints = new Dictionary<string, (string, JsonObject)>
        {
            ["check-ins"] = ("/check-ins", new JsonObject
            {
                ["items"] = new JsonArray(new JsonObject
                {
                    ["clientId"] = "pad-7/1", ["unitId"] = grid7Car, ["pointId"] = "jiahu-square",
                    ["deviceTime"] = "2026-12-02T13:55:00+08:00", ["position"] = Position(),
                }),
            }),
            ["duty-level"] = ("/duty-level", new JsonObject
            {
                ["level"] = "level-2", ["issuer"] = "巡特警大队", ["reason"] = "安保", ["effectiveAt"] = "2026-12-02T15:00:00+08:00",
            }),
            ["peak-designation"] = ("/duty-level/peak-designations", new JsonObject { ["from"] = "2026-12-05", ["to"] = "2026-12-06", ["reason"] = "安保" }),
            ["crew"] = ($"/units/{grid7Car}/crew", new JsonObject { ["officers"] = new JsonArray("WY0049", "WY0050", "WY0051"), ["reason"] = "增援" }),
            ["roll-call"] = ("/roll-calls", new JsonObject { ["note"] = "点名" }),
            ["answer"] = ($"/roll-calls/{(string)rollCall["id"]!}/answers", new JsonObject { ["unitId"] = grid7Car, ["position"] = Position() }),
            ["spot-check"] = ("/inspections", new JsonObject { ["date"] = "2026-12-03", ["units"] = 3, ["points"] = 3, ["seed"] = 7 }),
            ["finding"] = ("/inspections/2026-12-02/findings", new JsonObject { ["subject"] = "网格7-1", ["severity"] = "minor", ["text"] = "未开警灯" }),
        };
        var corpus = HostileCorpus.Build(endpoints, seed: 20261204);

        var failures = new List<string>();
        var counts = new Dictionary<int, int>();
        var storedCheckIns = 0;
        var levelChanges = 0;
        using var gate = new SemaphoreSlim(8);
        var results = await Task.WhenAll(corpus.Select(async request =>
        {
            await gate.WaitAsync();
            try
            {
                var content = new ByteArrayContent(request.Body);
                if (request.ContentType is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);
                var response = await api.Client.PostAsync(request.Path, content);
                var body = await response.Content.ReadAsStringAsync();
                return (request, status: (int)response.StatusCode, type: response.Content.Headers.ContentType?.MediaType, body);
            }
            finally { gate.Release(); }
        }));
        foreach (var (request, status, type, body) in results)
        {
            counts[status] = counts.GetValueOrDefault(status) + 1;
            if (status >= 500) failures.Add($"{status} {request.Endpoint} {request.What}");
            else if (status >= 400 && status != 404 && type != "application/problem+json" && !request.Path.Contains("%00"))
                failures.Add($"{status} without problem details: {request.Endpoint} {request.What} ({type})");
            if (request.Endpoint == "check-ins" && status == 200) storedCheckIns += (int)JsonNode.Parse(body)!["stored"]!;
            if (request.Endpoint == "duty-level" && status == 201) levelChanges++;
        }
        output.WriteLine($"{corpus.Count} requests: " + string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Value}x{c.Key}")));
        Assert.Empty(failures);

        // Nothing half-written: the store holds exactly the check-ins and level changes the API said it stored.
        await using var session = api.Store.QuerySession();
        var events = await session.Events.QueryAllRawEvents().ToListAsync();
        Assert.Equal(storedCheckIns, events.Count(e => e.Data is Dispatch.Domain.Patrol.PatrolPointVisited));
        Assert.Equal(levelChanges + 1, events.Count(e => e.Data is Dispatch.Domain.Duty.DutyLevelChanged));
    }

    private static ByteArrayContent JsonContent(string json)
    {
        var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(json));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        return content;
    }
}
