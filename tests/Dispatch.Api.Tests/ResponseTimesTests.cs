using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dispatch.Domain.Analytics;
using Dispatch.Projections;
using JasperFx.Events.Daemon;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Dispatch.Api.Tests;

/// <summary>
/// River town (one central-city zone, 180 s target; 北端1 nearest the spot, 对岸1 across the river): five incidents
/// scripted through the lifecycle with a fake clock, the view checked against figures computed by hand, then the
/// projection rebuilt from the events and the documents and figures compared.
/// </summary>
public class ResponseTimesTests : IAsyncLifetime
{
    private ApiHost _api = null!;
    private static readonly Instant T0 = ApiHost.OffPeak; // 2026-12-02 14:00 local, day shift
    private const string Range = "from=2026-12-02&to=2026-12-03";

    public async Task InitializeAsync() => _api = await ApiHost.StartAsync(RiverTown.Write());

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private async Task<(string Incident, string Unit)> Report(Instant at)
    {
        _api.Clock.Reset(at);
        var spot = RiverTown.IncidentSpot;
        var id = (string)(await _api.Json(await _api.PostIncident(Incident.At(spot.Lat, spot.Lon))))["id"]!;
        // The dispatch must be recorded before the clock moves on, or its time would depend on the machine's speed.
        var details = await _api.WaitFor($"/incidents/{id}", d => d["responders"]!.AsArray().Count > 0);
        return (id, (string)details["responders"]![0]!["unitId"]!);
    }

