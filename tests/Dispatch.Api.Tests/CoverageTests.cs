using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dispatch.Domain.Geo;
using Marten;
using Marten.Events;
using Dispatch.Projections;

namespace Dispatch.Api.Tests;

public class CoverageTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private ApiHost _api = null!;

    public async Task InitializeAsync() => _api = await ApiHost.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private async Task<JsonNode> Coverage(string query = "")
    {
        await _api.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        return await _api.GetJson("/coverage" + query);
    }

    private static HashSet<string> Covered(JsonNode coverage) =>
        coverage["points"]!.AsArray().Where(p => (bool)p!["covered"]!).Select(p => (string)p!["placeId"]!).ToHashSet();

    private static Dictionary<string, double> RoadShares(JsonNode coverage) =>
        coverage["county"]!["roads"]!.AsArray().ToDictionary(r => (string)r!["zone"]!, r => (double)r!["share"]!);

    [Fact]
    public async Task Dispatching_a_unit_uncovers_what_only_it_covered_as_without_predicted_and_clearing_it_restores_coverage()
    {
        var before = await Coverage();
        Assert.True((bool)before["freshness"]!["upToDate"]!);
        Assert.Contains(before["points"]!.AsArray(), p => (string)p!["name"]! == "贾湖广场");
        Assert.True((long)before["freshness"]!["asOfSequence"]! > 0);
        // A unit whose dispatch would leave some point uncovered (the fastest to it, and no other within its target).
        JsonNode? loss = null;
        foreach (var unit in before["units"]!.AsArray().Select(u => (string)u!["unitId"]!))
        {
            loss = (await Coverage($"?without={unit}"))["without"]!;
            if (loss["pointsUncovered"]!.AsArray().Count > 0) break;
        }
        var predicted = await Coverage($"?without={(string)loss!["unitId"]!}");
        Assert.True((bool)loss["available"]!);
        var fastest = (string)loss["unitId"]!;
        var predictedLost = loss["pointsUncovered"]!.AsArray().Select(p => (string)p!["placeId"]!).ToHashSet();
        Assert.NotEmpty(predictedLost);
        // Asking changes nothing: the rest of the answer is the present.
        Assert.Equal(Covered(before), Covered(predicted));
        var spot = before["points"]!.AsArray().First(p => predictedLost.Contains((string)p!["placeId"]!))!;
        Assert.Equal(fastest, (string)spot["fastestUnitId"]!);

        // The dispatcher sends the same unit coverage named fastest to the point.
        var report = await _api.Json(await _api.PostIncident(Incident.At((double)spot["location"]!["lat"]!, (double)spot["location"]!["lon"]!,
            address: (string)spot["name"]!)));
        var decision = report["decisions"]![0]!;
        Assert.Equal(fastest, (string)decision["chosenUnitId"]!);

        var during = await Coverage();
        Assert.True((long)during["freshness"]!["asOfSequence"]! > (long)before["freshness"]!["asOfSequence"]!);
        var row = during["units"]!.AsArray().Single(u => (string)u!["unitId"]! == fastest)!;
        Assert.False((bool)row["available"]!);
        Assert.Equal("assigned", (string)row["status"]!);
        var lost = Covered(before).Except(Covered(during)).ToHashSet();
        Assert.Equal(predictedLost.Order(), lost.Order());
        Assert.Empty(Covered(during).Except(Covered(before)));
        foreach (var change in loss["roads"]!.AsArray())
            Assert.Equal((double)change!["shareAfter"]!, RoadShares(during)[(string)change["zone"]!], 4);
        Assert.All(during["points"]!.AsArray(), p => Assert.NotEqual(fastest, (string?)p!["fastestUnitId"]));

        // Cleared before arriving, it is available where it was: coverage is back.
        var cleared = await _api.Client.PostAsJsonAsync($"/units/{fastest}/status",
            new { status = "cleared", incidentId = (string)report["id"]! });
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        var after = await Coverage();
        Assert.Equal(Covered(before).Order(), Covered(after).Order());
        Assert.Equal(RoadShares(before), RoadShares(after));
        Assert.True((long)after["freshness"]!["asOfSequence"]! > (long)during["freshness"]!["asOfSequence"]!);

        // The board rebuilt from the events is the live one, sequence included.
        await using var session = _api.Store.QuerySession();
        var live = System.Text.Json.JsonSerializer.Serialize(await session.LoadAsync<CoverageBoard>(CoverageBoard.CountyId), DispatchJson.Options);
        using (var daemon = await _api.Store.BuildProjectionDaemonAsync())
            await daemon.RebuildProjectionAsync<CoverageBoardProjection>(CancellationToken.None);
        await using var fresh = _api.Store.QuerySession();
        Assert.Equal(live, System.Text.Json.JsonSerializer.Serialize(await fresh.LoadAsync<CoverageBoard>(CoverageBoard.CountyId), DispatchJson.Options));
    }

    [Fact]
    public async Task Units_out_of_service_do_not_count_and_units_on_break_count_with_a_warning()
    {
        var before = await Coverage();
        var units = before["units"]!.AsArray();
        var first = (string)units[0]!["unitId"]!;
        var second = (string)units[1]!["unitId"]!;
        Assert.Equal(HttpStatusCode.OK, (await _api.Client.PostAsJsonAsync($"/units/{first}/duty", new { status = "out-of-service", reason = "维修" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.Client.PostAsJsonAsync($"/units/{second}/duty", new { status = "on-break" })).StatusCode);

        var after = await Coverage();
        var rows = after["units"]!.AsArray();
        Assert.False((bool)rows.Single(u => (string)u!["unitId"]! == first)!["available"]!);
        Assert.True((bool)rows.Single(u => (string)u!["unitId"]! == second)!["available"]!);
        Assert.All(after["points"]!.AsArray(), p => Assert.NotEqual(first, (string?)p!["fastestUnitId"]));
        Assert.All(after["points"]!.AsArray().Where(p => (string?)p!["fastestUnitId"] == second),
            p => Assert.Equal("fastest unit is on break", (string)p!["warning"]!));
    }

    [Fact]
    public async Task Bad_queries_are_problems()
    {
        var malformed = await _api.Client.GetAsync("/coverage?without=not-a-unit");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType!.MediaType);
        var unknown = await _api.Client.GetAsync($"/coverage?without={Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType!.MediaType);
        foreach (var query in new[] { "minutes=0", "minutes=1,x", "minutes=16", "sources=cars", "area=yes", "minutes=" })
        {
            var response = await _api.Client.GetAsync("/coverage/isochrones?" + query);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{query}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Isochrones_cover_every_staging_point_and_available_unit_with_one_band_per_limit()
    {
        await _api.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var response = await _api.Client.GetAsync("/coverage/isochrones");
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType!.MediaType);
        var collection = await _api.Json(response);
        var features = collection["features"]!.AsArray();
        var units = (await _api.GetJson("/units")).AsArray().Count;
        Assert.Equal((13 + units) * 3, features.Count);
        Assert.Equal(13 * 3, features.Count(f => (string)f!["properties"]!["sourceKind"]! == "staging-point"));
        Assert.All(features, f => Assert.Equal("MultiLineString", (string)f!["geometry"]!["type"]!));
        // Each source's bands grow with the time.
        foreach (var source in features.GroupBy(f => (string)f!["properties"]!["sourceId"]!))
            Assert.Equal(source.OrderBy(f => (int)f!["properties"]!["minutes"]!).Select(f => (double)f!["properties"]!["roadMetres"]!),
                source.Select(f => (double)f!["properties"]!["roadMetres"]!).Order());
    }

    /// <summary>Sum of the line pieces' lengths, read back from the GeoJSON (longitude first).</summary>
    private static double Metres(JsonNode geometry) => geometry["coordinates"]!.AsArray().Sum(line =>
    {
        var points = line!.AsArray().Select(c => new GeoPoint((double)c![1]!, (double)c[0]!)).ToList();
        return points.Zip(points.Skip(1), (a, b) => a.MetresTo(b)).Sum();
    });

    private static bool Touches(JsonNode geometry, GeoPoint point, double withinMetres) => geometry["coordinates"]!.AsArray()
        .SelectMany(line => line!.AsArray()).Any(c => new GeoPoint((double)c![1]!, (double)c[0]!).MetresTo(point) <= withinMetres);

    [Fact]
    public async Task On_a_hand_made_map_the_bands_end_where_the_hand_computed_road_time_runs_out()
    {
        await using var town = await ApiHost.StartAsync(RiverTown.Write());
        await town.Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var collection = await town.Json(await town.Client.GetAsync("/coverage/isochrones?sources=units&minutes=1,3&area=true"));
        Assert.Equal("FeatureCollection", (string)collection["type"]!);
        Assert.False((bool)collection["peak"]!);
        var upRoad = collection["features"]!.AsArray()
            .Where(f => (string)f!["properties"]!["callSign"]! == "北端1" && (string)f["properties"]!["kind"]! == "isochrone-roads")
            .ToDictionary(f => (int)f!["properties"]!["seconds"]!, f => f!);
        Assert.Equal(RiverTown.UpRoadUnit.ToString(), (string)upRoad[60]["properties"]!["sourceId"]!);

        // 36 km/h is 10 m/s. In 60 s 北端1 drives 600 m down the side road: to 400 m north of the bank road, not to it.
        var minute = upRoad[60]["geometry"]!;
        Assert.Equal(600, (double)upRoad[60]["properties"]!["roadMetres"]!, 1.5);
        Assert.Equal(600, Metres(minute), 1.5);
        Assert.True(Touches(minute, RiverTown.P(0, 400), 2));
        Assert.False(Touches(minute, RiverTown.P(0, 150), 200));
        // In 180 s: the side road (850 m, 85 s), then 95 s east along the bank road: 950 m, cut inside its first 1 km segment.
        var three = upRoad[180]["geometry"]!;
        Assert.Equal(1800, Metres(three), 2);
        Assert.True(Touches(three, RiverTown.P(950, 150), 2));
        Assert.False(Touches(three, RiverTown.P(1000, 150), 20));
        // The area feature says what it is: the roads buffered.
        var area = collection["features"]!.AsArray().First(f => (string)f!["properties"]!["kind"]! == "isochrone-area")!;
        Assert.Equal("Polygon", (string)area["geometry"]!["type"]!);
        Assert.Equal(25, (double)area["properties"]!["bufferMetres"]!);

        // At peak hours (Wednesday 08:05 local) every road is at half speed: 300 m in the first minute.
        town.Clock.Reset(NodaTime.Instant.FromUtc(2026, 12, 2, 0, 5));
        var peak = await town.Json(await town.Client.GetAsync("/coverage/isochrones?sources=units&minutes=1"));
        var slow = peak["features"]!.AsArray().Single(f => (string)f!["properties"]!["callSign"]! == "北端1")!;
        Assert.True((bool)slow["properties"]!["peak"]!);
        Assert.Equal(0.5, (double)slow["properties"]!["speedFactor"]!);
        Assert.Equal(300, Metres(slow["geometry"]!), 1.5);
    }

    [Fact]
    public async Task The_OpenAPI_document_shows_a_computed_coverage_example_and_the_query_parameters()
    {
        var document = await _api.GetJson("/openapi/v1.json");
        var get = document["paths"]!["/coverage"]!["get"]!;
        var example = get["responses"]!["200"]!["content"]!["application/json"]!["example"]!;
        Assert.Equal(2, example["county"]!["roads"]!.AsArray().Count);
        Assert.NotEmpty(example["without"]!["roads"]!.AsArray());
        Assert.Contains(get["parameters"]!.AsArray(), p => (string)p!["name"]! == "without");
        var isochrones = document["paths"]!["/coverage/isochrones"]!["get"]!;
        Assert.Equal(["area", "minutes", "sources"], isochrones["parameters"]!.AsArray().Select(p => (string)p!["name"]!).Order());
    }

    [Fact]
    public async Task Round_trip_time_of_GET_coverage_on_the_Wuyang_data_is_reported_not_asserted()
    {
        await Coverage();
        const int rounds = 30;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < rounds; i++) await _api.GetJson("/coverage");
        var plain = watch.Elapsed.TotalMilliseconds / rounds;
        var unit = (string)(await _api.GetJson("/units")).AsArray()[0]!["id"]!;
        watch.Restart();
        for (var i = 0; i < rounds; i++) await _api.GetJson($"/coverage?without={unit}");
        var without = watch.Elapsed.TotalMilliseconds / rounds;
        output.WriteLine($"GET /coverage {plain:F1} ms, with without= {without:F1} ms (mean of {rounds}, loopback, shared PostgreSQL)");
        Assert.True(plain > 0);
    }
}
