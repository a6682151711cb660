using System.Net;
using System.Net.Http.Json;

namespace Dispatch.Api.Tests;

public class RoadTimeDispatchTests : IAsyncLifetime
{
    private ApiHost _api = null!;

    public async Task InitializeAsync() => _api = await ApiHost.StartAsync(RiverTown.Write());

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task The_nearest_unit_by_road_wins_over_the_one_nearer_in_a_straight_line_then_the_busy_one_is_skipped()
    {
        var spot = RiverTown.IncidentSpot;

        var first = await _api.Json(await _api.PostIncident(Incident.At(spot.Lat, spot.Lon)));
        var decision = first["decisions"]![0]!;
        Assert.Equal("北端1", (string)decision["chosenCallSign"]!);
        var candidates = decision["candidates"]!.AsArray();
        Assert.Equal(["北端1", "对岸1"], candidates.Select(c => (string)c!["callSign"]!));
        // 对岸1 is nearer as the crow flies and four times farther by road.
        Assert.True((double)candidates[1]!["straightLineMetres"]! < (double)candidates[0]!["straightLineMetres"]!);
        Assert.True((double)candidates[1]!["roadMetres"]! > 4 * (double)candidates[0]!["roadMetres"]!);

        // A second incident at the same spot: 北端1 is busy, so 对岸1 goes, over the bridge, breaching the target.
        var second = await _api.Json(await _api.PostIncident(Incident.At(spot.Lat, spot.Lon, description: "第二起")));
        var next = second["decisions"]![0]!;
        Assert.Equal("对岸1", (string)next["chosenCallSign"]!);
        Assert.False((bool)next["withinTarget"]!);
        Assert.Contains("TARGET BREACHED", (string)next["explanation"]!);
        var excluded = Assert.Single(next["excluded"]!.AsArray())!;
        Assert.Equal("北端1", (string)excluded["callSign"]!);
        Assert.Equal("busy", (string)excluded["reason"]!);
        Assert.Contains((string)first["id"]!, (string)excluded["detail"]!);

        // A third: nobody is free. The incident waits, and the decision says why for each unit.
        var third = await _api.PostIncident(Incident.At(spot.Lat, spot.Lon, description: "第三起"));
        Assert.Equal(HttpStatusCode.Created, third.StatusCode);
        var waiting = await _api.Json(third);
        Assert.Equal("awaiting-unit", (string)waiting["status"]!);
        Assert.Null(waiting["decisions"]![0]!["chosenUnitId"]);
        Assert.Equal(2, waiting["decisions"]![0]!["excluded"]!.AsArray().Count);

        var board = await _api.GetJson("/units");
        Assert.All(board.AsArray(), u => Assert.Equal("assigned", (string)u!["status"]!));
    }

    [Fact]
    public async Task At_peak_hours_every_road_is_slower_by_the_configured_factor()
    {
        var spot = RiverTown.IncidentSpot;
        var offPeak = (await _api.Json(await _api.PostIncident(Incident.At(spot.Lat, spot.Lon))))["decisions"]![0]!;
        await _api.Client.PostAsJsonAsync($"/units/{offPeak["chosenUnitId"]}/status", new { status = "cleared", incidentId = (string)offPeak["inputs"]!["incidentId"]! });

        _api.Clock.Reset(NodaTime.Instant.FromUtc(2026, 12, 2, 0, 5)); // Wednesday 08:05 in Wuyang
        var peak = (await _api.Json(await _api.PostIncident(Incident.At(spot.Lat, spot.Lon))))["decisions"]![0]!;

        Assert.Equal((string)offPeak["chosenCallSign"]!, (string)peak["chosenCallSign"]!);
        Assert.True((bool)peak["inputs"]!["peakHour"]!);
        Assert.Equal(0.5, (double)peak["inputs"]!["speedFactor"]!);
        Assert.False((bool)offPeak["inputs"]!["peakHour"]!);
        // Road time doubles; the few metres on foot from the road do not change.
        Assert.InRange((double)peak["etaSeconds"]! / (double)offPeak["etaSeconds"]!, 1.9, 2.0);
    }
}