    private async Task Status((string Incident, string Unit) response, string status, Instant at)
    {
        _api.Clock.Reset(at);
        var answer = await _api.Client.PostAsJsonAsync($"/units/{response.Unit}/status", new { status, incidentId = response.Incident });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    private static Instant At(Instant from, int seconds) => from + Duration.FromSeconds(seconds);

    private async Task<Instant> Script()
    {
        // A: 签收 20 s, en route 40 s, on scene 160 s, cleared 1500 s after the report (normal duty).
        var a = await Report(T0);
        await Status(a, "acknowledged", At(T0, 20));
        await Status(a, "en-route", At(T0, 40));
        await Status(a, "on-scene", At(T0, 160));
        await Status(a, "cleared", At(T0, 1500));
        // B an hour later: 45, 75, 275, 2400.
        var tb = At(T0, 3600);
        var b = await Report(tb);
        await Status(b, "acknowledged", At(tb, 45));
        await Status(b, "en-route", At(tb, 75));
        await Status(b, "on-scene", At(tb, 275));
        await Status(b, "cleared", At(tb, 2400));
        // Level 2 from T0 + 2 h; C is left en route (open), so D gets the unit across the river.
        var tc = At(T0, 7200);
        _api.Clock.Reset(tc);
        var level = await _api.Client.PostAsJsonAsync("/duty-level", new { level = "level-2", issuer = "巡特警大队", reason = "夜间安保" });
        Assert.Equal(HttpStatusCode.Created, level.StatusCode);
        var c = await Report(tc);
        await Status(c, "acknowledged", At(tc, 130));
        await Status(c, "en-route", At(tc, 200));
        var td = At(tc, 200);
        var d = await Report(td);
        Assert.Equal(RiverTown.AcrossUnit.ToString(), d.Unit);
        await Status(d, "acknowledged", At(td, 10));
        await Status(d, "en-route", At(td, 30));
        await Status(d, "on-scene", At(td, 630));
        await Status(d, "cleared", At(td, 1800));
        // E at 01:00 local on 3 December: the night shift that started on the 2nd.
        var te = At(T0, 11 * 3600);
        var e = await Report(te);
        await Status(e, "acknowledged", At(te, 5));
        await Status(e, "en-route", At(te, 10));
        await Status(e, "on-scene", At(te, 100));
        await Status(e, "cleared", At(te, 700));
        var now = At(te, 800);
        _api.Clock.Reset(now);
        await _api.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        return now;
    }

    private static (int, double?, double?, double?) Figures(JsonNode group, string phase)
    {
        var p = group["phases"]![phase]!;
        return ((int)p["count"]!, (double?)p["p50"], (double?)p["p90"], (double?)p["p99"]);
    }

    private static int[] Counts(JsonNode group, string table) =>
        group["buckets"]![table]!.AsArray().Select(b => (int)b!["count"]!).ToArray();

    private static JsonNode Group(JsonNode report, string key) =>
        report["groups"]!.AsArray().Single(g => (string)g!["key"]! == key)!;

    [Fact]
    public async Task The_views_match_figures_computed_by_hand_and_a_rebuild_gives_identical_documents_and_figures()
    {
        var now = await Script();

        var byZone = await _api.GetJson($"/analytics/response-times?by=zone&{Range}");
        var all = byZone["all"]!;
        Assert.Equal(5, (int)all["responses"]!);
        // Dispatch is recorded at the report's instant (the clock stands still meanwhile): call processing 0.
        Assert.Equal((5, 0.0, 0.0, 0.0), Figures(all, "callProcessing"));
        // 签收 5, 10, 20, 45, 130: P50 rank ⌈2.5⌉ = 3 -> 20; P90 rank ⌈4.5⌉ = 5 -> 130.
        Assert.Equal((5, 20.0, 130.0, 130.0), Figures(all, "acknowledgement"));
        Assert.Equal((5, 40.0, 200.0, 200.0), Figures(all, "turnout"));      // 10, 30, 40, 75, 200
        Assert.Equal((4, 120.0, 600.0, 600.0), Figures(all, "travel"));      // 90, 120, 200, 600
        Assert.Equal((4, 160.0, 630.0, 630.0), Figures(all, "totalResponse")); // 100, 160, 275, 630
        Assert.Equal((4, 1170.0, 2125.0, 2125.0), Figures(all, "onScene"));  // 600, 1170, 1340, 2125
        Assert.Equal((4, 1500.0, 2400.0, 2400.0), Figures(all, "toClear"));  // 700, 1500, 1800, 2400
        // Within 180 s: 100 and 160 of the four arrivals.
        Assert.Equal((4, 2, 0.5), ((int)all["target"]!["arrived"]!, (int)all["target"]!["withinTarget"]!, (double)all["target"]!["share"]!));
        Assert.Equal([3, 1, 0, 1, 0], Counts(all, "acknowledgement"));
        Assert.Equal([5, 0, 0, 0, 0], Counts(all, "turnout"));
        Assert.Equal([3, 0, 1, 0, 0], Counts(all, "arrival"));
        var central = Group(byZone, "central-city");
        Assert.Equal((5, 180), ((int)central["responses"]!, (int)central["targetSeconds"]!));

        var byLevel = await _api.GetJson($"/analytics/response-times?by=duty-level&{Range}");
        Assert.Equal((2, 160.0, 275.0, 275.0), Figures(Group(byLevel, "normal"), "totalResponse"));
        Assert.Equal(3, (int)Group(byLevel, "level-2")["responses"]!);
        Assert.Equal((2, 100.0, 630.0, 630.0), Figures(Group(byLevel, "level-2"), "totalResponse"));

        var byShift = await _api.GetJson($"/analytics/response-times?by=shift&{Range}");
        Assert.Equal((4, 1), ((int)Group(byShift, "day")["responses"]!, (int)Group(byShift, "night")["responses"]!));
        var byDay = await _api.GetJson($"/analytics/response-times?by=day&{Range}");
        Assert.Equal(5, (int)Assert.Single(byDay["groups"]!.AsArray())!["responses"]!);
        Assert.Equal("2026-12-02", (string)byDay["groups"]![0]!["key"]!);

        var byUnit = await _api.GetJson($"/analytics/response-times?by=unit&{Range}");
        Assert.Equal((3, 2), ((int)Group(byUnit, "北端1")["responses"]!, (int)Group(byUnit, "对岸1")["responses"]!));
        Assert.Equal(["对岸1", "北端1"], byUnit["slowestUnits"]!.AsArray().Select(u => (string)u!["callSign"]!));
        Assert.Equal(630.0, (double)byUnit["slowestUnits"]![0]!["p90TotalResponseSeconds"]!);

        var byGrid = await _api.GetJson($"/analytics/response-times?by=grid&{Range}");
        Assert.Equal("none", (string)Assert.Single(byGrid["groups"]!.AsArray())!["key"]!); // river town's units have no grid

        // C is still en route; its age runs from its report to the injected clock's now.
        var open = Assert.Single(byZone["openIncidents"]!.AsArray())!;
        Assert.Equal(("en-route", (now - At(T0, 7200)).TotalSeconds), ((string)open["stage"]!, (double)open["ageSeconds"]!));

        // Only the first day: E (reported 01:00 on the 3rd) is out, though by=day counts it to the 2nd.
        var firstDay = await _api.GetJson("/analytics/response-times?from=2026-12-02&to=2026-12-02");
        Assert.Equal(4, (int)firstDay["all"]!["responses"]!);

        // Rebuild from the events alone: identical documents, identical figures.
        var documentsBefore = await Documents();
        var reportsBefore = await Reports();
        var daemon = _api.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        await daemon.RebuildProjectionAsync<IncidentResponseProjection>(TimeSpan.FromSeconds(30), CancellationToken.None);
        await _api.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(5, documentsBefore.Count);
        Assert.Equal(documentsBefore, await Documents());
        Assert.Equal(reportsBefore, await Reports());
    }

    private async Task<List<string>> Documents()
    {
        await using var session = _api.Store.QuerySession();
        var documents = await session.Query<IncidentResponse>().ToListAsync();
        return documents.OrderBy(d => d.Id).Select(d => JsonSerializer.Serialize(d, DispatchJson.Options)).ToList();
    }

    private async Task<List<string>> Reports()
    {
        var reports = new List<string>();
        foreach (var by in new[] { "grid", "zone", "type", "unit", "duty-level", "shift", "day" })
            reports.Add((await _api.GetJson($"/analytics/response-times?by={by}&{Range}")).ToJsonString());
        return reports;
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_parameters_and_shows_an_example_answer()
    {
        var operation = (await _api.GetJson("/openapi/v1.json"))["paths"]!["/analytics/response-times"]!["get"]!;
        Assert.All(operation["parameters"]!.AsArray(), p => Assert.False(string.IsNullOrEmpty((string?)p!["description"])));
        var example = operation["responses"]!["200"]!["content"]!["application/json"]!["example"]!;
        Assert.Equal("nearest-rank", (string)example["percentileMethod"]!);
        Assert.Equal(2, (int)example["all"]!["responses"]!);
        Assert.Single(example["openIncidents"]!.AsArray());
    }

    [Theory]
    [InlineData("by=region", "by")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-01", "to")]
    [InlineData("from=2026-12-03&to=2026-12-02", "to")]
    [InlineData("from=2024-01-01&to=2026-12-02", "to")]
    [InlineData("from=0001-01-01", "from")]
    [InlineData("from=2026-12-02T06:00:00", "from")]
    public async Task Bad_parameters_answer_400_naming_the_field(string query, string field)
    {
        var response = await _api.Client.GetAsync($"/analytics/response-times?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull((await _api.Json(response))["errors"]![field]);
    }
}
